package dev.cardseal.tests

import dev.cardseal.*

/**
 * Runs one vector op through the binding. Every op documented in test-vectors/README.md
 * has a case here, except the primitives the mobile binding does not have ([NOT_IN_KOTLIN]:
 * AES, digests, HMAC, base64, hex, JWE; `VectorsTest` decides when they are skipped); an
 * unknown op throws (so a new op cannot be skipped silently). Errors from the binding
 * propagate as [CardsealException].
 */
object Ops {
    private val families: List<(String, Args) -> Outputs?> = listOf(
        ::canonical,
        ::rsa,
        ::asinx,
        ::paytend,
        ::hypercard,
        ::upay,
        ::kazepay,
    )

    /**
     * The primitive ops of test-vectors/README.md that Kotlin/Swift have no function for
     * (the mobile binding has no `hazmat` surface; Python and Node run them). RSA keys and
     * the canonicalizers are in the mobile binding and run.
     */
    val NOT_IN_KOTLIN: Set<String> = setOf(
        "aes_ecb_encrypt", "aes_ecb_decrypt", "aes_cbc_encrypt", "aes_cbc_decrypt", "aes_gcm_encrypt", "aes_gcm_decrypt",
        "md5", "sha1", "sha256", "hmac_sha256", "hmac_sha256_verify",
        "b64_encode", "b64_decode", "b64_decode_lenient", "hex_encode", "hex_decode", "decode_hex_or_b64",
        "jwe_content_encrypt", "jwe_decrypt_with_cek", "jwe_encrypt", "jwe_decrypt",
    )

    fun run(op: String, args: Args): Outputs {
        for (f in families) {
            f(op, args)?.let { return it }
        }
        throw UnknownOpException(op)
    }

    class UnknownOpException(op: String) :
        AssertionError("unknown op `$op`: every op in test-vectors/ must have a Kotlin runner case")

    /** JSON canonicalizers and form strings. */
    private fun canonical(op: String, a: Args): Outputs? = when (op) {
        "json_sorted_compact" -> outputs("output_json" to jsonSortedCompact(a.str("input_json")))
        "json_compact" -> outputs("output_json" to jsonCompact(a.str("input_json")))
        "form_flat_nonempty_sorted" -> outputs("form" to formFlatNonemptySorted(a.str("fields_json")))
        "form_sorted_nested_sorted_json" -> outputs("form" to formSortedNestedSortedJson(a.str("params_json")))
        "form_nonempty_sorted_nested_python_str" -> {
            val python = when (val n = a.optStr("numbers")) {
                null, "as_written" -> false
                "python" -> true
                else -> error("unknown `numbers` value `$n`")
            }
            outputs(
                "form" to formNonemptySortedNestedPythonStr(
                    a.str("headers_json"), a.str("body_json"), python, pythonVersion = a.optStr("python_version"),
                ),
            )
        }
        else -> null
    }

    private fun hash(a: Args): HashAlg = when (val h = a.str("hash")) {
        "sha256" -> HashAlg.SHA256
        "sha1" -> HashAlg.SHA1
        "md5" -> HashAlg.MD5
        else -> error("unknown hash `$h`")
    }

    /** `plaintext_hex`, plus `plaintext` when the bytes are UTF-8. */
    private fun plaintext(p: ByteArray): Outputs {
        val out = mutableMapOf<String, kotlinx.serialization.json.JsonElement>()
        out["plaintext_hex"] = kotlinx.serialization.json.JsonPrimitive(refHexEncode(p))
        utf8OrNull(p)?.let { out["plaintext"] = kotlinx.serialization.json.JsonPrimitive(it) }
        return out
    }

    private fun privateKey(a: Args, name: String = "private_key") = RsaPrivateKey(a.str(name))

    private fun publicKey(a: Args, name: String = "public_key") = RsaPublicKey(a.str(name))

