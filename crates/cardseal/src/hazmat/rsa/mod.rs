//! RSA: PKCS#1 v1.5 signatures (SHA-256, SHA-1, MD5), PKCS#1 v1.5 and OAEP (SHA-256,
//! MGF1-SHA-256) encryption, with two interchangeable backends behind one interface.
//!
//! # Backends
//! - [`Backend`]`::OpenSsl` (cargo feature `openssl`, the default): vendored OpenSSL 3.x.
//! - [`Backend`]`::RustCrypto` (cargo feature `rustcrypto`): the pure-Rust `rsa` crate.
//!
//! A variant exists only when its feature is enabled (the docs on docs.rs are built with
//! both).
//!
//! Both give **the same bytes** for every operation:
//! - Signing (PKCS#1 v1.5) is deterministic; each backend signs natively.
//! - Encryption padding (EME-PKCS1-v1_5 with a non-zero random PS, and EME-OAEP) is built
//!   in common code (`padding.rs`) from the injected [`Env`]; the backend only performs
//!   the raw public operation `m^e mod n`. So the same `Env::fixed` seed gives the same
//!   ciphertext on both backends.
//! - Keys are normalized to PKCS#1 DER, which is what `to_pkcs1_der` returns, whatever
//!   the backend.
//!
//! # Decryption: no oracle
//! Every decryption failure (wrong length, representative ≥ n, bad padding, wrong key,
//! backend error) is the single [`Error::DecryptionFailed`]. For PKCS#1 v1.5 both backends
//! go further and use **implicit rejection** (draft-irtf-cfrg-rsa-guidance, the
//! countermeasure to the Marvin attack):
//! - OpenSSL ≥ 3.2 (`EVP_PKEY_decrypt` with `RSA_PKCS1_PADDING`) returns, for a
//!   ciphertext whose padding is invalid, a synthetic message derived from the private key
//!   and the ciphertext, instead of an error.
//! - `rsa` 0.10.0-rc.20 (`Pkcs1v15Encrypt`) implements the same algorithm
//!   (`algorithms/pkcs1v15/implicit_rejection.rs`): invalid padding yields the same
//!   deterministic synthetic message, not an error.
//!
//! Consequence for callers: decrypting a PKCS#1 v1.5 ciphertext made for another key (or
//! a tampered one) usually **succeeds** and returns random-looking bytes of random length.
//! The scheme above RSA must authenticate the result (a signature over the plaintext, an
//! expected length such as a 24-character AES key text, an AEAD tag). Only a ciphertext
//! of the wrong length or one that is ≥ n is rejected outright, and that is decided from
//! public information only. OAEP decryption has no such mode: every failure is
//! `DecryptionFailed`, decided in constant time by the backend.
//!
//! # Blinding and randomness
//! Private-key operations are blinded. OpenSSL blinds with its own internal DRBG (the one
//! place where a backend, inside the C library, draws entropy from the OS). The `rsa`
//! crate needs an RNG for blinding; cardseal does not read the OS, so it supplies a
//! deterministic-keyed generator instead: HMAC-SHA-256 keyed with a secret derived from
//! the private key, over a process-wide counter and the input. The blinding factor is thus
//! unpredictable to anyone without the private key (the same argument as RFC 6979
//! deterministic nonces), and differs on every call.
//! Key generation takes an [`Env`]: the RustCrypto backend draws from it; OpenSSL uses
//! its own DRBG.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use der::Decode;
use zeroize::Zeroizing;

use crate::env::Env;
use crate::error::{Check, Error, KeyProblem, Result};
use crate::hazmat::digest::{self, HashAlg};
use crate::secret::{SecretBytes, SecretString};

#[cfg(feature = "openssl")]
mod openssl;
mod padding;
#[cfg(feature = "rustcrypto")]
mod rustcrypto;

/// Smallest modulus accepted, in bits.
pub const MIN_BITS: usize = 1024;
/// Largest modulus accepted, in bits (the `rsa` crate's limit; OpenSSL's is higher).
pub const MAX_BITS: usize = 8192;

/// Which implementation performs the RSA arithmetic.
///
/// Variants exist only when their cargo feature is enabled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Vendored OpenSSL 3.x (feature `openssl`, the default).
    #[cfg(feature = "openssl")]
    OpenSsl,
    /// The pure-Rust `rsa` crate (feature `rustcrypto`).
    #[cfg(feature = "rustcrypto")]
    RustCrypto,
}

impl Backend {
    /// The default backend: OpenSSL when enabled, else RustCrypto.
    #[allow(clippy::should_implement_trait)]
    pub fn default() -> Backend {
        #[cfg(feature = "openssl")]
        {
            Backend::OpenSsl
        }
        #[cfg(not(feature = "openssl"))]
        {
            Backend::RustCrypto
        }
    }

