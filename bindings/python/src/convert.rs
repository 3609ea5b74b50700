//! Conversions between Python values and what the core takes: payloads as JSON text,
//! keys as bytes, headers as pairs, the `Env`, timestamps. No crypto here, and the only
//! text produced is compact JSON serialization of a Python value (escaping by the core's
//! `canonical::json::write_string`).

use std::cell::Cell;
use std::sync::Arc;

use cardseal::canonical::json::{self, Json};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PyMemoryView,
    PyString, PyTuple, PyType,
};

use crate::errors::invalid_input;

/// Deepest nesting accepted in a payload (the core's JSON parser has the same limit).
const MAX_DEPTH: usize = 128;

/// Strings at least this long (in UTF-8 bytes) are not escaped into a payload's JSON
/// text while the GIL is held: they are kept as borrowed Python text and spliced in by
/// [`Writer::finish`], with the GIL released. Shorter strings are written at once (cheaper
/// than remembering them).
const DEFER_BYTES: usize = 16 * 1024;

/// Text taken from a Python argument with as few copies as the stable ABI allows: a `str`
/// is encoded to UTF-8 once (by Python, into a `bytes` object this value keeps alive) and
/// borrowed from there; anything else is owned. Usable with the GIL released.
pub enum Text {
    /// A `str`'s UTF-8 encoding, borrowed.
    Py(PyBackedStr),
    /// Text owned by Rust (decoded `bytes`, serialized JSON, defaults).
    Owned(String),
    /// Serialized JSON in this thread's reusable buffer.
    Scratch(Scratch),
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Py(s) => s,
            Text::Owned(s) => s,
            Text::Scratch(s) => &s.0,
        }
    }
}

impl Text {
    /// The text as a Rust `String` (a copy when borrowed from Python).
    pub fn into_string(self) -> String {
        match self {
            Text::Py(s) => s.to_string(),
            Text::Owned(s) => s,
            Text::Scratch(s) => s.0.clone(),
        }
    }
}

/// Buffers up to this capacity are kept for the next payload of the same thread.
const SCRATCH_KEEP_BYTES: usize = 16 << 20;

thread_local! {
    /// The buffer of the last multi-kilobyte payload serialized on this thread: reusing
    /// it spares the page faults of fresh multi-megabyte memory on every call.
    static SCRATCH: Cell<String> = const { Cell::new(String::new()) };
}

/// This thread's payload buffer, taken for one call and given back when dropped.
pub struct Scratch(String);

impl Scratch {
    /// The thread's buffer (empty, at least `capacity` bytes), or a new one.
    fn take(capacity: usize) -> Self {
        let mut s = SCRATCH.try_with(Cell::take).unwrap_or_default();
        s.clear();
        s.reserve(capacity);
        Scratch(s)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let s = std::mem::take(&mut self.0);
        if s.capacity() <= SCRATCH_KEEP_BYTES {
            // During thread teardown the slot may be gone: the buffer is then just freed.
            let _ = SCRATCH.try_with(|c| c.set(s));
        }
    }
}

/// A payload serialized to compact JSON (insertion order) while the GIL was held, except
/// for its long strings, which are spliced in by [`Writer::finish`] with the GIL released.
pub struct Writer {
    /// The JSON text without the deferred strings.
    out: String,
    /// Deferred strings, each with the byte offset in `out` where it goes (ascending).
    big: Vec<(usize, PyBackedStr)>,
}

impl Writer {
    fn new() -> Self {
        Writer {
            out: String::with_capacity(256),
            big: Vec::new(),
        }
    }

    /// Writes a string value as a JSON string (or defers it when long).
    fn string(&mut self, s: PyBackedStr) {
        if s.len() >= DEFER_BYTES {
            self.big.push((self.out.len(), s));
        } else {
            json::write_string(&s, &mut self.out);
        }
    }

