//! Canonical JSON: cardseal next to serde_json.
//!
//! Sorted compact JSON (`cardseal::canonical::json::sorted_compact`: strict parse to a
//! borrowed tree, keys sorted in UTF-16 order, numbers verbatim) vs serde_json (parse to
//! `Value`, whose map sorts keys, then `to_string`), on
//! - a ~300 B request object (nested, unsorted keys, decimals);
//! - a ~6 MB KYC-style object: three ~2 MB base64 image strings plus small fields.
//!
//! Also the UPay-style form rule over the small object.
//!
//! `cargo bench -p cardseal-benches --bench canonical` (full run) or `... -- --test`
//! (each benchmark once, as a smoke test).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;
use std::time::Duration;

use cardseal::canonical::form::{self, FormRule};
use cardseal::canonical::json;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const SMALL: &str = r#"{"mobilePrefix":"1","email":"188888888662@188.com","mobileNumber":"18888888867","amount":5000.00,"currency":"USD","address":{"postalCode":"94105","name":"Demo given name","countryId":12,"address":"535 Mission St, Floor 12","provinceId":475},"tags":["kyc","card"],"remark":"This is sample data","workYear":1}"#;

/// Deterministic base64-alphabet text of `n` characters (xorshift), like an encoded image.
fn base64_text(n: usize, seed: u64) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(A[(x % 64) as usize])
        })
        .collect()
}

fn large() -> String {
    let img = |s| base64_text(2 << 20, s);
    format!(
        r#"{{"mc_trade_no":"48d2741747a4493223feb22","kyc_info":{{"front_doc":"{}","back_doc":"{}","mix_doc":"{}","doc_type":1,"birthday":"1990-01-01","city":"beijing","country_id":"CN"}},"base_info":{{"email":"example@gmail.com","first_name":"pan","last_name":"gao"}}}}"#,
        img(1),
        img(2),
        img(3)
    )
}

fn serde_sorted(text: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    serde_json::to_string(&v).unwrap()
}

fn bench_sorted_json(c: &mut Criterion) {
    let large = large();
    for (name, text) in [("300B", SMALL), ("6MB", large.as_str())] {
        // Same output for ASCII keys and this input (serde_json sorts by bytes; the numbers
        // here survive its f64 round trip except `5000.00`, which it rewrites as `5000.0`).
        assert_eq!(
            json::sorted_compact(text).unwrap().len(),
            serde_sorted(text).len() + usize::from(name == "300B")
        );
        let mut g = c.benchmark_group(format!("sorted_compact_json/{name}"));
        g.throughput(Throughput::Bytes(text.len() as u64));
        if name == "6MB" {
            g.sample_size(20).measurement_time(Duration::from_secs(8));
        }
        g.bench_function("cardseal", |b| {
            b.iter(|| json::sorted_compact(black_box(text)).unwrap())
        });
        g.bench_function("serde_json", |b| b.iter(|| serde_sorted(black_box(text))));
        g.finish();
    }
}

fn bench_form(c: &mut Criterion) {
    let mut g = c.benchmark_group("form_sorted_nested_sorted_json/300B");
    g.throughput(Throughput::Bytes(SMALL.len() as u64));
    g.bench_function("cardseal", |b| {
        b.iter(|| {
            form::render_json(&FormRule::SORTED_NESTED_SORTED_JSON, black_box(SMALL)).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_sorted_json, bench_form);
criterion_main!(benches);
