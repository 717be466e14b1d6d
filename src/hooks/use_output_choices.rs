use certlens_core::output::{DEFAULT_INCLUDE_ROOT, DEFAULT_RELEASE, DEFAULT_TLS_SECRET_NAME};
use certlens_core::TargetFormat;
use yew::prelude::*;

use crate::state::Deployment;

/// What the user chose in the Outputs panel. It lives in the panel, not in a tab, so that a
/// choice made in one tab (the namespace, the key format) holds in the others and survives a
/// change of tab.
#[derive(Clone, PartialEq)]
pub struct OutputChoices {
    /// None: the key as given (the core keeps PKCS#1/PKCS#8 and converts the rest).
    pub key_format: UseStateHandle<Option<TargetFormat>>,
    pub leave_root_out: UseStateHandle<bool>,
    /// Key rotation: the old key's pins, as pasted.
    pub old_pins: UseStateHandle<String>,
    pub secret_name: UseStateHandle<String>,
    pub namespace: UseStateHandle<String>,
    /// Add ca.crt to the TLS Secret.
    pub with_ca: UseStateHandle<bool>,
    pub release: UseStateHandle<String>,
    pub pins_b64: UseStateHandle<bool>,
}

impl OutputChoices {
    /// The namespace, when one was given.
    pub fn namespace(&self) -> Option<String> {
        (!self.namespace.trim().is_empty()).then(|| self.namespace.trim().to_string())
    }
}

/// The Outputs panel's choices; the release and namespace follow `chosen` (what the user gave
/// in the doctor or Make) whenever it changes.
#[hook]
pub fn use_output_choices(chosen: Option<Deployment>) -> OutputChoices {
    let choices = OutputChoices {
        key_format: use_state(|| None::<TargetFormat>),
        leave_root_out: use_state(|| !DEFAULT_INCLUDE_ROOT),
        old_pins: use_state(String::new),
        secret_name: use_state(|| DEFAULT_TLS_SECRET_NAME.to_string()),
        namespace: use_state(String::new),
        with_ca: use_state(|| false),
        release: use_state(|| DEFAULT_RELEASE.to_string()),
        pins_b64: use_state(|| false),
    };
    {
        let (release, namespace) = (choices.release.clone(), choices.namespace.clone());
        use_effect_with(chosen, move |chosen| {
            if let Some(d) = chosen {
                release.set(d.release.clone());
                namespace.set(d.namespace.clone());
            }
        });
    }
    choices
}
