// The example docs page (examples/docs-page/) imports pkg/ as is and shows a pasted
// certificate's pins: Debian's Chromium through playwright-core, the repository root served on
// 127.0.0.1 with the app's CSP header (scripts/static-server.mjs). Needs pkg/ (build-pkg.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/static-server.mjs';
import { ROOT, expected, fixture } from './helpers.mjs';

let server;
let browser;
let page;
let origin;
const requests = [];
const violations = [];
const pageErrors = [];

before(async () => {
  server = await serve(ROOT, 0);
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction('__cspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  await page.goto(`${origin}/examples/docs-page/`, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

test('a pasted certificate shows its pin, as openssl computes it', async () => {
  await page.fill('#cert', fixture('certs/rsa-leaf.pem', 'utf8'));
  await page.waitForSelector('#pins tr');
  const rows = await page.$$eval('#pins tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.equal(rows.length, 1);
  const [subject, leaf, hex, b64] = rows[0];
  assert.equal(subject, expected.certs['rsa-leaf'].subject);
  assert.equal(leaf, 'yes');
  assert.equal(hex, expected.certs['rsa-leaf'].spki_sha256);
  assert.equal(b64, expected.certs['rsa-leaf'].spki_sha256_base64);
  assert.match(await page.textContent('#yaml'), new RegExp(expected.certs['rsa-leaf'].spki_sha256));
  mkdirSync(join(ROOT, 'test-output/screenshots'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'test-output/screenshots/docs-page-pins.png'), fullPage: true });
});

test('a chain shows every pin, the leaf marked', async () => {
  await page.fill('#cert', fixture('inputs/chain-shuffled.pem', 'utf8'));
  await page.waitForFunction(() => document.querySelectorAll('#pins tr').length === 3);
  const rows = await page.$$eval('#pins tr', (trs) => trs.map((tr) => ({ leaf: tr.children[1].textContent, pin: tr.dataset.pin })));
  const want = expected.inputs['inputs/chain-shuffled.pem'].certs.map((n) => expected.certs[n].spki_sha256);
  assert.deepEqual(rows.map((r) => r.pin), want, 'input order');
  assert.deepEqual(rows.filter((r) => r.leaf === 'yes').map((r) => r.pin), [expected.certs['rsa-leaf'].spki_sha256]);
});

test('text without a certificate shows the CLI message', async () => {
  await page.fill('#cert', 'hello');
  await page.waitForSelector('#status.error');
  assert.match(await page.textContent('#status'), /^nothing to pin: the input holds no certificate/);
  assert.equal(await page.isHidden('#result'), true);
});

test('no CSP violation, no page error, no request leaves the page\'s origin', () => {
  assert.deepEqual(violations, []);
  assert.deepEqual(pageErrors, []);
  assert.ok(requests.length > 0);
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin + '/')), []);
  assert.ok(requests.some((u) => u.endsWith('/pkg/certlens_bg.wasm')), 'the wasm was fetched from pkg/');
});
