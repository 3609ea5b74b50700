//! `hazmat`: the building blocks, for providers cardseal does not model yet. Each
//! function converts its arguments and calls the core primitive of the same name.

use std::borrow::Cow;

use cardseal::canonical::form::{self, FormRule, NumberStyle};
use cardseal::canonical::json::{self, Json};
use cardseal::hazmat::digest::HashAlg;
use cardseal::hazmat::{aes, digest, encoding, jwe};
use napi::bindgen_prelude::{Buffer, Either, Uint8Array};
use napi_derive::napi;

use crate::{Text, bytes_of, invalid, make_env, private_key, public_key, sync, with_secret};

fn padding(p: Option<String>) -> napi::Result<aes::Padding> {
    match p.as_deref() {
        None | Some("pkcs7") => Ok(aes::Padding::Pkcs7),
        Some("none") => Ok(aes::Padding::None),
        Some(other) => Err(invalid(
            "padding",
            format!("unknown padding {other:?} (want \"pkcs7\" or \"none\")"),
        )),
    }
}

fn hash_alg(h: &str) -> napi::Result<HashAlg> {
    match h {
        "sha256" => Ok(HashAlg::Sha256),
        "sha1" => Ok(HashAlg::Sha1),
        "md5" => Ok(HashAlg::Md5),
        other => Err(invalid(
            "hash",
            format!("unknown hash {other:?} (want \"sha256\", \"sha1\" or \"md5\")"),
        )),
    }
}

fn buf(r: cardseal::Result<Vec<u8>>) -> napi::Result<Buffer> {
    sync(r).map(Buffer::from)
}

/// AES-ECB encryption (key 16/24/32 bytes; padding `"pkcs7"` (default) or `"none"`).
#[napi(namespace = "hazmat")]
pub fn aes_ecb_encrypt(
    key: Either<String, Uint8Array>,
    plaintext: Either<String, Uint8Array>,
    padding_name: Option<String>,
) -> napi::Result<Buffer> {
    with_secret(key, |key| {
        buf(aes::ecb_encrypt(
            key,
            bytes_of(&plaintext),
            padding(padding_name)?,
        ))
    })
}

/// AES-ECB decryption.
#[napi(namespace = "hazmat")]
pub fn aes_ecb_decrypt(
    key: Either<String, Uint8Array>,
    ciphertext: Either<String, Uint8Array>,
    padding_name: Option<String>,
) -> napi::Result<Buffer> {
    with_secret(key, |key| {
        buf(aes::ecb_decrypt(
            key,
            bytes_of(&ciphertext),
            padding(padding_name)?,
        ))
    })
}

/// AES-CBC encryption (16-byte IV, not included in the output).
#[napi(namespace = "hazmat")]
pub fn aes_cbc_encrypt(
    key: Either<String, Uint8Array>,
    iv: Either<String, Uint8Array>,
    plaintext: Either<String, Uint8Array>,
    padding_name: Option<String>,
) -> napi::Result<Buffer> {
    with_secret(key, |key| {
        buf(aes::cbc_encrypt(
            key,
            bytes_of(&iv),
            bytes_of(&plaintext),
            padding(padding_name)?,
        ))
    })
}

/// AES-CBC decryption.
#[napi(namespace = "hazmat")]
pub fn aes_cbc_decrypt(
    key: Either<String, Uint8Array>,
    iv: Either<String, Uint8Array>,
    ciphertext: Either<String, Uint8Array>,
    padding_name: Option<String>,
) -> napi::Result<Buffer> {
    with_secret(key, |key| {
        buf(aes::cbc_decrypt(
            key,
            bytes_of(&iv),
            bytes_of(&ciphertext),
            padding(padding_name)?,
        ))
    })
}

/// AES-GCM encryption (key 16/32 bytes, 12-byte nonce): ciphertext ‖ 16-byte tag.
#[napi(namespace = "hazmat")]
pub fn aes_gcm_encrypt(
    key: Either<String, Uint8Array>,
    nonce: Either<String, Uint8Array>,
    aad: Either<String, Uint8Array>,
    plaintext: Either<String, Uint8Array>,
) -> napi::Result<Buffer> {
    with_secret(key, |key| {
        buf(aes::gcm_encrypt(
            key,
            bytes_of(&nonce),
            bytes_of(&aad),
            bytes_of(&plaintext),
        ))
    })
}

