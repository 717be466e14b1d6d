//! PKCS#12 (PFX, `.p12`/`.pfx`) files: certificates and private keys behind a password.
//!
//! Reads password-integrity PFX files (RFC 7292): verifies the HMAC (classic PKCS#12 MAC with
//! SHA-1/SHA-2, or PBMAC1 from RFC 9579), then decrypts `encryptedData` content and shrouded key
//! bags with the schemes of [`crate::pbe`]. Public-key integrity (`signedData`) and
//! public-key privacy (`envelopedData`) are not supported. Like everything in this crate it never
//! panics, and every key-derivation cost is checked against [`Limits`] before the work.

use std::fmt;

use zeroize::Zeroizing;

use crate::asn1::ber;
use crate::limits::Limits;
use crate::pbe::{
    blocks, decrypt_encrypted_pki, decrypt_with_scheme, hmac_verify, is_pkcs8_private_key,
    malformed, parse_pbes2_kdf, password_candidates, pbkdf2, pkcs12_kdf, Budget, DecryptError,
    Hash, Pbes2Kdf, Pw, Scheme,
};

const OID_DATA: &str = "1.2.840.113549.1.7.1";
const OID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const OID_ENVELOPED_DATA: &str = "1.2.840.113549.1.7.3";
const OID_ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
const OID_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.1";
const OID_SHROUDED_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.2";
const OID_CERT_BAG: &str = "1.2.840.113549.1.12.10.1.3";
const OID_SAFE_CONTENTS_BAG: &str = "1.2.840.113549.1.12.10.1.6";
const OID_X509_CERTIFICATE: &str = "1.2.840.113549.1.9.22.1";
const OID_FRIENDLY_NAME: &str = "1.2.840.113549.1.9.20";
const OID_PBMAC1: &str = "1.2.840.113549.1.5.14";

/// How deep safeContentsBag may nest.
const MAX_BAG_NESTING: u32 = 8;

/// Cheap structural sniff: PFX SEQUENCE { version INTEGER 3, authSafe ContentInfo, ... }.
pub fn is_pkcs12(der: &[u8]) -> bool {
    let Ok(outer) = ber::parse_first(der) else {
        return false;
    };
    if !outer.is_universal(ber::SEQUENCE) || !outer.constructed {
        return false;
    }
    let mut r = outer.children();
    if r.uint("version").ok() != Some(3) {
        return false;
    }
    let Ok(mut auth_safe) = r.sequence("authSafe") else {
        return false;
    };
    matches!(
        auth_safe.oid("authSafe content type").as_deref(),
        Ok(OID_DATA) | Ok(OID_SIGNED_DATA)
    )
}

/// Result of the integrity check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MacStatus {
    /// The MAC was checked and matches. `algorithm` is e.g. "HMAC-SHA256".
    Verified { algorithm: String, iterations: u64 },
    /// The file has no MAC (nothing vouches for its integrity).
    Absent,
}

/// What a PKCS#12 file holds.
#[derive(Clone)]
pub struct Pkcs12Contents {
    /// X.509 certificates (DER), in file order.
    pub certificates: Vec<Vec<u8>>,
    /// PKCS#8 PrivateKeyInfo DER (decrypted shrouded bags and plain keyBags), in file order.
    pub keys: Vec<Zeroizing<Vec<u8>>>,
    /// friendlyName attributes seen on any bag (each name once, for display).
    pub friendly_names: Vec<String>,
    pub mac: MacStatus,
    /// Human descriptions of the encryption used, e.g.
    /// "certificates: PBES2 (PBKDF2-HMAC-SHA256, 2048 iterations, AES-256-CBC)" or
    /// "key: pbeWithSHAAnd3-KeyTripleDES-CBC (2048 iterations)" (each line once).
    pub encryption: Vec<String>,
}

