package dev.cardseal.tests

import dev.cardseal.*
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

/**
 * Every provider in both directions through the binding: the merchant object seals, the
 * mirror opens (and the other way round), with published values where they exist, and
 * tampering is rejected with the right kind.
 */
class RoundTripTest {
    private val seed = "kotlin round trips".toByteArray()
    private val now = 1_774_573_955_994L

    /** The message with one character of `body` changed at `index` (within ASCII range). */
    private fun flip(s: String, index: Int): String {
        val c = s[index]
        val r = if (c == 'A') 'B' else 'A'
        return s.substring(0, index) + r + s.substring(index + 1)
    }

    @Test
    fun asinxPublishedSignAndRoundTrips() {
        Asinx("app_447770", "b635dd5c87f7bf73387929203321b1e1").use { m ->
            val s = m.sealRequest(
                "/user/register",
                """{"mobilePrefix":"1","mobileNumber":"18888888867","email":"188888888662@188.com"}""",
            )
            assertEquals("""{"email":"188888888662@188.com","mobileNumber":"18888888867","mobilePrefix":"1"}""", s.body)
            assertEquals("f61ff896372b9e5836cb67a069dd810a", headerValue(s.headers, "SIGN"))
            assertEquals(listOf("appId", "sign", "Content-Type"), s.headers.map { it.name })
            assertEquals(listOf("body", "origin", "base64", "ciphertext_hex", "sign"), s.trace.map { it.name })
            assertNull(headerValue(s.headers, "uId"))

            m.provider().use { p ->
                assertEquals(s.body, p.openRequestAt("/user/register", s.body, s.headers))
                val withPath = s.headers + HeaderField(":path", "/user/register")
                assertEquals(s.body, p.openRequest(s.body, withPath))
                val e = assertFailsWith<CardsealException.SignatureMismatch> {
                    p.openRequestAt("/user/other", s.body, s.headers)
                }
                assertEquals("signature_mismatch", e.kind())

                val payload = """{"gateway":"https://test.moonbank.me/payment/#/?orderNo=MB1","n":[1,2.50,{"z":null}]}"""
                assertEquals(payload, m.openResponse(p.sealResponse(payload).body))
                assertEquals(payload, m.openNotification(p.sealNotification(payload).body))

                val err = assertFailsWith<CardsealException.ProviderException> {
                    m.openResponse(p.sealErrorResponse(1001, "Insufficient balance").body)
                }
                assertEquals("1001", err.code)
                assertEquals("Insufficient balance", err.detail)
            }
        }
        // Another merchant's secret cannot open the webhook.
        val body = AsinxProvider("app_447770", "b635dd5c87f7bf73387929203321b1e1").use { it.sealNotification("{}").body }
        Asinx("app_447770", "00000000000000000000000000000000").use { other ->
            assertFailsWith<CardsealException.DecryptionFailed> { other.openNotification(body) }
        }
        Asinx("app_1", "b635dd5c87f7bf73387929203321b1e1").use { other ->
            assertFailsWith<CardsealException.SignatureMismatch> { other.openNotification(body) }
        }
    }

