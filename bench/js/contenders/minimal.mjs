// The minimal Rust wasm contender (bench/minimal/: x509-parser + sha2, nothing else), built by
// run.mjs with cargo and wasm-bindgen into target/bench-js/minimal/. It returns the same fields
// as the JavaScript contenders as one JSON text; parsing that text is part of its time, as
// building the result objects is part of every other contender's.
import init, { certificates } from '../../../target/bench-js/minimal/certlens_bench_minimal.js';

export const name = 'minimal Rust wasm (x509-parser + sha2)';

/** Compiles and instantiates the module; bench.mjs awaits it before any run. */
export const ready = () => init();

export async function run(text) {
  return JSON.parse(certificates(text));
}
