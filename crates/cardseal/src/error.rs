//! The one error type of cardseal.
//!
//! Every failure is one of six kinds ([`ErrorKind`]), the same in every language binding.
//! Messages say which field and what was wrong; they never contain secret material
//! (keys, key text, plaintext of decrypted data).

use std::fmt;

/// Result alias used throughout cardseal.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every error cardseal reports.
///
/// Decryption failures are deliberately uniform ([`Error::DecryptionFailed`] carries no
/// detail): telling a bad padding from a bad key or a bad tag would make an oracle.
#[non_exhaustive]
#[derive(Clone, PartialEq, Eq)]
pub enum Error {
    /// A key could not be parsed or used: malformed PEM/DER, wrong type, too small,
    /// wrong length for the algorithm. `reason` names what was seen.
    InvalidKey {
        /// What kind of problem (a closed set, the same in every language).
        problem: KeyProblem,
        /// What was wrong with the key (never contains key material).
        reason: String,
    },
    /// Input that is not what the scheme expects: bad JSON, bad base64/hex, missing field,
    /// over-size input.
    InvalidInput {
        /// The field (or parameter) that was wrong, e.g. `"result"` or `"body.encrypt"`.
        field: String,
        /// What was wrong with it.
        reason: String,
    },
    /// A signature, MAC or digest did not verify, or an identity the message carries is
    /// not ours.
    SignatureMismatch {
        /// What was being verified ([`Check::as_str`]: `"sign header"`, `"signature"`, ...).
        what: Check,
    },
    /// Decryption failed: bad padding, wrong key, bad tag, truncated or tampered
    /// ciphertext. Deliberately carries no detail.
    DecryptionFailed,
    /// The provider answered with a failure code (e.g. Paytend `respCode != "00"`,
    /// ASINX `success=false`).
    ProviderError {
        /// The provider's code, as sent.
        code: String,
        /// The provider's message, as sent.
        message: String,
        /// The payload the provider sent along with the failure, opened (decrypted and,
        /// where the scheme signs it, verified) as JSON text: ASINX can carry error details
        /// in an encrypted `result`. `None` when there was none, or it did not open.
        result: Option<String>,
    },
    /// A signed timestamp is outside the accepted window.
    Expired {
        /// The timestamp carried by the message (Unix milliseconds).
        timestamp_ms: i64,
        /// The time it was checked against (Unix milliseconds).
        now_ms: i64,
        /// The accepted window, in milliseconds.
        max_age_ms: i64,
    },
    /// The environment could not provide what an operation needs: the operating system's
    /// random source failed, or the clock is outside the range a scheme can write. Not
    /// the caller's input and not the message: retrying later may work.
    Unavailable {
        /// What was unavailable.
        resource: Resource,
        /// What went wrong (never secret).
        reason: String,
    },
}

/// What an [`Error::InvalidKey`] says was wrong with a key or secret.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyProblem {
    /// Not a key: bad PEM, DER, base64 or hex, an empty text.
    Malformed,
    /// A key of a kind cardseal does not take: not RSA, encrypted, OpenSSH, multi-prime,
    /// a public key where a private one is needed (or the reverse).
    Unsupported,
    /// The wrong size: RSA bits outside 1024..=8192 (or under a provider's minimum), an
    /// AES key or CEK of the wrong length, an empty or short secret.
    Size,
    /// A key whose parts do not agree (modulus and primes, an even public exponent).
    Inconsistent,
    /// The crypto backend refused to use or encode the key.
    Rejected,
}

impl KeyProblem {
    /// `"malformed"`, `"unsupported"`, `"size"`, `"inconsistent"` or `"rejected"`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyProblem::Malformed => "malformed",
            KeyProblem::Unsupported => "unsupported",
            KeyProblem::Size => "size",
            KeyProblem::Inconsistent => "inconsistent",
            KeyProblem::Rejected => "rejected",
        }
    }
}

