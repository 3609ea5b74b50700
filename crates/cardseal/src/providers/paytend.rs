//! Paytend BaaS Issuing Cards: RSA-1024 + AES-192-ECB envelopes, SHA256withRSA signatures.
//!
//! The scheme, its sources (Paytend's "BaaS Issuing Cards Product Documentation" and the
//! published values of Paytend's sandbox demo) and every decision below are written up in
//! `docs/providers/paytend.md`.
//!
//! # The scheme
//! - **Envelope.** A fresh key text `k` = b64 of 16 random bytes (24 ASCII characters); the
//!   AES key is those 24 ASCII bytes (AES-192), ECB, PKCS#7. The data field on the wire is
//!   `b64(AES(k, text))`; `randomKey` on the wire is `b64(RSA-PKCS1v15-encrypt(recipient,
//!   ascii(k)))`.
//! - **Signature string.** Every non-empty top-level field except `signature` (and
//!   `encryptFlag` in received messages), with the data field and `randomKey` in
//!   **plaintext**, sorted by name, joined `name=value` with `&`, no URL-encoding
//!   ([`FormRule::FLAT_NONEMPTY_SORTED`]). `signature = b64(SHA256withRSA(sender))`.
//! - **Request** `{bizData, requestId, partnerId, randomKey, signType:"RSA", signature,
//!   version:"2.0"}` (member order of the seed's request samples); `requestId` = partnerId
//!   + `yyyyMMddHHmmssSSS`.
//! - **Response** `{respCode, respMsg, respData, randomKey, signType, signature}`:
//!   `respCode != "00"` is a failure that may carry no signature at all.
//! - **Webhook** `{content, notifyType, partnerId, randomKey, signature, signType,
//!   version}`: as a response with `content` in place of `respData` (inferred by symmetry,
//!   not verified against a published value).
//!
//! # Payload forms
//! - **None.** No data field (absent, `null` or `""`) and no `randomKey`: the remaining
//!   fields are signed; opens to `null`. Sealing an empty, whitespace-only or `null`
//!   payload gives such a message (never the text `null` as data).
//! - **Encrypted** (default): a base64 ciphertext string with a `randomKey`, as above. On
//!   open, a `randomKey` containing `%` is percent-decoded first (Paytend's demo
//!   URL-decodes it); a bad escape is [`Error::InvalidInput`] (`randomKey`).
//! - **Unencrypted** ([`PaytendSealOptions::encrypt`] `false`): the data field is the JSON
//!   object itself, no `randomKey`, signed as its compact text (whitespace between tokens
//!   removed, nothing else changed). On open, without a `randomKey`, a JSON object/array
//!   data field is verified over its text as it appears in the received body (the raw
//!   slice), or, if that slice holds whitespace between tokens, over the slice without it;
//!   a string holding JSON text (starting with `{` or `[`) is verified over its content.
//!   `encryptFlag` is not signed and not interpreted.
//!
//! # Decisions
//! - **Clock.** The seed gives no time zone for `requestId`. Paytend's published example
//!   id `…20231106120000000` and its other examples are consistent with China Standard
//!   Time, so the default offset is UTC+8 ([`DEFAULT_UTC_OFFSET_MINUTES`]); change it with
//!   [`Paytend::with_utc_offset_minutes`], or pass `request_id` explicitly. The date is
//!   computed from [`Env::now_unix_millis`] by pure arithmetic.
//! - **Payload bytes.** `biz_json` (and mirror payloads) are used byte for byte after
//!   validation: the receiver verifies the signature over the exact decrypted text, so any
//!   valid JSON text works; pass compact JSON to match the Java demos.
//! - **Trace.** The scheme signs the per-message key text `k` in plaintext, but `k` never
//!   goes into a [`Trace`] (traces are printed by `Debug` and end up in logs): the
//!   `string_to_sign` step shows it as `randomKey=<redacted: 24 chars>`, and the
//!   `string_to_sign_sha256` step (lowercase hex SHA-256 of the real string) lets a caller
//!   compare with the string their counterpart signed. The real string is zeroized after
//!   signing.
//! - **Errors.** No `signature` on a `respCode` `"00"` response (or on a request or
//!   webhook) → [`Error::InvalidInput`] (`signature`, "missing"); a `signType` other than
//!   `"RSA"` → [`Error::InvalidInput`] (`signType`); a field that is not base64 →
//!   [`Error::InvalidInput`] naming it; a message for another `partnerId` →
//!   [`Error::SignatureMismatch`] (`partnerId`), as for ASINX's `appId`.
//! - **No padding oracle.** Opening fails early only on what is public: the structure
//!   above, a data ciphertext that is not a non-zero multiple of 16 bytes or a `randomKey`
//!   ciphertext of the wrong length for our key → [`Error::DecryptionFailed`]. Every
//!   failure that depends on decrypted (secret) values gives one and the same error,
//!   [`Error::SignatureMismatch`] `{ what: "signature" }`, and the signature check always
//!   runs first: a `randomKey` that does not decrypt to 24 printable characters (PKCS#1
//!   v1.5 implicit rejection makes a tampered or wrong-key one decrypt to random bytes) is
//!   replaced by a stand-in key text (keyed by our private key) and decryption goes on;
//!   the PKCS#7 padding is checked in constant time and, when bad, the raw decrypted
//!   bytes stand in for the text; non-UTF-8 data likewise. So a tampered `respData`,
//!   `content` or `bizData` gives the same answer whether or not its padding happens to
//!   be valid, and the key-text length is no early exit.
//! - An absent (or empty) data field opens to `null` after the signature is checked.
//! - A `respCode` other than `"00"` is [`Error::ProviderError`] (code, `respMsg`, no
//!   result) without any signature check: "Some errors will not result in a signature".

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::canonical::form::{self, FormRule};
use crate::canonical::json::{self, Json};
use crate::env::Env;
use crate::error::{Check, Error, Resource, Result};
use crate::hazmat::aes;
use crate::hazmat::digest::{self, HashAlg, Hasher};
use crate::hazmat::encoding;
use crate::hazmat::rsa::{RsaPrivateKey, RsaPublicKey};
use crate::providers::{
    Headers, Merchant, Mirror, ObjectWriter, Received, Sealed, Trace, check_body_size,
    check_header_value, opt_str_member, parse_object, value_text,
};
use crate::secret::{SecretString, ct_eq};
use subtle::{
    Choice, ConditionallySelectable, ConstantTimeEq, ConstantTimeGreater, ConstantTimeLess,
};

/// The default offset of Paytend's `requestId` clock from UTC: +8 h (China Standard Time).
pub const DEFAULT_UTC_OFFSET_MINUTES: i32 = 8 * 60;

