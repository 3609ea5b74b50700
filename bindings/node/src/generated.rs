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

use crate::{
    CoreTask, SealedMessage, Text, headers_of, owned_text, private_key, public_key, text_of,
    throwing, to_js,
};

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
    ($class:ident [$($doc:tt)*] $name:ident [$($args:tt)*] report $c:ident ($call:expr)) => {
        node_method!(@args [$class $name [$($doc)*] $c ($call) report] [] $($args)*);
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
    // A report (`explain_*`): synchronous only (cheap), the core's report as JSON text.
    (@args [$class:ident $name:ident [$($doc:tt)*] $c:ident ($call:expr) report]
        [$(($a:ident [$($ty:tt)*] $conv:tt))*]) => {
        pastey::paste! {
            #[napi]
            impl $class {
                $(#[doc = $doc ""])*
                #[napi]
                pub fn $name(&self, env: &Env, $($a: $($ty)*),*) -> napi::Result<String> {
                    throwing(env, || {
                        $(node_conv!(sync $conv $a);)*
                        let $c = &*self.inner;
                        Ok($call.to_json())
                    })
                }
            }
        }
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

/// One class: its role's opening methods and explanations, then the declared ones.
macro_rules! node_class {
    (merchant $class:ident { $($methods:tt)* }) => {
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
            /// A redacted report of a response that did not open (or did): the failed
            /// check, and for responses signed in the clear the string to sign compared
            /// with `their_string`. Encrypted messages: the uniform error only. JSON text.
            fn explain_response(body: body, headers: headers, their_string: str = None) -> report
                = |c| Merchant::explain_response(c, &Received::new(&body, &headers), their_string.as_deref());
            /// As `explainResponse`, for a webhook checked at `now_ms` (default: the
            /// client's clock). JSON text.
            fn explain_notification(body: body, headers: headers, now_ms: i64 = None, their_string: str = None) -> report
                = |c| Merchant::explain_notification(c, &Received::new(&body, &headers), now_ms, their_string.as_deref());
            $($methods)*
        });
    };
    (mirror $class:ident { $($methods:tt)* }) => {
        node_class!(@methods $class {
            /// Verifies (and decrypts) a request as the provider does: the payload's JSON
            /// text. `method` (default `POST`) and `path` are the request's, for the
            /// providers that sign them (ASINX: `path`, else the `:path` header; UPay:
            /// both, the path required).
            fn open_request(
                body: body, headers: headers, method: str = None, path: str = None
            ) -> text = |c| Mirror::open_request(c, &Received::new(&body, &headers).at(method.as_deref(), path.as_deref()));
            /// A redacted report of a request that did not open (or did): the failed
            /// check, and for requests signed in the clear the string to sign compared
            /// with `their_string`. Encrypted requests: the uniform error only. JSON text.
            fn explain_request(body: body, headers: headers, method: str = None, path: str = None, their_string: str = None) -> report
                = |c| Mirror::explain_request(c, &Received::new(&body, &headers).at(method.as_deref(), path.as_deref()), their_string.as_deref());
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

/// A class's struct, constructor (and its options object), getters and mirror. Required
/// arguments and options are first given their napi types (`@req`, `@opt`, one at a
/// time), since napi reads types and fields before any macro in them is expanded.
/// `$o` is the constructor's `Option<&Options>`, passed along as one token so that the
/// conversions written in the munching steps see the binding the last step makes.
macro_rules! node_new {
    (@req $h:tt [$($done:tt)*] [($a:ident str) $($rest:tt)*] $opts:tt) => {
        node_new!(@req $h [$($done)* ($a [String] plain)] [$($rest)*] $opts);
    };
    (@req $h:tt [$($done:tt)*] [($a:ident secret) $($rest:tt)*] $opts:tt) => {
        node_new!(@req $h [$($done)* ($a [String] secret)] [$($rest)*] $opts);
    };
    (@req $h:tt [$($done:tt)*] [($a:ident $key:ident) $($rest:tt)*] $opts:tt) => {
        node_new!(@req $h [$($done)* ($a [Either<String, Uint8Array>] $key)] [$($rest)*] $opts);
    };
    (@req $h:tt $done:tt [] $opts:tt) => {
        node_new!(@opt $h $done [] [] $opts);
    };
    (@opt [$o:ident $($h:tt)*] $req:tt [$($f:tt)*] [$($c:tt)*]
        [([$($d:tt)*] $name:ident window ($def:expr)) $($rest:tt)*]) => {
        node_new!(@opt [$o $($h)*] $req
            [$($f)* $(#[doc = $d ""])* pub $name: Option<i64>,
                #[doc = " Set by `index.js` when the option is `null`: no check."]
                pub [<no_ $name>]: Option<bool>,]
            [$($c)* let $name = match $o {
                Some(o) if o.[<no_ $name>] == Some(true) => None,
                Some(o) if o.$name.is_some() => o.$name,
                _ => $def,
            };]
            [$($rest)*]);
    };
    (@opt [$o:ident $($h:tt)*] $req:tt [$($f:tt)*] [$($c:tt)*]
        [([$($d:tt)*] $name:ident str ($def:expr)) $($rest:tt)*]) => {
        node_new!(@opt [$o $($h)*] $req [$($f)* $(#[doc = $d ""])* pub $name: Option<String>,]
            [$($c)* let $name = $o.and_then(|o| o.$name.as_deref()).unwrap_or($def);]
            [$($rest)*]);
    };
    (@opt $h:tt $req:tt $f:tt $c:tt [([$($d:tt)*] $name:ident numbers $def:tt) $($rest:tt)*]) => {
        node_new!(@opt $h $req $f $c [([$($d)*] $name str $def) $($rest)*]);
    };
    (@opt [$o:ident $($h:tt)*] $req:tt [$($f:tt)*] [$($c:tt)*]
        [([$($d:tt)*] $name:ident u32 ($def:expr)) $($rest:tt)*]) => {
        node_new!(@opt [$o $($h)*] $req [$($f)* $(#[doc = $d ""])* pub $name: Option<u32>,]
            [$($c)* let $name = $o.and_then(|o| o.$name).unwrap_or($def);] [$($rest)*]);
    };
    (@opt [$o:ident $($h:tt)*] $req:tt [$($f:tt)*] [$($c:tt)*]
        [([$($d:tt)*] $name:ident i32 ($def:expr)) $($rest:tt)*]) => {
        node_new!(@opt [$o $($h)*] $req [$($f)* $(#[doc = $d ""])* pub $name: Option<i32>,]
            [$($c)* let $name = $o.and_then(|o| o.$name);] [$($rest)*]);
    };
    (@opt [$o:ident $($h:tt)*] $req:tt [$($f:tt)*] [$($c:tt)*]
        [([$($d:tt)*] $name:ident i64 ($def:expr)) $($rest:tt)*]) => {
        node_new!(@opt [$o $($h)*] $req [$($f)* $(#[doc = $d ""])* pub $name: Option<i64>,]
            [$($c)* let $name = $o.and_then(|o| o.$name);] [$($rest)*]);
    };
    (@conv plain $a:ident) => {};
    (@conv secret $a:ident) => { let $a = cardseal::SecretString::new($a); };
    (@conv private_key $a:ident) => { let $a = private_key($a)?; };
    (@conv public_key $a:ident) => { let $a = public_key(&$a)?; };
    (@opt [$o:ident $class:ident $core:path [$($cd:tt)*] $env:ident ($call:expr)]
        [$(($a:ident [$($ty:tt)*] $conv:ident))*] [$($f:tt)*] [$($c:tt)*] []) => {
        node_new!(@emit [$o $class $core [$($cd)*] $env ($call)] [$(($a [$($ty)*] $conv))*]
            [$($f)*] [$($c)*]);
    };
    (@emit [$o:ident $class:ident $core:path [$($cd:tt)*] $env:ident ($call:expr)]
        [$(($a:ident [$($ty:tt)*] $conv:ident))*] [$($f:tt)*] [$($c:tt)*]) => {
        pastey::paste! {
            $(#[doc = $cd ""])*
            #[napi]
            pub struct $class {
                pub(crate) inner: Arc<$core>,
            }

            #[doc = "Options of the `" $class "` constructor (`seed` and `nowMs`: tests only)."]
            #[napi(object, object_to_js = false)]
            pub struct [<$class Options>] {
                $($f)*
                /// Seed of the deterministic random stream (test-only).
                pub seed: Option<Either<String, Uint8Array>>,
                /// Fixed clock, Unix milliseconds (test-only).
                pub now_ms: Option<i64>,
            }

            #[napi]
            impl $class {
                $(#[doc = $cd ""])*
                #[napi(constructor)]
                #[allow(clippy::redundant_closure_call)]
                pub fn new(
                    napi_env: &Env,
                    $($a: $($ty)*,)*
                    options: Option<[<$class Options>]>,
                ) -> napi::Result<Self> {
                    throwing(napi_env, || {
                        $(node_new!(@conv $conv $a);)*
                        let $o = options.as_ref();
                        $($c)*
                        let $env = crate::make_env($o.and_then(|o| o.seed.as_ref()), $o.and_then(|o| o.now_ms));
                        let inner: cardseal::Result<$core> = (|| $call)();
                        Ok($class { inner: Arc::new(inner?) })
                    })
                }
            }
        }
    };
}

/// Expands the declaration: per class, its struct and constructor (`node_new!`), getters
/// and mirror, then `node_class!` for its methods.
macro_rules! node_classes {
    ($($role:ident $class:ident = $core:path { $($body:tt)* })*) => {
        $(node_classes!(@head $role $class [$core] $($body)*);)*
    };
    (@head $role:ident $class:ident [$core:path]
        $(#[doc = $d:tt])*
        new ($($arg:ident : $kind:ident),*
            $(; $($(#[doc = $od:tt])* $opt:ident : $okind:ident = $odef:tt),*)?)
        = |$env:ident| $call:expr; $($rest:tt)*) => {
        node_new!(@req [opts $class $core [$($d)*] $env ($call)] []
            [$(($arg $kind))*] [$($(([$($od)*] $opt $okind ($odef)))*)?]);
        node_classes!(@more $role $class $($rest)*);
    };
    (@more $role:ident $class:ident
        $(#[doc = $d:tt])* get $g:ident = |$c:ident| $e:expr; $($rest:tt)*) => {
        pastey::paste! {
            #[napi]
            impl $class {
                $(#[doc = $d ""])*
                #[napi(getter)]
                pub fn $g(&self) -> String {
                    let $c = &*self.inner;
                    String::from($e)
                }
            }
        }
        node_classes!(@more $role $class $($rest)*);
    };
    (@more $role:ident $class:ident
        $(#[doc = $d:tt])* provider ($($a:ident : $k:ident),*) -> $mirror:ident
        = |$c:ident| $call:expr; $($rest:tt)*) => {
        pastey::paste! {
            #[napi]
            impl $class {
                $(#[doc = $d ""])*
                #[napi]
                pub fn provider(&self, napi_env: &Env, $($a: Either<String, Uint8Array>),*)
                    -> napi::Result<$mirror> {
                    throwing(napi_env, || {
                        $(node_new!(@conv $k $a);)*
                        let $c = &*self.inner;
                        Ok($mirror { inner: Arc::new($call) })
                    })
                }
            }
        }
        node_classes!(@more $role $class $($rest)*);
    };
    (@more $role:ident $class:ident $($methods:tt)*) => {
        node_class!($role $class { $($methods)* });
    };
}

cardseal_declaration!(node_classes);
