//! RSA: the OpenSSL and RustCrypto backends side by side, 1024- and 2048-bit keys
//! (the sandbox keys in `test-vectors/keys/`):
//! - sign: RSASSA-PKCS1-v1_5 with SHA-256 over a ~200-byte signature string;
//! - verify: the same signature;
//! - encrypt: RSAES-PKCS1-v1_5 of a 24-byte session key text (common padding from an
//!   `Env::fixed`, then the backend's raw public operation);
//! - decrypt: the same ciphertext (blinded; implicit rejection);
//! - parse: a PKCS#8 PEM private key, including the pairwise consistency check.
//!
//! `cargo bench -p cardseal-benches --bench rsa` (full run) or `... -- --test` (each
//! benchmark once, as a smoke test). Compare `openssl` and `rustcrypto` within a group.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;

use cardseal::Env;
use cardseal::hazmat::digest::HashAlg;
use cardseal::hazmat::rsa::{Backend, RsaPrivateKey};
use cardseal::keys::parse_private_key_with;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

const KEY_1024: &str = include_str!("../test-vectors/keys/sandbox_merchant_1024.pem");
const KEY_2048: &str = include_str!("../test-vectors/keys/sandbox_merchant_2048.pem");
const MESSAGE: &[u8] = br#"bizData={"cardId":"1755902","holderId":"101982"}&partnerId=888666000100201&randomKey=lGqBz8CgnQ/XFYQRfaihJg==&requestId=88866600010020120231106120000000&signType=RSA&version=2.0"#;
const SESSION_KEY: &[u8] = b"ebwjkuiwHhe0XhLK9NG62g==";

fn keys() -> Vec<(usize, Backend, RsaPrivateKey)> {
    let mut out = Vec::new();
    for (bits, pem) in [(1024, KEY_1024), (2048, KEY_2048)] {
        for b in Backend::available() {
            out.push((bits, b, parse_private_key_with(pem.as_bytes(), b).unwrap()));
        }
    }
    out
}

fn bench_rsa(c: &mut Criterion) {
    let keys = keys();
    let env = Env::fixed(b"bench", 0);

    let mut g = c.benchmark_group("rsa_sign_sha256");
    for (bits, b, key) in &keys {
        g.bench_with_input(BenchmarkId::new(b.name(), bits), key, |bn, key| {
            bn.iter(|| {
                key.sign_pkcs1v15(HashAlg::Sha256, black_box(MESSAGE))
                    .unwrap()
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("rsa_verify_sha256");
    for (bits, b, key) in &keys {
        let sig = key.sign_pkcs1v15(HashAlg::Sha256, MESSAGE).unwrap();
        let public = key.public_key();
        g.bench_with_input(BenchmarkId::new(b.name(), bits), &sig, |bn, sig| {
            bn.iter(|| {
                public
                    .verify_pkcs1v15(HashAlg::Sha256, black_box(MESSAGE), black_box(sig))
                    .unwrap()
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("rsa_encrypt_pkcs1v15");
    for (bits, b, key) in &keys {
        let public = key.public_key();
        g.bench_function(BenchmarkId::new(b.name(), bits), |bn| {
            bn.iter(|| {
                public
                    .encrypt_pkcs1v15(black_box(SESSION_KEY), &env)
                    .unwrap()
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("rsa_decrypt_pkcs1v15");
    for (bits, b, key) in &keys {
        let ct = key
            .public_key()
            .encrypt_pkcs1v15(SESSION_KEY, &env)
            .unwrap();
        assert_eq!(key.decrypt_pkcs1v15(&ct).unwrap().expose(), SESSION_KEY);
        g.bench_with_input(BenchmarkId::new(b.name(), bits), &ct, |bn, ct| {
            bn.iter(|| key.decrypt_pkcs1v15(black_box(ct)).unwrap())
        });
    }
    g.finish();
}

fn bench_parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("rsa_parse_private_pem");
    for (bits, pem) in [(1024, KEY_1024), (2048, KEY_2048)] {
        for b in Backend::available() {
            g.bench_function(BenchmarkId::new(b.name(), bits), |bn| {
                bn.iter(|| parse_private_key_with(black_box(pem.as_bytes()), b).unwrap())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_rsa, bench_parse);
criterion_main!(benches);
