//! Export of the intermediate representation as a Word document (.docx, WordprocessingML written by hand): CITES layout, tracked changes or visual amendment marks, Word comments.
//!
//! [`render`] builds every part as a string and packs them with `zip::pack` (fixed
//! timestamps, fixed order), so equal input gives equal bytes. No office suite is needed.

mod body;
mod comments;
mod package;
pub(crate) mod xml;
pub(crate) mod zip;

use crate::export::ir::Document;

/// How revision marks ([`crate::export::ir::Change`]) are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RevisionMarks {
    /// Real Word tracked changes (`w:ins`/`w:del`) that a delegation can accept or reject.
    #[default]
    Tracked,
    /// The CITES convention for amendments to adopted text: inserted text underlined, deleted
    /// text struck through, no tracked changes.
    Visual,
}

/// What the export shows besides the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocxOptions {
    pub marks: RevisionMarks,
    /// Write [`Document::comments`] as Word comments.
    pub comments: bool,
    /// Word's own line numbering (`w:lnNumType`): every line, restarting on each page, the
    /// header block and empty paragraphs left unnumbered (`w:suppressLineNumbers`).
    pub line_numbers: bool,
}

impl Default for DocxOptions {
    fn default() -> Self {
        DocxOptions { marks: RevisionMarks::Tracked, comments: true, line_numbers: false }
    }
}

/// Why a docx could not be written. [`DocxError::code`] gives a stable code for the UI and CLI.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("{part} is too large for a Word document (over 4 GiB, or over 65,535 parts)")]
    TooLarge { part: String },
}

impl crate::coded::Coded for DocxError {
    fn code(&self) -> &'static str {
        match self {
            DocxError::TooLarge { .. } => "docx.too-large",
        }
    }
}

/// Renders the document as the bytes of a .docx file: A4, Arial 10pt, the CITES header block,
/// numbered paragraphs with hanging indents, a `<symbol> – p. N` footer, revision marks and
/// (with `options.comments`) comments.
pub fn render(doc: &Document, options: &DocxOptions) -> Result<Vec<u8>, DocxError> {
    let with_comments = options.comments && !doc.comments.is_empty();
    let plan = comments::CommentPlan::new(doc, |b, r| {
        doc.blocks.get(b).and_then(|block| block.runs.get(r).map(|run| body::shown(block, run).is_some())).unwrap_or(false)
    });
    let options = DocxOptions { comments: with_comments, ..*options };
    let mut parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", package::content_types(with_comments).into_bytes()),
        ("_rels/.rels", package::package_rels().into_bytes()),
        ("docProps/core.xml", package::core_properties(doc).into_bytes()),
        ("docProps/app.xml", package::app_properties().into_bytes()),
        ("word/_rels/document.xml.rels", package::document_rels(with_comments).into_bytes()),
        ("word/document.xml", body::document_xml(doc, &options, &plan).into_bytes()),
        ("word/styles.xml", package::styles(options.line_numbers).into_bytes()),
        ("word/settings.xml", package::settings().into_bytes()),
        ("word/footer1.xml", package::footer(doc).into_bytes()),
    ];
    if with_comments {
        parts.push(("word/comments.xml", comments::comments_xml(doc, &plan).into_bytes()));
    }
    zip::pack(&parts)
}
