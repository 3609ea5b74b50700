//! Shared helpers for the provider integration tests (`providers_*.rs`): random JSON
//! payloads for the property tests and KYC-sized bodies.
#![allow(dead_code)]

use proptest::prelude::*;

/// A JSON string literal for `s` (escaping by serde_json, independent of the crate).
pub fn lit(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Random JSON scalars as text: null, booleans, integers (including beyond 64 bits),
/// decimals written as a provider writes them (`5000.00`, `0E-18`), unicode strings
/// (with control characters, quotes, backslashes, emoji) and empty strings.
pub fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        "-?[1-9][0-9]{19,40}".prop_map(|s| s),
        prop_oneof![
            Just("5000.00".to_owned()),
            Just("0.010000000000000000".to_owned()),
            Just("0E-18".to_owned()),
            Just("-1.5e+10".to_owned()),
            Just("300.000000000000000000".to_owned()),
            Just("-0".to_owned()),
        ],
        (0u32..1_000_000, 0u32..100).prop_map(|(a, b)| format!("{a}.{b:02}")),
        Just(lit("")),
        any::<String>().prop_map(|s| lit(&s)),
        "[a-zA-Z0-9 _\\-\"\\\\/\u{4e00}-\u{4e10}\u{1F600}-\u{1F610}é\n\t]{0,24}"
            .prop_map(|s| lit(&s)),
    ]
}

/// Object member names: ASCII, unicode, with characters that need escaping.
pub fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z_][a-zA-Z0-9_]{0,12}",
        "[a-zA-Z\u{e9}\u{4e2d}\u{1F600}\"\\\\ ]{1,8}",
    ]
}

/// Any JSON value as text, nested up to four levels.
pub fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(","))),
            object_of(inner),
        ]
    })
}

fn object_of(inner: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop::collection::vec((key(), inner), 0..6).prop_map(|members| {
        let mut seen = std::collections::HashSet::new();
        let body: Vec<String> = members
            .into_iter()
            .filter(|(k, _)| seen.insert(k.clone()))
            .map(|(k, v)| format!("{}:{v}", lit(&k)))
            .collect();
        format!("{{{}}}", body.join(","))
    })
}

/// A JSON object as text (the top level of every request body), members in random order.
pub fn object() -> impl Strategy<Value = String> {
    object_of(value())
}

/// A KYC body like HyperCard's "Binding KYC" example with three base64 images of about
/// `image_len` characters each (deterministic content).
pub fn kyc_body(image_len: usize) -> String {
    let env = cardseal::Env::fixed(b"kyc images", 0);
    let image = |n: usize| {
        let raw = env.random_bytes(image_len / 4 * 3 + n).unwrap();
        let b64 = cardseal::hazmat::encoding::b64_encode(&raw);
        format!("data:image/jpeg;base64,{b64}")
    };
    format!(
        concat!(
            r#"{{"mc_trade_no":"48d2741747a4493223feb22","base_info":{{"email":"example@gmail.com","first_name":"pan","last_name":"gao","mobile":"1888888888","mobile_code":"86"}},"#,
            r#""kyc_info":{{"address":"maizidianjie28hao","back_doc":"{}","birthday":"1990-01-01","doc_no":12345678,"doc_type":1,"front_doc":"{}","mix_doc":"{}","amount":5000.00,"nationality_id":"CN"}}}}"#
        ),
        image(1),
        image(2),
        image(3)
    )
}

/// Entropy that returns `first` for the first request of exactly `first.len()` bytes and a
/// seeded stream for everything else: reproduces a published value that was made from
/// known "random" bytes (e.g. Paytend's key text `lGqBz8CgnQ/XFYQRfaihJg==`).
pub struct FirstThen {
    first: Vec<u8>,
    used: std::sync::atomic::AtomicBool,
    rest: cardseal::env::SeededEntropy,
}

impl cardseal::Entropy for FirstThen {
    fn fill(&self, dest: &mut [u8]) -> cardseal::Result<()> {
        use std::sync::atomic::Ordering;
        if dest.len() == self.first.len() && !self.used.swap(true, Ordering::SeqCst) {
            dest.copy_from_slice(&self.first);
            return Ok(());
        }
        self.rest.fill(dest)
    }
}

/// An [`cardseal::Env`] whose first `first.len()`-byte draw is `first` and whose clock
/// says `now_ms`.
pub fn env_first_then(first: &[u8], seed: &[u8], now_ms: i64) -> cardseal::Env {
    cardseal::Env::new(
        std::sync::Arc::new(FirstThen {
            first: first.to_vec(),
            used: std::sync::atomic::AtomicBool::new(false),
            rest: cardseal::env::SeededEntropy::new(seed),
        }),
        std::sync::Arc::new(cardseal::env::FixedClock(now_ms)),
    )
}

/// A key file from `test-vectors/keys/`.
pub fn key_file(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../test-vectors/keys")
            .join(name),
    )
    .unwrap()
}

/// Every compiled RSA backend.
pub fn backends() -> Vec<cardseal::hazmat::rsa::Backend> {
    let b = cardseal::hazmat::rsa::Backend::available();
    assert!(!b.is_empty());
    b
}

/// Replaces member `name`'s string value in a compact JSON object text.
pub fn replace_member(body: &str, name: &str, value: &str) -> String {
    let mut v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(body).unwrap();
    assert!(v.contains_key(name), "no member {name}");
    v.insert(name.to_owned(), serde_json::Value::String(value.to_owned()));
    serde_json::to_string(&v).unwrap()
}

/// Removes member `name` from a JSON object text.
pub fn remove_member(body: &str, name: &str) -> String {
    let mut v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(body).unwrap();
    assert!(v.remove(name).is_some(), "no member {name}");
    serde_json::to_string(&v).unwrap()
}

/// The string value of member `name` of a JSON object text.
pub fn member(body: &str, name: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v[name]
        .as_str()
        .unwrap_or_else(|| panic!("no string member {name}"))
        .to_owned()
}
