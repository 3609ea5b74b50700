#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Property tests for `canonical::json`: random JSON trees (astral characters, control
//! characters, huge integers, decimals, exponents, empty strings/objects) written as text
//! with random whitespace and escapes must parse, and the writers must equal an independent
//! reference (written here from the tree, sorting keys by their UTF-16 code units).

use std::collections::HashSet;

use cardseal::ErrorKind;
use cardseal::canonical::form::{self, FormRule};
use cardseal::canonical::json;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Node {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Node>),
    Obj(Vec<(String, Node)>),
}

/// Reference string writer: minimal escapes, per the documented rule.
fn ref_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Reference writer; `sorted` sorts keys by their UTF-16 code unit sequences.
fn ref_write(n: &Node, sorted: bool, out: &mut String) {
    match n {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Num(s) => out.push_str(s),
        Node::Str(s) => ref_string(s, out),
        Node::Arr(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ref_write(x, sorted, out);
            }
            out.push(']');
        }
        Node::Obj(members) => {
            let mut m: Vec<&(String, Node)> = members.iter().collect();
            if sorted {
                m.sort_by_key(|(k, _)| k.encode_utf16().collect::<Vec<u16>>());
            }
            out.push('{');
            for (i, (k, v)) in m.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ref_string(k, out);
                out.push(':');
                ref_write(v, sorted, out);
            }
            out.push('}');
        }
    }
}

/// Input text: every string character either raw (escaped only where required) or as a
/// `\u` escape (surrogate pairs above U+FFFF), chosen by `esc`; optional whitespace.
fn input_string(s: &str, esc: u64, out: &mut String) {
    out.push('"');
    for (i, c) in s.chars().enumerate() {
        let as_u = (esc >> (i % 64)) & 1 == 1;
        if as_u || (c as u32) < 0x20 || c == '"' || c == '\\' {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{:04X}", unit));
            }
        } else {
            out.push(c);
        }
    }
    out.push('"');
}

fn input_write(n: &Node, ws: &str, esc: u64, out: &mut String) {
    match n {
        Node::Str(s) => input_string(s, esc, out),
        Node::Arr(items) => {
            out.push('[');
            out.push_str(ws);
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    out.push_str(ws);
                }
                input_write(x, ws, esc.rotate_left(7), out);
            }
            out.push_str(ws);
            out.push(']');
        }
        Node::Obj(members) => {
            out.push('{');
            out.push_str(ws);
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(ws);
                    out.push(',');
                }
                input_string(k, esc.rotate_left(3), out);
                out.push_str(ws);
                out.push(':');
                out.push_str(ws);
                input_write(v, ws, esc.rotate_left(11), out);
            }
            out.push_str(ws);
            out.push('}');
        }
        other => ref_write(other, false, out),
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[a-zA-Z_]{0,4}",
        1 => Just(String::new()),
        2 => prop::collection::vec(
            prop::sample::select(vec![
                "\u{ff61}", "\u{1f600}", "\u{e000}", "\u{d7ff}", "\u{ffff}", "\u{10000}",
                "\u{10ffff}", "a", "A", "é", "/", "\"", "\\", "\u{0}", "\u{1f}", "\u{7f}",
                "\u{2028}", "中",
            ]),
            0..5
        )
        .prop_map(|v| v.concat()),
    ]
}

fn number_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?(0|[1-9][0-9]{0,40})(\\.[0-9]{1,12})?([eE][+-]?[0-9]{1,2})?",
        prop::sample::select(vec!["5000.00", "1e2", "-0", "-0.0", "0", "1E+2", "0.000"])
            .prop_map(str::to_owned),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u128>().prop_map(|n| n.to_string()),
    ]
}

fn node_strategy() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        Just(Node::Null),
        any::<bool>().prop_map(Node::Bool),
        number_strategy().prop_map(Node::Num),
        text_strategy().prop_map(Node::Str),
    ];
    leaf.prop_recursive(5, 96, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Node::Arr),
            prop::collection::vec((text_strategy(), inner), 0..7).prop_map(|members| {
                let mut seen = HashSet::new();
                Node::Obj(
                    members
                        .into_iter()
                        .filter(|(k, _)| seen.insert(k.clone()))
                        .collect(),
                )
            }),
        ]
    })
}

