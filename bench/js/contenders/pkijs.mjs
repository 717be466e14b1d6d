// pkijs (+ asn1js): the same fields; the SPKI SHA-256 with WebCrypto.
import * as pkijs from 'pkijs';
import { base64ToBytes, pemBodies, sha256Hex } from './common.mjs';

export const name = 'pkijs';

const SAN = '2.5.29.17';
const rdn = (name) => name.typesAndValues.map((tv) => `${tv.type}=${tv.value.valueBlock.value}`).join(',');

export async function run(text) {
  const out = [];
  for (const b64 of pemBodies(text)) {
    const cert = pkijs.Certificate.fromBER(base64ToBytes(b64));
    const san = (cert.extensions || []).find((e) => e.extnID === SAN);
    out.push({
      subject: rdn(cert.subject),
      issuer: rdn(cert.issuer),
      notAfter: cert.notAfter.value,
      san: san && san.parsedValue ? san.parsedValue.altNames.map((n) => String(n.value)) : [],
      keyAlgorithm: cert.subjectPublicKeyInfo.algorithm.algorithmId,
      pin: await sha256Hex(cert.subjectPublicKeyInfo.toSchema().toBER(false)),
    });
  }
  return out;
}