/// The default maximum size of a received body (responses and webhooks at the partner,
/// requests at the mirror), checked before anything else: 32 MiB. Paytend publishes no
/// size limit; its largest messages carry KYC documents (ID images) as encrypted base64,
/// a few MB, and 32 MiB is the cap used for every provider (HyperCard's KYC images, the
/// only published sizes, come to at most 12 MB of base64). Set per client with
/// [`Paytend::with_max_body_bytes`] / [`PaytendProvider::with_max_body_bytes`]. A longer
/// body is [`Error::InvalidInput`] (`body`, naming `max_body_bytes`).
pub const DEFAULT_MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// The fixed `signType`.
pub const SIGN_TYPE: &str = "RSA";

/// The fixed `version`.
pub const VERSION: &str = "2.0";

/// The `respCode` of success.
pub const SUCCESS_CODE: &str = "00";

/// The `respMsg` the mirror puts on successful responses.
pub const SUCCESS_MESSAGE: &str = "success";

/// The `notifyType` [`PaytendProvider::seal_notification`] uses (1 = card transaction).
pub const DEFAULT_NOTIFY_TYPE: &str = "1";

/// The length of the key text `k` (b64 of 16 bytes), which is also the AES-192 key length.
const KEY_TEXT_LEN: usize = 24;

/// Signature strings of received messages: `signature` and `encryptFlag` are not signed.
const RECEIVED_RULE: FormRule = FormRule {
    exclude: &["signature", "encryptFlag"],
    ..FormRule::FLAT_NONEMPTY_SORTED
};

const CONTENT_TYPE: &str = "application/json";

/// A sealed payload: the key text and the two wire values.
struct Envelope {
    key_text: SecretString,
    data_wire: String,
    key_wire: String,
}

/// Seals `plain` for `recipient` under a fresh key text drawn from `env`.
fn seal_payload(plain: &str, recipient: &RsaPublicKey, env: &Env) -> Result<Envelope> {
    let raw = zeroize::Zeroizing::new(env.random_bytes(16)?);
    let key_text = SecretString::new(encoding::b64_encode(&raw));
    let data_wire = aes::ecb_encrypt_b64(key_text.expose().as_bytes(), plain.as_bytes())?;
    let key_wire =
        encoding::b64_encode(&recipient.encrypt_pkcs1v15(key_text.expose().as_bytes(), env)?);
    Ok(Envelope {
        key_text,
        data_wire,
        key_wire,
    })
}

/// Options of the seals that carry a payload ([`Paytend::seal_request_with`],
/// [`PaytendProvider::seal_response_with`], [`PaytendProvider::seal_notification_with`]).
///
/// `PaytendSealOptions::default()` is the published scheme (encrypted);
/// [`PaytendSealOptions::unencrypted`] sends the payload as plain JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaytendSealOptions {
    /// `true` (default): the payload is sent as `b64(AES(k, text))` with a `randomKey`.
    /// `false`: it is sent as the JSON object itself (a JSON value in the body, not a
    /// string), with no `randomKey`, and signed as that compact text (the given text with
    /// the whitespace between its tokens removed, nothing else changed).
    pub encrypt: bool,
}

impl Default for PaytendSealOptions {
    fn default() -> Self {
        PaytendSealOptions { encrypt: true }
    }
}

impl PaytendSealOptions {
    /// Options with `encrypt` set to `false`: the payload is sent unencrypted.
    pub fn unencrypted() -> Self {
        PaytendSealOptions { encrypt: false }
    }
}

/// The data member of a message being sealed.
enum Outgoing<'a> {
    /// No payload: no data member and no `randomKey`.
    Absent,
    /// Encrypted: the signed plaintext and its envelope.
    Encrypted(&'a str, Envelope),
    /// Unencrypted: the compact JSON text, sent as a JSON value and signed as is.
    Plain(Cow<'a, str>),
}

impl<'a> Outgoing<'a> {
    /// Seals `payload` (validated, `None` for none) for `recipient`.
    fn new(
        payload: Option<&'a str>,
        options: PaytendSealOptions,
        recipient: &RsaPublicKey,
        env: &Env,
    ) -> Result<Self> {
        Ok(match payload {
            None => Outgoing::Absent,
            Some(p) if options.encrypt => Outgoing::Encrypted(p, seal_payload(p, recipient, env)?),
            Some(p) => Outgoing::Plain(strip_whitespace(p)),
        })
    }

    /// Pushes the signed fields: the data field (plaintext) and `randomKey` (key text).
    fn push_fields<'f>(&'f self, data_field: &'f str, fields: &mut Vec<(Cow<'f, str>, Json<'f>)>) {
        match self {
            Outgoing::Absent => {}
            Outgoing::Encrypted(plain, e) => {
                fields.push(text_field(data_field, plain));
                fields.push(text_field("randomKey", e.key_text.expose()));
            }
            Outgoing::Plain(text) => fields.push(text_field(data_field, text)),
        }
    }

    /// Writes the data member (a ciphertext string, or the JSON value itself).
    fn write_data(&self, w: &mut ObjectWriter, data_field: &str) {
        match self {
            Outgoing::Absent => {}
            Outgoing::Encrypted(_, e) => {
                w.encoded(data_field, &e.data_wire);
            }
            Outgoing::Plain(text) => {
                w.raw(data_field, text);
            }
        }
    }

    /// Writes `randomKey` (encrypted payloads only).
    fn write_key(&self, w: &mut ObjectWriter) {
        if let Outgoing::Encrypted(_, e) = self {
            w.encoded("randomKey", &e.key_wire);
        }
    }

    /// The size of the data member on the wire.
    fn wire_len(&self) -> usize {
        match self {
            Outgoing::Absent => 0,
            Outgoing::Encrypted(_, e) => e.data_wire.len().saturating_add(e.key_wire.len()),
            Outgoing::Plain(text) => text.len(),
        }
    }

    /// Pushes the wire steps of an encrypted payload (`data_step`, `random_key`).
    fn push_wire_steps(self, trace: &mut Trace, data_step: &str) {
        if let Outgoing::Encrypted(_, e) = self {
            trace.push(data_step, e.data_wire);
            trace.push("random_key", e.key_wire);
        }
    }
}

/// The key text of a received `randomKey`, and whether it is genuine.
struct UnwrappedKey {
    /// Always [`KEY_TEXT_LEN`] printable ASCII characters: the decrypted key text, or a
    /// stand-in derived from the ciphertext when the decrypted bytes are not a key text.
    text: SecretString,
    /// Whether `text` is the decrypted key text.
    genuine: Choice,
}

/// A printable ASCII character (`!`..=`~`), in constant time.
fn ct_is_graphic(b: u8) -> Choice {
    b.ct_gt(&0x20) & !b.ct_gt(&0x7e)
}

