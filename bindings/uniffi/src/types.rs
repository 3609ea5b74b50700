//! Records shared by every provider: `Sealed`, its headers and its trace.

/// One HTTP header, `(name, value)`. Header lists keep the provider's order; lookups by
/// name are ASCII case-insensitive (see [`header_value`]).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HeaderField {
    /// Header name, as the provider spells it.
    pub name: String,
    /// Header value.
    pub value: String,
}

/// One intermediate value of a seal or open (canonical text, string to sign, digest...).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TraceStep {
    /// Step name, e.g. `canonical`, `string_to_sign`, `sign`.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// A sealed message: exactly what to send, plus the intermediate values.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Sealed {
    /// The HTTP body: exactly the bytes to send (UTF-8).
    pub body: String,
    /// The provider's authentication headers, in the provider's order.
    pub headers: Vec<HeaderField>,
    /// Every intermediate value, in the order computed, for debugging a "signature error".
    /// Never contains secret keys.
    pub trace: Vec<TraceStep>,
}

impl From<cardseal::providers::Sealed> for Sealed {
    fn from(s: cardseal::providers::Sealed) -> Self {
        Sealed {
            body: s.body,
            headers: s
                .headers
                .into_iter()
                .map(|(name, value)| HeaderField { name, value })
                .collect(),
            trace: s
                .trace
                .into_steps()
                .into_iter()
                .map(|(name, value)| TraceStep { name, value })
                .collect(),
        }
    }
}

/// Converts binding headers to the core's `(name, value)` pairs.
pub(crate) fn to_pairs(headers: Vec<HeaderField>) -> Vec<(String, String)> {
    headers.into_iter().map(|h| (h.name, h.value)).collect()
}

/// The value of header `name` in `headers` (ASCII case-insensitive; the first match), or
/// null/nil.
#[uniffi::export]
pub fn header_value(headers: Vec<HeaderField>, name: String) -> Option<String> {
    cardseal::providers::header(&to_pairs(headers), &name).map(str::to_owned)
}

/// The value of the first trace step called `name`, or null/nil.
#[uniffi::export]
pub fn trace_value(trace: Vec<TraceStep>, name: String) -> Option<String> {
    trace.into_iter().find(|s| s.name == name).map(|s| s.value)
}
