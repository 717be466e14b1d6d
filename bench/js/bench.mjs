// The benchmark page: times, in one run of the same browser, certlens `inspect` (the wasm
// package in pkg/), a minimal Rust wasm parser and three JavaScript X.509 libraries doing the same job on the Debian CA
// bundle repeated ×1, ×10, ×100 (and pools of distinct leaves, bench/leaves.mjs): find and parse every certificate, read subject, issuer,
// notAfter, SAN and key algorithm, and compute the SPKI SHA-256 pin.
//
// bench/js/run.mjs calls window.certlensBench(config) and prints the table. The contender
// bundles (target/bench-js/*.js) are made by run.mjs with esbuild from bench/js/contenders/;
// the minimal Rust wasm (bench/minimal/) by run.mjs with cargo and wasm-bindgen.
import init, { inspect } from '../../pkg/certlens.js';

const NOW = '2026-07-01T00:00:00Z';
const status = (s) => { document.getElementById('status').textContent = s; };
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function contenders(names, before) {
  const out = [
    {
      name: 'certlens inspect (full)',
      run: async (text) => inspect(text, { now: NOW }).certificates.map((c) => ({ pin: c.spki_sha256 })),
    },
    {
      name: 'certlens inspect (checkSelfSignatures: true)',
      run: async (text) => inspect(text, { now: NOW, checkSelfSignatures: true }).certificates.map((c) => ({ pin: c.spki_sha256 })),
    },
    {
      name: 'certlens inspect (verifySignatures: false)',
      run: async (text) => inspect(text, { now: NOW, verifySignatures: false }).certificates.map((c) => ({ pin: c.spki_sha256 })),
    },
    // The same report with each certificate's summary instead of every field (the contenders
    // return five fields): chains, findings and validations as in the full inspect.
    {
      name: 'certlens inspect (summary)',
      run: async (text) => inspect(text, { now: NOW, certificates: 'summary' }).certificates.map((c) => ({ pin: c.spki_sha256 })),
    },
    // The report's inputs, chains and expiry entries are parsed when first read (session 13):
    // this row reads them too, so it pays for the whole report as the rows before it did.
    {
      name: 'certlens inspect (summary, every section read)',
      run: async (text) => {
        const r = inspect(text, { now: NOW, certificates: 'summary' });
        if (!Array.isArray(r.inputs) || !Array.isArray(r.chains) || !Array.isArray(r.chain_expiry)) throw new Error('a section is missing');
        return r.certificates.map((c) => ({ pin: c.spki_sha256 }));
      },
    },
  ];
  // A second certlens build (run.mjs --before DIR, copied to target/bench-js/pkg-before/), timed
  // in the same run: a change is measured against its baseline under the same load.
  if (before) {
    const b = await import('../../target/bench-js/pkg-before/certlens.js');
    await b.default();
    out.push(
      { name: 'certlens inspect (full), before', run: async (text) => b.inspect(text, { now: NOW }).certificates.map((c) => ({ pin: c.spki_sha256 })) },
      { name: 'certlens inspect (verifySignatures: false), before', run: async (text) => b.inspect(text, { now: NOW, verifySignatures: false }).certificates.map((c) => ({ pin: c.spki_sha256 })) },
    );
    // The summary, when the baseline has it (session 11 on): an older build refuses the option.
    let summary = true;
    try { b.inspect('', { now: NOW, certificates: 'summary' }); } catch { summary = false; }
    if (summary) {
      out.push({ name: 'certlens inspect (summary), before', run: async (text) => b.inspect(text, { now: NOW, certificates: 'summary' }).certificates.map((c) => ({ pin: c.spki_sha256 })) });
    }
  }
  for (const n of names) {
    // The minimal Rust wasm is not bundled (its glue loads its own .wasm): run.mjs builds it
    // into target/bench-js/minimal/ and the page imports its wrapper as is.
    const m = n === 'minimal' ? await import('./contenders/minimal.mjs') : await import(`../../target/bench-js/${n}.js`);
    if (m.ready) await m.ready();
    out.push({ name: m.name, run: m.run });
  }
  return out;
}

/**
 * config: { sizes: [1, 10, 100], runs: { 1: 15, 10: 7, 100: 3 }, warmUp: 10, budgetMs: 30000,
 *           libraries: ['minimal', 'peculiar', 'pkijs', 'forge'] }
 * Returns { perCopy, userAgent, results: [{ name, size, certs, runs: [ms...], medianMs }] }.
 */