/// Decrypts a `randomKey` ciphertext to the key text. Errors only on what is public (the
/// ciphertext length, a representative out of range: [`Error::DecryptionFailed`]); a
/// result that is not [`KEY_TEXT_LEN`] printable ASCII characters (which implicit
/// rejection makes of a tampered or wrong-key ciphertext) is replaced, without an early
/// exit, by a stand-in key text (HMAC-SHA256 of the ciphertext keyed by a hash of our
/// private key: unpredictable to the sender), and flagged not genuine.
fn unwrap_key(ciphertext: &[u8], key: &RsaPrivateKey) -> Result<UnwrappedKey> {
    let plain = key
        .decrypt_pkcs1v15(ciphertext)
        .map_err(|_| Error::DecryptionFailed)?;
    let plain = plain.expose();
    let len = u64::try_from(plain.len()).unwrap_or(u64::MAX);
    let mut genuine = len.ct_eq(&(KEY_TEXT_LEN as u64));
    let mut candidate = zeroize::Zeroizing::new([0u8; KEY_TEXT_LEN]);
    for (i, slot) in candidate.iter_mut().enumerate() {
        *slot = plain.get(i).copied().unwrap_or(0);
        genuine &= ct_is_graphic(*slot);
    }
    // The stand-in is keyed by a hash of our private key (as KazePay's rejection key), so
    // nobody without it can predict the stand-in and prepare data that decrypts under it:
    // what follows runs on bytes the sender cannot choose.
    let der = key.to_pkcs1_der()?;
    let mut h = Hasher::new(HashAlg::Sha256);
    h.update(b"cardseal/paytend/implicit-rejection/v1\0");
    h.update(der.expose());
    let mac_key = zeroize::Zeroizing::new(h.finalize()?);
    let stand_in = zeroize::Zeroizing::new(digest::hmac_sha256(&mac_key, ciphertext));
    let stand_in = zeroize::Zeroizing::new(encoding::b64_encode(stand_in.as_ref()));
    let mut text = String::with_capacity(KEY_TEXT_LEN);
    for (c, d) in candidate.iter().zip(stand_in.bytes()) {
        text.push(char::from(u8::conditional_select(&d, c, genuine)));
    }
    Ok(UnwrappedKey {
        text: SecretString::new(text),
        genuine,
    })
}

/// Decrypts a data ciphertext (a non-zero multiple of 16 bytes, checked by the caller)
/// under `key_text` and removes the PKCS#7 padding in constant time. Returns the
/// plaintext and whether it is genuine (padding valid and UTF-8); when the padding is bad,
/// the raw decrypted bytes (lossily as text) stand in, so the caller can still run the
/// signature check.
fn decrypt_data(ciphertext: Vec<u8>, key_text: &SecretString) -> Result<(String, Choice)> {
    // Decrypted in place: the ciphertext buffer becomes the plaintext (zeroized if it is
    // dropped before being handed out).
    let mut plain = zeroize::Zeroizing::new(ciphertext);
    aes::ecb_decrypt_blocks_in_place(key_text.expose().as_bytes(), &mut plain)
        .map_err(|_| Error::DecryptionFailed)?;
    let n = plain.len();
    let pad = plain.last().copied().unwrap_or(0);
    let mut padding_ok = pad.ct_gt(&0) & !pad.ct_gt(&16);
    for (i, b) in plain.iter().rev().take(16).enumerate() {
        let in_pad = u8::try_from(i).unwrap_or(u8::MAX).ct_lt(&pad);
        padding_ok &= !in_pad | b.ct_eq(&pad);
    }
    let unpadded = n.saturating_sub(usize::from(pad)) as u64;
    let len = u64::conditional_select(&(n as u64), &unpadded, padding_ok);
    let len = usize::try_from(len).unwrap_or(n).min(n);
    // Move the plaintext out (no copy of a multi-MB payload); the padding bytes left
    // behind in the buffer are wiped with it.
    let mut bytes = std::mem::take(&mut *plain);
    if let Some(tail) = bytes.get_mut(len..) {
        zeroize::Zeroize::zeroize(tail);
    }
    bytes.truncate(len);
    Ok(match String::from_utf8(bytes) {
        Ok(text) => (text, padding_ok),
        Err(e) => {
            let bytes = zeroize::Zeroizing::new(e.into_bytes());
            (
                String::from_utf8_lossy(&bytes).into_owned(),
                Choice::from(0),
            )
        }
    })
}

/// The signature string as it goes into a [`Trace`]: owned copies of the signed fields
/// with the key text replaced by `<redacted: N chars>` (rendered only if the trace is
/// read), and the SHA-256 of the real string.
struct TracedString {
    /// `(name, value)` with the key text redacted; a big value is one shared copy.
    redacted: Vec<(String, Arc<str>)>,
    /// Lowercase hex SHA-256 of the real string to sign.
    sha256: String,
}

impl TracedString {
    /// The shared copy of field `name`'s value.
    fn value(&self, name: &str) -> Option<Arc<str>> {
        self.redacted
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| Arc::clone(v))
    }

    /// Pushes `string_to_sign` (lazy) and `string_to_sign_sha256`.
    fn push_into(self, trace: &mut Trace) {
        let TracedString { redacted, sha256 } = self;
        trace.push_lazy("string_to_sign", move || {
            let fields: Vec<(Cow<'_, str>, Json<'_>)> =
                redacted.iter().map(|(n, v)| text_field(n, v)).collect();
            form::render(&FormRule::FLAT_NONEMPTY_SORTED, &fields)
                .unwrap_or_else(|e| format!("<unavailable: {e}>"))
        });
        trace.push("string_to_sign_sha256", sha256);
    }
}

/// Signs `fields` (plaintext values) with `key`: (traced string, b64 signature). The real
/// string holds the key text `k`; it is hashed as it is rendered, never built.
fn sign_fields(
    fields: &[(Cow<'_, str>, Json<'_>)],
    key: &RsaPrivateKey,
) -> Result<(TracedString, String)> {
    let mut hasher = Hasher::new(HashAlg::Sha256);
    form::render_to(&FormRule::FLAT_NONEMPTY_SORTED, fields, &mut hasher)?;
    let hashed = hasher.finalize()?;
    let signature = encoding::b64_encode(&key.sign_pkcs1v15_prehashed(HashAlg::Sha256, &hashed)?);
    let sha256 = encoding::hex_encode(&hashed);
    let redacted = fields
        .iter()
        .map(|(name, value)| {
            let text: Arc<str> = match value {
                Json::String(k) if name == "randomKey" => {
                    Arc::from(format!("<redacted: {} chars>", k.chars().count()))
                }
                other => Arc::from(value_text(other).unwrap_or_default().as_ref()),
            };
            (name.to_string(), text)
        })
        .collect();
    Ok((TracedString { redacted, sha256 }, signature))
}

fn text_field<'a>(name: &'a str, value: &'a str) -> (Cow<'a, str>, Json<'a>) {
    (Cow::Borrowed(name), Json::String(Cow::Borrowed(value)))
}

