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

const workerBoot = `
self.onmessage = (event) => {
  self.onmessage = null;
  initSync({ module: event.data.module });
  certlens_worker_start();
};`;

// The import map (see scripts/sri.mjs) holds the glue's hash, so this import is checked too.
const glue = await import(js);

// The worker runs the same module, started from the same (checked) glue code plus a few
// lines, and gets the module already compiled: no second compile. Its source is fetched only
// now that the page's import has the glue: the server marks the hashed file immutable, so this
// is answered from the browser's cache instead of a second download (started any earlier, it
// would race the preload over the network).
const glueSource = fetch(js, checked(jsIntegrity)).then((r) => {
  if (!r.ok) throw new Error(`${js}: HTTP ${r.status}`);
  return r.text();
});

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
