//! The provider classes, merchant side and mirror: `Asinx`/`AsinxProvider`,
//! `Paytend`/`PaytendProvider`, `HyperCard`/`HyperCardProvider`, `UPay`/`UPayProvider`,
//! `KazePay`/`KazePayProvider`. Each method converts its arguments, calls the core with
//! the GIL released, and converts the result.

use cardseal::providers::{asinx, hypercard, kazepay, paytend, upay};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use crate::convert::{env, payload, text};
use crate::errors::IntoPy;
use crate::keys::{private_key, public_key};
use crate::sealed::Sealed;

/// Runs a core call that returns a `Sealed` with the GIL released.
fn seal<F>(py: Python<'_>, f: F) -> PyResult<Sealed>
where
    F: FnOnce() -> cardseal::Result<cardseal::providers::Sealed> + Send,
{
    let s = py.detach(f).py_err()?;
    Sealed::from_core(py, s)
}

// ---------------------------------------------------------------------------------------
// ASINX
// ---------------------------------------------------------------------------------------

/// ASINX Pay / Moonbank, merchant side: `Asinx(app_id, app_secret)`.
#[pyclass(frozen, module = "cardseal", name = "Asinx")]
pub struct Asinx {
    pub(crate) inner: asinx::Asinx,
}

#[pymethods]
impl Asinx {
    #[new]
    #[pyo3(signature = (app_id, app_secret, *, seed = None, now_ms = None))]
    fn new(
        app_id: &str,
        app_secret: &Bound<'_, PyAny>,
        seed: Option<&Bound<'_, PyAny>>,
        now_ms: Option<i64>,
    ) -> PyResult<Self> {
        let secret = cardseal::SecretString::new(text(app_secret, "app_secret")?.into_string());
        let inner = asinx::Asinx::new(app_id, secret.expose(), env(seed, now_ms)?).py_err()?;
        Ok(Asinx { inner })
    }

    /// The merchant's `appId`.
    #[getter]
    fn app_id(&self) -> &str {
        self.inner.app_id()
    }

    /// The provider-side mirror with the same credentials.
    fn provider(&self) -> AsinxProvider {
        AsinxProvider {
            inner: self.inner.provider(),
        }
    }

    fn __repr__(&self) -> String {
        format!("Asinx(app_id={:?})", self.inner.app_id())
    }
}

/// The ASINX side (mirror): verifies requests, seals responses and webhooks.
#[pyclass(frozen, module = "cardseal", name = "AsinxProvider")]
pub struct AsinxProvider {
    pub(crate) inner: asinx::AsinxProvider,
}

#[pymethods]
impl AsinxProvider {
    #[new]
    #[pyo3(signature = (app_id, app_secret, *, seed = None, now_ms = None))]
    fn new(
        app_id: &str,
        app_secret: &Bound<'_, PyAny>,
        seed: Option<&Bound<'_, PyAny>>,
        now_ms: Option<i64>,
    ) -> PyResult<Self> {
        let secret = cardseal::SecretString::new(text(app_secret, "app_secret")?.into_string());
        let inner =
            asinx::AsinxProvider::new(app_id, secret.expose(), env(seed, now_ms)?).py_err()?;
        Ok(AsinxProvider { inner })
    }

    /// Seals a failure response (`success=false`); with `result`, the error details
    /// (dict or JSON text used byte for byte) travel encrypted in `result`.
    #[pyo3(signature = (code, message, result = None))]
    fn seal_error_response(
        &self,
        py: Python<'_>,
        code: i64,
        message: &str,
        result: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Sealed> {
        match result {
            Some(r) => {
                let p = self::payload(r, "payload")?;
                seal(py, || {
                    self.inner
                        .seal_error_response_with_result(code, message, &p.into_json())
                })
            }
            None => seal(py, || self.inner.seal_error_response(code, message)),
        }
    }

    fn __repr__(&self) -> String {
        "AsinxProvider(..)".to_owned()
    }
}

// ---------------------------------------------------------------------------------------
// Paytend
// ---------------------------------------------------------------------------------------

/// Paytend, merchant side: `Paytend(partner_id, private_key, provider_public_key)`.
#[pyclass(frozen, module = "cardseal", name = "Paytend")]
pub struct Paytend {
    pub(crate) inner: paytend::Paytend,
}

#[pymethods]
impl Paytend {
    #[new]
    #[pyo3(signature = (partner_id, private_key, provider_public_key, *, utc_offset_minutes = None, seed = None, now_ms = None))]
    fn new(
        py: Python<'_>,
        partner_id: &str,
        private_key: &Bound<'_, PyAny>,
        provider_public_key: &Bound<'_, PyAny>,
        utc_offset_minutes: Option<i32>,
        seed: Option<&Bound<'_, PyAny>>,
        now_ms: Option<i64>,
    ) -> PyResult<Self> {
        let k = self::private_key(py, private_key, "private_key")?;
        let pk = self::public_key(py, provider_public_key, "provider_public_key")?;
        let mut inner = paytend::Paytend::new(partner_id, k, pk, env(seed, now_ms)?).py_err()?;
        if let Some(m) = utc_offset_minutes {
            inner = inner.with_utc_offset_minutes(m).py_err()?;
        }
        Ok(Paytend { inner })
    }

    /// The partner id.
    #[getter]
    fn partner_id(&self) -> &str {
        self.inner.partner_id()
    }

    /// A new request id (partnerId + `yyyyMMddHHmmssSSS`).
    fn request_id(&self) -> PyResult<String> {
        self.inner.request_id().py_err()
    }

    /// The mirror: Paytend's side, holding Paytend's private key.
    fn provider(
        &self,
        py: Python<'_>,
        provider_private_key: &Bound<'_, PyAny>,
    ) -> PyResult<PaytendProvider> {
        let k = self::private_key(py, provider_private_key, "provider_private_key")?;
        Ok(PaytendProvider {
            inner: self.inner.provider(k),
        })
    }

    fn __repr__(&self) -> String {
        format!("Paytend(partner_id={:?})", self.inner.partner_id())
    }
}

/// Paytend's side (mirror).
#[pyclass(frozen, module = "cardseal", name = "PaytendProvider")]
pub struct PaytendProvider {
    pub(crate) inner: paytend::PaytendProvider,
}

#[pymethods]
impl PaytendProvider {
    #[new]
    #[pyo3(signature = (partner_id, provider_private_key, partner_public_key, *, seed = None, now_ms = None))]
    fn new(
        py: Python<'_>,
        partner_id: &str,
        provider_private_key: &Bound<'_, PyAny>,
        partner_public_key: &Bound<'_, PyAny>,
        seed: Option<&Bound<'_, PyAny>>,
        now_ms: Option<i64>,
    ) -> PyResult<Self> {
        let k = self::private_key(py, provider_private_key, "provider_private_key")?;
        let pk = self::public_key(py, partner_public_key, "partner_public_key")?;
        let inner =
            paytend::PaytendProvider::new(partner_id, k, pk, env(seed, now_ms)?).py_err()?;
        Ok(PaytendProvider { inner })
    }

    fn __repr__(&self) -> String {
        "PaytendProvider(..)".to_owned()
    }
}

// ---------------------------------------------------------------------------------------
// HyperCard
// ---------------------------------------------------------------------------------------

// The Python defaults of `max_skew_secs` (literals, so that they show in signatures).
const _: () = assert!(hypercard::DEFAULT_MAX_SKEW_SECS == 300);
const _: () = assert!(hypercard::DEFAULT_NOTIFICATION_MAX_SKEW_SECS == 86_700);

fn python_version(name: &str) -> PyResult<cardseal::canonical::form::PythonVersion> {
    name.parse().py_err()
}

fn number_style(name: &str) -> PyResult<cardseal::canonical::form::NumberStyle> {
    match name {
        "python" => Ok(cardseal::canonical::form::NumberStyle::Python),
        "as_written" => Ok(cardseal::canonical::form::NumberStyle::AsWritten),
        other => Err(crate::errors::invalid_input(
            "numbers",
            format!("unknown numbers style {other:?} (\"python\", \"as_written\")"),
        )),
    }
}

/// HyperCard, merchant side: `HyperCard(api_key, private_key, provider_public_key)`.
#[pyclass(frozen, module = "cardseal", name = "HyperCard")]
pub struct HyperCard {
    pub(crate) inner: hypercard::HyperCard,
}

#[pymethods]
impl HyperCard {
    #[new]
    #[pyo3(signature = (api_key, private_key, provider_public_key, *, max_skew_secs = Some(86_700), numbers = "python", python_version = "3.14", seed = None, now_ms = None), text_signature = "(api_key, private_key, provider_public_key, *, max_skew_secs=86700, numbers='python', python_version='3.14', seed=None, now_ms=None)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: &str,
        private_key: &Bound<'_, PyAny>,
        provider_public_key: &Bound<'_, PyAny>,
        max_skew_secs: Option<i64>,
        numbers: &str,
        python_version: &str,
        seed: Option<&Bound<'_, PyAny>>,
        now_ms: Option<i64>,
    ) -> PyResult<Self> {
        let style = number_style(numbers)?;
        let python = self::python_version(python_version)?;
        let k = self::private_key(py, private_key, "private_key")?;
        let pk = self::public_key(py, provider_public_key, "provider_public_key")?;
        let env = env(seed, now_ms)?;
        let inner = hypercard::HyperCard::new(api_key, k, pk, env)
            .and_then(|h| h.with_max_skew_secs(max_skew_secs))
            .py_err()?
            .with_number_style(style)
            .with_python_version(python);
        Ok(HyperCard { inner })
    }

    /// The merchant's `api-key`.
    #[getter]
    fn api_key(&self) -> &str {
        self.inner.api_key()
    }

    /// Decrypts an RSA-encrypted card detail with the merchant's card key (≥ 4096 bits).
    #[staticmethod]
    fn decrypt_card_detail(
        py: Python<'_>,
        encoded: &str,
        card_private_key: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let k = self::private_key(py, card_private_key, "card_private_key")?;
        py.detach(|| hypercard::decrypt_card_detail(encoded, &k))
            .py_err()
    }

    /// The mirror: HyperCard's side, holding HyperCard's private key.
    fn provider(
        &self,
        py: Python<'_>,
        provider_private_key: &Bound<'_, PyAny>,
    ) -> PyResult<HyperCardProvider> {
        let k = self::private_key(py, provider_private_key, "provider_private_key")?;
        Ok(HyperCardProvider {
            inner: self.inner.provider(k),
        })
    }

    fn __repr__(&self) -> String {
        format!("HyperCard(api_key={:?})", self.inner.api_key())
    }
}

/// HyperCard's side (mirror).
#[pyclass(frozen, module = "cardseal", name = "HyperCardProvider")]
pub struct HyperCardProvider {
    pub(crate) inner: hypercard::HyperCardProvider,
}

#[pymethods]
impl HyperCardProvider {
    #[new]
    #[pyo3(signature = (api_key, provider_private_key, merchant_public_key, *, max_skew_secs = Some(300), numbers = "python", python_version = "3.14", seed = None, now_ms = None), text_signature = "(api_key, provider_private_key, merchant_public_key, *, max_skew_secs=300, numbers='python', python_version='3.14', seed=None, now_ms=None)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: &str,
        provider_private_key: &Bound<'_, PyAny>,
        merchant_public_key: &Bound<'_, PyAny>,
        max_skew_secs: Option<i64>,
        numbers: &str,
        python_version: &str,
        seed: Option<&Bound<'_, PyAny>>,
        now_ms: Option<i64>,
    ) -> PyResult<Self> {
        let style = number_style(numbers)?;
        let python = self::python_version(python_version)?;
        let k = self::private_key(py, provider_private_key, "provider_private_key")?;
        let pk = self::public_key(py, merchant_public_key, "merchant_public_key")?;
        let inner = hypercard::HyperCardProvider::new(api_key, k, pk, env(seed, now_ms)?)
            .and_then(|h| h.with_max_skew_secs(max_skew_secs))
            .py_err()?
            .with_number_style(style)
            .with_python_version(python);
        Ok(HyperCardProvider { inner })
    }

    /// Encrypts a card detail to the merchant's card key (≥ 4096 bits).
    fn encrypt_card_detail(
        &self,
        py: Python<'_>,
        detail: &str,
        merchant_card_public_key: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let pk = self::public_key(py, merchant_card_public_key, "merchant_card_public_key")?;
        py.detach(|| self.inner.encrypt_card_detail(detail, &pk))
            .py_err()
    }

    fn __repr__(&self) -> String {
        "HyperCardProvider(..)".to_owned()
    }
}

