// End-to-end, issue 16: what the page's chain view says where strict TLS clients would fail.
// Fixtures and openssl's values: tests/fixtures/strict/ (generate.sh --strict-only).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { start, stop, fixture, dropFiles, andSettle, FIXTURES, SCREENSHOTS } from './harness.mjs';

const exp = JSON.parse(await readFile(join(FIXTURES, 'strict', 'expected.json'), 'utf8'));
let h;

before(async () => { h = await start(); });
after(async () => { if (h) await stop(h); });

async function clear() {
  const btn = h.page.locator('button', { hasText: 'Clear all' });
  if (await btn.count()) await btn.first().click();
  await h.page.waitForSelector('li.file', { state: 'detached' }).catch(() => {});
}

async function drop(...rels) {
  const files = [];
  for (const rel of rels) files.push({ name: rel.split('/').pop(), bytes: await fixture(rel) });
  await andSettle(h.page, () => dropFiles(h.page, files));
}

test('a wrong intermediate: the leaf is the chain, the missing issuer is named, B is not it', async () => {
  await clear();
  await drop('strict/missing-middle.pem');
  assert.deepEqual(await h.page.locator('.chain-card .card-name').allInnerTexts(), ['strict.example.test']);
  const missing = await h.page.locator('.missing-issuer').innerText();
  assert.ok(missing.includes(exp.leaf_issuer), missing);
  assert.ok(missing.includes(exp.leaf_aki), missing);
  assert.ok(missing.includes(exp.leaf_ca_issuers), missing);
  const notIt = await h.page.locator('.missing-issuer .not-it li').evaluateAll((els) => els.map((e) => e.dataset.index));
  assert.deepEqual(notIt, ['1', '2']);
  assert.match(await h.page.locator('.missing-issuer .not-it li').first().innerText(), /certlens Strict Issuing CA B\) is not it: its subject is/);
  const trust = await h.page.locator('.chain .note', { hasText: 'Trust:' }).innerText();
  assert.match(trust, /ends at the leaf strict\.example\.test, whose issuer certlens Strict Issuing CA A is not in the input/);
  const codes = await h.page.locator('li.finding').evaluateAll((els) => els.map((e) => e.dataset.code));
  assert.ok(codes.includes('missing_intermediate'), codes.join());
  assert.ok(!codes.includes('unrelated_certificate'), codes.join());
  await h.page.locator('#chain').screenshot({ path: join(SCREENSHOTS, 'panel-chain-missing-issuer.png') });
});

test('a real public chain sent without its root: complete, its root is in Mozilla\'s store', async () => {
  await clear();
  await drop('strict/public-amazon.pem');
  const trust = h.page.locator('.chain .note', { hasText: 'Trust:' });
  assert.match(await trust.innerText(), /ends at Amazon RSA 2048 M03, issued by Amazon Root CA 1, which is in Mozilla's root store \(snapshot 2026-10-23\)/);
  assert.ok(await trust.evaluate((e) => e.classList.contains('ok')));
  assert.equal(await h.page.locator('.missing-issuer').count(), 0);
  await h.page.locator('#chain').screenshot({ path: join(SCREENSHOTS, 'panel-chain-public-root.png') });
});

test('a private chain without its root, appended bytes, a cut key', async () => {
  await clear();
  await drop('inputs/chain-no-root.pem');
  const trust = h.page.locator('.chain .note', { hasText: 'Trust:' });
  assert.match(await trust.innerText(), /whose issuer certlens Test RSA Root CA is neither in the input nor a public root/);
  assert.ok(await trust.evaluate((e) => e.classList.contains('warning')));
  await clear();
  await drop('strict/appended.pem', 'strict/truncated-encrypted.key');
  const codes = await h.page.locator('li.finding').evaluateAll((els) => els.map((e) => e.dataset.code));
  assert.ok(codes.includes('encoding_rejected'), codes.join());
  const body = await h.page.locator('body').innerText();
  assert.ok(body.includes('x509: trailing data'), 'trailing data named');
  assert.ok(body.includes(`but the block holds ${exp.truncated_held}: the file was cut off`), 'cut key named');
  await h.page.locator('#findings').screenshot({ path: join(SCREENSHOTS, 'panel-findings-strict.png') });
});
