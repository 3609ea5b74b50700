//! The provider classes generated from `bindings/declaration.rs`: each class's struct,
//! constructor, getters, mirror and `__repr__`, each declared method with the GIL
//! released, and the uniform opening methods of each role (`open_response`,
//! `open_notification`, `open_request`, each with its `_text` twin, and the `explain_*`
//! reports) over the core's `Merchant` / `Mirror` traits. Conversions only: every method
//! converts its arguments, calls the core, and converts the result.

use pyo3::prelude::*;

use cardseal::providers::{Merchant, Mirror, Received};

use crate::convert::{env, headers, opt_payload, parse_json, payload, text, time_ms};
use crate::errors::IntoPy;
use crate::keys::{private_key, public_key};
use crate::sealed::Sealed;

include!("../../declaration.rs");

/// The Python-facing type of an argument of `KIND [DEFAULT]`.
macro_rules! py_ty {
    (str) => { &str };
    (str None) => { Option<&str> };
    (payload) => { &Bound<'_, PyAny> };
    (payload None) => { Option<&Bound<'_, PyAny>> };
    (body) => { &Bound<'_, PyAny> };
    (headers None) => { Option<&Bound<'_, PyAny>> };
    (now None) => { Option<&Bound<'_, PyAny>> };
    (i64) => { i64 };
    (i64 None) => { Option<i64> };
    (bool $d:tt) => { bool };
}

/// Converts argument `$a` of `KIND [DEFAULT]` into what the declared call takes.
macro_rules! py_conv {
    (payload; $a:ident) => {
        let $a = payload($a, stringify!($a))?.into_json();
    };
    (payload None; $a:ident) => {
        let $a = opt_payload($a, stringify!($a), "")?.into_json();
    };
    (body; $a:ident) => {
        let $a = text($a, "body")?;
    };
    (headers None; $a:ident) => {
        let $a = self::headers($a)?;
    };
    (now None; $a:ident) => {
        let $a = time_ms($a, "now")?;
    };
    ($($other:tt)*) => {};
}

/// Runs a declared call with the GIL released and converts its result.
macro_rules! py_call {
    (sealed, $py:ident, $call:expr) => {{
        let sealed = $py.detach(|| $call).py_err()?;
        Sealed::from_core($py, sealed)
    }};
    (text, $py:ident, $call:expr) => {
        $py.detach(|| $call).py_err()
    };
    (report, $py:ident, $call:expr) => {{
        let report = $py.detach(|| $call);
        parse_json($py, &report.to_json())
    }};
}

/// The Python return type of a declared method.
macro_rules! py_ret {
    (sealed) => { Sealed };
    (text) => { String };
    (report) => { Bound<'py, PyAny> };
}

/// One class: the role's opening methods (each `-> json(twin)`: the payload as Python
/// values, and its `_text` twin giving the payload's exact JSON text) and explanations,
/// plus the declared methods, in a `#[pymethods]` block of their own.
macro_rules! py_class {
    (merchant $class:ident { $($methods:tt)* }) => {
        py_class!(@emit $class {
            /// Opens a response to one of our requests: its payload as Python values
            /// (`ProviderError` when the provider answered with a failure).
            fn open_response(body: body, headers: headers = None) -> json(open_response_text)
                = |c| Merchant::open_response(c, &Received::new(&body, &headers));
            /// Opens a webhook: its payload as Python values. `now` (a `datetime`, or
            /// Unix seconds) is the instant the provider's time window is checked
            /// against (default: the current time).
            fn open_notification(body: body, headers: headers = None, now: now = None)
                -> json(open_notification_text)
                = |c| Merchant::open_notification(c, &Received::new(&body, &headers), now);
            /// A redacted report of a response that did not open (or did): the failed
            /// check, and for messages signed in the clear the string to sign compared
            /// with `their_string`. Encrypted messages: the uniform error only.
            fn explain_response(body: body, headers: headers = None; their_string: str = None)
                -> report
                = |c| Merchant::explain_response(c, &Received::new(&body, &headers), their_string);
            /// As `explain_response`, for a webhook checked at `now`.
            fn explain_notification(body: body, headers: headers = None, now: now = None; their_string: str = None)
                -> report
                = |c| Merchant::explain_notification(c, &Received::new(&body, &headers), now, their_string);
            $($methods)*
        });
    };
    (mirror $class:ident { $($methods:tt)* }) => {
        py_class!(@emit $class {
            /// Verifies (and decrypts) a request as the provider does: its payload as
            /// Python values. `method` (default `POST`) and `path` are the request's,
            /// for the providers that sign them (ASINX: `path`, else the `:path`
            /// header; UPay: both).
            fn open_request(body: body, headers: headers = None; method: str = None, path: str = None)
                -> json(open_request_text)
                = |c| Mirror::open_request(c, &Received::new(&body, &headers).at(method, path));
            /// A redacted report of a request that did not open (or did): the failed
            /// check, and for requests signed in the clear the string to sign compared
            /// with `their_string`. Encrypted requests: the uniform error only.
            fn explain_request(body: body, headers: headers = None; method: str = None, path: str = None, their_string: str = None)
                -> report
                = |c| Mirror::explain_request(c, &Received::new(&body, &headers).at(method, path), their_string);
            $($methods)*
        });
    };
    (@emit $class:ident {
        $(
            $(#[doc = $doc:literal])*
            fn $name:ident (
                $($arg:ident : $kind:ident $(= $def:tt)?),*
                $(; $($kw:ident : $kwkind:ident $(= $kwdef:tt)?),*)?
            ) -> $ret:ident $(($twin:ident))? = |$c:ident| $call:expr;
        )*
    }) => {
        $(py_class!(@method $class [$($doc)*] $name
            [($($arg : $kind $(= $def)?),*) ($($($kw : $kwkind $(= $kwdef)?),*)?)]
            $ret $(($twin))? $c ($call));)*
    };
    // `-> json(twin)`: `twin` runs the call (text), `name` parses what `twin` returns.
    (@method $class:ident [$($doc:literal)*] $name:ident
        [($($arg:ident : $kind:ident $(= $def:tt)?),*) ($($kw:ident : $kwkind:ident $(= $kwdef:tt)?),*)]
        json ($twin:ident) $c:ident ($call:expr)) => {
        py_class!(@method $class [" As the method without `_text`: the payload's exact JSON text."]
            $twin [($($arg : $kind $(= $def)?),*) ($($kw : $kwkind $(= $kwdef)?),*)]
            text $c ($call));
        #[pymethods]
        impl $class {
            $(#[doc = $doc])*
            #[pyo3(signature = ($($arg $(= $def)?,)* * $(, $kw $(= $kwdef)?)*))]
            fn $name<'py>(
                &self,
                py: Python<'py>,
                $($arg: py_ty!($kind $($def)?),)*
                $($kw: py_ty!($kwkind $($kwdef)?),)*
            ) -> PyResult<Bound<'py, PyAny>> {
                let text = self.$twin(py, $($arg,)* $($kw,)*)?;
                parse_json(py, &text)
            }
        }
    };
    (@method $class:ident [$($doc:literal)*] $name:ident
        [($($arg:ident : $kind:ident $(= $def:tt)?),*) ($($kw:ident : $kwkind:ident $(= $kwdef:tt)?),*)]
        $ret:ident $c:ident ($call:expr)) => {
        #[pymethods]
        impl $class {
            $(#[doc = $doc])*
            #[pyo3(signature = ($($arg $(= $def)?,)* * $(, $kw $(= $kwdef)?)*))]
            #[allow(clippy::too_many_arguments)]
            fn $name<'py>(
                &self,
                py: Python<'py>,
                $($arg: py_ty!($kind $($def)?),)*
                $($kw: py_ty!($kwkind $($kwdef)?),)*
            ) -> PyResult<py_ret!($ret)> {
                $(py_conv!($kind $($def)?; $arg);)*
                $(py_conv!($kwkind $($kwdef)?; $kw);)*
                let $c = &self.inner;
                py_call!($ret, py, $call)
            }
        }
    };
}

/// Python type of a constructor argument of `KIND`.
macro_rules! py_ctor_ty {
    (str) => { &str };
    ($other:ident) => { &Bound<'_, PyAny> };
}

/// Python type of a constructor option of `KIND`.
macro_rules! py_opt_ty {
    (str) => { &str };
    (numbers) => { &str };
    (u32) => { u32 };
    (i32) => { Option<i32> };
    ($i64_or_window:ident) => { Option<i64> };
}

/// Converts constructor argument `$a` of `KIND` into what the declared call takes.
macro_rules! py_ctor_conv {
    ($py:ident str $a:ident) => {};
    ($py:ident secret $a:ident) => {
        let $a = cardseal::SecretString::new(text($a, stringify!($a))?.into_string());
    };
    ($py:ident private_key $a:ident) => {
        let $a = private_key($py, $a, stringify!($a))?;
    };
    ($py:ident public_key $a:ident) => {
        let $a = public_key($py, $a, stringify!($a))?;
    };
}

/// The constructor of a class (UPay's is hand-written in `providers.rs`: it also accepts
/// the old `app_id` name of `api_key`).
macro_rules! py_new {
    (UPay $($ignored:tt)*) => {};
    ($class:ident $core:path
        [$($arg:ident : $kind:ident),* $(; $($(#[doc = $od:literal])* $opt:ident : $okind:ident = $odef:tt),*)?]
        $env:ident ($call:expr)) => {
        #[pymethods]
        impl $class {
            #[new]
            #[pyo3(signature = ($($arg,)* * $($(, $opt = $odef)*)?, seed = None, now_ms = None))]
            #[allow(clippy::too_many_arguments, clippy::redundant_closure_call)]
            fn new(
                py: Python<'_>,
                $($arg: py_ctor_ty!($kind),)*
                $($($opt: py_opt_ty!($okind),)*)?
                seed: Option<&Bound<'_, PyAny>>,
                now_ms: Option<i64>,
            ) -> PyResult<Self> {
                let _ = py;
                $(py_ctor_conv!(py $kind $arg);)*
                let $env = env(seed, now_ms)?;
                let inner = (|| -> cardseal::Result<$core> { $call })().py_err()?;
                Ok($class { inner })
            }
        }
    };
}

/// Expands the declaration: per class, its struct, constructor, getters, mirror and
/// `__repr__` (`Class(getter="value", …)`, or `Class(..)` without getters), then
/// `py_class!` for its methods.
macro_rules! py_classes {
    ($($role:ident $class:ident = $core:path { $($body:tt)* })*) => {
        $(py_classes!(@head $role $class $core [] [] $($body)*);)*
    };
    (@head $role:ident $class:ident $core:path [] []
        $(#[doc = $d:literal])* new ($($ctor:tt)*) = |$env:ident| $call:expr; $($rest:tt)*) => {
        $(#[doc = $d])*
        #[pyclass(frozen, module = "cardseal")]
        pub struct $class {
            pub(crate) inner: $core,
        }

        py_new!($class $core [$($ctor)*] $env ($call));
        py_classes!(@head $role $class $core [new] [] $($rest)*);
    };
    (@head $role:ident $class:ident $core:path [new] [$($gets:tt)*]
        $(#[doc = $d:literal])* get $g:ident = |$c:ident| $e:expr; $($rest:tt)*) => {
        #[pymethods]
        impl $class {
            $(#[doc = $d])*
            #[getter]
            fn $g(&self) -> String {
                let $c = &self.inner;
                String::from($e)
            }
        }
        py_classes!(@head $role $class $core [new] [$($gets)* ($g $c ($e))] $($rest)*);
    };
    (@head $role:ident $class:ident $core:path [new] [$($gets:tt)*]
        $(#[doc = $d:literal])* provider ($($a:ident : $k:ident),*) -> $mirror:ident
        = |$c:ident| $call:expr; $($rest:tt)*) => {
        #[pymethods]
        impl $class {
            $(#[doc = $d])*
            fn provider(&self, py: Python<'_>, $($a: py_ctor_ty!($k)),*) -> PyResult<$mirror> {
                let _ = py;
                $(py_ctor_conv!(py $k $a);)*
                let $c = &self.inner;
                Ok($mirror { inner: $call })
            }
        }
        py_classes!(@head $role $class $core [new] [$($gets)*] $($rest)*);
    };
    (@head $role:ident $class:ident $core:path [new] [$(($g:ident $c:ident ($e:expr)))*]
        $($methods:tt)*) => {
        #[pymethods]
        impl $class {
            fn __repr__(&self) -> String {
                let fields: &[String] = &[$({
                    let $c = &self.inner;
                    format!("{}={:?}", stringify!($g), String::from($e))
                }),*];
                if fields.is_empty() {
                    format!("{}(..)", stringify!($class))
                } else {
                    format!("{}({})", stringify!($class), fields.join(", "))
                }
            }
        }
        py_class!($role $class { $($methods)* });
    };
}

cardseal_declaration!(py_classes);
