//! Renewals in the page (issue 29): the same-key renewal request the Make panel's CSR tab
//! offers, run in the worker like every Make request, and the choice of what it starts from.
//! Every decision (names, subject, the pin and its wording) is `certlens_core::make`'s.

use certlens_core::make::{self, MakeError, RenewOptions, Seed};
use certlens_core::{inspect, short_name, Certificate, Input, Options, Report};
use zeroize::{Zeroize, Zeroizing};

use crate::make_job::{MadeBlock, MadeView, MakeRequest};

/// The pool's certificate that can be renewed with the key one has: the leaf of the first
/// chain whose private key the pool holds readable (decrypted), and that key.
fn renewable(report: &Report) -> Option<(&Certificate, &Zeroizing<Vec<u8>>)> {
    report.chains.iter().find_map(|ch| {
        let leaf = report.certificates.get(*ch.order.first()?)?;
        let key = report
            .private_keys
            .iter()
            .find(|k| k.matches.contains(&leaf.index) && k.pkcs8.is_some())?;
        Some((leaf, key.pkcs8.as_ref()?))
    })
}

/// What a same-key renewal would renew (`#0 (lightrun.example.com)`), without copying the key:
/// the panel asks on every render.
pub fn renewable_label(report: &Report) -> Option<String> {
    renewable(report).map(|(leaf, _)| short_name(leaf))
}

/// The request that carries the renewable leaf and its key to the worker (the worker has no
/// pool of its own), with its label.
pub fn renewal_request(report: &Report) -> Option<(String, MakeRequest)> {
    renewable(report).map(|(leaf, key)| {
        (
            short_name(leaf),
            MakeRequest::Renew {
                certificate: leaf.der.clone(),
                key: key.to_vec(),
            },
        )
    })
}

/// The same-key request for `certificate` and its `key` (PKCS#8 DER): read back as a pool of
/// two, so that the key is matched exactly as everywhere else, then `make::renewal_csr`.
pub(crate) fn run_renewal(
    certificate: &[u8],
    key: &[u8],
    seed: &Seed,
    now: i64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    let mut inputs = vec![
        Input::new("current certificate", certificate.to_vec()),
        Input::new("its private key", key.to_vec()),
    ];
    let report = inspect(&inputs, &Options::at(now));
    for i in &mut inputs {
        i.bytes.zeroize();
    }
    let r = make::renewal_csr(&report, &RenewOptions::default(), seed)?;
    progress(1, 1);
    Ok(MadeView {
        summary: format!(
            "A renewal request for {} ({}){}, signed with the key you already have. Send the .csr to your CA and install what it returns with the same tls.key.",
            r.names.join(", "),
            r.subject,
            r.renews.as_deref().map(|c| format!(", renewing {c}")).unwrap_or_default()
        ),
        blocks: vec![MadeBlock {
            title: "Renewal request (same key)".into(),
            text: r.csr_pem.clone(),
            // "-renewal": not the name a new-key CSR of the same host downloads under.
            filename: format!("{}-renewal.csr", r.name),
            secret: false,
            note: Some(format!("Pin (SHA-256 of the public key), Base64: {}", r.pin_base64)),
        }],
        pairs: Vec::new(),
        // The request is not added to the pool: the pool already holds its key and certificate.
        pool: Vec::new(),
        warnings: Vec::new(),
        trusted_ca: None,
        pin_note: Some(r.pin_note.clone()),
        notes: r.notes.clone(),
        bundles: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::make_job::run;

    const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/renew/");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIX}{name}")).unwrap()
    }

    fn pool(names: &[&str]) -> Report {
        let inputs: Vec<Input> = names.iter().map(|n| Input::new(*n, fixture(n))).collect();
        inspect(&inputs, &Options::at(1_790_000_000))
    }

    #[test]
    fn same_key_request_keeps_the_pin_openssl_computed() {
        let report = pool(&["tls.crt", "tls.key"]);
        let (label, req) = renewal_request(&report).expect("the leaf has its key");
        assert_eq!(label, "#0 (lightrun.example.com)");
        assert_eq!(renewable_label(&report).as_deref(), Some(label.as_str()));
        assert_eq!(req.key(), None);
        // The request crosses to the worker as JSON and back.
        let j = serde_json::to_string(&req).unwrap();
        let req: MakeRequest = serde_json::from_str(&j).unwrap();
        let mut steps = 0;
        let v = run(&req, &Seed([7; 32]), 1_790_000_000, &mut |_, _| steps += 1).unwrap();
        assert_eq!(steps, 1);
        let pin = String::from_utf8(fixture("pin.txt")).unwrap();
        let pin = pin.trim();
        let note = v.pin_note.as_deref().unwrap();
        assert!(note.starts_with(&format!("Same key, same pin: {pin}.")), "{note}");
        assert_eq!(v.blocks.len(), 1);
        assert_eq!(v.blocks[0].filename, "lightrun.example.com-renewal.csr");
        assert!(v.blocks[0].text.starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
        assert!(!v.blocks[0].secret);
        assert!(v.pool.is_empty());
        assert!(v.summary.contains("lightrun.example.com, lightrun-backend, 10.0.0.7"), "{}", v.summary);
        // The request, read back as a pool, is the key's: the pool matches it to tls.key.
        let back = inspect(
            &[
                Input::new("tls.key", fixture("tls.key")),
                Input::new("req.csr", v.blocks[0].text.clone().into_bytes()),
            ],
            &Options::at(1_790_000_000),
        );
        assert_eq!(back.public_keys.len(), 1);
        assert_eq!(back.public_keys[0].spki_sha256, pin);
        assert_eq!(back.private_keys[0].requests, vec![0]);
    }

    #[test]
    fn no_renewal_without_the_key() {
        assert!(renewal_request(&pool(&["tls.crt"])).is_none());
        assert_eq!(renewable_label(&pool(&["tls.crt"])), None);
        assert!(renewal_request(&pool(&["tls.key"])).is_none());
        // The CA's key does not match the leaf: still nothing to renew with.
        assert!(renewal_request(&pool(&["tls.crt", "ca.key"])).is_none());
    }
}
