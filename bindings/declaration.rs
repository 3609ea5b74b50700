// The declaration every binding is generated from: each provider class, its role, and
// its provider-specific methods, one entry per method. Included by each binding
// (`include!("../../declaration.rs")`) and expanded there by its own `macro_rules!`
// (Python: `bindings/python/src/generated.rs`, Node: `bindings/node/src/generated.rs`,
// uniffi: `bindings/uniffi/src/generated.rs`); see docs/ARCHITECTURE.md.
//
// A class is `merchant NAME = CORE_TYPE { … }` or `mirror NAME = CORE_TYPE { … }`. The role
// alone gives the uniform opening methods, written once per binding over the core's
// `Merchant` / `Mirror` traits:
//   merchant: open_response(body, headers = None)
//             open_notification(body, headers = None, now = None)
//   mirror:   open_request(body, headers = None, *, method = None, path = None)
// (Python adds an `_text` twin of each, Node a `Sync` twin of each, uniffi exports them.)
//
// A class opens with its constructor, then its getters and (merchants) its mirror:
//   /// doc of the class
//   new(ARG: CKIND, … [; /// doc
//                       OPTION: OKIND = DEFAULT, …]) = |env| CALL;
//   /// doc
//   get NAME = |c| EXPR;                   (EXPR: `&str` or `String`)
//   /// doc
//   provider(ARG: CKIND, …) -> MIRROR = |c| CALL;
// CALL gives a `cardseal::Result` of the core object (`?` allowed); `env` is the `Env`
// built from the optional, test-only `seed` and `now_ms` every constructor also takes.
// CKIND: `str`, `secret` (text → a `SecretString`, zeroized), `private_key`, `public_key`
// (PEM or bare base64 DER text, or its bytes → the parsed key). OPTION (keyword-only in
// Python, a field of the options object in Node, an argument with a default in Kotlin and
// Swift): `i64`/`i32` `= None` (→ `Option<…>`), `str = "…"` (→ text; `numbers`: the same,
// an enum in Kotlin/Swift), `u32 = N`, and
// `window = (Some(N))` (→ `Option<i64>`: absent → the default, `None`/`null` → no check).
// A DEFAULT is one token tree (hence the parentheses around `Some(N)`).
//
// A method entry is
//   /// doc
//   fn NAME(ARG: KIND [= DEFAULT], … [; KEYWORD_ARG: KIND [= DEFAULT], …]) -> RETURN
//       = |c| CALL;
// where `c` is the core object and each ARG is already converted. Arguments after `;` are
// keyword-only in Python (an options object in the Node wrapper; positional in the native
// layers). DEFAULT is one token: `None` for an optional argument, or a literal.
//
// KIND (what the binding accepts → what CALL sees):
//   str      text argument                      → `&str`-like (`&x` is `&str`)
//   str=None optional text                      → `Option<…>` (`x.as_deref()` is `Option<&str>`)
//   payload  JSON payload: a dict/list/str (Python), a string or bytes (Node), String
//            (uniffi); used byte for byte when text → `&x` is `&str`
//   payload=None   optional payload, `""` when absent → `&x` is `&str`
//   i64, bool      numbers and switches (`i64=None` → `Option<i64>`)
// RETURN: `sealed` (a Sealed message; payload-sized: Node and Kotlin/Swift also get an
// async form) or `text` (a string).
//
// Adding a provider method: the core method, then one entry here; every binding has it.

