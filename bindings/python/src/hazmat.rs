//! `cardseal.hazmat`: the primitives and canonicalizers, each a direct call into the
//! core with the GIL released.

use std::borrow::Cow;

use cardseal::canonical::{form, json};
use cardseal::hazmat::{aes, digest, encoding, jwe};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::convert::{Bytes, bytes_like, bytes_strict, env, payload, text};
use crate::errors::{IntoPy, invalid_input};
use crate::keys::{RsaPrivateKey, RsaPublicKey, private_key, public_key};

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

/// AES-ECB encryption (key 16/24/32 bytes).
#[pyfunction]
#[pyo3(signature = (key, plaintext, padding = "pkcs7"))]
fn aes_ecb_encrypt(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
    plaintext: &Bound<'_, PyAny>,
    padding: &str,
) -> PyResult<Py<PyBytes>> {
    let (k, p, pad) = (
        b(key, "key")?,
        b(plaintext, "plaintext")?,
        self::padding(padding)?,
    );
    let r = py.detach(|| aes::ecb_encrypt(&k, &p, pad)).py_err()?;
    Ok(out(py, &r))
}

/// AES-ECB decryption; every failure is `DecryptionFailed`.
#[pyfunction]
#[pyo3(signature = (key, ciphertext, padding = "pkcs7"))]
fn aes_ecb_decrypt(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
    ciphertext: &Bound<'_, PyAny>,
    padding: &str,
) -> PyResult<Py<PyBytes>> {
    let (k, c, pad) = (
        b(key, "key")?,
        b(ciphertext, "ciphertext")?,
        self::padding(padding)?,
    );
    let r = py.detach(|| aes::ecb_decrypt(&k, &c, pad)).py_err()?;
    Ok(out(py, &r))
}

/// AES-CBC encryption (IV 16 bytes, not included in the output).
#[pyfunction]
#[pyo3(signature = (key, iv, plaintext, padding = "pkcs7"))]
fn aes_cbc_encrypt(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
    iv: &Bound<'_, PyAny>,
    plaintext: &Bound<'_, PyAny>,
    padding: &str,
) -> PyResult<Py<PyBytes>> {
    let (k, i, p) = (b(key, "key")?, b(iv, "iv")?, b(plaintext, "plaintext")?);
    let pad = self::padding(padding)?;
    let r = py.detach(|| aes::cbc_encrypt(&k, &i, &p, pad)).py_err()?;
    Ok(out(py, &r))
}

/// AES-CBC decryption; every failure is `DecryptionFailed`.
#[pyfunction]
#[pyo3(signature = (key, iv, ciphertext, padding = "pkcs7"))]
fn aes_cbc_decrypt(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
    iv: &Bound<'_, PyAny>,
    ciphertext: &Bound<'_, PyAny>,
    padding: &str,
) -> PyResult<Py<PyBytes>> {
    let (k, i, c) = (b(key, "key")?, b(iv, "iv")?, b(ciphertext, "ciphertext")?);
    let pad = self::padding(padding)?;
    let r = py.detach(|| aes::cbc_decrypt(&k, &i, &c, pad)).py_err()?;
    Ok(out(py, &r))
}

