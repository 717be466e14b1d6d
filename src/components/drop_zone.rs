use web_sys::{DragEvent, File};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    pub on_files: Callback<Vec<File>>,
    #[prop_or_default]
    pub children: Html,
}

/// Makes the whole page a drop target: files can be dropped anywhere, not only on a box.
#[component]
pub fn DropZone(props: &DropZoneProps) -> Html {
    let dragging = use_state(|| false);
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Without preventDefault the browser refuses the drop (or opens the file itself).
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // dragleave also fires when moving between children; only leaving the window counts.
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let dragging = dragging.clone();
        let on_files = props.on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(files) = e.data_transfer().and_then(|dt| dt.files()) {
                let files = crate::browser::files::collect(&files);
                if !files.is_empty() {
                    on_files.emit(files);
                }
            }
        })
    };
    html! {
        <div class={classes!("drop-zone", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
            { props.children.clone() }
            <div class="drop-overlay" aria-hidden="true">{ "Drop to inspect — files stay in this tab" }</div>
        </div>
    }
}
