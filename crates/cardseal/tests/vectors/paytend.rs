//! Vector runner for the `paytend` family (ops documented in test-vectors/README.md):
//! the provider ops call the public Paytend API; `paytend_rsa_decrypt` and
//! `paytend_sign_string` call the RSA primitives Paytend's scheme is made of.

use cardseal::Env;
use cardseal::hazmat::digest::HashAlg;
use cardseal::hazmat::encoding;
use cardseal::keys::{parse_private_key, parse_public_key};
use cardseal::providers::paytend::{Paytend, PaytendProvider};
use serde_json::Value;

use crate::common::{Args, Outputs, outputs};

fn merchant(args: &Args, env: Env) -> cardseal::Result<Paytend> {
    let p = Paytend::new(
        args.str("partner_id"),
        parse_private_key(args.str("private_key").as_bytes())?,
        parse_public_key(args.str("provider_public_key").as_bytes())?,
        env,
    )?;
    match args.opt_i64("utc_offset_minutes") {
        Some(m) => p.with_utc_offset_minutes(i32::try_from(m).unwrap()),
        None => Ok(p),
    }
}

fn mirror(args: &Args) -> cardseal::Result<PaytendProvider> {
    PaytendProvider::new(
        args.str("partner_id"),
        parse_private_key(args.str("private_key").as_bytes())?,
        parse_public_key(args.str("partner_public_key").as_bytes())?,
        Env::fixed(b"paytend vectors", 0),
    )
}

fn text(name: &str, value: String) -> Outputs {
    outputs([(name, Value::String(value))])
}

/// Runs `op` if it belongs to this family; `None` otherwise.
pub fn run(op: &str, args: &Args) -> Option<cardseal::Result<Outputs>> {
    let unused = || Env::fixed(b"paytend vectors", 0);
    let out = match op {
        "paytend_rsa_decrypt" => parse_private_key(args.str("private_key").as_bytes())
            .and_then(|k| k.decrypt_pkcs1v15(&args.bytes("ciphertext")))
            .map(|p| text("plaintext", String::from_utf8(p.expose().to_vec()).unwrap())),
        "paytend_sign_string" => parse_private_key(args.str("private_key").as_bytes())
            .and_then(|k| k.sign_pkcs1v15(HashAlg::Sha256, args.str("string").as_bytes()))
            .map(|s| text("signature", encoding::b64_encode(&s))),
        "paytend_request_id" => merchant(args, Env::fixed(b"", args.i64("now_ms")))
            .and_then(|m| m.request_id())
            .map(|id| text("request_id", id)),
        "paytend_seal_request_seeded" => merchant(
            args,
            Env::fixed(args.str("seed").as_bytes(), args.i64("now_ms")),
        )
        .and_then(|m| m.seal_request(args.str("biz_json"), args.opt_str("request_id")))
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
        "paytend_open_response" => merchant(args, unused())
            .and_then(|m| m.open_response(args.str("body")))
            .map(|p| text("payload_json", p)),
        "paytend_open_notification" => merchant(args, unused())
            .and_then(|m| m.open_notification(args.str("body"), &[]))
            .map(|p| text("payload_json", p)),
        "paytend_open_request" => mirror(args)
            .and_then(|p| p.open_request(args.str("body"), &[]))
            .map(|p| text("payload_json", p)),
        _ => return None,
    };
    Some(out)
}
