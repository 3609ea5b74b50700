//! `name=value&name=value` signature strings, as named rules.
//!
//! Several providers sign a "form" built from the request fields: pick the fields, sort
//! them by name, render each value as text, join `name=value` with `&`. They differ in the
//! details, and every detail changes the bytes. A [`FormRule`] names each detail; the
//! constants below are the rules in use. Nothing is ever URL-encoded: names and string
//! values are written byte for byte (a value may contain `&`, `=`, spaces, non-ASCII).
//!
//! # The steps of [`render`], in order
//! 1. **Duplicates**: when a name occurs more than once in the input, the *last* occurrence
//!    wins (so "merge A with B, B wins" is "A's fields followed by B's").
//! 2. **Selection**: names listed in [`FormRule::exclude`] are dropped; so are values that
//!    count as empty under the rule: the empty string (when
//!    [`drop_empty_string`](FormRule::drop_empty_string)), `null` (when
//!    [`drop_null`](FormRule::drop_null)), and containers per
//!    [`empty_containers`](FormRule::empty_containers) (`{}` and `[]`, or every container
//!    in which no non-empty scalar can be reached). Nothing else is empty: `0`, `false`
//!    and `" "` are kept.
//! 3. **Order**: by name, ascending, per [`KeyOrder`] (Java `String.compareTo` UTF-16 order
//!    or code point order; both equal plain ASCII order for ASCII names).
//! 4. **Values**: strings raw (no quotes, no escaping); numbers per [`NumberStyle`];
//!    `true`/`false`/`null` per [`LiteralStyle`]; objects and arrays per
//!    [`NestedRendering`]; then the rule's [`ValueRewrite`] over each value's text.
//! 5. **Join**: `name=value` pairs joined with `&`, no leading or trailing `&`. No fields
//!    left → the empty string.
//!
//! # Rules in use
//! - [`FormRule::FLAT_NONEMPTY_SORTED`] (Paytend signature string): flat values, empty
//!   strings and nulls dropped, UTF-16 order, nested values rejected.
//! - [`FormRule::SORTED_NESTED_SORTED_JSON`] (UPay `SIGN_PARAM`): every field kept, UTF-16
//!   order, nested values as sorted compact JSON, `true`/`false`/`null` as JSON literals.
//! - [`FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR`] (HyperCard signature string): empty
//!   strings, nulls and hollow containers dropped, `signature` dropped, code point order,
//!   every value as Python `str()` renders it, then [`ValueRewrite::PythonQuoteCollapse`]
//!   (`'`→`"`, `, `→`,`, `: `→`:`) over every value, top-level strings included.
//!
//! Providers adapt a rule with struct update syntax, e.g. Paytend responses exclude
//! `signature` and `encryptFlag`:
//! `FormRule { exclude: &["signature", "encryptFlag"], ..FormRule::FLAT_NONEMPTY_SORTED }`.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::TextSink;
use super::json::{self, Json, cmp_utf16};
pub use super::py_printable::PythonVersion;
use crate::error::{Error, Result};

/// The order of names in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOrder {
    /// Java `String.compareTo` / `TreeMap` order: UTF-16 code units ([`json::cmp_utf16`]).
    Utf16,
    /// Unicode code point order, which is UTF-8 byte order (Python `sorted()`, Go, Rust).
    CodePoint,
}

impl KeyOrder {
    /// Compares two names in this order.
    pub fn cmp(self, a: &str, b: &str) -> Ordering {
        match self {
            KeyOrder::Utf16 => cmp_utf16(a, b),
            KeyOrder::CodePoint => a.as_bytes().cmp(b.as_bytes()),
        }
    }
}

/// How a top-level value that is an object or an array is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NestedRendering {
    /// Not allowed: [`render`] fails with [`Error::InvalidInput`] `{ field: "form" }` naming
    /// the field.
    Reject,
    /// Compact JSON keeping member order ([`Json::write_compact`]).
    CompactJson,
    /// Sorted compact JSON: object keys sorted recursively in UTF-16 order, numbers as
    /// written ([`Json::write_sorted`]). E.g. `{"countryId":12,"name":"x"}`.
    SortedJson,
    /// Python `str()` of the value (as [`python_str`] writes it, member order as given):
    /// `{'a': 1, 'b': 'x', 'c': [True, None]}`. Strings inside are `repr()`s, whose escapes
    /// follow [`FormRule::python`]. Combine with [`ValueRewrite::PythonQuoteCollapse`] to
    /// reproduce a reference implementation that post-processes that text.
    PythonStr,
}

/// Which containers (objects and arrays) count as empty, and are dropped with their name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmptyContainers {
    /// None: `{}` and `[]` are kept (and rendered).
    Keep,
    /// `{}` and `[]` only.
    Empty,
    /// Every container in which no non-empty scalar can be reached: `{}`, `[]`,
    /// `{"a":""}`, `{"a":{}}`, `[""]`, `[null]`. A non-empty scalar is a number, a boolean
    /// or a non-empty string (`0` and `false` count). Inside a kept container nothing is
    /// dropped.
    Hollow,
}

/// A rewrite of each rendered value's text (after [`NestedRendering`]; names are never
/// rewritten).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueRewrite {
    /// The text as rendered.
    None,
    /// Three literal replacements, in this order, over the whole text of every value
    /// (top-level strings included): `'` → `"`, then every `, ` → `,`, then every `: ` →
    /// `:` (Python `str.replace`, left to right, non-overlapping: `,  ` becomes `, `). So
    /// `{'a': 1, 'b': "it's"}` becomes `{"a":1,"b":"it"s"}` and `key: value` becomes
    /// `key:value`.
    PythonQuoteCollapse,
}

/// How top-level `true`, `false` and `null` are written (nested ones follow
/// [`NestedRendering`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiteralStyle {
    /// `true`, `false`, `null` (JSON literals; also Java `String.valueOf(Boolean)`).
    Json,
    /// `True`, `False`, `None` (Python `str()`).
    Python,
}

/// How numbers are written (top level, and inside [`NestedRendering::PythonStr`]; JSON
/// renderings always keep numbers as written).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberStyle {
    /// Exactly the literal text of the input: `5000.00` stays `5000.00`, `1e2` stays `1e2`.
    AsWritten,
    /// What Python's `str(json.loads(literal))` gives: an integer literal (no `.`, no
    /// exponent) stays as written except `-0` → `0`; any other literal becomes a `float`
    /// written as `repr(float)`: `5000.00` → `5000.0`, `1e2` → `100.0`, `1e16` → `1e+16`,
    /// `0.00001` → `1e-05`, `-0.0` → `-0.0`, `1e400` → `inf`.
    Python,
}

impl std::str::FromStr for NumberStyle {
    type Err = crate::Error;

    /// Parses the bindings' names: `"python"` or `"as_written"`.
    ///
    /// Errors: [`crate::Error::InvalidInput`] (`numbers`) for anything else.
    fn from_str(s: &str) -> crate::Result<NumberStyle> {
        match s {
            "python" => Ok(NumberStyle::Python),
            "as_written" => Ok(NumberStyle::AsWritten),
            other => Err(crate::Error::invalid_input(
                "numbers",
                format!(
                    "unknown numbers style {} (\"python\", \"as_written\")",
                    crate::error::shown(other)
                ),
            )),
        }
    }
}