    /** RSA primitives and keys (one backend in this build: rustcrypto). */
    private fun rsa(op: String, a: Args): Outputs? = when (op) {
        "rsa_pkcs1v15_sign" -> privateKey(a).use { k ->
            outputs("signature_b64" to refB64Encode(k.signPkcs1v15(hash(a), a.bytes("message"))))
        }
        "rsa_pkcs1v15_verify" -> publicKey(a).use { k ->
            k.verifyPkcs1v15(hash(a), a.bytes("message"), a.bytes("signature"))
            outputs("verified" to true)
        }
        "rsa_pkcs1v15_decrypt" -> privateKey(a).use { k ->
            val c = a.bytes("ciphertext")
            plaintext(if (a.optBool("blocks") == true) k.decryptPkcs1v15Blocks(c) else k.decryptPkcs1v15(c))
        }
        "rsa_pkcs1v15_encrypt_seeded" -> publicKey(a).use { k ->
            val m = a.bytes("message")
            val seed = a.str("seed").toByteArray(Charsets.UTF_8)
            val c = if (a.optBool("blocks") == true) k.encryptPkcs1v15Blocks(m, seed) else k.encryptPkcs1v15(m, seed)
            outputs("ciphertext_b64" to refB64Encode(c))
        }
        "rsa_oaep_sha256_encrypt_seeded" -> publicKey(a).use { k ->
            val c = k.encryptOaepSha256(a.bytes("message"), a.optBytes("label"), a.str("seed").toByteArray(Charsets.UTF_8))
            outputs("ciphertext_b64" to refB64Encode(c))
        }
        "rsa_oaep_sha256_decrypt" -> privateKey(a).use { k ->
            plaintext(k.decryptOaepSha256(a.bytes("ciphertext"), a.optBytes("label")))
        }
        "rsa_parse_private_key" -> privateKey(a).use { k -> outputs("bits" to k.bits(), "size" to k.size()) }
        "rsa_parse_public_key" -> publicKey(a).use { k -> outputs("bits" to k.bits(), "size" to k.size()) }
        "public_key_pem" -> outputs("pem" to publicKeyPem(a.str("key")))
        else -> null
    }

    /** ASINX Pay / Moonbank (the Rust runner's environment: seed "asinx vectors", clock 0). */
    private fun asinx(op: String, a: Args): Outputs? {
        val seed = "asinx vectors".toByteArray()
        fun merchant() = Asinx(a.str("app_id"), a.str("app_secret"), seed, 0L)
        fun mirror() = AsinxProvider(a.str("app_id"), a.str("app_secret"), seed, 0L)
        return when (op) {
            "asinx_sign" -> merchant().use { m ->
                val s = m.sealRequest(a.str("path"), a.str("params_json"), a.optStr("uid"))
                outputs(
                    "body" to s.body,
                    "origin" to step(s, "origin"),
                    "base64" to step(s, "base64"),
                    "ciphertext_hex" to step(s, "ciphertext_hex"),
                    "sign" to header(s, "sign"),
                    "uid_header" to headerValue(s.headers, "uId"),
                )
            }
            "asinx_open_response" -> merchant().use { outputs("payload_json" to it.openResponse(a.str("body"))) }
            "asinx_open_notification" -> merchant().use {
                outputs("payload_json" to it.openNotification(a.str("body"), emptyList()))
            }
            "asinx_open_request" -> mirror().use {
                val headers = listOf(HeaderField("appId", a.str("header_app_id")), HeaderField("sign", a.str("sign")))
                outputs("payload_json" to it.openRequestAt(a.str("path"), a.str("body"), headers))
            }
            "asinx_seal_response" -> mirror().use { outputs("body" to it.sealResponse(a.str("payload_json")).body) }
            "asinx_seal_error_response" -> mirror().use {
                outputs("body" to it.sealErrorResponse(a.long("code"), a.str("message"), a.optStr("payload_json")).body)
            }
            "asinx_seal_notification" -> mirror().use {
                outputs("body" to it.sealNotification(a.str("payload_json")).body)
            }
            else -> null
        }
    }

