// End-to-end: the deployment doctor and the inventory on the page (release dist/), in the
// three modes of issue 18: a values.yaml with its Secrets (the checklist comes first, with
// fixes), an Ingress set with its Secrets, and a `kind: List` of Secrets (the inventory,
// filter, CSV / JSON / ICS downloads). Levels and values are compared with openssl's
// (tests/fixtures/doctor/expected.json) and with the CLI's output for the same files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { start, stop, fixture, dropFiles, andSettle, FIXTURES, ROOT, SCREENSHOTS } from './harness.mjs';

const exp = JSON.parse(await readFile(join(FIXTURES, 'doctor/expected.json'), 'utf8'));
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

function cli(args) {
  const b = spawnSync('cargo', ['build', '--quiet', '-p', 'certlens-cli'], { cwd: ROOT, stdio: 'inherit' });
  assert.equal(b.status, 0);
  return spawnSync(join(ROOT, 'target/debug/certlens'), args, { cwd: ROOT, encoding: 'utf8' });
}

/** Every verdict on the page: setting → level word. */
async function verdicts() {
  return h.page.$$eval('#doctor li.verdict', (lis) => Object.fromEntries(lis.map((li) => [li.dataset.setting, li.dataset.level])));
}

const ITLS = 'general.internal_tls.certificates.existing_certificates';

test('values.yaml and its Secrets: the checklist comes first, one verdict per setting with its fix', async () => {
  await clear();
  await drop('doctor/values.yaml', 'doctor/secrets.yaml');
  // The checklist is the first panel of the results.
  const first = await h.page.$eval('.results-column section', (s) => s.id);
  assert.equal(first, 'doctor');
  // Namespace lr-prod (the fixture's): Service names and lookups follow it.
  await andSettle(h.page, async () => {
    await h.page.fill('#doctor-namespace', 'lr-prod');
    await h.page.press('#doctor-namespace', 'Enter');
    await h.page.locator('#doctor-namespace').evaluate((e) => e.dispatchEvent(new Event('change', { bubbles: true })));
  });
  const v = await verdicts();
  // The CLI's verdicts for the same files are the page's.
  // The page's "now" is the clock: the CLI is asked at the same time.
  const now = new Date().toISOString().slice(0, 19) + 'Z';
  const out = cli(['doctor', '--json', '--now', now, '--namespace', 'lr-prod', 'tests/fixtures/doctor/values.yaml', 'tests/fixtures/doctor/secrets.yaml']);
  const fromCli = JSON.parse(out.stdout);
  const word = { ok: 'OK', error: 'Error', warning: 'Warning', not_checked: 'Not checked' };
  assert.deepEqual(v, Object.fromEntries(fromCli.verdicts.map((x) => [x.setting, word[x.level]])));
  // openssl's facts behind some of them.
  assert.equal(v['certificate.tls.crt'], 'Error');
  assert.equal(exp.key_match.leaf, true);
  assert.equal(v['certificate.tls.key'], 'OK');
  assert.equal(exp.verify_internal.frontend, 'OK');
  assert.equal(v[`${ITLS}.frontend`], 'OK');
  assert.notEqual(exp.verify_internal.rabbitmq, 'OK');
  assert.equal(v[`${ITLS}.rabbitmq`], 'Error');
  assert.equal(v[`${ITLS}.redis`], 'Not checked');
  const crt = h.page.locator('#doctor li.verdict[data-setting="certificate.tls.crt"]');
  assert.match(await crt.locator('.message').first().innerText(), /not in the documented order/);
  // The details expand from the row's one line.
  await crt.locator('summary.verdict-line').click();
  assert.match(await crt.locator('.fix').first().innerText(), /^Fix: put the chain in order/);
  const ds = h.page.locator(`#doctor li.verdict[data-setting="${ITLS}.data_streamer"]`);
  await ds.locator('summary.verdict-line').click();
  assert.ok((await ds.innerText()).includes(exp.other_pin));
  assert.match(await h.page.locator('#doctor .summary').innerText(), /This deployment will fail/);
  // The pooled panels follow the checklist.
  assert.ok(await h.page.locator('#findings').count());
  await h.page.locator('#doctor').screenshot({ path: join(SCREENSHOTS, 'panel-doctor-values.png') });
});

