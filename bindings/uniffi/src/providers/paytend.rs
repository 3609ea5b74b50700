//! Paytend: RSA-1024 + AES-192-ECB envelopes, SHA256withRSA signatures.

use std::sync::Arc;

use cardseal::providers::paytend as core;

use crate::env::make_env;
use crate::error::Result;
use crate::keys::{parse_private, parse_public};
use crate::types::Sealed;

/// Paytend, merchant (partner) side.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Paytend {
    pub(crate) inner: core::Paytend,
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
    pub(crate) inner: core::PaytendProvider,
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
            .seal_notification_with(
                &notify_type,
                &payload_json,
                crate::generated::paytend_seal_options(encrypt),
            )?
            .into())
    }
}

crate::delegate_debug!(Paytend, PaytendProvider);
