#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! KazePay: what the published fileUpload example lets us check (shapes and
//! lengths: we do not hold KazePay's keys), round trips merchant ↔ mirror for every
//! profile, detect, multipart, and every refusal with its error kind.

mod providers_support;

use cardseal::hazmat::aes::{self, Padding};
use cardseal::hazmat::encoding::{b64_decode, b64_encode, hex_decode, hex_encode};
use cardseal::providers::kazepay::{
    self, AesKeySize, FilePart, KazePay, KazePayProfile, KazePayProvider, KeyWrapping, SignDigest,
    SignedContent,
};
use cardseal::{Backend, Env, Error, ErrorKind, RsaPrivateKey, keys};
use proptest::prelude::*;
use serde_json::Value;

/// The API document's complete fileUpload request message (the Java example), verbatim
/// (docs/providers/kazepay.md).
const SEED_FILE_UPLOAD_REQUEST: &str = r#"{"head":{"sysId":"H2400002001","apiCode":"fileUpload","keyEnc":"8fd64e747dfde437b0c91d788507b994fc4d98e9e76656f4ba752cc33b1c1317140a2c37cf61af0ca205c96509d61b7ddcd2108540a7733be6c7fc5324c974a49b5ad96fcce74c0249a5f0fac03217fa2abf69722d71b7302c9856236a1627550c5d7599826001f85ae0aeefa0821e01671aff4dfc3b60071e7a175e15a33f3ef2a477ed1410a08dee503649eb88aae5d1af00eef50035712fb421f84abc36b9f9a08559505d2a248893bc7e63600177a92f281388086a375a091699691d21791204fed8183c2528b6903b8ac662add99d2541db03f25debb851cf5e542dc0a9c8c18e93c1cccc8e7b7efe58222a75285fbc68110fafb05a9f0dba9c11860c3e","sign":"829afefbdb21bd67c919723209cb158746e7062c7256721f34dc3380a8467abf9b63c8c96ec77931bde6a438f10095f83f424b63a33d8f2ece16ef34b3c66ca971a4daaddd720eeb09b2d2ba366bb74d2b7238f071dbb9932c9c934c067b3cab97f502b4c38be6e091dcb70bc62ba23dcfda54bf01e2013e99a98871a8b3b8c0bc39598ddf8ab5b268c03d15632078483a7fa824f279dfc71228707e652ac8824cab9eb71f43d5090bf377d2646eae192c8e11feecc4018ab5c2fa6bd34c23a892561297fc1588967d0639c1304e5338ce08cf38423e070e6d886ee24ec0d5c191a45e5db2bd91e5d40e9691c23a32bbe8563d9410ba6a98df5ea5a57befb618","requestNo":"174574749857359840","version":"1.0"},"body":{"encrypt":"r4oW1DCZZYNyTeWgsFheUoCVyNkZawpHI+HPm6l/moWOn9KpJ46XivK7tilcnxs7QOTX5BzRPxqI2fsPqZ8Ru9J+Smoje4Z7eCdcP+eR/tE="}}"#;
/// The API document's complete fileUpload response message, verbatim (pretty-printed as
/// published).
const SEED_FILE_UPLOAD_RESPONSE: &str = r#"{
"head": {
"sysId": "H2400002001",
"apiCode": "fileUpload",
"requestNo": "174574749857359840",
"version": "1.0",
"code": "SUCCESS",
"detail": "SUCCESS",
"sign": "53df0c735deb74c9b6cc108ab0b1daad053aa26a90a1a26756ff44ed0eece9c72804035ed91edb0f6f51220a72738e79548c5ec566c89a52d15581495c2d0e32017ca94de48a71550fca2204608671c7e2a3bf27c61fe77831f87e236892520dcf2ad351711fd76fec0ba513ec256be6e64d37a1c61ef49a1e5f58547c1d3200b69d024edd746658c71706c491671b7a665f9b8dd234db2e461e974c6ded9644cb071b1528ce82d1933c7d45d32404d3f3e94399699cbff721b9aad7d618a657b5daeab69394b537ee38de6cb460be3d83eff07209f0448a340906bd551468fbb49def514041b07355b0a75f0d8dd1ea9aec749aa02e2b77800f329207496bc8",
"keyEnc": "23a978a916dfeba1a08b0abe1939d61bf1607d4744c4e0d48ae98a7a83b26cbbaad693f07c1e88e694a63fd3dc06611a33af7cda2e20c3cdbe8a27d911a4c16e312bede36fc541151df4f0de4e56a6c17c4dfc9afac37959842084e43b7dbafdd6d7d61b776baf1901b6290975ac3825384c91e9c4b69381ee75d04d14bf771e0061a3a218c49c4e11a09f1f590a06eab993aa2d131a1e6caec5052d2a19fa1f96f0e8304cfb6dd7c07d5dd0d4dc0d543b81a868587cc58d4eae8cfbef2d8e01868a888e4dfc018ff61d3d990fa67063cca3851ed057f0572c714bf0ee62fc540407894a97f702bc9f78f528f30b956a82e4d2c2f56f37b1e371c182fd5108be"
},
"body": {
"encrypt": "Ckp2toBWOcJGelmzpEMN1T+TAywGCbcbUUScrrCuTnMqQQd0DHHpFAmGFpbMJlzma0rQe3GnsiTu013dJ3WbZkKQlhLFQ71Zsw6dpX/u8RY="
}
}"#;

/// The API document's fileUpload request body example (75 bytes compact).
const SEED_BODY: &str =
    r#"{"email":"kyc@kazepay.io","mobileNumber":"15659874544","mobilePrefix":"60"}"#;
const NOW: i64 = 1_745_747_498_573;

fn key(name: &str) -> RsaPrivateKey {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../test-vectors/keys")
        .join(name);
    keys::parse_private_key(std::fs::read_to_string(p).unwrap().as_bytes()).unwrap()
}

fn merchant_key() -> RsaPrivateKey {
    key("kazepay_merchant.pem")
}

