//! One module per provider, merchant side and provider mirror, plus the types they share.
//!
//! Every merchant-side type has `seal_request`, `open_response` and `open_notification`;
//! every mirror (`XxxProvider`) has `open_request`, `seal_response` and
//! `seal_notification`. Payloads are JSON text; a text given by the caller is used byte
//! for byte where the provider signs or encrypts it as sent.

use std::fmt;

/// A sealed message: exactly what to send, plus the intermediate values.
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The HTTP body: exactly the bytes to send.
    pub body: String,
    /// The provider's authentication headers, in a stable order.
    pub headers: Vec<(String, String)>,
    /// Every intermediate value, for debugging a "signature error".
    pub trace: Trace,
}

impl Sealed {
    /// The value of header `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

impl fmt::Debug for Sealed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sealed")
            .field("body_len", &self.body.len())
            .field("headers", &self.headers)
            .field("trace", &self.trace)
            .finish()
    }
}

/// The intermediate values of one seal or open, in the order they were computed:
/// canonical text, string to sign, digest, ciphertext as text, and so on. Never contains
/// secret keys; it may contain the plaintext payload (which the caller already has).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Trace {
    /// `(name, value)` pairs, in order.
    pub steps: Vec<(String, String)>,
}

/// Values longer than this are abbreviated in `Debug` output of a [`Trace`].
const TRACE_DEBUG_MAX: usize = 256;

impl Trace {
    /// An empty trace.
    pub fn new() -> Self {
        Trace::default()
    }

    /// Appends a step.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.steps.push((name.into(), value.into()));
    }

    /// The value of the first step named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.steps
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (name, value) in &self.steps {
            if value.len() > TRACE_DEBUG_MAX {
                let mut cut = TRACE_DEBUG_MAX;
                while !value.is_char_boundary(cut) {
                    cut -= 1;
                }
                let head = value.get(..cut).unwrap_or_default();
                m.entry(name, &format_args!("{head:?}… ({} bytes)", value.len()));
            } else {
                m.entry(name, value);
            }
        }
        m.finish()
    }
}

/// HTTP headers as received: `(name, value)` pairs.
pub type Headers = [(String, String)];

/// The value of header `name` in `headers` (ASCII case-insensitive; the first match).
pub fn header<'h>(headers: &'h Headers, name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lookup_is_case_insensitive() {
        let h = vec![("X-UPA-SIGN".to_owned(), "abc".to_owned())];
        assert_eq!(header(&h, "x-upa-sign"), Some("abc"));
        assert_eq!(header(&h, "sign"), None);
    }

    #[test]
    fn trace_debug_abbreviates_long_values() {
        let mut t = Trace::new();
        t.push("canonical", "x".repeat(1000));
        t.push("sign", "f61ff896");
        let d = format!("{t:?}");
        assert!(d.contains("(1000 bytes)"), "{d}");
        assert!(d.contains("\"sign\": \"f61ff896\""), "{d}");
        assert_eq!(t.get("sign"), Some("f61ff896"));
    }
}
