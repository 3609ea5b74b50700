//! Encryption paddings built from the injected [`Env`], shared by both backends (so the
//! same seed gives the same ciphertext whatever the backend).
//!
//! - EME-PKCS1-v1_5 (RFC 8017 §7.2.1): `00 02 PS 00 M`, PS non-zero random, ≥ 8 bytes.
//! - EME-OAEP (RFC 8017 §7.1.1) with SHA-256 and MGF1-SHA-256.

use zeroize::Zeroizing;

use crate::env::Env;
use crate::error::{Error, Result};
use crate::hazmat::digest::sha256;

/// Bound on redraws per zero byte of PS: an entropy source that keeps returning zeros is
/// broken, and must not make encryption loop forever.
const MAX_REDRAWS: usize = 64;

/// `00 02 PS 00 M` for a `k`-byte modulus.
pub(super) fn eme_pkcs1v15(message: &[u8], k: usize, env: &Env) -> Result<Zeroizing<Vec<u8>>> {
    let max = k.saturating_sub(11);
    if k < 11 || message.len() > max {
        return Err(Error::invalid_input(
            "message",
            format!(
                "{} bytes is too long for one RSA PKCS#1 v1.5 block of a {}-byte key (at most {max})",
                message.len(),
                k
            ),
        ));
    }
    let ps_len = k - 3 - message.len();
    let mut em = Zeroizing::new(vec![0u8; k]);
    let (head, rest) = em.split_at_mut(2);
    if let Some(b) = head.get_mut(1) {
        *b = 2;
    }
    let (ps, rest) = rest.split_at_mut(ps_len);
    env.fill_random(ps)?;
    for byte in ps.iter_mut() {
        let mut tries = 0;
        while *byte == 0 {
            if tries == MAX_REDRAWS {
                return Err(Error::invalid_input(
                    "env",
                    "entropy source keeps returning zero bytes",
                ));
            }
            env.fill_random(std::slice::from_mut(byte))?;
            tries += 1;
        }
    }
    // rest = 00 ‖ M
    let (_zero, m) = rest.split_at_mut(1);
    m.copy_from_slice(message);
    Ok(em)
}

/// MGF1 with SHA-256: XORs the mask generated from `seed` into `out`.
fn mgf1_xor(seed: &[u8], out: &mut [u8]) {
    let mut input = Zeroizing::new(Vec::with_capacity(seed.len() + 4));
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(32)) {
        input.clear();
        input.extend_from_slice(seed);
        input.extend_from_slice(&counter.to_be_bytes());
        let mask = Zeroizing::new(sha256(&input));
        for (o, m) in chunk.iter_mut().zip(mask.iter()) {
            *o ^= *m;
        }
    }
}

/// `00 ‖ maskedSeed ‖ maskedDB` for a `k`-byte modulus, SHA-256 and MGF1-SHA-256.
pub(super) fn eme_oaep_sha256(
    message: &[u8],
    label: &[u8],
    k: usize,
    env: &Env,
) -> Result<Zeroizing<Vec<u8>>> {
    const H: usize = 32;
    let max = k.saturating_sub(2 * H + 2);
    if k < 2 * H + 2 || message.len() > max {
        return Err(Error::invalid_input(
            "message",
            format!(
                "{} bytes is too long for one RSA-OAEP-SHA256 block of a {}-byte key (at most {max})",
                message.len(),
                k
            ),
        ));
    }
    let mut em = Zeroizing::new(vec![0u8; k]);
    let (_zero, rest) = em.split_at_mut(1);
    let (seed, db) = rest.split_at_mut(H);
    // DB = lHash ‖ PS ‖ 01 ‖ M
    let db_len = db.len();
    let (lhash, tail) = db.split_at_mut(H);
    lhash.copy_from_slice(&sha256(label));
    let (_ps_and_one, m) = tail.split_at_mut(db_len - H - message.len());
    m.copy_from_slice(message);
    if let Some(one) = db.get_mut(db_len - message.len() - 1) {
        *one = 1;
    }
    env.fill_random(seed)?;
    mgf1_xor(seed, db);
    mgf1_xor(db, seed);
    Ok(em)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs1v15_layout() {
        let env = Env::fixed(b"layout", 0);
        let em = eme_pkcs1v15(b"hello", 128, &env).unwrap();
        assert_eq!(em.len(), 128);
        assert_eq!(&em[..2], &[0, 2]);
        assert!(em[2..122].iter().all(|b| *b != 0));
        assert_eq!(em[122], 0);
        assert_eq!(&em[123..], b"hello");
        // k - 11 is the limit
        assert!(eme_pkcs1v15(&[7u8; 117], 128, &env).is_ok());
        assert_eq!(
            eme_pkcs1v15(&[7u8; 118], 128, &env).unwrap_err().kind(),
            crate::ErrorKind::InvalidInput
        );
    }

    #[test]
    fn zero_entropy_is_refused_not_looped() {
        struct Zeros;
        impl crate::env::Entropy for Zeros {
            fn fill(&self, dest: &mut [u8]) -> Result<()> {
                dest.fill(0);
                Ok(())
            }
        }
        let env = Env::new(
            std::sync::Arc::new(Zeros),
            std::sync::Arc::new(crate::env::FixedClock(0)),
        );
        assert_eq!(
            eme_pkcs1v15(b"x", 128, &env).unwrap_err().kind(),
            crate::ErrorKind::InvalidInput
        );
    }

    #[test]
    fn oaep_unmasks_to_its_structure() {
        let env = Env::fixed(b"oaep", 0);
        let em = eme_oaep_sha256(b"msg", b"", 128, &env).unwrap();
        assert_eq!(em[0], 0);
        let mut seed = em[1..33].to_vec();
        let mut db = em[33..].to_vec();
        mgf1_xor(&db, &mut seed);
        mgf1_xor(&seed, &mut db);
        assert_eq!(&db[..32], &sha256(b""));
        assert!(db[32..db.len() - 4].iter().all(|b| *b == 0));
        assert_eq!(&db[db.len() - 4..], b"\x01msg");
        assert!(eme_oaep_sha256(&[0u8; 62], b"", 128, &env).is_ok());
        assert!(eme_oaep_sha256(&[0u8; 63], b"", 128, &env).is_err());
    }
}
