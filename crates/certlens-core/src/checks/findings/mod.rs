//! The questions users actually have, answered over the whole pool: chain order, key match,
//! expiry, name coverage, pins, and lint findings with a one-line fix each.

use crate::model::{
    Certificate, ChainExpiry, Finding, KeyFormat, NameCoverage, PinCheck, PinTarget, Report,
    Severity, SignatureStatus, ValidityStatus,
};

use crate::asn1;
use crate::checks::chain::{self, ChainAnalysis, ChainCert};
use crate::checks::names::{self, CertNames};
use crate::checks::pinlist;

fn finding(
    severity: Severity,
    code: &str,
    message: String,
    fix: &str,
    certificates: Vec<usize>,
) -> Finding {
    Finding {
        severity,
        code: code.into(),
        message,
        fix: fix.into(),
        certificates,
        private_keys: Vec::new(),
    }
}

/// Raw pieces for chain building, from a described certificate.
pub fn chain_cert(c: &Certificate) -> ChainCert {
    let (tbs, alg, sig) = asn1::split_signed(&c.der).unwrap_or_default();
    ChainCert {
        index: c.index,
        subject: c.raw.subject.clone(),
        issuer: c.raw.issuer.clone(),
        ski: c.raw.ski.clone(),
        aki: c.raw.aki.clone(),
        spki: c.raw.spki.clone(),
        tbs: tbs.to_vec(),
        signature_algorithm: alg.to_vec(),
        signature: sig.to_vec(),
        fingerprint: c.raw.fingerprint,
        is_ca: c.is_ca,
        self_signature: c.self_signature.clone(),
    }
}

/// Chains of the pool (empty when signature checks are off and nothing links by name alone).
pub fn chains(certs: &[Certificate], verify: bool) -> ChainAnalysis {
    // Later copies of a certificate only need their index and fingerprint: the chain module
    // groups duplicates by fingerprint and works on the first of each group.
    let mut seen = std::collections::HashSet::new();
    let cc: Vec<ChainCert> = certs
        .iter()
        .map(|c| {
            if !seen.insert(c.raw.fingerprint) {
                return ChainCert {
                    index: c.index,
                    subject: Vec::new(),
                    issuer: Vec::new(),
                    ski: None,
                    aki: None,
                    spki: Vec::new(),
                    tbs: Vec::new(),
                    signature_algorithm: Vec::new(),
                    signature: Vec::new(),
                    fingerprint: c.raw.fingerprint,
                    is_ca: c.is_ca,
                    self_signature: c.self_signature.clone(),
                };
            }
            let mut cc = chain_cert(c);
            if !verify && c.self_issued && c.self_signature.is_none() {
                cc.self_signature = Some(SignatureStatus::NotChecked);
            }
            cc
        })
        .collect();
    chain::analyse_with(&cc, verify)
}

/// Short name of a certificate for messages: its CN, else its subject.
pub fn short_name(c: &Certificate) -> String {
    let name = c.common_name.clone().unwrap_or_else(|| c.subject.clone());
    format!("#{} ({name})", c.index)
}

/// Where each certificate was found: its input and the containers inside it (a Secret's
/// `data.tls.crt`, a PKCS#12's bag...). Order and repeats only mean something within one
/// place: a `kubectl get secret -o yaml` lists `ca.crt` before `tls.crt`, and a root in both
/// is no mistake.
pub(crate) struct Places<'r> {
    report: &'r Report,
    paths: std::collections::HashMap<(&'r str, usize), &'r [String]>,
}

impl<'r> Places<'r> {
    pub(crate) fn of(report: &'r Report) -> Self {
        let paths = report
            .inputs
            .iter()
            .flat_map(|i| {
                i.blocks
                    .iter()
                    .map(move |b| ((i.name.as_str(), b.index), b.path.as_slice()))
            })
            .collect();
        Places { report, paths }
    }

    /// (input, path inside it) of certificate `i`.
    pub(crate) fn of_certificate(&self, i: usize) -> Option<(&'r str, Option<&'r [String]>)> {
        self.report.certificates.get(i).map(|c| {
            (
                c.source.as_str(),
                self.paths.get(&(c.source.as_str(), c.block)).copied(),
            )
        })
    }

