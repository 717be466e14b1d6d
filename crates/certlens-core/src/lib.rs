//! certlens-core: everything certlens knows, with no I/O.
//!
//! This crate reads what a user pastes or drops (PEM, DER, Base64, Kubernetes Secrets, Helm
//! values), describes certificates and keys, and produces what a Helm chart needs. It never
//! touches the filesystem, the network or the clock: callers pass bytes in, and "now" as a
//! number. It builds for native targets and for `wasm32-unknown-unknown`, and it must never
//! panic on any input: in a browser a panic kills the whole page.
//!
//! # Layout: one direction, top to bottom
//!
//! A module uses only the modules its row names: "the above" is every module of the rows above
//! it, so modules sharing a row (`doctor`, `inventory`, `generate`) are siblings that do not
//! use each other. `tests/layers.rs` reads this table and checks every `crate::` path in the
//! sources against it: a new module needs a row, and a new upward `use` fails the test.
//!
//! | module | stage | may use |
//! |---|---|---|
//! | `limits`, `hash`, `timefmt` | caps on work, digests, RFC 3339 time | nothing |
//! | `lifetime` | how long a public TLS certificate may live, by issuance date (CA/Browser Forum SC-081v3) | nothing |
//! | `chart` | what the Helm chart does with TLS material: values paths, Service and Secret names, mounted keys, defaults | nothing |
//! | `model` | the contract types (`Report`, `Certificate`, `Finding`, ...) | nothing |
//! | `asn1` | the one BER/DER reader and OID names | nothing |
//! | `pbe` | password-based encryption: KDFs, ciphers, encrypted PKCS#8, legacy PEM encryption | `model`, `asn1`, `limits`, `hash` |
//! | `input` | bytes and text → blocks: PEM, Base64, YAML, Kubernetes Secrets and Lists, what a DER blob is, PKCS#7, PKCS#12 | `chart`, `model`, `asn1`, `pbe`, `limits` |
//! | `x509` | describing certificates and certificate requests, signatures | `model`, `asn1`, `input`, `limits`, `hash`, `timefmt` |
//! | `keys` | private and public keys in every format | the above |
//! | `checks` | chains, names, certificate requests, pin lists, encryption keys, and the findings registry | the above |
//! | `path` | path validation: one verdict per client family against declared trust anchors | the above |
//! | `inspect` | the pipeline: read, describe, check → `Report`; the pool of chain facts the doctor and the inventory read; the worker transport | the above |
//! | `output` | what the chart takes, and the defaults every front end shares | the above |
//! | `doctor`, `inventory`, `generate` | a deployment's settings checked one by one; every certificate of a cluster's Secrets (CSV, ICS); making certificates | the above |
//! | `bundle` | one deployable bundle (values, Secrets, commands, zip) checked by the doctor before it is offered | the above |
//!
//! Every module is private; what front ends may use is the list below.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

mod asn1;
mod bundle;
mod chart;
mod checks;
mod doctor;
mod generate;
mod hash;
mod input;
mod inspect;
mod inventory;
mod keys;
mod lifetime;
mod limits;
mod model;
pub mod output;
mod path;
mod pbe;
pub mod timefmt;
mod x509;

// ---- The contract -------------------------------------------------------------------------------
pub use model::CsrDetails;
pub use model::{
    CertificateDetail, CertificateSummary, CertificateView, CertificatesView, ReportView,
    UnknownCertificateDetail, SUMMARY_FIELDS,
};
pub use model::{
    Attribute, BasicConstraints, BlockSummary, Certificate, Chain, ChainExpiry, ChainTrust,
    EncodingIssue, EncodingIssueKind, ErrorKind, ErrorReport, Extension, Finding, FindingCode,
    InputReport, KeyFormat, Link, Locked, MatchKind, MissingIssuer, NameCoverage, NotCheckedReason,
    NotIssuer, NotIssuerReason, OtherReport, PinCheck, PinEntry, PinKind, PinMatch, PinTarget,
    PinsFound, PrivateKeyReport, PublicKeyAlgorithm, PublicKeyDesc, PublicKeyReport, RawParts,
    Report, RotationState, Sans, Severity, SignatureHash, SignatureStatus, TrustVerdict, Validity,
    ValidityStatus,
};

// ---- The pipeline -------------------------------------------------------------------------------
pub use inspect::{
    inspect, inspect_with_progress, recheck, with_self_signatures, Options, Progress, Stage,
};
pub use inspect::OutputTooLarge;
pub use limits::Limits;

/// Moving a report between the page's worker and the page, without copying what repeats.
pub mod transport {
    pub use crate::inspect::transport::{pack, unpack, Packed, TransportError};
}

// ---- Reading ------------------------------------------------------------------------------------
pub use input::pkcs12::{is_pkcs12, read_pkcs12, MacStatus, Pkcs12Contents};
pub use input::{read_all, Block, Blocks, Encoding, FoundPins, Input, ReadError, ReadErrorKind};

