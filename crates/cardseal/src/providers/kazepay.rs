//! KazePay: a hybrid RSA + AES "digital envelope" (sources, what is published, verified
//! and inferred: `docs/providers/kazepay.md`).
//!
//! A message is `{"head":{...},"body":{"encrypt":"..."}}`:
//! - a fresh AES session key per message; `body.encrypt` = base64(AES-ECB-PKCS7(key,
//!   body JSON)) (a 75-byte body becomes 80 bytes: no IV, nonce or tag on the wire);
//! - `head.keyEnc` = hex(RSA-PKCS1-v1_5-encrypt(recipient key, wrapped session key)),
//!   512 hex digits for RSA-2048;
//! - `head.sign` = hex(RSA-PKCS1-v1_5 signature by the sender), 512 hex digits for
//!   RSA-2048;
//! - `sysId, apiCode, requestNo, version` (+ `code, detail` in responses) in clear.
//!
//! What the API document does not publish is a [`KazePayProfile`] of named options,
//! defaulting to the closest documented relatives of this envelope: SHA-1 digest,
//! signature over the plaintext body JSON, RSA wrapping the base64 *text* of a 128-bit key.
//! [`detect`] tries every combination against one real message and reports which opens and
//! verifies.
//!
//! Head member order follows the API document's complete (unredacted) fileUpload example:
//! requests `sysId, apiCode, keyEnc, sign, requestNo, version`; responses
//! `sysId, apiCode, requestNo, version, code, detail, sign, keyEnc`. `version` is `"1.0"`.
//! `requestNo`, when not given, is 13-digit Unix milliseconds followed by 5 random digits
//! (the published `174574749857359840` has this shape).
//!
//! # Opening: what each failure is
//! First the checks on public data, whose outcome the sender already knows: `keyEnc` hex
//! (else `InvalidInput{field:"head.keyEnc"}`) of exactly `k` bytes, `body.encrypt`
//! base64 (else `InvalidInput{field:"body.encrypt"}`) of a non-zero multiple of 16
//! bytes, `sign` hex (else `InvalidInput{field:"head.sign"}`); a wrong length is
//! `DecryptionFailed`. Then the authenticated open, which never exits early on secret
//! data: PKCS#1 v1.5 decryption uses implicit rejection (a wrong key yields random
//! bytes of random length), so an unwrapped key that is not a well-formed key of the
//! profile's size is replaced by an implicit-rejection key (HMAC-SHA256 over `keyEnc`
//! keyed by a hash of the recipient's private key: deterministic, secret) and
//! decryption goes on; PKCS#7 padding is checked in constant time.
//! - [`SignedContent::PlaintextBody`] (sign-then-encrypt): the signature is the only
//!   authentication, so it is always verified (over the body, or over the raw decrypted
//!   bytes when unpadding failed) and **every** secret-dependent failure (key, padding,
//!   UTF-8, signature) is the one kind `SignatureMismatch{what:"head.sign"}`: no
//!   padding-vs-signature oracle.
//! - [`SignedContent::Ciphertext`] (encrypt-then-sign): the signature covers public data,
//!   so it is verified first (`SignatureMismatch{what:"head.sign"}`); once the ciphertext
//!   is authentic, any failure to open it (key, padding, UTF-8) is `DecryptionFailed`.
//!   `keyEnc` is not covered by this signature; a replaced `keyEnc` is `DecryptionFailed`.
//!
//! Randomness is drawn from the `Env` in this order: request number digits (when
//! generated), session key, PKCS#1 v1.5 padding of `keyEnc`, then (file uploads) the
//! multipart boundary.

use std::sync::Arc;

use crate::canonical::json::{self, Json};
use crate::env::Env;
use crate::error::{Check, Error, ErrorKind, Resource, Result};
use crate::hazmat::aes::{self, Padding};
use crate::hazmat::digest::{HashAlg, hmac_sha256};
use crate::hazmat::encoding::{b64_decode, b64_encode, hex_decode, hex_encode};
use crate::hazmat::rsa::{RsaPrivateKey, RsaPublicKey};
use crate::providers::{Headers, Merchant, Mirror, Received, Sealed, Trace, check_body_size};
use crate::secret::SecretBytes;
use sha2::{Digest, Sha256};
use subtle::{
    Choice, ConditionallySelectable, ConstantTimeEq, ConstantTimeGreater, ConstantTimeLess,
};
use zeroize::{Zeroize, Zeroizing};

/// The `head.version` KazePay messages carry.
pub const VERSION: &str = "1.0";
/// The `head.code` of a successful response.
pub const CODE_SUCCESS: &str = "SUCCESS";
/// The apiCode of file uploads (multipart).
pub const API_FILE_UPLOAD: &str = "fileUpload";

/// The digest of the RSA signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SignDigest {
    /// SHA1withRSA (default).
    #[default]
    Sha1,
    /// SHA256withRSA.
    Sha256,
}

/// What `head.sign` signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SignedContent {
    /// The plaintext body JSON text, byte for byte (default).
    #[default]
    PlaintextBody,
    /// The base64 text of `body.encrypt` as sent (sign-after-encrypt).
    Ciphertext,
}

/// What RSA wraps into `head.keyEnc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum KeyWrapping {
    /// The standard base64 text of the session key (default).
    #[default]
    Base64Text,
    /// The raw session key bytes.
    Raw,
}

/// The AES session key size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AesKeySize {
    /// AES-128 (default).
    #[default]
    Aes128,
    /// AES-256.
    Aes256,
}

