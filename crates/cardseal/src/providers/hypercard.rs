//! HyperCard by HyperPay: SHA256withRSA over a `name=value` string of headers and body.
//!
//! The scheme, its sources and how sure each rule is: `docs/providers/hypercard.md`.
//!
//! # The scheme
//! - **Headers** `timestamp` (Unix seconds), `nonce` (10 random characters), `api-key`,
//!   `version` (default `1.0`), optional `lang`, and `signature`.
//! - **String to sign**, as HyperCard's Python reference demo builds it: the signed header
//!   fields, then the top-level body fields over them (**a body field replaces the header
//!   of the same name**); `signature`, `""`, `null` and hollow containers (no non-empty
//!   scalar reachable: `{}`, `{"a":""}`, `[""]`) dropped; names sorted by code point;
//!   every value rendered as Python `str()` renders the parsed value (strings as they are
//!   at the top level, `repr()` inside containers, `True`/`False`/`None`), then on every
//!   value `'`→`"`, `, `→`,`, `: `→`:`; `name=value` joined with `&`. This is the named
//!   rule [`FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR`] of [`crate::canonical::form`].
//! - **Numbers** are rendered as Python does by default (`str(json.loads(literal))`:
//!   `5000.00` → `5000.0`, `1e2` → `100.0`, top level and nested), because HyperCard's
//!   verifier parses the body before signing; [`HyperCard::with_number_style`] selects
//!   [`NumberStyle::AsWritten`] for a verifier that keeps the literals (e.g. Java
//!   `BigDecimal`).
//! - **`repr()` escapes** of non-ASCII characters inside containers follow the Unicode
//!   version of the CPython that verifies: [`HyperCard::with_python_version`], default the
//!   newest modelled ([`PythonVersion::NEWEST`]).
//! - **Signature** `b64(SHA256withRSA(sender's key, utf8(string)))`. Push events
//!   (webhooks) are signed the same way with HyperCard's key; the merchant acknowledges
//!   them with HTTP 200 [`NOTIFICATION_ACK`].
//! - **Responses** `{"code","msg","data"}`: `"00000"` gives `data`, any other code is
//!   [`Error::ProviderError`]. They are not signed.
//! - **Card details** may come RSA-PKCS1-v1_5-encrypted (split into `k − 11`-byte blocks)
//!   to a separate merchant key of at least 4096 bits: [`decrypt_card_detail`]. The
//!   decrypted text must be a non-empty JSON object (implicit rejection makes bad
//!   ciphertexts decrypt to random bytes, which this refuses).
//!
//! # Decisions
//! - The nonce alphabet is `A–Z a–z 0–9` (HyperCard only says "10 random characters"),
//!   drawn from the [`Env`] without modulo bias.
//! - **Age check.** After the signature, the *signed* `timestamp` must be within the window
//!   of the [`Env`] clock ([`Error::Expired`] otherwise). Push events default to
//!   ±[`DEFAULT_NOTIFICATION_MAX_SKEW_SECS`] (24 h + 5 min: HyperCard retries a push for up
//!   to 24 hours, and a shorter window would reject real retries); the mirror's requests
//!   to ±[`DEFAULT_MAX_SKEW_SECS`]. Both are configurable (`None`: no check). A window
//!   does not stop replays within it: de-duplicating retried pushes is the receiver's job,
//!   keyed on the event's own identifier in the body (e.g. the transaction or order number
//!   with the event type), not on `nonce` or `signature`, which a retry may renew.
//! - **Header/body clashes.** When the body has a top-level field named like a signed
//!   header, the body's value is signed in its place, as in the demo; the header value is
//!   then covered by nothing. It is never used: the age check reads the body's
//!   `timestamp` instead, when it is an integer number of seconds (or of milliseconds, 13
//!   digits), and skips the check otherwise. The seal's trace names the replaced headers
//!   (`headers_replaced_by_body`). A signed `api-key` header that is not ours is
//!   [`Error::SignatureMismatch`] (`api-key`) whatever the body says.
//! - The body is sent byte for byte as given (it must be a JSON object; empty means `{}`);
//!   the signature covers its parsed top-level fields, so any formatting works.
//! - **Memory before authentication.** A received body over [`DEFAULT_MAX_BODY_BYTES`]
//!   (32 MiB) is refused first; the signature is verified on the string rendered straight
//!   from the body text (no tree: [`form::render_merged_json_to`], byte for byte the tree
//!   path's string), and only a verified body is parsed (within
//!   [`json::Limits::DEFAULT`]).

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::canonical::TextSink;
use crate::canonical::form::{self, FormRule, NumberStyle, PythonVersion};
use crate::canonical::json::{self, Json};
use crate::env::Env;
use crate::error::{Check, Error, KeyProblem, Resource, Result};
use crate::hazmat::digest::{HashAlg, Hasher};
use crate::hazmat::encoding;
use crate::hazmat::rsa::{RsaPrivateKey, RsaPublicKey};
use crate::providers::explain::SignedString;
use crate::providers::{
    Headers, Merchant, Mirror, ObjectWriter, Received, Sealed, Trace, check_body_size,
    check_header_value, header, parse_object, value_text,
};
use crate::secret::ct_eq;

/// The default `version` header.
pub const DEFAULT_VERSION: &str = "1.0";

