//! `cardseal.Sealed`: what `seal_*` returns.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::convert::headers_dict;

/// A sealed message: `.body` (exactly the text to send), `.headers` (the provider's
/// authentication headers) and `.trace` (the intermediate values, for debugging).
#[pyclass(frozen, module = "cardseal", name = "Sealed")]
pub struct Sealed {
    body: Py<PyString>,
    headers: Py<PyDict>,
    trace: Py<PyDict>,
    trace_steps: Py<PyList>,
    body_len: usize,
    header_names: Vec<String>,
}

impl Sealed {
    /// Converts a core `Sealed` (with the GIL held).
    pub fn from_core(py: Python<'_>, s: cardseal::providers::Sealed) -> PyResult<Self> {
        let trace = PyDict::new(py);
        let steps = PyList::empty(py);
        for (name, value) in &s.trace.steps {
            // The first value of a name wins in the dict (as `Trace::get` does); every
            // step is in `trace_steps`.
            if !trace.contains(name)? {
                trace.set_item(name, value)?;
            }
            steps.append((name, value))?;
        }
        Ok(Sealed {
            body: PyString::new(py, &s.body).unbind(),
            headers: headers_dict(py, &s.headers)?.unbind(),
            trace: trace.unbind(),
            trace_steps: steps.unbind(),
            body_len: s.body.len(),
            header_names: s.headers.into_iter().map(|(k, _)| k).collect(),
        })
    }
}

#[pymethods]
impl Sealed {
    /// The HTTP body: exactly the text to send.
    #[getter]
    fn body(&self, py: Python<'_>) -> Py<PyString> {
        self.body.clone_ref(py)
    }

    /// The provider's authentication headers (name → value, in a stable order).
    #[getter]
    fn headers(&self, py: Python<'_>) -> Py<PyDict> {
        self.headers.clone_ref(py)
    }

    /// The intermediate values (name → value, in the order computed).
    #[getter]
    fn trace(&self, py: Python<'_>) -> Py<PyDict> {
        self.trace.clone_ref(py)
    }

    /// Every trace step as `(name, value)` pairs, repeated names included.
    #[getter]
    fn trace_steps(&self, py: Python<'_>) -> Py<PyList> {
        self.trace_steps.clone_ref(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "Sealed(body=<{} bytes>, headers={:?})",
            self.body_len, self.header_names
        )
    }
}
