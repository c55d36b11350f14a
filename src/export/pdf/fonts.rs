//! The four embedded Liberation Sans faces of the PDF export (SIL OFL 1.1, `assets/fonts/`): glyph lookup and advance widths for line breaking, and the record of which glyphs a document uses.

use ttf_parser::{Face, GlyphId};

use super::subset::Cids;
use super::PdfError;

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-BoldItalic.ttf");

/// One of the four faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum FaceKind {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl FaceKind {
    pub(super) const ALL: [FaceKind; 4] = [FaceKind::Regular, FaceKind::Bold, FaceKind::Italic, FaceKind::BoldItalic];

    pub(super) fn of(bold: bool, italic: bool) -> FaceKind {
        match (bold, italic) {
            (false, false) => FaceKind::Regular,
            (true, false) => FaceKind::Bold,
            (false, true) => FaceKind::Italic,
            (true, true) => FaceKind::BoldItalic,
        }
    }

    pub(super) fn index(self) -> usize {
        match self {
            FaceKind::Regular => 0,
            FaceKind::Bold => 1,
            FaceKind::Italic => 2,
            FaceKind::BoldItalic => 3,
        }
    }

    pub(super) fn data(self) -> &'static [u8] {
        match self {
            FaceKind::Regular => REGULAR,
            FaceKind::Bold => BOLD,
            FaceKind::Italic => ITALIC,
            FaceKind::BoldItalic => BOLD_ITALIC,
        }
    }

    /// The PostScript name of the face.
    pub(super) fn postscript_name(self) -> &'static str {
        match self {
            FaceKind::Regular => "LiberationSans",
            FaceKind::Bold => "LiberationSans-Bold",
            FaceKind::Italic => "LiberationSans-Italic",
            FaceKind::BoldItalic => "LiberationSans-BoldItalic",
        }
    }

    /// The name of the font in the pages' resource dictionaries.
    pub(super) fn resource_name(self) -> &'static [u8] {
        match self {
            FaceKind::Regular => b"F1",
            FaceKind::Bold => b"F2",
            FaceKind::Italic => b"F3",
            FaceKind::BoldItalic => b"F4",
        }
    }

    pub(super) fn is_bold(self) -> bool {
        matches!(self, FaceKind::Bold | FaceKind::BoldItalic)
    }

    pub(super) fn is_italic(self) -> bool {
        matches!(self, FaceKind::Italic | FaceKind::BoldItalic)
    }
}

/// A glyph as the layout places it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Glyph {
    pub id: u16,
    /// The character it stands for (what text extraction gives back).
    pub ch: char,
    /// Advance in thousandths of an em.
    pub advance: f32,
}

/// The parsed faces and the glyphs drawn so far, under their CIDs (per face).
pub(super) struct Fonts {
    faces: [Face<'static>; 4],
    used: [Cids; 4],
}

impl Fonts {
    pub(super) fn load() -> Result<Fonts, PdfError> {
        let parse = |kind: FaceKind| {
            Face::parse(kind.data(), 0)
                .map_err(|e| PdfError::Font { face: kind.postscript_name(), reason: e.to_string() })
        };
        let faces =
            [parse(FaceKind::Regular)?, parse(FaceKind::Bold)?, parse(FaceKind::Italic)?, parse(FaceKind::BoldItalic)?];
        Ok(Fonts { faces, used: Default::default() })
    }

    pub(super) fn face(&self, kind: FaceKind) -> &Face<'static> {
        // `load` parsed the faces in `FaceKind::index` order.
        &self.faces[kind.index()]
    }

    fn units_per_em(&self, kind: FaceKind) -> f32 {
        f32::from(self.face(kind).units_per_em().max(1))
    }

    /// The glyph for a character: the font's own, or `?` where the font has none (so the text
    /// stays readable and extractable rather than showing an empty box).
    pub(super) fn glyph(&self, kind: FaceKind, ch: char) -> Glyph {
        let face = self.face(kind);
        let (id, ch) = match face.glyph_index(ch) {
            Some(id) => (id, ch),
            None => (face.glyph_index('?').unwrap_or(GlyphId(0)), '?'),
        };
        let advance = f32::from(face.glyph_hor_advance(id).unwrap_or(0)) * 1000.0 / self.units_per_em(kind);
        // No-break spaces may share the space glyph; either way they extract as a space.
        let ch = if matches!(ch, '\u{a0}' | '\u{202f}' | '\u{2007}') { ' ' } else { ch };
        Glyph { id: id.0, ch, advance }
    }

    /// Notes that a glyph is drawn (it goes into the subset and the ToUnicode map) and gives the
    /// CID the content stream shows it by.
    pub(super) fn mark_used(&mut self, kind: FaceKind, glyph: &Glyph) -> u16 {
        self.used[kind.index()].cid(glyph.id, glyph.ch)
    }

    pub(super) fn used(&self, kind: FaceKind) -> &Cids {
        &self.used[kind.index()]
    }

    /// Width of a glyph of the full font in thousandths of an em (for the PDF `/W` array).
    pub(super) fn width_of(&self, kind: FaceKind, id: u16) -> f32 {
        f32::from(self.face(kind).glyph_hor_advance(GlyphId(id)).unwrap_or(0)) * 1000.0 / self.units_per_em(kind)
    }

    /// A font-unit value in thousandths of an em.
    pub(super) fn scaled(&self, kind: FaceKind, units: i16) -> f32 {
        f32::from(units) * 1000.0 / self.units_per_em(kind)
    }

    /// Underline position and thickness in thousandths of an em (position below the baseline is
    /// negative).
    pub(super) fn underline(&self, kind: FaceKind) -> (f32, f32) {
        match self.face(kind).underline_metrics() {
            Some(m) if m.thickness > 0 => (self.scaled(kind, m.position), self.scaled(kind, m.thickness)),
            _ => (-106.0, 73.0),
        }
    }

    /// Strike-through position and thickness in thousandths of an em.
    pub(super) fn strikeout(&self, kind: FaceKind) -> (f32, f32) {
        match self.face(kind).strikeout_metrics() {
            Some(m) if m.thickness > 0 => (self.scaled(kind, m.position), self.scaled(kind, m.thickness)),
            _ => (259.0, 49.0),
        }
    }
}