    /// Whether one place holds two of the (identical) certificates of `group`.
    fn repeated_in_one_place(&self, group: &[usize]) -> bool {
        let seen_in: Vec<_> = group.iter().map(|&i| self.of_certificate(i)).collect();
        seen_in
            .iter()
            .enumerate()
            .any(|(a, p)| seen_in.get(..a).is_some_and(|before| before.contains(p)))
    }

    /// Whether one place lists a certificate of `order` (leaf first) after the one it issued.
    pub(crate) fn misordered(&self, order: &[usize]) -> bool {
        order.iter().enumerate().any(|(i, &a)| {
            order.get(i + 1..).is_some_and(|later| {
                later
                    .iter()
                    .any(|&b| b < a && self.of_certificate(a) == self.of_certificate(b))
            })
        })
    }
}

/// For each group of `report.duplicates`, whether one place (one file, one key of a Secret)
/// holds the certificate more than once: a mistake, unlike the same certificate in two places.
pub fn duplicates_in_one_place(report: &Report) -> Vec<bool> {
    let places = Places::of(report);
    report
        .duplicates
        .iter()
        .map(|group| places.repeated_in_one_place(group))
        .collect()
}

/// Items for a sentence: the first ten joined with `sep`, then how many more (a CA bundle has
/// a hundred roots).
pub fn first_ten(items: &[String], sep: &str) -> String {
    const NAMED: usize = 10;
    match items.get(..NAMED) {
        Some(first) if items.len() > NAMED => {
            format!("{} and {} more", first.join(sep), items.len() - NAMED)
        }
        _ => items.join(sep),
    }
}

fn is_leaf_in_chain(report: &Report, idx: usize) -> bool {
    report.chains.iter().any(|ch| {
        ch.order.first() == Some(&idx)
            && (ch.order.len() > 1 || report.certificates.get(idx).is_some_and(|c| !c.is_ca))
    })
}

/// Per-chain expiry.
pub fn chain_expiry(report: &Report, warn_days: i64) -> Vec<ChainExpiry> {
    report
        .chains
        .iter()
        .enumerate()
        .filter_map(|(i, ch)| {
            let c = ch
                .order
                .iter()
                .filter_map(|&j| report.certificates.get(j))
                .min_by_key(|c| c.not_after_unix)?;
            Some(ChainExpiry {
                chain: i,
                certificate: c.index,
                not_after: c.not_after.clone(),
                days_left: c.validity.days_left,
                status: c.validity.status,
                expires_soon: c.validity.status == ValidityStatus::Valid
                    && c.validity.days_left < warn_days,
            })
        })
        .collect()
}

