//! The workshop's log (issue #14 §4), read from the records every peer syncs and nobody edits: the draft's log (bracket statuses and packages, agreed marks, restores), the outcomes recorded on comments, the stage changes and the milestones, merged oldest first; each line's parts as plain values (`LogArgs`, which the window puts into its own language) and an English sentence (`what`, for the command line).

use serde::Serialize;

use super::Workshop;
use crate::error::{Error, Result};
use crate::model::types::LogAction;
use crate::model::DocName;

/// One line of the log: who (member id and name), when (RFC 3339), what (`kind`, its parts in
/// `args`, and an English sentence without draft text beyond the bracketed words it names), and
/// the record as stored (`detail`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogLine {
    pub id: String,
    pub at: String,
    pub by: String,
    pub by_name: String,
    /// `bracket-status`, `bracket-package`, `bracket-choose`, `paragraph-agreed`, `restore`,
    /// `revert`, `renumber`, `outcome`, `stage`, `milestone`.
    pub kind: &'static str,
    pub args: LogArgs,
    /// The line as an English sentence (`caucus log`); the window writes its own from `args`.
    pub what: String,
    pub detail: serde_json::Value,
}

/// A log line's parts, as plain values: names, citations, counts and codes (a bracket status,
/// an outcome, a stage), never an English word. Which are set depends on the line's `kind`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LogArgs {
    /// Where the bracket or paragraph the line names is now: `paragraph` (cited as `paragraph`),
    /// `draft` (in a paragraph no one cites by number: the title, a heading), `gone` (no longer
    /// in the draft). Unset when the line names neither (a stage, a milestone, a whole-draft
    /// restore, an outcome on a comment no longer known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<&'static str>,
    /// The paragraph's citation (`2`, `PP1`, `1 bis a)`) when `place` is `paragraph`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// The bracket's id (`bracket-*` kinds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bracket: Option<String>,
    /// The bracket's words, when it is still in the draft.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    /// The status set (`open`, `agreed-ad-ref`, `agreed`, `withdrawn`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    /// The package a bracket was put in (unset on a `bracket-package` line: taken out of one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// `paragraph-agreed`: whether the mark was set (else withdrawn).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreed: Option<bool>,
    /// The milestone restored from, undone since, or frozen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    /// The delegation whose changes were undone, or whose comment got an outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegation: Option<String>,
    /// `renumber`: how many inserted paragraphs were numbered in sequence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// `outcome`: the comment's thread id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread: Option<String>,
    /// `outcome`: `accepted`, `accepted-modified`, `rejected`, `noted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<&'static str>,
    /// `stage`: `drafting`, `comment-round`, `revision`, `closed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<&'static str>,
    /// `stage`: the deadline for comments, as set (a date, `2026-12-31`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

impl LogArgs {
    /// `[words] in paragraph 2`, or what became of the bracket.
    fn bracket_text(&self) -> String {
        let words = self.words.as_deref().unwrap_or_default();
        match (self.place, &self.paragraph) {
            (Some("paragraph"), Some(p)) => format!("[{words}] in paragraph {p}"),
            (Some("draft"), _) => format!("[{words}] in the draft"),
            _ => format!("bracket {} (no longer in the text)", self.bracket.as_deref().unwrap_or_default()),
        }
    }

    /// `paragraph 2`, or what became of the paragraph.
    fn paragraph_text(&self) -> String {
        match (self.place, &self.paragraph) {
            (Some("paragraph"), Some(p)) => format!("paragraph {p}"),
            (Some("draft"), _) => "an unnumbered paragraph".to_string(),
            _ => "a paragraph no longer in the draft".to_string(),
        }
    }

