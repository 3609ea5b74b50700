//! ASINX Pay / Moonbank: one shared `appSecret`, AES-128-ECB and an MD5 "sign" header.
//!
//! # The scheme (sources and how sure each step is: `docs/providers/asinx.md`)
//! - **Key.** `appSecret` is 32 hex characters; the AES key is its hex-decoding (16 bytes,
//!   AES-128), not its ASCII bytes. ECB mode, PKCS#7 padding.
//! - **Request.** `body` = the parameters as compact JSON with keys sorted recursively
//!   (`{}` when there are none); exactly these bytes are sent. `origin = path + body`,
//!   `b = b64(origin)`, `c = AES-ECB(key, ascii(b))`, `sign = md5_hex(hex(c))` (MD5 of the
//!   lowercase hex *text* of the ciphertext). Headers `appId`, `sign`, `uId` (optional,
//!   not signed) and `Content-Type`.
//! - **Response.** `{"success","code","message","result","total"?}` where `result` is hex
//!   (or base64: the reference client accepts either, reading hex when every character is a
//!   hex digit) of `AES-ECB(key, ascii(b64(json)))`. A failure (`success: false`) may carry
//!   error details in `result` too (the official Java demo decrypts it either way).
//! - **Webhook.** `{"appId","result",...}` with `result` as in a response. ASINX webhooks
//!   carry no signature: only the shared secret authenticates them.
//!
//! # Decisions
//! - The mirror needs the request path to check `sign`: [`Mirror::open_request`] reads it
//!   from [`Received::path`]. The positional [`AsinxProvider::open_request`] (and the
//!   trait form given no path) reads it from the HTTP/2-style pseudo-header `:path` in
//!   `headers`, the form the first releases used.
//! - A webhook or request whose `appId` is not ours is [`Error::SignatureMismatch`]
//!   `{ what: "appId" }`: the message is well-formed, so it is not bad *input*; it is a
//!   message this secret did not authenticate, and the caller must treat it exactly like a
//!   forged one (reject it, never process it with another tenant's secret).
//! - Everything that goes wrong after the AES layer is reached (bad padding, plaintext
//!   that is not base64, not UTF-8 or not JSON) is [`Error::DecryptionFailed`]: a wrong
//!   key and a tampered ciphertext look the same, with no oracle. A `result` that is
//!   neither hex nor base64 is [`Error::InvalidInput`] in `result`.
//! - A successful response without `result` (or with `null` / `""`) opens to `null`.
//! - A failure response is [`Error::ProviderError`] whatever its `result`: `result` is
//!   `Some(text)` (the decrypted JSON text, exactly) only when `result` is present and opens
//!   with this secret (valid padding, base64, UTF-8 and JSON); when it is absent, empty, not
//!   a string, not hex/base64 or does not open, it is `None`, and the error is otherwise the
//!   same (never [`Error::DecryptionFailed`] or [`Error::InvalidInput`]: "opened or not" is
//!   all a caller can learn). ECB has no integrity check, so "opens" means "decrypts to
//!   well-formed JSON with this secret", not "was written by ASINX".
//! - [`Asinx::new`] takes an [`Env`] like every provider, but this scheme uses neither
//!   randomness nor time.

use std::fmt;
use std::sync::{Arc, OnceLock};

use crate::canonical::json::{self, Json};
use crate::env::Env;
use crate::error::{Check, Error, KeyProblem, Result};
use crate::hazmat::aes::{self, Padding};
use crate::hazmat::digest::{HashAlg, Hasher};
use crate::hazmat::encoding;
use crate::providers::explain::SignedString;
use crate::providers::{
    Headers, Merchant, Mirror, ObjectWriter, Received, Sealed, Trace, check_body_size,
    check_header_value, header, opt_str_member, parse_object, value_text,
};
use crate::secret::{SecretBytes, ct_eq};

