#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! hazmat::jwe: RFC 7516 Appendix A.1 (the parts our API covers), fixed-key round trips,
//! zip, and every refusal with its error kind.
//!
//! RFC 7516 A.1 uses `RSA-OAEP` (SHA-1), which cardseal does not implement; covered
//! exactly: the protected header's base64url, A256GCM content encryption with the
//! published CEK/IV/AAD → the published ciphertext and tag, decryption of the complete
//! published compact JWE given the CEK ([`jwe::decrypt_with_cek`]), and the refusal of
//! its `alg` by [`jwe::decrypt`]. Not covered: the RSA-OAEP-SHA1 key unwrap.

use cardseal::hazmat::jwe::{
    self, ContentEncryption, DecryptOptions, EncryptOptions, base64url_decode, base64url_encode,
};
use cardseal::hazmat::rsa::{Backend, RsaPrivateKey, RsaPublicKey};
use cardseal::{Env, Error, ErrorKind, keys};
use proptest::prelude::*;

const A1_HEADER_JSON: &str = r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#;
const A1_HEADER_B64U: &str = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ";
const A1_PLAINTEXT: &str = "The true sign of intelligence is not knowledge but imagination.";
const A1_CEK: [u8; 32] = [
    177, 161, 244, 128, 84, 143, 225, 115, 63, 180, 3, 255, 107, 154, 212, 246, 138, 7, 110, 91,
    112, 46, 34, 105, 47, 130, 203, 46, 122, 234, 64, 252,
];
const A1_IV: [u8; 12] = [227, 197, 117, 252, 2, 219, 233, 68, 180, 225, 77, 219];
const A1_IV_B64U: &str = "48V1_ALb6US04U3b";
const A1_CIPHERTEXT_B64U: &str =
    "5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A";
const A1_TAG_B64U: &str = "XFBoMYUZodetZdvTiFvSkQ";
const A1_ENCRYPTED_KEY_B64U: &str = concat!(
    "OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe",
    "ipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDb",
    "Sv04uVuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaV",
    "mqgfwX7XWRxv2322i-vDxRfqNzo_tETKzpVLzfiwQyeyPGLBIO56YJ7eObdv0je8",
    "1860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTIy3brGPi",
    "6UklfCpIMfIjf7iGdXKHzg"
);

fn a1_compact() -> String {
    [
        A1_HEADER_B64U,
        A1_ENCRYPTED_KEY_B64U,
        A1_IV_B64U,
        A1_CIPHERTEXT_B64U,
        A1_TAG_B64U,
    ]
    .join(".")
}

fn a256() -> DecryptOptions {
    DecryptOptions {
        enc: ContentEncryption::A256Gcm,
        ..DecryptOptions::default()
    }
}

fn key_text(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../test-vectors/keys")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn merchant() -> RsaPrivateKey {
    keys::parse_private_key(key_text("upay_merchant.pem").as_bytes()).unwrap()
}

fn platform() -> RsaPrivateKey {
    keys::parse_private_key(key_text("upay_platform.pem").as_bytes()).unwrap()
}

fn opts(enc: ContentEncryption, zip: bool) -> EncryptOptions {
    EncryptOptions {
        enc,
        zip,
        typ: Some("JOSE".into()),
        kid: Some("k1".into()),
    }
}

fn kind<T: std::fmt::Debug>(r: cardseal::Result<T>) -> ErrorKind {
    r.unwrap_err().kind()
}

/// Builds a compact JWE with an arbitrary header text (for refusal tests), encrypting a
/// CEK of `cek_len` bytes to `to`.
fn craft(header_json: &str, cek_len: usize, plaintext: &[u8], to: &RsaPublicKey) -> String {
    let env = Env::fixed(b"craft", 0);
    let h = base64url_encode(header_json.as_bytes());
    let cek = env.random_bytes(cek_len).unwrap();
    let iv = env.random_bytes(12).unwrap();
    let ek = to.encrypt_oaep_sha256(&cek, b"", &env).unwrap();
    let enc = if cek_len == 32 {
        ContentEncryption::A256Gcm
    } else {
        ContentEncryption::A128Gcm
    };
    let (ct, tag) = jwe::seal_content(enc, &h, &cek, &iv, plaintext).unwrap();
    [
        h,
        base64url_encode(&ek),
        base64url_encode(&iv),
        base64url_encode(&ct),
        base64url_encode(&tag),
    ]
    .join(".")
}