impl fmt::Debug for Pkcs12Contents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cert_lens: Vec<usize> = self.certificates.iter().map(Vec::len).collect();
        f.debug_struct("Pkcs12Contents")
            .field("certificates (DER lengths)", &cert_lens)
            .field(
                "keys",
                &format_args!("[{} key(s), redacted]", self.keys.len()),
            )
            .field("friendly_names", &self.friendly_names)
            .field("mac", &self.mac)
            .field("encryption", &self.encryption)
            .finish()
    }
}

/// The MAC algorithm of a MacData.
enum MacAlg {
    /// Classic PKCS#12 MAC: HMAC keyed by the PKCS#12 KDF (ID 3) over the BMPString password.
    Classic(Hash),
    /// PBMAC1 (RFC 9579): HMAC keyed by PBKDF2 over the UTF-8 password.
    Pbmac1 {
        prf: Hash,
        salt: Vec<u8>,
        key_len: usize,
        mac: Hash,
    },
}

struct MacData {
    alg: MacAlg,
    digest: Vec<u8>,
    salt: Vec<u8>,
    iterations: u64,
}

impl MacData {
    fn description(&self) -> String {
        match &self.alg {
            MacAlg::Classic(h) => format!("HMAC-{}", h.short()),
            MacAlg::Pbmac1 { prf, mac, .. } => {
                format!("PBMAC1 (PBKDF2-HMAC-{}, HMAC-{})", prf.short(), mac.short())
            }
        }
    }

    /// Cost check before any work; returns the cost for the budget.
    fn check(&self, limits: &Limits) -> Result<u64, DecryptError> {
        if self.iterations == 0 {
            return Err(malformed("the PKCS#12 MAC iteration count is 0"));
        }
        let limit = u64::from(limits.max_pbkdf2_iterations);
        if self.iterations > limit {
            return Err(DecryptError::CostTooHigh {
                what: match self.alg {
                    MacAlg::Classic(_) => "PKCS#12 MAC iteration count".to_string(),
                    MacAlg::Pbmac1 { .. } => "PBMAC1 PBKDF2 iteration count".to_string(),
                },
                value: self.iterations,
                limit,
            });
        }
        // Blocks per iteration: the classic MAC derives one hash-sized key with the PKCS#12 KDF;
        // PBMAC1 derives `key_len` bytes with PBKDF2.
        let per_iteration = match &self.alg {
            MacAlg::Classic(_) => 1,
            MacAlg::Pbmac1 { prf, key_len, .. } => blocks(*key_len as u64, prf.output_len()),
        };
        Ok(self.iterations.saturating_mul(per_iteration))
    }

    /// The password bytes this MAC uses, to try each distinct form once.
    fn password_form<'p>(&self, pw: &'p Pw) -> &'p [u8] {
        match self.alg {
            MacAlg::Classic(_) => &pw.bmp,
            MacAlg::Pbmac1 { .. } => &pw.raw,
        }
    }

    fn matches(&self, pw: &Pw, content: &[u8]) -> bool {
        match &self.alg {
            MacAlg::Classic(h) => {
                let key = pkcs12_kdf(*h, &pw.bmp, &self.salt, 3, self.iterations, h.output_len());
                hmac_verify(*h, &key, content, &self.digest)
            }
            MacAlg::Pbmac1 {
                prf,
                salt,
                key_len,
                mac,
            } => {
                let Ok(rounds) = u32::try_from(self.iterations) else {
                    return false;
                };
                let mut key = Zeroizing::new(vec![0u8; *key_len]);
                pbkdf2(*prf, &pw.raw, salt, rounds, key.as_mut_slice());
                hmac_verify(*mac, &key, content, &self.digest)
            }
        }
    }
}

/// MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
fn parse_mac_data(t: &ber::Tlv<'_>) -> Result<MacData, DecryptError> {
    if !t.is_universal(ber::SEQUENCE) {
        return Err(malformed("MacData: expected a SEQUENCE"));
    }
    let mut r = t.children();
    let mut digest_info = r.sequence("MAC DigestInfo")?;
    let alg = digest_info.read("MAC algorithm")?;
    if !alg.is_universal(ber::SEQUENCE) {
        return Err(malformed("MAC algorithm: expected a SEQUENCE"));
    }
    let digest = digest_info.octets("MAC value")?.into_owned();
    let salt = r.octets("MAC salt")?.into_owned();
    let mut iterations = if r.next_is(ber::UNIVERSAL, ber::INTEGER) {
        r.uint("MAC iteration count")?
    } else {
        1
    };
    let mut a = alg.children();
    let oid = a.oid("MAC algorithm")?;
    let alg = if oid == OID_PBMAC1 {
        // PBMAC1-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier,
        //                              messageAuthScheme AlgorithmIdentifier }
        let mut p = a.sequence("PBMAC1 parameters")?;
        let kdf = p.read("PBMAC1 key derivation function")?;
        let mut mac_alg = p.sequence("PBMAC1 message authentication scheme")?;
        let mac_oid = mac_alg.oid("PBMAC1 message authentication scheme")?;
        let mac = Hash::from_hmac_oid(&mac_oid).ok_or_else(|| DecryptError::Unsupported {
            algorithm: format!("PBMAC1 with MAC OID {mac_oid}"),
        })?;
        match parse_pbes2_kdf(&kdf)? {
            Pbes2Kdf::Pbkdf2 {
                salt,
                iterations: n,
                key_len,
                prf,
            } => {
                let prf = prf.map_err(|name| DecryptError::Unsupported {
                    algorithm: format!("PBMAC1 with {name}"),
                })?;
                // RFC 9579 makes the key as long as the MAC's hash; a longer one adds PBKDF2
                // blocks (1,024 bytes of SHA-1 is 52 per iteration) and no security.
                let key_len = match key_len {
                    None => mac.output_len(),
                    Some(k) if k >= 1 && k <= mac.output_len() as u64 => {
                        usize::try_from(k).unwrap_or(0)
                    }
                    Some(k) => {
                        return Err(malformed(format!(
                            "the PBMAC1 key length is {k} bytes; RFC 9579 makes it the MAC's hash length ({} bytes for HMAC-{}), and certlens derives no longer key",
                            mac.output_len(),
                            mac.short()
                        )))
                    }
                };
                if key_len == 0 {
                    return Err(malformed("PBMAC1 key length out of range"));
                }
                iterations = n;
                MacAlg::Pbmac1 {
                    prf,
                    salt,
                    key_len,
                    mac,
                }
            }
            Pbes2Kdf::Scrypt { .. } => {
                return Err(DecryptError::Unsupported {
                    algorithm: "PBMAC1 with scrypt".to_string(),
                })
            }
            Pbes2Kdf::Other(name) => {
                return Err(DecryptError::Unsupported {
                    algorithm: format!("PBMAC1 with {name}"),
                })
            }
        }
    } else {
        // Digest parameters are absent or NULL.
        a.null_or_absent("MAC algorithm parameters")?;
        match Hash::from_digest_oid(&oid) {
            Some(h) => MacAlg::Classic(h),
            None => {
                let name = match oid.as_str() {
                    "1.2.840.113549.2.5" => "MD5".to_string(),
                    "1.2.840.113549.2.2" => "MD2".to_string(),
                    "1.2.643.7.1.1.2.2" | "1.2.643.7.1.1.2.3" => "GOST R 34.11-2012".to_string(),
                    other => format!("digest OID {other}"),
                };
                return Err(DecryptError::Unsupported {
                    algorithm: format!("PKCS#12 MAC with {name}"),
                });
            }
        }
    };
    Ok(MacData {
        alg,
        digest,
        salt,
        iterations,
    })
}

struct Pfx<'a> {
    auth_safe: std::borrow::Cow<'a, [u8]>,
    mac: Option<ber::Tlv<'a>>,
}

/// PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
fn parse_pfx(der: &[u8]) -> Result<Pfx<'_>, DecryptError> {
    let outer = ber::parse_first(der)?;
    if !outer.is_universal(ber::SEQUENCE) || !outer.constructed {
        return Err(malformed("not a PKCS#12 file (expected a SEQUENCE)"));
    }
    let mut r = outer.children();
    let version = r.uint("PKCS#12 version")?;
    if version != 3 {
        return Err(malformed(format!(
            "PKCS#12 version {version} (only version 3 exists)"
        )));
    }
    let mut auth_safe = r.sequence("PKCS#12 authSafe")?;
    let content_type = auth_safe.oid("PKCS#12 authSafe content type")?;
    match content_type.as_str() {
        OID_DATA => {}
        OID_SIGNED_DATA => {
            return Err(DecryptError::Unsupported {
                algorithm: "PKCS#12 with public-key integrity (signedData)".to_string(),
            })
        }
        other => {
            return Err(malformed(format!(
                "PKCS#12 authSafe has content type {other}, expected data"
            )))
        }
    }
    let wrapper = auth_safe.expect(ber::CONTEXT, 0, "PKCS#12 authSafe content")?;
    let content = wrapper.children().octets("PKCS#12 authSafe content")?;
    let mac = if r.is_empty() {
        None
    } else {
        Some(r.read("PKCS#12 MacData")?)
    };
    Ok(Pfx {
        auth_safe: content,
        mac,
    })
}

/// Walks the contents, collecting what it finds.
struct Walker<'l> {
    limits: &'l Limits,
    budget: &'l mut Budget,
    /// Password forms to try; empty when no password was given.
    candidates: Vec<Pw>,
    certificates: Vec<Vec<u8>>,
    keys: Vec<Zeroizing<Vec<u8>>>,
    friendly_names: Vec<String>,
    encryption: Vec<String>,
    bags: usize,
}

