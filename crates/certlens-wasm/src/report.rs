//! The `inspect` result as JavaScript objects.
//!
//! Two measured costs shape this (CA bundle in Node, see the README's performance section):
//!
//! * Converting field by field (serde-wasm-bindgen: one boundary call and one `TextDecoder`
//!   call per string) is slower than letting the engine parse one JSON text, so the report is
//!   serialised with serde_json and read by `JSON.parse`: the distinct certificates as one
//!   text (as the caller asked: `certificates: "summary"` is the core's `CertificateSummary`,
//!   about half the full description's JSON), the rest as another. In a Chromium profile of
//!   10,000 distinct leaves, the rest's ~100,000 strings field by field were 8.6 % of the
//!   summary's time (string decoding alone 7 %); as one text, serialising and parsing it
//!   costs less (with the core's lighter summary, session 12's summary was ~10 % faster and
//!   the full report 11-13 %: README, "Performance").
//! * A bundle pasted ten times has 1,440 certificates but only 144 distinct ones. A copy differs
//!   from its first occurrence only in `index`, `source`, `block` and `location` (the core
//!   copies the description, see `certlens_core::inspect`), so each copy is a shallow copy of
//!   the first occurrence's object with those four fields replaced: ×10 went from 72 to 21 ms.
//!   Its nested objects (`subject_attributes`, `san`, `extensions`...) are the same JavaScript
//!   objects as the first occurrence's. The result serialises to exactly the same JSON; code
//!   that mutates one certificate's nested objects sees the change in its copies (the README
//!   says so).

use std::collections::HashMap;

use certlens_core::{CertificateDetail, CertificateView, Report};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::error::Failure;

// A spread is V8's fast object clone; `Object.assign` onto `{}` was seven times slower.
// `read_when_asked`: the property `key` of `target` becomes its JSON `text`, parsed the first
// time it is read (then an ordinary property); writing it first replaces the text unread. The
// property keeps its place among the keys (it already exists) and stays enumerable, so
// `JSON.stringify`, a spread, `structuredClone` and `Object.entries` read it like any other.
// A frozen or sealed report (`Object.freeze`, or a store that freezes its state) cannot have
// the getter replaced: the parsed value is kept by the getter itself, and
// `Reflect.defineProperty` only reports the refusal instead of throwing.
#[wasm_bindgen(
    inline_js = "export function copy_of(first, index, source, block, location) {
  return { ...first, index, source, block, location };
}
export function read_when_asked(target, key, text) {
  let value;
  let parsed = false;
  const settle = (v) => Reflect.defineProperty(target, key, { value: v, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (!parsed) {
        value = JSON.parse(text);
        parsed = true;
        text = undefined;
      }
      settle(value);
      return value;
    },
    set(v) {
      if (settle(v)) return;
      // Frozen: refused as strict code (every module) refuses a write to a frozen property.
      if (Object.isFrozen(target)) throw new TypeError(`Cannot assign to read only property '${key}' of object`);
      // Sealed: the getter stays and keeps what was written.
      value = v;
      parsed = true;
      text = undefined;
    },
  });
}"
)]
extern "C" {
    fn copy_of(
        first: &JsValue,
        index: f64,
        source: &JsValue,
        block: f64,
        location: &str,
    ) -> JsValue;
    fn read_when_asked(target: &JsValue, key: &str, text: &str);
}

/// A value serialised by serde_json, as the engine's `JSON.parse` reads it.
fn parse_json(json: &Result<String, serde_json::Error>, what: &str) -> Result<JsValue, Failure> {
    let json = json
        .as_ref()
        .map_err(|e| Failure::Other("serialization", e.to_string()))?;
    js_sys::JSON::parse(json)
        .map_err(|_| Failure::Other("serialization", format!("could not read {what}")))
}

fn set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<(), Failure> {
    Reflect::set(target, key, value)
        .map(|_| ())
        .map_err(|_| Failure::Other("serialization", "could not set a result field".into()))
}

/// The report as a plain JavaScript object with the JSON contract's shape, each certificate
/// described as `detail` asks (the core's view: the full description or its summary).
pub fn to_js_report(mut report: Report, detail: CertificateDetail) -> Result<JsValue, Failure> {
    let certificates = std::mem::take(&mut report.certificates);
    // The three sections that grow with the pool besides the certificates, each as its own
    // JSON text that the engine parses when the caller first reads it (`read_when_asked`).
    // On 10,000 distinct leaves they are 7.8 of the report's 16.4 MB, and parsing them was
    // 76 of its 84 ms of `JSON.parse` (Node, session 13): a caller who only lists the
    // certificates no longer pays for them, one who reads them pays about what it did.
    let later = [
        (
            "inputs",
            serde_json::to_string(&std::mem::take(&mut report.inputs)),
        ),
        (
            "chains",
            serde_json::to_string(&std::mem::take(&mut report.chains)),
        ),
        (
            "chain_expiry",
            serde_json::to_string(&std::mem::take(&mut report.chain_expiry)),
        ),
    ];
    // `certificates` and the three keep their places among the keys: they are serialised
    // empty, then replaced. One JSON text for the rest too, not serde-wasm-bindgen: in
    // Chromium turning ~100,000 strings into JavaScript strings one `TextDecoder` call apiece
    // cost more than serialising them as text and letting `JSON.parse` read it (the README's
    // profile).
    let out = parse_json(&serde_json::to_string(&report), "the report's JSON")?;
    drop(report);
    for (key, text) in &later {
        let text = text
            .as_ref()
            .map_err(|e| Failure::Other("serialization", e.to_string()))?;
        read_when_asked(&out, key, text);
    }
    // First occurrences: one JSON text parsed by the engine (faster than field by field).
    let mut firsts: HashMap<[u8; 32], u32> = HashMap::new();
    let mut distinct: Vec<&certlens_core::Certificate> = Vec::new();
    for c in &certificates {
        if let std::collections::hash_map::Entry::Vacant(e) = firsts.entry(c.raw.fingerprint) {
            e.insert(distinct.len() as u32);
            distinct.push(c);
        }
    }
    let views: Vec<CertificateView<'_>> = distinct
        .iter()
        .map(|&certificate| CertificateView {
            certificate,
            detail,
        })
        .collect();
    let parsed: Array =
        parse_json(&serde_json::to_string(&views), "the certificates' JSON")?.into();
    let list = Array::new_with_length(certificates.len() as u32);
    let mut shown = vec![false; distinct.len()];
    let mut source: Option<(&str, JsValue)> = None;
    for (i, c) in certificates.iter().enumerate() {
        let at = firsts.get(&c.raw.fingerprint).copied().unwrap_or(0);
        let first = parsed.get(at);
        let value = match shown.get_mut(at as usize) {
            Some(seen) if !*seen => {
                *seen = true;
                first
            }
            _ => {
                // Copies mostly come from the same input: its name becomes a JS string once.
                let name = match &source {
                    Some((s, v)) if *s == c.source => v.clone(),
                    _ => {
                        let v = JsValue::from_str(&c.source);
                        source = Some((&c.source, v.clone()));
                        v
                    }
                };
                copy_of(&first, c.index as f64, &name, c.block as f64, &c.location)
            }
        };
        list.set(i as u32, value);
    }
    set(&out, &JsValue::from_str("certificates"), &list)?;
    Ok(out)
}
