//! UPay round trip with the sandbox keys (test-vectors/keys): the merchant seals an
//! encrypted request (API key in `X-UPA-APIKEY`), the local mirror (UPay's platform)
//! opens it and seals an encrypted response; then a webhook, opened and acknowledged.
//!
//! `cargo run -p cardseal --example upay`. The scheme: docs/providers/upay.md.

use cardseal::Env;
use cardseal::keys::parse_private_key;
use cardseal::providers::upay::{self, UPay, UPayRequestOptions};

/// Public sandbox keys and secret (never use them for real traffic).
const MERCHANT_KEY: &str = include_str!("../../../test-vectors/keys/upay_merchant.pem");
const PLATFORM_KEY: &str = include_str!("../../../test-vectors/keys/upay_platform.pem");
const API_KEY: &str = "sandbox-api-key";
const SECRET: &str = "sandbox-hmac-secret";

fn main() -> Result<(), cardseal::Error> {
    let merchant_key = parse_private_key(MERCHANT_KEY.as_bytes())?;
    let platform_key = parse_private_key(PLATFORM_KEY.as_bytes())?;
    // A reproducible environment; real traffic uses `cardseal_os::env()`.
    let env = Env::fixed(b"cardseal example", 1_767_225_600_000);
    let merchant = UPay::new(
        API_KEY,
        SECRET,
        merchant_key,
        platform_key.public_key(),
        env,
    )?;
    let platform = merchant.provider(platform_key);

    let options = UPayRequestOptions {
        encrypt: true,
        ..Default::default()
    };
    let params = r#"{"cardType":"VIRTUAL","amount":"50.00"}"#;
    let request = merchant.seal_request("POST", "/api/v1/card/apply", params, &options)?;
    println!("request body:     {}", short(&request.body));
    println!(
        "X-UPA-APIKEY:     {}",
        request.header(upay::HEADER_API_KEY).unwrap_or("-")
    );
    println!(
        "X-UPA-SIGN:       {}",
        request.header("X-UPA-SIGN").unwrap_or("-")
    );
    let opened = platform.open_request(
        "POST",
        "/api/v1/card/apply",
        &request.body,
        &request.headers,
    )?;
    println!("mirror opened:    {opened}");
    assert_eq!(opened, params);

    let response = platform.seal_response(r#"{"cardId":"c-1"}"#, true)?;
    println!("response body:    {}", short(&response.body));
    let data = merchant.open_response(&response.body)?;
    println!("merchant opened:  {data}");
    assert_eq!(data, r#"{"cardId":"c-1"}"#);

    let hook = platform.seal_notification(
        r#"{"event":"CC_CONSUME","trace":"t-1","orderNo":"O-1","timestamp":1767225600000,"detail":{"amount":"12.50"}}"#,
    )?;
    let event = merchant.open_notification(&hook.body, &hook.headers, None)?;
    println!("webhook event:    {event}");
    println!("acknowledge with: {}", upay::NOTIFICATION_ACK);
    Ok(())
}

/// The first 100 characters of `s`.
fn short(s: &str) -> String {
    match s.char_indices().nth(100) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_owned(),
    }
}
