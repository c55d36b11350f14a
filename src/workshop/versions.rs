//! Operations on the draft's language versions (issue #15 §2): adding French or Spanish, translating a paragraph, where each paragraph stands, importing a translated file aligned by the draft's numbering, and the version as exports read it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Workshop;
use crate::cites::Lang;
use crate::error::{Error, Result};
use crate::model::numbering::citations;
use crate::model::types::{DraftView, ParaKind};
use crate::model::version::{align, orphans, source_of, translation_spans, Aligned, Alignment, Translation, Version, VersionError, VersionMeta};
use crate::model::{DocName, ModelError};

/// Where a language version stands, paragraph by paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct VersionStatus {
    pub lang: Lang,
    pub added: VersionMeta,
    pub paragraphs: Vec<Aligned>,
    /// Translations of paragraphs since deleted from the original: kept, never exported.
    pub orphans: Vec<Translation>,
    pub current: usize,
    pub outdated: usize,
    pub missing: usize,
}

/// What an import of a translated file did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VersionImportReport {
    /// Paragraphs whose translation was written.
    pub translated: usize,
    /// Paragraphs whose translation was already the file's (left as they were).
    pub unchanged: usize,
    /// Blocks of the file that could not be aligned with a paragraph of the draft, and why.
    pub unaligned: Vec<UnalignedBlock>,
    /// Paragraphs of the draft the file did not translate (by position, 1-based).
    pub untranslated: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnalignedBlock {
    /// 1-based line of the file where the block starts.
    pub line: usize,
    /// Its first words (at most 60 characters).
    pub start: String,
    pub reason: String,
}

impl Workshop {
    fn version_doc(&self, lang: Lang) -> Result<DocName> {
        let original = Lang::parse(&self.meta().language).unwrap_or_default();
        match DocName::version(lang) {
            Some(doc) if lang != original => Ok(doc),
            _ => Err(VersionError::Original { lang }.into()),
        }
    }

    fn read_version<R>(&self, doc: DocName, f: impl FnOnce(&yrs::Transaction, &Version) -> R) -> R {
        self.read(doc, |txn, l| f(txn, if doc == DocName::VersionEs { &l.es } else { &l.fr }))
    }

    /// The versions this workshop holds, with who added each and when.
    pub fn languages(&self) -> Vec<(Lang, VersionMeta)> {
        [Lang::Fr, Lang::Es]
            .into_iter()
            .filter_map(|lang| {
                let doc = DocName::version(lang)?;
                self.read_version(doc, |txn, v| v.meta(txn)).map(|m| (lang, m))
            })
            .collect()
    }

    fn added(&self, lang: Lang) -> Result<(DocName, VersionMeta)> {
        let doc = self.version_doc(lang)?;
        let meta = self.read_version(doc, |txn, v| v.meta(txn)).ok_or(VersionError::NotAdded { lang })?;
        Ok((doc, meta))
    }

    /// Adds a French or Spanish version of the draft (a translator, the Secretariat or the chair).
    /// Adding one that exists changes nothing.
    pub fn add_language(&self, lang: Lang) -> Result<VersionMeta> {
        let doc = self.version_doc(lang)?;
        self.permits(crate::policy::Action::Write(doc))?;
        let by = self.acting_member()?;
        let at = self.host().timestamp();
        self.write_version(doc, |txn, v| {
            v.add(txn, lang, &by, &at);
            Ok(())
        })?;
        self.read_version(doc, |txn, v| v.meta(txn)).ok_or_else(|| VersionError::NotAdded { lang }.into())
    }

    /// Each paragraph of the original with its translation: current, outdated (with what changed,
    /// word by word) or missing; and translations whose paragraph was deleted.
    pub fn version_status(&self, lang: Lang) -> Result<VersionStatus> {
        let (doc, added) = self.added(lang)?;
        let view = self.view()?;
        let translations = self.read_version(doc, |txn, v| v.translations(txn));
        let paragraphs = align(&view, &translations);
        let count = |s: Alignment| paragraphs.iter().filter(|p| p.status == s).count();
        Ok(VersionStatus {
            lang,
            added,
            current: count(Alignment::Current),
            outdated: count(Alignment::Outdated),
            missing: count(Alignment::Missing),
            orphans: orphans(&view, &translations),
            paragraphs,
        })
    }

    /// Translates the paragraph at 0-based `position` of the original: `text` with `[` `]` around
    /// each of the original paragraph's brackets, in order. Records the state of the original it
    /// translates, so a later change there marks it outdated.
    pub fn translate(&self, lang: Lang, position: usize, text: &str) -> Result<Aligned> {
        let view = self.view()?;
        let len = view.paragraphs.len();
        let para = view.paragraphs.get(position).ok_or(ModelError::NoSuchParagraph { position: position + 1, len })?;
        self.translate_paragraph(lang, &para.para.id, text)
    }

