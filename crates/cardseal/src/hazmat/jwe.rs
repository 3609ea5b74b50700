//! JSON Web Encryption (RFC 7516), compact serialization, with key management
//! `RSA-OAEP-256` (RFC 7518 §4.3) and content encryption `A128GCM` / `A256GCM`
//! (RFC 7518 §5.3), optionally with `"zip":"DEF"` (raw DEFLATE, RFC 1951, applied to the
//! plaintext before encryption).
//!
//! What is accepted when decrypting is exactly what is configured: `alg` must be
//! `RSA-OAEP-256`, `enc` must be the configured content encryption, `zip` must be absent
//! or `DEF`, and a `crit` member is refused (no extension is understood). Anything else is
//! [`Error::InvalidInput`] naming the header value. A malformed compact serialization
//! (not five parts, bad base64url, header not a JSON object) is `InvalidInput` too.
//! Every key or tag failure is the uniform [`Error::DecryptionFailed`]; an RSA-OAEP
//! failure does not return early but continues with a substitute CEK into the GCM tag
//! check (RFC 7516 §11.5, see [`decrypt`]).
//!
//! Inflating decodes into a buffer that never grows past the configured cap
//! ([`DEFAULT_MAX_INFLATED_BYTES`] unless set), so a DEFLATE bomb is refused with
//! `InvalidInput` ("inflated payload exceeds N bytes") without allocating past the cap.
//! The decoder is cardseal's own (safe Rust, differential-tested against `miniz_oxide`):
//! it resolves two literals per table lookup, which makes it 1.5–2× as fast as
//! `miniz_oxide` on the base64-heavy JSON that providers send (bench `inflate/6MB`). Decryption works in place: the decoded
//! ciphertext buffer becomes the (compressed) plaintext, with no whole-payload copies.
//!
//! Randomness comes from the [`Env`], in this order: the content-encryption key (CEK), the
//! 96-bit IV, then the OAEP seed (consumed by the RSA encryption). With
//! [`Env::fixed`] every byte of the output is reproducible. Compression uses
//! `miniz_oxide` at level [`DEFLATE_LEVEL`] (1: KYC payloads are mostly base64 images, which
//! Huffman coding alone shrinks by a quarter, and higher levels cost ~5x the time for
//! little more), which is deterministic, so `zip` output is reproducible too.
//!
//! The protected header is written compactly with members in the order
//! `alg, enc, zip, typ, kid` (absent ones skipped); receivers authenticate the header's
//! base64url text as sent, so the order is a free choice of the sender.

use crate::canonical::json::{self, Json};
use crate::env::Env;
use crate::error::{Error, KeyProblem, Result};
use crate::hazmat::digest;
use crate::hazmat::rsa::{RsaPrivateKey, RsaPublicKey};
use crate::secret::SecretBytes;
use sha2::{Digest, Sha256};
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

/// The only key-management algorithm supported: RSAES-OAEP with SHA-256 and MGF1-SHA-256.
pub const ALG_RSA_OAEP_256: &str = "RSA-OAEP-256";

/// The `zip` value for raw DEFLATE.
pub const ZIP_DEFLATE: &str = "DEF";

/// The miniz_oxide compression level used for `zip: DEF` (1 = fastest).
pub const DEFLATE_LEVEL: u8 = 1;

/// Default cap on the inflated size of a `zip: DEF` payload: 64 MiB.
pub const DEFAULT_MAX_INFLATED_BYTES: usize = 64 * 1024 * 1024;

/// Length of the GCM IV in bytes (96 bits, RFC 7518 §5.3).
pub const IV_LEN: usize = 12;

/// Length of the GCM authentication tag in bytes (128 bits).
pub const TAG_LEN: usize = 16;

/// Content-encryption algorithms (`enc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentEncryption {
    /// `A128GCM`: AES-128 in GCM mode.
    A128Gcm,
    /// `A256GCM`: AES-256 in GCM mode.
    A256Gcm,
}

impl ContentEncryption {
    /// The `enc` header value (`"A128GCM"`, `"A256GCM"`).
    pub fn name(self) -> &'static str {
        match self {
            ContentEncryption::A128Gcm => "A128GCM",
            ContentEncryption::A256Gcm => "A256GCM",
        }
    }

    /// The CEK length in bytes (16 or 32).
    pub fn key_len(self) -> usize {
        match self {
            ContentEncryption::A128Gcm => 16,
            ContentEncryption::A256Gcm => 32,
        }
    }

    /// The algorithm named `name` (exact match), if supported.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "A128GCM" => Some(ContentEncryption::A128Gcm),
            "A256GCM" => Some(ContentEncryption::A256Gcm),
            _ => None,
        }
    }
}