#[test]
fn rfc7516_a1_header_base64url() {
    assert_eq!(base64url_encode(A1_HEADER_JSON.as_bytes()), A1_HEADER_B64U);
    assert_eq!(base64url_encode(&A1_IV), A1_IV_B64U);
}

#[test]
fn rfc7516_a1_content_encryption_a256gcm() {
    let (ct, tag) = jwe::seal_content(
        ContentEncryption::A256Gcm,
        A1_HEADER_B64U,
        &A1_CEK,
        &A1_IV,
        A1_PLAINTEXT.as_bytes(),
    )
    .unwrap();
    assert_eq!(base64url_encode(&ct), A1_CIPHERTEXT_B64U);
    assert_eq!(base64url_encode(&tag), A1_TAG_B64U);
}

#[test]
fn rfc7516_a1_full_compact_decrypts_with_published_cek() {
    let d = jwe::decrypt_with_cek(&a1_compact(), &A1_CEK, &a256()).unwrap();
    assert_eq!(d.plaintext, A1_PLAINTEXT.as_bytes());
    assert_eq!(d.header_json, A1_HEADER_JSON);
    assert_eq!(d.header.alg, "RSA-OAEP");
    assert_eq!(d.header.enc, "A256GCM");
    // The published encrypted key is one RSA-2048 block.
    assert_eq!(
        base64url_decode(A1_ENCRYPTED_KEY_B64U.as_bytes())
            .unwrap()
            .len(),
        256
    );
    // One wrong CEK bit → uniform failure.
    let mut cek = A1_CEK;
    cek[0] ^= 1;
    assert_eq!(
        jwe::decrypt_with_cek(&a1_compact(), &cek, &a256()).unwrap_err(),
        Error::DecryptionFailed
    );
    // A CEK of the wrong length for A256GCM → uniform failure.
    assert_eq!(
        jwe::decrypt_with_cek(&a1_compact(), &A1_CEK[..16], &a256()).unwrap_err(),
        Error::DecryptionFailed
    );
}