// ---------------------------------------------------------------------------------------
// UPay
// ---------------------------------------------------------------------------------------

/// A required argument of a constructor whose signature gives every argument a default
/// (so that a keyword alias can stand for the first one): `TypeError` when it is missing.
fn required<'a, 'py>(
    value: Option<&'a Bound<'py, PyAny>>,
    class: &str,
    name: &str,
) -> PyResult<&'a Bound<'py, PyAny>> {
    value.ok_or_else(|| {
        pyo3::exceptions::PyTypeError::new_err(format!(
            "{class}() missing required argument: '{name}'"
        ))
    })
}

/// UPay's `api_key` argument, or its alias `app_id` (the name before the API key was
/// known to be what UPay expects); giving both is a `TypeError`.
fn upay_api_key(class: &str, api_key: Option<String>, app_id: Option<String>) -> PyResult<String> {
    match (api_key, app_id) {
        (Some(k), None) | (None, Some(k)) => Ok(k),
        (Some(_), Some(_)) => Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{class}() got both 'api_key' and its alias 'app_id': give one"
        ))),
        (None, None) => Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{class}() missing required argument: 'api_key'"
        ))),
    }
}

/// UPay, merchant side: `UPay(api_key, secret, private_key, provider_public_key)`
/// (`app_id=` is accepted as an alias of `api_key=`).
#[pyclass(frozen, module = "cardseal", name = "UPay")]
pub struct UPay {
    pub(crate) inner: upay::UPay,
}

