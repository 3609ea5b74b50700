package dev.cardseal.tests

import dev.cardseal.*
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

/** Each error kind through the binding, the exception shape, and secret hygiene. */
class ErrorsAndHygieneTest {
    @Test
    fun invalidKey() {
        val e = assertFailsWith<CardsealException.InvalidKey> { RsaPrivateKey("not a key") }
        assertEquals("invalid_key", e.kind())
        assertTrue(e.toString().startsWith("invalid key: "), e.toString())
        assertEquals(e.toString(), e.detail)
        assertFailsWith<CardsealException.InvalidKey> { Asinx("app", "123456") }
        // A public key where a private key is needed, and a too-small key.
        assertFailsWith<CardsealException.InvalidKey> { RsaPrivateKey(Keys.pub(Keys.merchant1024)) }
        assertFailsWith<CardsealException.InvalidKey> {
            RsaPrivateKey(java.io.File(vectorsDir(), "keys/fmt_rsa512.pem").readText())
        }
    }

    @Test
    fun invalidInputNamesTheField() {
        val e = assertFailsWith<CardsealException.InvalidInput> { jsonSortedCompact("""{"a":1,"a":2}""") }
        assertEquals("invalid_input", e.kind())
        assertEquals("json", e.field)
        assertTrue(e.detail.startsWith("invalid input in `json`"), e.detail)
        val p = assertFailsWith<CardsealException.InvalidInput> {
            Asinx("app", "b635dd5c87f7bf73387929203321b1e1").use { it.sealRequest("/x", "[1,2]") }
        }
        assertEquals("params", p.field)
        assertFailsWith<CardsealException.InvalidInput> { generateRsaKey(-1) }
        assertFailsWith<CardsealException.InvalidInput> { kazepayProfileFromNames(aesKeyBits = -128) }
    }

    @Test
    fun signatureMismatch() {
        RsaPrivateKey(Keys.merchant1024).use { k ->
            val sig = k.signPkcs1v15(HashAlg.SHA256, "message".toByteArray())
            k.publicKey().use { pk ->
                pk.verifyPkcs1v15(HashAlg.SHA256, "message".toByteArray(), sig)
                val e = assertFailsWith<CardsealException.SignatureMismatch> {
                    pk.verifyPkcs1v15(HashAlg.SHA256, "messagE".toByteArray(), sig)
                }
                assertEquals("signature_mismatch", e.kind())
                assertEquals("signature", e.check)
                assertEquals("signature mismatch: signature does not verify", e.detail)
                assertFailsWith<CardsealException.SignatureMismatch> {
                    pk.verifyPkcs1v15(HashAlg.SHA1, "message".toByteArray(), sig)
                }
            }
        }
    }

    /** `SignatureMismatch.check`: the typed sub-kind (a closed set, as in every language). */
    @Test
    fun signatureMismatchNamesTheCheck() {
        Asinx("app-1", "5a4d1c9e0b7f3a6e8d2c4b1a0f9e8d7c").use { m ->
            m.provider().use { p ->
                val s = m.sealRequest("/card/list", """{"page":1}""")
                assertEquals("""{"page":1}""", p.openRequest(s.body, s.headers, path = "/card/list"))
                val e = assertFailsWith<CardsealException.SignatureMismatch> {
                    p.openRequest(s.body, s.headers, path = "/card/other")
                }
                assertEquals("sign header", e.check)
                assertEquals("signature mismatch: sign header does not verify", e.detail)
                assertEquals(e.detail, e.toString())
                val foreign = s.headers.map { if (it.name == "appId") HeaderField("appId", "app-2") else it }
                assertTrue(foreign != s.headers, "the sealed headers carry appId")
                val id = assertFailsWith<CardsealException.SignatureMismatch> {
                    p.openRequest(s.body, foreign, path = "/card/list")
                }
                assertEquals("appId", id.check)
            }
        }
    }

    /** A clock outside years 0000..9999 is the environment's failure, not the input's. */
    @Test
    fun anUnwritableClockIsUnavailable() {
        Paytend("888666000100201", Keys.merchant1024, Keys.pub(Keys.provider1024), nowMs = 1L shl 62).use { m ->
            val e = assertFailsWith<CardsealException.Unavailable> { m.sealRequest("""{"a":1}""") }
            assertEquals("unavailable", e.kind())
            assertEquals("clock", e.resource)
            assertEquals("unavailable: clock: time outside years 0000..9999", e.detail)
            assertEquals(e.detail, e.toString())
            assertTrue((e as CardsealException) is Exception)
        }
    }

    @Test
    fun decryptionFailedIsUniform() {
        // AES under the wrong key, AES cut short, RSA-OAEP of garbage: one message.
        val body = AsinxProvider("app_447770", "b635dd5c87f7bf73387929203321b1e1").use { it.sealNotification("{}").body }
        val cut = body.replace(Regex("\"result\":\"([0-9a-f]+)[0-9a-f]{2}\""), "\"result\":\"$1\"")
        val messages = Asinx("app_447770", "00000000000000000000000000000000").use { other ->
            listOf(assertFailsWith<CardsealException.DecryptionFailed> { other.openNotification(body) })
        } + Asinx("app_447770", "b635dd5c87f7bf73387929203321b1e1").use { m ->
            listOf(assertFailsWith<CardsealException.DecryptionFailed> { m.openNotification(cut) })
        } + RsaPrivateKey(Keys.merchant1024).use { k ->
            listOf(assertFailsWith<CardsealException.DecryptionFailed> { k.decryptOaepSha256(ByteArray(128)) })
        }
        assertEquals(listOf("decryption failed"), messages.map { it.detail }.distinct())
    }

