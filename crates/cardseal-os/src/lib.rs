//! The operating-system edge of cardseal.
//!
//! The `cardseal` core never reads the clock or the OS random source; this crate is where
//! those reads live. [`env()`] is the default [`cardseal::Env`] used by the CLI and the
//! language bindings.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use cardseal::{Clock, Entropy, Env, Error, Resource, Result};

/// The operating system's CSPRNG (`getrandom`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemEntropy;

impl Entropy for SystemEntropy {
    fn fill(&self, dest: &mut [u8]) -> Result<()> {
        getrandom::fill(dest).map_err(|e| {
            Error::unavailable(Resource::Entropy, format!("OS random source failed: {e}"))
        })
    }
}

/// The system wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_unix_millis(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
        }
    }
}

/// The examples of the top-level README, compiled and run as doctests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The real environment: OS randomness and the system clock.
pub fn env() -> Env {
    Env::new(Arc::new(SystemEntropy), Arc::new(SystemClock))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_env_gives_distinct_random_and_plausible_time() {
        let e = env();
        assert_ne!(e.random_bytes(16).unwrap(), e.random_bytes(16).unwrap());
        // 2020-01-01 .. 2200-01-01
        let now = e.now_unix_millis();
        assert!(now > 1_577_836_800_000 && now < 7_258_118_400_000, "{now}");
    }
}
