//! Making certificates (`certlens_core::make`): everything generated is round-tripped through
//! openssl (verify, x509 -text, req -verify, pkcs12 -info with the password), Java's keytool
//! when installed, and certlens's own checks, which must find nothing of severity warning or
//! error. Expected values (pins, extensions) come from openssl, never from certlens.

use std::path::PathBuf;
use std::process::Command;

use certlens_core::make::{self, KeyAlgorithm, Seed};
use certlens_core::{inspect, Input, Options, Severity};

const NOW: i64 = 1_790_000_000; // 2026-09-21

fn seed(n: u8) -> Seed {
    Seed([n; 32])
}

fn openssl(args: &[&str], stdin: Option<&[u8]>) -> (bool, String) {
    use std::io::Write;
    let mut cmd = Command::new("openssl");
    cmd.args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| {
        panic!("these tests need the openssl command (apt-get install openssl): {e}")
    });
    if let Some(i) = stdin {
        child.stdin.take().unwrap().write_all(i).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("certlens-make-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(d: &std::path::Path, name: &str, bytes: &[u8]) -> String {
    let p = d.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

/// Findings of severity warning or error over a pool.
fn bad_findings(pool: &[(String, String)], names: &[String]) -> Vec<String> {
    let inputs: Vec<Input> = pool
        .iter()
        .map(|(n, t)| Input::new(n.clone(), t.as_bytes().to_vec()))
        .collect();
    let mut opts = Options::at(NOW);
    opts.check_self_signatures = true;
    opts.names = names.to_vec();
    let r = inspect(&inputs, &opts);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    r.findings
        .iter()
        .filter(|f| matches!(f.severity, Severity::Warning | Severity::Error))
        .map(|f| format!("{:?}: {}", f.code, f.message))
        .collect()
}

/// The SPKI pin openssl computes for a certificate, hex.
fn openssl_pin(cert: &str) -> String {
    let (ok, pubkey) = openssl(&["x509", "-in", cert, "-noout", "-pubkey"], None);
    assert!(ok, "{pubkey}");
    let (ok, der) = {
        let out = Command::new("openssl")
            .args(["pkey", "-pubin", "-outform", "DER"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().unwrap().write_all(pubkey.as_bytes())?;
                c.wait_with_output()
            })
            .unwrap();
        (out.status.success(), out.stdout)
    };
    assert!(ok);
    let (ok, hex) = openssl(&["dgst", "-sha256", "-r"], Some(&der));
    assert!(ok);
    hex.split_whitespace().next().unwrap().to_string()
}

/// The key's public half as openssl derives it equals the certificate's.
fn key_matches(cert: &str, key: &str) {
    let (ok1, a) = openssl(&["x509", "-in", cert, "-noout", "-pubkey"], None);
    let (ok2, b) = openssl(&["pkey", "-in", key, "-pubout"], None);
    assert!(ok1 && ok2, "{a}{b}");
    assert_eq!(a, b, "the key does not match {cert}");
}

#[test]
fn self_signed_is_what_openssl_reads_and_certlens_finds_nothing_wrong() {
    for alg in KeyAlgorithm::ALL {
        if alg == KeyAlgorithm::Rsa4096 || alg == KeyAlgorithm::Rsa3072 {
            continue; // the internal set covers RSA 3072; 4096 is slow in debug builds
        }
        let mut o = make::SelfSignedOptions::new(
            vec![
                "lightrun.example.com".into(),
                "alt.example.com".into(),
                "10.0.0.7".into(),
            ],
            NOW,
        );
        o.key = alg;
        let s = make::self_signed(&o, &seed(1)).unwrap();
        let d = dir(&format!("ss-{}", alg.name()));
        let crt = write(&d, "tls.crt", s.file.certificate_pem.as_bytes());
        let key = write(&d, "tls.key", s.file.key_pem.as_bytes());
        let (ok, text) = openssl(&["x509", "-in", &crt, "-noout", "-text"], None);
        assert!(ok, "{text}");
        assert!(
            text.contains("DNS:lightrun.example.com, DNS:alt.example.com, IP Address:10.0.0.7"),
            "{text}"
        );
        assert!(
            text.contains("O = certlens self-signed (testing only)"),
            "{text}"
        );
        assert!(text.contains("CA:FALSE"), "{text}");
        assert!(text.contains("TLS Web Server Authentication"), "{text}");
        assert!(text.contains("X509v3 Subject Key Identifier"), "{text}");
        assert!(text.contains("X509v3 Authority Key Identifier"), "{text}");
        let (ok, v) = openssl(&["verify", "-CAfile", &crt, &crt], None);
        assert!(ok, "{}: {v}", alg.name());
        key_matches(&crt, &key);
        // The default: 199 days from NOW (2026-09-21, after 2026-03-15: one day under the
        // public 200) for notAfter, and five minutes before NOW for notBefore, as openssl reads them.
        let (_, end) = openssl(
            &[
                "x509",
                "-in",
                &crt,
                "-noout",
                "-enddate",
                "-startdate",
                "-dateopt",
                "iso_8601",
            ],
            None,
        );
        assert!(end.contains("notAfter=2027-04-08 14:13:20Z"), "{end}");
        assert!(end.contains("notBefore=2026-09-21 14:08:20Z"), "{end}");
        // Values: marked testing only, and the pin is openssl's.
        assert!(s.values.yaml.starts_with("# TESTING ONLY"));
        assert_eq!(s.values.leaf_pin.to_lowercase(), openssl_pin(&crt));
        assert_eq!(
            bad_findings(&s.pool, &["lightrun.example.com".into(), "10.0.0.7".into()]),
            Vec::<String>::new()
        );
    }
}

#[test]
fn same_seed_and_time_make_the_same_bytes() {
    let o = make::SelfSignedOptions::new(vec!["a.example.com".into()], NOW);
    let a = make::self_signed(&o, &seed(7)).unwrap();
    let b = make::self_signed(&o, &seed(7)).unwrap();
    let c = make::self_signed(&o, &seed(8)).unwrap();
    assert_eq!(a.file.certificate_pem, b.file.certificate_pem);
    assert_eq!(a.file.key_pem, b.file.key_pem);
    assert_ne!(a.file.certificate_pem, c.file.certificate_pem);
    assert_ne!(a.file.key_pem, c.file.key_pem);
}

#[test]
fn serials_are_random_positive_16_bytes() {
    let o = make::SelfSignedOptions::new(vec!["a.example.com".into()], NOW);
    let d = dir("serial");
    let mut seen = Vec::new();
    for n in 0..4 {
        let s = make::self_signed(&o, &seed(n)).unwrap();
        let crt = write(&d, &format!("{n}.crt"), s.file.certificate_pem.as_bytes());
        let (_, out) = openssl(&["x509", "-in", &crt, "-noout", "-serial"], None);
        let hex = out.trim().trim_start_matches("serial=").to_string();
        assert_eq!(hex.len(), 32, "{hex}");
        assert!(!seen.contains(&hex));
        seen.push(hex);
    }
}

#[test]
fn internal_set_verifies_with_openssl_and_reads_back_clean() {
    for alg in [KeyAlgorithm::EcdsaP256, KeyAlgorithm::Rsa3072] {
        let mut o = make::InternalSetOptions::new("lightrun", "lr-prod", NOW);
        o.main_hosts = vec!["lightrun.example.com".into()];
        o.cluster_domain = "corp.local".into();
        o.key = alg;
        let mut steps = Vec::new();
        let m = make::internal_tls_set(&o, &seed(3), &mut |d, t| steps.push((d, t))).unwrap();
        assert_eq!(steps.len(), 8);
        assert_eq!(steps.last(), Some(&(8, 8)));
        let d = dir(&format!("internal-{}", alg.name()));
        let ca = write(&d, "ca.crt", m.ca.certificate_pem.as_bytes());
        let (_, catext) = openssl(&["x509", "-in", &ca, "-noout", "-text"], None);
        assert!(catext.contains("CA:TRUE, pathlen:0"), "{catext}");
        assert!(catext.contains("Certificate Sign, CRL Sign"), "{catext}");
        assert!(
            catext.contains("X509v3 Name Constraints: critical"),
            "{catext}"
        );
        // Exactly the names the set uses: every Service's four forms (the backend's too), the
        // main host; no namespace suffix; every IP address excluded (none was asked for).
        let mut want: Vec<String> = Vec::new();
        for s in [
            "frontend",
            "keycloak",
            "redis",
            "mq",
            "data-streamer",
            "artifacts",
            "backend",
        ] {
            let n = format!("lightrun-{s}");
            want.extend([
                format!("DNS:{n}"),
                format!("DNS:{n}.lr-prod"),
                format!("DNS:{n}.lr-prod.svc"),
                format!("DNS:{n}.lr-prod.svc.corp.local"),
            ]);
        }
        want.push("DNS:lightrun.example.com".into());
        assert_eq!(constraint_lines(&catext, "Permitted"), want, "{catext}");
        assert_eq!(
            constraint_lines(&catext, "Excluded"),
            ["IP:0.0.0.0/0.0.0.0", "IP:0:0:0:0:0:0:0:0/0:0:0:0:0:0:0:0"],
            "{catext}"
        );
        assert!(!catext.contains("DNS:lr-prod\n"), "{catext}");
        let services: Vec<&str> = m.services.iter().map(|s| s.service.as_str()).collect();
        assert_eq!(
            services,
            [
                "lightrun-frontend",
                "lightrun-keycloak",
                "lightrun-redis",
                "lightrun-mq",
                "lightrun-data-streamer",
                "lightrun-artifacts"
            ]
        );
        let mut files: Vec<&make::MadeFile> = m.services.iter().map(|s| &s.file).collect();
        files.extend(m.main.iter());
        for f in files {
            let crt = write(&d, &format!("{}.crt", f.name), f.certificate_pem.as_bytes());
            let key = write(&d, &format!("{}.key", f.name), f.key_pem.as_bytes());
            let (ok, v) = openssl(
                &["verify", "-CAfile", &ca, "-purpose", "sslserver", &crt],
                None,
            );
            assert!(ok, "{}: {v}", f.name);
            let (ok, v) = openssl(
                &["verify", "-CAfile", &ca, "-purpose", "sslclient", &crt],
                None,
            );
            assert!(ok, "{}: {v}", f.name);
            key_matches(&crt, &key);
            let (_, text) = openssl(&["x509", "-in", &crt, "-noout", "-text"], None);
            assert!(
                text.contains("TLS Web Server Authentication, TLS Web Client Authentication"),
                "{text}"
            );
            assert!(text.contains("CA:FALSE"));
            if f.name.starts_with("lightrun-") {
                let n = &f.name;
                assert!(
                    text.contains(&format!("DNS:{n}, DNS:{n}.lr-prod, DNS:{n}.lr-prod.svc, DNS:{n}.lr-prod.svc.corp.local")),
                    "{text}"
                );
            } else {
                assert!(text.contains("DNS:lightrun.example.com, DNS:lightrun-backend, DNS:lightrun-backend.lr-prod"), "{text}");
            }
            // Serial: 16 bytes.
            let (_, serial) = openssl(&["x509", "-in", &crt, "-noout", "-serial"], None);
            assert_eq!(serial.trim().trim_start_matches("serial=").len(), 32);
        }
        // The Secrets, as written, read back into a fresh pool: nothing wrong.
        let t = &m.internal_tls;
        assert_eq!(t.services.len(), 7);
        assert!(t.services.iter().all(|s| s.covered), "{:?}", t.services);
        assert!(t.backend.as_ref().is_some_and(|b| b.ok), "{:?}", t.backend);
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        assert!(t.yaml.contains("name: lightrun-internal-ca"));
        assert!(t
            .values_yaml
            .contains("keycloak_cluster: lightrun-keycloak-cluster-tls"));
        assert!(t.custom_ca.values_yaml.contains("customCaCertificate:"));
        let back = vec![("secrets.yaml".to_string(), t.yaml.to_string())];
        assert_eq!(bad_findings(&back, &[]), Vec::<String>::new());
        let main = m.main_values.as_ref().unwrap();
        assert!(main.warnings.is_empty(), "{:?}", main.warnings);
        let main_crt = write(
            &d,
            "main.crt",
            m.main.as_ref().unwrap().certificate_pem.as_bytes(),
        );
        assert_eq!(main.leaf_pin.to_lowercase(), openssl_pin(&main_crt));
    }
}

#[test]
fn name_constraints_are_enforced_by_openssl() {
    // A certificate for a name outside the constraints, signed by the same CA key, fails
    // openssl verify: the constraint is real, not decoration. Made here with openssl itself.
    let o = make::InternalSetOptions::new("lightrun", "lr-prod", NOW);
    let m = make::internal_tls_set(&o, &seed(4), &mut |_, _| {}).unwrap();
    let d = dir("nc");
    let ca = write(&d, "ca.crt", m.ca.certificate_pem.as_bytes());
    let cakey = write(&d, "ca.key", m.ca.key_pem.as_bytes());
    let csr_key = d.join("evil.key").to_string_lossy().into_owned();
    let csr = d.join("evil.csr").to_string_lossy().into_owned();
    let evil = d.join("evil.crt").to_string_lossy().into_owned();
    let (ok, e) = openssl(
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &csr_key,
            "-subj",
            "/CN=www.bank.example",
            "-addext",
            "subjectAltName=DNS:www.bank.example",
            "-out",
            &csr,
        ],
        None,
    );
    assert!(ok, "{e}");
    let (ok, e) = openssl(
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &ca,
            "-CAkey",
            &cakey,
            "-days",
            "30",
            "-copy_extensions",
            "copy",
            "-out",
            &evil,
        ],
        None,
    );
    assert!(ok, "{e}");
    let (ok, v) = openssl(&["verify", "-CAfile", &ca, &evil], None);
    assert!(!ok && v.contains("permitted subtree violation"), "{v}");
    // Switched off: no constraints.
    let mut o = make::InternalSetOptions::new("lightrun", "lr-prod", NOW);
    o.name_constraints = false;
    let m = make::internal_tls_set(&o, &seed(4), &mut |_, _| {}).unwrap();
    let ca = write(&d, "ca2.crt", m.ca.certificate_pem.as_bytes());
    let (_, text) = openssl(&["x509", "-in", &ca, "-noout", "-text"], None);
    assert!(!text.contains("Name Constraints"));
}

