#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! No error rendering contains key text. Every malformed key form of
//! `test-vectors/keys/malformed_keys.json` (built here from the sandbox keys in
//! `test-vectors/keys/` by the listed transformations; the Python, Node and Kotlin suites
//! build the same forms) goes through `parse_private_key`, `parse_public_key` and
//! `public_key_pem`; each outcome must be the expected one, and no 16-character window of
//! the key's text may appear in the error's `Display` or `Debug`.

use std::collections::HashSet;

use cardseal::hazmat::encoding::{b64_decode, b64_encode};
use cardseal::keys::{parse_private_key, parse_public_key, public_key_pem};
use cardseal::{Error, ErrorKind};
use serde_json::Value;

const WINDOW: usize = 16;

fn repo_file(rel: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A line of the key's body: not a marker line (`-----`), not an RFC 1421 header
/// (`Proc-Type:`, `DEK-Info:`: public parameters), not blank.
fn is_body_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with("-----") && !t.contains(':')
}

fn body(text: &str) -> String {
    text.lines()
        .filter(|l| is_body_line(l))
        .map(str::trim)
        .collect()
}

/// Every 16-character window of the key text that touches its body, and every window of
/// the body joined without and with line breaks.
fn secret_windows(text: &str) -> HashSet<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut in_body = vec![false; chars.len()];
    let mut pos = 0;
    for line in text.split('\n') {
        let n = line.chars().count();
        if is_body_line(line) {
            in_body[pos..pos + n].iter_mut().for_each(|b| *b = true);
        }
        pos += n + 1;
    }
    let mut out = HashSet::new();
    for i in 0..chars.len().saturating_sub(WINDOW - 1) {
        if in_body[i..i + WINDOW].iter().any(|b| *b) {
            out.insert(chars[i..i + WINDOW].iter().collect());
        }
    }
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| is_body_line(l))
        .map(str::trim)
        .collect();
    for joined in [lines.concat(), lines.join("\n")] {
        let c: Vec<char> = joined.chars().collect();
        for w in c.windows(WINDOW) {
            out.insert(w.iter().collect());
        }
    }
    assert!(out.len() > 40, "too few windows: {}", out.len());
    out
}

fn leaked<'a>(rendering: &str, secrets: &'a HashSet<String>) -> Option<&'a String> {
    let chars: Vec<char> = rendering.chars().collect();
    chars
        .windows(WINDOW)
        .find_map(|w| secrets.get(&w.iter().collect::<String>()))
}

fn pem_wrap(b64: &str, label: &str) -> String {
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

fn s<'a>(step: &'a Value, name: &str) -> &'a str {
    step[name]
        .as_str()
        .unwrap_or_else(|| panic!("step {step}: no {name}"))
}

/// The transformations of `malformed_keys.json` (documented in test-vectors/README.md).
fn apply(text: &str, step: &Value) -> String {
    match s(step, "op") {
        "replace" => {
            let (from, to) = (s(step, "from"), s(step, "to"));
            assert!(text.contains(from), "{step}: not found");
            text.replacen(from, to, 1)
        }
        "replace_last" => {
            let (from, to) = (s(step, "from"), s(step, "to"));
            let i = text
                .rfind(from)
                .unwrap_or_else(|| panic!("{step}: not found"));
            format!("{}{to}{}", &text[..i], &text[i + from.len()..])
        }
        "truncate" => {
            let n = step["chars"].as_i64().unwrap();
            let len = text.chars().count() as i64;
            let keep = if n >= 0 { n.min(len) } else { (len + n).max(0) };
            text.chars().take(keep as usize).collect()
        }
        "body" => body(text),
        "der_xor" => {
            let mut der = b64_decode(body(text).as_bytes()).unwrap();
            let at = step["offset"].as_u64().unwrap() as usize;
            der[at] ^= step["value"].as_u64().unwrap() as u8;
            b64_encode(&der)
        }
        "pem" => pem_wrap(text, s(step, "label")),
        "wrap" => format!(
            "{}{text}{}{text}{}",
            s(step, "before"),
            s(step, "middle"),
            s(step, "after")
        ),
        "prefix" => format!("{}{text}", s(step, "text")),
        "suffix" => format!("{text}{}", s(step, "text")),
        other => panic!("unknown step op {other}"),
    }
}

