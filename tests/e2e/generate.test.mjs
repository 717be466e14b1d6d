// End-to-end: a user with an empty page makes certificates without leaving it. A private CA and
// every service's certificate (and the main certificate) are made in the page's worker; the
// Secrets it shows are checked with openssl (every service chain verifies against the CA
// Secret's ca.crt) and then read back into a fresh pool, where certlens finds nothing of
// severity warning or error. The test certificate is marked testing only, RSA key generation
// shows progress, the CSR verifies with openssl, downloads are named per service, keys are
// blurred until Show, and nothing leaves the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, stop, andSettle, generation, settled, SCREENSHOTS } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { if (h) await stop(h); });

function openssl(args, input) {
  const r = spawnSync('openssl', args, { input });
  if (r.error && r.error.code === 'ENOENT') throw new Error('this test needs the openssl command (apt-get install openssl)');
  return { ok: r.status === 0, out: String(r.stdout) + String(r.stderr) };
}

/** Every `name:` and `data:` of the Secrets in a YAML stream: [{ name, data: { key: base64 } }]. */
function secrets(yaml) {
  return yaml.split(/^---$/m).map((doc) => {
    const name = (doc.match(/^  name: (\S+)$/m) || [])[1];
    const data = {};
    for (const m of doc.matchAll(/^  ([a-z.]+): (\S+)$/gm)) data[m[1]] = m[2];
    return { name, data };
  }).filter((s) => s.name);
}

async function tab(label) {
  await h.page.locator('.make-tabs button', { hasText: label }).click();
}

async function make() {
  const before = await generation(h.page);
  await h.page.locator('.make-form button[type=submit]').click();
  await h.page.waitForSelector('.make-summary, .make-error');
  const err = await h.page.locator('.make-error').count();
  assert.equal(err, 0, err ? await h.page.locator('.make-error').innerText() : '');
  await settled(h.page, before);
}

test('an empty page offers to make certificates', async () => {
  assert.equal(await h.page.locator('li.file').count(), 0);
  assert.ok(await h.page.locator('#make-heading').isVisible());
  await h.page.locator('#make').screenshot({ path: join(SCREENSHOTS, 'panel-make-empty.png') });
});

test('a private CA and every service certificate: Secrets verify with openssl and read back clean', async () => {
  await tab('Private CA');
  await h.page.fill('#make-release', 'lightrun');
  await h.page.fill('#make-namespace', 'lr-prod');
  await h.page.fill('#make-main', 'lightrun.example.com');
  await make();
  const summary = await h.page.locator('.make-summary').innerText();
  assert.match(summary, /private CA \(ECDSA P-256\) and 6 service certificates and the main certificate/);
  // Downloads per service.
  const names = await h.page.locator('.made-files li').evaluateAll((els) => els.map((e) => e.dataset.name));
  assert.deepEqual(names, ['lightrun-internal-ca', 'lightrun-frontend', 'lightrun-keycloak', 'lightrun-redis',
    'lightrun-mq', 'lightrun-data-streamer', 'lightrun-artifacts', 'lightrun.example.com']);
  const [dl] = await Promise.all([
    h.page.waitForEvent('download'),
    h.page.locator('.made-files li[data-name="lightrun-mq"] button', { hasText: 'lightrun-mq.key' }).click(),
  ]);
  assert.equal(dl.suggestedFilename(), 'lightrun-mq.key');
  // Keys blurred until Show.
  const secretsBlock = h.page.locator('.make-result .output').first();
  assert.equal(await secretsBlock.locator('pre.concealed').count(), 1);
  await h.page.locator('#make').screenshot({ path: join(SCREENSHOTS, 'panel-make-internal-tls.png') });
  await secretsBlock.locator('button.reveal').click();
  assert.equal(await secretsBlock.locator('pre.concealed').count(), 0);
  const yaml = await secretsBlock.locator('pre').innerText();
  const values = await h.page.locator('.make-result .output').nth(1).locator('pre').innerText();
  assert.match(values, /keycloak_cluster: lightrun-keycloak-cluster-tls/);
  assert.match(values, /customCaCertificate: \S+/);
  assert.match(values, /^certificate:$/m);

  // The release and namespace given here are the outputs' and the name presets' from now on:
  // nothing is typed twice.
  await h.page.locator('#outputs .tabs button', { hasText: 'Internal TLS' }).click();
  assert.equal(await h.page.inputValue('#internal-namespace'), 'lr-prod');
  assert.equal(await h.page.inputValue('#namespace'), 'lr-prod');
  assert.equal(await h.page.inputValue('#release-name'), 'lightrun');
  assert.ok((await h.page.locator('#out-internal-secrets pre').innerText()).includes('namespace: lr-prod'));

  // openssl: every service's tls.crt chains to the CA Secret's ca.crt, with the right names.
  const all = secrets(yaml);
  const ca = all.find((s) => s.name === 'lightrun-internal-ca');
  assert.ok(ca, 'the CA Secret');
  const dir = await mkdtemp(join(tmpdir(), 'certlens-make-e2e-'));
  const caFile = join(dir, 'ca.crt');
  await writeFile(caFile, Buffer.from(ca.data['ca.crt'], 'base64'));
  const services = all.filter((s) => s.name.endsWith('-tls'));
  assert.equal(services.length, 7);
  for (const s of services) {
    const crt = join(dir, `${s.name}.crt`);
    const pem = Buffer.from(s.data['tls.crt'], 'base64').toString();
    await writeFile(crt, pem.split(/(?<=-----END CERTIFICATE-----\n)/)[0]);
    const v = openssl(['verify', '-CAfile', caFile, '-purpose', 'sslserver', crt]);
    assert.ok(v.ok, `${s.name}: ${v.out}`);
    const svc = s.name.replace(/-cluster-tls$|-tls$/, '').replace('lightrun-rabbitmq', 'lightrun-mq');
    const sans = openssl(['x509', '-in', crt, '-noout', '-ext', 'subjectAltName']).out;
    assert.ok(sans.includes(`DNS:${svc}.lr-prod.svc.cluster.local`), `${s.name}: ${sans}`);
    // The key is the certificate's.
    const key = join(dir, `${s.name}.key`);
    await writeFile(key, Buffer.from(s.data['tls.key'], 'base64'));
    assert.equal(openssl(['pkey', '-in', key, '-pubout']).out, openssl(['x509', '-in', crt, '-noout', '-pubkey']).out);
  }

  // A fresh pool with only the Secrets: zero findings of severity warning or error.
  await h.page.locator('button', { hasText: 'Clear all' }).click();
  await h.page.waitForSelector('li.file', { state: 'detached' }).catch(() => {});
  // Clear all drops what was made too (keys included).
  await h.page.waitForSelector('.make-result', { state: 'detached' });
  await h.page.fill('#paste-box', yaml);
  await andSettle(h.page, () => h.page.locator('button', { hasText: 'Read pasted text' }).click());
  assert.equal(await h.page.locator('.finding.error, .finding.warning').count(), 0,
    await h.page.locator('#findings').innerText());
  assert.ok((await h.page.locator('#certificates').textContent()).includes('lightrun-data-streamer'));
  await h.page.locator('#findings').screenshot({ path: join(SCREENSHOTS, 'panel-make-read-back.png') });
});

