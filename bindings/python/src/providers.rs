//! The provider classes' extras that the declaration (`bindings/declaration.rs`,
//! expanded in `generated.rs`) does not cover: static helpers, card details, KazePay's
//! file upload and profile detection, ASINX's error response with a result, and UPay's
//! constructor (which also accepts the old `app_id` name of `api_key`). Each method
//! converts its arguments, calls the core with the GIL released, and converts the result.

use cardseal::providers::{hypercard, kazepay, upay};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use crate::convert::{env, payload, text};
use crate::errors::IntoPy;
use crate::generated::{
    Asinx, AsinxProvider, HyperCard, HyperCardProvider, KazePay, KazePayProvider, Paytend,
    PaytendProvider, UPay, UPayProvider,
};
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

#[pymethods]
impl AsinxProvider {
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
}

#[pymethods]
impl Paytend {
    /// A new request id (partnerId + `yyyyMMddHHmmssSSS`).
    fn request_id(&self) -> PyResult<String> {
        self.inner.request_id().py_err()
    }
}

#[pymethods]
impl HyperCard {
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
}

#[pymethods]
impl HyperCardProvider {
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
}

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
        max_inflated_bytes: Option<i64>,
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
            let m = usize::try_from(m).map_err(|_| {
                crate::errors::invalid_input("max_inflated_bytes", "must not be negative")
            })?;
            inner = inner.with_max_inflated_bytes(m);
        }
        Ok(UPay { inner })
    }

    /// Deprecated alias of `api_key`.
    #[getter]
    fn app_id(&self) -> &str {
        self.inner.api_key()
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
}

/// A sealed KazePay `fileUpload`: a multipart/form-data body.
#[pyclass(frozen, module = "cardseal")]
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

#[pymethods]
impl KazePay {
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
}

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
