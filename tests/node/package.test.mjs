// The certlens package (pkg/) under Node's own test runner: it loads as is, every function
// answers what openssl computed (tests/fixtures/expected.json), the JSON is the CLI's JSON,
// and errors are Errors with the CLI's messages.
//
//   bash scripts/build-pkg.sh && node --test tests/node/
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PKG, ROOT, cli, cliMessage, expected, fixture, loadPkg } from './helpers.mjs';

const NOW = expected.fixed_now;
let c;
before(async () => {
  c = await loadPkg();
});

const fp = (name) => expected.certs[name].fingerprint_sha256;
const pin = (name) => expected.certs[name].spki_sha256;
const fingerprints = (pem) => c.inspect(pem, { now: NOW }).certificates.map((x) => x.fingerprint_sha256);

test('pkg/ holds the module, the wasm, the types and a package.json a page can use as is', () => {
  const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'certlens');
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.main, './certlens.js');
  assert.equal(pkg.types, './certlens.d.ts');
  for (const f of pkg.files) assert.ok(readFileSync(join(PKG, f)).length > 0, f);
  const dts = readFileSync(join(PKG, 'certlens.d.ts'), 'utf8');
  for (const sig of [
    'export function inspect(input: CertlensInput, options?: InspectOptions): Report;',
    'export function tlsValues(input: CertlensInput, options?: TlsValuesOptions): TlsValues;',
    'export function tlsSecret(input: CertlensInput, options?: TlsSecretOptions): TlsSecret;',
    'export function internalTls(input: CertlensInput, options: InternalTlsOptions): InternalTls;',
    'export function pins(input: CertlensInput, options?: PinsOptions): Pins;',
    'export function oldSidePins(input: CertlensInput, options?: ReadOptions): string[];',
    'export function convertKey(input: CertlensInput, options: ConvertKeyOptions): ConvertedKey;',
    'export function chainPem(input: CertlensInput, options?: ChainPemOptions): string;',
    'export function generateKey(): string;',
    'export function encryptionKeySecret(options?: EncryptionKeyOptions): EncryptionKeys;',
    'export function encryptionKeyRotation(oldKey: string, options?: EncryptionKeyOptions): EncryptionKeys;',
    'export function checkKey(value: string): KeyCheck;',
    'export function customCa(input: CertlensInput, options?: CustomCaOptions): CustomCa;',
    'export function encryptionKeyRotationFrom(existing: string, options?: EncryptionKeyOptions): EncryptionKeys;',
    'export function version(): string;',
    'export interface Report {',
    'export default function __wbg_init',
  ]) {
    assert.ok(dts.includes(sig), `certlens.d.ts lacks: ${sig}`);
  }
  const js = readFileSync(join(PKG, 'certlens.js'), 'utf8');
  assert.ok(!/\bimport\s.*from\s+['"](?!\.)/.test(js), 'no bare imports: a static page can load it');
  assert.equal(c.version(), pkg.version);
});

test('initSync works too', async () => {
  const mod = await import(join(PKG, 'certlens.js') + '?sync');
  mod.initSync({ module: readFileSync(join(PKG, 'certlens_bg.wasm')) });
  assert.equal(mod.inspect(fixture('certs/rsa-leaf.pem', 'utf8')).certificates[0].spki_sha256, pin('rsa-leaf'));
});

test('every fixture input gives the certificates and keys openssl found, in input order', () => {
  for (const [path, e] of [...Object.entries(expected.inputs), ...Object.entries(expected.bad)]) {
    const r = c.inspect([{ name: path, data: fixture(path) }], { now: NOW, password: e.password ?? undefined });
    assert.deepEqual(r.certificates.map((x) => x.fingerprint_sha256), (e.certs || []).map(fp), `${path} certificates`);
    if (expected.inputs[path]) {
      assert.deepEqual(r.private_keys.map((k) => k.spki_sha256), (e.keys || []).map((k) => expected.keys[k].spki_sha256), `${path} keys`);
    }
    // A chain with a gap (chain-missing-int.pem) is reported as the leaf's chain plus the rest.
    if (e.correct_order && !r.chains[0].missing_intermediate) {
      const order = r.chains[0].order.map((i) => r.certificates[i].fingerprint_sha256);
      assert.deepEqual(order, e.correct_order.map(fp), `${path} chain order`);
    }
  }
});

