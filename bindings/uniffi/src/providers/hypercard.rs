//! HyperCard by HyperPay: SHA256withRSA over headers + body, card details RSA-encrypted.

use std::sync::Arc;

use cardseal::canonical::form;
use cardseal::providers::hypercard as core;

use crate::env::make_env;
use crate::error::Result;
use crate::keys::{RsaPrivateKey, parse_private, parse_public};

/// Header values of a HyperCard request or push event; each defaults to a generated or
/// standard value.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct HyperCardRequestOptions {
    /// The `timestamp` header in Unix seconds (default: the clock).
    #[uniffi(default = None)]
    pub timestamp: Option<i64>,
    /// The `nonce` header (default: 10 random alphanumeric characters).
    #[uniffi(default = None)]
    pub nonce: Option<String>,
    /// The optional `lang` header (not sent when null).
    #[uniffi(default = None)]
    pub lang: Option<String>,
    /// The `version` header (default `1.0`).
    #[uniffi(default = None)]
    pub version: Option<String>,
}

impl From<HyperCardRequestOptions> for core::HyperCardRequestOptions {
    fn from(o: HyperCardRequestOptions) -> Self {
        core::HyperCardRequestOptions {
            timestamp: o.timestamp,
            nonce: o.nonce,
            lang: o.lang,
            version: o.version,
        }
    }
}

/// How numbers are written in HyperCard's string to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum NumberStyle {
    /// What HyperCard's Python reference does, `str(json.loads(literal))`: `5000.00` →
    /// `5000.0`, `1e2` → `100.0` (the default).
    Python,
    /// Exactly as written in the JSON text.
    AsWritten,
}

impl From<NumberStyle> for form::NumberStyle {
    fn from(n: NumberStyle) -> Self {
        match n {
            NumberStyle::Python => form::NumberStyle::Python,
            NumberStyle::AsWritten => form::NumberStyle::AsWritten,
        }
    }
}

/// HyperCard, merchant side.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct HyperCard {
    pub(crate) inner: core::HyperCard,
}

#[uniffi::export]
impl HyperCard {
    /// A merchant client: `api_key`, the merchant's private key, HyperCard's public key.
    /// `max_skew_secs` is the accepted window of push events' signed timestamp (default
    /// 86 700 s, 24 h + 5 min: HyperCard retries a push for 24 hours, so de-duplicate
    /// retries by the event's identifier in the body; null disables the check).
    /// `number_style` is how numbers are written in the string to sign (default
    /// [`NumberStyle::Python`]). `python_version` is the CPython whose `repr()` escapes
    /// non-ASCII characters of nested strings (`"3.11"` to `"3.14"`; default the newest).
    /// `seed`/`now_ms`: tests only.
    #[uniffi::constructor(default(seed = None, now_ms = None, max_skew_secs = Some(86700), number_style = None, python_version = None))]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        api_key: String,
        private_key: String,
        provider_public_key: String,
        seed: Option<Vec<u8>>,
        now_ms: Option<i64>,
        max_skew_secs: Option<i64>,
        number_style: Option<NumberStyle>,
        python_version: Option<String>,
    ) -> Result<Arc<Self>> {
        let mut inner = core::HyperCard::new(
            &api_key,
            parse_private(private_key)?,
            parse_public(&provider_public_key)?,
            make_env(seed, now_ms),
        )?
        .with_max_skew_secs(max_skew_secs)?;
        if let Some(n) = number_style {
            inner = inner.with_number_style(n.into());
        }
        if let Some(v) = python_version {
            inner = inner.with_python_version(v.parse()?);
        }
        Ok(Arc::new(HyperCard { inner }))
    }

    /// The merchant's `api-key`.
    pub fn api_key(&self) -> String {
        self.inner.api_key().to_owned()
    }

    /// The HyperCard-side mirror, given HyperCard's private key.
    pub fn provider(&self, provider_private_key: String) -> Result<Arc<HyperCardProvider>> {
        Ok(Arc::new(HyperCardProvider {
            inner: self.inner.provider(parse_private(provider_private_key)?),
        }))
    }
}

/// The HyperCard side (mirror), for local stand-ins and tests.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct HyperCardProvider {
    pub(crate) inner: core::HyperCardProvider,
}

#[uniffi::export]
impl HyperCardProvider {
    /// A mirror: `api_key`, HyperCard's private key, the merchant's public key (options as
    /// [`HyperCard::new`], but the request window defaults to 300 s).
    #[uniffi::constructor(default(seed = None, now_ms = None, max_skew_secs = Some(300), number_style = None, python_version = None))]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        api_key: String,
        provider_private_key: String,
        merchant_public_key: String,
        seed: Option<Vec<u8>>,
        now_ms: Option<i64>,
        max_skew_secs: Option<i64>,
        number_style: Option<NumberStyle>,
        python_version: Option<String>,
    ) -> Result<Arc<Self>> {
        let mut inner = core::HyperCardProvider::new(
            &api_key,
            parse_private(provider_private_key)?,
            parse_public(&merchant_public_key)?,
            make_env(seed, now_ms),
        )?
        .with_max_skew_secs(max_skew_secs)?;
        if let Some(n) = number_style {
            inner = inner.with_number_style(n.into());
        }
        if let Some(v) = python_version {
            inner = inner.with_python_version(v.parse()?);
        }
        Ok(Arc::new(HyperCardProvider { inner }))
    }

    /// Encrypts card details (a non-empty JSON object text, used byte for byte) to the
    /// merchant's card-detail key (≥ 4096 bits): base64 of RSA-PKCS1-v1_5 blocks.
    /// Errors: `InvalidKey` (key size), `InvalidInput` (`detail` not a JSON object).
    pub fn encrypt_card_detail(&self, detail: String, merchant_card_key: String) -> Result<String> {
        Ok(self
            .inner
            .encrypt_card_detail(&detail, &parse_public(&merchant_card_key)?)?)
    }
}

/// Decrypts a HyperCard card-detail field (base64 of RSA-PKCS1-v1_5 blocks) with the
/// merchant's card-detail key (≥ 4096 bits, else `InvalidKey`): the card details as JSON
/// object text. Anything that does not decrypt to a non-empty JSON object is
/// `DecryptionFailed`. Take card details only from a verified message: the scheme has no
/// integrity check of its own.
#[uniffi::export]
pub fn hypercard_decrypt_card_detail(encoded: String, key: &RsaPrivateKey) -> Result<String> {
    Ok(core::decrypt_card_detail(&encoded, &key.inner)?)
}

crate::delegate_debug!(HyperCard, HyperCardProvider);

/// What a merchant answers (HTTP 200) to a HyperCard push event it has accepted:
/// `{"code":1,"msg":"ok","data":{}}`.
#[uniffi::export]
pub fn hypercard_notification_ack() -> String {
    core::NOTIFICATION_ACK.to_owned()
}