/// The default maximum size of a received body (responses and webhooks at the merchant,
/// requests at the mirror), checked before anything else: 32 MiB. ASINX publishes no size
/// limit; its largest messages are KYC submissions with ID images as base64 data URIs
/// (a few MB), and 32 MiB is the cap used for every provider (HyperCard's KYC images, the
/// only published sizes, come to at most 12 MB of base64). Set per client with
/// [`Asinx::with_max_body_bytes`] / [`AsinxProvider::with_max_body_bytes`]. A longer body
/// is [`Error::InvalidInput`] (`body`, naming `max_body_bytes`).
pub const DEFAULT_MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// The `Content-Type` ASINX asks for (its API document: "application/json;charset=UTF-8").
pub const CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// The pseudo-header [`AsinxProvider::open_request`] reads the request path from (and
/// [`Mirror::open_request`] when [`Received::path`] is `None`).
pub const PATH_PSEUDO_HEADER: &str = ":path";

/// The `code` of a successful response (its API document: "1 is success").
pub const SUCCESS_CODE: i64 = 1;

/// The `message` of a successful response, as in the API document's examples.
pub const SUCCESS_MESSAGE: &str = "Successful!";

/// The shared state of both sides: the merchant's `appId` and the AES key.
#[derive(Clone)]
struct Credentials {
    app_id: String,
    key: SecretBytes,
}

impl Credentials {
    fn new(app_id: &str, app_secret: &str) -> Result<Self> {
        check_header_value("app_id", app_id)?;
        if app_secret.len() != 32 || !app_secret.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::key(
                KeyProblem::Size,
                format!(
                    "ASINX appSecret must be 32 hex characters, got {} characters{}",
                    app_secret.chars().count(),
                    if app_secret.bytes().all(|b| b.is_ascii_hexdigit()) {
                        ""
                    } else {
                        " with non-hex characters"
                    }
                ),
            ));
        }
        let key = zeroize::Zeroizing::new(
            encoding::hex_decode(app_secret.as_bytes())
                .map_err(|_| Error::key(KeyProblem::Malformed, "ASINX appSecret is not hex"))?,
        );
        Ok(Credentials {
            app_id: app_id.to_owned(),
            key: SecretBytes::from_slice(&key),
        })
    }

    /// `sign = md5_hex(hex(AES-ECB(key, ascii(b64(path + body)))))`, computed in chunks:
    /// no intermediate (base64, ciphertext, hex: up to ~2.7× the body) is ever held whole.
    /// ECB and unpadded base64 of whole 3-byte groups are chunk-local, so the result is
    /// exactly that of the four whole-message steps ([`Credentials::sign_steps`]).
    fn sign(&self, path: &str, body: &str) -> Result<String> {
        check_path(path)?;
        let total = path.len() + body.len();
        let mut md5 = Hasher::new(HashAlg::Md5);
        let mut chunk = Vec::with_capacity(SIGN_CHUNK);
        let mut pos = 0;
        loop {
            chunk.clear();
            let end = (pos + SIGN_CHUNK).min(total);
            for (part, offset) in [(path.as_bytes(), 0), (body.as_bytes(), path.len())] {
                let from = pos.max(offset).min(offset + part.len()) - offset;
                let to = end.max(offset).min(offset + part.len()) - offset;
                chunk.extend_from_slice(part.get(from..to).unwrap_or_default());
            }
            let last = end == total;
            let padding = if last { Padding::Pkcs7 } else { Padding::None };
            let base64 = encoding::b64_encode(&chunk);
            let ciphertext = aes::ecb_encrypt(self.key.expose(), base64.as_bytes(), padding)?;
            md5.update(encoding::hex_encode(&ciphertext).as_bytes());
            if last {
                break;
            }
            pos = end;
        }
        Ok(encoding::hex_encode(&md5.finalize()?))
    }

    /// The four sign steps over `path + body` as whole values (for the trace).
    fn sign_steps(&self, path: &str, body: &str) -> Result<SignSteps> {
        check_path(path)?;
        let mut origin = String::with_capacity(path.len() + body.len());
        origin.push_str(path);
        origin.push_str(body);
        let base64 = encoding::b64_encode(origin.as_bytes());
        let ciphertext = aes::ecb_encrypt(self.key.expose(), base64.as_bytes(), Padding::Pkcs7)?;
        let ciphertext_hex = encoding::hex_encode(&ciphertext);
        Ok(SignSteps {
            origin,
            base64,
            ciphertext_hex,
        })
    }

    /// `hex(AES-ECB(key, ascii(b64(payload))))`.
    fn encrypt_result(&self, payload: &str) -> Result<String> {
        let base64 = encoding::b64_encode(payload.as_bytes());
        aes::ecb_encrypt_hex(self.key.expose(), base64.as_bytes())
    }

    /// Opens a `result`: hex or base64 → AES → base64 → JSON text.
    fn open_result(&self, result: &str) -> Result<String> {
        let ciphertext =
            encoding::decode_hex_or_b64(result.as_bytes()).map_err(|e| e.in_field("result"))?;
        let base64 = aes::ecb_decrypt(self.key.expose(), &ciphertext, Padding::Pkcs7)
            .map_err(|_| Error::DecryptionFailed)?;
        drop(ciphertext);
        let plain = encoding::b64_decode_lenient(&base64).map_err(|_| Error::DecryptionFailed)?;
        drop(base64);
        let text = String::from_utf8(plain).map_err(|_| Error::DecryptionFailed)?;
        crate::canonical::json::parse(&text).map_err(|_| Error::DecryptionFailed)?;
        Ok(text)
    }

    /// The `result` of a failure response, opened: `Some(text)` only when it is a
    /// non-empty string that opens ([`Credentials::open_result`]); every other case (absent,
    /// `null`, `""`, not a string, not hex/base64, does not open) is `None`, so that the
    /// caller learns nothing beyond "opened or not".
    fn open_error_result(&self, doc: &Json<'_>) -> Option<String> {
        match opt_str_member(doc, "result") {
            Ok(Some(result)) if !result.is_empty() => self.open_result(result).ok(),
            _ => None,
        }
    }

    /// Opens the optional `result` member of `doc` (absent, `null` or `""` → `null`).
    fn open_result_member(&self, doc: &Json<'_>) -> Result<String> {
        match opt_str_member(doc, "result")? {
            None | Some("") => Ok("null".to_owned()),
            Some(result) => self.open_result(result),
        }
    }

    /// Checks the `appId` of a received message (constant time; not secret, but cheap).
    fn check_app_id(&self, received: Option<&str>) -> Result<()> {
        let received = received.ok_or_else(|| Error::invalid_input("appId", "missing"))?;
        if ct_eq(received.as_bytes(), self.app_id.as_bytes()) {
            Ok(())
        } else {
            Err(Error::signature_mismatch(Check::AppId))
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("app_id", &self.app_id)
            .field("app_secret", &"[REDACTED]")
            .finish()
    }
}