test('every fixture key and public key has openssl\'s pin', () => {
  for (const [path, e] of Object.entries(expected.keys)) {
    const r = c.inspect(fixture(path), { password: e.password ?? undefined });
    assert.equal(r.private_keys[0].spki_sha256, e.spki_sha256, path);
    assert.equal(r.private_keys[0].format, e.format, path);
  }
  for (const [path, e] of Object.entries(expected.public_keys)) {
    assert.equal(c.inspect(fixture(path)).public_keys[0].spki_sha256, e.spki_sha256, path);
  }
});

test('inspect returns exactly the JSON of `certlens inspect --json`', () => {
  const files = ['tests/fixtures/inputs/chain-shuffled.pem', 'tests/fixtures/keys/rsa-leaf.pkcs1.pem', 'tests/fixtures/inputs/values.yaml'];
  const r = cli(['inspect', '--json', '--now', NOW, ...files]);
  assert.equal(r.status, 0, r.stderr);
  const pool = files.map((f) => ({ name: f, data: readFileSync(join(ROOT, f)) }));
  assert.deepEqual(JSON.parse(JSON.stringify(c.inspect(pool, { now: NOW }))), JSON.parse(r.stdout));

  const check = cli(['check', '--json', '--now', NOW, '--host', 'app.example.test', '--host', 'nope.test', '--service', 'lightrun-frontend', '--namespace', 'lightrun', files[0]]);
  const js = c.inspect([{ name: files[0], data: readFileSync(join(ROOT, files[0])) }], {
    now: NOW, names: ['app.example.test', 'nope.test'], services: ['lightrun-frontend'], namespace: 'lightrun',
  });
  assert.deepEqual(JSON.parse(JSON.stringify(js)), JSON.parse(check.stdout));
});

test('copies of a certificate (chain-dup.pem, the same chain in two files) give the CLI\'s JSON', () => {
  // The JavaScript result builds each copy from its first occurrence (crates/certlens-wasm/src/report.rs).
  const files = ['tests/fixtures/inputs/chain-correct.pem', 'tests/fixtures/inputs/chain-shuffled.pem', 'tests/fixtures/inputs/chain-dup.pem'];
  const r = cli(['inspect', '--json', '--now', NOW, ...files]);
  assert.equal(r.status, 0, r.stderr);
  const pool = files.map((f) => ({ name: f, data: readFileSync(join(ROOT, f)) }));
  const js = c.inspect(pool, { now: NOW });
  const want = JSON.parse(r.stdout);
  assert.equal(JSON.stringify(js), JSON.stringify(want), 'same JSON text, key order included');
  assert.ok(js.duplicates.length >= 3, 'the pool has copies');
  for (const group of js.duplicates) {
    const [first, ...copies] = group.map((i) => js.certificates[i]);
    for (const copy of copies) {
      assert.notEqual(copy, first, 'each copy is its own object');
      assert.notEqual(copy.location, first.location);
      assert.equal(copy.fingerprint_sha256, first.fingerprint_sha256);
    }
  }
});

