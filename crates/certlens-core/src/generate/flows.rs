//! The four things certlens makes, each from (options, seed, now), each fed through the output
//! writers given certificates use.

use const_oid::db::rfc4519::{CN, COUNTRY_NAME, O, OU};
use serde::Serialize;

use super::cert::{self, Issuer, Profile};
use super::keypair::{KeyAlgorithm, KeyPair};
use super::names::{parse_names, SanName};
use super::rng::{self, Seed};
use super::MakeError;
use crate::chart;
use crate::input::pem;
use crate::input::Input;
use crate::inspect::{inspect, Options};
use crate::model::Report;
use crate::output::{
    internal_tls, select, tls_values, InternalTls, InternalTlsOptions, SecretText, TlsValues,
    TlsValuesOptions, INTERNAL_TLS_MOUNTED_KEYS,
};

/// Days a certificate of the private CA ([`internal_tls_set`]) is valid by default: 397, the
/// longest public CAs issued until 2026-03-15. A private CA is not bound by the CA/Browser
/// Forum's schedule, and a yearly renewal of internal certificates is what operators plan for;
/// the self-signed stand-in for a public certificate follows the public limit instead
/// ([`crate::lifetime::public_like_default_days`]).
pub const DEFAULT_DAYS: u32 = 397;
/// Days the private CA is valid by default: ten years.
pub const DEFAULT_CA_DAYS: u32 = 3650;
/// The chart's `general.cluster_domain` default.
pub use crate::chart::DEFAULT_CLUSTER_DOMAIN;
/// The organisation written into a self-signed test certificate, so that every view says so.
pub const TESTING_ONLY: &str = "certlens self-signed (testing only)";
/// Longest validity accepted, in days (100 years).
const MAX_DAYS: u32 = 36_500;
/// notBefore is this many seconds before "now": clocks of the maker and the cluster differ.
const BACKDATE: i64 = 300;

/// One certificate made, with its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MadeFile {
    /// The file stem to download it under (`lightrun-frontend`, `lightrun-internal-ca`).
    pub name: String,
    /// The certificate, PEM.
    pub certificate_pem: String,
    /// Its private key, unencrypted PKCS#8 PEM.
    pub key_pem: SecretText,
    /// The names it carries (SANs), or for the CA the names its constraints permit.
    pub names: Vec<String>,
    /// The key type.
    pub key_algorithm: KeyAlgorithm,
}

fn check_days(days: u32, what: &str) -> Result<i64, MakeError> {
    if days == 0 || days > MAX_DAYS {
        return Err(MakeError::InvalidValidity {
            reason: format!("{what} must be valid for 1 to {MAX_DAYS} days, not {days}"),
        });
    }
    Ok(i64::from(days).saturating_mul(86_400))
}

fn window(now: i64, days: u32, what: &str) -> Result<(i64, i64), MakeError> {
    let span = check_days(days, what)?;
    Ok((now.saturating_sub(BACKDATE), now.saturating_add(span)))
}

fn key_pem(key: &KeyPair) -> Result<SecretText, MakeError> {
    let der = key.pkcs8_der()?;
    Ok(SecretText::new(pem::encode("PRIVATE KEY", &der)))
}

fn inspect_pool(pool: &[(String, String)], now: i64) -> Report {
    let inputs: Vec<Input> = pool
        .iter()
        .map(|(n, t)| Input::new(n.clone(), t.as_bytes().to_vec()))
        .collect();
    inspect(&inputs, &Options::at(now))
}

fn cn_of(names: &[(String, SanName)], fallback: &str) -> String {
    names
        .iter()
        .find(|(n, s)| matches!(s, SanName::Dns(_)) && n.len() <= 64)
        .or_else(|| names.first().filter(|(n, _)| n.len() <= 64))
        .map(|(n, _)| n.clone())
        .unwrap_or_else(|| fallback.to_string())
}

// ---- Self-signed, for testing ------------------------------------------------------------------

/// Options of [`self_signed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfSignedOptions {
    /// The names: `general.lightrun_endpoint` first, then any others (DNS names or IPs).
    pub names: Vec<String>,
    /// The key type (default ECDSA P-256).
    pub key: KeyAlgorithm,
    /// Days of validity (default: one day under the public limit in force at `now`, 199
    /// from 2026-03-15, so that it behaves as the public certificate it stands in for).
    pub days: u32,
    /// "Now", Unix seconds.
    pub now: i64,
}

