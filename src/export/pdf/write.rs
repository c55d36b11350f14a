//! Serialisation of laid-out pages as a PDF 1.7 file: content streams (text as glyph ids with justification adjustments, underline and strike-through rules), embedded subset fonts with ToUnicode maps, catalog and document information.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::fonts::{FaceKind, Fonts};
use super::layout::{Page, Piece, PAGE_HEIGHT, PAGE_WIDTH};
use super::PdfError;

/// What the document information and catalog say about the file.
pub(super) struct Info<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    /// BCP 47 tag for the catalog's `/Lang`.
    pub lang: &'a str,
}

/// Writes the pages as a PDF file.
pub(super) fn write(pages: &[Page], fonts: &mut Fonts, info: &Info<'_>) -> Result<Vec<u8>, PdfError> {
    let contents: Vec<Vec<u8>> = pages.iter().map(|page| page_content(page, fonts)).collect();

    let mut next = 0;
    let mut alloc = || {
        next += 1;
        Ref::new(next)
    };
    let catalog_id = alloc();
    let tree_id = alloc();
    let info_id = alloc();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    let faces: Vec<FaceKind> = FaceKind::ALL.into_iter().filter(|k| !fonts.used(*k).is_empty()).collect();
    let font_ids: Vec<FontRefs> = faces
        .iter()
        .map(|_| FontRefs { type0: alloc(), cid: alloc(), descriptor: alloc(), file: alloc(), to_unicode: alloc() })
        .collect();

    let mut pdf = Pdf::new();
    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(tree_id);
    if !info.lang.is_empty() {
        catalog.lang(TextStr(info.lang));
    }
    catalog.viewer_preferences().display_doc_title(true);
    catalog.finish();

    pdf.pages(tree_id).kids(page_ids.iter().map(|(page, _)| *page)).count(page_ids.len() as i32);
    let mut doc_info = pdf.document_info(info_id);
    if !info.title.is_empty() {
        doc_info.title(TextStr(info.title));
    }
    if !info.subject.is_empty() {
        doc_info.subject(TextStr(info.subject));
    }
    doc_info.creator(TextStr("Caucus")).producer(TextStr("Caucus"));
    doc_info.finish();

    for ((page_id, content_id), content) in page_ids.iter().zip(&contents) {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        page.parent(tree_id);
        page.contents(*content_id);
        let mut resources = page.resources();
        let mut font_dict = resources.fonts();
        for (kind, ids) in faces.iter().zip(&font_ids) {
            font_dict.pair(Name(kind.resource_name()), ids.type0);
        }
        font_dict.finish();
        resources.finish();
        page.finish();
        pdf.stream(*content_id, &compress(content)).filter(Filter::FlateDecode);
    }

    for (kind, ids) in faces.iter().zip(&font_ids) {
        write_font(&mut pdf, fonts, *kind, ids)?;
    }
    Ok(pdf.finish())
}

struct FontRefs {
    type0: Ref,
    cid: Ref,
    descriptor: Ref,
    file: Ref,
    to_unicode: Ref,
}

/// The content stream of a page: all text in one text object, then the rules.
fn page_content(page: &Page, fonts: &mut Fonts) -> Vec<u8> {
    let mut content = Content::new();
    content.begin_text();
    let mut current: Option<(FaceKind, f32)> = None;
    for line in &page.lines {
        for piece in &line.pieces {
            if piece.glyphs.is_empty() {
                continue;
            }
            let font = (piece.style.face, piece.style.size);
            if current != Some(font) {
                content.set_font(Name(font.0.resource_name()), font.1);
                current = Some(font);
            }
            content.set_text_matrix([1.0, 0.0, 0.0, 1.0, piece.x, line.baseline]);
            show(&mut content, piece, fonts);
        }
    }
    content.end_text();

    for line in &page.lines {
        for piece in &line.pieces {
            let size = piece.style.size;
            let mut rules = Vec::new();
            if piece.style.underline {
                rules.push(fonts.underline(piece.style.face));
            }
            if piece.style.strike {
                rules.push(fonts.strikeout(piece.style.face));
            }
            let width = piece.width();
            for (position, thickness) in rules {
                let y = line.baseline + position * size / 1000.0;
                content.set_line_width(thickness * size / 1000.0);
                content.move_to(piece.x, y).line_to(piece.x + width, y).stroke();
            }
        }
    }
    content.finish().into_vec()
}

