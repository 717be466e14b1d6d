//! The agents' side of a deployment: the `lightrun-agents` chart's values (`javaAgents`) and
//! agent Secrets (`lightrun_key`, `pinned_cert_hash`), checked against the server material
//! given beside them.
//!
//! Decisions:
//! - **The served pin** is the SPKI SHA-256 of the *first* certificate of the server's
//!   `tls.crt` (the one the values serve, as `values::served_from` decides for the checklist
//!   too; with no values, the one `kubernetes.io/tls`-shaped Secret given): the backend's init container
//!   computes the pin it advertises from that certificate, whatever the rest of the file holds.
//! - **A rotation** is what the values say will be served next: the values' certificate is the
//!   one the agents meet when they next connect (after `helm upgrade`); other server
//!   certificates given (TLS Secrets the values do not name) and the entries of
//!   `certificate.security_pinned_hashes` are the old side. An agent pinning the old side is an
//!   error that names both certificates: the agents take one pin (`crate::output::ROTATION_NOTE`).
//! - **The pin's form**: 64 lowercase hex, what the backend's `openssl dgst -sha256` prints.
//! - Every verdict's setting starts with [`AGENTS_SETTING`] or [`AGENT_SECRET_SETTING`], so
//!   the deployment's hop map files them under [`AGENTS_HOP`] ([`is_agents_verdict`]).

use yaml_rust2::Yaml;

use super::material::data_value;
use super::values::{served_from, ServedFrom};
use super::verdict::{Builder, Verdict};
use super::{Docs, DoctorOptions, ValuesDoc, GIVE_SECRET};
use crate::chart::path;
use crate::checks::names::{check_names, CertNames};
use crate::input::k8s::Secret;
use crate::input::yaml::at_path as at;
use crate::input::Input;
use crate::model::Certificate;
use crate::output::{cert_label, host_part, ROTATION_NOTE};

/// The hop of the deployment's TLS map the agents' verdicts belong to.
pub const AGENTS_HOP: &str = "agents → router (pin)";
/// The start of the setting of every verdict on an agents values file.
pub const AGENTS_SETTING: &str = "javaAgents";
/// The start of the setting of every verdict on an agent Secret checked on its own.
pub const AGENT_SECRET_SETTING: &str = "agent Secret ";

/// Whether a verdict is one of the agents' (for the hop [`AGENTS_HOP`]).
pub fn is_agents_verdict(v: &Verdict) -> bool {
    v.setting.starts_with(AGENTS_SETTING) || v.setting.starts_with(AGENT_SECRET_SETTING)
}

/// The key of an agent Secret holding the pin; a Secret with it is an agent Secret.
pub(crate) const PIN_KEY: &str = "pinned_cert_hash";
const KEY_KEY: &str = "lightrun_key";

/// Whether a parsed document is an agents chart values file: a top-level `javaAgents` list.
pub(crate) fn is_agents_values(doc: &Yaml) -> bool {
    doc["kind"].is_badvalue() && doc["javaAgents"].as_vec().is_some()
}

/// A server certificate: the first of a `tls.crt`.
struct ServerCert {
    what: String,
    pin: String,
    cert: Certificate,
}

/// The certificate the backend will serve, and the other server certificates given.
struct Server {
    served: Result<ServerCert, String>,
    old: Vec<ServerCert>,
    /// `certificate.security_pinned_hashes`, lowercase.
    listed: Vec<String>,
}

fn first_cert(docs: &Docs, what: &str, bytes: Vec<u8>) -> Option<ServerCert> {
    let report = docs.work.inspect(&[Input::new(what, bytes)], None)?;
    let cert = report.certificates.into_iter().min_by_key(|c| c.block)?;
    Some(ServerCert {
        what: what.to_string(),
        pin: cert.spki_sha256.to_ascii_lowercase(),
        cert,
    })
}

fn tls_crt(s: &Secret) -> Option<Vec<u8>> {
    s.entry("tls.crt").and_then(|e| e.bytes.clone().ok())
}

