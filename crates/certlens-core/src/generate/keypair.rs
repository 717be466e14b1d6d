//! Generating a key pair and signing with it: ECDSA P-256, RSA (2048, 3072, 4096) and Ed25519,
//! from the RustCrypto crates the core already uses to verify.

use der::asn1::Any;
use der::Decode;
use pkcs8::{EncodePrivateKey, EncodePublicKey};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};
use spki::{AlgorithmIdentifierOwned, ObjectIdentifier, SubjectPublicKeyInfoOwned};
use zeroize::Zeroizing;

use super::MakeError;

/// The kind of key to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KeyAlgorithm {
    /// ECDSA on P-256 with SHA-256: small, fast, accepted everywhere (the default).
    #[default]
    EcdsaP256,
    /// RSA, 2048 bits, PKCS#1 v1.5 with SHA-256.
    Rsa2048,
    /// RSA, 3072 bits.
    Rsa3072,
    /// RSA, 4096 bits (generating the primes takes seconds, more in a browser).
    Rsa4096,
    /// Ed25519 (not accepted by every TLS client yet).
    Ed25519,
}

impl KeyAlgorithm {
    /// Every algorithm, in the order the page and help list them.
    pub const ALL: [KeyAlgorithm; 5] = [
        KeyAlgorithm::EcdsaP256,
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::Rsa3072,
        KeyAlgorithm::Rsa4096,
        KeyAlgorithm::Ed25519,
    ];

    /// The name the CLI and the JS module take (`ecdsa-p256`, `rsa2048`, `ed25519`...).
    pub fn name(self) -> &'static str {
        match self {
            KeyAlgorithm::EcdsaP256 => "ecdsa-p256",
            KeyAlgorithm::Rsa2048 => "rsa2048",
            KeyAlgorithm::Rsa3072 => "rsa3072",
            KeyAlgorithm::Rsa4096 => "rsa4096",
            KeyAlgorithm::Ed25519 => "ed25519",
        }
    }

    /// For a person: "ECDSA P-256", "RSA 4096".
    pub fn label(self) -> &'static str {
        match self {
            KeyAlgorithm::EcdsaP256 => "ECDSA P-256",
            KeyAlgorithm::Rsa2048 => "RSA 2048",
            KeyAlgorithm::Rsa3072 => "RSA 3072",
            KeyAlgorithm::Rsa4096 => "RSA 4096",
            KeyAlgorithm::Ed25519 => "Ed25519",
        }
    }

    /// Reads a name ([`Self::name`], case-insensitive; `p256`, `ec`, `rsa` (2048) and
    /// `rsa-4096` accepted too).
    pub fn parse(s: &str) -> Result<KeyAlgorithm, MakeError> {
        let n = s.trim().to_ascii_lowercase().replace(['-', '_', ' '], "");
        Ok(match n.as_str() {
            "ecdsap256" | "p256" | "ec" | "ecdsa" | "ecp256" | "prime256v1" => {
                KeyAlgorithm::EcdsaP256
            }
            "rsa" | "rsa2048" => KeyAlgorithm::Rsa2048,
            "rsa3072" => KeyAlgorithm::Rsa3072,
            "rsa4096" => KeyAlgorithm::Rsa4096,
            "ed25519" => KeyAlgorithm::Ed25519,
            _ => {
                return Err(MakeError::UnknownKeyAlgorithm {
                    given: s.to_string(),
                })
            }
        })
    }

    /// Whether generating it takes long enough to show progress (RSA primes).
    pub fn is_slow(self) -> bool {
        matches!(self, KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096)
    }

    fn rsa_bits(self) -> Option<usize> {
        match self {
            KeyAlgorithm::Rsa2048 => Some(2048),
            KeyAlgorithm::Rsa3072 => Some(3072),
            KeyAlgorithm::Rsa4096 => Some(4096),
            _ => None,
        }
    }
}

/// A generated key pair.
pub(crate) enum KeyPair {
    P256(p256::ecdsa::SigningKey),
    Rsa(Box<rsa::RsaPrivateKey>),
    Ed25519(ed25519_dalek::SigningKey),
}

fn enc<E: core::fmt::Display>(what: &'static str) -> impl Fn(E) -> MakeError {
    move |e| MakeError::Encoding {
        what: what.to_string(),
        reason: e.to_string(),
    }
}

const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

