//! Operations on the draft: reading it, paragraphs, brackets and importing a CITES text.

use std::collections::HashMap;

use super::Workshop;
use crate::error::{Error, Result};
use crate::import;
use crate::model::DocName;
use crate::model::ModelError;
use crate::model::types::*;
use crate::store::WorkshopRecord;

/// The longest name a bracket package may have, in characters.
pub const PACKAGE_NAME_MAX: usize = 80;

impl Workshop {
    pub fn view(&self) -> Result<DraftView> {
        Ok(self.read(DocName::Draft, |txn, l| l.d.view(txn)))
    }

    pub fn meta(&self) -> DraftMeta {
        self.read(DocName::Draft, |txn, l| l.d.meta(txn))
    }

    /// The schema version the draft declares (`meta.schemaVersion`, issue #16).
    pub fn schema_version(&self) -> u32 {
        self.read(DocName::Draft, |txn, l| l.d.schema_version(txn))
    }

    pub fn paragraphs(&self) -> Vec<NumberedParagraph> {
        self.read(DocName::Draft, |txn, l| crate::model::numbering::number(l.d.paragraphs(txn)))
    }

    /// Inserts a paragraph at 0-based `at` (the end when `None`). Bracket ids in its spans are
    /// replaced by fresh ones, each with an `open` entry.
    pub fn add_paragraph(&self, at: Option<usize>, para: NewParagraph) -> Result<Paragraph> {
        let id = self.host().id("p");
        let para = self.fresh_brackets(vec![para]).pop().ok_or(ModelError::Empty("paragraph"))?;
        let position = self.write(DocName::Draft, |txn, draft| {
            let len = draft.len(txn);
            let position = at.unwrap_or(len).min(len);
            draft.insert(txn, position, &id, &para)?;
            Ok(position)
        })?;
        self.paragraph_at(position)
    }

    fn paragraph_at(&self, position: usize) -> Result<Paragraph> {
        self.read(DocName::Draft, |txn, l| {
            let paragraphs = l.d.paragraphs(txn);
            let len = paragraphs.len();
            paragraphs.into_iter().nth(position).ok_or(ModelError::NoSuchParagraph { position: position + 1, len })
        })
        .map_err(Error::from)
    }

    pub fn set_text(&self, position: usize, text: &str) -> Result<Paragraph> {
        self.write(DocName::Draft, |txn, draft| Ok(draft.set_text(txn, position, text)?))?;
        self.paragraph_at(position)
    }

    pub fn set_kind(&self, position: usize, kind: ParaKind) -> Result<Paragraph> {
        self.write(DocName::Draft, |txn, draft| Ok(draft.set_kind(txn, position, kind)?))?;
        self.paragraph_at(position)
    }

    pub fn set_level(&self, position: usize, level: u8) -> Result<Paragraph> {
        self.write(DocName::Draft, |txn, draft| Ok(draft.set_level(txn, position, level)?))?;
        self.paragraph_at(position)
    }

    pub fn set_label(&self, position: usize, label: Option<&str>) -> Result<Paragraph> {
        self.write(DocName::Draft, |txn, draft| Ok(draft.set_label(txn, position, label)?))?;
        self.paragraph_at(position)
    }

    pub fn move_paragraph(&self, from: usize, to: usize) -> Result<Paragraph> {
        self.write(DocName::Draft, |txn, draft| Ok(draft.move_to(txn, from, to)?))?;
        self.paragraph_at(to)
    }

    pub fn delete_paragraph(&self, position: usize) -> Result<Paragraph> {
        self.write(DocName::Draft, |txn, draft| Ok(draft.delete(txn, position)?))
    }

    /// Brackets `len` bytes of paragraph `position`'s text from byte `start`.
    pub fn bracket(&self, position: usize, start: usize, len: usize, holders: Vec<String>) -> Result<String> {
        let id = self.host().id("b");
        let info = BracketInfo::open(holders);
        self.check_bracket(None, Some(&info))?;
        self.write(DocName::Draft, |txn, draft| Ok(draft.bracket_range(txn, position, start, len, &id, &info)?))?;
        Ok(id)
    }

    /// Sets a bracket's status and holders: a status only as the chair or the Secretariat, a
    /// delegate's own delegation only among the holders ([`crate::policy::rights::check_bracket_change`]).
    /// A status or package set is logged with the change, in the same transaction (issue #14 §4).
    pub fn set_bracket(&self, bracket_id: &str, info: &BracketInfo) -> Result<()> {
        let current = self.read(DocName::Draft, |txn, l| l.d.brackets(txn).remove(bracket_id));
        self.check_bracket(current.as_ref(), Some(info))?;
        let mut log = Vec::new();
        let was = current.unwrap_or_default();
        if was.status != info.status {
            log.push(self.log_entry(LogAction::BracketStatus { bracket: bracket_id.to_string(), status: info.status })?);
        }
        if was.package != info.package {
            log.push(self.log_entry(LogAction::BracketPackage { bracket: bracket_id.to_string(), package: info.package.clone() })?);
        }
        self.write(DocName::Draft, |txn, draft| {
            draft.set_bracket(txn, bracket_id, info);
            for entry in &log {
                draft.append_log(txn, entry);
            }
            Ok(())
        })
    }