impl SelfSignedOptions {
    /// Defaults for these names at `now`.
    pub fn new(names: Vec<String>, now: i64) -> Self {
        SelfSignedOptions {
            names,
            key: KeyAlgorithm::default(),
            days: crate::lifetime::public_like_default_days(now),
            now,
        }
    }
}

/// A self-signed test certificate and the `certificate.tls` values made from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SelfSigned {
    /// The certificate and key.
    pub file: MadeFile,
    /// `certificate.tls` values, marked "testing only" in their header.
    pub values: TlsValues,
    /// (input name, PEM text) to add to a pool: the certificate and its key.
    pub pool: Vec<(String, String)>,
}

/// The header line every self-signed output starts with.
fn testing_only_comment(host: &str) -> String {
    format!("# TESTING ONLY: a self-signed certificate for {host} made by certlens. Clients trust it only if told to (e.g. curl --cacert); for production use a certificate from a public or corporate CA (certlens new csr makes the request).\n")
}

/// A self-signed certificate for `names` (the vendor's `openssl req -x509 ...` done right:
/// with SANs), and the `certificate.tls` values made from it.
pub fn self_signed(opts: &SelfSignedOptions, seed: &Seed) -> Result<SelfSigned, MakeError> {
    let names = parse_names(&opts.names)?;
    let (nb, na) = window(opts.now, opts.days, "the certificate")?;
    let mut rng = rng::stream(seed);
    let key = KeyPair::generate(opts.key, &mut rng)?;
    let host = cn_of(&names, "certlens test certificate");
    let subject = cert::name(&[(CN, host.as_str()), (O, TESTING_ONLY)])?;
    let sans: Vec<SanName> = names.iter().map(|(_, s)| s.clone()).collect();
    let der = cert::certificate(
        &subject,
        &key,
        None,
        &Profile::Server {
            sans: &sans,
            client_auth: false,
        },
        nb,
        na,
        &mut rng,
    )?;
    let file = MadeFile {
        name: file_stem(&host),
        certificate_pem: pem::encode("CERTIFICATE", &der),
        key_pem: key_pem(&key)?,
        names: names.iter().map(|(n, _)| n.clone()).collect(),
        key_algorithm: opts.key,
    };
    let pool = vec![(
        format!("{} (made, self-signed)", file.name),
        format!("{}{}", file.certificate_pem, file.key_pem.as_str()),
    )];
    let report = inspect_pool(&pool, opts.now);
    let mut values = tls_values(&report, &TlsValuesOptions::default())?;
    values.yaml = SecretText::new(format!(
        "{}{}",
        testing_only_comment(&host),
        values.yaml.as_str()
    ));
    values.notes.insert(
        0,
        "testing only: the certificate is self-signed; clients trust it only if told to"
            .to_string(),
    );
    Ok(SelfSigned { file, values, pool })
}

/// A file name from a host: `*.example.com` → `wildcard.example.com`.
fn file_stem(host: &str) -> String {
    host.replace('*', "wildcard").replace(':', "-")
}

// ---- A private CA and every internal service ---------------------------------------------------

/// Options of [`internal_tls_set`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalSetOptions {
    /// The release's full name (`lightrun`).
    pub release: String,
    /// The release namespace.
    pub namespace: String,
    /// `general.cluster_domain` (default [`DEFAULT_CLUSTER_DOMAIN`]).
    pub cluster_domain: String,
    /// The main certificate's names (`general.lightrun_endpoint` first). Empty: no main
    /// certificate. Given: it is issued by the same CA and also covers `<fullname>-backend`,
    /// so the router's verification of the backend passes.
    pub main_hosts: Vec<String>,
    /// Key type of every key (default ECDSA P-256).
    pub key: KeyAlgorithm,
    /// Days the service certificates are valid (default [`DEFAULT_DAYS`]).
    pub days: u32,
    /// Days the CA is valid (default [`DEFAULT_CA_DAYS`]).
    pub ca_days: u32,
    /// Limit the CA to the names it signs (critical name constraints). Default on.
    pub name_constraints: bool,
    /// "Now", Unix seconds.
    pub now: i64,
}

impl InternalSetOptions {
    /// Defaults for a release and namespace at `now`.
    pub fn new(release: impl Into<String>, namespace: impl Into<String>, now: i64) -> Self {
        InternalSetOptions {
            release: release.into(),
            namespace: namespace.into(),
            cluster_domain: DEFAULT_CLUSTER_DOMAIN.to_string(),
            main_hosts: Vec::new(),
            key: KeyAlgorithm::default(),
            days: DEFAULT_DAYS,
            ca_days: DEFAULT_CA_DAYS,
            name_constraints: true,
            now,
        }
    }
}

