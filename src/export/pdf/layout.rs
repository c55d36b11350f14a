//! Typesetting of the PDF export: the CITES page (DESIGN §5) as positioned glyph runs — header block, numbered paragraphs with hanging indents, justified lines broken at word boundaries with real advance widths, page breaks with widow/orphan control, footers, line numbers per page.

use crate::export::ir::{Block, ChangeKind, Document, Run};
use crate::model::types::{DraftKind, ParaKind};

use super::fonts::{FaceKind, Fonts, Glyph};
use super::PdfOptions;

/// A4 in points (pdfinfo: `595 x 842 pts (A4)`).
pub(super) const PAGE_WIDTH: f32 = 595.0;
pub(super) const PAGE_HEIGHT: f32 = 842.0;
/// 2 cm.
const MARGIN_X: f32 = 56.7;
const MARGIN_TOP: f32 = 56.7;
/// 2.5 cm; the footer sits inside it.
const MARGIN_BOTTOM: f32 = 70.9;
const FOOTER_BASELINE: f32 = 36.0;
const SIZE: f32 = 10.0;
const FOOTER_SIZE: f32 = 9.0;
/// Single line spacing of Arial 10 pt, as in the Secretariat's documents.
const LEADING: f32 = 11.5;
/// Baseline below the top of a line box.
const ASCENT: f32 = 9.0;
/// Space between body paragraphs (one blank line, a little less).
const PARAGRAPH_GAP: f32 = 9.0;
/// Hanging indent of one numbering level.
const INDENT: f32 = 25.0;
/// Text indent of a draft decision (the label is wider than a number).
const DECISION_INDENT: f32 = 35.0;

const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
/// Line numbers (`--line-numbers`): 8 pt, right edge 0.5 cm left of the text, as the DOCX
/// export's `w:lnNumType w:distance` and `LineNumber` style put them.
const LINE_NUMBER_SIZE: f32 = 8.0;
const LINE_NUMBER_GAP: f32 = 14.17;

/// How a run of glyphs is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Style {
    pub face: FaceKind,
    pub size: f32,
    pub underline: bool,
    pub strike: bool,
}

impl Style {
    fn plain(face: FaceKind, size: f32) -> Style {
        Style { face, size, underline: false, strike: false }
    }
}

/// Glyphs of one style at one place on a line; `extra` is the justification space (pt) added
/// after each glyph (non-zero after spaces only).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Piece {
    pub x: f32,
    pub style: Style,
    pub glyphs: Vec<(Glyph, f32)>,
}