impl KeyPair {
    pub(crate) fn generate(alg: KeyAlgorithm, rng: &mut ChaCha20Rng) -> Result<KeyPair, MakeError> {
        if let Some(bits) = alg.rsa_bits() {
            let k = rsa::RsaPrivateKey::new(rng, bits).map_err(enc("the RSA key"))?;
            return Ok(KeyPair::Rsa(Box::new(k)));
        }
        Ok(match alg {
            KeyAlgorithm::Ed25519 => {
                let seed = Zeroizing::new(super::rng::bytes::<32>(rng));
                KeyPair::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed))
            }
            _ => KeyPair::P256(p256::ecdsa::SigningKey::random(rng)),
        })
    }

    /// The key pair of an unencrypted PKCS#8 `PrivateKeyInfo` (a key the pool read and
    /// converted): the kinds certlens signs with. Others are refused with a sentence naming
    /// what to do instead.
    pub(crate) fn from_pkcs8(der: &[u8]) -> Result<KeyPair, MakeError> {
        use pkcs8::DecodePrivateKey;
        let info = pkcs8::PrivateKeyInfo::try_from(der).map_err(enc("the private key"))?;
        let alg = info.algorithm.oid;
        if alg == RSA_ENCRYPTION {
            let k = rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(enc("the RSA key"))?;
            return Ok(KeyPair::Rsa(Box::new(k)));
        }
        if alg == ED25519 {
            let k = ed25519_dalek::SigningKey::from_pkcs8_der(der).map_err(enc("the Ed25519 key"))?;
            return Ok(KeyPair::Ed25519(k));
        }
        if alg == EC_PUBLIC_KEY {
            if let Ok(k) = p256::SecretKey::from_pkcs8_der(der) {
                return Ok(KeyPair::P256(p256::ecdsa::SigningKey::from(k)));
            }
        }
        Err(MakeError::Renewal {
            reason: "certlens signs requests with RSA, ECDSA P-256 and Ed25519 keys; for this key make the request with openssl req -new -key tls.key (the same key keeps the pin)".to_string(),
        })
    }

    /// The unencrypted PKCS#8 `PrivateKeyInfo`.
    pub(crate) fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, MakeError> {
        let doc = match self {
            KeyPair::P256(k) => p256::SecretKey::from(k).to_pkcs8_der(),
            KeyPair::Rsa(k) => k.to_pkcs8_der(),
            // PKCS#8 v1 (RFC 8410 without the public key): ed25519-dalek writes v2 with the
            // public key, which OpenSSL 3.0 refuses to read.
            KeyPair::Ed25519(k) => {
                use der::Encode;
                let seed = Zeroizing::new(k.to_bytes());
                let inner = Zeroizing::new(
                    der::asn1::OctetStringRef::new(seed.as_slice())
                        .and_then(|o| o.to_der())
                        .map_err(enc("the private key"))?,
                );
                let info = pkcs8::PrivateKeyInfo {
                    algorithm: spki::AlgorithmIdentifierRef {
                        oid: ED25519,
                        parameters: None,
                    },
                    private_key: inner.as_slice(),
                    public_key: None,
                };
                return Ok(Zeroizing::new(
                    info.to_der().map_err(enc("the private key"))?,
                ));
            }
        }
        .map_err(enc("the private key"))?;
        Ok(Zeroizing::new(doc.as_bytes().to_vec()))
    }

    /// The `SubjectPublicKeyInfo`, DER.
    pub(crate) fn spki_der(&self) -> Result<Vec<u8>, MakeError> {
        let doc = match self {
            KeyPair::P256(k) => p256::PublicKey::from(k.verifying_key()).to_public_key_der(),
            KeyPair::Rsa(k) => k.to_public_key().to_public_key_der(),
            KeyPair::Ed25519(k) => k.verifying_key().to_public_key_der(),
        }
        .map_err(enc("the public key"))?;
        Ok(doc.as_bytes().to_vec())
    }

    pub(crate) fn spki(&self) -> Result<SubjectPublicKeyInfoOwned, MakeError> {
        SubjectPublicKeyInfoOwned::from_der(&self.spki_der()?).map_err(enc("the public key"))
    }

    pub(crate) fn is_rsa(&self) -> bool {
        matches!(self, KeyPair::Rsa(_))
    }

    /// The signature algorithm this key signs with.
    pub(crate) fn signature_algorithm(&self) -> AlgorithmIdentifierOwned {
        match self {
            KeyPair::P256(_) => AlgorithmIdentifierOwned {
                oid: ECDSA_WITH_SHA256,
                parameters: None,
            },
            KeyPair::Rsa(_) => AlgorithmIdentifierOwned {
                oid: SHA256_WITH_RSA,
                parameters: Some(Any::null()),
            },
            KeyPair::Ed25519(_) => AlgorithmIdentifierOwned {
                oid: ED25519,
                parameters: None,
            },
        }
    }

    /// Signs `msg` (a DER `TBSCertificate` or `CertificationRequestInfo`): the bytes of the
    /// signature BIT STRING.
    pub(crate) fn sign(&self, msg: &[u8], rng: &mut ChaCha20Rng) -> Result<Vec<u8>, MakeError> {
        use sha2::Digest;
        match self {
            KeyPair::P256(k) => {
                use p256::ecdsa::signature::Signer;
                let sig: p256::ecdsa::Signature = k.sign(msg);
                Ok(sig.to_der().as_bytes().to_vec())
            }
            KeyPair::Rsa(k) => {
                let hash = sha2::Sha256::digest(msg);
                k.sign_with_rng(rng, rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &hash)
                    .map_err(enc("the RSA signature"))
            }
            KeyPair::Ed25519(k) => {
                use ed25519_dalek::Signer;
                Ok(k.sign(msg).to_bytes().to_vec())
            }
        }
    }
}
