//! The workshop's stages (issue #11 §1): what each stage allows on top of the rule table — one table, asked by every endpoint that judges a member's own changes and by the workshop's operations.
//!
//! [`permits_in`] is [`super::rights::permits`] narrowed by the stage in force:
//!
//! | action                                   | drafting | comment-round | revision   | closed |
//! |------------------------------------------|----------|---------------|------------|--------|
//! | write the draft (text, brackets, meta), apply a proposal | table | chair, Sec. | chair, Sec. | nobody |
//! | start a thread, support a thread         | table    | table         | chair, Sec.| nobody |
//! | reply, edit or resolve one's comment     | table    | table         | table      | nobody |
//! | record an outcome, record for another    | table    | table         | table      | nobody |
//! | set the stage, members, milestones, invitations | table | table      | table      | table  |
//! | write a language version (issue #15)     | table    | table         | table      | nobody |
//!
//! "table" is the rule table's answer for the role. A stage is set only by the chair or the
//! Secretariat ([`Action::SetStage`]), in any stage.

use crate::model::roster::{Role, Stage, StageRecord};
use crate::model::DocName;

use super::rights::{permits, Action, RightsError};

fn manages(role: Role) -> bool {
    matches!(role, Role::Chair | Role::Secretariat)
}

/// Whether a member of `role` may do `action` while the workshop is in `stage`: the rule table
/// first, then the stage ([`RightsError::Stage`], `rights.stage`).
pub fn permits_in(stage: Stage, role: Role, action: Action) -> Result<(), RightsError> {
    permits(role, action)?;
    let draft = matches!(
        action,
        Action::Write(DocName::Draft) | Action::BracketStatus | Action::BracketHolder { .. } | Action::Metadata | Action::ApplyProposal
    );
    let opens = matches!(action, Action::Comment | Action::Support { .. } | Action::SpeakFor { .. });
    let annotates = matches!(
        action,
        Action::Reply | Action::RecordForOther | Action::EditComment { .. } | Action::Resolve { .. } | Action::RecordOutcome
    );
    let translates = matches!(action, Action::Write(DocName::VersionFr | DocName::VersionEs));
    let allowed = match stage {
        Stage::Drafting => true,
        Stage::CommentRound => !draft || manages(role),
        Stage::Revision => !(draft || opens) || manages(role),
        Stage::Closed => !(draft || opens || annotates || translates),
    };
    if allowed {
        Ok(())
    } else {
        Err(RightsError::Stage { stage, role, action: super::rights::describe(action) })
    }
}

/// The stage in force at `date` (RFC 3339): the latest change made at or before it (`stages`,
/// oldest first); `drafting` before the first.
pub fn stage_at(stages: &[StageRecord], date: &str) -> Stage {
    stages.iter().rev().find(|r| r.created.as_str() <= date).map_or(Stage::Drafting, |r| r.stage)
}

/// Whether a comment written at `created` (RFC 3339) is late: dated after the deadline of the
/// comment round in force when it was written (`stages`: the roster's stage changes, oldest
/// first). A late comment is kept and shown as late, never refused for it.
pub fn is_late(stages: &[StageRecord], created: &str) -> bool {
    let Some(in_force) = stages.iter().rev().find(|r| r.created.as_str() <= created) else { return false };
    let (Stage::CommentRound, Some(deadline)) = (in_force.stage, &in_force.deadline) else { return false };
    // The deadline day ends at midnight UTC; `created` is RFC 3339 in UTC.
    created.get(..10).is_some_and(|day| day > deadline.as_str())
}

