//! One description per output (as ripgrep has one printer per format): its name, its title on
//! the page, the file it is downloaded as, the options the JS module takes for it and what it
//! needs from the pool. The CLI's commands, the JS module's options and TypeScript interfaces
//! and the page's Outputs tabs are checked against (or built from) [`OUTPUTS`], so an output
//! is described here once.

/// Every output certlens produces for the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OutputKind {
    /// `certificate.tls` values and the pins ([`crate::output::tls_values`]).
    Values,
    /// `security_pinned_hashes` ([`crate::output::pins`]).
    Pins,
    /// A `kubernetes.io/tls` Secret ([`crate::output::tls_secret`]).
    Secret,
    /// The internal TLS Secrets and values ([`crate::output::internal_tls`]).
    InternalTls,
    /// `secrets.customCa` ([`crate::output::custom_ca`]).
    CustomCa,
    /// The backend's encryption key Secret ([`crate::output::encryption_key_secret`]).
    EncryptionKey,
    /// An encryption key rotation ([`crate::output::encryption_key_rotation`]).
    Rotation,
    /// The full chain as PEM ([`crate::output::chain_pem`]).
    Chain,
    /// A private key in another format ([`crate::output::convert_key`]).
    ConvertKey,
    /// The lightrun-agents chart's values and agent Secrets ([`crate::output::agents`]).
    Agents,
}

/// What an output needs from the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Needs {
    /// A chain and the leaf's private key.
    KeyedChain,
    /// A chain (its root is added when the pool holds it).
    Chain,
    /// Leaf certificates or keys (their public keys are pinned).
    PublicKeys,
    /// A CA certificate.
    CaCertificate,
    /// A private key.
    PrivateKey,
    /// Nothing: the key is made or given.
    Nothing,
}

/// One output, described once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputSpec {
    /// Which output.
    pub kind: OutputKind,
    /// The CLI command that writes it.
    pub command: &'static str,
    /// The JS module's function.
    pub js_function: &'static str,
    /// The TypeScript interface of that function's options.
    pub js_options: &'static str,
    /// The options the JS module takes (camelCase), besides `password` and `now` when
    /// [`OutputSpec::reads_input`].
    pub options: &'static [&'static str],
    /// Whether it reads certificates and keys (then `password` and `now` are options too).
    pub reads_input: bool,
    /// Its tab on the page; empty: not a tab of its own.
    pub title: &'static str,
    /// The file its main text is downloaded as.
    pub file_name: &'static str,
    /// What it needs from the pool.
    pub needs: Needs,
}

const VALUES: OutputSpec = OutputSpec {
    kind: OutputKind::Values,
    command: "values",
    js_function: "tlsValues",
    js_options: "TlsValuesOptions",
    options: &[
        "chain",
        "includeRoot",
        "keyFormat",
        "oldPins",
        "allowIncompleteChain",
        "release",
        "keystorePassword",
    ],
    reads_input: true,
    title: "certificate.tls values",
    file_name: "values-certificate.yaml",
    needs: Needs::KeyedChain,
};

const PINS: OutputSpec = OutputSpec {
    kind: OutputKind::Pins,
    command: "pins",
    js_function: "pins",
    js_options: "PinsOptions",
    options: &["base64"],
    reads_input: true,
    title: "security_pinned_hashes",
    file_name: "security_pinned_hashes.yaml",
    needs: Needs::PublicKeys,
};

const SECRET: OutputSpec = OutputSpec {
    kind: OutputKind::Secret,
    command: "secret",
    js_function: "tlsSecret",
    js_options: "TlsSecretOptions",
    options: &[
        "name",
        "namespace",
        "chain",
        "includeRoot",
        "includeCa",
        "keyFormat",
        "allowIncompleteChain",
    ],
    reads_input: true,
    title: "TLS Secret + kubectl",
    file_name: "lightrun-tls.yaml",
    needs: Needs::KeyedChain,
};

const INTERNAL_TLS: OutputSpec = OutputSpec {
    kind: OutputKind::InternalTls,
    command: "internal-tls",
    js_function: "internalTls",
    js_options: "InternalTlsOptions",
    options: &[
        "release",
        "namespace",
        "services",
        "existingSecrets",
        "caSecretName",
        "includeRoot",
        "allowIncompleteChain",
    ],
    reads_input: true,
    title: "Internal TLS",
    file_name: "internal-tls-secrets.yaml",
    needs: Needs::KeyedChain,
};

