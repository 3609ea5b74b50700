//! UPay: the merchant's `open_response` / `open_notification` (the webhook, at
//! `fuzz.now_ms`) and the mirror's `open_request` (`fuzz.method`, `fuzz.path`) with the
//! vectors' keys, API key and secret return a payload or a typed error for any body and
//! headers; what opens is JSON; no error shows key material or the secret. A small
//! inflate cap (`fuzz.max_inflated`) can be set. Input framing: `cardseal_fuzz::frame`.
#![no_main]

use cardseal::providers::upay::{UPay, UPayProvider};
use cardseal_fuzz::{KEYS, UPAY_API_KEY, UPAY_SECRET, checked, frame};
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
    let cap: Option<usize> = f.param("max_inflated").and_then(|v| v.parse().ok());
    let out = match f.op % 3 {
        0 | 1 => {
            let mut m = UPay::new(
                UPAY_API_KEY,
                UPAY_SECRET,
                k.upay_merchant.clone(),
                k.upay_platform_pub.clone(),
                env,
            )
            .expect("client");
            if let Some(cap) = cap {
                m = m.with_max_inflated_bytes(cap);
            }
            if f.op % 3 == 0 {
                checked(m.open_response(f.body))
            } else {
                checked(m.open_notification(f.body, &f.headers, Some(f.now_ms())))
            }
        }
        _ => {
            let mut p = UPayProvider::new(
                UPAY_API_KEY,
                UPAY_SECRET,
                k.upay_platform.clone(),
                k.upay_merchant_pub.clone(),
                env,
            )
            .expect("mirror");
            if let Some(cap) = cap {
                p = p.with_max_inflated_bytes(cap);
            }
            let method = f.param("method").unwrap_or("POST");
            let path = f.param("path").unwrap_or("/api/v1/customer/add");
            checked(p.open_request(method, path, f.body, &f.headers))
        }
    };
    if let Some(out) = out
        && !out.is_empty()
    {
        assert_json(&out);
    }
});
