//! The `draft` document: the body of `para` blocks, its meta and brackets, read and edited through yrs.

use std::collections::{BTreeMap, HashMap};

use std::sync::Arc;

use yrs::types::text::YChange;
use yrs::types::Attrs;
use yrs::{
    Any, Doc, In, Map, MapPrelim, MapRef, Out, ReadTxn, Text, TransactionMut, Xml, XmlElementPrelim, XmlElementRef,
    XmlFragment, XmlFragmentRef, XmlOut, XmlTextPrelim, XmlTextRef,
};

use super::error::{ModelError, Result};
use super::numbering;
use super::schema::*;
use super::types::*;

/// Handles to the draft's root types. Cheap to create; valid for the doc they came from.
#[derive(Clone)]
pub struct Draft {
    pub body: XmlFragmentRef,
    pub meta: MapRef,
    pub brackets: MapRef,
    pub paragraphs: MapRef,
    pub agreed: MapRef,
    pub log: MapRef,
}

impl Draft {
    pub fn new(doc: &Doc) -> Self {
        Draft {
            body: doc.get_or_insert_xml_fragment(BODY),
            meta: doc.get_or_insert_map(META),
            brackets: doc.get_or_insert_map(BRACKETS),
            paragraphs: doc.get_or_insert_map(PARAGRAPHS),
            agreed: doc.get_or_insert_map(AGREED),
            log: doc.get_or_insert_map(LOG),
        }
    }

    /// The paragraphs marked agreed: paragraph id → who marked it and when (an entry this build
    /// cannot read is left out: every endpoint refuses one).
    pub fn agreed_marks<T: ReadTxn>(&self, txn: &T) -> BTreeMap<String, AgreedMark> {
        self.agreed.iter(txn).filter_map(|(id, value)| Some((id.to_string(), read_agreed(txn, &value)?))).collect()
    }

    /// Marks paragraph `para_id` agreed (`Some`) or withdraws the mark (`None`).
    pub fn set_agreed(&self, txn: &mut TransactionMut, para_id: &str, mark: Option<&AgreedMark>) {
        match mark {
            Some(mark) => {
                let entry: MapPrelim = [
                    (AGREED_BY, In::Any(Any::from(mark.by.as_str()))),
                    (AGREED_AT, In::Any(Any::from(mark.at.as_str()))),
                ]
                .into_iter()
                .collect();
                self.agreed.insert(txn, para_id, entry);
            }
            None => {
                self.agreed.remove(txn, para_id);
            }
        }
    }

    /// The log (issue #14 §4), oldest first (by `at`, then id); an entry this build cannot read
    /// is left out (every endpoint refuses one).
    pub fn log_entries<T: ReadTxn>(&self, txn: &T) -> Vec<LogEntry> {
        let mut entries: Vec<LogEntry> = self.log.iter(txn).filter_map(|(id, value)| read_log_entry(id, &value)).collect();
        entries.sort_by(|a, b| (a.at.as_str(), a.id.as_str()).cmp(&(b.at.as_str(), b.id.as_str())));
        entries
    }

    /// Appends `entry` to the log, as one plain object (never changed once written).
    pub fn append_log(&self, txn: &mut TransactionMut, entry: &LogEntry) {
        self.log.insert(txn, entry.id.as_str(), log_value(entry));
    }

    // --- reading ---------------------------------------------------------------------------

    pub fn meta<T: ReadTxn>(&self, txn: &T) -> DraftMeta {
        let get = |key: &str| self.meta.get(txn, key).map(|v| out_string(&v)).unwrap_or_default();
        DraftMeta {
            title: get(META_TITLE),
            symbol: get(META_SYMBOL),
            meeting: get(META_MEETING),
            kind: get(META_KIND).parse().unwrap_or_default(),
            language: get(META_LANGUAGE),
        }
    }

    /// The layout version the draft declares in `meta`: 1 when absent (drafts from before it was
    /// written) or not an integer (nor its decimal string), at least 1, at most `u32::MAX`. The
    /// webview reads it the same way (`declaredSchemaVersion`, tested on the same cases).
    pub fn schema_version<T: ReadTxn>(&self, txn: &T) -> u32 {
        schema_version_of(self.meta.get(txn, META_SCHEMA_VERSION).as_ref())
    }

