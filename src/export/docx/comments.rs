//! Word comments of the docx export: which runs each comment thread spans (or the document start for orphans), and `word/comments.xml` with authors, initials, dates and replies.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::package::{style, W_NS};
use super::xml::{escape, run_text, word_date};
use crate::export::ir::{initials, Comment, Document};

/// A run's place: (block index, run index).
type RunAt = (usize, usize);

/// Where each comment goes: run positions are `(block index, run index)` among the runs the
/// body shows.
#[derive(Debug, Default)]
pub(super) struct CommentPlan {
    /// Word ids of the comments that open just before the run.
    pub starts: BTreeMap<RunAt, Vec<u32>>,
    /// Word ids of the comments that close just after the run.
    pub ends: BTreeMap<RunAt, Vec<u32>>,
    /// Word ids of comments anchored at the start of the body: orphaned, or no run shows them.
    pub orphans: Vec<u32>,
    /// How many ids the comments take (`0..count`); revision ids follow.
    pub count: u32,
}

impl CommentPlan {
    /// Plans the anchors of `doc.comments`. `shown(block, run)` says whether the body writes a
    /// run at all. Comment `i` gets Word id `i`.
    pub(super) fn new(doc: &Document, shown: impl Fn(usize, usize) -> bool) -> CommentPlan {
        let mut plan = CommentPlan { count: u32::try_from(doc.comments.len()).unwrap_or(u32::MAX), ..CommentPlan::default() };
        let ids: BTreeMap<&str, u32> = doc
            .comments
            .iter()
            .zip(0u32..)
            .filter(|(c, _)| !c.orphaned)
            .map(|(c, id)| (c.id.as_str(), id))
            .collect();
        let mut span: BTreeMap<u32, (RunAt, RunAt)> = BTreeMap::new();
        for (b, block) in doc.blocks.iter().enumerate() {
            for (r, run) in block.runs.iter().enumerate() {
                if !shown(b, r) {
                    continue;
                }
                for comment in &run.comments {
                    if let Some(&id) = ids.get(comment.as_str()) {
                        span.entry(id).and_modify(|s| s.1 = (b, r)).or_insert(((b, r), (b, r)));
                    }
                }
            }
        }
        for id in 0..plan.count {
            match span.get(&id) {
                Some((first, last)) => {
                    plan.starts.entry(*first).or_default().push(id);
                    plan.ends.entry(*last).or_default().push(id);
                }
                None => plan.orphans.push(id),
            }
        }
        plan
    }

    pub(super) fn is_orphan(&self, id: u32) -> bool {
        self.orphans.contains(&id)
    }
}

/// `<w:commentRangeEnd>` and the run with the `<w:commentReference>` mark.
pub(super) fn range_end(id: u32) -> String {
    format!(
        "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:rPr><w:rStyle w:val=\"{}\"/></w:rPr><w:commentReference w:id=\"{id}\"/></w:r>",
        style::COMMENT_REFERENCE
    )
}

pub(super) fn range_start(id: u32) -> String {
    format!("<w:commentRangeStart w:id=\"{id}\"/>")
}

/// `word/comments.xml`: one `w:comment` per thread, its replies as further paragraphs opening
/// with their author.
pub(super) fn comments_xml(doc: &Document, plan: &CommentPlan) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    let _ = write!(out, "<w:comments xmlns:w=\"{W_NS}\">");
    for (comment, id) in doc.comments.iter().zip(0u32..) {
        write_comment(&mut out, comment, id, plan.is_orphan(id));
    }
    out.push_str("</w:comments>\n");
    out
}

fn write_comment(out: &mut String, comment: &Comment, id: u32, orphan: bool) {
    let author = non_empty(&comment.author, "Unknown");
    let initials = match comment.initials.trim() {
        // `Name (Delegation)`: the name's initials.
        "" => initials(author.split(" (").next().unwrap_or(author)),
        given => given.to_string(),
    };
    let _ = write!(out, "<w:comment w:id=\"{id}\" w:author=\"{}\"", escape(author));
    if let Some(date) = word_date(&comment.date) {
        let _ = write!(out, " w:date=\"{date}\"");
    }
    let _ = write!(out, " w:initials=\"{}\">", escape(&initials));
    let _ = write!(
        out,
        "<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"{}\"/></w:rPr><w:annotationRef/></w:r>",
        style::COMMENT_TEXT,
        style::COMMENT_REFERENCE
    );
    if orphan {
        let quote = comment.quote.trim();
        let note = if quote.is_empty() { "(orphaned) ".to_string() } else { format!("(orphaned: “{quote}”) ") };
        let _ = write!(out, "<w:r><w:rPr><w:i/><w:iCs/></w:rPr>{}</w:r>", run_text(&note, false));
    }
    let _ = write!(out, "<w:r>{}</w:r></w:p>", run_text(&comment.body, false));
    for reply in &comment.replies {
        let _ = write!(
            out,
            "<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr>{}</w:r><w:r>{}</w:r></w:p>",
            style::COMMENT_TEXT,
            run_text(&format!("{}: ", non_empty(&reply.author, "Unknown")), false),
            run_text(&reply.body, false)
        );
    }
    out.push_str("</w:comment>");
}

fn non_empty<'a>(text: &'a str, otherwise: &'a str) -> &'a str {
    match text.trim() {
        "" => otherwise,
        text => text,
    }
}
