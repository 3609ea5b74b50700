//! Paytend: `Paytend` (merchant side) and `PaytendProvider` (mirror).

use std::sync::Arc;

use cardseal::providers::paytend;
use napi::Env;
use napi::bindgen_prelude::{Either, Uint8Array};
use napi_derive::napi;

use crate::{EnvOptions, private_key, public_key, throwing};

/// Options of the `Paytend` constructor.
#[napi(object, object_to_js = false)]
pub struct PaytendOptions {
    /// Offset of the `requestId` clock from UTC in minutes (default 480 = UTC+8).
    pub utc_offset_minutes: Option<i32>,
    /// Seed of the deterministic random stream (test-only).
    pub seed: Option<Either<String, Uint8Array>>,
    /// Fixed clock, Unix milliseconds (test-only).
    pub now_ms: Option<i64>,
}

/// Paytend, merchant side (RSA + AES-192 envelopes, SHA256withRSA).
#[napi]
pub struct Paytend {
    pub(crate) inner: Arc<paytend::Paytend>,
}

#[napi]
impl Paytend {
    /// A partner with its private key and Paytend's public key (PEM/base64 text or DER).
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        partner_id: String,
        private_key_input: Either<String, Uint8Array>,
        provider_public_key: Either<String, Uint8Array>,
        options: Option<PaytendOptions>,
    ) -> napi::Result<Self> {
        throwing(env, || {
            let mut inner = paytend::Paytend::new(
                &partner_id,
                private_key(private_key_input)?,
                public_key(&provider_public_key)?,
                env_of!(options),
            )?;
            if let Some(m) = options.as_ref().and_then(|o| o.utc_offset_minutes) {
                inner = inner.with_utc_offset_minutes(m)?;
            }
            Ok(Paytend {
                inner: Arc::new(inner),
            })
        })
    }

    /// A new `requestId` (partnerId + `yyyyMMddHHmmssSSS`).
    #[napi]
    pub fn request_id(&self, env: &Env) -> napi::Result<String> {
        throwing(env, || self.inner.request_id())
    }

    /// The Paytend-side mirror, holding Paytend's private key.
    #[napi]
    pub fn provider(
        &self,
        env: &Env,
        provider_private_key: Either<String, Uint8Array>,
    ) -> napi::Result<PaytendProvider> {
        throwing(env, || {
            Ok(PaytendProvider {
                inner: Arc::new(self.inner.provider(private_key(provider_private_key)?)),
            })
        })
    }
}

/// Paytend mirror: opens requests, seals responses and webhooks.
#[napi]
pub struct PaytendProvider {
    pub(crate) inner: Arc<paytend::PaytendProvider>,
}

#[napi]
impl PaytendProvider {
    /// A stand-in for Paytend: Paytend's private key and the partner's public key.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        partner_id: String,
        provider_private_key: Either<String, Uint8Array>,
        partner_public_key: Either<String, Uint8Array>,
        options: Option<EnvOptions>,
    ) -> napi::Result<Self> {
        throwing(env, || {
            let inner = paytend::PaytendProvider::new(
                &partner_id,
                private_key(provider_private_key)?,
                public_key(&partner_public_key)?,
                env_of!(options),
            )?;
            Ok(PaytendProvider {
                inner: Arc::new(inner),
            })
        })
    }
}
