//! Vector runner for the `paytend` family (ops documented in test-vectors/README.md):
//! the provider ops call the public Paytend API; `paytend_rsa_decrypt` and
//! `paytend_sign_string` call the RSA primitives Paytend's scheme is made of. Every vector
//! runs on every available RSA backend; the backends must agree exactly.

use cardseal::Env;
use cardseal::hazmat::digest::HashAlg;
use cardseal::hazmat::encoding;
use cardseal::hazmat::rsa::Backend;
use cardseal::keys::{parse_private_key_with, parse_public_key_with};
use cardseal::providers::paytend::{Paytend, PaytendProvider, PaytendSealOptions};
use serde_json::Value;

use crate::common::{Args, Outputs, outputs};

fn merchant(args: &Args, env: Env, backend: Backend) -> cardseal::Result<Paytend> {
    let p = Paytend::new(
        args.str("partner_id"),
        parse_private_key_with(args.str("private_key").as_bytes(), backend)?,
        parse_public_key_with(args.str("provider_public_key").as_bytes(), backend)?,
        env,
    )?;
    match args.opt_i64("utc_offset_minutes") {
        Some(m) => p.with_utc_offset_minutes(i32::try_from(m).unwrap()),
        None => Ok(p),
    }
}

fn mirror(args: &Args, backend: Backend) -> cardseal::Result<PaytendProvider> {
    PaytendProvider::new(
        args.str("partner_id"),
        parse_private_key_with(args.str("private_key").as_bytes(), backend)?,
        parse_public_key_with(args.str("partner_public_key").as_bytes(), backend)?,
        Env::fixed(b"paytend vectors", 0),
    )
}

/// The seal options of `args`: `encrypt` (default `true`).
fn seal_options(args: &Args) -> PaytendSealOptions {
    let mut o = PaytendSealOptions::default();
    o.encrypt = args.opt_bool("encrypt").unwrap_or(true);
    o
}

fn text(name: &str, value: String) -> Outputs {
    outputs([(name, Value::String(value))])
}

/// Runs `op` on `backend` if it belongs to this family; `None` otherwise.
fn run_on(op: &str, args: &Args, backend: Backend) -> Option<cardseal::Result<Outputs>> {
    let unused = || Env::fixed(b"paytend vectors", 0);
    let out = match op {
        "paytend_rsa_decrypt" => {
            parse_private_key_with(args.str("private_key").as_bytes(), backend)
                .and_then(|k| k.decrypt_pkcs1v15(&args.bytes("ciphertext")))
                .map(|p| text("plaintext", String::from_utf8(p.expose().to_vec()).unwrap()))
        }
        "paytend_sign_string" => {
            parse_private_key_with(args.str("private_key").as_bytes(), backend)
                .and_then(|k| k.sign_pkcs1v15(HashAlg::Sha256, args.str("string").as_bytes()))
                .map(|s| text("signature", encoding::b64_encode(&s)))
        }
        "paytend_request_id" => merchant(args, Env::fixed(b"", args.i64("now_ms")), backend)
            .and_then(|m| m.request_id())
            .map(|id| text("request_id", id)),
        "paytend_seal_request_seeded" => merchant(
            args,
            Env::fixed(args.str("seed").as_bytes(), args.i64("now_ms")),
            backend,
        )
        .and_then(|m| {
            m.seal_request_with(
                args.str("biz_json"),
                args.opt_str("request_id"),
                seal_options(args),
            )
        })
        .map(|s| {
            let doc: Value = serde_json::from_str(&s.body).unwrap();
            outputs([
                ("request_id", doc["requestId"].clone()),
                (
                    "string_to_sign",
                    Value::String(s.trace.get("string_to_sign").unwrap().to_owned()),
                ),
                ("body", Value::String(s.body)),
            ])
        }),
        "paytend_open_response" => merchant(args, unused(), backend)
            .and_then(|m| m.open_response(args.str("body")))
            .map(|p| text("payload_json", p)),
        "paytend_open_response_failure" => merchant(args, unused(), backend).and_then(|m| {
            match m.open_response(args.str("body")) {
                Err(cardseal::Error::ProviderError {
                    code,
                    message,
                    result,
                }) => Ok(outputs([
                    ("code", Value::String(code)),
                    ("message", Value::String(message)),
                    ("result", result.map_or(Value::Null, Value::String)),
                ])),
                Err(e) => Err(e),
                // Opened: an output the expectation cannot match.
                Ok(p) => Ok(text("payload_json", p)),
            }
        }),
        "paytend_seal_response" => mirror(args, backend)
            .and_then(|p| p.seal_response_with(args.str("payload_json"), seal_options(args)))
            .map(|s| text("body", s.body)),
        "paytend_seal_notification" => mirror(args, backend)
            .and_then(|p| {
                p.seal_notification_with(
                    args.opt_str("notify_type").unwrap_or("1"),
                    args.str("payload_json"),
                    seal_options(args),
                )
            })
            .map(|s| text("body", s.body)),
        "paytend_open_notification" => merchant(args, unused(), backend)
            .and_then(|m| m.open_notification(args.str("body"), &[]))
            .map(|p| text("payload_json", p)),
        "paytend_open_request" => mirror(args, backend)
            .and_then(|p| p.open_request(args.str("body"), &[]))
            .map(|p| text("payload_json", p)),
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
