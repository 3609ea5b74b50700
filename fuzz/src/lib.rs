//! Shared harness code for the cardseal fuzz targets: fixed sandbox keys and credentials
//! (the ones `test-vectors/*.json` use, so the seeds made from those files open and
//! verify), the framing of provider inputs, and checks every target applies to errors.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::HashSet;
use std::sync::LazyLock;

use cardseal::{Env, Error, RsaPrivateKey, RsaPublicKey, keys};

/// A fixture private key, parsed (the harness may panic: a bad fixture is not a finding).
pub fn private(pem: &str) -> RsaPrivateKey {
    keys::parse_private_key(pem.as_bytes()).expect("fixture private key")
}

fn public(pem: &str) -> RsaPublicKey {
    keys::parse_public_key(pem.as_bytes()).expect("fixture public key")
}

/// The PEM texts of the fixture keys, for the secret-leak check.
pub mod pem {
    /// UPay merchant key (also the JWE vectors' key).
    pub const UPAY_MERCHANT: &str = include_str!("../../test-vectors/keys/upay_merchant.pem");
    /// UPay merchant public key.
    pub const UPAY_MERCHANT_PUB: &str =
        include_str!("../../test-vectors/keys/upay_merchant.pub.pem");
    /// UPay platform key.
    pub const UPAY_PLATFORM: &str = include_str!("../../test-vectors/keys/upay_platform.pem");
    /// UPay platform public key.
    pub const UPAY_PLATFORM_PUB: &str =
        include_str!("../../test-vectors/keys/upay_platform.pub.pem");
    /// KazePay merchant key.
    pub const KAZEPAY_MERCHANT: &str = include_str!("../../test-vectors/keys/kazepay_merchant.pem");
    /// KazePay merchant public key.
    pub const KAZEPAY_MERCHANT_PUB: &str =
        include_str!("../../test-vectors/keys/kazepay_merchant.pub.pem");
    /// KazePay provider key.
    pub const KAZEPAY_PROVIDER: &str = include_str!("../../test-vectors/keys/kazepay_provider.pem");
    /// KazePay provider public key.
    pub const KAZEPAY_PROVIDER_PUB: &str =
        include_str!("../../test-vectors/keys/kazepay_provider.pub.pem");
    /// HyperCard merchant key (1024-bit sandbox key of the vectors).
    pub const HYPERCARD_MERCHANT: &str =
        include_str!("../../test-vectors/keys/sandbox_merchant_1024.pem");
    /// HyperCard provider key.
    pub const HYPERCARD_PROVIDER: &str =
        include_str!("../../test-vectors/keys/sandbox_provider_1024.pem");
    /// HyperCard card-detail key (card details need ≥ 4096 bits).
    pub const HYPERCARD_CARD_DETAIL: &str =
        include_str!("../../test-vectors/keys/sandbox_merchant_4096.pem");
}

/// The Paytend vectors' published key pair (one pair for both sides), read from
/// `test-vectors/paytend.json` (there is no key file for it).
static PAYTEND_KEY_TEXT: LazyLock<String> = LazyLock::new(|| {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../../test-vectors/paytend.json")).expect("json");
    doc["vectors"]
        .as_array()
        .expect("vectors")
        .iter()
        .find_map(|v| v["args"]["private_key"].as_str())
        .expect("a Paytend private key")
        .to_owned()
});

/// Parsed fixture keys.
pub struct Keys {
    pub upay_merchant: RsaPrivateKey,
    pub upay_merchant_pub: RsaPublicKey,
    pub upay_platform: RsaPrivateKey,
    pub upay_platform_pub: RsaPublicKey,
    pub kazepay_merchant: RsaPrivateKey,
    pub kazepay_merchant_pub: RsaPublicKey,
    pub kazepay_provider: RsaPrivateKey,
    pub kazepay_provider_pub: RsaPublicKey,
    pub hypercard_merchant: RsaPrivateKey,
    pub hypercard_provider: RsaPrivateKey,
    pub hypercard_card_detail: RsaPrivateKey,
    pub paytend: RsaPrivateKey,
}

