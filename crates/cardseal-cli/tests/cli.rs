//! The command line as a user runs it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;

fn cardseal(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cardseal"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn demo_passes_every_check_for_every_provider() {
    let (code, out, err) = cardseal(&["demo"]);
    assert_eq!(code, 0, "{out}\n{err}");
    for section in ["ASINX", "Paytend", "HyperCard", "UPay", "KazePay"] {
        assert!(
            out.contains(&format!("== {section}")),
            "missing section {section}:\n{out}"
        );
    }
    assert!(!out.contains("FAIL"), "{out}");
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with("demo: ") && last.ends_with(" passed, 0 failed"),
        "{last}"
    );
    // The published values are among the checks.
    assert!(
        out.contains("ok    sign header matches the published value"),
        "{out}"
    );
    assert!(
        out.contains("ok    X-UPA-SIGN matches the published value"),
        "{out}"
    );
}

#[test]
fn demo_of_one_provider_and_unknown_provider() {
    let (code, out, _) = cardseal(&["demo", "asinx"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("== ASINX") && !out.contains("== Paytend"),
        "{out}"
    );
    let (code, _, err) = cardseal(&["demo", "visa"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown provider `visa`"), "{err}");
}

#[test]
fn pubkey_of_a_private_key_matches_the_published_public_key() {
    let dir = std::env::temp_dir().join(format!("cardseal-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key_file = dir.join("merchant.pem");
    let (code, pem, err) = cardseal(&["keygen", "1024"]);
    assert_eq!(code, 0, "{err}");
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{pem}");
    std::fs::write(&key_file, &pem).unwrap();
    let (code, public, err) = cardseal(&["pubkey", key_file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        public.starts_with("-----BEGIN PUBLIC KEY-----\n"),
        "{public}"
    );
    assert_eq!(
        public,
        cardseal::keys::public_key_pem(pem.as_bytes()).unwrap()
    );
    let (code, _, err) = cardseal(&["keygen", "512"]);
    assert_ne!(code, 0);
    assert!(err.contains("1024"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unknown_command_is_an_error_with_usage() {
    let (code, _, err) = cardseal(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown command `frobnicate`") && err.contains("usage:"),
        "{err}"
    );
}

fn cardseal_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cardseal"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cardseal-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn help_and_version_work_for_every_command() {
    let (code, out, _) = cardseal(&["--version"]);
    assert_eq!((code, out.as_str()), (0, "cardseal 0.1.0\n"));
    let (code, out, _) = cardseal(&["--help"]);
    assert_eq!(code, 0);
    for cmd in [
        "demo",
        "keygen",
        "pubkey",
        "kazepay-detect",
        "sandbox",
        "seal",
        "open",
        "verify",
        "explain",
        "serve",
    ] {
        assert!(out.contains(&format!("  {cmd} ")), "{cmd} missing:\n{out}");
        let (code, help, err) = cardseal(&[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}: {err}");
        assert!(
            help.contains(&format!("Usage: cardseal {cmd}")),
            "{cmd}:\n{help}"
        );
    }
}

#[test]
fn sandbox_prints_the_python_constructor_arguments() {
    let provider_2048 = cardseal::keys::public_key_pem(include_bytes!(
        "../../../test-vectors/keys/sandbox_provider_2048.pem"
    ))
    .unwrap();
    for (provider, names) in [
        ("asinx", &["app_id", "app_secret"][..]),
        (
            "paytend",
            &["partner_id", "private_key", "provider_public_key"][..],
        ),
        (
            "hypercard",
            &["api_key", "private_key", "provider_public_key"][..],
        ),
        (
            "upay",
            &["api_key", "private_key", "provider_public_key", "secret"][..],
        ),
        (
            "kazepay",
            &["private_key", "provider_public_key", "sys_id"][..],
        ),
    ] {
        let (code, out, err) = cardseal(&["sandbox", provider]);
        assert_eq!(code, 0, "{err}");
        let args = json(&out);
        let keys: Vec<&str> = args
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, names, "{provider}");
        if matches!(provider, "upay" | "kazepay") {
            assert_eq!(args["provider_public_key"], provider_2048.as_str());
        }
    }
    let (_, out, _) = cardseal(&["sandbox", "upay", "--provider-side"]);
    let keys: Vec<String> = json(&out).as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "api_key",
            "merchant_public_key",
            "platform_private_key",
            "secret"
        ]
    );
}

/// Seals `payload` as the merchant with the CLI; writes body and headers files; returns the
/// sealed JSON.
fn seal_to(
    dir: &std::path::Path,
    provider: &str,
    extra: &[&str],
    payload: &str,
) -> serde_json::Value {
    std::fs::write(dir.join("payload.json"), payload).unwrap();
    let mut args = vec!["seal", provider, "--body", "payload.json"];
    args.extend_from_slice(extra);
    let (code, out, err) = cardseal_in(dir, &args);
    assert_eq!(code, 0, "{err}");
    let sealed = json(&out);
    std::fs::write(dir.join("body.json"), sealed["body"].as_str().unwrap()).unwrap();
    let lines: String = sealed["headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(n, v)| format!("{n}: {}\n", v.as_str().unwrap()))
        .collect();
    std::fs::write(dir.join("headers.txt"), lines).unwrap();
    sealed
}

fn trace_step(sealed: &serde_json::Value, name: &str) -> String {
    sealed["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s[0] == name)
        .map(|s| s[1].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no trace step {name}"))
}

#[test]
fn seal_then_open_and_verify_as_the_provider() {
    let dir = temp_dir("roundtrip");
    let payload = r#"{"cardNo":"5392****1234","amount":5000.00}"#;
    seal_to(&dir, "hypercard", &[], payload);
    let (code, out, err) = cardseal_in(
        &dir,
        &[
            "open",
            "hypercard",
            "--side",
            "provider",
            "--body",
            "body.json",
            "--headers",
            "headers.txt",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("{{\"ok\":true,\"payload\":{payload}}}\n"));
    let (code, out, _) = cardseal_in(
        &dir,
        &[
            "verify",
            "hypercard",
            "--side",
            "provider",
            "--body",
            "body.json",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(json(&out)["error"]["kind"], "invalid_input");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn explain_shows_the_string_to_sign_and_the_first_difference_from_theirs() {
    let dir = temp_dir("explain");
    // HyperCard: the merchant signed one body, a proxy changed a field on the way.
    let sealed = seal_to(
        &dir,
        "hypercard",
        &[],
        r#"{"cardNo":"5392","amount":"12.30"}"#,
    );
    let signed = trace_step(&sealed, "string_to_sign");
    let body = sealed["body"].as_str().unwrap().replace("5392", "5393");
    std::fs::write(dir.join("body.json"), &body).unwrap();
    std::fs::write(dir.join("theirs.txt"), &signed).unwrap();
    let (code, out, err) = cardseal_in(
        &dir,
        &[
            "explain",
            "hypercard",
            "--side",
            "provider",
            "--body",
            "body.json",
            "--headers",
            "headers.txt",
            "--their-string",
            "theirs.txt",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let r = json(&out);
    assert_eq!(r["ok"], false);
    assert_eq!(r["error"]["kind"], "signature_mismatch");
    assert!(
        r["failed_check"]
            .as_str()
            .unwrap()
            .starts_with("signature: SHA256withRSA does not verify"),
        "{out}"
    );
    let ours = signed.replace("5392", "5393");
    assert_eq!(r["steps"]["string_to_sign"], ours.as_str());
    assert_eq!(r["steps"]["signature_verifies_over_this_string"], false);
    let offset = signed.find("5392").unwrap() + 3;
    assert_eq!(r["their_string"]["ours"], ours.as_str());
    assert_eq!(r["their_string"]["theirs"], signed.as_str());
    assert_eq!(r["their_string"]["first_difference"]["byte_offset"], offset);
    assert_eq!(r["their_string"]["first_difference"]["ours_byte"], "'3'");
    assert_eq!(r["their_string"]["first_difference"]["theirs_byte"], "'2'");
    assert!(
        r["their_string"]["first_difference"]["theirs_context"]
            .as_str()
            .unwrap()
            .contains("cardNo=5392"),
        "{out}"
    );

    // UPay: the HMAC string as cardseal builds it, the expected and the received sign; the
    // secret itself is never printed.
    let sealed = seal_to(
        &dir,
        "upay",
        &["--path", "/api/v1/card/apply"],
        r#"{"b":1,"a":"x"}"#,
    );
    let signed = trace_step(&sealed, "string_to_sign");
    std::fs::write(dir.join("body.json"), r#"{"b":2,"a":"x"}"#).unwrap();
    std::fs::write(dir.join("theirs.txt"), &signed).unwrap();
    let (code, out, _) = cardseal_in(
        &dir,
        &[
            "explain",
            "upay",
            "--side",
            "provider",
            "--path",
            "/api/v1/card/apply",
            "--body",
            "body.json",
            "--headers",
            "headers.txt",
            "--their-string",
            "theirs.txt",
        ],
    );
    assert_eq!(code, 1);
    let r = json(&out);
    assert_eq!(r["failed_check"], "X-UPA-SIGN does not match");
    let ours = signed.replace("b=1", "b=2");
    assert_eq!(r["steps"]["string_to_sign"], ours.as_str());
    assert_eq!(r["steps"]["sign_param"], "a=x&b=2");
    assert_eq!(
        r["steps"]["received_X-UPA-SIGN"],
        sealed["headers"]["X-UPA-SIGN"]
    );
    assert_ne!(
        r["steps"]["expected_X-UPA-SIGN"],
        r["steps"]["received_X-UPA-SIGN"]
    );
    assert_eq!(
        r["their_string"]["first_difference"]["byte_offset"],
        signed.find("b=1").unwrap() + 2
    );
    assert!(
        !out.contains("g3)&~8P9S"),
        "the HMAC secret is printed:\n{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn explain_of_an_undecryptable_message_prints_the_uniform_error_only() {
    let dir = temp_dir("uniform");
    std::fs::write(dir.join("theirs.txt"), "anything").unwrap();
    // ASINX: a result that does not decrypt under the app secret.
    std::fs::write(
        dir.join("asinx.json"),
        r#"{"success":true,"code":1,"message":"Successful!","result":"00112233445566778899aabbccddeeff"}"#,
    )
    .unwrap();
    // Paytend: a sealed response whose randomKey was altered.
    std::fs::write(dir.join("payload.json"), r#"{"cardId":"1755902"}"#).unwrap();
    let (code, out, err) = cardseal_in(
        &dir,
        &[
            "seal",
            "paytend",
            "--side",
            "provider",
            "--body",
            "payload.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let mut doc = json(json(&out)["body"].as_str().unwrap());
    let key = doc["randomKey"].as_str().unwrap().to_owned();
    let flipped = if key.starts_with('A') { "B" } else { "A" };
    doc["randomKey"] = format!("{flipped}{}", &key[1..]).into();
    std::fs::write(dir.join("paytend.json"), doc.to_string()).unwrap();
    for (provider, file, kind) in [
        ("asinx", "asinx.json", "decryption_failed"),
        ("paytend", "paytend.json", "signature_mismatch"),
    ] {
        let (code, out, _) = cardseal_in(
            &dir,
            &[
                "explain",
                provider,
                "--body",
                file,
                "--their-string",
                "theirs.txt",
            ],
        );
        assert_eq!(code, 1, "{provider}");
        let r = json(&out);
        let (_, opened, _) = cardseal_in(&dir, &["open", provider, "--body", file]);
        assert_eq!(
            r,
            serde_json::json!({"ok": false, "error": {
                "kind": kind,
                "message": json(&opened)["error"]["message"],
            }}),
            "{provider}: {out}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
