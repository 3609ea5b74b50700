//! Symmetric primitives and encodings: cardseal next to its peers.
//!
//! - AES-128 ECB and CBC (PKCS#7) encrypt and decrypt at 1 KiB, 64 KiB and 4 MiB:
//!   `cardseal::hazmat::aes` (RustCrypto) vs OpenSSL (`openssl::symm`, one-shot, same
//!   padding, same output allocation).
//! - base64 and hex encode/decode at 4 MiB: cardseal (base64-simd, faster-hex) vs the
//!   `base64` and `hex` crates; plus cardseal's lenient base64 decoder on one-line input
//!   (its fast path) and on 76-column CRLF (Java MIME) input.
//!
//! - raw DEFLATE at ~6 MB (a JSON body carrying base64 images, as UPay KYC JWEs do):
//!   `cardseal::hazmat::jwe::inflate_capped` vs miniz_oxide's one-shot
//!   `decompress_to_vec_with_limit`, on miniz level-1 output (what cardseal sends) and
//!   level-6 output (zlib's default, what Java senders send); and `jwe::deflate`.
//!
//! `cargo bench -p cardseal-benches --bench symmetric` (full run) or `... -- --test`
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

use base64::Engine as _;
use cardseal::hazmat::aes::{self, Padding};
use cardseal::hazmat::encoding;
use cardseal::hazmat::jwe;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use openssl::symm::{self, Cipher};

const KEY: [u8; 16] = [
    0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
];
const IV: [u8; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const SIZES: [(usize, &str); 3] = [(1 << 10, "1KiB"), (64 << 10, "64KiB"), (4 << 20, "4MiB")];
const ENCODING_SIZE: usize = 4 << 20;

/// Deterministic pseudo-random bytes (xorshift), so runs are comparable.
fn payload(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn configure<'a>(
    c: &'a mut Criterion,
    name: &str,
    size: usize,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(size as u64));
    if size >= (1 << 20) {
        g.sample_size(20);
        g.measurement_time(Duration::from_secs(4));
    }
    g
}