/// Calls `$expand! { … }` with every provider class.
#[allow(unused_macros)]
macro_rules! cardseal_declaration {
    ($expand:ident) => {
        $expand! {
            merchant Asinx = cardseal::providers::asinx::Asinx {
                /// ASINX Pay / Moonbank, merchant side (HMAC-SHA256 signatures, AES payloads).
                new(app_id: str, app_secret: secret)
                    = |env| cardseal::providers::asinx::Asinx::new(&app_id, app_secret.expose(), env);
                /// The merchant's `appId`.
                get app_id = |c| c.app_id();
                /// The provider-side mirror, with the same credentials.
                provider() -> AsinxProvider = |c| c.provider();
                /// Seals a request to `path`; `params` is sent as sorted compact JSON
                /// (none: `{}`); `uid` becomes the `uId` header.
                fn seal_request(path: str, params: payload = None; uid: str = None) -> sealed
                    = |c| c.seal_request(&path, &params, uid.as_deref());
            }
            mirror AsinxProvider = cardseal::providers::asinx::AsinxProvider {
                /// The ASINX side (mirror): verifies requests, seals responses and webhooks.
                new(app_id: str, app_secret: secret)
                    = |env| cardseal::providers::asinx::AsinxProvider::new(&app_id, app_secret.expose(), env);
                /// Seals a success response carrying `payload`.
                fn seal_response(payload: payload) -> sealed
                    = |c| c.seal_response(&payload);
                /// Seals a webhook carrying `payload`.
                fn seal_notification(payload: payload) -> sealed
                    = |c| c.seal_notification(&payload);
            }
            merchant Paytend = cardseal::providers::paytend::Paytend {
                /// Paytend, merchant side (SHA256withRSA signatures, AES payloads, RSA-wrapped keys).
                new(partner_id: str, private_key: private_key, provider_public_key: public_key;
                    /// The UTC offset of the `yyyyMMddHHmmssSSS` request ids, in minutes
                    /// (default 480, UTC+8; Paytend's documents use Beijing time).
                    utc_offset_minutes: i32 = None)
                    = |env| with_option(
                        cardseal::providers::paytend::Paytend::new(&partner_id, private_key, provider_public_key, env),
                        utc_offset_minutes,
                        cardseal::providers::paytend::Paytend::with_utc_offset_minutes,
                    );
                /// The partner id.
                get partner_id = |c| c.partner_id();
                /// The mirror: Paytend's side, holding Paytend's private key.
                provider(provider_private_key: private_key) -> PaytendProvider
                    = |c| c.provider(provider_private_key);
                /// Seals a request carrying `biz` (none: no `bizData`, no `randomKey`);
                /// `encrypt = false` sends `bizData` as the JSON object itself.
                fn seal_request(biz: payload = None; request_id: str = None, encrypt: bool = true) -> sealed
                    = |c| c.seal_request_with(&biz, request_id.as_deref(), paytend_options(encrypt));
            }
            mirror PaytendProvider = cardseal::providers::paytend::PaytendProvider {
                /// Paytend's side (mirror): verifies requests, seals responses and webhooks.
                new(partner_id: str, provider_private_key: private_key, partner_public_key: public_key)
                    = |env| cardseal::providers::paytend::PaytendProvider::new(&partner_id, provider_private_key, partner_public_key, env);
                /// Seals a success response carrying `payload` (none: no `respData`).
                fn seal_response(payload: payload = None; encrypt: bool = true) -> sealed
                    = |c| c.seal_response_with(&payload, paytend_options(encrypt));
                /// Seals a failure response (`respCode` other than "00").
                fn seal_error_response(code: str, message: str) -> sealed
                    = |c| c.seal_error_response(&code, &message);
                /// Seals a webhook carrying `payload` (none: no `content`) of `notify_type`
                /// (default "1").
                fn seal_notification(payload: payload = None; notify_type: str = None, encrypt: bool = true) -> sealed
                    = |c| c.seal_notification_with(
                        notify_type.as_deref().unwrap_or(cardseal::providers::paytend::DEFAULT_NOTIFY_TYPE),
                        &payload,
                        paytend_options(encrypt),
                    );
            }
            merchant HyperCard = cardseal::providers::hypercard::HyperCard {
                /// HyperCard by HyperPay, merchant side (SHA256withRSA over headers and body).
                new(api_key: str, private_key: private_key, provider_public_key: public_key;
                    /// Accepted age of a push event's signed `timestamp`, in seconds (default
                    /// 86 700: 24 h + 5 min, HyperCard retries for 24 hours); none: no check.
                    max_skew_secs: window = (Some(86700)),
                    /// Numbers in the signature string: `"python"` (`5000.00` -> `5000.0`,
                    /// the demo's `str(json.loads(...))`) or `"as_written"`.
                    numbers: numbers = "python",
                    /// The CPython whose `repr()` escapes non-ASCII text in nested values:
                    /// `"3.11"` to `"3.14"`.
                    python_version: str = "3.14")
                    = |env| hypercard_settings!(
                        cardseal::providers::hypercard::HyperCard::new(&api_key, private_key, provider_public_key, env),
                        max_skew_secs, numbers, python_version
                    );
                /// The merchant's `api-key`.
                get api_key = |c| c.api_key();
                /// The mirror: HyperCard's side, holding HyperCard's private key.
                provider(provider_private_key: private_key) -> HyperCardProvider
                    = |c| c.provider(provider_private_key);
                /// Seals a request: `params` is the body as given; headers `timestamp`
                /// (Unix seconds), `nonce`, `api-key`, `version`, `lang`, `signature`.
                fn seal_request(params: payload = None; timestamp: i64 = None, nonce: str = None, lang: str = None, version: str = None) -> sealed
                    = |c| c.seal_request(&params, hypercard_options(timestamp, nonce.as_deref(), lang.as_deref(), version.as_deref()));
            }
            mirror HyperCardProvider = cardseal::providers::hypercard::HyperCardProvider {
                /// HyperCard's side (mirror): verifies requests, seals responses, push events
                /// and card details.
                new(api_key: str, provider_private_key: private_key, merchant_public_key: public_key;
                    /// Accepted age of a request's signed `timestamp`, in seconds (default
                    /// 300); none: no check.
                    max_skew_secs: window = (Some(300)),
                    /// Numbers in the signature string: `"python"` or `"as_written"`.
                    numbers: numbers = "python",
                    /// The CPython whose `repr()` escapes non-ASCII text in nested values.
                    python_version: str = "3.14")
                    = |env| hypercard_settings!(
                        cardseal::providers::hypercard::HyperCardProvider::new(&api_key, provider_private_key, merchant_public_key, env),
                        max_skew_secs, numbers, python_version
                    );
                /// Answers a request: `{"code":"00000","msg":"ok","data":payload}`.
                fn seal_response(payload: payload) -> sealed
                    = |c| c.seal_response(&payload);
                /// Seals a failure response `{"code":code,"msg":message}`.
                fn seal_error_response(code: str, message: str) -> sealed
                    = |c| c.seal_error_response(&code, &message);
                /// Seals a push event carrying `payload`, signed like a request.
                fn seal_notification(payload: payload; timestamp: i64 = None, nonce: str = None, lang: str = None, version: str = None) -> sealed
                    = |c| c.seal_notification_with(&payload, hypercard_options(timestamp, nonce.as_deref(), lang.as_deref(), version.as_deref()));
            }
            merchant UPay = cardseal::providers::upay::UPay {
                /// UPay, merchant side (HMAC-SHA256 headers, RSA-OAEP JWE payloads).
                new(api_key: str, secret: secret, private_key: private_key, provider_public_key: public_key;
                    /// Accepted age of a signed timestamp, in milliseconds (default: 30 min
                    /// for webhooks at the merchant, 60 s for requests at the mirror).
                    replay_window_ms: i64 = None,
                    /// Cap on the inflated size of a compressed (`zip: DEF`) JWE payload.
                    max_inflated_bytes: i64 = None)
                    = |env| upay_settings!(
                        cardseal::providers::upay::UPay::new(&api_key, secret.expose(), private_key, provider_public_key, env),
                        replay_window_ms, max_inflated_bytes
                    );
                /// The merchant's API key (`X-UPA-APIKEY`).
                get api_key = |c| c.api_key();
                /// The mirror: UPay's side, holding the platform's private key.
                provider(platform_private_key: private_key) -> UPayProvider
                    = |c| c.provider(platform_private_key);
                /// Seals a request: `X-UPA-*` headers over `method|path|timestamp|id|SIGN_PARAM`;
                /// `encrypt` sends `{"payload": JWE}`; `multipart` signs an empty `SIGN_PARAM`.
                fn seal_request(method: str, path: str, params: payload = None; encrypt: bool = false, timestamp_ms: i64 = None, request_id: str = None, multipart: bool = false) -> sealed
                    = |c| c.seal_request(&method, &path, &params, &cardseal::providers::upay::UPayRequestOptions {
                        encrypt,
                        timestamp_ms,
                        request_id: request_id.as_deref().map(str::to_owned),
                        multipart,
                    });
                /// The answer to an accepted webhook: `SUCCESS` as text/plain.
                fn seal_notification_ack() -> sealed = |c| c.seal_notification_ack();
            }
            mirror UPayProvider = cardseal::providers::upay::UPayProvider {
                /// UPay's side (mirror): verifies requests, seals responses and webhooks.
                new(api_key: str, secret: secret, platform_private_key: private_key, merchant_public_key: public_key;
                    /// Accepted age of a signed timestamp, in milliseconds (default: 30 min
                    /// for webhooks at the merchant, 60 s for requests at the mirror).
                    replay_window_ms: i64 = None,
                    /// Cap on the inflated size of a compressed (`zip: DEF`) JWE payload.
                    max_inflated_bytes: i64 = None)
                    = |env| upay_settings!(
                        cardseal::providers::upay::UPayProvider::new(&api_key, secret.expose(), platform_private_key, merchant_public_key, env),
                        replay_window_ms, max_inflated_bytes
                    );
                /// Seals a response; `encrypt` sends `data` as `{"payload": JWE}`.
                fn seal_response(payload: payload; encrypt: bool = false) -> sealed
                    = |c| c.seal_response(&payload, encrypt);
                /// Seals a webhook event `{event, trace, orderNo, timestamp, detail}`.
                fn seal_notification(payload: payload; timestamp_ms: i64 = None, request_id: str = None) -> sealed
                    = |c| c.seal_notification_with(&payload, timestamp_ms, request_id.as_deref());
            }
            merchant KazePay = cardseal::providers::kazepay::KazePay {
                /// KazePay, merchant side (RSA-signed, AES-encrypted envelopes; see `profile`).
                new(sys_id: str, private_key: private_key, provider_public_key: public_key;
                    /// The signature digest: `"sha1"` or `"sha256"`.
                    digest: str = "sha1",
                    /// What is signed: `"plaintext"` or `"ciphertext"`.
                    signed_content: str = "plaintext",
                    /// How the AES key travels: `"base64_text"` or `"raw"`.
                    key_wrapping: str = "base64_text",
                    /// AES key size: 128 or 256.
                    aes_key_bits: u32 = 128)
                    = |env| cardseal::providers::kazepay::KazePay::new(
                        &sys_id, private_key, provider_public_key,
                        cardseal::providers::kazepay::KazePayProfile::from_names(&digest, &signed_content, &key_wrapping, aes_key_bits)?,
                        env,
                    );
                /// The merchant's `sysId`.
                get sys_id = |c| c.sys_id();
                /// The profile options, e.g. `"digest=sha1 signed_content=plaintext key_wrapping=base64_text aes_key_bits=128"`.
                get profile = |c| c.profile().describe();
                /// The mirror: KazePay's side, holding KazePay's private key.
                provider(provider_private_key: private_key) -> KazePayProvider
                    = |c| c.provider(provider_private_key);
                /// Seals a request envelope for `api_code`; `body` is encrypted and signed.
                fn seal_request(api_code: str, body: payload; request_no: str = None) -> sealed
                    = |c| c.seal_request(&api_code, &body, request_no.as_deref());
            }
            mirror KazePayProvider = cardseal::providers::kazepay::KazePayProvider {
                /// KazePay's side (mirror): opens requests, seals responses and notifications.
                new(sys_id: str, provider_private_key: private_key, merchant_public_key: public_key;
                    /// The signature digest: `"sha1"` or `"sha256"`.
                    digest: str = "sha1",
                    /// What is signed: `"plaintext"` or `"ciphertext"`.
                    signed_content: str = "plaintext",
                    /// How the AES key travels: `"base64_text"` or `"raw"`.
                    key_wrapping: str = "base64_text",
                    /// AES key size: 128 or 256.
                    aes_key_bits: u32 = 128)
                    = |env| cardseal::providers::kazepay::KazePayProvider::new(
                        &sys_id, provider_private_key, merchant_public_key,
                        cardseal::providers::kazepay::KazePayProfile::from_names(&digest, &signed_content, &key_wrapping, aes_key_bits)?,
                        env,
                    );
                /// Seals a response envelope to request `request_no` of `api_code`.
                fn seal_response(payload: payload; api_code: str, request_no: str) -> sealed
                    = |c| c.seal_response(&api_code, &request_no, &payload);
                /// Seals a failure response (`head.code` / `head.detail`).
                fn seal_error_response(api_code: str, request_no: str, code: str, detail: str) -> sealed
                    = |c| c.seal_error_response(&api_code, &request_no, &code, &detail);
                /// Seals a notification envelope for `api_code`.
                fn seal_notification(payload: payload; api_code: str) -> sealed
                    = |c| c.seal_notification(&api_code, &payload);
            }
        }
    };
}