    /** Paytend (the Rust runner's environments). */
    private fun paytend(op: String, a: Args): Outputs? {
        val unusedSeed = "paytend vectors".toByteArray()
        fun merchant(seed: ByteArray, nowMs: Long) = Paytend(
            a.str("partner_id"), a.str("private_key"), a.str("provider_public_key"),
            seed, nowMs, a.optLong("utc_offset_minutes")?.toInt(),
        )
        fun mirror() = PaytendProvider(
            a.str("partner_id"), a.str("private_key"), a.str("partner_public_key"), unusedSeed, 0L,
        )
        return when (op) {
            "paytend_rsa_decrypt" -> privateKey(a).use { k ->
                outputs("plaintext" to String(k.decryptPkcs1v15(a.bytes("ciphertext")), Charsets.UTF_8))
            }
            "paytend_sign_string" -> privateKey(a).use { k ->
                outputs("signature" to refB64Encode(k.signPkcs1v15(HashAlg.SHA256, a.str("string").toByteArray())))
            }
            "paytend_request_id" -> merchant(ByteArray(0), a.long("now_ms")).use {
                outputs("request_id" to it.requestId())
            }
            "paytend_seal_request_seeded" -> merchant(a.str("seed").toByteArray(), a.long("now_ms")).use { m ->
                val s = m.sealRequest(a.str("biz_json"), a.optStr("request_id"), a.optBool("encrypt") ?: true)
                val doc = kotlinx.serialization.json.Json.parseToJsonElement(s.body) as kotlinx.serialization.json.JsonObject
                outputs(
                    "request_id" to doc["requestId"],
                    "string_to_sign" to step(s, "string_to_sign"),
                    "body" to s.body,
                )
            }
            "paytend_open_response" -> merchant(unusedSeed, 0L).use {
                outputs("payload_json" to it.openResponse(a.str("body")))
            }
            "paytend_open_notification" -> merchant(unusedSeed, 0L).use {
                outputs("payload_json" to it.openNotification(a.str("body"), emptyList()))
            }
            "paytend_open_request" -> mirror().use { outputs("payload_json" to it.openRequest(a.str("body"), emptyList())) }
            "paytend_open_response_failure" -> merchant(unusedSeed, 0L).use {
                try {
                    // Opened: an output the expectation cannot match.
                    outputs("payload_json" to it.openResponse(a.str("body")))
                } catch (e: CardsealException.ProviderException) {
                    outputs("code" to e.code, "message" to e.detail, "result" to null)
                }
            }
            "paytend_seal_response" -> mirror().use {
                outputs("body" to it.sealResponse(a.str("payload_json"), a.optBool("encrypt") ?: true).body)
            }
            "paytend_seal_notification" -> mirror().use {
                val s = it.sealNotificationOfType(a.optStr("notify_type") ?: "1", a.str("payload_json"), a.optBool("encrypt") ?: true)
                outputs("body" to s.body)
            }
            else -> null
        }
    }

    /** A `headers_json` object (name → string) as header fields, in order. */
    private fun headersFromJson(text: String): List<HeaderField> =
        (kotlinx.serialization.json.Json.parseToJsonElement(text) as kotlinx.serialization.json.JsonObject)
            .map { (k, v) -> HeaderField(k, (v as kotlinx.serialization.json.JsonPrimitive).content) }

