#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Differential tests of `form::render_merged_json` (the HyperCard string to sign rendered
//! from the JSON text without a tree) against the tree path (`json::parse` then
//! `form::render`): byte-identical on every text the parser accepts, for every form rule,
//! number style and Python version; never a panic on anything else.

use std::borrow::Cow;
use std::collections::HashSet;

use cardseal::canonical::form::{self, FormRule, NumberStyle, PythonVersion};
use cardseal::canonical::json::{self, Json, Limits};
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

/// Input text: each string character raw (escaped only where required) or as a `\u`
/// escape, or a short escape, chosen by `esc`; `ws` between tokens.
fn input_string(s: &str, esc: u64, out: &mut String) {
    out.push('"');
    for (i, c) in s.chars().enumerate() {
        let mode = (esc >> ((2 * i) % 64)) & 3;
        match c {
            '"' if mode == 1 => out.push_str("\\\""),
            '\\' if mode == 1 => out.push_str("\\\\"),
            '/' if mode == 1 => out.push_str("\\/"),
            '\n' if mode == 1 => out.push_str("\\n"),
            '\t' if mode == 1 => out.push_str("\\t"),
            c if mode == 2 || (c as u32) < 0x20 || c == '"' || c == '\\' => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{:04x}", unit));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn input_write(n: &Node, ws: &str, esc: u64, out: &mut String) {
    match n {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Num(s) => out.push_str(s),
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
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => any::<String>(),
        2 => "[a-z_-]{0,4}",
        1 => Just(String::new()),
        4 => prop::collection::vec(
            prop::sample::select(vec![
                "'", "\"", ", ", ": ", ",", ":", " ", ",  ", "it's", "\\", "/", "\n", "\r",
                "\t", "\u{0}", "\u{1f}", "\u{7f}", "\u{80}", "\u{a0}", "\u{ad}", "\u{200b}",
                "\u{2028}", "\u{feff}", "\u{e000}", "\u{1e030}", "\u{1c89}", "\u{10ffff}",
                "\u{1f600}", "é", "中", "a", "timestamp", "nonce",
            ]),
            0..8,
        )
        .prop_map(|v| v.concat()),
    ]
}

fn number_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?(0|[1-9][0-9]{0,30})(\\.[0-9]{1,12})?([eE][+-]?[0-9]{1,3})?",
        prop::sample::select(vec![
            "5000.00",
            "1e2",
            "-0",
            "-0.0",
            "0",
            "1E+2",
            "0.000",
            "1e400",
            "-1e400",
            "1e16",
            "0.00001",
            "100.5",
            "9007199254740993",
            "2.5e-324",
        ])
        .prop_map(str::to_owned),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
    ]
}

fn node_strategy() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        2 => Just(Node::Null),
        1 => any::<bool>().prop_map(Node::Bool),
        2 => number_strategy().prop_map(Node::Num),
        4 => text_strategy().prop_map(Node::Str),
        1 => Just(Node::Str(String::new())),
    ];
    leaf.prop_recursive(5, 80, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Node::Arr),
            prop::collection::vec((text_strategy(), inner), 0..6).prop_map(|members| {
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

fn rules() -> Vec<FormRule> {
    let mut rules = Vec::new();
    for numbers in [NumberStyle::Python, NumberStyle::AsWritten] {
        for python in PythonVersion::ALL {
            rules.push(FormRule {
                numbers,
                python,
                ..FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR
            });
        }
    }
    rules.push(FormRule::SORTED_NESTED_SORTED_JSON);
    rules.push(FormRule::FLAT_NONEMPTY_SORTED);
    rules
}

/// The tree path: `first` as string fields, then the parsed members.
fn tree_path(rule: &FormRule, first: &[(&str, &str)], text: &str) -> cardseal::Result<String> {
    let doc = json::parse(text)?;
    let members = doc.as_object().ok_or_else(|| {
        cardseal::Error::invalid_input("json", "expected a JSON object of fields")
    })?;
    let mut fields: Vec<(Cow<'_, str>, Json<'_>)> = first
        .iter()
        .map(|&(k, v)| (Cow::Borrowed(k), Json::string(v)))
        .collect();
    fields.extend(members.iter().cloned());
    form::render(rule, &fields)
}

fn check_same(first: &[(&str, &str)], text: &str) -> Result<(), TestCaseError> {
    for rule in rules() {
        let tree = tree_path(&rule, first, text);
        let streamed = form::render_merged_json(&rule, first, text, &Limits::DEFAULT);
        match (&tree, &streamed) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "rule {:?} on {:?}", rule, text),
            (Err(a), Err(b)) => prop_assert_eq!(a.kind(), b.kind()),
            (Err(e), Ok(_)) => {
                // Only what the scan does not look for: duplicate keys below the top level.
                prop_assert!(e.to_string().contains("duplicate key"), "{text:?}: {e}");
            }
            (Ok(_), Err(e)) => prop_assert!(false, "{text:?}: tree ok, streamed {e}"),
        }
    }
    Ok(())
}

