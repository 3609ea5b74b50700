//! `cardseal serve` as an integration points at it: sealed requests from the core merchant
//! client built from `cardseal sandbox`, responses opened, webhooks delivered to a receiver
//! in the test, and bad input that must get the provider's error shape without stopping the
//! server. Everything on loopback.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use cardseal::providers::Sealed;
use cardseal::providers::asinx::Asinx;
use cardseal::providers::hypercard::{HyperCard, HyperCardRequestOptions};
use cardseal::providers::kazepay::{KazePay, KazePayProfile};
use cardseal::providers::paytend::Paytend;
use cardseal::providers::upay::{UPay, UPayRequestOptions};
use cardseal::{Env, ErrorKind, keys};
use serde_json::Value;

const PROVIDERS: [&str; 5] = ["asinx", "paytend", "hypercard", "upay", "kazepay"];

/// A running `cardseal serve`, stopped (SIGTERM, by its pid) when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(provider: &str, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cardseal"))
            .args(["serve", provider, "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("listening on http://127.0.0.1:")
            .unwrap_or_else(|| panic!("first line: {line:?}"))
            .parse()
            .unwrap();
        Server { child, port }
    }

    /// Sends SIGTERM and waits: the exit status of a clean shutdown.
    fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let status = self.child.wait().unwrap();
        std::mem::forget(self);
        status
    }

    fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
struct Answer {
    status: u16,
    body: String,
}

/// A minimal HTTP/1.1 client: one request, `Connection: close`, the answer read to EOF.
fn send_raw(port: u16, raw: &[u8]) -> Option<Answer> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(raw).ok()?;
    let _ = s.shutdown(std::net::Shutdown::Write);
    let mut out = Vec::new();
    s.read_to_end(&mut out).ok()?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some(Answer {
        status,
        body: body.to_owned(),
    })
}

