//! AES in the modes the providers use: ECB and CBC (PKCS#7 or no padding) and GCM.
//!
//! The key length selects the variant: 16 bytes → AES-128, 24 → AES-192, 32 → AES-256
//! (GCM: 16 or 32 only). Any other length is [`Error::InvalidKey`].
//!
//! Every decryption failure (bad padding, a length that is not a whole number of
//! blocks, empty input, a bad GCM tag) is the same [`Error::DecryptionFailed`], so a
//! caller cannot be turned into a padding oracle by its error messages.
//!
//! Multi-megabyte payloads are normal: each function allocates its output once and
//! encrypts or decrypts straight into it.

use aes::cipher::block_padding::{NoPadding, Pkcs7};
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyInit, KeyIvInit};
use aes::{Aes128, Aes192, Aes256};
use aes_gcm::aead::AeadInOut;
use aes_gcm::aead::inout::InOutBuf;
use aes_gcm::{Aes128Gcm, Aes256Gcm, Nonce, Tag};
use zeroize::Zeroize;

use crate::error::{Error, KeyProblem, Result};

/// AES block size in bytes.
const BLOCK: usize = 16;
/// GCM nonce length accepted here (the 96-bit nonce of NIST SP 800-38D §5.2.1.1).
const GCM_NONCE_LEN: usize = 12;
/// GCM tag length produced and required here.
const GCM_TAG_LEN: usize = 16;

/// Padding of the last block in ECB and CBC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Padding {
    /// PKCS#7 (what Java calls `PKCS5Padding`): 1 to 16 bytes each holding the pad
    /// length; a whole block of padding when the plaintext is already block aligned.
    Pkcs7,
    /// No padding: the plaintext must be a whole number of 16-byte blocks.
    None,
}

/// The AES variant a key length selects.
#[derive(Clone, Copy)]
enum KeySize {
    K128,
    K192,
    K256,
}

fn key_size(key: &[u8]) -> Result<KeySize> {
    match key.len() {
        16 => Ok(KeySize::K128),
        24 => Ok(KeySize::K192),
        32 => Ok(KeySize::K256),
        n => Err(Error::key(
            KeyProblem::Size,
            format!("AES key must be 16, 24 or 32 bytes, got {n}"),
        )),
    }
}

fn key_rejected() -> Error {
    Error::key(KeyProblem::Rejected, "AES key rejected")
}

fn check_iv(iv: &[u8]) -> Result<()> {
    if iv.len() == BLOCK {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "iv",
            format!("AES-CBC IV must be 16 bytes, got {}", iv.len()),
        ))
    }
}

/// Pads (if asked) and encrypts `plaintext` with `mode` into one new vector.
fn encrypt_mode<M: BlockModeEncrypt>(
    mode: M,
    plaintext: &[u8],
    padding: Padding,
) -> Result<Vec<u8>> {
    let out_len = match padding {
        Padding::Pkcs7 => (plaintext.len() / BLOCK + 1) * BLOCK,
        Padding::None => {
            if !plaintext.len().is_multiple_of(BLOCK) {
                return Err(Error::invalid_input(
                    "plaintext",
                    format!(
                        "without padding the plaintext must be a multiple of 16 bytes, got {}",
                        plaintext.len()
                    ),
                ));
            }
            plaintext.len()
        }
    };
    let mut out = vec![0u8; out_len];
    let written = match padding {
        Padding::Pkcs7 => mode.encrypt_padded_b2b::<Pkcs7>(plaintext, &mut out),
        Padding::None => mode.encrypt_padded_b2b::<NoPadding>(plaintext, &mut out),
    }
    .map_err(|_| Error::invalid_input("plaintext", "could not be padded"))?
    .len();
    out.truncate(written);
    Ok(out)
}

