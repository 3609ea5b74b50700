//! KazePay: the RSA + AES "digital envelope", with its unpublished choices as a profile.

use std::sync::Arc;

use cardseal::providers::kazepay as core;

use crate::env::make_env;
use crate::error::Result;
use crate::generated::{KazePay, KazePayProvider};
use crate::keys::{RsaPrivateKey, RsaPublicKey, parse_private, parse_public};
use crate::types::TraceStep;

/// The digest of KazePay's RSA signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KazePaySignDigest {
    /// SHA1withRSA (default).
    Sha1,
    /// SHA256withRSA.
    Sha256,
}

/// What `head.sign` signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KazePaySignedContent {
    /// The plaintext body JSON text (default).
    PlaintextBody,
    /// The base64 text of `body.encrypt` as sent.
    Ciphertext,
}

/// What RSA wraps into `head.keyEnc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KazePayKeyWrapping {
    /// The base64 text of the session key (default).
    Base64Text,
    /// The raw session key bytes.
    Raw,
}

/// The AES session key size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KazePayAesKeySize {
    /// AES-128 (default).
    Aes128,
    /// AES-256.
    Aes256,
}

/// The unpublished choices of the KazePay envelope. The defaults are the closest
/// documented relatives' (SHA-1, plaintext body, base64 text key, AES-128); use
/// [`kazepay_detect`] on one real response to find the right values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct KazePayProfile {
    /// Signature digest.
    pub digest: KazePaySignDigest,
    /// What is signed.
    pub signed_content: KazePaySignedContent,
    /// What RSA wraps.
    pub key_wrapping: KazePayKeyWrapping,
    /// Session key size.
    pub aes_key_size: KazePayAesKeySize,
}

impl From<KazePayProfile> for core::KazePayProfile {
    fn from(p: KazePayProfile) -> Self {
        core::KazePayProfile {
            digest: match p.digest {
                KazePaySignDigest::Sha1 => core::SignDigest::Sha1,
                KazePaySignDigest::Sha256 => core::SignDigest::Sha256,
            },
            signed_content: match p.signed_content {
                KazePaySignedContent::PlaintextBody => core::SignedContent::PlaintextBody,
                KazePaySignedContent::Ciphertext => core::SignedContent::Ciphertext,
            },
            key_wrapping: match p.key_wrapping {
                KazePayKeyWrapping::Base64Text => core::KeyWrapping::Base64Text,
                KazePayKeyWrapping::Raw => core::KeyWrapping::Raw,
            },
            aes_key_size: match p.aes_key_size {
                KazePayAesKeySize::Aes128 => core::AesKeySize::Aes128,
                KazePayAesKeySize::Aes256 => core::AesKeySize::Aes256,
            },
        }
    }
}

impl From<core::KazePayProfile> for KazePayProfile {
    fn from(p: core::KazePayProfile) -> Self {
        KazePayProfile {
            digest: match p.digest {
                core::SignDigest::Sha1 => KazePaySignDigest::Sha1,
                core::SignDigest::Sha256 => KazePaySignDigest::Sha256,
            },
            signed_content: match p.signed_content {
                core::SignedContent::PlaintextBody => KazePaySignedContent::PlaintextBody,
                core::SignedContent::Ciphertext => KazePaySignedContent::Ciphertext,
            },
            key_wrapping: match p.key_wrapping {
                core::KeyWrapping::Base64Text => KazePayKeyWrapping::Base64Text,
                core::KeyWrapping::Raw => KazePayKeyWrapping::Raw,
            },
            aes_key_size: match p.aes_key_size {
                core::AesKeySize::Aes128 => KazePayAesKeySize::Aes128,
                core::AesKeySize::Aes256 => KazePayAesKeySize::Aes256,
            },
        }
    }
}

/// The default profile (SHA-1, plaintext body, base64 text key, AES-128).
#[uniffi::export]
pub fn kazepay_default_profile() -> KazePayProfile {
    core::KazePayProfile::default().into()
}

/// A profile from option names (as the CLI and the vectors spell them): `digest`
/// `sha1`/`sha256`, `signed_content` `plaintext`/`ciphertext`, `key_wrapping`
/// `base64_text`/`raw`, `aes_key_bits` 128/256. Errors: `InvalidInput` naming the option.
#[uniffi::export(default(
    digest = "sha1",
    signed_content = "plaintext",
    key_wrapping = "base64_text",
    aes_key_bits = 128
))]
pub fn kazepay_profile_from_names(
    digest: String,
    signed_content: String,
    key_wrapping: String,
    aes_key_bits: i32,
) -> Result<KazePayProfile> {
    // A negative size is passed on as 0, which `from_names` rejects naming `aes_key_bits`.
    let bits = u32::try_from(aes_key_bits).unwrap_or(0);
    Ok(core::KazePayProfile::from_names(&digest, &signed_content, &key_wrapping, bits)?.into())
}

/// The option names of a profile: `digest=sha1 signed_content=plaintext
/// key_wrapping=base64_text aes_key_bits=128`.
#[uniffi::export]
pub fn kazepay_profile_describe(profile: KazePayProfile) -> String {
    core::KazePayProfile::from(profile).describe()
}

/// Every profile (16), the default first.
#[uniffi::export]
pub fn kazepay_all_profiles() -> Vec<KazePayProfile> {
    core::KazePayProfile::all()
        .into_iter()
        .map(Into::into)
        .collect()
}

/// One attempt of [`kazepay_detect`].
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KazePayDetectAttempt {
    /// The options tried.
    pub profile: KazePayProfile,
    /// Null when the message opened and verified, else the error kind (`invalid_key`, ...).
    pub error_kind: Option<String>,
}