/// How to build a JWE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptOptions {
    /// Content encryption (`enc`).
    pub enc: ContentEncryption,
    /// Compress the plaintext with raw DEFLATE and say `"zip":"DEF"`.
    pub zip: bool,
    /// The `typ` header member (e.g. `"JOSE"`), if any.
    pub typ: Option<String>,
    /// The `kid` header member, if any.
    pub kid: Option<String>,
}

impl Default for EncryptOptions {
    /// `A128GCM`, no compression, no `typ`, no `kid`.
    fn default() -> Self {
        EncryptOptions {
            enc: ContentEncryption::A128Gcm,
            zip: false,
            typ: None,
            kid: None,
        }
    }
}

/// What a JWE must look like to be decrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecryptOptions {
    /// The one accepted content encryption (`enc`); any other value is refused.
    pub enc: ContentEncryption,
    /// Cap on the inflated size of a `zip: DEF` payload, in bytes.
    pub max_inflated_bytes: usize,
}

impl Default for DecryptOptions {
    /// `A128GCM`, inflate cap [`DEFAULT_MAX_INFLATED_BYTES`].
    fn default() -> Self {
        DecryptOptions {
            enc: ContentEncryption::A128Gcm,
            max_inflated_bytes: DEFAULT_MAX_INFLATED_BYTES,
        }
    }
}

/// A JWE just built, with its protected header for tracing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encrypted {
    /// The compact serialization (five base64url parts joined by `.`).
    pub compact: String,
    /// The protected header JSON text.
    pub header_json: String,
}

/// The members of a protected header that cardseal reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedHeader {
    /// `alg`.
    pub alg: String,
    /// `enc`.
    pub enc: String,
    /// `zip`, if present.
    pub zip: Option<String>,
    /// `typ`, if present.
    pub typ: Option<String>,
    /// `kid`, if present.
    pub kid: Option<String>,
}

/// A decrypted JWE.
#[derive(Clone, PartialEq, Eq)]
pub struct Decrypted {
    /// The protected header JSON text, as sent.
    pub header_json: String,
    /// The header members cardseal reads.
    pub header: ProtectedHeader,
    /// The plaintext (inflated when `zip` was `DEF`).
    pub plaintext: Vec<u8>,
}

impl std::fmt::Debug for Decrypted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decrypted")
            .field("header", &self.header)
            .field("plaintext_len", &self.plaintext.len())
            .finish()
    }
}

/// The five parts of a compact JWE, base64url-decoded (the header also kept as text).
#[derive(Clone, PartialEq, Eq)]
pub struct CompactParts<'a> {
    /// The first part exactly as sent: the additional authenticated data.
    pub header_b64u: &'a str,
    /// The decoded protected header text.
    pub header_json: String,
    /// The parsed header members.
    pub header: ProtectedHeader,
    /// The JWE Encrypted Key.
    pub encrypted_key: Vec<u8>,
    /// The IV.
    pub iv: Vec<u8>,
    /// The ciphertext.
    pub ciphertext: Vec<u8>,
    /// The authentication tag.
    pub tag: Vec<u8>,
}

impl std::fmt::Debug for CompactParts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompactParts")
            .field("header", &self.header)
            .field("encrypted_key_len", &self.encrypted_key.len())
            .field("iv_len", &self.iv.len())
            .field("ciphertext_len", &self.ciphertext.len())
            .field("tag_len", &self.tag.len())
            .finish()
    }
}

/// base64url without padding (RFC 7515 §2).
pub fn base64url_encode(data: &[u8]) -> String {
    base64_simd::URL_SAFE_NO_PAD.encode_to_string(data)
}

/// Strict base64url without padding: only `A-Z a-z 0-9 - _`, no `=`, no whitespace, a
/// length that is not 1 mod 4, and zero unused trailing bits (so every byte string has
/// exactly one accepted encoding). Anything else → `InvalidInput{field:"base64url"}`.
pub fn base64url_decode(text: &[u8]) -> Result<Vec<u8>> {
    base64_simd::URL_SAFE_NO_PAD
        .decode_to_vec(text)
        .map_err(|_| Error::invalid_input("base64url", "not canonical unpadded base64url"))
}

