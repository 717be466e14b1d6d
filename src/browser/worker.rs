//! The page's Web Worker, both ends of it.
//!
//! The worker runs the engine binary (`src/engine.rs`), not the page's UI binary: `www/loader.js`
//! fetches the engine's glue and module (each integrity-checked) while the UI loads, compiles
//! the module once and starts every worker from it. [`start`] is the engine's entry point; it
//! runs [`job::run`] for every pool the page sends and posts progress and reports back. Reports
//! travel packed ([`certlens_core::transport`]): the JSON, and two buffers moved without
//! copying; the page zeroes the private-key buffer as soon as it has read it.
//!
//! [`Analyser`] is the page's end: it starts the worker on first use, replaces it when a new
//! pool arrives while it is still busy (the old answer would be dropped anyway), and, where no
//! worker can be started (no loader, as in component tests), runs the job in the page when
//! this build has the `engine` feature (the UI binary Trunk builds has not: it says so instead).

use std::cell::RefCell;
use std::rc::Rc;

use certlens_core::Progress;
use certlens_core::{transport, Input};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};
use yew::Callback;
use zeroize::Zeroizing;

use crate::job::{self, Job, Password, Pool, Update};
use crate::state::{Action, Shared};

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(o: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(o, &JsValue::from_str(key), &value.into());
}

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

// ---------------------------------------------------------------------------------------------
// Worker side

/// Entry point inside the worker: the engine binary's `main`, run when the loader's worker
/// bootstrap instantiates the module. Not a wasm-bindgen export: only the engine binary reaches
/// it, so the UI binary carries none of the work below.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        work(&post_to, &e.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
}

/// Copy a transferred buffer into WebAssembly memory, then overwrite the JavaScript copy with
/// zeros (the page's copy went away when it was transferred).
pub fn take_bytes(v: JsValue) -> Zeroizing<Vec<u8>> {
    match v.dyn_into::<Uint8Array>() {
        Ok(b) => {
            let bytes = Zeroizing::new(b.to_vec());
            b.fill(0, 0, b.length());
            bytes
        }
        Err(_) => Zeroizing::new(Vec::new()),
    }
}

fn work(scope: &DedicatedWorkerGlobalScope, data: &JsValue) {
    // The Make flow's requests (see `maker.rs`).
    if crate::browser::maker::handle(scope, data) {
        return;
    }
    // A component's one-off call (see `engine_call.rs`).
    if crate::engine_call::handle(scope, data) {
        return;
    }
    let mut job: Job = match get(data, "job")
        .as_string()
        .map(|j| serde_json::from_str(&j))
    {
        Some(Ok(job)) => job,
        _ => return,
    };
    // Not in the JSON: the password comes as its own transferred buffer.
    let password = get(data, "password");
    if !password.is_undefined() {
        job.password = Password::from_utf8(&take_bytes(password));
    }
    // Dropped (and so wiped) when the job is done.
    let inputs = Pool::new(
        Array::from(&get(data, "inputs"))
            .iter()
            .map(|i| {
                let mut bytes = take_bytes(get(&i, "bytes"));
                // Moved out, not copied: the pool owns (and wipes) the only copy.
                let bytes = std::mem::take(&mut *bytes);
                Input::new(get(&i, "name").as_string().unwrap_or_default(), bytes)
            })
            .collect(),
    );
    job::run(&job, &inputs, &mut |u| post(scope, job.generation, u));
}

