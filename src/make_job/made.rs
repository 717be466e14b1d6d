//! What each kind of request makes, arranged for the panel: a self-signed certificate, a
//! private CA with every internal service's certificate, a CSR.

use certlens_core::make::{self, KeyAlgorithm, MakeError, Seed};

use super::{bundles, MadeBlock, MadePair, MadeView};

/// A self-signed certificate for testing: its values block and its download.
pub(super) fn self_signed(
    hosts: &[String],
    key: KeyAlgorithm,
    days: u32,
    seed: &Seed,
    now: i64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    let mut o = make::SelfSignedOptions::new(hosts.to_vec(), now);
    o.key = key;
    o.days = days;
    let s = make::self_signed(&o, seed)?;
    progress(1, 1);
    let n = &s.file.name;
    Ok(MadeView {
        summary: format!(
            "Testing only: a self-signed {} certificate for {}, valid {} days. Clients trust it only if told to.",
            key.label(),
            s.file.names.join(", "),
            days
        ),
        blocks: vec![
            MadeBlock {
                title: "certificate.tls values (testing only)".into(),
                text: s.values.yaml.to_string(),
                filename: certlens_core::output::downloads::MADE_SELF_SIGNED_VALUES.into(),
                secret: true,
                note: Some("Paste into values.yaml. The certificate is self-signed: for testing only.".into()),
            },
        ],
        pairs: vec![MadePair {
            name: n.clone(),
            role: "self-signed, testing only".into(),
            certificate_pem: s.file.certificate_pem.clone(),
            key_pem: s.file.key_pem.to_string(),
        }],
        pool: s.pool.clone(),
        warnings: s.values.warnings.clone(),
        trusted_ca: None,
        pin_note: None,
        notes: Vec::new(),
        bundles: Vec::new(),
    })
}

/// A private CA and every internal service's certificate (and the main one when asked).
pub(super) fn internal(
    o: &make::InternalSetOptions,
    seed: &Seed,
    bundle_key: Option<[u8; 32]>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    let m = make::internal_tls_set(o, seed, progress)?;
    let bundles = match bundle_key {
        Some(k) => bundles::made_bundles(&m, o, k)?,
        None => Vec::new(),
    };
    let t = &m.internal_tls;
    let blocks = internal_blocks(&m);
    let pairs = internal_pairs(&m);
    Ok(MadeView {
        summary: format!(
            "A private CA ({}) and {} service certificates{}, in the pool below and in the outputs. The CA is trusted in this tab because you made it here.",
            o.key.label(),
            m.services.len(),
            if m.main.is_some() { " and the main certificate" } else { "" }
        ),
        blocks,
        pairs,
        pool: m.pool.clone(),
        warnings: t.warnings.clone(),
        trusted_ca: Some(m.ca.certificate_pem.clone()),
        pin_note: None,
        notes: Vec::new(),
        bundles,
    })
}

/// The internal set's blocks: the Secrets, the values, and the CA's key.
fn internal_blocks(m: &make::MadeInternal) -> Vec<MadeBlock> {
    let t = &m.internal_tls;
    let mut values = t.values_all.clone();
    if let Some(v) = &m.main_values {
        values.push('\n');
        values.push_str(&v.yaml);
    }
    let mut blocks = vec![
        MadeBlock {
            title: "Secrets: the CA Secret and one Secret per service".into(),
            text: t.yaml.to_string(),
            filename: format!(
                "{}-internal-tls-secrets.yaml",
                m.ca.name.trim_end_matches("-internal-ca")
            ),
            secret: true,
            note: Some("kubectl apply -f this file in the release namespace.".into()),
        },
        MadeBlock {
            title: if m.main.is_some() {
                "Values: general.internal_tls, secrets.customCa and certificate.tls".into()
            } else {
                "Values: general.internal_tls and secrets.customCa".into()
            },
            text: values,
            // Not the Outputs tab's "values-internal-tls.yaml" (which holds no main key): the
            // browser would save one as "(1)" and the two are different files.
            filename: certlens_core::output::downloads::MADE_PRIVATE_CA_VALUES.into(),
            secret: m.main.is_some(),
            note: Some(
                "Merge into values.yaml. secrets.customCa makes Keycloak trust the new CA.".into(),
            ),
        },
    ];
    blocks.push(MadeBlock {
        title: "CA private key (keep it offline: it signs more certificates)".into(),
        text: m.ca.key_pem.to_string(),
        filename: format!("{}.key", m.ca.name),
        secret: true,
        note: None,
    });
    blocks
}

/// The internal set's downloads: the CA, each service, and the main certificate when made.
fn internal_pairs(m: &make::MadeInternal) -> Vec<MadePair> {
    let mut pairs = vec![MadePair {
        name: m.ca.name.clone(),
        role: "private CA".into(),
        certificate_pem: m.ca.certificate_pem.clone(),
        key_pem: m.ca.key_pem.to_string(),
    }];
    for s in &m.services {
        pairs.push(MadePair {
            name: s.file.name.clone(),
            role: s.keys.join(", "),
            certificate_pem: s.file.certificate_pem.clone(),
            key_pem: s.file.key_pem.to_string(),
        });
    }
    if let Some(f) = &m.main {
        pairs.push(MadePair {
            name: f.name.clone(),
            role: "main certificate (certificate.tls) and backend".into(),
            certificate_pem: f.certificate_pem.clone(),
            key_pem: f.key_pem.to_string(),
        });
    }
    pairs
}

/// A CSR and its key: both blocks, and the request added to the pool.
pub(super) fn csr(
    o: &make::CsrOptions,
    seed: &Seed,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    let c = make::csr(o, seed)?;
    progress(1, 1);
    Ok(MadeView {
        summary: format!(
            "A request for {} ({}). Send the .csr to your CA; keep the key: the certificate it returns needs it (drop both here then).",
            c.names.join(", "),
            c.subject
        ),
        blocks: vec![
            MadeBlock {
                title: "Certificate signing request".into(),
                text: c.csr_pem.clone(),
                filename: format!("{}.csr", c.name),
                secret: false,
                note: None,
            },
            MadeBlock {
                title: "Its private key".into(),
                text: c.key_pem.to_string(),
                filename: format!("{}.key", c.name),
                secret: true,
                note: None,
            },
        ],
        pairs: Vec::new(),
        pool: vec![(format!("{} (made, request)", c.name), c.csr_pem.clone())],
        warnings: Vec::new(),
        trusted_ca: None,
        pin_note: None,
        notes: Vec::new(),
        bundles: Vec::new(),
    })
}
