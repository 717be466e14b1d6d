//! The Lightrun agents' side: the `javaAgents` values of the vendor's `lightrun-agents` chart
//! (from the Kubernetes operator's repository) and the agent Secret it reads, from the same
//! chain the server serves.
//!
//! What the agents chart does with them (read from its templates and the operator's code):
//! each `javaAgents[]` entry becomes a `LightrunJavaAgent` resource with `serverHostname`; with
//! `agentPoolCredentials.apiKey` + `pinnedCertHash` the chart renders an Opaque Secret
//! `<name>-secret` (stringData `lightrun_key`, `pinned_cert_hash`); with
//! `agentPoolCredentials.existingSecret` it renders none and the resource names that Secret.
//! The operator's init container writes `pinned_cert_hash` verbatim into the agent's
//! `pinned_certs=` line and `serverHostname` as `com.lightrun.server=https://HOST`.
//!
//! Decisions:
//! - **The pin** is the SPKI SHA-256 of the chain's leaf, 64 lowercase hex: the leaf is the
//!   first certificate of the `tls.crt` certlens writes, and the backend advertises the pin of
//!   that first certificate (its init container runs `openssl x509 -pubkey | openssl pkey
//!   -pubin -outform DER | openssl dgst -sha256`, which prints lowercase hex).
//! - **One pin per agent.** The chart documents `pinnedCertHash` as one 64-character hash and
//!   the operator passes the value through unchanged; nothing in the operator or the chart
//!   lists several. So a rotation is not bridged by two pins: see [`ROTATION_NOTE`].
//! - **The agent key is the user's.** `lightrun_key` comes from the server's UI; certlens never
//!   invents one. Without it the outputs carry [`KEY_TO_FILL`] and a warning says so.
//! - **The workload fields** the chart requires (`workloadName`, `workloadType`,
//!   `containerSelector`, `initContainer.image`) are written from the agent's name and the
//!   chart's documented example so that the fragment renders; a comment says to set them.

use serde::Serialize;
use yaml_rust2::Yaml;

use super::select::{self, cert_label, k8s_name};
use super::yaml::{commented_out, comments, emit, list, map, s, secret};
use super::{OutputError, SecretText};
use crate::checks::names::{check_names, CertNames};
use crate::model::Report;

/// The agent name used when none is given.
pub const DEFAULT_AGENT_NAME: &str = "lightrun-agent";
/// The agents' namespace used when none is given.
pub const DEFAULT_AGENT_NAMESPACE: &str = "default";
/// The init container image of the agents chart's documented example.
pub const AGENT_INIT_IMAGE: &str = "lightruncom/k8s-operator-init-java-agent-linux:latest";
/// What stands in for the agent key when the user gave none: the chart renders it, the agent
/// fails to register until it is replaced.
pub const KEY_TO_FILL: &str = "REPLACE-WITH-YOUR-LIGHTRUN-KEY";
/// How a server certificate rotation reaches the agents (they take one pin).
pub const ROTATION_NOTE: &str = "pinnedCertHash / pinned_cert_hash holds one pin: the agents chart documents one 64-character hash and the operator writes the value unchanged into the agent's pinned_certs= line. During a rotation, update the agents' pin (values or Secret) when the server starts serving the new tls.crt, and restart the agents' workloads: the init container reads the pin when a pod starts";

/// Options of [`agents`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentsOptions {
    /// The host the agents connect to (`general.lightrun_endpoint` of the server's values),
    /// without `https://`.
    pub server_host: String,
    /// The agents (`javaAgents[].name`); empty: one named [`DEFAULT_AGENT_NAME`].
    pub agents: Vec<String>,
    /// The agents' namespace; `None`: [`DEFAULT_AGENT_NAMESPACE`].
    pub namespace: Option<String>,
    /// The agent key from the server's UI; `None`: [`KEY_TO_FILL`].
    pub lightrun_key: Option<SecretText>,
    /// The chain to use when the input holds several.
    pub chain: Option<usize>,
}

impl AgentsOptions {
    /// Defaults for a server host.
    pub fn new(server_host: impl Into<String>) -> Self {
        AgentsOptions {
            server_host: server_host.into(),
            agents: Vec::new(),
            namespace: None,
            lightrun_key: None,
            chain: None,
        }
    }
}