test('a correct values.yaml: every setting OK but the trust in its private root', async () => {
  await clear();
  await drop('doctor/values-good.yaml');
  const v = await verdicts();
  // The chain ends at the fixtures' private root, which nothing in the deployment declares
  // trusted: only the clients can give that trust, so it is a warning, never "fine".
  assert.deepEqual(v, {
    'certificate.tls.crt': 'Warning',
    'certificate.tls.key': 'OK',
    'certificate.tls.crt (served pin)': 'OK',
    'secrets.defaults.keystore_password': 'OK',
    'general.lightrun_endpoint': 'OK',
    'certificate.security_pinned_hashes': 'OK',
    'certificate.security_pinned_hashes (next renewal)': 'OK',
    'secrets.keysEncryption.userEncryptionKey': 'OK',
  });
  assert.deepEqual(Object.values(v), ['Warning', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK']);
  // The served pin is the leaf's, as openssl computes it from the first certificate.
  // The ok rows are collapsed: open them, and the row, to read the pin.
  await h.page.locator('#checklist-rest > summary').click();
  const pinRow = h.page.locator('#doctor li.verdict[data-setting="certificate.tls.crt (served pin)"]');
  await pinRow.locator('summary.verdict-line').click();
  const pin = await pinRow.innerText();
  assert.ok(pin.includes(exp.leaf_pin), pin);
  await h.page.locator('#doctor li.verdict[data-setting="certificate.tls.crt"] summary.verdict-line').click();
  const crt = await h.page.locator('#doctor li.verdict[data-setting="certificate.tls.crt"]').innerText();
  assert.match(crt, /a private root that is not declared trusted/);
  assert.ok(crt.includes(`ends at ${exp.root_subject.split(',')[0]}`), crt);
  assert.match(await h.page.locator('#doctor .summary').innerText(), /No error; some settings need a look/);
});

test('Ingresses and a cert-manager Certificate against their Secrets', async () => {
  await clear();
  await drop('doctor/ingress.yaml', 'doctor/ingress-secrets.yaml');
  const v = await verdicts();
  assert.equal(exp.checkhost['leaf:x.apps.doctor.test'], true);
  assert.equal(v['Ingress web/lightrun, spec.tls[0]'], 'OK');
  assert.equal(exp.checkhost['leaf:api.doctor.test'], false);
  assert.equal(v['Ingress web/lightrun, spec.tls[1]'], 'Error');
  assert.equal(v['Ingress web/lightrun, spec.tls[2]'], 'Error');
  assert.equal(v['Ingress web/lightrun, spec.tls[3]'], 'Not checked');
  assert.equal(exp.checkhost['leaf:www.doctor.test'], false);
  assert.equal(v['Certificate web/web (cert-manager)'], 'Error');
  const row1 = h.page.locator('#doctor li.verdict[data-setting="Ingress web/lightrun, spec.tls[1]"]');
  await row1.locator('summary.verdict-line').click();
  const t1 = await row1.innerText();
  assert.match(t1, /does not cover api\.doctor\.test/);
  await h.page.locator('#doctor').screenshot({ path: join(SCREENSHOTS, 'panel-doctor-ingress.png') });
});

test('a List of Secrets: the inventory, soonest expiry first, filter and exports', async () => {
  await clear();
  await drop('inventory/secrets-list.yaml');
  assert.equal(await h.page.locator('#findings').count(), 0, 'a List alone has no pooled report');
  // ...and the section links lead only to what is there.
  assert.deepEqual(await h.page.locator('nav.jump a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), ['#inventory']);
  const rows = h.page.locator('#inventory tbody tr');
  assert.equal(await rows.count(), 5);
  const firstRow = rows.first();
  assert.equal(await firstRow.getAttribute('data-name'), 'old-tls');
  assert.equal(await firstRow.locator('td').first().innerText(), exp.expired_not_after.slice(0, 10));
  // Filter by text and by status.
  await h.page.fill('#inventory-filter', 'trust-bundle');
  assert.equal(await rows.count(), 2);
  // The download holds the rows shown: the header and two rows.
  const [filtered] = await Promise.all([
    h.page.waitForEvent('download'),
    h.page.locator('#inventory button', { hasText: 'Download CSV (rows shown)' }).click(),
  ]);
  assert.equal((await readFile(await filtered.path(), 'utf8')).trim().split(/\r?\n/).length, 3);
  // A host typed in full finds the wildcard certificate that covers it (openssl -checkhost).
  assert.equal(exp.checkhost['leaf:x.apps.doctor.test'], true);
  await h.page.fill('#inventory-filter', 'x.apps.doctor.test');
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().getAttribute('data-name'), 'web-tls');
  await h.page.fill('#inventory-filter', '');
  await h.page.selectOption('#inventory-only', 'key');
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().getAttribute('data-name'), 'old-tls');
  await h.page.selectOption('#inventory-only', 'all');
  assert.match(await h.page.locator('#inventory').innerText(), /kube-system\/broken-tls: data\.tls\.key: not valid Base64/);
  // Downloads: the CLI's bytes for the same file (today's "now" on both sides).
  const path = 'tests/fixtures/inventory/secrets-list.yaml';
  for (const [button, name, args] of [
    ['Download CSV', 'certificates.csv', ['--csv']],
    ['Download calendar (.ics)', 'certificate-expiry.ics', ['--ics']],
  ]) {
    const [download] = await Promise.all([
      h.page.waitForEvent('download'),
      h.page.locator('#inventory button', { hasText: button }).click(),
    ]);
    assert.equal(download.suggestedFilename(), name);
    const body = await readFile(await download.path(), 'utf8');
    const now = new Date().toISOString().slice(0, 19) + 'Z';
    const fromCli = cli(['inventory', ...args, path, '--now', now]).stdout;
    // DTSTAMP is the page's "now"; days left may differ by the seconds between the two clocks.
    const norm = (t) => t.replace(/DTSTAMP:\d{8}T\d{6}Z/g, 'DTSTAMP:X');
    assert.equal(norm(body), norm(fromCli), name);
  }
  await h.page.locator('#inventory').screenshot({ path: join(SCREENSHOTS, 'panel-inventory.png') });
  await h.page.screenshot({ path: join(SCREENSHOTS, 'page-inventory.png'), fullPage: false });
});