/// One named way of building a `name=value&...` string (see the module docs for the steps).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormRule {
    /// Order of the names.
    pub key_order: KeyOrder,
    /// Rendering of top-level objects and arrays.
    pub nested: NestedRendering,
    /// Rendering of top-level `true`/`false`/`null`.
    pub literals: LiteralStyle,
    /// Rendering of numbers.
    pub numbers: NumberStyle,
    /// Drop fields whose value is the empty string.
    pub drop_empty_string: bool,
    /// Drop fields whose value is `null`.
    pub drop_null: bool,
    /// Which object/array values count as empty and are dropped.
    pub empty_containers: EmptyContainers,
    /// The rewrite applied to every value's rendered text.
    pub rewrite: ValueRewrite,
    /// The CPython version whose `repr()` escapes [`NestedRendering::PythonStr`] follows
    /// (which non-ASCII characters are escaped).
    pub python: PythonVersion,
    /// Names always dropped (exact, case-sensitive match), e.g. `"signature"`.
    pub exclude: &'static [&'static str],
}

impl FormRule {
    /// Flat string fields, empty values dropped, sorted (Paytend's signature string).
    ///
    /// Drops `""` and `null`; UTF-16 (Java) order; numbers as written; `true`/`false` as
    /// JSON literals; objects/arrays rejected; nothing excluded by name (add the names a
    /// message must not sign, such as `signature`, with struct update syntax).
    pub const FLAT_NONEMPTY_SORTED: FormRule = FormRule {
        key_order: KeyOrder::Utf16,
        nested: NestedRendering::Reject,
        literals: LiteralStyle::Json,
        numbers: NumberStyle::AsWritten,
        drop_empty_string: true,
        drop_null: true,
        empty_containers: EmptyContainers::Keep,
        rewrite: ValueRewrite::None,
        python: PythonVersion::NEWEST,
        exclude: &[],
    };

    /// Every top-level field, sorted, nested values as sorted compact JSON (UPay's
    /// `SIGN_PARAM`).
    ///
    /// Nothing dropped (`""` gives `name=`, `null` gives `name=null`); UTF-16 (Java) order;
    /// strings raw; numbers as written (`100.5`, `12`); `true`/`false`/`null` as JSON
    /// literals; objects/arrays as [`NestedRendering::SortedJson`]. The published
    /// `customer/add` example (`address={"address":"535 Mission St, Floor 12","countryId":12,…}&annualIncome=100.5&…`)
    /// is reproduced by this rule. How UPay writes top-level booleans and `null` is not
    /// published; the JSON literals are a guess (Java's `String.valueOf`).
    pub const SORTED_NESTED_SORTED_JSON: FormRule = FormRule {
        key_order: KeyOrder::Utf16,
        nested: NestedRendering::SortedJson,
        literals: LiteralStyle::Json,
        numbers: NumberStyle::AsWritten,
        drop_empty_string: false,
        drop_null: false,
        empty_containers: EmptyContainers::Keep,
        rewrite: ValueRewrite::None,
        python: PythonVersion::NEWEST,
        exclude: &[],
    };

    /// Non-empty fields except `signature`, sorted by code point, every value as Python
    /// `str()` renders it, then `'`→`"`, `, `→`,`, `: `→`:` (HyperCard's signature string).
    ///
    /// Drops `signature`, `""`, `null` and hollow containers
    /// ([`EmptyContainers::Hollow`]: `{}`, `{"a":""}`, `[""]`, ...); code point order
    /// (Python `sorted()`); strings raw; numbers as written (use [`NumberStyle::Python`] to
    /// get Python's float repr instead: the two differ only for literals such as `5000.00`
    /// or `1e2` that Python itself would never write); top-level booleans `True`/`False`;
    /// objects/arrays as [`NestedRendering::PythonStr`] with the newest CPython's `repr()`;
    /// then [`ValueRewrite::PythonQuoteCollapse`] over every value. The HyperCard provider
    /// uses this rule with [`NumberStyle::Python`] by default (its verifier is Python, which
    /// re-renders parsed numbers), configurable per client, as is the CPython version.
    pub const NONEMPTY_SORTED_NESTED_PYTHON_STR: FormRule = FormRule {
        key_order: KeyOrder::CodePoint,
        nested: NestedRendering::PythonStr,
        literals: LiteralStyle::Python,
        numbers: NumberStyle::AsWritten,
        drop_empty_string: true,
        drop_null: true,
        empty_containers: EmptyContainers::Hollow,
        rewrite: ValueRewrite::PythonQuoteCollapse,
        python: PythonVersion::NEWEST,
        exclude: &["signature"],
    };

    fn is_dropped(&self, name: &str, value: &Json<'_>) -> bool {
        if self.exclude.contains(&name) {
            return true;
        }
        match value {
            Json::String(s) => self.drop_empty_string && s.is_empty(),
            Json::Null => self.drop_null,
            Json::Array(_) | Json::Object(_) => match self.empty_containers {
                EmptyContainers::Keep => false,
                EmptyContainers::Empty => is_empty_container(value),
                EmptyContainers::Hollow => !has_nonempty_scalar(value),
            },
            Json::Bool(_) | Json::Number(_) => false,
        }
    }

    /// Writes `text` (a value's rendering) after this rule's [`ValueRewrite`].
    fn push_value_text(&self, text: &str, out: &mut dyn TextSink) {
        match self.rewrite {
            ValueRewrite::None => out.push_str(text),
            ValueRewrite::PythonQuoteCollapse => push_quote_collapsed(text, out),
        }
    }

    fn write_value(&self, name: &str, value: &Json<'_>, out: &mut dyn TextSink) -> Result<()> {
        match value {
            Json::String(s) => self.push_value_text(s, out),
            Json::Number(n) => {
                let mut text = String::new();
                write_number(n, self.numbers, &mut text);
                out.push_str(&text);
            }
            Json::Bool(b) => out.push_str(match (self.literals, b) {
                (LiteralStyle::Json, true) => "true",
                (LiteralStyle::Json, false) => "false",
                (LiteralStyle::Python, true) => "True",
                (LiteralStyle::Python, false) => "False",
            }),
            Json::Null => out.push_str(match self.literals {
                LiteralStyle::Json => "null",
                LiteralStyle::Python => "None",
            }),
            Json::Array(_) | Json::Object(_) => match self.nested {
                NestedRendering::Reject => {
                    return Err(Error::invalid_input(
                        "form",
                        format!(
                            "field `{name}` is an {}; this form takes only flat values",
                            value.type_name()
                        ),
                    ));
                }
                NestedRendering::CompactJson => self.push_value_text(&value.to_compact(), out),
                NestedRendering::SortedJson => self.push_value_text(&value.to_sorted(), out),
                NestedRendering::PythonStr => {
                    self.push_value_text(&python_str(value, self.numbers, self.python), out);
                }
            },
        }
        Ok(())
    }
}

/// Renders `fields` (e.g. the members of a JSON object, [`Json::as_object`]) under `rule`.
///
/// Errors: [`Error::InvalidInput`] `{ field: "form" }` when a kept field is an object or
/// array and the rule's [`NestedRendering`] is `Reject`.
pub fn render(rule: &FormRule, fields: &[(Cow<'_, str>, Json<'_>)]) -> Result<String> {
    let mut out = String::new();
    render_to(rule, fields, &mut out)?;
    Ok(out)
}

