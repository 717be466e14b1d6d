//! Hooks that connect the pure state to the browser.

mod use_analysis;
mod use_engine;
mod use_make_fields;
mod use_output_choices;

pub use use_analysis::use_analysis;
pub use use_engine::use_engine;
pub use use_make_fields::{
    use_make_fields, CsrRefs, InternalRefs, MakeFields, Pkcs12Refs, SelfSignedRefs,
};
pub use use_output_choices::{use_output_choices, OutputChoices};
