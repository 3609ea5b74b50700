//! Runs every JSON file in `test-vectors/` (schema in `test-vectors/README.md`).
//!
//! Each family module turns one `op` into computed outputs; this file compares them with
//! `expect` (every key must match exactly) or the error kind with `error`. An unknown op,
//! a file with zero vectors, or an empty directory fails the run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod asinx;
mod canonical;
mod common;
mod hypercard;
mod kazepay;
mod paytend;
mod prim;
mod rsa;
mod upay;

use common::{Args, Outputs};
use serde_json::Value;

type Runner = fn(&str, &Args) -> Option<cardseal::Result<Outputs>>;

const RUNNERS: &[Runner] = &[
    prim::run,
    rsa::run,
    canonical::run,
    asinx::run,
    paytend::run,
    hypercard::run,
    upay::run,
    kazepay::run,
];

fn run_op(op: &str, args: &Args) -> cardseal::Result<Outputs> {
    for r in RUNNERS {
        if let Some(out) = r(op, args) {
            return out;
        }
    }
    panic!("unknown op `{op}`: every op in test-vectors/ must have a runner");
}

/// Compares a provider error's fields with a vector's `error_detail` (schema in
/// test-vectors/README.md): every key must be known and equal.
fn check_error_detail(name: &str, e: &cardseal::Error, want: &Value, failures: &mut Vec<String>) {
    let cardseal::Error::ProviderError {
        code,
        message,
        result,
    } = e
    else {
        failures.push(format!(
            "{name}: `error_detail` needs a provider error, got {e:?}"
        ));
        return;
    };
    for (k, want) in want.as_object().unwrap() {
        let have = match k.as_str() {
            "code" => Value::String(code.clone()),
            "message" => Value::String(message.clone()),
            "result_json" => result.clone().map_or(Value::Null, Value::String),
            other => {
                failures.push(format!("{name}: unknown `error_detail` key `{other}`"));
                continue;
            }
        };
        if &have != want {
            failures.push(format!("{name}: error `{k}` = {have}, want {want}"));
        }
    }
}

#[test]
fn every_vector_file() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test-vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vector files in {}", dir.display());
    let mut total = 0;
    let mut failures = Vec::new();
    for file in &files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(doc["schema"], "cardseal-vectors/1", "{}", file.display());
        let vectors = doc["vectors"].as_array().unwrap();
        assert!(!vectors.is_empty(), "{}: zero vectors", file.display());
        for v in vectors {
            let id = v["id"].as_str().unwrap();
            let op = v["op"].as_str().unwrap();
            let args = Args::new(v["args"].as_object().unwrap().clone());
            let got = run_op(op, &args);
            let name = format!(
                "{}: {id} ({op})",
                file.file_name().unwrap().to_string_lossy()
            );
            match (v.get("expect"), v.get("error"), got) {
                (Some(expect), None, Ok(out)) => {
                    for (k, want) in expect.as_object().unwrap() {
                        match out.get(k) {
                            Some(have) if have == want => {}
                            Some(have) => {
                                failures.push(format!("{name}: `{k}` = {have}, want {want}"))
                            }
                            None => failures.push(format!("{name}: runner gave no `{k}`")),
                        }
                    }
                }
                (Some(_), None, Err(e)) => failures.push(format!("{name}: unexpected error {e:?}")),
                (None, Some(kind), Err(e)) => {
                    if e.kind().as_str() != kind.as_str().unwrap() {
                        failures.push(format!("{name}: error {e:?}, want kind {kind}"));
                    }
                    if let Some(want) = v.get("error_detail") {
                        check_error_detail(&name, &e, want, &mut failures);
                    }
                }
                (None, Some(kind), Ok(out)) => {
                    failures.push(format!("{name}: succeeded with {out:?}, want error {kind}"))
                }
                _ => failures.push(format!("{name}: needs exactly one of `expect` / `error`")),
            }
        }
        println!(
            "vectors: {:>4} from {}",
            vectors.len(),
            file.file_name().unwrap().to_string_lossy()
        );
        total += vectors.len();
    }
    println!("vectors: {total} in {} files", files.len());
    assert!(
        failures.is_empty(),
        "{} vector failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
