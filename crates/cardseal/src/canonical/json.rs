//! Strict JSON parsing and the exact JSON texts that get signed.
//!
//! Signatures are computed over *bytes*, so every rule below is exact. When a signature
//! does not match, compare your text with [`sorted_compact`] / [`compact`] output rule by
//! rule.
//!
//! # Parsing ([`parse`])
//! Strict [RFC 8259]; the whole text must be one JSON value. Rejected, each with
//! [`Error::InvalidInput`] `{ field: "json", reason }` where `reason` says what was wrong
//! and at which byte offset (0-based, into the UTF-8 text):
//! - trailing commas (`[1,]`, `{"a":1,}`), comments, single quotes, unquoted keys;
//! - numbers with leading zeros (`01`, `-01`), a leading `+`, a bare `.`/`1.`/`.5`,
//!   `NaN`, `Infinity`, hexadecimal;
//! - strings with a raw control character (U+0000..U+001F; U+007F is allowed), an unknown
//!   escape (`\x`, `\'`), a bad `\u` escape, or an **unpaired surrogate** in `\u` escapes
//!   (`"\ud83d"` alone, `"\ude00"` alone, a high surrogate followed by anything but a low
//!   one);
//! - **duplicate keys** in one object, compared after decoding escapes (`{"a":1,"\u0061":2}`
//!   is a duplicate);
//! - anything but whitespace (space, tab, LF, CR) after the value, including a byte order
//!   mark before it;
//! - nesting deeper than [`MAX_DEPTH`] (128) arrays/objects;
//! - empty input.
//!
//! Parsing is linear in the input size. The tree borrows from the input: strings without
//! escapes are slices of the input (no copy, so multi-megabyte base64 strings cost nothing),
//! numbers are always the slice of input text they were written as.
//!
//! # Writing
//! Both writers produce compact JSON (no whitespace at all) with these exact rules:
//! - **numbers** are written exactly as they appear in the input text: `5000.00` stays
//!   `5000.00`, `1e2` stays `1e2`, `1E+2` stays `1E+2`, `-0` stays `-0`, and integers of any
//!   size (beyond 64 bits) are kept digit for digit. Nothing is ever converted to binary
//!   floating point;
//! - **strings** are re-escaped minimally: `"` → `\"`, `\` → `\\`, U+0008 → `\b`,
//!   U+000C → `\f`, U+000A → `\n`, U+000D → `\r`, U+0009 → `\t`, every other character
//!   below U+0020 → `\u00XX` with *lowercase* hex (`\u001f`). Nothing else is escaped:
//!   `/` stays `/`, U+007F, U+2028, U+2029 and all non-ASCII characters are written as raw
//!   UTF-8. An input escape like `\u00e9` or `\/` is therefore written as `é` or `/`;
//! - `true`, `false`, `null` as such; arrays keep their order.
//!
//! [`compact`] / [`Json::write_compact`] keep the members of every object in input order.
//!
//! [`sorted_compact`] / [`Json::write_sorted`] ("sorted compact JSON") sort the members of
//! every object, at every depth (including objects inside arrays), by key in the order of
//! Java's `String.compareTo`: lexicographic over **UTF-16 code units** ([`cmp_utf16`]).
//! This equals byte (code point) order except between a character in U+E000..U+FFFF and a
//! character above U+FFFF: Java puts the supplementary character first, because its
//! surrogates (0xD800..0xDFFF) are smaller than 0xE000. For example `"😀"` (U+1F600,
//! UTF-16 `D83D DE00`) sorts **before** `"｡"` (U+FF61), although its UTF-8 bytes
//! (`F0 9F 98 80`) are greater than `EF BD A1`. A key that is a prefix of another sorts
//! first (`"a"` < `"ab"`). Keys are compared after decoding escapes.
//! Parsed objects never have duplicate keys; in a tree built by hand, members with equal
//! keys keep their relative order.
//!
//! [RFC 8259]: https://www.rfc-editor.org/rfc/rfc8259

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use crate::error::{Error, Result};

/// Maximum nesting of arrays and objects accepted by [`parse`] (`[[...]]` 128 deep is
/// accepted, 129 deep is rejected).
pub const MAX_DEPTH: usize = 128;

