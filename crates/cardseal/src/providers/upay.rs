//! UPay: HMAC-SHA256 request signing plus JWE (RSA-OAEP-256 + A128GCM, `zip: DEF`)
//! payload encryption. The scheme, its sources and what was verified byte for byte are in
//! `docs/providers/upay.md`.
//!
//! # Requests ([`UPay::seal_request`])
//! Headers, in this order, on every request (multipart uploads too):
//! - `X-UPA-REQUESTID`: the given id, else a fresh random UUID v4 in its 32-hex-digit
//!   form without dashes (the published example `366dde77c57a4e7e988c074a21a4f04c` is one);
//! - `X-UPA-TIMESTAMP`: Unix milliseconds, 13 digits;
//! - `X-UPA-SIGN`: `base64(HMAC-SHA256(secret, METHOD|URI|TIMESTAMP|REQUEST_ID|SIGN_PARAM))`;
//! - `X-UPA-APIKEY` ([`HEADER_API_KEY`]): the merchant's API key as given to [`UPay::new`],
//!   sent as is. It is not part of the string to sign.
//!
//! `SIGN_PARAM` is the [`form::FormRule::SORTED_NESTED_SORTED_JSON`] rendering of the plaintext params:
//! top-level keys sorted, `k=v` joined by `&`, strings raw, numbers as their JSON literal,
//! nested objects/arrays as sorted compact JSON; empty params give an empty `SIGN_PARAM`
//! (the string to sign then ends in `|`). Multipart uploads sign an empty `SIGN_PARAM`: the
//! file upload signs `POST|/api/v1/common/file/upload|TIMESTAMP|REQUEST_ID|`.
//!
//! With `encrypt`, the body is `{"payload":"<JWE>"}`: the params JSON text is encrypted
//! to the platform public key with `kid` = lowercase hex of SHA-256 over the platform
//! public key's SPKI PEM text (64-column lines, each ending in `\n`). The **plaintext**
//! params are what is signed. Since a body `{"payload": "<string>"}` is read as encrypted,
//! unencrypted params (or response data) of exactly that shape are refused
//! (`InvalidInput`), as is a negative replay/request window.
//!
//! # Responses ([`UPay::open_response`])
//! `{code, msg, success, ts, data}`. The result is decided by `code` alone: `0` (the
//! number, or the string `"0"`) is success; any other `code` is an
//! [`Error::ProviderError`] with that code and `msg`, whatever `success` says (`success`
//! was seen `true` on a `code` 403 failure, so it is not read). When `data` is
//! `{"payload": "<JWE>"}` the JWE (to the merchant public key) is decrypted and its
//! plaintext returned; otherwise `data` is returned as compact JSON text.
//!
//! # Webhooks ([`UPay::open_notification`])
//! The body is a JWE (to the merchant key). It is decrypted, then `X-UPA-SIGN` is checked
//! in constant time against `base64(HMAC-SHA256(secret, event|X-UPA-TIMESTAMP|rawBody))`
//! (`event` from the decrypted payload, `rawBody` the JWE text as received), then the
//! header timestamp must be within the replay window of now (default
//! [`DEFAULT_REPLAY_WINDOW_MS`], 30 minutes: UPay's retries reuse the first timestamp, so
//! this window must cover the whole retry schedule, not just clock skew). `detail` may
//! arrive as an object or as a JSON string; the returned payload always has it as JSON
//! (parsed). Answer an accepted webhook with the body [`NOTIFICATION_ACK`] (`SUCCESS`).
//!
//! What can be checked before decrypting is: the `X-UPA-TIMESTAMP` header is present and
//! well-formed and the `X-UPA-SIGN` header is present. The HMAC itself cannot: it covers
//! `event`, which is only known after decryption.
//!
//! # The mirror ([`UPayProvider::open_request`])
//! The platform side, for local tests: it knows the merchant's API key and refuses a
//! request without `X-UPA-APIKEY` ([`Error::InvalidInput`], field `X-UPA-APIKEY`) or with
//! another value ([`Error::SignatureMismatch`] naming `X-UPA-APIKEY`, compared in constant
//! time), then checks `X-UPA-SIGN` and the request timestamp against its window, which
//! defaults to [`DEFAULT_REQUEST_WINDOW_MS`] (60 s, what the platform accepts) and is
//! separate from the merchant's webhook replay window.
//!
//! # Payload size
//! Every JWE UPay sends is `zip: DEF`, so a small body can inflate to a large payload,
//! and (see above) the webhook HMAC can only be checked after inflating. Inflating is
//! streamed into a buffer that never grows past a cap, [`DEFAULT_MAX_PAYLOAD_BYTES`]
//! (16 MiB) unless set with `with_max_inflated_bytes`: room for KYC submissions (ID
//! document and selfie images as base64, typically a few MiB), a quarter of the generic
//! JWE default. A payload over the cap is `InvalidInput` ("zip: inflated payload exceeds
//! N bytes", `field` `body` for webhooks, `data.payload` for responses, `payload` for
//! the mirror's requests). A JWE without `zip` is not amplified (its size is the body's,
//! which the HTTP layer bounds) and is not capped here.
//!
//! Before any of that, every open path refuses a body over [`DEFAULT_MAX_BODY_BYTES`]
//! (32 MiB, `with_max_body_bytes`), and every JSON text it parses (the body, the
//! inflated payload, `detail`) is parsed within [`json::Limits::DEFAULT`]. A webhook's
//! HMAC cannot come before decryption (it covers `event`, inside the JWE), but it comes
//! before the payload is parsed into a tree: `event` is read from the inflated text by a
//! scan that builds none ([`json::raw_members`]), the HMAC is computed over
//! `event|timestamp|body` as a stream (no copy of the body), and only a webhook whose
//! HMAC holds is parsed.

