//! UPay: `UPay` (merchant side) and `UPayProvider` (mirror).

use std::sync::Arc;

use cardseal::providers::upay;
use napi::Env;
use napi::bindgen_prelude::{Either, Uint8Array};
use napi_derive::napi;

use crate::{bytes_of, invalid, private_key, public_key, throwing, with_secret};

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

/// `maxInflatedBytes` as a size.
fn max_inflated_bytes(o: Option<&UPayOptions>) -> cardseal::Result<Option<usize>> {
    match o.and_then(|o| o.max_inflated_bytes) {
        Some(m) => Ok(Some(
            usize::try_from(m).map_err(|_| invalid("maxInflatedBytes", "must be ≥ 0"))?,
        )),
        None => Ok(None),
    }
}

/// Either side's core object: `$core::new(api_key, secret, our key, the peer's key, env)`
/// (the secret's Rust copy zeroized) with the settings of `options`.
macro_rules! with_options {
    ($core:ty, $api_key:expr, $secret:expr, $key:expr, $peer:expr, $options:expr) => {{
        let secret = cardseal::SecretString::new($secret);
        let keys = (private_key($key)?, public_key(&$peer)?);
        let mut inner = <$core>::new(
            &$api_key,
            secret.expose(),
            keys.0,
            keys.1,
            env_of!($options),
        )?;
        if let Some(w) = $options.as_ref().and_then(|o| o.replay_window_ms) {
            inner = inner.with_replay_window_ms(w)?;
        }
        if let Some(m) = max_inflated_bytes($options.as_ref())? {
            inner = inner.with_max_inflated_bytes(m);
        }
        Arc::new(inner)
    }};
}

/// UPay, merchant side (HMAC-SHA256 request signatures, RSA-OAEP-256 JWE payloads).
#[napi]
pub struct UPay {
    pub(crate) inner: Arc<upay::UPay>,
    max_inflated_bytes: Option<usize>,
}

#[napi]
impl UPay {
    /// A merchant with its `apiKey` (sent as `X-UPA-APIKEY`; this argument was named
    /// `appId` before), HMAC `secret`, private key and UPay's public key.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        api_key: String,
        secret: String,
        private_key_input: Either<String, Uint8Array>,
        provider_public_key: Either<String, Uint8Array>,
        options: Option<UPayOptions>,
    ) -> napi::Result<Self> {
        throwing(env, || {
            let inner = with_options!(
                upay::UPay,
                api_key,
                secret,
                private_key_input,
                provider_public_key,
                options
            );
            Ok(UPay {
                inner,
                max_inflated_bytes: max_inflated_bytes(options.as_ref())?,
            })
        })
    }

    /// The platform-side mirror, holding the platform's private key (and this merchant's
    /// API key; its request window is 60 s, not this object's webhook window).
    #[napi]
    pub fn provider(
        &self,
        env: &Env,
        platform_private_key: Either<String, Uint8Array>,
    ) -> napi::Result<UPayProvider> {
        throwing(env, || {
            let mut p = self.inner.provider(private_key(platform_private_key)?);
            if let Some(m) = self.max_inflated_bytes {
                p = p.with_max_inflated_bytes(m);
            }
            Ok(UPayProvider { inner: Arc::new(p) })
        })
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
    pub fn key_id(env: &Env, public_key_input: Either<String, Uint8Array>) -> napi::Result<String> {
        throwing(env, || {
            let k = public_key(&public_key_input)?;
            upay::key_id(&k)
        })
    }
}

/// UPay mirror: verifies requests, seals responses and webhooks.
#[napi]
pub struct UPayProvider {
    pub(crate) inner: Arc<upay::UPayProvider>,
}

#[napi]
impl UPayProvider {
    /// A stand-in for the UPay platform: the merchant's `apiKey` (expected in
    /// `X-UPA-APIKEY`), the HMAC `secret`, the platform's private key and the merchant's
    /// public key.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        api_key: String,
        secret: String,
        platform_private_key: Either<String, Uint8Array>,
        merchant_public_key: Either<String, Uint8Array>,
        options: Option<UPayOptions>,
    ) -> napi::Result<Self> {
        throwing(env, || {
            let inner = with_options!(
                upay::UPayProvider,
                api_key,
                secret,
                platform_private_key,
                merchant_public_key,
                options
            );
            Ok(UPayProvider { inner })
        })
    }
}
