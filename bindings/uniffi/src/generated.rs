//! The provider methods generated from `bindings/declaration.rs`: each declared method, and
//! the uniform opening methods of each role over the core's `Merchant` / `Mirror` traits
//! (merchant: `open_response`, `open_notification` with an optional `now_ms`; mirror:
//! `open_request` with optional `method` and `path`), each with an async twin
//! `<name>_async` (Kotlin `suspend fun xAsync`, Swift `func xAsync() async`) computed on a
//! worker thread ([`crate::worker`]), and each role's failure explanations (merchant:
//! `explain_response`, `explain_notification`; mirror: `explain_request`), the core's
//! redacted report as JSON text. Conversions only: every method converts its
//! arguments, calls the core, and converts the result. Each method and its twin are an
//! `#[uniffi::export] impl` block of their own (UniFFI merges the blocks of an object); the
//! constructors, getters and provider-specific extras are in the provider modules.
//!
//! Where the Kotlin/Swift API had a different signature before the declaration existed,
//! [`uf_override!`] keeps that signature (positional calls stay source-compatible): options
//! records (`HyperCardRequestOptions`, `UPayRequestOptions`) instead of flat arguments, and
//! an argument order other than the declaration's. The argument names the declaration
//! shortened (`params` for `params_json`, …) keep their earlier Kotlin/Swift names through
//! the renames in `uniffi.toml`.

use std::sync::Arc;

use cardseal::providers::{Merchant, Mirror, Received};

use crate::env::make_env;
use crate::error::Result;
use crate::keys::{parse_private, parse_public};
use crate::providers::hypercard::{HyperCardRequestOptions, NumberStyle};
use crate::providers::upay::UPayRequestOptions;
use crate::types::{HeaderField, Sealed, to_pairs};
use crate::worker::off_thread;

include!("../../declaration.rs");

/// Paytend's seal options from the `encrypt` switch (for the provider-specific extras).
pub(crate) fn paytend_seal_options(
    encrypt: bool,
) -> cardseal::providers::paytend::PaytendSealOptions {
    paytend_options(encrypt)
}

/// Converts argument `$a` (already of its UniFFI type) into what the declared call takes.
macro_rules! uf_conv {
    (plain $a:ident) => {};
    (payload_opt $a:ident) => {
        let $a = $a.unwrap_or_default();
    };
    (headers $a:ident) => {
        let $a = to_pairs($a);
    };
}

