//! The page's components. Each converts between browser events and [`crate::state::Action`]s;
//! all analysis happens in `certlens_core`.

pub mod actions;
pub mod certs;
mod chain_view;
mod doctor;
mod drop_zone;
mod findings;
mod hops;
mod input_panel;
mod inventory;
mod keys;
mod make;
mod names;
pub mod outputs;
mod password;
mod pins;
mod pool;
mod verdict;
mod work_status;

pub use certs::Certificates;
pub use chain_view::{ChainProps, ChainView};
pub use doctor::{Doctor, DoctorProps};
pub use drop_zone::DropZone;
pub use findings::{Findings, FindingsProps};
pub use input_panel::InputPanel;
pub use inventory::{InventoryPanel, InventoryProps};
pub use keys::Keys;
pub use make::Make;
pub use names::Names;
pub use outputs::Outputs;
pub use password::{PasswordPrompt, PasswordProps};
pub use pins::PinCheck;
pub use pool::Pool;
pub use verdict::{verdict_words, ChainVerdict, TrustedRoots};
pub use work_status::{WorkStatus, WorkStatusProps};