/// The fixture keys, parsed on first use.
pub static KEYS: LazyLock<Keys> = LazyLock::new(|| Keys {
    upay_merchant: private(pem::UPAY_MERCHANT),
    upay_merchant_pub: public(pem::UPAY_MERCHANT_PUB),
    upay_platform: private(pem::UPAY_PLATFORM),
    upay_platform_pub: public(pem::UPAY_PLATFORM_PUB),
    kazepay_merchant: private(pem::KAZEPAY_MERCHANT),
    kazepay_merchant_pub: public(pem::KAZEPAY_MERCHANT_PUB),
    kazepay_provider: private(pem::KAZEPAY_PROVIDER),
    kazepay_provider_pub: public(pem::KAZEPAY_PROVIDER_PUB),
    hypercard_merchant: private(pem::HYPERCARD_MERCHANT),
    hypercard_provider: private(pem::HYPERCARD_PROVIDER),
    hypercard_card_detail: private(pem::HYPERCARD_CARD_DETAIL),
    paytend: private(&PAYTEND_KEY_TEXT),
});

/// Credentials of the vectors.
pub const ASINX_APP_ID: &str = "app_447770";
/// ASINX app secret of the vectors.
pub const ASINX_APP_SECRET: &str = "b635dd5c87f7bf73387929203321b1e1";
/// UPay API key of the vectors.
pub const UPAY_API_KEY: &str = "upa-test-ak-7Qm2Zx";
/// UPay HMAC secret of the vectors.
pub const UPAY_SECRET: &str = "g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%";
/// HyperCard API key of the vectors.
pub const HYPERCARD_API_KEY: &str = "hc_test_api_key";
/// KazePay sysId of the vectors.
pub const KAZEPAY_SYS_ID: &str = "H2400002001";
/// Paytend partnerId of the vectors.
pub const PAYTEND_PARTNER_ID: &str = "888666000100201";
/// The clock when an input does not set `fuzz.now_ms`.
pub const DEFAULT_NOW_MS: i64 = 1_774_573_955_994;

/// A provider target's input: `op` byte, then UTF-8 text whose first line is a JSON
/// object of headers (string values; others are rendered as JSON text) and whose rest is
/// the body. Header names starting with `fuzz.` are harness parameters, not headers:
/// `fuzz.now_ms` (the Env clock), `fuzz.method`, `fuzz.path`, `fuzz.window` and so on.
/// A first line that is not a JSON object means no headers.
pub struct Framed<'a> {
    /// Selects the operation (and options) of the target.
    pub op: u8,
    /// The headers passed to the provider.
    pub headers: Vec<(String, String)>,
    /// The `fuzz.*` parameters, prefix removed.
    pub params: Vec<(String, String)>,
    /// The body.
    pub body: &'a str,
}

impl Framed<'_> {
    /// A harness parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `fuzz.now_ms`, else [`DEFAULT_NOW_MS`].
    pub fn now_ms(&self) -> i64 {
        self.param("now_ms")
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_NOW_MS)
    }

    /// A fixed-randomness Env at [`Framed::now_ms`].
    pub fn env(&self) -> Env {
        Env::fixed(b"cardseal fuzz", self.now_ms())
    }
}

/// Splits a provider target's input (see [`Framed`]); `None` when it is not UTF-8 or
/// empty.
pub fn frame(data: &[u8]) -> Option<Framed<'_>> {
    begin(data);
    let (&op, rest) = data.split_first()?;
    let text = std::str::from_utf8(rest).ok()?;
    let (head, body) = text.split_once('\n').unwrap_or(("", text));
    let mut headers = Vec::new();
    let mut params = Vec::new();
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(head) {
        for (k, v) in map {
            let v = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            match k.strip_prefix("fuzz.") {
                Some(p) => params.push((p.to_owned(), v)),
                None => headers.push((k, v)),
            }
        }
    }
    Some(Framed {
        op,
        headers,
        params,
        body,
    })
}

