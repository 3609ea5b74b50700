//! Canonicalizers: the exact texts that get signed, as named, documented rules.

pub mod form;
pub mod json;
