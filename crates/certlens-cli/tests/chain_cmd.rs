//! `certlens chain`: the reordered full chain, byte for byte what openssl wrote for each
//! certificate, leaf first, whatever order the input had.

mod common;
use common::certlens;
use common::fixture_path as fixture;

fn pem(name: &str) -> String {
    std::fs::read_to_string(fixture(&format!("certs/{name}.pem"))).unwrap()
}

#[test]
fn shuffled_and_reversed_chains_come_out_leaf_first() {
    for input in [
        "inputs/chain-shuffled.pem",
        "inputs/chain-reversed.pem",
        "inputs/chain-correct.pem",
        "inputs/b64-wrapped-chain.txt",
    ] {
        let out = certlens(&["chain", "--now", "2026-07-01T00:00:00Z", &fixture(input)]);
        assert!(
            out.status.success(),
            "{input}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let want = pem("rsa-leaf") + &pem("rsa-int") + &pem("rsa-root");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), want, "{input}");
        let out = certlens(&["chain", "--no-root", &fixture(input)]);
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            pem("rsa-leaf") + &pem("rsa-int"),
            "{input} --no-root"
        );
    }
}

#[test]
fn the_chain_of_the_key_is_chosen_and_written_to_a_file() {
    let dir = std::env::temp_dir().join(format!("certlens-chain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out_file = dir.join("full-chain.crt");
    let out = certlens(&[
        "chain",
        "--out",
        out_file.to_str().unwrap(),
        &fixture("inputs/chain-two-chains.pem"),
        &fixture("keys/ec-leaf.pkcs8.pem"),
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 chains"));
    let want = pem("ec-leaf") + &pem("ec-int") + &pem("ec-root");
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), want);
    let out = certlens(&[
        "chain",
        "--chain",
        "9",
        &fixture("inputs/chain-two-chains.pem"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no chain 9"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_exit_codes() {
    let ok = certlens(&[
        "check",
        "--now",
        "2026-07-01T00:00:00Z",
        "--host",
        "example.test",
        &fixture("inputs/chain-correct.pem"),
        &fixture("keys/rsa-leaf.pkcs8.pem"),
    ]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let bad = certlens(&[
        "check",
        "--now",
        "2026-07-01T00:00:00Z",
        "--host",
        "other.test",
        &fixture("inputs/chain-correct.pem"),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("other.test is not covered"));
    let usage = certlens(&["check", "--bogus"]);
    assert_eq!(usage.status.code(), Some(2));
    let services = certlens(&[
        "check",
        "--now",
        "2026-07-01T00:00:00Z",
        "--service",
        "lightrun-frontend",
        "--service",
        "lightrun-mq",
        "--namespace",
        "lightrun",
        "--json",
        &fixture("certs/internal-services.pem"),
        &fixture("certs/rsa-int.pem"),
    ]);
    assert_eq!(
        services.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&services.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&services.stdout).unwrap();
    let names: Vec<&str> = v["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 8);
    assert!(names.contains(&"lightrun-mq.lightrun.svc.cluster.local"));
}