/// Decrypts `ciphertext` with `mode` into one new vector and removes the padding.
fn decrypt_mode<M: BlockModeDecrypt>(
    mode: M,
    ciphertext: &[u8],
    padding: Padding,
) -> Result<Vec<u8>> {
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(BLOCK) {
        return Err(Error::DecryptionFailed);
    }
    let mut out = vec![0u8; ciphertext.len()];
    let result = match padding {
        Padding::Pkcs7 => mode.decrypt_padded_b2b::<Pkcs7>(ciphertext, &mut out),
        Padding::None => mode.decrypt_padded_b2b::<NoPadding>(ciphertext, &mut out),
    }
    .map(<[u8]>::len);
    match result {
        Ok(len) => {
            // Wipe the padding bytes before giving the buffer away.
            if let Some(tail) = out.get_mut(len..) {
                tail.zeroize();
            }
            out.truncate(len);
            Ok(out)
        }
        Err(_) => {
            out.zeroize();
            Err(Error::DecryptionFailed)
        }
    }
}

/// AES-ECB encryption. `key` is 16, 24 or 32 bytes.
///
/// With [`Padding::None`] the plaintext must be a whole number of blocks, else
/// [`Error::InvalidInput`] (`field: "plaintext"`).
pub fn ecb_encrypt(key: &[u8], plaintext: &[u8], padding: Padding) -> Result<Vec<u8>> {
    match key_size(key)? {
        KeySize::K128 => encrypt_mode(
            ecb::Encryptor::<Aes128>::new_from_slice(key).map_err(|_| key_rejected())?,
            plaintext,
            padding,
        ),
        KeySize::K192 => encrypt_mode(
            ecb::Encryptor::<Aes192>::new_from_slice(key).map_err(|_| key_rejected())?,
            plaintext,
            padding,
        ),
        KeySize::K256 => encrypt_mode(
            ecb::Encryptor::<Aes256>::new_from_slice(key).map_err(|_| key_rejected())?,
            plaintext,
            padding,
        ),
    }
}

/// Plaintext bytes per step of [`ecb_encrypt_b64`]/[`ecb_encrypt_hex`]: whole AES blocks
/// whose ciphertext is a whole number of 3-byte base64 groups.
const ENCODED_CHUNK: usize = 16 * 3 * 1024;

/// AES-ECB with PKCS#7 padding, encoded as it goes by `encode`: the text
/// `encode(ecb_encrypt(key, plaintext, Pkcs7))` without ever holding the whole
/// ciphertext (a multi-MB payload costs one output string, not two buffers).
fn ecb_encrypt_encoded(
    key: &[u8],
    plaintext: &[u8],
    capacity: usize,
    encode: fn(&[u8]) -> String,
) -> Result<String> {
    let mut out = String::with_capacity(capacity);
    let mut chunks = plaintext.chunks(ENCODED_CHUNK).peekable();
    if chunks.peek().is_none() {
        out.push_str(&encode(&ecb_encrypt(key, &[], Padding::Pkcs7)?));
    }
    while let Some(chunk) = chunks.next() {
        let padding = if chunks.peek().is_none() {
            Padding::Pkcs7
        } else {
            Padding::None
        };
        out.push_str(&encode(&ecb_encrypt(key, chunk, padding)?));
    }
    Ok(out)
}

/// Standard base64 of AES-ECB/PKCS#7 of `plaintext`: the same text as
/// `b64_encode(&ecb_encrypt(key, plaintext, Padding::Pkcs7)?)`, computed in chunks.
pub(crate) fn ecb_encrypt_b64(key: &[u8], plaintext: &[u8]) -> Result<String> {
    let padded = (plaintext.len() / BLOCK + 1) * BLOCK;
    ecb_encrypt_encoded(
        key,
        plaintext,
        padded.div_ceil(3) * 4,
        crate::hazmat::encoding::b64_encode,
    )
}

/// Lowercase hex of AES-ECB/PKCS#7 of `plaintext`, computed in chunks (as
/// [`ecb_encrypt_b64`]).
pub(crate) fn ecb_encrypt_hex(key: &[u8], plaintext: &[u8]) -> Result<String> {
    let padded = (plaintext.len() / BLOCK + 1) * BLOCK;
    ecb_encrypt_encoded(
        key,
        plaintext,
        padded * 2,
        crate::hazmat::encoding::hex_encode,
    )
}

