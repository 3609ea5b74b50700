//! ASINX Pay / Moonbank round trip with a sandbox secret: the merchant seals a request,
//! the local mirror (ASINX's side) opens it and seals a response, the merchant opens it.
//!
//! `cargo run -p cardseal --example asinx`. The scheme: docs/providers/asinx.md.

use cardseal::Env;
use cardseal::providers::asinx::Asinx;
use cardseal::providers::{Mirror, Received};

/// The sandbox app (the secret is public test material, as in `cardseal sandbox asinx`).
const APP_ID: &str = "app_447770";
const APP_SECRET: &str = "b635dd5c87f7bf73387929203321b1e1";

fn main() -> Result<(), cardseal::Error> {
    // A reproducible environment (fixed random stream and clock); real traffic uses
    // `cardseal_os::env()`.
    let env = Env::fixed(b"cardseal example", 1_767_225_600_000);
    let merchant = Asinx::new(APP_ID, APP_SECRET, env)?;
    let asinx = merchant.provider();

    let request = merchant.seal_request(
        "/user/register",
        r#"{"email":"a@example.com"}"#,
        Some("u-1"),
    )?;
    println!("request body:     {}", request.body);
    println!(
        "request sign:     {}",
        request.header("sign").unwrap_or("-")
    );
    let params = Mirror::open_request(
        &asinx,
        &Received::new(&request.body, &request.headers).to("POST", "/user/register"),
    )?;
    println!("mirror opened:    {params}");

    let response = asinx.seal_response(r#"{"userId":"10001","status":"ACTIVE"}"#)?;
    println!("response body:    {}", short(&response.body));
    let result = merchant.open_response(&response.body)?;
    println!("merchant opened:  {result}");
    assert_eq!(result, r#"{"userId":"10001","status":"ACTIVE"}"#);
    Ok(())
}

/// The first 100 characters of `s`.
fn short(s: &str) -> String {
    match s.char_indices().nth(100) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_owned(),
    }
}
