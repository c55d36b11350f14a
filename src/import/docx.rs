//! Import of a draft from a Word document (issue #14 §6): each paragraph with its list numbering (Word's own, or typed as text), bold, italic, underline and square brackets, the page header's symbol lines, tracked changes accepted — read into the text the CITES-text reader takes, so one set of rules decides kinds, levels and numbering.
//!
//! Word's list levels map to the CITES numbering: level 1 `1.`, level 2 `a)`, level 3 `i)`,
//! counted per list. Styles `Title` and `Heading 1` give the title, other headings headings.
//! Tracked changes are accepted: inserted and moved-to text kept, deleted and moved-from text
//! left out; the report counts them. Pure and panic-free on any input.

use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};

use super::ImportError;
use crate::model::types::WordReport;

/// Largest part of the package read (a draft resolution's document.xml is well under a MiB).
const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;

/// Whether `bytes` are a ZIP package (a .docx is one).
pub fn is_package(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The document as CITES text (Markdown marks for bold, italic and underline; numbering as
/// text), and what was found. A package without `word/document.xml` is not a Word document.
pub fn to_text(bytes: &[u8]) -> Result<(String, WordReport), ImportError> {
    let damaged = |reason: String| ImportError::DamagedDocx(reason);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let names: Vec<String> = zip.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect();
    if !names.iter().any(|n| n == "word/document.xml") {
        return Err(ImportError::NotWord);
    }
    let mut read = |name: &str| super::table::zip_text(&mut zip, name, MAX_PART_BYTES).map_err(damaged);
    let mut report = WordReport::default();
    let mut lines: Vec<String> = Vec::new();
    let mut headers: Vec<&String> = names.iter().filter(|n| n.starts_with("word/header") && n.ends_with(".xml")).collect();
    headers.sort();
    // The page header's lines (symbol, original language; a tab parts them) open the text,
    // once each, as plain text.
    for part in headers {
        for p in paragraphs(&read(part)?, &mut WordReport::default()).map_err(|e| damaged(format!("{part}: {e}")))? {
            for line in p.plain().split('\t').map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")) {
                if !line.is_empty() && !lines.contains(&line) {
                    lines.push(line);
                }
            }
        }
    }
    let body = paragraphs(&read("word/document.xml")?, &mut report).map_err(|e| damaged(format!("word/document.xml: {e}")))?;
    let mut counters: std::collections::HashMap<String, [u32; 9]> = std::collections::HashMap::new();
    for p in body {
        // The CITES header line holds the original language and, after a tab, the symbol:
        // the text reader takes them as two lines of plain text.
        let plain = p.plain();
        if plain.trim_start().starts_with(crate::cites::LANGUAGE_PREFIX) {
            lines.extend(plain.split('\t').map(str::trim).filter(|l| !l.is_empty()).map(str::to_string));
            continue;
        }
        let mut line = p.markdown();
        if line.trim().is_empty() {
            continue;
        }
        if let Some((list, level)) = &p.list {
            report.list_paragraphs += 1;
            let level = (*level).min(8);
            let counts = counters.entry(list.clone()).or_insert([0; 9]);
            counts[level] += 1;
            for deeper in counts.iter_mut().skip(level + 1) {
                *deeper = 0;
            }
            let n = counts[level];
            let number = match level {
                0 => format!("{n}."),
                1 => format!("{})", letters(n)),
                _ => format!("{})", roman(n)),
            };
            line = format!("{}{number} {line}", "   ".repeat(level.min(2)));
        } else if let Some(style) = &p.style {
            let style = style.to_ascii_lowercase().replace([' ', '-'], "");
            if style == "title" || style == "heading1" {
                line = format!("# {line}");
            } else if style.starts_with("heading") {
                line = format!("## {line}");
            }
        }
        lines.push(line);
    }
    Ok((lines.join("\n\n") + "\n", report))
}

/// `a`…`z`, then `aa`, `bb`… as CITES numbers items beyond 26.
fn letters(n: u32) -> String {
    let n = n.max(1) - 1;
    let letter = char::from(b'a' + (n % 26) as u8);
    std::iter::repeat(letter).take((n / 26 + 1) as usize).collect()
}

fn roman(n: u32) -> String {
    let mut n = n.clamp(1, 3999);
    let mut out = String::new();
    for (value, digits) in [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Format {
    bold: bool,
    italic: bool,
    underline: bool,
}

#[derive(Debug, Default)]
struct Paragraph {
    style: Option<String>,
    /// Word list: (numId, level from 0).
    list: Option<(String, usize)>,
    runs: Vec<(String, Format)>,
}

impl Paragraph {
    fn plain(&self) -> String {
        self.runs.iter().map(|(t, _)| t.as_str()).collect()
    }

    /// The paragraph's text with Markdown marks, runs of one format merged; characters the
    /// reader would take as marks escaped (square brackets stay brackets).
    fn markdown(&self) -> String {
        let mut merged: Vec<(String, Format)> = Vec::new();
        for (text, format) in &self.runs {
            match merged.last_mut() {
                Some((t, f)) if f == format => t.push_str(text),
                _ => merged.push((text.clone(), *format)),
            }
        }
        let mut out = String::new();
        for (text, f) in merged {
            // Marks go around the words, never around the spaces at their ends.
            let core = text.trim();
            if core.is_empty() || (!f.bold && !f.italic && !f.underline) {
                out.push_str(&escape(&text));
                continue;
            }
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            let (mut open, mut close) = (String::new(), String::new());
            if f.underline {
                open.push_str("<u>");
                close.insert_str(0, "</u>");
            }
            if f.bold {
                open.push_str("**");
                close.insert_str(0, "**");
            }
            if f.italic {
                open.push('*');
                close.insert(0, '*');
            }
            out.push_str(lead);
            out.push_str(&open);
            out.push_str(&escape(core));
            out.push_str(&close);
            out.push_str(trail);
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '<' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "val").map(|a| a.value.into_owned())
}

/// A toggle property (`w:b`, `w:i`) is on unless its value says off; `w:u` unless `none`.
fn on(e: &BytesStart<'_>) -> bool {
    !matches!(val(e).as_deref(), Some("0" | "false" | "off" | "none"))
}

/// The paragraphs of a WordprocessingML part, in order (table cells' paragraphs included).
fn paragraphs(xml: &str, report: &mut WordReport) -> Result<Vec<Paragraph>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut p: Option<Paragraph> = None;
    let mut format = Format::default();
    let (mut in_ppr, mut in_rpr, mut in_text, mut in_numpr) = (false, false, false, false);
    // Depth of `w:del` / `w:moveFrom` wrappers: their text is left out.
    let mut removed = 0usize;
    let mut num_id = String::new();
    let mut level = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "p" if !empty => p = Some(Paragraph::default()),
                    "pPr" if !empty => in_ppr = true,
                    "pStyle" if in_ppr => {
                        if let Some(p) = p.as_mut() {
                            p.style = val(e);
                        }
                    }
                    "numPr" if in_ppr && !empty => {
                        in_numpr = true;
                        num_id.clear();
                        level = 0;
                    }
                    "ilvl" if in_numpr => level = val(e).and_then(|v| v.parse().ok()).unwrap_or(0),
                    "numId" if in_numpr => num_id = val(e).unwrap_or_default(),
                    "r" if !empty => format = Format::default(),
                    "rPr" if !in_ppr && !empty => in_rpr = true,
                    "b" if in_rpr => format.bold = on(e),
                    "i" if in_rpr => format.italic = on(e),
                    "u" if in_rpr => format.underline = on(e),
                    "t" if !empty => in_text = true,
                    "tab" | "br" | "cr" if !in_ppr && removed == 0 => {
                        if let Some(p) = p.as_mut() {
                            p.runs.push((if e.local_name().as_ref() == "tab" { "\t" } else { " " }.into(), format));
                        }
                    }
                    "ins" | "moveTo" if !in_ppr && !in_rpr && !empty => report.insertions_accepted += 1,
                    "del" | "moveFrom" if !in_ppr && !in_rpr && !empty => {
                        report.deletions_accepted += 1;
                        removed += 1;
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && removed == 0 => {
                let text: &str = t.as_ref();
                if let Some(p) = p.as_mut() {
                    p.runs.push((text.to_string(), format));
                }
            }
            Event::GeneralRef(r) if in_text && removed == 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name: &str = r.as_ref();
                        quick_xml::escape::resolve_predefined_entity(name).unwrap_or("").to_string()
                    }
                };
                if let Some(p) = p.as_mut() {
                    p.runs.push((resolved, format));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "rPr" => in_rpr = false,
                "pPr" => in_ppr = false,
                "numPr" => {
                    in_numpr = false;
                    // numId 0 means "no list" in Word.
                    if let (Some(p), false) = (p.as_mut(), num_id.is_empty() || num_id == "0") {
                        p.list = Some((num_id.clone(), level));
                    }
                }
                "del" | "moveFrom" if !in_ppr && !in_rpr => removed = removed.saturating_sub(1),
                "p" => {
                    if let Some(done) = p.take() {
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

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_the_cites_ones_per_level() {
        assert_eq!((super::letters(1), super::letters(26), super::letters(27)), ("a".into(), "z".into(), "aa".into()));
        assert_eq!((super::roman(4), super::roman(9), super::roman(14)), ("iv".into(), "ix".into(), "xiv".into()));
    }
}