test('inputs, chains and chain_expiry are parsed when first read, and are then ordinary values', () => {
  // crates/certlens-wasm/src/report.rs: three sections of the report stay JSON text until read.
  const files = ['tests/fixtures/inputs/chain-shuffled.pem', 'tests/fixtures/inputs/chain-correct.pem'];
  const r = cli(['inspect', '--json', '--now', NOW, ...files]);
  assert.equal(r.status, 0, r.stderr);
  const want = JSON.parse(r.stdout);
  const pool = () => files.map((f) => ({ name: f, data: readFileSync(join(ROOT, f)) }));
  const lazy = ['inputs', 'chains', 'chain_expiry'];

  const js = c.inspect(pool(), { now: NOW });
  assert.deepEqual(Object.keys(js), Object.keys(want), 'every key, in the contract\'s order');
  for (const k of lazy) {
    const d = Object.getOwnPropertyDescriptor(js, k);
    assert.equal(typeof d.get, 'function', `${k}: unread, it is still text behind a getter`);
    assert.ok(d.enumerable, `${k}: enumerable`);
  }
  const chains = js.chains;
  assert.ok(chains.length >= 1, 'the pool has a chain');
  assert.equal(js.chains, chains, 'read once: the same array each time');
  assert.deepEqual(Object.getOwnPropertyDescriptor(js, 'chains'), { value: chains, writable: true, enumerable: true, configurable: true });
  assert.equal(typeof Object.getOwnPropertyDescriptor(js, 'inputs').get, 'function', 'reading one section leaves the others unread');
  assert.deepEqual(js.chains, want.chains);
  assert.deepEqual(js.chain_expiry, want.chain_expiry);
  assert.deepEqual(js.inputs, want.inputs);

  // Unread, they still serialise, copy and clone as plain values (the getters run).
  assert.equal(JSON.stringify(c.inspect(pool(), { now: NOW })), JSON.stringify(want), 'JSON text, key order included');
  assert.deepEqual(JSON.parse(JSON.stringify({ ...c.inspect(pool(), { now: NOW }) })), want, 'a spread');
  assert.deepEqual(JSON.parse(JSON.stringify(structuredClone(c.inspect(pool(), { now: NOW })))), want, 'structuredClone');

  // Written before being read: the value written is kept, the text is never parsed.
  const w = c.inspect(pool(), { now: NOW });
  w.chains = [];
  assert.deepEqual(w.chains, []);
  assert.ok(Object.getOwnPropertyDescriptor(w, 'chains').writable);
  delete w.inputs;
  assert.equal('inputs' in w, false, 'a section can be deleted');

  // Frozen before being read (a store that freezes its state): read, not thrown, and the same
  // array each time; a write changes nothing, as on any frozen object.
  const frozen = Object.freeze(c.inspect(pool(), { now: NOW }));
  const fc = frozen.chains;
  assert.deepEqual(fc, want.chains);
  assert.equal(frozen.chains, fc, 'frozen: parsed once');
  assert.throws(() => { frozen.inputs = []; }, TypeError, 'frozen: a write throws, as for a data property in a module');
  assert.deepEqual(frozen.inputs, want.inputs);
  assert.equal(JSON.stringify(frozen), JSON.stringify(want), 'frozen: JSON text');
  // Sealed: a write is kept.
  const sealed = Object.seal(c.inspect(pool(), { now: NOW }));
  sealed.chain_expiry = ['written'];
  assert.deepEqual(sealed.chain_expiry, ['written']);
  assert.deepEqual(sealed.chains, want.chains);
});

test('text input with non-ASCII characters and lone surrogates is read as UTF-8', () => {
  const pem = fixture('certs/rsa-leaf.pem', 'utf8');
  const r = c.inspect(`# Zertifikat für café ✓ 🔒 \uD800\n${pem}`, { now: NOW });
  assert.deepEqual(r.certificates.map((x) => x.fingerprint_sha256), [fp('rsa-leaf')]);
  assert.deepEqual(r.errors, []);

  // Text over 2^20 UTF-16 units is encoded in slices (crates/certlens-wasm/src/input.rs): a
  // certificate across the first slice's end, with multi-byte characters and surrogate pairs
  // before it, and a surrogate pair exactly on the boundary.
  const SLICE = 1 << 20;
  const int = fixture('certs/rsa-int.pem', 'utf8');
  const head = `# ${'ü🔒'.repeat(1000)}\n`;
  const text = `${head}${'#'.repeat(SLICE - head.length - 300)}\n${pem}# ✓\n${int}`;
  const at = text.indexOf('-----BEGIN');
  assert.ok(at < SLICE && at + pem.length > SLICE, 'the certificate straddles the slice boundary');
  assert.deepEqual(c.inspect(text, { now: NOW }).certificates.map((x) => x.fingerprint_sha256), [fp('rsa-leaf'), fp('rsa-int')]);
  const pair = `${'#'.repeat(SLICE - 1)}🔒\n${pem}`;
  assert.equal(pair.charCodeAt(SLICE - 1), 0xd83d, 'a high surrogate ends the first slice');
  assert.deepEqual(c.inspect(pair, { now: NOW }).certificates.map((x) => x.fingerprint_sha256), [fp('rsa-leaf')]);
});