fn server(docs: &Docs, opts: &DoctorOptions) -> Server {
    let ns = opts.namespace.trim();
    let mut used: Option<String> = None;
    let mut served = Err("no server certificate was given: give the server's values.yaml (certificate.tls.crt) or its TLS Secret".to_string());
    let mut listed = Vec::new();
    for v in &docs.values {
        if let Some(items) = at(&v.doc, path::PINNED_HASHES).as_vec() {
            listed.extend(
                items
                    .iter()
                    .filter_map(Yaml::as_str)
                    .map(|p| p.trim().to_ascii_lowercase()),
            );
        }
        if served.is_ok() {
            continue;
        }
        match served_from(&v.doc, &opts.release) {
            ServedFrom::Values => {
                let Some(raw) = at(&v.doc, path::TLS_CRT)
                    .as_str()
                    .filter(|t| !t.trim().is_empty())
                else {
                    continue;
                };
                served = match data_value(raw, path::TLS_CRT).0 {
                    Some(b) => first_cert(docs, &format!("{} in {}", path::TLS_CRT, v.source), b)
                        .ok_or_else(|| {
                            format!("{} holds no certificate certlens can read", path::TLS_CRT)
                        }),
                    None => Err(format!(
                        "{} is not valid Base64 (its own verdict says why)",
                        path::TLS_CRT
                    )),
                };
            }
            ServedFrom::Secret { name, named } => {
                served = match docs.secret(&name, ns).0.and_then(tls_crt) {
                    Some(b) => {
                        first_cert(docs, &format!("Secret {name}, tls.crt"), b).ok_or_else(|| {
                            format!(
                                "Secret {name}'s tls.crt holds no certificate certlens can read"
                            )
                        })
                    }
                    None => Err(format!(
                        "the served certificate is in Secret {name} ({}); {GIVE_SECRET}",
                        if named {
                            path::EXISTING_CERT
                        } else {
                            "general.deploy_secrets.enabled is false"
                        }
                    )),
                };
                used = Some(name);
            }
        }
    }
    let tls_secrets: Vec<&Secret> = docs
        .secrets
        .iter()
        .filter(|s| s.entry(PIN_KEY).is_none() && s.entry("tls.crt").is_some())
        .filter(|s| used.as_deref() != Some(s.name.as_str()))
        .collect();
    let mut old = Vec::new();
    for s in &tls_secrets {
        if let Some(c) =
            tls_crt(s).and_then(|b| first_cert(docs, &format!("Secret {}, tls.crt", s.name), b))
        {
            old.push(c);
        }
    }
    if docs.values.is_empty() && old.len() == 1 {
        // No values: the one TLS Secret given is what the backend serves.
        served = old.pop().ok_or_else(String::new);
    } else if docs.values.is_empty() && old.len() > 1 {
        served = Err(format!(
            "{} server TLS Secrets were given and no values.yaml saying which one is served",
            old.len()
        ));
    }
    if let Ok(s) = &served {
        // Only a certificate for the same public names is the served one's predecessor: the
        // internal services' Secrets (lightrun-frontend-tls...) hold a tls.crt too.
        let names: Vec<String> = s
            .cert
            .san
            .dns
            .iter()
            .map(|d| d.to_ascii_lowercase())
            .collect();
        old.retain(|o| {
            o.pin != s.pin
                && o.cert
                    .san
                    .dns
                    .iter()
                    .any(|d| names.contains(&d.to_ascii_lowercase()))
        });
    }
    Server {
        served,
        old,
        listed,
    }
}

/// A scalar as text (a pin of digits only reads as a number).
fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Real(r) => Some(r.clone()),
        _ => None,
    }
    .filter(|s| !s.trim().is_empty())
}

/// The 1-based line of `key` within the `idx`-th item of the top-level `javaAgents` list.
fn agent_line(text: &str, idx: usize, key: &str) -> Option<usize> {
    let mut item: Option<usize> = None;
    let mut inside = false;
    let mut item_indent = 0usize;
    for (n, line) in text.lines().enumerate() {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        if indent == 0 && !body.starts_with('-') {
            inside = body.starts_with("javaAgents:");
            continue;
        }
        if !inside {
            continue;
        }
        if (body.starts_with("- ") || body == "-") && (item.is_none() || indent <= item_indent) {
            item = Some(item.map_or(0, |i| i + 1));
            item_indent = indent;
        }
        if item == Some(idx) {
            let b = body.trim_start_matches("- ");
            if b.strip_prefix(key).is_some_and(|r| r.starts_with(':')) {
                return Some(n + 1);
            }
        }
    }
    None
}

