//! UPay (HMAC + JWE RSA-OAEP-256/A128GCM/zip) and KazePay (RSA + AES-ECB envelope):
//! seal and open at ~300 B and ~6 MB (a KYC body with base64 images), on both RSA
//! backends.
//!
//! - `upay_seal_request_encrypted`: `UPay::seal_request` with `encrypt` (SIGN_PARAM, HMAC,
//!   DEFLATE, AES-GCM, RSA-OAEP encrypt);
//! - `upay_open_request_encrypted`: the mirror's `open_request` (RSA-OAEP decrypt,
//!   AES-GCM, inflate, SIGN_PARAM, HMAC);
//! - `upay_open_response_encrypted`: `UPay::open_response` of a `data.payload` JWE;
//! - `kazepay_seal_request` / `kazepay_open_response`: default profile (SHA1withRSA over
//!   the body, PKCS#1 v1.5 key wrap, AES-128-ECB).
//!
//! `cargo bench -p cardseal-benches --bench providers_b` (full run) or `... -- --test`
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

use cardseal::hazmat::encoding::b64_encode;
use cardseal::providers::kazepay::{KazePay, KazePayProfile};
use cardseal::providers::upay::{UPay, UPayRequestOptions};
use cardseal::{Backend, Env, RsaPrivateKey, keys};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const UPAY_MERCHANT: &str = include_str!("../test-vectors/keys/upay_merchant.pem");
const UPAY_PLATFORM: &str = include_str!("../test-vectors/keys/upay_platform.pem");
const KAZE_MERCHANT: &str = include_str!("../test-vectors/keys/kazepay_merchant.pem");
const KAZE_PROVIDER: &str = include_str!("../test-vectors/keys/kazepay_provider.pem");
const SECRET: &str = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%";
const NOW: i64 = 1_774_573_955_994;

/// A ~300-byte business body.
fn small_body() -> String {
    r#"{"groupNo":"101680210001","givenName":"Demo given name","lastName":"Demo last name","email":"sing_demo@upb.com","globalCode":"+1","phone":"127897890","annualIncome":100.5,"workYear":1,"address":{"countryId":12,"provinceId":475,"postalCode":"94105"},"remark":"sample"}"#
        .to_owned()
}

/// A ~6 MB KYC body: three base64 "images" of pseudo-random bytes (incompressible, as
/// real JPEGs are).
fn kyc_body() -> String {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut image = |n: usize| {
        let raw: Vec<u8> = (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        format!("data:image/jpeg;base64,{}", b64_encode(&raw))
    };
    format!(
        r#"{{"email":"kyc@kazepay.io","firstName":"Trump","lastName":"Donald","identificationType":"PASSPORT","frontImgBase64":"{}","backImgBase64":"{}","handheldImgBase64":"{}"}}"#,
        image(1_500_000),
        image(1_500_000),
        image(1_500_000)
    )
}

fn private(pem: &str, b: Backend) -> RsaPrivateKey {
    keys::parse_private_key_with(pem.as_bytes(), b).unwrap()
}

fn bodies() -> [(String, String); 2] {
    let s = small_body();
    let k = kyc_body();
    [
        (format!("{}B", s.len()), s),
        (format!("{:.1}MB", k.len() as f64 / 1e6), k),
    ]
}

fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(3));
    g.warm_up_time(Duration::from_millis(500));
    g
}

fn upay(c: &mut Criterion) {
    let bodies = bodies();
    let opts = UPayRequestOptions {
        encrypt: true,
        timestamp_ms: Some(NOW),
        request_id: Some("366dde77c57a4e7e988c074a21a4f04c".into()),
        multipart: false,
    };
    for (name, op) in [
        ("upay_seal_request_encrypted", 0),
        ("upay_open_request_encrypted", 1),
        ("upay_open_response_encrypted", 2),
    ] {
        let mut g = group(c, name);
        for b in Backend::available() {
            let merchant = UPay::new(
                "app",
                SECRET,
                private(UPAY_MERCHANT, b),
                private(UPAY_PLATFORM, b).public_key(),
                Env::fixed(b"bench", NOW),
            )
            .unwrap();
            let platform = merchant.provider(private(UPAY_PLATFORM, b));
            for (label, body) in &bodies {
                g.throughput(Throughput::Bytes(body.len() as u64));
                let id = BenchmarkId::new(b.name(), label);
                match op {
                    0 => g.bench_with_input(id, body, |bch, body| {
                        bch.iter(|| {
                            merchant
                                .seal_request("POST", "/api/v1/kyc", black_box(body), &opts)
                                .unwrap()
                        })
                    }),
                    1 => {
                        let s = merchant
                            .seal_request("POST", "/api/v1/kyc", body, &opts)
                            .unwrap();
                        g.bench_with_input(id, &s, |bch, s| {
                            bch.iter(|| {
                                platform
                                    .open_request(
                                        "POST",
                                        "/api/v1/kyc",
                                        black_box(&s.body),
                                        &s.headers,
                                    )
                                    .unwrap()
                            })
                        })
                    }
                    _ => {
                        let r = platform.seal_response(body, true).unwrap();
                        g.bench_with_input(id, &r.body, |bch, text| {
                            bch.iter(|| merchant.open_response(black_box(text)).unwrap())
                        })
                    }
                };
            }
        }
        g.finish();
    }
}

fn kazepay(c: &mut Criterion) {
    let bodies = bodies();
    for (name, op) in [("kazepay_seal_request", 0), ("kazepay_open_response", 1)] {
        let mut g = group(c, name);
        for b in Backend::available() {
            let merchant = KazePay::new(
                "H2400002001",
                private(KAZE_MERCHANT, b),
                private(KAZE_PROVIDER, b).public_key(),
                KazePayProfile::default(),
                Env::fixed(b"bench", NOW),
            )
            .unwrap();
            let provider = merchant.provider(private(KAZE_PROVIDER, b));
            for (label, body) in &bodies {
                g.throughput(Throughput::Bytes(body.len() as u64));
                let id = BenchmarkId::new(b.name(), label);
                if op == 0 {
                    g.bench_with_input(id, body, |bch, body| {
                        bch.iter(|| {
                            merchant
                                .seal_request("setUcardKyc", black_box(body), Some("1"))
                                .unwrap()
                        })
                    });
                } else {
                    let r = provider.seal_response("setUcardKyc", "1", body).unwrap();
                    g.bench_with_input(id, &r.body, |bch, text| {
                        bch.iter(|| merchant.open_response(black_box(text)).unwrap())
                    });
                }
            }
        }
        g.finish();
    }
}

criterion_group!(benches, upay, kazepay);
criterion_main!(benches);
