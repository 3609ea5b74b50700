package dev.cardseal.tests

import dev.cardseal.*
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

/**
 * Paytend through the binding: absent payloads, unencrypted payloads (`encrypt = false`),
 * URL-encoded randomKeys and error responses (docs/providers/paytend.md).
 */
class PaytendTest {
    private val partner = "888666000100201"
    private val rid = partner + "20231106120000000"
    private val now = 1_699_243_200_000L

    /** Runs `f` with a merchant and its mirror (sandbox keys, fixed seed and clock). */
    private fun pair(f: (Paytend, PaytendProvider) -> Unit) =
        Paytend(partner, Keys.merchant1024, Keys.pub(Keys.provider1024), "kotlin paytend".toByteArray(), now).use { m ->
            m.provider(Keys.provider1024).use { p -> f(m, p) }
        }

    @Test
    fun absentPayloadsHaveNoRandomKey(): Unit = pair { m, p ->
        val bodies = mutableSetOf<String>()
        for (biz in listOf("", " \n", "null")) {
            for (encrypt in listOf(true, false)) {
                val s = m.sealRequest(biz, null, encrypt)
                assertEquals("partnerId=$partner&requestId=$rid&signType=RSA&version=2.0", traceValue(s.trace, "string_to_sign"))
                assertTrue(s.body.startsWith("""{"requestId":"$rid","partnerId":"$partner","signType":"RSA","signature":""""), s.body)
                assertEquals("null", p.openRequest(s.body))
                bodies.add(s.body)
            }
        }
        assertEquals(1, bodies.size)
        val r = p.sealResponse("null")
        assertTrue(r.body.startsWith("""{"respCode":"00","respMsg":"success","signType":"RSA","signature":""""), r.body)
        assertEquals("null", m.openResponse(r.body))
        val n = p.sealNotificationOfType("3", "")
        assertTrue(n.body.startsWith("""{"notifyType":"3","partnerId":"$partner","signature":""""), n.body)
        assertEquals("null", m.openNotification(n.body))
        assertFailsWith<CardsealException.InvalidInput> { m.sealRequest("[1]") }
    }

    @Test
    fun unencryptedPayloadsAreTheJsonObjectSignedAsCompactText(): Unit = pair { m, p ->
        val given = "{ \"cardId\": \"1755902\", \"amount\": 5000.00, \"name\": \"张三\", \"u\": \"a\\/b\" }"
        val compact = """{"cardId":"1755902","amount":5000.00,"name":"张三","u":"a\/b"}"""
        val s = m.sealRequest(given, rid, encrypt = false)
        assertTrue(s.body.startsWith("""{"bizData":$compact,"requestId":"$rid","partnerId":"$partner","signType":"RSA""""), s.body)
        assertFalse(s.body.contains("randomKey"))
        assertEquals("bizData=$compact&partnerId=$partner&requestId=$rid&signType=RSA&version=2.0", traceValue(s.trace, "string_to_sign"))
        assertEquals(compact, p.openRequest(s.body))

        val r = p.sealResponse(given, encrypt = false)
        assertTrue(r.body.startsWith("""{"respCode":"00","respMsg":"success","respData":$compact,"signType":"RSA""""), r.body)
        assertEquals(compact, m.openResponse(r.body))
        val pretty = r.body.replace(",\"", ",\n  \"").replace("\":", "\": ")
        assertTrue(pretty != r.body)
        assertEquals(compact, m.openResponse(pretty))
        assertFailsWith<CardsealException.SignatureMismatch> { m.openResponse(r.body.replace("5000.00", "5000.0")) }

        val n = p.sealNotification(given, encrypt = false)
        assertTrue(n.body.startsWith("""{"content":$compact,"notifyType":"1","""), n.body)
        assertEquals(compact, m.openNotification(n.body))
        val n2 = p.sealNotificationOfType("2", given, encrypt = false)
        assertEquals(compact, m.openNotification(n2.body))
        // Encrypted stays the default.
        assertTrue(m.sealRequest(given).body.contains("\"randomKey\":\""))
        assertTrue(p.sealResponse(given).body.contains("\"randomKey\":\""))
    }

    @Test
    fun urlEncodedRandomKeyOpens(): Unit = pair { m, p ->
        val r = p.sealResponse("""{"x":1}""")
        val rk = Regex("\"randomKey\":\"([^\"]+)\"").find(r.body)!!.groupValues[1]
        val encoded = java.net.URLEncoder.encode(rk, "UTF-8")
        assertTrue(encoded.contains('%'))
        assertEquals("""{"x":1}""", m.openResponse(r.body.replace(rk, encoded)))
        val e = assertFailsWith<CardsealException.InvalidInput> { m.openResponse(r.body.replace(rk, "$encoded%Z1")) }
        assertEquals("randomKey", e.field)
    }

    @Test
    fun unsignedErrorResponseIsProviderError(): Unit = pair { m, _ ->
        val e = assertFailsWith<CardsealException.ProviderException> {
            m.openResponse("""{"respCode":"01","respMsg":"Field type is wrong"}""")
        }
        assertEquals("01" to "Field type is wrong", e.code to e.detail)
    }
}
