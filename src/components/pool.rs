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

/// Every input with the blocks read from it and, next to it, the errors it caused.
#[component]
pub fn Pool(props: &PoolProps) -> Html {
    let state = &*props.state;
    if state.is_empty() {
        return html! {};
    }
    let report = state.report.clone();
    let dispatch = props.state.dispatcher();
    html! {
        <section class="pool" aria-labelledby="pool-heading">
            <h2 id="pool-heading">{ format!("Inputs ({})", state.inputs.len()) }</h2>
            if !state.file_errors.is_empty() {
                <ul class="errors">
                    for e in state.file_errors.iter() {
                        <li class="error" role="alert">{ e.clone() }</li>
                    }
                </ul>
            }
            <ul class="files">
                for (i, input) in report.inputs.iter().enumerate() {
                    {{
                        let errors: Vec<_> = report.errors.iter().filter(|e| e.source == input.name).collect();
                        let d = dispatch.clone();
                        let remove = Callback::from(move |_: MouseEvent| d.dispatch(Action::Remove(i)));
                        let status = if errors.is_empty() { "ok" } else { "has-errors" };
                        let n = input.blocks.len();
                        html! {
                            <li class={classes!("file", status)} data-file={input.name.clone()}>
                                <div class="file-head">
                                    <span class={classes!("status-dot", status)} aria-hidden="true"></span>
                                    <span class="file-title">
                                        <span class="file-name">{ input.name.clone() }</span>
                                        { " " }
                                        <span class="muted file-meta">{ format!("{} · {n} block{}", bytes(input.size), if n == 1 { "" } else { "s" }) }</span>
                                    </span>
                                    <button type="button" class="link" aria-label={format!("Remove {}", input.name)} onclick={remove}>{ "Remove" }</button>
                                </div>
                                if state.inventory.as_ref().is_some_and(|inv| inv.inputs.contains(&input.name)) {
                                    <p class="muted small-text">{ "A List of Secrets: each Secret is in the certificate inventory." }</p>
                                }
                                if n <= 50 {
                                    <ul class="blocks">
                                        for b in input.blocks.iter() {
                                            <li class="block">
                                                <span class="block-no">{ format!("block {}", b.index) }</span>
                                                <span class="block-label">{ b.label.clone() }</span>
                                                // Path and size share one line: a Secret's blocks stay two lines each on a phone.
                                                <span class="muted block-size">
                                                    if !b.path.is_empty() { { format!("in {} · ", b.path.join(" › ")) } }
                                                    { bytes(b.size) }
                                                </span>
                                            </li>
                                        }
                                    </ul>
                                }
                                if !errors.is_empty() {
                                    <ul class="errors">
                                        for e in errors {
                                            <li class="error" role="alert">{ e.message.clone() }</li>
                                        }
                                    </ul>
                                }
                            </li>
                        }
                    }}
                }
            </ul>
        </section>
    }
}
