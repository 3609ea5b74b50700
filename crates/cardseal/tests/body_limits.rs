#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The maximum body size of every provider's open paths (`DEFAULT_MAX_BODY_BYTES`,
//! `with_max_body_bytes`): checked first, with the exact error; a KYC-sized message still
//! opens under the default.

mod providers_support;

use cardseal::providers::kazepay::{KazePay, KazePayProfile};
use cardseal::providers::{Mirror, Received, asinx, hypercard, kazepay, paytend, upay};
use cardseal::{Env, Error};
use providers_support::key_file;

const MIB32: usize = 32 * 1024 * 1024;

fn key(name: &str) -> cardseal::hazmat::rsa::RsaPrivateKey {
    cardseal::keys::parse_private_key(key_file(name).as_bytes()).unwrap()
}

fn over(len: usize, max: usize) -> Error {
    Error::invalid_input(
        "body",
        format!("{len} bytes, more than the maximum of {max} bytes (max_body_bytes)"),
    )
}

/// A body of `len` bytes that is not even JSON: the size check must come first.
fn junk(len: usize) -> String {
    "x".repeat(len)
}

#[test]
fn defaults_are_32_mib_everywhere() {
    assert_eq!(hypercard::DEFAULT_MAX_BODY_BYTES, MIB32);
    assert_eq!(paytend::DEFAULT_MAX_BODY_BYTES, MIB32);
    assert_eq!(asinx::DEFAULT_MAX_BODY_BYTES, MIB32);
    assert_eq!(kazepay::DEFAULT_MAX_BODY_BYTES, MIB32);
    assert_eq!(upay::DEFAULT_MAX_BODY_BYTES, MIB32);
}

#[test]
fn hypercard_caps_every_open_path() {
    let merchant = hypercard::HyperCard::new(
        "hc_key",
        key("sandbox_merchant_1024.pem"),
        key("sandbox_provider_1024.pem").public_key(),
        Env::fixed(b"cap", 1_700_000_000_000),
    )
    .unwrap();
    let mirror = merchant.provider(key("sandbox_provider_1024.pem"));
    let body = providers_support::kyc_body(2 * 1024 * 1024);
    let push = mirror.seal_notification(&body).unwrap();
    let req = merchant
        .seal_request(&body, hypercard::HyperCardRequestOptions::default())
        .unwrap();
    // Default: the KYC-sized messages open; one byte over 32 MiB does not.
    assert_eq!(
        merchant
            .open_notification(&push.body, &push.headers)
            .unwrap(),
        body
    );
    assert_eq!(mirror.open_request(&req.body, &req.headers).unwrap(), body);
    let big = junk(MIB32 + 1);
    assert_eq!(
        merchant.open_notification(&big, &push.headers),
        Err(over(MIB32 + 1, MIB32))
    );
    assert_eq!(merchant.open_response(&big), Err(over(MIB32 + 1, MIB32)));
    assert_eq!(
        mirror.open_request(&big, &req.headers),
        Err(over(MIB32 + 1, MIB32))
    );
    // Configured: exactly the size opens, one byte less is refused.
    let n = body.len();
    let tight = merchant.clone().with_max_body_bytes(n);
    assert_eq!(
        tight.open_notification(&push.body, &push.headers).unwrap(),
        body
    );
    let short = merchant.clone().with_max_body_bytes(n - 1);
    assert_eq!(
        short.open_notification(&push.body, &push.headers),
        Err(over(n, n - 1))
    );
    let short_mirror = mirror.clone().with_max_body_bytes(n - 1);
    assert_eq!(
        short_mirror.open_request(&req.body, &req.headers),
        Err(over(n, n - 1))
    );
    // The mirror made from a configured client keeps its cap.
    let derived = short.provider(key("sandbox_provider_1024.pem"));
    assert_eq!(
        derived.open_request(&req.body, &req.headers),
        Err(over(n, n - 1))
    );
}