/// Bytes of `path + body` per chunk of [`Credentials::sign`]: a multiple of 3 (so the
/// base64 of a chunk has no padding) whose base64 is a multiple of 16 (whole AES blocks).
const SIGN_CHUNK: usize = 3 * 4 * 2048;

/// The intermediate values of one signature.
struct SignSteps {
    origin: String,
    base64: String,
    ciphertext_hex: String,
}

/// A request path: non-empty, starting with `/`, no whitespace or control characters.
fn check_path(path: &str) -> Result<()> {
    if !path.starts_with('/') {
        return Err(Error::invalid_input("path", "must start with `/`"));
    }
    if let Some(pos) = path.bytes().position(|b| b.is_ascii_control() || b == b' ') {
        return Err(Error::invalid_input(
            "path",
            format!("space or control character at offset {pos}"),
        ));
    }
    Ok(())
}

/// The merchant side of ASINX Pay / Moonbank.
///
/// ```
/// # use cardseal::{Env, providers::asinx::Asinx};
/// let asinx = Asinx::new("app_447770", "b635dd5c87f7bf73387929203321b1e1", Env::fixed(b"doc", 0))?;
/// let sealed = asinx.seal_request(
///     "/user/register",
///     r#"{"mobilePrefix":"1","mobileNumber":"18888888867","email":"188888888662@188.com"}"#,
///     None,
/// )?;
/// assert_eq!(sealed.header("sign"), Some("f61ff896372b9e5836cb67a069dd810a"));
/// # Ok::<(), cardseal::Error>(())
/// ```
#[derive(Clone)]
pub struct Asinx {
    creds: Credentials,
    max_body_bytes: usize,
}

impl fmt::Debug for Asinx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Asinx")
            .field("app_id", &self.creds.app_id)
            .field("app_secret", &"[REDACTED]")
            .finish()
    }
}

