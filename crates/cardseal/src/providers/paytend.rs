//! Paytend BaaS Issuing Cards: RSA-1024 + AES-192-ECB envelopes, SHA256withRSA signatures.
//!
//! # The scheme (seed 002, pinned down in PROVIDERS.md §2)
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
//!   replaced by a stand-in key text hashed from the ciphertext and decryption goes on;
//!   the PKCS#7 padding is checked in constant time and, when bad, the raw decrypted
//!   bytes stand in for the text; non-UTF-8 data likewise. So a tampered `respData`,
//!   `content` or `bizData` gives the same answer whether or not its padding happens to
//!   be valid, and the key-text length is no early exit.
//! - An absent (or empty) data field opens to `null` after the signature is checked.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::canonical::form::{self, FormRule};
use crate::canonical::json::Json;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::hazmat::aes;
use crate::hazmat::digest::{self, HashAlg, Hasher};
use crate::hazmat::encoding;
use crate::hazmat::rsa::{RsaPrivateKey, RsaPublicKey};
use crate::providers::{
    Headers, ObjectWriter, Sealed, Trace, check_header_value, opt_str_member, parse_object,
    value_text,
};
use crate::secret::{SecretString, ct_eq};
use subtle::{
    Choice, ConditionallySelectable, ConstantTimeEq, ConstantTimeGreater, ConstantTimeLess,
};

/// The default offset of Paytend's `requestId` clock from UTC: +8 h (China Standard Time).
pub const DEFAULT_UTC_OFFSET_MINUTES: i32 = 8 * 60;

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
/// exit, by a stand-in key text hashed from the ciphertext, and flagged not genuine.
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
    let mut stand_in = digest::sha256(b"cardseal paytend stand-in key text");
    stand_in = digest::sha256(&[stand_in.as_slice(), ciphertext].concat());
    let stand_in = encoding::b64_encode(&stand_in);
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

/// Opens a received message: decrypts `randomKey` and the data field with `own_key`,
/// checks `signature` with `signer` over the plaintext signature string, returns the
/// plaintext data (`null` when there is none).
///
/// Only public structure can fail early (missing or malformed fields, base64, the data
/// ciphertext not a non-zero multiple of 16 bytes, the `randomKey` ciphertext length).
/// Everything that depends on the decrypted values (a key text that is not 24 printable
/// characters, bad padding, non-UTF-8 data, the signature) gives the one error
/// `SignatureMismatch { what: "signature" }`, after the signature check has run: no
/// padding oracle.
fn open_message(
    doc: &Json<'_>,
    data_field: &str,
    own_key: &RsaPrivateKey,
    signer: &RsaPublicKey,
) -> Result<String> {
    let members = doc.as_object().unwrap_or_default();
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
    let data_wire = opt_str_member(doc, data_field)?.filter(|s| !s.is_empty());
    let key_wire = opt_str_member(doc, "randomKey")?.filter(|s| !s.is_empty());
    if data_wire.is_some() && key_wire.is_none() {
        return Err(Error::invalid_input("randomKey", "missing"));
    }
    // Public checks: base64 and lengths.
    let signature =
        encoding::b64_decode_lenient(signature.as_bytes()).map_err(|e| e.in_field("signature"))?;
    let key_ciphertext = key_wire
        .map(|w| encoding::b64_decode_lenient(w.as_bytes()).map_err(|e| e.in_field("randomKey")))
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
    let fields: Vec<(Cow<'_, str>, Json<'_>)> = members
        .iter()
        .map(|(name, value)| {
            let replaced = if name == data_field {
                plain.as_deref()
            } else if name == "randomKey" {
                key.as_ref().map(|k| k.text.expose())
            } else {
                return (Cow::Borrowed(name.as_ref()), value.clone());
            };
            (
                Cow::Borrowed(name.as_ref()),
                replaced.map_or(Json::Null, |t| Json::String(Cow::Borrowed(t))),
            )
        })
        .collect();
    let mut hasher = Hasher::new(HashAlg::Sha256);
    form::render_to(&RECEIVED_RULE, &fields, &mut hasher)?;
    let hashed = hasher.finalize()?;
    let verified = signer
        .verify_pkcs1v15_prehashed(HashAlg::Sha256, &hashed, &signature)
        .is_ok();
    if verified && bool::from(genuine) {
        Ok(plain.unwrap_or_else(|| "null".to_owned()))
    } else {
        Err(Error::signature_mismatch("signature"))
    }
}

/// Checks the `partnerId` of a received message.
fn check_partner(doc: &Json<'_>, partner_id: &str) -> Result<()> {
    match opt_str_member(doc, "partnerId")? {
        None => Err(Error::invalid_input("partnerId", "missing")),
        Some(p) if ct_eq(p.as_bytes(), partner_id.as_bytes()) => Ok(()),
        Some(_) => Err(Error::signature_mismatch("partnerId")),
    }
}

