//! Message digests (MD5, SHA-1, SHA-256) and HMAC-SHA256.
//!
//! MD5 and SHA-1 are here only because provider schemes use them (e.g. an MD5 "sign" over
//! hex text); they are not collision resistant.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

use crate::error::{Check, Error, Result};
use crate::secret::ct_eq;

/// A hash function a scheme names (for RSA signatures and digests).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashAlg {
    /// MD5 (RFC 1321), 16-byte output.
    Md5,
    /// SHA-1 (FIPS 180-4), 20-byte output.
    Sha1,
    /// SHA-256 (FIPS 180-4), 32-byte output.
    Sha256,
}

impl HashAlg {
    /// Length of the digest in bytes.
    pub fn output_len(self) -> usize {
        match self {
            HashAlg::Md5 => 16,
            HashAlg::Sha1 => 20,
            HashAlg::Sha256 => 32,
        }
    }
}

/// Inputs at least this long are hashed by OpenSSL's assembly (SHA-NI, AVX2) when the
/// `openssl` feature is on; shorter ones by RustCrypto, whose set-up cost is lower.
#[cfg(feature = "openssl")]
const OPENSSL_MIN_LEN: usize = 16 * 1024;

#[cfg(feature = "openssl")]
fn openssl_md(alg: HashAlg) -> openssl::hash::MessageDigest {
    match alg {
        HashAlg::Md5 => openssl::hash::MessageDigest::md5(),
        HashAlg::Sha1 => openssl::hash::MessageDigest::sha1(),
        HashAlg::Sha256 => openssl::hash::MessageDigest::sha256(),
    }
}

/// A RustCrypto hash state.
#[derive(Clone)]
enum RustState {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha256(Sha256),
}

impl RustState {
    fn new(alg: HashAlg) -> Self {
        match alg {
            HashAlg::Md5 => RustState::Md5(md5::Md5::new()),
            HashAlg::Sha1 => RustState::Sha1(sha1::Sha1::new()),
            HashAlg::Sha256 => RustState::Sha256(Sha256::new()),
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            RustState::Md5(h) => h.update(data),
            RustState::Sha1(h) => h.update(data),
            RustState::Sha256(h) => h.update(data),
        }
    }

    fn finalize(self) -> Vec<u8> {
        match self {
            RustState::Md5(h) => h.finalize().to_vec(),
            RustState::Sha1(h) => h.finalize().to_vec(),
            RustState::Sha256(h) => h.finalize().to_vec(),
        }
    }
}

/// The first bytes of a message, in a buffer allocated once at full size (never
/// reallocated, so never copied) whose used part is zeroized on drop: a string to sign may
/// hold a key text. (Only the used part: zeroizing the whole capacity would cost more
/// than hashing a short message.)
#[cfg(feature = "openssl")]
struct SmallBuf(Vec<u8>);

#[cfg(feature = "openssl")]
impl Drop for SmallBuf {
    fn drop(&mut self) {
        self.0.as_mut_slice().zeroize();
    }
}

enum State {
    /// Input so far, while it is short (hashed by RustCrypto at the end if it stays so).
    /// Allocated once at full size (never reallocated) and zeroized on drop: a string to
    /// sign may hold a key text.
    #[cfg(feature = "openssl")]
    Small(SmallBuf),
    #[cfg(feature = "openssl")]
    OpenSsl(openssl::hash::Hasher),
    Rust(RustState),
    /// OpenSSL reported an error mid-stream (not expected in practice).
    #[cfg(feature = "openssl")]
    Failed,
}

/// An incremental digest: feed the message in pieces with [`Hasher::update`], then
/// [`Hasher::finalize`]. Gives the same bytes as the one-shot [`digest`] of the
/// concatenated pieces; used to hash a multi-megabyte string to sign without building it.
pub struct Hasher {
    alg: HashAlg,
    state: State,
}

impl fmt::Debug for Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hasher").field("alg", &self.alg).finish()
    }
}

impl Hasher {
    /// A fresh state for `alg`.
    pub fn new(alg: HashAlg) -> Self {
        #[cfg(feature = "openssl")]
        let state = State::Small(SmallBuf(Vec::with_capacity(OPENSSL_MIN_LEN)));
        #[cfg(not(feature = "openssl"))]
        let state = State::Rust(RustState::new(alg));
        Hasher { alg, state }
    }

