//! `hazmat`: the building blocks, for providers cardseal does not model yet. The
//! primitives of the hazmat declaration (`cardseal_hazmat!` in `bindings/declaration.rs`)
//! are generated at the end of this file, each converting its arguments and calling the
//! core; written by hand are only what the declaration does not cover: the HyperCard form
//! (headers and body merged), JWE (structured results and options), and key info.
//! `index.js` gives them their public names and argument orders.

use std::borrow::Cow;

use cardseal::canonical::form::{self, FormRule, NumberStyle};
use cardseal::canonical::json::{self, Json};
use cardseal::hazmat::digest::HashAlg;
use cardseal::hazmat::{aes, jwe};
use napi::Env;
use napi::bindgen_prelude::{Buffer, Either, Uint8Array};
use napi_derive::napi;

use crate::{
    BytesInput, Text, bytes_of, invalid, make_env, private_key, public_key, throwing, with_secret,
};

include!("../../declaration.rs");

fn padding(name: &str) -> cardseal::Result<aes::Padding> {
    match name {
        "pkcs7" => Ok(aes::Padding::Pkcs7),
        "none" => Ok(aes::Padding::None),
        other => Err(invalid(
            "padding",
            format!("unknown padding {other:?} (want \"pkcs7\" or \"none\")"),
        )),
    }
}

fn hash_alg(name: &str) -> cardseal::Result<HashAlg> {
    match name {
        "sha256" => Ok(HashAlg::Sha256),
        "sha1" => Ok(HashAlg::Sha1),
        "md5" => Ok(HashAlg::Md5),
        other => Err(invalid(
            "hash",
            format!("unknown hash {other:?} (want \"sha256\", \"sha1\" or \"md5\")"),
        )),
    }
}

/// A secret argument's bytes, its Rust copy of a JS string zeroized when dropped.
enum Secret {
    Text(cardseal::SecretString),
    Bytes(Uint8Array),
}

impl Secret {
    fn new(input: BytesInput) -> Secret {
        match input {
            Either::A(text) => Secret::Text(cardseal::SecretString::new(text)),
            Either::B(bytes) => Secret::Bytes(bytes),
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Secret::Text(t) => t.expose().as_bytes(),
            Secret::Bytes(b) => b,
        }
    }
}

/// A primitive's byte result as a `Buffer` (a `Vec` moved, a digest array copied).
trait IntoBuffer {
    fn into_buffer(self) -> Buffer;
}

impl IntoBuffer for Vec<u8> {
    fn into_buffer(self) -> Buffer {
        Buffer::from(self)
    }
}

