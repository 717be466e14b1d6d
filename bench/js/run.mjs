// Drives the benchmark page (bench/js/index.html) in headless Chromium and prints the table:
// median time per size, certificates per second, the ratio to certlens `inspect` (full), and
// the gzip size of what each contender ships. The minimal Rust wasm contender (bench/minimal/,
// its own crate outside the workspace) is built first with cargo and the pinned wasm-bindgen
// CLI (scripts/setup.sh installs it), and wasm-opt -Oz as scripts/build-pkg.sh does for pkg/. Then the native core through criterion
// (`cargo bench -p certlens-core --bench inspect`), unless --no-native.
//
//   node bench/js/run.mjs [--sizes 1,10,100] [--leaves 1000,10000] [--no-native] [--budget-ms 30000] [--before DIR] [--libraries peculiar,pkijs,forge]
//
// Needs pkg/ (scripts/build-pkg.sh) and `npm ci`; scripts/bench-js.sh does both first.
// Writes target/bench-js/results.json as well.
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { serve } from '../../scripts/static-server.mjs';
import { distinctLeaves } from '../leaves.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(ROOT, 'target/bench-js');
const BUNDLE = process.env.CERTLENS_BENCH_BUNDLE || '/etc/ssl/certs/ca-certificates.crt';
const MINIMAL = 'minimal Rust wasm (x509-parser + sha2)';

const args = process.argv.slice(2);
const arg = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const sizes = arg('--sizes', '1,10,100').split(',').map(Number);
// Distinct leaves, their CA not given (bench/leaves.mjs): copies of one bundle are analysed once,
// these are not. `--leaves ''` leaves them out.
const leaves = arg('--leaves', '1000,10000').split(',').filter(Boolean).map(Number);
const budgetMs = Number(arg('--budget-ms', '30000'));
const native = !args.includes('--no-native');
// --libraries forge: only some of the JavaScript contenders (the slow ones take minutes at 10,000).
const LIBRARIES = arg('--libraries', 'peculiar,pkijs,forge').split(',').filter(Boolean);
// --before DIR: another pkg/ (built from the baseline) timed in the same run, its rows marked
// ", before".
const beforeDir = arg('--before', '');

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

if (!existsSync(join(ROOT, 'pkg/certlens_bg.wasm'))) {
  console.error('bench: pkg/ is missing; run bash scripts/build-pkg.sh first');
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
if (beforeDir) {
  rmSync(join(OUT, 'pkg-before'), { recursive: true, force: true });
  cpSync(resolve(beforeDir), join(OUT, 'pkg-before'), { recursive: true });
}
copyFileSync(BUNDLE, join(OUT, 'ca-certificates.crt'));
for (const n of leaves) writeFileSync(join(OUT, `leaves-${n}.pem`), distinctLeaves(n));

// 0. The minimal Rust wasm: release wasm (opt-level 3, fat LTO, as pkg/), its own target dir.
const minimalOut = join(OUT, 'minimal');
const run = (cmd, argv, opts = {}) => {
  // The tools scripts/setup.sh puts on PATH (wasm-opt from npm), when run.mjs is run by hand.
  const PATH = `${join(ROOT, 'node_modules/.bin')}:${process.env.HOME}/.cargo/bin:${process.env.PATH}`;
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], ...opts, env: { ...process.env, PATH, ...opts.env } });
  if (r.status !== 0) {
    console.error(`bench: ${cmd} ${argv.join(' ')} failed`);
    process.exit(1);
  }
};
console.error('bench: building the minimal Rust wasm contender (bench/minimal)');
run('cargo', ['build', '--locked', '--release', '--target', 'wasm32-unknown-unknown', '--manifest-path', join(ROOT, 'bench/minimal/Cargo.toml')], {
  env: { CARGO_TARGET_DIR: join(ROOT, 'target/bench-minimal') },
});
mkdirSync(minimalOut, { recursive: true });
run('wasm-bindgen', ['--target', 'web', '--out-dir', minimalOut, '--out-name', 'certlens_bench_minimal', join(ROOT, 'target/bench-minimal/wasm32-unknown-unknown/release/certlens_bench_minimal.wasm')]);
run('wasm-opt', ['-Oz', join(minimalOut, 'certlens_bench_minimal_bg.wasm'), '-o', join(minimalOut, 'certlens_bench_minimal_bg.wasm')]);
const minimalGz = gz(readFileSync(join(minimalOut, 'certlens_bench_minimal_bg.wasm'))) + gz(readFileSync(join(minimalOut, 'certlens_bench_minimal.js')));

