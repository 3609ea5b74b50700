//! `cardseal demo`: every provider's request and response round trip with the built-in
//! sandbox keys, plus the providers' published values.

use std::fmt::Display;

use cardseal::hazmat::{aes, digest::HashAlg, encoding};
use cardseal::providers::Sealed;
use cardseal::providers::asinx::Asinx;
use cardseal::providers::hypercard::{self, HyperCard, HyperCardRequestOptions};
use cardseal::providers::kazepay::{self, KazePay, KazePayProfile};
use cardseal::providers::paytend::{Paytend, PaytendSealOptions};
use cardseal::providers::upay::{self, UPay, UPayRequestOptions};
use cardseal::{Env, ErrorKind, RsaPrivateKey, RsaPublicKey, keys};

use crate::published;

/// Sandbox key pairs (public test keys, never for production), PKCS#8 PEM.
const MERCHANT_1024: &str = include_str!("../../../test-vectors/keys/sandbox_merchant_1024.pem");
const PROVIDER_1024: &str = include_str!("../../../test-vectors/keys/sandbox_provider_1024.pem");
const MERCHANT_2048: &str = include_str!("../../../test-vectors/keys/sandbox_merchant_2048.pem");
const PROVIDER_2048: &str = include_str!("../../../test-vectors/keys/sandbox_provider_2048.pem");
const MERCHANT_4096: &str = include_str!("../../../test-vectors/keys/sandbox_merchant_4096.pem");

const PROVIDERS: [&str; 5] = ["asinx", "paytend", "hypercard", "upay", "kazepay"];

type Step = Result<(), String>;

/// One provider's part of the demo.
type Section = fn(&mut Report, &Env) -> Step;

/// Counts checks and prints each one.
struct Report {
    passed: usize,
    failed: usize,
}

impl Report {
    fn check(&mut self, what: &str, ok: bool, detail: impl Display) {
        if ok {
            self.passed += 1;
            println!("  ok    {what}");
        } else {
            self.failed += 1;
            println!("  FAIL  {what}: {detail}");
        }
    }

    fn equal(&mut self, what: &str, got: &str, want: &str) {
        self.check(
            what,
            got == want,
            format_args!("got {got:?}, want {want:?}"),
        );
    }

    fn error_kind<T>(&mut self, what: &str, got: cardseal::Result<T>, want: ErrorKind) {
        match got {
            Err(e) if e.kind() == want => self.check(what, true, ""),
            Err(e) => self.check(what, false, format_args!("error {e}, want {want}")),
            Ok(_) => self.check(what, false, format_args!("succeeded, want error {want}")),
        }
    }
}

fn err(e: impl Display) -> String {
    e.to_string()
}

fn private(pem: &str) -> Result<RsaPrivateKey, String> {
    keys::parse_private_key(pem.as_bytes()).map_err(err)
}

fn public_of(pem: &str) -> Result<RsaPublicKey, String> {
    Ok(private(pem)?.public_key())
}

fn show_trace(sealed: &Sealed) {
    for (name, value) in sealed.trace.iter() {
        let shown: String = value.chars().take(96).collect();
        let more = if value.chars().count() > 96 {
            "…"
        } else {
            ""
        };
        println!("        trace {name:<16} {shown}{more}");
    }
}

/// Runs the demo for the named providers (all when none are named). `Ok(false)` when a
/// check failed.
pub fn run(args: &[String]) -> Result<bool, String> {
    for a in args {
        if !PROVIDERS.contains(&a.as_str()) {
            return Err(format!(
                "unknown provider `{a}` (one of {})",
                PROVIDERS.join(", ")
            ));
        }
    }
    let wanted = |p: &str| args.is_empty() || args.iter().any(|a| a == p);
    let env = cardseal_os::env();
    let mut r = Report {
        passed: 0,
        failed: 0,
    };
    println!(
        "cardseal demo — sandbox keys are public test keys; RSA backend: {}",
        cardseal::hazmat::rsa::Backend::default().name()
    );
    let sections: [(&str, &str, Section); 5] = [
        (
            "asinx",
            "ASINX Pay / Moonbank (AES-128-ECB + MD5, sorted JSON)",
            asinx,
        ),
        (
            "paytend",
            "Paytend (RSA-1024 envelope + AES-192-ECB, SHA256withRSA)",
            paytend,
        ),
        (
            "hypercard",
            "HyperCard (SHA256withRSA over merged header/body fields)",
            hypercard,
        ),
        (
            "upay",
            "UPay (HMAC-SHA256 headers, JWE RSA-OAEP-256 + A128GCM)",
            upay,
        ),
        (
            "kazepay",
            "KazePay (RSA-2048 + AES-ECB digital envelope)",
            kazepay,
        ),
    ];
    for (name, title, section) in sections {
        if !wanted(name) {
            continue;
        }
        println!("\n== {title}");
        if let Err(e) = section(&mut r, &env) {
            r.check(&format!("{name} section ran to the end"), false, e);
        }
    }
    println!("\ndemo: {} passed, {} failed", r.passed, r.failed);
    Ok(r.failed == 0)
}

