//! Base64 and hex, fast (SIMD via `base64-simd` and `faster-hex`) and strict.
//!
//! # Base64 rules
//! - [`b64_encode`]: RFC 4648 §4 standard alphabet (`+`, `/`), `=` padding, one line.
//! - [`b64_decode`] (strict): standard alphabet only, padding required (length a multiple
//!   of 4), no whitespace or line breaks anywhere, and **canonical** encoding required:
//!   the unused low bits of the last character must be zero (RFC 4648 §3.5), so every
//!   byte string has exactly one accepted encoding.
//! - [`b64_decode_lenient`]: as strict, but `\r` and `\n` anywhere are skipped (the line
//!   breaks of Java's MIME encoder, every 76 characters) and the trailing `=` padding may
//!   be left out. Spaces, tabs and other characters are still rejected, partial padding
//!   (`"QQ="`) is rejected, and the encoding must still be canonical.
//!
//! Errors are [`Error::InvalidInput`] with field `"base64"` or `"hex"` and a reason that
//! says what was wrong and where (byte offset into the input); the input itself is
//! never echoed.

use crate::error::{Error, Result};

const B64_FIELD: &str = "base64";
const HEX_FIELD: &str = "hex";

/// Standard base64 of `data` with padding, on one line.
pub fn b64_encode(data: &[u8]) -> String {
    base64_simd::STANDARD.encode_to_string(data)
}

/// Strict standard base64 decoding (see the module docs for the exact rules).
pub fn b64_decode(text: &[u8]) -> Result<Vec<u8>> {
    base64_simd::STANDARD
        .decode_to_vec(text)
        .map_err(|_| b64_error(text, false))
}

/// Lenient base64 decoding: skips `\r` and `\n` and accepts missing padding (see the
/// module docs).
pub fn b64_decode_lenient(text: &[u8]) -> Result<Vec<u8>> {
    // Fast path: `\r` and `\n` are not in the alphabet, so when the text decodes as it
    // is there were none; one-line input costs no extra pass.
    if let Ok(data) = decode_unpadded_or_padded(text) {
        return Ok(data);
    }
    if !text.contains(&b'\n') && !text.contains(&b'\r') {
        return Err(b64_error(text, true));
    }
    // Line breaks. Encoders break at a fixed width (Java MIME: 76 + "\r\n"), so first try
    // whole-line copies at that stride; if the layout is irregular (or that copy does not
    // decode), copy around every line break one by one.
    if let Some(mut buf) = join_regular_lines(text)
        && let Ok(len) = decode_in_place(&mut buf)
    {
        buf.truncate(len);
        return Ok(buf);
    }
    let mut buf = Vec::with_capacity(text.len());
    for line in text.split(|&c| c == b'\r' || c == b'\n') {
        buf.extend_from_slice(line);
    }
    match decode_in_place(&mut buf) {
        Ok(len) => {
            buf.truncate(len);
            Ok(buf)
        }
        Err(()) => Err(b64_error(text, true)),
    }
}

/// Joins lines of one fixed width separated by one fixed separator (`"\r\n"`, `"\n"` or
/// `"\r"`), the layout of fixed-width encoders; `None` when the text is not laid out that
/// way. Only the separator positions are checked: a stray line break inside a line stays
/// in the output (and then fails to decode).
fn join_regular_lines(text: &[u8]) -> Option<Vec<u8>> {
    let width = text.iter().position(|&c| c == b'\r' || c == b'\n')?;
    if width == 0 {
        return None;
    }
    let rest = text.get(width..)?;
    let sep: &[u8] = if rest.starts_with(b"\r\n") {
        b"\r\n"
    } else {
        rest.get(..1)?
    };
    let mut buf = Vec::with_capacity(text.len());
    for chunk in text.chunks(width + sep.len()) {
        let (line, tail) = chunk.split_at_checked(width.min(chunk.len()))?;
        // Every chunk ends with the separator, except that the last may end without it.
        if !(tail == sep || tail.is_empty()) {
            return None;
        }
        buf.extend_from_slice(line);
    }
    Some(buf)
}

/// Decodes base64 without line breaks, padded or not, from a borrowed input.
fn decode_unpadded_or_padded(text: &[u8]) -> std::result::Result<Vec<u8>, ()> {
    if text.len().is_multiple_of(4) {
        base64_simd::STANDARD.decode_to_vec(text).map_err(|_| ())
    } else {
        base64_simd::STANDARD_NO_PAD
            .decode_to_vec(text)
            .map_err(|_| ())
    }
}

