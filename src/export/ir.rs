//! The one intermediate representation every export renders: blocks with numbers, runs with marks, revision marks and comment anchors.
//!
//! Built from a [`DraftView`] (a clean draft) or by `revision::compare` (a draft with the changes
//! since a milestone). Renderers (`md`, `html`, `docx`, `pdf`, `akn`) read only this.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::notes::{Anchor, Thread};
use crate::model::types::{BracketInfo, DraftKind, DraftMeta, DraftView, Marks, ParaKind};

/// A draft ready to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub meta: DraftMeta,
    pub blocks: Vec<Block>,
    pub brackets: BTreeMap<String, BracketInfo>,
    /// Comment threads to show (open ones, when asked for), referenced by [`Run::comments`].
    pub comments: Vec<Comment>,
    /// What the revision marks are relative to, when there are any.
    pub revisions: Option<RevisionBase>,
    /// The language of CITES's fixed lines: English for the original (as every export wrote
    /// them before), French or Spanish for a language version (issue #15 §3).
    #[serde(skip)]
    pub lang: crate::cites::Lang,
}

/// The base of the revision marks: "changes since milestone X".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionBase {
    /// Milestone name, e.g. `Report to SC70`.
    pub since: String,
    /// When the milestone was made (RFC 3339).
    pub since_date: String,
    /// The date revision marks carry (the later milestone's, or the export's).
    pub date: String,
}

/// One paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// The paragraph's stable id.
    pub id: String,
    pub kind: ParaKind,
    pub level: u8,
    pub label: Option<String>,
    /// Computed number (`1.`, `a)`, `i)`, `17.A`); for a deleted paragraph, the one it had.
    pub number: Option<String>,
    /// Set when the whole paragraph was inserted or deleted (a move is a deletion at the old
    /// place and an insertion at the new, both with `moved`).
    pub change: Option<Change>,
    pub runs: Vec<Run>,
}

impl Block {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// The text as it reads now: without deleted runs (and empty if the block was deleted).
    pub fn current_text(&self) -> String {
        if self.change.as_ref().is_some_and(|c| c.kind == ChangeKind::Deleted) {
            return String::new();
        }
        self.runs
            .iter()
            .filter(|r| !r.change.as_ref().is_some_and(|c| c.kind == ChangeKind::Deleted))
            .map(|r| r.text.as_str())
            .collect()
    }

    /// The text as it read at the base: without inserted runs (and empty if it was inserted).
    pub fn base_text(&self) -> String {
        if self.change.as_ref().is_some_and(|c| c.kind == ChangeKind::Inserted) {
            return String::new();
        }
        self.runs
            .iter()
            .filter(|r| !r.change.as_ref().is_some_and(|c| c.kind == ChangeKind::Inserted))
            .map(|r| r.text.as_str())
            .collect()
    }
}

/// A run of text with one set of marks, one revision state and one set of comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub text: String,
    pub marks: Marks,
    pub change: Option<Change>,
    /// Ids of the comments (in [`Document::comments`]) whose anchor covers this run.
    pub comments: Vec<String>,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Self {
        Run { text: text.into(), marks: Marks::default(), change: None, comments: Vec::new() }
    }
}

impl crate::cites::Bracketed for Run {
    fn text(&self) -> &str {
        &self.text
    }
    fn bracket(&self) -> Option<&str> {
        self.marks.bracket.as_deref()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Inserted,
    Deleted,
}

/// A revision mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The delegation that made it, where known (tracked changes show it as the author).
    pub author: Option<String>,
    /// RFC 3339.
    pub date: String,
    pub moved: bool,
}

/// A comment thread, as exports show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub id: String,
    /// `Name (Delegation)`.
    pub author: String,
    /// Initials for formats that want them (Word).
    pub initials: String,
    pub date: String,
    pub body: String,
    pub quote: String,
    pub replies: Vec<Reply>,
    /// Its words were deleted: shown with the quote, not anchored.
    pub orphaned: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reply {
    pub author: String,
    pub initials: String,
    pub date: String,
    pub body: String,
}