impl Asinx {
    /// A merchant client for `app_id` with its `app_secret` (32 hex characters).
    ///
    /// Errors: [`Error::InvalidKey`] when `app_secret` is not 32 hex characters;
    /// [`Error::InvalidInput`] (`app_id`) when `app_id` is empty or has control characters.
    /// `env` is accepted for a uniform constructor; this scheme uses no randomness or time.
    pub fn new(app_id: &str, app_secret: &str, env: Env) -> Result<Asinx> {
        let _ = env;
        Ok(Asinx {
            creds: Credentials::new(app_id, app_secret)?,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// The same client refusing a received body (response, webhook) longer than `max`
    /// bytes, before reading it (default [`DEFAULT_MAX_BODY_BYTES`], 32 MiB).
    pub fn with_max_body_bytes(mut self, max: usize) -> Asinx {
        self.max_body_bytes = max;
        self
    }

    /// The merchant's `appId`.
    pub fn app_id(&self) -> &str {
        &self.creds.app_id
    }

    /// Seals a request to `path` (e.g. `/user/register`).
    ///
    /// `params_json` is a JSON object (or empty / whitespace-only for no parameters); the
    /// body sent is its sorted compact form (`{}` when empty). `uid` becomes the `uId`
    /// header (not signed). Trace steps: `body`, `origin`, `base64`, `ciphertext_hex`,
    /// `sign`.
    ///
    /// Errors: [`Error::InvalidInput`] in `path` (must start with `/`, no spaces or control
    /// characters), `params` (not a JSON object) or `uId` (empty or control characters).
    pub fn seal_request(&self, path: &str, params_json: &str, uid: Option<&str>) -> Result<Sealed> {
        let body = if params_json.trim_matches(JSON_WS).is_empty() {
            "{}".to_owned()
        } else {
            parse_object(params_json, "params")?.to_sorted()
        };
        if let Some(uid) = uid {
            check_header_value("uId", uid)?;
        }
        let sign = self.creds.sign(path, &body)?;
        let mut headers = Vec::with_capacity(4);
        headers.push(("appId".to_owned(), self.creds.app_id.clone()));
        headers.push(("sign".to_owned(), sign.clone()));
        if let Some(uid) = uid {
            headers.push(("uId".to_owned(), uid.to_owned()));
        }
        headers.push(("Content-Type".to_owned(), CONTENT_TYPE.to_owned()));
        // The intermediates are as big as the body or bigger: the trace recomputes them
        // from one shared copy of the body only if it is read.
        let mut trace = Trace::new();
        let shared: Arc<str> = Arc::from(body.as_str());
        let steps = Arc::new(OnceLock::new());
        let b = Arc::clone(&shared);
        trace.push_lazy("body", move || b.to_string());
        for name in ["origin", "base64", "ciphertext_hex"] {
            let (creds, path, body, steps) = (
                self.creds.clone(),
                path.to_owned(),
                Arc::clone(&shared),
                Arc::clone(&steps),
            );
            trace.push_lazy(name, move || {
                let steps: &Result<SignSteps> =
                    steps.get_or_init(|| creds.sign_steps(&path, &body));
                match (steps, name) {
                    (Ok(s), "origin") => s.origin.clone(),
                    (Ok(s), "base64") => s.base64.clone(),
                    (Ok(s), _) => s.ciphertext_hex.clone(),
                    (Err(e), _) => format!("<unavailable: {e}>"),
                }
            });
        }
        trace.push("sign", sign);
        Ok(Sealed {
            body,
            headers,
            trace,
        })
    }

    /// Opens a response body: the decrypted `result` as JSON text (`null` when the
    /// response has no `result`).
    ///
    /// Errors: [`Error::ProviderError`] when `success` is `false`, with `code` and
    /// `message` as sent and `result` the opened `result` text when there is one that opens
    /// (else `None`; see the module docs); [`Error::InvalidInput`] when the body is not a JSON object,
    /// `success` is missing or not a boolean, or `result` is not a string of hex or base64;
    /// [`Error::DecryptionFailed`] when `result` does not open with this secret.
    pub fn open_response(&self, body: &str) -> Result<String> {
        check_body_size(body, self.max_body_bytes)?;
        let doc = parse_object(body, "body")?;
        match doc.get("success") {
            Some(Json::Bool(true)) => {}
            Some(Json::Bool(false)) => {
                return Err(Error::ProviderError {
                    code: doc
                        .get("code")
                        .and_then(value_text)
                        .unwrap_or_default()
                        .into_owned(),
                    message: doc
                        .get("message")
                        .and_then(value_text)
                        .unwrap_or_default()
                        .into_owned(),
                    result: self.creds.open_error_result(&doc),
                });
            }
            Some(other) => {
                return Err(Error::invalid_input(
                    "success",
                    format!("expected a boolean, found {}", other.type_name()),
                ));
            }
            None => return Err(Error::invalid_input("success", "missing")),
        }
        self.creds.open_result_member(&doc)
    }

    /// Opens a webhook body `{"appId","result",...}`: the decrypted `result` as JSON text.
    ///
    /// `headers` are not used (ASINX webhooks carry no authentication headers).
    ///
    /// Errors: [`Error::SignatureMismatch`] (`appId`) when the webhook is for another
    /// `appId`; [`Error::InvalidInput`] when the body is not a JSON object or `appId` is
    /// missing; otherwise as [`Asinx::open_response`].
    pub fn open_notification(&self, body: &str, headers: &Headers) -> Result<String> {
        let _ = headers;
        check_body_size(body, self.max_body_bytes)?;
        let doc = parse_object(body, "body")?;
        self.creds.check_app_id(opt_str_member(&doc, "appId")?)?;
        self.creds.open_result_member(&doc)
    }

    /// The provider-side mirror with the same credentials.
    pub fn provider(&self) -> AsinxProvider {
        AsinxProvider {
            creds: self.creds.clone(),
            max_body_bytes: self.max_body_bytes,
        }
    }
}

/// JSON whitespace (RFC 8259).
const JSON_WS: &[char] = &[' ', '\t', '\n', '\r'];

/// The ASINX side, for local stand-ins and tests: verifies requests, seals responses and
/// webhooks.
#[derive(Clone)]
pub struct AsinxProvider {
    creds: Credentials,
    max_body_bytes: usize,
}

impl fmt::Debug for AsinxProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsinxProvider")
            .field("app_id", &self.creds.app_id)
            .field("app_secret", &"[REDACTED]")
            .finish()
    }
}

impl AsinxProvider {
    /// A mirror for merchant `app_id` with its `app_secret` (errors as [`Asinx::new`]).
    pub fn new(app_id: &str, app_secret: &str, env: Env) -> Result<AsinxProvider> {
        let _ = env;
        Ok(AsinxProvider {
            creds: Credentials::new(app_id, app_secret)?,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// The same mirror refusing a request body longer than `max` bytes, before reading it
    /// (default [`DEFAULT_MAX_BODY_BYTES`], 32 MiB).
    pub fn with_max_body_bytes(mut self, max: usize) -> AsinxProvider {
        self.max_body_bytes = max;
        self
    }

    /// Verifies a request whose path is in the pseudo-header `:path` of `headers`; with
    /// the path known, use [`Mirror::open_request`] with [`Received::to`].
    ///
    /// Errors: [`Error::InvalidInput`] (`:path`) when there is no `:path`; otherwise as
    /// [`Mirror::open_request`].
    pub fn open_request(&self, body: &str, headers: &Headers) -> Result<String> {
        Mirror::open_request(self, &Received::new(body, headers))
    }

    /// Verifies a request to `path`: `appId` must be ours and `sign` must match the exact
    /// `body` bytes (compared in constant time). Returns the body (the parameters JSON).
    ///
    /// The body's size is checked first ([`AsinxProvider::with_max_body_bytes`]); the text
    /// is then checked to be a JSON object by a scan that builds no tree
    /// ([`json::raw_members`]), `sign` is checked over the raw text, and only a body whose
    /// `sign` matches is parsed: a forged request costs no parse tree.
    ///
    /// Errors: [`Error::InvalidInput`] when `appId` or `sign` is missing, `path` is not a
    /// path or `body` is not a JSON object; [`Error::SignatureMismatch`] (`appId`) for a
    /// foreign `appId`, (`sign header`) when `sign` does not match.
    fn open_request_to(&self, path: &str, body: &str, headers: &Headers) -> Result<String> {
        check_body_size(body, self.max_body_bytes)?;
        self.creds.check_app_id(header(headers, "appId"))?;
        let sign =
            header(headers, "sign").ok_or_else(|| Error::invalid_input("sign", "missing"))?;
        // The text is checked (grammar, a JSON object) without a tree, as before the
        // signature; the tree is built only for a body whose `sign` matches.
        match json::raw_members(body, &json::Limits::DEFAULT).map_err(|e| e.in_field("body"))? {
            Some(_) => {}
            None => {
                parse_object(body, "body")?;
            }
        }
        let expected = self.creds.sign(path, body)?;
        if !ct_eq(expected.as_bytes(), sign.as_bytes()) {
            return Err(Error::signature_mismatch(Check::SignHeader));
        }
        parse_object(body, "body")?;
        Ok(body.to_owned())
    }

    /// Seals a successful response: `{"success":true,"code":1,"message":"Successful!",
    /// "result":hex}` where `result` encrypts `payload_json` byte for byte.
    ///
    /// Errors: [`Error::InvalidInput`] (`payload`) when `payload_json` is not JSON.
    pub fn seal_response(&self, payload_json: &str) -> Result<Sealed> {
        crate::canonical::json::parse(payload_json).map_err(|e| e.in_field("payload"))?;
        let result = self.creds.encrypt_result(payload_json)?;
        let mut trace = Trace::new();
        trace.push("payload", payload_json);
        let mut w = ObjectWriter::with_capacity(result.len() + 64);
        w.raw("success", "true")
            .raw("code", &SUCCESS_CODE.to_string())
            .string("message", SUCCESS_MESSAGE)
            .encoded("result", &result);
        trace.push("result", result);
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace,
        })
    }

    /// Seals a failure response `{"success":false,"code":code,"message":message}` (no
    /// `result`), which the merchant side reports as [`Error::ProviderError`].
    pub fn seal_error_response(&self, code: i64, message: &str) -> Result<Sealed> {
        let mut w = ObjectWriter::with_capacity(64 + message.len());
        w.raw("success", "false")
            .raw("code", &code.to_string())
            .string("message", message);
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace: Trace::new(),
        })
    }

