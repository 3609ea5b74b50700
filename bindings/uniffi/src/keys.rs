//! RSA keys: parsed once, used for the RSA primitives; plus key generation and public-key
//! normalization. Every format `cardseal::keys` accepts is accepted (PEM PKCS#1/PKCS#8/
//! SPKI/CERTIFICATE, DER bytes, the bare base64 DER text Java's `getEncoded()` prints).

use std::sync::Arc;

use cardseal::SecretString;
use cardseal::hazmat::{digest, rsa};

use crate::env::make_env;
use crate::error::Result;

/// A hash function (of RSA signatures).
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

/// An RSA private key (Kotlin/Swift: `RsaPrivateKey(text)` or `RsaPrivateKey.fromDer(bytes)`).
/// Its `Debug`/`toString` never shows key material.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct RsaPrivateKey {
    pub(crate) inner: rsa::RsaPrivateKey,
}

#[uniffi::export]
impl RsaPrivateKey {
    /// Parses a private key given as text: PEM (`RSA PRIVATE KEY` / `PRIVATE KEY`) or bare
    /// base64 DER. The text is zeroized after parsing. Errors: `InvalidKey`.
    #[uniffi::constructor]
    pub fn new(key: String) -> Result<Arc<Self>> {
        Ok(Arc::new(RsaPrivateKey {
            inner: parse_private(key)?,
        }))
    }

    /// Parses a private key given as DER bytes (PKCS#1 or PKCS#8). Errors: `InvalidKey`.
    #[uniffi::constructor]
    pub fn from_der(der: Vec<u8>) -> Result<Arc<Self>> {
        let der = cardseal::SecretBytes::new(der);
        Ok(Arc::new(RsaPrivateKey {
            inner: cardseal::keys::parse_private_key(der.expose())?,
        }))
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> i32 {
        i32::try_from(self.inner.bits()).unwrap_or(i32::MAX)
    }

    /// Modulus size in bytes (k: the length of signatures and ciphertexts).
    pub fn size(&self) -> i32 {
        i32::try_from(self.inner.size()).unwrap_or(i32::MAX)
    }

    /// The public half.
    pub fn public_key(&self) -> Arc<RsaPublicKey> {
        Arc::new(RsaPublicKey {
            inner: self.inner.public_key(),
        })
    }

    /// The key as PKCS#8 `PRIVATE KEY` PEM (secret: handle with care).
    pub fn to_pkcs8_pem(&self) -> Result<String> {
        Ok(self.inner.to_pkcs8_pem()?.expose().to_owned())
    }

    /// RSASSA-PKCS1-v1_5 signature of `message` (hashed with `hash`); deterministic.
    pub fn sign_pkcs1v15(&self, hash: HashAlg, message: Vec<u8>) -> Result<Vec<u8>> {
        Ok(self.inner.sign_pkcs1v15(hash.into(), &message)?)
    }

    /// RSAES-PKCS1-v1_5 decryption of exactly one k-byte block. A wrong-key or bad-padding
    /// ciphertext gives a synthetic plaintext (implicit rejection), not an error; a wrong
    /// length is `DecryptionFailed`.
    pub fn decrypt_pkcs1v15(&self, ciphertext: Vec<u8>) -> Result<Vec<u8>> {
        Ok(self.inner.decrypt_pkcs1v15(&ciphertext)?.expose().to_vec())
    }

    /// RSAES-PKCS1-v1_5 decryption of consecutive k-byte blocks (the providers' Java demos
    /// split long inputs this way), concatenated.
    pub fn decrypt_pkcs1v15_blocks(&self, ciphertext: Vec<u8>) -> Result<Vec<u8>> {
        Ok(self
            .inner
            .decrypt_pkcs1v15_blocks(&ciphertext)?
            .expose()
            .to_vec())
    }

    /// RSAES-OAEP decryption (SHA-256, MGF1-SHA-256) with `label` (default empty). Every
    /// failure is `DecryptionFailed`.
    #[uniffi::method(default(label = None))]
    pub fn decrypt_oaep_sha256(
        &self,
        ciphertext: Vec<u8>,
        label: Option<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        Ok(self
            .inner
            .decrypt_oaep_sha256(&ciphertext, label.as_deref().unwrap_or_default())?
            .expose()
            .to_vec())
    }
}

/// An RSA public key (Kotlin/Swift: `RsaPublicKey(text)` or `RsaPublicKey.fromDer(bytes)`).
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct RsaPublicKey {
    pub(crate) inner: rsa::RsaPublicKey,
}

#[uniffi::export]
impl RsaPublicKey {
    /// Parses a public key given as text: PEM (`PUBLIC KEY`, `RSA PUBLIC KEY`,
    /// `CERTIFICATE`) or bare base64 DER. Errors: `InvalidKey`.
    #[uniffi::constructor]
    pub fn new(key: String) -> Result<Arc<Self>> {
        Ok(Arc::new(RsaPublicKey {
            inner: parse_public(&key)?,
        }))
    }

