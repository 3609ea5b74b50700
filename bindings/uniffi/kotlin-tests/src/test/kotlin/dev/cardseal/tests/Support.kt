package dev.cardseal.tests

import dev.cardseal.CardsealException
import java.io.File
import java.util.Base64
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.longOrNull

/** Where the vector files are (set by the pom / test.sh). */
fun vectorsDir(): File {
    val dir = System.getProperty("cardseal.vectors.dir")
        ?: error("system property cardseal.vectors.dir is not set (run through bindings/uniffi/test.sh)")
    return File(dir)
}

/** Reference hex decoding for the harness (independent of the code under test). */
fun refHexDecode(h: String): ByteArray {
    require(h.length % 2 == 0) { "odd hex in vector file: $h" }
    return ByteArray(h.length / 2) { i -> h.substring(2 * i, 2 * i + 2).toInt(16).toByte() }
}

/** Reference lowercase hex encoding for the harness. */
fun refHexEncode(b: ByteArray): String = b.joinToString("") { "%02x".format(it.toInt() and 0xff) }

/** Reference strict base64 (java.util.Base64) for the harness. */
fun refB64Decode(s: String): ByteArray = Base64.getDecoder().decode(s)

fun refB64Encode(b: ByteArray): String = Base64.getEncoder().encodeToString(b)

/** Reference base64url without padding. */
fun refB64uEncode(b: ByteArray): String = Base64.getUrlEncoder().withoutPadding().encodeToString(b)

/** The text of `b` when it is valid UTF-8, else null. */
fun utf8OrNull(b: ByteArray): String? = try {
    Charsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
        .decode(java.nio.ByteBuffer.wrap(b)).toString()
} catch (e: java.nio.charset.CharacterCodingException) {
    null
}

/** The `args` object of one vector, with the naming rules of test-vectors/README.md. */
class Args(private val m: JsonObject) {
    fun has(name: String): Boolean = m.containsKey(name) || m.containsKey("${name}_hex") || m.containsKey("${name}_b64")

    fun str(name: String): String = optStr(name) ?: error("missing string arg `$name`")

    fun optStr(name: String): String? {
        val v = m[name] ?: return null
        val p = v as? JsonPrimitive ?: error("arg `$name` is not a string")
        require(p.isString) { "arg `$name` is not a string" }
        return p.content
    }

    /** Bytes from `<name>_hex`, `<name>_b64` or `<name>` (UTF-8 text), whichever is present. */
    fun bytes(name: String): ByteArray {
        optStr("${name}_hex")?.let { return refHexDecode(it) }
        optStr("${name}_b64")?.let { return refB64Decode(it) }
        return str(name).toByteArray(Charsets.UTF_8)
    }

    fun optBytes(name: String): ByteArray? = if (has(name)) bytes(name) else null

    fun long(name: String): Long = optLong(name) ?: error("missing integer arg `$name`")

    fun optLong(name: String): Long? {
        val v = m[name] ?: return null
        return (v as? JsonPrimitive)?.takeIf { !it.isString }?.longOrNull ?: error("arg `$name` is not an integer")
    }

    fun optBool(name: String): Boolean? {
        val v = m[name] ?: return null
        return (v as? JsonPrimitive)?.takeIf { !it.isString }?.booleanOrNull ?: error("arg `$name` is not a boolean")
    }

    fun value(name: String): JsonElement? = m[name]

    /** A JSON value given either as `<name>_json` text or as an inline JSON value `<name>`. */
    fun optJsonText(name: String): String? = optStr("${name}_json") ?: m[name]?.let {
        if (it is JsonPrimitive && it.isString) it.contentOrNull else it.toString()
    }
}

typealias Outputs = Map<String, JsonElement>

fun outputs(vararg pairs: Pair<String, Any?>): Outputs = pairs.associate { (k, v) ->
    k to when (v) {
        is JsonElement -> v
        is String -> JsonPrimitive(v)
        is Boolean -> JsonPrimitive(v)
        is Number -> JsonPrimitive(v)
        null -> kotlinx.serialization.json.JsonNull
        else -> error("cannot put ${v::class} in outputs")
    }
}

fun hexOut(name: String, bytes: ByteArray): Outputs = outputs(name to refHexEncode(bytes))

/** The stable kind name of a binding error, checked against its Kotlin subclass. */
fun kindOf(e: CardsealException): String {
    val byClass = when (e) {
        is CardsealException.InvalidKey -> "invalid_key"
        is CardsealException.InvalidInput -> "invalid_input"
        is CardsealException.SignatureMismatch -> "signature_mismatch"
        is CardsealException.DecryptionFailed -> "decryption_failed"
        is CardsealException.ProviderException -> "provider_error"
        is CardsealException.Expired -> "expired"
        is CardsealException.Unavailable -> "unavailable"
    }
    check(e.kind() == byClass) { "kind() = ${e.kind()} but class says $byClass" }
    return byClass
}
