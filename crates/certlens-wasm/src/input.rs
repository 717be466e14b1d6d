//! JavaScript input → the core's pool of [`Input`]s.
//!
//! Accepted: a string (UTF-8 text: PEM, Base64, YAML, JSON...), bytes (`Uint8Array`, Node's
//! `Buffer`, `ArrayBuffer`: DER, PKCS#12, or text), one `{ name, data }` object, or an array of
//! them (a pool: files dropped together, a chain may span them). A lone string or byte array is
//! named `input`; that name appears in `location`, `source` and error messages.

use certlens_core::Input;
use js_sys::{Array, ArrayBuffer, JsString, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{argument, Failure};

/// The name of a lone string or byte array.
pub const DEFAULT_NAME: &str = "input";

const WHAT: &str =
    "input must be a string, a Uint8Array, an ArrayBuffer, or an array of { name, data } objects";

#[wasm_bindgen]
extern "C" {
    /// The platform's UTF-8 encoder (browsers, workers, Node).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &JsValue, into: &Uint8Array) -> EncodeIntoResult;
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> f64;
}

/// Above this many UTF-16 units, text is encoded in slices (the worst case, 3 bytes per unit,
/// would otherwise be allocated at once).
const SLICE: u32 = 1 << 20;

/// Text → UTF-8, written by the platform's encoder straight into WebAssembly memory.
///
/// `as_string` copies the text in JavaScript one character at a time (wasm-bindgen's ASCII
/// loop): 5 ms for a 2 MB bundle. `TextEncoder.encode` is fast in Node but took 30% of
/// `inspect` in Chromium. `encodeInto` on a view of our memory is fast in both. Lone
/// surrogates become U+FFFD, as with every other road.
fn utf8_of(text: &JsString) -> Vec<u8> {
    let encoder = TextEncoder::new();
    let units = text.length();
    let mut out: Vec<u8> = Vec::new();
    let mut start = 0;
    while start < units {
        let mut end = units.min(start.saturating_add(SLICE));
        // Do not split a surrogate pair between two slices.
        if end < units && (0xD800..0xDC00).contains(&(text.char_code_at(end - 1) as u32)) {
            end -= 1;
        }
        let part: JsValue = if start == 0 && end == units {
            text.clone().into()
        } else {
            text.slice(start, end).into()
        };
        let at = out.len();
        out.resize(at + (end - start) as usize * 3, 0);
        // The view is made after `resize`, which may grow (and so detach) the memory buffer.
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        let view = Uint8Array::new_with_byte_offset_and_length(
            &memory.buffer(),
            out.as_ptr() as u32 + at as u32,
            (end - start) * 3,
        );
        let written = encoder.encode_into(&part, &view).written() as usize;
        out.truncate(at + written);
        start = end;
    }
    out.shrink_to_fit();
    out
}

/// String or bytes → bytes; `None` when `v` is neither.
fn bytes_of(v: &JsValue) -> Option<Vec<u8>> {
    if let Some(text) = v.dyn_ref::<JsString>() {
        return Some(utf8_of(text));
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
