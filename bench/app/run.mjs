// Benchmark of the page itself (a script, not part of pass/fail): how fast a dropped CA bundle
// (×1, ×100) or a pool of 1,000 / 10,000 distinct leaves with their CA (bench/leaves.mjs) is
// shown by the release build in headless Chromium, and whether the page stalls meanwhile.
//
//   bash scripts/bench-app.sh            # builds dist/ first
//   node bench/app/run.mjs [runs]        # against the current dist/
//
// The bundle is put into the page's memory first and dropped from there, so the numbers are
// the page's own work (file read, worker, transfer, rendering), not the test driver's upload.
// Times are from the drop event to the animation frame in which the result is on screen:
//   shown    - every certificate, chain and finding (roots' own signatures still pending);
//   complete - roots' own signatures checked too (the worker's last answer);
//   longest  - the longest gap between two animation frames meanwhile: how long the page
//              could not react at worst.
import { readFile } from 'node:fs/promises';
import { start, stop } from '../../tests/e2e/harness.mjs';
import { distinctLeaves } from '../leaves.mjs';

const RUNS = Number(process.argv[2] || 9);
const ca = await readFile('/etc/ssl/certs/ca-certificates.crt');
const cases = [
  ['Debian CA bundle', ca, RUNS],
  ['Debian CA bundle ×100', Buffer.concat(Array.from({ length: 100 }, () => ca)), Math.max(3, Math.floor(RUNS / 3))],
  // Copies of one bundle are analysed once; distinct certificates are not (bench/leaves.mjs).
  // Without their CA: nothing to verify, the cost of reading and describing them.
  ['1,000 distinct leaves', Buffer.from(distinctLeaves(1000)), RUNS],
  ['10,000 distinct leaves', Buffer.from(distinctLeaves(10000)), Math.max(3, Math.floor(RUNS / 3))],
  // With their CA: each leaf's link is a P-256 signature check (within the pool's budget).
  ['1,000 distinct leaves and their CA', Buffer.from(distinctLeaves(1000, { ca: true })), Math.max(3, Math.floor(RUNS / 3))],
];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const h = await start();
const rows = [];
for (const [label, bytes, runs] of cases) {
  await h.page.evaluate((b64) => { window.__bundle = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)); }, bytes.toString('base64'));
  const certs = (bytes.toString('latin1').match(/-----BEGIN CERTIFICATE-----/g) || []).length;
  const results = [];
  for (let i = 0; i <= runs; i++) {
    const clear = h.page.locator('button', { hasText: 'Clear all' });
    if (await clear.count()) await clear.click();
    await h.page.waitForFunction(() => !document.querySelector('li.file') && document.querySelector('main').dataset.busy === 'false');
    await h.page.waitForTimeout(200);
    const r = await h.page.evaluate((want) => new Promise((done) => {
      const main = document.querySelector('main');
      const before = Number(main.dataset.generation);
      const dt = new DataTransfer();
      dt.items.add(new File([window.__bundle], 'ca-certificates.crt'));
      const t0 = performance.now();
      let last = t0; let longest = 0; let shown = 0;
      const frame = (now) => {
        longest = Math.max(longest, now - last); last = now;
        const heading = document.getElementById('certs-heading');
        const g = Number(main.dataset.generation);
        if (!shown && g > before && heading && heading.textContent.includes(`(${want})`) && document.getElementById('findings')) shown = now - t0;
        if (shown && main.dataset.busy === 'false') return done({ shown, complete: now - t0, longest });
        requestAnimationFrame(frame);
      };
      document.querySelector('h1').dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
      requestAnimationFrame(frame);
    }), certs);
    if (i > 0) results.push(r); // the first run warms up the worker
  }
  const row = { label, certs, runs, shown: median(results.map((r) => r.shown)), complete: median(results.map((r) => r.complete)), longest: median(results.map((r) => r.longest)) };
  rows.push(row);
  console.log(`${label} (${certs} certificates, median of ${runs}): shown ${row.shown.toFixed(0)} ms, complete ${row.complete.toFixed(0)} ms, longest frame gap ${row.longest.toFixed(0)} ms`);
}
await stop(h);
console.log('\n| input | shown | roots checked | longest frame gap |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.label} (${r.certs.toLocaleString('en')} certs) | ${r.shown.toFixed(0)} ms | ${r.complete.toFixed(0)} ms | ${r.longest.toFixed(0)} ms |`);
