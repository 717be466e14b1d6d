//! PKCS#7 / CMS certificate bundles (`openssl crl2pkcs7 -nocrl`, `.p7b`, Windows exports):
//! only the certificates of a SignedData are read; signatures and CRLs are not.

use crate::asn1::{self, oids};

/// A PKCS#7 (CMS) ContentInfo holding SignedData.
pub(crate) fn is_pkcs7(der: &[u8]) -> bool {
    signed_data(der).is_some()
}

/// The SignedData content of a PKCS#7 ContentInfo.
fn signed_data(der: &[u8]) -> Option<&[u8]> {
    let (ci, _) = asn1::read(der)?;
    let parts = asn1::children(ci.content)?;
    let oid = parts.first().filter(|t| t.tag() == asn1::OID)?;
    if asn1::oid_string(oid.content) != oids::PKCS7_SIGNED_DATA {
        return None;
    }
    let explicit = parts.get(1).filter(|t| t.tag() == 0xa0)?;
    let (sd, _) = asn1::read(explicit.content)?;
    (sd.tag() == asn1::SEQUENCE).then_some(sd.content)
}

/// The certificates of a PKCS#7 SignedData ([0] IMPLICIT SET OF Certificate).
pub(crate) fn certificates(der: &[u8]) -> Option<Vec<&[u8]>> {
    let sd = signed_data(der)?;
    let parts = asn1::children(sd)?;
    let Some(certs) = parts.iter().find(|t| t.tag() == 0xa0) else {
        return Some(Vec::new());
    };
    Some(
        asn1::children(certs.content)?
            .iter()
            .filter(|t| t.tag() == asn1::SEQUENCE)
            .map(|t| t.raw)
            .collect(),
    )
}
