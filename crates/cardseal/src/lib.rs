//! # cardseal
//!
//! Exact implementations of the message-security schemes that card-issuing providers
//! (ASINX Pay/Moonbank, Paytend, UPay, HyperCard, KazePay) put on their APIs:
//! canonicalization, signing, verification, encryption and decryption, proven against
//! published test vectors.
//!
//! The crate performs **no I/O**: no network, no files, no environment and no clock
//! reads. Randomness and time come in through an [`Env`] that the caller supplies (the
//! `cardseal-os` crate provides the operating-system one; [`Env::fixed`] gives
//! reproducible output for tests).
//!
//! Layers, each using only those below it:
//! [`providers`] → [`keys`] → [`hazmat`] → [`canonical`], [`error`], [`secret`], [`mod@env`].
//! Nothing below `providers` knows any provider's name.
//!
//! ## RSA backends
//! Two backends give byte-identical results behind one interface, chosen by cargo
//! feature: `openssl` (default; vendored OpenSSL 3.x, the fast one) and `rustcrypto`
//! (pure Rust, for mobile). With both enabled, keys use OpenSSL unless a backend is
//! chosen explicitly with [`hazmat::rsa::Backend`].

#[cfg(not(any(feature = "openssl", feature = "rustcrypto")))]
compile_error!("cardseal needs at least one RSA backend: enable feature `openssl` or `rustcrypto`");

pub mod canonical;
pub mod env;
pub mod error;
pub mod hazmat;
pub mod keys;
pub mod providers;
pub mod secret;

pub use env::{Clock, Entropy, Env};
pub use error::{Check, Error, ErrorKind, KeyProblem, Resource, Result};
pub use hazmat::rsa::{Backend, RsaPrivateKey, RsaPublicKey};
pub use keys::{
    generate_rsa_key_pem, parse_private_key, parse_private_key_with, parse_public_key,
    parse_public_key_with, public_key_pem,
};
pub use secret::{SecretBytes, SecretString};
