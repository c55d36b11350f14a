//! Restore (issue #14 §4): the chair or the Secretariat brings back the draft, or one paragraph, as it was at a milestone, or undoes one delegation's changes since a milestone — each as a new change every peer syncs and the draft's log records, never by rewriting history.
//!
//! The milestone's text is rebuilt from the draft's history ([`Workshop::milestone_view`]); the
//! live draft is then edited towards it in one transaction: paragraphs added since are deleted,
//! paragraphs deleted since come back with their ids, moved ones go back to their places, and a
//! kept paragraph's kind, level, label, words and marks are set to the milestone's, touching only
//! what differs (so comment anchors on unchanged words hold). A bracket the restored text needs and
//! the draft no longer lists comes back with the status it had (that status set is logged too);
//! brackets still listed keep their status: statuses are the chair's decisions, each in the log.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::Workshop;
use crate::error::{Error, Result};
use crate::model::types::{BracketInfo, BracketStatus, LogAction, NewParagraph, Paragraph};
use crate::model::DocName;

/// What a restore changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    pub milestone: String,
    /// Paragraphs brought back (deleted since the milestone).
    pub brought_back: usize,
    /// Paragraphs added since the milestone, deleted.
    pub removed: usize,
    /// Paragraphs kept whose text, marks, kind, level, label or place changed back.
    pub changed: usize,
}

impl Workshop {
    /// Brings back the whole draft (`para: None`) or the paragraph with id `para` as the
    /// milestone `milestone` holds it (a paragraph deleted since included: it is named by its id
    /// in the milestone's draft; see [`Workshop::milestone_view`]). The chair or the Secretariat
    /// only; logged.
    pub fn restore(&self, milestone: &str, para: Option<&str>) -> Result<RestoreReport> {
        self.permits(crate::policy::Action::Metadata)?;
        self.permits(crate::policy::Action::Write(DocName::Draft))?;
        let name = milestone.trim().to_string();
        let frozen = self.milestone_view(&name)?;
        let target: Vec<Paragraph> = frozen.paragraphs.into_iter().map(|p| p.para).collect();
        let only = match para {
            Some(id) => Some(target.iter().find(|p| p.id == id).cloned().ok_or_else(|| Error::NoSuchParagraphAt { milestone: name.clone(), para: id.to_string() })?),
            None => None,
        };
        let mut log = vec![self.log_entry(LogAction::Restore { milestone: name.clone(), para: only.as_ref().map(|p| p.id.clone()) })?];
        // The brackets the restored text needs that the draft no longer lists, as they were.
        let listed = self.read(DocName::Draft, |txn, l| l.d.brackets(txn));
        let needed: Vec<&Paragraph> = match &only {
            Some(p) => vec![p],
            None => target.iter().collect(),
        };
        let mut missing: BTreeMap<String, BracketInfo> = BTreeMap::new();
        for id in needed.iter().flat_map(|p| p.spans.iter().filter_map(|s| s.marks.bracket.clone())) {
            if !listed.contains_key(&id) {
                let info = frozen.brackets.get(&id).cloned().unwrap_or_default();
                if info.status != BracketStatus::Open {
                    log.push(self.log_entry(LogAction::BracketStatus { bracket: id.clone(), status: info.status })?);
                }
                if info.package.is_some() {
                    log.push(self.log_entry(LogAction::BracketPackage { bracket: id.clone(), package: info.package.clone() })?);
                }
                missing.insert(id, info);
            }
        }
        let mut report = RestoreReport { milestone: name, ..RestoreReport::default() };
        self.write(DocName::Draft, |txn, draft| {
            let current = draft.paragraphs(txn);
            let mut ids: Vec<String> = current.iter().map(|p| p.id.clone()).collect();
            match &only {
                None => {
                    // Added since: deleted, from the end so positions hold.
                    let wanted: HashSet<&str> = target.iter().map(|p| p.id.as_str()).collect();
                    for i in (0..ids.len()).rev() {
                        if !wanted.contains(ids[i].as_str()) {
                            draft.delete(txn, i)?;
                            ids.remove(i);
                            report.removed += 1;
                        }
                    }
                    for (i, t) in target.iter().enumerate() {
                        if ids.get(i) == Some(&t.id) {
                            report.changed += usize::from(restore_in_place(txn, draft, i, t)?);
                        } else if let Some(j) = ids.iter().skip(i).position(|id| id == &t.id).map(|k| k + i) {
                            draft.move_to(txn, j, i)?;
                            let id = ids.remove(j);
                            ids.insert(i, id);
                            restore_in_place(txn, draft, i, t)?;
                            report.changed += 1;
                        } else {
                            draft.insert(txn, i, &t.id, &new_paragraph(t))?;
                            ids.insert(i, t.id.clone());
                            report.brought_back += 1;
                        }
                    }
                }
                Some(t) => match ids.iter().position(|id| id == &t.id) {
                    Some(i) => report.changed += usize::from(restore_in_place(txn, draft, i, t)?),
                    None => {
                        // After the nearest paragraph before it at the milestone that is still here.
                        let before = target.iter().position(|p| p.id == t.id).unwrap_or(0);
                        let at = target[..before].iter().rev().find_map(|p| ids.iter().position(|id| id == &p.id)).map_or(0, |i| i + 1);
                        draft.insert(txn, at, &t.id, &new_paragraph(t))?;
                        report.brought_back += 1;
                    }
                },
            }
            for (id, info) in &missing {
                draft.set_bracket(txn, id, info);
            }
            for entry in &log {
                draft.append_log(txn, entry);
            }
            Ok(())
        })?;
        tracing::info!(workshop = %self.id, brought_back = report.brought_back, removed = report.removed, changed = report.changed, whole = only.is_none(), "restored from a milestone");
        Ok(report)
    }
}

