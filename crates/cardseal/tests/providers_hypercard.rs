#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! HyperCard: string-to-sign and signatures checked against an independent Python
//! reference of the demo's rule (docs/providers/hypercard.md), on every RSA backend;
//! push events, card details, every error kind, round trips.

mod providers_support;

use cardseal::canonical::form::NumberStyle;
use cardseal::hazmat::rsa::{Backend, RsaPrivateKey};
use cardseal::keys::parse_private_key_with;
use cardseal::providers::Sealed;
use cardseal::providers::hypercard::{
    self, HyperCard, HyperCardProvider, HyperCardRequestOptions, NOTIFICATION_ACK,
    decrypt_card_detail,
};
use cardseal::{Env, Error, ErrorKind};
use proptest::prelude::*;
use providers_support::{backends, key_file};

const API_KEY: &str = "hc_test_api_key";
const NOW_S: i64 = 1_700_000_000;

/// HyperCard's published "Binding KYC" example request, as printed.
const SEED_BODY: &str = "{\n\"mc_trade_no\": \"48d2741747a4493223feb22\",\n\"base_info\": {\n\"email\": \"example@gmail.com\",\n\"first_name\": \"pan\",\n\"last_name\": \"gao\",\n\"mobile\": \"1888888888\",\n\"mobile_code\": \"86\",\n\"user_ip\": \"40.77.166.66\"\n},\n\"kyc_info\": {\n\"address\": \"maizidianjie28hao\",\n\"back_doc\": \"\",\n\"birthday\": \"1990-01-01\",\n\"city\": \"beijing\",\n\"country_id\": \"CN\",\n\"doc_no\": 12345678,\n\"doc_type\": 1,\n\"emergency_contact\": \"John\",\n\"front_doc\": \"\",\n\"gender\": 1,\n\"mix_doc\": \"\",\n\"nationality_id\": \"CN\",\n\"sign_img\": \"\",\n\"state\": \"beijing\",\n\"zip_code\": \"100100\",\n\"poa_doc\": \"\",\n\"poa_type\": \"1\"\n}\n}";
/// The Python reference (`{**headers, **body}`, drop `signature`/""/None/hollow containers,
/// `sorted`, `str(v).replace("'", '"').replace(", ", ",").replace(": ", ":")`).
const SEED_STRING: &str = r#"api-key=hc_test_api_key&base_info={"email":"example@gmail.com","first_name":"pan","last_name":"gao","mobile":"1888888888","mobile_code":"86","user_ip":"40.77.166.66"}&kyc_info={"address":"maizidianjie28hao","back_doc":"","birthday":"1990-01-01","city":"beijing","country_id":"CN","doc_no":12345678,"doc_type":1,"emergency_contact":"John","front_doc":"","gender":1,"mix_doc":"","nationality_id":"CN","sign_img":"","state":"beijing","zip_code":"100100","poa_doc":"","poa_type":"1"}&mc_trade_no=48d2741747a4493223feb22&nonce=a1B2c3D4e5&timestamp=1700000000&version=1.0"#;
/// Python `cryptography`, SHA256withRSA with `sandbox_merchant_1024.pem`.
const SEED_SIGNATURE: &str = "i8leNL0k25JOPhew8XnAfHbhqAuKv5lORhRUMQBfXptzKPmoObPEdDIxgTJJ8vF0mG/XtRNniiW9cfB1JQQWf0Om06l8MUBcjPFLAlyAmioYOQ9zMv0LpBKMrUln336kfVdO0JWLY7sdWlqXC9b3bknD80xrGbYlpV1lpkXG2Pw=";

/// Booleans, None, apostrophes, unicode, escapes, empty values, a header/body clash.
const TRICKY_BODY: &str = r#"{"lang":"zh","b":true,"c":0,"d":"","e":null,"a":{"flag":true,"none":null,"list":[1,"x",false,{}],"quote":"it's","uni":"张三","esc":"tab\there"},"amount":"5000.00","n":12345678901234567890}"#;
const TRICKY_STRING: &str = r#"a={"flag":True,"none":None,"list":[1,"x",False,{}],"quote":"it"s","uni":"张三","esc":"tab\there"}&amount=5000.00&api-key=hc_test_api_key&b=True&c=0&lang=zh&n=12345678901234567890&nonce=ZZZZZZZZZZ&timestamp=1700000000&version=1.0"#;
const TRICKY_SIGNATURE: &str = "rSi8jlIBNyDpQKbDCQeVfTHNI3zKJck6KDwYS363KAVNTv6dcWqxw4eRdsdQIwWdmlNJIVoCHcEMY+QR7BDMZ+pTCMYPgcJXDYGlm73bxsWZziJWzKwI7SIcQ7G+3L9CpoPJmvCm2fp1y988+bcS/pLrAOxXmgmez83ITHTXDe4=";

fn key(name: &str, backend: Backend) -> RsaPrivateKey {
    parse_private_key_with(key_file(name).as_bytes(), backend).unwrap()
}

struct Parties {
    merchant: HyperCard,
    provider: HyperCardProvider,
}

