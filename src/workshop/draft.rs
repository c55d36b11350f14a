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
            draft.clear(txn);
            for (i, (para, id)) in paragraphs.iter().zip(&ids).enumerate() {
                draft.insert(txn, i, id, para)?;
            }
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
