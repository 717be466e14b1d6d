// Type-checked (never run) by types.test.mjs with `tsc --strict --noEmit`: the package's
// .d.ts types every argument and result precisely, and refuses wrong ones.
import init, {
  inspect, tlsValues, tlsSecret, internalTls, pins, oldSidePins, convertKey, chainPem,
  generateKey, encryptionKeySecret, encryptionKeyRotation, encryptionKeyRotationFrom, customCa, checkKey, version, agents,
} from '../../pkg/certlens.js';
import type { CertlensError, Report, Certificate, TlsValues, Pins, KeyCheck, EncryptionKeys, ConvertedKey, InternalTls, TlsSecret, CustomCa, Agents } from '../../pkg/certlens.js';

export async function example(pem: string, der: Uint8Array): Promise<void> {
  await init();
  const report: Report = inspect(pem, { now: new Date(), password: 'pw', names: ['a.example'], expectedPins: ['x'], verifySignatures: false, warnDays: 10 });
  const first: Certificate = report.certificates[0];
  const pin: string = first.spki_sha256;
  const days: number = first.validity.days_left;
  const cn: string | null = first.common_name;
  const status: 'valid' | 'expired' | 'not_yet_valid' = first.validity.status;
  const order: number[] = report.chains[0].order;
  const severity: 'error' | 'warning' | 'info' = report.findings[0].severity;
  // A finding told once for many certificates, and a chain's unused input counted in full.
  const grouped: true | undefined = report.findings[0].grouped;
  // @ts-expect-error grouped is never false: absent on a finding about one certificate
  const notGrouped: false = report.findings[0].grouped;
  const unusedCount: number = report.chains[0].validation!.unused_count;
  inspect([{ name: 'a.pem', data: pem }, { name: 'b.der', data: der }], { now: '2026-07-01T00:00:00Z' });
  inspect(der.buffer as ArrayBuffer);
  const v: TlsValues = tlsValues(pem, { includeRoot: true, keyFormat: 'pkcs1', oldPins: ['a', 'b'], chain: 0 });
  const s: TlsSecret = tlsSecret(pem, { name: 'tls', namespace: 'ns', includeCa: true });
  const ca: string | null = s.ca_pem;
  const t: InternalTls = internalTls(pem, { release: 'lightrun', namespace: 'lightrun', services: ['frontend'] });
  const p: Pins = pins(pem, { base64: true });
  const list: string[] = p.list;
  const old: string[] = oldSidePins(pem);
  const k: ConvertedKey = convertKey(pem, { to: 'sec1', key: 0, password: 'pw' });
  const chain: string = chainPem(pem, { includeRoot: false });
  const key: string = generateKey();
  const e1: EncryptionKeys = encryptionKeySecret({ secretName: 'b', namespace: 'n', key });
  const e2: EncryptionKeys = encryptionKeyRotation(key, { key: generateKey() });
  const e3: EncryptionKeys = encryptionKeyRotationFrom('kind: Secret', { secretName: 'b' });
  const from: string | null = e3.read_from;
  const cc: CustomCa = customCa(pem, { release: 'lightrun', namespace: 'ns', secretName: 'x' });
  const ccb: string = cc.ca_base64;
  const t2: InternalTls = internalTls(pem, { release: 'l', namespace: 'n', services: ['redis'], existingSecrets: { artifacts: 'a' } });
  const backendOk: boolean | undefined = t2.backend?.ok;
  const ag: Agents = agents(pem, { serverHost: 'lightrun.example.com', agents: ['orders'], namespace: 'apps', lightrunKey: 'k', chain: 0 });
  const agPin: string = ag.pin;
  const agCovered: boolean = ag.host_covered;
  void [from, ccb, backendOk, agPin, agCovered];
  const c: KeyCheck = checkKey(key);
  const ver: string = version();
  try {
    tlsValues(pem);
  } catch (err) {
    const e = err as CertlensError;
    const kind: string = e.kind;
    const msg: string = e.message;
    void kind; void msg;
  }
  void [pin, days, cn, status, order, severity, v.leaf_pin, t.services, list, old, k.pem, chain, e1.keys, e2.text, c.ok, ver];

  // @ts-expect-error: a number is not an input
  inspect(42);
  // @ts-expect-error: options are camelCase
  tlsValues(pem, { include_root: true });
  // @ts-expect-error: the chart takes pkcs8 or pkcs1
  tlsValues(pem, { keyFormat: 'sec1' });
  // @ts-expect-error: internalTls needs release and namespace
  internalTls(pem, {});
  // @ts-expect-error: convertKey needs `to`
  convertKey(pem, {});
  // @ts-expect-error: results are snake_case
  report.certificates[0].notAfter;
  // @ts-expect-error: now is a Date, a number or a string
  inspect(pem, { now: true });
}