/// Opens a received message: checks `signature` with `signer` over the signature string
/// and returns the data text (`null` when there is none).
///
/// The data field comes in one of three forms (see the module docs):
/// - **encrypted** (a base64 string, with `randomKey`): `randomKey` and the data are
///   decrypted with `own_key` and signed in plaintext. Only public structure can fail early
///   (missing or malformed fields, base64, percent-escapes in `randomKey`, the data
///   ciphertext not a non-zero multiple of 16 bytes, the `randomKey` ciphertext length).
///   Everything that depends on the decrypted values (a key text that is not 24 printable
///   characters, bad padding, non-UTF-8 data, the signature) gives the one error
///   `SignatureMismatch { what: "signature" }`, after the signature check has run: no
///   padding oracle;
/// - **plain** (no `randomKey`; a JSON object or array in the body, or a string holding
///   one): signed as the JSON text itself (see [`received_data`]);
/// - **absent** (no member, `null` or `""`): the remaining fields are signed; a
///   `randomKey` without data is still decrypted and signed in plaintext.
fn open_message(
    body: &str,
    doc: &Json<'_>,
    data_field: &str,
    own_key: &RsaPrivateKey,
    signer: &RsaPublicKey,
) -> Result<String> {
    let signature = match opt_str_member(doc, "signature")? {
        Some(s) if !s.is_empty() => s,
        _ => return Err(Error::invalid_input("signature", "missing")),
    };
    if opt_str_member(doc, "signType")?.is_some_and(|t| t != SIGN_TYPE) {
        return Err(Error::invalid_input(
            "signType",
            format!("expected \"{SIGN_TYPE}\""),
        ));
    }
    let key_wire = opt_str_member(doc, "randomKey")?.filter(|s| !s.is_empty());
    let data = received_data(body, doc, data_field, key_wire.is_some())?;
    // Public checks: base64 and lengths.
    let signature =
        encoding::b64_decode_lenient(signature.as_bytes()).map_err(|e| e.in_field("signature"))?;
    let data_wire = match data {
        ReceivedData::Plain(candidates) => {
            return open_plain(doc, data_field, candidates, signer, &signature);
        }
        ReceivedData::Encrypted(wire) => Some(wire),
        ReceivedData::Absent => None,
    };
    let key_ciphertext = key_wire
        .map(|w| {
            let bytes = percent_decode(w)?;
            encoding::b64_decode_lenient(&bytes).map_err(|e| e.in_field("randomKey"))
        })
        .transpose()?;
    let data_ciphertext = data_wire
        .map(|w| encoding::b64_decode_lenient(w.as_bytes()).map_err(|e| e.in_field(data_field)))
        .transpose()?;
    if data_ciphertext
        .as_ref()
        .is_some_and(|c| c.is_empty() || c.len() % 16 != 0)
    {
        return Err(Error::DecryptionFailed);
    }
    // Secret-dependent: no early exit from here to the signature check.
    let key = key_ciphertext
        .map(|c| unwrap_key(&c, own_key))
        .transpose()?;
    let mut genuine = key.as_ref().map_or(Choice::from(1), |k| k.genuine);
    let plain = match (data_ciphertext, &key) {
        (Some(c), Some(k)) => {
            let (text, ok) = decrypt_data(c, &k.text)?;
            genuine &= ok;
            Some(text)
        }
        _ => None,
    };
    let replaced = |name: &str| {
        if name == data_field {
            Some(plain.as_deref())
        } else if name == "randomKey" {
            Some(key.as_ref().map(|k| k.text.expose()))
        } else {
            None
        }
    };
    let verified = verify_received(doc, replaced, signer, &signature)?;
    if verified && bool::from(genuine) {
        Ok(plain.unwrap_or_else(|| "null".to_owned()))
    } else {
        Err(Error::signature_mismatch(Check::Signature))
    }
}

/// Whether `signature` verifies with `signer` over the signature string of `doc`'s
/// members, a member's value replaced by `Some(text)` (`Some(None)`: no value) where
/// `replace` says so.
fn verify_received<'t>(
    doc: &Json<'_>,
    replace: impl Fn(&str) -> Option<Option<&'t str>>,
    signer: &RsaPublicKey,
    signature: &[u8],
) -> Result<bool> {
    let members = doc.as_object().unwrap_or_default();
    let fields: Vec<(Cow<'_, str>, Json<'_>)> = members
        .iter()
        .map(|(name, value)| {
            let value = match replace(name) {
                Some(text) => text.map_or(Json::Null, |t| Json::String(Cow::Borrowed(t))),
                // The flat rule refuses any object or array by its type alone: an empty
                // one of the same type renders (fails) the same, without a copy of the
                // tree.
                None => match value {
                    Json::Array(_) => Json::Array(Vec::new()),
                    Json::Object(_) => Json::Object(Vec::new()),
                    scalar => scalar.clone(),
                },
            };
            (Cow::Borrowed(name.as_ref()), value)
        })
        .collect();
    let mut hasher = Hasher::new(HashAlg::Sha256);
    form::render_to(&RECEIVED_RULE, &fields, &mut hasher)?;
    let hashed = hasher.finalize()?;
    Ok(signer
        .verify_pkcs1v15_prehashed(HashAlg::Sha256, &hashed, signature)
        .is_ok())
}

/// Opens an unencrypted data field: the first of `candidates` the signature verifies
/// over is the payload.
fn open_plain(
    doc: &Json<'_>,
    data_field: &str,
    candidates: Vec<Cow<'_, str>>,
    signer: &RsaPublicKey,
    signature: &[u8],
) -> Result<String> {
    for text in candidates {
        let replace = |name: &str| (name == data_field).then_some(Some(text.as_ref()));
        if verify_received(doc, replace, signer, signature)? {
            return Ok(text.into_owned());
        }
    }
    Err(Error::signature_mismatch(Check::Signature))
}

/// The data field of a received message.
enum ReceivedData<'a> {
    /// No data: the member is absent, `null` or `""`.
    Absent,
    /// A ciphertext (base64 text) to decrypt with the `randomKey`.
    Encrypted(&'a str),
    /// Unencrypted JSON text: the texts the signature may cover, in order.
    Plain(Vec<Cow<'a, str>>),
}

/// Classifies the data field `field` of `doc` (parsed from `body`). With a `randomKey`
/// the field must be a ciphertext string. Without one:
/// - a JSON object or array in the body is plain data, signed as the text of that value
///   as it appears in `body` (the raw slice), or, when that slice holds whitespace between
///   tokens, as the slice with that whitespace removed (nothing else changed: the compact
///   text a Java serializer signs);
/// - a string whose content is JSON text starting with `{` or `[` is plain data signed as
///   that content exactly;
/// - any other string is a ciphertext without its key: [`Error::InvalidInput`]
///   (`randomKey`, "missing").
fn received_data<'a>(
    body: &'a str,
    doc: &'a Json<'_>,
    field: &str,
    has_key: bool,
) -> Result<ReceivedData<'a>> {
    match doc.get(field) {
        None | Some(Json::Null) => Ok(ReceivedData::Absent),
        Some(Json::String(s)) if s.is_empty() => Ok(ReceivedData::Absent),
        Some(Json::String(s)) if has_key => Ok(ReceivedData::Encrypted(s)),
        Some(Json::String(s)) => {
            if !s.trim_start_matches(JSON_WS).starts_with(['{', '[']) {
                return Err(Error::invalid_input("randomKey", "missing"));
            }
            json::parse(s).map_err(|e| e.in_field(field))?;
            Ok(ReceivedData::Plain(vec![Cow::Borrowed(s.as_ref())]))
        }
        Some(Json::Object(_) | Json::Array(_)) => {
            if has_key {
                return Err(Error::invalid_input(
                    "randomKey",
                    format!("present, but `{field}` is an unencrypted JSON value"),
                ));
            }
            let raw = raw_member(body, field)
                .ok_or_else(|| Error::invalid_input(field, "not found in the body text"))?;
            let mut candidates = vec![Cow::Borrowed(raw)];
            if let Cow::Owned(compact) = strip_whitespace(raw) {
                candidates.push(Cow::Owned(compact));
            }
            Ok(ReceivedData::Plain(candidates))
        }
        Some(other) => Err(Error::invalid_input(
            field,
            format!(
                "expected a ciphertext string or a JSON object, found {}",
                other.type_name()
            ),
        )),
    }
}

