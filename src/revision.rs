//! Revisions between two versions of the draft: paragraphs inserted, deleted or moved, words inserted or deleted, attributed to delegations where known.
//!
//! Paragraphs are matched by their stable id (Myers' diff over the id sequences). Inside a kept
//! paragraph the changes come from its Yjs history (items added or removed since the base
//! snapshot) when that history leads from the old text to the new; otherwise (a paragraph
//! re-created since, e.g. moved) the texts are compared word by word. Who inserted text comes from
//! the Yjs items themselves (their client id, mapped to a member by `notes`' Map `clients`); who
//! deleted text Yjs does not record: it comes from `notes`' deletion records ([`Deleters`], issue
//! #11 §2), and a deletion no record covers (an unmodified Yjs client's) carries no author.
//!
//! Both ways yield word-sized changes that alternate with the spaces between them; a paragraph's
//! runs then pass through [`group_changes`], so that a redline reads as a person writes it: one
//! deleted phrase, then one inserted phrase.

use std::collections::{HashMap, HashSet};

use similar::{Algorithm, DiffOp};
use thiserror::Error;
use yrs::types::text::{ChangeKind as YChangeKind, YChange};
use yrs::updates::decoder::Decode;
use yrs::{Any, Doc, Out, ReadTxn, Snapshot, Text, Transact, Update, Xml, XmlTextRef};

use crate::export::ir::{Block, Change, ChangeKind, Document, RevisionBase, Run};
use crate::model::draft::{marks_of, tokens, Draft};
use crate::model::schema::ATTR_ID;
use crate::model::types::{NumberedParagraph, Span};
use crate::model::{new_doc, DocName};

#[derive(Debug, Error)]
pub enum RevisionError {
    #[error("the stored state of {0} cannot be read: {1}")]
    BadState(&'static str, String),
}

pub type Result<T, E = RevisionError> = std::result::Result<T, E>;

/// A version of the draft: its encoded state, and its snapshot (the base of the comparison
/// needs one; the later version does not).
pub struct Version<'a> {
    pub state: &'a [u8],
    pub snapshot: Option<&'a [u8]>,
}

/// Who deleted which draft items, as delegations: built from `notes`' deletion records, the
/// earliest record covering an item wins.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Deleters {
    ranges: HashMap<u64, Vec<(u32, u32, String)>>,
}

impl Deleters {
    /// `who` deleted the items of `ranges` (`(client, clock, len)`); add records oldest first.
    pub fn add(&mut self, ranges: &[(u64, u32, u32)], who: &str) {
        for &(client, clock, len) in ranges {
            self.ranges.entry(client).or_default().push((clock, clock.saturating_add(len), who.to_string()));
        }
    }

    /// The delegation that deleted item `(client, clock)`, if a record says.
    pub fn who(&self, client: u64, clock: u32) -> Option<String> {
        self.ranges.get(&client)?.iter().find(|(start, end, _)| *start <= clock && clock < *end).map(|(.., who)| who.clone())
    }
}

