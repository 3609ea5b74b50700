//! `cardseal serve PROVIDER`: a local stand-in of the provider (HTTP/1.1 on loopback).
//!
//! Every request is opened with the provider mirror as the provider would. A valid one
//! gets HTTP 200 and a sealed success response whose payload is
//! `{"received": <opened payload>, "path": "<path>"}`, unless the scenario file maps the
//! path to another payload or to `{"error": {"code", "message"}}`. An invalid one gets the
//! provider's error shape (HTTP 200, the providers' business-error convention) and the
//! reason is logged to stderr with the explanation (string to sign, failed check).
//! `POST /__cardseal/notify` with a payload delivers a signed notification to
//! `--notify-url`.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Method, Request, Response, StatusCode, Uri};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use crate::message::{Received, explain};
use crate::roles::{Keys, Mirror, Provider, Side, read_text};

/// The path that triggers a notification.
pub const NOTIFY_PATH: &str = "/__cardseal/notify";

/// `serve`'s arguments.
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// The provider to stand in for.
    #[arg(value_enum)]
    pub provider: Provider,
    /// The address to bind (loopback by default).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// The port (0: a free port; the first line on stdout says which).
    #[arg(long, default_value_t = 12111)]
    pub port: u16,
    /// A directory of key files named after the constructor arguments (default: the
    /// built-in sandbox keys, as `cardseal sandbox PROVIDER` prints them).
    #[arg(long, value_name = "DIR")]
    pub keys: Option<std::path::PathBuf>,
    /// A JSON object mapping a path to the payload to answer, or to
    /// `{"error": {"code": ..., "message": ...}}`.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<String>,
    /// Where `POST /__cardseal/notify` delivers signed notifications (a loopback
    /// http:// URL).
    #[arg(long, value_name = "URL")]
    pub notify_url: Option<String>,
    /// The largest request body accepted, in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    pub max_body: usize,
    /// Seconds a client has to send its request headers and body.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
}

/// A scenario entry.
enum Scenario {
    /// Answer with this payload (JSON text).
    Payload(String),
    /// Answer with the provider's error.
    Error { code: String, message: String },
}

struct State {
    provider: Provider,
    keys: Keys,
    mirror: Mirror,
    scenario: BTreeMap<String, Scenario>,
    notify: Option<Uri>,
    max_body: usize,
    timeout: Duration,
}

type Reply = Response<Full<Bytes>>;

