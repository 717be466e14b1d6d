// node-forge: the same fields; the SPKI SHA-256 with forge's own SHA-256 (it has one).
// forge.pki.certificateFromAsn1 reads only RSA keys ("Cannot read public key. OID is not RSA"),
// so for EC and other keys the same fields are read from forge's ASN.1 tree with forge's
// helpers (RDNAttributesAsArray, utcTimeToDate, certificateExtensionsFromAsn1).
import forge from 'node-forge';
import { pemBodies } from './common.mjs';

export const name = 'node-forge';

const { asn1, pki } = forge;
const rdn = (attrs) => attrs.map((a) => `${a.shortName || a.type}=${a.value}`).join(',');
const time = (t) => (t.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(t.value) : asn1.generalizedTimeToDate(t.value));

function sha256(der) {
  return forge.md.sha256.create().update(der).digest().toHex();
}

function fromTree(tbs) {
  // TBSCertificate: [0] version?, serial, signature, issuer, validity, subject, spki, ... [3] extensions
  const f = tbs.value[0].tagClass === asn1.Class.CONTEXT_SPECIFIC ? tbs.value.slice(1) : tbs.value;
  const [, , issuer, validity, subject, spki] = f;
  const extWrap = tbs.value.find((v) => v.tagClass === asn1.Class.CONTEXT_SPECIFIC && v.type === 3);
  const exts = extWrap ? pki.certificateExtensionsFromAsn1(extWrap) : [];
  const san = exts.find((e) => e.name === 'subjectAltName');
  return {
    subject: rdn(pki.RDNAttributesAsArray(subject)),
    issuer: rdn(pki.RDNAttributesAsArray(issuer)),
    notAfter: time(validity.value[1]),
    san: san ? san.altNames.map((n) => n.value) : [],
    keyAlgorithm: pki.oids[asn1.derToOid(spki.value[0].value[0].value)] || asn1.derToOid(spki.value[0].value[0].value),
    pin: sha256(asn1.toDer(spki).getBytes()),
  };
}

export async function run(text) {
  const out = [];
  for (const b64 of pemBodies(text)) {
    const tree = asn1.fromDer(forge.util.decode64(b64));
    const tbs = tree.value[0];
    let cert = null;
    try {
      cert = pki.certificateFromAsn1(tree);
    } catch {
      // not an RSA key: read the fields from the tree
    }
    if (!cert) {
      out.push(fromTree(tbs));
      continue;
    }
    const san = cert.getExtension('subjectAltName');
    out.push({
      subject: rdn(cert.subject.attributes),
      issuer: rdn(cert.issuer.attributes),
      notAfter: cert.validity.notAfter,
      san: san ? san.altNames.map((n) => n.value) : [],
      keyAlgorithm: 'rsaEncryption',
      pin: sha256(asn1.toDer(pki.publicKeyToAsn1(cert.publicKey)).getBytes()),
    });
  }
  return out;
}
