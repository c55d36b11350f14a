//! A returned Word draft's tracked changes (issue #14 §6): each body paragraph as it was (deletions kept, insertions left out) and as proposed (insertions kept, deletions left out), with the Word authors and dates of its changes; pure and panic-free on any bytes, ZIP parts capped as `import::table` caps them.
//!
//! Only text changes count: a paragraph whose tracked changes leave its text as it was (a
//! formatting change, an insertion deleted again) is not changed. A leading list number typed
//! as text before a tab (`1.<tab>`, as Caucus's own DOCX export writes it) is not part of the text,
//! nor is superscript text (the export's bracket-package labels, ` package “A”`).

use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};

use super::ImportError;

/// The most a part of the package may expand to when read (a ZIP bomb is refused, not read).
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// One body paragraph of the Word file, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct WordParagraph {
    /// Its place among the body's paragraphs (1-based, table cells' paragraphs counted).
    pub number: usize,
    /// The text before the tracked changes: deleted text kept, inserted text left out.
    pub was: String,
    /// The text with the tracked changes accepted.
    pub proposed: String,
    /// The Word authors of its changes, in the order first seen, each with the dates
    /// (`YYYY-MM-DD`, in order first seen) of their changes in it.
    pub authors: Vec<(String, Vec<String>)>,
}

impl WordParagraph {
    /// Whether its tracked changes change its text.
    pub fn changed(&self) -> bool {
        self.was != self.proposed
    }
}

/// Reads the body paragraphs of a .docx with their tracked changes. A file that is no ZIP
/// package, or whose parts cannot be read, is damaged (`import.damaged-docx`); a package without
/// `word/document.xml` is no Word file (`import.not-word`); a Word file whose tracked changes
/// change no paragraph's text has none to propose (`import.no-tracked-changes`).
pub fn read(bytes: &[u8]) -> Result<Vec<WordParagraph>, ImportError> {
    let damaged = |reason: String| ImportError::DamagedDocx(reason);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    if !zip.file_names().any(|n| n.is_ok_and(|n| n == "word/document.xml")) {
        return Err(ImportError::NotWord);
    }
    let xml = super::table::zip_text(&mut zip, "word/document.xml", MAX_PART_BYTES).map_err(damaged)?;
    let paragraphs = paragraphs(&xml).map_err(|e| damaged(format!("word/document.xml: {e}")))?;
    if !paragraphs.iter().any(WordParagraph::changed) {
        return Err(ImportError::NoTrackedChanges);
    }
    Ok(paragraphs)
}

/// The attribute `name` (local name) of an element.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).and_then(|a| a.normalized_value(quick_xml::XmlVersion::default()).ok().map(|v| v.into_owned()))
}

/// Where a piece of text goes: both texts, only the old one (deleted), only the new one (inserted).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Both,
    Was,
    Proposed,
}

