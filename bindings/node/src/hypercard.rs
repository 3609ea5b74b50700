//! HyperCard: `HyperCard` (merchant side) and `HyperCardProvider` (mirror).

use std::sync::Arc;

use cardseal::canonical::form::{NumberStyle, PythonVersion};
use cardseal::providers::hypercard;
use napi::Env;
use napi::bindgen_prelude::{Either, Uint8Array};
use napi_derive::napi;

use crate::{Text, invalid, private_key, public_key, text_of, throwing, to_js};

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

fn number_style(o: Option<&HyperCardOptions>) -> cardseal::Result<NumberStyle> {
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

fn python_version(o: Option<&HyperCardOptions>) -> cardseal::Result<PythonVersion> {
    match o.and_then(|o| o.python_version.as_deref()) {
        None => Ok(PythonVersion::NEWEST),
        Some(v) => v.parse(),
    }
}

/// Either side's core object: `$core::new(api_key, our key, the peer's key, env)` with the
/// settings of `options` (both sides take the same ones).
macro_rules! with_options {
    ($core:ty, $api_key:expr, $key:expr, $peer:expr, $options:expr) => {{
        let o = $options.as_ref();
        let keys = (private_key($key)?, public_key(&$peer)?);
        let mut inner = <$core>::new(&$api_key, keys.0, keys.1, env_of!($options))?
            .with_number_style(number_style(o)?)
            .with_python_version(python_version(o)?);
        if let Some(window) = max_skew(o) {
            inner = inner.with_max_skew_secs(window)?;
        }
        Arc::new(inner)
    }};
}

/// HyperCard by HyperPay, merchant side (SHA256withRSA header signatures).
#[napi]
pub struct HyperCard {
    pub(crate) inner: Arc<hypercard::HyperCard>,
}

#[napi]
impl HyperCard {
    /// A merchant with its `api-key`, private key and HyperCard's public key.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        api_key: String,
        private_key_input: Either<String, Uint8Array>,
        provider_public_key: Either<String, Uint8Array>,
        options: Option<HyperCardOptions>,
    ) -> napi::Result<Self> {
        throwing(env, || {
            let inner = with_options!(
                hypercard::HyperCard,
                api_key,
                private_key_input,
                provider_public_key,
                options
            );
            Ok(HyperCard { inner })
        })
    }

    /// The HyperCard-side mirror, holding HyperCard's private key.
    #[napi]
    pub fn provider(
        &self,
        env: &Env,
        provider_private_key: Either<String, Uint8Array>,
    ) -> napi::Result<HyperCardProvider> {
        throwing(env, || {
            let p = self.inner.provider(private_key(provider_private_key)?);
            Ok(HyperCardProvider { inner: Arc::new(p) })
        })
    }

    /// Decrypts a card detail (base64 of RSA-PKCS1-v1_5 blocks; a JSON object) with the merchant's
    /// card-detail key (at least 4096 bits).
    #[napi(ts_return_type = "string")]
    pub fn decrypt_card_detail(
        env: &Env,
        encoded: Either<String, Uint8Array>,
        card_private_key: Either<String, Uint8Array>,
    ) -> napi::Result<Text> {
        throwing(env, || {
            let key = private_key(card_private_key)?;
            to_js(hypercard::decrypt_card_detail(
                text_of(&encoded, "encoded")?,
                &key,
            ))
        })
    }
}

/// HyperCard mirror: verifies requests, seals responses, push events and card details.
#[napi]
pub struct HyperCardProvider {
    pub(crate) inner: Arc<hypercard::HyperCardProvider>,
}

#[napi]
impl HyperCardProvider {
    /// A stand-in for HyperCard: its private key and the merchant's public key.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        api_key: String,
        provider_private_key: Either<String, Uint8Array>,
        merchant_public_key: Either<String, Uint8Array>,
        options: Option<HyperCardOptions>,
    ) -> napi::Result<Self> {
        throwing(env, || {
            let inner = with_options!(
                hypercard::HyperCardProvider,
                api_key,
                provider_private_key,
                merchant_public_key,
                options
            );
            Ok(HyperCardProvider { inner })
        })
    }

    /// Encrypts a card detail (a non-empty JSON object, byte for byte) to the merchant's
    /// card-detail public key (≥ 4096 bits).
    #[napi(ts_return_type = "string")]
    pub fn encrypt_card_detail(
        &self,
        env: &Env,
        detail: Either<String, Uint8Array>,
        merchant_card_public_key: Either<String, Uint8Array>,
    ) -> napi::Result<Text> {
        throwing(env, || {
            let key = public_key(&merchant_card_public_key)?;
            to_js(
                self.inner
                    .encrypt_card_detail(text_of(&detail, "payload")?, &key),
            )
        })
    }
}
