//! `cardseal.hazmat`: the primitives and canonicalizers, each a direct call into the
//! core with the GIL released.

use std::borrow::Cow;

use cardseal::canonical::{form, json};
use cardseal::hazmat::{aes, digest, jwe};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::convert::{Bytes, bytes_like, bytes_strict, env, payload, text};
use crate::errors::{IntoPy, invalid_input};
use crate::keys::{RsaPrivateKey, RsaPublicKey, private_key, public_key};

include!("../../declaration.rs");

fn padding(name: &str) -> PyResult<aes::Padding> {
    match name {
        "pkcs7" => Ok(aes::Padding::Pkcs7),
        "none" => Ok(aes::Padding::None),
        other => Err(invalid_input(
            "padding",
            format!("unknown padding {other:?} (\"pkcs7\" or \"none\")"),
        )),
    }
}

fn hash_alg(name: &str) -> PyResult<digest::HashAlg> {
    match name {
        "sha256" => Ok(digest::HashAlg::Sha256),
        "sha1" => Ok(digest::HashAlg::Sha1),
        "md5" => Ok(digest::HashAlg::Md5),
        other => Err(invalid_input(
            "hash",
            format!("unknown hash {other:?} (\"sha256\", \"sha1\", \"md5\")"),
        )),
    }
}

fn b(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Bytes> {
    bytes_strict(obj, field)
}

fn out(py: Python<'_>, data: &[u8]) -> Py<PyBytes> {
    PyBytes::new(py, data).unbind()
}

/// HyperCard's signature string: `headers` fields merged with the `body` object's
/// top-level fields (body wins), `signature`/empty/hollow dropped, code point order, every
/// value as Python `str()` then `'`→`"`, `, `→`,`, `: `→`:`. `numbers="python"` writes
/// numbers as Python floats would print; `python_version` picks whose `repr()` escapes
/// non-ASCII characters ("3.11" to "3.14", default the newest).
#[pyfunction]
#[pyo3(signature = (body, headers = None, *, numbers = "as_written", python_version = "3.14"))]
fn form_nonempty_sorted_nested_python_str(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    headers: Option<&Bound<'_, PyAny>>,
    numbers: &str,
    python_version: &str,
) -> PyResult<String> {
    let python: form::PythonVersion = python_version.parse().py_err()?;
    let numbers = match numbers {
        "as_written" => form::NumberStyle::AsWritten,
        "python" => form::NumberStyle::Python,
        other => {
            return Err(invalid_input(
                "numbers",
                format!("unknown numbers style {other:?} (\"as_written\", \"python\")"),
            ));
        }
    };
    let body = payload(body, "body")?;
    let headers = match headers {
        Some(h) if !h.is_none() => Some(payload(h, "headers")?),
        _ => None,
    };
    py.detach(|| {
        let rule = form::FormRule {
            numbers,
            python,
            ..form::FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR
        };
        let body_text = body.into_json();
        let headers_text = headers.map(|h| h.into_json());
        let body = json::parse(&body_text)?;
        let headers = headers_text.as_deref().map(json::parse).transpose()?;
        let Some(body_fields) = body.as_object() else {
            return form::render_object(&rule, &body);
        };
        let mut fields: Vec<(Cow<'_, str>, json::Json<'_>)> = Vec::new();
        if let Some(h) = &headers {
            let Some(members) = h.as_object() else {
                return Err(cardseal::Error::invalid_input(
                    "headers",
                    "expected a JSON object",
                ));
            };
            fields.extend(members.iter().cloned());
        }
        fields.extend(body_fields.iter().cloned());
        form::render(&rule, &fields)
    })
    .py_err()
}

fn content_encryption(name: &str) -> PyResult<jwe::ContentEncryption> {
    jwe::ContentEncryption::from_name(name)
        .ok_or_else(|| invalid_input("enc", format!("unknown enc {name:?} (A128GCM, A256GCM)")))
}

fn decrypt_options(enc: &str, max_inflated_bytes: Option<usize>) -> PyResult<jwe::DecryptOptions> {
    Ok(jwe::DecryptOptions {
        enc: content_encryption(enc)?,
        max_inflated_bytes: max_inflated_bytes.unwrap_or(jwe::DEFAULT_MAX_INFLATED_BYTES),
    })
}

fn decrypted<'py>(py: Python<'py>, d: jwe::Decrypted) -> PyResult<Bound<'py, PyDict>> {
    let r = PyDict::new(py);
    r.set_item("header_json", d.header_json)?;
    r.set_item("plaintext", PyBytes::new(py, &d.plaintext))?;
    Ok(r)
}

