//! A language version of the draft (issue #15 §2): the document `version-fr` or `version-es` (one translation per original paragraph, with the state of the original it translates) and its alignment with the original — current, outdated or missing — all pure.
//!
//! A version holds no structure of its own: kinds, levels, numbers and decision labels are the
//! original's, read from the draft, so they cannot be edited in a version. A translation is keyed
//! by the original paragraph's stable id, so a paragraph moved in the original keeps its
//! translation, a paragraph split in two leaves the first half outdated and the second missing,
//! and a paragraph deleted leaves its translation an orphan (kept, listed, never exported).
//! Brackets in a translation are written `[` `]` and tied in order to the original paragraph's
//! brackets: the version shows the original's status and holders, so "agreed" in English is
//! agreed in French.

use std::collections::BTreeMap;

use serde::Serialize;
use thiserror::Error;
use yrs::{Any, Doc, In, Map, MapPrelim, MapRef, Out, ReadTxn, TransactionMut};

use super::draft::out_string;
use super::schema::*;
use super::types::{BracketInfo, BracketStatus, DraftView, Marks, Paragraph, Span};
use crate::cites::{Lang, Lines};

/// Longest translation of one paragraph, in characters (an annex paragraph is a few thousand).
pub const MAX_TRANSLATION_CHARS: usize = 50_000;

/// Why a language-version operation cannot be done. No draft text is carried.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum VersionError {
    #[error("{lang} is the draft's original language: it has no version to add or translate")]
    Original { lang: Lang },
    #[error("the workshop has no {lang} version yet: add it with `caucus lang add <WS> {lang}`")]
    NotAdded { lang: Lang },
    #[error("the original paragraph has {expected} bracketed passage(s) but the translation has {found}: write each of the original's brackets once, in order, with [ and ]")]
    BracketsMismatch { expected: usize, found: usize },
    #[error("the translation's square brackets do not pair up (a [ without its ], a ] without its [, or one inside another)")]
    UnbalancedBrackets,
    #[error("the translation is {len} characters long; the limit is {max}")]
    TooLong { len: usize, max: usize },
    #[error("the translation is empty: write the paragraph's translation (a paragraph not yet translated stays missing)")]
    Empty,
    /// The paragraph's translation is no longer the one the translator began revising: saved
    /// meanwhile (on this device or another), or removed. Nothing was written.
    #[error("this paragraph's translation was changed since you began revising it{}: read it as it is now, then save yours again to replace it", by.as_deref().map(|b| format!(" (now by {b})")).unwrap_or_else(|| " (it was removed)".into()))]
    ChangedSince { by: Option<String> },
}

impl crate::coded::Coded for VersionError {
    fn code(&self) -> &'static str {
        match self {
            VersionError::Original { .. } => "lang.original",
            VersionError::NotAdded { .. } => "lang.not_added",
            VersionError::BracketsMismatch { .. } => "lang.brackets_mismatch",
            VersionError::UnbalancedBrackets => "lang.unbalanced_brackets",
            VersionError::TooLong { .. } => "lang.too_long",
            VersionError::Empty => "lang.empty",
            VersionError::ChangedSince { .. } => "lang.changed_since",
        }
    }
}

/// One paragraph's translation as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Translation {
    /// The original paragraph's id.
    pub paragraph: String,
    /// The translation, `[` `]` around each bracketed passage.
    pub text: String,
    /// The original's visible text when this was translated.
    pub source: String,
    /// The original's bracket statuses, in order, when this was translated (`agreed,open`).
    pub source_brackets: String,
    /// The member who wrote it.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
}

/// When and by whom a version was added, and its own header lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionMeta {
    pub lang: String,
    pub added_by: String,
    pub added_at: String,
    /// The meeting line in the version's language (`None`: the original's is printed).
    pub meeting: Option<String>,
    /// The document symbol as the version prints it (`None`: the original's).
    pub symbol: Option<String>,
}

/// Root handles of a version document.
#[derive(Clone)]
pub struct Version {
    pub meta: MapRef,
    pub paragraphs: MapRef,
}

impl Version {
    pub fn new(doc: &Doc) -> Self {
        Version { meta: doc.get_or_insert_map(VERSION_META), paragraphs: doc.get_or_insert_map(VERSION_PARAGRAPHS) }
    }

    /// Who added the version and when; `None` until it is added.
    pub fn meta<T: ReadTxn>(&self, txn: &T) -> Option<VersionMeta> {
        let s = |k: &str| self.meta.get(txn, k).map(|v| out_string(&v)).unwrap_or_default();
        let lang = s(VERSION_LANG);
        let line = |k: &str| Some(s(k)).filter(|v| !v.trim().is_empty());
        (!lang.is_empty()).then(|| VersionMeta {
            lang,
            added_by: s(VERSION_ADDED_BY),
            added_at: s(VERSION_ADDED_AT),
            meeting: line(VERSION_MEETING),
            symbol: line(VERSION_SYMBOL),
        })
    }