const HEADERS: [(&str, &str); 5] = [
    ("timestamp", "1700000000"),
    ("nonce", "AbC'd, e: f"),
    ("api-key", "key"),
    ("version", "1.0"),
    ("signature", "x"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(800))]

    #[test]
    fn streamed_string_equals_the_tree_path(
        members in prop::collection::vec((text_strategy(), node_strategy()), 0..8),
        header_count in 0usize..=5,
        ws in ws_strategy(),
        esc in any::<u64>(),
    ) {
        let mut seen = HashSet::new();
        let members: Vec<(String, Node)> =
            members.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect();
        let mut text = String::new();
        input_write(&Node::Obj(members), ws, esc, &mut text);
        check_same(&HEADERS[..header_count], &text)?;
    }

    #[test]
    fn mutated_texts_never_diverge_where_the_parser_accepts(
        node in node_strategy(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![
            "", ",", "]", "}", "[", "{", "\"", "\\", ":", "0", "-", ".", "e", " ", "\u{1}",
            "\\ud800", "x", "01", "n", "{\"a\":1,\"a\":2}", "\"timestamp\":", "'",
        ])), 1..3),
    ) {
        let mut text = String::new();
        input_write(&Node::Obj(vec![("k".into(), node)]), "", 0, &mut text);
        for (at, insert) in edits {
            let mut pos = at.index(text.len() + 1);
            while !text.is_char_boundary(pos) {
                pos -= 1;
            }
            if insert.is_empty() {
                if let Some(c) = text[pos..].chars().next() {
                    text.replace_range(pos..pos + c.len_utf8(), "");
                }
            } else {
                text.insert_str(pos, insert);
            }
        }
        check_same(&HEADERS[..3], &text)?;
    }

    #[test]
    fn never_panics_on_arbitrary_text(text in any::<String>()) {
        let rule = FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR;
        let _ = form::render_merged_json(&rule, &HEADERS, &text, &Limits::DEFAULT);
    }
}

#[test]
fn published_and_tricky_bodies_stream_to_the_tree_string() {
    let bodies = [
        // docs/providers/hypercard.md: the Binding KYC body of the API document.
        r#"{"mc_trade_no":"48d2741747a4493223feb22","base_info":{"email":"example@gmail.com","first_name":"pan","last_name":"gao","mobile":"1888888888","mobile_code":"86"},"kyc_info":{"address":"maizidianjie28hao","back_doc":"","birthday":"1990-01-01","doc_no":12345678,"doc_type":1,"front_doc":"xx","mix_doc":"xx","nationality_id":"CN"}}"#,
        r#"{"timestamp":"1700000001","z":"it's","meta":{"q":"say \"hi\"","both":"it's \"x\"","bs":"a\\b","nl":"l1\nl2","uni":"é中😀\u00a0\u200b\ud83d\ude00","t":true,"f":false,"n":null,"e":"","num":-0,"fl":5000.00,"big":123456789012345678901234567890},"list":["a","b",1,[],{}],"empty":"","nul":null,"flag":true,"zero":0,"emptyobj":{},"hollow":{"a":"","b":[null,{}]}}"#,
        "{ \"a\" : [ 1 , \"x, y: z\" , { \"k\" : \"v\" } ] ,\n\"b\":1e2, \"c\":-0.0, \"d\":1E+400 }",
        r#"{"a":"\u0027","b":["\u0027\""],"c":{"\u0027":"'"}}"#,
        "{}",
        " {\"signature\":\"abc\",\"nonce\":\"\"} ",
    ];
    for body in bodies {
        check_same(&HEADERS, body).unwrap();
    }
}

#[test]
fn kyc_sized_body_streams_to_the_tree_string() {
    let image = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".repeat(40_000);
    let body = format!(
        r#"{{"mc_trade_no":"48d27","kyc_info":{{"front_doc":"data:image/jpeg;base64,{image}","back_doc":"{image}\/{image}","n":5000.00}},"top":"{image}"}}"#
    );
    let rule = FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR;
    let streamed = form::render_merged_json(&rule, &HEADERS, &body, &Limits::DEFAULT).unwrap();
    assert!(streamed == tree_path(&rule, &HEADERS, &body).unwrap());
}

#[test]
fn scan_errors_are_the_parse_errors() {
    for text in [
        "",
        "[1,]",
        "{\"a\":01}",
        "{\"a\":\"\\ud800\"}",
        "{\"a\":1} x",
        "{\"a\"}",
    ] {
        let rule = FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR;
        let streamed = form::render_merged_json(&rule, &[], text, &Limits::DEFAULT).unwrap_err();
        assert_eq!(streamed, json::parse(text).unwrap_err(), "{text:?}");
    }
    let deep = format!("{{\"a\":{}{}}}", "[".repeat(200), "]".repeat(200));
    let rule = FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR;
    assert_eq!(
        form::render_merged_json(&rule, &[], &deep, &Limits::DEFAULT).unwrap_err(),
        json::parse(&deep).unwrap_err()
    );
    assert_eq!(
        form::render_merged_json(&rule, &[], "[1]", &Limits::DEFAULT).unwrap_err(),
        cardseal::Error::invalid_input("json", "expected a JSON object of fields")
    );
}
