//! Canonicalizers: the exact texts that get signed, as named, documented rules.
//!
//! - [`json`]: a strict JSON parser (borrowed tree, numbers kept as written) and the
//!   compact / sorted compact JSON writers.
//! - [`form`]: `name=value&...` signature strings ([`form::FormRule`]).
//!
//! When a signature does not verify, these modules' docs say exactly which bytes were
//! signed.

pub mod form;
pub mod json;
mod py_printable;
mod py_printable_tables;

/// Where a canonicalizer writes its text: a `String`, or a digest fed as the text is
/// produced (so a multi-megabyte string to sign is hashed without being built).
pub trait TextSink {
    /// Appends `s`.
    fn push_str(&mut self, s: &str);
}

impl TextSink for String {
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
}
