// The declaration every binding is generated from: each provider class, its role, and
// its provider-specific methods, one entry per method. Included by each binding
// (`include!("../../declaration.rs")`) and expanded there by its own `macro_rules!`
// (Python: `bindings/python/src/generated.rs`, Node: `bindings/node/src/generated.rs`,
// uniffi: `bindings/uniffi/src/generated.rs`); see docs/ARCHITECTURE.md.
//
// A class is `merchant NAME = CORE_TYPE { … }` or `mirror NAME = CORE_TYPE { … }`. The role
// alone gives the uniform opening methods, written once per binding over the core's
// `Merchant` / `Mirror` traits:
//   merchant: open_response(body, headers = None)
//             open_notification(body, headers = None, now = None)
//   mirror:   open_request(body, headers = None, *, method = None, path = None)
// (Python adds an `_text` twin of each, Node a `Sync` twin of each, uniffi exports them.)
//
// A method entry is
//   /// doc
//   fn NAME(ARG: KIND [= DEFAULT], … [; KEYWORD_ARG: KIND [= DEFAULT], …]) -> RETURN
//       = |c| CALL;
// where `c` is the core object and each ARG is already converted. Arguments after `;` are
// keyword-only in Python (an options object in the Node wrapper; positional in the native
// layers). DEFAULT is one token: `None` for an optional argument, or a literal.
//
// KIND (what the binding accepts → what CALL sees):
//   str      text argument                      → `&str`-like (`&x` is `&str`)
//   str=None optional text                      → `Option<…>` (`x.as_deref()` is `Option<&str>`)
//   payload  JSON payload: a dict/list/str (Python), a string or bytes (Node), String
//            (uniffi); used byte for byte when text → `&x` is `&str`
//   payload=None   optional payload, `""` when absent → `&x` is `&str`
//   i64, bool      numbers and switches (`i64=None` → `Option<i64>`)
// RETURN: `sealed` (a Sealed message; payload-sized: Node and Kotlin/Swift also get an
// async form) or `text` (a string).
//
// Adding a provider method: the core method, then one entry here; every binding has it.

