//! Computed paragraph numbering: operative 1., 2. …; items a), b) … and i), ii) …; decision labels.

use super::types::{NumberedParagraph, ParaKind, Paragraph};

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

/// 1 → a, 26 → z, 27 → aa (the CITES convention continues with doubled letters).
pub fn letters(n: u32) -> String {
    let n = n.max(1) - 1;
    let letter = char::from(b'a' + (n % 26) as u8);
    std::iter::repeat(letter).take((n / 26 + 1) as usize).collect()
}

/// Lower-case Roman numerals: 1 → i, 4 → iv, 14 → xiv.
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_roman_numerals_follow_the_cites_convention() {
        assert_eq!(letters(1), "a");
        assert_eq!(letters(6), "f");
        assert_eq!(letters(27), "aa");
        assert_eq!(roman(1), "i");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(9), "ix");
        assert_eq!(roman(14), "xiv");
    }
}
