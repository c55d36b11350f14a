//! TrueType subsetting for the PDF export: keeps the outlines of the glyphs a document uses (and their composite parts), empties the others, and keeps glyph ids, so the PDF can map CIDs to glyphs one to one.
//!
//! Only the tables a PDF TrueType font program needs are kept (`head`, `hhea`, `maxp`, `hmtx`,
//! `loca`, `glyf`, `cvt `, `fpgm`, `prep`, and `OS/2` for the metrics some readers look at).

use std::collections::BTreeSet;

use super::PdfError;

/// Tables copied into the subset (besides `glyf`, `loca` and `head`, which are rewritten).
const KEPT: [&[u8; 4]; 6] = [b"OS/2", b"cvt ", b"fpgm", b"hhea", b"hmtx", b"maxp"];
const PREP: &[u8; 4] = b"prep";

/// Returns a TrueType font with the outlines of `glyphs` (glyph 0 is always kept).
pub(super) fn subset(font: &[u8], glyphs: &BTreeSet<u16>, name: &'static str) -> Result<Vec<u8>, PdfError> {
    let bad = |reason: &str| PdfError::Font { face: name, reason: reason.to_string() };
    let tables = table_directory(font).ok_or_else(|| bad("unreadable table directory"))?;
    let find = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag).and_then(|t| font.get(t.offset..t.offset + t.len));
    let head = find(b"head").ok_or_else(|| bad("no head table"))?;
    let maxp = find(b"maxp").ok_or_else(|| bad("no maxp table"))?;
    let loca = find(b"loca").ok_or_else(|| bad("no loca table"))?;
    let glyf = find(b"glyf").ok_or_else(|| bad("no glyf table (not a TrueType-outline font)"))?;
    let long_loca = read_i16(head, 50).ok_or_else(|| bad("short head table"))? == 1;
    let num_glyphs = read_u16(maxp, 4).ok_or_else(|| bad("short maxp table"))?;

    let offsets: Vec<usize> = (0..=usize::from(num_glyphs))
        .map(|i| {
            if long_loca {
                read_u32(loca, i * 4).map(|o| o as usize)
            } else {
                read_u16(loca, i * 2).map(|o| usize::from(o) * 2)
            }
        })
        .collect::<Option<_>>()
        .ok_or_else(|| bad("short loca table"))?;
    let glyph_data = |id: u16| -> Option<&[u8]> {
        let start = *offsets.get(usize::from(id))?;
        let end = *offsets.get(usize::from(id) + 1)?;
        glyf.get(start..end.max(start))
    };

    // The glyphs to keep: the requested ones, glyph 0, and every component of a composite.
    let mut keep: BTreeSet<u16> = BTreeSet::new();
    let mut todo: Vec<u16> = glyphs.iter().copied().chain([0]).filter(|&g| g < num_glyphs).collect();
    while let Some(id) = todo.pop() {
        if !keep.insert(id) {
            continue;
        }
        if let Some(data) = glyph_data(id) {
            todo.extend(components(data).into_iter().filter(|&g| g < num_glyphs && !keep.contains(&g)));
        }
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((usize::from(num_glyphs) + 1) * 4);
    for id in 0..num_glyphs {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if keep.contains(&id) {
            new_glyf.extend_from_slice(glyph_data(id).unwrap_or_default());
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    let mut new_head = head.to_vec();
    // checkSumAdjustment is recomputed below; loca is now in the long format.
    new_head.get_mut(8..12).ok_or_else(|| bad("short head table"))?.copy_from_slice(&[0; 4]);
    new_head.get_mut(50..52).ok_or_else(|| bad("short head table"))?.copy_from_slice(&1i16.to_be_bytes());

    let mut out_tables: Vec<([u8; 4], Vec<u8>)> =
        vec![(*b"glyf", new_glyf), (*b"head", new_head), (*b"loca", new_loca)];
    for tag in KEPT.into_iter().chain([PREP]) {
        if let Some(data) = find(tag) {
            out_tables.push((*tag, data.to_vec()));
        }
    }
    out_tables.sort_by_key(|t| t.0);
    Ok(assemble(&out_tables))
}

struct TableRecord {
    tag: [u8; 4],
    offset: usize,
    len: usize,
}

fn table_directory(font: &[u8]) -> Option<Vec<TableRecord>> {
    let count = read_u16(font, 4)?;
    (0..usize::from(count))
        .map(|i| {
            let at = 12 + i * 16;
            let tag: [u8; 4] = font.get(at..at + 4)?.try_into().ok()?;
            Some(TableRecord { tag, offset: read_u32(font, at + 8)? as usize, len: read_u32(font, at + 12)? as usize })
        })
        .collect()
}

/// Glyph ids a composite glyph is made of (none for a simple glyph).
fn components(data: &[u8]) -> Vec<u16> {
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const HAVE_X_AND_Y_SCALE: u16 = 0x0040;
    const HAVE_TWO_BY_TWO: u16 = 0x0080;
    let mut out = Vec::new();
    if read_i16(data, 0).map_or(true, |contours| contours >= 0) {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(id)) = (read_u16(data, at), read_u16(data, at + 2)) {
        out.push(id);
        at += 4;
        at += if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        if flags & HAVE_SCALE != 0 {
            at += 2;
        } else if flags & HAVE_X_AND_Y_SCALE != 0 {
            at += 4;
        } else if flags & HAVE_TWO_BY_TWO != 0 {
            at += 8;
        }
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    out
}

/// Writes an sfnt file from (tag, data) pairs sorted by tag, with checksums.
fn assemble(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let count = tables.len() as u16;
    let mut entry_selector = 0u16;
    while (1u16 << (entry_selector + 1)) <= count {
        entry_selector += 1;
    }
    let search_range = (1u16 << entry_selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&entry_selector.to_be_bytes());
    out.extend_from_slice(&(count * 16 - search_range).to_be_bytes());
    let mut offset = 12 + tables.len() * 16;
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    let mut head_at = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        if let Some(slot) = out.get_mut(at + 8..at + 12) {
            slot.copy_from_slice(&adjustment.to_be_bytes());
        }
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_i16(data: &[u8], at: usize) -> Option<i16> {
    Some(i16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::pdf::fonts::FaceKind;

    #[test]
    fn a_subset_keeps_glyph_ids_and_shrinks_the_font() {
        let data = FaceKind::Regular.data();
        let face = ttf_parser::Face::parse(data, 0).unwrap_or_else(|e| panic!("font: {e}"));
        let ids: BTreeSet<u16> = "Hello, CITES – é".chars().filter_map(|c| face.glyph_index(c)).map(|g| g.0).collect();
        let small = subset(data, &ids, "test").unwrap_or_else(|e| panic!("subset: {e}"));
        assert!(small.len() < data.len() / 3, "{} of {} bytes", small.len(), data.len());
        let parsed = ttf_parser::Face::parse(&small, 0).unwrap_or_else(|e| panic!("reparse: {e}"));
        assert_eq!(parsed.number_of_glyphs(), face.number_of_glyphs());
        for id in &ids {
            let g = ttf_parser::GlyphId(*id);
            assert_eq!(parsed.glyph_hor_advance(g), face.glyph_hor_advance(g));
            assert_eq!(parsed.glyph_bounding_box(g), face.glyph_bounding_box(g));
        }
        // A glyph that was not asked for has no outline left.
        let unused = face.glyph_index('Z').map(|g| g.0).unwrap_or(0);
        assert!(parsed.glyph_bounding_box(ttf_parser::GlyphId(unused)).is_none());
        assert_eq!(checksum(&small), 0xB1B0_AFBA);
    }
}
