//! KazePay: `KazePay` (merchant side) and `KazePayProvider` (mirror).

use std::sync::Arc;

use cardseal::providers::kazepay;
use napi::Env;
use napi::bindgen_prelude::{AsyncTask, Buffer, Either, Uint8Array};
use napi_derive::napi;

use crate::{
    CoreTask, ToJs, TraceSteps, bytes_of, owned_text, private_key, public_key, text_of, throwing,
    to_js,
};

/// Options of the `KazePay` constructor: the envelope profile and test-only Env options.
#[napi(object, object_to_js = false)]
pub struct KazePayOptions {
    /// Signature digest: `"sha1"` (default) or `"sha256"`.
    pub digest: Option<String>,
    /// What `head.sign` signs: `"plaintext"` (default) or `"ciphertext"`.
    pub signed_content: Option<String>,
    /// What RSA wraps: `"base64_text"` (default) or `"raw"`.
    pub key_wrapping: Option<String>,
    /// AES session key size: 128 (default) or 256.
    pub aes_key_bits: Option<u32>,
    /// Seed of the deterministic random stream (test-only).
    pub seed: Option<Either<String, Uint8Array>>,
    /// Fixed clock, Unix milliseconds (test-only).
    pub now_ms: Option<i64>,
}

fn profile(o: Option<&KazePayOptions>) -> cardseal::Result<kazepay::KazePayProfile> {
    kazepay::KazePayProfile::from_names(
        o.and_then(|o| o.digest.as_deref()).unwrap_or("sha1"),
        o.and_then(|o| o.signed_content.as_deref())
            .unwrap_or("plaintext"),
        o.and_then(|o| o.key_wrapping.as_deref())
            .unwrap_or("base64_text"),
        o.and_then(|o| o.aes_key_bits).unwrap_or(128),
    )
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

/// KazePay, merchant side (RSA + AES digital envelope).
#[napi]
pub struct KazePay {
    pub(crate) inner: Arc<kazepay::KazePay>,
}

#[napi]
impl KazePay {
    /// A merchant with its `sysId`, private key, KazePay's public key and profile options.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        sys_id: String,
        private_key_input: Either<String, Uint8Array>,
        provider_public_key: Either<String, Uint8Array>,
        options: Option<KazePayOptions>,
    ) -> napi::Result<Self> {
        throwing(env, || {
            let inner = kazepay::KazePay::new(
                &sys_id,
                private_key(private_key_input)?,
                public_key(&provider_public_key)?,
                profile(options.as_ref())?,
                env_of!(options),
            )?;
            Ok(KazePay {
                inner: Arc::new(inner),
            })
        })
    }

    /// The profile in use, described (`"digest=… signed_content=… …"`).
    #[napi(getter)]
    pub fn profile(&self) -> String {
        self.inner.profile().describe()
    }

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

    /// The KazePay-side mirror, holding KazePay's private key.
    #[napi]
    pub fn provider(
        &self,
        env: &Env,
        provider_private_key: Either<String, Uint8Array>,
    ) -> napi::Result<KazePayProvider> {
        throwing(env, || {
            Ok(KazePayProvider {
                inner: Arc::new(self.inner.provider(private_key(provider_private_key)?)),
            })
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

/// KazePay mirror: opens requests, seals responses and notifications.
#[napi]
pub struct KazePayProvider {
    pub(crate) inner: Arc<kazepay::KazePayProvider>,
}

#[napi]
impl KazePayProvider {
    /// A stand-in for KazePay: its private key, the merchant's public key, the profile.
    #[napi(constructor)]
    pub fn new(
        env: &Env,
        sys_id: String,
        provider_private_key: Either<String, Uint8Array>,
        merchant_public_key: Either<String, Uint8Array>,
        options: Option<KazePayOptions>,
    ) -> napi::Result<Self> {
        throwing(env, || {
            let inner = kazepay::KazePayProvider::new(
                &sys_id,
                private_key(provider_private_key)?,
                public_key(&merchant_public_key)?,
                profile(options.as_ref())?,
                env_of!(options),
            )?;
            Ok(KazePayProvider {
                inner: Arc::new(inner),
            })
        })
    }
}
