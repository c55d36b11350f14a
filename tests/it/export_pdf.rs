//! PDF export: the fixture, the sample and a 200-paragraph draft through poppler's `pdftotext`, `pdffonts` and `pdfinfo` (Debian `poppler-utils`): text in order, margins, footers, embedded fonts, A4, revision marks, line numbers (`caucus export --line-numbers`).

use std::collections::BTreeMap;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Instant;

use caucus::Coded;
use caucus::cites::visible_text;
use caucus::export::ir::{Block, Change, ChangeKind, Document, Run};
use caucus::export::pdf::{self, PdfOptions};
use caucus::model::numbering::number;
use caucus::{DraftKind, DraftMeta, DraftView, Marks, ParaKind, Paragraph, Span};

pub const FIXTURE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/cop17-com2-draft-decisions-wildlife-cybercrime.txt"
));

pub use crate::support::imported_view;

pub fn fixture_doc() -> Document {
    Document::from_view(&imported_view(FIXTURE))
}

pub fn sample_doc() -> Document {
    Document::from_view(&imported_view(caucus::sample::DRAFT))
}

/// A long draft resolution: 40 preambular paragraphs, 160 operative ones with items every
/// fifth, every paragraph with words of its own (`w17x3`) so their order can be checked.
pub fn long_doc() -> Document {
    let mut paragraphs = vec![Paragraph {
        id: "t".into(),
        kind: ParaKind::Title,
        level: 0,
        label: None,
        spans: vec![Span::plain("Draft resolution on a long test")],
    }];
    let filler = "the Parties and the Secretariat shall cooperate on the implementation of this Resolution";
    for i in 1..=200 {
        let kind = if i <= 40 { ParaKind::Preamble } else { ParaKind::Operative };
        let lead = if kind == ParaKind::Preamble { "RECALLING" } else { "URGES" };
        let own: Vec<String> = (0..(i % 7 + 3)).map(|k| format!("w{i}x{k}")).collect();
        let text = format!("{lead} {} {filler} {};", own.join(" "), own.join(" "));
        paragraphs.push(Paragraph { id: format!("p{i}"), kind, level: 0, label: None, spans: vec![Span::plain(text)] });
        if kind == ParaKind::Operative && i % 5 == 0 {
            for (k, level) in [1u8, 1, 2].into_iter().enumerate() {
                paragraphs.push(Paragraph {
                    id: format!("p{i}i{k}"),
                    kind: ParaKind::Item,
                    level,
                    label: None,
                    spans: vec![Span::plain(format!("item w{i}i{k} of paragraph w{i}i{k}end;"))],
                });
            }
        }
    }
    Document::from_view(&DraftView {
        meta: DraftMeta {
            title: "Draft resolution on a long test".into(),
            symbol: "SC99 Doc. 12".into(),
            meeting: "Ninety-ninth meeting of the Standing Committee".into(),
            kind: DraftKind::Resolution,
            language: "English".into(),
        },
        paragraphs: number(paragraphs),
        brackets: BTreeMap::new(),
    })
}

fn render(doc: &Document, options: &PdfOptions) -> Vec<u8> {
    match pdf::render(doc, options) {
        Ok(bytes) => bytes,
        Err(e) => panic!("pdf render failed ({}): {e}", e.code()),
    }
}