    /// Every backend compiled in, the default first.
    pub fn available() -> Vec<Backend> {
        vec![
            #[cfg(feature = "openssl")]
            Backend::OpenSsl,
            #[cfg(feature = "rustcrypto")]
            Backend::RustCrypto,
        ]
    }

    /// `"openssl"` or `"rustcrypto"`.
    pub fn name(self) -> &'static str {
        match self {
            #[cfg(feature = "openssl")]
            Backend::OpenSsl => "openssl",
            #[cfg(feature = "rustcrypto")]
            Backend::RustCrypto => "rustcrypto",
        }
    }
}

impl Default for Backend {
    fn default() -> Self {
        Backend::default()
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The backend's private key.
#[derive(Clone)]
enum PrivInner {
    #[cfg(feature = "openssl")]
    OpenSsl(openssl::PrivKey),
    #[cfg(feature = "rustcrypto")]
    RustCrypto(rustcrypto::PrivKey),
}

/// The backend's public key.
#[derive(Clone)]
enum PubInner {
    #[cfg(feature = "openssl")]
    OpenSsl(openssl::PubKey),
    #[cfg(feature = "rustcrypto")]
    RustCrypto(rustcrypto::PubKey),
}

/// An RSA private key (two-prime, 1024 to 8192 bits), held by one [`Backend`].
///
/// The key material is zeroized on drop (both backends clear their big numbers) and
/// `Debug` prints only the size and backend.
#[derive(Clone)]
pub struct RsaPrivateKey {
    inner: PrivInner,
    /// Normalized PKCS#1 `RSAPrivateKey` DER.
    der: SecretBytes,
    public: RsaPublicKey,
}

/// An RSA public key, held by one [`Backend`].
#[derive(Clone)]
pub struct RsaPublicKey {
    inner: PubInner,
    /// PKCS#1 `RSAPublicKey` DER.
    der: Vec<u8>,
    bits: usize,
}

/// Bit length of a big-endian unsigned integer.
fn bit_len(be: &[u8]) -> usize {
    let mut bytes = be.iter().skip_while(|b| **b == 0);
    match bytes.next() {
        None => 0,
        Some(first) => {
            let rest = bytes.count();
            rest * 8 + (8 - first.leading_zeros() as usize)
        }
    }
}

fn check_bits(bits: usize) -> Result<()> {
    if bits < MIN_BITS {
        return Err(Error::key(
            KeyProblem::Size,
            format!("RSA key is {bits} bits; at least {MIN_BITS} required"),
        ));
    }
    if bits > MAX_BITS {
        return Err(Error::key(
            KeyProblem::Size,
            format!("RSA key is {bits} bits; at most {MAX_BITS} supported"),
        ));
    }
    Ok(())
}

fn check_exponent(e: &[u8]) -> Result<()> {
    let e = e
        .iter()
        .skip_while(|b| **b == 0)
        .copied()
        .collect::<Vec<u8>>();
    let small = e.len() <= 5; // < 2^40
    let value = e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    if !small || value < 3 || value % 2 == 0 || value > (1u64 << 33) - 1 {
        return Err(Error::key(
            KeyProblem::Inconsistent,
            "RSA public exponent must be odd, at least 3 and below 2^33",
        ));
    }
    Ok(())
}

/// Checks a PKCS#1 `RSAPublicKey` DER, returning the modulus size in bits.
fn inspect_public_der(der: &[u8]) -> Result<usize> {
    let key = pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(der).map_err(|e| {
        Error::key(
            KeyProblem::Malformed,
            format!("malformed PKCS#1 RSA public key: {e}"),
        )
    })?;
    let bits = bit_len(key.modulus.as_bytes());
    check_bits(bits)?;
    check_exponent(key.public_exponent.as_bytes())?;
    Ok(bits)
}

/// Checks a PKCS#1 `RSAPrivateKey` DER; returns (bits, public PKCS#1 DER).
fn inspect_private_der(der: &[u8]) -> Result<(usize, Vec<u8>)> {
    let key = pkcs1::RsaPrivateKey::<der::asn1::UintRef<'_>>::from_der(der)
        .map_err(|_| Error::key(KeyProblem::Malformed, "malformed PKCS#1 RSA private key"))?;
    if key.other_prime_infos.is_some() {
        return Err(Error::key(
            KeyProblem::Unsupported,
            "multi-prime RSA private keys are not supported",
        ));
    }
    let bits = bit_len(key.modulus.as_bytes());
    check_bits(bits)?;
    check_exponent(key.public_exponent.as_bytes())?;
    let public = der::Encode::to_der(&key.public_key()).map_err(|e| {
        Error::key(
            KeyProblem::Rejected,
            format!("cannot encode RSA public key: {e}"),
        )
    })?;
    Ok((bits, public))
}

impl RsaPrivateKey {
    /// A private key from PKCS#1 `RSAPrivateKey` DER. Keys under 1024 bits, multi-prime
    /// keys and inconsistent keys are [`Error::InvalidKey`].
    ///
    /// Costs about one signature (a pairwise consistency check signs and verifies once):
    /// parse a key once and keep it (it is `Clone`, `Send` and `Sync`).
    pub fn from_pkcs1_der(der: &[u8], backend: Backend) -> Result<Self> {
        let (_, public_der) = inspect_private_der(der)?;
        let inner = match backend {
            #[cfg(feature = "openssl")]
            Backend::OpenSsl => PrivInner::OpenSsl(openssl::PrivKey::from_pkcs1_der(der)?),
            #[cfg(feature = "rustcrypto")]
            Backend::RustCrypto => PrivInner::RustCrypto(rustcrypto::PrivKey::from_pkcs1_der(der)?),
        };
        let public = RsaPublicKey::from_pkcs1_der(&public_der, backend)?;
        let key = RsaPrivateKey {
            inner,
            der: SecretBytes::from_slice(der),
            public,
        };
        key.pairwise_check()?;
        Ok(key)
    }

    /// Pairwise consistency test: a signature made with the private parts must verify
    /// with (n, e). Catches keys whose fields do not belong together (n ≠ p·q, a wrong
    /// d or CRT value), which some backends would otherwise accept and use.
    fn pairwise_check(&self) -> Result<()> {
        const MSG: &[u8] = b"cardseal pairwise consistency check";
        let bad = || {
            Error::key(
                KeyProblem::Inconsistent,
                "RSA private key is inconsistent (its parts do not match)",
            )
        };
        let sig = self
            .sign_pkcs1v15(HashAlg::Sha256, MSG)
            .map_err(|_| bad())?;
        self.public
            .verify_pkcs1v15(HashAlg::Sha256, MSG, &sig)
            .map_err(|_| bad())
    }

    /// A new random key of `bits` bits (1024..=8192, a multiple of 8) with e = 65537,
    /// for demos, sandboxes and tests. The RustCrypto backend draws its randomness from
    /// `env`; OpenSSL uses its own DRBG (seeded by the OS inside the C library).
    pub fn generate(bits: usize, backend: Backend, env: &Env) -> Result<Self> {
        check_bits(bits)?;
        if !bits.is_multiple_of(8) {
            return Err(Error::invalid_input(
                "bits",
                format!("RSA key size must be a multiple of 8, got {bits}"),
            ));
        }
        let der: Zeroizing<Vec<u8>> = match backend {
            #[cfg(feature = "openssl")]
            Backend::OpenSsl => {
                let _ = env;
                openssl::generate_pkcs1_der(bits)?
            }
            #[cfg(feature = "rustcrypto")]
            Backend::RustCrypto => rustcrypto::generate_pkcs1_der(bits, env)?,
        };
        RsaPrivateKey::from_pkcs1_der(&der, backend)
    }

    /// The same key held by another backend.
    pub fn with_backend(&self, backend: Backend) -> Result<Self> {
        RsaPrivateKey::from_pkcs1_der(self.der.expose(), backend)
    }

    /// PKCS#1 `RSAPrivateKey` DER.
    pub fn to_pkcs1_der(&self) -> Result<SecretBytes> {
        Ok(self.der.clone())
    }

    /// PKCS#8 `PRIVATE KEY` PEM (64-column lines, each ending in `\n`).
    pub fn to_pkcs8_pem(&self) -> Result<SecretString> {
        let alg = spki::AlgorithmIdentifierRef {
            oid: pkcs1::ALGORITHM_OID,
            parameters: Some(der::asn1::AnyRef::NULL),
        };
        let octets = der::asn1::OctetStringRef::new(self.der.expose())
            .map_err(|e| Error::key(KeyProblem::Rejected, format!("cannot encode PKCS#8: {e}")))?;
        let info = pkcs8::PrivateKeyInfoRef::new(alg, octets);
        let der =
            Zeroizing::new(der::Encode::to_der(&info).map_err(|e| {
                Error::key(KeyProblem::Rejected, format!("cannot encode PKCS#8: {e}"))
            })?);
        let pem = der::pem::encode_string("PRIVATE KEY", der::pem::LineEnding::LF, &der)
            .map_err(|e| Error::key(KeyProblem::Rejected, format!("cannot encode PEM: {e}")))?;
        Ok(SecretString::new(pem))
    }

    /// The public half.
    pub fn public_key(&self) -> RsaPublicKey {
        self.public.clone()
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.public.bits
    }

    /// Modulus size in bytes (`k`): the length of every signature and ciphertext block.
    pub fn size(&self) -> usize {
        self.public.size()
    }

    /// The backend holding this key.
    pub fn backend(&self) -> Backend {
        self.public.backend()
    }

    /// RSASSA-PKCS1-v1_5 signature of `message` (hashed here with `hash`): `k` bytes,
    /// deterministic.
    pub fn sign_pkcs1v15(&self, hash: HashAlg, message: &[u8]) -> Result<Vec<u8>> {
        let sig = match &self.inner {
            #[cfg(feature = "openssl")]
            PrivInner::OpenSsl(k) => k.sign_pkcs1v15(hash, message)?,
            #[cfg(feature = "rustcrypto")]
            PrivInner::RustCrypto(k) => {
                let hashed = digest::digest(hash, message);
                k.sign_pkcs1v15(hash, &hashed)?
            }
        };
        if sig.len() != self.size() {
            return Err(Error::key(
                KeyProblem::Rejected,
                "RSA signature has an unexpected length",
            ));
        }
        Ok(sig)
    }

    /// RSASSA-PKCS1-v1_5 signature over `hashed`, a digest computed with `hash` (e.g. by
    /// an incremental [`digest::Hasher`]): the same bytes as [`RsaPrivateKey::sign_pkcs1v15`]
    /// of the message.
    ///
    /// Errors: [`Error::InvalidInput`] (`digest`) when `hashed` is not
    /// [`HashAlg::output_len`] bytes.
    pub fn sign_pkcs1v15_prehashed(&self, hash: HashAlg, hashed: &[u8]) -> Result<Vec<u8>> {
        check_digest_len(hash, hashed)?;
        let sig = match &self.inner {
            #[cfg(feature = "openssl")]
            PrivInner::OpenSsl(k) => k.sign_pkcs1v15_prehashed(hash, hashed)?,
            #[cfg(feature = "rustcrypto")]
            PrivInner::RustCrypto(k) => k.sign_pkcs1v15(hash, hashed)?,
        };
        if sig.len() != self.size() {
            return Err(Error::key(
                KeyProblem::Rejected,
                "RSA signature has an unexpected length",
            ));
        }
        Ok(sig)
    }

    /// RSAES-PKCS1-v1_5 decryption of exactly one `k`-byte block.
    ///
    /// Implicit rejection: an invalid padding yields a synthetic message, not an error
    /// (see the module docs). Wrong length or a representative ≥ n →
    /// [`Error::DecryptionFailed`].
    pub fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<SecretBytes> {
        if ciphertext.len() != self.size() {
            return Err(Error::DecryptionFailed);
        }
        let out = match &self.inner {
            #[cfg(feature = "openssl")]
            PrivInner::OpenSsl(k) => k.decrypt_pkcs1v15(ciphertext),
            #[cfg(feature = "rustcrypto")]
            PrivInner::RustCrypto(k) => k.decrypt_pkcs1v15(ciphertext),
        };
        out.map_err(|_| Error::DecryptionFailed)
    }

    /// RSAES-PKCS1-v1_5 decryption the way the providers' Java demos do it: the input is
    /// split into `k`-byte blocks, each decrypted, the plaintexts concatenated. Empty input
    /// or a length that is not a multiple of `k` → [`Error::DecryptionFailed`].
    pub fn decrypt_pkcs1v15_blocks(&self, ciphertext: &[u8]) -> Result<SecretBytes> {
        let k = self.size();
        if ciphertext.is_empty() || k == 0 || !ciphertext.len().is_multiple_of(k) {
            return Err(Error::DecryptionFailed);
        }
        let mut out = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
        let mut failed = false;
        for block in ciphertext.chunks(k) {
            // Every block is processed even after a failure: no early exit.
            match self.decrypt_pkcs1v15(block) {
                Ok(p) => out.extend_from_slice(p.expose()),
                Err(_) => failed = true,
            }
        }
        if failed {
            return Err(Error::DecryptionFailed);
        }
        Ok(SecretBytes::from_slice(&out))
    }

    /// RSAES-OAEP decryption with SHA-256 and MGF1-SHA-256, of one `k`-byte block.
    /// Every failure → [`Error::DecryptionFailed`].
    pub fn decrypt_oaep_sha256(&self, ciphertext: &[u8], label: &[u8]) -> Result<SecretBytes> {
        if ciphertext.len() != self.size() {
            return Err(Error::DecryptionFailed);
        }
        let out = match &self.inner {
            #[cfg(feature = "openssl")]
            PrivInner::OpenSsl(k) => k.decrypt_oaep_sha256(ciphertext, label),
            #[cfg(feature = "rustcrypto")]
            PrivInner::RustCrypto(k) => k.decrypt_oaep_sha256(ciphertext, label),
        };
        out.map_err(|_| Error::DecryptionFailed)
    }
}

impl fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RsaPrivateKey {{ bits: {}, backend: {} }}",
            self.bits(),
            self.backend().name()
        )
    }
}