use std::sync::Arc;

use crate::canonical::form;
use crate::canonical::json::{self, Json};
use crate::env::Env;
use crate::error::{Check, Error, KeyProblem, Result};
use crate::hazmat::digest;
use crate::hazmat::encoding::{b64_encode, hex_encode};
use crate::hazmat::jwe::{self, ContentEncryption, DecryptOptions, EncryptOptions};
use crate::hazmat::rsa::{RsaPrivateKey, RsaPublicKey};
use crate::providers::explain::SignedString;
use crate::providers::{
    Headers, Merchant, Mirror, ObjectWriter, Received, Sealed, Trace, check_body_size,
    check_header_value, header,
};
use crate::secret::{SecretString, ct_eq};

/// Header carrying the request id.
pub const HEADER_REQUEST_ID: &str = "X-UPA-REQUESTID";
/// Header carrying the 13-digit millisecond timestamp.
pub const HEADER_TIMESTAMP: &str = "X-UPA-TIMESTAMP";
/// Header carrying the HMAC signature.
pub const HEADER_SIGN: &str = "X-UPA-SIGN";
/// Header carrying the merchant's API key, on every request (not signed).
pub const HEADER_API_KEY: &str = "X-UPA-APIKEY";
/// The body a webhook receiver answers once it has accepted an event.
pub const NOTIFICATION_ACK: &str = "SUCCESS";
/// Default replay window for webhooks on the merchant side: 30 minutes (retries reuse
/// the first timestamp). Set with [`UPay::with_replay_window_ms`].
pub const DEFAULT_REPLAY_WINDOW_MS: i64 = 30 * 60 * 1000;
/// Default request timestamp window of the mirror ([`UPayProvider::open_request`]):
/// 60 seconds, what the platform accepts. Set with [`UPayProvider::with_replay_window_ms`].
pub const DEFAULT_REQUEST_WINDOW_MS: i64 = 60_000;
/// Default cap on a decrypted (inflated) JWE payload of a response, a webhook or (on the
/// mirror) a request: 16 MiB. See the module docs, "Payload size"; set with
/// [`UPay::with_max_inflated_bytes`] / [`UPayProvider::with_max_inflated_bytes`].
pub const DEFAULT_MAX_PAYLOAD_BYTES: usize = 16 * 1024 * 1024;

/// The default maximum size of a received body (responses and webhooks at the merchant,
/// requests at the mirror), checked before anything else: 32 MiB. UPay publishes no size
/// limit for JSON bodies (files go by multipart upload); a JWE carrying a payload of
/// [`DEFAULT_MAX_PAYLOAD_BYTES`] that does not compress is about 4/3 of it as base64url,
/// 22 MB, and 32 MiB is the cap used for every provider. Set per client with
/// [`UPay::with_max_body_bytes`] / [`UPayProvider::with_max_body_bytes`]. A longer body is
/// [`Error::InvalidInput`] (`body`, naming `max_body_bytes`).
pub const DEFAULT_MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

const TS_MIN: i64 = 1_000_000_000_000;
const TS_MAX: i64 = 9_999_999_999_999;

/// Options for [`UPay::seal_request`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UPayRequestOptions {
    /// Encrypt the params into `{"payload": JWE}` (encrypted endpoints).
    pub encrypt: bool,
    /// The timestamp to sign (Unix ms, 13 digits); the `Env` clock when `None`.
    pub timestamp_ms: Option<i64>,
    /// The request id; a random UUID v4 (32 hex digits, no dashes) when `None`.
    pub request_id: Option<String>,
    /// A multipart upload: `SIGN_PARAM` is empty and the body is left to the caller
    /// (`Sealed.body` is empty).
    pub multipart: bool,
}

/// The `SIGN_PARAM` of a params JSON text (see the module docs).
pub fn sign_param(params_json: &str) -> Result<String> {
    form::render_json(&form::FormRule::SORTED_NESTED_SORTED_JSON, params_json)
        .map_err(|e| e.in_field("params"))
}

/// A MAC fed as text is written (the `SIGN_PARAM` of a multi-MB request is never built).
struct MacSink<'m>(&'m mut digest::HmacSha256Stream);

impl crate::canonical::TextSink for MacSink<'_> {
    fn push_str(&mut self, s: &str) {
        self.0.update(s.as_bytes());
    }
}

/// `b64(HMAC(secret, prefix + SIGN_PARAM(params)))` (an empty `params` text: an empty
/// `SIGN_PARAM`), with `SIGN_PARAM` rendered from the text as it is hashed
/// ([`form::render_merged_json_to`], no tree but of nested values). Params the scan
/// refuses get [`sign_param`]'s error.
fn request_mac(secret: &SecretString, prefix: &str, params: &str) -> Result<String> {
    let mut mac = digest::HmacSha256Stream::new(secret.expose().as_bytes());
    mac.update(prefix.as_bytes());
    if !params.trim().is_empty() {
        let streamed = form::render_merged_json_to(
            &form::FormRule::SORTED_NESTED_SORTED_JSON,
            &[],
            params,
            &json::Limits::DEFAULT,
            &mut MacSink(&mut mac),
        );
        if streamed.is_err() {
            let sp = sign_param(params)?;
            let mut mac = digest::HmacSha256Stream::new(secret.expose().as_bytes());
            mac.update(prefix.as_bytes());
            mac.update(sp.as_bytes());
            return Ok(b64_encode(&mac.finalize()));
        }
    }
    Ok(b64_encode(&mac.finalize()))
}