/// AES-GCM decryption of ciphertext ‖ tag.
#[napi(namespace = "hazmat")]
pub fn aes_gcm_decrypt(
    key: Either<String, Uint8Array>,
    nonce: Either<String, Uint8Array>,
    aad: Either<String, Uint8Array>,
    ciphertext_and_tag: Either<String, Uint8Array>,
) -> napi::Result<Buffer> {
    with_secret(key, |key| {
        buf(aes::gcm_decrypt(
            key,
            bytes_of(&nonce),
            bytes_of(&aad),
            bytes_of(&ciphertext_and_tag),
        ))
    })
}

/// MD5 digest.
#[napi(namespace = "hazmat")]
pub fn md5(data: Either<String, Uint8Array>) -> Buffer {
    Buffer::from(digest::md5(bytes_of(&data)).to_vec())
}

/// SHA-1 digest.
#[napi(namespace = "hazmat")]
pub fn sha1(data: Either<String, Uint8Array>) -> Buffer {
    Buffer::from(digest::sha1(bytes_of(&data)).to_vec())
}

/// SHA-256 digest.
#[napi(namespace = "hazmat")]
pub fn sha256(data: Either<String, Uint8Array>) -> Buffer {
    Buffer::from(digest::sha256(bytes_of(&data)).to_vec())
}

/// HMAC-SHA256.
#[napi(namespace = "hazmat")]
pub fn hmac_sha256(key: Either<String, Uint8Array>, data: Either<String, Uint8Array>) -> Buffer {
    with_secret(key, |key| {
        Buffer::from(digest::hmac_sha256(key, bytes_of(&data)).to_vec())
    })
}

/// Verifies an HMAC-SHA256 tag in constant time; throws `ERR_CARDSEAL_SIGNATURE_MISMATCH`.
#[napi(namespace = "hazmat")]
pub fn hmac_sha256_verify(
    key: Either<String, Uint8Array>,
    data: Either<String, Uint8Array>,
    tag: Either<String, Uint8Array>,
) -> napi::Result<()> {
    with_secret(key, |key| {
        sync(digest::hmac_sha256_verify(
            key,
            bytes_of(&data),
            bytes_of(&tag),
        ))
    })
}

/// Standard padded base64, one line.
#[napi(namespace = "hazmat", ts_return_type = "string")]
pub fn base64_encode(data: Either<String, Uint8Array>) -> Text {
    Text(encoding::b64_encode(bytes_of(&data)))
}

/// Strict standard base64 decoding (padding required, no whitespace).
#[napi(namespace = "hazmat")]
pub fn base64_decode(text: Either<String, Uint8Array>) -> napi::Result<Buffer> {
    buf(encoding::b64_decode(bytes_of(&text)))
}

/// Lenient base64 decoding: skips `\r`/`\n`, padding optional.
#[napi(namespace = "hazmat")]
pub fn base64_decode_lenient(text: Either<String, Uint8Array>) -> napi::Result<Buffer> {
    buf(encoding::b64_decode_lenient(bytes_of(&text)))
}

/// Lowercase hex.
#[napi(namespace = "hazmat", ts_return_type = "string")]
pub fn hex_encode(data: Either<String, Uint8Array>) -> Text {
    Text(encoding::hex_encode(bytes_of(&data)))
}

/// Hex decoding (either case).
#[napi(namespace = "hazmat")]
pub fn hex_decode(text: Either<String, Uint8Array>) -> napi::Result<Buffer> {
    buf(encoding::hex_decode(bytes_of(&text)))
}

/// Hex when every character is a hex digit and the length is even, else lenient base64.
#[napi(namespace = "hazmat")]
pub fn decode_hex_or_base64(text: Either<String, Uint8Array>) -> napi::Result<Buffer> {
    buf(encoding::decode_hex_or_b64(bytes_of(&text)))
}

/// Base64url without padding (JWE).
#[napi(namespace = "hazmat", ts_return_type = "string")]
pub fn base64url_encode(data: Either<String, Uint8Array>) -> Text {
    Text(jwe::base64url_encode(bytes_of(&data)))
}

/// Strict base64url decoding without padding (JWE).
#[napi(namespace = "hazmat")]
pub fn base64url_decode(text: Either<String, Uint8Array>) -> napi::Result<Buffer> {
    buf(jwe::base64url_decode(bytes_of(&text)))
}

/// RSASSA-PKCS1-v1_5 signature (`hash`: `"sha256"`, `"sha1"` or `"md5"`).
#[napi(namespace = "hazmat")]
pub fn rsa_sign_pkcs1v15(
    private_key_input: Either<String, Uint8Array>,
    hash: String,
    message: Either<String, Uint8Array>,
) -> napi::Result<Buffer> {
    let key = private_key(private_key_input)?;
    buf(key.sign_pkcs1v15(hash_alg(&hash)?, bytes_of(&message)))
}