/// The length of a generated nonce.
pub const NONCE_LEN: usize = 10;

/// The default accepted distance between a request's signed `timestamp` and now, at the
/// mirror ([`HyperCardProvider::open_request`]): 5 minutes.
pub const DEFAULT_MAX_SKEW_SECS: i64 = 300;

/// The default accepted distance between a push event's signed `timestamp` and now
/// ([`HyperCard::open_notification`]): 24 hours and 5 minutes, since HyperCard retries a
/// push for up to 24 hours.
pub const DEFAULT_NOTIFICATION_MAX_SKEW_SECS: i64 = 24 * 60 * 60 + 5 * 60;

/// The minimum size of the merchant key card details are encrypted to.
pub const MIN_CARD_KEY_BITS: usize = 4096;

/// The `code` of a successful API response (the API document's example response).
pub const SUCCESS_CODE: &str = "00000";

/// What a merchant answers (HTTP 200) to a push event it has accepted.
pub const NOTIFICATION_ACK: &str = r#"{"code":1,"msg":"ok","data":{}}"#;

/// The default maximum size of a received body (push events at the merchant, requests at
/// the mirror, API responses), checked before anything else: 32 MiB. HyperCard's largest
/// published message is the Binding KYC request, whose images are each "less than 2MB"
/// (`front_doc`, `back_doc`, `mix_doc`, `poa_doc`; `sign_img` "less than 1 MB"): at most
/// 9 MB of images, 12 MB as base64. Set per client with [`HyperCard::with_max_body_bytes`]
/// / [`HyperCardProvider::with_max_body_bytes`]. A longer body is
/// [`Error::InvalidInput`] (`body`, naming `max_body_bytes`).
pub const DEFAULT_MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// The default rendering of numbers in the string to sign: Python's (see
/// [`HyperCard::with_number_style`]).
pub const DEFAULT_NUMBER_STYLE: NumberStyle = NumberStyle::Python;

/// How values of the string to sign are rendered: the two options of the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rendering {
    /// Number rendering.
    numbers: NumberStyle,
    /// Whose `repr()` escapes nested strings.
    python: PythonVersion,
}

impl Rendering {
    const DEFAULT: Rendering = Rendering {
        numbers: DEFAULT_NUMBER_STYLE,
        python: PythonVersion::NEWEST,
    };

    /// The rule of the string to sign.
    fn rule(self) -> FormRule {
        FormRule {
            numbers: self.numbers,
            python: self.python,
            ..FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR
        }
    }
}

/// The header fields that take part in the string to sign.
const SIGNED_HEADERS: [&str; 5] = ["timestamp", "nonce", "api-key", "version", "lang"];

const NONCE_ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

const CONTENT_TYPE: &str = "application/json";

/// Options of [`HyperCard::seal_request`]; every field defaults to a generated or standard
/// value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HyperCardRequestOptions {
    /// The `timestamp` header in Unix seconds (default: the [`Env`] clock).
    pub timestamp: Option<i64>,
    /// The `nonce` header (default: [`NONCE_LEN`] random alphanumeric characters).
    pub nonce: Option<String>,
    /// The optional `lang` header (e.g. `"en"`); not sent when `None`.
    pub lang: Option<String>,
    /// The `version` header (default [`DEFAULT_VERSION`]).
    pub version: Option<String>,
}

/// A nonce of [`NONCE_LEN`] characters from [`NONCE_ALPHABET`], by rejection sampling.
fn generate_nonce(env: &Env) -> Result<String> {
    // 248 = 4 × 62: bytes at or above it are rejected, so every character is uniform.
    const LIMIT: u8 = 248;
    let mut nonce = String::with_capacity(NONCE_LEN);
    for _ in 0..16 {
        let mut buf = [0u8; 16];
        env.fill_random(&mut buf)?;
        for b in buf.iter().filter(|b| **b < LIMIT) {
            if nonce.len() == NONCE_LEN {
                return Ok(nonce);
            }
            if let Some(c) = NONCE_ALPHABET.get(usize::from(*b % 62)) {
                nonce.push(char::from(*c));
            }
        }
        if nonce.len() == NONCE_LEN {
            return Ok(nonce);
        }
    }
    Err(Error::unavailable(
        Resource::Entropy,
        "the random source keeps returning out-of-range bytes",
    ))
}

/// The body to send: `params_json` as given, `{}` when empty (validated as a JSON object
/// where it is parsed for the string to sign).
fn request_body(params_json: &str) -> &str {
    if params_json.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
        "{}"
    } else {
        params_json
    }
}

/// The string to sign: `headers` (name, value) merged with the top-level fields of `body`
/// (body wins), under `r`'s rule.
fn string_to_sign_into(
    header_fields: &[(&str, &str)],
    body: &Json<'_>,
    r: Rendering,
    out: &mut dyn TextSink,
) -> Result<()> {
    let members = body.as_object().unwrap_or_default();
    let mut fields: Vec<(Cow<'_, str>, Json<'_>)> =
        Vec::with_capacity(header_fields.len() + members.len());
    fields.extend(
        header_fields
            .iter()
            .map(|(n, v)| (Cow::Borrowed(*n), Json::String(Cow::Borrowed(*v)))),
    );
    fields.extend(
        members
            .iter()
            .map(|(n, v)| (Cow::Borrowed(n.as_ref()), v.clone())),
    );
    form::render_to(&r.rule(), &fields, out)
}

