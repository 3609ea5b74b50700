//! HyperCard: the merchant's `open_response` / `open_notification`, the mirror's
//! `open_request` (sandbox keys of the vectors, every number style and Python version,
//! with and without the age check) and `decrypt_card_detail` (4096-bit key) return a
//! payload or a typed error for any body and headers; what opens is JSON; no error shows
//! key material. Input framing: `cardseal_fuzz::frame`.
#![no_main]

use cardseal::canonical::form::{NumberStyle, PythonVersion};
use cardseal::providers::hypercard::{HyperCard, HyperCardProvider, decrypt_card_detail};
use cardseal_fuzz::{HYPERCARD_API_KEY, KEYS, checked, frame};
use libfuzzer_sys::fuzz_target;

fn assert_json(out: &str) {
    assert!(
        cardseal::canonical::json::parse(out).is_ok(),
        "opened payload is not JSON: {out:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some(f) = frame(data) else {
        return;
    };
    let k = &*KEYS;
    let env = f.env();
    let numbers = if (f.op >> 2) & 1 == 0 {
        NumberStyle::Python
    } else {
        NumberStyle::AsWritten
    };
    let python = PythonVersion::ALL[usize::from(f.op >> 3) % PythonVersion::ALL.len()];
    // `fuzz.max_skew`: absent = the default window, "null" = no age check, else seconds.
    let skew: Option<Option<i64>> = f.param("max_skew").map(|v| v.parse().ok());
    let out = match f.op % 4 {
        0 | 1 => {
            let mut m = HyperCard::new(
                HYPERCARD_API_KEY,
                k.hypercard_merchant.clone(),
                k.hypercard_provider.public_key(),
                env,
            )
            .expect("client")
            .with_number_style(numbers)
            .with_python_version(python);
            if let Some(s) = skew {
                match checked(m.with_max_skew_secs(s)) {
                    Some(c) => m = c,
                    None => return,
                }
            }
            if f.op % 4 == 0 {
                checked(m.open_response(f.body))
            } else {
                checked(m.open_notification(f.body, &f.headers))
            }
        }
        2 => {
            let mut p = HyperCardProvider::new(
                HYPERCARD_API_KEY,
                k.hypercard_provider.clone(),
                k.hypercard_merchant.public_key(),
                env,
            )
            .expect("mirror")
            .with_number_style(numbers)
            .with_python_version(python);
            if let Some(s) = skew {
                match checked(p.with_max_skew_secs(s)) {
                    Some(c) => p = c,
                    None => return,
                }
            }
            checked(p.open_request(f.body, &f.headers))
        }
        _ => {
            if let Some(detail) = checked(decrypt_card_detail(f.body, &k.hypercard_card_detail)) {
                assert_json(&detail);
            }
            None
        }
    };
    if let Some(out) = out {
        assert_json(&out);
    }
});