/// Decodes base64 without line breaks, padded or not, in place; returns the length.
fn decode_in_place(buf: &mut [u8]) -> std::result::Result<usize, ()> {
    let decoded = if buf.len().is_multiple_of(4) {
        base64_simd::STANDARD.decode_inplace(buf)
    } else {
        base64_simd::STANDARD_NO_PAD.decode_inplace(buf)
    };
    decoded.map(|d| d.len()).map_err(|_| ())
}

fn is_b64_alphabet(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'+' || c == b'/'
}

fn b64_value(c: u8) -> u8 {
    match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    }
}

/// Describes a byte for an error message without echoing more than that byte.
fn describe_byte(c: u8) -> String {
    match c {
        b' ' => "space".to_owned(),
        b'\t' => "tab".to_owned(),
        b'\r' => "carriage return".to_owned(),
        b'\n' => "line feed".to_owned(),
        0x21..=0x7e => format!("character '{}'", char::from(c)),
        _ => format!("byte 0x{c:02x}"),
    }
}

/// Works out why `text` was rejected (slow path, errors only).
fn b64_error(text: &[u8], lenient: bool) -> Error {
    let err = |reason: String| Error::invalid_input(B64_FIELD, reason);
    let mut data = 0usize; // alphabet characters seen
    let mut pad = 0usize; // '=' seen
    let mut first_pad = None;
    let mut last_data = None; // (offset, value) of the last alphabet character
    for (i, &c) in text.iter().enumerate() {
        if lenient && (c == b'\r' || c == b'\n') {
            continue;
        }
        if c == b'=' {
            pad += 1;
            first_pad.get_or_insert(i);
            continue;
        }
        if is_b64_alphabet(c) {
            if let Some(p) = first_pad {
                return err(format!(
                    "invalid padding: data at offset {i} after '=' at offset {p}"
                ));
            }
            data += 1;
            last_data = Some((i, b64_value(c)));
            continue;
        }
        let what = describe_byte(c);
        if c.is_ascii_whitespace() {
            let hint = if lenient {
                " (only \\r and \\n are skipped)"
            } else {
                " (strict base64 allows no whitespace or line breaks)"
            };
            return err(format!("{what} at offset {i}{hint}"));
        }
        return err(format!("invalid {what} at offset {i}"));
    }
    if pad > 2 {
        return err(format!("invalid padding: {pad} '=' characters"));
    }
    let total = data + pad;
    if !lenient && !total.is_multiple_of(4) {
        return err(format!(
            "length {total} is not a multiple of 4 (padding required)"
        ));
    }
    if pad > 0 && !total.is_multiple_of(4) {
        return err("invalid padding: incomplete final quantum".to_owned());
    }
    if data % 4 == 1 {
        return err(format!(
            "invalid length: a final quantum of one character ({data} data characters)"
        ));
    }
    if pad > 0 && data % 4 + pad != 4 {
        return err(format!(
            "invalid padding: {pad} '=' after {} data characters in the final quantum",
            data % 4
        ));
    }
    if let Some((i, v)) = last_data {
        let unused_mask = match data % 4 {
            2 => 0x0f,
            3 => 0x03,
            _ => 0,
        };
        if v & unused_mask != 0 {
            return err(format!(
                "non-canonical encoding: unused bits of the character at offset {i} are not zero"
            ));
        }
    }
    err("malformed base64".to_owned())
}

/// Lowercase hex of `data`.
pub fn hex_encode(data: &[u8]) -> String {
    faster_hex::hex_string(data)
}

/// Hex decoding, upper- or lowercase (mixed is fine). Odd length or a non-hex character
/// is [`Error::InvalidInput`] with field `"hex"`.
pub fn hex_decode(text: &[u8]) -> Result<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return Err(Error::invalid_input(
            HEX_FIELD,
            format!("odd length {}", text.len()),
        ));
    }
    faster_hex::hex_decode_vec(text).map_err(|e| match e {
        faster_hex::Error::InvalidChar { index, byte, .. } => Error::invalid_input(
            HEX_FIELD,
            format!("invalid {} at offset {index}", describe_byte(byte)),
        ),
        faster_hex::Error::OddLength => {
            Error::invalid_input(HEX_FIELD, format!("odd length {}", text.len()))
        }
        other => Error::invalid_input(HEX_FIELD, format!("{other}")),
    })
}