/// What undoing one delegation's changes did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RevertReport {
    pub milestone: String,
    pub delegation: String,
    /// Paragraphs it had added since the milestone, deleted.
    pub removed: usize,
    /// Paragraphs it had deleted, brought back.
    pub brought_back: usize,
    /// Paragraphs whose words it had changed, changed back (others' changes in them kept).
    pub changed: usize,
}

impl Workshop {
    /// Undoes the changes `delegation` made since milestone `milestone` (as the redline since it
    /// attributes them: words inserted by its members' Yjs clients, words and paragraphs its
    /// members' deletion records cover), keeping everyone else's: the words it inserted go, the
    /// words it deleted come back, the paragraphs it added go and the ones it deleted come back.
    /// Moved paragraphs stay where they are. The chair or the Secretariat only; logged.
    pub fn revert(&self, milestone: &str, delegation: &str) -> Result<RevertReport> {
        use crate::export::ir::ChangeKind;
        self.permits(crate::policy::Action::Metadata)?;
        self.permits(crate::policy::Action::Write(DocName::Draft))?;
        let name = milestone.trim().to_string();
        let who = delegation.trim().to_lowercase();
        if who.is_empty() {
            return Err(Error::Invalid("name the delegation whose changes to undo".into()));
        }
        let doc = self.compare(&name, None)?;
        let theirs = |c: &Option<crate::export::ir::Change>| c.as_ref().is_some_and(|c| !c.moved && c.author.as_deref().is_some_and(|a| a.to_lowercase() == who));
        let entry = self.log_entry(LogAction::Revert { milestone: name.clone(), delegation: delegation.trim().to_string() })?;
        let mut report = RevertReport { milestone: name, delegation: delegation.trim().to_string(), ..RevertReport::default() };
        self.write(DocName::Draft, |txn, draft| {
            let mut ids: Vec<String> = draft.paragraphs(txn).into_iter().map(|p| p.id).collect();
            // The blocks in the redline's order: the current draft's, with deleted ones in place.
            let mut previous: Option<String> = None;
            for block in &doc.blocks {
                let spans = |keep: &dyn Fn(&Option<crate::export::ir::Change>) -> bool| -> Vec<crate::model::types::Span> {
                    block.runs.iter().filter(|r| keep(&r.change)).map(|r| crate::model::types::Span { text: r.text.clone(), marks: r.marks.clone() }).collect()
                };
                match &block.change {
                    Some(c) if theirs(&block.change) && c.kind == ChangeKind::Inserted => {
                        if let Some(i) = ids.iter().position(|id| id == &block.id) {
                            draft.delete(txn, i)?;
                            ids.remove(i);
                            report.removed += 1;
                        }
                        continue;
                    }
                    Some(c) if theirs(&block.change) && c.kind == ChangeKind::Deleted => {
                        if !ids.contains(&block.id) {
                            let at = previous.as_ref().and_then(|p| ids.iter().position(|id| id == p)).map_or(0, |i| i + 1);
                            let para = NewParagraph { kind: block.kind, level: block.level, label: block.label.clone(), spans: spans(&|_| true) };
                            draft.insert(txn, at, &block.id, &para)?;
                            ids.insert(at, block.id.clone());
                            report.brought_back += 1;
                        }
                    }
                    Some(_) => {}
                    None => {
                        // Words: theirs inserted go, theirs deleted come back, the rest as it is now.
                        if block.runs.iter().any(|r| theirs(&r.change)) {
                            if let Some(i) = ids.iter().position(|id| id == &block.id) {
                                let target = spans(&|c| match c {
                                    None => true,
                                    Some(change) => (change.kind == ChangeKind::Inserted) != theirs(c),
                                });
                                draft.set_spans(txn, i, &target)?;
                                report.changed += 1;
                            }
                        }
                    }
                }
                if ids.contains(&block.id) {
                    previous = Some(block.id.clone());
                }
            }
            draft.append_log(txn, &entry);
            Ok(())
        })?;
        tracing::info!(workshop = %self.id, removed = report.removed, brought_back = report.brought_back, changed = report.changed, "reverted a delegation's changes");
        Ok(report)
    }
}

fn new_paragraph(p: &Paragraph) -> NewParagraph {
    NewParagraph { kind: p.kind, level: p.level, label: p.label.clone(), spans: p.spans.clone() }
}

/// Sets the paragraph at `position` to `target`'s kind, level, label and spans where they differ;
/// whether anything did.
fn restore_in_place(txn: &mut yrs::TransactionMut, draft: &crate::model::draft::Draft, position: usize, target: &Paragraph) -> Result<bool, Error> {
    let now = draft.paragraph_at(txn, position)?;
    let mut changed = false;
    if now.kind != target.kind {
        draft.set_kind(txn, position, target.kind)?;
        changed = true;
    }
    if now.level != target.level {
        draft.set_level(txn, position, target.level)?;
        changed = true;
    }
    if now.label != target.label {
        draft.set_label(txn, position, target.label.as_deref())?;
        changed = true;
    }
    if now.spans != target.spans {
        draft.set_spans(txn, position, &target.spans)?;
        changed = true;
    }
    Ok(changed)
}