    /// Sets the version's meeting line and symbol (`Some("")` clears one: the original's is
    /// printed again; `None` leaves it).
    pub fn set_header(&self, txn: &mut TransactionMut, meeting: Option<&str>, symbol: Option<&str>) {
        for (key, value) in [(VERSION_MEETING, meeting), (VERSION_SYMBOL, symbol)] {
            if let Some(value) = value {
                self.meta.insert(txn, key, value.trim());
            }
        }
    }

    /// Records that the version exists (once: a version already added keeps its record).
    pub fn add(&self, txn: &mut TransactionMut, lang: Lang, by: &str, at: &str) {
        if self.meta(txn).is_some() {
            return;
        }
        self.meta.insert(txn, VERSION_LANG, lang.code());
        self.meta.insert(txn, VERSION_ADDED_BY, by);
        self.meta.insert(txn, VERSION_ADDED_AT, at);
    }

    /// Every translation, by original paragraph id.
    pub fn translations<T: ReadTxn>(&self, txn: &T) -> BTreeMap<String, Translation> {
        self.paragraphs
            .iter(txn)
            .filter_map(|(id, value)| {
                let Out::YMap(m) = value else { return None };
                let s = |k: &str| m.get(txn, k).map(|v| out_string(&v)).unwrap_or_default();
                Some((
                    id.to_string(),
                    Translation {
                        paragraph: id.to_string(),
                        text: s(VERSION_TEXT),
                        source: s(VERSION_SOURCE),
                        source_brackets: s(VERSION_SOURCE_BRACKETS),
                        by: s(VERSION_BY),
                        at: s(VERSION_AT),
                    },
                ))
            })
            .collect()
    }

    /// Writes a paragraph's translation: a new record (a Y.Map, attributable to the client that
    /// made it) replacing the earlier one.
    pub fn set(&self, txn: &mut TransactionMut, t: &Translation) {
        let record: MapPrelim = [
            (VERSION_TEXT, In::Any(Any::from(t.text.as_str()))),
            (VERSION_SOURCE, In::Any(Any::from(t.source.as_str()))),
            (VERSION_SOURCE_BRACKETS, In::Any(Any::from(t.source_brackets.as_str()))),
            (VERSION_BY, In::Any(Any::from(t.by.as_str()))),
            (VERSION_AT, In::Any(Any::from(t.at.as_str()))),
        ]
        .into_iter()
        .collect();
        self.paragraphs.insert(txn, t.paragraph.as_str(), record);
    }

    /// Removes a paragraph's translation (an orphan whose original was deleted, or a withdrawn
    /// translation).
    pub fn remove(&self, txn: &mut TransactionMut, paragraph: &str) {
        self.paragraphs.remove(txn, paragraph);
    }
}

/// The state of an original paragraph a translation records: its visible text and its
/// brackets' statuses in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceState {
    pub text: String,
    /// The paragraph's bracket ids, in order of first appearance.
    pub bracket_ids: Vec<String>,
    /// Their statuses, comma-separated, as stored (`agreed,open`).
    pub statuses: String,
}

/// The state of `para` a translation of it would record.
pub fn source_of(para: &Paragraph, brackets: &BTreeMap<String, BracketInfo>) -> SourceState {
    let mut bracket_ids: Vec<String> = Vec::new();
    for span in &para.spans {
        if let Some(id) = &span.marks.bracket {
            if !bracket_ids.contains(id) {
                bracket_ids.push(id.clone());
            }
        }
    }
    let statuses = bracket_ids
        .iter()
        .map(|id| brackets.get(id).map_or(BracketStatus::Open, |b| b.status).as_str())
        .collect::<Vec<_>>()
        .join(",");
    SourceState { text: crate::cites::visible_text(&para.spans), bracket_ids, statuses }
}

/// Where a paragraph's translation stands against the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Alignment {
    /// Translates the original as it is now.
    Current,
    /// Translates an earlier state: the original's words or a bracket's status changed since.
    Outdated,
    /// Not translated.
    Missing,
}

impl Alignment {
    pub fn as_str(self) -> &'static str {
        match self {
            Alignment::Current => "current",
            Alignment::Outdated => "outdated",
            Alignment::Missing => "missing",
        }
    }
}

/// One run of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordChange {
    /// `equal`, `inserted` or `deleted`.
    pub kind: &'static str,
    pub text: String,
}

