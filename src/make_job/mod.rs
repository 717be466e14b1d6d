//! The page's "Make" flow as a pure job: a request (what the form asked for), run with a seed
//! and "now" into a view (the blocks the panel shows, and the PEM inputs it adds to the pool).
//! It runs in the Web Worker (RSA primes take seconds), inline where no worker exists, and in
//! native tests. Every decision is `certlens_core::make`'s; this only arranges its results.
//!
//! The parts: `view` (what the panel shows, wiped when dropped and redacted in `Debug`),
//! `made` (a self-signed certificate, a private CA with its services, a CSR) and `bundles`
//! (the deployable bundles, of a made private CA or of one's own certificates).

mod bundles;
mod made;
#[cfg(test)]
mod tests;
mod view;

use certlens_core::make::{self, KeyAlgorithm, MakeError, Seed};
use serde::{Deserialize, Serialize};

pub use crate::renew_job::renewal_request;
pub use bundles::bundle_request;
pub use view::{BundleView, MadeBlock, MadePair, MadeView};

/// What the form asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MakeRequest {
    /// A self-signed certificate for testing.
    SelfSigned {
        hosts: Vec<String>,
        key: KeyAlgorithm,
        days: u32,
    },
    /// A private CA and every internal service's certificate.
    Internal {
        release: String,
        namespace: String,
        cluster_domain: String,
        main_hosts: Vec<String>,
        key: KeyAlgorithm,
        name_constraints: bool,
    },
    /// A CSR and its key.
    Csr {
        hosts: Vec<String>,
        key: KeyAlgorithm,
        organization: String,
        organizational_unit: String,
        country: String,
    },
    /// A CSR made with the key the pool already has, for the certificate it serves: same
    /// names, same key, so the pin stays. The worker has no pool of its own: the page sends the
    /// chosen leaf and its key (see [`renewal_request`]).
    Renew {
        /// The certificate renewed, DER.
        certificate: Vec<u8>,
        /// Its key as the pool decrypted it: unencrypted PKCS#8 DER, wiped when dropped.
        key: Vec<u8>,
    },
    /// The deployable bundle of one's own certificates (the Outputs panel's pool): every
    /// certificate (DER) and every readable private key (PKCS#8 DER, wiped when dropped). The
    /// worker has no pool of its own; see [`bundle_request`].
    Bundle {
        certificates: Vec<Vec<u8>>,
        keys: Vec<Vec<u8>>,
        release: String,
        namespace: String,
        /// `general.lightrun_endpoint`.
        #[serde(default)]
        endpoint: Option<String>,
    },
}

impl Drop for MakeRequest {
    // The renewal carries the private key: wipe it, as the pool wipes its inputs.
    fn drop(&mut self) {
        match self {
            MakeRequest::Renew { key, .. } => zeroize::Zeroize::zeroize(key),
            MakeRequest::Bundle { keys, .. } => {
                for k in keys {
                    zeroize::Zeroize::zeroize(k);
                }
            }
            _ => {}
        }
    }
}

impl MakeRequest {
    /// How many keys it generates (for the progress bar).
    pub fn keys(&self) -> usize {
        match self {
            MakeRequest::Internal {
                release,
                namespace,
                main_hosts,
                ..
            } => make::internal_key_count(&make::InternalSetOptions {
                main_hosts: main_hosts.clone(),
                ..make::InternalSetOptions::new(release.clone(), namespace.clone(), 0)
            }),
            _ => 1,
        }
    }

    /// The key type generated; `None` for a renewal (it uses the key one has).
    pub fn key(&self) -> Option<KeyAlgorithm> {
        match self {
            MakeRequest::SelfSigned { key, .. }
            | MakeRequest::Internal { key, .. }
            | MakeRequest::Csr { key, .. } => Some(*key),
            MakeRequest::Renew { .. } | MakeRequest::Bundle { .. } => None,
        }
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits a names field ("a.example.com, b.example.com" or one per line).
pub fn split_names(s: &str) -> Vec<String> {
    words(s)
}

/// Runs a request. `progress(done, total)` after each key.
pub fn run(
    req: &MakeRequest,
    seed: &Seed,
    now: i64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    run_with(req, seed, None, now, progress)
}

/// [`run`], with the 32 random bytes of the bundle's encryption key (a private CA with its main
/// certificate then comes with its deployable bundles, [`MadeView::bundles`]).
pub fn run_with(
    req: &MakeRequest,
    seed: &Seed,
    bundle_key: Option<[u8; 32]>,
    now: i64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<MadeView, MakeError> {
    match req {
        MakeRequest::SelfSigned { hosts, key, days } => {
            made::self_signed(hosts, *key, *days, seed, now, progress)
        }
        MakeRequest::Internal {
            release,
            namespace,
            cluster_domain,
            main_hosts,
            key,
            name_constraints,
        } => {
            let mut o = make::InternalSetOptions::new(release.clone(), namespace.clone(), now);
            if !cluster_domain.trim().is_empty() {
                o.cluster_domain = cluster_domain.trim().to_string();
            }
            o.main_hosts = main_hosts.clone();
            o.key = *key;
            o.name_constraints = *name_constraints;
            made::internal(&o, seed, bundle_key, progress)
        }
        MakeRequest::Csr {
            hosts,
            key,
            organization,
            organizational_unit,
            country,
        } => {
            let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
            let o = make::CsrOptions {
                names: hosts.clone(),
                key: *key,
                organization: opt(organization),
                organizational_unit: opt(organizational_unit),
                country: opt(country),
            };
            made::csr(&o, seed, progress)
        }
        MakeRequest::Renew { certificate, key } => {
            crate::renew_job::run_renewal(certificate, key, seed, now, progress)
        }
        MakeRequest::Bundle {
            certificates,
            keys,
            release,
            namespace,
            endpoint,
        } => bundles::own(
            certificates,
            keys,
            release,
            namespace,
            endpoint.as_deref(),
            bundle_key,
            now,
            progress,
        ),
    }
}
