//! The "Make" panel: a test certificate, a private CA with every internal service's
//! certificate, or a CSR, made in the page's worker from `crypto.getRandomValues` (keys never
//! leave the tab), shown with Copy/Download (keys blurred until Show), downloads named per
//! service, and added to the pool so every other panel (chain, names, outputs) shows them.

pub(crate) mod bundle;
mod fields;
mod result;

use std::rc::Rc;

use certlens_core::make::Pkcs12Options;
use certlens_core::{Input, Report};
use yew::prelude::*;

use crate::browser::maker::{MakeUpdate, Maker};
use crate::hooks::{use_make_fields, MakeFields};
use crate::make_job::MakeRequest;
use crate::state::Shared;
use fields::{CsrFields, InternalFields, Pkcs12Fields, SelfSignedFields};
use result::{MakeResult, Status};

#[derive(Properties, PartialEq)]
pub struct MakeProps {
    /// The made certificates and keys, as pool inputs, with the PEM of a private CA made with
    /// them (the page declares it trusted).
    pub on_made: Callback<(Vec<Input>, Option<String>)>,
    /// The pool's report (what a PKCS#12 file is made of).
    pub report: Shared<Report>,
    /// The pool is empty: after "Clear all", what was made (keys included) goes too.
    #[prop_or_default]
    pub empty: bool,
    /// The release and namespace internal TLS was made for (emitted before `on_made`): the
    /// doctor, the name presets and the outputs use them from then on.
    #[prop_or_default]
    pub on_deployment: Callback<crate::state::Deployment>,
    /// Where the result goes: a place in the page's main column (the form stays in the narrow
    /// inputs column, the result needs the width and the reader's eye). Unset: under the form.
    #[prop_or_default]
    pub result_host: NodeRef,
    /// A checklist fix button pressed: "make the internal TLS certificates" opens the Private
    /// CA tab filled in for the deployment and makes them.
    #[prop_or_default]
    pub fix: Option<crate::state::FixRequest>,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Tab {
    SelfSigned,
    Internal,
    Csr,
    Pkcs12,
}

impl Tab {
    /// The tab's label; the Private CA comes first: it is the path the chart needs (internal
    /// TLS, the custom CA and the main certificate in one go).
    fn label(self) -> &'static str {
        match self {
            Tab::Internal => "Private CA (internal TLS)",
            Tab::SelfSigned => "Test certificate",
            Tab::Csr => "CSR",
            Tab::Pkcs12 => "PKCS#12 file",
        }
    }

    /// The request its form asks for (PKCS#12 is not a Make request: it is made from the
    /// pool's report, see `download_pkcs12`).
    fn request(self, fields: &MakeFields) -> Result<MakeRequest, String> {
        match self {
            Tab::SelfSigned => fields.self_signed_request(),
            Tab::Internal => fields.internal_request(),
            Tab::Pkcs12 => Err("PKCS#12 is made from the pool".into()),
            Tab::Csr => fields.csr_request(),
        }
    }
}

/// Makes the PKCS#12 file of the pool's certificate that has its key, and downloads it. The
/// engine makes it, in a worker (`engine_call.rs`), with the worker's own randomness.
fn download_pkcs12(report: &Report, opts: &Pkcs12Options, status: &UseStateHandle<Status>) {
    let call = crate::engine_call::Call::Pkcs12 {
        chain: opts.chain,
        friendly_name: opts.friendly_name.clone(),
        include_chain: opts.include_chain,
    };
    let password = opts.password.clone();
    let (report, status) = (report.clone(), status.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let made = crate::engine_call::ask::<crate::engine_call::Pkcs12File>(
            &report,
            call,
            Some(password.as_str()),
        )
        .await;
        match made {
            Ok(p) => {
                let _ = crate::browser::download::download(
                    &p.file_name,
                    &p.der,
                    "application/x-pkcs12",
                );
                status.set(Status::Downloaded(format!(
                    "Downloaded {}: {} certificate{} and the key as “{}”, encrypted with AES-256-CBC (PBKDF2-SHA256) and a SHA-256 MAC, as OpenSSL 3 writes it; openssl pkcs12 and Java's keytool open it with the password.",
                    p.file_name,
                    p.certificates,
                    if p.certificates == 1 { "" } else { "s" },
                    p.friendly_name
                )));
            }
            Err(e) => status.set(Status::Failed(e)),
        }
    });
}

