//! Paytend: `Paytend` (merchant side) and `PaytendProvider` (mirror).

use std::sync::Arc;

use cardseal::providers::paytend;
use napi::bindgen_prelude::{AsyncTask, Either, Uint8Array};
use napi_derive::napi;

use crate::{
    EnvOptions, SealTask, SealedMessage, Text, TextTask, headers_of, make_env, owned_text,
    private_key, public_key, sealed, sync, text, text_of,
};

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

/// The core seal options: `encrypt` (default `true`).
fn seal_options(encrypt: Option<bool>) -> paytend::PaytendSealOptions {
    let mut o = paytend::PaytendSealOptions::default();
    o.encrypt = encrypt.unwrap_or(true);
    o
}

/// Paytend, merchant side (RSA + AES-192 envelopes, SHA256withRSA).
#[napi]
pub struct Paytend {
    inner: Arc<paytend::Paytend>,
}

#[napi]
impl Paytend {
    /// A partner with its private key and Paytend's public key (PEM/base64 text or DER).
    #[napi(constructor)]
    pub fn new(
        partner_id: String,
        private_key_input: Either<String, Uint8Array>,
        provider_public_key: Either<String, Uint8Array>,
        options: Option<PaytendOptions>,
    ) -> napi::Result<Self> {
        let env = make_env(
            options.as_ref().and_then(|o| o.seed.as_ref()),
            options.as_ref().and_then(|o| o.now_ms),
        );
        let mut inner = sync(paytend::Paytend::new(
            &partner_id,
            private_key(private_key_input)?,
            public_key(&provider_public_key)?,
            env,
        ))?;
        if let Some(m) = options.as_ref().and_then(|o| o.utc_offset_minutes) {
            inner = sync(inner.with_utc_offset_minutes(m))?;
        }
        Ok(Paytend {
            inner: Arc::new(inner),
        })
    }

    /// A new `requestId` (partnerId + `yyyyMMddHHmmssSSS`).
    #[napi]
    pub fn request_id(&self) -> napi::Result<String> {
        sync(self.inner.request_id())
    }

    /// Seals a request carrying `biz_json` (empty or `null`: no `bizData`); `encrypt`
    /// `false` sends `bizData` as the JSON object itself, without `randomKey` (sync).
    #[napi]
    pub fn seal_request_sync(
        &self,
        biz_json: Either<String, Uint8Array>,
        request_id: Option<String>,
        encrypt: Option<bool>,
    ) -> napi::Result<SealedMessage> {
        let biz = text_of(&biz_json, "payload")?;
        sealed(
            self.inner
                .seal_request_with(biz, request_id.as_deref(), seal_options(encrypt)),
        )
    }

    /// Seals a request on the thread pool.
    #[napi(ts_return_type = "Promise<SealedMessage>")]
    pub fn seal_request(
        &self,
        biz_json: Either<String, Uint8Array>,
        request_id: Option<String>,
        encrypt: Option<bool>,
    ) -> napi::Result<AsyncTask<SealTask>> {
        let m = Arc::clone(&self.inner);
        let biz = owned_text(biz_json, "payload")?;
        let options = seal_options(encrypt);
        Ok(AsyncTask::new(SealTask::new(move || {
            m.seal_request_with(&biz, request_id.as_deref(), options)
        })))
    }

    /// Opens a response: the verified, decrypted `respData` JSON text (sync).
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

    /// Opens a webhook: the verified, decrypted `content` JSON text (sync).
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

    /// The Paytend-side mirror, holding Paytend's private key.
    #[napi]
    pub fn provider(
        &self,
        provider_private_key: Either<String, Uint8Array>,
    ) -> napi::Result<PaytendProvider> {
        Ok(PaytendProvider {
            inner: Arc::new(self.inner.provider(private_key(provider_private_key)?)),
        })
    }
}

/// Paytend mirror: opens requests, seals responses and webhooks.
#[napi]
pub struct PaytendProvider {
    inner: Arc<paytend::PaytendProvider>,
}