fn provider_key() -> RsaPrivateKey {
    key("kazepay_provider.pem")
}

fn client(profile: KazePayProfile, seed: &[u8]) -> KazePay {
    KazePay::new(
        "H2400002001",
        merchant_key(),
        provider_key().public_key(),
        profile,
        Env::fixed(seed, NOW),
    )
    .unwrap()
}

fn pair(profile: KazePayProfile, seed: &[u8]) -> (KazePay, KazePayProvider) {
    let c = client(profile, seed);
    let p = c.provider(provider_key());
    (c, p)
}

#[test]
fn the_client_reports_its_sys_id_and_profile() {
    let c = client(KazePayProfile::default(), b"seed");
    assert_eq!(c.sys_id(), "H2400002001");
    assert_eq!(c.profile(), KazePayProfile::default());
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// Head member names in message order (serde_json's map sorts keys, so read the order
/// with the order-keeping parser).
fn head_keys(text: &str) -> Vec<String> {
    let doc = cardseal::canonical::json::parse(text).unwrap();
    doc.get("head")
        .unwrap()
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, _)| k.to_string())
        .collect()
}

#[test]
fn published_file_upload_example_shapes() {
    let req = parse(SEED_FILE_UPLOAD_REQUEST);
    let head = &req["head"];
    assert_eq!(head["keyEnc"].as_str().unwrap().len(), 512);
    assert_eq!(head["sign"].as_str().unwrap().len(), 512);
    assert_eq!(
        hex_decode(head["keyEnc"].as_str().unwrap().as_bytes())
            .unwrap()
            .len(),
        256
    );
    assert_eq!(
        hex_decode(head["sign"].as_str().unwrap().as_bytes())
            .unwrap()
            .len(),
        256
    );
    assert_eq!(SEED_BODY.len(), 75);
    let ct = b64_decode(req["body"]["encrypt"].as_str().unwrap().as_bytes()).unwrap();
    assert_eq!(
        ct.len(),
        80,
        "75 bytes + PKCS#7 → 80: no IV, nonce or tag on the wire"
    );
    // requestNo: 13-digit Unix ms + 5 digits.
    let rn = head["requestNo"].as_str().unwrap();
    assert_eq!(rn.len(), 18);
    assert!(rn.bytes().all(|b| b.is_ascii_digit()));
    let resp = parse(SEED_FILE_UPLOAD_RESPONSE);
    assert_eq!(resp["head"]["keyEnc"].as_str().unwrap().len(), 512);
    assert_eq!(resp["head"]["sign"].as_str().unwrap().len(), 512);
    assert_eq!(resp["head"]["requestNo"], head["requestNo"]);
    let body = r#"{"encrypt":"SUCCESS","fileId":"004a0d62-c901-459d-b32b-1f992a451ba1"}"#;
    let rct = b64_decode(resp["body"]["encrypt"].as_str().unwrap().as_bytes()).unwrap();
    // The documented 69-byte response body → 80 bytes under PKCS#7 (whole blocks + pad).
    assert_eq!(body.len(), 69);
    assert_eq!(rct.len(), (body.len() / 16 + 1) * 16);
    assert_eq!(rct.len(), 80);
}