/// `METHOD|URI|TIMESTAMP|REQUEST_ID|SIGN_PARAM`.
pub fn request_string_to_sign(
    method: &str,
    uri: &str,
    timestamp: &str,
    request_id: &str,
    sign_param: &str,
) -> String {
    let mut s = String::with_capacity(
        method.len() + uri.len() + timestamp.len() + request_id.len() + sign_param.len() + 4,
    );
    for (i, part) in [method, uri, timestamp, request_id, sign_param]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            s.push('|');
        }
        s.push_str(part);
    }
    s
}

/// `base64(HMAC-SHA256(secret, data))`.
pub fn hmac_sign(secret: &[u8], data: &[u8]) -> String {
    b64_encode(&digest::hmac_sha256(secret, data))
}

/// The `kid` UPay expects for a recipient key: lowercase hex of SHA-256 over the key's
/// SPKI PEM text (64-column lines, each ending in `\n`).
pub fn key_id(public_key: &RsaPublicKey) -> Result<String> {
    let pem = public_key.to_spki_pem()?;
    Ok(hex_encode(&digest::sha256(pem.as_bytes())))
}

fn check_method(method: &str) -> Result<String> {
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Error::invalid_input(
            "method",
            "must be an HTTP method name (letters only)",
        ));
    }
    Ok(method.to_ascii_uppercase())
}

fn check_path(path: &str) -> Result<()> {
    if !path.starts_with('/') || path.contains('|') || path.bytes().any(|b| b.is_ascii_control()) {
        return Err(Error::invalid_input(
            "path",
            "must start with `/` and contain no `|` or control characters",
        ));
    }
    Ok(())
}

fn check_timestamp(ts: i64, field: &str) -> Result<String> {
    if !(TS_MIN..=TS_MAX).contains(&ts) {
        return Err(Error::invalid_input(
            field,
            format!("{ts} is not a 13-digit Unix millisecond timestamp"),
        ));
    }
    Ok(ts.to_string())
}

fn check_request_id(id: &str) -> Result<()> {
    if id.is_empty() || id.contains('|') || id.bytes().any(|b| b.is_ascii_control()) {
        return Err(Error::invalid_input(
            "request_id",
            "must be non-empty, without `|` or control characters",
        ));
    }
    Ok(())
}

/// A random UUID v4 as 32 lowercase hex digits (no dashes).
fn random_request_id(env: &Env) -> Result<String> {
    let mut b = [0u8; 16];
    env.fill_random(&mut b)?;
    if let Some(x) = b.get_mut(6) {
        *x = (*x & 0x0f) | 0x40;
    }
    if let Some(x) = b.get_mut(8) {
        *x = (*x & 0x3f) | 0x80;
    }
    Ok(hex_encode(&b))
}

fn check_window(ts: i64, now: i64, window: i64) -> Result<()> {
    if now.abs_diff(ts) > window.unsigned_abs() {
        return Err(Error::Expired {
            timestamp_ms: ts,
            now_ms: now,
            max_age_ms: window,
        });
    }
    Ok(())
}

fn parse_header_timestamp(headers: &Headers) -> Result<(String, i64)> {
    let text = header(headers, HEADER_TIMESTAMP)
        .ok_or_else(|| Error::invalid_input(HEADER_TIMESTAMP, "missing header"))?;
    let ts: i64 = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse()
            .map_err(|_| Error::invalid_input(HEADER_TIMESTAMP, "not a millisecond timestamp"))?
    } else {
        return Err(Error::invalid_input(
            HEADER_TIMESTAMP,
            "not a millisecond timestamp",
        ));
    };
    Ok((text.to_owned(), ts))
}

fn require_sign_header(headers: &Headers) -> Result<&str> {
    header(headers, HEADER_SIGN).ok_or_else(|| Error::invalid_input(HEADER_SIGN, "missing header"))
}

/// `b64(HMAC-SHA256(secret, parts concatenated))`, MACed piece by piece: a multi-MB
/// `SIGN_PARAM` is never copied into a whole string to sign.
fn mac_b64(secret: &SecretString, parts: &[&[u8]]) -> String {
    let mut mac = digest::HmacSha256Stream::new(secret.expose().as_bytes());
    for part in parts {
        mac.update(part);
    }
    b64_encode(&mac.finalize())
}

/// Checks the sign header against the MAC of `parts` concatenated (constant time).
fn verify_sign(headers: &Headers, secret: &SecretString, parts: &[&[u8]]) -> Result<()> {
    let got = require_sign_header(headers)?;
    let want = mac_b64(secret, parts);
    if ct_eq(got.as_bytes(), want.as_bytes()) {
        Ok(())
    } else {
        Err(Error::signature_mismatch(Check::UpaSign))
    }
}

fn jwe_options(recipient: &RsaPublicKey) -> Result<EncryptOptions> {
    Ok(EncryptOptions {
        enc: ContentEncryption::A128Gcm,
        zip: true,
        typ: Some("JOSE".to_owned()),
        kid: Some(key_id(recipient)?),
    })
}

fn utf8(bytes: Vec<u8>, field: &str) -> Result<String> {
    String::from_utf8(bytes)
        .map_err(|_| Error::invalid_input(field, "decrypted payload is not UTF-8"))
}

/// If `body` is exactly `{"payload": "<string>"}`, the string.
fn payload_member<'j>(value: &'j Json<'_>) -> Option<&'j str> {
    match value.as_object() {
        Some([(k, Json::String(s))]) if k == "payload" => Some(s.as_ref()),
        _ => None,
    }
}

