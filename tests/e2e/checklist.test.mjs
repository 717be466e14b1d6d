// End-to-end: the broken deployment's checklist at 1440×900 (issue 27, items 3 to 5). The
// values.yaml and Secrets of tests/fixtures/doctor/ (one mistake planted per setting, openssl's
// facts in expected.json) are dropped: the tally on top equals the rows and the CLI's line,
// its counts jump to the rows, every error's one-line verdict is on one screen, a fix button
// opens Make's Private CA filled in with the deployment's release and namespace, the corrected
// encryption key is blurred until Show, and no CLI command appears. Screenshots of the desktop
// and the phone layout go to docs/images/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { start, stop, fixture, dropFiles, andSettle, FIXTURES, ROOT } from './harness.mjs';

const exp = JSON.parse(await readFile(join(FIXTURES, 'doctor/expected.json'), 'utf8'));
const IMAGES = join(ROOT, 'docs', 'images');
let h;

before(async () => { h = await start(); await mkdir(IMAGES, { recursive: true }); });
after(async () => { if (h) await stop(h); });

async function dropBroken() {
  const files = [];
  for (const rel of ['doctor/values.yaml', 'doctor/secrets.yaml']) {
    files.push({ name: rel.split('/').pop(), bytes: await fixture(rel) });
  }
  await andSettle(h.page, () => dropFiles(h.page, files));
  await h.page.waitForSelector('#doctor .checklist-tally');
}

function cliTally() {
  const b = spawnSync('cargo', ['build', '--quiet', '-p', 'certlens-cli'], { cwd: ROOT, stdio: 'inherit' });
  assert.equal(b.status, 0);
  const now = new Date().toISOString().slice(0, 19) + 'Z';
  const out = spawnSync(join(ROOT, 'target/debug/certlens'),
    ['doctor', '--now', now, 'tests/fixtures/doctor/values.yaml', 'tests/fixtures/doctor/secrets.yaml'],
    { cwd: ROOT, encoding: 'utf8' });
  // The CLI's second line is the tally.
  return out.stdout.split('\n')[1];
}