/// JSON whitespace.
const JSON_WS: [char; 4] = [' ', '\t', '\n', '\r'];

fn is_json_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// `text` (valid JSON) without the whitespace between its tokens; borrowed when there is
/// none. String contents, escapes and number literals are left exactly as they are.
fn strip_whitespace(text: &str) -> Cow<'_, str> {
    if !text.bytes().any(is_json_ws) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if JSON_WS.contains(&c) {
            continue;
        }
        out.push(c);
    }
    if out.len() == text.len() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// The index just past the JSON string starting at `i`.
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut j = i.checked_add(1)?;
    loop {
        match b.get(j)? {
            b'\\' => j = j.checked_add(2)?,
            b'"' => return j.checked_add(1),
            _ => j = j.checked_add(1)?,
        }
    }
}

/// The index of the first non-whitespace byte at or after `i`.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).copied().is_some_and(is_json_ws) {
        i = i.saturating_add(1);
    }
    i
}

/// The index just past the JSON value starting at `i` (in text already validated).
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b.get(j)? {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth = depth.checked_add(1)?,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return j.checked_add(1);
                        }
                    }
                    _ => {}
                }
                j = j.checked_add(1)?;
            }
        }
        _ => {
            let mut j = i;
            while b
                .get(j)
                .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !is_json_ws(*c))
            {
                j = j.checked_add(1)?;
            }
            Some(j)
        }
    }
}

/// The text of top-level member `name`'s value as it appears in `body` (a JSON object
/// already validated by the parser, so without duplicate keys); keys are compared after
/// decoding escapes.
fn raw_member<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    let b = body.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = i.checked_add(1)?;
    loop {
        i = skip_ws(b, i);
        let key_end = skip_string(b, i)?;
        let key = body.get(i..key_end)?;
        let is_name = if key.contains('\\') {
            json::parse(key)
                .ok()
                .is_some_and(|k| k.as_str() == Some(name))
        } else {
            key.strip_prefix('"').and_then(|k| k.strip_suffix('"')) == Some(name)
        };
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, i.checked_add(1)?);
        let end = skip_value(b, i)?;
        if is_name {
            return body.get(i..end);
        }
        i = skip_ws(b, end);
        if b.get(i) != Some(&b',') {
            return None;
        }
        i = i.checked_add(1)?;
    }
}

/// A received `randomKey` with its percent-escapes (`%2B`, `%2F`, `%3D`, any `%XX`)
/// decoded, as Paytend's demo URL-decodes a key that contains `%`. `+` stays `+` (a
/// base64 character, not a form-encoded space).
///
/// Errors: [`Error::InvalidInput`] (`randomKey`) for a `%` not followed by two hex digits.
fn percent_decode(wire: &str) -> Result<Cow<'_, [u8]>> {
    if !wire.contains('%') {
        return Ok(Cow::Borrowed(wire.as_bytes()));
    }
    let b = wire.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0usize;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = |k: usize| {
                i.checked_add(k)
                    .and_then(|at| b.get(at))
                    .and_then(|h| char::from(*h).to_digit(16))
            };
            match (hex(1), hex(2)) {
                (Some(hi), Some(lo)) => {
                    out.push(u8::try_from(hi * 16 + lo).unwrap_or(0));
                    i = i.saturating_add(3);
                }
                _ => {
                    return Err(Error::invalid_input(
                        "randomKey",
                        format!("bad percent-escape at offset {i}"),
                    ));
                }
            }
        } else {
            out.push(c);
            i = i.saturating_add(1);
        }
    }
    Ok(Cow::Owned(out))
}

/// Checks the `partnerId` of a received message.
fn check_partner(doc: &Json<'_>, partner_id: &str) -> Result<()> {
    match opt_str_member(doc, "partnerId")? {
        None => Err(Error::invalid_input("partnerId", "missing")),
        Some(p) if ct_eq(p.as_bytes(), partner_id.as_bytes()) => Ok(()),
        Some(_) => Err(Error::signature_mismatch(Check::PartnerId)),
    }
}

/// A `partnerId`: 15 ASCII letters or digits (the document: "string = 15 characters").
fn check_partner_id(partner_id: &str) -> Result<()> {
    if partner_id.len() != 15 || !partner_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid_input(
            "partner_id",
            "must be 15 ASCII letters or digits",
        ));
    }
    Ok(())
}

/// Validates an optional payload: `None` when empty, whitespace-only or the JSON `null`
/// (an empty payload is absent, never the text `null`), else it must be a JSON object.
fn optional_object<'a>(text: &'a str, field: &str) -> Result<Option<&'a str>> {
    if text.trim_matches(JSON_WS).is_empty() {
        return Ok(None);
    }
    match json::parse(text).map_err(|e| e.in_field(field))? {
        Json::Null => Ok(None),
        Json::Object(_) => Ok(Some(text)),
        other => Err(Error::invalid_input(
            field,
            format!("expected a JSON object, found {}", other.type_name()),
        )),
    }
}

/// `yyyyMMddHHmmssSSS` of `unix_ms` at `offset_minutes` from UTC (proleptic Gregorian).
pub(crate) fn format_timestamp(unix_ms: i64, offset_minutes: i32) -> Result<String> {
    let out_of_range = || Error::unavailable(Resource::Clock, "time outside years 0000..9999");
    let local = unix_ms
        .checked_add(i64::from(offset_minutes) * 60_000)
        .ok_or_else(out_of_range)?;
    let days = local.div_euclid(86_400_000);
    let ms_of_day = local.rem_euclid(86_400_000);
    // Days since 1970-01-01 to a civil date (H. Hinnant, "chrono-compatible low-level
    // date algorithms").
    let z = days.checked_add(719_468).ok_or_else(out_of_range)?;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe
        .checked_add(era.checked_mul(400).ok_or_else(out_of_range)?)
        .ok_or_else(out_of_range)?
        + i64::from(month <= 2);
    if !(0..=9999).contains(&year) {
        return Err(out_of_range());
    }
    Ok(format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}{:03}",
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1_000 % 60,
        ms_of_day % 1_000
    ))
}