/// Builds the protected header JSON text for `opts` (members `alg, enc, zip, typ, kid`).
pub fn header_json(opts: &EncryptOptions) -> String {
    let mut out = String::with_capacity(96);
    out.push_str("{\"alg\":");
    json::write_string(ALG_RSA_OAEP_256, &mut out);
    out.push_str(",\"enc\":");
    json::write_string(opts.enc.name(), &mut out);
    if opts.zip {
        out.push_str(",\"zip\":");
        json::write_string(ZIP_DEFLATE, &mut out);
    }
    if let Some(typ) = &opts.typ {
        out.push_str(",\"typ\":");
        json::write_string(typ, &mut out);
    }
    if let Some(kid) = &opts.kid {
        out.push_str(",\"kid\":");
        json::write_string(kid, &mut out);
    }
    out.push('}');
    out
}

/// Encrypts `plaintext` to `recipient` (RSA-OAEP-256 key wrap, AES-GCM content
/// encryption) and returns the compact serialization.
pub fn encrypt(
    plaintext: &[u8],
    recipient: &RsaPublicKey,
    opts: &EncryptOptions,
    env: &Env,
) -> Result<Encrypted> {
    let header_json = header_json(opts);
    let header_b64u = base64url_encode(header_json.as_bytes());
    // The buffer that becomes the ciphertext (encrypted in place).
    let mut content = if opts.zip {
        deflate(plaintext)
    } else {
        plaintext.to_vec()
    };
    let cek = SecretBytes::new(env.random_bytes(opts.enc.key_len())?);
    let iv = env.random_bytes(IV_LEN)?;
    let encrypted_key = recipient.encrypt_oaep_sha256(cek.expose(), b"", env)?;
    let tag = gcm_seal_in_place(cek.expose(), &iv, header_b64u.as_bytes(), &mut content)?;
    let compact = assemble(&header_b64u, &encrypted_key, &iv, &content, &tag);
    Ok(Encrypted {
        compact,
        header_json,
    })
}

/// Content encryption alone: AES-GCM under `cek` and `iv`, with the additional
/// authenticated data `ASCII(header_b64u)` (RFC 7516 §5.1 step 14). `content` is the
/// plaintext after any compression. Returns `(ciphertext, tag)`.
///
/// A CEK of the wrong length for `enc` is `InvalidKey`; an IV that is not 12 bytes is
/// `InvalidInput{field:"iv"}`.
pub fn seal_content(
    enc: ContentEncryption,
    header_b64u: &str,
    cek: &[u8],
    iv: &[u8],
    content: &[u8],
) -> Result<(Vec<u8>, Vec<u8>)> {
    if cek.len() != enc.key_len() {
        return Err(Error::key(
            KeyProblem::Size,
            format!(
                "{} needs a {}-byte CEK, got {} bytes",
                enc.name(),
                enc.key_len(),
                cek.len()
            ),
        ));
    }
    if iv.len() != IV_LEN {
        return Err(Error::invalid_input(
            "iv",
            format!("GCM IV must be {IV_LEN} bytes, got {}", iv.len()),
        ));
    }
    let mut ciphertext = content.to_vec();
    let tag = gcm_seal_in_place(cek, iv, header_b64u.as_bytes(), &mut ciphertext)?;
    Ok((ciphertext, tag.to_vec()))
}

/// AES-GCM encryption in place (the buffer becomes the ciphertext), returning the tag.
/// `cek` 16 or 32 bytes (else `InvalidKey`), `iv` 12 bytes (else `InvalidInput`).
fn gcm_seal_in_place(cek: &[u8], iv: &[u8], aad: &[u8], buf: &mut [u8]) -> Result<[u8; TAG_LEN]> {
    use aes_gcm::aead::inout::InOutBuf;
    use aes_gcm::aead::{AeadInOut, KeyInit};
    use aes_gcm::{Aes128Gcm, Aes256Gcm, Nonce};
    let nonce = <&Nonce<aes_gcm::aead::consts::U12>>::try_from(iv).map_err(|_| {
        Error::invalid_input(
            "iv",
            format!("GCM IV must be {IV_LEN} bytes, got {}", iv.len()),
        )
    })?;
    let bad_key = || {
        Error::key(
            KeyProblem::Size,
            format!("AES-GCM key must be 16 or 32 bytes, got {}", cek.len()),
        )
    };
    let tag = match cek.len() {
        16 => Aes128Gcm::new_from_slice(cek)
            .map_err(|_| bad_key())?
            .encrypt_inout_detached(nonce, aad, InOutBuf::from(&mut *buf)),
        32 => Aes256Gcm::new_from_slice(cek)
            .map_err(|_| bad_key())?
            .encrypt_inout_detached(nonce, aad, InOutBuf::from(&mut *buf)),
        _ => return Err(bad_key()),
    }
    .map_err(|_| {
        Error::invalid_input(
            "plaintext",
            "too long for AES-GCM (or associated data too long)",
        )
    })?;
    let mut out = [0u8; TAG_LEN];
    out.copy_from_slice(tag.as_slice());
    Ok(out)
}

