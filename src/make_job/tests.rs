use super::*;

/// A private CA with every internal service and the main certificate for
/// lightrun.example.com, release `lightrun`, in `namespace`.
fn private_ca(namespace: &str) -> MakeRequest {
    MakeRequest::Internal {
        release: "lightrun".into(),
        namespace: namespace.into(),
        cluster_domain: String::new(),
        main_hosts: vec!["lightrun.example.com".into()],
        key: KeyAlgorithm::EcdsaP256,
        name_constraints: true,
    }
}

/// Made keys never show in `Debug` (a log line, a panic message): not a pair's key, not a
/// secret block, not the pool's PEM inputs.
#[test]
fn debug_shows_no_key_material() {
    let req = MakeRequest::SelfSigned {
        hosts: vec!["lightrun.example.com".into()],
        key: KeyAlgorithm::EcdsaP256,
        days: 30,
    };
    let v = run(&req, &Seed([3; 32]), 1_790_000_000, &mut |_, _| {}).unwrap();
    let key = v.pairs[0].key_pem.clone();
    assert!(key.contains("PRIVATE KEY-----"), "{key}");
    let body = key.lines().nth(1).unwrap().to_string();
    let debug = format!("{v:?}");
    assert!(!debug.contains(&body), "{debug}");
    assert!(!debug.contains("PRIVATE KEY"), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
    assert!(
        debug.contains("lightrun.example.com"),
        "the rest is shown: {debug}"
    );
}

#[test]
fn internal_view_has_every_service_and_reads_back() {
    let req = private_ca("lr");
    assert_eq!(req.keys(), 8);
    let mut steps = 0;
    let v = run(&req, &Seed([1; 32]), 1_790_000_000, &mut |_, _| steps += 1).unwrap();
    assert_eq!(steps, 8);
    let names: Vec<&str> = v.pairs.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "lightrun-internal-ca",
            "lightrun-frontend",
            "lightrun-keycloak",
            "lightrun-redis",
            "lightrun-mq",
            "lightrun-data-streamer",
            "lightrun-artifacts",
            "lightrun.example.com"
        ]
    );
    assert!(v.blocks[0].secret && v.blocks[0].text.contains("lightrun-keycloak-cluster-tls"));
    assert!(v.warnings.is_empty(), "{:?}", v.warnings);
    assert_eq!(v.pool.len(), 8);
    // The request round-trips through the worker's JSON.
    let j = serde_json::to_string(&req).unwrap();
    assert_eq!(serde_json::from_str::<MakeRequest>(&j).unwrap(), req);
}

/// A private CA with its main certificate comes with three bundles, each passing the
/// doctor, with unique file names; without the encryption key's bytes, none.
#[test]
fn internal_view_comes_with_bundles_that_pass() {
    let req = private_ca("lr-prod");
    let v = run_with(
        &req,
        &Seed([1; 32]),
        Some([5; 32]),
        1_790_000_000,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(v.bundles.len(), 3);
    for b in &v.bundles {
        assert!(b.passes, "{}: {}", b.label, b.verdict);
        assert!(b.verdict.starts_with("This bundle passes every check"));
        assert_eq!(b.zip_name, "lightrun-bundle-lightrun-lr-prod.zip");
        assert_eq!(&b.zip[..4], b"PK\x03\x04");
        let names: Vec<&str> = b.files.iter().map(|f| f.filename.as_str()).collect();
        assert_eq!(
            names,
            [
                "lightrun-secrets.yaml",
                "lightrun-values.yaml",
                "README-apply.txt"
            ]
        );
        assert_eq!(b.pins.len(), 1);
    }
    assert_eq!(v.bundles[2].choices[0].1, "false");
    let j = serde_json::to_string(&v).unwrap();
    assert_eq!(serde_json::from_str::<MadeView>(&j).unwrap(), v);
    let plain = run(&req, &Seed([1; 32]), 1_790_000_000, &mut |_, _| {}).unwrap();
    assert!(plain.bundles.is_empty());
    // Every download of the view has its own name.
    let mut all: Vec<&str> = v.blocks.iter().map(|b| b.filename.as_str()).collect();
    all.extend(v.bundles[0].files.iter().map(|f| f.filename.as_str()));
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "{all:?}");
}

/// One's own certificates (here: what a private CA made, read back as a pool) give the
/// same three bundles through the worker's request; the keys travel as PKCS#8 DER.
#[test]
fn own_certificates_bundle_request_round_trips_and_passes() {
    let req = private_ca("lr-prod");
    let v = run(&req, &Seed([1; 32]), 1_790_000_000, &mut |_, _| {}).unwrap();
    let inputs: Vec<certlens_core::Input> = v
        .pool
        .iter()
        .map(|(n, t)| certlens_core::Input::new(n.clone(), t.as_bytes().to_vec()))
        .collect();
    let report = certlens_core::inspect(&inputs, &certlens_core::Options::at(1_790_000_000));
    let endpoint = certlens_core::output::suggested_endpoint(&report).unwrap();
    assert_eq!(endpoint, "lightrun.example.com");
    let b = bundle_request(&report, "lightrun", "lr-prod", &endpoint).unwrap();
    let j = serde_json::to_string(&b).unwrap();
    let b: MakeRequest = serde_json::from_str(&j).unwrap();
    let own = run_with(
        &b,
        &Seed([2; 32]),
        Some([3; 32]),
        1_790_000_000,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(own.bundles.len(), 3);
    for x in &own.bundles {
        let w: Vec<String> = x
            .doctor
            .verdicts
            .iter()
            .filter(|v| v.level != certlens_core::VerdictLevel::Ok)
            .map(|v| format!("{}: {}", v.setting, v.summary))
            .collect();
        assert!(x.passes, "{}: {} {w:?}", x.label, x.verdict);
        assert!(x.files.iter().any(|f| f.filename == "lightrun-values.yaml"));
    }
    // Without random bytes for the encryption key, no bundle is made up.
    assert!(run(&b, &Seed([2; 32]), 1_790_000_000, &mut |_, _| {}).is_err());
    // A pool without a readable key has nothing to deploy.
    let certs_only: Vec<certlens_core::Input> = inputs
        .into_iter()
        .filter(|i| i.name.contains("CA"))
        .collect();
    let r = certlens_core::inspect(&certs_only, &certlens_core::Options::at(1_790_000_000));
    assert!(bundle_request(&r, "lightrun", "lr-prod", "").is_none());
}

#[test]
fn self_signed_view_is_marked_testing_only() {
    let req = MakeRequest::SelfSigned {
        hosts: split_names("lightrun.example.com, 10.0.0.1"),
        key: KeyAlgorithm::EcdsaP256,
        days: 397,
    };
    let v = run(&req, &Seed([2; 32]), 1_790_000_000, &mut |_, _| {}).unwrap();
    assert!(v.summary.starts_with("Testing only"));
    assert!(v.blocks[0].text.starts_with("# TESTING ONLY"));
    assert_eq!(v.pairs[0].name, "lightrun.example.com");
}

#[test]
fn bad_names_are_an_error_not_a_certificate() {
    let req = MakeRequest::Csr {
        hosts: vec!["bad_name".into()],
        key: KeyAlgorithm::EcdsaP256,
        organization: String::new(),
        organizational_unit: String::new(),
        country: String::new(),
    };
    let e = run(&req, &Seed([3; 32]), 0, &mut |_, _| {}).unwrap_err();
    assert!(e.to_string().contains("bad_name"));
}
