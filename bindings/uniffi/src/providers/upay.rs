//! UPay: HMAC-SHA256 request/webhook signatures, JWE (RSA-OAEP-256 + A128GCM) payloads.

use std::sync::Arc;

use cardseal::SecretString;
use cardseal::providers::upay as core;

use crate::env::make_env;
use crate::error::Result;
use crate::keys::{RsaPublicKey, parse_private, parse_public};

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

/// UPay, merchant side.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct UPay {
    pub(crate) inner: core::UPay,
}

#[uniffi::export]
impl UPay {
    /// A merchant client: `api_key` (the merchant's API key, sent as `X-UPA-APIKEY` on
    /// every request, not signed; this argument was named `app_id` before), the HMAC
    /// `secret`, the merchant's private key and the platform's public key.
    /// `replay_window_ms` is the accepted webhook timestamp window (default 30 min: retries
    /// reuse the first timestamp); `max_inflated_bytes` caps `zip` JWE payloads (default:
    /// the core's). `seed`/`now_ms`: tests only. Errors: `InvalidInput` (`api_key` empty or
    /// with a control character; `replay_window_ms` negative), `InvalidKey`.
    #[uniffi::constructor(default(seed = None, now_ms = None, replay_window_ms = None, max_inflated_bytes = None))]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        api_key: String,
        secret: String,
        private_key: String,
        provider_public_key: String,
        seed: Option<Vec<u8>>,
        now_ms: Option<i64>,
        replay_window_ms: Option<i64>,
        max_inflated_bytes: Option<i64>,
    ) -> Result<Arc<Self>> {
        let secret = SecretString::new(secret);
        let mut inner = core::UPay::new(
            &api_key,
            secret.expose(),
            parse_private(private_key)?,
            parse_public(&provider_public_key)?,
            make_env(seed, now_ms),
        )?;
        if let Some(w) = replay_window_ms {
            inner = inner.with_replay_window_ms(w)?;
        }
        if let Some(m) = max_inflated_bytes {
            inner =
                inner.with_max_inflated_bytes(crate::error::byte_count(m, "max_inflated_bytes")?);
        }
        Ok(Arc::new(UPay { inner }))
    }

    /// The merchant's API key (the `X-UPA-APIKEY` value).
    pub fn api_key(&self) -> String {
        self.inner.api_key().to_owned()
    }

    /// Deprecated alias of [`UPay::api_key`].
    pub fn app_id(&self) -> String {
        self.inner.api_key().to_owned()
    }

    /// The platform-side mirror, given the platform's private key (it expects this
    /// merchant's API key; its request window is 60 s).
    pub fn provider(&self, platform_private_key: String) -> Result<Arc<UPayProvider>> {
        Ok(Arc::new(UPayProvider {
            inner: self.inner.provider(parse_private(platform_private_key)?),
        }))
    }
}

/// The UPay platform side (mirror), for local stand-ins and tests.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct UPayProvider {
    pub(crate) inner: core::UPayProvider,
}

#[uniffi::export]
impl UPayProvider {
    /// A mirror: the merchant's `api_key` (expected in `X-UPA-APIKEY`), the HMAC `secret`,
    /// the platform's private key, the merchant's public key. `replay_window_ms` is the
    /// request timestamp window (default 60 s; negative: `InvalidInput`); other options as
    /// [`UPay::new`].
    #[uniffi::constructor(default(seed = None, now_ms = None, replay_window_ms = None, max_inflated_bytes = None))]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        api_key: String,
        secret: String,
        platform_private_key: String,
        merchant_public_key: String,
        seed: Option<Vec<u8>>,
        now_ms: Option<i64>,
        replay_window_ms: Option<i64>,
        max_inflated_bytes: Option<i64>,
    ) -> Result<Arc<Self>> {
        let secret = SecretString::new(secret);
        let mut inner = core::UPayProvider::new(
            &api_key,
            secret.expose(),
            parse_private(platform_private_key)?,
            parse_public(&merchant_public_key)?,
            make_env(seed, now_ms),
        )?;
        if let Some(w) = replay_window_ms {
            inner = inner.with_replay_window_ms(w)?;
        }
        if let Some(m) = max_inflated_bytes {
            inner =
                inner.with_max_inflated_bytes(crate::error::byte_count(m, "max_inflated_bytes")?);
        }
        Ok(Arc::new(UPayProvider { inner }))
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

crate::delegate_debug!(UPay, UPayProvider);
