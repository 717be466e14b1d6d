// Benchmark of the page's inventory (a script, not part of pass/fail): a `kind: List` of
// 2,000 Secrets, about 20 MB of YAML as `kubectl get secrets -A -o yaml` prints it, dropped
// on the release build in headless Chromium. The List is made here from the openssl-made
// certificates of tests/fixtures/doctor/ (bash tests/fixtures/generate.sh --doctor-only) and
// never checked in; it has the layout of crates/certlens-core/benches/inventory.rs, with every
// TLS Secret's leaf a different certificate (two bytes of its signature changed: it no longer
// verifies, which costs the same as a real one), so no signature check is shared.
//
//   bash scripts/bench-app.sh --inventory     # builds dist/ first
//   node bench/app/inventory.mjs [runs]       # against the current dist/
//
// Reported, from the drop event: `shown` (the inventory table on screen with its first rows —
// it fills in a page of rows per frame, src/components/inventory.rs — and the worker done),
// whether the page showed progress ("Inventory: N of 2,000 Secrets analysed") meanwhile, and
// the longest gap between two animation frames (how long the page could not react at worst).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, stop, FIXTURES } from '../../tests/e2e/harness.mjs';

const RUNS = Number(process.argv[2] || 5);
const D = join(FIXTURES, 'doctor');
const pem = (n) => readFileSync(join(D, n), 'utf8');
const b64 = (s) => Buffer.from(s).toString('base64');

function distinct(text, n) {
  const der = Buffer.from(text.split('\n').filter((l) => l && !l.startsWith('-----')).join(''), 'base64');
  der[der.length - 2] ^= (n >> 8) & 0xff;
  der[der.length - 1] ^= (n & 0xff) | 1;
  const body = der.toString('base64').match(/.{1,64}/g).join('\n');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

function noise(seed, n) {
  let x = BigInt(seed) * 6364136223846793005n + 1442695040888963407n;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    out[i] = Number((x >> 33n) & 0xffn);
  }
  return out;
}

function item(ns, name, type, data, annotate) {
  let s = '- apiVersion: v1\n  data:\n';
  for (const [k, v] of data) s += `    ${k}: ${v}\n`;
  s += '  kind: Secret\n  metadata:\n';
  if (annotate) {
    const json = JSON.stringify({ apiVersion: 'v1', data: Object.fromEntries(data), kind: 'Secret', metadata: { annotations: {}, name, namespace: ns }, type });
    s += `    annotations:\n      kubectl.kubernetes.io/last-applied-configuration: |\n        ${json}\n`;
  }
  s += `    creationTimestamp: "2026-06-01T00:00:00Z"\n    name: ${name}\n    namespace: ${ns}\n    resourceVersion: "1234"\n  type: ${type}\n`;
  return s;
}

function scaleList() {
  const [leaf, int, root, ica, soon] = ['leaf.pem', 'int.pem', 'root.pem', 'ica.pem', 'soon.pem'].map(pem);
  const [leafKey, soonKey] = ['leaf.key', 'soon.key'].map(pem);
  const parts = ['apiVersion: v1\nitems:\n'];
  let rows = 0;
  const helmBlob = (i) => b64(noise(i, 16500).toString('base64'));
  for (let i = 0; i < 2000; i++) {
    const ns = `team-${String(i % 40).padStart(2, '0')}`;
    switch (i % 5) {
      case 0: parts.push(item(ns, `web-${i}-tls`, 'kubernetes.io/tls', [['ca.crt', b64(root)], ['tls.crt', b64(distinct(leaf, i) + int)], ['tls.key', b64(leafKey)]], true)); rows += 1; break;
      case 1: parts.push(item(ns, `api-${i}-tls`, 'kubernetes.io/tls', [['tls.crt', b64(distinct(soon, i) + int)], ['tls.key', b64(soonKey)]], true)); rows += 1; break;
      case 2: parts.push(item(ns, `trust-${i}`, 'Opaque', [['bundle.pem', b64(root + ica + int)]], true)); rows += 2; break;
      case 3: parts.push(item(ns, `sh.helm.release.v1.app-${i}.v3`, 'helm.sh/release.v1', [['release', helmBlob(i)]], false)); break;
      default: parts.push(item(ns, `db-${i}`, 'Opaque', [['password', noise(i, 24).toString('base64')], ['token', noise(i + 7, 900).toString('base64')]], true));
    }
  }
  parts.push('kind: List\nmetadata:\n  resourceVersion: ""\n');
  return { text: parts.join(''), rows };
}

const { text, rows } = scaleList();
console.log(`List: 2,000 Secrets, ${(text.length / 1e6).toFixed(1)} MB, ${rows} certificate rows expected`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const h = await start();
await h.page.evaluate((b64) => { window.__list = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)); }, Buffer.from(text).toString('base64'));
const results = [];
for (let i = 0; i <= RUNS; i++) {
  const clear = h.page.locator('button', { hasText: 'Clear all' });
  if (await clear.count()) await clear.click();
  await h.page.waitForFunction(() => !document.querySelector('li.file') && document.querySelector('main').dataset.busy === 'false');
  await h.page.waitForTimeout(200);
  const r = await h.page.evaluate((want) => new Promise((done) => {
    const main = document.querySelector('main');
    const before = Number(main.dataset.generation);
    const dt = new DataTransfer();
    dt.items.add(new File([window.__list], 'secrets.yaml'));
    const t0 = performance.now();
    let last = t0; let longest = 0; let progress = false;
    const frame = (now) => {
      longest = Math.max(longest, now - last); last = now;
      const status = document.querySelector('.work-status label');
      if (status && /Inventory: [\d,]+ of 2,000 Secrets/.test(status.textContent)) progress = true;
      const heading = document.getElementById('inventory-heading');
      if (Number(main.dataset.generation) > before && heading && heading.textContent.includes(`(${want})`) && main.dataset.busy === 'false') {
        return done({ shown: now - t0, longest, progress });
      }
      requestAnimationFrame(frame);
    };
    document.querySelector('h1').dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    requestAnimationFrame(frame);
  }), rows);
  if (i > 0) results.push(r); // the first run warms up the worker
  console.log(`run ${i}: shown ${r.shown.toFixed(0)} ms, longest frame gap ${r.longest.toFixed(0)} ms, progress shown: ${r.progress}`);
}
await stop(h);
console.log(`\n| input | shown | longest frame gap | progress shown |\n|---|---|---|---|`);
console.log(`| 2,000 Secrets, ${(text.length / 1e6).toFixed(1)} MB (median of ${RUNS}) | ${median(results.map((r) => r.shown)).toFixed(0)} ms | ${median(results.map((r) => r.longest)).toFixed(0)} ms | ${results.every((r) => r.progress) ? 'yes' : 'not every run'} |`);