fn bench_aes(c: &mut Criterion) {
    for (size, label) in SIZES {
        let pt = payload(size);

        // Both implementations must agree before they are timed.
        let ecb_ct = aes::ecb_encrypt(&KEY, &pt, Padding::Pkcs7).unwrap();
        assert_eq!(
            ecb_ct,
            symm::encrypt(Cipher::aes_128_ecb(), &KEY, None, &pt).unwrap()
        );
        let cbc_ct = aes::cbc_encrypt(&KEY, &IV, &pt, Padding::Pkcs7).unwrap();
        assert_eq!(
            cbc_ct,
            symm::encrypt(Cipher::aes_128_cbc(), &KEY, Some(&IV), &pt).unwrap()
        );

        let mut g = configure(c, &format!("aes128_ecb_pkcs7/{label}"), size);
        g.bench_function(BenchmarkId::new("encrypt", "cardseal"), |b| {
            b.iter(|| aes::ecb_encrypt(black_box(&KEY), black_box(&pt), Padding::Pkcs7).unwrap())
        });
        g.bench_function(BenchmarkId::new("encrypt", "openssl"), |b| {
            b.iter(|| {
                symm::encrypt(Cipher::aes_128_ecb(), black_box(&KEY), None, black_box(&pt)).unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("decrypt", "cardseal"), |b| {
            b.iter(|| {
                aes::ecb_decrypt(black_box(&KEY), black_box(&ecb_ct), Padding::Pkcs7).unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("decrypt", "openssl"), |b| {
            b.iter(|| {
                symm::decrypt(
                    Cipher::aes_128_ecb(),
                    black_box(&KEY),
                    None,
                    black_box(&ecb_ct),
                )
                .unwrap()
            })
        });
        g.finish();

        let mut g = configure(c, &format!("aes128_cbc_pkcs7/{label}"), size);
        g.bench_function(BenchmarkId::new("encrypt", "cardseal"), |b| {
            b.iter(|| {
                aes::cbc_encrypt(black_box(&KEY), &IV, black_box(&pt), Padding::Pkcs7).unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("encrypt", "openssl"), |b| {
            b.iter(|| {
                symm::encrypt(
                    Cipher::aes_128_cbc(),
                    black_box(&KEY),
                    Some(&IV),
                    black_box(&pt),
                )
                .unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("decrypt", "cardseal"), |b| {
            b.iter(|| {
                aes::cbc_decrypt(black_box(&KEY), &IV, black_box(&cbc_ct), Padding::Pkcs7).unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("decrypt", "openssl"), |b| {
            b.iter(|| {
                symm::decrypt(
                    Cipher::aes_128_cbc(),
                    black_box(&KEY),
                    Some(&IV),
                    black_box(&cbc_ct),
                )
                .unwrap()
            })
        });
        g.finish();
    }
}

fn bench_base64(c: &mut Criterion) {
    let data = payload(ENCODING_SIZE);
    let text = encoding::b64_encode(&data);
    assert_eq!(
        text,
        base64::engine::general_purpose::STANDARD.encode(&data)
    );
    let mut mime = String::with_capacity(text.len() + text.len() / 38 + 2);
    for (i, line) in text.as_bytes().chunks(76).enumerate() {
        if i > 0 {
            mime.push_str("\r\n");
        }
        mime.push_str(std::str::from_utf8(line).unwrap());
    }
    assert_eq!(encoding::b64_decode_lenient(mime.as_bytes()).unwrap(), data);

    let mut g = configure(c, "base64/4MiB", ENCODING_SIZE);
    g.bench_function(BenchmarkId::new("encode", "cardseal"), |b| {
        b.iter(|| encoding::b64_encode(black_box(&data)))
    });
    g.bench_function(BenchmarkId::new("encode", "base64"), |b| {
        b.iter(|| base64::engine::general_purpose::STANDARD.encode(black_box(&data)))
    });
    g.bench_function(BenchmarkId::new("decode", "cardseal"), |b| {
        b.iter(|| encoding::b64_decode(black_box(text.as_bytes())).unwrap())
    });
    g.bench_function(BenchmarkId::new("decode", "base64"), |b| {
        b.iter(|| {
            base64::engine::general_purpose::STANDARD
                .decode(black_box(text.as_bytes()))
                .unwrap()
        })
    });
    g.bench_function(
        BenchmarkId::new("decode_lenient_one_line", "cardseal"),
        |b| b.iter(|| encoding::b64_decode_lenient(black_box(text.as_bytes())).unwrap()),
    );
    g.bench_function(
        BenchmarkId::new("decode_lenient_mime_crlf", "cardseal"),
        |b| b.iter(|| encoding::b64_decode_lenient(black_box(mime.as_bytes())).unwrap()),
    );
    g.finish();
}

fn bench_hex(c: &mut Criterion) {
    let data = payload(ENCODING_SIZE);
    let text = encoding::hex_encode(&data);
    assert_eq!(text, hex::encode(&data));

    let mut g = configure(c, "hex/4MiB", ENCODING_SIZE);
    g.bench_function(BenchmarkId::new("encode", "cardseal"), |b| {
        b.iter(|| encoding::hex_encode(black_box(&data)))
    });
    g.bench_function(BenchmarkId::new("encode", "hex"), |b| {
        b.iter(|| hex::encode(black_box(&data)))
    });
    g.bench_function(BenchmarkId::new("decode", "cardseal"), |b| {
        b.iter(|| encoding::hex_decode(black_box(text.as_bytes())).unwrap())
    });
    g.bench_function(BenchmarkId::new("decode", "hex"), |b| {
        b.iter(|| hex::decode(black_box(text.as_bytes())).unwrap())
    });
    g.finish();
}

/// A ~6 MB JSON body with three base64 "images" of pseudo-random bytes.
fn kyc_json() -> Vec<u8> {
    let image = |seed: usize| {
        let raw = payload(1_500_000 + seed);
        format!("data:image/jpeg;base64,{}", encoding::b64_encode(&raw))
    };
    format!(
        r#"{{"email":"kyc@example.com","identificationType":"PASSPORT","frontImgBase64":"{}","backImgBase64":"{}","handheldImgBase64":"{}"}}"#,
        image(0),
        image(1),
        image(2)
    )
    .into_bytes()
}

fn bench_inflate(c: &mut Criterion) {
    let body = kyc_json();
    let cap = 16 << 20;
    let mut g = configure(c, "inflate/6MB", body.len());
    for level in [1u8, 6] {
        let z = miniz_oxide::deflate::compress_to_vec(&body, level);
        // Both inflaters must agree before they are timed.
        assert_eq!(jwe::inflate_capped(&z, cap).unwrap(), body);
        assert_eq!(
            miniz_oxide::inflate::decompress_to_vec_with_limit(&z, cap).unwrap(),
            body
        );
        let id = format!("level{level}");
        g.bench_function(BenchmarkId::new("cardseal", &id), |b| {
            b.iter(|| jwe::inflate_capped(black_box(&z), cap).unwrap())
        });
        g.bench_function(BenchmarkId::new("miniz_oxide", &id), |b| {
            b.iter(|| {
                miniz_oxide::inflate::decompress_to_vec_with_limit(black_box(&z), cap).unwrap()
            })
        });
    }
    g.bench_function(BenchmarkId::new("deflate", "cardseal"), |b| {
        b.iter(|| jwe::deflate(black_box(&body)))
    });
    g.finish();
}

criterion_group!(benches, bench_aes, bench_base64, bench_hex, bench_inflate);
criterion_main!(benches);
