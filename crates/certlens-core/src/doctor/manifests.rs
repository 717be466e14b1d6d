//! Kubernetes manifests: Ingress `tls[]` entries and cert-manager Certificates against the
//! Secrets they name (the check kube-lego made: the Secret exists, holds a valid key pair, is
//! not expired, covers every host). Secrets are looked up in the namespace the manifest gives
//! (the release namespace when it gives none).

use yaml_rust2::Yaml;

use crate::doctor::material::{check_pair, PairCheck, PairSpec};
use crate::doctor::verdict::{Builder, Verdict};
use crate::doctor::{Docs, DoctorOptions, Manifest};
use crate::input::k8s::Secret;
use crate::input::Input;
use crate::output::cert_label;

fn strings(node: &Yaml) -> Vec<String> {
    node.as_vec()
        .map(|v| {
            v.iter()
                .filter_map(|h| h.as_str().map(|s| s.trim().to_string()))
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The first line of `text` holding `needle` (1-based): manifests are often several documents
/// in one file, so the line of the `secretName:` is the useful one.
fn line_with(text: &str, after: &str, needle: &str) -> Option<usize> {
    let start = text
        .lines()
        .position(|l| l.trim_end() == after)
        .unwrap_or(0);
    text.lines()
        .enumerate()
        .skip(start)
        .find(|(_, l)| l.contains(needle))
        .map(|(n, _)| n + 1)
}

fn secret_input(s: &Secret, key: &str, b: &mut Builder) -> Option<Input> {
    let e = s.entry(key)?;
    match &e.bytes {
        Ok(bytes) => Some(Input::new(
            format!("Secret {}, {key}", s.id()),
            bytes.clone(),
        )),
        Err(detail) => {
            b.error(
                format!("Secret {}: data.{key} is not valid Base64: {detail}", s.id()),
                "recreate the Secret: `kubectl create secret tls NAME --cert=full-chain.crt --key=tls.key`",
            );
            None
        }
    }
}

/// The Secret `name` in `ns` checked as a TLS Secret, and what it serves; problems go to `b`.
fn tls_secret(
    docs: &Docs,
    opts: &DoctorOptions,
    b: &mut Builder,
    name: &str,
    ns: &str,
    who: &str,
) -> Option<PairCheck> {
    let (same, other) = docs.secret(name, ns);
    let Some(s) = same else {
        match other {
            Some(o) => b.error(
                format!(
                    "Secret {name} was given in namespace {}, but {who} is in {ns}: it can only use a Secret of its own namespace",
                    o.namespace.as_deref().unwrap_or("?")
                ),
                format!("create the Secret in namespace {ns}"),
            ),
            None => b.not_checked(
                format!("Secret {name} must exist in namespace {ns}; {}", super::GIVE_SECRET),
                format!("kubectl get secret {name} -n {ns} -o yaml > {name}.yaml, and drop it beside the manifests"),
            ),
        }
        return None;
    };
    for k in ["tls.crt", "tls.key"] {
        if s.entry(k).is_none() {
            b.error(
                format!("Secret {name} has no {k}"),
                format!("recreate it: `kubectl create secret tls {name} --cert=full-chain.crt --key=tls.key -n {ns}`"),
            );
        }
    }
    let crt = secret_input(s, "tls.crt", b)?;
    let key = secret_input(s, "tls.key", b);
    let crt_what = format!("Secret {name}, tls.crt");
    let key_what = format!("Secret {name}, tls.key");
    let pc = check_pair(
        PairSpec {
            crt: Some(crt),
            key,
            extra: Vec::new(),
            want_root: false,
            crt_what: &crt_what,
            key_what: &key_what,
            keystore: None,
        },
        docs,
        opts,
        None,
    );
    b.extend(pc.crt.clone());
    b.extend(pc.key.clone());
    for n in &pc.notes {
        b.note(n.clone());
    }
    Some(pc)
}

fn hosts_problem(b: &mut Builder, pc: &PairCheck, hosts: &[String], name: &str, fix_hint: &str) {
    let uncovered: Vec<String> = pc
        .covers(hosts)
        .into_iter()
        .filter(|c| !c.covered)
        .map(|c| c.name)
        .collect();
    if !uncovered.is_empty() && pc.leaf().is_some() {
        let has = pc
            .leaf()
            .map(|l| l.san.dns.join(", "))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "none".to_string());
        b.error(
            format!(
                "Secret {name}'s certificate {} does not cover {}: clients of {} get a name mismatch",
                pc.leaf().map(cert_label).unwrap_or_default(),
                uncovered.join(", "),
                if uncovered.len() == 1 { "it" } else { "them" }
            ),
            format!("{fix_hint} (the certificate's DNS names: {has})"),
        );
    }
}

fn ingress(m: &Manifest, docs: &Docs, opts: &DoctorOptions, out: &mut Vec<Verdict>) {
    let name = m.doc["metadata"]["name"].as_str().unwrap_or("(unnamed)");
    let ns = m.doc["metadata"]["namespace"]
        .as_str()
        .unwrap_or(opts.namespace.trim());
    let api = m.doc["apiVersion"].as_str().unwrap_or("");
    let tls = m.doc["spec"]["tls"].as_vec().cloned().unwrap_or_default();
    let mut tls_hosts: Vec<String> = Vec::new();
    for (i, entry) in tls.iter().enumerate() {
        let hosts = strings(&entry["hosts"]);
        tls_hosts.extend(hosts.iter().cloned());
        let secret = entry["secretName"]
            .as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let setting = format!("Ingress {ns}/{name}, spec.tls[{i}]");
        let line =
            secret.and_then(|s| line_with(&m.text, "kind: Ingress", &format!("secretName: {s}")));
        let mut b = Builder::new(setting, &m.source, line);
        if api != "networking.k8s.io/v1" {
            b.note(format!(
                "apiVersion {api}; Kubernetes 1.22+ serves only networking.k8s.io/v1"
            ));
        }
        let Some(secret) = secret else {
            b.error(
                "no secretName: the ingress controller serves its default certificate, which does not cover these hosts",
                "name the kubernetes.io/tls Secret that holds the hosts' certificate",
            );
            out.push(b.finish(""));
            continue;
        };
        if hosts.is_empty() {
            b.warn(
                "no hosts listed: the Secret is the controller's fallback for every host of this Ingress",
                "list the hosts the certificate serves under tls[].hosts",
            );
        }
        if let Some(pc) = tls_secret(docs, opts, &mut b, secret, ns, &format!("Ingress {name}")) {
            hosts_problem(
                &mut b,
                &pc,
                &hosts,
                secret,
                "issue the certificate with every host of this tls entry, or split the entry by certificate",
            );
        }
        out.push(b.finish(format!(
            "Secret {secret} holds a valid certificate for {} with its key",
            hosts.join(", ")
        )));
    }
    // Hosts routed but served without TLS.
    let mut plain: Vec<String> = Vec::new();
    // Hash sets, so that thousands of rules against thousands of tls hosts stay linear.
    let in_tls: std::collections::HashSet<String> =
        tls_hosts.iter().map(|t| t.to_ascii_lowercase()).collect();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    if let Some(rules) = m.doc["spec"]["rules"].as_vec() {
        for r in rules {
            if let Some(h) = r["host"].as_str() {
                if !tls.is_empty() && !in_tls.contains(&h.to_ascii_lowercase()) && seen.insert(h) {
                    plain.push(h.to_string());
                }
            }
        }
    }
    if !plain.is_empty() {
        let mut b = Builder::new(format!("Ingress {ns}/{name}, spec.rules"), &m.source, None);
        b.warn(
            format!(
                "{} routed but in no tls entry: served with the controller's default certificate",
                plain.join(", ")
            ),
            "add the hosts to a tls entry whose Secret covers them",
        );
        out.push(b.finish(""));
    }
}

fn certificate(m: &Manifest, docs: &Docs, opts: &DoctorOptions, out: &mut Vec<Verdict>) {
    let name = m.doc["metadata"]["name"].as_str().unwrap_or("(unnamed)");
    let ns = m.doc["metadata"]["namespace"]
        .as_str()
        .unwrap_or(opts.namespace.trim());
    let spec = &m.doc["spec"];
    let mut names = strings(&spec["dnsNames"]);
    names.extend(strings(&spec["ipAddresses"]));
    // Lowercased, once: 30,000 dnsNames against as many SANs must not compare every pair.
    let named: std::collections::HashSet<String> =
        names.iter().map(|n| n.to_ascii_lowercase()).collect();
    if let Some(cn) = spec["commonName"].as_str() {
        if !named.contains(&cn.to_ascii_lowercase()) {
            names.push(cn.to_string());
        }
    }
    let secret = spec["secretName"]
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let line =
        secret.and_then(|s| line_with(&m.text, "kind: Certificate", &format!("secretName: {s}")));
    let mut b = Builder::new(
        format!("Certificate {ns}/{name} (cert-manager)"),
        &m.source,
        line,
    );
    let Some(secret) = secret else {
        b.error(
            "no spec.secretName: cert-manager requires it",
            "name the Secret cert-manager writes the certificate to",
        );
        out.push(b.finish(""));
        return;
    };
    if names.is_empty() {
        b.warn(
            "no dnsNames, ipAddresses or commonName: the certificate names nothing",
            "list the names under spec.dnsNames",
        );
    }
    let pair = tls_secret(
        docs,
        opts,
        &mut b,
        secret,
        ns,
        &format!("Certificate {name}"),
    );
    if pair.is_none() {
        super::rotation::check(spec, docs, secret, None, &mut b);
    }
    if let Some(pc) = pair {
        hosts_problem(
            &mut b,
            &pc,
            &names,
            secret,
            "the Secret holds a certificate issued before spec.dnsNames changed, or another one: check `kubectl describe certificate` and let cert-manager reissue (`cmctl renew`)",
        );
        super::rotation::check(spec, docs, secret, pc.leaf(), &mut b);
        if let Some(l) = pc.leaf() {
            let extra: Vec<&String> = l
                .san
                .dns
                .iter()
                .filter(|d| !named.contains(&d.to_ascii_lowercase()))
                .collect();
            if !extra.is_empty() {
                b.note(format!(
                    "the certificate also names {} (not in spec.dnsNames): cert-manager will reissue it without them",
                    extra.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    out.push(b.finish(format!(
        "Secret {secret} holds a valid certificate for every name of spec ({}) with its key",
        names.join(", ")
    )));
}

pub(crate) fn check(docs: &Docs, opts: &DoctorOptions) -> Vec<Verdict> {
    let mut out = Vec::new();
    for m in &docs.ingresses {
        ingress(m, docs, opts, &mut out);
    }
    for m in &docs.certificates {
        certificate(m, docs, opts, &mut out);
    }
    out
}
