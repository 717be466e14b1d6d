//! `doctor` and `inventory` for JavaScript: a deployment's settings checked one by one, and
//! the certificate inventory of a cluster's Secrets with its CSV and calendar exports. The
//! verdicts, their wording and the exports are the core's.

use certlens_core::{
    doctor as core_doctor, inventory as core_inventory, inventory_csv, inventory_ics,
    DoctorOptions as CoreDoctorOptions, InventoryOptions as CoreInventoryOptions,
};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::error::{argument, into_error, Failure};
use crate::options::{now_seconds, read};
use crate::{input, to_js};

/// `doctor` options.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DoctorOptions {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
    pub release: Option<String>,
    pub namespace: Option<String>,
    pub warn_days: Option<i64>,
    /// Put the corrected encryption keys a fix hands over in the report (withheld by default).
    pub show_secrets: Option<bool>,
}

/// `inventory` options.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InventoryOptions {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
    pub warn_days: Option<i64>,
    /// `"object"` (default), `"json"`, `"csv"` or `"ics"`.
    pub format: Option<String>,
}

fn warn_days(d: Option<i64>) -> Result<Option<i64>, Failure> {
    match d {
        Some(n) if !(0..=3650).contains(&n) => Err(argument(format!(
            "warnDays must be a number of days from 0 to 3650, got {n}"
        ))),
        other => Ok(other),
    }
}

/// Check a deployment: a values.yaml with the Secrets it names, or Ingress / cert-manager
/// Certificate manifests with theirs (CLI: `certlens doctor`). Never throws because of what
/// the files hold; `has_errors` says whether any verdict is an error.
#[wasm_bindgen(unchecked_return_type = "DoctorReport")]
pub fn doctor(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DoctorOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    (|| -> Result<JsValue, Failure> {
        let o: DoctorOptions = read(options)?;
        let inputs = input::read(&input)?;
        let mut opts = CoreDoctorOptions::at(now_seconds(&o.now)?);
        if let Some(r) = o.release.filter(|r| !r.trim().is_empty()) {
            opts.release = r;
        }
        if let Some(ns) = o.namespace.filter(|n| !n.trim().is_empty()) {
            opts.namespace = ns;
            opts.namespace_given = true;
        }
        if let Some(d) = warn_days(o.warn_days)? {
            opts.warn_days = d;
        }
        opts.show_secrets = o.show_secrets.unwrap_or(false);
        let report = core_doctor(&inputs, &opts);
        let has_errors = report.has_errors();
        let line = report.summary.line();
        let value = to_js(&report)?;
        js_sys::Reflect::set(&value, &"has_errors".into(), &has_errors.into())
            .map_err(|_| argument("cannot build the result"))?;
        // The tally line the CLI and the page show, so a script shows the same words.
        js_sys::Reflect::set(&value, &"summary_line".into(), &line.into())
            .map_err(|_| argument("cannot build the result"))?;
        Ok(value)
    })()
    .map_err(into_error)
}

/// The certificate inventory of `kubectl get secrets -A -o yaml` (or `-o json`) (CLI:
/// `certlens inventory`): rows soonest expiry first, or with `format` the CSV / ICS / JSON
/// text.
#[wasm_bindgen(unchecked_return_type = "Inventory | string")]
pub fn inventory(
    #[wasm_bindgen(unchecked_param_type = "CertlensInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "InventoryOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    (|| -> Result<JsValue, Failure> {
        let o: InventoryOptions = read(options)?;
        let inputs = input::read(&input)?;
        let mut opts = CoreInventoryOptions::at(now_seconds(&o.now)?);
        if let Some(d) = warn_days(o.warn_days)? {
            opts.warn_days = d;
        }
        let inv = core_inventory(&inputs, &opts);
        match o.format.as_deref().unwrap_or("object") {
            "object" => to_js(&inv),
            "json" => Ok(JsValue::from_str(&inv.to_json())),
            "csv" => Ok(JsValue::from_str(&inventory_csv(&inv))),
            "ics" => Ok(JsValue::from_str(&inventory_ics(&inv))),
            other => Err(argument(format!(
                "format must be \"object\", \"json\", \"csv\" or \"ics\", got {other:?}"
            ))),
        }
    })()
    .map_err(into_error)
}
