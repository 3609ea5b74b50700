//! `cardseal`: the command line of cardseal.
//!
//! - `cardseal demo [PROVIDER…]`: walks every provider's request and response round trip
//!   with the built-in sandbox keys and checks the providers' published values.
//! - `cardseal keygen [BITS]`: a fresh RSA private key (PKCS#8 PEM) for a sandbox.
//! - `cardseal pubkey FILE`: the public key (SPKI PEM) of a private or public key file in
//!   any supported format.
//! - `cardseal kazepay-detect RESPONSE_FILE MERCHANT_PRIVATE_KEY KAZEPAY_PUBLIC_KEY`: which
//!   KazePay profile opens and verifies one real response.

mod demo;
mod published;

use std::process::ExitCode;

const USAGE: &str = "\
cardseal — card-issuing providers' message security, exactly

usage:
  cardseal demo [asinx|paytend|hypercard|upay|kazepay]…   round trips with sandbox keys + published values
  cardseal keygen [BITS]                                    RSA private key (PKCS#8 PEM), default 2048 bits
  cardseal pubkey FILE                                      public key (SPKI PEM) of a key in any format
  cardseal kazepay-detect RESPONSE MERCHANT_KEY KAZEPAY_PUBLIC_KEY
                                                            which KazePay profile opens a real response
  cardseal help";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => ("help", &[][..]),
    };
    let result = match cmd {
        "demo" => demo::run(rest),
        "keygen" => keygen(rest),
        "pubkey" => pubkey(rest),
        "kazepay-detect" => kazepay_detect(rest),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(true)
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("cardseal: {message}");
            ExitCode::from(2)
        }
    }
}

fn read_file(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))
}

fn keygen(args: &[String]) -> Result<bool, String> {
    let bits = match args.first() {
        Some(b) => b
            .parse::<usize>()
            .map_err(|_| format!("BITS must be a number, got `{b}`"))?,
        None => 2048,
    };
    let pem = cardseal::keys::generate_rsa_key_pem(bits, &cardseal_os::env())
        .map_err(|e| e.to_string())?;
    print!("{}", pem.expose());
    Ok(true)
}

fn pubkey(args: &[String]) -> Result<bool, String> {
    let [path] = args else {
        return Err(format!("pubkey takes one FILE\n\n{USAGE}"));
    };
    let pem = cardseal::keys::public_key_pem(&read_file(path)?).map_err(|e| e.to_string())?;
    print!("{pem}");
    Ok(true)
}

fn kazepay_detect(args: &[String]) -> Result<bool, String> {
    let [response, merchant_key, kazepay_key] = args else {
        return Err(format!("kazepay-detect takes three files\n\n{USAGE}"));
    };
    let response = String::from_utf8(read_file(response)?)
        .map_err(|_| "the response is not UTF-8".to_owned())?;
    let private_key =
        cardseal::keys::parse_private_key(&read_file(merchant_key)?).map_err(|e| e.to_string())?;
    let public_key =
        cardseal::keys::parse_public_key(&read_file(kazepay_key)?).map_err(|e| e.to_string())?;
    let report = cardseal::providers::kazepay::detect(&response, &private_key, &public_key)
        .map_err(|e| e.to_string())?;
    println!("{}", report.summary());
    Ok(!report.matches.is_empty())
}