/// Refuses plaintext JSON that is exactly `{"payload": "<string>"}`: the other side reads
/// that shape as an encrypted body (`{"payload": JWE}`), so it could never be opened.
/// Only text holding `payload` or an escape (`\u0070ayload`) can have that shape, so
/// other text is not parsed here.
fn refuse_payload_shape(json_text: &str, field: &str) -> Result<()> {
    if !json_text.contains("payload") && !json_text.contains('\\') {
        return Ok(());
    }
    let Ok(doc) = json::parse(json_text) else {
        // Not JSON: the caller's own parse reports it.
        return Ok(());
    };
    if payload_member(&doc).is_some() {
        return Err(Error::invalid_input(
            field,
            "an unencrypted object whose only member is the string `payload` would be read by the other side as an encrypted `{\"payload\": JWE}` body and could not be opened: encrypt it, or add another member",
        ));
    }
    Ok(())
}

/// A replay/request window must not be negative (a negative one is refused rather than
/// silently taken as its absolute value).
fn check_window_option(window_ms: i64) -> Result<()> {
    if window_ms < 0 {
        return Err(Error::invalid_input("replay_window_ms", "negative"));
    }
    Ok(())
}

/// UPay, merchant side.
#[derive(Clone)]
pub struct UPay {
    api_key: String,
    secret: SecretString,
    private_key: RsaPrivateKey,
    provider_public_key: RsaPublicKey,
    env: Env,
    replay_window_ms: i64,
    decrypt: DecryptOptions,
    max_body_bytes: usize,
}

impl std::fmt::Debug for UPay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UPay")
            .field("api_key", &self.api_key)
            .field("secret", &self.secret)
            .field("private_key", &self.private_key)
            .field("replay_window_ms", &self.replay_window_ms)
            .finish_non_exhaustive()
    }
}