/// One method: `fn name(arg: KIND [= DEFAULT], …) -> RETURN = |c| CALL` and its async
/// twin. The arguments are first given their UniFFI types and defaults (`@args`, one at a
/// time), since UniFFI reads a signature before any macro in it is expanded.
///
/// KIND → UniFFI type: `str` → `String` (`= None`: `Option<String>`); `payload` →
/// `String` (`= None`: `Option<String>`, `""` when absent); `headers` →
/// `Vec<HeaderField>` (`= []` allowed); `i64` (`= None`: `Option<i64>`); `bool = x`;
/// any other `Record = None` → `Option<Record>`.
macro_rules! uf_method {
    ($class:ident [$($doc:tt)*] $name:ident [$($args:tt)*] sealed $c:ident ($call:expr)) => {
        uf_method!(@args [$class $name [$($doc)*] $c (Sealed::from($call?)) Sealed] [] []
            $($args)*);
    };
    ($class:ident [$($doc:tt)*] $name:ident [$($args:tt)*] text $c:ident ($call:expr)) => {
        uf_method!(@args [$class $name [$($doc)*] $c ($call?) String] [] [] $($args)*);
    };
    ($class:ident [$($doc:tt)*] $name:ident [$($args:tt)*] report $c:ident ($call:expr)) => {
        uf_method!(@args [$class $name [$($doc)*] $c ($call) report] [] [] $($args)*);
    };
    (@args $h:tt [$($done:tt)*] [$($defs:tt)*] ($a:ident str) $($rest:tt)*) => {
        uf_method!(@args $h [$($done)* ($a [String] plain)] [$($defs)*] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] [$($defs:tt)*] ($a:ident str None) $($rest:tt)*) => {
        uf_method!(@args $h [$($done)* ($a [Option<String>] plain)] [$($defs)* $a = None,]
            $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] [$($defs:tt)*] ($a:ident payload) $($rest:tt)*) => {
        uf_method!(@args $h [$($done)* ($a [String] plain)] [$($defs)*] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] [$($defs:tt)*] ($a:ident payload None) $($rest:tt)*) => {
        uf_method!(@args $h [$($done)* ($a [Option<String>] payload_opt)]
            [$($defs)* $a = None,] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] [$($defs:tt)*] ($a:ident headers) $($rest:tt)*) => {
        uf_method!(@args $h [$($done)* ($a [Vec<HeaderField>] headers)] [$($defs)*] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] [$($defs:tt)*] ($a:ident headers []) $($rest:tt)*) => {
        uf_method!(@args $h [$($done)* ($a [Vec<HeaderField>] headers)] [$($defs)* $a = [],]
            $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] [$($defs:tt)*] ($a:ident i64) $($rest:tt)*) => {
        uf_method!(@args $h [$($done)* ($a [i64] plain)] [$($defs)*] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] [$($defs:tt)*] ($a:ident i64 None) $($rest:tt)*) => {
        uf_method!(@args $h [$($done)* ($a [Option<i64>] plain)] [$($defs)* $a = None,]
            $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] [$($defs:tt)*] ($a:ident bool $d:tt) $($rest:tt)*) => {
        uf_method!(@args $h [$($done)* ($a [bool] plain)] [$($defs)* $a = $d,] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] [$($defs:tt)*] ($a:ident $record:ident None) $($rest:tt)*) => {
        uf_method!(@args $h [$($done)* ($a [Option<$record>] plain)] [$($defs)* $a = None,]
            $($rest)*);
    };
    // A report (`explain_*`): synchronous only (cheap), the core's report as JSON text.
    (@args [$class:ident $name:ident [$($doc:tt)*] $c:ident ($call:expr) report]
        [$(($a:ident [$($ty:tt)*] $conv:ident))*] [$($defs:tt)*]) => {
        #[uniffi::export]
        impl $class {
            $(#[doc = $doc])*
            #[uniffi::method(default($($defs)*))]
            pub fn $name(&self, $($a: $($ty)*),*) -> String {
                $(uf_conv!($conv $a);)*
                let $c = &self.inner;
                $call.to_json()
            }
        }
    };
    (@args [$class:ident $name:ident [$($doc:tt)*] $c:ident ($out:expr) $ret:ty]
        [$(($a:ident [$($ty:tt)*] $conv:ident))*] [$($defs:tt)*]) => {
        pastey::paste! {
            #[uniffi::export]
            impl $class {
                $(#[doc = $doc])*
                #[uniffi::method(default($($defs)*))]
                #[allow(clippy::too_many_arguments)]
                pub fn $name(&self, $($a: $($ty)*),*) -> Result<$ret> {
                    $(uf_conv!($conv $a);)*
                    let $c = &self.inner;
                    Ok($out)
                }

                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = "Async: computed on a worker thread, never on the caller's."]
                #[uniffi::method(default($($defs)*))]
                #[allow(clippy::too_many_arguments)]
                pub async fn [<$name _async>](self: Arc<Self>, $($a: $($ty)*),*) -> Result<$ret> {
                    off_thread(move || self.$name($($a),*)).await
                }
            }
        }
    };
}

/// The methods whose Kotlin/Swift signature predates the declaration: emitted with that
/// signature instead of the declared one (the same core operation); every other method as
/// declared.
macro_rules! uf_override {
    (HyperCard seal_request $ignored:tt) => {
        uf_class!(@emit HyperCard {
            /// Seals a request: the body is `params_json` as given (a JSON object; `{}` when
            /// empty); headers `timestamp`, `nonce`, `api-key`, `version`, `lang`, `signature`.
            fn seal_request(params_json: payload, options: HyperCardRequestOptions = None) -> sealed
                = |c| c.seal_request(&params_json, options.unwrap_or_default().into());
        });
    };
    (HyperCardProvider seal_notification $ignored:tt) => {
        uf_class!(@emit HyperCardProvider {
            /// Signs a push event carrying `payload_json` byte for byte.
            fn seal_notification(payload_json: payload, options: HyperCardRequestOptions = None) -> sealed
                = |c| c.seal_notification_with(&payload_json, options.unwrap_or_default().into());
        });
    };
    (UPay seal_request $ignored:tt) => {
        uf_class!(@emit UPay {
            /// Signs (and with `options.encrypt`, encrypts) a request: headers
            /// `X-UPA-REQUESTID`, `X-UPA-TIMESTAMP`, `X-UPA-SIGN`, `X-UPA-APIKEY` (multipart
            /// uploads too). `params_json` is a JSON object (empty for none).
            fn seal_request(method: str, path: str, params_json: payload, options: UPayRequestOptions = None) -> sealed
                = |c| c.seal_request(&method, &path, &params_json, &options.unwrap_or_default().into());
        });
    };
    (UPayProvider open_request $ignored:tt) => {
        uf_class!(@emit UPayProvider {
            /// Opens a merchant request: checks `X-UPA-APIKEY` (another value:
            /// `SignatureMismatch` naming it; none: `InvalidInput`), decrypts `{"payload": JWE}`
            /// bodies, verifies `X-UPA-SIGN` over `method` and `path` and the timestamp
            /// window; returns the params JSON text.
            fn open_request(method: str, path: str, body: str, headers: headers) -> text
                = |c| Mirror::open_request(c, &Received::new(&body, &headers).to(&method, &path));
        });
    };
    (PaytendProvider seal_notification $ignored:tt) => {
        uf_class!(@emit PaytendProvider {
            /// Seals a webhook (notifyType `1`) carrying `payload_json` byte for byte (empty or
            /// `null`: no `content`); `encrypt = false` sends `content` as the JSON object
            /// itself. Other types: `seal_notification_of_type`.
            fn seal_notification(payload_json: payload, encrypt: bool = true) -> sealed
                = |c| c.seal_notification_with(
                    cardseal::providers::paytend::DEFAULT_NOTIFY_TYPE,
                    &payload_json,
                    paytend_options(encrypt),
                );
        });
    };
    (KazePayProvider seal_response $ignored:tt) => {
        uf_class!(@emit KazePayProvider {
            /// Seals a successful response (`code`/`detail` `SUCCESS`) for `api_code` and
            /// `request_no`, carrying `payload_json` byte for byte.
            fn seal_response(api_code: str, request_no: str, payload_json: payload) -> sealed
                = |c| c.seal_response(&api_code, &request_no, &payload_json);
        });
    };
    (KazePayProvider seal_notification $ignored:tt) => {
        uf_class!(@emit KazePayProvider {
            /// Seals a notification envelope for `api_code` carrying `payload_json`.
            fn seal_notification(api_code: str, payload_json: payload) -> sealed
                = |c| c.seal_notification(&api_code, &payload_json);
        });
    };
    ($class:ident $name:ident { $($entry:tt)* }) => {
        uf_class!(@emit $class { $($entry)* });
    };
}

/// One class: its role's opening methods and explanations, then the declared ones.
macro_rules! uf_class {
    (merchant $class:ident { $($methods:tt)* }) => {
        uf_class!(@methods $class {
            /// Opens a response to one of our requests: the payload's JSON text
            /// (`ProviderError` when the provider answered with a failure). `headers`: as
            /// received (the providers that sign responses read them).
            fn open_response(body: str, headers: headers = []) -> text
                = |c| Merchant::open_response(c, &Received::new(&body, &headers));
            /// Opens a webhook: the payload's JSON text. `now_ms` (Unix milliseconds) is the
            /// instant the provider's time window is checked against (default: the client's
            /// clock; ignored by providers whose webhooks carry no signed time).
            fn open_notification(body: str, headers: headers = [], now_ms: i64 = None) -> text
                = |c| Merchant::open_notification(c, &Received::new(&body, &headers), now_ms);
            /// A redacted report (JSON text) of a response that did not open (or did): the
            /// failed check, and for responses signed in the clear the string to sign
            /// compared with `their_string` (the provider's, e.g. from its support).
            /// Encrypted responses: the uniform error only. No value computed with a
            /// secret (an expected HMAC or signature) is ever in the report.
            fn explain_response(body: str, headers: headers = [], their_string: str = None) -> report
                = |c| Merchant::explain_response(c, &Received::new(&body, &headers), their_string.as_deref());
            /// As `explain_response`, for a webhook whose signed time is checked at `now_ms`
            /// (Unix milliseconds; default: the client's clock).
            fn explain_notification(body: str, headers: headers = [], now_ms: i64 = None, their_string: str = None) -> report
                = |c| Merchant::explain_notification(c, &Received::new(&body, &headers), now_ms, their_string.as_deref());
            $($methods)*
        });
    };
    (mirror $class:ident { $($methods:tt)* }) => {
        uf_class!(@methods $class {
            /// Verifies (and decrypts) a request as the provider does: the payload's JSON
            /// text. `method` (default `POST`) and `path` are the request's, for the
            /// providers that sign them (ASINX: `path`, else the `:path` header; UPay: both).
            fn open_request(body: str, headers: headers = [], method: str = None, path: str = None) -> text
                = |c| Mirror::open_request(c, &Received::new(&body, &headers).at(method.as_deref(), path.as_deref()));
            /// A redacted report (JSON text) of a request that did not open (or did): the
            /// failed check, and for requests signed in the clear the string to sign
            /// compared with `their_string` (the merchant's). `method` (default `POST`) and
            /// `path` as for `open_request`. Encrypted requests: the uniform error only. No
            /// value computed with a secret is ever in the report.
            fn explain_request(body: str, headers: headers = [], method: str = None, path: str = None, their_string: str = None) -> report
                = |c| Mirror::explain_request(c, &Received::new(&body, &headers).at(method.as_deref(), path.as_deref()), their_string.as_deref());
            $($methods)*
        });
    };
    (@methods $class:ident {
        $(
            $(#[doc = $doc:tt])*
            fn $name:ident ($($args:tt)*) -> $ret:ident = |$c:ident| $call:expr;
        )*
    }) => {
        $(
            uf_override!($class $name {
                $(#[doc = $doc])*
                fn $name($($args)*) -> $ret = |$c| $call;
            });
        )*
    };
    (@emit $class:ident {
        $(#[doc = $doc:tt])*
        fn $name:ident (
            $($arg:ident : $kind:ident $(= $def:tt)?),*
            $(; $($kw:ident : $kwkind:ident $(= $kwdef:tt)?),*)?
        ) -> $ret:ident = |$c:ident| $call:expr;
    }) => {
        uf_method!($class [$($doc)*] $name
            [$(($arg $kind $($def)?))* $($(($kw $kwkind $($kwdef)?))*)?]
            $ret $c ($call));
    };
}

/// Converts constructor argument `$a` (a `String`) into what the declared call takes.
macro_rules! uf_ctor_conv {
    (str $a:ident) => {};
    (secret $a:ident) => {
        let $a = cardseal::SecretString::new($a);
    };
    (private_key $a:ident) => {
        let $a = parse_private($a)?;
    };
    (public_key $a:ident) => {
        let $a = parse_public(&$a)?;
    };
}

/// A class's constructor: the declared arguments (all `String`), then `seed` and `now_ms`,
/// then the options, each first given its UniFFI type, default and conversion (`[…]`
/// steps): `i64`/`i32` → `Option<…>`; `window` → `Option<i64>` with its default (`None`:
/// no check); `str` → `Option<String>` (absent: the declared default); `numbers` → the
/// `NumberStyle` enum, named `number_style` in Kotlin/Swift. KazePay's constructors
/// take the `KazePayProfile` record instead of its four options: written by hand in
/// `providers/kazepay.rs`.
macro_rules! uf_new {
    ([KazePay $($ignored:tt)*] $($rest:tt)*) => {};
    ([KazePayProvider $($ignored:tt)*] $($rest:tt)*) => {};
    ($h:tt $req:tt [$($done:tt)*] [($o:ident i64 $d:tt) $($rest:tt)*]) => {
        uf_new!($h $req [$($done)* ($o [Option<i64>] [None] {})] [$($rest)*]);
    };
    ($h:tt $req:tt [$($done:tt)*] [($o:ident i32 $d:tt) $($rest:tt)*]) => {
        uf_new!($h $req [$($done)* ($o [Option<i32>] [None] {})] [$($rest)*]);
    };
    ($h:tt $req:tt [$($done:tt)*] [($o:ident window ($($d:tt)*)) $($rest:tt)*]) => {
        uf_new!($h $req [$($done)* ($o [Option<i64>] [$($d)*] {})] [$($rest)*]);
    };
    ($h:tt $req:tt [$($done:tt)*] [($o:ident numbers $d:tt) $($rest:tt)*]) => {
        uf_new!($h $req [$($done)* (number_style [Option<NumberStyle>] [None]
            { let $o = number_style.map_or($d, NumberStyle::name); })] [$($rest)*]);
    };
    ($h:tt $req:tt [$($done:tt)*] [($o:ident str $d:tt) $($rest:tt)*]) => {
        uf_new!($h $req [$($done)* ($o [Option<String>] [None]
            { let $o = $o.as_deref().unwrap_or($d); })] [$($rest)*]);
    };
    ([$class:ident $core:path [$($cd:tt)*] $env:ident ($call:expr)]
        [$(($a:ident $kind:ident))*] [$(($o:ident [$($oty:tt)*] [$($od:tt)*] {$($conv:tt)*}))*]
        []) => {
        #[uniffi::export]
        impl $class {
            $(#[doc = $cd])*
            #[uniffi::constructor(default(seed = None, now_ms = None, $($o = $($od)*,)*))]
            #[allow(clippy::too_many_arguments, clippy::redundant_closure_call)]
            pub fn new(
                $($a: String,)*
                seed: Option<Vec<u8>>,
                now_ms: Option<i64>,
                $($o: $($oty)*,)*
            ) -> Result<Arc<Self>> {
                $(uf_ctor_conv!($kind $a);)*
                $($($conv)*)*
                let $env = make_env(seed, now_ms);
                let inner: cardseal::Result<$core> = (|| $call)();
                Ok(Arc::new($class { inner: inner? }))
            }
        }
    };
}

/// Expands the declaration: per class, its struct, constructor (`uf_new!`), getters and
/// mirror, then `uf_class!` for its methods.
macro_rules! uf_classes {
    ($($role:ident $class:ident = $core:path { $($body:tt)* })*) => {
        $(uf_classes!(@head $role $class [$core] $($body)*);)*
    };
    (@head $role:ident $class:ident [$core:path]
        $(#[doc = $d:tt])*
        new ($($arg:ident : $kind:ident),*
            $(; $($(#[doc = $od:tt])* $opt:ident : $okind:ident = $odef:tt),*)?)
        = |$env:ident| $call:expr; $($rest:tt)*) => {
        $(#[doc = $d])*
        #[derive(uniffi::Object)]
        #[uniffi::export(Debug)]
        pub struct $class {
            pub(crate) inner: $core,
        }

        crate::delegate_debug!($class);
        uf_new!([$class $core [$($d)*] $env ($call)] [$(($arg $kind))*] []
            [$($(($opt $okind $odef))*)?]);
        uf_classes!(@more $role $class $($rest)*);
    };
    // KazePay's `profile()` is a `KazePayProfile` record in Kotlin/Swift (provider module).
    (@more $role:ident KazePay
        $(#[doc = $d:tt])* get profile = |$c:ident| $e:expr; $($rest:tt)*) => {
        uf_classes!(@more $role KazePay $($rest)*);
    };
    (@more $role:ident $class:ident
        $(#[doc = $d:tt])* get $g:ident = |$c:ident| $e:expr; $($rest:tt)*) => {
        #[uniffi::export]
        impl $class {
            $(#[doc = $d])*
            pub fn $g(&self) -> String {
                let $c = &self.inner;
                String::from($e)
            }
        }
        uf_classes!(@more $role $class $($rest)*);
    };
    (@more $role:ident $class:ident
        $(#[doc = $d:tt])* provider () -> $mirror:ident = |$c:ident| $call:expr;
        $($rest:tt)*) => {
        #[uniffi::export]
        impl $class {
            $(#[doc = $d])*
            pub fn provider(&self) -> Arc<$mirror> {
                let $c = &self.inner;
                Arc::new($mirror { inner: $call })
            }
        }
        uf_classes!(@more $role $class $($rest)*);
    };
    (@more $role:ident $class:ident
        $(#[doc = $d:tt])* provider ($($a:ident : $k:ident),*) -> $mirror:ident
        = |$c:ident| $call:expr; $($rest:tt)*) => {
        #[uniffi::export]
        impl $class {
            $(#[doc = $d])*
            pub fn provider(&self, $($a: String),*) -> Result<Arc<$mirror>> {
                $(uf_ctor_conv!($k $a);)*
                let $c = &self.inner;
                Ok(Arc::new($mirror { inner: $call }))
            }
        }
        uf_classes!(@more $role $class $($rest)*);
    };
    (@more $role:ident $class:ident $($methods:tt)*) => {
        uf_class!($role $class { $($methods)* });
    };
}

cardseal_declaration!(uf_classes);
