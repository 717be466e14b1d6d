//! Chains as the report gives them (built by `checks::chain`).

use super::SignatureStatus;

/// One issuer relation in a chain: `parent` (pool index) issued `child` (pool index).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub child: usize,
    pub parent: usize,
    /// `child`'s signature checked with `parent`'s key.
    pub signature: SignatureStatus,
    /// Why: the algorithm, or what is wrong or unsupported (see [`Verification::detail`]).
    #[serde(skip)]
    pub detail: String,
}

/// One chain, leaf first.
///
/// `links[i]` always links `order[i]` (child) to `order[i + 1]` (parent), so
/// `links.len() == order.len() - 1`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Chain {
    /// Certificate indices, leaf first.
    pub order: Vec<usize>,
    /// The certificates of this chain do not appear in the pool in `order` order: the indices
    /// in `order` are not increasing (e.g. the root or an intermediate comes before the
    /// certificate it issued). Other certificates between them (another chain interleaved,
    /// unrelated certificates, duplicates) do not count.
    pub misordered: bool,
    /// The chain ends in a self-signed certificate (see [`is_self_signed`]).
    pub complete: bool,
    /// The last certificate is not self-signed, is not a CA (`is_ca == false`), and no
    /// certificate of the pool can have issued it. When the last certificate is a CA whose
    /// issuer is absent (a server chain sent without its root, the usual case), this is
    /// `false`: the missing certificate is then presumably the root, which is reported by
    /// `root_included == false`, not as a missing intermediate.
    pub missing_intermediate: bool,
    /// The last certificate is self-issued (subject equals issuer), i.e. the chain's root
    /// certificate is present. It differs from `complete` only when that root's own signature is
    /// `Invalid`.
    pub root_included: bool,
    /// Issuer relations, leaf first (see the type's documentation).
    pub links: Vec<Link>,
}
