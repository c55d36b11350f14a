//! Policy (issue #10 move 1, issue #17): the one place that answers "may this member do this to this document" — per document (roles) and inside each document (the content rules).
//!
//! - [`rights`]: the rule table ([`rights::permits`]) and its errors (`rights.*`, `draft.*`);
//! - [`access`]: per document, what a role may do at all ([`access::Permissions::for_role`], from
//!   the table's `Action::Write`), which relay sessions, bundles and the app's pipe apply;
//! - [`claims`]: attribution, which Yjs client ids an untrusted `notes` update may claim for whom;
//! - [`inspect`]: who wrote each change of an untrusted update and which rules it meets, before
//!   anything of it is applied (relay sessions, the app's pipe, bundles);
//! - [`stage`]: what each of the workshop's stages allows on top of the table
//!   ([`stage::permits_in`]), for a member's own changes (issue #11 §1);
//! - [`shadow`]: the live draft's shadow copy, on which a draft update is applied first so that
//!   only what it changed is checked (structure, brackets, metadata).
//!
//! The per-document table and the content rules are one table; every endpoint asks it. What the
//! checks read of the live workshop they judge for comes through [`subject::Subject`], which the
//! façade implements: `policy` imports nothing above it.

pub mod access;
pub mod claims;
pub mod inspect;
pub mod rights;
pub mod shadow;
pub mod stage;
pub mod subject;

pub use access::{Access, Permissions};
pub use inspect::{check, Refusal, Writer};
pub use subject::Subject;
pub use rights::{permits, Action, RightsError, MAX_BODY_CHARS};
