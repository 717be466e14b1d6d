//! `general.internal_tls`: the CA Secret, each service's Secret, the backend as the router
//! verifies it, and Keycloak's trust in the internal CA.

use super::*;
use crate::doctor::verdict::FixAction;
use crate::model::{Client, PathRule};

/// The page's "Private CA" Make (the CLI's `new internal-tls`) for this deployment: one new CA
/// and every service's certificate from it, `keys` being the ones found wrong.
fn make_internal(cx: &Ctx<'_>, keys: &[&str]) -> FixAction {
    FixAction::MakeInternalTls {
        release: cx.release.clone(),
        namespace: cx.namespace.clone(),
        services: keys.iter().map(|k| k.to_string()).collect(),
        main_host: cx.text(path::ENDPOINT),
    }
}

// ---- general.internal_tls ---------------------------------------------------------------------

pub(super) fn internal_tls(cx: &mut Ctx<'_>, served: Option<&Served>) {
    if !cx.flag(path::INTERNAL_TLS_ENABLED, false) {
        return;
    }
    let source = cx
        .text(path::INTERNAL_SOURCE)
        .unwrap_or_else(|| chart::SOURCE_EXISTING.to_string());
    let verification = cx.flag(path::INTERNAL_VERIFICATION, true);
    if source != chart::SOURCE_EXISTING {
        let mut b = cx.builder(path::INTERNAL_SOURCE);
        b.note(format!("source is {source}: the chart generates the internal certificates itself (SANs NAME, NAME.namespace, NAME.namespace.svc)"));
        cx.out.push(b.finish(format!(
            "the chart generates the internal certificates ({source})"
        )));
        backend(cx, served, None, verification);
        return;
    }
    // The CA Secret.
    let ca_path = path::INTERNAL_CA_SECRET;
    let mut b = cx.builder(ca_path);
    let mut ca_input: Option<Input> = None;
    match cx.text(ca_path) {
        None if verification => b.error_act(
            "empty, but verification is on: the services verify each other against this Secret's ca.crt",
            format!("name a Secret holding key ca.crt (the CA that issued the internal certificates), e.g. {}; certlens makes it with a certificate for every service", chart::internal_ca_secret_name(&cx.release)),
            make_internal(cx, chart::INTERNAL_TLS_MOUNTED_KEYS),
        ),
        None => b.note("empty; verification is off, so no CA is needed"),
        Some(name) => {
            if let Some(s) = cx.secret(&mut b, &name, "the internal CA").cloned() {
                match secret_input(&s, chart::CA_CRT, &mut b) {
                    None if s.entry(chart::CA_CRT).is_none() => b.error(
                        format!("Secret {name} has no key ca.crt"),
                        format!("recreate it with the CA certificate under ca.crt: `kubectl create secret generic {name} --from-file=ca.crt=ca.pem -n {}`", cx.namespace),
                    ),
                    None => {}
                    Some(input) => {
                        let Some(report) = cx.docs.work.inspect(std::slice::from_ref(&input), None) else {
                            b.not_checked(cx.docs.work.refused(), "split the input");
                            cx.out.push(b.finish(""));
                            return;
                        };
                        for e in pool::errors_of(&report, &|_| true) {
                            b.error(e, "replace it with the CA certificate's exact PEM");
                        }
                        if report.certificates.is_empty() {
                            b.error(format!("Secret {name}, ca.crt holds no certificate"), "put the internal CA certificate (PEM) there");
                        }
                        cx.facts.ca_first = report.certificates.first().map(cert_label);
                        if let [first, _, ..] = report.certificates.as_slice() {
                            b.note(format!("ca.crt holds {} certificates: the backend's truststore imports only the first, {} (`keytool -import` reads one certificate from a PEM file), so that one must be the CA that issued the internal services' certificates; nginx (the router) trusts all of them", report.certificates.len(), cert_label(first)));
                        }
                        for c in &report.certificates {
                            if !c.is_ca {
                                b.error(
                                    format!("Secret {name}, ca.crt holds {}, which is not a CA certificate", cert_label(c)),
                                    "ca.crt must hold the CA that issued the internal certificates, not a server certificate",
                                );
                            }
                            if let Some(p) = material::expiry_problem(c, cx.opts.warn_days, "the internal CA") {
                                b.problem(p.level, p.text, p.fix);
                            }
                            b.note(format!("ca.crt: {}", cert_label(c)));
                        }
                        ca_input = Some(input);
                    }
                }
            }
        }
    }
    cx.out
        .push(b.finish("a Secret with ca.crt holding the internal CA"));

    for key in chart::INTERNAL_TLS_MOUNTED_KEYS {
        internal_service(cx, key, ca_input.as_ref(), verification);
    }
    backend(cx, served, ca_input.as_ref(), verification);
    keycloak_trust(cx, ca_input.as_ref());
}

