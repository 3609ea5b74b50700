//! `hazmat::encoding` (and the JWE base64url codec): every decoder returns bytes or a
//! typed error for any input; decode → encode → decode is stable: strict base64 and
//! base64url accept exactly one text per byte string (so encode(decode(t)) == t), lenient
//! base64 equals strict after removing line breaks and restoring padding, hex re-encodes
//! to the lowercased input, hex-or-base64 picks hex exactly when the text is even-length
//! hex; and encode → decode returns the input bytes for every codec.
#![no_main]

use cardseal::hazmat::encoding::{
    b64_decode, b64_decode_lenient, b64_encode, decode_hex_or_b64, hex_decode, hex_encode,
};
use cardseal::hazmat::jwe::{base64url_decode, base64url_encode};
use cardseal_fuzz::checked;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cardseal_fuzz::begin(data);
    // encode → decode.
    let e = b64_encode(data);
    assert_eq!(b64_decode(e.as_bytes()).unwrap(), data);
    assert_eq!(b64_decode_lenient(e.as_bytes()).unwrap(), data);
    assert_eq!(
        b64_decode_lenient(e.trim_end_matches('=').as_bytes()).unwrap(),
        data
    );
    let h = hex_encode(data);
    assert_eq!(hex_decode(h.as_bytes()).unwrap(), data);
    assert_eq!(hex_decode(h.to_ascii_uppercase().as_bytes()).unwrap(), data);
    let u = base64url_encode(data);
    assert_eq!(base64url_decode(u.as_bytes()).unwrap(), data);

    // decode → encode → decode.
    let strict = checked(b64_decode(data));
    if let Some(v) = &strict {
        assert_eq!(
            b64_encode(v).as_bytes(),
            data,
            "strict base64 accepted a non-canonical text"
        );
    }
    let lenient = checked(b64_decode_lenient(data));
    let stripped: Vec<u8> = data
        .iter()
        .copied()
        .filter(|&c| c != b'\r' && c != b'\n')
        .collect();
    match &lenient {
        Some(v) => {
            let enc = b64_encode(v);
            assert_eq!(
                enc.trim_end_matches('=').as_bytes(),
                stripped
                    .strip_suffix(b"==")
                    .or(stripped.strip_suffix(b"="))
                    .unwrap_or(&stripped),
                "lenient base64 is not strict base64 modulo line breaks and padding"
            );
            assert_eq!(b64_decode(enc.as_bytes()).unwrap(), *v);
        }
        None => {
            assert!(strict.is_none(), "strict accepts what lenient refuses");
            if !stripped.contains(&b'=') {
                let mut padded = stripped.clone();
                while padded.len() % 4 != 0 {
                    padded.push(b'=');
                }
                assert!(
                    b64_decode(&padded).is_err(),
                    "lenient refuses a text that is strict base64 once joined and padded"
                );
            }
        }
    }
    if strict.is_some() {
        assert_eq!(lenient, strict);
    }
    let hex = checked(hex_decode(data));
    if let Some(v) = &hex {
        assert_eq!(hex_encode(v).as_bytes(), data.to_ascii_lowercase());
    }
    let either = checked(decode_hex_or_b64(data));
    if hex.is_some() {
        assert_eq!(either, hex);
    } else {
        assert_eq!(either, lenient);
    }
    if let Some(v) = checked(base64url_decode(data)) {
        assert_eq!(base64url_encode(&v).as_bytes(), data);
    }
});
