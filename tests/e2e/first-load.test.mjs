// First load: what the page's assets cost on the wire. The release dist/ (built with its .br and
// .gz copies, scripts/precompress.mjs) served by scripts/static-server.mjs to headless Chromium:
// the wasms and the glues arrive brotli-compressed, and each crosses the network once: the UI's
// (the page) and the engine's (every worker: www/loader.js compiles it once and starts each
// worker from it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/static-server.mjs';
import { ROOT, andSettle, dropFiles, fixture } from './harness.mjs';

const DIST = join(ROOT, 'dist');

test('first load: wasm and glue sent brotli-compressed, each fetched from the server once', async () => {
  const files = readdirSync(DIST);
  const wasm = files.find((f) => /^certlens-web-.*_bg\.wasm$/.test(f));
  const glue = files.find((f) => /^certlens-web-.*\.js$/.test(f));
  const engineWasm = files.find((f) => /^certlens-engine-.*_bg\.wasm$/.test(f));
  const engineGlue = files.find((f) => /^certlens-engine-[0-9a-f]+\.js$/.test(f));
  assert.ok(wasm && glue && engineWasm && engineGlue, `dist/ holds ${files.join(', ')}`);
  // The build wrote the copies (not vacuous: without them nothing below could be brotli).
  for (const f of [wasm, glue, engineWasm, engineGlue, 'index.html', 'loader.js']) {
    assert.ok(existsSync(join(DIST, `${f}.br`)) && existsSync(join(DIST, `${f}.gz`)), `${f}.br / ${f}.gz`);
  }
  const server = await serve(DIST, 0);
  const hits = new Map();
  server.on('request', (req) => {
    const path = new URL(req.url, 'http://x').pathname;
    hits.set(path, (hits.get(path) || 0) + 1);
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const encodings = new Map();
    page.on('response', (r) => encodings.set(new URL(r.url()).pathname, r.headers()['content-encoding']));
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'load' });
    await page.waitForSelector('h1');
    // A drop runs in the worker: by then the worker has its copy of the glue.
    await andSettle(page, async () => dropFiles(page, [{ name: 'leaf.pem', bytes: await fixture('certs/rsa-leaf.pem') }]));
    assert.ok(await page.locator('#certificates').count(), 'the dropped certificate is shown');
    assert.equal(hits.get(`/${glue}`), 1, `glue requests: ${JSON.stringify([...hits])}`);
    assert.equal(hits.get(`/${wasm}`), 1, `wasm requests: ${JSON.stringify([...hits])}`);
    assert.equal(encodings.get(`/${wasm}`), 'br');
    assert.equal(encodings.get(`/${glue}`), 'br');
    // The engine too, once, although the page has started a worker ahead and the drop ran in it.
    assert.equal(hits.get(`/${engineGlue}`), 1, `engine glue requests: ${JSON.stringify([...hits])}`);
    assert.equal(hits.get(`/${engineWasm}`), 1, `engine wasm requests: ${JSON.stringify([...hits])}`);
    assert.equal(encodings.get(`/${engineWasm}`), 'br');
    assert.equal(encodings.get(`/${engineGlue}`), 'br');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  }
});