impl Walker<'_> {
    fn note_encryption(&mut self, line: String) {
        if !self.encryption.contains(&line) {
            self.encryption.push(line);
        }
    }

    /// AuthenticatedSafe ::= SEQUENCE OF ContentInfo
    fn authenticated_safe(&mut self, bytes: &[u8]) -> Result<(), DecryptError> {
        let top = ber::parse_first(bytes)?;
        if !top.is_universal(ber::SEQUENCE) || !top.constructed {
            return Err(malformed("PKCS#12 AuthenticatedSafe: expected a SEQUENCE"));
        }
        let mut r = top.children();
        while !r.is_empty() {
            let mut ci = r.sequence("PKCS#12 ContentInfo")?;
            let content_type = ci.oid("PKCS#12 ContentInfo type")?;
            if ci.is_empty() {
                continue; // no content
            }
            let wrapper = ci.expect(ber::CONTEXT, 0, "PKCS#12 ContentInfo content")?;
            let mut inner = wrapper.children();
            match content_type.as_str() {
                OID_DATA => {
                    let data = inner.octets("PKCS#12 data content")?;
                    self.safe_contents(&data, 0)?;
                }
                OID_ENCRYPTED_DATA => {
                    let mut ed = inner.sequence("PKCS#12 EncryptedData")?;
                    let _version = ed.uint("EncryptedData version")?;
                    let mut eci = ed.sequence("EncryptedContentInfo")?;
                    let _inner_type = eci.oid("EncryptedContentInfo content type")?;
                    let alg = eci.read("EncryptedContentInfo algorithm")?;
                    if eci.is_empty() {
                        continue; // no encryptedContent
                    }
                    let ct = eci.expect(ber::CONTEXT, 0, "EncryptedContentInfo content")?;
                    let ciphertext = ber::octet_string_value(&ct)?;
                    let scheme = Scheme::parse(&alg)?;
                    if self.candidates.is_empty() {
                        return Err(DecryptError::NeedPassword);
                    }
                    let accept =
                        |p: &[u8]| ber::parse_exact(p).is_ok_and(|t| t.is_universal(ber::SEQUENCE));
                    let plain = decrypt_with_scheme(
                        &scheme,
                        &ciphertext,
                        &self.candidates,
                        self.limits,
                        self.budget,
                        &accept,
                    )?;
                    let (certs_before, keys_before) = (self.certificates.len(), self.keys.len());
                    self.safe_contents(&plain, 0)?;
                    let got_certs = self.certificates.len() > certs_before;
                    let got_keys = self.keys.len() > keys_before;
                    let label = match (got_certs, got_keys) {
                        (true, false) => "certificates",
                        (false, true) => "keys",
                        _ => "contents",
                    };
                    self.note_encryption(format!("{label}: {}", scheme.describe()));
                }
                OID_ENVELOPED_DATA => {
                    return Err(DecryptError::Unsupported {
                        algorithm: "PKCS#12 content encrypted to a public key (envelopedData)"
                            .to_string(),
                    })
                }
                _ => {} // unknown content: skip
            }
        }
        Ok(())
    }

    /// SafeContents ::= SEQUENCE OF SafeBag
    fn safe_contents(&mut self, bytes: &[u8], depth: u32) -> Result<(), DecryptError> {
        if depth > MAX_BAG_NESTING {
            return Err(malformed("PKCS#12 safe contents nested too deep"));
        }
        let top = ber::parse_first(bytes)?;
        if !top.is_universal(ber::SEQUENCE) || !top.constructed {
            return Err(malformed("PKCS#12 SafeContents: expected a SEQUENCE"));
        }
        let mut r = top.children();
        while !r.is_empty() {
            self.bags = self.bags.saturating_add(1);
            if self.bags > self.limits.max_blocks {
                return Err(DecryptError::CostTooHigh {
                    what: "number of items in the PKCS#12 file".to_string(),
                    value: u64::try_from(self.bags).unwrap_or(u64::MAX),
                    limit: u64::try_from(self.limits.max_blocks).unwrap_or(u64::MAX),
                });
            }
            // SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY,
            //                        bagAttributes SET OF PKCS12Attribute OPTIONAL }
            let mut bag = r.sequence("PKCS#12 SafeBag")?;
            let bag_id = bag.oid("SafeBag type")?;
            let wrapper = bag.expect(ber::CONTEXT, 0, "SafeBag value")?;
            let value = wrapper.children().read("SafeBag value")?;
            if bag.next_is(ber::UNIVERSAL, ber::SET) {
                if let Ok(attrs) = bag.read("SafeBag attributes") {
                    self.friendly_names_from(&attrs);
                }
            }
            match bag_id.as_str() {
                OID_KEY_BAG => {
                    if !is_pkcs8_private_key(value.raw) {
                        return Err(malformed("a PKCS#12 keyBag does not hold a PKCS#8 key"));
                    }
                    self.keys.push(Zeroizing::new(value.raw.to_vec()));
                }
                OID_SHROUDED_KEY_BAG => {
                    if self.candidates.is_empty() {
                        return Err(DecryptError::NeedPassword);
                    }
                    let (key, description) = decrypt_encrypted_pki(
                        value.raw,
                        &self.candidates,
                        self.limits,
                        self.budget,
                    )?;
                    self.keys.push(key);
                    self.note_encryption(format!("key: {description}"));
                }
                OID_CERT_BAG => {
                    // CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT OCTET STRING }
                    if !value.is_universal(ber::SEQUENCE) {
                        return Err(malformed("PKCS#12 CertBag: expected a SEQUENCE"));
                    }
                    let mut c = value.children();
                    let cert_type = c.oid("CertBag type")?;
                    let cert_wrapper = c.expect(ber::CONTEXT, 0, "CertBag value")?;
                    if cert_type == OID_X509_CERTIFICATE {
                        let cert = cert_wrapper.children().octets("CertBag certificate")?;
                        self.certificates.push(cert.into_owned());
                    }
                }
                OID_SAFE_CONTENTS_BAG => {
                    self.safe_contents(value.raw, depth.saturating_add(1))?;
                }
                _ => {} // CRLs, secrets, unknown bags: skipped
            }
        }
        Ok(())
    }

    /// Collects friendlyName values from bag attributes; malformed attributes are ignored
    /// (they are only for display).
    fn friendly_names_from(&mut self, attrs: &ber::Tlv<'_>) {
        let mut r = attrs.children();
        while !r.is_empty() {
            let Ok(mut attr) = r.sequence("attribute") else {
                return;
            };
            if attr.oid("attribute type").as_deref() != Ok(OID_FRIENDLY_NAME) {
                continue;
            }
            let Ok(values) = attr.read("attribute values") else {
                continue;
            };
            let mut v = values.children();
            while let Ok(value) = v.read("friendlyName") {
                let name = if value.is_universal(ber::BMP_STRING) {
                    ber::bmp_string(value.content)
                } else if value.is_universal(ber::UTF8_STRING) {
                    String::from_utf8_lossy(value.content).into_owned()
                } else {
                    continue;
                };
                if !self.friendly_names.contains(&name) {
                    self.friendly_names.push(name);
                }
            }
        }
    }
}