/// Runs the server until SIGINT or SIGTERM.
pub fn run(args: &ServeArgs) -> Result<bool, String> {
    let mut keys = Keys::sandbox(args.provider);
    if let Some(dir) = &args.keys {
        keys.load_dir(dir)?;
    }
    let mirror = keys.mirror(&cardseal_os::env())?;
    let scenario = match &args.scenario {
        Some(file) => load_scenario(&read_text(file)?)?,
        None => BTreeMap::new(),
    };
    let notify = match &args.notify_url {
        Some(url) => Some(loopback_url(url)?),
        None => None,
    };
    let state = Arc::new(State {
        provider: args.provider,
        keys,
        mirror,
        scenario,
        notify,
        max_body: args.max_body,
        timeout: Duration::from_secs(args.timeout.max(1)),
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(serve(state, &args.host, args.port))
}

fn load_scenario(text: &str) -> Result<BTreeMap<String, Scenario>, String> {
    // Payloads are kept as written (member order, number literals).
    let doc: BTreeMap<String, Box<serde_json::value::RawValue>> = serde_json::from_str(text)
        .map_err(|e| format!("scenario: expected a JSON object of path → payload: {e}"))?;
    let mut out = BTreeMap::new();
    for (path, raw) in doc {
        let v: Value = serde_json::from_str(raw.get()).map_err(|e| format!("scenario: {e}"))?;
        let entry = match v.get("error") {
            Some(err) if v.as_object().is_some_and(|o| o.len() == 1) => {
                let text = |n: &str| match err.get(n) {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                };
                Scenario::Error {
                    code: text("code"),
                    message: text("message"),
                }
            }
            _ => Scenario::Payload(raw.get().to_owned()),
        };
        out.insert(path, entry);
    }
    Ok(out)
}

fn loopback_url(url: &str) -> Result<Uri, String> {
    let uri: Uri = url
        .parse()
        .map_err(|_| format!("--notify-url: not a URL: {url}"))?;
    if uri.scheme_str() != Some("http") {
        return Err("--notify-url: only http:// URLs".into());
    }
    match uri.host() {
        Some("127.0.0.1" | "localhost" | "[::1]" | "::1") => Ok(uri),
        _ => Err("--notify-url: only loopback hosts (127.0.0.1, localhost, [::1])".into()),
    }
}

async fn serve(state: Arc<State>, host: &str, port: u16) -> Result<bool, String> {
    let listener = TcpListener::bind((host, port))
        .await
        .map_err(|e| format!("cannot listen on {host}:{port}: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    println!("listening on http://{addr}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    eprintln!(
        "cardseal serve: {} stand-in (Ctrl-C to stop)",
        state.provider.name()
    );
    let slots = Arc::new(Semaphore::new(256));
    let mut tasks = tokio::task::JoinSet::new();
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                let Ok(permit) = Arc::clone(&slots).try_acquire_owned() else {
                    drop(stream);
                    continue;
                };
                let state = Arc::clone(&state);
                tasks.spawn(async move {
                    connection(state, stream, peer).await;
                    drop(permit);
                });
            }
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
        }
    }
    eprintln!("cardseal serve: shutting down");
    let drain = async { while tasks.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(Duration::from_secs(2), drain).await;
    tasks.abort_all();
    Ok(true)
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn connection(state: Arc<State>, stream: TcpStream, peer: SocketAddr) {
    let io = TokioIo::new(stream);
    let timeout = state.timeout;
    let service = hyper::service::service_fn(move |req| {
        let state = Arc::clone(&state);
        async move { Ok::<_, Infallible>(handle(state, req).await) }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(timeout)
        .half_close(true)
        .max_buf_size(64 * 1024)
        .serve_connection(io, service);
    // An idle keep-alive connection is closed after a while as well.
    match tokio::time::timeout(timeout.saturating_mul(6), conn).await {
        Ok(Err(e)) if !e.is_incomplete_message() => {
            eprintln!("cardseal serve: connection from {peer}: {e}");
        }
        _ => {}
    }
}

fn reply(status: StatusCode, body: String, headers: &[(String, String)]) -> Reply {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        if let (Ok(n), Ok(v)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            r.headers_mut().append(n, v);
        }
    }
    r
}

/// The provider's error shape for a request that could not be read at all.
fn error_reply(
    state: &State,
    status: StatusCode,
    message: &str,
    kazepay: Option<(&str, &str)>,
) -> Reply {
    // A request head whose apiCode/requestNo cannot be echoed gets the placeholder ones.
    let sealed = state
        .mirror
        .seal_error(None, message, kazepay)
        .or_else(|_| state.mirror.seal_error(None, message, None));
    match sealed {
        Ok(s) => reply(status, s.body, &s.headers),
        Err(e) => reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": e.to_string()}).to_string(),
            &[],
        ),
    }
}

async fn handle(state: Arc<State>, req: Request<Incoming>) -> Reply {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map_or_else(|| path.clone(), |p| p.as_str().to_owned());
    let query = req.uri().query().map(str::to_owned);
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let limited = Limited::new(req.into_body(), state.max_body);
    let collected = tokio::time::timeout(state.timeout, limited.collect()).await;
    let bytes = match collected {
        Err(_) => {
            eprintln!("cardseal serve: {method} {path}: body not received within the timeout");
            return error_reply(&state, StatusCode::REQUEST_TIMEOUT, "request timeout", None);
        }
        Ok(Err(e)) => {
            let too_big = e
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            eprintln!("cardseal serve: {method} {path}: body refused: {e}");
            return if too_big {
                error_reply(
                    &state,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "request body too large",
                    None,
                )
            } else {
                error_reply(
                    &state,
                    StatusCode::BAD_REQUEST,
                    "request body incomplete",
                    None,
                )
            };
        }
        Ok(Ok(c)) => c.to_bytes(),
    };
    let Ok(body) = String::from_utf8(bytes.to_vec()) else {
        eprintln!("cardseal serve: {method} {path}: body is not UTF-8");
        return error_reply(&state, StatusCode::OK, "body is not UTF-8", None);
    };
    if path == NOTIFY_PATH {
        return notify(&state, &method, &body, query.as_deref()).await;
    }
    let kazepay = kazepay_head(&body);
    let kz = kazepay.as_ref().map(|(a, r)| (a.as_str(), r.as_str()));
    let received = Received {
        body: &body,
        headers: &headers,
        method: method.as_str(),
        path: Some(match state.provider {
            Provider::Upay => path_and_query.as_str(),
            _ => path.as_str(),
        }),
    };
    match state.mirror.open_request(&received) {
        Ok(opened) => {
            let (payload, error) = match state.scenario.get(&path) {
                Some(Scenario::Payload(p)) => (p.clone(), None),
                Some(Scenario::Error { code, message }) => (String::new(), Some((code, message))),
                None => (
                    format!(
                        "{{\"received\":{},\"path\":{}}}",
                        raw_json(&opened),
                        Value::String(path.clone())
                    ),
                    None,
                ),
            };
            let sealed = match error {
                Some((code, message)) => state.mirror.seal_error(Some(code), message, kz),
                None => {
                    let encrypt = serde_json::from_str::<Value>(&body)
                        .ok()
                        .is_some_and(|d| d.get("payload").is_some());
                    state.mirror.seal_response(&payload, encrypt, kz)
                }
            };
            match sealed {
                Ok(s) => {
                    eprintln!("cardseal serve: {method} {path}: ok");
                    reply(StatusCode::OK, s.body, &s.headers)
                }
                Err(e) => {
                    eprintln!("cardseal serve: {method} {path}: cannot seal the answer: {e}");
                    error_reply(
                        &state,
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "cannot seal the answer",
                        kz,
                    )
                }
            }
        }
        Err(e) => {
            let env = cardseal_os::env();
            let why = explain(
                state.provider,
                &state.keys,
                &env,
                Side::Provider,
                false,
                &received,
                None,
            )
            .map_or_else(|m| json!({"error": m}), |x| x.json);
            eprintln!("cardseal serve: {method} {path}: refused: {e}\n  trace: {why}");
            error_reply(&state, StatusCode::OK, &e.to_string(), kz)
        }
    }
}

/// JSON text as is when it is JSON (`null` when empty), else as a JSON string.
fn raw_json(text: &str) -> String {
    let text = text.trim_end();
    if text.trim().is_empty() {
        "null".to_owned()
    } else if serde_json::from_str::<Value>(text).is_ok() {
        text.to_owned()
    } else {
        Value::String(text.to_owned()).to_string()
    }
}

/// KazePay's `(head.apiCode, head.requestNo)` of a request, for the answer.
fn kazepay_head(body: &str) -> Option<(String, String)> {
    let doc: Value = serde_json::from_str(body).ok()?;
    let head = doc.get("head")?;
    let api = head.get("apiCode")?.as_str()?.to_owned();
    let no = head.get("requestNo")?.as_str()?.to_owned();
    Some((api, no))
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    query?
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

async fn notify(state: &State, method: &Method, payload: &str, query: Option<&str>) -> Reply {
    let answer = |status: StatusCode, v: Value| reply(status, v.to_string(), &[]);
    if method != Method::POST {
        return answer(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"error": "POST a payload to trigger a notification"}),
        );
    }
    let Some(url) = &state.notify else {
        return answer(
            StatusCode::BAD_REQUEST,
            json!({"error": "no --notify-url was given"}),
        );
    };
    let api_code = query_param(query, "api_code");
    let sealed = match state.mirror.seal_notification(payload, api_code.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            return answer(
                StatusCode::BAD_REQUEST,
                json!({"error": format!("cannot seal the notification: {e}")}),
            );
        }
    };
    match deliver(url, &sealed.body, &sealed.headers, state.timeout).await {
        Ok((status, body)) => {
            eprintln!("cardseal serve: notification delivered to {url}: HTTP {status}");
            answer(
                StatusCode::OK,
                json!({"delivered": true, "status": status, "response": body}),
            )
        }
        Err(e) => {
            eprintln!("cardseal serve: notification to {url} failed: {e}");
            answer(
                StatusCode::BAD_GATEWAY,
                json!({"delivered": false, "error": e}),
            )
        }
    }
}

