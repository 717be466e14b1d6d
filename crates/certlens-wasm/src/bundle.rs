//! `bundle`: one deployable bundle (CLI: `certlens bundle`), from the certificates given or,
//! with `make: true`, from a private CA made here. The encryption key and the keys made come
//! from `crypto.getRandomValues`; the core builds, checks (the doctor) and zips.

use certlens_core::make::{InternalSetOptions, Seed};
use certlens_core::output::{self, BundleChoices, BundleError, BundleOptions, CertificateForm, DeploySecrets};
use js_sys::{Reflect, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::error::{argument, into_error, Failure};
use crate::{options, to_js};

/// `bundle` options.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JsBundleOptions {
    pub release: Option<String>,
    pub namespace: Option<String>,
    pub endpoint: Option<String>,
    pub make: Option<bool>,
    pub deploy_secrets: Option<bool>,
    pub existing_cert: Option<bool>,
    pub old_pins: Option<Vec<String>>,
    pub password: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
}

fn failure(e: BundleError) -> Failure {
    match e {
        BundleError::Output(o) => Failure::Output(o),
        BundleError::Conflict { .. } => Failure::Other("conflict", e.to_string()),
        other => Failure::Other("bundle", other.to_string()),
    }
}

/// One values file, one Secrets file, README-apply.txt and the same as a zip (`zip`, bytes),
/// with each setting's consequence and the doctor's verdict on the files
/// (`passes`, `verdict`, `doctor`).
#[wasm_bindgen(js_name = bundle, unchecked_return_type = "Bundle")]
pub fn bundle(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput | null")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BundleOptions")] opts: JsValue,
) -> Result<JsValue, JsValue> {
    (|| -> Result<JsValue, Failure> {
        let o: JsBundleOptions = options::read(Some(opts))?;
        let namespace = o
            .namespace
            .ok_or_else(|| argument("bundle needs options.namespace (the release namespace)"))?;
        let release = o.release.unwrap_or_else(|| output::DEFAULT_RELEASE.to_string());
        let now = options::now_seconds(&o.now)?;
        let mut b = BundleOptions::new(release.clone(), namespace.clone(), crate::random_32()?);
        b.endpoint = o.endpoint.clone();
        b.choices = BundleChoices::fitting(if o.deploy_secrets.unwrap_or(true) {
            DeploySecrets::On
        } else {
            DeploySecrets::Off
        });
        if o.existing_cert.unwrap_or(false) {
            b.choices.certificate = CertificateForm::ExistingSecret;
        }
        b.old_pins = o.old_pins.unwrap_or_default();
        let made = if o.make.unwrap_or(false) {
            let host = o.endpoint.ok_or_else(|| {
                argument("bundle with make: true needs options.endpoint (general.lightrun_endpoint)")
            })?;
            let mut set = InternalSetOptions::new(release, namespace, now);
            set.main_hosts = vec![host];
            certlens_core::make_bundle(&set, &Seed(crate::random_32()?), &b, &mut |_, _| {})
                .map_err(failure)?
                .1
        } else {
            let inputs = crate::input::read(&input)?;
            certlens_core::bundle(&inputs, &b, now, o.password.as_deref()).map_err(failure)?
        };
        let v = to_js(&made)?;
        let zip = Uint8Array::from(made.zip.as_slice());
        let _ = Reflect::set(&v, &JsValue::from_str("zip"), &zip);
        Ok(v)
    })()
    .map_err(into_error)
}