/// Verifies an RSASSA-PKCS1-v1_5 signature; throws `ERR_CARDSEAL_SIGNATURE_MISMATCH`.
#[napi(namespace = "hazmat")]
pub fn rsa_verify_pkcs1v15(
    public_key_input: Either<String, Uint8Array>,
    hash: String,
    message: Either<String, Uint8Array>,
    signature: Either<String, Uint8Array>,
) -> napi::Result<()> {
    let key = public_key(&public_key_input)?;
    sync(key.verify_pkcs1v15(hash_alg(&hash)?, bytes_of(&message), bytes_of(&signature)))
}

/// RSA PKCS#1 v1.5 encryption (`blocks`: split into k−11-byte blocks like the providers'
/// Java demos). `seed` is for reproducible tests only.
#[napi(namespace = "hazmat")]
pub fn rsa_encrypt_pkcs1v15(
    public_key_input: Either<String, Uint8Array>,
    message: Either<String, Uint8Array>,
    blocks: Option<bool>,
    seed: Option<Either<String, Uint8Array>>,
) -> napi::Result<Buffer> {
    let key = public_key(&public_key_input)?;
    let env = make_env(seed.as_ref(), seed.as_ref().map(|_| 0));
    if blocks.unwrap_or(false) {
        buf(key.encrypt_pkcs1v15_blocks(bytes_of(&message), &env))
    } else {
        buf(key.encrypt_pkcs1v15(bytes_of(&message), &env))
    }
}

/// RSA PKCS#1 v1.5 decryption with implicit rejection (constant-time, no oracle).
#[napi(namespace = "hazmat")]
pub fn rsa_decrypt_pkcs1v15(
    private_key_input: Either<String, Uint8Array>,
    ciphertext: Either<String, Uint8Array>,
    blocks: Option<bool>,
) -> napi::Result<Buffer> {
    let key = private_key(private_key_input)?;
    let p = if blocks.unwrap_or(false) {
        sync(key.decrypt_pkcs1v15_blocks(bytes_of(&ciphertext)))?
    } else {
        sync(key.decrypt_pkcs1v15(bytes_of(&ciphertext)))?
    };
    Ok(Buffer::from(p.expose()))
}

/// RSA-OAEP (SHA-256, MGF1-SHA-256) encryption. `seed` is for reproducible tests only.
#[napi(namespace = "hazmat")]
pub fn rsa_encrypt_oaep_sha256(
    public_key_input: Either<String, Uint8Array>,
    message: Either<String, Uint8Array>,
    label: Option<Either<String, Uint8Array>>,
    seed: Option<Either<String, Uint8Array>>,
) -> napi::Result<Buffer> {
    let key = public_key(&public_key_input)?;
    let env = make_env(seed.as_ref(), seed.as_ref().map(|_| 0));
    let label = label.as_ref().map_or(&[][..], bytes_of);
    buf(key.encrypt_oaep_sha256(bytes_of(&message), label, &env))
}

/// RSA-OAEP (SHA-256, MGF1-SHA-256) decryption.
#[napi(namespace = "hazmat")]
pub fn rsa_decrypt_oaep_sha256(
    private_key_input: Either<String, Uint8Array>,
    ciphertext: Either<String, Uint8Array>,
    label: Option<Either<String, Uint8Array>>,
) -> napi::Result<Buffer> {
    let key = private_key(private_key_input)?;
    let label = label.as_ref().map_or(&[][..], bytes_of);
    let p = sync(key.decrypt_oaep_sha256(bytes_of(&ciphertext), label))?;
    Ok(Buffer::from(p.expose()))
}

/// Size facts of a parsed RSA key.
#[napi(object)]
pub struct RsaKeyInfo {
    /// Modulus bits.
    pub bits: u32,
    /// Modulus bytes (k).
    pub size: u32,
}

fn info(bits: usize, size: usize) -> RsaKeyInfo {
    RsaKeyInfo {
        bits: u32::try_from(bits).unwrap_or(u32::MAX),
        size: u32::try_from(size).unwrap_or(u32::MAX),
    }
}

/// Parses a private key (PEM PKCS#1/PKCS#8, DER, bare base64 DER) and reports its size.
#[napi(namespace = "hazmat")]
pub fn rsa_private_key_info(key: Either<String, Uint8Array>) -> napi::Result<RsaKeyInfo> {
    let k = private_key(key)?;
    Ok(info(k.bits(), k.size()))
}

