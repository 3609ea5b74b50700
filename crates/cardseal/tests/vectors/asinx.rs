//! Vector runner for the `asinx` family (ops documented in test-vectors/README.md):
//! every op calls the public ASINX provider API.

use cardseal::Env;
use cardseal::providers::asinx::{Asinx, AsinxProvider};
use cardseal::providers::{Mirror, Received};
use serde_json::Value;

use crate::common::{Args, Outputs, outputs};

fn merchant(args: &Args) -> cardseal::Result<Asinx> {
    Asinx::new(
        args.str("app_id"),
        args.str("app_secret"),
        Env::fixed(b"asinx vectors", 0),
    )
}

fn mirror(args: &Args) -> cardseal::Result<AsinxProvider> {
    AsinxProvider::new(
        args.str("app_id"),
        args.str("app_secret"),
        Env::fixed(b"asinx vectors", 0),
    )
}

fn payload(text: String) -> Outputs {
    outputs([("payload_json", Value::String(text))])
}

fn body(text: String) -> Outputs {
    outputs([("body", Value::String(text))])
}

/// Runs `op` if it belongs to this family; `None` otherwise.
pub fn run(op: &str, args: &Args) -> Option<cardseal::Result<Outputs>> {
    let out = match op {
        "asinx_sign" => merchant(args)
            .and_then(|m| {
                m.seal_request(
                    args.str("path"),
                    args.str("params_json"),
                    args.opt_str("uid"),
                )
            })
            .map(|s| {
                let step = |name: &str| Value::String(s.trace.get(name).unwrap().to_owned());
                outputs([
                    ("body", Value::String(s.body.clone())),
                    ("origin", step("origin")),
                    ("base64", step("base64")),
                    ("ciphertext_hex", step("ciphertext_hex")),
                    ("sign", Value::String(s.header("sign").unwrap().to_owned())),
                    (
                        "uid_header",
                        s.header("uId")
                            .map_or(Value::Null, |u| Value::String(u.to_owned())),
                    ),
                ])
            }),
        "asinx_open_response" => merchant(args)
            .and_then(|m| m.open_response(args.str("body")))
            .map(payload),
        "asinx_open_notification" => merchant(args)
            .and_then(|m| m.open_notification(args.str("body"), &[]))
            .map(payload),
        "asinx_open_request" => mirror(args)
            .and_then(|p| {
                let headers = [
                    ("appId".to_owned(), args.str("header_app_id").to_owned()),
                    ("sign".to_owned(), args.str("sign").to_owned()),
                ];
                Mirror::open_request(
                    &p,
                    &Received::new(args.str("body"), &headers).to("POST", args.str("path")),
                )
            })
            .map(payload),
        "asinx_seal_response" => mirror(args)
            .and_then(|p| p.seal_response(args.str("payload_json")))
            .map(|s| body(s.body)),
        "asinx_seal_notification" => mirror(args)
            .and_then(|p| p.seal_notification(args.str("payload_json")))
            .map(|s| body(s.body)),
        "asinx_seal_error_response" => mirror(args)
            .and_then(|p| {
                let code = args.opt_i64("code").unwrap();
                match args.opt_str("payload_json") {
                    Some(payload) => {
                        p.seal_error_response_with_result(code, args.str("message"), payload)
                    }
                    None => p.seal_error_response(code, args.str("message")),
                }
            })
            .map(|s| body(s.body)),
        _ => return None,
    };
    Some(out)
}