    /// The algorithm.
    pub fn alg(&self) -> HashAlg {
        self.alg
    }

    /// Feeds `data`.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            #[cfg(feature = "openssl")]
            State::Small(buf) => {
                if buf.0.len().saturating_add(data.len()) < OPENSSL_MIN_LEN {
                    buf.0.extend_from_slice(data);
                    return;
                }
                let head = SmallBuf(std::mem::take(&mut buf.0));
                let ossl = openssl::hash::Hasher::new(openssl_md(self.alg))
                    .and_then(|mut h| h.update(&head.0).and(h.update(data)).map(|()| h));
                self.state = match ossl {
                    Ok(h) => State::OpenSsl(h),
                    Err(_) => {
                        let mut r = RustState::new(self.alg);
                        r.update(&head.0);
                        r.update(data);
                        State::Rust(r)
                    }
                };
            }
            #[cfg(feature = "openssl")]
            State::OpenSsl(h) => {
                if h.update(data).is_err() {
                    self.state = State::Failed;
                }
            }
            State::Rust(r) => r.update(data),
            #[cfg(feature = "openssl")]
            State::Failed => {}
        }
    }

    /// The digest of everything fed, [`HashAlg::output_len`] bytes.
    ///
    /// Errors: [`Error::InvalidInput`] (`digest`) only if OpenSSL reported an internal
    /// error while hashing (never expected; no partial result is returned).
    pub fn finalize(self) -> Result<Vec<u8>> {
        match self.state {
            #[cfg(feature = "openssl")]
            State::Small(buf) => {
                let mut r = RustState::new(self.alg);
                r.update(&buf.0);
                Ok(r.finalize())
            }
            #[cfg(feature = "openssl")]
            State::OpenSsl(mut h) => h
                .finish()
                .map(|d| d.to_vec())
                .map_err(|e| Error::invalid_input("digest", format!("OpenSSL: {e}"))),
            State::Rust(r) => Ok(r.finalize()),
            #[cfg(feature = "openssl")]
            State::Failed => Err(Error::invalid_input("digest", "OpenSSL digest failed")),
        }
    }
}

impl crate::canonical::TextSink for Hasher {
    fn push_str(&mut self, s: &str) {
        self.update(s.as_bytes());
    }
}

/// One-shot digest into `out` (whose length is the output length).
fn digest_into(alg: HashAlg, data: &[u8], out: &mut [u8]) {
    #[cfg(feature = "openssl")]
    if data.len() >= OPENSSL_MIN_LEN
        && let Ok(d) = openssl::hash::hash(openssl_md(alg), data)
        && d.len() == out.len()
    {
        out.copy_from_slice(&d);
        return;
    }
    let mut r = RustState::new(alg);
    r.update(data);
    let d = r.finalize();
    out.iter_mut().zip(d.iter()).for_each(|(o, b)| *o = *b);
}

/// MD5 of `data` (RFC 1321).
pub fn md5(data: &[u8]) -> [u8; 16] {
    let mut out = [0u8; 16];
    digest_into(HashAlg::Md5, data, &mut out);
    out
}

/// SHA-1 of `data` (FIPS 180-4).
pub fn sha1(data: &[u8]) -> [u8; 20] {
    let mut out = [0u8; 20];
    digest_into(HashAlg::Sha1, data, &mut out);
    out
}

/// SHA-256 of `data` (FIPS 180-4).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    digest_into(HashAlg::Sha256, data, &mut out);
    out
}

/// The digest of `data` with `alg`, as a vector of [`HashAlg::output_len`] bytes.
pub fn digest(alg: HashAlg, data: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; alg.output_len()];
    digest_into(alg, data, &mut out);
    out
}

type HmacSha256 = Hmac<Sha256>;

/// An incremental HMAC-SHA256 (RFC 2104): the same tag as [`hmac_sha256`] of the
/// concatenated pieces, for a multi-megabyte string to sign that is never built.
#[derive(Clone)]
pub struct HmacSha256Stream {
    mac: HmacSha256,
}

