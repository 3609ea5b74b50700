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
//! # Parse limits ([`Limits`], [`parse_with_limits`])
//! The text may come from anyone (a webhook body is parsed, or at least scanned, before
//! its signature is known to be good), so the tree is bounded, not just the nesting. A
//! tree costs far more than its text: every value is a 32-byte node, so `[0,0,0,…]` is a
//! node per 2 bytes of text (about 16× the text, 32× with the spare room of growing
//! arrays). [`parse`] applies [`Limits::DEFAULT`]; [`parse_with_limits`] takes others.
//! Each limit is checked *before* the memory it guards is allocated, and a text over one
//! is [`Error::InvalidInput`] `{ field: "json" }` whose reason names the limit and the
//! byte offset where it was reached:
//! - [`Limits::max_values`] (default [`DEFAULT_MAX_VALUES`], 500,000): the number of
//!   JSON values (every scalar, array and object, at any depth; object keys are not
//!   counted): `"parse limit: more than 500000 JSON values (max_values) at byte offset N"`;
//! - [`Limits::max_tree_bytes`] (default [`DEFAULT_MAX_TREE_BYTES`], 32 MiB): the heap the
//!   tree holds: array and object storage as allocated (capacity × node size, plus 16
//!   bytes per allocation) and strings or keys that had escapes (which are copied; a
//!   string without escapes borrows from the text and costs nothing):
//!   `"parse limit: the tree would take more than 33554432 bytes (max_tree_bytes) at byte
//!   offset N"`;
//! - [`Limits::max_depth`] (default and maximum [`MAX_DEPTH`], 128).
//!
//! The defaults were chosen by measurement (`benches/python/memory_hostile.py`): a KYC
//! body of a few hundred fields with several multi-MB base64 images is a tree of a few
//! kilobytes (its strings are borrowed; with every `/` escaped as `\/`, a copy of each
//! image, 12 MB at most for HyperCard's published sizes), far inside them, as is any API
//! message of the five providers (the largest list a provider pages is 100 items, a few
//! thousand values). A 100 MB `{"a":[0,0,…]}` stops after 500,000 values with 16 MiB of
//! tree; no text, of any shape, makes a tree over 32 MiB (plus the allocator's rounding
//! and the moment a growing array is moved), about 1× the 32 MiB body caps of the
//! providers.
//!
//! Parsing is linear in the input size (plus an `O(n log n)` duplicate-key check for
//! objects of more than 16 members). The tree borrows from the input: strings without
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
/// accepted, 129 deep is rejected). [`Limits::max_depth`] can lower it, never raise it.
pub const MAX_DEPTH: usize = 128;

/// Default [`Limits::max_values`]: 500,000 JSON values.
pub const DEFAULT_MAX_VALUES: usize = 500_000;

/// Default [`Limits::max_tree_bytes`]: 32 MiB of tree.
pub const DEFAULT_MAX_TREE_BYTES: usize = 32 * 1024 * 1024;

/// Bounds on the tree [`parse_with_limits`] builds (see the module docs, "Parse limits").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Nesting of arrays and objects; values above [`MAX_DEPTH`] act as [`MAX_DEPTH`].
    pub max_depth: usize,
    /// The number of JSON values (scalars, arrays and objects at any depth; keys are not
    /// counted).
    pub max_values: usize,
    /// The heap the tree may hold, in bytes: array/object storage as allocated and the
    /// copies of strings and keys that had escapes.
    pub max_tree_bytes: usize,
}

impl Limits {
    /// [`MAX_DEPTH`], [`DEFAULT_MAX_VALUES`], [`DEFAULT_MAX_TREE_BYTES`]: what [`parse`]
    /// applies.
    pub const DEFAULT: Limits = Limits {
        max_depth: MAX_DEPTH,
        max_values: DEFAULT_MAX_VALUES,
        max_tree_bytes: DEFAULT_MAX_TREE_BYTES,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Heap bytes counted per allocation on top of its size (allocator bookkeeping).
const ALLOC_OVERHEAD: usize = 16;

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
/// case), within [`Limits::DEFAULT`].
///
/// Errors: [`Error::InvalidInput`] `{ field: "json", reason }`, `reason` naming the problem
/// (or the limit) and its byte offset.
pub fn parse(text: &str) -> Result<Json<'_>> {
    parse_with_limits(text, &Limits::DEFAULT)
}

/// [`parse`] within `limits` (see the module docs, "Parse limits").
///
/// Errors: as [`parse`]; a text over a limit is [`Error::InvalidInput`]
/// `{ field: "json" }` whose reason starts with `parse limit:` and names the limit
/// (`max_values`, `max_tree_bytes`; the depth limit says `nesting deeper than`).
pub fn parse_with_limits<'a>(text: &'a str, limits: &Limits) -> Result<Json<'a>> {
    let mut p = Parser::with_limits(text, limits);
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

/// The members of an object as `(name, raw value text)` pairs ([`raw_members`]).
pub type RawMembers<'a> = Vec<(Cow<'a, str>, &'a str)>;