    /** HyperCard (the Rust runner's environment: seed "hypercard vectors"). */
    private fun hypercard(op: String, a: Args): Outputs? {
        val seed = "hypercard vectors".toByteArray()
        val numbers = when (val n = a.optStr("numbers")) {
            null, "python" -> NumberStyle.PYTHON
            "as_written" -> NumberStyle.AS_WRITTEN
            else -> error("unknown numbers style `$n`")
        }
        val pythonVersion = a.optStr("python_version")
        // `max_skew_secs`: absent → the constructor's default window; null → no age check.
        val skew = a.value("max_skew_secs")
        val skewSet = skew != null
        val skewSecs = when (skew) {
            null, is kotlinx.serialization.json.JsonNull -> null
            else -> a.long("max_skew_secs")
        }
        fun merchant() = if (skewSet) {
            HyperCard(
                a.str("api_key"), a.str("private_key"), a.str("provider_public_key"), seed, a.optLong("now_ms") ?: 0L,
                maxSkewSecs = skewSecs, numberStyle = numbers, pythonVersion = pythonVersion,
            )
        } else {
            HyperCard(
                a.str("api_key"), a.str("private_key"), a.str("provider_public_key"), seed, a.optLong("now_ms") ?: 0L,
                numberStyle = numbers, pythonVersion = pythonVersion,
            )
        }
        fun mirror() = if (skewSet) {
            HyperCardProvider(
                a.str("api_key"), a.str("private_key"), a.str("merchant_public_key"), seed, a.long("now_ms"),
                maxSkewSecs = skewSecs, numberStyle = numbers, pythonVersion = pythonVersion,
            )
        } else {
            HyperCardProvider(
                a.str("api_key"), a.str("private_key"), a.str("merchant_public_key"), seed, a.long("now_ms"),
                numberStyle = numbers, pythonVersion = pythonVersion,
            )
        }
        return when (op) {
            "hypercard_sign" -> merchant().use { m ->
                val opts = HyperCardRequestOptions(
                    timestamp = a.long("timestamp"),
                    nonce = a.str("nonce"),
                    lang = a.optStr("lang"),
                    version = a.optStr("version"),
                )
                val s = m.sealRequest(a.str("body_json"), opts)
                outputs("string_to_sign" to step(s, "string_to_sign"), "signature" to header(s, "signature"), "body" to s.body)
            }
            "hypercard_open_notification" -> merchant().use {
                outputs("payload_json" to it.openNotification(a.str("body"), headersFromJson(a.str("headers_json"))))
            }
            "hypercard_open_request" -> mirror().use { outputs("payload_json" to it.openRequest(a.str("body"), headersFromJson(a.str("headers_json")))) }
            "hypercard_open_response" -> merchant().use { outputs("payload_json" to it.openResponse(a.str("body"))) }
            "hypercard_decrypt_card_detail" -> privateKey(a).use { k ->
                outputs("detail" to hypercardDecryptCardDetail(a.str("encoded"), k))
            }
            else -> null
        }
    }

    private fun seedOf(a: Args): ByteArray = (a.optStr("seed") ?: "").toByteArray(Charsets.UTF_8)

    private fun nowOf(a: Args): Long = a.optLong("now_ms") ?: 0L

    /** UPay headers from the vector's `request_id`, `timestamp`, `sign`, `header_api_key` (absent when missing). */
    private fun upayHeaders(a: Args): List<HeaderField> = listOf(
        "request_id" to "X-UPA-REQUESTID",
        "timestamp" to "X-UPA-TIMESTAMP",
        "sign" to "X-UPA-SIGN",
        "header_api_key" to "X-UPA-APIKEY",
    ).mapNotNull { (arg, name) -> a.optStr(arg)?.let { HeaderField(name, it) } }