    /// [`Workshop::translate`], only while paragraph `position`'s translation is still `replaces`
    /// ([`Workshop::revise_paragraph`]).
    pub fn revise(&self, lang: Lang, position: usize, text: &str, replaces: &str) -> Result<Aligned> {
        let view = self.view()?;
        let len = view.paragraphs.len();
        let para = view.paragraphs.get(position).ok_or(ModelError::NoSuchParagraph { position: position + 1, len })?;
        self.revise_paragraph(lang, &para.para.id, text, replaces)
    }

    /// [`Workshop::translate`] for the paragraph whose id is `paragraph` (the app's side-by-side view).
    pub fn translate_paragraph(&self, lang: Lang, paragraph: &str, text: &str) -> Result<Aligned> {
        self.write_translation(lang, paragraph, text, None)
    }

    /// [`Workshop::translate_paragraph`], only while the paragraph's translation is still
    /// `replaces` (the text the translator began revising, "" for none; compared trimmed), checked
    /// in the write's own transaction: a translation saved meanwhile, on this device or arriving
    /// from another, is never overwritten unseen (`lang.changed_since`, and nothing is written).
    pub fn revise_paragraph(&self, lang: Lang, paragraph: &str, text: &str, replaces: &str) -> Result<Aligned> {
        self.write_translation(lang, paragraph, text, Some(replaces))
    }

    fn write_translation(&self, lang: Lang, paragraph: &str, text: &str, replaces: Option<&str>) -> Result<Aligned> {
        let (doc, _) = self.added(lang)?;
        self.permits(crate::policy::Action::Write(doc))?;
        let view = self.view()?;
        let len = view.paragraphs.len();
        let position = view.paragraphs.iter().position(|p| p.para.id == paragraph).ok_or_else(|| Error::Invalid(format!("no paragraph {paragraph} in the draft")))?;
        let t = self.translation_of(&view, paragraph, text)?;
        self.write_version(doc, |txn, v| {
            if let Some(base) = replaces {
                let now = v.translations(txn).remove(paragraph);
                if now.as_ref().map_or("", |n| n.text.as_str()).trim() != base.trim() {
                    return Err(VersionError::ChangedSince { by: now.map(|n| n.by) }.into());
                }
            }
            v.set(txn, &t);
            Ok(())
        })?;
        let translations = self.read_version(doc, |txn, v| v.translations(txn));
        align(&view, &translations).into_iter().nth(position).ok_or_else(|| ModelError::NoSuchParagraph { position: position + 1, len }.into())
    }

    /// A translation of paragraph `id` as this device's member would write it now.
    fn translation_of(&self, view: &DraftView, id: &str, text: &str) -> Result<Translation> {
        let para = view.paragraphs.iter().find(|p| p.para.id == id).ok_or_else(|| Error::Invalid(format!("no paragraph {id}")))?;
        let source = source_of(&para.para, &view.brackets);
        let text = text.trim();
        translation_spans(text, &source.bracket_ids)?;
        Ok(Translation {
            paragraph: id.to_string(),
            text: text.to_string(),
            source: source.text,
            source_brackets: source.statuses,
            by: self.acting_member()?,
            at: self.host().timestamp(),
        })
    }