test('the broken deployment: tally, errors first on one screen, fix buttons, the key blurred', async () => {
  await h.page.setViewportSize({ width: 1440, height: 900 });
  await dropBroken();
  const doctor = h.page.locator('#doctor');

  // The tally is the CLI's line, and each count is the number of rows of that level.
  const tally = (await doctor.locator('.checklist-tally').innerText()).replace(/\s+/g, ' ').trim();
  assert.equal(tally, cliTally());
  assert.equal(tally, '11 errors · 1 warning · 7 ok · 1 not checked');
  const rows = await doctor.locator('li.verdict').evaluateAll((lis) => lis.map((li) => li.dataset.level));
  const count = (w) => rows.filter((l) => l === w).length;
  const links = await doctor.locator('.checklist-tally a').evaluateAll((as) => as.map((a) => [a.textContent, Number(a.dataset.count), a.getAttribute('href')]));
  assert.deepEqual(links.map(([t, n]) => [t, n]), [
    ['11 errors', count('Error')], ['1 warning', count('Warning')], ['7 ok', count('OK')], ['1 not checked', count('Not checked')],
  ]);
  // Errors first, then the warning; ok and not checked collapsed.
  assert.deepEqual(rows, [...Array(11).fill('Error'), 'Warning', ...Array(7).fill('OK'), 'Not checked']);
  assert.equal(await h.page.locator('#checklist-rest').getAttribute('open'), null);
  assert.equal(await h.page.locator('#checklist-rest li.verdict').count(), 8);

  // One screen at 1440×900 from the checklist's top: every error's one-line verdict is in it.
  await doctor.evaluate((d) => d.scrollIntoView({ block: 'start' }));
  const boxes = await doctor.locator('li.verdict[data-level="Error"] .verdict-line').evaluateAll((ls) => ls.map((l) => {
    const r = l.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: r.height };
  }));
  assert.equal(boxes.length, 11);
  for (const b of boxes) {
    assert.ok(b.top >= 0 && b.bottom <= 900, JSON.stringify(b));
    // One line: the row is not taller than a line and its button.
    assert.ok(b.height < 40, JSON.stringify(b));
  }
  await h.page.screenshot({ path: join(IMAGES, 'checklist-broken-1440.png') });

  // A count jumps to the first row of its level; "7 ok" opens the collapsed part first.
  const [, , errHref] = links[0];
  await doctor.locator('.checklist-tally a', { hasText: '11 errors' }).click();
  assert.equal(new URL(h.page.url()).hash, errHref);
  assert.equal(await h.page.locator(`${errHref}`).getAttribute('data-level'), 'Error');
  await doctor.locator('.checklist-tally a', { hasText: '7 ok' }).click();
  assert.equal(await h.page.locator('#checklist-rest').getAttribute('open'), '');
  const okHref = new URL(h.page.url()).hash;
  assert.equal(await h.page.locator(okHref).getAttribute('data-level'), 'OK');
  const okBox = await h.page.locator(okHref).evaluate((e) => e.getBoundingClientRect().top);
  assert.ok(okBox > -2 && okBox < 900, String(okBox));

  // No CLI command anywhere in the checklist, opened or not.
  const text = await doctor.evaluate((d) => d.textContent);
  assert.doesNotMatch(text, /certlens (new|chain|values|secret|keygen|custom-ca|internal-tls|inspect|check|pins|convert-key|agents|doctor)\b/);
  assert.doesNotMatch(text, /--(release|namespace|out|dir) /);

  // The corrected userEncryptionKey: openssl's key (expected.json), blurred until Show.
  const uk = doctor.locator('li.verdict[data-setting="secrets.keysEncryption.userEncryptionKey"]');
  await uk.locator('summary.verdict-line').click();
  const code = uk.locator('.secret-value code');
  assert.equal(await code.textContent(), exp.user_key);
  assert.match(await code.getAttribute('class'), /concealed/);
  assert.match(await code.evaluate((c) => getComputedStyle(c).filter), /blur/);
  // The key is nowhere else in the checklist's text.
  assert.equal(text.split(exp.user_key).length, 2, 'the key only in its blurred value');
  await uk.locator('button.reveal').click();
  assert.doesNotMatch(await code.getAttribute('class'), /concealed/);

  // Keycloak without the internal CA: the button opens the Outputs' custom CA tab.
  const kc = doctor.locator('li.verdict[data-setting="secrets.customCa (Keycloak and the internal CA)"]');
  await kc.locator('button.fix-action[data-kind="make_custom_ca"]').click();
  await h.page.waitForFunction(() => document.querySelector('#outputs [role="tab"][aria-selected="true"]')?.textContent === 'Custom CA (Keycloak)');

  // A fix button: Make's Private CA, filled in for this deployment, and made.
  const rabbit = doctor.locator('li.verdict[data-setting="general.internal_tls.certificates.existing_certificates.rabbitmq"]');
  const button = rabbit.locator('button.fix-action[data-kind="make_internal_tls"]');
  assert.equal(await button.innerText(), 'Make the internal TLS certificates');
  await button.click();
  await h.page.waitForSelector('#make-release');
  assert.equal(await h.page.inputValue('#make-release'), 'lightrun');
  assert.equal(await h.page.inputValue('#make-namespace'), 'lr-prod');
  assert.equal(await h.page.inputValue('#make-main'), 'lightrun.doctor.test');
  assert.equal(await h.page.locator('.make-tabs [aria-selected="true"]').innerText(), 'Private CA (internal TLS)');
  // Made: the result (in the main column's slot, not under the form) names the services'
  // Secrets for this release.
  await h.page.waitForFunction(() => /lightrun-rabbitmq-tls|lightrun-mq/.test(document.querySelector('#make-result')?.textContent ?? ''), null, { timeout: 60000 });
});

test('the phone layout of the broken deployment', async () => {
  await h.page.setViewportSize({ width: 390, height: 844 });
  const clear = h.page.locator('button', { hasText: 'Clear all' });
  if (await clear.count()) await clear.first().click();
  await dropBroken();
  await h.page.locator('#doctor').evaluate((d) => d.scrollIntoView({ block: 'start' }));
  // Each error row is at most a few lines on a phone: the setting and a two-line verdict.
  const heights = await h.page.locator('#doctor li.verdict[data-level="Error"] .verdict-line').evaluateAll((ls) => ls.map((l) => l.getBoundingClientRect().height));
  assert.equal(heights.length, 11);
  for (const ht of heights) assert.ok(ht < 110, String(ht));
  await h.page.screenshot({ path: join(IMAGES, 'checklist-broken-phone.png') });
});
