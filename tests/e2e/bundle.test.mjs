// End-to-end, the headline path: an empty page → Make (Private CA, release lightrun, namespace
// lr-prod, endpoint lightrun.example.com) → the bundle downloaded as one zip → its files
// dropped back on a cleared page show a checklist with every setting right → openssl verifies
// every Secret's certificate against the CA Secret's ca.crt, and the one pin in the values is
// openssl's pin of the served leaf (the first certificate of certificate.tls.crt).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, stop, andSettle, generation, settled, dropFiles, SCREENSHOTS, FIXTURES } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { if (h) await stop(h); });

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { input });
  if (r.error && r.error.code === 'ENOENT') throw new Error(`this test needs ${cmd}`);
  return { ok: r.status === 0, out: String(r.stdout) + String(r.stderr), stdout: r.stdout };
}

/** openssl's pin of the first certificate of a PEM text, as the chart's init container runs it. */
function pin(pem) {
  const spki = run('openssl', ['x509', '-pubkey', '-noout'], pem).stdout;
  const der = run('openssl', ['pkey', '-pubin', '-outform', 'DER'], spki).stdout;
  return String(run('openssl', ['dgst', '-sha256', '-r'], der).stdout).slice(0, 64);
}

/** Every Secret of a YAML stream: [{ name, data: { key: base64 } }]. */
function secrets(yaml) {
  return yaml.split(/^---$/m).map((doc) => {
    const name = (doc.match(/^  name: (\S+)$/m) || [])[1];
    const data = {};
    for (const m of doc.matchAll(/^  ([a-z0-9.-]+): (\S+)$/gm)) data[m[1]] = m[2];
    return { name, data };
  }).filter((s) => s.name && Object.keys(s.data).length);
}

test('empty page → Make → one zip → dropped back: every check passes, openssl agrees', async () => {
  assert.equal(await h.page.locator('li.file').count(), 0);
  await h.page.locator('.make-tabs button', { hasText: 'Private CA' }).click();
  await h.page.fill('#make-release', 'lightrun');
  await h.page.fill('#make-namespace', 'lr-prod');
  await h.page.fill('#make-main', 'lightrun.example.com');
  const gen = await generation(h.page);
  await h.page.locator('.make-form button[type=submit]').click();
  await h.page.waitForSelector('.bundle-verdict, .make-error');
  assert.equal(await h.page.locator('.make-error').count(), 0);
  await settled(h.page, gen);

  // The bundle tops Make's result, checked before it is offered.
  const verdict = await h.page.locator('.bundle-verdict').innerText();
  assert.match(verdict, /^This bundle passes every check: 19 of 19 settings OK/);
  const consequences = await h.page.locator('.bundle-consequences li').allInnerTexts();
  assert.equal(consequences.length, 4);
  assert.match(consequences[0], /^general\.deploy_secrets\.enabled = true: The chart renders its Secrets/);
  await h.page.locator('.bundle').screenshot({ path: join(SCREENSHOTS, 'panel-make-bundle.png') });

  const [dl] = await Promise.all([h.page.waitForEvent('download'), h.page.locator('button.bundle-zip').click()]);
  assert.equal(dl.suggestedFilename(), 'lightrun-bundle-lightrun-lr-prod.zip');
  const dir = await mkdtemp(join(tmpdir(), 'certlens-bundle-e2e-'));
  const zip = join(dir, 'bundle.zip');
  await writeFile(zip, await readFile(await dl.path()));
  assert.equal(run('unzip', ['-Z1', zip]).out, 'lightrun-secrets.yaml\nlightrun-values.yaml\nREADME-apply.txt\n');
  assert.ok(run('unzip', ['-o', '-q', zip, '-d', dir]).ok);
  const values = await readFile(join(dir, 'lightrun-values.yaml'), 'utf8');
  const secretsYaml = await readFile(join(dir, 'lightrun-secrets.yaml'), 'utf8');

  // openssl: the one pin is the served leaf's; every Secret verifies against the CA.
  const crt = Buffer.from(values.match(/^    crt: (\S+)$/m)[1], 'base64');
  const served = pin(crt);
  assert.deepEqual([...values.matchAll(/^    - ([0-9a-f]{64})$/gm)].map((m) => m[1]), [served]);
  const all = secrets(secretsYaml);
  const ca = all.find((s) => s.name === 'lightrun-internal-ca');
  const caFile = join(dir, 'ca.crt');
  await writeFile(caFile, Buffer.from(ca.data['ca.crt'], 'base64'));
  const tls = all.filter((s) => s.data['tls.crt']);
  assert.equal(tls.length, 7);
  for (const s of tls) {
    const v = run('openssl', ['verify', '-CAfile', caFile], Buffer.from(s.data['tls.crt'], 'base64'));
    assert.ok(v.ok, `${s.name}: ${v.out}`);
  }
  const main = run('openssl', ['verify', '-CAfile', caFile, '-verify_hostname', 'lightrun.example.com'], crt);
  assert.ok(main.ok, main.out);

  // Dropped back on a cleared page: the checklist finds every setting right.
  await h.page.locator('button', { hasText: 'Clear all' }).click();
  await h.page.waitForSelector('.make-result', { state: 'detached' });
  await andSettle(h.page, () => dropFiles(h.page, [
    { name: 'lightrun-values.yaml', bytes: Buffer.from(values) },
    { name: 'lightrun-secrets.yaml', bytes: Buffer.from(secretsYaml) },
  ]));
  await h.page.waitForSelector('#doctor');
  const doctor = h.page.locator('#doctor');
  assert.equal(await doctor.locator('.summary').innerText(), 'Every setting checked is right.');
  // The core's tally (levels with no rows are left out): no error, no warning, 19 ok.
  assert.equal(await doctor.locator('.checklist-tally').getAttribute('data-line'), '19 ok');
  assert.equal(await doctor.locator('.tally-link.error-text').count(), 0);
  assert.equal(await doctor.locator('.tally-link.warn-text').count(), 0);
  assert.equal(await doctor.locator('li.verdict .badge.error').count(), 0);
  await doctor.screenshot({ path: join(SCREENSHOTS, 'panel-bundle-dropped-back.png') });
  assert.deepEqual(h.afterLoad(), []);
  assert.deepEqual(h.violations, []);
  assert.deepEqual(h.pageErrors, []);
  await rm(dir, { recursive: true, force: true });
});

