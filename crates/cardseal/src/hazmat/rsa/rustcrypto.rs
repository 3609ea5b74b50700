//! The RustCrypto backend (the pure-Rust `rsa` crate, 0.10.0-rc.20).
//!
//! `rsa`'s `Pkcs1v15Encrypt` decryption implements implicit rejection
//! (draft-irtf-cfrg-rsa-guidance §7.2): invalid padding gives a deterministic synthetic
//! message, not an error; only a wrong length or a representative ≥ n is an error. OAEP
//! decoding is constant time and every failure is one error. Private-key operations are
//! blinded with [`BlindingRng`] (see the parent module docs).

use std::convert::Infallible;

use ::rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPrivateKey};
use ::rsa::rand_core::{TryCryptoRng, TryRng};
use ::rsa::traits::PublicKeyParts;
use ::rsa::{BoxedUint, Oaep, Pkcs1v15Encrypt, Pkcs1v15Sign};
use zeroize::Zeroizing;

use crate::env::Env;
use crate::error::{Error, KeyProblem, Result};
use crate::hazmat::digest::{HashAlg, hmac_sha256, sha256};
use crate::secret::SecretBytes;

/// DigestInfo prefixes (RFC 8017 §9.2 note 1).
const PREFIX_MD5: &[u8] = &[
    0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00,
    0x04, 0x10,
];
const PREFIX_SHA1: &[u8] = &[
    0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
];
const PREFIX_SHA256: &[u8] = &[
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

fn scheme(hash: HashAlg) -> Pkcs1v15Sign {
    let (len, prefix) = match hash {
        HashAlg::Md5 => (16, PREFIX_MD5),
        HashAlg::Sha1 => (20, PREFIX_SHA1),
        HashAlg::Sha256 => (32, PREFIX_SHA256),
    };
    Pkcs1v15Sign {
        hash_len: Some(len),
        prefix: prefix.into(),
    }
}

/// Blinding randomness: HMAC-SHA-256(secret, counter ‖ SHA-256(input) ‖ block index),
/// where `secret` is derived from the private key and `counter` is process-wide.
struct BlindingRng<'a> {
    secret: &'a [u8; 32],
    nonce: [u8; 40],
    block: u64,
}

impl<'a> BlindingRng<'a> {
    fn new(secret: &'a [u8; 32], input: &[u8]) -> Self {
        let mut nonce = [0u8; 40];
        let (c, h) = nonce.split_at_mut(8);
        c.copy_from_slice(&super::next_blind_counter().to_be_bytes());
        h.copy_from_slice(&sha256(input));
        BlindingRng {
            secret,
            nonce,
            block: 0,
        }
    }
}

impl TryRng for BlindingRng<'_> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> std::result::Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> std::result::Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> std::result::Result<(), Infallible> {
        for chunk in dst.chunks_mut(32) {
            let mut msg = [0u8; 48];
            let (n, b) = msg.split_at_mut(40);
            n.copy_from_slice(&self.nonce);
            b.copy_from_slice(&self.block.to_be_bytes());
            self.block = self.block.wrapping_add(1);
            let out = Zeroizing::new(hmac_sha256(self.secret, &msg));
            for (d, s) in chunk.iter_mut().zip(out.iter()) {
                *d = *s;
            }
        }
        Ok(())
    }
}

impl TryCryptoRng for BlindingRng<'_> {}

/// Randomness from an [`Env`], for key generation. `rsa` wants an infallible RNG: an
/// [`Env`] failure is remembered and reported after the fact (the key is discarded).
struct EnvRng<'a> {
    env: &'a Env,
    failed: bool,
}

impl TryRng for EnvRng<'_> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> std::result::Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> std::result::Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> std::result::Result<(), Infallible> {
        if self.env.fill_random(dst).is_err() {
            self.failed = true;
            dst.fill(0);
        }
        Ok(())
    }
}

impl TryCryptoRng for EnvRng<'_> {}