// 1. The contenders, bundled and minified for the browser: what a page would ship.
const sizesGz = {};
for (const lib of LIBRARIES) {
  const r = await build({
    entryPoints: [join(ROOT, `bench/js/contenders/${lib}.mjs`)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(OUT, `${lib}.js`),
    logLevel: 'error',
    metafile: true,
  });
  sizesGz[lib] = gz(readFileSync(join(OUT, `${lib}.js`)));
  void r;
}
const wasmGz = gz(readFileSync(join(ROOT, 'pkg/certlens_bg.wasm')));
const jsGz = gz(readFileSync(join(ROOT, 'pkg/certlens.js')));

// 2. The page in headless Chromium.
const server = await serve(ROOT, 0);
const port = server.address().port;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // --expose-gc: the page collects garbage before each timed run (bench.mjs), the same for
  // every contender, as criterion's native runs have no collector to pay for.
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--js-flags=--expose-gc'],
});
let page;
let bench;
try {
  page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`http://127.0.0.1:${port}/bench/js/index.html`);
  await page.waitForFunction(() => document.getElementById('status').textContent === 'ready', null, { timeout: 60000 });
  console.error(`bench: Chromium ${browser.version()}, sizes ${sizes.join(', ')}`);
  const progress = setInterval(async () => {
    try { console.error('bench:', await page.textContent('#status')); } catch { /* closing */ }
  }, 10000);
  try {
    bench = await page.evaluate((cfg) => window.certlensBench(cfg), { sizes, leaves, budgetMs, libraries: ['minimal', ...LIBRARIES], before: Boolean(beforeDir) });
  } finally {
    clearInterval(progress);
  }
} finally {
  await browser.close();
  server.close();
}