#[test]
fn paytend_caps_every_open_path() {
    let partner = paytend::Paytend::new(
        "888666000100201",
        key("sandbox_merchant_1024.pem"),
        key("sandbox_provider_1024.pem").public_key(),
        Env::fixed(b"cap", 1_700_000_000_000),
    )
    .unwrap();
    let mirror = partner.provider(key("sandbox_provider_1024.pem"));
    let body = providers_support::kyc_body(2 * 1024 * 1024);
    let resp = mirror.seal_response(&body).unwrap();
    let note = mirror.seal_notification(&body).unwrap();
    let req = partner.seal_request(&body, None).unwrap();
    assert_eq!(partner.open_response(&resp.body).unwrap(), body);
    assert_eq!(partner.open_notification(&note.body, &[]).unwrap(), body);
    assert_eq!(mirror.open_request(&req.body, &[]).unwrap(), body);
    let big = junk(MIB32 + 1);
    assert_eq!(partner.open_response(&big), Err(over(MIB32 + 1, MIB32)));
    assert_eq!(
        partner.open_notification(&big, &[]),
        Err(over(MIB32 + 1, MIB32))
    );
    assert_eq!(mirror.open_request(&big, &[]), Err(over(MIB32 + 1, MIB32)));
    let n = resp.body.len();
    let short = partner.clone().with_max_body_bytes(n - 1);
    assert_eq!(short.open_response(&resp.body), Err(over(n, n - 1)));
    assert_eq!(
        partner
            .clone()
            .with_max_body_bytes(n)
            .open_response(&resp.body)
            .unwrap(),
        body
    );
    let n = req.body.len();
    let short_mirror = mirror.with_max_body_bytes(n - 1);
    assert_eq!(
        short_mirror.open_request(&req.body, &[]),
        Err(over(n, n - 1))
    );
}

#[test]
fn asinx_caps_every_open_path() {
    let merchant = asinx::Asinx::new(
        "app_447770",
        "b635dd5c87f7bf73387929203321b1e1",
        Env::fixed(b"", 0),
    )
    .unwrap();
    let mirror = merchant.provider();
    let body = providers_support::kyc_body(2 * 1024 * 1024);
    let resp = mirror.seal_response(&body).unwrap();
    assert_eq!(merchant.open_response(&resp.body).unwrap(), body);
    let big = junk(MIB32 + 1);
    assert_eq!(merchant.open_response(&big), Err(over(MIB32 + 1, MIB32)));
    assert_eq!(
        merchant.open_notification(&big, &[]),
        Err(over(MIB32 + 1, MIB32))
    );
    assert_eq!(
        Mirror::open_request(&mirror, &Received::new(&big, &[]).to("POST", "/x")),
        Err(over(MIB32 + 1, MIB32))
    );
    let n = resp.body.len();
    let short = merchant.clone().with_max_body_bytes(n - 1);
    assert_eq!(short.open_response(&resp.body), Err(over(n, n - 1)));
    let short_mirror = short.provider();
    let req = merchant
        .seal_request("/user/register", "{\"a\":1}", None)
        .unwrap();
    let h = req.headers.clone();
    assert_eq!(
        Mirror::open_request(
            &mirror,
            &Received::new(&req.body, &h).to("POST", "/user/register")
        )
        .unwrap(),
        req.body
    );
    assert_eq!(
        Mirror::open_request(
            &short_mirror.with_max_body_bytes(req.body.len() - 1),
            &Received::new(&req.body, &h).to("POST", "/user/register")
        ),
        Err(over(req.body.len(), req.body.len() - 1))
    );
}

