//! Paytend: RSA-1024 + AES-192-ECB envelopes, SHA256withRSA signatures.

use std::sync::Arc;

use cardseal::providers::paytend as core;

use crate::env::make_env;
use crate::error::Result;
use crate::keys::{parse_private, parse_public};
use crate::types::{HeaderField, Sealed, to_pairs};

/// The core seal options: `encrypt`.
fn seal_options(encrypt: bool) -> core::PaytendSealOptions {
    let mut o = core::PaytendSealOptions::default();
    o.encrypt = encrypt;
    o
}

/// Paytend, merchant (partner) side.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Paytend {
    inner: core::Paytend,
}

#[uniffi::export]
impl Paytend {
    /// A partner client: `partner_id` (15 letters/digits), the partner's private key and
    /// Paytend's public key (PEM or bare base64 DER). `utc_offset_minutes` is the zone of
    /// generated `requestId`s (default UTC+8). `seed`/`now_ms`: tests only.
    /// Errors: `InvalidKey`, `InvalidInput` (`partner_id`, `utc_offset_minutes`).
    #[uniffi::constructor(default(seed = None, now_ms = None, utc_offset_minutes = None))]
    pub fn new(
        partner_id: String,
        private_key: String,
        provider_public_key: String,
        seed: Option<Vec<u8>>,
        now_ms: Option<i64>,
        utc_offset_minutes: Option<i32>,
    ) -> Result<Arc<Self>> {
        let mut inner = core::Paytend::new(
            &partner_id,
            parse_private(private_key)?,
            parse_public(&provider_public_key)?,
            make_env(seed, now_ms),
        )?;
        if let Some(m) = utc_offset_minutes {
            inner = inner.with_utc_offset_minutes(m)?;
        }
        Ok(Arc::new(Paytend { inner }))
    }

    /// The partner id.
    pub fn partner_id(&self) -> String {
        self.inner.partner_id().to_owned()
    }

    /// A new `requestId`: partnerId + `yyyyMMddHHmmssSSS` (32 characters).
    pub fn request_id(&self) -> Result<String> {
        Ok(self.inner.request_id()?)
    }

    /// Seals a request carrying `biz_json` (a JSON object used byte for byte; empty or
    /// `null` for none: no `bizData`, no `randomKey`). `request_id` defaults to
    /// [`Paytend::request_id`]. `encrypt = false` sends `bizData` as the JSON object itself
    /// (compact), without `randomKey`, and signs that text.
    #[uniffi::method(default(request_id = None, encrypt = true))]
    pub fn seal_request(
        &self,
        biz_json: String,
        request_id: Option<String>,
        encrypt: bool,
    ) -> Result<Sealed> {
        Ok(self
            .inner
            .seal_request_with(&biz_json, request_id.as_deref(), seal_options(encrypt))?
            .into())
    }

    /// Opens a response: the verified `respData` JSON text (decrypted; as sent when there
    /// is no `randomKey`; `null` when there is none).
    /// Errors: `ProviderError` (`respCode` ≠ `00`), `DecryptionFailed`, `SignatureMismatch`,
    /// `InvalidInput`.
    pub fn open_response(&self, body: String) -> Result<String> {
        Ok(self.inner.open_response(&body)?)
    }

    /// Opens a webhook: the decrypted, verified `content` JSON text.
    #[uniffi::method(default(headers = []))]
    pub fn open_notification(&self, body: String, headers: Vec<HeaderField>) -> Result<String> {
        Ok(self.inner.open_notification(&body, &to_pairs(headers))?)
    }

    /// The Paytend-side mirror, given Paytend's private key.
    pub fn provider(&self, provider_private_key: String) -> Result<Arc<PaytendProvider>> {
        Ok(Arc::new(PaytendProvider {
            inner: self.inner.provider(parse_private(provider_private_key)?),
        }))
    }
}

/// The Paytend side (mirror), for local stand-ins and tests.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct PaytendProvider {
    inner: core::PaytendProvider,
}

#[uniffi::export]
impl PaytendProvider {
    /// A mirror: Paytend's private key and the partner's public key.
    #[uniffi::constructor(default(seed = None, now_ms = None))]
    pub fn new(
        partner_id: String,
        provider_private_key: String,
        partner_public_key: String,
        seed: Option<Vec<u8>>,
        now_ms: Option<i64>,
    ) -> Result<Arc<Self>> {
        Ok(Arc::new(PaytendProvider {
            inner: core::PaytendProvider::new(
                &partner_id,
                parse_private(provider_private_key)?,
                parse_public(&partner_public_key)?,
                make_env(seed, now_ms),
            )?,
        }))
    }

    /// Opens a partner request: the decrypted, verified `bizData` JSON text.
    #[uniffi::method(default(headers = []))]
    pub fn open_request(&self, body: String, headers: Vec<HeaderField>) -> Result<String> {
        Ok(self.inner.open_request(&body, &to_pairs(headers))?)
    }

    /// Seals a successful response carrying `payload_json` byte for byte (empty or `null`:
    /// no `respData`); `encrypt = false` sends `respData` as the JSON object itself.
    #[uniffi::method(default(encrypt = true))]
    pub fn seal_response(&self, payload_json: String, encrypt: bool) -> Result<Sealed> {
        Ok(self
            .inner
            .seal_response_with(&payload_json, seal_options(encrypt))?
            .into())
    }

    /// Seals a failure response `{respCode, respMsg}`.
    pub fn seal_error_response(&self, code: String, message: String) -> Result<Sealed> {
        Ok(self.inner.seal_error_response(&code, &message)?.into())
    }

    /// Seals a webhook (notifyType `1`) carrying `payload_json` byte for byte (empty or
    /// `null`: no `content`); `encrypt = false` sends `content` as the JSON object itself.
    #[uniffi::method(default(encrypt = true))]
    pub fn seal_notification(&self, payload_json: String, encrypt: bool) -> Result<Sealed> {
        Ok(self
            .inner
            .seal_notification_with(
                core::DEFAULT_NOTIFY_TYPE,
                &payload_json,
                seal_options(encrypt),
            )?
            .into())
    }

    /// Seals a webhook of `notify_type` carrying `payload_json` byte for byte (as
    /// [`PaytendProvider::seal_notification`]).
    #[uniffi::method(default(encrypt = true))]
    pub fn seal_notification_of_type(
        &self,
        notify_type: String,
        payload_json: String,
        encrypt: bool,
    ) -> Result<Sealed> {
        Ok(self
            .inner
            .seal_notification_with(&notify_type, &payload_json, seal_options(encrypt))?
            .into())
    }
}

crate::delegate_debug!(Paytend, PaytendProvider);