/// The string to sign, as text (for the trace).
fn string_to_sign(header_fields: &[(&str, &str)], body: &Json<'_>, r: Rendering) -> Result<String> {
    let mut out = String::new();
    string_to_sign_into(header_fields, body, r, &mut out)?;
    Ok(out)
}

/// SHA-256 of the string to sign of a received `body` text, rendered from the text without
/// a tree ([`form::render_merged_json_to`]: top-level members as raw slices, each value
/// rendered by a streaming pass), so that the signature is checked before the body is
/// parsed. Byte for byte the string of [`digest_to_sign`] on every body the parser
/// accepts; on a text the scan refuses, the body's parse error (as before), and should
/// the scan refuse a body the parser accepts, the tree path.
fn digest_received(header_fields: &[(&str, &str)], body: &str, r: Rendering) -> Result<Vec<u8>> {
    let mut hasher = Hasher::new(HashAlg::Sha256);
    match form::render_merged_json_to(
        &r.rule(),
        header_fields,
        body,
        &json::Limits::DEFAULT,
        &mut hasher,
    ) {
        Ok(()) => hasher.finalize(),
        // The scan's errors are the parser's (same reasons and offsets): reported as
        // `parse_object` reports them, without building the tree that would fail.
        Err(Error::InvalidInput { field, reason }) if field == "json" => {
            if reason == form::NOT_AN_OBJECT {
                let found = match body
                    .trim_start_matches([' ', '\t', '\n', '\r'])
                    .bytes()
                    .next()
                {
                    Some(b'[') => "array",
                    Some(b'"') => "string",
                    Some(b't' | b'f') => "boolean",
                    Some(b'n') => "null",
                    _ => "number",
                };
                return Err(Error::invalid_input(
                    "body",
                    format!("expected a JSON object, found {found}"),
                ));
            }
            Err(Error::invalid_input(field, reason).in_field("body"))
        }
        Err(_) => {
            let doc = parse_object(body, "body")?;
            digest_to_sign(header_fields, &doc, r)
        }
    }
}

/// SHA-256 of the string to sign, hashed as it is rendered (a multi-MB body is never
/// copied into a string first).
fn digest_to_sign(
    header_fields: &[(&str, &str)],
    body: &Json<'_>,
    r: Rendering,
) -> Result<Vec<u8>> {
    let mut hasher = Hasher::new(HashAlg::Sha256);
    string_to_sign_into(header_fields, body, r, &mut hasher)?;
    hasher.finalize()
}

/// The names in `header_fields` that a top-level body field of the same name replaces in
/// the string to sign (those header values are signed by nothing).
fn replaced_headers<'n>(header_fields: &[(&'n str, &str)], body: &Json<'_>) -> Vec<&'n str> {
    header_fields
        .iter()
        .filter(|(name, _)| body.get(name).is_some())
        .map(|(name, _)| *name)
        .collect()
}

/// The signed `timestamp` in Unix milliseconds: the header's, or the body's when a
/// top-level body `timestamp` replaces it (`Ok(None)`: the body's is not an integer of
/// seconds or of 13-digit milliseconds, and no age check applies).
///
/// Errors: [`Error::InvalidInput`] (`timestamp`) when the header is the signed value and
/// is missing or not an integer number of seconds.
fn signed_timestamp_ms(headers: &Headers, body: &Json<'_>) -> Result<Option<i64>> {
    if let Some(value) = body.get("timestamp") {
        let digits = match value {
            Json::Number(n) => n,
            Json::String(s) => s.as_ref(),
            _ => return Ok(None),
        };
        if digits.is_empty() || digits.len() > 13 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(None);
        }
        let Ok(n) = digits.parse::<i64>() else {
            return Ok(None);
        };
        return Ok(Some(if digits.len() == 13 {
            n
        } else {
            n.saturating_mul(1000)
        }));
    }
    let timestamp =
        header(headers, "timestamp").ok_or_else(|| Error::invalid_input("timestamp", "missing"))?;
    let secs: i64 = timestamp
        .parse()
        .map_err(|_| Error::invalid_input("timestamp", "not an integer number of seconds"))?;
    Ok(Some(secs.saturating_mul(1000)))
}

/// Signs a message: returns the sealed request/notification.
fn seal_signed(
    body: &str,
    header_fields: Vec<(&'static str, String)>,
    key: &RsaPrivateKey,
    r: Rendering,
) -> Result<Sealed> {
    let doc = parse_object(body, "body")?;
    let pairs: Vec<(&str, &str)> = header_fields
        .iter()
        .map(|(n, v)| (*n, v.as_str()))
        .collect();
    let replaced = replaced_headers(&pairs, &doc).join(",");
    let hashed = digest_to_sign(&pairs, &doc, r)?;
    drop(doc);
    let signature = encoding::b64_encode(&key.sign_pkcs1v15_prehashed(HashAlg::Sha256, &hashed)?);
    // The trace shares one copy of the body and renders the (body-sized) string to sign
    // only if it is read.
    let shared: Arc<str> = Arc::from(body);
    let signed_headers = header_fields.clone();
    let mut headers: Vec<(String, String)> = header_fields
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v))
        .collect();
    headers.push(("signature".to_owned(), signature.clone()));
    headers.push(("Content-Type".to_owned(), CONTENT_TYPE.to_owned()));
    let mut trace = Trace::new();
    let b = Arc::clone(&shared);
    trace.push_lazy("body", move || b.to_string());
    trace.push_lazy("string_to_sign", move || {
        let pairs: Vec<(&str, &str)> = signed_headers
            .iter()
            .map(|(n, v)| (*n, v.as_str()))
            .collect();
        json::parse(&shared)
            .and_then(|doc| string_to_sign(&pairs, &doc, r))
            .unwrap_or_else(|e| format!("<unavailable: {e}>"))
    });
    if !replaced.is_empty() {
        // Sent, but signed by nothing: the body's fields of these names are signed instead.
        trace.push("headers_replaced_by_body", replaced);
    }
    trace.push("signature", signature);
    Ok(Sealed {
        body: body.to_owned(),
        headers,
        trace,
    })
}

