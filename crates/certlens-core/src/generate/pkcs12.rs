//! Writing a PKCS#12 file (RFC 7292) the way OpenSSL 3 does by default: certificates in an
//! encrypted SafeContents and the key in a pkcs8ShroudedKeyBag, both PBES2 (PBKDF2-HMAC-SHA256,
//! 2,048 iterations, AES-256-CBC), and a SHA-256 MAC (PKCS#12 KDF, 2,048 iterations). No
//! maintained pure-Rust crate writes this with PBES2 and builds for wasm32 without pulling a
//! second ASN.1 stack, so the leaves are `der` types (OIDs, OCTET STRINGs, INTEGERs, pkcs5's
//! PBES2 parameters) and the few fixed containers go through `asn1::write`, the crate's one small
//! DER writer over the same encoder; the reader in `input/pkcs12.rs` plus `openssl pkcs12` check
//! every byte.

use der::asn1::{Any, ObjectIdentifier, OctetStringRef};
use der::{Encode, Tag, TagNumber};
use hmac::Mac;
use pkcs5::pbes2;
use rand_chacha::ChaCha20Rng;
use sha1::Digest;
use zeroize::Zeroizing;

use super::MakeError;
use crate::asn1::write;
use crate::hash::Hash;

/// Iterations of PBKDF2 and of the MAC's KDF: OpenSSL 3's default.
pub const PKCS12_ITERATIONS: u32 = 2048;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_ENCRYPTED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
const ID_CERT_BAG: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.3");
const ID_SHROUDED_KEY_BAG: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.2");
const ID_X509_CERT: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.22.1");
const ID_FRIENDLY_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.20");
const ID_LOCAL_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.21");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");

fn enc<E: core::fmt::Display>(e: E) -> MakeError {
    MakeError::Encoding {
        what: "the PKCS#12 file".to_string(),
        reason: e.to_string(),
    }
}

// The containers, written by `asn1::write`; these only name the file in their errors.

fn tlv(tag: Tag, content: &[u8]) -> Result<Vec<u8>, MakeError> {
    write::tlv(tag, content).map_err(enc)
}

fn seq(parts: &[&[u8]]) -> Result<Vec<u8>, MakeError> {
    write::seq(parts).map_err(enc)
}

fn set(parts: &[&[u8]]) -> Result<Vec<u8>, MakeError> {
    write::set(parts).map_err(enc)
}

/// `[0] EXPLICIT`.
fn explicit0(content: &[u8]) -> Result<Vec<u8>, MakeError> {
    write::explicit(TagNumber::N0, content).map_err(enc)
}

fn oid(o: ObjectIdentifier) -> Result<Vec<u8>, MakeError> {
    o.to_der().map_err(enc)
}

fn octets(b: &[u8]) -> Result<Vec<u8>, MakeError> {
    OctetStringRef::new(b).and_then(|o| o.to_der()).map_err(enc)
}

/// A BMPString as OpenSSL writes friendly names: UTF-16BE, with surrogate pairs for characters
/// beyond the BMP (der's `BmpString` refuses those, so the content is written as it is).
fn bmp(s: &str) -> Result<Vec<u8>, MakeError> {
    let b: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    tlv(Tag::BmpString, &b)
}

/// friendlyName and localKeyId, as OpenSSL writes them on the key and its certificate.
fn bag_attributes(friendly: Option<&str>, local_key_id: &[u8]) -> Result<Vec<u8>, MakeError> {
    let mut attrs = Vec::new();
    if let Some(f) = friendly {
        attrs.push(seq(&[&oid(ID_FRIENDLY_NAME)?, &set(&[&bmp(f)?])?])?);
    }
    attrs.push(seq(&[
        &oid(ID_LOCAL_KEY_ID)?,
        &set(&[&octets(local_key_id)?])?,
    ])?);
    let refs: Vec<&[u8]> = attrs.iter().map(Vec::as_slice).collect();
    set(&refs)
}