/// JWE compact serialization: RSA-OAEP-256 key wrap to `public_key`, AES-GCM content
/// encryption, optional raw-DEFLATE (`zip=True`). Returns `{"compact", "header_json"}`.
/// `seed`/`now_ms` are test-only.
#[pyfunction]
#[pyo3(signature = (plaintext, public_key, *, enc = "A128GCM", zip = false, typ = None, kid = None, seed = None))]
#[allow(clippy::too_many_arguments)]
fn jwe_encrypt<'py>(
    py: Python<'py>,
    plaintext: &Bound<'py, PyAny>,
    public_key: &Bound<'py, PyAny>,
    enc: &str,
    zip: bool,
    typ: Option<String>,
    kid: Option<String>,
    seed: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let key = self::public_key(py, public_key, "public_key")?;
    let p = bytes_like(plaintext, "plaintext")?;
    let opts = jwe::EncryptOptions {
        enc: content_encryption(enc)?,
        zip,
        typ,
        kid,
    };
    let env = env(seed, None)?;
    let e = py.detach(|| jwe::encrypt(&p, &key, &opts, &env)).py_err()?;
    let r = PyDict::new(py);
    r.set_item("compact", e.compact)?;
    r.set_item("header_json", e.header_json)?;
    Ok(r)
}

/// Decrypts a compact JWE with `private_key`: `{"header_json", "plaintext": bytes}`.
#[pyfunction]
#[pyo3(signature = (compact, private_key, *, enc = "A128GCM", max_inflated_bytes = None))]
fn jwe_decrypt<'py>(
    py: Python<'py>,
    compact: &Bound<'py, PyAny>,
    private_key: &Bound<'py, PyAny>,
    enc: &str,
    max_inflated_bytes: Option<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let key = self::private_key(py, private_key, "private_key")?;
    let c = text(compact, "compact")?;
    let o = decrypt_options(enc, max_inflated_bytes)?;
    let d = py.detach(|| jwe::decrypt(&c, &key, &o)).py_err()?;
    decrypted(py, d)
}

/// Decrypts a compact JWE with a known content-encryption key (`cek`).
#[pyfunction]
#[pyo3(signature = (compact, cek, *, enc = "A128GCM", max_inflated_bytes = None))]
fn jwe_decrypt_with_cek<'py>(
    py: Python<'py>,
    compact: &Bound<'py, PyAny>,
    cek: &Bound<'py, PyAny>,
    enc: &str,
    max_inflated_bytes: Option<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let c = text(compact, "compact")?;
    let k = b(cek, "cek")?;
    let o = decrypt_options(enc, max_inflated_bytes)?;
    let d = py.detach(|| jwe::decrypt_with_cek(&c, &k, &o)).py_err()?;
    decrypted(py, d)
}

/// JWE content encryption alone: AES-GCM under `cek`/`iv` with AAD `ascii(header_b64u)`.
/// Returns `(ciphertext, tag)`.
#[pyfunction]
#[pyo3(signature = (header_b64u, cek, iv, content, *, enc = "A128GCM"))]
fn jwe_seal_content(
    py: Python<'_>,
    header_b64u: &str,
    cek: &Bound<'_, PyAny>,
    iv: &Bound<'_, PyAny>,
    content: &Bound<'_, PyAny>,
    enc: &str,
) -> PyResult<(Py<PyBytes>, Py<PyBytes>)> {
    let e = content_encryption(enc)?;
    let (k, i, c) = (b(cek, "cek")?, b(iv, "iv")?, b(content, "content")?);
    let (ct, tag) = py
        .detach(|| jwe::seal_content(e, header_b64u, &k, &i, &c))
        .py_err()?;
    Ok((out(py, &ct), out(py, &tag)))
}

/// Registers `cardseal._native.hazmat`.
pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "hazmat")?;
    m.add_class::<RsaPrivateKey>()?;
    m.add_class::<RsaPublicKey>()?;
    register_generated(&m)?;
    m.add_function(wrap_pyfunction!(
        form_nonempty_sorted_nested_python_str,
        &m
    )?)?;
    m.add_function(wrap_pyfunction!(jwe_encrypt, &m)?)?;
    m.add_function(wrap_pyfunction!(jwe_decrypt, &m)?)?;
    m.add_function(wrap_pyfunction!(jwe_decrypt_with_cek, &m)?)?;
    m.add_function(wrap_pyfunction!(jwe_seal_content, &m)?)?;
    parent.add_submodule(&m)?;
    parent.add("hazmat", m)?;
    Ok(())
}

