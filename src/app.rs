use web_sys::File;
use yew::prelude::*;

use crate::components::{DropZone, InputPanel, Pool};
use crate::files::read_files;
use crate::state::{Action, State};

#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    let on_files = {
        let d = state.dispatcher();
        Callback::from(move |list: Vec<File>| {
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let (inputs, errors) = read_files(list).await;
                d.dispatch(Action::AddFiles(inputs));
                d.dispatch(Action::FileErrors(errors));
            });
        })
    };
    let on_paste = {
        let d = state.dispatcher();
        Callback::from(move |text: String| d.dispatch(Action::Paste(text)))
    };
    html! {
        <DropZone on_files={on_files.clone()}>
            <header class="top">
                <h1>{ "certlens" }</h1>
                <p class="privacy">
                    { "Runs entirely in this tab. Nothing you drop or paste is uploaded, stored or sent anywhere — the page's Content-Security-Policy forbids it." }
                </p>
            </header>
            <main>
                <InputPanel {on_files} {on_paste} />
                <Pool state={state.clone()} />
            </main>
        </DropZone>
    }
}
