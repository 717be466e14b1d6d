//! RFC 6125 name coverage, service names of the Lightrun chart (CHART-FACTS.md), against the
//! certificates of tests/fixtures (expected.json).

mod common;
use common::expected;

use certlens_core::{
    chart_services, check_names, matches_dns, service_names, CertNames, ChartService, MatchKind,
    NameCoverage, DEFAULT_INTERNAL_SERVICES,
};
use serde_json::Value;

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

/// (dns SANs, ip SANs, CN) of a fixture certificate.
fn fixture(e: &Value, name: &str) -> (Vec<String>, Vec<String>, String) {
    let c = &e["certs"][name];
    let subject = c["subject"].as_str().expect("subject");
    let cn = subject
        .split(',')
        .find_map(|rdn| rdn.strip_prefix("CN="))
        .expect("CN")
        .to_string();
    (strings(&c["san"]["dns"]), strings(&c["san"]["ip"]), cn)
}

use MatchKind::{Exact, Wildcard};

#[test]
fn matches_dns_rfc6125_table() {
    let table: &[(&str, &str, Option<MatchKind>)] = &[
        // exact, case, trailing dots
        ("example.com", "example.com", Some(Exact)),
        ("Example.COM", "example.com", Some(Exact)),
        ("example.com", "EXAMPLE.com", Some(Exact)),
        ("example.com.", "example.com", Some(Exact)),
        ("example.com", "example.com.", Some(Exact)),
        ("example.com.", "example.com.", Some(Exact)),
        ("example.com", "example.com..", None),
        (" example.com ", "example.com", Some(Exact)),
        ("example.com", "www.example.com", None),
        ("www.example.com", "example.com", None),
        ("lightrun-frontend", "lightrun-frontend", Some(Exact)),
        ("lightrun-frontend", "LIGHTRUN-FRONTEND.", Some(Exact)),
        // wildcards
        ("*.example.com", "foo.example.com", Some(Wildcard)),
        ("*.EXAMPLE.com", "Foo.Example.Com.", Some(Wildcard)),
        ("*.example.com.", "foo.example.com", Some(Wildcard)),
        ("*.example.com", "a.b.example.com", None),
        ("*.example.com", "example.com", None),
        ("*.example.com", ".example.com", None),
        ("*.example.com", "foo.example.org", None),
        ("*.com", "example.com", None),
        ("*.com", "com", None),
        ("*", "foo", None),
        ("f*.example.com", "foo.example.com", None),
        ("*oo.example.com", "foo.example.com", None),
        ("f*o.example.com", "foo.example.com", None),
        ("foo.*.example.com", "foo.bar.example.com", None),
        ("*.*.example.com", "a.b.example.com", None),
        ("*.co.uk", "example.co.uk", Some(Wildcard)), // no public suffix list: documented
        ("*.example.com", "*.example.com", Some(Exact)),
        ("*.example.com", "*.a.example.com", None),
        // IP addresses never match dNSName SANs
        ("10.0.0.1", "10.0.0.1", None),
        ("*.0.0.1", "10.0.0.1", None),
        ("2001:db8::1", "2001:db8::1", None),
        // IDNs: A-labels compare as ASCII; U-labels never match
        (
            "xn--bcher-kva.example",
            "XN--BCHER-KVA.example",
            Some(Exact),
        ),
        ("*.example.com", "xn--bcher-kva.example.com", Some(Wildcard)),
        ("bücher.example", "bücher.example", None),
        ("*.example", "bücher.example", None),
        // malformed
        ("", "example.com", None),
        ("example.com", "", None),
        ("a..example.com", "a..example.com", None),
    ];
    assert!(table.len() >= 30);
    for (pattern, name, want) in table {
        assert_eq!(
            &matches_dns(pattern, name),
            want,
            "matches_dns({pattern:?}, {name:?})"
        );
    }
}