/// The certificate of one chart Service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MadeService {
    /// The values keys it serves (`keycloak` serves `keycloak` and `keycloak_cluster`).
    pub keys: Vec<String>,
    /// The Service (`lightrun-frontend`).
    pub service: String,
    /// Certificate and key.
    pub file: MadeFile,
}

/// A private CA, a certificate per service, the Secrets and values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MadeInternal {
    /// The CA certificate and its key (keep the key offline: it signs more certificates).
    pub ca: MadeFile,
    /// One per Service the chart mounts.
    pub services: Vec<MadeService>,
    /// The main certificate (endpoint + `<fullname>-backend`), when asked for.
    pub main: Option<MadeFile>,
    /// The Secrets, CA Secret, `general.internal_tls` values and `secrets.customCa`: exactly
    /// what `internal-tls` writes for given certificates.
    pub internal_tls: InternalTls,
    /// `certificate.tls` values of the main certificate, when made.
    pub main_values: Option<TlsValues>,
    /// (input name, PEM text) to add to a pool: the main certificate with its key first, the CA
    /// certificate (not its key), then each service's certificate with its key.
    pub pool: Vec<(String, String)>,
}

/// DNS names a service is reached by: `NAME`, `NAME.NS`, `NAME.NS.svc`, `NAME.NS.svc.<domain>`.
fn service_sans(service: &str, ns: &str, domain: &str) -> Vec<String> {
    vec![
        service.to_string(),
        format!("{service}.{ns}"),
        format!("{service}.{ns}.svc"),
        format!("{service}.{ns}.svc.{domain}"),
    ]
}

/// How many keys [`internal_tls_set`] generates: the CA, six services, the main certificate.
pub fn internal_key_count(opts: &InternalSetOptions) -> usize {
    8usize.saturating_sub(usize::from(
        opts.main_hosts.iter().all(|h| h.trim().is_empty()),
    ))
}

/// `general.cluster_domain` as given (default [`DEFAULT_CLUSTER_DOMAIN`]), checked, lower case.
fn cluster_domain(given: &str) -> Result<String, MakeError> {
    let d = given.trim().trim_end_matches('.');
    let d = if d.is_empty() {
        DEFAULT_CLUSTER_DOMAIN
    } else {
        d
    };
    parse_names(&[d.to_string()]).map_err(|_| MakeError::InvalidName {
        name: given.to_string(),
        reason: "is not a valid cluster domain (general.cluster_domain, e.g. cluster.local)"
            .to_string(),
    })?;
    Ok(d.to_ascii_lowercase())
}

/// The Services the chart mounts, once each, with the values keys each serves
/// (keycloak_cluster uses keycloak's names).
fn mounted_services(fullname: &str) -> Vec<(Vec<String>, String)> {
    let mut services: Vec<(Vec<String>, String)> = Vec::new();
    for k in INTERNAL_TLS_MOUNTED_KEYS {
        let lookup = chart::names_key(k);
        let Some(cs) = chart::chart_services(fullname, &[lookup])
            .into_iter()
            .next()
        else {
            continue;
        };
        match services.iter_mut().find(|(_, s)| *s == cs.service) {
            Some((keys, _)) => keys.push(k.to_string()),
            None => services.push((vec![k.to_string()], cs.service)),
        }
    }
    services
}

/// What the CA's name constraints permit: each Service's (and the backend's) four names
/// exactly as its certificate carries them, and the main certificate's names (a wildcard's
/// base, and its IP addresses one by one). Not the namespace as a suffix: a namespace may be a
/// public top-level domain (`dev`), and `NS` would then permit `www.google.dev`. A DNS
/// constraint also admits names below it (RFC 5280), which stay inside the cluster's own
/// `NAME.NS.svc...` forms here.
fn permitted_names(
    services: &[(Vec<String>, String)],
    fullname: &str,
    ns: &str,
    domain: &str,
    main_names: Option<&[(String, SanName)]>,
) -> Result<Vec<(String, SanName)>, MakeError> {
    let mut service_names: Vec<String> = Vec::new();
    let backend = chart::backend_service(fullname);
    for s in services
        .iter()
        .map(|(_, s)| s)
        .chain(core::iter::once(&backend))
    {
        service_names.extend(service_sans(s, ns, domain));
    }
    let mut permitted = parse_names(&service_names)?;
    for (given, s) in main_names.unwrap_or_default() {
        let entry = match s {
            SanName::Dns(d) => {
                let d = d.trim_start_matches("*.").to_string();
                if permitted.iter().any(|(_, p)| match p {
                    SanName::Dns(p) => *p == d || d.ends_with(&format!(".{p}")),
                    SanName::Ip(_) => false,
                }) {
                    continue;
                }
                (d.clone(), SanName::Dns(d))
            }
            SanName::Ip(a) => {
                if permitted.iter().any(|(_, p)| *p == SanName::Ip(a.clone())) {
                    continue;
                }
                (given.clone(), s.clone())
            }
        };
        permitted.push(entry);
    }
    Ok(permitted)
}