impl Piece {
    pub(super) fn width(&self) -> f32 {
        self.glyphs.iter().map(|(g, extra)| g.advance * self.style.size / 1000.0 + extra).sum()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line {
    pub baseline: f32,
    pub pieces: Vec<Piece>,
    /// A line of the text that line numbers count (not the header block, not the footer).
    pub counted: bool,
    /// The block (index in [`Document::blocks`]) whose text the line sets, and the bytes of
    /// that block's current text its words cover (see [`Source`]).
    pub block: Option<usize>,
    pub source: Source,
}

/// A byte range of a block's current text ([`Block::current_text`], the text comment anchors
/// count in): from the first byte of a line's first word to the last byte of its last word.
/// `None` for a line that sets none of it (the header block, a number alone, a deleted block's
/// text shown struck through).
pub(super) type Source = Option<(usize, usize)>;

#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Page {
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Left,
    Center,
    Justify,
}

/// Text of one style, before line breaking.
struct Frag {
    text: String,
    style: Style,
    /// Where `text` starts in its block's current text (a byte offset), when it is the block's
    /// own text; `None` for what anchors never cover: brackets, header-block text, deleted runs.
    source: Option<usize>,
    /// Drawn in capitals (a title); the offsets count the text as written.
    upper: bool,
}

impl Frag {
    fn plain(text: String, style: Style) -> Frag {
        Frag { text, style, source: None, upper: false }
    }
}

/// A paragraph broken into lines (pieces at their final x), waiting for a page.
struct Para {
    lines: Vec<Vec<Piece>>,
    /// What each line sets of its block's text (empty when the paragraph is no block's).
    sources: Vec<Source>,
    block: Option<usize>,
    space_before: f32,
    space_after: f32,
    keep_with_next: bool,
    /// Its lines are counted by line numbers: the text from the title down, not the header block.
    counted: bool,
}

/// Lays the document out on A4 pages, footers included.
pub(super) fn lay_out(doc: &Document, options: &PdfOptions, fonts: &Fonts) -> Vec<Page> {
    let paras = paragraphs(doc, options, fonts);
    let mut pages = paginate(&paras);
    let symbol = one_line(&doc.meta.symbol);
    for (i, page) in pages.iter_mut().enumerate() {
        let text = match symbol.as_str() {
            "" => format!("p. {}", i + 1),
            symbol => format!("{symbol} – p. {}", i + 1),
        };
        let style = Style::plain(FaceKind::Regular, FOOTER_SIZE);
        let piece = piece_at(fonts, &text, style, 0.0);
        let x = MARGIN_X + (TEXT_WIDTH - piece.width()) / 2.0;
        page.lines.push(Line { baseline: FOOTER_BASELINE, pieces: vec![Piece { x, ..piece }], counted: false, block: None, source: None });
    }
    if options.line_numbers {
        number_lines(&mut pages, fonts);
    }
    pages
}

/// Puts a number left of each counted line, every line, restarting at 1 on each page.
fn number_lines(pages: &mut [Page], fonts: &Fonts) {
    for page in pages {
        let numbers = line_numbers(page);
        for (line, n) in page.lines.iter_mut().zip(numbers) {
            let Some(n) = n else { continue };
            let piece = piece_at(fonts, &n.to_string(), Style::plain(FaceKind::Regular, LINE_NUMBER_SIZE), 0.0);
            let x = MARGIN_X - LINE_NUMBER_GAP - piece.width();
            line.pieces.insert(0, Piece { x, ..piece });
        }
    }
}

/// The number `--line-numbers` prints beside each line of a page: 1, 2, 3… over the counted
/// lines, `None` for the others. The one numbering both the drawn numbers and [`text_lines`] use.
fn line_numbers(page: &Page) -> Vec<Option<usize>> {
    let mut next = 0;
    page.lines
        .iter()
        .map(|l| {
            l.counted.then(|| {
                next += 1;
                next
            })
        })
        .collect()
}

/// A counted line that sets a block's text: where it stands and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TextLine {
    /// 1-based.
    pub page: usize,
    /// The number printed beside it (1-based, per page).
    pub number: usize,
    pub block: usize,
    /// Bytes of the block's current text the line's words draw.
    pub start: usize,
    pub end: usize,
}

/// The counted lines of laid-out pages that set a block's text, in reading order.
pub(super) fn text_lines(pages: &[Page]) -> Vec<TextLine> {
    let mut out = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (line, n) in page.lines.iter().zip(line_numbers(page)) {
            if let (Some(number), Some(block), Some((start, end))) = (n, line.block, line.source) {
                out.push(TextLine { page: p + 1, number, block, start, end });
            }
        }
    }
    out
}