impl fmt::Debug for HmacSha256Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacSha256Stream { key: [REDACTED] }")
    }
}

impl HmacSha256Stream {
    /// A MAC under `key` (any length).
    pub fn new(key: &[u8]) -> Self {
        // RFC 2104 §2: a key longer than the block is hashed first; a shorter key is
        // zero-padded to the 64-byte block. Building that block here makes the
        // construction infallible.
        let mut block = hmac::digest::Key::<HmacSha256>::default();
        if key.len() > block.len() {
            let mut hashed = sha256(key);
            block
                .iter_mut()
                .zip(hashed.iter())
                .for_each(|(b, k)| *b = *k);
            hashed.zeroize();
        } else {
            block.iter_mut().zip(key.iter()).for_each(|(b, k)| *b = *k);
        }
        let mac = <HmacSha256 as KeyInit>::new(&block);
        block.as_mut_slice().zeroize();
        HmacSha256Stream { mac }
    }

    /// Feeds `data`.
    pub fn update(&mut self, data: &[u8]) {
        self.mac.update(data);
    }

    /// The 32-byte tag.
    pub fn finalize(self) -> [u8; 32] {
        self.mac.finalize().into_bytes().into()
    }
}

impl crate::canonical::TextSink for HmacSha256Stream {
    fn push_str(&mut self, s: &str) {
        self.update(s.as_bytes());
    }
}

/// HMAC-SHA256 (RFC 2104) of `data` under `key` (any length).
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256Stream::new(key);
    mac.update(data);
    mac.finalize()
}

