//! The compiled comment table (issue #11 §3) as delegations know it — Delegation, Paragraph, Line (in the PDF with line numbers), Type, Comment, Proposed change, Outcome and observation — rendered as a Word table (landscape, header row repeated), an XLSX sheet or RFC 4180 CSV; pure functions over plain rows.
//!
//! The rows are built by the workshop ([`crate::Workshop::comment_table`]); this module only lays
//! them out. CSV and DOCX are byte-stable (the DOCX reuses the draft export's fixed-timestamp ZIP
//! writer); the XLSX is `rust_xlsxwriter`'s, which stamps the creation time, so only its cells
//! are stable.

use std::fmt;
use std::fmt::Write as _;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::docx::xml::{escape, run_text};
use super::pdf::LinePlace;
use super::ExportError;
use crate::model::roster::string_enum;

/// The column headings, in order. The importer ([`crate::import::table`]) reads them back
/// (`Line (PDF)` as its line column).
pub const HEADINGS: [&str; 7] = ["Delegation", "Paragraph", "Line (PDF)", "Type", "Comment", "Proposed change", "Outcome and observation"];

/// What the Line column refers to, said under the DOCX table and in a note on the XLSX heading
/// (CSV stays a plain table: its heading says `Line (PDF)`).
pub const LINE_NOTE: &str = "Line: the page and line in the draft's PDF with line numbers (caucus export --format pdf --line-numbers), \
     lines numbered per page. Word and LibreOffice break the DOCX's lines with their own metrics: cite the PDF.";

/// One thread as a row of the table, every cell already worded (the importer reads the same
/// cells back). Line is where the thread's words stand in the PDF with line numbers
/// ([`line_cell`]), empty for a thread on no paragraph.
pub use crate::import::table::Cells as Row;

/// The Line cell for the lines a thread's words stand on: `p. 3, l. 12`, `p. 3, l. 12–14`, or
/// across a page break `p. 3, l. 40 – p. 4, l. 2`.
pub fn line_cell(first: LinePlace, last: LinePlace) -> String {
    if first.page != last.page {
        format!("p. {}, l. {} – p. {}, l. {}", first.page, first.line, last.page, last.line)
    } else if first.line != last.line {
        format!("p. {}, l. {}–{}", first.page, first.line, last.line)
    } else {
        format!("p. {}, l. {}", first.page, first.line)
    }
}

/// The table and what its title says.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CommentTable {
    /// The draft's document symbol (`SC77 Doc. 42`), may be empty.
    pub symbol: String,
    /// The draft's title.
    pub title: String,
    pub rows: Vec<Row>,
}

string_enum! {
    /// The formats the table is written in.
    TableFormat { Docx = "docx", Xlsx = "xlsx", Csv = "csv" }
}

/// Renders the table in `format`.
pub fn render(table: &CommentTable, format: TableFormat) -> Result<Vec<u8>, ExportError> {
    match format {
        TableFormat::Csv => Ok(csv(table)),
        TableFormat::Docx => Ok(docx(table)?),
        TableFormat::Xlsx => xlsx(table),
    }
}

/// RFC 4180: CRLF line ends, a field quoted when it holds a comma, a quote or a line break (its
/// quotes doubled), UTF-8 with a byte order mark so that Excel reads it as UTF-8.
pub fn csv(table: &CommentTable) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: &[&str]| {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if cell.contains([',', '"', '\r', '\n']) {
                out.push('"');
                out.push_str(&cell.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(cell);
            }
        }
        out.push_str("\r\n");
    };
    line(&HEADINGS);
    for row in &table.rows {
        line(&row.in_order());
    }
    out.into_bytes()
}