/// What a receiver checks a signed message against.
struct Verifier<'a> {
    /// The sender's public key.
    signer: &'a RsaPublicKey,
    /// Our `api-key`.
    api_key: &'a str,
    /// Whether the `api-key` header must be present.
    api_key_required: bool,
    /// The clock of the window.
    env: &'a Env,
    /// The instant of the window (Unix ms); `env`'s clock when `None`.
    now_ms: Option<i64>,
    /// The window (`None`: no check).
    max_skew_secs: Option<i64>,
    /// Rendering of the string to sign.
    rendering: Rendering,
    /// The largest body accepted.
    max_body_bytes: usize,
}

/// Verifies a received message; returns the body text. Checks the `api-key` header
/// against `v.api_key` and the signed `timestamp` (see [`signed_timestamp_ms`]) against
/// `v.env`'s clock when `v.max_skew_secs` is set.
///
/// Memory before authentication: the body's size is checked first
/// (`v.max_body_bytes`), the signature is verified over the string rendered from the
/// text ([`digest_received`]: no tree), and only then is the body parsed (within
/// [`json::Limits::DEFAULT`]). A body whose only fault is one the text scan does not
/// look for (a duplicate key inside a nested object, a tree over `max_tree_bytes`) is
/// therefore refused as [`Error::SignatureMismatch`] when its signature is bad, and as
/// [`Error::InvalidInput`] (`body`) when it is good.
fn verify_signed(body: &str, headers: &Headers, v: &Verifier<'_>) -> Result<String> {
    let Verifier {
        signer,
        api_key,
        api_key_required,
        env,
        now_ms,
        max_skew_secs,
        rendering,
        max_body_bytes,
    } = *v;
    check_body_size(body, max_body_bytes)?;
    let signature =
        header(headers, "signature").ok_or_else(|| Error::invalid_input("signature", "missing"))?;
    match header(headers, "api-key") {
        Some(k) if !ct_eq(k.as_bytes(), api_key.as_bytes()) => {
            return Err(Error::signature_mismatch(Check::ApiKey));
        }
        None if api_key_required => return Err(Error::invalid_input("api-key", "missing")),
        _ => {}
    }
    let body = request_body(body);
    let pairs: Vec<(&str, &str)> = SIGNED_HEADERS
        .iter()
        .filter_map(|n| header(headers, n).map(|v| (*n, v)))
        .collect();
    // The body wins the merge (a header it replaces is signed by nothing, and is never read
    // below).
    let hashed = digest_received(&pairs, body, rendering)?;
    let signature =
        encoding::b64_decode_lenient(signature.as_bytes()).map_err(|e| e.in_field("signature"))?;
    signer.verify_pkcs1v15_prehashed(HashAlg::Sha256, &hashed, &signature)?;
    // Verified: now the strict parse (duplicate keys, tree limits).
    let doc = parse_object(body, "body")?;
    let signed_ms = match max_skew_secs {
        Some(_) => signed_timestamp_ms(headers, &doc)?,
        None => None,
    };
    drop(doc);
    if let (Some(max_skew), Some(timestamp_ms)) = (max_skew_secs, signed_ms) {
        let now_ms = now_ms.unwrap_or_else(|| env.now_unix_millis());
        let max_age_ms = max_skew.saturating_mul(1000);
        if timestamp_ms.abs_diff(now_ms) > max_age_ms.unsigned_abs() {
            return Err(Error::Expired {
                timestamp_ms,
                now_ms,
                max_age_ms,
            });
        }
    }
    Ok(body.to_owned())
}

/// Header fields of a message to sign: timestamp, nonce, api-key, version, lang.
fn header_fields(
    env: &Env,
    api_key: &str,
    opts: HyperCardRequestOptions,
) -> Result<Vec<(&'static str, String)>> {
    let timestamp = match opts.timestamp {
        Some(t) if t < 0 => return Err(Error::invalid_input("timestamp", "negative")),
        Some(t) => t,
        None => env.now_unix_millis().div_euclid(1000),
    };
    let nonce = match opts.nonce {
        Some(n) => {
            check_header_value("nonce", &n)?;
            n
        }
        None => generate_nonce(env)?,
    };
    let version = opts.version.unwrap_or_else(|| DEFAULT_VERSION.to_owned());
    check_header_value("version", &version)?;
    let mut fields = vec![
        ("timestamp", timestamp.to_string()),
        ("nonce", nonce),
        ("api-key", api_key.to_owned()),
        ("version", version),
    ];
    if let Some(lang) = opts.lang {
        check_header_value("lang", &lang)?;
        fields.push(("lang", lang));
    }
    Ok(fields)
}

