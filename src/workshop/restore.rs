//! Restore (issue #14 §4): the chair or the Secretariat brings back the draft, or one paragraph, as it was at a milestone — as a new change every peer syncs and the draft's log records, never by rewriting history.
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
