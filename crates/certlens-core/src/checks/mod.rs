//! Everything certlens judges: chains, names, pin lists, encryption keys, and the findings
//! raised from them.

pub mod chain;
pub(crate) mod csr;
pub mod enckey;
pub mod findings;
pub mod names;
pub mod pinlist;
pub mod report;
pub mod trust;
