//! The deployment as a map: every TLS hop of a Lightrun deployment, who judges it, what is
//! presented and against which anchor, with the verdict of the checklist rows behind it.
//!
//! The hops are data (`DoctorReport::hops`), so that the page's picture, the CLI's table and
//! the JSON say the same: a hop is as good as the worst verdict behind it. Which verdicts stand
//! behind which hop is decided here, by their settings, in one place.

use serde::{Deserialize, Serialize};

use super::agents::is_agents_verdict;
use super::verdict::{Level, Verdict};

/// One TLS connection of the deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// Stable identifier: `agents`, `browsers`, `router-backend`, `backend-keycloak`,
    /// `backend-redis`, `backend-rabbitmq`, `backend-data-streamer`, `backend-artifacts`,
    /// `keycloak-cluster`, `keycloak-custom-ca`.
    pub id: String,
    /// The side that connects (and judges the certificate), e.g. `Agents`.
    pub from: String,
    /// The side that presents the certificate, e.g. `Router`.
    pub to: String,
    /// The client that judges it and how: "nginx (OpenSSL): depth 1, names lightrun-backend
    /// and the public host".
    pub client: String,
    /// The certificate presented, as far as known.
    pub presented: String,
    /// What it is checked against: a pin, a CA file's first certificate, the public roots.
    pub anchor: String,
    /// Whether the hop uses TLS at all in this deployment (internal TLS off: plain HTTP).
    pub tls: bool,
    /// The worst level of the verdicts behind the hop (`not_checked` when a part of it could
    /// not be checked with what was given).
    pub level: Level,
    /// One sentence: the worst problem behind the hop, or what holds.
    pub summary: String,
    /// Indices into `DoctorReport::verdicts` of the checklist rows behind the hop.
    pub verdicts: Vec<usize>,
}

/// What the checks learned that the map names (presented certificates, anchors).
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    pub release: String,
    pub endpoint: Option<String>,
    /// The served certificate's label and the pin the backend advertises.
    pub served: Option<String>,
    pub pin: Option<String>,
    /// The anchor the public clients found (a name), when they accepted the chain.
    pub public_anchor: Option<String>,
    pub internal_tls: bool,
    pub generated: bool,
    pub verification: bool,
    /// The first certificate of the internal CA Secret's `ca.crt`.
    pub ca_first: Option<String>,
    /// `secrets.customCa` is set.
    pub custom_ca: bool,
}

/// The backend's clients of the internal services: (hop id, values key, shown name).
const SERVICES: [(&str, &str, &str); 5] = [
    ("backend-keycloak", "keycloak", "Keycloak"),
    ("backend-redis", "redis", "Redis"),
    ("backend-rabbitmq", "rabbitmq", "RabbitMQ"),
    ("backend-data-streamer", "data_streamer", "Data streamer"),
    ("backend-artifacts", "artifacts", "Artifacts"),
];

const ITLS: &str = "general.internal_tls.certificates";