#[pymethods]
impl UPay {
    #[new]
    #[pyo3(signature = (api_key = None, secret = None, private_key = None, provider_public_key = None, *, app_id = None, replay_window_ms = None, max_inflated_bytes = None, seed = None, now_ms = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: Option<String>,
        secret: Option<&Bound<'_, PyAny>>,
        private_key: Option<&Bound<'_, PyAny>>,
        provider_public_key: Option<&Bound<'_, PyAny>>,
        app_id: Option<String>,
        replay_window_ms: Option<i64>,
        max_inflated_bytes: Option<usize>,
        seed: Option<&Bound<'_, PyAny>>,
        now_ms: Option<i64>,
    ) -> PyResult<Self> {
        let api_key = upay_api_key("UPay", api_key, app_id)?;
        let secret = required(secret, "UPay", "secret")?;
        let private_key = required(private_key, "UPay", "private_key")?;
        let provider_public_key = required(provider_public_key, "UPay", "provider_public_key")?;
        let secret = cardseal::SecretString::new(text(secret, "secret")?.into_string());
        let k = self::private_key(py, private_key, "private_key")?;
        let pk = self::public_key(py, provider_public_key, "provider_public_key")?;
        let mut inner =
            upay::UPay::new(&api_key, secret.expose(), k, pk, env(seed, now_ms)?).py_err()?;
        if let Some(w) = replay_window_ms {
            inner = inner.with_replay_window_ms(w).py_err()?;
        }
        if let Some(m) = max_inflated_bytes {
            inner = inner.with_max_inflated_bytes(m);
        }
        Ok(UPay { inner })
    }

    /// The merchant's API key (sent as `X-UPA-APIKEY`).
    #[getter]
    fn api_key(&self) -> &str {
        self.inner.api_key()
    }

    /// Deprecated alias of `api_key`.
    #[getter]
    fn app_id(&self) -> &str {
        self.inner.api_key()
    }

    /// The mirror: the platform's side, holding the platform private key.
    fn provider(
        &self,
        py: Python<'_>,
        platform_private_key: &Bound<'_, PyAny>,
    ) -> PyResult<UPayProvider> {
        let k = self::private_key(py, platform_private_key, "platform_private_key")?;
        Ok(UPayProvider {
            inner: self.inner.provider(k),
        })
    }

    /// UPay's `SIGN_PARAM` of a params object.
    #[staticmethod]
    fn sign_param(py: Python<'_>, params: &Bound<'_, PyAny>) -> PyResult<String> {
        let p = payload(params, "params")?;
        py.detach(|| upay::sign_param(&p.into_json())).py_err()
    }

    /// b64(HMAC-SHA256(secret, data)), the `X-UPA-SIGN` value of a string to sign.
    #[staticmethod]
    fn hmac_sign(
        py: Python<'_>,
        secret: &Bound<'_, PyAny>,
        data: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let s =
            cardseal::SecretBytes::new(crate::convert::bytes_like(secret, "secret")?.into_vec());
        let d = crate::convert::bytes_like(data, "data")?;
        Ok(py.detach(|| upay::hmac_sign(s.expose(), &d)))
    }

    /// The JWE `kid` of a platform public key: hex(SHA-256(its SPKI PEM text)).
    #[staticmethod]
    fn key_id(py: Python<'_>, public_key: &Bound<'_, PyAny>) -> PyResult<String> {
        let pk = self::public_key(py, public_key, "public_key")?;
        py.detach(|| upay::key_id(&pk)).py_err()
    }

    fn __repr__(&self) -> String {
        format!("UPay(api_key={:?})", self.inner.api_key())
    }
}

