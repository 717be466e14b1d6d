// Writes the crafted inputs of the "bounded work" review into this folder: each kept a page's
// worker (or the CLI) busy for a minute or crashed it before the limits of
// crates/certlens-core/src/limits.rs counted real work. They are committed; this script says
// exactly how each was built (`node tests/crafted/make.mjs` rewrites them identically).
// tests/e2e/limits.test.mjs drops each on the page; the core's own tests build the same shapes
// in Rust (tests/limits.rs, tests/decrypt_pkcs12.rs, tests/chain_verify.rs).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = dirname(fileURLToPath(import.meta.url));

// ---- a tiny DER writer ----
const cat = (...parts) => Buffer.concat(parts.map((p) => Buffer.from(p)));
function der(tag, content) {
  const c = Buffer.from(content);
  let len;
  if (c.length < 0x80) len = Buffer.from([c.length]);
  else {
    const bytes = [];
    for (let n = c.length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return cat([tag], len, c);
}
const seq = (...parts) => der(0x30, cat(...parts));
function uint(n) { // non-negative integer (Number or BigInt)
  let v = BigInt(n);
  const bytes = [];
  do { bytes.unshift(Number(v & 0xffn)); v >>= 8n; } while (v > 0n);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return der(0x02, bytes);
}
const intBytes = (bytes) => der(0x02, bytes[0] & 0x80 ? cat([0], bytes) : bytes);
function oid(dotted) {
  const arcs = dotted.split('.').map(BigInt);
  const out = [Number(arcs[0] * 40n + arcs[1])];
  for (const a of arcs.slice(2)) {
    const b = [];
    let v = a;
    do { b.unshift(Number(v & 0x7fn)); v >>= 7n; } while (v > 0n);
    for (let i = 0; i < b.length - 1; i++) b[i] |= 0x80;
    out.push(...b);
  }
  return der(0x06, out);
}
const NULL = der(0x05, []);
const octets = (b) => der(0x04, b);
const pem = (label, bytes) =>
  `-----BEGIN ${label}-----\n${Buffer.from(bytes).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
const fill = (n, byte) => Buffer.alloc(n, byte);

const files = {};

// 1. YAML aliases of a large value: few nodes, but a 128 KB value copied 300 times (38 MB)
//    by the YAML loader. Before the byte cap a 1 MB file of this shape took 52 s and 4.1 GB.
{
  let y = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: alias-bytes\ntype: Opaque\nstringData:\n';
  y += `  a: &big "${'A'.repeat(128 * 1024)}"\n`;
  for (let i = 0; i < 300; i++) y += `  k${i}: *big\n`;
  files['yaml-alias-bytes.yaml'] = y;
}

// 2. A PKCS#8 DSA key with a 65,536-bit p: g^x mod p took 5 s (a 33 KB one over a minute).
{
  const params = seq(intBytes(fill(8192, 0xff)), intBytes(fill(32, 0x7f)), uint(2));
  const alg = seq(oid('1.2.840.10040.4.1'), params);
  const info = seq(uint(0), alg, octets(intBytes(fill(31, 0x11))));
  files['dsa-big-p.pem'] = pem('PRIVATE KEY', info);
}

// 3. A PFX whose PBMAC1 key is 1,024 bytes long (32 PBKDF2-SHA256 blocks per iteration) at
//    10,000,000 iterations: 163 bytes that ran past a minute.
const HMAC_SHA256 = seq(oid('1.2.840.113549.2.9'), NULL);
const emptySafe = seq(oid('1.2.840.113549.1.7.1'), der(0xa0, octets(seq())));
{
  const kdf = seq(oid('1.2.840.113549.1.5.12'), seq(octets(fill(16, 7)), uint(10_000_000), uint(1024), HMAC_SHA256));
  const pbmac1 = seq(oid('1.2.840.113549.1.5.14'), seq(kdf, HMAC_SHA256));
  const macData = seq(seq(pbmac1, octets(fill(32, 0))), octets(fill(8, 9)), uint(1));
  files['pbmac1-long-key.p12'] = seq(uint(3), emptySafe, macData);
}

// 4. Six PKCS#12 files in one PEM, each with a classic HMAC-SHA256 MAC at 1,000,000
//    iterations: with no password the empty password was tried in two forms, per file, each
//    with a fresh budget — 58.7 s. Now one budget per pool pays for the first file only.
{
  let text = '';
  for (let i = 0; i < 6; i++) {
    const macData = seq(seq(seq(oid('2.16.840.1.101.3.4.2.1'), NULL), octets(fill(32, i))), octets(fill(8, i)), uint(1_000_000));
    text += pem('PKCS12', seq(uint(3), emptySafe, macData));
  }
  files['six-pkcs12.pem'] = text;
}

// 5. Self-signed certificates with 16,384-bit RSA keys and the largest exponent the rsa crate
//    accepts (2^33 - 1): 28 of them took 3.35 s. Keys over 8,192 bits are not verified now.
{
  let text = '';
  for (let i = 0; i < 28; i++) {
    const name = seq(der(0x31, seq(oid('2.5.4.3'), der(0x0c, Buffer.from(`crafted RSA-16384 ${i + 1}`)))));
    const n = cat([0xc5], fill(16384 / 8 - 2, 0x5a + i), [0x01]);
    const spki = seq(seq(oid('1.2.840.113549.1.1.1'), NULL), der(0x03, cat([0], seq(intBytes(n), uint(2n ** 33n - 1n)))));
    const sigAlg = seq(oid('1.2.840.113549.1.1.11'), NULL);
    const validity = seq(der(0x17, Buffer.from('260101000000Z')), der(0x17, Buffer.from('360101000000Z')));
    const tbs = seq(der(0xa0, uint(2)), uint(1000 + i), sigAlg, name, validity, name, spki);
    text += pem('CERTIFICATE', seq(tbs, sigAlg, der(0x03, cat([0], fill(2048, 0x33)))));
  }
  files['rsa-16384-roots.pem'] = text;
}

for (const [name, content] of Object.entries(files)) writeFileSync(join(DIR, name), content);
console.log(Object.keys(files).map((n) => `wrote tests/crafted/${n}`).join('\n'));
