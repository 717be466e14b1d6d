//! What the Lightrun Helm chart does with TLS material, in one place: its values paths, the
//! Services and Secrets it derives from the release's full name, the keys it mounts, and the
//! names certlens proposes by default. Every other module asks here instead of spelling a
//! chart fact itself, so a chart change is one edit.
//!
//! The facts were read from the chart's templates and checked by rendering it (chart 3.50.0);
//! each item says what it stands for in the chart. This module is a leaf: it uses no other
//! module of the crate.

use serde::Serialize;

// ---- Defaults ---------------------------------------------------------------------------------

/// The chart's release name the docs use, and the page's release field starts with.
pub const DEFAULT_RELEASE: &str = "lightrun";

/// The `kubernetes.io/tls` Secret's name when none is given (CLI `secret --name`, wasm
/// `tlsSecret({name})`, the page's Secret tab).
pub const DEFAULT_TLS_SECRET_NAME: &str = "lightrun-tls";

/// The backend Secret holding `encryption-key-N` when none is given: the chart's own name for
/// it under the default release.
pub const DEFAULT_ENCRYPTION_SECRET_NAME: &str = "lightrun-backend";

/// `general.cluster_domain` when the values leave it out.
pub const DEFAULT_CLUSTER_DOMAIN: &str = "cluster.local";

// ---- Values paths -----------------------------------------------------------------------------

/// The values paths certlens reads or writes, as the chart's `values.yaml` spells them.
pub(crate) mod path {
    /// A `kubernetes.io/tls` Secret the pods mount instead of one rendered from `certificate.tls`.
    pub const EXISTING_CERT: &str = "certificate.existing_cert";
    /// Base64 of the PEM chain, placed verbatim under the rendered Secret's `data: tls.crt:`.
    pub const TLS_CRT: &str = "certificate.tls.crt";
    /// Base64 of the PEM key, placed verbatim under `data: tls.key:`.
    pub const TLS_KEY: &str = "certificate.tls.key";
    /// The pin list, joined with commas into `LIGHTRUN_SECURITY_PINNED_HASHES`.
    pub const PINNED_HASHES: &str = "certificate.security_pinned_hashes";
    /// The last key of [`PINNED_HASHES`], as it appears in any values file.
    pub const PINNED_HASHES_KEY: &str = "security_pinned_hashes";
    /// Whether the chart renders its Secrets at all (default true).
    pub const DEPLOY_SECRETS: &str = "general.deploy_secrets.enabled";
    /// The backend Secret the user manages when `deploy_secrets` is off.
    pub const EXISTING_BACKEND_SECRET: &str = "general.deploy_secrets.existing_secrets.backend";
    /// The public host name the main certificate must cover.
    pub const ENDPOINT: &str = "general.lightrun_endpoint";
    /// The cluster DNS suffix (default [`super::DEFAULT_CLUSTER_DOMAIN`]).
    pub const CLUSTER_DOMAIN: &str = "general.cluster_domain";
    /// Internal TLS's root.
    pub const INTERNAL_TLS: &str = "general.internal_tls";
    /// Internal TLS on or off (default off).
    pub const INTERNAL_TLS_ENABLED: &str = "general.internal_tls.enabled";
    /// `general.internal_tls.certificates`: source, verification, CA, per-service Secrets.
    pub const INTERNAL_CERTS: &str = "general.internal_tls.certificates";
    /// `existing_certificates` or `generate_self_signed_certificates`.
    pub const INTERNAL_SOURCE: &str = "general.internal_tls.certificates.source";
    /// Whether the services verify each other (default true).
    pub const INTERNAL_VERIFICATION: &str = "general.internal_tls.certificates.verification";
    /// The Secret holding `ca.crt`, the internal CA.
    pub const INTERNAL_CA_SECRET: &str =
        "general.internal_tls.certificates.existing_ca_secret_name";
    /// One line of Base64 of the custom CA's PEM.
    pub const CUSTOM_CA_CERTIFICATE: &str = "secrets.customCa.customCaCertificate";
    /// Or a Secret holding [`super::CUSTOM_CA_KEY`].
    pub const CUSTOM_CA_EXISTING: &str = "secrets.customCa.existingCaSecret";
    /// The chart-managed encryption key.
    pub const USER_ENCRYPTION_KEY: &str = "secrets.keysEncryption.userEncryptionKey";
}

/// `general.internal_tls.certificates.source` when the chart takes the user's Secrets (its
/// default); any other value makes the chart generate the certificates itself.
pub const SOURCE_EXISTING: &str = "existing_certificates";

/// The values path of one service's Secret under internal TLS.
pub fn existing_certificate_path(key: &str) -> String {
    format!("{}.existing_certificates.{key}", path::INTERNAL_CERTS)
}

// ---- Secret keys ------------------------------------------------------------------------------

