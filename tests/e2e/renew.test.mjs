// End-to-end, issue 29 (renewals that keep the pins working), the page side. A user drops the
// certificate and key the backend serves, renews with the same key from the Make panel's CSR
// tab, and a CA (openssl x509 -req with the fixtures' CA) signs the request: the certificate
// it returns has the pin the chart's init container computed for the current key
// (tests/fixtures/renew/pin.txt, written by openssl in generate.sh). Then the Pins tab plans the
// next key: the values list the current pin and the next one, the key is blurred until Show,
// and every download has its own name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, stop, andSettle, dropFiles, fixture, FIXTURES, SCREENSHOTS } from './harness.mjs';

let h;
let dir;
before(async () => {
  h = await start();
  dir = await mkdtemp(join(tmpdir(), 'certlens-renew-'));
});
after(async () => {
  if (h) await stop(h);
  if (dir) await rm(dir, { recursive: true, force: true });
});

function openssl(args, input) {
  const r = spawnSync('openssl', args, { input });
  if (r.error && r.error.code === 'ENOENT') throw new Error('this test needs the openssl command (apt-get install openssl)');
  assert.equal(r.status, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The SPKI SHA-256 pin of a certificate, as the chart's init container computes it. */
function pinOf(certFile) {
  const pub = openssl(['x509', '-in', certFile, '-noout', '-pubkey']);
  const der = openssl(['pkey', '-pubin', '-outform', 'DER'], pub);
  return String(openssl(['dgst', '-sha256', '-r'], der)).split(' ')[0];
}

async function download(locator) {
  const [dl] = await Promise.all([h.page.waitForEvent('download'), locator.click()]);
  const to = join(dir, dl.suggestedFilename());
  await dl.saveAs(to);
  return { name: dl.suggestedFilename(), path: to };
}

const PIN = String(await readFile(join(FIXTURES, 'renew', 'pin.txt'))).trim();

test('renew with the same key: the CA-signed renewal keeps the pin', async () => {
  const files = [
    { name: 'tls.crt', bytes: await fixture('renew/tls.crt') },
    { name: 'tls.key', bytes: await fixture('renew/tls.key') },
  ];
  await andSettle(h.page, () => dropFiles(h.page, files));
  await h.page.locator('.make-tabs button', { hasText: 'CSR' }).click();
  const offer = h.page.locator('.renew-offer');
  assert.match(await offer.innerText(), /#0 \(lightrun\.example\.com\) and its private key/);
  await h.page.locator('button.renew-same-key').click();
  await h.page.waitForSelector('.make-summary, .make-error');
  assert.equal(await h.page.locator('.make-error').count(), 0);
  assert.match(await h.page.locator('.make-summary').innerText(),
    /A renewal request for lightrun\.example\.com, lightrun-backend, 10\.0\.0\.7/);
  const note = await h.page.locator('.pin-note').innerText();
  assert.ok(note.startsWith(`Same key, same pin: ${PIN}.`), note);
  const csr = await download(h.page.locator('.make-result .output button', { hasText: 'Download' }).first());
  assert.equal(csr.name, 'lightrun.example.com-renewal.csr');
  // The CA signs it (copying the requested names), as a renewal at a CA does.
  const crt = join(dir, 'renewed.crt');
  openssl(['x509', '-req', '-in', csr.path, '-CA', join(FIXTURES, 'renew', 'ca.pem'),
    '-CAkey', join(FIXTURES, 'renew', 'ca.key'), '-days', '30', '-copy_extensions', 'copy',
    '-set_serial', '2', '-out', crt]);
  assert.equal(pinOf(crt), PIN);
  const text = String(openssl(['x509', '-in', crt, '-noout', '-ext', 'subjectAltName']));
  assert.match(text, /DNS:lightrun\.example\.com, DNS:lightrun-backend, IP Address:10\.0\.0\.7/);
  await h.page.locator('.renew-offer').scrollIntoViewIfNeeded();
  await h.page.screenshot({ path: join(SCREENSHOTS, 'panel-make-renew.png') });
});

test('the next key, pinned ahead: values list the current pin and the next one', async () => {
  await h.page.locator('#outputs .tabs button', { hasText: 'security_pinned_hashes' }).click();
  await h.page.locator('button.plan-next-key').click();
  await h.page.waitForSelector('#out-pins-ahead');
  const yaml = await h.page.locator('#out-pins-ahead pre').innerText();
  const listed = [...yaml.matchAll(/^\s*- ([0-9a-f]{64})$/gm)].map((m) => m[1]);
  assert.equal(listed.length, 2, yaml);
  assert.equal(listed[0], PIN);
  assert.notEqual(listed[1], PIN);
  assert.match(yaml, /security_pinned_hashes:/);
  const plan = await h.page.locator('.next-key-plan').innerText();
  assert.ok(plan.includes(`current: #0 (lightrun.example.com) (served now)`), plan);
  assert.match(plan, /The agents take one pin/);
  assert.equal(await h.page.locator('#out-next-key pre.concealed').count(), 1, 'the next key is blurred');
  assert.equal(await h.page.locator('#out-next-csr pre.concealed').count(), 0);
  const names = [];
  for (const id of ['out-pins-ahead', 'out-next-csr', 'out-next-key']) {
    names.push((await download(h.page.locator(`#${id} button`, { hasText: 'Download' }))).name);
  }
  assert.deepEqual(names, ['lightrun.example.com-pins-ahead.yaml', 'lightrun.example.com-next.csr',
    'lightrun.example.com-next.key']);
  // The next key's request is the next pin's, and carries the current names.
  const reqPub = openssl(['req', '-in', join(dir, names[1]), '-noout', '-verify', '-pubkey']);
  const reqDer = openssl(['pkey', '-pubin', '-outform', 'DER'], reqPub);
  assert.equal(String(openssl(['dgst', '-sha256', '-r'], reqDer)).split(' ')[0], listed[1]);
  const reqText = String(openssl(['req', '-in', join(dir, names[1]), '-noout', '-text']));
  assert.match(reqText, /DNS:lightrun\.example\.com, DNS:lightrun-backend, IP Address:10\.0\.0\.7/);
  await h.page.locator('#next-key').screenshot({ path: join(SCREENSHOTS, 'panel-outputs-next-key.png') });
});

test('nothing left the page, no CSP violation, no page error', async () => {
  assert.deepEqual(h.afterLoad(), []);
  assert.deepEqual(h.violations, []);
  assert.deepEqual(h.pageErrors, []);
});
