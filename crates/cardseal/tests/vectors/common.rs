//! Argument decoding shared by the family runners.

use serde_json::{Map, Value};

/// Computed outputs of one vector, compared key by key with `expect`.
pub type Outputs = Map<String, Value>;

/// The `args` object of one vector.
pub struct Args(Map<String, Value>);

impl Args {
    pub fn new(m: Map<String, Value>) -> Self {
        Args(m)
    }

    /// A text argument (panics if missing: a malformed vector file is a test failure).
    pub fn str(&self, name: &str) -> &str {
        self.0
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("missing string arg `{name}`"))
    }

    /// An optional text argument.
    pub fn opt_str(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    /// Bytes from `<name>_hex`, `<name>_b64` or `<name>` (UTF-8 text), whichever is present.
    pub fn bytes(&self, name: &str) -> Vec<u8> {
        if let Some(h) = self.opt_str(&format!("{name}_hex")) {
            return decode_hex(h);
        }
        if let Some(b) = self.opt_str(&format!("{name}_b64")) {
            return decode_b64(b);
        }
        self.str(name).as_bytes().to_vec()
    }

    /// Whether `<name>`, `<name>_hex` or `<name>_b64` is present.
    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
            || self.0.contains_key(&format!("{name}_hex"))
            || self.0.contains_key(&format!("{name}_b64"))
    }

    pub fn i64(&self, name: &str) -> i64 {
        self.0
            .get(name)
            .and_then(Value::as_i64)
            .unwrap_or_else(|| panic!("missing integer arg `{name}`"))
    }

    pub fn opt_i64(&self, name: &str) -> Option<i64> {
        self.0.get(name).and_then(Value::as_i64)
    }

    /// Whether `name` is present with the value `null`.
    pub fn is_null(&self, name: &str) -> bool {
        self.0.get(name).is_some_and(Value::is_null)
    }

    pub fn opt_bool(&self, name: &str) -> Option<bool> {
        self.0.get(name).and_then(Value::as_bool)
    }
}

/// Builds an `Outputs` from `(name, value)` pairs.
pub fn outputs<const N: usize>(pairs: [(&str, Value); N]) -> Outputs {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// Reference hex decoding for the harness (independent of the code under test).
pub fn decode_hex(h: &str) -> Vec<u8> {
    assert!(h.len().is_multiple_of(2), "odd hex in vector file");
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).expect("hex in vector file"))
        .collect()
}

/// Reference lowercase hex encoding for the harness.
pub fn encode_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Reference standard base64 decoding for the harness (padding required).
pub fn decode_b64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let s = s.as_bytes();
    assert!(
        s.len().is_multiple_of(4),
        "base64 in vector file must be padded"
    );
    let mut out = Vec::new();
    for chunk in s.chunks(4) {
        let mut n = 0u32;
        let mut pad = 0;
        for &c in chunk {
            n <<= 6;
            if c == b'=' {
                pad += 1;
            } else {
                n |= A
                    .iter()
                    .position(|&a| a == c)
                    .expect("base64 in vector file") as u32;
            }
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - pad]);
    }
    out
}

/// Reference standard base64 encoding for the harness.
pub fn encode_b64(b: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn reference_codecs_round_trip() {
    assert_eq!(encode_b64(b"foobar"), "Zm9vYmFy");
    assert_eq!(encode_b64(b"fo"), "Zm8=");
    assert_eq!(decode_b64("Zm8="), b"fo");
    assert_eq!(decode_hex("00ff10"), vec![0, 255, 16]);
}
