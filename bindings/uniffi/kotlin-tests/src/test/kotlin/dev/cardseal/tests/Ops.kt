package dev.cardseal.tests

import dev.cardseal.*

/**
 * Runs one vector op through the binding. Every op documented in test-vectors/README.md
 * has a case here; an unknown op throws (so a new op cannot be skipped silently).
 * Errors from the binding propagate as [CardsealException].
 */
object Ops {
    private val families: List<(String, Args) -> Outputs?> = listOf(
        ::prim,
    )

    fun run(op: String, args: Args): Outputs {
        for (f in families) {
            f(op, args)?.let { return it }
        }
        throw UnknownOpException(op)
    }

    class UnknownOpException(op: String) :
        AssertionError("unknown op `$op`: every op in test-vectors/ must have a Kotlin runner case")

    private fun padding(args: Args): AesPadding = when (val p = args.str("padding")) {
        "pkcs7" -> AesPadding.PKCS7
        "none" -> AesPadding.NO_PADDING
        else -> error("unknown padding `$p`")
    }

    /** AES, digests, HMAC, base64, hex. */
    private fun prim(op: String, a: Args): Outputs? = when (op) {
        "aes_ecb_encrypt" -> hexOut("ciphertext_hex", aesEcbEncrypt(a.bytes("key"), a.bytes("plaintext"), padding(a)))
        "aes_ecb_decrypt" -> hexOut("plaintext_hex", aesEcbDecrypt(a.bytes("key"), a.bytes("ciphertext"), padding(a)))
        "aes_cbc_encrypt" -> hexOut(
            "ciphertext_hex",
            aesCbcEncrypt(a.bytes("key"), a.bytes("iv"), a.bytes("plaintext"), padding(a)),
        )
        "aes_cbc_decrypt" -> hexOut(
            "plaintext_hex",
            aesCbcDecrypt(a.bytes("key"), a.bytes("iv"), a.bytes("ciphertext"), padding(a)),
        )
        "aes_gcm_encrypt" -> {
            val sealed = aesGcmEncrypt(a.bytes("key"), a.bytes("nonce"), a.bytes("aad"), a.bytes("plaintext"))
            check(sealed.size >= 16) { "GCM output shorter than a tag" }
            outputs(
                "ciphertext_hex" to refHexEncode(sealed.copyOfRange(0, sealed.size - 16)),
                "tag_hex" to refHexEncode(sealed.copyOfRange(sealed.size - 16, sealed.size)),
            )
        }
        "aes_gcm_decrypt" -> hexOut(
            "plaintext_hex",
            aesGcmDecrypt(a.bytes("key"), a.bytes("nonce"), a.bytes("aad"), a.bytes("ciphertext") + a.bytes("tag")),
        )
        "md5" -> hexOut("digest_hex", md5(a.bytes("data")))
        "sha1" -> hexOut("digest_hex", sha1(a.bytes("data")))
        "sha256" -> hexOut("digest_hex", sha256(a.bytes("data")))
        "hmac_sha256" -> {
            val mac = hmacSha256(a.bytes("key"), a.bytes("data"))
            val n = a.optLong("truncate_bytes")?.toInt() ?: mac.size
            check(n in 1..32) { "truncate_bytes must be 1..=32" }
            hexOut("mac_hex", mac.copyOfRange(0, n))
        }
        "hmac_sha256_verify" -> {
            hmacSha256Verify(a.bytes("key"), a.bytes("data"), a.bytes("mac"))
            outputs("verified" to true)
        }
        "b64_encode" -> outputs("text" to b64Encode(a.bytes("data")))
        "b64_decode" -> hexOut("data_hex", b64Decode(a.str("text")))
        "b64_decode_lenient" -> hexOut("data_hex", b64DecodeLenient(a.str("text")))
        "hex_encode" -> outputs("text" to hexEncode(a.bytes("data")))
        "hex_decode" -> hexOut("data_hex", hexDecode(a.str("text")))
        "decode_hex_or_b64" -> hexOut("data_hex", decodeHexOrB64(a.str("text")))
        else -> null
    }
}
