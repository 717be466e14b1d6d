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

    #[test]
    fn the_secrets_file_is_named_after_the_default_secret() {
        assert_eq!(
            OutputKind::Secret.spec().file_name,
            format!("{}.yaml", crate::output::DEFAULT_TLS_SECRET_NAME)
        );
    }
}
