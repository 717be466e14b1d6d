//! The certlens browser app. It converts browser input (dropped files, pastes) into
//! `certlens_core` calls and renders the results; all analysis lives in the core.
#![forbid(unsafe_code)]

mod app;
pub mod browser;
pub mod components;
pub mod engine_call;
pub mod hooks;
pub mod job;
pub mod make_job;
pub mod renew_job;
pub mod state;

pub use app::App;
