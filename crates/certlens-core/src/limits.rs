//! Resource limits. Hostile input must end in a clear message, never in a hang or a crash.

/// Limits applied while reading input. The defaults suit a browser tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Total bytes over all inputs of one pool.
    pub max_total_bytes: usize,
    /// Blocks (certificates, keys, ...) over all inputs of one pool.
    pub max_blocks: usize,
    /// Longest PEM body line accepted.
    pub max_pem_line: usize,
    /// How many times Base64 may wrap Base64 (double encoding is common; five layers is not).
    pub max_base64_depth: usize,
    /// Highest PBKDF2 iteration count accepted for encrypted keys and PKCS#12 files.
    pub max_pbkdf2_iterations: u32,
    /// Highest scrypt log2(N) accepted. 16 bounds memory at 64 MiB (r = 8), which a browser tab
    /// survives; OpenSSL writes N = 2^14.
    pub max_scrypt_log_n: u8,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total_bytes: 64 * 1024 * 1024,
            max_blocks: 100_000,
            max_pem_line: 1024,
            max_base64_depth: 4,
            max_pbkdf2_iterations: 10_000_000,
            max_scrypt_log_n: 16,
        }
    }
}