test("one's own certificates: the same bundle after the Outputs tabs, checked in the worker", async () => {
  await h.page.locator('button', { hasText: 'Clear all' }).click();
  await h.page.waitForSelector('li.file', { state: 'detached' }).catch(() => {});
  const files = ['certs/rsa-leaf.pem', 'certs/rsa-int.pem', 'certs/rsa-root.pem', 'keys/rsa-leaf.key'];
  await andSettle(h.page, async () => dropFiles(h.page, await Promise.all(files.map(async (f) => ({
    name: f.split('/')[1], bytes: await readFile(join(FIXTURES, f)),
  })))));
  const own = h.page.locator('#outputs .own-bundle');
  // The core's suggestion: the served certificate's first DNS name.
  assert.equal(await h.page.inputValue('#own-bundle-endpoint'), 'example.test');
  await own.locator('button', { hasText: 'Make one deployable bundle' }).click();
  await own.locator('.bundle-verdict').waitFor();
  // The fixtures' root is a private test root nobody declared trusted: the doctor says so, and
  // so does the verdict (no error).
  assert.equal(await own.locator('.bundle-verdict').innerText(),
    'This bundle does not pass every check: 0 error(s), 1 warning(s) (the checklist below says which and why)');
  const values = await own.locator('.output', { hasText: 'Values (helm -f)' }).locator('pre').innerText();
  // The one pin: openssl's of the leaf (tests/fixtures/expected.json, made by generate.sh).
  const expected = JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8'));
  const leafPin = expected.certs['rsa-leaf'].spki_sha256.toLowerCase();
  assert.deepEqual([...values.matchAll(/^    - ([0-9a-f]{64})$/gm)].map((m) => m[1]), [leafPin]);
  assert.deepEqual(h.pageErrors, []);
});