/// Read a PKCS#12 (PFX) file.
///
/// `password` None → [`DecryptError::NeedPassword`], unless the file needs none (no MAC and no
/// encryption). The MAC is verified first (PKCS#12 KDF of RFC 7292 appendix B with SHA-1,
/// SHA-224, SHA-256, SHA-384, SHA-512, SHA-512/224 or SHA-512/256 over the BMPString password;
/// the empty password is tried both as 00 00 and as the absent password, like OpenSSL; PBMAC1
/// also works); a mismatch → WrongPassword. Then encryptedData and shrouded key bags are
/// decrypted (PBES2 gets the UTF-8 password, PKCS#12 PBE the BMPString). Unknown bag types are
/// skipped. Every iteration count is checked against `limits` before the work, and the whole
/// file may spend at most four times `max_pbkdf2_iterations`.
pub fn read_pkcs12(
    der: &[u8],
    password: Option<&str>,
    limits: &Limits,
) -> Result<Pkcs12Contents, DecryptError> {
    let passwords: Vec<&str> = password.into_iter().collect();
    read_pkcs12_within(der, &passwords, limits, &mut Budget::new(limits))
}

/// [`read_pkcs12`] trying each of `passwords` in turn (each distinct form once: the empty
/// password's two forms are one try for PBMAC1), drawing on a pool's key-derivation budget.
/// No passwords → [`DecryptError::NeedPassword`] unless the file needs none.
pub(crate) fn read_pkcs12_within(
    der: &[u8],
    passwords: &[&str],
    limits: &Limits,
    budget: &mut Budget,
) -> Result<Pkcs12Contents, DecryptError> {
    let pfx = parse_pfx(der)?;
    let mac = pfx.mac.as_ref().map(parse_mac_data).transpose()?;
    let all_candidates: Vec<Pw> = passwords
        .iter()
        .flat_map(|p| password_candidates(p.as_bytes()))
        .collect();

    let (mac_status, candidates) = match mac {
        None => (MacStatus::Absent, all_candidates),
        Some(mac) => {
            if passwords.is_empty() {
                return Err(DecryptError::NeedPassword);
            }
            let cost = mac.check(limits)?;
            let mut found = None;
            let mut tried: Vec<Zeroizing<Vec<u8>>> = Vec::new();
            for pw in all_candidates {
                let form = Zeroizing::new(mac.password_form(&pw).to_vec());
                if tried.contains(&form) {
                    continue;
                }
                tried.push(form);
                budget.charge(cost)?;
                if mac.matches(&pw, &pfx.auth_safe) {
                    found = Some(pw);
                    break;
                }
            }
            let Some(pw) = found else {
                return Err(DecryptError::WrongPassword);
            };
            (
                MacStatus::Verified {
                    algorithm: mac.description(),
                    iterations: mac.iterations,
                },
                vec![pw],
            )
        }
    };

    let mut walker = Walker {
        limits,
        budget,
        candidates,
        certificates: Vec::new(),
        keys: Vec::new(),
        friendly_names: Vec::new(),
        encryption: Vec::new(),
        bags: 0,
    };
    walker.authenticated_safe(&pfx.auth_safe)?;
    Ok(Pkcs12Contents {
        certificates: walker.certificates,
        keys: walker.keys,
        friendly_names: walker.friendly_names,
        mac: mac_status,
        encryption: walker.encryption,
    })
}
