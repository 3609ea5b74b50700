//! Vector runner for the `hypercard` family (ops documented in test-vectors/README.md):
//! every op calls the public HyperCard API.

use cardseal::Env;
use cardseal::canonical::form::NumberStyle;
use cardseal::keys::{parse_private_key, parse_public_key};
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

fn merchant(args: &Args) -> cardseal::Result<HyperCard> {
    Ok(HyperCard::new(
        args.str("api_key"),
        parse_private_key(args.str("private_key").as_bytes())?,
        parse_public_key(args.str("provider_public_key").as_bytes())?,
        Env::fixed(b"hypercard vectors", args.opt_i64("now_ms").unwrap_or(0)),
    )?
    .with_number_style(numbers(args)))
}

fn mirror(args: &Args) -> cardseal::Result<HyperCardProvider> {
    Ok(HyperCardProvider::new(
        args.str("api_key"),
        parse_private_key(args.str("private_key").as_bytes())?,
        parse_public_key(args.str("merchant_public_key").as_bytes())?,
        Env::fixed(b"hypercard vectors", args.i64("now_ms")),
    )?
    .with_number_style(numbers(args)))
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

/// Runs `op` if it belongs to this family; `None` otherwise.
pub fn run(op: &str, args: &Args) -> Option<cardseal::Result<Outputs>> {
    let out = match op {
        "hypercard_sign" => merchant(args)
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
        "hypercard_open_notification" => merchant(args)
            .and_then(|m| m.open_notification(args.str("body"), &headers(args)))
            .map(|p| text("payload_json", p)),
        "hypercard_open_request" => mirror(args)
            .and_then(|p| p.open_request(args.str("body"), &headers(args)))
            .map(|p| text("payload_json", p)),
        "hypercard_open_response" => merchant(args)
            .and_then(|m| m.open_response(args.str("body")))
            .map(|p| text("payload_json", p)),
        "hypercard_decrypt_card_detail" => parse_private_key(args.str("private_key").as_bytes())
            .and_then(|k| decrypt_card_detail(args.str("encoded"), &k))
            .map(|d| text("detail", d)),
        _ => return None,
    };
    Some(out)
}
