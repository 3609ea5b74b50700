//! KazePay: the merchant's `open_response` / `open_notification`, the mirror's
//! `open_request` (keys and sysId of the vectors, under each of the 16 profiles) and
//! `detect` return a payload or a typed error for any message; what opens is JSON;
//! `detect`'s matches really open under their profile; no error shows key material.
//! Input framing: `cardseal_fuzz::frame` (op: low 2 bits the function, high 4 bits the
//! profile index in `KazePayProfile::all()`).
#![no_main]

use cardseal::providers::kazepay::{KazePay, KazePayProfile, KazePayProvider, detect};
use cardseal_fuzz::{KAZEPAY_SYS_ID, KEYS, checked, frame};
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
    let profiles = KazePayProfile::all();
    let profile = profiles[usize::from(f.op >> 4) % profiles.len()];
    let env = f.env();
    let merchant = || {
        KazePay::new(
            KAZEPAY_SYS_ID,
            k.kazepay_merchant.clone(),
            k.kazepay_provider_pub.clone(),
            profile,
            f.env(),
        )
        .expect("client")
    };
    let out = match f.op % 4 {
        0 => checked(merchant().open_response(f.body)),
        1 => checked(merchant().open_notification(f.body, &f.headers)),
        2 => {
            let p = KazePayProvider::new(
                KAZEPAY_SYS_ID,
                k.kazepay_provider.clone(),
                k.kazepay_merchant_pub.clone(),
                profile,
                env,
            )
            .expect("mirror");
            checked(p.open_request(f.body, &f.headers))
        }
        _ => {
            if let Some(report) =
                checked(detect(f.body, &k.kazepay_merchant, &k.kazepay_provider_pub))
            {
                let _ = report.summary();
                let _ = format!("{report:?}");
                assert_eq!(report.body.is_some(), !report.matches.is_empty());
                if let Some(body) = &report.body {
                    assert_json(body);
                }
            }
            None
        }
    };
    if let Some(out) = out {
        assert_json(&out);
    }
});
