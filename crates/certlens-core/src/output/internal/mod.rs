//! Internal TLS (`general.internal_tls`): one `kubernetes.io/tls` Secret per service, the CA
//! Secret, and the values that point the chart at them.

mod backend;

use serde::Serialize;

use super::custom_ca::{self, CustomCa, CustomCaOptions};
use super::select::{self, cert_label, Material};
use super::yaml::{comments, emit, map, nest, s, secret};
use super::{OutputError, SecretText};
use crate::chart::{self, INTERNAL_TLS_MOUNTED_KEYS, KEYCLOAK_CLUSTER};
use crate::checks::names::{self, CertNames};
use crate::input::b64::encode_standard;
use crate::keys::TargetFormat;
use crate::model::{NameCoverage, Report};

pub use backend::BackendCheck;
pub(crate) use backend::{backend_for_values, backend_problem};
use backend::backend_check;

/// Options of [`internal_tls`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalTlsOptions {
    /// The release's full name (`<fullname>`, usually the release name, e.g. `lightrun`): the
    /// Services are `<fullname>-frontend`, `<fullname>-mq`, ...
    pub release: String,
    /// The release namespace (the Secrets' namespace, and part of the names checked).
    pub namespace: String,
    /// Values keys of `general.internal_tls.certificates.existing_certificates` (`frontend`,
    /// `keycloak`, `keycloak_cluster`, `redis`, `rabbitmq`, `data_streamer`, `artifacts`; `mq`
    /// and `data-streamer` are accepted too). Empty: every key the chart mounts,
    /// [`INTERNAL_TLS_MOUNTED_KEYS`]. A narrowed list must still fill every mounted key, here or
    /// in [`Self::existing_secrets`]: an empty one is [`OutputError::InternalTlsIncomplete`].
    pub services: Vec<String>,
    /// (values key, Secret name) for keys whose Secret the user already has: written into the
    /// values as is, no Secret produced.
    pub existing_secrets: Vec<(String, String)>,
    /// End each `tls.crt` with the root CA when the input holds it (default
    /// [`super::DEFAULT_INCLUDE_ROOT`]).
    pub include_root: bool,
    /// Name of the CA Secret; `None`: `<fullname>-internal-ca`.
    pub ca_secret_name: Option<String>,
    /// Write a chain whose intermediate is missing instead of refusing it.
    pub allow_incomplete_chain: bool,
}

impl InternalTlsOptions {
    /// Defaults (the default services, the full chain with its root in `tls.crt`) for a release
    /// and namespace.
    pub fn new(release: impl Into<String>, namespace: impl Into<String>) -> Self {
        InternalTlsOptions {
            release: release.into(),
            namespace: namespace.into(),
            services: Vec::new(),
            existing_secrets: Vec::new(),
            include_root: super::DEFAULT_INCLUDE_ROOT,
            ca_secret_name: None,
            allow_incomplete_chain: false,
        }
    }
}

/// The Secret of one internal service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceTls {
    /// The values key (`frontend`, `rabbitmq`, `data_streamer`...).
    pub key: String,
    /// The Kubernetes Service whose names were checked (`lightrun-mq`); `None` for
    /// `keycloak_cluster`, whose DNS names the chart facts do not give.
    pub service: Option<String>,
    /// The Secret's name: `<fullname>-<key with '_' as '-'>-tls`.
    pub secret_name: String,
    /// The chain used (index into [`Report::chains`]).
    pub chain_index: usize,
    /// Its leaf (index into [`Report::certificates`]).
    pub certificate: usize,
    /// The private key used (index into [`Report::private_keys`]).
    pub key_index: usize,
    /// `NAME`, `NAME.NS`, `NAME.NS.svc` and whether the certificate covers each.
    pub names: Vec<NameCoverage>,
    /// Every name in [`Self::names`] is covered.
    pub covered: bool,
    /// The Secret carries `ca.crt` too (`keycloak_cluster` needs it).
    pub with_ca: bool,
    /// The manifest (comment, `---`, Secret). Holds the key.
    pub yaml: SecretText,
    /// `data.tls.crt`.
    pub crt_base64: String,
    /// `data.tls.key`.
    pub key_base64: SecretText,
    /// The format `tls.key` is written in: the key's own when it is unencrypted PKCS#1 or
    /// PKCS#8 (the chart accepts both), else PKCS#8.
    pub key_format: TargetFormat,
    /// How the key was written: `as given (...)` or `converted from ...` and why.
    pub key_how: String,
}