fn ws_strategy() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", " ", "\n  ", "\t", "\r\n"])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn writers_match_the_reference(node in node_strategy(), ws in ws_strategy(), esc in any::<u64>()) {
        let mut input = String::new();
        input_write(&node, ws, esc, &mut input);
        let mut want_sorted = String::new();
        ref_write(&node, true, &mut want_sorted);
        let mut want_compact = String::new();
        ref_write(&node, false, &mut want_compact);

        let sorted = json::sorted_compact(&input).unwrap();
        prop_assert_eq!(&sorted, &want_sorted);
        prop_assert_eq!(json::compact(&input).unwrap(), want_compact);
        // Idempotent, and the output parses again to the same tree.
        prop_assert_eq!(json::sorted_compact(&sorted).unwrap(), sorted.clone());
        prop_assert_eq!(json::parse(&sorted).unwrap(), json::parse(&want_sorted).unwrap());
        // The same value for serde_json (which ignores key order).
        let a: serde_json::Value = serde_json::from_str(&input).unwrap();
        let b: serde_json::Value = serde_json::from_str(&sorted).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn agrees_with_serde_json_on_mutated_text(
        node in node_strategy(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![
            "", ",", "]", "}", "[", "{", "\"", "\\", ":", "0", "-", ".", "e", " ", "\u{1}", "\\ud800", "x", "01", "n",
        ])), 1..3),
    ) {
        let mut text = String::new();
        input_write(&node, "", 0, &mut text);
        for (at, insert) in edits {
            let mut pos = at.index(text.len() + 1);
            while !text.is_char_boundary(pos) {
                pos -= 1;
            }
            if insert.is_empty() {
                // Delete one character.
                if let Some(c) = text[pos..].chars().next() {
                    text.replace_range(pos..pos + c.len_utf8(), "");
                }
            } else {
                text.insert_str(pos, insert);
            }
        }
        let ours = json::parse(&text);
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        match (ours, theirs) {
            (Ok(_), Ok(_)) => {}
            (Err(e), Ok(_)) => {
                // serde_json silently keeps the last of duplicate keys; we reject them.
                prop_assert!(e.to_string().contains("duplicate key"), "{text:?}: {e}");
            }
            (Ok(v), Err(e)) => {
                // serde_json rejects numbers out of f64 range; we keep the literal.
                prop_assert!(e.to_string().contains("number out of range"), "{text:?} accepted as {v:?}, serde_json: {e}");
            }
            (Err(e), Err(_)) => prop_assert_eq!(e.kind(), ErrorKind::InvalidInput),
        }
    }

    #[test]
    fn sorted_form_rules_match_the_reference(
        members in prop::collection::vec((text_strategy(), node_strategy()), 0..8),
        esc in any::<u64>(),
    ) {
        let mut seen = HashSet::new();
        let members: Vec<(String, Node)> =
            members.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect();
        let obj = Node::Obj(members.clone());
        let mut input = String::new();
        input_write(&obj, " ", esc, &mut input);

        let mut sorted = members.clone();
        sorted.sort_by_key(|(k, _)| k.encode_utf16().collect::<Vec<u16>>());
        let scalar = |n: &Node| match n {
            Node::Str(s) => s.clone(),
            other => {
                let mut out = String::new();
                ref_write(other, true, &mut out);
                out
            }
        };
        // Every field, nested values as sorted compact JSON.
        let want: Vec<String> = sorted.iter().map(|(k, v)| format!("{k}={}", scalar(v))).collect();
        prop_assert_eq!(
            form::render_json(&FormRule::SORTED_NESTED_SORTED_JSON, &input).unwrap(),
            want.join("&")
        );
        // Flat rule: "" and null dropped; any kept object/array is an error.
        let kept: Vec<&(String, Node)> = sorted
            .iter()
            .filter(|(_, v)| !matches!(v, Node::Null) && !matches!(v, Node::Str(s) if s.is_empty()))
            .collect();
        let flat = form::render_json(&FormRule::FLAT_NONEMPTY_SORTED, &input);
        if kept.iter().any(|(_, v)| matches!(v, Node::Arr(_) | Node::Obj(_))) {
            prop_assert_eq!(flat.unwrap_err().kind(), ErrorKind::InvalidInput);
        } else {
            let want: Vec<String> = kept.iter().map(|(k, v)| format!("{k}={}", scalar(v))).collect();
            prop_assert_eq!(flat.unwrap(), want.join("&"));
        }
    }

    #[test]
    fn never_panics_on_arbitrary_text(text in any::<String>()) {
        if let Err(e) = json::parse(&text) {
            prop_assert_eq!(e.kind(), ErrorKind::InvalidInput);
        }
    }
}
