//! The comment table's Line column (issue #11 §3): where a thread's words stand in the PDF with line numbers, checked against what poppler's `pdftotext -layout` reads in the real PDF `caucus export --format pdf --line-numbers` writes.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};

use caucus::export::{ExportOptions, Format};
use caucus::model::notes::Anchor;
use caucus::workshop::TableFilter;
use caucus::{NewParagraph, ParaKind, Workshop};

use crate::support::{device, new_workshop, tempdir};

/// Short paragraphs before the long one: enough to fill the first page.
const SHORT: usize = 30;

/// One clause of the long paragraph; `i` makes each clause's words unique in the draft.
fn clause(i: usize) -> String {
    format!("each Party shall report on measure {i}, on specimens seized under permit {i}, and on the trade it found;")
}

/// A resolution whose thirty short operative paragraphs fill the first page, then one long
/// paragraph (forty clauses) that starts on the second page and runs onto the third, with a
/// bracket (drawn `[` `]`, which the text does not hold) around words before the middle.
fn draft() -> (tempfile::TempDir, Workshop, usize) {
    let dir = tempdir();
    let caucus = device(dir.path(), 8101);
    let w = new_workshop(&caucus, "Reporting on seizures");
    w.add_paragraph(None, NewParagraph::new(ParaKind::Preamble, "RECALLING that illegal trade threatens listed species;")).expect("paragraph");
    for i in 1..=SHORT {
        let text = format!("ENCOURAGES Parties to take step {i} against illegal trade in specimens of listed species, and to report on it to the Secretariat in good time;");
        w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, text)).expect("paragraph");
    }
    let long: Vec<String> = (1..=40).map(clause).collect();
    let long = format!("DECIDES that {}", long.join(" "));
    let position = w.paragraphs().len();
    w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, long.clone())).expect("long paragraph");
    let bracketed = long.find("measure 12,").expect("clause 12");
    w.bracket(position, bracketed, "measure 12".len(), vec!["Kenya".into()]).expect("bracket");
    (dir, w, position)
}

/// The PDF the chair would send, through `pdftotext -layout`: each numbered line's text (white
/// space collapsed) by (page, line number).
fn pdf_lines(w: &Workshop) -> BTreeMap<(usize, usize), String> {
    let pdf = w.export(&ExportOptions { line_numbers: true, ..ExportOptions::new(Format::Pdf) }).expect("export the PDF");
    let dir = tempdir();
    let path = dir.path().join("draft.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let out = match Command::new("pdftotext").arg("-layout").arg(&path).arg("-").stdin(Stdio::null()).output() {
        Ok(out) => out,
        Err(e) => panic!("pdftotext could not run ({e}): these tests need poppler-utils (scripts/setup.sh installs it)"),
    };
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = BTreeMap::new();
    for (p, page) in text.split('\u{c}').filter(|p| !p.trim().is_empty()).enumerate() {
        for line in page.lines() {
            let mut words = line.split_whitespace();
            if let Some(n) = words.next().and_then(|w| w.parse::<usize>().ok()) {
                let rest: Vec<&str> = words.collect();
                if !rest.is_empty() {
                    assert!(lines.insert((p + 1, n), rest.join(" ")).is_none(), "page {} has line {n} twice", p + 1);
                }
            }
        }
    }
    assert!(!lines.is_empty(), "no numbered line in the PDF:\n{text}");
    lines
}

/// A Line cell read back: `p. 3, l. 12`, `p. 3, l. 12–14`, `p. 3, l. 40 – p. 4, l. 2`.
fn parse_cell(cell: &str) -> ((usize, usize), (usize, usize)) {
    let place = |s: &str| -> (usize, usize) {
        let (page, line) = s.trim().strip_prefix("p. ").and_then(|s| s.split_once(", l. ")).unwrap_or_else(|| panic!("not a line cell: {cell:?}"));
        (page.parse().unwrap_or_else(|_| panic!("{cell:?}")), line.trim().parse().unwrap_or_else(|_| panic!("{cell:?}")))
    };
    if let Some((a, b)) = cell.split_once(" – ") {
        return (place(a), place(b));
    }
    match cell.split_once('–') {
        Some((a, last)) => {
            let first = place(a);
            (first, (first.0, last.parse().unwrap_or_else(|_| panic!("{cell:?}"))))
        }
        None => (place(cell), place(cell)),
    }
}

/// The text of the numbered lines from `first` to `last`, in reading order, across pages.
fn held(lines: &BTreeMap<(usize, usize), String>, first: (usize, usize), last: (usize, usize)) -> String {
    assert!(lines.contains_key(&first) && lines.contains_key(&last), "the PDF has no line {first:?} or {last:?}");
    lines.range(first..=last).map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" ")
}

fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Line cell of the table row whose comment is `comment`.
fn line_of(w: &Workshop, comment: &str) -> String {
    let table = w.comment_table(&TableFilter::default());
    table.rows.iter().find(|r| r.comment.starts_with(comment)).unwrap_or_else(|| panic!("no row {comment:?}: {:?}", table.rows)).line.clone()
}

/// The line before `at` in reading order, if the PDF has one.
fn before(lines: &BTreeMap<(usize, usize), String>, at: (usize, usize)) -> Option<(usize, usize)> {
    lines.range(..at).next_back().map(|(k, _)| *k)
}

fn after(lines: &BTreeMap<(usize, usize), String>, at: (usize, usize)) -> Option<(usize, usize)> {
    lines.range((std::ops::Bound::Excluded(at), std::ops::Bound::Unbounded)).next().map(|(k, _)| *k)
}

