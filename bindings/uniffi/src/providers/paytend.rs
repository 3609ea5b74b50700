//! Paytend: RSA-1024 + AES-192-ECB envelopes, SHA256withRSA signatures.

use crate::error::Result;
use crate::generated::{Paytend, PaytendProvider};
use crate::types::Sealed;

#[uniffi::export]
impl Paytend {
    /// A new `requestId`: partnerId + `yyyyMMddHHmmssSSS` (32 characters).
    pub fn request_id(&self) -> Result<String> {
        Ok(self.inner.request_id()?)
    }
}

#[uniffi::export]
impl PaytendProvider {
    /// Seals a webhook of `notify_type` carrying `payload_json` byte for byte (as
    /// [`PaytendProvider::seal_notification`]).
    #[uniffi::method(default(encrypt = true))]
    pub fn seal_notification_of_type(
        &self,
        notify_type: String,
        payload_json: String,
        encrypt: bool,
    ) -> Result<Sealed> {
        Ok(self
            .inner
            .seal_notification_with(
                &notify_type,
                &payload_json,
                crate::generated::paytend_seal_options(encrypt),
            )?
            .into())
    }
}
