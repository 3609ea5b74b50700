#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Key formats: every accepted format on every backend, PEM round trips, X.509
//! certificates, and each bad input with its `InvalidKey` message. Fixtures in
//! `test-vectors/keys/` were made with the openssl CLI (see test-vectors/README.md).

use cardseal::hazmat::digest::HashAlg;
use cardseal::hazmat::rsa::{Backend, RsaPrivateKey, RsaPublicKey};
use cardseal::keys::{
    generate_rsa_key_pem, parse_private_key, parse_private_key_with, parse_public_key,
    parse_public_key_with, public_key_pem,
};
use cardseal::{Env, Error, ErrorKind};

fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../test-vectors/keys")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn text(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap()
}

fn invalid_key_reason(r: cardseal::Result<impl std::fmt::Debug>) -> String {
    match r {
        Err(Error::InvalidKey { reason, .. }) => reason,
        other => panic!("expected InvalidKey, got {other:?}"),
    }
}

const PRIVATE_FORMATS: &[&str] = &[
    "sandbox_merchant_2048.pem", // PKCS#8 PEM (openssl genpkey)
    "fmt_rsa2048_pkcs1.pem",     // RSA PRIVATE KEY
    "fmt_rsa2048_pkcs1.der",
    "fmt_rsa2048_pkcs8.der",
    "fmt_rsa2048_pkcs8.b64", // bare base64 DER, one line (Java getEncoded())
    "fmt_rsa2048_pkcs8_mime.b64", // 76-column lines ending \r\n (Java MIME encoder)
];

const PUBLIC_FORMATS: &[&str] = &[
    "fmt_rsa2048_spki.pem",
    "fmt_rsa2048_spki.der",
    "fmt_rsa2048_spki.b64",
    "fmt_rsa2048_pkcs1_pub.pem", // RSA PUBLIC KEY
    "fmt_rsa2048_pkcs1_pub.der",
    "fmt_rsa2048_cert.pem", // self-signed X.509
    "fmt_rsa2048_cert.der",
];

#[test]
fn every_private_format_on_every_backend() {
    let want = fixture("fmt_rsa2048_pkcs1.der");
    for backend in Backend::available() {
        for name in PRIVATE_FORMATS {
            let key = parse_private_key_with(&fixture(name), backend)
                .unwrap_or_else(|e| panic!("{name} on {backend}: {e}"));
            assert_eq!(key.bits(), 2048, "{name}");
            assert_eq!(key.size(), 256, "{name}");
            assert_eq!(key.backend(), backend);
            assert_eq!(
                key.to_pkcs1_der().unwrap().expose(),
                &want[..],
                "{name} on {backend}"
            );
            // Re-exported PKCS#8 PEM is byte for byte what `openssl genpkey` wrote.
            assert_eq!(
                key.to_pkcs8_pem().unwrap().expose(),
                text("sandbox_merchant_2048.pem"),
                "{name} on {backend}"
            );
        }
    }
}

#[test]
fn every_public_format_on_every_backend() {
    let want_pkcs1 = fixture("fmt_rsa2048_pkcs1_pub.der");
    let want_spki = fixture("fmt_rsa2048_spki.der");
    let want_pem = text("fmt_rsa2048_spki.pem");
    for backend in Backend::available() {
        for name in PUBLIC_FORMATS {
            let key = parse_public_key_with(&fixture(name), backend)
                .unwrap_or_else(|e| panic!("{name} on {backend}: {e}"));
            assert_eq!(key.bits(), 2048, "{name}");
            assert_eq!(key.backend(), backend);
            assert_eq!(key.to_pkcs1_der(), want_pkcs1, "{name} on {backend}");
            assert_eq!(key.to_spki_der().unwrap(), want_spki, "{name} on {backend}");
            assert_eq!(key.to_spki_pem().unwrap(), want_pem, "{name} on {backend}");
        }
    }
}

#[test]
fn public_key_pem_derives_and_normalizes() {
    let want = text("fmt_rsa2048_spki.pem");
    for name in PRIVATE_FORMATS.iter().chain(PUBLIC_FORMATS) {
        assert_eq!(public_key_pem(&fixture(name)).unwrap(), want, "{name}");
    }
    // The private key's public half is the certificate's key.
    let key = parse_private_key(&fixture("fmt_rsa2048_pkcs1.pem")).unwrap();
    let cert_key = parse_public_key(&fixture("fmt_rsa2048_cert.pem")).unwrap();
    assert_eq!(key.public_key(), cert_key);
    // 64-column lines, each ending in \n.
    for line in want.lines() {
        assert!(line.len() <= 64);
    }
    assert!(want.ends_with("-----END PUBLIC KEY-----\n"));
}

