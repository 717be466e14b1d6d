//! The DER that keys need written: SubjectPublicKeyInfo (for pins), PKCS#8 PrivateKeyInfo and
//! SEC1 ECPrivateKey (for conversions). Every structure is one of the `der`-based crates' own
//! types (`spki`, `pkcs1`, `pkcs8`, `sec1`), so lengths, INTEGER signs and BIT STRING padding are
//! written in one place, the `der` crate's encoder; only the OIDs and the byte strings come from
//! here. The output is byte for byte what `openssl pkey` writes (tests/keys_der.rs checks it).

use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, UintRef};
use der::{Decode, Encode};
use zeroize::Zeroizing;

use super::KeyError;
use crate::asn1::oids;

/// A typed error for a structure `der` could not write (a length beyond what DER allows here).
fn cannot_write(what: &'static str) -> impl Fn(der::Error) -> KeyError {
    move |reason| KeyError::Encode { what, reason }
}

pub(super) fn object_identifier(dotted: &str) -> Result<ObjectIdentifier, KeyError> {
    ObjectIdentifier::new(dotted)
        .map_err(|_| KeyError::Malformed(format!("{dotted} is not a valid object identifier")))
}

/// A positive INTEGER from unsigned big-endian bytes. `der` strips leading zeros and adds the
/// one a high bit needs; an empty value is written as 0, as openssl does, not as an empty
/// INTEGER (which DER forbids).
pub(super) fn uint(bytes: &[u8]) -> Result<UintRef<'_>, KeyError> {
    let bytes = if bytes.is_empty() { &[0u8][..] } else { bytes };
    UintRef::new(bytes).map_err(cannot_write("an INTEGER"))
}

/// The DER of `uint(bytes)`: DSA and Diffie-Hellman public values are an INTEGER inside the
/// SubjectPublicKeyInfo's BIT STRING.
pub(super) fn uint_der(bytes: &[u8]) -> Result<Vec<u8>, KeyError> {
    uint(bytes)?
        .to_der()
        .map_err(cannot_write("a public value"))
}

/// Parameters given as complete DER (an element read from the key file); `what` names them.
pub(super) fn parameters<'a>(
    what: &'static str,
    der_bytes: &'a [u8],
) -> Result<AnyRef<'a>, KeyError> {
    AnyRef::from_der(der_bytes)
        .map_err(|e| KeyError::Malformed(format!("its {what} are not valid DER ({e})")))
}

/// SubjectPublicKeyInfo from an algorithm OID, its parameters, and the key bits.
pub(super) fn spki(
    alg_oid: &str,
    parameters: Option<AnyRef<'_>>,
    key: &[u8],
) -> Result<Vec<u8>, KeyError> {
    let info = ::spki::SubjectPublicKeyInfoRef {
        algorithm: ::spki::AlgorithmIdentifierRef {
            oid: object_identifier(alg_oid)?,
            parameters,
        },
        subject_public_key: BitStringRef::new(0, key)
            .map_err(cannot_write("the public key bits"))?,
    };
    info.to_der()
        .map_err(cannot_write("the SubjectPublicKeyInfo"))
}

pub(super) fn rsa_spki(
    modulus: &[u8],
    exponent: &[u8],
    alg_oid: &str,
    params: Option<AnyRef<'_>>,
) -> Result<Vec<u8>, KeyError> {
    let rsa_pub = pkcs1::RsaPublicKey {
        modulus: uint(modulus)?,
        public_exponent: uint(exponent)?,
    }
    .to_der()
    .map_err(cannot_write("the RSA public key"))?;
    // rsaEncryption always carries NULL parameters. RSA-PSS carries its restrictions, or
    // nothing at all for an unrestricted key (RFC 4055 §3.1): writing NULL there gave a pin
    // that neither openssl nor any other tool prints.
    let params = if alg_oid == oids::RSA {
        params.or(Some(AnyRef::NULL))
    } else {
        params
    };
    spki(alg_oid, params, &rsa_pub)
}

