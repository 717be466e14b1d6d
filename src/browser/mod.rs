//! Browser plumbing, kept apart from the components and from the pure reducer
//! ([`crate::state`]) and job ([`crate::job`]): reading dropped files, the clipboard,
//! downloads, randomness, and the Web Worker that runs the analysis off the main thread.

pub mod clipboard;
pub mod download;
pub mod files;
pub mod maker;
pub mod random;
pub mod reveal;
pub mod worker;
