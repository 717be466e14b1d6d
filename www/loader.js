// Starts the certlens WebAssembly app. Trunk writes the hashed file names into this script tag's
// data attributes (see Trunk.toml pattern_script); an inline loader would violate the page's CSP.
const tag = document.getElementById('certlens-loader');
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });
