// End-to-end, issue 24: the per-client verdicts under each chain, and declaring a root trusted.
// Fixtures and the real clients' verdicts: tests/fixtures/paths/ (generate.sh, expected.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { start, stop, fixture, dropFiles, andSettle, FIXTURES, SCREENSHOTS } from './harness.mjs';

const exp = JSON.parse(await readFile(join(FIXTURES, 'paths', 'expected.json'), 'utf8'));
let h;

before(async () => { h = await start(); });
after(async () => { if (h) await stop(h); });

async function clear() {
  const btn = h.page.locator('button', { hasText: 'Clear all' });
  if (await btn.count()) await btn.first().click();
  await h.page.waitForSelector('li.file', { state: 'detached' }).catch(() => {});
}

/** Drop a path case's files: its peer, its untrusted intermediates and its (undeclared) roots. */
async function dropCase(name) {
  const c = exp.cases[name];
  const files = [];
  for (const f of [c.peer, ...c.untrusted, ...c.trusted]) {
    files.push({ name: f, bytes: await fixture(`paths/${name}/${f}`) });
  }
  await andSettle(h.page, () => dropFiles(h.page, files));
}

/** { client: outcome } of the first chain's rows. */
async function rows() {
  return h.page.locator('.chain').first().locator('.client-row').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.dataset.client, e.dataset.outcome])));
}

async function trustTheRoot() {
  await andSettle(h.page, () => h.page.locator('button.trust-root').first().click());
}

test('per-client rows agree with the real clients once the case\'s root is trusted', async () => {
  await clear();
  const name = 'intermediate-eku-no-serverauth';
  const v = exp.cases[name].verdicts;
  // The corpus has clients that reject this chain (and one that accepts it).
  assert.ok(Object.values(v).some((x) => !x.accept) && Object.values(v).some((x) => x.accept));
  await dropCase(name);
  // Given beside the chain, the root is offered, named, and not assumed: every client rejects.
  const offered = h.page.locator('.offered-anchor');
  assert.match(await offered.innerText(), /Paths Root/);
  assert.deepEqual(Object.values(await rows()), ['rejects', 'rejects', 'rejects', 'rejects']);
  await trustTheRoot();
  const word = (accept) => (accept ? 'accepts' : 'rejects');
  assert.deepEqual(await rows(), {
    openssl: word(v.openssl.accept),
    java: word(v.java.accept),
    go: word(v.go.accept),
    // Browsers: the stricter of pyca/cryptography and rustls-webpki.
    browser: word(v.pyca.accept && v.webpki.accept),
  });
  const badge = await h.page.locator('.chain .overall-badge').first().innerText();
  assert.match(badge, /^Fails: /);
  // The rejecting rows name the certificate (the intermediate) the rule is about.
  const openssl = await h.page.locator('.client-row[data-client="openssl"]').first().innerText();
  assert.match(openssl, /About #\d+ \(Paths Int EKU clientAuth\)/);
  // The declared root is listed with its SHA-256 fingerprint.
  const declared = h.page.locator('.trusted-root');
  assert.equal(await declared.count(), 1);
  assert.match(await declared.innerText(), /Paths Root[\s\S]*SHA-256 [0-9a-f]{64}/);
  await declared.screenshot({ path: join(SCREENSHOTS, 'panel-trusted-roots.png') });
  await h.page.setViewportSize({ width: 1440, height: 900 });
  await h.page.screenshot({ path: join(SCREENSHOTS, 'verdicts-1440.png'), fullPage: false });
  await h.page.locator('#chain').screenshot({ path: join(SCREENSHOTS, 'panel-chain-verdicts.png') });
  await h.page.setViewportSize({ width: 390, height: 844 });
  await h.page.locator('#chain').screenshot({ path: join(SCREENSHOTS, 'panel-chain-verdicts-phone.png') });
  await h.page.setViewportSize({ width: 1280, height: 900 });
});

test('a private chain with its root: "Trust this root" turns fails into works, "Stop trusting" back', async () => {
  await clear();
  assert.equal(await h.page.locator('.trusted-root').count(), 0, 'Clear all forgets declared roots');
  const name = 'good-rsa';
  for (const k of ['openssl', 'java', 'go', 'pyca', 'webpki']) assert.equal(exp.cases[name].verdicts[k].accept, true, k);
  await dropCase(name);
  const badge = h.page.locator('.chain .overall-badge').first();
  assert.match(await badge.innerText(), /^Fails: OpenSSL, Java, Go and browsers reject it$/);
  await trustTheRoot();
  assert.equal(await badge.innerText(), 'Works for OpenSSL, Java, Go and browsers');
  assert.deepEqual(Object.values(await rows()), ['accepts', 'accepts', 'accepts', 'accepts']);
  assert.match(await h.page.locator('.path-anchor').first().innerText(), /Ends at Paths Root \(a root you declared trusted\)/);
  assert.equal(await h.page.locator('.offered-anchor').count(), 0);
  await andSettle(h.page, () => h.page.locator('.trusted-root button', { hasText: 'Stop trusting' }).click());
  assert.match(await badge.innerText(), /^Fails: /);
  assert.equal(await h.page.locator('.trusted-root').count(), 0);
  // Nothing of it was stored.
  const stored = await h.page.evaluate(() => localStorage.length + sessionStorage.length);
  assert.equal(stored, 0);
  assert.deepEqual(h.violations, []);
  assert.deepEqual(h.pageErrors, []);
});

test('a private CA made in the Make panel is declared trusted, and says so', async () => {
  await clear();
  await h.page.locator('.make-tabs button', { hasText: 'Private CA' }).click();
  await h.page.fill('#make-release', 'lightrun');
  await h.page.fill('#make-namespace', 'lr-prod');
  await andSettle(h.page, async () => {
    await h.page.locator('.make-form button[type=submit]').click();
    await h.page.waitForSelector('.make-summary, .make-error');
  });
  assert.match(await h.page.locator('.make-summary').innerText(), /trusted in this tab because you made it here/);
  const declared = h.page.locator('.trusted-root');
  assert.equal(await declared.count(), 1);
  assert.match(await declared.innerText(), /lightrun internal CA \(lr-prod\)[\s\S]*trusted because you made it here[\s\S]*SHA-256 [0-9a-f]{64}/);
  // Every service chain ends at the declared CA: none offers it again.
  assert.equal(await h.page.locator('.offered-anchor').count(), 0);
  const anchors = await h.page.locator('.path-anchor').allInnerTexts();
  assert.ok(anchors.length >= 6, anchors.join('\n'));
  for (const a of anchors) assert.match(a, /Ends at lightrun internal CA \(lr-prod\) \(a root you declared trusted\)/);
  const badges = await h.page.locator('.overall-badge').allInnerTexts();
  assert.ok(badges.length >= 6);
  for (const b of badges) assert.equal(b, 'Works for OpenSSL, Java, Go and browsers');
  await clear();
  assert.equal(await h.page.locator('.trusted-root').count(), 0);
});