fn parties(backend: Backend, seed: &[u8]) -> Parties {
    let merchant = HyperCard::new(
        API_KEY,
        key("sandbox_merchant_1024.pem", backend),
        key("sandbox_provider_1024.pem", backend).public_key(),
        Env::fixed(seed, NOW_S * 1000),
    )
    .unwrap();
    let provider = merchant.provider(key("sandbox_provider_1024.pem", backend));
    Parties { merchant, provider }
}

fn opts(nonce: &str) -> HyperCardRequestOptions {
    HyperCardRequestOptions {
        timestamp: Some(NOW_S),
        nonce: Some(nonce.to_owned()),
        ..Default::default()
    }
}

fn field(e: Error) -> String {
    match e {
        Error::InvalidInput { field, .. } => field,
        other => panic!("want InvalidInput, got {other:?}"),
    }
}

fn set_header(sealed: &Sealed, name: &str, value: &str) -> Vec<(String, String)> {
    let mut h = sealed.headers.clone();
    let slot = h.iter_mut().find(|(n, _)| n == name).unwrap();
    slot.1 = value.to_owned();
    h
}

fn without_header(sealed: &Sealed, name: &str) -> Vec<(String, String)> {
    sealed
        .headers
        .iter()
        .filter(|(n, _)| n != name)
        .cloned()
        .collect()
}