/// The lines of `openssl x509 -text`'s "Permitted:" or "Excluded:" block of name constraints.
fn constraint_lines(text: &str, block: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let t = line.trim();
        if t == format!("{block}:") {
            inside = true;
        } else if inside && (t.ends_with(':') || t.is_empty() || t.starts_with("X509v3")) {
            break;
        } else if inside {
            out.push(t.to_string());
        }
    }
    out
}

/// A leaf for one subjectAltName (`DNS:...` or `IP:...`), made and signed by openssl itself
/// with the made CA's key: what someone holding a leaked CA key could issue.
fn leaf_signed_by(d: &std::path::Path, ca: &str, cakey: &str, stem: &str, san: &str) -> String {
    let key = d.join(format!("{stem}.key")).to_string_lossy().into_owned();
    let csr = d.join(format!("{stem}.csr")).to_string_lossy().into_owned();
    let crt = d.join(format!("{stem}.crt")).to_string_lossy().into_owned();
    let (ok, e) = openssl(
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &key,
            "-subj",
            &format!("/CN={stem}"),
            "-addext",
            &format!("subjectAltName={san}"),
            "-out",
            &csr,
        ],
        None,
    );
    assert!(ok, "{e}");
    let (ok, e) = openssl(
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            ca,
            "-CAkey",
            cakey,
            "-days",
            "30",
            "-copy_extensions",
            "copy",
            "-out",
            &crt,
        ],
        None,
    );
    assert!(ok, "{e}");
    crt
}