    /** UPay (environment `Env::fixed(seed or "", now_ms or 0)`). */
    private fun upay(op: String, a: Args): Outputs? {
        fun merchant() = UPay(
            a.str("api_key"), a.str("secret"), a.str("private_key"), a.str("provider_public_key"),
            seedOf(a), nowOf(a), a.optLong("replay_window_ms"),
        )
        return when (op) {
            "upay_hmac" -> outputs("sign" to upayHmacSign(a.str("secret"), a.str("data")))
            "upay_key_id" -> publicKey(a).use { outputs("kid" to upayKeyId(it)) }
            "upay_seal_request" -> merchant().use { m ->
                val opts = UPayRequestOptions(
                    encrypt = a.optBool("encrypt") ?: false,
                    timestampMs = a.optLong("timestamp_ms"),
                    requestId = a.optStr("request_id"),
                    multipart = a.optBool("multipart") ?: false,
                )
                val s = m.sealRequest(a.str("method"), a.str("path"), a.str("params_json"), opts)
                outputs(
                    "body" to s.body,
                    "request_id" to header(s, "X-UPA-REQUESTID"),
                    "timestamp" to header(s, "X-UPA-TIMESTAMP"),
                    "sign" to header(s, "X-UPA-SIGN"),
                    "sign_param" to traceValue(s.trace, "sign_param"),
                    "string_to_sign" to traceValue(s.trace, "string_to_sign"),
                    "jwe_header" to traceValue(s.trace, "jwe_header"),
                    "api_key_header" to header(s, "X-UPA-APIKEY"),
                )
            }
            "upay_open_response" -> merchant().use { outputs("data_json" to it.openResponse(a.str("body"))) }
            "upay_open_notification" -> merchant().use {
                outputs("payload_json" to it.openNotification(a.str("body"), upayHeaders(a), a.optLong("now_ms")))
            }
            "upay_open_request" -> UPayProvider(
                a.str("api_key"), a.str("secret"), a.str("private_key"), a.str("merchant_public_key"), seedOf(a), nowOf(a),
                a.optLong("replay_window_ms"),
            ).use {
                outputs("params_json" to it.openRequest(a.str("method"), a.str("path"), a.str("body"), upayHeaders(a)))
            }
            else -> null
        }
    }

    /** KazePay (environment `Env::fixed(seed or "", now_ms or 0)`; profile from option names). */
    private fun kazepay(op: String, a: Args): Outputs? {
        fun profile() = kazepayProfileFromNames(
            a.optStr("digest") ?: "sha1",
            a.optStr("signed_content") ?: "plaintext",
            a.optStr("key_wrapping") ?: "base64_text",
            (a.optLong("aes_key_bits") ?: 128L).toInt(),
        )
        fun merchant() = KazePay(a.str("sys_id"), a.str("private_key"), a.str("provider_public_key"), profile(), seedOf(a), nowOf(a))
        fun mirror() = KazePayProvider(a.str("sys_id"), a.str("private_key"), a.str("merchant_public_key"), profile(), seedOf(a), nowOf(a))
        return when (op) {
            "kazepay_seal_request" -> merchant().use {
                outputs("message" to it.sealRequest(a.str("api_code"), a.str("body_json"), a.optStr("request_no")).body)
            }
            "kazepay_open_response" -> merchant().use { outputs("body_json" to it.openResponse(a.str("message"))) }
            "kazepay_open_request" -> mirror().use { outputs("body_json" to it.openRequest(a.str("message"), emptyList())) }
            "kazepay_seal_response" -> mirror().use {
                outputs("message" to it.sealResponse(a.str("api_code"), a.str("request_no"), a.str("body_json")).body)
            }
            "kazepay_detect" -> privateKey(a).use { k ->
                publicKey(a).use { pk ->
                    val r = kazepayDetect(a.str("message"), k, pk)
                    outputs(
                        "matches" to kotlinx.serialization.json.JsonArray(
                            r.matches.map { kotlinx.serialization.json.JsonPrimitive(kazepayProfileDescribe(it)) },
                        ),
                        "body_json" to r.body,
                    )
                }
            }
            "kazepay_multipart_body" -> {
                val file = KazePayFile(a.str("file_name"), a.str("content_type"), a.bytes("file"))
                hexOut("body_hex", kazepayMultipartBody(a.str("boundary"), file, a.str("request_json")))
            }
            else -> null
        }
    }

    private fun step(s: Sealed, name: String): String = traceValue(s.trace, name) ?: error("no trace step `$name`")

    private fun header(s: Sealed, name: String): String = headerValue(s.headers, name) ?: error("no header `$name`")
}