/// Parses a public key (PEM SPKI/PKCS#1/CERTIFICATE, DER, bare base64) and reports its size.
#[napi(namespace = "hazmat")]
pub fn rsa_public_key_info(key: Either<String, Uint8Array>) -> napi::Result<RsaKeyInfo> {
    let k = public_key(&key)?;
    Ok(info(k.bits(), k.size()))
}

/// Sorted compact JSON (keys in UTF-16 order at every depth, numbers as written).
#[napi(namespace = "hazmat", ts_return_type = "string")]
pub fn json_sorted_compact(text: String) -> napi::Result<Text> {
    crate::to_js(json::sorted_compact(&text))
}

/// Compact JSON, member order kept.
#[napi(namespace = "hazmat", ts_return_type = "string")]
pub fn json_compact(text: String) -> napi::Result<Text> {
    crate::to_js(json::compact(&text))
}

/// `name=value&…` of a flat object: `""`/`null` dropped, UTF-16 name order, values raw.
#[napi(namespace = "hazmat")]
pub fn form_flat_nonempty_sorted(fields_json: String) -> napi::Result<String> {
    sync(form::render_json(
        &FormRule::FLAT_NONEMPTY_SORTED,
        &fields_json,
    ))
}

/// `name=value&…`, UTF-16 name order, objects/arrays as sorted compact JSON.
#[napi(namespace = "hazmat")]
pub fn form_sorted_nested_sorted_json(params_json: String) -> napi::Result<String> {
    sync(form::render_json(
        &FormRule::SORTED_NESTED_SORTED_JSON,
        &params_json,
    ))
}

