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
//! `json_big_string/*`: the parser and the writer alone (no sorting cost to speak of) on
//! ~6 MB objects that are one long string, which is where the string scanner
//! (`find_special`) dominates:
//! - `base64`: one ~6 MB base64 string, nothing to escape;
//! - `mime_base64`: base64 with a `\n` escape every 76 characters (MIME line breaks);
//! - `non_ascii`: UTF-8 text (CJK, accented Latin) with a `\"` or `\\` escape about
//!   every 130 bytes.
//!
//! Each has `parse` (`json::parse`), `to_sorted` (writing the parsed tree) and, for the
//! string alone, `write_string`. Filter with e.g. `-- json_big_string/base64`.
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

/// `{"mc_trade_no":..,"doc":"<~6 MB base64>","doc_type":1}`.
fn one_base64_string() -> String {
    format!(
        r#"{{"mc_trade_no":"48d2741747a4493223feb22","doc":"{}","doc_type":1}}"#,
        base64_text(6 << 20, 7)
    )
}

/// Base64 broken into 76-character lines, as JSON (each line break is the escape `\n`).
fn mime_base64_string() -> String {
    let b64 = base64_text(6 << 20, 11);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(76)
        .map(|l| std::str::from_utf8(l).unwrap())
        .collect();
    format!(r#"{{"doc":"{}","doc_type":1}}"#, lines.join("\\n"))
}

/// ~6 MB of UTF-8 text (2- and 3-byte characters mixed with ASCII), with a `\"` or `\\`
/// escape about every 130 bytes.
fn non_ascii_string() -> String {
    let line = "北京市东城区 Straße 12, café «Zoë» — 東京都港区 ";
    let mut s = String::with_capacity(6 << 20);
    let mut i = 0u32;
    while s.len() < 6 << 20 {
        s.push_str(line);
        s.push_str(if i.is_multiple_of(2) { "\\\"" } else { "\\\\" });
        s.push_str(line);
        i += 1;
    }
    format!(r#"{{"address":"{s}","country_id":"CN"}}"#)
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

fn bench_big_string(c: &mut Criterion) {
    for (name, text) in [
        ("base64", one_base64_string()),
        ("mime_base64", mime_base64_string()),
        ("non_ascii", non_ascii_string()),
    ] {
        let tree = json::parse(&text).unwrap();
        // The string member (the only one longer than 100 bytes).
        let long = tree
            .as_object()
            .unwrap()
            .iter()
            .find_map(|(_, v)| v.as_str().filter(|s| s.len() > 100))
            .unwrap();
        // These inputs are compact with minimal escapes, so writing the parsed tree gives
        // the input back (sorted: the same members in another order).
        assert_eq!(tree.to_compact(), text);
        assert_eq!(tree.to_sorted().len(), text.len());
        let mut g = c.benchmark_group(format!("json_big_string/{name}"));
        // Bytes of the whole text (`write_string`: the string alone is all but ~60 of them).
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.sample_size(30).measurement_time(Duration::from_secs(4));
        g.bench_function("parse", |b| {
            b.iter(|| json::parse(black_box(&text)).unwrap())
        });
        g.bench_function("to_sorted", |b| b.iter(|| black_box(&tree).to_sorted()));
        let mut out = String::with_capacity(text.len());
        g.bench_function("write_string", |b| {
            b.iter(|| {
                out.clear();
                json::write_string(black_box(long), &mut out);
                out.len()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench_sorted_json, bench_form, bench_big_string);
criterion_main!(benches);
