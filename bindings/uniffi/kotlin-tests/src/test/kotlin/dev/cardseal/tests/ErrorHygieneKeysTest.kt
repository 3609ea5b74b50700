package dev.cardseal.tests

import dev.cardseal.*
import java.io.File
import java.util.Base64
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlin.test.fail
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Test

/**
 * No error rendering contains key text (issue 15). Every malformed key form of
 * test-vectors/keys/malformed_keys.json, built from the sandbox keys in test-vectors/keys by the
 * listed transformations (the Rust, Python and Node suites build the same forms), goes
 * through `RsaPrivateKey`, `RsaPublicKey` and `publicKeyPem`; each outcome must be the
 * expected one, and no 16-character window of the key text may appear in the exception's
 * `message`, `toString()` or `detail`.
 */
class ErrorHygieneKeysTest {
    private val window = 16

    private fun isBodyLine(line: String): Boolean {
        val t = line.trim()
        return t.isNotEmpty() && !t.startsWith("-----") && !t.contains(':')
    }

    private fun bodyLines(text: String) = text.lines().filter(::isBodyLine).map { it.trim() }

    private fun body(text: String) = bodyLines(text).joinToString("")

    private fun secretWindows(text: String): Set<String> {
        val inBody = ArrayList<Boolean>()
        for (line in text.split("\n")) {
            repeat(line.length) { inBody.add(isBodyLine(line)) }
            inBody.add(false)
        }
        val out = HashSet<String>()
        for (i in 0..text.length - window) {
            if ((i until i + window).any { inBody[it] }) out.add(text.substring(i, i + window))
        }
        val lines = bodyLines(text)
        for (joined in listOf(lines.joinToString(""), lines.joinToString("\n"))) {
            for (i in 0..joined.length - window) out.add(joined.substring(i, i + window))
        }
        assertTrue(out.size > 40)
        return out
    }

    private fun leaked(rendering: String, secrets: Set<String>): String? =
        (0..rendering.length - window).map { rendering.substring(it, it + window) }.firstOrNull { it in secrets }

    private fun pemWrap(b64: String, label: String): String =
        "-----BEGIN $label-----\n" + b64.chunked(64).joinToString("") { it + "\n" } + "-----END $label-----\n"

    private fun s(step: JsonObject, name: String) = step[name]!!.jsonPrimitive.content

    private fun apply(text: String, step: JsonObject): String = when (s(step, "op")) {
        "replace" -> {
            assertTrue(text.contains(s(step, "from")), step.toString())
            text.replaceFirst(s(step, "from"), s(step, "to"))
        }
        "replace_last" -> {
            val i = text.lastIndexOf(s(step, "from"))
            assertTrue(i >= 0, step.toString())
            text.substring(0, i) + s(step, "to") + text.substring(i + s(step, "from").length)
        }
        "truncate" -> {
            val n = step["chars"]!!.jsonPrimitive.int
            if (n >= 0) text.take(n) else text.dropLast(-n)
        }
        "body" -> body(text)
        "der_xor" -> {
            val der = Base64.getDecoder().decode(body(text))
            val at = step["offset"]!!.jsonPrimitive.int
            der[at] = (der[at].toInt() xor step["value"]!!.jsonPrimitive.int).toByte()
            Base64.getEncoder().encodeToString(der)
        }
        "pem" -> pemWrap(text, s(step, "label"))
        "wrap" -> s(step, "before") + text + s(step, "middle") + text + s(step, "after")
        "prefix" -> s(step, "text") + text
        "suffix" -> text + s(step, "text")
        else -> fail("unknown step op ${s(step, "op")}")
    }

    @Test
    fun noErrorRenderingContainsKeyText() {
        val doc = Json.parseToJsonElement(File(vectorsDir(), "keys/malformed_keys.json").readText()).jsonObject
        assertEquals("cardseal-malformed-keys/1", doc["schema"]!!.jsonPrimitive.content)
        val cases = doc["cases"]!!.jsonArray
        assertTrue(cases.size >= 30)
        val ops: Map<String, (String) -> Unit> = mapOf(
            "private" to { k -> RsaPrivateKey(k).close() },
            "public" to { k -> RsaPublicKey(k).close() },
            "public_key_pem" to { k -> publicKeyPem(k) },
        )
        var checked = 0
        for (c in cases) {
            val case = c.jsonObject
            val id = s(case, "id")
            val original = File(vectorsDir(), "keys/${s(case, "key")}").readText()
            val secrets = secretWindows(original)
            val text = case["steps"]!!.jsonArray.fold(original) { t, step -> apply(t, step.jsonObject) }
            for ((op, fn) in ops) {
                val want = case["expect"]!!.jsonObject[op]!!.jsonPrimitive.content
                val err = try {
                    fn(text)
                    null
                } catch (e: CardsealException) {
                    e
                }
                if (want == "ok") {
                    assertNull(err, "$id $op")
                    continue
                }
                assertEquals("invalid_key", want)
                if (err !is CardsealException.InvalidKey) fail("$id $op: want InvalidKey, got $err")
                for (r in listOf(err.message ?: "", err.toString(), err.detail, err.stackTraceToString())) {
                    assertNull(leaked(r, secrets), "$id $op: key text in $r")
                }
                checked++
            }
        }
        assertTrue(checked >= 90, "$checked errors checked")
    }

    @Test
    fun theWindowCheckFindsKeyText() {
        val original = File(vectorsDir(), "keys/sandbox_merchant_2048.pem").readText()
        val secrets = secretWindows(original)
        val line = original.lines()[5]
        assertEquals(line.substring(10, 26), leaked("no END line after '${line.substring(10, 26)}'", secrets))
        assertNull(leaked("malformed PEM: no `-----END PRIVATE KEY-----` line", secrets))
    }
}