/// What was made, as the inputs of the pool the outputs are built from: the main certificate
/// first (so it is the primary chain), the CA, then each service.
fn made_pool(
    main: Option<&MadeFile>,
    ca: &MadeFile,
    made_services: &[MadeService],
) -> Vec<(String, String)> {
    let mut pool: Vec<(String, String)> = Vec::new();
    if let Some(m) = main {
        pool.push((
            format!("{} (made, main)", m.name),
            format!("{}{}", m.certificate_pem, m.key_pem.as_str()),
        ));
    }
    pool.push((
        format!("{} (made, CA)", ca.name),
        ca.certificate_pem.clone(),
    ));
    for s in made_services {
        pool.push((
            format!("{} (made)", s.file.name),
            format!("{}{}", s.file.certificate_pem, s.file.key_pem.as_str()),
        ));
    }
    pool
}

/// A private CA and one certificate per Service the chart mounts, then the internal-TLS
/// Secrets and values made from them by [`crate::output::internal_tls`]. `progress(done,
/// total)` is called after each key (RSA keys take seconds).
pub fn internal_tls_set(
    opts: &InternalSetOptions,
    seed: &Seed,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeInternal, MakeError> {
    let fullname = select::k8s_name("release name", &opts.release, 63, false)?;
    let ns = select::k8s_name("namespace", &opts.namespace, 63, false)?;
    let domain = cluster_domain(&opts.cluster_domain)?;
    let main_names = if opts.main_hosts.iter().all(|h| h.trim().is_empty()) {
        None
    } else {
        let mut all = opts.main_hosts.clone();
        all.extend(service_sans(
            &chart::backend_service(&fullname),
            &ns,
            &domain,
        ));
        Some(parse_names(&all)?)
    };
    let (ca_nb, ca_na) = window(opts.now, opts.ca_days, "the CA")?;
    let (nb, na) = window(opts.now, opts.days, "the certificates")?;
    if na > ca_na {
        return Err(MakeError::InvalidValidity {
            reason: format!(
                "the certificates ({} days) would outlive their CA ({} days)",
                opts.days, opts.ca_days
            ),
        });
    }

    let services = mounted_services(&fullname);

    let total = services.len() + 1 + usize::from(main_names.is_some());
    let mut done = 0usize;
    let mut rng = rng::stream(seed);

    // The CA.
    let permitted = permitted_names(&services, &fullname, &ns, &domain, main_names.as_deref())?;
    let permitted_sans: Vec<SanName> = permitted.iter().map(|(_, s)| s.clone()).collect();
    let ca_key = KeyPair::generate(opts.key, &mut rng)?;
    done += 1;
    progress(done, total);
    let ca_cn = format!("{fullname} internal CA ({ns})");
    let ca_name = cert::name(&[(CN, ca_cn.as_str()), (O, "certlens private CA")])?;
    let ca_der = cert::certificate(
        &ca_name,
        &ca_key,
        None,
        &Profile::Ca {
            permitted: if opts.name_constraints {
                &permitted_sans
            } else {
                &[]
            },
        },
        ca_nb,
        ca_na,
        &mut rng,
    )?;
    let ca_kid = cert::key_id(&ca_key.spki()?);
    let issuer = Issuer {
        name: &ca_name,
        key: &ca_key,
        key_id: &ca_kid,
    };
    let ca = MadeFile {
        name: chart::internal_ca_secret_name(&fullname),
        certificate_pem: pem::encode("CERTIFICATE", &ca_der),
        key_pem: key_pem(&ca_key)?,
        names: if opts.name_constraints {
            permitted.into_iter().map(|(n, _)| n).collect()
        } else {
            Vec::new()
        },
        key_algorithm: opts.key,
    };

    let issue = |cn: &str,
                 names: &[(String, SanName)],
                 rng: &mut rand_chacha::ChaCha20Rng|
     -> Result<MadeFile, MakeError> {
        let key = KeyPair::generate(opts.key, rng)?;
        let subject = cert::name(&[(CN, cn)])?;
        let sans: Vec<SanName> = names.iter().map(|(_, s)| s.clone()).collect();
        let der = cert::certificate(
            &subject,
            &key,
            Some(&issuer),
            &Profile::Server {
                sans: &sans,
                client_auth: true,
            },
            nb,
            na,
            rng,
        )?;
        Ok(MadeFile {
            name: file_stem(cn),
            certificate_pem: pem::encode("CERTIFICATE", &der),
            key_pem: key_pem(&key)?,
            names: names.iter().map(|(n, _)| n.clone()).collect(),
            key_algorithm: opts.key,
        })
    };

    let mut made_services = Vec::new();
    for (keys, service) in &services {
        let names = parse_names(&service_sans(service, &ns, &domain))?;
        let file = issue(service, &names, &mut rng)?;
        done += 1;
        progress(done, total);
        made_services.push(MadeService {
            keys: keys.clone(),
            service: service.clone(),
            file,
        });
    }
    let main = match &main_names {
        Some(m) => {
            let cn = cn_of(m, &chart::backend_service(&fullname));
            let f = issue(&cn, m, &mut rng)?;
            done += 1;
            progress(done, total);
            Some(f)
        }
        None => None,
    };

    let pool = made_pool(main.as_ref(), &ca, &made_services);
    let report = inspect_pool(&pool, opts.now);
    let internal = internal_tls(&report, &InternalTlsOptions::new(&fullname, &ns))?;
    let main_values = match &main {
        Some(_) => Some(tls_values(
            &report,
            &TlsValuesOptions {
                chain: crate::checks::report::primary_chain(&report),
                ..TlsValuesOptions::default()
            },
        )?),
        None => None,
    };
    Ok(MadeInternal {
        ca,
        services: made_services,
        main,
        internal_tls: internal,
        main_values,
        pool,
    })
}

// ---- A CSR -------------------------------------------------------------------------------------

/// Options of [`csr`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CsrOptions {
    /// The names (the first DNS name becomes the CN).
    pub names: Vec<String>,
    /// Key type (default ECDSA P-256).
    pub key: KeyAlgorithm,
    /// `O=` of the subject, when the CA wants it.
    pub organization: Option<String>,
    /// `OU=`.
    pub organizational_unit: Option<String>,
    /// `C=` (two letters).
    pub country: Option<String>,
}