/// All lint findings of a report whose chains are filled in. Sorted by severity.
pub fn findings(report: &Report, warn_days: i64) -> Vec<Finding> {
    let mut out = Vec::new();
    let certs = &report.certificates;

    // Copies of a certificate get no findings of their own: `duplicate_certificate` names them.
    let mut seen = std::collections::HashSet::new();
    for c in certs {
        if !seen.insert(c.raw.fingerprint) {
            continue;
        }
        let leaf = is_leaf_in_chain(report, c.index);
        // Clients never check a root's self-signature; self-issued is enough to know (the
        // signature itself may not have been checked yet).
        let self_root = c.self_issued && c.is_ca;
        match c.validity.status {
            ValidityStatus::Expired => out.push(finding(
                Severity::Error,
                "expired",
                format!(
                    "{} expired on {} ({} days ago)",
                    short_name(c),
                    c.not_after,
                    -c.validity.days_left
                ),
                if self_root {
                    "An expired root anchors nothing: remove it from the bundle or trust store, and replace any chain that ends in it."
                } else {
                    "Renew the certificate and replace it everywhere it is deployed."
                },
                vec![c.index],
            )),
            ValidityStatus::NotYetValid => out.push(finding(
                Severity::Error,
                "not_yet_valid",
                format!("{} is not valid before {}", short_name(c), c.not_before),
                "Check the issuing system's clock, or wait until notBefore.",
                vec![c.index],
            )),
            ValidityStatus::Valid if c.validity.days_left < warn_days => out.push(finding(
                Severity::Warning,
                "expires_soon",
                format!(
                    "{} expires on {}, in {} days",
                    short_name(c),
                    c.not_after,
                    c.validity.days_left
                ),
                if self_root {
                    "Add its successor root to trust stores and ca.crt before then, and move chains that end in it to that root."
                } else {
                    "Renew it now; rotate the Secret before the expiry date."
                },
                vec![c.index],
            )),
            _ => {}
        }
        if c.public_key.algorithm.starts_with("rsa") && c.public_key.bits.is_some_and(|b| b < 2048)
        {
            out.push(finding(
                Severity::Error,
                "rsa_key_too_small",
                format!(
                    "{} has a {}-bit RSA key; clients reject RSA below 2048 bits",
                    short_name(c),
                    c.public_key.bits.unwrap_or(0)
                ),
                "Issue a new certificate with an RSA 2048+ or EC P-256 key.",
                vec![c.index],
            ));
        }
        let sig = c.signature_algorithm.to_ascii_lowercase();
        let weak = if sig.starts_with("md5") || sig.starts_with("md2") {
            Some("MD5")
        } else if sig.starts_with("sha1") || sig == "ecdsa-with-sha1" || sig == "dsawithsha1" {
            Some("SHA-1")
        } else {
            None
        };
        if let Some(h) = weak {
            // A root's self-signature is never checked by clients: only info there.
            let severity = if self_root {
                Severity::Info
            } else {
                Severity::Error
            };
            out.push(finding(
                severity,
                "weak_signature",
                if self_root {
                    format!(
                        "{} signs itself with {h} ({}); harmless: clients do not check a root's own signature",
                        short_name(c),
                        c.signature_algorithm
                    )
                } else {
                    format!(
                        "{} is signed with {h} ({}); browsers and modern TLS libraries reject it",
                        short_name(c),
                        c.signature_algorithm
                    )
                },
                if self_root {
                    "Nothing to do: only the signatures below a root are checked."
                } else {
                    "Reissue it signed with SHA-256 or better."
                },
                vec![c.index],
            ));
        }
        if leaf {
            if c.san.dns.is_empty() && c.san.ip.is_empty() {
                out.push(finding(
                    Severity::Error,
                    "leaf_without_san",
                    format!("{} has no Subject Alternative Name; clients ignore the Common Name and will reject it", short_name(c)),
                    "Reissue it with every host name in the SAN extension.",
                    vec![c.index],
                ));
            }
            if c.is_ca {
                out.push(finding(
                    Severity::Warning,
                    "leaf_is_ca",
                    format!("{} is used as a leaf but has CA:TRUE", short_name(c)),
                    "Reissue the server certificate with basicConstraints CA:FALSE.",
                    vec![c.index],
                ));
            }
            let days = (c.not_after_unix - c.not_before_unix) / 86_400;
            if days > 398 && !c.self_signed {
                out.push(finding(
                    Severity::Info,
                    "leaf_validity_over_398_days",
                    format!(
                        "{} is valid for {days} days; public CAs and browsers cap leaves at 398",
                        short_name(c)
                    ),
                    "Fine for a private CA; for public trust issue shorter-lived certificates.",
                    vec![c.index],
                ));
            }
            let eku = &c.extended_key_usage;
            if !eku.is_empty()
                && !eku
                    .iter()
                    .any(|e| e == "serverAuth" || e == "anyExtendedKeyUsage")
            {
                out.push(finding(
                    Severity::Warning,
                    "no_server_auth",
                    format!("{} has an Extended Key Usage without serverAuth ({}); TLS servers cannot use it", short_name(c), eku.join(", ")),
                    "Reissue it with extendedKeyUsage serverAuth.",
                    vec![c.index],
                ));
            }
        }
    }

    for (i, ch) in report.chains.iter().enumerate() {
        let names: Vec<String> = ch
            .order
            .iter()
            .filter_map(|&j| certs.get(j))
            .map(short_name)
            .collect();
        if ch.misordered {
            let mut input = ch.order.clone();
            input.sort_unstable();
            out.push(finding(
                Severity::Error,
                "chain_misordered",
                format!(
                    "chain {}: the certificates are in the wrong order; the correct order is {} (leaf first)",
                    i + 1,
                    names.join(" → ")
                ),
                "Use the reordered full chain (certlens chain, or Download full-chain.crt).",
                ch.order.clone(),
            ));
        }
        if ch.missing_intermediate {
            let last = ch.order.last().and_then(|&j| certs.get(j));
            out.push(finding(
                Severity::Error,
                "missing_intermediate",
                format!(
                    "chain {}: the issuer of {} is missing ({}); clients without it cannot build the chain",
                    i + 1,
                    last.map(short_name).unwrap_or_default(),
                    last.map(|c| c.issuer.clone()).unwrap_or_default()
                ),
                "Add the intermediate CA certificate after the leaf (your CA's bundle has it).",
                ch.order.clone(),
            ));
        } else if !ch.root_included && !ch.order.is_empty() && !ch.complete {
            out.push(finding(
                Severity::Info,
                "root_not_included",
                format!("chain {}: the root CA is not included", i + 1),
                "Servers normally omit the root; add it only where the chart wants the full chain or a ca.crt.",
                ch.order.clone(),
            ));
        }
        for l in &ch.links {
            match l.signature {
                SignatureStatus::Invalid => out.push(finding(
                    Severity::Error,
                    "invalid_signature",
                    format!(
                        "chain {}: the signature on {} does not verify with the key of {} ({})",
                        i + 1,
                        certs.get(l.child).map(short_name).unwrap_or_default(),
                        certs.get(l.parent).map(short_name).unwrap_or_default(),
                        l.detail
                    ),
                    "The certificate is corrupted or was not issued by this CA; get a fresh copy from the issuer.",
                    vec![l.child, l.parent],
                )),
                SignatureStatus::Unsupported => out.push(finding(
                    Severity::Info,
                    "unsupported_signature",
                    format!("chain {}: the signature on {} was not checked ({})", i + 1, certs.get(l.child).map(short_name).unwrap_or_default(), l.detail),
                    "Verify this link with openssl verify.",
                    vec![l.child, l.parent],
                )),
                // Checks were switched off: the chain view says so; nothing to fix.
                SignatureStatus::Valid | SignatureStatus::NotChecked => {}
            }
        }
    }
    if report.chains.len() > 1 {
        out.push(finding(
            Severity::Info,
            "several_chains",
            format!(
                "the input holds {} separate chains; each is checked on its own",
                report.chains.len()
            ),
            "Give the chart one leaf and its chain per Secret.",
            report
                .chains
                .iter()
                .filter_map(|c| c.order.first().copied())
                .collect(),
        ));
    }
    // A certificate listed twice in one file (or one key of a Secret) is a mistake; the same
    // certificate in two places is not (the root in tls.crt and in ca.crt, a chain file next
    // to a full-chain file).
    let places = Places::of(report);
    for group in report
        .duplicates
        .iter()
        .filter(|g| places.repeated_in_one_place(g))
    {
        out.push(finding(
            Severity::Warning,
            "duplicate_certificate",
            format!(
                "{} appears {} times",
                group
                    .first()
                    .and_then(|&g| certs.get(g))
                    .map(short_name)
                    .unwrap_or_default(),
                group.len()
            ),
            "Remove the copies; a chain lists each certificate once.",
            group.clone(),
        ));
    }
    if !report.unrelated.is_empty() && !report.chains.is_empty() {
        let unrelated: Vec<&Certificate> = report
            .unrelated
            .iter()
            .filter_map(|&j| certs.get(j))
            .collect();
        let names: Vec<String> = unrelated.iter().map(|c| short_name(c)).collect();
        // A CA bundle dropped next to a chain: name a few, count the rest.
        let listed = first_ten(&names, ", ");
        let roots_only = unrelated.iter().all(|c| c.self_issued && c.is_ca);
        out.push(finding(
            Severity::Warning,
            "unrelated_certificate",
            format!(
                "{listed} belong{} to no chain in this input",
                if report.unrelated.len() == 1 { "s" } else { "" }
            ),
            if roots_only && report.unrelated.len() > 1 {
                "These are roots no chain here ends in, as in a CA bundle (trust store): inspect that on its own; a server's tls.crt holds only its own chain."
            } else {
                "Remove certificates that are not part of the server's chain."
            },
            report.unrelated.clone(),
        ));
    }

    for k in &report.private_keys {
        let mut f = |severity, code: &str, message: String, fix: &str, certificates: Vec<usize>| {
            let mut x = finding(severity, code, message, fix, certificates);
            x.private_keys = vec![k.index];
            out.push(x);
        };
        // An encrypted key gets one finding, which says what to use instead; its format is
        // handled by the same fix (the unencrypted key certlens writes is PKCS#8 or PKCS#1).
        match k.format {
            _ if k.encrypted => {}
            KeyFormat::Pkcs1 | KeyFormat::Pkcs8 => {}
            KeyFormat::Sec1 | KeyFormat::Sec1LegacyEncrypted => f(
                Severity::Warning,
                "key_format_sec1",
                format!("private key #{} is SEC1 (BEGIN EC PRIVATE KEY); charts and tools that demand PKCS#1 or PKCS#8 reject it", k.index),
                "Convert it to PKCS#8 (BEGIN PRIVATE KEY).",
                Vec::new(),
            ),
            other => f(
                Severity::Warning,
                "key_format",
                format!("private key #{} is {}; the chart needs PKCS#1 or PKCS#8 PEM", k.index, other.describe()),
                "Convert it to PKCS#8 (BEGIN PRIVATE KEY).",
                Vec::new(),
            ),
        }
        if k.encrypted && k.needs_password {
            f(
                Severity::Warning,
                "key_encrypted",
                format!("private key #{} is {} and its password was not given; Kubernetes TLS Secrets and the chart need it unencrypted", k.index, k.format.describe()),
                "Give its password (the page's password box, or --password-file): certlens then checks it against the certificates and writes it unencrypted as PKCS#8 (or PKCS#1 for RSA).",
                Vec::new(),
            );
        } else if k.encrypted {
            f(
                Severity::Warning,
                "key_encrypted",
                format!("private key #{} is {}, opened with the password given; Kubernetes TLS Secrets and the chart need it unencrypted", k.index, k.format.describe()),
                "Deploy the unencrypted key certlens writes (tls.key in the values and Secret outputs, or convert-key), not this file.",
                Vec::new(),
            );
        }
        if k.spki_sha256.is_some() && k.matches.is_empty() && !certs.is_empty() {
            f(
                Severity::Error,
                "key_matches_no_certificate",
                format!("private key #{} does not belong to any certificate in this input", k.index),
                "Find the key that was used to request this certificate; a TLS server cannot use a mismatched pair.",
                Vec::new(),
            );
        }
        // The file that holds the key's certificate must start with it; ingress controllers and
        // the chart take the first certificate of tls.crt as the one the key belongs to.
        let key_cert = k.matches.first().and_then(|&m| certs.get(m));
        let file_first = key_cert.and_then(|kc| {
            let here = places.of_certificate(kc.index);
            certs
                .iter()
                .find(|c| places.of_certificate(c.index) == here)
        });
        if let (Some(kc), Some(ff)) = (key_cert, file_first) {
            if !k.matches.contains(&ff.index) {
                {
                    f(
                        Severity::Error,
                        "key_not_first_certificate",
                        format!(
                            "private key #{} matches {}, but its certificate file starts with {}: ingress controllers report \"key values mismatch\"",
                            k.index,
                            short_name(kc),
                            short_name(ff)
                        ),
                        "Put the certificate that matches the key first (use the reordered full chain).",
                        vec![kc.index, ff.index],
                    );
                }
            }
        }
    }
    out.sort_by_key(|f| f.severity);
    out
}

