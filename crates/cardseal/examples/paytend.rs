//! Paytend round trip with the sandbox keys (test-vectors/keys): the merchant seals an
//! encrypted request, the local mirror (Paytend's side) opens it and seals a response,
//! the merchant opens it; then an unencrypted response (`PaytendSealOptions::unencrypted`).
//!
//! `cargo run -p cardseal --example paytend`. The scheme: docs/providers/paytend.md.

use cardseal::Env;
use cardseal::keys::parse_private_key;
use cardseal::providers::paytend::{Paytend, PaytendSealOptions};

/// Public sandbox keys (never use them for real traffic).
const MERCHANT_KEY: &str = include_str!("../../../test-vectors/keys/sandbox_merchant_1024.pem");
const PAYTEND_KEY: &str = include_str!("../../../test-vectors/keys/sandbox_provider_1024.pem");

fn main() -> Result<(), cardseal::Error> {
    let merchant_key = parse_private_key(MERCHANT_KEY.as_bytes())?;
    let paytend_key = parse_private_key(PAYTEND_KEY.as_bytes())?;
    // A reproducible environment; real traffic uses `cardseal_os::env()`.
    let env = Env::fixed(b"cardseal example", 1_767_225_600_000);
    let merchant = Paytend::new(
        "888666000100201",
        merchant_key,
        paytend_key.public_key(),
        env,
    )?;
    let paytend = merchant.provider(paytend_key);

    let request = merchant.seal_request(r#"{"cardId":"1755902","holderId":"101982"}"#, None)?;
    println!("request body:     {}", short(&request.body));
    let biz = paytend.open_request(&request.body, &request.headers)?;
    println!("mirror opened:    {biz}");

    let response = paytend.seal_response(r#"{"balance":"5000.00","currency":"USD"}"#)?;
    println!("response body:    {}", short(&response.body));
    let data = merchant.open_response(&response.body)?;
    println!("merchant opened:  {data}");
    assert_eq!(data, r#"{"balance":"5000.00","currency":"USD"}"#);

    let plain =
        paytend.seal_response_with(r#"{"status":"OK"}"#, PaytendSealOptions::unencrypted())?;
    println!("unencrypted:      {}", short(&plain.body));
    assert_eq!(merchant.open_response(&plain.body)?, r#"{"status":"OK"}"#);
    Ok(())
}

/// The first 100 characters of `s`.
fn short(s: &str) -> String {
    match s.char_indices().nth(100) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_owned(),
    }
}
