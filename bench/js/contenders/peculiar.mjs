// @peculiar/x509: parse every certificate of the PEM text, read subject, issuer, notAfter, SAN
// and key algorithm, and the SPKI SHA-256 (its getThumbprint uses WebCrypto).
// @peculiar/x509 needs a Reflect metadata polyfill (its README: import "reflect-metadata" first).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { hex } from './common.mjs';

export const name = '@peculiar/x509';

export async function run(text) {
  const out = [];
  for (const der of x509.PemConverter.decode(text)) {
    const c = new x509.X509Certificate(der);
    const san = c.getExtension(x509.SubjectAlternativeNameExtension);
    out.push({
      subject: c.subject,
      issuer: c.issuer,
      notAfter: c.notAfter,
      san: san ? san.names.items.map((n) => n.value) : [],
      keyAlgorithm: c.publicKey.algorithm.name,
      pin: hex(await c.publicKey.getThumbprint('SHA-256')),
    });
  }
  return out;
}
