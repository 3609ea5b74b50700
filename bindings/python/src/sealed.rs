//! `cardseal.Sealed`: what `seal_*` returns.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};

use cardseal::providers::Trace;

use crate::convert::headers_dict;

/// A sealed message: `.body` (exactly the text to send), `.headers` (the provider's
/// authentication headers) and `.trace` (the intermediate values, for debugging).
///
/// The trace (which can hold several copies of a multi-megabyte payload) is converted to
/// Python objects only when first read, so sealing big payloads spends as little time as
/// possible holding the GIL.
#[pyclass(frozen, module = "cardseal", name = "Sealed")]
pub struct Sealed {
    body: Py<PyString>,
    headers: Py<PyDict>,
    steps: Trace,
    trace: PyOnceLock<Py<PyDict>>,
    trace_steps: PyOnceLock<Py<PyList>>,
    body_len: usize,
    header_names: Vec<String>,
}

impl Sealed {
    /// Converts a core `Sealed` (with the GIL held).
    pub fn from_core(py: Python<'_>, s: cardseal::providers::Sealed) -> PyResult<Self> {
        Ok(Sealed {
            body: PyString::new(py, &s.body).unbind(),
            headers: headers_dict(py, &s.headers)?.unbind(),
            steps: s.trace,
            trace: PyOnceLock::new(),
            trace_steps: PyOnceLock::new(),
            body_len: s.body.len(),
            header_names: s.headers.into_iter().map(|(k, _)| k).collect(),
        })
    }
}

/// The trace steps as a dict: the first value of a name wins (as `Trace::get` does).
/// Lazy steps are computed first, with the GIL released.
pub fn trace_dict<'py>(py: Python<'py>, steps: &Trace) -> PyResult<Bound<'py, PyDict>> {
    py.detach(|| steps.iter().for_each(drop));
    let trace = PyDict::new(py);
    for (name, value) in steps.iter() {
        if !trace.contains(name)? {
            trace.set_item(name, value)?;
        }
    }
    Ok(trace)
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
    fn trace(&self, py: Python<'_>) -> PyResult<Py<PyDict>> {
        self.trace
            .get_or_try_init(py, || trace_dict(py, &self.steps).map(Bound::unbind))
            .map(|d| d.clone_ref(py))
    }

    /// Every trace step as `(name, value)` pairs, repeated names included.
    #[getter]
    fn trace_steps(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        self.trace_steps
            .get_or_try_init(py, || -> PyResult<Py<PyList>> {
                py.detach(|| self.steps.iter().for_each(drop));
                let steps = PyList::empty(py);
                for (name, value) in self.steps.iter() {
                    steps.append((name, value))?;
                }
                Ok(steps.unbind())
            })
            .map(|l| l.clone_ref(py))
    }

    fn __repr__(&self) -> String {
        format!(
            "Sealed(body=<{} bytes>, headers={:?})",
            self.body_len, self.header_names
        )
    }
}