/// Compares two versions of the draft. `authors` maps a Yjs client id to a delegation;
/// `deleters` says who deleted which items.
pub fn compare(
    from: Version<'_>,
    to: Version<'_>,
    authors: &dyn Fn(u64) -> Option<String>,
    deleters: &Deleters,
    base: RevisionBase,
) -> Result<Document> {
    let from_doc = load(from.state, "the base version")?;
    let to_doc = load(to.state, "the later version")?;
    let from_snapshot = match from.snapshot {
        Some(bytes) => Some(
            Snapshot::decode_v1(bytes).map_err(|e| RevisionError::BadState("the base snapshot", e.to_string()))?,
        ),
        None => None,
    };
    let from_view = {
        let draft = Draft::new(&from_doc);
        let txn = from_doc.transact();
        draft.view(&txn)
    };
    let to_view = {
        let draft = Draft::new(&to_doc);
        let txn = to_doc.transact();
        draft.view(&txn)
    };
    let attribution = Attribution::new(&to_doc, from_snapshot.as_ref(), authors, deleters);
    let elements = element_ids(&from_doc);

    let from_ids: Vec<&str> = from_view.paragraphs.iter().map(|p| p.para.id.as_str()).collect();
    let to_ids: Vec<&str> = to_view.paragraphs.iter().map(|p| p.para.id.as_str()).collect();
    let in_from: HashSet<&str> = from_ids.iter().copied().collect();
    let in_to: HashSet<&str> = to_ids.iter().copied().collect();
    let change = |kind, author, moved| Some(Change { kind, author, date: base.date.clone(), moved });

    let mut blocks = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Myers, &from_ids, &to_ids) {
        let (old, new) = (op.old_range(), op.new_range());
        if let DiffOp::Equal { .. } = op {
            for (i, j) in old.zip(new) {
                let (a, b) = (&from_view.paragraphs[i], &to_view.paragraphs[j]);
                blocks.push(kept(a, b, &attribution, &base.date));
            }
            continue;
        }
        for i in old {
            let p = &from_view.paragraphs[i];
            let moved = in_to.contains(p.para.id.as_str());
            let by = elements.get(p.para.id.as_str()).and_then(|(client, clock)| deleters.who(*client, *clock));
            blocks.push(whole(p, change(ChangeKind::Deleted, by, moved)));
        }
        for j in new {
            let p = &to_view.paragraphs[j];
            let moved = in_from.contains(p.para.id.as_str());
            let author = attribution.first_author(&p.para.id);
            blocks.push(whole(p, change(ChangeKind::Inserted, author, moved)));
        }
    }
    let mut brackets = from_view.brackets.clone();
    brackets.extend(to_view.brackets.clone());
    Ok(Document { meta: to_view.meta, blocks, brackets, comments: Vec::new(), revisions: Some(base), lang: crate::cites::Lang::En })
}

/// Each paragraph's element's Yjs item id, by paragraph id (who deleted a whole paragraph deleted
/// that item).
fn element_ids(doc: &Doc) -> HashMap<String, (u64, u32)> {
    let draft = Draft::new(doc);
    let txn = doc.transact();
    elements_by_id(&draft, &txn)
        .into_iter()
        .filter_map(|(id, el)| match AsRef::<yrs::branch::Branch>::as_ref(&el).id() {
            yrs::branch::BranchID::Nested(item) => Some((id, (item.client.get(), item.clock))),
            yrs::branch::BranchID::Root(_) => None,
        })
        .collect()
}

/// The draft's paragraph elements with their ids (an element without one is skipped). `draft`'s
/// roots are made before `txn` is opened: making them needs a write transaction.
fn elements_by_id<T: ReadTxn>(draft: &Draft, txn: &T) -> Vec<(String, yrs::XmlElementRef)> {
    draft
        .elements(txn)
        .into_iter()
        .filter_map(|el| match el.get_attribute(txn, ATTR_ID) {
            Some(Out::Any(Any::String(s))) => Some((s.to_string(), el)),
            _ => None,
        })
        .collect()
}

fn load(state: &[u8], what: &'static str) -> Result<Doc> {
    let doc = new_doc(DocName::Draft, 1);
    let update = Update::decode_v1(state).map_err(|e| RevisionError::BadState(what, e.to_string()))?;
    doc.transact_mut().apply_update(update).map_err(|e| RevisionError::BadState(what, e.to_string()))?;
    Ok(doc)
}

fn runs(spans: &[Span], start: usize, end: usize, change: Option<Change>) -> Vec<Run> {
    let mut out = Vec::new();
    let mut at = 0;
    for span in spans {
        let (s, e) = (at, at + span.text.len());
        at = e;
        let (lo, hi) = (s.max(start), e.min(end));
        if lo < hi {
            if let Some(text) = span.text.get(lo - s..hi - s) {
                out.push(Run { text: text.to_string(), marks: span.marks.clone(), change: change.clone(), comments: Vec::new() });
            }
        }
    }
    out
}

