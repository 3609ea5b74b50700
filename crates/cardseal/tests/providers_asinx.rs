#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! ASINX Pay / Moonbank: published vectors (docs/providers/asinx.md), every error kind,
//! merchant ↔ mirror round trips.

mod providers_support;

use cardseal::providers::asinx::{Asinx, AsinxProvider};
use cardseal::providers::{Mirror, Received};
use cardseal::{Env, Error, ErrorKind};
use proptest::prelude::*;

const SECRET: &str = "b635dd5c87f7bf73387929203321b1e1";
const APP_ID: &str = "app_447770";

const SIGN_B64: &str = "L3VzZXIvcmVnaXN0ZXJ7ImVtYWlsIjoiMTg4ODg4ODg4NjYyQDE4OC5jb20iLCJtb2JpbGVOdW1iZXIiOiIxODg4ODg4ODg2NyIsIm1vYmlsZVByZWZpeCI6IjEifQ==";
const SIGN_CT_HEX: &str = "aa71f61b66b0436856be41b40ea099029bc25e43ae01d39f7332a8a56da3214d5b054c32c702142ade9a87f98cc3fca43a7625413671dff58fc6678faa760466b012d42a2b396c6218d04973b1fba60de82e593d22ddcf9f54f7fccb2cef876fe2e96e2276f672b44ebf6207ca823b0a0229ad71fa98c286f14adede9283d160d6ec88adf38227242f491052e1bd3edc";
const SIGN: &str = "f61ff896372b9e5836cb67a069dd810a";

/// The API document's `/user/usdRechargeInfo` response `result`.
const RECHARGE_RESULT: &str = "0252e1e822c50faeaa28549b037dee5633f2e2c7664f1fa03fe4d531fb9710a983ffa7002dc27fd3acb29b6442deb266f151e77ee647df196821d505a4c0d7696a860fa49598273a77055d95f9fb84d6547d227ae0479184c049c03fe102f22fd3e0c87a293fe934bf53eecbd8353cf1";
const RECHARGE_JSON: &str =
    r#"{"gateway":"https://test.moonbank.me/payment/#/?orderNo=MB230819193948569135325"}"#;

/// The API document's "Response structure" webhook `result`.
const WEBHOOK_RESULT: &str = "e9ab9e50d2028d6388322aea74544206ce9df7669e474a7c6c2fb7fdce533cb5714915b4dab8d8369caac53dfb9386804aad938ac33d41a16f63871212d12d452f408be1fddc344849bc5c48c22ec8ace2839d29fb5601c2c52966d4f02b3f5e9e0711a4e55334256d9c14e0119d5d9fe9ae35fec26d2059fad87b755c2b384427e08b898f21a91715ef8268736156cf61a10d18d57d4a57700ebecf9e7afd36e2839d29fb5601c2c52966d4f02b3f5e802f0c406dc0145256bec3ee665c43032b44abe0cdb0fe8a5de3dd9871661c0e88edb4830bb9e22d9a81024e2a6c0a0f97208e8bf2de8bddc7b042d707eabab487c48d9b757e89fe0495a37709cf1ed5fe05e9b65ab8af4270d18e7fd0fdf9fb04495d45589367ef5f3bff5ea8d5b291a85c5bf9db14a120fb4176056bd453fce35f1e124d3a7de068d1fc33865ca334d8ffff9da47a110c15a8cc9a3e6bff208e8af3d7dc052e384f56c7df5e28b375693caa79921be63fc220fafe2d135397828a340ea84b6cf0c5d783eeaa39f6647851c063aacb452c49f6858d61e790304e05dbe488826d8257332914dbe6d4ffee4431070b04512b6cc9b34450c5812f45f02ca6c4b601a7ab0ad0f50577b5e88a77ba00280b1132e149e063b3aac78c547f15d7af052ea38581545bfd706a56";
const WEBHOOK_JSON: &str = r#"{"cardNo":"4242424242413691","createAt":1691549830756,"currency":"USD","transaction":{"authType":"","id":254,"localCurrency":"USD","localCurrencyAmt":"+99.00","occurTime":1691549808050,"recordNo":"ef4248e4-d274-4f33-bc8c-0fad02b90c07","transCurrency":"HKD","transCurrencyAmt":"+771.20","transStatus":"posted","transType":"topup"},"userBankcardId":145}"#;

