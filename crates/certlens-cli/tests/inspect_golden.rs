//! Golden transcripts of `certlens inspect` and `certlens check`: exit status, stdout and stderr
//! of the real binary, compared byte for byte with the files in `tests/golden/inspect/`.
//!
//! The fixture keys are random: `bash tests/fixtures/generate.sh` makes new keys, pins,
//! fingerprints and Base64 on every run, so after regenerating the fixtures (or after an
//! intended change of the output) rewrite the transcripts with
//!
//!     UPDATE_GOLDEN=1 cargo test -p certlens-cli --test inspect_golden
//!
//! and review the diff before committing it. A transcript rewritten from broken code must still
//! fail: every case also checks the values that matter (pins, fingerprints, key matches, chain
//! order, exit status) against `tests/fixtures/expected.json`, whose values come from openssl,
//! and those checks run in update mode too.
//!
//! Every command runs from the workspace root with relative file names, `--now
//! 2026-07-01T00:00:00Z` and `NO_COLOR=1`. The usage text that follows a usage error is not part
//! of the transcripts (it grows with every new command); it is replaced by `[usage text]` after
//! checking that it is there.

#[path = "../../certlens-core/tests/common/mod.rs"]
mod common;
use common::{expected, NOW_TEXT as NOW};

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const GOLDEN_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/inspect");

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .canonicalize()
        .expect("workspace root")
}

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary from the workspace root. `shown` is the command line written into the
/// transcript (it differs from `args` only where a temporary path must not appear).
fn certlens(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_certlens"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run certlens");
    Run {
        status: out.status.code().expect("certlens exited normally"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Replaces the usage text after a usage error's first line by a placeholder.
fn elide_usage(stderr: &str) -> String {
    match stderr.split_once("\n\n") {
        Some((first, rest)) if rest.starts_with("certlens — ") && rest.contains("\nusage:\n") => {
            format!("{first}\n\n[usage text]\n")
        }
        _ => stderr.to_string(),
    }
}

fn transcript(shown: &[&str], run: &Run) -> String {
    let section = |s: &str| {
        if s.is_empty() {
            "(empty)\n".to_string()
        } else if s.ends_with('\n') {
            s.to_string()
        } else {
            format!("{s}\n[no final newline]\n")
        }
    };
    format!(
        "$ certlens {}\nexit status: {}\n--- stdout\n{}--- stderr\n{}",
        shown.join(" "),
        run.status,
        section(&run.stdout),
        section(&elide_usage(&run.stderr))
    )
}

/// Compares with (or, with UPDATE_GOLDEN=1, writes) `tests/golden/inspect/NAME.txt`.
fn golden(name: &str, text: &str) {
    let path = Path::new(GOLDEN_DIR).join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::create_dir_all(GOLDEN_DIR).expect("create golden dir");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e}\nCreate it with: UPDATE_GOLDEN=1 cargo test -p certlens-cli --test inspect_golden", path.display())
    });
    if want != text {
        let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), text.lines().collect());
        let line = w
            .iter()
            .zip(&g)
            .position(|(a, b)| a != b)
            .unwrap_or(w.len().min(g.len()));
        panic!(
            "{name}: output differs from {} at line {}\n  golden: {:?}\n  actual: {:?}\n\n--- actual output ---\n{text}\n\
             If the change is intended (or the fixtures were regenerated), run\n  \
             UPDATE_GOLDEN=1 cargo test -p certlens-cli --test inspect_golden\nand review the diff.",
            path.display(),
            line + 1,
            w.get(line).copied().unwrap_or("<end of file>"),
            g.get(line).copied().unwrap_or("<end of output>"),
        );
    }
}

/// Runs a case: the transcript must match its golden file and the exit status must be `status`.
fn case(name: &str, args: &[&str], status: i32) -> Run {
    case_shown(name, args, args, status)
}