/// Checks `tag` against HMAC-SHA256(`key`, `data`) in constant time.
///
/// `tag` must be the full 32 bytes; anything else, or any differing byte, is
/// [`Error::SignatureMismatch`] with `what: "hmac"`.
pub fn hmac_sha256_verify(key: &[u8], data: &[u8], tag: &[u8]) -> Result<()> {
    let expected = hmac_sha256(key, data);
    if ct_eq(&expected, tag) {
        Ok(())
    } else {
        Err(Error::signature_mismatch(Check::Hmac))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    fn h(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn fips180_one_million_a() {
        let m = vec![b'a'; 1_000_000];
        assert_eq!(
            hex(&sha256(&m)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
        assert_eq!(hex(&sha1(&m)), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
        // RFC 1321 test suite has no million-a case; this is the widely published value.
        assert_eq!(hex(&md5(&m)), "7707d6ae4e027c70eea2a935c2296f21");
    }

    /// The incremental hasher gives the published one-million-`a` digests whatever the
    /// piece sizes, including pieces that cross the RustCrypto/OpenSSL switch-over point
    /// and a message that stays below it.
    #[test]
    fn incremental_hasher_matches_published_digests_for_any_split() {
        let want = [
            (HashAlg::Md5, "7707d6ae4e027c70eea2a935c2296f21"),
            (HashAlg::Sha1, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
            (
                HashAlg::Sha256,
                "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
            ),
        ];
        let m = vec![b'a'; 1_000_000];
        for (alg, digest_hex) in want {
            for piece in [
                1usize,
                7,
                64,
                1000,
                16 * 1024 - 1,
                16 * 1024,
                70_001,
                1_000_000,
            ] {
                let mut h = Hasher::new(alg);
                assert_eq!(h.alg(), alg);
                // A tiny first piece, then the rest in `piece`-sized chunks.
                h.update(&m[..3]);
                for chunk in m[3..].chunks(piece) {
                    h.update(chunk);
                }
                assert_eq!(hex(&h.finalize().unwrap()), digest_hex, "{alg:?} {piece}");
            }
        }
        // Short messages (FIPS 180-2 / RFC 1321 "abc"), fed byte by byte and at once.
        for (alg, digest_hex) in [
            (HashAlg::Md5, "900150983cd24fb0d6963f7d28e17f72"),
            (HashAlg::Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (
                HashAlg::Sha256,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
        ] {
            let mut h = Hasher::new(alg);
            for b in b"abc" {
                h.update(&[*b]);
            }
            assert_eq!(hex(&h.finalize().unwrap()), digest_hex);
            let mut h = Hasher::new(alg);
            crate::canonical::TextSink::push_str(&mut h, "abc");
            assert_eq!(hex(&h.finalize().unwrap()), digest_hex);
        }
        assert_eq!(
            format!("{:?}", Hasher::new(HashAlg::Md5)),
            "Hasher { alg: Md5 }"
        );
    }

    #[test]
    fn digest_dispatch_matches_functions() {
        assert_eq!(
            hex(&digest(HashAlg::Md5, b"abc")),
            "900150983cd24fb0d6963f7d28e17f72"
        );
        assert_eq!(
            hex(&digest(HashAlg::Sha1, b"abc")),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex(&digest(HashAlg::Sha256, b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        for alg in [HashAlg::Md5, HashAlg::Sha1, HashAlg::Sha256] {
            assert_eq!(digest(alg, b"").len(), alg.output_len());
        }
    }

    #[test]
    fn rfc4231_case5_truncated_to_128_bits() {
        let key = [0x0cu8; 20];
        let tag = hmac_sha256(&key, b"Test With Truncation");
        assert_eq!(hex(&tag[..16]), "a3b6167473100ee06e0c796c2955552b");
    }

    #[test]
    fn rfc4231_case6_key_longer_than_block() {
        let key = [0xaau8; 131];
        let tag = hmac_sha256(
            &key,
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            hex(&tag),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn key_of_exactly_block_size_and_empty_key() {
        // A 64-byte key is used as is; a 65-byte key is hashed. Zero padding of a short
        // key must not change the result (HMAC treats them the same).
        let k64 = [0x42u8; 64];
        let k65 = [0x42u8; 65];
        assert_ne!(hmac_sha256(&k64, b"m"), hmac_sha256(&k65, b"m"));
        assert_eq!(hmac_sha256(&sha256(&k65), b"m"), hmac_sha256(&k65, b"m"));
        assert_eq!(hmac_sha256(b"k", b"m"), hmac_sha256(b"k\0\0", b"m"));
        // RFC 4231-style check of the empty key against a known value.
        assert_eq!(
            hex(&hmac_sha256(b"", b"")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"
        );
    }

    #[test]
    fn verify_accepts_exact_tag_only() {
        let key = h("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        let tag = h("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        hmac_sha256_verify(&key, b"Hi There", &tag).unwrap();
        let mismatch = Error::signature_mismatch(Check::Hmac);
        assert_eq!(
            hmac_sha256_verify(&key, b"Hi there", &tag).unwrap_err(),
            mismatch
        );
        for i in 0..tag.len() {
            let mut bad = tag.clone();
            bad[i] ^= 0x80;
            assert_eq!(
                hmac_sha256_verify(&key, b"Hi There", &bad).unwrap_err(),
                mismatch
            );
        }
        // Truncated, extended and empty tags do not verify.
        for bad in [&tag[..16], &tag[..31], &[][..]] {
            assert_eq!(
                hmac_sha256_verify(&key, b"Hi There", bad).unwrap_err(),
                mismatch
            );
        }
        let mut long = tag.clone();
        long.push(0);
        assert_eq!(
            hmac_sha256_verify(&key, b"Hi There", &long).unwrap_err(),
            mismatch
        );
    }
    /// RFC 4231 test case 2 ("what do ya want for nothing?"), fed in every split, and
    /// case 6 (a 131-byte key, hashed first); the key never shows in `Debug`.
    #[test]
    fn incremental_hmac_matches_rfc4231() {
        let data = b"what do ya want for nothing?";
        let want = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        for split in 0..=data.len() {
            let mut mac = HmacSha256Stream::new(b"Jefe");
            mac.update(&data[..split]);
            crate::canonical::TextSink::push_str(
                &mut mac,
                std::str::from_utf8(&data[split..]).unwrap(),
            );
            assert_eq!(hex(&mac.finalize()), want, "split at {split}");
        }
        let mut mac = HmacSha256Stream::new(&[0xaa; 131]);
        mac.update(b"Test Using Larger Than Block-Size Key - Hash Key First");
        assert_eq!(
            hex(&mac.finalize()),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        let d = format!("{:?}", HmacSha256Stream::new(b"Jefe"));
        assert_eq!(d, "HmacSha256Stream { key: [REDACTED] }");
    }
}
