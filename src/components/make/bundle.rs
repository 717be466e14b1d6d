//! The deployable bundle at the top of Make's result: the way to deploy (the core's choices,
//! each with its consequence), the zip, the files, the commands, and the doctor's verdict on the
//! files with the checklist a user gets by dropping them back. Everything shown was built and
//! checked in the Make worker (`make_job::made_bundles`); this only displays it.

use std::rc::Rc;

use yew::prelude::*;

use crate::browser::download::download;
use crate::components::doctor::Doctor;
use crate::components::outputs::block::OutputBlock;
use crate::make_job::MadeView;
use crate::state::{Deployment, Shared};

#[derive(Properties, PartialEq)]
pub struct BundleProps {
    pub view: Rc<MadeView>,
}

#[component]
pub fn BundleSection(props: &BundleProps) -> Html {
    let chosen = use_state(|| 0usize);
    let Some(b) = props.view.bundles.get(*chosen).or(props.view.bundles.first()) else {
        return html! {};
    };
    let report = Shared(Rc::new(b.doctor.clone()));
    let deployment = Deployment {
        release: b.doctor.release.clone(),
        namespace: b.doctor.namespace.clone(),
    };
    let on_zip = {
        let view = props.view.clone();
        let i = *chosen;
        Callback::from(move |_: MouseEvent| {
            if let Some(b) = view.bundles.get(i) {
                let _ = download(&b.zip_name, &b.zip, "application/zip");
            }
        })
    };
    html! {
        <section class="bundle" aria-labelledby="bundle-title">
            <h3 id="bundle-title">{ "One deployable bundle" }</h3>
            <p class={classes!("bundle-verdict", if b.passes { "ok" } else { "warning" })} role="status">{ b.verdict.clone() }</p>
            <fieldset class="bundle-choices">
                <legend>{ "How to deploy" }</legend>
                { for props.view.bundles.iter().enumerate().map(|(i, v)| {
                    let onchange = { let chosen = chosen.clone(); Callback::from(move |_: Event| chosen.set(i)) };
                    html! {
                        <label class="bundle-choice">
                            <input type="radio" name="bundle-choice" checked={i == *chosen} {onchange} />
                            { v.label.clone() }
                        </label>
                    }
                }) }
            </fieldset>
            <ul class="bundle-consequences">
                { for b.choices.iter().map(|(setting, chosen, consequence)| html! {
                    <li><code>{ setting.clone() }</code>{ format!(" = {chosen}: ") }{ consequence.clone() }</li>
                }) }
                <li><code>{ "certificate.security_pinned_hashes" }</code>{ format!(" = {}: the served certificate's pin only", b.pins.join(", ")) }</li>
            </ul>
            <p><button type="button" class="download bundle-zip" onclick={on_zip}>{ format!("Download {}", b.zip_name) }</button></p>
            <h4>{ "Apply" }</h4>
            <pre class="bundle-commands">{ b.commands.join("\n") }</pre>
            { for b.files.iter().map(|f| html! {
                <OutputBlock title={f.title.clone()} text={f.text.clone()} filename={f.filename.clone()} secret={f.secret} />
            }) }
            <details class="bundle-checklist">
                <summary>{ "The checklist (what dropping these files back shows)" }</summary>
                <Doctor report={report} deployment={deployment} on_change={Callback::noop()} hop={None::<String>} on_hop={Callback::noop()} scope="bundle-" />
            </details>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct OwnBundleProps {
    pub report: Shared<certlens_core::Report>,
    pub release: AttrValue,
    pub namespace: AttrValue,
}

/// After the Outputs tabs: the same bundle of one's own certificates, made and checked in the
/// Make worker on request (the pool's readable keys travel to it, as a renewal's does).
#[component]
pub fn OwnBundle(props: &OwnBundleProps) -> Html {
    let maker = use_state(crate::browser::maker::Maker::default);
    let result = use_state(|| None::<Result<Rc<MadeView>, String>>);
    let working = use_state(|| false);
    {
        // A new pool: the bundle of the old one is gone.
        let (result, working) = (result.clone(), working.clone());
        use_effect_with(props.report.clone(), move |_| {
            result.set(None);
            working.set(false);
        });
    }
    let endpoint = use_node_ref();
    let ns_field = use_node_ref();
    let Some(_) = crate::make_job::bundle_request(&props.report.0, &props.release, &props.namespace, "")
    else {
        return html! {};
    };
    let suggested = certlens_core::output::suggested_endpoint(&props.report.0).unwrap_or_default();
    // The namespace the outputs were given, else the doctor's default: a bundle needs one.
    let ns_default = Some(props.namespace.to_string())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| certlens_core::DEFAULT_NAMESPACE.to_string());
    let onclick = {
        let (maker, result, working) = (maker.clone(), result.clone(), working.clone());
        let (report, release, namespace) = (props.report.clone(), props.release.clone(), props.namespace.clone());
        let (endpoint, ns_field) = (endpoint.clone(), ns_field.clone());
        Callback::from(move |_: MouseEvent| {
            let value = |r: &NodeRef| {
                r.cast::<web_sys::HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let host = value(&endpoint);
            let ns = Some(value(&ns_field))
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| namespace.to_string());
            let Some(req) = crate::make_job::bundle_request(&report.0, &release, &ns, &host) else {
                return;
            };
            working.set(true);
            let (result, working) = (result.clone(), working.clone());
            let on_update = Callback::from(move |u: crate::browser::maker::MakeUpdate| {
                if let crate::browser::maker::MakeUpdate::Done(r) = u {
                    working.set(false);
                    result.set(Some(r.map(Rc::new)));
                }
            });
            maker.send(req, (js_sys::Date::now() / 1000.0) as i64, on_update);
        })
    };
    html! {
        <div class="own-bundle">
            <h3>{ "One deployable bundle" }</h3>
            <div class="form-grid">
                <label>{ "general.lightrun_endpoint " }
                    <input type="text" id="own-bundle-endpoint" ref={endpoint} value={suggested} spellcheck="false" autocomplete="off" />
                </label>
                <label>{ "Namespace " }
                    <input type="text" id="own-bundle-namespace" ref={ns_field} value={ns_default.clone()} spellcheck="false" autocomplete="off" />
                </label>
            </div>
            <p>
                <button type="button" class="secondary" disabled={*working} {onclick}>
                    { format!("Make one deployable bundle of these certificates (release {})", props.release) }
                </button>
            </p>
            if *working { <p class="make-progress" role="status"><progress />{ " Building and checking the bundle…" }</p> }
            {
                match &*result {
                    Some(Ok(v)) => html! { <BundleSection view={v.clone()} /> },
                    Some(Err(e)) => html! { <p class="error make-error" role="alert">{ e.clone() }</p> },
                    None => html! {},
                }
            }
        </div>
    }
}