    /// Every paragraph in order. Elements that are not `para` (a peer with a newer schema) are
    /// read as text paragraphs rather than dropped, so no words go missing from an export.
    pub fn paragraphs<T: ReadTxn>(&self, txn: &T) -> Vec<Paragraph> {
        self.elements(txn).iter().map(|el| read_paragraph(txn, el)).collect()
    }

    pub fn len<T: ReadTxn>(&self, txn: &T) -> usize {
        self.elements(txn).len()
    }

    pub fn brackets<T: ReadTxn>(&self, txn: &T) -> BTreeMap<String, BracketInfo> {
        self.brackets
            .iter(txn)
            .map(|(id, value)| (id.to_string(), read_bracket(txn, &value)))
            .collect()
    }

    pub fn view<T: ReadTxn>(&self, txn: &T) -> DraftView {
        DraftView {
            meta: self.meta(txn),
            paragraphs: numbering::number(self.paragraphs(txn)),
            brackets: self.brackets(txn),
        }
    }

    /// The body's block elements (the `para` nodes).
    pub fn elements<T: ReadTxn>(&self, txn: &T) -> Vec<XmlElementRef> {
        self.body
            .children(txn)
            .filter_map(|child| match child {
                XmlOut::Element(el) => Some(el),
                _ => None,
            })
            .collect()
    }

    /// The XmlText of a paragraph (its first text child).
    pub fn text_of<T: ReadTxn>(txn: &T, el: &XmlElementRef) -> Option<XmlTextRef> {
        el.children(txn).find_map(|c| match c {
            XmlOut::Text(t) => Some(t),
            _ => None,
        })
    }

    fn element_at<T: ReadTxn>(&self, txn: &T, position: usize) -> Result<(u32, XmlElementRef)> {
        let elements = self.elements(txn);
        let el = elements
            .get(position)
            .cloned()
            .ok_or(ModelError::NoSuchParagraph { position: position + 1, len: elements.len() })?;
        // Index among all children, which may include stray non-element nodes.
        let index = self
            .body
            .children(txn)
            .position(|c| matches!(&c, XmlOut::Element(e) if *e == el))
            .unwrap_or(position) as u32;
        Ok((index, el))
    }

    // --- editing ---------------------------------------------------------------------------

    /// Writes the meta fields, and the layout version when the draft declares none yet (a draft
    /// being created; never lowering the version a newer Caucus wrote).
    pub fn set_meta(&self, txn: &mut TransactionMut, meta: &DraftMeta) {
        self.meta.insert(txn, META_TITLE, meta.title.as_str());
        self.meta.insert(txn, META_SYMBOL, meta.symbol.as_str());
        self.meta.insert(txn, META_MEETING, meta.meeting.as_str());
        self.meta.insert(txn, META_KIND, meta.kind.as_str());
        self.meta.insert(txn, META_LANGUAGE, meta.language.as_str());
        if self.meta.get(txn, META_SCHEMA_VERSION).is_none() {
            self.meta.insert(txn, META_SCHEMA_VERSION, Any::from(SCHEMA_VERSION));
        }
    }

    /// Inserts a paragraph at 0-based `position` (clamped to the end) with the given id.
    /// Bracket ids found in the spans get an entry in `brackets` if they have none.
    pub fn insert(&self, txn: &mut TransactionMut, position: usize, id: &str, para: &NewParagraph) -> Result<()> {
        check_level(para.level)?;
        let len = self.len(txn);
        let position = position.min(len);
        let index = if position == len {
            self.body.len(txn)
        } else {
            self.element_at(txn, position)?.0
        };
        let el = self.body.insert(txn, index, XmlElementPrelim::empty(PARA));
        self.fill(txn, &el, id, para);
        Ok(())
    }

    /// Replaces the whole body with `paragraphs` (each with its id), in time linear in their
    /// number: each is put first, last one first (yrs finds an index by walking from the start, so
    /// inserting each at the end would take quadratic time: 41 s for 20,000 paragraphs).
    pub fn replace_all(&self, txn: &mut TransactionMut, paragraphs: &[(String, NewParagraph)]) -> Result<()> {
        for (_, para) in paragraphs {
            check_level(para.level)?;
        }
        self.clear(txn);
        for (id, para) in paragraphs.iter().rev() {
            let el = self.body.insert(txn, 0, XmlElementPrelim::empty(PARA));
            self.fill(txn, &el, id, para);
        }
        Ok(())
    }

