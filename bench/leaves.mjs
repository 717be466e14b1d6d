// Distinct leaves for the browser benchmarks (bench/app/run.mjs, bench/js/run.mjs): `n` leaves
// signed by one P-256 CA, each with its own key, name and serial, as one PEM text (the CA last,
// when asked for). Copies of one CA bundle are grouped as duplicates and analysed once; these are
// all different, as a real inventory of leaves is. Built with node:crypto and a few lines of
// DER, at run time: no fixture file of that size is checked in. The core's criterion bench
// (crates/certlens-core/benches/distinct.rs) builds the same pools in Rust.
import { createHash, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';

const len = (n) => {
  if (n < 0x80) return [n];
  const out = [];
  for (let v = n; v > 0; v >>= 8) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
};
const tlv = (tag, ...parts) => {
  const body = Buffer.concat(parts.map((p) => Buffer.from(p)));
  return Buffer.concat([Buffer.from([tag, ...len(body.length)]), body]);
};
const seq = (...p) => tlv(0x30, ...p);
const oid = (dotted) => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const v of rest) {
    const bytes = [v & 0x7f];
    for (let x = v >> 7; x > 0; x >>= 7) bytes.unshift(0x80 | (x & 0x7f));
    out.push(...bytes);
  }
  return tlv(0x06, out);
};
const int = (n) => {
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (!bytes.length || bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, bytes);
};
const octet = (b) => tlv(0x04, b);
const utc = (unix) => {
  const d = new Date(unix * 1000).toISOString(); // 2026-07-01T00:00:00.000Z
  return tlv(0x17, Buffer.from(`${d.slice(2, 4)}${d.slice(5, 7)}${d.slice(8, 10)}${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}Z`));
};
const name = (pairs) => seq(...pairs.map(([o, v]) => tlv(0x31, seq(oid(o), tlv(0x0c, Buffer.from(v))))));
const CN = '2.5.4.3';
const O = '2.5.4.10';
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const ext = (o, critical, value) => seq(oid(o), ...(critical ? [tlv(0x01, [0xff])] : []), octet(value));
/** RFC 5280 4.2.1.2 method 1: SHA-1 of the key's BIT STRING (the last 65 bytes of a P-256 SPKI). */
const keyId = (spki) => createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
const pem = (der) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE-----\n`;

/** 2026-07-01T00:00:00Z, the benchmarks' and fixtures' fixed "now". */
export const NOW = 1_782_864_000;

function certificate({ serial, subject, issuer, spki, extensions, caKey }) {
  const tbs = seq(
    tlv(0xa0, int(2)),
    int(serial),
    ECDSA_SHA256,
    issuer,
    seq(utc(NOW - 30 * 86400), utc(NOW + 397 * 86400)),
    subject,
    spki,
    tlv(0xa3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, caKey); // DER ECDSA-Sig-Value
  return seq(tbs, ECDSA_SHA256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

/**
 * `n` distinct leaves as PEM, then (with `{ ca: true }`) the CA that signed them: n or n + 1
 * certificates. Without their CA nothing links, so no signature is checked: the input the
 * issue's "distinct leaves" rows measure (parsing and describing, as the JavaScript libraries
 * do). With it, every leaf's link to the CA is a P-256 verification.
 */
export function distinctLeaves(n, { ca: withCa = false } = {}) {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caKey = createPrivateKey(ca.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const caSpki = ca.publicKey.export({ type: 'spki', format: 'der' });
  const caId = keyId(caSpki);
  const caName = name([[CN, 'certlens bench CA'], [O, 'certlens bench']]);
  const parts = [];
  for (let i = 0; i < n; i++) {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const host = `leaf-${i}.bench.example`;
    parts.push(pem(certificate({
      serial: 0x40000000 + i + 2,
      subject: name([[CN, host]]),
      issuer: caName,
      spki,
      extensions: [
        ext('2.5.29.17', false, seq(tlv(0x82, Buffer.from(host)))),
        ext('2.5.29.14', false, octet(keyId(spki))),
        ext('2.5.29.35', false, seq(tlv(0x80, caId))),
      ],
      caKey,
    })));
  }
  if (!withCa) return parts.join('');
  parts.push(pem(certificate({
    serial: 0x40000001,
    subject: caName,
    issuer: caName,
    spki: caSpki,
    extensions: [ext('2.5.29.19', true, seq(tlv(0x01, [0xff]))), ext('2.5.29.14', false, octet(caId))],
    caKey,
  })));
  return parts.join('');
}
