//! The canonicalizers: the exact texts the providers sign (sorted compact JSON, the form
//! strings), for comparing with a provider's own string to sign when a signature does not
//! verify. Top-level functions in Kotlin (`dev.cardseal.jsonSortedCompact(...)`) and Swift.
//! Each one calls the core directly.
//!
//! The other primitives (AES, digests, HMAC, base64, hex, JWE) are not in the mobile
//! binding (Python and Node have them as `hazmat`); the RSA keys are in [`crate::keys`].

use cardseal::canonical::form::{self, FormRule, NumberStyle};
use cardseal::canonical::json;

use crate::error::Result;

/// JSON text → compact JSON with object keys sorted recursively (Java `String` order),
/// numbers verbatim. Errors: `InvalidInput` (not strict RFC 8259 JSON, duplicate keys).
#[uniffi::export]
pub fn json_sorted_compact(text: String) -> Result<String> {
    Ok(json::sorted_compact(&text)?)
}

/// JSON text → compact JSON keeping member order, numbers verbatim. Errors: `InvalidInput`.
#[uniffi::export]
pub fn json_compact(text: String) -> Result<String> {
    Ok(json::compact(&text)?)
}

/// Form string for Paytend's signature: `name=value&…` from a JSON object (`""` = no
/// fields), empty/`null` values dropped, names in UTF-16 order, values raw; an object or
/// array value is `InvalidInput`.
#[uniffi::export]
pub fn form_flat_nonempty_sorted(fields_json: String) -> Result<String> {
    Ok(form::render_json(
        &FormRule::FLAT_NONEMPTY_SORTED,
        &fields_json,
    )?)
}

/// Form string for UPay's `SIGN_PARAM`: every top-level field, UTF-16 name order, strings
/// raw, numbers as written, objects/arrays as sorted compact JSON.
#[uniffi::export]
pub fn form_sorted_nested_sorted_json(params_json: String) -> Result<String> {
    Ok(form::render_json(
        &FormRule::SORTED_NESTED_SORTED_JSON,
        &params_json,
    )?)
}

/// Form string for HyperCard's signature: the fields of `headers_json` then of `body_json`
/// (both JSON objects; the body wins a name clash), `signature`/empty/`null`/hollow values
/// dropped, code point name order, every value as Python `str()` then `'`→`"`, `, `→`,`,
/// `: `→`:`. `python_numbers` writes numbers as Python's `str(float)` would (`5000.00` →
/// `5000.0`); `python_version` is whose `repr()` escapes non-ASCII characters (`"3.11"` to
/// `"3.14"`, default the newest).
#[uniffi::export(default(python_numbers = false, python_version = None))]
pub fn form_nonempty_sorted_nested_python_str(
    headers_json: String,
    body_json: String,
    python_numbers: bool,
    python_version: Option<String>,
) -> Result<String> {
    let python = match python_version {
        Some(v) => v.parse()?,
        None => form::PythonVersion::NEWEST,
    };
    let rule = FormRule {
        python,
        numbers: if python_numbers {
            NumberStyle::Python
        } else {
            NumberStyle::AsWritten
        },
        ..FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR
    };
    let headers = json::parse(&headers_json).map_err(|e| e.in_field("headers"))?;
    let body = json::parse(&body_json).map_err(|e| e.in_field("body"))?;
    let Some(header_fields) = headers.as_object() else {
        return Ok(form::render_object(&rule, &headers)?);
    };
    let Some(body_fields) = body.as_object() else {
        return Ok(form::render_object(&rule, &body)?);
    };
    let mut fields = header_fields.to_vec();
    fields.extend(body_fields.iter().cloned());
    Ok(form::render(&rule, &fields)?)
}