test('inputs: string, Buffer, Uint8Array, ArrayBuffer, { name, data } and pools', () => {
  const der = fixture('certs/rsa-leaf.der');
  for (const input of [fixture('certs/rsa-leaf.pem', 'utf8'), der, new Uint8Array(der), der.buffer.slice(der.byteOffset, der.byteOffset + der.length), { name: 'leaf.der', data: der }]) {
    const r = c.inspect(input, { now: NOW });
    assert.equal(r.certificates[0].fingerprint_sha256, fp('rsa-leaf'));
  }
  const r = c.inspect([{ name: 'int.pem', data: fixture('certs/rsa-int.pem', 'utf8') }, { name: 'leaf.der', data: der }], { now: NOW });
  assert.deepEqual(r.certificates.map((x) => x.source), ['int.pem', 'leaf.der']);
  assert.deepEqual(r.chains[0].order, [1, 0]);
  assert.equal(c.inspect('x').inputs[0].name, 'input');
});

test('now: Date, milliseconds, RFC 3339, default Date.now()', () => {
  const pem = fixture('certs/rsa-leaf.pem', 'utf8');
  for (const now of [new Date(NOW), Date.parse(NOW), NOW]) {
    assert.equal(c.inspect(pem, { now }).certificates[0].validity.days_left, 335);
  }
  const left = c.inspect(pem).certificates[0].validity.seconds_left;
  assert.ok(Math.abs(Date.parse('2027-06-01T00:00:00Z') / 1000 - Date.now() / 1000 - left) < 5);
});