/// The merchant (partner) side of Paytend.
#[derive(Clone)]
pub struct Paytend {
    partner_id: String,
    private_key: RsaPrivateKey,
    provider_public_key: RsaPublicKey,
    env: Env,
    utc_offset_minutes: i32,
    max_body_bytes: usize,
}

impl fmt::Debug for Paytend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paytend")
            .field("partner_id", &self.partner_id)
            .field("private_key", &self.private_key)
            .field("provider_public_key", &self.provider_public_key)
            .field("utc_offset_minutes", &self.utc_offset_minutes)
            .finish()
    }
}

impl Paytend {
    /// A partner client: `partner_id` (15 characters, assigned by Paytend), the partner's
    /// RSA private key (signs requests, opens responses) and Paytend's public key
    /// (encrypts request keys, verifies responses). `requestId`s use UTC+8 by default.
    ///
    /// Errors: [`Error::InvalidInput`] (`partner_id`) unless `partner_id` is 15 ASCII
    /// letters or digits.
    pub fn new(
        partner_id: &str,
        private_key: RsaPrivateKey,
        provider_public_key: RsaPublicKey,
        env: Env,
    ) -> Result<Paytend> {
        check_partner_id(partner_id)?;
        Ok(Paytend {
            partner_id: partner_id.to_owned(),
            private_key,
            provider_public_key,
            env,
            utc_offset_minutes: DEFAULT_UTC_OFFSET_MINUTES,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// The same client with `requestId`s generated at `minutes` from UTC (−1080..=1080).
    ///
    /// Errors: [`Error::InvalidInput`] (`utc_offset_minutes`) outside ±18 hours.
    pub fn with_utc_offset_minutes(mut self, minutes: i32) -> Result<Paytend> {
        if !(-18 * 60..=18 * 60).contains(&minutes) {
            return Err(Error::invalid_input(
                "utc_offset_minutes",
                "must be within ±18 hours",
            ));
        }
        self.utc_offset_minutes = minutes;
        Ok(self)
    }

    /// The same client refusing a received body (response, webhook) longer than `max`
    /// bytes, before reading it (default [`DEFAULT_MAX_BODY_BYTES`], 32 MiB).
    pub fn with_max_body_bytes(mut self, max: usize) -> Paytend {
        self.max_body_bytes = max;
        self
    }

    /// The partner id.
    pub fn partner_id(&self) -> &str {
        &self.partner_id
    }

    /// A new `requestId`: partnerId + `yyyyMMddHHmmssSSS` of the environment's clock at the
    /// configured offset (32 characters).
    ///
    /// Errors: [`Error::Unavailable`] (clock) when the clock is outside years 0..9999.
    pub fn request_id(&self) -> Result<String> {
        let stamp = format_timestamp(self.env.now_unix_millis(), self.utc_offset_minutes)?;
        Ok(format!("{}{stamp}", self.partner_id))
    }

    /// Seals a request carrying `biz_json` (a JSON object used byte for byte; empty,
    /// whitespace-only or `null` for a request without `bizData`), encrypted. `request_id`
    /// defaults to [`Paytend::request_id`]. See [`Paytend::seal_request_with`].
    ///
    /// Errors: as [`Paytend::seal_request_with`].
    pub fn seal_request(&self, biz_json: &str, request_id: Option<&str>) -> Result<Sealed> {
        self.seal_request_with(biz_json, request_id, PaytendSealOptions::default())
    }

    /// Seals a request carrying `biz_json` (a JSON object; empty, whitespace-only or
    /// `null` for none: then there is no `bizData` and no `randomKey`, and the remaining
    /// fields are signed). `request_id` defaults to [`Paytend::request_id`].
    ///
    /// With `options.encrypt` (default) `bizData` is `b64(AES(k, biz_json))` with
    /// `biz_json` byte for byte; without it `bizData` is the JSON object itself, compact
    /// (whitespace between tokens removed), with no `randomKey`, and that text is signed.
    ///
    /// Trace steps: `biz` (the signed text), `biz_data` and `random_key` (wire, encrypted
    /// only), `string_to_sign` (with the key text redacted: `randomKey=<redacted: 24
    /// chars>`), `string_to_sign_sha256` (hex SHA-256 of the real string to sign),
    /// `signature`.
    ///
    /// Errors: [`Error::InvalidInput`] in `bizData` (not a JSON object) or `requestId`
    /// (empty or control characters).
    pub fn seal_request_with(
        &self,
        biz_json: &str,
        request_id: Option<&str>,
        options: PaytendSealOptions,
    ) -> Result<Sealed> {
        let biz = optional_object(biz_json, "bizData")?;
        let request_id = match request_id {
            Some(id) => {
                check_header_value("requestId", id)?;
                id.to_owned()
            }
            None => self.request_id()?,
        };
        let data = Outgoing::new(biz, options, &self.provider_public_key, &self.env)?;
        let mut fields = Vec::with_capacity(6);
        data.push_fields("bizData", &mut fields);
        fields.push(text_field("partnerId", &self.partner_id));
        fields.push(text_field("requestId", &request_id));
        fields.push(text_field("signType", SIGN_TYPE));
        fields.push(text_field("version", VERSION));
        let (string, signature) = sign_fields(&fields, &self.private_key)?;
        drop(fields);

        let mut w = ObjectWriter::with_capacity(data.wire_len().saturating_add(512));
        data.write_data(&mut w, "bizData");
        w.string("requestId", &request_id)
            .string("partnerId", &self.partner_id);
        data.write_key(&mut w);
        w.string("signType", SIGN_TYPE)
            .string("signature", &signature)
            .string("version", VERSION);

        let mut trace = Trace::new();
        push_shared(&mut trace, "biz", string.value("bizData"));
        data.push_wire_steps(&mut trace, "biz_data");
        string.push_into(&mut trace);
        trace.push("signature", signature);
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace,
        })
    }

    /// Opens a response: the verified `respData` text: decrypted, or, without a
    /// `randomKey`, the unencrypted JSON text as sent (see the module docs); `null` when
    /// absent.
    ///
    /// Errors: [`Error::ProviderError`] when `respCode` is not `"00"` (whether or not the
    /// response is signed; `result` is `None`); [`Error::InvalidInput`] when the body is
    /// not a JSON object, `respCode` or `signature` is missing, a field is not valid
    /// base64, `randomKey` has a bad percent-escape, a ciphertext comes without
    /// `randomKey` or a JSON value with one;
    /// [`Error::DecryptionFailed`] when the `respData` ciphertext is not a non-zero
    /// multiple of 16 bytes or the `randomKey` ciphertext has the wrong length for our
    /// key; [`Error::SignatureMismatch`] (`signature`) for every other failure: the
    /// signature does not verify, or `randomKey`/`respData` decrypt to something that is
    /// not a key text / validly padded UTF-8 (one error kind: no padding oracle, see the
    /// module docs).
    pub fn open_response(&self, body: &str) -> Result<String> {
        check_body_size(body, self.max_body_bytes)?;
        let doc = parse_object(body, "body")?;
        let code = doc
            .get("respCode")
            .and_then(value_text)
            .ok_or_else(|| Error::invalid_input("respCode", "missing"))?;
        if code != SUCCESS_CODE {
            return Err(Error::ProviderError {
                code: code.into_owned(),
                message: doc
                    .get("respMsg")
                    .and_then(value_text)
                    .unwrap_or_default()
                    .into_owned(),
                result: None,
            });
        }
        open_message(
            body,
            &doc,
            "respData",
            &self.private_key,
            &self.provider_public_key,
        )
    }

    /// Opens a webhook: the verified `content` text (decrypted, or unencrypted as sent;
    /// `null` when absent). The
    /// `notifyType` is in the (signed, unencrypted) body. `headers` are not used.
    ///
    /// Errors: [`Error::SignatureMismatch`] (`partnerId`) for another partner's webhook;
    /// otherwise as [`Paytend::open_response`].
    pub fn open_notification(&self, body: &str, headers: &Headers) -> Result<String> {
        let _ = headers;
        check_body_size(body, self.max_body_bytes)?;
        let doc = parse_object(body, "body")?;
        check_partner(&doc, &self.partner_id)?;
        open_message(
            body,
            &doc,
            "content",
            &self.private_key,
            &self.provider_public_key,
        )
    }

    /// The Paytend-side mirror, given Paytend's private key: it uses this client's partner
    /// id, the public half of this client's private key and the same [`Env`].
    pub fn provider(&self, provider_private_key: RsaPrivateKey) -> PaytendProvider {
        PaytendProvider {
            partner_id: self.partner_id.clone(),
            private_key: provider_private_key,
            partner_public_key: self.private_key.public_key(),
            env: self.env.clone(),
            max_body_bytes: self.max_body_bytes,
        }
    }
}

/// The Paytend side, for local stand-ins and tests: opens requests, seals responses and
/// webhooks.
#[derive(Clone)]
pub struct PaytendProvider {
    partner_id: String,
    private_key: RsaPrivateKey,
    partner_public_key: RsaPublicKey,
    env: Env,
    max_body_bytes: usize,
}

impl fmt::Debug for PaytendProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaytendProvider")
            .field("partner_id", &self.partner_id)
            .field("private_key", &self.private_key)
            .field("partner_public_key", &self.partner_public_key)
            .finish()
    }
}

