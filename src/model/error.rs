//! Errors of the model: edits that do not fit the document as it is.

use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("there is no paragraph {position}: the draft has {len}")]
    NoSuchParagraph { position: usize, len: usize },
    #[error("level {0} is out of range: levels are 0, 1 and 2")]
    BadLevel(u8),
    #[error("the quoted text was not found in the draft: {0:?}")]
    QuoteNotFound(String),
    #[error("the quoted text is ambiguous: it occurs {0} times; quote more words")]
    QuoteAmbiguous(usize),
    #[error("a comment must select some words of one paragraph, as the draft is now")]
    BadAnchor,
    #[error("no comment thread with id {0}")]
    NoSuchThread(String),
    #[error("no member with id {0}")]
    NoSuchMember(String),
    #[error("member {0} was already removed")]
    MemberRemoved(String),
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("the thread speaks for {0} already: a delegation supports other delegations' comments")]
    OwnDelegation(String),
    #[error("the deadline `{0}` is not a date (YYYY-MM-DD)")]
    BadDate(String),
    #[error("thread {0} proposes no wording")]
    NoProposal(String),
    #[error("the words thread {0} proposes to replace were deleted: nothing to apply it to")]
    ProposalOrphaned(String),
    #[error("the words thread {0} was made against have changed since: review the proposal against the text as it is now, then confirm (it is recorded as accepted with modifications)")]
    ProposalStale(String),
}

impl crate::coded::Coded for ModelError {
    fn code(&self) -> &'static str {
        match self {
            ModelError::NoSuchParagraph { .. } => "draft.no_such_paragraph",
            ModelError::BadLevel(_) => "draft.bad_level",
            ModelError::QuoteNotFound(_) => "notes.quote_not_found",
            ModelError::QuoteAmbiguous(_) => "notes.quote_ambiguous",
            ModelError::BadAnchor => "notes.bad_anchor",
            ModelError::NoSuchThread(_) => "notes.no_such_thread",
            ModelError::NoSuchMember(_) => "roster.no_such_member",
            ModelError::MemberRemoved(_) => "roster.member_removed",
            ModelError::Empty(_) => "input.empty",
            ModelError::OwnDelegation(_) => "notes.own_delegation",
            ModelError::BadDate(_) => "input.bad_date",
            ModelError::NoProposal(_) => "notes.no_proposal",
            ModelError::ProposalOrphaned(_) => "notes.proposal_orphaned",
            ModelError::ProposalStale(_) => "notes.proposal_stale",
        }
    }
}

pub type Result<T, E = ModelError> = std::result::Result<T, E>;
