//! The doctor's corrected encryption key is a secret: withheld from the report (and so from the
//! JSON, the CLI's text and the JS module) unless `show_secrets` asks for it, and never in
//! `Debug` output. From the review: doctor printed backend encryption keys in clear as the
//! "corrected value", and logs and tickets got them.

mod common;

use certlens_core::{doctor, DoctorOptions, DoctorReport, Input};

/// The good values file's key (generate.sh, `openssl rand -base64 32`).
const GOOD_KEY: &str = "yRE43I75BTPxVfaqdN2FJZt2hGY4IC49Ag4ypx/o5rc=";

/// The good values file with its key pasted without its `=` padding: fixable, so the doctor
/// offers the corrected value, which is the key itself.
fn run(show_secrets: bool) -> DoctorReport {
    let text = common::fixture_text("doctor/values-good.yaml");
    assert!(text.contains(GOOD_KEY), "the fixture holds the key");
    let broken = text.replace(GOOD_KEY, GOOD_KEY.trim_end_matches('='));
    let mut opts = DoctorOptions::at(common::now());
    opts.show_secrets = show_secrets;
    doctor(&[Input::new("values.yaml", broken)], &opts)
}

fn key_problem(r: &DoctorReport) -> &certlens_core::Problem {
    let v = r
        .verdicts
        .iter()
        .find(|v| v.setting == "secrets.keysEncryption.userEncryptionKey")
        .expect("a verdict on the key");
    v.problems
        .iter()
        .find(|p| p.secret.is_some())
        .expect("a problem handing over a corrected value")
}

#[test]
fn the_corrected_key_is_withheld_by_default() {
    let r = run(false);
    let p = key_problem(&r);
    let s = p.secret.as_ref().unwrap();
    assert!(s.hidden);
    assert_eq!(s.value, None);
    assert_eq!(s.what, "the corrected userEncryptionKey");
    assert_eq!(p.fix.as_deref(), Some("use the corrected value (44 characters)"));
    let json = r.to_json();
    assert!(!json.contains(GOOD_KEY), "{json}");
    assert!(json.contains("\"hidden\":true") || json.contains("\"hidden\": true"), "{json}");
}

#[test]
fn the_corrected_key_is_given_when_asked_and_never_in_debug() {
    let r = run(true);
    let p = key_problem(&r);
    let s = p.secret.as_ref().unwrap();
    assert!(!s.hidden);
    assert_eq!(s.value.as_deref(), Some(GOOD_KEY));
    assert!(r.to_json().contains(GOOD_KEY));
    let debug = format!("{r:?}");
    assert!(!debug.contains(GOOD_KEY), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
}

/// The PKCS#12 output password never shows in `Debug`.
#[test]
fn pkcs12_options_debug_redacts_the_password() {
    let o = certlens_core::make::Pkcs12Options::with_password("hunter2-p12-password");
    assert_eq!(o.password.as_str(), "hunter2-p12-password");
    let debug = format!("{o:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("password: \"<redacted>\""), "{debug}");
}