/// UPay's side (mirror).
#[pyclass(frozen, module = "cardseal", name = "UPayProvider")]
pub struct UPayProvider {
    pub(crate) inner: upay::UPayProvider,
}

#[pymethods]
impl UPayProvider {
    #[new]
    #[pyo3(signature = (api_key, secret, platform_private_key, merchant_public_key, *, replay_window_ms = None, max_inflated_bytes = None, seed = None, now_ms = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: &str,
        secret: &Bound<'_, PyAny>,
        platform_private_key: &Bound<'_, PyAny>,
        merchant_public_key: &Bound<'_, PyAny>,
        replay_window_ms: Option<i64>,
        max_inflated_bytes: Option<usize>,
        seed: Option<&Bound<'_, PyAny>>,
        now_ms: Option<i64>,
    ) -> PyResult<Self> {
        let secret = cardseal::SecretString::new(text(secret, "secret")?.into_string());
        let k = self::private_key(py, platform_private_key, "platform_private_key")?;
        let pk = self::public_key(py, merchant_public_key, "merchant_public_key")?;
        let mut inner =
            upay::UPayProvider::new(api_key, secret.expose(), k, pk, env(seed, now_ms)?)
                .py_err()?;
        if let Some(w) = replay_window_ms {
            inner = inner.with_replay_window_ms(w).py_err()?;
        }
        if let Some(m) = max_inflated_bytes {
            inner = inner.with_max_inflated_bytes(m);
        }
        Ok(UPayProvider { inner })
    }

    fn __repr__(&self) -> String {
        "UPayProvider(..)".to_owned()
    }
}