    /// Seals a failure response carrying error details:
    /// `{"success":false,"code":code,"message":message,"result":hex}` where `result`
    /// encrypts `payload_json` byte for byte. The merchant side reports it as
    /// [`Error::ProviderError`] with `result: Some(payload_json)`. Trace steps: `payload`,
    /// `result`.
    ///
    /// Errors: [`Error::InvalidInput`] (`payload`) when `payload_json` is not JSON.
    pub fn seal_error_response_with_result(
        &self,
        code: i64,
        message: &str,
        payload_json: &str,
    ) -> Result<Sealed> {
        crate::canonical::json::parse(payload_json).map_err(|e| e.in_field("payload"))?;
        let result = self.creds.encrypt_result(payload_json)?;
        let mut trace = Trace::new();
        trace.push("payload", payload_json);
        let mut w = ObjectWriter::with_capacity(result.len() + message.len() + 80);
        w.raw("success", "false")
            .raw("code", &code.to_string())
            .string("message", message)
            .encoded("result", &result);
        trace.push("result", result);
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace,
        })
    }

    /// Seals a webhook `{"appId":..,"result":hex}` carrying `payload_json` byte for byte.
    ///
    /// Errors: [`Error::InvalidInput`] (`payload`) when `payload_json` is not JSON.
    pub fn seal_notification(&self, payload_json: &str) -> Result<Sealed> {
        crate::canonical::json::parse(payload_json).map_err(|e| e.in_field("payload"))?;
        let result = self.creds.encrypt_result(payload_json)?;
        let mut trace = Trace::new();
        trace.push("payload", payload_json);
        let mut w = ObjectWriter::with_capacity(result.len() + self.creds.app_id.len() + 32);
        w.string("appId", &self.creds.app_id)
            .encoded("result", &result);
        trace.push("result", result);
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace,
        })
    }
}