/// With `existing_certificates`, Keycloak trusts the internal CA only through
/// `secrets.customCa` (the chart wires it only when it generates the certificates).
fn keycloak_trust(cx: &mut Ctx<'_>, ca: Option<&Input>) {
    let mut b = Builder::new(
        "secrets.customCa (Keycloak and the internal CA)",
        &cx.v.source,
        line_of(&cx.v.text, &["secrets", "customCa"])
            .or_else(|| line_of(&cx.v.text, &["general", "internal_tls"])),
    );
    let fix = format!(
        "set secrets.customCa.existingCaSecret to a Secret with key {CUSTOM_CA_KEY} holding the internal CA (certlens makes it from ca.crt), or customCaCertificate to its one-line Base64"
    );
    let action = FixAction::MakeCustomCa {
        release: cx.release.clone(),
        namespace: cx.namespace.clone(),
    };
    let cc = cx.text(path::CUSTOM_CA_CERTIFICATE);
    let ex = cx.text(path::CUSTOM_CA_EXISTING);
    let given: Option<Input> = match (&cc, &ex) {
        (None, None) => {
            b.warn_act(
                "with existing_certificates, Keycloak trusts the internal CA only through secrets.customCa, which is not set (the chart wires it only when it generates the certificates)",
                fix,
                action,
            );
            cx.out.push(b.finish(""));
            return;
        }
        (Some(raw), _) => data_value(raw, path::CUSTOM_CA_CERTIFICATE)
            .0
            .map(|bytes| Input::new(path::CUSTOM_CA_CERTIFICATE, bytes)),
        (None, Some(name)) => {
            let (same, _) = cx.docs.secret(name, &cx.namespace);
            match same.and_then(|s| s.entry(CUSTOM_CA_KEY).map(|e| (s, e))) {
                Some((s, e)) => {
                    e.bytes.clone().ok().map(|bytes| {
                        Input::new(format!("Secret {}, {CUSTOM_CA_KEY}", s.name), bytes)
                    })
                }
                None => {
                    b.not_checked(
                        format!("whether Secret {name} (secrets.customCa.existingCaSecret) holds the internal CA; {GIVE_SECRET}"),
                        format!("kubectl get secret {name} -n {} -o yaml", cx.namespace),
                    );
                    cx.out.push(b.finish(""));
                    return;
                }
            }
        }
    };
    match (given, ca) {
        (Some(given), Some(ca)) => {
            let pieces = [given.clone(), ca.clone()];
            let Some(report) = cx.docs.work.inspect(&pieces, None) else {
                b.not_checked(cx.docs.work.refused(), "split the input");
                cx.out.push(b.finish(""));
                return;
            };
            let of = |src: &str| -> Vec<&crate::model::Certificate> {
                report.certificates.iter().filter(|c| c.source == src).collect()
            };
            let trusted = of(&given.name);
            let missing: Vec<String> = of(&ca.name)
                .into_iter()
                .filter(|c| !trusted.iter().any(|t| t.spki_sha256 == c.spki_sha256 && t.subject == c.subject))
                .map(cert_label)
                .collect();
            if !missing.is_empty() {
                b.warn_act(
                    format!("secrets.customCa does not hold the internal CA ({}): Keycloak will not trust the internal certificates", missing.join(", ")),
                    fix,
                    action,
                );
            }
        }
        (_, None) => b.not_checked(
            "whether secrets.customCa holds the internal CA: the CA Secret (existing_ca_secret_name) was not given",
            "drop the CA Secret beside the values",
        ),
        (None, Some(_)) => {} // an unreadable value is reported on its own setting
    }
    cx.out.push(b.finish(
        "secrets.customCa holds the internal CA, so Keycloak trusts the internal certificates",
    ));
}

