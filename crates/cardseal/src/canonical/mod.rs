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
