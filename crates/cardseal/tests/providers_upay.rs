#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! UPay: the published HMAC vector (docs/providers/upay.md), requests (plain, encrypted,
//! multipart) with their `X-UPA-APIKEY` header, responses (decided by `code`), webhooks,
//! the mirror (API key, 60 s request window), and every refusal with its error kind.

mod providers_support;

use cardseal::hazmat::digest::sha256;
use cardseal::hazmat::encoding::hex_encode;
use cardseal::hazmat::jwe::{self, DecryptOptions};
use cardseal::providers::upay::{
    self, HEADER_API_KEY, HEADER_REQUEST_ID, HEADER_SIGN, HEADER_TIMESTAMP, UPay, UPayProvider,
    UPayRequestOptions,
};
use cardseal::{Env, Error, ErrorKind, RsaPrivateKey, keys};
use proptest::prelude::*;

const SECRET: &str = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%";
/// No API key value is published; this one is made up (it is not signed).
const API_KEY: &str = "upa-test-ak-7Qm2Zx";
const PUBLISHED_STRING: &str = r#"POST|/api/v1/customer/add|1774573955994|366dde77c57a4e7e988c074a21a4f04c|address={"address":"535 Mission St, Floor 12","countryId":12,"name":"Demo given name","postalCode":"94105","provinceId":475}&annualIncome=100.5&company=Demo company&email=sing_demo@upb.com&givenName=Demo given name&globalCode=+1&groupNo=101680210001&lastName=Demo last name&occupation=Demo occupation&phone=127897890&position=Demo position&remark=This is sample data for adding customers&workYear=1"#;
const PUBLISHED_SIGN: &str = "pRbX0ikM/4j/E3tBxNOO/m3Hra+4d2/r+xtRTJ6N5pk=";
/// The params of the published example, as a merchant would write them (unsorted, nested
/// object unsorted too).
const PUBLISHED_PARAMS: &str = r#"{"groupNo":"101680210001","givenName":"Demo given name","lastName":"Demo last name","email":"sing_demo@upb.com","globalCode":"+1","phone":"127897890","company":"Demo company","position":"Demo position","occupation":"Demo occupation","annualIncome":100.5,"workYear":1,"address":{"name":"Demo given name","countryId":12,"provinceId":475,"address":"535 Mission St, Floor 12","postalCode":"94105"},"remark":"This is sample data for adding customers"}"#;
const NOW: i64 = 1_774_573_955_994;

fn key(name: &str) -> RsaPrivateKey {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../test-vectors/keys")
        .join(name);
    keys::parse_private_key(std::fs::read_to_string(p).unwrap().as_bytes()).unwrap()
}

fn merchant_key() -> RsaPrivateKey {
    key("upay_merchant.pem")
}

fn platform_key() -> RsaPrivateKey {
    key("upay_platform.pem")
}

fn client(seed: &[u8], now: i64) -> UPay {
    UPay::new(
        API_KEY,
        SECRET,
        merchant_key(),
        platform_key().public_key(),
        Env::fixed(seed, now),
    )
    .unwrap()
}

fn pair(seed: &[u8], now: i64) -> (UPay, UPayProvider) {
    let c = client(seed, now);
    let p = c.provider(platform_key());
    (c, p)
}