/// AES-ECB decryption. `key` is 16, 24 or 32 bytes.
///
/// Empty input, a length that is not a multiple of 16 and bad padding are all
/// [`Error::DecryptionFailed`].
pub fn ecb_decrypt(key: &[u8], ciphertext: &[u8], padding: Padding) -> Result<Vec<u8>> {
    match key_size(key)? {
        KeySize::K128 => decrypt_mode(
            ecb::Decryptor::<Aes128>::new_from_slice(key).map_err(|_| key_rejected())?,
            ciphertext,
            padding,
        ),
        KeySize::K192 => decrypt_mode(
            ecb::Decryptor::<Aes192>::new_from_slice(key).map_err(|_| key_rejected())?,
            ciphertext,
            padding,
        ),
        KeySize::K256 => decrypt_mode(
            ecb::Decryptor::<Aes256>::new_from_slice(key).map_err(|_| key_rejected())?,
            ciphertext,
            padding,
        ),
    }
}

/// AES-ECB decryption of whole blocks in place, no padding removed (for callers that
/// check padding themselves in constant time). Empty input or a length that is not a
/// multiple of 16 is [`Error::DecryptionFailed`].
pub(crate) fn ecb_decrypt_blocks_in_place(key: &[u8], buf: &mut [u8]) -> Result<()> {
    if buf.is_empty() || !buf.len().is_multiple_of(BLOCK) {
        return Err(Error::DecryptionFailed);
    }
    let result = match key_size(key)? {
        KeySize::K128 => ecb::Decryptor::<Aes128>::new_from_slice(key)
            .map_err(|_| key_rejected())?
            .decrypt_padded::<NoPadding>(buf)
            .map(|_| ()),
        KeySize::K192 => ecb::Decryptor::<Aes192>::new_from_slice(key)
            .map_err(|_| key_rejected())?
            .decrypt_padded::<NoPadding>(buf)
            .map(|_| ()),
        KeySize::K256 => ecb::Decryptor::<Aes256>::new_from_slice(key)
            .map_err(|_| key_rejected())?
            .decrypt_padded::<NoPadding>(buf)
            .map(|_| ()),
    };
    result.map_err(|_| Error::DecryptionFailed)
}

/// AES-CBC encryption. `key` is 16, 24 or 32 bytes; `iv` is 16 bytes, else
/// [`Error::InvalidInput`] (`field: "iv"`). The output does not include the IV.
pub fn cbc_encrypt(key: &[u8], iv: &[u8], plaintext: &[u8], padding: Padding) -> Result<Vec<u8>> {
    let size = key_size(key)?;
    check_iv(iv)?;
    match size {
        KeySize::K128 => encrypt_mode(
            cbc::Encryptor::<Aes128>::new_from_slices(key, iv).map_err(|_| key_rejected())?,
            plaintext,
            padding,
        ),
        KeySize::K192 => encrypt_mode(
            cbc::Encryptor::<Aes192>::new_from_slices(key, iv).map_err(|_| key_rejected())?,
            plaintext,
            padding,
        ),
        KeySize::K256 => encrypt_mode(
            cbc::Encryptor::<Aes256>::new_from_slices(key, iv).map_err(|_| key_rejected())?,
            plaintext,
            padding,
        ),
    }
}

/// AES-CBC decryption. `key` is 16, 24 or 32 bytes; `iv` is 16 bytes, else
/// [`Error::InvalidInput`] (`field: "iv"`).
///
/// Empty input, a length that is not a multiple of 16 and bad padding are all
/// [`Error::DecryptionFailed`].
pub fn cbc_decrypt(key: &[u8], iv: &[u8], ciphertext: &[u8], padding: Padding) -> Result<Vec<u8>> {
    let size = key_size(key)?;
    check_iv(iv)?;
    match size {
        KeySize::K128 => decrypt_mode(
            cbc::Decryptor::<Aes128>::new_from_slices(key, iv).map_err(|_| key_rejected())?,
            ciphertext,
            padding,
        ),
        KeySize::K192 => decrypt_mode(
            cbc::Decryptor::<Aes192>::new_from_slices(key, iv).map_err(|_| key_rejected())?,
            ciphertext,
            padding,
        ),
        KeySize::K256 => decrypt_mode(
            cbc::Decryptor::<Aes256>::new_from_slices(key, iv).map_err(|_| key_rejected())?,
            ciphertext,
            padding,
        ),
    }
}