fn asinx(r: &mut Report, env: &Env) -> Step {
    let v = published::vector("asinx", "published sign example")?;
    let client = Asinx::new(v.arg("app_id")?, v.arg("app_secret")?, env.clone()).map_err(err)?;
    let sealed = client
        .seal_request(v.arg("path")?, v.arg("params_json")?, None)
        .map_err(err)?;
    r.equal(
        "request body is the sorted compact JSON",
        &sealed.body,
        v.want("body")?,
    );
    r.equal(
        "sign header matches the published value",
        sealed.header("sign").unwrap_or(""),
        v.want("sign")?,
    );
    show_trace(&sealed);

    let v = published::vector("asinx", "published /user/usdRechargeInfo response")?;
    let opened = client.open_response(v.arg("body")?).map_err(err)?;
    r.equal(
        "the published /user/usdRechargeInfo response opens",
        &opened,
        v.want("payload_json")?,
    );
    for (label, prefix) in [
        ("JkLoxhGU", "published short base64 example 1"),
        ("9LOSTUUp", "published short base64 example 2"),
        ("bOodDEqs", "published short base64 example 3"),
    ] {
        let v = published::vector("asinx", prefix)?;
        r.error_kind(
            &format!("the API document's {label}… result is refused, not garbage"),
            client.open_response(v.arg("body")?),
            ErrorKind::DecryptionFailed,
        );
    }

    let mirror = client.provider();
    let payload = r#"{"cardNo":"5392****1234","balance":5000.00,"holder":"Zoë Ångström"}"#;
    let response = mirror.seal_response(payload).map_err(err)?;
    let back = client.open_response(&response.body).map_err(err)?;
    r.check(
        "mirror response round trip keeps the payload exactly (5000.00 stays 5000.00)",
        back == payload,
        &back,
    );
    let note = mirror
        .seal_notification(r#"{"type":"TRANSACTION_CREATED","amount":12.30}"#)
        .map_err(err)?;
    let opened = client
        .open_notification(&note.body, &note.headers)
        .map_err(err)?;
    r.check(
        "mirror webhook round trip",
        opened.contains("TRANSACTION_CREATED"),
        &opened,
    );

    // A failure may carry error details in an encrypted `result`: the provider error
    // carries them opened, exactly; a result that does not open leaves it `None`.
    let details = r#"{"field":"cardNo","reason":"card is frozen"}"#;
    let failure = mirror
        .seal_error_response_with_result(200, "Common business error", details)
        .map_err(err)?;
    match client.open_response(&failure.body) {
        Err(cardseal::Error::ProviderError { code, result, .. }) => r.check(
            "failure response: ProviderError 200 carrying the opened result exactly",
            code == "200" && result.as_deref() == Some(details),
            format_args!("code {code}, result {result:?}"),
        ),
        other => r.check(
            "failure response: ProviderError carrying the opened result",
            false,
            format_args!("{other:?}"),
        ),
    }
    let foreign = Asinx::new(
        client.app_id(),
        "00112233445566778899aabbccddeeff",
        env.clone(),
    )
    .map_err(err)?;
    match foreign.open_response(&failure.body) {
        Err(cardseal::Error::ProviderError { code, result, .. }) => r.check(
            "failure response under another secret: the same ProviderError, no result",
            code == "200" && result.is_none(),
            format_args!("code {code}, result {result:?}"),
        ),
        other => r.check(
            "failure response under another secret: ProviderError without result",
            false,
            format_args!("{other:?}"),
        ),
    }
    Ok(())
}

fn paytend(r: &mut Report, env: &Env) -> Step {
    let v = published::vector(
        "rsa_published",
        "Paytend demo: SHA256withRSA over the signature string",
    )?;
    let demo_key = keys::parse_private_key(v.arg("private_key")?.as_bytes()).map_err(err)?;
    let sig = demo_key
        .sign_pkcs1v15(HashAlg::Sha256, v.arg("message")?.as_bytes())
        .map_err(err)?;
    r.equal(
        "SHA256withRSA over the published signature string",
        &encoding::b64_encode(&sig),
        v.want("signature_b64")?,
    );
    let v = published::vector(
        "rsa_published",
        "Paytend demo: RSA decrypt of the published randomKey",
    )?;
    let key_text = demo_key
        .decrypt_pkcs1v15(&encoding::b64_decode(v.arg("ciphertext_b64")?.as_bytes()).map_err(err)?)
        .map_err(err)?;
    r.equal(
        "RSA decrypt of the published randomKey",
        &String::from_utf8_lossy(key_text.expose()),
        v.want("plaintext")?,
    );
    let plain = aes::ecb_decrypt(
        b"ebwjkuiwHhe0XhLK9NG62g==",
        &encoding::b64_decode(b"xlyjHTeAx2/EpEvpzVvWQFqQOSVPGv6KKhUAbIQXdIE3B0EtnJgMe5IwYtLj5XHHaNx9JonfcypSpANGZVGLXg==").map_err(err)?,
        aes::Padding::Pkcs7,
    )
    .map_err(err)?;
    r.equal(
        "AES-192-ECB with the 24 ASCII bytes of the key text",
        &String::from_utf8_lossy(&plain),
        r#"{"randomStr":"0ef1227debf541729acc111307117c7c"}"#,
    );

    let client = Paytend::new(
        "888666000100201",
        private(MERCHANT_1024)?,
        public_of(PROVIDER_1024)?,
        env.clone(),
    )
    .map_err(err)?;
    let mirror = client.provider(private(PROVIDER_1024)?);
    let biz = r#"{"cardId":"1755902","holderId":"101982"}"#;
    let sealed = client.seal_request(biz, None).map_err(err)?;
    show_trace(&sealed);
    let seen = mirror
        .open_request(&sealed.body, &sealed.headers)
        .map_err(err)?;
    r.equal("mirror opens the request to the exact bizData", &seen, biz);
    let response = mirror
        .seal_response(r#"{"cardId":"1755902","status":"ACTIVE","limit":5000.00}"#)
        .map_err(err)?;
    let opened = client.open_response(&response.body).map_err(err)?;
    r.check(
        "response round trip, signature verified over the decrypted text",
        opened.contains("5000.00"),
        &opened,
    );
    let tampered = tamper_field(&response.body, "signature")?;
    r.error_kind(
        "a tampered signature is refused",
        client.open_response(&tampered),
        ErrorKind::SignatureMismatch,
    );
    // docs/providers/paytend.md: no payload (no randomKey), unencrypted payloads, failures.
    let bare = client.seal_request("", None).map_err(err)?;
    r.check(
        "a request without bizData has no randomKey; the mirror opens it to null",
        !bare.body.contains("randomKey")
            && mirror
                .open_request(&bare.body, &bare.headers)
                .ok()
                .as_deref()
                == Some("null"),
        &bare.body,
    );
    let plain = mirror
        .seal_response_with(
            r#"{ "cardId": "1755902", "limit": 5000.00 }"#,
            PaytendSealOptions::unencrypted(),
        )
        .map_err(err)?;
    println!("        unencrypted response {}", plain.body);
    r.equal(
        "unencrypted respData (a JSON object, no randomKey) opens to its compact text",
        &client.open_response(&plain.body).map_err(err)?,
        r#"{"cardId":"1755902","limit":5000.00}"#,
    );
    r.error_kind(
        "an unsigned failure (respCode != 00) is a ProviderError",
        client.open_response(r#"{"respCode":"01","respMsg":"Field type is wrong"}"#),
        ErrorKind::ProviderError,
    );
    Ok(())
}

/// `body` with the first character of string field `field` changed to another base64
/// character, keeping the rest of the JSON as it was.
fn tamper_field(body: &str, field: &str) -> Result<String, String> {
    let mut doc: serde_json::Value = serde_json::from_str(body).map_err(err)?;
    let value = doc
        .get_mut(field)
        .ok_or_else(|| format!("no `{field}` in the response"))?;
    let text = value
        .as_str()
        .ok_or_else(|| format!("`{field}` is not a string"))?;
    let mut chars = text.chars();
    let first = chars.next().ok_or_else(|| format!("`{field}` is empty"))?;
    let swapped = if first == 'A' { 'B' } else { 'A' };
    *value = serde_json::Value::String(std::iter::once(swapped).chain(chars).collect());
    serde_json::to_string(&doc).map_err(err)
}

fn hypercard(r: &mut Report, env: &Env) -> Step {
    let client = HyperCard::new(
        "sandbox-api-key",
        private(MERCHANT_1024)?,
        public_of(PROVIDER_1024)?,
        env.clone(),
    )
    .map_err(err)?;
    let mirror = client.provider(private(PROVIDER_1024)?);
    let params = r#"{"mc_trade_no":"48d2741747a4493223feb22","base_info":{"email":"example@gmail.com","first_name":"pan","mobile_code":"86"},"kyc_info":{"doc_no":12345678,"front_doc":"","gender":1}}"#;
    let sealed = client
        .seal_request(params, HyperCardRequestOptions::default())
        .map_err(err)?;
    show_trace(&sealed);
    let string = sealed.trace.get("string_to_sign").unwrap_or_default();
    r.check(
        "string to sign as HyperCard's demo builds it (`, `/`: ` collapsed, empty values kept inside)",
        string.contains(r#"&kyc_info={"doc_no":12345678,"front_doc":"","gender":1}&"#),
        string,
    );
    let seen = mirror
        .open_request(&sealed.body, &sealed.headers)
        .map_err(err)?;
    r.equal("mirror verifies the request signature", &seen, &sealed.body);
    let mut forged = sealed.headers.clone();
    for (name, value) in &mut forged {
        if name == "nonce" {
            value.push('x');
        }
    }
    r.error_kind(
        "a changed nonce header breaks the signature",
        mirror.open_request(&sealed.body, &forged),
        ErrorKind::SignatureMismatch,
    );
    let event = mirror
        .seal_notification(r#"{"event":"card.transaction","card_id":"C123","amount":"12.30"}"#)
        .map_err(err)?;
    let opened = client
        .open_notification(&event.body, &event.headers)
        .map_err(err)?;
    r.check(
        "push event verified with HyperCard's key",
        opened.contains("card.transaction"),
        &opened,
    );
    let an_hour_ago = env.now_unix_millis().div_euclid(1000) - 3600;
    let retry = mirror
        .seal_notification_with(
            r#"{"event":"card.transaction","card_id":"C123","amount":"12.30"}"#,
            HyperCardRequestOptions {
                timestamp: Some(an_hour_ago),
                ..Default::default()
            },
        )
        .map_err(err)?;
    r.check(
        "a push retried an hour later still opens (HyperCard retries for 24 h)",
        client
            .open_notification(&retry.body, &retry.headers)
            .is_ok(),
        "",
    );
    let refused = mirror
        .seal_error_response("10001", "card not found")
        .map_err(err)?;
    r.error_kind(
        "a response with code != 00000 is the provider's error",
        client.open_response(&refused.body),
        ErrorKind::ProviderError,
    );
    let card_key = private(MERCHANT_4096)?;
    let encoded = mirror
        .encrypt_card_detail(
            r#"{"pan":"5392000000001234","cvv":"123"}"#,
            &card_key.public_key(),
        )
        .map_err(err)?;
    let detail = hypercard::decrypt_card_detail(&encoded, &card_key).map_err(err)?;
    r.check(
        "card detail decrypted with the ≥4096-bit card key",
        detail.contains("5392000000001234"),
        "",
    );
    Ok(())
}

fn upay(r: &mut Report, env: &Env) -> Step {
    let secret = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%";
    // The merchant's API key, sent as `X-UPA-APIKEY` on every request (not signed).
    let client = UPay::new(
        "sandbox-api-key",
        secret,
        private(MERCHANT_2048)?,
        public_of(PROVIDER_2048)?,
        env.clone(),
    )
    .map_err(err)?;
    let params = r#"{"address":{"address":"535 Mission St, Floor 12","countryId":12,"name":"Demo given name","postalCode":"94105","provinceId":475},"annualIncome":100.5,"company":"Demo company","email":"sing_demo@upb.com","givenName":"Demo given name","globalCode":"+1","groupNo":"101680210001","lastName":"Demo last name","occupation":"Demo occupation","phone":"127897890","position":"Demo position","remark":"This is sample data for adding customers","workYear":1}"#;
    let opts = UPayRequestOptions {
        timestamp_ms: Some(1_774_573_955_994),
        request_id: Some("366dde77c57a4e7e988c074a21a4f04c".to_owned()),
        ..UPayRequestOptions::default()
    };
    let sealed = client
        .seal_request("POST", "/api/v1/customer/add", params, &opts)
        .map_err(err)?;
    r.equal(
        "X-UPA-SIGN matches the published value",
        sealed.header("X-UPA-SIGN").unwrap_or(""),
        "pRbX0ikM/4j/E3tBxNOO/m3Hra+4d2/r+xtRTJ6N5pk=",
    );
    r.equal(
        "X-UPA-APIKEY carries the merchant's API key",
        sealed.header(upay::HEADER_API_KEY).unwrap_or(""),
        "sandbox-api-key",
    );
    show_trace(&sealed);

    let mirror = client.provider(private(PROVIDER_2048)?);
    let enc = UPayRequestOptions {
        encrypt: true,
        ..UPayRequestOptions::default()
    };
    let sealed = client
        .seal_request(
            "POST",
            "/api/v1/card/apply",
            r#"{"cardType":"VIRTUAL","amount":5000.00}"#,
            &enc,
        )
        .map_err(err)?;
    let seen = mirror
        .open_request("POST", "/api/v1/card/apply", &sealed.body, &sealed.headers)
        .map_err(err)?;
    r.check(
        "encrypted request (JWE) opened and verified by the mirror",
        seen.contains("5000.00"),
        &seen,
    );
    let mut wrong_key = sealed.headers.clone();
    for (name, value) in &mut wrong_key {
        if name.eq_ignore_ascii_case(upay::HEADER_API_KEY) {
            *value = "another-api-key".to_owned();
        }
    }
    r.error_kind(
        "the mirror refuses another X-UPA-APIKEY",
        mirror.open_request("POST", "/api/v1/card/apply", &sealed.body, &wrong_key),
        ErrorKind::SignatureMismatch,
    );
    let response = mirror
        .seal_response(r#"{"cardNo":"5392****1234"}"#, true)
        .map_err(err)?;
    let opened = client.open_response(&response.body).map_err(err)?;
    r.check(
        "encrypted response round trip",
        opened.contains("5392****1234"),
        &opened,
    );
    r.error_kind(
        "`code` decides: code 403 with success true is a provider error",
        client.open_response(r#"{"code":403,"msg":"Forbidden","success":true,"data":null}"#),
        ErrorKind::ProviderError,
    );
    let hook = mirror.seal_notification(r#"{"event":"card.authorization","trace":"t-1","orderNo":"O-1","timestamp":1774573955994,"detail":"{\"amount\":12.3}"}"#).map_err(err)?;
    let opened = client
        .open_notification(&hook.body, &hook.headers, None)
        .map_err(err)?;
    r.check(
        "webhook: JWE opened, HMAC verified, detail returned parsed",
        opened.contains("\"detail\":{\"amount\":12.3}"),
        &opened,
    );
    println!("  the receiver answers {:?}", upay::NOTIFICATION_ACK);
    let late = env.now_unix_millis() + 31 * 60 * 1000;
    r.error_kind(
        "the same webhook 31 minutes later is expired",
        client.open_notification(&hook.body, &hook.headers, Some(late)),
        ErrorKind::Expired,
    );
    Ok(())
}

fn kazepay(r: &mut Report, env: &Env) -> Step {
    let profile = KazePayProfile::default();
    let client = KazePay::new(
        "SANDBOX01",
        private(MERCHANT_2048)?,
        public_of(PROVIDER_2048)?,
        profile,
        env.clone(),
    )
    .map_err(err)?;
    let mirror = client.provider(private(PROVIDER_2048)?);
    let body = r#"{"cardHolderId":"H-1","amount":"5000.00","currency":"USD"}"#;
    let sealed = client
        .seal_request("cardRecharge", body, None)
        .map_err(err)?;
    show_trace(&sealed);
    let seen = mirror
        .open_request(&sealed.body, &sealed.headers)
        .map_err(err)?;
    r.equal("mirror opens and verifies the envelope", &seen, body);
    let request_no = sealed.trace.get("request_no").unwrap_or("");
    let response = mirror
        .seal_response(
            "cardRecharge",
            request_no,
            r#"{"orderNo":"K-1","status":"SUCCESS"}"#,
        )
        .map_err(err)?;
    let opened = client.open_response(&response.body).map_err(err)?;
    r.check("response round trip", opened.contains("K-1"), &opened);
    let report = kazepay::detect(
        &response.body,
        &private(MERCHANT_2048)?,
        &public_of(PROVIDER_2048)?,
    )
    .map_err(err)?;
    println!("        detect: {}", report.summary());
    r.check(
        "detect pins exactly the profile in use",
        report.matches == vec![profile],
        report.summary(),
    );
    Ok(())
}
