//! Paytend: the merchant's `open_response` / `open_notification` and the mirror's
//! `open_request` (the published key pair and partnerId of the vectors) return a
//! payload or a typed error for any body; what opens is JSON; no error shows key
//! material. `fuzz.utc_offset` sets the client's UTC offset (minutes). Input framing:
//! `cardseal_fuzz::frame`.
#![no_main]

use cardseal::providers::paytend::{Paytend, PaytendProvider};
use cardseal_fuzz::{KEYS, PAYTEND_PARTNER_ID, checked, frame};
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
    match f.op % 3 {
        0 | 1 => {
            let mut m = Paytend::new(
                PAYTEND_PARTNER_ID,
                k.paytend.clone(),
                k.paytend.public_key(),
                env,
            )
            .expect("client");
            if let Some(min) = f.param("utc_offset").and_then(|v| v.parse().ok()) {
                match checked(m.with_utc_offset_minutes(min)) {
                    Some(c) => m = c,
                    None => return,
                }
            }
            let out = if f.op % 3 == 0 {
                checked(m.open_response(f.body))
            } else {
                checked(m.open_notification(f.body, &f.headers))
            };
            if let Some(out) = out {
                assert_json(&out);
            }
        }
        _ => {
            let p = PaytendProvider::new(
                PAYTEND_PARTNER_ID,
                k.paytend.clone(),
                k.paytend.public_key(),
                env,
            )
            .expect("mirror");
            if let Some(out) = checked(p.open_request(f.body, &f.headers)) {
                assert_json(&out);
            }
        }
    }
});
