//! Hooks that connect the pure state to the browser.

mod use_analysis;
mod use_make_fields;

pub use use_analysis::use_analysis;
pub use use_make_fields::{
    use_make_fields, CsrRefs, InternalRefs, MakeFields, Pkcs12Refs, SelfSignedRefs,
};
