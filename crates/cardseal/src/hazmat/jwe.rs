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
use crate::error::{Error, Result};
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
        return Err(Error::invalid_key(format!(
            "{} needs a {}-byte CEK, got {} bytes",
            enc.name(),
            enc.key_len(),
            cek.len()
        )));
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
        Error::invalid_key(format!(
            "AES-GCM key must be 16 or 32 bytes, got {}",
            cek.len()
        ))
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
            format!("unsupported algorithm \"{alg}\" (only {ALG_RSA_OAEP_256} is accepted)"),
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
                "unsupported content encryption \"{enc}\" (only {} is accepted)",
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
            format!("unsupported compression \"{other}\" (only {ZIP_DEFLATE} is accepted)"),
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

/// Raw DEFLATE (RFC 1951) decoding into an output buffer that never grows past a cap.
///
/// Written for the shape of JWE payloads (JSON carrying base64 images: long literal runs
/// under near-flat Huffman codes), where a symbol-at-a-time decoder is bound by the
/// table-lookup latency: two-level decode tables whose 12-bit primary level resolves two
/// literals per lookup when both codes fit, a 64-bit bit buffer refilled eight bytes at a
/// time, and a hot loop on locals. Every slice access is checked (no `unsafe`); input
/// running out is detected by counting the zero bytes shifted in past the end.
mod inflate {

