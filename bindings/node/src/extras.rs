//! The provider classes' extras that the declaration (`bindings/declaration.rs`, expanded
//! in `generated.rs`) does not cover: static helpers (UPay's HMAC and key id, KazePay's
//! profile detection and multipart body, HyperCard's card-detail decryption), HyperCard's
//! card-detail encryption, KazePay's file upload, Paytend's request id and ASINX's error
//! response with a result. `index.js` gives them their public names.

use std::sync::Arc;

use cardseal::providers::{hypercard, kazepay, upay};
use napi::Env;
use napi::bindgen_prelude::{AsyncTask, Buffer, Either, Uint8Array};
use napi_derive::napi;

use crate::generated::{AsinxProvider, HyperCard, HyperCardProvider, KazePay, Paytend, UPay};
use crate::{
    CoreTask, SealedMessage, Text, ToJs, TraceSteps, bytes_of, owned_text, private_key, public_key,
    text_of, throwing, to_js, with_secret,
};

#[napi]
impl AsinxProvider {
    /// Seals a failure response (`success: false`); with `result_json`, the error details
    /// travel encrypted in `result`.
    #[napi]
    pub fn seal_error_response_sync(
        &self,
        env: &Env,
        code: i64,
        message: String,
        result_json: Option<Either<String, Uint8Array>>,
    ) -> napi::Result<SealedMessage> {
        throwing(env, || match result_json {
            Some(r) => to_js(self.inner.seal_error_response_with_result(
                code,
                &message,
                text_of(&r, "payload")?,
            )),
            None => to_js(self.inner.seal_error_response(code, &message)),
        })
    }
}

#[napi]
impl Paytend {
    /// A new `requestId` (partnerId + `yyyyMMddHHmmssSSS`).
    #[napi]
    pub fn request_id(&self, env: &Env) -> napi::Result<String> {
        throwing(env, || self.inner.request_id())
    }
}

#[napi]
impl HyperCard {
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

#[napi]
impl HyperCardProvider {
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

#[napi]
impl UPay {
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

/// A file for a multipart `fileUpload`.
#[napi(object, object_to_js = false)]
pub struct FilePartInput {
    /// The file name in `Content-Disposition`.
    pub file_name: String,
    /// The file's `Content-Type`.
    pub content_type: String,
    /// The file's bytes, passed through untouched.
    pub data: Either<String, Uint8Array>,
}

/// A sealed multipart `fileUpload`.
#[napi(object, object_from_js = false)]
pub struct MultipartUploadMessage {
    /// The multipart boundary.
    pub boundary: String,
    /// The `Content-Type` header value.
    pub content_type: String,
    /// The sealed envelope in the `request` part.
    pub request_json: String,
    /// The complete multipart body.
    pub body: Buffer,
    /// The intermediate values (converted to JS on demand).
    pub trace: TraceSteps,
}

impl ToJs for kazepay::MultipartUpload {
    type Js = MultipartUploadMessage;
    fn to_js(self) -> MultipartUploadMessage {
        MultipartUploadMessage {
            boundary: self.boundary,
            content_type: self.content_type,
            request_json: self.request_json,
            body: Buffer::from(self.body),
            trace: TraceSteps::new(self.trace),
        }
    }
}

/// The result of `KazePay.detect`.
#[napi(object)]
pub struct DetectResult {
    /// Descriptions of every profile under which the message opens and verifies.
    pub matches: Vec<String>,
    /// The body under the first match, if any.
    pub body_json: Option<String>,
}

#[napi]
impl KazePay {
    /// Seals a multipart `fileUpload` (sync).
    #[napi]
    pub fn seal_file_upload_sync(
        &self,
        env: &Env,
        body_json: Either<String, Uint8Array>,
        file: FilePartInput,
        request_no: Option<String>,
    ) -> napi::Result<MultipartUploadMessage> {
        throwing(env, || {
            let part = kazepay::FilePart {
                file_name: &file.file_name,
                content_type: &file.content_type,
                data: bytes_of(&file.data),
            };
            let body = text_of(&body_json, "payload")?;
            to_js(
                self.inner
                    .seal_file_upload(body, request_no.as_deref(), &part),
            )
        })
    }

    /// Seals a multipart `fileUpload` on the thread pool.
    #[napi(ts_return_type = "Promise<MultipartUploadMessage>")]
    pub fn seal_file_upload(
        &self,
        env: &Env,
        body_json: Either<String, Uint8Array>,
        file: FilePartInput,
        request_no: Option<String>,
    ) -> napi::Result<AsyncTask<CoreTask<kazepay::MultipartUpload>>> {
        throwing(env, || {
            let inner = Arc::clone(&self.inner);
            let body = owned_text(body_json, "payload")?;
            let data = bytes_of(&file.data).to_vec();
            let (file_name, content_type) = (file.file_name, file.content_type);
            Ok(CoreTask::spawn(move || {
                let part = kazepay::FilePart {
                    file_name: &file_name,
                    content_type: &content_type,
                    data: &data,
                };
                inner.seal_file_upload(&body, request_no.as_deref(), &part)
            }))
        })
    }

    /// Tries every profile on `message` with the recipient's private key and the sender's
    /// public key.
    #[napi]
    pub fn detect(
        env: &Env,
        message: Either<String, Uint8Array>,
        recipient_private_key: Either<String, Uint8Array>,
        sender_public_key: Either<String, Uint8Array>,
    ) -> napi::Result<DetectResult> {
        throwing(env, || {
            let k = private_key(recipient_private_key)?;
            let pk = public_key(&sender_public_key)?;
            let r = kazepay::detect(text_of(&message, "body")?, &k, &pk)?;
            Ok(DetectResult {
                matches: r.matches.iter().map(|p| p.describe()).collect(),
                body_json: r.body,
            })
        })
    }

    /// The multipart/form-data body of a `fileUpload` (file part, then `request` part).
    #[napi]
    pub fn multipart_body(
        env: &Env,
        boundary: String,
        file: FilePartInput,
        request_json: Either<String, Uint8Array>,
    ) -> napi::Result<Buffer> {
        throwing(env, || {
            let part = kazepay::FilePart {
                file_name: &file.file_name,
                content_type: &file.content_type,
                data: bytes_of(&file.data),
            };
            let request_json = text_of(&request_json, "payload")?;
            kazepay::multipart_body(&boundary, &part, request_json).map(Buffer::from)
        })
    }
}
