// End-to-end: the whole inspector in Debian's Chromium against the release dist/. Every kind of
// input is dropped; what the page shows is compared with the values openssl computed in
// tests/fixtures/generate.sh (expected.json). Screenshots of every panel go to
// test-output/screenshots/. Over the whole run: no request after load, no CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { start, stop, fixture, dropFiles, andSettle, FIXTURES, SCREENSHOTS } from './harness.mjs';

const expected = JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8'));
const certs = expected.certs;
let h;

before(async () => {
  h = await start();
  await h.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.origin });
});
after(async () => { if (h) await stop(h); });

async function clear() {
  const btn = h.page.locator('button', { hasText: 'Clear all' });
  if (await btn.count()) await btn.first().click();
  await h.page.waitForSelector('li.file', { state: 'detached' }).catch(() => {});
}

async function drop(...rels) {
  const files = [];
  for (const rel of rels) files.push({ name: rel.split('/').pop(), bytes: await fixture(rel) });
  // The worker analyses the pool; wait for its last answer.
  await andSettle(h.page, () => dropFiles(h.page, files));
}

/** Subjects of the chain cards, leaf first. */
async function chainNames() {
  return h.page.locator('.chain-card .card-name').allInnerTexts();
}

/** Map openssl's certificate names to the CN the page shows. */
function cn(name) {
  return certs[name].subject_utf8.match(/CN=([^,+]+)/)[1];
}