impl AesKeySize {
    /// Key length in bytes.
    pub fn bytes(self) -> usize {
        match self {
            AesKeySize::Aes128 => 16,
            AesKeySize::Aes256 => 32,
        }
    }
}

/// The unpublished choices of the KazePay envelope, as named options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KazePayProfile {
    /// Signature digest (default SHA-1).
    pub digest: SignDigest,
    /// What is signed (default the plaintext body JSON).
    pub signed_content: SignedContent,
    /// What RSA wraps (default the base64 text of the key).
    pub key_wrapping: KeyWrapping,
    /// Session key size (default 128 bits).
    pub aes_key_size: AesKeySize,
}

impl KazePayProfile {
    /// A profile from option names, for bindings and the CLI:
    /// `digest` `"sha1"`/`"sha256"`, `signed_content` `"plaintext"`/`"ciphertext"`,
    /// `key_wrapping` `"base64_text"`/`"raw"`, `aes_key_bits` 128/256. Unknown values →
    /// `InvalidInput` naming the option.
    pub fn from_names(
        digest: &str,
        signed_content: &str,
        key_wrapping: &str,
        aes_key_bits: u32,
    ) -> Result<Self> {
        let digest = match digest {
            "sha1" => SignDigest::Sha1,
            "sha256" => SignDigest::Sha256,
            other => {
                return Err(Error::invalid_input(
                    "digest",
                    format!(
                        "unknown digest {} (sha1, sha256)",
                        crate::error::shown(other)
                    ),
                ));
            }
        };
        let signed_content = match signed_content {
            "plaintext" => SignedContent::PlaintextBody,
            "ciphertext" => SignedContent::Ciphertext,
            other => {
                return Err(Error::invalid_input(
                    "signed_content",
                    format!(
                        "unknown signed content {} (plaintext, ciphertext)",
                        crate::error::shown(other)
                    ),
                ));
            }
        };
        let key_wrapping = match key_wrapping {
            "base64_text" => KeyWrapping::Base64Text,
            "raw" => KeyWrapping::Raw,
            other => {
                return Err(Error::invalid_input(
                    "key_wrapping",
                    format!(
                        "unknown key wrapping {} (base64_text, raw)",
                        crate::error::shown(other)
                    ),
                ));
            }
        };
        let aes_key_size = match aes_key_bits {
            128 => AesKeySize::Aes128,
            256 => AesKeySize::Aes256,
            other => {
                return Err(Error::invalid_input(
                    "aes_key_bits",
                    format!("unsupported AES key size {other} (128, 256)"),
                ));
            }
        };
        Ok(KazePayProfile {
            digest,
            signed_content,
            key_wrapping,
            aes_key_size,
        })
    }

    /// Every combination of options (16), the default first.
    pub fn all() -> Vec<KazePayProfile> {
        let mut v = Vec::with_capacity(16);
        for digest in [SignDigest::Sha1, SignDigest::Sha256] {
            for signed_content in [SignedContent::PlaintextBody, SignedContent::Ciphertext] {
                for key_wrapping in [KeyWrapping::Base64Text, KeyWrapping::Raw] {
                    for aes_key_size in [AesKeySize::Aes128, AesKeySize::Aes256] {
                        v.push(KazePayProfile {
                            digest,
                            signed_content,
                            key_wrapping,
                            aes_key_size,
                        });
                    }
                }
            }
        }
        v
    }

    /// The option names, as accepted by [`KazePayProfile::from_names`]:
    /// `"digest=sha1 signed_content=plaintext key_wrapping=base64_text aes_key_bits=128"`.
    pub fn describe(&self) -> String {
        format!(
            "digest={} signed_content={} key_wrapping={} aes_key_bits={}",
            match self.digest {
                SignDigest::Sha1 => "sha1",
                SignDigest::Sha256 => "sha256",
            },
            match self.signed_content {
                SignedContent::PlaintextBody => "plaintext",
                SignedContent::Ciphertext => "ciphertext",
            },
            match self.key_wrapping {
                KeyWrapping::Base64Text => "base64_text",
                KeyWrapping::Raw => "raw",
            },
            self.aes_key_size.bytes() * 8
        )
    }

    fn hash(&self) -> HashAlg {
        match self.digest {
            SignDigest::Sha1 => HashAlg::Sha1,
            SignDigest::Sha256 => HashAlg::Sha256,
        }
    }
}

/// The three sealed values of one envelope.
struct Envelope {
    /// Shared with the trace's `encrypt` step (a multi-MB text is not copied for it).
    encrypt: Arc<String>,
    key_enc: String,
    sign: String,
}