const CUSTOM_CA: OutputSpec = OutputSpec {
    kind: OutputKind::CustomCa,
    command: "custom-ca",
    js_function: "customCa",
    js_options: "CustomCaOptions",
    options: &["release", "namespace", "secretName"],
    reads_input: true,
    title: "Custom CA (Keycloak)",
    file_name: "values-custom-ca.yaml",
    needs: Needs::CaCertificate,
};

const ENCRYPTION_KEY: OutputSpec = OutputSpec {
    kind: OutputKind::EncryptionKey,
    command: "keygen",
    js_function: "encryptionKeySecret",
    js_options: "EncryptionKeyOptions",
    options: &["secretName", "namespace", "key"],
    reads_input: false,
    title: "Encryption key",
    file_name: "backend-encryption-keys.yaml",
    needs: Needs::Nothing,
};

const ROTATION: OutputSpec = OutputSpec {
    kind: OutputKind::Rotation,
    command: "keygen",
    js_function: "encryptionKeyRotation",
    js_options: "EncryptionKeyOptions",
    options: &["secretName", "namespace", "key"],
    reads_input: false,
    title: "",
    file_name: "backend-encryption-keys.yaml",
    needs: Needs::Nothing,
};

const CHAIN: OutputSpec = OutputSpec {
    kind: OutputKind::Chain,
    command: "chain",
    js_function: "chainPem",
    js_options: "ChainPemOptions",
    options: &["chain", "includeRoot"],
    reads_input: true,
    title: "",
    file_name: "full-chain.crt",
    needs: Needs::Chain,
};

const CONVERT_KEY: OutputSpec = OutputSpec {
    kind: OutputKind::ConvertKey,
    command: "convert-key",
    js_function: "convertKey",
    js_options: "ConvertKeyOptions",
    options: &["to", "key"],
    reads_input: true,
    title: "",
    file_name: "tls.key",
    needs: Needs::PrivateKey,
};

const AGENTS: OutputSpec = OutputSpec {
    kind: OutputKind::Agents,
    command: "agents",
    js_function: "agents",
    js_options: "AgentsOptions",
    options: &["serverHost", "agents", "namespace", "lightrunKey", "chain"],
    reads_input: true,
    title: "Agents",
    file_name: "lightrun-agents-values.yaml",
    needs: Needs::Chain,
};

/// Every output, in the page's tab order.
pub const OUTPUTS: &[OutputSpec] = &[
    VALUES,
    PINS,
    SECRET,
    INTERNAL_TLS,
    CUSTOM_CA,
    ENCRYPTION_KEY,
    AGENTS,
    ROTATION,
    CHAIN,
    CONVERT_KEY,
];

impl OutputKind {
    /// This output's description.
    pub fn spec(self) -> &'static OutputSpec {
        match self {
            OutputKind::Values => &VALUES,
            OutputKind::Pins => &PINS,
            OutputKind::Secret => &SECRET,
            OutputKind::InternalTls => &INTERNAL_TLS,
            OutputKind::CustomCa => &CUSTOM_CA,
            OutputKind::EncryptionKey => &ENCRYPTION_KEY,
            OutputKind::Rotation => &ROTATION,
            OutputKind::Chain => &CHAIN,
            OutputKind::ConvertKey => &CONVERT_KEY,
            OutputKind::Agents => &AGENTS,
        }
    }
}

impl OutputSpec {
    /// Every option name the JS module takes for this output, `password` and `now` first
    /// when it reads input.
    pub fn all_options(&self) -> Vec<&'static str> {
        let common: &[&str] = if self.reads_input {
            &["password", "now"]
        } else {
            &[]
        };
        common.iter().chain(self.options).copied().collect()
    }
}