/// What an ASINX request needs besides its parameters ([`Merchant::seal_request`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AsinxRequest<'a> {
    /// The request path (signed), e.g. `/api/v1/card/list`.
    pub path: &'a str,
    /// The `uId` header (not signed), when the call acts for a user.
    pub uid: Option<&'a str>,
}

impl Merchant for Asinx {
    const PROVIDER: &'static str = "asinx";

    type Request<'a> = AsinxRequest<'a>;

    fn seal_request(&self, request: &AsinxRequest<'_>, payload_json: &str) -> Result<Sealed> {
        Asinx::seal_request(self, request.path, payload_json, request.uid)
    }

    fn open_response(&self, received: &Received<'_>) -> Result<String> {
        Asinx::open_response(self, received.body)
    }

    /// ASINX webhooks carry no time: `now_ms` is not read.
    fn open_notification(&self, received: &Received<'_>, _now_ms: Option<i64>) -> Result<String> {
        Asinx::open_notification(self, received.body, received.headers)
    }
}

impl Mirror for AsinxProvider {
    const PROVIDER: &'static str = "asinx";

    type Response<'a> = ();
    type Notification<'a> = ();

    /// The path is [`Received::path`], else the `:path` pseudo-header.
    fn open_request(&self, received: &Received<'_>) -> Result<String> {
        let path = match received.path {
            Some(p) => p,
            None => header(received.headers, PATH_PSEUDO_HEADER)
                .ok_or_else(|| Error::invalid_input(PATH_PSEUDO_HEADER, "missing"))?,
        };
        self.open_request_to(path, received.body, received.headers)
    }