/// One `TJ`: two-byte CIDs (Identity-H), split where justification widens a space.
fn show(content: &mut Content, piece: &Piece, fonts: &mut Fonts) {
    let mut op = content.show_positioned();
    let mut items = op.items();
    let mut bytes: Vec<u8> = Vec::with_capacity(piece.glyphs.len() * 2);
    for (glyph, extra) in &piece.glyphs {
        let cid = fonts.mark_used(piece.style.face, glyph);
        bytes.extend_from_slice(&cid.to_be_bytes());
        if *extra != 0.0 {
            items.show(Str(&bytes));
            items.adjust(-extra * 1000.0 / piece.style.size);
            bytes.clear();
        }
    }
    if !bytes.is_empty() {
        items.show(Str(&bytes));
    }
}

/// A Type 0 font with a CIDFontType2 descendant: the subset program, widths of the used
/// glyphs and a ToUnicode map so the text can be extracted and searched.
fn write_font(pdf: &mut Pdf, fonts: &Fonts, kind: FaceKind, ids: &FontRefs) -> Result<(), PdfError> {
    let used = fonts.used(kind);
    let program = used.subset(kind.data(), kind.postscript_name())?;
    let base_name = format!("{}+{}", subset_tag(kind, used.drawn().values().map(|(glyph, _)| *glyph)), kind.postscript_name());
    let system_info = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };

    let mut type0 = pdf.type0_font(ids.type0);
    type0.base_font(Name(base_name.as_bytes()));
    type0.encoding_predefined(Name(b"Identity-H"));
    type0.descendant_font(ids.cid);
    type0.to_unicode(ids.to_unicode);
    type0.finish();

    let mut cid = pdf.cid_font(ids.cid);
    cid.subtype(CidFontType::Type2);
    cid.base_font(Name(base_name.as_bytes()));
    cid.system_info(system_info);
    cid.font_descriptor(ids.descriptor);
    cid.default_width(0.0);
    cid.cid_to_gid_map_predefined(Name(b"Identity"));
    let mut widths = cid.widths();
    // Runs of consecutive CIDs, each with the widths of its glyphs in the full font.
    let mut run: Vec<(u16, u16)> = Vec::new();
    let flush = |run: &mut Vec<(u16, u16)>, widths: &mut pdf_writer::writers::Widths<'_>| {
        if let Some((first, _)) = run.first() {
            widths.consecutive(*first, run.iter().map(|(_, glyph)| fonts.width_of(kind, *glyph)));
        }
        run.clear();
    };
    for (cid, (glyph, _)) in used.drawn() {
        if run.last().is_some_and(|(last, _)| last + 1 != *cid) {
            flush(&mut run, &mut widths);
        }
        run.push((*cid, *glyph));
    }
    flush(&mut run, &mut widths);
    widths.finish();
    cid.finish();

    let face = fonts.face(kind);
    let bbox = face.global_bounding_box();
    let mut flags = FontFlags::NON_SYMBOLIC;
    if kind.is_italic() {
        flags |= FontFlags::ITALIC;
    }
    let mut descriptor = pdf.font_descriptor(ids.descriptor);
    descriptor
        .name(Name(base_name.as_bytes()))
        .family(Str(b"Liberation Sans"))
        .flags(flags)
        .bbox(Rect::new(
            fonts.scaled(kind, bbox.x_min),
            fonts.scaled(kind, bbox.y_min),
            fonts.scaled(kind, bbox.x_max),
            fonts.scaled(kind, bbox.y_max),
        ))
        .italic_angle(face.italic_angle())
        .ascent(fonts.scaled(kind, face.ascender()))
        .descent(fonts.scaled(kind, face.descender()))
        .cap_height(fonts.scaled(kind, face.capital_height().unwrap_or(1409)))
        .stem_v(if kind.is_bold() { 140.0 } else { 80.0 })
        .weight(if kind.is_bold() { 700 } else { 400 })
        .font_file2(ids.file);
    descriptor.finish();

    pdf.stream(ids.file, &compress(&program)).filter(Filter::FlateDecode).pair(Name(b"Length1"), program.len() as i32);

    let mut cmap = UnicodeCmap::new(Name(b"Caucus-UCS"), system_info);
    for (cid, (_, ch)) in used.drawn() {
        cmap.pair(*cid, *ch);
    }
    let cmap = cmap.finish();
    pdf.stream(ids.to_unicode, &compress(cmap.as_slice())).filter(Filter::FlateDecode);
    Ok(())
}

/// Six capital letters naming the subset (PDF 32000 §9.6.4), derived from the face and the
/// glyphs so that the same document gives the same file.
fn subset_tag(kind: FaceKind, glyphs: impl Iterator<Item = u16>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in std::iter::once(kind.index() as u8).chain(glyphs.flat_map(|g| g.to_be_bytes())) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| {
            let letter = ((hash >> (i * 5)) % 26) as u8;
            char::from(b'A' + letter)
        })
        .collect()
}

fn compress(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}
