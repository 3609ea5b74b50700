//! Primitives (`hazmat`): the building blocks of every scheme, for providers cardseal does
//! not model yet. Top-level functions in Kotlin (`dev.cardseal.aesEcbEncrypt(...)`) and
//! Swift (`aesEcbEncrypt(key:plaintext:padding:)`). Each one calls the core directly.

use cardseal::SecretBytes;
use cardseal::canonical::form::{self, FormRule, NumberStyle};
use cardseal::canonical::json;
use cardseal::hazmat::{aes, digest, encoding, jwe};

use crate::env::make_env;
use crate::error::Result;
use crate::keys::{RsaPrivateKey, RsaPublicKey};

/// Padding of the last block in AES-ECB and AES-CBC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AesPadding {
    /// PKCS#7 (Java's `PKCS5Padding`).
    Pkcs7,
    /// No padding: the input must be a whole number of 16-byte blocks.
    NoPadding,
}

impl From<AesPadding> for aes::Padding {
    fn from(p: AesPadding) -> Self {
        match p {
            AesPadding::Pkcs7 => aes::Padding::Pkcs7,
            AesPadding::NoPadding => aes::Padding::None,
        }
    }
}

/// A hash function (for digests and RSA signatures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum HashAlg {
    /// MD5 (16 bytes).
    Md5,
    /// SHA-1 (20 bytes).
    Sha1,
    /// SHA-256 (32 bytes).
    Sha256,
}

impl From<HashAlg> for digest::HashAlg {
    fn from(h: HashAlg) -> Self {
        match h {
            HashAlg::Md5 => digest::HashAlg::Md5,
            HashAlg::Sha1 => digest::HashAlg::Sha1,
            HashAlg::Sha256 => digest::HashAlg::Sha256,
        }
    }
}

/// Key bytes handed over by the caller, zeroized when the call returns.
fn secret(key: Vec<u8>) -> SecretBytes {
    SecretBytes::new(key)
}

// ---- AES ----

/// AES-ECB encryption; the key length (16/24/32) selects AES-128/192/256.
/// Errors: `InvalidKey` (key length), `InvalidInput` (unpadded input not block aligned).
#[uniffi::export]
pub fn aes_ecb_encrypt(key: Vec<u8>, plaintext: Vec<u8>, padding: AesPadding) -> Result<Vec<u8>> {
    Ok(aes::ecb_encrypt(
        secret(key).expose(),
        &plaintext,
        padding.into(),
    )?)
}

/// AES-ECB decryption. Errors: `InvalidKey`, `DecryptionFailed` (any padding/length failure).
#[uniffi::export]
pub fn aes_ecb_decrypt(key: Vec<u8>, ciphertext: Vec<u8>, padding: AesPadding) -> Result<Vec<u8>> {
    Ok(aes::ecb_decrypt(
        secret(key).expose(),
        &ciphertext,
        padding.into(),
    )?)
}

/// AES-CBC encryption with a 16-byte `iv`.
/// Errors: `InvalidKey`, `InvalidInput` (`iv` length, unpadded input not block aligned).
#[uniffi::export]
pub fn aes_cbc_encrypt(
    key: Vec<u8>,
    iv: Vec<u8>,
    plaintext: Vec<u8>,
    padding: AesPadding,
) -> Result<Vec<u8>> {
    Ok(aes::cbc_encrypt(
        secret(key).expose(),
        &iv,
        &plaintext,
        padding.into(),
    )?)
}

/// AES-CBC decryption. Errors: `InvalidKey`, `InvalidInput` (`iv`), `DecryptionFailed`.
#[uniffi::export]
pub fn aes_cbc_decrypt(
    key: Vec<u8>,
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
    padding: AesPadding,
) -> Result<Vec<u8>> {
    Ok(aes::cbc_decrypt(
        secret(key).expose(),
        &iv,
        &ciphertext,
        padding.into(),
    )?)
}

/// AES-GCM encryption (key 16 or 32 bytes, 12-byte nonce): ciphertext ‖ 16-byte tag.
#[uniffi::export]
pub fn aes_gcm_encrypt(
    key: Vec<u8>,
    nonce: Vec<u8>,
    aad: Vec<u8>,
    plaintext: Vec<u8>,
) -> Result<Vec<u8>> {
    Ok(aes::gcm_encrypt(
        secret(key).expose(),
        &nonce,
        &aad,
        &plaintext,
    )?)
}