/// Calls `$expand! { … }` with every provider class.
macro_rules! cardseal_declaration {
    ($expand:ident) => {
        $expand! {
            merchant Asinx = cardseal::providers::asinx::Asinx {
                /// Seals a request to `path`; `params` is sent as sorted compact JSON
                /// (none: `{}`); `uid` becomes the `uId` header.
                fn seal_request(path: str, params: payload = None; uid: str = None) -> sealed
                    = |c| c.seal_request(&path, &params, uid.as_deref());
            }
            mirror AsinxProvider = cardseal::providers::asinx::AsinxProvider {
                /// Seals a success response carrying `payload`.
                fn seal_response(payload: payload) -> sealed
                    = |c| c.seal_response(&payload);
                /// Seals a webhook carrying `payload`.
                fn seal_notification(payload: payload) -> sealed
                    = |c| c.seal_notification(&payload);
            }
            merchant Paytend = cardseal::providers::paytend::Paytend {
                /// Seals a request carrying `biz` (none: no `bizData`, no `randomKey`);
                /// `encrypt = false` sends `bizData` as the JSON object itself.
                fn seal_request(biz: payload = None; request_id: str = None, encrypt: bool = true) -> sealed
                    = |c| c.seal_request_with(&biz, request_id.as_deref(), paytend_options(encrypt));
            }
            mirror PaytendProvider = cardseal::providers::paytend::PaytendProvider {
                /// Seals a success response carrying `payload` (none: no `respData`).
                fn seal_response(payload: payload = None; encrypt: bool = true) -> sealed
                    = |c| c.seal_response_with(&payload, paytend_options(encrypt));
                /// Seals a failure response (`respCode` other than "00").
                fn seal_error_response(code: str, message: str) -> sealed
                    = |c| c.seal_error_response(&code, &message);
                /// Seals a webhook carrying `payload` (none: no `content`) of `notify_type`
                /// (default "1").
                fn seal_notification(payload: payload = None; notify_type: str = None, encrypt: bool = true) -> sealed
                    = |c| c.seal_notification_with(
                        notify_type.as_deref().unwrap_or(cardseal::providers::paytend::DEFAULT_NOTIFY_TYPE),
                        &payload,
                        paytend_options(encrypt),
                    );
            }
            merchant HyperCard = cardseal::providers::hypercard::HyperCard {
                /// Seals a request: `params` is the body as given; headers `timestamp`
                /// (Unix seconds), `nonce`, `api-key`, `version`, `lang`, `signature`.
                fn seal_request(params: payload = None; timestamp: i64 = None, nonce: str = None, lang: str = None, version: str = None) -> sealed
                    = |c| c.seal_request(&params, hypercard_options(timestamp, nonce.as_deref(), lang.as_deref(), version.as_deref()));
            }
            mirror HyperCardProvider = cardseal::providers::hypercard::HyperCardProvider {
                /// Answers a request: `{"code":"00000","msg":"ok","data":payload}`.
                fn seal_response(payload: payload) -> sealed
                    = |c| c.seal_response(&payload);
                /// Seals a failure response `{"code":code,"msg":message}`.
                fn seal_error_response(code: str, message: str) -> sealed
                    = |c| c.seal_error_response(&code, &message);
                /// Seals a push event carrying `payload`, signed like a request.
                fn seal_notification(payload: payload; timestamp: i64 = None, nonce: str = None, lang: str = None, version: str = None) -> sealed
                    = |c| c.seal_notification_with(&payload, hypercard_options(timestamp, nonce.as_deref(), lang.as_deref(), version.as_deref()));
            }
            merchant UPay = cardseal::providers::upay::UPay {
                /// Seals a request: `X-UPA-*` headers over `method|path|timestamp|id|SIGN_PARAM`;
                /// `encrypt` sends `{"payload": JWE}`; `multipart` signs an empty `SIGN_PARAM`.
                fn seal_request(method: str, path: str, params: payload = None; encrypt: bool = false, timestamp_ms: i64 = None, request_id: str = None, multipart: bool = false) -> sealed
                    = |c| c.seal_request(&method, &path, &params, &cardseal::providers::upay::UPayRequestOptions {
                        encrypt,
                        timestamp_ms,
                        request_id: request_id.as_deref().map(str::to_owned),
                        multipart,
                    });
            }
            mirror UPayProvider = cardseal::providers::upay::UPayProvider {
                /// Seals a response; `encrypt` sends `data` as `{"payload": JWE}`.
                fn seal_response(payload: payload; encrypt: bool = false) -> sealed
                    = |c| c.seal_response(&payload, encrypt);
                /// Seals a webhook event `{event, trace, orderNo, timestamp, detail}`.
                fn seal_notification(payload: payload; timestamp_ms: i64 = None, request_id: str = None) -> sealed
                    = |c| c.seal_notification_with(&payload, timestamp_ms, request_id.as_deref());
            }
            merchant KazePay = cardseal::providers::kazepay::KazePay {
                /// Seals a request envelope for `api_code`; `body` is encrypted and signed.
                fn seal_request(api_code: str, body: payload; request_no: str = None) -> sealed
                    = |c| c.seal_request(&api_code, &body, request_no.as_deref());
            }
            mirror KazePayProvider = cardseal::providers::kazepay::KazePayProvider {
                /// Seals a response envelope to request `request_no` of `api_code`.
                fn seal_response(payload: payload; api_code: str, request_no: str) -> sealed
                    = |c| c.seal_response(&api_code, &request_no, &payload);
                /// Seals a failure response (`head.code` / `head.detail`).
                fn seal_error_response(api_code: str, request_no: str, code: str, detail: str) -> sealed
                    = |c| c.seal_error_response(&api_code, &request_no, &code, &detail);
                /// Seals a notification envelope for `api_code`.
                fn seal_notification(payload: payload; api_code: str) -> sealed
                    = |c| c.seal_notification(&api_code, &payload);
            }
        }
    };
}

/// Paytend's seal options from the bindings' `encrypt` switch.
#[allow(dead_code)]
fn paytend_options(encrypt: bool) -> cardseal::providers::paytend::PaytendSealOptions {
    if encrypt {
        cardseal::providers::paytend::PaytendSealOptions::default()
    } else {
        cardseal::providers::paytend::PaytendSealOptions::unencrypted()
    }
}

/// HyperCard's request options from the bindings' keyword arguments.
#[allow(dead_code)]
fn hypercard_options(
    timestamp: Option<i64>,
    nonce: Option<&str>,
    lang: Option<&str>,
    version: Option<&str>,
) -> cardseal::providers::hypercard::HyperCardRequestOptions {
    cardseal::providers::hypercard::HyperCardRequestOptions {
        timestamp,
        nonce: nonce.map(str::to_owned),
        lang: lang.map(str::to_owned),
        version: version.map(str::to_owned),
    }
}
