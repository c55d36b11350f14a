//! The workshop's log (issue #14 §4), read from the records every peer syncs and nobody edits: the draft's log (bracket statuses and packages, agreed marks, restores), the outcomes recorded on comments, the stage changes and the milestones, merged oldest first.

use serde::Serialize;

use super::Workshop;
use crate::error::{Error, Result};
use crate::model::types::LogAction;
use crate::model::DocName;

/// One line of the log: who (member id and name), when (RFC 3339), what (`kind` and a sentence
/// without draft text beyond the bracketed words it names), and the record as stored (`detail`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogLine {
    pub id: String,
    pub at: String,
    pub by: String,
    pub by_name: String,
    /// `bracket-status`, `bracket-package`, `paragraph-agreed`, `restore`, `revert`, `outcome`, `stage`,
    /// `milestone`.
    pub kind: &'static str,
    pub what: String,
    pub detail: serde_json::Value,
}

impl Workshop {
    /// The log, oldest first; with `since` (a milestone's name), only what came at or after it.
    pub fn log(&self, since: Option<&str>) -> Result<Vec<LogLine>> {
        let milestones = self.milestones()?;
        let since = match since {
            Some(name) => Some(milestones.iter().find(|m| m.name == name).ok_or_else(|| Error::NoSuchMilestone(name.to_string()))?.created.clone()),
            None => None,
        };
        let members = self.members();
        let name_of = |id: &str| members.iter().find(|m| m.id == id).map(|m| m.full_name()).unwrap_or_else(|| id.to_string());
        let view = self.view()?;
        let citations = crate::model::numbering::citations(&view.paragraphs);
        let cite_para = |para: &str| {
            view.paragraphs
                .iter()
                .position(|p| p.para.id == para)
                .and_then(|i| citations.get(i).cloned())
                .filter(|c| !c.is_empty())
                .map(|c| format!("paragraph {c}"))
                .unwrap_or_else(|| "a paragraph no longer in the draft".to_string())
        };
        let bracket_words = |bracket: &str| {
            let mut words = String::new();
            let mut at = None;
            for (i, p) in view.paragraphs.iter().enumerate() {
                for span in p.para.spans.iter().filter(|s| s.marks.bracket.as_deref() == Some(bracket)) {
                    words.push_str(&span.text);
                    at.get_or_insert(i);
                }
            }
            match at {
                Some(i) => format!("[{}] in {}", words, citations.get(i).filter(|c| !c.is_empty()).map(|c| format!("paragraph {c}")).unwrap_or_else(|| "the draft".into())),
                None => format!("bracket {bracket} (no longer in the text)"),
            }
        };
        let mut lines = Vec::new();
        for entry in self.draft_log() {
            let (kind, what) = match &entry.action {
                LogAction::BracketStatus { bracket, status } => ("bracket-status", format!("set {} to {}", bracket_words(bracket), status.as_str())),
                LogAction::BracketPackage { bracket, package: Some(package) } => ("bracket-package", format!("put {} in package “{package}”", bracket_words(bracket))),
                LogAction::BracketPackage { bracket, package: None } => ("bracket-package", format!("took {} out of its package", bracket_words(bracket))),
                LogAction::ParagraphAgreed { para, agreed: true } => ("paragraph-agreed", format!("marked {} agreed", cite_para(para))),
                LogAction::ParagraphAgreed { para, agreed: false } => ("paragraph-agreed", format!("withdrew the agreed mark of {}", cite_para(para))),
                LogAction::Restore { milestone, para: None } => ("restore", format!("restored the draft as it was at “{milestone}”")),
                LogAction::Restore { milestone, para: Some(para) } => ("restore", format!("restored {} as it was at “{milestone}”", cite_para(para))),
                LogAction::BracketChoose { bracket } => ("bracket-choose", format!("chose the alternative {}; the others went", bracket_words(bracket))),
                LogAction::Renumber { count } => ("renumber", format!("numbered the {count} inserted paragraph(s) (bis, ter …) in sequence")),
                LogAction::Revert { milestone, delegation } => ("revert", format!("undid {delegation}’s changes since “{milestone}”")),
            };
            let detail = serde_json::to_value(&entry.action).unwrap_or(serde_json::Value::Null);
            lines.push(LogLine { id: entry.id, by_name: name_of(&entry.by), by: entry.by, at: entry.at, kind, what, detail });
        }
        let threads = self.threads();
        let outcomes = self.read(DocName::Notes, |txn, l| l.n.outcome_records(txn));
        for (thread, outcome) in outcomes {
            let on = threads
                .iter()
                .find(|t| t.id == thread)
                .map(|t| {
                    let whose = if t.delegation.is_empty() { String::new() } else { format!("{}’s ", t.delegation) };
                    format!("{whose}comment on {}", cite_para(&t.para_id))
                })
                .unwrap_or_else(|| format!("comment {thread}"));
            let detail = serde_json::json!({ "thread": thread, "outcome": outcome.outcome, "observation": outcome.observation });
            let what = format!("recorded the outcome “{}” of {on}", outcome.outcome.as_str());
            lines.push(LogLine { id: outcome.id, by_name: name_of(&outcome.by), by: outcome.by, at: outcome.created, kind: "outcome", what, detail });
        }
        for record in self.stage_history() {
            let deadline = record.deadline.as_ref().map(|d| format!(" (comments due {d})")).unwrap_or_default();
            let what = format!("set the stage to {}{deadline}", record.stage.as_str().replace('-', " "));
            let detail = serde_json::json!({ "stage": record.stage, "deadline": record.deadline });
            lines.push(LogLine { id: record.id, by_name: name_of(&record.by), by: record.by, at: record.created, kind: "stage", what, detail });
        }
        for m in milestones {
            let what = format!("froze the milestone “{}”", m.name);
            let detail = serde_json::json!({ "name": m.name, "shared": m.shared });
            lines.push(LogLine { id: format!("milestone:{}", m.name), by_name: name_of(&m.created_by), by: m.created_by, at: m.created, kind: "milestone", what, detail });
        }
        lines.retain(|l| since.as_ref().is_none_or(|s| l.at.as_str() >= s.as_str()));
        lines.sort_by(|a, b| (a.at.as_str(), a.id.as_str()).cmp(&(b.at.as_str(), b.id.as_str())));
        Ok(lines)
    }
}