/// The pin's form: 64 lowercase hex. Returns the lowercase pin when it is a SHA-256 in hex.
fn pin_form(b: &mut Builder, raw: &str, what: &str) -> Option<String> {
    let t = raw.trim();
    if t.contains(',') {
        b.error(
            format!("{what} lists several pins; the agents take one (the operator writes it unchanged into pinned_certs=)"),
            "keep the pin of the certificate the server will serve",
        );
        return None;
    }
    let hex = t.len() == 64 && t.bytes().all(|c| c.is_ascii_hexdigit());
    if hex && t.bytes().any(|c| c.is_ascii_uppercase()) {
        b.error(
            format!("{what} is in upper case; the pin the backend advertises is 64 lowercase hex characters"),
            format!("write it as {}", t.to_ascii_lowercase()),
        );
        return Some(t.to_ascii_lowercase());
    }
    if hex {
        return Some(t.to_string());
    }
    let why = if t.bytes().all(|c| c.is_ascii_hexdigit()) {
        format!("{} hex characters, not 64", t.len())
    } else if let Some(n) = crate::checks::pinlist::parse_pin_list(t)
        .into_iter()
        .next()
        .and_then(|p| p.normalized)
    {
        b.error(
            format!("{what} is a SHA-256 pin in Base64 ({t}); the agents take 64 lowercase hex characters"),
            format!("write it as {n}"),
        );
        return Some(n);
    } else {
        "not a SHA-256 in hex".to_string()
    };
    b.error(
        format!("{what} ({}) is not 64 lowercase hex characters: {why}", short(t)),
        "set it to the served certificate's pin (certlens's agents output writes it)",
    );
    None
}

fn short(t: &str) -> String {
    if t.chars().count() > 20 {
        format!("{}…", t.chars().take(20).collect::<String>())
    } else {
        t.to_string()
    }
}

/// Compare an agent's pin with the served one, and say which certificate the agents meet.
fn pin_match(b: &mut Builder, pin: &str, srv: &Server, what: &str) {
    let s = match &srv.served {
        Ok(s) => s,
        Err(why) => {
            b.not_checked(
                format!("whether {what} matches the server: {why}"),
                "drop the server's values.yaml (with its certificate.tls.crt) or TLS Secret beside the agents' values",
            );
            return;
        }
    };
    let served = format!("{} ({})", cert_label(&s.cert), s.what);
    if s.cert.is_ca {
        // Pinning the advertised pin would "work" only by pinning a CA; any other pin fails:
        // the fix is the order of tls.crt, not the agents.
        b.error(
            format!(
                "the backend advertises the pin of {served} ({}), a CA certificate: tls.crt does not start with the server's certificate, so {what} cannot match the server",
                s.pin
            ),
            "put the server's certificate first in tls.crt (leaf → intermediate → root), then set the agents' pin to that certificate's",
        );
        return;
    }
    if pin == s.pin {
        b.note(format!("{what} pins {served} ({pin}): the first certificate of tls.crt, the pin the backend advertises"));
        if !srv.old.is_empty() {
            b.note(format!(
                "rotation: the agents already pin the new certificate {served}; they reject the old one ({}) until the server serves the new one, so switch the server first and restart the agents after",
                srv.old.iter().map(|o| cert_label(&o.cert)).collect::<Vec<_>>().join(", ")
            ));
        }
        return;
    }
    let fix = format!(
        "set it to {} (the pin of {served}), and restart the agents' workloads",
        s.pin
    );
    if let Some(o) = srv.old.iter().find(|o| o.pin == pin) {
        b.error(
            format!("{what} pins the old certificate {} ({}); when the agents next connect the server serves {served}: they will reject it", cert_label(&o.cert), o.what),
            format!("{fix}. {ROTATION_NOTE}"),
        );
    } else if srv.listed.iter().any(|l| l == pin) {
        b.error(
            format!("{what} is in certificate.security_pinned_hashes but is not the served certificate's pin: the server serves {served}, so the agents will reject it when they next connect"),
            format!("{fix}. {ROTATION_NOTE}"),
        );
    } else {
        b.error(
            format!("{what} ({}…) is not the pin of the served certificate {served}: every agent will refuse the server", pin.get(..16).unwrap_or(pin)),
            fix,
        );
    }
}

