//! The defaults every front end offers (CLI flags left out, wasm options left out, the page's
//! fields before the user types): one place, so that the CLI, the JS module and the page never
//! propose different names for the same thing.

// The chart's own facts (release, Secret names, mounted keys) live in `crate::chart`; they
// are re-exported here because front ends have always found them under `output`.
pub use crate::chart::{
    custom_ca_secret_name, encryption_secret_name, CUSTOM_CA_KEY, DEFAULT_ENCRYPTION_SECRET_NAME,
    DEFAULT_RELEASE, DEFAULT_TLS_SECRET_NAME, INTERNAL_TLS_MOUNTED_KEYS,
};

/// Whether `tls.crt` ends with the root CA when the input holds it (values, Secret, chain,
/// internal TLS, the page, the JS module): yes. The vendor's documented procedure for
/// `certificate.tls.crt` is the full chain certificate → intermediate → root. Every front end
/// offers one switch to leave it out: CLI `--no-root`, JS `includeRoot: false`, the page's
/// "Leave the root out" ([`LEAVE_ROOT_OUT_LABEL`]).
pub const DEFAULT_INCLUDE_ROOT: bool = true;

/// The page's check-box that leaves the root CA out of `tls.crt`.
pub const LEAVE_ROOT_OUT_LABEL: &str = "Leave the root out of tls.crt";

/// Warn when a certificate expires within this many days ([`crate::Options::warn_days`]; the
/// CLI's `--warn-days`, the page's field). The pipeline's options own the value.
pub use crate::inspect::DEFAULT_WARN_DAYS;

/// With `deploy_secrets` disabled (the values of an encryption-key Secret you manage).
pub const DEPLOY_SECRETS_OFF: &str = "With deploy_secrets disabled the chart renders none of its Secrets: certificate.tls is then unused (give certificate.existing_cert a kubernetes.io/tls Secret: certlens secret) and secrets.customCa.customCaCertificate fails the render (use existingCaSecret).";

/// Learned by rendering chart 3.50.0: the chart renders its Secrets (the `certificate.tls` one,
/// the custom-CA one, the backend one) only with `general.deploy_secrets.enabled: true`, its
/// default. With `false`, `certificate.tls` is silently unused (the pods mount
/// `certificate.existing_cert`, else `<fullname>-certificate`, which must exist).
pub const CERTIFICATE_TLS_NEEDS_DEPLOY_SECRETS: &str = "certificate.tls is used only with general.deploy_secrets.enabled: true (the chart's default); with deploy_secrets disabled the chart renders no Secret from it: give certificate.existing_cert a kubernetes.io/tls Secret instead (certlens secret)";

/// Learned by rendering chart 3.50.0: `customCaCertificate` with `deploy_secrets` disabled
/// fails the render with this message.
pub const CUSTOM_CA_NEEDS_DEPLOY_SECRETS: &str = "customCaCertificate works only with general.deploy_secrets.enabled: true: with it disabled the chart fails (\"deploy_secrets must be true if customCaCertificate is defined\"); then use the existingCaSecret alternative";

/// Learned by rendering chart 3.50.0: the backend's `encryption-keys` volume lists its `items`
/// from `lookup` of the live backend Secret; when `lookup` finds nothing (`helm template`,
/// Argo CD, a first install) it lists `encryption-key-0` alone, whatever the Secret holds.
pub const ENCRYPTION_KEYS_MOUNT: &str = "the backend mounts only the encryption-key-N entries the chart finds with lookup in the live Secret: apply this Secret first, then run helm upgrade against the cluster so every key is mounted. Under helm template and Argo CD lookup finds nothing and the chart mounts encryption-key-0 alone (chart 3.50.0), so a new key is not used there until the chart changes";
