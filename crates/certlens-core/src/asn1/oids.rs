//! Object identifiers and the names OpenSSL prints for them.

pub const RSA: &str = "1.2.840.113549.1.1.1";
pub const RSA_PSS: &str = "1.2.840.113549.1.1.10";
pub const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
pub const ED25519: &str = "1.3.101.112";
pub const ED448: &str = "1.3.101.113";
pub const X25519: &str = "1.3.101.110";
pub const X448: &str = "1.3.101.111";
pub const DSA: &str = "1.2.840.10040.4.1";
/// PKCS#3 dhKeyAgreement (what `openssl genpkey -algorithm DH` writes).
pub const DH: &str = "1.2.840.113549.1.3.1";
/// ANSI X9.42 dhpublicnumber (`openssl genpkey -algorithm DHX`).
pub const DHX: &str = "1.2.840.10046.2.1";
pub const P256: &str = "1.2.840.10045.3.1.7";
pub const P384: &str = "1.3.132.0.34";
pub const P521: &str = "1.3.132.0.35";
pub const PKCS7_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";

/// (display name, field size in bits) of a named curve.
pub fn curve(oid: &str) -> Option<(&'static str, u32)> {
    Some(match oid {
        P256 => ("P-256", 256),
        P384 => ("P-384", 384),
        P521 => ("P-521", 521),
        "1.3.132.0.10" => ("secp256k1", 256),
        "1.2.840.10045.3.1.1" => ("P-192", 192),
        "1.3.132.0.33" => ("P-224", 224),
        "1.3.36.3.3.2.8.1.1.7" => ("brainpoolP256r1", 256),
        "1.3.36.3.3.2.8.1.1.11" => ("brainpoolP384r1", 384),
        "1.3.36.3.3.2.8.1.1.13" => ("brainpoolP512r1", 512),
        _ => return None,
    })
}

/// OpenSSL's name for a signature algorithm (what `openssl x509 -text` prints), else the OID.
pub fn signature_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.2" => "md2WithRSAEncryption",
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.14" => "sha224WithRSAEncryption",
        RSA_PSS => "rsassaPss",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.1" => "ecdsa-with-SHA224",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        ED25519 => "ED25519",
        ED448 => "ED448",
        "1.2.840.10040.4.3" => "dsaWithSHA1",
        "2.16.840.1.101.3.4.3.1" => "dsa_with_SHA224",
        "2.16.840.1.101.3.4.3.2" => "dsa_with_SHA256",
        other => return other.to_string(),
    }
    .to_string()
}

/// Short names of distinguished-name attributes, as OpenSSL prints them.
pub fn attribute_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.12" => "title",
        "2.5.4.13" => "description",
        "2.5.4.15" => "businessCategory",
        "2.5.4.17" => "postalCode",
        "2.5.4.41" => "name",
        "2.5.4.42" => "GN",
        "2.5.4.43" => "initials",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.46" => "dnQualifier",
        "2.5.4.65" => "pseudonym",
        "2.5.4.97" => "organizationIdentifier",
        "0.9.2342.19200300.100.1.1" => "UID",
        "0.9.2342.19200300.100.1.25" => "DC",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "1.3.6.1.4.1.311.60.2.1.1" => "jurisdictionL",
        "1.3.6.1.4.1.311.60.2.1.2" => "jurisdictionST",
        "1.3.6.1.4.1.311.60.2.1.3" => "jurisdictionC",
        _ => return None,
    })
}

/// Names of common certificate extensions.
pub fn extension_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.29.14" => "Subject Key Identifier",
        "2.5.29.15" => "Key Usage",
        "2.5.29.17" => "Subject Alternative Name",
        "2.5.29.18" => "Issuer Alternative Name",
        "2.5.29.19" => "Basic Constraints",
        "2.5.29.30" => "Name Constraints",
        "2.5.29.31" => "CRL Distribution Points",
        "2.5.29.32" => "Certificate Policies",
        "2.5.29.33" => "Policy Mappings",
        "2.5.29.35" => "Authority Key Identifier",
        "2.5.29.36" => "Policy Constraints",
        "2.5.29.37" => "Extended Key Usage",
        "2.5.29.54" => "Inhibit anyPolicy",
        "1.3.6.1.5.5.7.1.1" => "Authority Information Access",
        "1.3.6.1.5.5.7.1.11" => "Subject Information Access",
        "1.3.6.1.5.5.7.1.24" => "TLS Feature (OCSP Must-Staple)",
        "1.3.6.1.4.1.11129.2.4.2" => "CT Precertificate SCTs",
        "1.3.6.1.4.1.11129.2.4.3" => "CT Precertificate Poison",
        "2.16.840.1.113730.1.1" => "Netscape Cert Type",
        "2.16.840.1.113730.1.13" => "Netscape Comment",
        _ => return None,
    })
}

