//! The encryption-key tab: a new backend key, the rotation from the current one, or the
//! GitOps-safe rotation from the existing backend Secret (pasted or dropped): every
//! `encryption-key-N` it holds plus N+1, all from `certlens_core::output`.

use web_sys::{DragEvent, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;
use zeroize::Zeroizing;

use super::{messages, problem, OutputBlock};
use crate::browser::random::random_key;
use crate::engine_call::{encryption_key, EncryptionAnswer, EncryptionSecrets, KeyCheck};
use crate::hooks::use_engine;

#[derive(Properties, PartialEq)]
pub(crate) struct EncProps {
    pub secret_default: AttrValue,
    pub namespace: AttrValue,
    /// A checklist fix asked for a new key (its request id): one is generated, once per id.
    #[prop_or_default]
    pub generate_for: Option<u64>,
}

/// The tab's fields as the engine is asked about them (key material: wiped when dropped).
#[derive(Clone, PartialEq)]
struct EncAsk {
    existing: Zeroizing<String>,
    new: Zeroizing<String>,
    old: Zeroizing<String>,
    secret_name: String,
    namespace: Option<String>,
}

async fn ask_engine(a: EncAsk) -> Result<EncryptionAnswer, String> {
    let secrets = EncryptionSecrets {
        existing: a.existing.to_string(),
        new: a.new.to_string(),
        old: a.old.to_string(),
    };
    let answer = encryption_key(&secrets, a.secret_name, a.namespace).await;
    // The JSON copy of the keys is wiped here; the buffer it travelled in by engine_call.
    let EncryptionSecrets { existing, new, old } = secrets;
    drop((Zeroizing::new(existing), Zeroizing::new(new), Zeroizing::new(old)));
    answer
}

#[component]
pub(crate) fn EncryptionKeyTab(props: &EncProps) -> Html {
    let old = use_state(String::new);
    // The existing backend Secret (or values file), pasted or dropped: it holds keys.
    let existing = use_state(|| Zeroizing::new(String::new()));
    let on_existing = {
        let existing = existing.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                existing.set(Zeroizing::new(t.value()));
            }
        })
    };
    let on_drop_existing = {
        let existing = existing.clone();
        Callback::from(move |e: DragEvent| {
            // The file is the existing Secret, not an input for the pool.
            e.prevent_default();
            e.stop_propagation();
            let Some(file) = e
                .data_transfer()
                .and_then(|dt| dt.files())
                .and_then(|l| l.item(0))
            else {
                return;
            };
            let existing = existing.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(input) = crate::browser::files::read_file(&file).await {
                    existing.set(Zeroizing::new(
                        String::from_utf8_lossy(&input.bytes).into_owned(),
                    ));
                }
            });
        })
    };
    let on_dragover = Callback::from(|e: DragEvent| {
        e.prevent_default();
        e.stop_propagation();
    });
    let new = use_state(String::new);
    let secret = use_state(|| props.secret_default.to_string());
    // The keys are secrets: masked like passwords (and their corrected forms blurred) until
    // "Show the keys", for someone sharing their screen.
    let shown = use_state(|| false);
    let toggle_shown = {
        let shown = shown.clone();
        Callback::from(move |_: Event| shown.set(!*shown))
    };
    {
        let new = new.clone();
        use_effect_with(props.generate_for, move |id| {
            if id.is_some() {
                if let Ok(k) = random_key() {
                    new.set(k);
                }
            }
        });
    }
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
    // The checks of each field and the keys' Secret are the engine's (engine_call): they take
    // the YAML reader and writer and the key checks, code the UI binary does not carry. Only the
    // answer for exactly the fields on screen is shown (nothing while it is on its way).
    let from_secret = !existing.trim().is_empty();
    let ask = (!new.trim().is_empty() || !old.trim().is_empty() || from_secret).then(|| EncAsk {
        existing: (*existing).clone(),
        new: Zeroizing::new(new.to_string()),
        old: Zeroizing::new(old.to_string()),
        // From the existing Secret, an empty name means the Secret's own (the field's default
        // is only a proposal then).
        secret_name: if from_secret && *secret == props.secret_default.as_str() {
            String::new()
        } else {
            secret.trim().to_string()
        },
        namespace: (!props.namespace.is_empty()).then(|| props.namespace.to_string()),
    });
    let answer = use_engine(ask, ask_engine);
    let (new_check, old_check, result) = match answer {
        Some(Ok(a)) => (a.new_check, a.old_check, a.keys),
        Some(Err(e)) => (None, None, Some(Err(e))),
        None => (None, None, None),
    };
    let check = |c: &Option<KeyCheck>| -> Html {
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
    // The field checks decide whether the keys' own error would only repeat them.
    let fields_ok = new_check.as_ref().is_some_and(|c| c.ok)
        && (from_secret || old_check.as_ref().is_none_or(|c| c.ok));
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
            <label for="enc-existing" class="wide">{ "Or rotate from the existing backend Secret (kubectl get secret NAME -o yaml) or values file: paste or drop it here. Every encryption-key-N is written again, old ones to decrypt, with the new key as N+1." }
                <textarea id="enc-existing" class={classes!("mono", (!*shown).then_some("concealed"))} rows="6" spellcheck="false" autocomplete="off" value={existing.as_str().to_string()} oninput={on_existing} ondrop={on_drop_existing} ondragover={on_dragover} />
            </label>
            { match result {
                None => html! {},
                // A field's own check already says what is wrong with it.
                Some(Err(_)) if !fields_ok => html! {},
                Some(Err(e)) => problem(e),
                Some(Ok(k)) => {
                    let (notes, secret_yaml, values_yaml, chart_managed_yaml) =
                        (&k.notes, &k.secret_yaml, &k.values_yaml, &k.chart_managed_yaml);
                    html! {
                    <>
                        { messages(&[], notes) }
                        <OutputBlock secret=true id={AttrValue::from("out-enc-secret")} title="Backend Secret: encryption keys (not a complete Secret)" text={AttrValue::from(secret_yaml.as_str().to_string())} filename={certlens_core::output::OutputKind::EncryptionKey.spec().file_name} />
                        <OutputBlock id={AttrValue::from("out-enc-values")} title="values.yaml (point the chart at that Secret)" text={AttrValue::from(values_yaml.clone())} filename={certlens_core::output::downloads::BACKEND_SECRET_VALUES} />
                        <OutputBlock secret=true title="Chart-managed alternative (not for production or GitOps)" text={AttrValue::from(chart_managed_yaml.as_str().to_string())} filename={certlens_core::output::downloads::CHART_MANAGED_KEY_VALUES} />
                    </>
                    }
                }
            } }
        </div>
    }
}
