//! Copy and Download buttons. Downloads are made in the page from a Blob: nothing is fetched.

use wasm_bindgen::JsCast;
use yew::prelude::*;

fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
    Ok(())
}

/// Offer `bytes` as a file download named `name`.
pub fn download(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &props)
        .map_err(|_| "blob")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "object url")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "anchor")?
        .dyn_into()
        .map_err(|_| "anchor")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoke after the click has been handled, so the download keeps its data.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000);
    Ok(())
}

#[derive(Properties, PartialEq)]
pub struct CopyProps {
    pub text: AttrValue,
    #[prop_or(AttrValue::Static("Copy"))]
    pub label: AttrValue,
    /// What is copied, for screen readers ("Copy SPKI pin").
    #[prop_or_default]
    pub what: AttrValue,
}

#[component]
pub fn CopyButton(props: &CopyProps) -> Html {
    let done = use_state(|| false);
    let onclick = {
        let text = props.text.clone();
        let done = done.clone();
        Callback::from(move |_: MouseEvent| {
            if copy_text(&text).is_ok() {
                done.set(true);
            }
        })
    };
    let label = if *done {
        "Copied".to_string()
    } else {
        props.label.to_string()
    };
    let aria = if props.what.is_empty() {
        props.label.to_string()
    } else {
        format!("{} {}", props.label, props.what)
    };
    html! { <button type="button" class="small secondary copy" aria-label={aria} {onclick}>{ label }</button> }
}

#[derive(Properties, PartialEq)]
pub struct DownloadProps {
    pub name: AttrValue,
    pub text: AttrValue,
    #[prop_or(AttrValue::Static("text/plain"))]
    pub mime: AttrValue,
    #[prop_or_default]
    pub label: Option<AttrValue>,
}

#[component]
pub fn DownloadButton(props: &DownloadProps) -> Html {
    let onclick = {
        let (name, text, mime) = (props.name.clone(), props.text.clone(), props.mime.clone());
        Callback::from(move |_: MouseEvent| {
            let _ = download(&name, text.as_bytes(), &mime);
        })
    };
    let label = props
        .label
        .clone()
        .map(|l| l.to_string())
        .unwrap_or_else(|| format!("Download {}", props.name));
    html! { <button type="button" class="small secondary download" {onclick}>{ label }</button> }
}

/// A block of output text with Copy and Download.
#[derive(Properties, PartialEq)]
pub struct OutputProps {
    pub title: AttrValue,
    pub text: AttrValue,
    pub filename: AttrValue,
    #[prop_or_default]
    pub note: Option<AttrValue>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// The text holds private key material: blurred until "Show" (someone may be sharing
    /// their screen); Copy and Download work either way.
    #[prop_or_default]
    pub secret: bool,
}

#[component]
pub fn OutputBlock(props: &OutputProps) -> Html {
    let shown = use_state(|| false);
    let concealed = props.secret && !*shown;
    let toggle = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(!*shown))
    };
    html! {
        <div class="output" id={props.id.clone()}>
            <div class="output-head">
                <h4>{ props.title.clone() }</h4>
                <div class="buttons">
                    if props.secret {
                        <button type="button" class="small secondary reveal" aria-pressed={(!concealed).to_string()} onclick={toggle}>
                            { if concealed { "Show" } else { "Hide" } }
                        </button>
                    }
                    <CopyButton text={props.text.clone()} what={props.title.clone()} />
                    <DownloadButton name={props.filename.clone()} text={props.text.clone()} label={AttrValue::from("Download")} />
                </div>
            </div>
            if let Some(n) = &props.note {
                <p class="hint">{ n.clone() }</p>
            }
            if concealed {
                <p class="hint concealed-note">{ "Holds secret key material: blurred until you press Show (Copy and Download work as they are)." }</p>
            }
            <pre class={classes!("output-text", concealed.then_some("concealed"))} tabindex="0">{ props.text.clone() }</pre>
        </div>
    }
}