fn request(method: &str, path: &str, headers: &[(String, String)], body: &[u8]) -> Vec<u8> {
    let mut r = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (n, v) in headers {
        if !n.eq_ignore_ascii_case("content-length") {
            r.push_str(&format!("{n}: {v}\r\n"));
        }
    }
    r.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = r.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn post(port: u16, path: &str, s: &Sealed) -> Answer {
    send_raw(port, &request("POST", path, &s.headers, s.body.as_bytes())).unwrap()
}

fn sandbox(provider: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_cardseal"))
        .args(["sandbox", provider])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The merchant client built from `cardseal sandbox PROVIDER`'s arguments.
enum Client {
    Asinx(Asinx),
    Paytend(Paytend),
    HyperCard(HyperCard),
    UPay(UPay),
    KazePay(KazePay),
}

fn client(provider: &str, args: &Value) -> Client {
    let s = |n: &str| args[n].as_str().unwrap_or_else(|| panic!("no {n}"));
    let env = cardseal_os_env();
    let private = |n: &str| keys::parse_private_key(s(n).as_bytes()).unwrap();
    let public = |n: &str| keys::parse_public_key(s(n).as_bytes()).unwrap();
    match provider {
        "asinx" => Client::Asinx(Asinx::new(s("app_id"), s("app_secret"), env).unwrap()),
        "paytend" => Client::Paytend(
            Paytend::new(
                s("partner_id"),
                private("private_key"),
                public("provider_public_key"),
                env,
            )
            .unwrap(),
        ),
        "hypercard" => Client::HyperCard(
            HyperCard::new(
                s("api_key"),
                private("private_key"),
                public("provider_public_key"),
                env,
            )
            .unwrap(),
        ),
        "upay" => Client::UPay(
            UPay::new(
                s("api_key"),
                s("secret"),
                private("private_key"),
                public("provider_public_key"),
                env,
            )
            .unwrap(),
        ),
        "kazepay" => Client::KazePay(
            KazePay::new(
                s("sys_id"),
                private("private_key"),
                public("provider_public_key"),
                KazePayProfile::default(),
                env,
            )
            .unwrap(),
        ),
        other => panic!("{other}"),
    }
}

fn cardseal_os_env() -> Env {
    // The tests need a real clock (the server checks request windows): seeded entropy,
    // the system time.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    Env::fixed(
        format!("serve-test-{now}").as_bytes(),
        i64::try_from(now).unwrap(),
    )
}

impl Client {
    fn seal(&self, path: &str, payload: &str, encrypt: bool) -> Sealed {
        match self {
            Client::Asinx(c) => c.seal_request(path, payload, None),
            Client::Paytend(c) => c.seal_request(payload, None),
            Client::HyperCard(c) => c.seal_request(payload, HyperCardRequestOptions::default()),
            Client::UPay(c) => c.seal_request(
                "POST",
                path,
                payload,
                &UPayRequestOptions {
                    encrypt,
                    ..UPayRequestOptions::default()
                },
            ),
            Client::KazePay(c) => c.seal_request("cardRecharge", payload, None),
        }
        .unwrap()
    }

    fn open_response(&self, body: &str) -> cardseal::Result<String> {
        match self {
            Client::Asinx(c) => c.open_response(body),
            Client::Paytend(c) => c.open_response(body),
            Client::HyperCard(c) => c.open_response(body),
            Client::UPay(c) => c.open_response(body),
            Client::KazePay(c) => c.open_response(body),
        }
    }

    fn open_notification(
        &self,
        body: &str,
        headers: &[(String, String)],
    ) -> cardseal::Result<String> {
        match self {
            Client::Asinx(c) => c.open_notification(body, headers),
            Client::Paytend(c) => c.open_notification(body, headers),
            Client::HyperCard(c) => c.open_notification(body, headers),
            Client::UPay(c) => c.open_notification(body, headers, None),
            Client::KazePay(c) => c.open_notification(body, headers),
        }
    }
}

/// Sorted compact JSON (ASINX sends its params sorted), numbers as written.
const PAYLOAD: &str = r#"{"amount":5000.00,"cardNo":"5392****1234","holder":"Zoë"}"#;

fn expected(payload: &str, path: &str) -> String {
    format!(r#"{{"received":{payload},"path":"{path}"}}"#)
}

#[test]
fn sealed_requests_of_every_provider_get_sealed_answers_with_what_was_received() {
    for provider in PROVIDERS {
        let server = Server::start(provider, &[]);
        let c = client(provider, &sandbox(provider));
        let path = "/api/v1/card/apply";
        let answer = post(server.port, path, &c.seal(path, PAYLOAD, false));
        assert_eq!(answer.status, 200, "{provider}: {}", answer.body);
        assert_eq!(
            c.open_response(&answer.body).unwrap(),
            expected(PAYLOAD, path),
            "{provider}"
        );
        if provider == "upay" {
            // An encrypted request gets an encrypted answer.
            let answer = post(server.port, path, &c.seal(path, PAYLOAD, true));
            assert!(
                answer.body.contains(r#""data":{"payload":""#),
                "{}",
                answer.body
            );
            assert_eq!(
                c.open_response(&answer.body).unwrap(),
                expected(PAYLOAD, path)
            );
        }
        assert!(
            server.stop().success(),
            "{provider}: SIGTERM is a clean exit"
        );
    }
}

#[test]
fn scenario_file_maps_a_path_to_a_payload_or_a_provider_error() {
    let dir = std::env::temp_dir().join(format!("cardseal-scenario-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("scenario.json");
    std::fs::write(
        &file,
        r#"{"/card/info":{"cardNo":"5392****1234","balance":12.5},
            "/card/freeze":{"error":{"code":"10001","message":"card not found"}}}"#,
    )
    .unwrap();
    for provider in ["hypercard", "paytend"] {
        let server = Server::start(provider, &["--scenario", file.to_str().unwrap()]);
        let c = client(provider, &sandbox(provider));
        let answer = post(
            server.port,
            "/card/info",
            &c.seal("/card/info", PAYLOAD, false),
        );
        assert_eq!(
            c.open_response(&answer.body).unwrap(),
            r#"{"cardNo":"5392****1234","balance":12.5}"#
        );
        let answer = post(
            server.port,
            "/card/freeze",
            &c.seal("/card/freeze", PAYLOAD, false),
        );
        match c.open_response(&answer.body) {
            Err(cardseal::Error::ProviderError { code, message, .. }) => {
                assert_eq!(
                    (code.as_str(), message.as_str()),
                    ("10001", "card not found")
                );
            }
            other => panic!("{provider}: {other:?}"),
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Receives one HTTP request; answers `SUCCESS`. Returns (path, headers, body).
fn receive_one(listener: &TcpListener) -> (String, Vec<(String, String)>, String) {
    let (stream, _) = listener.accept().unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let path = line.split(' ').nth(1).unwrap().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).unwrap();
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (n, v) = h.split_once(':').unwrap();
        headers.push((n.trim().to_owned(), v.trim().to_owned()));
    }
    let len: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.parse().unwrap())
        .unwrap();
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    let mut w = stream;
    w.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nSUCCESS")
        .unwrap();
    (path, headers, String::from_utf8(body).unwrap())
}

#[test]
fn notify_delivers_a_signed_webhook_that_the_merchant_opens() {
    for provider in PROVIDERS {
        let receiver = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://127.0.0.1:{}/hooks/cardseal",
            receiver.local_addr().unwrap().port()
        );
        let server = Server::start(provider, &["--notify-url", &url]);
        let c = client(provider, &sandbox(provider));
        let payload = if provider == "upay" {
            r#"{"event":"card.authorization","trace":"t-1","orderNo":"O-1","timestamp":1774573955994,"detail":"{\"amount\":12.3}"}"#
        } else {
            r#"{"event":"card.transaction","amount":"12.30"}"#
        };
        let port = server.port;
        let trigger = std::thread::spawn(move || {
            send_raw(
                port,
                &request("POST", "/__cardseal/notify", &[], payload.as_bytes()),
            )
            .unwrap()
        });
        let (path, headers, body) = receive_one(&receiver);
        let answer = trigger.join().unwrap();
        assert_eq!(path, "/hooks/cardseal");
        assert_eq!(answer.status, 200, "{provider}: {}", answer.body);
        let report: Value = serde_json::from_str(&answer.body).unwrap();
        assert_eq!(report["delivered"], true);
        assert_eq!(report["status"], 200);
        assert_eq!(report["response"], "SUCCESS");
        let opened = c.open_notification(&body, &headers).unwrap();
        if provider == "upay" {
            // The detail string is returned parsed.
            assert!(opened.contains(r#""detail":{"amount":12.3}"#), "{opened}");
        } else {
            assert_eq!(opened, payload, "{provider}");
        }
        assert!(server.stop().success());
    }
}

/// Whether `body` is the provider's error as its merchant client reads it.
fn is_provider_error(c: &Client, body: &str) -> bool {
    matches!(c.open_response(body), Err(e) if e.kind() == ErrorKind::ProviderError)
}

#[test]
fn garbage_truncated_wrong_keys_and_oversize_get_the_provider_error_and_the_server_goes_on() {
    let other_key = keys::generate_rsa_key_pem(1024, &cardseal_os_env()).unwrap();
    let other_key = other_key.expose();
    for provider in PROVIDERS {
        let mut server = Server::start(provider, &["--max-body", "65536", "--timeout", "5"]);
        let args = sandbox(provider);
        let c = client(provider, &args);
        let path = "/api/v1/card/apply";
        let good = c.seal(path, PAYLOAD, false);

        // Garbage bodies (with the valid headers), bounded.
        let mut seed = 0x2545_f491_u32;
        let mut bodies: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"garbage".to_vec(),
            b"{".to_vec(),
            b"[]".to_vec(),
            b"null".to_vec(),
            vec![0xff, 0xfe, 0x00, 0x80],
            br#"{"head":{"apiCode":"x\"y","requestNo":"\u0000"},"body":{"encrypt":"!!"}}"#.to_vec(),
            br#"{"payload":"a.b.c.d.e"}"#.to_vec(),
        ];
        for n in [1, 7, 64, 300] {
            bodies.push(
                (0..n)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 17;
                        seed ^= seed << 5;
                        seed.to_le_bytes()[0]
                    })
                    .collect(),
            );
        }
        // Truncated sealed bodies.
        let b = good.body.as_bytes();
        for cut in [1, b.len() / 3, b.len() / 2, b.len() - 1] {
            bodies.push(b[..cut].to_vec());
        }
        for body in &bodies {
            let a = send_raw(server.port, &request("POST", path, &good.headers, body)).unwrap();
            assert_eq!(a.status, 200, "{provider}: {body:?}: {}", a.body);
            assert!(
                is_provider_error(&c, &a.body),
                "{provider}: {body:?}: {}",
                a.body
            );
        }
        // No headers at all: refused where the scheme authenticates with headers; Paytend
        // and KazePay carry everything in the body, so the same body still opens.
        let a = send_raw(
            server.port,
            &request("POST", path, &[], good.body.as_bytes()),
        )
        .unwrap();
        if matches!(provider, "paytend" | "kazepay") {
            assert_eq!(c.open_response(&a.body).unwrap(), expected(PAYLOAD, path));
        } else {
            assert!(is_provider_error(&c, &a.body), "{provider}: {}", a.body);
        }

        // Wrong keys: a merchant with another private key (or secret).
        let mut wrong = args.clone();
        match provider {
            "asinx" => wrong["app_secret"] = "00112233445566778899aabbccddeeff".into(),
            "upay" => wrong["secret"] = "another-secret".into(),
            _ => wrong["private_key"] = other_key.into(),
        }
        let w = client(provider, &wrong);
        let a = post(server.port, path, &w.seal(path, PAYLOAD, false));
        assert!(
            is_provider_error(&c, &a.body),
            "{provider}: wrong key: {}",
            a.body
        );

        // Oversize: 413 in the provider's shape.
        let big = vec![b'{'; 70_000];
        let a = send_raw(server.port, &request("POST", path, &good.headers, &big)).unwrap();
        assert_eq!(a.status, 413, "{provider}");
        assert!(is_provider_error(&c, &a.body), "{provider}: {}", a.body);

        // Not HTTP at all, and a body shorter than its Content-Length.
        let _ = send_raw(server.port, b"\x00\x01\x02 NOT HTTP\r\n\r\n");
        let mut short = request("POST", path, &good.headers, good.body.as_bytes());
        short.truncate(short.len() - 10);
        let _ = send_raw(server.port, &short);

        // Still serving.
        assert!(server.running(), "{provider}");
        let a = post(server.port, path, &c.seal(path, PAYLOAD, false));
        assert_eq!(c.open_response(&a.body).unwrap(), expected(PAYLOAD, path));
        assert!(server.stop().success());
    }
}
