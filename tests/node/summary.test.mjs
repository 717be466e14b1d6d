// inspect's opt-in certificates' summary (`certificates: "summary"`): each certificate has the
// summary's fields with openssl's values and `summary: true`, none of the full-only fields; the
// rest of the report is the same as without the option (and as the CLI's `--json --summary`);
// an unknown value throws with the accepted ones. Its TypeScript types: summary-types-check.ts.
//
//   bash scripts/build-pkg.sh && node --test tests/node/summary.test.mjs
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, cli, expected, fixture, loadPkg } from './helpers.mjs';

const NOW = expected.fixed_now;
// The summary's fields (docs/json-contract.md, "The certificates' summary").
const FIELDS = ['index', 'source', 'block', 'location', 'subject', 'issuer', 'common_name', 'serial_hex',
  'not_before', 'not_after', 'not_before_unix', 'not_after_unix', 'validity', 'san', 'public_key',
  'is_ca', 'self_signed', 'fingerprint_sha256', 'spki_sha256', 'spki_sha256_base64'];
let c;
before(async () => {
  c = await loadPkg();
});

const project = (report) => ({
  ...report,
  certificates: report.certificates.map((x) => ({ ...Object.fromEntries(FIELDS.map((f) => [f, x[f]])), summary: true })),
});

test('a summary has its fields with openssl\'s values, and none of the full description\'s others', () => {
  for (const name of ['rsa-leaf', 'ec-int']) {
    const e = expected.certs[name];
    const r = c.inspect(fixture(e.file, 'utf8'), { now: NOW, certificates: 'summary' });
    const s = r.certificates[0];
    assert.deepEqual(Object.keys(s).sort(), [...FIELDS, 'summary'].sort(), name);
    assert.equal(s.summary, true);
    for (const f of ['subject', 'issuer', 'serial_hex', 'not_before', 'not_after', 'is_ca', 'self_signed', 'fingerprint_sha256', 'spki_sha256', 'spki_sha256_base64']) {
      assert.equal(s[f], e[f], `${name}: ${f}`);
    }
    for (const k of ['dns', 'ip', 'email', 'uri']) assert.deepEqual(s.san[k], e.san[k], `${name}: san.${k}`);
    assert.equal(s.public_key.algorithm, e.key_algorithm);
    for (const f of ['extensions', 'key_usage', 'subject_attributes', 'fingerprint_sha1', 'encoding_issues', 'signature_algorithm']) {
      assert.ok(!(f in s), `${name}: ${f} is full-only`);
    }
    // The default is the full description, with no `summary` field.
    const full = c.inspect(fixture(e.file, 'utf8'), { now: NOW }).certificates[0];
    assert.ok(!('summary' in full));
    assert.equal(full.fingerprint_sha1, e.fingerprint_sha1);
    assert.deepEqual(c.inspect(fixture(e.file, 'utf8'), { now: NOW, certificates: 'full' }), c.inspect(fixture(e.file, 'utf8'), { now: NOW }));
  }
});

test('the summary report is the full report with each certificate projected: verdicts do not change', () => {
  const pool = [
    { name: 'a.pem', data: fixture('inputs/chain-shuffled.pem') },
    { name: 'b.pem', data: fixture('inputs/chain-shuffled.pem') }, // copies: described once, copied
    { name: 'c.pem', data: fixture('inputs/chain-missing-int.pem') },
    { name: 'd.pem', data: fixture('inputs/leaf-and-key.pem') },
    { name: 'e.p7b', data: fixture('inputs/bundle.p7b') },
  ];
  for (const opts of [{ now: NOW }, { now: NOW, verifySignatures: false, names: ['example.test', 'nope.example'] }]) {
    const full = c.inspect(pool, opts);
    const summary = c.inspect(pool, { ...opts, certificates: 'summary' });
    assert.ok(full.certificates.length >= 8 && full.findings.length > 0 && full.chains.length > 0);
    assert.deepEqual(summary, project(full));
  }
});

test('the CLI\'s inspect --json --summary is the same summary report', () => {
  const file = 'tests/fixtures/inputs/chain-shuffled.pem';
  const r = cli(['inspect', '--json', '--summary', '--now', NOW, file]);
  assert.equal(r.status, 0, r.stderr);
  const js = c.inspect([{ name: file, data: fixture('inputs/chain-shuffled.pem') }], { now: NOW, certificates: 'summary' });
  assert.deepEqual(JSON.parse(r.stdout), js);
  const bare = cli(['inspect', '--summary', '--now', NOW, file]);
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /^certlens: --summary goes with --json/);
});

test('an unknown certificates value throws and names the accepted ones', () => {
  for (const bad of ['Summary', 'brief', '']) {
    assert.throws(() => c.inspect(fixture('certs/rsa-leaf.pem', 'utf8'), { now: NOW, certificates: bad }), (e) => {
      assert.ok(e instanceof Error);
      assert.equal(e.kind, 'invalid_argument');
      assert.equal(e.message, `certificates: unknown certificate detail "${bad}"; use "full" (every field, the default) or "summary"`);
      return true;
    });
  }
  assert.throws(() => c.inspect('x', { certificates: true }), /certificates|options/);
});

test('the types: certificates: "summary" returns a SummaryReport (tsc --strict)', () => {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), [
    '--strict', '--noEmit', '--skipLibCheck', 'false',
    '--target', 'es2022', '--module', 'es2022', '--moduleResolution', 'bundler', '--lib', 'es2022,dom',
    join(ROOT, 'tests/node/summary-types-check.ts'),
  ], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
