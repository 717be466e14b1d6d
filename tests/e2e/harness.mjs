// Shared set-up for the browser tests: serve dist/ on 127.0.0.1, start Debian's Chromium through
// playwright-core, and record every request and every CSP violation the page causes.
import { chromium } from 'playwright-core';
import { cp, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/static-server.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

export async function fixture(rel) {
  return readFile(join(FIXTURES, rel));
}

export async function start() {
  await mkdir(SCREENSHOTS, { recursive: true });
  const server = await serve(join(ROOT, 'dist'), 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  const violations = [];
  const pageErrors = [];
  page.on('request', (r) => requests.push({ url: r.url(), at: Date.now() }));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction('__cspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  const loaded = { at: 0 };
  await page.goto(origin + '/', { waitUntil: 'load' });
  await page.waitForSelector('h1');
  loaded.at = Date.now();
  // blob: is the analysis worker's script, made in memory from the checked glue code
  // (www/loader.js): not a request that leaves the page.
  const afterLoad = () => requests.filter((r) => r.at > loaded.at && !r.url.startsWith('blob:'));
  return { server, browser, context, page, origin, requests, violations, pageErrors, afterLoad };
}

export async function stop(h) {
  await h.browser.close();
  await new Promise((ok) => h.server.close(ok));
}

/** The pool generation the page shows (see <main data-generation>). */
export async function generation(page) {
  return Number(await page.getAttribute('main', 'data-generation'));
}

/** Wait until the page has a newer generation than `before` and its worker is done with it. */
export async function settled(page, before) {
  await page.waitForFunction((g) => {
    const m = document.querySelector('main');
    return m && Number(m.dataset.generation) > g && m.dataset.busy === 'false';
  }, before);
}

/** Run `action`, then wait until the analysis it started is complete. */
export async function andSettle(page, action) {
  const before = await generation(page);
  await action();
  await settled(page, before);
}

/** Drop files on the page the way a user's drag-and-drop does: a DataTransfer with File objects. */
export async function dropFiles(page, files, target = 'h1') {
  const payload = files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64') }));
  const dt = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const { name, b64 } of items) {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bin], name));
    }
    return dt;
  }, payload);
  await page.dispatchEvent(target, 'dragover', { dataTransfer: dt });
  await page.dispatchEvent(target, 'drop', { dataTransfer: dt });
}

/** A copy of dist/ in a temporary folder with the one file `pick` chooses replaced by
 * `mutate(its bytes)`; `rm(dir, { recursive: true })` when done. */
export async function tamperedCopy(pick, mutate) {
  const dir = await mkdtemp(join(tmpdir(), 'certlens-sri-'));
  await cp(join(ROOT, 'dist'), dir, { recursive: true });
  const file = (await readdir(dir)).find(pick);
  if (file) {
    const path = join(dir, file);
    await writeFile(path, mutate(await readFile(path)));
  }
  return { dir, file };
}

/**
 * Serve `dir` (dist/ or a changed copy of it) and open it in a browser of its own, `route(page)`
 * set up first (to answer some requests with changed bytes). Reports whether the page started
 * (its heading within `within` ms), what it logged, `probe(page)`'s answer, and with `drop`,
 * what dropping a certificate gave: the alerts, and whether it was analysed.
 */
export async function startIsolated(dir, { route, probe, drop = false, within = 8000 } = {}) {
  const server = await serve(dir, 0);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const messages = [];
    page.on('console', (m) => messages.push(m.text()));
    page.on('pageerror', (e) => messages.push(String(e)));
    if (route) await route(page);
    await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'load' });
    await page.waitForSelector('h1', { timeout: within }).catch(() => {});
    const started = await page.locator('h1').count();
    const probed = probe ? await probe(page) : undefined;
    let alert = '';
    let analysed = 0;
    if (drop && started) {
      await dropFiles(page, [{ name: 'leaf.pem', bytes: await fixture('certs/rsa-leaf.pem') }]);
      // Either end: the certificate shown, or the worker's failure (other alerts come and go
      // while the drop is read).
      await page.waitForFunction(() => document.getElementById('certificates')
        || [...document.querySelectorAll('[role="alert"]')].some((a) => /worker could not start/.test(a.textContent)),
      null, { timeout: 8000 }).catch(() => {});
      alert = (await page.locator('[role="alert"]').allInnerTexts()).join(' | ');
      analysed = await page.locator('#certificates').count();
    }
    return { started, messages, probed, alert, analysed };
  } finally {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  }
}
