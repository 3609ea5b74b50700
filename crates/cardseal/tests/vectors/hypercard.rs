//! Vector runner for the `hypercard` family (ops documented in test-vectors/README.md):
//! every op calls the public HyperCard API. Every vector runs on every available RSA
//! backend; the backends must agree exactly.

use cardseal::Env;
use cardseal::canonical::form::{NumberStyle, PythonVersion};
use cardseal::hazmat::rsa::Backend;
use cardseal::keys::{parse_private_key_with, parse_public_key_with};
use cardseal::providers::hypercard::{
    HyperCard, HyperCardProvider, HyperCardRequestOptions, decrypt_card_detail,
};
use serde_json::Value;

use crate::common::{Args, Outputs, outputs};

/// The optional `numbers` arg: `"python"` (default) or `"as_written"`.
fn numbers(args: &Args) -> NumberStyle {
    match args.opt_str("numbers") {
        None | Some("python") => NumberStyle::Python,
        Some("as_written") => NumberStyle::AsWritten,
        Some(other) => panic!("unknown numbers style `{other}`"),
    }
}

/// The optional `python_version` arg (`"3.11"` … `"3.14"`); absent: the default (3.14).
fn python_version(args: &Args) -> Option<PythonVersion> {
    args.opt_str("python_version").map(|v| {
        v.parse()
            .unwrap_or_else(|_| panic!("unknown python_version `{v}`"))
    })
}

/// The optional `max_skew_secs` arg: absent → `None` (keep the default window), `null` →
/// `Some(None)` (no age check), an integer → `Some(Some(secs))`.
fn max_skew_secs(args: &Args) -> Option<Option<i64>> {
    if !args.has("max_skew_secs") {
        return None;
    }
    let secs = args.opt_i64("max_skew_secs");
    assert!(
        secs.is_some() || args.is_null("max_skew_secs"),
        "max_skew_secs must be an integer or null"
    );
    Some(secs)
}

fn merchant(args: &Args, backend: Backend) -> cardseal::Result<HyperCard> {
    let mut m = HyperCard::new(
        args.str("api_key"),
        parse_private_key_with(args.str("private_key").as_bytes(), backend)?,
        parse_public_key_with(args.str("provider_public_key").as_bytes(), backend)?,
        Env::fixed(b"hypercard vectors", args.opt_i64("now_ms").unwrap_or(0)),
    )?
    .with_number_style(numbers(args));
    if let Some(v) = python_version(args) {
        m = m.with_python_version(v);
    }
    if let Some(secs) = max_skew_secs(args) {
        m = m.with_max_skew_secs(secs)?;
    }
    Ok(m)
}

fn mirror(args: &Args, backend: Backend) -> cardseal::Result<HyperCardProvider> {
    let mut p = HyperCardProvider::new(
        args.str("api_key"),
        parse_private_key_with(args.str("private_key").as_bytes(), backend)?,
        parse_public_key_with(args.str("merchant_public_key").as_bytes(), backend)?,
        Env::fixed(b"hypercard vectors", args.i64("now_ms")),
    )?
    .with_number_style(numbers(args));
    if let Some(v) = python_version(args) {
        p = p.with_python_version(v);
    }
    if let Some(secs) = max_skew_secs(args) {
        p = p.with_max_skew_secs(secs)?;
    }
    Ok(p)
}

/// `headers_json` (a JSON object of header name → value) as header pairs.
fn headers(args: &Args) -> Vec<(String, String)> {
    let v: serde_json::Map<String, Value> = serde_json::from_str(args.str("headers_json")).unwrap();
    v.into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap().to_owned()))
        .collect()
}

fn text(name: &str, value: String) -> Outputs {
    outputs([(name, Value::String(value))])
}

/// Runs `op` on `backend` if it belongs to this family; `None` otherwise.
fn run_on(op: &str, args: &Args, backend: Backend) -> Option<cardseal::Result<Outputs>> {
    let out = match op {
        "hypercard_sign" => merchant(args, backend)
            .and_then(|m| {
                let opts = HyperCardRequestOptions {
                    timestamp: Some(args.i64("timestamp")),
                    nonce: Some(args.str("nonce").to_owned()),
                    lang: args.opt_str("lang").map(str::to_owned),
                    version: args.opt_str("version").map(str::to_owned),
                };
                m.seal_request(args.str("body_json"), opts)
            })
            .map(|s| {
                outputs([
                    (
                        "string_to_sign",
                        Value::String(s.trace.get("string_to_sign").unwrap().to_owned()),
                    ),
                    (
                        "signature",
                        Value::String(s.header("signature").unwrap().to_owned()),
                    ),
                    ("body", Value::String(s.body)),
                ])
            }),
        "hypercard_open_notification" => merchant(args, backend)
            .and_then(|m| m.open_notification(args.str("body"), &headers(args)))
            .map(|p| text("payload_json", p)),
        "hypercard_open_request" => mirror(args, backend)
            .and_then(|p| p.open_request(args.str("body"), &headers(args)))
            .map(|p| text("payload_json", p)),
        "hypercard_open_response" => merchant(args, backend)
            .and_then(|m| m.open_response(args.str("body")))
            .map(|p| text("payload_json", p)),
        "hypercard_decrypt_card_detail" => {
            parse_private_key_with(args.str("private_key").as_bytes(), backend)
                .and_then(|k| decrypt_card_detail(args.str("encoded"), &k))
                .map(|d| text("detail", d))
        }
        _ => return None,
    };
    Some(out)
}

/// Runs `op` if it belongs to this family, on every available backend; the backends must
/// give identical results (same outputs, or the same error), else the run panics naming
/// both. `None` when the op is not this family's.
pub fn run(op: &str, args: &Args) -> Option<cardseal::Result<Outputs>> {
    let mut results = Backend::available()
        .into_iter()
        .map(|b| (b, run_on(op, args, b)));
    let (first_backend, first) = results.next()?;
    let first = first?;
    for (b, r) in results {
        let r = r.expect("op recognized on one backend only");
        assert!(
            r == first,
            "{op}: backends disagree: {first_backend} gave {first:?}, {b} gave {r:?}"
        );
    }
    Some(first)
}