impl UPay {
    /// A UPay client. `api_key` is the merchant's API key, sent as the `X-UPA-APIKEY`
    /// header of every request; `secret` is the HMAC secret (used as its UTF-8 bytes);
    /// `private_key` is the merchant key (decrypts responses and webhooks);
    /// `provider_public_key` is the platform key (encrypts requests).
    ///
    /// Errors: [`Error::InvalidInput`] (field `api_key`) when `api_key` is empty or holds a
    /// control character; [`Error::InvalidKey`] when `secret` is empty.
    pub fn new(
        api_key: &str,
        secret: &str,
        private_key: RsaPrivateKey,
        provider_public_key: RsaPublicKey,
        env: Env,
    ) -> Result<UPay> {
        check_header_value("api_key", api_key)?;
        if secret.is_empty() {
            return Err(Error::key(KeyProblem::Size, "UPay secret is empty"));
        }
        Ok(UPay {
            api_key: api_key.to_owned(),
            secret: SecretString::from(secret),
            private_key,
            provider_public_key,
            env,
            replay_window_ms: DEFAULT_REPLAY_WINDOW_MS,
            decrypt: DecryptOptions {
                enc: ContentEncryption::A128Gcm,
                max_inflated_bytes: DEFAULT_MAX_PAYLOAD_BYTES,
            },
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// Sets the webhook replay window (milliseconds either side of now; default
    /// [`DEFAULT_REPLAY_WINDOW_MS`], 30 minutes). It does not change the window of a
    /// mirror made with [`UPay::provider`].
    ///
    /// Errors: [`Error::InvalidInput`] (`replay_window_ms`) when negative.
    pub fn with_replay_window_ms(mut self, window_ms: i64) -> Result<Self> {
        check_window_option(window_ms)?;
        self.replay_window_ms = window_ms;
        Ok(self)
    }

    /// Sets the cap on the inflated size of a `zip: DEF` JWE payload (responses and
    /// webhooks; default [`DEFAULT_MAX_PAYLOAD_BYTES`]).
    pub fn with_max_inflated_bytes(mut self, max: usize) -> Self {
        self.decrypt.max_inflated_bytes = max;
        self
    }

    /// Refuses a received body (response, webhook) longer than `max` bytes, before reading
    /// it (default [`DEFAULT_MAX_BODY_BYTES`], 32 MiB).
    pub fn with_max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = max;
        self
    }

    /// The API key given to [`UPay::new`] (the `X-UPA-APIKEY` header value).
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The API key given to [`UPay::new`].
    #[deprecated(note = "the first argument of `UPay::new` is the API key: use `api_key()`")]
    pub fn app_id(&self) -> &str {
        &self.api_key
    }

    /// The mirror (platform side) for local tests: `platform_private_key` is the private
    /// half of this object's `provider_public_key`. It knows this merchant's API key and
    /// secret; its request window is [`DEFAULT_REQUEST_WINDOW_MS`] (not this object's
    /// webhook window).
    pub fn provider(&self, platform_private_key: RsaPrivateKey) -> UPayProvider {
        UPayProvider {
            api_key: self.api_key.clone(),
            secret: self.secret.clone(),
            private_key: platform_private_key,
            merchant_public_key: self.private_key.public_key(),
            env: self.env.clone(),
            request_window_ms: DEFAULT_REQUEST_WINDOW_MS,
            decrypt: self.decrypt.clone(),
            max_body_bytes: self.max_body_bytes,
        }
    }

    /// Signs (and with `opts.encrypt`, encrypts) a request. `params_json` is the JSON
    /// object text of the params (an empty text means no params). The headers are
    /// `X-UPA-REQUESTID`, `X-UPA-TIMESTAMP`, `X-UPA-SIGN` and `X-UPA-APIKEY`, in that order.
    ///
    /// Trace steps: `sign_param`, `string_to_sign`, `sign`, then with `encrypt`
    /// `jwe_header`, `kid`, `jwe`.
    ///
    /// Unencrypted params that are exactly `{"payload": "<string>"}` are refused
    /// ([`Error::InvalidInput`], field `params.payload`): the platform would take them for
    /// an encrypted body. Encrypted, they are fine.
    pub fn seal_request(
        &self,
        method: &str,
        path: &str,
        params_json: &str,
        opts: &UPayRequestOptions,
    ) -> Result<Sealed> {
        let method = check_method(method)?;
        check_path(path)?;
        let ts = check_timestamp(
            opts.timestamp_ms
                .unwrap_or_else(|| self.env.now_unix_millis()),
            "timestamp_ms",
        )?;
        let request_id = match &opts.request_id {
            Some(id) => {
                check_request_id(id)?;
                id.clone()
            }
            None => random_request_id(&self.env)?,
        };
        let mut trace = Trace::new();
        let sign_param = Arc::new(if opts.multipart || params_json.trim().is_empty() {
            String::new()
        } else {
            sign_param(params_json)?
        });
        if !opts.multipart && !opts.encrypt {
            refuse_payload_shape(params_json, "params.payload")?;
        }
        // `METHOD|URI|TIMESTAMP|REQUEST_ID|` then SIGN_PARAM, MACed as it goes: a
        // multi-MB string to sign is built only if the trace asks for it.
        let prefix = request_string_to_sign(&method, path, &ts, &request_id, "");
        let sign = mac_b64(&self.secret, &[prefix.as_bytes(), sign_param.as_bytes()]);
        let sp = Arc::clone(&sign_param);
        trace.push_lazy("sign_param", move || sp.to_string());
        trace.push_lazy("string_to_sign", move || format!("{prefix}{sign_param}"));
        trace.push("sign", sign.as_str());
        let body = if opts.multipart {
            String::new()
        } else if opts.encrypt {
            let jwe_opts = jwe_options(&self.provider_public_key)?;
            let sealed = jwe::encrypt(
                params_json.as_bytes(),
                &self.provider_public_key,
                &jwe_opts,
                &self.env,
            )?;
            let mut body = String::with_capacity(sealed.compact.len() + 14);
            // A JWE compact serialization (base64url and dots) needs no JSON escaping.
            body.push_str("{\"payload\":\"");
            body.push_str(&sealed.compact);
            body.push_str("\"}");
            trace.push("jwe_header", sealed.header_json);
            trace.push("kid", jwe_opts.kid.unwrap_or_default());
            trace.push("jwe", sealed.compact);
            body
        } else {
            params_json.to_owned()
        };
        Ok(Sealed {
            body,
            headers: vec![
                (HEADER_REQUEST_ID.to_owned(), request_id),
                (HEADER_TIMESTAMP.to_owned(), ts),
                (HEADER_SIGN.to_owned(), sign),
                (HEADER_API_KEY.to_owned(), self.api_key.clone()),
            ],
            trace,
        })
    }

    /// Opens a response `{code, msg, success, ts, data}` and returns the business data
    /// JSON text (decrypted when `data` is `{"payload": JWE}`).
    ///
    /// `code` alone decides: `0` or `"0"` is success; anything else is
    /// [`Error::ProviderError`] `{code, message: msg, result: None}`, whatever `success`
    /// says. A missing `code`, or one that is not a number or string, is
    /// [`Error::InvalidInput`].
    pub fn open_response(&self, body: &str) -> Result<String> {
        check_body_size(body, self.max_body_bytes)?;
        let doc = json::parse(body).map_err(|e| e.in_field("body"))?;
        if doc.as_object().is_none() {
            return Err(Error::invalid_input("body", "not a JSON object"));
        }
        let code = match doc.get("code") {
            Some(Json::Number(n)) => (*n).to_owned(),
            Some(Json::String(s)) => s.to_string(),
            Some(_) => return Err(Error::invalid_input("code", "not a number or string")),
            None => return Err(Error::invalid_input("code", "missing")),
        };
        // `success` is not read: it was seen `true` on failures (`code` 403).
        if code != "0" {
            let message = match doc.get("msg") {
                Some(Json::String(s)) => s.to_string(),
                Some(other) => other.to_compact(),
                None => String::new(),
            };
            return Err(Error::ProviderError {
                code,
                message,
                result: None,
            });
        }
        let data = doc.get("data").unwrap_or(&Json::Null);
        match payload_member(data) {
            Some(compact) => {
                let d = jwe::decrypt(compact, &self.private_key, &self.decrypt)
                    .map_err(|e| e.in_field("data.payload"))?;
                utf8(d.plaintext, "data.payload")
            }
            None => Ok(data.to_compact()),
        }
    }

    /// The answer to an accepted webhook, to send within 5 seconds: body
    /// [`NOTIFICATION_ACK`] (`SUCCESS`), `Content-Type: text/plain` (docs/providers/upay.md).
    pub fn seal_notification_ack(&self) -> Result<Sealed> {
        Ok(Sealed {
            body: NOTIFICATION_ACK.to_owned(),
            headers: vec![("Content-Type".to_owned(), "text/plain".to_owned())],
            trace: Trace::new(),
        })
    }

    /// Opens a webhook: decrypts the JWE body, verifies `X-UPA-SIGN`, checks the
    /// timestamp window against `now_ms` (the `Env` clock when `None`), and returns the
    /// payload JSON (compact, members in order) with `detail` as JSON.
    pub fn open_notification(
        &self,
        body: &str,
        headers: &Headers,
        now_ms: Option<i64>,
    ) -> Result<String> {
        check_body_size(body, self.max_body_bytes)?;
        open_webhook(
            body,
            headers,
            now_ms.unwrap_or_else(|| self.env.now_unix_millis()),
            &self.secret,
            &self.private_key,
            &self.decrypt,
            self.replay_window_ms,
        )
    }
}

fn open_webhook(
    body: &str,
    headers: &Headers,
    now: i64,
    secret: &SecretString,
    key: &RsaPrivateKey,
    decrypt: &DecryptOptions,
    window: i64,
) -> Result<String> {
    // Checked before decrypting: the headers (the HMAC itself needs `event`, inside).
    let (ts_text, ts) = parse_header_timestamp(headers)?;
    require_sign_header(headers)?;
    let d = jwe::decrypt(body, key, decrypt).map_err(|e| e.in_field("body"))?;
    let plaintext = utf8(d.plaintext, "body")?;
    // Before the HMAC, only `event` is read: from the text, without a tree (the text is
    // checked as the parser checks it, so the errors are the parser's).
    let event = {
        let members = json::raw_members(&plaintext, &json::Limits::DEFAULT)
            .map_err(|e| e.in_field("payload"))?
            .ok_or_else(|| Error::invalid_input("payload", "not a JSON object"))?;
        let raw = members.iter().find(|(k, _)| k == "event").map(|(_, v)| *v);
        match raw.map(json::parse) {
            Some(Ok(Json::String(s))) => s.into_owned(),
            _ => {
                return Err(Error::invalid_input(
                    "payload.event",
                    "missing or not a string",
                ));
            }
        }
    };
    // `event|timestamp|body`, streamed into the MAC (the body is not copied).
    verify_sign(
        headers,
        secret,
        &[
            event.as_bytes(),
            b"|",
            ts_text.as_bytes(),
            b"|",
            body.as_bytes(),
        ],
    )?;
    check_window(ts, now, window)?;
    let payload = json::parse(&plaintext).map_err(|e| e.in_field("payload"))?;
    let Some(members) = payload.as_object() else {
        return Err(Error::invalid_input("payload", "not a JSON object"));
    };
    // `detail` may be a JSON string holding the object: parse it.
    let detail_text = match payload.get("detail") {
        Some(Json::String(s)) => Some(s.to_string()),
        _ => None,
    };
    let Some(detail_text) = detail_text else {
        return Ok(payload.to_compact());
    };
    let detail = json::parse(&detail_text).map_err(|e| e.in_field("payload.detail"))?;
    let rebuilt = Json::Object(
        members
            .iter()
            .map(|(k, v)| {
                if k == "detail" {
                    (k.clone(), detail.clone())
                } else {
                    (k.clone(), v.clone())
                }
            })
            .collect(),
    );
    Ok(rebuilt.to_compact())
}

/// UPay, platform side (mirror): opens requests, seals responses and webhooks.
#[derive(Clone)]
pub struct UPayProvider {
    api_key: String,
    secret: SecretString,
    private_key: RsaPrivateKey,
    merchant_public_key: RsaPublicKey,
    env: Env,
    request_window_ms: i64,
    decrypt: DecryptOptions,
    max_body_bytes: usize,
}

impl std::fmt::Debug for UPayProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UPayProvider")
            .field("api_key", &self.api_key)
            .field("secret", &self.secret)
            .field("private_key", &self.private_key)
            .field("request_window_ms", &self.request_window_ms)
            .finish_non_exhaustive()
    }
}

