//! The workshop's documents as pure yrs and plain values: schema names, draft, notes, roster, the language versions, numbering — no I/O.

pub mod draft;
pub mod error;
pub mod notes;
pub mod numbering;
pub mod roster;
pub mod schema;
pub mod types;
pub mod version;

use yrs::{Doc, OffsetKind, Options};

pub use error::ModelError;
pub use schema::DocName;

/// A fresh Y.Doc for one of the workshop's documents. The draft keeps its history (no GC) so
/// milestones can be rebuilt; offsets are UTF-8 bytes, as Rust strings are.
pub fn new_doc(name: DocName, client_id: u64) -> Doc {
    Doc::with_options(Options {
        client_id: yrs::ClientID::new(client_id & ((1u64 << 53) - 1)),
        skip_gc: name == DocName::Draft,
        offset_kind: OffsetKind::Bytes,
        ..Options::default()
    })
}