struct Row {
    name: &'static str,
    covered: bool,
    certificate: Option<usize>,
    san: Option<&'static str>,
    kind: Option<MatchKind>,
    note: Option<&'static str>, // substring
    checked_as: Option<&'static str>,
}

const fn row(
    name: &'static str,
    covered: bool,
    certificate: Option<usize>,
    san: Option<&'static str>,
    kind: Option<MatchKind>,
) -> Row {
    Row {
        name,
        covered,
        certificate,
        san,
        kind,
        note: None,
        checked_as: None,
    }
}

#[test]
fn check_names_table_against_fixture_certificates() {
    let e = expected();
    let (rsa_dns, rsa_ip, rsa_cn) = fixture(&e, "rsa-leaf");
    let (nosan_dns, nosan_ip, nosan_cn) = fixture(&e, "leaf-no-san");
    let (ec_dns, ec_ip, ec_cn) = fixture(&e, "ec-leaf");
    assert_eq!(
        rsa_dns,
        ["example.test", "*.example.test", "lightrun.example.test"]
    );
    assert_eq!(rsa_ip, ["10.0.0.1", "2001:db8::1"]);
    assert!(nosan_dns.is_empty() && nosan_ip.is_empty());
    assert_eq!(nosan_cn, "nosan.example.test");
    // Synthetic certificates for the mistakes the fixtures do not contain.
    let cn_other_dns = vec!["other.example.org".to_string()];
    let ip_as_dns = vec!["192.168.1.5".to_string()];
    let partial = vec![
        "f*.example.org".to_string(),
        "*.com".to_string(),
        "*.example.net".to_string(),
    ];
    let none: Vec<String> = Vec::new();
    // Slice order differs from index order on purpose: "first by index" must win.
    let certs = [
        CertNames {
            index: 2,
            dns: &ec_dns,
            ip: &ec_ip,
            common_name: Some(&ec_cn),
        },
        CertNames {
            index: 0,
            dns: &rsa_dns,
            ip: &rsa_ip,
            common_name: Some(&rsa_cn),
        },
        CertNames {
            index: 1,
            dns: &nosan_dns,
            ip: &nosan_ip,
            common_name: Some(&nosan_cn),
        },
        CertNames {
            index: 3,
            dns: &cn_other_dns,
            ip: &none,
            common_name: Some("cn-only.example.org"),
        },
        CertNames {
            index: 4,
            dns: &ip_as_dns,
            ip: &none,
            common_name: None,
        },
        CertNames {
            index: 5,
            dns: &none,
            ip: &none,
            common_name: Some("192.168.1.6"),
        },
        CertNames {
            index: 6,
            dns: &partial,
            ip: &none,
            common_name: Some("10.9.9.9"),
        },
    ];
    let rows = [
        row(
            "example.test",
            true,
            Some(0),
            Some("example.test"),
            Some(Exact),
        ),
        row(
            "EXAMPLE.TEST.",
            true,
            Some(0),
            Some("example.test"),
            Some(Exact),
        ),
        row(
            "www.example.test",
            true,
            Some(0),
            Some("*.example.test"),
            Some(Wildcard),
        ),
        // exact SAN preferred over the wildcard listed before it
        row(
            "lightrun.example.test",
            true,
            Some(0),
            Some("lightrun.example.test"),
            Some(Exact),
        ),
        // covered by index 0's wildcard and index 2's exact SAN: first by index
        row(
            "ec.example.test",
            true,
            Some(0),
            Some("*.example.test"),
            Some(Wildcard),
        ),
        row(
            "10.0.0.1",
            true,
            Some(0),
            Some("10.0.0.1"),
            Some(MatchKind::Ip),
        ),
        row(
            "2001:DB8:0:0:0:0:0:1",
            true,
            Some(0),
            Some("2001:db8::1"),
            Some(MatchKind::Ip),
        ),
        row(
            "[2001:db8::1]",
            true,
            Some(0),
            Some("2001:db8::1"),
            Some(MatchKind::Ip),
        ),
        row("10.0.0.2", false, None, None, None),
        row("2001:db8::2", false, None, None, None),
        Row {
            note: Some("covers exactly one label"),
            ..row("a.b.example.test", false, Some(0), None, None)
        },
        // leaf-no-san's CN matches too, but rsa-leaf's wildcard SAN covers it
        row(
            "nosan.example.test",
            true,
            Some(0),
            Some("*.example.test"),
            Some(Wildcard),
        ),
        Row {
            note: Some("only the CN matches; clients ignore the CN when SANs are present"),
            ..row(
                "cn-only.example.org",
                false,
                Some(3),
                None,
                Some(MatchKind::CommonNameOnly),
            )
        },
        Row {
            note: Some("matches only the Common Name"),
            ..row(
                "192.168.1.6",
                false,
                Some(5),
                None,
                Some(MatchKind::CommonNameOnly),
            )
        },
        Row {
            note: Some("only the CN matches; clients ignore the CN when SANs are present"),
            ..row(
                "10.9.9.9",
                false,
                Some(6),
                None,
                Some(MatchKind::CommonNameOnly),
            )
        },
        Row {
            note: Some("IP-address SAN"),
            ..row("192.168.1.5", false, Some(4), None, None)
        },
        Row {
            note: Some("partial or misplaced wildcard"),
            ..row("foo.example.org", false, Some(6), None, None)
        },
        Row {
            note: Some("single-label suffix"),
            ..row("example.com", false, Some(6), None, None)
        },
        Row {
            note: Some("does not cover example.net itself"),
            ..row("example.net", false, Some(6), None, None)
        },
        Row {
            note: Some("enter internationalised names as A-labels (xn--...)"),
            ..row("bücher.example.test", false, None, None, None)
        },
        row(
            "xn--bcher-kva.example.test",
            true,
            Some(0),
            Some("*.example.test"),
            Some(Wildcard),
        ),
        row("unrelated.example.org", false, None, None, None),
        Row {
            checked_as: Some("www.example.test"),
            ..row(
                "https://www.example.test:8443/path?q=1",
                true,
                Some(0),
                Some("*.example.test"),
                Some(Wildcard),
            )
        },
        Row {
            checked_as: Some("example.test"),
            ..row(
                "example.test:443",
                true,
                Some(0),
                Some("example.test"),
                Some(Exact),
            )
        },
        Row {
            checked_as: Some("[2001:db8::1]"),
            ..row(
                "[2001:db8::1]:443",
                true,
                Some(0),
                Some("2001:db8::1"),
                Some(MatchKind::Ip),
            )
        },
    ];
    assert!(rows.len() >= 20);
    for r in &rows {
        // One name at a time: check_names reports repeated names once.
        let got = check_names(&[r.name.to_string()], &certs);
        assert_eq!(got.len(), 1, "{}", r.name);
        let g = &got[0];
        let ctx = format!("{}: {g:?}", r.name);
        assert_eq!(g.name, r.checked_as.unwrap_or(r.name), "{ctx}");
        assert_eq!(g.covered, r.covered, "{ctx}");
        assert_eq!(g.certificate, r.certificate, "{ctx}");
        assert_eq!(g.san.as_deref(), r.san, "{ctx}");
        assert_eq!(g.kind, r.kind, "{ctx}");
        match r.note {
            Some(n) => assert!(g.note.as_deref().is_some_and(|s| s.contains(n)), "{ctx}"),
            None => assert_eq!(g.note, None, "{ctx}"),
        }
    }
}

