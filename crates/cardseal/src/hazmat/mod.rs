//! Primitives: the building blocks every provider scheme is made of, public for
//! providers cardseal does not model yet. "hazmat" because they are easy to misuse:
//! prefer the provider types in [`crate::providers`].

pub mod aes;
pub mod digest;
pub mod encoding;
pub mod jwe;
pub mod rsa;
