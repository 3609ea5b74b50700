#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The uniform provider API (`providers::api`): one generic exchange written against the
//! `Merchant` and `Mirror` traits runs for all five providers, plus what only the traits
//! add (UPay's error response, ASINX's numeric codes, the explicit webhook instant, the
//! `Received` debug form).

mod providers_support;

use cardseal::providers::asinx::{Asinx, AsinxProvider, AsinxRequest};
use cardseal::providers::hypercard::{
    DEFAULT_NOTIFICATION_MAX_SKEW_SECS, HyperCard, HyperCardRequestOptions,
};
use cardseal::providers::kazepay::{
    KazePay, KazePayExchange, KazePayNotification, KazePayProfile, KazePayRequest,
};
use cardseal::providers::paytend::{
    Paytend, PaytendNotification, PaytendRequest, PaytendSealOptions,
};
use cardseal::providers::upay::{UPay, UPayProvider, UPayRequest, UPayResponse};
use cardseal::providers::{Merchant, Mirror, Received, Sealed};
use cardseal::{Env, Error, ErrorKind, RsaPrivateKey, parse_private_key};
use providers_support::key_file;

const NOW_MS: i64 = 1_774_573_955_994;
/// UPay webhooks need `event`; the other providers carry it as data.
const PAYLOAD: &str =
    r#"{"amount":"5000.00","cardId":"c-1","event":"card.status","tags":["a","b"]}"#;

fn env() -> Env {
    Env::fixed(b"provider api", NOW_MS)
}

fn merchant_key() -> RsaPrivateKey {
    parse_private_key(key_file("sandbox_merchant_2048.pem").as_bytes()).unwrap()
}

fn provider_key() -> RsaPrivateKey {
    parse_private_key(key_file("sandbox_provider_2048.pem").as_bytes()).unwrap()
}

/// The sealed message as the other side receives it, sent with `method` to `path`.
fn received<'a>(s: &'a Sealed, method: &'a str, path: &'a str) -> Received<'a> {
    Received::new(&s.body, &s.headers).to(method, path)
}

/// Every direction of one provider through the traits only: request → mirror, response
/// → merchant, error response → merchant (a `ProviderError` with the code and message),
/// webhook → merchant at an explicit instant.
#[allow(clippy::too_many_arguments)]
fn exchange<M: Merchant, P: Mirror>(
    merchant: &M,
    mirror: &P,
    request: &M::Request<'_>,
    path: &str,
    response: &P::Response<'_>,
    notification: &P::Notification<'_>,
    error_code: &str,
) {
    let sealed = merchant.seal_request(request, PAYLOAD).unwrap();
    let opened = mirror
        .open_request(&received(&sealed, "POST", path))
        .unwrap();
    assert_eq!(opened, PAYLOAD);

    let sealed = mirror.seal_response(response, PAYLOAD).unwrap();
    let opened = merchant
        .open_response(&received(&sealed, "POST", path))
        .unwrap();
    assert_eq!(opened, PAYLOAD);

    let sealed = mirror
        .seal_error_response(response, error_code, "Card frozen")
        .unwrap();
    match merchant.open_response(&received(&sealed, "POST", path)) {
        Err(Error::ProviderError { code, message, .. }) => {
            assert_eq!(
                (code.as_str(), message.as_str()),
                (error_code, "Card frozen")
            );
        }
        other => panic!("error response opened as {other:?}"),
    }

    let sealed = mirror.seal_notification(notification, PAYLOAD).unwrap();
    let opened = merchant
        .open_notification(&Received::new(&sealed.body, &sealed.headers), Some(NOW_MS))
        .unwrap();
    assert_eq!(opened, PAYLOAD);
}

#[test]
fn asinx_through_the_traits() {
    let m = Asinx::new("app-1", "5a4d1c9e0b7f3a6e8d2c4b1a0f9e8d7c", env()).unwrap();
    let p = m.provider();
    let request = AsinxRequest {
        path: "/api/v1/card/list",
        uid: Some("u-9"),
    };
    exchange(&m, &p, &request, "/api/v1/card/list", &(), &(), "40001");
}