/// AES-GCM decryption of ciphertext ‖ tag. Errors: `InvalidKey`, `DecryptionFailed`.
#[uniffi::export]
pub fn aes_gcm_decrypt(
    key: Vec<u8>,
    nonce: Vec<u8>,
    aad: Vec<u8>,
    ciphertext_and_tag: Vec<u8>,
) -> Result<Vec<u8>> {
    Ok(aes::gcm_decrypt(
        secret(key).expose(),
        &nonce,
        &aad,
        &ciphertext_and_tag,
    )?)
}

// ---- digests and HMAC ----

/// MD5 of `data` (16 bytes).
#[uniffi::export]
pub fn md5(data: Vec<u8>) -> Vec<u8> {
    digest::md5(&data).to_vec()
}

/// SHA-1 of `data` (20 bytes).
#[uniffi::export]
pub fn sha1(data: Vec<u8>) -> Vec<u8> {
    digest::sha1(&data).to_vec()
}

/// SHA-256 of `data` (32 bytes).
#[uniffi::export]
pub fn sha256(data: Vec<u8>) -> Vec<u8> {
    digest::sha256(&data).to_vec()
}

/// The digest of `data` under `alg`.
#[uniffi::export]
pub fn digest(alg: HashAlg, data: Vec<u8>) -> Vec<u8> {
    digest::digest(alg.into(), &data)
}

/// HMAC-SHA256 of `data` under `key` (32 bytes).
#[uniffi::export]
pub fn hmac_sha256(key: Vec<u8>, data: Vec<u8>) -> Vec<u8> {
    digest::hmac_sha256(secret(key).expose(), &data).to_vec()
}

/// Verifies an HMAC-SHA256 `tag` in constant time. Errors: `SignatureMismatch`.
#[uniffi::export]
pub fn hmac_sha256_verify(key: Vec<u8>, data: Vec<u8>, tag: Vec<u8>) -> Result<()> {
    Ok(digest::hmac_sha256_verify(
        secret(key).expose(),
        &data,
        &tag,
    )?)
}

// ---- encodings ----

/// Standard base64 with padding, one line.
#[uniffi::export]
pub fn b64_encode(data: Vec<u8>) -> String {
    encoding::b64_encode(&data)
}

/// Strict standard base64 (padding required, no whitespace). Errors: `InvalidInput`.
#[uniffi::export]
pub fn b64_decode(text: String) -> Result<Vec<u8>> {
    Ok(encoding::b64_decode(text.as_bytes())?)
}

/// Lenient base64: skips CR/LF line breaks, accepts missing padding. Errors: `InvalidInput`.
#[uniffi::export]
pub fn b64_decode_lenient(text: String) -> Result<Vec<u8>> {
    Ok(encoding::b64_decode_lenient(text.as_bytes())?)
}

/// Lowercase hex.
#[uniffi::export]
pub fn hex_encode(data: Vec<u8>) -> String {
    encoding::hex_encode(&data)
}

/// Hex of either case. Errors: `InvalidInput` (odd length, non-hex character).
#[uniffi::export]
pub fn hex_decode(text: String) -> Result<Vec<u8>> {
    Ok(encoding::hex_decode(text.as_bytes())?)
}

/// Hex when every character is a hex digit and the length is even, else base64 (the ASINX
/// reference client's rule). Errors: `InvalidInput`.
#[uniffi::export]
pub fn decode_hex_or_b64(text: String) -> Result<Vec<u8>> {
    Ok(encoding::decode_hex_or_b64(text.as_bytes())?)
}

// ---- canonicalizers ----

/// JSON text → compact JSON with object keys sorted recursively (Java `String` order),
/// numbers verbatim. Errors: `InvalidInput` (not strict RFC 8259 JSON, duplicate keys).
#[uniffi::export]
pub fn json_sorted_compact(text: String) -> Result<String> {
    Ok(json::sorted_compact(&text)?)
}

