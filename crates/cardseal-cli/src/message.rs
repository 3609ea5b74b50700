//! `cardseal seal | open | verify | explain PROVIDER`: one real message, read from files or
//! standard input, the result printed as JSON. The operations are shared with `serve`.

use std::borrow::Cow;

use cardseal::providers::asinx::AsinxRequest;
use cardseal::providers::hypercard::HyperCardRequestOptions;
use cardseal::providers::kazepay::{KazePayExchange, KazePayNotification, KazePayRequest};
use cardseal::providers::paytend::PaytendRequest;
use cardseal::providers::upay::{self, UPayRequest, UPayRequestOptions, UPayResponse};
use cardseal::providers::{Mirror as MirrorApi, Sealed, header};
use cardseal::{Env, Error};
use serde_json::{Value, json};

use crate::roles::{Keys, Merchant, Mirror, Provider, Side, read_text};

/// What `seal`, `open`, `verify` and `explain` read.
#[derive(clap::Args, Debug)]
pub struct MessageArgs {
    /// The provider.
    #[arg(value_enum)]
    pub provider: Provider,
    /// The body (a file, or `-` for standard input). For `seal`: the payload JSON.
    #[arg(long, value_name = "FILE|-")]
    pub body: String,
    /// The received headers: a JSON object, or `Name: value` lines.
    #[arg(long, value_name = "FILE")]
    pub headers: Option<String>,
    /// A key or identifier by its constructor argument name (e.g. `private_key=m.pem`,
    /// `secret=secret.txt`, `provider_private_key=p.pem`); the sandbox keys fill the rest.
    #[arg(long = "key", value_name = "NAME=FILE")]
    pub keys: Vec<String>,
    /// A directory of key files named after the arguments (`NAME`, `NAME.pem`, `NAME.txt`).
    #[arg(long = "keys", value_name = "DIR")]
    pub keys_dir: Option<std::path::PathBuf>,
    /// Who you are: the merchant (seal requests, open responses and notifications) or the
    /// provider (open requests, seal responses and notifications).
    #[arg(long, value_enum, default_value = "merchant")]
    pub side: Side,
    /// A notification (webhook) instead of a response: the merchant opens one, the
    /// provider seals one.
    #[arg(long)]
    pub notification: bool,
    /// The request path (ASINX and UPay sign it), e.g. `/user/register`.
    #[arg(long)]
    pub path: Option<String>,
    /// The HTTP method (UPay signs it).
    #[arg(long, default_value = "POST")]
    pub method: String,
    /// KazePay `apiCode` (sealing a request, response or notification).
    #[arg(long)]
    pub api_code: Option<String>,
    /// KazePay `requestNo` of the request a response answers.
    #[arg(long)]
    pub request_no: Option<String>,
    /// UPay: encrypt the payload (JWE).
    #[arg(long)]
    pub encrypt: bool,
}

/// `explain`'s own arguments.
#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub message: MessageArgs,
    /// The string the other side says it signed: the first difference from cardseal's is
    /// shown.
    #[arg(long, value_name = "FILE")]
    pub their_string: Option<String>,
}

pub use cardseal::providers::Received;

/// Parses headers given as a JSON object or as `Name: value` lines.
pub fn parse_headers(text: &str) -> Result<Vec<(String, String)>, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        let doc: Value =
            serde_json::from_str(trimmed).map_err(|e| format!("headers: not JSON: {e}"))?;
        let obj = doc
            .as_object()
            .ok_or_else(|| "headers: expected a JSON object".to_owned())?;
        return obj
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                Value::Number(n) => Ok((k.clone(), n.to_string())),
                _ => Err(format!("headers: `{k}` is not a string")),
            })
            .collect();
    }
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with("HTTP/") {
            continue;
        }
        let (name, value) = line
            .split_once(':')
            .filter(|(n, _)| !n.is_empty())
            .ok_or_else(|| format!("headers: `{line}` is not `Name: value`"))?;
        out.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    Ok(out)
}

