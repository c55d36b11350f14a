//! `word/document.xml` of the docx export: the CITES header block, each block as a styled paragraph (numbers, hanging indents, brackets, marks), revision marks as tracked changes or underline/strike-through, comment anchors, and Word line numbering (`--line-numbers`).

use std::fmt::Write as _;

use super::comments::{range_end, range_start, CommentPlan};
use super::package::{style, FOOTER_REL, LINE_NUMBER_DISTANCE, MARGIN, PAGE_HEIGHT, PAGE_WIDTH, R_NS, W_NS};
use super::xml::{escape, run_text, word_date};
use super::{DocxOptions, RevisionMarks};
use crate::export::ir::{Block, Change, ChangeKind, Document, Run};
use crate::model::types::{Marks, ParaKind};

/// The revision state a run of a block is shown with: `None` when the run is in neither the
/// base nor the current text (deleted inside an inserted paragraph, or the reverse), which the
/// body leaves out so that accepting and rejecting give exactly the two texts.
pub(super) fn shown<'a>(block: &'a Block, run: &'a Run) -> Option<Option<&'a Change>> {
    match (&block.change, &run.change) {
        (Some(b), Some(r)) if b.kind != r.kind => None,
        (Some(_), Some(r)) => Some(Some(r)),
        (Some(b), None) => Some(Some(b)),
        (None, r) => Some(r.as_ref()),
    }
}

/// Writes the body; revision ids start after the comment ids.
pub(super) fn document_xml(doc: &Document, options: &DocxOptions, plan: &CommentPlan) -> String {
    let mut body = Body { options, brackets: &doc.brackets, plan, next_id: plan.count, open: None, out: String::with_capacity(16 * 1024) };
    body.out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    let _ = write!(body.out, "<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>");
    body.header(doc);
    let conference = doc.conference_line_before();
    let mut front = true;
    for (b, block) in doc.blocks.iter().enumerate() {
        if block.kind != ParaKind::Text {
            front = false;
        }
        if conference == Some(b) {
            body.plain_paragraph(style::CONFERENCE, crate::cites::lines(doc.lang).conference, true);
        }
        body.block(b, block, front);
    }
    // A paragraph whose mark is inserted or deleted joins the next one when the change is
    // accepted or rejected: give the last one a next one.
    if doc.blocks.last().is_some_and(|b| b.change.is_some()) {
        if options.line_numbers {
            body.out.push_str("<w:p><w:pPr><w:suppressLineNumbers/></w:pPr></w:p>");
        } else {
            body.out.push_str("<w:p/>");
        }
    }
    let _ = write!(
        body.out,
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"{FOOTER_REL}\"/><w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\"/>\
         <w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>"
    );
    // Every line numbered, restarting on each page, like the PDF export's margin numbers.
    if options.line_numbers {
        let _ = write!(body.out, "<w:lnNumType w:countBy=\"1\" w:distance=\"{LINE_NUMBER_DISTANCE}\" w:restart=\"newPage\"/>");
    }
    body.out.push_str("</w:sectPr>");
    body.out.push_str("</w:body></w:document>\n");
    body.out
}

struct Body<'a> {
    options: &'a DocxOptions,
    brackets: &'a std::collections::BTreeMap<String, crate::model::types::BracketInfo>,
    plan: &'a CommentPlan,
    next_id: u32,
    /// The change of the `w:ins`/`w:del` left open for the next run: consecutive runs of one
    /// change (a grouped phrase whose words have different marks) are one tracked change.
    open: Option<Change>,
    out: String,
}

/// Character formatting of one run: the draft's marks plus, in visual mode, the amendment marks.
#[derive(Default, Clone, Copy)]
struct Props {
    strong: bool,
    em: bool,
    underline: bool,
    strike: bool,
}

impl Props {
    fn of(marks: &Marks) -> Props {
        Props { strong: marks.strong, em: marks.em, underline: marks.underline, strike: false }
    }

    /// `w:rPr` in schema order (b, bCs, i, iCs, strike, u).
    fn xml(self) -> String {
        let mut out = String::new();
        if self.strong {
            out.push_str("<w:b/><w:bCs/>");
        }
        if self.em {
            out.push_str("<w:i/><w:iCs/>");
        }
        if self.strike {
            out.push_str("<w:strike/>");
        }
        if self.underline {
            out.push_str("<w:u w:val=\"single\"/>");
        }
        if out.is_empty() {
            out
        } else {
            format!("<w:rPr>{out}</w:rPr>")
        }
    }
}