test('outputs match openssl: values, Secret, pins, chain, key conversion', () => {
  const input = [{ name: 'chain.pem', data: fixture('inputs/chain-shuffled.pem') }, { name: 'tls.key', data: fixture('keys/rsa-leaf.key') }];
  const v = c.tlsValues(input, { now: NOW });
  assert.equal(v.leaf_pin, pin('rsa-leaf'));
  // The vendor's full chain (root included by default), as the CLI's values.
  assert.deepEqual(fingerprints(v.full_chain_pem), [fp('rsa-leaf'), fp('rsa-int'), fp('rsa-root')]);
  assert.deepEqual(fingerprints(c.tlsValues(input, { now: NOW, includeRoot: false }).full_chain_pem), [fp('rsa-leaf'), fp('rsa-int')]);
  // A PKCS#1 key stays PKCS#1.
  const k1 = c.tlsValues([input[0], { name: 'tls.key', data: fixture('keys/rsa-leaf.pkcs1.pem') }], { now: NOW });
  assert.equal(Buffer.from(k1.key_base64, 'base64').toString(), fixture('keys/rsa-leaf.pkcs1.pem').toString());
  // Base64 pins: information only, never a values block.
  const p64 = c.pins(fixture('inputs/chain-correct.pem'), { base64: true });
  assert.equal(p64.values_block, false);
  assert.ok(!p64.yaml.includes('certificate:'), p64.yaml);
  assert.equal(Buffer.from(v.crt_base64, 'base64').toString(), v.full_chain_pem);
  assert.equal(c.inspect(Buffer.from(v.key_base64, 'base64')).private_keys[0].spki_sha256, pin('rsa-leaf'));

  const s = c.tlsSecret(input, { now: NOW, namespace: 'lightrun', includeCa: true });
  assert.equal(s.name, 'lightrun-tls');
  assert.deepEqual(fingerprints(s.ca_pem), [fp('rsa-root')]);
  assert.match(s.yaml, /type: kubernetes\.io\/tls/);

  assert.deepEqual(c.pins(fixture('inputs/chain-correct.pem')).list, [pin('rsa-leaf')]);
  assert.deepEqual(c.oldSidePins(fixture('inputs/values.yaml')).length > 0, true);
  assert.deepEqual(fingerprints(c.chainPem(fixture('inputs/chain-reversed.pem'))), ['rsa-leaf', 'rsa-int', 'rsa-root'].map(fp));

  const k = c.convertKey(fixture('keys/rsa-leaf.legacy-aes.pem'), { to: 'pkcs8', password: 'correct horse' });
  assert.match(k.pem, /^-----BEGIN PRIVATE KEY-----\n/);
  assert.equal(c.inspect(k.pem).private_keys[0].spki_sha256, expected.keys['keys/rsa-leaf.legacy-aes.pem'].spki_sha256);

  const t = c.internalTls([
    { name: 'svc.pem', data: fixture('certs/internal-services.pem') },
    { name: 'svc.key', data: fixture('keys/internal-services.key') },
    { name: 'int.pem', data: fixture('certs/rsa-int.pem') },
    { name: 'root.pem', data: fixture('certs/rsa-root.pem') },
  ], { now: NOW, release: 'lightrun', namespace: 'lightrun' });
  assert.ok(t.services.every((x) => x.covered));
  assert.equal(t.services.length, 7, 'every key the chart mounts by default');

  // A PKCS#1 key stays PKCS#1 in the internal-TLS Secrets, as in certificate.tls.
  const t1 = c.internalTls([
    { name: 'chain.pem', data: fixture('inputs/chain-correct.pem') },
    { name: 'rsa.pem', data: fixture('keys/rsa-leaf.pkcs1.pem') },
  ], { now: NOW, release: 'lightrun', namespace: 'lightrun', services: ['redis', 'keycloak_cluster'],
       existingSecrets: { frontend: 'a', keycloak: 'b', rabbitmq: 'c', data_streamer: 'd', artifacts: 'e' } });
  assert.ok(t1.services.every((x) => x.key_format === 'pkcs1'));
  assert.equal(Buffer.from(t1.services[0].key_base64, 'base64').toString(), fixture('keys/rsa-leaf.pkcs1.pem').toString());
});

test('output text equals the CLI output', () => {
  const files = ['tests/fixtures/inputs/chain-correct.pem', 'tests/fixtures/keys/rsa-leaf.key'];
  const pool = files.map((f) => ({ name: f, data: readFileSync(join(ROOT, f)) }));
  assert.equal(c.tlsValues(pool, { now: NOW }).yaml, cli(['values', '--now', NOW, ...files]).stdout);
  assert.equal(c.tlsSecret(pool, { now: NOW, name: 'x', namespace: 'ns' }).yaml, cli(['secret', '--name', 'x', '--namespace', 'ns', '--now', NOW, ...files]).stdout);
  assert.equal(c.pins(pool, { now: NOW }).yaml, cli(['pins', '--now', NOW, ...files]).stdout);
  assert.equal(c.chainPem(pool), cli(['chain', ...files]).stdout);
  assert.equal(c.convertKey(pool, { to: 'pkcs1' }).pem, cli(['convert-key', '--to', 'pkcs1', ...files]).stdout);
});

