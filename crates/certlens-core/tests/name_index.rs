//! Name coverage is indexed once per certificate (issue 26, item 4): its answers are those of
//! comparing every host with every SAN (`matches_dns`, RFC 6125), and a certificate of 60,000
//! SANs against 3,000 hosts is answered (the outcome is asserted, not the time).

use certlens_core::{check_names, matches_dns, CertNames, MatchKind};

/// What comparing every pair gives: the first certificate by index with a matching SAN, an
/// exact SAN before a wildcard within it.
fn pairwise(name: &str, certs: &[(usize, Vec<String>)]) -> Option<(usize, String, MatchKind)> {
    let mut sorted: Vec<&(usize, Vec<String>)> = certs.iter().collect();
    sorted.sort_by_key(|c| c.0);
    for (index, sans) in sorted {
        let exact = sans
            .iter()
            .find(|s| matches_dns(s, name) == Some(MatchKind::Exact));
        let any = sans.iter().find(|s| matches_dns(s, name).is_some());
        if let Some(s) = exact.or(any) {
            return Some((*index, s.clone(), matches_dns(s, name)?));
        }
    }
    None
}

#[test]
fn indexed_coverage_answers_as_every_pair_does() {
    let labels = ["a", "b", "www", "api", "x-1"];
    let zones = ["example.com", "Example.COM.", "svc.cluster.local", "test", "b.example.com"];
    let mut certs: Vec<(usize, Vec<String>)> = Vec::new();
    for (n, z) in zones.iter().enumerate() {
        let sans = vec![
            format!("*.{z}"),
            format!("{}.{z}", labels[n % labels.len()]),
            format!("w*.{z}"),
            z.to_string(),
        ];
        // Indices out of order, so that "first by index" is not "first given".
        certs.push((10 - n, sans));
    }
    let mut names: Vec<String> = Vec::new();
    for l in labels {
        for z in zones {
            names.push(format!("{l}.{z}"));
            names.push(format!("{l}.{l}.{z}"));
            names.push(z.to_string());
            names.push(format!("*.{z}"));
        }
    }
    let views: Vec<CertNames<'_>> = certs
        .iter()
        .map(|(i, sans)| CertNames {
            index: *i,
            dns: sans,
            ip: &[],
            common_name: None,
        })
        .collect();
    let got = check_names(&names, &views);
    assert!(got.len() > 40);
    let mut covered = 0;
    for g in &got {
        let want = pairwise(&g.name, &certs);
        assert_eq!(g.covered, want.is_some(), "{}", g.name);
        if let Some((i, san, kind)) = want {
            assert_eq!(
                (g.certificate, g.san.clone(), g.kind.clone()),
                (Some(i), Some(san), Some(kind)),
                "{}",
                g.name
            );
        }
        covered += usize::from(g.covered);
    }
    assert!(covered > 20 && covered < got.len(), "{covered}");
}

#[test]
fn sixty_thousand_sans_against_three_thousand_hosts() {
    // From the review: 3,000 hosts against 60,000 SANs ran past 30 s.
    let sans: Vec<String> = (0..60_000).map(|i| format!("host-{i}.apps.example.com")).collect();
    let wild = vec!["*.wild.example.com".to_string()];
    let certs = [
        CertNames {
            index: 0,
            dns: &sans,
            ip: &[],
            common_name: None,
        },
        CertNames {
            index: 1,
            dns: &wild,
            ip: &[],
            common_name: None,
        },
    ];
    let mut hosts: Vec<String> = (0..3_000).map(|i| format!("host-{}.apps.example.com", i * 20)).collect();
    hosts.extend((0..1_000).map(|i| format!("n{i}.wild.example.com")));
    hosts.extend((0..1_000).map(|i| format!("missing-{i}.example.com")));
    let got = check_names(&hosts, &certs);
    assert_eq!(got.len(), 5_000);
    assert!(got[..3_000]
        .iter()
        .all(|g| g.covered && g.certificate == Some(0) && g.kind == Some(MatchKind::Exact)));
    assert_eq!(got[20].san.as_deref(), Some("host-400.apps.example.com"));
    assert!(got[3_000..4_000]
        .iter()
        .all(|g| g.covered && g.certificate == Some(1) && g.kind == Some(MatchKind::Wildcard)));
    assert!(got[4_000..].iter().all(|g| !g.covered));
}
