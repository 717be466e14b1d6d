//! Passwords and the work budget. A password is tried in the forms the schemes use (UTF-8
//! bytes, or the BMPString form PKCS#12 wants), and every derivation is charged to one
//! [`Budget`] so that a file with many encrypted parts cannot cost more than the limits allow.

use zeroize::Zeroizing;

use super::DecryptError;
use crate::limits::Limits;

/// A password in the two forms PBE schemes use.
pub(crate) struct Pw {
    /// Bytes as given (UTF-8): PBES1, PBES2.
    pub(crate) raw: Zeroizing<Vec<u8>>,
    /// BMPString form (UTF-16BE + 00 00), or empty for the absent password: PKCS#12 KDF.
    pub(crate) bmp: Zeroizing<Vec<u8>>,
}

/// BMPString form of a password as OpenSSL makes it: UTF-8 → UTF-16BE (surrogate pairs above
/// U+FFFF) + 00 00; bytes that are not UTF-8 are taken one byte per character.
pub(crate) fn bmp_password(pw: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(
        pw.len().saturating_mul(2).saturating_add(2),
    ));
    match std::str::from_utf8(pw) {
        Ok(s) => {
            for unit in s.encode_utf16() {
                out.extend_from_slice(&unit.to_be_bytes());
            }
        }
        Err(_) => {
            for b in pw {
                out.extend_from_slice(&[0, *b]);
            }
        }
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// The password forms to try, in order: the normal one; for the empty password also the
/// absent password (older files, and what OpenSSL retries); for non-ASCII passwords also the
/// one-byte-per-character form that OpenSSL before 1.1.0 used.
pub(crate) fn password_candidates(pw: &[u8]) -> Vec<Pw> {
    let mut out = vec![Pw {
        raw: Zeroizing::new(pw.to_vec()),
        bmp: bmp_password(pw),
    }];
    if pw.is_empty() {
        out.push(Pw {
            raw: Zeroizing::new(Vec::new()),
            bmp: Zeroizing::new(Vec::new()),
        });
    } else if !pw.is_ascii() {
        let mut bmp = Zeroizing::new(Vec::new());
        for b in pw {
            bmp.extend_from_slice(&[0, *b]);
        }
        bmp.extend_from_slice(&[0, 0]);
        // What OpenSSL passes on as the password in that case: each byte as a Latin-1 char.
        let latin1: String = pw.iter().map(|b| char::from(*b)).collect();
        out.push(Pw {
            raw: Zeroizing::new(latin1.into_bytes()),
            bmp,
        });
    }
    out
}

/// Key-derivation work allowed for one pool, in blocks (see [`Limits::max_kdf_blocks`]).
/// One budget serves a whole `inspect` call: every block, container and password try draws
/// from it, so the total is bounded whatever the number of blocks or passwords.
#[derive(Debug)]
pub(crate) struct Budget {
    used: u64,
    limit: u64,
}

impl Budget {
    pub(crate) fn new(limits: &Limits) -> Budget {
        Budget {
            used: 0,
            limit: limits.max_kdf_blocks,
        }
    }

    /// Blocks charged so far.
    pub(crate) fn used(&self) -> u64 {
        self.used
    }

    /// Charges `cost` blocks before the work is done, or refuses it (and charges nothing).
    pub(crate) fn charge(&mut self, cost: u64) -> Result<(), DecryptError> {
        let total = self.used.saturating_add(cost);
        if total > self.limit {
            return Err(DecryptError::BudgetSpent {
                value: total,
                limit: self.limit,
            });
        }
        self.used = total;
        Ok(())
    }
}

/// Hash-sized blocks that deriving `len` bytes takes with a hash of `hash_len` bytes.
pub(crate) fn blocks(len: u64, hash_len: usize) -> u64 {
    let h = (hash_len as u64).max(1);
    len.div_ceil(h).max(1)
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    /// A spent budget is its own variant (what the fuzz harness and callers decide on), with
    /// the kind and sentence a cost over a limit has.
    #[test]
    fn a_spent_budget_is_typed_and_charges_nothing() {
        let mut b = Budget::new(&Limits {
            max_kdf_blocks: 10_000,
            ..Limits::default()
        });
        assert_eq!(b.charge(8_192), Ok(()));
        let e = b.charge(2_048).unwrap_err();
        assert_eq!(
            e,
            DecryptError::BudgetSpent {
                value: 10_240,
                limit: 10_000
            }
        );
        assert_eq!(e.kind(), crate::model::ErrorKind::CostTooHigh);
        assert_eq!(
            e.to_string(),
            "key-derivation work for this pool (iterations × derived blocks, every file and password try counted) 10,240 is above the limit of 10,000; refusing to spend that long"
        );
        assert_eq!(b.used(), 8_192);
    }
}
