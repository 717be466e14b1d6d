//! The deployable bundles: of a private CA made here with its main certificate, and of one's
//! own certificates (the Outputs panel's pool), one per way of deploying them, each checked
//! by the doctor.

use certlens_core::make::{self, MakeError};
use certlens_core::output::{BundleChoices, BundleOptions, CertificateForm, DeploySecrets};

use super::{BundleView, MadeBlock, MadeView, MakeRequest};

/// The request that carries the pool's certificates and readable keys to the worker, to make
/// the bundle of one's own certificates; `None` when no key is readable (nothing to deploy).
pub fn bundle_request(
    report: &certlens_core::Report,
    release: &str,
    namespace: &str,
    endpoint: &str,
) -> Option<MakeRequest> {
    let keys: Vec<Vec<u8>> = report
        .private_keys
        .iter()
        .filter_map(|k| k.pkcs8.as_ref().map(|d| d.to_vec()))
        .collect();
    if keys.is_empty() || report.certificates.is_empty() {
        return None;
    }
    Some(MakeRequest::Bundle {
        certificates: report.certificates.iter().map(|c| c.der.clone()).collect(),
        keys,
        release: release.trim().to_string(),
        namespace: namespace.trim().to_string(),
        endpoint: Some(endpoint.trim().to_string()).filter(|e| !e.is_empty()),
    })
}

/// The bundles of one's own certificates, one per way of deploying them.
#[allow(clippy::too_many_arguments)]
pub(super) fn own(
    certificates: &[Vec<u8>],
    keys: &[Vec<u8>],
    release: &str,
    namespace: &str,
    endpoint: Option<&str>,
    bundle_key: Option<[u8; 32]>,
    now: i64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    let key = bundle_key.ok_or_else(|| MakeError::Encoding {
        what: "the bundle".to_string(),
        reason: "no random bytes for the encryption key".to_string(),
    })?;
    let mut inputs: Vec<certlens_core::Input> = certificates
        .iter()
        .enumerate()
        .map(|(i, d)| certlens_core::Input::new(format!("certificate #{i}"), d.clone()))
        .chain(
            keys.iter()
                .enumerate()
                .map(|(i, d)| certlens_core::Input::new(format!("private key #{i}"), d.clone())),
        )
        .collect();
    let report = certlens_core::inspect(&inputs, &certlens_core::Options::at(now));
    for i in &mut inputs {
        zeroize::Zeroize::zeroize(&mut i.bytes);
    }
    let mut bundles = Vec::new();
    for (label, choices) in bundle_variants() {
        let mut bo = BundleOptions::new(release, namespace, key);
        bo.endpoint = endpoint.map(str::to_string);
        bo.choices = choices;
        let b = certlens_core::bundle_of(&report, &bo, now).map_err(bundle_error)?;
        bundles.push(view_of(label, &b));
    }
    progress(1, 1);
    Ok(MadeView {
        summary: format!(
            "One deployable bundle of the certificates in the pool, for release {release} in namespace {namespace}."
        ),
        blocks: Vec::new(),
        pairs: Vec::new(),
        pool: Vec::new(),
        warnings: Vec::new(),
        trusted_ca: None,
        pin_note: None,
        notes: Vec::new(),
        bundles,
    })
}

fn bundle_error(e: certlens_core::output::BundleError) -> MakeError {
    match e {
        certlens_core::output::BundleError::Output(o) => MakeError::Output(o),
        other => MakeError::Encoding {
            what: "the bundle".to_string(),
            reason: other.to_string(),
        },
    }
}

/// The ways a made deployment is offered, in order: the chart's defaults first.
fn bundle_variants() -> Vec<(&'static str, BundleChoices)> {
    let on = BundleChoices::fitting(DeploySecrets::On);
    vec![
        (
            "deploy_secrets on, certificate in the values (the chart's defaults)",
            on,
        ),
        (
            "deploy_secrets on, certificate as an existing_cert Secret",
            BundleChoices {
                certificate: CertificateForm::ExistingSecret,
                ..on
            },
        ),
        (
            "deploy_secrets off: every Secret yours, encryption key external (production, GitOps)",
            BundleChoices::fitting(DeploySecrets::Off),
        ),
    ]
}

/// What the panel shows of one bundle.
fn view_of(label: &str, b: &certlens_core::Bundle) -> BundleView {
    BundleView {
        label: label.to_string(),
        files: b
            .files
            .iter()
            .map(|f| MadeBlock {
                title: f.title.clone(),
                text: f.text.to_string(),
                filename: f.name.clone(),
                secret: f.secret,
                note: None,
            })
            .collect(),
        zip_name: b.zip_name.clone(),
        zip: b.zip.clone(),
        commands: b.commands.clone(),
        choices: b
            .choices
            .iter()
            .map(|c| (c.setting.clone(), c.chosen.clone(), c.consequence.clone()))
            .collect(),
        pins: b.pins.clone(),
        verdict: b.verdict.clone(),
        passes: b.passes,
        doctor: b.doctor.clone(),
    }
}

/// The bundles of a made private CA with its main certificate (see [`MadeView::bundles`]);
/// `key` is the backend encryption key's 32 random bytes.
pub(super) fn made_bundles(
    m: &make::MadeInternal,
    o: &make::InternalSetOptions,
    key: [u8; 32],
) -> Result<Vec<BundleView>, MakeError> {
    let Some(endpoint) = o.main_hosts.first() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (label, choices) in bundle_variants() {
        let mut bo = BundleOptions::new(o.release.clone(), o.namespace.clone(), key);
        bo.endpoint = Some(endpoint.clone());
        bo.choices = choices;
        let b = certlens_core::bundle_of_made(m, &bo, o.now).map_err(bundle_error)?;
        out.push(view_of(label, &b));
    }
    Ok(out)
}