#[test]
fn whitespace_crlf_and_line_width_are_tolerated() {
    let pem = text("fmt_rsa2048_pkcs1.pem");
    let crlf = format!("\r\n  \t{}\r\n\r\n", pem.replace('\n', "\r\n"));
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    let one_line = format!("-----BEGIN RSA PRIVATE KEY-----{body}-----END RSA PRIVATE KEY-----");
    let wide: String = body
        .as_bytes()
        .chunks(76)
        .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
        .collect();
    let wide = format!("-----BEGIN RSA PRIVATE KEY-----\n{wide}-----END RSA PRIVATE KEY-----\n");
    let bom = format!("\u{feff}{pem}");
    let want = fixture("fmt_rsa2048_pkcs1.der");
    for (what, input) in [
        ("crlf", crlf),
        ("one line", one_line),
        ("76 columns", wide),
        ("bom", bom),
    ] {
        for backend in Backend::available() {
            let key = parse_private_key_with(input.as_bytes(), backend)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(key.to_pkcs1_der().unwrap().expose(), &want[..], "{what}");
        }
    }
    // Bare base64 with surrounding whitespace, split at odd places.
    let b64 = text("fmt_rsa2048_spki.b64");
    let (a, b) = b64.split_at(100);
    let split = format!("  \n{a}\r\n {b}\n\n");
    assert_eq!(
        parse_public_key(split.as_bytes())
            .unwrap()
            .to_spki_der()
            .unwrap(),
        fixture("fmt_rsa2048_spki.der")
    );
    // Base64 with the padding dropped.
    let b64 = text("fmt_rsa2048_pkcs8.b64");
    let unpadded = b64.trim_end().trim_end_matches('=');
    assert_ne!(
        unpadded.len(),
        b64.trim_end().len(),
        "fixture should have padding"
    );
    assert_eq!(
        parse_private_key(unpadded.as_bytes())
            .unwrap()
            .to_pkcs1_der()
            .unwrap()
            .expose(),
        &want[..]
    );
}

#[test]
fn small_keys_are_refused_with_their_size() {
    for backend in Backend::available() {
        assert_eq!(
            invalid_key_reason(parse_private_key_with(&fixture("fmt_rsa512.pem"), backend)),
            "RSA key is 512 bits; at least 1024 required"
        );
        assert_eq!(
            invalid_key_reason(parse_public_key_with(
                &fixture("fmt_rsa512_spki.pem"),
                backend
            )),
            "RSA key is 512 bits; at least 1024 required"
        );
    }
    assert_eq!(
        invalid_key_reason(public_key_pem(&fixture("fmt_rsa512.pem"))),
        "RSA key is 512 bits; at least 1024 required"
    );
}

#[test]
fn non_rsa_keys_name_what_they_are() {
    let ec_oid = "1.2.840.10045.2.1";
    let r = invalid_key_reason(parse_private_key(&fixture("fmt_ec_p256.pem")));
    assert!(r.contains(ec_oid) && r.contains("not an RSA key"), "{r}");
    let r = invalid_key_reason(parse_public_key(&fixture("fmt_ec_p256_spki.pem")));
    assert!(r.contains(ec_oid), "{r}");
    let r = invalid_key_reason(parse_public_key(&fixture("fmt_ec_p256_cert.pem")));
    assert!(r.contains(ec_oid), "{r}");
    let r = invalid_key_reason(parse_private_key(&fixture("fmt_ec_p256_sec1.pem")));
    assert!(r.contains("elliptic-curve"), "{r}");
    let r = invalid_key_reason(parse_private_key(&fixture("fmt_ed25519.pem")));
    assert!(r.contains("1.3.101.112") && r.contains("Ed25519"), "{r}");
    // SEC1 DER without its PEM label.
    let sec1 = text("fmt_ec_p256_sec1.pem");
    let body: String = sec1.lines().filter(|l| !l.starts_with("-----")).collect();
    let r = invalid_key_reason(parse_private_key(body.as_bytes()));
    assert!(r.contains("elliptic-curve"), "{r}");
}

