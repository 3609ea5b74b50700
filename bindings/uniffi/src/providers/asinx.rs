//! ASINX Pay / Moonbank: shared `appSecret`, AES-128-ECB and an MD5 `sign` header.

use std::sync::Arc;

use cardseal::SecretString;
use cardseal::providers::asinx as core;
use cardseal::providers::{Mirror, Received};

use crate::env::make_env;
use crate::error::Result;
use crate::types::{HeaderField, Sealed, to_pairs};

/// ASINX Pay / Moonbank, merchant side.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Asinx {
    pub(crate) inner: core::Asinx,
}

#[uniffi::export]
impl Asinx {
    /// A merchant client for `app_id` with its `app_secret` (32 hex characters).
    /// `seed` / `now_ms` fix randomness and time (tests only; this scheme uses neither).
    /// Errors: `InvalidKey` (secret), `InvalidInput` (`app_id`).
    #[uniffi::constructor(default(seed = None, now_ms = None))]
    pub fn new(
        app_id: String,
        app_secret: String,
        seed: Option<Vec<u8>>,
        now_ms: Option<i64>,
    ) -> Result<Arc<Self>> {
        let app_secret = SecretString::new(app_secret);
        let inner = core::Asinx::new(&app_id, app_secret.expose(), make_env(seed, now_ms))?;
        Ok(Arc::new(Asinx { inner }))
    }

    /// The provider-side mirror with the same credentials.
    pub fn provider(&self) -> Arc<AsinxProvider> {
        Arc::new(AsinxProvider {
            inner: self.inner.provider(),
        })
    }
}

/// The ASINX side (mirror), for local stand-ins and tests.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct AsinxProvider {
    pub(crate) inner: core::AsinxProvider,
}

#[uniffi::export]
impl AsinxProvider {
    /// A mirror for merchant `app_id` with its `app_secret` (errors as `Asinx`).
    #[uniffi::constructor(default(seed = None, now_ms = None))]
    pub fn new(
        app_id: String,
        app_secret: String,
        seed: Option<Vec<u8>>,
        now_ms: Option<i64>,
    ) -> Result<Arc<Self>> {
        let app_secret = SecretString::new(app_secret);
        let inner = core::AsinxProvider::new(&app_id, app_secret.expose(), make_env(seed, now_ms))?;
        Ok(Arc::new(AsinxProvider { inner }))
    }

    /// Verifies a request to `path`; returns the body (as `open_request` with `path`).
    pub fn open_request_at(
        &self,
        path: String,
        body: String,
        headers: Vec<HeaderField>,
    ) -> Result<String> {
        let headers = to_pairs(headers);
        let received = Received::new(&body, &headers).to("POST", &path);
        Ok(Mirror::open_request(&self.inner, &received)?)
    }

    /// Seals a failure response `{"success":false,"code":..,"message":..}`; with
    /// `result_json` (error details, byte for byte), also `"result":hex` encrypting it,
    /// which the merchant side reports in `ProviderError.result`.
    /// Errors: `InvalidInput` (`payload`) when `result_json` is not JSON.
    #[uniffi::method(default(result_json = None))]
    pub fn seal_error_response(
        &self,
        code: i64,
        message: String,
        result_json: Option<String>,
    ) -> Result<Sealed> {
        Ok(match result_json {
            Some(r) => self
                .inner
                .seal_error_response_with_result(code, &message, &r)?,
            None => self.inner.seal_error_response(code, &message)?,
        }
        .into())
    }
}

crate::delegate_debug!(Asinx, AsinxProvider);