/// Everything internal TLS needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InternalTls {
    /// All manifests in one stream: the CA Secret, then one Secret per service. Holds keys.
    pub yaml: SecretText,
    /// The `general.internal_tls` values block.
    pub values_yaml: String,
    /// [`Self::values_yaml`] and `secrets.customCa` ([`Self::custom_ca`]'s values): the one
    /// values block every front end writes, for given certificates and made ones alike.
    pub values_all: String,
    /// [`Self::yaml`], then `---` and [`Self::values_all`] as the last document: what the CLI
    /// prints. Holds keys.
    pub text: SecretText,
    /// One entry per service, in the order asked for.
    pub services: Vec<ServiceTls>,
    /// The CA Secret's name (`existing_ca_secret_name`).
    pub ca_secret_name: String,
    /// The CA Secret's manifest (key `ca.crt`).
    pub ca_secret_yaml: String,
    /// The content of `ca.crt`: the CA certificate of every chain used, PEM.
    pub ca_pem: String,
    /// The certificates in `ca.crt` (indices into [`Report::certificates`]).
    pub ca_certificates: Vec<usize>,
    /// Uncovered service names, and what else may be wrong.
    pub warnings: Vec<String>,
    /// What was done and why.
    pub notes: Vec<String>,
    /// The backend check: with internal TLS and verification on, the router verifies the
    /// backend as `<fullname>-backend` against `ca.crt`, but the backend serves the main
    /// certificate. `None` when the main certificate is not in the pool.
    pub backend: Option<BackendCheck>,
    /// `secrets.customCa` pointing at the internal CA, so that Keycloak trusts it (the chart
    /// wires that only when it generates the certificates itself).
    pub custom_ca: CustomCa,
}

/// (values key, Service name or None) for each service asked for, without repeats.
fn resolve_services(
    fullname: &str,
    asked: &[String],
) -> Result<Vec<(String, Option<String>)>, OutputError> {
    let keys: Vec<String> = if asked.iter().all(|k| k.trim().is_empty()) {
        INTERNAL_TLS_MOUNTED_KEYS
            .iter()
            .map(|k| k.to_string())
            .collect()
    } else {
        asked
            .iter()
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect()
    };
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for k in keys {
        let norm = k.to_ascii_lowercase().replace('-', "_");
        let entry = if norm == KEYCLOAK_CLUSTER {
            (KEYCLOAK_CLUSTER.to_string(), None)
        } else {
            match chart::chart_services(fullname, &[k.as_str()])
                .into_iter()
                .next()
            {
                // `backend` is a chart Service but has no internal_tls key.
                Some(cs) if cs.key != "backend" => (cs.key.to_string(), Some(cs.service)),
                _ => return Err(OutputError::UnknownService { service: k }),
            }
        };
        if !out.iter().any(|(key, _)| *key == entry.0) {
            out.push(entry);
        }
    }
    Ok(out)
}

pub(super) fn coverage(report: &Report, leaf: usize, wanted: &[String]) -> Vec<NameCoverage> {
    let Some(c) = report.certificates.get(leaf) else {
        return Vec::new();
    };
    let cn = [CertNames {
        index: c.index,
        dns: &c.san.dns,
        ip: &c.san.ip,
        common_name: c.common_name.as_deref(),
    }];
    names::check_names(wanted, &cn)
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// The options checked and resolved: names valid, services known, every mounted key filled.
struct Request {
    fullname: String,
    namespace: String,
    ca_secret_name: String,
    /// (values key, Service name) to make a Secret for.
    services: Vec<(String, Option<String>)>,
    /// (values key, Secret name) the user already has.
    existing_given: Vec<(String, String)>,
}

fn resolve_request(opts: &InternalTlsOptions) -> Result<Request, OutputError> {
    let fullname = select::k8s_name("release name", &opts.release, 63, false)?;
    let namespace = select::k8s_name("namespace", &opts.namespace, 63, false)?;
    let ca_secret_name = match &opts.ca_secret_name {
        Some(n) if !n.trim().is_empty() => select::k8s_name("CA Secret name", n, 253, true)?,
        _ => chart::internal_ca_secret_name(&fullname),
    };
    let services = resolve_services(&fullname, &opts.services)?;
    let mut existing_given: Vec<(String, String)> = Vec::new();
    for (key, name) in &opts.existing_secrets {
        let resolved = resolve_services(&fullname, std::slice::from_ref(key))?;
        let Some((k, _)) = resolved.into_iter().next() else {
            return Err(OutputError::UnknownService {
                service: key.clone(),
            });
        };
        let name = select::k8s_name("Secret name", name, 253, true)?;
        if !services.iter().any(|(sk, _)| *sk == k)
            && !existing_given.iter().any(|(ek, _)| *ek == k)
        {
            existing_given.push((k, name));
        }
    }
    let missing: Vec<String> = INTERNAL_TLS_MOUNTED_KEYS
        .iter()
        .filter(|k| {
            !services.iter().any(|(sk, _)| sk == *k)
                && !existing_given.iter().any(|(ek, _)| ek == *k)
        })
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(OutputError::InternalTlsIncomplete { missing });
    }
    Ok(Request {
        fullname,
        namespace,
        ca_secret_name,
        services,
        existing_given,
    })
}