impl Document {
    /// A clean document (no revision marks, no comments) from a draft view.
    pub fn from_view(view: &DraftView) -> Document {
        let blocks = view
            .paragraphs
            .iter()
            .map(|p| Block {
                id: p.para.id.clone(),
                kind: p.para.kind,
                level: p.para.level,
                label: p.para.label.clone(),
                number: p.number.clone(),
                change: None,
                runs: p
                    .para
                    .spans
                    .iter()
                    .map(|s| Run { text: s.text.clone(), marks: s.marks.clone(), change: None, comments: Vec::new() })
                    .collect(),
            })
            .collect();
        Document {
            meta: view.meta.clone(),
            blocks,
            brackets: view.brackets.clone(),
            comments: Vec::new(),
            revisions: None,
            // The original's fixed lines are CITES's English ones (a version sets its language).
            lang: crate::cites::Lang::En,
        }
    }

    pub fn is_resolution(&self) -> bool {
        self.meta.kind == DraftKind::Resolution
    }

    /// Index of the block before which `THE CONFERENCE OF THE PARTIES TO THE CONVENTION` goes:
    /// the first operative paragraph of a resolution.
    pub fn conference_line_before(&self) -> Option<usize> {
        if !self.is_resolution() {
            return None;
        }
        self.blocks.iter().position(|b| b.kind == ParaKind::Operative)
    }
}

impl Document {
    /// Adds comment threads, each anchored to the runs its words are in now (runs are split at
    /// the anchor's ends). A thread whose words are gone is added as orphaned, with its quote.
    /// `name_of` turns a member id into `Name (Delegation)`.
    pub fn attach_comments(&mut self, threads: &[Thread], name_of: &dyn Fn(&str) -> String) {
        // Numbered in the order a reader meets them: by where their words stand in the text,
        // comments whose words are gone last, each group by date.
        let mut placed: Vec<((usize, usize, String, String), Comment)> = Vec::with_capacity(threads.len());
        for t in threads {
            let author = name_of(&t.author);
            let mut comment = Comment {
                id: t.id.clone(),
                initials: initials(&author),
                author,
                date: t.created.clone(),
                body: t.body.clone(),
                quote: t.quote.clone(),
                replies: t
                    .replies
                    .iter()
                    .map(|r| {
                        let author = name_of(&r.author);
                        Reply { initials: initials(&author), author, date: r.created.clone(), body: r.body.clone() }
                    })
                    .collect(),
                orphaned: true,
            };
            let mut at = (usize::MAX, usize::MAX);
            if let Anchor::Attached { para_id, start, end, .. } = &t.anchor {
                if let Some((i, block)) = self.blocks.iter_mut().enumerate().find(|(_, b)| &b.id == para_id && !is_deleted(&b.change)) {
                    comment.orphaned = !anchor_runs(block, *start, *end, &t.id);
                    if !comment.orphaned {
                        at = (i, *start);
                    }
                }
            }
            placed.push(((at.0, at.1, t.created.clone(), t.id.clone()), comment));
        }
        placed.sort_by(|a, b| a.0.cmp(&b.0));
        self.comments.extend(placed.into_iter().map(|(_, c)| c));
    }
}

fn is_deleted(change: &Option<Change>) -> bool {
    change.as_ref().is_some_and(|c| c.kind == ChangeKind::Deleted)
}

/// Marks the runs covering bytes `start..end` of the block's current text with `comment`,
/// splitting runs at the ends. Returns whether any run was marked.
fn anchor_runs(block: &mut Block, start: usize, end: usize, comment: &str) -> bool {
    let mut out = Vec::with_capacity(block.runs.len() + 2);
    let mut at = 0;
    let mut marked = false;
    for run in block.runs.drain(..) {
        if is_deleted(&run.change) {
            out.push(run);
            continue;
        }
        let (s, e) = (at, at + run.text.len());
        at = e;
        let cuts = [start.clamp(s, e), end.clamp(s, e)];
        let pieces = [(s, cuts[0]), (cuts[0], cuts[1]), (cuts[1], e)];
        for (k, (ps, pe)) in pieces.into_iter().enumerate() {
            let Some(text) = run.text.get(ps - s..pe - s) else { continue };
            if text.is_empty() {
                continue;
            }
            let mut piece = Run { text: text.to_string(), ..run.clone() };
            if k == 1 {
                piece.comments.push(comment.to_string());
                marked = true;
            }
            out.push(piece);
        }
    }
    block.runs = out;
    marked
}

/// Initials of a name for Word comments: `Wildlife trade analyst` → `WTA`.
pub fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_alphanumeric()).take(4).collect::<String>().to_uppercase()
}
