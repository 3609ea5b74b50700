//! The provider API every scheme implements: a [`Received`] message for everything a
//! side opens, and two traits, [`Merchant`] (the integrator's client) and [`Mirror`] (a
//! stand-in for the provider). Code that works with any provider — the CLI, `cardseal
//! serve`, the bindings — is written once against these; what differs between providers
//! (ASINX's and UPay's path, KazePay's `apiCode`, UPay's encryption switch) is each
//! provider's own [`Merchant::Request`], [`Mirror::Response`] and
//! [`Mirror::Notification`] type.
//!
//! The providers' inherent methods stay: they are the same operations with positional
//! arguments, and the provider-specific extras (Paytend's notification types, KazePay's
//! file upload, HyperCard's card details) exist only there.
//!
//! | provider | `Request` | `Response` | `Notification` | error `code` |
//! |---|---|---|---|---|
//! | ASINX | [`AsinxRequest`](super::asinx::AsinxRequest) (path, uId) | `()` | `()` | an integer |
//! | Paytend | [`PaytendRequest`](super::paytend::PaytendRequest) (requestId, encryption) | `()` | `()` | text |
//! | HyperCard | [`HyperCardRequestOptions`](super::hypercard::HyperCardRequestOptions) | `()` | `()` | text |
//! | UPay | [`UPayRequest`](super::upay::UPayRequest) (method, path, options) | [`UPayResponse`](super::upay::UPayResponse) (encrypt) | `()` | text (an integer is sent as a number) |
//! | KazePay | [`KazePayRequest`](super::kazepay::KazePayRequest) (apiCode, requestNo) | [`KazePayExchange`](super::kazepay::KazePayExchange) (apiCode, requestNo) | [`KazePayNotification`](super::kazepay::KazePayNotification) (apiCode) | text |

use std::fmt;

use super::explain::{Explanation, SignedString, Subject, explanation};
use super::{Headers, Sealed};
use crate::error::Result;

/// A message as it arrived over HTTP, for the side that opens it: a merchant opening a
/// response or a webhook, or a mirror opening a request.
///
/// `Debug` shows the method, the path and the sizes, never the body (which may carry
/// card data) or the header values (which carry signatures and API keys).
#[derive(Clone, Copy)]
pub struct Received<'a> {
    /// The HTTP method (`POST` for [`Received::new`]). Signed by UPay requests.
    pub method: &'a str,
    /// The request path without the query, when known. ASINX and UPay requests sign it;
    /// the other providers ignore it.
    pub path: Option<&'a str>,
    /// The headers as received (names in any case).
    pub headers: &'a Headers,
    /// The body text, exactly as received.
    pub body: &'a str,
}

impl<'a> Received<'a> {
    /// A `POST` with `body` and `headers` and no known path (responses, webhooks, and
    /// requests of the providers that do not sign the path).
    pub fn new(body: &'a str, headers: &'a Headers) -> Received<'a> {
        Received {
            method: "POST",
            path: None,
            headers,
            body,
        }
    }

    /// The same message, sent with `method` to `path`.
    pub fn to(self, method: &'a str, path: &'a str) -> Received<'a> {
        Received {
            method,
            path: Some(path),
            ..self
        }
    }

    /// The same message with the method and path a caller may or may not know (the
    /// bindings' optional arguments): `method` default `POST`, `path` default unknown.
    pub fn at(self, method: Option<&'a str>, path: Option<&'a str>) -> Received<'a> {
        Received {
            method: method.unwrap_or("POST"),
            path,
            ..self
        }
    }
}

impl fmt::Debug for Received<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Received")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("header_names", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The merchant (integrator) side of a provider: seals requests, opens responses and
/// webhooks.
pub trait Merchant {
    /// The provider's lowercase name (`asinx`, `paytend`, `hypercard`, `upay`, `kazepay`).
    const PROVIDER: &'static str;

    /// What a request needs besides its payload (path, method, `apiCode`, options).
    type Request<'a>;

