//! The content rules (issue #17): what a writer of a given role may do inside each document — pure predicates on plain values, shared by every endpoint and by the core operations.
//!
//! [`permits`] answers "may a member of role R do action A" for every action the rules name;
//! [`super::inspect`] finds the actions an update performs (a semantic before/after of the
//! document) and asks [`permits`] about each one with the member who wrote it; the
//! [`crate::Workshop`] operations ask it before they write. One table, one answer.

use thiserror::Error;

use crate::model::roster::Role;
use crate::model::DocName;
use crate::model::types::{BracketInfo, BracketStatus};

/// Longest comment, reply or edited body, in characters: a real comment table's longest cells
/// (a proposed paragraph with its justification) are a few thousand characters; 20,000 leaves room
/// for a pasted annex paragraph and still keeps one record small.
pub const MAX_BODY_CHARS: usize = 20_000;

/// Something a member may or may not do inside a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    // --- a whole document ---
    /// Write to this document at all (DESIGN §2; the content rules below then judge each change).
    Write(DocName),
    // --- notes ---
    /// Start a thread, written by oneself.
    Comment,
    /// Append a reply to a thread, written by oneself.
    Reply,
    /// Record a thread or reply on behalf of another member (a comment table received by e-mail).
    RecordForOther,
    /// Edit or delete a thread or reply; `own`: the writer wrote it (its recorder, else its author).
    EditComment { own: bool },
    /// Resolve or reopen a thread; `own`: the writer is its author or recorder.
    Resolve { own: bool },
    /// Give a new thread the delegation it speaks for; `own`: its author's delegation.
    SpeakFor { own: bool },
    /// Add or withdraw a delegation's support of a thread; `own`: the writer's delegation, as
    /// the writer.
    Support { own: bool },
    /// Record a thread's outcome (accepted, accepted with modifications, rejected, noted).
    RecordOutcome,
    /// Apply a thread's proposal to the draft (and record that it was applied).
    ApplyProposal,
    // --- draft ---
    /// Change a bracket's status (to or from agreed, agreed ad ref., withdrawn; or create a
    /// bracket in a status other than open), or remove its entry.
    BracketStatus,
    /// Add or remove a delegation among a bracket's holders; `own`: the writer's delegation.
    BracketHolder { own: bool },
    /// Change the draft's metadata (title, symbol, meeting, kind, language, schema version).
    Metadata,
    // --- roster ---
    /// Add a member of this role.
    AddMember(Role),
    /// Remove (revoke) a member of this role.
    RemoveMember(Role),
    /// Change a member's role.
    ChangeRole { from: Role, to: Role },
    /// Change a member's name, delegation or group.
    EditMember(Role),
    // --- the workshop ---
    /// Manage the membership at all (the Members panel's add and remove).
    ManageMembers,
    /// Freeze the draft as a named milestone ("Report to SC70").
    FreezeMilestone,
    /// Set the workshop's stage (issue #11 §1: drafting, comment round, revision, closed).
    SetStage,
    /// Sign an invitation (it needs the chair's key, which only the chair's device holds).
    SignInvitation,
}

