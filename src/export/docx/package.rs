//! The fixed parts of the docx package around the body: content types, relationships, CITES styles (A4, Arial 10pt, hanging indents), settings, the `<symbol> – p. N` footer and document properties.

use std::fmt::Write as _;

use super::xml::{escape, word_date};
use crate::export::ir::Document;

pub(super) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(super) const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// A4 in twentieths of a point, and CITES margins of 2 cm.
pub(super) const PAGE_WIDTH: u32 = 11906;
pub(super) const PAGE_HEIGHT: u32 = 16838;
pub(super) const MARGIN: u32 = 1134;
/// Width of the text column: where the right tab stop of the header line goes.
pub(super) const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN;
/// 1 cm.
pub(super) const CM: u32 = 567;
/// Line numbers (`--line-numbers`): their right edge 0.5 cm left of the text, in 8 pt (the PDF
/// export draws them at the same place and size).
pub(super) const LINE_NUMBER_DISTANCE: u32 = CM / 2;

pub(super) const FOOTER_REL: &str = "rIdFooter1";

pub(super) fn content_types(comments: bool) -> String {
    let mut out = String::from(XML_DECL);
    out.push_str("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">");
    out.push_str("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>");
    out.push_str("<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut overrides = vec![
        ("/word/document.xml", format!("{wml}.document.main+xml")),
        ("/word/styles.xml", format!("{wml}.styles+xml")),
        ("/word/settings.xml", format!("{wml}.settings+xml")),
        ("/word/footer1.xml", format!("{wml}.footer+xml")),
    ];
    if comments {
        overrides.push(("/word/comments.xml", format!("{wml}.comments+xml")));
    }
    overrides.push(("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml".into()));
    overrides.push(("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml".into()));
    for (part, kind) in overrides {
        let _ = write!(out, "<Override PartName=\"{part}\" ContentType=\"{kind}\"/>");
    }
    out.push_str("</Types>\n");
    out
}

pub(super) fn package_rels() -> String {
    let mut out = String::from(XML_DECL);
    out.push_str("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    out.push_str("<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>");
    out.push_str("<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>");
    out.push_str("<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>");
    out.push_str("</Relationships>\n");
    out
}

pub(super) fn document_rels(comments: bool) -> String {
    let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut out = String::from(XML_DECL);
    out.push_str("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    let _ = write!(out, "<Relationship Id=\"rIdStyles\" Type=\"{base}/styles\" Target=\"styles.xml\"/>");
    let _ = write!(out, "<Relationship Id=\"rIdSettings\" Type=\"{base}/settings\" Target=\"settings.xml\"/>");
    let _ = write!(out, "<Relationship Id=\"{FOOTER_REL}\" Type=\"{base}/footer\" Target=\"footer1.xml\"/>");
    if comments {
        let _ = write!(out, "<Relationship Id=\"rIdComments\" Type=\"{base}/comments\" Target=\"comments.xml\"/>");
    }
    out.push_str("</Relationships>\n");
    out
}

/// Paragraph style ids the body uses.
pub(super) mod style {
    pub const TOP_LINE: &str = "CitesTopLine";
    pub const CONVENTION: &str = "CitesConvention";
    pub const MEETING: &str = "CitesMeeting";
    pub const FRONT: &str = "CitesFront";
    pub const TITLE: &str = "Title";
    pub const HEADING: &str = "Heading2";
    pub const TEXT: &str = "Normal";
    pub const PREAMBLE: &str = "CitesPreamble";
    pub const CONFERENCE: &str = "CitesConference";
    pub const OPERATIVE: &str = "CitesOperative";
    pub const DECISION: &str = "CitesDecision";
    pub const ITEM_1: &str = "CitesItem1";
    pub const ITEM_2: &str = "CitesItem2";
    pub const COMMENT_TEXT: &str = "CommentText";
    pub const COMMENT_REFERENCE: &str = "CommentReference";
}

/// `word/styles.xml`: Arial 10pt (British English) by default; every paragraph kind its style;
/// with `line_numbers`, Word's `LineNumber` character style in 8 pt. Element order inside
/// `w:pPr` and `w:rPr` follows the schema, which Word enforces.
pub(super) fn styles(line_numbers: bool) -> String {
    let mut out = String::from(XML_DECL);
    let _ = write!(out, "<w:styles xmlns:w=\"{W_NS}\">");
    out.push_str(
        "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/>\
         <w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/><w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
    );
    let hanging = |left: u32, hang: u32| {
        format!("<w:tabs><w:tab w:val=\"left\" w:pos=\"{left}\"/></w:tabs><w:spacing w:after=\"200\"/><w:ind w:left=\"{left}\" w:hanging=\"{hang}\"/><w:jc w:val=\"both\"/>")
    };
    let item = |left: u32| {
        format!("<w:tabs><w:tab w:val=\"left\" w:pos=\"{left}\"/></w:tabs><w:spacing w:after=\"120\"/><w:ind w:left=\"{left}\" w:hanging=\"{CM}\"/><w:jc w:val=\"both\"/>")
    };
    let paragraph_styles: [(&str, &str, bool, String, &str); 13] = [
        (style::TEXT, "Normal", true, "<w:spacing w:after=\"200\"/><w:jc w:val=\"both\"/>".into(), ""),
        (
            style::TOP_LINE,
            "CITES header line",
            false,
            format!("<w:tabs><w:tab w:val=\"right\" w:pos=\"{TEXT_WIDTH}\"/></w:tabs><w:spacing w:after=\"600\"/><w:jc w:val=\"left\"/>"),
            "",
        ),
        (style::CONVENTION, "CITES convention", false, "<w:keepNext/><w:spacing w:after=\"400\"/><w:jc w:val=\"center\"/>".into(), "<w:b/><w:bCs/>"),
        (style::MEETING, "CITES meeting", false, "<w:keepNext/><w:spacing w:after=\"120\"/><w:jc w:val=\"center\"/>".into(), ""),
        (style::FRONT, "CITES front matter", false, "<w:keepNext/><w:spacing w:after=\"120\"/><w:jc w:val=\"center\"/>".into(), ""),
        (
            style::TITLE,
            "Title",
            false,
            "<w:keepNext/><w:spacing w:before=\"360\" w:after=\"360\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/>".into(),
            "<w:b/><w:bCs/><w:caps/>",
        ),
        (
            style::HEADING,
            "heading 2",
            false,
            "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"200\"/><w:jc w:val=\"left\"/><w:outlineLvl w:val=\"1\"/>".into(),
            "<w:b/><w:bCs/><w:i/><w:iCs/>",
        ),
        (style::PREAMBLE, "CITES preamble", false, "<w:spacing w:after=\"200\"/><w:jc w:val=\"both\"/>".into(), ""),
        (style::CONFERENCE, "CITES conference line", false, "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"200\"/><w:jc w:val=\"left\"/>".into(), ""),
        (style::OPERATIVE, "CITES operative paragraph", false, hanging(CM, CM), ""),
        (style::DECISION, "CITES decision", false, hanging(CM * 3 / 2, CM * 3 / 2), ""),
        (style::ITEM_1, "CITES item", false, item(2 * CM), ""),
        (style::ITEM_2, "CITES sub-item", false, item(3 * CM), ""),
    ];
    for (id, name, default, ppr, rpr) in paragraph_styles {
        let default = if default { " w:default=\"1\"" } else { "" };
        let based = if id == style::TEXT { "" } else { "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>" };
        let rpr = if rpr.is_empty() { String::new() } else { format!("<w:rPr>{rpr}</w:rPr>") };
        let _ = write!(
            out,
            "<w:style w:type=\"paragraph\"{default} w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>{based}<w:qFormat/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
        );
    }
    out.push_str(
        "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>",
    );
    let _ = write!(
        out,
        "<w:style w:type=\"paragraph\" w:styleId=\"{}\"><w:name w:val=\"annotation text\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>",
        style::COMMENT_TEXT
    );
    out.push_str(
        "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>",
    );
    let _ = write!(
        out,
        "<w:style w:type=\"character\" w:styleId=\"{}\"><w:name w:val=\"annotation reference\"/><w:basedOn w:val=\"DefaultParagraphFont\"/>\
         <w:rPr><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/></w:rPr></w:style>",
        style::COMMENT_REFERENCE
    );
    if line_numbers {
        out.push_str(
            "<w:style w:type=\"character\" w:styleId=\"LineNumber\"><w:name w:val=\"line number\"/><w:basedOn w:val=\"DefaultParagraphFont\"/>\
             <w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/></w:rPr></w:style>",
        );
    }
    out.push_str("</w:styles>\n");
    out
}

pub(super) fn settings() -> String {
    let mut out = String::from(XML_DECL);
    let _ = write!(out, "<w:settings xmlns:w=\"{W_NS}\">");
    let _ = write!(out, "<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"{CM}\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>");
    out.push_str("<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>");
    out.push_str("</w:settings>\n");
    out
}

/// `<symbol> – p. N` with a real PAGE field, centred on every page.
pub(super) fn footer(doc: &Document) -> String {
    let prefix = match doc.meta.symbol.trim() {
        "" => "p. ".to_string(),
        symbol => format!("{symbol} – p. "),
    };
    let mut out = String::from(XML_DECL);
    let _ = write!(out, "<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\">");
    let _ = write!(
        out,
        "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>\
         <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
        escape(&prefix)
    );
    out.push_str("</w:ftr>\n");
    out
}

/// `docProps/core.xml`: title, subject (the symbol), language, and the date of the revision
/// marks when there are any (no clock is read, so equal drafts give equal files).
pub(super) fn core_properties(doc: &Document) -> String {
    let meta = &doc.meta;
    let title = doc
        .blocks
        .iter()
        .find(|b| b.kind == crate::model::types::ParaKind::Title)
        .map(|b| b.current_text())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| meta.title.clone());
    let mut out = String::from(XML_DECL);
    out.push_str(
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    let _ = write!(out, "<dc:title>{}</dc:title>", escape(title.trim()));
    if !meta.symbol.trim().is_empty() {
        let _ = write!(out, "<dc:subject>{}</dc:subject>", escape(meta.symbol.trim()));
    }
    out.push_str("<dc:creator>Caucus</dc:creator>");
    if let Some(base) = &doc.revisions {
        let _ = write!(out, "<dc:description>Changes since {}</dc:description>", escape(&base.since));
        if let Some(date) = word_date(&base.date) {
            let _ = write!(out, "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified>");
        }
    }
    let _ = write!(out, "<dc:language>{}</dc:language>", language_tag(&meta.language));
    out.push_str("</cp:coreProperties>\n");
    out
}

pub(super) fn app_properties() -> String {
    let mut out = String::from(XML_DECL);
    out.push_str(
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
         <Application>Caucus</Application><DocSecurity>0</DocSecurity></Properties>\n",
    );
    out
}

fn language_tag(language: &str) -> &'static str {
    match language.trim().to_lowercase().as_str() {
        "french" | "français" | "francais" | "fr" => "fr",
        "spanish" | "español" | "espanol" | "es" => "es",
        _ => "en-GB",
    }
}