test('a test certificate is marked testing only, and RSA generation shows progress', async () => {
  await h.page.locator('button', { hasText: 'Clear all' }).click().catch(() => {});
  await tab('Test certificate');
  await h.page.fill('#make-hosts', 'lightrun.example.com, 10.0.0.7');
  await h.page.selectOption('#make-key', 'rsa3072');
  const before = await generation(h.page);
  await h.page.locator('.make-form button[type=submit]').click();
  // The worker makes the key; the page stays responsive and shows progress meanwhile.
  await h.page.waitForSelector('.make-progress, .make-summary');
  assert.equal(await h.page.evaluate(() => 1 + 1), 2);
  await h.page.waitForSelector('.make-summary', { timeout: 120000 });
  await settled(h.page, before);
  // The default lifetime: one day under the public limit of today (CA/Browser Forum SC-081v3:
  // 200 days from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15).
  const t = Date.now();
  const days = t < Date.UTC(2027, 2, 15) ? 199 : t < Date.UTC(2029, 2, 15) ? 99 : 46;
  assert.match(await h.page.locator('.make-summary').innerText(), new RegExp(`^Testing only: a self-signed RSA 3072 certificate for lightrun\\.example\\.com, 10\\.0\\.0\\.7, valid ${days} days`));
  const values = await h.page.locator('.make-result .output pre').first().innerText();
  assert.match(values, /^# TESTING ONLY/);
  // In the pool, shown as self-signed; no warning or error.
  const certs = await h.page.locator('#certificates').textContent();
  assert.ok(certs.includes('lightrun.example.com') && certs.includes('self-signed'), certs);
  assert.equal(await h.page.locator('.finding.error, .finding.warning').count(), 0,
    await h.page.locator('#findings').innerText());
  const crt = Buffer.from(values.match(/^    crt: (\S+)$/m)[1], 'base64');
  const text = openssl(['x509', '-noout', '-text'], crt).out;
  assert.ok(text.includes('DNS:lightrun.example.com, IP Address:10.0.0.7'), text);
  assert.ok(text.includes('Public-Key: (3072 bit)'), text);
  assert.ok(text.includes('O = certlens self-signed (testing only)'), text);
});

test('a PKCS#12 file of the made certificate opens in openssl with its password', async () => {
  await tab('PKCS#12');
  await h.page.fill('#make-p12-password', 'correct horse');
  await h.page.fill('#make-p12-name', 'lightrun test');
  const [dl] = await Promise.all([
    h.page.waitForEvent('download'),
    h.page.locator('.make-form button[type=submit]').click(),
  ]);
  assert.equal(dl.suggestedFilename(), 'lightrun_test.p12');
  const dir = await mkdtemp(join(tmpdir(), 'certlens-p12-e2e-'));
  const file = join(dir, 'x.p12');
  await dl.saveAs(file);
  const info = openssl(['pkcs12', '-in', file, '-info', '-noout', '-passin', 'pass:correct horse']);
  assert.ok(info.ok, info.out);
  assert.match(info.out, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
  assert.match(info.out, /MAC: sha256, Iteration 2048/);
  const dump = openssl(['pkcs12', '-in', file, '-nodes', '-passin', 'pass:correct horse']);
  assert.match(dump.out, /friendlyName: lightrun test/);
  assert.match(await h.page.locator('.make-summary').innerText(), /^Downloaded lightrun_test\.p12: 1 certificate and the key/);
  // No password: refused with a reason.
  await h.page.fill('#make-p12-password', '');
  await h.page.locator('#make-p12-password').evaluate((e) => e.removeAttribute('required'));
  await h.page.locator('.make-form button[type=submit]').click();
  assert.match(await h.page.locator('.make-error').innerText(), /give a password/);
});

test('a CSR verifies with openssl and carries the names', async () => {
  // Alone in the pool: names are then the request's question.
  await h.page.locator('button', { hasText: 'Clear all' }).click();
  await h.page.waitForSelector('li.file', { state: 'detached' }).catch(() => {});
  // Each tab has its own fields: a password typed for the PKCS#12 file never shows up as the
  // names of a certificate (Yew would otherwise reuse the <input> in place).
  await tab('PKCS#12');
  await h.page.fill('#make-p12-password', 'Sup3rSecret');
  await tab('Test certificate');
  assert.equal(await h.page.inputValue('#make-hosts'), '');
  await tab('CSR');
  assert.equal(await h.page.inputValue('#make-ou'), '');
  await h.page.fill('#make-csr-hosts', 'lightrun.example.com www.example.com');
  await h.page.fill('#make-org', 'Acme Inc');
  await h.page.fill('#make-country', 'de');
  await make();
  const csr = await h.page.locator('.make-result .output pre').first().innerText();
  const r = openssl(['req', '-noout', '-verify', '-text'], csr);
  assert.ok(r.ok, r.out);
  assert.ok(r.out.includes('DNS:lightrun.example.com, DNS:www.example.com'), r.out);
  assert.ok(r.out.includes('C = DE, O = Acme Inc, CN = lightrun.example.com'), r.out);
  assert.equal(await h.page.locator('.make-result .output').nth(1).locator('pre.concealed').count(), 1, 'the key is blurred');
  // In the pool: the Keys panel shows what it requests and that its own signature holds.
  const keys = await h.page.locator('#keys').innerText();
  assert.match(keys, /Requests: DNS:lightrun\.example\.com, DNS:www\.example\.com/);
  assert.match(keys, /Its own signature is valid/);
  await h.page.locator('#keys').screenshot({ path: join(SCREENSHOTS, 'panel-keys-csr.png') });
  // Only the request goes to the pool; its key, once given, is named as the request's key,
  // not as a key without a certificate.
  assert.match(keys, /Its private key is not loaded/);
  const key = await h.page.locator('.make-result .output').nth(1).locator('pre').innerText();
  assert.match(key, /^-----BEGIN PRIVATE KEY-----/);
  await h.page.fill('#paste-box', key);
  await andSettle(h.page, () => h.page.locator('button', { hasText: 'Read pasted text' }).click());
  const withKey = await h.page.locator('#keys').innerText();
  assert.match(withKey, /No certificate yet: this is the key of the certificate request \(public key #0\)/);
  assert.match(withKey, /Made with private key #0 \(loaded\)/);
  // Names against a request: the ones it asks for are "requested", not errors; another is an
  // error about the request.
  await h.page.fill('#names-box', 'www.example.com, other.example.com');
  await h.page.waitForSelector('#names tr[data-name="other.example.com"]');
  assert.match(await h.page.locator('#names tr[data-name="www.example.com"]').innerText(), /requested/);
  assert.match(await h.page.locator('#names tr[data-name="other.example.com"]').innerText(), /not covered/);
  assert.match(await h.page.locator('#findings').innerText(), /other\.example\.com is not among the names the certificate request asks for/);
  assert.doesNotMatch(await h.page.locator('#findings').innerText(), /www\.example\.com/);
  // A bad name is an error, not a certificate.
  await h.page.fill('#make-csr-hosts', 'bad_name');
  await h.page.locator('.make-form button[type=submit]').click();
  await h.page.waitForSelector('.make-error');
  assert.match(await h.page.locator('.make-error').innerText(), /bad_name/);
});

test('nothing left the page, no CSP violation, no page error', async () => {
  assert.deepEqual(h.afterLoad(), []);
  assert.deepEqual(h.violations, []);
  assert.deepEqual(h.pageErrors, []);
});
