//! The page's components. Each converts between browser events and [`crate::state::Action`]s.

mod drop_zone;
mod input_panel;
mod pool;

pub use drop_zone::DropZone;
pub use input_panel::InputPanel;
pub use pool::Pool;