/// What a [`Error::SignatureMismatch`] says did not verify: a closed set, the same in
/// every language (its [`Check::as_str`] is the text the bindings show).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Check {
    /// An RSA signature (Paytend `signature`, HyperCard `signature`, `hazmat` RSA).
    Signature,
    /// An HMAC tag (`hazmat` HMAC-SHA256).
    Hmac,
    /// ASINX's `sign` header.
    SignHeader,
    /// ASINX's `appId`: not ours.
    AppId,
    /// Paytend's `partnerId`: not ours.
    PartnerId,
    /// HyperCard's `api-key` header: not ours.
    ApiKey,
    /// KazePay's `head.sign` (and, in the sign-then-encrypt profile, every failure after
    /// the public checks: one kind, no padding oracle).
    HeadSign,
    /// UPay's `X-UPA-SIGN` HMAC.
    UpaSign,
    /// UPay's `X-UPA-APIKEY` header: not ours.
    UpaApiKey,
}

impl Check {
    /// The name shown in messages (`"sign header"`, `"X-UPA-SIGN"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Signature => "signature",
            Check::Hmac => "hmac",
            Check::SignHeader => "sign header",
            Check::AppId => "appId",
            Check::PartnerId => "partnerId",
            Check::ApiKey => "api-key",
            Check::HeadSign => "head.sign",
            Check::UpaSign => "X-UPA-SIGN",
            Check::UpaApiKey => "X-UPA-APIKEY",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Check {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// What an [`Error::Unavailable`] could not have.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    /// The operating system's random source (or an `Entropy` that keeps failing).
    Entropy,
    /// The clock (a time a scheme cannot write, e.g. before year 0000 or after 9999).
    Clock,
}

impl Resource {
    /// `"entropy"` or `"clock"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Entropy => "entropy",
            Resource::Clock => "clock",
        }
    }
}

/// The kind of an [`Error`], stable across languages.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// See [`Error::InvalidKey`].
    InvalidKey,
    /// See [`Error::InvalidInput`].
    InvalidInput,
    /// See [`Error::SignatureMismatch`].
    SignatureMismatch,
    /// See [`Error::DecryptionFailed`].
    DecryptionFailed,
    /// See [`Error::ProviderError`].
    ProviderError,
    /// See [`Error::Expired`].
    Expired,
    /// See [`Error::Unavailable`].
    Unavailable,
}

impl ErrorKind {
    /// Every kind, in a fixed order.
    pub const ALL: [ErrorKind; 7] = [
        ErrorKind::InvalidKey,
        ErrorKind::InvalidInput,
        ErrorKind::SignatureMismatch,
        ErrorKind::DecryptionFailed,
        ErrorKind::ProviderError,
        ErrorKind::Expired,
        ErrorKind::Unavailable,
    ];

    /// The machine-readable name used by the Python binding's `.kind`
    /// (`"invalid_key"`, `"invalid_input"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidKey => "invalid_key",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::SignatureMismatch => "signature_mismatch",
            ErrorKind::DecryptionFailed => "decryption_failed",
            ErrorKind::ProviderError => "provider_error",
            ErrorKind::Expired => "expired",
            ErrorKind::Unavailable => "unavailable",
        }
    }

    /// The class/type name used by the bindings (`"InvalidKey"`, ...).
    pub fn type_name(self) -> &'static str {
        match self {
            ErrorKind::InvalidKey => "InvalidKey",
            ErrorKind::InvalidInput => "InvalidInput",
            ErrorKind::SignatureMismatch => "SignatureMismatch",
            ErrorKind::DecryptionFailed => "DecryptionFailed",
            ErrorKind::ProviderError => "ProviderError",
            ErrorKind::Expired => "Expired",
            ErrorKind::Unavailable => "Unavailable",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidKey { .. } => ErrorKind::InvalidKey,
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
            Error::SignatureMismatch { .. } => ErrorKind::SignatureMismatch,
            Error::DecryptionFailed => ErrorKind::DecryptionFailed,
            Error::ProviderError { .. } => ErrorKind::ProviderError,
            Error::Expired { .. } => ErrorKind::Expired,
            Error::Unavailable { .. } => ErrorKind::Unavailable,
        }
    }

    /// An [`Error::InvalidKey`] of [`KeyProblem::Malformed`] (the text or bytes are not a
    /// key).
    pub fn invalid_key(reason: impl Into<String>) -> Self {
        Error::key(KeyProblem::Malformed, reason)
    }

    /// An [`Error::InvalidKey`] with its problem.
    pub fn key(problem: KeyProblem, reason: impl Into<String>) -> Self {
        Error::InvalidKey {
            problem,
            reason: reason.into(),
        }
    }

    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid_input(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// Shorthand for [`Error::SignatureMismatch`].
    pub fn signature_mismatch(what: Check) -> Self {
        Error::SignatureMismatch { what }
    }

    /// Shorthand for [`Error::Unavailable`].
    pub fn unavailable(resource: Resource, reason: impl Into<String>) -> Self {
        Error::Unavailable {
            resource,
            reason: reason.into(),
        }
    }

    /// Re-labels an [`Error::InvalidInput`] with the caller's field name (primitives say
    /// `"base64"` or `"hex"`; a provider knows the input was, say, `"result"`). Other kinds
    /// pass through unchanged.
    pub fn in_field(self, field: &str) -> Self {
        match self {
            Error::InvalidInput {
                field: inner,
                reason,
            } => {
                let reason = if inner.is_empty() || inner == field {
                    reason
                } else {
                    format!("{inner}: {reason}")
                };
                Error::InvalidInput {
                    field: field.to_owned(),
                    reason,
                }
            }
            other => other,
        }
    }
}