/// Sends a request to the worker; its progress and result come back into `status`, and what
/// was made goes to the pool (after the deployment it was made for, if any).
fn start_making(
    req: MakeRequest,
    maker: &Maker,
    status: &UseStateHandle<Status>,
    on_made: &Callback<(Vec<Input>, Option<String>)>,
    on_deployment: &Callback<crate::state::Deployment>,
) {
    let key = req.key();
    status.set(Status::Working {
        done: 0,
        total: req.keys(),
        key,
    });
    let made_for = match &req {
        MakeRequest::Internal {
            release, namespace, ..
        } => Some(crate::state::Deployment {
            release: release.trim().to_string(),
            namespace: namespace.trim().to_string(),
        }),
        _ => None,
    };
    let (status, on_made, on_deployment) = (status.clone(), on_made.clone(), on_deployment.clone());
    // A renewal adds nothing to the pool: do not make the page re-analyse it.
    let adds = !matches!(req, MakeRequest::Renew { .. });
    let on_update = Callback::from(move |u: MakeUpdate| match u {
        MakeUpdate::Progress(done, total) => status.set(Status::Working { done, total, key }),
        MakeUpdate::Done(Ok(view)) => {
            if let Some(d) = made_for.clone() {
                on_deployment.emit(d);
            }
            if adds {
                on_made.emit((
                view.pool
                    .iter()
                    .map(|(n, t)| Input::new(n.clone(), t.as_bytes().to_vec()))
                    .collect(),
                view.trusted_ca.clone(),
                ));
            }
            status.set(Status::Done(Rc::new(view)));
        }
        MakeUpdate::Done(Err(e)) => status.set(Status::Failed(e)),
    });
    maker.send(req, (js_sys::Date::now() / 1000.0) as i64, on_update);
}

