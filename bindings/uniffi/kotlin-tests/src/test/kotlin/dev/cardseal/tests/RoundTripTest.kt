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
                assertNull(err.result)

                // Error details travel encrypted in `result` and come back on the error, exactly.
                val details = """{"cardId":"c-1","needed":10.50}"""
                val sealed = p.sealErrorResponse(1001, "Insufficient balance", details)
                assertTrue(sealed.body.startsWith("""{"success":false,"code":1001,"message":"Insufficient balance","result":""""))
                val withResult = assertFailsWith<CardsealException.ProviderException> { m.openResponse(sealed.body) }
                assertEquals("1001", withResult.code)
                assertEquals("Insufficient balance", withResult.detail)
                assertEquals(details, withResult.result)
                assertFailsWith<CardsealException.InvalidInput> { p.sealErrorResponse(1, "x", "{") }
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

                // HyperCard retries a push for 24 hours: the default window is 24 h + 5 min.
                HyperCard("ak_123", Keys.merchant1024, Keys.pub(Keys.provider1024), seed, nowSecs * 1000 + 86_700_000).use { late ->
                    assertEquals(event, late.openNotification(n.body, n.headers))
                }
                HyperCard("ak_123", Keys.merchant1024, Keys.pub(Keys.provider1024), seed, nowSecs * 1000 + 86_701_000).use { late ->
                    val e = assertFailsWith<CardsealException.Expired> { late.openNotification(n.body, n.headers) }
                    assertEquals("expired", e.kind())
                    assertEquals(86_700_000L, e.maxAgeMs)
                }
                // A configured 300 s window: ten minutes later the event is outside it.
                HyperCard("ak_123", Keys.merchant1024, Keys.pub(Keys.provider1024), seed, now + 600_000, 300L).use { late ->
                    val e = assertFailsWith<CardsealException.Expired> { late.openNotification(n.body, n.headers) }
                    assertTrue(e.nowMs - e.timestampMs >= 600_000 - 1000, e.toString())
                }
                // ... and none when the window is disabled.
                HyperCard("ak_123", Keys.merchant1024, Keys.pub(Keys.provider1024), seed, now + 600_000, null).use {
                    assertEquals(event, it.openNotification(n.body, n.headers))
                }
                // A body field replaces the header of the same name in the string to sign.
                val withLang = """{"lang":"zh","note":"key: value, 'x'"}"""
                val r = m.sealRequest(withLang, HyperCardRequestOptions(timestamp = 1_700_000_000, nonce = "a1B2c3D4e5", lang = "en"))
                assertEquals("lang", traceValue(r.trace, "headers_replaced_by_body"))
                assertEquals(
                    "api-key=ak_123&lang=zh&nonce=a1B2c3D4e5&note=key:value,\"x\"&timestamp=1700000000&version=1.0",
                    traceValue(r.trace, "string_to_sign"),
                )
                // repr() of nested non-ASCII text follows the chosen CPython (U+1C89: new in Unicode 16.0).
                val nested = "{\"kyc\":{\"name\":\"\u1c89\"}}"
                assertEquals("kyc={\"name\":\"\\u1c89\"}", formNonemptySortedNestedPythonStr("{}", nested, false, "3.13"))
                assertEquals("kyc={\"name\":\"\u1c89\"}", formNonemptySortedNestedPythonStr("{}", nested, false, null))
                HyperCard("ak_123", Keys.merchant1024, Keys.pub(Keys.provider1024), seed, now, pythonVersion = "3.13").use { old ->
                    val t = old.sealRequest(nested, HyperCardRequestOptions(nonce = "n")).trace
                    assertTrue(traceValue(t, "string_to_sign")!!.contains("kyc={\"name\":\"\\u1c89\"}"))
                }
                assertFailsWith<CardsealException.InvalidInput> {
                    HyperCard("ak_123", Keys.merchant1024, Keys.pub(Keys.provider1024), pythonVersion = "3.10")
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
    fun upayNotificationAckIsSuccessText() {
        UPay("app", "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%", Keys.upayMerchant, Keys.pub(Keys.upayPlatform), seed, now).use { m ->
            for (ack in listOf(m.sealNotificationAck(), kotlinx.coroutines.runBlocking { m.sealNotificationAckAsync() })) {
                assertEquals("SUCCESS", ack.body)
                assertEquals(listOf(HeaderField("Content-Type", "text/plain")), ack.headers)
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
    fun upayApiKeyHeaderMirrorCheckRequestWindowAndCode() {
        val secret = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%"
        val names = listOf("X-UPA-REQUESTID", "X-UPA-TIMESTAMP", "X-UPA-SIGN", "X-UPA-APIKEY")
        UPay("upa-ak-1", secret, Keys.upayMerchant, Keys.pub(Keys.upayPlatform), seed, now, 3_600_000L).use { m ->
            assertEquals("upa-ak-1", m.apiKey())
            assertEquals("upa-ak-1", m.appId())
            // X-UPA-APIKEY on every request, multipart uploads too.
            for (opts in listOf(UPayRequestOptions(), UPayRequestOptions(encrypt = true), UPayRequestOptions(multipart = true))) {
                val s = m.sealRequest("POST", "/api/v1/x", """{"fileType":"1"}""", opts)
                assertEquals(names, s.headers.map { it.name })
                assertEquals("upa-ak-1", headerValue(s.headers, "X-UPA-APIKEY"))
            }
            // The file upload signs an empty SIGN_PARAM (sign from Python's hmac module).
            val up = m.sealRequest(
                "POST", "/api/v1/common/file/upload", """{"fileType":"1"}""",
                UPayRequestOptions(timestampMs = 1774573955994L, requestId = "0123456789abcdef0123456789abcdef", multipart = true),
            )
            assertEquals("POST|/api/v1/common/file/upload|1774573955994|0123456789abcdef0123456789abcdef|", traceValue(up.trace, "string_to_sign"))
            assertEquals(
                listOf(
                    HeaderField("X-UPA-REQUESTID", "0123456789abcdef0123456789abcdef"),
                    HeaderField("X-UPA-TIMESTAMP", "1774573955994"),
                    HeaderField("X-UPA-SIGN", "V6PEwGbunXYkgLDKdWZ97Py0ZETzEXCEE9O/e6iEBeA="),
                    HeaderField("X-UPA-APIKEY", "upa-ak-1"),
                ),
                up.headers,
            )
            assertEquals("", up.body)

            // The mirror knows the API key.
            val s = m.sealRequest("POST", "/p", """{"a":1}""")
            m.provider(Keys.upayPlatform).use { p ->
                assertEquals("""{"a":1}""", p.openRequest("POST", "/p", s.body, s.headers.map { HeaderField(it.name.lowercase(), it.value) }))
                val wrong = s.headers.map { if (it.name == "X-UPA-APIKEY") HeaderField(it.name, "upa-ak-2") else it }
                val e = assertFailsWith<CardsealException.SignatureMismatch> { p.openRequest("POST", "/p", s.body, wrong) }
                assertEquals("signature mismatch: X-UPA-APIKEY does not verify", e.detail)
                val missing = s.headers.filter { it.name != "X-UPA-APIKEY" }
                val e2 = assertFailsWith<CardsealException.InvalidInput> { p.openRequest("POST", "/p", s.body, missing) }
                assertEquals("X-UPA-APIKEY", e2.field)
                // Its window is 60 s, not the merchant's 60-minute webhook window.
                UPay("upa-ak-1", secret, Keys.upayMerchant, Keys.pub(Keys.upayPlatform), seed, now + 60_001, 3_600_000L).use { late ->
                    late.provider(Keys.upayPlatform).use { lp ->
                        val x = assertFailsWith<CardsealException.Expired> { lp.openRequest("POST", "/p", s.body, s.headers) }
                        assertEquals(now, x.timestampMs)
                        assertEquals(now + 60_001, x.nowMs)
                        assertEquals(60_000L, x.maxAgeMs)
                    }
                }
            }
            for ((at, ok) in listOf(now + 60_000 to true, now - 60_000 to true, now + 60_001 to false, now - 60_001 to false)) {
                UPayProvider("upa-ak-1", secret, Keys.upayPlatform, Keys.pub(Keys.upayMerchant), seed, at).use { p ->
                    if (ok) {
                        assertEquals("""{"a":1}""", p.openRequest("POST", "/p", s.body, s.headers))
                    } else {
                        assertEquals(60_000L, assertFailsWith<CardsealException.Expired> { p.openRequest("POST", "/p", s.body, s.headers) }.maxAgeMs)
                    }
                }
            }
            UPayProvider("upa-ak-1", secret, Keys.upayPlatform, Keys.pub(Keys.upayMerchant), seed, now + 240_000, 300_000L).use { p ->
                assertEquals("""{"a":1}""", p.openRequest("POST", "/p", s.body, s.headers))
            }
            UPayProvider("someone-else", secret, Keys.upayPlatform, Keys.pub(Keys.upayMerchant), seed, now).use { p ->
                assertFailsWith<CardsealException.SignatureMismatch> { p.openRequest("POST", "/p", s.body, s.headers) }
            }

            // Responses: `code` alone decides.
            for (body in listOf(
                """{"code":403,"msg":"Forbidden","success":true,"data":{"a":1}}""",
                """{"code":"403","msg":"Forbidden","success":true}""",
            )) {
                val e = assertFailsWith<CardsealException.ProviderException> { m.openResponse(body) }
                assertEquals("403", e.code)
                assertEquals("Forbidden", e.detail)
            }
            assertEquals("""{"a":1}""", m.openResponse("""{"code":"0","msg":"success","success":true,"data":{"a":1}}"""))
            assertEquals("""{"a":1}""", m.openResponse("""{"code":0,"msg":"success","success":false,"data":{"a":1}}"""))
        }
        // A webhook receiver answers this body.
        assertEquals("SUCCESS", upayNotificationAck())
        for (bad in listOf("", "ak\r\nX-Evil: 1")) {
            assertEquals("api_key", assertFailsWith<CardsealException.InvalidInput> {
                UPay(bad, "s", Keys.upayMerchant, Keys.pub(Keys.upayPlatform))
            }.field)
            assertEquals("api_key", assertFailsWith<CardsealException.InvalidInput> {
                UPayProvider(bad, "s", Keys.upayPlatform, Keys.pub(Keys.upayMerchant))
            }.field)
        }
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