fn case_shown(name: &str, args: &[&str], shown: &[&str], status: i32) -> Run {
    let run = certlens(args);
    golden(name, &transcript(shown, &run));
    assert_eq!(
        run.status, status,
        "{name}: exit status\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    run
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", run.stdout))
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("list")
        .iter()
        .map(|n| s(n).to_string())
        .collect()
}

fn indices(v: &Value) -> Vec<u64> {
    v.as_array()
        .expect("list")
        .iter()
        .map(|n| n.as_u64().expect("index"))
        .collect()
}

/// The certificates of a report are, in order, the named fixture certificates.
fn assert_certificates(report: &Value, cert_names: &[String], exp: &Value) {
    let certs = report["certificates"].as_array().expect("certificates");
    assert_eq!(certs.len(), cert_names.len(), "number of certificates");
    for (c, name) in certs.iter().zip(cert_names) {
        let e = &exp["certs"][name.as_str()];
        for field in [
            "fingerprint_sha256",
            "spki_sha256",
            "spki_sha256_base64",
            "serial_hex",
            "not_before",
            "not_after",
        ] {
            assert_eq!(s(&c[field]), s(&e[field]), "{name}: {field}");
        }
        assert_eq!(s(&c["subject"]), s(&e["subject_utf8"]), "{name}: subject");
        assert_eq!(s(&c["issuer"]), s(&e["issuer_utf8"]), "{name}: issuer");
        assert_eq!(c["san"]["dns"], e["san"]["dns"], "{name}: DNS SANs");
        assert_eq!(c["is_ca"], e["is_ca"], "{name}: is_ca");
    }
}

/// Index of the first certificate of the report with this fixture name.
fn index_of(report: &Value, name: &str, exp: &Value) -> u64 {
    let fp = s(&exp["certs"][name]["fingerprint_sha256"]);
    report["certificates"]
        .as_array()
        .expect("certificates")
        .iter()
        .find(|c| s(&c["fingerprint_sha256"]) == fp)
        .and_then(|c| c["index"].as_u64())
        .unwrap_or_else(|| panic!("{name} not in the report"))
}

/// The text output names each certificate's SHA-256 fingerprint and pin.
fn assert_text_pins(text: &str, cert_names: &[String], exp: &Value) {
    for name in cert_names {
        let e = &exp["certs"][name.as_str()];
        assert!(
            text.contains(&format!(
                "  SHA-256:      {}\n",
                s(&e["fingerprint_sha256"])
            )),
            "{name}: fingerprint line\n{text}"
        );
        assert!(
            text.contains(&format!("  SPKI pin:     {}\n", s(&e["spki_sha256"]))),
            "{name}: pin line\n{text}"
        );
        assert!(
            text.contains(&format!(
                "                {}\n",
                s(&e["spki_sha256_base64"])
            )),
            "{name}: Base64 pin line\n{text}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A shuffled chain and its key

const CHAIN: &str = "tests/fixtures/inputs/chain-shuffled.pem";
const KEY: &str = "tests/fixtures/keys/rsa-leaf.pkcs1.pem";

#[test]
fn shuffled_chain_and_key_json() {
    let exp = expected();
    let run = case(
        "chain-shuffled-and-key-json",
        &[
            "inspect",
            "--json",
            "--self-signatures",
            "--now",
            NOW,
            CHAIN,
            KEY,
        ],
        0,
    );
    let r = json(&run);
    // --self-signatures: the root's own signature is checked (openssl verify -check_ss_sig).
    let root = r["certificates"]
        .as_array()
        .expect("certificates")
        .iter()
        .find(|c| c["self_issued"] == true)
        .expect("a root");
    assert_eq!(root["self_signature"], "valid");
    let input = &exp["inputs"]["inputs/chain-shuffled.pem"];
    assert_certificates(&r, &names(&input["certs"]), &exp);
    let order: Vec<u64> = names(&input["correct_order"])
        .iter()
        .map(|n| index_of(&r, n, &exp))
        .collect();
    assert_eq!(r["chains"].as_array().map(Vec::len), Some(1), "one chain");
    assert_eq!(
        indices(&r["chains"][0]["order"]),
        order,
        "chain order, leaf first"
    );
    assert_eq!(r["chains"][0]["misordered"], true);
    assert_eq!(r["chains"][0]["complete"], true);
    let key = &exp["keys"]["keys/rsa-leaf.pkcs1.pem"];
    let k = &r["private_keys"][0];
    assert_eq!(s(&k["format"]), s(&key["format"]));
    assert_eq!(s(&k["spki_sha256"]), s(&key["spki_sha256"]), "key pin");
    assert_eq!(
        indices(&k["matches"]),
        vec![index_of(&r, s(&key["matches_cert"]), &exp)],
        "key matches its certificate"
    );
    assert!(r["errors"].as_array().is_some_and(Vec::is_empty));
    let codes: Vec<&str> = r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| s(&f["code"]))
        .collect();
    assert!(codes.contains(&"chain_misordered"), "{codes:?}");
}

#[test]
fn shuffled_chain_and_key_text() {
    let exp = expected();
    let run = case(
        "chain-shuffled-and-key",
        &["inspect", "--now", NOW, CHAIN, KEY],
        0,
    );
    assert_text_pins(
        &run.stdout,
        &names(&exp["inputs"]["inputs/chain-shuffled.pem"]["certs"]),
        &exp,
    );
    let pin = s(&exp["keys"]["keys/rsa-leaf.pkcs1.pem"]["spki_sha256"]);
    assert!(
        run.stdout.contains(&format!(
            "Private key #0  {KEY}, block 1 (RSA PRIVATE KEY)\n"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("  SPKI pin:     {pin}\n  Matches:      #2\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Chain 1: #2 → #0 → #1  misordered in the input, complete\n"),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// A Kubernetes TLS Secret

const SECRET: &str = "tests/fixtures/inputs/secret-tls.yaml";

#[test]
fn secret_yaml_json() {
    let exp = expected();
    let run = case(
        "secret-tls-json",
        &["inspect", "--json", "--now", NOW, SECRET],
        0,
    );
    let r = json(&run);
    // Without --self-signatures a root's own signature is not checked, and the report says so.
    let root = r["certificates"]
        .as_array()
        .expect("certificates")
        .iter()
        .find(|c| c["self_issued"] == true)
        .expect("a root");
    assert_eq!(root["self_signature"], "not_checked");
    assert_eq!(root["self_signed"], true);
    let input = &exp["inputs"]["inputs/secret-tls.yaml"];
    assert_certificates(&r, &names(&input["certs"]), &exp);
    let key = &exp["keys"][s(&input["keys"][0])];
    let k = &r["private_keys"][0];
    assert_eq!(s(&k["format"]), s(&input["key_format"]));
    assert_eq!(s(&k["spki_sha256"]), s(&key["spki_sha256"]), "key pin");
    assert_eq!(
        indices(&k["matches"]),
        vec![index_of(&r, s(&key["matches_cert"]), &exp)]
    );
    // ca.crt repeats the root of tls.crt.
    let root = index_of(&r, "rsa-root", &exp);
    assert_eq!(r["duplicates"], serde_json::json!([[root, root + 1]]));
    assert!(
        s(&r["certificates"][0]["location"]).contains("Secret lightrun-tls"),
        "{}",
        r["certificates"][0]["location"]
    );
}

#[test]
fn secret_yaml_text() {
    let exp = expected();
    let run = case("secret-tls", &["inspect", "--now", NOW, SECRET], 0);
    assert_text_pins(
        &run.stdout,
        &names(&exp["inputs"]["inputs/secret-tls.yaml"]["certs"]),
        &exp,
    );
}

// ---------------------------------------------------------------------------------------------
// Helm values with pinned hashes

const VALUES: &str = "tests/fixtures/inputs/values.yaml";

#[test]
fn values_yaml_json() {
    let exp = expected();
    let run = case(
        "values-json",
        &["inspect", "--json", "--now", NOW, VALUES],
        0,
    );
    let r = json(&run);
    let input = &exp["inputs"]["inputs/values.yaml"];
    assert_certificates(&r, &names(&input["certs"]), &exp);
    assert_eq!(
        s(&r["private_keys"][0]["spki_sha256"]),
        s(&exp["keys"][s(&input["keys"][0])]["spki_sha256"])
    );
    assert_eq!(
        s(&r["pinned_hashes"][0]["path"]),
        "certificate.security_pinned_hashes"
    );
    assert_eq!(
        names(&r["pinned_hashes"][0]["pins"]),
        names(&input["pinned_hashes"])
    );
    let check = &r["pin_check"];
    assert_eq!(check["leaf_pinned"], true);
    // pin_matches: the fixture certificate each listed pin belongs to (null: none).
    for (i, m) in input["pin_matches"]
        .as_array()
        .expect("pin_matches")
        .iter()
        .enumerate()
    {
        let matched = check["matches"]
            .as_array()
            .expect("matches")
            .iter()
            .find(|x| x["entry"] == i);
        match m.as_str() {
            Some(cert) => {
                let pin = s(&exp["certs"][cert]["spki_sha256"]);
                assert_eq!(matched.map(|x| s(&x["pin"])), Some(pin), "pin {i}");
            }
            None => {
                assert!(matched.is_none(), "pin {i} matches nothing");
                assert!(
                    indices(&check["unmatched_entries"]).contains(&(i as u64)),
                    "pin {i} unmatched"
                );
            }
        }
    }
}

#[test]
fn values_yaml_text() {
    let exp = expected();
    let run = case("values", &["inspect", "--now", NOW, VALUES], 0);
    assert_text_pins(
        &run.stdout,
        &names(&exp["inputs"]["inputs/values.yaml"]["certs"]),
        &exp,
    );
    assert!(run.stdout.contains("\nPins: "), "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------------
// Files that cannot be read (exit status 1)

const MISSING_END: &str = "tests/fixtures/inputs/bad/missing-end.pem";
const GARBAGE: &str = "tests/fixtures/inputs/bad/garbage.bin";

#[test]
fn bad_files_json() {
    let exp = expected();
    let run = case(
        "bad-files-json",
        &["inspect", "--json", "--now", NOW, MISSING_END, GARBAGE],
        1,
    );
    let r = json(&run);
    assert_certificates(
        &r,
        &names(&exp["bad"]["inputs/bad/missing-end.pem"]["certs"]),
        &exp,
    );
    let errors = r["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(s(&errors[0]["source"]), MISSING_END);
    assert_eq!(errors[0]["block"], 1);
    assert!(
        s(&errors[0]["message"]).contains("missing END line"),
        "{}",
        errors[0]["message"]
    );
    assert_eq!(s(&errors[1]["source"]), GARBAGE);
    assert_eq!(errors[1]["block"], Value::Null);
}

#[test]
fn bad_files_text() {
    let exp = expected();
    let run = case(
        "bad-files",
        &["inspect", "--now", NOW, MISSING_END, GARBAGE],
        1,
    );
    assert_text_pins(
        &run.stdout,
        &names(&exp["bad"]["inputs/bad/missing-end.pem"]["certs"]),
        &exp,
    );
    assert!(
        run.stdout.contains(&format!(
            "error: {MISSING_END}, block 1 (line 1, CERTIFICATE): missing END line"
        )),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// An encrypted key, without and with its password

const ENC_KEY: &str = "tests/fixtures/keys/rsa-leaf.pkcs8-enc.pem";

/// Writes the fixture password to a file of its own; returns its path.
fn password_file(name: &str) -> String {
    let password = s(&expected()["keys"]["keys/rsa-leaf.pkcs8-enc.pem"]["password"]).to_string();
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("inspect-golden-{}-{name}.txt", std::process::id()));
    std::fs::write(&path, format!("{password}\n")).expect("write password file");
    path.to_str().expect("UTF-8 path").to_string()
}

#[test]
fn encrypted_key_without_password_json() {
    let run = case(
        "encrypted-key-json",
        &["inspect", "--json", "--now", NOW, ENC_KEY],
        0,
    );
    let r = json(&run);
    let k = &r["private_keys"][0];
    assert_eq!(s(&k["format"]), "pkcs8_encrypted");
    assert_eq!(k["encrypted"], true);
    assert_eq!(k["needs_password"], true);
    assert_eq!(k["spki_sha256"], Value::Null);
    assert_eq!(s(&r["password_needed"][0]["source"]), ENC_KEY);
}

#[test]
fn encrypted_key_without_password_text() {
    let run = case("encrypted-key", &["inspect", "--now", NOW, ENC_KEY], 0);
    assert!(
        run.stdout.contains("pass --password-file to read it"),
        "{}",
        run.stdout
    );
}

#[test]
fn encrypted_key_with_password_json() {
    let exp = expected();
    let pw = password_file("json");
    let args = [
        "inspect",
        "--json",
        "--password-file",
        pw.as_str(),
        "--now",
        NOW,
        ENC_KEY,
    ];
    let shown = [
        "inspect",
        "--json",
        "--password-file",
        "$TMP/password.txt",
        "--now",
        NOW,
        ENC_KEY,
    ];
    let run = case_shown("encrypted-key-with-password-json", &args, &shown, 0);
    let _ = std::fs::remove_file(&pw);
    let r = json(&run);
    let key = &exp["keys"]["keys/rsa-leaf.pkcs8-enc.pem"];
    let k = &r["private_keys"][0];
    assert_eq!(s(&k["format"]), s(&key["format"]));
    assert_eq!(k["encrypted"], true);
    assert_eq!(k["needs_password"], false);
    assert_eq!(
        s(&k["spki_sha256"]),
        s(&key["spki_sha256"]),
        "pin of the decrypted key"
    );
    assert_eq!(k["public_key"]["bits"], key["bits"]);
    assert!(r["password_needed"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn encrypted_key_with_password_text() {
    let exp = expected();
    let pw = password_file("text");
    let args = [
        "inspect",
        "--password-file",
        pw.as_str(),
        "--now",
        NOW,
        ENC_KEY,
    ];
    let shown = [
        "inspect",
        "--password-file",
        "$TMP/password.txt",
        "--now",
        NOW,
        ENC_KEY,
    ];
    let run = case_shown("encrypted-key-with-password", &args, &shown, 0);
    let _ = std::fs::remove_file(&pw);
    let pin = s(&exp["keys"]["keys/rsa-leaf.pkcs8-enc.pem"]["spki_sha256"]);
    assert!(
        run.stdout.contains(&format!("  SPKI pin:     {pin}\n")),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// check --host with a name the certificate does not cover (exit status 1)

const CHAIN_OK: &str = "tests/fixtures/inputs/chain-correct.pem";

#[test]
fn check_host_not_covered_json() {
    let exp = expected();
    let args = [
        "check",
        "--json",
        "--host",
        "example.test",
        "--host",
        "nope.example.org",
        "--now",
        NOW,
        CHAIN_OK,
    ];
    let run = case("check-host-not-covered-json", &args, 1);
    let r = json(&run);
    assert_certificates(
        &r,
        &names(&exp["inputs"]["inputs/chain-correct.pem"]["certs"]),
        &exp,
    );
    let n = r["names"].as_array().expect("names");
    assert_eq!(
        (s(&n[0]["name"]), &n[0]["covered"]),
        ("example.test", &Value::Bool(true))
    );
    assert_eq!(n[0]["certificate"], index_of(&r, "rsa-leaf", &exp));
    assert_eq!(
        (s(&n[1]["name"]), &n[1]["covered"]),
        ("nope.example.org", &Value::Bool(false))
    );
    let f = r["findings"].as_array().expect("findings");
    assert!(
        f.iter()
            .any(|f| f["code"] == "name_not_covered" && f["severity"] == "error"),
        "{f:?}"
    );
}

#[test]
fn check_host_not_covered_text() {
    let args = [
        "check",
        "--host",
        "example.test",
        "--host",
        "nope.example.org",
        "--now",
        NOW,
        CHAIN_OK,
    ];
    let run = case("check-host-not-covered", &args, 1);
    assert!(
        run.stdout.contains("Name nope.example.org: NOT covered"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Name example.test: covered by #0 via example.test"),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// Usage errors (exit status 2): nothing on stdout, the problem and the usage on stderr

fn usage_error(name: &str, args: &[&str], message: &str) {
    let run = case(name, args, 2);
    assert_eq!(run.stdout, "", "{name}: stdout");
    assert!(
        run.stderr.starts_with(&format!("certlens: {message}\n\n")),
        "{name}: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("\nusage:\n"),
        "{name}: the usage follows\n{}",
        run.stderr
    );
}

#[test]
fn usage_errors() {
    usage_error("usage-no-command", &[], "no command given");
    usage_error(
        "usage-unknown-command",
        &["inspekt", CHAIN],
        "unknown command \"inspekt\"",
    );
    usage_error(
        "usage-unknown-option",
        &["inspect", "--jsn", "--now", NOW, CHAIN],
        "unknown option --jsn",
    );
    usage_error(
        "usage-no-files",
        &["inspect", "--now", NOW],
        "no input files (use - for standard input)",
    );
    usage_error(
        "usage-missing-value",
        &["inspect", CHAIN, "--now"],
        "--now needs a value",
    );
    usage_error(
        "usage-bad-time",
        &["inspect", "--now", "yesterday", CHAIN],
        "\"yesterday\" is not an RFC 3339 time such as 2026-07-01T00:00:00Z",
    );
    usage_error(
        "usage-missing-file",
        &[
            "inspect",
            "--now",
            NOW,
            "tests/fixtures/inputs/no-such-file.pem",
        ],
        "tests/fixtures/inputs/no-such-file.pem: No such file or directory (os error 2)",
    );
    usage_error(
        "usage-check-option-on-inspect",
        &["inspect", "--host", "example.test", "--now", NOW, CHAIN],
        "unknown option --host",
    );
}