/// A JSON value, borrowing from the text it was parsed from.
///
/// Build values by hand for request bodies, e.g.
/// `Json::Object(vec![("amount".into(), Json::Number("5000.00")), ("id".into(), Json::string("x"))])`
/// and render them with [`Json::to_compact`] or [`Json::to_sorted`]. A hand-built
/// [`Json::Number`] is written verbatim, so use [`Json::number`] to validate text that did
/// not come from [`parse`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as the exact literal text it was written as (e.g. `"5000.00"`, `"1e2"`).
    Number(&'a str),
    /// A string (decoded: escapes resolved).
    String(Cow<'a, str>),
    /// An array, in order.
    Array(Vec<Json<'a>>),
    /// An object: members in input order (parsed objects have no duplicate keys).
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl<'a> Json<'a> {
    /// A string value (borrowed or owned).
    pub fn string(s: impl Into<Cow<'a, str>>) -> Self {
        Json::String(s.into())
    }

    /// A number value from its literal text, checked against the JSON number grammar
    /// (`-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`).
    ///
    /// Errors: [`Error::InvalidInput`] `{ field: "json" }` when `raw` is not a JSON number.
    pub fn number(raw: &'a str) -> Result<Self> {
        let mut p = Parser::new(raw);
        p.parse_number()?;
        if p.pos != raw.len() {
            return Err(p.err("not a JSON number"));
        }
        Ok(Json::Number(raw))
    }

    /// An object from `(key, value)` members, in the given order.
    pub fn object<K: Into<Cow<'a, str>>>(members: impl IntoIterator<Item = (K, Json<'a>)>) -> Self {
        Json::Object(members.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The value of member `key` if this is an object that has it (the first such member).
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The decoded text if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The literal text if this is a number (e.g. `"5000.00"`).
    pub fn as_number(&self) -> Option<&'a str> {
        match self {
            Json::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The value if this is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The elements if this is an array.
    pub fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The members if this is an object.
    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Json<'a>)]> {
        match self {
            Json::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// `"null"`, `"boolean"`, `"number"`, `"string"`, `"array"` or `"object"` (for error
    /// messages).
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        }
    }

    /// Appends compact JSON, members in their order (see the module docs for the exact rules).
    pub fn write_compact(&self, out: &mut String) {
        self.write(out, false);
    }

    /// Appends sorted compact JSON: members of every object sorted by [`cmp_utf16`] (see the
    /// module docs for the exact rules).
    pub fn write_sorted(&self, out: &mut String) {
        self.write(out, true);
    }

    /// Compact JSON, members in their order.
    pub fn to_compact(&self) -> String {
        let mut out = String::new();
        self.write_compact(&mut out);
        out
    }

    /// Sorted compact JSON (keys sorted recursively in Java `String` order).
    pub fn to_sorted(&self) -> String {
        let mut out = String::new();
        self.write_sorted(&mut out);
        out
    }

    fn write(&self, out: &mut String, sorted: bool) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(true) => out.push_str("true"),
            Json::Bool(false) => out.push_str("false"),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out, sorted);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                if sorted {
                    let mut refs: Vec<&(Cow<'a, str>, Json<'a>)> = members.iter().collect();
                    refs.sort_by(|a, b| cmp_utf16(&a.0, &b.0));
                    write_members(refs.into_iter(), out, sorted);
                } else {
                    write_members(members.iter(), out, sorted);
                }
                out.push('}');
            }
        }
    }
}

fn write_members<'x, 'a: 'x>(
    members: impl Iterator<Item = &'x (Cow<'a, str>, Json<'a>)>,
    out: &mut String,
    sorted: bool,
) {
    for (i, (k, v)) in members.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(k, out);
        out.push(':');
        v.write(out, sorted);
    }
}

impl fmt::Display for Json<'_> {
    /// Compact JSON, members in their order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_compact())
    }
}

/// Parses `text` as one strict RFC 8259 JSON value (see the module docs for every rejected
/// case).
///
/// Errors: [`Error::InvalidInput`] `{ field: "json", reason }`, `reason` naming the problem
/// and its byte offset.
pub fn parse(text: &str) -> Result<Json<'_>> {
    let mut p = Parser::new(text);
    p.skip_ws();
    if p.pos >= p.bytes.len() {
        return Err(p.err("empty input, expected a JSON value"));
    }
    let v = p.parse_value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.err("trailing characters after the JSON value"));
    }
    Ok(v)
}

/// Parses `text` and writes it as sorted compact JSON (keys sorted recursively in Java
/// `String.compareTo` order; numbers verbatim).
///
/// Errors: as [`parse`].
pub fn sorted_compact(text: &str) -> Result<String> {
    let v = parse(text)?;
    let mut out = String::with_capacity(text.len());
    v.write_sorted(&mut out);
    Ok(out)
}

/// Parses `text` and writes it as compact JSON, keeping member order (numbers verbatim).
///
/// Errors: as [`parse`].
pub fn compact(text: &str) -> Result<String> {
    let v = parse(text)?;
    let mut out = String::with_capacity(text.len());
    v.write_compact(&mut out);
    Ok(out)
}