/// `core`, with `set(option)` applied when the option is given (constructors).
#[allow(dead_code)]
fn with_option<T, O>(
    core: cardseal::Result<T>,
    option: Option<O>,
    set: fn(T, O) -> cardseal::Result<T>,
) -> cardseal::Result<T> {
    match option {
        Some(o) => set(core?, o),
        None => core,
    }
}

/// Either HyperCard side with its constructor options (a window of `None`: no check).
#[allow(unused_macros)]
macro_rules! hypercard_settings {
    ($core:expr, $max_skew:ident, $numbers:ident, $python:ident) => {
        Ok($core?
            .with_max_skew_secs($max_skew)?
            .with_number_style($numbers.parse()?)
            .with_python_version($python.parse()?))
    };
}

/// Either UPay side with its constructor options.
#[allow(unused_macros)]
macro_rules! upay_settings {
    ($core:expr, $window:ident, $max_inflated:ident) => {{
        let core = with_option($core, $window, |c, w| c.with_replay_window_ms(w))?;
        match $max_inflated {
            None => Ok(core),
            Some(m) => match usize::try_from(m) {
                Ok(m) => Ok(core.with_max_inflated_bytes(m)),
                Err(_) => Err(cardseal::Error::invalid_input("max_inflated_bytes", "must not be negative")),
            },
        }
    }};
}

