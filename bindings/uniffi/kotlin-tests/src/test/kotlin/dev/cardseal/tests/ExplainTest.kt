package dev.cardseal.tests

import dev.cardseal.*
import java.security.MessageDigest
import java.util.Base64
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Test

/**
 * Failure explanations in Kotlin (`explainRequest` / `explainResponse` /
 * `explainNotification`): the core's redacted report as JSON text, the same as Python's
 * `explain_*` and `cardseal explain` (mirrors bindings/python/tests/test_explain.py).
 */
class ExplainTest {
    private val nowMs = 1_774_573_955_994L
    private val upaySecret = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%"

    private fun parse(report: String): JsonObject = Json.parseToJsonElement(report).jsonObject
    private fun JsonObject.obj(name: String): JsonObject = this[name]?.jsonObject ?: error("no `$name` in $this")
    private fun JsonObject.str(name: String): String = this[name]?.jsonPrimitive?.content ?: error("no `$name` in $this")
    private fun sha256Hex(s: String): String =
        refHexEncode(MessageDigest.getInstance("SHA-256").digest(s.toByteArray(Charsets.UTF_8)))
    private fun byteOffset(s: String, sub: String): Int {
        val at = s.indexOf(sub)
        assertTrue(at >= 0, "`$sub` in $s")
        return s.substring(0, at).toByteArray(Charsets.UTF_8).size
    }

    @Test
    fun hyperCardRequestSignedOverAnotherString() {
        HyperCard("api-key-1", Keys.merchant2048, Keys.pub(Keys.provider2048), nowMs = nowMs).use { m ->
            m.provider(Keys.provider2048).use { p ->
                val sent = m.sealRequest("""{"amount":"10.00","cardId":"c-1"}""", HyperCardRequestOptions(nonce = "n0nce"))
                val theirs = traceValue(sent.trace, "string_to_sign")!!
                assertEquals(HYPERCARD_STRING, theirs)
                val body = sent.body.replace("10.00", "90.00")
                assertTrue(body != sent.body)
                val r = parse(p.explainRequest(body, sent.headers, theirString = theirs))
                val ours = theirs.replace("10.00", "90.00")
                assertEquals(JsonPrimitive(false), r["ok"])
                assertEquals("signature_mismatch", r.obj("error").str("kind"))
                assertEquals(
                    "signature: SHA256withRSA does not verify over the string to sign with the sender's public key",
                    r.str("failed_check"),
                )
                val steps = r.obj("steps")
                assertEquals(ours, steps.str("string_to_sign"))
                assertEquals(sha256Hex(ours), steps.str("string_to_sign_sha256"))
                assertEquals("api-key-1", steps.str("received_api-key"))
                assertEquals("false", steps.str("signature_verifies_over_this_string"))
                val d = r.obj("their_string")
                assertEquals(JsonPrimitive(false), d["identical"])
                assertEquals(byteOffset(ours, "90.00").toString(), d.str("byte_offset"))
                assertEquals(ours.toByteArray().size.toString(), d.str("ours_len"))
                assertEquals(theirs.toByteArray().size.toString(), d.str("theirs_len"))
                assertTrue(d.str("ours_context").contains("90.00") && d.str("theirs_context").contains("10.00"), "$d")

                // Untouched: every check passes and the strings are identical.
                val ok = parse(p.explainRequest(sent.body, sent.headers, theirString = theirs))
                assertEquals(JsonPrimitive(true), ok["ok"])
                assertEquals("every check passed", ok.str("result"))
                assertEquals(parse("""{"identical":true}"""), ok.obj("their_string"))
                assertEquals("true", ok.obj("steps").str("signature_verifies_over_this_string"))
            }
        }
    }

    @Test
    fun upayReportNeverHoldsTheExpectedMac() {
        UPay("api-key-1", upaySecret, Keys.merchant2048, Keys.pub(Keys.provider2048), nowMs = nowMs).use { m ->
            m.provider(Keys.provider2048).use { p ->
                val path = "/api/v1/card/apply"
                val sent = m.sealRequest("POST", path, """{"amount":10}""")
                val theirs = traceValue(sent.trace, "string_to_sign")!!
                // The HMAC recomputed here (javax.crypto) is the one the merchant sent: the
                // recomputation is right, so its absence below means something.
                assertEquals(headerValue(sent.headers, "X-UPA-SIGN"), hmacB64(theirs))
                val body = sent.body.replace("10", "11")
                assertTrue(body != sent.body)
                val text = p.explainRequest(body, sent.headers, path = path, theirString = theirs)
                val r = parse(text)
                assertEquals("X-UPA-SIGN does not match", r.str("failed_check"))
                val ours = r.obj("steps").str("string_to_sign")
                assertEquals(theirs.replace("amount=10", "amount=11"), ours)
                assertTrue(ours.startsWith("POST|$path|") && ours.endsWith("|amount=11"), ours)
                assertEquals("amount=11", r.obj("steps").str("sign_param"))
                assertEquals((byteOffset(ours, "amount=11") + "amount=1".length).toString(), r.obj("their_string").str("byte_offset"))
                val expected = hmacB64(ours)
                assertFalse(text.contains(expected), text)
                assertFalse(text.contains(upaySecret), text)
                // The same request at the path it was signed for opens.
                assertEquals(JsonPrimitive(true), parse(p.explainRequest(sent.body, sent.headers, path = path))["ok"])
            }
        }
    }

