//! Core errors as JS errors. Each `cardseal::Error` becomes, here, an instance of its
//! class from `index.js` (`InvalidKey`, `InvalidInput`, …, registered once per JS
//! environment with [`register_error_classes`]), constructed with an object that holds
//! the error's fields as JS values: nothing crosses the boundary as text to be parsed
//! back. Sync methods throw it; Promise methods reject with it ([`CoreTask`]'s reject
//! hook). The Node error codes (`ERR_CARDSEAL_*`) are defined here.
//!
//! [`CoreTask`]: crate::CoreTask

use cardseal::{Error, ErrorKind};
use napi::bindgen_prelude::{Function, Object, ObjectRef, Unknown};
use napi::{Env, JsValue, Status};
use napi_derive::napi;

/// The Node `code` of an error kind (`error.code`).
pub fn node_code(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidKey => "ERR_CARDSEAL_INVALID_KEY",
        ErrorKind::InvalidInput => "ERR_CARDSEAL_INVALID_INPUT",
        ErrorKind::SignatureMismatch => "ERR_CARDSEAL_SIGNATURE_MISMATCH",
        ErrorKind::DecryptionFailed => "ERR_CARDSEAL_DECRYPTION_FAILED",
        ErrorKind::ProviderError => "ERR_CARDSEAL_PROVIDER_ERROR",
        ErrorKind::Expired => "ERR_CARDSEAL_EXPIRED",
        ErrorKind::Unavailable => "ERR_CARDSEAL_UNAVAILABLE",
        // `ErrorKind` is non-exhaustive: a kind added later is still a cardseal error.
        _ => "ERR_CARDSEAL",
    }
}

/// The error classes of one JS environment (its instance data).
struct ErrorClasses(ObjectRef<false>);

/// Registers the error classes: `classes[kind]` is the class of errors of `kind`
/// (`"invalid_key"`, …) and `classes.error` the base class, for a kind it does not name.
/// Each class is constructed with one argument, the error's fields (`code`, `kind`,
/// `message`, and the kind's own). Called once by `index.js`; without it, errors are
/// plain `Error`s with the same properties.
#[napi]
pub fn register_error_classes(env: &Env, classes: Object<'_>) -> napi::Result<()> {
    env.set_instance_data(ErrorClasses(classes.create_ref()?), (), |_| {})
}

/// A core error as the JS error thrown or rejected with (see the module docs).
pub(crate) fn js_error(env: &Env, e: Error) -> napi::Error {
    let message = e.to_string();
    build(env, &e, &message).unwrap_or_else(|_| napi::Error::new(Status::GenericFailure, message))
}

fn build(env: &Env, e: &Error, message: &str) -> napi::Result<napi::Error> {
    let kind = e.kind();
    let mut info = Object::new(env)?;
    info.set("code", node_code(kind))?;
    info.set("kind", kind.as_str())?;
    info.set("message", message)?;
    match e {
        Error::InvalidKey { problem, .. } => info.set("problem", problem.as_str())?,
        Error::InvalidInput { field, .. } => info.set("field", field.as_str())?,
        Error::SignatureMismatch { what } => info.set("check", what.as_str())?,
        Error::ProviderError {
            code,
            message,
            result,
        } => {
            info.set("providerCode", code.as_str())?;
            info.set("providerMessage", message.as_str())?;
            // The opened result's exact text, or null (index.js parses it once).
            info.set("providerResult", result.as_deref())?;
        }
        Error::Expired {
            timestamp_ms,
            now_ms,
            max_age_ms,
        } => {
            info.set("timestampMs", *timestamp_ms)?;
            info.set("nowMs", *now_ms)?;
            info.set("maxAgeMs", *max_age_ms)?;
        }
        Error::Unavailable { resource, .. } => info.set("resource", resource.as_str())?,
        _ => {}
    }
    let class = match env.get_instance_data::<ErrorClasses>()? {
        Some(ErrorClasses(classes)) => {
            let classes = classes.get_value(env)?;
            match classes.get::<Function<'_, Object<'_>, Unknown<'_>>>(kind.as_str())? {
                Some(c) => Some(c),
                None => classes.get::<Function<'_, Object<'_>, Unknown<'_>>>("error")?,
            }
        }
        None => None,
    };
    let value = match class {
        Some(class) => class.new_instance(info)?,
        None => {
            // Not loaded through index.js: a plain Error carrying the same fields.
            let mut plain = env.create_error(napi::Error::new(Status::GenericFailure, message))?;
            for key in Object::keys(&info)? {
                if key != "message" {
                    plain.set(&key, info.get::<Unknown<'_>>(&key)?)?;
                }
            }
            plain.to_unknown()
        }
    };
    Ok(napi::Error::from(value))
}
