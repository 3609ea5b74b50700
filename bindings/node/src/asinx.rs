//! ASINX Pay / Moonbank: `Asinx` (merchant side) and `AsinxProvider` (mirror).

use std::sync::Arc;

use cardseal::providers::{Mirror, Received, asinx};
use napi::bindgen_prelude::{AsyncTask, Either, Uint8Array};
use napi_derive::napi;

use crate::{
    EnvOptions, SealTask, SealedMessage, Text, TextTask, headers_of, make_env, owned_text, sealed,
    sync, text, text_of,
};

/// ASINX Pay / Moonbank, merchant side (AES-128-ECB + MD5 signatures).
#[napi]
pub struct Asinx {
    inner: Arc<asinx::Asinx>,
}

#[napi]
impl Asinx {
    /// A merchant with its `appId` and `appSecret` (32 hex characters).
    #[napi(constructor)]
    pub fn new(
        app_id: String,
        app_secret: String,
        options: Option<EnvOptions>,
    ) -> napi::Result<Self> {
        let env = make_env(
            options.as_ref().and_then(|o| o.seed.as_ref()),
            options.as_ref().and_then(|o| o.now_ms),
        );
        let app_secret = cardseal::SecretString::new(app_secret);
        let inner = sync(asinx::Asinx::new(&app_id, app_secret.expose(), env))?;
        Ok(Asinx {
            inner: Arc::new(inner),
        })
    }

    /// Seals a request to `path` (sync).
    #[napi]
    pub fn seal_request_sync(
        &self,
        path: String,
        params_json: Either<String, Uint8Array>,
        uid: Option<String>,
    ) -> napi::Result<SealedMessage> {
        let params = text_of(&params_json, "payload")?;
        sealed(self.inner.seal_request(&path, params, uid.as_deref()))
    }

    /// Seals a request to `path` on the thread pool.
    #[napi(ts_return_type = "Promise<SealedMessage>")]
    pub fn seal_request(
        &self,
        path: String,
        params_json: Either<String, Uint8Array>,
        uid: Option<String>,
    ) -> napi::Result<AsyncTask<SealTask>> {
        let m = Arc::clone(&self.inner);
        let params = owned_text(params_json, "payload")?;
        Ok(AsyncTask::new(SealTask::new(move || {
            m.seal_request(&path, &params, uid.as_deref())
        })))
    }

    /// Opens a response: the decrypted business JSON text (sync).
    #[napi(ts_return_type = "string")]
    pub fn open_response_sync(&self, body: Either<String, Uint8Array>) -> napi::Result<Text> {
        text(self.inner.open_response(text_of(&body, "body")?))
    }

    /// Opens a response on the thread pool.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn open_response(
        &self,
        body: Either<String, Uint8Array>,
    ) -> napi::Result<AsyncTask<TextTask>> {
        let m = Arc::clone(&self.inner);
        let body = owned_text(body, "body")?;
        Ok(AsyncTask::new(TextTask::new(move || {
            m.open_response(&body)
        })))
    }

    /// Opens a webhook: the decrypted payload JSON text (sync).
    #[napi(ts_return_type = "string")]
    pub fn open_notification_sync(
        &self,
        body: Either<String, Uint8Array>,
        headers: Option<Vec<String>>,
    ) -> napi::Result<Text> {
        let h = headers_of(headers)?;
        text(self.inner.open_notification(text_of(&body, "body")?, &h))
    }

    /// Opens a webhook on the thread pool.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn open_notification(
        &self,
        body: Either<String, Uint8Array>,
        headers: Option<Vec<String>>,
    ) -> napi::Result<AsyncTask<TextTask>> {
        let m = Arc::clone(&self.inner);
        let body = owned_text(body, "body")?;
        let h = headers_of(headers)?;
        Ok(AsyncTask::new(TextTask::new(move || {
            m.open_notification(&body, &h)
        })))
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
    inner: Arc<asinx::AsinxProvider>,
}

