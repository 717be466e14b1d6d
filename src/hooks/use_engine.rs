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

/// The engine's answer to exactly `ask` (engine_call), asked of a worker whenever `ask` changes:
/// `None` while there is nothing to ask or the answer for the current `ask` is not back yet, so
/// that a panel never shows the text of other choices than those on screen. An older answer
/// that arrives after a newer question was asked is dropped.
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
                let pending = run(ask.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    // Asking packs the report and takes a worker: done after the frame that
                    // shows what changed (a dropped bundle's certificates), not before it.
                    after_paint().await;
                    let r = pending.await;
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