/// Whole days from `today` to the end of `deadline` (`YYYY-MM-DD`): 0 on the deadline day,
/// negative once it has passed; `None` when it is not a date.
pub fn days_left(deadline: &str, today: chrono::NaiveDate) -> Option<i64> {
    let deadline = chrono::NaiveDate::parse_from_str(deadline, "%Y-%m-%d").ok()?;
    Some((deadline - today).num_days())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coded::Coded;

    /// Stage × role × action: the table above, row by row.
    #[test]
    fn the_stage_table() {
        use Role::{Chair as C, Delegate as D, Observer as O, Secretariat as S};
        use Stage::{Closed, CommentRound, Drafting, Revision};
        // (action, stage, [chair, secretariat, delegate, observer])
        let table: Vec<(Action, Stage, [bool; 4])> = vec![
            (Action::Write(DocName::Draft), Drafting, [true, true, true, false]),
            (Action::Write(DocName::Draft), CommentRound, [true, true, false, false]),
            (Action::Write(DocName::Draft), Revision, [true, true, false, false]),
            (Action::Write(DocName::Draft), Closed, [false, false, false, false]),
            (Action::BracketHolder { own: true }, CommentRound, [true, true, false, false]),
            (Action::BracketStatus, Closed, [false, false, false, false]),
            (Action::Comment, CommentRound, [true, true, true, true]),
            (Action::Comment, Revision, [true, true, false, false]),
            (Action::Comment, Closed, [false, false, false, false]),
            (Action::Support { own: true }, CommentRound, [true, true, true, true]),
            (Action::Support { own: true }, Revision, [true, true, false, false]),
            (Action::Reply, Revision, [true, true, true, true]),
            (Action::Reply, Closed, [false, false, false, false]),
            (Action::Resolve { own: true }, Revision, [true, true, true, true]),
            (Action::RecordOutcome, CommentRound, [true, true, false, false]),
            (Action::RecordOutcome, Revision, [true, true, false, false]),
            (Action::RecordOutcome, Closed, [false, false, false, false]),
            (Action::ApplyProposal, Revision, [true, true, false, false]),
            (Action::ApplyProposal, Closed, [false, false, false, false]),
            (Action::SetStage, Closed, [true, true, false, false]),
            (Action::SetStage, Drafting, [true, true, false, false]),
            (Action::FreezeMilestone, Closed, [true, true, false, false]),
            (Action::ManageMembers, Closed, [true, true, false, false]),
            (Action::Write(DocName::Notes), Closed, [true, true, true, true]),
        ];
        for (action, stage, expected) in table {
            for (role, allowed) in [C, S, D, O].into_iter().zip(expected) {
                let got = permits_in(stage, role, action);
                assert_eq!(got.is_ok(), allowed, "{stage}: {role} {action:?}: {got:?}");
            }
        }
        let refusal = permits_in(CommentRound, D, Action::Write(DocName::Draft)).unwrap_err();
        assert_eq!(refusal.code(), "rights.stage");
        assert!(refusal.to_string().contains("comment round"), "{refusal}");
        // The rule table still answers first: an observer never edits the draft.
        assert_eq!(permits_in(Drafting, O, Action::Write(DocName::Draft)).unwrap_err().code(), "rights.not_permitted");
    }

    #[test]
    fn a_comment_dated_after_the_round_s_deadline_is_late() {
        let record = |stage, deadline: Option<&str>, created: &str| StageRecord {
            id: format!("st-{created}"),
            stage,
            deadline: deadline.map(str::to_string),
            by: "chair".into(),
            created: created.into(),
        };
        let stages = vec![
            record(Stage::CommentRound, Some("2027-01-31"), "2027-01-05T10:00:00Z"),
            record(Stage::Revision, None, "2027-02-10T09:00:00Z"),
        ];
        assert!(!is_late(&stages, "2027-01-04T10:00:00Z"), "before the round: drafting");
        assert!(!is_late(&stages, "2027-01-31T23:59:59Z"), "the deadline day counts");
        assert!(is_late(&stages, "2027-02-01T00:00:00Z"));
        assert!(!is_late(&stages, "2027-02-11T00:00:00Z"), "revision has no deadline");
        assert!(!is_late(&stages[..1], "2027-01-06T00:00:00Z"));
        assert!(!is_late(&[record(Stage::CommentRound, None, "2027-01-05T10:00:00Z")], "2028-01-01T00:00:00Z"));
    }
}