fn published_opts() -> UPayRequestOptions {
    UPayRequestOptions {
        encrypt: false,
        timestamp_ms: Some(1_774_573_955_994),
        request_id: Some("366dde77c57a4e7e988c074a21a4f04c".into()),
        multipart: false,
    }
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn published_hmac_over_string() {
    assert_eq!(
        upay::hmac_sign(SECRET.as_bytes(), PUBLISHED_STRING.as_bytes()),
        PUBLISHED_SIGN
    );
}

#[test]
fn published_vector_via_seal_request() {
    let s = client(b"pub", NOW)
        .seal_request(
            "POST",
            "/api/v1/customer/add",
            PUBLISHED_PARAMS,
            &published_opts(),
        )
        .unwrap();
    assert_eq!(s.trace.get("string_to_sign"), Some(PUBLISHED_STRING));
    assert_eq!(s.header(HEADER_SIGN), Some(PUBLISHED_SIGN));
    assert_eq!(
        s.headers,
        headers(&[
            (HEADER_REQUEST_ID, "366dde77c57a4e7e988c074a21a4f04c"),
            (HEADER_TIMESTAMP, "1774573955994"),
            (HEADER_SIGN, PUBLISHED_SIGN),
            (HEADER_API_KEY, API_KEY),
        ])
    );
    assert_eq!(
        s.body, PUBLISHED_PARAMS,
        "plain body is the params text byte for byte"
    );
    let sp = PUBLISHED_STRING.splitn(5, '|').nth(4).unwrap();
    assert_eq!(s.trace.get("sign_param"), Some(sp));
    assert_eq!(s.trace.get("sign"), Some(PUBLISHED_SIGN));
    // Lower-case method is normalised.
    let s2 = client(b"pub", NOW)
        .seal_request(
            "post",
            "/api/v1/customer/add",
            PUBLISHED_PARAMS,
            &published_opts(),
        )
        .unwrap();
    assert_eq!(s2.header(HEADER_SIGN), Some(PUBLISHED_SIGN));
}

#[test]
fn published_vector_encrypted_signs_the_plaintext() {
    let (c, p) = pair(b"enc", NOW);
    let opts = UPayRequestOptions {
        encrypt: true,
        ..published_opts()
    };
    let s = c
        .seal_request("POST", "/api/v1/customer/add", PUBLISHED_PARAMS, &opts)
        .unwrap();
    assert_eq!(s.header(HEADER_SIGN), Some(PUBLISHED_SIGN));
    assert!(s.body.starts_with("{\"payload\":\"eyJ"), "{}", s.body);
    assert!(s.body.ends_with("\"}"));
    // kid = hex(SHA-256(platform public key PEM text)).
    let pem = platform_key().public_key().to_spki_pem().unwrap();
    assert!(
        pem.starts_with("-----BEGIN PUBLIC KEY-----\n")
            && pem.ends_with("-----END PUBLIC KEY-----\n")
    );
    assert!(pem.lines().all(|l| l.len() <= 64));
    let kid = hex_encode(&sha256(pem.as_bytes()));
    assert_eq!(s.trace.get("kid"), Some(kid.as_str()));
    assert_eq!(
        s.trace.get("jwe_header").unwrap(),
        format!(
            r#"{{"alg":"RSA-OAEP-256","enc":"A128GCM","zip":"DEF","typ":"JOSE","kid":"{kid}"}}"#
        )
    );
    // The platform decrypts the JWE to the exact params text.
    let jwe_text = s.trace.get("jwe").unwrap();
    let d = jwe::decrypt(jwe_text, &platform_key(), &DecryptOptions::default()).unwrap();
    assert_eq!(d.plaintext, PUBLISHED_PARAMS.as_bytes());
    // And the mirror opens the whole request.
    assert_eq!(
        p.open_request("POST", "/api/v1/customer/add", &s.body, &s.headers)
            .unwrap(),
        PUBLISHED_PARAMS
    );
}

#[test]
fn generated_ids_and_timestamp() {
    let c = client(b"ids", NOW);
    let s = c
        .seal_request(
            "GET",
            "/api/v1/card/info",
            "",
            &UPayRequestOptions::default(),
        )
        .unwrap();
    let rid = s.header(HEADER_REQUEST_ID).unwrap();
    assert_eq!(rid.len(), 32);
    assert!(
        rid.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert_eq!(&rid[12..13], "4", "UUID v4 version nibble");
    assert!("89ab".contains(&rid[16..17]), "UUID variant");
    assert_eq!(s.header(HEADER_TIMESTAMP), Some("1774573955994"));
    // Empty params: the string to sign ends in `|`.
    let sts = s.trace.get("string_to_sign").unwrap();
    assert_eq!(sts, format!("GET|/api/v1/card/info|1774573955994|{rid}|"));
    assert_eq!(
        s.header(HEADER_SIGN).unwrap(),
        upay::hmac_sign(SECRET.as_bytes(), sts.as_bytes())
    );
    // Reproducible with the same seed, different with another.
    let again = client(b"ids", NOW)
        .seal_request(
            "GET",
            "/api/v1/card/info",
            "",
            &UPayRequestOptions::default(),
        )
        .unwrap();
    assert_eq!(again, s);
    let other = client(b"other", NOW)
        .seal_request(
            "GET",
            "/api/v1/card/info",
            "",
            &UPayRequestOptions::default(),
        )
        .unwrap();
    assert_ne!(other.header(HEADER_REQUEST_ID), s.header(HEADER_REQUEST_ID));
    // `{}` also signs an empty SIGN_PARAM.
    let s3 = c
        .seal_request("POST", "/x", "{}", &published_opts())
        .unwrap();
    assert!(
        s3.trace
            .get("string_to_sign")
            .unwrap()
            .ends_with("366dde77c57a4e7e988c074a21a4f04c|")
    );
}

#[test]
fn multipart_signs_an_empty_sign_param() {
    let opts = UPayRequestOptions {
        multipart: true,
        ..published_opts()
    };
    // The file upload: multipart `file` + `fileType`; the params text is not signed.
    let s = client(b"mp", NOW)
        .seal_request(
            "POST",
            "/api/v1/common/file/upload",
            r#"{"fileType":"1"}"#,
            &opts,
        )
        .unwrap();
    assert_eq!(s.trace.get("sign_param"), Some(""));
    assert_eq!(
        s.trace.get("string_to_sign"),
        Some("POST|/api/v1/common/file/upload|1774573955994|366dde77c57a4e7e988c074a21a4f04c|")
    );
    // b64(HMAC-SHA256(secret, that string)), computed with Python's hmac module.
    let sign = "xy+DHVCit8Jun5a22H8r54d20QhdpquMW/eyzHr86ME=";
    assert_eq!(
        s.headers,
        headers(&[
            (HEADER_REQUEST_ID, "366dde77c57a4e7e988c074a21a4f04c"),
            (HEADER_TIMESTAMP, "1774573955994"),
            (HEADER_SIGN, sign),
            (HEADER_API_KEY, API_KEY),
        ])
    );
    assert_eq!(s.body, "");
    // Whatever the params text, a multipart upload signs the same string.
    let other = client(b"mp", NOW)
        .seal_request("POST", "/api/v1/common/file/upload", "", &opts)
        .unwrap();
    assert_eq!(other.headers, s.headers);
    // The mirror, given the empty body of a multipart request, agrees.
    let p = client(b"mp", NOW).provider(platform_key());
    assert_eq!(
        p.open_request("POST", "/api/v1/common/file/upload", "", &s.headers)
            .unwrap(),
        ""
    );
}

#[test]
fn bad_request_inputs_are_invalid_input() {
    let c = client(b"bad", NOW);
    let field = |m: &str, p: &str, j: &str, o: &UPayRequestOptions| match c
        .seal_request(m, p, j, o)
        .unwrap_err()
    {
        Error::InvalidInput { field, .. } => field,
        other => panic!("{other:?}"),
    };
    let o = published_opts();
    assert_eq!(field("", "/x", "{}", &o), "method");
    assert_eq!(field("PO ST", "/x", "{}", &o), "method");
    assert_eq!(field("POST", "x", "{}", &o), "path");
    assert_eq!(field("POST", "/a|b", "{}", &o), "path");
    assert_eq!(field("POST", "/x", "{", &o), "params");
    assert_eq!(field("POST", "/x", "[1]", &o), "params");
    let ts = |t| UPayRequestOptions {
        timestamp_ms: Some(t),
        ..published_opts()
    };
    assert_eq!(
        field("POST", "/x", "{}", &ts(1_774_573_955)),
        "timestamp_ms"
    );
    assert_eq!(field("POST", "/x", "{}", &ts(-1)), "timestamp_ms");
    let rid = |r: &str| UPayRequestOptions {
        request_id: Some(r.into()),
        ..published_opts()
    };
    assert_eq!(field("POST", "/x", "{}", &rid("")), "request_id");
    assert_eq!(field("POST", "/x", "{}", &rid("a|b")), "request_id");
    assert_eq!(
        UPay::new(
            "a",
            "",
            merchant_key(),
            platform_key().public_key(),
            Env::fixed(b"", 0)
        )
        .unwrap_err()
        .kind(),
        ErrorKind::InvalidKey
    );
}

#[test]
fn api_key_must_be_a_non_empty_header_value() {
    for (bad, reason) in [
        ("", "must not be empty"),
        ("ak\r\nX-Evil: 1", "control character at offset 2"),
        ("ak\u{7f}", "control character at offset 2"),
        ("\tak", "control character at offset 0"),
    ] {
        let want = Error::invalid_input("api_key", reason);
        assert_eq!(
            UPay::new(
                bad,
                SECRET,
                merchant_key(),
                platform_key().public_key(),
                Env::fixed(b"", 0)
            )
            .unwrap_err(),
            want,
            "{bad:?}"
        );
        assert_eq!(
            UPayProvider::new(
                bad,
                SECRET,
                platform_key(),
                merchant_key().public_key(),
                Env::fixed(b"", 0)
            )
            .unwrap_err(),
            want,
            "{bad:?}"
        );
    }
    // The error text does not carry the value.
    let e = UPay::new(
        "ak\nsecret-part",
        SECRET,
        merchant_key(),
        platform_key().public_key(),
        Env::fixed(b"", 0),
    )
    .unwrap_err();
    assert!(!e.to_string().contains("secret-part"), "{e}");
}

#[test]
fn api_key_accessors_and_constants() {
    let c = client(b"acc", NOW);
    assert_eq!(c.api_key(), API_KEY);
    #[allow(deprecated)]
    let alias = c.app_id();
    assert_eq!(alias, API_KEY);
    assert_eq!(c.provider(platform_key()).api_key(), API_KEY);
    assert_eq!(HEADER_API_KEY, "X-UPA-APIKEY");
    assert_eq!(upay::NOTIFICATION_ACK, "SUCCESS");
    assert_eq!(upay::DEFAULT_REQUEST_WINDOW_MS, 60_000);
    assert_eq!(upay::DEFAULT_REPLAY_WINDOW_MS, 30 * 60 * 1000);
}

#[test]
fn every_sealed_request_carries_the_api_key_header_unsigned() {
    let c = client(b"every", NOW);
    let other = UPay::new(
        "another-api-key",
        SECRET,
        merchant_key(),
        platform_key().public_key(),
        Env::fixed(b"every", NOW),
    )
    .unwrap();
    for (params, encrypt, multipart) in [
        (PUBLISHED_PARAMS, false, false),
        (PUBLISHED_PARAMS, true, false),
        ("", false, false),
        ("{}", true, false),
        (r#"{"fileType":"1"}"#, false, true),
        ("", false, true),
    ] {
        let opts = UPayRequestOptions {
            encrypt,
            multipart,
            ..published_opts()
        };
        let s = c.seal_request("POST", "/api/v1/x", params, &opts).unwrap();
        let names: Vec<&str> = s.headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                HEADER_REQUEST_ID,
                HEADER_TIMESTAMP,
                HEADER_SIGN,
                HEADER_API_KEY
            ],
            "{params} {encrypt} {multipart}"
        );
        assert_eq!(s.header(HEADER_API_KEY), Some(API_KEY));
        // Another API key: the same sign (the key is not part of the string to sign).
        let o = other
            .seal_request("POST", "/api/v1/x", params, &opts)
            .unwrap();
        assert_eq!(o.header(HEADER_API_KEY), Some("another-api-key"));
        assert_eq!(o.header(HEADER_SIGN), s.header(HEADER_SIGN));
        assert_eq!(o.trace.get("string_to_sign"), s.trace.get("string_to_sign"));
        assert!(!s.trace.get("string_to_sign").unwrap().contains(API_KEY));
    }
}

#[test]
fn debug_never_prints_the_secret_or_key() {
    let c = client(b"dbg", NOW);
    let d = format!("{c:?}");
    assert_eq!(
        d,
        format!(
            "UPay {{ api_key: \"{API_KEY}\", secret: SecretString([REDACTED]), private_key: RsaPrivateKey {{ bits: 2048, backend: {} }}, replay_window_ms: 1800000, .. }}",
            cardseal::Backend::default().name()
        )
    );
    assert!(!d.contains("g3)&"), "{d}");
    assert!(d.contains("SecretString([REDACTED])"), "{d}");
    let p = c.provider(platform_key());
    let d = format!("{p:?}");
    assert!(!d.contains("g3)&"), "{d}");
    assert_eq!(
        d,
        format!(
            "UPayProvider {{ api_key: \"{API_KEY}\", secret: SecretString([REDACTED]), private_key: RsaPrivateKey {{ bits: 2048, backend: {} }}, request_window_ms: 60000, .. }}",
            cardseal::Backend::default().name()
        )
    );
}

#[test]
fn mirror_refuses_tampered_requests() {
    let (c, p) = pair(b"tamper", NOW);
    for encrypt in [false, true] {
        let opts = UPayRequestOptions {
            encrypt,
            ..published_opts()
        };
        let s = c
            .seal_request("POST", "/api/v1/customer/add", PUBLISHED_PARAMS, &opts)
            .unwrap();
        let open = |m: &str, path: &str, body: &str, h: &[(String, String)]| {
            p.open_request(m, path, body, h)
        };
        assert!(open("POST", "/api/v1/customer/add", &s.body, &s.headers).is_ok());
        // Another method or path.
        assert_eq!(
            open("PUT", "/api/v1/customer/add", &s.body, &s.headers).unwrap_err(),
            Error::signature_mismatch(cardseal::Check::UpaSign)
        );
        assert_eq!(
            open("POST", "/api/v1/customer/del", &s.body, &s.headers).unwrap_err(),
            Error::signature_mismatch(cardseal::Check::UpaSign)
        );
        // Each signed header changed.
        for (i, name) in [HEADER_REQUEST_ID, HEADER_TIMESTAMP, HEADER_SIGN]
            .iter()
            .enumerate()
        {
            let mut h = s.headers.clone();
            h[i].1 = if *name == HEADER_TIMESTAMP {
                "1774573955995".into()
            } else if *name == HEADER_SIGN {
                upay::hmac_sign(b"other secret", b"x")
            } else {
                "0".repeat(32)
            };
            assert_eq!(
                open("POST", "/api/v1/customer/add", &s.body, &h).unwrap_err(),
                Error::signature_mismatch(cardseal::Check::UpaSign),
                "{name}"
            );
            let h: Vec<_> = s
                .headers
                .iter()
                .filter(|(k, _)| k != name)
                .cloned()
                .collect();
            assert_eq!(
                open("POST", "/api/v1/customer/add", &s.body, &h)
                    .unwrap_err()
                    .kind(),
                ErrorKind::InvalidInput,
                "missing {name}"
            );
        }
        // The API key header: another value, a missing one, an empty one.
        let with_key = |v: Option<&str>| -> Vec<(String, String)> {
            let mut h: Vec<_> = s
                .headers
                .iter()
                .filter(|(k, _)| k != HEADER_API_KEY)
                .cloned()
                .collect();
            if let Some(v) = v {
                h.push((HEADER_API_KEY.to_owned(), v.to_owned()));
            }
            h
        };
        assert_eq!(
            open(
                "POST",
                "/api/v1/customer/add",
                &s.body,
                &with_key(Some("upa-test-ak-7Qm2Zy"))
            )
            .unwrap_err(),
            Error::SignatureMismatch {
                what: cardseal::Check::UpaApiKey
            }
        );
        assert_eq!(
            open("POST", "/api/v1/customer/add", &s.body, &with_key(Some(""))).unwrap_err(),
            Error::signature_mismatch(cardseal::Check::UpaApiKey)
        );
        assert_eq!(
            open("POST", "/api/v1/customer/add", &s.body, &with_key(None)).unwrap_err(),
            Error::invalid_input("X-UPA-APIKEY", "missing header")
        );
        // Header names in any case.
        let lower: Vec<_> = s
            .headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect();
        assert_eq!(lower[3].0, "x-upa-apikey");
        assert!(open("POST", "/api/v1/customer/add", &s.body, &lower).is_ok());
    }
    // A mirror made for another merchant API key refuses this merchant's requests, naming
    // the API key header (the HMAC would verify: same secret).
    let s = c
        .seal_request("POST", "/p", "{}", &published_opts())
        .unwrap();
    let stranger = UPayProvider::new(
        "someone-else",
        SECRET,
        platform_key(),
        merchant_key().public_key(),
        Env::fixed(b"tamper", NOW),
    )
    .unwrap();
    assert_eq!(
        stranger
            .open_request("POST", "/p", "{}", &s.headers)
            .unwrap_err(),
        Error::signature_mismatch(cardseal::Check::UpaApiKey)
    );
    // The API key is checked before the body is decrypted: a wrong key with a body that
    // is not even a JWE is refused for the key.
    let mut h = s.headers.clone();
    h[3].1 = "nope".into();
    assert_eq!(
        p.open_request("POST", "/p", r#"{"payload":"not a JWE"}"#, &h)
            .unwrap_err(),
        Error::signature_mismatch(cardseal::Check::UpaApiKey)
    );
    // A changed plaintext param.
    let s = c
        .seal_request("POST", "/p", r#"{"amount":"1.00"}"#, &published_opts())
        .unwrap();
    assert_eq!(
        p.open_request("POST", "/p", r#"{"amount":"9.00"}"#, &s.headers)
            .unwrap_err(),
        Error::signature_mismatch(cardseal::Check::UpaSign)
    );
    // An encrypted body the platform cannot decrypt (encrypted to the merchant key).
    let wrong = UPay::new(
        "a",
        SECRET,
        platform_key(),
        merchant_key().public_key(),
        Env::fixed(b"w", NOW),
    )
    .unwrap();
    let mut s = wrong
        .seal_request(
            "POST",
            "/p",
            "{}",
            &UPayRequestOptions {
                encrypt: true,
                ..published_opts()
            },
        )
        .unwrap();
    s.headers[3].1 = API_KEY.into();
    assert_eq!(
        p.open_request("POST", "/p", &s.body, &s.headers)
            .unwrap_err(),
        Error::DecryptionFailed
    );
}

#[test]
fn mirror_request_window_defaults_to_60_s_apart_from_the_webhook_window() {
    let c = client(b"win", NOW);
    let s = c
        .seal_request("POST", "/p", "{}", &published_opts())
        .unwrap();
    let mirror_at = |now: i64| client(b"win", now).provider(platform_key());
    let late = mirror_at(NOW + 60_001);
    assert_eq!(
        late.open_request("POST", "/p", "{}", &s.headers)
            .unwrap_err(),
        Error::Expired {
            timestamp_ms: NOW,
            now_ms: NOW + 60_001,
            max_age_ms: 60_000
        }
    );
    assert_eq!(
        mirror_at(NOW - 60_001)
            .open_request("POST", "/p", "{}", &s.headers)
            .unwrap_err(),
        Error::Expired {
            timestamp_ms: NOW,
            now_ms: NOW - 60_001,
            max_age_ms: 60_000
        }
    );
    for edge in [NOW + 60_000, NOW - 60_000] {
        assert_eq!(
            mirror_at(edge)
                .open_request("POST", "/p", "{}", &s.headers)
                .unwrap(),
            "{}"
        );
    }
    // The merchant's webhook window does not carry over to its mirror.
    let wide_merchant = client(b"win", NOW + 60_001)
        .with_replay_window_ms(60 * 60 * 1000)
        .unwrap();
    assert_eq!(
        wide_merchant
            .provider(platform_key())
            .open_request("POST", "/p", "{}", &s.headers)
            .unwrap_err()
            .kind(),
        ErrorKind::Expired
    );
    // A mirror made with `new` has the same 60 s default; the window is configurable.
    let fresh = UPayProvider::new(
        API_KEY,
        SECRET,
        platform_key(),
        merchant_key().public_key(),
        Env::fixed(b"win", NOW + 60_001),
    )
    .unwrap();
    assert_eq!(
        fresh
            .open_request("POST", "/p", "{}", &s.headers)
            .unwrap_err(),
        Error::Expired {
            timestamp_ms: NOW,
            now_ms: NOW + 60_001,
            max_age_ms: 60_000
        }
    );
    let wide = fresh.with_replay_window_ms(5 * 60 * 1000).unwrap();
    assert_eq!(
        wide.open_request("POST", "/p", "{}", &s.headers).unwrap(),
        "{}"
    );
    let wide = late.with_replay_window_ms(5 * 60 * 1000).unwrap();
    assert!(wide.open_request("POST", "/p", "{}", &s.headers).is_ok());
}

#[test]
fn responses_plain_encrypted_and_failures() {
    let (c, p) = pair(b"resp", NOW);
    let data = r#"{"customerNo":"C1","amount":5000.00,"nested":{"b":1,"a":[true,null]}}"#;
    let plain = p.seal_response(data, false).unwrap();
    assert_eq!(
        plain.body,
        format!(r#"{{"code":0,"msg":"success","success":true,"ts":{NOW},"data":{data}}}"#)
    );
    assert_eq!(c.open_response(&plain.body).unwrap(), data);
    let enc = p.seal_response(data, true).unwrap();
    assert!(
        enc.body.contains(r#""data":{"payload":"eyJ"#),
        "{}",
        enc.body
    );
    assert_eq!(c.open_response(&enc.body).unwrap(), data);
    // Provider failures.
    assert_eq!(
        c.open_response(r#"{"code":10001,"msg":"sign error","success":false,"ts":1,"data":null}"#)
            .unwrap_err(),
        Error::ProviderError {
            code: "10001".into(),
            message: "sign error".into(),
            result: None,
        }
    );
    assert_eq!(
        c.open_response(r#"{"code":"E2","msg":"x","success":false}"#)
            .unwrap_err(),
        Error::ProviderError {
            code: "E2".into(),
            message: "x".into(),
            result: None,
        }
    );
    // `code` alone decides, whatever `success` says.
    assert_eq!(
        c.open_response(r#"{"code":403,"msg":"Forbidden","success":true,"ts":1,"data":{"a":1}}"#)
            .unwrap_err(),
        Error::ProviderError {
            code: "403".into(),
            message: "Forbidden".into(),
            result: None,
        }
    );
    assert_eq!(
        c.open_response(r#"{"code":"403","msg":"Forbidden","success":true}"#)
            .unwrap_err(),
        Error::ProviderError {
            code: "403".into(),
            message: "Forbidden".into(),
            result: None,
        }
    );
    assert_eq!(
        c.open_response(r#"{"code":0,"msg":"odd","success":false,"data":{"a":1}}"#)
            .unwrap(),
        r#"{"a":1}"#
    );
    assert_eq!(
        c.open_response(r#"{"code":"0","msg":"success","success":true,"data":{"a":1}}"#)
            .unwrap(),
        r#"{"a":1}"#
    );
    assert_eq!(
        c.open_response(r#"{"code":"0","success":"no","data":null}"#)
            .unwrap(),
        "null"
    );
    // A code that only looks like zero is not success; a missing `msg` is an empty message.
    for (code, want) in [
        ("\"00\"", "00"),
        ("-0", "-0"),
        ("0.0", "0.0"),
        ("\" 0\"", " 0"),
    ] {
        assert_eq!(
            c.open_response(&format!(r#"{{"code":{code},"success":true}}"#))
                .unwrap_err(),
            Error::ProviderError {
                code: want.into(),
                message: String::new(),
                result: None,
            },
            "{code}"
        );
    }
    // Malformed responses.
    for bad in ["", "[]", "{", r#"{"msg":"no code"}"#, r#"{"code":true}"#] {
        assert_eq!(
            c.open_response(bad).unwrap_err().kind(),
            ErrorKind::InvalidInput,
            "{bad}"
        );
    }
    // A payload that is not a JWE.
    assert_eq!(
        c.open_response(r#"{"code":0,"success":true,"data":{"payload":"abc"}}"#)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    // Tampered JWE in data.payload.
    let mut body = enc.body.clone();
    let i = body.find("\"}}").unwrap() - 3;
    let ch = if &body[i..i + 1] == "A" { "B" } else { "A" };
    body.replace_range(i..i + 1, ch);
    assert_eq!(
        c.open_response(&body).unwrap_err().kind(),
        ErrorKind::DecryptionFailed
    );
}

fn event(detail: &str) -> String {
    format!(
        r#"{{"event":"CC_CONSUME","trace":"t-1","orderNo":"O-1","timestamp":{NOW},"detail":{detail}}}"#
    )
}

const DETAIL: &str = r#"{"cardId":"c1","amount":12.50,"currency":"USD","status":1}"#;

#[test]
fn webhook_round_trip_detail_object_or_string() {
    let (c, p) = pair(b"hook", NOW);
    for detail in [DETAIL.to_owned(), providers_support::lit(DETAIL)] {
        let n = p.seal_notification(&event(&detail)).unwrap();
        assert_eq!(n.header(HEADER_TIMESTAMP), Some("1774573955994"));
        assert_eq!(
            n.trace.get("string_to_sign").unwrap(),
            format!("CC_CONSUME|1774573955994|{}", n.body)
        );
        let got = c.open_notification(&n.body, &n.headers, Some(NOW)).unwrap();
        assert_eq!(got, event(DETAIL), "detail parsed to an object");
    }
}

#[test]
fn webhook_refusals() {
    let (c, p) = pair(b"hook2", NOW);
    let n = p.seal_notification(&event(DETAIL)).unwrap();
    let open = |b: &str, h: &[(String, String)], now| c.open_notification(b, h, now);
    assert!(open(&n.body, &n.headers, Some(NOW)).is_ok());
    // Wrong sign: another secret.
    let mut h = n.headers.clone();
    h[2].1 = upay::hmac_sign(
        b"another secret",
        format!("CC_CONSUME|{NOW}|{}", n.body).as_bytes(),
    );
    assert_eq!(
        open(&n.body, &h, Some(NOW)).unwrap_err(),
        Error::signature_mismatch(cardseal::Check::UpaSign)
    );
    // The sign covers the timestamp header.
    let mut h = n.headers.clone();
    h[1].1 = (NOW + 1).to_string();
    assert_eq!(
        open(&n.body, &h, Some(NOW)).unwrap_err(),
        Error::signature_mismatch(cardseal::Check::UpaSign)
    );
    // Tampered body → the JWE does not decrypt (decryption comes first).
    let parts: Vec<&str> = n.body.split('.').collect();
    let mut tag = jwe::base64url_decode(parts[4].as_bytes()).unwrap();
    tag[0] ^= 1;
    let tampered = [
        parts[0],
        parts[1],
        parts[2],
        parts[3],
        &jwe::base64url_encode(&tag),
    ]
    .join(".");
    assert_eq!(
        open(&tampered, &n.headers, Some(NOW)).unwrap_err(),
        Error::DecryptionFailed
    );
    // Expired, both directions, and a wider window.
    let win = 30 * 60 * 1000;
    assert_eq!(
        open(&n.body, &n.headers, Some(NOW + win + 1)).unwrap_err(),
        Error::Expired {
            timestamp_ms: NOW,
            now_ms: NOW + win + 1,
            max_age_ms: win
        }
    );
    assert_eq!(
        open(&n.body, &n.headers, Some(NOW - win - 1))
            .unwrap_err()
            .kind(),
        ErrorKind::Expired
    );
    assert!(open(&n.body, &n.headers, Some(NOW + win)).is_ok());
    let wide = client(b"hook2", NOW)
        .with_replay_window_ms(2 * win)
        .unwrap();
    assert!(
        wide.open_notification(&n.body, &n.headers, Some(NOW + win + 1))
            .is_ok()
    );
    // `now` defaults to the Env clock.
    assert!(open(&n.body, &n.headers, None).is_ok());
    let later = client(b"hook2", NOW + win + 1);
    assert_eq!(
        later
            .open_notification(&n.body, &n.headers, None)
            .unwrap_err()
            .kind(),
        ErrorKind::Expired
    );
    // Missing / malformed headers.
    for drop in [HEADER_SIGN, HEADER_TIMESTAMP] {
        let h: Vec<_> = n
            .headers
            .iter()
            .filter(|(k, _)| k != drop)
            .cloned()
            .collect();
        assert_eq!(
            open(&n.body, &h, Some(NOW)).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }
    let mut h = n.headers.clone();
    h[1].1 = "17745739x5994".into();
    assert_eq!(
        open(&n.body, &h, Some(NOW)).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    // Wrong merchant key.
    let stranger = UPay::new(
        "a",
        SECRET,
        platform_key(),
        platform_key().public_key(),
        Env::fixed(b"s", NOW),
    )
    .unwrap();
    assert_eq!(
        stranger
            .open_notification(&n.body, &n.headers, Some(NOW))
            .unwrap_err(),
        Error::DecryptionFailed
    );
    // A payload without `event`, or with a `detail` string that is not JSON.
    let no_event = p.seal_notification(&event(DETAIL).replace("\"event\"", "\"evt\""));
    assert_eq!(no_event.unwrap_err().kind(), ErrorKind::InvalidInput);
    let bad_detail = p
        .seal_notification(&event(&providers_support::lit("not json")))
        .unwrap();
    assert_eq!(
        c.open_notification(&bad_detail.body, &bad_detail.headers, Some(NOW))
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    // Headers are looked up case-insensitively.
    let lower: Vec<_> = n
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    assert!(open(&n.body, &lower, Some(NOW)).is_ok());
}

#[test]
fn webhook_retry_reuses_first_timestamp() {
    let (c, p) = pair(b"retry", NOW);
    let first = p
        .seal_notification_with(&event(DETAIL), Some(NOW), Some("abc"))
        .unwrap();
    assert_eq!(first.header(HEADER_REQUEST_ID), Some("abc"));
    // 20 minutes later, a retry with the first timestamp: inside the default window.
    let retry = p
        .seal_notification_with(&event(DETAIL), Some(NOW), None)
        .unwrap();
    assert!(
        c.open_notification(&retry.body, &retry.headers, Some(NOW + 20 * 60 * 1000))
            .is_ok()
    );
}

#[test]
fn kyc_sized_payload_round_trips_encrypted() {
    let (c, p) = pair(b"kyc", NOW);
    let body = providers_support::kyc_body(2_000_000);
    assert!(body.len() > 6_000_000);
    let opts = UPayRequestOptions {
        encrypt: true,
        ..published_opts()
    };
    let s = c.seal_request("POST", "/api/v1/kyc", &body, &opts).unwrap();
    assert_eq!(
        p.open_request("POST", "/api/v1/kyc", &s.body, &s.headers)
            .unwrap(),
        body
    );
    let r = p.seal_response(&body, true).unwrap();
    assert_eq!(c.open_response(&r.body).unwrap(), body);
    // A tight inflate cap refuses it (the default 16 MiB accepts it).
    let capped = client(b"kyc", NOW).with_max_inflated_bytes(1 << 20);
    assert_eq!(
        capped.open_response(&r.body).unwrap_err(),
        Error::invalid_input(
            "data.payload",
            "zip: inflated payload exceeds 1048576 bytes"
        )
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn prop_request_round_trip(params in providers_support::object(), encrypt: bool, seed: [u8; 8]) {
        let (c, p) = pair(&seed, NOW);
        let opts = UPayRequestOptions { encrypt, ..UPayRequestOptions::default() };
        let s = c.seal_request("POST", "/api/v1/x", &params, &opts).unwrap();
        prop_assert_eq!(p.open_request("POST", "/api/v1/x", &s.body, &s.headers).unwrap(), params.clone());
        // Any other secret fails.
        let other = UPayProvider::new(API_KEY, "x", platform_key(), merchant_key().public_key(), Env::fixed(&seed, NOW)).unwrap();
        prop_assert_eq!(other.open_request("POST", "/api/v1/x", &s.body, &s.headers).unwrap_err(), Error::signature_mismatch(cardseal::Check::UpaSign));
    }

    #[test]
    fn prop_response_round_trip(data in providers_support::value(), encrypt: bool) {
        let (c, p) = pair(b"prop-resp", NOW);
        let r = p.seal_response(&data, encrypt).unwrap();
        let want = if encrypt { data.clone() } else { cardseal::canonical::json::compact(&data).unwrap() };
        prop_assert_eq!(c.open_response(&r.body).unwrap(), want);
    }

    #[test]
    fn prop_webhook_round_trip_and_skew(detail in providers_support::object(), skew in -2_000_000i64..2_000_000) {
        let (c, p) = pair(b"prop-hook", NOW);
        let payload = event(&detail);
        let n = p.seal_notification(&payload).unwrap();
        let r = c.open_notification(&n.body, &n.headers, Some(NOW + skew));
        if skew.abs() <= 30 * 60 * 1000 {
            let want = cardseal::canonical::json::compact(&payload).unwrap();
            prop_assert_eq!(r.unwrap(), want);
        } else {
            prop_assert_eq!(r.unwrap_err().kind(), ErrorKind::Expired);
        }
    }

    #[test]
    fn prop_tampered_webhook_never_opens(pos: prop::sample::Index, part in 0usize..5) {
        let (c, p) = pair(b"prop-tamper", NOW);
        let n = p.seal_notification(&event(DETAIL)).unwrap();
        let mut parts: Vec<String> = n.body.split('.').map(str::to_owned).collect();
        let mut raw = jwe::base64url_decode(parts[part].as_bytes()).unwrap();
        let i = pos.index(raw.len());
        raw[i] ^= 0x01;
        parts[part] = jwe::base64url_encode(&raw);
        let body = parts.join(".");
        let kind = c.open_notification(&body, &n.headers, Some(NOW)).unwrap_err().kind();
        // The header part is parsed before anything is decrypted: a changed header is
        // refused as invalid (not JSON / not accepted) or fails the tag.
        if part == 0 {
            prop_assert!(matches!(kind, ErrorKind::InvalidInput | ErrorKind::DecryptionFailed), "{kind:?}");
        } else {
            prop_assert_eq!(kind, ErrorKind::DecryptionFailed);
        }
    }
}

/// A webhook payload JSON text of exactly `n` bytes: `{"event":"KYC_RESULT","image":"iVBOR…"}`.
fn payload_of_len(n: usize) -> String {
    let head = r#"{"event":"KYC_RESULT","image":""#;
    let tail = r#""}"#;
    let fill = n - head.len() - tail.len();
    let mut s = String::with_capacity(n);
    s.push_str(head);
    // Base64-like filler (what KYC images look like), compressible enough to seal fast.
    s.extend(
        std::iter::repeat_n("iVBORw0KGgoAAAANSUhEUgAA", fill / 24 + 1)
            .flat_map(str::chars)
            .take(fill),
    );
    s.push_str(tail);
    assert_eq!(s.len(), n);
    s
}

#[test]
fn payload_cap_defaults_to_16_mib_and_just_above_it_is_invalid_input_naming_it() {
    const CAP: usize = 16 * 1024 * 1024;
    assert_eq!(upay::DEFAULT_MAX_PAYLOAD_BYTES, CAP);
    let (c, p) = pair(b"cap", NOW);
    let want = |field: &str| {
        Error::invalid_input(field, format!("zip: inflated payload exceeds {CAP} bytes"))
    };
    // Webhook: exactly at the cap opens; one byte above is refused, naming the cap.
    let at = payload_of_len(CAP);
    let n = p.seal_notification(&at).unwrap();
    assert_eq!(
        c.open_notification(&n.body, &n.headers, Some(NOW)).unwrap(),
        at
    );
    let above = payload_of_len(CAP + 1);
    let n = p.seal_notification(&above).unwrap();
    assert_eq!(
        c.open_notification(&n.body, &n.headers, Some(NOW))
            .unwrap_err(),
        want("body")
    );
    // The same cap for responses and (mirror) requests.
    let r = p.seal_response(&above, true).unwrap();
    assert_eq!(c.open_response(&r.body).unwrap_err(), want("data.payload"));
    let opts = UPayRequestOptions {
        encrypt: true,
        ..UPayRequestOptions::default()
    };
    let s = c
        .seal_request("POST", "/api/v1/kyc", &above, &opts)
        .unwrap();
    assert_eq!(
        p.open_request("POST", "/api/v1/kyc", &s.body, &s.headers)
            .unwrap_err(),
        want("payload")
    );
    // Configurable on both sides.
    let roomy = client(b"cap", NOW).with_max_inflated_bytes(CAP + 1);
    assert_eq!(
        roomy
            .open_notification(&n.body, &n.headers, Some(NOW))
            .unwrap(),
        above
    );
    let roomy_p = p.clone().with_max_inflated_bytes(CAP + 1);
    assert_eq!(
        roomy_p
            .open_request("POST", "/api/v1/kyc", &s.body, &s.headers)
            .unwrap(),
        above
    );
}

#[test]
fn webhook_headers_are_checked_before_the_body_is_decrypted() {
    // The HMAC covers event|timestamp|rawBody and `event` is inside the JWE, so the MAC
    // itself can only be checked after decrypting; what can be checked first is: the
    // timestamp header and the presence of the sign header. A body over the cap (or not
    // a JWE at all) with a missing sign header is refused for the header, before any
    // RSA or inflate work.
    let (c, p) = pair(b"order", NOW);
    let capped = client(b"order", NOW).with_max_inflated_bytes(1000);
    let n = p.seal_notification(&payload_of_len(5000)).unwrap();
    assert_eq!(
        capped
            .open_notification(&n.body, &n.headers, Some(NOW))
            .unwrap_err(),
        Error::invalid_input("body", "zip: inflated payload exceeds 1000 bytes")
    );
    let no_sign: Vec<(String, String)> = n
        .headers
        .iter()
        .filter(|(k, _)| k != HEADER_SIGN)
        .cloned()
        .collect();
    for body in [n.body.as_str(), "not a JWE"] {
        match capped
            .open_notification(body, &no_sign, Some(NOW))
            .unwrap_err()
        {
            Error::InvalidInput { field, .. } => assert_eq!(field, HEADER_SIGN),
            other => panic!("{other:?}"),
        }
        match c.open_notification(body, &no_sign, Some(NOW)).unwrap_err() {
            Error::InvalidInput { field, .. } => assert_eq!(field, HEADER_SIGN),
            other => panic!("{other:?}"),
        }
    }
}

/// A negative window is refused (not taken as its absolute value), on both sides; zero is
/// a valid window (the exact timestamp only).
#[test]
fn negative_windows_are_refused() {
    let want = Error::invalid_input("replay_window_ms", "negative");
    assert_eq!(
        client(b"neg", NOW).with_replay_window_ms(-1).unwrap_err(),
        want
    );
    assert_eq!(
        client(b"neg", NOW)
            .provider(platform_key())
            .with_replay_window_ms(-60_000)
            .unwrap_err(),
        want
    );
    assert_eq!(
        client(b"neg", NOW)
            .provider(platform_key())
            .with_replay_window_ms(i64::MIN)
            .unwrap_err()
            .to_string(),
        "invalid input in `replay_window_ms`: negative"
    );
    let (c, _) = pair(b"zero", NOW);
    let s = c
        .seal_request("POST", "/p", "{}", &UPayRequestOptions::default())
        .unwrap();
    let exact = client(b"zero", NOW)
        .provider(platform_key())
        .with_replay_window_ms(0)
        .unwrap();
    assert_eq!(
        exact.open_request("POST", "/p", "{}", &s.headers).unwrap(),
        "{}"
    );
    let late = UPay::new(
        API_KEY,
        SECRET,
        merchant_key(),
        platform_key().public_key(),
        Env::fixed(b"zero", NOW + 1),
    )
    .unwrap()
    .provider(platform_key())
    .with_replay_window_ms(0)
    .unwrap();
    assert_eq!(
        late.open_request("POST", "/p", "{}", &s.headers)
            .unwrap_err(),
        Error::Expired {
            timestamp_ms: NOW,
            now_ms: NOW + 1,
            max_age_ms: 0
        }
    );
}

/// Plaintext of exactly `{"payload": "<string>"}` would be read by the other side as an
/// encrypted body: refused unencrypted (request params and response data), fine encrypted;
/// any other shape (another member, a non-string payload) seals and opens.
#[test]
fn payload_shaped_plaintext_is_refused_unencrypted() {
    let (c, p) = pair(b"shape", NOW);
    let plain = UPayRequestOptions::default();
    let enc = UPayRequestOptions {
        encrypt: true,
        ..UPayRequestOptions::default()
    };
    for shaped in [
        r#"{"payload":"x"}"#,
        r#"{ "payload" : "eyJhbGciOiJSU0EtT0FFUC0yNTYifQ.a.b.c.d" }"#,
        r#"{"\u0070ayload":""}"#,
    ] {
        let e = c.seal_request("POST", "/p", shaped, &plain).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{shaped}");
        assert!(
            matches!(&e, Error::InvalidInput { field, reason } if field == "params.payload" && reason.contains("encrypted")),
            "{e}"
        );
        let e = p.seal_response(shaped, false).unwrap_err();
        assert!(
            matches!(&e, Error::InvalidInput { field, .. } if field == "data.payload"),
            "{e}"
        );
        // Encrypted, the same params seal and open.
        let s = c.seal_request("POST", "/p", shaped, &enc).unwrap();
        assert_eq!(
            p.open_request("POST", "/p", &s.body, &s.headers).unwrap(),
            shaped
        );
        let r = p.seal_response(shaped, true).unwrap();
        assert_eq!(c.open_response(&r.body).unwrap(), shaped);
    }
    for other in [
        r#"{"payload":"x","a":1}"#,
        r#"{"payload":1}"#,
        r#"{"payload":{"a":"b"}}"#,
        r#"{"payloads":"x"}"#,
    ] {
        let s = c.seal_request("POST", "/p", other, &plain).unwrap();
        assert_eq!(s.body, other);
        assert_eq!(
            p.open_request("POST", "/p", &s.body, &s.headers).unwrap(),
            other
        );
        let r = p.seal_response(other, false).unwrap();
        assert_eq!(c.open_response(&r.body).unwrap(), other);
    }
}

/// The answer to an accepted webhook: `SUCCESS`, text/plain (docs/providers/upay.md).
#[test]
fn notification_ack_is_success_as_text() {
    let s = client(b"ack", 1_774_573_955_994)
        .seal_notification_ack()
        .unwrap();
    assert_eq!(s.body, "SUCCESS");
    assert_eq!(
        s.headers,
        vec![("Content-Type".to_owned(), "text/plain".to_owned())]
    );
}
