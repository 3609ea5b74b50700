package dev.cardseal.tests

import dev.cardseal.*
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Test

/**
 * The `suspend` forms (`sealRequestAsync`, `openResponseAsync`, …) of every declared seal
 * and of each role's opens: the same bytes as the synchronous forms, the same typed errors,
 * and the work done off the caller's thread.
 */
class AsyncTest {
    private val seed = "kotlin async forms".toByteArray()
    private val now = 1_774_573_955_994L

    /**
     * `sync` on one fresh object and `async` on another made the same way (same seed, same
     * clock): exactly the same result, which is returned.
     */
    private fun <T : AutoCloseable, R> same(make: () -> T, sync: (T) -> R, async: suspend (T) -> R): R {
        val expected = make().use(sync)
        val actual = make().use { runBlocking { async(it) } }
        assertEquals(expected, actual)
        return expected
    }

    @Test
    fun asinxAsyncFormsEqualTheSyncForms() {
        val secret = "b635dd5c87f7bf73387929203321b1e1"
        val m = { Asinx("app_447770", secret, seed, now) }
        val p = { AsinxProvider("app_447770", secret, seed, now) }
        val params = """{"mobilePrefix":"1","mobileNumber":"18888888867","email":"188888888662@188.com"}"""
        val s = same(m, { it.sealRequest("/user/register", params, "u-1") }, { it.sealRequestAsync("/user/register", params, "u-1") })
        // The published example's signature (the uId header is not signed).
        assertEquals("f61ff896372b9e5836cb67a069dd810a", headerValue(s.headers, "sign"))
        assertEquals(
            s.body,
            same(p, { it.openRequest(s.body, s.headers, path = "/user/register") }, { it.openRequestAsync(s.body, s.headers, path = "/user/register") }),
        )
        val payload = """{"n":[1,2.50,{"z":null}]}"""
        val r = same(p, { it.sealResponse(payload) }, { it.sealResponseAsync(payload) })
        assertEquals(payload, same(m, { it.openResponse(r.body) }, { it.openResponseAsync(r.body) }))
        val n = same(p, { it.sealNotification(payload) }, { it.sealNotificationAsync(payload) })
        assertEquals(payload, same(m, { it.openNotification(n.body) }, { it.openNotificationAsync(n.body) }))
        // Errors arrive typed, as from the sync forms.
        assertFailsWith<CardsealException.SignatureMismatch> {
            runBlocking { p().use { it.openRequestAsync(s.body, s.headers, path = "/user/other") } }
        }
    }

    @Test
    fun paytendAsyncFormsEqualTheSyncForms() {
        val partner = "888666000100201"
        val m = { Paytend(partner, Keys.merchant1024, Keys.pub(Keys.provider1024), seed, now) }
        val p = { PaytendProvider(partner, Keys.provider1024, Keys.pub(Keys.merchant1024), seed, now) }
        val biz = """{"cardId":"1755902","holderId":"101982"}"""
        val s = same(m, { it.sealRequest(biz) }, { it.sealRequestAsync(biz) })
        assertTrue(traceValue(s.trace, "string_to_sign")!!.startsWith("bizData=$biz&partnerId=$partner&randomKey="))
        assertEquals(biz, same(p, { it.openRequest(s.body) }, { it.openRequestAsync(s.body) }))
        val plain = same(m, { it.sealRequest(biz, "R1", false) }, { it.sealRequestAsync(biz, "R1", false) })
        assertEquals(biz, same(p, { it.openRequest(plain.body) }, { it.openRequestAsync(plain.body) }))

        val payload = """{"randomStr":"0ef1227debf541729acc111307117c7c","amount":12.30}"""
        val r = same(p, { it.sealResponse(payload) }, { it.sealResponseAsync(payload) })
        assertEquals(payload, same(m, { it.openResponse(r.body) }, { it.openResponseAsync(r.body) }))
        val n = same(p, { it.sealNotification(payload, false) }, { it.sealNotificationAsync(payload, false) })
        assertEquals(payload, same(m, { it.openNotification(n.body) }, { it.openNotificationAsync(n.body) }))
        val e = same(p, { it.sealErrorResponse("05", "card frozen") }, { it.sealErrorResponseAsync("05", "card frozen") })
        val err = assertFailsWith<CardsealException.ProviderException> { runBlocking { m().use { it.openResponseAsync(e.body) } } }
        assertEquals("05" to "card frozen", err.code to err.detail)
    }

