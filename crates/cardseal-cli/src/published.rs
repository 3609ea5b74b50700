//! Published values, read from the same `test-vectors/` files every language's tests run.

use serde_json::Value;

/// The vector files the demo draws on, embedded at build time.
const FILES: &[(&str, &str)] = &[
    ("asinx", include_str!("../../../test-vectors/asinx.json")),
    (
        "rsa_published",
        include_str!("../../../test-vectors/rsa_published.json"),
    ),
];

/// One published vector: its `args` and `expect` objects.
pub struct Vector {
    args: Value,
    expect: Value,
}

impl Vector {
    /// Text argument `name`.
    pub fn arg(&self, name: &str) -> Result<&str, String> {
        self.args
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("vector has no text arg `{name}`"))
    }

    /// Text expectation `name`.
    pub fn want(&self, name: &str) -> Result<&str, String> {
        self.expect
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("vector expects no text `{name}`"))
    }
}

/// The vector of `file` whose id starts with `id_prefix`.
pub fn vector(file: &str, id_prefix: &str) -> Result<Vector, String> {
    let text = FILES
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, text)| *text)
        .ok_or_else(|| format!("no embedded vector file `{file}`"))?;
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("{file}.json: {e}"))?;
    let found = doc
        .get("vectors")
        .and_then(Value::as_array)
        .and_then(|vs| {
            vs.iter().find(|v| {
                v.get("id")
                    .and_then(Value::as_str)
                    .is_some_and(|id| id.starts_with(id_prefix))
            })
        })
        .ok_or_else(|| format!("{file}.json has no vector `{id_prefix}…`"))?;
    Ok(Vector {
        args: found.get("args").cloned().unwrap_or(Value::Null),
        expect: found.get("expect").cloned().unwrap_or(Value::Null),
    })
}