#[test]
fn no_error_rendering_contains_key_text() {
    let doc: Value =
        serde_json::from_str(&repo_file("test-vectors/keys/malformed_keys.json")).unwrap();
    assert_eq!(doc["schema"], "cardseal-malformed-keys/1");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut errors_checked = 0;
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let key_text = repo_file(&format!("test-vectors/keys/{}", s(case, "key")));
        let secrets = secret_windows(&key_text);
        let input = case["steps"]
            .as_array()
            .unwrap()
            .iter()
            .fold(key_text.clone(), |t, step| apply(&t, step));
        let outcomes: [(&str, Result<(), Error>); 3] = [
            ("private", parse_private_key(input.as_bytes()).map(drop)),
            ("public", parse_public_key(input.as_bytes()).map(drop)),
            ("public_key_pem", public_key_pem(input.as_bytes()).map(drop)),
        ];
        for (op, outcome) in outcomes {
            let want = case["expect"][op]
                .as_str()
                .unwrap_or_else(|| panic!("{id}: no expect.{op}"));
            match (want, outcome) {
                ("ok", Ok(())) => {}
                ("invalid_key", Err(e)) => {
                    assert_eq!(e.kind(), ErrorKind::InvalidKey, "{id} {op}: {e}");
                    for rendering in [e.to_string(), format!("{e:?}"), format!("{e:#?}")] {
                        if let Some(w) = leaked(&rendering, &secrets) {
                            panic!("{id} {op}: {w:?} of the key text in {rendering:?}");
                        }
                    }
                    errors_checked += 1;
                }
                (want, got) => panic!("{id} {op}: want {want}, got {got:?}"),
            }
        }
    }
    assert!(errors_checked >= 90, "{errors_checked} errors checked");
}

/// The check above can fail: the key text in a message is found.
#[test]
fn the_window_check_finds_key_text() {
    let key_text = repo_file("test-vectors/keys/sandbox_merchant_2048.pem");
    let secrets = secret_windows(&key_text);
    let line = key_text.lines().nth(5).unwrap();
    let e = Error::invalid_key(format!("no END line after '{}'", &line[10..26]));
    assert!(leaked(&e.to_string(), &secrets).is_some());
    assert!(
        leaked(
            "malformed PEM: no `-----END PRIVATE KEY-----` line",
            &secrets
        )
        .is_none()
    );
}

/// The report of issue 15: a BEGIN line that lost a dash echoed the whole key.
#[test]
fn begin_line_missing_a_dash_names_the_line_not_the_key() {
    let key_text = repo_file("test-vectors/keys/sandbox_merchant_2048.pem");
    let bad = key_text.replacen(
        "-----BEGIN PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY----",
        1,
    );
    assert_eq!(
        parse_private_key(bad.as_bytes()).unwrap_err().to_string(),
        "invalid key: malformed PEM: the BEGIN line (26 bytes) does not end with `-----`"
    );
    let bad = key_text.replacen("-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY", 1);
    assert_eq!(
        parse_private_key(bad.as_bytes()).unwrap_err().to_string(),
        "invalid key: malformed PEM: the BEGIN line (22 bytes) does not end with `-----`"
    );
    let bad = key_text.replacen("-----END PRIVATE KEY-----", "-----END PRIVATE KEY----", 1);
    assert_eq!(
        parse_private_key(bad.as_bytes()).unwrap_err().to_string(),
        "invalid key: malformed PEM: no `-----END PRIVATE KEY-----` line"
    );
}
