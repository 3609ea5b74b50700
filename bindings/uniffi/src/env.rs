//! Randomness and time at the edge: the operating system's by default, fixed on request.

use std::sync::Arc;

use cardseal::Env;
use cardseal::env::{FixedClock, SeededEntropy};
use cardseal_os::{SystemClock, SystemEntropy};

/// The environment of one object or call.
///
/// Without arguments: the OS random source and the system clock (`cardseal_os::env()`).
/// `seed` makes every random byte reproducible and `now_ms` freezes the clock (Unix
/// milliseconds): for tests and published examples only, **never for production
/// traffic** (a fixed seed repeats session keys and nonces).
pub(crate) fn make_env(seed: Option<Vec<u8>>, now_ms: Option<i64>) -> Env {
    match (seed, now_ms) {
        (None, None) => cardseal_os::env(),
        (Some(seed), Some(now)) => Env::fixed(&seed, now),
        (Some(seed), None) => Env::new(Arc::new(SeededEntropy::new(&seed)), Arc::new(SystemClock)),
        (None, Some(now)) => Env::new(Arc::new(SystemEntropy), Arc::new(FixedClock(now))),
    }
}