/// Every 16-character run of the fixtures' secrets (private key base64, HMAC secrets).
static SECRET_RUNS: LazyLock<HashSet<Vec<u8>>> = LazyLock::new(|| {
    let mut texts: Vec<String> = [
        pem::UPAY_MERCHANT,
        pem::UPAY_PLATFORM,
        pem::KAZEPAY_MERCHANT,
        pem::KAZEPAY_PROVIDER,
        pem::HYPERCARD_MERCHANT,
        pem::HYPERCARD_PROVIDER,
        pem::HYPERCARD_CARD_DETAIL,
    ]
    .iter()
    .map(|p| {
        p.lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>()
    })
    .collect();
    texts.push(PAYTEND_KEY_TEXT.clone());
    texts.push(ASINX_APP_SECRET.to_owned());
    texts.push(UPAY_SECRET.to_owned());
    let mut set = HashSet::new();
    for t in &texts {
        for w in t.as_bytes().windows(16) {
            set.insert(w.to_vec());
        }
    }
    set
});

thread_local! {
    /// The input of the running case (see [`begin`]).
    static INPUT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Records the case's input: text an error repeats from the input is not a leak (e.g. a
/// provider's own error message, which libFuzzer may fill with bytes of a key it saw in
/// memory). Every target calls this first.
pub fn begin(data: &[u8]) {
    INPUT.with(|i| {
        let mut i = i.borrow_mut();
        i.clear();
        i.extend_from_slice(data);
    });
}

/// Panics when `text` holds 16 characters in a row of a fixture secret that are not in
/// the case's input.
pub fn assert_no_secret(what: &str, text: &str) {
    if text.len() < 16 {
        return;
    }
    for w in text.as_bytes().windows(16) {
        if SECRET_RUNS.contains(w) && !INPUT.with(|i| i.borrow().windows(16).any(|x| x == w)) {
            panic!(
                "{what} contains 16 characters of a fixture secret ({:?}): {text}",
                String::from_utf8_lossy(w)
            );
        }
    }
}

/// Renders an error every way a caller can (Display, Debug, kind, field) and checks that
/// no rendering holds a fixture secret.
pub fn check_error(e: &Error) {
    let display = e.to_string();
    let debug = format!("{e:?}");
    let _ = e.kind();
    assert!(!display.is_empty(), "empty error Display: {debug}");
    assert_no_secret("error Display", &display);
    assert_no_secret("error Debug", &debug);
}

/// [`check_error`] on the error of a result; the value is returned.
pub fn checked<T>(r: cardseal::Result<T>) -> Option<T> {
    match r {
        Ok(v) => {
            if *TRACE {
                eprintln!("cardseal-fuzz: ok");
            }
            Some(v)
        }
        Err(e) => {
            if *TRACE {
                eprintln!("cardseal-fuzz: {:?}: {e}", e.kind());
            }
            check_error(&e);
            None
        }
    }
}

/// `CARDSEAL_FUZZ_TRACE=1`: print each checked outcome to stderr (to see how far the
/// seeds get, e.g. `CARDSEAL_FUZZ_TRACE=1 cargo +nightly fuzz run upay corpus/upay -- -runs=0`).
static TRACE: LazyLock<bool> = LazyLock::new(|| std::env::var_os("CARDSEAL_FUZZ_TRACE").is_some());

/// Two JSON texts are the same JSON value (members compared in sorted order, numbers as
/// written), by cardseal's parser; panics with both texts otherwise.
pub fn assert_same_json(what: &str, want: &str, got: &str) {
    let w = cardseal::canonical::json::sorted_compact(want);
    let g = cardseal::canonical::json::sorted_compact(got);
    match (w, g) {
        (Ok(w), Ok(g)) => assert_eq!(w, g, "{what}: sealed {want:?}, opened {got:?}"),
        (w, g) => panic!("{what}: not both JSON: sealed {want:?} ({w:?}), opened {got:?} ({g:?})"),
    }
}