impl UPayProvider {
    /// A mirror: `api_key` is the merchant's API key (every request must carry it in
    /// `X-UPA-APIKEY`), `secret` the shared HMAC secret, `private_key` the platform key
    /// (decrypts requests), `merchant_public_key` encrypts responses and webhooks. The
    /// request window is [`DEFAULT_REQUEST_WINDOW_MS`].
    ///
    /// Errors: [`Error::InvalidInput`] (field `api_key`) when `api_key` is empty or holds a
    /// control character; [`Error::InvalidKey`] when `secret` is empty.
    pub fn new(
        api_key: &str,
        secret: &str,
        private_key: RsaPrivateKey,
        merchant_public_key: RsaPublicKey,
        env: Env,
    ) -> Result<UPayProvider> {
        check_header_value("api_key", api_key)?;
        if secret.is_empty() {
            return Err(Error::key(KeyProblem::Size, "UPay secret is empty"));
        }
        Ok(UPayProvider {
            api_key: api_key.to_owned(),
            secret: SecretString::from(secret),
            private_key,
            merchant_public_key,
            env,
            request_window_ms: DEFAULT_REQUEST_WINDOW_MS,
            decrypt: DecryptOptions {
                enc: ContentEncryption::A128Gcm,
                max_inflated_bytes: DEFAULT_MAX_PAYLOAD_BYTES,
            },
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// Refuses a request body longer than `max` bytes, before reading it (default
    /// [`DEFAULT_MAX_BODY_BYTES`], 32 MiB).
    pub fn with_max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = max;
        self
    }

    /// Sets the cap on the inflated size of a request's `zip: DEF` JWE payload (default
    /// [`DEFAULT_MAX_PAYLOAD_BYTES`]).
    pub fn with_max_inflated_bytes(mut self, max: usize) -> Self {
        self.decrypt.max_inflated_bytes = max;
        self
    }

    /// Sets the request timestamp window (milliseconds either side of the `Env` clock;
    /// default [`DEFAULT_REQUEST_WINDOW_MS`], 60 s).
    ///
    /// Errors: [`Error::InvalidInput`] (`replay_window_ms`) when negative.
    pub fn with_replay_window_ms(mut self, window_ms: i64) -> Result<Self> {
        check_window_option(window_ms)?;
        self.request_window_ms = window_ms;
        Ok(self)
    }

    /// The merchant API key this mirror expects in `X-UPA-APIKEY`.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// Opens a request as the platform would: checks `X-UPA-APIKEY`, decrypts
    /// `{"payload": JWE}` bodies, recomputes `SIGN_PARAM` from the plaintext params,
    /// verifies `X-UPA-SIGN` and the timestamp window, and returns the params JSON text.
    /// An empty body is a request with no params (or a multipart upload): an empty
    /// `SIGN_PARAM`.
    ///
    /// Errors: a missing header is [`Error::InvalidInput`] naming it; an `X-UPA-APIKEY`
    /// other than this mirror's API key is [`Error::SignatureMismatch`] naming
    /// `X-UPA-APIKEY` (checked before the body is decrypted); a wrong `X-UPA-SIGN` is
    /// [`Error::SignatureMismatch`] naming `X-UPA-SIGN`; a timestamp outside the window is
    /// [`Error::Expired`].
    pub fn open_request(
        &self,
        method: &str,
        path: &str,
        body: &str,
        headers: &Headers,
    ) -> Result<String> {
        check_body_size(body, self.max_body_bytes)?;
        let method = check_method(method)?;
        check_path(path)?;
        let (ts_text, ts) = parse_header_timestamp(headers)?;
        let request_id = header(headers, HEADER_REQUEST_ID)
            .ok_or_else(|| Error::invalid_input(HEADER_REQUEST_ID, "missing header"))?;
        require_sign_header(headers)?;
        let api_key = header(headers, HEADER_API_KEY)
            .ok_or_else(|| Error::invalid_input(HEADER_API_KEY, "missing header"))?;
        if !ct_eq(api_key.as_bytes(), self.api_key.as_bytes()) {
            return Err(Error::signature_mismatch(Check::UpaApiKey));
        }
        let params: std::borrow::Cow<'_, str> = if body.trim().is_empty() {
            std::borrow::Cow::Borrowed("")
        } else {
            let doc = json::parse(body).map_err(|e| e.in_field("body"))?;
            match payload_member(&doc) {
                Some(compact) => {
                    let d = jwe::decrypt(compact, &self.private_key, &self.decrypt)
                        .map_err(|e| e.in_field("payload"))?;
                    std::borrow::Cow::Owned(utf8(d.plaintext, "payload")?)
                }
                // Unencrypted: borrowed, copied only once verified.
                None => std::borrow::Cow::Borrowed(body),
            }
        };
        let prefix = request_string_to_sign(&method, path, &ts_text, request_id, "");
        let want = request_mac(&self.secret, &prefix, &params)?;
        let got = require_sign_header(headers)?;
        if !ct_eq(got.as_bytes(), want.as_bytes()) {
            return Err(Error::signature_mismatch(Check::UpaSign));
        }
        check_window(ts, self.env.now_unix_millis(), self.request_window_ms)?;
        if !params.trim().is_empty() {
            // Verified: now the strict parse (duplicate keys, tree limits).
            json::parse(&params).map_err(|e| e.in_field("params"))?;
        }
        Ok(params.into_owned())
    }

    /// Seals a response `{"code":0,"msg":"success","success":true,"ts":<now>,"data":...}`;
    /// with `encrypt`, `data` is `{"payload": JWE}` to the merchant key, else the payload
    /// JSON itself (compacted). Unencrypted data that is exactly
    /// `{"payload": "<string>"}` is refused ([`Error::InvalidInput`], field
    /// `data.payload`): the merchant would take it for an encrypted `data`.
    pub fn seal_response(&self, payload_json: &str, encrypt: bool) -> Result<Sealed> {
        let mut trace = Trace::new();
        let data = if encrypt {
            let opts = jwe_options(&self.merchant_public_key)?;
            let sealed = jwe::encrypt(
                payload_json.as_bytes(),
                &self.merchant_public_key,
                &opts,
                &self.env,
            )?;
            let mut d = String::with_capacity(sealed.compact.len() + 14);
            d.push_str("{\"payload\":\"");
            d.push_str(&sealed.compact);
            d.push_str("\"}");
            trace.push("jwe_header", sealed.header_json);
            trace.push("jwe", sealed.compact);
            d
        } else {
            let compact = json::compact(payload_json).map_err(|e| e.in_field("payload"))?;
            refuse_payload_shape(&compact, "data.payload")?;
            compact
        };
        let body = format!(
            "{{\"code\":0,\"msg\":\"success\",\"success\":true,\"ts\":{},\"data\":{data}}}",
            self.env.now_unix_millis()
        );
        Ok(Sealed {
            body,
            headers: Vec::new(),
            trace,
        })
    }

    /// Seals a failure response `{"code":code,"msg":message,"success":false,"ts":<now>,
    /// "data":null}`, which the merchant side reports as [`Error::ProviderError`]. UPay
    /// publishes no error body: this is the shape of its success response with the
    /// failure `code` (`code` alone decides, docs/providers/upay.md). A `code` that is an
    /// integer in canonical form (`403`) is written as a number, any other as a string.
    /// Not signed (UPay's responses carry no signature).
    ///
    /// Errors: [`Error::InvalidInput`] (`code`) when `code` is empty or `0` (success).
    pub fn seal_error_response(&self, code: &str, message: &str) -> Result<Sealed> {
        if code.is_empty() || code == "0" {
            return Err(Error::invalid_input(
                "code",
                "a failure needs a code other than 0",
            ));
        }
        let number = code
            .parse::<i64>()
            .ok()
            .filter(|n| n.to_string() == code)
            .map(|n| n.to_string());
        let mut w = ObjectWriter::with_capacity(80 + code.len() + message.len());
        match &number {
            Some(n) => w.raw("code", n),
            None => w.string("code", code),
        };
        w.string("msg", message)
            .raw("success", "false")
            .raw("ts", &self.env.now_unix_millis().to_string())
            .raw("data", "null");
        Ok(Sealed {
            body: w.finish(),
            headers: Vec::new(),
            trace: Trace::new(),
        })
    }

    /// Seals a webhook: the body is a JWE of `event_payload_json` to the merchant key,
    /// with headers `X-UPA-REQUESTID` (random), `X-UPA-TIMESTAMP` (the `Env` clock) and
    /// `X-UPA-SIGN` over `event|timestamp|body`.
    pub fn seal_notification(&self, event_payload_json: &str) -> Result<Sealed> {
        self.seal_notification_with(event_payload_json, None, None)
    }

    /// [`UPayProvider::seal_notification`] with an explicit timestamp and request id (a
    /// retry reuses the first timestamp).
    pub fn seal_notification_with(
        &self,
        event_payload_json: &str,
        timestamp_ms: Option<i64>,
        request_id: Option<&str>,
    ) -> Result<Sealed> {
        let payload = json::parse(event_payload_json).map_err(|e| e.in_field("payload"))?;
        let event = payload
            .get("event")
            .and_then(Json::as_str)
            .ok_or_else(|| Error::invalid_input("payload.event", "missing or not a string"))?;
        let ts = check_timestamp(
            timestamp_ms.unwrap_or_else(|| self.env.now_unix_millis()),
            "timestamp_ms",
        )?;
        let request_id = match request_id {
            Some(id) => {
                check_request_id(id)?;
                id.to_owned()
            }
            None => random_request_id(&self.env)?,
        };
        let opts = jwe_options(&self.merchant_public_key)?;
        let sealed = jwe::encrypt(
            event_payload_json.as_bytes(),
            &self.merchant_public_key,
            &opts,
            &self.env,
        )?;
        let signed = format!("{event}|{ts}|{}", sealed.compact);
        let sign = hmac_sign(self.secret.expose().as_bytes(), signed.as_bytes());
        let mut trace = Trace::new();
        trace.push("jwe_header", sealed.header_json);
        trace.push("string_to_sign", signed);
        trace.push("sign", sign.as_str());
        Ok(Sealed {
            body: sealed.compact,
            headers: vec![
                (HEADER_REQUEST_ID.to_owned(), request_id),
                (HEADER_TIMESTAMP.to_owned(), ts),
                (HEADER_SIGN.to_owned(), sign),
            ],
            trace,
        })
    }
}

/// What a UPay request needs besides its params ([`Merchant::seal_request`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UPayRequest<'a> {
    /// The HTTP method (signed), e.g. `POST`.
    pub method: &'a str,
    /// The request path (signed), e.g. `/api/v1/customer/add`.
    pub path: &'a str,
    /// Encryption, timestamp, request id, multipart.
    pub options: UPayRequestOptions,
}

