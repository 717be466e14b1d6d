//! The engine binary: what runs in the page's Web Workers (`www/loader.js` starts each worker
//! from this binary's integrity-checked glue and its module, compiled once in the page).
//! wasm-bindgen runs `main` as soon as the module is instantiated; it installs the worker's
//! message handler. It renders nothing, so no Yew code is linked in.
fn main() {
    certlens_web::browser::worker::start();
}