async function certlensBench(config) {
  const { sizes = [1, 10, 100], leaves = [], runs = { 1: 15, 10: 7, 100: 3, leaves1000: 7, leaves10000: 7 }, warmUp = 10, budgetMs = 30000, libraries = ['peculiar', 'pkijs', 'forge'], before = false } = config || {};
  await init();
  let bundle = await (await fetch('../../target/bench-js/ca-certificates.crt')).text();
  if (!bundle.endsWith('\n')) bundle += '\n';
  const reference = inspect(bundle, { now: NOW, verifySignatures: false }).certificates.map((c) => c.spki_sha256);
  const perCopy = reference.length;
  const list = await contenders(libraries, before);
  const results = [];
  // Untimed warm-up runs of each contender, the first checking its answers. Several, not one:
  // the engines compile hot code again with their optimising tier only after it has run a
  // while (JavaScript and WebAssembly alike: V8 starts WebAssembly in its baseline compiler).
  for (const c of list) {
    for (let i = 0; i < warmUp; i++) {
      status(`warm-up ${c.name} ${i + 1}/${warmUp}`);
      const got = await c.run(bundle);
      if (i > 0) continue;
      const pins = got.map((x) => x.pin);
      if (pins.length !== perCopy || pins.some((p, j) => p !== reference[j])) {
        throw new Error(`${c.name}: ${pins.length} certificates, pins differ from certlens at ${pins.findIndex((p, j) => p !== reference[j])}`);
      }
    }
  }
  // The bundle's copies, then the pools of distinct leaves run.mjs wrote (bench/leaves.mjs).
  const inputs = sizes.map((size) => ({ size, certs: perCopy * size, text: async () => bundle.repeat(size) }));
  for (const n of leaves) {
    inputs.push({ size: `leaves${n}`, certs: n, text: async () => (await fetch(`../../target/bench-js/leaves-${n}.pem`)).text() });
  }
  for (const { size, certs, text: load } of inputs) {
    const text = await load();
    // Two untimed runs of each contender on this very input first: the warm-up above used the
    // bundle ×1, and the engine optimises the code a big input runs only after it ran a while.
    // Without them the minimal wasm's first two runs at 10,000 leaves took 177 and 182 ms and
    // the next five 93-103 ms, and a median of three runs was one of the slow ones.
    for (const c of list) {
      for (let i = 0; i < 2; i++) {
        status(`×${size} ${c.name} warm-up ${i + 1}/2`);
        await new Promise((r) => setTimeout(r, 0));
        await c.run(text);
      }
    }
    // Then the contenders take turns, one run each per round (the order reversed every other
    // round), rather than each running all its runs in a row: a slow minute on the shared
    // machine then falls on every contender alike, not on whichever was running. A contender
    // with three runs that has spent its time budget sits out the remaining rounds.
    const want = runs[size] || 3;
    const times = list.map(() => []);
    const spent = list.map(() => 0);
    for (let round = 0; round < want; round++) {
      const order = list.map((_, i) => i);
      if (round % 2) order.reverse();
      for (const i of order) {
        const c = list[i];
        if (times[i].length >= 3 && spent[i] > budgetMs) continue;
        status(`×${size} ${c.name} run ${round + 1}/${want}`);
        await new Promise((r) => setTimeout(r, 0));
        // Collect the previous run's garbage outside the timed region (run.mjs starts Chromium
        // with --expose-gc), so no contender pays for another's results; by hand without the
        // flag, runs are timed as they come.
        if (typeof globalThis.gc === 'function') globalThis.gc();
        const t0 = performance.now();
        const got = await c.run(text);
        const dt = performance.now() - t0;
        if (got.length !== certs) throw new Error(`${c.name} ${size}: ${got.length} certificates, not ${certs}`);
        times[i].push(dt);
        spent[i] += dt;
      }
    }
    list.forEach((c, i) => {
      results.push({ name: c.name, size, certs, runs: times[i], medianMs: median(times[i]) });
      document.getElementById('out').textContent += `${c.name} ×${size}: ${median(times[i]).toFixed(1)} ms\n`;
    });
  }
  status('done');
  return { perCopy, userAgent: navigator.userAgent, results };
}

window.certlensBench = certlensBench;
status('ready');
// By hand: ?sizes=1,10 runs the benchmark at once.
const q = new URLSearchParams(location.search);
if (q.has('sizes')) certlensBench({ sizes: q.get('sizes').split(',').map(Number) }).catch((e) => status(String(e)));