/// JSON text → compact JSON keeping member order, numbers verbatim. Errors: `InvalidInput`.
#[uniffi::export]
pub fn json_compact(text: String) -> Result<String> {
    Ok(json::compact(&text)?)
}

/// Form string for Paytend's signature: `name=value&…` from a JSON object (`""` = no
/// fields), empty/`null` values dropped, names in UTF-16 order, values raw; an object or
/// array value is `InvalidInput`.
#[uniffi::export]
pub fn form_flat_nonempty_sorted(fields_json: String) -> Result<String> {
    Ok(form::render_json(
        &FormRule::FLAT_NONEMPTY_SORTED,
        &fields_json,
    )?)
}

/// Form string for UPay's `SIGN_PARAM`: every top-level field, UTF-16 name order, strings
/// raw, numbers as written, objects/arrays as sorted compact JSON.
#[uniffi::export]
pub fn form_sorted_nested_sorted_json(params_json: String) -> Result<String> {
    Ok(form::render_json(
        &FormRule::SORTED_NESTED_SORTED_JSON,
        &params_json,
    )?)
}

/// Form string for HyperCard's signature: the fields of `headers_json` then of `body_json`
/// (both JSON objects; the body wins a name clash), `signature`/empty/`null`/hollow values
/// dropped, code point name order, every value as Python `str()` then `'`→`"`, `, `→`,`,
/// `: `→`:`. `python_numbers` writes numbers as Python's `str(float)` would (`5000.00` →
/// `5000.0`); `python_version` is whose `repr()` escapes non-ASCII characters (`"3.11"` to
/// `"3.14"`, default the newest).
#[uniffi::export(default(python_numbers = false, python_version = None))]
pub fn form_nonempty_sorted_nested_python_str(
    headers_json: String,
    body_json: String,
    python_numbers: bool,
    python_version: Option<String>,
) -> Result<String> {
    let python = match python_version {
        Some(v) => v.parse()?,
        None => form::PythonVersion::NEWEST,
    };
    let rule = FormRule {
        python,
        numbers: if python_numbers {
            NumberStyle::Python
        } else {
            NumberStyle::AsWritten
        },
        ..FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR
    };
    let headers = json::parse(&headers_json).map_err(|e| e.in_field("headers"))?;
    let body = json::parse(&body_json).map_err(|e| e.in_field("body"))?;
    let Some(header_fields) = headers.as_object() else {
        return Ok(form::render_object(&rule, &headers)?);
    };
    let Some(body_fields) = body.as_object() else {
        return Ok(form::render_object(&rule, &body)?);
    };
    let mut fields = header_fields.to_vec();
    fields.extend(body_fields.iter().cloned());
    Ok(form::render(&rule, &fields)?)
}

// ---- JWE (RFC 7516 compact serialization: RSA-OAEP-256 + A128GCM/A256GCM) ----

/// The `enc` of a JWE by its JOSE name (`A128GCM`, `A256GCM`).
fn content_encryption(enc: &str) -> Result<jwe::ContentEncryption> {
    jwe::ContentEncryption::from_name(enc).ok_or_else(|| {
        cardseal::Error::invalid_input("enc", format!("unknown enc {enc:?} (A128GCM, A256GCM)"))
            .into()
    })
}

fn decrypt_options(enc: &str, max_inflated_bytes: Option<i64>) -> Result<jwe::DecryptOptions> {
    Ok(jwe::DecryptOptions {
        enc: content_encryption(enc)?,
        max_inflated_bytes: match max_inflated_bytes {
            Some(n) => crate::error::byte_count(n, "max_inflated_bytes")?,
            None => jwe::DEFAULT_MAX_INFLATED_BYTES,
        },
    })
}

/// The output of [`jwe_seal_content`].
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct JweContent {
    /// The AES-GCM ciphertext.
    pub ciphertext: Vec<u8>,
    /// The 16-byte tag.
    pub tag: Vec<u8>,
}

/// A compact JWE made by [`jwe_encrypt`].
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct JweEncrypted {
    /// The five base64url parts joined by `.`.
    pub compact: String,
    /// The protected header as JSON text.
    pub header_json: String,
}