    /// Puts brackets in a package named `package` (issue #14 §3), or takes them out of theirs
    /// (`None`): the chair or the Secretariat. Every id must name a bracket of the draft.
    pub fn package_brackets(&self, bracket_ids: &[String], package: Option<&str>) -> Result<()> {
        let package = package.map(str::trim).filter(|p| !p.is_empty()).map(str::to_string);
        if package.as_ref().is_some_and(|p| p.chars().count() > PACKAGE_NAME_MAX) {
            return Err(Error::Invalid(format!("a package's name is at most {PACKAGE_NAME_MAX} characters")));
        }
        self.permits(crate::policy::Action::BracketStatus)?;
        let brackets = self.read(DocName::Draft, |txn, l| l.d.brackets(txn));
        let mut changes = Vec::new();
        for id in bracket_ids {
            let was = brackets.get(id).ok_or_else(|| Error::NoSuchBracket(id.clone()))?;
            if was.package != package {
                let now = BracketInfo { package: package.clone(), ..was.clone() };
                let entry = self.log_entry(LogAction::BracketPackage { bracket: id.clone(), package: package.clone() })?;
                changes.push((id, now, entry));
            }
        }
        if changes.is_empty() {
            return Ok(());
        }
        self.write(DocName::Draft, |txn, draft| {
            for (id, now, entry) in &changes {
                draft.set_bracket(txn, id, now);
                draft.append_log(txn, entry);
            }
            Ok(())
        })
    }

    /// Adds `words` as an alternative of bracket `bracket_id` (issue #14 §3:
    /// `[establish][consider establishing]`): a new open bracket held by `holders`, right after the
    /// last alternative of the group in the text. Whoever may bracket text may add one. Returns its id.
    pub fn add_alternative(&self, bracket_id: &str, words: &str, holders: Vec<String>) -> Result<String> {
        if words.trim().is_empty() {
            return Err(Error::Invalid("an alternative needs words".into()));
        }
        let view = self.view()?;
        let info = view.brackets.get(bracket_id).ok_or_else(|| Error::NoSuchBracket(bracket_id.to_string()))?;
        let root = info.alternative_of.clone().unwrap_or_else(|| bracket_id.to_string());
        let group = |id: &str| id == root || view.brackets.get(id).is_some_and(|b| b.alternative_of.as_deref() == Some(root.as_str()));
        // The end of the group's last words in the text (its paragraph and byte offset).
        let mut end = None;
        for (position, p) in view.paragraphs.iter().enumerate() {
            let mut at = 0;
            for span in &p.para.spans {
                at += span.text.len();
                if span.marks.bracket.as_deref().is_some_and(group) {
                    end = Some((position, at));
                }
            }
        }
        let (position, at) = end.ok_or_else(|| Error::Invalid(format!("bracket {bracket_id} is not in the text")))?;
        let id = self.host().id("b");
        let new = BracketInfo { alternative_of: Some(root), ..BracketInfo::open(holders) };
        self.check_bracket(None, Some(&new))?;
        let span = Span { text: words.to_string(), marks: Marks { bracket: Some(id.clone()), ..Marks::default() } };
        self.write(DocName::Draft, |txn, draft| {
            draft.set_bracket(txn, &id, &new);
            Ok(draft.insert_span(txn, position, at, &span)?)
        })?;
        Ok(id)
    }

    /// The brackets of `bracket_id`'s group of alternatives (the first, then the others), as the
    /// draft lists them; just itself when it has none.
    pub fn alternatives(&self, bracket_id: &str) -> Result<Vec<String>> {
        let view = self.view()?;
        let info = view.brackets.get(bracket_id).ok_or_else(|| Error::NoSuchBracket(bracket_id.to_string()))?;
        let root = info.alternative_of.clone().unwrap_or_else(|| bracket_id.to_string());
        let mut group = vec![root.clone()];
        // In the order of the text.
        for p in &view.paragraphs {
            for id in p.para.spans.iter().filter_map(|s| s.marks.bracket.as_deref()) {
                if !group.iter().any(|g| g == id) && view.brackets.get(id).is_some_and(|b| b.alternative_of.as_deref() == Some(root.as_str())) {
                    group.push(id.to_string());
                }
            }
        }
        Ok(group)
    }

