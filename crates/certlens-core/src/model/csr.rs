//! What a certificate signing request asks for.

use serde::{Deserialize, Serialize};

use super::{Extension, NameCoverage, NotCheckedReason, Sans, SignatureStatus};

/// A CSR's requested names and extensions, its own signature, and the names checked against
/// it (before it is sent to a CA).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsrDetails {
    /// The subjectAltName of the extensionRequest (what the certificate will carry if the CA
    /// honours it).
    pub requested_san: Sans,
    /// Every extension requested.
    pub requested_extensions: Vec<Extension>,
    /// keyUsage requested.
    pub key_usage: Vec<String>,
    /// extendedKeyUsage requested.
    pub extended_key_usage: Vec<String>,
    /// The CSR's signature, checked with its own public key (a CA refuses a request whose
    /// signature fails).
    pub signature: SignatureStatus,
    /// Why, in words.
    pub signature_detail: String,
    /// Why it was not verified, when it was not (see [`NotCheckedReason`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_reason: Option<NotCheckedReason>,
    /// The names asked for (`--host`, the page's names) and whether the request covers each.
    pub names: Vec<NameCoverage>,
    /// What a CA or a client will object to, in sentences.
    pub problems: Vec<String>,
    /// The subject's Common Name (what the names are checked against when no SAN is requested).
    #[serde(default)]
    pub common_name: Option<String>,
}

impl CsrDetails {
    /// The requested subjectAltName as one line (`DNS:a, IP:b, ...`), or "no subjectAltName".
    /// The CLI and the page both show it, so the wording lives here.
    pub fn requested_names(&self) -> String {
        let san = &self.requested_san;
        let names: Vec<String> = san
            .dns
            .iter()
            .map(|d| format!("DNS:{d}"))
            .chain(san.ip.iter().map(|i| format!("IP:{i}")))
            .chain(san.other.iter().cloned())
            .collect();
        if names.is_empty() {
            "no subjectAltName".to_string()
        } else {
            names.join(", ")
        }
    }

    /// The requested extensions' labels, in request order.
    pub fn extension_labels(&self) -> Vec<String> {
        self.requested_extensions
            .iter()
            .map(Extension::label)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csr(san: Sans) -> CsrDetails {
        CsrDetails {
            requested_san: san,
            requested_extensions: Vec::new(),
            key_usage: Vec::new(),
            extended_key_usage: Vec::new(),
            signature: SignatureStatus::Valid,
            signature_detail: String::new(),
            signature_reason: None,
            names: Vec::new(),
            problems: Vec::new(),
            common_name: None,
        }
    }

    #[test]
    fn requested_names_lists_dns_then_ip_then_other() {
        let san = Sans {
            dns: vec!["a.example".into(), "b.example".into()],
            ip: vec!["10.0.0.1".into()],
            email: vec!["x@example.com".into()],
            uri: Vec::new(),
            other: vec!["DirName:CN=x".into()],
        };
        assert_eq!(
            csr(san).requested_names(),
            "DNS:a.example, DNS:b.example, IP:10.0.0.1, DirName:CN=x"
        );
        assert_eq!(csr(Sans::default()).requested_names(), "no subjectAltName");
    }
}