#[test]
fn a_thread_on_words_in_the_middle_of_a_long_paragraph_cites_the_lines_the_pdf_prints_them_on() {
    let (_dir, w, position) = draft();
    // Words from clause 17 into clause 19: about two and a half lines of the text.
    let quote = format!("permit 17, and on the trade it found; {} each Party shall report on measure 19", clause(18));
    w.add_comment(&quote, "Too many reports.", None, Some(position)).expect("comment");
    let cell = line_of(&w, "Too many reports.");
    let (first, last) = parse_cell(&cell);
    assert_eq!(first.0, 2, "the words stand on the second page: {cell}");
    assert!(last.1 > first.1, "the words take more than one line: {cell}");
    let lines = pdf_lines(&w);
    let quote = normalised(&quote);
    assert!(normalised(&held(&lines, first, last)).contains(&quote), "{cell}: lines {first:?}–{last:?} do not hold the words:\n{}", held(&lines, first, last));
    // And no fewer lines hold them: the cell names the first and the last line of the words.
    let next = after(&lines, first).expect("a line after the first");
    let previous = before(&lines, last).expect("a line before the last");
    assert!(!normalised(&held(&lines, next, last)).contains(&quote), "{cell}: the words start after line {first:?}");
    assert!(!normalised(&held(&lines, first, previous)).contains(&quote), "{cell}: the words end before line {last:?}");
}

#[test]
fn a_thread_on_a_whole_paragraph_cites_its_lines_across_a_page_break_and_one_on_no_paragraph_none() {
    let (_dir, w, position) = draft();
    let citations = caucus::model::numbering::citations(&w.paragraphs());
    let csv = format!(
        "Delegation,Paragraph,Comments\r\nKenya,{},On the whole of it.\r\nKenya,{},On a short one.\r\nKenya,paragraph 99,On no paragraph of this draft.\r\n",
        citations[position], citations[3]
    );
    let report = w.import_comment_table("kenya.csv", csv.as_bytes(), None).expect("import");
    assert_eq!((report.anchored, report.unanchored.len()), (2, 1), "{report:?}");
    let lines = pdf_lines(&w);
    let paragraphs = w.paragraphs();
    for (comment, at) in [("On the whole of it.", position), ("On a short one.", 3)] {
        let para = &paragraphs[at];
        let cell = line_of(&w, comment);
        let (first, last) = parse_cell(&cell);
        let want = normalised(&format!("{} {}", para.number.clone().unwrap_or_default(), para.para.text()));
        // The bracket around "measure 12" is drawn, not part of the text.
        let got = normalised(&held(&lines, first, last)).replace("[measure 12]", "measure 12");
        assert_eq!(got, want, "{cell}: the lines hold exactly paragraph {}", para.number.clone().unwrap_or_default());
        if at == position {
            assert_eq!((first.0, last.0), (2, 3), "the long paragraph runs from the second page onto the third: {cell}");
            assert!(cell.contains(" – p. 3, l. "), "{cell}");
        }
    }
    // The thread the import could not place has no line.
    let unanchored = w.threads().into_iter().find(|t| t.anchor == Anchor::Orphaned).expect("the unanchored thread");
    assert!(unanchored.body.starts_with("On no paragraph"));
    assert_eq!(line_of(&w, "On no paragraph"), "");
}

#[test]
fn a_thread_whose_words_were_deleted_has_no_line_and_the_others_follow_the_text() {
    let (_dir, w, position) = draft();
    w.add_comment("step 7 against", "Which step?", None, None).expect("comment");
    w.add_comment("measure 30,", "Which measure?", None, Some(position)).expect("comment");
    let before_edit = parse_cell(&line_of(&w, "Which measure?"));
    // Step 7's paragraph goes: its thread is orphaned, and the long paragraph moves up a line or more.
    let seventh = w.paragraphs().iter().position(|p| p.para.text().contains("step 7 against")).expect("step 7");
    w.delete_paragraph(seventh).expect("delete");
    assert_eq!(line_of(&w, "Which step?"), "");
    let cell = line_of(&w, "Which measure?");
    let (first, last) = parse_cell(&cell);
    assert_ne!((first, last), before_edit, "the line follows the text");
    let lines = pdf_lines(&w);
    assert!(held(&lines, first, last).contains("measure 30,"), "{cell}: {}", held(&lines, first, last));
}

#[test]
fn words_that_open_or_close_a_line_cite_that_line_alone() {
    let (_dir, w, position) = draft();
    let lines = pdf_lines(&w);
    let text = w.paragraphs()[position].para.text();
    // A line of the long paragraph after its bracket, as the PDF prints it.
    let (&at, line) = lines.iter().find(|(_, t)| t.contains("measure 20,")).expect("the line of measure 20");
    assert!(!line.contains('['), "a line after the bracket: {line}");
    let words: Vec<&str> = line.split_whitespace().collect();
    // The fewest first (last) words of the line that occur once in the paragraph.
    let unique = |take: &dyn Fn(usize) -> String| (1..=words.len()).map(take).find(|q| text.matches(q.as_str()).count() == 1).expect("a unique phrase");
    let opening = unique(&|n| words[..n].join(" "));
    let closing = unique(&|n| words[words.len() - n..].join(" "));
    w.add_comment(&opening, "Opens the line.", None, Some(position)).expect("comment");
    w.add_comment(&closing, "Closes the line.", None, Some(position)).expect("comment");
    let cell = format!("p. {}, l. {}", at.0, at.1);
    assert_eq!(line_of(&w, "Opens the line."), cell, "{opening:?} opens {line:?}");
    assert_eq!(line_of(&w, "Closes the line."), cell, "{closing:?} closes {line:?}");
}
