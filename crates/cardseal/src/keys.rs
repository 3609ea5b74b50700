//! RSA key formats: detection and parsing, backend-independent.
//!
//! Accepted, detected automatically:
//! - PEM: PKCS#1 `RSA PRIVATE KEY` / `RSA PUBLIC KEY`, PKCS#8 `PRIVATE KEY`, SPKI
//!   `PUBLIC KEY`, X.509 `CERTIFICATE` (surrounding whitespace, `\r\n` line ends and any
//!   line width are fine);
//! - DER bytes of any of those;
//! - bare base64 of the DER (what Java's `Key.getEncoded()` prints, possibly split across
//!   lines).
//!
//! Everything is normalized to PKCS#1 DER (parsed with the `der`/`pkcs1`/`pkcs8`/`spki`
//! crates), then handed to the chosen [`Backend`]. Refused, as [`Error::InvalidKey`] with
//! a message naming what was seen: keys under 1024 bits, non-RSA keys (the algorithm OID
//! is named), encrypted keys, a public key where a private one is needed and vice versa,
//! malformed input. Intermediate buffers holding private key material are zeroized.

use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, Encode, Tag, Tagged};
use zeroize::Zeroizing;

use crate::env::Env;
use crate::error::{Error, KeyProblem, Result};
use crate::hazmat::rsa::{Backend, RsaPrivateKey, RsaPublicKey};
use crate::secret::SecretString;

/// Parses an RSA private key (PEM PKCS#1/PKCS#8, DER, bare base64 DER) for the default
/// backend.
pub fn parse_private_key(input: &[u8]) -> Result<RsaPrivateKey> {
    parse_private_key_with(input, Backend::default())
}

/// Parses an RSA private key (PEM PKCS#1/PKCS#8, DER, bare base64 DER) for `backend`.
pub fn parse_private_key_with(input: &[u8], backend: Backend) -> Result<RsaPrivateKey> {
    let der = private_pkcs1_der(&decode_input(input, Want::Private)?)?;
    RsaPrivateKey::from_pkcs1_der(&der, backend)
}

/// Parses an RSA public key (PEM SPKI/PKCS#1/CERTIFICATE, DER, bare base64 DER) for the
/// default backend.
pub fn parse_public_key(input: &[u8]) -> Result<RsaPublicKey> {
    parse_public_key_with(input, Backend::default())
}

/// Parses an RSA public key (PEM SPKI/PKCS#1/CERTIFICATE, DER, bare base64 DER) for
/// `backend`.
pub fn parse_public_key_with(input: &[u8], backend: Backend) -> Result<RsaPublicKey> {
    let der = public_pkcs1_der(&decode_input(input, Want::Public)?)?;
    RsaPublicKey::from_pkcs1_der(&der, backend)
}

/// The SPKI `PUBLIC KEY` PEM of a private key (derived) or of a public key / certificate
/// (normalized), in any accepted format.
pub fn public_key_pem(private_or_public: &[u8]) -> Result<String> {
    match public_key_of(private_or_public, Want::Any) {
        Ok(public) => public.to_spki_pem(),
        Err(first) => {
            // A PEM bundle whose first block is not a key (a certificate request, a block
            // of unknown label): the key further on, as `parse_private_key` and
            // `parse_public_key` find it (found by the `keys` fuzz target).
            for want in [Want::Private, Want::Public] {
                if let Ok(public) = public_key_of(private_or_public, want) {
                    return public.to_spki_pem();
                }
            }
            Err(first)
        }
    }
}

/// The public key of the block `want` selects: a private key's public half, or the
/// public key itself.
fn public_key_of(input: &[u8], want: Want) -> Result<RsaPublicKey> {
    let decoded = decode_input(input, want)?;
    Ok(match classify(&decoded.der)? {
        Kind::Pkcs1Private | Kind::Pkcs8 => {
            let der = private_pkcs1_der(&decoded)?;
            RsaPrivateKey::from_pkcs1_der(&der, Backend::default())?.public_key()
        }
        _ => RsaPublicKey::from_pkcs1_der(&public_pkcs1_der(&decoded)?, Backend::default())?,
    })
}

/// A new RSA key of `bits` bits (e = 65537) as PKCS#8 `PRIVATE KEY` PEM, for tests and
/// sandboxes. See [`RsaPrivateKey::generate`] for where the randomness comes from.
pub fn generate_rsa_key_pem(bits: usize, env: &Env) -> Result<SecretString> {
    RsaPrivateKey::generate(bits, Backend::default(), env)?.to_pkcs8_pem()
}

