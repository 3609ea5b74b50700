//! `canonical::form` on parsed input: every rule (the three in use, with each number
//! style and Python version) renders any JSON text without panicking; the form of a text
//! equals the form of its compact re-rendering (formatting never changes the signed
//! string); `render_to` writes what `render` returns; `python_str` renders any value;
//! `render_pairs` of string pairs equals `render` of the same strings.
#![no_main]

use std::borrow::Cow;

use cardseal::canonical::form::{self, FormRule, NumberStyle, PythonVersion};
use cardseal::canonical::json::{self, Json};
use cardseal_fuzz::checked;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cardseal_fuzz::begin(data);
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let base = match sel % 3 {
        0 => FormRule::FLAT_NONEMPTY_SORTED,
        1 => FormRule::SORTED_NESTED_SORTED_JSON,
        _ => FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR,
    };
    let numbers = if (sel >> 2) & 1 == 0 {
        NumberStyle::AsWritten
    } else {
        NumberStyle::Python
    };
    let python = PythonVersion::ALL[usize::from(sel >> 3) % PythonVersion::ALL.len()];
    let excl: &'static [&'static str] = if (sel >> 5) & 1 == 0 {
        base.exclude
    } else {
        &["signature", "encryptFlag"]
    };
    let rule = FormRule {
        numbers,
        python,
        exclude: excl,
        ..base
    };

    let rendered = checked(form::render_json(&rule, text));
    let Some(v) = checked(json::parse(text)) else {
        return;
    };
    let _ = form::python_str(&v, numbers, python);
    let compact = v.to_compact();
    let again = checked(form::render_json(&rule, &compact));
    match (&rendered, &again) {
        (Some(a), Some(b)) => assert_eq!(a, b, "form changed by compacting {text:?}"),
        (None, None) => {}
        _ => panic!("render_json accepts only one of {text:?} and {compact:?}"),
    }
    if let Json::Object(members) = &v {
        let direct = checked(form::render(&rule, members));
        assert_eq!(direct, rendered);
        let mut out = String::new();
        if form::render_to(&rule, members, &mut out).is_ok() {
            assert_eq!(Some(out), direct);
        }
        // String-only fields: render_pairs agrees with render.
        let pairs: Vec<(String, String)> = members
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k.to_string(), s.to_owned())))
            .collect();
        let fields: Vec<(Cow<'_, str>, Json<'_>)> = pairs
            .iter()
            .map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::string(v.as_str())))
            .collect();
        let from_pairs = form::render_pairs(&rule, &pairs);
        assert_eq!(Some(from_pairs), checked(form::render(&rule, &fields)));
    } else {
        assert!(
            rendered.is_none(),
            "a non-object rendered as a form: {text:?}"
        );
    }
});