/// The API document's three short base64 `result` examples: made with another secret.
const MUST_FAIL: [&str; 3] = [
    "JkLoxhGUGR8WB3ze8X1HfRAFnv0DJ5zy+Bm//Zvk4TII9XC+n3ppjhm2OFes0Wrh",
    "9LOSTUUpwaho2yDtmNVfLWgqVcH+wfWKtfLpBxFLvonk8quZi5mMCnhsbN84DT1P",
    "bOodDEqstZ82BRjTuLRE5PBmcIixXsMxNPOVqS+iyBfk8quZi5mMCnhsbN84DT1P",
];

fn merchant() -> Asinx {
    Asinx::new(APP_ID, SECRET, Env::fixed(b"asinx", 0)).unwrap()
}

fn mirror() -> AsinxProvider {
    merchant().provider()
}

fn ok_response(result: &str) -> String {
    format!(r#"{{"success":true,"result":"{result}","code":1,"message":"Successful!"}}"#)
}

fn headers_with_path(sealed: &cardseal::providers::Sealed, path: &str) -> Vec<(String, String)> {
    let mut h = sealed.headers.clone();
    h.push((":path".to_owned(), path.to_owned()));
    h
}

#[test]
fn sign_vector_with_every_intermediate() {
    // Parameters in the API document's (unsorted) order; the body is sorted.
    let sealed = merchant()
        .seal_request(
            "/user/register",
            r#"{ "mobileNumber": "18888888867", "mobilePrefix": "1", "email": "188888888662@188.com" }"#,
            None,
        )
        .unwrap();
    let body =
        r#"{"email":"188888888662@188.com","mobileNumber":"18888888867","mobilePrefix":"1"}"#;
    assert_eq!(sealed.body, body);
    let steps: Vec<(&str, &str)> = sealed.trace.iter().collect();
    assert_eq!(
        steps,
        vec![
            ("body", body),
            ("origin", &*format!("/user/register{body}")),
            ("base64", SIGN_B64),
            ("ciphertext_hex", SIGN_CT_HEX),
            ("sign", SIGN),
        ]
    );
    assert_eq!(
        sealed.headers,
        vec![
            ("appId".to_owned(), APP_ID.to_owned()),
            ("sign".to_owned(), SIGN.to_owned()),
            (
                "Content-Type".to_owned(),
                "application/json;charset=UTF-8".to_owned()
            ),
        ]
    );
}

#[test]
fn uid_is_a_header_and_not_signed() {
    let m = merchant();
    let params =
        r#"{"email":"188888888662@188.com","mobileNumber":"18888888867","mobilePrefix":"1"}"#;
    let with = m
        .seal_request("/user/register", params, Some("hgwoxhlpzvav6m2l"))
        .unwrap();
    assert_eq!(with.header("uId"), Some("hgwoxhlpzvav6m2l"));
    assert_eq!(with.header("sign"), Some(SIGN));
    assert_eq!(with.headers[2].0, "uId");
    let without = m.seal_request("/user/register", params, None).unwrap();
    assert_eq!(without.header("uId"), None);
}

#[test]
fn empty_params_send_empty_object_and_sign_it() {
    let m = merchant();
    let a = m.seal_request("/bankcard/template/list", "", None).unwrap();
    let b = m
        .seal_request("/bankcard/template/list", " \n", None)
        .unwrap();
    let c = m
        .seal_request("/bankcard/template/list", "{}", None)
        .unwrap();
    assert_eq!(a.body, "{}");
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(a.trace.get("origin"), Some("/bankcard/template/list{}"));
    // The sign is that of path + "{}" (checked through the mirror and a changed path).
    let h = headers_with_path(&a, "/bankcard/template/list");
    assert_eq!(mirror().open_request("{}", &h).unwrap(), "{}");
    let h = headers_with_path(&a, "/account/asset");
    assert_eq!(
        mirror().open_request("{}", &h).unwrap_err().kind(),
        ErrorKind::SignatureMismatch
    );
}

#[test]
fn nested_params_are_sorted_recursively_numbers_kept() {
    let sealed = merchant()
        .seal_request(
            "/bankcard/apply",
            r#"{"userBankcardId":171,"residenceAddress":"","bankcardId":9,"x":{"b":[{"d":1,"c":5000.00}],"a":12345678901234567890123}}"#,
            Some("u1"),
        )
        .unwrap();
    assert_eq!(
        sealed.body,
        r#"{"bankcardId":9,"residenceAddress":"","userBankcardId":171,"x":{"a":12345678901234567890123,"b":[{"c":5000.00,"d":1}]}}"#
    );
}

#[test]
fn usd_recharge_info_response_opens() {
    let m = merchant();
    assert_eq!(
        m.open_response(&ok_response(RECHARGE_RESULT)).unwrap(),
        RECHARGE_JSON
    );
    // The same ciphertext in uppercase hex and in base64 (the reference client accepts
    // either encoding).
    let upper = ok_response(&RECHARGE_RESULT.to_uppercase());
    assert_eq!(m.open_response(&upper).unwrap(), RECHARGE_JSON);
    let b64 = cardseal::hazmat::encoding::b64_encode(
        &cardseal::hazmat::encoding::hex_decode(RECHARGE_RESULT.as_bytes()).unwrap(),
    );
    assert_eq!(m.open_response(&ok_response(&b64)).unwrap(), RECHARGE_JSON);
}

#[test]
fn webhook_opens_to_transaction_created() {
    let body = format!(r#"{{"appId":"{APP_ID}","result":"{WEBHOOK_RESULT}"}}"#);
    let opened = merchant().open_notification(&body, &[]).unwrap();
    assert_eq!(opened, WEBHOOK_JSON);
    let v: serde_json::Value = serde_json::from_str(&opened).unwrap();
    assert_eq!(
        v["transaction"]["recordNo"],
        "ef4248e4-d274-4f33-bc8c-0fad02b90c07"
    );
}

#[test]
fn published_base64_examples_do_not_open() {
    for r in MUST_FAIL {
        assert_eq!(
            merchant().open_response(&ok_response(r)),
            Err(Error::DecryptionFailed),
            "{r}"
        );
    }
}

#[test]
fn failure_response_is_provider_error() {
    let e = merchant()
        .open_response(r#"{"success":false,"code":212,"message":"Account balance not enough"}"#)
        .unwrap_err();
    assert_eq!(
        e,
        Error::ProviderError {
            code: "212".into(),
            message: "Account balance not enough".into(),
            result: None,
        }
    );
    // With a result that opens, success=false still wins, and the error carries the
    // opened text exactly.
    let body = format!(
        r#"{{"success":false,"code":"99997","message":"unknown","result":"{RECHARGE_RESULT}"}}"#
    );
    assert_eq!(
        merchant().open_response(&body).unwrap_err(),
        Error::ProviderError {
            code: "99997".into(),
            message: "unknown".into(),
            result: Some(RECHARGE_JSON.into()),
        }
    );
    // And through the mirror.
    let sealed = mirror()
        .seal_error_response(2, "Parameters illegal")
        .unwrap();
    assert_eq!(
        sealed.body,
        r#"{"success":false,"code":2,"message":"Parameters illegal"}"#
    );
    assert_eq!(
        merchant().open_response(&sealed.body).unwrap_err(),
        Error::ProviderError {
            code: "2".into(),
            message: "Parameters illegal".into(),
            result: None,
        }
    );
}

/// The error details of the failure-response vectors: `{"field":"cardNo","reason":…}`.
const ERROR_DETAIL_JSON: &str = r#"{"field":"cardNo","reason":"card is frozen","retry":false}"#;
/// `ERROR_DETAIL_JSON` sealed with `SECRET` (computed independently with pyca/cryptography:
/// hex(AES-128-ECB-PKCS7(hex_decode(SECRET), ascii(b64(ERROR_DETAIL_JSON))))).
const ERROR_DETAIL_RESULT: &str = "78ff8281106c64d539b366c2fcb6ea04352b1eebe19614c6002ffe2941873330349e31039e39d6f65eead21f07c312a5bc7c1af38add7dde957e95638bb36f06b80fbfef69aeaf54fd0a4c12482589e8d6ec88adf38227242f491052e1bd3edc";

#[test]
fn failure_response_carries_the_opened_result() {
    // The mirror seals the details byte for byte (ECB is deterministic).
    let sealed = mirror()
        .seal_error_response_with_result(200, "Common business error", ERROR_DETAIL_JSON)
        .unwrap();
    assert_eq!(
        sealed.body,
        format!(
            r#"{{"success":false,"code":200,"message":"Common business error","result":"{ERROR_DETAIL_RESULT}"}}"#
        )
    );
    assert_eq!(sealed.trace.get("payload"), Some(ERROR_DETAIL_JSON));
    assert_eq!(sealed.trace.get("result"), Some(ERROR_DETAIL_RESULT));
    let want = Error::ProviderError {
        code: "200".into(),
        message: "Common business error".into(),
        result: Some(ERROR_DETAIL_JSON.into()),
    };
    assert_eq!(merchant().open_response(&sealed.body).unwrap_err(), want);
    // The text is exactly what was sealed (member order, spacing, escapes).
    let odd = r#"{ "b" : 1.50, "a":"\u00e9\/" }"#;
    let sealed = mirror()
        .seal_error_response_with_result(2, "x", odd)
        .unwrap();
    match merchant().open_response(&sealed.body).unwrap_err() {
        Error::ProviderError { result, .. } => assert_eq!(result.as_deref(), Some(odd)),
        other => panic!("want ProviderError, got {other:?}"),
    }
    // Base64 instead of hex opens too.
    let b64 = cardseal::hazmat::encoding::b64_encode(
        &cardseal::hazmat::encoding::hex_decode(ERROR_DETAIL_RESULT.as_bytes()).unwrap(),
    );
    let body = format!(
        r#"{{"success":false,"code":200,"message":"Common business error","result":"{b64}"}}"#
    );
    assert_eq!(merchant().open_response(&body).unwrap_err(), want);
    // A payload that is not JSON cannot be sealed.
    assert_eq!(
        mirror()
            .seal_error_response_with_result(2, "x", "{")
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
}

#[test]
fn failure_response_result_that_does_not_open_is_none() {
    let want = Error::ProviderError {
        code: "212".into(),
        message: "Account balance not enough".into(),
        result: None,
    };
    let truncated = &ERROR_DETAIL_RESULT[..ERROR_DETAIL_RESULT.len() - 32];
    let mut flipped = ERROR_DETAIL_RESULT.as_bytes().to_vec();
    flipped[0] = if flipped[0] == b'f' { b'0' } else { b'f' };
    let flipped = String::from_utf8(flipped).unwrap();
    let mut results: Vec<String> = MUST_FAIL.iter().map(|r| format!("\"{r}\"")).collect();
    results.extend(
        [truncated, flipped.as_str(), "00", "not hex or b64!", ""]
            .iter()
            .map(|r| format!("\"{r}\"")),
    );
    results.extend(["null".to_owned(), "5".to_owned(), "{}".to_owned()]);
    for r in &results {
        let body = format!(
            r#"{{"success":false,"code":212,"message":"Account balance not enough","result":{r}}}"#
        );
        assert_eq!(merchant().open_response(&body).unwrap_err(), want, "{r}");
    }
    // The right ciphertext under another secret does not open either.
    let other = Asinx::new(
        APP_ID,
        "00112233445566778899aabbccddeeff",
        Env::fixed(b"", 0),
    )
    .unwrap();
    let body = format!(
        r#"{{"success":false,"code":212,"message":"Account balance not enough","result":"{ERROR_DETAIL_RESULT}"}}"#
    );
    assert_eq!(other.open_response(&body).unwrap_err(), want);
    // No result at all.
    assert_eq!(
        merchant()
            .open_response(r#"{"success":false,"code":212,"message":"Account balance not enough"}"#)
            .unwrap_err(),
        want
    );
}

#[test]
fn success_without_result_opens_to_null() {
    let m = merchant();
    assert_eq!(
        m.open_response(r#"{"success":true,"code":1,"message":"Successful!"}"#)
            .unwrap(),
        "null"
    );
    assert_eq!(
        m.open_response(r#"{"success":true,"code":1,"result":null}"#)
            .unwrap(),
        "null"
    );
    assert_eq!(
        m.open_response(r#"{"success":true,"code":1,"result":""}"#)
            .unwrap(),
        "null"
    );
}

#[test]
fn malformed_responses_are_invalid_input() {
    let m = merchant();
    let field = |e: Error| match e {
        Error::InvalidInput { field, .. } => field,
        other => panic!("want InvalidInput, got {other:?}"),
    };
    assert_eq!(field(m.open_response("not json").unwrap_err()), "body");
    assert_eq!(field(m.open_response("[1]").unwrap_err()), "body");
    assert_eq!(
        field(m.open_response(r#"{"code":1,"result":"00"}"#).unwrap_err()),
        "success"
    );
    assert_eq!(
        field(m.open_response(r#"{"success":"true"}"#).unwrap_err()),
        "success"
    );
    assert_eq!(
        field(
            m.open_response(r#"{"success":true,"result":5}"#)
                .unwrap_err()
        ),
        "result"
    );
    assert_eq!(
        field(
            m.open_response(&ok_response("not hex or b64!"))
                .unwrap_err()
        ),
        "result"
    );
    assert_eq!(
        field(m.open_notification(r#"{"result":"00"}"#, &[]).unwrap_err()),
        "appId"
    );
}

#[test]
fn tampered_truncated_and_wrong_key_results_fail_uniformly() {
    let m = merchant();
    // Truncated by one byte (not a block multiple) and by one whole block (bad padding).
    let one_byte = &RECHARGE_RESULT[..RECHARGE_RESULT.len() - 2];
    let one_block = &RECHARGE_RESULT[..RECHARGE_RESULT.len() - 32];
    // A flipped bit in the last block breaks the padding.
    let mut flipped = RECHARGE_RESULT.as_bytes().to_vec();
    let n = flipped.len();
    flipped[n - 1] = if flipped[n - 1] == b'1' { b'0' } else { b'1' };
    let flipped = String::from_utf8(flipped).unwrap();
    // A flipped bit in the first block garbles the base64 text inside.
    let mut early = RECHARGE_RESULT.as_bytes().to_vec();
    early[0] = b'f';
    let early = String::from_utf8(early).unwrap();
    for r in [one_byte, one_block, flipped.as_str(), early.as_str(), "00"] {
        assert_eq!(
            m.open_response(&ok_response(r)),
            Err(Error::DecryptionFailed),
            "{r}"
        );
    }
    let other = Asinx::new(
        APP_ID,
        "00112233445566778899aabbccddeeff",
        Env::fixed(b"", 0),
    )
    .unwrap();
    assert_eq!(
        other.open_response(&ok_response(RECHARGE_RESULT)),
        Err(Error::DecryptionFailed)
    );
}

#[test]
fn foreign_app_id_is_refused() {
    let body = format!(r#"{{"appId":"app_999999","result":"{WEBHOOK_RESULT}"}}"#);
    assert_eq!(
        merchant().open_notification(&body, &[]),
        Err(Error::signature_mismatch(cardseal::Check::AppId))
    );
}

#[test]
fn bad_secrets_are_invalid_key() {
    for bad in [
        "123456",
        "",
        "b635dd5c87f7bf73387929203321b1e",
        "b635dd5c87f7bf73387929203321b1e1a",
        "b635dd5c87f7bf73387929203321b1eg",
        "b635dd5c87f7bf73387929203321b1é",
    ] {
        let e = Asinx::new(APP_ID, bad, Env::fixed(b"", 0)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidKey, "{bad:?}");
        assert!(!e.to_string().contains(bad) || bad.is_empty(), "{e}");
        assert_eq!(
            AsinxProvider::new(APP_ID, bad, Env::fixed(b"", 0))
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidKey
        );
    }
    // Uppercase hex is the same key.
    let upper = Asinx::new(APP_ID, &SECRET.to_uppercase(), Env::fixed(b"", 0)).unwrap();
    assert_eq!(
        upper.open_response(&ok_response(RECHARGE_RESULT)).unwrap(),
        RECHARGE_JSON
    );
}

#[test]
fn bad_request_inputs_are_invalid_input() {
    let m = merchant();
    let field = |e: Error| match e {
        Error::InvalidInput { field, .. } => field,
        other => panic!("want InvalidInput, got {other:?}"),
    };
    assert_eq!(
        field(m.seal_request("user/register", "{}", None).unwrap_err()),
        "path"
    );
    assert_eq!(field(m.seal_request("", "{}", None).unwrap_err()), "path");
    assert_eq!(
        field(m.seal_request("/a b", "{}", None).unwrap_err()),
        "path"
    );
    assert_eq!(
        field(m.seal_request("/a\r\n", "{}", None).unwrap_err()),
        "path"
    );
    assert_eq!(
        field(m.seal_request("/a", "[1,2]", None).unwrap_err()),
        "params"
    );
    assert_eq!(
        field(m.seal_request("/a", "{\"a\":}", None).unwrap_err()),
        "params"
    );
    assert_eq!(
        field(m.seal_request("/a", "null", None).unwrap_err()),
        "params"
    );
    assert_eq!(
        field(m.seal_request("/a", "{}", Some("u\r\nX: y")).unwrap_err()),
        "uId"
    );
    assert_eq!(
        field(m.seal_request("/a", "{}", Some("")).unwrap_err()),
        "uId"
    );
    assert_eq!(
        field(Asinx::new("", SECRET, Env::fixed(b"", 0)).unwrap_err()),
        "app_id"
    );
    assert_eq!(
        field(Asinx::new("a\nb", SECRET, Env::fixed(b"", 0)).unwrap_err()),
        "app_id"
    );
}

#[test]
fn mirror_verifies_requests() {
    let m = merchant();
    let p = mirror();
    let sealed = m
        .seal_request(
            "/bankcard/recharge",
            r#"{"userBankcardId":135,"amount":16}"#,
            Some("u1"),
        )
        .unwrap();
    let h = headers_with_path(&sealed, "/bankcard/recharge");
    assert_eq!(
        p.open_request(&sealed.body, &h).unwrap(),
        r#"{"amount":16,"userBankcardId":135}"#
    );
    assert_eq!(
        Mirror::open_request(
            &p,
            &Received::new(&sealed.body, &sealed.headers).to("POST", "/bankcard/recharge"),
        )
        .unwrap(),
        sealed.body
    );
    // Header names are case-insensitive.
    let lower: Vec<_> = h
        .iter()
        .map(|(k, v)| (k.to_lowercase(), v.clone()))
        .collect();
    assert_eq!(p.open_request(&sealed.body, &lower).unwrap(), sealed.body);

    // Tampered body (same JSON meaning, different bytes, and a changed value).
    for body in [
        r#"{"amount":16,"userBankcardId":136}"#,
        r#"{"userBankcardId":135,"amount":16}"#,
        r#"{"amount":16, "userBankcardId":135}"#,
    ] {
        assert_eq!(
            p.open_request(body, &h),
            Err(Error::signature_mismatch(cardseal::Check::SignHeader))
        );
    }
    // Swapped signature: the sign of another request.
    let other = m
        .seal_request(
            "/bankcard/recharge",
            r#"{"amount":17,"userBankcardId":135}"#,
            None,
        )
        .unwrap();
    let mut swapped = h.clone();
    swapped[1].1 = other.header("sign").unwrap().to_owned();
    assert_eq!(
        p.open_request(&sealed.body, &swapped).unwrap_err().kind(),
        ErrorKind::SignatureMismatch
    );
    // Uppercase sign is a different string.
    let mut upper = h.clone();
    upper[1].1 = upper[1].1.to_uppercase();
    assert_eq!(
        p.open_request(&sealed.body, &upper).unwrap_err().kind(),
        ErrorKind::SignatureMismatch
    );
    // Wrong key on the provider side.
    let wrong = AsinxProvider::new(
        APP_ID,
        "00112233445566778899aabbccddeeff",
        Env::fixed(b"", 0),
    )
    .unwrap();
    assert_eq!(
        wrong.open_request(&sealed.body, &h).unwrap_err().kind(),
        ErrorKind::SignatureMismatch
    );
    // Foreign appId.
    let mut foreign = h.clone();
    foreign[0].1 = "app_1".to_owned();
    assert_eq!(
        p.open_request(&sealed.body, &foreign),
        Err(Error::signature_mismatch(cardseal::Check::AppId))
    );
    // Missing pieces.
    let field = |e: Error| match e {
        Error::InvalidInput { field, .. } => field,
        other => panic!("want InvalidInput, got {other:?}"),
    };
    assert_eq!(
        field(p.open_request(&sealed.body, &sealed.headers).unwrap_err()),
        ":path"
    );
    let no_sign: Vec<_> = h.iter().filter(|(k, _)| k != "sign").cloned().collect();
    assert_eq!(
        field(p.open_request(&sealed.body, &no_sign).unwrap_err()),
        "sign"
    );
    let no_app: Vec<_> = h.iter().filter(|(k, _)| k != "appId").cloned().collect();
    assert_eq!(
        field(p.open_request(&sealed.body, &no_app).unwrap_err()),
        "appId"
    );
    assert_eq!(field(p.open_request("", &h).unwrap_err()), "body");
}

#[test]
fn mirror_seals_what_the_merchant_opens() {
    let p = mirror();
    let sealed = p.seal_response(RECHARGE_JSON).unwrap();
    // The published ciphertext, byte for byte (ECB is deterministic).
    assert_eq!(sealed.body, ok_response_ordered(RECHARGE_RESULT));
    assert_eq!(sealed.trace.get("result"), Some(RECHARGE_RESULT));
    assert_eq!(
        merchant().open_response(&sealed.body).unwrap(),
        RECHARGE_JSON
    );

    let n = p.seal_notification(WEBHOOK_JSON).unwrap();
    assert_eq!(
        n.body,
        format!(r#"{{"appId":"{APP_ID}","result":"{WEBHOOK_RESULT}"}}"#)
    );
    assert_eq!(
        merchant().open_notification(&n.body, &[]).unwrap(),
        WEBHOOK_JSON
    );

    assert_eq!(
        p.seal_response("{").unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        p.seal_notification("").unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
}

fn ok_response_ordered(result: &str) -> String {
    format!(r#"{{"success":true,"code":1,"message":"Successful!","result":"{result}"}}"#)
}

#[test]
fn debug_never_prints_the_secret() {
    assert_eq!(
        format!("{:?}", merchant()),
        r#"Asinx { app_id: "app_447770", app_secret: "[REDACTED]" }"#
    );
    assert_eq!(
        format!("{:?}", mirror()),
        r#"AsinxProvider { app_id: "app_447770", app_secret: "[REDACTED]" }"#
    );
}

#[test]
fn kyc_sized_request_and_response_round_trip() {
    let body = providers_support::kyc_body(2 * 1024 * 1024);
    assert!(body.len() > 6 * 1024 * 1024);
    let sealed = merchant()
        .seal_request("/user/kyc", &body, Some("u1"))
        .unwrap();
    assert_eq!(
        sealed.body,
        cardseal::canonical::json::sorted_compact(&body).unwrap()
    );
    let h = headers_with_path(&sealed, "/user/kyc");
    assert_eq!(
        mirror().open_request(&sealed.body, &h).unwrap(),
        sealed.body
    );
    let resp = mirror().seal_response(&body).unwrap();
    assert_eq!(merchant().open_response(&resp.body).unwrap(), body);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn request_round_trip(params in providers_support::object(), path in "/[a-zA-Z]{1,10}(/[a-zA-Z]{1,10}){0,2}") {
        let sealed = merchant().seal_request(&path, &params, None).unwrap();
        prop_assert_eq!(&sealed.body, &cardseal::canonical::json::sorted_compact(&params).unwrap());
        let opened = Mirror::open_request(
            &mirror(),
            &Received::new(&sealed.body, &sealed.headers).to("POST", &path),
        ).unwrap();
        prop_assert_eq!(opened, sealed.body);
    }

    #[test]
    fn response_and_webhook_round_trip(payload in providers_support::value()) {
        let p = mirror();
        let opened = merchant().open_response(&p.seal_response(&payload).unwrap().body).unwrap();
        prop_assert_eq!(&opened, &payload);
        let opened = merchant().open_notification(&p.seal_notification(&payload).unwrap().body, &[]).unwrap();
        prop_assert_eq!(&opened, &payload);
        let failed = merchant().open_response(&p.seal_error_response_with_result(7, "m", &payload).unwrap().body);
        prop_assert_eq!(failed, Err(Error::ProviderError { code: "7".into(), message: "m".into(), result: Some(payload.clone()) }));
    }
}