/// `name=value&…` of `headers` then `body` fields (body wins), empty/hollow values and
/// `signature` dropped, code point order, every value as Python `str()` then `'`→`"`,
/// `, `→`,`, `: `→`:`. `numbers`: `"as_written"` (default) or `"python"`;
/// `python_version`: whose `repr()` escapes non-ASCII characters (`"3.11"`–`"3.14"`,
/// default the newest).
#[napi(namespace = "hazmat")]
pub fn form_nonempty_sorted_nested_python_str(
    headers_json: Option<String>,
    body_json: String,
    numbers: Option<String>,
    python_version: Option<String>,
) -> napi::Result<String> {
    let python = match python_version.as_deref() {
        None => cardseal::canonical::form::PythonVersion::NEWEST,
        Some(v) => sync(v.parse())?,
    };
    let rule = FormRule {
        python,
        numbers: match numbers.as_deref() {
            None | Some("as_written") => NumberStyle::AsWritten,
            Some("python") => NumberStyle::Python,
            Some(other) => {
                return Err(invalid(
                    "numbers",
                    format!("unknown numbers style {other:?} (want \"as_written\" or \"python\")"),
                ));
            }
        },
        ..FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR
    };
    let body = sync(json::parse(&body_json))?;
    let headers = match headers_json.as_deref() {
        Some(h) => sync(json::parse(h))?,
        None => Json::object(Vec::<(String, Json<'_>)>::new()),
    };
    let Some(header_fields) = headers.as_object() else {
        return Err(invalid("headers", "must be a JSON object"));
    };
    let Some(body_fields) = body.as_object() else {
        return sync(form::render_object(&rule, &body));
    };
    let mut fields: Vec<(Cow<'_, str>, Json<'_>)> = header_fields.to_vec();
    fields.extend(body_fields.iter().cloned());
    sync(form::render(&rule, &fields))
}

/// JWE content encryption only (`enc` `"A128GCM"`/`"A256GCM"`, AAD = the header's
/// base64url text): `[ciphertext, tag]`.
#[napi(namespace = "hazmat")]
pub fn jwe_seal_content(
    enc: String,
    header_b64u: String,
    cek: Either<String, Uint8Array>,
    iv: Either<String, Uint8Array>,
    plaintext: Either<String, Uint8Array>,
) -> napi::Result<Vec<Buffer>> {
    let enc = content_encryption(Some(enc))?;
    let (ct, tag) = with_secret(cek, |cek| {
        sync(jwe::seal_content(
            enc,
            &header_b64u,
            cek,
            bytes_of(&iv),
            bytes_of(&plaintext),
        ))
    })?;
    Ok(vec![Buffer::from(ct), Buffer::from(tag)])
}

fn content_encryption(enc: Option<String>) -> napi::Result<jwe::ContentEncryption> {
    let name = enc.as_deref().unwrap_or("A128GCM");
    jwe::ContentEncryption::from_name(name)
        .ok_or_else(|| invalid("enc", format!("unknown enc {name:?}")))
}

/// Options of [`jwe_encrypt`].
#[napi(object, object_to_js = false)]
pub struct JweEncryptOptions {
    /// `"A128GCM"` (default) or `"A256GCM"`.
    pub enc: Option<String>,
    /// Compress with raw DEFLATE (`"zip":"DEF"`).
    pub zip: Option<bool>,
    /// The `typ` header member.
    pub typ: Option<String>,
    /// The `kid` header member.
    pub kid: Option<String>,
    /// Deterministic randomness (test-only).
    pub seed: Option<Either<String, Uint8Array>>,
    /// Fixed clock (test-only).
    pub now_ms: Option<i64>,
}

/// A compact JWE and its protected header.
#[napi(object)]
pub struct JweEncrypted {
    /// Five base64url parts joined by `.`.
    pub compact: String,
    /// The protected header JSON text.
    pub header_json: String,
}

/// A decrypted JWE.
#[napi(object)]
pub struct JweDecrypted {
    /// The plaintext (inflated when `zip` was `DEF`).
    pub plaintext: Buffer,
    /// The protected header JSON text, as sent.
    pub header_json: String,
}

/// Options of [`jwe_decrypt`] and [`jwe_decrypt_with_cek`].
#[napi(object, object_to_js = false)]
pub struct JweDecryptOptions {
    /// The one accepted `enc` (default `"A128GCM"`).
    pub enc: Option<String>,
    /// Cap on the inflated size of a `zip` payload (default 64 MiB).
    pub max_inflated_bytes: Option<i64>,
}

fn decrypt_options(o: Option<JweDecryptOptions>) -> napi::Result<jwe::DecryptOptions> {
    let o = o.unwrap_or(JweDecryptOptions {
        enc: None,
        max_inflated_bytes: None,
    });
    let max = match o.max_inflated_bytes {
        None => jwe::DEFAULT_MAX_INFLATED_BYTES,
        Some(n) => usize::try_from(n).map_err(|_| invalid("maxInflatedBytes", "must be ≥ 0"))?,
    };
    Ok(jwe::DecryptOptions {
        enc: content_encryption(o.enc)?,
        max_inflated_bytes: max,
    })
}

/// JWE encryption with RSA-OAEP-256 key wrapping.
#[napi(namespace = "hazmat")]
pub fn jwe_encrypt(
    public_key_input: Either<String, Uint8Array>,
    plaintext: Either<String, Uint8Array>,
    options: Option<JweEncryptOptions>,
) -> napi::Result<JweEncrypted> {
    let key = public_key(&public_key_input)?;
    let (opts, env) = match options {
        Some(o) => (
            jwe::EncryptOptions {
                enc: content_encryption(o.enc)?,
                zip: o.zip.unwrap_or(false),
                typ: o.typ,
                kid: o.kid,
            },
            make_env(o.seed.as_ref(), o.now_ms),
        ),
        None => (jwe::EncryptOptions::default(), make_env(None, None)),
    };
    let e = sync(jwe::encrypt(bytes_of(&plaintext), &key, &opts, &env))?;
    Ok(JweEncrypted {
        compact: e.compact,
        header_json: e.header_json,
    })
}

/// JWE decryption with the RSA private key.
#[napi(namespace = "hazmat")]
pub fn jwe_decrypt(
    private_key_input: Either<String, Uint8Array>,
    compact: String,
    options: Option<JweDecryptOptions>,
) -> napi::Result<JweDecrypted> {
    let key = private_key(private_key_input)?;
    let d = sync(jwe::decrypt(&compact, &key, &decrypt_options(options)?))?;
    Ok(JweDecrypted {
        plaintext: Buffer::from(d.plaintext),
        header_json: d.header_json,
    })
}

/// JWE decryption with a known content-encryption key (`alg` not checked).
#[napi(namespace = "hazmat")]
pub fn jwe_decrypt_with_cek(
    compact: String,
    cek: Either<String, Uint8Array>,
    options: Option<JweDecryptOptions>,
) -> napi::Result<JweDecrypted> {
    let opts = decrypt_options(options)?;
    let d = with_secret(cek, |cek| sync(jwe::decrypt_with_cek(&compact, cek, &opts)))?;
    Ok(JweDecrypted {
        plaintext: Buffer::from(d.plaintext),
        header_json: d.header_json,
    })
}