#[test]
fn paytend_through_the_traits() {
    let m = Paytend::new(
        "888666000100201",
        merchant_key(),
        provider_key().public_key(),
        env(),
    )
    .unwrap();
    let p = m.provider(provider_key());
    for options in [
        PaytendSealOptions::default(),
        PaytendSealOptions::unencrypted(),
    ] {
        let request = PaytendRequest {
            request_id: Some("888666000100201202603271712359940"),
            options,
        };
        let notification = PaytendNotification {
            notify_type: "3",
            options,
        };
        exchange(&m, &p, &request, "/", &options, &notification, "99");
    }
}

#[test]
fn hypercard_through_the_traits() {
    let m = HyperCard::new(
        "api-key-1",
        merchant_key(),
        provider_key().public_key(),
        env(),
    )
    .unwrap();
    let p = m.provider(provider_key());
    let options = HyperCardRequestOptions::default();
    exchange(&m, &p, &options, "/v1/cards", &(), &options, "40001");
}

#[test]
fn upay_through_the_traits() {
    let m = UPay::new(
        "api-key-1",
        "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%",
        merchant_key(),
        provider_key().public_key(),
        env(),
    )
    .unwrap();
    let p = m.provider(provider_key());
    for encrypt in [false, true] {
        let mut request = UPayRequest {
            method: "POST",
            path: "/api/v1/customer/add",
            ..UPayRequest::default()
        };
        request.options.encrypt = encrypt;
        let response = UPayResponse { encrypt };
        exchange(
            &m,
            &p,
            &request,
            "/api/v1/customer/add",
            &response,
            &(),
            "403",
        );
    }
}

#[test]
fn kazepay_through_the_traits() {
    for profile in [KazePayProfile::default(), KazePayProfile::all()[7]] {
        let m = KazePay::new(
            "SYS01",
            merchant_key(),
            provider_key().public_key(),
            profile,
            env(),
        )
        .unwrap();
        let p = m.provider(provider_key());
        let request = KazePayRequest {
            api_code: "card.create",
            request_no: Some("RN-1"),
        };
        let to = KazePayExchange {
            api_code: "card.create",
            request_no: "RN-1",
        };
        let notification = KazePayNotification {
            api_code: "card.status",
        };
        exchange(&m, &p, &request, "/", &to, &notification, "E1001");
    }
}

/// UPay publishes no error body: the trait's error response is the success shape with
/// the failure code, written as a number when it is one (docs/providers/upay.md).
#[test]
fn upay_error_response_bytes() {
    let p = UPayProvider::new(
        "api-key-1",
        "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%",
        provider_key(),
        merchant_key().public_key(),
        env(),
    )
    .unwrap();
    let r = UPayResponse::default();
    assert_eq!(
        Mirror::seal_error_response(&p, &r, "403", "Forbidden")
            .unwrap()
            .body,
        r#"{"code":403,"msg":"Forbidden","success":false,"ts":1774573955994,"data":null}"#
    );
    assert_eq!(
        p.seal_error_response("E01", "Bad \"card\"").unwrap().body,
        r#"{"code":"E01","msg":"Bad \"card\"","success":false,"ts":1774573955994,"data":null}"#
    );
    // Not canonical integers stay strings; 0 is success, not a failure code.
    assert!(
        Mirror::seal_error_response(&p, &r, "007", "x")
            .unwrap()
            .body
            .starts_with(r#"{"code":"007","#)
    );
    for code in ["0", ""] {
        let e = Mirror::seal_error_response(&p, &r, code, "x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{code:?}");
    }
}

#[test]
fn asinx_error_codes_are_integers() {
    let p = AsinxProvider::new("app-1", "5a4d1c9e0b7f3a6e8d2c4b1a0f9e8d7c", env()).unwrap();
    assert_eq!(
        Mirror::seal_error_response(&p, &(), "401", "Unauthorized")
            .unwrap()
            .body,
        r#"{"success":false,"code":401,"message":"Unauthorized"}"#
    );
    match Mirror::seal_error_response(&p, &(), "E1", "x") {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "code"),
        other => panic!("{other:?}"),
    }
}

