//! ASINX: the merchant's `open_response` / `open_notification` and the mirror's
//! `open_request` (positional, and through `Mirror` with a path) (credentials of the vectors) return a payload or a
//! typed error for any body and headers; no error shows the app secret. Input framing:
//! `cardseal_fuzz::frame` (op byte, headers JSON line, body).
#![no_main]

use cardseal::providers::asinx::{Asinx, AsinxProvider};
use cardseal::providers::{Mirror, Received};
use cardseal_fuzz::{ASINX_APP_ID, ASINX_APP_SECRET, checked, frame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(f) = frame(data) else {
        return;
    };
    let env = f.env();
    match f.op % 4 {
        0 => {
            let m = Asinx::new(ASINX_APP_ID, ASINX_APP_SECRET, env).expect("client");
            checked(m.open_response(f.body));
        }
        1 => {
            let m = Asinx::new(ASINX_APP_ID, ASINX_APP_SECRET, env).expect("client");
            checked(m.open_notification(f.body, &f.headers));
        }
        2 => {
            let p = AsinxProvider::new(ASINX_APP_ID, ASINX_APP_SECRET, env).expect("mirror");
            checked(p.open_request(f.body, &f.headers));
        }
        _ => {
            let p = AsinxProvider::new(ASINX_APP_ID, ASINX_APP_SECRET, env).expect("mirror");
            let path = f.param("path").unwrap_or("/user/register");
            if let Some(body) = checked(Mirror::open_request(
                &p,
                &Received::new(f.body, &f.headers).to("POST", path),
            )) {
                assert_eq!(
                    body, f.body,
                    "open_request with a path returns the body as received"
                );
            }
        }
    }
});