    /// Parses a public key given as DER bytes (SPKI, PKCS#1 or X.509). Errors: `InvalidKey`.
    #[uniffi::constructor]
    pub fn from_der(der: Vec<u8>) -> Result<Arc<Self>> {
        Ok(Arc::new(RsaPublicKey {
            inner: cardseal::keys::parse_public_key(&der)?,
        }))
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> i32 {
        i32::try_from(self.inner.bits()).unwrap_or(i32::MAX)
    }

    /// Modulus size in bytes (k).
    pub fn size(&self) -> i32 {
        i32::try_from(self.inner.size()).unwrap_or(i32::MAX)
    }

    /// SPKI `PUBLIC KEY` PEM, 64-column lines each ending in `\n`.
    pub fn to_spki_pem(&self) -> Result<String> {
        Ok(self.inner.to_spki_pem()?)
    }

    /// Verifies an RSASSA-PKCS1-v1_5 `signature` of `message`. Errors: `SignatureMismatch`
    /// for any failure (wrong length included).
    pub fn verify_pkcs1v15(
        &self,
        hash: HashAlg,
        message: Vec<u8>,
        signature: Vec<u8>,
    ) -> Result<()> {
        Ok(self
            .inner
            .verify_pkcs1v15(hash.into(), &message, &signature)?)
    }

    /// RSAES-PKCS1-v1_5 encryption of at most k−11 bytes. `seed` makes the padding
    /// reproducible (tests only). Errors: `InvalidInput` (too long).
    #[uniffi::method(default(seed = None))]
    pub fn encrypt_pkcs1v15(&self, message: Vec<u8>, seed: Option<Vec<u8>>) -> Result<Vec<u8>> {
        Ok(self
            .inner
            .encrypt_pkcs1v15(&message, &make_env(seed, None))?)
    }

    /// RSAES-PKCS1-v1_5 encryption in k−11-byte blocks (k bytes out per block), as the
    /// providers' Java demos do for long inputs.
    #[uniffi::method(default(seed = None))]
    pub fn encrypt_pkcs1v15_blocks(
        &self,
        message: Vec<u8>,
        seed: Option<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        Ok(self
            .inner
            .encrypt_pkcs1v15_blocks(&message, &make_env(seed, None))?)
    }

    /// RSAES-OAEP encryption (SHA-256, MGF1-SHA-256) with `label` (default empty). Errors: `InvalidInput`
    /// (too long).
    #[uniffi::method(default(label = None, seed = None))]
    pub fn encrypt_oaep_sha256(
        &self,
        message: Vec<u8>,
        label: Option<Vec<u8>>,
        seed: Option<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        Ok(self.inner.encrypt_oaep_sha256(
            &message,
            label.as_deref().unwrap_or_default(),
            &make_env(seed, None),
        )?)
    }
}

/// Parses private key text, zeroizing the text afterwards.
pub(crate) fn parse_private(text: String) -> Result<rsa::RsaPrivateKey> {
    let text = SecretString::new(text);
    Ok(cardseal::keys::parse_private_key(text.expose().as_bytes())?)
}

/// Parses public key text.
pub(crate) fn parse_public(text: &str) -> Result<rsa::RsaPublicKey> {
    Ok(cardseal::keys::parse_public_key(text.as_bytes())?)
}

/// A new RSA private key of `bits` bits (e = 65537) as PKCS#8 PEM, for tests and
/// sandboxes. `seed` makes it reproducible (tests only). Errors: `InvalidInput` (size).
#[uniffi::export(default(seed = None))]
pub fn generate_rsa_key(bits: i32, seed: Option<Vec<u8>>) -> Result<String> {
    let bits = usize::try_from(bits)
        .map_err(|_| cardseal::Error::invalid_input("bits", "must not be negative"))?;
    Ok(
        cardseal::keys::generate_rsa_key_pem(bits, &make_env(seed, None))?
            .expose()
            .to_owned(),
    )
}

/// The SPKI `PUBLIC KEY` PEM of a private or public key in any accepted format (derives or
/// normalizes). Errors: `InvalidKey`.
#[uniffi::export]
pub fn public_key_pem(key: String) -> Result<String> {
    let key = SecretString::new(key);
    Ok(cardseal::keys::public_key_pem(key.expose().as_bytes())?)
}

crate::delegate_debug!(RsaPrivateKey, RsaPublicKey);
