//! The encryption-key tab: a new backend key, or the rotation from the current one.

use certlens_core::enckey;
use certlens_core::output::{
    encryption_key_rotation, encryption_key_secret, EncryptionSecretOptions,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{messages, problem, OutputBlock};
use crate::browser::random::random_key;

#[derive(Properties, PartialEq)]
pub(super) struct EncProps {
    pub secret_default: AttrValue,
    pub namespace: AttrValue,
}

#[component]
pub(super) fn EncryptionKeyTab(props: &EncProps) -> Html {
    let old = use_state(String::new);
    let new = use_state(String::new);
    let secret = use_state(|| props.secret_default.to_string());
    // The keys are secrets: masked like passwords (and their corrected forms blurred) until
    // "Show the keys", for someone sharing their screen.
    let shown = use_state(|| false);
    let toggle_shown = {
        let shown = shown.clone();
        Callback::from(move |_: Event| shown.set(!*shown))
    };
    let generate = {
        let new = new.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(k) = random_key() {
                new.set(k);
            }
        })
    };
    let field = |id: &str, label: &str, v: &UseStateHandle<String>, masked: bool| {
        let v2 = v.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                v2.set(t.value());
            }
        });
        html! {
            <label for={id.to_string()} class="wide">{ label.to_string() }
                <input type={if masked { "password" } else { "text" }} id={id.to_string()} class="mono" size="48" value={(**v).clone()} {oninput} spellcheck="false" autocomplete="off" />
            </label>
        }
    };
    // Each field is checked once per render; the verdicts also decide whether the rotation's
    // own error would only repeat them.
    let new_check = (!new.trim().is_empty()).then(|| enckey::check_key(&new));
    let old_check = (!old.trim().is_empty()).then(|| enckey::check_key(&old));
    let check = |c: &Option<enckey::KeyCheck>| -> Html {
        let Some(c) = c else {
            return html! {};
        };
        html! {
            <div class={classes!("keycheck", if c.ok { "ok" } else { "error" })}>
                if c.ok { <p class="note ok">{ "Valid: Base64 of exactly 32 bytes." }</p> }
                for p in c.problems.iter() { <p class="note error">{ p.clone() }</p> }
                for h in c.hints.iter() { <p class="hint">{ h.clone() }</p> }
                if let (false, Some(n)) = (c.ok, &c.normalized) { <p class="hint">{ "Use instead: " }<code class={classes!("mono", (!*shown).then_some("concealed"))}>{ n.clone() }</code></p> }
            </div>
        }
    };
    let fields_ok =
        new_check.as_ref().is_some_and(|c| c.ok) && old_check.as_ref().is_none_or(|c| c.ok);
    let ns = (!props.namespace.is_empty()).then(|| props.namespace.to_string());
    let opts = EncryptionSecretOptions {
        secret_name: secret.trim().to_string(),
        namespace: ns,
    };
    let result = if new.trim().is_empty() {
        None
    } else if old.trim().is_empty() {
        Some(encryption_key_secret(&new, &opts))
    } else {
        Some(encryption_key_rotation(&old, &new, &opts))
    };
    html! {
        <div class="enckey">
            <p class="hint">{ "The backend encrypts stored keys with encryption-key-N from its Secret: the Base64 text of 32 random bytes (what openssl rand -base64 32 prints). Generated here with crypto.getRandomValues; never stored." }</p>
            <div class="form-grid">
                <button type="button" onclick={generate}>{ "Generate a new key" }</button>
                { field("enc-secret", "Backend Secret name", &secret, false) }
            </div>
            <label class="check"><input type="checkbox" id="enc-show" checked={*shown} onchange={toggle_shown} />{ " Show the keys" }</label>
            <div class="form-grid">{ field("enc-new", "New key (encryption-key-1, or -0 without an old key)", &new, !*shown) }</div>
            { check(&new_check) }
            <div class="form-grid">{ field("enc-old", "Current key, to rotate from (optional)", &old, !*shown) }</div>
            { check(&old_check) }
            { match result {
                None => html! {},
                // A field's own check already says what is wrong with it.
                Some(Err(_)) if !fields_ok => html! {},
                Some(Err(e)) => problem(e),
                Some(Ok(k)) => html! {
                    <>
                        { messages(&[], &k.notes) }
                        <OutputBlock secret=true id={AttrValue::from("out-enc-secret")} title="Backend Secret: encryption keys (not a complete Secret)" text={AttrValue::from(k.secret_yaml.as_str().to_string())} filename="backend-encryption-keys.yaml" />
                        <OutputBlock id={AttrValue::from("out-enc-values")} title="values.yaml (point the chart at that Secret)" text={AttrValue::from(k.values_yaml.clone())} filename="values-backend-secret.yaml" />
                        <OutputBlock secret=true title="Chart-managed alternative (not for production or GitOps)" text={AttrValue::from(k.chart_managed_yaml.as_str().to_string())} filename="values-chart-managed-key.yaml" />
                    </>
                },
            } }
        </div>
    }
}
