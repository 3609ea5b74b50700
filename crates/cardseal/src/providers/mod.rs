//! One module per provider, merchant side and provider mirror, plus the types they share.
//!
//! Every merchant-side type implements [`Merchant`] (`seal_request`, `open_response`,
//! `open_notification`) and every mirror (`XxxProvider`) implements [`Mirror`]
//! (`open_request`, `seal_response`, `seal_error_response`, `seal_notification`), over a
//! [`Received`] message: code written against the two traits works with every provider
//! ([`api`]). The inherent methods of the same names are the positional forms. Payloads are JSON text; a text given by the caller is used byte
//! for byte where the provider signs or encrypts it as sent.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

use crate::canonical::json::{self, Json};
use crate::error::{Error, Result};

pub mod api;
pub mod asinx;
pub mod explain;
pub mod hypercard;
pub mod kazepay;
pub mod paytend;
pub mod upay;

pub use api::{Merchant, Mirror, Received};
pub use explain::Explanation;

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
///
/// Steps that are large or cost a pass over the payload (a multi-MB string to sign, the
/// hex of a ciphertext) are *lazy*: recomputed from the inputs the first time they are
/// read ([`Trace::get`], [`Trace::iter`]), so a seal whose trace nobody reads does not pay
/// for it. A lazy step always yields the value the seal used. Clones share computed
/// values.
#[derive(Clone, Default)]
pub struct Trace {
    steps: Vec<(String, StepValue)>,
}

/// A computed value, or how to compute it (at most once).
#[derive(Clone)]
enum StepValue {
    Ready(String),
    Lazy(Arc<LazyStep>),
}

struct LazyStep {
    value: OnceLock<String>,
    compute: Box<dyn Fn() -> String + Send + Sync>,
}

impl StepValue {
    fn get(&self) -> &str {
        match self {
            StepValue::Ready(v) => v,
            StepValue::Lazy(l) => l.value.get_or_init(|| (l.compute)()),
        }
    }
}

/// Values longer than this are abbreviated in `Debug` output of a [`Trace`].
const TRACE_DEBUG_MAX: usize = 256;

impl Trace {
    /// An empty trace.
    pub fn new() -> Self {
        Trace::default()
    }

    /// Appends a step with its value.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.steps
            .push((name.into(), StepValue::Ready(value.into())));
    }

    /// Appends a step whose value `compute` produces the first time it is read. `compute`
    /// must be deterministic (it reproduces a value the seal used) and must not hold
    /// secrets beyond what zeroizes on drop.
    pub fn push_lazy(
        &mut self,
        name: impl Into<String>,
        compute: impl Fn() -> String + Send + Sync + 'static,
    ) {
        self.steps.push((
            name.into(),
            StepValue::Lazy(Arc::new(LazyStep {
                value: OnceLock::new(),
                compute: Box::new(compute),
            })),
        ));
    }

    /// The value of the first step named `name` (computed now if lazy).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.steps
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.get())
    }

    /// The step names, in order (nothing is computed).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.steps.iter().map(|(n, _)| n.as_str())
    }

    /// `(name, value)` pairs, in order (lazy values are computed as they are reached).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.steps.iter().map(|(n, v)| (n.as_str(), v.get()))
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether there are no steps.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// `(name, value)` pairs, in order, every value computed.
    pub fn into_steps(self) -> Vec<(String, String)> {
        self.steps
            .into_iter()
            .map(|(n, v)| {
                let value = match v {
                    StepValue::Ready(v) => v,
                    StepValue::Lazy(l) => match Arc::try_unwrap(l) {
                        Ok(l) => l.value.into_inner().unwrap_or_else(|| (l.compute)()),
                        Err(shared) => StepValue::Lazy(shared).get().to_owned(),
                    },
                };
                (n, value)
            })
            .collect()
    }
}