#[test]
fn seed_kyc_example_matches_the_python_reference_on_every_backend() {
    for backend in backends() {
        let p = parties(backend, b"seed");
        let sealed = p
            .merchant
            .seal_request(SEED_BODY, opts("a1B2c3D4e5"))
            .unwrap();
        assert_eq!(sealed.body, SEED_BODY, "sent byte for byte");
        let steps: Vec<&str> = sealed.trace.names().collect();
        assert_eq!(steps, ["body", "string_to_sign", "signature"]);
        assert_eq!(sealed.trace.get("body"), Some(SEED_BODY));
        assert_eq!(sealed.trace.get("string_to_sign"), Some(SEED_STRING));
        assert_eq!(
            sealed.trace.get("signature"),
            Some(SEED_SIGNATURE),
            "{backend}"
        );
        assert_eq!(
            sealed.headers,
            [
                ("timestamp", "1700000000"),
                ("nonce", "a1B2c3D4e5"),
                ("api-key", API_KEY),
                ("version", "1.0"),
                ("signature", SEED_SIGNATURE),
                ("Content-Type", "application/json"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        assert_eq!(
            p.provider
                .open_request(&sealed.body, &sealed.headers)
                .unwrap(),
            SEED_BODY
        );
    }
}

#[test]
fn nested_rendering_booleans_and_header_clash_match_the_python_reference() {
    for backend in backends() {
        let p = parties(backend, b"tricky");
        // The body's `lang` ("zh") replaces the `lang` header ("en") in the string to sign,
        // as in HyperCard's demo: sealed without complaint, the trace names the header.
        let sealed = p
            .merchant
            .seal_request(
                TRICKY_BODY,
                HyperCardRequestOptions {
                    lang: Some("en".into()),
                    ..opts("ZZZZZZZZZZ")
                },
            )
            .unwrap();
        assert_eq!(sealed.trace.get("string_to_sign"), Some(TRICKY_STRING));
        assert_eq!(sealed.trace.get("headers_replaced_by_body"), Some("lang"));
        assert_eq!(sealed.header("signature"), Some(TRICKY_SIGNATURE));
        assert_eq!(sealed.header("lang"), Some("en"));
        // An equal header gives the same signature, and no replaced header in the trace
        // is claimed only when the body has no such field.
        let equal = p
            .merchant
            .seal_request(
                TRICKY_BODY,
                HyperCardRequestOptions {
                    lang: Some("zh".into()),
                    ..opts("ZZZZZZZZZZ")
                },
            )
            .unwrap();
        assert_eq!(equal.header("signature"), Some(TRICKY_SIGNATURE));
        let plain = p.merchant.seal_request("{}", opts("ZZZZZZZZZZ")).unwrap();
        assert_eq!(plain.trace.get("headers_replaced_by_body"), None);
        // The replaced header is signed by nothing: any value (or none) verifies.
        for headers in [
            sealed.headers.clone(),
            set_header(&sealed, "lang", "fr"),
            without_header(&sealed, "lang"),
        ] {
            assert_eq!(
                p.provider.open_request(&sealed.body, &headers).unwrap(),
                TRICKY_BODY
            );
        }
        // A header the body does not replace stays signed.
        assert_eq!(
            p.provider
                .open_request(&sealed.body, &set_header(&sealed, "nonce", "ZZZZZZZZZY")),
            Err(Error::signature_mismatch(cardseal::Check::Signature))
        );
    }
}

#[test]
fn defaults_come_from_the_env() {
    let p = parties(Backend::default(), b"defaults");
    let a = p
        .merchant
        .seal_request(r#"{"x":1}"#, HyperCardRequestOptions::default())
        .unwrap();
    assert_eq!(a.header("timestamp"), Some("1700000000"));
    assert_eq!(a.header("version"), Some("1.0"));
    assert_eq!(a.header("lang"), None);
    let nonce = a.header("nonce").unwrap();
    assert_eq!(nonce.len(), 10);
    assert!(nonce.bytes().all(|b| b.is_ascii_alphanumeric()), "{nonce}");
    let b = p
        .merchant
        .seal_request(r#"{"x":1}"#, HyperCardRequestOptions::default())
        .unwrap();
    assert_ne!(a.header("nonce"), b.header("nonce"));
    // The same seed reproduces the same nonce.
    let again = parties(Backend::default(), b"defaults")
        .merchant
        .seal_request(r#"{"x":1}"#, HyperCardRequestOptions::default())
        .unwrap();
    assert_eq!(a, again);
    // Rounded down to whole seconds.
    let m = HyperCard::new(
        API_KEY,
        key("sandbox_merchant_1024.pem", Backend::default()),
        key("sandbox_provider_1024.pem", Backend::default()).public_key(),
        Env::fixed(b"", 1_700_000_000_999),
    )
    .unwrap();
    assert_eq!(
        m.seal_request("", Default::default())
            .unwrap()
            .header("timestamp"),
        Some("1700000000")
    );
    // Empty parameters send {}.
    let e = p.merchant.seal_request(" ", opts("n")).unwrap();
    assert_eq!(e.body, "{}");
    assert_eq!(
        e.trace.get("string_to_sign"),
        Some("api-key=hc_test_api_key&nonce=n&timestamp=1700000000&version=1.0")
    );
    let v = p
        .merchant
        .seal_request(
            "{}",
            HyperCardRequestOptions {
                version: Some("2.0".into()),
                ..opts("n")
            },
        )
        .unwrap();
    assert_eq!(v.header("version"), Some("2.0"));
}

#[test]
fn identical_bytes_on_every_backend() {
    let sealed: Vec<Sealed> = backends()
        .into_iter()
        .map(|b| {
            parties(b, b"same")
                .merchant
                .seal_request(TRICKY_BODY, Default::default())
                .unwrap()
        })
        .collect();
    assert!(sealed.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn push_events_verify_with_hypercard_key() {
    for backend in backends() {
        let p = parties(backend, b"push");
        let event = r#"{"event":"card.transaction","data":{"card_id":"c_1","amount":"12.30","approved":true}}"#;
        let sealed = p.provider.seal_notification(event).unwrap();
        assert_eq!(sealed.body, event);
        assert_eq!(sealed.header("api-key"), Some(API_KEY));
        assert_eq!(
            p.merchant
                .open_notification(&sealed.body, &sealed.headers)
                .unwrap(),
            event
        );
        assert_eq!(NOTIFICATION_ACK, r#"{"code":1,"msg":"ok","data":{}}"#);

        // Tampered body field, tampered signed header, swapped signature, wrong key.
        let tampered = event.replace("12.30", "99.30");
        assert_eq!(
            p.merchant.open_notification(&tampered, &sealed.headers),
            Err(Error::signature_mismatch(cardseal::Check::Signature))
        );
        let h = set_header(&sealed, "nonce", "0000000000");
        assert_eq!(
            p.merchant.open_notification(event, &h),
            Err(Error::signature_mismatch(cardseal::Check::Signature))
        );
        let other = p.provider.seal_notification(r#"{"event":"x"}"#).unwrap();
        let h = set_header(&sealed, "signature", other.header("signature").unwrap());
        assert_eq!(
            p.merchant.open_notification(event, &h),
            Err(Error::signature_mismatch(cardseal::Check::Signature))
        );
        // Signed by the merchant's own key instead of HyperCard's.
        let forged = HyperCardProvider::new(
            API_KEY,
            key("sandbox_merchant_1024.pem", backend),
            key("sandbox_merchant_1024.pem", backend).public_key(),
            Env::fixed(b"f", NOW_S * 1000),
        )
        .unwrap()
        .seal_notification(event)
        .unwrap();
        assert_eq!(
            p.merchant.open_notification(event, &forged.headers),
            Err(Error::signature_mismatch(cardseal::Check::Signature))
        );
        // Truncated signature.
        let sig = sealed.header("signature").unwrap();
        let h = set_header(&sealed, "signature", &sig[..sig.len() - 4]);
        assert_eq!(
            p.merchant.open_notification(event, &h).unwrap_err().kind(),
            ErrorKind::SignatureMismatch
        );
        // Another merchant's api-key.
        let h = set_header(&sealed, "api-key", "someone_else");
        assert_eq!(
            p.merchant.open_notification(event, &h),
            Err(Error::signature_mismatch(cardseal::Check::ApiKey))
        );
        // Removing a signed header breaks the signature.
        assert_eq!(
            p.merchant
                .open_notification(event, &without_header(&sealed, "nonce")),
            Err(Error::signature_mismatch(cardseal::Check::Signature))
        );
    }
}

#[test]
fn timestamp_window() {
    let p = parties(Backend::default(), b"window");
    let event = r#"{"event":"x"}"#;
    let at = |t: i64| {
        p.provider
            .seal_notification_with(
                event,
                HyperCardRequestOptions {
                    timestamp: Some(t),
                    ..Default::default()
                },
            )
            .unwrap()
    };
    // Push events: 24 h + 5 min either way by default (HyperCard retries for 24 hours).
    const DAY: i64 = 24 * 60 * 60;
    assert_eq!(
        hypercard::DEFAULT_NOTIFICATION_MAX_SKEW_SECS,
        DAY + 300,
        "the default window covers a day of retries"
    );
    for t in [
        NOW_S - 301,
        NOW_S - DAY,
        NOW_S - DAY - 300,
        NOW_S + DAY + 300,
    ] {
        assert_eq!(
            p.merchant.open_notification(event, &at(t).headers).unwrap(),
            event,
            "{t}"
        );
    }
    assert_eq!(
        p.merchant
            .open_notification(event, &at(NOW_S - DAY - 301).headers),
        Err(Error::Expired {
            timestamp_ms: (NOW_S - DAY - 301) * 1000,
            now_ms: NOW_S * 1000,
            max_age_ms: (DAY + 300) * 1000
        })
    );
    assert_eq!(
        p.merchant
            .open_notification(event, &at(NOW_S + DAY + 301).headers)
            .unwrap_err()
            .kind(),
        ErrorKind::Expired
    );
    let five_minutes = p.merchant.clone().with_max_skew_secs(Some(300)).unwrap();
    assert!(
        five_minutes
            .open_notification(event, &at(NOW_S - 300).headers)
            .is_ok()
    );
    assert_eq!(
        five_minutes
            .open_notification(event, &at(NOW_S - 301).headers)
            .unwrap_err()
            .kind(),
        ErrorKind::Expired
    );
    let lax = p.merchant.clone().with_max_skew_secs(None).unwrap();
    assert!(lax.open_notification(event, &at(0).headers).is_ok());
    let strict = p.merchant.clone().with_max_skew_secs(Some(10)).unwrap();
    assert_eq!(
        strict
            .open_notification(event, &at(NOW_S - 11).headers)
            .unwrap_err()
            .kind(),
        ErrorKind::Expired
    );
    assert_eq!(
        field(p.merchant.clone().with_max_skew_secs(Some(-1)).unwrap_err()),
        "max_skew_secs"
    );
    // The mirror applies its own 300 s window to requests.
    let at_request = |t: i64| {
        p.merchant
            .seal_request(
                event,
                HyperCardRequestOptions {
                    timestamp: Some(t),
                    ..Default::default()
                },
            )
            .unwrap()
    };
    let edge = at_request(NOW_S - 300);
    assert!(p.provider.open_request(event, &edge.headers).is_ok());
    let late = at_request(NOW_S - 301);
    assert_eq!(
        p.provider.open_request(event, &late.headers),
        Err(Error::Expired {
            timestamp_ms: (NOW_S - 301) * 1000,
            now_ms: NOW_S * 1000,
            max_age_ms: 300_000
        })
    );
    let old = p
        .merchant
        .seal_request(
            event,
            HyperCardRequestOptions {
                timestamp: Some(NOW_S - 3600),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        p.provider
            .open_request(&old.body, &old.headers)
            .unwrap_err()
            .kind(),
        ErrorKind::Expired
    );
    // Removing or changing the signed timestamp breaks the signature.
    let ok = p.merchant.seal_request(event, opts("n")).unwrap();
    assert!(p.provider.open_request(&ok.body, &ok.headers).is_ok());
    assert_eq!(
        p.provider
            .open_request(&ok.body, &without_header(&ok, "timestamp")),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
    assert_eq!(
        p.provider
            .open_request(&ok.body, &set_header(&ok, "timestamp", "1700000001")),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
    // Validly signed but without a usable timestamp (signed by hand).
    let merchant_key = key("sandbox_merchant_1024.pem", Backend::default());
    let signed = |string: &str| {
        cardseal::hazmat::encoding::b64_encode(
            &merchant_key
                .sign_pkcs1v15(cardseal::hazmat::digest::HashAlg::Sha256, string.as_bytes())
                .unwrap(),
        )
    };
    let h = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    };
    let no_ts = h(&[
        ("api-key", API_KEY),
        ("nonce", "n"),
        ("version", "1.0"),
        (
            "signature",
            &signed("api-key=hc_test_api_key&event=x&nonce=n&version=1.0"),
        ),
    ]);
    assert_eq!(
        field(p.provider.open_request(event, &no_ts).unwrap_err()),
        "timestamp"
    );
    assert_eq!(
        p.provider
            .clone()
            .with_max_skew_secs(None)
            .unwrap()
            .open_request(event, &no_ts)
            .unwrap(),
        event
    );
    let text_ts = h(&[
        ("api-key", API_KEY),
        ("nonce", "n"),
        ("timestamp", "soon"),
        ("version", "1.0"),
        (
            "signature",
            &signed("api-key=hc_test_api_key&event=x&nonce=n&timestamp=soon&version=1.0"),
        ),
    ]);
    assert_eq!(
        field(p.provider.open_request(event, &text_ts).unwrap_err()),
        "timestamp"
    );
}

#[test]
fn mirror_checks_requests() {
    let p = parties(Backend::default(), b"mirror");
    let sealed = p.merchant.seal_request(TRICKY_BODY, opts("abc")).unwrap();
    assert_eq!(
        p.provider
            .open_request(&sealed.body, &sealed.headers)
            .unwrap(),
        TRICKY_BODY
    );
    // Whitespace changes do not matter (the signature covers parsed fields); values do.
    let spaced = TRICKY_BODY.replace(",\"c\"", ", \"c\"");
    assert_eq!(
        p.provider.open_request(&spaced, &sealed.headers).unwrap(),
        spaced
    );
    let changed = TRICKY_BODY.replace("\"c\":0", "\"c\":1");
    assert_eq!(
        p.provider.open_request(&changed, &sealed.headers),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
    assert_eq!(
        field(
            p.provider
                .open_request(&sealed.body, &without_header(&sealed, "api-key"))
                .unwrap_err()
        ),
        "api-key"
    );
    assert_eq!(
        field(
            p.provider
                .open_request(&sealed.body, &without_header(&sealed, "signature"))
                .unwrap_err()
        ),
        "signature"
    );
    assert_eq!(
        field(
            p.provider
                .open_request(&sealed.body, &set_header(&sealed, "signature", "!!"))
                .unwrap_err()
        ),
        "signature"
    );
    assert_eq!(
        field(p.provider.open_request("[1]", &sealed.headers).unwrap_err()),
        "body"
    );
    // Header names are case-insensitive.
    let upper: Vec<_> = sealed
        .headers
        .iter()
        .map(|(n, v)| (n.to_uppercase(), v.clone()))
        .collect();
    assert_eq!(
        p.provider.open_request(&sealed.body, &upper).unwrap(),
        TRICKY_BODY
    );
}

#[test]
fn responses() {
    let p = parties(Backend::default(), b"resp");
    let r = p
        .provider
        .seal_response(r#"{"card_id":"c_1","balance":5000.00}"#)
        .unwrap();
    assert_eq!(
        r.body,
        r#"{"code":"00000","msg":"ok","data":{"card_id":"c_1","balance":5000.00}}"#
    );
    assert_eq!(
        p.merchant.open_response(&r.body).unwrap(),
        r#"{"card_id":"c_1","balance":5000.00}"#
    );
    assert_eq!(
        p.merchant
            .open_response(r#"{"code": "00000", "msg": "ok"}"#)
            .unwrap(),
        "null"
    );
    let e = p
        .provider
        .seal_error_response("10001", "invalid mc_trade_no")
        .unwrap();
    assert_eq!(
        p.merchant.open_response(&e.body),
        Err(Error::ProviderError {
            code: "10001".into(),
            message: "invalid mc_trade_no".into(),
            result: None,
        })
    );
    assert_eq!(
        p.merchant
            .open_response(r#"{"code":1,"msg":"ok"}"#)
            .unwrap_err()
            .kind(),
        ErrorKind::ProviderError
    );
    assert_eq!(
        field(p.merchant.open_response(r#"{"msg":"ok"}"#).unwrap_err()),
        "code"
    );
    assert_eq!(field(p.provider.seal_response("{").unwrap_err()), "payload");
}

#[test]
fn card_details_need_a_4096_bit_key() {
    for backend in backends() {
        let p = parties(backend, b"card");
        let card_key = key("sandbox_merchant_4096.pem", backend);
        let detail =
            r#"{"card_no":"5555444433332222","cvv":"123","expiry":"12/29","holder":"张三"}"#;
        let enc = p
            .provider
            .encrypt_card_detail(detail, &card_key.public_key())
            .unwrap();
        assert_eq!(enc.len(), 684, "one 512-byte block in base64");
        assert_eq!(decrypt_card_detail(&enc, &card_key).unwrap(), detail);
        // Longer than one block (501 bytes) splits.
        let long = format!(r#"{{"note":"{}"}}"#, "x".repeat(1200));
        let enc_long = p
            .provider
            .encrypt_card_detail(&long, &card_key.public_key())
            .unwrap();
        assert_eq!(
            cardseal::hazmat::encoding::b64_decode(enc_long.as_bytes())
                .unwrap()
                .len(),
            3 * 512
        );
        assert_eq!(decrypt_card_detail(&enc_long, &card_key).unwrap(), long);
        // Truncated, and a block missing.
        let raw = cardseal::hazmat::encoding::b64_decode(enc_long.as_bytes()).unwrap();
        let b64 = cardseal::hazmat::encoding::b64_encode;
        assert_eq!(
            decrypt_card_detail(&b64(&raw[..raw.len() - 1]), &card_key),
            Err(Error::DecryptionFailed)
        );
        assert_eq!(
            decrypt_card_detail("", &card_key),
            Err(Error::DecryptionFailed)
        );
        // Tampered: implicit rejection turns it into random bytes, which are refused.
        let mut t = raw.clone();
        t[100] ^= 1;
        assert_eq!(
            decrypt_card_detail(&b64(&t[..512]), &card_key),
            Err(Error::DecryptionFailed)
        );
        // Wrong key of the right size.
        let other = key("sandbox_provider_4096.pem", backend);
        assert_eq!(
            decrypt_card_detail(&enc, &other),
            Err(Error::DecryptionFailed)
        );
        // Small keys are refused both ways.
        let small = key("sandbox_merchant_2048.pem", backend);
        assert_eq!(
            decrypt_card_detail(&enc, &small).unwrap_err().kind(),
            ErrorKind::InvalidKey
        );
        assert_eq!(
            p.provider
                .encrypt_card_detail(detail, &small.public_key())
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidKey
        );
        assert_eq!(
            field(decrypt_card_detail("not base64!", &card_key).unwrap_err()),
            "encoded"
        );
        // Card details are non-empty JSON objects: the mirror encrypts nothing else, and
        // a genuine ciphertext of anything else is refused like garbage.
        for bad in ["4111111111111111|12/30|123", "{}", "[1]", "", "{\"a\":1"] {
            assert_eq!(
                field(
                    p.provider
                        .encrypt_card_detail(bad, &card_key.public_key())
                        .unwrap_err()
                ),
                "detail",
                "{bad:?}"
            );
            let raw = card_key
                .public_key()
                .encrypt_pkcs1v15(bad.as_bytes(), &Env::fixed(b"bad detail", 0))
                .unwrap();
            assert_eq!(
                decrypt_card_detail(&b64(&raw), &card_key),
                Err(Error::DecryptionFailed),
                "{bad:?}"
            );
        }
    }
}

#[test]
fn bad_inputs_are_invalid_input() {
    let p = parties(Backend::default(), b"bad");
    assert_eq!(
        field(p.merchant.seal_request("[]", opts("n")).unwrap_err()),
        "body"
    );
    assert_eq!(
        field(p.merchant.seal_request("{\"a\":", opts("n")).unwrap_err()),
        "body"
    );
    assert_eq!(
        field(p.merchant.seal_request("{}", opts("")).unwrap_err()),
        "nonce"
    );
    assert_eq!(
        field(p.merchant.seal_request("{}", opts("a\r\nb")).unwrap_err()),
        "nonce"
    );
    let o = HyperCardRequestOptions {
        timestamp: Some(-1),
        ..Default::default()
    };
    assert_eq!(
        field(p.merchant.seal_request("{}", o).unwrap_err()),
        "timestamp"
    );
    let o = HyperCardRequestOptions {
        lang: Some(String::new()),
        ..Default::default()
    };
    assert_eq!(field(p.merchant.seal_request("{}", o).unwrap_err()), "lang");
    let o = HyperCardRequestOptions {
        version: Some("1\n".into()),
        ..Default::default()
    };
    assert_eq!(
        field(p.merchant.seal_request("{}", o).unwrap_err()),
        "version"
    );
    let k = key("sandbox_merchant_1024.pem", Backend::default());
    assert_eq!(
        field(HyperCard::new("", k.clone(), k.public_key(), Env::fixed(b"", 0)).unwrap_err()),
        "api_key"
    );
}

#[test]
fn debug_is_redacted() {
    let p = parties(Backend::default(), b"debug");
    let b = Backend::default().name();
    assert_eq!(
        format!("{:?}", p.merchant),
        format!(
            "HyperCard {{ api_key: \"hc_test_api_key\", private_key: RsaPrivateKey {{ bits: 1024, backend: {b} }}, provider_public_key: RsaPublicKey {{ bits: 1024, backend: {b} }}, max_skew_secs: Some(86700), number_style: Python, python_version: Py314 }}"
        )
    );
    assert_eq!(
        format!("{:?}", p.provider),
        format!(
            "HyperCardProvider {{ api_key: \"hc_test_api_key\", private_key: RsaPrivateKey {{ bits: 1024, backend: {b} }}, merchant_public_key: RsaPublicKey {{ bits: 1024, backend: {b} }}, max_skew_secs: Some(300), number_style: Python, python_version: Py314 }}"
        )
    );
}

#[test]
fn kyc_sized_round_trip() {
    let p = parties(Backend::default(), b"kyc");
    let body = providers_support::kyc_body(2 * 1024 * 1024);
    let sealed = p.merchant.seal_request(&body, Default::default()).unwrap();
    assert_eq!(
        p.provider
            .open_request(&sealed.body, &sealed.headers)
            .unwrap(),
        body
    );
    let event = p.provider.seal_notification(&body).unwrap();
    assert_eq!(
        p.merchant
            .open_notification(&event.body, &event.headers)
            .unwrap(),
        body
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn round_trips(payload in providers_support::object(), seed in any::<u64>()) {
        for backend in backends() {
            let p = parties(backend, &seed.to_be_bytes());
            let sealed = p.merchant.seal_request(&payload, Default::default()).unwrap();
            prop_assert_eq!(p.provider.open_request(&sealed.body, &sealed.headers).unwrap(), payload.clone());
            let event = p.provider.seal_notification(&payload).unwrap();
            prop_assert_eq!(p.merchant.open_notification(&event.body, &event.headers).unwrap(), payload.clone());
            let resp = p.provider.seal_response(&payload).unwrap();
            prop_assert_eq!(
                p.merchant.open_response(&resp.body).unwrap(),
                cardseal::canonical::json::compact(&payload).unwrap()
            );
        }
    }
}

/// A message whose body has a top-level `timestamp`: the body's value replaces the header
/// in the string to sign (as in HyperCard's demo), so the header is signed by nothing and
/// never read; the age check reads the body's (signed) value instead.
#[test]
fn body_timestamp_replaces_the_header_and_is_the_one_checked() {
    let hour_later = (NOW_S + 3600) * 1000;
    for backend in backends() {
        let p = parties(backend, b"replay");
        let late_merchant = HyperCard::new(
            API_KEY,
            key("sandbox_merchant_1024.pem", backend),
            key("sandbox_provider_1024.pem", backend).public_key(),
            Env::fixed(b"later", hour_later),
        )
        .unwrap();
        let late_strict = late_merchant.clone().with_max_skew_secs(Some(300)).unwrap();
        let late_mirror = late_merchant.provider(key("sandbox_provider_1024.pem", backend));
        let fresh = (NOW_S + 3600).to_string();
        for (body, signed_ms) in [
            (
                r#"{"event":"card.transaction","timestamp":"1700000000"}"#,
                NOW_S * 1000,
            ),
            (
                r#"{"event":"card.transaction","timestamp":1700000000}"#,
                NOW_S * 1000,
            ),
            (
                r#"{"event":"card.transaction","timestamp":1700000000123}"#,
                NOW_S * 1000 + 123,
            ),
        ] {
            let event = p
                .provider
                .seal_notification_with(body, opts("Qw3rTy9UiO"))
                .unwrap();
            assert_eq!(
                event.trace.get("headers_replaced_by_body"),
                Some("timestamp")
            );
            // A refreshed header changes nothing that is signed...
            let refreshed = set_header(&event, "timestamp", &fresh);
            assert_eq!(
                late_merchant.open_notification(body, &refreshed).unwrap(),
                body,
                "{backend}: an hour-old retry opens under the default window"
            );
            // ...and is not what the window reads.
            let want = Err(Error::Expired {
                timestamp_ms: signed_ms,
                now_ms: hour_later,
                max_age_ms: 300_000,
            });
            assert_eq!(late_strict.open_notification(body, &refreshed), want);
            assert_eq!(late_strict.open_notification(body, &event.headers), want);
            // Requests at the mirror (300 s window).
            let request = p.merchant.seal_request(body, opts("Qw3rTy9UiO")).unwrap();
            assert_eq!(
                p.provider.open_request(body, &request.headers).unwrap(),
                body
            );
            assert_eq!(
                late_mirror.open_request(body, &set_header(&request, "timestamp", &fresh)),
                want
            );
        }
        // A body `timestamp` that is not an integer of seconds or 13-digit milliseconds (or
        // is empty, which drops it from the string to sign): no signed time, no age check.
        for body in [
            r#"{"timestamp":"2023-11-14 22:13:20"}"#,
            r#"{"timestamp":""}"#,
            r#"{"timestamp":null}"#,
            r#"{"timestamp":1700000000.5}"#,
            r#"{"timestamp":"17000000001234"}"#,
        ] {
            let event = p
                .provider
                .seal_notification_with(body, opts("Qw3rTy9UiO"))
                .unwrap();
            assert_eq!(
                late_strict
                    .open_notification(body, &set_header(&event, "timestamp", "0"))
                    .unwrap(),
                body
            );
        }
        // Body `nonce`, `version`, `api-key`: sealed and opened, the body's value signed;
        // the `api-key` header is still checked against ours. A body `lang` with no `lang`
        // header sent is just a field.
        for (body, replaced) in [
            (r#"{"nonce":"other"}"#, Some("nonce")),
            (r#"{"version":"2.0"}"#, Some("version")),
            (r#"{"api-key":"someone_else"}"#, Some("api-key")),
            (r#"{"lang":"fr"}"#, None),
        ] {
            let sealed = p.merchant.seal_request(body, opts("Qw3rTy9UiO")).unwrap();
            assert_eq!(
                sealed.trace.get("headers_replaced_by_body"),
                replaced,
                "{body}"
            );
            assert_eq!(
                p.provider.open_request(body, &sealed.headers).unwrap(),
                body
            );
        }
        let sealed = p
            .merchant
            .seal_request(r#"{"api-key":"someone_else"}"#, opts("Qw3rTy9UiO"))
            .unwrap();
        assert_eq!(
            p.provider.open_request(
                r#"{"api-key":"someone_else"}"#,
                &set_header(&sealed, "api-key", "someone_else")
            ),
            Err(Error::signature_mismatch(cardseal::Check::ApiKey))
        );
    }
}

/// PKCS#1 v1.5 implicit rejection turns a tampered or wrong-key ciphertext into synthetic
/// random bytes instead of an error; such bytes must never come back as a card detail.
/// 500 random, byte-flipped and wrong-key ciphertexts (deterministic), shared round-robin
/// between the backends built in (a 4096-bit private operation is slow in debug builds).
#[test]
fn card_detail_garbage_never_decrypts() {
    let backends = backends();
    let detail = r#"{"card_no":"5555444433332222","cvv":"123"}"#;
    let keys: Vec<_> = backends
        .iter()
        .map(|b| key("sandbox_merchant_4096.pem", *b))
        .collect();
    let card_public = keys[0].public_key();
    let other = key("sandbox_provider_4096.pem", Backend::default()).public_key();
    let genuine = card_public
        .encrypt_pkcs1v15(detail.as_bytes(), &Env::fixed(b"genuine detail", 0))
        .unwrap();
    for k in &keys {
        assert_eq!(decrypt_card_detail(&b64(&genuine), k).unwrap(), detail);
    }
    let env = Env::fixed(b"card detail garbage", 0);
    let mut refused = vec![0usize; keys.len()];
    for i in 0..500usize {
        let ciphertext = match i % 4 {
            // Random bytes below the modulus (top byte cleared).
            0 => {
                let mut c = env.random_bytes(512).unwrap();
                c[0] = 0;
                c
            }
            // The genuine ciphertext with one byte changed.
            1 | 2 => {
                let mut c = genuine.clone();
                let pos = env.random_bytes(2).unwrap();
                let pos = usize::from(u16::from_be_bytes([pos[0], pos[1]])) % 511 + 1;
                c[pos] ^= env.random_bytes(1).unwrap()[0] | 1;
                c
            }
            // A ciphertext made for another 4096-bit key.
            _ => other.encrypt_pkcs1v15(detail.as_bytes(), &env).unwrap(),
        };
        let which = i % keys.len();
        assert_eq!(
            decrypt_card_detail(&b64(&ciphertext), &keys[which]),
            Err(Error::DecryptionFailed),
            "{}: case {i}",
            backends[which]
        );
        refused[which] += 1;
    }
    assert_eq!(refused.iter().sum::<usize>(), 500);
}

fn b64(data: &[u8]) -> String {
    cardseal::hazmat::encoding::b64_encode(data)
}

/// Number rendering is a constructor option: Python (the default: HyperCard's reference
/// is Python, and a Python verifier `json.loads` the body) or as written (a verifier that
/// keeps the literals, e.g. Java BigDecimal). Expected strings from the Python reference
/// in test-vectors/gen_hypercard_vectors.py (`str(json.loads(body)[k])` vs literals kept).
#[test]
fn number_style_option_python_by_default() {
    const TOP: &str = r#"{"amount":5000.00,"fee":1e2,"rate":100.5,"big":123456789012345678901234567890,"neg":-0.0,"small":0.00001,"huge":1E16}"#;
    const NESTED: &str = r#"{"order":{"amount":5000.00,"fee":1e2,"rate":100.5,"big":123456789012345678901234567890,"list":[5000.00,1e2,-7]}}"#;
    const LITERALS: &str = r#"{"t":true,"f":false,"z":null,"nested":{"t":true,"f":false,"z":null},"list":[true,false,null]}"#;
    let cases = [
        (
            TOP,
            "amount=5000.0&api-key=hc_test_api_key&big=123456789012345678901234567890&fee=100.0&huge=1e+16&neg=-0.0&nonce=Nu3mB3rS00&rate=100.5&small=1e-05&timestamp=1700000000&version=1.0",
            "amount=5000.00&api-key=hc_test_api_key&big=123456789012345678901234567890&fee=1e2&huge=1E16&neg=-0.0&nonce=Nu3mB3rS00&rate=100.5&small=0.00001&timestamp=1700000000&version=1.0",
        ),
        (
            NESTED,
            r#"api-key=hc_test_api_key&nonce=Nu3mB3rS00&order={"amount":5000.0,"fee":100.0,"rate":100.5,"big":123456789012345678901234567890,"list":[5000.0,100.0,-7]}&timestamp=1700000000&version=1.0"#,
            r#"api-key=hc_test_api_key&nonce=Nu3mB3rS00&order={"amount":5000.00,"fee":1e2,"rate":100.5,"big":123456789012345678901234567890,"list":[5000.00,1e2,-7]}&timestamp=1700000000&version=1.0"#,
        ),
        (
            LITERALS,
            r#"api-key=hc_test_api_key&f=False&list=[True,False,None]&nested={"t":True,"f":False,"z":None}&nonce=Nu3mB3rS00&t=True&timestamp=1700000000&version=1.0"#,
            r#"api-key=hc_test_api_key&f=False&list=[True,False,None]&nested={"t":True,"f":False,"z":None}&nonce=Nu3mB3rS00&t=True&timestamp=1700000000&version=1.0"#,
        ),
    ];
    let p = parties(Backend::default(), b"numbers");
    let as_written = p.merchant.clone().with_number_style(NumberStyle::AsWritten);
    let python = p.merchant.clone().with_number_style(NumberStyle::Python);
    let mirror_as_written = p.provider.clone().with_number_style(NumberStyle::AsWritten);
    for (body, want_python, want_as_written) in cases {
        let default = p.merchant.seal_request(body, opts("Nu3mB3rS00")).unwrap();
        assert_eq!(default.trace.get("string_to_sign"), Some(want_python));
        let explicit = python.seal_request(body, opts("Nu3mB3rS00")).unwrap();
        assert_eq!(explicit, default);
        let written = as_written.seal_request(body, opts("Nu3mB3rS00")).unwrap();
        assert_eq!(written.trace.get("string_to_sign"), Some(want_as_written));
        // Each side verifies with its own style; a mismatch of styles shows when a
        // number is written in a way Python would not write it.
        assert_eq!(
            p.provider.open_request(body, &default.headers).unwrap(),
            body
        );
        assert_eq!(
            mirror_as_written
                .open_request(body, &written.headers)
                .unwrap(),
            body
        );
        let across = p.provider.open_request(body, &written.headers);
        if want_python == want_as_written {
            assert_eq!(across.unwrap(), body);
        } else {
            assert_eq!(
                across,
                Err(Error::signature_mismatch(cardseal::Check::Signature))
            );
        }
    }
    // The mirror made by `provider()` keeps the merchant's style.
    let mirror = as_written.provider(key("sandbox_provider_1024.pem", Backend::default()));
    let event = mirror
        .seal_notification_with(TOP, opts("Nu3mB3rS00"))
        .unwrap();
    assert_eq!(
        as_written.open_notification(TOP, &event.headers).unwrap(),
        TOP
    );
    assert_eq!(
        p.merchant.open_notification(TOP, &event.headers),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
}
