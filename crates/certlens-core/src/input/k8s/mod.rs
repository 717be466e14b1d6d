//! Kubernetes Secrets, read in one place for the doctor and the inventory: one Secret manifest
//! (YAML or JSON) as the pod would see its keys, and every Secret of a file (`kubectl get
//! secrets -o yaml|json` Lists of any size, or a stream of manifests).

pub(crate) mod list;
pub(crate) mod secret;

pub(crate) use list::secrets;
pub(crate) use secret::{Secret, Section};