impl PartialEq for Trace {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Trace {}

impl fmt::Debug for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (name, value) in self.iter() {
            if value.len() > TRACE_DEBUG_MAX {
                let mut cut = TRACE_DEBUG_MAX;
                while !value.is_char_boundary(cut) {
                    cut -= 1;
                }
                let head = value.get(..cut).unwrap_or_default();
                m.entry(&name, &format_args!("{head:?}… ({} bytes)", value.len()));
            } else {
                m.entry(&name, &value);
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

// ---- Helpers shared by the provider files (ASINX, Paytend, HyperCard). ----

/// Refuses a received body longer than `max` bytes, before anything else reads it: every
/// provider's open paths check it first (each provider's `DEFAULT_MAX_BODY_BYTES`,
/// configurable per client with `with_max_body_bytes`).
///
/// Errors: [`Error::InvalidInput`] `{ field: "body" }` naming the limit (`max_body_bytes`).
pub(crate) fn check_body_size(body: &str, max: usize) -> Result<()> {
    if body.len() > max {
        return Err(Error::invalid_input(
            "body",
            format!(
                "{} bytes, more than the maximum of {max} bytes (max_body_bytes)",
                body.len()
            ),
        ));
    }
    Ok(())
}

/// Parses `text` as a JSON object; anything else is [`Error::InvalidInput`] in `field`.
pub(crate) fn parse_object<'a>(text: &'a str, field: &str) -> Result<Json<'a>> {
    let doc = json::parse(text).map_err(|e| e.in_field(field))?;
    match doc {
        Json::Object(_) => Ok(doc),
        other => Err(Error::invalid_input(
            field,
            format!("expected a JSON object, found {}", other.type_name()),
        )),
    }
}

/// A member value as the text a Java-style `name=value` signature string or an error
/// report uses: a string as decoded, a number as its literal, `true`/`false`, an object
/// or array as compact JSON (members in order); `null` is `None` (no value).
pub(crate) fn value_text<'a>(value: &'a Json<'_>) -> Option<Cow<'a, str>> {
    match value {
        Json::Null => None,
        Json::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        Json::Number(n) => Some(Cow::Borrowed(n)),
        Json::String(s) => Some(Cow::Borrowed(s.as_ref())),
        Json::Array(_) | Json::Object(_) => Some(Cow::Owned(value.to_compact())),
    }
}

/// A member that must be a string if present (`null` counts as absent).
pub(crate) fn opt_str_member<'j>(doc: &'j Json<'_>, name: &str) -> Result<Option<&'j str>> {
    match doc.get(name) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.as_ref())),
        Some(other) => Err(Error::invalid_input(
            name,
            format!("expected a string, found {}", other.type_name()),
        )),
    }
}

/// Rejects a value that cannot be sent as an HTTP header value: empty, or containing a
/// control character (CR/LF injection).
pub(crate) fn check_header_value(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_input(field, "must not be empty"));
    }
    if let Some(pos) = value.bytes().position(|b| b.is_ascii_control()) {
        return Err(Error::invalid_input(
            field,
            format!("control character at offset {pos}"),
        ));
    }
    Ok(())
}

/// Writes a compact JSON object member by member, in the order given (for response and
/// request bodies whose member order a provider's examples fix).
pub(crate) struct ObjectWriter {
    out: String,
}

