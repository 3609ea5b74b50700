package dev.cardseal.tests

import dev.cardseal.*
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

/**
 * Memory bounds before authentication (issue 15): every provider's open paths refuse a body
 * over its 32 MiB cap first, and JSON is parsed within 500,000 values, with an
 * InvalidInput naming the limit.
 */
class LimitsTest {
    private val cap = 32 * 1024 * 1024
    private val sig = java.util.Base64.getEncoder().encodeToString(ByteArray(128))

    private fun h(vararg pairs: Pair<String, String>) = pairs.map { HeaderField(it.first, it.second) }

    private fun opens(): List<Pair<String, (String) -> String>> {
        val hcH = h("timestamp" to "1700000000", "signature" to sig, "api-key" to "hc")
        val hc = HyperCard("hc", Keys.merchant1024, Keys.pub(Keys.provider1024))
        val hcp = HyperCardProvider("hc", Keys.provider1024, Keys.pub(Keys.merchant1024))
        val pt = Paytend("888666000100201", Keys.merchant1024, Keys.pub(Keys.provider1024))
        val ptp = PaytendProvider("888666000100201", Keys.provider1024, Keys.pub(Keys.merchant1024))
        val ax = Asinx("app_447770", "b635dd5c87f7bf73387929203321b1e1")
        val axp = AsinxProvider("app_447770", "b635dd5c87f7bf73387929203321b1e1")
        val kz = KazePay("H2400002001", Keys.kazeMerchant, Keys.pub(Keys.kazeProvider))
        val kzp = KazePayProvider("H2400002001", Keys.kazeProvider, Keys.pub(Keys.kazeMerchant))
        val up = UPay("ak", "secret", Keys.upayMerchant, Keys.pub(Keys.upayPlatform))
        val upp = UPayProvider("ak", "secret", Keys.upayPlatform, Keys.pub(Keys.upayMerchant))
        val upH = h("X-UPA-REQUESTID" to "r", "X-UPA-TIMESTAMP" to "1", "X-UPA-SIGN" to sig, "X-UPA-APIKEY" to "ak")
        return listOf(
            "hypercard.openResponse" to { b -> hc.openResponse(b) },
            "hypercard.openNotification" to { b -> hc.openNotification(b, hcH) },
            "hypercard mirror.openRequest" to { b -> hcp.openRequest(b, hcH) },
            "paytend.openResponse" to { b -> pt.openResponse(b) },
            "paytend.openNotification" to { b -> pt.openNotification(b) },
            "paytend mirror.openRequest" to { b -> ptp.openRequest(b) },
            "asinx.openResponse" to { b -> ax.openResponse(b) },
            "asinx.openNotification" to { b -> ax.openNotification(b) },
            "asinx mirror.openRequest" to { b -> axp.openRequestAt("/p", b, h("appId" to "app_447770", "sign" to "0")) },
            "kazepay.openResponse" to { b -> kz.openResponse(b) },
            "kazepay.openNotification" to { b -> kz.openNotification(b) },
            "kazepay mirror.openRequest" to { b -> kzp.openRequest(b) },
            "upay.openResponse" to { b -> up.openResponse(b) },
            "upay.openNotification" to { b -> up.openNotification(b, upH) },
            "upay mirror.openRequest" to { b -> upp.openRequest("POST", "/p", b, upH) },
        )
    }

    @Test
    fun everyOpenPathRefusesABodyOver32MiBFirst() {
        val over = "x".repeat(cap + 1)
        for ((name, open) in opens()) {
            val e = assertFailsWith<CardsealException.InvalidInput>(name) { open(over) }
            assertEquals("body", e.field, name)
            assertEquals(
                "invalid input in `body`: ${cap + 1} bytes, more than the maximum of $cap bytes (max_body_bytes)",
                e.detail,
                name,
            )
        }
    }

    @Test
    fun aJsonBodyOverTheValueLimitIsRefusedNamingIt() {
        val zeros = "{\"a\":[" + "0,".repeat(600_000) + "0]}"
        for ((name, open) in opens()) {
            if (name == "upay.openNotification") continue // a webhook body is a JWE, not JSON
            val e = assertFailsWith<CardsealException.InvalidInput>(name) { open(zeros) }
            assertTrue(e.detail.contains("parse limit: more than 500000 JSON values (max_values)"), "$name: ${e.detail}")
        }
    }
}