/// The certificate chain of a `kubernetes.io/tls` Secret.
pub const TLS_CRT: &str = "tls.crt";
/// The private key of a `kubernetes.io/tls` Secret.
pub const TLS_KEY: &str = "tls.key";
/// The CA certificate(s) of the internal CA Secret and of `keycloak_cluster`'s Secret.
pub const CA_CRT: &str = "ca.crt";
/// The Secret type the chart's certificate Secrets have.
pub const TLS_SECRET_TYPE: &str = "kubernetes.io/tls";

/// The key of the custom-CA Secret that Keycloak reads (mounted under
/// `/opt/keycloak/conf/truststores`).
pub const CUSTOM_CA_KEY: &str = "custom-ca.pem";

/// The backend Secret's encryption keys are `encryption-key-0`, `encryption-key-1`, ... under
/// `stringData`; the chart encrypts with the highest number.
pub const ENCRYPTION_KEY_PREFIX: &str = "encryption-key-";

/// `encryption-key-N`.
pub fn encryption_key_name(n: u64) -> String {
    format!("{ENCRYPTION_KEY_PREFIX}{n}")
}

/// N of `encryption-key-N`, or `None` for any other key.
pub fn encryption_key_number(key: &str) -> Option<u64> {
    key.strip_prefix(ENCRYPTION_KEY_PREFIX)?.parse().ok()
}

// ---- Secret and Service names -----------------------------------------------------------------

/// The backend Secret of release `release` (`<release>-backend`): the page follows the release
/// the user typed; with [`DEFAULT_RELEASE`] it is [`DEFAULT_ENCRYPTION_SECRET_NAME`].
pub fn encryption_secret_name(release: &str) -> String {
    format!("{}-backend", release.trim())
}

/// The Secret the chart renders from `secrets.customCa.customCaCertificate`
/// (`<fullname>-custom-ca-certificate`), and the name `custom-ca` proposes for the
/// `existingCaSecret` alternative.
pub fn custom_ca_secret_name(release: &str) -> String {
    format!("{}-custom-ca-certificate", release.trim())
}

/// The Secret the pods mount when `deploy_secrets` is off and `certificate.existing_cert` is
/// empty (`<fullname>-certificate`): it must exist.
pub fn default_certificate_secret_name(fullname: &str) -> String {
    format!("{}-certificate", fullname.trim())
}

/// The internal CA Secret certlens proposes (`<fullname>-internal-ca`, key `ca.crt`).
pub fn internal_ca_secret_name(fullname: &str) -> String {
    format!("{fullname}-internal-ca")
}

/// The Secret certlens proposes for one internal service: `<fullname>-<key with '_' as '-'>-tls`.
pub fn internal_tls_secret_name(fullname: &str, key: &str) -> String {
    format!("{fullname}-{}-tls", key.replace('_', "-"))
}

/// The backend's Service (`<fullname>-backend`): the router verifies the backend under this
/// name when internal TLS is on, although the backend serves the main certificate.
pub fn backend_service(fullname: &str) -> String {
    format!("{fullname}-backend")
}

// ---- Internal TLS -----------------------------------------------------------------------------

/// The values key of Keycloak's cluster (mutual TLS) certificate: it has no Service of its own
/// and its Secret needs `ca.crt` too.
pub const KEYCLOAK_CLUSTER: &str = "keycloak_cluster";

/// Every `general.internal_tls.certificates.existing_certificates` key the chart mounts by
/// default, in the values' order: `artifacts` is always deployed and Keycloak's `clusterMode` is
/// on by default, so `keycloak_cluster` (with `ca.crt`) is mounted too. A key left empty renders
/// a volume with an empty `secretName:` and the pod cannot start. `internal-tls` with no service
/// named fills all of them.
pub const INTERNAL_TLS_MOUNTED_KEYS: &[&str] = &[
    "frontend",
    "keycloak",
    KEYCLOAK_CLUSTER,
    "redis",
    "rabbitmq",
    "data_streamer",
    "artifacts",
];

/// The values key whose Service names a key's certificate carries: `keycloak_cluster` has no
/// Service, and Keycloak's cluster members reach each other under Keycloak's names.
pub fn names_key(key: &str) -> &str {
    if key == KEYCLOAK_CLUSTER {
        "keycloak"
    } else {
        key
    }
}

/// The Secret keys one internal service's Secret must hold.
pub fn internal_secret_keys(key: &str) -> &'static [&'static str] {
    if key == KEYCLOAK_CLUSTER {
        &[TLS_CRT, TLS_KEY, CA_CRT]
    } else {
        &[TLS_CRT, TLS_KEY]
    }
}

/// The internal services checked by default (keys of
/// `general.internal_tls.certificates.existing_certificates`); `artifacts` and `backend` are
/// available to [`chart_services`] but not in this set.
pub const DEFAULT_INTERNAL_SERVICES: &[&str] =
    &["frontend", "keycloak", "redis", "rabbitmq", "data_streamer"];

