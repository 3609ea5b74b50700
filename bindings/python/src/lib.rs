//! Python binding of cardseal (module `cardseal`, native part `cardseal._native`).
//!
//! A thin layer: Python values are converted to what the core takes (JSON text, key
//! bytes, header pairs, an `Env`), the core does all the work with the GIL released, and
//! results are converted back. No crypto and no canonicalization here.

use pyo3::prelude::*;

mod convert;
mod errors;
mod generated;
mod hazmat;
mod keys;
mod providers;
mod sealed;

/// The native module `cardseal._native`; `cardseal/__init__.py` re-exports it.
#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    m.add_class::<sealed::Sealed>()?;
    m.add_function(wrap_pyfunction!(keys::generate_rsa_key, m)?)?;
    m.add_function(wrap_pyfunction!(keys::public_key_pem, m)?)?;
    providers::register(m)?;
    hazmat::register(m)?;
    Ok(())
}
