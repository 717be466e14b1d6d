// Trunk post_build hook (Trunk.toml [[hooks]]): Subresource Integrity for the code Trunk does
// not cover. Trunk puts `integrity` on its preload links and the stylesheet only; the loader
// script, the glue import and the wasm fetch need it as well:
//   * `integrity` on the loader's own <script> tag;
//   * data-js-integrity / data-wasm-integrity for the loader's fetches of the UI (www/loader.js);
//   * the engine (the worker's module, index.html's data-type="worker" link): Trunk names it
//     after the binary without a hash and puts nothing in the page, so this names its two files
//     after their content (cache busting, like Trunk's own names) and adds data-engine-js /
//     data-engine-wasm and their integrity values to the loader's tag;
//   * an import map whose "integrity" section covers the glue code's URL: a second guard for
//     browsers that check it (the loader imports the glue from the bytes it fetched with
//     data-js-integrity, so it does not rely on it) and a fail-closed check of the loader; its
//     hash goes into the CSP's script-src, since an import map is an inline script.
// Works on $TRUNK_STAGING_DIR (or a dist folder given as the argument). Fails loudly when the
// page does not look as expected, so a release can never ship without the hashes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, basename } from 'node:path';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('sri.mjs: no TRUNK_STAGING_DIR and no folder given');
const htmlPath = join(dir, 'index.html');
let html = readFileSync(htmlPath, 'utf8');

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const fileOf = (url) => join(dir, basename(new URL(url, 'https://x.invalid/').pathname));

const tagMatch = html.match(/<script type="module" src="([^"]*loader\.js)" id="certlens-loader" data-js="([^"]+)" data-wasm="([^"]+)"><\/script>/);
if (!tagMatch) throw new Error('sri.mjs: the certlens-loader script tag is missing or changed (see Trunk.toml pattern_script)');
const [tag, loaderUrl, jsUrl, wasmUrl] = tagMatch;
const loaderSri = sri(readFileSync(fileOf(loaderUrl)));
const jsSri = sri(readFileSync(fileOf(jsUrl)));
const wasmSri = sri(readFileSync(fileOf(wasmUrl)));

// The engine's files, as Trunk wrote them (a worker's names carry no hash), renamed with one.
const ENGINE = 'certlens-engine';
const engineFiles = {};
for (const [key, suffix] of [['js', '.js'], ['wasm', '_bg.wasm']]) {
  const plain = join(dir, `${ENGINE}${suffix}`);
  if (!existsSync(plain)) throw new Error(`sri.mjs: ${plain} is missing (index.html's engine link)`);
  const bytes = readFileSync(plain);
  const hashed = `${ENGINE}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}${suffix}`;
  renameSync(plain, join(dir, hashed));
  engineFiles[key] = { name: hashed, sri: sri(bytes) };
}
const base = jsUrl.slice(0, jsUrl.lastIndexOf('/') + 1);

const importMap = JSON.stringify({ integrity: { [jsUrl]: jsSri } });
const importMapHash = `'sha256-${createHash('sha256').update(importMap).digest('base64')}'`;
const newTag =
  `<script type="importmap">${importMap}</script>\n    ` +
  tag.replace(' id="certlens-loader"', ` integrity="${loaderSri}" id="certlens-loader"`)
     .replace('></script>', ` data-js-integrity="${jsSri}" data-wasm-integrity="${wasmSri}"` +
       ` data-engine-js="${base}${engineFiles.js.name}" data-engine-wasm="${base}${engineFiles.wasm.name}"` +
       ` data-engine-js-integrity="${engineFiles.js.sri}" data-engine-wasm-integrity="${engineFiles.wasm.sri}"></script>`);
html = html.replace(tag, newTag);

// Trunk preloads the glue as a module (`modulepreload`), but the loader never imports it by URL:
// it fetch()es the bytes with their integrity and imports them from memory (www/loader.js). A
// module preload would be a second download the fetch cannot use, so it becomes a fetch preload,
// which that fetch() consumes (same URL, mode and integrity): the glue crosses the network once.
const preloadBefore = html;
html = html.replace(/<link rel="modulepreload" href="([^"]+)" crossorigin="anonymous" integrity="([^"]+)">/,
  (whole, href, integrity) => {
    if (href !== jsUrl || integrity !== jsSri) throw new Error(`sri.mjs: the glue's preload ${whole} does not match ${jsUrl}`);
    return `<link rel="preload" href="${href}" crossorigin="anonymous" integrity="${integrity}" as="fetch" type="text/javascript">`;
  });
if (html === preloadBefore) throw new Error("sri.mjs: Trunk's modulepreload link for the glue is missing or changed");

const cspBefore = html;
html = html.replace(/script-src 'self' 'wasm-unsafe-eval'/, `script-src 'self' 'wasm-unsafe-eval' ${importMapHash}`);
if (html === cspBefore) throw new Error("sri.mjs: the CSP's script-src is missing or changed (index.html)");

writeFileSync(htmlPath, html);
console.log(`sri.mjs: loader ${loaderSri}\nsri.mjs: glue   ${jsSri}\nsri.mjs: wasm   ${wasmSri}`);
console.log(`sri.mjs: engine glue ${engineFiles.js.name} ${engineFiles.js.sri}`);
console.log(`sri.mjs: engine wasm ${engineFiles.wasm.name} ${engineFiles.wasm.sri}`);
