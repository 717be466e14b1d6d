use std::future::Future;

use yew::prelude::*;

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
