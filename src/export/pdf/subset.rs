//! TrueType subsetting for the PDF export, by the `subsetter` crate: the embedded program holds only the glyphs a document draws (and their composite parts), renumbered from 1 in order of first use.
//!
//! Invariant: a glyph's id in the subset is the CID the content streams, the `/W` array and the
//! ToUnicode map use for it (the CID font's `/CIDToGIDMap` is `/Identity`); [`Cids`] hands
//! out those ids as the pages are written.

use std::collections::BTreeMap;

use subsetter::GlyphRemapper;

use super::PdfError;

/// The CIDs of one face: each glyph the document draws gets the next free id (0 is `.notdef`).
#[derive(Debug, Clone, Default)]
pub(super) struct Cids {
    remapper: GlyphRemapper,
    /// CID → (glyph id in the full font, the character it stands for).
    drawn: BTreeMap<u16, (u16, char)>,
}

impl Cids {
    /// The CID of a glyph of the full font, noting the character it is drawn for (the first one
    /// wins: text extraction gives back that character).
    pub(super) fn cid(&mut self, glyph: u16, ch: char) -> u16 {
        let cid = self.remapper.remap(glyph);
        self.drawn.entry(cid).or_insert((glyph, ch));
        cid
    }

    /// CID → (glyph id in the full font, character), in CID order.
    pub(super) fn drawn(&self) -> &BTreeMap<u16, (u16, char)> {
        &self.drawn
    }

    pub(super) fn is_empty(&self) -> bool {
        self.drawn.is_empty()
    }

    /// The font program with the drawn glyphs under their CIDs.
    pub(super) fn subset(&self, font: &[u8], name: &'static str) -> Result<Vec<u8>, PdfError> {
        subsetter::subset(font, 0, &self.remapper)
            .map_err(|e| PdfError::Font { face: name, reason: format!("subsetting failed: {e}") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::pdf::fonts::FaceKind;

    #[test]
    fn a_subset_has_the_drawn_glyphs_under_their_cids_and_shrinks_the_font() {
        let data = FaceKind::Regular.data();
        let face = ttf_parser::Face::parse(data, 0).unwrap_or_else(|e| panic!("font: {e}"));
        let mut cids = Cids::default();
        let drawn: Vec<(u16, ttf_parser::GlyphId)> = "Hello, CITES – é"
            .chars()
            .filter_map(|c| face.glyph_index(c).map(|g| (cids.cid(g.0, c), g)))
            .collect();
        let small = cids.subset(data, "test").unwrap_or_else(|e| panic!("subset: {e}"));
        assert!(small.len() < data.len() / 10, "{} of {} bytes", small.len(), data.len());
        let parsed = ttf_parser::Face::parse(&small, 0).unwrap_or_else(|e| panic!("reparse: {e}"));
        for (cid, glyph) in drawn {
            let cid = ttf_parser::GlyphId(cid);
            assert_eq!(parsed.glyph_hor_advance(cid), face.glyph_hor_advance(glyph));
            assert_eq!(parsed.glyph_bounding_box(cid), face.glyph_bounding_box(glyph));
        }
        // Only .notdef, the drawn glyphs and their components are left.
        assert!(parsed.number_of_glyphs() < 20, "{} glyphs", parsed.number_of_glyphs());
    }
}