/// Hex when every character is a hex digit and the length is even, else base64 decoded
/// with [`b64_decode_lenient`] (the rule of the ASINX reference client, which accepts
/// either encoding of a `result`).
///
/// Note that some base64 texts (e.g. `"abcd"`) are also valid hex; they are read as hex.
pub fn decode_hex_or_b64(text: &[u8]) -> Result<Vec<u8>> {
    if text.len().is_multiple_of(2) && faster_hex::hex_check(text) {
        hex_decode(text)
    } else {
        b64_decode_lenient(text)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn reason(e: Error) -> String {
        match e {
            Error::InvalidInput { field, reason } => {
                assert!(field == "base64" || field == "hex", "field {field}");
                reason
            }
            other => panic!("want InvalidInput, got {other:?}"),
        }
    }

    fn b64_reason(text: &str) -> String {
        let e = b64_decode(text.as_bytes()).unwrap_err();
        assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "base64"));
        reason(e)
    }

    #[test]
    fn rfc4648_section10() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, enc) in cases {
            assert_eq!(b64_encode(plain.as_bytes()), enc);
            assert_eq!(b64_decode(enc.as_bytes()).unwrap(), plain.as_bytes());
            assert_eq!(
                b64_decode_lenient(enc.as_bytes()).unwrap(),
                plain.as_bytes()
            );
            let unpadded = enc.trim_end_matches('=');
            assert_eq!(
                b64_decode_lenient(unpadded.as_bytes()).unwrap(),
                plain.as_bytes()
            );
        }
    }

    #[test]
    fn strict_rejects_bad_characters_with_offset() {
        assert_eq!(b64_reason("Zm9v!mFy"), "invalid character '!' at offset 4");
        assert_eq!(b64_reason("Zm9vYmF\u{e9}"), "invalid byte 0xc3 at offset 7");
        // URL-safe alphabet is not standard.
        assert_eq!(b64_reason("Zm9-YmFy"), "invalid character '-' at offset 3");
        assert_eq!(b64_reason("Zm9_YmFy"), "invalid character '_' at offset 3");
    }

    #[test]
    fn strict_rejects_whitespace_and_line_breaks() {
        assert_eq!(
            b64_reason("Zm9v YmFy"),
            "space at offset 4 (strict base64 allows no whitespace or line breaks)"
        );
        assert!(b64_reason("Zm9v\r\nYmFy").starts_with("carriage return at offset 4"));
        assert!(b64_reason("Zm9vYmFy\n").starts_with("line feed at offset 8"));
        assert!(b64_reason("\tZm9vYmFy").starts_with("tab at offset 0"));
    }

    #[test]
    fn strict_rejects_bad_padding() {
        assert_eq!(
            b64_reason("Zm8"),
            "length 3 is not a multiple of 4 (padding required)"
        );
        assert_eq!(
            b64_reason("Zg="),
            "length 3 is not a multiple of 4 (padding required)"
        );
        assert_eq!(
            b64_reason("Zg==Zg=="),
            "invalid padding: data at offset 4 after '=' at offset 2"
        );
        assert_eq!(b64_reason("Z==="), "invalid padding: 3 '=' characters");
        assert_eq!(b64_reason("===="), "invalid padding: 4 '=' characters");
        assert_eq!(
            b64_reason("Zm9v="),
            "length 5 is not a multiple of 4 (padding required)"
        );
        assert_eq!(
            b64_reason("Zm9=Zm9v"),
            "invalid padding: data at offset 4 after '=' at offset 3"
        );
        assert_eq!(b64_reason("Zm9vZ==="), "invalid padding: 3 '=' characters");
    }

    #[test]
    fn strict_rejects_non_canonical_trailing_bits() {
        // "Zh==" and "Zm9=" decode to "f"/"fo" only if the unused bits are ignored.
        assert_eq!(
            b64_reason("Zh=="),
            "non-canonical encoding: unused bits of the character at offset 1 are not zero"
        );
        assert_eq!(
            b64_reason("Zm9="),
            "non-canonical encoding: unused bits of the character at offset 2 are not zero"
        );
    }

    #[test]
    fn long_input_error_does_not_echo_input() {
        let mut text = "QUJD".repeat(10_000);
        text.push('*');
        text.push_str("===");
        let r = b64_reason(&text);
        assert_eq!(r, "invalid character '*' at offset 40000");
        assert!(r.len() < 100);
    }

    #[test]
    fn lenient_decodes_java_mime_line_breaks() {
        // Java's Base64.getMimeEncoder(): 76-character lines separated by "\r\n".
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
        let one_line = b64_encode(&data);
        let mut mime = String::new();
        for (i, chunk) in one_line.as_bytes().chunks(76).enumerate() {
            if i > 0 {
                mime.push_str("\r\n");
            }
            mime.push_str(std::str::from_utf8(chunk).unwrap());
        }
        assert!(mime.contains("\r\n"));
        assert_eq!(b64_decode_lenient(mime.as_bytes()).unwrap(), data);
        // Bare \n line breaks, a trailing line break, and missing padding too.
        let lf = mime.replace("\r\n", "\n") + "\n";
        assert_eq!(b64_decode_lenient(lf.as_bytes()).unwrap(), data);
        let unpadded = mime.trim_end_matches('=');
        assert_eq!(b64_decode_lenient(unpadded.as_bytes()).unwrap(), data);
        // Strict mode refuses the same text.
        assert!(b64_reason(&mime).starts_with("carriage return at offset 76"));
    }

    #[test]
    fn lenient_handles_irregular_line_layouts() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 13 + 1) as u8).collect();
        let one = b64_encode(&data);
        let lines = |width: usize, sep: &str| -> String {
            one.as_bytes()
                .chunks(width)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join(sep)
        };
        for (width, sep) in [(76, "\r\n"), (64, "\n"), (76, "\r"), (1, "\n"), (5, "\r\n")] {
            let t = lines(width, sep);
            assert_eq!(
                b64_decode_lenient(t.as_bytes()).unwrap(),
                data,
                "{width} {sep:?}"
            );
            let t = format!("{t}{sep}");
            assert_eq!(
                b64_decode_lenient(t.as_bytes()).unwrap(),
                data,
                "{width} {sep:?}+"
            );
        }
        // Mixed separators, uneven widths, leading and doubled breaks.
        let mut mixed = lines(76, "\r\n");
        mixed.insert(10, '\n');
        mixed.insert_str(100, "\r\n\r\n");
        let mixed = format!("\n{mixed}\r");
        assert_eq!(b64_decode_lenient(mixed.as_bytes()).unwrap(), data);
        let mut uneven = lines(76, "\r\n");
        uneven.insert_str(200, "\r\n");
        assert_eq!(b64_decode_lenient(uneven.as_bytes()).unwrap(), data);
        // Regular layout with a bad character still fails, with the right offset.
        let mut bad = lines(76, "\r\n");
        bad.replace_range(80..81, "*");
        assert_eq!(
            reason(b64_decode_lenient(bad.as_bytes()).unwrap_err()),
            "invalid character '*' at offset 80"
        );
    }

    #[test]
    fn lenient_still_rejects_other_junk() {
        let r = |t: &str| reason(b64_decode_lenient(t.as_bytes()).unwrap_err());
        assert_eq!(
            r("Zm9v YmFy"),
            "space at offset 4 (only \\r and \\n are skipped)"
        );
        assert_eq!(r("Zm9v\r\n!mFy"), "invalid character '!' at offset 6");
        assert_eq!(r("Zg="), "invalid padding: incomplete final quantum");
        assert_eq!(
            r("Zm9vY"),
            "invalid length: a final quantum of one character (5 data characters)"
        );
        assert_eq!(
            r("Zh"),
            "non-canonical encoding: unused bits of the character at offset 1 are not zero"
        );
        // "\r\n" between data and padding characters is skipped like anywhere else.
        assert_eq!(b64_decode_lenient(b"Zg\r\n==").unwrap(), b"f");
        assert_eq!(b64_decode_lenient(b"Zg=\r\n=").unwrap(), b"f");
    }

    #[test]
    fn hex_round_trip_and_case() {
        assert_eq!(hex_encode(&[0x00, 0xab, 0xff, 0x10]), "00abff10");
        assert_eq!(hex_encode(&[]), "");
        assert_eq!(
            hex_decode(b"00ABff10").unwrap(),
            vec![0x00, 0xab, 0xff, 0x10]
        );
        assert_eq!(hex_decode(b"").unwrap(), Vec::<u8>::new());
        let big: Vec<u8> = (0..=255u8).cycle().take(100_003).collect();
        assert_eq!(hex_decode(hex_encode(&big).as_bytes()).unwrap(), big);
        assert_eq!(
            hex_decode(hex_encode(&big).to_uppercase().as_bytes()).unwrap(),
            big
        );
    }

    #[test]
    fn hex_rejects_odd_length_and_non_hex() {
        let r = |t: &[u8]| {
            let e = hex_decode(t).unwrap_err();
            assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "hex"));
            reason(e)
        };
        assert_eq!(r(b"abc"), "odd length 3");
        assert_eq!(r(b"0"), "odd length 1");
        assert_eq!(r(b"0g"), "invalid character 'g' at offset 1");
        assert_eq!(r(b"00 1"), "invalid space at offset 2");
        assert_eq!(r(b"0x00"), "invalid character 'x' at offset 1");
        assert_eq!(
            r(&[b'0'; 70]
                .iter()
                .chain(b"\xff\x00")
                .copied()
                .collect::<Vec<_>>()),
            "invalid byte 0xff at offset 70"
        );
    }

    #[test]
    fn hex_or_b64_rule() {
        // All hex digits, even length → hex.
        assert_eq!(decode_hex_or_b64(b"abcd").unwrap(), vec![0xab, 0xcd]);
        assert_eq!(decode_hex_or_b64(b"ABCD").unwrap(), vec![0xab, 0xcd]);
        // Odd length → base64: "abc" is unpadded base64 of 69 b7.
        assert_eq!(decode_hex_or_b64(b"abc").unwrap(), vec![0x69, 0xb7]);
        // ... and errors are base64 errors.
        assert!(matches!(
            decode_hex_or_b64(b"abcde").unwrap_err(),
            Error::InvalidInput { field, .. } if field == "base64"
        ));
        // Non-hex characters → base64.
        assert_eq!(decode_hex_or_b64(b"Zm9vYmFy").unwrap(), b"foobar");
        assert_eq!(decode_hex_or_b64(b"Zm8=").unwrap(), b"fo");
        assert_eq!(decode_hex_or_b64(b"Zm9v\r\nYmFy").unwrap(), b"foobar");
        assert_eq!(decode_hex_or_b64(b"").unwrap(), b"");
        assert!(decode_hex_or_b64(b"zz!!").is_err());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            #[test]
            fn base64_round_trips(data in proptest::collection::vec(any::<u8>(), 0..400), width in 1usize..100) {
                let text = b64_encode(&data);
                prop_assert_eq!(text.len(), data.len().div_ceil(3) * 4);
                prop_assert_eq!(b64_decode(text.as_bytes()).unwrap(), data.clone());
                prop_assert_eq!(b64_decode_lenient(text.as_bytes()).unwrap(), data.clone());
                let unpadded = text.trim_end_matches('=');
                prop_assert_eq!(b64_decode_lenient(unpadded.as_bytes()).unwrap(), data.clone());
                let broken: Vec<&str> = text
                    .as_bytes()
                    .chunks(width)
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect();
                prop_assert_eq!(b64_decode_lenient(broken.join("\r\n").as_bytes()).unwrap(), data.clone());
                prop_assert_eq!(b64_decode_lenient(broken.join("\n").as_bytes()).unwrap(), data.clone());
                if broken.len() > 1 {
                    prop_assert!(b64_decode(broken.join("\r\n").as_bytes()).is_err());
                }
            }

            #[test]
            fn strict_base64_accepts_only_canonical_text(text in "[A-Za-z0-9+/=]{0,12}") {
                // Whatever strict decoding accepts must re-encode to exactly the input.
                if let Ok(data) = b64_decode(text.as_bytes()) {
                    prop_assert_eq!(b64_encode(&data), text);
                }
            }

            #[test]
            fn errors_are_typed_never_panics(text in proptest::collection::vec(any::<u8>(), 0..64)) {
                for r in [b64_decode(&text), b64_decode_lenient(&text), hex_decode(&text), decode_hex_or_b64(&text)] {
                    if let Err(e) = r {
                        prop_assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "base64" || field == "hex"), "{:?}", e);
                    }
                }
            }

            #[test]
            fn every_base64_rejection_is_explained(text in "[A-Za-z0-9+/=\r\n *]{0,16}") {
                for (lenient, r) in [(false, b64_decode(text.as_bytes())), (true, b64_decode_lenient(text.as_bytes()))] {
                    if let Err(Error::InvalidInput { reason, .. }) = r {
                        prop_assert!(reason != "malformed base64", "lenient={} {:?}", lenient, text);
                    }
                }
            }

            #[test]
            fn hex_round_trips(data in proptest::collection::vec(any::<u8>(), 0..300)) {
                let text = hex_encode(&data);
                prop_assert!(text.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
                prop_assert_eq!(hex_decode(text.as_bytes()).unwrap(), data.clone());
                prop_assert_eq!(hex_decode(text.to_uppercase().as_bytes()).unwrap(), data.clone());
                prop_assert_eq!(decode_hex_or_b64(text.as_bytes()).unwrap(), data);
            }
        }
    }
}