fn check_window(max_skew_secs: Option<i64>) -> Result<()> {
    if max_skew_secs.is_some_and(|s| s < 0) {
        return Err(Error::invalid_input("max_skew_secs", "negative"));
    }
    Ok(())
}

/// Decrypts a card detail field: base64 of RSA-PKCS1-v1_5 blocks (one per `k − 11` bytes
/// of plaintext) made with the merchant's card-detail public key. Returns the text, which
/// must be a non-empty JSON object (card details are JSON, e.g.
/// `{"card_no":"…","cvv":"…","expiry":"…"}`).
///
/// The scheme has no integrity check of its own, and PKCS#1 v1.5 decryption uses implicit
/// rejection: a tampered ciphertext, or one made for another key, decrypts to synthetic
/// random bytes instead of failing. Requiring a non-empty JSON object refuses those (a
/// plain "valid UTF-8 text" check let short synthetic outputs such as `""` or `;t`
/// through). Still, take card details only from a message whose signature has been
/// verified.
///
/// Errors: [`Error::InvalidKey`] when `key` is under 4096 bits; [`Error::InvalidInput`]
/// (`encoded`) when `encoded` is not base64; [`Error::DecryptionFailed`] when it does not
/// decrypt (length not a multiple of the key size, bad padding, wrong key) or the result
/// is not a JSON object with at least one member.
pub fn decrypt_card_detail(encoded: &str, key: &RsaPrivateKey) -> Result<String> {
    check_card_key_bits(key.bits())?;
    let ciphertext =
        encoding::b64_decode_lenient(encoded.as_bytes()).map_err(|e| e.in_field("encoded"))?;
    if ciphertext.is_empty() {
        return Err(Error::DecryptionFailed);
    }
    let plain = key
        .decrypt_pkcs1v15_blocks(&ciphertext)
        .map_err(|_| Error::DecryptionFailed)?;
    let text = std::str::from_utf8(plain.expose()).map_err(|_| Error::DecryptionFailed)?;
    if !is_card_detail(text) {
        return Err(Error::DecryptionFailed);
    }
    Ok(text.to_owned())
}

/// Whether `text` has the structure of a card detail: a JSON object with at least one
/// member.
fn is_card_detail(text: &str) -> bool {
    parse_object(text, "detail")
        .ok()
        .and_then(|doc| doc.as_object().map(|m| !m.is_empty()))
        .unwrap_or(false)
}

fn check_card_key_bits(bits: usize) -> Result<()> {
    if bits < MIN_CARD_KEY_BITS {
        return Err(Error::key(
            KeyProblem::Size,
            format!("card detail keys must be at least {MIN_CARD_KEY_BITS} bits, got {bits}"),
        ));
    }
    Ok(())
}

/// The merchant side of HyperCard.
#[derive(Clone)]
pub struct HyperCard {
    api_key: String,
    private_key: RsaPrivateKey,
    provider_public_key: RsaPublicKey,
    env: Env,
    max_skew_secs: Option<i64>,
    rendering: Rendering,
    max_body_bytes: usize,
}

impl fmt::Debug for HyperCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperCard")
            .field("api_key", &self.api_key)
            .field("private_key", &self.private_key)
            .field("provider_public_key", &self.provider_public_key)
            .field("max_skew_secs", &self.max_skew_secs)
            .field("number_style", &self.rendering.numbers)
            .field("python_version", &self.rendering.python)
            .finish()
    }
}

