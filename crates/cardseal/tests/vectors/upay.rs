//! Vector runner for the `jwe` and `upay` families (ops documented in
//! test-vectors/README.md): every op calls the public `hazmat::jwe` / UPay API.
//!
//! Randomness is `Env::fixed(utf8(seed), now_ms)` (both default to `""` / 0).

use cardseal::hazmat::jwe::{self, ContentEncryption, DecryptOptions, EncryptOptions};
use cardseal::providers::upay::{self, UPay, UPayProvider, UPayRequestOptions};
use cardseal::{Backend, Env, Error, RsaPrivateKey, RsaPublicKey, keys};
use serde_json::Value;

use crate::common::{Args, Outputs, encode_hex, outputs};

fn env(args: &Args) -> Env {
    Env::fixed(
        args.opt_str("seed").unwrap_or("").as_bytes(),
        args.opt_i64("now_ms").unwrap_or(0),
    )
}

thread_local! {
    /// The RSA backend the current vector runs on (see [`run`]).
    static BACKEND: std::cell::Cell<Option<Backend>> = const { std::cell::Cell::new(None) };
}

fn backend() -> Backend {
    BACKEND.with(|b| b.get()).unwrap_or_else(Backend::default)
}

fn private(args: &Args, name: &str) -> cardseal::Result<RsaPrivateKey> {
    keys::parse_private_key_with(args.str(name).as_bytes(), backend())
}

fn public(args: &Args, name: &str) -> cardseal::Result<RsaPublicKey> {
    keys::parse_public_key_with(args.str(name).as_bytes(), backend())
}

fn enc(args: &Args) -> cardseal::Result<ContentEncryption> {
    let name = args.opt_str("enc").unwrap_or("A128GCM");
    ContentEncryption::from_name(name)
        .ok_or_else(|| Error::invalid_input("enc", format!("unknown enc {name}")))
}

fn decrypt_options(args: &Args) -> cardseal::Result<DecryptOptions> {
    Ok(DecryptOptions {
        enc: enc(args)?,
        max_inflated_bytes: args
            .opt_i64("max_inflated_bytes")
            .map_or(jwe::DEFAULT_MAX_INFLATED_BYTES, |n| n as usize),
    })
}

fn decrypted(d: jwe::Decrypted) -> Outputs {
    let mut o = outputs([
        ("plaintext_hex", Value::String(encode_hex(&d.plaintext))),
        ("header_json", Value::String(d.header_json)),
    ]);
    if let Ok(t) = String::from_utf8(d.plaintext) {
        o.insert("plaintext".into(), Value::String(t));
    }
    o
}

fn headers(args: &Args) -> Vec<(String, String)> {
    let mut h = Vec::new();
    for (arg, name) in [
        ("request_id", upay::HEADER_REQUEST_ID),
        ("timestamp", upay::HEADER_TIMESTAMP),
        ("sign", upay::HEADER_SIGN),
        ("header_api_key", upay::HEADER_API_KEY),
    ] {
        if let Some(v) = args.opt_str(arg) {
            h.push((name.to_owned(), v.to_owned()));
        }
    }
    h
}

fn merchant(args: &Args) -> cardseal::Result<UPay> {
    let m = UPay::new(
        args.str("api_key"),
        args.str("secret"),
        private(args, "private_key")?,
        public(args, "provider_public_key")?,
        env(args),
    )?;
    Ok(match args.opt_i64("replay_window_ms") {
        Some(w) => m.with_replay_window_ms(w)?,
        None => m,
    })
}

fn mirror(args: &Args) -> cardseal::Result<UPayProvider> {
    let p = UPayProvider::new(
        args.str("api_key"),
        args.str("secret"),
        private(args, "private_key")?,
        public(args, "merchant_public_key")?,
        env(args),
    )?;
    Ok(match args.opt_i64("replay_window_ms") {
        Some(w) => p.with_replay_window_ms(w)?,
        None => p,
    })
}

fn text(name: &str, v: String) -> Outputs {
    outputs([(name, Value::String(v))])
}

/// Runs `op` if it belongs to this family (on every RSA backend built in, requiring
/// identical results); `None` otherwise.
pub fn run(op: &str, args: &Args) -> Option<cardseal::Result<Outputs>> {
    let mut first: Option<(Backend, cardseal::Result<Outputs>)> = None;
    for b in Backend::available() {
        BACKEND.with(|c| c.set(Some(b)));
        let r = run_on(op, args);
        BACKEND.with(|c| c.set(None));
        let r = r?;
        match &first {
            None => first = Some((b, r)),
            Some((fb, fr)) => {
                let same = match (fr, &r) {
                    (Ok(x), Ok(y)) => x == y,
                    (Err(x), Err(y)) => x.kind() == y.kind(),
                    _ => false,
                };
                assert!(
                    same,
                    "{op}: backends disagree: {fb} gave {fr:?}, {b} gave {r:?}"
                );
            }
        }
    }
    first.map(|(_, r)| r)
}