/// Splits and decodes a compact JWE and checks its header against `opts` (no key is
/// used). Errors are `InvalidInput` naming the part or header member.
pub fn parse_compact<'a>(compact: &'a str, opts: &DecryptOptions) -> Result<CompactParts<'a>> {
    parse_compact_checked(compact, opts, true)
}

fn parse_compact_checked<'a>(
    compact: &'a str,
    opts: &DecryptOptions,
    check_alg: bool,
) -> Result<CompactParts<'a>> {
    let parts_error = || {
        let n = compact.split('.').count();
        Error::invalid_input(
            "jwe",
            format!("compact serialization has {n} parts, expected 5"),
        )
    };
    // The first three parts from the front, the tag from the back: the long ciphertext
    // in between is scanned once, by the base64url decoder, which refuses a `.` (a
    // sixth part) that is then reported as the part count, as if checked first.
    let (h, k, i, c, t) = split_compact(compact).ok_or_else(parts_error)?;
    let ciphertext = match base64url_decode(c.as_bytes()) {
        Ok(ct) => Ok(ct),
        Err(_) if c.contains('.') => return Err(parts_error()),
        Err(e) => Err(e.in_field("jwe.ciphertext")),
    };
    let header_bytes = base64url_decode(h.as_bytes()).map_err(|e| e.in_field("jwe.header"))?;
    let header_json = String::from_utf8(header_bytes)
        .map_err(|_| Error::invalid_input("jwe.header", "protected header is not UTF-8"))?;
    let header = parse_header(&header_json, opts, check_alg)?;
    let encrypted_key =
        base64url_decode(k.as_bytes()).map_err(|e| e.in_field("jwe.encrypted_key"))?;
    let iv = base64url_decode(i.as_bytes()).map_err(|e| e.in_field("jwe.iv"))?;
    if iv.len() != IV_LEN {
        return Err(Error::invalid_input(
            "jwe.iv",
            format!("GCM IV must be {IV_LEN} bytes, got {}", iv.len()),
        ));
    }
    let ciphertext = ciphertext?;
    let tag = base64url_decode(t.as_bytes()).map_err(|e| e.in_field("jwe.tag"))?;
    if tag.len() != TAG_LEN {
        return Err(Error::invalid_input(
            "jwe.tag",
            format!("GCM tag must be {TAG_LEN} bytes, got {}", tag.len()),
        ));
    }
    Ok(CompactParts {
        header_b64u: h,
        header_json,
        header,
        encrypted_key,
        iv,
        ciphertext,
        tag,
    })
}

/// The five `.`-separated parts of `compact`, the fourth possibly holding more dots
/// (see the caller); `None` for fewer than five parts.
fn split_compact(compact: &str) -> Option<(&str, &str, &str, &str, &str)> {
    let (h, rest) = compact.split_once('.')?;
    let (k, rest) = rest.split_once('.')?;
    let (i, rest) = rest.split_once('.')?;
    let (c, t) = rest.rsplit_once('.')?;
    Some((h, k, i, c, t))
}

fn member<'j>(obj: &'j Json<'_>, name: &str) -> Result<Option<&'j str>> {
    match obj.get(name) {
        None => Ok(None),
        Some(v) => v.as_str().map(Some).ok_or_else(|| {
            Error::invalid_input(format!("jwe.header.{name}"), "must be a JSON string")
        }),
    }
}

fn parse_header(text: &str, opts: &DecryptOptions, check_alg: bool) -> Result<ProtectedHeader> {
    let parsed = json::parse(text).map_err(|e| e.in_field("jwe.header"))?;
    if !matches!(parsed, Json::Object(_)) {
        return Err(Error::invalid_input(
            "jwe.header",
            "protected header is not a JSON object",
        ));
    }
    let alg =
        member(&parsed, "alg")?.ok_or_else(|| Error::invalid_input("jwe.header.alg", "missing"))?;
    if check_alg && alg != ALG_RSA_OAEP_256 {
        return Err(Error::invalid_input(
            "jwe.header.alg",
            format!(
                "unsupported algorithm {} (only {ALG_RSA_OAEP_256} is accepted)",
                crate::error::shown(alg)
            ),
        ));
    }
    let enc =
        member(&parsed, "enc")?.ok_or_else(|| Error::invalid_input("jwe.header.enc", "missing"))?;
    check_enc(enc, opts.enc)?;
    let zip = member(&parsed, "zip")?;
    check_zip(zip)?;
    if parsed.get("crit").is_some() {
        return Err(Error::invalid_input(
            "jwe.header.crit",
            "critical header extensions are not supported",
        ));
    }
    Ok(ProtectedHeader {
        alg: alg.to_owned(),
        enc: enc.to_owned(),
        zip: zip.map(str::to_owned),
        typ: member(&parsed, "typ")?.map(str::to_owned),
        kid: member(&parsed, "kid")?.map(str::to_owned),
    })
}

