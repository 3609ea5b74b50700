//! The provider methods generated from `bindings/declaration.rs`: for each declared
//! method a synchronous `xSync` and a Promise `x` (one [`CoreTask`] on the libuv thread
//! pool), and the uniform opening methods of each role over the core's `Merchant` /
//! `Mirror` traits (merchant: `openResponse`, `openNotification` with an optional `nowMs`;
//! mirror: `openRequest` with optional `method` and `path`), each with its `Sync` twin.
//! Conversions only: every method converts its arguments, calls the core, and converts the
//! result. Each method is a `#[napi] impl` block of its own (napi merges the blocks of a
//! class); the constructors, getters and provider-specific extras are in the provider
//! modules.

use std::sync::Arc;

use cardseal::providers::{Merchant, Mirror, Received, Sealed};
use napi::Env;
use napi::bindgen_prelude::{AsyncTask, Either, Uint8Array};
use napi_derive::napi;

use crate::asinx::{Asinx, AsinxProvider};
use crate::hypercard::{HyperCard, HyperCardProvider};
use crate::kazepay::{KazePay, KazePayProvider};
use crate::paytend::{Paytend, PaytendProvider};
use crate::upay::{UPay, UPayProvider};
use crate::{CoreTask, SealedMessage, Text, headers_of, owned_text, text_of, throwing, to_js};

include!("../../declaration.rs");

/// Converts argument `$a` (already of its napi type) into what the declared call takes;
/// `sync` borrows text in place, `async` owns it (the call runs on another thread).
macro_rules! node_conv {
    (sync payload $a:ident) => {
        let $a = text_of(&$a, "payload")?;
    };
    (async payload $a:ident) => {
        let $a = owned_text($a, "payload")?;
    };
    (sync payload_opt $a:ident) => {
        let $a = match &$a {
            Some(t) => text_of(t, "payload")?,
            None => "",
        };
    };
    (async payload_opt $a:ident) => {
        let $a = match $a {
            Some(t) => owned_text(t, "payload")?,
            None => String::new(),
        };
    };
    (sync body $a:ident) => {
        let $a = text_of(&$a, "body")?;
    };
    (async body $a:ident) => {
        let $a = owned_text($a, "body")?;
    };
    ($mode:ident headers $a:ident) => {
        let $a = headers_of($a)?;
    };
    ($mode:ident (bool $d:tt) $a:ident) => {
        let $a = $a.unwrap_or($d);
    };
    ($mode:ident plain $a:ident) => {};
}

