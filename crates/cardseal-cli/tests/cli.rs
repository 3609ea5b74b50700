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