/// The GCM key schedule for a 16- or 32-byte key.
enum Gcm {
    K128(Box<Aes128Gcm>),
    K256(Box<Aes256Gcm>),
}

impl Gcm {
    fn new(key: &[u8]) -> Result<Self> {
        match key.len() {
            16 => Ok(Gcm::K128(Box::new(
                Aes128Gcm::new_from_slice(key).map_err(|_| key_rejected())?,
            ))),
            32 => Ok(Gcm::K256(Box::new(
                Aes256Gcm::new_from_slice(key).map_err(|_| key_rejected())?,
            ))),
            n => Err(Error::key(
                KeyProblem::Size,
                format!("AES-GCM key must be 16 or 32 bytes, got {n}"),
            )),
        }
    }
}

fn gcm_nonce(nonce: &[u8]) -> Result<&Nonce<aes_gcm::aead::consts::U12>> {
    <&Nonce<aes_gcm::aead::consts::U12>>::try_from(nonce).map_err(|_| {
        Error::invalid_input(
            "nonce",
            format!(
                "AES-GCM nonce must be {GCM_NONCE_LEN} bytes, got {}",
                nonce.len()
            ),
        )
    })
}

/// AES-GCM encryption (NIST SP 800-38D) with a 12-byte nonce. `key` is 16 or 32 bytes.
///
/// Returns `ciphertext ‖ tag` (16-byte tag), the layout of Java's `AES/GCM/NoPadding`.
/// A nonce of another length is [`Error::InvalidInput`] (`field: "nonce"`). Never
/// reuse a nonce with the same key.
pub fn gcm_encrypt(key: &[u8], nonce: &[u8], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    let gcm = Gcm::new(key)?;
    let nonce = gcm_nonce(nonce)?;
    let mut out = Vec::with_capacity(plaintext.len().saturating_add(GCM_TAG_LEN));
    out.extend_from_slice(plaintext);
    let tag = match &gcm {
        Gcm::K128(c) => c.encrypt_inout_detached(nonce, aad, InOutBuf::from(out.as_mut_slice())),
        Gcm::K256(c) => c.encrypt_inout_detached(nonce, aad, InOutBuf::from(out.as_mut_slice())),
    };
    match tag {
        Ok(tag) => {
            out.extend_from_slice(tag.as_slice());
            Ok(out)
        }
        Err(_) => {
            out.zeroize();
            Err(Error::invalid_input(
                "plaintext",
                "too long for AES-GCM (or associated data too long)",
            ))
        }
    }
}