test('errors are Errors with the CLI messages', () => {
  const cases = [
    [['values', 'tests/fixtures/certs/rsa-leaf.pem'], (p) => c.tlsValues(p), 'missing_intermediate'],
    [['values', '--allow-incomplete', 'tests/fixtures/certs/rsa-leaf.pem'], (p) => c.tlsValues(p, { allowIncompleteChain: true }), 'no_matching_key'],
    [['secret', '--name', 'Bad_Name', 'tests/fixtures/inputs/leaf-and-key.pem', 'tests/fixtures/certs/rsa-int.pem'], (p) => c.tlsSecret(p, { name: 'Bad_Name' }), 'invalid_name'],
    [['pins', 'tests/fixtures/inputs/bad/text-only.txt'], (p) => c.pins(p), 'nothing_to_pin'],
    [['convert-key', '--to', 'pkcs1', 'tests/fixtures/keys/ec-leaf.key'], (p) => c.convertKey(p, { to: 'pkcs1' }), 'key_unusable'],
    [['convert-key', '--to', 'pkcs8', '--key', '1', 'tests/fixtures/keys/rsa-leaf.pkcs8-enc.pem'], (p) => c.convertKey(p, { to: 'pkcs8', key: 0 }), 'key_locked'],
    [['internal-tls', '--release', 'lightrun', '--namespace', 'lightrun', '--service', 'nope', 'tests/fixtures/inputs/leaf-and-key.pem'], (p) => c.internalTls(p, { release: 'lightrun', namespace: 'lightrun', services: ['nope'] }), 'unknown_service'],
    [['chain', 'tests/fixtures/inputs/bad/text-only.txt'], (p) => c.chainPem(p), 'no_chain'],
  ];
  for (const [args, call, kind] of cases) {
    const files = args.filter((a) => a.startsWith('tests/'));
    const pool = files.map((f) => ({ name: f, data: readFileSync(join(ROOT, f)) }));
    const want = cliMessage(args);
    assert.equal(want.status, 1, args.join(' '));
    assert.throws(() => call(pool), (e) => {
      assert.ok(e instanceof Error);
      assert.equal(e.message, want.message, args.join(' '));
      assert.equal(e.kind, kind);
      return true;
    });
  }
  // Rotation with a bad old key; the CLI reads it from standard input.
  const want = cliMessage(['keygen', '--rotate', '-'], 'not-a-key');
  assert.throws(() => c.encryptionKeyRotation('not-a-key'), (e) => e.message === want.message && e.kind === 'encryption_key');
  // --now: the same parser and message.
  const usage = cli(['inspect', '--now', 'yesterday', 'tests/fixtures/certs/rsa-leaf.pem']);
  assert.throws(() => c.inspect('x', { now: 'yesterday' }), (e) => usage.stderr.startsWith(`certlens: ${e.message}\n`) && e.kind === 'invalid_argument');
  // Output errors carry the core's error as details.
  assert.throws(() => c.tlsValues(fixture('certs/rsa-leaf.pem')), (e) => e.details.kind === 'missing_intermediate' && e.details.certificate === 'CN=example.test');
  // Unknown options, snake_case ones included, are refused.
  assert.throws(() => c.tlsSecret('x', { include_ca: true }), /unknown option "include_ca" \(option names are camelCase: includeCa\)/);
});

test('keys: generateKey draws from globalThis.crypto; checkKey diagnoses like keycheck', () => {
  const a = c.generateKey();
  const b = c.generateKey();
  assert.equal(a.length, 44);
  assert.equal(Buffer.from(a, 'base64').length, 32);
  assert.notEqual(a, b);
  assert.equal(c.checkKey(a).ok, true);
  const cliOk = cli(['keycheck', a]);
  assert.equal(cliOk.status, 0);
  const bad = c.checkKey(`"${a}"\n`);
  assert.equal(bad.ok, true);
  assert.ok(bad.hints.length >= 1);
  const worse = c.checkKey(Buffer.from(a).toString('base64'));
  assert.equal(worse.ok, false);
  assert.equal(worse.normalized, a, 'double encoding is undone');
  const out = cli(['keycheck', Buffer.from(a).toString('base64')]).stdout;
  for (const p of worse.problems) assert.ok(out.includes(`problem: ${p}`), p);

  const s = c.encryptionKeySecret({ namespace: 'lightrun' });
  assert.equal(s.keys.length, 1);
  assert.equal(c.checkKey(s.keys[0].value).ok, true);
  const r = c.encryptionKeyRotation(a, { key: b, secretName: 'backend' });
  assert.deepEqual(r.keys, [{ name: 'encryption-key-0', value: a }, { name: 'encryption-key-1', value: b }]);
  assert.equal(r.text, cli(['keygen', '--rotate', '-', '--secret-name', 'backend'], a).stdout.replace(/[A-Za-z0-9+/]{43}=/g, (k) => (k === a ? a : b)));
});

