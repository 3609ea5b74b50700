#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Paytend: published vectors (docs/providers/paytend.md) through the public API on every
//! RSA backend, every error kind, merchant ↔ mirror round trips.

mod providers_support;

use cardseal::hazmat::rsa::{Backend, RsaPrivateKey, RsaPublicKey};
use cardseal::hazmat::{aes, encoding};
use cardseal::keys::{parse_private_key_with, parse_public_key_with};
use cardseal::providers::paytend::{Paytend, PaytendProvider, PaytendSealOptions};
use cardseal::{Env, Error, ErrorKind};
use proptest::prelude::*;
use providers_support::{backends, key_file, member, remove_member, replace_member};

const DEMO_PRIVATE: &str = "MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAN7ABtzTGVioQEztflR3gqe0MGNOPNuxcWDjZF9gIUS38MqQmW55+oDSJZWaY52cpiHtvsyHljeY9IJuo6wQGQweaOxP2pxUhVJ40OJZ3YOOf9YJlMcyPtquynYSSpeZIjmIYXG+r3yFDYhMyPfgy1OVrrYjm4kUprKIPW9korG5AgMBAAECgYAHVo4jUjUAjbJoll5WDAXa3n3Fl7s7hZH1nigdWD5gVCrzkWXslMoi2klwr0Be3d0/OuTROhpBxKExdtGfhnw8sTvEj+FxvhFyoCT7DbuZr81WKpI7ncCGafDDC142B+D4oWsP2XrGGqSfWbq9/DRRXBMFWPNSLCQMNagMiRWcnQJBAPD/5ZiAvc+WWttww5vT3+fCL83EuqSH02Tt2jAIvjiD73l7vuqpEdjFoq4RJXpeu5j86AJA/msPPLAXdEw0aPMCQQDsnVdjSCC9tSPFvLPSteBuiMT0gLOBuOfuEKoY46eQ4KFINGZIvvdexCmjr+lKhgUljqhPCzOTJ7j98U+9tGWjAkA4T4KFFKfFJluKZJnAAkyR6WSkDrCRmw8AyTau/Iv9xo4g85ITYHfED8HILEd2hUYOJCHNzQPlXgUPHBvXZnOTAkEAsV8hayNep9dqAYj7pDEDFNkiC8eOyOe7tRJ48D94FXrObDobktzUww15yWLNFzhwEz9lnBthhiZ43qROin740QJASqiQ5egVBSkGk7IUrISUtz/FFY+ZjBi63fr+LLSu5INOJx/qNaAh6iQQ7+5hZr8QXLOgxx2cE9IES3cGbfICwQ==";
const DEMO_PUBLIC: &str = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDewAbc0xlYqEBM7X5Ud4KntDBjTjzbsXFg42RfYCFEt/DKkJluefqA0iWVmmOdnKYh7b7Mh5Y3mPSCbqOsEBkMHmjsT9qcVIVSeNDiWd2Djn/WCZTHMj7arsp2EkqXmSI5iGFxvq98hQ2ITMj34MtTla62I5uJFKayiD1vZKKxuQIDAQAB";

const PARTNER: &str = "888666000100201";
const BIZ: &str = r#"{"cardId":"1755902","holderId":"101982"}"#;
const KEY_TEXT: &str = "lGqBz8CgnQ/XFYQRfaihJg==";
const REQUEST_ID: &str = "88866600010020120231106120000000";
/// 2023-11-06 12:00:00.000 at UTC+8.
const NOW_MS: i64 = 1_699_243_200_000;
const STRING_TO_SIGN: &str = r#"bizData={"cardId":"1755902","holderId":"101982"}&partnerId=888666000100201&randomKey=lGqBz8CgnQ/XFYQRfaihJg==&requestId=88866600010020120231106120000000&signType=RSA&version=2.0"#;
const SIGNATURE: &str = "Ryl6R2YQxO7XghMN4apE24dkD11eSakNcodOIM6Z0VdWwCPX6bY0aeeJa66Np6tsP0g8rBHp8AldTlCsagnznIoaQV1nsF2LoS/MFnsDTjz26II7U62OScu+7ccN6uRGCaCI5yJE2My3n6Olb1siIshPnhl8llxZZivk3yk61Dw=";
/// [`STRING_TO_SIGN`] as traced: the key text redacted.
const STRING_TO_SIGN_TRACED: &str = r#"bizData={"cardId":"1755902","holderId":"101982"}&partnerId=888666000100201&randomKey=<redacted: 24 chars>&requestId=88866600010020120231106120000000&signType=RSA&version=2.0"#;
/// SHA-256 of [`STRING_TO_SIGN`] (Python `hashlib`).
const STRING_TO_SIGN_SHA256: &str =
    "51f354b9e9e2a0f7021cfe36887271591387e769322acd8ce10cace8c45a0bcc";
const BIZ_WIRE: &str = "hnjUj2IZnmQbhruTJchZVTm7iWewHob0+jDDR6lBjkrX3Y+MHPlmtxCnQg9u/K6G";

fn demo_keys(backend: Backend) -> (RsaPrivateKey, RsaPublicKey) {
    (
        parse_private_key_with(DEMO_PRIVATE.as_bytes(), backend).unwrap(),
        parse_public_key_with(DEMO_PUBLIC.as_bytes(), backend).unwrap(),
    )
}

/// Distinct partner and Paytend key pairs (sandbox keys), for `backend`.
struct Parties {
    partner: Paytend,
    provider: PaytendProvider,
}

fn parties(backend: Backend, seed: &[u8]) -> Parties {
    let partner_key =
        parse_private_key_with(key_file("sandbox_merchant_1024.pem").as_bytes(), backend).unwrap();
    let provider_key =
        parse_private_key_with(key_file("sandbox_provider_1024.pem").as_bytes(), backend).unwrap();
    let partner = Paytend::new(
        PARTNER,
        partner_key,
        provider_key.public_key(),
        Env::fixed(seed, NOW_MS),
    )
    .unwrap();
    let provider = partner.provider(provider_key);
    Parties { partner, provider }
}