impl HyperCard {
    /// A merchant client: its `api-key`, its RSA private key (signs requests) and
    /// HyperCard's public key (verifies push events).
    ///
    /// Errors: [`Error::InvalidInput`] (`api_key`) when `api_key` is empty or has control
    /// characters.
    pub fn new(
        api_key: &str,
        private_key: RsaPrivateKey,
        provider_public_key: RsaPublicKey,
        env: Env,
    ) -> Result<HyperCard> {
        check_header_value("api_key", api_key)?;
        Ok(HyperCard {
            api_key: api_key.to_owned(),
            private_key,
            provider_public_key,
            env,
            max_skew_secs: Some(DEFAULT_NOTIFICATION_MAX_SKEW_SECS),
            rendering: Rendering::DEFAULT,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// The same client accepting push events whose signed `timestamp` is within
    /// `max_skew_secs` of now (`None`: no check). Default
    /// [`DEFAULT_NOTIFICATION_MAX_SKEW_SECS`] (24 h + 5 min), which lets HyperCard's retries
    /// through; de-duplicate retried events by their identifier in the body.
    ///
    /// Errors: [`Error::InvalidInput`] (`max_skew_secs`) when negative.
    pub fn with_max_skew_secs(mut self, max_skew_secs: Option<i64>) -> Result<HyperCard> {
        check_window(max_skew_secs)?;
        self.max_skew_secs = max_skew_secs;
        Ok(self)
    }

    /// The same client rendering numbers of the string to sign in `style` (requests it
    /// seals, push events it opens). Default [`NumberStyle::Python`]
    /// ([`DEFAULT_NUMBER_STYLE`]): HyperCard's reference implementation is Python, whose
    /// verifier `json.loads` the body and signs `str()` of each value, so `5000.00` is
    /// signed as `5000.0` and `1e2` as `100.0` (top level and nested alike). Use
    /// [`NumberStyle::AsWritten`] for a counterpart that keeps the literals as sent (e.g. a
    /// Java verifier holding numbers as `BigDecimal`). The two agree on integers and on
    /// decimals written the way Python writes them (`100.5`).
    pub fn with_number_style(mut self, style: NumberStyle) -> HyperCard {
        self.rendering.numbers = style;
        self
    }

    /// The same client escaping non-ASCII characters of nested strings as `python`'s
    /// `repr()` does (requests it seals, push events it opens). Default
    /// [`PythonVersion::NEWEST`]; set the version HyperCard's verifier runs if it is older
    /// (3.11 and 3.13 differ in 5,109 code points, all unassigned in Unicode 14.0).
    pub fn with_python_version(mut self, python: PythonVersion) -> HyperCard {
        self.rendering.python = python;
        self
    }

    /// The same client refusing a received body (push event, API response) longer than
    /// `max` bytes, before reading it (default [`DEFAULT_MAX_BODY_BYTES`], 32 MiB).
    pub fn with_max_body_bytes(mut self, max: usize) -> HyperCard {
        self.max_body_bytes = max;
        self
    }

    /// The merchant's `api-key`.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// Seals a request: the body is `params_json` as given (a JSON object; `{}` when
    /// empty), the headers are `timestamp`, `nonce`, `api-key`, `version`, `lang` (when
    /// set), `signature` and `Content-Type`.
    ///
    /// A top-level body field named like a signed header (`timestamp`, `nonce`, `api-key`,
    /// `version`, `lang`) is signed in that header's place, as HyperCard's demo does; the
    /// trace then lists the replaced headers.
    ///
    /// Trace steps: `body`, `string_to_sign`, `headers_replaced_by_body` (only when a body
    /// field replaced a header: the names, comma-separated), `signature`.
    ///
    /// Errors: [`Error::InvalidInput`] in `body` (not a JSON object), `timestamp`
    /// (negative), `nonce`, `version` or `lang` (empty or control characters).
    pub fn seal_request(&self, params_json: &str, opts: HyperCardRequestOptions) -> Result<Sealed> {
        let fields = header_fields(&self.env, &self.api_key, opts)?;
        seal_signed(
            request_body(params_json),
            fields,
            &self.private_key,
            self.rendering,
        )
    }

    /// Opens an API response `{"code","msg","data"?}`: the `data` member as compact JSON
    /// (`null` when absent). Responses are not signed.
    ///
    /// Errors: [`Error::ProviderError`] when `code` is not `"00000"`;
    /// [`Error::InvalidInput`] when the body is not a JSON object or has no `code`.
    pub fn open_response(&self, body: &str) -> Result<String> {
        check_body_size(body, self.max_body_bytes)?;
        let doc = parse_object(body, "body")?;
        let code = doc
            .get("code")
            .and_then(value_text)
            .ok_or_else(|| Error::invalid_input("code", "missing"))?;
        if code != SUCCESS_CODE {
            return Err(Error::ProviderError {
                code: code.into_owned(),
                message: doc
                    .get("msg")
                    .and_then(value_text)
                    .unwrap_or_default()
                    .into_owned(),
                result: None,
            });
        }
        Ok(doc
            .get("data")
            .map_or_else(|| "null".to_owned(), Json::to_compact))
    }

    /// Verifies a push event signed with HyperCard's key (same string-to-sign rule) and
    /// returns its body text. Answer an accepted event with [`NOTIFICATION_ACK`].
    ///
    /// The window (default [`DEFAULT_NOTIFICATION_MAX_SKEW_SECS`]) applies to the signed
    /// timestamp: the `timestamp` header, or the body's top-level `timestamp` when there is
    /// one (see the module docs). A retried push opens again: de-duplicate by the event's
    /// identifier in the body.
    ///
    /// Errors: [`Error::InvalidInput`] when the `signature` header is missing or not
    /// base64, the body is not a JSON object, or (with a window, and no body `timestamp`)
    /// the `timestamp` header is missing or not a number; [`Error::SignatureMismatch`] when
    /// the signature does not verify or the `api-key` header is not ours;
    /// [`Error::Expired`] when the signed timestamp is outside the window.
    pub fn open_notification(&self, body: &str, headers: &Headers) -> Result<String> {
        Merchant::open_notification(self, &Received::new(body, headers), None)
    }

    fn open_notification_at(
        &self,
        body: &str,
        headers: &Headers,
        now_ms: Option<i64>,
    ) -> Result<String> {
        verify_signed(
            body,
            headers,
            &Verifier {
                signer: &self.provider_public_key,
                api_key: &self.api_key,
                api_key_required: false,
                env: &self.env,
                now_ms,
                max_skew_secs: self.max_skew_secs,
                rendering: self.rendering,
                max_body_bytes: self.max_body_bytes,
            },
        )
    }

    /// The HyperCard-side mirror, given HyperCard's private key: it uses this client's
    /// api-key, the public half of this client's private key, the same [`Env`] and
    /// rendering options, and the request window [`DEFAULT_MAX_SKEW_SECS`].
    pub fn provider(&self, provider_private_key: RsaPrivateKey) -> HyperCardProvider {
        HyperCardProvider {
            api_key: self.api_key.clone(),
            private_key: provider_private_key,
            merchant_public_key: self.private_key.public_key(),
            env: self.env.clone(),
            max_skew_secs: Some(DEFAULT_MAX_SKEW_SECS),
            rendering: self.rendering,
            max_body_bytes: self.max_body_bytes,
        }
    }
}

/// The HyperCard side, for local stand-ins and tests: verifies requests, answers them,
/// signs push events, encrypts card details.
#[derive(Clone)]
pub struct HyperCardProvider {
    api_key: String,
    private_key: RsaPrivateKey,
    merchant_public_key: RsaPublicKey,
    env: Env,
    max_skew_secs: Option<i64>,
    rendering: Rendering,
    max_body_bytes: usize,
}

impl fmt::Debug for HyperCardProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperCardProvider")
            .field("api_key", &self.api_key)
            .field("private_key", &self.private_key)
            .field("merchant_public_key", &self.merchant_public_key)
            .field("max_skew_secs", &self.max_skew_secs)
            .field("number_style", &self.rendering.numbers)
            .field("python_version", &self.rendering.python)
            .finish()
    }
}

impl HyperCardProvider {
    /// A mirror for the merchant with `api_key`: HyperCard's private key and the
    /// merchant's public key; the request window is [`DEFAULT_MAX_SKEW_SECS`].
    ///
    /// Errors: as [`HyperCard::new`].
    pub fn new(
        api_key: &str,
        provider_private_key: RsaPrivateKey,
        merchant_public_key: RsaPublicKey,
        env: Env,
    ) -> Result<HyperCardProvider> {
        check_header_value("api_key", api_key)?;
        Ok(HyperCardProvider {
            api_key: api_key.to_owned(),
            private_key: provider_private_key,
            merchant_public_key,
            env,
            max_skew_secs: Some(DEFAULT_MAX_SKEW_SECS),
            rendering: Rendering::DEFAULT,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// The same mirror with another request window (`None`: no check).
    ///
    /// Errors: [`Error::InvalidInput`] (`max_skew_secs`) when negative.
    pub fn with_max_skew_secs(mut self, max_skew_secs: Option<i64>) -> Result<HyperCardProvider> {
        check_window(max_skew_secs)?;
        self.max_skew_secs = max_skew_secs;
        Ok(self)
    }

    /// The same mirror refusing a request body longer than `max` bytes, before reading it
    /// (default [`DEFAULT_MAX_BODY_BYTES`], 32 MiB; see [`HyperCard::with_max_body_bytes`]).
    pub fn with_max_body_bytes(mut self, max: usize) -> HyperCardProvider {
        self.max_body_bytes = max;
        self
    }

    /// The same mirror rendering numbers in `style` (see [`HyperCard::with_number_style`]).
    pub fn with_number_style(mut self, style: NumberStyle) -> HyperCardProvider {
        self.rendering.numbers = style;
        self
    }

    /// The same mirror with `python`'s `repr()` escapes (see
    /// [`HyperCard::with_python_version`]).
    pub fn with_python_version(mut self, python: PythonVersion) -> HyperCardProvider {
        self.rendering.python = python;
        self
    }

    /// Verifies a merchant request (its `api-key` header must be present and match) and
    /// returns the body text.
    ///
    /// Errors: as [`HyperCard::open_notification`], plus [`Error::InvalidInput`]
    /// (`api-key`) when the header is missing.
    pub fn open_request(&self, body: &str, headers: &Headers) -> Result<String> {
        verify_signed(
            body,
            headers,
            &Verifier {
                signer: &self.merchant_public_key,
                api_key: &self.api_key,
                api_key_required: true,
                env: &self.env,
                now_ms: None,
                max_skew_secs: self.max_skew_secs,
                rendering: self.rendering,
                max_body_bytes: self.max_body_bytes,
            },
        )
    }

    /// Answers a request: `{"code":"00000","msg":"ok","data":payload}` (payload byte for
    /// byte; no `data` when `payload_json` is empty). Not signed.
    ///
    /// Errors: [`Error::InvalidInput`] (`payload`) when `payload_json` is not JSON.
    pub fn seal_response(&self, payload_json: &str) -> Result<Sealed> {
        let mut w = ObjectWriter::with_capacity(payload_json.len() + 48);
        w.string("code", SUCCESS_CODE).string("msg", "ok");
        if !payload_json
            .trim_matches([' ', '\t', '\n', '\r'])
            .is_empty()
        {
            crate::canonical::json::parse(payload_json).map_err(|e| e.in_field("payload"))?;
            w.raw("data", payload_json);
        }
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace: Trace::new(),
        })
    }

    /// A failure answer `{"code":code,"msg":message}`, which the merchant side reports as
    /// [`Error::ProviderError`].
    pub fn seal_error_response(&self, code: &str, message: &str) -> Result<Sealed> {
        let mut w = ObjectWriter::with_capacity(code.len() + message.len() + 32);
        w.string("code", code).string("msg", message);
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace: Trace::new(),
        })
    }

