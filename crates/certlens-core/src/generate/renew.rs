//! Renewals that keep the pins working (issue 29): a request made with the key one already has
//! (same key, same pin), and the next key made ahead with the values that pin it next to the
//! current one, so that the renewal itself changes nothing the clients pin.
//!
//! Both start from an inspected pool (the current certificate and its key, in any format the
//! pool reads), so that the key is found, decrypted and matched exactly as every other output
//! does it.

use der::Decode;
use serde::Serialize;
use x509_cert::name::Name;

use super::cert;
use super::keypair::{KeyAlgorithm, KeyPair};
use super::names::{parse_names, SanName};
use super::rng::{self, Seed};
use super::MakeError;
use crate::checks::report::short_name;
use crate::input::pem;
use crate::model::{Certificate, PrivateKeyReport, Report};
use crate::output::{pinned_ahead, select, OutputError, PinnedAhead, SecretText};
use crate::x509::cert::spki_pin;

/// Options of [`renewal_csr`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RenewOptions {
    /// The chain whose leaf is renewed (index into [`Report::chains`]); `None`: the chain whose
    /// leaf has its key.
    pub chain: Option<usize>,
    /// Names to request instead of the certificate's (required when the pool holds only a key).
    pub names: Vec<String>,
}

/// A same-key renewal request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MadeRenewal {
    /// File stem (the CN).
    pub name: String,
    /// The request, PEM (`BEGIN CERTIFICATE REQUEST`).
    pub csr_pem: String,
    /// The names requested.
    pub names: Vec<String>,
    /// The subject, RFC 4514.
    pub subject: String,
    /// The certificate renewed (`#0 (lightrun.example.com)`), when the pool held it.
    pub renews: Option<String>,
    /// The SPKI SHA-256 pin of the key, 64 lowercase hex: the pin before and after the renewal.
    pub pin: String,
    /// The same pin, Base64.
    pub pin_base64: String,
    /// The sentence every front end shows: the pin stays, with the pin.
    pub pin_note: String,
    /// What else to know.
    pub notes: Vec<String>,
}

/// The key and (when the pool has one) the certificate a renewal starts from.
struct Start<'a> {
    key: &'a PrivateKeyReport,
    leaf: Option<&'a Certificate>,
}

fn start<'a>(report: &'a Report, chain: Option<usize>) -> Result<Start<'a>, MakeError> {
    if !report.certificates.is_empty() {
        let i = select::choose_chain(report, chain)?;
        let leaf = leaf_of(report, i)?;
        let key = select::leaf_key(report, leaf)?;
        return Ok(Start {
            key,
            leaf: Some(leaf),
        });
    }
    let usable: Vec<&PrivateKeyReport> = report
        .private_keys
        .iter()
        .filter(|k| k.pkcs8.is_some())
        .collect();
    match usable.as_slice() {
        [k] => Ok(Start {
            key: k,
            leaf: None,
        }),
        [] => Err(match report.private_keys.iter().find(|k| k.needs_password) {
            Some(k) => OutputError::KeyLocked {
                key: select::key_label(k),
                leaf: None,
            }
            .into(),
            None => MakeError::Renewal {
                reason: "give the private key to renew with (and the certificate it serves, for its names)".to_string(),
            },
        }),
        _ => Err(MakeError::Renewal {
            reason: format!(
                "{} private keys and no certificate: give the certificate to renew too, so that its key is the one used",
                usable.len()
            ),
        }),
    }
}

/// The names to request: those given, else the certificate's SANs.
/// The leaf of chain `i` (the certificate renewed).
fn leaf_of(report: &Report, i: usize) -> Result<&Certificate, OutputError> {
    report
        .chains
        .get(i)
        .and_then(|ch| ch.order.first())
        .and_then(|&l| report.certificates.get(l))
        .ok_or(OutputError::NoSuchChain {
            requested: i,
            available: report.chains.len(),
        })
}