/// The chains whose leaf has a usable key; when none has, the error the best chain gives.
fn keyed_chains(report: &Report) -> Result<Vec<usize>, OutputError> {
    select::choose_chain(report, None)?;
    let keyed: Vec<usize> = report
        .chains
        .iter()
        .enumerate()
        .filter(|(_, ch)| {
            ch.order
                .first()
                .and_then(|&l| report.certificates.get(l))
                .is_some_and(|l| select::leaf_key(report, l).is_ok())
        })
        .map(|(i, _)| i)
        .collect();
    if keyed.is_empty() {
        let i = select::choose_chain(report, None)?;
        let leaf = report
            .chains
            .get(i)
            .and_then(|ch| ch.order.first())
            .and_then(|&l| report.certificates.get(l));
        if let Some(leaf) = leaf {
            select::leaf_key(report, leaf)?;
        }
        return Err(OutputError::NoCertificate { hint: None });
    }
    Ok(keyed)
}

/// One service's choice: its key, Service, the chain serving it and that chain's coverage.
struct Planned {
    key: String,
    service: Option<String>,
    chain: usize,
    names: Vec<NameCoverage>,
}

/// Each service gets the keyed chain whose leaf covers most of its names (the primary chain
/// on a tie).
fn plan_services(
    report: &Report,
    req: &Request,
    keyed: &[usize],
    primary: Option<usize>,
    warnings: &mut Vec<String>,
) -> Vec<Planned> {
    let mut plan = Vec::new();
    for (key, service) in &req.services {
        let check_as = match service {
            Some(s) => s.clone(),
            // keycloak_cluster has no Service of its own: Keycloak's names stand in.
            None => chart::chart_services(&req.fullname, &[chart::names_key(key)])
                .into_iter()
                .next()
                .map(|c| c.service)
                .unwrap_or_default(),
        };
        let wanted = chart::required_service_names(&check_as, &req.namespace);
        let mut best: Option<(usize, usize, Vec<NameCoverage>)> = None;
        for &i in keyed {
            let leaf = report
                .chains
                .get(i)
                .and_then(|ch| ch.order.first())
                .copied()
                .unwrap_or(usize::MAX);
            let cov = coverage(report, leaf, &wanted);
            let score = cov.iter().filter(|c| c.covered).count();
            let better = match &best {
                None => true,
                Some((_, s, _)) => score > *s || (score == *s && Some(i) == primary),
            };
            if better {
                best = Some((i, score, cov));
            }
        }
        let Some((chain, _, cov)) = best else {
            continue;
        };
        plan.push(Planned {
            key: key.clone(),
            service: service.clone(),
            chain,
            names: if service.is_some() { cov } else { Vec::new() },
        });
        if let Some(s) = service {
            if s.len() > 63 {
                warnings.push(format!("{key}: the Service name {s} is longer than 63 characters; Kubernetes would reject it (shorten the release name)"));
            }
        }
    }
    plan
}