fn seal_envelope(
    profile: &KazePayProfile,
    signer: &RsaPrivateKey,
    recipient: &RsaPublicKey,
    body_json: &str,
    env: &Env,
    trace: &mut Trace,
) -> Result<Envelope> {
    json::parse(body_json).map_err(|e| e.in_field("body"))?;
    let key = SecretBytes::new(env.random_bytes(profile.aes_key_size.bytes())?);
    let wrapped = match profile.key_wrapping {
        KeyWrapping::Base64Text => SecretBytes::new(b64_encode(key.expose()).into_bytes()),
        KeyWrapping::Raw => key.clone(),
    };
    let key_enc = hex_encode(&recipient.encrypt_pkcs1v15(wrapped.expose(), env)?);
    let encrypt = Arc::new(aes::ecb_encrypt_b64(key.expose(), body_json.as_bytes())?);
    let signed: &[u8] = match profile.signed_content {
        SignedContent::PlaintextBody => body_json.as_bytes(),
        SignedContent::Ciphertext => encrypt.as_bytes(),
    };
    let sign = hex_encode(&signer.sign_pkcs1v15(profile.hash(), signed)?);
    trace.push("profile", profile.describe());
    trace.push("plaintext", body_json);
    let shared = Arc::clone(&encrypt);
    trace.push_lazy("encrypt", move || shared.to_string());
    trace.push("key_enc", key_enc.as_str());
    trace.push(
        "signed_content",
        match profile.signed_content {
            SignedContent::PlaintextBody => "plaintext body",
            SignedContent::Ciphertext => "body.encrypt text",
        },
    );
    trace.push("sign", sign.as_str());
    Ok(Envelope {
        encrypt,
        key_enc,
        sign,
    })
}

/// The received envelope after the checks that depend only on public data: `keyEnc` is
/// hex of exactly `k` bytes (the recipient's modulus length), `body.encrypt` is base64
/// of a non-zero multiple of 16 bytes, `head.sign` is hex. Failing these is
/// `InvalidInput` (not hex / not base64) or `DecryptionFailed` (wrong length), as before:
/// they reveal nothing the sender does not already know.
struct Checked<'a> {
    encrypt_text: &'a str,
    key_enc: Vec<u8>,
    ciphertext: Vec<u8>,
    signature: Vec<u8>,
}

fn check_public<'a>(
    recipient: &RsaPrivateKey,
    encrypt_b64: &'a str,
    key_enc_hex: &str,
    sign_hex: &str,
) -> Result<Checked<'a>> {
    let key_enc = hex_decode(key_enc_hex.as_bytes()).map_err(|e| e.in_field("head.keyEnc"))?;
    let ciphertext = b64_decode(encrypt_b64.as_bytes()).map_err(|e| e.in_field("body.encrypt"))?;
    let signature = hex_decode(sign_hex.as_bytes()).map_err(|e| e.in_field("head.sign"))?;
    if key_enc.len() != recipient.size()
        || ciphertext.is_empty()
        || !ciphertext.len().is_multiple_of(16)
    {
        return Err(Error::DecryptionFailed);
    }
    Ok(Checked {
        encrypt_text: encrypt_b64,
        key_enc,
        ciphertext,
        signature,
    })
}

/// Verifies `head.sign` over `signed`: `Ok(true)`/`Ok(false)`. (Any other error could
/// only come from public data.)
fn signature_ok(
    profile: &KazePayProfile,
    signer: &RsaPublicKey,
    signed: &[u8],
    signature: &[u8],
) -> Result<bool> {
    match signer.verify_pkcs1v15(profile.hash(), signed, signature) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == ErrorKind::SignatureMismatch => Ok(false),
        Err(e) => Err(e),
    }
}

/// The implicit-rejection key used when the unwrapped session key is not a well-formed
/// key of the profile's size: HMAC-SHA256 over `keyEnc`, keyed by a hash of the
/// recipient's private key. Deterministic (the same message fails the same way every
/// time, on either backend) and unknown to anyone without the private key, so a sender
/// cannot prepare a ciphertext that decrypts to something chosen under it.
fn rejection_key(recipient: &RsaPrivateKey, key_enc: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    let der = recipient.to_pkcs1_der()?;
    let mut h = Sha256::new();
    h.update(b"cardseal/kazepay/implicit-rejection/v1\0");
    h.update(der.expose());
    let mac_key = Zeroizing::new(<[u8; 32]>::from(h.finalize()));
    Ok(Zeroizing::new(hmac_sha256(mac_key.as_ref(), key_enc)))
}

/// Constant-time PKCS#7 check of the last block of `plaintext` (at least 16 bytes):
/// the padding length when valid, and whether it is.
fn pkcs7_pad_len(plaintext: &[u8]) -> (usize, Choice) {
    let start = plaintext.len().saturating_sub(16);
    let last_block = plaintext.get(start..).unwrap_or(&[]);
    let pad = last_block.last().copied().unwrap_or(0);
    let mut ok = Choice::from(u8::from(last_block.len() == 16)) & !pad.ct_eq(&0) & !pad.ct_gt(&16);
    for (i, b) in (0u8..).zip(last_block.iter().rev()) {
        let in_pad = i.ct_lt(&pad);
        ok &= !(in_pad & !b.ct_eq(&pad));
    }
    (usize::from(u8::conditional_select(&0, &pad, ok)), ok)
}

