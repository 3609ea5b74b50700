//! UPay: HMAC-SHA256 request/webhook signatures, JWE (RSA-OAEP-256 + A128GCM) payloads.

use cardseal::SecretString;
use cardseal::providers::upay as core;

use crate::error::Result;
use crate::generated::UPay;
use crate::keys::RsaPublicKey;

/// Options of [`UPay::seal_request`].
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct UPayRequestOptions {
    /// Encrypt the params into `{"payload": JWE}` (encrypted endpoints).
    #[uniffi(default = false)]
    pub encrypt: bool,
    /// The timestamp to sign (Unix ms, 13 digits); the clock when null.
    #[uniffi(default = None)]
    pub timestamp_ms: Option<i64>,
    /// The request id; a random UUID v4 (32 hex digits) when null.
    #[uniffi(default = None)]
    pub request_id: Option<String>,
    /// A multipart upload: `SIGN_PARAM` is empty and the body is left to the caller.
    #[uniffi(default = false)]
    pub multipart: bool,
}

impl From<UPayRequestOptions> for core::UPayRequestOptions {
    fn from(o: UPayRequestOptions) -> Self {
        core::UPayRequestOptions {
            encrypt: o.encrypt,
            timestamp_ms: o.timestamp_ms,
            request_id: o.request_id,
            multipart: o.multipart,
        }
    }
}

#[uniffi::export]
impl UPay {
    /// Deprecated alias of [`UPay::api_key`].
    pub fn app_id(&self) -> String {
        self.inner.api_key().to_owned()
    }
}

/// `base64(HMAC-SHA256(secret, data))`, UPay's `X-UPA-SIGN` over a string to sign.
#[uniffi::export]
pub fn upay_hmac_sign(secret: String, data: String) -> String {
    let secret = SecretString::new(secret);
    core::hmac_sign(secret.expose().as_bytes(), data.as_bytes())
}

/// UPay's `SIGN_PARAM` of a params JSON object text.
#[uniffi::export]
pub fn upay_sign_param(params_json: String) -> Result<String> {
    Ok(core::sign_param(&params_json)?)
}

/// The JWE `kid` UPay expects for a recipient key: lowercase hex SHA-256 of its SPKI PEM.
#[uniffi::export]
pub fn upay_key_id(public_key: &RsaPublicKey) -> Result<String> {
    Ok(core::key_id(&public_key.inner)?)
}

/// What a merchant answers (HTTP 200, this text as the body, within 5 seconds) to a UPay
/// webhook it has accepted: `SUCCESS`.
#[uniffi::export]
pub fn upay_notification_ack() -> String {
    core::NOTIFICATION_ACK.to_owned()
}