#[test]
fn encrypted_keys_say_so() {
    let r = invalid_key_reason(parse_private_key(&fixture(
        "fmt_rsa2048_pkcs8_encrypted.pem",
    )));
    assert!(r.starts_with("encrypted PKCS#8 private key"), "{r}");
    // Same structure as DER, without the PEM label.
    let pem = text("fmt_rsa2048_pkcs8_encrypted.pem");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let r = invalid_key_reason(parse_private_key(body.as_bytes()));
    assert!(r.starts_with("encrypted PKCS#8 private key"), "{r}");
    let r = invalid_key_reason(parse_private_key(&fixture(
        "fmt_rsa2048_pkcs1_encrypted.pem",
    )));
    assert!(r.starts_with("encrypted PEM `RSA PRIVATE KEY`"), "{r}");
}

#[test]
fn wrong_kind_of_key_is_refused() {
    let r = invalid_key_reason(parse_private_key(&fixture("fmt_rsa2048_spki.pem")));
    assert!(r.starts_with("expected a private key"), "{r}");
    let r = invalid_key_reason(parse_private_key(&fixture("fmt_rsa2048_cert.der")));
    assert!(
        r.starts_with("expected a private key, got an X.509 certificate"),
        "{r}"
    );
    let r = invalid_key_reason(parse_public_key(&fixture("fmt_rsa2048_pkcs1.pem")));
    assert!(r.starts_with("expected a public key or certificate"), "{r}");
}

#[test]
fn malformed_inputs_are_invalid_key() {
    let pem = text("fmt_rsa2048_pkcs1.pem");
    let der = fixture("fmt_rsa2048_pkcs1.der");
    let no_end = pem.replace("-----END RSA PRIVATE KEY-----", "");
    let bad_b64 = pem.replacen("MII", "M*I", 1);
    let truncated_body = {
        let mut lines: Vec<&str> = pem.lines().collect();
        lines.remove(5);
        lines.join("\n")
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("whitespace", b" \r\n\t ".to_vec()),
        ("text", b"not a key".to_vec()),
        ("no END line", no_end.into_bytes()),
        ("bad base64 in PEM", bad_b64.into_bytes()),
        ("PEM body missing a line", truncated_body.into_bytes()),
        ("truncated DER", der[..der.len() - 10].to_vec()),
        (
            "DER with trailing bytes",
            [der.clone(), vec![0, 0]].concat(),
        ),
        ("lone SEQUENCE", vec![0x30, 0x00]),
        (
            "unknown label",
            b"-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n".to_vec(),
        ),
        (
            "ssh key",
            b"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ user@host".to_vec(),
        ),
        (
            "openssh private",
            b"-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
                .to_vec(),
        ),
        ("base64 of non-DER", b"aGVsbG8gd29ybGQ=".to_vec()),
    ];
    for backend in Backend::available() {
        for (what, input) in &cases {
            let e = parse_private_key_with(input, backend).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidKey, "{what}: {e}");
            let e = parse_public_key_with(input, backend).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidKey, "{what}: {e}");
        }
    }
    assert_eq!(
        public_key_pem(b"garbage").unwrap_err().kind(),
        ErrorKind::InvalidKey
    );
}

#[test]
fn inconsistent_private_key_is_refused() {
    // Flip a bit of the private exponent's last byte: structurally fine, wrong key.
    // A wrong d cannot be caught cheaply by every backend, but a wrong modulus can:
    // flip a bit in the modulus instead (n no longer equals p*q).
    let mut der = fixture("fmt_rsa2048_pkcs1.der");
    // RSAPrivateKey: 30 82 xx xx | 02 01 00 | 02 82 01 01 00 <n...>
    assert_eq!(&der[4..7], &[2, 1, 0]);
    assert_eq!(&der[7..12], &[2, 0x82, 1, 1, 0]);
    der[12 + 100] ^= 0x01;
    for backend in Backend::available() {
        let e = RsaPrivateKey::from_pkcs1_der(&der, backend).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidKey, "{backend}: {e}");
    }
}