/// The fixed names of the files the page offers besides each output's main file
/// ([`OutputSpec::file_name`]) and the bundle's ([`crate::output::BUNDLE_FILES`]): one table,
/// so that no two different files share a name (a browser saves the second as "name (1)", and
/// one hides the other). [`download_names`] lists them all; a test checks none repeats.
pub mod downloads {
    /// `certificate.existing_cert` values (the TLS Secret tab).
    pub const EXISTING_CERT_VALUES: &str = "values-existing-cert.yaml";
    /// `general.internal_tls` and `secrets.customCa` values of given certificates.
    pub const INTERNAL_VALUES: &str = "values-internal-tls.yaml";
    /// The internal CA Secret alone.
    pub const INTERNAL_CA_SECRET: &str = "internal-ca-secret.yaml";
    /// The custom-CA Secret (the `existingCaSecret` alternative).
    pub const CUSTOM_CA_SECRET: &str = "custom-ca-secret.yaml";
    /// `secrets.customCa.existingCaSecret` values.
    pub const CUSTOM_CA_EXISTING_VALUES: &str = "values-custom-ca-existing.yaml";
    /// `general.deploy_secrets` values naming the backend Secret.
    pub const BACKEND_SECRET_VALUES: &str = "values-backend-secret.yaml";
    /// `secrets.keysEncryption.userEncryptionKey` values.
    pub const CHART_MANAGED_KEY_VALUES: &str = "values-chart-managed-key.yaml";
    /// The agent Secrets.
    pub const AGENT_SECRETS: &str = "lightrun-agent-secrets.yaml";
    /// The agents' values naming their Secrets.
    pub const AGENTS_EXISTING_VALUES: &str = "lightrun-agents-values-existing.yaml";
    /// Make → Test certificate: its `certificate.tls` values (testing only).
    pub const MADE_SELF_SIGNED_VALUES: &str = "values-self-signed-testing.yaml";
    /// Make → Private CA: its values (internal TLS, custom CA, the main certificate's key).
    pub const MADE_PRIVATE_CA_VALUES: &str = "values-made-private-ca.yaml";
    /// Every name above.
    pub const ALL: &[&str] = &[
        EXISTING_CERT_VALUES,
        INTERNAL_VALUES,
        INTERNAL_CA_SECRET,
        CUSTOM_CA_SECRET,
        CUSTOM_CA_EXISTING_VALUES,
        BACKEND_SECRET_VALUES,
        CHART_MANAGED_KEY_VALUES,
        AGENT_SECRETS,
        AGENTS_EXISTING_VALUES,
        MADE_SELF_SIGNED_VALUES,
        MADE_PRIVATE_CA_VALUES,
    ];
}

/// Every fixed download name of the page: each output's main file (the rotation shares the
/// encryption key's: one tab, one file), [`downloads::ALL`] and the bundle's files.
pub fn download_names() -> Vec<&'static str> {
    OUTPUTS
        .iter()
        .filter(|o| o.kind != OutputKind::Rotation)
        .map(|o| o.file_name)
        .chain(downloads::ALL.iter().copied())
        .chain(crate::output::BUNDLE_FILES.iter().copied())
        .collect()
}

/// The outputs the page shows as tabs, in order.
pub fn tabs() -> impl Iterator<Item = &'static OutputSpec> {
    OUTPUTS.iter().filter(|o| !o.title.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_described_once() {
        let kinds = [
            OutputKind::Values,
            OutputKind::Pins,
            OutputKind::Secret,
            OutputKind::InternalTls,
            OutputKind::CustomCa,
            OutputKind::EncryptionKey,
            OutputKind::Rotation,
            OutputKind::Chain,
            OutputKind::ConvertKey,
            OutputKind::Agents,
        ];
        for k in kinds {
            assert_eq!(OUTPUTS.iter().filter(|o| o.kind == k).count(), 1, "{k:?}");
            assert_eq!(k.spec().kind, k);
        }
        assert_eq!(OUTPUTS.len(), kinds.len());
    }

    #[test]
    fn the_tabs_are_the_pages_seven() {
        let titles: Vec<&str> = tabs().map(|o| o.title).collect();
        assert_eq!(
            titles,
            [
                "certificate.tls values",
                "security_pinned_hashes",
                "TLS Secret + kubectl",
                "Internal TLS",
                "Custom CA (Keycloak)",
                "Encryption key",
                "Agents"
            ]
        );
    }

    /// Two different files never share a download name (the page had two
    /// `values-internal-tls.yaml`, one of them holding the main certificate's key).
    #[test]
    fn every_download_name_is_unique() {
        let names = download_names();
        let mut seen = std::collections::BTreeSet::new();
        for n in &names {
            assert!(seen.insert(*n), "{n} names two downloads");
        }
        assert_eq!(names.len(), 9 + downloads::ALL.len() + 3);
        assert!(names.contains(&"lightrun-values.yaml") && names.contains(&"values-made-private-ca.yaml"));
    }

    #[test]
    fn the_secrets_file_is_named_after_the_default_secret() {
        assert_eq!(
            OutputKind::Secret.spec().file_name,
            format!("{}.yaml", crate::output::DEFAULT_TLS_SECRET_NAME)
        );
    }
}