/// The agents' values and Secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agents {
    /// The pin every agent gets: SHA-256 of the served leaf's public key, 64 lowercase hex.
    pub pin: String,
    /// The served certificate, e.g. `CN=lightrun.example.com`.
    pub served: String,
    /// The host the agents connect to, as written.
    pub server_host: String,
    /// Whether the served certificate covers `server_host` (RFC 6125).
    pub host_covered: bool,
    /// The agents' names, in order.
    pub agents: Vec<String>,
    /// The agents' namespace.
    pub namespace: String,
    /// Whether the user gave the agent key (else [`KEY_TO_FILL`] stands in).
    pub key_given: bool,
    /// `javaAgents` values with `apiKey` + `pinnedCertHash` (the chart makes the Secret).
    pub values_yaml: SecretText,
    /// The alternative: one Opaque Secret per agent (`<name>-secret`), `kubectl apply`-able.
    pub secret_yaml: SecretText,
    /// The alternative: `javaAgents` values naming those Secrets (`existingSecret`).
    pub existing_values_yaml: String,
    /// The values, then the alternative (Secrets, `---`, values) commented out: what the CLI
    /// prints.
    pub text: SecretText,
    /// What to know.
    pub notes: Vec<String>,
    /// What may be wrong (no agent key, a host the certificate does not cover).
    pub warnings: Vec<String>,
}

/// `serverHostname`: a host name or address, optionally with a port, never a URL (the init
/// container prefixes `https://` itself).
fn server_host(raw: &str) -> Result<String, OutputError> {
    let h = raw.trim();
    let bad = |reason: &str| OutputError::InvalidName {
        what: "server host".to_string(),
        value: raw.to_string(),
        reason: reason.to_string(),
    };
    if h.is_empty() {
        return Err(bad(
            "is empty; give the public host of the server (general.lightrun_endpoint)",
        ));
    }
    if h.contains("://") {
        return Err(bad(
            "is a URL: give the host alone (the operator adds https:// itself)",
        ));
    }
    if let Some(c) = h
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']')))
    {
        return Err(bad(&format!(
            "contains {c:?}: a host name holds letters, digits, '.', '-' (and ':PORT')"
        )));
    }
    Ok(h.to_string())
}

/// The host part of `host[:port]` / `[v6]:port`, as certificates name it.
pub(crate) fn host_part(h: &str) -> &str {
    if let Some(rest) = h.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match h.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            host
        }
        _ => h,
    }
}

fn agent_entry(name: &str, ns: &str, host: &str, creds: Yaml) -> Yaml {
    map(vec![
        ("name", s(name)),
        ("namespace", s(ns)),
        ("serverHostname", s(host)),
        ("workloadName", s(name)),
        ("workloadType", s("Deployment")),
        ("containerSelector", list(&[name.to_string()])),
        ("initContainer", map(vec![("image", s(AGENT_INIT_IMAGE))])),
        ("agentPoolCredentials", creds),
        // The CRD requires agentTags; an empty list renders as null there.
        ("agentTags", list(&[name.to_string()])),
    ])
}

