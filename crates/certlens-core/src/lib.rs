//! certlens-core: everything certlens knows, with no I/O.
//!
//! This crate reads what a user pastes or drops (PEM, DER, Base64, Kubernetes Secrets, Helm
//! values), describes certificates and keys, and produces what a Helm chart needs. It never
//! touches the filesystem, the network or the clock: callers pass bytes in, and "now" as a
//! number. It builds for native targets and for `wasm32-unknown-unknown`, and it must never
//! panic on any input: in a browser a panic kills the whole page.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod asn1;
pub mod b64;
pub mod cert;
pub mod chain;
pub mod decrypt;
mod ed448;
pub mod enckey;
mod hash;
pub mod inspect;
pub mod key;
pub mod limits;
pub mod names;
pub mod oids;
pub mod output;
pub mod pem;
pub mod pinlist;
pub mod pkcs12;
pub mod reader;
pub mod timefmt;
pub mod transport;
pub mod verify;
mod yaml;

pub use cert::Certificate;
pub use inspect::{
    inspect, inspect_with_progress, with_self_signatures, Options, Progress, Report, Stage,
};
pub use key::{KeyFormat, TargetFormat};
pub use limits::Limits;
pub use reader::{read_all, Block, Blocks, Encoding, FoundPins, Input, ReadError, ReadErrorKind};
