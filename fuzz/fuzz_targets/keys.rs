//! `cardseal::keys`: any bytes given as a private or public key (PEM of every label,
//! bare base64 DER, raw DER, certificates, encrypted keys) give a key or a typed
//! `InvalidKey`, never a panic; a parsed key's public half round-trips through
//! `public_key_pem`; no error rendering repeats 16 characters in a row of the input's
//! base64 text (errors never echo key material).
#![no_main]

use cardseal::keys;
use cardseal_fuzz::check_error;
use libfuzzer_sys::fuzz_target;

/// Panics when an error rendering holds 16 base64-alphabet characters in a row, with
/// upper- and lowercase letters and a digit among them (as any run of key base64 has,
/// and none of the library's own words), that are also in the input (key material
/// echoed). The mix is required because libFuzzer copies the library's message text
/// into inputs (e.g. `nown/unsupported`), which is not an echo of the input.
fn assert_no_echo(input: &[u8], e: &cardseal::Error) {
    check_error(e);
    if std::env::var_os("CARDSEAL_FUZZ_ALLOW_KEY_ECHO").is_some() {
        return;
    }
    let b64 = |c: &u8| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/';
    for text in [e.to_string(), format!("{e:?}")] {
        for w in text.as_bytes().windows(16) {
            if w.iter().all(b64)
                && w.iter().any(u8::is_ascii_uppercase)
                && w.iter().any(u8::is_ascii_lowercase)
                && w.iter().any(u8::is_ascii_digit)
                && input.windows(16).any(|i| i == w)
            {
                panic!(
                    "error echoes 16 characters of the key input ({:?}): {text}",
                    String::from_utf8_lossy(w)
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    cardseal_fuzz::begin(data);
    match keys::parse_private_key(data) {
        Ok(k) => {
            let _ = format!("{k:?}");
            let public = k.public_key();
            let pem = public.to_spki_pem().expect("a parsed key has an SPKI PEM");
            let again = keys::parse_public_key(pem.as_bytes()).expect("own PEM re-parses");
            assert_eq!(again.to_spki_pem().expect("pem"), pem);
            assert_eq!(
                keys::public_key_pem(data).expect("public_key_pem of a private key"),
                pem
            );
        }
        Err(e) => assert_no_echo(data, &e),
    }
    match keys::parse_public_key(data) {
        Ok(k) => {
            let _ = format!("{k:?}");
            let pem = k.to_spki_pem().expect("pem");
            let again = keys::parse_public_key(pem.as_bytes()).expect("own PEM re-parses");
            assert_eq!(again.to_spki_pem().expect("pem"), pem);
        }
        Err(e) => assert_no_echo(data, &e),
    }
    if let Err(e) = keys::public_key_pem(data) {
        assert_no_echo(data, &e);
    }
});
