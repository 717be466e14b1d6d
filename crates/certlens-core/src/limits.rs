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
    /// Key-derivation work allowed for one pool (one `inspect` call), in blocks: one PBKDF2 or
    /// PKCS#12-KDF iteration producing one hash-sized block. A 3DES key from the PKCS#12 KDF
    /// costs three blocks per iteration (two for the key, one for the IV); AES-256 from
    /// PBKDF2-HMAC-SHA1 costs two. Counting iterations alone let a PBMAC1 key length of
    /// 1,024 bytes (52 blocks per iteration) through. Two million blocks is about a second of
    /// work natively, and opens any file real tools write (OpenSSL: 2,048 iterations; Java:
    /// 10,000) many times over.
    pub max_kdf_blocks: u64,
    /// Signature-check work allowed for one pool, in units of about one RSA-1024 check (see
    /// `SignatureBudget`). 20,000 is about a second natively: 1,250 RSA-4096 or 800 P-384
    /// checks, several times what Debian's whole CA bundle needs with every root's own
    /// signature checked. Deriving public keys from private keys draws from it too (an Ed448
    /// key costs 232 units, see `keys::cost`), so it bounds a pool's CPU-heavy work as a whole.
    pub max_signature_work: u64,
    /// Largest JSON report written, in bytes (`Report::to_json_within`). A pool under the input
    /// limit can still describe itself at four times its size (55 MB of copies of one
    /// certificate made 247 MB of JSON): past this the report is refused with a message that
    /// says why, rather than filling memory and disk. 64 MiB, the input limit, is about 20,000
    /// certificates described in full.
    pub max_output_bytes: usize,
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
            max_kdf_blocks: 2_000_000,
            max_signature_work: 20_000,
            max_output_bytes: 64 * 1024 * 1024,
        }
    }
}