// ---------------------------------------------------------------------------------------
// KazePay
// ---------------------------------------------------------------------------------------

fn profile(
    digest: &str,
    signed_content: &str,
    key_wrapping: &str,
    aes_key_bits: u32,
) -> PyResult<kazepay::KazePayProfile> {
    kazepay::KazePayProfile::from_names(digest, signed_content, key_wrapping, aes_key_bits).py_err()
}

/// A sealed KazePay `fileUpload`: a multipart/form-data body.
#[pyclass(frozen, module = "cardseal", name = "MultipartUpload")]
pub struct MultipartUpload {
    /// The whole HTTP body.
    #[pyo3(get)]
    body: Py<PyBytes>,
    /// The `Content-Type` header value (`multipart/form-data; boundary=...`).
    #[pyo3(get)]
    content_type: String,
    /// The boundary.
    #[pyo3(get)]
    boundary: String,
    /// The `request` part's text (the sealed envelope JSON).
    #[pyo3(get)]
    request_json: String,
    /// The envelope's intermediate values.
    #[pyo3(get)]
    trace: Py<PyDict>,
    body_len: usize,
}

#[pymethods]
impl MultipartUpload {
    /// The headers to send: `{"Content-Type": ...}`.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("Content-Type", &self.content_type)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "MultipartUpload(body=<{} bytes>, content_type={:?})",
            self.body_len, self.content_type
        )
    }
}