#[test]
fn common_name_only_certificate_from_fixture() {
    let e = expected();
    let (dns, ip, cn) = fixture(&e, "leaf-no-san");
    let (ec_dns, ec_ip, ec_cn) = fixture(&e, "ec-leaf");
    let certs = [
        CertNames {
            index: 0,
            dns: &ec_dns,
            ip: &ec_ip,
            common_name: Some(&ec_cn),
        },
        CertNames {
            index: 1,
            dns: &dns,
            ip: &ip,
            common_name: Some(&cn),
        },
    ];
    let got = check_names(
        &[
            "NoSan.Example.Test.".to_string(),
            "ec.example.test".to_string(),
        ],
        &certs,
    );
    assert_eq!(
        got[0],
        NameCoverage {
            name: "NoSan.Example.Test.".into(),
            covered: false,
            certificate: Some(1),
            san: None,
            kind: Some(MatchKind::CommonNameOnly),
            note: Some("matches only the Common Name; modern clients require a SAN".into()),
            requested_by: None,
        }
    );
    assert_eq!(got[1].certificate, Some(0));
    assert_eq!(got[1].kind, Some(Exact));
    // A wildcard CN on a certificate without SANs.
    let wild = [CertNames {
        index: 0,
        dns: &[],
        ip: &[],
        common_name: Some("*.example.test"),
    }];
    let g = &check_names(&["a.example.test".to_string()], &wild)[0];
    assert!(!g.covered);
    assert_eq!(g.kind, Some(MatchKind::CommonNameOnly));
}