/// Unwraps the session key and decrypts `body.encrypt` **without any early exit on
/// secret-dependent data**. A session key that is not a well-formed key of the
/// profile's size (PKCS#1 v1.5 implicit rejection yields random bytes of random length
/// for a wrong key) is replaced by [`rejection_key`] and decryption goes on; a padding
/// that does not check leaves the raw decrypted bytes. Returns the bytes to verify, how
/// many of them are the body (all of them when the padding failed) and whether key and
/// padding were both good. Errors only for reasons independent of the secret.
fn decrypt_uniform(
    profile: &KazePayProfile,
    recipient: &RsaPrivateKey,
    rx: &Checked<'_>,
) -> Result<(Vec<u8>, usize, Choice)> {
    let key_len = profile.aes_key_size.bytes();
    let dummy = rejection_key(recipient, &rx.key_enc)?;
    let candidate: Option<SecretBytes> = match recipient.decrypt_pkcs1v15(&rx.key_enc) {
        Ok(wrapped) => match profile.key_wrapping {
            KeyWrapping::Raw => Some(wrapped),
            KeyWrapping::Base64Text => b64_decode(wrapped.expose()).ok().map(SecretBytes::new),
        },
        Err(_) => None,
    };
    let candidate = candidate.unwrap_or_else(|| SecretBytes::new(Vec::new()));
    let key_ok = (candidate.len() as u64).ct_eq(&(key_len as u64));
    let mut key = Zeroizing::new([0u8; 32]);
    for ((k, d), c) in key
        .iter_mut()
        .zip(dummy.iter())
        .zip(candidate.expose().iter().chain(std::iter::repeat(&0u8)))
        .take(key_len)
    {
        *k = u8::conditional_select(d, c, key_ok);
    }
    let raw = aes::ecb_decrypt(
        key.get(..key_len).unwrap_or(&[]),
        &rx.ciphertext,
        Padding::None,
    )
    .map_err(|_| Error::DecryptionFailed)?;
    let (pad_len, pad_ok) = pkcs7_pad_len(&raw);
    let body_len = raw.len() - pad_len;
    Ok((raw, body_len, key_ok & pad_ok))
}

fn open_envelope(
    profile: &KazePayProfile,
    recipient: &RsaPrivateKey,
    signer: &RsaPublicKey,
    fields: &EnvelopeFields,
) -> Result<String> {
    let encrypt = fields
        .encrypt
        .as_deref()
        .ok_or_else(|| missing("body.encrypt"))?;
    let key_enc = fields
        .key_enc
        .as_deref()
        .ok_or_else(|| missing("head.keyEnc"))?;
    let sign = fields.sign.as_deref().ok_or_else(|| missing("head.sign"))?;
    let rx = check_public(recipient, encrypt, key_enc, sign)?;
    match profile.signed_content {
        SignedContent::Ciphertext => {
            // Encrypt-then-sign: the signature covers public data only, so it is checked
            // first; once the ciphertext is authentic, any failure to open it is
            // DecryptionFailed (still without secret-dependent early exits).
            if !signature_ok(profile, signer, rx.encrypt_text.as_bytes(), &rx.signature)? {
                return Err(Error::signature_mismatch(Check::HeadSign));
            }
            let (mut bytes, body_len, ok) = decrypt_uniform(profile, recipient, &rx)?;
            bytes.truncate(body_len);
            let utf8_ok = Choice::from(u8::from(std::str::from_utf8(&bytes).is_ok()));
            if bool::from(ok & utf8_ok) {
                String::from_utf8(bytes).map_err(|_| Error::DecryptionFailed)
            } else {
                bytes.zeroize();
                Err(Error::DecryptionFailed)
            }
        }
        SignedContent::PlaintextBody => {
            // Sign-then-encrypt: only the signature over the plaintext authenticates the
            // message, so every secret-dependent failure (key unwrap, padding, UTF-8,
            // signature) is one and the same SignatureMismatch, and the signature is
            // always verified (over the body, or the raw bytes when unpadding failed).
            let (mut bytes, body_len, ok) = decrypt_uniform(profile, recipient, &rx)?;
            bytes.truncate(body_len);
            let sig_ok = signature_ok(profile, signer, &bytes, &rx.signature)?;
            let utf8_ok = Choice::from(u8::from(std::str::from_utf8(&bytes).is_ok()));
            if bool::from(ok & utf8_ok & Choice::from(u8::from(sig_ok))) {
                String::from_utf8(bytes).map_err(|_| Error::signature_mismatch(Check::HeadSign))
            } else {
                bytes.zeroize();
                Err(Error::signature_mismatch(Check::HeadSign))
            }
        }
    }
}

fn missing(field: &str) -> Error {
    Error::invalid_input(field, "missing or not a string")
}

/// The fields of a received envelope.
#[derive(Debug, Default)]
struct EnvelopeFields {
    sys_id: Option<String>,
    api_code: Option<String>,
    code: Option<String>,
    detail: Option<String>,
    key_enc: Option<String>,
    sign: Option<String>,
    encrypt: Option<String>,
}

fn parse_envelope(text: &str) -> Result<EnvelopeFields> {
    let doc = json::parse(text).map_err(|e| e.in_field("message"))?;
    let head = doc
        .get("head")
        .filter(|h| h.as_object().is_some())
        .ok_or_else(|| Error::invalid_input("head", "missing or not an object"))?;
    let s = |j: &Json<'_>, name: &str| -> Result<Option<String>> {
        match j.get(name) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(v)) => Ok(Some(v.to_string())),
            Some(_) => Err(Error::invalid_input(
                format!("head.{name}"),
                "must be a string",
            )),
        }
    };
    let encrypt = match doc.get("body") {
        None | Some(Json::Null) => None,
        Some(body) => match body.get("encrypt") {
            Some(Json::String(v)) => Some(v.to_string()),
            None | Some(Json::Null) => None,
            Some(_) => {
                return Err(Error::invalid_input("body.encrypt", "must be a string"));
            }
        },
    };
    Ok(EnvelopeFields {
        sys_id: s(head, "sysId")?,
        api_code: s(head, "apiCode")?,
        code: s(head, "code")?,
        detail: s(head, "detail")?,
        key_enc: s(head, "keyEnc")?,
        sign: s(head, "sign")?,
        encrypt,
    })
}