fn load_keys(args: &MessageArgs) -> Result<Keys, String> {
    let mut keys = Keys::sandbox(args.provider);
    if let Some(dir) = &args.keys_dir {
        keys.load_dir(dir)?;
    }
    for spec in &args.keys {
        keys.set_from_file(spec)?;
    }
    Ok(keys)
}

fn load_headers(args: &MessageArgs) -> Result<Vec<(String, String)>, String> {
    match &args.headers {
        Some(file) => parse_headers(&read_text(file)?),
        None => Ok(Vec::new()),
    }
}

/// A JSON document whose `payload` (or other) member is raw JSON text, printed without
/// re-serializing it (a `5000.00` stays `5000.00`).
fn with_raw(mut doc: Value, name: &str, raw: &str) -> String {
    let placeholder = "\u{0}cardseal-raw\u{0}";
    if let Some(obj) = doc.as_object_mut() {
        obj.insert(name.to_owned(), Value::String(placeholder.to_owned()));
    }
    let text = doc.to_string();
    let raw = raw.trim_end();
    let raw = if serde_json::from_str::<Value>(raw).is_ok() {
        Cow::Borrowed(raw)
    } else if raw.trim().is_empty() {
        Cow::Borrowed("null")
    } else {
        Cow::Owned(Value::String(raw.to_owned()).to_string())
    };
    text.replacen(&Value::String(placeholder.to_owned()).to_string(), &raw, 1)
}

/// The JSON of an error (the provider's error carries its code and message; its opened
/// `result` is not included).
pub fn error_json(e: &Error) -> Value {
    let mut v = json!({"kind": e.kind().as_str(), "message": e.to_string()});
    if let (Error::ProviderError { code, message, .. }, Some(obj)) = (e, v.as_object_mut()) {
        obj.insert("code".into(), Value::String(code.clone()));
        obj.insert("provider_message".into(), Value::String(message.clone()));
    }
    v
}

/// `cardseal seal`.
pub fn seal(args: &MessageArgs) -> Result<bool, String> {
    let keys = load_keys(args)?;
    let env = cardseal_os::env();
    let payload = read_text(&args.body)?;
    let sealed = match args.side {
        Side::Merchant => {
            if args.notification {
                return Err("merchants do not send notifications (use --side provider)".into());
            }
            seal_request(&keys.merchant(&env)?, args, &payload)
        }
        Side::Provider => {
            let mirror = keys.mirror(&env)?;
            if args.notification {
                mirror.seal_notification(&payload, args.api_code.as_deref())
            } else {
                seal_response(&mirror, args, &payload)
            }
        }
    };
    match sealed {
        Ok(s) => {
            println!("{}", sealed_json(&s));
            Ok(true)
        }
        Err(e) => {
            println!("{}", json!({"ok": false, "error": error_json(&e)}));
            Ok(false)
        }
    }
}

/// A sealed message as JSON: body, headers, trace.
pub fn sealed_json(s: &Sealed) -> Value {
    let headers: serde_json::Map<String, Value> = s
        .headers
        .iter()
        .map(|(n, v)| (n.clone(), Value::String(v.clone())))
        .collect();
    let trace: Vec<Value> = s.trace.iter().map(|(n, v)| json!([n, v])).collect();
    json!({"body": s.body, "headers": headers, "trace": trace})
}

fn need<'a>(v: &'a Option<String>, flag: &str, what: &str) -> cardseal::Result<&'a str> {
    v.as_deref()
        .ok_or_else(|| Error::invalid_input(flag, format!("{what} needs --{flag}")))
}