/// A certificate signing request and its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MadeCsr {
    /// File stem (the CN).
    pub name: String,
    /// The request, PEM (`BEGIN CERTIFICATE REQUEST`).
    pub csr_pem: String,
    /// The key, unencrypted PKCS#8 PEM. Keep it: the certificate the CA returns needs it.
    pub key_pem: SecretText,
    /// The names requested.
    pub names: Vec<String>,
    /// The subject, as written.
    pub subject: String,
}

fn subject_part(
    value: &Option<String>,
    what: &str,
    max: usize,
) -> Result<Option<String>, MakeError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if v.chars().count() > max || v.chars().any(char::is_control) => {
            Err(MakeError::InvalidName {
                name: v.to_string(),
                reason: format!(
                    "cannot be the {what} (at most {max} characters, no control characters)"
                ),
            })
        }
        Some(v) => Ok(Some(v.to_string())),
    }
}

/// A CSR for `names` with its key: SANs, keyUsage and serverAuth in the extensionRequest.
pub fn csr(opts: &CsrOptions, seed: &Seed) -> Result<MadeCsr, MakeError> {
    let names = parse_names(&opts.names)?;
    let o = subject_part(&opts.organization, "organization (O)", 64)?;
    let ou = subject_part(&opts.organizational_unit, "organizational unit (OU)", 64)?;
    let c = match subject_part(&opts.country, "country (C)", 64)? {
        Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(c.to_ascii_uppercase())
        }
        Some(c) => {
            return Err(MakeError::InvalidName {
                name: c,
                reason: "is not a two-letter country code (ISO 3166, e.g. US, DE)".to_string(),
            })
        }
        None => None,
    };
    let cn = cn_of(&names, "certlens request");
    let mut parts: Vec<(const_oid::ObjectIdentifier, &str)> = Vec::new();
    if let Some(c) = &c {
        parts.push((COUNTRY_NAME, c.as_str()));
    }
    if let Some(o) = &o {
        parts.push((O, o.as_str()));
    }
    if let Some(ou) = &ou {
        parts.push((OU, ou.as_str()));
    }
    parts.push((CN, cn.as_str()));
    let subject = cert::name(&parts)?;
    let mut rng = rng::stream(seed);
    let key = KeyPair::generate(opts.key, &mut rng)?;
    let sans: Vec<SanName> = names.iter().map(|(_, s)| s.clone()).collect();
    let der = cert::csr(&subject, &key, &sans, &mut rng)?;
    let subject_text = parts
        .iter()
        .rev()
        .map(|(oid, v)| {
            let k = if *oid == CN {
                "CN"
            } else if *oid == O {
                "O"
            } else if *oid == OU {
                "OU"
            } else {
                "C"
            };
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join(",");
    Ok(MadeCsr {
        name: file_stem(&cn),
        csr_pem: pem::encode("CERTIFICATE REQUEST", &der),
        key_pem: key_pem(&key)?,
        names: names.iter().map(|(n, _)| n.clone()).collect(),
        subject: subject_text,
    })
}

// ---- PKCS#12 -----------------------------------------------------------------------------------

/// Options of [`pkcs12_from_pool`]. The password is wiped from memory when dropped, and
/// `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct Pkcs12Options {
    /// The chain (index into [`Report::chains`]); `None`: the chain whose leaf has a key.
    pub chain: Option<usize>,
    /// The password (required: the file holds a private key).
    pub password: zeroize::Zeroizing<String>,
    /// The friendly name (alias in Java's keystore); `None`: the leaf's CN.
    pub friendly_name: Option<String>,
    /// Add the chain's CA certificates after the leaf (default yes).
    pub include_chain: bool,
}