impl PaytendProvider {
    /// A mirror for `partner_id`: Paytend's private key and the partner's public key.
    ///
    /// Errors: as [`Paytend::new`].
    pub fn new(
        partner_id: &str,
        provider_private_key: RsaPrivateKey,
        partner_public_key: RsaPublicKey,
        env: Env,
    ) -> Result<PaytendProvider> {
        check_partner_id(partner_id)?;
        Ok(PaytendProvider {
            partner_id: partner_id.to_owned(),
            private_key: provider_private_key,
            partner_public_key,
            env,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// The same mirror refusing a request body longer than `max` bytes, before reading it
    /// (default [`DEFAULT_MAX_BODY_BYTES`], 32 MiB).
    pub fn with_max_body_bytes(mut self, max: usize) -> PaytendProvider {
        self.max_body_bytes = max;
        self
    }

    /// Opens a request: checks `partnerId`, decrypts `randomKey` and `bizData` (or takes an
    /// unencrypted `bizData` as sent), verifies the partner's signature; returns the
    /// `bizData` text (`null` when absent).
    ///
    /// Errors: as [`Paytend::open_notification`].
    pub fn open_request(&self, body: &str, headers: &Headers) -> Result<String> {
        let _ = headers;
        check_body_size(body, self.max_body_bytes)?;
        let doc = parse_object(body, "body")?;
        check_partner(&doc, &self.partner_id)?;
        open_message(
            body,
            &doc,
            "bizData",
            &self.private_key,
            &self.partner_public_key,
        )
    }

    /// Seals a successful response carrying `payload_json` (a JSON object used byte for
    /// byte; empty, whitespace-only or `null` for none), encrypted: `{respCode:"00",
    /// respMsg:"success", respData, randomKey, signType, signature}`.
    ///
    /// Errors: as [`PaytendProvider::seal_response_with`].
    pub fn seal_response(&self, payload_json: &str) -> Result<Sealed> {
        self.seal_response_with(payload_json, PaytendSealOptions::default())
    }

    /// Seals a successful response carrying `payload_json` (none: no `respData`, no
    /// `randomKey`); without `options.encrypt`, `respData` is the JSON object itself
    /// (compact) with no `randomKey` (see [`PaytendSealOptions`]).
    ///
    /// Errors: [`Error::InvalidInput`] (`payload`) when `payload_json` is not a JSON
    /// object.
    pub fn seal_response_with(
        &self,
        payload_json: &str,
        options: PaytendSealOptions,
    ) -> Result<Sealed> {
        let payload = optional_object(payload_json, "payload")?;
        let data = Outgoing::new(payload, options, &self.partner_public_key, &self.env)?;
        let mut fields = Vec::with_capacity(5);
        fields.push(text_field("respCode", SUCCESS_CODE));
        fields.push(text_field("respMsg", SUCCESS_MESSAGE));
        data.push_fields("respData", &mut fields);
        fields.push(text_field("signType", SIGN_TYPE));
        let (string, signature) = sign_fields(&fields, &self.private_key)?;
        drop(fields);
        let mut w = ObjectWriter::with_capacity(data.wire_len().saturating_add(512));
        w.string("respCode", SUCCESS_CODE)
            .string("respMsg", SUCCESS_MESSAGE);
        data.write_data(&mut w, "respData");
        data.write_key(&mut w);
        w.string("signType", SIGN_TYPE)
            .string("signature", &signature);
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace: envelope_trace("respData", data, string, signature),
        })
    }

    /// Seals a failure response `{"respCode":code,"respMsg":message}` (unsigned, as Paytend
    /// answers malformed requests), which the partner side reports as
    /// [`Error::ProviderError`].
    pub fn seal_error_response(&self, code: &str, message: &str) -> Result<Sealed> {
        let mut w = ObjectWriter::with_capacity(64 + code.len() + message.len());
        w.string("respCode", code).string("respMsg", message);
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace: Trace::new(),
        })
    }

    /// Seals a webhook of type [`DEFAULT_NOTIFY_TYPE`] carrying `payload_json` (see
    /// [`PaytendProvider::seal_notification_of_type`]).
    pub fn seal_notification(&self, payload_json: &str) -> Result<Sealed> {
        self.seal_notification_of_type(DEFAULT_NOTIFY_TYPE, payload_json)
    }

    /// Seals a webhook `{content, notifyType, partnerId, randomKey, signature, signType,
    /// version}` carrying `payload_json` (a JSON object used byte for byte; empty,
    /// whitespace-only or `null` for none), encrypted.
    ///
    /// Errors: as [`PaytendProvider::seal_notification_with`].
    pub fn seal_notification_of_type(
        &self,
        notify_type: &str,
        payload_json: &str,
    ) -> Result<Sealed> {
        self.seal_notification_with(notify_type, payload_json, PaytendSealOptions::default())
    }

    /// Seals a webhook of `notify_type` carrying `payload_json` (none: no `content`, no
    /// `randomKey`); without `options.encrypt`, `content` is the JSON object itself
    /// (compact) with no `randomKey` (see [`PaytendSealOptions`]).
    ///
    /// Errors: [`Error::InvalidInput`] in `payload` (not a JSON object) or `notifyType`
    /// (empty or control characters).
    pub fn seal_notification_with(
        &self,
        notify_type: &str,
        payload_json: &str,
        options: PaytendSealOptions,
    ) -> Result<Sealed> {
        check_header_value("notifyType", notify_type)?;
        let payload = optional_object(payload_json, "payload")?;
        let data = Outgoing::new(payload, options, &self.partner_public_key, &self.env)?;
        let mut fields = Vec::with_capacity(6);
        data.push_fields("content", &mut fields);
        fields.push(text_field("notifyType", notify_type));
        fields.push(text_field("partnerId", &self.partner_id));
        fields.push(text_field("signType", SIGN_TYPE));
        fields.push(text_field("version", VERSION));
        let (string, signature) = sign_fields(&fields, &self.private_key)?;
        drop(fields);
        let mut w = ObjectWriter::with_capacity(data.wire_len().saturating_add(512));
        data.write_data(&mut w, "content");
        w.string("notifyType", notify_type)
            .string("partnerId", &self.partner_id);
        data.write_key(&mut w);
        w.string("signature", &signature)
            .string("signType", SIGN_TYPE)
            .string("version", VERSION);
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace: envelope_trace("content", data, string, signature),
        })
    }
}