/// As [`render`], writing into `out` (a `String`, or a digest fed as the text is made).
/// On error, `out` may hold a prefix of the text: discard it.
pub fn render_to(
    rule: &FormRule,
    fields: &[(Cow<'_, str>, Json<'_>)],
    out: &mut dyn TextSink,
) -> Result<()> {
    let mut order: Vec<usize> = (0..fields.len()).collect();
    let name = |i: usize| fields.get(i).map_or("", |(k, _)| k.as_ref());
    // Stable: equal names stay in input order, so the last of a run is the last occurrence.
    order.sort_by(|&a, &b| rule.key_order.cmp(name(a), name(b)));
    let mut first = true;
    let mut iter = order.iter().peekable();
    while let Some(&i) = iter.next() {
        if iter.peek().is_some_and(|&&j| name(j) == name(i)) {
            continue; // a later occurrence of the same name wins
        }
        let Some((k, v)) = fields.get(i) else {
            continue;
        };
        if rule.is_dropped(k, v) {
            continue;
        }
        if !first {
            out.push_str("&");
        }
        first = false;
        out.push_str(k);
        out.push_str("=");
        rule.write_value(k, v, out)?;
    }
    Ok(())
}

/// Renders the members of a JSON object under `rule`.
///
/// Errors: [`Error::InvalidInput`] `{ field: "form" }` when `value` is not an object, or as
/// [`render`].
pub fn render_object(rule: &FormRule, value: &Json<'_>) -> Result<String> {
    match value {
        Json::Object(members) => render(rule, members),
        other => Err(Error::invalid_input(
            "form",
            format!(
                "expected a JSON object of fields, got {}",
                other.type_name()
            ),
        )),
    }
}

/// Parses `json_text` (an object; empty or whitespace-only text means no fields) and renders
/// its members under `rule`.
///
/// Errors: [`Error::InvalidInput`] `{ field: "json" }` for bad JSON (see [`json::parse`]),
/// `{ field: "form" }` as [`render_object`].
pub fn render_json(rule: &FormRule, json_text: &str) -> Result<String> {
    if json_text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
        return Ok(String::new());
    }
    render_object(rule, &json::parse(json_text)?)
}

/// Renders string fields under `rule` (all values are strings, so nothing can fail).
pub fn render_pairs<K: AsRef<str>, V: AsRef<str>>(rule: &FormRule, pairs: &[(K, V)]) -> String {
    let fields: Vec<(Cow<'_, str>, Json<'_>)> = pairs
        .iter()
        .map(|(k, v)| {
            (
                Cow::Borrowed(k.as_ref()),
                Json::String(Cow::Borrowed(v.as_ref())),
            )
        })
        .collect();
    // String values never hit the nested-value error.
    render(rule, &fields).unwrap_or_default()
}

/// The reason of [`render_merged_json_to`]'s error (`{ field: "json" }`) for a text that
/// is valid JSON but not an object.
pub const NOT_AN_OBJECT: &str = "expected a JSON object of fields";

/// A field of [`render_merged_json_to`]: a given string, or a value as JSON text.
#[derive(Clone, Copy)]
enum RawField<'a> {
    /// A string value (e.g. a header).
    Text(&'a str),
    /// The JSON text of a value, checked by [`json::raw_members`].
    Json(&'a str),
}

/// As [`render`] over `first` (string fields, e.g. headers) followed by the members of the
/// JSON object `json_text` (which therefore win over `first` on equal names, and the last
/// of duplicate members wins), but **without building a tree**: the members are taken as
/// raw slices of the text ([`json::raw_members`], within `limits`) and each value is
/// rendered by a streaming pass over its slice (strings decoded piece by piece; Python
/// `str()`/`repr()` with [`FormRule::python`]'s escapes and [`FormRule::numbers`];
/// hollow-container detection by a scan; the [`ValueRewrite`] applied as the text
/// streams). Memory: the list of top-level members, nothing per value (a
/// [`NestedRendering::CompactJson`] or [`NestedRendering::SortedJson`] value is the one
/// exception: it is parsed, within `limits`, to be written).
///
/// On every text [`json::parse_with_limits`] accepts as an object, the output is byte for
/// byte that of [`render_to`] over `first` followed by the parsed members (tested by a
/// differential property test). It lets a signature over the string be checked before
/// the text is parsed: parse it (strictly) only once the signature holds.
///
/// Errors: as [`json::raw_members`] (`{ field: "json" }`); `{ field: "json" }` "expected a
/// JSON object of fields" when the text is another JSON value; `{ field: "form" }` as
/// [`render`].
pub fn render_merged_json_to(
    rule: &FormRule,
    first: &[(&str, &str)],
    json_text: &str,
    limits: &json::Limits,
    out: &mut dyn TextSink,
) -> Result<()> {
    let members = json::raw_members(json_text, limits)?
        .ok_or_else(|| Error::invalid_input("json", NOT_AN_OBJECT))?;
    let fields: Vec<(&str, RawField<'_>)> = first
        .iter()
        .map(|&(k, v)| (k, RawField::Text(v)))
        .chain(members.iter().map(|(k, v)| (k.as_ref(), RawField::Json(v))))
        .collect();
    let mut order: Vec<usize> = (0..fields.len()).collect();
    let name = |i: usize| fields.get(i).map_or("", |(k, _)| *k);
    // Stable, and the last of equal names wins: as `render_to`.
    order.sort_by(|&a, &b| rule.key_order.cmp(name(a), name(b)));
    let mut first_out = true;
    let mut iter = order.iter().peekable();
    while let Some(&i) = iter.next() {
        if iter.peek().is_some_and(|&&j| name(j) == name(i)) {
            continue;
        }
        let Some(&(k, v)) = fields.get(i) else {
            continue;
        };
        if rule.is_raw_dropped(k, v) {
            continue;
        }
        if !first_out {
            out.push_str("&");
        }
        first_out = false;
        out.push_str(k);
        out.push_str("=");
        rule.write_raw_value(k, v, limits, out)?;
    }
    Ok(())
}

/// [`render_merged_json_to`] into a `String`.
///
/// Errors: as [`render_merged_json_to`].
pub fn render_merged_json(
    rule: &FormRule,
    first: &[(&str, &str)],
    json_text: &str,
    limits: &json::Limits,
) -> Result<String> {
    let mut out = String::new();
    render_merged_json_to(rule, first, json_text, limits, &mut out)?;
    Ok(out)
}

impl FormRule {
    fn is_raw_dropped(&self, name: &str, value: RawField<'_>) -> bool {
        if self.exclude.contains(&name) {
            return true;
        }
        let raw = match value {
            RawField::Text(s) => return self.drop_empty_string && s.is_empty(),
            RawField::Json(raw) => raw,
        };
        match raw.as_bytes().first() {
            // The empty string has one spelling; any other literal decodes to a character.
            Some(b'"') => self.drop_empty_string && raw == "\"\"",
            Some(b'n') => self.drop_null,
            Some(b'[' | b'{') => match self.empty_containers {
                EmptyContainers::Keep => false,
                EmptyContainers::Empty => {
                    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
                    inner.trim_matches([' ', '\t', '\n', '\r']).is_empty()
                }
                EmptyContainers::Hollow => !RawCursor::new(raw).has_nonempty_scalar(0),
            },
            _ => false,
        }
    }

    fn write_raw_value(
        &self,
        name: &str,
        value: RawField<'_>,
        limits: &json::Limits,
        out: &mut dyn TextSink,
    ) -> Result<()> {
        let raw = match value {
            RawField::Text(s) => {
                self.push_value_text(s, out);
                return Ok(());
            }
            RawField::Json(raw) => raw,
        };
        let mut sink = ValueSink::new(self.rewrite, out);
        match raw.as_bytes().first() {
            Some(b'"') => {
                json::decode_string_pieces(raw, 0, &mut |piece| sink.push_str(piece))?;
            }
            Some(b't') => sink.out.push_str(match self.literals {
                LiteralStyle::Json => "true",
                LiteralStyle::Python => "True",
            }),
            Some(b'f') => sink.out.push_str(match self.literals {
                LiteralStyle::Json => "false",
                LiteralStyle::Python => "False",
            }),
            Some(b'n') => sink.out.push_str(match self.literals {
                LiteralStyle::Json => "null",
                LiteralStyle::Python => "None",
            }),
            Some(b'[' | b'{') => {
                let kind = if raw.starts_with('[') {
                    "array"
                } else {
                    "object"
                };
                match self.nested {
                    NestedRendering::Reject => {
                        return Err(Error::invalid_input(
                            "form",
                            format!(
                                "field `{name}` is an {kind}; this form takes only flat values"
                            ),
                        ));
                    }
                    NestedRendering::CompactJson => {
                        sink.push_str(&json::parse_with_limits(raw, limits)?.to_compact());
                    }
                    NestedRendering::SortedJson => {
                        sink.push_str(&json::parse_with_limits(raw, limits)?.to_sorted());
                    }
                    NestedRendering::PythonStr => {
                        RawCursor::new(raw).write_repr(self.numbers, self.python, 0, &mut sink)?;
                    }
                }
            }
            _ => push_number(raw, self.numbers, sink.out),
        }
        Ok(())
    }
}

/// Where a value's text goes: `out`, through the rule's [`ValueRewrite`] as it streams.
struct ValueSink<'o> {
    out: &'o mut dyn TextSink,
    collapse: bool,
    /// The last byte written was a `,` or `:` whose following space is to be dropped.
    pending: bool,
}

impl<'o> ValueSink<'o> {
    fn new(rewrite: ValueRewrite, out: &'o mut dyn TextSink) -> Self {
        ValueSink {
            out,
            collapse: rewrite == ValueRewrite::PythonQuoteCollapse,
            pending: false,
        }
    }
}

impl TextSink for ValueSink<'_> {
    /// [`push_quote_collapsed`] as a state machine over the pieces of one value: `'`
    /// becomes `"`, and a space right after a `,` or `:` of the text is dropped (one
    /// space: `,  ` keeps the second).
    fn push_str(&mut self, text: &str) {
        if !self.collapse {
            self.out.push_str(text);
            return;
        }
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            if self.pending {
                self.pending = false;
                if bytes.get(i) == Some(&b' ') {
                    self.out.push_str(text.get(start..i).unwrap_or_default());
                    i += 1;
                    start = i;
                    continue;
                }
            }
            // Skip to the next byte that matters.
            let Some(at) = bytes
                .get(i..)
                .and_then(|r| r.iter().position(|&b| matches!(b, b'\'' | b',' | b':')))
            else {
                break;
            };
            i += at;
            if bytes.get(i) == Some(&b'\'') {
                self.out.push_str(text.get(start..i).unwrap_or_default());
                self.out.push_str("\"");
                start = i + 1;
            } else {
                self.pending = true;
            }
            i += 1;
        }
        self.out.push_str(text.get(start..).unwrap_or_default());
    }
}

