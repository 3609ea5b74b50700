//! Vector runner for the `prim` family (ops documented in test-vectors/README.md):
//! AES (ECB, CBC, GCM), digests, HMAC-SHA256, base64 and hex.

use cardseal::hazmat::{aes, digest, encoding};
use serde_json::Value;

use crate::common::{Args, Outputs, encode_hex, outputs};

fn padding(args: &Args) -> aes::Padding {
    match args.str("padding") {
        "pkcs7" => aes::Padding::Pkcs7,
        "none" => aes::Padding::None,
        other => panic!("unknown padding `{other}` (want \"pkcs7\" or \"none\")"),
    }
}

fn hex_out(name: &str, bytes: &[u8]) -> Outputs {
    outputs([(name, Value::String(encode_hex(bytes)))])
}

fn text_out(text: String) -> Outputs {
    outputs([("text", Value::String(text))])
}

/// Runs `op` if it belongs to this family; `None` otherwise.
pub fn run(op: &str, args: &Args) -> Option<cardseal::Result<Outputs>> {
    let out = match op {
        "aes_ecb_encrypt" => {
            aes::ecb_encrypt(&args.bytes("key"), &args.bytes("plaintext"), padding(args))
                .map(|c| hex_out("ciphertext_hex", &c))
        }
        "aes_ecb_decrypt" => {
            aes::ecb_decrypt(&args.bytes("key"), &args.bytes("ciphertext"), padding(args))
                .map(|p| hex_out("plaintext_hex", &p))
        }
        "aes_cbc_encrypt" => aes::cbc_encrypt(
            &args.bytes("key"),
            &args.bytes("iv"),
            &args.bytes("plaintext"),
            padding(args),
        )
        .map(|c| hex_out("ciphertext_hex", &c)),
        "aes_cbc_decrypt" => aes::cbc_decrypt(
            &args.bytes("key"),
            &args.bytes("iv"),
            &args.bytes("ciphertext"),
            padding(args),
        )
        .map(|p| hex_out("plaintext_hex", &p)),
        "aes_gcm_encrypt" => aes::gcm_encrypt(
            &args.bytes("key"),
            &args.bytes("nonce"),
            &args.bytes("aad"),
            &args.bytes("plaintext"),
        )
        .map(|sealed| {
            // The output is ciphertext ‖ 16-byte tag.
            assert!(sealed.len() >= 16, "GCM output shorter than a tag");
            let (c, t) = sealed.split_at(sealed.len() - 16);
            outputs([
                ("ciphertext_hex", Value::String(encode_hex(c))),
                ("tag_hex", Value::String(encode_hex(t))),
            ])
        }),
        "aes_gcm_decrypt" => {
            let mut sealed = args.bytes("ciphertext");
            sealed.extend_from_slice(&args.bytes("tag"));
            aes::gcm_decrypt(
                &args.bytes("key"),
                &args.bytes("nonce"),
                &args.bytes("aad"),
                &sealed,
            )
            .map(|p| hex_out("plaintext_hex", &p))
        }
        "md5" => Ok(hex_out("digest_hex", &digest::md5(&args.bytes("data")))),
        "sha1" => Ok(hex_out("digest_hex", &digest::sha1(&args.bytes("data")))),
        "sha256" => Ok(hex_out("digest_hex", &digest::sha256(&args.bytes("data")))),
        "hmac_sha256" => {
            let mac = digest::hmac_sha256(&args.bytes("key"), &args.bytes("data"));
            let n = args.opt_i64("truncate_bytes").map_or(mac.len(), |n| {
                usize::try_from(n).expect("truncate_bytes must be 1..=32")
            });
            assert!((1..=32).contains(&n), "truncate_bytes must be 1..=32");
            Ok(hex_out("mac_hex", &mac[..n]))
        }
        "hmac_sha256_verify" => {
            digest::hmac_sha256_verify(&args.bytes("key"), &args.bytes("data"), &args.bytes("mac"))
                .map(|()| outputs([("verified", Value::Bool(true))]))
        }
        "b64_encode" => Ok(text_out(encoding::b64_encode(&args.bytes("data")))),
        "b64_decode" => {
            encoding::b64_decode(args.str("text").as_bytes()).map(|d| hex_out("data_hex", &d))
        }
        "b64_decode_lenient" => encoding::b64_decode_lenient(args.str("text").as_bytes())
            .map(|d| hex_out("data_hex", &d)),
        "hex_encode" => Ok(text_out(encoding::hex_encode(&args.bytes("data")))),
        "hex_decode" => {
            encoding::hex_decode(args.str("text").as_bytes()).map(|d| hex_out("data_hex", &d))
        }
        "decode_hex_or_b64" => encoding::decode_hex_or_b64(args.str("text").as_bytes())
            .map(|d| hex_out("data_hex", &d)),
        _ => return None,
    };
    Some(out)
}