/// The top-level members of the JSON object `text` as `(name, raw value text)` pairs, in
/// input order, without building a tree: each value is the exact slice of `text` it was
/// written as (e.g. `[1, {"b":"x"}]` with its inner whitespace), to be verified or
/// rendered in place. `Ok(None)` when `text` is valid JSON but not an object.
///
/// The whole text is checked as [`parse_with_limits`] checks it (grammar, escapes,
/// surrogates, nesting, [`Limits::max_values`]), except two things that need the tree:
/// duplicate keys are not rejected (the pairs keep every occurrence, in order), and
/// [`Limits::max_tree_bytes`] bounds only the returned list (nothing else is built).
/// Parse the text before trusting it as a tree.
///
/// Errors: as [`parse_with_limits`], with the same reasons and offsets.
pub fn raw_members<'a>(text: &'a str, limits: &Limits) -> Result<Option<RawMembers<'a>>> {
    let mut p = Parser::with_limits(text, limits);
    p.skip_ws();
    if p.pos >= p.bytes.len() {
        return Err(p.err("empty input, expected a JSON value"));
    }
    let members = if p.peek() == Some(b'{') {
        Some(p.scan_top_object()?)
    } else {
        p.skip_value(0)?;
        None
    };
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.err("trailing characters after the JSON value"));
    }
    Ok(members)
}

/// Decodes the JSON string literal whose opening quote is at byte `open` of `text`,
/// handing its content to `f` in pieces (runs of plain text as they are in `text`, and
/// each escaped character); returns the offset just after the closing quote.
///
/// Errors: as [`parse`] for a bad string.
pub(crate) fn decode_string_pieces(
    text: &str,
    open: usize,
    f: &mut dyn FnMut(&str),
) -> Result<usize> {
    let mut p = Parser::new(text);
    p.pos = open + 1;
    loop {
        let i = find_special(p.bytes, p.pos);
        if i > p.pos {
            f(text.get(p.pos..i).unwrap_or_default());
        }
        p.pos = i;
        match p.bytes.get(i) {
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') => {
                let c = p.parse_escape()?;
                let mut buf = [0u8; 4];
                f(c.encode_utf8(&mut buf));
            }
            Some(&c) => {
                return Err(p.err(&format!(
                    "raw control character U+{:04X} in string (must be escaped)",
                    c
                )));
            }
            None => return Err(p.err_at("unterminated string starting", open)),
        }
    }
}

/// Bytes of plain text [`write_string`] scans before copying them: small enough to still
/// be in L1/L2 cache when copied.
const COPY_PIECE: usize = 8 * 1024;

/// Appends `s` as a JSON string literal, quotes included, with minimal escapes: `"` and `\`
/// backslash-escaped, `\b \f \n \r \t` short forms, other characters below U+0020 as
/// `\u00XX` (lowercase hex); `/` and all other characters (non-ASCII included) written raw.
pub fn write_string(s: &str, out: &mut String) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        // Scan at most `COPY_PIECE` bytes ahead, so that a long plain run is copied while
        // it is still in cache from the scan (one pass over a 6 MB string, not two).
        let end = bytes.len().min(start + COPY_PIECE);
        let i = find_special(bytes.get(..end).unwrap_or_default(), start);
        if i == end && end < bytes.len() {
            // A clean piece: copy it up to its last character boundary (the piece is at
            // least 4 bytes, so that is after `start`), then go on from there.
            let mut cut = end;
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(s.get(start..cut).unwrap_or_default());
            start = cut;
            continue;
        }
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

// String scanning: finding the next byte that ends a run of plain string text.
//
// Both the parser (validating and slicing strings) and `write_string` (escaping) need the
// index of the next `"`, `\` or control byte (< 0x20). On KYC payloads that is a scan over
// megabytes of base64 with no hit, so the scan is written for LLVM's auto-vectorizer (the
// crate forbids `unsafe`, so no `std::arch`): fixed-size chunks, branch-free folds over
// 16 byte lanes (one SSE2 register), one test-and-branch per `SCAN_STEP` bytes. Only the
// step that hit is then searched for the exact index, 8 bytes at a time (SWAR, exact).
//
// With baseline x86_64 (SSE2) the step loop compiles to, per 16 bytes: one load,
// `pxor` + `pminub` (the running minimum of `b ^ 2`) and `pcmpeqb` + `por` (LLVM splits
// the backslash test of `scan_key` back out), then per step one compare of the minimum
// with 0x20 and one `pmovmskb`: ~60 instructions per 128 bytes, no byte loads.

/// Bytes tested per step of the long-string scan (a multiple of [`SCAN_BLOCK`]).
const SCAN_STEP: usize = 128;

/// Bytes per lane-parallel block: one SSE2 register.
const SCAN_BLOCK: usize = 16;

/// A byte's scan key: at most 0x20 exactly when `b` is `"`, `\` or below 0x20.
///
/// `b ^ 2` maps `"` (0x22) to 0x20, keeps 0x00..=0x1F inside 0x00..=0x1F and every other
/// byte above 0x20; `\` (0x5C, 0x5E after the flip) is then mapped to 0. So "is any byte
/// special" is "is the minimum key at most 0x20".
#[inline(always)]
fn scan_key(b: u8) -> u8 {
    let x = b ^ 2;
    x & !u8::from(x == (b'\\' ^ 2)).wrapping_neg()
}

