//! Randomness and time, injected.
//!
//! cardseal never reads the clock or the operating system's random source itself. An
//! [`Env`] carries both; the `cardseal-os` crate supplies the real one, and
//! [`Env::fixed`] a deterministic one so every output can be reproduced in tests.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use crate::error::Result;

/// A source of cryptographically secure random bytes.
pub trait Entropy: Send + Sync {
    /// Fills `dest` with random bytes.
    fn fill(&self, dest: &mut [u8]) -> Result<()>;
}

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_unix_millis(&self) -> i64;
}

/// Randomness and time for one provider object. Cheap to clone.
#[derive(Clone)]
pub struct Env {
    entropy: Arc<dyn Entropy>,
    clock: Arc<dyn Clock>,
}

impl Env {
    /// An environment from the given sources.
    pub fn new(entropy: Arc<dyn Entropy>, clock: Arc<dyn Clock>) -> Self {
        Env { entropy, clock }
    }

    /// A deterministic environment: random bytes are a SHA-256 counter stream over
    /// `seed` and the clock always says `now_unix_millis`. For tests and reproducible
    /// examples only: **never for production traffic**.
    pub fn fixed(seed: &[u8], now_unix_millis: i64) -> Self {
        Env {
            entropy: Arc::new(SeededEntropy::new(seed)),
            clock: Arc::new(FixedClock(now_unix_millis)),
        }
    }

    /// Fills `dest` with random bytes.
    pub fn fill_random(&self, dest: &mut [u8]) -> Result<()> {
        self.entropy.fill(dest)
    }

    /// `n` random bytes.
    pub fn random_bytes(&self, n: usize) -> Result<Vec<u8>> {
        let mut v = vec![0u8; n];
        self.entropy.fill(&mut v)?;
        Ok(v)
    }

    /// Milliseconds since the Unix epoch.
    pub fn now_unix_millis(&self) -> i64 {
        self.clock.now_unix_millis()
    }

    /// The entropy source.
    pub fn entropy(&self) -> &Arc<dyn Entropy> {
        &self.entropy
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Env { .. }")
    }
}

/// A clock that always returns the same instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now_unix_millis(&self) -> i64 {
        self.0
    }
}

/// Deterministic "randomness": SHA-256(seed ‖ counter) blocks. Reproducible, **not**
/// secure; for tests and published examples.
pub struct SeededEntropy {
    seed: Vec<u8>,
    counter: AtomicU64,
}

impl SeededEntropy {
    /// A stream determined by `seed`.
    pub fn new(seed: &[u8]) -> Self {
        SeededEntropy {
            seed: seed.to_vec(),
            counter: AtomicU64::new(0),
        }
    }
}

impl fmt::Debug for SeededEntropy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SeededEntropy { .. }")
    }
}

impl Entropy for SeededEntropy {
    fn fill(&self, dest: &mut [u8]) -> Result<()> {
        for chunk in dest.chunks_mut(32) {
            let n = self.counter.fetch_add(1, Ordering::Relaxed);
            let block = Sha256::new()
                .chain_update(&self.seed)
                .chain_update(n.to_be_bytes())
                .finalize();
            for (d, s) in chunk.iter_mut().zip(block.iter()) {
                *d = *s;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_env_is_reproducible() {
        let a = Env::fixed(b"seed", 1_700_000_000_000);
        let b = Env::fixed(b"seed", 1_700_000_000_000);
        assert_eq!(a.random_bytes(45).unwrap(), b.random_bytes(45).unwrap());
        assert_ne!(
            a.random_bytes(16).unwrap(),
            Env::fixed(b"other", 0).random_bytes(16).unwrap()
        );
        assert_eq!(a.now_unix_millis(), 1_700_000_000_000);
    }
}