impl RsaPublicKey {
    /// A public key from PKCS#1 `RSAPublicKey` DER. Keys under 1024 bits →
    /// [`Error::InvalidKey`].
    pub fn from_pkcs1_der(der: &[u8], backend: Backend) -> Result<Self> {
        let bits = inspect_public_der(der)?;
        let inner = match backend {
            #[cfg(feature = "openssl")]
            Backend::OpenSsl => PubInner::OpenSsl(openssl::PubKey::from_pkcs1_der(der)?),
            #[cfg(feature = "rustcrypto")]
            Backend::RustCrypto => PubInner::RustCrypto(rustcrypto::PubKey::from_pkcs1_der(der)?),
        };
        Ok(RsaPublicKey {
            inner,
            der: der.to_vec(),
            bits,
        })
    }

    /// The same key held by another backend.
    pub fn with_backend(&self, backend: Backend) -> Result<Self> {
        RsaPublicKey::from_pkcs1_der(&self.der, backend)
    }

    /// PKCS#1 `RSAPublicKey` DER.
    pub fn to_pkcs1_der(&self) -> Vec<u8> {
        self.der.clone()
    }

    /// X.509 `SubjectPublicKeyInfo` DER (what Java's `PublicKey.getEncoded()` gives).
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        let key = der::asn1::BitStringRef::from_bytes(&self.der)
            .map_err(|e| Error::key(KeyProblem::Rejected, format!("cannot encode SPKI: {e}")))?;
        let info = spki::SubjectPublicKeyInfoRef {
            algorithm: spki::AlgorithmIdentifierRef {
                oid: pkcs1::ALGORITHM_OID,
                parameters: Some(der::asn1::AnyRef::NULL),
            },
            subject_public_key: key,
        };
        der::Encode::to_der(&info)
            .map_err(|e| Error::key(KeyProblem::Rejected, format!("cannot encode SPKI: {e}")))
    }

    /// `-----BEGIN PUBLIC KEY-----` PEM (SPKI), 64-column lines, each ending in `\n`.
    pub fn to_spki_pem(&self) -> Result<String> {
        let der = self.to_spki_der()?;
        der::pem::encode_string("PUBLIC KEY", der::pem::LineEnding::LF, &der)
            .map_err(|e| Error::key(KeyProblem::Rejected, format!("cannot encode PEM: {e}")))
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// Modulus size in bytes (`k`).
    pub fn size(&self) -> usize {
        self.bits.div_ceil(8)
    }

    /// The backend holding this key.
    pub fn backend(&self) -> Backend {
        match &self.inner {
            #[cfg(feature = "openssl")]
            PubInner::OpenSsl(_) => Backend::OpenSsl,
            #[cfg(feature = "rustcrypto")]
            PubInner::RustCrypto(_) => Backend::RustCrypto,
        }
    }

    /// Verifies an RSASSA-PKCS1-v1_5 signature over `message` (hashed here with `hash`).
    /// Any failure, including a signature of the wrong length, is
    /// [`Error::SignatureMismatch`] with `what: "signature"`.
    pub fn verify_pkcs1v15(&self, hash: HashAlg, message: &[u8], signature: &[u8]) -> Result<()> {
        let mismatch = || Error::signature_mismatch(Check::Signature);
        if signature.len() != self.size() {
            return Err(mismatch());
        }
        let ok = match &self.inner {
            #[cfg(feature = "openssl")]
            PubInner::OpenSsl(k) => k.verify_pkcs1v15(hash, message, signature),
            #[cfg(feature = "rustcrypto")]
            PubInner::RustCrypto(k) => {
                let hashed = digest::digest(hash, message);
                k.verify_pkcs1v15(hash, &hashed, signature)
            }
        };
        if ok { Ok(()) } else { Err(mismatch()) }
    }

    /// Verifies an RSASSA-PKCS1-v1_5 signature over `hashed`, a digest computed with
    /// `hash`; the same outcome as [`RsaPublicKey::verify_pkcs1v15`] of the message.
    ///
    /// Errors: [`Error::InvalidInput`] (`digest`) when `hashed` is not
    /// [`HashAlg::output_len`] bytes; any other failure is [`Error::SignatureMismatch`]
    /// with `what: "signature"`.
    pub fn verify_pkcs1v15_prehashed(
        &self,
        hash: HashAlg,
        hashed: &[u8],
        signature: &[u8],
    ) -> Result<()> {
        check_digest_len(hash, hashed)?;
        let mismatch = || Error::signature_mismatch(Check::Signature);
        if signature.len() != self.size() {
            return Err(mismatch());
        }
        let ok = match &self.inner {
            #[cfg(feature = "openssl")]
            PubInner::OpenSsl(k) => k.verify_pkcs1v15_prehashed(hash, hashed, signature),
            #[cfg(feature = "rustcrypto")]
            PubInner::RustCrypto(k) => k.verify_pkcs1v15(hash, hashed, signature),
        };
        if ok { Ok(()) } else { Err(mismatch()) }
    }

    /// Raw RSA public operation on one `k`-byte block whose first byte is 0.
    fn raw_public(&self, block: &[u8]) -> Result<Vec<u8>> {
        let out = match &self.inner {
            #[cfg(feature = "openssl")]
            PubInner::OpenSsl(k) => k.raw_public(block)?,
            #[cfg(feature = "rustcrypto")]
            PubInner::RustCrypto(k) => k.raw_public(block, self.size())?,
        };
        if out.len() != self.size() {
            return Err(Error::key(
                KeyProblem::Rejected,
                "raw RSA output has an unexpected length",
            ));
        }
        Ok(out)
    }

    /// RSAES-PKCS1-v1_5 encryption of at most `k − 11` bytes, randomness from `env`.
    /// Longer messages → [`Error::InvalidInput`] (`field: "message"`).
    pub fn encrypt_pkcs1v15(&self, message: &[u8], env: &Env) -> Result<Vec<u8>> {
        let em = padding::eme_pkcs1v15(message, self.size(), env)?;
        self.raw_public(&em)
    }

    /// RSAES-PKCS1-v1_5 encryption the way the providers' Java demos do it: the message is
    /// split into `k − 11`-byte pieces, each encrypted to a `k`-byte block, the blocks
    /// concatenated. An empty message gives one block (holding an empty message).
    pub fn encrypt_pkcs1v15_blocks(&self, message: &[u8], env: &Env) -> Result<Vec<u8>> {
        let k = self.size();
        let piece = k.saturating_sub(11).max(1);
        if message.is_empty() {
            return self.encrypt_pkcs1v15(message, env);
        }
        let mut out = Vec::with_capacity(message.len().div_ceil(piece) * k);
        for chunk in message.chunks(piece) {
            out.extend_from_slice(&self.encrypt_pkcs1v15(chunk, env)?);
        }
        Ok(out)
    }

    /// RSAES-OAEP encryption with SHA-256 and MGF1-SHA-256 (at most `k − 66` bytes),
    /// randomness from `env`.
    pub fn encrypt_oaep_sha256(&self, message: &[u8], label: &[u8], env: &Env) -> Result<Vec<u8>> {
        let em = padding::eme_oaep_sha256(message, label, self.size(), env)?;
        self.raw_public(&em)
    }
}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RsaPublicKey {{ bits: {}, backend: {} }}",
            self.bits,
            self.backend().name()
        )
    }
}

