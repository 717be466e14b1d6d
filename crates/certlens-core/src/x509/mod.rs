//! Certificates: describing them (`cert`) and checking their signatures (`verify`).

pub mod cert;
pub(crate) mod csr;
pub mod strict;
pub mod verify;