#[napi]
impl AsinxProvider {
    /// A stand-in for ASINX holding merchant `app_id`'s `app_secret`.
    #[napi(constructor)]
    pub fn new(
        app_id: String,
        app_secret: String,
        options: Option<EnvOptions>,
    ) -> napi::Result<Self> {
        let env = make_env(
            options.as_ref().and_then(|o| o.seed.as_ref()),
            options.as_ref().and_then(|o| o.now_ms),
        );
        let app_secret = cardseal::SecretString::new(app_secret);
        let inner = sync(asinx::AsinxProvider::new(&app_id, app_secret.expose(), env))?;
        Ok(AsinxProvider {
            inner: Arc::new(inner),
        })
    }

    /// Verifies a request (path from `path`, else the `:path` header); returns the body (sync).
    #[napi(ts_return_type = "string")]
    pub fn open_request_sync(
        &self,
        body: Either<String, Uint8Array>,
        headers: Option<Vec<String>>,
        path: Option<String>,
    ) -> napi::Result<Text> {
        let h = headers_of(headers)?;
        let body = text_of(&body, "body")?;
        let received = Received {
            path: path.as_deref(),
            ..Received::new(body, &h)
        };
        text(Mirror::open_request(&*self.inner, &received))
    }

    /// Verifies a request on the thread pool.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn open_request(
        &self,
        body: Either<String, Uint8Array>,
        headers: Option<Vec<String>>,
        path: Option<String>,
    ) -> napi::Result<AsyncTask<TextTask>> {
        let m = Arc::clone(&self.inner);
        let body = owned_text(body, "body")?;
        let h = headers_of(headers)?;
        Ok(AsyncTask::new(TextTask::new(move || {
            let received = Received {
                path: path.as_deref(),
                ..Received::new(&body, &h)
            };
            Mirror::open_request(&*m, &received)
        })))
    }

    /// Seals a success response carrying `payload_json` (sync).
    #[napi]
    pub fn seal_response_sync(
        &self,
        payload_json: Either<String, Uint8Array>,
    ) -> napi::Result<SealedMessage> {
        sealed(self.inner.seal_response(text_of(&payload_json, "payload")?))
    }

    /// Seals a success response on the thread pool.
    #[napi(ts_return_type = "Promise<SealedMessage>")]
    pub fn seal_response(
        &self,
        payload_json: Either<String, Uint8Array>,
    ) -> napi::Result<AsyncTask<SealTask>> {
        let m = Arc::clone(&self.inner);
        let payload = owned_text(payload_json, "payload")?;
        Ok(AsyncTask::new(SealTask::new(move || {
            m.seal_response(&payload)
        })))
    }

    /// Seals a failure response (`success: false`); with `result_json`, the error details
    /// travel encrypted in `result`.
    #[napi]
    pub fn seal_error_response_sync(
        &self,
        code: i64,
        message: String,
        result_json: Option<Either<String, Uint8Array>>,
    ) -> napi::Result<SealedMessage> {
        match result_json {
            Some(r) => sealed(self.inner.seal_error_response_with_result(
                code,
                &message,
                text_of(&r, "payload")?,
            )),
            None => sealed(self.inner.seal_error_response(code, &message)),
        }
    }

    /// Seals a webhook carrying `payload_json` (sync).
    #[napi]
    pub fn seal_notification_sync(
        &self,
        payload_json: Either<String, Uint8Array>,
    ) -> napi::Result<SealedMessage> {
        sealed(
            self.inner
                .seal_notification(text_of(&payload_json, "payload")?),
        )
    }

    /// Seals a webhook on the thread pool.
    #[napi(ts_return_type = "Promise<SealedMessage>")]
    pub fn seal_notification(
        &self,
        payload_json: Either<String, Uint8Array>,
    ) -> napi::Result<AsyncTask<SealTask>> {
        let m = Arc::clone(&self.inner);
        let payload = owned_text(payload_json, "payload")?;
        Ok(AsyncTask::new(SealTask::new(move || {
            m.seal_notification(&payload)
        })))
    }
}