#[test]
fn our_request_has_the_published_shape_and_head_order() {
    let c = client(KazePayProfile::default(), b"shape");
    let s = c
        .seal_request("fileUpload", SEED_BODY, Some("174574749857359840"))
        .unwrap();
    let ours = parse(&s.body);
    let seed = parse(SEED_FILE_UPLOAD_REQUEST);
    assert_eq!(head_keys(&s.body), head_keys(SEED_FILE_UPLOAD_REQUEST));
    assert_eq!(
        head_keys(&s.body),
        ["sysId", "apiCode", "keyEnc", "sign", "requestNo", "version"]
    );
    for k in ["sysId", "apiCode", "requestNo", "version"] {
        assert_eq!(ours["head"][k], seed["head"][k], "{k}");
    }
    assert_eq!(ours["head"]["keyEnc"].as_str().unwrap().len(), 512);
    assert_eq!(ours["head"]["sign"].as_str().unwrap().len(), 512);
    let ct = b64_decode(ours["body"]["encrypt"].as_str().unwrap().as_bytes()).unwrap();
    assert_eq!(ct.len(), 80);
    assert_eq!(
        ours["body"]["encrypt"].as_str().unwrap().len(),
        seed["body"]["encrypt"].as_str().unwrap().len()
    );
    // The message is compact JSON, exactly the published layout.
    assert!(
        s.body
            .starts_with(r#"{"head":{"sysId":"H2400002001","apiCode":"fileUpload","keyEnc":""#)
    );
    assert!(
        s.body
            .contains(r#"","requestNo":"174574749857359840","version":"1.0"},"body":{"encrypt":""#)
    );
    assert!(s.body.ends_with("\"}}"));
    // Trace holds every intermediate.
    for step in [
        "request_no",
        "profile",
        "plaintext",
        "encrypt",
        "key_enc",
        "signed_content",
        "sign",
    ] {
        assert!(s.trace.get(step).is_some(), "{step}");
    }
    assert_eq!(s.trace.get("plaintext"), Some(SEED_BODY));
}

#[test]
fn envelope_is_exactly_the_documented_construction() {
    // Recompute every piece independently with the primitives and the keys.
    let c = client(KazePayProfile::default(), b"construct");
    let s = c
        .seal_request("queryCard", r#"{"cardID":"19181"}"#, Some("1"))
        .unwrap();
    let v = parse(&s.body);
    let key_enc = hex_decode(v["head"]["keyEnc"].as_str().unwrap().as_bytes()).unwrap();
    let wrapped = provider_key().decrypt_pkcs1v15(&key_enc).unwrap();
    let key_text = std::str::from_utf8(wrapped.expose()).unwrap().to_owned();
    assert_eq!(key_text.len(), 24, "base64 text of a 128-bit key");
    let aes_key = b64_decode(key_text.as_bytes()).unwrap();
    assert_eq!(aes_key.len(), 16);
    let ct = b64_decode(v["body"]["encrypt"].as_str().unwrap().as_bytes()).unwrap();
    assert_eq!(
        aes::ecb_decrypt(&aes_key, &ct, Padding::Pkcs7).unwrap(),
        br#"{"cardID":"19181"}"#
    );
    let sig = hex_decode(v["head"]["sign"].as_str().unwrap().as_bytes()).unwrap();
    merchant_key()
        .public_key()
        .verify_pkcs1v15(
            cardseal::hazmat::digest::HashAlg::Sha1,
            br#"{"cardID":"19181"}"#,
            &sig,
        )
        .unwrap();
    // The session key is the first Env draw after the request number.
    let env = Env::fixed(b"construct", NOW);
    assert_eq!(
        env.random_bytes(16).unwrap(),
        aes_key,
        "request_no given: key is the first draw"
    );
}

#[test]
fn generated_request_no_is_ms_plus_five_digits() {
    let c = client(KazePayProfile::default(), b"rn");
    let s = c.seal_request("queryCard", "{}", None).unwrap();
    let rn = parse(&s.body)["head"]["requestNo"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(rn.len(), 18);
    assert!(rn.starts_with("1745747498573"));
    assert!(rn.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(s.trace.get("request_no"), Some(rn.as_str()));
    let s2 = client(KazePayProfile::default(), b"rn2")
        .seal_request("queryCard", "{}", None)
        .unwrap();
    assert_ne!(parse(&s2.body)["head"]["requestNo"].as_str().unwrap(), rn);
}

#[test]
fn both_backends_seal_identical_bytes() {
    let mut out = Vec::new();
    for b in Backend::available() {
        let c = KazePay::new(
            "S",
            merchant_key().with_backend(b).unwrap(),
            provider_key().public_key().with_backend(b).unwrap(),
            KazePayProfile::default(),
            Env::fixed(b"backends", NOW),
        )
        .unwrap();
        out.push(c.seal_request("queryCard", SEED_BODY, None).unwrap().body);
    }
    assert!(out.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn every_profile_round_trips_and_is_detected_uniquely() {
    let all = KazePayProfile::all();
    assert_eq!(all.len(), 16);
    assert_eq!(all[0], KazePayProfile::default());
    for profile in all {
        let (c, p) = pair(profile, profile.describe().as_bytes());
        let req = c
            .seal_request(
                "cardBalance",
                r#"{"cardID":"19181","currency":"USD"}"#,
                None,
            )
            .unwrap();
        assert_eq!(
            p.open_request(&req.body, &[]).unwrap(),
            r#"{"cardID":"19181","currency":"USD"}"#,
            "{}",
            profile.describe()
        );
        let data =
            r#"{"cardID":"19181","currency":"USD","avaBalance":18506.25,"blockBalance":2020.00}"#;
        let resp = p
            .seal_response("cardBalance", "202404220205221238690954", data)
            .unwrap();
        assert_eq!(head_keys(&resp.body), head_keys(SEED_FILE_UPLOAD_RESPONSE));
        assert_eq!(
            head_keys(&resp.body),
            [
                "sysId",
                "apiCode",
                "requestNo",
                "version",
                "code",
                "detail",
                "sign",
                "keyEnc"
            ]
        );
        assert_eq!(c.open_response(&resp.body).unwrap(), data);
        let report =
            kazepay::detect(&resp.body, &merchant_key(), &provider_key().public_key()).unwrap();
        assert_eq!(report.matches, vec![profile], "{report:?}");
        assert_eq!(report.attempts.len(), 16);
        assert_eq!(report.body.as_deref(), Some(data));
        assert_eq!(
            report.summary(),
            format!("opens and verifies with {}", profile.describe())
        );
        // Detect works on requests too (recipient = provider).
        let report =
            kazepay::detect(&req.body, &provider_key(), &merchant_key().public_key()).unwrap();
        assert_eq!(report.matches, vec![profile]);
        // A mismatched profile on the other side does not open it.
        let other = KazePayProfile {
            digest: match profile.digest {
                SignDigest::Sha1 => SignDigest::Sha256,
                SignDigest::Sha256 => SignDigest::Sha1,
            },
            ..profile
        };
        let wrong = client(other, b"x");
        assert_eq!(
            wrong.open_response(&resp.body).unwrap_err(),
            Error::signature_mismatch(cardseal::Check::HeadSign)
        );
    }
}

#[test]
fn detect_on_the_seed_message_reports_no_match_with_our_keys() {
    let report = kazepay::detect(
        SEED_FILE_UPLOAD_RESPONSE,
        &merchant_key(),
        &provider_key().public_key(),
    )
    .unwrap();
    assert!(report.matches.is_empty());
    assert_eq!(report.attempts.len(), 16);
    assert!(report.attempts.iter().all(|a| a.error.is_some()));
    assert_eq!(report.body, None);
    assert_eq!(
        report.summary(),
        "no profile opens and verifies this message (16 tried)"
    );
    assert_eq!(
        kazepay::detect("{}", &merchant_key(), &provider_key().public_key())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
}

#[test]
fn provider_failures() {
    let (c, p) = pair(KazePayProfile::default(), b"fail");
    let e = p
        .seal_error_response("queryCard", "1", "FAILED", "card not found")
        .unwrap();
    assert_eq!(
        e.body,
        r#"{"head":{"sysId":"H2400002001","apiCode":"queryCard","requestNo":"1","version":"1.0","code":"FAILED","detail":"card not found"}}"#
    );
    assert_eq!(
        c.open_response(&e.body).unwrap_err(),
        Error::ProviderError {
            code: "FAILED".into(),
            message: "card not found".into(),
            result: None,
        }
    );
}

/// Rebuilds a response with a validly encrypted *different* body under the same session
/// key (recovered with the merchant key), keeping the original signature.
fn swap_body(message: &str, new_body: &str) -> String {
    let mut v = parse(message);
    let key_enc = hex_decode(v["head"]["keyEnc"].as_str().unwrap().as_bytes()).unwrap();
    let wrapped = merchant_key().decrypt_pkcs1v15(&key_enc).unwrap();
    let aes_key = b64_decode(wrapped.expose()).unwrap();
    let ct = aes::ecb_encrypt(&aes_key, new_body.as_bytes(), Padding::Pkcs7).unwrap();
    v["body"]["encrypt"] = Value::String(b64_encode(&ct));
    serde_json::to_string(&v).unwrap()
}

#[test]
fn tampering_and_wrong_keys() {
    let (c, p) = pair(KazePayProfile::default(), b"tamper");
    let data = r#"{"cardID":"19181","status":"INACTIVE"}"#;
    let resp = p.seal_response("updCardStatus", "1", data).unwrap();
    assert_eq!(c.open_response(&resp.body).unwrap(), data);
    // A different body under the original signature.
    assert_eq!(
        c.open_response(&swap_body(
            &resp.body,
            r#"{"cardID":"19181","status":"ACTIVE"}"#
        ))
        .unwrap_err(),
        Error::signature_mismatch(cardseal::Check::HeadSign)
    );
    // The control: swapping in the same body still opens (so the swap itself is sound).
    assert_eq!(c.open_response(&swap_body(&resp.body, data)).unwrap(), data);
    // A flipped signature bit.
    let mut v = parse(&resp.body);
    let mut sig = hex_decode(v["head"]["sign"].as_str().unwrap().as_bytes()).unwrap();
    sig[100] ^= 0x10;
    v["head"]["sign"] = Value::String(hex_encode(&sig));
    assert_eq!(
        c.open_response(&serde_json::to_string(&v).unwrap())
            .unwrap_err(),
        Error::signature_mismatch(cardseal::Check::HeadSign)
    );
    // The last ciphertext block changed → padding fails → the same SignatureMismatch as
    // any other tampering (no padding-vs-signature oracle).
    let mut v = parse(&resp.body);
    let mut ct = b64_decode(v["body"]["encrypt"].as_str().unwrap().as_bytes()).unwrap();
    let n = ct.len();
    ct[n - 1] ^= 0x01;
    v["body"]["encrypt"] = Value::String(b64_encode(&ct));
    assert_eq!(
        c.open_response(&serde_json::to_string(&v).unwrap())
            .unwrap_err(),
        Error::signature_mismatch(cardseal::Check::HeadSign)
    );
    // Wrong merchant key / wrong provider public key.
    let stranger = KazePay::new(
        "H2400002001",
        provider_key(),
        provider_key().public_key(),
        KazePayProfile::default(),
        Env::fixed(b"s", NOW),
    )
    .unwrap();
    assert_eq!(
        stranger.open_response(&resp.body).unwrap_err(),
        Error::signature_mismatch(cardseal::Check::HeadSign)
    );
    let wrong_signer = KazePay::new(
        "H2400002001",
        merchant_key(),
        merchant_key().public_key(),
        KazePayProfile::default(),
        Env::fixed(b"s", NOW),
    )
    .unwrap();
    assert_eq!(
        wrong_signer.open_response(&resp.body).unwrap_err(),
        Error::signature_mismatch(cardseal::Check::HeadSign)
    );
    // Sign-after-encrypt profile: a tampered ciphertext fails the signature first.
    let prof = KazePayProfile {
        signed_content: SignedContent::Ciphertext,
        ..KazePayProfile::default()
    };
    let (c2, p2) = pair(prof, b"cipher");
    let resp2 = p2.seal_response("x", "1", data).unwrap();
    let mut v = parse(&resp2.body);
    let mut ct = b64_decode(v["body"]["encrypt"].as_str().unwrap().as_bytes()).unwrap();
    ct[0] ^= 1;
    v["body"]["encrypt"] = Value::String(b64_encode(&ct));
    assert_eq!(
        c2.open_response(&serde_json::to_string(&v).unwrap())
            .unwrap_err(),
        Error::signature_mismatch(cardseal::Check::HeadSign)
    );
}

#[test]
fn malformed_messages_are_invalid_input() {
    let (c, p) = pair(KazePayProfile::default(), b"malformed");
    let good = p.seal_response("x", "1", "{}").unwrap().body;
    assert_eq!(c.open_response(&good).unwrap(), "{}");
    let field = |m: &str| match c.open_response(m).unwrap_err() {
        Error::InvalidInput { field, .. } => field,
        other => panic!("{m}: {other:?}"),
    };
    assert_eq!(field(""), "message");
    assert_eq!(field("{\"head\":1}"), "head");
    assert_eq!(field("{\"body\":{}}"), "head");
    let mutate = |f: &dyn Fn(&mut Value)| {
        let mut v = parse(&good);
        f(&mut v);
        serde_json::to_string(&v).unwrap()
    };
    assert_eq!(
        field(&mutate(
            &|v| v["head"]["keyEnc"] = Value::String("zz".into())
        )),
        "head.keyEnc"
    );
    assert_eq!(
        field(&mutate(&|v| v["head"]["sign"] = Value::String("abc".into()))),
        "head.sign"
    );
    assert_eq!(
        field(&mutate(
            &|v| v["body"]["encrypt"] = Value::String("not base64!".into())
        )),
        "body.encrypt"
    );
    assert_eq!(
        field(&mutate(&|v| {
            v["head"].as_object_mut().unwrap().remove("sign");
        })),
        "head.sign"
    );
    assert_eq!(
        field(&mutate(&|v| {
            v["head"].as_object_mut().unwrap().remove("keyEnc");
        })),
        "head.keyEnc"
    );
    assert_eq!(
        field(&mutate(&|v| {
            v.as_object_mut().unwrap().remove("body");
        })),
        "body.encrypt"
    );
    assert_eq!(
        field(&mutate(&|v| v["head"]["sign"] = Value::from(5))),
        "head.sign"
    );
    // keyEnc of the wrong length → RSA refuses → uniform DecryptionFailed.
    let short = mutate(&|v| v["head"]["keyEnc"] = Value::String("00".repeat(255)));
    assert_eq!(
        c.open_response(&short).unwrap_err(),
        Error::DecryptionFailed
    );
    // Sealing refuses bad inputs.
    assert_eq!(
        c.seal_request("", "{}", None).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        c.seal_request("x", "{", None).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        c.seal_request("x", "{}", Some("")).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        KazePay::new(
            "",
            merchant_key(),
            provider_key().public_key(),
            KazePayProfile::default(),
            Env::fixed(b"", 0)
        )
        .unwrap_err()
        .kind(),
        ErrorKind::InvalidInput
    );
    // The mirror checks the sysId.
    let req = c.seal_request("x", "{}", None).unwrap();
    let other = KazePayProvider::new(
        "OTHER",
        provider_key(),
        merchant_key().public_key(),
        KazePayProfile::default(),
        Env::fixed(b"", 0),
    )
    .unwrap();
    assert_eq!(
        other.open_request(&req.body, &[]).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
}

#[test]
fn profile_names() {
    let p = KazePayProfile::from_names("sha256", "ciphertext", "raw", 256).unwrap();
    assert_eq!(
        p,
        KazePayProfile {
            digest: SignDigest::Sha256,
            signed_content: SignedContent::Ciphertext,
            key_wrapping: KeyWrapping::Raw,
            aes_key_size: AesKeySize::Aes256
        }
    );
    assert_eq!(
        p.describe(),
        "digest=sha256 signed_content=ciphertext key_wrapping=raw aes_key_bits=256"
    );
    assert_eq!(
        KazePayProfile::default().describe(),
        "digest=sha1 signed_content=plaintext key_wrapping=base64_text aes_key_bits=128"
    );
    for p in KazePayProfile::all() {
        let d = p.describe();
        let f: Vec<&str> = d
            .split(' ')
            .map(|kv| kv.split_once('=').unwrap().1)
            .collect();
        assert_eq!(
            KazePayProfile::from_names(f[0], f[1], f[2], f[3].parse().unwrap()).unwrap(),
            p
        );
    }
    let field = |r: cardseal::Result<KazePayProfile>| match r.unwrap_err() {
        Error::InvalidInput { field, .. } => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        field(KazePayProfile::from_names("md5", "plaintext", "raw", 128)),
        "digest"
    );
    assert_eq!(
        field(KazePayProfile::from_names("sha1", "both", "raw", 128)),
        "signed_content"
    );
    assert_eq!(
        field(KazePayProfile::from_names("sha1", "plaintext", "hex", 128)),
        "key_wrapping"
    );
    assert_eq!(
        field(KazePayProfile::from_names("sha1", "plaintext", "raw", 192)),
        "aes_key_bits"
    );
}

#[test]
fn file_upload_multipart() {
    let (c, p) = pair(KazePayProfile::default(), b"upload");
    let jpeg: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    let file = FilePart {
        file_name: "1.jpg",
        content_type: "image/jpeg",
        data: &jpeg,
    };
    let up = c
        .seal_file_upload(SEED_BODY, Some("174574749857359840"), &file)
        .unwrap();
    assert!(up.boundary.starts_with("cardseal-") && up.boundary.len() == 9 + 32);
    assert_eq!(
        up.content_type,
        format!("multipart/form-data; boundary={}", up.boundary)
    );
    let b = &up.boundary;
    let mut want = Vec::new();
    want.extend_from_slice(format!("--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"1.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes());
    want.extend_from_slice(&jpeg);
    want.extend_from_slice(format!("\r\n--{b}\r\nContent-Disposition: form-data; name=\"request\"\r\nContent-Type: application/json\r\n\r\n{}\r\n--{b}--\r\n", up.request_json).as_bytes());
    assert_eq!(up.body, want);
    assert_eq!(
        head_keys(&up.request_json),
        head_keys(SEED_FILE_UPLOAD_REQUEST)
    );
    assert_eq!(parse(&up.request_json)["head"]["apiCode"], "fileUpload");
    assert_eq!(p.open_request(&up.request_json, &[]).unwrap(), SEED_BODY);
    assert_eq!(up.trace.get("boundary"), Some(b.as_str()));
    // The pure builder refuses what would break the framing.
    let field = |r: cardseal::Result<Vec<u8>>| match r.unwrap_err() {
        Error::InvalidInput { field, .. } => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(field(kazepay::multipart_body("", &file, "{}")), "boundary");
    assert_eq!(
        field(kazepay::multipart_body("a b", &file, "{}")),
        "boundary"
    );
    assert_eq!(
        field(kazepay::multipart_body(&"x".repeat(71), &file, "{}")),
        "boundary"
    );
    let evil = FilePart {
        file_name: "a\".jpg",
        ..file
    };
    assert_eq!(
        field(kazepay::multipart_body("B", &evil, "{}")),
        "file_name"
    );
    let evil = FilePart {
        content_type: "image/jpeg\r\nX: y",
        ..file
    };
    assert_eq!(
        field(kazepay::multipart_body("B", &evil, "{}")),
        "content_type"
    );
    let clash = FilePart {
        data: b"...--B...",
        ..file
    };
    assert_eq!(
        field(kazepay::multipart_body("B", &clash, "{}")),
        "boundary"
    );
    assert!(kazepay::multipart_body("B", &file, "{}").is_ok());
}

#[test]
fn notifications_round_trip() {
    let (c, p) = pair(KazePayProfile::default(), b"notify");
    let n = p
        .seal_notification("cardTransaction", r#"{"cardID":"1","amount":-13.09}"#)
        .unwrap();
    assert_eq!(
        head_keys(&n.body),
        ["sysId", "apiCode", "keyEnc", "sign", "requestNo", "version"]
    );
    assert_eq!(
        c.open_notification(&n.body, &[]).unwrap(),
        r#"{"cardID":"1","amount":-13.09}"#
    );
}

#[test]
fn debug_is_redacted() {
    let c = client(KazePayProfile::default(), b"dbg");
    let d = format!("{c:?}");
    assert_eq!(
        d,
        format!(
            "KazePay {{ sys_id: \"H2400002001\", private_key: RsaPrivateKey {{ bits: 2048, backend: {} }}, profile: KazePayProfile {{ digest: Sha1, signed_content: PlaintextBody, key_wrapping: Base64Text, aes_key_size: Aes128 }}, .. }}",
            Backend::default().name()
        )
    );
    assert!(d.contains("H2400002001") && !d.contains("MII"), "{d}");
    let f = FilePart {
        file_name: "a",
        content_type: "b",
        data: b"secret bytes",
    };
    assert!(!format!("{f:?}").contains("secret"));
}

#[test]
fn kyc_sized_payload_round_trips() {
    let (c, p) = pair(KazePayProfile::default(), b"kyc");
    let body = providers_support::kyc_body(2_000_000);
    assert!(body.len() > 6_000_000);
    let s = c.seal_request("setUcardKyc", &body, None).unwrap();
    assert_eq!(p.open_request(&s.body, &[]).unwrap(), body);
    let r = p.seal_response("setUcardKyc", "1", &body).unwrap();
    assert_eq!(c.open_response(&r.body).unwrap(), body);
}

fn any_profile() -> impl Strategy<Value = KazePayProfile> {
    (0usize..16).prop_map(|i| KazePayProfile::all()[i])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn prop_round_trip_any_profile(body in providers_support::object(), profile in any_profile(), seed: [u8; 8]) {
        let (c, p) = pair(profile, &seed);
        let s = c.seal_request("x", &body, None).unwrap();
        prop_assert_eq!(p.open_request(&s.body, &[]).unwrap(), body.clone());
        let r = p.seal_response("x", "1", &body).unwrap();
        prop_assert_eq!(c.open_response(&r.body).unwrap(), body);
    }

    #[test]
    fn prop_any_signature_bit_flip_is_mismatch(profile in any_profile(), byte in 0usize..256, bit in 0u8..8) {
        let (c, p) = pair(profile, b"flip");
        let r = p.seal_response("x", "1", r#"{"a":"b"}"#).unwrap();
        let mut v = parse(&r.body);
        let mut sig = hex_decode(v["head"]["sign"].as_str().unwrap().as_bytes()).unwrap();
        sig[byte] ^= 1 << bit;
        v["head"]["sign"] = Value::String(hex_encode(&sig));
        prop_assert_eq!(c.open_response(&serde_json::to_string(&v).unwrap()).unwrap_err(), Error::signature_mismatch(cardseal::Check::HeadSign));
    }

    #[test]
    fn prop_any_ciphertext_change_never_opens(profile in any_profile(), pos: prop::sample::Index, bit in 0u8..8) {
        let (c, p) = pair(profile, b"ct-flip");
        let r = p.seal_response("x", "1", r#"{"cardNo":"2229298088662389","cvv":"195"}"#).unwrap();
        let mut v = parse(&r.body);
        let mut ct = b64_decode(v["body"]["encrypt"].as_str().unwrap().as_bytes()).unwrap();
        let i = pos.index(ct.len());
        ct[i] ^= 1 << bit;
        v["body"]["encrypt"] = Value::String(b64_encode(&ct));
        let kind = c.open_response(&serde_json::to_string(&v).unwrap()).unwrap_err().kind();
        // Plaintext-signed: every secret-dependent failure is SignatureMismatch; under
        // sign-after-encrypt the signature catches every change first.
        prop_assert_eq!(kind, ErrorKind::SignatureMismatch);
    }

    #[test]
    fn prop_wrong_merchant_key_never_opens(profile in any_profile(), seed: [u8; 8]) {
        let (_, p) = pair(profile, &seed);
        let r = p.seal_response("x", "1", r#"{"a":1}"#).unwrap();
        let stranger = KazePay::new("H2400002001", provider_key(), provider_key().public_key(), profile, Env::fixed(&seed, NOW)).unwrap();
        let kind = stranger.open_response(&r.body).unwrap_err().kind();
        // Plaintext-signed: the one uniform kind. Ciphertext-signed: the signature
        // verifies (it covers public data), then the key fails → DecryptionFailed.
        let want = match profile.signed_content {
            SignedContent::PlaintextBody => ErrorKind::SignatureMismatch,
            SignedContent::Ciphertext => ErrorKind::DecryptionFailed,
        };
        prop_assert_eq!(kind, want);
    }
}

/// An entropy source that only ever returns 0xff bytes: every 4-byte draw is
/// 0xffffffff, above the rejection-sampling limit of the request-number digits.
struct AllOnes;

impl cardseal::env::Entropy for AllOnes {
    fn fill(&self, dest: &mut [u8]) -> cardseal::Result<()> {
        dest.fill(0xff);
        Ok(())
    }
}

#[test]
fn request_no_generation_is_bounded_when_entropy_keeps_being_rejected() {
    let env = Env::new(
        std::sync::Arc::new(AllOnes),
        std::sync::Arc::new(cardseal::env::FixedClock(NOW)),
    );
    let c = KazePay::new(
        "H2400002001",
        merchant_key(),
        provider_key().public_key(),
        KazePayProfile::default(),
        env.clone(),
    )
    .unwrap();
    let want = |e: Error| match e {
        Error::Unavailable { resource, reason } => {
            assert_eq!(resource, cardseal::Resource::Entropy);
            assert!(reason.contains("out-of-range"), "{reason}");
        }
        other => panic!("{other:?}"),
    };
    want(c.seal_request("queryCard", "{}", None).unwrap_err());
    want(
        c.seal_file_upload(
            "{}",
            None,
            &FilePart {
                file_name: "a.jpg",
                content_type: "image/jpeg",
                data: b"x",
            },
        )
        .unwrap_err(),
    );
    want(
        c.provider(provider_key())
            .seal_notification("cardTransaction", "{}")
            .unwrap_err(),
    );
    // A given request number draws no digits, so the same Env still seals.
    assert!(c.seal_request("queryCard", "{}", Some("1")).is_ok());
}

/// The session key of a response to the merchant (recovered with the merchant key).
fn session_key(message: &str) -> Vec<u8> {
    let v = parse(message);
    let key_enc = hex_decode(v["head"]["keyEnc"].as_str().unwrap().as_bytes()).unwrap();
    let wrapped = merchant_key().decrypt_pkcs1v15(&key_enc).unwrap();
    b64_decode(wrapped.expose()).unwrap()
}

/// Rebuilds a response to the merchant: `wrapped` (when given) RSA-wrapped to the
/// merchant key as `head.keyEnc`, `ciphertext` (when given) as `body.encrypt`, and with
/// `resign` a fresh SHA-1 provider signature over the new `body.encrypt` text (the
/// sign-after-encrypt profile).
fn rebuild(
    message: &str,
    wrapped: Option<&[u8]>,
    ciphertext: Option<&[u8]>,
    resign: bool,
) -> String {
    let mut v = parse(message);
    if let Some(w) = wrapped {
        let key_enc = merchant_key()
            .public_key()
            .encrypt_pkcs1v15(w, &Env::fixed(b"rewrap", 0))
            .unwrap();
        v["head"]["keyEnc"] = Value::String(hex_encode(&key_enc));
    }
    if let Some(ct) = ciphertext {
        v["body"]["encrypt"] = Value::String(b64_encode(ct));
    }
    if resign {
        let text = v["body"]["encrypt"].as_str().unwrap().to_owned();
        let sig = provider_key()
            .sign_pkcs1v15(cardseal::hazmat::digest::HashAlg::Sha1, text.as_bytes())
            .unwrap();
        v["head"]["sign"] = Value::String(hex_encode(&sig));
    }
    serde_json::to_string(&v).unwrap()
}

/// Ciphertexts under `key` that decrypt to: a changed first block (padding good), bad
/// padding (checked), and valid padding around bytes that are not UTF-8.
fn tampered_ciphertexts(message: &str, key: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let v = parse(message);
    let ct = b64_decode(v["body"]["encrypt"].as_str().unwrap().as_bytes()).unwrap();
    let mut first = ct.clone();
    first[0] ^= 0x01;
    assert!(
        aes::ecb_decrypt(key, &first, Padding::Pkcs7).is_ok(),
        "padding still good"
    );
    let mut plain = aes::ecb_decrypt(key, &ct, Padding::None).unwrap();
    let n = plain.len();
    plain[n - 1] = 0x11; // 17: never a valid PKCS#7 byte for 16-byte blocks
    let bad_pad = aes::ecb_encrypt(key, &plain, Padding::None).unwrap();
    assert_eq!(
        aes::ecb_decrypt(key, &bad_pad, Padding::Pkcs7).unwrap_err(),
        Error::DecryptionFailed
    );
    let not_utf8 = aes::ecb_encrypt(key, b"{\"a\":\"\xff\xfe\"}", Padding::Pkcs7).unwrap();
    vec![
        ("first block changed, padding good", first),
        ("padding bad", bad_pad),
        ("not UTF-8, padding good", not_utf8),
    ]
}

#[test]
fn plaintext_signed_profile_every_secret_dependent_failure_is_one_kind() {
    // Sign-then-encrypt: padding, key unwrap, UTF-8 and signature failures must be
    // indistinguishable (else a padding-vs-signature oracle on body.encrypt).
    let (c, p) = pair(KazePayProfile::default(), b"oracle");
    let data = r#"{"cardNo":"2229298088662389","cvv":"195"}"#;
    let resp = p.seal_response("queryCard", "1", data).unwrap().body;
    assert_eq!(c.open_response(&resp).unwrap(), data);
    let key = session_key(&resp);
    let want = Error::signature_mismatch(cardseal::Check::HeadSign);
    for (what, ct) in tampered_ciphertexts(&resp, &key) {
        assert_eq!(
            c.open_response(&rebuild(&resp, None, Some(&ct), false))
                .unwrap_err(),
            want,
            "{what}"
        );
    }
    // Unwrapped keys that are not a well-formed 128-bit key: the base64 text of a 32-byte
    // key, the base64 text of 15 bytes, raw key bytes (not base64 text), an empty key.
    let ct = b64_decode(parse(&resp)["body"]["encrypt"].as_str().unwrap().as_bytes()).unwrap();
    let k32 = [7u8; 32];
    let ct32 = aes::ecb_encrypt(&k32, data.as_bytes(), Padding::Pkcs7).unwrap();
    for (what, wrapped, ct) in [
        (
            "base64 of a 32-byte key",
            b64_encode(&k32).into_bytes(),
            ct32.clone(),
        ),
        (
            "base64 of 15 bytes",
            b64_encode(&key[..15]).into_bytes(),
            ct.clone(),
        ),
        ("raw key bytes", key.clone(), ct.clone()),
        ("empty", Vec::new(), ct.clone()),
    ] {
        assert_eq!(
            c.open_response(&rebuild(&resp, Some(&wrapped), Some(&ct), false))
                .unwrap_err(),
            want,
            "{what}"
        );
    }
    // The control: re-wrapping the right key text opens.
    assert_eq!(
        c.open_response(&rebuild(
            &resp,
            Some(b64_encode(&key).as_bytes()),
            None,
            false
        ))
        .unwrap(),
        data
    );
    // A wrong recipient key: implicit rejection → random bytes → the same kind.
    let stranger = KazePay::new(
        "H2400002001",
        provider_key(),
        provider_key().public_key(),
        KazePayProfile::default(),
        Env::fixed(b"s", NOW),
    )
    .unwrap();
    assert_eq!(stranger.open_response(&resp).unwrap_err(), want);
    // Deterministic: the same bad message fails the same way on every backend.
    for b in Backend::available() {
        let cb = KazePay::new(
            "H2400002001",
            merchant_key().with_backend(b).unwrap(),
            provider_key().public_key().with_backend(b).unwrap(),
            KazePayProfile::default(),
            Env::fixed(b"s", NOW),
        )
        .unwrap();
        assert_eq!(
            cb.open_response(&rebuild(&resp, Some(&key), None, false))
                .unwrap_err(),
            want
        );
    }
}

#[test]
fn ciphertext_signed_profile_checks_the_signature_first_then_decryption_failed() {
    // Encrypt-then-sign: the signature over body.encrypt is checked before decrypting;
    // once it verifies, a failure to open is DecryptionFailed.
    let prof = KazePayProfile {
        signed_content: SignedContent::Ciphertext,
        ..KazePayProfile::default()
    };
    let (c, p) = pair(prof, b"etm");
    let data = r#"{"cardNo":"2229298088662389","cvv":"195"}"#;
    let resp = p.seal_response("queryCard", "1", data).unwrap().body;
    assert_eq!(c.open_response(&resp).unwrap(), data);
    assert_eq!(
        c.open_response(&rebuild(&resp, None, None, true)).unwrap(),
        data
    );
    let key = session_key(&resp);
    for (what, ct) in tampered_ciphertexts(&resp, &key) {
        // Unsigned change → the signature catches it.
        assert_eq!(
            c.open_response(&rebuild(&resp, None, Some(&ct), false))
                .unwrap_err(),
            Error::signature_mismatch(cardseal::Check::HeadSign),
            "{what}"
        );
        // Signed change (the signer sent it) → DecryptionFailed unless it is a valid body.
        // Signed change (the signer sent it) → exactly what the bytes decrypt to:
        // the text when padding and UTF-8 are good, else DecryptionFailed.
        let expected = aes::ecb_decrypt(&key, &ct, Padding::Pkcs7)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or(Error::DecryptionFailed);
        assert_eq!(
            c.open_response(&rebuild(&resp, None, Some(&ct), true)),
            expected,
            "{what}"
        );
        if what != "first block changed, padding good" {
            assert_eq!(expected, Err(Error::DecryptionFailed), "{what}");
        }
    }
    // keyEnc is not covered by this profile's signature: a wrong key → DecryptionFailed.
    for wrapped in [b64_encode(&[7u8; 32]).into_bytes(), key.clone(), Vec::new()] {
        assert_eq!(
            c.open_response(&rebuild(&resp, Some(&wrapped), None, false))
                .unwrap_err(),
            Error::DecryptionFailed
        );
    }
    let stranger = KazePay::new(
        "H2400002001",
        provider_key(),
        provider_key().public_key(),
        prof,
        Env::fixed(b"s", NOW),
    )
    .unwrap();
    assert_eq!(
        stranger.open_response(&resp).unwrap_err(),
        Error::DecryptionFailed
    );
}

#[test]
fn truncated_body_encrypt_and_key_enc() {
    for signed_content in [SignedContent::PlaintextBody, SignedContent::Ciphertext] {
        let prof = KazePayProfile {
            signed_content,
            ..KazePayProfile::default()
        };
        let (c, p) = pair(prof, b"truncate");
        let data = r#"{"cardID":"19181","currency":"USD","avaBalance":18506.25}"#;
        let resp = p.seal_response("cardBalance", "1", data).unwrap().body;
        assert_eq!(c.open_response(&resp).unwrap(), data);
        let v = parse(&resp);
        let enc = v["body"]["encrypt"].as_str().unwrap().to_owned();
        let key_enc = v["head"]["keyEnc"].as_str().unwrap().to_owned();
        let ct = b64_decode(enc.as_bytes()).unwrap();
        assert_eq!(ct.len(), 64);
        let with = |field: &str, value: String| {
            let mut v = parse(&resp);
            match field {
                "encrypt" => v["body"]["encrypt"] = Value::String(value),
                _ => v["head"]["keyEnc"] = Value::String(value),
            }
            c.open_response(&serde_json::to_string(&v).unwrap())
                .unwrap_err()
        };
        let what = prof.describe();
        // body.encrypt text cut mid-quantum: not base64 → InvalidInput naming the field.
        match with("encrypt", enc[..enc.len() - 1].to_owned()) {
            Error::InvalidInput { field, .. } => assert_eq!(field, "body.encrypt", "{what}"),
            other => panic!("{what}: {other:?}"),
        }
        // Whole base64 quanta dropped: 63 → 60 → ... bytes, not a block multiple:
        // a public length check → DecryptionFailed.
        assert_eq!(ct.len() % 3, 1);
        let cut = &enc[..enc.len() - 4 - 4];
        assert_eq!(b64_decode(cut.as_bytes()).unwrap().len(), 60);
        assert_eq!(
            with("encrypt", cut.to_owned()),
            Error::DecryptionFailed,
            "{what}"
        );
        // Empty ciphertext → DecryptionFailed.
        assert_eq!(
            with("encrypt", String::new()),
            Error::DecryptionFailed,
            "{what}"
        );
        // Cut to whole blocks (the last one dropped): authenticated failure. Plaintext-
        // signed → the uniform SignatureMismatch; ciphertext-signed → the signature over
        // the text fails first.
        for blocks in [1, 2, 3] {
            assert_eq!(
                with("encrypt", b64_encode(&ct[..16 * blocks])),
                Error::signature_mismatch(cardseal::Check::HeadSign),
                "{what} {blocks} blocks"
            );
        }
        // keyEnc one hex digit short → not hex → InvalidInput naming the field.
        match with("keyEnc", key_enc[..key_enc.len() - 1].to_owned()) {
            Error::InvalidInput { field, .. } => assert_eq!(field, "head.keyEnc", "{what}"),
            other => panic!("{what}: {other:?}"),
        }
        // keyEnc one byte (two digits) short, half, empty → not k bytes → DecryptionFailed.
        for n in [key_enc.len() - 2, key_enc.len() / 2, 0] {
            assert_eq!(
                with("keyEnc", key_enc[..n].to_owned()),
                Error::DecryptionFailed,
                "{what} keyEnc {n} digits"
            );
        }
    }
}