fn seal_request(m: &Merchant, a: &MessageArgs, payload: &str) -> cardseal::Result<Sealed> {
    use cardseal::providers::Merchant as Api;
    match m {
        Merchant::Asinx(c) => {
            let path = need(&a.path, "path", "an ASINX request")?;
            Api::seal_request(c, &AsinxRequest { path, uid: None }, payload)
        }
        Merchant::Paytend(c) => Api::seal_request(c, &PaytendRequest::default(), payload),
        Merchant::HyperCard(c) => {
            Api::seal_request(c, &HyperCardRequestOptions::default(), payload)
        }
        Merchant::UPay(c) => {
            let request = UPayRequest {
                method: &a.method,
                path: need(&a.path, "path", "a UPay request")?,
                options: UPayRequestOptions {
                    encrypt: a.encrypt,
                    ..UPayRequestOptions::default()
                },
            };
            Api::seal_request(c, &request, payload)
        }
        Merchant::KazePay(c) => {
            let request = KazePayRequest {
                api_code: need(&a.api_code, "api-code", "a KazePay request")?,
                request_no: a.request_no.as_deref(),
            };
            Api::seal_request(c, &request, payload)
        }
    }
}

fn seal_response(m: &Mirror, a: &MessageArgs, payload: &str) -> cardseal::Result<Sealed> {
    match m {
        Mirror::UPay(p) => p.seal_response(payload, a.encrypt),
        Mirror::KazePay(p) => p.seal_response(
            need(&a.api_code, "api-code", "a KazePay response")?,
            need(&a.request_no, "request-no", "a KazePay response")?,
            payload,
        ),
        other => other.seal_response(payload, false, None),
    }
}

impl Mirror {
    /// Opens a request as the provider would.
    pub fn open_request(&self, r: &Received<'_>) -> cardseal::Result<String> {
        match self {
            Mirror::Asinx(p) => MirrorApi::open_request(p, r),
            Mirror::Paytend(p) => MirrorApi::open_request(p, r),
            Mirror::HyperCard(p) => MirrorApi::open_request(p, r),
            Mirror::UPay(p) => MirrorApi::open_request(p, r).map_err(|e| match e {
                Error::InvalidInput { field, .. } if field == "path" => {
                    Error::invalid_input("path", "a UPay request needs --path")
                }
                e => e,
            }),
            Mirror::KazePay(p) => MirrorApi::open_request(p, r),
        }
    }

    /// A success response carrying `payload`. `encrypt`: UPay's JWE `data`; `kazepay`:
    /// the request's `(apiCode, requestNo)`.
    pub fn seal_response(
        &self,
        payload: &str,
        encrypt: bool,
        kazepay: Option<(&str, &str)>,
    ) -> cardseal::Result<Sealed> {
        match self {
            Mirror::Asinx(p) => MirrorApi::seal_response(p, &(), payload),
            Mirror::Paytend(p) => MirrorApi::seal_response(p, &Default::default(), payload),
            Mirror::HyperCard(p) => MirrorApi::seal_response(p, &(), payload),
            Mirror::UPay(p) => MirrorApi::seal_response(p, &UPayResponse { encrypt }, payload),
            Mirror::KazePay(p) => MirrorApi::seal_response(p, &exchange(kazepay), payload),
        }
    }

    /// The provider's error response. `code`: the provider's code (the stand-in's default
    /// when `None`); `kazepay`: the request's `(apiCode, requestNo)`.
    pub fn seal_error(
        &self,
        code: Option<&str>,
        message: &str,
        kazepay: Option<(&str, &str)>,
    ) -> cardseal::Result<Sealed> {
        let code = |default: &'static str| code.unwrap_or(default);
        match self {
            Mirror::Asinx(p) => MirrorApi::seal_error_response(p, &(), code("401"), message),
            Mirror::Paytend(p) => {
                MirrorApi::seal_error_response(p, &Default::default(), code("99"), message)
            }
            Mirror::HyperCard(p) => MirrorApi::seal_error_response(p, &(), code("40001"), message),
            // UPay's `code` decides failure (docs/providers/upay.md), observed as 403.
            Mirror::UPay(p) => {
                MirrorApi::seal_error_response(p, &UPayResponse::default(), code("403"), message)
            }
            Mirror::KazePay(p) => {
                MirrorApi::seal_error_response(p, &exchange(kazepay), code("FAIL"), message)
            }
        }
    }