fn names_for(leaf: Option<&Certificate>, given: &[String]) -> Result<Vec<(String, SanName)>, MakeError> {
    if given.iter().any(|n| !n.trim().is_empty()) {
        return parse_names(given);
    }
    let Some(c) = leaf else {
        return Err(MakeError::NoNames);
    };
    let mut from_cert: Vec<String> = c.san.dns.clone();
    from_cert.extend(c.san.ip.iter().cloned());
    if from_cert.is_empty() {
        return Err(MakeError::Renewal {
            reason: format!(
                "{} has no subjectAltName to repeat (clients ignore its CN): name the hosts (certlens new csr --host NAME)",
                short_name(c)
            ),
        });
    }
    parse_names(&from_cert)
}

/// The subject: the certificate's, byte for byte (the CA sees the same request as last time),
/// else `CN=` the first DNS name.
fn subject_for(leaf: Option<&Certificate>, names: &[(String, SanName)]) -> Result<Name, MakeError> {
    match leaf {
        Some(c) => Name::from_der(c.raw_subject()).map_err(|e| MakeError::Encoding {
            what: "the certificate's subject".to_string(),
            reason: e.to_string(),
        }),
        None => {
            let cn = names
                .iter()
                .find(|(n, s)| matches!(s, SanName::Dns(_)) && n.len() <= 64)
                .map_or("certlens request", |(n, _)| n.as_str());
            cert::name(&[(const_oid::db::rfc4519::CN, cn)])
        }
    }
}

fn key_pair(k: &PrivateKeyReport) -> Result<KeyPair, MakeError> {
    let Some(pkcs8) = k.pkcs8.as_ref() else {
        return Err(OutputError::KeyUnusable {
            key: select::key_label(k),
            reason: "it cannot be read".to_string(),
        }
        .into());
    };
    KeyPair::from_pkcs8(pkcs8)
}

/// The request for `key` with `subject` and `names`, and its pin (checked against the pin the
/// pool computed for the key: the two must be the same key).
fn request(
    key: &KeyPair,
    subject: &Name,
    names: &[(String, SanName)],
    seed: &Seed,
) -> Result<(String, String, String), MakeError> {
    let sans: Vec<SanName> = names.iter().map(|(_, s)| s.clone()).collect();
    let mut rng = rng::stream(seed);
    let der = cert::csr(subject, key, &sans, &mut rng)?;
    let (hex, b64) = spki_pin(&key.spki_der()?);
    Ok((pem::encode("CERTIFICATE REQUEST", &der), hex, b64))
}

fn subject_text(subject: &Name) -> String {
    subject.to_string()
}

fn stem(subject: &Name, names: &[(String, SanName)]) -> String {
    let cn = names
        .first()
        .map_or_else(|| subject_text(subject), |(n, _)| n.clone());
    cn.replace('*', "wildcard").replace(':', "-")
}

/// A request made with the key of the pool (the current certificate's key), for the
/// certificate's subject and names (or those given): the certificate a CA issues from it has
/// the same public key, so every pin of it stays.
pub fn renewal_csr(
    report: &Report,
    opts: &RenewOptions,
    seed: &Seed,
) -> Result<MadeRenewal, MakeError> {
    let s = start(report, opts.chain)?;
    let names = names_for(s.leaf, &opts.names)?;
    let subject = subject_for(s.leaf, &names)?;
    let key = key_pair(s.key)?;
    let (csr_pem, pin, pin_base64) = request(&key, &subject, &names, seed)?;
    if let Some(known) = &s.key.spki_sha256 {
        if !known.eq_ignore_ascii_case(&pin) {
            return Err(MakeError::Encoding {
                what: "the request's public key".to_string(),
                reason: "its pin differs from the key's: not the same key".to_string(),
            });
        }
    }
    let mut notes = Vec::new();
    if let Some(c) = s.leaf {
        notes.push(format!(
            "the request repeats the subject and names of {}; the CA may change the subject, never the key",
            short_name(c)
        ));
    }
    notes.push("install the certificate the CA returns with the key you already have: tls.key does not change".to_string());
    Ok(MadeRenewal {
        name: stem(&subject, &names),
        csr_pem,
        names: names.iter().map(|(n, _)| n.clone()).collect(),
        subject: subject_text(&subject),
        renews: s.leaf.map(short_name),
        pin_note: same_key_note(&pin),
        pin,
        pin_base64,
        notes,
    })
}