/// A number as [`write_number`] writes it, without a copy of an integer literal.
fn push_number(raw: &str, style: NumberStyle, out: &mut dyn TextSink) {
    match style {
        NumberStyle::Python if raw.contains(['.', 'e', 'E']) => {
            let mut text = String::new();
            write_python_number(raw, &mut text);
            out.push_str(&text);
        }
        NumberStyle::Python if raw == "-0" => out.push_str("0"),
        _ => out.push_str(raw),
    }
}

/// A walk over the text of one JSON value already checked by [`json::raw_members`]
/// (nesting within [`json::MAX_DEPTH`]). Never panics on other text: it stops with
/// [`Error::InvalidInput`] `{ field: "json" }`.
struct RawCursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> RawCursor<'a> {
    fn new(text: &'a str) -> Self {
        RawCursor { text, pos: 0 }
    }

    fn bad(&self) -> Error {
        Error::invalid_input(
            "json",
            format!("unexpected text at byte offset {}", self.pos),
        )
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        self.skip_ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.bad())
        }
    }

    /// After an element: `true` when another follows (`,` consumed), `false` at `close`
    /// (consumed).
    fn next_element(&mut self, close: u8) -> Result<bool> {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(self.bad()),
        }
    }

    /// At `[`/`{`: consumes it; `true` when the container is empty (closer consumed too).
    fn open(&mut self, close: u8) -> Result<bool> {
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(true);
        }
        Ok(false)
    }

    fn number(&mut self) -> &'a str {
        let start = self.pos;
        while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.text.get(start..self.pos).unwrap_or_default()
    }

    fn literal(&mut self, word: &str) -> Result<()> {
        if self
            .text
            .get(self.pos..)
            .is_some_and(|r| r.starts_with(word))
        {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.bad())
        }
    }

    fn enter(&self, depth: usize) -> Result<()> {
        if depth >= json::MAX_DEPTH {
            Err(self.bad())
        } else {
            Ok(())
        }
    }

    /// Skips the string literal at `self.pos`; `true` when it is not `""`.
    fn skip_string(&mut self) -> Result<bool> {
        let start = self.pos;
        self.pos = json::decode_string_pieces(self.text, start, &mut |_| {})?;
        Ok(self.pos - start > 2)
    }

    /// Whether a number, a boolean or a non-empty string is reachable in the value at
    /// `self.pos` (keys do not count): [`has_nonempty_scalar`] over the text. Consumes
    /// the value only up to the first such scalar.
    fn has_nonempty_scalar(&mut self, depth: usize) -> bool {
        self.scalar_search(depth).unwrap_or(false)
    }

    fn scalar_search(&mut self, depth: usize) -> Result<bool> {
        self.skip_ws();
        match self.peek() {
            Some(b'"') => self.skip_string(),
            Some(b'n') => self.literal("null").map(|()| false),
            Some(b't' | b'f' | b'-' | b'0'..=b'9') => Ok(true),
            Some(b'[') => {
                self.enter(depth)?;
                if self.open(b']')? {
                    return Ok(false);
                }
                loop {
                    if self.scalar_search(depth + 1)? {
                        return Ok(true);
                    }
                    if !self.next_element(b']')? {
                        return Ok(false);
                    }
                }
            }
            Some(b'{') => {
                self.enter(depth)?;
                if self.open(b'}')? {
                    return Ok(false);
                }
                loop {
                    self.skip_ws();
                    self.skip_string()?;
                    self.expect(b':')?;
                    if self.scalar_search(depth + 1)? {
                        return Ok(true);
                    }
                    if !self.next_element(b'}')? {
                        return Ok(false);
                    }
                }
            }
            _ => Err(self.bad()),
        }
    }

    /// Writes Python's `repr()` of the value at `self.pos`, as [`write_python_repr`].
    fn write_repr(
        &mut self,
        numbers: NumberStyle,
        python: PythonVersion,
        depth: usize,
        out: &mut dyn TextSink,
    ) -> Result<()> {
        self.skip_ws();
        match self.peek() {
            Some(b'"') => {
                let start = self.pos;
                self.pos = write_raw_str_repr(self.text, start, python, out)?;
            }
            Some(b'n') => {
                self.literal("null")?;
                out.push_str("None");
            }
            Some(b't') => {
                self.literal("true")?;
                out.push_str("True");
            }
            Some(b'f') => {
                self.literal("false")?;
                out.push_str("False");
            }
            Some(b'-' | b'0'..=b'9') => push_number(self.number(), numbers, out),
            Some(b'[') => {
                self.enter(depth)?;
                out.push_str("[");
                if !self.open(b']')? {
                    loop {
                        self.write_repr(numbers, python, depth + 1, out)?;
                        if !self.next_element(b']')? {
                            break;
                        }
                        out.push_str(", ");
                    }
                }
                out.push_str("]");
            }
            Some(b'{') => {
                self.enter(depth)?;
                out.push_str("{");
                if !self.open(b'}')? {
                    loop {
                        self.skip_ws();
                        if self.peek() != Some(b'"') {
                            return Err(self.bad());
                        }
                        let start = self.pos;
                        self.pos = write_raw_str_repr(self.text, start, python, out)?;
                        self.expect(b':')?;
                        out.push_str(": ");
                        self.write_repr(numbers, python, depth + 1, out)?;
                        if !self.next_element(b'}')? {
                            break;
                        }
                        out.push_str(", ");
                    }
                }
                out.push_str("}");
            }
            _ => return Err(self.bad()),
        }
        Ok(())
    }
}