/// KazePay, merchant side: `KazePay(sys_id, private_key, provider_public_key, **profile)`.
#[pyclass(frozen, module = "cardseal", name = "KazePay")]
pub struct KazePay {
    pub(crate) inner: kazepay::KazePay,
    sys_id: String,
}

#[pymethods]
impl KazePay {
    #[new]
    #[pyo3(signature = (sys_id, private_key, provider_public_key, *, digest = "sha1", signed_content = "plaintext", key_wrapping = "base64_text", aes_key_bits = 128, seed = None, now_ms = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        sys_id: &str,
        private_key: &Bound<'_, PyAny>,
        provider_public_key: &Bound<'_, PyAny>,
        digest: &str,
        signed_content: &str,
        key_wrapping: &str,
        aes_key_bits: u32,
        seed: Option<&Bound<'_, PyAny>>,
        now_ms: Option<i64>,
    ) -> PyResult<Self> {
        let p = profile(digest, signed_content, key_wrapping, aes_key_bits)?;
        let k = self::private_key(py, private_key, "private_key")?;
        let pk = self::public_key(py, provider_public_key, "provider_public_key")?;
        let inner = kazepay::KazePay::new(sys_id, k, pk, p, env(seed, now_ms)?).py_err()?;
        Ok(KazePay {
            inner,
            sys_id: sys_id.to_owned(),
        })
    }

    /// The profile options, e.g. `"digest=sha1 signed_content=plaintext key_wrapping=base64_text aes_key_bits=128"`.
    #[getter]
    fn profile(&self) -> String {
        self.inner.profile().describe()
    }

    /// Seals a `fileUpload` as multipart/form-data: the envelope of `body` in the
    /// `request` part, `file` passed through untouched.
    #[pyo3(signature = (body, file, *, file_name, content_type = "application/octet-stream", request_no = None))]
    fn seal_file_upload(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        file: &Bound<'_, PyAny>,
        file_name: &str,
        content_type: &str,
        request_no: Option<&str>,
    ) -> PyResult<MultipartUpload> {
        let p = payload(body, "body")?;
        let data = crate::convert::bytes_strict(file, "file")?;
        let up = py
            .detach(|| {
                let part = kazepay::FilePart {
                    file_name,
                    content_type,
                    data: &data,
                };
                self.inner
                    .seal_file_upload(&p.into_json(), request_no, &part)
            })
            .py_err()?;
        let trace = crate::sealed::trace_dict(py, &up.trace)?;
        Ok(MultipartUpload {
            body_len: up.body.len(),
            body: PyBytes::new(py, &up.body).unbind(),
            content_type: up.content_type,
            boundary: up.boundary,
            request_json: up.request_json,
            trace: trace.unbind(),
        })
    }

    /// The mirror: KazePay's side, holding KazePay's private key (same profile).
    fn provider(
        &self,
        py: Python<'_>,
        provider_private_key: &Bound<'_, PyAny>,
    ) -> PyResult<KazePayProvider> {
        let k = self::private_key(py, provider_private_key, "provider_private_key")?;
        Ok(KazePayProvider {
            inner: self.inner.provider(k),
        })
    }

    /// Tries every profile on one received envelope and reports which options open and
    /// verify it: `{"matches": [profile...], "attempts": [(profile, kind | None)...],
    /// "body": str | None, "summary": str}`.
    #[staticmethod]
    fn detect<'py>(
        py: Python<'py>,
        message: &Bound<'py, PyAny>,
        recipient_private_key: &Bound<'py, PyAny>,
        sender_public_key: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let m = text(message, "message")?;
        let k = self::private_key(py, recipient_private_key, "recipient_private_key")?;
        let pk = self::public_key(py, sender_public_key, "sender_public_key")?;
        let r = py.detach(|| kazepay::detect(&m, &k, &pk)).py_err()?;
        let d = PyDict::new(py);
        let matches = PyList::empty(py);
        for p in &r.matches {
            matches.append(p.describe())?;
        }
        let attempts = PyList::empty(py);
        for a in &r.attempts {
            attempts.append((a.profile.describe(), a.error.map(|k| k.as_str())))?;
        }
        d.set_item("matches", matches)?;
        d.set_item("attempts", attempts)?;
        d.set_item("body", r.body.as_deref())?;
        d.set_item("summary", r.summary())?;
        Ok(d)
    }

    /// The multipart/form-data body KazePay's `fileUpload` expects (`file` part, then
    /// `request` part), with the given boundary.
    #[staticmethod]
    #[pyo3(signature = (boundary, file, request_json, *, file_name, content_type = "application/octet-stream"))]
    fn multipart_body(
        py: Python<'_>,
        boundary: &str,
        file: &Bound<'_, PyAny>,
        request_json: &str,
        file_name: &str,
        content_type: &str,
    ) -> PyResult<Py<PyBytes>> {
        let data = crate::convert::bytes_strict(file, "file")?;
        let body = py
            .detach(|| {
                let part = kazepay::FilePart {
                    file_name,
                    content_type,
                    data: &data,
                };
                kazepay::multipart_body(boundary, &part, request_json)
            })
            .py_err()?;
        Ok(PyBytes::new(py, &body).unbind())
    }

    fn __repr__(&self) -> String {
        format!(
            "KazePay(sys_id={:?}, profile={:?})",
            self.sys_id,
            self.inner.profile().describe()
        )
    }
}

