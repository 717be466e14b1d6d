// Hardening, in the browser against the release dist/:
//  * every fixture file (good, bad, encrypted — tests/fixtures, made by generate.sh with openssl)
//    is inspected end to end; what the page shows is compared with openssl's values, and over
//    the whole run nothing is requested, stored or blocked by the CSP, and nothing throws;
//  * Subresource Integrity: a copy of dist/ with one changed byte in the UI's wasm, its glue code
//    or the loader does not start at all; one with a changed engine (the workers' wasm or glue)
//    starts its UI but never runs the changed engine: a drop says the worker could not start;
//  * a 14,000-certificate bundle is analysed in the Web Worker while the page keeps rendering
//    its progress.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { start, stop, fixture, dropFiles, andSettle, generation, settled, startIsolated, tamperedCopy, FIXTURES, SCREENSHOTS } from './harness.mjs';

const expected = JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8'));
const PASSWORD = 'correct horse';
let h;
const workers = [];

before(async () => {
  h = await start();
  h.page.on('worker', (w) => workers.push(w.url()));
});
after(async () => { if (h) await stop(h); });

async function files(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...await files(p));
    else if (!/\.(json|sh|md)$/.test(e.name)) out.push(relative(FIXTURES, p));
  }
  return out.sort();
}

async function clear() {
  const btn = h.page.locator('button', { hasText: 'Clear all' });
  if (await btn.count()) await andSettle(h.page, () => btn.first().click());
}

const pins = () => h.page.locator('li.cert').evaluateAll((els) => els.map((e) => e.dataset.pin));

test('every fixture is inspected in the page: openssl\'s values shown, nothing leaves, nothing breaks', async () => {
  const all = await files(FIXTURES);
  assert.ok(all.length > 100, `fixture set shrank: ${all.length}`);
  let certChecks = 0;
  let keyChecks = 0;
  for (const rel of all) {
    await clear();
    const name = rel.split('/').pop();
    const bytes = await fixture(rel);
    await andSettle(h.page, () => dropFiles(h.page, [{ name, bytes }]));
    // Encrypted keys and PKCS#12 files ask for the password; give it.
    if (await h.page.locator('#password-input').count()) {
      await h.page.fill('#password-input', PASSWORD);
      await andSettle(h.page, () => h.page.press('#password-input', 'Enter'));
    }
    assert.equal(await h.page.locator(`li.file[data-file='${name}']`).count(), 1, `${rel}: listed`);
    // Certificates: exactly the ones openssl found, by SPKI pin.
    const certName = rel.match(/^certs\/(.+)\.(pem|der)$/)?.[1];
    const want = certName ? [certName] : (expected.inputs[rel] || expected.bad[rel])?.certs;
    if (want) {
      const got = await pins();
      assert.deepEqual([...got].sort(), want.map((n) => expected.certs[n].spki_sha256).sort(), `${rel}: certificates`);
      certChecks++;
    }
    // Keys and public keys: openssl's pin is on the page.
    const key = expected.keys[rel] || expected.public_keys[rel];
    if (key?.spki_sha256) {
      assert.ok((await h.page.locator('#keys').innerText()).includes(key.spki_sha256), `${rel}: key pin`);
      keyChecks++;
    }
    // Bad input: an error next to its file, naming it.
    if (rel.startsWith('inputs/bad/') && expected.bad[rel]?.valid_certs_after === 0 && name !== 'empty.pem') {
      const errs = await h.page.locator(`li.file[data-file='${name}'] li.error`).allInnerTexts();
      assert.ok(errs.length > 0 && errs.every((e) => e.startsWith(name)), `${rel}: ${errs}`);
    }
    assert.deepEqual(h.pageErrors, [], `${rel}: page errors`);
  }
  assert.ok(certChecks > 60 && keyChecks > 30, `checked ${certChecks} certificate sets and ${keyChecks} keys`);
  await clear();
  const storage = await h.page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookies: document.cookie,
    idb: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
  }));
  assert.deepEqual(storage, { local: 0, session: 0, cookies: '', idb: 0, caches: 0 });
  assert.deepEqual(h.afterLoad().map((r) => r.url), [], 'requests after load');
  assert.deepEqual(h.violations, [], 'CSP violations');
  assert.ok(workers.length >= 1 && workers.every((u) => u.startsWith(`blob:${h.origin}/`)), `workers: ${workers}`);
});

