//! Containers for secret material: zeroized on drop, redacted in `Debug`, compared in
//! constant time.

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Secret bytes (an AES key, an HMAC secret, decrypted key material).
///
/// The bytes are zeroized when dropped, `Debug` prints only the length, and `==` runs in
/// constant time for inputs of equal length.
#[derive(Clone, Zeroize, ZeroizeOnDrop, Default)]
pub struct SecretBytes(Box<[u8]>);

impl SecretBytes {
    /// Takes ownership of `bytes`.
    pub fn new(bytes: Vec<u8>) -> Self {
        SecretBytes(bytes.into_boxed_slice())
    }

    /// Copies `bytes`.
    pub fn from_slice(bytes: &[u8]) -> Self {
        SecretBytes(bytes.to_vec().into_boxed_slice())
    }

    /// The secret bytes. Keep the borrow short and do not copy them into non-zeroizing
    /// storage.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Constant-time comparison with `other` (the length is not secret).
    pub fn ct_eq_bytes(&self, other: &[u8]) -> bool {
        self.0.len() == other.len() && bool::from(self.0.as_ref().ct_eq(other))
    }
}

impl From<Vec<u8>> for SecretBytes {
    fn from(v: Vec<u8>) -> Self {
        SecretBytes::new(v)
    }
}

impl PartialEq for SecretBytes {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq_bytes(&other.0)
    }
}

impl Eq for SecretBytes {}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretBytes([REDACTED; {}])", self.0.len())
    }
}

/// Secret text (an app secret, the text of a session key, PEM text of a private key).
///
/// Zeroized when dropped, redacted in `Debug`, compared in constant time.
#[derive(Clone, Zeroize, ZeroizeOnDrop, Default)]
pub struct SecretString(String);

impl SecretString {
    /// Takes ownership of `s`.
    pub fn new(s: String) -> Self {
        SecretString(s)
    }

    /// The secret text. Keep the borrow short.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Number of bytes of UTF-8.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for SecretString {
    fn from(s: String) -> Self {
        SecretString(s)
    }
}

impl From<&str> for SecretString {
    fn from(s: &str) -> Self {
        SecretString(s.to_owned())
    }
}

impl PartialEq for SecretString {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && bool::from(self.0.as_bytes().ct_eq(other.0.as_bytes()))
    }
}

impl Eq for SecretString {}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString([REDACTED])")
    }
}

/// Constant-time equality of two byte strings (lengths are compared in the clear).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted_and_pinned() {
        let b = SecretBytes::from_slice(b"super secret key");
        assert_eq!(format!("{b:?}"), "SecretBytes([REDACTED; 16])");
        let s = SecretString::from("b635dd5c87f7bf73387929203321b1e1");
        assert_eq!(format!("{s:?}"), "SecretString([REDACTED])");
        assert!(!format!("{s:?}").contains("b635"));
    }

    #[test]
    fn equality_is_by_content() {
        assert_eq!(
            SecretBytes::from_slice(b"abc"),
            SecretBytes::from_slice(b"abc")
        );
        assert_ne!(
            SecretBytes::from_slice(b"abc"),
            SecretBytes::from_slice(b"abd")
        );
        assert_ne!(
            SecretBytes::from_slice(b"abc"),
            SecretBytes::from_slice(b"abcd")
        );
        assert!(ct_eq(b"x", b"x"));
        assert!(!ct_eq(b"x", b"xy"));
    }
}