// ---- The functions of the hazmat declaration (bindings/declaration.rs). ----

/// The Python-facing type of a hazmat argument of `KIND [DEFAULT]`.
macro_rules! hz_ty {
    (padding $($d:tt)?) => { &str };
    (hash $($d:tt)?) => { &str };
    (bool $($d:tt)?) => { bool };
    ($kind:ident None) => { Option<&Bound<'_, PyAny>> };
    ($kind:ident) => { &Bound<'_, PyAny> };
}

/// Converts hazmat argument `$a` (errors name `$field`) into what the declared call takes.
macro_rules! hz_conv {
    ($py:ident, bytes None, $a:ident, $field:expr) => {
        let $a = match $a {
            Some(x) => b(x, $field)?,
            None => Bytes::Owned(Vec::new()),
        };
    };
    ($py:ident, seed None, $a:ident, $field:expr) => {
        let $a = env($a, None)?;
    };
    ($py:ident, bytes, $a:ident, $field:expr) => {
        let $a = b($a, $field)?;
    };
    ($py:ident, secret, $a:ident, $field:expr) => {
        let $a = b($a, $field)?;
    };
    ($py:ident, encoded, $a:ident, $field:expr) => {
        let $a = bytes_like($a, $field)?;
    };
    ($py:ident, json, $a:ident, $field:expr) => {
        let $a = payload($a, $field)?.into_json();
    };
    ($py:ident, padding $d:tt, $a:ident, $field:expr) => {
        let $a = padding($a)?;
    };
    ($py:ident, hash $d:tt, $a:ident, $field:expr) => {
        let $a = hash_alg($a)?;
    };
    ($py:ident, private_key, $a:ident, $field:expr) => {
        let $a = private_key($py, $a, $field)?;
    };
    ($py:ident, public_key, $a:ident, $field:expr) => {
        let $a = public_key($py, $a, $field)?;
    };
    ($py:ident, bool $d:tt, $a:ident, $field:expr) => {};
}

/// The name errors report for an argument.
macro_rules! hz_field {
    ($a:ident) => {
        stringify!($a)
    };
    ($a:ident $f:literal) => {
        $f
    };
}

/// The Python return type and conversion of a hazmat result.
macro_rules! hz_ret {
    (ty bytes) => { Py<PyBytes> };
    (ty secret_bytes) => { Py<PyBytes> };
    (ty string) => { String };
    (ty unit) => { () };
    (bytes, $py:ident, $r:expr) => { Ok(out($py, &$r)) };
    (secret_bytes, $py:ident, $r:expr) => { Ok(out($py, $r.expose())) };
    (string, $py:ident, $r:expr) => { Ok($r) };
    (unit, $py:ident, $r:expr) => { Ok($r) };
}

/// Expands the hazmat declaration into `#[pyfunction]`s and their registration.
macro_rules! py_hazmat {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident (
            $($arg:ident : $kind:ident $(as $field:literal)? $(= $def:tt)?),*
            $(; $($kw:ident : $kwkind:ident $(= $kwdef:tt)?),*)?
        ) -> $ret:ident = $call:expr;
    )*) => {
        $(
            $(#[doc = $doc])*
            #[pyfunction]
            #[pyo3(signature = ($($arg $(= $def)?,)* $(*, $($kw $(= $kwdef)?),*)?))]
            fn $name(
                py: Python<'_>,
                $($arg: hz_ty!($kind $($def)?),)*
                $($($kw: hz_ty!($kwkind $($kwdef)?),)*)?
            ) -> PyResult<hz_ret!(ty $ret)> {
                $(hz_conv!(py, $kind $($def)?, $arg, hz_field!($arg $($field)?));)*
                $($(hz_conv!(py, $kwkind $($kwdef)?, $kw, stringify!($kw));)*)?
                let r = py.detach(|| $call).py_err()?;
                hz_ret!($ret, py, r)
            }
        )*

        /// Registers the declared hazmat functions in `m`.
        fn register_generated(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(m.add_function(wrap_pyfunction!($name, m)?)?;)*
            Ok(())
        }
    };
}

cardseal_hazmat!(py_hazmat);