fn internal_service(cx: &mut Ctx<'_>, key: &str, ca: Option<&Input>, verification: bool) {
    let path = chart::existing_certificate_path(key);
    let mut b = cx.builder(&path);
    let Some(name) = cx.text(&path) else {
        if key == "data_streamer" {
            b.warn(
                "empty: if data_streamer is deployed, its pod mounts a volume with an empty secretName and cannot start",
                "name its Secret (holding tls.crt and tls.key), or leave it empty only while data_streamer is off",
            );
        } else {
            let action = make_internal(cx, &[key]);
            b.error_act(
                format!("empty: the chart mounts {key}'s certificate, and a volume with an empty secretName keeps the pod from starting"),
                format!("name a Secret holding {} for {key} (certlens makes one per service, from one CA)", chart::internal_secret_keys(key).join(" and ")),
                action,
            );
        }
        cx.out.push(b.finish(""));
        return;
    };
    let Some(s) = cx
        .secret(&mut b, &name, &format!("{key}'s certificate"))
        .cloned()
    else {
        cx.out.push(b.finish(""));
        return;
    };
    for k in chart::internal_secret_keys(key) {
        if s.entry(k).is_none() {
            b.error(
                format!(
                    "Secret {name} has no {k}{}",
                    if *k == chart::CA_CRT {
                        " (keycloak_cluster needs tls.crt, tls.key and ca.crt)"
                    } else {
                        ""
                    }
                ),
                format!("add {k} to Secret {name}"),
            );
        }
    }
    let crt = secret_input(&s, chart::TLS_CRT, &mut b);
    let key_in = secret_input(&s, chart::TLS_KEY, &mut b);
    if crt.is_none() {
        cx.out.push(b.finish(""));
        return;
    }
    let crt_what = format!("Secret {name}, tls.crt");
    let key_what = format!("Secret {name}, tls.key");
    let extra: Vec<Input> = ca.cloned().into_iter().collect();
    let ca_name = ca.map(|i| i.name.clone());
    let pc = check_pair(
        PairSpec {
            crt,
            key: key_in,
            extra,
            want_root: false,
            crt_what: &crt_what,
            key_what: &key_what,
            keystore: None,
        },
        cx.docs,
        cx.opts,
        None,
    );
    b.extend(pc.crt.clone());
    b.extend(pc.key.clone());
    service_names_problems(cx, &mut b, &pc, key, &crt_what);
    if key == chart::KEYCLOAK_CLUSTER {
        cluster_eku(&mut b, &pc, &crt_what, make_internal(cx, &[key]));
    }
    // The backend (Java) verifies the service against its truststore, which keytool filled
    // with the FIRST certificate of ca.crt only (then the JVM's cacerts, which do not hold a
    // private CA): that one certificate is the anchor of Java's verdict.
    if verification {
        match (&pc.chain, ca_name) {
            (Some(ch), Some(ca_src)) => {
                let first_cert = pc.report.certificates.iter().find(|c| c.source == ca_src);
                let first_label = first_cert.map(cert_label).unwrap_or_default();
                let first: Vec<Vec<u8>> = first_cert.map(|c| c.der.clone()).into_iter().collect();
                let names = chart::chart_services(&cx.release, &[key])
                    .into_iter()
                    .next()
                    .map(|svc| chart::service_names(&svc.service, &cx.namespace))
                    .unwrap_or_default();
                if !first.is_empty() {
                    let v = cx.docs.work.validate(&pc.report, ch.leaf, &first, false, &names, None);
                    let (rejected, unchecked) =
                        material::rejections(&v, &[(Client::Java, "Java (the backend)")]);
                    for r in rejected {
                        match r.rule {
                            // Said above, with the names wanted and the dates.
                            PathRule::HostnameMismatch | PathRule::Expired | PathRule::NotYetValid => {}
                            PathRule::UnknownIssuer | PathRule::RootNotTrusted => b.error_act(
                                format!("{crt_what} does not chain to the internal CA (the first certificate of ca.crt of existing_ca_secret_name, {first_label}, the only one the backend's truststore imports with `keytool -import`): with verification on, {}{}", r.who(), r.said()),
                                "issue it from the CA that is first in ca.crt (certlens issues every service from one CA), or put its own CA first in ca.crt: `cat ISSUING-CA.pem OTHER-CA.pem > ca.crt`, the issuing CA first",
                                make_internal(cx, &[key]),
                            ),
                            _ => b.error(
                                format!("{crt_what}: with verification on, {}{}; {}", r.who(), r.said(), r.message),
                                format!("issue it again so that Java accepts it: {}", r.rule),
                            ),
                        }
                    }
                    for u in unchecked {
                        b.not_checked(u, "check the certificate on its own against ca.crt (give both, without the values)");
                    }
                }
            }
            (Some(_), None) => b.not_checked(
                "whether it chains to the internal CA: the CA Secret (existing_ca_secret_name) was not given",
                "drop the CA Secret beside the values",
            ),
            _ => {}
        }
    }
    cx.out.push(b.finish(format!(
        "Secret {name}: key matches, covers {key}'s names, valid{}",
        if verification {
            ", chains to the internal CA"
        } else {
            ""
        }
    )));
}