/// A fresh key as PKCS#1 DER, randomness from `env`.
pub(super) fn generate_pkcs1_der(bits: usize, env: &Env) -> Result<Zeroizing<Vec<u8>>> {
    let mut rng = EnvRng { env, failed: false };
    let key = ::rsa::RsaPrivateKey::new(&mut rng, bits).map_err(|e| {
        Error::key(
            KeyProblem::Rejected,
            format!("RSA key generation failed: {e}"),
        )
    })?;
    if rng.failed {
        return Err(Error::invalid_input(
            "env",
            "the entropy source failed during key generation",
        ));
    }
    let der = key.to_pkcs1_der().map_err(|e| {
        Error::key(
            KeyProblem::Rejected,
            format!("cannot encode the generated key: {e}"),
        )
    })?;
    Ok(Zeroizing::new(der.as_bytes().to_vec()))
}

/// A private key held by the `rsa` crate.
#[derive(Clone)]
pub(super) struct PrivKey {
    key: Box<::rsa::RsaPrivateKey>,
    blind: Zeroizing<[u8; 32]>,
}

/// A public key held by the `rsa` crate.
#[derive(Clone)]
pub(super) struct PubKey {
    key: ::rsa::RsaPublicKey,
}

impl PrivKey {
    pub(super) fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        let key = ::rsa::RsaPrivateKey::from_pkcs1_der(der).map_err(|e| {
            Error::key(
                KeyProblem::Inconsistent,
                format!("unusable RSA private key: {e}"),
            )
        })?;
        Ok(PrivKey {
            key: Box::new(key),
            blind: super::blinding_secret(der),
        })
    }

    pub(super) fn sign_pkcs1v15(&self, hash: HashAlg, hashed: &[u8]) -> Result<Vec<u8>> {
        let mut rng = BlindingRng::new(&self.blind, hashed);
        self.key
            .sign_with_rng(&mut rng, scheme(hash), hashed)
            .map_err(|e| Error::key(KeyProblem::Rejected, format!("RSA signing failed: {e}")))
    }

    pub(super) fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<SecretBytes> {
        let mut rng = BlindingRng::new(&self.blind, ciphertext);
        let out = self
            .key
            .decrypt_blinded(&mut rng, Pkcs1v15Encrypt, ciphertext)
            .map_err(|_| Error::DecryptionFailed)?;
        Ok(SecretBytes::new(out))
    }

    pub(super) fn decrypt_oaep_sha256(
        &self,
        ciphertext: &[u8],
        label: &[u8],
    ) -> Result<SecretBytes> {
        let mut rng = BlindingRng::new(&self.blind, ciphertext);
        let padding = if label.is_empty() {
            Oaep::<sha2::Sha256>::new()
        } else {
            Oaep::<sha2::Sha256>::new_with_label(label.to_vec())
        };
        let out = self
            .key
            .decrypt_blinded(&mut rng, padding, ciphertext)
            .map_err(|_| Error::DecryptionFailed)?;
        Ok(SecretBytes::new(out))
    }
}

impl PubKey {
    pub(super) fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        let key = ::rsa::RsaPublicKey::from_pkcs1_der(der).map_err(|e| {
            Error::key(
                KeyProblem::Inconsistent,
                format!("unusable RSA public key: {e}"),
            )
        })?;
        Ok(PubKey { key })
    }

    pub(super) fn verify_pkcs1v15(&self, hash: HashAlg, hashed: &[u8], signature: &[u8]) -> bool {
        self.key.verify(scheme(hash), hashed, signature).is_ok()
    }

    /// `block^e mod n` as `k` bytes; the block must be `k` bytes and below n.
    pub(super) fn raw_public(&self, block: &[u8], k: usize) -> Result<Vec<u8>> {
        let raw_err = || Error::key(KeyProblem::Rejected, "raw RSA public operation failed");
        let n = self.key.n();
        let precision = self.key.n_bits_precision();
        let m = BoxedUint::from_be_slice(block, precision).map_err(|_| raw_err())?;
        if m >= *n.as_ref() {
            return Err(raw_err());
        }
        let c = ::rsa::hazmat::rsa_encrypt(&self.key, &m).map_err(|_| raw_err())?;
        let bytes = c.to_be_bytes();
        let skip = bytes.len().checked_sub(k).ok_or_else(raw_err)?;
        let (lead, tail) = bytes.split_at_checked(skip).ok_or_else(raw_err)?;
        if lead.iter().any(|b| *b != 0) {
            return Err(raw_err());
        }
        Ok(tail.to_vec())
    }
}