test('a shuffled chain is shown leaf → intermediate → root, misordered, with openssl pins', async () => {
  await clear();
  await drop('inputs/chain-shuffled.pem', 'keys/rsa-leaf.pkcs1.pem');
  assert.deepEqual(await chainNames(), ['rsa-leaf', 'rsa-int', 'rsa-root'].map(cn));
  assert.match(await h.page.locator('.chain .note.error').first().innerText(), /Misordered/);
  const links = await h.page.locator('.chain-link').allInnerTexts();
  assert.equal(links.length, 2);
  for (const l of links) assert.match(l, /signature valid/);
  // Pins on the certificate rows equal openssl's.
  for (const name of ['rsa-leaf', 'rsa-int', 'rsa-root']) {
    const row = h.page.locator(`li.cert[data-pin="${certs[name].spki_sha256}"]`);
    assert.equal(await row.count(), 1, `${name} pin shown`);
  }
  const codes = await h.page.locator('li.finding').evaluateAll((els) => els.map((e) => e.dataset.code));
  assert.ok(codes.includes('chain_misordered'), codes.join());
  assert.ok(codes.includes('key_not_first_certificate'), codes.join());
  assert.match(await h.page.locator('.key .match').innerText(), /Matches certificate #2 \(example\.test\)/);
  await h.page.locator('#findings').screenshot({ path: join(SCREENSHOTS, 'panel-findings.png') });
  await h.page.locator('#chain').screenshot({ path: join(SCREENSHOTS, 'panel-chain.png') });
  await h.page.locator('#keys').screenshot({ path: join(SCREENSHOTS, 'panel-keys.png') });
});

test('certificate details expand; pins copy to the clipboard in hex and Base64', async () => {
  const leaf = h.page.locator(`li.cert[data-pin="${certs['rsa-leaf'].spki_sha256}"]`);
  await leaf.locator('summary').click();
  const pin = leaf.locator('code[data-digest="spki"]');
  assert.equal(await pin.innerText(), certs['rsa-leaf'].spki_sha256);
  await leaf.locator('dd.digest').first().locator('button.copy').click();
  assert.equal(await h.page.evaluate(() => navigator.clipboard.readText()), certs['rsa-leaf'].spki_sha256);
  await h.page.locator('.digest-form label', { hasText: /^Base64$/ }).click();
  assert.equal(await pin.innerText(), certs['rsa-leaf'].spki_sha256_base64);
  await h.page.locator('.digest-form label', { hasText: /^HEX$/ }).click();
  assert.equal(await pin.innerText(), certs['rsa-leaf'].spki_sha256.toUpperCase());
  const text = await leaf.locator('dl.fields').innerText();
  for (const dns of certs['rsa-leaf'].san.dns) assert.ok(text.includes(dns), dns);
  assert.ok(text.includes(certs['rsa-leaf'].serial_hex));
  assert.ok(text.includes(certs['rsa-leaf'].not_after));
  await h.page.locator('#certificates').screenshot({ path: join(SCREENSHOTS, 'panel-certificates.png') });
  await h.page.locator('.digest-form label', { hasText: /^hex$/ }).click();
});

test('Download full-chain.crt gives the chain in the correct order', async () => {
  const [download] = await Promise.all([
    h.page.waitForEvent('download'),
    h.page.locator('button', { hasText: 'Download full-chain.crt' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'full-chain.crt');
  const body = await readFile(await download.path(), 'utf8');
  // The vendor's full chain: certificate → intermediate → root (the root is in the input).
  const expectedPem = (await fixture('certs/rsa-leaf.pem')).toString() + (await fixture('certs/rsa-int.pem')).toString()
    + (await fixture('certs/rsa-root.pem')).toString();
  assert.equal(body, expectedPem);
});

test('every input form shows the certificates openssl found', async () => {
  const forms = [
    'inputs/rsa-leaf.der', 'inputs/ec-leaf.crt', 'inputs/b64-oneline-chain.txt', 'inputs/b64-wrapped-chain.txt',
    'inputs/b64-double.txt', 'inputs/escaped-newlines.txt', 'inputs/secret-tls.yaml', 'inputs/secret-tls.json',
    'inputs/secret-stringdata.yaml', 'inputs/secret-kubectl.yaml', 'inputs/values.yaml', 'inputs/bundle.p7b',
    'inputs/bundle.p7b.der', 'inputs/text-around.pem', 'inputs/crlf.pem', 'inputs/bom.pem',
  ];
  for (const rel of forms) {
    await clear();
    await drop(rel);
    const want = expected.inputs[rel].certs.map((n) => certs[n].spki_sha256);
    const got = await h.page.locator('li.cert').evaluateAll((els) => els.map((e) => e.dataset.pin));
    assert.deepEqual(got, want, rel);
    assert.equal(await h.page.locator('.pool li.error').count(), 0, `${rel}: no error`);
  }
  await h.page.screenshot({ path: join(SCREENSHOTS, 'input-form-last.png'), fullPage: true });
});

test('an encrypted key asks for its password; a wrong one is refused, the right one unlocks it', async () => {
  await clear();
  await drop('keys/rsa-leaf.pkcs8-enc.pem', 'certs/rsa-leaf.pem');
  await h.page.waitForSelector('#password');
  await h.page.locator('#password').screenshot({ path: join(SCREENSHOTS, 'panel-password.png') });
  await h.page.fill('#password-input', 'wrong horse');
  await andSettle(h.page, () => h.page.press('#password-input', 'Enter'));
  await h.page.waitForSelector('#password .note.error');
  // The refusal names what it did not open.
  assert.match(await h.page.locator('#password .note.error').innerText(), /pkcs8-enc\.pem, block 1/);
  await h.page.locator('#password').screenshot({ path: join(SCREENSHOTS, 'panel-password-wrong.png') });
  await h.page.fill('#password-input', 'correct horse');
  await andSettle(h.page, () => h.page.press('#password-input', 'Enter'));
  await h.page.waitForSelector('#password', { state: 'detached' });
  assert.match(await h.page.locator('.key .match').innerText(), /Matches certificate #0/);
  assert.ok((await h.page.locator('.key').innerText()).includes(expected.keys['keys/rsa-leaf.pkcs8-enc.pem'].spki_sha256));
});

test('a PKCS#12 file opens with its password and shows its chain and key', async () => {
  await clear();
  await drop('inputs/bundle.p12');
  await h.page.waitForSelector('#password');
  await h.page.fill('#password-input', 'correct horse');
  await andSettle(h.page, () => h.page.press('#password-input', 'Enter'));
  await h.page.waitForSelector('.chain-card');
  assert.deepEqual(await chainNames(), ['rsa-leaf', 'rsa-int', 'rsa-root'].map(cn));
  assert.match(await h.page.locator('.key .match').innerText(), /Matches certificate #0/);
});

test('bad input is reported next to its file, naming the block, and the rest still shows', async () => {
  await clear();
  await drop('inputs/bad/missing-end.pem', 'inputs/bad/garbage.bin');
  const errs = await h.page.locator("li.file[data-file='missing-end.pem'] li.error").allInnerTexts();
  assert.match(errs[0], /^missing-end\.pem, block 1 \(line 1, CERTIFICATE\): missing END line/);
  assert.match(await h.page.locator("li.file[data-file='garbage.bin'] li.error").innerText(), /neither DER nor text/);
  const got = await h.page.locator('li.cert').evaluateAll((els) => els.map((e) => e.dataset.pin));
  assert.deepEqual(got, [certs['rsa-int'].spki_sha256]);
  await h.page.locator('.pool').screenshot({ path: join(SCREENSHOTS, 'panel-inputs-errors.png') });
});

test('name coverage: presets expand to the chart service names and the table says which SAN covers them', async () => {
  await clear();
  await drop('certs/internal-services.pem');
  await h.page.fill('#namespace', 'lightrun');
  await h.page.locator('button', { hasText: 'Check the default internal services' }).click();
  await h.page.fill('#names-box', 'example.test');
  await h.page.waitForSelector('table.coverage');
  const rows = await h.page.locator('table.coverage tbody tr').evaluateAll((els) =>
    els.map((e) => [e.dataset.name, e.className]));
  const byName = Object.fromEntries(rows);
  assert.equal(byName['example.test'], 'error');
  for (const svc of ['frontend', 'keycloak', 'redis', 'mq', 'data-streamer']) {
    for (const suffix of ['', '.lightrun', '.lightrun.svc', '.lightrun.svc.cluster.local']) {
      assert.equal(byName[`lightrun-${svc}${suffix}`], 'ok', `lightrun-${svc}${suffix}`);
    }
  }
  await h.page.locator('#names').screenshot({ path: join(SCREENSHOTS, 'panel-names.png') });
});

test('pin check: a pasted list is matched and the rotation state is shown', async () => {
  await clear();
  await drop('certs/rsa-leaf.pem');
  const pin = certs['rsa-leaf'].spki_sha256;
  await h.page.fill('#pins-box', `- "${pin.toUpperCase()}"\n- ${'ab'.repeat(32)}\n- 1234`);
  await h.page.waitForSelector('.pin-result');
  const entries = await h.page.locator('.pin-entry').evaluateAll((els) => els.map((e) => e.className));
  assert.deepEqual(entries, ['pin-entry ok', 'pin-entry warning', 'pin-entry error']);
  // An invalid entry outranks everything else in the verdict, and its reason is shown once.
  assert.match(await h.page.locator('.rotation').innerText(), /^1 entry is not a valid pin/);
  assert.equal(await h.page.locator('.rotation.warning').count(), 1);
  assert.match(await h.page.locator('.pin-entry').first().innerText(), /matches leaf certificate #0 \(/);
  const messages = await h.page.locator('.pin-messages li').allInnerTexts();
  assert.ok(!messages.some((m) => m.startsWith('pin 3 (1234)')), messages.join(' | '));
  await h.page.locator('#pins').screenshot({ path: join(SCREENSHOTS, 'panel-pins-invalid.png') });
  // The leaf's pin and another: the rotation layout, in green.
  await h.page.fill('#pins-box', `- ${pin}\n- ${'ab'.repeat(32)}`);
  await h.page.waitForFunction(() => document.querySelector('.rotation')?.textContent.startsWith('Two pins'));
  assert.match(await h.page.locator('.rotation.ok').innerText(), /the leaf's key and one other/);
  await h.page.locator('#pins').screenshot({ path: join(SCREENSHOTS, 'panel-pins.png') });
  // Two pins, neither the leaf's: not green, and it says why.
  await h.page.fill('#pins-box', `- ${'cd'.repeat(32)}\n- ${'ab'.repeat(32)}`);
  await h.page.waitForFunction(() => document.querySelector('.rotation')?.textContent.startsWith('No pin matches the leaf certificate or its CAs'));
  assert.equal(await h.page.locator('.rotation.warning').count(), 1);
});

test('outputs: certificate.tls values copy and download the exact Base64 the chart wants', async () => {
  await clear();
  await drop('inputs/chain-shuffled.pem', 'keys/rsa-leaf.pkcs1.pem');
  const b64 = (buf) => Buffer.from(buf).toString('base64');
  // The vendor's full chain, root included (the default when the input holds it).
  const chainPem = Buffer.concat([await fixture('certs/rsa-leaf.pem'), await fixture('certs/rsa-int.pem'), await fixture('certs/rsa-root.pem')]);
  await h.page.locator('#outputs').scrollIntoViewIfNeeded();
  await h.page.locator('#out-crt button.copy').click();
  assert.equal(await h.page.evaluate(() => navigator.clipboard.readText()), b64(chainPem));
  const [dl] = await Promise.all([h.page.waitForEvent('download'), h.page.locator('#out-key button.download').click()]);
  assert.equal(dl.suggestedFilename(), 'tls.key.b64');
  // A PKCS#1 key stays PKCS#1 (the chart accepts it): byte for byte the file openssl wrote.
  assert.equal(await readFile(await dl.path(), 'utf8'), b64(await fixture('keys/rsa-leaf.pkcs1.pem')));
  // Outputs that hold the key are blurred until "Show"; the certificate's are not.
  assert.equal(await h.page.locator('#out-key pre.concealed').count(), 1);
  assert.equal(await h.page.locator('#out-values pre.concealed').count(), 1);
  assert.equal(await h.page.locator('#out-crt pre.concealed').count(), 0);
  await h.page.locator('#out-values button.reveal').click();
  assert.equal(await h.page.locator('#out-values pre.concealed').count(), 0);
  assert.equal(await h.page.locator('#out-values button.reveal').getAttribute('aria-pressed'), 'true');
  const values = await h.page.locator('#out-values pre').innerText();
  assert.ok(values.includes(`crt: ${b64(chainPem)}`), 'crt on one line in values.yaml');
  assert.ok(values.includes(certs['rsa-leaf'].spki_sha256), 'leaf pin in security_pinned_hashes');
  await h.page.locator('#outputs').screenshot({ path: join(SCREENSHOTS, 'panel-outputs-values.png') });

  await h.page.locator('.tabs button', { hasText: 'TLS Secret' }).click();
  await h.page.fill('#secret-namespace', 'lightrun');
  const secret = await h.page.locator('#out-secret pre').innerText();
  assert.ok(secret.includes('type: kubernetes.io/tls'));
  assert.ok(secret.includes(`tls.crt: ${b64(chainPem)}`));
  assert.ok(secret.includes('namespace: lightrun'));
  assert.match(await h.page.locator('#out-kubectl pre').innerText(), /kubectl create secret tls lightrun-tls --cert=full-chain\.crt --key=tls\.key -n lightrun/);
  await h.page.locator('#outputs').screenshot({ path: join(SCREENSHOTS, 'panel-outputs-secret.png') });

  await h.page.locator('.tabs button', { hasText: 'security_pinned_hashes' }).click();
  assert.ok((await h.page.locator('#out-pins pre').innerText()).includes(certs['rsa-leaf'].spki_sha256));
  await h.page.locator('#outputs').screenshot({ path: join(SCREENSHOTS, 'panel-outputs-pins.png') });

  await h.page.locator('.tabs button', { hasText: 'Encryption key' }).click();
  await h.page.locator('button', { hasText: 'Generate a new key' }).click();
  const key = await h.page.inputValue('#enc-new');
  // Keys are masked like passwords until "Show the keys".
  assert.equal(await h.page.getAttribute('#enc-new', 'type'), 'password');
  await h.page.check('#enc-show');
  assert.equal(await h.page.getAttribute('#enc-new', 'type'), 'text');
  await h.page.uncheck('#enc-show');
  assert.equal(Buffer.from(key, 'base64').length, 32);
  assert.equal(key.length, 44);
  assert.ok((await h.page.locator('#out-enc-secret pre').innerText()).includes(`encryption-key-0: ${key}`));
  await h.page.fill('#enc-old', key);
  await h.page.locator('button', { hasText: 'Generate a new key' }).click();
  const rotated = await h.page.locator('#out-enc-secret pre').innerText();
  assert.ok(rotated.includes(`encryption-key-0: ${key}`) && rotated.includes('encryption-key-1: '), rotated);
  await h.page.locator('#outputs').screenshot({ path: join(SCREENSHOTS, 'panel-outputs-encryption-key.png') });

  await clear();
  await drop('certs/internal-services.pem', 'keys/internal-services.key', 'certs/rsa-int.pem', 'certs/rsa-root.pem');
  await h.page.locator('.tabs button', { hasText: 'Internal TLS' }).click();
  await h.page.fill('#internal-namespace', 'lightrun');
  const iv = await h.page.locator('#out-internal-values pre').innerText();
  for (const k of ['frontend', 'keycloak', 'redis', 'rabbitmq', 'data_streamer']) assert.ok(iv.includes(`${k}:`), k);
  assert.ok((await h.page.locator('#out-internal-ca pre').innerText()).includes('ca.crt: ' + b64(await fixture('certs/rsa-root.pem'))));
  await h.page.locator('#outputs').screenshot({ path: join(SCREENSHOTS, 'panel-outputs-internal-tls.png') });
});

// Written for the issue "Outputs that the real chart and its documented procedure accept";
// not run yet (no browser in the session that wrote it).
test('outputs: the root is in tls.crt unless "Leave the root out", the key format is kept, Base64 pins are information only', async () => {
  await clear();
  await drop('inputs/chain-shuffled.pem', 'keys/rsa-leaf.pkcs1.pem');
  const b64 = (buf) => Buffer.from(buf).toString('base64');
  const leafInt = [await fixture('certs/rsa-leaf.pem'), await fixture('certs/rsa-int.pem')];
  const full = Buffer.concat([...leafInt, await fixture('certs/rsa-root.pem')]);
  await h.page.locator('#outputs').scrollIntoViewIfNeeded();
  await h.page.locator('.tabs button', { hasText: 'certificate.tls values' }).click();
  // Default: the full chain with its root, and the header comment says why.
  assert.equal(await h.page.isChecked('#opt-no-root'), false);
  assert.equal(await h.page.locator('#out-crt pre').innerText(), b64(full));
  await h.page.locator('#out-values button.reveal').click();
  const values = await h.page.locator('#out-values pre').innerText();
  assert.ok(values.includes("(the vendor's documented order: certificate → intermediate → root)"), values);
  assert.ok(values.includes('PKCS#1 (BEGIN RSA PRIVATE KEY) private key of the leaf, as given'), values);
  // One check-box leaves it out, and the output says so.
  await h.page.check('#opt-no-root');
  assert.equal(await h.page.locator('#out-crt pre').innerText(), b64(Buffer.concat(leafInt)));
  assert.ok((await h.page.locator('#out-values pre').innerText()).includes('is left out, as asked'));
  await h.page.uncheck('#opt-no-root');
  assert.equal(await h.page.locator('#out-crt pre').innerText(), b64(full));
  // The key: PKCS#1 as given by default; PKCS#8 when chosen (openssl's bytes either way).
  assert.equal(await h.page.inputValue('#opt-key-format'), 'as-given');
  const keyB64 = async () => {
    const [dl] = await Promise.all([h.page.waitForEvent('download'), h.page.locator('#out-key button.download').click()]);
    return readFile(await dl.path(), 'utf8');
  };
  assert.equal(await keyB64(), b64(await fixture('keys/rsa-leaf.pkcs1.pem')));
  await h.page.selectOption('#opt-key-format', 'pkcs8');
  assert.equal(await keyB64(), b64(await fixture('keys/rsa-leaf.pkcs8.pem')));
  await h.page.selectOption('#opt-key-format', 'as-given');
  // The Secret tab shares the choice: the root in tls.crt by default.
  await h.page.locator('.tabs button', { hasText: 'TLS Secret' }).click();
  await h.page.locator('#out-secret button.reveal').click();
  assert.ok((await h.page.locator('#out-secret pre').innerText()).includes(`tls.crt: ${b64(full)}`));
  // Pins: hex is the values block; Base64 is information only, never a values block.
  await h.page.locator('.tabs button', { hasText: 'security_pinned_hashes' }).click();
  assert.ok((await h.page.locator('#out-pins pre').innerText()).includes(`- ${certs['rsa-leaf'].spki_sha256}`));
  await h.page.check('#opt-pins-b64');
  assert.equal(await h.page.locator('#out-pins').count(), 0);
  const info = await h.page.locator('#out-pins-base64 pre').innerText();
  assert.ok(info.includes(certs['rsa-leaf'].spki_sha256_base64), info);
  assert.ok(info.includes('NOT a values block'), info);
  assert.ok(info.split('\n').every((l) => l === '' || l.startsWith('#')), info);
  await h.page.uncheck('#opt-pins-b64');
});

test('the page keeps working with the network cut after load', async () => {
  await clear();
  await h.context.setOffline(true);
  try {
    await drop('inputs/chain-correct.pem');
    assert.equal(await h.page.locator('.chain-card').count(), 3);
  } finally {
    await h.context.setOffline(false);
  }
});

test('Load example and Clear all; nothing left the page; no storage was used', async () => {
  await clear();
  await andSettle(h.page, () => h.page.locator('button', { hasText: 'Load example' }).click());
  await h.page.waitForSelector('.chain-card');
  await h.page.screenshot({ path: join(SCREENSHOTS, 'page-example.png'), fullPage: true });
  await clear();
  assert.equal(await h.page.locator('li.file').count(), 0);
  const storage = await h.page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookies: document.cookie,
    idb: (await indexedDB.databases()).length,
  }));
  assert.deepEqual(storage, { local: 0, session: 0, cookies: '', idb: 0 });
  assert.deepEqual(h.afterLoad().map((r) => r.url).filter((u) => !u.startsWith('blob:')), []);
  assert.deepEqual(h.violations, []);
  assert.deepEqual(h.pageErrors, []);
});

test('distinct leaves without their CA: one grouped finding naming the first three and how many more', async () => {
  await clear();
  // 20 leaves signed by one CA that is not given (bench/leaves.mjs, node:crypto): each raises the
  // same "issuer missing", told once for all of them (issue 28).
  const { distinctLeaves } = await import('../../bench/leaves.mjs');
  await andSettle(h.page, () => dropFiles(h.page, [{ name: 'leaves.pem', bytes: Buffer.from(distinctLeaves(20)) }]));
  const rows = h.page.locator('li.finding[data-code="missing_intermediate"]');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.locator('.message').innerText(), /^20 certificates: the issuer of each is missing \(O=certlens bench,CN=certlens bench CA, key identifier [0-9a-f]{40}\)/);
  assert.equal(
    await rows.locator('.certificates').innerText(),
    '#0 (leaf-0.bench.example), #1 (leaf-1.bench.example), #2 (leaf-2.bench.example) and 17 more',
  );
  await h.page.screenshot({ path: join(SCREENSHOTS, 'grouped-finding.png'), fullPage: false });
});
