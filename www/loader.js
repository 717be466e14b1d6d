// Starts certlens. Trunk writes the hashed file names into this script tag's data attributes
// (Trunk.toml pattern_script) and scripts/sri.mjs adds their SRI hashes; an inline loader would
// violate the page's CSP. Every byte of code that runs, here or in the worker, is checked
// against those hashes by the browser before it runs.
const tag = document.getElementById('certlens-loader');
const { js, wasm, jsIntegrity, wasmIntegrity } = tag.dataset;

// Fail closed: without every hash, code could run unchecked, so the page does not start. The
// loader's own tag, the glue code (fetched here and imported through the import map) and the
// wasm module must each carry one.
const SRI = /^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$/;
function importMapIntegrity() {
  try {
    const map = document.querySelector('script[type="importmap"]');
    return map ? JSON.parse(map.textContent).integrity?.[js] : undefined;
  } catch {
    return undefined;
  }
}
for (const [what, value] of [
  ['the loader script tag', tag.integrity],
  ['data-js-integrity', jsIntegrity],
  ['data-wasm-integrity', wasmIntegrity],
]) {
  if (!SRI.test(value || '')) {
    throw new Error(`certlens: integrity value missing for ${what}; refusing to start (see SECURITY.md)`);
  }
}
if (importMapIntegrity() !== jsIntegrity) {
  throw new Error('certlens: the import map does not carry the glue code\'s integrity value; refusing to start');
}
const checked = (integrity) => ({ integrity });

// The glue code is fetched once, with its integrity value, and both the page and the worker
// run exactly those checked bytes from memory (blob: URLs). Importing it by URL instead would
// rely on the import map's `integrity`, which a browser without support ignores while still
// running the import: tampered glue would run. fetch() with `integrity` is checked everywhere.
// The import map stays as a second guard, and as the fail-closed check above. The worker gets
// the wasm module already compiled: no second download, no second compile.
const glueSource = fetch(js, checked(jsIntegrity)).then((r) => {
  if (!r.ok) throw new Error(`${js}: HTTP ${r.status}`);
  return r.text();
});
const workerBoot = `
self.onmessage = (event) => {
  self.onmessage = null;
  initSync({ module: event.data.module });
  certlens_worker_start();
};`;

// A glue whose bytes do not match jsIntegrity rejects the fetch: the page does not start.
// script-src admits blob: for this (index.html): only script already running in the page can
// mint a blob: URL, so it admits no code the checked scripts did not make.
const glue = await (async () => {
  const url = URL.createObjectURL(new Blob([await glueSource], { type: 'text/javascript' }));
  try {
    return await import(url);
  } finally {
    URL.revokeObjectURL(url);
  }
})();

// Compiled once here; the page and its worker both instantiate this module.
const response = fetch(new Request(wasm, checked(wasmIntegrity)));
let module;
try {
  module = await WebAssembly.compileStreaming(response);
} catch (e) {
  // A server that sends .wasm with the wrong Content-Type: compile from the bytes instead.
  if (!(e instanceof TypeError)) throw e;
  module = await WebAssembly.compile(await (await response).arrayBuffer());
}

globalThis.certlensWorker = async () => {
  const source = (await glueSource) + workerBoot;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module', name: 'certlens-worker' });
  worker.postMessage({ module });
  // The worker has its script once it answers; the URL is not needed after that.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return worker;
};

await glue.default({ module_or_path: module });