/// What a UPay response needs ([`Mirror::seal_response`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UPayResponse {
    /// `data` as `{"payload": JWE}` (the encrypted endpoints) instead of the JSON itself.
    pub encrypt: bool,
}

impl Merchant for UPay {
    const PROVIDER: &'static str = "upay";

    type Request<'a> = UPayRequest<'a>;

    fn seal_request(&self, request: &UPayRequest<'_>, payload_json: &str) -> Result<Sealed> {
        UPay::seal_request(
            self,
            request.method,
            request.path,
            payload_json,
            &request.options,
        )
    }

    fn open_response(&self, received: &Received<'_>) -> Result<String> {
        UPay::open_response(self, received.body)
    }

    fn open_notification(&self, received: &Received<'_>, now_ms: Option<i64>) -> Result<String> {
        UPay::open_notification(self, received.body, received.headers, now_ms)
    }
}

impl Mirror for UPayProvider {
    const PROVIDER: &'static str = "upay";

    type Response<'a> = UPayResponse;
    type Notification<'a> = ();

    /// The path is required: [`Error::InvalidInput`] (`path`) without one.
    fn open_request(&self, received: &Received<'_>) -> Result<String> {
        let path = received.path.ok_or_else(|| {
            Error::invalid_input("path", "a UPay request signs its path: none given")
        })?;
        UPayProvider::open_request(self, received.method, path, received.body, received.headers)
    }

