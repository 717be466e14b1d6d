use std::future::Future;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Resolves once the next frame has been painted (an animation frame, then a task).
async fn after_paint() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let w = window.clone();
        let frame = Closure::once_into_js(move || {
            let _ = w.set_timeout_with_callback(resolve.unchecked_ref());
        });
        if window
            .request_animation_frame(frame.unchecked_ref())
            .is_err()
        {
            let _ = window.set_timeout_with_callback(frame.unchecked_ref());
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// How long typing must pause before a typed choice asks the engine. Each question packs
/// nothing new (the report is packed once and kept) but takes a worker's round trip; asking at
/// every keystroke queued one per letter, each answer dropped unread as the next letter came.
/// 150 ms is under the pause between words and over the gap between keystrokes of a person
/// typing (or pasting), so a name typed in one go asks once.
const TYPING_PAUSE_MS: i32 = 150;

/// Resolves after `ms` milliseconds.
async fn pause(ms: i32) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if window
            .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms)
            .is_err()
        {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Whether the change being answered was typed: the focus is in a text field (a text or
/// password input, a text area). A tab switch, a checkbox, a select or a button leaves the
/// focus on that control, so those ask at once.
fn typing() -> bool {
    let Some(active) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
    else {
        return false;
    };
    if active.is_instance_of::<web_sys::HtmlTextAreaElement>() {
        return true;
    }
    active
        .dyn_ref::<web_sys::HtmlInputElement>()
        .is_some_and(|i| {
            matches!(
                i.type_().as_str(),
                "" | "text" | "password" | "search" | "url" | "email"
            )
        })
}

/// The engine's answer to exactly `ask` (engine_call), asked of a worker whenever `ask` changes:
/// `None` while there is nothing to ask or the answer for the current `ask` is not back yet, so
/// that a panel never shows the text of other choices than those on screen. An older answer
/// that arrives after a newer question was asked is dropped. A typed change asks once typing
/// pauses ([`TYPING_PAUSE_MS`]); any other change asks after the next paint.
#[hook]
pub fn use_engine<K, T, F, Fut>(ask: Option<K>, run: F) -> Option<Result<T, String>>
where
    K: Clone + PartialEq + 'static,
    T: Clone + 'static,
    F: Fn(K) -> Fut + 'static,
    Fut: Future<Output = Result<T, String>> + 'static,
{
    let answered = use_state(|| None::<(K, Result<T, String>)>);
    let latest = use_mut_ref(|| None::<K>);
    {
        let answered = answered.clone();
        let latest = latest.clone();
        use_effect_with(ask.clone(), move |ask| {
            latest.replace(ask.clone());
            if let Some(ask) = ask.clone() {
                let typed = typing();
                wasm_bindgen_futures::spawn_local(async move {
                    if typed {
                        pause(TYPING_PAUSE_MS).await;
                        // Another letter came meanwhile: its own question follows.
                        if latest.borrow().as_ref() != Some(&ask) {
                            return;
                        }
                    } else {
                        // Asking takes a worker: done after the frame that shows what changed
                        // (a dropped bundle's certificates), not before it.
                        after_paint().await;
                    }
                    let r = run(ask.clone()).await;
                    if latest.borrow().as_ref() == Some(&ask) {
                        answered.set(Some((ask, r)));
                    }
                });
            }
        });
    }
    match (&*answered, &ask) {
        (Some((asked, r)), Some(ask)) if asked == ask => Some(r.clone()),
        _ => None,
    }
}