/// Appends `s` as a JSON string literal, quotes included, with minimal escapes: `"` and `\`
/// backslash-escaped, `\b \f \n \r \t` short forms, other characters below U+0020 as
/// `\u00XX` (lowercase hex); `/` and all other characters (non-ASCII included) written raw.
pub fn write_string(s: &str, out: &mut String) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        let i = find_special(bytes, start);
        out.push_str(s.get(start..i).unwrap_or_default());
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(
                    HEX.get(usize::from(c >> 4)).copied().unwrap_or(b'0'),
                ));
                out.push(char::from(
                    HEX.get(usize::from(c & 15)).copied().unwrap_or(b'0'),
                ));
            }
        }
        start = i + 1;
    }
    out.push('"');
}

/// Compares two strings as Java's `String.compareTo` does: lexicographically by UTF-16 code
/// unit, a proper prefix first.
///
/// Same as byte order except that characters above U+FFFF (surrogate pairs, `0xD800..`)
/// sort before characters U+E000..U+FFFF.
pub fn cmp_utf16(a: &str, b: &str) -> Ordering {
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let mut p = ab.iter().zip(bb.iter()).take_while(|(x, y)| x == y).count();
    // Back up to the start of the character in which they differ (same in both, since the
    // bytes before `p` are equal).
    while p > 0 && !a.is_char_boundary(p) {
        p -= 1;
    }
    match (a.get(p..), b.get(p..)) {
        (Some(ra), Some(rb)) => ra.encode_utf16().cmp(rb.encode_utf16()),
        _ => ab.cmp(bb),
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `w` is `"`, `\` or below 0x20 (exact existence test).
#[inline]
fn word_has_special(w: u64) -> bool {
    let lt20 = w.wrapping_sub(ONES * 0x20) & !w;
    let q = w ^ (ONES * u64::from(b'"'));
    let q = q.wrapping_sub(ONES) & !q;
    let bs = w ^ (ONES * u64::from(b'\\'));
    let bs = bs.wrapping_sub(ONES) & !bs;
    (lt20 | q | bs) & HIGHS != 0
}

#[inline]
fn is_special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// Index of the first `"`, `\` or control byte at or after `from` (`bytes.len()` if none).
#[inline]
fn find_special(bytes: &[u8], from: usize) -> usize {
    let Some(rest) = bytes.get(from..) else {
        return bytes.len();
    };
    let mut off = 0;
    for chunk in rest.chunks_exact(8) {
        let Ok(arr) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        if word_has_special(u64::from_le_bytes(arr)) {
            break;
        }
        off += 8;
    }
    match rest
        .get(off..)
        .and_then(|r| r.iter().position(|&b| is_special(b)))
    {
        Some(p) => from + off + p,
        None => bytes.len(),
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    fn err(&self, what: &str) -> Error {
        self.err_at(what, self.pos)
    }

    fn err_at(&self, what: &str, pos: usize) -> Error {
        Error::invalid_input("json", format!("{what} at byte offset {pos}"))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn unexpected(&self, expected: &str) -> Error {
        match self.text.get(self.pos..).and_then(|r| r.chars().next()) {
            None => self.err(&format!("unexpected end of input, expected {expected}")),
            Some(c) => self.err(&format!("unexpected character {c:?}, expected {expected}")),
        }
    }

    fn parse_value(&mut self, depth: usize) -> Result<Json<'a>> {
        match self.peek() {
            Some(b'{') => self.parse_object(depth),
            Some(b'[') => self.parse_array(depth),
            Some(b'"') => Ok(Json::String(self.parse_string()?)),
            Some(b'-' | b'0'..=b'9') => Ok(Json::Number(self.parse_number()?)),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            _ => Err(self.unexpected("a JSON value")),
        }
    }

    fn literal(&mut self, word: &str, v: Json<'a>) -> Result<Json<'a>> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word.as_bytes()) {
            self.pos = end;
            Ok(v)
        } else {
            Err(self.unexpected("a JSON value"))
        }
    }

    fn enter(&self, depth: usize) -> Result<()> {
        if depth >= MAX_DEPTH {
            Err(self.err(&format!("nesting deeper than {MAX_DEPTH} levels")))
        } else {
            Ok(())
        }
    }

    fn parse_array(&mut self, depth: usize) -> Result<Json<'a>> {
        self.enter(depth)?;
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_ws();
            if self.peek() == Some(b']') {
                return Err(self.err("trailing comma in array"));
            }
            items.push(self.parse_value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.unexpected("',' or ']' in array")),
            }
        }
    }

    fn parse_object(&mut self, depth: usize) -> Result<Json<'a>> {
        self.enter(depth)?;
        let open = self.pos;
        self.pos += 1; // '{'
        let mut members: Vec<(Cow<'a, str>, Json<'a>)> = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => return Err(self.err("trailing comma in object")),
                _ => return Err(self.unexpected("a string key in object")),
            }
            let key = self.parse_string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("':' after object key"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.parse_value(depth + 1)?;
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.unexpected("',' or '}' in object")),
            }
        }
        if let Some(dup) = find_duplicate(&members) {
            return Err(self.err_at(
                &format!("duplicate key {dup:?} in the object starting"),
                open,
            ));
        }
        Ok(Json::Object(members))
    }

    /// Parses a string starting at the opening quote.
    fn parse_string(&mut self) -> Result<Cow<'a, str>> {
        let open = self.pos;
        let start = self.pos + 1;
        let i = find_special(self.bytes, start);
        match self.bytes.get(i) {
            Some(b'"') => {
                self.pos = i + 1;
                match self.text.get(start..i) {
                    Some(s) => Ok(Cow::Borrowed(s)),
                    None => Err(self.err_at("invalid string", open)),
                }
            }
            Some(b'\\') => {
                let mut owned = String::with_capacity(i - start + 16);
                owned.push_str(self.text.get(start..i).unwrap_or_default());
                self.pos = i;
                self.parse_escaped_rest(open, owned).map(Cow::Owned)
            }
            Some(&c) => {
                self.pos = i;
                Err(self.err(&format!(
                    "raw control character U+{:04X} in string (must be escaped)",
                    c
                )))
            }
            None => Err(self.err_at("unterminated string starting", open)),
        }
    }

    /// Continues a string at `self.pos` (at a backslash or plain text) into `out`.
    fn parse_escaped_rest(&mut self, open: usize, mut out: String) -> Result<String> {
        loop {
            let i = find_special(self.bytes, self.pos);
            out.push_str(self.text.get(self.pos..i).unwrap_or_default());
            self.pos = i;
            match self.bytes.get(i) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let c = self.parse_escape()?;
                    out.push(c);
                }
                Some(&c) => {
                    return Err(self.err(&format!(
                        "raw control character U+{:04X} in string (must be escaped)",
                        c
                    )));
                }
                None => return Err(self.err_at("unterminated string starting", open)),
            }
        }
    }

    /// Parses one escape at the backslash at `self.pos`.
    fn parse_escape(&mut self) -> Result<char> {
        let at = self.pos;
        let c = match self.bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let hi = self.hex4(at + 2)?;
                self.pos = at + 6;
                return match hi {
                    0xD800..=0xDBFF => {
                        let lo = if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                            Some(self.hex4(self.pos + 2)?)
                        } else {
                            None
                        };
                        match lo {
                            Some(lo @ 0xDC00..=0xDFFF) => {
                                self.pos += 6;
                                let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                char::from_u32(cp)
                                    .ok_or_else(|| self.err_at("invalid \\u escape", at))
                            }
                            _ => Err(self.err_at(
                                &format!("unpaired high surrogate \\u{hi:04x} in string"),
                                at,
                            )),
                        }
                    }
                    0xDC00..=0xDFFF => {
                        Err(self
                            .err_at(&format!("unpaired low surrogate \\u{hi:04x} in string"), at))
                    }
                    _ => char::from_u32(hi).ok_or_else(|| self.err_at("invalid \\u escape", at)),
                };
            }
            Some(_) => {
                let shown = self
                    .text
                    .get(at + 1..)
                    .and_then(|r| r.chars().next())
                    .unwrap_or('?');
                return Err(self.err_at(&format!("invalid escape \\{shown} in string"), at));
            }
            None => return Err(self.err_at("unterminated escape in string", at)),
        };
        self.pos = at + 2;
        Ok(c)
    }

    fn hex4(&self, at: usize) -> Result<u32> {
        let digits = self
            .bytes
            .get(at..at + 4)
            .ok_or_else(|| self.err_at("truncated \\u escape", at.saturating_sub(2)))?;
        let mut v = 0u32;
        for &d in digits {
            let x = char::from(d).to_digit(16).ok_or_else(|| {
                self.err_at("invalid hex digit in \\u escape", at.saturating_sub(2))
            })?;
            v = v * 16 + x;
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Parses a number at `self.pos`, returning its literal text.
    fn parse_number(&mut self) -> Result<&'a str> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.err_at("number with a leading zero", start));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.unexpected("a digit in number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.unexpected("a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.unexpected("a digit in the exponent"));
            }
        }
        self.text
            .get(start..self.pos)
            .ok_or_else(|| self.err_at("invalid number", start))
    }
}

/// The first key that occurs twice among `members`, if any.
fn find_duplicate<'m>(members: &'m [(Cow<'_, str>, Json<'_>)]) -> Option<&'m str> {
    if members.len() <= 16 {
        for (i, (k, _)) in members.iter().enumerate() {
            if members.iter().skip(i + 1).any(|(k2, _)| k2 == k) {
                return Some(k);
            }
        }
        return None;
    }
    let mut keys: Vec<&str> = members.iter().map(|(k, _)| k.as_ref()).collect();
    keys.sort_unstable();
    keys.windows(2).find_map(|w| match w {
        [a, b] if a == b => Some(*a),
        _ => None,
    })
}