// 3. Native, through criterion (the core's own benchmark).
let nativeRows = [];
if (native) {
  const filter = `^(full|parse_pins)/x(${sizes.join('|')})$`;
  console.error(`bench: cargo bench -p certlens-core --bench inspect -- '${filter}'`);
  const r = spawnSync('cargo', ['bench', '--locked', '-p', 'certlens-core', '--bench', 'inspect', '--', filter, '--warm-up-time', '1', '--measurement-time', '3'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, CERTLENS_BENCH_BUNDLE: BUNDLE },
  });
  if (r.status !== 0) {
    console.error('bench: cargo bench failed; native rows left out');
  } else {
    for (const [group, label] of [['full', 'native certlens-core inspect (full), criterion'], ['parse_pins', 'native certlens-core inspect (no signatures), criterion']]) {
      for (const size of sizes) {
        const f = join(ROOT, `target/criterion/${group}/x${size}/new/estimates.json`);
        if (!existsSync(f)) continue;
        const est = JSON.parse(readFileSync(f, 'utf8'));
        nativeRows.push({ name: label, size, certs: bench.perCopy * size, medianMs: est.median.point_estimate / 1e6 });
      }
    }
  }
  // The same pools of distinct leaves, built in Rust by the core's own bench (benches/distinct.rs).
  const want = leaves.filter((n) => [1000, 10000, 20000].includes(n));
  if (want.length) {
    const distinct = `^distinct_no_ca/(${want.join('|')})$`;
    console.error(`bench: cargo bench -p certlens-core --bench distinct -- '${distinct}'`);
    const d = spawnSync('cargo', ['bench', '--locked', '-p', 'certlens-core', '--bench', 'distinct', '--', distinct, '--warm-up-time', '1', '--measurement-time', '3'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (d.status !== 0) console.error('bench: cargo bench --bench distinct failed; its native rows left out');
    // Without their CA nothing links: the full inspect and the one without signature checks do
    // the same work, so one native row serves both.
    for (const n of want) {
      const f = join(ROOT, `target/criterion/distinct_no_ca/${n}/new/estimates.json`);
      if (!existsSync(f)) continue;
      const est = JSON.parse(readFileSync(f, 'utf8'));
      nativeRows.push({ name: 'native certlens-core inspect (no signatures), criterion', size: `leaves${n}`, certs: n, medianMs: est.median.point_estimate / 1e6 });
    }
  }
}

// 4. The table.
const all = [...bench.results, ...nativeRows];
const names = [...new Set(all.map((r) => r.name))];
const find = (name, size) => all.find((r) => r.name === name && r.size === size);
const ref = (size) => find('certlens inspect (full)', size);
const refNoSig = (size) => find('certlens inspect (verifySignatures: false)', size);
const gzipOf = (name) => {
  if (name.startsWith('certlens inspect')) return `${kb(wasmGz + jsGz)} (wasm ${kb(wasmGz)} + js ${kb(jsGz)})`;
  if (name.startsWith('native')) return '—';
  if (name === MINIMAL) return kb(minimalGz);
  const lib = { '@peculiar/x509': 'peculiar', pkijs: 'pkijs', 'node-forge': 'forge' }[name];
  return kb(sizesGz[lib]);
};
const fmt = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const cell = (r, size) => {
  if (!r) return '—';
  const rate = r.certs / (r.medianMs / 1000);
  const full = ref(size);
  const nosig = refNoSig(size);
  const min = find(MINIMAL, size);
  const a = full ? (r.medianMs / full.medianMs).toFixed(2) : '?';
  const b = nosig ? (r.medianMs / nosig.medianMs).toFixed(2) : '?';
  const c = min ? (r.medianMs / min.medianMs).toFixed(2) : '?';
  return `${r.medianMs.toFixed(1)} ms · ${fmt(rate)}/s · ${a} / ${b} · ${c}`;
};
const lines = [];
lines.push(`Debian CA bundle (${BUNDLE}): ${bench.perCopy} certificates per copy. ${bench.userAgent.replace(/^.*(HeadlessChrome\/[\d.]+|Chrome\/[\d.]+).*$/, '$1')}, median of the runs.`);
lines.push('Each cell: median time · certificates per second · time ÷ certlens full inspect / time ÷ certlens inspect without signature checks (above 1: certlens is faster) · time ÷ the minimal Rust wasm (how many times its time).');
lines.push('');
const columns = [...sizes, ...leaves.map((n) => `leaves${n}`)];
const heading = (c) => (typeof c === 'number' ? `×${c} (${fmt(bench.perCopy * c)} certs)` : `${fmt(Number(c.slice(6)))} distinct leaves`);
lines.push(`| contender | gzip | ${columns.map(heading).join(' | ')} |`);
lines.push(`|---|---|${columns.map(() => '---').join('|')}|`);
for (const n of names) lines.push(`| ${n} | ${gzipOf(n)} | ${columns.map((s) => cell(find(n, s), s)).join(' | ')} |`);
lines.push('');
const ratio = (a, b) => (a && b ? a.medianMs / b.medianMs : NaN);
const check = (label, value, op, target) => {
  const ok = op === '>=' ? value >= target : value <= target;
  lines.push(`- ${label}: ${Number.isFinite(value) ? value.toFixed(2) : 'n/a'} (target ${op} ${target}) ${Number.isFinite(value) ? (ok ? 'MET' : 'NOT MET') : ''}`);
};
lines.push('Targets (issue 7), for the full inspect:');
if (sizes.includes(1)) {
  check('×1 @peculiar/x509 ÷ certlens', ratio(find('@peculiar/x509', 1), ref(1)), '>=', 15);
  check('×1 node-forge ÷ certlens', ratio(find('node-forge', 1), ref(1)), '>=', 4);
}
if (sizes.includes(10)) check('×10 certlens wasm ÷ native', ratio(ref(10), find('native certlens-core inspect (full), criterion', 10)), '<=', 2);
lines.push('The same without signature checks (what the JavaScript contenders do):');
if (sizes.includes(1)) {
  check('×1 @peculiar/x509 ÷ certlens', ratio(find('@peculiar/x509', 1), refNoSig(1)), '>=', 15);
  check('×1 node-forge ÷ certlens', ratio(find('node-forge', 1), refNoSig(1)), '>=', 4);
}
if (sizes.includes(10)) check('×10 certlens wasm ÷ native', ratio(refNoSig(10), find('native certlens-core inspect (no signatures), criterion', 10)), '<=', 2);
if (leaves.includes(10000)) {
  lines.push('Distinct leaves (issue 28: about 3× node-forge or better on 10,000 distinct leaves):');
  check('10,000 leaves node-forge ÷ certlens (full)', ratio(find('node-forge', 'leaves10000'), ref('leaves10000')), '>=', 3);
  check('10,000 leaves node-forge ÷ certlens (no signatures)', ratio(find('node-forge', 'leaves10000'), refNoSig('leaves10000')), '>=', 3);
  check('10,000 leaves certlens (full) ÷ minimal Rust wasm', ratio(ref('leaves10000'), find(MINIMAL, 'leaves10000')), '<=', 2.5);
  check('10,000 leaves certlens (no signatures) ÷ minimal Rust wasm', ratio(refNoSig('leaves10000'), find(MINIMAL, 'leaves10000')), '<=', 2.5);
  check('10,000 leaves certlens (summary) ÷ minimal Rust wasm', ratio(find('certlens inspect (summary)', 'leaves10000'), find(MINIMAL, 'leaves10000')), '<=', 2.5);
}

const text = lines.join('\n');
console.log(text);
writeFileSync(join(OUT, 'results.json'), JSON.stringify({ bench, nativeRows, gzip: { ...sizesGz, minimal: minimalGz, certlensWasm: wasmGz, certlensJs: jsGz } }, null, 2));
writeFileSync(join(OUT, 'results.md'), text + '\n');