fn post(scope: &DedicatedWorkerGlobalScope, generation: u64, update: Update) {
    let msg = Object::new();
    set(&msg, "generation", generation as f64);
    match update {
        Update::Progress(p) => {
            set(&msg, "kind", "progress");
            set(
                &msg,
                "progress",
                serde_json::to_string(&p).unwrap_or_default(),
            );
            let _ = scope.post_message(&msg);
        }
        Update::Doctor(d) => {
            set(&msg, "kind", "doctor");
            set(&msg, "json", serde_json::to_string(&d).unwrap_or_default());
            let _ = scope.post_message(&msg);
        }
        Update::Inventory(inv) => {
            set(&msg, "kind", "inventory");
            set(
                &msg,
                "json",
                serde_json::to_string(&inv).unwrap_or_default(),
            );
            let _ = scope.post_message(&msg);
        }
        Update::Report { report, last } => {
            let packed = transport::pack(report);
            let certs = Uint8Array::from(packed.certs.as_slice());
            let keys = Uint8Array::from(packed.keys.as_slice());
            set(&msg, "kind", "report");
            set(&msg, "last", last);
            set(&msg, "json", packed.json);
            set(&msg, "certs", &certs);
            set(&msg, "keys", &keys);
            // Moved, not copied: the worker's copies are gone once posted.
            let transfer = Array::of2(&certs.buffer(), &keys.buffer());
            let _ = scope.post_message_with_transfer(&msg, &transfer);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Page side

#[derive(Default)]
struct Inner {
    worker: Option<Worker>,
    /// The generation the worker is busy with.
    busy: Option<u64>,
    /// Handlers kept alive while the worker lives.
    handlers: Vec<Closure<dyn FnMut(JsValue)>>,
    /// Handlers of a stopped worker. `stop` may run inside one of them (the error handler), so
    /// they are dropped only when the next worker starts.
    retired: Vec<Closure<dyn FnMut(JsValue)>>,
}

/// The page's handle on the worker.
#[derive(Clone)]
pub struct Analyser {
    inner: Rc<RefCell<Inner>>,
    dispatch: Callback<Action>,
}

impl PartialEq for Analyser {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Analyser {
    pub fn new(dispatch: Callback<Action>) -> Self {
        Analyser {
            inner: Rc::default(),
            dispatch,
        }
    }

    /// Analyse `inputs` for `job.generation`; answers arrive as actions.
    pub fn send(&self, job: Job, inputs: Shared<Pool>) {
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if this.inner.borrow().busy.is_some() {
                // Busy with an older pool: its answer would be dropped, so stop it now.
                this.stop();
            }
            let worker = match this.worker().await {
                Ok(Some(w)) => w,
                Ok(None) => return this.inline(job, &inputs).await,
                Err(e) => {
                    this.dispatch.emit(Action::WorkerFailed(
                        job.generation,
                        format!("the worker could not start: {e}"),
                    ));
                    return;
                }
            };
            let msg = Object::new();
            set(&msg, "job", serde_json::to_string(&job).unwrap_or_default());
            let transfer = Array::new();
            if let Some(p) = &job.password {
                // A byte buffer moved to the worker, which wipes it once read: never a JSON
                // string (the page's copy is detached by the transfer).
                let bytes = Uint8Array::from(p.as_str().as_bytes());
                set(&msg, "password", &bytes);
                transfer.push(&bytes.buffer());
            }
            let list = Array::new();
            for i in inputs.iter() {
                let item = Object::new();
                let bytes = Uint8Array::from(i.bytes.as_slice());
                set(&item, "name", i.name.as_str());
                set(&item, "bytes", &bytes);
                transfer.push(&bytes.buffer());
                list.push(&item);
            }
            set(&msg, "inputs", &list);
            this.inner.borrow_mut().busy = Some(job.generation);
            if let Err(e) = worker.post_message_with_transfer(&msg, &transfer) {
                this.inner.borrow_mut().busy = None;
                this.dispatch
                    .emit(Action::WorkerFailed(job.generation, message(&e)));
            }
        });
    }

    /// Stop the worker (a new one starts with the next job).
    pub fn stop(&self) {
        let mut inner = self.inner.borrow_mut();
        if let Some(w) = inner.worker.take() {
            w.terminate();
        }
        inner.busy = None;
        let old = std::mem::take(&mut inner.handlers);
        inner.retired.extend(old);
    }

    /// The running worker, or a new one from the loader's factory; `None` when the page has
    /// no factory (component tests, or a host page that embeds the app without the loader).
    async fn worker(&self) -> Result<Option<Worker>, String> {
        if let Some(w) = self.inner.borrow().worker.clone() {
            return Ok(Some(w));
        }
        let factory = get(&js_sys::global(), "certlensWorker");
        let Some(factory) = factory.dyn_ref::<js_sys::Function>() else {
            return Ok(None);
        };
        let promise = factory.call0(&JsValue::NULL).map_err(|e| message(&e))?;
        let worker = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&promise))
            .await
            .map_err(|e| message(&e))?
            .dyn_into::<Worker>()
            .map_err(|_| "the loader did not return a worker".to_string())?;
        let on_message = {
            let this = self.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| this.receive(&get(&e, "data")))
        };
        let on_error = {
            let this = self.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                let text = get(&e, "message")
                    .as_string()
                    .unwrap_or_else(|| "the worker stopped".into());
                let busy = this.inner.borrow().busy;
                this.stop();
                if let Some(g) = busy {
                    this.dispatch.emit(Action::WorkerFailed(g, text));
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.retired.clear();
        inner.handlers = vec![on_message, on_error];
        inner.worker = Some(worker.clone());
        Ok(Some(worker))
    }

    fn receive(&self, data: &JsValue) {
        let Some(generation) = get(data, "generation").as_f64().map(|g| g as u64) else {
            return;
        };
        match get(data, "kind").as_string().as_deref() {
            Some("progress") => {
                if let Some(Ok(p)) = get(data, "progress")
                    .as_string()
                    .map(|j| serde_json::from_str::<Progress>(&j))
                {
                    self.dispatch.emit(Action::Progress(generation, p));
                }
            }
            Some("doctor") => {
                let json = get(data, "json").as_string().unwrap_or_default();
                match serde_json::from_str::<Option<certlens_core::DoctorReport>>(&json) {
                    Ok(d) => self
                        .dispatch
                        .emit(Action::Doctor(generation, d.map(|d| Shared(Rc::new(d))))),
                    Err(e) => self
                        .dispatch
                        .emit(Action::WorkerFailed(generation, e.to_string())),
                }
            }
            Some("inventory") => {
                let json = get(data, "json").as_string().unwrap_or_default();
                match serde_json::from_str::<Option<certlens_core::Inventory>>(&json) {
                    Ok(i) => self
                        .dispatch
                        .emit(Action::Inventory(generation, i.map(|i| Shared(Rc::new(i))))),
                    Err(e) => self
                        .dispatch
                        .emit(Action::WorkerFailed(generation, e.to_string())),
                }
            }
            Some("report") => {
                let last = get(data, "last").as_bool().unwrap_or(true);
                let json = get(data, "json").as_string().unwrap_or_default();
                let certs = get(data, "certs")
                    .dyn_into::<Uint8Array>()
                    .map(|b| b.to_vec())
                    .unwrap_or_default();
                let keys_js = get(data, "keys").dyn_into::<Uint8Array>().ok();
                let keys =
                    Zeroizing::new(keys_js.as_ref().map(Uint8Array::to_vec).unwrap_or_default());
                // The only JavaScript copy of the decrypted keys: wipe it now.
                if let Some(k) = &keys_js {
                    k.fill(0, 0, k.length());
                }
                if last {
                    self.inner.borrow_mut().busy = None;
                }
                match transport::unpack(&json, &certs, &keys) {
                    Ok(report) => self.dispatch.emit(Action::Analysed {
                        generation,
                        report: Shared(Rc::new(report)),
                        last,
                    }),
                    Err(e) => self
                        .dispatch
                        .emit(Action::WorkerFailed(generation, e.to_string())),
                }
            }
            _ => {}
        }
    }

    /// No worker and no engine in this binary: say so (the UI binary is only ever started by
    /// the loader, which always provides workers).
    #[cfg(not(feature = "engine"))]
    async fn inline(&self, job: Job, _inputs: &[Input]) {
        self.dispatch.emit(Action::WorkerFailed(
            job.generation,
            "no worker to analyse in: start the page through its loader".into(),
        ));
    }

    /// No worker: run in the page, after letting it paint "working".
    #[cfg(feature = "engine")]
    async fn inline(&self, job: Job, inputs: &[Input]) {
        let pause = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(pause).await;
        let generation = job.generation;
        job::run(&job, inputs, &mut |u| match u {
            Update::Progress(p) => self.dispatch.emit(Action::Progress(generation, p)),
            Update::Doctor(d) => self
                .dispatch
                .emit(Action::Doctor(generation, d.map(|d| Shared(Rc::new(*d))))),
            Update::Inventory(i) => self.dispatch.emit(Action::Inventory(
                generation,
                i.map(|i| Shared(Rc::new(*i))),
            )),
            Update::Report { report, last } => self.dispatch.emit(Action::Analysed {
                generation,
                report: Shared(Rc::new(report)),
                last,
            }),
        });
    }
}
