//! Certificates: describing them (`cert`) and checking their signatures (`verify`).

pub mod cert;
pub mod strict;
pub mod verify;
pub(crate) mod csr;