/// The trace of a mirror seal: `payload` (the signed text), `data` and `random_key`
/// (wire, encrypted only), `string_to_sign` (key text redacted), `string_to_sign_sha256`,
/// `signature`.
fn envelope_trace(
    data_field: &str,
    data: Outgoing<'_>,
    string: TracedString,
    signature: String,
) -> Trace {
    let mut trace = Trace::new();
    push_shared(&mut trace, "payload", string.value(data_field));
    data.push_wire_steps(&mut trace, "data");
    string.push_into(&mut trace);
    trace.push("signature", signature);
    trace
}

/// A trace step holding a shared copy of a signed value (`""` when there is none).
fn push_shared(trace: &mut Trace, name: &str, value: Option<Arc<str>>) {
    match value {
        Some(v) => trace.push_lazy(name, move || v.to_string()),
        None => trace.push(name, ""),
    }
}

/// What a Paytend request needs besides its business payload ([`Merchant::seal_request`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaytendRequest<'a> {
    /// The `requestId`; a new one from [`Paytend::request_id`] when `None`.
    pub request_id: Option<&'a str>,
    /// Encryption of the payload (default: encrypted).
    pub options: PaytendSealOptions,
}

/// What a Paytend webhook needs besides its payload ([`Mirror::seal_notification`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaytendNotification<'a> {
    /// The `notifyType` (default [`DEFAULT_NOTIFY_TYPE`]).
    pub notify_type: &'a str,
    /// Encryption of the payload (default: encrypted).
    pub options: PaytendSealOptions,
}

impl Default for PaytendNotification<'_> {
    fn default() -> Self {
        PaytendNotification {
            notify_type: DEFAULT_NOTIFY_TYPE,
            options: PaytendSealOptions::default(),
        }
    }
}

impl Merchant for Paytend {
    const PROVIDER: &'static str = "paytend";

    type Request<'a> = PaytendRequest<'a>;

    fn seal_request(&self, request: &PaytendRequest<'_>, payload_json: &str) -> Result<Sealed> {
        self.seal_request_with(payload_json, request.request_id, request.options)
    }

    fn open_response(&self, received: &Received<'_>) -> Result<String> {
        Paytend::open_response(self, received.body)
    }

    /// Paytend webhooks carry no signed time: `now_ms` is not read.
    fn open_notification(&self, received: &Received<'_>, _now_ms: Option<i64>) -> Result<String> {
        Paytend::open_notification(self, received.body, received.headers)
    }
}

impl Mirror for PaytendProvider {
    const PROVIDER: &'static str = "paytend";

    /// Encryption of the response payload.
    type Response<'a> = PaytendSealOptions;
    type Notification<'a> = PaytendNotification<'a>;

    fn open_request(&self, received: &Received<'_>) -> Result<String> {
        PaytendProvider::open_request(self, received.body, received.headers)
    }

    fn seal_response(&self, options: &PaytendSealOptions, payload_json: &str) -> Result<Sealed> {
        self.seal_response_with(payload_json, *options)
    }

    fn seal_error_response(
        &self,
        _: &PaytendSealOptions,
        code: &str,
        message: &str,
    ) -> Result<Sealed> {
        PaytendProvider::seal_error_response(self, code, message)
    }

    fn seal_notification(
        &self,
        notification: &PaytendNotification<'_>,
        payload_json: &str,
    ) -> Result<Sealed> {
        self.seal_notification_with(notification.notify_type, payload_json, notification.options)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::format_timestamp;

    #[test]
    fn timestamps_are_civil_dates() {
        // 2023-11-06T04:00:00Z at UTC+8: Paytend's published example id.
        assert_eq!(
            format_timestamp(1_699_243_200_000, 480).unwrap(),
            "20231106120000000"
        );
        assert_eq!(format_timestamp(0, 0).unwrap(), "19700101000000000");
        assert_eq!(format_timestamp(-1, 0).unwrap(), "19691231235959999");
        // Leap day and end of a leap year.
        assert_eq!(
            format_timestamp(951_782_400_123, 0).unwrap(),
            "20000229000000123"
        );
        assert_eq!(
            format_timestamp(1_735_689_599_999, 0).unwrap(),
            "20241231235959999"
        );
        assert_eq!(
            format_timestamp(1_735_689_599_999, 480).unwrap(),
            "20250101075959999"
        );
        assert_eq!(
            format_timestamp(1_700_000_000_000, -300).unwrap(),
            "20231114171320000"
        );
        assert_eq!(
            format_timestamp(253_402_300_799_999, 0).unwrap(),
            "99991231235959999"
        );
        assert!(format_timestamp(253_402_300_800_000, 0).is_err());
        assert!(format_timestamp(-62_167_219_200_001, 0).is_err());
        assert_eq!(
            format_timestamp(-62_167_219_200_000, 0).unwrap(),
            "00000101000000000"
        );
        assert!(format_timestamp(i64::MAX, 480).is_err());
        assert!(format_timestamp(i64::MIN, -480).is_err());
    }
}
