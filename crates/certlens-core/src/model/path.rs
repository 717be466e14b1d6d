//! Path validation as the report gives it (built by `path`): which path was chosen, and what
//! each family of TLS clients decides about it.

/// A family of TLS clients, each with its own validator and defaults.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Client {
    /// OpenSSL 3 (`openssl verify -x509_strict -purpose sslserver -verify_hostname`): nginx,
    /// curl, Python's ssl.
    #[serde(rename = "openssl")]
    OpenSsl,
    /// Java PKIX (`CertPathValidator` with HTTPS endpoint identification, JDK 17 defaults).
    Java,
    /// Go's crypto/x509 `Verify` (kubectl, Helm, Kubernetes components).
    Go,
    /// Browsers and the CA/Browser Forum profile (as pyca/cryptography's and rustls-webpki's
    /// verifiers decide: the stricter of the two).
    Browser,
}

impl Client {
    /// Every family, in the order reports list them.
    pub const ALL: [Client; 4] = [Client::OpenSsl, Client::Java, Client::Go, Client::Browser];

    /// The family's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Client::OpenSsl => "OpenSSL",
            Client::Java => "Java",
            Client::Go => "Go",
            Client::Browser => "browsers",
        }
    }
}

impl Client {
    /// "accepts" / "rejects" agreeing with the family's name ("browsers reject").
    pub fn verb(self, accept: bool) -> &'static str {
        match (self, accept) {
            (Client::Browser, true) => "accept",
            (Client::Browser, false) => "reject",
            (_, true) => "accepts",
            (_, false) => "rejects",
        }
    }
}

impl std::fmt::Display for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// One rule of path validation (RFC 5280 §6, the CA/Browser Forum server profile, and what
/// each client adds). A verdict names the rule that decided it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PathRule {
    /// No path reaches a declared trust anchor: the issuer is neither given nor trusted.
    UnknownIssuer,
    /// The path ends at a self-signed root of the input that nobody declared trusted.
    RootNotTrusted,
    /// A certificate of the path has expired at "now".
    Expired,
    /// A certificate of the path is not valid yet at "now".
    NotYetValid,
    /// A signature of the path does not verify with its issuer's key.
    BadSignature,
    /// A signature or key algorithm the client does not implement (DSA in Go, P-192 in Java).
    UnsupportedAlgorithm,
    /// An issuer is not a CA: basicConstraints cA false or absent, or a v1 certificate.
    IssuerNotCa,
    /// A CA's basicConstraints extension is not marked critical.
    BasicConstraintsNotCritical,
    /// A CA's keyUsage lacks keyCertSign (or a CA has no keyUsage where the profile needs one).
    NoKeyCertSign,
    /// More intermediates below a CA than its pathLenConstraint allows.
    PathLenExceeded,
    /// A name of a certificate is outside a CA's permitted subtrees or inside its excluded ones.
    NameConstraints,
    /// A nameConstraints extension the client refuses (malformed subtrees, non-critical, empty,
    /// on a leaf, or of a type it cannot check against the names present).
    NameConstraintsInvalid,
    /// The leaf's extendedKeyUsage does not allow serverAuth (or is required and absent).
    LeafEkuNoServerAuth,
    /// An intermediate's (or root's) extendedKeyUsage excludes serverAuth.
    IntermediateEkuNoServerAuth,
    /// The leaf's keyUsage does not fit a TLS server key (or claims keyCertSign).
    LeafKeyUsage,
    /// The leaf is a CA certificate (basicConstraints cA true).
    CaAsLeaf,
    /// A signature made with MD5 or SHA-1.
    WeakSignatureHash,
    /// A key the client refuses: RSA too small or odd-sized, P-192, explicit EC parameters, DSA.
    WeakKey,
    /// Authority/Subject Key Identifiers missing, critical or inconsistent.
    KeyIdentifiers,
    /// A serial number that is zero, negative or longer than 20 octets.
    Serial,
    /// A critical extension the client does not understand.
    UnknownCriticalExtension,
    /// An extension or field the client refuses as malformed (duplicate extensions, an empty
    /// EKU, mismatched signature algorithms, empty names, a SAN marked wrongly critical).
    Malformed,
    /// The leaf does not cover the host name.
    HostnameMismatch,
    /// The path is longer than the client (or the caller) allows.
    PathTooLong,
    /// The work budget ran out before a verdict: not checked, not a verdict.
    Budget,
}

