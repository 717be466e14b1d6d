//! Hooks that connect the pure state to the browser.

mod use_analysis;

pub use use_analysis::use_analysis;
