//! Operations on the workshop's stage (issue #11 §1): reading the stage in force and its history, and setting it — the chair, or the Secretariat for the chair.

use super::Workshop;
use crate::error::{Error, Result};
use crate::model::roster::{Stage, StageRecord};
use crate::model::DocName;

impl Workshop {
    /// The stage in force: the roster's latest stage change (`drafting` when none was made).
    pub fn stage(&self) -> Stage {
        self.stage_record().map(|r| r.stage).unwrap_or_default()
    }

    /// The latest stage change, with its deadline, who set it and when (`None`: never set).
    pub fn stage_record(&self) -> Option<StageRecord> {
        self.read(DocName::Roster, |txn, l| l.r.stage(txn))
    }

    /// Every stage change, oldest first.
    pub fn stage_history(&self) -> Vec<StageRecord> {
        self.read(DocName::Roster, |txn, l| l.r.stage_history(txn))
    }

    /// Sets the stage (with a deadline, `YYYY-MM-DD`, for a comment round only), as this
    /// device's member: the chair or the Secretariat. Setting the stage and deadline in force
    /// writes nothing.
    pub fn set_stage(&self, stage: Stage, deadline: Option<&str>) -> Result<StageRecord> {
        self.permits(crate::policy::Action::SetStage)?;
        if deadline.is_some() && stage != Stage::CommentRound {
            return Err(Error::Invalid(format!("only a comment round has a deadline, not {stage}")));
        }
        let current = self.stage_record();
        if let Some(current) = &current {
            if current.stage == stage && current.deadline.as_deref() == deadline {
                return Ok(current.clone());
            }
        } else if stage == Stage::Drafting && deadline.is_none() {
            return Ok(StageRecord { id: String::new(), stage, deadline: None, by: String::new(), created: String::new() });
        }
        let record = StageRecord {
            id: self.host().id("st"),
            stage,
            deadline: deadline.map(str::to_string),
            by: self.me()?,
            created: self.host().timestamp(),
        };
        self.write_roster(|txn, roster| Ok(roster.set_stage(txn, &record.id, &record)?))?;
        tracing::info!(workshop = %self.id, stage = %stage, "stage set");
        self.stage_record().ok_or_else(|| Error::Invalid("the stage change was not recorded".into()))
    }
}