    /// Signs a push event carrying `payload_json` (a JSON object, sent byte for byte) with
    /// HyperCard's key: headers `timestamp` (now), `nonce`, `api-key`, `version`,
    /// `signature`.
    ///
    /// Errors: [`Error::InvalidInput`] (`body`) when `payload_json` is not a JSON object.
    pub fn seal_notification(&self, payload_json: &str) -> Result<Sealed> {
        self.seal_notification_with(payload_json, HyperCardRequestOptions::default())
    }

    /// [`HyperCardProvider::seal_notification`] with explicit header values.
    pub fn seal_notification_with(
        &self,
        payload_json: &str,
        opts: HyperCardRequestOptions,
    ) -> Result<Sealed> {
        let fields = header_fields(&self.env, &self.api_key, opts)?;
        seal_signed(
            request_body(payload_json),
            fields,
            &self.private_key,
            self.rendering,
        )
    }

    /// Encrypts a card detail text (a non-empty JSON object, used byte for byte) to the
    /// merchant's card-detail key (at least 4096 bits): base64 of RSA-PKCS1-v1_5 blocks.
    /// Randomness from this mirror's [`Env`].
    ///
    /// Errors: [`Error::InvalidKey`] when `merchant_card_key` is under 4096 bits;
    /// [`Error::InvalidInput`] (`detail`) when `detail` is not a JSON object with at least
    /// one member ([`decrypt_card_detail`] accepts nothing else).
    pub fn encrypt_card_detail(
        &self,
        detail: &str,
        merchant_card_key: &RsaPublicKey,
    ) -> Result<String> {
        check_card_key_bits(merchant_card_key.bits())?;
        if !is_card_detail(detail) {
            parse_object(detail, "detail")?;
            return Err(Error::invalid_input(
                "detail",
                "a card detail is a JSON object with at least one member",
            ));
        }
        Ok(encoding::b64_encode(
            &merchant_card_key.encrypt_pkcs1v15_blocks(detail.as_bytes(), &self.env)?,
        ))
    }
}

