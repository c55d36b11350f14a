//! Computed paragraph numbering: operative 1., 2. …; items a), b) … and i), ii) …; decision labels.

use super::types::{NumberedParagraph, ParaKind, Paragraph};
/// The numerals themselves are a CITES convention shared with import: see [`crate::cites`].
pub use crate::cites::{letters, roman};

/// Numbers paragraphs the CITES way. Operative paragraphs count through the whole draft; items
/// restart under each operative paragraph, decision or heading; level-2 items restart under each
/// level-1 item. Decisions show their fixed label (`17.A`), or a running `#n` when they have none.
pub fn number(paragraphs: Vec<Paragraph>) -> Vec<NumberedParagraph> {
    let mut operative = 0u32;
    let mut decision = 0u32;
    let mut item1 = 0u32;
    let mut item2 = 0u32;
    paragraphs
        .into_iter()
        .map(|para| {
            let number = match para.kind {
                ParaKind::Operative => {
                    operative += 1;
                    item1 = 0;
                    item2 = 0;
                    Some(format!("{operative}."))
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
                ParaKind::Item if para.level >= 2 => {
                    item2 += 1;
                    Some(format!("{})", roman(item2)))
                }
                ParaKind::Item => {
                    item1 += 1;
                    item2 = 0;
                    Some(format!("{})", letters(item1)))
                }
                ParaKind::Text | ParaKind::Preamble => None,
            };
            NumberedParagraph { number, para }
        })
        .collect()
}