    /// Seals a request carrying `payload_json` (JSON text, used byte for byte where the
    /// provider signs or encrypts it as sent).
    fn seal_request(&self, request: &Self::Request<'_>, payload_json: &str) -> Result<Sealed>;

    /// Opens a response to one of our requests: the business payload as JSON text, or
    /// [`Error::ProviderError`](crate::Error::ProviderError) when the provider answered
    /// with a failure.
    fn open_response(&self, received: &Received<'_>) -> Result<String>;

    /// Opens a webhook: its payload as JSON text. `now_ms` (Unix milliseconds) is the
    /// instant the age window is checked against; `None` reads the client's
    /// [`Env`](crate::Env) clock. Providers whose webhooks carry no signed time ignore it.
    fn open_notification(&self, received: &Received<'_>, now_ms: Option<i64>) -> Result<String>;

    /// What this provider shows of a received response (`notification` false) or webhook
    /// (`true`) when it is signed over a string built from values sent in the clear;
    /// `None` (the default) when its payload is encrypted or it is not signed so.
    fn signed_string(
        &self,
        notification: bool,
        received: &Received<'_>,
    ) -> Option<Result<SignedString>> {
        let _ = (notification, received);
        None
    }

    /// A redacted report of a response: what failed, and the string to sign where the
    /// scheme signs one in the clear, compared with `their_string` (see
    /// [`explain`](super::explain)).
    fn explain_response(&self, received: &Received<'_>, their_string: Option<&str>) -> Explanation {
        let subject = Subject {
            provider: Self::PROVIDER,
            side: "merchant",
            message: "response",
        };
        let outcome = self.open_response(received);
        explanation(
            subject,
            outcome,
            self.signed_string(false, received),
            their_string,
        )
    }

    /// A redacted report of a webhook, checked at `now_ms` (see
    /// [`Merchant::explain_response`]).
    fn explain_notification(
        &self,
        received: &Received<'_>,
        now_ms: Option<i64>,
        their_string: Option<&str>,
    ) -> Explanation {
        let subject = Subject {
            provider: Self::PROVIDER,
            side: "merchant",
            message: "notification",
        };
        let outcome = self.open_notification(received, now_ms);
        explanation(
            subject,
            outcome,
            self.signed_string(true, received),
            their_string,
        )
    }
}

/// The provider side (a mirror of the provider, for tests and local stand-ins): opens
/// requests, seals responses, error responses and webhooks.
pub trait Mirror {
    /// The provider's lowercase name.
    const PROVIDER: &'static str;

    /// What a response needs from the request it answers (KazePay's `apiCode` and
    /// `requestNo`, UPay's encryption switch); `()` when nothing.
    type Response<'a>;
    /// What a webhook needs besides its payload (KazePay's `apiCode`); `()` when nothing.
    type Notification<'a>;

    /// Verifies (and decrypts) a request as the provider does: its payload as JSON text.
    fn open_request(&self, received: &Received<'_>) -> Result<String>;

    /// What this provider shows of a received request signed over a string built from
    /// values sent in the clear; `None` (the default) otherwise.
    fn signed_string(&self, received: &Received<'_>) -> Option<Result<SignedString>> {
        let _ = received;
        None
    }

    /// A redacted report of a request: what failed, and the string to sign where the
    /// scheme signs one in the clear, compared with `their_string` (see
    /// [`explain`](super::explain)).
    fn explain_request(&self, received: &Received<'_>, their_string: Option<&str>) -> Explanation {
        let subject = Subject {
            provider: Self::PROVIDER,
            side: "provider",
            message: "request",
        };
        let outcome = self.open_request(received);
        explanation(subject, outcome, self.signed_string(received), their_string)
    }

    /// Seals a success response carrying `payload_json`.
    fn seal_response(&self, response: &Self::Response<'_>, payload_json: &str) -> Result<Sealed>;

    /// Seals the provider's failure response with its `code` and `message`, in the
    /// provider's own error shape.
    fn seal_error_response(
        &self,
        response: &Self::Response<'_>,
        code: &str,
        message: &str,
    ) -> Result<Sealed>;

    /// Seals a webhook carrying `payload_json`.
    fn seal_notification(
        &self,
        notification: &Self::Notification<'_>,
        payload_json: &str,
    ) -> Result<Sealed>;
}