/// KazePay's side (mirror).
#[pyclass(frozen, module = "cardseal", name = "KazePayProvider")]
pub struct KazePayProvider {
    pub(crate) inner: kazepay::KazePayProvider,
}

#[pymethods]
impl KazePayProvider {
    #[new]
    #[pyo3(signature = (sys_id, provider_private_key, merchant_public_key, *, digest = "sha1", signed_content = "plaintext", key_wrapping = "base64_text", aes_key_bits = 128, seed = None, now_ms = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        sys_id: &str,
        provider_private_key: &Bound<'_, PyAny>,
        merchant_public_key: &Bound<'_, PyAny>,
        digest: &str,
        signed_content: &str,
        key_wrapping: &str,
        aes_key_bits: u32,
        seed: Option<&Bound<'_, PyAny>>,
        now_ms: Option<i64>,
    ) -> PyResult<Self> {
        let p = profile(digest, signed_content, key_wrapping, aes_key_bits)?;
        let k = self::private_key(py, provider_private_key, "provider_private_key")?;
        let pk = self::public_key(py, merchant_public_key, "merchant_public_key")?;
        let inner = kazepay::KazePayProvider::new(sys_id, k, pk, p, env(seed, now_ms)?).py_err()?;
        Ok(KazePayProvider { inner })
    }

    fn __repr__(&self) -> String {
        "KazePayProvider(..)".to_owned()
    }
}

/// Registers the provider classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Asinx>()?;
    m.add_class::<AsinxProvider>()?;
    m.add_class::<Paytend>()?;
    m.add_class::<PaytendProvider>()?;
    m.add_class::<HyperCard>()?;
    m.add_class::<HyperCardProvider>()?;
    m.add_class::<UPay>()?;
    m.add_class::<UPayProvider>()?;
    m.add_class::<KazePay>()?;
    m.add_class::<KazePayProvider>()?;
    m.add_class::<MultipartUpload>()?;
    Ok(())
}