/// AES-GCM decryption of `ciphertext ‖ tag` (16-byte tag) with a 12-byte nonce.
///
/// Input shorter than a tag and a tag that does not verify are both
/// [`Error::DecryptionFailed`]; nothing is returned unless the tag verifies.
pub fn gcm_decrypt(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    ciphertext_and_tag: &[u8],
) -> Result<Vec<u8>> {
    let gcm = Gcm::new(key)?;
    let nonce = gcm_nonce(nonce)?;
    let split = ciphertext_and_tag
        .len()
        .checked_sub(GCM_TAG_LEN)
        .ok_or(Error::DecryptionFailed)?;
    let (ciphertext, tag) = ciphertext_and_tag
        .split_at_checked(split)
        .ok_or(Error::DecryptionFailed)?;
    let tag = <&Tag>::try_from(tag).map_err(|_| Error::DecryptionFailed)?;
    let mut out = vec![0u8; ciphertext.len()];
    let buf = InOutBuf::new(ciphertext, &mut out).map_err(|_| Error::DecryptionFailed)?;
    let result = match &gcm {
        Gcm::K128(c) => c.decrypt_inout_detached(nonce, aad, buf, tag),
        Gcm::K256(c) => c.decrypt_inout_detached(nonce, aad, buf, tag),
    };
    match result {
        Ok(()) => Ok(out),
        Err(_) => {
            out.zeroize();
            Err(Error::DecryptionFailed)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::error::ErrorKind;

    fn h(s: &str) -> Vec<u8> {
        assert!(s.len().is_multiple_of(2));
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    const K128: &str = "2b7e151628aed2a6abf7158809cf4f3c";
    const IV: &str = "000102030405060708090a0b0c0d0e0f";

    #[test]
    fn ecb_nist_f11_first_block() {
        // NIST SP 800-38A F.1.1, block #1.
        let ct = ecb_encrypt(
            &h(K128),
            &h("6bc1bee22e409f96e93d7e117393172a"),
            Padding::None,
        )
        .unwrap();
        assert_eq!(ct, h("3ad77bb40d7a3660a89ecaf32466ef97"));
        let pt = ecb_decrypt(&h(K128), &ct, Padding::None).unwrap();
        assert_eq!(pt, h("6bc1bee22e409f96e93d7e117393172a"));
    }

    #[test]
    fn cbc_nist_f21_first_block() {
        // NIST SP 800-38A F.2.1, block #1.
        let ct = cbc_encrypt(
            &h(K128),
            &h(IV),
            &h("6bc1bee22e409f96e93d7e117393172a"),
            Padding::None,
        )
        .unwrap();
        assert_eq!(ct, h("7649abac8119b246cee98e9b12e9197d"));
    }

    #[test]
    fn pkcs7_pads_a_whole_block_when_aligned_and_round_trips() {
        let key = h(K128);
        for len in [0usize, 1, 15, 16, 17, 31, 32, 100] {
            let pt: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let ct = ecb_encrypt(&key, &pt, Padding::Pkcs7).unwrap();
            assert_eq!(ct.len(), (len / 16 + 1) * 16, "len {len}");
            // The last block decrypts (without unpadding) to the PKCS#7 padding.
            let raw = ecb_decrypt(&key, &ct, Padding::None).unwrap();
            let pad = 16 - len % 16;
            assert!(raw[len..].iter().all(|&b| usize::from(b) == pad));
            assert_eq!(ecb_decrypt(&key, &ct, Padding::Pkcs7).unwrap(), pt);
            let ct = cbc_encrypt(&key, &h(IV), &pt, Padding::Pkcs7).unwrap();
            assert_eq!(ct.len(), (len / 16 + 1) * 16);
            assert_eq!(cbc_decrypt(&key, &h(IV), &ct, Padding::Pkcs7).unwrap(), pt);
        }
    }

    #[test]
    fn wrong_key_length_is_invalid_key() {
        for n in [0usize, 1, 15, 17, 23, 25, 31, 33, 64] {
            let key = vec![7u8; n];
            let iv = [0u8; 16];
            let block = [0u8; 16];
            for r in [
                ecb_encrypt(&key, b"x", Padding::Pkcs7),
                ecb_decrypt(&key, &block, Padding::Pkcs7),
                cbc_encrypt(&key, &iv, b"x", Padding::Pkcs7),
                cbc_decrypt(&key, &iv, &block, Padding::Pkcs7),
                gcm_encrypt(&key, &[0u8; 12], b"", b"x"),
                gcm_decrypt(&key, &[0u8; 12], b"", &[0u8; 32]),
            ] {
                assert_eq!(r.unwrap_err().kind(), ErrorKind::InvalidKey, "len {n}");
            }
        }
        // GCM takes 16 or 32 only.
        let e = gcm_encrypt(&[0u8; 24], &[0u8; 12], b"", b"x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidKey);
        let e = ecb_encrypt(&[0u8; 20], b"", Padding::Pkcs7).unwrap_err();
        assert_eq!(
            e,
            Error::key(
                KeyProblem::Size,
                "AES key must be 16, 24 or 32 bytes, got 20"
            )
        );
    }

    #[test]
    fn bad_iv_and_nonce_lengths_are_invalid_input() {
        let key = h(K128);
        for iv_len in [0usize, 8, 15, 17, 32] {
            let iv = vec![0u8; iv_len];
            let e = cbc_encrypt(&key, &iv, b"x", Padding::Pkcs7).unwrap_err();
            assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "iv"));
            let e = cbc_decrypt(&key, &iv, &[0u8; 16], Padding::Pkcs7).unwrap_err();
            assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "iv"));
        }
        for n_len in [0usize, 8, 11, 13, 16] {
            let n = vec![0u8; n_len];
            let e = gcm_encrypt(&key, &n, b"", b"x").unwrap_err();
            assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "nonce"));
            let e = gcm_decrypt(&key, &n, b"", &[0u8; 32]).unwrap_err();
            assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "nonce"));
        }
    }

    #[test]
    fn unaligned_plaintext_without_padding_is_invalid_input() {
        let key = h(K128);
        let e = ecb_encrypt(&key, &[0u8; 17], Padding::None).unwrap_err();
        assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "plaintext"));
        let e = cbc_encrypt(&key, &h(IV), &[0u8; 15], Padding::None).unwrap_err();
        assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "plaintext"));
        // Empty is a whole number (zero) of blocks.
        assert_eq!(ecb_encrypt(&key, b"", Padding::None).unwrap(), b"");
    }

    #[test]
    fn truncated_empty_or_unaligned_ciphertext_is_decryption_failed() {
        let key = h(K128);
        let ct = ecb_encrypt(&key, b"sixteen byte msg and more", Padding::Pkcs7).unwrap();
        assert_eq!(ct.len(), 32);
        for bad in [&ct[..0], &ct[..1], &ct[..15], &ct[..17], &ct[..31]] {
            for padding in [Padding::Pkcs7, Padding::None] {
                assert_eq!(
                    ecb_decrypt(&key, bad, padding).unwrap_err(),
                    Error::DecryptionFailed
                );
                assert_eq!(
                    cbc_decrypt(&key, &h(IV), bad, padding).unwrap_err(),
                    Error::DecryptionFailed
                );
            }
        }
    }

    #[test]
    fn bad_padding_is_decryption_failed() {
        let key = h(K128);
        // Blocks whose plaintext ends in an invalid PKCS#7 pad: 0x00, 0x11 (> 16),
        // inconsistent pad bytes (…01 02), and a full block of 0x10 except one byte.
        let mut last_blocks: Vec<[u8; 16]> = Vec::new();
        let mut b = [0x41u8; 16];
        b[15] = 0;
        last_blocks.push(b);
        b[15] = 0x11;
        last_blocks.push(b);
        b[14] = 1;
        b[15] = 2;
        last_blocks.push(b);
        let mut b = [0x10u8; 16];
        b[0] = 0x0f;
        last_blocks.push(b);
        for block in last_blocks {
            let ct = ecb_encrypt(&key, &block, Padding::None).unwrap();
            assert_eq!(
                ecb_decrypt(&key, &ct, Padding::Pkcs7).unwrap_err(),
                Error::DecryptionFailed
            );
            let ct = cbc_encrypt(&key, &h(IV), &block, Padding::None).unwrap();
            assert_eq!(
                cbc_decrypt(&key, &h(IV), &ct, Padding::Pkcs7).unwrap_err(),
                Error::DecryptionFailed
            );
            // Without unpadding the same ciphertext decrypts fine.
            assert_eq!(
                cbc_decrypt(&key, &h(IV), &ct, Padding::None).unwrap(),
                block
            );
        }
        // A wrong key almost always gives bad padding; this one does.
        let ct = ecb_encrypt(&key, b"hello", Padding::Pkcs7).unwrap();
        let other = h("000102030405060708090a0b0c0d0e0f");
        assert_eq!(
            ecb_decrypt(&other, &ct, Padding::Pkcs7).unwrap_err(),
            Error::DecryptionFailed
        );
    }

    #[test]
    fn gcm_mcgrew_viega_test_case_3() {
        // "The Galois/Counter Mode of Operation (GCM)", McGrew & Viega, Test Case 3.
        let key = h("feffe9928665731c6d6a8f9467308308");
        let iv = h("cafebabefacedbaddecaf888");
        let pt = h(concat!(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72",
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"
        ));
        let ct = h(concat!(
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e",
            "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
            "4d5c2af327cd64a62cf35abd2ba6fab4"
        ));
        assert_eq!(gcm_encrypt(&key, &iv, b"", &pt).unwrap(), ct);
        assert_eq!(gcm_decrypt(&key, &iv, b"", &ct).unwrap(), pt);
    }

    #[test]
    fn gcm_bad_tag_truncated_or_wrong_aad_is_decryption_failed() {
        let key = h(K128);
        let nonce = [9u8; 12];
        let ct = gcm_encrypt(&key, &nonce, b"aad", b"payload").unwrap();
        assert_eq!(ct.len(), 7 + 16);
        assert_eq!(gcm_decrypt(&key, &nonce, b"aad", &ct).unwrap(), b"payload");
        for i in 0..ct.len() {
            let mut bad = ct.clone();
            bad[i] ^= 0x01;
            assert_eq!(
                gcm_decrypt(&key, &nonce, b"aad", &bad).unwrap_err(),
                Error::DecryptionFailed,
                "flip at {i}"
            );
        }
        assert_eq!(
            gcm_decrypt(&key, &nonce, b"aaD", &ct).unwrap_err(),
            Error::DecryptionFailed
        );
        for len in [0usize, 1, 15, 16, 22] {
            assert_eq!(
                gcm_decrypt(&key, &nonce, b"aad", &ct[..len]).unwrap_err(),
                Error::DecryptionFailed,
                "len {len}"
            );
        }
        // Empty plaintext: output is the tag alone, and it decrypts to empty.
        let tag_only = gcm_encrypt(&key, &nonce, b"", b"").unwrap();
        assert_eq!(tag_only.len(), 16);
        assert_eq!(gcm_decrypt(&key, &nonce, b"", &tag_only).unwrap(), b"");
    }

    #[test]
    fn multi_megabyte_round_trip() {
        let key = h("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        let pt: Vec<u8> = (0..(3 << 20) + 5).map(|i: u32| (i * 31) as u8).collect();
        let ct = cbc_encrypt(&key, &h(IV), &pt, Padding::Pkcs7).unwrap();
        assert_eq!(ct.len(), pt.len() / 16 * 16 + 16);
        assert_eq!(cbc_decrypt(&key, &h(IV), &ct, Padding::Pkcs7).unwrap(), pt);
        let ct = gcm_encrypt(&key, &[1u8; 12], b"", &pt).unwrap();
        assert_eq!(gcm_decrypt(&key, &[1u8; 12], b"", &ct).unwrap(), pt);
    }

    #[cfg(feature = "openssl")]
    mod against_openssl {
        use super::*;
        use openssl::symm::{self, Cipher};
        use proptest::prelude::*;

        fn ecb_cipher(key_len: usize) -> Cipher {
            match key_len {
                16 => Cipher::aes_128_ecb(),
                24 => Cipher::aes_192_ecb(),
                _ => Cipher::aes_256_ecb(),
            }
        }

        fn cbc_cipher(key_len: usize) -> Cipher {
            match key_len {
                16 => Cipher::aes_128_cbc(),
                24 => Cipher::aes_192_cbc(),
                _ => Cipher::aes_256_cbc(),
            }
        }

        fn key_strategy() -> impl Strategy<Value = Vec<u8>> {
            prop_oneof![Just(16usize), Just(24), Just(32)]
                .prop_flat_map(|n| proptest::collection::vec(any::<u8>(), n))
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]

            #[test]
            fn ecb_and_cbc_match_openssl(
                key in key_strategy(),
                iv in proptest::array::uniform16(any::<u8>()),
                pt in proptest::collection::vec(any::<u8>(), 0..300),
            ) {
                let ours = ecb_encrypt(&key, &pt, Padding::Pkcs7).unwrap();
                let theirs = symm::encrypt(ecb_cipher(key.len()), &key, None, &pt).unwrap();
                prop_assert_eq!(&ours, &theirs);
                prop_assert_eq!(ecb_decrypt(&key, &theirs, Padding::Pkcs7).unwrap(), pt.clone());

                let ours = cbc_encrypt(&key, &iv, &pt, Padding::Pkcs7).unwrap();
                let theirs = symm::encrypt(cbc_cipher(key.len()), &key, Some(&iv), &pt).unwrap();
                prop_assert_eq!(&ours, &theirs);
                prop_assert_eq!(cbc_decrypt(&key, &iv, &theirs, Padding::Pkcs7).unwrap(), pt);
            }

            #[test]
            fn decrypting_random_blocks_agrees_with_openssl_on_padding(
                key in key_strategy(),
                iv in proptest::array::uniform16(any::<u8>()),
                blocks in 1usize..4,
                seed in proptest::collection::vec(any::<u8>(), 64),
                last in 1u8..=16,
            ) {
                // Random ciphertext whose plaintext ends in `last` (so the pad is
                // sometimes valid, mostly not): both must accept and reject alike.
                let mut pt = seed[..blocks * 16].to_vec();
                let n = pt.len();
                pt[n - 1] = last;
                let ct = cbc_encrypt(&key, &iv, &pt, Padding::None).unwrap();
                let ours = cbc_decrypt(&key, &iv, &ct, Padding::Pkcs7);
                let theirs = symm::decrypt(cbc_cipher(key.len()), &key, Some(&iv), &ct);
                match (ours, theirs) {
                    (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                    (Err(e), Err(_)) => prop_assert_eq!(e, Error::DecryptionFailed),
                    (a, b) => prop_assert!(false, "cardseal {:?} vs openssl ok={}", a, b.is_ok()),
                }
            }

            #[test]
            fn gcm_matches_openssl(
                key in prop_oneof![
                    proptest::collection::vec(any::<u8>(), 16),
                    proptest::collection::vec(any::<u8>(), 32),
                ],
                nonce in proptest::array::uniform12(any::<u8>()),
                aad in proptest::collection::vec(any::<u8>(), 0..40),
                pt in proptest::collection::vec(any::<u8>(), 0..200),
            ) {
                let cipher = if key.len() == 16 {
                    Cipher::aes_128_gcm()
                } else {
                    Cipher::aes_256_gcm()
                };
                let mut tag = [0u8; 16];
                let mut theirs =
                    symm::encrypt_aead(cipher, &key, Some(&nonce), &aad, &pt, &mut tag).unwrap();
                theirs.extend_from_slice(&tag);
                let ours = gcm_encrypt(&key, &nonce, &aad, &pt).unwrap();
                prop_assert_eq!(&ours, &theirs);
                prop_assert_eq!(gcm_decrypt(&key, &nonce, &aad, &theirs).unwrap(), pt);
            }
        }
    }
    /// The chunked encoders give exactly the text of the whole-message encryption, for
    /// every key size and lengths on and around the chunk boundaries.
    #[test]
    fn chunked_encoded_encryption_equals_the_whole_message() {
        use crate::hazmat::encoding::{b64_encode, hex_encode};
        for key_len in [16usize, 24, 32] {
            let key: Vec<u8> = (0..key_len as u8).collect();
            let mut lens = vec![0usize, 1, 15, 16, 17, 47, 48, 49];
            for k in 1..=2 {
                let edge = k * ENCODED_CHUNK;
                lens.extend([edge - 16, edge - 1, edge, edge + 1, edge + 16]);
            }
            for n in lens {
                let m: Vec<u8> = (0..n).map(|i| (i * 7 + 3) as u8).collect();
                let whole = ecb_encrypt(&key, &m, Padding::Pkcs7).unwrap();
                assert_eq!(
                    ecb_encrypt_b64(&key, &m).unwrap(),
                    b64_encode(&whole),
                    "b64 {n}"
                );
                assert_eq!(
                    ecb_encrypt_hex(&key, &m).unwrap(),
                    hex_encode(&whole),
                    "hex {n}"
                );
            }
        }
        assert!(ecb_encrypt_b64(&[0u8; 15], b"x").is_err());
    }
    #[test]
    fn in_place_block_decryption_equals_unpadded_decryption() {
        for key_len in [16usize, 24, 32] {
            let key: Vec<u8> = (0..key_len as u8).rev().collect();
            for n in [16usize, 32, 4096] {
                let m: Vec<u8> = (0..n).map(|i| (i * 13) as u8).collect();
                let c = ecb_encrypt(&key, &m, Padding::None).unwrap();
                let mut buf = c.clone();
                ecb_decrypt_blocks_in_place(&key, &mut buf).unwrap();
                assert_eq!(buf, m);
            }
        }
        for bad in [0usize, 15, 17] {
            let mut buf = vec![0u8; bad];
            assert_eq!(
                ecb_decrypt_blocks_in_place(&[0u8; 16], &mut buf),
                Err(Error::DecryptionFailed)
            );
        }
        assert_eq!(
            ecb_decrypt_blocks_in_place(&[0u8; 15], &mut [0u8; 16]).map_err(|e| e.kind()),
            Err(crate::ErrorKind::InvalidKey)
        );
    }
}