    /// Writes a new `para` element's attributes and text, and registers its brackets.
    fn fill(&self, txn: &mut TransactionMut, el: &XmlElementRef, id: &str, para: &NewParagraph) {
        el.insert_attribute(txn, ATTR_ID, id);
        el.insert_attribute(txn, ATTR_KIND, para.kind.as_str());
        el.insert_attribute(txn, ATTR_LEVEL, Any::from(para.level as i64));
        if let Some(label) = &para.label {
            el.insert_attribute(txn, ATTR_LABEL, label.as_str());
        }
        let text = el.insert(txn, 0, XmlTextPrelim::new(""));
        write_spans(txn, &text, 0, &para.spans);
        for span in &para.spans {
            if let Some(bracket) = &span.marks.bracket {
                if self.brackets.get(txn, bracket).is_none() {
                    self.set_bracket(txn, bracket, &BracketInfo::default());
                }
            }
        }
    }

    /// Replaces the text of the paragraph at `position`, touching only the words that changed
    /// (so comment anchors on kept words and concurrent edits elsewhere in it survive).
    pub fn set_text(&self, txn: &mut TransactionMut, position: usize, new_text: &str) -> Result<()> {
        let (_, el) = self.element_at(txn, position)?;
        let text = match Self::text_of(txn, &el) {
            Some(t) => t,
            None => el.insert(txn, 0, XmlTextPrelim::new("")),
        };
        let old = plain_text(txn, &text);
        // Applied from the end so that earlier byte offsets stay valid.
        for edit in word_diff(&old, new_text).into_iter().rev() {
            if edit.delete > 0 {
                text.remove_range(txn, edit.at as u32, edit.delete as u32);
            }
            if !edit.insert.is_empty() {
                // Plain insertion inherits the marks at its left, as typing does in the editor.
                text.insert(txn, edit.at as u32, &edit.insert);
            }
        }
        Ok(())
    }

    /// Inserts `span` (its text with exactly its marks) at byte `at` of paragraph `position`.
    pub fn insert_span(&self, txn: &mut TransactionMut, position: usize, at: usize, span: &Span) -> Result<()> {
        let (_, el) = self.element_at(txn, position)?;
        let text = Self::text_of(txn, &el).ok_or(ModelError::Empty("paragraph text"))?;
        write_spans(txn, &text, at as u32, std::slice::from_ref(span));
        Ok(())
    }

    /// Deletes every word marked with bracket `id`, in every paragraph; returns how many bytes.
    pub fn delete_bracketed(&self, txn: &mut TransactionMut, id: &str) -> usize {
        let mut deleted = 0;
        for el in self.elements(txn) {
            let Some(text) = Self::text_of(txn, &el) else { continue };
            let mut ranges = Vec::new();
            let mut at = 0usize;
            for span in read_spans(txn, &text) {
                if span.marks.bracket.as_deref() == Some(id) {
                    ranges.push((at, span.text.len()));
                }
                at += span.text.len();
            }
            for (start, len) in ranges.into_iter().rev() {
                text.remove_range(txn, start as u32, len as u32);
                deleted += len;
            }
        }
        deleted
    }

    /// The paragraph at `position`.
    pub fn paragraph_at<T: ReadTxn>(&self, txn: &T, position: usize) -> Result<Paragraph> {
        let (_, el) = self.element_at(txn, position)?;
        Ok(read_paragraph(txn, &el))
    }

    /// Makes the paragraph at `position` hold exactly `spans` (text and marks), touching only the
    /// words that differ ([`Self::set_text`]) and then only the stretches whose marks differ.
    pub fn set_spans(&self, txn: &mut TransactionMut, position: usize, spans: &[Span]) -> Result<()> {
        let target: String = spans.iter().map(|s| s.text.as_str()).collect();
        self.set_text(txn, position, &target)?;
        let (_, el) = self.element_at(txn, position)?;
        let text = Self::text_of(txn, &el).ok_or(ModelError::Empty("paragraph text"))?;
        let per_byte = |spans: &[Span]| -> Vec<Marks> { spans.iter().flat_map(|s| std::iter::repeat_n(s.marks.clone(), s.text.len())).collect() };
        let now = per_byte(&read_spans(txn, &text));
        let wanted = per_byte(spans);
        let mut at = 0;
        while at < wanted.len() {
            if now.get(at) == wanted.get(at) {
                at += 1;
                continue;
            }
            // A stretch of one wanted set of marks that differs from what is there.
            let marks = &wanted[at];
            let mut end = at + 1;
            while end < wanted.len() && &wanted[end] == marks && now.get(end) != wanted.get(end) {
                end += 1;
            }
            text.format(txn, at as u32, (end - at) as u32, mark_attrs(marks));
            at = end;
        }
        Ok(())
    }