fn check_code(fields: &EnvelopeFields) -> Result<()> {
    match fields.code.as_deref() {
        None | Some(CODE_SUCCESS) => Ok(()),
        Some(code) => Err(Error::ProviderError {
            code: code.to_owned(),
            message: fields.detail.clone().unwrap_or_default(),
            result: None,
        }),
    }
}

fn check_token(value: &str, field: &str) -> Result<()> {
    if value.is_empty() || value.bytes().any(|b| b.is_ascii_control()) {
        return Err(Error::invalid_input(
            field,
            "must be non-empty, without control characters",
        ));
    }
    Ok(())
}

/// How many 4-byte draws [`generate_request_no`] makes before giving up. A healthy
/// source is rejected with probability < 2^-18 per draw, so 16 rejections in a row
/// means the source is broken.
const REQUEST_NO_MAX_DRAWS: usize = 16;

/// A fresh request number: 13-digit Unix milliseconds followed by 5 random digits.
/// An entropy source that keeps returning rejected values is [`Error::Unavailable`]
/// (entropy) after [`REQUEST_NO_MAX_DRAWS`] draws (never a hang).
fn generate_request_no(env: &Env) -> Result<String> {
    // Rejection sampling keeps the 5 digits uniform.
    const LIMIT: u32 = u32::MAX - (u32::MAX % 100_000);
    for _ in 0..REQUEST_NO_MAX_DRAWS {
        let mut b = [0u8; 4];
        env.fill_random(&mut b)?;
        let x = u32::from_be_bytes(b);
        if x < LIMIT {
            let n = x % 100_000;
            return Ok(format!("{:013}{n:05}", env.now_unix_millis()));
        }
    }
    Err(Error::unavailable(
        Resource::Entropy,
        "the random source keeps returning out-of-range bytes",
    ))
}

fn push_member(out: &mut String, name: &str, value: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    json::write_string(name, out);
    out.push(':');
    json::write_string(value, out);
}

/// A member whose value is base64 or hex this crate encoded (no escaping needed, so a
/// multi-MB value skips the escape scan).
fn push_encoded_member(out: &mut String, name: &str, value: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    json::write_string(name, out);
    out.push_str(":\"");
    out.push_str(value);
    out.push('"');
}

fn request_message(sys_id: &str, api_code: &str, request_no: &str, env_: &Envelope) -> String {
    let mut out = String::with_capacity(env_.encrypt.len() + 1400);
    out.push_str("{\"head\":{");
    push_member(&mut out, "sysId", sys_id);
    push_member(&mut out, "apiCode", api_code);
    push_member(&mut out, "keyEnc", &env_.key_enc);
    push_member(&mut out, "sign", &env_.sign);
    push_member(&mut out, "requestNo", request_no);
    push_member(&mut out, "version", VERSION);
    out.push_str("},\"body\":{");
    push_encoded_member(&mut out, "encrypt", &env_.encrypt);
    out.push_str("}}");
    out
}

/// The default maximum size of a received envelope (responses and notifications at the
/// merchant, requests at the mirror), checked before anything else: 32 MiB. KazePay's
/// API document limits `fileUpload` files to 10 MB ("fileUpload 10M"); a KYC request
/// carries its images inline as base64 (`frontImgBase64`, `handheldImgBase64`), which
/// encrypted and base64-encoded again grow by about 16/9, and 32 MiB is the cap used for
/// every provider. Set per client with [`KazePay::with_max_body_bytes`] /
/// [`KazePayProvider::with_max_body_bytes`]. A longer body is [`Error::InvalidInput`]
/// (`body`, naming `max_body_bytes`).
pub const DEFAULT_MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// KazePay, merchant side.
#[derive(Clone)]
pub struct KazePay {
    sys_id: String,
    private_key: RsaPrivateKey,
    provider_public_key: RsaPublicKey,
    profile: KazePayProfile,
    env: Env,
    max_body_bytes: usize,
}

impl std::fmt::Debug for KazePay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KazePay")
            .field("sys_id", &self.sys_id)
            .field("private_key", &self.private_key)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

/// A file for [`KazePay::seal_file_upload`]: passed through untouched.
#[derive(Clone, Copy)]
pub struct FilePart<'a> {
    /// The file name sent in `Content-Disposition` (no `"`, CR or LF).
    pub file_name: &'a str,
    /// The part's `Content-Type`, e.g. `image/jpeg`.
    pub content_type: &'a str,
    /// The file bytes.
    pub data: &'a [u8],
}

impl std::fmt::Debug for FilePart<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("data_len", &self.data.len())
            .finish()
    }
}

/// A sealed multipart/form-data upload: a `file` part (untouched) and a `request` part
/// holding the JSON envelope.
#[derive(Clone, PartialEq, Eq)]
pub struct MultipartUpload {
    /// The boundary (random from the `Env`).
    pub boundary: String,
    /// The `Content-Type` header value: `multipart/form-data; boundary=...`.
    pub content_type: String,
    /// The `request` part's text (the sealed envelope JSON).
    pub request_json: String,
    /// The whole HTTP body.
    pub body: Vec<u8>,
    /// The envelope's intermediate values.
    pub trace: Trace,
}

impl std::fmt::Debug for MultipartUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MultipartUpload")
            .field("boundary", &self.boundary)
            .field("body_len", &self.body.len())
            .field("trace", &self.trace)
            .finish()
    }
}