/// AES-GCM encryption (key 16/32, nonce 12 bytes): returns ciphertext ‖ 16-byte tag.
#[pyfunction]
#[pyo3(signature = (key, nonce, plaintext, aad = None))]
fn aes_gcm_encrypt(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
    nonce: &Bound<'_, PyAny>,
    plaintext: &Bound<'_, PyAny>,
    aad: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyBytes>> {
    let (k, n, p) = (
        b(key, "key")?,
        b(nonce, "nonce")?,
        b(plaintext, "plaintext")?,
    );
    let a = match aad {
        Some(a) => b(a, "aad")?,
        None => Bytes::Owned(Vec::new()),
    };
    let r = py.detach(|| aes::gcm_encrypt(&k, &n, &a, &p)).py_err()?;
    Ok(out(py, &r))
}

/// AES-GCM decryption of ciphertext ‖ tag; every failure is `DecryptionFailed`.
#[pyfunction]
#[pyo3(signature = (key, nonce, ciphertext_and_tag, aad = None))]
fn aes_gcm_decrypt(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
    nonce: &Bound<'_, PyAny>,
    ciphertext_and_tag: &Bound<'_, PyAny>,
    aad: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyBytes>> {
    let (k, n) = (b(key, "key")?, b(nonce, "nonce")?);
    let c = b(ciphertext_and_tag, "ciphertext")?;
    let a = match aad {
        Some(a) => b(a, "aad")?,
        None => Bytes::Owned(Vec::new()),
    };
    let r = py.detach(|| aes::gcm_decrypt(&k, &n, &a, &c)).py_err()?;
    Ok(out(py, &r))
}

/// MD5 digest (16 bytes).
#[pyfunction]
fn md5(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyBytes>> {
    let d = b(data, "data")?;
    let r = py.detach(|| digest::md5(&d));
    Ok(out(py, &r))
}

/// SHA-1 digest (20 bytes).
#[pyfunction]
fn sha1(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyBytes>> {
    let d = b(data, "data")?;
    let r = py.detach(|| digest::sha1(&d));
    Ok(out(py, &r))
}

/// SHA-256 digest (32 bytes).
#[pyfunction]
fn sha256(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyBytes>> {
    let d = b(data, "data")?;
    let r = py.detach(|| digest::sha256(&d));
    Ok(out(py, &r))
}

/// HMAC-SHA256 (32 bytes).
#[pyfunction]
fn hmac_sha256(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
    data: &Bound<'_, PyAny>,
) -> PyResult<Py<PyBytes>> {
    let (k, d) = (b(key, "key")?, b(data, "data")?);
    let r = py.detach(|| digest::hmac_sha256(&k, &d));
    Ok(out(py, &r))
}

/// Verifies an HMAC-SHA256 tag in constant time; `SignatureMismatch` if it differs.
#[pyfunction]
fn hmac_sha256_verify(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
    data: &Bound<'_, PyAny>,
    tag: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let (k, d, t) = (b(key, "key")?, b(data, "data")?, b(tag, "tag")?);
    py.detach(|| digest::hmac_sha256_verify(&k, &d, &t))
        .py_err()
}

/// Standard base64 (padded, one line).
#[pyfunction]
fn b64_encode(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    let d = b(data, "data")?;
    Ok(py.detach(|| encoding::b64_encode(&d)))
}

/// Strict standard base64 decoding (padding required, no whitespace).
#[pyfunction]
fn b64_decode(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Py<PyBytes>> {
    let t = bytes_like(text, "base64")?;
    let r = py.detach(|| encoding::b64_decode(&t)).py_err()?;
    Ok(out(py, &r))
}

/// Lenient base64 decoding: skips CR/LF, accepts missing padding.
#[pyfunction]
fn b64_decode_lenient(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Py<PyBytes>> {
    let t = bytes_like(text, "base64")?;
    let r = py.detach(|| encoding::b64_decode_lenient(&t)).py_err()?;
    Ok(out(py, &r))
}

/// Lowercase hex.
#[pyfunction]
fn hex_encode(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    let d = b(data, "data")?;
    Ok(py.detach(|| encoding::hex_encode(&d)))
}

/// Hex decoding (either case).
#[pyfunction]
fn hex_decode(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Py<PyBytes>> {
    let t = bytes_like(text, "hex")?;
    let r = py.detach(|| encoding::hex_decode(&t)).py_err()?;
    Ok(out(py, &r))
}

/// Hex when every character is a hex digit and the length is even, else lenient base64.
#[pyfunction]
fn decode_hex_or_b64(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Py<PyBytes>> {
    let t = bytes_like(text, "text")?;
    let r = py.detach(|| encoding::decode_hex_or_b64(&t)).py_err()?;
    Ok(out(py, &r))
}

/// RSASSA-PKCS1-v1_5 signature (deterministic).
#[pyfunction]
#[pyo3(signature = (private_key, message, hash = "sha256"))]
fn rsa_sign_pkcs1v15(
    py: Python<'_>,
    private_key: &Bound<'_, PyAny>,
    message: &Bound<'_, PyAny>,
    hash: &str,
) -> PyResult<Py<PyBytes>> {
    let key = self::private_key(py, private_key, "private_key")?;
    let (m, h) = (b(message, "message")?, hash_alg(hash)?);
    let r = py.detach(|| key.sign_pkcs1v15(h, &m)).py_err()?;
    Ok(out(py, &r))
}

/// Verifies an RSASSA-PKCS1-v1_5 signature; `SignatureMismatch` on any failure.
#[pyfunction]
#[pyo3(signature = (public_key, message, signature, hash = "sha256"))]
fn rsa_verify_pkcs1v15(
    py: Python<'_>,
    public_key: &Bound<'_, PyAny>,
    message: &Bound<'_, PyAny>,
    signature: &Bound<'_, PyAny>,
    hash: &str,
) -> PyResult<()> {
    let key = self::public_key(py, public_key, "public_key")?;
    let (m, s, h) = (
        b(message, "message")?,
        b(signature, "signature")?,
        hash_alg(hash)?,
    );
    py.detach(|| key.verify_pkcs1v15(h, &m, &s)).py_err()
}

/// RSAES-PKCS1-v1_5 encryption (`blocks=True`: k−11 bytes in, k out per block, like the
/// providers' Java demos). `seed`/`now_ms` are test-only (reproducible padding).
#[pyfunction]
#[pyo3(signature = (public_key, message, *, blocks = false, seed = None))]
fn rsa_encrypt_pkcs1v15(
    py: Python<'_>,
    public_key: &Bound<'_, PyAny>,
    message: &Bound<'_, PyAny>,
    blocks: bool,
    seed: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyBytes>> {
    let key = self::public_key(py, public_key, "public_key")?;
    let m = b(message, "message")?;
    let env = env(seed, None)?;
    let r = py
        .detach(|| {
            if blocks {
                key.encrypt_pkcs1v15_blocks(&m, &env)
            } else {
                key.encrypt_pkcs1v15(&m, &env)
            }
        })
        .py_err()?;
    Ok(out(py, &r))
}

/// RSAES-PKCS1-v1_5 decryption (implicit rejection: a wrong key or bad padding gives a
/// synthetic plaintext; a wrong length is `DecryptionFailed`).
#[pyfunction]
#[pyo3(signature = (private_key, ciphertext, *, blocks = false))]
fn rsa_decrypt_pkcs1v15(
    py: Python<'_>,
    private_key: &Bound<'_, PyAny>,
    ciphertext: &Bound<'_, PyAny>,
    blocks: bool,
) -> PyResult<Py<PyBytes>> {
    let key = self::private_key(py, private_key, "private_key")?;
    let c = b(ciphertext, "ciphertext")?;
    let r = py
        .detach(|| {
            if blocks {
                key.decrypt_pkcs1v15_blocks(&c)
            } else {
                key.decrypt_pkcs1v15(&c)
            }
        })
        .py_err()?;
    Ok(out(py, r.expose()))
}

/// RSAES-OAEP encryption with SHA-256 and MGF1-SHA-256. `seed` is test-only.
#[pyfunction]
#[pyo3(signature = (public_key, message, label = None, *, seed = None))]
fn rsa_encrypt_oaep_sha256(
    py: Python<'_>,
    public_key: &Bound<'_, PyAny>,
    message: &Bound<'_, PyAny>,
    label: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyBytes>> {
    let key = self::public_key(py, public_key, "public_key")?;
    let m = b(message, "message")?;
    let l = match label {
        Some(l) => b(l, "label")?,
        None => Bytes::Owned(Vec::new()),
    };
    let env = env(seed, None)?;
    let r = py
        .detach(|| key.encrypt_oaep_sha256(&m, &l, &env))
        .py_err()?;
    Ok(out(py, &r))
}

/// RSAES-OAEP (SHA-256) decryption; every failure is `DecryptionFailed`.
#[pyfunction]
#[pyo3(signature = (private_key, ciphertext, label = None))]
fn rsa_decrypt_oaep_sha256(
    py: Python<'_>,
    private_key: &Bound<'_, PyAny>,
    ciphertext: &Bound<'_, PyAny>,
    label: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyBytes>> {
    let key = self::private_key(py, private_key, "private_key")?;
    let c = b(ciphertext, "ciphertext")?;
    let l = match label {
        Some(l) => b(l, "label")?,
        None => Bytes::Owned(Vec::new()),
    };
    let r = py.detach(|| key.decrypt_oaep_sha256(&c, &l)).py_err()?;
    Ok(out(py, r.expose()))
}

/// Sorted compact JSON (keys sorted recursively in Java UTF-16 order, numbers as written).
#[pyfunction]
fn json_sorted_compact(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let p = payload(value, "json")?;
    py.detach(|| json::sorted_compact(&p.into_json())).py_err()
}

/// Compact JSON keeping member order.
#[pyfunction]
fn json_compact(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let p = payload(value, "json")?;
    py.detach(|| json::compact(&p.into_json())).py_err()
}

/// `name=value&…` of non-empty flat fields, UTF-16 name order, values raw (Paytend's
/// signature string). Nested values are `InvalidInput`; `""` is no fields.
#[pyfunction]
fn form_flat_nonempty_sorted(py: Python<'_>, fields: &Bound<'_, PyAny>) -> PyResult<String> {
    let p = payload(fields, "fields")?;
    py.detach(|| form::render_json(&form::FormRule::FLAT_NONEMPTY_SORTED, &p.into_json()))
        .py_err()
}

/// Every top-level field sorted (UTF-16), nested values as sorted compact JSON (UPay's
/// `SIGN_PARAM`); `""` is no params.
#[pyfunction]
fn form_sorted_nested_sorted_json(py: Python<'_>, params: &Bound<'_, PyAny>) -> PyResult<String> {
    let p = payload(params, "params")?;
    py.detach(|| form::render_json(&form::FormRule::SORTED_NESTED_SORTED_JSON, &p.into_json()))
        .py_err()
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

/// base64url without padding (JOSE).
#[pyfunction]
fn base64url_encode(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    let d = b(data, "data")?;
    Ok(py.detach(|| jwe::base64url_encode(&d)))
}

/// base64url decoding (JOSE, no padding).
#[pyfunction]
fn base64url_decode(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Py<PyBytes>> {
    let t = bytes_like(text, "base64url")?;
    let r = py.detach(|| jwe::base64url_decode(&t)).py_err()?;
    Ok(out(py, &r))
}

/// Registers `cardseal._native.hazmat`.
pub fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "hazmat")?;
    m.add_class::<RsaPrivateKey>()?;
    m.add_class::<RsaPublicKey>()?;
    m.add_function(wrap_pyfunction!(aes_ecb_encrypt, &m)?)?;
    m.add_function(wrap_pyfunction!(aes_ecb_decrypt, &m)?)?;
    m.add_function(wrap_pyfunction!(aes_cbc_encrypt, &m)?)?;
    m.add_function(wrap_pyfunction!(aes_cbc_decrypt, &m)?)?;
    m.add_function(wrap_pyfunction!(aes_gcm_encrypt, &m)?)?;
    m.add_function(wrap_pyfunction!(aes_gcm_decrypt, &m)?)?;
    m.add_function(wrap_pyfunction!(md5, &m)?)?;
    m.add_function(wrap_pyfunction!(sha1, &m)?)?;
    m.add_function(wrap_pyfunction!(sha256, &m)?)?;
    m.add_function(wrap_pyfunction!(hmac_sha256, &m)?)?;
    m.add_function(wrap_pyfunction!(hmac_sha256_verify, &m)?)?;
    m.add_function(wrap_pyfunction!(b64_encode, &m)?)?;
    m.add_function(wrap_pyfunction!(b64_decode, &m)?)?;
    m.add_function(wrap_pyfunction!(b64_decode_lenient, &m)?)?;
    m.add_function(wrap_pyfunction!(hex_encode, &m)?)?;
    m.add_function(wrap_pyfunction!(hex_decode, &m)?)?;
    m.add_function(wrap_pyfunction!(decode_hex_or_b64, &m)?)?;
    m.add_function(wrap_pyfunction!(rsa_sign_pkcs1v15, &m)?)?;
    m.add_function(wrap_pyfunction!(rsa_verify_pkcs1v15, &m)?)?;
    m.add_function(wrap_pyfunction!(rsa_encrypt_pkcs1v15, &m)?)?;
    m.add_function(wrap_pyfunction!(rsa_decrypt_pkcs1v15, &m)?)?;
    m.add_function(wrap_pyfunction!(rsa_encrypt_oaep_sha256, &m)?)?;
    m.add_function(wrap_pyfunction!(rsa_decrypt_oaep_sha256, &m)?)?;
    m.add_function(wrap_pyfunction!(json_sorted_compact, &m)?)?;
    m.add_function(wrap_pyfunction!(json_compact, &m)?)?;
    m.add_function(wrap_pyfunction!(form_flat_nonempty_sorted, &m)?)?;
    m.add_function(wrap_pyfunction!(form_sorted_nested_sorted_json, &m)?)?;
    m.add_function(wrap_pyfunction!(
        form_nonempty_sorted_nested_python_str,
        &m
    )?)?;
    m.add_function(wrap_pyfunction!(jwe_encrypt, &m)?)?;
    m.add_function(wrap_pyfunction!(jwe_decrypt, &m)?)?;
    m.add_function(wrap_pyfunction!(jwe_decrypt_with_cek, &m)?)?;
    m.add_function(wrap_pyfunction!(jwe_seal_content, &m)?)?;
    m.add_function(wrap_pyfunction!(base64url_encode, &m)?)?;
    m.add_function(wrap_pyfunction!(base64url_decode, &m)?)?;
    parent.add_submodule(&m)?;
    parent.add("hazmat", m)?;
    Ok(())
}