fn whole(p: &NumberedParagraph, change: Option<Change>) -> Block {
    let len: usize = p.para.spans.iter().map(|s| s.text.len()).sum();
    Block {
        id: p.para.id.clone(),
        kind: p.para.kind,
        level: p.para.level,
        label: p.para.label.clone(),
        number: p.number.clone(),
        change,
        runs: runs(&p.para.spans, 0, len, None),
    }
}

/// A paragraph in both versions, with kind, level and label as they are now. Its changes come
/// from its Yjs history where that leads from the old text to the new (exact, and fast on long
/// texts); otherwise its words are compared.
fn kept(a: &NumberedParagraph, b: &NumberedParagraph, attribution: &Attribution, date: &str) -> Block {
    let (old, new) = (a.para.text(), b.para.text());
    let block = |runs| Block {
        id: b.para.id.clone(),
        kind: b.para.kind,
        level: b.para.level,
        label: b.para.label.clone(),
        number: b.number.clone(),
        change: None,
        runs,
    };
    if old == new {
        let len = new.len();
        return block(runs(&b.para.spans, 0, len, None));
    }
    if let Some(history) = attribution.history_runs(&b.para.id, &old, &new, date) {
        return block(group_changes(history));
    }
    let (ta, tb) = (tokens(&old), tokens(&new));
    let offsets = |t: &[&str]| {
        let mut acc = vec![0];
        for s in t {
            acc.push(acc.last().copied().unwrap_or(0) + s.len());
        }
        acc
    };
    let (oa, ob) = (offsets(&ta), offsets(&tb));
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(100);
    let mut out = Vec::new();
    for op in similar::capture_diff_slices_deadline(Algorithm::Myers, &ta, &tb, Some(deadline)) {
        let (old_r, new_r) = (op.old_range(), op.new_range());
        let (os, oe, ns, ne) = (oa[old_r.start], oa[old_r.end], ob[new_r.start], ob[new_r.end]);
        if let DiffOp::Equal { .. } = op {
            out.extend(runs(&b.para.spans, ns, ne, None));
            continue;
        }
        if oe > os {
            let deleted = Change { kind: ChangeKind::Deleted, author: None, date: date.to_string(), moved: false };
            out.extend(runs(&a.para.spans, os, oe, Some(deleted)));
        }
        if ne > ns {
            let inserted = Change {
                kind: ChangeKind::Inserted,
                author: attribution.inserted_by(&b.para.id, ns),
                date: date.to_string(),
                moved: false,
            };
            out.extend(runs(&b.para.spans, ns, ne, Some(inserted)));
        }
    }
    block(group_changes(out))
}

