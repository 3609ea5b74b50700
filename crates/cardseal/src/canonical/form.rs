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
//!    [`drop_null`](FormRule::drop_null)), `{}` and `[]` (when
//!    [`drop_empty_containers`](FormRule::drop_empty_containers)). Nothing else is empty:
//!    `0`, `false` and `" "` are kept.
//! 3. **Order**: by name, ascending, per [`KeyOrder`] (Java `String.compareTo` UTF-16 order
//!    or code point order; both equal plain ASCII order for ASCII names).
//! 4. **Values**: strings raw (no quotes, no escaping); numbers per [`NumberStyle`];
//!    `true`/`false`/`null` per [`LiteralStyle`]; objects and arrays per
//!    [`NestedRendering`].
//! 5. **Join**: `name=value` pairs joined with `&`, no leading or trailing `&`. No fields
//!    left → the empty string.
//!
//! # Rules in use
//! - [`FormRule::FLAT_NONEMPTY_SORTED`] (Paytend signature string): flat values, empty
//!   strings and nulls dropped, UTF-16 order, nested values rejected.
//! - [`FormRule::SORTED_NESTED_SORTED_JSON`] (UPay `SIGN_PARAM`): every field kept, UTF-16
//!   order, nested values as sorted compact JSON, `true`/`false`/`null` as JSON literals.
//! - [`FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR`] (HyperCard signature string): empty
//!   strings and nulls dropped, `signature` dropped, code point (ASCII) order, nested values
//!   as Python `str()` output with the quote replacements described at
//!   [`NestedRendering::PythonStr`], top-level booleans as `True`/`False`.
//!
//! Providers adapt a rule with struct update syntax, e.g. Paytend responses exclude
//! `signature` and `encryptFlag`:
//! `FormRule { exclude: &["signature", "encryptFlag"], ..FormRule::FLAT_NONEMPTY_SORTED }`.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::json::{self, Json, cmp_utf16};
use super::py_printable::is_non_printable;
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
    /// Python `str()` of the value (as [`python_str`] writes it, member order as given),
    /// then three literal replacements, in this order, over the whole text:
    /// `'` → `"`, then `", "` → `","`, then `": "` → `":"`.
    ///
    /// So `{"a": 1, "b": "x", "c": [True, None]}` becomes
    /// `{"a": 1, "b":"x", "c": [True, None]}` (only separators that sit between two quote
    /// characters lose their space), and apostrophes inside strings become `"` too. This
    /// reproduces a reference implementation that builds the text with exactly those
    /// `str.replace` calls.
    PythonStr,
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
    /// Drop fields whose value is `{}` or `[]`.
    pub drop_empty_containers: bool,
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
        drop_empty_containers: false,
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
        drop_empty_containers: false,
        exclude: &[],
    };

    /// Non-empty fields except `signature`, sorted by code point, nested values as Python
    /// `str()` with quote replacements (HyperCard's signature string).
    ///
    /// Drops `signature`, `""` and `null` (empty `{}`/`[]` are kept, written `{}`/`[]`);
    /// code point order (Python `sorted()`; ASCII order for ASCII names); strings raw;
    /// numbers as written (use [`NumberStyle::Python`] to get Python's float repr instead:
    /// the two differ only for literals such as `5000.00` or `1e2` that Python itself would
    /// never write); top-level booleans `True`/`False`; objects/arrays as
    /// [`NestedRendering::PythonStr`].
    pub const NONEMPTY_SORTED_NESTED_PYTHON_STR: FormRule = FormRule {
        key_order: KeyOrder::CodePoint,
        nested: NestedRendering::PythonStr,
        literals: LiteralStyle::Python,
        numbers: NumberStyle::AsWritten,
        drop_empty_string: true,
        drop_null: true,
        drop_empty_containers: false,
        exclude: &["signature"],
    };

    fn is_dropped(&self, name: &str, value: &Json<'_>) -> bool {
        if self.exclude.contains(&name) {
            return true;
        }
        match value {
            Json::String(s) => self.drop_empty_string && s.is_empty(),
            Json::Null => self.drop_null,
            Json::Array(a) => self.drop_empty_containers && a.is_empty(),
            Json::Object(m) => self.drop_empty_containers && m.is_empty(),
            Json::Bool(_) | Json::Number(_) => false,
        }
    }

    fn write_value(&self, name: &str, value: &Json<'_>, out: &mut String) -> Result<()> {
        match value {
            Json::String(s) => out.push_str(s),
            Json::Number(n) => write_number(n, self.numbers, out),
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
                NestedRendering::CompactJson => value.write_compact(out),
                NestedRendering::SortedJson => value.write_sorted(out),
                NestedRendering::PythonStr => {
                    let text = python_str(value, self.numbers);
                    out.push_str(&python_quote_replacements(&text));
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
    let mut order: Vec<usize> = (0..fields.len()).collect();
    let name = |i: usize| fields.get(i).map_or("", |(k, _)| k.as_ref());
    // Stable: equal names stay in input order, so the last of a run is the last occurrence.
    order.sort_by(|&a, &b| rule.key_order.cmp(name(a), name(b)));
    let mut out = String::new();
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
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        rule.write_value(k, v, &mut out)?;
    }
    Ok(out)
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

/// Python's `str()` of the value `json.loads` would give for `value`.
///
/// - strings: the text itself (no quotes) at top level; inside containers `repr()`: quoted
///   with `'`, or with `"` when the text contains `'` and no `"`; `\` and the quote
///   character backslash-escaped; `\t`, `\n`, `\r` as such; other characters below U+0020
///   and U+007F as `\xhh`; non-ASCII characters kept unless Python considers them
///   non-printable (categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs other than space, per CPython
///   3.11 / Unicode 14.0: e.g. U+00A0, U+00AD, U+200B, U+2028, U+FEFF, private use and
///   unassigned code points), which become `\xhh`, `\uhhhh` or `\Uhhhhhhhh` (lowercase hex);
/// - numbers per `numbers` ([`NumberStyle`]);
/// - `True`, `False`, `None`;
/// - lists `[a, b]`, dicts `{'k': v, 'k2': v2}` (separators `, ` and `: `, member order as
///   given), empty ones `[]` and `{}`.
pub fn python_str(value: &Json<'_>, numbers: NumberStyle) -> String {
    let mut out = String::new();
    match value {
        Json::String(s) => out.push_str(s),
        other => write_python_repr(other, numbers, &mut out),
    }
    out
}

/// The three replacements of [`NestedRendering::PythonStr`], in order.
fn python_quote_replacements(text: &str) -> String {
    text.replace('\'', "\"")
        .replace("\", \"", "\",\"")
        .replace("\": \"", "\":\"")
}

fn write_python_repr(value: &Json<'_>, numbers: NumberStyle, out: &mut String) {
    match value {
        Json::Null => out.push_str("None"),
        Json::Bool(true) => out.push_str("True"),
        Json::Bool(false) => out.push_str("False"),
        Json::Number(n) => write_number(n, numbers, out),
        Json::String(s) => write_python_str_repr(s, out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_python_repr(item, numbers, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_python_str_repr(k, out);
                out.push_str(": ");
                write_python_repr(v, numbers, out);
            }
            out.push('}');
        }
    }
}

/// CPython's `unicode_repr`.
fn write_python_str_repr(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
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
            c if is_non_printable(c) => {
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
