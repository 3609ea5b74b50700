//! Providers ASINX Pay/Moonbank, Paytend and HyperCard end to end: `seal_request` and the
//! opening of what the provider sends back, at ~300 B and ~6 MB (a KYC request with three
//! ~2 MB base64 images), on both RSA backends where the scheme uses RSA.
//!
//! - ASINX: `seal_request` (sort, AES-128-ECB, MD5) and `open_response` (hex → AES → b64).
//! - Paytend: `seal_request` (AES-192 envelope, RSA-1024 key wrap, SHA256withRSA) and
//!   `open_response` (RSA unwrap, AES, signature check).
//! - HyperCard: `seal_request` (string to sign with the Python-str nested rule,
//!   SHA256withRSA) and `open_notification` (the same string, signature check): HyperCard
//!   responses are unsigned, so its push events are the signed inbound path.
//!
//! `cargo bench -p cardseal-benches --bench providers_a` (full run) or `... -- --test`
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

use cardseal::Env;
use cardseal::hazmat::encoding;
use cardseal::hazmat::rsa::{Backend, RsaPrivateKey};
use cardseal::keys::parse_private_key_with;
use cardseal::providers::asinx::Asinx;
use cardseal::providers::hypercard::{HyperCard, HyperCardRequestOptions};
use cardseal::providers::paytend::Paytend;
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};

const MERCHANT_KEY: &str = include_str!("../test-vectors/keys/sandbox_merchant_1024.pem");
const PROVIDER_KEY: &str = include_str!("../test-vectors/keys/sandbox_provider_1024.pem");
const NOW_MS: i64 = 1_700_000_000_000;

/// A ~300-byte business payload.
const SMALL: &str = r#"{"userBankcardId":135,"amount":5000.00,"currency":"USD","mc_trade_no":"48d2741747a4493223feb22","base_info":{"email":"example@gmail.com","first_name":"pan","last_name":"gao","mobile":"1888888888","mobile_code":"86"},"remark":"闪电支付,无缝衔接","tags":["kyc","virtual",true,null]}"#;

/// A ~6 MB KYC body: three ~2 MB base64 images plus the usual fields.
fn kyc_body() -> String {
    let image = |salt: u8| {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15 ^ u64::from(salt);
        let raw: Vec<u8> = (0..(2 << 20) / 4 * 3)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        format!("data:image/jpeg;base64,{}", encoding::b64_encode(&raw))
    };
    format!(
        r#"{{"mc_trade_no":"48d2741747a4493223feb22","base_info":{{"email":"example@gmail.com","first_name":"pan"}},"kyc_info":{{"birthday":"1990-01-01","doc_no":12345678,"front_doc":"{}","back_doc":"{}","mix_doc":"{}"}}}}"#,
        image(1),
        image(2),
        image(3)
    )
}

fn payloads() -> [(&'static str, String); 2] {
    [("300B", SMALL.to_owned()), ("6MB", kyc_body())]
}

fn group<'a>(c: &'a mut Criterion, name: &str, size: usize) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(size as u64));
    if size >= (1 << 20) {
        g.sample_size(10);
        g.measurement_time(Duration::from_secs(6));
    }
    g
}

fn key(pem: &str, backend: Backend) -> RsaPrivateKey {
    parse_private_key_with(pem.as_bytes(), backend).unwrap()
}

fn asinx(c: &mut Criterion) {
    let m = Asinx::new(
        "app_447770",
        "b635dd5c87f7bf73387929203321b1e1",
        Env::fixed(b"bench", NOW_MS),
    )
    .unwrap();
    let p = m.provider();
    for (label, payload) in payloads() {
        let mut g = group(c, "asinx", payload.len());
        g.bench_function(format!("seal_request/{label}"), |b| {
            b.iter(|| {
                m.seal_request("/user/kyc", black_box(&payload), Some("u1"))
                    .unwrap()
            })
        });
        let response = p.seal_response(&payload).unwrap().body;
        g.bench_function(format!("open_response/{label}"), |b| {
            b.iter(|| m.open_response(black_box(&response)).unwrap())
        });
        g.finish();
    }
}

fn paytend(c: &mut Criterion) {
    for backend in Backend::available() {
        let m = Paytend::new(
            "888666000100201",
            key(MERCHANT_KEY, backend),
            key(PROVIDER_KEY, backend).public_key(),
            Env::fixed(b"bench", NOW_MS),
        )
        .unwrap();
        let p = m.provider(key(PROVIDER_KEY, backend));
        for (label, payload) in payloads() {
            let mut g = group(c, &format!("paytend/{}", backend.name()), payload.len());
            g.bench_function(format!("seal_request/{label}"), |b| {
                b.iter(|| m.seal_request(black_box(&payload), None).unwrap())
            });
            let response = p.seal_response(&payload).unwrap().body;
            g.bench_function(format!("open_response/{label}"), |b| {
                b.iter(|| m.open_response(black_box(&response)).unwrap())
            });
            g.finish();
        }
    }
}

fn hypercard(c: &mut Criterion) {
    for backend in Backend::available() {
        let m = HyperCard::new(
            "hc_bench",
            key(MERCHANT_KEY, backend),
            key(PROVIDER_KEY, backend).public_key(),
            Env::fixed(b"bench", NOW_MS),
        )
        .unwrap();
        let p = m.provider(key(PROVIDER_KEY, backend));
        for (label, payload) in payloads() {
            let mut g = group(c, &format!("hypercard/{}", backend.name()), payload.len());
            g.bench_function(format!("seal_request/{label}"), |b| {
                b.iter(|| {
                    m.seal_request(black_box(&payload), HyperCardRequestOptions::default())
                        .unwrap()
                })
            });
            let event = p.seal_notification(&payload).unwrap();
            g.bench_function(format!("open_notification/{label}"), |b| {
                b.iter(|| {
                    m.open_notification(black_box(&event.body), &event.headers)
                        .unwrap()
                })
            });
            g.finish();
        }
    }
}

criterion_group!(benches, asinx, paytend, hypercard);
criterion_main!(benches);
