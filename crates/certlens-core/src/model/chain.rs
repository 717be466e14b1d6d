//! Chains as the report gives them (built by `checks::chain`).

use super::{NotCheckedReason, SignatureStatus};

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
    /// Why the signature was not verified, when it was not (`not_checked` or `unsupported`):
    /// `not_requested`, `budget_spent`, `key_too_large`, `unsupported_algorithm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<NotCheckedReason>,
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
    /// The last certificate is not self-signed, is not a CA (`is_ca == false`), no
    /// certificate of the pool can have issued it, and (in a report) no public root did. When the last certificate is a CA whose
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
    /// When the chain's last certificate is not self-signed and its issuer is neither in the
    /// input nor (for a CA) a public root: what is missing and which given certificates are
    /// not it. `null` otherwise.
    #[serde(default)]
    pub missing_issuer: Option<MissingIssuer>,
    /// The chain against the input and the public root store; `null` only in a bare
    /// [`analyse`](crate::analyse) result (the report always fills it).
    #[serde(default)]
    pub trust: Option<ChainTrust>,
    /// Path validation from this chain's leaf: one verdict per client family and the overall
    /// verdict, against the declared trust anchors and the root store. `null` for a chain that
    /// starts at a CA no private key matches (a CA bundle: no server would send it), and in a
    /// bare [`analyse`](crate::analyse) result. Left out of the JSON when `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<crate::model::PathValidation>,
    /// The chain's last certificate was issued by a certificate already in the chain (A issued
    /// B and B issued A): the index of that certificate. Its issuer is not missing, the chain
    /// loops and has no root. Left out of the JSON when `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_loop: Option<usize>,
    /// The chain was cut at [`MAX_CHAIN_LEN`](crate::checks::chain::MAX_CHAIN_LEN)
    /// certificates: its last certificate's issuer is in the input but was not followed.
    /// Left out of the JSON when `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cut: bool,
}

/// Why a certificate of the input is not the issuer a chain is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotIssuerReason {
    /// Its subject is not the name the chain's last certificate gives as its issuer.
    SubjectMismatch,
    /// Same name, but its Subject Key Identifier is not the Authority Key Identifier the
    /// chain's last certificate names: another key of that CA (a previous or renewed
    /// intermediate, the other half of a cross-signed pair).
    KeyIdMismatch,
}

/// A certificate of the input that is not the missing issuer, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NotIssuer {
    /// Pool index.
    pub certificate: usize,
    pub reason: NotIssuerReason,
    /// The reason for people: "its subject is CN=R10, not CN=R11".
    pub detail: String,
}

/// The issuer a chain needs and the input does not hold: what to look for, where to get it,
/// and which given certificates are not it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MissingIssuer {
    /// The issuer name of the chain's last certificate (RFC 4514, as `issuer` prints it).
    pub subject: String,
    /// The Authority Key Identifier of the chain's last certificate (hex, as
    /// `authority_key_id` prints it): the missing certificate's Subject Key Identifier.
    pub authority_key_id: Option<String>,
    /// caIssuers URLs of the last certificate's Authority Information Access: where its CA
    /// publishes the missing certificate (download it there).
    pub ca_issuers: Vec<String>,
    /// CA certificates of the input that are not it, each with the reason.
    pub not_it: Vec<NotIssuer>,
}

/// Whether a chain reaches a root that clients hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TrustVerdict {
    /// The chain ends at a root of the public root store (given in the input or not).
    PublicRoot,
    /// The chain ends at a self-signed root given in the input that is not a public root:
    /// clients trust it only if they are given it (a private CA, `ca.crt`).
    PrivateRoot,
    /// The chain ends at a certificate whose issuer is neither in the input nor a public root.
    IssuerMissing,
}

impl Chain {
    /// The anchor the chain's path validation ended at, when the user declared it trusted
    /// (`--ca`, `trustAnchors`, a `ca.crt`).
    pub fn declared_anchor(&self) -> Option<&crate::model::PathAnchor> {
        self.validation
            .as_ref()
            .and_then(|v| v.anchor.as_ref())
            .filter(|a| a.source == crate::model::AnchorSource::Declared)
    }

    /// Whether the issuer the input lacks is a root the user declared trusted: then nothing
    /// is missing for the clients given that root, only the root is not included.
    pub fn issuer_declared(&self) -> bool {
        self.declared_anchor()
            .is_some_and(|a| a.certificate.is_none())
            && self.validation.as_ref().and_then(|v| v.path.last()) == self.order.last()
    }
}

/// A chain's trust verdict against the input and the public root store.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChainTrust {
    pub verdict: TrustVerdict,
    /// The root's name (its CN, else its subject): the one in the input, the public root that
    /// issued the chain's last certificate, or the missing issuer's name.
    pub anchor: String,
    /// The root is a certificate of the input.
    pub anchor_in_input: bool,
    /// The store consulted, with its snapshot date: "Mozilla's root store (snapshot 2026-10-23)".
    pub store: String,
    /// The verdict in one sentence, as every front end shows it.
    pub message: String,
}
