//! The provider methods generated from `bindings/declaration.rs`: each declared method
//! with the GIL released, and the uniform opening methods of each role (`open_response`,
//! `open_notification`, `open_request`, each with its `_text` twin) over the core's
//! `Merchant` / `Mirror` traits. Conversions only: every method converts its arguments,
//! calls the core, and converts the result.

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
}

/// The Python return type of a declared method.
macro_rules! py_ret {
    (sealed) => {
        Sealed
    };
    (text) => {
        String
    };
}

/// One class: the role's opening methods plus the declared ones, in a `#[pymethods]`
/// block of their own (the constructor and the provider-specific extras are in
/// `providers.rs`).
macro_rules! py_class {
    (merchant $class:ident { $($methods:tt)* }) => {
        py_class!(@emit $class {
            /// Opens a response to one of our requests: its payload as Python values
            /// (`ProviderError` when the provider answered with a failure).
            #[pyo3(signature = (body, headers = None))]
            fn open_response<'py>(
                &self,
                py: Python<'py>,
                body: &Bound<'py, PyAny>,
                headers: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let t = self.open_response_text(py, body, headers)?;
                parse_json(py, &t)
            }

            /// As `open_response`, returning the payload's exact JSON text.
            #[pyo3(signature = (body, headers = None))]
            fn open_response_text(
                &self,
                py: Python<'_>,
                body: &Bound<'_, PyAny>,
                headers: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<String> {
                let (b, h) = (text(body, "body")?, self::headers(headers)?);
                let r = Received::new(&b, &h);
                py.detach(|| Merchant::open_response(&self.inner, &r)).py_err()
            }

            /// Opens a webhook: its payload as Python values. `now` (a `datetime`, or
            /// Unix seconds) is the instant the provider's time window is checked
            /// against (default: the current time).
            #[pyo3(signature = (body, headers = None, now = None))]
            fn open_notification<'py>(
                &self,
                py: Python<'py>,
                body: &Bound<'py, PyAny>,
                headers: Option<&Bound<'py, PyAny>>,
                now: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let t = self.open_notification_text(py, body, headers, now)?;
                parse_json(py, &t)
            }

            /// As `open_notification`, returning the payload's exact JSON text.
            #[pyo3(signature = (body, headers = None, now = None))]
            fn open_notification_text(
                &self,
                py: Python<'_>,
                body: &Bound<'_, PyAny>,
                headers: Option<&Bound<'_, PyAny>>,
                now: Option<&Bound<'_, PyAny>>,
            ) -> PyResult<String> {
                let now = time_ms(now, "now")?;
                let (b, h) = (text(body, "body")?, self::headers(headers)?);
                let r = Received::new(&b, &h);
                py.detach(|| Merchant::open_notification(&self.inner, &r, now)).py_err()
            }

            /// A redacted report of a response that did not open (or did): the failed
            /// check, and for messages signed in the clear the string to sign compared
            /// with `their_string`. Encrypted messages: the uniform error only.
            #[pyo3(signature = (body, headers = None, *, their_string = None))]
            fn explain_response<'py>(
                &self,
                py: Python<'py>,
                body: &Bound<'py, PyAny>,
                headers: Option<&Bound<'py, PyAny>>,
                their_string: Option<&str>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let (b, h) = (text(body, "body")?, self::headers(headers)?);
                let r = Received::new(&b, &h);
                let e = py.detach(|| Merchant::explain_response(&self.inner, &r, their_string));
                parse_json(py, &e.to_json())
            }

            /// As `explain_response`, for a webhook checked at `now`.
            #[pyo3(signature = (body, headers = None, now = None, *, their_string = None))]
            fn explain_notification<'py>(
                &self,
                py: Python<'py>,
                body: &Bound<'py, PyAny>,
                headers: Option<&Bound<'py, PyAny>>,
                now: Option<&Bound<'py, PyAny>>,
                their_string: Option<&str>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let now = time_ms(now, "now")?;
                let (b, h) = (text(body, "body")?, self::headers(headers)?);
                let r = Received::new(&b, &h);
                let e = py.detach(|| {
                    Merchant::explain_notification(&self.inner, &r, now, their_string)
                });
                parse_json(py, &e.to_json())
            }
        } $($methods)*);
    };
    (mirror $class:ident { $($methods:tt)* }) => {
        py_class!(@emit $class {
            /// Verifies (and decrypts) a request as the provider does: its payload as
            /// Python values. `method` (default `POST`) and `path` are the request's,
            /// for the providers that sign them (ASINX: `path`, else the `:path`
            /// header; UPay: both).
            #[pyo3(signature = (body, headers = None, *, method = None, path = None))]
            fn open_request<'py>(
                &self,
                py: Python<'py>,
                body: &Bound<'py, PyAny>,
                headers: Option<&Bound<'py, PyAny>>,
                method: Option<&str>,
                path: Option<&str>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let t = self.open_request_text(py, body, headers, method, path)?;
                parse_json(py, &t)
            }

            /// As `open_request`, returning the payload's exact JSON text.
            #[pyo3(signature = (body, headers = None, *, method = None, path = None))]
            fn open_request_text(
                &self,
                py: Python<'_>,
                body: &Bound<'_, PyAny>,
                headers: Option<&Bound<'_, PyAny>>,
                method: Option<&str>,
                path: Option<&str>,
            ) -> PyResult<String> {
                let (b, h) = (text(body, "body")?, self::headers(headers)?);
                let r = Received {
                    method: method.unwrap_or("POST"),
                    path,
                    ..Received::new(&b, &h)
                };
                py.detach(|| Mirror::open_request(&self.inner, &r)).py_err()
            }

            /// A redacted report of a request that did not open (or did): the failed
            /// check, and for requests signed in the clear the string to sign compared
            /// with `their_string`. Encrypted requests: the uniform error only.
            #[pyo3(signature = (body, headers = None, *, method = None, path = None, their_string = None))]
            fn explain_request<'py>(
                &self,
                py: Python<'py>,
                body: &Bound<'py, PyAny>,
                headers: Option<&Bound<'py, PyAny>>,
                method: Option<&str>,
                path: Option<&str>,
                their_string: Option<&str>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let (b, h) = (text(body, "body")?, self::headers(headers)?);
                let r = Received {
                    method: method.unwrap_or("POST"),
                    path,
                    ..Received::new(&b, &h)
                };
                let e = py.detach(|| Mirror::explain_request(&self.inner, &r, their_string));
                parse_json(py, &e.to_json())
            }
        } $($methods)*);
    };
    (@emit $class:ident { $($role:tt)* }
        $(
            $(#[doc = $doc:literal])*
            fn $name:ident (
                $($arg:ident : $kind:ident $(= $def:tt)?),*
                $(; $($kw:ident : $kwkind:ident $(= $kwdef:tt)?),*)?
            ) -> $ret:ident = |$c:ident| $call:expr;
        )*
    ) => {
        #[pymethods]
        impl $class {
            $($role)*

            $(
                $(#[doc = $doc])*
                #[pyo3(signature = ($($arg $(= $def)?,)* $(*, $($kw $(= $kwdef)?),*)?))]
                #[allow(clippy::too_many_arguments)]
                fn $name(
                    &self,
                    py: Python<'_>,
                    $($arg: py_ty!($kind $($def)?),)*
                    $($($kw: py_ty!($kwkind $($kwdef)?),)*)?
                ) -> PyResult<py_ret!($ret)> {
                    $(py_conv!($kind $($def)?; $arg);)*
                    $($(py_conv!($kwkind $($kwdef)?; $kw);)*)?
                    let $c = &self.inner;
                    py_call!($ret, py, $call)
                }
            )*
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