/// Which certificate covers each name (RFC 6125), over every certificate of the report.
pub fn cover_names(report: &Report, names_to_check: &[String]) -> Vec<NameCoverage> {
    let certs: Vec<CertNames<'_>> = report
        .certificates
        .iter()
        .map(|c| CertNames {
            index: c.index,
            dns: &c.san.dns,
            ip: &c.san.ip,
            common_name: c.common_name.as_deref(),
        })
        .collect();
    names::check_names(names_to_check, &certs)
}

/// Expand `--service` names with a namespace into every name clients use.
pub fn expand_services(services: &[String], namespace: Option<&str>) -> Vec<String> {
    services
        .iter()
        .flat_map(|s| names::service_names(s, namespace.unwrap_or("")))
        .collect()
}

/// Check a pasted pin list against every certificate and key of the report.
pub fn check_pin_list(report: &Report, text: &str) -> PinCheck {
    let mut targets = Vec::new();
    for c in &report.certificates {
        targets.push(PinTarget {
            kind: "certificate".into(),
            index: c.index,
            label: short_name(c),
            spki_sha256: c.spki_sha256.clone(),
            is_leaf: is_leaf_in_chain(report, c.index) || (!c.is_ca && report.chains.is_empty()),
        });
    }
    for k in &report.private_keys {
        if let Some(pin) = &k.spki_sha256 {
            targets.push(PinTarget {
                kind: "private_key".into(),
                index: k.index,
                label: format!("private key #{}", k.index),
                spki_sha256: pin.clone(),
                is_leaf: false,
            });
        }
    }
    for k in &report.public_keys {
        targets.push(PinTarget {
            kind: "public_key".into(),
            index: k.index,
            label: format!("public key #{}", k.index),
            spki_sha256: k.spki_sha256.clone(),
            is_leaf: false,
        });
    }
    pinlist::check_pins(pinlist::parse_pin_list(text), &targets)
}

