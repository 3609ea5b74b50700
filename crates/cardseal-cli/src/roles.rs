//! Providers, their keys (the built-in sandbox keys or the user's), and the two roles
//! built from them: the merchant client and the provider mirror.
//!
//! Key names are the Python constructors' argument names: `cardseal sandbox PROVIDER`
//! prints the merchant side's (`Asinx(app_id, app_secret)`, `UPay(api_key, secret,
//! private_key, provider_public_key)`, …), `--provider` the mirror's.

use std::collections::BTreeMap;
use std::path::Path;

use cardseal::providers::asinx::{Asinx, AsinxProvider};
use cardseal::providers::hypercard::{HyperCard, HyperCardProvider};
use cardseal::providers::kazepay::{KazePay, KazePayProfile, KazePayProvider};
use cardseal::providers::paytend::{Paytend, PaytendProvider};
use cardseal::providers::upay::{UPay, UPayProvider};
use cardseal::{Env, RsaPrivateKey, RsaPublicKey, keys};

/// Sandbox key pairs (public test keys, never for production), PKCS#8 PEM.
const MERCHANT_1024: &str = include_str!("../../../test-vectors/keys/sandbox_merchant_1024.pem");
const PROVIDER_1024: &str = include_str!("../../../test-vectors/keys/sandbox_provider_1024.pem");
const MERCHANT_2048: &str = include_str!("../../../test-vectors/keys/sandbox_merchant_2048.pem");
const PROVIDER_2048: &str = include_str!("../../../test-vectors/keys/sandbox_provider_2048.pem");

/// The sandbox ASINX app secret (32 hex characters; a test value).
const SANDBOX_ASINX_SECRET: &str = "5a4d1c9e0b7f3a6e8d2c4b1a0f9e8d7c";
/// The sandbox UPay HMAC secret (as the demo uses).
const SANDBOX_UPAY_SECRET: &str = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%";

/// A provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Provider {
    /// ASINX Pay / Moonbank.
    Asinx,
    /// Paytend.
    Paytend,
    /// HyperCard.
    Hypercard,
    /// UPay.
    Upay,
    /// KazePay.
    Kazepay,
}

impl Provider {
    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Asinx => "asinx",
            Provider::Paytend => "paytend",
            Provider::Hypercard => "hypercard",
            Provider::Upay => "upay",
            Provider::Kazepay => "kazepay",
        }
    }

    /// The merchant constructor's argument names, in order.
    pub fn merchant_args(self) -> &'static [&'static str] {
        match self {
            Provider::Asinx => &["app_id", "app_secret"],
            Provider::Paytend => &["partner_id", "private_key", "provider_public_key"],
            Provider::Hypercard => &["api_key", "private_key", "provider_public_key"],
            Provider::Upay => &["api_key", "secret", "private_key", "provider_public_key"],
            Provider::Kazepay => &["sys_id", "private_key", "provider_public_key"],
        }
    }

    /// The mirror constructor's argument names as the Python constructor spells them, each
    /// with the canonical key name it is read from.
    pub fn mirror_args(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Provider::Asinx => &[("app_id", "app_id"), ("app_secret", "app_secret")],
            Provider::Paytend => &[
                ("partner_id", "partner_id"),
                ("provider_private_key", "provider_private_key"),
                ("partner_public_key", "merchant_public_key"),
            ],
            Provider::Hypercard => &[
                ("api_key", "api_key"),
                ("provider_private_key", "provider_private_key"),
                ("merchant_public_key", "merchant_public_key"),
            ],
            Provider::Upay => &[
                ("api_key", "api_key"),
                ("secret", "secret"),
                ("platform_private_key", "provider_private_key"),
                ("merchant_public_key", "merchant_public_key"),
            ],
            Provider::Kazepay => &[
                ("sys_id", "sys_id"),
                ("provider_private_key", "provider_private_key"),
                ("merchant_public_key", "merchant_public_key"),
            ],
        }
    }
}

/// Every name a key may be given under, and the canonical name it stands for.
const ALIASES: &[(&str, &str)] = &[
    ("partner_public_key", "merchant_public_key"),
    ("platform_private_key", "provider_private_key"),
];

/// The names `--key` and `--keys DIR` read besides the constructor arguments.
const OPTIONAL: &[&str] = &[
    "provider_private_key",
    "merchant_public_key",
    "digest",
    "signed_content",
    "key_wrapping",
    "aes_key_bits",
];

/// Key material and identifiers by (canonical) name. Never printed: no `Debug`.
pub struct Keys {
    provider: Provider,
    values: BTreeMap<String, String>,
}

