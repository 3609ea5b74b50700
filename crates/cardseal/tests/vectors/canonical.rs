//! Vector runner for the `canonical` family (ops documented in test-vectors/README.md).

use std::borrow::Cow;

use cardseal::canonical::form::{self, FormRule, NumberStyle};
use cardseal::canonical::json::{self, Json};
use serde_json::Value;

use crate::common::{Args, Outputs, outputs};

/// Runs `op` if it belongs to this family; `None` otherwise.
pub fn run(op: &str, args: &Args) -> Option<cardseal::Result<Outputs>> {
    let out = match op {
        "json_sorted_compact" => json::sorted_compact(args.str("input_json")),
        "json_compact" => json::compact(args.str("input_json")),
        "form_flat_nonempty_sorted" => {
            form::render_json(&FormRule::FLAT_NONEMPTY_SORTED, args.str("fields_json"))
        }
        "form_sorted_nested_sorted_json" => form::render_json(
            &FormRule::SORTED_NESTED_SORTED_JSON,
            args.str("params_json"),
        ),
        "form_nonempty_sorted_nested_python_str" => python_str_form(args),
        _ => return None,
    };
    Some(out.map(|text| {
        let key = if op.starts_with("json_") {
            "output_json"
        } else {
            "form"
        };
        outputs([(key, Value::String(text))])
    }))
}

/// Headers (a JSON object of strings) merged with the body's top-level fields, body wins.
fn python_str_form(args: &Args) -> cardseal::Result<String> {
    let rule = FormRule {
        numbers: match args.opt_str("numbers") {
            None | Some("as_written") => NumberStyle::AsWritten,
            Some("python") => NumberStyle::Python,
            Some(other) => panic!("unknown `numbers` value {other:?} in vector file"),
        },
        python: match args.opt_str("python_version") {
            None => FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR.python,
            Some(v) => v
                .parse()
                .unwrap_or_else(|_| panic!("unknown `python_version` {v:?} in vector file")),
        },
        ..FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR
    };
    let headers = json::parse(args.str("headers_json"))?;
    let body = json::parse(args.str("body_json"))?;
    let Some(body_fields) = body.as_object() else {
        return form::render_object(&rule, &body);
    };
    let mut fields: Vec<(Cow<'_, str>, Json<'_>)> = headers
        .as_object()
        .expect("headers_json must be an object")
        .to_vec();
    fields.extend(body_fields.iter().cloned());
    form::render(&rule, &fields)
}
