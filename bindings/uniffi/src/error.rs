//! The one error type of the binding: `CardsealException` in Kotlin, `CardsealError` in Swift.

use std::fmt;

/// Every error cardseal reports, one case per kind (see `cardseal::ErrorKind`).
///
/// Kotlin: `sealed class CardsealException` with subclasses `InvalidKey`, `InvalidInput`,
/// `SignatureMismatch`, `DecryptionFailed`, `ProviderException`, `Expired`, `Unavailable`. Kotlin's
/// `Throwable.message` is taken, so the text field is called `detail` there (see
/// `uniffi.toml`); `toString()` gives the same text as Rust's `Display`.
/// Swift: `enum CardsealError: Error` with the same cases and a `message` field.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
#[uniffi::export(Display)]
pub enum CardsealError {
    /// A key could not be parsed or used (malformed PEM/DER, wrong type, too small, wrong
    /// length for the algorithm).
    InvalidKey {
        /// What was wrong with the key (never contains key material).
        message: String,
    },
    /// Input that is not what the scheme expects: bad JSON, bad base64/hex, missing field,
    /// over-size input.
    InvalidInput {
        /// The field (or parameter) that was wrong, e.g. `result`.
        field: String,
        /// The full message, naming the field and what was wrong with it.
        message: String,
    },
    /// A signature, MAC or digest did not verify, or an identity the message carries is
    /// not ours.
    SignatureMismatch {
        /// What did not verify, from a closed set (`cardseal::Check::as_str`): `signature`,
        /// `hmac`, `sign header`, `appId`, `partnerId`, `api-key`, `head.sign`,
        /// `X-UPA-SIGN`, `X-UPA-APIKEY`.
        check: String,
        /// The full message, naming what was being verified.
        message: String,
    },
    /// Decryption failed (bad padding, wrong key, bad tag, truncated or tampered
    /// ciphertext). Deliberately uniform: no detail.
    DecryptionFailed {
        /// Always `decryption failed`.
        message: String,
    },
    /// The provider answered with a failure code.
    ProviderError {
        /// The provider's code, as sent.
        code: String,
        /// The provider's message, as sent.
        message: String,
        /// The payload sent along with the failure, opened, as its exact JSON text (ASINX:
        /// an encrypted `result` that opens with the secret); `null`/`nil` when there was
        /// none or it did not open.
        result: Option<String>,
    },
    /// A signed timestamp is outside the accepted window.
    Expired {
        /// The full message.
        message: String,
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
        /// What was unavailable: `entropy` or `clock` (`cardseal::Resource::as_str`).
        resource: String,
        /// The full message (never secret).
        message: String,
    },
}

#[uniffi::export]
impl CardsealError {
    /// The stable machine-readable kind: `invalid_key`, `invalid_input`,
    /// `signature_mismatch`, `decryption_failed`, `provider_error`, `expired` or
    /// `unavailable` (the names
    /// used in `test-vectors/` and by the other bindings).
    pub fn kind(&self) -> String {
        self.kind_str().to_owned()
    }
}

impl CardsealError {
    /// [`CardsealError::kind`] without allocating.
    pub fn kind_str(&self) -> &'static str {
        match self {
            CardsealError::InvalidKey { .. } => "invalid_key",
            CardsealError::InvalidInput { .. } => "invalid_input",
            CardsealError::SignatureMismatch { .. } => "signature_mismatch",
            CardsealError::DecryptionFailed { .. } => "decryption_failed",
            CardsealError::ProviderError { .. } => "provider_error",
            CardsealError::Expired { .. } => "expired",
            CardsealError::Unavailable { .. } => "unavailable",
        }
    }
}