/// The agents' values and Secrets for the chain the server serves (the chain chosen as
/// [`crate::output::tls_values`] chooses it; no key is needed: only the leaf's public key).
pub fn agents(report: &Report, opts: &AgentsOptions) -> Result<Agents, OutputError> {
    let host = server_host(&opts.server_host)?;
    let i = select::choose_chain(report, opts.chain)?;
    let m = select::material(report, i, true, true)?;
    let leaf = m.leaf;
    let pin = leaf.spki_sha256.to_ascii_lowercase();
    let ns = match opts
        .namespace
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        Some(n) => k8s_name("namespace", n, 63, false)?,
        None => DEFAULT_AGENT_NAMESPACE.to_string(),
    };
    let mut names = Vec::new();
    for a in &opts.agents {
        // `<name>-secret` must stay a valid Secret name.
        let n = k8s_name("agent name", a, 253 - "-secret".len(), true)?;
        if !names.contains(&n) {
            names.push(n);
        }
    }
    if names.is_empty() {
        names.push(DEFAULT_AGENT_NAME.to_string());
    }
    let cover = check_names(
        &[host_part(&host).to_string()],
        &[CertNames {
            index: leaf.index,
            dns: &leaf.san.dns,
            ip: &leaf.san.ip,
            common_name: leaf.common_name.as_deref(),
        }],
    );
    let host_covered = cover.first().is_some_and(|c| c.covered && c.san.is_some());
    // The chain's own warnings (a root left out...) are the server outputs' business: the
    // agents pin the leaf alone.
    let mut warnings = Vec::new();
    if !host_covered {
        warnings.push(format!(
            "the served certificate {} does not cover {} (RFC 6125): the agents check the host name as well as the pin and will refuse the server; use a certificate whose SANs include it, or the host it covers",
            cert_label(leaf),
            host_part(&host)
        ));
    }
    let key: &str = match &opts.lightrun_key {
        Some(k) if !k.trim().is_empty() => k.trim(),
        _ => {
            warnings.push(format!(
                "no lightrun_key given: the outputs hold {KEY_TO_FILL}; replace it with the agent key from the server's UI (the \"setup agent\" step) before applying"
            ));
            KEY_TO_FILL
        }
    };
    let key_given = key != KEY_TO_FILL;
    let inline = Yaml::Array(
        names
            .iter()
            .map(|n| {
                let creds = map(vec![
                    ("existingSecret", s("")),
                    ("apiKey", s(key)),
                    ("pinnedCertHash", s(&pin)),
                ]);
                agent_entry(n, &ns, &host, creds)
            })
            .collect(),
    );
    let existing = Yaml::Array(
        names
            .iter()
            .map(|n| {
                let creds = map(vec![
                    ("existingSecret", s(&format!("{n}-secret"))),
                    ("apiKey", s("")),
                    ("pinnedCertHash", s("")),
                ]);
                agent_entry(n, &ns, &host, creds)
            })
            .collect(),
    );
    let header = comments(&[
        format!(
            "lightrun-agents chart values: pinnedCertHash is the SHA-256 of the public key of {}",
            cert_label(leaf)
        ),
        "(the first certificate of the server's tls.crt, the pin the backend advertises)"
            .to_string(),
        format!("serverHostname {host}: the agents connect to https://{host}"),
        "Set workloadName, workloadType, containerSelector to the workload each agent joins."
            .to_string(),
    ]);
    let values_yaml = format!(
        "{header}{}",
        emit(&map(vec![("javaAgents", inline)]), false)?
    );
    let existing_values_yaml = format!(
        "{}{}",
        comments(&["lightrun-agents chart values naming the agent Secrets (existingSecret)"]),
        emit(&map(vec![("javaAgents", existing)]), false)?
    );
    let mut secrets = comments(&[
        "Agent Secrets for agentPoolCredentials.existingSecret: kubectl apply -f this file",
    ]);
    for n in &names {
        let doc = secret(
            &format!("{n}-secret"),
            Some(&ns),
            "Opaque",
            "stringData",
            vec![
                ("lightrun_key".to_string(), s(key)),
                ("pinned_cert_hash".to_string(), s(&pin)),
            ],
        );
        secrets.push_str(&emit(&doc, true)?);
    }
    let text = format!(
        "{values_yaml}\n# The alternative: Secrets you manage, named by existingSecret.\n{}#\n{}",
        commented_out(&secrets),
        commented_out(&existing_values_yaml)
    );
    let notes = vec![
        format!(
            "pin {pin}: SHA-256 of the public key of {} (what `openssl x509 -in tls.crt -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256` prints for the server's tls.crt)",
            cert_label(leaf)
        ),
        ROTATION_NOTE.to_string(),
    ];
    Ok(Agents {
        pin,
        served: cert_label(leaf),
        server_host: host,
        host_covered,
        agents: names,
        namespace: ns,
        key_given,
        values_yaml: SecretText::new(values_yaml),
        secret_yaml: SecretText::new(secrets),
        existing_values_yaml,
        text: SecretText::new(text),
        notes,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_parts() {
        assert_eq!(host_part("lightrun.example.com"), "lightrun.example.com");
        assert_eq!(
            host_part("lightrun.example.com:8443"),
            "lightrun.example.com"
        );
        assert_eq!(host_part("[2001:db8::1]:443"), "2001:db8::1");
        assert_eq!(host_part("2001:db8::1"), "2001:db8::1");
        assert!(server_host("https://x.example").is_err());
        assert!(server_host(" ").is_err());
        assert!(server_host("a b").is_err());
        assert_eq!(
            server_host(" x.example ").ok().as_deref(),
            Some("x.example")
        );
    }
}