fn paragraphs(xml: &str) -> Result<Vec<WordParagraph>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out: Vec<WordParagraph> = Vec::new();
    let mut p: Option<WordParagraph> = None;
    let mut count = 0usize;
    let (mut in_ppr, mut in_rpr, mut in_text, mut in_body) = (0usize, 0usize, false, false);
    // The current run is superscript (`w:vertAlign w:val="superscript"`): its text is left out.
    let mut superscript = false;
    // Depth of `w:ins`/`w:moveTo` and `w:del`/`w:moveFrom` wrappers around runs.
    let (mut inserted, mut deleted) = (0usize, 0usize);
    let push = |p: &mut Option<WordParagraph>, side: Side, text: &str| {
        if let Some(p) = p.as_mut() {
            if side != Side::Proposed {
                p.was.push_str(text);
            }
            if side != Side::Was {
                p.proposed.push_str(text);
            }
        }
    };
    loop {
        let event = reader.read_event().map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        let side = match (inserted > 0, deleted > 0) {
            (_, true) => Side::Was,
            (true, false) => Side::Proposed,
            (false, false) => Side::Both,
        };
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "body" if !empty => in_body = true,
                    "p" if !empty && in_body => {
                        count += 1;
                        p = Some(WordParagraph { number: count, ..WordParagraph::default() });
                    }
                    "pPr" if !empty => in_ppr += 1,
                    "r" if !empty => superscript = false,
                    "vertAlign" if in_rpr > 0 && in_ppr == 0 => {
                        superscript = e.attributes().flatten().any(|a| a.key.local_name().as_ref() == "val" && a.value.as_ref() == "superscript");
                    }
                    "rPr" if !empty => in_rpr += 1,
                    "t" | "delText" if !empty && in_ppr == 0 => in_text = true,
                    "tab" if in_ppr == 0 && in_rpr == 0 => push(&mut p, side, "\t"),
                    "br" | "cr" if in_ppr == 0 && in_rpr == 0 => push(&mut p, side, " "),
                    name @ ("ins" | "moveTo" | "del" | "moveFrom") => {
                        // A paragraph mark's change (in `w:pPr`/`w:rPr`) says who, but holds no text.
                        if let Some(p) = p.as_mut() {
                            if let Some(author) = attr(e, "author").map(|a| a.trim().to_string()).filter(|a| !a.is_empty()) {
                                let date: Option<String> = attr(e, "date").and_then(|d| d.get(..10).map(str::to_string));
                                let at = match p.authors.iter().position(|(a, _)| *a == author) {
                                    Some(at) => at,
                                    None => {
                                        p.authors.push((author, Vec::new()));
                                        p.authors.len() - 1
                                    }
                                };
                                if let (Some(date), Some((_, dates))) = (date, p.authors.get_mut(at)) {
                                    if !dates.contains(&date) {
                                        dates.push(date);
                                    }
                                }
                            }
                        }
                        if !empty && in_ppr == 0 && in_rpr == 0 {
                            if matches!(name, "ins" | "moveTo") {
                                inserted += 1;
                            } else {
                                deleted += 1;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && !superscript => push(&mut p, side, t.as_ref()),
            Event::GeneralRef(r) if in_text && !superscript => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name: &str = r.as_ref();
                        quick_xml::escape::resolve_predefined_entity(name).unwrap_or("").to_string()
                    }
                };
                push(&mut p, side, &resolved);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "body" => in_body = false,
                "t" | "delText" => in_text = false,
                "pPr" => in_ppr = in_ppr.saturating_sub(1),
                "rPr" => in_rpr = in_rpr.saturating_sub(1),
                "ins" | "moveTo" if in_ppr == 0 && in_rpr == 0 => inserted = inserted.saturating_sub(1),
                "del" | "moveFrom" if in_ppr == 0 && in_rpr == 0 => deleted = deleted.saturating_sub(1),
                "p" => {
                    if let Some(mut done) = p.take() {
                        done.was = tidy(&done.was);
                        done.proposed = tidy(&done.proposed);
                        out.push(done);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(out)
}

/// The paragraph's text without a list number typed before a tab, other tabs as spaces,
/// whitespace runs as one space, trimmed.
fn tidy(text: &str) -> String {
    let text = match text.split_once('\t') {
        Some((label, rest)) if is_label(label.trim()) => rest,
        _ => text,
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A typed list number: `1.`, `a)`, `(iv)`, `17.A`, `PP2` — short, no space, a digit or a
/// closing `.` or `)`.
fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label.chars().count() <= 8
        && !label.contains(char::is_whitespace)
        && (label.ends_with('.') || label.ends_with(')') || label.chars().any(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn body(paras: &str) -> String {
        format!("<?xml version=\"1.0\"?><w:document {W}><w:body>{paras}<w:sectPr/></w:body></w:document>")
    }

    #[test]
    fn insertions_and_deletions_split_the_text_as_it_was_and_as_proposed() {
        let xml = body(concat!(
            "<w:p><w:r><w:t>1.</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space=\"preserve\">URGES Parties to </w:t></w:r>",
            "<w:del w:id=\"1\" w:author=\"Jane Doe\" w:date=\"2026-11-20T10:00:00Z\"><w:r><w:delText>consider</w:delText></w:r></w:del>",
            "<w:ins w:id=\"2\" w:author=\"Jane Doe\" w:date=\"2026-11-20T10:01:00Z\"><w:r><w:t>adopt</w:t></w:r></w:ins>",
            "<w:r><w:t xml:space=\"preserve\"> laws &amp; rules;</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>Unchanged.</w:t></w:r></w:p>",
            "<w:p><w:ins w:id=\"3\" w:author=\"John Roe\" w:date=\"2026-11-21T09:00:00Z\"><w:r><w:t>New.</w:t></w:r></w:ins></w:p>",
        ));
        let got = paragraphs(&xml).expect("read");
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].was, "URGES Parties to consider laws & rules;");
        assert_eq!(got[0].proposed, "URGES Parties to adopt laws & rules;");
        assert_eq!(got[0].authors, vec![("Jane Doe".to_string(), vec!["2026-11-20".to_string()])]);
        assert!(got[0].changed());
        assert_eq!((got[1].was.as_str(), got[1].changed(), got[1].authors.len()), ("Unchanged.", false, 0));
        assert_eq!((got[2].number, got[2].was.as_str(), got[2].proposed.as_str()), (3, "", "New."));
    }

    #[test]
    fn superscript_labels_are_not_text() {
        let xml = body(concat!(
            "<w:p><w:r><w:t xml:space=\"preserve\">[including reporting]</w:t></w:r>",
            "<w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:t xml:space=\"preserve\"> package “A”</w:t></w:r>",
            "<w:r><w:t xml:space=\"preserve\"> obligations;</w:t></w:r></w:p>",
        ));
        assert_eq!(paragraphs(&xml).expect("read")[0].was, "[including reporting] obligations;");
    }

    #[test]
    fn a_paragraph_mark_change_names_its_author_but_holds_no_text() {
        let xml = body(concat!(
            "<w:p><w:pPr><w:rPr><w:ins w:id=\"1\" w:author=\"A\" w:date=\"2026-01-02T00:00:00Z\"/></w:rPr></w:pPr>",
            "<w:r><w:t>Same</w:t></w:r></w:p>",
        ));
        let got = paragraphs(&xml).expect("read");
        assert_eq!((got[0].was.as_str(), got[0].proposed.as_str(), got[0].authors.len()), ("Same", "Same", 1));
    }

    #[test]
    fn refusals_have_their_codes_and_nothing_panics() {
        use crate::coded::Coded;
        assert_eq!(read(b"not a zip").expect_err("no zip").code(), "import.damaged-docx");
        assert_eq!(read(b"PK\x03\x04\x00\x00cut").expect_err("cut").code(), "import.damaged-docx");
        for n in 0..2000u32 {
            let bytes: Vec<u8> = (0..n % 97).map(|i| (i.wrapping_mul(n).wrapping_add(n >> 3) % 251) as u8).collect();
            let _ = read(&bytes);
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let _ = paragraphs(&text);
            let _ = paragraphs(&body(&format!("<w:p><w:del><w:r><w:t>{}</w:t></w:r>", text.replace('<', ""))));
        }
    }

    #[test]
    fn typed_list_numbers_are_not_text() {
        assert_eq!(tidy("1.\tURGES  Parties"), "URGES Parties");
        assert_eq!(tidy("b)\tthe collection"), "the collection");
        assert_eq!(tidy("Symbol of the document\tCoP20"), "Symbol of the document CoP20");
    }
}
