//! The Make panel's forms, one per tab. Their fields are read on submit through the refs of
//! [`crate::hooks::MakeFields`].

use certlens_core::make::{KeyAlgorithm, DEFAULT_CLUSTER_DOMAIN};
use yew::prelude::*;

use crate::hooks::{CsrRefs, InternalRefs, Pkcs12Refs, SelfSignedRefs};

#[derive(Properties, PartialEq)]
struct KeySelectProps {
    id: AttrValue,
    select: NodeRef,
}

#[component]
fn KeySelect(props: &KeySelectProps) -> Html {
    html! {
        <>
            <label class="field-label" for={props.id.clone()}>{ "Key type" }</label>
            <select id={props.id.clone()} ref={props.select.clone()}>
                { for KeyAlgorithm::ALL.iter().map(|k| html! {
                    <option value={k.name()} selected={*k == KeyAlgorithm::default()}>
                        { k.label() }{ if k.is_slow() { " (slow: takes seconds)" } else { "" } }
                    </option>
                }) }
            </select>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelfSignedFieldsProps {
    pub refs: SelfSignedRefs,
}

#[component]
pub fn SelfSignedFields(props: &SelfSignedFieldsProps) -> Html {
    let r = &props.refs;
    html! {
        <>
            <p class="hint">{ "For testing: the vendor's openssl req -x509 command done right, with the names as Subject Alternative Names (clients ignore the CN). Marked testing only: clients trust it only if told to." }</p>
            <label class="field-label" for="make-hosts">{ "Names (general.lightrun_endpoint first; commas or spaces between)" }</label>
            <input id="make-hosts" ref={r.hosts.clone()} type="text" required=true placeholder="lightrun.example.com" autocomplete="off" spellcheck="false" />
            <KeySelect id="make-key" select={r.key.clone()} />
            <label class="field-label" for="make-days">{ "Valid for (days)" }</label>
            <input id="make-days" ref={r.days.clone()} type="number" min="1" max="36500" value={self_signed_days().to_string()} />
        </>
    }
}

/// The self-signed certificate's default lifetime at the page's "now": the core's public-like
/// default (one day under the CA/Browser Forum limit in force).
fn self_signed_days() -> u32 {
    certlens_core::lifetimes::public_like_default_days((js_sys::Date::now() / 1000.0) as i64)
}

#[derive(Properties, PartialEq)]
pub struct InternalFieldsProps {
    pub refs: InternalRefs,
    /// Filled in by a checklist fix: the deployment's release, namespace and public host.
    #[prop_or_default]
    pub preset: Option<InternalPreset>,
}

/// What a checklist fix fills into the Private CA tab.
#[derive(Clone, PartialEq, Debug)]
pub struct InternalPreset {
    pub release: String,
    pub namespace: String,
    pub main_host: String,
}

#[component]
pub fn InternalFields(props: &InternalFieldsProps) -> Html {
    let r = &props.refs;
    let p = props.preset.clone();
    let release = p.as_ref().map_or(certlens_core::output::DEFAULT_RELEASE.to_string(), |p| p.release.clone());
    let namespace = p.as_ref().map(|p| p.namespace.clone()).unwrap_or_default();
    let main = p.as_ref().map(|p| p.main_host.clone()).unwrap_or_default();
    html! {
        <>
            <p class="hint">{ "For general.internal_tls with existing_certificates: a private CA and one certificate per Service the chart mounts (NAME, NAME.ns, NAME.ns.svc, NAME.ns.svc.<cluster domain>; serverAuth and clientAuth), the Secrets, the CA Secret, the values and secrets.customCa for Keycloak." }</p>
            <label class="field-label" for="make-release">{ "Release (full name)" }</label>
            <input id="make-release" ref={r.release.clone()} type="text" required=true value={release} autocomplete="off" spellcheck="false" />
            <label class="field-label" for="make-namespace">{ "Namespace" }</label>
            <input id="make-namespace" ref={r.namespace.clone()} type="text" required=true placeholder="lightrun" value={namespace} autocomplete="off" spellcheck="false" />
            <label class="field-label" for="make-domain">{ "Cluster domain (general.cluster_domain)" }</label>
            <input id="make-domain" ref={r.domain.clone()} type="text" value={DEFAULT_CLUSTER_DOMAIN} autocomplete="off" spellcheck="false" />
            <label class="field-label" for="make-main">{ "Main certificate too, for (optional: general.lightrun_endpoint; it also covers <release>-backend, so the router's check of the backend passes)" }</label>
            <input id="make-main" ref={r.main_hosts.clone()} type="text" placeholder="lightrun.example.com" value={main} autocomplete="off" spellcheck="false" />
            <KeySelect id="make-ikey" select={r.key.clone()} />
            <label class="check"><input id="make-constraints" ref={r.constraints.clone()} type="checkbox" checked=true />{ " Limit the CA to these names (name constraints)" }</label>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct CsrFieldsProps {
    pub refs: CsrRefs,
}

#[component]
pub fn CsrFields(props: &CsrFieldsProps) -> Html {
    let r = &props.refs;
    html! {
        <>
            <p class="hint">{ "For a public or corporate CA: a request with the names in its extensionRequest, and its key. Send the request; keep the key." }</p>
            <label class="field-label" for="make-csr-hosts">{ "Names (commas or spaces between)" }</label>
            <input id="make-csr-hosts" ref={r.hosts.clone()} type="text" required=true placeholder="lightrun.example.com" autocomplete="off" spellcheck="false" />
            <KeySelect id="make-ckey" select={r.key.clone()} />
            <label class="field-label" for="make-org">{ "Organization (O, optional)" }</label>
            <input id="make-org" ref={r.org.clone()} type="text" autocomplete="off" />
            <label class="field-label" for="make-ou">{ "Organizational unit (OU, optional)" }</label>
            <input id="make-ou" ref={r.ou.clone()} type="text" autocomplete="off" />
            <label class="field-label" for="make-country">{ "Country (C, two letters, optional)" }</label>
            <input id="make-country" ref={r.country.clone()} type="text" maxlength="2" autocomplete="off" />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct Pkcs12FieldsProps {
    pub refs: Pkcs12Refs,
}

#[component]
pub fn Pkcs12Fields(props: &Pkcs12FieldsProps) -> Html {
    let r = &props.refs;
    html! {
        <>
            <p class="hint">{ "A password-protected .p12 (PKCS#12) file of the certificate in the pool that has its key (given or made here), with its CA certificates: for Java keystores, Windows, and tools that want one file." }</p>
            <label class="field-label" for="make-p12-password">{ "Password (required)" }</label>
            <input id="make-p12-password" ref={r.password.clone()} type="password" required=true autocomplete="new-password" />
            <label class="field-label" for="make-p12-name">{ "Friendly name (keytool's alias; empty: the certificate's CN)" }</label>
            <input id="make-p12-name" ref={r.name.clone()} type="text" autocomplete="off" spellcheck="false" />
            <label class="check"><input id="make-p12-leaf" ref={r.leaf_only.clone()} type="checkbox" />{ " The certificate only, without its CA certificates" }</label>
        </>
    }
}