    /// The chair or the Secretariat picks alternative `chosen` of its group (issue #14 §3): its
    /// bracket becomes agreed, the others' words are deleted and they are withdrawn, all in one
    /// change, with every status set and the choice in the log.
    pub fn choose_alternative(&self, chosen: &str) -> Result<()> {
        self.permits(crate::policy::Action::BracketStatus)?;
        let group = self.alternatives(chosen)?;
        if group.len() < 2 {
            return Err(Error::Invalid(format!("bracket {chosen} has no alternatives")));
        }
        let in_text = self.paragraphs().iter().any(|p| p.para.spans.iter().any(|s| s.marks.bracket.as_deref() == Some(chosen)));
        if !in_text {
            return Err(Error::Invalid(format!("the words of alternative {chosen} are no longer in the text")));
        }
        let brackets = self.read(DocName::Draft, |txn, l| l.d.brackets(txn));
        let mut changes = Vec::new();
        for id in &group {
            let was = brackets.get(id).cloned().unwrap_or_default();
            let status = if id == chosen { BracketStatus::Agreed } else { BracketStatus::Withdrawn };
            let entry = (was.status != status).then(|| self.log_entry(LogAction::BracketStatus { bracket: id.clone(), status })).transpose()?;
            changes.push((id.clone(), BracketInfo { status, ..was }, entry));
        }
        let choice = self.log_entry(LogAction::BracketChoose { bracket: chosen.to_string() })?;
        self.write(DocName::Draft, |txn, draft| {
            for (id, info, entry) in &changes {
                if id != chosen {
                    draft.delete_bracketed(txn, id);
                }
                draft.set_bracket(txn, id, info);
                if let Some(entry) = entry {
                    draft.append_log(txn, entry);
                }
            }
            draft.append_log(txn, &choice);
            Ok(())
        })
    }

    /// The draft's log (issue #14 §4), oldest first.
    pub fn draft_log(&self) -> Vec<LogEntry> {
        self.read(DocName::Draft, |txn, l| l.d.log_entries(txn))
    }

    /// A log entry of `action` by this device's member, now.
    pub(super) fn log_entry(&self, action: LogAction) -> Result<LogEntry> {
        let by = match self.acting()? {
            Some(crate::policy::Writer::Member { id, .. }) => id,
            _ => String::new(),
        };
        Ok(LogEntry { id: self.host().id("l"), by, at: self.host().timestamp(), action })
    }

    /// Numbers paragraph `position` (operative, or an item) as inserted (issue #14 §3): it takes the
    /// number of the paragraph of its kind and level before it with the next suffix (`2 bis`, then
    /// `2 ter`), so the paragraphs after it keep their numbers; `false` takes the suffix off.
    /// Returns its number now.
    pub fn number_as_inserted(&self, position: usize, inserted: bool) -> Result<String> {
        let paragraphs = self.paragraphs();
        let len = paragraphs.len();
        let para = paragraphs.get(position).ok_or(ModelError::NoSuchParagraph { position: position + 1, len })?;
        if !matches!(para.para.kind, ParaKind::Operative | ParaKind::Item) {
            return Err(Error::Invalid("only an operative paragraph or an item is numbered as inserted".into()));
        }
        let label = if inserted {
            // The paragraph before it that it is inserted after: the operative paragraph before
            // it, or the item of its level before it under the same parent.
            let level = para.para.level.max(1);
            let before = paragraphs[..position].iter().rev().find_map(|p| match (para.para.kind, p.para.kind) {
                (ParaKind::Operative, ParaKind::Operative) => Some(Some(p)),
                (ParaKind::Operative, _) => None,
                (_, ParaKind::Item) if p.para.level.max(1) == level => Some(Some(p)),
                (_, ParaKind::Item) if p.para.level.max(1) > level => None,
                _ => Some(None),
            });
            let Some(Some(before)) = before else {
                return Err(Error::Invalid("the first paragraph of its kind has no number before it to take".into()));
            };
            let suffixes = crate::model::numbering::INSERTED_SUFFIXES;
            let next = match crate::model::numbering::inserted_suffix(&before.para) {
                None => Some(suffixes[0]),
                Some(s) => suffixes.iter().position(|x| *x == s).and_then(|i| suffixes.get(i + 1)).copied(),
            };
            Some(next.ok_or_else(|| Error::Invalid("more than nine paragraphs inserted after one: renumber first".into()))?.to_string())
        } else {
            None
        };
        self.set_label(position, label.as_deref())?;
        Ok(self.paragraphs().get(position).and_then(|p| p.number.clone()).unwrap_or_default())
    }