impl fmt::Display for CardsealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CardsealError::ProviderError { code, message, .. } => {
                write!(f, "provider error {code}: {message}")
            }
            CardsealError::InvalidKey { message }
            | CardsealError::InvalidInput { message, .. }
            | CardsealError::SignatureMismatch { message, .. }
            | CardsealError::DecryptionFailed { message }
            | CardsealError::Expired { message, .. }
            | CardsealError::Unavailable { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for CardsealError {}

impl From<cardseal::Error> for CardsealError {
    fn from(e: cardseal::Error) -> Self {
        let message = e.to_string();
        match e {
            cardseal::Error::InvalidKey { .. } => CardsealError::InvalidKey { message },
            cardseal::Error::InvalidInput { field, .. } => {
                CardsealError::InvalidInput { field, message }
            }
            cardseal::Error::SignatureMismatch { what } => CardsealError::SignatureMismatch {
                check: what.as_str().to_owned(),
                message,
            },
            cardseal::Error::DecryptionFailed => CardsealError::DecryptionFailed { message },
            cardseal::Error::ProviderError {
                code,
                message,
                result,
            } => CardsealError::ProviderError {
                code,
                message,
                result,
            },
            cardseal::Error::Expired {
                timestamp_ms,
                now_ms,
                max_age_ms,
            } => CardsealError::Expired {
                message,
                timestamp_ms,
                now_ms,
                max_age_ms,
            },
            cardseal::Error::Unavailable { resource, .. } => CardsealError::Unavailable {
                resource: resource.as_str().to_owned(),
                message,
            },
            // `cardseal::Error` is non-exhaustive; a kind added later must get its own case
            // here. Until then it is reported as bad input rather than lost.
            _ => CardsealError::InvalidInput {
                field: String::new(),
                message,
            },
        }
    }
}

/// Result alias of the binding.
pub type Result<T, E = CardsealError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_kind_maps_to_its_case_with_the_display_text() {
        let cases = [
            (cardseal::Error::invalid_key("too small"), "invalid_key"),
            (
                cardseal::Error::invalid_input("hex", "odd length"),
                "invalid_input",
            ),
            (
                cardseal::Error::signature_mismatch(cardseal::Check::SignHeader),
                "signature_mismatch",
            ),
            (cardseal::Error::DecryptionFailed, "decryption_failed"),
            (
                cardseal::Error::ProviderError {
                    code: "05".into(),
                    message: "frozen".into(),
                    result: None,
                },
                "provider_error",
            ),
            (
                cardseal::Error::Expired {
                    timestamp_ms: 1,
                    now_ms: 2,
                    max_age_ms: 0,
                },
                "expired",
            ),
            (
                cardseal::Error::Unavailable {
                    resource: cardseal::Resource::Clock,
                    reason: "year 10000".into(),
                },
                "unavailable",
            ),
        ];
        for (core, kind) in cases {
            assert_eq!(core.kind().as_str(), kind);
            let text = core.to_string();
            let e = CardsealError::from(core);
            assert_eq!(e.kind(), kind);
            assert_eq!(e.to_string(), text);
        }
    }

    #[test]
    fn fields_are_carried_over() {
        assert_eq!(
            CardsealError::from(cardseal::Error::invalid_input("result", "not hex")),
            CardsealError::InvalidInput {
                field: "result".into(),
                message: "invalid input in `result`: not hex".into()
            }
        );
        assert_eq!(
            CardsealError::from(cardseal::Error::ProviderError {
                code: "05".into(),
                message: "frozen".into(),
                result: None,
            }),
            CardsealError::ProviderError {
                code: "05".into(),
                message: "frozen".into(),
                result: None,
            }
        );
        let with_result = cardseal::Error::ProviderError {
            code: "200".into(),
            message: "Common business error".into(),
            result: Some(r#"{"field":"cardNo"}"#.into()),
        };
        let text = with_result.to_string();
        let e = CardsealError::from(with_result);
        assert_eq!(
            e,
            CardsealError::ProviderError {
                code: "200".into(),
                message: "Common business error".into(),
                result: Some(r#"{"field":"cardNo"}"#.into()),
            }
        );
        // The result is a field, never part of the text.
        assert_eq!(e.to_string(), text);
        assert_eq!(e.to_string(), "provider error 200: Common business error");
        assert_eq!(
            CardsealError::from(cardseal::Error::Expired {
                timestamp_ms: 10,
                now_ms: 20,
                max_age_ms: 5
            }),
            CardsealError::Expired {
                message: cardseal::Error::Expired {
                    timestamp_ms: 10,
                    now_ms: 20,
                    max_age_ms: 5
                }
                .to_string(),
                timestamp_ms: 10,
                now_ms: 20,
                max_age_ms: 5
            }
        );
        let mismatch = cardseal::Error::signature_mismatch(cardseal::Check::UpaApiKey);
        assert_eq!(
            CardsealError::from(mismatch.clone()),
            CardsealError::SignatureMismatch {
                check: "X-UPA-APIKEY".into(),
                message: mismatch.to_string(),
            }
        );
        for (resource, text) in [
            (cardseal::Resource::Entropy, "entropy"),
            (cardseal::Resource::Clock, "clock"),
        ] {
            let core = cardseal::Error::Unavailable {
                resource,
                reason: "gone".into(),
            };
            assert_eq!(
                CardsealError::from(core.clone()),
                CardsealError::Unavailable {
                    resource: text.into(),
                    message: core.to_string(),
                }
            );
        }
    }
}