#[test]
fn empty_names_are_skipped_and_repeats_reported_once() {
    let dns = vec!["example.test".to_string()];
    let certs = [CertNames {
        index: 0,
        dns: &dns,
        ip: &[],
        common_name: None,
    }];
    let names: Vec<String> = [
        "",
        "   ",
        "example.test",
        "\t",
        "EXAMPLE.test.",
        "Example.Test",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let got = check_names(&names, &certs);
    assert_eq!(
        got,
        vec![NameCoverage {
            name: "example.test".into(),
            covered: true,
            certificate: Some(0),
            san: Some("example.test".into()),
            kind: Some(Exact),
            note: None,
            requested_by: None,
        }]
    );
    assert!(check_names(&[], &certs).is_empty());
    let none = check_names(&["example.test".to_string()], &[]);
    assert_eq!(none.len(), 1);
    assert!(!none[0].covered);
}

#[test]
fn ip_normalisation_both_sides() {
    let ip = vec!["2001:DB8:0:0:0:0:0:1".to_string(), "010.0.0.1".to_string()];
    let certs = [CertNames {
        index: 7,
        dns: &[],
        ip: &ip,
        common_name: None,
    }];
    let got = check_names(
        &["2001:db8::1".to_string(), "::ffff:10.0.0.1".to_string()],
        &certs,
    );
    assert!(got[0].covered);
    assert_eq!(got[0].certificate, Some(7));
    assert_eq!(got[0].san.as_deref(), Some("2001:DB8:0:0:0:0:0:1"));
    // An IPv4-mapped IPv6 address is a different iPAddress (16 bytes vs 4).
    assert!(!got[1].covered);
}

#[test]
fn service_names_exact() {
    assert_eq!(
        service_names("lightrun-frontend", "lightrun"),
        [
            "lightrun-frontend",
            "lightrun-frontend.lightrun",
            "lightrun-frontend.lightrun.svc",
            "lightrun-frontend.lightrun.svc.cluster.local",
        ]
    );
    assert_eq!(
        service_names(" lightrun-mq ", " prod "),
        [
            "lightrun-mq",
            "lightrun-mq.prod",
            "lightrun-mq.prod.svc",
            "lightrun-mq.prod.svc.cluster.local"
        ]
    );
    assert_eq!(service_names("lightrun-redis", ""), ["lightrun-redis"]);
    assert!(service_names("", "lightrun").is_empty());
}

fn cs(key: &'static str, service: &str) -> ChartService {
    ChartService {
        key,
        service: service.to_string(),
    }
}

#[test]
fn chart_services_per_chart_facts() {
    assert_eq!(
        DEFAULT_INTERNAL_SERVICES,
        ["frontend", "keycloak", "redis", "rabbitmq", "data_streamer"]
    );
    assert_eq!(
        chart_services("lightrun", DEFAULT_INTERNAL_SERVICES),
        vec![
            cs("frontend", "lightrun-frontend"),
            cs("keycloak", "lightrun-keycloak"),
            cs("redis", "lightrun-redis"),
            cs("rabbitmq", "lightrun-mq"),
            cs("data_streamer", "lightrun-data-streamer"),
        ]
    );
    assert_eq!(
        chart_services("my-rel", &["artifacts", "backend"]),
        vec![
            cs("artifacts", "my-rel-artifacts"),
            cs("backend", "my-rel-backend")
        ]
    );
    // Alternative spellings map to the values key; unknown keys and repeats are skipped.
    assert_eq!(
        chart_services(
            "lightrun",
            &[
                "mq",
                "data-streamer",
                "keycloak_cluster",
                "nope",
                "rabbitmq"
            ]
        ),
        vec![
            cs("rabbitmq", "lightrun-mq"),
            cs("data_streamer", "lightrun-data-streamer")
        ]
    );
    assert!(chart_services("", DEFAULT_INTERNAL_SERVICES).is_empty());
}

#[test]
fn internal_services_fixture_covers_every_chart_service() {
    let e = expected();
    let (dns, ip, cn) = fixture(&e, "internal-services");
    // The fixture's SANs are exactly the four names of each of the seven services, in order.
    let all = [
        "frontend",
        "keycloak",
        "redis",
        "rabbitmq",
        "data_streamer",
        "artifacts",
        "backend",
    ];
    let wanted: Vec<String> = chart_services("lightrun", &all)
        .iter()
        .flat_map(|s| service_names(&s.service, "lightrun"))
        .collect();
    assert_eq!(dns, wanted);
    let certs = [CertNames {
        index: 0,
        dns: &dns,
        ip: &ip,
        common_name: Some(&cn),
    }];
    let got = check_names(&wanted, &certs);
    assert_eq!(got.len(), 28);
    assert!(got
        .iter()
        .all(|g| g.covered && g.kind == Some(Exact) && g.san.as_deref() == Some(g.name.as_str())));
    // Another namespace is not covered; the CN is not a service name.
    let other = check_names(&service_names("lightrun-redis", "staging"), &certs);
    assert_eq!(other.iter().filter(|g| g.covered).count(), 1); // only the bare name
                                                               // rsa-leaf covers none of them.
    let (rdns, rip, rcn) = fixture(&e, "rsa-leaf");
    let rsa = [CertNames {
        index: 0,
        dns: &rdns,
        ip: &rip,
        common_name: Some(&rcn),
    }];
    assert!(check_names(&wanted, &rsa).iter().all(|g| !g.covered));
}

#[test]
fn never_panics_on_odd_input() {
    let odd = [
        "",
        ".",
        "..",
        "*",
        "*.",
        ".*",
        "**",
        "*.*",
        "[",
        "]",
        "[]",
        "[::1",
        "::",
        ":",
        "@",
        "://",
        "http://",
        "a:b:c",
        "ü",
        "é.é",
        "\u{0}",
        "xn--",
        "-.-",
        "1.2.3.4.",
        "1.2.3.4..",
        "[1.2.3.4]",
        "%",
        "é:80",
        "ab:ü",
    ];
    let dns: Vec<String> = odd.iter().map(|s| s.to_string()).collect();
    let certs = [CertNames {
        index: 0,
        dns: &dns,
        ip: &dns,
        common_name: Some("ü*.é"),
    }];
    for p in odd {
        for n in odd {
            let _ = matches_dns(p, n);
        }
    }
    let _ = check_names(&dns, &certs);
    // Pseudo-random strings over a nasty alphabet.
    let alphabet: Vec<char> = "a*.:[]/@é-0ü%1 \u{301}".chars().collect();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..(x % 12) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push(alphabet[(x % alphabet.len() as u64) as usize]);
        }
        let v = vec![s.clone()];
        let c = [CertNames {
            index: 1,
            dns: &v,
            ip: &v,
            common_name: Some(&s),
        }];
        let _ = check_names(&v, &c);
        let _ = matches_dns(&s, &s);
    }
}
