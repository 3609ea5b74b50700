//! Kotlin (Android, JVM) and Swift (iOS, macOS) bindings for cardseal, made with UniFFI
//! proc-macros.
//!
//! A thin layer: every function converts arguments, calls `cardseal`, and converts the
//! result. No cryptography and no canonicalization happens here. Randomness and time come
//! from `cardseal-os` unless a test passes `seed` / `nowMs` for reproducible output.
//!
//! Generated sources: `generated/kotlin` (package `dev.cardseal`) and `generated/swift`
//! (module `Cardseal`), made by `generate.sh`.

// The workspace forbids `unsafe` code. UniFFI's scaffolding (the `extern "C"` functions
// the generated Kotlin/Swift call) is emitted by its proc-macros, which the lint does not
// attribute to this crate; none is written here.
uniffi::setup_scaffolding!("cardseal");

/// `Debug` of a wrapper object is the core object's `Debug` (which redacts secrets); it is
/// exported, so Kotlin's `toString()` and Swift's `debugDescription` show the same text.
macro_rules! delegate_debug {
    ($($t:ty),+ $(,)?) => {$(
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.inner, f)
            }
        }
    )+};
}
pub(crate) use delegate_debug;

pub mod canonical;
mod env;
pub mod error;
mod generated;
pub mod keys;
pub mod providers;
pub mod types;
mod worker;

pub use error::CardsealError;
pub use types::{HeaderField, Sealed, TraceStep};

/// The version of the cardseal binding (the crate version).
#[uniffi::export]
pub fn cardseal_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