fn check_enc(enc: &str, accepted: ContentEncryption) -> Result<()> {
    if enc == accepted.name() {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "jwe.header.enc",
            format!(
                "unsupported content encryption {} (only {} is accepted)",
                crate::error::shown(enc),
                accepted.name()
            ),
        ))
    }
}

fn check_zip(zip: Option<&str>) -> Result<()> {
    match zip {
        None | Some(ZIP_DEFLATE) => Ok(()),
        Some(other) => Err(Error::invalid_input(
            "jwe.header.zip",
            format!(
                "unsupported compression {} (only {ZIP_DEFLATE} is accepted)",
                crate::error::shown(other)
            ),
        )),
    }
}

/// Decrypts a compact JWE with the recipient's private key.
///
/// Key unwrap follows RFC 7516 §11.5: when RSA-OAEP decryption fails, or yields a CEK
/// of the wrong length for `enc`, a substitute CEK is used and decryption goes on, so
/// the failure surfaces as the GCM tag failure: both are [`Error::DecryptionFailed`],
/// with no early exit between them. The substitute is HMAC-SHA256 over the encrypted
/// key, keyed by a hash of the private key: deterministic (the same JWE fails the same
/// way on every backend) and unknown to the sender, who therefore cannot make a JWE
/// that opens under it.
pub fn decrypt(compact: &str, key: &RsaPrivateKey, opts: &DecryptOptions) -> Result<Decrypted> {
    let parts = parse_compact(compact, opts)?;
    let enc = ContentEncryption::from_name(&parts.header.enc).ok_or(Error::DecryptionFailed)?;
    let cek = unwrap_cek(key, &parts.encrypted_key, enc.key_len())?;
    open_parts(parts, cek.expose(), opts)
}

/// The substitute CEK of RFC 7516 §11.5 for `encrypted_key` (32 bytes; the first
/// `key_len` are used).
fn substitute_cek(key: &RsaPrivateKey, encrypted_key: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    let der = key.to_pkcs1_der()?;
    let mut h = Sha256::new();
    h.update(b"cardseal/jwe/rfc7516-11.5-substitute-cek/v1\0");
    h.update(der.expose());
    let mac_key = Zeroizing::new(<[u8; 32]>::from(h.finalize()));
    Ok(Zeroizing::new(digest::hmac_sha256(
        mac_key.as_ref(),
        encrypted_key,
    )))
}

/// RSA-OAEP-256 key unwrap that always returns a `key_len`-byte CEK: the decrypted one
/// when decryption succeeded with the right length, else the substitute (selected in
/// constant time).
fn unwrap_cek(key: &RsaPrivateKey, encrypted_key: &[u8], key_len: usize) -> Result<SecretBytes> {
    let substitute = substitute_cek(key, encrypted_key)?;
    let candidate = key
        .decrypt_oaep_sha256(encrypted_key, b"")
        .unwrap_or_else(|_| SecretBytes::new(Vec::new()));
    let ok = (candidate.len() as u64).ct_eq(&(key_len as u64));
    let cek: Vec<u8> = substitute
        .iter()
        .zip(candidate.expose().iter().chain(std::iter::repeat(&0u8)))
        .take(key_len)
        .map(|(s, c)| u8::conditional_select(s, c, ok))
        .collect();
    if cek.len() != key_len {
        return Err(Error::DecryptionFailed);
    }
    Ok(SecretBytes::new(cek))
}

/// Decrypts a compact JWE with a known CEK, skipping key management: the `alg` member is
/// not checked (the caller supplies the key it would have produced), everything else is
/// (`enc`, `zip`, `crit`, structure). For test vectors such as RFC 7516 Appendix A and for
/// diagnosing a provider's JWE. A CEK of the wrong length is `DecryptionFailed`.
pub fn decrypt_with_cek(compact: &str, cek: &[u8], opts: &DecryptOptions) -> Result<Decrypted> {
    let parts = parse_compact_checked(compact, opts, false)?;
    open_parts(parts, cek, opts)
}