/// The dotted text of an object identifier (`2.5.4.3`).
///
/// Same text as `Oid::to_id_string`, which formats and allocates each arc separately: that
/// was a seventh of describing a certificate in WebAssembly. Arcs beyond 64 bits (rare, legal)
/// go to `to_id_string`.
pub fn oid_string(oid: &x509_parser::der_parser::oid::Oid<'_>) -> String {
    dotted(oid.as_bytes()).unwrap_or_else(|| oid.to_id_string())
}

/// The dotted text of an OID's content octets; `None` when an arc does not fit 64 bits or
/// the encoding is empty or incomplete. See [`dotted_checked`] for which.
pub fn dotted(content: &[u8]) -> Option<String> {
    dotted_checked(content).ok()
}

/// Why content octets are not an OID we can write as dotted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OidProblem {
    Empty,
    /// An arc does not fit 64 bits (legal, but nothing we compare with has one).
    ArcTooLarge,
    /// The last octet says another follows.
    Incomplete,
}

/// The one OID-to-text function: dotted text of an OID's content octets, or what is wrong.
pub(crate) fn dotted_checked(content: &[u8]) -> Result<String, OidProblem> {
    if content.is_empty() {
        return Err(OidProblem::Empty);
    }
    let mut out = String::with_capacity(content.len().saturating_mul(3).saturating_add(2));
    let mut arc: u64 = 0;
    let mut first = true;
    let mut pending = false;
    for &b in content {
        if arc > (u64::MAX >> 7) {
            return Err(OidProblem::ArcTooLarge);
        }
        arc = (arc << 7) | u64::from(b & 0x7f);
        pending = b & 0x80 != 0;
        if pending {
            continue;
        }
        if first {
            // The first octets hold the first two arcs: 40 × X + Y.
            let (x, y) = match arc {
                0..=39 => (0, arc),
                40..=79 => (1, arc.saturating_sub(40)),
                _ => (2, arc.saturating_sub(80)),
            };
            push_decimal(&mut out, x);
            out.push('.');
            push_decimal(&mut out, y);
            first = false;
        } else {
            out.push('.');
            push_decimal(&mut out, arc);
        }
        arc = 0;
    }
    if pending {
        return Err(OidProblem::Incomplete);
    }
    Ok(out)
}

fn push_decimal(out: &mut String, n: u64) {
    // `write!` through `fmt` would be simpler but is measurably slower in WebAssembly, where
    // this runs for every OID of every certificate.
    let mut digits = [0u8; 20];
    let mut rest = n;
    let mut used = 0usize;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
        used += 1;
        if rest == 0 {
            break;
        }
    }
    for &d in digits.iter().skip(digits.len().saturating_sub(used)) {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use x509_parser::der_parser::oid::Oid;

    #[test]
    fn dotted_matches_asn1_rs() {
        // Content octets of OIDs (DER without tag and length), including multi-octet arcs.
        let cases: &[&[u8]] = &[
            &[0x55, 0x04, 0x03],                                     // 2.5.4.3
            &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b], // 1.2.840.113549.1.1.11
            &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01],       // 1.3.6.1.5.5.7.1.1
            &[0x27],                                                 // 0.39
        ];
        for bytes in cases {
            let oid = Oid::new(std::borrow::Cow::Borrowed(bytes));
            assert_eq!(
                dotted(bytes).as_deref(),
                Some(oid.to_id_string().as_str()),
                "{bytes:02x?}"
            );
            assert_eq!(oid_string(&oid), oid.to_id_string());
        }
        // An arc of 64 bits (asn1-rs prints such OIDs as hex octets).
        assert_eq!(
            dotted(&[0x2a, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).as_deref(),
            Some("1.2.9223372036854775808")
        );
        // X.690 8.19.4: the first subidentifier is 40 × X + Y and may take several octets
        // (asn1-rs reads only the first octet there).
        assert_eq!(dotted(&[0x00]).as_deref(), Some("0.0"));
        assert_eq!(dotted(&[0x88, 0x37, 0x03]).as_deref(), Some("2.999.3"));
        assert_eq!(dotted(&[0x2a, 0x86]), None, "incomplete arc");
        assert_eq!(dotted(&[]), None);
        // Beyond 64 bits: asn1-rs's own text.
        let huge: &[u8] = &[
            0x2a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
        ];
        assert_eq!(dotted(huge), None);
        let oid = Oid::new(std::borrow::Cow::Borrowed(huge));
        assert_eq!(oid_string(&oid), oid.to_id_string());
    }
}