/// `openssl verify` of a leaf against the CA for one name (`-verify_hostname` or `-verify_ip`).
fn verify_for(ca: &str, leaf: &str, san: &str) -> (bool, String) {
    let (flag, value) = match san.split_once(':') {
        Some(("IP", ip)) => ("-verify_ip", ip),
        Some((_, host)) => ("-verify_hostname", host),
        None => panic!("{san}"),
    };
    openssl(&["verify", "-CAfile", ca, flag, value, leaf], None)
}

#[test]
fn a_leaked_ca_key_cannot_issue_for_foreign_names_or_any_ip() {
    // Namespace `dev` is a public top-level domain: a constraint on the namespace as a suffix
    // would admit www.google.dev. Leaves made by openssl with the CA's key: the service names
    // pass, a foreign name under the namespace and any IP address fail.
    let o = make::InternalSetOptions::new("lightrun", "dev", NOW);
    let m = make::internal_tls_set(&o, &seed(6), &mut |_, _| {}).unwrap();
    let d = dir("nc-dev");
    let ca = write(&d, "ca.crt", m.ca.certificate_pem.as_bytes());
    let cakey = write(&d, "ca.key", m.ca.key_pem.as_bytes());
    for (i, san) in [
        "DNS:lightrun-frontend",
        "DNS:lightrun-frontend.dev",
        "DNS:lightrun-redis.dev.svc",
        "DNS:lightrun-backend.dev.svc.cluster.local",
    ]
    .iter()
    .enumerate()
    {
        let leaf = leaf_signed_by(&d, &ca, &cakey, &format!("inside{i}"), san);
        let (ok, v) = verify_for(&ca, &leaf, san);
        assert!(ok, "{san}: {v}");
    }
    for (i, (san, why)) in [
        ("DNS:www.google.dev", "permitted subtree violation"),
        ("DNS:dev", "permitted subtree violation"),
        (
            "DNS:evil.dev.svc.cluster.local",
            "permitted subtree violation",
        ),
        ("IP:8.8.8.8", "excluded subtree violation"),
        ("IP:2001:4860:4860::8888", "excluded subtree violation"),
    ]
    .iter()
    .enumerate()
    {
        let leaf = leaf_signed_by(&d, &ca, &cakey, &format!("outside{i}"), san);
        let (ok, v) = verify_for(&ca, &leaf, san);
        assert!(!ok && v.contains(why), "{san}: {v}");
    }
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn ip_addresses_asked_for_are_the_only_ones_the_ca_signs() {
    let mut o = make::InternalSetOptions::new("lightrun", "lr-prod", NOW);
    o.main_hosts = vec!["lightrun.example.com".into(), "10.1.2.3".into()];
    let m = make::internal_tls_set(&o, &seed(7), &mut |_, _| {}).unwrap();
    let d = dir("nc-ip");
    let ca = write(&d, "ca.crt", m.ca.certificate_pem.as_bytes());
    let cakey = write(&d, "ca.key", m.ca.key_pem.as_bytes());
    let (_, catext) = openssl(&["x509", "-in", &ca, "-noout", "-text"], None);
    let permitted = constraint_lines(&catext, "Permitted");
    assert_eq!(
        permitted.last().map(String::as_str),
        Some("IP:10.1.2.3/255.255.255.255"),
        "{catext}"
    );
    assert_eq!(
        constraint_lines(&catext, "Excluded"),
        ["IP:0:0:0:0:0:0:0:0/0:0:0:0:0:0:0:0"],
        "{catext}"
    );
    assert!(
        m.ca.names.contains(&"10.1.2.3".to_string()),
        "{:?}",
        m.ca.names
    );
    // The made main certificate carries the IP and verifies for it.
    let main = write(
        &d,
        "main.crt",
        m.main.as_ref().unwrap().certificate_pem.as_bytes(),
    );
    let (ok, v) = verify_for(&ca, &main, "IP:10.1.2.3");
    assert!(ok, "{v}");
    let (ok, v) = verify_for(&ca, &main, "DNS:lightrun.example.com");
    assert!(ok, "{v}");
    // certlens's own path checks read the IP constraints the same way: nothing wrong, for the
    // IP and the host.
    let names = vec!["10.1.2.3".to_string(), "lightrun.example.com".to_string()];
    assert_eq!(bad_findings(&m.pool, &names), Vec::<String>::new());
    for (i, (san, why)) in [
        ("IP:10.1.2.4", "permitted subtree violation"),
        // openssl reports the permitted list first (an IPv4 one exists); ::/0 also excludes it.
        ("IP:::1", "permitted subtree violation"),
        ("DNS:www.example.org", "permitted subtree violation"),
    ]
    .iter()
    .enumerate()
    {
        let leaf = leaf_signed_by(&d, &ca, &cakey, &format!("outside{i}"), san);
        let (ok, v) = verify_for(&ca, &leaf, san);
        assert!(!ok && v.contains(why), "{san}: {v}");
    }
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn csr_carries_the_names_and_its_signature_verifies() {
    for alg in [
        KeyAlgorithm::EcdsaP256,
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::Ed25519,
    ] {
        let o = make::CsrOptions {
            names: vec!["lightrun.example.com".into(), "www.example.com".into()],
            key: alg,
            organization: Some("Acme Inc".into()),
            organizational_unit: None,
            country: Some("de".into()),
        };
        let c = make::csr(&o, &seed(5)).unwrap();
        let d = dir(&format!("csr-{}", alg.name()));
        let req = write(&d, "req.csr", c.csr_pem.as_bytes());
        let key = write(&d, "req.key", c.key_pem.as_bytes());
        let (ok, text) = openssl(&["req", "-in", &req, "-noout", "-verify", "-text"], None);
        assert!(ok, "{text}");
        assert!(text.contains("verify OK"), "{text}");
        assert!(
            text.contains("C = DE, O = Acme Inc, CN = lightrun.example.com"),
            "{text}"
        );
        assert!(
            text.contains("DNS:lightrun.example.com, DNS:www.example.com"),
            "{text}"
        );
        let (_, a) = openssl(&["req", "-in", &req, "-noout", "-pubkey"], None);
        let (_, b) = openssl(&["pkey", "-in", &key, "-pubout"], None);
        assert_eq!(a, b);
    }
    let bad = make::CsrOptions {
        names: vec!["a.example.com".into()],
        country: Some("Germany".into()),
        ..Default::default()
    };
    assert!(make::csr(&bad, &seed(5))
        .unwrap_err()
        .to_string()
        .contains("two-letter"));
}

fn pool_report(pool: &[(String, String)]) -> certlens_core::Report {
    let inputs: Vec<Input> = pool
        .iter()
        .map(|(n, t)| Input::new(n.clone(), t.as_bytes().to_vec()))
        .collect();
    inspect(&inputs, &Options::at(NOW))
}

#[test]
fn pkcs12_opens_in_openssl_keytool_and_certlens() {
    let mut o = make::InternalSetOptions::new("lightrun", "lr-prod", NOW);
    o.main_hosts = vec!["lightrun.example.com".into()];
    let m = make::internal_tls_set(&o, &seed(6), &mut |_, _| {}).unwrap();
    let report = pool_report(&m.pool);
    let mut po = make::Pkcs12Options::with_password("s3cret pässword");
    po.friendly_name = Some("lightrun main".into());
    let p = make::pkcs12_from_pool(&report, &po, &seed(9)).unwrap();
    assert_eq!(p.certificates, 2);
    assert_eq!(p.file_name, "lightrun_main.p12");
    let d = dir("p12");
    let f = write(&d, "x.p12", &p.der);
    let (ok, info) = openssl(
        &[
            "pkcs12",
            "-in",
            &f,
            "-info",
            "-noout",
            "-passin",
            "pass:s3cret pässword",
        ],
        None,
    );
    assert!(ok, "{info}");
    assert!(info.contains("MAC: sha256, Iteration 2048"), "{info}");
    assert!(
        info.contains(
            "PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256"
        ),
        "{info}"
    );
    assert!(
        info.contains(
            "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256"
        ),
        "{info}"
    );
    let (ok, dump) = openssl(
        &[
            "pkcs12",
            "-in",
            &f,
            "-nodes",
            "-passin",
            "pass:s3cret pässword",
        ],
        None,
    );
    assert!(ok, "{dump}");
    assert!(dump.contains("friendlyName: lightrun main"), "{dump}");
    let (bad, _) = openssl(
        &[
            "pkcs12",
            "-in",
            &f,
            "-info",
            "-noout",
            "-passin",
            "pass:wrong",
        ],
        None,
    );
    assert!(!bad);
    // certlens reads it back: the same certificate and a key that matches it.
    let back = inspect(
        &[Input::new("x.p12", p.der.clone())],
        &Options::at(NOW).with_password("s3cret pässword"),
    );
    assert!(back.errors.is_empty(), "{:?}", back.errors);
    assert_eq!(back.certificates.len(), 2);
    assert_eq!(back.private_keys.len(), 1);
    assert!(!back.private_keys[0].matches.is_empty());
    // keytool, when installed (CI's Debian has no JDK: then this part is skipped, and says so).
    // An ASCII password: keytool decodes its arguments in the locale's charset.
    let p = make::pkcs12_from_pool(
        &report,
        &make::Pkcs12Options {
            friendly_name: Some("lightrun main".into()),
            ..make::Pkcs12Options::with_password("s3cret-password")
        },
        &seed(10),
    )
    .unwrap();
    let f = write(&d, "ascii.p12", &p.der);
    match Command::new("keytool")
        .args([
            "-list",
            "-v",
            "-storetype",
            "PKCS12",
            "-keystore",
            &f,
            "-storepass",
            "s3cret-password",
        ])
        .output()
    {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{text}");
            assert!(text.contains("Alias name: lightrun main"), "{text}");
            assert!(text.contains("Entry type: PrivateKeyEntry"), "{text}");
            assert!(text.contains("Certificate chain length: 2"), "{text}");
        }
        Err(_) => {
            eprintln!("keytool not installed: the Java check of the PKCS#12 file was skipped")
        }
    }
    // No password: refused.
    let e = make::pkcs12_from_pool(&report, &make::Pkcs12Options::with_password(""), &seed(9))
        .unwrap_err();
    assert!(e.to_string().contains("give a password"));
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let e = make::self_signed(&make::SelfSignedOptions::new(vec![], NOW), &seed(1)).unwrap_err();
    assert!(matches!(e, make::MakeError::NoNames));
    let e = make::self_signed(
        &make::SelfSignedOptions::new(vec!["bad_name.example".into()], NOW),
        &seed(1),
    )
    .unwrap_err();
    assert!(e.to_string().contains("bad_name.example"), "{e}");
    let mut o = make::SelfSignedOptions::new(vec!["a.example.com".into()], NOW);
    o.days = 0;
    assert!(make::self_signed(&o, &seed(1)).is_err());
    let many: Vec<String> = (0..101).map(|i| format!("h{i}.example.com")).collect();
    let e = make::self_signed(&make::SelfSignedOptions::new(many, NOW), &seed(1)).unwrap_err();
    assert!(matches!(e, make::MakeError::TooManyNames { max: 100 }));
    let e = make::internal_tls_set(
        &make::InternalSetOptions::new("Bad Release", "ns", NOW),
        &seed(1),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(e.to_string().contains("release name"), "{e}");
    let mut o = make::InternalSetOptions::new("lightrun", "ns", NOW);
    o.days = 4000;
    let e = make::internal_tls_set(&o, &seed(1), &mut |_, _| {}).unwrap_err();
    assert!(e.to_string().contains("outlive"), "{e}");
    assert!(KeyAlgorithm::parse("dsa").is_err());
    assert_eq!(
        KeyAlgorithm::parse("RSA-4096").unwrap(),
        KeyAlgorithm::Rsa4096
    );
}

#[test]
fn csr_inspection_shows_requests_checks_signature_and_names() {
    let c = make::csr(
        &make::CsrOptions {
            names: vec!["lightrun.example.com".into(), "10.1.2.3".into()],
            ..Default::default()
        },
        &seed(11),
    )
    .unwrap();
    let mut opts = Options::at(NOW);
    opts.names = vec!["lightrun.example.com".into(), "other.example.com".into()];
    let r = inspect(
        &[Input::new("req.csr", c.csr_pem.clone().into_bytes())],
        &opts,
    );
    let d = r.public_keys[0].csr.as_ref().expect("CSR details");
    assert_eq!(d.requested_san.dns, ["lightrun.example.com"]);
    assert_eq!(d.requested_san.ip, ["10.1.2.3"]);
    assert_eq!(d.extended_key_usage, ["serverAuth"]);
    assert_eq!(d.signature, certlens_core::SignatureStatus::Valid);
    assert!(d.names[0].covered && !d.names[1].covered);
    assert_eq!(d.problems.len(), 1, "{:?}", d.problems);
    // openssl's own request without SANs: the problem is named.
    let dir = dir("csr-inspect");
    let out = dir.join("nosan.csr").to_string_lossy().into_owned();
    let key = dir.join("nosan.key").to_string_lossy().into_owned();
    let (ok, e) = openssl(
        &[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &key,
            "-subj",
            "/CN=nosan.example.com",
            "-out",
            &out,
        ],
        None,
    );
    assert!(ok, "{e}");
    let r = inspect(
        &[Input::new("nosan.csr", std::fs::read(&out).unwrap())],
        &Options::at(NOW),
    );
    let d = r.public_keys[0].csr.as_ref().unwrap();
    assert_eq!(d.signature, certlens_core::SignatureStatus::Valid);
    assert!(d.requested_san.dns.is_empty());
    assert!(
        d.problems[0].contains("no subjectAltName"),
        "{:?}",
        d.problems
    );
    // One bit of the signature flipped: invalid, and said so.
    let der = certlens_core::b64::decode_standard(
        &c.csr_pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>(),
    )
    .unwrap();
    let mut bad = der.clone();
    let n = bad.len();
    bad[n - 5] ^= 1;
    let r = inspect(&[Input::new("bad.der", bad)], &Options::at(NOW));
    let d = r.public_keys[0].csr.as_ref().unwrap();
    assert_eq!(d.signature, certlens_core::SignatureStatus::Invalid);
    assert!(d
        .problems
        .iter()
        .any(|p| p.contains("own signature does not verify")));
}
