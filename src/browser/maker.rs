//! The "Make" flow's Web Worker, both ends: the page sends a [`MakeRequest`] and "now"; the
//! worker draws the seed from its own `crypto.getRandomValues`, runs [`make_job::run`] (RSA
//! primes take seconds: the page never blocks), posts progress after each key, then the view
//! as JSON in a transferred buffer that the page wipes once read. A worker of its own, so that
//! making certificates and analysing the pool never stop each other.

use std::cell::RefCell;
use std::rc::Rc;

use certlens_core::make::Seed;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, Worker};
use yew::Callback;
use zeroize::Zeroizing;

use crate::make_job::{self, MadeView, MakeRequest};

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(o: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(o, &JsValue::from_str(key), &value.into());
}

/// 32 bytes from `globalThis.crypto.getRandomValues` (the window's or the worker's).
pub fn seed() -> Result<Seed, String> {
    let crypto = get(&js_sys::global(), "crypto");
    let f = get(&crypto, "getRandomValues")
        .dyn_into::<js_sys::Function>()
        .map_err(|_| "this browser has no crypto.getRandomValues".to_string())?;
    let buf = Uint8Array::new_with_length(32);
    f.call1(&crypto, &buf)
        .map_err(|_| "crypto.getRandomValues failed".to_string())?;
    let mut out = [0u8; 32];
    buf.copy_to(&mut out);
    buf.fill(0, 0, 32);
    Ok(Seed(out))
}

/// What the page hears back.
#[derive(Debug, Clone, PartialEq)]
pub enum MakeUpdate {
    Progress(usize, usize),
    Done(Result<MadeView, String>),
}

fn run_here(
    req: &MakeRequest,
    now: i64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, String> {
    let seed = seed()?;
    // The bundle's encryption key: 32 bytes of their own, not derived from the keys' seed.
    let mut key = self::seed()?.0;
    let r = make_job::run_with(req, &seed, Some(key), now, progress).map_err(|e| e.to_string());
    zeroize::Zeroize::zeroize(&mut key);
    r
}

/// Worker side: handles `{ make: JSON, now }` messages (called from the worker's message
/// handler); `false` when the message is not one.
pub fn handle(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> bool {
    let Some(json) = get(data, "make").as_string().map(Zeroizing::new) else {
        return false;
    };
    let now = get(data, "now").as_f64().unwrap_or(0.0) as i64;
    let result = match serde_json::from_str::<MakeRequest>(&json) {
        Ok(req) => run_here(&req, now, &mut |done, total| {
            let msg = Object::new();
            set(&msg, "kind", "make-progress");
            set(&msg, "done", done as f64);
            set(&msg, "total", total as f64);
            let _ = scope.post_message(&msg);
        }),
        Err(e) => Err(format!("bad request: {e}")),
    };
    let msg = Object::new();
    set(&msg, "kind", "made");
    match result {
        Ok(view) => {
            let text = Zeroizing::new(serde_json::to_string(&view).unwrap_or_default());
            let bytes = Uint8Array::from(text.as_bytes());
            set(&msg, "view", &bytes);
            let transfer = js_sys::Array::of1(&bytes.buffer());
            let _ = scope.post_message_with_transfer(&msg, &transfer);
        }
        Err(e) => {
            set(&msg, "error", e);
            let _ = scope.post_message(&msg);
        }
    }
    true
}

/// The running worker and the handlers kept alive with it.
type Running = Option<(Worker, Vec<Closure<dyn FnMut(JsValue)>>)>;

/// Page side: one worker for making, started on first use.
#[derive(Clone, Default)]
pub struct Maker {
    worker: Rc<RefCell<Running>>,
}

impl PartialEq for Maker {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.worker, &other.worker)
    }
}

impl Maker {
    /// Runs `req`; updates arrive through `on_update`.
    pub fn send(&self, req: MakeRequest, now: i64, on_update: Callback<MakeUpdate>) {
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // A request while one runs: stop the old one (its form was replaced).
            if let Some((w, _)) = this.worker.borrow_mut().take() {
                w.terminate();
            }
            let factory = get(&js_sys::global(), "certlensWorker");
            let Some(factory) = factory.dyn_ref::<js_sys::Function>() else {
                // The UI binary has no engine to fall back on (the loader always provides
                // workers).
                #[cfg(not(feature = "engine"))]
                on_update.emit(MakeUpdate::Done(Err(
                    "no worker to make certificates in: start the page through its loader".into(),
                )));
                // No worker (component tests): run here after letting the page paint.
                #[cfg(feature = "engine")]
                {
                    let pause = js_sys::Promise::new(&mut |resolve, _| {
                        if let Some(w) = web_sys::window() {
                            let _ = w
                                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
                        }
                    });
                    let _ = wasm_bindgen_futures::JsFuture::from(pause).await;
                    let r = run_here(&req, now, &mut |d, t| {
                        on_update.emit(MakeUpdate::Progress(d, t))
                    });
                    on_update.emit(MakeUpdate::Done(r));
                }
                return;
            };
            let worker = match factory.call0(&JsValue::NULL) {
                Ok(p) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&p))
                    .await
                    .ok()
                    .and_then(|w| w.dyn_into::<Worker>().ok()),
                Err(_) => None,
            };
            let Some(worker) = worker else {
                on_update.emit(MakeUpdate::Done(Err("the worker could not start".into())));
                return;
            };
            let on_message = {
                let on_update = on_update.clone();
                Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                    let data = get(&e, "data");
                    match get(&data, "kind").as_string().as_deref() {
                        Some("make-progress") => on_update.emit(MakeUpdate::Progress(
                            get(&data, "done").as_f64().unwrap_or(0.0) as usize,
                            get(&data, "total").as_f64().unwrap_or(0.0) as usize,
                        )),
                        Some("made") => {
                            let r = match get(&data, "view").dyn_into::<Uint8Array>() {
                                Ok(b) => {
                                    let text = Zeroizing::new(b.to_vec());
                                    b.fill(0, 0, b.length());
                                    serde_json::from_slice::<MadeView>(&text)
                                        .map_err(|e| e.to_string())
                                }
                                Err(_) => Err(get(&data, "error")
                                    .as_string()
                                    .unwrap_or_else(|| "the worker failed".into())),
                            };
                            on_update.emit(MakeUpdate::Done(r));
                        }
                        _ => {}
                    }
                })
            };
            let on_error = {
                let on_update = on_update.clone();
                Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                    let text = get(&e, "message")
                        .as_string()
                        .unwrap_or_else(|| "the worker stopped".into());
                    on_update.emit(MakeUpdate::Done(Err(text)));
                })
            };
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            let msg = Object::new();
            // A renewal's request holds its private key: wipe our copy of the text once sent.
            let json = Zeroizing::new(serde_json::to_string(&req).unwrap_or_default());
            set(&msg, "make", json.as_str());
            set(&msg, "now", now as f64);
            let _ = worker.post_message(&msg);
            *this.worker.borrow_mut() = Some((worker, vec![on_message, on_error]));
        });
    }
}