/// Groups a paragraph's changed runs as a person writes a redline: a maximal stretch of changes
/// separated only by whitespace (or by nothing) becomes one deletion (every deleted word in
/// order, with the spaces between) followed by one insertion (every inserted word in order, with
/// the same spaces), so "~~in~~ illegally ~~violation~~ within …" reads "~~in violation of the
/// Convention~~ illegally within one day". Text that is more than whitespace ends a stretch.
///
/// Attribution is never merged away: in a group every deleted word has one author and every
/// inserted word one author (`None`, unknown, counts as an author of its own). Changes with
/// nothing between them (a word replaced: its deletion and its insertion) form a piece, and a
/// piece with another delegation's words starts a new group, so two delegations' adjacent
/// changes stay two groups, each with its author. Yjs names who inserted text, not who deleted
/// it, so today deletions are unattributed and a deletion goes with the piece it touches. Each
/// run keeps its marks (runs with different marks stay separate runs of the same change). A
/// stretch of one kind only (words deleted, or inserted, around kept spaces) keeps its spaces as
/// they are, since they are in both texts. The base text (without insertions) and the current
/// text (without deletions) are unchanged. Runs of a whole inserted or deleted paragraph carry no
/// change of their own and pass through as they are; comment anchors are added after grouping.
pub fn group_changes(runs: Vec<Run>) -> Vec<Run> {
    // Pieces: runs with nothing between them, changed with one author per kind (or one plain run).
    let mut pieces: Vec<(std::ops::Range<usize>, Option<Authors<'_>>)> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let Some(change) = &run.change else {
            pieces.push((i..i + 1, None));
            continue;
        };
        let one = Authors::of(change);
        match pieces.last_mut() {
            Some((range, Some(authors))) if authors.admits(&one) => {
                range.end = i + 1;
                authors.join(&one);
            }
            _ => pieces.push((i..i + 1, Some(one))),
        }
    }
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    let mut k = 0;
    while let Some((range, authors)) = pieces.get(k) {
        k += 1;
        let Some(authors) = authors else {
            runs.get(range.clone()).into_iter().flatten().for_each(|run| push_run(&mut out, run.clone()));
            continue;
        };
        // The group: this piece and those after it, past whitespace only, that it admits.
        let (start, mut end, mut group) = (range.start, range.end, authors.clone());
        let mut next = k;
        while let Some((range, authors)) = pieces.get(next) {
            match authors {
                None if runs.get(range.clone()).is_some_and(|r| r.iter().all(|run| run.text.chars().all(char::is_whitespace))) => {}
                Some(authors) if group.admits(authors) => {
                    group.join(authors);
                    end = range.end;
                    k = next + 1;
                }
                _ => break,
            }
            next += 1;
        }
        let members = runs.get(start..end).unwrap_or_default();
        let (Some(deleted_by), Some(inserted_by)) = (group.deleted, group.inserted) else {
            members.iter().for_each(|run| push_run(&mut out, run.clone()));
            continue;
        };
        for (kind, author) in [(ChangeKind::Deleted, deleted_by), (ChangeKind::Inserted, inserted_by)] {
            let change = Change { kind, author: author.clone(), date: group.date.to_string(), moved: group.moved };
            for run in members.iter().filter(|r| r.change.as_ref().is_none_or(|c| c.kind == kind)) {
                push_run(&mut out, Run { change: Some(change.clone()), ..run.clone() });
            }
        }
    }
    out
}

/// Who made a group's (or a piece's) deletions and insertions, and their date.
#[derive(Clone)]
struct Authors<'a> {
    deleted: Option<&'a Option<String>>,
    inserted: Option<&'a Option<String>>,
    date: &'a str,
    moved: bool,
}

impl<'a> Authors<'a> {
    fn of(change: &'a Change) -> Self {
        let by = Some(&change.author);
        let (deleted, inserted) = match change.kind {
            ChangeKind::Deleted => (by, None),
            ChangeKind::Inserted => (None, by),
        };
        Authors { deleted, inserted, date: &change.date, moved: change.moved }
    }

    fn admits(&self, other: &Authors<'_>) -> bool {
        let same = |a: Option<&Option<String>>, b: Option<&Option<String>>| a.zip(b).is_none_or(|(a, b)| a == b);
        same(self.deleted, other.deleted) && same(self.inserted, other.inserted) && self.date == other.date && self.moved == other.moved
    }

    fn join(&mut self, other: &Authors<'a>) {
        self.deleted = self.deleted.or(other.deleted);
        self.inserted = self.inserted.or(other.inserted);
    }
}

/// Appends a run, joined to the last one when marks, change and comments are the same.
fn push_run(out: &mut Vec<Run>, run: Run) {
    match out.last_mut() {
        Some(last) if last.marks == run.marks && last.change == run.change && last.comments == run.comments => {
            last.text.push_str(&run.text)
        }
        _ => out.push(run),
    }
}

