//! UPay: `UPay` (merchant side) and `UPayProvider` (mirror).

use std::sync::Arc;

use cardseal::providers::upay;
use napi::bindgen_prelude::{AsyncTask, Either, Uint8Array};
use napi_derive::napi;

use crate::{
    SealTask, SealedMessage, Text, TextTask, bytes_of, headers_of, invalid, make_env, owned_text,
    private_key, public_key, sealed, sync, text, text_of, with_secret,
};

/// Options of the `UPay` and `UPayProvider` constructors.
#[napi(object, object_to_js = false)]
pub struct UPayOptions {
    /// `UPay`: the webhook replay window, milliseconds either side of now (default
    /// 1 800 000: retries reuse the first timestamp). `UPayProvider`: the request
    /// timestamp window (default 60 000).
    pub replay_window_ms: Option<i64>,
    /// Cap on the inflated size of a compressed JWE payload (default 16 MiB).
    pub max_inflated_bytes: Option<i64>,
    /// Seed of the deterministic random stream (test-only).
    pub seed: Option<Either<String, Uint8Array>>,
    /// Fixed clock, Unix milliseconds (test-only).
    pub now_ms: Option<i64>,
}

/// Options of `UPay.sealRequest`.
#[napi(object, object_to_js = false)]
pub struct UPayRequestOptions {
    /// Encrypt the params into `{"payload": JWE}`.
    pub encrypt: Option<bool>,
    /// The timestamp to sign (Unix ms; default: now).
    pub timestamp_ms: Option<i64>,
    /// The request id (default: random UUID v4 as 32 hex digits).
    pub request_id: Option<String>,
    /// A multipart upload: empty `SIGN_PARAM`, empty body.
    pub multipart: Option<bool>,
}

fn request_options(o: Option<UPayRequestOptions>) -> upay::UPayRequestOptions {
    match o {
        Some(o) => upay::UPayRequestOptions {
            encrypt: o.encrypt.unwrap_or(false),
            timestamp_ms: o.timestamp_ms,
            request_id: o.request_id,
            multipart: o.multipart.unwrap_or(false),
        },
        None => upay::UPayRequestOptions::default(),
    }
}

/// UPay, merchant side (HMAC-SHA256 request signatures, RSA-OAEP-256 JWE payloads).
#[napi]
pub struct UPay {
    inner: Arc<upay::UPay>,
    max_inflated_bytes: Option<usize>,
}

#[napi]
impl UPay {
    /// A merchant with its `apiKey` (sent as `X-UPA-APIKEY`; this argument was named
    /// `appId` before), HMAC `secret`, private key and UPay's public key.
    #[napi(constructor)]
    pub fn new(
        api_key: String,
        secret: String,
        private_key_input: Either<String, Uint8Array>,
        provider_public_key: Either<String, Uint8Array>,
        options: Option<UPayOptions>,
    ) -> napi::Result<Self> {
        let env = make_env(
            options.as_ref().and_then(|o| o.seed.as_ref()),
            options.as_ref().and_then(|o| o.now_ms),
        );
        let secret = cardseal::SecretString::new(secret);
        let mut inner = sync(upay::UPay::new(
            &api_key,
            secret.expose(),
            private_key(private_key_input)?,
            public_key(&provider_public_key)?,
            env,
        ))?;
        if let Some(w) = options.as_ref().and_then(|o| o.replay_window_ms) {
            inner = sync(inner.with_replay_window_ms(w))?;
        }
        let max_inflated_bytes = match options.as_ref().and_then(|o| o.max_inflated_bytes) {
            Some(m) => {
                Some(usize::try_from(m).map_err(|_| invalid("maxInflatedBytes", "must be ≥ 0"))?)
            }
            None => None,
        };
        if let Some(m) = max_inflated_bytes {
            inner = inner.with_max_inflated_bytes(m);
        }
        Ok(UPay {
            inner: Arc::new(inner),
            max_inflated_bytes,
        })
    }

