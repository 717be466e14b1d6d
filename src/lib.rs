//! The certlens browser app. It converts browser input (dropped files, pastes) into
//! `certlens_core` calls and renders the results; all analysis lives in the core.
#![forbid(unsafe_code)]

mod app;
pub mod components;
pub mod files;
pub mod hooks;
pub mod job;
pub mod outputs;
pub mod state;
pub mod worker;

pub use app::App;
