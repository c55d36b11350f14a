//! The comment table (issue #11 §3): exported in DOCX, XLSX and CSV and read back (by LibreOffice for DOCX and XLSX), imported from tables LibreOffice made, in three languages, with headings in the page header, and refused whole when the file is no table.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use caucus::export::comment_table::{self, CommentTable, Row, HEADINGS};
use caucus::import::table::csv_records;
use caucus::model::notes::{Anchor, CommentType, OutcomeKind, ProposalKind};
use caucus::model::roster::{Group, Role};
use caucus::workshop::{NewMember, TableFilter};
use caucus::{Coded, NewParagraph, ParaKind, Workshop};

use crate::support::{device, new_workshop, tempdir};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/comment-table.csv");

struct Fixture {
    _dir: tempfile::TempDir,
    w: Workshop,
    kenya: String,
}

/// A resolution numbered PP1–PP2, 1, 1 a), 1 b), 1 b) i), 1 b) ii), 2, a roster with Kenya and
/// Peru, and this device the chair's.
fn fixture(seed: u64) -> Fixture {
    let dir = tempdir();
    let caucus = device(dir.path(), seed);
    let w = new_workshop(&caucus, "Wildlife cybercrime");
    let item = |level: u8, text: &str| NewParagraph { level, ..NewParagraph::new(ParaKind::Item, text) };
    for p in [
        NewParagraph::new(ParaKind::Preamble, "RECALLING Decisions 17.C and 17.D;"),
        NewParagraph::new(ParaKind::Preamble, "NOTING the work of ICCWC on wildlife crime;"),
        NewParagraph::new(ParaKind::Operative, "URGES Parties to:"),
        item(1, "adopt legislation on the sale online of specimens;"),
        item(1, "designate, at the national level, a focal point, including for:"),
        item(2, "the monitoring of online marketplaces; and"),
        item(2, "the collection of digital evidence;"),
        NewParagraph::new(ParaKind::Operative, "ENCOURAGES Parties to raise public awarness;"),
    ] {
        w.add_paragraph(None, p).expect("paragraph");
    }
    let add = |name: &str, delegation: &str| {
        w.add_member(NewMember { name: name.into(), delegation: delegation.into(), role: Role::Delegate, group: Group::Expert }).expect("member").id
    };
    let kenya = add("Delegate of Kenya", "Kenya");
    add("Delegate of Peru", "Peru");
    Fixture { _dir: dir, w, kenya }
}

/// The fixture with `csv` imported by the chair.
fn imported(seed: u64, csv: &str) -> (Fixture, caucus::workshop::ImportReport) {
    let f = fixture(seed);
    let report = f.w.import_comment_table("table.csv", csv.as_bytes(), None).expect("import");
    (f, report)
}

fn threads_count(w: &Workshop) -> usize {
    w.threads().len()
}

/// The fixture's expected rows once imported, in the draft's order: (delegation, paragraph,
/// type, comment starts with, proposed change).
const EXPECTED: [(&str, &str, &str, &str, &str); 5] = [
    ("Kenya", "PP2", "General", "The preamble should name INTERPOL.", "NOTING the work of ICCWC and INTERPOL on wildlife crime;"),
    ("Kenya", "1 b)", "Technical", "Designate \"a unit\", not a focal point.\n\nLine: 3", "designate, at the national level, a specialized unit"),
    ("Peru", "1 b) ii)", "Technical", "Add evidence held in the cloud.", "the collection and preservation of digital evidence"),
    ("Peru", "2", "Editorial", "Typo: awarness.", ""),
    ("Kenya", "", "General", "There is no paragraph 9 in this draft.\n\nParagraph: paragraph 9", ""),
];

