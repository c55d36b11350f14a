//! Computed paragraph numbering: operative 1., 2. …; items a), b) … and i), ii) …; decision labels.

use super::types::{NumberedParagraph, ParaKind, Paragraph};
/// The numerals themselves are a CITES convention shared with import: see [`crate::cites`].
pub use crate::cites::{letters, roman};

/// The Latin suffixes of a paragraph inserted between two others while a text is under
/// negotiation (issue #14 §3): `2 bis`, `2 ter`, … so that the paragraphs after it keep their
/// numbers until the text is renumbered.
pub const INSERTED_SUFFIXES: [&str; 9] = ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"];

/// The suffix an operative paragraph's or an item's label gives it (`bis`, `ter`, …), if any.
pub fn inserted_suffix(para: &Paragraph) -> Option<&'static str> {
    if !matches!(para.kind, ParaKind::Operative | ParaKind::Item) {
        return None;
    }
    let label = para.label.as_deref()?.trim();
    INSERTED_SUFFIXES.iter().copied().find(|s| s.eq_ignore_ascii_case(label))
}

/// Numbers paragraphs the CITES way. Operative paragraphs count through the whole draft; items
/// restart under each operative paragraph, decision or heading; level-2 items restart under each
/// level-1 item. Decisions show their fixed label (`17.A`), or a running `#n` when they have none.
/// An operative paragraph or an item labelled `bis`, `ter`, … ([`INSERTED_SUFFIXES`]) takes the
/// number before it with that suffix (`2 bis.`, `b) ter`) and the count does not advance (the
/// first of its kind counts as usual).
pub fn number(paragraphs: Vec<Paragraph>) -> Vec<NumberedParagraph> {
    let mut operative = 0u32;
    let mut decision = 0u32;
    let mut item1 = 0u32;
    let mut item2 = 0u32;
    paragraphs
        .into_iter()
        .map(|para| {
            let suffix = inserted_suffix(&para);
            let number = match para.kind {
                ParaKind::Operative => {
                    item1 = 0;
                    item2 = 0;
                    match suffix {
                        Some(suffix) if operative > 0 => Some(format!("{operative} {suffix}.")),
                        _ => {
                            operative += 1;
                            Some(format!("{operative}."))
                        }
                    }
                }
                ParaKind::Decision => {
                    decision += 1;
                    item1 = 0;
                    item2 = 0;
                    Some(para.label.clone().unwrap_or_else(|| format!("#{decision}")))
                }
                ParaKind::Heading | ParaKind::Title => {
                    item1 = 0;
                    item2 = 0;
                    None
                }
                ParaKind::Item if para.level >= 2 => match suffix {
                    Some(suffix) if item2 > 0 => Some(format!("{}) {suffix}", roman(item2))),
                    _ => {
                        item2 += 1;
                        Some(format!("{})", roman(item2)))
                    }
                },
                ParaKind::Item => {
                    item2 = 0;
                    match suffix {
                        Some(suffix) if item1 > 0 => Some(format!("{}) {suffix}", letters(item1))),
                        _ => {
                            item1 += 1;
                            Some(format!("{})", letters(item1)))
                        }
                    }
                }
                ParaKind::Text | ParaKind::Preamble => None,
            };
            NumberedParagraph { number, para }
        })
        .collect()
}

/// How a reader cites each paragraph in a comment table (issue #11 §3), by position: `PP2` for
/// the second preambular paragraph (the draft does not number them), `1` for an operative
/// paragraph, `1 b)` and `1 b) ii)` for its items, `17.C` for a decision (`17.C b)` for its
/// items); empty for the title, headings and text, which no one cites by number.
pub fn citations(numbered: &[NumberedParagraph]) -> Vec<String> {
    let mut preamble = 0u32;
    let mut parent = String::new();
    let mut item = String::new();
    let join = |a: &str, b: &str| if a.is_empty() { b.to_string() } else { format!("{a} {b}") };
    numbered
        .iter()
        .map(|n| {
            let number = n.number.as_deref().unwrap_or("");
            match n.para.kind {
                ParaKind::Preamble => {
                    preamble += 1;
                    format!("PP{preamble}")
                }
                ParaKind::Operative => {
                    parent = number.trim_end_matches('.').to_string();
                    item.clear();
                    parent.clone()
                }
                ParaKind::Decision => {
                    parent = number.to_string();
                    item.clear();
                    parent.clone()
                }
                ParaKind::Heading | ParaKind::Title => {
                    parent.clear();
                    item.clear();
                    String::new()
                }
                ParaKind::Item if n.para.level >= 2 => join(&join(&parent, &item), number),
                ParaKind::Item => {
                    item = number.to_string();
                    join(&parent, number)
                }
                ParaKind::Text => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_read_as_a_delegation_cites_the_draft() {
        let para = |kind: ParaKind, level: u8, label: Option<&str>| Paragraph { id: String::new(), kind, level, label: label.map(str::to_string), spans: Vec::new() };
        let numbered = number(vec![
            para(ParaKind::Title, 0, None),
            para(ParaKind::Preamble, 0, None),
            para(ParaKind::Preamble, 0, None),
            para(ParaKind::Operative, 0, None),
            para(ParaKind::Item, 1, None),
            para(ParaKind::Item, 1, None),
            para(ParaKind::Item, 2, None),
            para(ParaKind::Heading, 0, None),
            para(ParaKind::Decision, 0, Some("17.C")),
            para(ParaKind::Item, 1, None),
        ]);
        assert_eq!(citations(&numbered), ["", "PP1", "PP2", "1", "1 a)", "1 b)", "1 b) i)", "", "17.C", "17.C a)"]);
    }
}
