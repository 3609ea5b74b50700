#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The bounds on parsing untrusted JSON (`json::Limits`): exact error kind, field and
//! reason for each limit, the defaults, and that KYC-sized bodies are untouched.

mod providers_support;

use cardseal::Error;
use cardseal::canonical::json::{self, Limits};

fn limits(max_values: usize, max_tree_bytes: usize) -> Limits {
    Limits {
        max_values,
        max_tree_bytes,
        ..Limits::DEFAULT
    }
}

#[test]
fn defaults_are_documented_values() {
    assert_eq!(Limits::DEFAULT, Limits::default());
    assert_eq!(Limits::DEFAULT.max_depth, json::MAX_DEPTH);
    assert_eq!(json::MAX_DEPTH, 128);
    assert_eq!(Limits::DEFAULT.max_values, 500_000);
    assert_eq!(Limits::DEFAULT.max_tree_bytes, 32 * 1024 * 1024);
}

#[test]
fn max_values_counts_every_value_and_names_the_limit() {
    // `{"a":[0,0,0]}`: the object, the array and three zeros = 5 values.
    let text = r#"{"a":[0,0,0]}"#;
    assert!(json::parse_with_limits(text, &limits(5, usize::MAX)).is_ok());
    assert_eq!(
        json::parse_with_limits(text, &limits(4, usize::MAX)).unwrap_err(),
        Error::invalid_input(
            "json",
            "parse limit: more than 4 JSON values (max_values) at byte offset 10"
        )
    );
    // The text scan counts the same way, with the same error.
    assert!(json::raw_members(text, &limits(5, usize::MAX)).is_ok());
    assert_eq!(
        json::raw_members(text, &limits(4, usize::MAX)).unwrap_err(),
        json::parse_with_limits(text, &limits(4, usize::MAX)).unwrap_err()
    );
}

#[test]
fn max_tree_bytes_bounds_nodes_and_copied_strings() {
    // Four 32-byte nodes and one allocation: 4 × 32 + 16 = 144 bytes for the array.
    let text = "[1,2,3,4]";
    assert!(json::parse_with_limits(text, &limits(100, 144)).is_ok());
    assert_eq!(
        json::parse_with_limits(text, &limits(100, 143)).unwrap_err(),
        Error::invalid_input(
            "json",
            "parse limit: the tree would take more than 143 bytes (max_tree_bytes) at byte offset 2"
        )
    );
    // A string with an escape is copied: its copy counts; one without costs nothing.
    let plain = format!("\"{}\"", "x".repeat(10_000));
    assert!(json::parse_with_limits(&plain, &limits(10, 100)).is_ok());
    let escaped = format!("\"\\n{}\"", "x".repeat(10_000));
    let e = json::parse_with_limits(&escaped, &limits(10, 5_000)).unwrap_err();
    let Error::InvalidInput { field, reason } = e else {
        panic!("{e:?}")
    };
    assert_eq!(field, "json");
    assert!(
        reason
            .starts_with("parse limit: the tree would take more than 5000 bytes (max_tree_bytes)"),
        "{reason}"
    );
    assert!(json::parse_with_limits(&escaped, &limits(10, 20_100)).is_ok());
}

#[test]
fn depth_limit_can_be_lowered_not_raised() {
    let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    let higher = Limits {
        max_depth: 10_000,
        ..Limits::DEFAULT
    };
    assert_eq!(
        json::parse_with_limits(&deep, &higher).unwrap_err(),
        json::parse(&deep).unwrap_err()
    );
    let lower = Limits {
        max_depth: 2,
        ..Limits::DEFAULT
    };
    assert!(json::parse_with_limits("[[1]]", &lower).is_ok());
    assert_eq!(
        json::parse_with_limits("[[[1]]]", &lower).unwrap_err(),
        Error::invalid_input("json", "nesting deeper than 2 levels at byte offset 2")
    );
}

#[test]
fn hundred_megabyte_array_of_zeros_is_refused_by_the_default_limits() {
    let n = 50 * 1024 * 1024;
    let mut text = String::with_capacity(2 * n + 8);
    text.push_str("{\"a\":[");
    for _ in 0..n - 1 {
        text.push_str("0,");
    }
    text.push_str("0]}");
    // The 500,001st value: after the object, the array and 499,998 zeros (2 bytes each).
    let at = 6 + 2 * 499_998;
    let want = Error::invalid_input(
        "json",
        format!("parse limit: more than 500000 JSON values (max_values) at byte offset {at}"),
    );
    assert_eq!(json::parse(&text).unwrap_err(), want);
    assert_eq!(
        json::raw_members(&text, &Limits::DEFAULT).unwrap_err(),
        want
    );
}

#[test]
fn hundred_megabyte_escaped_string_stops_at_the_tree_budget() {
    let text = format!("\"\\t{}\"", "A".repeat(100 * 1024 * 1024));
    let e = json::parse(&text).unwrap_err();
    let Error::InvalidInput { field, reason } = e else {
        panic!("{e:?}")
    };
    assert_eq!(field, "json");
    assert!(reason.contains("(max_tree_bytes)"), "{reason}");
}

#[test]
fn kyc_sized_bodies_are_untouched() {
    // Three images of 2 MiB as base64, and the same with every `/` escaped as `\/` (as
    // some JSON writers do), which copies the strings.
    let body = providers_support::kyc_body(2 * 1024 * 1024);
    let doc = json::parse(&body).unwrap();
    assert_eq!(json::compact(&body).unwrap(), body);
    assert!(doc.get("kyc_info").is_some());
    let escaped = body.replace('/', "\\/");
    assert_eq!(json::compact(&escaped).unwrap(), body);
    // A body of several hundred fields, each with a 64 KiB value.
    let fields: Vec<String> = (0..400)
        .map(|i| format!("\"f{i}\":\"{}\"", "Q".repeat(64 * 1024)))
        .collect();
    let wide = format!("{{{}}}", fields.join(","));
    assert_eq!(json::parse(&wide).unwrap().as_object().unwrap().len(), 400);
    assert_eq!(
        json::raw_members(&wide, &Limits::DEFAULT)
            .unwrap()
            .unwrap()
            .len(),
        400
    );
}

#[test]
fn raw_members_are_slices_of_the_text() {
    let text = r#" {"a" : [1, {"b":"x"}] ,"\u0063":"d","a":null} "#;
    let members = json::raw_members(text, &Limits::DEFAULT).unwrap().unwrap();
    let got: Vec<(&str, &str)> = members.iter().map(|(k, v)| (k.as_ref(), *v)).collect();
    assert_eq!(
        got,
        [("a", r#"[1, {"b":"x"}]"#), ("c", "\"d\""), ("a", "null")]
    );
    assert_eq!(json::raw_members("[1]", &Limits::DEFAULT).unwrap(), None);
}