    /// Imports a translated text or Markdown file aligned by the draft's numbering: blocks
    /// separated by blank lines, each opening with the paragraph's number as the draft prints it
    /// or as a comment table cites it (`1.`, `a)`, `1 b)`, `PP2`, `17.C`); a block without a
    /// number translates the next unnumbered paragraph (the title, a heading, text), and a
    /// Markdown heading (`#`) the next title or heading. Everything aligned is written in one
    /// change; what could not be aligned is reported, never guessed.
    pub fn import_version(&self, lang: Lang, file: &str) -> Result<VersionImportReport> {
        let (doc, _) = self.added(lang)?;
        self.permits(crate::policy::Action::Write(doc))?;
        let view = self.view()?;
        let translations = self.read_version(doc, |txn, v| v.translations(txn));
        let cites = citations(&view.paragraphs);
        let labels: Vec<Vec<String>> = view
            .paragraphs
            .iter()
            .zip(&cites)
            .map(|(p, c)| {
                let mut l: Vec<String> = Vec::new();
                for s in [c.as_str(), p.number.as_deref().unwrap_or("")] {
                    let s = s.trim();
                    if !s.is_empty() && !l.iter().any(|x| x == s) {
                        l.push(s.to_string());
                        if let Some(bare) = s.strip_suffix('.') {
                            l.push(bare.to_string());
                        }
                    }
                }
                l.sort_by_key(|s| std::cmp::Reverse(s.len()));
                l
            })
            .collect();
        let mut report = VersionImportReport::default();
        let mut written: BTreeMap<usize, Translation> = BTreeMap::new();
        let mut cursor = 0usize;
        for (line, block) in blocks(file) {
            let start: String = block.chars().take(60).collect();
            let unaligned = |reason: String| UnalignedBlock { line, start: start.clone(), reason };
            let heading = block.starts_with('#');
            let body = block.trim_start_matches('#').trim();
            let body = body.strip_prefix("**").map_or(body.to_string(), |rest| rest.replacen("**", "", 1));
            // The first paragraph at or after the cursor (then from the start) whose label opens the block.
            let labelled = (cursor..labels.len()).chain(0..cursor).find_map(|i| {
                labels[i].iter().find_map(|label| {
                    let rest = body.strip_prefix(label.as_str())?;
                    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| (i, rest.trim().to_string()))
                })
            });
            let target = match labelled {
                Some(found) => Some(found),
                None => {
                    let unnumbered = |k: ParaKind| if heading { matches!(k, ParaKind::Title | ParaKind::Heading) } else { matches!(k, ParaKind::Title | ParaKind::Heading | ParaKind::Text) };
                    view.paragraphs
                        .iter()
                        .enumerate()
                        .skip(cursor)
                        .find(|(i, p)| cites[*i].is_empty() && unnumbered(p.para.kind))
                        .filter(|(i, _)| heading || *i == cursor)
                        .map(|(i, _)| (i, body.clone()))
                }
            };
            let Some((i, text)) = target else {
                report.unaligned.push(unaligned("no paragraph of the draft has this number, and the next paragraph is numbered".into()));
                continue;
            };
            if written.contains_key(&i) {
                report.unaligned.push(unaligned(format!("paragraph {} is translated earlier in the file", i + 1)));
                continue;
            }
            let id = &view.paragraphs[i].para.id;
            match self.translation_of(&view, id, &text) {
                Ok(t) => {
                    cursor = i + 1;
                    written.insert(i, t);
                }
                Err(Error::Version(e)) => report.unaligned.push(unaligned(format!("paragraph {}: {e}", i + 1))),
                Err(other) => return Err(other),
            }
        }
        let changed: Vec<Translation> = written
            .values()
            .filter(|t| translations.get(&t.paragraph).is_none_or(|old| (&old.text, &old.source, &old.source_brackets) != (&t.text, &t.source, &t.source_brackets)))
            .cloned()
            .collect();
        report.unchanged = written.len() - changed.len();
        report.translated = changed.len();
        report.untranslated = (0..view.paragraphs.len())
            .filter(|i| !written.contains_key(i) && !translations.contains_key(&view.paragraphs[*i].para.id))
            .map(|i| i + 1)
            .collect();
        if !changed.is_empty() {
            self.write_version(doc, |txn, v| {
                for t in &changed {
                    v.set(txn, t);
                }
                Ok(())
            })?;
        }
        Ok(report)
    }

    /// The draft as it reads in `lang`, for export: the original's structure with each
    /// paragraph's translation, outdated and missing ones marked in that language.
    pub fn version_view(&self, lang: Lang) -> Result<DraftView> {
        let (doc, meta) = self.added(lang)?;
        let view = self.view()?;
        let translations = self.read_version(doc, |txn, v| v.translations(txn));
        Ok(crate::model::version::translated_view(&view, &translations, crate::cites::lines(lang), &meta))
    }

    /// Sets the version's own meeting line and document symbol, as it prints them (`Some("")`:
    /// the original's again; `None`: unchanged).
    pub fn set_version_header(&self, lang: Lang, meeting: Option<&str>, symbol: Option<&str>) -> Result<VersionMeta> {
        let (doc, _) = self.added(lang)?;
        self.permits(crate::policy::Action::Write(doc))?;
        self.write_version(doc, |txn, v| {
            v.set_header(txn, meeting, symbol);
            Ok(())
        })?;
        Ok(self.added(lang)?.1)
    }

    fn acting_member(&self) -> Result<String> {
        Ok(self.caucus.inner.store.identity(&self.id)?.map(|i| i.member).unwrap_or_default())
    }

    /// Writes a version document: the claim of its client first (attribution), then the change.
    fn write_version(&self, doc: DocName, f: impl FnOnce(&mut yrs::TransactionMut, &Version) -> Result<()>) -> Result<()> {
        self.record_client_of(doc)?;
        let version = if doc == DocName::VersionEs { self.live.es.clone() } else { self.live.fr.clone() };
        self.transact(doc, |txn| f(txn, &version))
    }
}

/// The file's blocks (separated by blank lines), each with the 1-based line it starts on and its
/// lines joined by spaces.
fn blocks(file: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in file.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            out.extend(current.take());
            continue;
        }
        match &mut current {
            Some((_, text)) => {
                text.push(' ');
                text.push_str(line);
            }
            None => current = Some((i + 1, line.to_string())),
        }
    }
    out.extend(current);
    out
}
