//! The browser benchmark's minimal Rust contender: every `CERTIFICATE` block of a PEM text
//! parsed with x509-parser, the same five fields the JavaScript contenders read (subject,
//! issuer, notAfter, SAN, key algorithm) and the SPKI SHA-256 pin, returned as one JSON text
//! that the page parses (bench/js/contenders/minimal.mjs). Nothing else: no chains, no
//! findings, no checks, so it is the floor of what parsing costs in WebAssembly.
use sha2::{Digest, Sha256};
use std::fmt::Write;
use wasm_bindgen::prelude::*;
use x509_parser::extensions::GeneralName;
use x509_parser::pem::Pem;

/// `[{"subject", "issuer", "notAfter" (Unix seconds), "san": [...], "keyAlgorithm" (OID),
/// "pin" (hex)}, ...]`, one object per certificate in the order of the text.
#[wasm_bindgen]
pub fn certificates(text: &str) -> Result<String, JsError> {
    let mut out = String::with_capacity(text.len() / 2);
    out.push('[');
    let mut first = true;
    for pem in Pem::iter_from_buffer(text.as_bytes()) {
        let pem = pem.map_err(|e| JsError::new(&format!("PEM: {e}")))?;
        if pem.label != "CERTIFICATE" {
            continue;
        }
        let cert = pem
            .parse_x509()
            .map_err(|e| JsError::new(&format!("certificate: {e}")))?;
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str("{\"subject\":");
        json_string(&mut out, &cert.subject().to_string());
        out.push_str(",\"issuer\":");
        json_string(&mut out, &cert.issuer().to_string());
        let _ = write!(out, ",\"notAfter\":{}", cert.validity().not_after.timestamp());
        out.push_str(",\"san\":[");
        if let Ok(Some(san)) = cert.subject_alternative_name() {
            let mut sep = "";
            for name in &san.value.general_names {
                out.push_str(sep);
                sep = ",";
                match name {
                    GeneralName::DNSName(s) | GeneralName::RFC822Name(s) | GeneralName::URI(s) => {
                        json_string(&mut out, s)
                    }
                    other => json_string(&mut out, &other.to_string()),
                }
            }
        }
        out.push_str("],\"keyAlgorithm\":");
        json_string(&mut out, &cert.public_key().algorithm.algorithm.to_id_string());
        out.push_str(",\"pin\":\"");
        for b in Sha256::digest(cert.public_key().raw) {
            let _ = write!(out, "{b:02x}");
        }
        out.push_str("\"}");
    }
    out.push(']');
    Ok(out)
}

/// `s` as a JSON string literal.
fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