/// How an error message shows a value taken from the input: quoted when it is a short
/// token (at most 15 characters of ASCII letters, digits, `.`, `_`, `-`, `+`), which can
/// hold no 16-character run of a key or secret; otherwise only its length, so that no
/// error ever echoes key material, secrets or other data the input carried.
pub(crate) fn shown(value: &str) -> String {
    let short_token = !value.is_empty()
        && value.len() <= 15
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+'));
    if short_token {
        format!("\"{value}\"")
    } else {
        format!(
            "a value of {} characters (not shown)",
            value.chars().count()
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidKey { reason, .. } => write!(f, "invalid key: {reason}"),
            Error::InvalidInput { field, reason } => {
                write!(f, "invalid input in `{field}`: {reason}")
            }
            Error::SignatureMismatch { what } => {
                write!(f, "signature mismatch: {what} does not verify")
            }
            Error::DecryptionFailed => f.write_str("decryption failed"),
            Error::ProviderError { code, message, .. } => {
                write!(f, "provider error {code}: {message}")
            }
            Error::Expired {
                timestamp_ms,
                now_ms,
                max_age_ms,
            } => write!(
                f,
                "expired: timestamp {timestamp_ms} ms is more than {max_age_ms} ms away from now ({now_ms} ms)"
            ),
            Error::Unavailable { resource, reason } => {
                write!(f, "unavailable: {}: {reason}", resource.as_str())
            }
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error::{}({self})", self.kind().type_name())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_field_relabels_invalid_input_only() {
        let e = Error::invalid_input("base64", "invalid character at offset 3").in_field("result");
        assert_eq!(
            e,
            Error::InvalidInput {
                field: "result".into(),
                reason: "base64: invalid character at offset 3".into()
            }
        );
        assert_eq!(
            Error::DecryptionFailed.in_field("result"),
            Error::DecryptionFailed
        );
    }

    #[test]
    fn shown_quotes_short_tokens_only() {
        assert_eq!(shown("A256GCM"), "\"A256GCM\"");
        assert_eq!(shown("RSA-OAEP-256"), "\"RSA-OAEP-256\"");
        assert_eq!(
            shown("MIIEvQIBADANBgkq"),
            "a value of 16 characters (not shown)"
        );
        assert_eq!(shown("a b"), "a value of 3 characters (not shown)");
        assert_eq!(shown(""), "a value of 0 characters (not shown)");
    }

    #[test]
    fn kinds_have_distinct_stable_names() {
        let names: std::collections::HashSet<_> =
            ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), 7);
        assert_eq!(Error::DecryptionFailed.to_string(), "decryption failed");
    }
}