/// One method: `fn name(arg: KIND [= DEFAULT], …) -> RETURN = |c| CALL` as its `nameSync`
/// and Promise `name`. The arguments are first given their napi types (`@args`, one at a
/// time), since napi reads the types of a signature before any macro in it is expanded.
macro_rules! node_method {
    ($class:ident [$($doc:tt)*] $name:ident [$($args:tt)*] sealed $c:ident ($call:expr)) => {
        node_method!(@args [$class $name [$($doc)*] $c ($call)
            Sealed SealedMessage "SealedMessage" "Promise<SealedMessage>"] [] $($args)*);
    };
    ($class:ident [$($doc:tt)*] $name:ident [$($args:tt)*] text $c:ident ($call:expr)) => {
        node_method!(@args [$class $name [$($doc)*] $c ($call)
            String Text "string" "Promise<string>"] [] $($args)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident str) $($rest:tt)*) => {
        node_method!(@args $h [$($done)* ($a [String] plain)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident str None) $($rest:tt)*) => {
        node_method!(@args $h [$($done)* ($a [Option<String>] plain)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident payload) $($rest:tt)*) => {
        node_method!(@args $h [$($done)* ($a [Either<String, Uint8Array>] payload)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident payload None) $($rest:tt)*) => {
        node_method!(@args $h
            [$($done)* ($a [Option<Either<String, Uint8Array>>] payload_opt)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident body) $($rest:tt)*) => {
        node_method!(@args $h [$($done)* ($a [Either<String, Uint8Array>] body)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident headers) $($rest:tt)*) => {
        node_method!(@args $h [$($done)* ($a [Option<Vec<String>>] headers)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident i64) $($rest:tt)*) => {
        node_method!(@args $h [$($done)* ($a [i64] plain)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident i64 None) $($rest:tt)*) => {
        node_method!(@args $h [$($done)* ($a [Option<i64>] plain)] $($rest)*);
    };
    (@args $h:tt [$($done:tt)*] ($a:ident bool $d:tt) $($rest:tt)*) => {
        node_method!(@args $h [$($done)* ($a [Option<bool>] (bool $d))] $($rest)*);
    };
    (@args [$class:ident $name:ident [$($doc:tt)*] $c:ident ($call:expr)
        $out:ident $js:ident $ts:tt $ts_promise:tt]
        [$(($a:ident [$($ty:tt)*] $conv:tt))*]) => {
        pastey::paste! {
            #[napi]
            impl $class {
                // `""` makes pastey rewrite each doc text (a raw string literal, as `///`
                // becomes in a macro's input) as a plain one, the only kind napi reads.
                // Keep the declaration's docs ASCII: pastey escapes other characters as
                // `\u{…}`, and napi 3.7 decodes the hex digits a-f of those wrongly.
                $(#[doc = $doc ""])*
                #[napi(ts_return_type = $ts)]
                #[allow(clippy::too_many_arguments)]
                pub fn [<$name _sync>](&self, env: &Env, $($a: $($ty)*),*) -> napi::Result<$js> {
                    throwing(env, || {
                        $(node_conv!(sync $conv $a);)*
                        let $c = &*self.inner;
                        to_js($call)
                    })
                }

                $(#[doc = $doc ""])*
                #[doc = ""]
                #[doc = " On the libuv thread pool: a Promise."]
                #[napi(ts_return_type = $ts_promise)]
                #[allow(clippy::too_many_arguments)]
                pub fn $name(&self, env: &Env, $($a: $($ty)*),*) -> napi::Result<AsyncTask<CoreTask<$out>>> {
                    throwing(env, || {
                        $(node_conv!(async $conv $a);)*
                        let inner = Arc::clone(&self.inner);
                        Ok(CoreTask::spawn(move || {
                            let $c = &*inner;
                            $call
                        }))
                    })
                }
            }
        }
    };
}

/// A role's failure explanations (sync: a report is cheap): the core's redacted report
/// (`providers::explain`) as its JSON text, which `index.js` parses.
macro_rules! node_explain {
    (merchant $class:ident) => {
        #[napi]
        impl $class {
            /// A redacted report of a response that did not open (or did): the failed
            /// check, and for responses signed in the clear the string to sign compared
            /// with `their_string`. Encrypted messages: the uniform error only. JSON text.
            #[napi]
            pub fn explain_response(
                &self,
                env: &Env,
                body: Either<String, Uint8Array>,
                headers: Option<Vec<String>>,
                their_string: Option<String>,
            ) -> napi::Result<String> {
                throwing(env, || {
                    let (body, headers) = (text_of(&body, "body")?, headers_of(headers)?);
                    let r = Received::new(body, &headers);
                    Ok(
                        Merchant::explain_response(&*self.inner, &r, their_string.as_deref())
                            .to_json(),
                    )
                })
            }

            /// As `explainResponse`, for a webhook checked at `now_ms` (default: the
            /// client's clock). JSON text.
            #[napi]
            pub fn explain_notification(
                &self,
                env: &Env,
                body: Either<String, Uint8Array>,
                headers: Option<Vec<String>>,
                now_ms: Option<i64>,
                their_string: Option<String>,
            ) -> napi::Result<String> {
                throwing(env, || {
                    let (body, headers) = (text_of(&body, "body")?, headers_of(headers)?);
                    let r = Received::new(body, &headers);
                    let e = Merchant::explain_notification(
                        &*self.inner,
                        &r,
                        now_ms,
                        their_string.as_deref(),
                    );
                    Ok(e.to_json())
                })
            }
        }
    };
    (mirror $class:ident) => {
        #[napi]
        impl $class {
            /// A redacted report of a request that did not open (or did): the failed
            /// check, and for requests signed in the clear the string to sign compared
            /// with `their_string`. Encrypted requests: the uniform error only. JSON text.
            #[napi]
            pub fn explain_request(
                &self,
                env: &Env,
                body: Either<String, Uint8Array>,
                headers: Option<Vec<String>>,
                method: Option<String>,
                path: Option<String>,
                their_string: Option<String>,
            ) -> napi::Result<String> {
                throwing(env, || {
                    let (body, headers) = (text_of(&body, "body")?, headers_of(headers)?);
                    let r = Received {
                        method: method.as_deref().unwrap_or("POST"),
                        path: path.as_deref(),
                        ..Received::new(body, &headers)
                    };
                    Ok(
                        Mirror::explain_request(&*self.inner, &r, their_string.as_deref())
                            .to_json(),
                    )
                })
            }
        }
    };
}

/// One class: its role's opening methods and explanations, then the declared ones.
macro_rules! node_class {
    (merchant $class:ident { $($methods:tt)* }) => {
        node_explain!(merchant $class);
        node_class!(@methods $class {
            /// Opens a response to one of our requests: the payload's JSON text (a
            /// `ProviderError` when the provider answered with a failure).
            fn open_response(body: body, headers: headers) -> text
                = |c| Merchant::open_response(c, &Received::new(&body, &headers));
            /// Opens a webhook: the payload's JSON text. `now_ms` (Unix milliseconds) is
            /// the instant the provider's time window is checked against (default: the
            /// client's clock; ignored by providers whose webhooks carry no signed time).
            fn open_notification(body: body, headers: headers, now_ms: i64 = None) -> text
                = |c| Merchant::open_notification(c, &Received::new(&body, &headers), now_ms);
            $($methods)*
        });
    };
    (mirror $class:ident { $($methods:tt)* }) => {
        node_explain!(mirror $class);
        node_class!(@methods $class {
            /// Verifies (and decrypts) a request as the provider does: the payload's JSON
            /// text. `method` (default `POST`) and `path` are the request's, for the
            /// providers that sign them (ASINX: `path`, else the `:path` header; UPay:
            /// both, the path required).
            fn open_request(
                body: body, headers: headers, method: str = None, path: str = None
            ) -> text = |c| Mirror::open_request(c, &Received {
                    method: method.as_deref().unwrap_or("POST"),
                    path: path.as_deref(),
                    ..Received::new(&body, &headers)
                });
            $($methods)*
        });
    };
    (@methods $class:ident {
        $(
            $(#[doc = $doc:tt])*
            fn $name:ident (
                $($arg:ident : $kind:ident $(= $def:tt)?),*
                $(; $($kw:ident : $kwkind:ident $(= $kwdef:tt)?),*)?
            ) -> $ret:ident = |$c:ident| $call:expr;
        )*
    }) => {
        $(
            node_method!($class [$($doc)*] $name
                [$(($arg $kind $($def)?))* $($(($kw $kwkind $($kwdef)?))*)?]
                $ret $c ($call));
        )*
    };
}

/// Expands the declaration: one `node_class!` per class.
macro_rules! node_classes {
    ($($role:ident $class:ident = $core:path { $($methods:tt)* })*) => {
        $(node_class!($role $class { $($methods)* });)*
    };
}

cardseal_declaration!(node_classes);