#[test]
fn kazepay_caps_every_open_path() {
    let client = KazePay::new(
        "H2400002001",
        key("kazepay_merchant.pem"),
        key("kazepay_provider.pem").public_key(),
        KazePayProfile::default(),
        Env::fixed(b"cap", 1_700_000_000_000),
    )
    .unwrap();
    let mirror = client.provider(key("kazepay_provider.pem"));
    let body = providers_support::kyc_body(2 * 1024 * 1024);
    let req = client.seal_request("setUcardKyc", &body, None).unwrap();
    assert_eq!(mirror.open_request(&req.body, &[]).unwrap(), body);
    let resp = mirror.seal_response("setUcardKyc", "1", &body).unwrap();
    assert_eq!(client.open_response(&resp.body).unwrap(), body);
    let big = junk(MIB32 + 1);
    assert_eq!(client.open_response(&big), Err(over(MIB32 + 1, MIB32)));
    assert_eq!(
        client.open_notification(&big, &[]),
        Err(over(MIB32 + 1, MIB32))
    );
    assert_eq!(mirror.open_request(&big, &[]), Err(over(MIB32 + 1, MIB32)));
    let n = resp.body.len();
    assert_eq!(
        client
            .clone()
            .with_max_body_bytes(n - 1)
            .open_response(&resp.body),
        Err(over(n, n - 1))
    );
    let n = req.body.len();
    assert_eq!(
        mirror
            .with_max_body_bytes(n - 1)
            .open_request(&req.body, &[]),
        Err(over(n, n - 1))
    );
}

#[test]
fn upay_caps_every_open_path() {
    let client = upay::UPay::new(
        "upay_api_key",
        "upay-secret",
        key("sandbox_merchant_1024.pem"),
        key("sandbox_provider_1024.pem").public_key(),
        Env::fixed(b"cap", 1_700_000_000_000),
    )
    .unwrap();
    let mirror = client.provider(key("sandbox_provider_1024.pem"));
    let kyc = providers_support::kyc_body(2 * 1024 * 1024);
    let body = format!("{{\"event\":\"kyc.submitted\",\"data\":{kyc}}}");
    let hook = mirror.seal_notification(&body).unwrap();
    let opened = client
        .open_notification(&hook.body, &hook.headers, None)
        .unwrap();
    assert_eq!(opened, body);
    let big = junk(MIB32 + 1);
    assert_eq!(client.open_response(&big), Err(over(MIB32 + 1, MIB32)));
    assert_eq!(
        client.open_notification(&big, &hook.headers, None),
        Err(over(MIB32 + 1, MIB32))
    );
    assert_eq!(
        mirror.open_request("POST", "/x", &big, &[]),
        Err(over(MIB32 + 1, MIB32))
    );
    let n = hook.body.len();
    assert_eq!(
        client.clone().with_max_body_bytes(n - 1).open_notification(
            &hook.body,
            &hook.headers,
            None
        ),
        Err(over(n, n - 1))
    );
    assert_eq!(
        mirror
            .with_max_body_bytes(10)
            .open_request("POST", "/x", "{\"a\":\"0123456789\"}", &[]),
        Err(over(18, 10))
    );
}

#[test]
fn hypercard_scan_errors_match_the_parse_errors() {
    let merchant = hypercard::HyperCard::new(
        "hc_key",
        key("sandbox_merchant_1024.pem"),
        key("sandbox_provider_1024.pem").public_key(),
        Env::fixed(b"cap", 1_700_000_000_000),
    )
    .unwrap();
    let headers = vec![("signature".to_owned(), "AAAA".to_owned())];
    let zeros = format!("{{\"a\":[{}0]}}", "0,".repeat(1_000_000));
    for (body, want) in [
        (
            zeros.as_str(),
            "json: parse limit: more than 500000 JSON values (max_values) at byte offset 1000002",
        ),
        ("[1]", "expected a JSON object, found array"),
        (" \"x\"", "expected a JSON object, found string"),
        (
            "{\"a\":1,}",
            "json: trailing comma in object at byte offset 7",
        ),
    ] {
        assert_eq!(
            merchant.open_notification(body, &headers),
            Err(Error::invalid_input("body", want)),
            "{:?}",
            &body[..body.len().min(20)]
        );
    }
}