fn paragraphs(doc: &Document, options: &PdfOptions, fonts: &Fonts) -> Vec<Para> {
    let meta = &doc.meta;
    let lines = crate::cites::lines(doc.lang);
    let mut paras = Vec::new();

    // `Original language: English` left and the symbol right, on one line.
    let language = one_line(&meta.language);
    let symbol = one_line(&meta.symbol);
    if !language.is_empty() || !symbol.is_empty() {
        let mut pieces = Vec::new();
        if !language.is_empty() {
            let text = lines.original_language_line(&language);
            pieces.push(piece_at(fonts, &text, Style::plain(FaceKind::Regular, SIZE), MARGIN_X));
        }
        if !symbol.is_empty() {
            let piece = piece_at(fonts, &symbol, Style::plain(FaceKind::Bold, SIZE), 0.0);
            let x = (PAGE_WIDTH - MARGIN_X - piece.width()).max(MARGIN_X);
            pieces.push(Piece { x, ..piece });
        }
        paras.push(Para {
            lines: vec![pieces],
            sources: Vec::new(),
            block: None,
            space_before: 0.0,
            space_after: 26.0,
            keep_with_next: true,
            counted: false,
        });
    }
    for (i, line) in lines.convention.iter().enumerate() {
        let frags = vec![Frag::plain((*line).to_string(), Style::plain(FaceKind::Bold, SIZE))];
        let last = i + 1 == lines.convention.len();
        paras.push(Para {
            lines: set(fonts, &frags, MARGIN_X, TEXT_WIDTH, Align::Center),
            sources: Vec::new(),
            block: None,
            space_before: 0.0,
            space_after: if last { 16.0 } else { 0.0 },
            keep_with_next: true,
            counted: false,
        });
    }
    let meeting = one_line(&meta.meeting);
    if !meeting.is_empty() {
        let frags = vec![Frag::plain(meeting, Style::plain(FaceKind::Regular, SIZE))];
        paras.push(Para {
            lines: set(fonts, &frags, MARGIN_X, TEXT_WIDTH, Align::Center),
            sources: Vec::new(),
            block: None,
            space_before: 0.0,
            space_after: 4.0,
            keep_with_next: true,
            counted: false,
        });
    }
    let has_title = doc.blocks.iter().any(|b| b.kind == ParaKind::Title);
    let title = one_line(&meta.title);
    if !has_title && !title.is_empty() {
        let frags = vec![Frag::plain(title.to_uppercase(), Style::plain(FaceKind::Bold, SIZE))];
        paras.push(title_para(set(fonts, &frags, MARGIN_X, TEXT_WIDTH, Align::Center)));
    }

    let conference_before = doc.conference_line_before();
    let mut front = true;
    for (index, block) in doc.blocks.iter().enumerate() {
        if block.kind != ParaKind::Text {
            front = false;
        }
        if conference_before == Some(index) && meta.kind == DraftKind::Resolution {
            let frags = vec![Frag::plain(lines.conference.to_string(), Style::plain(FaceKind::Regular, SIZE))];
            paras.push(Para {
                lines: set(fonts, &frags, MARGIN_X, TEXT_WIDTH, Align::Left),
                sources: Vec::new(),
                block: None,
                space_before: 6.0,
                space_after: PARAGRAPH_GAP + 3.0,
                keep_with_next: true,
                counted: true,
            });
        }
        let block_change = block.change.as_ref().map(|c| c.kind);
        if block_change == Some(ChangeKind::Deleted) && !options.marks {
            continue;
        }
        if let Some(para) = block_para(index, block, front, options, fonts) {
            paras.push(para);
        }
    }
    paras
}

fn title_para(lines: Vec<Vec<Piece>>) -> Para {
    Para { lines, sources: Vec::new(), block: None, space_before: 18.0, space_after: 14.0, keep_with_next: true, counted: true }
}

/// One block of the draft (the `index`th) as a paragraph: indents, number, alignment, styles,
/// and what each line sets of the block's text.
fn block_para(index: usize, block: &Block, front: bool, options: &PdfOptions, fonts: &Fonts) -> Option<Para> {
    let block_change = if options.marks { block.change.as_ref().map(|c| c.kind) } else { None };
    let (bold, italic, upper) = match block.kind {
        ParaKind::Title => (true, false, true),
        ParaKind::Heading => (true, true, false),
        _ => (false, false, false),
    };
    let frags = run_frags(&block.runs, block_change, options, bold, italic, upper);
    let level = f32::from(block.level.max(1));
    let (number_x, text_x, number_bold) = match block.kind {
        ParaKind::Operative => (0.0, INDENT, false),
        ParaKind::Decision => (0.0, DECISION_INDENT, true),
        ParaKind::Item => (INDENT * level, INDENT * (level + 1.0), false),
        _ => (0.0, 0.0, false),
    };
    let align = match block.kind {
        ParaKind::Title => Align::Center,
        ParaKind::Text if front => Align::Center,
        ParaKind::Heading => Align::Left,
        _ => Align::Justify,
    };
    let number = block
        .number
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .filter(|_| matches!(block.kind, ParaKind::Operative | ParaKind::Decision | ParaKind::Item));
    let number_piece = number.map(|n| {
        let mut style = Style::plain(FaceKind::of(number_bold, false), SIZE);
        decorate(&mut style, block_change);
        piece_at(fonts, n, style, MARGIN_X + number_x)
    });
    // A number wider than its column pushes the first line's text to the right.
    let first_x = match &number_piece {
        Some(p) => (MARGIN_X + text_x).max(p.x + p.width() + 4.0),
        None => MARGIN_X + text_x,
    };
    let x = MARGIN_X + text_x;
    let width = TEXT_WIDTH - text_x;
    let first_width = width - (first_x - x);
    let (mut lines, mut sources): (Vec<Vec<Piece>>, Vec<Source>) = set_first(fonts, &frags, first_x, first_width, x, width, align).into_iter().unzip();
    if lines.is_empty() && number_piece.is_none() {
        return None;
    }
    if let Some(number) = number_piece {
        match lines.first_mut() {
            Some(first) => first.insert(0, number),
            None => {
                lines.push(vec![number]);
                sources.push(None);
            }
        }
    }
    let para = match block.kind {
        ParaKind::Title => title_para(lines),
        ParaKind::Heading => Para { lines, sources: Vec::new(), block: None, space_before: 8.0, space_after: PARAGRAPH_GAP, keep_with_next: true, counted: true },
        // The front matter (centred lines above the title) belongs to the header block.
        ParaKind::Text if front => Para { lines, sources: Vec::new(), block: None, space_before: 0.0, space_after: 4.0, keep_with_next: true, counted: false },
        // A paragraph that ends with a colon introduces the items below it.
        _ => {
            let intro = block.text().trim_end().ends_with(':');
            Para { lines, sources: Vec::new(), block: None, space_before: 0.0, space_after: PARAGRAPH_GAP, keep_with_next: intro, counted: true }
        }
    };
    Some(Para { sources, block: Some(index), ..para })
}

