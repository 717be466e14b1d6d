//! Copy and Download buttons; the browser side of both is in [`crate::browser`].

use crate::browser::clipboard::copy_text;
pub use crate::browser::download::download;
use yew::prelude::*;

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