test('a 14,000-certificate bundle is analysed in the worker while the page keeps showing progress', async () => {
  await clear();
  const ca = await readFile('/etc/ssl/certs/ca-certificates.crt');
  const big = Buffer.concat(Array.from({ length: 100 }, () => ca));
  // Debian's bundle changes with the ca-certificates package (144 roots in 20230311+deb12u1):
  // the expected count is taken from the file itself.
  const total = (100 * ca.toString('latin1').split('-----BEGIN CERTIFICATE-----').length - 100).toLocaleString('en-US');
  const before = await generation(h.page);
  // Record the progress line at every animation frame the page paints while the worker runs
  // (a page blocked by the work paints no frame, so it could show at most one text). Sampling
  // from the test over the DevTools protocol instead missed the describing phase on a loaded
  // machine: it can be shorter than one round trip.
  await h.page.evaluate(() => {
    window.__progressSeen = new Set();
    const look = () => {
      document.querySelectorAll('.work-status label').forEach((l) => window.__progressSeen.add(l.innerText));
      window.__progressFrame = requestAnimationFrame(look);
    };
    look();
  });
  await h.page.setInputFiles('#file-picker', { name: 'huge-bundle.pem', mimeType: 'application/x-pem-file', buffer: big });
  await settled(h.page, before);
  const seen = await h.page.evaluate(() => {
    cancelAnimationFrame(window.__progressFrame);
    return [...window.__progressSeen];
  });
  // Two different states of the work painted while it ran, one of them the count of the
  // blocks being described (how many counts a run shows depends on the machine's speed).
  const described = seen.filter((t) => /^Describing blocks: [\d,]+ of [\d,]+$/.test(t) && t.endsWith(` of ${total}`));
  assert.ok(seen.length >= 2 && described.length >= 1, `progress seen while working (${seen.length}): ${seen.join(' | ')}`);
  await h.page.screenshot({ path: join(SCREENSHOTS, 'huge-bundle.png') });
  const shown = await h.page.locator('#certificates h2').innerText();
  assert.ok(shown.includes(total) || shown.includes(total.replace(/,/g, '')), `${shown} (expected ${total})`);
  assert.deepEqual(h.pageErrors, []);
});

/** Start the page from a copy of dist/ in which `mutate` changed one file. A page that starts
 * shows its heading within 1.5 s here: the copies that must not start are given that long. */
async function tampered(pick, mutate, drop = false) {
  const { dir, file } = await tamperedCopy(pick, mutate);
  try {
    return { file, ...(await startIsolated(dir, { drop, within: 1500 })) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const flipLast = (b) => { const c = Buffer.from(b); c[c.length - 1] ^= 1; return c; };
const appended = (b) => Buffer.concat([b, Buffer.from('\n// changed\n')]);

for (const [what, pick, mutate] of [
  ['the wasm', (f) => /^certlens-web-.*_bg\.wasm$/.test(f), (b) => { const c = Buffer.from(b); c[c.length - 1] ^= 1; return c; }],
  ['the glue code', (f) => /^certlens-web-.*\.js$/.test(f), (b) => Buffer.concat([b, Buffer.from('\n// changed\n')])],
  ['the loader', (f) => f === 'loader.js', (b) => Buffer.concat([b, Buffer.from('\n// changed\n')])],
]) {
  test(`SRI: a copy of dist/ with ${what} changed by one byte does not start`, async () => {
    const { file, started, messages } = await tampered(pick, mutate);
    assert.equal(started, 0, `${file} changed, yet the app started`);
    assert.ok(messages.some((m) => /integrity/i.test(m)), `${file}: ${messages.join(' | ')}`);
  });
}

// The engine loads beside the UI, which does not wait for it: a changed engine cannot stop the
// UI's first render, but its code never runs. The workers are started only from the checked
// bytes, so the first drop finds no worker and says so (the browser names the integrity
// failure), and nothing is analysed.
for (const [what, pick, mutate] of [
  ["the engine's wasm", (f) => /^certlens-engine-.*_bg\.wasm$/.test(f), flipLast],
  ["the engine's glue code", (f) => /^certlens-engine-[0-9a-f]+\.js$/.test(f), appended],
]) {
  test(`SRI: a copy of dist/ with ${what} changed by one byte never runs it`, async () => {
    const { file, started, messages, alert, analysed } = await tampered(pick, mutate, true);
    assert.ok(file, `dist/ has ${what}`);
    assert.equal(started, 1, `the UI starts: ${messages.join(' | ')}`);
    assert.equal(analysed, 0, `${file} changed, yet a drop was analysed`);
    assert.match(alert, /worker could not start/, `${file}: ${alert}`);
    assert.ok(messages.some((m) => /integrity/i.test(m)), `${file}: ${messages.join(' | ')}`);
  });
}

/** Remove what `pattern` matches from index.html; fails if it matches nothing (not vacuous). */
const without = (pattern) => (b) => {
  const html = b.toString('utf8');
  const out = html.replace(pattern, '');
  if (out === html) throw new Error(`index.html has no ${pattern}`);
  return Buffer.from(out, 'utf8');
};

// The loader fails closed: a page whose integrity values were stripped (by a proxy that
// rewrites HTML, or a build without scripts/sri.mjs) must not run code unchecked.
for (const [what, pattern] of [
  ["the wasm's integrity value", / data-wasm-integrity="[^"]*"/],
  ["the glue code's integrity value", / data-js-integrity="[^"]*"/],
  ["the loader's integrity attribute", / integrity="[^"]*"(?= id="certlens-loader")/],
  ["the engine wasm's integrity value", / data-engine-wasm-integrity="[^"]*"/],
  ["the engine glue's integrity value", / data-engine-js-integrity="[^"]*"/],
  ['the import map', /<script type="importmap">[^<]*<\/script>/],
]) {
  test(`SRI: a copy of dist/ without ${what} does not start`, async () => {
    const { started, messages } = await tampered((f) => f === 'index.html', without(pattern));
    assert.equal(started, 0, `${what} removed, yet the app started`);
    assert.ok(messages.some((m) => /integrity|refusing/i.test(m)), messages.join(' | '));
  });
}

test('SRI: the untouched dist/ starts (the tamper tests above are not vacuous)', async () => {
  const { started, messages, alert, analysed } = await tampered((f) => f === 'index.html', (b) => b, true);
  assert.equal(started, 1, messages.join(' | '));
  assert.equal(analysed, 1, `a drop is analysed: ${alert} ${messages.join(' | ')}`);
});
