//! Encrypted keys (PKCS#8, legacy PEM) and PKCS#12 files, checked against the fixtures whose
//! expected values openssl computed (tests/fixtures/expected.json).

mod common;
use common::{expected, fixture, hex};

use std::time::{Duration, Instant};

use base64::Engine as _;
use certlens_core::Limits;
use certlens_core::{
    decrypt_legacy_pem, decrypt_pkcs8, describe_pkcs8_encryption, is_legacy_encrypted,
    legacy_cipher, DecryptError,
};
use certlens_core::{is_pkcs12, read_pkcs12, MacStatus};
use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier};
use der::{Decode, Encode};
use sha2::{Digest, Sha256};

const PASSWORD: &str = "correct horse";
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// `keys[name].spki_sha256` from expected.json.
fn expected_key_pin(name: &str) -> String {
    expected()["keys"][name]["spki_sha256"]
        .as_str()
        .unwrap_or_else(|| panic!("expected.json has no keys[{name}].spki_sha256"))
        .to_string()
}

/// SHA-256 fingerprints of `inputs[name].certs`, in order.
fn expected_cert_fingerprints(input: &str) -> Vec<String> {
    let e = expected();
    e["inputs"][input]["certs"]
        .as_array()
        .expect("inputs[..].certs")
        .iter()
        .map(|n| {
            let n = n.as_str().expect("cert name");
            e["certs"][n]["fingerprint_sha256"]
                .as_str()
                .expect("fingerprint_sha256")
                .to_string()
        })
        .collect()
}

/// The key pin of `inputs[name].keys[0]`.
fn expected_input_key_pin(input: &str) -> String {
    let e = expected();
    let key = e["inputs"][input]["keys"][0]
        .as_str()
        .expect("inputs[..].keys[0]")
        .to_string();
    expected_key_pin(&key)
}

struct Pem {
    label: String,
    headers: Vec<(String, String)>,
    der: Vec<u8>,
}

/// Minimal PEM reader for the tests (the crate's own reader is someone else's module).
fn pem(text: &[u8]) -> Pem {
    let text = std::str::from_utf8(text).expect("PEM is text");
    let mut lines = text.lines();
    let label = lines
        .by_ref()
        .find_map(|l| {
            l.trim()
                .strip_prefix("-----BEGIN ")
                .and_then(|s| s.strip_suffix("-----"))
        })
        .expect("BEGIN line")
        .to_string();
    let mut headers = Vec::new();
    let mut b64 = String::new();
    for line in lines {
        let line = line.trim();
        if line.starts_with("-----END ") {
            break;
        }
        if b64.is_empty() {
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
                continue;
            }
        }
        b64.push_str(line);
    }
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("PEM body is Base64");
    Pem {
        label,
        headers,
        der,
    }
}

fn spki_sha256(algorithm: ObjectIdentifier, params: Option<AnyRef<'_>>, key: &[u8]) -> String {
    let spki = spki::SubjectPublicKeyInfoRef {
        algorithm: spki::AlgorithmIdentifierRef {
            oid: algorithm,
            parameters: params,
        },
        subject_public_key: BitStringRef::from_bytes(key).expect("bit string"),
    };
    sha256_hex(&spki.to_der().expect("SPKI encodes"))
}

/// SPKI pin of a PKCS#1 RSAPrivateKey: rsaEncryption + NULL, RSAPublicKey { n, e }.
fn rsa_pkcs1_pin(pkcs1_der: &[u8]) -> String {
    let key = pkcs1::RsaPrivateKey::from_der(pkcs1_der).expect("PKCS#1 RSAPrivateKey");
    let public = pkcs1::RsaPublicKey {
        modulus: key.modulus,
        public_exponent: key.public_exponent,
    }
    .to_der()
    .expect("RSAPublicKey encodes");
    spki_sha256(RSA_ENCRYPTION, Some(AnyRef::NULL), &public)
}

/// SPKI pin of a SEC1 ECPrivateKey (curve from `curve` or from the key's own parameters).
fn ec_sec1_pin(sec1_der: &[u8], curve: Option<ObjectIdentifier>) -> String {
    let key = sec1::EcPrivateKey::from_der(sec1_der).expect("SEC1 ECPrivateKey");
    let curve = curve
        .or_else(|| key.parameters.and_then(|p| p.named_curve()))
        .expect("named curve");
    let point = key.public_key.expect("SEC1 key embeds its public point");
    spki_sha256(EC_PUBLIC_KEY, Some(AnyRef::from(&curve)), point)
}

/// SPKI pin of a PKCS#8 PrivateKeyInfo holding an RSA or EC key.
fn pkcs8_pin(pkcs8_der: &[u8]) -> String {
    let pki = pkcs8::PrivateKeyInfo::try_from(pkcs8_der).expect("PKCS#8 PrivateKeyInfo");
    if pki.algorithm.oid == RSA_ENCRYPTION {
        rsa_pkcs1_pin(pki.private_key)
    } else if pki.algorithm.oid == EC_PUBLIC_KEY {
        let curve = pki
            .algorithm
            .parameters
            .expect("EC parameters")
            .decode_as::<ObjectIdentifier>()
            .expect("named curve");
        ec_sec1_pin(pki.private_key, Some(curve))
    } else {
        panic!("unexpected key algorithm {}", pki.algorithm.oid)
    }
}

fn limits() -> Limits {
    Limits::default()
}

// A tiny DER/BER writer for building test structures.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

