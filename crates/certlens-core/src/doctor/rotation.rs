//! cert-manager's key rotation against the chart's pins (issue 29). cert-manager 1.18 changed
//! the default of `spec.privateKey.rotationPolicy` from `Never` to `Always`: every renewal of
//! the Secret then carries a new key, so the SPKI pin the backend advertises and the agents
//! check changes at each renewal, and with public lifetimes now 200 days and falling to 47,
//! that is every few weeks. A Certificate that writes the chart's `existing_cert` Secret is
//! told so, with both ways out.

use yaml_rust2::Yaml;

use crate::checks::pinlist::parse_pin_list;
use crate::doctor::verdict::Builder;
use crate::doctor::Docs;
use crate::model::Certificate;

/// How the Certificate rotates its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Policy {
    /// `rotationPolicy: Always` written.
    Always,
    /// Not written: `Always` on cert-manager 1.18 and later (assumed), `Never` before.
    Default,
    /// `rotationPolicy: Never`: renewals keep the key.
    Never,
    /// Something else (cert-manager refuses it).
    Other,
}

fn policy(spec: &Yaml) -> Policy {
    match spec["privateKey"]["rotationPolicy"].as_str().map(str::trim) {
        None | Some("") => Policy::Default,
        Some("Always") => Policy::Always,
        Some("Never") => Policy::Never,
        Some(_) => Policy::Other,
    }
}

/// The pins of `security_pinned_hashes` in the values that name `secret` as `existing_cert`
/// (normalised, lower-case hex), or `None` when no values file names it.
fn chart_pins(docs: &Docs, secret: &str) -> Option<Vec<String>> {
    let v = docs.values.iter().find(|v| {
        v.doc["certificate"]["existing_cert"]
            .as_str()
            .map(str::trim)
            == Some(secret)
    })?;
    let mut pins = Vec::new();
    let list = &v.doc["certificate"]["security_pinned_hashes"];
    let items: Vec<String> = match list {
        Yaml::Array(a) => a.iter().filter_map(|p| p.as_str().map(str::to_string)).collect(),
        Yaml::String(s) => vec![s.clone()],
        _ => Vec::new(),
    };
    for item in items {
        for e in parse_pin_list(&item.replace(',', "\n")) {
            if let Some(n) = e.normalized {
                pins.push(n.to_ascii_lowercase());
            }
        }
    }
    Some(pins)
}

/// Adds what the Certificate's key rotation means for the pins to `b`. `leaf` is the
/// certificate the Secret holds now, when it was given.
pub(crate) fn check(
    spec: &Yaml,
    docs: &Docs,
    secret: &str,
    leaf: Option<&Certificate>,
    b: &mut Builder,
) {
    let p = policy(spec);
    let pins = chart_pins(docs, secret);
    let current = leaf.map(|l| l.spki_sha256.to_ascii_lowercase());
    if p == Policy::Other {
        b.error(
            "spec.privateKey.rotationPolicy is neither Always nor Never: cert-manager rejects the Certificate",
            "set rotationPolicy: Never (keep the key, and the pin) or Always",
        );
        return;
    }
    if p == Policy::Never {
        let still = match (&pins, &current) {
            (Some(list), Some(c)) if list.contains(c) => format!(
                " After the next renewal the pin {c} in security_pinned_hashes still matches."
            ),
            _ => String::new(),
        };
        b.note(format!(
            "rotationPolicy: Never: renewals keep the private key, so the SPKI pin stays.{still}"
        ));
        return;
    }
    let assumption = if p == Policy::Default {
        "spec.privateKey.rotationPolicy is not set, and cert-manager 1.18 and later default it to Always (assumed here; before 1.18 the default was Never)"
    } else {
        "spec.privateKey.rotationPolicy is Always"
    };
    let pin_now = current
        .as_deref()
        .map(|c| format!(" (now {c})"))
        .unwrap_or_default();
    let fix = format!("either set spec.privateKey.rotationPolicy: Never, so renewals keep the key and its pin; or, to change keys without breaking the pin, pin the next key ahead: make it now (certlens makes it with the values listing the current and the next pin); deploy those, then put the next key in Secret {secret}'s tls.key and renew (`cmctl renew`) with rotationPolicy: Never, which makes cert-manager use the key it finds");
    match pins {
        Some(list) => {
            let listed = if list.is_empty() {
                "security_pinned_hashes is empty".to_string()
            } else {
                // A key made at renewal time cannot be among the pins listed today.
                format!(
                    "none of the {} pin{} of security_pinned_hashes will match after the next renewal",
                    list.len(),
                    if list.len() == 1 { "" } else { "s" }
                )
            };
            b.warn(
                format!(
                    "{assumption}: every renewal of Secret {secret} (the chart's certificate.existing_cert) makes a new private key, so the pin the backend advertises and the agents check changes{pin_now}; {listed}, and agents pinned to the old key stop connecting until their pinnedCertHash is updated"
                ),
                fix,
            );
        }
        None => b.note(format!(
            "{assumption}: every renewal makes a new private key and changes the SPKI pin{pin_now}. If Secret {secret} is the chart's certificate.existing_cert, the agents' pinnedCertHash and security_pinned_hashes break at each renewal: {fix}"
        )),
    }
}
