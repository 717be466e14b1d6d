//! The defaults every front end offers (CLI flags left out, wasm options left out, the page's
//! fields before the user types): one place, so that the CLI, the JS module and the page never
//! propose different names for the same thing.

/// The chart's release name the docs use, and the page's release field starts with.
pub const DEFAULT_RELEASE: &str = "lightrun";

/// The `kubernetes.io/tls` Secret's name when none is given (CLI `secret --name`, wasm
/// `tlsSecret({name})`, the page's Secret tab).
pub const DEFAULT_TLS_SECRET_NAME: &str = "lightrun-tls";

/// The backend Secret holding `encryption-key-N` when none is given: the chart's own name for
/// it under the default release.
pub const DEFAULT_ENCRYPTION_SECRET_NAME: &str = "lightrun-backend";

/// Whether `tls.crt` ends with the root CA when the input holds it (values, Secret, chain,
/// internal TLS, the page, the JS module): yes. The vendor's documented procedure for
/// `certificate.tls.crt` is the full chain certificate → intermediate → root. Every front end
/// offers one switch to leave it out: CLI `--no-root`, JS `includeRoot: false`, the page's
/// "Leave the root out" ([`LEAVE_ROOT_OUT_LABEL`]).
pub const DEFAULT_INCLUDE_ROOT: bool = true;

/// The page's check-box that leaves the root CA out of `tls.crt`.
pub const LEAVE_ROOT_OUT_LABEL: &str = "Leave the root out of tls.crt";

/// Warn when a certificate expires within this many days ([`crate::Options::warn_days`]; the
/// CLI's `--warn-days`, the page's field).
pub const DEFAULT_WARN_DAYS: i64 = 30;

/// The backend Secret of release `release` (`<release>-backend`): the page follows the release
/// the user typed; with [`DEFAULT_RELEASE`] it is [`DEFAULT_ENCRYPTION_SECRET_NAME`].
pub fn encryption_secret_name(release: &str) -> String {
    format!("{}-backend", release.trim())
}

/// Every `general.internal_tls.certificates.existing_certificates` key the chart mounts by
/// default, in the values' order: `artifacts` is always deployed and Keycloak's `clusterMode` is
/// on by default, so `keycloak_cluster` (with `ca.crt`) is mounted too. A key left empty renders
/// a volume with an empty `secretName:` and the pod cannot start. `internal-tls` with no service
/// named fills all of them.
pub const INTERNAL_TLS_MOUNTED_KEYS: &[&str] = &[
    "frontend",
    "keycloak",
    "keycloak_cluster",
    "redis",
    "rabbitmq",
    "data_streamer",
    "artifacts",
];

/// The Secret the chart renders from `secrets.customCa.customCaCertificate`
/// (`<fullname>-custom-ca-certificate`), and the name `custom-ca` proposes for the
/// `existingCaSecret` alternative.
pub fn custom_ca_secret_name(release: &str) -> String {
    format!("{}-custom-ca-certificate", release.trim())
}

/// The key of the custom-CA Secret that Keycloak reads (mounted under
/// `/opt/keycloak/conf/truststores`).
pub const CUSTOM_CA_KEY: &str = "custom-ca.pem";

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
}
