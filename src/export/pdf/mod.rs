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

/// The catalog's `/Lang` for the meta's original language (empty when unknown).
fn lang_tag(language: &str) -> &'static str {
    match language.trim().to_lowercase().as_str() {
        "" | "english" | "en" => "en",
        "french" | "français" | "francais" | "fr" => "fr",
        "spanish" | "español" | "espanol" | "es" => "es",
        _ => "",
    }
}
