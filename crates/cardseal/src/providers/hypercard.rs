//! HyperCard by HyperPay: SHA256withRSA over a `name=value` string of headers and body.
//!
//! # The scheme (seed 004, pinned down in PROVIDERS.md §4)
//! - **Headers** `timestamp` (Unix seconds), `nonce` (10 random characters), `api-key`,
//!   `version` (default `1.0`), optional `lang`, and `signature`.
//! - **String to sign.** Those header fields merged with the top-level body fields (the
//!   body wins on a name clash), `signature` and empty values (`""`, `null`) dropped,
//!   names sorted by code point (ASCII), `name=value` joined with `&`. Nested values are
//!   rendered the way HyperCard's Python reference demo does: Python `str()` with
//!   `'`→`"`, `", "`→`","`, `": "`→`":"`; booleans `True`/`False` (top level and nested),
//!   nested `null` as `None` (a top-level `null` is dropped as empty). This is the named
//!   rule [`FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR`] of [`crate::canonical::form`].
//! - **Numbers** are rendered as Python does by default (`str(json.loads(literal))`:
//!   `5000.00` → `5000.0`, `1e2` → `100.0`, top level and nested), because HyperCard's
//!   reference implementation is Python and its verifier parses the body before signing;
//!   [`HyperCard::with_number_style`] selects [`NumberStyle::AsWritten`] for a verifier
//!   that keeps the literals (e.g. Java `BigDecimal`).
//! - **Signature** `b64(SHA256withRSA(sender's key, utf8(string)))`. Push events
//!   (webhooks) are signed the same way with HyperCard's key; the merchant acknowledges
//!   them with HTTP 200 [`NOTIFICATION_ACK`].
//! - **Card details** may come RSA-PKCS1-v1_5-encrypted (split into `k − 11`-byte blocks)
//!   to a separate merchant key of at least 4096 bits: [`decrypt_card_detail`]. The
//!   decrypted text must be a non-empty JSON object (implicit rejection makes bad
//!   ciphertexts decrypt to random bytes, which this refuses).
//!
//! # Decisions
//! - The nonce alphabet is `A–Z a–z 0–9` (the seed only says "10 random characters"),
//!   drawn from the [`Env`] without modulo bias.
//! - `open_notification` (and the mirror's `open_request`) check, after the signature,
//!   that the signed `timestamp` is within ±[`DEFAULT_MAX_SKEW_SECS`] of the [`Env`] clock
//!   ([`Error::Expired`] otherwise); [`HyperCard::with_max_skew_secs`] changes or disables
//!   the window. A signed `api-key` header that is not ours is
//!   [`Error::SignatureMismatch`] (`api-key`).
//! - Responses are not signed (the seed's example is a bare `{"code":"00000","msg":"ok"}`):
//!   [`HyperCard::open_response`] only checks `code` and returns `data`; it proves nothing
//!   beyond what TLS does.
//! - **Header/body clashes.** The merge lets a top-level body field override the header
//!   of the same name, so with a body-level `timestamp` the `timestamp` header would not
//!   be signed while the window check reads it: a captured message could be replayed with
//!   a fresh header. So a signed header (`timestamp`, `nonce`, `api-key`, `version`,
//!   `lang`) that is also a top-level body field must render to the same text as the body
//!   value (`"1700000000"` and `1700000000` agree; `""`/`null` in the body, which drop the
//!   name from the string to sign, contradict any non-empty header value): otherwise opening fails
//!   with [`Error::SignatureMismatch`] naming the field, and sealing fails with
//!   [`Error::InvalidInput`] naming the field (we never send what we would refuse). This
//!   is stricter than checking the window against the signed value, and also covers
//!   `api-key` (the body cannot hide a foreign `api-key` header either).
//! - The body is sent byte for byte as given (it must be a JSON object; empty means `{}`);
//!   the signature covers its parsed top-level fields, so any formatting works.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::canonical::TextSink;
use crate::canonical::form::{self, FormRule, NumberStyle};
use crate::canonical::json::{self, Json};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::hazmat::digest::{HashAlg, Hasher};
use crate::hazmat::encoding;
use crate::hazmat::rsa::{RsaPrivateKey, RsaPublicKey};
use crate::providers::{
    Headers, ObjectWriter, Sealed, Trace, check_header_value, header, parse_object, value_text,
};
use crate::secret::ct_eq;

/// The default `version` header.
pub const DEFAULT_VERSION: &str = "1.0";

/// The length of a generated nonce.
pub const NONCE_LEN: usize = 10;

/// The default accepted distance between a signed `timestamp` and now: 5 minutes.
pub const DEFAULT_MAX_SKEW_SECS: i64 = 300;

/// The minimum size of the merchant key card details are encrypted to.
pub const MIN_CARD_KEY_BITS: usize = 4096;

/// The `code` of a successful API response (seed 004's example response).
pub const SUCCESS_CODE: &str = "00000";

