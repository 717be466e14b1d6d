// Bounded work, in the browser against the release dist/: each crafted input of the review
// (tests/crafted/, written by make.mjs) is dropped on the page. Each must end in its clear
// message (or, for the RSA-16384 roots, in a report whose self-signatures are not checked),
// while the page keeps rendering frames, and the worker must still answer afterwards: a real
// certificate dropped next is analysed. Nothing here asserts a duration (CI machines vary):
// the core's tests count the work, the page only has to survive it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { start, stop, fixture, dropFiles, andSettle, ROOT, FIXTURES, SCREENSHOTS } from './harness.mjs';

const CRAFTED = join(ROOT, 'tests', 'crafted');
const expected = JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8'));
let h;

before(async () => { h = await start(); });
after(async () => { if (h) await stop(h); });

async function clear() {
  const btn = h.page.locator('button', { hasText: 'Clear all' });
  if (await btn.count()) await andSettle(h.page, () => btn.first().click());
}

/** Drops `name`, counting animation frames until the analysis settles. */
async function dropCrafted(name) {
  await clear();
  const bytes = await readFile(join(CRAFTED, name));
  await h.page.evaluate(() => {
    window.__frames = 0;
    const tick = () => { window.__frames++; window.__raf = requestAnimationFrame(tick); };
    window.__raf = requestAnimationFrame(tick);
  });
  await andSettle(h.page, () => dropFiles(h.page, [{ name, bytes }]));
  const frames = await h.page.evaluate(() => { cancelAnimationFrame(window.__raf); return window.__frames; });
  assert.ok(frames > 0, `${name}: the page drew no frame while the worker worked`);
  return h.page.locator('main').innerText();
}

/** The worker still answers: a real chain dropped after the crafted input is analysed. */
async function workerAlive(after) {
  await clear();
  const bytes = await fixture('inputs/chain-correct.pem');
  await andSettle(h.page, () => dropFiles(h.page, [{ name: 'chain-correct.pem', bytes }]));
  const pins = await h.page.locator('li.cert').evaluateAll((els) => els.map((e) => e.dataset.pin));
  const want = expected.inputs['inputs/chain-correct.pem'].certs.map((n) => expected.certs[n].spki_sha256);
  assert.deepEqual(pins.sort(), want.sort(), `worker answers after ${after}`);
}

const cases = [
  ['yaml-alias-bytes.yaml', 'would expand to about 37 MB, over the limit of 32 MB'],
  ['dsa-big-p.pem', 'DSA prime p has 65536 bits, over the 4096 bits'],
  ['pbmac1-long-key.p12', 'the PBMAC1 key length is 1024 bytes'],
  ['six-pkcs12.pem', 'key-derivation work for this pool'],
];

for (const [name, message] of cases) {
  test(`crafted ${name}: refused with a message naming the limit; the page and its worker live on`, async () => {
    const text = await dropCrafted(name);
    assert.ok(text.includes(message), `${name}: "${message}" not shown:\n${text.slice(0, 2000)}`);
    await h.page.screenshot({ path: join(SCREENSHOTS, `crafted-${name}.png`) });
    await workerAlive(name);
  });
}

test('crafted RSA-16384 roots: listed, their own signatures not checked; the worker lives on', async () => {
  await dropCrafted('rsa-16384-roots.pem');
  assert.equal(await h.page.locator('li.cert').count(), 28);
  await workerAlive('rsa-16384-roots.pem');
  assert.deepEqual(h.pageErrors, []);
  assert.deepEqual(h.afterLoad(), []);
});