impl PathRule {
    /// The rule for people, one short phrase.
    pub fn describe(self) -> &'static str {
        match self {
            PathRule::UnknownIssuer => "no path to a trusted root",
            PathRule::RootNotTrusted => "the chain's root is not declared trusted",
            PathRule::Expired => "a certificate has expired",
            PathRule::NotYetValid => "a certificate is not valid yet",
            PathRule::BadSignature => "a signature does not verify",
            PathRule::UnsupportedAlgorithm => "an algorithm this client does not implement",
            PathRule::IssuerNotCa => "an issuer is not a CA",
            PathRule::BasicConstraintsNotCritical => "a CA's basicConstraints is not critical",
            PathRule::NoKeyCertSign => "a CA's keyUsage lacks keyCertSign",
            PathRule::PathLenExceeded => "pathLenConstraint exceeded",
            PathRule::NameConstraints => "a name is outside a CA's name constraints",
            PathRule::NameConstraintsInvalid => "name constraints this client refuses",
            PathRule::LeafEkuNoServerAuth => "the leaf's extended key usage lacks serverAuth",
            PathRule::IntermediateEkuNoServerAuth => {
                "a CA's extended key usage excludes serverAuth"
            }
            PathRule::LeafKeyUsage => "the leaf's key usage does not fit a TLS server",
            PathRule::CaAsLeaf => "a CA certificate is used as the leaf",
            PathRule::WeakSignatureHash => "a signature uses MD5 or SHA-1",
            PathRule::WeakKey => "a key this client refuses",
            PathRule::KeyIdentifiers => "key identifiers missing or inconsistent",
            PathRule::Serial => "a serial number outside RFC 5280's rules",
            PathRule::UnknownCriticalExtension => "an unknown critical extension",
            PathRule::Malformed => "a malformed certificate field or extension",
            PathRule::HostnameMismatch => "the leaf does not cover the host name",
            PathRule::PathTooLong => "the path is too long",
            PathRule::Budget => "not checked: the work budget is spent",
        }
    }
}

impl std::fmt::Display for PathRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

/// What one client decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    Accept,
    Reject,
    /// Not decided: the budget ran out, or a signature could not be checked here.
    NotChecked,
}

/// One client family's verdict on a chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClientVerdict {
    pub client: Client,
    pub outcome: Outcome,
    /// The rule that decided a rejection (or why it is not checked); `null` on accept.
    pub rule: Option<PathRule>,
    /// Position on the path of the certificate the rule is about: 0 the leaf, the path's
    /// length minus one its anchor (OpenSSL's "depth").
    pub depth: Option<usize>,
    /// Pool index of that certificate, when it is a certificate of the input.
    pub certificate: Option<usize>,
    /// The client's own error text where it has a well-known one, first line only.
    pub error: Option<String>,
    /// The verdict for people.
    pub message: String,
}

/// Where the path's trust anchor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AnchorSource {
    /// A root the caller declared trusted (`trust_anchors`: a `ca.crt`, `--ca FILE`).
    Declared,
    /// A root of the offline Mozilla root store snapshot.
    RootStore,
}

/// The trust anchor a path ends at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PathAnchor {
    pub source: AnchorSource,
    /// Its name (CN, else subject).
    pub name: String,
    /// Pool index when the anchor certificate is also in the input.
    pub certificate: Option<usize>,
}

/// The overall verdict of a chain: "works" only when every client accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Overall {
    Works,
    Fails,
    NotChecked,
}

impl PathValidation {
    /// How many unused certificates `unused` names at most.
    pub const UNUSED_NAMED: usize = 16;
}

/// A chain's path validation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PathValidation {
    pub overall: Overall,
    /// One verdict per client family, in [`Client::ALL`] order.
    pub clients: Vec<ClientVerdict>,
    /// The path judged (the first accepted by most clients, else the first built): pool
    /// indices, leaf first, without a declared anchor that is not in the input.
    pub path: Vec<usize>,
    /// The anchor the path ends at, if it reaches one.
    pub anchor: Option<PathAnchor>,
    /// A self-signed root of the input that the path reaches but nobody declared trusted:
    /// offered as an anchor, never assumed.
    pub offered_anchor: Option<usize>,
    /// Certificates of the input on no path judged (unused input, not a fault): the first
    /// [`PathValidation::UNUSED_NAMED`] of them. On a pool of distinct leaves every chain's
    /// unused input is every other leaf, so the whole list would make the report grow with the
    /// pool's size squared; `unused_count` says how many there are in all.
    pub unused: Vec<usize>,
    /// How many certificates of the input are on no path judged (`unused` names the first few).
    #[serde(default)]
    pub unused_count: usize,
    /// The host names checked against the leaf (empty: host names not checked).
    pub names: Vec<String>,
}