impl<const N: usize> IntoBuffer for [u8; N] {
    fn into_buffer(self) -> Buffer {
        Buffer::from(&self[..])
    }
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
pub fn rsa_private_key_info(
    env: &Env,
    key: Either<String, Uint8Array>,
) -> napi::Result<RsaKeyInfo> {
    throwing(env, || {
        let k = private_key(key)?;
        Ok(info(k.bits(), k.size()))
    })
}

/// Parses a public key (PEM SPKI/PKCS#1/CERTIFICATE, DER, bare base64) and reports its size.
#[napi(namespace = "hazmat")]
pub fn rsa_public_key_info(env: &Env, key: Either<String, Uint8Array>) -> napi::Result<RsaKeyInfo> {
    throwing(env, || {
        let k = public_key(&key)?;
        Ok(info(k.bits(), k.size()))
    })
}

/// `name=value&…` of `headers` then `body` fields (body wins), empty/hollow values and
/// `signature` dropped, code point order, every value as Python `str()` then `'`→`"`,
/// `, `→`,`, `: `→`:`. `numbers`: `"as_written"` (default) or `"python"`;
/// `python_version`: whose `repr()` escapes non-ASCII characters (`"3.11"`–`"3.14"`,
/// default the newest).
#[napi(namespace = "hazmat")]
pub fn form_nonempty_sorted_nested_python_str(
    env: &Env,
    headers_json: Option<String>,
    body_json: String,
    numbers: Option<String>,
    python_version: Option<String>,
) -> napi::Result<String> {
    throwing(env, || {
        let python = match python_version.as_deref() {
            None => cardseal::canonical::form::PythonVersion::NEWEST,
            Some(v) => v.parse()?,
        };
        let rule = FormRule {
            python,
            numbers: match numbers.as_deref() {
                None | Some("as_written") => NumberStyle::AsWritten,
                Some("python") => NumberStyle::Python,
                Some(other) => {
                    return Err(invalid(
                        "numbers",
                        format!(
                            "unknown numbers style {other:?} (want \"as_written\" or \"python\")"
                        ),
                    ));
                }
            },
            ..FormRule::NONEMPTY_SORTED_NESTED_PYTHON_STR
        };
        let body = json::parse(&body_json)?;
        let headers = match headers_json.as_deref() {
            Some(h) => json::parse(h)?,
            None => Json::object(Vec::<(String, Json<'_>)>::new()),
        };
        let Some(header_fields) = headers.as_object() else {
            return Err(invalid("headers", "must be a JSON object"));
        };
        let Some(body_fields) = body.as_object() else {
            return form::render_object(&rule, &body);
        };
        let mut fields: Vec<(Cow<'_, str>, Json<'_>)> = header_fields.to_vec();
        fields.extend(body_fields.iter().cloned());
        form::render(&rule, &fields)
    })
}

/// JWE content encryption only (`enc` `"A128GCM"`/`"A256GCM"`, AAD = the header's
/// base64url text): `[ciphertext, tag]`.
#[napi(namespace = "hazmat")]
pub fn jwe_seal_content(
    env: &Env,
    enc: String,
    header_b64u: String,
    cek: Either<String, Uint8Array>,
    iv: Either<String, Uint8Array>,
    plaintext: Either<String, Uint8Array>,
) -> napi::Result<Vec<Buffer>> {
    throwing(env, || {
        let enc = content_encryption(Some(enc))?;
        let (ct, tag) = with_secret(cek, |cek| {
            jwe::seal_content(enc, &header_b64u, cek, bytes_of(&iv), bytes_of(&plaintext))
        })?;
        Ok(vec![Buffer::from(ct), Buffer::from(tag)])
    })
}

fn content_encryption(enc: Option<String>) -> cardseal::Result<jwe::ContentEncryption> {
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

fn decrypt_options(o: Option<JweDecryptOptions>) -> cardseal::Result<jwe::DecryptOptions> {
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
    env: &Env,
    public_key_input: Either<String, Uint8Array>,
    plaintext: Either<String, Uint8Array>,
    options: Option<JweEncryptOptions>,
) -> napi::Result<JweEncrypted> {
    throwing(env, || {
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
        let e = jwe::encrypt(bytes_of(&plaintext), &key, &opts, &env)?;
        Ok(JweEncrypted {
            compact: e.compact,
            header_json: e.header_json,
        })
    })
}

/// JWE decryption with the RSA private key.
#[napi(namespace = "hazmat")]
pub fn jwe_decrypt(
    env: &Env,
    private_key_input: Either<String, Uint8Array>,
    compact: String,
    options: Option<JweDecryptOptions>,
) -> napi::Result<JweDecrypted> {
    throwing(env, || {
        let key = private_key(private_key_input)?;
        let d = jwe::decrypt(&compact, &key, &decrypt_options(options)?)?;
        Ok(JweDecrypted {
            plaintext: Buffer::from(d.plaintext),
            header_json: d.header_json,
        })
    })
}

/// JWE decryption with a known content-encryption key (`alg` not checked).
#[napi(namespace = "hazmat")]
pub fn jwe_decrypt_with_cek(
    env: &Env,
    compact: String,
    cek: Either<String, Uint8Array>,
    options: Option<JweDecryptOptions>,
) -> napi::Result<JweDecrypted> {
    throwing(env, || {
        let opts = decrypt_options(options)?;
        let d = with_secret(cek, |cek| jwe::decrypt_with_cek(&compact, cek, &opts))?;
        Ok(JweDecrypted {
            plaintext: Buffer::from(d.plaintext),
            header_json: d.header_json,
        })
    })
}

// ---- The functions of the hazmat declaration (bindings/declaration.rs). ----

/// Converts argument `$a` (already of its napi type) into what the declared call takes.
macro_rules! hz_conv {
    ($a:ident bytes None) => {
        let $a = $a.as_ref().map_or(&[][..], bytes_of);
    };
    ($a:ident seed None) => {
        let $a = make_env($a.as_ref(), $a.as_ref().map(|_| 0));
    };
    ($a:ident bytes) => {
        let $a = bytes_of(&$a);
    };
    ($a:ident encoded) => {
        let $a = bytes_of(&$a);
    };
    ($a:ident secret) => {
        let $a = Secret::new($a);
        let $a = $a.bytes();
    };
    ($a:ident json) => {};
    ($a:ident padding $d:tt) => {
        let $a = padding($a.as_deref().unwrap_or($d))?;
    };
    ($a:ident hash $d:tt) => {
        let $a = hash_alg($a.as_deref().unwrap_or($d))?;
    };
    ($a:ident private_key) => {
        let $a = private_key($a)?;
    };
    ($a:ident public_key) => {
        let $a = public_key(&$a)?;
    };
    ($a:ident bool $d:tt) => {
        let $a = $a.unwrap_or($d);
    };
}

/// One declared function as a `#[napi]` function of the `hazmat` namespace. Its result
/// and arguments are first given their napi types (`@args`, one at a time: napi reads a
/// signature's types before any macro in it is expanded), then the function is emitted.
macro_rules! node_hazmat_fn {
    (bytes [$($h:tt)*] $($args:tt)*) => {
        node_hazmat_fn!(@args [$($h)* bytes [Buffer] "Buffer"] [] $($args)*);
    };
    (secret_bytes [$($h:tt)*] $($args:tt)*) => {
        node_hazmat_fn!(@args [$($h)* secret_bytes [Buffer] "Buffer"] [] $($args)*);
    };
    (string [$($h:tt)*] $($args:tt)*) => {
        node_hazmat_fn!(@args [$($h)* string [Text] "string"] [] $($args)*);
    };
    (unit [$($h:tt)*] $($args:tt)*) => {
        node_hazmat_fn!(@args [$($h)* unit [()] "void"] [] $($args)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident bytes None) $($rest:tt)*) => {
        node_hazmat_fn!(@args $h [$($done)* ($a [Option<Either<String, Uint8Array>>] bytes None)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident seed None) $($rest:tt)*) => {
        node_hazmat_fn!(@args $h [$($done)* ($a [Option<Either<String, Uint8Array>>] seed None)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident json) $($rest:tt)*) => {
        node_hazmat_fn!(@args $h [$($done)* ($a [String] json)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident padding $d:tt) $($rest:tt)*) => {
        node_hazmat_fn!(@args $h [$($done)* ($a [Option<String>] padding $d)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident hash $d:tt) $($rest:tt)*) => {
        node_hazmat_fn!(@args $h [$($done)* ($a [Option<String>] hash $d)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident bool $d:tt) $($rest:tt)*) => {
        node_hazmat_fn!(@args $h [$($done)* ($a [Option<bool>] bool $d)] $($rest)*);
    };
    // bytes, secret, encoded, private_key, public_key: text or bytes from JS.
    (@args $h:tt [$($done:tt)*] ($a:ident $kind:ident) $($rest:tt)*) => {
        node_hazmat_fn!(@args $h [$($done)* ($a [Either<String, Uint8Array>] $kind)] $($rest)*);
    };
    (@args [$name:ident [$($doc:tt)*] ($call:expr) $ret:ident [$($rty:tt)*] $ts:literal]
        [$(($a:ident [$($ty:tt)*] $($conv:tt)*))*]) => {
        pastey::paste! {
            // `""`: plain doc strings, the only kind napi reads (see generated.rs).
            $(#[doc = $doc ""])*
            #[napi(namespace = "hazmat", ts_return_type = $ts)]
            pub fn $name(env: &Env, $($a: $($ty)*),*) -> napi::Result<$($rty)*> {
                throwing(env, || {
                    $(hz_conv!($a $($conv)*);)*
                    let r = $call?;
                    Ok(hz_ret!($ret r))
                })
            }
        }
    };
}

/// The conversion of a declared result to its napi type.
macro_rules! hz_ret {
    (bytes $r:ident) => {
        $r.into_buffer()
    };
    (secret_bytes $r:ident) => {
        Buffer::from($r.expose())
    };
    (string $r:ident) => {
        Text($r)
    };
    (unit $r:ident) => {
        $r
    };
}

/// Expands the hazmat declaration: one `node_hazmat_fn!` per function.
macro_rules! node_hazmat {
    ($(
        $(#[doc = $doc:tt])*
        fn $name:ident (
            $($arg:ident : $kind:ident $(as $field:literal)? $(= $def:tt)?),*
            $(; $($kw:ident : $kwkind:ident $(= $kwdef:tt)?),*)?
        ) -> $ret:ident = $call:expr;
    )*) => {
        $(
            node_hazmat_fn!($ret [$name [$($doc)*] ($call)]
                $(($arg $kind $($def)?))* $($(($kw $kwkind $($kwdef)?))*)?);
        )*
    };
}

cardseal_hazmat!(node_hazmat);
