//! The raw-DEFLATE inflater (`hazmat::jwe::inflate_capped`), differential against
//! miniz_oxide on the same input with the same cap: both give the same bytes, or both
//! refuse (cardseal's refusal a typed `InvalidInput{field:"zip"}`). Also: what
//! `hazmat::jwe::deflate` makes of the input inflates back to it, at the exact cap and
//! not one byte under.
#![no_main]

use cardseal::ErrorKind;
use cardseal::hazmat::jwe::{deflate, inflate_capped};
use cardseal_fuzz::check_error;
use libfuzzer_sys::fuzz_target;
use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

/// miniz_oxide's one-shot raw inflate: `Some(output)` when the whole input is one valid
/// stream of at most `cap` bytes (trailing bytes refused, as cardseal does).
fn reference(z: &[u8], cap: usize) -> Option<Vec<u8>> {
    let mut out = vec![0u8; cap];
    let (status, read, written) = decompress(
        &mut DecompressorOxide::new(),
        z,
        &mut out,
        0,
        inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
    );
    (status == TINFLStatus::Done && read == z.len()).then(|| {
        out.truncate(written);
        out
    })
}

fuzz_target!(|data: &[u8]| {
    cardseal_fuzz::begin(data);
    let Some((cap_bytes, stream)) = data.split_first_chunk::<2>() else {
        return;
    };
    // Caps from 0 to 64 KiB - 1, from the first two bytes.
    let cap = usize::from(u16::from_le_bytes(*cap_bytes));
    let ours = inflate_capped(stream, cap);
    if let Err(e) = &ours {
        check_error(e);
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
    }
    let theirs = reference(stream, cap);
    match (ours, theirs) {
        (Ok(a), Some(b)) => assert_eq!(a, b, "cardseal and miniz_oxide inflate differently"),
        (Err(_), None) => {}
        (Ok(a), None) => panic!("cardseal inflates ({} bytes), miniz_oxide refuses", a.len()),
        (Err(e), Some(b)) => panic!(
            "cardseal refuses ({e}), miniz_oxide inflates {} bytes",
            b.len()
        ),
    }

    let z = deflate(data);
    assert_eq!(
        inflate_capped(&z, data.len()).expect("own deflate inflates"),
        data
    );
    if !data.is_empty() {
        assert!(
            inflate_capped(&z, data.len() - 1).is_err(),
            "cap not enforced"
        );
    }
});