    /// Seals a request `method path` carrying `params_json` (sync).
    #[napi]
    pub fn seal_request_sync(
        &self,
        method: String,
        path: String,
        params_json: Either<String, Uint8Array>,
        options: Option<UPayRequestOptions>,
    ) -> napi::Result<SealedMessage> {
        let params = text_of(&params_json, "payload")?;
        sealed(
            self.inner
                .seal_request(&method, &path, params, &request_options(options)),
        )
    }

    /// Seals a request on the thread pool.
    #[napi(ts_return_type = "Promise<SealedMessage>")]
    pub fn seal_request(
        &self,
        method: String,
        path: String,
        params_json: Either<String, Uint8Array>,
        options: Option<UPayRequestOptions>,
    ) -> napi::Result<AsyncTask<SealTask>> {
        let m = Arc::clone(&self.inner);
        let params = owned_text(params_json, "payload")?;
        let o = request_options(options);
        Ok(AsyncTask::new(SealTask::new(move || {
            m.seal_request(&method, &path, &params, &o)
        })))
    }

    /// Opens a response: `data` (decrypted when it carries a payload) as JSON text (sync).
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

    /// Opens a webhook (JWE body, `X-UPA-*` headers) checked at `now_ms` (default: now) (sync).
    #[napi(ts_return_type = "string")]
    pub fn open_notification_sync(
        &self,
        body: Either<String, Uint8Array>,
        headers: Option<Vec<String>>,
        now_ms: Option<i64>,
    ) -> napi::Result<Text> {
        let h = headers_of(headers)?;
        text(
            self.inner
                .open_notification(text_of(&body, "body")?, &h, now_ms),
        )
    }

    /// Opens a webhook on the thread pool.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn open_notification(
        &self,
        body: Either<String, Uint8Array>,
        headers: Option<Vec<String>>,
        now_ms: Option<i64>,
    ) -> napi::Result<AsyncTask<TextTask>> {
        let m = Arc::clone(&self.inner);
        let body = owned_text(body, "body")?;
        let h = headers_of(headers)?;
        Ok(AsyncTask::new(TextTask::new(move || {
            m.open_notification(&body, &h, now_ms)
        })))
    }

    /// The platform-side mirror, holding the platform's private key (and this merchant's
    /// API key; its request window is 60 s, not this object's webhook window).
    #[napi]
    pub fn provider(
        &self,
        platform_private_key: Either<String, Uint8Array>,
    ) -> napi::Result<UPayProvider> {
        let mut p = self.inner.provider(private_key(platform_private_key)?);
        if let Some(m) = self.max_inflated_bytes {
            p = p.with_max_inflated_bytes(m);
        }
        Ok(UPayProvider { inner: Arc::new(p) })
    }

    /// Standard base64 of HMAC-SHA256(`secret`, `data`): the `X-UPA-SIGN` value.
    #[napi]
    pub fn hmac_sign(
        secret: Either<String, Uint8Array>,
        data: Either<String, Uint8Array>,
    ) -> String {
        with_secret(secret, |s| upay::hmac_sign(s, bytes_of(&data)))
    }

    /// The JWE `kid` of a public key (hex SHA-256 of its SPKI PEM text).
    #[napi]
    pub fn key_id(public_key_input: Either<String, Uint8Array>) -> napi::Result<String> {
        let k = public_key(&public_key_input)?;
        sync(upay::key_id(&k))
    }
}

/// UPay mirror: verifies requests, seals responses and webhooks.
#[napi]
pub struct UPayProvider {
    inner: Arc<upay::UPayProvider>,
}

