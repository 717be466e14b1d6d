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
  const { has_errors: _, summary_line: line, ...mine } = r;
  // The tally line and the reading order are the core's, as the CLI prints them.
  assert.equal(line, '11 errors · 1 warning · 7 ok · 1 not checked');
  assert.ok(out.stdout.length > 0);
  assert.deepEqual(r.order.map((i) => r.verdicts[i].level), [
    ...Array(11).fill('error'), 'warning', ...Array(7).fill('ok'), 'not_checked']);
  // Sources differ only in the path the CLI was given.
  for (const v of fromCli.verdicts) v.source = v.source.replace('tests/fixtures/', '');
  assert.deepEqual(mine, fromCli);
  const by = (s) => r.verdicts.find((v) => v.setting === s);
  assert.equal(by('certificate.tls.crt').level, 'error');
  assert.match(by('certificate.tls.crt').summary, /not in the documented order/);
  assert.equal(exp.key_match.ds_other, false);
  assert.match(by('general.internal_tls.certificates.existing_certificates.data_streamer').summary, new RegExp(exp.other_pin));
  assert.equal(by('general.internal_tls.certificates.existing_certificates.redis').level, 'not_checked');
  // Fixes certlens can do are actions with the release and namespace, not CLI commands.
  assert.deepEqual(by('general.internal_tls.certificates.existing_certificates.rabbitmq').problems[0].action, {
    kind: 'make_internal_tls', release: 'lightrun', namespace: 'lr-prod', services: ['rabbitmq'], main_host: 'lightrun.doctor.test' });
  assert.deepEqual(by('certificate.tls.crt').problems[0].action, { kind: 'reorder_chain', setting: 'certificate.tls.crt' });
  assert.ok(!JSON.stringify(r.verdicts).includes('`certlens '));
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
  assert.deepEqual(good.verdicts.map((v) => v.level), ['warning', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
  // Which listed pins still match after the next renewal: the served key's, with a same-key renewal.
  assert.ok(good.verdicts.some((v) => v.setting === 'certificate.security_pinned_hashes (next renewal)'));
  // The served pin (openssl's, of the first certificate of tls.crt) is the agents' hop's anchor;
  // without the agents' values their pin is not checked.
  const agents = good.hops.find((h) => h.id === 'agents');
  assert.equal(agents.anchor, `pin ${exp.leaf_pin}`);
  assert.equal(agents.level, 'not_checked');
  assert.equal(good.hops.length, 10);
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

// The agents' side (tests/fixtures/agents/generate.sh: pins and host coverage by openssl).
const agentsExp = JSON.parse(fixture('agents/expected.json', 'utf8'));

test('doctor: the agents\' verdicts equal the CLI\'s JSON and name the served pin', () => {
  const names = ['doctor/values-good.yaml', 'doctor/secret-old-tls.yaml', 'agents/old-pin.yaml', 'agents/bad-form.yaml'];
  const r = c.doctor(files(...names), { now: NOW, namespace: 'lr-prod' });
  assert.ok(r.modes.includes('agents'));
  const out = cli(['doctor', '--json', '--now', NOW, '--namespace', 'lr-prod', ...names.map((n) => `tests/fixtures/${n}`)]);
  // Sources (and sentences naming the served file) differ only in the path the CLI was given.
  const fromCli = JSON.parse(out.stdout.replaceAll('tests/fixtures/', ''));
  const { has_errors: _, summary_line: line, ...mine } = r;
  // The agents' rows join the tally and the order: the old pin's error comes first.
  assert.equal(line, '3 errors · 1 warning · 10 ok');
  assert.deepEqual(r.order.map((i) => r.verdicts[i].level), [
    ...Array(3).fill('error'), 'warning', ...Array(10).fill('ok')]);
  assert.deepEqual(mine, fromCli);
  const by = (s) => r.verdicts.find((v) => v.setting === s);
  const old = by('javaAgents[0] (svc-old).agentPoolCredentials');
  assert.equal(old.level, 'error');
  assert.match(old.summary, /pins the old certificate CN=old\.doctor\.test/);
  assert.ok(old.problems[0].fix.includes(agentsExp.served_pin));
  const upper = by('javaAgents[0] (svc-upper).agentPoolCredentials');
  assert.equal(upper.problems[0].fix, `write it as ${agentsExp.served_pin}`);
});

test('agents: the pin is openssl\'s, the key is the user\'s or clearly left to fill', () => {
  const chain = files('doctor/full-chain.crt');
  const a = c.agents(chain, { now: NOW, serverHost: 'lightrun.doctor.test', agents: ['orders'], namespace: 'apps', lightrunKey: 'k-1' });
  assert.equal(a.pin, agentsExp.served_pin);
  assert.equal(a.host_covered, true);
  assert.ok(a.values_yaml.includes(`pinnedCertHash: ${agentsExp.served_pin}`));
  assert.ok(a.secret_yaml.includes('lightrun_key: k-1'));
  const cliOut = cli(['agents', '--now', NOW, '--server-host', 'lightrun.doctor.test', '--agent', 'orders', '--namespace', 'apps', 'tests/fixtures/doctor/full-chain.crt']);
  const none = c.agents(chain, { now: NOW, serverHost: 'lightrun.doctor.test', agents: ['orders'], namespace: 'apps' });
  assert.equal(none.key_given, false);
  assert.equal(none.text, cliOut.stdout);
  assert.throws(() => c.agents(chain, { now: NOW }), /serverHost/);
});