/// Input decoded to DER, with the PEM label if there was one.
struct Decoded {
    label: Option<String>,
    der: Zeroizing<Vec<u8>>,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c)
}

fn trim(input: &[u8]) -> &[u8] {
    let input = input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input);
    let start = input.iter().position(|b| !is_ws(*b)).unwrap_or(input.len());
    let end = input
        .iter()
        .rposition(|b| !is_ws(*b))
        .map_or(start, |e| e + 1);
    input.get(start..end).unwrap_or_default()
}

fn b64_decode(text: &[u8], what: &str) -> Result<Zeroizing<Vec<u8>>> {
    let clean: Zeroizing<Vec<u8>> =
        Zeroizing::new(text.iter().copied().filter(|b| !is_ws(*b)).collect());
    if clean.is_empty() {
        return Err(Error::key(
            KeyProblem::Malformed,
            format!("{what}: no base64 content"),
        ));
    }
    let decoded = if clean.len().is_multiple_of(4) {
        base64_simd::STANDARD.decode_to_vec(&*clean)
    } else {
        base64_simd::STANDARD_NO_PAD.decode_to_vec(&*clean)
    };
    decoded
        .map(Zeroizing::new)
        .map_err(|_| Error::key(KeyProblem::Malformed, format!("{what}: invalid base64")))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Which kind of key the caller wants: selects the block of a multi-block PEM file (a key
/// followed by its certificate chain, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Private,
    Public,
    Any,
}

fn label_kind(label: &str) -> Option<Want> {
    match label {
        "RSA PRIVATE KEY"
        | "PRIVATE KEY"
        | "ENCRYPTED PRIVATE KEY"
        | "EC PRIVATE KEY"
        | "OPENSSH PRIVATE KEY"
        | "DSA PRIVATE KEY" => Some(Want::Private),
        "PUBLIC KEY"
        | "RSA PUBLIC KEY"
        | "CERTIFICATE"
        | "TRUSTED CERTIFICATE"
        | "X509 CERTIFICATE" => Some(Want::Public),
        _ => None,
    }
}

/// Detects PEM, DER or bare base64 DER and returns the DER.
fn decode_input(input: &[u8], want: Want) -> Result<Decoded> {
    // DER first, untrimmed: DER may legitimately end in bytes that look like whitespace.
    if input.first() == Some(&0x30) {
        return Ok(Decoded {
            label: None,
            der: Zeroizing::new(input.to_vec()),
        });
    }
    let text = trim(input);
    if text.is_empty() {
        return Err(Error::key(KeyProblem::Malformed, "empty key"));
    }
    if text.starts_with(b"-----BEGIN ") {
        return decode_pem(text, want);
    }
    if text.starts_with(b"ssh-rsa ") || text.starts_with(b"---- BEGIN SSH2") {
        return Err(Error::key(
            KeyProblem::Unsupported,
            "OpenSSH public key format is not supported: convert it to PEM (ssh-keygen -e -m PKCS8)",
        ));
    }
    let der = b64_decode(text, "key is not PEM, DER or base64 DER")?;
    if der.first() != Some(&0x30) {
        return Err(Error::key(
            KeyProblem::Malformed,
            "key is not PEM, DER or base64 DER: decoded bytes are not a DER SEQUENCE",
        ));
    }
    Ok(Decoded { label: None, der })
}

/// PEM labels an error message may name (RFC 7468 and OpenSSL's): any other label is
/// input of unknown content (a BEGIN line that lost a dash makes the whole key look like a
/// label), so it is described by its length only.
const KNOWN_LABELS: [&str; 21] = [
    "RSA PRIVATE KEY",
    "PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "EC PRIVATE KEY",
    "EC PARAMETERS",
    "OPENSSH PRIVATE KEY",
    "DSA PRIVATE KEY",
    "DSA PARAMETERS",
    "DH PARAMETERS",
    "PUBLIC KEY",
    "RSA PUBLIC KEY",
    "CERTIFICATE",
    "TRUSTED CERTIFICATE",
    "X509 CERTIFICATE",
    "X509 CRL",
    "CERTIFICATE REQUEST",
    "NEW CERTIFICATE REQUEST",
    "ATTRIBUTE CERTIFICATE",
    "PKCS7",
    "CMS",
    "SSH2 ENCRYPTED PRIVATE KEY",
];

/// A PEM label as an error message may show it: quoted when it is a known label, else
/// only its length (never the input).
fn label_shown(label: &str) -> String {
    if KNOWN_LABELS.contains(&label) {
        format!("`{label}`")
    } else {
        format!(
            "an unknown label of {} characters, not shown",
            label.chars().count()
        )
    }
}

/// One PEM block at the start of `text`: (label, body, bytes consumed).
fn pem_block(text: &[u8]) -> Result<(String, &[u8], usize)> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    let after = text.get(BEGIN.len()..).unwrap_or_default();
    // The label ends on the BEGIN line: a BEGIN line that lost a dash must not take the
    // key body (up to the END line's dashes) for its label.
    let line_len = after
        .iter()
        .position(|b| matches!(b, b'\n' | b'\r'))
        .unwrap_or(after.len());
    let label_end = find(after.get(..line_len).unwrap_or_default(), b"-----").ok_or_else(|| {
        Error::key(
            KeyProblem::Malformed,
            format!(
                "malformed PEM: the BEGIN line ({} bytes) does not end with `-----`",
                BEGIN.len() + line_len
            ),
        )
    })?;
    let label_bytes = after.get(..label_end).unwrap_or_default();
    let label = std::str::from_utf8(label_bytes)
        .map_err(|_| Error::key(KeyProblem::Malformed, "malformed PEM: label is not text"))?
        .to_owned();
    let body_and_rest = after.get(label_end + 5..).unwrap_or_default();
    let end_marker = format!("-----END {label}-----");
    let body_end = find(body_and_rest, end_marker.as_bytes()).ok_or_else(|| {
        Error::key(
            KeyProblem::Malformed,
            if KNOWN_LABELS.contains(&label.as_str()) {
                format!("malformed PEM: no `{end_marker}` line")
            } else {
                format!(
                    "malformed PEM: no END line matching the BEGIN line ({})",
                    label_shown(&label)
                )
            },
        )
    })?;
    let body = body_and_rest.get(..body_end).unwrap_or_default();
    let consumed = BEGIN.len() + label_end + 5 + body_end + end_marker.len();
    Ok((label, body, consumed))
}