/// One original paragraph and its translation, aligned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Aligned {
    pub paragraph: String,
    pub number: Option<String>,
    pub kind: &'static str,
    /// The original's visible text now.
    pub original: String,
    pub status: Alignment,
    pub translation: Option<Translation>,
    /// For an outdated paragraph: what changed in the original since it was translated, word by word.
    pub changes: Vec<WordChange>,
    /// For an outdated paragraph: whether a bracket's status changed since.
    pub brackets_changed: bool,
}

/// The version's paragraphs in the original's order, each current, outdated or missing.
pub fn align(view: &DraftView, translations: &BTreeMap<String, Translation>) -> Vec<Aligned> {
    align_with(view, translations, true)
}

/// [`align`], with the word diffs of outdated paragraphs computed only when `diffs` (the
/// translated view shows a paragraph's status, never its diff).
fn align_with(view: &DraftView, translations: &BTreeMap<String, Translation>, diffs: bool) -> Vec<Aligned> {
    view.paragraphs
        .iter()
        .map(|numbered| {
            let para = &numbered.para;
            let now = source_of(para, &view.brackets);
            let translation = translations.get(&para.id).cloned();
            let (status, changes, brackets_changed) = match &translation {
                None => (Alignment::Missing, Vec::new(), false),
                Some(t) if t.source == now.text && t.source_brackets == now.statuses => (Alignment::Current, Vec::new(), false),
                Some(t) => {
                    let changes = if !diffs || t.source == now.text { Vec::new() } else { word_diff(&t.source, &now.text) };
                    (Alignment::Outdated, changes, t.source_brackets != now.statuses)
                }
            };
            Aligned {
                paragraph: para.id.clone(),
                number: numbered.number.clone(),
                kind: para.kind.as_str(),
                original: now.text,
                status,
                translation,
                changes,
                brackets_changed,
            }
        })
        .collect()
}

/// Translations whose original paragraph is no longer in the draft (deleted there while the
/// translator worked): kept, and listed so that nothing a translator wrote disappears unseen.
pub fn orphans(view: &DraftView, translations: &BTreeMap<String, Translation>) -> Vec<Translation> {
    let present: std::collections::HashSet<&str> = view.paragraphs.iter().map(|p| p.para.id.as_str()).collect();
    translations.values().filter(|t| !present.contains(t.paragraph.as_str())).cloned().collect()
}

/// The changes from `old` to `new`, word by word (whitespace kept with the word before it).
pub fn word_diff(old: &str, new: &str) -> Vec<WordChange> {
    let words = |s: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for piece in s.split_inclusive(char::is_whitespace) {
            match out.last_mut() {
                Some(last) if piece.trim().is_empty() => last.push_str(piece),
                _ => out.push(piece.to_string()),
            }
        }
        out
    };
    let (a, b) = (words(old), words(new));
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(200);
    let mut out: Vec<WordChange> = Vec::new();
    let mut push = |kind: &'static str, text: String| match out.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(&text),
        _ => out.push(WordChange { kind, text }),
    };
    for op in similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &a, &b, Some(deadline)) {
        match op {
            similar::DiffOp::Equal { old_index, len, .. } => push("equal", a[old_index..old_index + len].concat()),
            similar::DiffOp::Delete { old_index, old_len, .. } => push("deleted", a[old_index..old_index + old_len].concat()),
            similar::DiffOp::Insert { new_index, new_len, .. } => push("inserted", b[new_index..new_index + new_len].concat()),
            similar::DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                push("deleted", a[old_index..old_index + old_len].concat());
                push("inserted", b[new_index..new_index + new_len].concat());
            }
        }
    }
    out
}