    private fun hmacB64(s: String): String {
        val mac = Mac.getInstance("HmacSHA256")
        mac.init(SecretKeySpec(upaySecret.toByteArray(Charsets.UTF_8), "HmacSHA256"))
        return Base64.getEncoder().encodeToString(mac.doFinal(s.toByteArray(Charsets.UTF_8)))
    }

    @Test
    fun asinxRequestAtAnotherPath() {
        val secret = "5a4d1c9e0b7f3a6e8d2c4b1a0f9e8d7c"
        Asinx("app-1", secret, nowMs = nowMs).use { m ->
            m.provider().use { p ->
                val s = m.sealRequest("/card/list", """{"page":1}""")
                val text = p.explainRequest(s.body, s.headers, path = "/card/other", theirString = "/card/list{\"page\":1}")
                val r = parse(text)
                assertEquals("sign header does not match", r.str("failed_check"))
                assertEquals("/card/other{\"page\":1}", r.obj("steps").str("string_to_sign"))
                assertEquals("6", r.obj("their_string").str("byte_offset"))
                assertEquals(headerValue(s.headers, "sign"), r.obj("steps").str("received_sign"))
                // The sign cardseal would expect at that path is not in the report.
                val expected = m.sealRequest("/card/other", """{"page":1}""")
                assertFalse(text.contains(headerValue(expected.headers, "sign")!!), text)
                assertFalse(text.contains(secret), text)
            }
        }
    }

    @Test
    fun encryptedMessagesGetTheUniformErrorOnly() {
        Paytend("888666000100201", Keys.merchant2048, Keys.pub(Keys.provider2048), nowMs = nowMs).use { m ->
            m.provider(Keys.provider2048).use { p ->
                val sealed = parse(p.sealResponse("""{"cardNo":"4111111111111111"}""").body)
                val data = sealed.str("respData")
                val forged = data.substring(0, 4) + (if (data[4] == 'A') "B" else "A") + data.substring(5)
                val body = JsonObject(sealed + ("respData" to JsonPrimitive(forged))).toString()
                val text = m.explainResponse(body, theirString = "anything")
                val e = assertFailsWith<CardsealException> { m.openResponse(body) }
                val message = Json.encodeToString(JsonPrimitive.serializer(), JsonPrimitive(e.toString()))
                assertEquals(
                    """{"provider":"paytend","side":"merchant","message":"response","ok":false,"error":{"kind":"${e.kind()}","message":$message}}""",
                    text,
                )
            }
        }
    }

    @Test
    fun hyperCardWebhookAtAnInstant() {
        HyperCard("api-key-1", Keys.merchant2048, Keys.pub(Keys.provider2048), nowMs = nowMs).use { m ->
            m.provider(Keys.provider2048).use { p ->
                val s = p.sealNotification("""{"event":"card.frozen"}""")
                val late = parse(m.explainNotification(s.body, s.headers, nowMs = nowMs + 10 * 86_400_000L))
                assertEquals("expired", late.obj("error").str("kind"))
                assertEquals("timestamp outside the accepted window", late.str("failed_check"))
                assertEquals("true", late.obj("steps").str("signature_verifies_over_this_string"))
                assertEquals(JsonPrimitive(true), parse(m.explainNotification(s.body, s.headers))["ok"])
                // Responses are not signed: the outcome only.
                val resp = parse(m.explainResponse("""{"code":"00000","data":{}}"""))
                assertEquals(JsonPrimitive(true), resp["ok"])
                assertFalse("steps" in resp, "$resp")
            }
        }
    }

    companion object {
        /**
         * HyperCard's string to sign for the request above, by the rule in
         * docs/providers/hypercard.md: headers and body fields merged, sorted by name,
         * `name=value` joined with `&`; `timestamp` is nowMs in Unix seconds (floor).
         */
        const val HYPERCARD_STRING =
            "amount=10.00&api-key=api-key-1&cardId=c-1&nonce=n0nce&timestamp=1774573955&version=1.0"
    }
}
