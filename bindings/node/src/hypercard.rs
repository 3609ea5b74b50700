//! HyperCard: `HyperCard` (merchant side) and `HyperCardProvider` (mirror).

use std::sync::Arc;

use cardseal::canonical::form::{NumberStyle, PythonVersion};
use cardseal::providers::hypercard;
use napi::bindgen_prelude::{AsyncTask, Either, Uint8Array};
use napi_derive::napi;

use crate::{
    SealTask, SealedMessage, Text, TextTask, headers_of, invalid, make_env, owned_text,
    private_key, public_key, sealed, sync, text, text_of,
};

/// Options of the `HyperCard` constructor.
#[napi(object, object_to_js = false)]
pub struct HyperCardOptions {
    /// Accepted skew of the signed `timestamp` from now, in seconds: push events at the
    /// merchant (default 86 700: 24 h + 5 min, HyperCard retries for 24 hours), requests
    /// at the mirror (default 300).
    pub max_skew_secs: Option<i64>,
    /// Set by `index.js` when `maxSkewSecs` is `null`: no age check (napi reads `null`
    /// and a missing value alike).
    pub no_max_skew: Option<bool>,
    /// How numbers are rendered in the signature string: `"python"` (default,
    /// `str(json.loads(literal))`: `5000.00` → `5000.0`) or `"as_written"`.
    pub numbers: Option<String>,
    /// The CPython whose `repr()` escapes non-ASCII characters of nested strings:
    /// `"3.11"` to `"3.14"` (default, the newest modelled).
    pub python_version: Option<String>,
    /// Seed of the deterministic random stream (test-only).
    pub seed: Option<Either<String, Uint8Array>>,
    /// Fixed clock, Unix milliseconds (test-only).
    pub now_ms: Option<i64>,
}

/// Header values of a HyperCard request or push; each defaults to a generated value.
#[napi(object, object_to_js = false)]
pub struct HyperCardRequestOptions {
    /// The `timestamp` header, Unix seconds (default: now).
    pub timestamp: Option<i64>,
    /// The `nonce` header (default: random alphanumeric).
    pub nonce: Option<String>,
    /// The optional `lang` header.
    pub lang: Option<String>,
    /// The `version` header (default `"1.0"`).
    pub version: Option<String>,
}

fn number_style(o: Option<&HyperCardOptions>) -> napi::Result<NumberStyle> {
    match o.and_then(|o| o.numbers.as_deref()) {
        None | Some("python") => Ok(NumberStyle::Python),
        Some("as_written") => Ok(NumberStyle::AsWritten),
        Some(other) => Err(invalid(
            "numbers",
            format!("unknown numbers style {other:?} (want \"python\" or \"as_written\")"),
        )),
    }
}

/// The window option: `None` keeps the default, `Some(None)` disables the check.
fn max_skew(o: Option<&HyperCardOptions>) -> Option<Option<i64>> {
    let o = o?;
    if o.no_max_skew == Some(true) {
        return Some(None);
    }
    o.max_skew_secs.map(Some)
}

fn python_version(o: Option<&HyperCardOptions>) -> napi::Result<PythonVersion> {
    match o.and_then(|o| o.python_version.as_deref()) {
        None => Ok(PythonVersion::NEWEST),
        Some(v) => sync(v.parse()),
    }
}

fn request_options(o: Option<HyperCardRequestOptions>) -> hypercard::HyperCardRequestOptions {
    match o {
        Some(o) => hypercard::HyperCardRequestOptions {
            timestamp: o.timestamp,
            nonce: o.nonce,
            lang: o.lang,
            version: o.version,
        },
        None => hypercard::HyperCardRequestOptions::default(),
    }
}

/// HyperCard by HyperPay, merchant side (SHA256withRSA header signatures).
#[napi]
pub struct HyperCard {
    inner: Arc<hypercard::HyperCard>,
}

#[napi]
impl HyperCard {
    /// A merchant with its `api-key`, private key and HyperCard's public key.
    #[napi(constructor)]
    pub fn new(
        api_key: String,
        private_key_input: Either<String, Uint8Array>,
        provider_public_key: Either<String, Uint8Array>,
        options: Option<HyperCardOptions>,
    ) -> napi::Result<Self> {
        let env = make_env(
            options.as_ref().and_then(|o| o.seed.as_ref()),
            options.as_ref().and_then(|o| o.now_ms),
        );
        let mut inner = sync(hypercard::HyperCard::new(
            &api_key,
            private_key(private_key_input)?,
            public_key(&provider_public_key)?,
            env,
        ))?;
        inner = inner
            .with_number_style(number_style(options.as_ref())?)
            .with_python_version(python_version(options.as_ref())?);
        if let Some(window) = max_skew(options.as_ref()) {
            inner = sync(inner.with_max_skew_secs(window))?;
        }
        Ok(HyperCard {
            inner: Arc::new(inner),
        })
    }

    /// Seals a request carrying `params_json` (sync).
    #[napi]
    pub fn seal_request_sync(
        &self,
        params_json: Either<String, Uint8Array>,
        options: Option<HyperCardRequestOptions>,
    ) -> napi::Result<SealedMessage> {
        let params = text_of(&params_json, "payload")?;
        sealed(self.inner.seal_request(params, request_options(options)))
    }