/// Column widths in twentieths of a point on landscape A4 (27.7 cm of text), and in Excel's
/// character units. The DOCX widths add up to the text width (29.7 cm less two 2 cm margins).
const DOCX_WIDTHS: [u32; 7] = [1800, 1250, 1300, 1100, 3700, 3250, 2170];
const XLSX_WIDTHS: [f64; 7] = [22.0, 11.0, 14.0, 11.0, 56.0, 46.0, 32.0];
const A4_LONG: u32 = 16838;
const A4_SHORT: u32 = 11906;
const MARGIN: u32 = 1134;
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// A Word document holding one real table: landscape A4, Arial 10 pt as the draft export (Liberation
/// Sans where Arial is missing), the header row bold, shaded and repeated on every page, rows never
/// split across pages when they fit, and `<symbol> – p. N` in the footer.
pub fn docx(table: &CommentTable) -> Result<Vec<u8>, super::docx::DocxError> {
    let parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", docx_content_types().into_bytes()),
        ("_rels/.rels", docx_package_rels().into_bytes()),
        ("word/_rels/document.xml.rels", docx_document_rels().into_bytes()),
        ("word/document.xml", docx_document(table).into_bytes()),
        ("word/styles.xml", docx_styles().into_bytes()),
        ("word/footer1.xml", docx_footer(&table.symbol).into_bytes()),
    ];
    super::docx::zip::pack(&parts)
}

pub(super) fn docx_content_types() -> String {
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"{wml}.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"{wml}.styles+xml\"/>\
         <Override PartName=\"/word/footer1.xml\" ContentType=\"{wml}.footer+xml\"/></Types>\n"
    )
}

pub(super) fn docx_package_rels() -> String {
    format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{R_NS}/officeDocument\" Target=\"word/document.xml\"/></Relationships>\n"
    )
}

pub(super) fn docx_document_rels() -> String {
    format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rIdStyles\" Type=\"{R_NS}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdFooter1\" Type=\"{R_NS}/footer\" Target=\"footer1.xml\"/></Relationships>\n"
    )
}

pub(super) fn docx_styles() -> String {
    format!(
        "{XML_DECL}<w:styles xmlns:w=\"{W_NS}\"><w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>\
         <w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
         <w:pPr><w:spacing w:after=\"240\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:caps/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
         <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style></w:styles>\n"
    )
}

pub(super) fn docx_footer(symbol: &str) -> String {
    let prefix = match symbol.trim() {
        "" => "p. ".to_string(),
        symbol => format!("{symbol} – p. "),
    };
    format!(
        "{XML_DECL}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
         <w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
         <w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:ftr>\n",
        escape(&prefix)
    )
}

/// `word/document.xml`: the title, the table, then what its Line column refers to.
pub fn docx_document(table: &CommentTable) -> String {
    let mut out = String::with_capacity(1024 + table.rows.len() * 1024);
    let _ = write!(out, "{XML_DECL}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>");
    let title = match (table.symbol.trim(), table.title.trim()) {
        ("", "") => "Compiled comments".to_string(),
        ("", title) => format!("Compiled comments: {title}"),
        (symbol, "") => format!("Compiled comments on {symbol}"),
        (symbol, title) => format!("Compiled comments on {symbol}: {title}"),
    };
    let _ = write!(out, "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r>{}</w:r></w:p>", run_text(&title, false));
    docx_table_start(&mut out, &DOCX_WIDTHS);
    docx_row(&mut out, &HEADINGS, &DOCX_WIDTHS, true);
    for row in &table.rows {
        docx_row(&mut out, &row.in_order(), &DOCX_WIDTHS, false);
    }
    let _ = write!(out, "</w:tbl><w:p><w:pPr><w:spacing w:before=\"120\"/></w:pPr><w:r><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr>{}</w:r></w:p>", run_text(LINE_NOTE, false));
    let _ = write!(
        out,
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/><w:pgSz w:w=\"{A4_LONG}\" w:h=\"{A4_SHORT}\" w:orient=\"landscape\"/>\
         <w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>"
    );
    out.push_str("</w:body></w:document>\n");
    out
}

/// Opens a `w:tbl` of fixed columns `widths` (twentieths of a point), single black borders,
/// its first row a header row.
pub(super) fn docx_table_start(out: &mut String, widths: &[u32]) {
    let total: u32 = widths.iter().sum();
    let _ = write!(
        out,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         </w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
    );
    for w in widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
}

