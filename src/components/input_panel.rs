use web_sys::{File, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InputPanelProps {
    pub on_files: Callback<Vec<File>>,
    pub on_paste: Callback<String>,
}

/// The file picker and the paste box.
#[component]
pub fn InputPanel(props: &InputPanelProps) -> Html {
    let text = use_node_ref();
    let onchange = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            if let Some(files) = input.files() {
                let files = crate::browser::files::collect(&files);
                if !files.is_empty() {
                    on_files.emit(files);
                }
            }
            // Allow picking the same file again after removing it.
            input.set_value("");
        })
    };
    let onclick = {
        let text = text.clone();
        let on_paste = props.on_paste.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = text.cast::<HtmlTextAreaElement>() {
                let value = area.value();
                if !value.trim().is_empty() {
                    on_paste.emit(value);
                    area.set_value("");
                }
            }
        })
    };
    html! {
        <section class="input-panel" aria-labelledby="input-heading">
            <h2 id="input-heading">{ "Add certificates and keys" }</h2>
            <p class="hint">
                { "Drop files anywhere on this page, pick them, or paste: PEM, DER, Base64 from a values.yaml, or a Kubernetes Secret." }
            </p>
            <div class="input-row">
                <label class="button" for="file-picker">{ "Choose files…" }</label>
                <input id="file-picker" class="visually-hidden" type="file" multiple=true {onchange} />
            </div>
            <label for="paste-box" class="field-label">{ "Paste" }</label>
            <textarea id="paste-box" ref={text} rows="6" spellcheck="false" autocomplete="off"
                placeholder="-----BEGIN CERTIFICATE-----" />
            <div class="input-row">
                <button type="button" {onclick}>{ "Read pasted text" }</button>
            </div>
        </section>
    }
}