fn decorate(style: &mut Style, change: Option<ChangeKind>) {
    match change {
        Some(ChangeKind::Inserted) => style.underline = true,
        Some(ChangeKind::Deleted) => style.strike = true,
        None => {}
    }
}

/// The runs as styled text: deleted runs dropped when marks are hidden, `[` `]` around each
/// stretch of runs with one bracket id. Each run's text keeps its offset in the block's current
/// text (deleted runs have none: anchors count without them, as [`Block::current_text`]).
fn run_frags(
    runs: &[Run],
    block_change: Option<ChangeKind>,
    options: &PdfOptions,
    bold: bool,
    italic: bool,
    upper: bool,
) -> Vec<Frag> {
    let deleted = |r: &Run| block_change == Some(ChangeKind::Deleted) || r.change.as_ref().is_some_and(|c| c.kind == ChangeKind::Deleted);
    let mut at = 0;
    let mut visible: Vec<(&Run, Option<usize>)> = Vec::with_capacity(runs.len());
    for run in runs {
        let source = (!deleted(run)).then_some(at);
        if source.is_some() {
            at += run.text.len();
        }
        if options.marks || !run.change.as_ref().is_some_and(|c| c.kind == ChangeKind::Deleted) {
            visible.push((run, source));
        }
    }
    let style_of = |run: &Run| {
        let mut style = Style::plain(FaceKind::of(bold || run.marks.strong, italic || run.marks.em), SIZE);
        style.underline = run.marks.underline;
        if options.marks {
            decorate(&mut style, run.change.as_ref().map(|c| c.kind));
            decorate(&mut style, block_change);
        }
        style
    };
    let mut frags = Vec::new();
    let mut open: Option<(&str, Style)> = None;
    for (run, source) in visible {
        let style = style_of(run);
        let bracket = run.marks.bracket.as_deref();
        if open.map(|(id, _)| id) != bracket {
            if let Some((_, last)) = open.take() {
                frags.push(Frag::plain("]".into(), last));
            }
            if let Some(id) = bracket {
                frags.push(Frag::plain("[".into(), style));
                open = Some((id, style));
            }
        }
        if let Some((id, _)) = open {
            open = Some((id, style));
        }
        frags.push(Frag { text: run.text.clone(), style, source, upper });
    }
    if let Some((_, last)) = open {
        frags.push(Frag::plain("]".into(), last));
    }
    frags
}

/// A word (glyphs of possibly several styles, each with the bytes of the block's text it
/// draws) or an inter-word space.
enum Item {
    Word(Vec<(Style, Glyph)>, Vec<Source>),
    Space(Style, Glyph),
}

fn word_width(glyphs: &[(Style, Glyph)]) -> f32 {
    glyphs.iter().map(|(s, g)| g.advance * s.size / 1000.0).sum()
}

fn item_width(item: &Item) -> f32 {
    match item {
        Item::Word(glyphs, _) => word_width(glyphs),
        Item::Space(s, g) => g.advance * s.size / 1000.0,
    }
}