impl ObjectWriter {
    /// An empty object with room for about `capacity` bytes.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        let mut out = String::with_capacity(capacity.saturating_add(2));
        out.push('{');
        ObjectWriter { out }
    }

    fn name(&mut self, name: &str) {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        json::write_string(name, &mut self.out);
        self.out.push(':');
    }

    /// A string member.
    pub(crate) fn string(&mut self, name: &str, value: &str) -> &mut Self {
        self.name(name);
        json::write_string(value, &mut self.out);
        self
    }

    /// A string member whose value is base64, base64url or hex text this crate just
    /// encoded: none of those characters needs escaping, so a multi-MB value is copied
    /// without the escape scan of [`ObjectWriter::string`].
    pub(crate) fn encoded(&mut self, name: &str, value: &str) -> &mut Self {
        self.name(name);
        self.out.push('"');
        self.out.push_str(value);
        self.out.push('"');
        self
    }

    /// A member whose value is already JSON text (validated by the caller).
    pub(crate) fn raw(&mut self, name: &str, json_text: &str) -> &mut Self {
        self.name(name);
        self.out.push_str(json_text);
        self
    }

    /// The finished object text.
    pub(crate) fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_provider_helpers() {
        let mut w = ObjectWriter::with_capacity(8);
        w.string("a\"b", "x\ny").raw("n", "5000.00").string("é", "");
        w.encoded("b64", "QQ+/=").encoded("hex", "0aff");
        assert_eq!(
            w.finish(),
            r#"{"a\"b":"x\ny","n":5000.00,"é":"","b64":"QQ+/=","hex":"0aff"}"#
        );
        assert_eq!(ObjectWriter::with_capacity(0).finish(), "{}");

        let doc = parse_object(
            r#"{"s":"t","n":1.50,"b":false,"z":null,"o":{"k":[1]}}"#,
            "body",
        )
        .unwrap_or(Json::Null);
        let text = |k: &str| doc.get(k).and_then(value_text).map(Cow::into_owned);
        assert_eq!(text("s").as_deref(), Some("t"));
        assert_eq!(text("n").as_deref(), Some("1.50"));
        assert_eq!(text("b").as_deref(), Some("false"));
        assert_eq!(text("z"), None);
        assert_eq!(text("o").as_deref(), Some(r#"{"k":[1]}"#));
        assert_eq!(opt_str_member(&doc, "s"), Ok(Some("t")));
        assert_eq!(opt_str_member(&doc, "z"), Ok(None));
        assert_eq!(opt_str_member(&doc, "missing"), Ok(None));
        assert!(
            matches!(opt_str_member(&doc, "n"), Err(Error::InvalidInput { field, .. }) if field == "n")
        );
        assert!(
            matches!(parse_object("[1]", "body"), Err(Error::InvalidInput { field, .. }) if field == "body")
        );
        assert!(
            matches!(parse_object("{", "params"), Err(Error::InvalidInput { field, .. }) if field == "params")
        );

        assert_eq!(check_header_value("uId", "hgwoxhlpzvav6m2l"), Ok(()));
        for bad in ["", "a\r\nX-Evil: 1", "a\u{0}b", "tab\there"] {
            assert!(
                matches!(check_header_value("uId", bad), Err(Error::InvalidInput { field, .. }) if field == "uId"),
                "{bad:?}"
            );
        }
    }

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

    #[test]
    fn lazy_steps_compute_once_on_first_read_and_clones_share_them() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let calls = Arc::new(AtomicUsize::new(0));
        let mut t = Trace::new();
        t.push("a", "1");
        let c = Arc::clone(&calls);
        t.push_lazy("big", move || {
            c.fetch_add(1, Ordering::SeqCst);
            "x".repeat(300)
        });
        t.push("c", "3");
        assert_eq!(t.names().collect::<Vec<_>>(), ["a", "big", "c"]);
        assert_eq!(calls.load(Ordering::SeqCst), 0, "names() computes nothing");
        let copy = t.clone();
        assert_eq!(t.get("big").map(str::len), Some(300));
        assert_eq!(copy.get("big").map(str::len), Some(300));
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "computed once, shared by clones"
        );
        assert_eq!(t, copy);
        assert!(format!("{t:?}").contains("(300 bytes)"));
        let steps = copy.into_steps();
        assert_eq!(steps.len(), 3);
        assert_eq!(
            steps.get(1).map(|(n, v)| (n.as_str(), v.len())),
            Some(("big", 300))
        );
        assert_eq!(t.iter().map(|(n, _)| n).collect::<String>(), "abigc");
        assert_eq!(
            (t.len(), t.is_empty(), Trace::new().is_empty()),
            (3, false, true)
        );
        let mut other = Trace::new();
        other.push("a", "1");
        other.push("big", "y");
        other.push("c", "3");
        assert_ne!(t, other);
    }
}