    /// The whole JSON text: one buffer, sized for the common case of long strings that
    /// need no escaping (call with the GIL released: escaping long strings is work).
    pub fn finish(self) -> Text {
        if self.big.is_empty() {
            return Text::Owned(self.out);
        }
        let strings: usize = self.big.iter().map(|(_, s)| s.len() + 2).sum();
        let mut scratch = Scratch::take(self.out.len() + strings);
        let json = &mut scratch.0;
        let mut from = 0;
        for (at, s) in &self.big {
            json.push_str(self.out.get(from..*at).unwrap_or_default());
            json::write_string(s, json);
            from = *at;
        }
        json.push_str(self.out.get(from..).unwrap_or_default());
        Text::Scratch(scratch)
    }
}

/// A payload as the caller gave it: JSON text (used byte for byte) or a value to
/// serialize.
pub enum Payload {
    /// `str` or UTF-8 `bytes`: used as is.
    Text(Text),
    /// A dict/list/...: serialized to compact JSON (insertion order).
    Value(Writer),
}

impl Payload {
    /// The JSON text (call with the GIL released: serialization of big payloads is work).
    pub fn into_json(self) -> Text {
        match self {
            Payload::Text(t) => t,
            Payload::Value(w) => w.finish(),
        }
    }
}

/// Reads a payload argument: `str`/`bytes` are JSON text used byte for byte; anything
/// else (dict, list, ...) is a value serialized to compact JSON in insertion order.
pub fn payload(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Payload> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Payload::Text(Text::Py(backed_str(s, field)?)));
    }
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        let b = bytes_like(obj, field)?;
        return String::from_utf8(b.into_vec())
            .map(|s| Payload::Text(Text::Owned(s)))
            .map_err(|_| invalid_input(field, "bytes are not valid UTF-8"));
    }
    let mut w = Writer::new();
    value(obj, field, 0, &mut w)?;
    Ok(Payload::Value(w))
}

/// An optional payload; `None` becomes `default` (JSON text).
pub fn opt_payload(
    obj: Option<&Bound<'_, PyAny>>,
    field: &str,
    default: &str,
) -> PyResult<Payload> {
    match obj {
        Some(o) if !o.is_none() => payload(o, field),
        _ => Ok(Payload::Text(Text::Owned(default.to_owned()))),
    }
}

fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DECIMAL.import(py, "decimal", "Decimal")
}