/// `serverHostname` against the served leaf (RFC 6125).
fn host_cover(b: &mut Builder, host: &str, srv: &Server) {
    if host.contains("://") {
        b.error(
            format!("serverHostname {host} is a URL; the operator adds https:// itself"),
            format!(
                "write the host alone: {}",
                host.split("://")
                    .nth(1)
                    .unwrap_or(host)
                    .trim_end_matches('/')
            ),
        );
        return;
    }
    let Ok(s) = &srv.served else {
        b.not_checked(
            "whether the served certificate covers serverHostname: no server certificate was given",
            "drop the server's values.yaml (with its certificate.tls.crt) or TLS Secret beside the agents' values",
        );
        return;
    };
    let h = host_part(host).to_string();
    let c = &s.cert;
    let cover = check_names(
        std::slice::from_ref(&h),
        &[CertNames {
            index: c.index,
            dns: &c.san.dns,
            ip: &c.san.ip,
            common_name: c.common_name.as_deref(),
        }],
    );
    match cover.first() {
        Some(r) if r.covered && r.san.is_some() => b.note(format!(
            "{h} is covered by {} (SAN {})",
            cert_label(c),
            r.san.as_deref().unwrap_or_default()
        )),
        _ => b.error(
            format!("the served certificate {} does not cover {h} (RFC 6125: its SANs are {}): the agents refuse the server", cert_label(c), if c.san.dns.is_empty() && c.san.ip.is_empty() { "none".to_string() } else { c.san.dns.iter().chain(&c.san.ip).cloned().collect::<Vec<_>>().join(", ") }),
            "set serverHostname to the public host the certificate covers (general.lightrun_endpoint), or add it to the certificate's SANs",
        ),
    }
}

/// Check one agent Secret's keys; returns whether it held a pin.
fn secret_pin(b: &mut Builder, s: &Secret, srv: &Server) {
    match s.entry(KEY_KEY).map(|e| e.bytes.clone()) {
        None => b.error(
            format!("Secret {} has no {KEY_KEY}", s.name),
            format!("add {KEY_KEY} (the agent key from the server's UI)"),
        ),
        Some(Ok(k)) if k.iter().all(u8::is_ascii_whitespace) => b.error(
            format!("Secret {}: {KEY_KEY} is empty", s.name),
            format!("set {KEY_KEY} to the agent key from the server's UI"),
        ),
        Some(Err(d)) => b.error(
            format!("Secret {}: data.{KEY_KEY} is not valid Base64: {d}", s.name),
            "under `data:` every value is Base64 (`base64 -w 0`); or write it under `stringData:`",
        ),
        Some(Ok(_)) => {}
    }
    let what = format!("Secret {}, {PIN_KEY}", s.name);
    match s.entry(PIN_KEY).map(|e| e.bytes.clone()) {
        None => b.error(
            format!("Secret {} has no {PIN_KEY}", s.name),
            format!("add {PIN_KEY}: the served certificate's pin"),
        ),
        Some(Err(d)) => b.error(
            format!("{what}: not valid Base64 under data: {d}"),
            "under `data:` every value is Base64 (`base64 -w 0`); or write it under `stringData:`",
        ),
        Some(Ok(bytes)) => {
            let text = String::from_utf8_lossy(&bytes).to_string();
            if let Some(p) = pin_form(b, &text, &what) {
                pin_match(b, &p, srv, &what);
            }
        }
    }
}

