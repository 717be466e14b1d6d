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
                <Doctor report={report} deployment={deployment} on_change={Callback::noop()} hop={None::<String>} on_hop={Callback::noop()} />
            </details>
        </section>
    }
}