    /// Why inflating failed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(super) enum InflateError {
        /// The output would exceed the cap.
        TooBig,
        /// The stream ends before its final block does.
        Truncated,
        /// The stream is not valid DEFLATE.
        Corrupt,
        /// Bytes follow the end of the stream.
        Trailing,
    }

    type R<T> = core::result::Result<T, InflateError>;

    // Decode-table entries (u32): value << 16 | kind << 12 | extra << 8 | len.
    // `len` is the number of bits the entry consumes (the whole code, including the
    // primary bits for a subtable entry); `extra` the extra bits that follow (length and
    // distance symbols); `value` the literal byte, the length or distance base, or the
    // subtable offset.
    const KIND_LIT: u32 = 0;
    const KIND_LEN: u32 = 1;
    const KIND_EOB: u32 = 2;
    const KIND_SUB: u32 = 3;
    const KIND_INVALID: u32 = 4;

    const fn entry(value: u32, kind: u32, extra: u32, len: u32) -> u32 {
        (value << 16) | (kind << 12) | (extra << 8) | len
    }
    #[inline(always)]
    fn e_len(e: u32) -> u32 {
        e & 0xff
    }
    #[inline(always)]
    fn e_extra(e: u32) -> u32 {
        (e >> 8) & 0xf
    }
    #[inline(always)]
    fn e_kind(e: u32) -> u32 {
        (e >> 12) & 0xf
    }
    #[inline(always)]
    fn e_value(e: u32) -> u32 {
        e >> 16
    }

    const MAX_CODE_LEN: usize = 15;
    const LITLEN_BITS: u32 = 12;
    const DIST_BITS: u32 = 9;
    const PRECODE_BITS: u32 = 7;
    const INVALID: u32 = entry(0, KIND_INVALID, 0, 0);

    const LEN_BASE: [u16; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ];
    const LEN_EXTRA: [u8; 29] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ];
    const DIST_BASE: [u16; 30] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
        2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ];
    const DIST_EXTRA: [u8; 30] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
        13, 13,
    ];
    /// The order in which code-length code lengths are sent (RFC 1951 §3.2.7).
    const PRECODE_ORDER: [usize; 19] = [
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    ];

    /// What a symbol of a table decodes to.
    #[derive(Clone, Copy)]
    enum Alphabet {
        LitLen,
        Dist,
        Precode,
    }

    fn symbol_entry(alphabet: Alphabet, sym: usize, len: u32) -> u32 {
        match alphabet {
            Alphabet::LitLen => match sym {
                0..=255 => entry(sym as u32, KIND_LIT, 1, len),
                256 => entry(0, KIND_EOB, 0, len),
                _ => match (LEN_BASE.get(sym - 257), LEN_EXTRA.get(sym - 257)) {
                    (Some(&b), Some(&x)) => entry(u32::from(b), KIND_LEN, u32::from(x), len),
                    _ => entry(0, KIND_INVALID, 0, len),
                },
            },
            Alphabet::Dist => match (DIST_BASE.get(sym), DIST_EXTRA.get(sym)) {
                (Some(&b), Some(&x)) => entry(u32::from(b), KIND_LEN, u32::from(x), len),
                _ => entry(0, KIND_INVALID, 0, len),
            },
            Alphabet::Precode => entry(sym as u32, KIND_LIT, 1, len),
        }
    }

    /// A two-level canonical Huffman decode table: `2^primary` entries indexed by the next
    /// `primary` bits (LSB first), and for codes longer than that, subtables of
    /// `2^(15 - primary)` entries indexed by the following bits.
    struct Table {
        entries: Vec<u32>,
        /// Scratch: the primary table before literal pairing.
        single: Vec<u32>,
        primary: u32,
        /// Whether `pair_literals` ran since the last build.
        paired: bool,
    }

    impl Table {
        fn new(primary: u32) -> Self {
            Table {
                entries: Vec::with_capacity(1 << primary),
                single: Vec::new(),
                primary,
                paired: false,
            }
        }

        /// Builds the table for the code lengths `lens` (0 = unused symbol). Over-subscribed
        /// codes are corrupt; incomplete codes only when at most one symbol is used (RFC 1951
        /// allows one distance code; unused entries decode to an invalid symbol).
        fn build(&mut self, lens: &[u8], alphabet: Alphabet) -> R<()> {
            let mut count = [0u16; MAX_CODE_LEN + 1];
            for &l in lens {
                let c = count.get_mut(usize::from(l)).ok_or(InflateError::Corrupt)?;
                *c += 1;
            }
            let mut left: i32 = 1;
            let mut used = 0u32;
            for &c in count.iter().skip(1) {
                left = (left << 1) - i32::from(c);
                if left < 0 {
                    return Err(InflateError::Corrupt);
                }
                used += u32::from(c);
            }
            if left > 0 && used > 1 {
                return Err(InflateError::Corrupt);
            }
            // Symbols sorted by code length (then by value): canonical code order.
            let mut offset = [0u16; MAX_CODE_LEN + 2];
            for l in 1..=MAX_CODE_LEN {
                let o = offset.get(l).copied().unwrap_or(0) + count.get(l).copied().unwrap_or(0);
                if let Some(x) = offset.get_mut(l + 1) {
                    *x = o;
                }
            }
            let mut sorted = [0u16; 320];
            for (sym, &l) in lens.iter().enumerate() {
                if l == 0 {
                    continue;
                }
                let o = offset
                    .get_mut(usize::from(l))
                    .ok_or(InflateError::Corrupt)?;
                if let Some(x) = sorted.get_mut(usize::from(*o)) {
                    *x = sym as u16;
                }
                *o += 1;
            }
            let primary = self.primary;
            let psize = 1usize << primary;
            let sub_bits = MAX_CODE_LEN as u32 - primary;
            let t = &mut self.entries;
            self.paired = false;
            t.clear();
            t.resize(2, INVALID);
            let mut code = 0u32;
            let mut k = 0usize;
            for len in 1..=MAX_CODE_LEN as u32 {
                if len > 1 && len <= primary {
                    // Codes of the shorter lengths ignore the new top bit: double the table.
                    let half = 1usize << (len - 1);
                    t.extend_from_within(..half);
                }
                for _ in 0..count.get(len as usize).copied().unwrap_or(0) {
                    let sym = usize::from(sorted.get(k).copied().unwrap_or(0));
                    k += 1;
                    let rev = code.reverse_bits() >> (32 - len);
                    code += 1;
                    let e = symbol_entry(alphabet, sym, len);
                    if len <= primary {
                        if let Some(x) = t.get_mut(rev as usize) {
                            *x = e;
                        }
                    } else {
                        let p = (rev as usize) & (psize - 1);
                        let head = t.get(p).copied().ok_or(InflateError::Corrupt)?;
                        let base = if e_kind(head) == KIND_SUB {
                            e_value(head) as usize
                        } else {
                            let base = t.len();
                            t.resize(base + (1 << sub_bits), INVALID);
                            if let Some(x) = t.get_mut(p) {
                                *x = entry(base as u32, KIND_SUB, 0, primary);
                            }
                            base
                        };
                        let step = 1usize << (len - primary);
                        let mut i = (rev >> primary) as usize;
                        while i < (1 << sub_bits) {
                            if let Some(x) = t.get_mut(base + i) {
                                *x = e;
                            }
                            i += step;
                        }
                    }
                }
                code <<= 1;
            }
            if t.len() < psize {
                // No code reaches the primary width (only when a code is incomplete).
                while t.len() < psize {
                    t.extend_from_within(..t.len());
                }
            }
            Ok(())
        }

        /// Turns each primary literal entry whose code leaves room for a whole second
        /// literal code in the same lookup into a two-literal entry (count 2 in `extra`,
        /// the bytes in `value`, `len` both codes). Halves the lookups on literal runs.
        fn pair_literals(&mut self) {
            const PSIZE: usize = 1 << LITLEN_BITS;
            if self.primary != LITLEN_BITS || self.paired {
                return;
            }
            self.paired = true;
            let Some(primary) = self.entries.get_mut(..PSIZE) else {
                return;
            };
            let Ok(primary) = <&mut [u32; PSIZE]>::try_from(primary) else {
                return;
            };
            self.single.resize(PSIZE, 0);
            let Ok(single) = <&mut [u32; PSIZE]>::try_from(self.single.as_mut_slice()) else {
                return;
            };
            single.copy_from_slice(primary);
            for (i, x) in primary.iter_mut().enumerate() {
                let e = *x;
                let l1 = e_len(e);
                // `i >> l1` has its top `l1` bits zero; a code that fits in the bits that are
                // known decodes the same whatever they are.
                let e2 = single
                    .get((i >> l1) & (PSIZE - 1))
                    .copied()
                    .unwrap_or(INVALID);
                let total = l1 + e_len(e2);
                let both = (e_kind(e) | e_kind(e2)) == KIND_LIT && total <= LITLEN_BITS;
                let paired = entry(e_value(e) | (e_value(e2) << 8), KIND_LIT, 2, total);
                *x = if both { paired } else { e };
            }
        }

        /// The entry for the next bits `peek` (at least 15 valid bits).
        #[inline(always)]
        fn lookup(&self, peek: u64) -> u32 {
            let p = (peek as usize) & ((1 << self.primary) - 1);
            let e = self.entries.get(p).copied().unwrap_or(INVALID);
            if e_kind(e) != KIND_SUB {
                return e;
            }
            let s = ((peek >> self.primary) as usize)
                & ((1 << (MAX_CODE_LEN as u32 - self.primary)) - 1);
            self.entries
                .get(e_value(e) as usize + s)
                .copied()
                .unwrap_or(INVALID)
        }
    }

    /// LSB-first bit reader with a 64-bit buffer. Past the end of the input it shifts in
    /// zero bytes ("phantom" bytes, counted) so decoding never stalls; consuming one of
    /// them means the stream was truncated.
    struct Bits<'a> {
        data: &'a [u8],
        pos: usize,
        buf: u64,
        n: u32,
        phantom: u32,
    }

    impl<'a> Bits<'a> {
        /// Tops the buffer up to at least 56 valid bits.
        #[inline(always)]
        fn refill(&mut self) {
            if let Some(word) = self.data.get(self.pos..self.pos + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(word);
                self.buf |= u64::from_le_bytes(w) << self.n;
                let take = (63 - self.n) >> 3;
                self.pos += take as usize;
                self.n += take << 3;
            } else {
                self.refill_slow();
            }
        }

        #[cold]
        fn refill_slow(&mut self) {
            while self.n < 56 {
                match self.data.get(self.pos) {
                    Some(&b) => {
                        self.buf |= u64::from(b) << self.n;
                        self.pos += 1;
                    }
                    None => self.phantom += 1,
                }
                self.n += 8;
            }
        }

        /// True once a phantom bit has been consumed.
        #[inline(always)]
        fn overrun(&self) -> bool {
            self.phantom * 8 > self.n
        }

        #[inline(always)]
        fn consume(&mut self, k: u32) {
            self.buf >>= k;
            self.n -= k;
        }

        /// Reads `k` ≤ 32 bits (the buffer must hold them).
        #[inline(always)]
        fn take(&mut self, k: u32) -> u32 {
            let v = (self.buf & ((1u64 << k) - 1)) as u32;
            self.consume(k);
            v
        }

        /// Drops the bits up to the next byte boundary and returns the position of the
        /// next unread input byte, emptying the buffer.
        fn align_and_drain(&mut self) -> R<usize> {
            self.consume(self.n & 7);
            if self.overrun() {
                return Err(InflateError::Truncated);
            }
            let buffered = (self.n >> 3)
                .checked_sub(self.phantom)
                .ok_or(InflateError::Truncated)?;
            let at = self
                .pos
                .checked_sub(buffered as usize)
                .ok_or(InflateError::Corrupt)?;
            self.pos = at;
            self.buf = 0;
            self.n = 0;
            self.phantom = 0;
            Ok(at)
        }
    }

    /// The output: `buf` is zero-filled room (its length never passes `max`), `len` the
    /// bytes written so far.
    struct Out {
        buf: Vec<u8>,
        len: usize,
        max: usize,
    }

    impl Out {
        /// Makes room for `k` more bytes, or fails when that would pass the cap.
        #[cold]
        fn grow(&mut self, k: usize) -> R<()> {
            let needed = self.len.checked_add(k).ok_or(InflateError::TooBig)?;
            if needed > self.max {
                return Err(InflateError::TooBig);
            }
            if needed > self.buf.len() {
                let target = self
                    .buf
                    .len()
                    .saturating_mul(2)
                    .max(needed)
                    .max(4096)
                    .min(self.max);
                self.buf.reserve_exact(target - self.buf.len());
                self.buf.resize(target, 0);
            }
            Ok(())
        }

        #[inline(always)]
        fn room(&mut self, k: usize) -> R<()> {
            if self.buf.len() - self.len < k {
                self.grow(k)?;
            }
            Ok(())
        }

        #[inline(always)]
        fn push(&mut self, b: u8) {
            if let Some(x) = self.buf.get_mut(self.len) {
                *x = b;
            }
            self.len += 1;
        }

        fn extend(&mut self, bytes: &[u8]) -> R<()> {
            self.room(bytes.len())?;
            self.buf
                .get_mut(self.len..self.len + bytes.len())
                .ok_or(InflateError::TooBig)?
                .copy_from_slice(bytes);
            self.len += bytes.len();
            Ok(())
        }

        /// Appends the `len` bytes that start `dist` bytes back (they may overlap the new
        /// ones), making room first.
        #[inline(always)]
        fn copy_match(&mut self, dist: usize, len: usize) -> R<()> {
            self.room(len)?;
            self.len = copy_match(&mut self.buf, self.len, dist, len)?;
            Ok(())
        }
    }

    /// LZ77 copy inside `buf` (room for `len` bytes at `at` already there): `len` bytes from
    /// `dist` back. Returns the new end.
    #[inline(always)]
    fn copy_match(buf: &mut [u8], at: usize, dist: usize, len: usize) -> R<usize> {
        let start = at.checked_sub(dist).ok_or(InflateError::Corrupt)?;
        if dist == 0 {
            return Err(InflateError::Corrupt);
        }
        if dist >= len {
            buf.copy_within(start..start + len, at);
        } else {
            let mut cur = at;
            let end = at + len;
            while cur < end {
                let k = (end - cur).min(dist);
                buf.copy_within(cur - dist..cur - dist + k, cur);
                cur += k;
            }
        }
        Ok(at + len)
    }

    /// Inflates raw DEFLATE `data` into at most `max` bytes; `hint` is the initial capacity.
    pub(super) fn inflate(data: &[u8], max: usize, hint: usize) -> R<Vec<u8>> {
        // Zeroed by the allocator (fresh pages for a large buffer: no memset).
        let mut out = Out {
            buf: vec![0u8; hint.min(max)],
            len: 0,
            max,
        };
        inflate_into(data, &mut out)?;
        out.buf.truncate(out.len);
        Ok(out.buf)
    }

    /// Decodes the whole stream `data` into `out`.
    fn inflate_into(data: &[u8], out: &mut Out) -> R<()> {
        let mut bits = Bits {
            data,
            pos: 0,
            buf: 0,
            n: 0,
            phantom: 0,
        };
        let mut litlen = Table::new(LITLEN_BITS);
        let mut dist = Table::new(DIST_BITS);
        let mut precode = Table::new(PRECODE_BITS);
        let mut lens = [0u8; 288 + 32];
        let mut fixed_tables = false;
        loop {
            bits.refill();
            let header = bits.take(3);
            let last = header & 1 != 0;
            match header >> 1 {
                0 => {
                    let at = bits.align_and_drain()?;
                    let hdr = data.get(at..at + 4).ok_or(InflateError::Truncated)?;
                    let word = |i: usize| {
                        u16::from_le_bytes([
                            hdr.get(i).copied().unwrap_or(0),
                            hdr.get(i + 1).copied().unwrap_or(0),
                        ])
                    };
                    let (len, nlen) = (word(0), word(2));
                    if len != !nlen {
                        return Err(InflateError::Corrupt);
                    }
                    let body = data
                        .get(at + 4..at + 4 + usize::from(len))
                        .ok_or(InflateError::Truncated)?;
                    out.extend(body)?;
                    bits.pos = at + 4 + usize::from(len);
                }
                1 => {
                    // The fixed code's tables are built once and kept while blocks keep
                    // using them (a run of tiny fixed blocks costs no rebuilds).
                    if !fixed_tables {
                        for (i, l) in lens.iter_mut().enumerate().take(288) {
                            *l = match i {
                                0..=143 => 8,
                                144..=255 => 9,
                                256..=279 => 7,
                                _ => 8,
                            };
                        }
                        litlen.build(lens.get(..288).unwrap_or_default(), Alphabet::LitLen)?;
                        dist.build(&[5u8; 32], Alphabet::Dist)?;
                        fixed_tables = true;
                    }
                    decode_block(&mut bits, out, &mut litlen, &dist)?;
                }
                2 => {
                    fixed_tables = false;
                    read_dynamic_header(
                        &mut bits,
                        &mut precode,
                        &mut lens,
                        &mut litlen,
                        &mut dist,
                    )?;
                    decode_block(&mut bits, out, &mut litlen, &dist)?;
                }
                _ => {
                    return Err(if bits.overrun() {
                        InflateError::Truncated
                    } else {
                        InflateError::Corrupt
                    });
                }
            }
            if bits.overrun() {
                return Err(InflateError::Truncated);
            }
            if last {
                break;
            }
        }
        let at = bits.align_and_drain()?;
        if at != data.len() {
            return Err(InflateError::Trailing);
        }
        Ok(())
    }

    fn read_dynamic_header(
        bits: &mut Bits<'_>,
        precode: &mut Table,
        lens: &mut [u8; 320],
        litlen: &mut Table,
        dist: &mut Table,
    ) -> R<()> {
        let hlit = bits.take(5) as usize + 257;
        let hdist = bits.take(5) as usize + 1;
        let hclen = bits.take(4) as usize + 4;
        if hlit > 286 || hdist > 30 {
            return Err(InflateError::Corrupt);
        }
        let mut pre = [0u8; 19];
        for &i in PRECODE_ORDER.iter().take(hclen) {
            bits.refill();
            if let Some(p) = pre.get_mut(i) {
                *p = bits.take(3) as u8;
            }
        }
        precode.build(&pre, Alphabet::Precode)?;
        let total = hlit + hdist;
        let mut i = 0;
        while i < total {
            bits.refill();
            if bits.overrun() {
                return Err(InflateError::Truncated);
            }
            let e = precode.lookup(bits.buf);
            if e_kind(e) == KIND_INVALID {
                return Err(InflateError::Corrupt);
            }
            bits.consume(e_len(e));
            let sym = e_value(e);
            let (value, repeat) = match sym {
                0..=15 => (sym as u8, 1),
                16 => {
                    let prev = i
                        .checked_sub(1)
                        .and_then(|p| lens.get(p))
                        .copied()
                        .ok_or(InflateError::Corrupt)?;
                    (prev, 3 + bits.take(2) as usize)
                }
                17 => (0, 3 + bits.take(3) as usize),
                _ => (0, 11 + bits.take(7) as usize),
            };
            let end = i + repeat;
            if end > total {
                return Err(InflateError::Corrupt);
            }
            for l in lens.get_mut(i..end).unwrap_or_default() {
                *l = value;
            }
            i = end;
        }
        if bits.overrun() {
            return Err(InflateError::Truncated);
        }
        let (ll, dl) = lens.split_at(hlit);
        // The end-of-block symbol must have a code.
        if ll.get(256).copied().unwrap_or(0) == 0 {
            return Err(InflateError::Corrupt);
        }
        litlen.build(ll, Alphabet::LitLen)?;
        dist.build(dl.get(..hdist).unwrap_or_default(), Alphabet::Dist)?;
        Ok(())
    }

    /// Decodes one Huffman-coded block up to and including its end-of-block symbol.
    fn decode_block(bits: &mut Bits<'_>, out: &mut Out, litlen: &mut Table, dist: &Table) -> R<()> {
        // Pairing literals costs a pass over the primary table: done once the block has
        // shown it is long enough to repay it (a stream of tiny blocks stays cheap).
        let mut pair_at = if litlen.paired {
            usize::MAX
        } else {
            out.len.saturating_add(PAIR_AFTER)
        };
        loop {
            if let Some(done) = decode_fast(bits, out, litlen, dist, pair_at)? {
                return Ok(done);
            }
            if out.len >= pair_at {
                litlen.pair_literals();
                pair_at = usize::MAX;
                continue;
            }
            // Near the end of the input or of the room: one symbol, every check made.
            bits.refill();
            if bits.overrun() {
                return Err(InflateError::Truncated);
            }
            let e = litlen.lookup(bits.buf);
            bits.consume(e_len(e));
            match e_kind(e) {
                KIND_LIT => {
                    if bits.overrun() {
                        return Err(InflateError::Truncated);
                    }
                    let count = e_extra(e) as usize;
                    out.room(count)?;
                    out.push(e_value(e) as u8);
                    if count == 2 {
                        out.push((e_value(e) >> 8) as u8);
                    }
                }
                KIND_LEN => {
                    let len = e_value(e) as usize + bits.take(e_extra(e)) as usize;
                    let d = dist.lookup(bits.buf);
                    if e_kind(d) != KIND_LEN {
                        return Err(corrupt_or_truncated(bits));
                    }
                    bits.consume(e_len(d));
                    let distance = e_value(d) as usize + bits.take(e_extra(d)) as usize;
                    if bits.overrun() {
                        return Err(InflateError::Truncated);
                    }
                    out.copy_match(distance, len)?;
                }
                KIND_EOB => {
                    if bits.overrun() {
                        return Err(InflateError::Truncated);
                    }
                    return Ok(());
                }
                _ => return Err(corrupt_or_truncated(bits)),
            }
        }
    }

    fn corrupt_or_truncated(bits: &Bits<'_>) -> InflateError {
        if bits.overrun() {
            InflateError::Truncated
        } else {
            InflateError::Corrupt
        }
    }

    /// Output bytes a block decodes before its literal/length table is paired.
    const PAIR_AFTER: usize = 4096;

    /// Room the fast loop keeps: a maximal match plus a run of literals.
    const FAST_ROOM: usize = 258 + 8;

    /// The hot loop, on local copies of the bit buffer and output position (so the
    /// compiler keeps them in registers), while at least 8 input bytes and [`FAST_ROOM`]
    /// output bytes remain. Returns `Some(())` at the end of the block, `None` when the
    /// careful path must take over.
    #[inline(always)]
    fn decode_fast(
        bits: &mut Bits<'_>,
        out: &mut Out,
        litlen: &Table,
        dist: &Table,
        stop: usize,
    ) -> R<Option<()>> {
        let data = bits.data;
        let mut pos = bits.pos;
        let mut bb = bits.buf;
        let mut n = bits.n;
        let mut op = out.len;
        let buf: &mut [u8] = &mut out.buf;
        let lt: &[u32] = &litlen.entries;
        let dt: &[u32] = &dist.entries;
        let lmask = (1usize << litlen.primary) - 1;
        let dmask = (1usize << dist.primary) - 1;
        let lsub = MAX_CODE_LEN as u32 - litlen.primary;
        let dsub = MAX_CODE_LEN as u32 - dist.primary;
        let lookup = |t: &[u32], bb: u64, mask: usize, primary: u32, sub: u32| -> u32 {
            let e = t.get(bb as usize & mask).copied().unwrap_or(INVALID);
            if e_kind(e) != KIND_SUB {
                return e;
            }
            let s = ((bb >> primary) as usize) & ((1 << sub) - 1);
            t.get(e_value(e) as usize + s).copied().unwrap_or(INVALID)
        };
        let mut result = None;
        let buf_len = buf.len();
        while op + FAST_ROOM <= buf_len && op < stop && bits.phantom == 0 {
            // Refill to at least 56 bits.
            let Some(word) = data.get(pos..pos + 8) else {
                break;
            };
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            bb |= u64::from_le_bytes(w) << n;
            let take = (63 - n) >> 3;
            pos += take as usize;
            n += take << 3;

            let mut e = lookup(lt, bb, lmask, litlen.primary, lsub);
            if e_kind(e) == KIND_LIT {
                // Up to three literals per refill (56 bits ≥ 3 × 15).
                let l = e_len(e);
                bb >>= l;
                n -= l;
                if let Some(x) = buf.get_mut(op..op + 2) {
                    x.copy_from_slice(&(e_value(e) as u16).to_le_bytes());
                }
                op += e_extra(e) as usize;
                e = lookup(lt, bb, lmask, litlen.primary, lsub);
                if e_kind(e) == KIND_LIT {
                    let l = e_len(e);
                    bb >>= l;
                    n -= l;
                    if let Some(x) = buf.get_mut(op..op + 2) {
                        x.copy_from_slice(&(e_value(e) as u16).to_le_bytes());
                    }
                    op += e_extra(e) as usize;
                    e = lookup(lt, bb, lmask, litlen.primary, lsub);
                    if e_kind(e) == KIND_LIT {
                        let l = e_len(e);
                        bb >>= l;
                        n -= l;
                        if let Some(x) = buf.get_mut(op..op + 2) {
                            x.copy_from_slice(&(e_value(e) as u16).to_le_bytes());
                        }
                        op += e_extra(e) as usize;
                    }
                }
                continue;
            }
            let l = e_len(e);
            bb >>= l;
            n -= l;
            match e_kind(e) {
                KIND_LEN => {
                    let x = e_extra(e);
                    let len = e_value(e) as usize + (bb & ((1u64 << x) - 1)) as usize;
                    bb >>= x;
                    n -= x;
                    let d = lookup(dt, bb, dmask, dist.primary, dsub);
                    if e_kind(d) != KIND_LEN {
                        return Err(InflateError::Corrupt);
                    }
                    let l = e_len(d);
                    bb >>= l;
                    n -= l;
                    let x = e_extra(d);
                    let distance = e_value(d) as usize + (bb & ((1u64 << x) - 1)) as usize;
                    bb >>= x;
                    n -= x;
                    op = copy_match(buf, op, distance, len)?;
                }
                KIND_EOB => {
                    result = Some(());
                    break;
                }
                _ => return Err(InflateError::Corrupt),
            }
        }
        bits.pos = pos;
        bits.buf = bb;
        bits.n = n;
        out.len = op;
        Ok(result)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// LSB-first bit writer for hand-made streams; Huffman codes go MSB-first.
        #[derive(Default)]
        struct BitWriter {
            out: Vec<u8>,
            acc: u64,
            n: u32,
        }

        impl BitWriter {
            fn bits(&mut self, value: u32, count: u32) -> &mut Self {
                self.acc |= u64::from(value) << self.n;
                self.n += count;
                while self.n >= 8 {
                    self.out.push(self.acc as u8);
                    self.acc >>= 8;
                    self.n -= 8;
                }
                self
            }
            fn code(&mut self, code: u32, len: u32) -> &mut Self {
                self.bits(code.reverse_bits() >> (32 - len), len)
            }
            /// A symbol of the fixed literal/length code (RFC 1951 §3.2.6).
            fn fixed(&mut self, sym: u32) -> &mut Self {
                match sym {
                    0..=143 => self.code(0x30 + sym, 8),
                    144..=255 => self.code(0x190 + sym - 144, 9),
                    256..=279 => self.code(sym - 256, 7),
                    _ => self.code(0xc0 + sym - 280, 8),
                }
            }
            fn finish(&mut self) -> Vec<u8> {
                if self.n > 0 {
                    self.out.push(self.acc as u8);
                }
                std::mem::take(&mut self.out)
            }
        }

        fn fixed_block(symbols: &[(u32, Option<(u32, u32)>)]) -> Vec<u8> {
            // BFINAL = 1, BTYPE = 01; each symbol optionally followed by (extra, count).
            let mut w = BitWriter::default();
            w.bits(1, 1).bits(1, 2);
            for &(sym, extra) in symbols {
                w.fixed(sym);
                if let Some((v, c)) = extra {
                    w.bits(v, c);
                }
            }
            w.finish()
        }

        #[test]
        fn fixed_blocks_with_overlapping_matches() {
            // 'a', then length 10 (symbol 264) at distance 1 (distance code 0): 11 × 'a'.
            let mut w = BitWriter::default();
            w.bits(1, 1)
                .bits(1, 2)
                .fixed(u32::from(b'a'))
                .fixed(264)
                .code(0, 5)
                .fixed(256);
            assert_eq!(inflate(&w.finish(), 100, 0).unwrap(), b"a".repeat(11));
            // "abc", then length 9 (symbol 263) at distance 3 (code 2): period-3 overlap.
            let mut w = BitWriter::default();
            w.bits(1, 1).bits(1, 2);
            for b in *b"abc" {
                w.fixed(u32::from(b));
            }
            w.fixed(263).code(2, 5).fixed(256);
            assert_eq!(inflate(&w.finish(), 100, 0).unwrap(), b"abc".repeat(4));
            // Length 258 (symbol 285, no extra bits) at distance 1, then a 9-bit literal.
            let mut w = BitWriter::default();
            w.bits(1, 1)
                .bits(1, 2)
                .fixed(0)
                .fixed(285)
                .code(0, 5)
                .fixed(200)
                .fixed(256);
            let mut want = vec![0u8; 259];
            want.push(200);
            assert_eq!(inflate(&w.finish(), 1000, 0).unwrap(), want);
        }

        #[test]
        fn stored_blocks() {
            let ok = [0x01, 0x03, 0x00, 0xfc, 0xff, b'a', b'b', b'c'];
            assert_eq!(inflate(&ok, 3, 0).unwrap(), b"abc");
            assert_eq!(inflate(&ok, 2, 0).unwrap_err(), InflateError::TooBig);
            // Two blocks: a non-final stored block, then a final empty one.
            let two = [
                0x00, 0x01, 0x00, 0xfe, 0xff, b'x', 0x01, 0x00, 0x00, 0xff, 0xff,
            ];
            assert_eq!(inflate(&two, 10, 0).unwrap(), b"x");
            // NLEN is not the complement of LEN.
            let bad = [0x01, 0x03, 0x00, 0x00, 0x00, b'a', b'b', b'c'];
            assert_eq!(inflate(&bad, 10, 0).unwrap_err(), InflateError::Corrupt);
            // Fewer bytes than LEN, or no LEN at all.
            assert_eq!(
                inflate(&ok[..7], 10, 0).unwrap_err(),
                InflateError::Truncated
            );
            assert_eq!(
                inflate(&ok[..3], 10, 0).unwrap_err(),
                InflateError::Truncated
            );
        }

        #[test]
        fn malformed_streams() {
            assert_eq!(inflate(&[], 10, 0).unwrap_err(), InflateError::Truncated);
            // Block type 3 is reserved.
            assert_eq!(inflate(&[0x07], 10, 0).unwrap_err(), InflateError::Corrupt);
            // A match before any output: distance past the start.
            let mut w = BitWriter::default();
            w.bits(1, 1).bits(1, 2).fixed(257).code(0, 5).fixed(256);
            assert_eq!(
                inflate(&w.finish(), 10, 0).unwrap_err(),
                InflateError::Corrupt
            );
            // 'a', length 3; the padding of the last byte reads as distance code 0, then
            // the input ends before the end-of-block symbol.
            let cut = fixed_block(&[(u32::from(b'a'), None), (257, None)]);
            assert_eq!(cut.len(), 3);
            assert_eq!(inflate(&cut, 10, 0).unwrap_err(), InflateError::Truncated);
            // Literal/length symbols 286 and 287 and distance codes 30 and 31 exist in
            // the fixed code but are invalid.
            for sym in [286, 287] {
                let z = fixed_block(&[(u32::from(b'a'), None), (sym, None), (256, None)]);
                assert_eq!(
                    inflate(&z, 10, 0).unwrap_err(),
                    InflateError::Corrupt,
                    "{sym}"
                );
            }
            for code in [30, 31] {
                let mut w = BitWriter::default();
                w.bits(1, 1)
                    .bits(1, 2)
                    .fixed(u32::from(b'a'))
                    .fixed(257)
                    .code(code, 5);
                w.fixed(256);
                assert_eq!(
                    inflate(&w.finish(), 10, 0).unwrap_err(),
                    InflateError::Corrupt
                );
            }
            // A dynamic header with more than 286 literal/length codes (HLIT = 30).
            let mut w = BitWriter::default();
            w.bits(1, 1).bits(2, 2).bits(30, 5).bits(0, 5).bits(15, 4);
            w.bits(0, 32).bits(0, 32);
            assert_eq!(
                inflate(&w.finish(), 10, 0).unwrap_err(),
                InflateError::Corrupt
            );
            // A dynamic header whose code-length code is over-subscribed: three
            // 1-bit codes.
            let mut w = BitWriter::default();
            w.bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(0, 4);
            w.bits(1, 3).bits(1, 3).bits(1, 3).bits(0, 3);
            w.bits(0, 32);
            assert_eq!(
                inflate(&w.finish(), 10, 0).unwrap_err(),
                InflateError::Corrupt
            );
            // A complete fixed stream followed by one more byte.
            let mut z = fixed_block(&[(u32::from(b'a'), None), (256, None)]);
            assert_eq!(inflate(&z, 10, 0).unwrap(), b"a");
            z.push(0);
            assert_eq!(inflate(&z, 10, 0).unwrap_err(), InflateError::Trailing);
        }

        #[test]
        fn runs_of_fixed_blocks_and_switching_block_types() {
            // 100 000 empty non-final fixed blocks (10 bits each), then 'a' in a final
            // one: the fixed tables are built once.
            let mut w = BitWriter::default();
            for _ in 0..100_000 {
                w.bits(0, 1).bits(1, 2).fixed(256);
            }
            w.bits(1, 1).bits(1, 2).fixed(u32::from(b'a')).fixed(256);
            assert_eq!(inflate(&w.finish(), 10, 0).unwrap(), b"a");

            // fixed "xy" → (empty stored block to align) → a dynamic block from
            // miniz_oxide (sync flush: non-final, byte-aligned) → fixed "z": the tables
            // are rebuilt for the dynamic block and again for the last fixed one.
            use miniz_oxide::deflate::core::{
                CompressorOxide, TDEFLFlush, TDEFLStatus, compress_to_output,
                create_comp_flags_from_zip_params,
            };
            let text = b"the quick brown fox jumps over the lazy dog; ".repeat(200);
            let mut dynamic = Vec::new();
            let mut c = CompressorOxide::new(create_comp_flags_from_zip_params(6, -15, 0));
            let (status, _) = compress_to_output(&mut c, &text, TDEFLFlush::Sync, |b: &[u8]| {
                dynamic.extend_from_slice(b);
                true
            });
            assert_eq!(status, TDEFLStatus::Okay);
            // Its first block is dynamic (BTYPE = 10).
            assert_eq!((dynamic[0] >> 1) & 3, 2);
            let mut w = BitWriter::default();
            w.bits(0, 1)
                .bits(1, 2)
                .fixed(u32::from(b'x'))
                .fixed(u32::from(b'y'));
            w.fixed(256);
            w.bits(0, 1).bits(0, 2);
            let mut z = w.finish();
            z.extend_from_slice(&[0, 0, 0xff, 0xff]);
            z.extend_from_slice(&dynamic);
            let mut w = BitWriter::default();
            w.bits(1, 1).bits(1, 2).fixed(u32::from(b'z')).fixed(256);
            z.extend_from_slice(&w.finish());
            let mut want = b"xy".to_vec();
            want.extend_from_slice(&text);
            want.push(b'z');
            assert_eq!(inflate(&z, want.len(), 0).unwrap(), want);
            assert_eq!(reference(&z, want.len()).unwrap(), want);
        }

        #[test]
        fn the_buffer_never_grows_past_the_cap() {
            // 4 MiB of zeros in a few kB; the cap is 100 000 bytes, the initial room 1.
            let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 4 << 20], 6);
            for hint in [1, 4096, 65_536, 100_000, 1 << 20] {
                let mut out = Out {
                    buf: vec![0u8; hint.min(100_000)],
                    len: 0,
                    max: 100_000,
                };
                assert_eq!(
                    inflate_into(&bomb, &mut out).unwrap_err(),
                    InflateError::TooBig
                );
                assert!(out.buf.capacity() <= 100_000, "{}", out.buf.capacity());
                assert!(out.len <= 100_000);
            }
        }

        /// xorshift64, for reproducible pseudo-random cases.
        fn next(x: &mut u64) -> u64 {
            *x ^= *x << 13;
            *x ^= *x >> 7;
            *x ^= *x << 17;
            *x
        }

        /// miniz_oxide's one-shot raw inflate, as the reference: `Some(output)` when the
        /// whole input is one valid stream of at most `cap` bytes.
        fn reference(z: &[u8], cap: usize) -> Option<Vec<u8>> {
            use miniz_oxide::inflate::TINFLStatus;
            use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
            let mut out = vec![0u8; cap];
            let (status, read, written) = decompress(
                &mut DecompressorOxide::new(),
                z,
                &mut out,
                0,
                inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
            );
            (status == TINFLStatus::Done && read == z.len()).then(|| {
                out.truncate(written);
                out
            })
        }

        #[test]
        fn agrees_with_miniz_oxide_on_valid_and_damaged_streams() {
            let mut x = 0x1234_5678_9abc_def1u64;
            let mut damaged_ok = 0;
            for case in 0..1500 {
                // Data with an alphabet of 1..=256 symbols and back-references.
                let n = match next(&mut x) % 3 {
                    0 => next(&mut x) % 16,
                    1 => next(&mut x) % 600,
                    _ => next(&mut x) % 20_000,
                } as usize;
                let alphabet = 1 + next(&mut x) % 256;
                let mut data = Vec::with_capacity(n);
                while data.len() < n {
                    if next(&mut x).is_multiple_of(4) && data.len() > 4 {
                        let d = 1 + (next(&mut x) % data.len().min(40_000) as u64) as usize;
                        for _ in 0..1 + next(&mut x) % 300 {
                            data.push(data.get(data.len() - d).copied().unwrap());
                        }
                    } else {
                        data.push((next(&mut x) % alphabet) as u8);
                    }
                }
                data.truncate(n);
                let level = (next(&mut x) % 11) as u8;
                let z = miniz_oxide::deflate::compress_to_vec(&data, level);
                assert_eq!(inflate(&z, n, 0).unwrap(), data, "case {case}");
                if n > 0 {
                    assert_eq!(inflate(&z, n - 1, 0).unwrap_err(), InflateError::TooBig);
                }
                // Damage it: truncate, flip bits, overwrite a byte, or append one.
                let mut m = z.clone();
                let r = next(&mut x);
                let at = (next(&mut x) % (m.len() as u64 + 1)) as usize;
                match r % 4 {
                    0 => m.truncate(at),
                    1 => {
                        if let Some(b) = m.get_mut(at) {
                            *b ^= 1 << (r % 8);
                        }
                    }
                    2 => {
                        if let Some(b) = m.get_mut(at) {
                            *b = (r >> 8) as u8;
                        }
                    }
                    _ => m.push((r >> 8) as u8),
                }
                let cap = n * 2 + 1000;
                let ours = inflate(&m, cap, 0);
                match reference(&m, cap) {
                    Some(want) => {
                        assert_eq!(ours.unwrap(), want, "case {case}");
                        damaged_ok += 1;
                    }
                    None => assert!(ours.is_err(), "case {case}: {m:?}"),
                }
            }
            // Some damage leaves a valid stream (e.g. a flipped literal): both paths ran.
            assert!(damaged_ok > 50, "{damaged_ok}");
        }

        #[test]
        fn paired_literal_entries_decode_like_single_ones() {
            // Near-flat codes (base64 text) make most primary entries two literals once a
            // block has decoded PAIR_AFTER bytes; the cap is checked per byte at every
            // length around the end of the output.
            let text: Vec<u8> = (0u32..20_000)
                .map(|i| {
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                        [(i.wrapping_mul(2_654_435_761) >> 7) as usize % 64]
                })
                .collect();
            for level in [1u8, 6, 9] {
                let z = miniz_oxide::deflate::compress_to_vec(&text, level);
                for cap in text.len() - 8..=text.len() + 8 {
                    let got = inflate(&z, cap, 0);
                    if cap >= text.len() {
                        assert_eq!(got.unwrap(), text, "level {level} cap {cap}");
                    } else {
                        assert_eq!(got.unwrap_err(), InflateError::TooBig, "cap {cap}");
                    }
                }
            }
        }
    }
}

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