impl Body<'_> {
    fn header(&mut self, doc: &Document) {
        let meta = &doc.meta;
        self.paragraph_start(style::TOP_LINE, false);
        self.out.push_str("</w:pPr>");
        if self.options.comments {
            for &id in &self.plan.orphans {
                self.out.push_str(&range_start(id));
                self.out.push_str(&range_end(id));
            }
        }
        if !meta.language.trim().is_empty() {
            let _ = write!(self.out, "<w:r>{}</w:r>", run_text(&crate::cites::lines(doc.lang).original_language_line(&meta.language), false));
        }
        if !meta.symbol.trim().is_empty() {
            let _ = write!(self.out, "<w:r><w:tab/></w:r><w:r><w:rPr><w:b/><w:bCs/></w:rPr>{}</w:r>", run_text(meta.symbol.trim(), false));
        }
        self.out.push_str("</w:p>");
        self.paragraph_start(style::CONVENTION, false);
        self.out.push_str("</w:pPr><w:r>");
        for (i, line) in crate::cites::lines(doc.lang).convention.iter().enumerate() {
            if i > 0 {
                self.out.push_str("<w:br/>");
            }
            self.out.push_str(&run_text(line, false));
        }
        self.out.push_str("</w:r></w:p>");
        if !meta.meeting.trim().is_empty() {
            self.plain_paragraph(style::MEETING, meta.meeting.trim(), false);
        }
        if !doc.blocks.iter().any(|b| b.kind == ParaKind::Title) && !meta.title.trim().is_empty() {
            self.plain_paragraph(style::TITLE, meta.title.trim(), true);
        }
    }

    fn plain_paragraph(&mut self, style: &str, text: &str, counted: bool) {
        self.paragraph_start(style, counted);
        let _ = write!(self.out, "</w:pPr><w:r>{}</w:r></w:p>", run_text(text, false));
    }

    /// `<w:p><w:pPr><w:pStyle/>`, with `w:suppressLineNumbers` when lines are numbered and this
    /// paragraph's lines do not count (the header block, an empty paragraph); `w:pPr` left open.
    fn paragraph_start(&mut self, style: &str, counted: bool) {
        let _ = write!(self.out, "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>");
        if self.options.line_numbers && !counted {
            self.out.push_str("<w:suppressLineNumbers/>");
        }
    }

    fn block(&mut self, b: usize, block: &Block, front: bool) {
        let style = match block.kind {
            ParaKind::Title => style::TITLE,
            ParaKind::Heading => style::HEADING,
            ParaKind::Text if front => style::FRONT,
            ParaKind::Text => style::TEXT,
            ParaKind::Preamble => style::PREAMBLE,
            ParaKind::Operative => style::OPERATIVE,
            ParaKind::Decision => style::DECISION,
            ParaKind::Item if block.level >= 2 => style::ITEM_2,
            ParaKind::Item => style::ITEM_1,
        };
        let number = block.number.as_deref().filter(|n| !n.is_empty());
        let runs: Vec<(usize, &Run, Option<&Change>)> =
            block.runs.iter().enumerate().filter_map(|(r, run)| shown(block, run).map(|c| (r, run, c))).collect();
        // The front matter belongs to the header block; a paragraph with no visible text takes no
        // line in the PDF export, so it takes no number here either.
        let inked = number.is_some() || runs.iter().any(|(_, run, _)| run.marks.bracket.is_some() || !run.text.trim().is_empty());
        self.paragraph_start(style, inked && !front);
        if let (RevisionMarks::Tracked, Some(change)) = (self.options.marks, &block.change) {
            let tag = match change.kind {
                ChangeKind::Inserted => "w:ins",
                ChangeKind::Deleted => "w:del",
            };
            let attrs = self.change_attrs(change);
            let _ = write!(self.out, "<w:rPr><{tag}{attrs}/></w:rPr>");
        }
        self.out.push_str("</w:pPr>");

        if let Some(number) = number {
            let props = Props { strong: block.kind == ParaKind::Decision, ..Props::default() };
            self.run(&format!("{number}\t"), props, block.change.as_ref());
        }

        let mut k = 0;
        while k < runs.len() {
            let bracket = &runs[k].1.marks.bracket;
            let len = runs[k..].iter().take_while(|(_, run, _)| &run.marks.bracket == bracket).count();
            let group = &runs[k..k + len];
            // A bracket belongs to a revision only when the whole bracketed passage does.
            let bracket_change = group.first().and_then(|(_, _, c)| *c).filter(|first| {
                group.iter().all(|(_, _, c)| c.is_some_and(|c| c.kind == first.kind))
            });
            for (i, (r, run, change)) in group.iter().enumerate() {
                self.comment_starts(b, *r);
                if bracket.is_some() && i == 0 {
                    self.run("[", Props::of(&run.marks), bracket_change);
                }
                self.run(&run.text, Props::of(&run.marks), *change);
                if bracket.is_some() && i + 1 == group.len() {
                    self.run("]", Props::of(&run.marks), bracket_change);
                    let package = bracket.as_ref().and_then(|id| self.brackets.get(id)).and_then(|info| info.package.clone());
                    if let Some(package) = package {
                        self.close();
                        let label = crate::export::escape::xml(&format!(" {}", crate::cites::package_label(&package)));
                        let _ = write!(self.out, "<w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:t xml:space=\"preserve\">{label}</w:t></w:r>");
                    }
                }
                self.comment_ends(b, *r);
            }
            k += len;
        }
        self.close();
        self.out.push_str("</w:p>");
    }

    fn comment_starts(&mut self, b: usize, r: usize) {
        if !self.options.comments {
            return;
        }
        for &id in self.plan.starts.get(&(b, r)).into_iter().flatten() {
            self.close();
            self.out.push_str(&range_start(id));
        }
    }

    fn comment_ends(&mut self, b: usize, r: usize) {
        if !self.options.comments {
            return;
        }
        for &id in self.plan.ends.get(&(b, r)).into_iter().flatten() {
            self.close();
            self.out.push_str(&range_end(id));
        }
    }

    /// One run, inside `w:ins`/`w:del` (tracked; the wrapper is shared with the runs of the same
    /// change around it) or underlined/struck through (visual).
    fn run(&mut self, text: &str, mut props: Props, change: Option<&Change>) {
        if text.is_empty() {
            return;
        }
        let deleted = change.is_some_and(|c| c.kind == ChangeKind::Deleted);
        if self.open.as_ref() != change.filter(|_| self.options.marks == RevisionMarks::Tracked) {
            self.close();
        }
        match (self.options.marks, change) {
            (RevisionMarks::Tracked, Some(change)) => {
                if self.open.is_none() {
                    let tag = if deleted { "w:del" } else { "w:ins" };
                    let attrs = self.change_attrs(change);
                    let _ = write!(self.out, "<{tag}{attrs}>");
                    self.open = Some(change.clone());
                }
                let _ = write!(self.out, "<w:r>{}{}</w:r>", props.xml(), run_text(text, deleted));
            }
            (RevisionMarks::Visual, Some(change)) => {
                match change.kind {
                    ChangeKind::Inserted => props.underline = true,
                    ChangeKind::Deleted => props.strike = true,
                }
                let _ = write!(self.out, "<w:r>{}{}</w:r>", props.xml(), run_text(text, false));
            }
            (_, None) => {
                let _ = write!(self.out, "<w:r>{}{}</w:r>", props.xml(), run_text(text, false));
            }
        }
    }

    /// Closes the open `w:ins`/`w:del`, if any.
    fn close(&mut self) {
        match self.open.take().map(|c| c.kind) {
            Some(ChangeKind::Inserted) => self.out.push_str("</w:ins>"),
            Some(ChangeKind::Deleted) => self.out.push_str("</w:del>"),
            None => {}
        }
    }

    /// ` w:id="…" w:author="…" w:date="…"` with a fresh id.
    fn change_attrs(&mut self, change: &Change) -> String {
        let id = self.next_id;
        self.next_id = self.next_id.saturating_add(1);
        let author = change.author.as_deref().map(str::trim).filter(|a| !a.is_empty()).unwrap_or("Unknown");
        let mut attrs = format!(" w:id=\"{id}\" w:author=\"{}\"", escape(author));
        if let Some(date) = word_date(&change.date) {
            let _ = write!(attrs, " w:date=\"{date}\"");
        }
        attrs
    }
}
