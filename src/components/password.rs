use certlens_core::{ErrorKind, Report};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Shared;

#[derive(Properties, PartialEq)]
pub struct PasswordProps {
    pub report: Shared<Report>,
    pub has_password: bool,
    pub on_password: Callback<String>,
}

/// Appears when an encrypted key or a PKCS#12 file needs a password, or the one given was wrong.
/// The password stays in this tab's memory only and is dropped by "Clear all".
#[component]
pub fn PasswordPrompt(props: &PasswordProps) -> Html {
    let input = use_node_ref();
    let r = &props.report;
    // Items the password given did not open, each named by its file and block.
    let refused: Vec<&str> = r
        .errors
        .iter()
        .filter(|e| e.kind == ErrorKind::WrongPassword)
        .map(|e| e.message.as_str())
        .collect();
    let wrong = !refused.is_empty();
    if r.password_needed.is_empty() && !wrong {
        return html! {};
    }
    let submit = {
        let input = input.clone();
        let cb = props.on_password.clone();
        move || {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                cb.emit(el.value());
                el.set_value("");
            }
        }
    };
    let onsubmit = {
        let submit = submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submit();
        })
    };
    html! {
        <section id="password" class="password" aria-labelledby="password-heading">
            <h2 id="password-heading">{ "Password needed" }</h2>
            <ul>
                for l in r.password_needed.iter() {
                    <li>{ format!("{} — {}", l.location, l.what) }</li>
                }
            </ul>
            if wrong && props.has_password {
                <div class="note error" role="alert">
                    <p>{ "That password did not open:" }</p>
                    <ul>
                        for m in refused.iter() { <li>{ *m }</li> }
                    </ul>
                    <p>{ "Try again." }</p>
                </div>
            }
            <form class="input-row" {onsubmit}>
                <label for="password-input" class="visually-hidden">{ "Password" }</label>
                <input id="password-input" ref={input} type="password" autocomplete="off" placeholder="Password" />
                <button type="submit">{ "Unlock" }</button>
            </form>
            <p class="hint">{ "Used only in this tab to decrypt; never stored or sent." }</p>
        </section>
    }
}