/// Decodes the PEM block that fits `want` (the first one if none does).
fn decode_pem(text: &[u8], want: Want) -> Result<Decoded> {
    let (first_label, first_body, mut offset) = pem_block(text)?;
    let mut chosen = (first_label, first_body);
    if want != Want::Any && label_kind(&chosen.0) != Some(want) {
        // Look further: a bundle may hold the key after a certificate or parameters.
        while let Some(rest) = text.get(offset..) {
            let Some(start) = find(rest, b"-----BEGIN ") else {
                break;
            };
            let Some(block) = rest.get(start..) else {
                break;
            };
            let Ok((label, body, used)) = pem_block(block) else {
                break;
            };
            offset += start + used;
            if label_kind(&label) == Some(want) {
                chosen = (label, body);
                break;
            }
        }
    }
    let (label, body) = chosen;

    match label.as_str() {
        "ENCRYPTED PRIVATE KEY" => {
            return Err(Error::key(
                KeyProblem::Unsupported,
                "encrypted PKCS#8 private key (ENCRYPTED PRIVATE KEY): decrypt it first, e.g. `openssl pkcs8 -in key.pem -out plain.pem`",
            ));
        }
        "EC PRIVATE KEY" | "EC PARAMETERS" => {
            return Err(Error::key(
                KeyProblem::Unsupported,
                format!(
                    "not an RSA key: PEM {} is an elliptic-curve (SEC1) key",
                    label_shown(&label)
                ),
            ));
        }
        "OPENSSH PRIVATE KEY" => {
            return Err(Error::key(
                KeyProblem::Unsupported,
                "OpenSSH private key format is not supported: convert it with `ssh-keygen -p -m PEM`",
            ));
        }
        "DSA PRIVATE KEY" => {
            return Err(Error::key(
                KeyProblem::Unsupported,
                "not an RSA key: PEM `DSA PRIVATE KEY`",
            ));
        }
        "RSA PRIVATE KEY"
        | "PRIVATE KEY"
        | "PUBLIC KEY"
        | "RSA PUBLIC KEY"
        | "CERTIFICATE"
        | "TRUSTED CERTIFICATE"
        | "X509 CERTIFICATE" => {}
        other => {
            return Err(Error::key(
                KeyProblem::Unsupported,
                format!(
                    "unsupported PEM label: {} (expected RSA PRIVATE KEY, PRIVATE KEY, PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE)",
                    label_shown(other)
                ),
            ));
        }
    }

    // RFC 1421 headers (legacy OpenSSL encrypted PEM): `Name: value` lines before a blank line.
    let mut b64 = Zeroizing::new(Vec::with_capacity(body.len()));
    for line in body.split(|b| *b == b'\n') {
        let line = trim(line);
        if line.contains(&b':') {
            if find(line, b"ENCRYPTED").is_some() {
                return Err(Error::key(
                    KeyProblem::Unsupported,
                    format!(
                        "encrypted PEM {} (Proc-Type: 4,ENCRYPTED): decrypt it first, e.g. `openssl rsa -in key.pem -out plain.pem`",
                        label_shown(&label)
                    ),
                ));
            }
            continue;
        }
        b64.extend_from_slice(line);
    }
    let der = b64_decode(&b64, &format!("malformed PEM {}", label_shown(&label)))?;
    Ok(Decoded {
        label: Some(label),
        der,
    })
}

