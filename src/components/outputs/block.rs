//! One output: its text, with Copy, Download and (for key material) Show/Hide.

use yew::prelude::*;

use crate::components::actions::{CopyButton, DownloadButton};

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