/// Builds a multipart/form-data body (RFC 7578) with CRLF line ends: first the `file`
/// part (`filename`, `Content-Type`, bytes untouched), then the `request` part
/// (`Content-Type: application/json`), as in the API document's Java example.
///
/// The boundary must be 1..=70 characters of `[0-9A-Za-z'()+_,-./:=?]` and must not occur
/// in either part; the file name and content type must not contain `"`, CR or LF.
pub fn multipart_body(boundary: &str, file: &FilePart<'_>, request_json: &str) -> Result<Vec<u8>> {
    let ok_boundary = !boundary.is_empty()
        && boundary.len() <= 70
        && boundary
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"'()+_,-./:=?".contains(&b));
    if !ok_boundary {
        return Err(Error::invalid_input(
            "boundary",
            "must be 1..=70 characters of [0-9A-Za-z'()+_,-./:=?]",
        ));
    }
    for (field, v) in [
        ("file_name", file.file_name),
        ("content_type", file.content_type),
    ] {
        if v.is_empty() || v.bytes().any(|b| b == b'"' || b == b'\r' || b == b'\n') {
            return Err(Error::invalid_input(
                field,
                "must be non-empty, without `\"`, CR or LF",
            ));
        }
    }
    let delim = format!("--{boundary}");
    let contains = |hay: &[u8]| hay.windows(delim.len()).any(|w| w == delim.as_bytes());
    if contains(file.data) || contains(request_json.as_bytes()) {
        return Err(Error::invalid_input(
            "boundary",
            "the boundary occurs in the content",
        ));
    }
    let mut out = Vec::with_capacity(file.data.len() + request_json.len() + 400);
    out.extend_from_slice(delim.as_bytes());
    out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"");
    out.extend_from_slice(file.file_name.as_bytes());
    out.extend_from_slice(b"\"\r\nContent-Type: ");
    out.extend_from_slice(file.content_type.as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out.extend_from_slice(file.data);
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(delim.as_bytes());
    out.extend_from_slice(
        b"\r\nContent-Disposition: form-data; name=\"request\"\r\nContent-Type: application/json\r\n\r\n",
    );
    out.extend_from_slice(request_json.as_bytes());
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(delim.as_bytes());
    out.extend_from_slice(b"--\r\n");
    Ok(out)
}

impl KazePay {
    /// A KazePay client: `private_key` is the merchant key (signs requests, unwraps
    /// response keys), `provider_public_key` KazePay's (wraps request keys, verifies
    /// responses).
    pub fn new(
        sys_id: &str,
        private_key: RsaPrivateKey,
        provider_public_key: RsaPublicKey,
        profile: KazePayProfile,
        env: Env,
    ) -> Result<KazePay> {
        check_token(sys_id, "sys_id")?;
        Ok(KazePay {
            sys_id: sys_id.to_owned(),
            private_key,
            provider_public_key,
            profile,
            env,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// The profile in use.
    pub fn profile(&self) -> KazePayProfile {
        self.profile
    }

    /// The merchant's `sysId`.
    pub fn sys_id(&self) -> &str {
        &self.sys_id
    }

    /// The same client refusing a received envelope (response, notification) longer than
    /// `max` bytes, before reading it (default [`DEFAULT_MAX_BODY_BYTES`], 32 MiB).
    pub fn with_max_body_bytes(mut self, max: usize) -> KazePay {
        self.max_body_bytes = max;
        self
    }

    /// The mirror (KazePay side) for local tests: `provider_private_key` is the private
    /// half of this object's `provider_public_key`.
    pub fn provider(&self, provider_private_key: RsaPrivateKey) -> KazePayProvider {
        KazePayProvider {
            sys_id: self.sys_id.clone(),
            private_key: provider_private_key,
            merchant_public_key: self.private_key.public_key(),
            profile: self.profile,
            env: self.env.clone(),
            max_body_bytes: self.max_body_bytes,
        }
    }

    /// Seals a request envelope. `body_json` is used byte for byte (it must be valid
    /// JSON). `request_no` is generated when `None`.
    ///
    /// Trace steps: `request_no`, `profile`, `plaintext`, `encrypt`, `key_enc`,
    /// `signed_content`, `sign`. `Sealed.headers` is empty (the envelope is the body).
    pub fn seal_request(
        &self,
        api_code: &str,
        body_json: &str,
        request_no: Option<&str>,
    ) -> Result<Sealed> {
        check_token(api_code, "api_code")?;
        let request_no = match request_no {
            Some(r) => {
                check_token(r, "request_no")?;
                r.to_owned()
            }
            None => generate_request_no(&self.env)?,
        };
        let mut trace = Trace::new();
        trace.push("request_no", request_no.as_str());
        let env_ = seal_envelope(
            &self.profile,
            &self.private_key,
            &self.provider_public_key,
            body_json,
            &self.env,
            &mut trace,
        )?;
        Ok(Sealed {
            body: request_message(&self.sys_id, api_code, &request_no, &env_),
            headers: Vec::new(),
            trace,
        })
    }

    /// Seals a `fileUpload` request as multipart/form-data: the envelope of `body_json`
    /// in the `request` part and `file` passed through untouched.
    pub fn seal_file_upload(
        &self,
        body_json: &str,
        request_no: Option<&str>,
        file: &FilePart<'_>,
    ) -> Result<MultipartUpload> {
        let sealed = self.seal_request(API_FILE_UPLOAD, body_json, request_no)?;
        let boundary = format!("cardseal-{}", hex_encode(&self.env.random_bytes(16)?));
        let body = multipart_body(&boundary, file, &sealed.body)?;
        let mut trace = sealed.trace;
        trace.push("boundary", boundary.as_str());
        Ok(MultipartUpload {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            boundary,
            request_json: sealed.body,
            body,
            trace,
        })
    }

    /// Opens a response: a `head.code` other than `SUCCESS` is a `ProviderError`
    /// (`detail` as its message); otherwise unwraps the key, decrypts and verifies,
    /// and returns the business JSON text.
    pub fn open_response(&self, body: &str) -> Result<String> {
        check_body_size(body, self.max_body_bytes)?;
        let fields = parse_envelope(body)?;
        check_code(&fields)?;
        open_envelope(
            &self.profile,
            &self.private_key,
            &self.provider_public_key,
            &fields,
        )
    }

    /// Opens a notification envelope (same envelope as a response; `headers` are not
    /// used by this scheme).
    pub fn open_notification(&self, body: &str, headers: &Headers) -> Result<String> {
        let _ = headers;
        self.open_response(body)
    }
}

/// One attempt of [`detect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectAttempt {
    /// The options tried.
    pub profile: KazePayProfile,
    /// `None` when the message opened and verified, else the kind of failure.
    pub error: Option<ErrorKind>,
}

/// What [`detect`] found.
#[derive(Clone, PartialEq, Eq)]
pub struct DetectReport {
    /// Profiles that open **and** verify the message (normally exactly one).
    pub matches: Vec<KazePayProfile>,
    /// Every profile tried, with its outcome.
    pub attempts: Vec<DetectAttempt>,
    /// The decrypted body under the first match.
    pub body: Option<String>,
}

impl std::fmt::Debug for DetectReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DetectReport")
            .field("matches", &self.matches)
            .field("attempts", &self.attempts)
            .field("body_len", &self.body.as_ref().map(String::len))
            .finish()
    }
}

