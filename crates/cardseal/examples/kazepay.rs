//! KazePay round trip with the sandbox keys (test-vectors/keys): the merchant seals a
//! request envelope, the local mirror (KazePay's side) opens it and seals a response, the
//! merchant opens it; then a failure, which is a `ProviderError`.
//!
//! `cargo run -p cardseal --example kazepay`. The scheme: docs/providers/kazepay.md.

use cardseal::keys::parse_private_key;
use cardseal::providers::kazepay::{KazePay, KazePayProfile};
use cardseal::{Env, Error};

/// Public sandbox keys (never use them for real traffic).
const MERCHANT_KEY: &str = include_str!("../../../test-vectors/keys/kazepay_merchant.pem");
const KAZEPAY_KEY: &str = include_str!("../../../test-vectors/keys/kazepay_provider.pem");

fn main() -> Result<(), Error> {
    let merchant_key = parse_private_key(MERCHANT_KEY.as_bytes())?;
    let kazepay_key = parse_private_key(KAZEPAY_KEY.as_bytes())?;
    // A reproducible environment; real traffic uses `cardseal_os::env()`.
    let env = Env::fixed(b"cardseal example", 1_767_225_600_000);
    // The unpublished choices (digest, signed content, key wrapping, AES key size) are a
    // profile; `KazePay::detect` finds it from one real message.
    let profile = KazePayProfile::default();
    println!("profile:          {}", profile.describe());
    let merchant = KazePay::new(
        "SANDBOX01",
        merchant_key,
        kazepay_key.public_key(),
        profile,
        env,
    )?;
    let kazepay = merchant.provider(kazepay_key);

    let request = merchant.seal_request(
        "cardBalance",
        r#"{"cardId":"c-1"}"#,
        Some("174574749857359840"),
    )?;
    println!("request body:     {}", short(&request.body));
    let body = kazepay.open_request(&request.body, &request.headers)?;
    println!("mirror opened:    {body}");

    let response = kazepay.seal_response(
        "cardBalance",
        "174574749857359840",
        r#"{"balance":"12.50"}"#,
    )?;
    let data = merchant.open_response(&response.body)?;
    println!("merchant opened:  {data}");
    assert_eq!(data, r#"{"balance":"12.50"}"#);

    let failure = kazepay.seal_error_response(
        "cardBalance",
        "174574749857359840",
        "FAIL",
        "card not found",
    )?;
    match merchant.open_response(&failure.body) {
        Err(Error::ProviderError { code, message, .. }) => {
            println!("provider error:   {code} {message}")
        }
        Err(other) => return Err(other),
        Ok(data) => {
            eprintln!("a failure opened as {data}");
            std::process::exit(1);
        }
    }
    Ok(())
}

/// The first 100 characters of `s`.
fn short(s: &str) -> String {
    match s.char_indices().nth(100) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_owned(),
    }
}
