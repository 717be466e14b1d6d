// What the page's WebAssembly is made of: the code section's function bodies grouped by the
// crate they come from (by their names in the `name` section), and the data section, each
// group gzip-compressed on its own. Used for README "First load"; scripts/size-breakdown.sh
// builds a module that still has its names (release dist/ has none) and runs this on it.
//
//   node bench/size/breakdown.mjs target/size/certlens-web.wasm
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const bytes = readFileSync(process.argv[2]);
const leb = (at) => {
  let value = 0, shift = 0, b;
  do { b = bytes[at++]; value += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return [value, at];
};

// Sections: count imported functions (they come first in the function index space), find the
// code, data and name sections.
let at = 8, importedFunctions = 0, code = null, data = null;
const names = new Map();
while (at < bytes.length) {
  const id = bytes[at++];
  let size; [size, at] = leb(at);
  const start = at, end = at + size;
  at = end;
  if (id === 2) {
    let p = start, n; [n, p] = leb(p);
    for (let i = 0; i < n; i++) {
      let l; [l, p] = leb(p); p += l; [l, p] = leb(p); p += l;
      const kind = bytes[p++];
      if (kind === 0) { [, p] = leb(p); importedFunctions++; }
      else if (kind === 1) { p++; const flags = bytes[p++]; [, p] = leb(p); if (flags & 1) [, p] = leb(p); }
      else if (kind === 2) { const flags = bytes[p++]; [, p] = leb(p); if (flags & 1) [, p] = leb(p); }
      else if (kind === 3) p += 2;
      else if (kind === 4) { p++; [, p] = leb(p); }
    }
  } else if (id === 10) code = [start, end];
  else if (id === 11) data = bytes.subarray(start, end);
  else if (id === 0) {
    let p = start, l; [l, p] = leb(p);
    const name = bytes.subarray(p, p + l).toString(); p += l;
    if (name !== 'name') continue;
    while (p < end) {
      const sub = bytes[p++]; let n; [n, p] = leb(p); const e = p + n;
      if (sub === 1) {
        let count, q = p; [count, q] = leb(q);
        for (let i = 0; i < count; i++) {
          let idx, len; [idx, q] = leb(q); [len, q] = leb(q);
          names.set(idx, bytes.subarray(q, q + len).toString()); q += len;
        }
      }
      p = e;
    }
  }
}
if (!code || names.size === 0) {
  console.error('breakdown: no code or no name section (build with names: scripts/size-breakdown.sh)');
  process.exit(1);
}

const crate = (name, list) => new RegExp(`(^|[^a-z0-9_])(${list.join('|')})(\\[[0-9a-f]+\\])?::`).test(name);
const GROUPS = [
  ['crypto: signatures, digests, ciphers, KDFs, key arithmetic', (n) => crate(n, ['p384', 'p521', 'p256', 'primeorder', 'elliptic_curve', 'ecdsa', 'rsa', 'num_bigint_dig', 'num_bigint', 'num_integer', 'num_traits', 'curve25519_dalek', 'ed25519_dalek', 'ed25519', 'crypto_bigint', 'sha2', 'sha1', 'digest', 'aes', 'des', 'cbc', 'rc2', 'pbkdf2', 'hmac', 'scrypt', 'block_buffer', 'cipher', 'signature', 'subtle', 'ff', 'group', 'rand_core', 'getrandom', 'salsa20', 'zeroize', 'md5', 'pkcs5', 'rand_chacha', 'ppv_lite86']) || /certlens_core::(x509::verify|pbe|input::pkcs12|keys)::/.test(n)],
  ['serde and JSON (the report crossing from the worker)', (n) => /serde/.test(n)],
  ['YAML (Secret and values.yaml input, manifests out)', (n) => crate(n, ['yaml_rust2', 'hashlink', 'arraydeque', 'encoding_rs'])],
  ['X.509, DER and Base64 parsing', (n) => crate(n, ['x509_parser', 'der_parser', 'asn1_rs', 'der', 'nom', 'spki', 'pkcs8', 'pkcs1', 'sec1', 'oid_registry', 'base64ct', 'const_oid', 'pem_rfc7468', 'time', 'data_encoding', 'base64', 'rusticata_macros', 'x509_cert', 'flagset'])],
  ['UI: Yew, the components, browser bindings', (n) => crate(n, ['yew', 'certlens_web', 'implicit_clone', 'gloo', 'gloo_utils', 'gloo_events', 'web_sys', 'wasm_bindgen', 'js_sys', 'prokio', 'slab', 'indexmap', 'wasm_bindgen_futures', 'pinned', 'futures', 'futures_util', 'tracing', 'console_error_panic_hook'])],
  ['core logic (reading, chains, checks, outputs)', (n) => /certlens_core/.test(n)],
  ['Rust standard library (generic code, fmt, alloc, collections) and the rest', () => true],
];
const bodies = new Map(GROUPS.map(([g]) => [g, []]));
let p = code[0], count; [count, p] = leb(p);
for (let i = 0; i < count; i++) {
  let size, q; [size, q] = leb(p);
  const body = bytes.subarray(p, q + size);
  p = q + size;
  const name = names.get(importedFunctions + i) || '';
  bodies.get(GROUPS.find(([, test]) => test(name))[0]).push(body);
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
console.log('| part | raw | gzip (alone) |');
console.log('|---|---|---|');
let total = 0;
const rows = [...bodies].map(([g, list]) => { const buf = Buffer.concat(list); return [g, buf.length, gz(buf)]; });
rows.push(['data: messages, OID and name tables, the example chain', data ? data.length : 0, data ? gz(data) : 0]);
for (const [g, raw, z] of rows.sort((a, b) => b[2] - a[2])) { total += z; console.log(`| ${g} | ${kb(raw)} | ${kb(z)} |`); }
console.log(`| sum of the parts compressed alone | | ${kb(total)} |`);
