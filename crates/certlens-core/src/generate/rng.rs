//! The random stream of one "make" call. The caller draws a 32-byte seed from its own source
//! (the CLI from the OS, the page from `crypto.getRandomValues` in the worker); the core expands
//! it with ChaCha20, so that it never reaches for randomness itself and the same (seed, now)
//! always makes the same bytes (golden tests, reproducible bugs).

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

/// A seed of 32 bytes drawn by the caller from a cryptographically secure source.
#[derive(Clone, PartialEq, Eq)]
pub struct Seed(pub [u8; 32]);

impl core::fmt::Debug for Seed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Seed(<redacted>)")
    }
}

impl Drop for Seed {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl Seed {
    /// A seed from exactly 32 bytes; `None` for any other length.
    pub fn from_slice(bytes: &[u8]) -> Option<Seed> {
        let a: [u8; 32] = bytes.try_into().ok()?;
        Some(Seed(a))
    }
}

/// The stream: ChaCha20 keyed by the seed.
pub(crate) fn stream(seed: &Seed) -> ChaCha20Rng {
    ChaCha20Rng::from_seed(seed.0)
}

/// `n` bytes of the stream.
pub(crate) fn bytes<const N: usize>(rng: &mut ChaCha20Rng) -> [u8; N] {
    let mut b = [0u8; N];
    rng.fill_bytes(&mut b);
    b
}
