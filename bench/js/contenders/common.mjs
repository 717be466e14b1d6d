// Helpers every JavaScript contender uses the same way: find the PEM blocks, decode Base64,
// hex-encode a digest. certlens does all of this inside `inspect`.
const PEM = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** The Base64 bodies of the CERTIFICATE blocks of a PEM text. */
export function pemBodies(text) {
  const out = [];
  for (const m of text.matchAll(PEM)) out.push(m[1].replace(/\s+/g, ''));
  return out;
}

export function base64ToBytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function hex(buf) {
  const b = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

/** SHA-256 with WebCrypto (what the libraries that have no hash of their own use). */
export async function sha256Hex(bytes) {
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}