/// [`write_python_str_repr`] of the JSON string literal at byte `open` of `text`, decoded
/// as it is written; returns the offset after the literal.
fn write_raw_str_repr(
    text: &str,
    open: usize,
    python: PythonVersion,
    out: &mut dyn TextSink,
) -> Result<usize> {
    let (mut single, mut double) = (false, false);
    json::decode_string_pieces(text, open, &mut |piece| {
        single |= piece.contains('\'');
        double |= piece.contains('"');
    })?;
    let quote = if single && !double { '"' } else { '\'' };
    let mut q = [0u8; 4];
    let q: &str = quote.encode_utf8(&mut q);
    out.push_str(q);
    let end = json::decode_string_pieces(text, open, &mut |piece| {
        push_repr_piece(piece, quote, python, out);
    })?;
    out.push_str(q);
    Ok(end)
}

/// The escaped body of a Python `repr()` of `piece` (quoted with `quote`), as
/// [`write_python_str_repr`] writes each character; runs that need no escape are written
/// as slices.
fn push_repr_piece(piece: &str, quote: char, python: PythonVersion, out: &mut dyn TextSink) {
    let bytes = piece.as_bytes();
    // The quote is `'` or `"`: ASCII.
    let q = if quote == '"' { b'"' } else { b'\'' };
    let (mut start, mut i) = (0, 0);
    while let Some(&b) = bytes.get(i) {
        // Printable ASCII other than `\` and the quote: as is (the common case, e.g.
        // base64), tested byte by byte without decoding.
        if (0x20..0x7f).contains(&b) && b != b'\\' && b != q {
            i += 1;
            continue;
        }
        let Some(c) = piece.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        let len = c.len_utf8();
        if !c.is_ascii() && !python.is_non_printable(c) {
            i += len;
            continue;
        }
        out.push_str(piece.get(start..i).unwrap_or_default());
        let mut esc = String::new();
        write_python_char_escape(c, quote, python, &mut esc);
        out.push_str(&esc);
        i += len;
        start = i;
    }
    out.push_str(piece.get(start..).unwrap_or_default());
}

/// The escape of one character of [`write_python_str_repr`] that is not written as is.
fn write_python_char_escape(c: char, quote: char, python: PythonVersion, out: &mut String) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if c < ' ' || c == '\u{7f}' => push_hex_escape(out, 'x', u32::from(c), 2),
        c if c.is_ascii() => out.push(c),
        c if python.is_non_printable(c) => {
            let cp = u32::from(c);
            if cp <= 0xff {
                push_hex_escape(out, 'x', cp, 2);
            } else if cp <= 0xffff {
                push_hex_escape(out, 'u', cp, 4);
            } else {
                push_hex_escape(out, 'U', cp, 8);
            }
        }
        c => out.push(c),
    }
}

/// Python's `str()` of the value `json.loads` would give for `value`, as CPython `python`
/// writes it.
///
/// - strings: the text itself (no quotes) at top level; inside containers `repr()`: quoted
///   with `'`, or with `"` when the text contains `'` and no `"`; `\` and the quote
///   character backslash-escaped; `\t`, `\n`, `\r` as such; other characters below U+0020
///   and U+007F as `\xhh`; non-ASCII characters kept unless that CPython considers them
///   non-printable (categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs other than space, in its
///   Unicode version: e.g. U+00A0, U+00AD, U+200B, U+2028, U+FEFF, private use and
///   code points unassigned in that version), which become `\xhh`, `\uhhhh` or
///   `\Uhhhhhhhh` (lowercase hex);
/// - numbers per `numbers` ([`NumberStyle`]);
/// - `True`, `False`, `None`;
/// - lists `[a, b]`, dicts `{'k': v, 'k2': v2}` (separators `, ` and `: `, member order as
///   given), empty ones `[]` and `{}`.
pub fn python_str(value: &Json<'_>, numbers: NumberStyle, python: PythonVersion) -> String {
    let mut out = String::new();
    match value {
        Json::String(s) => out.push_str(s),
        other => write_python_repr(other, numbers, python, &mut out),
    }
    out
}

/// Whether `value` is `{}` or `[]`.
fn is_empty_container(value: &Json<'_>) -> bool {
    match value {
        Json::Array(a) => a.is_empty(),
        Json::Object(m) => m.is_empty(),
        _ => false,
    }
}

/// Whether a number, a boolean or a non-empty string can be reached in `value` (itself
/// included). Depth is bounded by the JSON parser's nesting limit.
fn has_nonempty_scalar(value: &Json<'_>) -> bool {
    match value {
        Json::Null => false,
        Json::String(s) => !s.is_empty(),
        Json::Bool(_) | Json::Number(_) => true,
        Json::Array(items) => items.iter().any(has_nonempty_scalar),
        Json::Object(members) => members.iter().any(|(_, v)| has_nonempty_scalar(v)),
    }
}

/// [`ValueRewrite::PythonQuoteCollapse`] in one pass, equal to Python's
/// `text.replace("'", '"').replace(", ", ",").replace(": ", ":")`: the first replacement
/// touches none of `,`, `:` and space, and neither collapse can create or break an
/// occurrence of the other, so each `, `/`: ` of the original text loses its space and
/// scanning resumes after it. Runs without any of `'`, `,`, `:` are written as slices.
fn push_quote_collapsed(text: &str, out: &mut dyn TextSink) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\'' => {
                out.push_str(text.get(start..i).unwrap_or_default());
                out.push_str("\"");
                i += 1;
                start = i;
            }
            b',' | b':' if bytes.get(i + 1) == Some(&b' ') => {
                // Keep the separator, drop the one space after it.
                out.push_str(text.get(start..=i).unwrap_or_default());
                i += 2;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(text.get(start..).unwrap_or_default());
}

fn write_python_repr(
    value: &Json<'_>,
    numbers: NumberStyle,
    python: PythonVersion,
    out: &mut String,
) {
    match value {
        Json::Null => out.push_str("None"),
        Json::Bool(true) => out.push_str("True"),
        Json::Bool(false) => out.push_str("False"),
        Json::Number(n) => write_number(n, numbers, out),
        Json::String(s) => write_python_str_repr(s, python, out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_python_repr(item, numbers, python, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_python_str_repr(k, python, out);
                out.push_str(": ");
                write_python_repr(v, numbers, python, out);
            }
            out.push('}');
        }
    }
}

