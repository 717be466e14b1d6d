//! Fixture helpers shared by every test binary of the workspace: the core's tests include this
//! module as `mod common;`, the CLI's through `#[path]`. Fixtures live in the workspace's
//! `tests/fixtures/`, made by `generate.sh` with openssl, which also wrote `expected.json`:
//! tests compare against those values, never against values our own code computed.
#![allow(dead_code)] // each test binary uses a different part

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

/// The workspace's `tests/fixtures/` folder.
pub fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures"))
}

/// A fixture's path as text (for command lines).
pub fn fixture_path(rel: &str) -> String {
    fixtures().join(rel).to_string_lossy().into_owned()
}

/// A fixture's bytes; panics with the path when it is missing (tests only).
pub fn fixture(rel: &str) -> Vec<u8> {
    let path = fixtures().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fixture's text.
pub fn fixture_text(rel: &str) -> String {
    let path = fixtures().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// openssl's values for every fixture (`expected.json`), parsed once per test binary.
pub fn expected() -> &'static Value {
    static EXPECTED: OnceLock<Value> = OnceLock::new();
    EXPECTED.get_or_init(|| {
        serde_json::from_slice(&fixture("expected.json")).expect("expected.json is JSON")
    })
}

/// The fixtures' fixed "now" (`expected.json`'s `fixed_now`), as text and as Unix seconds.
pub const NOW_TEXT: &str = "2026-07-01T00:00:00Z";
pub const NOW: i64 = 1_782_864_000;

pub fn now() -> i64 {
    assert_eq!(
        expected()["fixed_now"].as_str(),
        Some(NOW_TEXT),
        "fixed_now moved: update tests/common"
    );
    NOW
}

/// Lowercase hex, as openssl prints digests.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One DER element with a definite length, for building crafted inputs in tests.
pub fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let len = n.to_be_bytes();
        let skip = len.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (len.len() - skip) as u8);
        out.extend_from_slice(&len[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// Standard padded Base64, decoded by the `base64` crate (not certlens's own reader).
pub fn b64(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .unwrap_or_else(|e| panic!("not standard padded Base64 ({e}): {s:.40}..."))
}

/// Every document of a YAML text, read by yaml-rust2's own loader.
pub fn yaml_docs(yaml: &str) -> Vec<yaml_rust2::Yaml> {
    yaml_rust2::YamlLoader::load_from_str(yaml)
        .unwrap_or_else(|e| panic!("YAML does not parse: {e}\n{yaml}"))
}

/// The one document of a YAML text.
pub fn yaml_doc(yaml: &str) -> yaml_rust2::Yaml {
    let docs = yaml_docs(yaml);
    assert_eq!(docs.len(), 1, "one document expected:\n{yaml}");
    docs.into_iter().next().unwrap()
}

/// The string at `path` (`["certificate", "tls", "crt"]`).
pub fn str_at<'a>(y: &'a yaml_rust2::Yaml, path: &[&str]) -> &'a str {
    let mut cur = y;
    for p in path {
        cur = &cur[*p];
    }
    cur.as_str()
        .unwrap_or_else(|| panic!("no string at {path:?}"))
}