    pub fn set_kind(&self, txn: &mut TransactionMut, position: usize, kind: ParaKind) -> Result<()> {
        let (_, el) = self.element_at(txn, position)?;
        el.insert_attribute(txn, ATTR_KIND, kind.as_str());
        Ok(())
    }

    pub fn set_level(&self, txn: &mut TransactionMut, position: usize, level: u8) -> Result<()> {
        check_level(level)?;
        let (_, el) = self.element_at(txn, position)?;
        el.insert_attribute(txn, ATTR_LEVEL, Any::from(level as i64));
        Ok(())
    }

    pub fn set_label(&self, txn: &mut TransactionMut, position: usize, label: Option<&str>) -> Result<()> {
        let (_, el) = self.element_at(txn, position)?;
        match label {
            Some(label) => {
                el.insert_attribute(txn, ATTR_LABEL, label);
            }
            None => el.remove_attribute(txn, &ATTR_LABEL),
        }
        Ok(())
    }

    pub fn delete(&self, txn: &mut TransactionMut, position: usize) -> Result<Paragraph> {
        let (index, el) = self.element_at(txn, position)?;
        let para = read_paragraph(txn, &el);
        self.body.remove_range(txn, index, 1);
        Ok(para)
    }

    /// Moves a paragraph; it keeps its id, kind, level, label and marked text. (A Yjs XmlFragment
    /// has no native move, so this is a delete and an insert of the same content.)
    pub fn move_to(&self, txn: &mut TransactionMut, from: usize, to: usize) -> Result<()> {
        let len = self.len(txn);
        if to >= len {
            return Err(ModelError::NoSuchParagraph { position: to + 1, len });
        }
        if from == to {
            self.element_at(txn, from)?;
            return Ok(());
        }
        let para = self.delete(txn, from)?;
        let new = NewParagraph { kind: para.kind, level: para.level, label: para.label, spans: para.spans };
        self.insert(txn, to, &para.id, &new)
    }

    /// Removes every paragraph (used by import, which replaces the body in one transaction).
    pub fn clear(&self, txn: &mut TransactionMut) {
        let len = self.body.len(txn);
        if len > 0 {
            self.body.remove_range(txn, 0, len);
        }
    }

    /// Sets a bracket's status and holders. Entries are Y.Maps (not plain objects) so that two
    /// delegations changing status and holders at once both win, and encoding stays byte-stable.
    pub fn set_bracket(&self, txn: &mut TransactionMut, id: &str, info: &BracketInfo) {
        let holders: Vec<Any> = info.holders.iter().map(|h| Any::from(h.as_str())).collect();
        match self.brackets.get(txn, id) {
            Some(Out::YMap(entry)) => {
                let was = read_bracket(txn, &Out::YMap(entry.clone()));
                // Only what changed is written, so a concurrent change of another field wins too.
                if was.status != info.status {
                    entry.insert(txn, BRACKET_STATUS, info.status.as_str());
                }
                if was.holders != info.holders {
                    entry.insert(txn, BRACKET_HOLDERS, Any::from(holders));
                }
                if was.alternative_of != info.alternative_of {
                    match &info.alternative_of {
                        Some(of) => {
                            entry.insert(txn, BRACKET_ALTERNATIVE_OF, of.as_str());
                        }
                        None => {
                            entry.remove(txn, BRACKET_ALTERNATIVE_OF);
                        }
                    }
                }
                if was.package != info.package {
                    match &info.package {
                        Some(package) => {
                            entry.insert(txn, BRACKET_PACKAGE, package.as_str());
                        }
                        None => {
                            entry.remove(txn, BRACKET_PACKAGE);
                        }
                    }
                }
            }
            _ => {
                let mut fields = vec![
                    (BRACKET_STATUS, In::Any(Any::from(info.status.as_str()))),
                    (BRACKET_HOLDERS, In::Any(Any::from(holders))),
                ];
                if let Some(package) = &info.package {
                    fields.push((BRACKET_PACKAGE, In::Any(Any::from(package.as_str()))));
                }
                if let Some(of) = &info.alternative_of {
                    fields.push((BRACKET_ALTERNATIVE_OF, In::Any(Any::from(of.as_str()))));
                }
                let entry: MapPrelim = fields.into_iter().collect();
                self.brackets.insert(txn, id, entry);
            }
        }
    }

