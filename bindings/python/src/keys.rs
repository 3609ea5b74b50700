//! RSA keys: `cardseal.hazmat.RsaPrivateKey` / `RsaPublicKey` (parsed once, reusable),
//! and the conversion of any key argument (key object, `str` PEM / bare base64 DER, or
//! `bytes` DER / PEM) into a core key. Format detection is the core's (`cardseal::keys`).

use cardseal::hazmat::rsa;
use pyo3::prelude::*;

use crate::convert::{env, key_bytes};
use crate::errors::IntoPy;

/// An RSA private key (any format `cardseal` accepts), parsed once.
#[pyclass(frozen, module = "cardseal.hazmat", name = "RsaPrivateKey")]
pub struct RsaPrivateKey {
    pub(crate) inner: rsa::RsaPrivateKey,
}

/// An RSA public key (SPKI / PKCS#1 / certificate, PEM or DER or bare base64), parsed once.
#[pyclass(frozen, module = "cardseal.hazmat", name = "RsaPublicKey")]
pub struct RsaPublicKey {
    pub(crate) inner: rsa::RsaPublicKey,
}

#[pymethods]
impl RsaPrivateKey {
    /// Parses a private key: PEM (PKCS#1 / PKCS#8), DER, or bare base64 DER.
    #[new]
    fn new(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Self> {
        private_key(py, key, "private_key").map(|inner| RsaPrivateKey { inner })
    }

    /// A fresh key of `bits` bits (for tests and sandboxes).
    #[staticmethod]
    #[pyo3(signature = (bits = 2048, *, seed = None))]
    fn generate(py: Python<'_>, bits: usize, seed: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let env = env(seed, None)?;
        let inner = py
            .detach(|| rsa::RsaPrivateKey::generate(bits, rsa::Backend::default(), &env))
            .py_err()?;
        Ok(RsaPrivateKey { inner })
    }

    /// Key size in bits.
    #[getter]
    fn bits(&self) -> usize {
        self.inner.bits()
    }

    /// Modulus size in bytes (k).
    #[getter]
    fn size(&self) -> usize {
        self.inner.size()
    }

    /// The public half.
    fn public_key(&self) -> RsaPublicKey {
        RsaPublicKey {
            inner: self.inner.public_key(),
        }
    }

    /// The private key as PKCS#8 PEM text (secret!).
    fn private_pem(&self, py: Python<'_>) -> PyResult<String> {
        let pem = py.detach(|| self.inner.to_pkcs8_pem()).py_err()?;
        Ok(pem.expose().to_owned())
    }

    fn __repr__(&self) -> String {
        format!("RsaPrivateKey(bits={})", self.inner.bits())
    }
}

#[pymethods]
impl RsaPublicKey {
    /// Parses a public key: PEM (SPKI, PKCS#1, CERTIFICATE), DER, or bare base64 DER.
    /// Private key text is `InvalidKey` (use `RsaPrivateKey(...).public_key()`).
    #[new]
    fn new(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Self> {
        public_key(py, key, "public_key").map(|inner| RsaPublicKey { inner })
    }

    /// Key size in bits.
    #[getter]
    fn bits(&self) -> usize {
        self.inner.bits()
    }

    /// Modulus size in bytes (k).
    #[getter]
    fn size(&self) -> usize {
        self.inner.size()
    }

    /// SPKI PEM text (`-----BEGIN PUBLIC KEY-----`, 64-column lines).
    fn pem(&self) -> PyResult<String> {
        self.inner.to_spki_pem().py_err()
    }

    /// SPKI DER bytes.
    fn der(&self) -> PyResult<Vec<u8>> {
        self.inner.to_spki_der().py_err()
    }

    fn __repr__(&self) -> String {
        format!("RsaPublicKey(bits={})", self.inner.bits())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<RsaPublicKey>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __hash__(&self) -> u64 {
        // Keys are compared by value; a constant hash keeps `==` and `hash` consistent.
        self.inner.bits() as u64
    }
}

/// A private key argument: an `RsaPrivateKey` object, or key text/bytes (parsed here).
pub fn private_key(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    field: &str,
) -> PyResult<rsa::RsaPrivateKey> {
    if let Ok(k) = obj.cast::<RsaPrivateKey>() {
        return Ok(k.get().inner.clone());
    }
    let bytes = key_bytes(obj, field)?;
    py.detach(|| cardseal::keys::parse_private_key(bytes.expose()))
        .py_err()
}

/// A public key argument: an `RsaPublicKey` / `RsaPrivateKey` object, or key text/bytes.
pub fn public_key(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    field: &str,
) -> PyResult<rsa::RsaPublicKey> {
    if let Ok(k) = obj.cast::<RsaPublicKey>() {
        return Ok(k.get().inner.clone());
    }
    if let Ok(k) = obj.cast::<RsaPrivateKey>() {
        return Ok(k.get().inner.public_key());
    }
    let bytes = key_bytes(obj, field)?;
    py.detach(|| cardseal::keys::parse_public_key(bytes.expose()))
        .py_err()
}

/// `cardseal.generate_rsa_key(bits=2048)`: a new RSA private key as PKCS#8 PEM text (for
/// tests and sandboxes). `seed` (test-only) makes it reproducible.
#[pyfunction]
#[pyo3(signature = (bits = 2048, *, seed = None))]
pub fn generate_rsa_key(
    py: Python<'_>,
    bits: usize,
    seed: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let env = env(seed, None)?;
    let pem = py
        .detach(|| cardseal::keys::generate_rsa_key_pem(bits, &env))
        .py_err()?;
    Ok(pem.expose().to_owned())
}

/// `cardseal.public_key_pem(key)`: the SPKI PEM of a private or public key given in any
/// accepted format.
#[pyfunction]
pub fn public_key_pem(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(k) = key.cast::<RsaPublicKey>() {
        return k.get().inner.to_spki_pem().py_err();
    }
    if let Ok(k) = key.cast::<RsaPrivateKey>() {
        return k.get().inner.public_key().to_spki_pem().py_err();
    }
    let bytes = key_bytes(key, "key")?;
    py.detach(|| cardseal::keys::public_key_pem(bytes.expose()))
        .py_err()
}