/// Constructed element with indefinite length (BER).
fn tlv_indefinite(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag | 0x20, 0x80];
    out.extend_from_slice(content);
    out.extend_from_slice(&[0, 0]);
    out
}

fn oid(dotted: &str) -> Vec<u8> {
    tlv(0x06, ObjectIdentifier::new(dotted).expect("OID").as_bytes())
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

// ---------------------------------------------------------------------------------------------
// PKCS#8 EncryptedPrivateKeyInfo
// ---------------------------------------------------------------------------------------------

#[test]
fn pkcs8_encrypted_keys_decrypt_to_the_expected_public_keys() {
    let cases = [
        (
            "keys/rsa-leaf.pkcs8-enc.pem",
            "PBES2 (PBKDF2-HMAC-SHA256, 2048 iterations, AES-256-CBC)",
        ),
        (
            "keys/rsa-leaf.pkcs8-enc-des3.pem",
            "PBES2 (PBKDF2-HMAC-SHA256, 2048 iterations, DES-EDE3-CBC)",
        ),
        (
            "keys/ec-leaf.pkcs8-enc.pem",
            "PBES2 (PBKDF2-HMAC-SHA256, 2048 iterations, AES-256-CBC)",
        ),
    ];
    for (file, description) in cases {
        let block = pem(&fixture(file));
        assert_eq!(block.label, "ENCRYPTED PRIVATE KEY", "{file}");
        assert_eq!(describe_pkcs8_encryption(&block.der), description, "{file}");
        let key = decrypt_pkcs8(&block.der, PASSWORD.as_bytes(), &limits())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(pkcs8_pin(&key), expected_key_pin(file), "{file}");
    }
}

#[test]
fn pkcs8_wrong_password_is_wrong_password() {
    for file in [
        "keys/rsa-leaf.pkcs8-enc.pem",
        "keys/rsa-leaf.pkcs8-enc-des3.pem",
        "keys/ec-leaf.pkcs8-enc.pem",
    ] {
        let block = pem(&fixture(file));
        for wrong in [
            "wrong",
            "",
            "correct horse ",
            "Correct horse",
            "correct horsf",
        ] {
            assert_eq!(
                decrypt_pkcs8(&block.der, wrong.as_bytes(), &limits()),
                Err(DecryptError::WrongPassword),
                "{file} with {wrong:?}"
            );
        }
    }
}

/// Re-encodes `der` with a new PBKDF2 iteration count.
fn with_iterations(der: &[u8], iterations: u32) -> Vec<u8> {
    let mut epki = pkcs8::EncryptedPrivateKeyInfo::try_from(der).expect("EncryptedPrivateKeyInfo");
    match &mut epki.encryption_algorithm {
        pkcs5::EncryptionScheme::Pbes2(params) => match &mut params.kdf {
            pkcs5::pbes2::Kdf::Pbkdf2(kdf) => kdf.iteration_count = iterations,
            other => panic!("unexpected KDF {other:?}"),
        },
        other => panic!("unexpected scheme {other:?}"),
    }
    epki.to_der().expect("re-encodes")
}

#[test]
fn huge_iteration_count_is_refused_before_any_work() {
    let der = pem(&fixture("keys/rsa-leaf.pkcs8-enc.pem")).der;
    let patched = with_iterations(&der, 50_000_000);
    assert_eq!(
        describe_pkcs8_encryption(&patched),
        "PBES2 (PBKDF2-HMAC-SHA256, 50000000 iterations, AES-256-CBC)"
    );
    let start = Instant::now();
    let err = decrypt_pkcs8(&patched, PASSWORD.as_bytes(), &limits()).unwrap_err();
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(
        err,
        DecryptError::CostTooHigh {
            what: "PBKDF2 iteration count".to_string(),
            value: 50_000_000,
            limit: 10_000_000,
        }
    );
    assert_eq!(
        err.to_string(),
        "PBKDF2 iteration count 50,000,000 is above the limit of 10,000,000; refusing to spend that long"
    );

    // A lower limit applies to the unpatched file too.
    let strict = Limits {
        max_pbkdf2_iterations: 1000,
        ..Limits::default()
    };
    assert!(matches!(
        decrypt_pkcs8(&der, PASSWORD.as_bytes(), &strict),
        Err(DecryptError::CostTooHigh {
            value: 2048,
            limit: 1000,
            ..
        })
    ));
}

#[test]
fn iteration_count_beyond_u64_is_cost_too_high() {
    // PBES2 / PBKDF2 with a 10-byte iteration count, AES-256-CBC.
    let pbkdf2 = seq(&[
        oid("1.2.840.113549.1.5.12"),
        seq(&[
            tlv(0x04, &[1; 8]),
            tlv(0x02, &[0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            seq(&[oid("1.2.840.113549.2.9"), vec![0x05, 0x00]]),
        ]),
    ]);
    let aes = seq(&[oid("2.16.840.1.101.3.4.1.42"), tlv(0x04, &[2; 16])]);
    let epki = seq(&[
        seq(&[oid("1.2.840.113549.1.5.13"), seq(&[pbkdf2, aes])]),
        tlv(0x04, &[3; 32]),
    ]);
    assert!(matches!(
        decrypt_pkcs8(&epki, b"x", &limits()),
        Err(DecryptError::CostTooHigh {
            value: u64::MAX,
            ..
        })
    ));
}

/// PBES2 + scrypt EncryptedPrivateKeyInfo with the given N, r, p (INTEGER contents) and
/// random-looking data.
fn scrypt_epki(n: &[u8], r: &[u8], p: &[u8]) -> Vec<u8> {
    let kdf = seq(&[
        oid("1.3.6.1.4.1.11591.4.11"),
        seq(&[
            tlv(0x04, &[7; 16]),
            tlv(0x02, n),
            tlv(0x02, r),
            tlv(0x02, p),
        ]),
    ]);
    let aes = seq(&[oid("2.16.840.1.101.3.4.1.42"), tlv(0x04, &[2; 16])]);
    seq(&[
        seq(&[oid("1.2.840.113549.1.5.13"), seq(&[kdf, aes])]),
        tlv(0x04, &[0x33; 48]),
    ])
}

#[test]
fn scrypt_costs_are_checked_before_any_work() {
    let ok = scrypt_epki(&[0x04, 0x00], &[8], &[1]);
    assert_eq!(
        describe_pkcs8_encryption(&ok),
        "PBES2 (scrypt N=1024, r=8, p=1, AES-256-CBC)"
    );
    assert_eq!(
        decrypt_pkcs8(&ok, b"x", &limits()),
        Err(DecryptError::WrongPassword)
    );

    let start = Instant::now();
    // N = 2^21 > 2^16 (the default limit keeps scrypt within 64 MiB at r = 8).
    let big_n = scrypt_epki(&[0x20, 0, 0], &[8], &[1]);
    assert_eq!(
        decrypt_pkcs8(&big_n, b"x", &limits()),
        Err(DecryptError::CostTooHigh {
            what: "scrypt cost parameter N".to_string(),
            value: 1 << 21,
            limit: 1 << 16
        })
    );
    // Huge r and p (their product overflows 128 bits with N).
    let big_rp = scrypt_epki(
        &[0x04, 0x00],
        &[0x40, 0, 0, 0, 0, 0, 0, 0],
        &[0x40, 0, 0, 0, 0, 0, 0, 0],
    );
    assert!(matches!(
        decrypt_pkcs8(&big_rp, b"x", &limits()),
        Err(DecryptError::CostTooHigh { .. })
    ));
    assert!(start.elapsed() < Duration::from_millis(500));
    // N must be a power of two.
    assert!(matches!(
        decrypt_pkcs8(&scrypt_epki(&[0x03, 0xe8], &[8], &[1]), b"x", &limits()),
        Err(DecryptError::Malformed { .. })
    ));
    assert!(matches!(
        decrypt_pkcs8(&scrypt_epki(&[0x04, 0x00], &[0], &[1]), b"x", &limits()),
        Err(DecryptError::Malformed { .. })
    ));
}

#[test]
fn unknown_and_unsupported_schemes_are_named() {
    let unknown = seq(&[seq(&[oid("1.2.3.4")]), tlv(0x04, &[0; 16])]);
    assert_eq!(
        describe_pkcs8_encryption(&unknown),
        "unknown scheme (OID 1.2.3.4)"
    );
    assert!(matches!(
        decrypt_pkcs8(&unknown, b"x", &limits()),
        Err(DecryptError::Unsupported { algorithm }) if algorithm.contains("1.2.3.4")
    ));

    let rc4 = seq(&[
        seq(&[
            oid("1.2.840.113549.1.12.1.1"),
            seq(&[tlv(0x04, &[1; 8]), tlv(0x02, &[0x08, 0x00])]),
        ]),
        tlv(0x04, &[0; 16]),
    ]);
    assert_eq!(
        describe_pkcs8_encryption(&rc4),
        "pbeWithSHAAnd128BitRC4 (2048 iterations)"
    );
    assert!(matches!(
        decrypt_pkcs8(&rc4, b"x", &limits()),
        Err(DecryptError::Unsupported { algorithm }) if algorithm.contains("RC4")
    ));

    let md2 = seq(&[
        seq(&[
            oid("1.2.840.113549.1.5.1"),
            seq(&[tlv(0x04, &[1; 8]), tlv(0x02, &[0x08, 0x00])]),
        ]),
        tlv(0x04, &[0; 16]),
    ]);
    assert_eq!(
        describe_pkcs8_encryption(&md2),
        "PBES1 pbeWithMD2AndDES-CBC (2048 iterations)"
    );
    assert!(matches!(
        decrypt_pkcs8(&md2, b"x", &limits()),
        Err(DecryptError::Unsupported { .. })
    ));

    // Garbage never panics and says so.
    assert!(describe_pkcs8_encryption(b"").starts_with("unknown scheme"));
    assert!(
        describe_pkcs8_encryption(&fixture("inputs/bad/garbage.bin")).starts_with("unknown scheme")
    );
}

#[test]
fn pkcs8_truncated_or_flipped_never_panics() {
    let der = pem(&fixture("keys/ec-leaf.pkcs8-enc.pem")).der;
    for len in 0..der.len() {
        assert!(
            decrypt_pkcs8(&der[..len], PASSWORD.as_bytes(), &limits()).is_err(),
            "prefix {len}"
        );
        let _ = describe_pkcs8_encryption(&der[..len]);
    }
    // Flipped bytes: usually an error; a flip inside the encrypted private scalar can still
    // decrypt to a well-formed (but wrong) key, so only "no panic" is required here.
    for i in 0..der.len() {
        let mut d = der.clone();
        d[i] ^= 0x5a;
        let _ = decrypt_pkcs8(&d, PASSWORD.as_bytes(), &limits());
        let _ = describe_pkcs8_encryption(&d);
    }
    assert!(decrypt_pkcs8(&fixture("inputs/bad/garbage.bin"), b"x", &limits()).is_err());
}

// ---------------------------------------------------------------------------------------------
// Legacy PEM encryption
// ---------------------------------------------------------------------------------------------

#[test]
fn legacy_pem_keys_decrypt_to_the_expected_public_keys() {
    let cases = [
        (
            "keys/rsa-leaf.legacy-aes.pem",
            "RSA PRIVATE KEY",
            "AES-256-CBC",
        ),
        (
            "keys/rsa-leaf.legacy-des3.pem",
            "RSA PRIVATE KEY",
            "DES-EDE3-CBC",
        ),
        (
            "keys/ec-leaf.legacy-aes.pem",
            "EC PRIVATE KEY",
            "AES-256-CBC",
        ),
    ];
    for (file, label, cipher) in cases {
        let block = pem(&fixture(file));
        assert_eq!(block.label, label, "{file}");
        assert!(is_legacy_encrypted(&block.headers), "{file}");
        assert_eq!(
            legacy_cipher(&block.headers).as_deref(),
            Some(cipher),
            "{file}"
        );
        let inner = decrypt_legacy_pem(&block.headers, &block.der, PASSWORD.as_bytes())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let pin = if label.starts_with("RSA") {
            rsa_pkcs1_pin(&inner)
        } else {
            ec_sec1_pin(&inner, None)
        };
        assert_eq!(pin, expected_key_pin(file), "{file}");

        for wrong in ["wrong", "", "correct horse!"] {
            assert_eq!(
                decrypt_legacy_pem(&block.headers, &block.der, wrong.as_bytes()),
                Err(DecryptError::WrongPassword),
                "{file} with {wrong:?}"
            );
        }
        // Truncated bodies and broken headers are errors, not panics.
        for len in 0..block.der.len() {
            assert!(
                decrypt_legacy_pem(&block.headers, &block.der[..len], PASSWORD.as_bytes()).is_err()
            );
        }
    }
}

#[test]
fn legacy_pem_headers() {
    let h = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert!(!is_legacy_encrypted(&[]));
    assert!(is_legacy_encrypted(&h(&[("proc-type", " 4,ENCRYPTED ")])));
    assert!(!is_legacy_encrypted(&h(&[("Proc-Type", "4,MIC-ONLY")])));
    assert_eq!(
        legacy_cipher(&h(&[("DEK-Info", "aes-128-cbc,00")])).as_deref(),
        Some("AES-128-CBC")
    );
    assert_eq!(legacy_cipher(&[]), None);

    let body = [0u8; 32];
    assert!(matches!(
        decrypt_legacy_pem(&h(&[("DEK-Info", "AES-128-CBC,00")]), &body, b"x"),
        Err(DecryptError::Malformed { .. })
    ));
    let enc = |dek: &str| h(&[("Proc-Type", "4,ENCRYPTED"), ("DEK-Info", dek)]);
    assert!(matches!(
        decrypt_legacy_pem(&enc("BF-CBC,0011223344556677"), &body, b"x"),
        Err(DecryptError::Unsupported { .. })
    ));
    for bad in [
        "AES-128-CBC",
        "AES-128-CBC,zz",
        "AES-128-CBC,0011",
        "AES-128-CBC,",
        "DES-CBC,001122334455667",
    ] {
        assert!(
            matches!(
                decrypt_legacy_pem(&enc(bad), &body, b"x"),
                Err(DecryptError::Malformed { .. })
            ),
            "{bad}"
        );
    }
    // Not a whole number of blocks.
    assert!(matches!(
        decrypt_legacy_pem(
            &enc("AES-128-CBC,00112233445566778899aabbccddeeff"),
            &body[..20],
            b"x"
        ),
        Err(DecryptError::Malformed { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// PKCS#12
// ---------------------------------------------------------------------------------------------

fn check_p12(input: &str, password: &str) -> certlens_core::Pkcs12Contents {
    let der = fixture(input);
    assert!(is_pkcs12(&der), "{input}");
    let contents =
        read_pkcs12(&der, Some(password), &limits()).unwrap_or_else(|e| panic!("{input}: {e}"));
    let fingerprints: Vec<String> = contents
        .certificates
        .iter()
        .map(|c| sha256_hex(c))
        .collect();
    assert_eq!(fingerprints, expected_cert_fingerprints(input), "{input}");
    assert_eq!(contents.keys.len(), 1, "{input}");
    assert_eq!(
        pkcs8_pin(&contents.keys[0]),
        expected_input_key_pin(input),
        "{input}"
    );
    contents
}

#[test]
fn pkcs12_modern() {
    let c = check_p12("inputs/bundle.p12", PASSWORD);
    assert_eq!(
        c.mac,
        MacStatus::Verified {
            algorithm: "HMAC-SHA256".to_string(),
            iterations: 2048
        }
    );
    assert_eq!(
        c.encryption,
        vec![
            "certificates: PBES2 (PBKDF2-HMAC-SHA256, 2048 iterations, AES-256-CBC)".to_string(),
            "key: PBES2 (PBKDF2-HMAC-SHA256, 2048 iterations, AES-256-CBC)".to_string(),
        ]
    );
    assert_eq!(c.friendly_names, vec!["certlens test".to_string()]);

    // Debug must not print key material.
    let debug = format!("{c:?}");
    assert!(debug.contains("redacted"), "{debug}");
    let key_hex = hex(&c.keys[0]);
    assert!(!debug.contains(&key_hex[..40]));
    assert!(!debug.contains(&format!("{:?}", &c.keys[0][..12])));
}

#[test]
fn pkcs12_legacy_rc2_and_3des() {
    let c = check_p12("inputs/bundle-legacy.p12", PASSWORD);
    assert_eq!(
        c.mac,
        MacStatus::Verified {
            algorithm: "HMAC-SHA1".to_string(),
            iterations: 2048
        }
    );
    assert_eq!(
        c.encryption,
        vec![
            "certificates: pbeWithSHAAnd40BitRC2-CBC (2048 iterations)".to_string(),
            "key: pbeWithSHAAnd3-KeyTripleDES-CBC (2048 iterations)".to_string(),
        ]
    );
}

#[test]
fn pkcs12_ec_pfx() {
    let c = check_p12("inputs/bundle-ec.pfx", PASSWORD);
    assert!(matches!(c.mac, MacStatus::Verified { .. }));
}

#[test]
fn pkcs12_empty_password() {
    let c = check_p12("inputs/bundle-nopass.p12", "");
    assert!(matches!(c.mac, MacStatus::Verified { .. }));
    let der = fixture("inputs/bundle-nopass.p12");
    assert_eq!(
        read_pkcs12(&der, None, &limits()).unwrap_err(),
        DecryptError::NeedPassword
    );
    assert_eq!(
        read_pkcs12(&der, Some(PASSWORD), &limits()).unwrap_err(),
        DecryptError::WrongPassword
    );
}

#[test]
fn pkcs12_wrong_and_missing_passwords() {
    for input in [
        "inputs/bundle.p12",
        "inputs/bundle-legacy.p12",
        "inputs/bundle-ec.pfx",
    ] {
        let der = fixture(input);
        assert_eq!(
            read_pkcs12(&der, None, &limits()).unwrap_err(),
            DecryptError::NeedPassword,
            "{input}"
        );
        for wrong in ["wrong", "", "correct horse ", "Zürich"] {
            assert_eq!(
                read_pkcs12(&der, Some(wrong), &limits()).unwrap_err(),
                DecryptError::WrongPassword,
                "{input} with {wrong:?}"
            );
        }
    }
    assert_eq!(
        DecryptError::WrongPassword.to_string(),
        "wrong password (or the file is corrupted)"
    );
}

#[test]
fn pkcs12_iteration_limits() {
    let der = fixture("inputs/bundle.p12");
    let strict = Limits {
        max_pbkdf2_iterations: 2000,
        ..Limits::default()
    };
    assert_eq!(
        read_pkcs12(&der, Some(PASSWORD), &strict).unwrap_err(),
        DecryptError::CostTooHigh {
            what: "PKCS#12 MAC iteration count".to_string(),
            value: 2048,
            limit: 2000
        }
    );
    // Exactly at the limit works (MAC + certificates + key = 3 × 2048, within 4 × the limit).
    let exact = Limits {
        max_pbkdf2_iterations: 2048,
        ..Limits::default()
    };
    assert!(read_pkcs12(&der, Some(PASSWORD), &exact).is_ok());
}

#[test]
fn pkcs12_truncated_flipped_and_garbage_are_errors() {
    let der = fixture("inputs/bundle.p12");
    for len in 0..der.len() {
        assert!(
            read_pkcs12(&der[..len], Some(PASSWORD), &limits()).is_err(),
            "prefix {len}"
        );
        let _ = is_pkcs12(&der[..len]);
    }
    // Flip bytes across the whole file (header, MAC, encrypted content).
    let mut positions: Vec<usize> = (0..40).collect();
    positions.extend((40..der.len()).step_by(53));
    positions.extend(der.len().saturating_sub(60)..der.len());
    for i in positions {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut d = der.clone();
            d[i] ^= mask;
            assert!(
                read_pkcs12(&d, Some(PASSWORD), &limits()).is_err(),
                "flipped byte {i} with {mask:#x}"
            );
        }
    }
    for bad in [
        "inputs/bad/garbage.bin",
        "inputs/bad/truncated.der",
        "inputs/rsa-leaf.der",
    ] {
        let d = fixture(bad);
        assert!(!is_pkcs12(&d), "{bad}");
        assert!(read_pkcs12(&d, Some(PASSWORD), &limits()).is_err(), "{bad}");
        assert!(read_pkcs12(&d, None, &limits()).is_err(), "{bad}");
    }
    assert!(!is_pkcs12(
        &pem(&fixture("keys/rsa-leaf.pkcs8-enc.pem")).der
    ));
    assert!(read_pkcs12(&[], None, &limits()).is_err());
}

/// A PFX without MAC or encryption, built here from the fixtures' key and certificate, in DER
/// and in BER with indefinite lengths everywhere (as Windows/Java tools write).
#[test]
fn pkcs12_without_mac_or_encryption_needs_no_password() {
    let key = pem(&fixture("keys/ec-leaf.pkcs8.pem")).der;
    let cert = fixture("certs/ec-leaf.der");
    let friendly = tlv(
        0x1e,
        &"ec leaf"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect::<Vec<u8>>(),
    );
    let attrs = tlv(
        0x31,
        &seq(&[oid("1.2.840.113549.1.9.20"), tlv(0x31, &friendly)]),
    );

    for ber in [false, true] {
        let cons = |tag: u8, parts: &[Vec<u8>]| {
            if ber {
                tlv_indefinite(tag, &parts.concat())
            } else {
                tlv(tag | 0x20, &parts.concat())
            }
        };
        // Constructed OCTET STRING (two segments) in the BER variant.
        let octets = |content: &[u8]| {
            if ber {
                let (a, b) = content.split_at(content.len() / 2);
                tlv_indefinite(0x04, &[tlv(0x04, a), tlv(0x04, b)].concat())
            } else {
                tlv(0x04, content)
            }
        };
        let cert_bag = cons(
            0x10,
            &[
                oid("1.2.840.113549.1.12.10.1.3"),
                cons(
                    0x80,
                    &[cons(
                        0x10,
                        &[oid("1.2.840.113549.1.9.22.1"), cons(0x80, &[octets(&cert)])],
                    )],
                ),
                attrs.clone(),
            ],
        );
        let key_bag = cons(
            0x10,
            &[
                oid("1.2.840.113549.1.12.10.1.1"),
                cons(0x80, std::slice::from_ref(&key)),
            ],
        );
        let safe_contents = cons(0x10, &[cert_bag, key_bag]);
        let auth_safe = cons(
            0x10,
            &[cons(
                0x10,
                &[
                    oid("1.2.840.113549.1.7.1"),
                    cons(0x80, &[octets(&safe_contents)]),
                ],
            )],
        );
        let pfx = cons(
            0x10,
            &[
                tlv(0x02, &[3]),
                cons(
                    0x10,
                    &[
                        oid("1.2.840.113549.1.7.1"),
                        cons(0x80, &[octets(&auth_safe)]),
                    ],
                ),
            ],
        );

        assert!(is_pkcs12(&pfx), "ber={ber}");
        for password in [None, Some(""), Some("anything")] {
            let c = read_pkcs12(&pfx, password, &limits())
                .unwrap_or_else(|e| panic!("ber={ber} {password:?}: {e}"));
            assert_eq!(c.mac, MacStatus::Absent);
            assert!(c.encryption.is_empty());
            assert_eq!(c.friendly_names, vec!["ec leaf".to_string()]);
            assert_eq!(
                c.certificates
                    .iter()
                    .map(|c| sha256_hex(c))
                    .collect::<Vec<_>>(),
                vec![expected()["certs"]["ec-leaf"]["fingerprint_sha256"]
                    .as_str()
                    .unwrap()
                    .to_string()]
            );
            assert_eq!(c.keys.len(), 1);
            assert_eq!(
                pkcs8_pin(&c.keys[0]),
                expected_key_pin("keys/ec-leaf.pkcs8.pem")
            );
        }
        for len in 0..pfx.len() {
            assert!(
                read_pkcs12(&pfx[..len], None, &limits()).is_err(),
                "ber={ber} prefix {len}"
            );
        }
    }
}

#[test]
fn deeply_nested_ber_is_an_error_not_a_crash() {
    // 100 000 nested indefinite-length SEQUENCEs.
    let mut d = Vec::new();
    for _ in 0..100_000 {
        d.extend_from_slice(&[0x30, 0x80]);
    }
    for _ in 0..100_000 {
        d.extend_from_slice(&[0, 0]);
    }
    assert!(!is_pkcs12(&d));
    assert!(read_pkcs12(&d, Some("x"), &limits()).is_err());
    assert!(decrypt_pkcs8(&d, b"x", &limits()).is_err());
    let _ = describe_pkcs8_encryption(&d);
    // Huge declared lengths.
    for d in [
        vec![0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        vec![0x30, 0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        vec![0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x03],
        vec![0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00],
    ] {
        assert!(read_pkcs12(&d, Some("x"), &limits()).is_err());
        assert!(decrypt_pkcs8(&d, b"x", &limits()).is_err());
    }
}

#[test]
fn error_messages_read_well() {
    assert_eq!(
        DecryptError::NeedPassword.to_string(),
        "this is encrypted; a password is needed to open it"
    );
    assert_eq!(
        DecryptError::Unsupported {
            algorithm: "RC4".into()
        }
        .to_string(),
        "unsupported encryption: RC4"
    );
    assert!(DecryptError::Malformed { detail: "x".into() }
        .to_string()
        .contains("x"));
}

/// Checks many more schemes against the system openssl (not run by default: the fixtures are
/// fixed, this generates new files). Run with `cargo test -p certlens-core --test
/// decrypt_pkcs12 -- --ignored`.
#[test]
#[ignore]
fn openssl_matrix() {
    use std::process::Command;
    let dir = std::env::temp_dir().join(format!("certlens-decrypt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = format!(
        "{}/../../tests/fixtures/keys/ec-leaf.key",
        env!("CARGO_MANIFEST_DIR")
    );
    let cert = format!(
        "{}/../../tests/fixtures/certs/ec-leaf.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let pin = expected_key_pin("keys/ec-leaf.key");
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .output()
            .expect("openssl runs");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let pkcs8_cases: &[&[&str]] = &[
        &["-v2", "aes-128-cbc"],
        &["-v2", "aes-192-cbc"],
        &["-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA1"],
        &["-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA224"],
        &["-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA384"],
        &["-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA512"],
        &["-v2", "des-cbc"],
        &["-v2", "aes-256-cbc", "-iter", "1"],
        &[
            "-v2",
            "aes-256-cbc",
            "-scrypt",
            "-scrypt_N",
            "1024",
            "-scrypt_r",
            "8",
            "-scrypt_p",
            "1",
        ],
        &["-v1", "PBE-MD5-DES"],
        &["-v1", "PBE-SHA1-DES"],
        &["-v1", "PBE-SHA1-RC2-64"],
        &["-v1", "PBE-SHA1-3DES"],
        &["-v1", "PBE-SHA1-2DES"],
        &["-v1", "PBE-SHA1-RC2-128"],
        &["-v1", "PBE-SHA1-RC2-40"],
    ];
    for (i, opts) in pkcs8_cases.iter().enumerate() {
        let out = dir.join(format!("k{i}.der")).to_string_lossy().into_owned();
        let mut args = vec![
            "pkcs8",
            "-topk8",
            "-in",
            &key,
            "-outform",
            "DER",
            "-out",
            &out,
            "-passout",
            "pass:pässword",
        ];
        args.extend_from_slice(opts);
        if opts[0] == "-v1" || opts.contains(&"des-cbc") {
            args.extend_from_slice(&["-provider", "legacy", "-provider", "default"]);
        }
        run(&args);
        let der = std::fs::read(&out).unwrap();
        let got = decrypt_pkcs8(&der, "pässword".as_bytes(), &limits())
            .unwrap_or_else(|e| panic!("{opts:?} ({}): {e}", describe_pkcs8_encryption(&der)));
        assert_eq!(pkcs8_pin(&got), pin, "{opts:?}");
        assert_eq!(
            decrypt_pkcs8(&der, b"wrong", &limits()),
            Err(DecryptError::WrongPassword),
            "{opts:?}"
        );
        eprintln!("ok: {}", describe_pkcs8_encryption(&der));
    }
    let legacy = ["-aes128", "-aes192", "-des", "-des3"];
    for (i, opt) in legacy.iter().enumerate() {
        let out = dir.join(format!("l{i}.pem")).to_string_lossy().into_owned();
        let mut args = vec![
            "ec",
            "-in",
            &key,
            "-out",
            &out,
            "-passout",
            "pass:pässword",
            opt,
        ];
        if *opt == "-des" {
            args.extend_from_slice(&["-provider", "legacy", "-provider", "default"]);
        }
        run(&args);
        let block = pem(&std::fs::read(&out).unwrap());
        let inner = decrypt_legacy_pem(&block.headers, &block.der, "pässword".as_bytes())
            .unwrap_or_else(|e| panic!("{opt}: {e}"));
        assert_eq!(ec_sec1_pin(&inner, None), pin, "{opt}");
    }
    let p12_cases: &[&[&str]] = &[
        &["-macalg", "sha1"],
        &["-macalg", "sha384"],
        &["-macalg", "sha512"],
        &["-macalg", "sha224"],
        &[
            "-certpbe",
            "PBE-SHA1-3DES",
            "-keypbe",
            "PBE-SHA1-2DES",
            "-legacy",
        ],
        &[
            "-certpbe",
            "PBE-SHA1-RC2-128",
            "-keypbe",
            "PBE-SHA1-RC2-40",
            "-legacy",
        ],
        &["-certpbe", "NONE", "-keypbe", "NONE"],
        &["-certpbe", "NONE", "-keypbe", "NONE", "-nomac"],
        &[
            "-certpbe",
            "AES-128-CBC",
            "-keypbe",
            "DES-EDE3-CBC",
            "-iter",
            "5000",
        ],
    ];
    for password in ["pässword", "", "correct horse"] {
        for (i, opts) in p12_cases.iter().enumerate() {
            let out = dir.join(format!("p{i}.p12")).to_string_lossy().into_owned();
            let pass = format!("pass:{password}");
            let mut args = vec![
                "pkcs12", "-export", "-in", &cert, "-inkey", &key, "-out", &out, "-passout", &pass,
                "-name", "Zürich",
            ];
            args.extend_from_slice(opts);
            run(&args);
            let der = std::fs::read(&out).unwrap();
            let c = read_pkcs12(&der, Some(password), &limits())
                .unwrap_or_else(|e| panic!("{opts:?} with {password:?}: {e}"));
            assert_eq!(c.keys.len(), 1, "{opts:?}");
            assert_eq!(pkcs8_pin(&c.keys[0]), pin, "{opts:?}");
            assert_eq!(c.certificates.len(), 1, "{opts:?}");
            assert_eq!(c.friendly_names, vec!["Zürich".to_string()], "{opts:?}");
            eprintln!("ok ({password:?}): {:?} {:?}", c.mac, c.encryption);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// In a pool, a PKCS#12 file exported with the empty password opens without asking, and also
/// when the password given is another file's.
#[test]
fn empty_password_pkcs12_opens_in_a_pool_without_asking() {
    use certlens_core::{inspect, Input, Options};
    let der = fixture("inputs/bundle-nopass.p12");
    let exp = expected();
    let want: Vec<String> = exp["inputs"]["inputs/bundle-nopass.p12"]["certs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            exp["certs"][n.as_str().unwrap()]["spki_sha256"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    for opts in [Options::at(0), Options::at(0).with_password(PASSWORD)] {
        let r = inspect(&[Input::new("nopass.p12", der.clone())], &opts);
        assert!(
            r.password_needed.is_empty() && r.errors.is_empty(),
            "{:?}",
            r.errors
        );
        let got: Vec<String> = r
            .certificates
            .iter()
            .map(|c| c.spki_sha256.clone())
            .collect();
        assert_eq!(got, want);
        assert_eq!(r.private_keys.len(), 1);
    }
    // A file with a real password still asks for it, and a wrong one is still wrong.
    let p12 = fixture("inputs/bundle.p12");
    let r = inspect(&[Input::new("b.p12", p12.clone())], &Options::at(0));
    assert_eq!(r.password_needed.len(), 1);
    let r = inspect(
        &[Input::new("b.p12", p12)],
        &Options::at(0).with_password("nope"),
    );
    assert!(
        r.errors[0].message.contains("wrong password"),
        "{:?}",
        r.errors
    );
}

// ---------------------------------------------------------------------------------------------
// One key-derivation budget per pool, charged in real work (issue: bounded work on any input)
// ---------------------------------------------------------------------------------------------

/// DER INTEGER of a non-negative number (test helper).
fn int(n: u64) -> Vec<u8> {
    let bytes: Vec<u8> = n
        .to_be_bytes()
        .iter()
        .copied()
        .skip_while(|b| *b == 0)
        .collect();
    let bytes = if bytes.first().is_none_or(|b| b & 0x80 != 0) {
        [&[0u8][..], &bytes].concat()
    } else {
        bytes
    };
    tlv(0x02, &bytes)
}

/// A PFX whose MacData is PBMAC1 (RFC 9579) with PBKDF2-HMAC-SHA256 and the given key length.
fn pbmac1_pfx(iterations: u64, key_len: u64) -> Vec<u8> {
    let hmac_sha256 = seq(&[oid("1.2.840.113549.2.9"), tlv(0x05, &[])]);
    let pbkdf2 = seq(&[
        oid("1.2.840.113549.1.5.12"),
        seq(&[
            tlv(0x04, &[7; 16]),
            int(iterations),
            int(key_len),
            hmac_sha256.clone(),
        ]),
    ]);
    let pbmac1 = seq(&[oid("1.2.840.113549.1.5.14"), seq(&[pbkdf2, hmac_sha256])]);
    let mac_data = seq(&[
        seq(&[pbmac1, tlv(0x04, &[0; 32])]),
        tlv(0x04, &[9; 8]),
        int(1),
    ]);
    let auth_safe = seq(&[]); // an empty AuthenticatedSafe: the MAC is checked first
    let content_info = seq(&[
        oid("1.2.840.113549.1.7.1"),
        tlv(0xa0, &tlv(0x04, &auth_safe)),
    ]);
    seq(&[int(3), content_info, mac_data])
}

#[test]
fn pbmac1_key_longer_than_its_hash_is_refused_before_any_work() {
    // From the review: a 163-byte .p12 with PBMAC1 key length 1,024 bytes (32 PBKDF2-SHA256
    // blocks per iteration) at 1M iterations took 17.6 s; at the 10M cap over a minute.
    let err =
        read_pkcs12(&pbmac1_pfx(10_000_000, 1024), Some(PASSWORD), &limits()).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "malformed encrypted data: the PBMAC1 key length is 1024 bytes; RFC 9579 makes it the \
         MAC's hash length (32 bytes for HMAC-SHA256), and certlens derives no longer key"
    );
    // The length RFC 9579 prescribes is read (and then fails on the MAC, as it should).
    assert_eq!(
        read_pkcs12(&pbmac1_pfx(1, 32), Some(PASSWORD), &limits()).err(),
        Some(DecryptError::WrongPassword)
    );
}

#[test]
fn one_key_derivation_budget_per_pool_whatever_the_number_of_files() {
    use certlens_core::{inspect, Input, Options};
    // bundle.p12 (OpenSSL 3 defaults): MAC HMAC-SHA256 with 2,048 PKCS#12-KDF iterations.
    // Without a password the empty password is tried in its two PKCS#12 forms (00 00 and
    // absent): 2 × 2,048 = 4,096 blocks per file. With a pool budget of 10,000 blocks two
    // files are tried and the other four are refused before any work (the third at 8,192 + 2,048). A budget per file (as
    // before) would have tried all six, and each wrong password got a fresh one.
    let p12 = fixture("inputs/bundle.p12");
    let inputs: Vec<Input> = (1..=6)
        .map(|i| Input::new(format!("copy{i}.p12"), p12.clone()))
        .collect();
    let mut opts = Options::at(0);
    opts.limits.max_kdf_blocks = 10_000;
    let report = inspect(&inputs, &opts);
    let refused: Vec<&str> = report
        .errors
        .iter()
        .filter(|e| e.message.contains("key-derivation work for this pool"))
        .map(|e| e.source.as_str())
        .collect();
    assert_eq!(
        refused,
        ["copy3.p12", "copy4.p12", "copy5.p12", "copy6.p12"],
        "{:#?}",
        report.errors
    );
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.message.contains("10,240 is above the limit of 10,000")),
        "{:#?}",
        report.errors
    );
    let locked: Vec<&str> = report
        .password_needed
        .iter()
        .map(|l| l.source.as_str())
        .collect();
    assert_eq!(locked, ["copy1.p12", "copy2.p12"]);
}

#[test]
fn openssl_default_scrypt_fits_the_pool_budget() {
    // `openssl pkcs8 -topk8 -scrypt` writes N = 16384 (0x4000), r = 8, p = 1. Charged as
    // before (scaled to the PBKDF2 cap) it cost 2.5M blocks, over the 2M pool budget, and was
    // refused (found by the fuzz session's review). N·r·p = 131,072 blocks fits; the
    // ciphertext here is junk, so the answer is a wrong password, after the real derivation.
    let default_scrypt = scrypt_epki(&[0x40, 0x00], &[8], &[1]);
    assert_eq!(
        describe_pkcs8_encryption(&default_scrypt),
        "PBES2 (scrypt N=16384, r=8, p=1, AES-256-CBC)"
    );
    assert_eq!(
        decrypt_pkcs8(&default_scrypt, b"x", &Limits::default()),
        Err(DecryptError::WrongPassword)
    );
}