/// Whether any byte of `chunk` is `"`, `\` or below 0x20 (`N` a multiple of 16; used for
/// 64 and 128).
///
/// A running minimum of [`scan_key`] per lane of 16, then one test of the 16 minimums:
/// no branch inside, so LLVM vectorizes it (written as one accumulator on purpose: with
/// two separate ones, for `<`/`"` and for `\`, LLVM vectorized across the blocks instead,
/// with byte-by-byte loads).
#[inline(always)]
fn any_special<const N: usize>(chunk: &[u8; N]) -> bool {
    let mut low = [u8::MAX; SCAN_BLOCK];
    for block in chunk.as_chunks::<SCAN_BLOCK>().0 {
        for (l, &b) in low.iter_mut().zip(block) {
            *l = (*l).min(scan_key(b));
        }
    }
    low.iter().fold(0u8, |acc, &l| acc | u8::from(l <= 0x20)) != 0
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `w` that is `"`, `\` or below 0x20 is set, and the
/// **lowest** set bit is exactly that of the first (least significant) such byte. Bits
/// above the first such byte may be spurious: a borrow only ever starts at a byte that
/// matches, so only bytes above the first match can be affected by one.
#[inline]
fn special_mask(w: u64) -> u64 {
    let lt20 = w.wrapping_sub(ONES * 0x20) & !w;
    let q = w ^ (ONES * u64::from(b'"'));
    let q = q.wrapping_sub(ONES) & !q;
    let bs = w ^ (ONES * u64::from(b'\\'));
    let bs = bs.wrapping_sub(ONES) & !bs;
    (lt20 | q | bs) & HIGHS
}

/// Index (0..8) of the first `"`, `\` or control byte of the 8 bytes `w`, if any.
#[inline]
fn first_in_word(w: &[u8; 8]) -> Option<usize> {
    let m = special_mask(u64::from_le_bytes(*w));
    // trailing_zeros() <= 64, so the conversion never fails.
    (m != 0).then(|| usize::try_from(m.trailing_zeros() / 8).unwrap_or(8))
}

/// Index of the first `"`, `\` or control byte of `block`, if any.
#[inline]
fn first_in_block(block: &[u8; SCAN_BLOCK]) -> Option<usize> {
    let mut off = 0;
    for w in block.as_chunks::<8>().0 {
        if let Some(p) = first_in_word(w) {
            return Some(off + p);
        }
        off += 8;
    }
    None
}

#[inline]
fn is_special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// Scans `s` from `*off` in at most `limit` steps of `N` bytes (64 or 128): the index of
/// the first `"`, `\` or control byte if one of these steps has one; otherwise `None`,
/// with `*off` moved past the steps scanned (all clean). In the step that hit, the 16-byte
/// blocks are searched with [`first_in_block`].
#[inline(always)]
fn scan_steps<const N: usize>(s: &[u8], off: &mut usize, limit: usize) -> Option<usize> {
    let (steps, _) = s.get(*off..).unwrap_or_default().as_chunks::<N>();
    for step in steps.iter().take(limit) {
        if any_special(step) {
            let mut at = *off;
            for block in step.as_chunks::<SCAN_BLOCK>().0 {
                if let Some(p) = first_in_block(block) {
                    return Some(at + p);
                }
                at += SCAN_BLOCK;
            }
        }
        *off += N;
    }
    None
}

/// Scans `s` from `*off` 16 bytes at a time with [`first_in_block`], as [`scan_steps`].
///
/// 16-byte blocks are tested with SWAR rather than with [`any_special`]: LLVM vectorizes
/// the 16-lane fold of a lone block only in some contexts, and otherwise emits byte loads
/// and shuffles, slower than the two scalar words (seen in the bench binary).
#[inline(always)]
fn scan_blocks(s: &[u8], off: &mut usize, limit: usize) -> Option<usize> {
    let (blocks, _) = s.get(*off..).unwrap_or_default().as_chunks::<SCAN_BLOCK>();
    for block in blocks.iter().take(limit) {
        if let Some(p) = first_in_block(block) {
            return Some(*off + p);
        }
        *off += SCAN_BLOCK;
    }
    None
}

/// Index of the first `"`, `\` or control byte of `s`, if any.
#[inline]
fn first_special(s: &[u8]) -> Option<usize> {
    let mut off = 0;
    // Most strings (keys, amounts, ids) end within 16 bytes, many runs between escapes
    // (text, MIME base64 lines) within ~80: one block, then one step of 64, and only then
    // the long steps (measured: better than all-64 or three 64s first, on long base64 and
    // on escape-dense text alike).
    if let Some(p) = scan_blocks(s, &mut off, 1)
        .or_else(|| scan_steps::<64>(s, &mut off, 1))
        .or_else(|| scan_steps::<SCAN_STEP>(s, &mut off, usize::MAX))
        .or_else(|| scan_steps::<64>(s, &mut off, 1))
        .or_else(|| scan_blocks(s, &mut off, usize::MAX))
    {
        return Some(p);
    }
    // Fewer than 16 bytes left.
    let (words, tail) = s.get(off..).unwrap_or_default().as_chunks::<8>();
    for w in words {
        if let Some(p) = first_in_word(w) {
            return Some(off + p);
        }
        off += 8;
    }
    tail.iter().position(|&b| is_special(b)).map(|p| off + p)
}

/// Index of the first `"`, `\` or control byte at or after `from` (`bytes.len()` if none).
#[inline]
fn find_special(bytes: &[u8], from: usize) -> usize {
    match bytes.get(from..).and_then(first_special) {
        Some(p) => from + p,
        None => bytes.len(),
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    limits: Limits,
    /// Values seen so far.
    values: usize,
    /// Heap held by the tree so far (see [`Limits::max_tree_bytes`]).
    tree_bytes: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser::with_limits(text, &Limits::DEFAULT)
    }

    fn with_limits(text: &'a str, limits: &Limits) -> Self {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            limits: Limits {
                max_depth: limits.max_depth.min(MAX_DEPTH),
                ..*limits
            },
            values: 0,
            tree_bytes: 0,
        }
    }

    /// Counts one more value against [`Limits::max_values`].
    fn count_value(&mut self) -> Result<()> {
        self.values += 1;
        if self.values > self.limits.max_values {
            return Err(self.err(&format!(
                "parse limit: more than {} JSON values (max_values)",
                self.limits.max_values
            )));
        }
        Ok(())
    }

    /// Charges `bytes` more of tree against [`Limits::max_tree_bytes`], before they are
    /// allocated.
    fn charge(&mut self, bytes: usize) -> Result<()> {
        let total = self.tree_bytes.saturating_add(bytes);
        if total > self.limits.max_tree_bytes {
            return Err(self.err(&format!(
                "parse limit: the tree would take more than {} bytes (max_tree_bytes)",
                self.limits.max_tree_bytes
            )));
        }
        self.tree_bytes = total;
        Ok(())
    }

    /// Makes room for one more element in `v`, charging the growth first (doubling, at
    /// least 4 elements, as `Vec` itself grows).
    fn grow_for_one<T>(&mut self, v: &mut Vec<T>) -> Result<()> {
        if v.len() < v.capacity() {
            return Ok(());
        }
        let cap = v.capacity();
        let new_cap = cap.saturating_mul(2).max(4);
        let mut bytes = (new_cap - cap).saturating_mul(std::mem::size_of::<T>());
        if cap == 0 {
            bytes = bytes.saturating_add(ALLOC_OVERHEAD);
        }
        self.charge(bytes)?;
        v.reserve_exact(new_cap - v.len());
        Ok(())
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
        self.count_value()?;
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
        if depth >= self.limits.max_depth {
            Err(self.err(&format!(
                "nesting deeper than {} levels",
                self.limits.max_depth
            )))
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
            let item = self.parse_value(depth + 1)?;
            self.grow_for_one(&mut items)?;
            items.push(item);
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
            self.grow_for_one(&mut members)?;
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

    /// Checks the value at `self.pos` as [`Parser::parse_value`] does (grammar, nesting,
    /// values counted) without building it; duplicate keys are not looked for.
    fn skip_value(&mut self, depth: usize) -> Result<()> {
        self.count_value()?;
        match self.peek() {
            Some(b'{') => self.skip_container(depth, b'}'),
            Some(b'[') => self.skip_container(depth, b']'),
            Some(b'"') => self.skip_string(),
            Some(b'-' | b'0'..=b'9') => self.parse_number().map(|_| ()),
            Some(b't') => self.literal("true", Json::Null).map(|_| ()),
            Some(b'f') => self.literal("false", Json::Null).map(|_| ()),
            Some(b'n') => self.literal("null", Json::Null).map(|_| ()),
            _ => Err(self.unexpected("a JSON value")),
        }
    }

    /// [`Parser::skip_value`] of an array (`close` `]`) or object (`close` `}`), with the
    /// errors of [`Parser::parse_array`] / [`Parser::parse_object`].
    fn skip_container(&mut self, depth: usize, close: u8) -> Result<()> {
        self.enter(depth)?;
        let object = close == b'}';
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            if object {
                match self.peek() {
                    Some(b'"') => {}
                    Some(b'}') => return Err(self.err("trailing comma in object")),
                    _ => return Err(self.unexpected("a string key in object")),
                }
                self.skip_string()?;
                self.skip_ws();
                if self.peek() != Some(b':') {
                    return Err(self.unexpected("':' after object key"));
                }
                self.pos += 1;
                self.skip_ws();
            } else if self.peek() == Some(b']') {
                return Err(self.err("trailing comma in array"));
            }
            self.skip_value(depth + 1)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(());
                }
                _ if object => return Err(self.unexpected("',' or '}' in object")),
                _ => return Err(self.unexpected("',' or ']' in array")),
            }
        }
    }

    /// Checks a string at its opening quote as [`Parser::parse_string`] does, copying
    /// nothing.
    fn skip_string(&mut self) -> Result<()> {
        let open = self.pos;
        self.pos += 1;
        loop {
            let i = find_special(self.bytes, self.pos);
            self.pos = i;
            match self.bytes.get(i) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.parse_escape()?;
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

    /// The members of the object at `self.pos` as `(name, raw value)` pairs (see
    /// [`raw_members`]); the list is charged against [`Limits::max_tree_bytes`].
    fn scan_top_object(&mut self) -> Result<RawMembers<'a>> {
        self.count_value()?;
        self.enter(0)?;
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(members);
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
            let start = self.pos;
            self.skip_value(1)?;
            let raw = self
                .text
                .get(start..self.pos)
                .ok_or_else(|| self.err_at("invalid value", start))?;
            self.grow_for_one(&mut members)?;
            members.push((key, raw));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(members);
                }
                _ => return Err(self.unexpected("',' or '}' in object")),
            }
        }
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
                let owned = self.parse_escaped_rest(open, owned)?;
                // Bounded as it grew (see `parse_escaped_rest`); now charged.
                self.charge(owned.capacity().saturating_add(ALLOC_OVERHEAD))?;
                Ok(Cow::Owned(owned))
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
            // The copy may not outgrow what is left of the tree budget (a single 100 MB
            // string with escapes stops here, not after it is copied).
            let room = self.limits.max_tree_bytes.saturating_sub(self.tree_bytes);
            if out
                .len()
                .saturating_add(i - self.pos)
                .saturating_add(ALLOC_OVERHEAD)
                > room
            {
                return Err(self.err(&format!(
                    "parse limit: the tree would take more than {} bytes (max_tree_bytes)",
                    self.limits.max_tree_bytes
                )));
            }
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
        let esc = at.saturating_sub(2);
        let mut v = 0u32;
        for i in at..at + 4 {
            let d = self
                .bytes
                .get(i)
                .ok_or_else(|| self.err_at("truncated \\u escape", esc))?;
            let x = char::from(*d)
                .to_digit(16)
                .ok_or_else(|| self.err_at("invalid hex digit in \\u escape", esc))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn reject(text: &str, needle: &str) {
        match parse(text) {
            Err(Error::InvalidInput { field, reason }) => {
                assert_eq!(field, "json", "{text:?}");
                assert!(
                    reason.contains(needle) && reason.contains("byte offset"),
                    "{text:?}: reason {reason:?} lacks {needle:?}"
                );
            }
            other => panic!("{text:?}: expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn sorted_compact_sorts_recursively_and_keeps_arrays() {
        assert_eq!(
            sorted_compact(r#" { "b" : [ {"z":1,"y":2}, 3 ], "a" : { "d" : null, "c" : true } } "#)
                .unwrap(),
            r#"{"a":{"c":true,"d":null},"b":[{"y":2,"z":1},3]}"#
        );
        assert_eq!(
            compact(r#" { "b" : [ {"z":1,"y":2}, 3 ], "a" : false } "#).unwrap(),
            r#"{"b":[{"z":1,"y":2},3],"a":false}"#
        );
    }

    #[test]
    fn asinx_register_body() {
        let want =
            r#"{"email":"188888888662@188.com","mobileNumber":"18888888867","mobilePrefix":"1"}"#;
        for input in [
            r#"{"mobilePrefix":"1","email":"188888888662@188.com","mobileNumber":"18888888867"}"#,
            r#"{"mobileNumber":"18888888867","mobilePrefix":"1","email":"188888888662@188.com"}"#,
            want,
        ] {
            assert_eq!(sorted_compact(input).unwrap(), want);
        }
    }

    #[test]
    fn numbers_are_kept_verbatim() {
        let text = r#"[5000.00,1e2,1E+2,-0,-0.0,0.1e-7,123456789012345678901234567890,-99999999999999999999.000]"#;
        assert_eq!(sorted_compact(text).unwrap(), text);
        assert_eq!(parse("5000.00").unwrap().as_number(), Some("5000.00"));
        assert_eq!(Json::number("1e2").unwrap(), Json::Number("1e2"));
        for bad in ["01", "1.", "+1", "", "1 ", "0x10", "--1"] {
            assert_eq!(
                Json::number(bad).unwrap_err().kind(),
                ErrorKind::InvalidInput,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn utf16_order_differs_from_byte_order_above_bmp() {
        // U+1F600 is D83D DE00 in UTF-16: before U+FF61 (and U+E000) in Java order,
        // although its UTF-8 bytes F0.. are greater than EF...
        assert_eq!(cmp_utf16("\u{1F600}", "\u{FF61}"), Ordering::Less);
        assert_eq!(cmp_utf16("\u{FF61}", "\u{1F600}"), Ordering::Greater);
        assert!("\u{1F600}".as_bytes() > "\u{FF61}".as_bytes());
        assert_eq!(cmp_utf16("\u{1F600}", "\u{E000}"), Ordering::Less);
        // Below U+E000 both orders agree.
        assert_eq!(cmp_utf16("\u{D7FF}", "\u{1F600}"), Ordering::Less);
        assert_eq!(cmp_utf16("a", "ab"), Ordering::Less);
        assert_eq!(cmp_utf16("ab", "ab"), Ordering::Equal);
        assert_eq!(cmp_utf16("", "a"), Ordering::Less);
        assert_eq!(cmp_utf16("B", "a"), Ordering::Less);
        // Shared multi-byte prefix, then a differing character.
        assert_eq!(cmp_utf16("é\u{FF61}", "é\u{1F600}"), Ordering::Greater);
        assert_eq!(
            sorted_compact("{\"\u{FF61}\":1,\"\u{1F600}\":2,\"z\":3,\"\u{E000}\":4}").unwrap(),
            "{\"z\":3,\"\u{1F600}\":2,\"\u{E000}\":4,\"\u{FF61}\":1}"
        );
    }

    #[test]
    fn strings_are_reescaped_minimally() {
        let input = r#"["\u0041\/\"\\\b\f\n\r\t\u0000\u001F\u007f\u00e9\u2028\ud83d\ude00é/"]"#;
        assert_eq!(
            sorted_compact(input).unwrap(),
            "[\"A/\\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\u{7f}é\u{2028}😀é/\"]"
        );
        let mut out = String::new();
        write_string("a\u{1}\u{1b}b\"", &mut out);
        assert_eq!(out, "\"a\\u0001\\u001bb\\\"\"");
    }

    #[test]
    fn escape_free_strings_borrow() {
        let text = r#"{"k":"plain text é","e":"a\nb"}"#;
        let v = parse(text).unwrap();
        assert!(matches!(
            v.get("k"),
            Some(Json::String(Cow::Borrowed("plain text é")))
        ));
        assert!(matches!(v.get("e"), Some(Json::String(Cow::Owned(s))) if s == "a\nb"));
        let Json::Object(m) = &v else { panic!() };
        assert!(matches!(m[0].0, Cow::Borrowed("k")));
    }

    #[test]
    fn accessors() {
        let v = parse(r#"{"s":"x","n":12.50,"b":true,"z":null,"a":[1],"o":{}}"#).unwrap();
        assert_eq!(v.get("s").and_then(Json::as_str), Some("x"));
        assert_eq!(v.get("n").and_then(Json::as_number), Some("12.50"));
        assert_eq!(v.get("b").and_then(Json::as_bool), Some(true));
        assert!(v.get("z").unwrap().is_null());
        assert_eq!(v.get("a").and_then(Json::as_array).map(<[_]>::len), Some(1));
        assert_eq!(
            v.get("o").and_then(Json::as_object).map(<[_]>::len),
            Some(0)
        );
        assert_eq!(v.get("missing"), None);
        assert_eq!(v.get("s").unwrap().get("s"), None);
        assert_eq!(v.get("n").unwrap().type_name(), "number");
        assert_eq!(v.get("s").unwrap().as_number(), None);
    }

    #[test]
    fn builder_round_trip() {
        let ts = 1_700_000_000_000i64.to_string();
        let v = Json::object([
            ("z", Json::Number(&ts)),
            ("a", Json::string(String::from("q\"uote"))),
            (
                "m",
                Json::Array(vec![
                    Json::Null,
                    Json::Bool(false),
                    Json::object::<&str>([]),
                ]),
            ),
        ]);
        assert_eq!(
            v.to_compact(),
            r#"{"z":1700000000000,"a":"q\"uote","m":[null,false,{}]}"#
        );
        assert_eq!(
            v.to_sorted(),
            r#"{"a":"q\"uote","m":[null,false,{}],"z":1700000000000}"#
        );
        assert_eq!(v.to_string(), v.to_compact());
        assert_eq!(parse(&v.to_compact()).unwrap(), v);
    }

    #[test]
    fn scalars_and_whitespace() {
        assert_eq!(sorted_compact(" \t\r\n true \n").unwrap(), "true");
        assert_eq!(sorted_compact("\"\"").unwrap(), "\"\"");
        assert_eq!(sorted_compact("{}").unwrap(), "{}");
        assert_eq!(sorted_compact("[ ]").unwrap(), "[]");
        assert_eq!(sorted_compact("{ }").unwrap(), "{}");
        assert_eq!(sorted_compact("-0").unwrap(), "-0");
    }

    #[test]
    fn rejects_with_reason_and_offset() {
        reject("", "empty input");
        reject("   ", "empty input");
        reject("[1,]", "trailing comma in array");
        reject("{\"a\":1,}", "trailing comma in object");
        reject("{\"a\":1 , }", "trailing comma in object");
        reject("[1,,2]", "unexpected character ','");
        reject("[1 2]", "expected ',' or ']'");
        reject("{\"a\" 1}", "expected ':'");
        reject("{a:1}", "expected a string key");
        reject("{'a':1}", "expected a string key");
        reject("// c\n{}", "unexpected character '/'");
        reject("{} /* c */", "trailing characters");
        reject("[1] x", "trailing characters");
        reject("{}{}", "trailing characters");
        reject("\u{feff}{}", "unexpected character '\\u{feff}'");
        reject("01", "leading zero");
        reject("-01", "leading zero");
        reject("[00]", "leading zero");
        reject("+1", "unexpected character '+'");
        reject("1.", "a digit after the decimal point");
        reject(".5", "unexpected character '.'");
        reject("1e", "a digit in the exponent");
        reject("1e+", "a digit in the exponent");
        reject("-", "a digit in number");
        reject("NaN", "unexpected character 'N'");
        reject("[Infinity]", "unexpected character 'I'");
        reject("-Infinity", "a digit in number");
        reject("tru", "unexpected character 't'");
        reject("nul", "unexpected character 'n'");
        reject("\"a\u{1}b\"", "raw control character U+0001");
        reject("\"a\nb\"", "raw control character U+000A");
        reject("\"a\\nb\u{1f}\"", "raw control character U+001F");
        reject("\"abc", "unterminated string");
        reject("\"ab\\n", "unterminated string");
        reject("\"ab\\", "unterminated escape");
        reject("\"\\x41\"", "invalid escape \\x");
        reject("\"\\'\"", "invalid escape \\'");
        reject("\"\\u12\"", "invalid hex digit");
        reject("\"\\u12", "truncated \\u escape");
        reject("\"\\uzzzz\"", "invalid hex digit");
        reject("\"\\ud83d\"", "unpaired high surrogate \\ud83d");
        reject("\"\\ud83dx\"", "unpaired high surrogate");
        reject("\"\\ud83d\\u0041\"", "unpaired high surrogate");
        reject("\"\\ud83d\\ud83d\"", "unpaired high surrogate");
        reject("\"\\ude00\"", "unpaired low surrogate \\ude00");
        reject("\"\\ude00\\ud83d\"", "unpaired low surrogate");
        reject("{\"a\":1,\"b\":2,\"a\":3}", "duplicate key \"a\"");
        reject("{\"a\":1,\"\\u0061\":2}", "duplicate key \"a\"");
        reject("[{\"x\":{\"k\":1,\"k\":1}}]", "duplicate key \"k\"");
        let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
        let text = format!("{{{},\"k7\":0}}", many.join(","));
        reject(&text, "duplicate key \"k7\"");
        assert!(parse(&format!("{{{}}}", many.join(","))).is_ok());
    }

    #[test]
    fn error_offsets_point_at_the_problem() {
        let e = parse("[1,]").unwrap_err();
        assert_eq!(
            e,
            Error::invalid_input("json", "trailing comma in array at byte offset 3")
        );
        let e = parse("{\"k\":\"\\ud800\"}").unwrap_err();
        assert_eq!(
            e,
            Error::invalid_input(
                "json",
                "unpaired high surrogate \\ud800 in string at byte offset 6"
            )
        );
    }

    #[test]
    fn depth_limit_is_128() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(sorted_compact(&ok).unwrap(), ok);
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        reject(&deep, "nesting deeper than 128");
        let objs = format!(
            "{}1{}",
            "{\"a\":".repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        reject(&objs, "nesting deeper than 128");
        // A huge unclosed nesting is rejected quickly, without recursion blow-up.
        reject(&"[".repeat(1_000_000), "nesting deeper than 128");
    }

    #[test]
    fn six_megabyte_string_payload() {
        let chunk = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let big: String = chunk.repeat(6 * 1024 * 1024 / chunk.len());
        let text = format!(
            "{{\"mix_doc\":\"{big}\",\"front_doc\":\"{big}==\",\"id\":7,\"back_doc\":\"{big}\\n\"}}"
        );
        let v = parse(&text).unwrap();
        assert!(matches!(
            v.get("mix_doc"),
            Some(Json::String(Cow::Borrowed(_)))
        ));
        let sorted = v.to_sorted();
        let want = format!(
            "{{\"back_doc\":\"{big}\\n\",\"front_doc\":\"{big}==\",\"id\":7,\"mix_doc\":\"{big}\"}}"
        );
        assert!(sorted == want, "6 MB payload sorted output differs");
        assert_eq!(
            v.get("back_doc").and_then(Json::as_str).map(str::len),
            Some(big.len() + 1)
        );
    }

    /// The trivially correct scanner the fast one must agree with.
    fn reference_find(bytes: &[u8], from: usize) -> usize {
        bytes
            .iter()
            .enumerate()
            .skip(from)
            .find(|&(_, &b)| b < 0x20 || b == b'"' || b == b'\\')
            .map_or(bytes.len(), |(i, _)| i)
    }

    /// Every byte value that is not special, starting near the tricky ones (`!`, `#`,
    /// space, `[`, `]`, DEL, and bytes that differ from a special one in one bit).
    fn plain_bytes() -> Vec<u8> {
        let first = [b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xa2, 0xdc, 0xff];
        let mut v = first.to_vec();
        v.extend((0u8..=255).filter(|b| !first.contains(b)));
        v.retain(|&b| !(b < 0x20 || b == b'"' || b == b'\\'));
        assert_eq!(v.len(), 256 - 34);
        v
    }

    const SPECIALS: [u8; 34] = {
        let mut s = [0u8; 34];
        let mut i = 0;
        while i < 32 {
            s[i] = i as u8;
            i += 1;
        }
        s[32] = b'"';
        s[33] = b'\\';
        s
    };

    #[test]
    fn is_special_is_the_reference_set() {
        for b in 0u8..=255 {
            assert_eq!(is_special(b), SPECIALS.contains(&b), "{b:#04x}");
            assert_eq!(
                reference_find(&[b], 0),
                usize::from(!is_special(b)),
                "{b:#04x}"
            );
        }
    }

    #[test]
    fn word_mask_gives_the_exact_first_special_byte() {
        // Every value at every position, every value right after it, and every plain
        // value before it (a borrow from a lower byte would shift the answer).
        let plain = plain_bytes();
        for pos in 0..8 {
            for v in 0u8..=255 {
                for next in 0u8..=255 {
                    for &before in [b'a', b' ', 0xff, 0x21, 0x5d].iter().chain(&plain[..3]) {
                        let mut w = [before; 8];
                        w[pos] = v;
                        if pos < 7 {
                            w[pos + 1] = next;
                        }
                        let want = w.iter().position(|&b| is_special(b));
                        assert_eq!(first_in_word(&w), want, "{w:02x?}");
                    }
                }
            }
        }
    }

    #[test]
    fn chunk_test_sees_every_byte_value_at_every_position() {
        let plain = plain_bytes();
        for filler in [b'A', b' ', b'!', b'#', b']', 0x7f, 0xff] {
            for v in 0u8..=255 {
                let mut block = [filler; SCAN_BLOCK];
                let mut step = [filler; SCAN_STEP];
                assert!(!any_special(&block) && !any_special(&step));
                for pos in 0..SCAN_STEP {
                    step[pos] = v;
                    assert_eq!(any_special(&step), is_special(v), "{v:#04x} at {pos}");
                    step[pos] = filler;
                }
                for pos in 0..SCAN_BLOCK {
                    block[pos] = v;
                    assert_eq!(any_special(&block), is_special(v), "{v:#04x} at {pos}");
                    assert_eq!(
                        first_in_block(&block),
                        is_special(v).then_some(pos),
                        "{v:#04x} at {pos}"
                    );
                    block[pos] = filler;
                }
            }
        }
        // All plain bytes together, in every lane of every block.
        let all: Vec<u8> = plain.iter().cycle().take(SCAN_STEP * 8).copied().collect();
        for step in all.chunks_exact(SCAN_STEP) {
            assert!(!any_special(<&[u8; SCAN_STEP]>::try_from(step).unwrap()));
        }
    }

    #[test]
    fn find_special_matches_reference_for_every_length_position_and_byte() {
        // Every length 0..=200 (so: before, at and after each 8/16/128-byte boundary), a
        // special byte of each kind at every position, over a filler that cycles through
        // every plain byte value (ASCII, DEL, non-ASCII). The filler has no special byte, so
        // the reference answer is `at` from anywhere up to `at`, and `len` after it.
        let plain = plain_bytes();
        for len in 0..=200usize {
            let mut v: Vec<u8> = plain.iter().cycle().skip(len).take(len).copied().collect();
            assert_eq!(find_special(&v, 0), len, "len {len}");
            assert_eq!(reference_find(&v, 0), len, "len {len}");
            for at in 0..len {
                let keep = v[at];
                for special in SPECIALS {
                    v[at] = special;
                    assert_eq!(reference_find(&v, 0), at);
                    assert_eq!(find_special(&v, 0), at, "len {len} {special:#04x} at {at}");
                }
                // Other start offsets (other alignments of the steps): the edge values.
                for special in [0x00, 0x1f, b'"', b'\\'] {
                    v[at] = special;
                    for from in [at / 2, at.saturating_sub(17), at.saturating_sub(1), at] {
                        assert_eq!(
                            find_special(&v, from),
                            at,
                            "len {len} {special:#04x} at {at} from {from}"
                        );
                    }
                    assert_eq!(
                        find_special(&v, at + 1),
                        len,
                        "len {len} {special:#04x} at {at}"
                    );
                }
                v[at] = keep;
            }
        }
        let s = b"0123456789abcdef\"x";
        assert_eq!(find_special(s, 0), 16);
        assert_eq!(find_special(s, 17), s.len());
        assert_eq!(find_special(s, 99), s.len());
    }

    #[test]
    fn find_special_reports_the_first_of_two() {
        // The first of two special bytes, at chunk boundaries (15/16, 127/128, ...) and a
        // later one in the same or the next block/step.
        let edges = [
            0usize, 1, 7, 8, 15, 16, 17, 31, 32, 127, 128, 129, 143, 144, 145, 255,
        ];
        let plain = plain_bytes();
        for len in [150usize, 300] {
            let text: Vec<u8> = plain.iter().cycle().take(len).copied().collect();
            for &a in &edges {
                for &b in edges.iter().filter(|&&b| b > a && b < len) {
                    for (sa, sb) in [(b'\\', b'"'), (b'"', 0x00), (0x1f, b'\\')] {
                        let mut v = text.clone();
                        v[a] = sa;
                        v[b] = sb;
                        for from in 0..=a + 1 {
                            assert_eq!(
                                find_special(&v, from),
                                reference_find(&v, from),
                                "len {len} at {a} and {b}, from {from}"
                            );
                        }
                    }
                }
            }
        }
    }

    /// The trivially correct writer `write_string` must agree with: one char at a time.
    fn reference_write(s: &str) -> String {
        let mut o = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => o.push_str("\\\""),
                '\\' => o.push_str("\\\\"),
                '\u{8}' => o.push_str("\\b"),
                '\u{c}' => o.push_str("\\f"),
                '\n' => o.push_str("\\n"),
                '\r' => o.push_str("\\r"),
                '\t' => o.push_str("\\t"),
                c if u32::from(c) < 0x20 => o.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => o.push(c),
            }
        }
        o.push('"');
        o
    }

    #[test]
    fn write_string_pieces_split_neither_characters_nor_escapes() {
        // Plain runs longer than COPY_PIECE, with 2-, 3- and 4-byte characters straddling
        // each piece boundary at every offset, and special characters just before, at and
        // after the boundaries.
        let units = ["é", "漢", "😀", "a"];
        for shift in 0..4 {
            for unit in units {
                let mut base = "x".repeat(shift);
                while base.len() < 3 * COPY_PIECE + 10 {
                    base.push_str(unit);
                }
                let mut out = String::new();
                write_string(&base, &mut out);
                assert_eq!(out, reference_write(&base), "shift {shift} unit {unit}");
                assert_eq!(parse(&out).unwrap().as_str(), Some(base.as_str()));
                for at in [
                    COPY_PIECE - 1,
                    COPY_PIECE,
                    COPY_PIECE + 1,
                    2 * COPY_PIECE + 2,
                ] {
                    for special in ["\"", "\\", "\n", "\u{1}", "\u{1f}"] {
                        let Some(cut) = (at..at + 4).find(|&c| base.is_char_boundary(c)) else {
                            panic!("no char boundary near {at}")
                        };
                        let mut s = base.clone();
                        s.insert_str(cut, special);
                        let mut out = String::from("prefix");
                        write_string(&s, &mut out);
                        assert_eq!(
                            out.strip_prefix("prefix"),
                            Some(reference_write(&s).as_str()),
                            "shift {shift} unit {unit} {special:?} at {cut}"
                        );
                        assert_eq!(
                            parse(&reference_write(&s)).unwrap().as_str(),
                            Some(s.as_str())
                        );
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn find_special_matches_reference_on_random_bytes(
            v in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => 0x20u8..=0xff,
                    1 => proptest::sample::select(SPECIALS.to_vec()),
                ],
                0..700,
            ),
            from in 0usize..720,
        ) {
            proptest::prop_assert_eq!(find_special(&v, from), reference_find(&v, from));
        }

        #[test]
        fn write_string_matches_reference_on_random_text(
            s in "(\\PC|[\\x00-\\x1f\"\\\\]){0,300}",
        ) {
            let mut out = String::new();
            write_string(&s, &mut out);
            proptest::prop_assert_eq!(&out, &reference_write(&s));
            let back = parse(&out).unwrap();
            proptest::prop_assert_eq!(back.as_str(), Some(s.as_str()));
        }
    }
}
