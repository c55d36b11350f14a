//! Sync: the Yjs sync protocol over any transport (issue #3); for now the guard that screens untrusted updates.

pub mod guard;