    /// Numbers the inserted paragraphs in sequence (`2 bis` becomes `3`, and the ones after it
    /// follow): the chair or the Secretariat, usually before freezing a milestone; logged. Returns
    /// how many were renumbered.
    pub fn renumber(&self) -> Result<usize> {
        self.permits(crate::policy::Action::Metadata)?;
        let inserted: Vec<usize> = self
            .paragraphs()
            .iter()
            .enumerate()
            .filter(|(_, p)| crate::model::numbering::inserted_suffix(&p.para).is_some())
            .map(|(i, _)| i)
            .collect();
        if inserted.is_empty() {
            return Ok(0);
        }
        let entry = self.log_entry(LogAction::Renumber { count: u32::try_from(inserted.len()).unwrap_or(u32::MAX) })?;
        self.write(DocName::Draft, |txn, draft| {
            for &i in &inserted {
                draft.set_label(txn, i, None)?;
            }
            draft.append_log(txn, &entry);
            Ok(())
        })?;
        Ok(inserted.len())
    }

    /// Marks paragraph `position` agreed (or withdraws the mark), as this device's member: the
    /// chair or the Secretariat (issue #14 §1). Returns the mark now in force.
    pub fn agree_paragraph(&self, position: usize, agreed: bool) -> Result<Option<AgreedMark>> {
        self.permits(crate::policy::Action::Metadata)?;
        let paragraphs = self.paragraphs();
        let len = paragraphs.len();
        let paragraph = paragraphs.into_iter().nth(position).ok_or(ModelError::NoSuchParagraph { position, len })?;
        let mark = agreed.then(|| -> Result<AgreedMark> { Ok(AgreedMark { by: self.me()?, at: self.host().timestamp() }) }).transpose()?;
        let entry = self.log_entry(LogAction::ParagraphAgreed { para: paragraph.para.id.clone(), agreed })?;
        self.write(DocName::Draft, |txn, draft| {
            draft.set_agreed(txn, &paragraph.para.id, mark.as_ref());
            draft.append_log(txn, &entry);
            Ok(())
        })?;
        Ok(mark)
    }

    /// The paragraphs marked agreed: paragraph id → who marked it and when.
    pub fn agreed_marks(&self) -> std::collections::BTreeMap<String, AgreedMark> {
        self.read(DocName::Draft, |txn, l| l.d.agreed_marks(txn))
    }

    fn check_bracket(&self, before: Option<&BracketInfo>, after: Option<&BracketInfo>) -> Result<()> {
        if let Some(crate::policy::Writer::Member { role, delegation, .. }) = self.acting()? {
            crate::policy::rights::check_bracket_change(role, &delegation, before, after)?;
        }
        Ok(())
    }

    /// Replaces the draft body with an imported CITES text, in one transaction. Header fields the
    /// text carries (title, symbol, meeting, kind) replace the meta's.
    pub fn import(&self, input: &[u8]) -> Result<ImportedDraft> {
        let imported = import::import_text(input)?;
        let meta = self.meta();
        let changes_meta = imported.title.as_ref().is_some_and(|t| *t != meta.title)
            || imported.symbol.as_ref().is_some_and(|s| *s != meta.symbol)
            || imported.meeting.as_ref().is_some_and(|m| *m != meta.meeting)
            || imported.kind != meta.kind;
        if changes_meta {
            self.permits(crate::policy::Action::Metadata)?;
        }
        let paragraphs = self.fresh_brackets(imported.paragraphs.clone());
        let ids: Vec<String> = paragraphs.iter().map(|_| self.host().id("p")).collect();
        let title = self.write(DocName::Draft, |txn, draft| {
            let mut meta = draft.meta(txn);
            if let Some(t) = &imported.title {
                meta.title = t.clone();
            }
            if let Some(s) = &imported.symbol {
                meta.symbol = s.clone();
            }
            if let Some(m) = &imported.meeting {
                meta.meeting = m.clone();
            }
            meta.kind = imported.kind;
            draft.set_meta(txn, &meta);
            let body: Vec<(String, NewParagraph)> = ids.into_iter().zip(paragraphs).collect();
            draft.replace_all(txn, &body)?;
            Ok(meta.title)
        })?;
        let created = self
            .caucus
            .list()?
            .into_iter()
            .find(|w| w.id == self.id)
            .map(|w| w.created)
            .unwrap_or_else(|| self.host().timestamp());
        self.caucus.inner.store.put_workshop(&WorkshopRecord { id: self.id.clone(), title, created }).wait()?;
        Ok(imported)
    }

    /// Gives each bracket id found in the spans a fresh id, keeping spans of one bracket together.
    fn fresh_brackets(&self, paragraphs: Vec<NewParagraph>) -> Vec<NewParagraph> {
        let mut renamed: HashMap<String, String> = HashMap::new();
        paragraphs
            .into_iter()
            .map(|mut p| {
                for span in &mut p.spans {
                    if let Some(local) = span.marks.bracket.take() {
                        let id = renamed.entry(local).or_insert_with(|| self.host().id("b")).clone();
                        span.marks.bracket = Some(id);
                    }
                }
                p
            })
            .collect()
    }
}