fn assert_fixture_imported(w: &Workshop, report: &caucus::workshop::ImportReport) {
    assert_eq!((report.rows, report.anchored, report.unanchored.len()), (5, 4, 1), "{report:?}");
    assert_eq!(report.unanchored[0].paragraph, "paragraph 9");
    assert!(report.unanchored[0].why.contains("matches no paragraph"), "{:?}", report.unanchored[0]);
    let table = w.comment_table(&TableFilter::default());
    let got: Vec<(&str, &str, &str, &str, &str)> =
        table.rows.iter().map(|r| (r.delegation.as_str(), r.paragraph.as_str(), r.kind.as_str(), r.comment.as_str(), r.proposed.as_str())).collect();
    assert_eq!(got, EXPECTED);
    // Each anchored thread is on its whole paragraph, proposing a replacement of it.
    let paragraphs = w.paragraphs();
    for t in w.threads() {
        match &t.anchor {
            Anchor::Attached { position, start, text, .. } => {
                assert_eq!((*start, text.as_str()), (0, paragraphs[*position].para.text().as_str()));
            }
            Anchor::Orphaned => assert!(t.body.contains("paragraph 9")),
        }
        if let Some(p) = &t.proposal {
            assert_eq!(p.kind, ProposalKind::Replace);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// LibreOffice

static OFFICE: Mutex<()> = Mutex::new(());

/// Converts `input` with LibreOffice into `dir` (`to`: `csv`, `txt`, `xlsx`, `docx:…`), one
/// office at a time with its own profile. `None`, with the reason printed, when soffice is not
/// installed (scripts/setup.sh installs it).
pub(crate) fn soffice(input: &Path, to: &str, infilter: Option<&str>, dir: &Path) -> Option<PathBuf> {
    if Command::new("soffice").arg("--version").output().is_err() {
        eprintln!("skipped: soffice is not installed (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)");
        return None;
    }
    let _one = OFFICE.lock().unwrap_or_else(|p| p.into_inner());
    let profile = Path::new(env!("CARGO_TARGET_TMPDIR")).join("table-lo-profile");
    let mut cmd = Command::new("soffice");
    cmd.arg(format!("-env:UserInstallation=file://{}", profile.display())).arg("--headless");
    if let Some(f) = infilter {
        cmd.arg(format!("--infilter={f}"));
    }
    let out = cmd.args(["--convert-to", to, "--outdir"]).arg(dir).arg(input).output().expect("run soffice");
    let ext = to.split(':').next().unwrap_or(to);
    let stem = input.file_stem().and_then(|s| s.to_str()).expect("a file stem");
    let made = dir.join(format!("{stem}.{ext}"));
    assert!(made.exists(), "soffice made no {}: {}{}", made.display(), String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    Some(made)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// The fixture's table as HTML, for LibreOffice Writer to make a DOCX of.
fn fixture_as_html() -> String {
    let text = std::fs::read_to_string(FIXTURE).expect("fixture");
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut html = String::from("<html><body><p>Comments of Kenya and Peru</p><table border=\"1\">");
    for (i, row) in csv_records(&text, ',').iter().enumerate() {
        let tag = if i == 0 { "th" } else { "td" };
        html.push_str("<tr>");
        for cell in row {
            html.push_str(&format!("<{tag}>{}</{tag}>", esc(cell)));
        }
        html.push_str("</tr>");
    }
    html.push_str("</table></body></html>");
    html
}

// ---------------------------------------------------------------------------------------------
// Export

fn small_table() -> CommentTable {
    CommentTable {
        symbol: "SC77 Doc. 42".into(),
        title: "Wildlife cybercrime".into(),
        rows: vec![
            Row {
                delegation: "Kenya (supported by Peru, Chile)".into(),
                paragraph: "1 b)".into(),
                line: String::new(),
                kind: "Technical".into(),
                comment: "Say \"specialized unit\", not focal point.\n\nPeru: agreed".into(),
                proposed: "designate a specialized unit".into(),
                outcome: "Accepted with modifications — merged with Peru's text".into(),
            },
            Row { delegation: "Peru".into(), paragraph: "PP2".into(), kind: "Editorial".into(), comment: "Typo & <tag>".into(), ..Row::default() },
        ],
    }
}

#[test]
fn the_csv_is_rfc_4180_with_a_byte_order_mark_and_reads_back_as_written() {
    let table = small_table();
    let bytes = comment_table::csv(&table);
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    insta::assert_snapshot!("small_table_csv", text.replace("\r\n", "⏎\n"));
    let parsed = caucus::import::table::parse("table.csv", &bytes).expect("read back");
    assert_eq!(parsed.rows.len(), 2);
    assert_eq!(parsed.rows[0].cells, table.rows[0]);
    assert_eq!(parsed.rows[1].cells.comment, "Typo & <tag>");
}

#[test]
fn the_docx_is_a_real_landscape_word_table_whose_header_row_repeats() {
    let xml = comment_table::docx_document(&small_table());
    insta::assert_snapshot!("small_table_document_xml", xml);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let rows: Vec<_> = doc.descendants().filter(|n| n.has_tag_name((w, "tr"))).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0].descendants().any(|n| n.has_tag_name((w, "tblHeader"))));
    assert!(!rows[1].descendants().any(|n| n.has_tag_name((w, "tblHeader"))));
    let size = doc.descendants().find(|n| n.has_tag_name((w, "pgSz"))).expect("page size");
    assert_eq!(size.attribute((w, "orient")), Some("landscape"));
    // And the package reads back through the importer.
    let bytes = comment_table::docx(&small_table()).expect("docx");
    let parsed = caucus::import::table::parse("table.docx", &bytes).expect("read back");
    assert_eq!(parsed.rows.iter().map(|r| r.cells.comment.as_str()).collect::<Vec<_>>(), ["Say \"specialized unit\", not focal point.\n\nPeru: agreed", "Typo & <tag>"]);
}

#[test]
fn libreoffice_reads_the_docx_table_cell_by_cell_in_order() {
    let dir = tempdir();
    let table = small_table();
    let docx = write(dir.path(), "table.docx", &comment_table::docx(&table).expect("docx"));
    let Some(txt) = soffice(&docx, "txt", None, dir.path()) else { return };
    let text = std::fs::read_to_string(txt).expect("text");
    let lines: Vec<&str> = text.lines().map(|l| l.trim_start_matches('\u{feff}').trim()).collect();
    let mut wanted: Vec<String> = HEADINGS.iter().map(|h| h.to_string()).collect();
    for r in &table.rows {
        for cell in [&r.delegation, &r.paragraph, &r.kind, &r.comment, &r.proposed, &r.outcome] {
            wanted.extend(cell.lines().filter(|l| !l.is_empty()).map(str::to_string));
        }
    }
    // Every cell's text, in the table's order.
    let mut at = 0;
    for w in &wanted {
        let found = lines[at..].iter().position(|l| l == w).unwrap_or_else(|| panic!("LibreOffice's text lacks {w:?} after line {at}:\n{text}"));
        at += found + 1;
    }
}

#[test]
fn libreoffice_lays_the_docx_out_landscape_with_the_header_row_on_every_page() {
    let mut table = small_table();
    table.rows = (1..=60).map(|i| Row { delegation: format!("Party {i}"), paragraph: format!("{i}"), comment: "A comment long enough to take a line or two of the Comment column in the table.".into(), ..Row::default() }).collect();
    let dir = tempdir();
    let docx = write(dir.path(), "long.docx", &comment_table::docx(&table).expect("docx"));
    let Some(pdf) = soffice(&docx, "pdf", None, dir.path()) else { return };
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.lines().any(|l| l.starts_with("Page size:") && l.contains("841.") && l.contains("x 595")), "not landscape A4: {info}");
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("page count");
    assert!(pages >= 2, "{pages} pages");
    for page in 1..=pages {
        let text = Command::new("pdftotext").args(["-f", &page.to_string(), "-l", &page.to_string(), "-layout"]).arg(&pdf).arg("-").output().expect("pdftotext");
        let text = String::from_utf8_lossy(&text.stdout);
        let heads = text.lines().find(|l| l.contains("Delegation")).unwrap_or_else(|| panic!("page {page} lacks the header row:\n{text}"));
        assert!(heads.contains("Paragraph") && heads.contains("Comment") && heads.contains("Proposed change"), "page {page}: {heads}");
    }
}

#[test]
fn libreoffice_reads_the_xlsx_sheet_back_cell_for_cell() {
    let f = fixture(7301);
    let csv = std::fs::read(FIXTURE).expect("fixture");
    f.w.import_comment_table("fixture.csv", &csv, None).expect("import");
    let table = f.w.comment_table(&TableFilter::default());
    let dir = tempdir();
    let xlsx = write(dir.path(), "table.xlsx", &comment_table::xlsx(&table).expect("xlsx"));
    let Some(out) = soffice(&xlsx, "csv", None, dir.path()) else { return };
    let text = std::fs::read_to_string(out).expect("csv");
    let grid = csv_records(&text, ',');
    let mut want: Vec<Vec<String>> = vec![HEADINGS.iter().map(|h| h.to_string()).collect()];
    for r in &table.rows {
        want.push(r.in_order().iter().map(|c| c.to_string()).collect());
    }
    assert_eq!(grid, want);
}

#[test]
fn the_table_lists_threads_in_paragraph_order_with_supporters_and_outcomes_and_filters_them() {
    let f = fixture(7302);
    let w = &f.w;
    let late = w.add_comment("URGES", "Too strong.", Some(&f.kenya), None).expect("comment");
    let early = w
        .add_comment_with("focal point", "Say unit.", None, None, &caucus::workshop::CommentOptions { kind: CommentType::Editorial, proposal: None })
        .expect("comment");
    let peru = w.members().into_iter().find(|m| m.delegation == "Peru").expect("Peru").id;
    w.support(&late.id, Some(&peru), false).expect("support");
    w.record_outcome(&early.id, OutcomeKind::Rejected, "Keep focal point.").expect("outcome");
    let rows = w.comment_table(&TableFilter::default()).rows;
    assert_eq!(rows.iter().map(|r| r.paragraph.as_str()).collect::<Vec<_>>(), ["1", "1 b)"]);
    assert_eq!(rows[0].delegation, "Kenya (supported by Peru)");
    assert_eq!(rows[1].outcome, "Rejected — Keep focal point.");
    assert_eq!(rows[1].kind, "Editorial");
    // The chair applies Kenya's proposal: the table says so.
    let proposal = caucus::model::notes::Proposal { kind: ProposalKind::Replace, text: "URGES all Parties".into() };
    let proposed = w
        .add_comment_with("URGES Parties", "All of them.", Some(&f.kenya), None, &caucus::workshop::CommentOptions { kind: CommentType::General, proposal: Some(proposal) })
        .expect("proposal");
    w.apply_proposal(&proposed.id, false).expect("apply");
    let applied = w.comment_table(&TableFilter::default()).rows.into_iter().find(|r| r.comment == "All of them.").expect("row");
    assert_eq!(applied.outcome, "Accepted\nApplied to the draft");
    let only = |filter: TableFilter| w.comment_table(&filter).rows.iter().map(|r| r.paragraph.clone()).collect::<Vec<_>>();
    assert_eq!(only(TableFilter { open_only: true, ..TableFilter::default() }), ["1"]);
    assert_eq!(only(TableFilter { delegation: Some("kenya".into()), ..TableFilter::default() }), ["1", "1"]);
    assert_eq!(only(TableFilter { kind: Some(CommentType::Editorial), ..TableFilter::default() }), ["1 b)"]);
}

// ---------------------------------------------------------------------------------------------
// Import

#[test]
fn a_csv_table_is_imported_row_by_row_onto_the_paragraphs_it_cites() {
    let f = fixture(7303);
    let report = f.w.import_comment_table("fixture.csv", &std::fs::read(FIXTURE).expect("fixture"), None).expect("import");
    assert_fixture_imported(&f.w, &report);
    // Recorded by the chair as the chair's rows, each speaking for the delegation it names.
    assert_eq!(report.recorded_by, None);
    assert!(f.w.threads().iter().all(|t| t.author == report.author));
}

#[test]
fn a_table_libreoffice_made_as_xlsx_round_trips() {
    let f = fixture(7304);
    let dir = tempdir();
    let csv = write(dir.path(), "kenya.csv", &std::fs::read(FIXTURE).expect("fixture"));
    let out = tempdir();
    let Some(xlsx) = soffice(&csv, "xlsx", None, out.path()) else { return };
    let report = f.w.import_comment_table(&xlsx.to_string_lossy(), &std::fs::read(&xlsx).expect("xlsx"), None).expect("import");
    assert_eq!(report.format, caucus::import::table::SourceFormat::Xlsx);
    assert_fixture_imported(&f.w, &report);
}

#[test]
fn a_table_libreoffice_made_as_docx_round_trips() {
    let f = fixture(7305);
    let dir = tempdir();
    let html = write(dir.path(), "kenya.html", fixture_as_html().as_bytes());
    let out = tempdir();
    let Some(docx) = soffice(&html, "docx:MS Word 2007 XML", Some("HTML (StarWriter)"), out.path()) else { return };
    let report = f.w.import_comment_table("kenya.docx", &std::fs::read(&docx).expect("docx"), None).expect("import");
    assert_eq!(report.format, caucus::import::table::SourceFormat::Docx);
    assert_fixture_imported(&f.w, &report);
}

#[test]
fn french_and_spanish_headings_are_read() {
    let f = fixture(7306);
    let french = "\u{feff}Commentaires du Pérou\r\nDélégation;Alinéa;Ligne;Type de commentaire;Commentaires;Libellé proposé;Observations du Secrétariat\r\n\
                  Pérou;1 b);;Rédactionnel;Préciser « unité ».;désigner une unité spécialisée;\r\n";
    let report = f.w.import_comment_table("pérou.csv", french.as_bytes(), None).expect("French");
    assert_eq!((report.rows, report.anchored), (1, 1));
    let spanish = "País,Párrafo,Línea,Tipo de comentario,Observaciones,Redacción propuesta\nPE,PP1,,Técnico,Citar la Decisión 17.E.,\n";
    let report = f.w.import_comment_table("peru.csv", spanish.as_bytes(), None).expect("Spanish");
    assert_eq!((report.rows, report.anchored), (1, 1));
    let rows = f.w.comment_table(&TableFilter::default()).rows;
    let got: Vec<(&str, &str, &str, &str, &str)> = rows.iter().map(|r| (r.delegation.as_str(), r.paragraph.as_str(), r.kind.as_str(), r.comment.as_str(), r.proposed.as_str())).collect();
    assert_eq!(
        got,
        [
            ("Peru", "PP1", "Technical", "Citar la Decisión 17.E.", ""),
            ("Pérou", "1 b)", "Editorial", "Préciser « unité ».", "désigner une unité spécialisée"),
        ]
    );
}

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

/// A `w:tr` of one-paragraph cells.
fn row(cells: &[&str]) -> String {
    let mut s = String::from("<w:tr>");
    for c in cells {
        s.push_str(&format!("<w:tc><w:p><w:r><w:t xml:space=\"preserve\">{c}</w:t></w:r></w:p></w:tc>"));
    }
    s.push_str("</w:tr>");
    s
}

/// A DOCX package of the given parts (written by the `zip` crate, as another tool would).
pub(crate) fn docx_of(parts: Vec<(&str, String)>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let types = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".to_string();
    for (name, content) in std::iter::once(("[Content_Types].xml", types)).chain(parts) {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// A DOCX in the ISO/IEC/CEN template's shape: the headings are a one-row table in the page
/// header, the body's table holds only the comments.
fn iso_template_docx() -> Vec<u8> {
    let w = W;
    let header = format!(
        "<?xml version=\"1.0\"?><w:hdr {w}><w:p><w:r><w:t>Template for comments</w:t></w:r></w:p><w:tbl>{}</w:tbl></w:hdr>",
        row(&["MB/NC", "Line number", "Clause/ Subclause", "Paragraph/ Figure/ Table", "Type of comment", "Comments", "Proposed change", "Observations of the secretariat"])
    );
    let body = format!(
        "<?xml version=\"1.0\"?><w:document {w}><w:body><w:tbl>{}{}</w:tbl><w:sectPr/></w:body></w:document>",
        row(&["KE", "", "1 b) ii)", "", "te", "Name cloud evidence &amp; providers.", "the collection of digital evidence, including in the cloud;", ""]),
        row(&["KE", "12", "17.Z", "Table 1", "ed", "No such paragraph.", "", ""]),
    );
    docx_of(vec![("word/document.xml", body), ("word/header1.xml", header)])
}

#[test]
fn headings_in_the_page_header_of_the_iso_template_are_read() {
    let f = fixture(7307);
    let report = f.w.import_comment_table("iso.docx", &iso_template_docx(), None).expect("import");
    assert!(report.headings_in_page_header);
    assert_eq!((report.rows, report.anchored, report.unanchored.len()), (2, 1, 1), "{report:?}");
    let rows = f.w.comment_table(&TableFilter::default()).rows;
    assert_eq!((rows[0].delegation.as_str(), rows[0].paragraph.as_str(), rows[0].kind.as_str()), ("Kenya", "1 b) ii)", "Technical"));
    assert_eq!(rows[0].comment, "Name cloud evidence & providers.");
    // The second paragraph column and the line are kept in the comment, never dropped.
    assert_eq!(rows[1].comment, "No such paragraph.\n\nParagraph: 17.Z\nLine: 12\nParagraph/ Figure/ Table: Table 1");
}

#[test]
fn a_table_continued_after_a_break_is_read_whole_and_other_tables_are_counted() {
    let f = fixture(7314);
    let body = format!(
        "<?xml version=\"1.0\"?><w:document {W}><w:body><w:tbl>{}</w:tbl><w:p/><w:tbl>{}{}</w:tbl><w:p/><w:tbl>{}</w:tbl><w:sectPr/></w:body></w:document>",
        row(&["Kenya", "Comments of 3 December"]),
        row(&["Party", "Para.", "Comment"]),
        row(&["Kenya", "1", "First."]),
        row(&["Kenya", "2", "Continued."]),
    );
    let report = f.w.import_comment_table("k.docx", &docx_of(vec![("word/document.xml", body)]), None).expect("import");
    assert_eq!((report.rows, report.anchored, report.tables_without_headings), (2, 2, 1));
    let threads = f.w.threads();
    assert_eq!(threads.iter().map(|t| t.body.as_str()).collect::<Vec<_>>(), ["First.", "Continued."]);
}

#[test]
fn a_row_citing_no_paragraph_is_imported_unanchored_and_reported_with_why() {
    let (f, report) = imported(7308, "Party,Para.,Comment\nKenya,,No paragraph given.\nKenya,17.C,No decisions here.\nKenya,a),Which a)?\n");
    assert_eq!((report.rows, report.anchored), (3, 0));
    let whys: Vec<&str> = report.unanchored.iter().map(|u| u.why.as_str()).collect();
    assert_eq!(whys, ["no paragraph given", "`17.C` matches no paragraph of the draft", "`a)` matches no paragraph of the draft"]);
    assert_eq!(report.unanchored.iter().map(|u| u.source_row).collect::<Vec<_>>(), [2, 3, 4]);
    assert_eq!(threads_count(&f.w), 3);
    assert!(f.w.threads().iter().all(|t| t.anchor == Anchor::Orphaned));
}

#[test]
fn a_pdf_a_text_file_or_a_table_without_headings_is_refused_and_nothing_is_written() {
    let f = fixture(7309);
    let before = threads_count(&f.w);
    let refused = |name: &str, bytes: &[u8]| f.w.import_comment_table(name, bytes, None).expect_err(name).code();
    assert_eq!(refused("comments.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "table.unsupported_format");
    assert_eq!(refused("comments.txt", b"Kenya: paragraph 2 should say unit.\n"), "table.unsupported_format");
    assert_eq!(refused("comments.csv", b"Kenya,2,unit\nPeru,3,typo\n"), "table.no_headings");
    assert_eq!(refused("comments.docx", &comment_table::docx(&CommentTable::default()).expect("docx")[..20]), "table.damaged");
    // A row that may not be written (too long a comment) refuses the whole table.
    let long = format!("Party,Para.,Comment\nKenya,1,fine\nKenya,2,{}\n", "x".repeat(caucus::policy::rights::MAX_BODY_CHARS + 1));
    assert_eq!(refused("long.csv", long.as_bytes()), "rights.too_long");
    // A closed workshop takes no comments, from a table or otherwise.
    f.w.set_stage(caucus::model::roster::Stage::Closed, None).expect("close");
    assert_eq!(refused("fixture.csv", &std::fs::read(FIXTURE).expect("fixture")), "rights.stage");
    assert_eq!(threads_count(&f.w), before);
}

#[test]
fn iso_codes_name_the_rosters_delegation_and_other_parties_stay_as_written() {
    let (f, _) = imported(7310, "Party,Para.,Comment\nKE,1,a\nKEN,1,b\nken,1,c\nBR,1,d\nXX,1,e\n");
    let delegations: Vec<String> = f.w.comment_table(&TableFilter::default()).rows.into_iter().map(|r| r.delegation).collect();
    assert_eq!(delegations, ["Kenya", "Kenya", "Kenya", "BR", "XX"]);
}

#[test]
fn a_delegate_imports_only_their_own_delegations_rows_and_the_chair_records_for_others() {
    let f = fixture(7311);
    // The chair records Kenya's table on Kenya's behalf.
    let csv = "Party,Para.,Comment\nKenya,1,Ours.\n";
    let report = f.w.import_comment_table("k.csv", csv.as_bytes(), Some(&f.kenya)).expect("on behalf");
    let me = f.w.me().expect("me");
    assert_eq!((report.author.as_str(), report.recorded_by.as_deref()), (f.kenya.as_str(), Some(me.as_str())));
    let t = f.w.thread(&report.threads[0]).expect("thread");
    assert_eq!((t.author.as_str(), t.recorded_by.as_deref(), t.delegation.as_str()), (f.kenya.as_str(), Some(me.as_str()), "Kenya"));

    // Kenya's own device: its rows, yes; Peru's, or someone else's as author, no — and nothing written.
    let dir = tempdir();
    let b = device(dir.path(), 7312);
    let full = caucus::bundle::export(&f.w, None).expect("bundle");
    caucus::bundle::import_with(&b, &full.bytes, caucus::bundle::ImportOptions { adopt: true }).expect("adopt");
    b.store()
        .put_identity(&caucus::store::IdentityRecord { workshop: f.w.id().into(), member: f.kenya.clone(), public_key: Vec::new(), secret_key: None })
        .wait()
        .expect("identity");
    let wk = b.open_exact(f.w.id()).expect("open");
    let before = threads_count(&wk);
    let mixed = "Party,Para.,Comment\nKenya,1,Ours.\nPeru,2,Theirs.\n";
    assert_eq!(wk.import_comment_table("m.csv", mixed.as_bytes(), None).expect_err("Peru's row").code(), "rights.not_permitted");
    let peru = f.w.members().into_iter().find(|m| m.delegation == "Peru").expect("Peru").id;
    assert_eq!(wk.import_comment_table("k.csv", csv.as_bytes(), Some(&peru)).expect_err("as Peru").code(), "rights.not_permitted");
    assert_eq!(threads_count(&wk), before);
    let report = wk.import_comment_table("k.csv", "Para.,Comment,Outcome\n1,Ours.,Accepted\n".as_bytes(), None).expect("own rows");
    let t = wk.thread(&report.threads[0]).expect("thread");
    assert_eq!((t.author.as_str(), t.recorded_by.as_deref(), t.delegation.as_str()), (f.kenya.as_str(), None, "Kenya"));
    // A delegate records no outcome: the cell is kept in the comment.
    assert_eq!((report.outcomes, t.outcome.is_none(), t.body.as_str()), (0, true, "Ours.\n\nOutcome and observation: Accepted"));
}

#[test]
fn the_chair_imports_outcomes_and_supporters_of_the_roster_and_keeps_other_supporters_in_the_comment() {
    let (f, report) = imported(
        7313,
        "Party,Para.,Comment,Outcome and observation\n\"Kenya (supported by PE, Chile)\",1,Stronger.,Accepted with modifications — merged\nPeru,2,Typo.,Noted\n",
    );
    assert_eq!((report.outcomes, report.supports), (2, 1));
    let t = f.w.thread(&report.threads[0]).expect("thread");
    assert_eq!((t.supporters.as_slice(), t.body.as_str()), (["Peru".to_string()].as_slice(), "Stronger.\n\nSupported by: Chile"));
    let rows = f.w.comment_table(&TableFilter::default()).rows;
    let got: Vec<(&str, &str)> = rows.iter().map(|r| (r.delegation.as_str(), r.outcome.as_str())).collect();
    assert_eq!(got, [("Kenya (supported by Peru)", "Accepted with modifications — merged"), ("Peru", "Noted")]);
}

#[test]
fn rows_imported_after_the_deadline_are_kept_and_shown_as_late() {
    let f = fixture(7316);
    // The device's clock says 2026-11-27; the round closed the day before.
    f.w.set_stage(caucus::model::roster::Stage::CommentRound, Some("2026-11-26")).expect("round");
    let report = f.w.import_comment_table("late.csv", "Party,Para.,Comment\nKenya,1,Late but kept.\n".as_bytes(), None).expect("import");
    assert_eq!(report.rows, 1);
    let rows = f.w.comment_table(&TableFilter::default()).rows;
    assert_eq!(rows[0].comment, "Late but kept.\n\n(Received after the comment round's deadline.)");
}

// ---------------------------------------------------------------------------------------------
// Command line

fn caucus_cli(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_caucus")).args(args).env("CAUCUS_DATA_DIR", dir).output().expect("run caucus")
}

#[test]
fn the_command_line_exports_and_imports_the_table() {
    let dir = tempdir();
    let d = dir.path();
    let ok = |args: &[&str]| {
        let out = caucus_cli(d, args);
        assert!(out.status.success(), "caucus {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let ws = ok(&["new", "--title", "T"]).trim().to_string();
    ok(&["para", "add", &ws, "--kind", "preamble", "--text", "RECALLING Decision 17.D;"]);
    ok(&["para", "add", &ws, "--kind", "preamble", "--text", "NOTING the work of ICCWC;"]);
    ok(&["para", "add", &ws, "--kind", "operative", "--text", "URGES Parties to act;"]);
    ok(&["para", "add", &ws, "--kind", "operative", "--text", "ENCOURAGES awarness;"]);
    let report = ok(&["comment", "import", &ws, FIXTURE]);
    let lines: Vec<&str> = report.lines().map(|l| l.split(" (thread ").next().unwrap_or(l)).collect();
    assert_eq!(
        lines,
        [
            "imported 5 rows: 2 anchored, 3 unanchored",
            "  row 3: `1(b)` matches no paragraph of the draft",
            "  row 5: `1 b) ii)` matches no paragraph of the draft",
            "  row 6: `paragraph 9` matches no paragraph of the draft",
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&["--json", "comment", "import", &ws, FIXTURE])).expect("json");
    assert_eq!((json["rows"].as_u64(), json["unanchored"].as_array().map(Vec::len)), (Some(5), Some(3)));
    let out = d.join("t.xlsx");
    ok(&["comment", "table", &ws, "--format", "xlsx", "--open", "--type", "editorial", "-o", &out.to_string_lossy()]);
    let back = caucus::import::table::parse("t.xlsx", &std::fs::read(&out).expect("xlsx")).expect("read");
    assert_eq!(back.rows.iter().map(|r| (r.cells.delegation.as_str(), r.cells.paragraph.as_str())).collect::<Vec<_>>(), [("Peru", "2"), ("Peru", "2")]);
    let rows: serde_json::Value = serde_json::from_str(&ok(&["--json", "comment", "table", &ws, "--format", "csv", "--type", "editorial"])).expect("json");
    assert_eq!(rows["rows"].as_array().map(|r| r.iter().map(|x| x["paragraph"].as_str().unwrap_or("?")).collect::<Vec<_>>()), Some(vec!["2", "2"]));
    let csv = ok(&["comment", "table", &ws, "--format", "csv", "--delegation", "PE"]);
    assert_eq!(csv_records(&csv, ',').len(), 3, "{csv}");
    let refused = caucus_cli(d, &["comment", "import", &ws, FIXTURE.trim_end_matches(".csv")]);
    assert!(!refused.status.success());
    let pdf = d.join("c.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n").expect("pdf");
    let refused = caucus_cli(d, &["comment", "import", &ws, &pdf.to_string_lossy()]);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.starts_with("error[table.unsupported_format]") && err.trim_end().lines().count() == 1, "{err}");
}
