//! Rendering the draft for readers: one intermediate representation (`ir`) and its renderers (Markdown, HTML, DOCX, PDF, Akoma Ntoso).

pub mod akn;
pub mod comment_table;
pub mod docx;
mod escape;
pub mod html;
pub mod ir;
pub mod md;
pub mod pdf;
pub mod report;

use std::fmt;
use std::str::FromStr;

/// The formats a draft exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Md,
    Html,
    Docx,
    Pdf,
    Akn,
}

impl Format {
    pub const ALL: [Format; 5] = [Format::Md, Format::Html, Format::Docx, Format::Pdf, Format::Akn];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Akn => "akn",
        }
    }

    /// File name extension of an export in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Akn => "xml",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| format!("unknown format `{s}` (expected md, html, docx, pdf or akn)"))
    }
}

/// What a chair asks of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: Format,
    /// Show the changes since this milestone.
    pub since: Option<String>,
    /// How revision marks are shown in DOCX (tracked changes or underline/strike-through).
    pub marks: docx::RevisionMarks,
    /// Include the open comment threads.
    pub comments: bool,
    /// Number the lines of the text in the left margin, restarting at 1 on each page (PDF and
    /// DOCX; the other formats have no pages and ignore it).
    pub line_numbers: bool,
    /// The language version to export (issue #15 §3); `None`: the original.
    pub lang: Option<crate::cites::Lang>,
}

impl ExportOptions {
    pub fn new(format: Format) -> Self {
        ExportOptions { format, since: None, marks: docx::RevisionMarks::Tracked, comments: false, line_numbers: false, lang: None }
    }
}

/// Renders a document in the chosen format.
pub fn render(doc: &ir::Document, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    Ok(match options.format {
        Format::Md => md::render_document(doc).into_bytes(),
        Format::Html => html::render_document(doc).into_bytes(),
        Format::Akn => akn::render(doc).into_bytes(),
        Format::Docx => docx::render(
            doc,
            &docx::DocxOptions { marks: options.marks, comments: options.comments, line_numbers: options.line_numbers },
        )?,
        Format::Pdf => pdf::render(doc, &pdf_options(options))?,
    })
}

/// The PDF renderer's options for an export (the comment table lays the draft out with these,
/// so that its Line column cites the PDF `caucus export --format pdf --line-numbers` writes).
pub fn pdf_options(options: &ExportOptions) -> pdf::PdfOptions {
    pdf::PdfOptions { marks: true, line_numbers: options.line_numbers }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// The comment table's spreadsheet could not be written (`rust_xlsxwriter`'s reason).
    #[error("the comment table could not be written as XLSX: {0}")]
    Xlsx(String),
}

impl crate::coded::Coded for ExportError {
    fn code(&self) -> &'static str {
        match self {
            ExportError::Docx(e) => e.code(),
            ExportError::Pdf(e) => e.code(),
            ExportError::Xlsx(_) => "xlsx.write",
        }
    }
}
