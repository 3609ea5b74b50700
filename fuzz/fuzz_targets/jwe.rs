//! `hazmat::jwe`: the compact parser and decryption (with the fixed UPay merchant key of
//! the JWE vectors, and with a fixed CEK) return plaintext or a typed error for any text;
//! what `decrypt` returns agrees with `parse_compact`; and an encryption of the input
//! bytes (zipped or not, either `enc`) decrypts back to them.
#![no_main]

use cardseal::Env;
use cardseal::hazmat::jwe::{self, ContentEncryption, DecryptOptions, EncryptOptions};
use cardseal_fuzz::{KEYS, checked};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cardseal_fuzz::begin(data);
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let enc = if sel & 1 == 0 {
        ContentEncryption::A128Gcm
    } else {
        ContentEncryption::A256Gcm
    };
    // A small cap half the time, so the cap check is reached by short streams too.
    let cap = if sel & 2 == 0 {
        1 << 20
    } else {
        usize::from(sel >> 2) * 64
    };
    let opts = DecryptOptions {
        enc,
        max_inflated_bytes: cap,
    };

    if let Ok(text) = std::str::from_utf8(rest) {
        let parsed = checked(jwe::parse_compact(text, &opts));
        let decrypted = checked(jwe::decrypt(text, &KEYS.upay_merchant, &opts));
        if let Some(d) = &decrypted {
            let p = parsed
                .as_ref()
                .expect("decrypt accepted what parse_compact refuses");
            assert_eq!(d.header_json, p.header_json);
            assert_eq!(d.header, p.header);
            if d.header.zip.is_none() {
                assert_eq!(d.plaintext.len(), p.ciphertext.len());
            }
            assert!(d.plaintext.len() <= cap.max(p.ciphertext.len()));
        }
        let cek = [0x42u8; 32];
        let _ = checked(jwe::decrypt_with_cek(
            text,
            cek.get(..enc.key_len()).unwrap_or(&cek),
            &opts,
        ));
    }

    // Round trip of the raw bytes.
    let eopts = EncryptOptions {
        enc,
        zip: sel & 4 != 0,
        typ: (sel & 8 != 0).then(|| "JWT".to_owned()),
        kid: (sel & 16 != 0).then(|| "kid-1".to_owned()),
    };
    let seed = [sel];
    let sealed = jwe::encrypt(rest, &KEYS.upay_merchant_pub, &eopts, &Env::fixed(&seed, 0))
        .expect("encrypting any bytes succeeds");
    let cek = Env::fixed(&seed, 0)
        .random_bytes(enc.key_len())
        .expect("random");
    let opened = jwe::decrypt_with_cek(
        &sealed.compact,
        &cek,
        &DecryptOptions {
            enc,
            max_inflated_bytes: rest.len(),
        },
    )
    .unwrap_or_else(|e| panic!("own JWE does not open: {e}"));
    assert_eq!(opened.plaintext, rest);
    assert_eq!(opened.header_json, sealed.header_json);
});