    /// A signed notification carrying `payload` (`api_code`: KazePay's `apiCode`).
    pub fn seal_notification(
        &self,
        payload: &str,
        api_code: Option<&str>,
    ) -> cardseal::Result<Sealed> {
        match self {
            Mirror::Asinx(p) => MirrorApi::seal_notification(p, &(), payload),
            Mirror::Paytend(p) => MirrorApi::seal_notification(p, &Default::default(), payload),
            Mirror::HyperCard(p) => MirrorApi::seal_notification(p, &Default::default(), payload),
            Mirror::UPay(p) => MirrorApi::seal_notification(p, &(), payload),
            Mirror::KazePay(p) => {
                let api_code = api_code.unwrap_or("notify");
                MirrorApi::seal_notification(p, &KazePayNotification { api_code }, payload)
            }
        }
    }
}

/// KazePay's `(apiCode, requestNo)` of the request answered (placeholders when unknown).
fn exchange<'a>(kazepay: Option<(&'a str, &'a str)>) -> KazePayExchange<'a> {
    let (api_code, request_no) = kazepay.unwrap_or(("unknown", "0"));
    KazePayExchange {
        api_code,
        request_no,
    }
}

/// The two merchant opens, object-safe (the `Merchant` trait has a request type).
trait Opens {
    fn open_response(&self, r: &Received<'_>) -> cardseal::Result<String>;
    fn open_notification(&self, r: &Received<'_>) -> cardseal::Result<String>;
}

impl<M: cardseal::providers::Merchant> Opens for M {
    fn open_response(&self, r: &Received<'_>) -> cardseal::Result<String> {
        cardseal::providers::Merchant::open_response(self, r)
    }
    fn open_notification(&self, r: &Received<'_>) -> cardseal::Result<String> {
        cardseal::providers::Merchant::open_notification(self, r, None)
    }
}

fn open_received(
    keys: &Keys,
    env: &Env,
    side: Side,
    notification: bool,
    r: &Received<'_>,
) -> Result<cardseal::Result<String>, String> {
    Ok(match side {
        Side::Provider => keys.mirror(env)?.open_request(r),
        Side::Merchant => {
            let m = keys.merchant(env)?;
            let m: &dyn Opens = match &m {
                Merchant::Asinx(c) => c,
                Merchant::Paytend(c) => c,
                Merchant::HyperCard(c) => c,
                Merchant::UPay(c) => c,
                Merchant::KazePay(c) => c,
            };
            if notification {
                m.open_notification(r)
            } else {
                m.open_response(r)
            }
        }
    })
}

/// `cardseal open` (`print_payload`) and `cardseal verify`.
pub fn open(args: &MessageArgs, print_payload: bool) -> Result<bool, String> {
    let keys = load_keys(args)?;
    let env = cardseal_os::env();
    let body = read_text(&args.body)?;
    let headers = load_headers(args)?;
    let r = Received {
        body: &body,
        headers: &headers,
        method: &args.method,
        path: args.path.as_deref(),
    };
    match open_received(&keys, &env, args.side, args.notification, &r)? {
        Ok(payload) if print_payload => {
            println!("{}", with_raw(json!({"ok": true}), "payload", &payload));
            Ok(true)
        }
        Ok(_) => {
            println!("{}", json!({"ok": true}));
            Ok(true)
        }
        Err(e) => {
            let doc = json!({"ok": false, "error": error_json(&e)});
            match &e {
                Error::ProviderError {
                    result: Some(result),
                    ..
                } if print_payload => println!("{}", with_raw(doc, "result", result)),
                _ => println!("{doc}"),
            }
            Ok(false)
        }
    }
}

/// `cardseal explain`.
pub fn explain_command(args: &ExplainArgs) -> Result<bool, String> {
    let a = &args.message;
    let keys = load_keys(a)?;
    let env = cardseal_os::env();
    let body = read_text(&a.body)?;
    let headers = load_headers(a)?;
    let theirs = match &args.their_string {
        Some(file) => Some(read_text(file)?),
        None => None,
    };
    let r = Received {
        body: &body,
        headers: &headers,
        method: &a.method,
        path: a.path.as_deref(),
    };
    let report = explain(
        a.provider,
        &keys,
        &env,
        a.side,
        a.notification,
        &r,
        theirs.as_deref(),
    )?;
    println!(
        "{}",
        serde_json::to_string_pretty(&report.json).unwrap_or_default()
    );
    Ok(report.ok)
}

/// An explanation: the JSON report and whether the message opened.
pub struct Explanation {
    /// The report.
    pub json: Value,
    /// Whether every check passed.
    pub ok: bool,
}

/// Explains a received message with the library's report
/// ([`cardseal::providers::explain`]): every check, the string to sign where the scheme
/// signs one in the clear, and the first difference from `their_string`; a message whose
/// payload is encrypted that fails shows the uniform error only. The CLI adds what only
/// the operator, who holds the secret, may see: the HMAC or `sign` cardseal expects for
/// UPay and ASINX requests.
pub fn explain(
    _provider: Provider,
    keys: &Keys,
    env: &Env,
    side: Side,
    notification: bool,
    r: &Received<'_>,
    their_string: Option<&str>,
) -> Result<Explanation, String> {
    let core = explain_received(keys, env, side, notification, r, their_string)?;
    if core.error.is_some() && core.steps.is_empty() && core.failed_check.is_none() {
        // No intermediate value of a message that did not decrypt: one uniform error.
        let (kind, message) = core
            .error
            .as_ref()
            .map(|e| (e.kind().as_str(), e.to_string()))
            .unwrap_or_default();
        return Ok(Explanation {
            json: json!({"ok": false, "error": {"kind": kind, "message": message}}),
            ok: false,
        });
    }
    let mut report: serde_json::Map<String, Value> =
        serde_json::from_str(&core.to_json()).map_err(|e| e.to_string())?;
    if let Some(e) = &core.error {
        report.insert("error".into(), error_json(e));
    }
    // A yes/no step prints as a JSON boolean.
    if let Some(Value::Object(steps)) = report.get_mut("steps")
        && let Some(v) = steps.get_mut("signature_verifies_over_this_string")
    {
        *v = Value::Bool(v == "true");
    }
    if let (Some(Value::Object(steps)), Some(ours)) =
        (report.get_mut("steps"), core.string_to_sign())
    {
        let mut extra = Vec::new();
        match (keys.merchant(env)?, side) {
            (Merchant::UPay(_), Side::Provider) => upay_expected(keys, ours, &mut extra)?,
            (Merchant::Asinx(c), Side::Provider) => asinx_expected(&c, r, &mut extra),
            _ => {}
        }
        steps.extend(extra);
    }
    match (their_string, core.string_to_sign()) {
        (Some(theirs), Some(ours)) => {
            report.insert("their_string".into(), diff(ours, theirs));
        }
        (Some(_), None) => {
            report.insert(
                "their_string".into(),
                Value::String(format!(
                    "no string to sign to compare: the {} {} is not signed over a string cardseal can show",
                    core.provider, core.message
                )),
            );
        }
        _ => {}
    }
    Ok(Explanation {
        json: Value::Object(report),
        ok: core.ok(),
    })
}

/// The library's report for the received message, through the `Merchant` / `Mirror`
/// traits.
fn explain_received(
    keys: &Keys,
    env: &Env,
    side: Side,
    notification: bool,
    r: &Received<'_>,
    theirs: Option<&str>,
) -> Result<cardseal::providers::Explanation, String> {
    use cardseal::providers::Merchant as Api;
    fn merchant<M: Api>(m: &M, n: bool, r: &Received<'_>, t: Option<&str>) -> CoreExplanation {
        if n {
            m.explain_notification(r, None, t)
        } else {
            m.explain_response(r, t)
        }
    }
    Ok(match side {
        Side::Provider => match keys.mirror(env)? {
            Mirror::Asinx(p) => MirrorApi::explain_request(&p, r, theirs),
            Mirror::Paytend(p) => MirrorApi::explain_request(&p, r, theirs),
            Mirror::HyperCard(p) => MirrorApi::explain_request(&p, r, theirs),
            Mirror::UPay(p) => MirrorApi::explain_request(&p, r, theirs),
            Mirror::KazePay(p) => MirrorApi::explain_request(&p, r, theirs),
        },
        Side::Merchant => match keys.merchant(env)? {
            Merchant::Asinx(c) => merchant(&c, notification, r, theirs),
            Merchant::Paytend(c) => merchant(&c, notification, r, theirs),
            Merchant::HyperCard(c) => merchant(&c, notification, r, theirs),
            Merchant::UPay(c) => merchant(&c, notification, r, theirs),
            Merchant::KazePay(c) => merchant(&c, notification, r, theirs),
        },
    })
}

type CoreExplanation = cardseal::providers::Explanation;

fn push(steps: &mut Vec<(String, Value)>, name: &str, value: impl Into<Value>) {
    steps.push((name.to_owned(), value.into()));
}

/// UPay (operator only): the HMAC-SHA256 cardseal expects over the string to sign.
fn upay_expected(
    keys: &Keys,
    string: &str,
    steps: &mut Vec<(String, Value)>,
) -> Result<(), String> {
    let expected = upay::hmac_sign(keys.value("secret")?.as_bytes(), string.as_bytes());
    push(steps, "expected_X-UPA-SIGN", expected);
    Ok(())
}

/// ASINX (operator only): the `sign` cardseal expects over the exact body received, or,
/// when the body is not the sorted compact JSON cardseal sends, what it would send.
fn asinx_expected(
    c: &cardseal::providers::asinx::Asinx,
    r: &Received<'_>,
    steps: &mut Vec<(String, Value)>,
) {
    let path = r.path.or_else(|| header(r.headers, ":path")).unwrap_or("");
    let Ok(sealed) = c.seal_request(path, r.body, None) else {
        return;
    };
    if sealed.body == r.body {
        push(
            steps,
            "expected_sign",
            sealed.trace.get("sign").unwrap_or(""),
        );
    } else {
        push(steps, "body_as_cardseal_sends_it", sealed.body.as_str());
        push(
            steps,
            "note",
            "the body is not the sorted compact JSON cardseal sends; ASINX signs the exact bytes sent",
        );
        push(
            steps,
            "sign_of_the_sorted_body",
            sealed.trace.get("sign").unwrap_or(""),
        );
    }
}

/// The first difference between cardseal's string and theirs.
pub fn diff(ours: &str, theirs: &str) -> Value {
    let a = ours.as_bytes();
    let b = theirs.as_bytes();
    let first = a.iter().zip(b).position(|(x, y)| x != y);
    let at = match first {
        Some(i) => i,
        None if a.len() == b.len() => {
            return json!({"identical": true, "ours": ours, "theirs": theirs});
        }
        None => a.len().min(b.len()),
    };
    let window = |s: &[u8]| {
        let from = at.saturating_sub(24);
        let to = (at + 24).min(s.len());
        String::from_utf8_lossy(s.get(from..to).unwrap_or_default()).into_owned()
    };
    json!({
        "identical": false,
        "ours": ours,
        "theirs": theirs,
        "ours_len": a.len(),
        "theirs_len": b.len(),
        "first_difference": {
            "byte_offset": at,
            "ours_context": window(a),
            "theirs_context": window(b),
            "ours_byte": a.get(at).map(|c| format!("{:?}", char::from(*c))),
            "theirs_byte": b.get(at).map(|c| format!("{:?}", char::from(*c))),
        }
    })
}