fn open_parts(parts: CompactParts<'_>, cek: &[u8], opts: &DecryptOptions) -> Result<Decrypted> {
    let enc = ContentEncryption::from_name(&parts.header.enc).ok_or(Error::DecryptionFailed)?;
    if cek.len() != enc.key_len() {
        return Err(Error::DecryptionFailed);
    }
    let mut content = parts.ciphertext;
    gcm_open_in_place(
        cek,
        &parts.iv,
        parts.header_b64u.as_bytes(),
        &mut content,
        &parts.tag,
    )?;
    let plaintext = if parts.header.zip.is_some() {
        inflate_capped(&content, opts.max_inflated_bytes)?
    } else {
        content
    };
    Ok(Decrypted {
        header_json: parts.header_json,
        header: parts.header,
        plaintext,
    })
}

/// AES-GCM decryption in place with a detached tag (the ciphertext buffer becomes the
/// plaintext: no copy of a multi-megabyte payload). Any failure is `DecryptionFailed`;
/// on a tag failure the buffer is zeroed (it still holds the ciphertext).
fn gcm_open_in_place(cek: &[u8], iv: &[u8], aad: &[u8], buf: &mut [u8], tag: &[u8]) -> Result<()> {
    use aes_gcm::aead::inout::InOutBuf;
    use aes_gcm::aead::{AeadInOut, KeyInit};
    use aes_gcm::{Aes128Gcm, Aes256Gcm, Nonce, Tag};
    use zeroize::Zeroize;
    let nonce =
        <&Nonce<aes_gcm::aead::consts::U12>>::try_from(iv).map_err(|_| Error::DecryptionFailed)?;
    let tag = <&Tag>::try_from(tag).map_err(|_| Error::DecryptionFailed)?;
    let result = match cek.len() {
        16 => Aes128Gcm::new_from_slice(cek)
            .map_err(|_| Error::DecryptionFailed)?
            .decrypt_inout_detached(nonce, aad, InOutBuf::from(&mut *buf), tag),
        32 => Aes256Gcm::new_from_slice(cek)
            .map_err(|_| Error::DecryptionFailed)?
            .decrypt_inout_detached(nonce, aad, InOutBuf::from(&mut *buf), tag),
        _ => return Err(Error::DecryptionFailed),
    };
    result.map_err(|_| {
        buf.zeroize();
        Error::DecryptionFailed
    })
}

fn assemble(
    header_b64u: &str,
    encrypted_key: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> String {
    let mut out = String::with_capacity(
        header_b64u.len()
            + (encrypted_key.len() + iv.len() + ciphertext.len() + tag.len()) * 4 / 3
            + 8,
    );
    out.push_str(header_b64u);
    for part in [encrypted_key, iv, ciphertext, tag] {
        out.push('.');
        base64_simd::URL_SAFE_NO_PAD.encode_append(part, &mut out);
    }
    out
}

/// Raw DEFLATE (RFC 1951) at level [`DEFLATE_LEVEL`], as used for `"zip":"DEF"`.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(data, DEFLATE_LEVEL)
}

/// Inflates raw DEFLATE into a buffer that never grows past `max_bytes`.
///
/// More than `max_bytes` of output → `InvalidInput{field:"zip"}` ("inflated payload
/// exceeds N bytes"), found as soon as a block would write the first byte past the cap;
/// a corrupt or truncated stream, or bytes after its end → `InvalidInput{field:"zip"}`.
pub fn inflate_capped(data: &[u8], max_bytes: usize) -> Result<Vec<u8>> {
    use inflate::InflateError;
    // Room for twice the input up front (the usual ratio for JSON with base64 images);
    // it grows geometrically from there, never past the cap.
    let hint = data.len().saturating_mul(2).max(4096);
    inflate::inflate(data, max_bytes, hint).map_err(|e| {
        Error::invalid_input(
            "zip",
            match e {
                InflateError::TooBig => format!("inflated payload exceeds {max_bytes} bytes"),
                InflateError::Truncated => "truncated DEFLATE stream".to_owned(),
                InflateError::Corrupt => "corrupt DEFLATE stream".to_owned(),
                InflateError::Trailing => "bytes after the end of the DEFLATE stream".to_owned(),
            },
        )
    })
}