#[test]
fn debug_is_redacted_and_pinned() {
    for backend in Backend::available() {
        let key = parse_private_key_with(&fixture("fmt_rsa2048_pkcs1.pem"), backend).unwrap();
        let dbg = format!("{key:?}");
        assert_eq!(
            dbg,
            format!("RsaPrivateKey {{ bits: 2048, backend: {}", backend.name()) + " }"
        );
        let pubdbg = format!("{:?}", key.public_key());
        assert_eq!(
            pubdbg,
            format!("RsaPublicKey {{ bits: 2048, backend: {} }}", backend.name())
        );
        let pem = key.to_pkcs8_pem().unwrap();
        assert_eq!(format!("{pem:?}"), "SecretString([REDACTED])");
        let der = key.to_pkcs1_der().unwrap();
        assert_eq!(
            format!("{der:?}"),
            format!("SecretBytes([REDACTED; {}])", der.len())
        );
    }
    #[cfg(feature = "openssl")]
    {
        let key =
            parse_private_key_with(&fixture("fmt_rsa2048_pkcs1.pem"), Backend::OpenSsl).unwrap();
        assert_eq!(
            format!("{key:?}"),
            "RsaPrivateKey { bits: 2048, backend: openssl }"
        );
    }
}

#[test]
fn backends_agree_on_the_same_key() {
    let all = Backend::available();
    let keys: Vec<RsaPrivateKey> = all
        .iter()
        .map(|b| parse_private_key_with(&fixture("sandbox_provider_1024.pem"), *b).unwrap())
        .collect();
    for k in &keys {
        for b in &all {
            let other = k.with_backend(*b).unwrap();
            assert_eq!(other.backend(), *b);
            assert_eq!(
                other.to_pkcs1_der().unwrap(),
                keys[0].to_pkcs1_der().unwrap()
            );
            assert_eq!(other.public_key(), keys[0].public_key());
        }
    }
}