impl Pkcs12Options {
    /// Defaults with a password.
    pub fn with_password(password: impl Into<String>) -> Self {
        Pkcs12Options {
            chain: None,
            password: zeroize::Zeroizing::new(password.into()),
            friendly_name: None,
            include_chain: true,
        }
    }
}

impl core::fmt::Debug for Pkcs12Options {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Pkcs12Options")
            .field("chain", &self.chain)
            .field("password", &"<redacted>")
            .field("friendly_name", &self.friendly_name)
            .field("include_chain", &self.include_chain)
            .finish()
    }
}

/// A PKCS#12 file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pkcs12Out {
    /// The file (DER).
    pub der: Vec<u8>,
    /// The suggested file name (`<friendly name>.p12`).
    pub file_name: String,
    /// The friendly name written.
    pub friendly_name: String,
    /// How many certificates it holds.
    pub certificates: usize,
}

/// A password-protected PKCS#12 file (OpenSSL 3's default algorithms) of a chain in the pool
/// and its key.
pub fn pkcs12_from_pool(
    report: &Report,
    opts: &Pkcs12Options,
    seed: &Seed,
) -> Result<Pkcs12Out, MakeError> {
    if opts.password.is_empty() {
        return Err(MakeError::Pkcs12 {
            reason: "give a password: the file holds the private key (Java's keytool and most tools refuse a file without one)".to_string(),
        });
    }
    let i = select::choose_chain(report, opts.chain)?;
    let m = select::material(report, i, true, true)?;
    let key = select::leaf_key(report, m.leaf)?;
    let Some(pkcs8) = key.pkcs8.as_ref() else {
        return Err(MakeError::Pkcs12 {
            reason: "the key cannot be read".to_string(),
        });
    };
    let friendly = match opts.friendly_name.as_deref().map(str::trim) {
        Some(f) if !f.is_empty() => {
            if f.chars().count() > 128 || f.chars().any(char::is_control) {
                return Err(MakeError::Pkcs12 {
                    reason: "the friendly name must be at most 128 characters, without control characters".to_string(),
                });
            }
            f.to_string()
        }
        _ => m
            .leaf
            .common_name
            .clone()
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "certlens".to_string()),
    };
    let certs: Vec<Vec<u8>> = if opts.include_chain {
        m.certs.iter().map(|c| c.der.clone()).collect()
    } else {
        vec![m.leaf.der.clone()]
    };
    let mut rng = rng::stream(seed);
    let der = super::pkcs12::write(pkcs8, &certs, &opts.password, Some(&friendly), &mut rng)?;
    Ok(Pkcs12Out {
        der,
        file_name: format!(
            "{}.p12",
            file_stem(&friendly).replace(['/', '\\', ' '], "_")
        ),
        friendly_name: friendly,
        certificates: certs.len(),
    })
}