/// Each paragraph's text as Yjs history tells it: kept, added or removed since the base
/// snapshot, with marks and, for added text, who added it.
struct Attribution {
    chunks: HashMap<String, Vec<Chunk>>,
}

struct Chunk {
    text: String,
    marks: crate::model::types::Marks,
    change: Option<(ChangeKind, Option<String>)>,
}

impl Attribution {
    fn new(doc: &Doc, base: Option<&Snapshot>, authors: &dyn Fn(u64) -> Option<String>, deleters: &Deleters) -> Self {
        let mut chunks = HashMap::new();
        let Some(base) = base else { return Attribution { chunks } };
        let draft = Draft::new(doc);
        let texts: Vec<(String, XmlTextRef)> = {
            let txn = doc.transact();
            elements_by_id(&draft, &txn).into_iter().filter_map(|(id, el)| Draft::text_of(&txn, &el).map(|t| (id, t))).collect()
        };
        // yrs computes changes only against an explicit upper snapshot: this version's own.
        let now = doc.transact().snapshot();
        let mut cache: HashMap<u64, Option<String>> = HashMap::new();
        // diff_range splits items at snapshot boundaries, hence a write transaction on this
        // private copy of the document.
        let mut txn = doc.transact_mut();
        for (id, text) in texts {
            let mut list = Vec::new();
            for chunk in text.diff_range(&mut txn, Some(&now), Some(base), YChange::identity) {
                let Out::Any(Any::String(s)) = &chunk.insert else { continue };
                let change = match &chunk.ychange {
                    Some(c) if c.kind == YChangeKind::Removed => Some((ChangeKind::Deleted, deleters.who(c.id.client.get(), c.id.clock))),
                    Some(c) => {
                        let client = c.id.client.get();
                        let who = cache.entry(client).or_insert_with(|| authors(client)).clone();
                        Some((ChangeKind::Inserted, who))
                    }
                    None => None,
                };
                list.push(Chunk { text: s.to_string(), marks: marks_of(chunk.attributes.as_deref()), change });
            }
            chunks.insert(id, list);
        }
        Attribution { chunks }
    }

    /// The paragraph's runs from its history, if that history leads from `base` to `now`
    /// (it does not when the paragraph was re-created, e.g. moved, since the base).
    fn history_runs(&self, para: &str, base: &str, now: &str, date: &str) -> Option<Vec<Run>> {
        let chunks = self.chunks.get(para)?;
        let side = |skip: ChangeKind| -> String {
            chunks.iter().filter(|c| c.change.as_ref().is_none_or(|(k, _)| *k != skip)).map(|c| c.text.as_str()).collect()
        };
        if side(ChangeKind::Inserted) != base || side(ChangeKind::Deleted) != now {
            return None;
        }
        let mut runs: Vec<Run> = Vec::new();
        for c in chunks {
            let change = c.change.as_ref().map(|(kind, author)| Change {
                kind: *kind,
                author: author.clone(),
                date: date.to_string(),
                moved: false,
            });
            match runs.last_mut() {
                Some(last) if last.marks == c.marks && last.change == change => last.text.push_str(&c.text),
                _ => runs.push(Run { text: c.text.clone(), marks: c.marks.clone(), change, comments: Vec::new() }),
            }
        }
        Some(runs)
    }

    fn inserted_by(&self, para: &str, at: usize) -> Option<String> {
        let mut pos = 0;
        for c in self.chunks.get(para)? {
            if matches!(c.change, Some((ChangeKind::Deleted, _))) {
                continue;
            }
            let end = pos + c.text.len();
            if pos <= at && at < end {
                return c.change.as_ref().and_then(|(_, who)| who.clone());
            }
            pos = end;
        }
        None
    }

    fn first_author(&self, para: &str) -> Option<String> {
        self.chunks.get(para)?.iter().find_map(|c| match &c.change {
            Some((ChangeKind::Inserted, who)) => who.clone(),
            _ => None,
        })
    }
}