/// Breaks styled text into words and single spaces (runs of white space collapse; no-break
/// spaces stay inside words). Each glyph keeps the bytes of the block's text it draws (a
/// capital drawn for a small letter keeps the small letter's).
fn items(fonts: &Fonts, frags: &[Frag]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let mut word: Vec<(Style, Glyph)> = Vec::new();
    let mut sources: Vec<Source> = Vec::new();
    for frag in frags {
        let mut at = frag.source;
        for ch in frag.text.chars() {
            let source = at.map(|a| (a, a + ch.len_utf8()));
            at = at.map(|a| a + ch.len_utf8());
            let breaking_space = ch.is_whitespace() && ch != '\u{a0}' && ch != '\u{202f}' && ch != '\u{2007}';
            if breaking_space {
                if !word.is_empty() {
                    out.push(Item::Word(std::mem::take(&mut word), std::mem::take(&mut sources)));
                }
                if matches!(out.last(), Some(Item::Word(..))) {
                    out.push(Item::Space(frag.style, fonts.glyph(frag.style.face, ' ')));
                }
            } else if !ch.is_control() && ch != '\u{ad}' {
                if frag.upper {
                    for upper in ch.to_uppercase() {
                        word.push((frag.style, fonts.glyph(frag.style.face, upper)));
                        sources.push(source);
                    }
                } else {
                    word.push((frag.style, fonts.glyph(frag.style.face, ch)));
                    sources.push(source);
                }
            }
        }
    }
    if !word.is_empty() {
        out.push(Item::Word(word, sources));
    }
    while matches!(out.last(), Some(Item::Space(..))) {
        out.pop();
    }
    out
}

/// Sets text in lines of one width at one x.
fn set(fonts: &Fonts, frags: &[Frag], x: f32, width: f32, align: Align) -> Vec<Vec<Piece>> {
    set_first(fonts, frags, x, width, x, width, align).into_iter().map(|(pieces, _)| pieces).collect()
}

/// Sets text in lines: the first at `first_x` with `first_width`, the others at `x` with
/// `width`. Greedy line breaking at spaces; a word longer than a line is cut where it must.
/// Each line comes with the bytes of its block's text that its words draw.
fn set_first(
    fonts: &Fonts,
    frags: &[Frag],
    first_x: f32,
    first_width: f32,
    x: f32,
    width: f32,
    align: Align,
) -> Vec<(Vec<Piece>, Source)> {
    let items = items(fonts, frags);
    // Lines as lists of items (spaces between words included, none at either end).
    let mut lines: Vec<Vec<Item>> = Vec::new();
    let mut current: Vec<Item> = Vec::new();
    let mut current_width = 0.0f32;
    let mut pending_space: Option<Item> = None;
    let avail = |line: usize| if line == 0 { first_width } else { width };
    for item in items {
        match item {
            Item::Space(..) => {
                if !current.is_empty() {
                    pending_space = Some(item);
                }
            }
            Item::Word(glyphs, sources) => {
                let this_width = word_width(&glyphs);
                let space_width = pending_space.as_ref().map_or(0.0, item_width);
                if !current.is_empty() && current_width + space_width + this_width > avail(lines.len()) + 0.01 {
                    lines.push(std::mem::take(&mut current));
                    current_width = 0.0;
                    pending_space = None;
                }
                if current.is_empty() && this_width > avail(lines.len()) {
                    // Cut an overlong word (a URL, a long identifier) into pieces that fit.
                    let mut chunk: Vec<(Style, Glyph)> = Vec::new();
                    let mut chunk_sources: Vec<Source> = Vec::new();
                    let mut chunk_width = 0.0;
                    for ((style, glyph), source) in glyphs.into_iter().zip(sources) {
                        let w = glyph.advance * style.size / 1000.0;
                        if !chunk.is_empty() && chunk_width + w > avail(lines.len()) {
                            lines.push(vec![Item::Word(std::mem::take(&mut chunk), std::mem::take(&mut chunk_sources))]);
                            chunk_width = 0.0;
                        }
                        chunk.push((style, glyph));
                        chunk_sources.push(source);
                        chunk_width += w;
                    }
                    current = vec![Item::Word(chunk, chunk_sources)];
                    current_width = chunk_width;
                    pending_space = None;
                    continue;
                }
                if let Some(space) = pending_space.take() {
                    if !current.is_empty() {
                        current_width += item_width(&space);
                        current.push(space);
                    }
                }
                current_width += this_width;
                current.push(Item::Word(glyphs, sources));
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }

    let count = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let (line_x, line_width) = if i == 0 { (first_x, first_width) } else { (x, width) };
            let natural: f32 = line.iter().map(item_width).sum();
            let spaces = line.iter().filter(|it| matches!(it, Item::Space(..))).count();
            let last = i + 1 == count;
            let (start, extra) = match align {
                Align::Left => (line_x, 0.0),
                Align::Center => (line_x + ((line_width - natural) / 2.0).max(0.0), 0.0),
                Align::Justify if !last && spaces > 0 && natural < line_width => {
                    (line_x, (line_width - natural) / spaces as f32)
                }
                Align::Justify => (line_x, 0.0),
            };
            let source = line_source(&line);
            (pieces_of(line, start, extra), source)
        })
        .collect()
}