    /// The line as an English sentence, for `caucus log` (the window writes its own).
    fn english(&self, kind: &str) -> String {
        let milestone = self.milestone.as_deref().unwrap_or_default();
        match kind {
            "bracket-status" => format!("set {} to {}", self.bracket_text(), self.status.unwrap_or_default()),
            "bracket-package" => match &self.package {
                Some(package) => format!("put {} in package “{package}”", self.bracket_text()),
                None => format!("took {} out of its package", self.bracket_text()),
            },
            "bracket-choose" => format!("chose the alternative {}; the others went", self.bracket_text()),
            "paragraph-agreed" if self.agreed == Some(true) => format!("marked {} agreed", self.paragraph_text()),
            "paragraph-agreed" => format!("withdrew the agreed mark of {}", self.paragraph_text()),
            "restore" if self.place.is_none() => format!("restored the draft as it was at “{milestone}”"),
            "restore" => format!("restored {} as it was at “{milestone}”", self.paragraph_text()),
            "renumber" => format!("numbered the {} inserted paragraph(s) (bis, ter …) in sequence", self.count.unwrap_or_default()),
            "revert" => format!("undid {}’s changes since “{milestone}”", self.delegation.as_deref().unwrap_or_default()),
            "outcome" => {
                let on = match (&self.place, &self.delegation) {
                    (None, _) => format!("comment {}", self.thread.as_deref().unwrap_or_default()),
                    (Some(_), Some(d)) => format!("{d}’s comment on {}", self.paragraph_text()),
                    (Some(_), None) => format!("comment on {}", self.paragraph_text()),
                };
                format!("recorded the outcome “{}” of {on}", self.outcome.unwrap_or_default())
            }
            "stage" => {
                let deadline = self.deadline.as_ref().map(|d| format!(" (comments due {d})")).unwrap_or_default();
                format!("set the stage to {}{deadline}", self.stage.unwrap_or_default().replace('-', " "))
            }
            "milestone" => format!("froze the milestone “{milestone}”"),
            _ => kind.to_string(),
        }
    }
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
        // Where the paragraph at `index` (if any) is: cited by number, in the draft uncited, or gone.
        let place_of = |index: Option<usize>| match index {
            Some(i) => match citations.get(i).filter(|c| !c.is_empty()) {
                Some(c) => LogArgs { place: Some("paragraph"), paragraph: Some(c.clone()), ..LogArgs::default() },
                None => LogArgs { place: Some("draft"), ..LogArgs::default() },
            },
            None => LogArgs { place: Some("gone"), ..LogArgs::default() },
        };
        let para_args = |para: &str| place_of(view.paragraphs.iter().position(|p| p.para.id == para));
        let bracket_args = |bracket: &str| {
            let mut words = String::new();
            let mut at = None;
            for (i, p) in view.paragraphs.iter().enumerate() {
                for span in p.para.spans.iter().filter(|s| s.marks.bracket.as_deref() == Some(bracket)) {
                    words.push_str(&span.text);
                    at.get_or_insert(i);
                }
            }
            LogArgs { bracket: Some(bracket.to_string()), words: at.map(|_| words), ..place_of(at) }
        };
        let mut lines = Vec::new();
        let mut push = |id: String, by: String, at: String, kind: &'static str, args: LogArgs, detail: serde_json::Value| {
            let what = args.english(kind);
            lines.push(LogLine { id, by_name: name_of(&by), by, at, kind, args, what, detail });
        };
        for entry in self.draft_log() {
            let (kind, args) = match &entry.action {
                LogAction::BracketStatus { bracket, status } => ("bracket-status", LogArgs { status: Some(status.as_str()), ..bracket_args(bracket) }),
                LogAction::BracketPackage { bracket, package } => ("bracket-package", LogArgs { package: package.clone(), ..bracket_args(bracket) }),
                LogAction::ParagraphAgreed { para, agreed } => ("paragraph-agreed", LogArgs { agreed: Some(*agreed), ..para_args(para) }),
                LogAction::Restore { milestone, para: None } => ("restore", LogArgs { milestone: Some(milestone.clone()), ..LogArgs::default() }),
                LogAction::Restore { milestone, para: Some(para) } => ("restore", LogArgs { milestone: Some(milestone.clone()), ..para_args(para) }),
                LogAction::BracketChoose { bracket } => ("bracket-choose", bracket_args(bracket)),
                LogAction::Renumber { count } => ("renumber", LogArgs { count: Some(*count), ..LogArgs::default() }),
                LogAction::Revert { milestone, delegation } => ("revert", LogArgs { milestone: Some(milestone.clone()), delegation: Some(delegation.clone()), ..LogArgs::default() }),
            };
            let detail = serde_json::to_value(&entry.action).unwrap_or(serde_json::Value::Null);
            push(entry.id, entry.by, entry.at, kind, args, detail);
        }
        let threads = self.threads();
        let outcomes = self.read(DocName::Notes, |txn, l| l.n.outcome_records(txn));
        for (thread, outcome) in outcomes {
            let on = threads
                .iter()
                .find(|t| t.id == thread)
                .map(|t| LogArgs { delegation: Some(t.delegation.clone()).filter(|d| !d.is_empty()), ..para_args(&t.para_id) })
                .unwrap_or_default();
            let detail = serde_json::json!({ "thread": thread, "outcome": outcome.outcome, "observation": outcome.observation });
            let args = LogArgs { thread: Some(thread), outcome: Some(outcome.outcome.as_str()), ..on };
            push(outcome.id, outcome.by, outcome.created, "outcome", args, detail);
        }
        for record in self.stage_history() {
            let detail = serde_json::json!({ "stage": record.stage, "deadline": record.deadline });
            let args = LogArgs { stage: Some(record.stage.as_str()), deadline: record.deadline.clone(), ..LogArgs::default() };
            push(record.id, record.by, record.created, "stage", args, detail);
        }
        for m in milestones {
            let detail = serde_json::json!({ "name": m.name, "shared": m.shared });
            let args = LogArgs { milestone: Some(m.name.clone()), ..LogArgs::default() };
            push(format!("milestone:{}", m.name), m.created_by, m.created, "milestone", args, detail);
        }
        lines.retain(|l| since.as_ref().is_none_or(|s| l.at.as_str() >= s.as_str()));
        lines.sort_by(|a, b| (a.at.as_str(), a.id.as_str()).cmp(&(b.at.as_str(), b.id.as_str())));
        Ok(lines)
    }
}