test('internal TLS fills every key the chart mounts; a narrowed list throws like the CLI', () => {
  const files = ['tests/fixtures/keys/internal-services.key', 'tests/fixtures/inputs/chain-correct.pem', 'tests/fixtures/certs/internal-services.pem'];
  const pool = files.map((f) => ({ name: f, data: readFileSync(join(ROOT, f)) }));
  const t = c.internalTls(pool, { now: NOW, release: 'lightrun', namespace: 'lightrun' });
  assert.deepEqual(t.services.map((s) => s.key), ['frontend', 'keycloak', 'keycloak_cluster', 'redis', 'rabbitmq', 'data_streamer', 'artifacts']);
  assert.equal(t.text, cli(['internal-tls', '--now', NOW, '--release', 'lightrun', '--namespace', 'lightrun', ...files]).stdout);
  assert.equal(Buffer.from(t.custom_ca.ca_base64, 'base64').toString(), fixture('certs/rsa-root.pem', 'utf8'));
  const args = ['internal-tls', '--now', NOW, '--release', 'lightrun', '--namespace', 'lightrun', '--service', 'redis', ...files];
  const want = cliMessage(args);
  assert.throws(() => c.internalTls(pool, { now: NOW, release: 'lightrun', namespace: 'lightrun', services: ['redis'] }),
    (e) => want.message.startsWith(e.message) && e.kind === 'internal_tls_incomplete');
  const ok = c.internalTls(pool, { now: NOW, release: 'lightrun', namespace: 'lightrun', services: ['redis'],
    existingSecrets: { frontend: 'a', keycloak: 'b', keycloak_cluster: 'c', rabbitmq: 'd', data_streamer: 'e', artifacts: 'f' } });
  assert.equal(ok.services.length, 1);
});

test('customCa: the root of the chain, like certlens custom-ca; a leaf alone throws', () => {
  const files = ['tests/fixtures/inputs/chain-shuffled.pem'];
  const pool = files.map((f) => ({ name: f, data: readFileSync(join(ROOT, f)) }));
  const cc = c.customCa(pool, { now: NOW, namespace: 'lr-prod' });
  assert.equal(cc.text, cli(['custom-ca', '--now', NOW, '--namespace', 'lr-prod', ...files]).stdout);
  assert.equal(Buffer.from(cc.ca_base64, 'base64').toString(), fixture('certs/rsa-root.pem', 'utf8'));
  assert.equal(cc.secret_name, 'lightrun-custom-ca-certificate');
  assert.throws(() => c.customCa(fixture('certs/rsa-leaf.pem')), (e) => e.kind === 'no_custom_ca');
});

test('encryptionKeyRotationFrom: every key of the existing Secret, plus N+1', () => {
  const exp = JSON.parse(fixture('enckeys/expected.json', 'utf8'));
  const key = c.generateKey();
  for (const f of ['enckeys/backend-two-keys.yaml', 'enckeys/backend-two-keys.data.yaml']) {
    const r = c.encryptionKeyRotationFrom(fixture(f, 'utf8'), { key });
    assert.deepEqual(r.keys, [
      { name: 'encryption-key-0', value: exp['encryption-key-0'] },
      { name: 'encryption-key-1', value: exp['encryption-key-1'] },
      { name: 'encryption-key-2', value: key },
    ]);
    assert.equal(r.form, 'stringData');
    assert.equal(r.secret_name, 'lightrun-backend');
    assert.equal(r.namespace, 'lr-prod');
    assert.match(r.read_from, /^Secret lightrun-backend, (stringData|data)$/);
  }
});
