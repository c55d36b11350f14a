//! Caucus core: a workshop's three Yjs documents, their durable store, import, export and the façade the CLI and app use.
//!
//! Code map in brief (see `ARCHITECTURE.md`): `model` is pure yrs and plain values, `store` the only
//! SQLite user, `import`/`export` pure functions over [`DraftView`], `workshop` ties them together.

pub mod bundle;
pub mod cites;
pub mod coded;
pub mod error;
pub mod export;
pub mod host;
pub mod identity;
pub mod import;
pub mod model;
pub mod policy;
pub mod revision;
pub mod sample;
pub mod store;
pub mod sync;
pub mod update;
pub mod workshop;

pub use model::types::*;
pub use coded::Coded;
pub use error::{Error, Result};
pub use model::{DocName, ModelError};
pub use workshop::{Caucus, VersionImportReport, VersionStatus, Workshop};