fn value(obj: &Bound<'_, PyAny>, field: &str, depth: usize, w: &mut Writer) -> PyResult<()> {
    if depth > MAX_DEPTH {
        return Err(invalid_input(
            field,
            format!("nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    if obj.is_none() {
        w.out.push_str("null");
        return Ok(());
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        w.out.push_str(if b.is_true() { "true" } else { "false" });
        return Ok(());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        w.string(backed_str(s, field)?);
        return Ok(());
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        w.out.push('{');
        for (i, (k, v)) in d.iter().enumerate() {
            if i > 0 {
                w.out.push(',');
            }
            key(&k, field, "dict", w)?;
            w.out.push(':');
            value(&v, field, depth + 1, w)?;
        }
        w.out.push('}');
        return Ok(());
    }
    if obj.is_instance_of::<PyInt>() {
        // Through int() so that int subclasses (IntEnum, ...) give their number.
        let n = if obj.is_exact_instance_of::<PyInt>() {
            obj.str()
        } else {
            obj.py()
                .get_type::<PyInt>()
                .call1((obj,))
                .and_then(|i| i.str())
        }
        // e.g. more digits than `sys.get_int_max_str_digits()` allows
        .map_err(|e| invalid_input(field, format!("integer cannot be written: {e}")))?;
        w.out.push_str(&backed_str(&n, field)?);
        return Ok(());
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let x = f.value();
        if !x.is_finite() {
            return Err(invalid_input(field, format!("{x} is not a JSON number")));
        }
        // repr(float) is the shortest literal that round-trips ("0.1", "1e+16").
        let r = obj
            .py()
            .get_type::<PyFloat>()
            .call_method1("__repr__", (obj,))?;
        w.out.push_str(json_number(
            &backed_str(r.cast::<PyString>()?, field)?,
            field,
        )?);
        return Ok(());
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return array(l.iter(), field, depth, w);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return array(t.iter(), field, depth, w);
    }
    if obj.is_instance(decimal_type(obj.py())?)? {
        if !obj.call_method0("is_finite")?.is_truthy()? {
            return Err(invalid_input(
                field,
                "Decimal NaN/Infinity is not a JSON number",
            ));
        }
        // str(Decimal) keeps the exact digits: Decimal("5000.00") → 5000.00.
        let s = obj.str()?;
        w.out.push_str(json_number(&backed_str(&s, field)?, field)?);
        return Ok(());
    }
    if let Ok(m) = obj.cast::<PyMapping>() {
        // Other mappings (OrderedDict subclasses are dicts already; this is for the rest).
        let items = m.items()?;
        w.out.push('{');
        for (i, kv) in items.iter().enumerate() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = kv.extract()?;
            if i > 0 {
                w.out.push(',');
            }
            key(&k, field, "mapping", w)?;
            w.out.push(':');
            value(&v, field, depth + 1, w)?;
        }
        w.out.push('}');
        return Ok(());
    }
    Err(invalid_input(
        field,
        format!(
            "a {} is not JSON (use dict, list, str, int, float, Decimal, bool, None)",
            type_name(obj)
        ),
    ))
}

/// The items of a list or tuple as a JSON array.
fn array<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    field: &str,
    depth: usize,
    w: &mut Writer,
) -> PyResult<()> {
    w.out.push('[');
    for (i, v) in items.enumerate() {
        if i > 0 {
            w.out.push(',');
        }
        value(&v, field, depth + 1, w)?;
    }
    w.out.push(']');
    Ok(())
}

/// A member name: a `str`, else `InvalidInput` naming the key's type.
fn key(k: &Bound<'_, PyAny>, field: &str, what: &str, w: &mut Writer) -> PyResult<()> {
    match k.cast::<PyString>() {
        Ok(k) => {
            json::write_string(&backed_str(k, field)?, &mut w.out);
            Ok(())
        }
        Err(_) => Err(invalid_input(
            field,
            format!("{what} keys must be str, got {}", type_name(k)),
        )),
    }
}

/// Checks that a number literal made by Python (`repr(float)`, `str(Decimal)`) is a JSON
/// number; Python writes exponents as `1e+16` / `1E-8`, which JSON accepts.
fn json_number<'a>(s: &'a str, field: &str) -> PyResult<&'a str> {
    let b = s.as_bytes();
    let mut i = 0;
    let at = |i: usize| b.get(i).copied();
    if at(i) == Some(b'-') {
        i += 1;
    }
    let int_start = i;
    while at(i).is_some_and(|c| c.is_ascii_digit()) {
        i += 1;
    }
    let int_digits = i - int_start;
    let leading_zero = int_digits > 1 && at(int_start) == Some(b'0');
    let mut ok = int_digits > 0 && !leading_zero;
    if ok && at(i) == Some(b'.') {
        i += 1;
        let s0 = i;
        while at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        ok = i > s0;
    }
    if ok && matches!(at(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(at(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let s0 = i;
        while at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        ok = i > s0;
    }
    if ok && i == b.len() {
        Ok(s)
    } else {
        Err(invalid_input(field, format!("`{s}` is not a JSON number")))
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// A Python `str` as UTF-8 borrowed from the Python object (one copy, made by Python's
/// encoder; lone surrogates are not text: `InvalidInput`).
pub fn backed_str(s: &Bound<'_, PyString>, field: &str) -> PyResult<PyBackedStr> {
    PyBackedStr::try_from(s.clone())
        .map_err(|_| invalid_input(field, "string is not valid Unicode (lone surrogate)"))
}

/// A text argument: `str`, or UTF-8 `bytes`.
pub fn text(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Text> {
    if let Ok(s) = obj.cast::<PyString>() {
        return backed_str(s, field).map(Text::Py);
    }
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        return String::from_utf8(bytes_like(obj, field)?.into_vec())
            .map(Text::Owned)
            .map_err(|_| invalid_input(field, "bytes are not valid UTF-8"));
    }
    Err(invalid_input(
        field,
        format!("expected str or bytes, got {}", type_name(obj)),
    ))
}

/// Bytes taken from a Python argument without a copy where the object is immutable
/// (`bytes`, and `str` through its one UTF-8 encoding); `bytearray` and other buffers are
/// copied. Usable with the GIL released.
pub enum Bytes {
    /// A `bytes` object's contents, borrowed.
    Py(PyBackedBytes),
    /// A `str`'s UTF-8 encoding, borrowed.
    Str(PyBackedStr),
    /// A copy (`bytearray`, `memoryview`, ...).
    Owned(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Py(b) => b,
            Bytes::Str(s) => s.as_bytes(),
            Bytes::Owned(v) => v,
        }
    }
}

impl Bytes {
    /// The bytes as a `Vec` (a copy when borrowed from Python).
    pub fn into_vec(self) -> Vec<u8> {
        match self {
            Bytes::Owned(v) => v,
            other => other.to_vec(),
        }
    }
}

/// A bytes argument: `bytes`, `bytearray` or `memoryview`-like; `str` is taken as its
/// UTF-8 bytes.
pub fn bytes_like(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Bytes> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Bytes::Py(PyBackedBytes::from(b.clone())));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Bytes::Owned(b.to_vec()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return backed_str(s, field).map(Bytes::Str);
    }
    // memoryview and other buffer objects: copied through a memoryview (which only buffer
    // objects give: `bytes(12)` would be twelve zero bytes, not an error).
    let copied =
        PyMemoryView::from(obj).and_then(|view| obj.py().get_type::<PyBytes>().call1((view,)));
    match copied {
        Ok(b) => Ok(Bytes::Py(PyBackedBytes::from(b.cast_into::<PyBytes>()?))),
        Err(_) => Err(invalid_input(
            field,
            format!("expected bytes or str, got {}", type_name(obj)),
        )),
    }
}

/// A strict bytes argument: `bytes`/`bytearray`/buffer; `str` is rejected (so that a hex
/// or base64 text is not silently taken as raw bytes).
pub fn bytes_strict(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Bytes> {
    if obj.is_instance_of::<PyString>() {
        return Err(invalid_input(
            field,
            "expected bytes, got str (encode it, or decode hex/base64 first)",
        ));
    }
    bytes_like(obj, field)
}

/// Key material: `str` (PEM or bare base64 DER text) or `bytes` (DER or PEM).
pub fn key_bytes(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<cardseal::SecretBytes> {
    if obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
        || obj.is_instance_of::<PyByteArray>()
    {
        return Ok(cardseal::SecretBytes::new(
            bytes_like(obj, field)?.into_vec(),
        ));
    }
    Err(cardseal_invalid_key(format!(
        "`{field}`: expected str (PEM or base64 DER) or bytes (DER or PEM), got {}",
        type_name(obj)
    )))
}

fn cardseal_invalid_key(reason: String) -> PyErr {
    crate::errors::to_py(cardseal::Error::invalid_key(reason))
}

/// HTTP headers: a mapping (dict, `requests`' CaseInsensitiveDict, ...) or an iterable of
/// `(name, value)` pairs; `None` is no headers.
pub fn headers(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    if obj.is_none() {
        return Ok(Vec::new());
    }
    if let Ok(d) = obj.cast_exact::<PyDict>() {
        // The common case, without the `items()` call and tuple unpacking.
        let mut out = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            out.push((
                text(&k, "headers")?.into_string(),
                text(&v, "headers")?.into_string(),
            ));
        }
        return Ok(out);
    }
    let pairs = if obj.hasattr("items")? {
        obj.call_method0("items")?
    } else {
        obj.clone()
    };
    let mut out = Vec::new();
    let iter = pairs
        .try_iter()
        .map_err(|_| invalid_input("headers", "expected a mapping or (name, value) pairs"))?;
    for item in iter {
        let item = item?;
        let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item
            .extract()
            .map_err(|_| invalid_input("headers", "expected a mapping or (name, value) pairs"))?;
        out.push((
            text(&k, "headers")?.into_string(),
            text(&v, "headers")?.into_string(),
        ));
    }
    Ok(out)
}

/// Headers as a Python dict (order kept).
pub fn headers_dict<'py>(
    py: Python<'py>,
    headers: &[(String, String)],
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in headers {
        d.set_item(k, v)?;
    }
    Ok(d)
}

/// The environment of one object: the operating system's by default; `seed` (and
/// `now_ms`) give reproducible output for tests only.
pub fn env(seed: Option<&Bound<'_, PyAny>>, now_ms: Option<i64>) -> PyResult<cardseal::Env> {
    let seed = match seed {
        Some(s) if !s.is_none() => Some(bytes_strict(s, "seed")?),
        _ => None,
    };
    Ok(match (seed, now_ms) {
        (None, None) => cardseal_os::env(),
        (Some(seed), now) => {
            let now = now.unwrap_or_else(|| cardseal_os::env().now_unix_millis());
            cardseal::Env::fixed(&seed, now)
        }
        (None, Some(now)) => cardseal::Env::new(
            Arc::new(cardseal_os::SystemEntropy),
            Arc::new(cardseal::env::FixedClock(now)),
        ),
    })
}

/// A point in time as Unix milliseconds: an `int` (milliseconds) or an aware/naive
/// `datetime` (naive is local time, as `datetime.timestamp()` does).
pub fn time_ms(obj: Option<&Bound<'_, PyAny>>, field: &str) -> PyResult<Option<i64>> {
    let Some(obj) = obj else { return Ok(None) };
    if obj.is_none() {
        return Ok(None);
    }
    if obj.is_instance_of::<PyBool>() {
        return Err(invalid_input(
            field,
            "expected int milliseconds or datetime, got bool",
        ));
    }
    if obj.is_instance_of::<PyInt>() {
        return obj
            .extract::<i64>()
            .map(Some)
            .map_err(|_| invalid_input(field, "milliseconds out of range"));
    }
    if obj.hasattr("timestamp")? {
        let secs: f64 = obj.call_method0("timestamp")?.extract()?;
        let ms = (secs * 1000.0).round();
        if !ms.is_finite() || ms.abs() > 9.0e15 {
            return Err(invalid_input(field, "time out of range"));
        }
        #[allow(clippy::cast_possible_truncation)]
        return Ok(Some(ms as i64));
    }
    Err(invalid_input(
        field,
        format!(
            "expected int milliseconds or datetime, got {}",
            type_name(obj)
        ),
    ))
}

/// Converts JSON text returned by the core into Python values: parsed by the core's strict
/// parser with the GIL released, then built as dict/list/str/int/`Decimal`/bool/None
/// (numbers with a fraction or exponent become `decimal.Decimal` with their exact
/// digits; object member order is kept). Equivalent to
/// `json.loads(text, parse_float=Decimal)` for the core's output.
pub fn parse_json<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let tree = py
        .detach(|| json::parse(text))
        .map_err(|e| crate::errors::to_py(e.in_field("result")))?;
    to_python(py, &tree)
}

fn to_python<'py>(py: Python<'py>, v: &Json<'_>) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Json::Null => py.None().into_bound(py),
        Json::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Json::Number(n) => number(py, n)?,
        Json::String(s) => PyString::new(py, s).into_any(),
        Json::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Json::Object(members) => {
            let dict = PyDict::new(py);
            for (k, item) in members {
                dict.set_item(PyString::new(py, k), to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

fn number<'py>(py: Python<'py>, literal: &str) -> PyResult<Bound<'py, PyAny>> {
    if literal.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return decimal_type(py)?.call1((literal,));
    }
    match literal.parse::<i64>() {
        Ok(i) => Ok(i.into_pyobject(py)?.into_any()),
        Err(_) => py.get_type::<PyInt>().call1((literal,)),
    }
}