/// Findings for names that are not covered.
pub fn name_findings(coverage: &[NameCoverage]) -> Vec<Finding> {
    coverage
        .iter()
        .filter(|n| !n.covered)
        .map(|n| {
            finding(
                Severity::Error,
                "name_not_covered",
                match &n.note {
                    Some(note) => format!("{} is not covered: {note}", n.name),
                    None => format!("{} is not covered by any certificate", n.name),
                },
                "Reissue the certificate with this name in its SAN extension.",
                n.certificate.into_iter().collect(),
            )
        })
        .collect()
}

/// The chain to use when the user did not pick one: the chain whose leaf matches a private
/// key, else the longest, else the first.
pub fn primary_chain(report: &Report) -> Option<usize> {
    let keyed = report.chains.iter().position(|ch| {
        ch.order
            .first()
            .is_some_and(|leaf| report.private_keys.iter().any(|k| k.matches.contains(leaf)))
    });
    keyed.or_else(|| {
        report
            .chains
            .iter()
            .enumerate()
            .max_by_key(|(i, ch)| (ch.order.len(), usize::MAX - i))
            .map(|(i, _)| i)
    })
}

/// The full chain as PEM in the correct order (leaf → intermediates → root), the root only
/// when asked for and present.
pub fn full_chain_pem(
    report: &Report,
    chain: Option<usize>,
    include_root: bool,
) -> Result<String, String> {
    let i = match chain {
        Some(i) => i,
        None => primary_chain(report).ok_or("no certificate chain in the input")?,
    };
    let ch = report.chains.get(i).ok_or_else(|| {
        format!(
            "there is no chain {}; the input has {}",
            i + 1,
            report.chains.len()
        )
    })?;
    let mut pem = String::new();
    for (n, &j) in ch.order.iter().enumerate() {
        let c = report
            .certificates
            .get(j)
            .ok_or("certificate index out of range")?;
        let is_root = n + 1 == ch.order.len() && n > 0 && c.self_signed;
        if is_root && !include_root {
            continue;
        }
        pem.push_str(&crate::input::pem::encode("CERTIFICATE", &c.der));
    }
    Ok(pem)
}