    /// An unencrypted request: `SIGN_PARAM` and `METHOD|URI|TIMESTAMP|REQUEST_ID|SIGN_PARAM`
    /// (the HMAC cardseal expects is not shown: it is computed with the secret). An
    /// encrypted one (`{"payload": JWE}`): nothing.
    fn signed_string(&self, received: &Received<'_>) -> Option<Result<SignedString>> {
        if json::parse(received.body).is_ok_and(|d| payload_member(&d).is_some()) {
            return None;
        }
        let sign_param = if received.body.trim().is_empty() {
            Ok(String::new())
        } else {
            sign_param(received.body)
        };
        Some(sign_param.map(|sign_param| {
            let string = request_string_to_sign(
                &received.method.to_ascii_uppercase(),
                received.path.unwrap_or(""),
                header(received.headers, HEADER_TIMESTAMP).unwrap_or(""),
                header(received.headers, HEADER_REQUEST_ID).unwrap_or(""),
                &sign_param,
            );
            SignedString::new(string)
                .step("sign_param", sign_param)
                .received(received, HEADER_SIGN)
                .received(received, HEADER_API_KEY)
        }))
    }

    fn seal_response(&self, response: &UPayResponse, payload_json: &str) -> Result<Sealed> {
        UPayProvider::seal_response(self, payload_json, response.encrypt)
    }

    fn seal_error_response(&self, _: &UPayResponse, code: &str, message: &str) -> Result<Sealed> {
        UPayProvider::seal_error_response(self, code, message)
    }

    fn seal_notification(&self, _: &(), payload_json: &str) -> Result<Sealed> {
        UPayProvider::seal_notification(self, payload_json)
    }
}
