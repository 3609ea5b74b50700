//! The exception hierarchy, defined once here: `cardseal.Error` and one subclass per
//! [`cardseal::ErrorKind`], each with a class attribute `kind` (`ErrorKind::as_str()`).

use pyo3::exceptions::PyException;
use pyo3::prelude::*;

pyo3::create_exception!(
    cardseal,
    Error,
    PyException,
    "Base class of every cardseal error. `.kind` is the machine-readable kind \
     (\"invalid_key\", \"invalid_input\", ...)."
);
pyo3::create_exception!(
    cardseal,
    InvalidKey,
    Error,
    "A key could not be parsed or used (the message names what was seen). `.problem` is \
     \"malformed\", \"unsupported\", \"size\", \"inconsistent\" or \"rejected\"."
);
pyo3::create_exception!(
    cardseal,
    InvalidInput,
    Error,
    "Input that is not what the scheme expects: bad JSON, bad base64/hex, missing \
     field, over-size input. `.field` names the field."
);
pyo3::create_exception!(
    cardseal,
    SignatureMismatch,
    Error,
    "A signature, MAC or digest did not verify, or an identity the message carries is not \
     ours. `.check` names which (\"signature\", \"sign header\", \"X-UPA-SIGN\", ...)."
);
pyo3::create_exception!(
    cardseal,
    DecryptionFailed,
    Error,
    "Decryption failed (one uniform error for every padding/key/tag failure)."
);
pyo3::create_exception!(
    cardseal,
    ProviderError,
    Error,
    "The provider reported a failure; `.code` and `.message` are as sent. `.result` is the \
     payload sent along with the failure, opened, as its exact JSON text (ASINX: an \
     encrypted `result` that opens with the secret), and `.data` the same parsed like an \
     opened payload; both are None when there was none or it did not open."
);
pyo3::create_exception!(
    cardseal,
    Expired,
    Error,
    "A signed timestamp is outside the accepted window."
);
pyo3::create_exception!(
    cardseal,
    Unavailable,
    Error,
    "The environment could not provide what the operation needs (the OS random source \
     failed, or the clock is out of range); `.resource` is \"entropy\" or \"clock\". Not \
     the input's fault: retrying later may work."
);

/// Registers the exception classes on the module and sets their `kind` attributes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let base = py.get_type::<Error>();
    base.setattr("kind", py.None())?;
    m.add("Error", base)?;
    for kind in cardseal::ErrorKind::ALL {
        let ty = type_for(py, kind);
        ty.setattr("kind", kind.as_str())?;
        // Defaults for the attributes set on instances.
        match kind {
            cardseal::ErrorKind::ProviderError => {
                // Text, as on every raised instance (the stubs type them `str`).
                ty.setattr("code", "")?;
                ty.setattr("message", "")?;
                ty.setattr("result", py.None())?;
                ty.setattr("data", py.None())?;
            }
            cardseal::ErrorKind::InvalidInput => ty.setattr("field", py.None())?,
            cardseal::ErrorKind::SignatureMismatch => ty.setattr("check", py.None())?,
            cardseal::ErrorKind::InvalidKey => ty.setattr("problem", py.None())?,
            cardseal::ErrorKind::Unavailable => ty.setattr("resource", py.None())?,
            _ => {}
        }
        m.add(kind.type_name(), ty)?;
    }
    Ok(())
}

fn type_for(py: Python<'_>, kind: cardseal::ErrorKind) -> Bound<'_, pyo3::types::PyType> {
    match kind {
        cardseal::ErrorKind::InvalidKey => py.get_type::<InvalidKey>(),
        cardseal::ErrorKind::InvalidInput => py.get_type::<InvalidInput>(),
        cardseal::ErrorKind::SignatureMismatch => py.get_type::<SignatureMismatch>(),
        cardseal::ErrorKind::DecryptionFailed => py.get_type::<DecryptionFailed>(),
        cardseal::ErrorKind::ProviderError => py.get_type::<ProviderError>(),
        cardseal::ErrorKind::Expired => py.get_type::<Expired>(),
        cardseal::ErrorKind::Unavailable => py.get_type::<Unavailable>(),
        // `ErrorKind` is non-exhaustive: a future kind is still a `cardseal.Error`.
        _ => py.get_type::<Error>(),
    }
}

/// Converts a core error into the Python exception of its kind, with its details as
/// attributes (`field`; `code`/`message`/`result`/`data`; `timestamp_ms`/`now_ms`/
/// `max_age_ms`). `result` is the opened text exactly (or None) and `data` that text parsed
/// as `parse_json` parses opened payloads (None when there is no result).
pub fn to_py(e: cardseal::Error) -> PyErr {
    Python::attach(|py| {
        let ty = type_for(py, e.kind());
        let err = PyErr::from_type(ty, e.to_string());
        let value = err.value(py);
        // Setting attributes on a fresh exception instance cannot fail in practice; if it
        // did, the exception would still carry its kind and message.
        let _ = match &e {
            cardseal::Error::ProviderError {
                code,
                message,
                result,
            } => value
                .setattr("code", code)
                .and_then(|()| value.setattr("message", message))
                .and_then(|()| value.setattr("result", result.as_deref()))
                .and_then(|()| match result {
                    // The core hands over only text that parsed as JSON.
                    Some(text) => value.setattr("data", crate::convert::parse_json(py, text)?),
                    None => Ok(()),
                }),
            cardseal::Error::InvalidInput { field, .. } => value.setattr("field", field),
            cardseal::Error::SignatureMismatch { what } => value.setattr("check", what.as_str()),
            cardseal::Error::InvalidKey { problem, .. } => {
                value.setattr("problem", problem.as_str())
            }
            cardseal::Error::Unavailable { resource, .. } => {
                value.setattr("resource", resource.as_str())
            }
            cardseal::Error::Expired {
                timestamp_ms,
                now_ms,
                max_age_ms,
            } => value
                .setattr("timestamp_ms", timestamp_ms)
                .and_then(|()| value.setattr("now_ms", now_ms))
                .and_then(|()| value.setattr("max_age_ms", max_age_ms)),
            _ => Ok(()),
        };
        err
    })
}

/// A binding-side input error (wrong Python type, bad UTF-8 ...) as `cardseal.InvalidInput`.
pub fn invalid_input(field: &str, reason: impl Into<String>) -> PyErr {
    to_py(cardseal::Error::invalid_input(field, reason))
}

/// `Result<T, cardseal::Error>` → `PyResult<T>`.
pub trait IntoPy<T> {
    /// Maps the error with [`to_py`].
    fn py_err(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for cardseal::Result<T> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}
