//! ASINX Pay / Moonbank: shared `appSecret`, AES-128-ECB and an MD5 `sign` header.

use cardseal::providers::{Mirror, Received};

use crate::error::Result;
use crate::generated::AsinxProvider;
use crate::types::{HeaderField, Sealed, to_pairs};

#[uniffi::export]
impl AsinxProvider {
    /// Verifies a request to `path`; returns the body (as `open_request` with `path`).
    pub fn open_request_at(
        &self,
        path: String,
        body: String,
        headers: Vec<HeaderField>,
    ) -> Result<String> {
        let headers = to_pairs(headers);
        let received = Received::new(&body, &headers).to("POST", &path);
        Ok(Mirror::open_request(&self.inner, &received)?)
    }

    /// Seals a failure response `{"success":false,"code":..,"message":..}`; with
    /// `result_json` (error details, byte for byte), also `"result":hex` encrypting it,
    /// which the merchant side reports in `ProviderError.result`.
    /// Errors: `InvalidInput` (`payload`) when `result_json` is not JSON.
    #[uniffi::method(default(result_json = None))]
    pub fn seal_error_response(
        &self,
        code: i64,
        message: String,
        result_json: Option<String>,
    ) -> Result<Sealed> {
        Ok(match result_json {
            Some(r) => self
                .inner
                .seal_error_response_with_result(code, &message, &r)?,
            None => self.inner.seal_error_response(code, &message)?,
        }
        .into())
    }
}