/// Values key → Service name suffix (`<fullname>-<suffix>`). `rabbitmq`'s Service is `-mq`,
/// `data_streamer`'s `-data-streamer`; `backend` has a Service but no internal_tls key.
const CHART_SERVICES: &[(&str, &str)] = &[
    ("frontend", "frontend"),
    ("keycloak", "keycloak"),
    ("redis", "redis"),
    ("rabbitmq", "mq"),
    ("data_streamer", "data-streamer"),
    ("artifacts", "artifacts"),
    ("backend", "backend"),
];

/// One internal service of the Lightrun chart: the `general.internal_tls` values key and the
/// Kubernetes Service name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartService {
    pub key: &'static str,
    pub service: String,
}

/// The Services of the Lightrun Helm chart for a release full name, in the order of `keys`.
/// Keys are the values keys (`rabbitmq`, `data_streamer`...); the spellings `mq` and
/// `data-streamer` are accepted too. Unknown keys and repeats are skipped; an empty full name
/// yields nothing.
pub fn chart_services(fullname: &str, keys: &[&str]) -> Vec<ChartService> {
    let full = fullname.trim();
    if full.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<ChartService> = Vec::new();
    for k in keys {
        let k = k.trim().to_ascii_lowercase();
        let hit = CHART_SERVICES
            .iter()
            .find(|(key, suffix)| *key == k || *suffix == k || key.replace('_', "-") == k);
        if let Some((key, suffix)) = hit {
            if !out.iter().any(|s| s.key == *key) {
                out.push(ChartService {
                    key,
                    service: format!("{full}-{suffix}"),
                });
            }
        }
    }
    out
}

/// The names clients use for an internal service: NAME, NAME.NS, NAME.NS.svc,
/// NAME.NS.svc.cluster.local. With an empty namespace, only NAME; with an empty service, none.
pub fn service_names(service: &str, namespace: &str) -> Vec<String> {
    let s = service.trim();
    let ns = namespace.trim();
    if s.is_empty() {
        return Vec::new();
    }
    if ns.is_empty() {
        return vec![s.to_string()];
    }
    vec![
        s.to_string(),
        format!("{s}.{ns}"),
        format!("{s}.{ns}.svc"),
        format!("{s}.{ns}.svc.{DEFAULT_CLUSTER_DOMAIN}"),
    ]
}

/// NAME, NAME.NS, NAME.NS.svc: exactly the SANs of the certificates the chart generates itself,
/// so the names a user-supplied certificate is safely checked against.
pub fn required_service_names(service: &str, namespace: &str) -> Vec<String> {
    service_names(service, namespace)
        .into_iter()
        .take(3)
        .collect()
}

/// Expand `--service` names with a namespace into every name clients use.
pub fn expand_services(services: &[String], namespace: Option<&str>) -> Vec<String> {
    services
        .iter()
        .flat_map(|s| service_names(s, namespace.unwrap_or("")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_secret_of_the_default_release_is_the_default() {
        assert_eq!(
            encryption_secret_name(DEFAULT_RELEASE),
            DEFAULT_ENCRYPTION_SECRET_NAME
        );
    }

    /// Every mounted key but `keycloak_cluster` is a Service of the chart, and the default
    /// set is a subset of the mounted keys: the lists cannot drift apart.
    #[test]
    fn mounted_keys_and_services_agree() {
        for k in INTERNAL_TLS_MOUNTED_KEYS {
            let found = chart_services("lightrun", &[k]);
            if *k == KEYCLOAK_CLUSTER {
                assert!(found.is_empty());
            } else {
                assert_eq!(found.len(), 1, "{k}");
            }
        }
        for k in DEFAULT_INTERNAL_SERVICES {
            assert!(INTERNAL_TLS_MOUNTED_KEYS.contains(k), "{k}");
        }
        assert_eq!(INTERNAL_TLS_MOUNTED_KEYS.len(), 7);
    }

    /// CHART-FACTS: `<fullname>-mq` for rabbitmq, `<fullname>-data-streamer` (hyphen).
    #[test]
    fn service_names_follow_the_chart() {
        let s = chart_services("lr", &["rabbitmq", "data-streamer", "mq", "backend"]);
        let got: Vec<(&str, &str)> = s.iter().map(|c| (c.key, c.service.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("rabbitmq", "lr-mq"),
                ("data_streamer", "lr-data-streamer"),
                ("backend", "lr-backend"),
            ]
        );
        assert_eq!(
            required_service_names("lr-redis", "prod"),
            vec!["lr-redis", "lr-redis.prod", "lr-redis.prod.svc"]
        );
        assert_eq!(
            internal_tls_secret_name("lr", "data_streamer"),
            "lr-data-streamer-tls"
        );
        assert_eq!(encryption_key_number("encryption-key-12"), Some(12));
        assert_eq!(encryption_key_number("encryption-key-x"), None);
        assert_eq!(encryption_key_name(3), "encryption-key-3");
    }
}