    /// `path + body` and its base64 (the AES and MD5 steps are under the app secret: the
    /// `sign` cardseal expects is not shown).
    fn signed_string(&self, received: &Received<'_>) -> Option<Result<SignedString>> {
        let path = received
            .path
            .or_else(|| header(received.headers, PATH_PSEUDO_HEADER))
            .unwrap_or("");
        let origin = format!("{path}{}", received.body);
        let b64 = encoding::b64_encode(origin.as_bytes());
        Some(Ok(SignedString::new(origin)
            .step("base64", b64)
            .received(received, "sign")
            .received(received, "appId")))
    }

    fn seal_response(&self, _: &(), payload_json: &str) -> Result<Sealed> {
        AsinxProvider::seal_response(self, payload_json)
    }

    /// `code` must be an integer (ASINX's codes are numbers).
    fn seal_error_response(&self, _: &(), code: &str, message: &str) -> Result<Sealed> {
        let code: i64 = code.trim().parse().map_err(|_| {
            Error::invalid_input("code", "not an integer (ASINX codes are numbers)")
        })?;
        AsinxProvider::seal_error_response(self, code, message)
    }

    fn seal_notification(&self, _: &(), payload_json: &str) -> Result<Sealed> {
        AsinxProvider::seal_notification(self, payload_json)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::hazmat::digest;

    /// The chunked signature equals MD5 over the hex of the whole-message steps, for
    /// lengths of `path + body` on and around every chunk boundary, and multi-byte UTF-8
    /// split across chunks.
    #[test]
    fn chunked_sign_equals_the_whole_message_steps() {
        let creds = Credentials::new("app_447770", "b635dd5c87f7bf73387929203321b1e1").unwrap();
        let path = "/card/apply";
        let mut lens = vec![0usize, 1, 2, 3, 15, 16, 17, 100];
        for k in 1..=3 {
            let edge = k * SIGN_CHUNK - path.len();
            lens.extend([edge - 2, edge - 1, edge, edge + 1, edge + 2]);
        }
        let mut bodies: Vec<String> = lens
            .iter()
            .map(|&n| "ab\"{c}1".chars().cycle().take(n).collect())
            .collect();
        // A two-byte character straddling the first chunk boundary.
        bodies.push(format!(
            "{}é{}",
            "x".repeat(SIGN_CHUNK - path.len() - 1),
            "y".repeat(9)
        ));
        for body in bodies {
            let n = body.len();
            let steps = creds.sign_steps(path, &body).unwrap();
            assert_eq!(steps.origin, format!("{path}{body}"));
            let want = encoding::hex_encode(&digest::md5(steps.ciphertext_hex.as_bytes()));
            assert_eq!(creds.sign(path, &body).unwrap(), want, "body of {n} chars");
        }
        // The published example (docs/providers/asinx.md).
        let body =
            r#"{"email":"188888888662@188.com","mobileNumber":"18888888867","mobilePrefix":"1"}"#;
        assert_eq!(
            creds.sign("/user/register", body).unwrap(),
            "f61ff896372b9e5836cb67a069dd810a"
        );
        assert!(creds.sign("no-slash", body).is_err());
    }
}
