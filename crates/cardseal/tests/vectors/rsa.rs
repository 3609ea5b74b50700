//! Vector runner for the `rsa` family (ops documented in test-vectors/README.md).
//!
//! Every vector runs on every available backend; the backends must agree exactly (same
//! outputs, or the same error kind), otherwise the run panics naming both results.

use cardseal::hazmat::digest::HashAlg;
use cardseal::hazmat::rsa::Backend;
use cardseal::keys::{parse_private_key_with, parse_public_key_with, public_key_pem};
use cardseal::{Env, Result};
use serde_json::Value;

use crate::common::{Args, Outputs, encode_b64, encode_hex, outputs};

fn hash(args: &Args) -> HashAlg {
    match args.str("hash") {
        "sha256" => HashAlg::Sha256,
        "sha1" => HashAlg::Sha1,
        "md5" => HashAlg::Md5,
        other => panic!("unknown hash `{other}` in vector file"),
    }
}

fn plaintext(p: &[u8]) -> Outputs {
    let mut out = outputs([("plaintext_hex", Value::from(encode_hex(p)))]);
    if let Ok(s) = std::str::from_utf8(p) {
        out.insert("plaintext".into(), Value::from(s));
    }
    out
}

fn label(args: &Args) -> Vec<u8> {
    if args.has("label") {
        args.bytes("label")
    } else {
        Vec::new()
    }
}

fn blocks(args: &Args) -> bool {
    args.opt_bool("blocks").unwrap_or(false)
}

fn env(args: &Args) -> Env {
    Env::fixed(args.str("seed").as_bytes(), 0)
}

fn run_on(op: &str, args: &Args, b: Backend) -> Option<Result<Outputs>> {
    let priv_key = || parse_private_key_with(args.str("private_key").as_bytes(), b);
    let pub_key = || parse_public_key_with(args.str("public_key").as_bytes(), b);
    let r = match op {
        "rsa_pkcs1v15_sign" => priv_key()
            .and_then(|k| k.sign_pkcs1v15(hash(args), &args.bytes("message")))
            .map(|s| outputs([("signature_b64", Value::from(encode_b64(&s)))])),
        "rsa_pkcs1v15_verify" => pub_key()
            .and_then(|k| {
                k.verify_pkcs1v15(hash(args), &args.bytes("message"), &args.bytes("signature"))
            })
            .map(|()| outputs([("verified", Value::from(true))])),
        "rsa_pkcs1v15_decrypt" => priv_key()
            .and_then(|k| {
                let c = args.bytes("ciphertext");
                if blocks(args) {
                    k.decrypt_pkcs1v15_blocks(&c)
                } else {
                    k.decrypt_pkcs1v15(&c)
                }
            })
            .map(|p| plaintext(p.expose())),
        "rsa_pkcs1v15_encrypt_seeded" => pub_key()
            .and_then(|k| {
                let m = args.bytes("message");
                if blocks(args) {
                    k.encrypt_pkcs1v15_blocks(&m, &env(args))
                } else {
                    k.encrypt_pkcs1v15(&m, &env(args))
                }
            })
            .map(|c| outputs([("ciphertext_b64", Value::from(encode_b64(&c)))])),
        "rsa_oaep_sha256_encrypt_seeded" => pub_key()
            .and_then(|k| k.encrypt_oaep_sha256(&args.bytes("message"), &label(args), &env(args)))
            .map(|c| outputs([("ciphertext_b64", Value::from(encode_b64(&c)))])),
        "rsa_oaep_sha256_decrypt" => priv_key()
            .and_then(|k| k.decrypt_oaep_sha256(&args.bytes("ciphertext"), &label(args)))
            .map(|p| plaintext(p.expose())),
        "rsa_parse_private_key" => priv_key().map(|k| {
            outputs([
                ("bits", Value::from(k.bits())),
                ("size", Value::from(k.size())),
            ])
        }),
        "rsa_parse_public_key" => pub_key().map(|k| {
            outputs([
                ("bits", Value::from(k.bits())),
                ("size", Value::from(k.size())),
            ])
        }),
        // Backend-independent (always the default backend).
        "public_key_pem" => {
            public_key_pem(args.str("key").as_bytes()).map(|p| outputs([("pem", Value::from(p))]))
        }
        _ => return None,
    };
    Some(r)
}

/// Runs `op` if it belongs to this family; `None` otherwise.
pub fn run(op: &str, args: &Args) -> Option<cardseal::Result<Outputs>> {
    let mut results = Backend::available()
        .into_iter()
        .map(|b| (b, run_on(op, args, b)));
    let (first_backend, first) = results.next()?;
    let first = first?;
    for (b, r) in results {
        let r = r.expect("op recognized on one backend only");
        let same = match (&first, &r) {
            (Ok(x), Ok(y)) => x == y,
            (Err(x), Err(y)) => x.kind() == y.kind(),
            _ => false,
        };
        assert!(
            same,
            "{op}: backends disagree: {first_backend} gave {first:?}, {b} gave {r:?}"
        );
    }
    Some(first)
}