#[test]
fn generated_keys_work_and_export() {
    for backend in Backend::available() {
        let env = Env::fixed(b"keygen", 0);
        let key = RsaPrivateKey::generate(1024, backend, &env).unwrap();
        assert_eq!(key.bits(), 1024);
        assert_eq!(key.backend(), backend);
        let sig = key.sign_pkcs1v15(HashAlg::Sha256, b"msg").unwrap();
        key.public_key()
            .verify_pkcs1v15(HashAlg::Sha256, b"msg", &sig)
            .unwrap();
        let pem = key.to_pkcs8_pem().unwrap();
        let again = parse_private_key_with(pem.expose().as_bytes(), backend).unwrap();
        assert_eq!(again.to_pkcs1_der().unwrap(), key.to_pkcs1_der().unwrap());
        let public =
            RsaPublicKey::from_pkcs1_der(&key.public_key().to_pkcs1_der(), backend).unwrap();
        assert_eq!(public, key.public_key());
        // Bad sizes.
        assert_eq!(
            RsaPrivateKey::generate(512, backend, &env)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidKey
        );
        assert_eq!(
            RsaPrivateKey::generate(1028, backend, &env)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidInput
        );
    }
    let pem = generate_rsa_key_pem(1024, &Env::fixed(b"k", 0)).unwrap();
    assert!(pem.expose().starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert_eq!(
        parse_private_key(pem.expose().as_bytes()).unwrap().bits(),
        1024
    );
}

#[cfg(feature = "rustcrypto")]
#[test]
fn rustcrypto_generation_is_reproducible_from_env() {
    let a = RsaPrivateKey::generate(1024, Backend::RustCrypto, &Env::fixed(b"same", 0)).unwrap();
    let b = RsaPrivateKey::generate(1024, Backend::RustCrypto, &Env::fixed(b"same", 0)).unwrap();
    let c = RsaPrivateKey::generate(1024, Backend::RustCrypto, &Env::fixed(b"other", 0)).unwrap();
    assert_eq!(a.to_pkcs1_der().unwrap(), b.to_pkcs1_der().unwrap());
    assert_ne!(a.to_pkcs1_der().unwrap(), c.to_pkcs1_der().unwrap());
}

#[test]
fn lib_re_exports() {
    let key: cardseal::RsaPrivateKey =
        cardseal::parse_private_key(&fixture("sandbox_merchant_1024.pem")).unwrap();
    let _: cardseal::RsaPublicKey = key.public_key();
    assert_eq!(cardseal::Backend::default(), key.backend());
}

#[test]
fn pem_bundles_pick_the_block_asked_for() {
    let cert = text("fmt_rsa2048_cert.pem");
    let key = text("fmt_rsa2048_pkcs1.pem");
    let want_private = fixture("fmt_rsa2048_pkcs1.der");
    let want_public = fixture("fmt_rsa2048_pkcs1_pub.der");
    for bundle in [format!("{cert}{key}"), format!("{key}\r\n{cert}")] {
        for backend in Backend::available() {
            let k = parse_private_key_with(bundle.as_bytes(), backend).unwrap();
            assert_eq!(k.to_pkcs1_der().unwrap().expose(), &want_private[..]);
            let p = parse_public_key_with(bundle.as_bytes(), backend).unwrap();
            assert_eq!(p.to_pkcs1_der(), want_public);
        }
        assert_eq!(
            public_key_pem(bundle.as_bytes()).unwrap(),
            text("fmt_rsa2048_spki.pem")
        );
    }
    // EC parameters followed by an EC key: still "not RSA".
    let ec = format!(
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n{}",
        text("fmt_ec_p256_sec1.pem")
    );
    let r = invalid_key_reason(parse_private_key(ec.as_bytes()));
    assert!(
        r.contains("EC PRIVATE KEY") && r.contains("elliptic-curve"),
        "{r}"
    );
    // A certificate alone, asked for a private key: says what it found.
    let r = invalid_key_reason(parse_private_key(cert.as_bytes()));
    assert!(
        r.starts_with("expected a private key, got an X.509 certificate"),
        "{r}"
    );
}

/// `InvalidKey` carries a closed `KeyProblem` (issue 12): the same forms as above, typed.
#[test]
fn key_problems_are_typed() {
    use cardseal::KeyProblem;
    fn problem(r: cardseal::Result<impl std::fmt::Debug>) -> KeyProblem {
        match r {
            Err(Error::InvalidKey { problem, .. }) => problem,
            other => panic!("expected InvalidKey, got {other:?}"),
        }
    }
    for backend in Backend::available() {
        let p = |name: &str| problem(parse_private_key_with(&fixture(name), backend));
        assert_eq!(p("fmt_rsa512.pem"), KeyProblem::Size);
        assert_eq!(p("fmt_ec_p256.pem"), KeyProblem::Unsupported);
        assert_eq!(p("fmt_ec_p256_sec1.pem"), KeyProblem::Unsupported);
        assert_eq!(
            p("fmt_rsa2048_pkcs8_encrypted.pem"),
            KeyProblem::Unsupported
        );
        assert_eq!(
            p("fmt_rsa2048_pkcs1_encrypted.pem"),
            KeyProblem::Unsupported
        );
        assert_eq!(p("fmt_rsa2048_spki.pem"), KeyProblem::Unsupported);
        for input in [&b""[..], b"not a key", b"aGVsbG8gd29ybGQ=", &[0x30, 0x00]] {
            assert_eq!(
                problem(parse_private_key_with(input, backend)),
                KeyProblem::Malformed
            );
        }
        let mut der = fixture("fmt_rsa2048_pkcs1.der");
        der[12 + 100] ^= 0x01;
        assert_eq!(
            problem(RsaPrivateKey::from_pkcs1_der(&der, backend)),
            KeyProblem::Inconsistent,
            "{backend}"
        );
    }
    assert_eq!(
        problem(cardseal::hazmat::aes::ecb_encrypt(
            &[7; 20],
            b"x",
            cardseal::hazmat::aes::Padding::Pkcs7
        )),
        KeyProblem::Size
    );
    assert_eq!(KeyProblem::Malformed.as_str(), "malformed");
}

/// `public_key_pem` finds the key of a bundle whose first block is not one, as the
/// parsers do (the `keys` fuzz target found `parse_private_key` accepting a bundle that
/// `public_key_pem` refused).
#[test]
fn public_key_pem_of_a_bundle_agrees_with_the_parsers() {
    let key = text("sandbox_merchant_2048.pem");
    let want = public_key_pem(key.as_bytes()).unwrap();
    let junk = "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n";
    let bundle = format!("{junk}{key}");
    let k = parse_private_key(bundle.as_bytes()).unwrap();
    assert_eq!(k.public_key().to_spki_pem().unwrap(), want);
    assert_eq!(public_key_pem(bundle.as_bytes()).unwrap(), want);
    let public_bundle = format!("{junk}{want}");
    assert_eq!(public_key_pem(public_bundle.as_bytes()).unwrap(), want);
    // A bundle with no key still gives the first block's error.
    let r = invalid_key_reason(public_key_pem(junk.as_bytes()));
    assert!(r.starts_with("unsupported PEM label"), "{r}");
}