fn backend(cx: &mut Ctx<'_>, served: Option<&Served>, ca: Option<&Input>, verification: bool) {
    if !verification {
        return;
    }
    let mut b = Builder::new(
        format!("{} (backend)", path::INTERNAL_TLS),
        &cx.v.source,
        line_of(&cx.v.text, &["general", "internal_tls"]),
    );
    let fullname = cx.release.clone();
    let backend_name = chart::backend_service(&fullname);
    let Some(s) = served.filter(|s| s.check.leaf().is_some()) else {
        b.not_checked(
            format!("the router verifies the backend as {backend_name} against ca.crt, and the backend serves the main certificate, which was not available"),
            "give the main certificate (certificate.tls.crt, or the Secret certificate.existing_cert names)",
        );
        cx.out.push(b.finish(""));
        return;
    };
    let Some(ca) = ca else {
        let source_generated = cx
            .text(path::INTERNAL_SOURCE)
            .is_some_and(|s| s != chart::SOURCE_EXISTING);
        b.not_checked(
            format!("the router verifies the backend as {backend_name} against ca.crt{}, so the main certificate must chain to that CA; the CA was not given", if source_generated { " (the chart's generated CA)" } else { "" }),
            "drop the internal CA Secret beside the values",
        );
        cx.out.push(b.finish(""));
        return;
    };
    let pieces = [Input::new(s.what.clone(), s.crt.clone()), ca.clone()];
    let Some(report) = cx.docs.work.inspect(&pieces, None) else {
        b.not_checked(cx.docs.work.refused(), "split the input");
        cx.out.push(b.finish(""));
        return;
    };
    let Some(ch) = pool::leaf_from(&report, &|src| src == s.what) else {
        cx.out.push(b.finish(""));
        return;
    };
    // nginx: `proxy_ssl_verify on`, `proxy_ssl_trusted_certificate ca.crt` (every certificate
    // of it, and nothing else, is trusted), default `proxy_ssl_verify_depth 1` (one
    // intermediate at most), and the name of `proxy_pass`; the agent-facing locations set
    // `proxy_ssl_name $host`, the public endpoint.
    let anchors = material::ca_ders(&report, &|src| src == ca.name);
    let router = |names: &[String]| {
        let v = cx
            .docs
            .work
            .validate(&report, ch.leaf, &anchors, false, names, Some(1));
        material::rejections(&v, &[(Client::OpenSsl, "OpenSSL (the router's nginx)")])
    };
    let (rejected, unchecked) = router(std::slice::from_ref(&backend_name));
    let mut why = Vec::new();
    let mut said = String::new();
    for r in &rejected {
        said = r.said();
        match r.rule {
            PathRule::UnknownIssuer | PathRule::RootNotTrusted => {
                why.push("does not chain to a CA in ca.crt".to_string())
            }
            // The names are said below, from the certificate itself.
            PathRule::HostnameMismatch => {}
            PathRule::PathTooLong => why.push("needs more than one intermediate to reach a CA in ca.crt, and nginx's default proxy_ssl_verify_depth 1 allows one".to_string()),
            _ => why.push(format!(
                "is rejected by {}: {}",
                material::join_and(&r.clients),
                r.rule
            )),
        }
    }
    let uncovered: Vec<String> = s
        .check
        .covers(std::slice::from_ref(&backend_name))
        .into_iter()
        .filter(|c| !c.covered)
        .map(|c| c.name)
        .collect();
    if !uncovered.is_empty() {
        why.push(format!("does not cover {}", uncovered.join(", ")));
    }
    // The agent-facing locations: only when the backend name passes, else the problem above
    // already stands for both.
    if let (Some(endpoint), true) = (cx.text(path::ENDPOINT), why.is_empty()) {
        let (agents, _) = router(std::slice::from_ref(&endpoint));
        if let Some(r) = agents.iter().find(|r| r.rule == PathRule::HostnameMismatch) {
            said = r.said();
            why.push(format!("does not cover {endpoint}, the name the agent-facing locations (/debuggees, /socket) verify it as (proxy_ssl_name $host)"));
        }
    }
    for u in unchecked {
        b.not_checked(u, "split the input");
    }
    let leaf = s.check.leaf().map(cert_label).unwrap_or_default();
    if let [only] = why.as_slice() {
        // The chain and the names are right, only nginx's depth is not: the "two ways out"
        // of the other cases do not apply.
        if only.starts_with("needs more than one intermediate") {
            b.error(
                format!("backend: the router verifies the backend as {backend_name} against ca.crt, and the main certificate {leaf} {only}{said}"),
                "issue the main certificate from a CA that ca.crt holds or from one intermediate below it, or add the intermediate CA to ca.crt after the internal CA (nginx trusts every certificate of it; the backend's truststore imports only the first): `cat INTERNAL-CA.pem INTERMEDIATE.pem > ca.crt`",
            );
            why.clear();
        }
    }
    if !why.is_empty() {
        let action = make_internal(cx, &[]);
        b.error_act(
            format!("{}{said}", backend_problem(&fullname, &leaf, &why)),
            format!("issue the main certificate from the internal CA with {backend_name} and the public host among its names (certlens's private CA makes it with the services' certificates), or put both CAs in ca.crt and add {backend_name} to the main certificate; in ca.crt the internal CA (the issuer of the internal services) must come FIRST, because the backend's truststore imports only the first certificate (`keytool -import`), while nginx trusts every certificate of the file: `cat INTERNAL-CA.pem MAIN-CA.pem > ca.crt`, in that order"),
            action,
        );
    }
    cx.out.push(b.finish(format!("the main certificate chains to the internal CA and covers {backend_name}, as the router's verification needs")));
}

