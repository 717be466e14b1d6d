//! `inspect --json --summary` (and `check`): each certificate's summary, with openssl's values
//! (`tests/fixtures/expected.json`), and every other part of the report as `--json` writes it;
//! `--summary` without `--json` is a usage error.

mod common;
use common::{certlens_text as certlens, expected, fixture_path, NOW_TEXT};

use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let (out, err, _) = certlens(args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"))
}

#[test]
fn inspect_json_summary_is_the_full_report_with_each_certificate_summarised() {
    let file = fixture_path("inputs/chain-shuffled.pem");
    for cmd in ["inspect", "check"] {
        let full = json(&[cmd, "--json", "--now", NOW_TEXT, &file]);
        let summary = json(&[cmd, "--json", "--summary", "--now", NOW_TEXT, &file]);
        let (f, s) = (full.as_object().unwrap(), summary.as_object().unwrap());
        assert_eq!(
            f.keys().collect::<Vec<_>>(),
            s.keys().collect::<Vec<_>>(),
            "{cmd}"
        );
        for (k, v) in f {
            if k != "certificates" {
                assert_eq!(&s[k], v, "{cmd}: {k}");
            }
        }
        let fc = full["certificates"].as_array().unwrap();
        let sc = summary["certificates"].as_array().unwrap();
        assert_eq!(fc.len(), sc.len());
        assert!(sc.len() >= 3);
        for (a, b) in fc.iter().zip(sc) {
            assert_eq!(b["summary"], Value::Bool(true));
            assert!(a.get("summary").is_none());
            for (k, v) in b.as_object().unwrap() {
                if k != "summary" {
                    assert_eq!(&a[k], v, "{cmd}: {k}");
                }
            }
            for k in ["extensions", "fingerprint_sha1", "encoding_issues"] {
                assert!(b.get(k).is_none(), "{k}");
            }
        }
    }
}

#[test]
fn summary_values_are_openssls() {
    let e = &expected()["certs"]["rsa-leaf"];
    let file = fixture_path(e["file"].as_str().unwrap());
    let v = json(&["inspect", "--json", "--summary", "--now", NOW_TEXT, &file]);
    let c = &v["certificates"][0];
    for f in [
        "subject",
        "issuer",
        "serial_hex",
        "not_before",
        "not_after",
        "fingerprint_sha256",
        "spki_sha256",
        "spki_sha256_base64",
    ] {
        assert_eq!(c[f], e[f], "{f}");
    }
    assert_eq!(c["san"]["dns"], e["san"]["dns"]);
}

#[test]
fn summary_without_json_is_a_usage_error() {
    let file = fixture_path("inputs/chain-shuffled.pem");
    let (out, err, code) = certlens(&["inspect", "--summary", "--now", NOW_TEXT, &file]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty());
    assert!(
        err.starts_with(
            "certlens: --summary goes with --json (it shortens each certificate of the JSON report)\n"
        ),
        "{err}"
    );
    // And it is listed in inspect's help.
    let (help, _, _) = certlens(&["inspect", "--help"]);
    assert!(help.contains("--summary"), "{help}");
}