impl DetectReport {
    /// One line per match, or a line saying that nothing matched.
    pub fn summary(&self) -> String {
        if self.matches.is_empty() {
            return format!(
                "no profile opens and verifies this message ({} tried)",
                self.attempts.len()
            );
        }
        self.matches
            .iter()
            .map(|p| format!("opens and verifies with {}", p.describe()))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Tries every [`KazePayProfile`] on one received message (a response or request
/// envelope) with the recipient's private key and the sender's public key, and reports
/// which option values open **and** verify it. A message that is not an envelope at all
/// is `InvalidInput`; a `head.code` failure is not checked.
pub fn detect(
    message: &str,
    recipient_private_key: &RsaPrivateKey,
    sender_public_key: &RsaPublicKey,
) -> Result<DetectReport> {
    let fields = parse_envelope(message)?;
    let mut report = DetectReport {
        matches: Vec::new(),
        attempts: Vec::new(),
        body: None,
    };
    for profile in KazePayProfile::all() {
        match open_envelope(&profile, recipient_private_key, sender_public_key, &fields) {
            Ok(body) => {
                report.matches.push(profile);
                report.attempts.push(DetectAttempt {
                    profile,
                    error: None,
                });
                if report.body.is_none() {
                    report.body = Some(body);
                }
            }
            Err(e) => report.attempts.push(DetectAttempt {
                profile,
                error: Some(e.kind()),
            }),
        }
    }
    Ok(report)
}

/// KazePay, provider side (mirror).
#[derive(Clone)]
pub struct KazePayProvider {
    sys_id: String,
    private_key: RsaPrivateKey,
    merchant_public_key: RsaPublicKey,
    profile: KazePayProfile,
    env: Env,
    max_body_bytes: usize,
}

impl std::fmt::Debug for KazePayProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KazePayProvider")
            .field("sys_id", &self.sys_id)
            .field("private_key", &self.private_key)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

impl KazePayProvider {
    /// A mirror: `private_key` is KazePay's key, `merchant_public_key` the merchant's.
    pub fn new(
        sys_id: &str,
        private_key: RsaPrivateKey,
        merchant_public_key: RsaPublicKey,
        profile: KazePayProfile,
        env: Env,
    ) -> Result<KazePayProvider> {
        check_token(sys_id, "sys_id")?;
        Ok(KazePayProvider {
            sys_id: sys_id.to_owned(),
            private_key,
            merchant_public_key,
            profile,
            env,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        })
    }

    /// The same mirror refusing a request envelope longer than `max` bytes, before reading
    /// it (default [`DEFAULT_MAX_BODY_BYTES`], 32 MiB).
    pub fn with_max_body_bytes(mut self, max: usize) -> KazePayProvider {
        self.max_body_bytes = max;
        self
    }

    /// Opens a request envelope as KazePay would; returns the business JSON text.
    /// `headers` are not used by this scheme. A `head.sysId` other than this mirror's is
    /// `InvalidInput`.
    pub fn open_request(&self, body: &str, headers: &Headers) -> Result<String> {
        let _ = headers;
        check_body_size(body, self.max_body_bytes)?;
        let fields = parse_envelope(body)?;
        if fields.sys_id.as_deref() != Some(self.sys_id.as_str()) {
            return Err(Error::invalid_input(
                "head.sysId",
                "missing or not this merchant's sysId",
            ));
        }
        fields
            .api_code
            .as_deref()
            .ok_or_else(|| missing("head.apiCode"))?;
        open_envelope(
            &self.profile,
            &self.private_key,
            &self.merchant_public_key,
            &fields,
        )
    }

    /// Seals a successful response (`code` and `detail` `SUCCESS`).
    pub fn seal_response(
        &self,
        api_code: &str,
        request_no: &str,
        payload_json: &str,
    ) -> Result<Sealed> {
        check_token(api_code, "api_code")?;
        check_token(request_no, "request_no")?;
        let mut trace = Trace::new();
        let env_ = seal_envelope(
            &self.profile,
            &self.private_key,
            &self.merchant_public_key,
            payload_json,
            &self.env,
            &mut trace,
        )?;
        let mut out = String::with_capacity(env_.encrypt.len() + 1400);
        out.push_str("{\"head\":{");
        push_member(&mut out, "sysId", &self.sys_id);
        push_member(&mut out, "apiCode", api_code);
        push_member(&mut out, "requestNo", request_no);
        push_member(&mut out, "version", VERSION);
        push_member(&mut out, "code", CODE_SUCCESS);
        push_member(&mut out, "detail", CODE_SUCCESS);
        push_member(&mut out, "sign", &env_.sign);
        push_member(&mut out, "keyEnc", &env_.key_enc);
        out.push_str("},\"body\":{");
        push_encoded_member(&mut out, "encrypt", &env_.encrypt);
        out.push_str("}}");
        Ok(Sealed {
            body: out,
            headers: Vec::new(),
            trace,
        })
    }

    /// Seals a failure response: head only, with `code` and `detail`.
    pub fn seal_error_response(
        &self,
        api_code: &str,
        request_no: &str,
        code: &str,
        detail: &str,
    ) -> Result<Sealed> {
        check_token(api_code, "api_code")?;
        check_token(request_no, "request_no")?;
        let mut out = String::from("{\"head\":{");
        push_member(&mut out, "sysId", &self.sys_id);
        push_member(&mut out, "apiCode", api_code);
        push_member(&mut out, "requestNo", request_no);
        push_member(&mut out, "version", VERSION);
        push_member(&mut out, "code", code);
        push_member(&mut out, "detail", detail);
        out.push_str("}}");
        Ok(Sealed {
            body: out,
            headers: Vec::new(),
            trace: Trace::new(),
        })
    }

    /// Seals a notification: a request-shaped envelope signed by KazePay, with a fresh
    /// request number (the API document publishes no notification format).
    pub fn seal_notification(&self, api_code: &str, payload_json: &str) -> Result<Sealed> {
        check_token(api_code, "api_code")?;
        let request_no = generate_request_no(&self.env)?;
        let mut trace = Trace::new();
        trace.push("request_no", request_no.as_str());
        let env_ = seal_envelope(
            &self.profile,
            &self.private_key,
            &self.merchant_public_key,
            payload_json,
            &self.env,
            &mut trace,
        )?;
        Ok(Sealed {
            body: request_message(&self.sys_id, api_code, &request_no, &env_),
            headers: Vec::new(),
            trace,
        })
    }
}

/// What a KazePay request needs besides its body ([`Merchant::seal_request`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KazePayRequest<'a> {
    /// The `apiCode` (the operation).
    pub api_code: &'a str,
    /// The `requestNo`; a random one when `None`.
    pub request_no: Option<&'a str>,
}

/// The request a KazePay response answers ([`Mirror::seal_response`]): its `apiCode` and
/// `requestNo`, echoed in the response.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KazePayExchange<'a> {
    /// The request's `apiCode`.
    pub api_code: &'a str,
    /// The request's `requestNo`.
    pub request_no: &'a str,
}

/// What a KazePay webhook needs besides its payload ([`Mirror::seal_notification`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KazePayNotification<'a> {
    /// The webhook's `apiCode` (the event).
    pub api_code: &'a str,
}

