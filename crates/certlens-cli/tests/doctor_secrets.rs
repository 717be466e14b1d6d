//! `certlens doctor` withholds the corrected encryption key unless `--show-secrets`: in text
//! and in JSON.

#[path = "../../certlens-core/tests/common/mod.rs"]
mod common;

use std::process::Command;

const GOOD_KEY: &str = "yRE43I75BTPxVfaqdN2FJZt2hGY4IC49Ag4ypx/o5rc=";

fn doctor(extra: &[&str]) -> String {
    let text = common::fixture_text("doctor/values-good.yaml")
        .replace(GOOD_KEY, GOOD_KEY.trim_end_matches('='));
    let dir = std::env::temp_dir().join(format!("certlens-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("values-{}.yaml", extra.join("")));
    std::fs::write(&path, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_certlens"))
        .args(["doctor", "--now", "2026-07-01T00:00:00Z"])
        .args(extra)
        .arg(&path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    let _ = std::fs::remove_dir(&dir);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_corrected_key_is_printed_only_with_show_secrets() {
    let text = doctor(&[]);
    assert!(!text.contains(GOOD_KEY), "{text}");
    assert!(
        text.contains("      fix: use the corrected value (44 characters)\n      the corrected userEncryptionKey: (hidden; --show-secrets to print)\n"),
        "{text}"
    );
    let json = doctor(&["--json"]);
    assert!(!json.contains(GOOD_KEY), "{json}");
    let shown = doctor(&["--show-secrets"]);
    assert!(
        shown.contains(&format!("      the corrected userEncryptionKey: {GOOD_KEY}\n")),
        "{shown}"
    );
    let json = doctor(&["--json", "--show-secrets"]);
    assert!(json.contains(GOOD_KEY), "{json}");
}