/// What a merchant answers (HTTP 200) to a push event it has accepted.
pub const NOTIFICATION_ACK: &str = r#"{"code":1,"msg":"ok","data":{}}"#;

/// The default rendering of numbers in the string to sign: Python's (see
/// [`HyperCard::with_number_style`]).
pub const DEFAULT_NUMBER_STYLE: NumberStyle = NumberStyle::Python;

/// The rule of the string to sign, with `numbers` for number rendering.
fn rule(numbers: NumberStyle) -> FormRule {
    FormRule {
        numbers,
        ..FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR
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
    Err(Error::invalid_input(
        "entropy",
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
/// (body wins), under [`rule`]`(numbers)`.
fn string_to_sign_into(
    header_fields: &[(&str, &str)],
    body: &Json<'_>,
    numbers: NumberStyle,
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
    form::render_to(&rule(numbers), &fields, out)
}

/// The string to sign, as text (for the trace).
fn string_to_sign(
    header_fields: &[(&str, &str)],
    body: &Json<'_>,
    numbers: NumberStyle,
) -> Result<String> {
    let mut out = String::new();
    string_to_sign_into(header_fields, body, numbers, &mut out)?;
    Ok(out)
}

/// SHA-256 of the string to sign, hashed as it is rendered (a multi-MB body is never
/// copied into a string first).
fn digest_to_sign(
    header_fields: &[(&str, &str)],
    body: &Json<'_>,
    numbers: NumberStyle,
) -> Result<Vec<u8>> {
    let mut hasher = Hasher::new(HashAlg::Sha256);
    string_to_sign_into(header_fields, body, numbers, &mut hasher)?;
    hasher.finalize()
}

/// The first signed header in `header_fields` that a top-level body field of the same name
/// contradicts: the two values do not render to the same text under [`rule`] (an empty or
/// `null` body value, which drops the name from the string to sign, contradicts any
/// header value). The merge lets the body win, so such a header value is not what is
/// signed.
fn clashing_header<'n>(
    header_fields: &[(&'n str, &str)],
    body: &Json<'_>,
    numbers: NumberStyle,
) -> Result<Option<&'n str>> {
    let rule = rule(numbers);
    for (name, value) in header_fields {
        let Some(body_value) = body.get(name) else {
            continue;
        };
        let from_body = form::render(&rule, &[(Cow::Borrowed(*name), body_value.clone())])?;
        let from_header = form::render(
            &rule,
            &[(Cow::Borrowed(*name), Json::String(Cow::Borrowed(*value)))],
        )?;
        if from_body != from_header {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

/// Signs a message: returns the sealed request/notification.
fn seal_signed(
    body: &str,
    header_fields: Vec<(&'static str, String)>,
    key: &RsaPrivateKey,
    numbers: NumberStyle,
) -> Result<Sealed> {
    let doc = parse_object(body, "body")?;
    let pairs: Vec<(&str, &str)> = header_fields
        .iter()
        .map(|(n, v)| (*n, v.as_str()))
        .collect();
    if let Some(name) = clashing_header(&pairs, &doc, numbers)? {
        return Err(Error::invalid_input(
            name,
            format!(
                "the body's top-level `{name}` differs from the `{name}` header; the body's \
                 value would be signed in its place (make them equal or drop one)"
            ),
        ));
    }
    let hashed = digest_to_sign(&pairs, &doc, numbers)?;
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
            .and_then(|doc| string_to_sign(&pairs, &doc, numbers))
            .unwrap_or_else(|e| format!("<unavailable: {e}>"))
    });
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
    /// The window (`None`: no check).
    max_skew_secs: Option<i64>,
    /// Number rendering in the string to sign.
    numbers: NumberStyle,
}

/// Verifies a received message; returns the body text. Checks the `api-key` header
/// against `v.api_key` and the signed `timestamp` against `v.env`'s clock when
/// `v.max_skew_secs` is set.
fn verify_signed(body: &str, headers: &Headers, v: &Verifier<'_>) -> Result<String> {
    let Verifier {
        signer,
        api_key,
        api_key_required,
        env,
        max_skew_secs,
        numbers,
    } = *v;
    let signature =
        header(headers, "signature").ok_or_else(|| Error::invalid_input("signature", "missing"))?;
    match header(headers, "api-key") {
        Some(k) if !ct_eq(k.as_bytes(), api_key.as_bytes()) => {
            return Err(Error::signature_mismatch("api-key"));
        }
        None if api_key_required => return Err(Error::invalid_input("api-key", "missing")),
        _ => {}
    }
    let body = request_body(body);
    let doc = parse_object(body, "body")?;
    let pairs: Vec<(&str, &str)> = SIGNED_HEADERS
        .iter()
        .filter_map(|n| header(headers, n).map(|v| (*n, v)))
        .collect();
    // The body wins the merge: a header the body contradicts is not signed, so it must not
    // be trusted (the window below reads the `timestamp` header).
    if let Some(name) = clashing_header(&pairs, &doc, numbers)? {
        return Err(Error::signature_mismatch(name));
    }
    let hashed = digest_to_sign(&pairs, &doc, numbers)?;
    drop(doc);
    let signature =
        encoding::b64_decode_lenient(signature.as_bytes()).map_err(|e| e.in_field("signature"))?;
    signer.verify_pkcs1v15_prehashed(HashAlg::Sha256, &hashed, &signature)?;
    if let Some(max_skew) = max_skew_secs {
        let timestamp = header(headers, "timestamp")
            .ok_or_else(|| Error::invalid_input("timestamp", "missing"))?;
        let secs: i64 = timestamp
            .parse()
            .map_err(|_| Error::invalid_input("timestamp", "not an integer number of seconds"))?;
        let now_ms = env.now_unix_millis();
        let timestamp_ms = secs.saturating_mul(1000);
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
        return Err(Error::invalid_key(format!(
            "card detail keys must be at least {MIN_CARD_KEY_BITS} bits, got {bits}"
        )));
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
    number_style: NumberStyle,
}

impl fmt::Debug for HyperCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperCard")
            .field("api_key", &self.api_key)
            .field("private_key", &self.private_key)
            .field("provider_public_key", &self.provider_public_key)
            .field("max_skew_secs", &self.max_skew_secs)
            .field("number_style", &self.number_style)
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
            max_skew_secs: Some(DEFAULT_MAX_SKEW_SECS),
            number_style: DEFAULT_NUMBER_STYLE,
        })
    }

    /// The same client accepting push events whose `timestamp` is within `max_skew_secs`
    /// of now (`None`: no check).
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
        self.number_style = style;
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
    /// Trace steps: `body`, `string_to_sign`, `signature`.
    ///
    /// Errors: [`Error::InvalidInput`] in `body` (not a JSON object), `timestamp`
    /// (negative), `nonce`, `version` or `lang` (empty or control characters), or in the
    /// name of a header that a top-level body field of the same name contradicts (see the
    /// module docs).
    pub fn seal_request(&self, params_json: &str, opts: HyperCardRequestOptions) -> Result<Sealed> {
        let fields = header_fields(&self.env, &self.api_key, opts)?;
        seal_signed(
            request_body(params_json),
            fields,
            &self.private_key,
            self.number_style,
        )
    }

    /// Opens an API response `{"code","msg","data"?}`: the `data` member as compact JSON
    /// (`null` when absent). Responses are not signed.
    ///
    /// Errors: [`Error::ProviderError`] when `code` is not `"00000"`;
    /// [`Error::InvalidInput`] when the body is not a JSON object or has no `code`.
    pub fn open_response(&self, body: &str) -> Result<String> {
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
            });
        }
        Ok(doc
            .get("data")
            .map_or_else(|| "null".to_owned(), Json::to_compact))
    }

    /// Verifies a push event signed with HyperCard's key (same string-to-sign rule) and
    /// returns its body text. Answer an accepted event with [`NOTIFICATION_ACK`].
    ///
    /// Errors: [`Error::InvalidInput`] when the `signature` header is missing or not
    /// base64, the body is not a JSON object, or (with a window) `timestamp` is missing or
    /// not a number; [`Error::SignatureMismatch`] when the signature does not verify or the
    /// `api-key` header is not ours, or naming the header (`timestamp`, `nonce`, ...) that
    /// a top-level body field of the same name contradicts; [`Error::Expired`] when the
    /// timestamp is outside the window.
    pub fn open_notification(&self, body: &str, headers: &Headers) -> Result<String> {
        verify_signed(
            body,
            headers,
            &Verifier {
                signer: &self.provider_public_key,
                api_key: &self.api_key,
                api_key_required: false,
                env: &self.env,
                max_skew_secs: self.max_skew_secs,
                numbers: self.number_style,
            },
        )
    }

    /// The HyperCard-side mirror, given HyperCard's private key: it uses this client's
    /// api-key, the public half of this client's private key, the same [`Env`], window and
    /// number style.
    pub fn provider(&self, provider_private_key: RsaPrivateKey) -> HyperCardProvider {
        HyperCardProvider {
            api_key: self.api_key.clone(),
            private_key: provider_private_key,
            merchant_public_key: self.private_key.public_key(),
            env: self.env.clone(),
            max_skew_secs: self.max_skew_secs,
            number_style: self.number_style,
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
    number_style: NumberStyle,
}

impl fmt::Debug for HyperCardProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperCardProvider")
            .field("api_key", &self.api_key)
            .field("private_key", &self.private_key)
            .field("merchant_public_key", &self.merchant_public_key)
            .field("max_skew_secs", &self.max_skew_secs)
            .field("number_style", &self.number_style)
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
            number_style: DEFAULT_NUMBER_STYLE,
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

    /// The same mirror rendering numbers in `style` (see [`HyperCard::with_number_style`]).
    pub fn with_number_style(mut self, style: NumberStyle) -> HyperCardProvider {
        self.number_style = style;
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
                max_skew_secs: self.max_skew_secs,
                numbers: self.number_style,
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
            self.number_style,
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
