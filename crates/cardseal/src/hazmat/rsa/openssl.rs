//! The OpenSSL backend (vendored OpenSSL 3.x, through the `openssl` crate's EVP API).
//!
//! PKCS#1 v1.5 decryption goes through `EVP_PKEY_decrypt` with `RSA_PKCS1_PADDING`, for
//! which OpenSSL ≥ 3.2 enables implicit rejection by default: an invalid padding returns
//! a synthetic message, never a distinguishable error. Blinding is on (OpenSSL's default).

use openssl::encrypt::Decrypter;
use openssl::hash::MessageDigest;
use openssl::md::{Md, MdRef};
use openssl::pkey::{PKey, Private, Public};
use openssl::pkey_ctx::PkeyCtx;
use openssl::rsa::{Padding, Rsa};
use openssl::sign::{Signer, Verifier};
use zeroize::Zeroizing;

use crate::error::{Error, KeyProblem, Result};
use crate::hazmat::digest::HashAlg;
use crate::secret::SecretBytes;

fn md(hash: HashAlg) -> MessageDigest {
    match hash {
        HashAlg::Md5 => MessageDigest::md5(),
        HashAlg::Sha1 => MessageDigest::sha1(),
        HashAlg::Sha256 => MessageDigest::sha256(),
    }
}

fn md_ref(hash: HashAlg) -> &'static MdRef {
    match hash {
        HashAlg::Md5 => Md::md5(),
        HashAlg::Sha1 => Md::sha1(),
        HashAlg::Sha256 => Md::sha256(),
    }
}

fn key_err(what: &str) -> impl Fn(openssl::error::ErrorStack) -> Error + '_ {
    move |e| Error::key(KeyProblem::Rejected, format!("{what} (OpenSSL: {e})"))
}

/// A private key held by OpenSSL.
#[derive(Clone)]
pub(super) struct PrivKey {
    pkey: PKey<Private>,
}

/// A public key held by OpenSSL.
#[derive(Clone)]
pub(super) struct PubKey {
    pkey: PKey<Public>,
}

/// A fresh key as PKCS#1 DER.
pub(super) fn generate_pkcs1_der(bits: usize) -> Result<Zeroizing<Vec<u8>>> {
    let bits = u32::try_from(bits).map_err(|_| Error::invalid_input("bits", "too large"))?;
    let rsa = Rsa::generate(bits).map_err(key_err("RSA key generation failed"))?;
    let der = rsa
        .private_key_to_der()
        .map_err(key_err("cannot encode the generated key"))?;
    Ok(Zeroizing::new(der))
}

impl PrivKey {
    pub(super) fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        let rsa = Rsa::private_key_from_der(der).map_err(key_err("malformed RSA private key"))?;
        let pkey = PKey::from_rsa(rsa).map_err(key_err("unusable RSA private key"))?;
        Ok(PrivKey { pkey })
    }

    pub(super) fn sign_pkcs1v15(&self, hash: HashAlg, message: &[u8]) -> Result<Vec<u8>> {
        let mut signer =
            Signer::new(md(hash), &self.pkey).map_err(key_err("RSA signing unavailable"))?;
        signer
            .set_rsa_padding(Padding::PKCS1)
            .map_err(key_err("RSA signing unavailable"))?;
        signer
            .sign_oneshot_to_vec(message)
            .map_err(key_err("RSA signing failed"))
    }

    /// Signs a precomputed digest (`hashed`, the output of `hash`).
    pub(super) fn sign_pkcs1v15_prehashed(&self, hash: HashAlg, hashed: &[u8]) -> Result<Vec<u8>> {
        let fail = key_err("RSA signing failed");
        let mut ctx = PkeyCtx::new(&self.pkey).map_err(&fail)?;
        ctx.sign_init().map_err(&fail)?;
        ctx.set_rsa_padding(Padding::PKCS1).map_err(&fail)?;
        ctx.set_signature_md(md_ref(hash)).map_err(&fail)?;
        let mut sig = Vec::new();
        ctx.sign_to_vec(hashed, &mut sig).map_err(&fail)?;
        Ok(sig)
    }

    fn decrypt_with(
        &self,
        ciphertext: &[u8],
        setup: impl FnOnce(&mut Decrypter<'_>) -> std::result::Result<(), openssl::error::ErrorStack>,
    ) -> Result<SecretBytes> {
        let mut dec = Decrypter::new(&self.pkey).map_err(|_| Error::DecryptionFailed)?;
        setup(&mut dec).map_err(|_| Error::DecryptionFailed)?;
        let len = dec
            .decrypt_len(ciphertext)
            .map_err(|_| Error::DecryptionFailed)?;
        let mut out = Zeroizing::new(vec![0u8; len]);
        let n = dec
            .decrypt(ciphertext, &mut out)
            .map_err(|_| Error::DecryptionFailed)?;
        let plain = out.get(..n).ok_or(Error::DecryptionFailed)?;
        Ok(SecretBytes::from_slice(plain))
    }

    pub(super) fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<SecretBytes> {
        self.decrypt_with(ciphertext, |d| d.set_rsa_padding(Padding::PKCS1))
    }

    pub(super) fn decrypt_oaep_sha256(
        &self,
        ciphertext: &[u8],
        label: &[u8],
    ) -> Result<SecretBytes> {
        self.decrypt_with(ciphertext, |d| {
            d.set_rsa_padding(Padding::PKCS1_OAEP)?;
            d.set_rsa_oaep_md(MessageDigest::sha256())?;
            d.set_rsa_mgf1_md(MessageDigest::sha256())?;
            if !label.is_empty() {
                d.set_rsa_oaep_label(label)?;
            }
            Ok(())
        })
    }
}

impl PubKey {
    pub(super) fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        let rsa =
            Rsa::public_key_from_der_pkcs1(der).map_err(key_err("malformed RSA public key"))?;
        let pkey = PKey::from_rsa(rsa).map_err(key_err("unusable RSA public key"))?;
        Ok(PubKey { pkey })
    }

    pub(super) fn verify_pkcs1v15(&self, hash: HashAlg, message: &[u8], signature: &[u8]) -> bool {
        let Ok(mut verifier) = Verifier::new(md(hash), &self.pkey) else {
            return false;
        };
        if verifier.set_rsa_padding(Padding::PKCS1).is_err() {
            return false;
        }
        matches!(verifier.verify_oneshot(signature, message), Ok(true))
    }

    /// Verifies a signature over a precomputed digest (`hashed`, the output of `hash`).
    pub(super) fn verify_pkcs1v15_prehashed(
        &self,
        hash: HashAlg,
        hashed: &[u8],
        signature: &[u8],
    ) -> bool {
        let Ok(mut ctx) = PkeyCtx::new(&self.pkey) else {
            return false;
        };
        if ctx.verify_init().is_err()
            || ctx.set_rsa_padding(Padding::PKCS1).is_err()
            || ctx.set_signature_md(md_ref(hash)).is_err()
        {
            return false;
        }
        matches!(ctx.verify(hashed, signature), Ok(true))
    }

    /// `block^e mod n`, `k` bytes out; the block must be `k` bytes and below n.
    pub(super) fn raw_public(&self, block: &[u8]) -> Result<Vec<u8>> {
        let rsa = self
            .pkey
            .rsa()
            .map_err(key_err("unusable RSA public key"))?;
        let mut out = vec![0u8; rsa.size() as usize];
        let n = rsa
            .public_encrypt(block, &mut out, Padding::NONE)
            .map_err(key_err("raw RSA public operation failed"))?;
        out.truncate(n);
        Ok(out)
    }
}