/// Paytend's seal options from the bindings' `encrypt` switch.
#[allow(dead_code)]
fn paytend_options(encrypt: bool) -> cardseal::providers::paytend::PaytendSealOptions {
    if encrypt {
        cardseal::providers::paytend::PaytendSealOptions::default()
    } else {
        cardseal::providers::paytend::PaytendSealOptions::unencrypted()
    }
}

/// HyperCard's request options from the bindings' keyword arguments.
#[allow(dead_code)]
fn hypercard_options(
    timestamp: Option<i64>,
    nonce: Option<&str>,
    lang: Option<&str>,
    version: Option<&str>,
) -> cardseal::providers::hypercard::HyperCardRequestOptions {
    cardseal::providers::hypercard::HyperCardRequestOptions {
        timestamp,
        nonce: nonce.map(str::to_owned),
        lang: lang.map(str::to_owned),
        version: version.map(str::to_owned),
    }
}

// The `hazmat` primitives (Python `cardseal.hazmat`, Node `hazmat`; not in uniffi): one
// entry per function, `fn NAME(ARG: KIND [as "field"] [= DEFAULT], … [; KEYWORD…]) -> RETURN
// = CALL;` where CALL returns a `cardseal::Result` and each ARG is already converted.
// "field" is the name errors report for the argument (default: its name).
//
// KIND: `bytes` (bytes-like; `= None`: empty when absent), `secret` (key bytes, zeroized
// after the call where the binding copies them), `encoded` (text or bytes to decode),
// `json` (JSON text, or a value serialized to it), `padding` (`"pkcs7"` / `"none"`),
// `hash` (`"sha256"`, `"sha1"`, `"md5"`), `private_key`, `public_key`, `bool`, `seed`
// (`= None`: test-only reproducible randomness → an `Env`).
// RETURN: `bytes`, `secret_bytes` (a `SecretBytes` result), `string`, `unit`.