/// Keycloak's cluster cache uses `keycloak_cluster` as client AND server certificate (mutual
/// TLS): an extended key usage, when present, must allow both.
fn cluster_eku(b: &mut Builder, pc: &PairCheck, crt_what: &str, remake: FixAction) {
    let Some(leaf) = pc.leaf() else { return };
    let eku = &leaf.extended_key_usage;
    if eku.is_empty() || eku.iter().any(|e| e == "anyExtendedKeyUsage") {
        b.note("no extended key usage restriction: usable for Keycloak's mutual TLS (client and server)".to_string());
        return;
    }
    let missing: Vec<&str> = ["serverAuth", "clientAuth"]
        .into_iter()
        .filter(|w| !eku.iter().any(|e| e == w))
        .collect();
    if missing.is_empty() {
        b.note(format!("extended key usage {}: client and server, as Keycloak's mutual TLS needs", eku.join(", ")));
    } else {
        b.error_act(
            format!("{crt_what} ({}) has extended key usage {} without {}: Keycloak's cluster cache uses it as client and server certificate (mutual TLS, KC_CACHE_EMBEDDED_MTLS_*), so the peers refuse each other and the cache does not form", cert_label(leaf), eku.join(", "), missing.join(" and ")),
            "issue it again with extended key usage serverAuth and clientAuth (certlens's internal certificates have both), e.g. openssl: `-addext extendedKeyUsage=serverAuth,clientAuth`",
            remake,
        );
    }
}

/// Whether the certificate covers the names the service's clients use (and the full name
/// under `general.cluster_domain`).
fn service_names_problems(
    cx: &Ctx<'_>,
    b: &mut Builder,
    pc: &PairCheck,
    key: &str,
    crt_what: &str,
) {
    let service = chart::chart_services(&cx.release, &[key])
        .into_iter()
        .next();
    match service {
        Some(svc) => {
            let required = chart::required_service_names(&svc.service, &cx.namespace);
            let uncovered: Vec<String> = pc
                .covers(&required)
                .into_iter()
                .filter(|c| !c.covered)
                .map(|c| c.name)
                .collect();
            if !uncovered.is_empty() && pc.leaf().is_some() {
                b.error_act(
                    format!(
                        "{crt_what} does not cover {}: {key}'s clients use {}",
                        uncovered.join(", "),
                        if uncovered.len() == 1 {
                            "this name"
                        } else {
                            "these names"
                        }
                    ),
                    format!(
                        "issue it with DNS names {} (certlens's internal certificates carry them)",
                        required.join(", ")
                    ),
                    make_internal(cx, &[key]),
                );
            }
            let domain = cx.text(path::CLUSTER_DOMAIN);
            let full = format!(
                "{}.{}.svc.{}",
                svc.service,
                cx.namespace,
                domain.as_deref().unwrap_or(chart::DEFAULT_CLUSTER_DOMAIN)
            );
            if let Some(c) = pc.covers(std::slice::from_ref(&full)).first() {
                if !c.covered {
                    if domain.is_some() {
                        b.warn(
                            format!(
                                "{crt_what} does not cover {full} (general.cluster_domain is set)"
                            ),
                            format!("add {full} to its DNS names if clients use the full name"),
                        );
                    } else {
                        b.note(format!(
                            "{full} is not covered (clients of the chart use the shorter names)"
                        ));
                    }
                }
            }
            b.note(format!("{key} is Service {}", svc.service));
        }
        None => b.note(format!(
            "{key}: the chart facts give no DNS names for it; names not checked"
        )),
    }
}
