//! Failure explanations: a redacted report of a received message that did not open
//! ([`Merchant::explain_response`](super::Merchant::explain_response),
//! [`Merchant::explain_notification`](super::Merchant::explain_notification),
//! [`Mirror::explain_request`](super::Mirror::explain_request)).
//!
//! A report names the outcome, which check failed, and — where the provider signs a
//! string built from values the sender transmits in the clear (HyperCard requests and
//! push events, UPay's unencrypted requests, ASINX requests) — the string to sign as
//! cardseal builds it, its SHA-256, the values received, and, given the string the other
//! side says it signed, the first differing byte.
//!
//! Not an oracle:
//! - a message whose payload is encrypted (every ASINX, Paytend and KazePay envelope,
//!   UPay JWEs) gets the uniform error and nothing else, whatever failed: no step of a
//!   decryption, padding or tag is ever reported;
//! - no value computed with a secret is shown: not the MAC or `sign` cardseal expects
//!   (that would let anyone who sees reports forge messages), not the secret, not a key;
//! - the signature check of HyperCard, which uses only public keys, is reported as a
//!   yes/no.

use super::{Received, header};
use crate::canonical::json;
use crate::error::{Error, ErrorKind, Result};
use crate::hazmat::digest;
use crate::hazmat::encoding;

/// A redacted report of one received message (see the [module docs](self)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The provider (`asinx`, `paytend`, `hypercard`, `upay`, `kazepay`).
    pub provider: &'static str,
    /// Who received it: `merchant` or `provider`.
    pub side: &'static str,
    /// What it is: `request`, `response` or `notification`.
    pub message: &'static str,
    /// Why it did not open; `None` when every check passed.
    pub error: Option<Error>,
    /// The check that failed, in words (`None` when it opened, or for an encrypted message).
    pub failed_check: Option<String>,
    /// The intermediate values, in order (empty for an encrypted message).
    pub steps: Vec<(String, String)>,
    /// The comparison with the string the other side says it signed, when one was given
    /// and cardseal has a string to compare.
    pub their_string: Option<Difference>,
}

/// The first difference between cardseal's string to sign and theirs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The strings are the same bytes.
    pub identical: bool,
    /// The byte offset of the first difference (`None` when identical).
    pub byte_offset: Option<usize>,
    /// The length of cardseal's string, in bytes.
    pub ours_len: usize,
    /// The length of theirs, in bytes.
    pub theirs_len: usize,
    /// Up to 24 bytes either side of the difference in cardseal's string.
    pub ours_context: String,
    /// The same window of theirs.
    pub theirs_context: String,
}

/// What a provider shows of a received message signed over values sent in the clear.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignedString {
    /// The string to sign, as cardseal builds it from the received values.
    pub string: String,
    /// Further values (received headers, verification result), in order.
    pub steps: Vec<(String, String)>,
}

impl SignedString {
    /// A string to sign with no further steps yet.
    pub fn new(string: String) -> SignedString {
        SignedString {
            string,
            steps: Vec::new(),
        }
    }

    /// Adds a step.
    pub fn step(mut self, name: &str, value: impl Into<String>) -> SignedString {
        self.steps.push((name.to_owned(), value.into()));
        self
    }

    /// Adds the received value of header `name` (or `<missing>`) as step `received_<name>`.
    pub fn received(self, received: &Received<'_>, name: &str) -> SignedString {
        let value = header(received.headers, name).unwrap_or("<missing>");
        self.step(&format!("received_{name}"), value)
    }
}

/// Which message of which side a report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subject {
    /// The provider's lowercase name.
    pub provider: &'static str,
    /// `merchant` or `provider`.
    pub side: &'static str,
    /// `request`, `response` or `notification`.
    pub message: &'static str,
}

/// Builds the report of a message opened with `outcome`: `signed` is what the provider
/// shows of it (`None` for a message with an encrypted payload, or one not signed over a
/// string cardseal can show).
pub fn explanation(
    subject: Subject,
    outcome: Result<String>,
    signed: Option<Result<SignedString>>,
    their_string: Option<&str>,
) -> Explanation {
    let error = outcome.err();
    let mut report = Explanation {
        provider: subject.provider,
        side: subject.side,
        message: subject.message,
        failed_check: error.as_ref().map(failed_check),
        error,
        steps: Vec::new(),
        their_string: None,
    };
    let encrypted = signed.is_none()
        || report
            .error
            .as_ref()
            .is_some_and(|e| e.kind() == ErrorKind::DecryptionFailed);
    if encrypted {
        if report.error.is_some() {
            // The uniform error, nothing else.
            report.failed_check = None;
        }
        return report;
    }
    match signed {
        Some(Ok(s)) => {
            let sha256 = encoding::hex_encode(&digest::sha256(s.string.as_bytes()));
            report.their_string = their_string.map(|theirs| difference(&s.string, theirs));
            report.steps.push((STRING_TO_SIGN.into(), s.string));
            report.steps.push((STRING_TO_SIGN_SHA256.into(), sha256));
            report.steps.extend(s.steps);
            let unverified = report
                .steps
                .iter()
                .any(|(n, v)| n == "signature_verifies_over_this_string" && v == "false");
            if unverified && report.failed_check.as_deref() == Some("signature does not match") {
                report.failed_check = Some(
                    "signature: SHA256withRSA does not verify over the string to sign with the \
                     sender's public key"
                        .into(),
                );
            }
        }
        Some(Err(e)) => {
            report
                .steps
                .push((STRING_TO_SIGN.into(), format!("<not built: {e}>")));
        }
        None => {}
    }
    report
}