/// CPython's `unicode_repr`, with `python`'s table of printable characters.
fn write_python_str_repr(s: &str, python: PythonVersion, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        write_python_char_escape(c, quote, python, out);
    }
    out.push(quote);
}

fn push_hex_escape(out: &mut String, kind: char, cp: u32, width: usize) {
    out.push('\\');
    out.push(kind);
    out.push_str(&format!("{cp:0width$x}"));
}

fn write_number(raw: &str, style: NumberStyle, out: &mut String) {
    match style {
        NumberStyle::AsWritten => out.push_str(raw),
        NumberStyle::Python => write_python_number(raw, out),
    }
}

/// `str(json.loads(raw))` for a JSON number literal `raw`.
fn write_python_number(raw: &str, out: &mut String) {
    if !raw.contains(['.', 'e', 'E']) {
        // Python int: arbitrary precision, written as is; -0 is 0.
        out.push_str(if raw == "-0" { "0" } else { raw });
        return;
    }
    let Ok(f) = raw.parse::<f64>() else {
        out.push_str(raw);
        return;
    };
    if f.is_infinite() {
        out.push_str(if f < 0.0 { "-inf" } else { "inf" });
        return;
    }
    let negative = f.is_sign_negative();
    let Some((digits, exp)) = python_repr_digits(f.abs()) else {
        out.push_str(raw);
        return;
    };
    if negative {
        out.push('-');
    }
    // Python (format_float_short, repr mode): value = 0.DIGITS × 10^decpt; exponent form
    // when decpt <= -4 or decpt > 16, else positional with at least one digit after '.'.
    let decpt = exp + 1;
    if decpt <= -4 || decpt > 16 {
        let (first, rest) = digits.split_at_checked(1).unwrap_or((&digits, ""));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.unsigned_abs()));
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..decpt.unsigned_abs() {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let point = usize::try_from(decpt).unwrap_or(0);
        match digits.split_at_checked(point) {
            Some((int, frac)) if !frac.is_empty() => {
                out.push_str(int);
                out.push('.');
                out.push_str(frac);
            }
            _ => {
                out.push_str(&digits);
                for _ in digits.len()..point {
                    out.push('0');
                }
                out.push_str(".0");
            }
        }
    }
}

/// Splits Rust's `{:e}` output (`"d.ddde-x"`, non-negative) into its digits and exponent.
fn sci_parts(sci: &str) -> Option<(String, i32)> {
    let (mantissa, exp) = sci.split_once('e')?;
    let exp = exp.parse::<i32>().ok()?;
    Some((mantissa.chars().filter(|c| *c != '.').collect(), exp))
}

/// Drops trailing zero digits (keeping at least one digit).
fn trim_zeros(digits: &str) -> &str {
    let t = digits.trim_end_matches('0');
    if t.is_empty() {
        digits.get(..1).unwrap_or("0")
    } else {
        t
    }
}

/// `digits` + 1 in the last place; the exponent grows by one when it carries out (`99` →
/// `1`, +1).
fn increment(digits: &str) -> (String, i32) {
    let mut bytes: Vec<u8> = digits.bytes().collect();
    for b in bytes.iter_mut().rev() {
        if *b == b'9' {
            *b = b'0';
        } else {
            *b += 1;
            return (String::from_utf8(bytes).unwrap_or_default(), 0);
        }
    }
    let mut carried = String::from("1");
    carried.push_str(&"0".repeat(bytes.len().saturating_sub(1)));
    (carried, 1)
}

fn round_trips(digits: &str, exp: i32, f: f64) -> bool {
    let (first, rest) = digits.split_at_checked(1).unwrap_or((digits, ""));
    format!("{first}.{rest}0e{exp}").parse::<f64>() == Ok(f)
}