impl PartialEq for RsaPublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl Eq for RsaPublicKey {}

/// Process-wide counter mixed into the blinding generator so that no two private-key
/// operations use the same blinding factor.
static BLIND_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A digest of the length `hash` produces.
fn check_digest_len(hash: HashAlg, hashed: &[u8]) -> Result<()> {
    if hashed.len() == hash.output_len() {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "digest",
            format!(
                "expected {} bytes for {hash:?}, got {}",
                hash.output_len(),
                hashed.len()
            ),
        ))
    }
}

/// Domain-separated secret for the blinding generator, derived from the private key DER.
#[cfg_attr(not(feature = "rustcrypto"), allow(dead_code))]
fn blinding_secret(private_der: &[u8]) -> Zeroizing<[u8; 32]> {
    Zeroizing::new(digest::hmac_sha256(
        b"cardseal rsa blinding v1",
        private_der,
    ))
}

/// Next value of the process-wide blinding counter.
#[cfg_attr(not(feature = "rustcrypto"), allow(dead_code))]
fn next_blind_counter() -> u64 {
    BLIND_COUNTER.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_len_counts_from_the_top_bit() {
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(bit_len(&[0, 0]), 0);
        assert_eq!(bit_len(&[0, 1]), 1);
        assert_eq!(bit_len(&[0x80, 0]), 16);
        assert_eq!(bit_len(&[0, 0x7f, 0xff]), 15);
    }

    #[test]
    fn backends_listed_default_first() {
        let all = Backend::available();
        assert_eq!(all.first().copied(), Some(Backend::default()));
        #[cfg(all(feature = "openssl", feature = "rustcrypto"))]
        assert_eq!(all, vec![Backend::OpenSsl, Backend::RustCrypto]);
    }

    const KEY_1024: &str =
        include_str!("../../../../../test-vectors/keys/sandbox_provider_1024.pem");
    const OTHER_1024: &str =
        include_str!("../../../../../test-vectors/keys/sandbox_merchant_1024.pem");

    fn keys(pem: &str) -> Vec<RsaPrivateKey> {
        Backend::available()
            .into_iter()
            .map(|b| crate::keys::parse_private_key_with(pem.as_bytes(), b).unwrap())
            .collect()
    }

    #[test]
    fn every_backend_decrypts_every_backends_ciphertext() {
        let ks = keys(KEY_1024);
        for enc in &ks {
            let env = Env::fixed(b"cross", 0);
            let c1 = enc.public_key().encrypt_pkcs1v15(b"session", &env).unwrap();
            let c2 = enc
                .public_key()
                .encrypt_oaep_sha256(b"session", b"lbl", &env)
                .unwrap();
            for dec in &ks {
                assert_eq!(dec.decrypt_pkcs1v15(&c1).unwrap().expose(), b"session");
                assert_eq!(
                    dec.decrypt_oaep_sha256(&c2, b"lbl").unwrap().expose(),
                    b"session"
                );
            }
        }
    }

    #[test]
    fn block_modes_round_trip_including_empty_and_exact_sizes() {
        for key in keys(KEY_1024) {
            let public = key.public_key();
            let env = Env::fixed(b"blocks", 0);
            // Empty message: one block holding an empty message.
            let c = public.encrypt_pkcs1v15_blocks(b"", &env).unwrap();
            assert_eq!(c.len(), 128);
            assert!(key.decrypt_pkcs1v15_blocks(&c).unwrap().is_empty());
            for len in [1usize, 116, 117, 118, 234, 235, 300] {
                let m: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
                let c = public.encrypt_pkcs1v15_blocks(&m, &env).unwrap();
                assert_eq!(c.len(), len.div_ceil(117) * 128, "{len}");
                assert_eq!(key.decrypt_pkcs1v15_blocks(&c).unwrap().expose(), &m[..]);
            }
            // OAEP limit k - 66.
            let m = [0x5au8; 62];
            let c = public.encrypt_oaep_sha256(&m, b"", &env).unwrap();
            assert_eq!(key.decrypt_oaep_sha256(&c, b"").unwrap().expose(), &m[..]);
        }
    }

    #[test]
    fn failures_are_the_one_uniform_error() {
        for key in keys(KEY_1024) {
            let other = keys(OTHER_1024).remove(0);
            let env = Env::fixed(b"uniform", 0);
            let c = key
                .public_key()
                .encrypt_oaep_sha256(b"x", b"", &env)
                .unwrap();
            let mut tampered = c.clone();
            tampered[64] ^= 1;
            let cases: Vec<Result<SecretBytes>> = vec![
                key.decrypt_pkcs1v15(&[]),
                key.decrypt_pkcs1v15(&c[..127]),
                key.decrypt_pkcs1v15(&[0xff; 128]),
                key.decrypt_pkcs1v15_blocks(&[]),
                key.decrypt_pkcs1v15_blocks(&[0u8; 129]),
                key.decrypt_oaep_sha256(&tampered, b""),
                key.decrypt_oaep_sha256(&c, b"label"),
                key.decrypt_oaep_sha256(&c[..127], b""),
                other.decrypt_oaep_sha256(&c, b""),
            ];
            for (i, r) in cases.into_iter().enumerate() {
                assert_eq!(r.unwrap_err(), Error::DecryptionFailed, "case {i}");
            }
            // Implicit rejection: one bad block among good ones gives bytes, not an error,
            // and not the original message.
            let good = key
                .public_key()
                .encrypt_pkcs1v15_blocks(&[7u8; 200], &env)
                .unwrap();
            let mut bad = good.clone();
            bad[5] ^= 0x40;
            let out = key.decrypt_pkcs1v15_blocks(&bad).unwrap();
            assert_ne!(out.expose(), &[7u8; 200][..]);
        }
    }

    #[test]
    fn signature_failures_name_the_signature() {
        for key in keys(KEY_1024) {
            let public = key.public_key();
            let sig = key.sign_pkcs1v15(HashAlg::Md5, b"m").unwrap();
            public.verify_pkcs1v15(HashAlg::Md5, b"m", &sig).unwrap();
            let want = Error::SignatureMismatch {
                what: crate::error::Check::Signature,
            };
            assert_eq!(
                public.verify_pkcs1v15(HashAlg::Md5, b"m", &sig[1..]),
                Err(want.clone())
            );
            assert_eq!(
                public.verify_pkcs1v15(HashAlg::Md5, b"m", &[]),
                Err(want.clone())
            );
            assert_eq!(
                public.verify_pkcs1v15(HashAlg::Sha1, b"m", &sig),
                Err(want.clone())
            );
            assert_eq!(
                public.verify_pkcs1v15(HashAlg::Md5, b"m", &[0xff; 128]),
                Err(want)
            );
        }
    }

    #[test]
    fn too_long_messages_are_invalid_input() {
        for key in keys(KEY_1024) {
            let env = Env::fixed(b"x", 0);
            let e = key
                .public_key()
                .encrypt_pkcs1v15(&[0; 118], &env)
                .unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
            let e = key
                .public_key()
                .encrypt_oaep_sha256(&[0; 63], b"", &env)
                .unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
        }
    }

    #[cfg(all(feature = "openssl", feature = "rustcrypto"))]
    mod both_backends {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(24))]

            #[test]
            fn same_bytes_on_both_backends(
                msg in proptest::collection::vec(any::<u8>(), 0..=117),
                seed in proptest::collection::vec(any::<u8>(), 0..16),
                label in proptest::collection::vec(any::<u8>(), 0..8),
            ) {
                let ks = keys(KEY_1024);
                let (a, b) = (&ks[0], &ks[1]);
                prop_assert_eq!(a.backend(), Backend::OpenSsl);
                prop_assert_eq!(b.backend(), Backend::RustCrypto);
                let ca = a.public_key().encrypt_pkcs1v15(&msg, &Env::fixed(&seed, 0)).unwrap();
                let cb = b.public_key().encrypt_pkcs1v15(&msg, &Env::fixed(&seed, 0)).unwrap();
                prop_assert_eq!(&ca, &cb);
                let pb = b.decrypt_pkcs1v15(&ca).unwrap();
                prop_assert_eq!(pb.expose(), &msg[..]);
                let short = msg.get(..msg.len().min(62)).unwrap();
                let oa = a.public_key().encrypt_oaep_sha256(short, &label, &Env::fixed(&seed, 0)).unwrap();
                let ob = b.public_key().encrypt_oaep_sha256(short, &label, &Env::fixed(&seed, 0)).unwrap();
                prop_assert_eq!(&oa, &ob);
                let pa = a.decrypt_oaep_sha256(&ob, &label).unwrap();
                prop_assert_eq!(pa.expose(), short);
                for h in [HashAlg::Sha256, HashAlg::Sha1, HashAlg::Md5] {
                    let sig = a.sign_pkcs1v15(h, &msg).unwrap();
                    prop_assert_eq!(&sig, &b.sign_pkcs1v15(h, &msg).unwrap());
                    // Signing / verifying the digest gives the same bytes and verdict.
                    let hashed = digest::digest(h, &msg);
                    for k in [a, b] {
                        prop_assert_eq!(&k.sign_pkcs1v15_prehashed(h, &hashed).unwrap(), &sig);
                        prop_assert!(k.public_key().verify_pkcs1v15_prehashed(h, &hashed, &sig).is_ok());
                        let mut other = hashed.clone();
                        if let Some(x) = other.first_mut() { *x ^= 1; }
                        prop_assert_eq!(
                            k.public_key().verify_pkcs1v15_prehashed(h, &other, &sig).map_err(|e| e.kind()),
                            Err(crate::ErrorKind::SignatureMismatch)
                        );
                        prop_assert_eq!(
                            k.sign_pkcs1v15_prehashed(h, &hashed[1..]).map_err(|e| e.kind()),
                            Err(crate::ErrorKind::InvalidInput)
                        );
                        prop_assert_eq!(
                            k.public_key().verify_pkcs1v15_prehashed(h, &msg, &sig).map_err(|e| e.kind()),
                            if msg.len() == h.output_len() { Err(crate::ErrorKind::SignatureMismatch) } else { Err(crate::ErrorKind::InvalidInput) }
                        );
                    }
                }
                // Arbitrary k-byte input below n: implicit rejection gives the same bytes.
                let mut junk = ca.clone();
                if let Some(x) = junk.get_mut(127) { *x ^= 0x5a; }
                let ja = a.decrypt_pkcs1v15(&junk);
                let jb = b.decrypt_pkcs1v15(&junk);
                prop_assert_eq!(ja.map(|p| p.expose().to_vec()), jb.map(|p| p.expose().to_vec()));
            }
        }
    }

    #[test]
    fn keys_are_send_and_sync() {
        fn check<T: Send + Sync + Clone + fmt::Debug>() {}
        check::<RsaPrivateKey>();
        check::<RsaPublicKey>();
        check::<Backend>();
    }

    #[test]
    fn exponent_rules() {
        assert!(check_exponent(&[1, 0, 1]).is_ok());
        assert!(check_exponent(&[3]).is_ok());
        assert!(check_exponent(&[1]).is_err());
        assert!(check_exponent(&[2]).is_err());
        assert!(check_exponent(&[1, 0, 0, 0, 0, 1]).is_err());
    }
}