#[napi]
impl PaytendProvider {
    /// A stand-in for Paytend: Paytend's private key and the partner's public key.
    #[napi(constructor)]
    pub fn new(
        partner_id: String,
        provider_private_key: Either<String, Uint8Array>,
        partner_public_key: Either<String, Uint8Array>,
        options: Option<EnvOptions>,
    ) -> napi::Result<Self> {
        let env = make_env(
            options.as_ref().and_then(|o| o.seed.as_ref()),
            options.as_ref().and_then(|o| o.now_ms),
        );
        let inner = sync(paytend::PaytendProvider::new(
            &partner_id,
            private_key(provider_private_key)?,
            public_key(&partner_public_key)?,
            env,
        ))?;
        Ok(PaytendProvider {
            inner: Arc::new(inner),
        })
    }

    /// Verifies and decrypts a request: the `bizData` JSON text (sync).
    #[napi(ts_return_type = "string")]
    pub fn open_request_sync(
        &self,
        body: Either<String, Uint8Array>,
        headers: Option<Vec<String>>,
    ) -> napi::Result<Text> {
        let h = headers_of(headers)?;
        text(self.inner.open_request(text_of(&body, "body")?, &h))
    }

    /// Verifies and decrypts a request on the thread pool.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn open_request(
        &self,
        body: Either<String, Uint8Array>,
        headers: Option<Vec<String>>,
    ) -> napi::Result<AsyncTask<TextTask>> {
        let m = Arc::clone(&self.inner);
        let body = owned_text(body, "body")?;
        let h = headers_of(headers)?;
        Ok(AsyncTask::new(TextTask::new(move || {
            m.open_request(&body, &h)
        })))
    }

    /// Seals a success response carrying `payload_json` (empty or `null`: no
    /// `respData`); `encrypt` `false` sends `respData` as the JSON object itself (sync).
    #[napi]
    pub fn seal_response_sync(
        &self,
        payload_json: Either<String, Uint8Array>,
        encrypt: Option<bool>,
    ) -> napi::Result<SealedMessage> {
        sealed(
            self.inner
                .seal_response_with(text_of(&payload_json, "payload")?, seal_options(encrypt)),
        )
    }

    /// Seals a success response on the thread pool.
    #[napi(ts_return_type = "Promise<SealedMessage>")]
    pub fn seal_response(
        &self,
        payload_json: Either<String, Uint8Array>,
        encrypt: Option<bool>,
    ) -> napi::Result<AsyncTask<SealTask>> {
        let m = Arc::clone(&self.inner);
        let payload = owned_text(payload_json, "payload")?;
        let options = seal_options(encrypt);
        Ok(AsyncTask::new(SealTask::new(move || {
            m.seal_response_with(&payload, options)
        })))
    }

    /// Seals a failure response (`respCode` ≠ `"00"`).
    #[napi]
    pub fn seal_error_response_sync(
        &self,
        code: String,
        message: String,
    ) -> napi::Result<SealedMessage> {
        sealed(self.inner.seal_error_response(&code, &message))
    }

    /// Seals a webhook carrying `payload_json` (empty or `null`: no `content`), optionally
    /// of a given `notifyType` (default `"1"`); `encrypt` `false` sends `content` as the
    /// JSON object itself (sync).
    #[napi]
    pub fn seal_notification_sync(
        &self,
        payload_json: Either<String, Uint8Array>,
        notify_type: Option<String>,
        encrypt: Option<bool>,
    ) -> napi::Result<SealedMessage> {
        let payload = text_of(&payload_json, "payload")?;
        let notify_type = notify_type
            .as_deref()
            .unwrap_or(paytend::DEFAULT_NOTIFY_TYPE);
        sealed(
            self.inner
                .seal_notification_with(notify_type, payload, seal_options(encrypt)),
        )
    }

    /// Seals a webhook on the thread pool.
    #[napi(ts_return_type = "Promise<SealedMessage>")]
    pub fn seal_notification(
        &self,
        payload_json: Either<String, Uint8Array>,
        notify_type: Option<String>,
        encrypt: Option<bool>,
    ) -> napi::Result<AsyncTask<SealTask>> {
        let m = Arc::clone(&self.inner);
        let payload = owned_text(payload_json, "payload")?;
        let options = seal_options(encrypt);
        Ok(AsyncTask::new(SealTask::new(move || {
            let t = notify_type
                .as_deref()
                .unwrap_or(paytend::DEFAULT_NOTIFY_TYPE);
            m.seal_notification_with(t, &payload, options)
        })))
    }
}