impl Keys {
    /// The built-in sandbox keys of `provider`: both sides' private keys.
    pub fn sandbox(provider: Provider) -> Keys {
        let (merchant, platform) = match provider {
            Provider::Paytend | Provider::Hypercard => (MERCHANT_1024, PROVIDER_1024),
            _ => (MERCHANT_2048, PROVIDER_2048),
        };
        let mut values = BTreeMap::new();
        let mut set = |k: &str, v: &str| {
            values.insert(k.to_owned(), v.to_owned());
        };
        match provider {
            Provider::Asinx => {
                set("app_id", "sandbox_app");
                set("app_secret", SANDBOX_ASINX_SECRET);
            }
            Provider::Paytend => set("partner_id", "888666000100201"),
            Provider::Hypercard => set("api_key", "sandbox-api-key"),
            Provider::Upay => {
                set("api_key", "sandbox-api-key");
                set("secret", SANDBOX_UPAY_SECRET);
            }
            Provider::Kazepay => set("sys_id", "SANDBOX01"),
        }
        if provider != Provider::Asinx {
            set("private_key", merchant);
            set("provider_private_key", platform);
        }
        Keys { provider, values }
    }

    fn canonical(name: &str) -> &str {
        ALIASES
            .iter()
            .find(|(alias, _)| *alias == name)
            .map_or(name, |(_, canon)| canon)
    }

    fn known(&self, name: &str) -> bool {
        self.provider.merchant_args().contains(&name) || OPTIONAL.contains(&name)
    }

