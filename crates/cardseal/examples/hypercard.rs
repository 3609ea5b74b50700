//! HyperCard round trip with the sandbox keys (test-vectors/keys): the merchant signs a
//! request, the local mirror (HyperCard's side) verifies it and answers; then a push
//! event, verified by the merchant and acknowledged.
//!
//! `cargo run -p cardseal --example hypercard`. The scheme: docs/providers/hypercard.md.

use cardseal::Env;
use cardseal::canonical::form::PythonVersion;
use cardseal::keys::parse_private_key;
use cardseal::providers::hypercard::{self, HyperCard, HyperCardRequestOptions};

/// Public sandbox keys (never use them for real traffic).
const MERCHANT_KEY: &str = include_str!("../../../test-vectors/keys/sandbox_merchant_1024.pem");
const HYPERCARD_KEY: &str = include_str!("../../../test-vectors/keys/sandbox_provider_1024.pem");

fn main() -> Result<(), cardseal::Error> {
    let merchant_key = parse_private_key(MERCHANT_KEY.as_bytes())?;
    let hypercard_key = parse_private_key(HYPERCARD_KEY.as_bytes())?;
    // A reproducible environment; real traffic uses `cardseal_os::env()`.
    let env = Env::fixed(b"cardseal example", 1_767_225_600_000);
    // The string to sign renders nested values as HyperCard's Python verifier does; pick
    // the CPython version it runs (3.14, the default, spelled out here).
    let merchant = HyperCard::new(
        "sandbox-api-key",
        merchant_key,
        hypercard_key.public_key(),
        env,
    )?
    .with_python_version(PythonVersion::Py314);
    let hypercard = merchant.provider(hypercard_key);

    let request = merchant.seal_request(
        r#"{"cardType":"VIRTUAL","amount":5000.00,"holder":{"name":"Zoë"}}"#,
        HyperCardRequestOptions::default(),
    )?;
    println!(
        "string to sign:   {}",
        request.trace.get("string_to_sign").unwrap_or("-")
    );
    println!(
        "signature:        {}",
        short(request.header("signature").unwrap_or("-"))
    );
    let params = hypercard.open_request(&request.body, &request.headers)?;
    println!("mirror opened:    {params}");

    let response = hypercard.seal_response(r#"{"cardId":"c-1"}"#)?;
    println!("response body:    {}", response.body);
    let data = merchant.open_response(&response.body)?;
    println!("merchant opened:  {data}");
    assert_eq!(data, r#"{"cardId":"c-1"}"#);

    let push = hypercard.seal_notification(r#"{"eventId":"e-1","type":"card.created"}"#)?;
    let event = merchant.open_notification(&push.body, &push.headers)?;
    println!("push event:       {event}");
    println!("acknowledge with: {}", hypercard::NOTIFICATION_ACK);
    Ok(())
}

/// The first 60 characters of `s`.
fn short(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_owned(),
    }
}