impl Merchant for KazePay {
    const PROVIDER: &'static str = "kazepay";

    type Request<'a> = KazePayRequest<'a>;

    fn seal_request(&self, request: &KazePayRequest<'_>, payload_json: &str) -> Result<Sealed> {
        KazePay::seal_request(self, request.api_code, payload_json, request.request_no)
    }

    fn open_response(&self, received: &Received<'_>) -> Result<String> {
        KazePay::open_response(self, received.body)
    }

    /// KazePay webhooks carry no signed time: `now_ms` is not read.
    fn open_notification(&self, received: &Received<'_>, _now_ms: Option<i64>) -> Result<String> {
        KazePay::open_notification(self, received.body, received.headers)
    }
}

impl Mirror for KazePayProvider {
    const PROVIDER: &'static str = "kazepay";

    type Response<'a> = KazePayExchange<'a>;
    type Notification<'a> = KazePayNotification<'a>;

    fn open_request(&self, received: &Received<'_>) -> Result<String> {
        KazePayProvider::open_request(self, received.body, received.headers)
    }

    fn seal_response(&self, to: &KazePayExchange<'_>, payload_json: &str) -> Result<Sealed> {
        KazePayProvider::seal_response(self, to.api_code, to.request_no, payload_json)
    }

    fn seal_error_response(
        &self,
        to: &KazePayExchange<'_>,
        code: &str,
        message: &str,
    ) -> Result<Sealed> {
        KazePayProvider::seal_error_response(self, to.api_code, to.request_no, code, message)
    }

    fn seal_notification(
        &self,
        notification: &KazePayNotification<'_>,
        payload_json: &str,
    ) -> Result<Sealed> {
        KazePayProvider::seal_notification(self, notification.api_code, payload_json)
    }
}
