//! XML text for the WordprocessingML parts of the docx export: run text with tabs and breaks, dates (escaping is `export::escape`).

use std::fmt::Write as _;

pub(crate) use crate::export::escape::xml_attribute as escape;

/// The content of one `w:r` for `text`: `w:t` (or `w:delText` when `deleted`) pieces with
/// `w:tab` for tabs and `w:br` for line breaks, always with `xml:space="preserve"`.
pub(crate) fn run_text(text: &str, deleted: bool) -> String {
    let tag = if deleted { "w:delText" } else { "w:t" };
    let mut out = String::new();
    let mut piece = String::new();
    let flush = |piece: &mut String, out: &mut String| {
        if !piece.is_empty() {
            let _ = write!(out, "<{tag} xml:space=\"preserve\">{}</{tag}>", escape(piece));
            piece.clear();
        }
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => {
                flush(&mut piece, &mut out);
                out.push_str("<w:tab/>");
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                flush(&mut piece, &mut out);
                out.push_str("<w:br/>");
            }
            c => piece.push(c),
        }
    }
    flush(&mut piece, &mut out);
    out
}

/// An RFC 3339 date as the `xsd:dateTime` Word writes (`2026-11-27T12:00:00Z`), or `None` when
/// it does not parse (the attribute is then left out: it is optional).
pub(super) fn word_date(rfc3339: &str) -> Option<String> {
    chrono::DateTime::parse_from_rfc3339(rfc3339.trim())
        .ok()
        .map(|d| d.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_text_splits_tabs_and_breaks() {
        assert_eq!(run_text("a\tb", false), "<w:t xml:space=\"preserve\">a</w:t><w:tab/><w:t xml:space=\"preserve\">b</w:t>");
        assert_eq!(run_text("a\r\nb", true), "<w:delText xml:space=\"preserve\">a</w:delText><w:br/><w:delText xml:space=\"preserve\">b</w:delText>");
        assert_eq!(run_text("", false), "");
    }

    #[test]
    fn dates_are_normalised_to_utc() {
        assert_eq!(word_date("2026-11-27T13:00:00.123+01:00").as_deref(), Some("2026-11-27T12:00:00Z"));
        assert_eq!(word_date("yesterday"), None);
    }
}
