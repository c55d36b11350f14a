//! The façade: a device's [`Caucus`] and an open [`Workshop`], whose operations each save before they return; one file per job.
//!
//! Every edit runs in one yrs transaction on the live doc, its update is queued to the store while
//! the doc's lock is held (so the log's order matches the doc's), and the call returns only once
//! the store committed it. Lock order, where several are taken: draft, then notes, then roster,
//! then a language version.
//!
//! Sync (issue #3) adds: [`Workshop::apply_remote`] (an update from a peer, screened, applied and
//! committed, returning what is new so it can be forwarded), [`Workshop::subscribe`] (a listener
//! called with every committed update and its [`Origin`], after the commit, outside the
//! document's lock), and the state vector / diff a sync step needs.
//!
//! Files by job: `device` (the [`Caucus`], opening and listing workshops), `live` (the live
//! document engine: locks, transactions, saves, listeners), `remote` (peers' updates and sync
//! state), and the operations by document: `draft`, `comments` (and `apply`: a proposal applied to the draft), `members`, `stage`, `milestones` (and export),
//! `table` (the comment table's export rows and import), `status` (where the negotiation stands),
//! `log` (the workshop's append-only record of the chair's decisions), `restore` (the draft or a
//! paragraph brought back as it was at a milestone), `versions` (the draft's French and Spanish
//! versions, issue #15).

mod apply;
mod comments;
mod device;
mod draft;
mod live;
pub mod log;
mod members;
mod milestones;
mod remote;
mod restore;
mod stage;
pub mod status;
mod table;

use std::sync::Arc;

use crate::host::Host;
use live::Live;

pub use device::{is_valid_workshop_id, Caucus, NewWorkshop, WorkshopSummary, DATA_DIR_ENV};
pub use live::{Origin, Subscription, COMPACT_AFTER_ROWS, LOCAL};
pub use apply::ProposalTarget;
pub use comments::CommentOptions;
pub use members::NewMember;
pub use milestones::Milestone;
pub use remote::Queued;
pub use restore::{RestoreReport, RevertReport};
pub use table::{ImportReport, TableFilter, UnanchoredRow};

// `seen`: what others changed since this device's member last looked (issue #14 §5).
mod seen;
pub use seen::{ChangedParagraph, NewComments, SeenPart, SinceSeen};

// `versions`: the draft's French and Spanish versions (issue #15 §2).
mod versions;
pub use versions::{UnalignedBlock, VersionImportReport, VersionStatus};

// `word`: a returned Word draft's tracked changes as proposals (issue #14 §6).
mod word;
pub use word::{UnmatchedParagraph, WordImportReport, WordProposal};

/// An open workshop. Cheap to clone; clones share the live documents.
#[derive(Clone)]
pub struct Workshop {
    caucus: Caucus,
    id: String,
    live: Arc<Live>,
}

impl Workshop {
    /// Whether a failed save left memory ahead of the disk: every write is refused
    /// (`store.reload_required`) until the workshop is opened again ([`Caucus::open_exact`]
    /// loads a fresh copy from disk).
    pub fn is_poisoned(&self) -> bool {
        self.live.is_poisoned()
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether a save of this workshop failed: every later write is refused
    /// (`store.reload_required`) until it is opened again from disk ([`Caucus::open_exact`] then
    /// loads it afresh). The app reloads it and resyncs its window with it.
    pub fn needs_reload(&self) -> bool {
        self.live.is_poisoned()
    }

    fn host(&self) -> &Host {
        &self.caucus.inner.host
    }

    /// The device this workshop lives on (its store, clock, identities).
    pub fn caucus(&self) -> &Caucus {
        &self.caucus
    }
}

#[allow(dead_code)]
fn assert_send_sync() {
    fn check<T: Send + Sync>() {}
    check::<Caucus>();
    check::<Workshop>();
}
