//! The façade's error (every failure of the core a user can meet) and `Coded`, the stable code of every error for the UI and `--json`.

use thiserror::Error;

use crate::import::ImportError;
use crate::model::ModelError;
use crate::store::StoreError;
use crate::update::guard::GuardError;

pub use crate::coded::Coded;

#[derive(Debug, Error)]
pub enum Error {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    /// A language version of the draft (issue #15 §2).
    #[error(transparent)]
    Version(#[from] crate::model::version::VersionError),
    /// A file that is not a comment table (issue #11 §3).
    #[error(transparent)]
    Table(#[from] crate::import::table::TableError),
    #[error("no workshop matches `{0}` (see `caucus list`)")]
    NoSuchWorkshop(String),
    #[error("`{prefix}` matches {count} workshops; give more of the id")]
    AmbiguousWorkshop { prefix: String, count: usize },
    #[error("document {doc} of workshop {workshop} cannot be read from row {seq}: {reason}")]
    DamagedDocument { workshop: String, doc: String, seq: i64, reason: String },
    #[error("cannot find the platform data directory; pass --data-dir or set CAUCUS_DATA_DIR")]
    NoDataDir,
    #[error("this device holds no identity for workshop {0}")]
    NoIdentity(String),
    #[error("an earlier save of workshop {0} failed; open it again to continue from what is on disk")]
    ReloadRequired(String),
    #[error("a {role} may not {action}")]
    Forbidden { action: &'static str, role: &'static str },
    #[error("there is already a milestone named {0:?}")]
    MilestoneExists(String),
    #[error("no milestone named {0:?} (see `caucus milestone list`)")]
    NoSuchMilestone(String),
    /// The roster has the milestone but this device's draft lacks some of the text it froze.
    #[error("this device has not yet received all of the draft as it was at milestone {0:?}: sync with a member who has it, then try again")]
    MilestoneIncomplete(String),
    #[error("the draft at milestone {milestone:?} has no paragraph {para}")]
    NoSuchParagraphAt { milestone: String, para: String },
    #[error("no bracket {0:?} in the draft (see `caucus bracket list`)")]
    NoSuchBracket(String),
    #[error("invalid input: {0}")]
    Invalid(String),
    /// An update from a peer that the guard refused before yrs decoded it.
    #[error("refused update: {0}")]
    Guard(#[from] GuardError),
    /// An update from a peer that passed the guard but that yrs could not decode or apply.
    #[error("undecodable update: {0}")]
    UndecodableUpdate(String),
    /// An update that builds on changes this copy does not have yet ([`crate::update::OutOfOrder`]).
    #[error("update out of order: it builds on changes of client {client} that this copy does not have yet (it needs clock {needs}; this copy has that client's clocks below {have}); the earlier changes must arrive first")]
    UpdateOutOfOrder { client: u64, have: u32, needs: u32 },
    /// A content rule (issue #17): the acting member may not make this change.
    #[error(transparent)]
    Rights(#[from] crate::policy::RightsError),
}

impl From<crate::update::OutOfOrder> for Error {
    fn from(e: crate::update::OutOfOrder) -> Self {
        let crate::update::OutOfOrder { client, have, needs } = e;
        Error::UpdateOutOfOrder { client, have, needs }
    }
}

impl Coded for Error {
    fn code(&self) -> &'static str {
        match self {
            Error::Model(e) => e.code(),
            Error::Store(e) => e.code(),
            Error::Import(e) => e.code(),
            Error::Export(e) => e.code(),
            Error::Version(e) => e.code(),
            Error::Table(e) => e.code(),
            Error::NoSuchWorkshop(_) => "workshop.not_found",
            Error::AmbiguousWorkshop { .. } => "workshop.ambiguous",
            Error::DamagedDocument { .. } => "store.damaged_document",
            Error::NoDataDir => "store.no_data_dir",
            Error::NoIdentity(_) => "workshop.no_identity",
            Error::ReloadRequired(_) => "store.reload_required",
            Error::Forbidden { .. } => "role.forbidden",
            Error::MilestoneExists(_) => "milestone.exists",
            Error::NoSuchMilestone(_) => "milestone.not_found",
            Error::MilestoneIncomplete(_) => "milestone.incomplete",
            Error::NoSuchBracket(_) => "bracket.not_found",
            Error::NoSuchParagraphAt { .. } => "milestone.no_such_paragraph",
            Error::Invalid(_) => "input.invalid",
            Error::Guard(e) => e.code(),
            Error::UndecodableUpdate(_) => "sync.malformed_update",
            Error::UpdateOutOfOrder { .. } => "sync.out_of_order",
            Error::Rights(e) => e.code(),
        }
    }
}

impl Error {
    /// Whether a save failed because the disk is full (`store.disk_full`).
    pub fn is_disk_full(&self) -> bool {
        match self {
            Error::Store(e) => e.is_disk_full(),
            _ => false,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