/// The hops of one values file's verdicts (indices relative to `verdicts`).
pub(crate) fn hops(verdicts: &[Verdict], f: &Facts) -> Vec<Hop> {
    let idx = |pred: &dyn Fn(&str) -> bool| -> Vec<usize> {
        verdicts
            .iter()
            .enumerate()
            .filter(|(_, v)| pred(&v.setting))
            .map(|(i, _)| i)
            .collect()
    };
    let main = |s: &str| {
        s == "certificate.tls.crt"
            || s == "certificate.tls.key"
            || s == "certificate.existing_cert"
            || s == "secrets.defaults.keystore_password"
    };
    let served = f
        .served
        .clone()
        .unwrap_or_else(|| "the main certificate (not given)".to_string());
    let ca = match &f.ca_first {
        Some(c) => format!("first certificate of ca.crt, {c}"),
        None if f.generated => "the chart's generated CA".to_string(),
        None => "ca.crt of the internal CA Secret (not given)".to_string(),
    };
    let internal = f.internal_tls && f.verification;
    let mut out = Vec::new();
    let mut hop = |id: &str, from: &str, to: &str, client: String, presented: String, anchor: String, tls: bool, rows: Vec<usize>, missing: Option<&str>| {
        let draft = Hop {
            id: id.to_string(),
            from: from.to_string(),
            to: to.to_string(),
            client,
            presented,
            anchor,
            tls,
            level: Level::Ok,
            summary: String::new(),
            verdicts: rows,
        };
        out.push(finish(draft, verdicts, missing));
    };
    // The agents trust the server by pin: the agents' verdicts (`is_agents_verdict`, checked
    // after every values file, see `with_agents`) join the served pin's; without them the pin's
    // match is not checked.
    let agents_rows = idx(&|s| {
        s.contains("(served pin)")
            || s == "certificate.tls.key"
            || s == "secrets.defaults.keystore_password"
    });
    let agents_given = verdicts.iter().any(is_agents_verdict);
    hop(
        "agents",
        "Agents",
        "Router",
        "the Lightrun agents (Java), by pin: pinnedCertHash must equal the pin the backend advertises".to_string(),
        served.clone(),
        f.pin.as_ref().map_or_else(|| "the served pin (not known)".to_string(), |p| format!("pin {p}")),
        true,
        agents_rows,
        (!agents_given).then_some("the agents' pinnedCertHash and serverHostname: not checked; give the agents chart's values.yaml (or the agent Secrets) beside the server's"),
    );
    hop(
        "browsers",
        "Browsers",
        "Router",
        "browsers, Go and Java clients: the public root store or a declared root, the name general.lightrun_endpoint".to_string(),
        served.clone(),
        f.public_anchor.clone().unwrap_or_else(|| "a public root (or a root the clients are given)".to_string()),
        true,
        idx(&|s| main(s) || s == "general.lightrun_endpoint"),
        None,
    );
    let backend = format!("{}-backend", f.release);
    hop(
        "router-backend",
        "Router",
        "Backend",
        format!(
            "nginx (OpenSSL): depth 1 (one intermediate at most), names {backend} and {}",
            f.endpoint.as_deref().unwrap_or("the public host")
        ),
        served,
        if f.ca_first.is_some() { "every certificate of ca.crt".to_string() } else { ca.clone() },
        internal,
        if internal { idx(&|s| s == "general.internal_tls (backend)" || s == "general.internal_tls.certificates.existing_ca_secret_name" || s == "general.internal_tls.certificates.source") } else { Vec::new() },
        None,
    );
    for (id, key, name) in SERVICES {
        let setting = format!("{ITLS}.existing_certificates.{key}");
        hop(
            id,
            "Backend",
            name,
            "the backend (Java): its truststore holds the first certificate of ca.crt only".to_string(),
            if f.generated { "the chart's generated certificate".to_string() } else { format!("the Secret of {setting}") },
            ca.clone(),
            internal,
            if internal { idx(&|s| s == setting || s == "general.internal_tls.certificates.existing_ca_secret_name" || s == "general.internal_tls.certificates.source") } else { Vec::new() },
            None,
        );
    }
    let cluster = format!("{ITLS}.existing_certificates.keycloak_cluster");
    hop(
        "keycloak-cluster",
        "Keycloak",
        "Keycloak peers",
        "Keycloak's cluster cache: mutual TLS, each peer client and server (EKU serverAuth and clientAuth)".to_string(),
        if f.generated { "the chart's generated certificate".to_string() } else { format!("the Secret of {cluster}") },
        "ca.crt of the same Secret".to_string(),
        f.internal_tls,
        if f.internal_tls { idx(&|s| s == cluster) } else { Vec::new() },
        None,
    );
    hop(
        "keycloak-custom-ca",
        "Keycloak",
        "Custom CA",
        "Keycloak (conf/truststores: PEM or unencrypted PKCS#12), e.g. LDAP over TLS and the internal services".to_string(),
        "the server's certificate (LDAP, identity provider, internal services)".to_string(),
        "secrets.customCa".to_string(),
        f.custom_ca || (f.internal_tls && !f.generated),
        idx(&|s| s.starts_with("secrets.customCa")),
        None,
    );
    out
}

/// One hop from its rows: the worst level decides, and `missing` (a part nobody checked)
/// makes an otherwise clean hop `not_checked`.
#[allow(clippy::too_many_arguments)]
/// The agents' verdicts join the hop "agents → router": they are checked once for the whole
/// deployment, after the values files whose hops were drawn without them. `verdicts` is the
/// report's whole list (hop indices point into it).
pub(crate) fn with_agents(hops: &mut [Hop], verdicts: &[Verdict]) {
    let agents: Vec<usize> = verdicts
        .iter()
        .enumerate()
        .filter(|(_, v)| is_agents_verdict(v))
        .map(|(i, _)| i)
        .collect();
    if agents.is_empty() {
        return;
    }
    for hop in hops.iter_mut().filter(|h| h.id == "agents") {
        let mut rows = hop.verdicts.clone();
        rows.extend(agents.iter().copied());
        rows.sort_unstable();
        rows.dedup();
        hop.verdicts = rows;
        *hop = finish(hop.clone(), verdicts, None);
    }
}

/// The hop `draft` (its level and summary not yet set) with the worst of the verdicts behind it.
fn finish(draft: Hop, verdicts: &[Verdict], missing: Option<&str>) -> Hop {
    let rows = &draft.verdicts;
    let tls = draft.tls;
    let worst = rows
        .iter()
        .filter_map(|&i| verdicts.get(i))
        .max_by_key(|v| v.level);
    let (mut level, mut summary) = match worst {
        Some(v) if v.level != Level::Ok && v.summary.starts_with(&v.setting) => (v.level, v.summary.clone()),
        Some(v) if v.level != Level::Ok => (v.level, format!("{}: {}", v.setting, v.summary)),
        Some(_) => (Level::Ok, format!("{} checklist row{} behind it, all right", rows.len(), if rows.len() == 1 { "" } else { "s" })),
        None if tls => (Level::NotChecked, "nothing given to check it".to_string()),
        None => (Level::Ok, String::new()),
    };
    if let Some(m) = missing {
        if level < Level::NotChecked {
            level = Level::NotChecked;
            summary = m.to_string();
        }
    }
    if !tls {
        summary = if draft.id == "keycloak-custom-ca" {
            "no custom CA: Keycloak trusts the JVM's public roots only".to_string()
        } else if draft.id == "keycloak-cluster" {
            "general.internal_tls is off: the cluster cache runs without mutual TLS".to_string()
        } else {
            "general.internal_tls (with verification) is off: not verified inside the cluster".to_string()
        };
        level = Level::Ok;
    }
    Hop {
        level,
        summary,
        ..draft
    }
}