    /// Seals a request on the thread pool.
    #[napi(ts_return_type = "Promise<SealedMessage>")]
    pub fn seal_request(
        &self,
        params_json: Either<String, Uint8Array>,
        options: Option<HyperCardRequestOptions>,
    ) -> napi::Result<AsyncTask<SealTask>> {
        let m = Arc::clone(&self.inner);
        let params = owned_text(params_json, "payload")?;
        let o = request_options(options);
        Ok(AsyncTask::new(SealTask::new(move || {
            m.seal_request(&params, o)
        })))
    }

    /// Opens a response: `data` as compact JSON text (`"null"` when absent) (sync).
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

    /// Opens a push event: the verified body (sync).
    #[napi(ts_return_type = "string")]
    pub fn open_notification_sync(
        &self,
        body: Either<String, Uint8Array>,
        headers: Option<Vec<String>>,
    ) -> napi::Result<Text> {
        let h = headers_of(headers)?;
        text(self.inner.open_notification(text_of(&body, "body")?, &h))
    }

    /// Opens a push event on the thread pool.
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

    /// The HyperCard-side mirror, holding HyperCard's private key.
    #[napi]
    pub fn provider(
        &self,
        provider_private_key: Either<String, Uint8Array>,
    ) -> napi::Result<HyperCardProvider> {
        let p = self.inner.provider(private_key(provider_private_key)?);
        Ok(HyperCardProvider { inner: Arc::new(p) })
    }

    /// Decrypts a card detail (base64 of RSA-PKCS1-v1_5 blocks; a JSON object) with the merchant's
    /// card-detail key (at least 4096 bits).
    #[napi(ts_return_type = "string")]
    pub fn decrypt_card_detail(
        encoded: Either<String, Uint8Array>,
        card_private_key: Either<String, Uint8Array>,
    ) -> napi::Result<Text> {
        let key = private_key(card_private_key)?;
        text(hypercard::decrypt_card_detail(
            text_of(&encoded, "encoded")?,
            &key,
        ))
    }
}

/// HyperCard mirror: verifies requests, seals responses, push events and card details.
#[napi]
pub struct HyperCardProvider {
    inner: Arc<hypercard::HyperCardProvider>,
}

#[napi]
impl HyperCardProvider {
    /// A stand-in for HyperCard: its private key and the merchant's public key.
    #[napi(constructor)]
    pub fn new(
        api_key: String,
        provider_private_key: Either<String, Uint8Array>,
        merchant_public_key: Either<String, Uint8Array>,
        options: Option<HyperCardOptions>,
    ) -> napi::Result<Self> {
        let env = make_env(
            options.as_ref().and_then(|o| o.seed.as_ref()),
            options.as_ref().and_then(|o| o.now_ms),
        );
        let mut inner = sync(hypercard::HyperCardProvider::new(
            &api_key,
            private_key(provider_private_key)?,
            public_key(&merchant_public_key)?,
            env,
        ))?;
        inner = inner
            .with_number_style(number_style(options.as_ref())?)
            .with_python_version(python_version(options.as_ref())?);
        if let Some(window) = max_skew(options.as_ref()) {
            inner = sync(inner.with_max_skew_secs(window))?;
        }
        Ok(HyperCardProvider {
            inner: Arc::new(inner),
        })
    }

    /// Verifies a request: the body (sync).
    #[napi(ts_return_type = "string")]
    pub fn open_request_sync(
        &self,
        body: Either<String, Uint8Array>,
        headers: Option<Vec<String>>,
    ) -> napi::Result<Text> {
        let h = headers_of(headers)?;
        text(self.inner.open_request(text_of(&body, "body")?, &h))
    }

    /// Verifies a request on the thread pool.
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

    /// Seals a failure response (`code` ≠ `"00000"`).
    #[napi]
    pub fn seal_error_response_sync(
        &self,
        code: String,
        message: String,
    ) -> napi::Result<SealedMessage> {
        sealed(self.inner.seal_error_response(&code, &message))
    }

    /// Seals a signed push event carrying `payload_json` (sync).
    #[napi]
    pub fn seal_notification_sync(
        &self,
        payload_json: Either<String, Uint8Array>,
        options: Option<HyperCardRequestOptions>,
    ) -> napi::Result<SealedMessage> {
        let payload = text_of(&payload_json, "payload")?;
        sealed(
            self.inner
                .seal_notification_with(payload, request_options(options)),
        )
    }

    /// Seals a push event on the thread pool.
    #[napi(ts_return_type = "Promise<SealedMessage>")]
    pub fn seal_notification(
        &self,
        payload_json: Either<String, Uint8Array>,
        options: Option<HyperCardRequestOptions>,
    ) -> napi::Result<AsyncTask<SealTask>> {
        let m = Arc::clone(&self.inner);
        let payload = owned_text(payload_json, "payload")?;
        let o = request_options(options);
        Ok(AsyncTask::new(SealTask::new(move || {
            m.seal_notification_with(&payload, o)
        })))
    }

    /// Encrypts a card detail (a non-empty JSON object, byte for byte) to the merchant's
    /// card-detail public key (≥ 4096 bits).
    #[napi(ts_return_type = "string")]
    pub fn encrypt_card_detail(
        &self,
        detail: Either<String, Uint8Array>,
        merchant_card_public_key: Either<String, Uint8Array>,
    ) -> napi::Result<Text> {
        let key = public_key(&merchant_card_public_key)?;
        text(
            self.inner
                .encrypt_card_detail(text_of(&detail, "payload")?, &key),
        )
    }
}