    /// Puts the `bracket` mark on a stretch of a paragraph's text (byte offsets).
    pub fn bracket_range(
        &self,
        txn: &mut TransactionMut,
        position: usize,
        start: usize,
        len: usize,
        bracket_id: &str,
        info: &BracketInfo,
    ) -> Result<()> {
        let (_, el) = self.element_at(txn, position)?;
        let text = Self::text_of(txn, &el).ok_or(ModelError::Empty("paragraph text"))?;
        let mut attrs = Attrs::new();
        attrs.insert(Arc::from(MARK_BRACKET), bracket_attr(bracket_id));
        text.format(txn, start as u32, len as u32, attrs);
        self.set_bracket(txn, bracket_id, info);
        Ok(())
    }
}

fn check_level(level: u8) -> Result<()> {
    if level > 2 {
        Err(ModelError::BadLevel(level))
    } else {
        Ok(())
    }
}

fn bracket_attr(id: &str) -> Any {
    let mut m = HashMap::new();
    m.insert(MARK_BRACKET_ID.to_string(), Any::from(id));
    Any::from(m)
}

/// Writes spans at `index` with explicit marks: every mark key is set or cleared, so a span never
/// inherits formatting from its left neighbour.
fn write_spans(txn: &mut TransactionMut, text: &XmlTextRef, mut index: u32, spans: &[Span]) {
    for span in spans {
        if span.text.is_empty() {
            continue;
        }
        text.insert_with_attributes(txn, index, &span.text, mark_attrs(&span.marks));
        index += span.text.len() as u32;
    }
}

/// Every mark key set or cleared, so that text written with them inherits nothing.
fn mark_attrs(marks: &Marks) -> Attrs {
    let flag = |on: bool| if on { Any::from(HashMap::<String, Any>::new()) } else { Any::Null };
    let mut attrs = Attrs::new();
    attrs.insert(Arc::from(MARK_EM), flag(marks.em));
    attrs.insert(Arc::from(MARK_STRONG), flag(marks.strong));
    attrs.insert(Arc::from(MARK_UNDERLINE), flag(marks.underline));
    attrs.insert(Arc::from(MARK_BRACKET), marks.bracket.as_deref().map(bracket_attr).unwrap_or(Any::Null));
    attrs
}

fn read_paragraph<T: ReadTxn>(txn: &T, el: &XmlElementRef) -> Paragraph {
    let attr = |name: &str| el.get_attribute(txn, name);
    let kind = if el.tag().as_ref() == PARA {
        attr(ATTR_KIND).and_then(|k| out_string(&k).parse().ok()).unwrap_or(ParaKind::Text)
    } else {
        ParaKind::Text
    };
    let level = attr(ATTR_LEVEL).and_then(|l| out_number(&l)).unwrap_or(0).clamp(0, 2) as u8;
    let label = attr(ATTR_LABEL).map(|l| out_string(&l)).filter(|l| !l.is_empty());
    let id = attr(ATTR_ID).map(|i| out_string(&i)).unwrap_or_default();
    let mut spans = Vec::new();
    for child in el.children(txn) {
        if let XmlOut::Text(text) = child {
            spans.extend(read_spans(txn, &text));
        }
    }
    Paragraph { id, kind, level, label, spans: merge_spans(spans) }
}

pub(crate) fn read_spans<T: ReadTxn>(txn: &T, text: &XmlTextRef) -> Vec<Span> {
    text.diff(txn, YChange::identity)
        .into_iter()
        .filter_map(|d| match &d.insert {
            Out::Any(Any::String(s)) => Some(Span { text: s.to_string(), marks: marks_of(d.attributes.as_deref()) }),
            _ => None,
        })
        .collect()
}