/// A translation's text as spans: each `[`…`]` passage carries the id of the original
/// paragraph's bracket in the same place of the order. The brackets must pair up and match the
/// original's in number.
pub fn translation_spans(text: &str, bracket_ids: &[String]) -> Result<Vec<Span>, VersionError> {
    if text.trim().is_empty() {
        return Err(VersionError::Empty);
    }
    let len = text.chars().count();
    if len > MAX_TRANSLATION_CHARS {
        return Err(VersionError::TooLong { len, max: MAX_TRANSLATION_CHARS });
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut current = String::new();
    let mut inside = false;
    let mut found = 0usize;
    for c in text.chars() {
        match (c, inside) {
            ('[', false) => {
                if !current.is_empty() {
                    spans.push(Span::plain(std::mem::take(&mut current)));
                }
                inside = true;
            }
            (']', true) => {
                let id = bracket_ids.get(found).cloned();
                found += 1;
                spans.push(Span { text: std::mem::take(&mut current), marks: Marks { bracket: id, ..Marks::default() } });
                inside = false;
            }
            ('[', true) | (']', false) => return Err(VersionError::UnbalancedBrackets),
            (c, _) => current.push(c),
        }
    }
    if inside {
        return Err(VersionError::UnbalancedBrackets);
    }
    if found != bracket_ids.len() {
        return Err(VersionError::BracketsMismatch { expected: bracket_ids.len(), found });
    }
    if !current.is_empty() {
        spans.push(Span::plain(current));
    }
    spans.retain(|s| !s.text.is_empty());
    Ok(spans)
}

/// The draft as it reads in a version, for export: the original's structure (kinds, levels,
/// numbers, labels, brackets with their status and holders) with each paragraph's translation;
/// an outdated one is kept and marked, a missing one is marked, in the version's language —
/// never replaced by the original's words.
pub fn translated_view(view: &DraftView, translations: &BTreeMap<String, Translation>, lines: &Lines, meta: &VersionMeta) -> DraftView {
    let mut out = view.clone();
    if let Some(meeting) = &meta.meeting {
        out.meta.meeting = meeting.clone();
    }
    if let Some(symbol) = &meta.symbol {
        out.meta.symbol = symbol.clone();
    }
    let marker = |text: &str| Span { text: text.to_string(), marks: Marks { em: true, strong: true, ..Marks::default() } };
    for (numbered, aligned) in out.paragraphs.iter_mut().zip(align_with(view, translations, false)) {
        let now = source_of(&numbered.para, &view.brackets);
        let translated = aligned.translation.as_ref().map(|t| {
            translation_spans(&t.text, &now.bracket_ids)
                // A translation whose brackets no longer match the original's (a bracket added
                // or removed since) is outdated: its words are shown without bracket ties.
                .unwrap_or_else(|_| vec![Span::plain(t.text.replace(['[', ']'], ""))])
        });
        numbered.para.spans = match (aligned.status, translated) {
            (Alignment::Current, Some(spans)) => spans,
            (Alignment::Outdated, Some(mut spans)) => {
                spans.insert(0, marker(&format!("{} ", lines.outdated)));
                spans
            }
            _ => vec![marker(lines.missing)],
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("b{i}")).collect()
    }

    #[test]
    fn a_translation_ties_its_brackets_to_the_original_in_order() {
        let spans = translation_spans("Les Parties [doivent] adopter [des mesures].", &ids(2)).expect("two brackets");
        let tied: Vec<(&str, Option<&str>)> = spans.iter().map(|s| (s.text.as_str(), s.marks.bracket.as_deref())).collect();
        assert_eq!(
            tied,
            vec![("Les Parties ", None), ("doivent", Some("b0")), (" adopter ", None), ("des mesures", Some("b1")), (".", None)]
        );
        assert_eq!(translation_spans("une [seule]", &ids(2)), Err(VersionError::BracketsMismatch { expected: 2, found: 1 }));
        assert_eq!(translation_spans("[a [b]]", &ids(2)), Err(VersionError::UnbalancedBrackets));
        assert_eq!(translation_spans("a]", &ids(0)), Err(VersionError::UnbalancedBrackets));
        assert_eq!(translation_spans("[a", &ids(1)), Err(VersionError::UnbalancedBrackets));
        assert_eq!(translation_spans("  ", &ids(0)), Err(VersionError::Empty), "an empty translation is no translation");
    }

    /// One operative paragraph whose words changed since it was translated: outdated either way;
    /// the word diff computed for the side-by-side view, not for the translated view's own use.
    #[test]
    fn only_the_side_by_side_alignment_computes_the_word_diff() {
        let para = Paragraph { id: "p1".into(), kind: super::super::types::ParaKind::Operative, level: 0, label: None, spans: vec![Span::plain("Parties shall adopt measures")] };
        let view = DraftView { paragraphs: vec![super::super::types::NumberedParagraph { number: Some("1.".into()), para }], ..DraftView::default() };
        let translation = Translation { paragraph: "p1".into(), text: "Les Parties devraient adopter des mesures".into(), source: "Parties should adopt measures".into(), ..Translation::default() };
        let translations = BTreeMap::from([("p1".to_string(), translation)]);
        let side_by_side = align(&view, &translations);
        assert_eq!((side_by_side[0].status, side_by_side[0].changes.len()), (Alignment::Outdated, 4), "{:?}", side_by_side[0].changes);
        let for_the_view = align_with(&view, &translations, false);
        assert_eq!((for_the_view[0].status, for_the_view[0].changes.len()), (Alignment::Outdated, 0));
    }

    #[test]
    fn a_word_diff_shows_what_changed() {
        let d = word_diff("Parties should adopt measures", "Parties shall adopt legal measures");
        let rendered: Vec<String> = d.iter().map(|c| format!("{}:{}", c.kind, c.text)).collect();
        assert_eq!(rendered, vec!["equal:Parties ", "deleted:should ", "inserted:shall ", "equal:adopt ", "inserted:legal ", "equal:measures"]);
    }
}