#[test]
fn rfc7516_a1_alg_rsa_oaep_sha1_is_refused_naming_it() {
    let e = jwe::decrypt(&a1_compact(), &merchant(), &a256()).unwrap_err();
    match e {
        Error::InvalidInput { field, reason } => {
            assert_eq!(field, "jwe.header.alg");
            assert!(reason.contains("\"RSA-OAEP\""), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn header_json_member_order_is_pinned() {
    assert_eq!(
        jwe::header_json(&opts(ContentEncryption::A128Gcm, true)),
        r#"{"alg":"RSA-OAEP-256","enc":"A128GCM","zip":"DEF","typ":"JOSE","kid":"k1"}"#
    );
    assert_eq!(
        jwe::header_json(&EncryptOptions::default()),
        r#"{"alg":"RSA-OAEP-256","enc":"A128GCM"}"#
    );
}

#[test]
fn round_trip_fixed_env_is_reproducible_and_identical_across_backends() {
    let key = merchant();
    let plaintext = br#"{"cardId":"c-1","amount":5000.00}"#;
    let mut outputs = Vec::new();
    for backend in Backend::available() {
        let public = key.public_key().with_backend(backend).unwrap();
        let env = Env::fixed(b"jwe round trip", 0);
        let e = jwe::encrypt(
            plaintext,
            &public,
            &opts(ContentEncryption::A128Gcm, false),
            &env,
        )
        .unwrap();
        let private = key.with_backend(backend).unwrap();
        let d = jwe::decrypt(&e.compact, &private, &DecryptOptions::default()).unwrap();
        assert_eq!(d.plaintext, plaintext);
        assert_eq!(d.header.kid.as_deref(), Some("k1"));
        assert_eq!(d.header.typ.as_deref(), Some("JOSE"));
        assert_eq!(d.header.zip, None);
        outputs.push(e.compact);
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
    // Same Env seed → same bytes; the IV and CEK come from the Env (CEK first, then IV).
    let env = Env::fixed(b"jwe round trip", 0);
    let cek = env.random_bytes(16).unwrap();
    let iv = env.random_bytes(12).unwrap();
    let parts: Vec<&str> = outputs[0].split('.').collect();
    assert_eq!(parts.len(), 5);
    assert_eq!(base64url_decode(parts[2].as_bytes()).unwrap(), iv);
    let d = jwe::decrypt_with_cek(&outputs[0], &cek, &DecryptOptions::default()).unwrap();
    assert_eq!(d.plaintext, plaintext);
}

#[test]
fn zip_round_trip_and_header() {
    let key = merchant();
    let plaintext = "{\"detail\":\"".to_owned() + &"abc".repeat(10_000) + "\"}";
    let env = Env::fixed(b"zip", 0);
    let e = jwe::encrypt(
        plaintext.as_bytes(),
        &key.public_key(),
        &opts(ContentEncryption::A128Gcm, true),
        &env,
    )
    .unwrap();
    assert!(e.compact.len() < plaintext.len() / 10, "compressed");
    assert!(e.header_json.contains(r#""zip":"DEF""#));
    let d = jwe::decrypt(&e.compact, &key, &DecryptOptions::default()).unwrap();
    assert_eq!(d.plaintext, plaintext.as_bytes());
    assert_eq!(d.header.zip.as_deref(), Some("DEF"));
    // The ciphertext is raw DEFLATE (no zlib header) of the plaintext.
    let cek = Env::fixed(b"zip", 0).random_bytes(16).unwrap();
    let parts: Vec<&str> = e.compact.split('.').collect();
    let mut sealed = base64url_decode(parts[3].as_bytes()).unwrap();
    sealed.extend(base64url_decode(parts[4].as_bytes()).unwrap());
    let iv = base64url_decode(parts[2].as_bytes()).unwrap();
    let deflated =
        cardseal::hazmat::aes::gcm_decrypt(&cek, &iv, parts[0].as_bytes(), &sealed).unwrap();
    assert_eq!(deflated, jwe::deflate(plaintext.as_bytes()));
    assert_eq!(
        miniz_inflate_reference(&deflated),
        plaintext.as_bytes(),
        "raw DEFLATE"
    );
}

/// An independent inflate of the whole stream (miniz_oxide's one-shot raw API, not the
/// capped streaming loop under test).
fn miniz_inflate_reference(data: &[u8]) -> Vec<u8> {
    miniz_oxide::inflate::decompress_to_vec(data).unwrap()
}

#[test]
fn zip_bomb_is_refused_with_the_cap_in_the_message() {
    let key = merchant();
    let big = vec![b'0'; 8 * 1024 * 1024];
    let env = Env::fixed(b"bomb", 0);
    let e = jwe::encrypt(
        &big,
        &key.public_key(),
        &opts(ContentEncryption::A128Gcm, true),
        &env,
    )
    .unwrap();
    // A bomb: the wire size is a tiny fraction of the inflated size.
    assert!(e.compact.len() * 100 < big.len(), "{}", e.compact.len());
    let capped = DecryptOptions {
        max_inflated_bytes: 1024 * 1024,
        ..DecryptOptions::default()
    };
    assert_eq!(
        jwe::decrypt(&e.compact, &key, &capped).unwrap_err(),
        Error::invalid_input("zip", "inflated payload exceeds 1048576 bytes")
    );
    // Exactly at the cap is fine.
    let exact = DecryptOptions {
        max_inflated_bytes: big.len(),
        ..DecryptOptions::default()
    };
    assert_eq!(
        jwe::decrypt(&e.compact, &key, &exact)
            .unwrap()
            .plaintext
            .len(),
        big.len()
    );
}

#[test]
fn wrong_key_is_decryption_failed() {
    let env = Env::fixed(b"wk", 0);
    let e = jwe::encrypt(
        b"{}",
        &merchant().public_key(),
        &EncryptOptions::default(),
        &env,
    )
    .unwrap();
    assert_eq!(
        jwe::decrypt(&e.compact, &platform(), &DecryptOptions::default()).unwrap_err(),
        Error::DecryptionFailed
    );
}

#[test]
fn tampering_each_part_is_decryption_failed() {
    let key = merchant();
    let env = Env::fixed(b"tamper", 0);
    let e = jwe::encrypt(
        b"{\"a\":1}",
        &key.public_key(),
        &EncryptOptions::default(),
        &env,
    )
    .unwrap();
    let parts: Vec<String> = e.compact.split('.').map(str::to_owned).collect();
    for i in 1..5 {
        let mut raw = base64url_decode(parts[i].as_bytes()).unwrap();
        let last = raw.len() - 1;
        raw[last] ^= 0x01;
        let mut p = parts.clone();
        p[i] = base64url_encode(&raw);
        assert_eq!(
            jwe::decrypt(&p.join("."), &key, &DecryptOptions::default()).unwrap_err(),
            Error::DecryptionFailed,
            "part {i}"
        );
    }
    // A different (valid, accepted) header changes the AAD.
    let mut p = parts.clone();
    p[0] = base64url_encode(br#"{"enc":"A128GCM","alg":"RSA-OAEP-256"}"#);
    assert_eq!(
        jwe::decrypt(&p.join("."), &key, &DecryptOptions::default()).unwrap_err(),
        Error::DecryptionFailed
    );
    // A truncated encrypted key.
    let mut p = parts.clone();
    p[1] = base64url_encode(&base64url_decode(parts[1].as_bytes()).unwrap()[..255]);
    assert_eq!(
        jwe::decrypt(&p.join("."), &key, &DecryptOptions::default()).unwrap_err(),
        Error::DecryptionFailed
    );
}

#[test]
fn cek_of_wrong_length_is_decryption_failed() {
    let key = merchant();
    // A 32-byte CEK under an A128GCM header.
    let c = craft(
        r#"{"alg":"RSA-OAEP-256","enc":"A128GCM"}"#,
        32,
        b"x",
        &key.public_key(),
    );
    assert_eq!(
        jwe::decrypt(&c, &key, &DecryptOptions::default()).unwrap_err(),
        Error::DecryptionFailed
    );
}

#[test]
fn crafted_valid_jwe_decrypts() {
    // Control for the refusal tests below: the crafting itself is sound.
    let key = merchant();
    let c = craft(
        r#"{"alg":"RSA-OAEP-256","enc":"A128GCM"}"#,
        16,
        b"ok",
        &key.public_key(),
    );
    assert_eq!(
        jwe::decrypt(&c, &key, &DecryptOptions::default())
            .unwrap()
            .plaintext,
        b"ok"
    );
    let c = craft(
        r#"{"alg":"RSA-OAEP-256","enc":"A256GCM"}"#,
        32,
        b"ok",
        &key.public_key(),
    );
    assert_eq!(jwe::decrypt(&c, &key, &a256()).unwrap().plaintext, b"ok");
}

fn refused(header: &str, cek_len: usize, field: &str, needle: &str) {
    let key = merchant();
    let c = craft(header, cek_len, b"x", &key.public_key());
    match jwe::decrypt(&c, &key, &DecryptOptions::default()).unwrap_err() {
        Error::InvalidInput { field: f, reason } => {
            assert_eq!(f, field, "{header}");
            assert!(reason.contains(needle), "{header}: {reason}");
        }
        other => panic!("{header}: {other:?}"),
    }
}

#[test]
fn unknown_or_unconfigured_algorithms_are_refused_naming_the_value() {
    refused(
        r#"{"alg":"RSA1_5","enc":"A128GCM"}"#,
        16,
        "jwe.header.alg",
        "\"RSA1_5\"",
    );
    refused(
        r#"{"alg":"dir","enc":"A128GCM"}"#,
        16,
        "jwe.header.alg",
        "\"dir\"",
    );
    refused(
        r#"{"alg":"none","enc":"A128GCM"}"#,
        16,
        "jwe.header.alg",
        "\"none\"",
    );
    refused(
        r#"{"alg":"RSA-OAEP-256","enc":"A192GCM"}"#,
        16,
        "jwe.header.enc",
        "\"A192GCM\"",
    );
    refused(
        r#"{"alg":"RSA-OAEP-256","enc":"A128CBC-HS256"}"#,
        16,
        "jwe.header.enc",
        "\"A128CBC-HS256\"",
    );
    // A256GCM is supported but not configured here (A128GCM is).
    refused(
        r#"{"alg":"RSA-OAEP-256","enc":"A256GCM"}"#,
        32,
        "jwe.header.enc",
        "\"A256GCM\"",
    );
    refused(
        r#"{"alg":"RSA-OAEP-256","enc":"A128GCM","zip":"GZIP"}"#,
        16,
        "jwe.header.zip",
        "\"GZIP\"",
    );
    refused(
        r#"{"alg":"RSA-OAEP-256","enc":"A128GCM","crit":["exp"],"exp":1}"#,
        16,
        "jwe.header.crit",
        "not supported",
    );
    refused(r#"{"enc":"A128GCM"}"#, 16, "jwe.header.alg", "missing");
    refused(r#"{"alg":"RSA-OAEP-256"}"#, 16, "jwe.header.enc", "missing");
    refused(
        r#"{"alg":256,"enc":"A128GCM"}"#,
        16,
        "jwe.header.alg",
        "string",
    );
}

#[test]
fn malformed_compact_serialization_is_invalid_input() {
    let key = merchant();
    let env = Env::fixed(b"malformed", 0);
    let good = jwe::encrypt(b"{}", &key.public_key(), &EncryptOptions::default(), &env)
        .unwrap()
        .compact;
    let parts: Vec<&str> = good.split('.').collect();
    let d = |s: &str| jwe::decrypt(s, &key, &DecryptOptions::default());
    let field = |s: &str| match d(s).unwrap_err() {
        Error::InvalidInput { field, .. } => field,
        other => panic!("{s:?}: {other:?}"),
    };
    assert_eq!(field(""), "jwe");
    assert_eq!(field(&parts[..4].join(".")), "jwe");
    assert_eq!(field(&(good.clone() + ".")), "jwe");
    assert_eq!(field(&(good.clone() + ".AAAA")), "jwe");
    for (i, name) in [
        (0, "jwe.header"),
        (1, "jwe.encrypted_key"),
        (2, "jwe.iv"),
        (3, "jwe.ciphertext"),
        (4, "jwe.tag"),
    ] {
        for bad in ["ab+c", "ab/c", "abc=", "a", "ab c", "abc\n"] {
            let mut p = parts.clone();
            p[i] = bad;
            assert_eq!(field(&p.join(".")), name, "part {i} = {bad:?}");
        }
        // Non-zero unused trailing bits: "AB" decodes, "AC" is a non-canonical encoding.
        let mut p = parts.clone();
        p[i] = "AC";
        assert_eq!(field(&p.join(".")), name, "part {i} = AC");
    }
    // Header that is not JSON / not an object / not UTF-8.
    for h in [
        &b"not json"[..],
        b"[1,2]",
        b"\"x\"",
        b"{\"alg\":",
        b"\xff\xfe",
    ] {
        let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        p[0] = base64url_encode(h);
        assert_eq!(field(&p.join(".")), "jwe.header", "{h:?}");
    }
    // Duplicate header members are refused by the strict parser.
    let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
    p[0] = base64url_encode(br#"{"alg":"RSA-OAEP-256","enc":"A128GCM","enc":"A128GCM"}"#);
    assert_eq!(field(&p.join(".")), "jwe.header");
    // IV and tag of the wrong length.
    let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
    p[2] = base64url_encode(&[0u8; 8]);
    assert_eq!(field(&p.join(".")), "jwe.iv");
    let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
    p[4] = base64url_encode(&[0u8; 12]);
    assert_eq!(field(&p.join(".")), "jwe.tag");
    // The untouched original still decrypts (the mutations above are the only cause).
    assert_eq!(d(&good).unwrap().plaintext, b"{}");
}

#[test]
fn seal_content_rejects_bad_cek_and_iv() {
    assert_eq!(
        kind(jwe::seal_content(
            ContentEncryption::A128Gcm,
            "h",
            &[0; 32],
            &[0; 12],
            b""
        )),
        ErrorKind::InvalidKey
    );
    assert_eq!(
        jwe::seal_content(ContentEncryption::A128Gcm, "h", &[0; 16], &[0; 16], b"").unwrap_err(),
        Error::invalid_input("iv", "GCM IV must be 12 bytes, got 16")
    );
}

#[test]
fn decrypted_debug_does_not_print_plaintext() {
    let key = merchant();
    let env = Env::fixed(b"debug", 0);
    let e = jwe::encrypt(
        b"{\"pan\":\"4111111111111111\"}",
        &key.public_key(),
        &EncryptOptions::default(),
        &env,
    )
    .unwrap();
    let d = jwe::decrypt(&e.compact, &key, &DecryptOptions::default()).unwrap();
    let dbg = format!("{d:?}");
    assert!(!dbg.contains("4111"), "{dbg}");
    assert!(dbg.contains("plaintext_len: 26"), "{dbg}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn prop_round_trip(plaintext in prop::collection::vec(any::<u8>(), 0..2048), zip: bool, wide: bool, seed: [u8; 8]) {
        let key = merchant();
        let enc = if wide { ContentEncryption::A256Gcm } else { ContentEncryption::A128Gcm };
        let env = Env::fixed(&seed, 0);
        let e = jwe::encrypt(&plaintext, &key.public_key(), &opts(enc, zip), &env).unwrap();
        let dopts = DecryptOptions { enc, ..DecryptOptions::default() };
        let d = jwe::decrypt(&e.compact, &key, &dopts).unwrap();
        prop_assert_eq!(d.plaintext, plaintext);
    }

    #[test]
    fn prop_any_bit_flip_in_iv_ciphertext_or_tag_fails(plaintext in prop::collection::vec(any::<u8>(), 1..256), part in 2usize..5, pos: prop::sample::Index, bit in 0u8..8) {
        let key = merchant();
        let env = Env::fixed(b"flip", 0);
        let e = jwe::encrypt(&plaintext, &key.public_key(), &EncryptOptions::default(), &env).unwrap();
        let mut parts: Vec<String> = e.compact.split('.').map(str::to_owned).collect();
        let mut raw = base64url_decode(parts[part].as_bytes()).unwrap();
        let i = pos.index(raw.len());
        raw[i] ^= 1 << bit;
        parts[part] = base64url_encode(&raw);
        let r = jwe::decrypt(&parts.join("."), &key, &DecryptOptions::default());
        prop_assert_eq!(r.unwrap_err(), Error::DecryptionFailed);
    }

    #[test]
    fn prop_base64url_round_trip(data in prop::collection::vec(any::<u8>(), 0..300)) {
        let t = base64url_encode(&data);
        prop_assert!(t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(base64url_decode(t.as_bytes()).unwrap(), data);
    }

    #[test]
    fn prop_garbage_never_panics(s in "[A-Za-z0-9_.\\-]{0,200}") {
        let key = merchant();
        let r = jwe::decrypt(&s, &key, &DecryptOptions::default());
        prop_assert!(matches!(r.unwrap_err().kind(), ErrorKind::InvalidInput | ErrorKind::DecryptionFailed));
    }
}

#[test]
fn wrong_key_and_tampered_tag_are_the_same_failure() {
    // RFC 7516 §11.5: a key-unwrap failure surfaces as the tag failure. Every way the
    // CEK can be wrong gives exactly the error of a flipped tag bit.
    let key = merchant();
    let opts = DecryptOptions::default();
    let e = jwe::encrypt(
        br#"{"cardNumber":"4111111111111111"}"#,
        &key.public_key(),
        &EncryptOptions::default(),
        &Env::fixed(b"same-kind", 0),
    )
    .unwrap();
    let parts: Vec<String> = e.compact.split('.').map(str::to_owned).collect();
    let with = |i: usize, raw: Vec<u8>| {
        let mut p = parts.clone();
        p[i] = base64url_encode(&raw);
        p.join(".")
    };
    let mut tag = base64url_decode(parts[4].as_bytes()).unwrap();
    tag[3] ^= 0x20;
    let tag_failure = jwe::decrypt(&with(4, tag), &key, &opts).unwrap_err();
    assert_eq!(tag_failure, Error::DecryptionFailed);
    let ek = base64url_decode(parts[1].as_bytes()).unwrap();
    let mut flipped = ek.clone();
    flipped[0] ^= 0x01;
    let cases: Vec<(&str, String, RsaPrivateKey)> = vec![
        ("another recipient key", e.compact.clone(), platform()),
        ("encrypted key bit flipped", with(1, flipped), key.clone()),
        (
            "encrypted key of zeros",
            with(1, vec![0u8; ek.len()]),
            key.clone(),
        ),
        (
            "encrypted key truncated",
            with(1, ek[..ek.len() - 1].to_vec()),
            key.clone(),
        ),
        ("encrypted key empty", with(1, Vec::new()), key.clone()),
        (
            "32-byte CEK under A128GCM",
            craft(
                r#"{"alg":"RSA-OAEP-256","enc":"A128GCM"}"#,
                32,
                b"x",
                &key.public_key(),
            ),
            key.clone(),
        ),
    ];
    for (what, compact, k) in cases {
        for b in Backend::available() {
            assert_eq!(
                jwe::decrypt(&compact, &k.with_backend(b).unwrap(), &opts).unwrap_err(),
                tag_failure,
                "{what} ({b:?})"
            );
        }
    }
    // The control: the untouched JWE opens on every backend.
    for b in Backend::available() {
        assert!(jwe::decrypt(&e.compact, &key.with_backend(b).unwrap(), &opts).is_ok());
    }
}
