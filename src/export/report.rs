//! A one-page report of headed tables (the negotiation's status for a Standing Committee document annex, issue #14 §1), written as a Word document and as a standalone web page from the one model, so both say the same.

use std::fmt::Write as _;

use super::docx::xml::run_text;
use super::escape::html as esc;

/// A report: a title, a line under it, and sections in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub symbol: String,
    pub title: String,
    /// E.g. "Comment round until 2027-01-15 · 3 December 2026".
    pub subtitle: String,
    pub sections: Vec<Section>,
}

/// A heading, an optional sentence, and an optional table (columns, then rows of as many cells).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub text: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Text width of portrait A4 with 2 cm margins, in twentieths of a point.
const TEXT_WIDTH: u32 = 11906 - 2 * 1134;

/// The report as a Word document: portrait A4, Arial 10 pt, each table with its header row bold
/// and shaded, `<symbol> – p. N` in the footer.
pub fn docx(report: &Report) -> Result<Vec<u8>, super::docx::DocxError> {
    use super::comment_table as package;
    let parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", package::docx_content_types().into_bytes()),
        ("_rels/.rels", package::docx_package_rels().into_bytes()),
        ("word/_rels/document.xml.rels", package::docx_document_rels().into_bytes()),
        ("word/document.xml", docx_document(report).into_bytes()),
        ("word/styles.xml", package::docx_styles().into_bytes()),
        ("word/footer1.xml", package::docx_footer(&report.symbol).into_bytes()),
    ];
    super::docx::zip::pack(&parts)
}

fn docx_document(report: &Report) -> String {
    use super::comment_table as package;
    let mut out = String::with_capacity(8192);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>"
    );
    if !report.symbol.trim().is_empty() {
        let _ = write!(out, "<w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr><w:r>{}</w:r></w:p>", run_text(report.symbol.trim(), false));
    }
    let _ = write!(out, "<w:p><w:pPr><w:pStyle w:val=\"Title\"/><w:spacing w:after=\"60\"/></w:pPr><w:r>{}</w:r></w:p>", run_text(&report.title, false));
    let _ = write!(out, "<w:p><w:pPr><w:jc w:val=\"center\"/><w:spacing w:after=\"240\"/></w:pPr><w:r>{}</w:r></w:p>", run_text(&report.subtitle, false));
    for section in &report.sections {
        let _ = write!(
            out,
            "<w:p><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr>{}</w:r></w:p>",
            run_text(&section.heading, false)
        );
        if let Some(text) = &section.text {
            let _ = write!(out, "<w:p><w:pPr><w:spacing w:after=\"120\"/></w:pPr><w:r>{}</w:r></w:p>", run_text(text, false));
        }
        if section.columns.is_empty() {
            continue;
        }
        // Columns of equal width: the tables are short (a delegation, a paragraph, counts).
        let widths = vec![TEXT_WIDTH / section.columns.len() as u32; section.columns.len()];
        package::docx_table_start(&mut out, &widths);
        package::docx_row(&mut out, &cells(&section.columns), &widths, true);
        for row in &section.rows {
            package::docx_row(&mut out, &cells(row), &widths, false);
        }
        out.push_str("</w:tbl>");
    }
    out.push_str(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>\n",
    );
    out
}

/// The report as a standalone web page that prints on one A4 page.
pub fn html(report: &Report) -> String {
    let mut out = String::with_capacity(8192);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
         @page {{ size: A4; margin: 2cm; }}\n\
         body {{ font-family: Arial, \"Liberation Sans\", sans-serif; font-size: 10pt; max-width: 17cm; margin: 2rem auto; color: #000; }}\n\
         .symbol {{ text-align: right; margin: 0; }}\n\
         h1 {{ font-size: 12pt; text-align: center; text-transform: uppercase; margin: 0.8em 0 0.2em; }}\n\
         .subtitle {{ text-align: center; margin: 0 0 1.2em; }}\n\
         h2 {{ font-size: 10pt; margin: 1.2em 0 0.5em; }}\n\
         table {{ border-collapse: collapse; width: 100%; }}\n\
         th, td {{ border: 1px solid #000; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }}\n\
         th {{ background: #d9d9d9; }}\n\
         </style>\n</head>\n<body>\n",
        esc(&report.title)
    );
    if !report.symbol.trim().is_empty() {
        let _ = writeln!(out, "<p class=\"symbol\">{}</p>", esc(report.symbol.trim()));
    }
    let _ = writeln!(out, "<h1>{}</h1>\n<p class=\"subtitle\">{}</p>", esc(&report.title), esc(&report.subtitle));
    for section in &report.sections {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", esc(&section.heading));
        if let Some(text) = &section.text {
            let _ = writeln!(out, "<p>{}</p>", esc(text));
        }
        if !section.columns.is_empty() {
            out.push_str("<table>\n<thead><tr>");
            for c in &section.columns {
                let _ = write!(out, "<th scope=\"col\">{}</th>", esc(c));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for row in &section.rows {
                out.push_str("<tr>");
                for cell in row {
                    let _ = write!(out, "<td>{}</td>", esc(cell));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn cells(row: &[String]) -> Vec<&str> {
    row.iter().map(String::as_str).collect()
}
