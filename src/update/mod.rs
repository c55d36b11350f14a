//! Update validation: what an untrusted Yjs update must satisfy before yrs decodes or integrates it.
//!
//! Every path that hands yrs a peer's update (relay sessions, the app's pipe, bundles, the policy's
//! scratch and shadow copies) passes [`guard`] first (nothing reaches yrs's recursive decoder
//! unchecked) and then [`check_in_order`] against the document it goes to (yrs never holds
//! anything pending). `sync` speaks the protocol and calls these; it does not own them.
//! [`bytes`] is the one bounded reader of untrusted bytes that the guard, the protocol decoder and
//! the bundle parser share.

pub mod bytes;
pub mod guard;
pub mod order;

pub use order::{check_in_order, OutOfOrder};