/// One `w:tr`: a header row is bold, shaded and repeated on each page (`w:tblHeader`); no row
/// breaks across pages (`w:cantSplit`). A cell's line breaks become paragraphs.
pub(super) fn docx_row(out: &mut String, cells: &[&str], widths: &[u32], header: bool) {
    out.push_str("<w:tr><w:trPr><w:cantSplit/>");
    if header {
        out.push_str("<w:tblHeader/>");
    }
    out.push_str("</w:trPr>");
    for (cell, width) in cells.iter().zip(widths) {
        let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
        if header {
            out.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/>");
        }
        out.push_str("</w:tcPr>");
        let normalised = cell.replace("\r\n", "\n").replace('\r', "\n");
        for line in normalised.split('\n') {
            out.push_str("<w:p><w:pPr><w:spacing w:before=\"40\" w:after=\"40\"/></w:pPr>");
            if !line.is_empty() {
                out.push_str("<w:r>");
                if header {
                    out.push_str("<w:rPr><w:b/><w:bCs/></w:rPr>");
                }
                out.push_str(&run_text(line, false));
                out.push_str("</w:r>");
            }
            out.push_str("</w:p>");
        }
        out.push_str("</w:tc>");
    }
    out.push_str("</w:tr>");
}

/// One sheet, "Comments": the header row bold and frozen, an autofilter on it, the columns wide
/// enough to read and their text wrapped, printed landscape with the header row on every page;
/// the Line heading carries a note saying which document the lines are of.
pub fn xlsx(table: &CommentTable) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Note, Workbook};
    let xlsx = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx(e.to_string());
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin).set_background_color("D9D9D9");
    let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let sheet = book.add_worksheet();
    sheet.set_name("Comments").map_err(xlsx)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_repeat_rows(0, 0).map_err(xlsx)?;
    for (c, (heading, width)) in HEADINGS.iter().zip(XLSX_WIDTHS).enumerate() {
        let c = c as u16;
        sheet.set_column_width(c, width).map_err(xlsx)?;
        sheet.write_string_with_format(0, c, *heading, &head).map_err(xlsx)?;
    }
    sheet.insert_note(0, 2, &Note::new(LINE_NOTE).set_author("Caucus").add_author_prefix(false)).map_err(xlsx)?;
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| ExportError::Xlsx("too many rows for a sheet".into()))?;
        for (c, text) in row.in_order().iter().enumerate() {
            sheet.write_string_with_format(r, c as u16, *text, &cell).map_err(xlsx)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
    let last = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last, 6).map_err(xlsx)?;
    book.save_to_buffer().map_err(xlsx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_cell_names_the_page_once_unless_the_words_cross_a_page_break() {
        let at = |page, line| LinePlace { page, line };
        assert_eq!(line_cell(at(3, 12), at(3, 12)), "p. 3, l. 12");
        assert_eq!(line_cell(at(3, 12), at(3, 14)), "p. 3, l. 12–14");
        assert_eq!(line_cell(at(3, 40), at(4, 2)), "p. 3, l. 40 – p. 4, l. 2");
    }

    #[test]
    fn csv_quotes_only_what_needs_it_and_doubles_quotes() {
        let table = CommentTable {
            rows: vec![Row { delegation: "Kenya (supported by Peru, Chile)".into(), comment: "say \"illegal\"\nnot \"unlawful\"".into(), ..Row::default() }],
            ..CommentTable::default()
        };
        let text = String::from_utf8(csv(&table)).unwrap_or_default();
        assert!(text.starts_with("\u{feff}Delegation,Paragraph,Line (PDF),Type,Comment,Proposed change,Outcome and observation\r\n"));
        assert!(text.ends_with("\"Kenya (supported by Peru, Chile)\",,,,\"say \"\"illegal\"\"\nnot \"\"unlawful\"\"\",,\r\n"), "{text}");
    }
}