/// Calls `$expand! { … }` with every hazmat function.
#[allow(unused_macros)]
macro_rules! cardseal_hazmat {
    ($expand:ident) => {
        $expand! {
            /// AES-ECB encryption (key 16/24/32 bytes).
            fn aes_ecb_encrypt(key: secret, plaintext: bytes, padding: padding = "pkcs7") -> bytes
                = cardseal::hazmat::aes::ecb_encrypt(&key, &plaintext, padding);
            /// AES-ECB decryption; every failure is `DecryptionFailed`.
            fn aes_ecb_decrypt(key: secret, ciphertext: bytes, padding: padding = "pkcs7") -> bytes
                = cardseal::hazmat::aes::ecb_decrypt(&key, &ciphertext, padding);
            /// AES-CBC encryption (IV 16 bytes, not included in the output).
            fn aes_cbc_encrypt(key: secret, iv: bytes, plaintext: bytes, padding: padding = "pkcs7") -> bytes
                = cardseal::hazmat::aes::cbc_encrypt(&key, &iv, &plaintext, padding);
            /// AES-CBC decryption; every failure is `DecryptionFailed`.
            fn aes_cbc_decrypt(key: secret, iv: bytes, ciphertext: bytes, padding: padding = "pkcs7") -> bytes
                = cardseal::hazmat::aes::cbc_decrypt(&key, &iv, &ciphertext, padding);
            /// AES-GCM encryption (key 16/32, nonce 12 bytes): ciphertext ‖ 16-byte tag.
            fn aes_gcm_encrypt(key: secret, nonce: bytes, plaintext: bytes, aad: bytes = None) -> bytes
                = cardseal::hazmat::aes::gcm_encrypt(&key, &nonce, &aad, &plaintext);
            /// AES-GCM decryption of ciphertext ‖ tag; every failure is `DecryptionFailed`.
            fn aes_gcm_decrypt(key: secret, nonce: bytes, ciphertext_and_tag: bytes, aad: bytes = None) -> bytes
                = cardseal::hazmat::aes::gcm_decrypt(&key, &nonce, &aad, &ciphertext_and_tag);
            /// MD5 digest (16 bytes).
            fn md5(data: bytes) -> bytes = Ok(cardseal::hazmat::digest::md5(&data));
            /// SHA-1 digest (20 bytes).
            fn sha1(data: bytes) -> bytes = Ok(cardseal::hazmat::digest::sha1(&data));
            /// SHA-256 digest (32 bytes).
            fn sha256(data: bytes) -> bytes = Ok(cardseal::hazmat::digest::sha256(&data));
            /// HMAC-SHA256 (32 bytes).
            fn hmac_sha256(key: secret, data: bytes) -> bytes
                = Ok(cardseal::hazmat::digest::hmac_sha256(&key, &data));
            /// Verifies an HMAC-SHA256 tag in constant time; `SignatureMismatch` if it differs.
            fn hmac_sha256_verify(key: secret, data: bytes, tag: bytes) -> unit
                = cardseal::hazmat::digest::hmac_sha256_verify(&key, &data, &tag);
            /// Standard base64 (padded, one line).
            fn b64_encode(data: bytes) -> string = Ok(cardseal::hazmat::encoding::b64_encode(&data));
            /// Strict standard base64 decoding (padding required, no whitespace).
            fn b64_decode(text: encoded as "base64") -> bytes
                = cardseal::hazmat::encoding::b64_decode(&text);
            /// Lenient base64 decoding: skips CR/LF, accepts missing padding.
            fn b64_decode_lenient(text: encoded as "base64") -> bytes
                = cardseal::hazmat::encoding::b64_decode_lenient(&text);
            /// Lowercase hex.
            fn hex_encode(data: bytes) -> string = Ok(cardseal::hazmat::encoding::hex_encode(&data));
            /// Hex decoding (either case).
            fn hex_decode(text: encoded as "hex") -> bytes
                = cardseal::hazmat::encoding::hex_decode(&text);
            /// Hex when every character is a hex digit and the length is even, else lenient base64.
            fn decode_hex_or_b64(text: encoded) -> bytes
                = cardseal::hazmat::encoding::decode_hex_or_b64(&text);
            /// base64url without padding (JOSE).
            fn base64url_encode(data: bytes) -> string
                = Ok(cardseal::hazmat::jwe::base64url_encode(&data));
            /// base64url decoding (JOSE, no padding).
            fn base64url_decode(text: encoded as "base64url") -> bytes
                = cardseal::hazmat::jwe::base64url_decode(&text);
            /// RSASSA-PKCS1-v1_5 signature (deterministic).
            fn rsa_sign_pkcs1v15(private_key: private_key, message: bytes, hash: hash = "sha256") -> bytes
                = private_key.sign_pkcs1v15(hash, &message);
            /// Verifies an RSASSA-PKCS1-v1_5 signature; `SignatureMismatch` on any failure.
            fn rsa_verify_pkcs1v15(public_key: public_key, message: bytes, signature: bytes, hash: hash = "sha256") -> unit
                = public_key.verify_pkcs1v15(hash, &message, &signature);
            /// RSAES-PKCS1-v1_5 encryption (`blocks`: k−11 bytes in, k out per block, like the
            /// providers' Java demos). `seed` is test-only (reproducible padding).
            fn rsa_encrypt_pkcs1v15(public_key: public_key, message: bytes; blocks: bool = false, seed: seed = None) -> bytes
                = if blocks {
                    public_key.encrypt_pkcs1v15_blocks(&message, &seed)
                } else {
                    public_key.encrypt_pkcs1v15(&message, &seed)
                };
            /// RSAES-PKCS1-v1_5 decryption (implicit rejection: a wrong key or bad padding
            /// gives a synthetic plaintext; a wrong length is `DecryptionFailed`).
            fn rsa_decrypt_pkcs1v15(private_key: private_key, ciphertext: bytes; blocks: bool = false) -> secret_bytes
                = if blocks {
                    private_key.decrypt_pkcs1v15_blocks(&ciphertext)
                } else {
                    private_key.decrypt_pkcs1v15(&ciphertext)
                };
            /// RSAES-OAEP encryption with SHA-256 and MGF1-SHA-256. `seed` is test-only.
            fn rsa_encrypt_oaep_sha256(public_key: public_key, message: bytes, label: bytes = None; seed: seed = None) -> bytes
                = public_key.encrypt_oaep_sha256(&message, &label, &seed);
            /// RSAES-OAEP (SHA-256) decryption; every failure is `DecryptionFailed`.
            fn rsa_decrypt_oaep_sha256(private_key: private_key, ciphertext: bytes, label: bytes = None) -> secret_bytes
                = private_key.decrypt_oaep_sha256(&ciphertext, &label);
            /// Sorted compact JSON (keys sorted recursively in Java UTF-16 order, numbers as written).
            fn json_sorted_compact(value: json as "json") -> string
                = cardseal::canonical::json::sorted_compact(&value);
            /// Compact JSON keeping member order.
            fn json_compact(value: json as "json") -> string
                = cardseal::canonical::json::compact(&value);
            /// `name=value&…` of non-empty flat fields, UTF-16 name order, values raw (Paytend's
            /// signature string). Nested values are `InvalidInput`; `""` is no fields.
            fn form_flat_nonempty_sorted(fields: json) -> string
                = cardseal::canonical::form::render_json(&cardseal::canonical::form::FormRule::FLAT_NONEMPTY_SORTED, &fields);
            /// Every top-level field sorted (UTF-16), nested values as sorted compact JSON (UPay's
            /// `SIGN_PARAM`); `""` is no params.
            fn form_sorted_nested_sorted_json(params: json) -> string
                = cardseal::canonical::form::render_json(&cardseal::canonical::form::FormRule::SORTED_NESTED_SORTED_JSON, &params);
        }
    };
}
