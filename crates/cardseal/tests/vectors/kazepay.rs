//! Vector runner for the `kazepay` family (ops documented in test-vectors/README.md):
//! every op calls the public KazePay API.
//!
//! Randomness is `Env::fixed(utf8(seed), now_ms)` (both default to `""` / 0). Profile
//! options `digest`, `signed_content`, `key_wrapping`, `aes_key_bits` default to the
//! profile defaults (`sha1`, `plaintext`, `base64_text`, 128).

use cardseal::providers::kazepay::{self, FilePart, KazePay, KazePayProfile, KazePayProvider};
use cardseal::{Backend, Env, RsaPrivateKey, RsaPublicKey, keys};
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

fn profile(args: &Args) -> cardseal::Result<KazePayProfile> {
    KazePayProfile::from_names(
        args.opt_str("digest").unwrap_or("sha1"),
        args.opt_str("signed_content").unwrap_or("plaintext"),
        args.opt_str("key_wrapping").unwrap_or("base64_text"),
        args.opt_i64("aes_key_bits").unwrap_or(128) as u32,
    )
}

fn merchant(args: &Args) -> cardseal::Result<KazePay> {
    KazePay::new(
        args.str("sys_id"),
        private(args, "private_key")?,
        public(args, "provider_public_key")?,
        profile(args)?,
        env(args),
    )
}

fn mirror(args: &Args) -> cardseal::Result<KazePayProvider> {
    KazePayProvider::new(
        args.str("sys_id"),
        private(args, "private_key")?,
        public(args, "merchant_public_key")?,
        profile(args)?,
        env(args),
    )
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
        "kazepay_seal_request" => merchant(args)
            .and_then(|m| {
                m.seal_request(
                    args.str("api_code"),
                    args.str("body_json"),
                    args.opt_str("request_no"),
                )
            })
            .map(|s| text("message", s.body)),
        "kazepay_open_response" => merchant(args)
            .and_then(|m| m.open_response(args.str("message")))
            .map(|b| text("body_json", b)),
        "kazepay_open_request" => mirror(args)
            .and_then(|p| p.open_request(args.str("message"), &[]))
            .map(|b| text("body_json", b)),
        "kazepay_seal_response" => mirror(args)
            .and_then(|p| {
                p.seal_response(
                    args.str("api_code"),
                    args.str("request_no"),
                    args.str("body_json"),
                )
            })
            .map(|s| text("message", s.body)),
        "kazepay_detect" => private(args, "private_key").and_then(|k| {
            let pk = public(args, "public_key")?;
            kazepay::detect(args.str("message"), &k, &pk).map(|r| {
                outputs([
                    (
                        "matches",
                        Value::Array(
                            r.matches
                                .iter()
                                .map(|p| Value::String(p.describe()))
                                .collect(),
                        ),
                    ),
                    ("body_json", r.body.map_or(Value::Null, Value::String)),
                ])
            })
        }),
        "kazepay_multipart_body" => {
            let data = args.bytes("file");
            let file = FilePart {
                file_name: args.str("file_name"),
                content_type: args.str("content_type"),
                data: &data,
            };
            kazepay::multipart_body(args.str("boundary"), &file, args.str("request_json"))
                .map(|b| text("body_hex", encode_hex(&b)))
        }
        _ => return None,
    };
    Some(out)
}
