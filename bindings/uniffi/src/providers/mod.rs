//! One object per provider (merchant side) and its mirror (provider side).
//!
//! Payloads go in and come out as JSON text (the mobile idiom for arbitrary maps); a text
//! given by the caller is used byte for byte where the provider signs or encrypts it as
//! sent. Keys are PEM, or the bare base64 DER text Java's `getEncoded()` prints.

pub mod asinx;

use cardseal::SecretString;
use cardseal::hazmat::rsa::{RsaPrivateKey, RsaPublicKey};

use crate::error::Result;

/// Parses a private key given as text (PEM or bare base64 DER), zeroizing the text after.
pub(crate) fn private_key(text: String) -> Result<RsaPrivateKey> {
    let text = SecretString::new(text);
    Ok(cardseal::keys::parse_private_key(text.expose().as_bytes())?)
}

/// Parses a public key given as text (PEM SPKI/PKCS#1/CERTIFICATE or bare base64 DER).
pub(crate) fn public_key(text: &str) -> Result<RsaPublicKey> {
    Ok(cardseal::keys::parse_public_key(text.as_bytes())?)
}