#[component]
pub fn Make(props: &MakeProps) -> Html {
    let tab = use_state(|| Tab::Internal);
    let status = use_state(|| Status::Idle);
    let maker = use_state(Maker::default);
    let fields = use_make_fields();
    // What a fix button filled in (release, namespace, main host), shown in the tab's fields.
    let preset = use_state(|| None::<fields::InternalPreset>);
    {
        let (tab, status, maker, preset) = (tab.clone(), status.clone(), maker.clone(), preset.clone());
        let (on_made, on_deployment) = (props.on_made.clone(), props.on_deployment.clone());
        use_effect_with(props.fix.clone(), move |fix| {
            if let Some(crate::state::FixRequest {
                action:
                    certlens_core::FixAction::MakeInternalTls {
                        release,
                        namespace,
                        main_host,
                        ..
                    },
                ..
            }) = fix
            {
                tab.set(Tab::Internal);
                preset.set(Some(fields::InternalPreset {
                    release: release.clone(),
                    namespace: namespace.clone(),
                    main_host: main_host.clone().unwrap_or_default(),
                }));
                // The chart's defaults for what the fix does not name: its cluster domain, a
                // P-256 key, the CA limited to the services' names.
                let req = MakeRequest::Internal {
                    release: release.clone(),
                    namespace: namespace.clone(),
                    cluster_domain: certlens_core::make::DEFAULT_CLUSTER_DOMAIN.to_string(),
                    main_hosts: main_host.clone().into_iter().collect(),
                    key: certlens_core::make::KeyAlgorithm::EcdsaP256,
                    name_constraints: true,
                };
                start_making(req, &maker, &status, &on_made, &on_deployment);
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("make"))
                {
                    el.scroll_into_view();
                }
            }
        });
    }
    {
        // "Clear all" empties the pool: drop what was made with it (keys included).
        let status = status.clone();
        use_effect_with(props.empty, move |empty| {
            if *empty && matches!(*status, Status::Done(_) | Status::Downloaded(_)) {
                status.set(Status::Idle);
            }
        });
    }

    let onsubmit = {
        let status = status.clone();
        let maker = maker.clone();
        let on_made = props.on_made.clone();
        let on_deployment = props.on_deployment.clone();
        let report = props.report.clone();
        let fields = fields.clone();
        let tab = *tab;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if tab == Tab::Pkcs12 {
                return download_pkcs12(&report, &fields.pkcs12_options(), &status);
            }
            match tab.request(&fields) {
                Ok(req) => start_making(req, &maker, &status, &on_made, &on_deployment),
                Err(m) => status.set(Status::Failed(m)),
            }
        })
    };

    {
        // A result (its progress first) is brought into view and its heading takes the focus:
        // in the main column it may be beside or (on a phone) above the form just submitted.
        let phase = match *status {
            Status::Idle => 0,
            Status::Working { .. } => 1,
            _ => 2,
        };
        use_effect_with(phase, move |phase| {
            if *phase > 0 {
                crate::browser::reveal::reveal("#make-result");
            }
        });
    }

    let tab_button = |t: Tab| {
        let label = t.label();
        let tab = tab.clone();
        let status = status.clone();
        let selected = *tab == t;
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                class={classes!("tab", selected.then_some("active"))}
                onclick={Callback::from(move |_| { tab.set(t); status.set(Status::Idle); })}>
                { label.to_string() }
            </button>
        }
    };
    let working = matches!(*status, Status::Working { .. });
    // The CSR tab offers a same-key renewal when the pool holds a leaf and its readable key.
    let renewal = (*tab == Tab::Csr)
        .then(|| crate::renew_job::renewable_label(&props.report))
        .flatten();
    let renew = renewal.map(|label| {
        let status = status.clone();
        let maker = maker.clone();
        let on_made = props.on_made.clone();
        let on_deployment = props.on_deployment.clone();
        // The request (with the key) is made on click from the report, not kept in the
        // callback: the key stays only where the pool already holds it.
        let report = props.report.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            if let Some((_, req)) = crate::make_job::renewal_request(&report) {
                start_making(req, &maker, &status, &on_made, &on_deployment);
            }
        });
        html! {
            <div class="renew-offer">
                <p class="hint">{ format!("The pool holds {label} and its private key: renew it with the same key (same names, same key, so the pin stays), or make a new key below.") }</p>
                <button type="button" class="renew-same-key" disabled={working} {onclick}>{ "Renew with the same key" }</button>
            </div>
        }
    });

    let form = match *tab {
        Tab::SelfSigned => html! { <SelfSignedFields refs={fields.self_signed.clone()} /> },
        Tab::Internal => html! { <InternalFields refs={fields.internal.clone()} preset={(*preset).clone()} /> },
        Tab::Csr => html! { <CsrFields refs={fields.csr.clone()} /> },
        Tab::Pkcs12 => html! { <Pkcs12Fields refs={fields.pkcs12.clone()} /> },
    };

    let heading = match &*status {
        Status::Idle => None,
        Status::Working { .. } => Some(format!("Making: {}…", tab.label())),
        Status::Failed(_) => Some(format!("Could not make: {}", tab.label())),
        Status::Done(_) | Status::Downloaded(_) => Some(format!("Made: {}", tab.label())),
    };
    let result = match heading {
        None => html! {},
        Some(h) => html! {
            <section class="make-result-panel" id="make-result" aria-labelledby="make-result-heading">
                <h2 id="make-result-heading" tabindex="-1">{ h }</h2>
                <MakeResult status={(*status).clone()} />
            </section>
        },
    };
    let panel = html! {
        <section class="make-panel" id="make" aria-labelledby="make-heading">
            <h2 id="make-heading">{ "No certificate yet? Make one" }</h2>
            <p class="hint">{ "Keys are generated in this tab from the browser's secure random numbers and never leave it." }</p>
            <div class="make-tabs" role="tablist" aria-label="What to make">
                { tab_button(Tab::Internal) }
                { tab_button(Tab::SelfSigned) }
                { tab_button(Tab::Csr) }
                { tab_button(Tab::Pkcs12) }
            </div>
            { renew.unwrap_or_default() }
            <form class="make-form" {onsubmit}>
                // Keyed by tab: each tab gets fresh fields. Unkeyed, Yew would reuse the previous
                // tab's <input> elements in place, and what was typed there (a PKCS#12
                // password) would show up in this tab's field (the names of a certificate).
                <div key={format!("{:?}", *tab)} class="make-fields">{ form }</div>
                <div class="input-row">
                    <button type="submit" disabled={working}>{ if working { "Making…" } else if *tab == Tab::Pkcs12 { "Download .p12" } else { "Make" } }</button>
                </div>
            </form>
        </section>
    };
    html! {
        <>
            { panel }
            { result_here(&props.result_host, result) }
        </>
    }
}

/// The result in its host (a portal keeps it this component's: the form's status and the
/// made keys stay here), or in place when the host is not in the page.
fn result_here(host: &NodeRef, result: Html) -> Html {
    match host.cast::<web_sys::Element>() {
        Some(el) => create_portal(result, el),
        None => result,
    }
}