    @Test
    fun hyperCardAsyncFormsEqualTheSyncForms() {
        val m = { HyperCard("ak_123", Keys.merchant1024, Keys.pub(Keys.provider1024), seed, now) }
        val p = { HyperCardProvider("ak_123", Keys.provider1024, Keys.pub(Keys.merchant1024), seed, now) }
        val body = """{"cardId":"c1","amount":5000.00}"""
        val opts = HyperCardRequestOptions(nonce = "abcdefghij", lang = "en")
        val s = same(m, { it.sealRequest(body, opts) }, { it.sealRequestAsync(body, opts) })
        assertEquals((now / 1000).toString(), headerValue(s.headers, "timestamp"))
        assertEquals(body, same(p, { it.openRequest(s.body, s.headers) }, { it.openRequestAsync(s.body, s.headers) }))

        val data = """{"balance":"10.00"}"""
        val r = same(p, { it.sealResponse(data) }, { it.sealResponseAsync(data) })
        assertEquals(data, same(m, { it.openResponse(r.body) }, { it.openResponseAsync(r.body) }))
        val event = """{"eventType":"CARD_TXN","amount":1.50}"""
        val n = same(
            p,
            { it.sealNotification(event, HyperCardRequestOptions(nonce = "n1")) },
            { it.sealNotificationAsync(event, HyperCardRequestOptions(nonce = "n1")) },
        )
        assertEquals(event, same(m, { it.openNotification(n.body, n.headers, now) }, { it.openNotificationAsync(n.body, n.headers, now) }))
        // An explicit instant a day and an hour later: expired, from the async form too.
        assertFailsWith<CardsealException.Expired> {
            runBlocking { m().use { it.openNotificationAsync(n.body, n.headers, now + 25 * 3_600_000L) } }
        }
        val e = same(p, { it.sealErrorResponse("10001", "bad card") }, { it.sealErrorResponseAsync("10001", "bad card") })
        assertEquals("10001", assertFailsWith<CardsealException.ProviderException> { runBlocking { m().use { it.openResponseAsync(e.body) } } }.code)
    }

    @Test
    fun upayAsyncFormsEqualTheSyncForms() {
        val secret = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%"
        val m = { UPay("app", secret, Keys.upayMerchant, Keys.pub(Keys.upayPlatform), seed, now) }
        val p = { UPayProvider("app", secret, Keys.upayPlatform, Keys.pub(Keys.upayMerchant), seed, now) }
        val path = "/api/v1/customer/add"
        val params = """{"email":"sing_demo@upb.com","countryId":12}"""
        for (encrypt in listOf(false, true)) {
            val o = UPayRequestOptions(encrypt = encrypt)
            val s = same(m, { it.sealRequest("post", path, params, o) }, { it.sealRequestAsync("post", path, params, o) })
            assertEquals(now.toString(), headerValue(s.headers, "X-UPA-TIMESTAMP"))
            assertEquals(params, same(p, { it.openRequest("POST", path, s.body, s.headers) }, { it.openRequestAsync("POST", path, s.body, s.headers) }))
        }
        val payload = """{"cardNo":"6200","balance":100.5}"""
        val r = same(p, { it.sealResponse(payload, true) }, { it.sealResponseAsync(payload, true) })
        assertTrue(r.body.contains("\"payload\":\""), r.body)
        assertEquals(payload, same(m, { it.openResponse(r.body) }, { it.openResponseAsync(r.body) }))
        val event = """{"event":"CARD_TXN","trace":"t1","orderNo":"o1","timestamp":1774573955994,"detail":{"amount":"1.00"}}"""
        val rid = "366dde77c57a4e7e988c074a21a4f04c"
        val n = same(p, { it.sealNotification(event, now - 60_000, rid) }, { it.sealNotificationAsync(event, now - 60_000, rid) })
        assertEquals(event, same(m, { it.openNotification(n.body, n.headers, now) }, { it.openNotificationAsync(n.body, n.headers, now) }))
        val x = assertFailsWith<CardsealException.Expired> {
            runBlocking { m().use { it.openNotificationAsync(n.body, n.headers, now + 45 * 60_000) } }
        }
        assertEquals(now - 60_000, x.timestampMs)
    }

