//! Object identifiers and the names OpenSSL prints for them.

pub const RSA: &str = "1.2.840.113549.1.1.1";
pub const RSA_PSS: &str = "1.2.840.113549.1.1.10";
pub const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
pub const ED25519: &str = "1.3.101.112";
pub const ED448: &str = "1.3.101.113";
pub const X25519: &str = "1.3.101.110";
pub const X448: &str = "1.3.101.111";
pub const DSA: &str = "1.2.840.10040.4.1";
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
