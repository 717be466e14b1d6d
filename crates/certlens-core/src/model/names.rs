//! Coverage of the names a user asked about.

use serde::{Deserialize, Serialize};

/// How a name was matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MatchKind {
    /// A dNSName SAN equal to the name.
    Exact,
    /// A `*.parent` dNSName SAN.
    Wildcard,
    /// An iPAddress SAN equal to the address.
    Ip,
    /// Only the subject Common Name matches (never counts as covered).
    CommonNameOnly,
}

/// The verdict for one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameCoverage {
    /// The name checked (trimmed; host part only when a URL or `host:port` was given).
    pub name: String,
    pub covered: bool,
    /// [`CertNames::index`] of the certificate that covers it (or whose CN alone matches).
    pub certificate: Option<usize>,
    /// The SAN that matched, as the certificate states it.
    pub san: Option<String>,
    pub kind: Option<MatchKind>,
    /// A sentence for a person when something needs explaining.
    pub note: Option<String>,
    /// With certificate requests and no certificate in the input: the index (in
    /// `public_keys`) of the request that asks for this name, so a certificate issued from it
    /// covers it. `covered` stays `false`: no certificate covers it yet.
    #[serde(default)]
    pub requested_by: Option<usize>,
}
