#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Failure explanations (`providers::explain`): the string to sign and the first
//! difference for messages signed in the clear; the uniform error and nothing else for
//! encrypted ones; no value computed with a secret in any report.

mod providers_support;

use cardseal::hazmat::encoding;
use cardseal::providers::asinx::{Asinx, AsinxRequest};
use cardseal::providers::explain::difference;
use cardseal::providers::hypercard::{HyperCard, HyperCardRequestOptions};
use cardseal::providers::paytend::Paytend;
use cardseal::providers::upay::{self, UPay, UPayRequest};
use cardseal::providers::{Merchant, Mirror, Received};
use cardseal::{Env, ErrorKind, RsaPrivateKey, parse_private_key};
use providers_support::{key_file, replace_member};

const NOW_MS: i64 = 1_774_573_955_994;
const UPAY_SECRET: &str = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%";
const ASINX_SECRET: &str = "5a4d1c9e0b7f3a6e8d2c4b1a0f9e8d7c";

fn env() -> Env {
    Env::fixed(b"explain", NOW_MS)
}

fn key(name: &str) -> RsaPrivateKey {
    parse_private_key(key_file(name).as_bytes()).unwrap()
}

fn step<'e>(e: &'e cardseal::providers::Explanation, name: &str) -> &'e str {
    e.steps
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no step {name} in {:?}", e.steps))
}

fn hypercard() -> HyperCard {
    HyperCard::new(
        "api-key-1",
        key("sandbox_merchant_2048.pem"),
        key("sandbox_provider_2048.pem").public_key(),
        env(),
    )
    .unwrap()
}

