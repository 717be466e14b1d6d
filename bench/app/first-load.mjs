// First load, measured (a script, not part of pass/fail): the release dist/ served
// precompressed by scripts/static-server.mjs to headless Chromium, beside an empty page (one
// heading, nothing else) served the same way, in one run, alternating, fresh browser context
// (empty cache) each time. Optionally a second build (`before`) in the same run.
//   ready     - navigation start to the first animation frame with the page's heading;
//   critical  - bytes on the wire (as sent, brotli) of what the page needed before ready;
//   all       - every byte the page fetched (the engine included);
//   drop      - a CA bundle dropped as soon as the heading shows, to the frame in which its
//               certificates are shown (the worker must be ready by the time a user can drop).
//
//   node bench/app/first-load.mjs [runs] [dist] [before-dist]
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/static-server.mjs';
import { precompress } from '../../scripts/precompress.mjs';
import { ROOT } from '../../tests/e2e/harness.mjs';

const RUNS = Number(process.argv[2] || 9);
const builds = [['certlens', process.argv[3] || join(ROOT, 'dist')]];
if (process.argv[4]) builds.push(['before', process.argv[4]]);
const empty = await mkdtemp(join(tmpdir(), 'certlens-empty-'));
await writeFile(join(empty, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>empty</title></head><body><h1>empty</h1></body></html>');
precompress(empty);
const ca = await readFile('/etc/ssl/certs/ca-certificates.crt');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const servers = [];
const targets = [['empty page', empty, false], ...builds.map(([name, dir]) => [name, dir, true])];
for (const t of targets) {
  const server = await serve(t[1], 0);
  servers.push(server);
  t.push(`http://127.0.0.1:${server.address().port}/`);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});

async function once([, , app, url]) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sizes = [];
  page.on('requestfinished', async (r) => {
    const s = await r.sizes().catch(() => null);
    if (s) sizes.push({ url: r.url(), bytes: s.responseBodySize + s.responseHeadersSize, at: Date.now() });
  });
  // The time the heading first shows, in the page's own clock (from navigation start).
  await page.addInitScript(() => {
    const look = (now) => {
      if (document.querySelector('h1')) window.__ready = now;
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__ready !== undefined);
  const readyWall = Date.now();
  const ready = await page.evaluate(() => window.__ready);
  let drop = null;
  if (app) {
    drop = await page.evaluate((b64) => new Promise((done) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'ca-certificates.crt'));
      const t0 = performance.now();
      const frame = (now) => {
        if (document.getElementById('certs-heading') && document.getElementById('findings')) return done(now - t0);
        requestAnimationFrame(frame);
      };
      document.querySelector('h1').dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
      requestAnimationFrame(frame);
    }), ca.toString('base64'));
  }
  await page.waitForTimeout(300);
  const critical = sizes.filter((s) => s.at <= readyWall && !/certlens-engine/.test(s.url)).reduce((a, s) => a + s.bytes, 0);
  const all = sizes.reduce((a, s) => a + s.bytes, 0);
  await context.close();
  return { ready, critical, all, drop };
}

const results = new Map(targets.map((t) => [t[0], []]));
for (let i = 0; i <= RUNS; i++) {
  for (const t of targets) {
    const r = await once(t);
    if (i > 0) results.get(t[0]).push(r); // the first round warms up the browser
  }
}
await browser.close();
for (const s of servers) await new Promise((ok) => s.close(ok));
await rm(empty, { recursive: true, force: true });

const emptyReady = median(results.get('empty page').map((r) => r.ready));
console.log(`median of ${RUNS} runs each, alternating\n`);
console.log('| page | navigation → ready | × empty page | critical path (as sent) | all fetched | drop → shown, CA bundle ×1 |');
console.log('|---|---|---|---|---|---|');
for (const [name, list] of results) {
  const ready = median(list.map((r) => r.ready));
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  const drop = list[0].drop === null ? '—' : `${median(list.map((r) => r.drop)).toFixed(0)} ms`;
  console.log(`| ${name} | ${ready.toFixed(0)} ms | ${(ready / emptyReady).toFixed(2)} | ${kb(median(list.map((r) => r.critical)))} | ${kb(median(list.map((r) => r.all)))} | ${drop} |`);
}