/// Which check an error says failed, in words.
fn failed_check(e: &Error) -> String {
    match e {
        Error::SignatureMismatch { what } => format!("{what} does not match"),
        Error::InvalidInput { field, reason } => format!("{field}: {reason}"),
        Error::Expired { .. } => "timestamp outside the accepted window".into(),
        Error::ProviderError { .. } => "the provider answered with an error code".into(),
        Error::InvalidKey { .. } => "a key is invalid".into(),
        _ => e.kind().as_str().into(),
    }
}

/// The first difference between `ours` and `theirs` (bytes).
pub fn difference(ours: &str, theirs: &str) -> Difference {
    let (a, b) = (ours.as_bytes(), theirs.as_bytes());
    let first = a.iter().zip(b).position(|(x, y)| x != y);
    let at = match first {
        Some(i) => Some(i),
        None if a.len() == b.len() => None,
        None => Some(a.len().min(b.len())),
    };
    let window = |s: &[u8]| match at {
        Some(at) => {
            let from = at.saturating_sub(24);
            let to = at.saturating_add(24).min(s.len());
            String::from_utf8_lossy(s.get(from..to).unwrap_or_default()).into_owned()
        }
        None => String::new(),
    };
    Difference {
        identical: at.is_none(),
        byte_offset: at,
        ours_len: a.len(),
        theirs_len: b.len(),
        ours_context: window(a),
        theirs_context: window(b),
    }
}

/// The step holding the string to sign (`<not built: …>` when it could not be built).
const STRING_TO_SIGN: &str = "string_to_sign";
/// The step holding its SHA-256, present exactly when the string was built.
const STRING_TO_SIGN_SHA256: &str = "string_to_sign_sha256";

impl Explanation {
    /// The string cardseal signs for this message, where the scheme signs one it can show
    /// (read from the steps).
    pub fn string_to_sign(&self) -> Option<&str> {
        let step = |name: &str| self.steps.iter().find(|(n, _)| n == name);
        step(STRING_TO_SIGN_SHA256)?;
        step(STRING_TO_SIGN).map(|(_, v)| v.as_str())
    }

    /// Whether every check passed.
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }

    /// The report as a JSON object (the shape `cardseal explain` prints): `provider`,
    /// `side`, `message`, `ok`, then `result` or `error` (`kind`, `message`) and
    /// `failed_check`, `steps` (an object, in order), `string_to_sign`, `their_string`.
    pub fn to_json(&self) -> String {
        let mut w = JsonObject::default();
        w.string("provider", self.provider)
            .string("side", self.side)
            .string("message", self.message)
            .raw("ok", if self.ok() { "true" } else { "false" });
        match &self.error {
            None => {
                w.string("result", "every check passed");
            }
            Some(e) => {
                let mut inner = JsonObject::default();
                inner
                    .string("kind", e.kind().as_str())
                    .string("message", &e.to_string());
                w.raw("error", &inner.finish());
            }
        }
        if let Some(f) = &self.failed_check {
            w.string("failed_check", f);
        }
        if !self.steps.is_empty() {
            let mut steps = JsonObject::default();
            for (name, value) in &self.steps {
                steps.string(name, value);
            }
            w.raw("steps", &steps.finish());
        }
        if let Some(d) = &self.their_string {
            let mut diff = JsonObject::default();
            diff.raw("identical", if d.identical { "true" } else { "false" });
            if let Some(at) = d.byte_offset {
                diff.raw("byte_offset", &at.to_string())
                    .raw("ours_len", &d.ours_len.to_string())
                    .raw("theirs_len", &d.theirs_len.to_string())
                    .string("ours_context", &d.ours_context)
                    .string("theirs_context", &d.theirs_context);
            }
            w.raw("their_string", &diff.finish());
        }
        w.finish()
    }
}

/// A compact JSON object written member by member.
#[derive(Default)]
struct JsonObject(String);

impl JsonObject {
    fn name(&mut self, name: &str) {
        self.0.push(if self.0.is_empty() { '{' } else { ',' });
        json::write_string(name, &mut self.0);
        self.0.push(':');
    }

    fn string(&mut self, name: &str, value: &str) -> &mut Self {
        self.name(name);
        json::write_string(value, &mut self.0);
        self
    }

    fn raw(&mut self, name: &str, json_text: &str) -> &mut Self {
        self.name(name);
        self.0.push_str(json_text);
        self
    }

    fn finish(mut self) -> String {
        if self.0.is_empty() {
            self.0.push('{');
        }
        self.0.push('}');
        self.0
    }
}