/// `ca.crt` with the CA that issued the services the backend verifies first: the backend's
/// truststore imports only the first certificate of `ca.crt` (`keytool -import`), while nginx
/// (the router, for the frontend) trusts them all. Services issued by another CA are named.
fn issuing_ca_first(
    plan: &[Planned],
    materials: &[Material<'_>],
    ca_certs: &mut [&crate::model::Certificate],
    warnings: &mut Vec<String>,
) {
    // The frontend is verified by the router's nginx, every other service by the backend.
    let ca_of = |p: &Planned| {
        materials
            .iter()
            .find(|m| m.chain_index == p.chain)
            .and_then(|m| select::ca_certificate(m).ok())
            .map(|(ca, _)| ca.index)
    };
    let java: Vec<(&str, Option<usize>)> = plan
        .iter()
        .filter(|p| p.key != "frontend")
        .map(|p| (p.key.as_str(), ca_of(p)))
        .collect();
    let count = |ca: usize| java.iter().filter(|(_, c)| *c == Some(ca)).count();
    // Stable: on a tie the CAs keep the order of the services.
    ca_certs.sort_by_key(|c| std::cmp::Reverse(count(c.index)));
    if let Some(first) = ca_certs.first() {
        let others: Vec<&str> = java
            .iter()
            .filter(|(_, c)| c.is_some_and(|c| c != first.index))
            .map(|(k, _)| *k)
            .collect();
        if !others.is_empty() {
            warnings.push(format!(
                "{} {} issued by another CA than {}, the first certificate of ca.crt: the backend's truststore imports only that one (`keytool -import`), so the backend rejects {}; issue every internal service from one CA",
                others.join(", "),
                if others.len() == 1 { "is" } else { "are" },
                cert_label(first),
                if others.len() == 1 { "it" } else { "them" }
            ));
        }
    }
}

/// Every chain used, resolved once, and the CA certificate of each (deduplicated): `ca.crt`.
fn used_materials<'r>(
    report: &'r Report,
    used: &[usize],
    opts: &InternalTlsOptions,
    warnings: &mut Vec<String>,
) -> Result<(Vec<Material<'r>>, Vec<&'r crate::model::Certificate>), OutputError> {
    let mut materials: Vec<Material<'_>> = Vec::new();
    for &i in used {
        materials.push(select::material(
            report,
            i,
            opts.include_root,
            opts.allow_incomplete_chain,
        )?);
    }
    let mut ca_certs: Vec<&crate::model::Certificate> = Vec::new();
    for m in &materials {
        for w in &m.warnings {
            push_unique(warnings, w.clone());
        }
        let (ca, warn) = select::ca_certificate(m)?;
        if let Some(w) = warn {
            push_unique(warnings, w);
        }
        if !ca_certs
            .iter()
            .any(|c| c.spki_sha256 == ca.spki_sha256 && c.subject == ca.subject)
        {
            ca_certs.push(ca);
        }
    }
    Ok((materials, ca_certs))
}

/// The backend check's verdict, as a warning or a note.
fn backend_words(
    report: &Report,
    backend: Option<&BackendCheck>,
    fullname: &str,
    warnings: &mut Vec<String>,
    notes: &mut Vec<String>,
) {
    let backend_name = chart::backend_service(fullname);
    match backend {
        Some(b) if !b.ok => {
            let leaf = report
                .certificates
                .get(b.certificate)
                .map(cert_label)
                .unwrap_or_default();
            let mut why = Vec::new();
            if !b.chains_to_ca {
                why.push("does not chain to a CA in ca.crt".to_string());
            }
            if !b.covered {
                let names: Vec<&str> = b.names.iter().filter(|c| !c.covered).map(|c| c.name.as_str()).collect();
                why.push(format!("does not cover {}", names.join(", ")));
            }
            warnings.push(backend_problem(fullname, &leaf, &why));
        }
        Some(_) => notes.push(format!("backend: the main certificate chains to the CA in ca.crt and covers {backend_name}, as the router's verification needs")),
        None => notes.push(format!("backend: with verification on, the router verifies the backend as {backend_name} against ca.crt, but the backend serves the main certificate (certificate.tls): it must chain to a CA in ca.crt and cover {backend_name}. Add it (with its key) to check it here")),
    }
}

