//! The one place where a Rust failure becomes a JavaScript `Error`.
//!
//! Every exported function returns `Result<_, JsValue>` whose error is made here, by
//! [`into_error`]: a plain `Error` (so `instanceof Error`, `e.message` and stack traces work as
//! usual) whose `message` is the sentence the CLI prints after `certlens: `, plus two extra
//! properties for programs: `kind` (a `snake_case` code to branch on) and, for errors of the
//! core's outputs, `details` (the core's `OutputError` as an object, e.g.
//! `{ kind: "no_matching_key", leaf: "CN=example.test,O=certlens test", hint: null }`).

use certlens_core::output::OutputError;
use wasm_bindgen::JsValue;

/// Why a call failed.
#[derive(Debug)]
pub enum Failure {
    /// The arguments are wrong (`kind`: `invalid_argument`): not a string or bytes, an unknown
    /// option, a bad `now`, an unknown key format...
    Argument(String),
    /// The core cannot produce the output (`kind`: the `OutputError` variant, e.g.
    /// `no_matching_key`, `missing_intermediate`, `key_locked`).
    Output(OutputError),
    /// Anything else, with its own `kind` (`no_chain`, `no_private_key`, `several_private_keys`,
    /// `no_randomness`, `serialization`).
    Other(&'static str, String),
}

impl From<OutputError> for Failure {
    fn from(e: OutputError) -> Self {
        Failure::Output(e)
    }
}

impl From<serde_wasm_bindgen::Error> for Failure {
    fn from(e: serde_wasm_bindgen::Error) -> Self {
        Failure::Other("serialization", e.to_string())
    }
}

impl Failure {
    /// The `kind` code.
    pub fn kind(&self) -> String {
        match self {
            Failure::Argument(_) => "invalid_argument".to_string(),
            Failure::Output(e) => serde_json::to_value(e)
                .ok()
                .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
                .unwrap_or_else(|| "output".to_string()),
            Failure::Other(kind, _) => (*kind).to_string(),
        }
    }

    /// The message, exactly what the CLI prints after `certlens: `.
    pub fn message(&self) -> String {
        match self {
            Failure::Argument(m) | Failure::Other(_, m) => m.clone(),
            Failure::Output(e) => e.to_string(),
        }
    }
}

/// An argument error.
pub fn argument(message: impl Into<String>) -> Failure {
    Failure::Argument(message.into())
}

/// The error-conversion helper: a JS `Error` with `message`, `kind` and (for output errors)
/// `details`.
pub fn into_error(f: Failure) -> JsValue {
    let e = js_sys::Error::new(&f.message());
    let _ = js_sys::Reflect::set(
        &e,
        &JsValue::from_str("kind"),
        &JsValue::from_str(&f.kind()),
    );
    if let Failure::Output(o) = &f {
        if let Ok(details) = crate::to_js(o) {
            let _ = js_sys::Reflect::set(&e, &JsValue::from_str("details"), &details);
        }
    }
    e.into()
}
