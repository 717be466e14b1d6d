//! JavaScript input → the core's pool of [`Input`]s.
//!
//! Accepted: a string (UTF-8 text: PEM, Base64, YAML, JSON...), bytes (`Uint8Array`, Node's
//! `Buffer`, `ArrayBuffer`: DER, PKCS#12, or text), one `{ name, data }` object, or an array of
//! them (a pool: files dropped together, a chain may span them). A lone string or byte array is
//! named `input`; that name appears in `location`, `source` and error messages.

use certlens_core::Input;
use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{argument, Failure};

/// The name of a lone string or byte array.
pub const DEFAULT_NAME: &str = "input";

const WHAT: &str =
    "input must be a string, a Uint8Array, an ArrayBuffer, or an array of { name, data } objects";

/// String or bytes → bytes; `None` when `v` is neither.
fn bytes_of(v: &JsValue) -> Option<Vec<u8>> {
    if let Some(s) = v.as_string() {
        return Some(s.into_bytes());
    }
    if let Some(a) = v.dyn_ref::<Uint8Array>() {
        return Some(a.to_vec());
    }
    if let Some(b) = v.dyn_ref::<ArrayBuffer>() {
        return Some(Uint8Array::new(b).to_vec());
    }
    None
}

fn file(v: &JsValue, position: usize) -> Result<Input, Failure> {
    if !v.is_object() {
        return Err(argument(format!(
            "{WHAT}; element {position} is not an object"
        )));
    }
    let name = Reflect::get(v, &JsValue::from_str("name")).unwrap_or(JsValue::UNDEFINED);
    let name = match name.as_string() {
        Some(n) if !n.is_empty() => n,
        _ if name.is_undefined() || name.is_null() => format!("input {}", position + 1),
        _ => {
            return Err(argument(format!(
                "input {}: name must be a non-empty string",
                position + 1
            )))
        }
    };
    let data = Reflect::get(v, &JsValue::from_str("data")).unwrap_or(JsValue::UNDEFINED);
    let bytes = bytes_of(&data).ok_or_else(|| {
        argument(format!(
            "{name}: data must be a string, a Uint8Array or an ArrayBuffer"
        ))
    })?;
    Ok(Input::new(name, bytes))
}

/// Read the `input` argument of every function that inspects.
pub fn read(input: &JsValue) -> Result<Vec<Input>, Failure> {
    if let Some(bytes) = bytes_of(input) {
        return Ok(vec![Input::new(DEFAULT_NAME, bytes)]);
    }
    let inputs = if Array::is_array(input) {
        let arr: &Array = input.unchecked_ref();
        arr.iter()
            .enumerate()
            .map(|(i, v)| file(&v, i))
            .collect::<Result<Vec<_>, _>>()?
    } else if input.is_object() {
        vec![file(input, 0)?]
    } else {
        return Err(argument(WHAT));
    };
    for (i, a) in inputs.iter().enumerate() {
        if inputs.iter().take(i).any(|b| b.name == a.name) {
            return Err(argument(format!(
                "two inputs are named \"{}\"; give every input its own name",
                a.name
            )));
        }
    }
    Ok(inputs)
}