/// One service's `kubernetes.io/tls` Secret (with `ca.crt` for `keycloak_cluster`).
fn service_secret(
    report: &Report,
    m: &Material<'_>,
    p: Planned,
    req: &Request,
    ca_base64: &str,
    warnings: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<ServiceTls, OutputError> {
    let Planned {
        key,
        service,
        chain,
        names: cov,
    } = p;
    let k = select::leaf_key(report, m.leaf)?;
    // The same rule as certificate.tls: an unencrypted PKCS#1 or PKCS#8 key is kept as given.
    let ck = select::chart_key(k, None)?;
    if let Some(n) = &ck.note {
        notes.push(format!("{key}: {n}"));
    }
    let crt_base64 = encode_standard(m.pem().as_bytes());
    let key_base64 = SecretText::new(encode_standard(ck.pem.as_bytes()));
    let secret_name = select::k8s_name(
        "Secret name",
        &chart::internal_tls_secret_name(&req.fullname, &key),
        253,
        true,
    )?;
    let with_ca = chart::internal_secret_keys(&key).contains(&chart::CA_CRT);
    let mut data = vec![
        (chart::TLS_CRT.to_string(), s(&crt_base64)),
        (chart::TLS_KEY.to_string(), s(&key_base64)),
    ];
    if with_ca {
        data.push((chart::CA_CRT.to_string(), s(ca_base64)));
    }
    let doc = secret(
        &secret_name,
        Some(&req.namespace),
        chart::TLS_SECRET_TYPE,
        "data",
        data,
    );
    let covered = cov.iter().all(|c| c.covered);
    let uncovered: Vec<String> = cov
        .iter()
        .filter(|c| !c.covered)
        .map(|c| match &c.note {
            Some(n) => format!("{} ({n})", c.name),
            None => c.name.clone(),
        })
        .collect();
    let mut about = match &service {
        Some(svc) => format!("{key}: Service {svc}; certificate {}", cert_label(m.leaf)),
        None => format!("{key}: certificate {}", cert_label(m.leaf)),
    };
    if service.is_some() {
        if covered {
            about.push_str(&format!(
                " covers {}",
                cov.iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        } else {
            about.push_str(&format!(" does NOT cover {}", uncovered.join(", ")));
            warnings.push(format!(
                "{key}: certificate {} does not cover {}; clients that verify the name will refuse it — reissue it with these DNS names",
                cert_label(m.leaf),
                uncovered.join(", ")
            ));
        }
    } else {
        about.push_str("; with ca.crt (keycloak_cluster needs tls.crt, tls.key and ca.crt)");
        notes.push("keycloak_cluster: the chart facts give no DNS names for it, so its certificate's names were not checked".to_string());
    }
    let mut yaml = comments(&[
        about,
        format!("tls.key: {}, {}", select::format_name(ck.format), ck.how),
    ]);
    yaml.push_str(&emit(&doc, true)?);
    Ok(ServiceTls {
        key,
        service,
        secret_name,
        chain_index: chain,
        certificate: m.leaf.index,
        key_index: k.index,
        names: cov,
        covered,
        with_ca,
        yaml: SecretText::new(yaml),
        crt_base64,
        key_base64,
        key_format: ck.format,
        key_how: ck.how,
    })
}

/// The `general.internal_tls` values block naming every Secret, made or given.
fn values_block(
    req: &Request,
    made: &[ServiceTls],
    notes: &mut Vec<String>,
) -> Result<String, OutputError> {
    let mut existing: Vec<(String, yaml_rust2::Yaml)> = made
        .iter()
        .map(|sv| (sv.key.clone(), s(&sv.secret_name)))
        .collect();
    for (k, n) in &req.existing_given {
        existing.push((k.clone(), s(n)));
        notes.push(format!(
            "{k}: Secret {n} is yours; no Secret made for it (it must hold {})",
            chart::internal_secret_keys(k).join(" and ")
        ));
    }
    let values = nest(
        &["general", "internal_tls"],
        map(vec![
            ("enabled", yaml_rust2::Yaml::Boolean(true)),
            (
                "certificates",
                map(vec![
                    ("source", s(chart::SOURCE_EXISTING)),
                    ("existing_ca_secret_name", s(&req.ca_secret_name)),
                    ("existing_certificates", map(existing)),
                ]),
            ),
        ]),
    );
    let mut values_yaml = comments(&[
        "general.internal_tls values naming the Secrets certlens wrote with them (apply those first), made by certlens: paste into values.yaml (merge with an existing general: block).",
        "This document is not a Kubernetes manifest.",
    ]);
    values_yaml.push_str(&emit(&values, false)?);
    Ok(values_yaml)
}

/// One `kubernetes.io/tls` Secret per internal service (`<fullname>-<key>-tls`), a CA Secret
/// with `ca.crt`, and the `general.internal_tls` values. Each service gets the chain (with a key)
/// whose leaf covers most of its names (`NAME`, `NAME.NS`, `NAME.NS.svc`); one certificate may
/// serve several services. A service whose names are not all covered gets a warning.
pub fn internal_tls(
    report: &Report,
    opts: &InternalTlsOptions,
) -> Result<InternalTls, OutputError> {
    let req = resolve_request(opts)?;
    let (fullname, namespace) = (&req.fullname, &req.namespace);
    let keyed = keyed_chains(report)?;
    let primary = crate::checks::report::primary_chain(report);

    let mut warnings: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let plan = plan_services(report, &req, &keyed, primary, &mut warnings);
    let mut used: Vec<usize> = Vec::new();
    for p in &plan {
        if !used.contains(&p.chain) {
            used.push(p.chain);
        }
    }
    let (materials, mut ca_certs) = used_materials(report, &used, opts, &mut warnings)?;
    issuing_ca_first(&plan, &materials, &mut ca_certs, &mut warnings);
    let ca_pem: String = ca_certs
        .iter()
        .map(|c| crate::input::pem::encode("CERTIFICATE", &c.der))
        .collect();
    let ca_base64 = encode_standard(ca_pem.as_bytes());
    if used.len() > 1 {
        notes.push(format!(
            "{} certificates serve these services; ca.crt holds the CA of each",
            used.len()
        ));
    }

    let backend = backend_check(
        report, fullname, namespace, &keyed, &used, primary, &ca_certs,
    );
    backend_words(
        report,
        backend.as_ref(),
        fullname,
        &mut warnings,
        &mut notes,
    );
    let ca_label = ca_certs
        .iter()
        .map(|c| cert_label(c))
        .collect::<Vec<_>>()
        .join(" + ");
    let custom_ca = custom_ca::from_pem(
        &ca_pem,
        &ca_label,
        &CustomCaOptions {
            release: fullname.clone(),
            namespace: Some(namespace.clone()),
            secret_name: None,
        },
    )?;
    notes.push(format!(
        "Keycloak trusts the internal CA only through secrets.customCa when the certificates are existing ones (the chart wires it only when it generates them): use the custom-CA values offered (customCaCertificate, or Secret {} with existingCaSecret)",
        custom_ca.secret_name
    ));

    let ca_doc = secret(
        &req.ca_secret_name,
        Some(namespace),
        "Opaque",
        "data",
        vec![(chart::CA_CRT.to_string(), s(&ca_base64))],
    );
    let mut ca_secret_yaml = comments(&[format!(
        "CA Secret for general.internal_tls.certificates.existing_ca_secret_name: ca.crt = {ca_label}."
    )]);
    ca_secret_yaml.push_str(&emit(&ca_doc, true)?);
    let mut all_yaml = comments(&[
        format!("Internal TLS Secrets for the Lightrun chart (general.internal_tls), release {fullname}, namespace {namespace}, made by certlens."),
        "Values under data: are the Base64 of the PEM text, one line each; tls.crt is the full chain, leaf first.".to_string(),
    ]);
    all_yaml.push_str(&ca_secret_yaml);

    let mut out_services = Vec::new();
    for p in plan {
        let Some(m) = materials.iter().find(|m| m.chain_index == p.chain) else {
            continue;
        };
        let sv = service_secret(report, m, p, &req, &ca_base64, &mut warnings, &mut notes)?;
        all_yaml.push_str(sv.yaml.as_str());
        out_services.push(sv);
    }

    let values_yaml = values_block(&req, &out_services, &mut notes)?;
    notes.push("Secret names: <fullname>-<values key>-tls; the CA Secret holds ca.crt for existing_ca_secret_name".to_string());
    // The same values as `new internal-tls` writes: with existing certificates Keycloak
    // trusts the internal CA only through secrets.customCa.
    let values_all = format!("{values_yaml}\n{}", custom_ca.values_yaml);
    let text = SecretText::new(format!("{all_yaml}---\n{values_all}"));
    Ok(InternalTls {
        yaml: SecretText::new(all_yaml),
        values_yaml,
        values_all,
        text,
        services: out_services,
        ca_secret_name: req.ca_secret_name,
        ca_secret_yaml,
        ca_pem,
        ca_certificates: ca_certs.iter().map(|c| c.index).collect(),
        warnings,
        notes,
        backend,
        custom_ca,
    })
}
