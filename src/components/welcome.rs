//! The empty page's main column: the three things one can drop, each with an example, and the
//! encryption-key generator, which needs nothing loaded (a new backend key is 32 random bytes).

use certlens_core::output::{encryption_secret_name, DEFAULT_RELEASE};
use yew::prelude::*;

use crate::components::outputs::EncryptionKeyTab;

#[derive(Properties, PartialEq)]
pub struct WelcomeProps {
    /// "Load example": the demo chain and its key.
    pub on_example: Callback<MouseEvent>,
}

/// What can be dropped, one line and one example each, in the order a deployment meets them.
const KINDS: &[(&str, &str, &str, &str)] = &[
    (
        "drop-certs",
        "Certificates and keys, in any form",
        "PEM, DER, Base64, PKCS#7, PKCS#12, encrypted or OpenSSH keys: chain order, expiry, names, pins and the values the chart wants.",
        "fullchain.pem, tls.key, server.p12",
    ),
    (
        "drop-values",
        "A values.yaml with its Secrets",
        "The deployment checklist: every TLS setting of the Lightrun chart checked, with its line and its fix.",
        "values.yaml + kubectl get secrets -n lr-prod -o yaml > secrets.yaml",
    ),
    (
        "drop-cluster",
        "A cluster's Secrets",
        "The certificate inventory: every certificate in every Secret, soonest expiry first, as CSV or a calendar.",
        "kubectl get secrets -A -o yaml > secrets.yaml",
    ),
];

#[component]
pub fn Welcome(props: &WelcomeProps) -> Html {
    html! {
        <>
            <section class="welcome" id="welcome" aria-labelledby="welcome-heading">
                <h2 id="welcome-heading">{ "What you can drop here" }</h2>
                <p class="hint">{ "Anywhere on this page, with “Choose files…”, or pasted. Several files dropped together are read as one set." }</p>
                <ol class="drop-kinds">
                    for (id, what, does, example) in KINDS.iter() {
                        <li id={*id}>
                            <strong>{ *what }</strong>
                            <span class="drop-does">{ *does }</span>
                            <span class="drop-example">{ "e.g. " }<code>{ *example }</code></span>
                        </li>
                    }
                </ol>
                <p class="welcome-more">
                    { "Nothing yet? " }<a href="#make">{ "Make a private CA and every certificate the chart needs" }</a>
                    { ", or " }<button type="button" class="link" onclick={props.on_example.clone()}>{ "load an example" }</button>{ "." }
                </p>
            </section>
            <section class="enc-key-panel" id="encryption-key" aria-labelledby="enc-key-heading">
                <h2 id="enc-key-heading">{ "Backend encryption key" }</h2>
                <EncryptionKeyTab secret_default={AttrValue::from(encryption_secret_name(DEFAULT_RELEASE))} namespace={AttrValue::default()} />
            </section>
        </>
    }
}
