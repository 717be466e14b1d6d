use yew::prelude::*;

use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct PoolProps {
    pub state: UseReducerHandle<State>,
}

fn bytes(n: usize) -> String {
    if n < 10_000 {
        format!("{n} bytes")
    } else if n < 10_000_000 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MB", n as f64 / 1_048_576.0)
    }
}

/// Every input with the blocks read from it and the errors it caused.
#[component]
pub fn Pool(props: &PoolProps) -> Html {
    let state = &*props.state;
    let dispatch = {
        let d = props.state.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };
    if state.inputs.is_empty() && state.file_errors.is_empty() {
        return html! {};
    }
    let clear = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Clear))
    };
    html! {
        <section class="pool" aria-labelledby="pool-heading">
            <div class="section-head">
                <h2 id="pool-heading">{ "Inputs" }</h2>
                <button type="button" class="secondary" onclick={clear}>{ "Clear all" }</button>
            </div>
            if !state.file_errors.is_empty() {
                <ul class="errors">
                    for e in state.file_errors.iter() {
                        <li class="error">{ e.clone() }</li>
                    }
                </ul>
            }
            <ul class="files">
                for (i, input) in state.inputs.iter().enumerate() {
                    { file_item(i, input, state, &dispatch) }
                }
            </ul>
        </section>
    }
}

fn file_item(i: usize, input: &certlens_core::Input, state: &State, dispatch: &Callback<Action>) -> Html {
    let blocks: Vec<_> = state.blocks.blocks.iter().filter(|b| b.source == input.name).collect();
    let errors: Vec<_> = state.blocks.errors.iter().filter(|e| e.source == input.name).collect();
    let remove = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Remove(i)))
    };
    let status = if errors.is_empty() { "ok" } else { "has-errors" };
    html! {
        <li class={classes!("file", status)} data-file={input.name.clone()}>
            <div class="file-head">
                <span class="file-name">{ &input.name }</span>
                <span class="muted">{ format!("{} · {} block{}", bytes(input.bytes.len()), blocks.len(), if blocks.len() == 1 { "" } else { "s" }) }</span>
                <button type="button" class="link" aria-label={format!("Remove {}", input.name)} onclick={remove}>{ "Remove" }</button>
            </div>
            <ul class="blocks">
                for b in blocks {
                    <li class="block">
                        <span class="block-no">{ format!("#{}", b.index) }</span>
                        <span class="block-label">{ &b.label }</span>
                        if !b.path.is_empty() {
                            <span class="muted">{ format!("in {}", b.path.join(" › ")) }</span>
                        }
                        <span class="muted block-size">{ bytes(b.der.len()) }</span>
                    </li>
                }
            </ul>
            if !errors.is_empty() {
                <ul class="errors">
                    for e in errors {
                        <li class="error" role="alert">{ e.to_string() }</li>
                    }
                </ul>
            }
        </li>
    }
}