fn run_on(op: &str, args: &Args) -> Option<cardseal::Result<Outputs>> {
    let out = match op {
        "jwe_content_encrypt" => enc(args).and_then(|e| {
            jwe::seal_content(
                e,
                args.str("header_b64u"),
                &args.bytes("cek"),
                &args.bytes("iv"),
                &args.bytes("plaintext"),
            )
            .map(|(ct, tag)| {
                outputs([
                    ("ciphertext_hex", Value::String(encode_hex(&ct))),
                    ("tag_hex", Value::String(encode_hex(&tag))),
                    ("ciphertext_b64u", Value::String(jwe::base64url_encode(&ct))),
                    ("tag_b64u", Value::String(jwe::base64url_encode(&tag))),
                ])
            })
        }),
        "jwe_decrypt_with_cek" => decrypt_options(args).and_then(|o| {
            jwe::decrypt_with_cek(args.str("compact"), &args.bytes("cek"), &o).map(decrypted)
        }),
        "jwe_encrypt" => enc(args).and_then(|e| {
            let opts = EncryptOptions {
                enc: e,
                zip: args.opt_bool("zip").unwrap_or(false),
                typ: args.opt_str("typ").map(str::to_owned),
                kid: args.opt_str("kid").map(str::to_owned),
            };
            let key = public(args, "public_key")?;
            jwe::encrypt(&args.bytes("plaintext"), &key, &opts, &env(args)).map(|x| {
                outputs([
                    ("compact", Value::String(x.compact)),
                    ("header_json", Value::String(x.header_json)),
                ])
            })
        }),
        "jwe_decrypt" => decrypt_options(args).and_then(|o| {
            let key = private(args, "private_key")?;
            jwe::decrypt(args.str("compact"), &key, &o).map(decrypted)
        }),
        "upay_hmac" => Ok(text(
            "sign",
            upay::hmac_sign(args.str("secret").as_bytes(), args.str("data").as_bytes()),
        )),
        "upay_key_id" => public(args, "public_key")
            .and_then(|k| upay::key_id(&k))
            .map(|k| text("kid", k)),
        "upay_seal_request" => merchant(args).and_then(|m| {
            let opts = UPayRequestOptions {
                encrypt: args.opt_bool("encrypt").unwrap_or(false),
                multipart: args.opt_bool("multipart").unwrap_or(false),
                timestamp_ms: args.opt_i64("timestamp_ms"),
                request_id: args.opt_str("request_id").map(str::to_owned),
            };
            m.seal_request(
                args.str("method"),
                args.str("path"),
                args.str("params_json"),
                &opts,
            )
            .map(|s| {
                let step = |n: &str| {
                    s.trace
                        .get(n)
                        .map_or(Value::Null, |v| Value::String(v.to_owned()))
                };
                let header = |n: &str| Value::String(s.header(n).unwrap().to_owned());
                outputs([
                    ("body", Value::String(s.body.clone())),
                    ("request_id", header(upay::HEADER_REQUEST_ID)),
                    ("timestamp", header(upay::HEADER_TIMESTAMP)),
                    ("sign", header(upay::HEADER_SIGN)),
                    ("sign_param", step("sign_param")),
                    ("string_to_sign", step("string_to_sign")),
                    ("jwe_header", step("jwe_header")),
                    (
                        "api_key_header",
                        s.header(upay::HEADER_API_KEY)
                            .map_or(Value::Null, |v| Value::String(v.to_owned())),
                    ),
                ])
            })
        }),
        "upay_open_response" => merchant(args)
            .and_then(|m| m.open_response(args.str("body")))
            .map(|d| text("data_json", d)),
        "upay_open_notification" => merchant(args)
            .and_then(|m| {
                m.open_notification(args.str("body"), &headers(args), args.opt_i64("now_ms"))
            })
            .map(|p| text("payload_json", p)),
        "upay_open_request" => mirror(args)
            .and_then(|p| {
                p.open_request(
                    args.str("method"),
                    args.str("path"),
                    args.str("body"),
                    &headers(args),
                )
            })
            .map(|p| text("params_json", p)),
        _ => return None,
    };
    Some(out)
}