/// What a DER structure is, from the tags of its top-level elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pkcs1Private,
    Pkcs8,
    EncryptedPkcs8,
    Sec1Ec,
    Pkcs1Public,
    Spki,
    Certificate,
}

fn sequence_children(der: &[u8]) -> Result<Vec<AnyRef<'_>>> {
    Vec::<AnyRef<'_>>::from_der(der).map_err(|e| {
        Error::key(
            KeyProblem::Malformed,
            format!("malformed DER key structure: {e}"),
        )
    })
}

fn classify(der: &[u8]) -> Result<Kind> {
    let children = sequence_children(der)?;
    let tags: Vec<Tag> = children.iter().map(|c| c.tag()).collect();
    use Tag::{BitString, Integer, OctetString, Sequence};
    let kind = match tags.as_slice() {
        [Integer, Integer] => Kind::Pkcs1Public,
        [Integer, Integer, Integer, ..] => Kind::Pkcs1Private,
        [Integer, Sequence, OctetString, ..] => Kind::Pkcs8,
        [Integer, OctetString, ..] => Kind::Sec1Ec,
        [Sequence, BitString] => Kind::Spki,
        [Sequence, OctetString] => Kind::EncryptedPkcs8,
        [Sequence, Sequence, BitString] => Kind::Certificate,
        _ => {
            return Err(Error::invalid_key(
                "unrecognized DER: not a PKCS#1, PKCS#8, SubjectPublicKeyInfo or X.509 structure",
            ));
        }
    };
    Ok(kind)
}

fn oid_name(oid: &ObjectIdentifier) -> &'static str {
    match oid.to_string().as_str() {
        "1.2.840.10045.2.1" => " (EC public key)",
        "1.2.840.10040.4.1" => " (DSA)",
        "1.3.101.110" => " (X25519)",
        "1.3.101.111" => " (X448)",
        "1.3.101.112" => " (Ed25519)",
        "1.3.101.113" => " (Ed448)",
        "1.2.840.113549.1.1.10" => " (RSASSA-PSS: PSS-restricted keys are not supported)",
        "1.2.840.113549.1.1.7" => " (RSAES-OAEP-restricted key: not supported)",
        "1.2.156.10197.1.301" => " (SM2)",
        _ => "",
    }
}

fn check_rsa_oid(oid: &ObjectIdentifier) -> Result<()> {
    if *oid == pkcs1::ALGORITHM_OID {
        Ok(())
    } else {
        // The OID is an algorithm identifier, not key material; an implausibly long one
        // (garbage read as an OID) is not shown.
        let dotted = oid.to_string();
        let shown = if dotted.len() <= 32 {
            dotted
        } else {
            format!("of {} characters (not shown)", dotted.len())
        };
        Err(Error::key(
            KeyProblem::Unsupported,
            format!("not an RSA key: algorithm OID {shown}{}", oid_name(oid)),
        ))
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Pkcs1Private => "a PKCS#1 RSA private key",
        Kind::Pkcs8 => "a PKCS#8 private key",
        Kind::EncryptedPkcs8 => "an encrypted PKCS#8 private key",
        Kind::Sec1Ec => "an elliptic-curve (SEC1) private key",
        Kind::Pkcs1Public => "a PKCS#1 RSA public key",
        Kind::Spki => "an X.509 SubjectPublicKeyInfo public key",
        Kind::Certificate => "an X.509 certificate",
    }
}

