// doctor and inventory through the package (pkg/): the same verdicts and rows as the CLI's
// JSON, openssl's values (tests/fixtures/doctor/expected.json), and the CSV / ICS texts.
//
//   bash scripts/build-pkg.sh && node --test tests/node/deploy.test.mjs
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PKG, cli, fixture, loadPkg } from './helpers.mjs';

const NOW = '2026-07-01T00:00:00Z';
const exp = JSON.parse(fixture('doctor/expected.json', 'utf8'));
let c;
before(async () => {
  c = await loadPkg();
});

const files = (...names) => names.map((n) => ({ name: n, data: fixture(n) }));

test('the types declare doctor and inventory', () => {
  const dts = readFileSync(join(PKG, 'certlens.d.ts'), 'utf8');
  for (const sig of [
    'export function doctor(input: CertlensInput, options?: DoctorOptions): DoctorReport;',
    'export function inventory(input: CertlensInput, options?: InventoryOptions): Inventory | string;',
    'export interface Verdict {',
    'export interface InventoryRow {',
  ]) {
    assert.ok(dts.includes(sig), `certlens.d.ts lacks: ${sig}`);
  }
});

test('doctor: the checklist equals the CLI\'s JSON, and finds the planted mistakes', () => {
  const input = files('doctor/values.yaml', 'doctor/secrets.yaml');
  const r = c.doctor(input, { now: NOW, namespace: 'lr-prod', release: 'lightrun' });
  assert.equal(r.has_errors, true);
  const out = cli(['doctor', '--json', '--now', NOW, '--namespace', 'lr-prod', 'tests/fixtures/doctor/values.yaml', 'tests/fixtures/doctor/secrets.yaml']);
  const fromCli = JSON.parse(out.stdout);
  const { has_errors: _, ...mine } = r;
  // Sources differ only in the path the CLI was given.
  for (const v of fromCli.verdicts) v.source = v.source.replace('tests/fixtures/', '');
  assert.deepEqual(mine, fromCli);
  const by = (s) => r.verdicts.find((v) => v.setting === s);
  assert.equal(by('certificate.tls.crt').level, 'error');
  assert.match(by('certificate.tls.crt').summary, /not in the documented order/);
  assert.equal(exp.key_match.ds_other, false);
  assert.match(by('general.internal_tls.certificates.existing_certificates.data_streamer').summary, new RegExp(exp.other_pin));
  assert.equal(by('general.internal_tls.certificates.existing_certificates.redis').level, 'not_checked');
  // The corrected key is a secret: withheld (JS and CLI alike) unless showSecrets.
  const uk = by('secrets.keysEncryption.userEncryptionKey').problems[0];
  assert.ok(!uk.fix.includes(exp.user_key));
  assert.equal(uk.secret.hidden, true);
  assert.ok(!JSON.stringify(r).includes(exp.user_key));
  const shown = c.doctor(input, { now: NOW, namespace: 'lr-prod', release: 'lightrun', showSecrets: true });
  const ukShown = shown.verdicts.find((v) => v.setting === 'secrets.keysEncryption.userEncryptionKey').problems[0];
  assert.equal(ukShown.secret.value, exp.user_key);

  const good = c.doctor(files('doctor/values-good.yaml'), { now: NOW });
  assert.equal(good.has_errors, false);
  // All right but the trust in the fixtures' private root, which nothing declares: a warning.
  assert.deepEqual(good.verdicts.map((v) => v.level), ['warning', 'ok', 'ok', 'ok', 'ok']);
  assert.throws(() => c.doctor('x', { nmespace: 'a' }), /unknown option "nmespace"; known options: now, release, namespace, warnDays/);
});

test('inventory: rows, CSV and ICS equal the CLI\'s', () => {
  const list = fixture('inventory/secrets-list.yaml');
  const inv = c.inventory({ name: 'secrets-list.yaml', data: list }, { now: NOW });
  assert.equal(inv.rows.length, 5);
  assert.equal(inv.rows[0].fingerprint_sha256, exp.expired_fingerprint);
  assert.equal(inv.rows[0].not_after, exp.expired_not_after);
  assert.equal(inv.rows[0].status, 'expired');
  const path = 'tests/fixtures/inventory/secrets-list.yaml';
  const cliJson = JSON.parse(cli(['inventory', '--json', '--now', NOW, path]).stdout);
  assert.deepEqual(inv.rows, cliJson.rows);
  assert.equal(c.inventory(list, { now: NOW, format: 'csv' }), cli(['inventory', '--csv', '--now', NOW, path]).stdout);
  const ics = c.inventory(list, { now: NOW, format: 'ics', warnDays: 21 });
  assert.equal(ics, cli(['inventory', '--ics', '--warn-days', '21', '--now', NOW, path]).stdout);
  assert.equal(ics.match(/TRIGGER:-P21D\r\n/g).length, 5);
  assert.throws(() => c.inventory(list, { format: 'xml' }), /format must be/);
});
