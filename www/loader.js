// Starts certlens. Trunk writes the UI's hashed file names into this script tag's data
// attributes (Trunk.toml pattern_script) and scripts/sri.mjs adds the engine's names and every
// SRI hash; an inline loader would violate the page's CSP. Every byte of code that runs, here
// or in the workers, is checked against those hashes by the browser before it runs.
//
// Two WebAssembly modules (Cargo.toml): the UI (data-js, data-wasm), which is all the first
// render needs, and the engine (data-engine-js, data-engine-wasm), which does the analysis in
// Web Workers. The engine is fetched and compiled while the UI loads, and one worker is started
// from it straight away, so it is ready by the time a user can drop a file.
const tag = document.getElementById('certlens-loader');
const {
  js, wasm, jsIntegrity, wasmIntegrity,
  engineJs, engineWasm, engineJsIntegrity, engineWasmIntegrity,
} = tag.dataset;

// Fail closed: without every hash, code could run unchecked, so the page does not start. The
// loader's own tag, both glue codes (fetched here; the UI's is also named in the import map)
// and both wasm modules must each carry one.
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
  ['data-engine-js-integrity', engineJsIntegrity],
  ['data-engine-wasm-integrity', engineWasmIntegrity],
]) {
  if (!SRI.test(value || '')) {
    throw new Error(`certlens: integrity value missing for ${what}; refusing to start (see SECURITY.md)`);
  }
}
if (!engineJs || !engineWasm) {
  throw new Error('certlens: the engine module is not named (data-engine-js, data-engine-wasm); refusing to start');
}
if (importMapIntegrity() !== jsIntegrity) {
  throw new Error('certlens: the import map does not carry the glue code\'s integrity value; refusing to start');
}
const checked = (integrity) => ({ integrity });

// A glue code is fetched once, with its integrity value, and run from memory (blob: URLs).
// Importing it by URL instead would rely on the import map's `integrity`, which a browser
// without support ignores while still running the import: tampered glue would run. fetch() with
// `integrity` is checked everywhere. Bytes that do not match reject the fetch.
const text = (url, integrity) => fetch(url, checked(integrity)).then((r) => {
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.text();
});
async function compile(url, integrity) {
  const response = fetch(new Request(url, checked(integrity)));
  try {
    return await WebAssembly.compileStreaming(response);
  } catch (e) {
    // A server that sends .wasm with the wrong Content-Type: compile from the bytes instead.
    if (!(e instanceof TypeError)) throw e;
    return WebAssembly.compile(await (await response).arrayBuffer());
  }
}

// The engine's download starts first, beside the UI's rather than after it, at low priority so
// that on a slow link the UI's bytes go first. It is compiled once the UI has started (below):
// compiling it then does not compete with the UI's own compile and first render for the
// processor. Nothing here is awaited before the UI starts.
const low = (integrity) => ({ integrity, priority: 'low' });
const engineSource = fetch(engineJs, low(engineJsIntegrity)).then((r) => {
  if (!r.ok) throw new Error(`${engineJs}: HTTP ${r.status}`);
  return r.text();
});
const engineBytes = fetch(engineWasm, low(engineWasmIntegrity)).then((r) => {
  if (!r.ok) throw new Error(`${engineWasm}: HTTP ${r.status}`);
  return r.arrayBuffer();
});
let uiStarted;
const engineModule = new Promise((ok) => { uiStarted = ok; })
  .then(() => engineBytes)
  .then((bytes) => WebAssembly.compile(bytes));
const glueSource = text(js, jsIntegrity);

// Each worker runs the engine's checked glue from memory and gets the engine module already
// compiled: no second download, no second compile. The engine binary's `main` installs the
// worker's message handler (src/engine.rs) when initSync instantiates the module. script-src
// and worker-src admit blob: for this (index.html): only script already running in the page
// can mint a blob: URL, so they admit no code the checked scripts did not make.
const workerBoot = `
self.onmessage = (event) => {
  self.onmessage = null;
  initSync({ module: event.data.module });
};`;
async function startWorker() {
  const [source, module] = await Promise.all([engineSource, engineModule]);
  const url = URL.createObjectURL(new Blob([source + workerBoot], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module', name: 'certlens-worker' });
  worker.postMessage({ module });
  // The worker has its script once it answers; the URL is not needed after that.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return worker;
}
// One worker started ahead, handed to the first caller (the first drop); later callers (a
// replaced analysis, the Make flow) get a new one, and a new spare is started for the next.
let spare = startWorker();
// A spare that failed (the engine failed its integrity check) is reported to whoever asks for a
// worker; until then its rejection is expected, not unhandled.
spare.catch(() => {});
globalThis.certlensWorker = () => {
  const next = spare;
  spare = next.then(startWorker, startWorker);
  spare.catch(() => {});
  return next;
};

const glue = await (async () => {
  const url = URL.createObjectURL(new Blob([await glueSource], { type: 'text/javascript' }));
  try {
    return await import(url);
  } finally {
    URL.revokeObjectURL(url);
  }
})();

try {
  await glue.default({ module_or_path: await compile(wasm, wasmIntegrity) });
} finally {
  uiStarted();
}
