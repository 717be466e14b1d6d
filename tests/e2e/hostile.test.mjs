// Hostile inputs of issue 26, in the browser against the release dist/: each is made here (node's
// crypto and openssl), dropped on the page, and the page's worker must keep answering — the
// analysis settles (with a report or a message naming a limit) while the page keeps drawing
// frames, and a real chain dropped next is analysed and shown with openssl's pins. Nothing
// asserts a duration (machines vary; the core's tests and benches count the work): the waits
// are generous, the page only has to survive.
//
// Which part of the core each case leans on:
//  * many Ed448 keys, one DH-4096 key repeated, a Secret with very many entries: key derivation
//    priced in the work budget and remembered by key content (keys/cost.rs), and linear Secret
//    entry handling; without them the worker works for minutes and the waits run out;
//  * `- ? ` nested 10,000 deep: the YAML pre-check seeing complex keys (input/yaml.rs);
//    without it, the worker's stack overflows ("The analysis stopped: ... Maximum call stack
//    size exceeded"; the page survives, but the input gets no message of its own);
//  * control characters and bidi overrides in a CN: needs nothing else (the page renders text,
//    never markup or terminal codes); the CN is shown and the worker answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, stop, fixture, dropFiles, generation, SCREENSHOTS, FIXTURES } from './harness.mjs';

const expected = JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8'));
// Generous: several minutes for one hostile drop on a slow, shared machine (HOSTILE_WAIT_MS to
// change it).
const WAIT = Number(process.env.HOSTILE_WAIT_MS) || 300_000;
let h;

before(async () => { h = await start(); });
after(async () => { if (h) await stop(h); });

/** Run `action`; wait (up to WAIT) until the page shows a newer generation its worker is done with. */
async function settle(action) {
  const g = await generation(h.page);
  await action();
  await h.page.waitForFunction((prev) => {
    const m = document.querySelector('main');
    return m && Number(m.dataset.generation) > prev && m.dataset.busy === 'false';
  }, g, { timeout: WAIT, polling: 250 });
}

async function clear() {
  const btn = h.page.locator('button', { hasText: 'Clear all' });
  if (await btn.count()) await settle(() => btn.first().click());
}

/** Drops one hostile file, counting animation frames until the analysis settles. */
async function dropHostile(name, bytes) {
  await clear();
  await h.page.evaluate(() => {
    window.__frames = 0;
    const tick = () => { window.__frames++; window.__raf = requestAnimationFrame(tick); };
    window.__raf = requestAnimationFrame(tick);
  });
  await settle(() => dropFiles(h.page, [{ name, bytes }]));
  const frames = await h.page.evaluate(() => { cancelAnimationFrame(window.__raf); return window.__frames; });
  assert.ok(frames > 0, `${name}: the page drew no frame while the worker worked`);
  await h.page.screenshot({ path: join(SCREENSHOTS, `hostile-${name}.png`) });
  // Ends in a report or a message naming a limit, never in the worker dying (a stack overflow
  // shows "The analysis stopped: ... Maximum call stack size exceeded").
  const stopped = await h.page.locator('p.note.error[role="alert"]').allInnerTexts();
  assert.deepEqual(stopped.filter((t) => t.startsWith('The analysis stopped')), [], `${name}: the worker died`);
}

/** The worker still answers: a real chain dropped after the hostile input is shown. */
async function workerAnswers(after) {
  await clear();
  const bytes = await fixture('inputs/chain-correct.pem');
  await settle(() => dropFiles(h.page, [{ name: 'chain-correct.pem', bytes }]));
  const pins = await h.page.locator('li.cert').evaluateAll((els) => els.map((e) => e.dataset.pin));
  const want = expected.inputs['inputs/chain-correct.pem'].certs.map((n) => expected.certs[n].spki_sha256);
  assert.deepEqual(pins.sort(), want.sort(), `worker answers after ${after}`);
  assert.deepEqual(h.pageErrors, [], `after ${after}`);
}

const pem = (key) => key.export({ type: 'pkcs8', format: 'pem' });

const cases = [
  // 3,000 distinct keys: each must be expanded to its public key (Ed448 ~12 ms natively).
  ['ed448-many.pem', 'the key-derivation budget', () =>
    Buffer.from(Array.from({ length: 3000 }, () => pem(generateKeyPairSync('ed448').privateKey)).join(''))],
  // One DH key on the 4096-bit MODP group (RFC 3526), 1,000 times: y = g^x mod p each time.
  ['dh-repeated.pem', 'derived keys remembered', () =>
    Buffer.from(pem(generateKeyPairSync('dh', { group: 'modp16' }).privateKey).repeat(1000))],
  // Complex keys nested 10,000 deep: the loader recursed once per level.
  ['deep-complex-keys.yaml', 'the YAML depth pre-check', () => Buffer.from(`x:\n${'- ? '.repeat(10_000)}y\n`)],
  // A Secret with 60,000 entries.
  ['secret-many-entries.yaml', 'linear Secret entries', () => Buffer.from(
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: many\ntype: Opaque\ndata:\n' +
    Array.from({ length: 60_000 }, (_, i) => `  k${i}: ${Buffer.from(`v${i}`).toString('base64')}\n`).join(''))],
];

for (const [name, leansOn, make] of cases) {
  test(`hostile ${name} (${leansOn}): the worker settles and keeps answering`, async () => {
    await dropHostile(name, make());
    await workerAnswers(name);
  });
}

test('hostile CN with ESC, BEL, CR/LF, C1 and bidi controls: shown as text, the worker keeps answering', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'certlens-hostile-'));
  try {
    const cn = '\x1b[2J\x1b[H\x07no problems found\r\n\u009b\u202e';
    const crt = join(dir, 'cn.crt');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', join(dir, 'cn.key'), '-out', crt, '-days', '30', '-utf8', '-subj', `/CN=${cn}`,
    ], { stdio: 'pipe' });
    const bytes = await readFile(crt);
    // The pin as node's crypto computes it from the certificate openssl wrote.
    const spki = new X509Certificate(bytes).publicKey.export({ type: 'spki', format: 'der' });
    const pin = createHash('sha256').update(spki).digest('hex');
    await dropHostile('control-cn.pem', bytes);
    const row = h.page.locator(`li.cert[data-pin="${pin}"]`);
    assert.equal(await row.count(), 1, 'the certificate is listed');
    assert.ok((await row.innerText()).includes('no problems found'), await row.innerText());
    await workerAnswers('control-cn.pem');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
