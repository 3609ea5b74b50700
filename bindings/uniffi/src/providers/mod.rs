//! One object per provider (merchant side) and its mirror (provider side).
//!
//! Payloads go in and come out as JSON text (the mobile idiom for arbitrary maps); a text
//! given by the caller is used byte for byte where the provider signs or encrypts it as
//! sent. Keys are text: PEM, or the bare base64 DER that Java's `getEncoded()` prints.
//! Every constructor takes optional `seed` / `now_ms` for reproducible output in tests.

pub mod asinx;
pub mod hypercard;
pub mod kazepay;
pub mod paytend;
pub mod upay;