fn field(e: Error) -> String {
    match e {
        Error::InvalidInput { field, .. } => field,
        other => panic!("want InvalidInput, got {other:?}"),
    }
}

#[test]
fn published_rsa_decrypt_and_aes192_vectors() {
    for backend in backends() {
        let (private, _) = demo_keys(backend);
        let c = encoding::b64_decode(b"qasRAL+JHRtO2hNDvcDg9BlGENFHpz1RNl0Jq7M7aGTvSGIumq8vbX1NXD6JKivb4M4d5nKw+VSQOSwAxLHANxN+meFG/oizbMO9vYq4SaZbn09jZmrVtFXV3vMsb1eQLcqwPdT2A1wQXJa+CA46IVkBLJQKslzRYt4gg6e69Mw=").unwrap();
        assert_eq!(
            private.decrypt_pkcs1v15(&c).unwrap().expose(),
            b"123456",
            "{backend}"
        );
    }
    // AES-192: the key is the 24 ASCII bytes of the key text.
    let c = encoding::b64_decode(
        b"xlyjHTeAx2/EpEvpzVvWQFqQOSVPGv6KKhUAbIQXdIE3B0EtnJgMe5IwYtLj5XHHaNx9JonfcypSpANGZVGLXg==",
    )
    .unwrap();
    let p = aes::ecb_decrypt(b"ebwjkuiwHhe0XhLK9NG62g==", &c, aes::Padding::Pkcs7).unwrap();
    assert_eq!(p, br#"{"randomStr":"0ef1227debf541729acc111307117c7c"}"#);
}

/// The published signature, string to sign and bizData(wire), reproduced through
/// `seal_request` by giving it the published key text as its "random" bytes and the
/// published requestId's instant as its clock; identical bytes on every backend.
#[test]
fn published_request_through_seal_request_on_every_backend() {
    let key_bytes = encoding::b64_decode(KEY_TEXT.as_bytes()).unwrap();
    let mut bodies = Vec::new();
    for backend in backends() {
        let (private, public) = demo_keys(backend);
        let env = providers_support::env_first_then(&key_bytes, b"paytend rsa padding", NOW_MS);
        let paytend = Paytend::new(PARTNER, private.clone(), public, env).unwrap();
        let sealed = paytend.seal_request(BIZ, None).unwrap();
        let steps: Vec<&str> = sealed.trace.names().collect();
        assert_eq!(
            steps,
            [
                "biz",
                "biz_data",
                "random_key",
                "string_to_sign",
                "string_to_sign_sha256",
                "signature"
            ]
        );
        assert_eq!(sealed.trace.get("biz"), Some(BIZ));
        assert_eq!(sealed.trace.get("biz_data"), Some(BIZ_WIRE));
        assert_eq!(
            sealed.trace.get("string_to_sign"),
            Some(STRING_TO_SIGN_TRACED)
        );
        assert_eq!(
            sealed.trace.get("string_to_sign_sha256"),
            Some(STRING_TO_SIGN_SHA256)
        );
        assert_eq!(sealed.trace.get("signature"), Some(SIGNATURE));
        let random_key = sealed.trace.get("random_key").unwrap();
        assert_eq!(random_key.len(), 172);
        let expected = format!(
            r#"{{"bizData":"{BIZ_WIRE}","requestId":"{REQUEST_ID}","partnerId":"{PARTNER}","randomKey":"{random_key}","signType":"RSA","signature":"{SIGNATURE}","version":"2.0"}}"#
        );
        assert_eq!(sealed.body, expected);
        assert_eq!(
            sealed.headers,
            vec![("Content-Type".to_owned(), "application/json".to_owned())]
        );
        // The key text appears nowhere in the trace or its Debug output, which is pinned.
        assert!(sealed.trace.iter().all(|(_, v)| !v.contains(KEY_TEXT)));
        let debug = format!("{sealed:?}");
        assert!(!debug.contains(KEY_TEXT), "{debug}");
        assert_eq!(
            debug,
            format!(
                "Sealed {{ body_len: {}, headers: [(\"Content-Type\", \"application/json\")], trace: {{\"biz\": {BIZ:?}, \"biz_data\": \"{BIZ_WIRE}\", \"random_key\": \"{random_key}\", \"string_to_sign\": {STRING_TO_SIGN_TRACED:?}, \"string_to_sign_sha256\": \"{STRING_TO_SIGN_SHA256}\", \"signature\": \"{SIGNATURE}\"}} }}",
                sealed.body.len()
            )
        );
        // The published string (with the key text) is what the signature covers.
        private
            .public_key()
            .verify_pkcs1v15(
                cardseal::hazmat::digest::HashAlg::Sha256,
                STRING_TO_SIGN.as_bytes(),
                &encoding::b64_decode(SIGNATURE.as_bytes()).unwrap(),
            )
            .unwrap();
        // randomKey really carries the key text for Paytend's key.
        let k = private
            .decrypt_pkcs1v15(&encoding::b64_decode(random_key.as_bytes()).unwrap())
            .unwrap();
        assert_eq!(k.expose(), KEY_TEXT.as_bytes());
        // The mirror (same demo key in both roles) opens it.
        let mirror = paytend.provider(private);
        assert_eq!(mirror.open_request(&sealed.body, &[]).unwrap(), BIZ);
        bodies.push(sealed.body);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "backends differ");
}

#[test]
fn seeded_seal_request_is_identical_on_every_backend() {
    let mut seen = Vec::new();
    for backend in backends() {
        let p = parties(backend, b"paytend seeded");
        let sealed = p
            .partner
            .seal_request(
                r#"{"mobile":"13261402222","type":"1","amount":5000.00}"#,
                None,
            )
            .unwrap();
        assert_eq!(member(&sealed.body, "requestId"), REQUEST_ID);
        seen.push(sealed);
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "backends differ");
}

/// The `paytend_seal_request_seeded` vector of `test-vectors/paytend.json` (checked
/// independently with Python when it was made) gives the same exact body on every backend.
#[test]
fn published_seeded_vector_on_every_backend() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-vectors/paytend.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let v = doc["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["op"] == "paytend_seal_request_seeded")
        .unwrap();
    let a = &v["args"];
    for backend in backends() {
        let p = Paytend::new(
            a["partner_id"].as_str().unwrap(),
            parse_private_key_with(a["private_key"].as_str().unwrap().as_bytes(), backend).unwrap(),
            parse_public_key_with(
                a["provider_public_key"].as_str().unwrap().as_bytes(),
                backend,
            )
            .unwrap(),
            Env::fixed(
                a["seed"].as_str().unwrap().as_bytes(),
                a["now_ms"].as_i64().unwrap(),
            ),
        )
        .unwrap();
        let sealed = p
            .seal_request(a["biz_json"].as_str().unwrap(), None)
            .unwrap();
        assert_eq!(
            sealed.body,
            v["expect"]["body"].as_str().unwrap(),
            "{backend}"
        );
        assert_eq!(
            sealed.trace.get("string_to_sign"),
            v["expect"]["string_to_sign"].as_str(),
            "{backend}"
        );
    }
}

#[test]
fn request_id_uses_utc_plus_8_by_default() {
    let (private, public) = demo_keys(Backend::default());
    let p = Paytend::new(PARTNER, private, public, Env::fixed(b"", NOW_MS)).unwrap();
    assert_eq!(p.request_id().unwrap(), REQUEST_ID);
    assert_eq!(p.request_id().unwrap().len(), 32);
    let utc = p.clone().with_utc_offset_minutes(0).unwrap();
    assert_eq!(
        utc.request_id().unwrap(),
        "88866600010020120231106040000000"
    );
    let explicit = p.seal_request(BIZ, Some("my-request-1")).unwrap();
    assert_eq!(member(&explicit.body, "requestId"), "my-request-1");
    assert!(
        explicit
            .trace
            .get("string_to_sign")
            .unwrap()
            .contains("&requestId=my-request-1&")
    );
    assert_eq!(
        field(p.clone().with_utc_offset_minutes(18 * 60 + 1).unwrap_err()),
        "utc_offset_minutes"
    );
    let far = Paytend::new(
        PARTNER,
        demo_keys(Backend::default()).0,
        demo_keys(Backend::default()).1,
        Env::fixed(b"", i64::MAX),
    )
    .unwrap();
    assert_eq!(
        far.seal_request(BIZ, None).unwrap_err(),
        Error::unavailable(cardseal::Resource::Clock, "time outside years 0000..9999")
    );
}

#[test]
fn every_direction_round_trips_on_every_backend() {
    for backend in backends() {
        let p = parties(backend, b"round trip");
        let sealed = p.partner.seal_request(BIZ, None).unwrap();
        assert_eq!(p.provider.open_request(&sealed.body, &[]).unwrap(), BIZ);

        let payload = r#"{"cardId":"1755902","balance":5000.00,"name":"张三 \"quoted\""}"#;
        let resp = p.provider.seal_response(payload).unwrap();
        assert_eq!(p.partner.open_response(&resp.body).unwrap(), payload);
        let fields: Vec<String> = serde_json::from_str::<serde_json::Value>(&resp.body)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(fields.len(), 6);
        assert!(
            resp.body
                .starts_with(r#"{"respCode":"00","respMsg":"success","respData":""#)
        );
        let s = resp.trace.get("string_to_sign").unwrap();
        assert!(
            s.starts_with("randomKey=")
                && s.contains(&format!(
                    "&respCode=00&respData={payload}&respMsg=success&signType=RSA"
                )),
            "{s}"
        );

        let note = p.provider.seal_notification_of_type("2", payload).unwrap();
        assert!(
            note.body
                .contains(r#""notifyType":"2","partnerId":"888666000100201","randomKey":""#)
        );
        assert_eq!(
            p.partner.open_notification(&note.body, &[]).unwrap(),
            payload
        );
        let note = p.provider.seal_notification(payload).unwrap();
        assert_eq!(member(&note.body, "notifyType"), "1");
        assert_eq!(
            p.partner.open_notification(&note.body, &[]).unwrap(),
            payload
        );
    }
}

#[test]
fn cross_backend_round_trip() {
    let all = backends();
    for a in &all {
        for b in &all {
            let pa = parties(*a, b"cross");
            let pb = parties(*b, b"cross");
            let sealed = pa.partner.seal_request(BIZ, None).unwrap();
            assert_eq!(pb.provider.open_request(&sealed.body, &[]).unwrap(), BIZ);
            let resp = pb.provider.seal_response(BIZ).unwrap();
            assert_eq!(pa.partner.open_response(&resp.body).unwrap(), BIZ);
        }
    }
}

#[test]
fn no_biz_data_means_no_envelope() {
    let p = parties(Backend::default(), b"empty");
    let sealed = p.partner.seal_request("", None).unwrap();
    assert_eq!(
        sealed.trace.get("string_to_sign"),
        Some(
            "partnerId=888666000100201&requestId=88866600010020120231106120000000&signType=RSA&version=2.0"
        )
    );
    assert!(!sealed.body.contains("bizData") && !sealed.body.contains("randomKey"));
    assert_eq!(p.provider.open_request(&sealed.body, &[]).unwrap(), "null");
    let resp = p.provider.seal_response("").unwrap();
    assert_eq!(p.partner.open_response(&resp.body).unwrap(), "null");
}

#[test]
fn failure_codes_are_provider_errors_even_unsigned() {
    let p = parties(Backend::default(), b"errors");
    let e = p
        .partner
        .open_response(r#"{"respCode":"01","respMsg":"Field type is wrong","signType":"RSA"}"#)
        .unwrap_err();
    assert_eq!(
        e,
        Error::ProviderError {
            code: "01".into(),
            message: "Field type is wrong".into(),
            result: None,
        }
    );
    // A bogus signature on a failure is not checked.
    let e = p
        .partner
        .open_response(r#"{"respCode":"99","signature":"AAAA","randomKey":"!!"}"#)
        .unwrap_err();
    assert_eq!(
        e,
        Error::ProviderError {
            code: "99".into(),
            message: String::new(),
            result: None,
        }
    );
    let sealed = p
        .provider
        .seal_error_response("05", "Partner not found")
        .unwrap();
    assert_eq!(
        sealed.body,
        r#"{"respCode":"05","respMsg":"Partner not found"}"#
    );
    assert_eq!(
        p.partner.open_response(&sealed.body).unwrap_err(),
        Error::ProviderError {
            code: "05".into(),
            message: "Partner not found".into(),
            result: None,
        }
    );
    assert_eq!(
        field(p.partner.open_response(r#"{"respMsg":"x"}"#).unwrap_err()),
        "respCode"
    );
}

#[test]
fn tampering_gives_the_right_error_and_nothing_else() {
    let p = parties(Backend::default(), b"tamper");
    let payload =
        r#"{"cardId":"1755902","holderId":"101982","cardNo":"5555444433332222","cvv":"123"}"#;
    let good = p.provider.seal_response(payload).unwrap().body;
    assert_eq!(p.partner.open_response(&good).unwrap(), payload);

    // A signed plaintext field changed.
    let t = replace_member(&good, "respMsg", "SUCCESS");
    assert_eq!(
        p.partner.open_response(&t),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
    // An extra field the signature did not cover.
    let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
    v["extra"] = "1".into();
    assert_eq!(
        p.partner.open_response(&v.to_string()).unwrap_err().kind(),
        ErrorKind::SignatureMismatch
    );
    // But encryptFlag is not signed.
    v["extra"] = serde_json::Value::Null;
    v["encryptFlag"] = "1".into();
    assert_eq!(p.partner.open_response(&v.to_string()).unwrap(), payload);

    let data = encoding::b64_decode(member(&good, "respData").as_bytes()).unwrap();
    assert_eq!(data.len(), 96);
    // ECB blocks swapped: decrypts cleanly, the signature catches it.
    let mut swapped = data.clone();
    swapped[..16].copy_from_slice(&data[16..32]);
    swapped[16..32].copy_from_slice(&data[..16]);
    let t = replace_member(&good, "respData", &encoding::b64_encode(&swapped));
    assert_eq!(
        p.partner.open_response(&t),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
    // Truncated by a byte: the length is public, DecryptionFailed. Truncated by a block,
    // last block corrupted (padding): secret-dependent, so the one uniform error after the
    // signature check (no padding oracle).
    let t = replace_member(&good, "respData", &encoding::b64_encode(&data[..95]));
    assert_eq!(p.partner.open_response(&t), Err(Error::DecryptionFailed));
    let t = replace_member(&good, "respData", &encoding::b64_encode(&data[..80]));
    assert_eq!(
        p.partner.open_response(&t),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
    let mut last = data.clone();
    last[95] ^= 1;
    let t = replace_member(&good, "respData", &encoding::b64_encode(&last));
    assert_eq!(
        p.partner.open_response(&t),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
    // randomKey truncated (public length: DecryptionFailed), or tampered (implicit
    // rejection: a synthetic key text, replaced by a stand-in; uniform error).
    let rk = encoding::b64_decode(member(&good, "randomKey").as_bytes()).unwrap();
    let t = replace_member(&good, "randomKey", &encoding::b64_encode(&rk[..127]));
    assert_eq!(p.partner.open_response(&t), Err(Error::DecryptionFailed));
    let mut flipped = rk.clone();
    flipped[60] ^= 0x40;
    let t = replace_member(&good, "randomKey", &encoding::b64_encode(&flipped));
    assert_eq!(
        p.partner.open_response(&t),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
    // Wrong private key on the partner side.
    let other = parties(Backend::default(), b"other");
    let stranger = Paytend::new(
        PARTNER,
        parse_private_key_with(
            key_file("sandbox_merchant_2048.pem").as_bytes(),
            Backend::default(),
        )
        .unwrap(),
        parse_private_key_with(
            key_file("sandbox_provider_1024.pem").as_bytes(),
            Backend::default(),
        )
        .unwrap()
        .public_key(),
        Env::fixed(b"", 0),
    )
    .unwrap();
    assert_eq!(stranger.open_response(&good), Err(Error::DecryptionFailed));
    // Same size, wrong key: RSA implicit rejection yields a synthetic key text, which is
    // refused with the uniform error.
    let same_size = Paytend::new(
        PARTNER,
        parse_private_key_with(
            key_file("sandbox_provider_1024.pem").as_bytes(),
            Backend::default(),
        )
        .unwrap(),
        parse_private_key_with(
            key_file("sandbox_provider_1024.pem").as_bytes(),
            Backend::default(),
        )
        .unwrap()
        .public_key(),
        Env::fixed(b"", 0),
    )
    .unwrap();
    assert_eq!(
        same_size.open_response(&good),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
    // Swapped signature: the signature of another response.
    let another = other
        .provider
        .seal_response(r#"{"cardId":"1"}"#)
        .unwrap()
        .body;
    let t = replace_member(&good, "signature", &member(&another, "signature"));
    assert_eq!(
        p.partner.open_response(&t),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
    // Signature by the wrong key: the partner's own key instead of Paytend's.
    let impostor = PaytendProvider::new(
        PARTNER,
        parse_private_key_with(
            key_file("sandbox_merchant_1024.pem").as_bytes(),
            Backend::default(),
        )
        .unwrap(),
        parse_private_key_with(
            key_file("sandbox_merchant_1024.pem").as_bytes(),
            Backend::default(),
        )
        .unwrap()
        .public_key(),
        Env::fixed(b"", 0),
    )
    .unwrap();
    let forged = impostor.seal_response(payload).unwrap().body;
    assert_eq!(
        p.partner.open_response(&forged),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );

    // Malformed pieces.
    assert_eq!(
        field(
            p.partner
                .open_response(&remove_member(&good, "signature"))
                .unwrap_err()
        ),
        "signature"
    );
    assert_eq!(
        field(
            p.partner
                .open_response(&remove_member(&good, "randomKey"))
                .unwrap_err()
        ),
        "randomKey"
    );
    assert_eq!(
        field(
            p.partner
                .open_response(&replace_member(&good, "respData", "not base64!"))
                .unwrap_err()
        ),
        "respData"
    );
    assert_eq!(
        field(
            p.partner
                .open_response(&replace_member(&good, "randomKey", "%%%"))
                .unwrap_err()
        ),
        "randomKey"
    );
    assert_eq!(
        field(
            p.partner
                .open_response(&replace_member(&good, "signature", "@"))
                .unwrap_err()
        ),
        "signature"
    );
    assert_eq!(
        field(
            p.partner
                .open_response(&replace_member(&good, "signType", "MD5"))
                .unwrap_err()
        ),
        "signType"
    );
    assert_eq!(field(p.partner.open_response("[]").unwrap_err()), "body");
}

#[test]
fn requests_and_webhooks_check_partner_and_signature() {
    let p = parties(Backend::default(), b"partner");
    let sealed = p.partner.seal_request(BIZ, None).unwrap().body;
    let t = replace_member(&sealed, "partnerId", "888666000100202");
    assert_eq!(
        p.provider.open_request(&t, &[]),
        Err(Error::signature_mismatch(cardseal::Check::PartnerId))
    );
    let t = replace_member(&sealed, "requestId", "88866600010020120231106120000001");
    assert_eq!(
        p.provider.open_request(&t, &[]),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
    assert_eq!(
        field(
            p.provider
                .open_request(&remove_member(&sealed, "partnerId"), &[])
                .unwrap_err()
        ),
        "partnerId"
    );

    let note = p.provider.seal_notification(BIZ).unwrap().body;
    let t = replace_member(&note, "partnerId", "888666000100299");
    assert_eq!(
        p.partner.open_notification(&t, &[]),
        Err(Error::signature_mismatch(cardseal::Check::PartnerId))
    );
    let t = replace_member(&note, "notifyType", "3");
    assert_eq!(
        p.partner.open_notification(&t, &[]),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
    // A webhook signed by the partner's key (not Paytend's) is refused.
    let forged = PaytendProvider::new(
        PARTNER,
        parse_private_key_with(
            key_file("sandbox_merchant_1024.pem").as_bytes(),
            Backend::default(),
        )
        .unwrap(),
        parse_private_key_with(
            key_file("sandbox_merchant_1024.pem").as_bytes(),
            Backend::default(),
        )
        .unwrap()
        .public_key(),
        Env::fixed(b"", 0),
    )
    .unwrap()
    .seal_notification(BIZ)
    .unwrap();
    assert_eq!(
        p.partner.open_notification(&forged.body, &[]),
        Err(Error::signature_mismatch(cardseal::Check::Signature))
    );
}

#[test]
fn bad_inputs_are_invalid_input() {
    let (private, public) = demo_keys(Backend::default());
    for bad in [
        "",
        "88866600010020",
        "8886660001002011",
        "88866600010020!",
        "８８８６６６０００１００２０",
    ] {
        let e = Paytend::new(bad, private.clone(), public.clone(), Env::fixed(b"", 0)).unwrap_err();
        assert_eq!(field(e), "partner_id", "{bad:?}");
    }
    let p = Paytend::new(PARTNER, private, public, Env::fixed(b"", NOW_MS)).unwrap();
    assert_eq!(field(p.seal_request("[1]", None).unwrap_err()), "bizData");
    assert_eq!(field(p.seal_request("{", None).unwrap_err()), "bizData");
    assert_eq!(
        field(p.seal_request(BIZ, Some("")).unwrap_err()),
        "requestId"
    );
    assert_eq!(
        field(p.seal_request(BIZ, Some("a\nb")).unwrap_err()),
        "requestId"
    );
}

#[test]
fn debug_is_redacted() {
    let (private, public) = demo_keys(Backend::default());
    let b = Backend::default().name();
    let p = Paytend::new(PARTNER, private.clone(), public, Env::fixed(b"", 0)).unwrap();
    assert_eq!(
        format!("{p:?}"),
        format!(
            "Paytend {{ partner_id: \"888666000100201\", private_key: RsaPrivateKey {{ bits: 1024, backend: {b} }}, provider_public_key: RsaPublicKey {{ bits: 1024, backend: {b} }}, utc_offset_minutes: 480 }}"
        )
    );
    assert_eq!(
        format!("{:?}", p.provider(private)),
        format!(
            "PaytendProvider {{ partner_id: \"888666000100201\", private_key: RsaPrivateKey {{ bits: 1024, backend: {b} }}, partner_public_key: RsaPublicKey {{ bits: 1024, backend: {b} }} }}"
        )
    );
}

#[test]
fn kyc_sized_round_trip() {
    let p = parties(Backend::default(), b"kyc");
    let body = providers_support::kyc_body(2 * 1024 * 1024);
    let sealed = p.partner.seal_request(&body, None).unwrap();
    assert_eq!(p.provider.open_request(&sealed.body, &[]).unwrap(), body);
    let resp = p.provider.seal_response(&body).unwrap();
    assert_eq!(p.partner.open_response(&resp.body).unwrap(), body);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn round_trips(payload in providers_support::object(), seed in any::<u64>()) {
        for backend in backends() {
            let p = parties(backend, &seed.to_be_bytes());
            let sealed = p.partner.seal_request(&payload, None).unwrap();
            prop_assert_eq!(p.provider.open_request(&sealed.body, &[]).unwrap(), payload.clone());
            let resp = p.provider.seal_response(&payload).unwrap();
            prop_assert_eq!(p.partner.open_response(&resp.body).unwrap(), payload.clone());
            let note = p.provider.seal_notification(&payload).unwrap();
            prop_assert_eq!(p.partner.open_notification(&note.body, &[]).unwrap(), payload.clone());
        }
    }
}

/// Opens a message body.
type Opener<'a> = dyn Fn(&str) -> cardseal::Result<String> + 'a;

/// No padding oracle: every tampering of a data ciphertext (whose length stays a multiple
/// of 16) and of `randomKey` gives the one error `SignatureMismatch { what: "signature" }`,
/// whether the padding happens to come out valid or not, for responses, webhooks and
/// requests, on every backend.
#[test]
fn tampered_ciphertexts_give_one_error_kind() {
    for backend in backends() {
        let p = parties(backend, b"oracle");
        let payload = r#"{"cardId":"1755902","holderId":"101982","cardNo":"5555444433332222"}"#;
        let cases: [(&str, String, Box<Opener<'_>>); 3] = [
            (
                "respData",
                p.provider.seal_response(payload).unwrap().body,
                Box::new(|b| p.partner.open_response(b)),
            ),
            (
                "content",
                p.provider.seal_notification(payload).unwrap().body,
                Box::new(|b| p.partner.open_notification(b, &[])),
            ),
            (
                "bizData",
                p.partner.seal_request(payload, None).unwrap().body,
                Box::new(|b| p.provider.open_request(b, &[])),
            ),
        ];
        let env = Env::fixed(b"oracle tampering", 0);
        for (field_name, good, open) in &cases {
            assert_eq!(open(good).unwrap(), payload);
            let data = encoding::b64_decode(member(good, field_name).as_bytes()).unwrap();
            let (mut good_padding, mut bad_padding) = (0, 0);
            for i in 0..64usize {
                let mut t = data.clone();
                // Even cases: change a byte of an earlier block (the padding stays valid,
                // the text turns to garbage); odd cases: change the last block (the one
                // holding the padding, which then almost always breaks); last case: drop
                // the last block.
                let pos = if i % 2 == 0 {
                    i % (t.len() - 16)
                } else {
                    t.len() - 1 - i % 16
                };
                t[pos] ^= env.random_bytes(1).unwrap()[0] | 1;
                if i == 63 {
                    t.truncate(data.len() - 16);
                }
                let body = replace_member(good, field_name, &encoding::b64_encode(&t));
                assert_eq!(
                    open(&body),
                    Err(Error::signature_mismatch(cardseal::Check::Signature)),
                    "{backend} {field_name} case {i}"
                );
                // Would the padding be valid under the real key? (An oracle would tell.)
                if padding_valid(backend, good, field_name, &t) {
                    good_padding += 1;
                } else {
                    bad_padding += 1;
                }
            }
            assert!(
                good_padding > 0 && bad_padding > 0,
                "{field_name}: {good_padding}/{bad_padding}"
            );
            // randomKey tampered: implicit rejection gives a synthetic key text.
            let rk = encoding::b64_decode(member(good, "randomKey").as_bytes()).unwrap();
            for i in 0..16usize {
                let mut t = rk.clone();
                t[1 + i * 7] ^= 0x20;
                let body = replace_member(good, "randomKey", &encoding::b64_encode(&t));
                assert_eq!(
                    open(&body),
                    Err(Error::signature_mismatch(cardseal::Check::Signature)),
                    "{backend} randomKey case {i}"
                );
            }
        }
    }
}

/// Whether `data` has valid PKCS#7 padding under the key text of `body`'s `randomKey`
/// (decrypted with the recipient's key: Paytend's for a request, the partner's otherwise).
fn padding_valid(backend: Backend, body: &str, data_field: &str, data: &[u8]) -> bool {
    let recipient = if data_field == "bizData" {
        "sandbox_provider_1024.pem"
    } else {
        "sandbox_merchant_1024.pem"
    };
    let key = parse_private_key_with(key_file(recipient).as_bytes(), backend).unwrap();
    let rk = encoding::b64_decode(member(body, "randomKey").as_bytes()).unwrap();
    let key_text = key.decrypt_pkcs1v15(&rk).unwrap();
    aes::ecb_decrypt(key_text.expose(), data, aes::Padding::Pkcs7).is_ok()
}

/// The mirror's responses and webhooks redact the key text in their traces too.
#[test]
fn mirror_traces_redact_the_key_text() {
    let p = parties(Backend::default(), b"mirror traces");
    let partner_key = parse_private_key_with(
        key_file("sandbox_merchant_1024.pem").as_bytes(),
        Backend::default(),
    )
    .unwrap();
    for sealed in [
        p.provider.seal_response(BIZ).unwrap(),
        p.provider.seal_notification(BIZ).unwrap(),
    ] {
        let rk = encoding::b64_decode(member(&sealed.body, "randomKey").as_bytes()).unwrap();
        let k = partner_key.decrypt_pkcs1v15(&rk).unwrap();
        let k = std::str::from_utf8(k.expose()).unwrap().to_owned();
        assert_eq!(k.len(), 24);
        let traced = sealed.trace.get("string_to_sign").unwrap();
        assert!(
            traced.contains("randomKey=<redacted: 24 chars>&"),
            "{traced}"
        );
        let real = traced.replace("<redacted: 24 chars>", &k);
        assert_eq!(
            sealed.trace.get("string_to_sign_sha256").unwrap(),
            encoding::hex_encode(&cardseal::hazmat::digest::sha256(real.as_bytes()))
        );
        assert!(!format!("{sealed:?}").contains(&k));
        assert!(sealed.trace.iter().all(|(_, v)| !v.contains(&k)));
        assert!(
            p.partner.open_response(&sealed.body).is_ok()
                || p.partner.open_notification(&sealed.body, &[]).is_ok()
        );
    }
}

/// Seal options without encryption.
fn unencrypted() -> PaytendSealOptions {
    PaytendSealOptions::unencrypted()
}

#[test]
fn empty_payloads_are_absent_never_null_text() {
    for backend in backends() {
        let p = parties(backend, b"empty payloads");
        let want_string = "partnerId=888666000100201&requestId=88866600010020120231106120000000&signType=RSA&version=2.0";
        let mut bodies = Vec::new();
        for biz in ["", "  \n\t", "null", " null\n"] {
            for options in [PaytendSealOptions::default(), unencrypted()] {
                let sealed = p.partner.seal_request_with(biz, None, options).unwrap();
                assert_eq!(
                    sealed.trace.get("string_to_sign"),
                    Some(want_string),
                    "{biz:?}"
                );
                assert!(
                    sealed
                        .body
                        .starts_with(r#"{"requestId":"88866600010020120231106120000000","partnerId":"888666000100201","signType":"RSA","signature":""#),
                    "{}",
                    sealed.body
                );
                assert_eq!(sealed.trace.get("biz"), Some(""));
                assert_eq!(sealed.trace.get("random_key"), None);
                assert_eq!(p.provider.open_request(&sealed.body, &[]).unwrap(), "null");
                bodies.push(sealed.body);
            }
        }
        // No randomness involved: every one of them is the same body.
        assert!(bodies.windows(2).all(|w| w[0] == w[1]));
        for payload in ["", "null"] {
            let resp = p.provider.seal_response(payload).unwrap();
            assert!(resp.body.starts_with(
                r#"{"respCode":"00","respMsg":"success","signType":"RSA","signature":""#
            ));
            assert_eq!(p.partner.open_response(&resp.body).unwrap(), "null");
            let note = p.provider.seal_notification_of_type("3", payload).unwrap();
            assert!(
                note.body.starts_with(
                    r#"{"notifyType":"3","partnerId":"888666000100201","signature":""#
                )
            );
            assert_eq!(
                p.partner.open_notification(&note.body, &[]).unwrap(),
                "null"
            );
        }
        // `{}` is a payload (an empty object), not an absent one.
        let sealed = p.partner.seal_request("{}", None).unwrap();
        assert!(sealed.body.contains(r#""randomKey":""#));
        assert_eq!(p.provider.open_request(&sealed.body, &[]).unwrap(), "{}");
        // Other JSON values are still refused.
        for bad in ["[]", "1", "\"x\"", "true", "nul"] {
            assert_eq!(
                field(p.partner.seal_request(bad, None).unwrap_err()),
                "bizData"
            );
            assert_eq!(field(p.provider.seal_response(bad).unwrap_err()), "payload");
        }
    }
}

#[test]
fn unencrypted_payloads_round_trip_and_sign_the_compact_text() {
    let given = "{ \"cardId\": \"1755902\",\n  \"balance\": 5000.00, \"name\": \"张三 \\\"q\\\" }{,\",\n  \"url\": \"a\\/b\", \"list\": [1, {\"x\": []}] }";
    let compact = r#"{"cardId":"1755902","balance":5000.00,"name":"张三 \"q\" }{,","url":"a\/b","list":[1,{"x":[]}]}"#;
    for backend in backends() {
        let p = parties(backend, b"unencrypted");
        let sealed = p
            .partner
            .seal_request_with(given, Some(REQUEST_ID), unencrypted())
            .unwrap();
        assert!(
            sealed.body.starts_with(&format!(
                r#"{{"bizData":{compact},"requestId":"{REQUEST_ID}","partnerId":"{PARTNER}","signType":"RSA","signature":""#
            )),
            "{}",
            sealed.body
        );
        assert!(!sealed.body.contains("randomKey"));
        let want = format!(
            "bizData={compact}&partnerId={PARTNER}&requestId={REQUEST_ID}&signType=RSA&version=2.0"
        );
        assert_eq!(sealed.trace.get("string_to_sign"), Some(want.as_str()));
        assert_eq!(sealed.trace.get("biz"), Some(compact));
        assert_eq!(sealed.trace.get("biz_data"), None);
        // The signature is SHA256withRSA over exactly that text.
        let partner_public =
            parse_private_key_with(key_file("sandbox_merchant_1024.pem").as_bytes(), backend)
                .unwrap()
                .public_key();
        let signature = encoding::b64_decode(member(&sealed.body, "signature").as_bytes()).unwrap();
        partner_public
            .verify_pkcs1v15(
                cardseal::hazmat::digest::HashAlg::Sha256,
                want.as_bytes(),
                &signature,
            )
            .unwrap();
        assert_eq!(p.provider.open_request(&sealed.body, &[]).unwrap(), compact);

        let resp = p.provider.seal_response_with(given, unencrypted()).unwrap();
        assert!(
            resp.body.starts_with(&format!(
                r#"{{"respCode":"00","respMsg":"success","respData":{compact},"signType":"RSA","signature":""#
            )),
            "{}",
            resp.body
        );
        assert_eq!(resp.trace.get("payload"), Some(compact));
        assert_eq!(resp.trace.get("data"), None);
        assert_eq!(p.partner.open_response(&resp.body).unwrap(), compact);

        let note = p
            .provider
            .seal_notification_with("2", given, unencrypted())
            .unwrap();
        assert!(
            note.body.starts_with(&format!(
                r#"{{"content":{compact},"notifyType":"2","partnerId":"{PARTNER}","signature":""#
            )),
            "{}",
            note.body
        );
        assert_eq!(
            p.partner.open_notification(&note.body, &[]).unwrap(),
            compact
        );

        // A compact payload is sent exactly as given.
        let resp2 = p
            .provider
            .seal_response_with(compact, unencrypted())
            .unwrap();
        assert_eq!(resp2.body, resp.body);
    }
}

#[test]
fn unencrypted_data_is_verified_over_its_text_in_the_body() {
    let p = parties(Backend::default(), b"plain open");
    let payload = r#"{"a":"x\u00e9\/","n":1E+2,"o":{"k":[true,null]}}"#;
    let resp = p
        .provider
        .seal_response_with(payload, unencrypted())
        .unwrap();
    assert_eq!(p.partner.open_response(&resp.body).unwrap(), payload);

    // Pretty-printed in transit: the whitespace between tokens is not part of the text.
    let pretty = resp
        .body
        .replace(r#""respData":{"a""#, "\"respData\" :\n  { \"a\"")
        .replace(r#","n":1E+2,"#, " ,\r\n\t\"n\" : 1E+2 ,")
        .replace(r#"[true,null]"#, "[ true , null ]");
    assert_ne!(pretty, resp.body);
    assert_eq!(p.partner.open_response(&pretty).unwrap(), payload);

    // A key written with an escape names the same member.
    let escaped = resp.body.replace(r#""respData":"#, r#""resp\u0044ata":"#);
    assert_eq!(p.partner.open_response(&escaped).unwrap(), payload);

    // Any change of the text (an escape or a number literal re-written) fails.
    for changed in [
        resp.body.replace(r"x\u00e9\/", "xé/"),
        resp.body.replace("1E+2", "100"),
        resp.body.replace(r#""k":[true,null]"#, r#""k":[true]"#),
    ] {
        assert_ne!(changed, resp.body);
        assert_eq!(
            p.partner.open_response(&changed).unwrap_err(),
            Error::signature_mismatch(cardseal::Check::Signature)
        );
    }

    // encryptFlag is neither signed nor interpreted.
    for flag in ["0", "1", "N", "false"] {
        let with_flag = resp.body.replacen(
            r#""respMsg":"success","#,
            &format!(r#""respMsg":"success","encryptFlag":"{flag}","#),
            1,
        );
        assert_eq!(p.partner.open_response(&with_flag).unwrap(), payload);
    }

    // The string form (JSON text inside a string, no randomKey) is signed as its content.
    let as_string = replace_member(&resp.body, "respData", payload);
    assert!(as_string.contains(r#""respData":"{\"a\""#), "{as_string}");
    assert_eq!(p.partner.open_response(&as_string).unwrap(), payload);

    // With a randomKey the data must be a ciphertext.
    let enc = p.provider.seal_response(payload).unwrap();
    let mixed = resp.body.replacen(
        r#""signType""#,
        &format!(
            r#""randomKey":"{}","signType""#,
            member(&enc.body, "randomKey")
        ),
        1,
    );
    assert_eq!(
        field(p.partner.open_response(&mixed).unwrap_err()),
        "randomKey"
    );
    // A ciphertext without its randomKey, a string that is not JSON text, a number.
    assert_eq!(
        field(
            p.partner
                .open_response(&remove_member(&enc.body, "randomKey"))
                .unwrap_err()
        ),
        "randomKey"
    );
    assert_eq!(
        field(
            p.partner
                .open_response(&replace_member(&resp.body, "respData", "{\"a\":"))
                .unwrap_err()
        ),
        "respData"
    );
    let number = resp
        .body
        .replace(&format!(r#""respData":{payload}"#), r#""respData":5"#);
    assert_eq!(
        field(p.partner.open_response(&number).unwrap_err()),
        "respData"
    );

    // The mirror's open_request and the webhook open take the same forms.
    let req = p
        .partner
        .seal_request_with(payload, None, unencrypted())
        .unwrap();
    let req_pretty = req
        .body
        .replace(r#""bizData":{"a""#, "\"bizData\": {\n \"a\"");
    assert_eq!(p.provider.open_request(&req_pretty, &[]).unwrap(), payload);
    let tampered = req.body.replace("1E+2", "1e+2");
    assert_eq!(
        p.provider.open_request(&tampered, &[]).unwrap_err(),
        Error::signature_mismatch(cardseal::Check::Signature)
    );
}

/// `s` with every character outside `A-Za-z0-9-_.~` percent-encoded (uppercase hex).
fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn url_encoded_random_keys_open() {
    let p = parties(Backend::default(), b"url-encoded randomKey");
    let payload = r#"{"cardId":"1755902"}"#;
    // Find a seal whose randomKey has all of `+`, `/` and `=`.
    let mut found = 0;
    for i in 0..64 {
        let resp = p
            .provider
            .seal_response(&format!(r#"{{"i":{i}}}"#))
            .unwrap();
        let rk = member(&resp.body, "randomKey");
        if !(rk.contains('+') && rk.contains('/') && rk.contains('=')) {
            continue;
        }
        found += 1;
        let encoded = url_encode(&rk);
        assert!(encoded.contains("%2B") && encoded.contains("%2F") && encoded.contains("%3D"));
        let want = format!(r#"{{"i":{i}}}"#);
        let body = replace_member(&resp.body, "randomKey", &encoded);
        assert_eq!(p.partner.open_response(&body).unwrap(), want);
        // Lowercase hex digits in the escapes.
        let lower_escapes = encoded
            .replace("%2B", "%2b")
            .replace("%2F", "%2f")
            .replace("%3D", "%3d");
        let body = replace_member(&resp.body, "randomKey", &lower_escapes);
        assert_eq!(p.partner.open_response(&body).unwrap(), want);
        // Partly encoded: `+` stays `+`.
        let body = replace_member(&resp.body, "randomKey", &rk.replace('=', "%3D"));
        assert_eq!(p.partner.open_response(&body).unwrap(), want);
        // Bad escapes are invalid input, before any decryption.
        for bad in [
            format!("{rk}%"),
            format!("{rk}%3"),
            format!("{rk}%G0"),
            format!("%+1{rk}"),
            rk.replace('=', "%="),
        ] {
            let body = replace_member(&resp.body, "randomKey", &bad);
            assert_eq!(
                field(p.partner.open_response(&body).unwrap_err()),
                "randomKey",
                "{bad}"
            );
        }
        // A webhook and a request take the same decoding.
        let note = p.provider.seal_notification(payload).unwrap();
        let body = replace_member(
            &note.body,
            "randomKey",
            &url_encode(&member(&note.body, "randomKey")),
        );
        assert_eq!(p.partner.open_notification(&body, &[]).unwrap(), payload);
        let req = p.partner.seal_request(payload, None).unwrap();
        let body = replace_member(
            &req.body,
            "randomKey",
            &url_encode(&member(&req.body, "randomKey")),
        );
        assert_eq!(p.provider.open_request(&body, &[]).unwrap(), payload);
    }
    assert!(found > 0, "no randomKey with +, / and = in 64 seals");
}

#[test]
fn error_responses_without_signature_are_provider_errors_with_no_result() {
    let p = parties(Backend::default(), b"error responses");
    for (body, code, message) in [
        (
            r#"{"respCode":"01","respMsg":"Field type is wrong"}"#,
            "01",
            "Field type is wrong",
        ),
        (r#"{"respCode":"99"}"#, "99", ""),
        (
            r#"{"respCode":"10","respMsg":"x","respData":{"detail":"y"},"signType":"MD5"}"#,
            "10",
            "x",
        ),
        (
            r#"{"respCode":"11","respMsg":"x","respData":"%%%","randomKey":"%"}"#,
            "11",
            "x",
        ),
    ] {
        assert_eq!(
            p.partner.open_response(body).unwrap_err(),
            Error::ProviderError {
                code: code.into(),
                message: message.into(),
                result: None,
            },
            "{body}"
        );
    }
}