/// Base64 as the chart and Kubernetes write it (standard alphabet, padded, one line).
pub mod b64 {
    pub use crate::input::b64::{decode_standard, encode_standard, Base64Error};
}

/// PEM text out.
pub mod pem {
    pub use crate::input::pem::encode;
}

// ---- Keys and certificates ----------------------------------------------------------------------
pub use keys::{convert as convert_private_key, KeyError, TargetFormat, UnknownTargetFormat};
pub use pbe::{
    decrypt_legacy_pem, decrypt_pkcs8, describe_pkcs8_encryption, is_legacy_encrypted,
    legacy_cipher, DecryptError,
};
pub use x509::verify::{verify_signature, Verification};

// ---- Path validation ----------------------------------------------------------------------------
pub use model::{
    AnchorSource, Client, ClientVerdict, Outcome, Overall, PathAnchor, PathRule, PathValidation,
};
pub use path::{validate_path, PathRequest, MAX_PATH_CERTS, MAX_PATH_STEPS};
pub use x509::verify::SignatureBudget;

// ---- Checks -------------------------------------------------------------------------------------
pub use chart::{
    chart_services, expand_services, service_names, ChartService, DEFAULT_INTERNAL_SERVICES,
};
pub use checks::chain::{
    analyse, analyse_pool, is_self_signed, ChainAnalysis, ChainCert, MAX_CHAIN_LEN,
};
pub use checks::names::{check_names, matches_dns, CertNames};
pub use checks::pinlist::{check_pins, entry_form_note, parse_pin_list, SINGLE_PIN_WARNING};
pub use checks::findings::grouped_certificates;
pub use checks::report::{
    duplicates_in_one_place, first_ten, full_chain_pem, primary_chain, short_name, ChainPemError,
};

/// Backend encryption keys (`encryption-key-N`): checking a key and planning a rotation.
pub mod enckey {
    pub use crate::checks::enckey::{
        check_key, encode_key, rotation_plan, KeyCheck, RotationError, RotationKey, RotationPlan,
    };
}

/// The offline snapshot of Mozilla's root store that trust verdicts use.
pub mod root_store {
    pub use crate::checks::trust::{
        public_issuer, public_root_by_pin, root_store, PublicRoot, RootStoreInfo, SNAPSHOT_CRATE,
        SNAPSHOT_DATE, SNAPSHOT_VERSION,
    };
}

/// Making certificates: a self-signed test certificate, a private CA with every internal
/// service's certificate, a CSR, PKCS#12 files. Randomness (a [`make::Seed`]) and "now" come
/// from the caller.
pub mod make {
    pub use crate::generate::*;
}

/// Public certificate lifetimes by issuance date (CA/Browser Forum ballot SC-081v3): the table
/// the lifetime lint, made certificates' defaults and the renewal calendar share.
pub mod lifetimes {
    pub use crate::lifetime::{
        exceeds, next_public_limit, public_like_default_days, public_limit_days, renew_by,
        renewal_margin_seconds, validity_seconds, LifetimeStep, BALLOT, BEFORE_SC081_DAYS,
        MAX_RENEWAL_MARGIN_DAYS, SC081_SCHEDULE,
    };
}

// ---- Deployments --------------------------------------------------------------------------------

/// The deployment doctor: a values.yaml with its Secrets, or Ingress / cert-manager manifests,
/// checked setting by setting.
pub use doctor::{
    deployment_kinds, doctor, is_agents_verdict, DeploymentKinds, DoctorOptions, DoctorReport, Hop,
    Level as VerdictLevel, Problem, Summary, Verdict, AGENTS_HOP, AGENTS_SETTING, AGENT_SECRET_SETTING,
    DEFAULT_NAMESPACE, GIVE_SECRET,
};
/// A secret value a doctor fix hands over, withheld unless `DoctorOptions::show_secrets`.
pub use doctor::SecretValue;
/// A doctor fix a front end can do itself (the CLI prints its command, the page a button).
pub use doctor::FixAction;
/// The Findings panel's count line, saying what it counts beside the checklist's.
pub use doctor::findings_summary;

/// The certificate inventory of a cluster's Secrets, with its CSV and calendar exports.
pub use inventory::{
    inventory, inventory_csv, inventory_ics, inventory_with_progress, ExpiryStatus, Inventory,
    InventoryError, InventoryOptions, InventoryRow, INVENTORY_SIGNATURE_POOLS,
};

/// One deployable bundle (a values file, a Secrets file, the commands, a zip), checked by the
/// doctor before it is offered. The settings and their consequences are
/// [`output::BundleChoices`]'s.
pub use bundle::{bundle, bundle_of, bundle_of_made, bundle_verdict, make_bundle, Bundle};