/// One agent of a values file: its credentials (pin) and its host, one verdict each.
fn agent(
    v: &ValuesDoc,
    i: usize,
    a: &Yaml,
    docs: &Docs,
    srv: &Server,
    out: &mut Vec<Verdict>,
    used: &mut Vec<String>,
) {
    let name = scalar(&a["name"]).unwrap_or_else(|| format!("#{}", i + 1));
    let prefix = format!("{AGENTS_SETTING}[{i}] ({name})");
    let ns = scalar(&a["namespace"]);
    let creds = &a["agentPoolCredentials"];
    let existing = scalar(&creds["existingSecret"]);
    let api_key = scalar(&creds["apiKey"]);
    let pinned = scalar(&creds["pinnedCertHash"]);
    let line = |k: &str| agent_line(&v.text, i, k);
    if ns.is_none() {
        // The chart's own check; the Secret is looked for in the agent's namespace.
        out.push({
            let mut b = Builder::new(format!("{prefix}.namespace"), &v.source, line("name"));
            b.error(
                "namespace is missing: the agents chart refuses to render",
                "set namespace to the namespace of the workload the agent joins",
            );
            b.finish("")
        });
    }
    let mut b = Builder::new(
        format!("{prefix}.agentPoolCredentials"),
        &v.source,
        line("pinnedCertHash")
            .or_else(|| line("existingSecret"))
            .or_else(|| line("agentPoolCredentials")),
    );
    match (&existing, &api_key, &pinned) {
        (Some(_), Some(_), Some(_)) => b.error(
            "both existingSecret and apiKey with pinnedCertHash are set: the agents chart refuses to render",
            "keep one: existingSecret (the Secret holds lightrun_key and pinned_cert_hash), or apiKey with pinnedCertHash",
        ),
        (None, k, p) if k.is_none() || p.is_none() => b.error(
            format!("neither existingSecret nor apiKey with pinnedCertHash is set (missing {}): the agents chart refuses to render", if k.is_none() && p.is_none() { "both" } else if k.is_none() { "apiKey" } else { "pinnedCertHash" }),
            "set apiKey (the agent key from the server's UI) and pinnedCertHash (certlens's agents output writes both forms)",
        ),
        _ => {}
    }
    match (&existing, &pinned) {
        (Some(sn), _) => {
            used.push(sn.clone());
            let ns_s = ns.clone().unwrap_or_default();
            match docs.secret(sn, &ns_s) {
                (Some(s), _) => secret_pin(&mut b, s, srv),
                (None, Some(o)) => b.error(
                    format!("Secret {sn} was given in namespace {}, but the agent runs in {ns_s}: the operator looks for it beside the agent", o.namespace.as_deref().unwrap_or("?")),
                    format!("create {sn} in namespace {ns_s}"),
                ),
                (None, None) => b.not_checked(
                    format!("the pin is in Secret {sn}; {GIVE_SECRET}"),
                    format!("kubectl get secret {sn} -n {ns_s} -o yaml > {sn}.yaml, and drop it beside the values"),
                ),
            }
        }
        (None, Some(p)) => {
            let what = "pinnedCertHash".to_string();
            if let Some(p) = pin_form(&mut b, p, &what) {
                pin_match(&mut b, &p, srv, &what);
            }
        }
        (None, None) => {}
    }
    out.push(b.finish(
        "the agents' pin is the one the backend advertises (the first certificate of tls.crt)",
    ));
    let mut h = Builder::new(
        format!("{prefix}.serverHostname"),
        &v.source,
        line("serverHostname"),
    );
    match scalar(&a["serverHostname"]) {
        None => h.error(
            "serverHostname is missing: the agents chart refuses to render",
            "set it to the server's public host (general.lightrun_endpoint)",
        ),
        Some(host) => host_cover(&mut h, host.trim(), srv),
    }
    out.push(h.finish("the served certificate covers serverHostname"));
}

/// Every agents values file and every agent Secret not named by one.
pub(crate) fn check(docs: &Docs, opts: &DoctorOptions) -> Vec<Verdict> {
    let srv = server(docs, opts);
    let mut out = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for v in &docs.agents {
        for (i, a) in v.doc["javaAgents"]
            .as_vec()
            .into_iter()
            .flatten()
            .enumerate()
        {
            agent(v, i, a, docs, &srv, &mut out, &mut used);
        }
    }
    for s in docs.secrets.iter().filter(|s| s.entry(PIN_KEY).is_some()) {
        if used.contains(&s.name) {
            continue;
        }
        let mut b = Builder::new(format!("{AGENT_SECRET_SETTING}{}", s.id()), &s.source, None);
        secret_pin(&mut b, s, &srv);
        out.push(b.finish(
            "the agents' pin is the one the backend advertises (the first certificate of tls.crt)",
        ));
    }
    out
}

/// Whether the inputs hold anything for this module (agents values or an agent Secret).
pub(crate) fn any(docs: &Docs) -> bool {
    !docs.agents.is_empty() || docs.secrets.iter().any(|s| s.entry(PIN_KEY).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_agents() {
        let t = "javaAgents:\n  - name: a\n    serverHostname: x\n    agentPoolCredentials:\n      pinnedCertHash: p\n  - name: b\n    serverHostname: y\n";
        assert_eq!(agent_line(t, 0, "serverHostname"), Some(3));
        assert_eq!(agent_line(t, 0, "pinnedCertHash"), Some(5));
        assert_eq!(agent_line(t, 1, "serverHostname"), Some(7));
        assert_eq!(agent_line(t, 1, "pinnedCertHash"), None);
    }
}