    @Test
    fun paytendRoundTrips() {
        val partner = "888666000100201"
        Paytend(partner, Keys.merchant1024, Keys.pub(Keys.provider1024), seed, now).use { m ->
            assertEquals(partner + "20260327091235994", m.requestId())
            val biz = """{"cardId":"1755902","holderId":"101982"}"""
            val s = m.sealRequest(biz)
            assertTrue(traceValue(s.trace, "string_to_sign")!!.startsWith("bizData=$biz&partnerId=$partner&randomKey="))
            m.provider(Keys.provider1024).use { p ->
                assertEquals(biz, p.openRequest(s.body))
                val payload = """{"randomStr":"0ef1227debf541729acc111307117c7c","amount":12.30}"""
                assertEquals(payload, m.openResponse(p.sealResponse(payload).body))
                assertEquals(payload, m.openNotification(p.sealNotification(payload).body))
                assertEquals(payload, m.openNotification(p.sealNotificationOfType("2", payload).body))
                val err = assertFailsWith<CardsealException.ProviderException> {
                    m.openResponse(p.sealErrorResponse("05", "card frozen").body)
                }
                assertEquals("05" to "card frozen", err.code to err.detail)

                // A signature made by another key does not verify.
                val forged = PaytendProvider(partner, Keys.provider2048, Keys.pub(Keys.merchant1024), seed, now)
                    .use { it.sealResponse(payload).body }
                assertFailsWith<CardsealException.SignatureMismatch> { m.openResponse(forged) }
            }
        }
        // Same seed and clock: the same bytes (reproducible output through the binding).
        val a = Paytend(partner, Keys.merchant1024, Keys.pub(Keys.provider1024), seed, now).use { it.sealRequest("{}").body }
        val b = Paytend(partner, Keys.merchant1024, Keys.pub(Keys.provider1024), seed, now).use { it.sealRequest("{}").body }
        assertEquals(a, b)
        val c = Paytend(partner, Keys.merchant1024, Keys.pub(Keys.provider1024)).use { it.sealRequest("{}").body }
        assertNotEquals(a, c)
    }

    @Test
    fun hyperCardRoundTripsWindowAndCardDetails() {
        val nowSecs = now / 1000
        HyperCard("ak_123", Keys.merchant1024, Keys.pub(Keys.provider1024), seed, now).use { m ->
            val body = """{"cardId":"c1","amount":5000.00,"meta":{"b":true,"a":[1,"x"]}}"""
            val s = m.sealRequest(body, HyperCardRequestOptions(nonce = "abcdefghij", lang = "en"))
            assertEquals(body, s.body)
            assertEquals(nowSecs.toString(), headerValue(s.headers, "timestamp"))
            assertEquals("abcdefghij", headerValue(s.headers, "nonce"))
            m.provider(Keys.provider1024).use { p ->
                assertEquals(body, p.openRequest(s.body, s.headers))
                assertFailsWith<CardsealException.SignatureMismatch> {
                    p.openRequest(s.body.replace("5000.00", "5000.01"), s.headers)
                }
                // The default signs numbers as Python prints them (5000.00 → 5000.0); a
                // verifier keeping literals as written disagrees on this body.
                assertTrue(traceValue(s.trace, "string_to_sign")!!.contains("amount=5000.0&"))
                HyperCardProvider(
                    "ak_123", Keys.provider1024, Keys.pub(Keys.merchant1024), seed, now,
                    numberStyle = NumberStyle.AS_WRITTEN,
                ).use { literal ->
                    assertFailsWith<CardsealException.SignatureMismatch> { literal.openRequest(s.body, s.headers) }
                }
                val event = """{"event":"card.created","cardId":"c1"}"""
                val n = p.sealNotification(event)
                assertEquals(event, m.openNotification(n.body, n.headers))
                assertEquals("""{"code":1,"msg":"ok","data":{}}""", hypercardNotificationAck())

                val data = """{"balance":"12.00"}"""
                assertEquals(data, m.openResponse(p.sealResponse(data).body))
                val err = assertFailsWith<CardsealException.ProviderException> {
                    m.openResponse(p.sealErrorResponse("10001", "bad card").body)
                }
                assertEquals("10001", err.code)

                // Ten minutes later the event is outside the ±300 s window.
                HyperCard("ak_123", Keys.merchant1024, Keys.pub(Keys.provider1024), seed, now + 600_000).use { late ->
                    val e = assertFailsWith<CardsealException.Expired> { late.openNotification(n.body, n.headers) }
                    assertEquals("expired", e.kind())
                    assertTrue(e.nowMs - e.timestampMs >= 600_000 - 1000, e.toString())
                }
                // ... unless the window is disabled.
                HyperCard("ak_123", Keys.merchant1024, Keys.pub(Keys.provider1024), seed, now + 600_000, null).use {
                    assertEquals(event, it.openNotification(n.body, n.headers))
                }

                val detail = """{"pan":"4111111111111111","cvv":"123"}"""
                val enc = p.encryptCardDetail(detail, Keys.pub(Keys.merchant4096))
                RsaPrivateKey(Keys.merchant4096).use { k -> assertEquals(detail, hypercardDecryptCardDetail(enc, k)) }
                RsaPrivateKey(Keys.merchant1024).use { k ->
                    assertFailsWith<CardsealException.InvalidKey> { hypercardDecryptCardDetail(enc, k) }
                }
                // Card details are a JSON object; another 4096-bit key gives DecryptionFailed.
                assertFailsWith<CardsealException.InvalidInput> { p.encryptCardDetail("4111 1111", Keys.pub(Keys.merchant4096)) }
                val otherKey = generateRsaKey(4096, "other card key".toByteArray())
                RsaPrivateKey(otherKey).use { k ->
                    assertFailsWith<CardsealException.DecryptionFailed> { hypercardDecryptCardDetail(enc, k) }
                }
            }
        }
    }

