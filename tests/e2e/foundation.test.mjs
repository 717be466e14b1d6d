// End-to-end: the release build in Debian's Chromium. Drop a real PEM file, check what the page
// shows, and prove that nothing left the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { start, stop, fixture, dropFiles, SCREENSHOTS } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { if (h) await stop(h); });

test('every request during load went to the page itself', () => {
  assert.ok(h.requests.length >= 3, `expected html, js, wasm, css; saw ${h.requests.length}`);
  // blob: URLs of this origin are the checked glue imported from memory (www/loader.js): no
  // network request, and only script already running in the page can mint one.
  for (const r of h.requests) {
    assert.ok(r.url.startsWith(h.origin + '/') || r.url.startsWith(`blob:${h.origin}/`), `request to another origin: ${r.url}`);
  }
});

test('a dropped PEM chain is listed block by block', async () => {
  const bytes = await fixture('inputs/chain-correct.pem');
  await dropFiles(h.page, [{ name: 'chain-correct.pem', bytes }]);
  const blocks = h.page.locator("li.file[data-file='chain-correct.pem'] li.block");
  await blocks.nth(2).waitFor();
  assert.equal(await blocks.count(), 3);
  const labels = await blocks.locator('.block-label').allInnerTexts();
  assert.deepEqual(labels, ['CERTIFICATE', 'CERTIFICATE', 'CERTIFICATE']);
  await h.page.screenshot({ path: join(SCREENSHOTS, 'foundation-dropped-chain.png'), fullPage: true });
});

test('the file picker and the paste box read input too, and bad input gets a specific error', async () => {
  const bad = await fixture('inputs/bad/truncated.pem');
  await h.page.setInputFiles('#file-picker', { name: 'truncated.pem', mimeType: 'application/x-pem-file', buffer: bad });
  const err = h.page.locator("li.file[data-file='truncated.pem'] li.error");
  await err.waitFor();
  assert.match(await err.innerText(), /^truncated\.pem, block 1 \(line \d+, CERTIFICATE\): missing END line/);

  const key = (await fixture('keys/rsa-leaf.pkcs1.pem')).toString();
  await h.page.fill('#paste-box', key);
  await h.page.click('text=Read pasted text');
  const pasted = h.page.locator("li.file[data-file='pasted text 1'] .block-label");
  await pasted.waitFor();
  assert.equal(await pasted.innerText(), 'RSA PRIVATE KEY');
  await h.page.screenshot({ path: join(SCREENSHOTS, 'foundation-errors-and-paste.png'), fullPage: true });

  await h.page.click('text=Clear all');
  assert.equal(await h.page.locator('li.file').count(), 0);
});

test('nothing was requested after load, no CSP violation, no page error', () => {
  assert.deepEqual(h.afterLoad().map((r) => r.url), []);
  assert.deepEqual(h.violations, []);
  assert.deepEqual(h.pageErrors, []);
});