pub(super) fn ec_spki(curve_oid: &str, point: &[u8]) -> Result<Vec<u8>, KeyError> {
    let curve = object_identifier(curve_oid)?;
    spki(oids::EC_PUBLIC_KEY, Some(AnyRef::from(&curve)), point)
}

/// DSA's SubjectPublicKeyInfo: Dss-Parms { p, q, g } and the public value y as an INTEGER.
pub(super) fn dsa_spki(p: &[u8], q: &[u8], g: &[u8], y: &[u8]) -> Result<Vec<u8>, KeyError> {
    // A fixed-size array of INTEGERs is `der`'s SEQUENCE OF, the same bytes as Dss-Parms.
    let params = [uint(p)?, uint(q)?, uint(g)?]
        .to_der()
        .map_err(cannot_write("the DSA parameters"))?;
    let params = AnyRef::from_der(&params).map_err(cannot_write("the DSA parameters"))?;
    spki(oids::DSA, Some(params), &uint_der(y)?)
}

/// PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo (as `openssl pkey` writes it: version 0,
/// rsaEncryption with NULL parameters, the PKCS#1 key in the OCTET STRING).
pub fn pkcs1_to_pkcs8(pkcs1: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let info = pkcs8::PrivateKeyInfo::new(
        pkcs8::AlgorithmIdentifierRef {
            oid: object_identifier(oids::RSA)?,
            parameters: Some(AnyRef::NULL),
        },
        pkcs1,
    );
    info.to_der()
        .map(Zeroizing::new)
        .map_err(cannot_write("the PKCS#8 key"))
}

/// An EC key's PKCS#8 PrivateKeyInfo: the curve in the AlgorithmIdentifier, `inner` the SEC1 key.
pub(super) fn ec_pkcs8(curve_oid: &str, inner: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let curve = object_identifier(curve_oid)?;
    let info = pkcs8::PrivateKeyInfo::new(
        pkcs8::AlgorithmIdentifierRef {
            oid: object_identifier(oids::EC_PUBLIC_KEY)?,
            parameters: Some((&curve).into()),
        },
        inner,
    );
    info.to_der()
        .map(Zeroizing::new)
        .map_err(cannot_write("the PKCS#8 key"))
}

/// SEC1 ECPrivateKey as `openssl` writes it: version 1, the key, the curve (`[0]`) when given,
/// and the public point (`[1]`). The sec1 crate's encoder writes exactly that order.
pub(super) fn ec_private_key_der(
    private_key: &[u8],
    curve: Option<ObjectIdentifier>,
    point: &[u8],
) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let key = sec1::EcPrivateKey {
        private_key,
        parameters: curve.map(sec1::EcParameters::NamedCurve),
        public_key: Some(point),
    };
    key.to_der()
        .map(Zeroizing::new)
        .map_err(cannot_write("the EC private key"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_as_the_old_writer_wrote_them() {
        let der = |b: &[u8]| uint_der(b).unwrap();
        assert_eq!(der(&[0x80]), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(der(&[0x00, 0x00, 0x05]), vec![0x02, 0x01, 0x05]);
        assert_eq!(der(&[0x00, 0x80]), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(der(&[]), vec![0x02, 0x01, 0x00]);
        assert_eq!(der(&[0, 0]), vec![0x02, 0x01, 0x00]);
    }

    #[test]
    fn long_lengths() {
        let octets = |n: usize| {
            der::asn1::OctetStringRef::new(&[0u8; 300][..n])
                .unwrap()
                .to_der()
                .unwrap()
        };
        assert_eq!(octets(200)[..3], [0x04, 0x81, 200]);
        assert_eq!(octets(300)[..4], [0x04, 0x82, 0x01, 0x2c]);
        let s = spki(oids::ED25519, None, &[7u8; 200]).unwrap();
        // SEQUENCE { SEQUENCE { OID }, BIT STRING (201 octets: 0x81 0xc9) }
        assert_eq!(s[..3], [0x30, 0x81, 211]);
        assert_eq!(s[10..13], [0x03, 0x81, 201]);
        let s = spki(oids::ED25519, None, &[7u8; 300]).unwrap();
        assert_eq!(s[..4], [0x30, 0x82, 0x01, 0x38]);
    }
}