/// Runs a poppler tool on the PDF (given on standard input where the tool allows `-`, else
/// in a temporary file). Fails, naming the package, when the tool is missing.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap_or_else(|e| panic!("write pdf: {e}"));
    let path_arg = path.to_string_lossy().to_string();
    let mut command = Command::new(tool);
    command.args(args).arg(&path_arg);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = match command.stdin(Stdio::null()).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{tool}` is not installed: these tests need the Debian package poppler-utils \
             (apt-get install -y poppler-utils)"
        ),
        Err(e) => panic!("could not run {tool}: {e}"),
    };
    assert!(output.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn is_footer(line: &str) -> bool {
    let line = line.trim();
    line.rsplit_once("p. ").is_some_and(|(before, n)| {
        (before.is_empty() || before.ends_with("– ")) && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The words of the body text, footers left out.
fn body_words(text: &str) -> Vec<String> {
    text.lines().filter(|l| !is_footer(l)).flat_map(str::split_whitespace).map(str::to_string).collect()
}

/// Asserts that each expected paragraph's words appear in `words`, in order, paragraph after
/// paragraph.
fn assert_in_order(words: &[String], paragraphs: &[String]) {
    let mut at = 0;
    for paragraph in paragraphs {
        let expected: Vec<&str> = paragraph.split_whitespace().collect();
        let Some(first) = expected.first() else { continue };
        let found = (at..words.len()).find(|&i| {
            words[i] == *first
                && expected.iter().enumerate().all(|(k, w)| words.get(i + k).map(String::as_str) == Some(*w))
        });
        match found {
            Some(i) => at = i + expected.len(),
            None => panic!(
                "paragraph not found in order after word {at}:\n{paragraph}\n--- extracted words from there:\n{}",
                words[at.min(words.len())..].iter().take(80).cloned().collect::<Vec<_>>().join(" ")
            ),
        }
    }
}

/// Each block as it reads in the PDF: number, then the text with brackets.
fn expected_paragraphs(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .map(|b| {
            let mut text = visible_text(&b.runs);
            if b.kind == ParaKind::Title {
                text = text.to_uppercase();
            }
            match &b.number {
                Some(n) => format!("{n} {text}"),
                None => text,
            }
        })
        .collect()
}

/// `pdftotext -layout` output with trailing spaces cut, runs of spaces inside a line made one
/// and runs of blank lines made one: stable against justification widths.
fn normalised(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.replace('\u{c}', "\n<page break>\n").lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() && out.last().is_some_and(|l: &String| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    out.join("\n").trim().to_string()
}

fn page_count(pdf: &[u8]) -> usize {
    let info = poppler("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in pdfinfo:\n{info}"))
}

/// Word boxes from `pdftotext -bbox`: (page, xMin, yMin, xMax, yMax, word), y from the top.
fn word_boxes(pdf: &[u8]) -> Vec<(usize, f32, f32, f32, f32, String)> {
    let html = poppler("pdftotext", &["-bbox"], pdf);
    let mut page = 0;
    let mut out = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        }
        let Some(rest) = line.strip_prefix("<word ") else { continue };
        let attr = |name: &str| -> f32 {
            let key = format!("{name}=\"");
            rest.split_once(&key)
                .and_then(|(_, v)| v.split_once('"'))
                .and_then(|(v, _)| v.parse().ok())
                .unwrap_or_else(|| panic!("no {name} in {line}"))
        };
        let word = rest.split_once('>').and_then(|(_, w)| w.split_once("</word>")).map(|(w, _)| w).unwrap_or("");
        out.push((page, attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"), word.to_string()));
    }
    out
}

/// Every stream of the file that inflates (page contents, fonts, ToUnicode maps).
fn inflated_streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = find(pdf, b"stream\n", at) {
        let body = start + b"stream\n".len();
        let Some(end) = find(pdf, b"\nendstream", body) else { break };
        let mut data = Vec::new();
        if flate2::read::ZlibDecoder::new(&pdf[body..end]).read_to_end(&mut data).is_ok() {
            out.push(data);
        }
        at = end;
    }
    out
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

#[test]
fn fixture_pdf_has_every_paragraph_in_order_on_a4_with_embedded_fonts() {
    let doc = fixture_doc();
    let bytes = render(&doc, &PdfOptions::default());
    assert!(bytes.starts_with(b"%PDF-1."), "not a PDF");

    let text = poppler("pdftotext", &["-layout"], &bytes);
    let words = body_words(&text);
    let mut expected = vec![
        "CONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES OF WILD FAUNA AND FLORA".to_string(),
        doc.meta.meeting.clone(),
    ];
    expected.extend(expected_paragraphs(&doc));
    assert_in_order(&words, &expected);
    assert!(text.contains("17.A") && text.contains("Directed to the Standing Committee"));
    // No symbol in the fixture: the footer is the page number alone.
    assert!(text.lines().any(|l| l.trim() == "p. 1"), "no footer `p. 1`:\n{text}");

    let info = poppler("pdfinfo", &[], &bytes);
    assert!(info.contains("595 x 842 pts (A4)"), "not A4:\n{info}");

    let fonts = poppler("pdffonts", &[], &bytes);
    let rows: Vec<&str> = fonts.lines().filter(|l| l.contains("LiberationSans")).collect();
    assert!(!rows.is_empty(), "no Liberation Sans:\n{fonts}");
    for row in &rows {
        // name  type  encoding  emb sub uni  object ID
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(cols.len() >= 7 && cols[cols.len() - 5..cols.len() - 2] == ["yes", "yes", "yes"], "{row}\n{fonts}");
        assert!(row.contains("CID TrueType") && row.contains("Identity-H"), "{row}");
    }
    assert!(rows.iter().any(|r| r.contains("LiberationSans-Bold ")), "bold face missing:\n{fonts}");
    // Subsets keep the file small.
    assert!(bytes.len() < 120_000, "{} bytes", bytes.len());
}

#[test]
fn sample_pdf_has_the_cites_header_the_conference_line_and_footers() {
    let doc = sample_doc();
    let bytes = render(&doc, &PdfOptions::default());
    let text = poppler("pdftotext", &["-layout"], &bytes);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.trim_start().starts_with("Original language: English")
            && first.trim_end().ends_with("CoP18 Doc. 79.1 Annex"),
        "first line: {first:?}"
    );
    let words = body_words(&text);
    let mut expected = vec![
        "CONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES".to_string(),
        "OF WILD FAUNA AND FLORA".to_string(),
        "Eighteenth meeting of the Conference of the Parties".to_string(),
    ];
    let paragraphs = expected_paragraphs(&doc);
    let conference = doc.conference_line_before().unwrap_or_else(|| panic!("a resolution has operative paragraphs"));
    expected.extend(paragraphs[..conference].iter().cloned());
    expected.push("THE CONFERENCE OF THE PARTIES TO THE CONVENTION".to_string());
    expected.extend(paragraphs[conference..].iter().cloned());
    assert_in_order(&words, &expected);
    assert!(words.join(" ").contains("[including through mandatory reporting obligations];"), "brackets:\n{text}");

    let pages = page_count(&bytes);
    assert!(pages >= 2, "{pages} pages");
    for n in 1..=pages {
        let footer = format!("CoP18 Doc. 79.1 Annex – p. {n}");
        assert_eq!(text.lines().filter(|l| l.trim() == footer).count(), 1, "footer {footer:?}:\n{text}");
    }
    // The header is on the first page only.
    assert_eq!(text.matches("Original language").count(), 1);

    insta::assert_snapshot!("sample_pdftotext", normalised(&text));
}

#[test]
fn a_200_paragraph_draft_fills_pages_within_the_margins() {
    let doc = long_doc();
    let started = Instant::now();
    let bytes = render(&doc, &PdfOptions::default());
    let elapsed = started.elapsed();
    eprintln!("200-paragraph draft: {} blocks rendered in {elapsed:?}, {} bytes", doc.blocks.len(), bytes.len());
    assert!(elapsed.as_secs_f32() < 5.0, "rendering took {elapsed:?}");

    let text = poppler("pdftotext", &["-layout"], &bytes);
    assert_in_order(&body_words(&text), &expected_paragraphs(&doc));
    let pages = page_count(&bytes);
    assert!(pages >= 10, "{pages} pages");
    for n in 1..=pages {
        let footer = format!("SC99 Doc. 12 – p. {n}");
        assert!(text.lines().any(|l| l.trim() == footer), "no footer {footer:?}");
    }

    // Every word inside the 2 cm side margins; body text above the bottom margin, footers
    // below it; every page used.
    let boxes = word_boxes(&bytes);
    let mut per_page = vec![0usize; pages + 1];
    for (page, x_min, y_min, x_max, y_max, word) in &boxes {
        assert!(*x_min >= 56.0 && *x_max <= 595.0 - 56.0, "{word:?} on page {page} at x {x_min}..{x_max}");
        assert!(*y_min >= 56.0, "{word:?} on page {page} above the top margin ({y_min})");
        let footer_zone = *y_min > 842.0 - 70.0;
        assert!(footer_zone || *y_max <= 842.0 - 70.0 + 1.0, "{word:?} on page {page} in the bottom margin");
        if let Some(count) = per_page.get_mut(*page) {
            *count += 1;
        }
    }
    for (page, count) in per_page.iter().enumerate().skip(1).take(pages - 1) {
        assert!(*count > 200, "page {page} has only {count} words");
    }
}

/// The sample with revision marks: a word inserted and one deleted in the first operative
/// paragraph, a deleted item after it, an inserted bold word in the last one.
pub fn marked_doc() -> Document {
    let change = |kind| {
        Some(Change { kind, author: Some("Borealia".into()), date: "2026-11-27T12:00:00Z".into(), moved: false })
    };
    let run = |text: &str, kind: Option<ChangeKind>| Run { change: kind.and_then(change), ..Run::plain(text) };
    let mut doc = sample_doc();
    let first_operative = doc.blocks.iter().position(|b| b.kind == ParaKind::Operative).unwrap_or(0);
    doc.blocks[first_operative].runs = vec![
        run("URGES Parties to ", None),
        run("swiftly ", Some(ChangeKind::Inserted)),
        run("reluctantly ", Some(ChangeKind::Deleted)),
        run("act:", None),
    ];
    doc.blocks.insert(
        first_operative + 1,
        Block {
            id: "new".into(),
            kind: ParaKind::Item,
            level: 1,
            label: None,
            number: Some("a)".into()),
            change: change(ChangeKind::Deleted),
            runs: vec![Run::plain("a withdrawn sub-paragraph;")],
        },
    );
    if let Some(last) = doc.blocks.last_mut() {
        last.runs.push(Run {
            marks: Marks { strong: true, ..Marks::default() },
            ..run(" Amended at the workshop.", Some(ChangeKind::Inserted))
        });
    }
    doc
}

#[test]
fn revision_marks_are_underlined_and_struck_through_or_hidden() {
    let doc = marked_doc();
    let marked = render(&doc, &PdfOptions { marks: true, line_numbers: false });
    let text = poppler("pdftotext", &["-layout"], &marked);
    let words = body_words(&text).join(" ");
    assert!(words.contains("URGES Parties to swiftly reluctantly act:"), "{words}");
    assert!(words.contains("a) a withdrawn sub-paragraph;"), "{words}");
    // Rules are drawn for the marks: strokes in the page content.
    let strokes: usize = inflated_streams(&marked)
        .iter()
        .map(|s| String::from_utf8_lossy(s).lines().filter(|l| l.trim() == "S").count())
        .sum();
    assert!(strokes >= 3, "{strokes} strokes");

    let clean = render(&doc, &PdfOptions { marks: false, line_numbers: false });
    let text = poppler("pdftotext", &["-layout"], &clean);
    let words = body_words(&text).join(" ");
    assert!(words.contains("URGES Parties to swiftly act:"), "{words}");
    assert!(!words.contains("reluctantly") && !words.contains("withdrawn"), "{words}");
    let strokes: usize = inflated_streams(&clean)
        .iter()
        .map(|s| String::from_utf8_lossy(s).lines().filter(|l| l.trim() == "S").count())
        .sum();
    assert_eq!(strokes, 0);
}

#[test]
fn rendering_is_deterministic_and_pdf_string_delimiters_survive() {
    let mut doc = sample_doc();
    doc.meta.symbol = "X (1) \\ <2> – p.".into();
    let preamble = doc.blocks.iter().position(|b| b.kind == ParaKind::Preamble).unwrap_or(0);
    doc.blocks[preamble]
        .runs
        .push(Run { marks: Marks { strong: true, em: true, ..Marks::default() }, ..Run::plain(" (bold) \\ ") });
    let a = render(&doc, &PdfOptions::default());
    let b = render(&doc, &PdfOptions::default());
    assert_eq!(a, b, "two renders differ");
    let text = poppler("pdftotext", &["-layout"], &a);
    assert!(text.contains("X (1) \\ <2> – p. – p. 1"), "{text}");
    assert!(text.contains("(bold) \\"), "{text}");
}

/// Not a check: writes the sample, fixture and long PDFs to `target/pdf-preview/` for a person
/// to look at (`cargo test --test it -- export_pdf::preview --ignored`).
#[test]
#[ignore]
fn preview() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-preview");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for (name, doc) in
        [("sample", sample_doc()), ("fixture", fixture_doc()), ("long", long_doc()), ("marked", marked_doc())]
    {
        std::fs::write(dir.join(format!("{name}.pdf")), render(&doc, &PdfOptions::default()))
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn odd_input_still_typesets_within_the_margins() {
    // An empty draft: the header and one footer.
    let mut empty = sample_doc();
    empty.blocks.clear();
    empty.meta.symbol.clear();
    let bytes = render(&empty, &PdfOptions::default());
    assert_eq!(page_count(&bytes), 1);
    let text = poppler("pdftotext", &["-layout"], &bytes);
    assert!(text.contains("OF WILD FAUNA AND FLORA") && text.lines().any(|l| l.trim() == "p. 1"), "{text}");

    // A word longer than a line, tabs and no-break spaces, characters the font lacks, control
    // characters.
    let mut doc = sample_doc();
    let long_word = "https://cites.org/".to_string() + &"very-long-path-segment/".repeat(12);
    doc.blocks[1].runs = vec![Run::plain(format!(
        "SEE\t{long_word} and 10\u{a0}000 specimens of 中文 (\u{7}) Ñandú, Œuvre, Ελλάδα, Россия;"
    ))];
    let bytes = render(&doc, &PdfOptions::default());
    let text = poppler("pdftotext", &["-layout"], &bytes);
    let words = body_words(&text).join(" ");
    assert!(words.contains("and 10 000 specimens of ?? () Ñandú, Œuvre, Ελλάδα, Россия;"), "{words}");
    assert!(words.replace(' ', "").contains(&long_word), "{words}");
    for (page, x_min, _, x_max, _, word) in word_boxes(&bytes) {
        assert!(x_min >= 56.0 && x_max <= 595.0 - 56.0, "{word:?} on page {page} at x {x_min}..{x_max}");
    }
}

#[test]
fn a_workshop_export_since_a_milestone_shows_the_change() {
    let dir = crate::support::tempdir();
    let caucus = crate::support::device(dir.path(), 72);
    let w = caucus.open_sample().unwrap_or_else(|e| panic!("sample: {e}"));
    w.create_milestone("SC70").unwrap_or_else(|e| panic!("milestone: {e}"));
    let urges = w
        .paragraphs()
        .iter()
        .position(|p| p.para.text() == "URGES Parties to:")
        .unwrap_or_else(|| panic!("no `URGES Parties to:` in the sample"));
    w.set_text(urges, "URGES all Parties to:").unwrap_or_else(|e| panic!("edit: {e}"));
    let mut options = caucus::export::ExportOptions::new(caucus::export::Format::Pdf);
    options.since = Some("SC70".into());
    let bytes = w.export(&options).unwrap_or_else(|e| panic!("export: {e}"));
    let text = poppler("pdftotext", &["-layout"], &bytes);
    assert!(body_words(&text).join(" ").contains("1. URGES all Parties to:"), "{text}");
    let strokes: usize = inflated_streams(&bytes)
        .iter()
        .map(|s| String::from_utf8_lossy(s).lines().filter(|l| l.trim() == "S").count())
        .sum();
    assert_eq!(strokes, 1, "one underline for the one insertion");
}

/// The dictionary (and stream) of object `n`, from `n 0 obj` to `endobj`.
fn object(pdf: &[u8], n: u32) -> &[u8] {
    let head = format!("{n} 0 obj\n");
    let start = (0..pdf.len())
        .find(|&i| pdf[i..].starts_with(head.as_bytes()) && (i == 0 || pdf[i - 1] == b'\n'))
        .unwrap_or_else(|| panic!("no object {n}"));
    let end = find(pdf, b"endobj", start).unwrap_or_else(|| panic!("object {n} does not end"));
    &pdf[start..end]
}

/// The object number after `/key` in a dictionary (`/key 7 0 R` or `/key [7 0 R]`).
fn reference(object: &[u8], key: &str) -> Option<u32> {
    let at = find(object, format!("/{key}").as_bytes(), 0)? + key.len() + 1;
    let rest = std::str::from_utf8(&object[at..]).ok()?;
    rest.trim_start().trim_start_matches('[').trim_start().split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

fn inflated_stream(object: &[u8]) -> Vec<u8> {
    let body = find(object, b"stream\n", 0).expect("a stream") + b"stream\n".len();
    let end = find(object, b"\nendstream", body).expect("the stream ends");
    let mut data = Vec::new();
    flate2::read::ZlibDecoder::new(&object[body..end]).read_to_end(&mut data).expect("a flate stream");
    data
}

/// A ToUnicode map's `<cid> <utf-16>` pairs (its `bfchar` sections).
fn to_unicode(cmap: &[u8]) -> Vec<(u16, char)> {
    let text = String::from_utf8_lossy(cmap);
    let hex = |s: &str| (0..s.len() / 4).filter_map(|i| s.get(i * 4..i * 4 + 4)).filter_map(|h| u16::from_str_radix(h, 16).ok()).collect::<Vec<_>>();
    let mut in_bfchar = false;
    text.lines()
        .filter(|line| {
            if line.ends_with("beginbfchar") || line == &"endbfchar" {
                in_bfchar = line.ends_with("beginbfchar");
                return false;
            }
            in_bfchar
        })
        .filter_map(|line| {
            let (cid, unicode) = line.strip_prefix('<')?.strip_suffix('>')?.split_once("> <")?;
            let cid = u16::from_str_radix(cid, 16).ok()?;
            let ch = char::decode_utf16(hex(unicode)).next()?.ok()?;
            Some((cid, ch))
        })
        .collect()
}

/// A glyph's outline as drawing commands, to compare glyphs across fonts.
fn outline(face: &ttf_parser::Face<'_>, glyph: u16) -> Option<String> {
    struct Path(String);
    impl ttf_parser::OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("M{x},{y} ");
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("L{x},{y} ");
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0 += &format!("Q{x1},{y1},{x},{y} ");
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0 += &format!("C{x1},{y1},{x2},{y2},{x},{y} ");
        }
        fn close(&mut self) {
            self.0 += "Z ";
        }
    }
    let mut path = Path(String::new());
    face.outline_glyph(ttf_parser::GlyphId(glyph), &mut path)?;
    Some(path.0)
}

#[test]
fn every_character_of_the_draft_is_drawn_by_its_own_glyph_in_the_embedded_subset() {
    let doc = fixture_doc();
    let bytes = render(&doc, &PdfOptions::default());
    let font_files: Vec<Vec<u8>> = ["Regular", "Bold", "Italic", "BoldItalic"]
        .iter()
        .map(|face| {
            let path = format!("{}/assets/fonts/LiberationSans-{face}.ttf", env!("CARGO_MANIFEST_DIR"));
            std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
        })
        .collect();
    let originals: Vec<ttf_parser::Face<'_>> =
        font_files.iter().map(|data| ttf_parser::Face::parse(data, 0).expect("Liberation Sans")).collect();

    let text = String::from_utf8_lossy(&bytes);
    let type0: Vec<u32> = text
        .match_indices(" 0 obj\n")
        .filter_map(|(at, _)| text[..at].rsplit('\n').next()?.parse().ok())
        .filter(|&n| find(object(&bytes, n), b"/Subtype /Type0", 0).is_some())
        .collect();
    assert!(!type0.is_empty(), "no Type0 fonts");
    let mut drawn = BTreeMap::new();
    for font in type0 {
        let font = object(&bytes, font);
        let cmap = to_unicode(&inflated_stream(object(&bytes, reference(font, "ToUnicode").expect("/ToUnicode"))));
        let cid_font = object(&bytes, reference(font, "DescendantFonts").expect("/DescendantFonts"));
        assert!(find(cid_font, b"/CIDToGIDMap /Identity", 0).is_some(), "CIDs are not the subset's glyph ids");
        let descriptor = object(&bytes, reference(cid_font, "FontDescriptor").expect("/FontDescriptor"));
        let program = inflated_stream(object(&bytes, reference(descriptor, "FontFile2").expect("/FontFile2")));
        let subset = ttf_parser::Face::parse(&program, 0).unwrap_or_else(|e| panic!("embedded font: {e}"));
        assert!(!cmap.is_empty());
        for (cid, ch) in cmap {
            drawn.insert(ch, cid);
            if ch.is_whitespace() {
                continue;
            }
            let shape = outline(&subset, cid);
            assert!(shape.is_some(), "CID {cid} ({ch:?}) has no outline in the embedded font");
            assert!(
                originals.iter().any(|face| face.glyph_index(ch).and_then(|g| outline(face, g.0)) == shape),
                "CID {cid} in the embedded font is not the glyph of {ch:?}"
            );
        }
    }
    let missing: Vec<char> =
        expected_paragraphs(&doc).concat().chars().filter(|c| !c.is_whitespace() && !drawn.contains_key(c)).collect();
    assert!(missing.is_empty(), "characters of the draft with no glyph in the PDF: {missing:?}");
}

/// `caucus export <sample> --format FORMAT [extra…]` as a user runs it: a real `caucus` process
/// on a fresh data directory holding the sample workshop (`caucus demo`). Returns the file.
pub fn cli_export_of_the_sample(format: &str, extra: &[&str]) -> Vec<u8> {
    let dir = crate::support::tempdir();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_caucus"))
            .args(args)
            .env("CAUCUS_DATA_DIR", dir.path())
            .output()
            .unwrap_or_else(|e| panic!("run caucus: {e}"));
        assert!(out.status.success(), "caucus {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let demo = run(&["demo"]);
    let ws = demo
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("Sample workshop "))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no workshop id in `caucus demo`: {demo}"))
        .to_string();
    let file = dir.path().join(format!("export.{format}"));
    let file_arg = file.to_string_lossy().to_string();
    let mut args = vec!["export", ws.as_str(), "--format", format, "-o", file_arg.as_str()];
    args.extend_from_slice(extra);
    run(&args);
    std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// One page of `pdftotext -layout` output read as a line-numbered page: the line numbers in
/// order (a bare integer before the text of a line) and the lines without one. The footer is
/// left out.
pub fn line_numbers_of(page: &str) -> (Vec<u32>, Vec<String>) {
    let mut numbers = Vec::new();
    let mut unnumbered = Vec::new();
    for line in page.lines().filter(|l| !l.trim().is_empty() && !is_footer(l)) {
        let mut words = line.split_whitespace();
        match words.next().and_then(|w| w.parse::<u32>().ok()) {
            Some(n) if words.next().is_some() => numbers.push(n),
            _ => unnumbered.push(line.trim().to_string()),
        }
    }
    (numbers, unnumbered)
}

/// The pages of `pdftotext -layout` output.
pub fn layout_pages(text: &str) -> Vec<&str> {
    text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect()
}

/// Asserts the line numbers of line-numbered pages: every line of the text numbered, 1, 2, 3…
/// restarting on each page; on the first page only the header block (`header` lines, from
/// "Original language" to the meeting line) unnumbered, and the title numbered 1.
pub fn assert_numbered_per_page(pages: &[&str], header: usize, title: &str) {
    assert!(pages.len() >= 2, "a draft over two pages or more: {} page(s)", pages.len());
    for (i, page) in pages.iter().enumerate() {
        let (numbers, unnumbered) = line_numbers_of(page);
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        assert!(numbers.len() >= 5, "page {}: {numbers:?}\n{page}", i + 1);
        assert_eq!(numbers, expected, "page {}: numbered from 1, every line, in order:\n{page}", i + 1);
        if i == 0 {
            assert!(unnumbered.first().is_some_and(|l| l.starts_with("Original language: English")), "{unnumbered:?}");
            assert_eq!(unnumbered.len(), header, "only the header block is unnumbered: {unnumbered:?}");
            let first_numbered = page.lines().find(|l| line_numbers_of(l).0 == [1]).unwrap_or_default();
            assert!(first_numbered.contains(title), "line 1 is the title: {first_numbered:?}");
        } else {
            assert!(unnumbered.is_empty(), "page {}: lines without a number: {unnumbered:?}", i + 1);
        }
    }
}

#[test]
fn caucus_export_pdf_with_line_numbers_numbers_every_line_of_the_text_per_page() {
    let numbered = cli_export_of_the_sample("pdf", &["--line-numbers"]);
    let plain = cli_export_of_the_sample("pdf", &[]);
    let text = poppler("pdftotext", &["-layout"], &numbered);
    // Header: the language and symbol line, the two convention lines, the meeting line.
    assert_numbered_per_page(&layout_pages(&text), 4, "DRAFT RESOLUTION ON COMBATING WILDLIFE CYBERCRIME");
    assert_eq!(page_count(&numbered), page_count(&plain), "numbers take no room from the text");

    // The numbers are beside the lines: take them away and the page reads as without them.
    let stripped: Vec<String> = normalised(&text)
        .lines()
        .map(|l| match l.split_once(' ') {
            Some((n, rest)) if n.parse::<u32>().is_ok() => rest.to_string(),
            _ => l.to_string(),
        })
        .collect();
    let plain_text = poppler("pdftotext", &["-layout"], &plain);
    assert_eq!(stripped.join("\n"), normalised(&plain_text));

    // In the left margin, right-aligned 0.5 cm left of the text, each on the baseline of a line
    // of text; nothing else is there.
    let boxes = word_boxes(&numbered);
    let (margin, text_words): (Vec<_>, Vec<_>) = boxes.iter().partition(|(_, x_min, ..)| *x_min < 56.0);
    let counted: usize = layout_pages(&text).iter().map(|p| line_numbers_of(p).0.len()).sum();
    assert_eq!(margin.len(), counted, "one number per counted line");
    for (page, x_min, _, x_max, y_max, word) in &margin {
        assert!(word.parse::<u32>().is_ok(), "only numbers in the margin, not {word:?}");
        assert!(*x_min > 20.0 && (*x_max - (56.7 - 14.17)).abs() < 0.5, "{word:?} at x {x_min}..{x_max}");
        assert!(
            text_words.iter().any(|(p, x, _, _, y, _)| p == page && *x >= 56.0 && (y - y_max).abs() < 2.5),
            "number {word:?} on page {page} beside no line of text"
        );
    }
    let plain_boxes = word_boxes(&plain);
    assert!(plain_boxes.iter().all(|(_, x_min, ..)| *x_min >= 56.0), "without --line-numbers the margin is empty");
    let plain_pages = layout_pages(&plain_text);
    assert!(plain_pages.iter().all(|p| line_numbers_of(p).0.is_empty()), "no line numbers without the flag");
}