fn pbes2_encrypt(
    password: &[u8],
    plain: &[u8],
    rng: &mut ChaCha20Rng,
) -> Result<(Vec<u8>, Vec<u8>), MakeError> {
    let salt = super::rng::bytes::<8>(rng);
    let iv = super::rng::bytes::<16>(rng);
    let params =
        pbes2::Parameters::pbkdf2_sha256_aes256cbc(PKCS12_ITERATIONS, &salt, &iv).map_err(enc)?;
    let scheme = pkcs5::EncryptionScheme::Pbes2(params);
    let ct = scheme.encrypt(password, plain).map_err(enc)?;
    let alg = scheme.to_der().map_err(enc)?;
    Ok((alg, ct))
}

/// A PKCS#12 file holding `key_pkcs8` (unencrypted PrivateKeyInfo) and `certs` (DER, the leaf
/// first: it gets the friendly name and the localKeyId that ties it to the key).
pub(crate) fn write(
    key_pkcs8: &[u8],
    certs: &[Vec<u8>],
    password: &str,
    friendly_name: Option<&str>,
    rng: &mut ChaCha20Rng,
) -> Result<Vec<u8>, MakeError> {
    let Some(leaf) = certs.first() else {
        return Err(MakeError::Pkcs12 {
            reason: "no certificate to put in the file".to_string(),
        });
    };
    // OpenSSL's localKeyId: SHA-1 of the certificate.
    let local_key_id = sha1::Sha1::digest(leaf).to_vec();
    let pw = password.as_bytes();

    // Certificates: a SafeContents of certBags, encrypted.
    let mut bags = Vec::new();
    for (i, c) in certs.iter().enumerate() {
        let cert_bag = seq(&[&oid(ID_X509_CERT)?, &explicit0(&octets(c)?)?])?;
        let mut parts = vec![oid(ID_CERT_BAG)?, explicit0(&cert_bag)?];
        if i == 0 {
            parts.push(bag_attributes(friendly_name, &local_key_id)?);
        }
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        bags.push(seq(&refs)?);
    }
    let refs: Vec<&[u8]> = bags.iter().map(Vec::as_slice).collect();
    let cert_contents = seq(&refs)?;
    let (alg, ct) = pbes2_encrypt(pw, &cert_contents, rng)?;
    let encrypted_content_info = seq(&[
        &oid(ID_DATA)?,
        &alg,
        &write::implicit_primitive(TagNumber::N0, &ct).map_err(enc)?,
    ])?;
    let encrypted_data = seq(&[&0u8.to_der().map_err(enc)?, &encrypted_content_info])?;
    let certs_ci = seq(&[&oid(ID_ENCRYPTED_DATA)?, &explicit0(&encrypted_data)?])?;

    // The key: a pkcs8ShroudedKeyBag in a plain SafeContents.
    let (alg, ct) = pbes2_encrypt(pw, key_pkcs8, rng)?;
    let epki = seq(&[&alg, &octets(&ct)?])?;
    let key_bag = seq(&[
        &oid(ID_SHROUDED_KEY_BAG)?,
        &explicit0(&epki)?,
        &bag_attributes(friendly_name, &local_key_id)?,
    ])?;
    let key_contents = seq(&[&key_bag])?;
    let key_ci = seq(&[&oid(ID_DATA)?, &explicit0(&octets(&key_contents)?)?])?;

    let auth_safe = seq(&[&certs_ci, &key_ci])?;

    // MAC over the AuthenticatedSafe's bytes, key from the PKCS#12 KDF (id 3) over BMPString.
    let mac_salt = super::rng::bytes::<8>(rng);
    let bmp_pw = crate::pbe::bmp_password(pw);
    let mac_key: Zeroizing<Vec<u8>> = crate::pbe::pkcs12_kdf(
        Hash::Sha256,
        &bmp_pw,
        &mac_salt,
        3,
        u64::from(PKCS12_ITERATIONS),
        32,
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&mac_key).map_err(enc)?;
    mac.update(&auth_safe);
    let digest = mac.finalize().into_bytes();
    let null = Any::null().to_der().map_err(enc)?;
    let mac_data = seq(&[
        &seq(&[&seq(&[&oid(ID_SHA256)?, &null])?, &octets(&digest)?])?,
        &octets(&mac_salt)?,
        &PKCS12_ITERATIONS.to_der().map_err(enc)?,
    ])?;
    seq(&[
        &3u8.to_der().map_err(enc)?,
        &seq(&[&oid(ID_DATA)?, &explicit0(&octets(&auth_safe)?)?])?,
        &mac_data,
    ])
}