    @Test
    fun kazePayAsyncFormsEqualTheSyncForms() {
        val m = { KazePay("SYS001", Keys.kazeMerchant, Keys.pub(Keys.kazeProvider), null, seed, now) }
        val p = { KazePayProvider("SYS001", Keys.kazeProvider, Keys.pub(Keys.kazeMerchant), null, seed, now) }
        val body = """{"cardNo":"6200000000","amount":"10.00"}"""
        val s = same(m, { it.sealRequest("cardQuery", body, "REQ0001") }, { it.sealRequestAsync("cardQuery", body, "REQ0001") })
        assertEquals(body, same(p, { it.openRequest(s.body) }, { it.openRequestAsync(s.body) }))
        val answer = """{"status":"ACTIVE"}"""
        val r = same(p, { it.sealResponse("cardQuery", "REQ0001", answer) }, { it.sealResponseAsync("cardQuery", "REQ0001", answer) })
        assertEquals(answer, same(m, { it.openResponse(r.body) }, { it.openResponseAsync(r.body) }))
        val n = same(p, { it.sealNotification("cardNotify", answer) }, { it.sealNotificationAsync("cardNotify", answer) })
        assertEquals(answer, same(m, { it.openNotification(n.body) }, { it.openNotificationAsync(n.body) }))
        val e = same(
            p,
            { it.sealErrorResponse("cardQuery", "REQ0001", "E100", "no such card") },
            { it.sealErrorResponseAsync("cardQuery", "REQ0001", "E100", "no such card") },
        )
        val err = assertFailsWith<CardsealException.ProviderException> { runBlocking { m().use { it.openResponseAsync(e.body) } } }
        assertEquals("E100" to "no such card", err.code to err.detail)
    }

    /** A HyperCard response of about `mib` MiB (signed over the whole body). */
    private fun bigPayload(mib: Int, tag: Int = 0): String = """{"tag":$tag,"blob":"${"x".repeat(mib shl 20)}"}"""

    @Test
    fun theWorkRunsOffTheCallersThread() = runBlocking {
        // runBlocking is one thread. Started UNDISPATCHED, the async call runs on it at once
        // until it suspends: had the seal been computed in that call, it would be complete
        // on return. It is not, and this thread keeps running other code until it is.
        val payload = bigPayload(4)
        val expected = HyperCardProvider("ak_123", Keys.provider1024, Keys.pub(Keys.merchant1024), seed, now).use { it.sealResponse(payload) }
        HyperCardProvider("ak_123", Keys.provider1024, Keys.pub(Keys.merchant1024), seed, now).use { p ->
            val caller = Thread.currentThread()
            val pending = async(start = CoroutineStart.UNDISPATCHED) { p.sealResponseAsync(payload) }
            assertFalse(pending.isCompleted, "the seal returned before its work was done elsewhere")
            var turns = 0
            while (!pending.isCompleted) {
                turns++
                yield()
            }
            assertTrue(turns > 0)
            assertEquals(expected, pending.await())
            assertEquals(caller, Thread.currentThread())
        }
    }

    @Test
    fun concurrentCallsFromOneThreadOverlapAndKeepTheirResults() = runBlocking {
        // Four seals started from one thread run at the same time (each on a thread of its
        // own) and each returns its own result, exactly the sync form's.
        val payloads = (0 until 4).map { bigPayload(1, it) }
        val expected = payloads.map { pl ->
            HyperCardProvider("ak_123", Keys.provider1024, Keys.pub(Keys.merchant1024), seed, now).use { it.sealResponse(pl) }
        }
        val providers = payloads.map { HyperCardProvider("ak_123", Keys.provider1024, Keys.pub(Keys.merchant1024), seed, now) }
        try {
            val jobs = payloads.indices.map { i ->
                async(start = CoroutineStart.UNDISPATCHED) { providers[i].sealResponseAsync(payloads[i]) }
            }
            // All four were started and none had finished on this thread before the next began.
            assertTrue(jobs.none { it.isCompleted })
            assertEquals(expected, jobs.awaitAll())
        } finally {
            providers.forEach { it.close() }
        }
    }
}