/// The bytes of the block's text a line's words draw: from the first to the last.
fn line_source(line: &[Item]) -> Source {
    let mut out: Source = None;
    for item in line {
        if let Item::Word(_, sources) = item {
            for &(start, end) in sources.iter().flatten() {
                out = Some(out.map_or((start, end), |(s, e)| (s.min(start), e.max(end))));
            }
        }
    }
    out
}

/// Merges a line's items into pieces of one style each, from `x`, with `extra` after spaces.
fn pieces_of(line: Vec<Item>, x: f32, extra: f32) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut cursor = x;
    let mut push = |style: Style, glyph: Glyph, after: f32, pieces: &mut Vec<Piece>| {
        match pieces.last_mut() {
            Some(last) if last.style == style => last.glyphs.push((glyph, after)),
            _ => pieces.push(Piece { x: cursor, style, glyphs: vec![(glyph, after)] }),
        }
        cursor += glyph.advance * style.size / 1000.0 + after;
    };
    for item in line {
        match item {
            Item::Word(glyphs, _) => {
                for (style, glyph) in glyphs {
                    push(style, glyph, 0.0, &mut pieces);
                }
            }
            Item::Space(style, glyph) => push(style, glyph, extra, &mut pieces),
        }
    }
    pieces
}

/// One line of text in one style at `x`, unbroken.
fn piece_at(fonts: &Fonts, text: &str, style: Style, x: f32) -> Piece {
    let glyphs = text.chars().filter(|c| !c.is_control()).map(|c| (fonts.glyph(style.face, c), 0.0)).collect();
    Piece { x, style, glyphs }
}

/// Puts paragraphs on pages: gaps between paragraphs (none at the top of a page), a paragraph
/// kept with the next one when it introduces it, no single first or last line of a paragraph
/// alone on a page.
fn paginate(paras: &[Para]) -> Vec<Page> {
    let top = PAGE_HEIGHT - MARGIN_TOP;
    let bottom = MARGIN_BOTTOM;
    let lines_fitting = |y: f32| (((y - bottom) / LEADING) + 0.001).floor().max(0.0) as usize;
    let mut pages: Vec<Page> = Vec::new();
    let mut page = Page::default();
    let mut y = top;
    let mut gap = 0.0f32;
    for (i, para) in paras.iter().enumerate() {
        let n = para.lines.len();
        if n == 0 {
            continue;
        }
        if !page.lines.is_empty() {
            gap = gap.max(para.space_before);
            // What must fit on this page with the paragraph's first line(s).
            let mut need = gap + LEADING * n.min(2) as f32;
            if para.keep_with_next {
                need = gap + LEADING * n as f32;
                if let Some(next) = paras.get(i + 1) {
                    need += next.space_before.max(para.space_after) + LEADING * next.lines.len().min(2) as f32;
                }
            }
            if y - need < bottom - 0.001 && need <= top - bottom {
                pages.push(std::mem::take(&mut page));
                y = top;
            } else {
                y -= gap;
            }
        }
        let mut j = 0;
        while j < n {
            let remaining = n - j;
            let fit = lines_fitting(y);
            let mut take = remaining.min(fit);
            if take < remaining {
                if remaining - take == 1 && take >= 2 {
                    take -= 1;
                }
                if j == 0 && take == 1 {
                    take = 0;
                }
                if take == 0 && page.lines.is_empty() {
                    take = fit.max(1).min(remaining);
                }
            }
            for (k, line) in para.lines.iter().enumerate().skip(j).take(take) {
                let source = para.sources.get(k).copied().flatten();
                page.lines.push(Line { baseline: y - ASCENT, pieces: line.clone(), counted: para.counted, block: para.block, source });
                y -= LEADING;
            }
            j += take;
            if j < n {
                pages.push(std::mem::take(&mut page));
                y = top;
            }
        }
        gap = para.space_after;
    }
    if !page.lines.is_empty() || pages.is_empty() {
        pages.push(page);
    }
    pages
}

/// A meta field on one line, white space collapsed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