// Raw DEFLATE decoding under a size cap (see the module file).
mod inflate;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn base64url_is_strict() {
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
        assert_eq!(base64url_decode(b"-_8").unwrap(), b"\xfb\xff");
        assert_eq!(base64url_decode(b"").unwrap(), b"");
        for bad in [
            &b"-_8="[..],
            b"+/8",
            b"-_9",
            b"A",
            b"AB CD",
            b"AB\nC",
            b"QQ==",
        ] {
            let e = base64url_decode(bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
    }

    fn test_key(name: &str) -> RsaPrivateKey {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../test-vectors/keys")
            .join(name);
        let text = std::fs::read_to_string(path).unwrap();
        crate::keys::parse_private_key(text.as_bytes()).unwrap()
    }

    /// A compact JWE whose encrypted key is `encrypted_key` and whose content is sealed
    /// under `cek` (A128GCM).
    fn jwe_with(encrypted_key: &[u8], cek: &[u8], plaintext: &[u8]) -> String {
        let h = base64url_encode(br#"{"alg":"RSA-OAEP-256","enc":"A128GCM"}"#);
        let iv = [7u8; IV_LEN];
        let (ct, tag) = seal_content(ContentEncryption::A128Gcm, &h, cek, &iv, plaintext).unwrap();
        assemble(&h, encrypted_key, &iv, &ct, &tag)
    }

    #[test]
    fn oaep_failure_goes_on_into_gcm_with_the_substitute_cek() {
        // RFC 7516 §11.5: an OAEP failure must not return early. Observable with the
        // private key (only its holder can compute the substitute): content sealed under
        // the substitute CEK of a garbage encrypted key *opens*, so GCM did run with it.
        let key = test_key("upay_merchant.pem");
        let opts = DecryptOptions::default();
        let garbage = vec![0x5au8; key.size()];
        assert!(key.decrypt_oaep_sha256(&garbage, b"").is_err());
        let sub = substitute_cek(&key, &garbage).unwrap();
        let c = jwe_with(&garbage, &sub[..16], b"{}");
        assert_eq!(decrypt(&c, &key, &opts).unwrap().plaintext, b"{}");
        // The same content under any other CEK is the uniform tag failure.
        let c = jwe_with(&garbage, &[0u8; 16], b"{}");
        assert_eq!(
            decrypt(&c, &key, &opts).unwrap_err(),
            Error::DecryptionFailed
        );
        // A CEK of the wrong length (32 under A128GCM) is substituted too.
        let env = Env::fixed(b"long-cek", 0);
        let ek = key
            .public_key()
            .encrypt_oaep_sha256(&[9u8; 32], b"", &env)
            .unwrap();
        let sub = substitute_cek(&key, &ek).unwrap();
        assert_eq!(
            decrypt(&jwe_with(&ek, &sub[..16], b"[]"), &key, &opts)
                .unwrap()
                .plaintext,
            b"[]"
        );
        assert_eq!(
            decrypt(&jwe_with(&ek, &[9u8; 16], b"[]"), &key, &opts).unwrap_err(),
            Error::DecryptionFailed
        );
        // The substitute is deterministic, per encrypted key, per private key, and never
        // replaces a good CEK.
        assert_eq!(
            *substitute_cek(&key, &garbage).unwrap(),
            *substitute_cek(&key, &garbage).unwrap()
        );
        assert_ne!(
            *substitute_cek(&key, &garbage).unwrap(),
            *substitute_cek(&key, &ek).unwrap()
        );
        let other = test_key("upay_platform.pem");
        assert_ne!(
            *substitute_cek(&key, &garbage).unwrap(),
            *substitute_cek(&other, &garbage).unwrap()
        );
        let good = key
            .public_key()
            .encrypt_oaep_sha256(&[3u8; 16], b"", &env)
            .unwrap();
        assert_eq!(unwrap_cek(&key, &good, 16).unwrap().expose(), &[3u8; 16]);
        assert_eq!(
            unwrap_cek(&key, &good, 32).unwrap().expose(),
            &substitute_cek(&key, &good).unwrap()[..]
        );
        for b in crate::hazmat::rsa::Backend::available() {
            let kb = key.with_backend(b).unwrap();
            assert_eq!(
                *substitute_cek(&kb, &garbage).unwrap(),
                *substitute_cek(&key, &garbage).unwrap()
            );
        }
    }

    #[test]
    fn part_count_is_checked_before_the_parts_themselves() {
        let opts = DecryptOptions::default();
        let parts = |n: usize| {
            Error::invalid_input(
                "jwe",
                format!("compact serialization has {n} parts, expected 5"),
            )
        };
        // The extra dot in the (long) fourth part is found by the base64url decoder and
        // still reported as the part count, before the bad header.
        for (compact, n) in [
            ("!.k.i.c1.c2.t", 6),
            ("!.k.i.c.d.e.t", 7),
            ("!.k.i...t", 6),
            ("!.k.i..t", 5),
            ("a.b.c.d", 4),
            ("", 1),
            ("....", 5),
        ] {
            let e = parse_compact(compact, &opts).unwrap_err();
            if n == 5 {
                assert_eq!(e.kind(), ErrorKind::InvalidInput, "{compact}");
                assert_ne!(e, parts(5));
            } else {
                assert_eq!(e, parts(n), "{compact}");
            }
        }
        // A bad ciphertext without a dot: the header is still checked first.
        let e = parse_compact("!.k.i.c!.t", &opts).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.to_string().contains("jwe.header"), "{e}");
        // Everything before the ciphertext fine, the ciphertext bad.
        let good = jwe_with(&[1u8; 4], &[2u8; 16], b"{}");
        let mut p: Vec<&str> = good.split('.').collect();
        p[3] = "AB$C";
        let e = parse_compact(&p.join("."), &opts).unwrap_err();
        assert!(e.to_string().contains("jwe.ciphertext"), "{e}");
    }

    #[test]
    fn gcm_in_place_matches_the_aes_module() {
        let (cek, iv, aad) = ([7u8; 16], [9u8; IV_LEN], b"eyJhbGciOiJ4In0");
        let plaintext = b"in place, no copy".repeat(100);
        let mut buf = plaintext.clone();
        let tag = gcm_seal_in_place(&cek, &iv, aad, &mut buf).unwrap();
        let mut joined = buf.clone();
        joined.extend_from_slice(&tag);
        assert_eq!(
            crate::hazmat::aes::gcm_encrypt(&cek, &iv, aad, &plaintext).unwrap(),
            joined
        );
        let mut opened = buf.clone();
        gcm_open_in_place(&cek, &iv, aad, &mut opened, &tag).unwrap();
        assert_eq!(opened, plaintext);
        // A wrong tag, CEK length or AAD: DecryptionFailed, and the buffer is wiped.
        let mut bad_tag = tag;
        bad_tag[0] ^= 1;
        let mut b = buf.clone();
        assert_eq!(
            gcm_open_in_place(&cek, &iv, aad, &mut b, &bad_tag).unwrap_err(),
            Error::DecryptionFailed
        );
        assert!(b.iter().all(|&x| x == 0));
        let mut b = buf.clone();
        assert_eq!(
            gcm_open_in_place(&[7u8; 24], &iv, aad, &mut b, &tag).unwrap_err(),
            Error::DecryptionFailed
        );
        let mut b = buf.clone();
        assert_eq!(
            gcm_open_in_place(&cek, &iv, b"other", &mut b, &tag).unwrap_err(),
            Error::DecryptionFailed
        );
        assert_eq!(
            gcm_seal_in_place(&[1u8; 24], &iv, aad, &mut buf)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidKey
        );
    }

    #[test]
    fn inflate_round_trip_and_cap() {
        let data = b"hello hello hello hello hello hello".repeat(1000);
        let z = deflate(&data);
        assert!(z.len() < data.len() / 10);
        assert_eq!(inflate_capped(&z, data.len()).unwrap(), data);
        let e = inflate_capped(&z, data.len() - 1).unwrap_err();
        assert_eq!(
            e,
            Error::invalid_input(
                "zip",
                format!("inflated payload exceeds {} bytes", data.len() - 1)
            )
        );
    }

    #[test]
    fn inflate_bomb_is_refused_without_growing_past_cap() {
        // 16 MiB of zeros compresses to ~16 KB; the cap is 1 MiB.
        let bomb = deflate(&vec![0u8; 16 * 1024 * 1024]);
        let e = inflate_capped(&bomb, 1 << 20).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.to_string().contains("exceeds 1048576 bytes"), "{e}");
    }

    #[test]
    fn inflate_rejects_corrupt_truncated_and_trailing() {
        let z = deflate(b"some text some text some text");
        let truncated = &z[..z.len() - 2];
        assert_eq!(
            inflate_capped(truncated, 1000).unwrap_err(),
            Error::invalid_input("zip", "truncated DEFLATE stream")
        );
        let mut trailing = z.clone();
        trailing.push(0);
        assert_eq!(
            inflate_capped(&trailing, 1000).unwrap_err(),
            Error::invalid_input("zip", "bytes after the end of the DEFLATE stream")
        );
        // Block type 3 (reserved) is invalid.
        assert_eq!(
            inflate_capped(&[0xff, 0xff], 1000).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }
}