/// The digits and exponent (`d.ddd × 10^exp`) of Python's `repr(f)` for a finite `f >= 0`:
/// the shortest digits that read back as `f`; among equally short candidates, the one
/// closest to `f`, and on an exact tie the one with an even last digit (CPython's
/// `dtoa` mode 0). Rust's shortest formatting agrees except on such ties, which are
/// resolved here from the exact decimal expansion of `f`.
fn python_repr_digits(f: f64) -> Option<(String, i32)> {
    let (digits, exp) = sci_parts(&format!("{f:e}"))?;
    let digits = trim_zeros(&digits).to_owned();
    // Exact expansion: an f64 has at most 767 significant decimal digits.
    let (exact, exact_exp) = sci_parts(&format!("{f:.800e}"))?;
    let exact = trim_zeros(&exact);
    if !exact.ends_with('5') {
        return Some((digits, exp));
    }
    let Some(low) = exact.get(..exact.len() - 1) else {
        return Some((digits, exp));
    };
    if low.is_empty() {
        return Some((digits, exp));
    }
    let (high, carry) = increment(low);
    let candidates = [(low.to_owned(), exact_exp), (high, exact_exp + carry)];
    let is_candidate = |d: &str, e: i32| {
        candidates
            .iter()
            .any(|(cd, ce)| trim_zeros(cd) == d && *ce == e)
    };
    if !is_candidate(&digits, exp) {
        return Some((digits, exp));
    }
    // A tie between `low` and `high` (same length): Python takes the even one if both
    // read back as `f`.
    let ok: Vec<&(String, i32)> = candidates
        .iter()
        .filter(|(d, e)| round_trips(d, *e, f))
        .collect();
    let chosen = match ok.as_slice() {
        [a, b] => {
            if a.0.bytes().last().is_some_and(|d| d % 2 == 0) {
                a
            } else {
                b
            }
        }
        [only] => only,
        _ => return Some((digits, exp)),
    };
    Some((trim_zeros(&chosen.0).to_owned(), chosen.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn number_style_names() {
        assert_eq!(
            "python".parse::<NumberStyle>().ok(),
            Some(NumberStyle::Python)
        );
        assert_eq!(
            "as_written".parse::<NumberStyle>().ok(),
            Some(NumberStyle::AsWritten)
        );
        for bad in ["", "Python", "as-written", "asWritten"] {
            let e = bad.parse::<NumberStyle>().err();
            assert_eq!(
                e.as_ref().map(|e| e.kind()),
                Some(ErrorKind::InvalidInput),
                "{bad:?}"
            );
            assert!(
                e.is_some_and(|e| e.to_string().contains("numbers")),
                "{bad:?}"
            );
        }
    }

    fn hdr(pairs: &[(&'static str, &'static str)]) -> Vec<(Cow<'static, str>, Json<'static>)> {
        pairs
            .iter()
            .map(|&(k, v)| (Cow::Borrowed(k), Json::string(v)))
            .collect()
    }

    fn merged<'a>(
        mut headers: Vec<(Cow<'a, str>, Json<'a>)>,
        body: &Json<'a>,
    ) -> Vec<(Cow<'a, str>, Json<'a>)> {
        headers.extend(body.as_object().unwrap().iter().cloned());
        headers
    }

    #[test]
    fn paytend_style_published_signature_string() {
        // docs/providers/paytend.md: the published signature string, from fields in any order.
        let fields = [
            ("version", "2.0"),
            ("signType", "RSA"),
            ("requestId", "88866600010020120231106120000000"),
            ("randomKey", "lGqBz8CgnQ/XFYQRfaihJg=="),
            ("partnerId", "888666000100201"),
            ("bizData", r#"{"cardId":"1755902","holderId":"101982"}"#),
            ("respMsg", ""),
        ];
        assert_eq!(
            render_pairs(&FormRule::FLAT_NONEMPTY_SORTED, &fields),
            r#"bizData={"cardId":"1755902","holderId":"101982"}&partnerId=888666000100201&randomKey=lGqBz8CgnQ/XFYQRfaihJg==&requestId=88866600010020120231106120000000&signType=RSA&version=2.0"#
        );
        // The Paytend API document's example string: no URL-encoding of `+`, `/`, `=`.
        let fields = [
            ("partnerId", "888666000100260"),
            ("bizData", r#"{"mobile":"8613261402222","type":"1"}"#),
            ("randomKey", "gNx86vc1yttHs8ZWOf7+5g=="),
            ("signType", "RSA"),
            ("requestId", "20231025095118321"),
            ("version", "2.0"),
        ];
        assert_eq!(
            render_pairs(&FormRule::FLAT_NONEMPTY_SORTED, &fields),
            r#"bizData={"mobile":"8613261402222","type":"1"}&partnerId=888666000100260&randomKey=gNx86vc1yttHs8ZWOf7+5g==&requestId=20231025095118321&signType=RSA&version=2.0"#
        );
    }

    #[test]
    fn flat_rule_drops_empty_and_null_and_excluded_and_rejects_nested() {
        let rule = FormRule {
            exclude: &["signature", "encryptFlag"],
            ..FormRule::FLAT_NONEMPTY_SORTED
        };
        let v = json::parse(
            r#"{"respCode":"00","signature":"x","encryptFlag":"1","a":"","b":null,"n":0,"t":false,"s":" "}"#,
        )
        .unwrap();
        assert_eq!(
            render_object(&rule, &v).unwrap(),
            "n=0&respCode=00&s= &t=false"
        );
        for nested in [r#"{"a":{}}"#, r#"{"a":[1]}"#] {
            let e = render_json(&FormRule::FLAT_NONEMPTY_SORTED, nested).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput);
            assert_eq!(
                e,
                Error::invalid_input(
                    "form",
                    format!(
                        "field `a` is an {}; this form takes only flat values",
                        if nested.contains('[') {
                            "array"
                        } else {
                            "object"
                        }
                    )
                )
            );
        }
        // An excluded or dropped nested value is not an error.
        let ok = json::parse(r#"{"signature":{"x":1},"k":"v"}"#).unwrap();
        assert_eq!(render_object(&rule, &ok).unwrap(), "k=v");
    }

    #[test]
    fn upay_sign_param_published_vector() {
        // docs/providers/upay.md: the published customer/add params (keys as a client would send them).
        let params = r#"{"givenName":"Demo given name","lastName":"Demo last name","email":"sing_demo@upb.com","globalCode":"+1","phone":"127897890","groupNo":"101680210001","company":"Demo company","position":"Demo position","occupation":"Demo occupation","annualIncome":100.5,"workYear":1,"remark":"This is sample data for adding customers","address":{"name":"Demo given name","countryId":12,"provinceId":475,"postalCode":"94105","address":"535 Mission St, Floor 12"}}"#;
        assert_eq!(
            render_json(&FormRule::SORTED_NESTED_SORTED_JSON, params).unwrap(),
            r#"address={"address":"535 Mission St, Floor 12","countryId":12,"name":"Demo given name","postalCode":"94105","provinceId":475}&annualIncome=100.5&company=Demo company&email=sing_demo@upb.com&givenName=Demo given name&globalCode=+1&groupNo=101680210001&lastName=Demo last name&occupation=Demo occupation&phone=127897890&position=Demo position&remark=This is sample data for adding customers&workYear=1"#
        );
    }

    #[test]
    fn upay_rule_keeps_everything_and_sorts_nested_json() {
        let rule = FormRule::SORTED_NESTED_SORTED_JSON;
        assert_eq!(render_json(&rule, "").unwrap(), "");
        assert_eq!(render_json(&rule, " \n").unwrap(), "");
        assert_eq!(render_json(&rule, "{}").unwrap(), "");
        assert_eq!(
            render_json(
                &rule,
                r#"{"b":"","a":null,"c":true,"d":[{"y":1,"x":"é/\u0001"},5000.00],"e":{},"f":"a&b=c"}"#
            )
            .unwrap(),
            r#"a=null&b=&c=true&d=[{"x":"é/\u0001","y":1},5000.00]&e={}&f=a&b=c"#
        );
        // Java (UTF-16) name order.
        assert_eq!(
            render_json(&rule, "{\"\u{ff61}\":1,\"\u{1f600}\":2}").unwrap(),
            "\u{1f600}=2&\u{ff61}=1"
        );
        assert_eq!(
            render_json(&rule, "[1]").unwrap_err(),
            Error::invalid_input("form", "expected a JSON object of fields, got array")
        );
        assert_eq!(
            render_json(&rule, "{\"a\":1,}").unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn hypercard_style_seed_example() {
        // HyperCard's published Binding KYC request body, merged with the signed headers;
        // expected value computed by an independent Python implementation of the demo's
        // rule (docs/providers/hypercard.md).
        let body = r#"{
        "mc_trade_no": "48d2741747a4493223feb22",
        "base_info": {
        "email": "example@gmail.com",
        "first_name": "pan",
        "last_name": "gao",
        "mobile": "1888888888",
        "mobile_code": "86",
        "user_ip": "40.77.166.66"
        },
        "kyc_info": {
        "address": "maizidianjie28hao",
        "back_doc": "",
        "birthday": "1990-01-01",
        "city": "beijing",
        "country_id": "CN",
        "doc_no": 12345678,
        "doc_type": 1,
        "emergency_contact": "John",
        "front_doc": "",
        "gender": 1,
        "mix_doc": "",
        "nationality_id": "CN",
        "sign_img": "",
        "state": "beijing",
        "zip_code": "100100",
        "poa_doc": "",
        "poa_type": "1"
        }
        }"#;
        let body = json::parse(body).unwrap();
        let headers = hdr(&[
            ("timestamp", "1700000000"),
            ("nonce", "a1b2c3d4e5"),
            ("api-key", "demo-api-key"),
            ("version", "1.0"),
            ("signature", "ignored"),
        ]);
        let fields = merged(headers, &body);
        assert_eq!(
            render(&FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR, &fields).unwrap(),
            r#"api-key=demo-api-key&base_info={"email":"example@gmail.com","first_name":"pan","last_name":"gao","mobile":"1888888888","mobile_code":"86","user_ip":"40.77.166.66"}&kyc_info={"address":"maizidianjie28hao","back_doc":"","birthday":"1990-01-01","city":"beijing","country_id":"CN","doc_no":12345678,"doc_type":1,"emergency_contact":"John","front_doc":"","gender":1,"mix_doc":"","nationality_id":"CN","sign_img":"","state":"beijing","zip_code":"100100","poa_doc":"","poa_type":"1"}&mc_trade_no=48d2741747a4493223feb22&nonce=a1b2c3d4e5&timestamp=1700000000&version=1.0"#
        );
    }

    #[test]
    fn hypercard_style_edge_cases_match_python() {
        // Quotes, apostrophes, backslashes, newlines, non-printable and astral characters,
        // nested True/False/None, hollow containers, header/body clash (body wins).
        let body = json::parse(r#"{"z":"it's","meta":{"q":"say \"hi\"","both":"it's \"x\"","bs":"a\\b","nl":"l1\nl2","uni":"é中😀\u00a0\u200b","t":true,"f":false,"n":null,"e":"","num":-0,"fl":5000.00,"big":123456789012345678901234567890},"list":["a","b",1,[],{}],"empty":"","nul":null,"flag":true,"zero":0,"emptyobj":{}}"#).unwrap();
        let headers = hdr(&[("nonce", "n"), ("lang", "en"), ("z", "header-loses")]);
        let fields = merged(headers, &body);
        let python_rule = FormRule {
            numbers: NumberStyle::Python,
            ..FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR
        };
        // Expected: Python, json.loads + str() + the three replacements on every value.
        let want = r#"flag=True&lang=en&list=["a","b",1,[],{}]&meta={"q":"say "hi"","both":"it\"s "x"","bs":"a\\b","nl":"l1\nl2","uni":"é中😀\xa0\u200b","t":True,"f":False,"n":None,"e":"","num":0,"fl":5000.0,"big":123456789012345678901234567890}&nonce=n&z=it"s&zero=0"#;
        assert_eq!(render(&python_rule, &fields).unwrap(), want);
        // Numbers as written differ exactly at the two non-Python literals.
        let as_written = want
            .replace(r#""num":0,"#, r#""num":-0,"#)
            .replace("5000.0,", "5000.00,");
        assert_ne!(as_written, want);
        assert_eq!(
            render(&FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR, &fields).unwrap(),
            as_written
        );
    }

    #[test]
    fn quote_collapse_equals_sequential_replace_exhaustively() {
        // Every string of up to 6 characters over the characters that matter.
        let alphabet = [',', ':', ' ', '\'', 'a'];
        let mut strings = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..6 {
            last = last
                .iter()
                .flat_map(|s| {
                    alphabet.iter().map(move |c| {
                        let mut t = s.clone();
                        t.push(*c);
                        t
                    })
                })
                .collect();
            strings.extend(last.iter().cloned());
        }
        assert_eq!(strings.len(), 1 + 5 + 25 + 125 + 625 + 3125 + 15625);
        for s in &strings {
            let want = s.replace('\'', "\"").replace(", ", ",").replace(": ", ":");
            let mut got = String::new();
            push_quote_collapsed(s, &mut got);
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn hollow_containers_and_top_level_collapse() {
        let body = json::parse(
            r#"{"a":{},"b":[],"c":{"x":""},"d":{"x":{}},"e":[""],"f":[null],"g":{"x":{"y":[0]}},"h":[false],"i":{"k":"","v":"1"},"j":"x, y: 'z'","k":0}"#,
        )
        .unwrap();
        let fields = merged(Vec::new(), &body);
        assert_eq!(
            render(&FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR, &fields).unwrap(),
            r#"g={"x":{"y":[0]}}&h=[False]&i={"k":"","v":"1"}&j=x,y:"z"&k=0"#
        );
        // The other rules keep (or only drop truly empty) containers.
        let keep = FormRule {
            empty_containers: EmptyContainers::Empty,
            ..FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR
        };
        assert!(
            render(&keep, &fields)
                .unwrap()
                .starts_with(r#"c={"x":""}&d={"x":{}}&e=[""]&f=[None]&g="#)
        );
    }

    #[test]
    fn python_str_repr_rules() {
        let p = |t: &str| {
            python_str(
                &json::parse(t).unwrap(),
                NumberStyle::AsWritten,
                PythonVersion::Py311,
            )
        };
        assert_eq!(p(r#""top level: raw 'x'""#), "top level: raw 'x'");
        assert_eq!(p(r#"["plain"]"#), "['plain']");
        assert_eq!(p(r#"["it's"]"#), r#"["it's"]"#);
        assert_eq!(p(r#"["say \"hi\""]"#), r#"['say "hi"']"#);
        assert_eq!(p(r#"["it's \"x\""]"#), r#"['it\'s "x"']"#);
        assert_eq!(
            p(r#"["a\\b\t\r\n\u0000\u007f"]"#),
            r#"['a\\b\t\r\n\x00\x7f']"#
        );
        assert_eq!(
            p(r#"["é中😀\u00a0\u00ad\u2028\ufeff\ue000\udb80\udc00\u0378"]"#),
            r#"['é中😀\xa0\xad\u2028\ufeff\ue000\U000f0000\u0378']"#
        );
        assert_eq!(
            p(r#"{"k": {}, "l": [], "t": true, "n": null}"#),
            "{'k': {}, 'l': [], 't': True, 'n': None}"
        );
        assert_eq!(p("true"), "True");
        assert_eq!(p("null"), "None");
        assert_eq!(p("1.50"), "1.50");
    }

    #[test]
    fn python_number_repr() {
        let p = |t: &str| {
            python_str(
                &Json::number(t).unwrap(),
                NumberStyle::Python,
                PythonVersion::NEWEST,
            )
        };
        for (lit, want) in [
            ("5000.00", "5000.0"),
            ("1e2", "100.0"),
            ("1E+2", "100.0"),
            ("-0", "0"),
            ("-0.0", "-0.0"),
            ("0.0", "0.0"),
            ("100.5", "100.5"),
            ("12", "12"),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567890",
            ),
            ("1e16", "1e+16"),
            ("1e15", "1000000000000000.0"),
            ("0.0001", "0.0001"),
            ("0.00001", "1e-05"),
            ("1.5e300", "1.5e+300"),
            ("-2.5e-7", "-2.5e-07"),
            ("1e400", "inf"),
            ("-1e400", "-inf"),
            ("0.1", "0.1"),
            // Ties between two shortest candidates: Python takes the even digit.
            ("1608882928643910.25", "1608882928643910.2"),
            ("-1425502010969177.25", "-1425502010969177.2"),
            ("9007199254740993", "9007199254740993"),
            ("9007199254740993.0", "9007199254740992.0"),
        ] {
            assert_eq!(p(lit), want, "{lit}");
        }
    }

    #[test]
    fn last_occurrence_wins_and_key_orders() {
        let fields = hdr(&[("b", "1"), ("a", "x"), ("b", "2"), ("a", "")]);
        // `a` ends empty (dropped), `b` ends "2".
        assert_eq!(
            render(&FormRule::FLAT_NONEMPTY_SORTED, &fields).unwrap(),
            "b=2"
        );
        assert_eq!(
            KeyOrder::CodePoint.cmp("\u{1f600}", "\u{ff61}"),
            Ordering::Greater
        );
        assert_eq!(KeyOrder::Utf16.cmp("\u{1f600}", "\u{ff61}"), Ordering::Less);
        assert_eq!(KeyOrder::Utf16.cmp("B", "a"), Ordering::Less);
        let fields = hdr(&[("\u{ff61}", "1"), ("\u{1f600}", "2")]);
        assert_eq!(
            render(&FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR, &fields).unwrap(),
            "\u{ff61}=1&\u{1f600}=2"
        );
        let drop_containers = FormRule {
            empty_containers: EmptyContainers::Empty,
            ..FormRule::SORTED_NESTED_SORTED_JSON
        };
        let v = json::parse(r#"{"a":{},"b":[],"c":[0]}"#).unwrap();
        assert_eq!(render_object(&drop_containers, &v).unwrap(), "c=[0]");
        let compact = FormRule {
            nested: NestedRendering::CompactJson,
            ..FormRule::SORTED_NESTED_SORTED_JSON
        };
        let v = json::parse(r#"{"a":{"z":1,"y":2}}"#).unwrap();
        assert_eq!(render_object(&compact, &v).unwrap(), r#"a={"z":1,"y":2}"#);
    }
}