// Keeps `ReadTxn` in scope for the trait methods used on transactions above.
#[allow(unused_imports)]
use ReadTxn as _;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::ir::Block;
    use crate::model::types::ParaKind;

    fn run(text: &str, change: Option<(ChangeKind, Option<&str>)>) -> Run {
        let change = change.map(|(kind, author)| Change { kind, author: author.map(str::to_string), date: "d".into(), moved: false });
        Run { text: text.into(), marks: Default::default(), change, comments: Vec::new() }
    }
    fn del(text: &str) -> Run {
        run(text, Some((ChangeKind::Deleted, None)))
    }
    fn ins(text: &str, by: Option<&str>) -> Run {
        run(text, Some((ChangeKind::Inserted, by)))
    }
    fn shown(runs: &[Run]) -> Vec<(&str, Option<ChangeKind>, Option<&str>)> {
        runs.iter().map(|r| (r.text.as_str(), r.change.as_ref().map(|c| c.kind), r.change.as_ref().and_then(|c| c.author.as_deref()))).collect()
    }
    fn texts(runs: &[Run]) -> (String, String) {
        let block = Block { id: "p".into(), kind: ParaKind::Text, level: 0, label: None, number: None, change: None, runs: runs.to_vec() };
        (block.base_text(), block.current_text())
    }

    #[test]
    fn words_of_one_kind_keep_the_spaces_between_them() {
        let runs = vec![run("a ", None), del("b"), run(" ", None), del("c"), run(" d", None)];
        assert_eq!(group_changes(runs.clone()), runs);
        let runs = vec![ins("b", Some("K")), run("  ", None), ins("c", Some("K"))];
        assert_eq!(group_changes(runs.clone()), runs);
    }

    #[test]
    fn an_unknown_author_is_not_merged_into_a_known_one_and_both_texts_are_kept() {
        let runs = vec![
            del("x"),
            ins("X", Some("K")),
            run(" ", None),
            del("y"),
            ins("Y", None),
            run("\t", None),
            del("z"),
            ins("Z", None),
        ];
        let grouped = group_changes(runs.clone());
        assert_eq!(
            shown(&grouped),
            [
                ("x", Some(ChangeKind::Deleted), None),
                ("X", Some(ChangeKind::Inserted), Some("K")),
                (" ", None, None),
                ("y\tz", Some(ChangeKind::Deleted), None),
                ("Y\tZ", Some(ChangeKind::Inserted), None),
            ]
        );
        assert_eq!(texts(&grouped), texts(&runs));
        assert_eq!(texts(&runs), ("x y\tz".to_string(), "X Y\tZ".to_string()));
    }
}

/// The redline of `doc` narrowed to one author's changes (issue #14 §4, "filterable by author"):
/// changes whose author is `author` (a delegation, compared without regard to case) stay marked;
/// everyone else's read as accepted — their insertions as plain text, their deletions gone. A
/// change without a known author is someone else's. The text reads as it is now.
pub fn only_by(mut doc: Document, author: &str) -> Document {
    let author = author.trim().to_lowercase();
    let theirs = |c: &Option<Change>| c.as_ref().is_some_and(|c| c.author.as_deref().is_some_and(|a| a.to_lowercase() == author));
    doc.blocks.retain_mut(|block| {
        if block.change.is_some() && !theirs(&block.change) {
            if block.change.as_ref().is_some_and(|c| c.kind == ChangeKind::Deleted) {
                return false;
            }
            block.change = None;
        }
        block.runs.retain_mut(|run| {
            if run.change.is_none() || theirs(&run.change) {
                return true;
            }
            if run.change.as_ref().is_some_and(|c| c.kind == ChangeKind::Deleted) {
                return false;
            }
            run.change = None;
            true
        });
        true
    });
    doc
}