/// What [`kazepay_detect`] found.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KazePayDetectReport {
    /// The profiles under which the message opens and verifies.
    pub matches: Vec<KazePayProfile>,
    /// Every attempt, in order.
    pub attempts: Vec<KazePayDetectAttempt>,
    /// The body JSON under the first match.
    pub body: Option<String>,
    /// One line per match, or a line saying nothing matched.
    pub summary: String,
}

/// Tries every profile on one real message (a response or notification) with the
/// recipient's private key and the sender's public key, and reports which open and verify.
/// Errors: `InvalidInput` when the message is not an envelope.
#[uniffi::export]
pub fn kazepay_detect(
    message: String,
    recipient_private_key: &RsaPrivateKey,
    sender_public_key: &RsaPublicKey,
) -> Result<KazePayDetectReport> {
    let r = core::detect(
        &message,
        &recipient_private_key.inner,
        &sender_public_key.inner,
    )?;
    Ok(KazePayDetectReport {
        summary: r.summary(),
        matches: r.matches.iter().copied().map(Into::into).collect(),
        attempts: r
            .attempts
            .iter()
            .map(|a| KazePayDetectAttempt {
                profile: a.profile.into(),
                error_kind: a.error.map(|k| k.as_str().to_owned()),
            })
            .collect(),
        body: r.body,
    })
}

/// A file for a KazePay multipart upload.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct KazePayFile {
    /// The file name sent in `Content-Disposition` (no `"`, CR or LF).
    pub file_name: String,
    /// The file's content type, e.g. `image/jpeg`.
    pub content_type: String,
    /// The file bytes, sent untouched.
    pub data: Vec<u8>,
}

impl std::fmt::Debug for KazePayFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KazePayFile")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("data_len", &self.data.len())
            .finish()
    }
}

/// A sealed multipart upload (fileUpload).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct KazePayMultipartUpload {
    /// The multipart boundary.
    pub boundary: String,
    /// The `Content-Type` header value (`multipart/form-data; boundary=…`).
    pub content_type: String,
    /// The JSON envelope in the `request` part.
    pub request_json: String,
    /// The whole multipart body.
    pub body: Vec<u8>,
    /// The intermediate values.
    pub trace: Vec<TraceStep>,
}

impl std::fmt::Debug for KazePayMultipartUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KazePayMultipartUpload")
            .field("boundary", &self.boundary)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The multipart body of a fileUpload: the `file` part (bytes untouched) then the
/// `request` part holding `request_json`. Errors: `InvalidInput` (boundary, names, a
/// boundary found in the content).
#[uniffi::export]
pub fn kazepay_multipart_body(
    boundary: String,
    file: KazePayFile,
    request_json: String,
) -> Result<Vec<u8>> {
    let part = core::FilePart {
        file_name: &file.file_name,
        content_type: &file.content_type,
        data: &file.data,
    };
    Ok(core::multipart_body(&boundary, &part, &request_json)?)
}

#[uniffi::export]
impl KazePay {
    /// A merchant client: `sys_id`, the merchant's private key, KazePay's public key, and
    /// the envelope `profile` (default: [`kazepay_default_profile`]). `seed`/`now_ms`:
    /// tests only.
    #[uniffi::constructor(default(profile = None, seed = None, now_ms = None))]
    pub fn new(
        sys_id: String,
        private_key: String,
        provider_public_key: String,
        profile: Option<KazePayProfile>,
        seed: Option<Vec<u8>>,
        now_ms: Option<i64>,
    ) -> Result<Arc<Self>> {
        Ok(Arc::new(KazePay {
            inner: core::KazePay::new(
                &sys_id,
                parse_private(private_key)?,
                parse_public(&provider_public_key)?,
                profile.map(Into::into).unwrap_or_default(),
                make_env(seed, now_ms),
            )?,
        }))
    }

    /// The profile in use.
    pub fn profile(&self) -> KazePayProfile {
        self.inner.profile().into()
    }

    /// Seals a fileUpload: the envelope in the `request` part, `file` untouched.
    #[uniffi::method(default(request_no = None))]
    pub fn seal_file_upload(
        &self,
        body_json: String,
        file: KazePayFile,
        request_no: Option<String>,
    ) -> Result<KazePayMultipartUpload> {
        let part = core::FilePart {
            file_name: &file.file_name,
            content_type: &file.content_type,
            data: &file.data,
        };
        let m = self
            .inner
            .seal_file_upload(&body_json, request_no.as_deref(), &part)?;
        Ok(KazePayMultipartUpload {
            boundary: m.boundary,
            content_type: m.content_type,
            request_json: m.request_json,
            body: m.body,
            trace: m
                .trace
                .into_steps()
                .into_iter()
                .map(|(name, value)| TraceStep { name, value })
                .collect(),
        })
    }
}

#[uniffi::export]
impl KazePayProvider {
    /// A mirror: `sys_id`, KazePay's private key, the merchant's public key, the profile.
    #[uniffi::constructor(default(profile = None, seed = None, now_ms = None))]
    pub fn new(
        sys_id: String,
        provider_private_key: String,
        merchant_public_key: String,
        profile: Option<KazePayProfile>,
        seed: Option<Vec<u8>>,
        now_ms: Option<i64>,
    ) -> Result<Arc<Self>> {
        Ok(Arc::new(KazePayProvider {
            inner: core::KazePayProvider::new(
                &sys_id,
                parse_private(provider_private_key)?,
                parse_public(&merchant_public_key)?,
                profile.map(Into::into).unwrap_or_default(),
                make_env(seed, now_ms),
            )?,
        }))
    }
}
