//! Primitives (`hazmat`): the building blocks of every scheme, for providers cardseal does
//! not model yet. Top-level functions in Kotlin (`dev.cardseal.aesEcbEncrypt(...)`) and
//! Swift (`aesEcbEncrypt(key:plaintext:padding:)`). Each one calls the core directly.

use cardseal::SecretBytes;
use cardseal::canonical::json;
use cardseal::hazmat::{aes, digest, encoding};

use crate::error::Result;

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