#[napi]
impl UPayProvider {
    /// A stand-in for the UPay platform: the merchant's `apiKey` (expected in
    /// `X-UPA-APIKEY`), the HMAC `secret`, the platform's private key and the merchant's
    /// public key.
    #[napi(constructor)]
    pub fn new(
        api_key: String,
        secret: String,
        platform_private_key: Either<String, Uint8Array>,
        merchant_public_key: Either<String, Uint8Array>,
        options: Option<UPayOptions>,
    ) -> napi::Result<Self> {
        let env = make_env(
            options.as_ref().and_then(|o| o.seed.as_ref()),
            options.as_ref().and_then(|o| o.now_ms),
        );
        let secret = cardseal::SecretString::new(secret);
        let mut inner = sync(upay::UPayProvider::new(
            &api_key,
            secret.expose(),
            private_key(platform_private_key)?,
            public_key(&merchant_public_key)?,
            env,
        ))?;
        if let Some(w) = options.as_ref().and_then(|o| o.replay_window_ms) {
            inner = sync(inner.with_replay_window_ms(w))?;
        }
        if let Some(m) = options.as_ref().and_then(|o| o.max_inflated_bytes) {
            let m = usize::try_from(m).map_err(|_| invalid("maxInflatedBytes", "must be ≥ 0"))?;
            inner = inner.with_max_inflated_bytes(m);
        }
        Ok(UPayProvider {
            inner: Arc::new(inner),
        })
    }

    /// Verifies (and decrypts) a request: the params JSON text (sync).
    #[napi(ts_return_type = "string")]
    pub fn open_request_sync(
        &self,
        method: String,
        path: String,
        body: Either<String, Uint8Array>,
        headers: Option<Vec<String>>,
    ) -> napi::Result<Text> {
        let h = headers_of(headers)?;
        text(
            self.inner
                .open_request(&method, &path, text_of(&body, "body")?, &h),
        )
    }

    /// Verifies a request on the thread pool.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn open_request(
        &self,
        method: String,
        path: String,
        body: Either<String, Uint8Array>,
        headers: Option<Vec<String>>,
    ) -> napi::Result<AsyncTask<TextTask>> {
        let m = Arc::clone(&self.inner);
        let body = owned_text(body, "body")?;
        let h = headers_of(headers)?;
        Ok(AsyncTask::new(TextTask::new(move || {
            m.open_request(&method, &path, &body, &h)
        })))
    }

    /// Seals a response carrying `payload_json` (encrypted into a JWE with `encrypt`) (sync).
    #[napi]
    pub fn seal_response_sync(
        &self,
        payload_json: Either<String, Uint8Array>,
        encrypt: Option<bool>,
    ) -> napi::Result<SealedMessage> {
        let payload = text_of(&payload_json, "payload")?;
        sealed(self.inner.seal_response(payload, encrypt.unwrap_or(false)))
    }

    /// Seals a response on the thread pool.
    #[napi(ts_return_type = "Promise<SealedMessage>")]
    pub fn seal_response(
        &self,
        payload_json: Either<String, Uint8Array>,
        encrypt: Option<bool>,
    ) -> napi::Result<AsyncTask<SealTask>> {
        let m = Arc::clone(&self.inner);
        let payload = owned_text(payload_json, "payload")?;
        Ok(AsyncTask::new(SealTask::new(move || {
            m.seal_response(&payload, encrypt.unwrap_or(false))
        })))
    }

    /// Seals a webhook (JWE to the merchant key, signed headers) (sync).
    #[napi]
    pub fn seal_notification_sync(
        &self,
        payload_json: Either<String, Uint8Array>,
        timestamp_ms: Option<i64>,
        request_id: Option<String>,
    ) -> napi::Result<SealedMessage> {
        let payload = text_of(&payload_json, "payload")?;
        sealed(
            self.inner
                .seal_notification_with(payload, timestamp_ms, request_id.as_deref()),
        )
    }

    /// Seals a webhook on the thread pool.
    #[napi(ts_return_type = "Promise<SealedMessage>")]
    pub fn seal_notification(
        &self,
        payload_json: Either<String, Uint8Array>,
        timestamp_ms: Option<i64>,
        request_id: Option<String>,
    ) -> napi::Result<AsyncTask<SealTask>> {
        let m = Arc::clone(&self.inner);
        let payload = owned_text(payload_json, "payload")?;
        Ok(AsyncTask::new(SealTask::new(move || {
            m.seal_notification_with(&payload, timestamp_ms, request_id.as_deref())
        })))
    }
}
