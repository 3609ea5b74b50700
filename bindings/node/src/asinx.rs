//! ASINX Pay / Moonbank: `Asinx` (merchant side) and `AsinxProvider` (mirror).

use std::sync::Arc;

use cardseal::providers::asinx;
use napi::Env;
use napi::bindgen_prelude::{Either, Uint8Array};
use napi_derive::napi;

use crate::{EnvOptions, SealedMessage, text_of, throwing, to_js};

/// A core object of either side from the credentials (the secret's Rust copy zeroized).
fn build<T>(
    new: fn(&str, &str, cardseal::Env) -> cardseal::Result<T>,
    app_id: &str,
    app_secret: String,
    options: Option<EnvOptions>,
) -> cardseal::Result<Arc<T>> {
    let app_secret = cardseal::SecretString::new(app_secret);
    Ok(Arc::new(new(
        app_id,
        app_secret.expose(),
        env_of!(options),
    )?))
}

/// ASINX Pay / Moonbank, merchant side (AES-128-ECB + MD5 signatures).
#[napi]
pub struct Asinx {
    pub(crate) inner: Arc<asinx::Asinx>,
}

#[napi]
impl Asinx {
    /// A merchant with its `appId` and `appSecret` (32 hex characters).
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        app_id: String,
        app_secret: String,
        options: Option<EnvOptions>,
    ) -> napi::Result<Self> {
        let inner = throwing(env, || {
            build(asinx::Asinx::new, &app_id, app_secret, options)
        })?;
        Ok(Asinx { inner })
    }

    /// The provider-side mirror for the same credentials.
    #[napi]
    pub fn provider(&self) -> AsinxProvider {
        AsinxProvider {
            inner: Arc::new(self.inner.provider()),
        }
    }
}

/// ASINX mirror: verifies requests, seals responses and webhooks.
#[napi]
pub struct AsinxProvider {
    pub(crate) inner: Arc<asinx::AsinxProvider>,
}

#[napi]
impl AsinxProvider {
    /// A stand-in for ASINX holding merchant `app_id`'s `app_secret`.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        app_id: String,
        app_secret: String,
        options: Option<EnvOptions>,
    ) -> napi::Result<Self> {
        let inner = throwing(env, || {
            build(asinx::AsinxProvider::new, &app_id, app_secret, options)
        })?;
        Ok(AsinxProvider { inner })
    }

    /// Seals a failure response (`success: false`); with `result_json`, the error details
    /// travel encrypted in `result`.
    #[napi]
    pub fn seal_error_response_sync(
        &self,
        env: &Env,
        code: i64,
        message: String,
        result_json: Option<Either<String, Uint8Array>>,
    ) -> napi::Result<SealedMessage> {
        throwing(env, || match result_json {
            Some(r) => to_js(self.inner.seal_error_response_with_result(
                code,
                &message,
                text_of(&r, "payload")?,
            )),
            None => to_js(self.inner.seal_error_response(code, &message)),
        })
    }
}