/// A request whose amount changed after signing: cardseal's string to sign (from what
/// was received) against the one the sender signed, first difference at the amount.
#[test]
fn hypercard_request_signed_over_another_string() {
    let m = hypercard();
    let p = m.provider(key("sandbox_provider_2048.pem"));
    let sent = m
        .seal_request(
            r#"{"amount":"10.00","cardId":"c-1"}"#,
            HyperCardRequestOptions {
                nonce: Some("n0nce".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let theirs = sent.trace.get("string_to_sign").unwrap().to_owned();
    let body = sent.body.replace("10.00", "90.00");
    let r = Received::new(&body, &sent.headers);
    let e = p.explain_request(&r, Some(&theirs));
    assert!(!e.ok());
    assert_eq!(
        e.error.as_ref().unwrap().kind(),
        ErrorKind::SignatureMismatch
    );
    assert_eq!(
        e.failed_check.as_deref(),
        Some(
            "signature: SHA256withRSA does not verify over the string to sign with the \
             sender's public key"
        )
    );
    let ours = theirs.replace("10.00", "90.00");
    assert_eq!(step(&e, "string_to_sign"), ours);
    assert_eq!(e.string_to_sign(), Some(ours.as_str()));
    assert_eq!(
        step(&e, "string_to_sign_sha256"),
        encoding::hex_encode(&cardseal::hazmat::digest::sha256(ours.as_bytes()))
    );
    assert_eq!(step(&e, "received_api-key"), "api-key-1");
    assert_eq!(step(&e, "signature_verifies_over_this_string"), "false");
    let d = e.their_string.as_ref().unwrap();
    let at = ours.find("90.00").unwrap();
    assert_eq!(
        (d.identical, d.byte_offset, d.ours_len, d.theirs_len),
        (false, Some(at), ours.len(), theirs.len())
    );
    assert!(d.ours_context.contains("90.00") && d.theirs_context.contains("10.00"));

    // The same message untouched: every check passes, the strings are identical.
    let r = Received::new(&sent.body, &sent.headers);
    let e = p.explain_request(&r, Some(&theirs));
    assert!(e.ok());
    assert_eq!(step(&e, "signature_verifies_over_this_string"), "true");
    assert!(e.their_string.as_ref().unwrap().identical);
    assert!(
        e.to_json()
            .contains(r#""ok":true,"result":"every check passed""#)
    );
}

/// A HyperCard push event checked at an explicit instant.
#[test]
fn hypercard_notification_outside_the_window() {
    let m = hypercard();
    let p = m.provider(key("sandbox_provider_2048.pem"));
    let s =
        Mirror::seal_notification(&p, &HyperCardRequestOptions::default(), r#"{"a":1}"#).unwrap();
    let r = Received::new(&s.body, &s.headers);
    let late = NOW_MS + 10 * 86_400_000;
    let e = m.explain_notification(&r, Some(late), None);
    assert_eq!(e.error.as_ref().unwrap().kind(), ErrorKind::Expired);
    assert_eq!(
        e.failed_check.as_deref(),
        Some("timestamp outside the accepted window")
    );
    assert_eq!(step(&e, "signature_verifies_over_this_string"), "true");
    assert!(m.explain_notification(&r, Some(NOW_MS), None).ok());
    // Responses are not signed: nothing to show but the outcome.
    let e = m.explain_response(&Received::new(r#"{"code":"00000","data":{}}"#, &[]), None);
    assert!(e.ok() && e.steps.is_empty());
}

/// Encrypted messages: the uniform error, nothing else, whatever failed and whatever
/// string is offered for comparison.
#[test]
fn encrypted_messages_get_the_uniform_error_only() {
    let m = Paytend::new(
        "888666000100201",
        key("sandbox_merchant_2048.pem"),
        key("sandbox_provider_2048.pem").public_key(),
        env(),
    )
    .unwrap();
    let p = m.provider(key("sandbox_provider_2048.pem"));
    let s = p.seal_response(r#"{"cardNo":"4111111111111111"}"#).unwrap();
    let data = providers_support::member(&s.body, "respData");
    let mut forged = data.trim_matches('"').to_owned();
    forged.replace_range(4..8, "AAAA");
    let tampered = replace_member(&s.body, "respData", &format!("\"{forged}\""));
    let r = Received::new(&tampered, &s.headers);
    let e = m.explain_response(&r, Some("anything"));
    let err = e.error.clone().unwrap();
    assert!(e.steps.is_empty() && e.failed_check.is_none() && e.their_string.is_none());
    let mut message = String::new();
    cardseal::canonical::json::write_string(&err.to_string(), &mut message);
    assert_eq!(
        e.to_json(),
        format!(
            r#"{{"provider":"paytend","side":"merchant","message":"response","ok":false,"error":{{"kind":"{}","message":{message}}}}}"#,
            err.kind().as_str()
        )
    );
}

/// UPay: the string and `SIGN_PARAM` as cardseal builds them; never the HMAC it expects.
#[test]
fn upay_request_shows_the_string_not_the_expected_mac() {
    let m = UPay::new(
        "api-key-1",
        UPAY_SECRET,
        key("sandbox_merchant_2048.pem"),
        key("sandbox_provider_2048.pem").public_key(),
        env(),
    )
    .unwrap();
    let p = m.provider(key("sandbox_provider_2048.pem"));
    let req = UPayRequest {
        method: "POST",
        path: "/api/v1/card/apply",
        ..UPayRequest::default()
    };
    let s = Merchant::seal_request(&m, &req, r#"{"amount":10,"b":[2,1]}"#).unwrap();
    let theirs = s.trace.get("string_to_sign").unwrap().to_owned();
    let body = s.body.replace("10", "11");
    let r = Received::new(&body, &s.headers).to("POST", "/api/v1/card/apply");
    let e = p.explain_request(&r, Some(&theirs));
    assert_eq!(e.failed_check.as_deref(), Some("X-UPA-SIGN does not match"));
    let ours = theirs.replace("amount=10", "amount=11");
    assert_eq!(step(&e, "string_to_sign"), ours);
    assert_eq!(step(&e, "sign_param"), r#"amount=11&b=[2,1]"#);
    assert_eq!(
        e.their_string.as_ref().unwrap().byte_offset,
        ours.find("amount=11").map(|i| i + "amount=1".len())
    );
    let expected_mac = upay::hmac_sign(UPAY_SECRET.as_bytes(), ours.as_bytes());
    let report = e.to_json();
    assert!(!report.contains(&expected_mac), "{report}");
    assert!(!report.contains(UPAY_SECRET));
}

/// ASINX: `path + body` and its base64; never the `sign` cardseal expects.
#[test]
fn asinx_request_shows_the_origin_not_the_expected_sign() {
    let m = Asinx::new("app-1", ASINX_SECRET, env()).unwrap();
    let p = m.provider();
    let req = AsinxRequest {
        path: "/card/list",
        uid: None,
    };
    let s = Merchant::seal_request(&m, &req, r#"{"page":1}"#).unwrap();
    let r = Received::new(&s.body, &s.headers).to("POST", "/card/other");
    let e = p.explain_request(&r, Some("/card/list{\"page\":1}"));
    assert_eq!(
        e.failed_check.as_deref(),
        Some("sign header does not match")
    );
    assert_eq!(step(&e, "string_to_sign"), "/card/other{\"page\":1}");
    assert_eq!(e.their_string.as_ref().unwrap().byte_offset, Some(6));
    let expected = Merchant::seal_request(
        &m,
        &AsinxRequest {
            path: "/card/other",
            uid: None,
        },
        r#"{"page":1}"#,
    )
    .unwrap();
    let report = e.to_json();
    assert!(
        !report.contains(expected.header("sign").unwrap()),
        "{report}"
    );
    assert!(!report.contains(ASINX_SECRET));
    assert_eq!(step(&e, "received_sign"), s.header("sign").unwrap());
}

#[test]
fn differences() {
    let d = difference("abc", "abc");
    assert!(d.identical && d.byte_offset.is_none());
    let d = difference("abc", "abd");
    assert_eq!((d.byte_offset, d.ours_context.as_str()), (Some(2), "abc"));
    let d = difference("ab", "abc");
    assert_eq!(
        (d.identical, d.byte_offset, d.theirs_len),
        (false, Some(2), 3)
    );
    let long = "x".repeat(100) + "1" + &"y".repeat(100);
    let other = "x".repeat(100) + "2" + &"y".repeat(100);
    let d = difference(&long, &other);
    assert_eq!(d.byte_offset, Some(100));
    assert_eq!(d.ours_context, "x".repeat(24) + "1" + &"y".repeat(23));
}