/// POSTs `body` with `headers` to `url` (HTTP/1.1); the status and (capped) answer.
async fn deliver(
    url: &Uri,
    body: &str,
    headers: &[(String, String)],
    timeout: Duration,
) -> Result<(u16, String), String> {
    let host = url.host().unwrap_or("127.0.0.1").trim_matches(['[', ']']);
    let port = url.port_u16().unwrap_or(80);
    let authority = url
        .authority()
        .map_or_else(|| format!("{host}:{port}"), |a| a.as_str().to_owned());
    let work = async {
        let stream = TcpStream::connect((host, port))
            .await
            .map_err(|e| format!("connect: {e}"))?;
        let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(conn);
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(url.path_and_query().map_or("/", |p| p.as_str()))
            .header(HOST, authority)
            .header(CONTENT_TYPE, "application/json;charset=UTF-8");
        for (name, value) in headers {
            if !name.eq_ignore_ascii_case("content-type") {
                req = req.header(name.as_str(), value.as_str());
            }
        }
        let req = req
            .body(Full::new(Bytes::from(body.to_owned())))
            .map_err(|e| format!("request: {e}"))?;
        let resp = sender
            .send_request(req)
            .await
            .map_err(|e| format!("send: {e}"))?;
        let status = resp.status().as_u16();
        let answer = Limited::new(resp.into_body(), 1 << 20)
            .collect()
            .await
            .map_err(|e| format!("answer: {e}"))?
            .to_bytes();
        Ok((status, String::from_utf8_lossy(&answer).into_owned()))
    };
    tokio::time::timeout(timeout, work)
        .await
        .map_err(|_| "timed out".to_owned())?
}