    /// Sets key `name` (an argument name or alias) to `value`. A public key given replaces
    /// the private key it would otherwise be derived from.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let name = Keys::canonical(name);
        if !self.known(name) {
            let mut names: Vec<&str> = self.provider.merchant_args().to_vec();
            names.extend_from_slice(OPTIONAL);
            return Err(format!(
                "unknown key name `{name}` for {} (one of {})",
                self.provider.name(),
                names.join(", ")
            ));
        }
        let value = if name.ends_with("_key") && value.contains("-----BEGIN") {
            value.to_owned()
        } else {
            value.trim().to_owned()
        };
        self.values.insert(name.to_owned(), value);
        Ok(())
    }

    /// `--key NAME=FILE`: the file's contents as key `NAME`.
    pub fn set_from_file(&mut self, spec: &str) -> Result<(), String> {
        let (name, file) = spec
            .split_once('=')
            .ok_or_else(|| format!("--key takes NAME=FILE, got `{spec}`"))?;
        let text = read_text(file)?;
        self.set(name, &text)
    }

    /// `--keys DIR`: every known name found in `DIR` as `NAME`, `NAME.pem` or `NAME.txt`.
    pub fn load_dir(&mut self, dir: &Path) -> Result<usize, String> {
        if !dir.is_dir() {
            return Err(format!("--keys {}: not a directory", dir.display()));
        }
        let mut names: Vec<&str> = self.provider.merchant_args().to_vec();
        names.extend_from_slice(OPTIONAL);
        names.extend(ALIASES.iter().map(|(a, _)| *a));
        let mut found = 0;
        for name in names {
            for ext in ["", ".pem", ".txt"] {
                let path = dir.join(format!("{name}{ext}"));
                if path.is_file() {
                    let text = read_text(&path.to_string_lossy())?;
                    self.set(name, &text)?;
                    found += 1;
                }
            }
        }
        Ok(found)
    }

    fn text(&self, name: &str) -> Result<&str, String> {
        self.values
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| format!("no `{name}` (give it with --key {name}=FILE)"))
    }

    fn private(&self, name: &str) -> Result<RsaPrivateKey, String> {
        keys::parse_private_key(self.text(name)?.as_bytes()).map_err(|e| format!("{name}: {e}"))
    }

    /// Public key `name`, or the public half of private key `from`.
    fn public(&self, name: &str, from: &str) -> Result<RsaPublicKey, String> {
        match self.values.get(name) {
            Some(pem) => keys::parse_public_key(pem.as_bytes()).map_err(|e| format!("{name}: {e}")),
            None => self
                .private(from)
                .map(|k| k.public_key())
                .map_err(|_| format!("no `{name}` (nor `{from}` to derive it from)")),
        }
    }

    fn public_pem(&self, name: &str, from: &str) -> Result<String, String> {
        self.public(name, from)?
            .to_spki_pem()
            .map_err(|e| format!("{name}: {e}"))
    }

    fn profile(&self) -> Result<KazePayProfile, String> {
        let get = |n: &str, d: &'static str| self.values.get(n).map_or(d, String::as_str);
        let bits: u32 = get("aes_key_bits", "128")
            .parse()
            .map_err(|_| "aes_key_bits: not a number".to_owned())?;
        KazePayProfile::from_names(
            get("digest", "sha1"),
            get("signed_content", "plaintext"),
            get("key_wrapping", "base64_text"),
            bits,
        )
        .map_err(|e| e.to_string())
    }

    /// The merchant-side constructor arguments (public keys as SPKI PEM), as JSON.
    pub fn merchant_args_json(&self) -> Result<serde_json::Value, String> {
        let mut m = serde_json::Map::new();
        for name in self.provider.merchant_args() {
            let value = if *name == "provider_public_key" {
                self.public_pem(name, "provider_private_key")?
            } else {
                self.text(name)?.to_owned()
            };
            m.insert((*name).to_owned(), serde_json::Value::String(value));
        }
        Ok(serde_json::Value::Object(m))
    }

    /// The mirror constructor arguments (as the Python mirror names them), as JSON.
    pub fn mirror_args_json(&self) -> Result<serde_json::Value, String> {
        let mut m = serde_json::Map::new();
        for (arg, name) in self.provider.mirror_args() {
            let value = if *name == "merchant_public_key" {
                self.public_pem(name, "private_key")?
            } else {
                self.text(name)?.to_owned()
            };
            m.insert((*arg).to_owned(), serde_json::Value::String(value));
        }
        Ok(serde_json::Value::Object(m))
    }

    /// The merchant client.
    pub fn merchant(&self, env: &Env) -> Result<Merchant, String> {
        let e = |e: cardseal::Error| e.to_string();
        Ok(match self.provider {
            Provider::Asinx => Merchant::Asinx(
                Asinx::new(self.text("app_id")?, self.text("app_secret")?, env.clone())
                    .map_err(e)?,
            ),
            Provider::Paytend => Merchant::Paytend(
                Paytend::new(
                    self.text("partner_id")?,
                    self.private("private_key")?,
                    self.public("provider_public_key", "provider_private_key")?,
                    env.clone(),
                )
                .map_err(e)?,
            ),
            Provider::Hypercard => Merchant::HyperCard(
                HyperCard::new(
                    self.text("api_key")?,
                    self.private("private_key")?,
                    self.public("provider_public_key", "provider_private_key")?,
                    env.clone(),
                )
                .map_err(e)?,
            ),
            Provider::Upay => Merchant::UPay(
                UPay::new(
                    self.text("api_key")?,
                    self.text("secret")?,
                    self.private("private_key")?,
                    self.public("provider_public_key", "provider_private_key")?,
                    env.clone(),
                )
                .map_err(e)?,
            ),
            Provider::Kazepay => Merchant::KazePay(
                KazePay::new(
                    self.text("sys_id")?,
                    self.private("private_key")?,
                    self.public("provider_public_key", "provider_private_key")?,
                    self.profile()?,
                    env.clone(),
                )
                .map_err(e)?,
            ),
        })
    }

    /// The provider mirror.
    pub fn mirror(&self, env: &Env) -> Result<Mirror, String> {
        let e = |e: cardseal::Error| e.to_string();
        Ok(match self.provider {
            Provider::Asinx => Mirror::Asinx(
                AsinxProvider::new(self.text("app_id")?, self.text("app_secret")?, env.clone())
                    .map_err(e)?,
            ),
            Provider::Paytend => Mirror::Paytend(
                PaytendProvider::new(
                    self.text("partner_id")?,
                    self.private("provider_private_key")?,
                    self.public("merchant_public_key", "private_key")?,
                    env.clone(),
                )
                .map_err(e)?,
            ),
            Provider::Hypercard => Mirror::HyperCard(
                HyperCardProvider::new(
                    self.text("api_key")?,
                    self.private("provider_private_key")?,
                    self.public("merchant_public_key", "private_key")?,
                    env.clone(),
                )
                .map_err(e)?,
            ),
            Provider::Upay => Mirror::UPay(
                UPayProvider::new(
                    self.text("api_key")?,
                    self.text("secret")?,
                    self.private("provider_private_key")?,
                    self.public("merchant_public_key", "private_key")?,
                    env.clone(),
                )
                .map_err(e)?,
            ),
            Provider::Kazepay => Mirror::KazePay(
                KazePayProvider::new(
                    self.text("sys_id")?,
                    self.private("provider_private_key")?,
                    self.public("merchant_public_key", "private_key")?,
                    self.profile()?,
                    env.clone(),
                )
                .map_err(e)?,
            ),
        })
    }

    /// Text value `name` (identifiers and secrets; never printed by the callers).
    pub fn value(&self, name: &str) -> Result<&str, String> {
        self.text(name)
    }
}

/// Who runs the command: the merchant (sends requests, receives responses and
/// notifications) or the provider (receives requests, sends responses and notifications).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Side {
    /// The merchant.
    Merchant,
    /// The provider (its mirror).
    Provider,
}

/// A merchant client.
pub enum Merchant {
    /// ASINX.
    Asinx(Asinx),
    /// Paytend.
    Paytend(Paytend),
    /// HyperCard.
    HyperCard(HyperCard),
    /// UPay.
    UPay(UPay),
    /// KazePay.
    KazePay(KazePay),
}

/// A provider mirror.
pub enum Mirror {
    /// ASINX.
    Asinx(AsinxProvider),
    /// Paytend.
    Paytend(PaytendProvider),
    /// HyperCard.
    HyperCard(HyperCardProvider),
    /// UPay.
    UPay(UPayProvider),
    /// KazePay.
    KazePay(KazePayProvider),
}

/// A file's text, or standard input for `-`.
pub fn read_text(file: &str) -> Result<String, String> {
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?
    };
    String::from_utf8(bytes).map_err(|_| format!("{file}: not UTF-8 text"))
}
