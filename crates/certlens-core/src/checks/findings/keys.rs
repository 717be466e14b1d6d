//! Keys: a certificate's key too small, and for each private key its format, its encryption,
//! and whether it belongs to a certificate that its file lists first.

use super::finding;
use crate::checks::report::{short_name, Places};
use crate::model::{
    Certificate, Finding, FindingCode, KeyFormat, PrivateKeyReport, Report, Severity,
};

/// `rsa_key_too_small` for one certificate.
pub(super) fn certificate(c: &Certificate, out: &mut Vec<Finding>) {
    if c.public_key.algorithm.is_rsa() && c.public_key.bits.is_some_and(|b| b < 2048) {
        out.push(finding(
            Severity::Error,
            FindingCode::RsaKeyTooSmall,
            format!(
                "{} has a {}-bit RSA key; clients reject RSA below 2048 bits",
                short_name(c),
                c.public_key.bits.unwrap_or(0)
            ),
            "Issue a new certificate with an RSA 2048+ or EC P-256 key.",
            vec![c.index],
        ));
    }
}

/// `key_format_sec1` or `key_format`, `key_encrypted`, `key_matches_no_certificate` and
/// `key_not_first_certificate` for one private key.
pub(super) fn private_key(
    report: &Report,
    places: &Places<'_>,
    k: &PrivateKeyReport,
    out: &mut Vec<Finding>,
) {
    let certs = &report.certificates;
    let mut f = |severity, code, message: String, fix: &str, certificates: Vec<usize>| {
        let mut x = finding(severity, code, message, fix, certificates);
        x.private_keys = vec![k.index];
        out.push(x);
    };
    // An encrypted key gets one finding, which says what to use instead; its format is
    // handled by the same fix (the unencrypted key certlens writes is PKCS#8 or PKCS#1).
    match k.format {
        _ if k.encrypted => {}
        KeyFormat::Pkcs1 | KeyFormat::Pkcs8 => {}
        KeyFormat::Sec1 | KeyFormat::Sec1LegacyEncrypted => f(
            Severity::Warning,
            FindingCode::KeyFormatSec1,
            format!("private key #{} is SEC1 (BEGIN EC PRIVATE KEY); charts and tools that demand PKCS#1 or PKCS#8 reject it", k.index),
            "Convert it to PKCS#8 (BEGIN PRIVATE KEY).",
            Vec::new(),
        ),
        other => f(
            Severity::Warning,
            FindingCode::KeyFormat,
            format!("private key #{} is {}; the chart needs PKCS#1 or PKCS#8 PEM", k.index, other.describe()),
            "Convert it to PKCS#8 (BEGIN PRIVATE KEY).",
            Vec::new(),
        ),
    }
    if k.encrypted && k.needs_password {
        f(
            Severity::Warning,
            FindingCode::KeyEncrypted,
            format!("private key #{} is {} and its password was not given; Kubernetes TLS Secrets and the chart need it unencrypted", k.index, k.format.describe()),
            "Give its password (the page's password box, or --password-file): certlens then checks it against the certificates and writes it unencrypted as PKCS#8 (or PKCS#1 for RSA).",
            Vec::new(),
        );
    } else if k.encrypted {
        f(
            Severity::Warning,
            FindingCode::KeyEncrypted,
            format!("private key #{} is {}, opened with the password given; Kubernetes TLS Secrets and the chart need it unencrypted", k.index, k.format.describe()),
            "Deploy the unencrypted key certlens writes (tls.key in the values and Secret outputs, or convert-key), not this file.",
            Vec::new(),
        );
    }
    if k.spki_sha256.is_some() && k.matches.is_empty() && !certs.is_empty() {
        f(
            Severity::Error,
            FindingCode::KeyMatchesNoCertificate,
            format!("private key #{} ({}) does not belong to any certificate in this input", k.index, k.location),
            "Find the key that was used to request this certificate; a TLS server cannot use a mismatched pair.",
            Vec::new(),
        );
    }
    // The file that holds the key's certificate must start with it; ingress controllers and
    // the chart take the first certificate of tls.crt as the one the key belongs to.
    let key_cert = k.matches.first().and_then(|&m| certs.get(m));
    let file_first = key_cert.and_then(|kc| {
        let here = places.of_certificate(kc.index);
        certs
            .iter()
            .find(|c| places.of_certificate(c.index) == here)
    });
    if let (Some(kc), Some(ff)) = (key_cert, file_first) {
        if !k.matches.contains(&ff.index) {
            f(
                Severity::Error,
                FindingCode::KeyNotFirstCertificate,
                format!(
                    "private key #{} matches {}, but its certificate file starts with {}: ingress controllers report \"key values mismatch\"",
                    k.index,
                    short_name(kc),
                    short_name(ff)
                ),
                "Put the certificate that matches the key first (use the reordered full chain).",
                vec![kc.index, ff.index],
            );
        }
    }
}
