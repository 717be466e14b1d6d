//! `--ca FILE` and the per-client verdict lines of `check`, against what the real clients
//! decided. Fixtures and verdicts: `tests/fixtures/paths/` (made with openssl by its
//! `generate.sh`; `expected.json` holds the verdicts of openssl, Java, Go, pyca and
//! rustls-webpki, run on those files) and `tests/fixtures/rootsan/` (openssl: "hostname
//! mismatch" in `openssl.txt`).

mod common;
use common::{certlens_text as certlens, fixture_path as fixture};

fn expected() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("paths/expected.json")).unwrap()).unwrap()
}

/// "now" as the oracles ran (expected.json's `validation_time`), for `--now`.
fn oracle_now(e: &serde_json::Value) -> String {
    let t = e["validation_time"].as_i64().unwrap();
    certlens_core::timefmt::rfc3339(t)
}

/// The accept/reject each family's real client decided. Browsers are the stricter of pyca's
/// and rustls-webpki's verifiers (the core's definition of the family).
fn real(case: &serde_json::Value) -> Vec<(&'static str, bool)> {
    let v = &case["verdicts"];
    let a = |k: &str| v[k]["accept"].as_bool().unwrap();
    vec![
        ("OpenSSL", a("openssl")),
        ("Java", a("java")),
        ("Go", a("go")),
        ("browsers", a("pyca") && a("webpki")),
    ]
}

/// The line `check` prints for `client` under the chain ("    Java rejects: ...").
fn client_line<'a>(out: &'a str, client: &str) -> &'a str {
    out.lines()
        .find(|l| {
            l.starts_with(&format!("    {client} accept"))
                || l.starts_with(&format!("    {client} reject"))
                || l.starts_with(&format!("    {client} not checked"))
        })
        .unwrap_or_else(|| panic!("no line for {client} in:\n{out}"))
}

fn files(dir: &str, case: &serde_json::Value, key: &str) -> Vec<String> {
    case[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| fixture(&format!("paths/{dir}/{}", f.as_str().unwrap())))
        .collect()
}

// Java and Go reject the first (a CA without keyCertSign); only Java the second (an EC leaf
// with keyEncipherment); Go but not Java the third (an intermediate whose EKU lacks
// serverAuth); all accept the last.
const CASES: [&str; 4] = [
    "ca-keyusage-no-certsign",
    "leaf-ec-keyencipherment",
    "intermediate-eku-no-serverauth",
    "good-rsa",
];

#[test]
fn with_ca_each_client_line_agrees_with_that_client() {
    let e = expected();
    let now = oracle_now(&e);
    for name in CASES {
        let case = &e["cases"][name];
        let mut args = vec![
            "check".to_string(),
            "--now".into(),
            now.clone(),
            "--host".into(),
            case["host"].as_str().unwrap().into(),
        ];
        for t in files(name, case, "trusted") {
            args.push("--ca".into());
            args.push(t);
        }
        args.push(fixture(&format!(
            "paths/{name}/{}",
            case["peer"].as_str().unwrap()
        )));
        args.extend(files(name, case, "untrusted"));
        let (out, err, code) = certlens(&args);
        let real = real(case);
        for (client, accept) in &real {
            let line = client_line(&out, client);
            let word = if *accept { "accept" } else { "reject" };
            assert!(
                line.starts_with(&format!("    {client} {word}")),
                "{name}: the real {client} {word}s, certlens says {line:?}"
            );
        }
        let any_reject = real.iter().any(|(_, a)| !a);
        assert_eq!(
            out.lines().any(|l| l.starts_with("error: chain 1: ")
                && (l.contains(" reject it: ") || l.contains(" rejects it: "))),
            any_reject,
            "{name}: chain_rejected iff some client rejects:\n{out}"
        );
        assert_eq!(code, i32::from(any_reject), "{name}: exit code\n{out}{err}");
        // The declared root is where the path ends, and nothing offers it again.
        assert!(out.contains("(declared trusted)"), "{name}:\n{out}");
        assert!(!out.contains("declare it with --ca FILE"), "{name}:\n{out}");
        if !any_reject {
            assert!(
                out.contains("  verdict: works for OpenSSL, Java, Go and browsers"),
                "{out}"
            );
        }
    }
}

#[test]
fn without_ca_the_root_beside_the_chain_is_offered_not_trusted() {
    let e = expected();
    let now = oracle_now(&e);
    let name = "ca-keyusage-no-certsign";
    let case = &e["cases"][name];
    let mut args = vec![
        "check".to_string(),
        "--now".into(),
        now,
        "--host".into(),
        case["host"].as_str().unwrap().into(),
        fixture(&format!("paths/{name}/{}", case["peer"].as_str().unwrap())),
    ];
    args.extend(files(name, case, "untrusted"));
    // The root the oracles trusted, merely dropped beside the chain.
    args.extend(files(name, case, "trusted"));
    let (out, err, code) = certlens(&args);
    // Every real client rejects a chain whose root it was not given.
    for client in ["OpenSSL", "Java", "Go", "browsers"] {
        let line = client_line(&out, client);
        assert!(line.contains(" reject"), "{line}");
        assert!(
            line.contains("the chain's root is not declared trusted"),
            "{line}"
        );
    }
    assert!(
        out.contains("  verdict: fails: OpenSSL, Java, Go and browsers reject it"),
        "{out}"
    );
    assert!(
        out.contains("#2 (Paths Root) is a root of the input that nobody declared trusted: clients accept this chain only if they trust it — declare it with --ca FILE"),
        "{out}"
    );
    assert!(out.contains("info: chain 1: it ends at #2 (Paths Root), a root of the input that nobody declared trusted"), "{out}");
    // An undeclared root alone is the user's decision, not an error of the chain.
    assert!(!out.contains("error:"), "{out}");
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn a_name_only_on_the_root_is_not_covered() {
    // openssl verify -verify_hostname bank.example: "hostname mismatch" (rootsan/openssl.txt).
    assert!(std::fs::read_to_string(fixture("rootsan/openssl.txt"))
        .unwrap()
        .contains("hostname mismatch"));
    let args: Vec<String> = [
        "check",
        // openssl's -attime.
        "--now",
        "2030-01-01T00:00:00Z",
        "--host",
        "bank.example",
        &fixture("rootsan/leaf.pem"),
        &fixture("rootsan/root.pem"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (out, err, code) = certlens(&args);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("Name bank.example: NOT covered"), "{out}");
    assert!(
        out.contains("error: bank.example is not covered by any certificate"),
        "{out}"
    );
    // With the root declared, every client names the host as the reason.
    let mut with_ca = args.clone();
    with_ca.splice(1..1, ["--ca".to_string(), fixture("rootsan/root.pem")]);
    let (out, err, code) = certlens(&with_ca);
    assert_eq!(code, 1, "{out}{err}");
    for client in ["OpenSSL", "Java", "Go", "browsers"] {
        let line = client_line(&out, client);
        assert!(
            line.contains("the leaf does not cover the host name"),
            "{line}"
        );
    }
}

#[test]
fn a_ca_file_without_a_certificate_is_an_error_naming_it() {
    let dir = std::env::temp_dir().join(format!("certlens-ca-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").unwrap();
    let empty = empty.to_string_lossy().into_owned();
    let (_, err, code) = certlens(&[
        "check".into(),
        "--ca".into(),
        empty.clone(),
        fixture("rootsan/leaf.pem"),
    ]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("--ca {empty}: no certificate in this file")),
        "{err}"
    );
}