    @Test
    fun providerErrorCarriesCodeAndMessage() {
        val e = assertFailsWith<CardsealException.ProviderException> {
            Asinx("app", "b635dd5c87f7bf73387929203321b1e1").use {
                it.openResponse("""{"success":false,"code":40001,"message":"appId not found"}""")
            }
        }
        assertEquals("provider_error", e.kind())
        assertEquals("40001", e.code)
        assertEquals("appId not found", e.detail)
        assertEquals("provider error 40001: appId not found", e.toString())
        assertNull(e.result)
    }

    /** ASINX failure details sealed with the secret (independently computed: test-vectors/gen_asinx_error_vectors.py). */
    private val detail = """{"field":"cardNo","reason":"card is frozen","retry":false}"""
    private val detailHex =
        "78ff8281106c64d539b366c2fcb6ea04352b1eebe19614c6002ffe2941873330349e31039e39d6f65eead21f07c312a5" +
            "bc7c1af38add7dde957e95638bb36f06b80fbfef69aeaf54fd0a4c12482589e8d6ec88adf38227242f491052e1bd3edc"

    private fun failure(result: String?) =
        """{"success":false,"code":200,"message":"Common business error"""" + (result?.let { ""","result":$it""" } ?: "") + "}"

    @Test
    fun providerErrorCarriesTheOpenedResult() {
        val e = assertFailsWith<CardsealException.ProviderException> {
            Asinx("app", "b635dd5c87f7bf73387929203321b1e1").use { it.openResponse(failure("\"$detailHex\"")) }
        }
        assertEquals("200", e.code)
        assertEquals("Common business error", e.detail)
        assertEquals(detail, e.result)
        assertEquals("provider error 200: Common business error", e.toString())
    }

    @Test
    fun providerErrorResultThatDoesNotOpenIsNull() {
        val results = listOf(
            null,
            "\"\"",
            "\"${detailHex.dropLast(32)}\"",
            "\"JkLoxhGUGR8WB3ze8X1HfRAFnv0DJ5zy+Bm//Zvk4TII9XC+n3ppjhm2OFes0Wrh\"",
            "\"not hex!\"",
            """{"field":"cardNo"}""",
        )
        for (r in results) {
            val e = assertFailsWith<CardsealException.ProviderException>(r) {
                Asinx("app", "b635dd5c87f7bf73387929203321b1e1").use { it.openResponse(failure(r)) }
            }
            assertEquals("200", e.code, r)
            assertEquals("Common business error", e.detail, r)
            assertNull(e.result, r)
        }
        // The right ciphertext under another secret.
        val e = assertFailsWith<CardsealException.ProviderException> {
            Asinx("app", "00112233445566778899aabbccddeeff").use { it.openResponse(failure("\"$detailHex\"")) }
        }
        assertEquals("200", e.code)
        assertNull(e.result)
    }

    @Test
    fun expiredCarriesTheTimes() {
        UPay("app", "secret", Keys.upayMerchant, Keys.pub(Keys.upayPlatform), "s".toByteArray(), 1_700_000_000_000L, 60_000L).use { m ->
            m.provider(Keys.upayPlatform).use { p ->
                val n = p.sealNotification("""{"event":"E","detail":"{}"}""")
                val e = assertFailsWith<CardsealException.Expired> { m.openNotification(n.body, n.headers, 1_700_000_060_001L) }
                assertEquals("expired", e.kind())
                assertEquals(1_700_000_000_000L, e.timestampMs)
                assertEquals(1_700_000_060_001L, e.nowMs)
                assertEquals(60_000L, e.maxAgeMs)
                // Inside the window it opens.
                m.openNotification(n.body, n.headers, 1_700_000_060_000L)
            }
        }
    }

    @Test
    fun everyKindIsACardsealException() {
        val caught: CardsealException = assertFailsWith<CardsealException> { jsonCompact("{") }
        assertTrue(caught is CardsealException.InvalidInput)
        assertTrue(caught is Exception)
    }

    @Test
    fun debugTextNeverShowsSecrets() {
        val secret = "b635dd5c87f7bf73387929203321b1e1"
        Asinx("app_447770", secret).use { a ->
            assertFalse(a.toString().contains(secret), a.toString())
            assertTrue(a.toString().contains("REDACTED"), a.toString())
        }
        RsaPrivateKey(Keys.merchant2048).use { k ->
            assertEquals("RsaPrivateKey { bits: 2048, backend: rustcrypto }", k.toString())
            k.publicKey().use { assertEquals("RsaPublicKey { bits: 2048, backend: rustcrypto }", it.toString()) }
        }
        UPay("app", "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%", Keys.upayMerchant, Keys.pub(Keys.upayPlatform)).use {
            assertFalse(it.toString().contains("g3)&~8P9S"), it.toString())
        }
    }

    @Test
    fun keysAndPrimitivesAgree() {
        val pem = generateRsaKey(1024, "fixed".toByteArray())
        assertEquals(pem, generateRsaKey(1024, "fixed".toByteArray()))
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"))
        RsaPrivateKey(pem).use { k ->
            assertEquals(1024, k.bits())
            assertEquals(128, k.size())
            assertEquals(publicKeyPem(pem), k.publicKey().use { it.toSpkiPem() })
            val der = refB64Decode(publicKeyPem(pem).lines().filter { !it.startsWith("-----") }.joinToString(""))
            RsaPublicKey.fromDer(der).use { pk ->
                val c = pk.encryptPkcs1v15("123456".toByteArray())
                assertEquals("123456", String(k.decryptPkcs1v15(c)))
                val o = pk.encryptOaepSha256("label me".toByteArray(), "L".toByteArray())
                assertEquals("label me", String(k.decryptOaepSha256(o, "L".toByteArray())))
                assertEquals(64, upayKeyId(pk).length)
            }
        }
        assertTrue(cardsealVersion().isNotEmpty())
    }
}