/// Why a write is refused by the content rules. Member ids and keys may be logged; no text is
/// carried.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum RightsError {
    #[error("a {role} may not {action}")]
    NotPermitted { role: Role, action: &'static str },
    #[error("{what} is written as member {claimed}, but its writer is member {writer}")]
    NotAuthor { what: &'static str, claimed: String, writer: String },
    #[error("{what} is recorded by {claimed}, but its writer is member {writer}")]
    NotRecorder { what: &'static str, claimed: String, writer: String },
    #[error("{what} may not change once written (write a new record instead)")]
    RecordChanged { what: &'static str },
    #[error("{what} may not be deleted (a deletion is a record of its writer)")]
    RecordDeleted { what: &'static str },
    #[error("{what} is {len} characters long; the limit is {max}")]
    TooLong { what: &'static str, len: usize, max: usize },
    #[error("{what} is malformed: {why}")]
    Malformed { what: &'static str, why: &'static str },
    #[error("new changes under Yjs client {client}, which member {claimed} claims; this connection speaks for member {sender}")]
    ForeignClient { client: u64, claimed: String, sender: String },
    #[error("the workshop's {what} never changes after creation")]
    Immutable { what: &'static str },
    #[error("the roster's chair key is not the key the workshop id {workshop} is derived from")]
    BadChairKey { workshop: String },
    #[error("nobody removes or demotes the chair")]
    ChairProtected,
    #[error("the workshop is {}: a {role} may not {action} now", stage_phrase(*stage))]
    Stage { stage: crate::model::roster::Stage, role: Role, action: &'static str },
    #[error("{what} is not in the draft's log: the change and its log entry are written together")]
    Unlogged { what: &'static str },
    #[error("the draft's log is append-only: an entry may not be changed or removed")]
    LogChanged,
    #[error("the draft's structure is broken: {0}")]
    Structure(String),
    #[error("this draft declares schema version {found}; this version of Caucus knows up to {known} and must not rewrite it: update Caucus")]
    NewerSchema { found: u32, known: u32 },
}

impl crate::coded::Coded for RightsError {
    fn code(&self) -> &'static str {
        match self {
            RightsError::NotPermitted { .. } => "rights.not_permitted",
            RightsError::NotAuthor { .. } => "rights.not_author",
            RightsError::NotRecorder { .. } => "rights.not_recorder",
            RightsError::RecordChanged { .. } => "rights.record_changed",
            RightsError::RecordDeleted { .. } => "rights.record_deleted",
            RightsError::TooLong { .. } => "rights.too_long",
            RightsError::Malformed { .. } => "rights.malformed",
            RightsError::ForeignClient { .. } => "rights.foreign_client",
            RightsError::Immutable { .. } => "rights.immutable",
            RightsError::BadChairKey { .. } => "rights.bad_chair_key",
            RightsError::ChairProtected => "rights.chair_protected",
            RightsError::Stage { .. } => "rights.stage",
            RightsError::Unlogged { .. } => "rights.unlogged",
            RightsError::LogChanged => "rights.log_changed",
            RightsError::Structure(_) => "draft.bad_structure",
            RightsError::NewerSchema { .. } => "draft.newer_schema",
        }
    }
}

/// How a refusal names the stage ("the workshop is in its comment round: …").
fn stage_phrase(stage: crate::model::roster::Stage) -> &'static str {
    use crate::model::roster::Stage;
    match stage {
        Stage::Drafting => "in drafting",
        Stage::CommentRound => "in its comment round (propose a change in a comment instead)",
        Stage::Revision => "in revision by the chair and the Secretariat (reply to the threads instead)",
        Stage::Closed => "closed",
    }
}

fn manages(role: Role) -> bool {
    matches!(role, Role::Chair | Role::Secretariat)
}

/// Whether a member of `role` may do `action` (the rule table of issue #17).
pub fn permits(role: Role, action: Action) -> Result<(), RightsError> {
    let allowed = match action {
        Action::Write(DocName::Draft) => matches!(role, Role::Chair | Role::Secretariat | Role::Delegate),
        Action::Write(DocName::Notes) => true,
        Action::Write(DocName::Roster) => manages(role),
        // Issue #15 §2: a translator's rights reach the versions only; the Secretariat (and the
        // chair) write them too.
        Action::Write(DocName::VersionFr | DocName::VersionEs) => role == Role::Translator || manages(role),
        Action::Comment | Action::Reply => true,
        Action::RecordForOther => manages(role),
        Action::EditComment { own } => own,
        Action::Resolve { own } => own || manages(role),
        Action::SpeakFor { own } | Action::Support { own } => own || manages(role),
        Action::RecordOutcome | Action::ApplyProposal => manages(role),
        Action::BracketStatus => manages(role),
        Action::BracketHolder { own } => (own && role == Role::Delegate) || manages(role),
        Action::Metadata => manages(role),
        Action::ManageMembers | Action::FreezeMilestone | Action::SetStage => manages(role),
        Action::SignInvitation => role == Role::Chair,
        Action::AddMember(new) | Action::EditMember(new) => match new {
            Role::Chair | Role::Secretariat => role == Role::Chair,
            Role::Delegate | Role::Observer | Role::Translator => manages(role),
        },
        Action::RemoveMember(target) => match target {
            Role::Chair => return Err(RightsError::ChairProtected),
            Role::Secretariat => role == Role::Chair,
            Role::Delegate | Role::Observer | Role::Translator => manages(role),
        },
        Action::ChangeRole { from, to } => {
            if from == Role::Chair {
                return Err(RightsError::ChairProtected);
            }
            if manages(from) || manages(to) {
                role == Role::Chair
            } else {
                manages(role)
            }
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(RightsError::NotPermitted { role, action: describe(action) })
    }
}

/// What an action is, for messages ("a delegate may not …").
pub fn describe(action: Action) -> &'static str {
    match action {
        Action::Write(DocName::Draft) => "edit the draft",
        Action::Write(DocName::Notes) => "write in the notes",
        Action::Write(DocName::Roster) => "write the roster",
        Action::Write(DocName::VersionFr | DocName::VersionEs) => "write a language version of the draft",
        Action::Comment => "start a comment thread",
        Action::Reply => "reply to a comment",
        Action::RecordForOther => "record a comment on behalf of another member",
        Action::EditComment { .. } => "edit or delete another member's comment",
        Action::Resolve { .. } => "resolve or reopen another member's thread",
        Action::SpeakFor { .. } => "comment for another delegation than the author's",
        Action::Support { .. } => "support a thread for another delegation",
        Action::RecordOutcome => "record a comment's outcome",
        Action::ApplyProposal => "apply a proposal to the draft",
        Action::BracketStatus => "change a bracket's status",
        Action::BracketHolder { .. } => "add or remove another delegation among a bracket's holders",
        Action::Metadata => "change the draft's metadata",
        Action::ManageMembers => "manage the members of the workshop",
        Action::FreezeMilestone => "freeze a milestone",
        Action::SetStage => "set the workshop's stage",
        Action::SignInvitation => "sign an invitation",
        Action::AddMember(Role::Chair | Role::Secretariat) => "make a chair or a Secretariat member",
        Action::AddMember(_) => "add a member",
        Action::RemoveMember(Role::Secretariat) => "remove a Secretariat member",
        Action::RemoveMember(_) => "remove a member",
        Action::ChangeRole { .. } => "change this member's role",
        Action::EditMember(_) => "edit this member",
    }
}

/// Checks a comment or reply body's length.
pub fn check_body(what: &'static str, body: &str) -> Result<(), RightsError> {
    let len = body.chars().count();
    if len > MAX_BODY_CHARS {
        return Err(RightsError::TooLong { what, len, max: MAX_BODY_CHARS });
    }
    Ok(())
}

/// A bracket's entry changing from `before` to `after` (`None`: absent), written by a member of
/// `role` who speaks for `delegation`: status and package changes, and making an existing bracket
/// another's alternative (and a new bracket in another status than open or in a package, and
/// removing an entry) need the chair or the Secretariat; a new open bracket may be an alternative
/// of another; a delegate adds or removes only their own delegation among its holders.
pub fn check_bracket_change(
    role: Role,
    delegation: &str,
    before: Option<&BracketInfo>,
    after: Option<&BracketInfo>,
) -> Result<(), RightsError> {
    let (was, now) = match (before, after) {
        (_, None) => return permits(role, Action::BracketStatus),
        (None, Some(now)) => {
            if now.status != BracketStatus::Open || now.package.is_some() {
                permits(role, Action::BracketStatus)?;
            }
            (&[][..], now)
        }
        (Some(was), Some(now)) => {
            if was.status != now.status || was.package != now.package || was.alternative_of != now.alternative_of {
                permits(role, Action::BracketStatus)?;
            }
            (was.holders.as_slice(), now)
        }
    };
    let changed = now.holders.iter().filter(|h| !was.contains(h)).chain(was.iter().filter(|h| !now.holders.contains(h)));
    for holder in changed {
        permits(role, Action::BracketHolder { own: holder == delegation && !delegation.is_empty() })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coded::Coded;

    /// Rule × role: the table of issue #17, row by row (the document is the action's).
    #[test]
    fn the_rule_table() {
        use Role::{Chair as C, Delegate as D, Observer as O, Secretariat as S, Translator as T};
        // (document, action, [chair, secretariat, delegate, observer])
        let table: Vec<(&str, Action, [bool; 4])> = vec![
            ("draft", Action::Write(DocName::Draft), [true, true, true, false]),
            ("notes", Action::Write(DocName::Notes), [true, true, true, true]),
            ("roster", Action::Write(DocName::Roster), [true, true, false, false]),
            ("notes", Action::Comment, [true, true, true, true]),
            ("notes", Action::Reply, [true, true, true, true]),
            ("notes", Action::RecordForOther, [true, true, false, false]),
            ("notes", Action::EditComment { own: true }, [true, true, true, true]),
            ("notes", Action::EditComment { own: false }, [false, false, false, false]),
            ("notes", Action::Resolve { own: true }, [true, true, true, true]),
            ("notes", Action::Resolve { own: false }, [true, true, false, false]),
            ("notes", Action::SpeakFor { own: true }, [true, true, true, true]),
            ("notes", Action::SpeakFor { own: false }, [true, true, false, false]),
            ("notes", Action::Support { own: true }, [true, true, true, true]),
            ("notes", Action::Support { own: false }, [true, true, false, false]),
            ("notes", Action::RecordOutcome, [true, true, false, false]),
            ("notes", Action::ApplyProposal, [true, true, false, false]),
            ("draft", Action::BracketStatus, [true, true, false, false]),
            ("draft", Action::BracketHolder { own: true }, [true, true, true, false]),
            ("draft", Action::BracketHolder { own: false }, [true, true, false, false]),
            ("draft", Action::Metadata, [true, true, false, false]),
            ("roster", Action::AddMember(C), [true, false, false, false]),
            ("roster", Action::AddMember(S), [true, false, false, false]),
            ("roster", Action::AddMember(D), [true, true, false, false]),
            ("roster", Action::AddMember(O), [true, true, false, false]),
            ("roster", Action::RemoveMember(C), [false, false, false, false]),
            ("roster", Action::RemoveMember(S), [true, false, false, false]),
            ("roster", Action::RemoveMember(D), [true, true, false, false]),
            ("roster", Action::RemoveMember(O), [true, true, false, false]),
            ("roster", Action::ChangeRole { from: C, to: D }, [false, false, false, false]),
            ("roster", Action::ChangeRole { from: S, to: C }, [true, false, false, false]),
            ("roster", Action::ChangeRole { from: D, to: S }, [true, false, false, false]),
            ("roster", Action::ChangeRole { from: D, to: O }, [true, true, false, false]),
            ("roster", Action::EditMember(S), [true, false, false, false]),
            ("roster", Action::EditMember(D), [true, true, false, false]),
            ("roster", Action::ManageMembers, [true, true, false, false]),
            ("draft", Action::FreezeMilestone, [true, true, false, false]),
            ("roster", Action::SetStage, [true, true, false, false]),
            ("roster", Action::SignInvitation, [true, false, false, false]),
            ("roster", Action::AddMember(T), [true, true, false, false]),
            ("roster", Action::RemoveMember(T), [true, true, false, false]),
            ("version-fr", Action::Write(DocName::VersionFr), [true, true, false, false]),
            ("version-es", Action::Write(DocName::VersionEs), [true, true, false, false]),
        ];
        for (doc, action, expected) in table {
            for (role, allowed) in [C, S, D, O].into_iter().zip(expected) {
                let got = permits(role, action);
                assert_eq!(got.is_ok(), allowed, "{doc}: {role} {action:?}: {got:?}");
                if let Err(e) = got {
                    assert!(e.code().starts_with("rights."), "{e}");
                }
            }
            // A translator (issue #15 §2) writes the versions and nothing else an observer may not.
            let translator = permits(T, action).is_ok();
            let versions = matches!(action, Action::Write(DocName::VersionFr | DocName::VersionEs));
            assert_eq!(translator, versions || expected[3], "{doc}: translator {action:?}");
        }
        assert_eq!(permits(C, Action::RemoveMember(C)).unwrap_err().code(), "rights.chair_protected");
        // Brackets, as the draft's entries change.
        let open = |holders: &[&str]| BracketInfo::open(holders.iter().map(|h| h.to_string()).collect());
        let agreed = BracketInfo { status: BracketStatus::Agreed, ..BracketInfo::default() };
        let packaged = BracketInfo { package: Some("A".into()), ..open(&[]) };
        assert!(check_bracket_change(D, "Kenya", Some(&open(&[])), Some(&packaged)).is_err());
        assert!(check_bracket_change(D, "Kenya", None, Some(&packaged)).is_err());
        assert!(check_bracket_change(C, "", Some(&open(&[])), Some(&packaged)).is_ok());
        assert!(check_bracket_change(D, "Kenya", None, Some(&open(&["Kenya"]))).is_ok());
        assert!(check_bracket_change(D, "Kenya", Some(&open(&["Kenya", "Peru"])), Some(&open(&["Peru"]))).is_ok());
        assert!(check_bracket_change(D, "Kenya", Some(&open(&[])), Some(&open(&["Peru"]))).is_err());
        assert!(check_bracket_change(D, "Kenya", Some(&open(&["Peru"])), Some(&open(&[]))).is_err());
        assert!(check_bracket_change(D, "Kenya", Some(&open(&[])), Some(&agreed)).is_err());
        assert!(check_bracket_change(D, "Kenya", None, Some(&agreed)).is_err());
        assert!(check_bracket_change(D, "Kenya", Some(&open(&[])), None).is_err());
        assert!(check_bracket_change(O, "NGO", None, Some(&open(&["NGO"]))).is_err());
        assert!(check_bracket_change(S, "CITES Secretariat", Some(&open(&["Peru"])), Some(&agreed)).is_ok());
        assert!(check_bracket_change(C, "", Some(&open(&[])), Some(&open(&["Peru", "Kenya"]))).is_ok());
        assert!(check_body("a comment", &"x".repeat(MAX_BODY_CHARS)).is_ok());
        assert_eq!(check_body("a comment", &"é".repeat(MAX_BODY_CHARS + 1)).unwrap_err().code(), "rights.too_long");
    }
}
