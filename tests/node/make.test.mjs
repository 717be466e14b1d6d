// The JavaScript module's certificate making (newSelfSigned, newInternalTls, newCsr, p12), in
// Node: what it makes is checked with openssl, and read back by the same module with zero
// findings of severity warning or error. Needs pkg/ (build-pkg.sh).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPkg } from './helpers.mjs';

let c;
before(async () => { c = await loadPkg(); });

function openssl(args, input) {
  const r = spawnSync('openssl', args, { input });
  if (r.error) throw new Error(`this test needs the openssl command: ${r.error.message}`);
  return { ok: r.status === 0, out: String(r.stdout) + String(r.stderr) };
}

const bad = (report) => report.findings.filter((f) => f.severity === 'warning' || f.severity === 'error');

test('newInternalTls: every service chain verifies with openssl; the Secrets read back clean', () => {
  const m = c.newInternalTls({ release: 'lr', namespace: 'prod', mainHosts: ['lr.example.com'] });
  assert.deepEqual(m.services.map((s) => s.service),
    ['lr-frontend', 'lr-keycloak', 'lr-redis', 'lr-mq', 'lr-data-streamer', 'lr-artifacts']);
  assert.deepEqual(m.services[1].keys, ['keycloak', 'keycloak_cluster']);
  const dir = mkdtempSync(join(tmpdir(), 'certlens-node-make-'));
  const ca = join(dir, 'ca.crt');
  writeFileSync(ca, m.ca.certificate_pem);
  for (const f of [...m.services.map((s) => s.file), m.main]) {
    const crt = join(dir, `${f.name}.crt`);
    writeFileSync(crt, f.certificate_pem);
    const v = openssl(['verify', '-CAfile', ca, crt]);
    assert.ok(v.ok, `${f.name}: ${v.out}`);
  }
  assert.equal(m.internal_tls.warnings.length, 0);
  assert.equal(m.internal_tls.backend.ok, true);
  assert.match(m.main_values.yaml, /security_pinned_hashes/);
  assert.deepEqual(bad(c.inspect(m.internal_tls.yaml)), []);
});

test('newSelfSigned: testing only, SANs, the key type asked for', () => {
  const s = c.newSelfSigned({ hosts: ['a.example.com', '10.0.0.1'], keyType: 'ed25519', days: 30 });
  assert.match(s.values.yaml, /^# TESTING ONLY/);
  const t = openssl(['x509', '-noout', '-text'], s.file.certificate_pem).out;
  assert.match(t, /DNS:a\.example\.com, IP Address:10\.0\.0\.1/);
  assert.match(t, /ED25519/);
  assert.throws(() => c.newSelfSigned({ hosts: ['bad_name'] }), (e) => e.kind === 'invalid_name' && /bad_name/.test(e.message));
  assert.throws(() => c.newSelfSigned({ hosts: ['a.example.com'], keyType: 'dsa' }), (e) => e.kind === 'invalid_argument');
  assert.throws(() => c.newSelfSigned({ host: ['a.example.com'] }), (e) => /unknown option/.test(e.message));
});

test('newCsr and p12', () => {
  const r = c.newCsr({ hosts: ['a.example.com'], organization: 'Acme' });
  const v = openssl(['req', '-noout', '-verify', '-text'], r.csr_pem);
  assert.ok(v.ok, v.out);
  assert.match(v.out, /O = Acme, CN = a\.example\.com/);
  const rep = c.inspect(r.csr_pem, { names: ['a.example.com'] });
  assert.equal(rep.public_keys[0].csr.signature, 'valid');
  assert.equal(rep.public_keys[0].csr.names[0].covered, true);

  const s = c.newSelfSigned({ hosts: ['a.example.com'] });
  const p = c.p12(s.file.certificate_pem + s.file.key_pem, { password: 'pw', name: 'alias' });
  assert.ok(p.bytes instanceof Uint8Array);
  assert.equal(p.file_name, 'alias.p12');
  const dir = mkdtempSync(join(tmpdir(), 'certlens-node-p12-'));
  writeFileSync(join(dir, 'a.p12'), p.bytes);
  const info = openssl(['pkcs12', '-in', join(dir, 'a.p12'), '-info', '-noout', '-passin', 'pass:pw']);
  assert.ok(info.ok, info.out);
  assert.match(info.out, /AES-256-CBC/);
  assert.throws(() => c.p12(s.file.certificate_pem, { password: 'pw' }), (e) => e.kind === 'no_matching_key');
});
