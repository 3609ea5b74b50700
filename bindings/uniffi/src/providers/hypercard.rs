//! HyperCard by HyperPay: SHA256withRSA over headers + body, card details RSA-encrypted.

use cardseal::providers::hypercard as core;

use crate::error::Result;
use crate::generated::HyperCardProvider;
use crate::keys::{RsaPrivateKey, parse_public};

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

impl NumberStyle {
    /// The core's name of the style (`"python"`, `"as_written"`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            NumberStyle::Python => "python",
            NumberStyle::AsWritten => "as_written",
        }
    }
}

#[uniffi::export]
impl HyperCardProvider {
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

/// What a merchant answers (HTTP 200) to a HyperCard push event it has accepted:
/// `{"code":1,"msg":"ok","data":{}}`.
#[uniffi::export]
pub fn hypercard_notification_ack() -> String {
    core::NOTIFICATION_ACK.to_owned()
}