/// A `partnerId`: 15 ASCII letters or digits (seed 002: "string = 15 characters").
fn check_partner_id(partner_id: &str) -> Result<()> {
    if partner_id.len() != 15 || !partner_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid_input(
            "partner_id",
            "must be 15 ASCII letters or digits",
        ));
    }
    Ok(())
}

/// Validates an optional payload: `None` when empty or whitespace-only, else it must be a
/// JSON object.
fn optional_object<'a>(text: &'a str, field: &str) -> Result<Option<&'a str>> {
    if text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
        return Ok(None);
    }
    parse_object(text, field)?;
    Ok(Some(text))
}

/// `yyyyMMddHHmmssSSS` of `unix_ms` at `offset_minutes` from UTC (proleptic Gregorian).
pub(crate) fn format_timestamp(unix_ms: i64, offset_minutes: i32) -> Result<String> {
    let out_of_range = || Error::invalid_input("clock", "time outside years 0000..9999");
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

    /// The partner id.
    pub fn partner_id(&self) -> &str {
        &self.partner_id
    }

    /// A new `requestId`: partnerId + `yyyyMMddHHmmssSSS` of the environment's clock at the
    /// configured offset (32 characters).
    ///
    /// Errors: [`Error::InvalidInput`] (`clock`) when the clock is outside years 0..9999.
    pub fn request_id(&self) -> Result<String> {
        let stamp = format_timestamp(self.env.now_unix_millis(), self.utc_offset_minutes)?;
        Ok(format!("{}{stamp}", self.partner_id))
    }

    /// Seals a request carrying `biz_json` (a JSON object used byte for byte; empty for a
    /// request without `bizData`). `request_id` defaults to [`Paytend::request_id`].
    ///
    /// Trace steps: `biz`, `biz_data` (wire), `random_key` (wire), `string_to_sign` (with
    /// the key text redacted: `randomKey=<redacted: 24 chars>`), `string_to_sign_sha256`
    /// (hex SHA-256 of the real string to sign), `signature`.
    ///
    /// Errors: [`Error::InvalidInput`] in `bizData` (not a JSON object) or `requestId`
    /// (empty or control characters).
    pub fn seal_request(&self, biz_json: &str, request_id: Option<&str>) -> Result<Sealed> {
        let biz = optional_object(biz_json, "bizData")?;
        let request_id = match request_id {
            Some(id) => {
                check_header_value("requestId", id)?;
                id.to_owned()
            }
            None => self.request_id()?,
        };
        let envelope = biz
            .map(|b| seal_payload(b, &self.provider_public_key, &self.env))
            .transpose()?;
        let mut fields = Vec::with_capacity(6);
        if let (Some(b), Some(e)) = (biz, &envelope) {
            fields.push(text_field("bizData", b));
            fields.push(text_field("randomKey", e.key_text.expose()));
        }
        fields.push(text_field("partnerId", &self.partner_id));
        fields.push(text_field("requestId", &request_id));
        fields.push(text_field("signType", SIGN_TYPE));
        fields.push(text_field("version", VERSION));
        let (string, signature) = sign_fields(&fields, &self.private_key)?;
        drop(fields);

        let data_len = envelope.as_ref().map_or(0, |e| e.data_wire.len());
        let mut w = ObjectWriter::with_capacity(data_len + 512);
        if let Some(e) = &envelope {
            w.encoded("bizData", &e.data_wire);
        }
        w.string("requestId", &request_id)
            .string("partnerId", &self.partner_id);
        if let Some(e) = &envelope {
            w.encoded("randomKey", &e.key_wire);
        }
        w.string("signType", SIGN_TYPE)
            .string("signature", &signature)
            .string("version", VERSION);

        let mut trace = Trace::new();
        push_shared(&mut trace, "biz", string.value("bizData"));
        if let Some(e) = envelope {
            trace.push("biz_data", e.data_wire);
            trace.push("random_key", e.key_wire);
        }
        string.push_into(&mut trace);
        trace.push("signature", signature);
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace,
        })
    }

    /// Opens a response: the verified, decrypted `respData` text (`null` when absent).
    ///
    /// Errors: [`Error::ProviderError`] when `respCode` is not `"00"` (whether or not the
    /// response is signed); [`Error::InvalidInput`] when the body is not a JSON object,
    /// `respCode` or `signature` is missing, or a field is not valid base64;
    /// [`Error::DecryptionFailed`] when the `respData` ciphertext is not a non-zero
    /// multiple of 16 bytes or the `randomKey` ciphertext has the wrong length for our
    /// key; [`Error::SignatureMismatch`] (`signature`) for every other failure: the
    /// signature does not verify, or `randomKey`/`respData` decrypt to something that is
    /// not a key text / validly padded UTF-8 (one error kind: no padding oracle, see the
    /// module docs).
    pub fn open_response(&self, body: &str) -> Result<String> {
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
            });
        }
        open_message(
            &doc,
            "respData",
            &self.private_key,
            &self.provider_public_key,
        )
    }

    /// Opens a webhook: the verified, decrypted `content` text (`null` when absent). The
    /// `notifyType` is in the (signed, unencrypted) body. `headers` are not used.
    ///
    /// Errors: [`Error::SignatureMismatch`] (`partnerId`) for another partner's webhook;
    /// otherwise as [`Paytend::open_response`].
    pub fn open_notification(&self, body: &str, headers: &Headers) -> Result<String> {
        let _ = headers;
        let doc = parse_object(body, "body")?;
        check_partner(&doc, &self.partner_id)?;
        open_message(
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
        })
    }

    /// Opens a request: checks `partnerId`, decrypts `randomKey` and `bizData`, verifies
    /// the partner's signature; returns the `bizData` text (`null` when absent).
    ///
    /// Errors: as [`Paytend::open_notification`].
    pub fn open_request(&self, body: &str, headers: &Headers) -> Result<String> {
        let _ = headers;
        let doc = parse_object(body, "body")?;
        check_partner(&doc, &self.partner_id)?;
        open_message(&doc, "bizData", &self.private_key, &self.partner_public_key)
    }

    /// Seals a successful response carrying `payload_json` (a JSON object used byte for
    /// byte): `{respCode:"00", respMsg:"success", respData, randomKey, signType,
    /// signature}`.
    ///
    /// Errors: [`Error::InvalidInput`] (`payload`) when `payload_json` is not a JSON
    /// object.
    pub fn seal_response(&self, payload_json: &str) -> Result<Sealed> {
        let payload = optional_object(payload_json, "payload")?;
        let envelope = payload
            .map(|p| seal_payload(p, &self.partner_public_key, &self.env))
            .transpose()?;
        let mut fields = Vec::with_capacity(5);
        fields.push(text_field("respCode", SUCCESS_CODE));
        fields.push(text_field("respMsg", SUCCESS_MESSAGE));
        if let (Some(p), Some(e)) = (payload, &envelope) {
            fields.push(text_field("respData", p));
            fields.push(text_field("randomKey", e.key_text.expose()));
        }
        fields.push(text_field("signType", SIGN_TYPE));
        let (string, signature) = sign_fields(&fields, &self.private_key)?;
        drop(fields);
        let mut w =
            ObjectWriter::with_capacity(envelope.as_ref().map_or(0, |e| e.data_wire.len()) + 512);
        w.string("respCode", SUCCESS_CODE)
            .string("respMsg", SUCCESS_MESSAGE);
        if let Some(e) = &envelope {
            w.encoded("respData", &e.data_wire)
                .encoded("randomKey", &e.key_wire);
        }
        w.string("signType", SIGN_TYPE)
            .string("signature", &signature);
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace: envelope_trace("respData", envelope, string, signature),
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
    /// version}` carrying `payload_json` (a JSON object used byte for byte).
    ///
    /// Errors: [`Error::InvalidInput`] in `payload` (not a JSON object) or `notifyType`
    /// (empty or control characters).
    pub fn seal_notification_of_type(
        &self,
        notify_type: &str,
        payload_json: &str,
    ) -> Result<Sealed> {
        check_header_value("notifyType", notify_type)?;
        let payload = optional_object(payload_json, "payload")?;
        let envelope = payload
            .map(|p| seal_payload(p, &self.partner_public_key, &self.env))
            .transpose()?;
        let mut fields = Vec::with_capacity(6);
        if let (Some(p), Some(e)) = (payload, &envelope) {
            fields.push(text_field("content", p));
            fields.push(text_field("randomKey", e.key_text.expose()));
        }
        fields.push(text_field("notifyType", notify_type));
        fields.push(text_field("partnerId", &self.partner_id));
        fields.push(text_field("signType", SIGN_TYPE));
        fields.push(text_field("version", VERSION));
        let (string, signature) = sign_fields(&fields, &self.private_key)?;
        drop(fields);
        let mut w =
            ObjectWriter::with_capacity(envelope.as_ref().map_or(0, |e| e.data_wire.len()) + 512);
        if let Some(e) = &envelope {
            w.encoded("content", &e.data_wire);
        }
        w.string("notifyType", notify_type)
            .string("partnerId", &self.partner_id);
        if let Some(e) = &envelope {
            w.encoded("randomKey", &e.key_wire);
        }
        w.string("signature", &signature)
            .string("signType", SIGN_TYPE)
            .string("version", VERSION);
        Ok(Sealed {
            body: w.finish(),
            headers: vec![("Content-Type".to_owned(), CONTENT_TYPE.to_owned())],
            trace: envelope_trace("content", envelope, string, signature),
        })
    }
}

/// The trace of a mirror seal: `payload`, `data` (wire), `random_key` (wire),
/// `string_to_sign` (key text redacted), `string_to_sign_sha256`, `signature`.
fn envelope_trace(
    data_field: &str,
    envelope: Option<Envelope>,
    string: TracedString,
    signature: String,
) -> Trace {
    let mut trace = Trace::new();
    push_shared(&mut trace, "payload", string.value(data_field));
    if let Some(e) = envelope {
        trace.push("data", e.data_wire);
        trace.push("random_key", e.key_wire);
    }
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