/// PKCS#1 private DER from any private format.
fn private_pkcs1_der(decoded: &Decoded) -> Result<Zeroizing<Vec<u8>>> {
    let der: &[u8] = &decoded.der;
    match classify(der)? {
        Kind::Pkcs1Private => Ok(Zeroizing::new(der.to_vec())),
        Kind::Pkcs8 => {
            let info = pkcs8::PrivateKeyInfoRef::from_der(der)
                .map_err(|e| Error::invalid_key(format!("malformed PKCS#8 private key: {e}")))?;
            check_rsa_oid(&info.algorithm.oid)?;
            Ok(Zeroizing::new(info.private_key.as_bytes().to_vec()))
        }
        Kind::EncryptedPkcs8 => Err(Error::key(
            KeyProblem::Unsupported,
            "encrypted PKCS#8 private key: decrypt it first, e.g. `openssl pkcs8 -in key.pem -out plain.pem`",
        )),
        Kind::Sec1Ec => Err(Error::key(
            KeyProblem::Unsupported,
            "not an RSA key: this is an elliptic-curve (SEC1) private key",
        )),
        other => Err(Error::key(
            KeyProblem::Unsupported,
            format!(
                "expected a private key, got {}{}",
                kind_name(other),
                decoded
                    .label
                    .as_deref()
                    .map(|l| format!(" (PEM {})", label_shown(l)))
                    .unwrap_or_default()
            ),
        )),
    }
}

/// PKCS#1 public DER from an SPKI DER.
fn spki_to_pkcs1(der: &[u8]) -> Result<Vec<u8>> {
    let info = spki::SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|e| Error::invalid_key(format!("malformed SubjectPublicKeyInfo: {e}")))?;
    check_rsa_oid(&info.algorithm.oid)?;
    info.subject_public_key
        .as_bytes()
        .map(<[u8]>::to_vec)
        .ok_or_else(|| Error::invalid_key("malformed SubjectPublicKeyInfo: unaligned BIT STRING"))
}

/// The SubjectPublicKeyInfo DER of an X.509 certificate (walked with `der`, no x509 crate):
/// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue };
/// TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer,
/// validity, subject, subjectPublicKeyInfo, ... }.
fn certificate_spki(der: &[u8]) -> Result<Vec<u8>> {
    let malformed = |what: &str| Error::invalid_key(format!("malformed X.509 certificate: {what}"));
    let cert = sequence_children(der)?;
    let tbs = cert.first().ok_or_else(|| malformed("empty"))?;
    if tbs.tag() != Tag::Sequence {
        return Err(malformed("tbsCertificate is not a SEQUENCE"));
    }
    let tbs_der = tbs.to_der().map_err(|e| malformed(&e.to_string()))?;
    let fields = sequence_children(&tbs_der)?;
    let skip = usize::from(
        fields
            .first()
            .is_some_and(|f| f.tag().is_context_specific()),
    );
    let mut rest = fields.iter().skip(skip);
    let expect = [
        ("serialNumber", Tag::Integer),
        ("signature", Tag::Sequence),
        ("issuer", Tag::Sequence),
        ("validity", Tag::Sequence),
        ("subject", Tag::Sequence),
    ];
    for (name, tag) in expect {
        match rest.next() {
            Some(f) if f.tag() == tag => {}
            _ => return Err(malformed(&format!("bad or missing {name}"))),
        }
    }
    let spki = rest
        .next()
        .filter(|f| f.tag() == Tag::Sequence)
        .ok_or_else(|| malformed("bad or missing subjectPublicKeyInfo"))?;
    spki.to_der().map_err(|e| malformed(&e.to_string()))
}

/// PKCS#1 public DER from any public format.
fn public_pkcs1_der(decoded: &Decoded) -> Result<Vec<u8>> {
    let der: &[u8] = &decoded.der;
    match classify(der)? {
        Kind::Pkcs1Public => Ok(der.to_vec()),
        Kind::Spki => spki_to_pkcs1(der),
        Kind::Certificate => spki_to_pkcs1(&certificate_spki(der)?),
        other => Err(Error::key(
            KeyProblem::Unsupported,
            format!(
                "expected a public key or certificate, got {} (use keys::public_key_pem to derive the public key)",
                kind_name(other)
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_strips_bom_and_whitespace() {
        assert_eq!(trim(b"\xef\xbb\xbf \r\n abc \r\n"), b"abc");
        assert_eq!(trim(b" \n "), b"");
    }

    #[test]
    fn classify_rejects_non_sequences() {
        assert_eq!(
            classify(&[0x02, 0x01, 0x00]).unwrap_err().kind(),
            crate::ErrorKind::InvalidKey
        );
    }
}