/// What a same-key renewal means for the pins, in the words every front end shows.
pub fn same_key_note(pin: &str) -> String {
    format!(
        "Same key, same pin: {pin}. The certificate issued from this request carries the same public key, so certificate.security_pinned_hashes and the agents' pinnedCertHash stay as they are."
    )
}

// ---- The next key, pinned ahead ------------------------------------------------------------

/// Options of [`next_key_plan`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NextKeyOptions {
    /// The chain whose leaf is the current certificate; `None`: the chain whose leaf has a key,
    /// else the primary chain.
    pub chain: Option<usize>,
    /// Names for the next request instead of the current certificate's.
    pub names: Vec<String>,
    /// The next key's type (default ECDSA P-256).
    pub key: KeyAlgorithm,
}

/// The next key, its request, and the values that pin it ahead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextKeyPlan {
    /// File stem (the CN).
    pub name: String,
    /// The next key, unencrypted PKCS#8 PEM: keep it until the renewal.
    pub key_pem: SecretText,
    /// Its request, PEM.
    pub csr_pem: String,
    /// The names requested.
    pub names: Vec<String>,
    /// The subject requested.
    pub subject: String,
    /// The pins and the `certificate.security_pinned_hashes` values block.
    pub pins: PinnedAhead,
    /// The steps, in order, for the backend and the agents.
    pub steps: Vec<String>,
}

/// What the agents can take, as the operator's sources say it (read in its init container and
/// the lightrun-agents chart): one hash, written into agent.config's `pinned_certs`.
pub const AGENTS_ONE_PIN: &str = "The agents take one pin: the lightrun-agents chart's agentPoolCredentials.pinnedCertHash (or the pinned_cert_hash key of an existingSecret) is written by the operator's init container into agent.config as pinned_certs=<value> when the pod starts. The key's plural name aside, neither the chart nor the operator documents several hashes there, so certlens writes one";

/// Makes the next key (and its request with the current certificate's subject and names) and
/// the values that list the current pin and the next one.
pub fn next_key_plan(
    report: &Report,
    opts: &NextKeyOptions,
    seed: &Seed,
) -> Result<NextKeyPlan, MakeError> {
    let i = select::choose_chain(report, opts.chain)?;
    let leaf = leaf_of(report, i)?;
    let names = names_for(Some(leaf), &opts.names)?;
    let subject = subject_for(Some(leaf), &names)?;
    let mut rng = rng::stream(seed);
    let key = KeyPair::generate(opts.key, &mut rng)?;
    // A seed of its own for the request, drawn from the stream (the key used the first bytes).
    let req_seed = Seed(rng::bytes::<32>(&mut rng));
    let (csr_pem, next_pin, _) = request(&key, &subject, &names, &req_seed)?;
    let pins = pinned_ahead(report, leaf, &next_pin)?;
    let der = key.pkcs8_der()?;
    let steps = vec![
        "1. Now: deploy the values below (helm upgrade). The backend then accepts clients pinning either key; nothing else changes yet.".to_string(),
        format!("2. Send the request to the CA; when the certificate comes back, install it with the next key (certificate.tls.crt/key or the existing_cert Secret). The backend then serves the next pin {next_pin}."),
        format!("3. {AGENTS_ONE_PIN}. Keep the agents on the current pin until step 2, then set pinnedCertHash to {next_pin} and restart the agents' pods in the same window (their init container reads the pin at start)."),
        "4. Once every client uses the next pin, drop the old one from security_pinned_hashes (certlens values --old-pins lists old and new for a rotation).".to_string(),
    ];
    Ok(NextKeyPlan {
        name: stem(&subject, &names),
        key_pem: SecretText::new(pem::encode("PRIVATE KEY", &der)),
        csr_pem,
        names: names.iter().map(|(n, _)| n.clone()).collect(),
        subject: subject_text(&subject),
        pins,
        steps,
    })
}
