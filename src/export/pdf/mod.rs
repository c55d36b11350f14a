//! PDF export of the intermediate representation, typeset as a CITES document (DESIGN §5): A4, Liberation Sans 10 pt embedded as subsets, header block, numbered paragraphs, brackets, revision marks drawn as underline and strike-through, `<symbol> – p. N` footers.
//!
//! `layout` breaks lines with the fonts' real advance widths and fills pages; `write` turns
//! the pages into PDF objects with `pdf-writer`; `subset` (the `subsetter` crate) cuts the
//! embedded fonts down to the glyphs used and numbers them as CIDs. Text is drawn as CIDs with
//! a ToUnicode map, so it can be extracted (`pdftotext`) and searched.

mod fonts;
mod layout;
mod subset;
mod write;

use crate::export::ir::Document;
use crate::model::types::ParaKind;

/// How to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfOptions {
    /// Show revision marks (inserted text underlined, deleted text struck through). Off: the
    /// text as it reads now, deleted text left out.
    pub marks: bool,
    /// Number the counted lines (the text from the title down, not the header block above it)
    /// in the left margin, every line, restarting at 1 on each page.
    pub line_numbers: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions { marks: true, line_numbers: false }
    }
}

/// Why a PDF could not be made. [`PdfError::code`] gives a stable code for the UI and CLI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// An embedded font could not be read (a broken build, not a user error).
    #[error("the embedded font {face} could not be read: {reason}")]
    Font { face: &'static str, reason: String },
}

impl crate::coded::Coded for PdfError {
    fn code(&self) -> &'static str {
        match self {
            PdfError::Font { .. } => "pdf.font",
        }
    }
}

/// Renders the document as a PDF file (A4, text extractable, fonts embedded).
pub fn render(doc: &Document, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let mut fonts = fonts::Fonts::load()?;
    let pages = layout::lay_out(doc, options, &fonts);
    let title = doc
        .blocks
        .iter()
        .find(|b| b.kind == ParaKind::Title)
        .map(|b| b.current_text())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| doc.meta.title.clone());
    let info = write::Info { title: title.trim(), subject: doc.meta.symbol.trim(), lang: lang_tag(&doc.meta.language) };
    write::write(&pages, &mut fonts, &info)
}

/// Where a line stands in the PDF: its page and the number `--line-numbers` prints beside it
/// (both from 1; the numbers restart on each page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinePlace {
    pub page: usize,
    pub line: usize,
}

/// The numbered lines of a laid-out document, by block: which page and line hold which bytes of
/// each block's text. Made by [`line_map`] from the same layout pass [`render`] draws.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineMap {
    /// Per block index: its counted lines in order, each with the bytes of the block's current
    /// text its words draw (`start..end`, ascending, not overlapping).
    blocks: Vec<Vec<(usize, usize, LinePlace)>>,
}

impl LineMap {
    /// The first and last line holding bytes `start..end` of block `block`'s current text (the
    /// text comment anchors count in: [`crate::export::ir::Block::current_text`]), as the PDF
    /// with `--line-numbers` numbers them. A range that covers no character of a word (white
    /// space, or empty) gives the line where `start` stands. `None` when the block has no
    /// numbered line: the header block (above the title), an empty or deleted paragraph, or a
    /// block index the document does not have.
    pub fn lines(&self, block: usize, start: usize, end: usize) -> Option<(LinePlace, LinePlace)> {
        let lines = self.blocks.get(block).filter(|l| !l.is_empty())?;
        let mut hits = lines.iter().filter(|(s, e, _)| *s < end && *e > start).map(|(_, _, place)| *place);
        if let Some(first) = hits.next() {
            return Some((first, hits.next_back().unwrap_or(first)));
        }
        let at = lines.iter().rev().find(|(s, _, _)| *s <= start).or(lines.first()).map(|(_, _, place)| *place)?;
        Some((at, at))
    }

    /// How many numbered lines set the block's text.
    pub fn line_count(&self, block: usize) -> usize {
        self.blocks.get(block).map_or(0, Vec::len)
    }
}

/// Lays the document out exactly as [`render`] does with these options (the same pass; no PDF
/// is written) and maps its numbered lines to the blocks' text. The numbers are those
/// `--line-numbers` prints, whether or not `options.line_numbers` is set (numbering does not move
/// a line).
pub fn line_map(doc: &Document, options: &PdfOptions) -> Result<LineMap, PdfError> {
    let fonts = fonts::Fonts::load()?;
    let pages = layout::lay_out(doc, options, &fonts);
    let mut map = LineMap { blocks: vec![Vec::new(); doc.blocks.len()] };
    for l in layout::text_lines(&pages) {
        if let Some(lines) = map.blocks.get_mut(l.block) {
            lines.push((l.start, l.end, LinePlace { page: l.page, line: l.number }));
        }
    }
    Ok(map)
}

/// The catalog's `/Lang` for the meta's original language (empty when unknown).
fn lang_tag(language: &str) -> &'static str {
    match language.trim().to_lowercase().as_str() {
        "" | "english" | "en" => "en",
        "french" | "français" | "francais" | "fr" => "fr",
        "spanish" | "español" | "espanol" | "es" => "es",
        _ => "",
    }
}