impl Merchant for HyperCard {
    const PROVIDER: &'static str = "hypercard";

    type Request<'a> = HyperCardRequestOptions;

    fn seal_request(
        &self,
        request: &HyperCardRequestOptions,
        payload_json: &str,
    ) -> Result<Sealed> {
        HyperCard::seal_request(self, payload_json, request.clone())
    }

    fn open_response(&self, received: &Received<'_>) -> Result<String> {
        HyperCard::open_response(self, received.body)
    }

    /// The window ([`HyperCard::with_max_skew_secs`]) is checked against `now_ms`.
    fn open_notification(&self, received: &Received<'_>, now_ms: Option<i64>) -> Result<String> {
        self.open_notification_at(received.body, received.headers, now_ms)
    }

    /// Push events are signed over the string to sign; responses are not signed.
    fn signed_string(
        &self,
        notification: bool,
        received: &Received<'_>,
    ) -> Option<Result<SignedString>> {
        notification.then(|| signed_string_of(received, self.rendering, &self.provider_public_key))
    }
}

/// The string to sign of a received message as cardseal builds it, the received
/// `api-key` and `signature`, and whether the signature verifies over the string with
/// `signer` (a public key: the answer is public too).
fn signed_string_of(
    received: &Received<'_>,
    rendering: Rendering,
    signer: &RsaPublicKey,
) -> Result<SignedString> {
    let pairs: Vec<(&str, &str)> = SIGNED_HEADERS
        .iter()
        .filter_map(|n| header(received.headers, n).map(|v| (*n, v)))
        .collect();
    let body = request_body(received.body);
    let string = form::render_merged_json(&rendering.rule(), &pairs, body, &json::Limits::DEFAULT)?;
    let replaced = parse_object(body, "body")
        .map(|doc| replaced_headers(&pairs, &doc).join(","))
        .unwrap_or_default();
    let verifies = header(received.headers, "signature")
        .and_then(|s| encoding::b64_decode_lenient(s.as_bytes()).ok())
        .is_some_and(|sig| {
            signer
                .verify_pkcs1v15(HashAlg::Sha256, string.as_bytes(), &sig)
                .is_ok()
        });
    let mut s = SignedString::new(string).received(received, "api-key");
    if !replaced.is_empty() {
        s = s.step("headers_replaced_by_body", replaced);
    }
    Ok(s.received(received, "signature")
        .step("signature_verifies_over_this_string", verifies.to_string()))
}

impl Mirror for HyperCardProvider {
    const PROVIDER: &'static str = "hypercard";

    type Response<'a> = ();
    type Notification<'a> = HyperCardRequestOptions;

    fn open_request(&self, received: &Received<'_>) -> Result<String> {
        HyperCardProvider::open_request(self, received.body, received.headers)
    }

    fn signed_string(&self, received: &Received<'_>) -> Option<Result<SignedString>> {
        Some(signed_string_of(
            received,
            self.rendering,
            &self.merchant_public_key,
        ))
    }

    fn seal_response(&self, _: &(), payload_json: &str) -> Result<Sealed> {
        HyperCardProvider::seal_response(self, payload_json)
    }

    fn seal_error_response(&self, _: &(), code: &str, message: &str) -> Result<Sealed> {
        HyperCardProvider::seal_error_response(self, code, message)
    }

    fn seal_notification(
        &self,
        options: &HyperCardRequestOptions,
        payload_json: &str,
    ) -> Result<Sealed> {
        self.seal_notification_with(payload_json, options.clone())
    }
}