/// The path comes from `Received::path`; without one, ASINX falls back to the `:path`
/// pseudo-header and UPay refuses.
#[test]
fn request_paths() {
    let m = Asinx::new("app-1", "5a4d1c9e0b7f3a6e8d2c4b1a0f9e8d7c", env()).unwrap();
    let p = m.provider();
    let req = AsinxRequest {
        path: "/a",
        uid: None,
    };
    let s = Merchant::seal_request(&m, &req, r#"{"x":1}"#).unwrap();
    assert_eq!(
        Mirror::open_request(&p, &received(&s, "POST", "/a")).unwrap(),
        r#"{"x":1}"#
    );
    match Mirror::open_request(&p, &received(&s, "POST", "/b")) {
        Err(Error::SignatureMismatch { what }) => assert_eq!(what, "sign header"),
        other => panic!("{other:?}"),
    }
    match Mirror::open_request(&p, &Received::new(&s.body, &s.headers)) {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, ":path"),
        other => panic!("{other:?}"),
    }
    let mut h = s.headers.clone();
    h.push((":path".to_owned(), "/a".to_owned()));
    assert_eq!(
        Mirror::open_request(&p, &Received::new(&s.body, &h)).unwrap(),
        r#"{"x":1}"#
    );

    let u = UPay::new(
        "api-key-1",
        "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%",
        merchant_key(),
        provider_key().public_key(),
        env(),
    )
    .unwrap();
    let up = u.provider(provider_key());
    let req = UPayRequest {
        method: "POST",
        path: "/api/v1/card/list",
        ..UPayRequest::default()
    };
    let s = Merchant::seal_request(&u, &req, r#"{"x":1}"#).unwrap();
    match Mirror::open_request(&up, &Received::new(&s.body, &s.headers)) {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "path"),
        other => panic!("{other:?}"),
    }
    match Mirror::open_request(&up, &received(&s, "GET", "/api/v1/card/list")) {
        Err(e) => assert_eq!(e.kind(), ErrorKind::SignatureMismatch),
        Ok(v) => panic!("a request signed for POST opened as GET: {v}"),
    }
}

/// HyperCard's webhook window is checked against the instant given, not the client's
/// clock (the Python binding used to rebuild the client to change it).
#[test]
fn hypercard_webhook_at_an_explicit_instant() {
    let m = HyperCard::new(
        "api-key-1",
        merchant_key(),
        provider_key().public_key(),
        env(),
    )
    .unwrap();
    let p = m.provider(provider_key());
    let s = Mirror::seal_notification(&p, &HyperCardRequestOptions::default(), PAYLOAD).unwrap();
    let r = Received::new(&s.body, &s.headers);
    let window_ms = DEFAULT_NOTIFICATION_MAX_SKEW_SECS * 1000;
    // The sealed timestamp is NOW_MS in whole seconds.
    let signed_ms = NOW_MS / 1000 * 1000;
    assert_eq!(
        m.open_notification(&s.body, &s.headers).unwrap(),
        Merchant::open_notification(&m, &r, None).unwrap()
    );
    assert_eq!(
        Merchant::open_notification(&m, &r, Some(signed_ms + window_ms)).unwrap(),
        PAYLOAD
    );
    match Merchant::open_notification(&m, &r, Some(signed_ms + window_ms + 1)) {
        Err(Error::Expired {
            timestamp_ms,
            now_ms,
            max_age_ms,
        }) => assert_eq!(
            (timestamp_ms, now_ms, max_age_ms),
            (signed_ms, signed_ms + window_ms + 1, window_ms)
        ),
        other => panic!("{other:?}"),
    }
}

/// `Received`'s `Debug` names the method, path, header names and sizes: no body, no
/// header value.
#[test]
fn received_debug_shows_no_content() {
    let headers = vec![("sign".to_owned(), "SECRET-SIGNATURE-VALUE".to_owned())];
    let r = Received::new(r#"{"pan":"4111111111111111"}"#, &headers).to("POST", "/a");
    assert_eq!(
        format!("{r:?}"),
        r#"Received { method: "POST", path: Some("/a"), header_names: ["sign"], body_len: 26 }"#
    );
}

#[test]
fn received_at_defaults_to_post_and_an_unknown_path() {
    let headers: Vec<(String, String)> = Vec::new();
    let r = Received::new("{}", &headers).at(None, None);
    assert_eq!((r.method, r.path), ("POST", None));
    let r = Received::new("{}", &headers).at(Some("GET"), Some("/v1/x"));
    assert_eq!((r.method, r.path), ("GET", Some("/v1/x")));
}