/// The marks that a run's formatting attributes stand for (absent or null means off).
pub(crate) fn marks_of(attrs: Option<&Attrs>) -> Marks {
    let mut marks = Marks::default();
    if let Some(attrs) = attrs {
        let on = |k: &str| attrs.get(k).is_some_and(|v| !matches!(v, Any::Null | Any::Undefined));
        marks.em = on(MARK_EM);
        marks.strong = on(MARK_STRONG);
        marks.underline = on(MARK_UNDERLINE);
        marks.bracket = match attrs.get(MARK_BRACKET) {
            Some(Any::Map(m)) => match m.get(MARK_BRACKET_ID) {
                Some(Any::String(id)) => Some(id.to_string()),
                _ => Some(String::new()),
            },
            _ => None,
        };
    }
    marks
}

/// The text of an XmlText without marks (yrs's `get_string` would render marks as XML tags).
pub(crate) fn plain_text<T: ReadTxn>(txn: &T, text: &XmlTextRef) -> String {
    read_spans(txn, text).into_iter().map(|s| s.text).collect()
}

fn merge_spans(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match out.last_mut() {
            Some(last) if last.marks == span.marks => last.text.push_str(&span.text),
            _ => out.push(span),
        }
    }
    out
}

pub(crate) fn read_bracket<T: ReadTxn>(txn: &T, value: &Out) -> BracketInfo {
    let (status, holders, package, alternative_of) = match value {
        Out::YMap(m) => (m.get(txn, BRACKET_STATUS), m.get(txn, BRACKET_HOLDERS), m.get(txn, BRACKET_PACKAGE), m.get(txn, BRACKET_ALTERNATIVE_OF)),
        // A peer may have written a plain object.
        Out::Any(Any::Map(m)) => (
            m.get(BRACKET_STATUS).cloned().map(Out::Any),
            m.get(BRACKET_HOLDERS).cloned().map(Out::Any),
            m.get(BRACKET_PACKAGE).cloned().map(Out::Any),
            m.get(BRACKET_ALTERNATIVE_OF).cloned().map(Out::Any),
        ),
        _ => (None, None, None, None),
    };
    BracketInfo {
        alternative_of: match alternative_of {
            Some(Out::Any(Any::String(s))) if !s.trim().is_empty() => Some(s.to_string()),
            _ => None,
        },
        package: match package {
            Some(Out::Any(Any::String(s))) if !s.trim().is_empty() => Some(s.to_string()),
            _ => None,
        },
        status: status.map(|s| out_string(&s)).and_then(|s| s.parse().ok()).unwrap_or_default(),
        holders: match holders {
            Some(Out::Any(Any::Array(holders))) => holders
                .iter()
                .filter_map(|h| match h {
                    Any::String(s) => Some(s.to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        },
    }
}

/// A `schemaVersion` value as read: see [`Draft::schema_version`].
pub(crate) fn schema_version_of(value: Option<&Out>) -> u32 {
    let declared = value.and_then(out_number).unwrap_or(1);
    u32::try_from(declared.max(1)).unwrap_or(u32::MAX)
}

/// A string value as written by us or by a Yjs peer (numbers are shown as numbers).
pub(crate) fn out_string(value: &Out) -> String {
    match value {
        Out::Any(Any::String(s)) => s.to_string(),
        Out::Any(Any::Number(n)) => n.to_string(),
        Out::Any(Any::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn out_number(value: &Out) -> Option<i64> {
    match value {
        Out::Any(Any::Number(n)) => n.as_i64(),
        Out::Any(Any::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

/// One replacement in the old text: at byte `at`, delete `delete` bytes, insert `insert`.
#[derive(Debug, PartialEq, Eq)]
struct TextEdit {
    at: usize,
    delete: usize,
    insert: String,
}

/// Words, runs of whitespace, and single punctuation marks, in order (they concatenate to `s`).
pub(crate) fn tokens(s: &str) -> Vec<&str> {
    fn class(c: char) -> u8 {
        if c.is_whitespace() {
            0
        } else if c.is_alphanumeric() {
            1
        } else {
            2
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut last: Option<u8> = None;
    for (i, c) in s.char_indices() {
        let k = class(c);
        if i > start && (last != Some(k) || k == 2) {
            out.push(&s[start..i]);
            start = i;
        }
        last = Some(k);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The edits that turn `old` into `new`, word by word (Myers' diff over tokens, with a deadline
/// so that a huge paragraph degrades to a coarser diff rather than a stall).
fn word_diff(old: &str, new: &str) -> Vec<TextEdit> {
    let (a, b) = (tokens(old), tokens(new));
    let offsets = |t: &[&str]| {
        let mut acc = Vec::with_capacity(t.len() + 1);
        let mut n = 0;
        acc.push(0);
        for s in t {
            n += s.len();
            acc.push(n);
        }
        acc
    };
    let (oa, ob) = (offsets(&a), offsets(&b));
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(200);
    let mut edits = Vec::new();
    for op in similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &a, &b, Some(deadline)) {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        if matches!(op, similar::DiffOp::Equal { .. }) {
            continue;
        }
        edits.push(TextEdit {
            at: oa[old_range.start],
            delete: oa[old_range.end] - oa[old_range.start],
            insert: new[ob[new_range.start]..ob[new_range.end]].to_string(),
        });
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::Transact;

    #[test]
    fn a_created_draft_declares_schema_version_1_and_an_older_one_reads_as_1() {
        let doc = Doc::new();
        let draft = Draft::new(&doc);
        assert_eq!(draft.schema_version(&doc.transact()), 1, "absent reads as 1");
        assert!(draft.meta.get(&doc.transact(), META_SCHEMA_VERSION).is_none());
        draft.set_meta(&mut doc.transact_mut(), &DraftMeta::default());
        let txn = doc.transact();
        assert_eq!(draft.meta.get(&txn, META_SCHEMA_VERSION).and_then(|v| out_number(&v)), Some(1), "written as a number");
        assert_eq!(draft.schema_version(&txn), 1);
    }

    #[test]
    fn a_newer_schema_version_is_read_and_never_lowered_by_set_meta() {
        let doc = Doc::new();
        let draft = Draft::new(&doc);
        draft.meta.insert(&mut doc.transact_mut(), META_SCHEMA_VERSION, 2);
        draft.set_meta(&mut doc.transact_mut(), &DraftMeta { title: "T".into(), ..DraftMeta::default() });
        assert_eq!(draft.schema_version(&doc.transact()), 2);
        for (value, read) in [
            (Any::from("x"), 1),
            (Any::from(0), 1),
            (Any::from(-3), 1),
            (Any::from(1.5), 1),
            (Any::from(true), 1),
            (Any::from("3"), 3),
            (Any::from(1e12), u32::MAX),
        ] {
            draft.meta.insert(&mut doc.transact_mut(), META_SCHEMA_VERSION, value.clone());
            assert_eq!(draft.schema_version(&doc.transact()), read, "{value:?}");
        }
    }

    /// Applies edits the way `set_text` does, to check the diff reproduces the new text.
    fn apply(old: &str, edits: &[TextEdit]) -> String {
        let mut s = old.to_string();
        for e in edits.iter().rev() {
            s.replace_range(e.at..e.at + e.delete, &e.insert);
        }
        s
    }

    #[test]
    fn a_word_diff_touches_only_changed_words_and_reproduces_the_new_text() {
        let cases = [
            ("URGES Parties to adopt legislation;", "STRONGLY URGES all Parties to adopt legislation without delay;"),
            ("", "new text"),
            ("old text", ""),
            ("same", "same"),
            ("café au lait", "café noir au lait"),
            ("a b c d", "d c b a"),
            ("edit 12", "edit 13 (rewritten 12)"),
        ];
        for (old, new) in cases {
            let edits = word_diff(old, new);
            assert_eq!(apply(old, &edits), new, "{old:?} → {new:?}: {edits:?}");
        }
        let edits = word_diff(cases[0].0, cases[0].1);
        let deleted: usize = edits.iter().map(|e| e.delete).sum();
        assert_eq!(deleted, 0, "the kept words are not retyped: {edits:?}");
    }
}

/// An agreed mark's `{by, at}` as the draft holds it; `None` unless both are strings.
pub fn read_agreed<T: ReadTxn>(txn: &T, value: &Out) -> Option<AgreedMark> {
    let Out::YMap(entry) = value else { return None };
    let field = |k: &str| match entry.get(txn, k) {
        Some(Out::Any(Any::String(s))) => Some(s.to_string()),
        _ => None,
    };
    Some(AgreedMark { by: field(AGREED_BY)?, at: field(AGREED_AT)? })
}

/// A log entry as the draft holds it (a plain object); `None` unless it has every field its kind
/// needs, each of the right type, and a kind this build knows.
pub fn read_log_entry(id: &str, value: &Out) -> Option<LogEntry> {
    let Out::Any(Any::Map(m)) = value else { return None };
    let string = |k: &str| match m.get(k) {
        Some(Any::String(s)) => Some(s.to_string()),
        _ => None,
    };
    let action = match string(LOG_KIND)?.as_str() {
        LOG_KIND_BRACKET_STATUS => LogAction::BracketStatus { bracket: string(LOG_BRACKET)?, status: string(LOG_STATUS)?.parse().ok()? },
        LOG_KIND_BRACKET_PACKAGE => LogAction::BracketPackage {
            bracket: string(LOG_BRACKET)?,
            package: match m.get(LOG_PACKAGE) {
                Some(Any::String(s)) => Some(s.to_string()),
                Some(Any::Null) | None => None,
                Some(_) => return None,
            },
        },
        LOG_KIND_PARAGRAPH_AGREED => LogAction::ParagraphAgreed {
            para: string(LOG_PARA)?,
            agreed: match m.get(LOG_AGREED) {
                Some(Any::Bool(b)) => *b,
                _ => return None,
            },
        },
        LOG_KIND_RESTORE => LogAction::Restore {
            milestone: string(LOG_MILESTONE)?,
            para: match m.get(LOG_PARA) {
                Some(Any::String(s)) => Some(s.to_string()),
                Some(Any::Null) | None => None,
                Some(_) => return None,
            },
        },
        LOG_KIND_BRACKET_CHOOSE => LogAction::BracketChoose { bracket: string(LOG_BRACKET)? },
        LOG_KIND_RENUMBER => LogAction::Renumber {
            count: match m.get(LOG_COUNT) {
                Some(Any::Number(n)) => u32::try_from(n.as_i64()?).ok()?,
                _ => return None,
            },
        },
        LOG_KIND_REVERT => LogAction::Revert { milestone: string(LOG_MILESTONE)?, delegation: string(LOG_DELEGATION)? },
        _ => return None,
    };
    Some(LogEntry { id: id.to_string(), by: string(LOG_BY)?, at: string(LOG_AT)?, action })
}

/// The plain object a log entry is written as.
fn log_value(entry: &LogEntry) -> Any {
    let mut m: HashMap<String, Any> = HashMap::new();
    m.insert(LOG_BY.into(), Any::from(entry.by.as_str()));
    m.insert(LOG_AT.into(), Any::from(entry.at.as_str()));
    let optional = |v: &Option<String>| v.as_deref().map(Any::from).unwrap_or(Any::Null);
    let kind = match &entry.action {
        LogAction::BracketStatus { bracket, status } => {
            m.insert(LOG_BRACKET.into(), Any::from(bracket.as_str()));
            m.insert(LOG_STATUS.into(), Any::from(status.as_str()));
            LOG_KIND_BRACKET_STATUS
        }
        LogAction::BracketPackage { bracket, package } => {
            m.insert(LOG_BRACKET.into(), Any::from(bracket.as_str()));
            m.insert(LOG_PACKAGE.into(), optional(package));
            LOG_KIND_BRACKET_PACKAGE
        }
        LogAction::ParagraphAgreed { para, agreed } => {
            m.insert(LOG_PARA.into(), Any::from(para.as_str()));
            m.insert(LOG_AGREED.into(), Any::Bool(*agreed));
            LOG_KIND_PARAGRAPH_AGREED
        }
        LogAction::Restore { milestone, para } => {
            m.insert(LOG_MILESTONE.into(), Any::from(milestone.as_str()));
            m.insert(LOG_PARA.into(), optional(para));
            LOG_KIND_RESTORE
        }
        LogAction::BracketChoose { bracket } => {
            m.insert(LOG_BRACKET.into(), Any::from(bracket.as_str()));
            LOG_KIND_BRACKET_CHOOSE
        }
        LogAction::Renumber { count } => {
            m.insert(LOG_COUNT.into(), Any::from(f64::from(*count)));
            LOG_KIND_RENUMBER
        }
        LogAction::Revert { milestone, delegation } => {
            m.insert(LOG_MILESTONE.into(), Any::from(milestone.as_str()));
            m.insert(LOG_DELEGATION.into(), Any::from(delegation.as_str()));
            LOG_KIND_REVERT
        }
    };
    m.insert(LOG_KIND.into(), Any::from(kind));
    Any::from(m)
}