/// An opened JWE.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct JweDecrypted {
    /// The protected header as JSON text.
    pub header_json: String,
    /// The plaintext (inflated when `zip` is `DEF`).
    pub plaintext: Vec<u8>,
}

impl std::fmt::Debug for JweDecrypted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JweDecrypted")
            .field("header_json", &self.header_json)
            .field("plaintext_len", &self.plaintext.len())
            .finish()
    }
}

impl From<jwe::Decrypted> for JweDecrypted {
    fn from(d: jwe::Decrypted) -> Self {
        JweDecrypted {
            header_json: d.header_json,
            plaintext: d.plaintext,
        }
    }
}

/// JWE content encryption alone: AES-GCM of `plaintext` under `cek` and `iv` with the
/// ASCII of `header_b64u` as AAD. Errors: `InvalidKey` (CEK length), `InvalidInput`.
#[uniffi::export]
pub fn jwe_seal_content(
    enc: String,
    header_b64u: String,
    cek: Vec<u8>,
    iv: Vec<u8>,
    plaintext: Vec<u8>,
) -> Result<JweContent> {
    let cek = secret(cek);
    let (ciphertext, tag) = jwe::seal_content(
        content_encryption(&enc)?,
        &header_b64u,
        cek.expose(),
        &iv,
        &plaintext,
    )?;
    Ok(JweContent { ciphertext, tag })
}

/// Encrypts `plaintext` to `recipient` (RSA-OAEP-256 key wrap, `enc` content encryption,
/// raw DEFLATE when `zip`); header members in the order `alg, enc, zip, typ, kid`.
/// `seed`/`now_ms` make it reproducible (tests only).
#[uniffi::export(default(enc = "A128GCM", zip = false, typ = None, kid = None, seed = None, now_ms = None))]
#[allow(clippy::too_many_arguments)]
pub fn jwe_encrypt(
    plaintext: Vec<u8>,
    recipient: &RsaPublicKey,
    enc: String,
    zip: bool,
    typ: Option<String>,
    kid: Option<String>,
    seed: Option<Vec<u8>>,
    now_ms: Option<i64>,
) -> Result<JweEncrypted> {
    let opts = jwe::EncryptOptions {
        enc: content_encryption(&enc)?,
        zip,
        typ,
        kid,
    };
    let e = jwe::encrypt(&plaintext, &recipient.inner, &opts, &make_env(seed, now_ms))?;
    Ok(JweEncrypted {
        compact: e.compact,
        header_json: e.header_json,
    })
}

/// Opens a compact JWE with the recipient's private key. `enc` is the only content
/// encryption accepted; `max_inflated_bytes` caps a `zip` payload (default 64 MiB).
/// Errors: `InvalidInput` (format, header, `alg`/`enc`/`zip`, cap), `DecryptionFailed`.
#[uniffi::export(default(enc = "A128GCM", max_inflated_bytes = None))]
pub fn jwe_decrypt(
    compact: String,
    key: &RsaPrivateKey,
    enc: String,
    max_inflated_bytes: Option<i64>,
) -> Result<JweDecrypted> {
    let opts = decrypt_options(&enc, max_inflated_bytes)?;
    Ok(jwe::decrypt(&compact, &key.inner, &opts)?.into())
}

/// Opens a compact JWE with a known content-encryption key (`alg` is not checked).
#[uniffi::export(default(enc = "A128GCM", max_inflated_bytes = None))]
pub fn jwe_decrypt_with_cek(
    compact: String,
    cek: Vec<u8>,
    enc: String,
    max_inflated_bytes: Option<i64>,
) -> Result<JweDecrypted> {
    let cek = secret(cek);
    let opts = decrypt_options(&enc, max_inflated_bytes)?;
    Ok(jwe::decrypt_with_cek(&compact, cek.expose(), &opts)?.into())
}

/// base64url without padding (RFC 7515 §2).
#[uniffi::export]
pub fn base64url_encode(data: Vec<u8>) -> String {
    jwe::base64url_encode(&data)
}

/// Strict base64url without padding. Errors: `InvalidInput`.
#[uniffi::export]
pub fn base64url_decode(text: String) -> Result<Vec<u8>> {
    Ok(jwe::base64url_decode(text.as_bytes())?)
}
