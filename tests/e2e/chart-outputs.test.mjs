// End-to-end (UNRUN when written: no browser was available; written after app.test.mjs): the
// outputs the real chart needs beyond certificate.tls. Internal TLS fills every key the chart
// mounts (seven), Keycloak is offered the internal CA, the Custom CA tab gives
// secrets.customCa from the root of the chain, and the encryption-key tab rotates from a pasted
// backend Secret, writing every key. Values are compared with openssl's (expected.json,
// enckeys/expected.json), after decoding the Base64 the way the cluster does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { start, stop, fixture, dropFiles, andSettle, FIXTURES, SCREENSHOTS } from './harness.mjs';

const keys = JSON.parse(await readFile(join(FIXTURES, 'enckeys/expected.json'), 'utf8'));
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

const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const unb64 = (text) => Buffer.from(text, 'base64').toString('utf8');

/** The value after `key: ` on its line in a YAML text. */
function valueOf(yaml, key) {
  const m = yaml.match(new RegExp(`^\\s*${key}: (\\S+)$`, 'm'));
  return m ? m[1].replace(/^"|"$/g, '') : null;
}

test('internal TLS with the default services fills all seven keys the chart mounts', async () => {
  await clear();
  await drop('certs/internal-services.pem', 'keys/internal-services.key', 'certs/rsa-int.pem', 'certs/rsa-root.pem');
  await h.page.locator('.tabs button', { hasText: 'Internal TLS' }).click();
  await h.page.fill('#internal-namespace', 'lightrun');
  const iv = await h.page.locator('#out-internal-values pre').innerText();
  for (const k of ['frontend', 'keycloak', 'keycloak_cluster', 'redis', 'rabbitmq', 'data_streamer', 'artifacts']) {
    const name = valueOf(iv, k);
    assert.ok(name && name.length > 0, `${k} is filled`);
  }
  const secrets = await h.page.locator('#out-internal-secrets pre').innerText();
  assert.ok(secrets.includes('name: lightrun-keycloak-cluster-tls'));
  assert.ok(secrets.includes('name: lightrun-artifacts-tls'));
  // Keycloak trusts the internal CA through secrets.customCa, in the same values block (as
  // `new internal-tls` writes it).
  assert.equal(unb64(valueOf(iv, 'customCaCertificate')), (await fixture('certs/rsa-root.pem')).toString('utf8'));
  await h.page.locator('#outputs').screenshot({ path: join(SCREENSHOTS, 'panel-outputs-internal-tls-seven.png') });
});

test('the Custom CA tab gives the root of the chain, and a leaf alone is an error', async () => {
  await clear();
  await drop('inputs/chain-shuffled.pem');
  await h.page.locator('.tabs button', { hasText: 'Custom CA' }).click();
  const v = await h.page.locator('#out-customca-values pre').innerText();
  assert.equal(unb64(valueOf(v, 'customCaCertificate')), (await fixture('certs/rsa-root.pem')).toString('utf8'));
  const s = await h.page.locator('#out-customca-secret pre').innerText();
  assert.ok(s.includes('name: lightrun-custom-ca-certificate'));
  assert.equal(valueOf(s, 'custom-ca.pem'), b64(await fixture('certs/rsa-root.pem')));
  assert.ok((await h.page.locator('#out-customca-existing pre').innerText()).includes('existingCaSecret: lightrun-custom-ca-certificate'));
  await h.page.locator('#outputs').screenshot({ path: join(SCREENSHOTS, 'panel-outputs-custom-ca.png') });

  await clear();
  await drop('certs/rsa-leaf.pem');
  await h.page.locator('.tabs button', { hasText: 'Custom CA' }).click();
  assert.match(await h.page.locator('#outputs .note.error').innerText(), /only a leaf certificate was given/);
});

test('the encryption-key tab rotates from a pasted Secret, writing every key plus N+1', async () => {
  await h.page.locator('.tabs button', { hasText: 'Encryption key' }).click();
  await h.page.locator('button', { hasText: 'Generate a new key' }).click();
  const key = await h.page.inputValue('#enc-new');
  await h.page.fill('#enc-existing', (await fixture('enckeys/backend-two-keys.data.yaml')).toString('utf8'));
  const out = await h.page.locator('#out-enc-secret pre').innerText();
  assert.equal(valueOf(out, 'encryption-key-0'), keys['encryption-key-0']);
  assert.equal(valueOf(out, 'encryption-key-1'), keys['encryption-key-1']);
  assert.equal(valueOf(out, 'encryption-key-2'), key);
  assert.ok(out.includes('stringData:'));
  assert.ok(out.includes('namespace: lr-prod'));
  assert.match(await h.page.locator('#outputs ul.notes').innerText(), /read 2 existing keys from Secret lightrun-backend, data/);
  await h.page.locator('#outputs').screenshot({ path: join(SCREENSHOTS, 'panel-outputs-encryption-key-rotate-from.png') });
});
