//! OpenSSH keys: the public key of a `BEGIN OPENSSH PRIVATE KEY` file and of an OpenSSH
//! public key blob, as a SubjectPublicKeyInfo (for the pin).

use super::encode::{ec_spki, rsa_spki, spki};
use super::{finish, KeyError, PrivateKey};
use crate::asn1::oids;
use crate::model::KeyFormat;

struct SshReader<'a>(&'a [u8]);

impl<'a> SshReader<'a> {
    fn u32(&mut self) -> Option<u32> {
        let (b, rest) = self.0.split_first_chunk::<4>()?;
        self.0 = rest;
        Some(u32::from_be_bytes(*b))
    }
    fn string(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        let s = self.0.get(..n)?;
        self.0 = self.0.get(n..)?;
        Some(s)
    }
}

/// An OpenSSH public key blob (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp*`) → SubjectPublicKeyInfo.
pub fn openssh_public_blob_spki(blob: &[u8]) -> Result<Vec<u8>, KeyError> {
    let bad = |m: &str| KeyError::Malformed(format!("not a valid OpenSSH public key ({m})"));
    let mut r = SshReader(blob);
    let kind = r.string().ok_or_else(|| bad("no key type"))?;
    match kind {
        b"ssh-ed25519" => {
            let pk = r
                .string()
                .filter(|p| p.len() == 32)
                .ok_or_else(|| bad("Ed25519 key is not 32 bytes"))?;
            spki(oids::ED25519, None, pk)
        }
        b"ssh-rsa" => {
            let e = r.string().ok_or_else(|| bad("missing exponent"))?;
            let n = r.string().ok_or_else(|| bad("missing modulus"))?;
            rsa_spki(n, e, oids::RSA, None)
        }
        b"ecdsa-sha2-nistp256" | b"ecdsa-sha2-nistp384" | b"ecdsa-sha2-nistp521" => {
            let _curve = r.string().ok_or_else(|| bad("missing curve"))?;
            let q = r.string().ok_or_else(|| bad("missing point"))?;
            let curve = match kind {
                b"ecdsa-sha2-nistp256" => oids::P256,
                b"ecdsa-sha2-nistp384" => oids::P384,
                _ => oids::P521,
            };
            ec_spki(curve, q)
        }
        other => Err(KeyError::Malformed(format!(
            "OpenSSH key type {} is not supported",
            String::from_utf8_lossy(other)
        ))),
    }
}

pub(super) fn openssh_private(der: &[u8]) -> Result<PrivateKey, KeyError> {
    let bad = |m: &str| KeyError::Malformed(format!("not a valid OpenSSH private key ({m})"));
    let body = der
        .strip_prefix(b"openssh-key-v1\0")
        .ok_or_else(|| bad("missing openssh-key-v1 magic"))?;
    let mut r = SshReader(body);
    let cipher = r.string().ok_or_else(|| bad("truncated"))?;
    let _kdf = r.string().ok_or_else(|| bad("truncated"))?;
    let _kdf_options = r.string().ok_or_else(|| bad("truncated"))?;
    let n = r.u32().ok_or_else(|| bad("truncated"))?;
    if n == 0 {
        return Err(bad("no keys"));
    }
    let public = r.string().ok_or_else(|| bad("truncated public key"))?;
    let encrypted = cipher != b"none";
    let encryption = encrypted.then(|| format!("OpenSSH ({})", String::from_utf8_lossy(cipher)));
    let spki_result = openssh_public_blob_spki(public);
    let mut key = finish(KeyFormat::Openssh, encrypted, encryption, None, spki_result);
    if key.note.is_none() {
        key.note = Some("OpenSSH key: the public key is read from the file; converting it to PEM is not supported here (use ssh-keygen -p -m PEM)".into());
    }
    Ok(key)
}