    @Test
    fun upayRoundTripsPlainEncryptedAndWebhooks() {
        UPay("app", "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%", Keys.upayMerchant, Keys.pub(Keys.upayPlatform), seed, now).use { m ->
            val params = """{"email":"sing_demo@upb.com","countryId":12,"address":{"name":"x","postalCode":"94105"}}"""
            m.provider(Keys.upayPlatform).use { p ->
                for (encrypt in listOf(false, true)) {
                    val s = m.sealRequest("post", "/api/v1/customer/add", params, UPayRequestOptions(encrypt = encrypt))
                    assertEquals(now.toString(), headerValue(s.headers, "X-UPA-TIMESTAMP"))
                    assertEquals(32, headerValue(s.headers, "x-upa-requestid")!!.length)
                    if (encrypt) {
                        assertTrue(s.body.startsWith("""{"payload":""""), s.body)
                        assertTrue(traceValue(s.trace, "jwe_header")!!.contains("RSA-OAEP-256"))
                    } else {
                        assertEquals(params, s.body)
                    }
                    assertEquals(params, p.openRequest("POST", "/api/v1/customer/add", s.body, s.headers))
                    assertFailsWith<CardsealException.SignatureMismatch> {
                        p.openRequest("POST", "/api/v1/customer/other", s.body, s.headers)
                    }
                }
                val payload = """{"cardNo":"6200","balance":100.5}"""
                assertEquals(payload, m.openResponse(p.sealResponse(payload, true).body))
                assertEquals(payload, m.openResponse(p.sealResponse(payload, false).body))

                val event = """{"event":"CARD_TXN","trace":"t1","orderNo":"o1","timestamp":1774573955994,"detail":{"amount":"1.00"}}"""
                val n = p.sealNotification(event, now - 60_000, "366dde77c57a4e7e988c074a21a4f04c")
                assertEquals(event, m.openNotification(n.body, n.headers, now))
                // A retry 45 minutes later reuses the first timestamp: outside the 30-minute window.
                val e = assertFailsWith<CardsealException.Expired> { m.openNotification(n.body, n.headers, now + 45 * 60_000) }
                assertEquals(now - 60_000, e.timestampMs)
                assertEquals(now + 45 * 60_000, e.nowMs)
                assertEquals(30 * 60_000L, e.maxAgeMs)
                assertFailsWith<CardsealException.SignatureMismatch> {
                    m.openNotification(n.body, n.headers.map { if (it.name == "X-UPA-SIGN") HeaderField(it.name, "AAAA" + it.value.substring(4)) else it }, now)
                }
                assertFailsWith<CardsealException.DecryptionFailed> {
                    val parts = n.body.split(".").toMutableList()
                    parts[3] = flip(parts[3], 5)
                    m.openNotification(parts.joinToString("."), n.headers, now)
                }
            }
        }
        assertEquals(
            "pRbX0ikM/4j/E3tBxNOO/m3Hra+4d2/r+xtRTJ6N5pk=",
            upayHmacSign(
                "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%",
                "POST|/api/v1/customer/add|1774573955994|366dde77c57a4e7e988c074a21a4f04c|address={\"address\":\"535 Mission St, Floor 12\",\"countryId\":12,\"name\":\"Demo given name\",\"postalCode\":\"94105\",\"provinceId\":475}&annualIncome=100.5&company=Demo company&email=sing_demo@upb.com&givenName=Demo given name&globalCode=+1&groupNo=101680210001&lastName=Demo last name&occupation=Demo occupation&phone=127897890&position=Demo position&remark=This is sample data for adding customers&workYear=1",
            ),
        )
    }

    @Test
    fun kazePayRoundTripsDetectAndUpload() {
        val profile = kazepayProfileFromNames("sha256", "ciphertext", "raw", 256)
        assertEquals(
            KazePayProfile(KazePaySignDigest.SHA256, KazePaySignedContent.CIPHERTEXT, KazePayKeyWrapping.RAW, KazePayAesKeySize.AES256),
            profile,
        )
        assertEquals(16, kazepayAllProfiles().size)
        assertEquals(kazepayDefaultProfile(), kazepayAllProfiles().first())
        KazePay("SYS001", Keys.kazeMerchant, Keys.pub(Keys.kazeProvider), profile, seed, now).use { m ->
            assertEquals(profile, m.profile())
            val body = """{"cardNo":"6200000000","amount":"10.00"}"""
            val s = m.sealRequest("cardQuery", body, "REQ0001")
            m.provider(Keys.kazeProvider).use { p ->
                assertEquals(body, p.openRequest(s.body))
                val answer = """{"status":"ACTIVE"}"""
                val r = p.sealResponse("cardQuery", "REQ0001", answer)
                assertEquals(answer, m.openResponse(r.body))
                assertEquals(answer, m.openNotification(p.sealNotification("cardNotify", answer).body))
                val err = assertFailsWith<CardsealException.ProviderException> {
                    m.openResponse(p.sealErrorResponse("cardQuery", "REQ0001", "E100", "no such card").body)
                }
                assertEquals("E100", err.code)

                RsaPrivateKey(Keys.kazeMerchant).use { k ->
                    RsaPublicKey(Keys.pub(Keys.kazeProvider)).use { pk ->
                        val report = kazepayDetect(r.body, k, pk)
                        assertEquals(listOf(profile), report.matches)
                        assertEquals(answer, report.body)
                        assertEquals(16, report.attempts.size)
                        assertEquals(15, report.attempts.count { it.errorKind != null })
                    }
                }
                // Opened with the default profile, the same response does not verify/open.
                KazePay("SYS001", Keys.kazeMerchant, Keys.pub(Keys.kazeProvider)).use { wrong ->
                    val e = assertFailsWith<CardsealException> { wrong.openResponse(r.body) }
                    assertTrue(e.kind() in setOf("signature_mismatch", "decryption_failed"), e.toString())
                }
            }
            val file = KazePayFile("id.jpg", "image/jpeg", byteArrayOf(-1, -40, -1, 0, 1, 2))
            val up = m.sealFileUpload("""{"type":"ID"}""", file, "REQ0002")
            assertEquals("multipart/form-data; boundary=${up.boundary}", up.contentType)
            val expected = kazepayMultipartBody(up.boundary, file, up.requestJson)
            assertTrue(expected.contentEquals(up.body))
        }
    }

    @Test
    fun objectsAreSharedAcrossThreads() {
        val pool = java.util.concurrent.Executors.newFixedThreadPool(8)
        try {
            HyperCard("ak_123", Keys.merchant1024, Keys.pub(Keys.provider1024)).use { m ->
                m.provider(Keys.provider1024).use { p ->
                    val jobs = (0 until 64).map { i ->
                        pool.submit<String> {
                            val body = """{"i":$i}"""
                            val s = m.sealRequest(body)
                            p.openRequest(s.body, s.headers)
                        }
                    }
                    assertEquals((0 until 64).map { """{"i":$it}""" }, jobs.map { it.get() })
                }
            }
        } finally {
            pool.shutdown()
        }
    }
}
