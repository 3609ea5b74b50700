//! `cardseal`: the command line of cardseal.
//!
//! - `cardseal demo [PROVIDER…]`: walks every provider's request and response round trip
//!   with the built-in sandbox keys and checks the providers' published values.
//! - `cardseal keygen [BITS]`, `cardseal pubkey FILE`: keys for a sandbox.
//! - `cardseal kazepay-detect RESPONSE_FILE MERCHANT_PRIVATE_KEY KAZEPAY_PUBLIC_KEY`: which
//!   KazePay profile opens and verifies one real response.
//! - `cardseal sandbox PROVIDER`: the constructor arguments of the sandbox keys, as JSON.
//! - `cardseal seal | open | verify | explain PROVIDER`: one real message, as JSON.
//! - `cardseal serve PROVIDER`: a local stand-in of the provider (HTTP/1.1).

mod demo;
mod message;
mod published;
mod roles;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::roles::{Keys, Provider};

/// cardseal — card-issuing providers' message security, exactly.
#[derive(Parser, Debug)]
#[command(name = "cardseal", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Round trips of every provider (or the named ones) with the sandbox keys, and the
    /// providers' published values.
    Demo {
        /// asinx, paytend, hypercard, upay, kazepay (all when none is named).
        #[arg(value_name = "PROVIDER")]
        providers: Vec<String>,
    },
    /// A fresh RSA private key (PKCS#8 PEM) for a sandbox.
    Keygen {
        /// The key size in bits (default 2048).
        #[arg(value_name = "BITS")]
        bits: Option<String>,
    },
    /// The public key (SPKI PEM) of a private or public key file in any supported format.
    Pubkey {
        /// The key file.
        #[arg(value_name = "FILE")]
        file: String,
    },
    /// Which KazePay profile opens and verifies one real response.
    KazepayDetect {
        /// The response body file.
        #[arg(value_name = "RESPONSE")]
        response: String,
        /// The merchant's private key file.
        #[arg(value_name = "MERCHANT_KEY")]
        merchant_key: String,
        /// KazePay's public key file.
        #[arg(value_name = "KAZEPAY_PUBLIC_KEY")]
        kazepay_key: String,
    },
    /// The constructor arguments for the built-in sandbox keys, as JSON (names as in the
    /// Python constructors): the merchant's, or with --provider-side the mirror's.
    Sandbox {
        /// The provider.
        #[arg(value_enum)]
        provider: Provider,
        /// The provider mirror's arguments instead of the merchant's.
        #[arg(long)]
        provider_side: bool,
    },
    /// Seals a payload: a request (merchant) or a response / notification (provider).
    Seal(message::MessageArgs),
    /// Opens a received message and prints its payload.
    Open(message::MessageArgs),
    /// Checks a received message (exit status 0 when it opens, 1 when not).
    Verify(message::MessageArgs),
    /// Every check and intermediate value of a received message (secrets redacted).
    Explain(message::ExplainArgs),
    /// A local stand-in of the provider on loopback: opens requests as the provider
    /// would, answers sealed responses, sends signed notifications on demand.
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::{ContextKind, ErrorKind};
            if e.kind() == ErrorKind::InvalidSubcommand {
                let name = match e.get(ContextKind::InvalidSubcommand) {
                    Some(clap::error::ContextValue::String(s)) => s.clone(),
                    _ => String::new(),
                };
                eprintln!(
                    "cardseal: unknown command `{name}`\n\nusage: cardseal <COMMAND> [ARGS]… (`cardseal --help` lists the commands)"
                );
                return ExitCode::from(2);
            }
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Demo { providers } => demo::run(&providers),
        Command::Keygen { bits } => keygen(bits.as_deref()),
        Command::Pubkey { file } => pubkey(&file),
        Command::KazepayDetect {
            response,
            merchant_key,
            kazepay_key,
        } => kazepay_detect(&response, &merchant_key, &kazepay_key),
        Command::Sandbox {
            provider,
            provider_side,
        } => sandbox(provider, provider_side),
        Command::Seal(args) => message::seal(&args),
        Command::Open(args) => message::open(&args, true),
        Command::Verify(args) => message::open(&args, false),
        Command::Explain(args) => message::explain_command(&args),
        Command::Serve(args) => serve::run(&args),
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

fn keygen(bits: Option<&str>) -> Result<bool, String> {
    let bits = match bits {
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

fn pubkey(path: &str) -> Result<bool, String> {
    let pem = cardseal::keys::public_key_pem(&read_file(path)?).map_err(|e| e.to_string())?;
    print!("{pem}");
    Ok(true)
}

fn kazepay_detect(response: &str, merchant_key: &str, kazepay_key: &str) -> Result<bool, String> {
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

fn sandbox(provider: Provider, provider_side: bool) -> Result<bool, String> {
    let keys = Keys::sandbox(provider);
    let args = if provider_side {
        keys.mirror_args_json()?
    } else {
        keys.merchant_args_json()?
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&args).map_err(|e| e.to_string())?
    );
    Ok(true)
}
