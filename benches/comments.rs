//! Comment table benchmarks (issue #11 §3): importing a 300-row comment table (CSV, XLSX, DOCX) and exporting the compiled table of 300 threads (its Line column from one PDF layout of the draft), on the automerge-paper draft.
//!
//! Run with `cargo bench --bench comments`. Goals (absolute, from the issue): each ≤ 1 s. The
//! draft is the final text of the automerge-paper editing trace (`tests/data/editing-traces`),
//! one paragraph per blank-line-separated block as the app's typing benchmark makes it, the first
//! ten preambular, then operative paragraphs each followed by two items. Results go in BENCHMARKS.md.

use std::time::{Duration, Instant};

use caucus::export::comment_table::{self, CommentTable, Row, TableFormat};
use caucus::host::{Host, SeededEntropy, SystemClock};
use caucus::workshop::{NewWorkshop, TableFilter};
use caucus::{Caucus, NewParagraph, ParaKind, Workshop};

const ROWS: usize = 300;

#[path = "shared/paper.rs"]
mod paper;

/// The trace's final text, as paragraphs (blank-line separated, inner line breaks as spaces).
fn paper_paragraphs() -> Vec<String> {
    let (_, text) = paper::replay(4242, &paper::patches(), |_, _| {});
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn paper_workshop(dir: &std::path::Path, paragraphs: &[String], seed: u64) -> Workshop {
    let caucus = Caucus::open_with(dir, Host { clock: Box::new(SystemClock), entropy: Box::new(SeededEntropy::new(seed)) }).expect("open");
    let w = caucus.create(&NewWorkshop::titled("A Conflict-Free Replicated JSON Datatype")).expect("create");
    for (i, text) in paragraphs.iter().enumerate() {
        let kind = match i {
            0..10 => ParaKind::Preamble,
            i if (i - 10) % 3 == 0 => ParaKind::Operative,
            _ => ParaKind::Item,
        };
        w.add_paragraph(None, NewParagraph::new(kind, text.clone())).expect("paragraph");
    }
    for (name, delegation) in [("Delegate of Kenya", "Kenya"), ("Delegate of Peru", "Peru"), ("Delegate of Chile", "Chile")] {
        w.add_member(caucus::workshop::NewMember {
            name: name.into(),
            delegation: delegation.into(),
            role: caucus::model::roster::Role::Delegate,
            group: caucus::model::roster::Group::Expert,
        })
        .expect("member");
    }
    w
}

/// A 300-row table a delegation could send: rows cite paragraphs as readers do (`PP3`, `12`,
/// `12 b)`, `para. 7`, `1(a)`), ISO codes in the party column, proposals on half of them.
fn incoming_table(w: &Workshop) -> CommentTable {
    let citations = caucus::model::numbering::citations(&w.paragraphs());
    let cited: Vec<&String> = citations.iter().filter(|c| !c.is_empty()).collect();
    let parties = ["KE", "Peru", "CL", "Kenya (supported by Peru, Chile)"];
    let rows = (0..ROWS)
        .map(|i| {
            let c = cited[(i * 7) % cited.len()];
            let paragraph = match i % 3 {
                0 => c.clone(),
                1 if !c.starts_with("PP") && !c.contains(' ') => format!("para. {c}"),
                _ => c.replace(' ', "").replace("b)", "(b)"),
            };
            Row {
                delegation: parties[i % parties.len()].into(),
                paragraph,
                line: if i % 5 == 0 { format!("{}", i % 40 + 1) } else { String::new() },
                kind: ["ge", "te", "ed"][i % 3].into(),
                comment: format!("Comment {i}: the wording should say what the Parties agreed, not what a CRDT does; see the discussion of 17 November."),
                proposed: if i % 2 == 0 { format!("Proposed wording {i} for this paragraph, replacing the text as it now reads.") } else { String::new() },
                outcome: String::new(),
            }
        })
        .collect();
    CommentTable { symbol: "SC78 Doc. 1".into(), title: "Bench".into(), rows }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let paragraphs = paper_paragraphs();
    let chars: usize = paragraphs.iter().map(|p| p.chars().count()).sum();
    println!("automerge-paper draft: {} paragraphs, {chars} characters", paragraphs.len());
    let mut results: Vec<(String, f64)> = Vec::new();

    // Import: each repetition into a fresh workshop holding the draft (set up outside the timing).
    let dir = tempfile::tempdir().expect("temp dir");
    let template = paper_workshop(&dir.path().join("t"), &paragraphs, 1);
    let table = incoming_table(&template);
    for format in [TableFormat::Csv, TableFormat::Xlsx, TableFormat::Docx] {
        let bytes = comment_table::render(&table, format).expect("render");
        let mut times = Vec::new();
        let mut anchored = 0;
        for rep in 0..5 {
            let w = paper_workshop(&dir.path().join(format!("{format}-{rep}")), &paragraphs, 10 + rep as u64);
            let start = Instant::now();
            let report = w.import_comment_table(&format!("table.{format}"), &bytes, None).expect("import");
            times.push(start.elapsed());
            assert_eq!(report.rows, ROWS);
            anchored = report.anchored;
        }
        let t = median(times);
        println!("import {ROWS}-row {format} ({} bytes, {anchored} anchored): {:.1} ms", bytes.len(), ms(t));
        results.push((format!("import a {ROWS}-row comment table ({format}), incl. saving"), ms(t)));
    }

    // Export: the compiled table of 300 threads, rows built from the workshop, then rendered.
    let w = paper_workshop(&dir.path().join("export"), &paragraphs, 2);
    let csv = comment_table::csv(&table);
    w.import_comment_table("table.csv", &csv, None).expect("import");
    assert_eq!(w.threads().len(), ROWS);
    for format in [TableFormat::Csv, TableFormat::Xlsx, TableFormat::Docx] {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..7 {
            let start = Instant::now();
            let compiled = w.comment_table(&TableFilter::default());
            let bytes = comment_table::render(&compiled, format).expect("render");
            times.push(start.elapsed());
            size = bytes.len();
        }
        let t = median(times);
        println!("export {ROWS} threads as {format} ({size} bytes): {:.1} ms", ms(t));
        results.push((format!("export the compiled table of {ROWS} threads ({format})"), ms(t)));
    }
    // The Line column: every anchored row cites the PDF's lines, from one layout of the draft.
    let compiled = w.comment_table(&TableFilter::default());
    assert!(compiled.rows.iter().all(|r| !r.line.is_empty()), "every row has a line");
    let doc = caucus::export::ir::Document::from_view(&w.view().expect("view"));
    let options = caucus::export::pdf::PdfOptions { marks: true, line_numbers: true };
    let mut times = Vec::new();
    let mut lines = 0;
    for _ in 0..7 {
        let start = Instant::now();
        let map = caucus::export::pdf::line_map(&doc, &options).expect("layout");
        times.push(start.elapsed());
        lines = (0..doc.blocks.len()).map(|b| map.line_count(b)).sum::<usize>();
    }
    let t = median(times);
    println!("of which the PDF layout for the Line column ({lines} numbered lines): {:.1} ms", ms(t));
    results.push(("of which laying the draft out for the Line column".to_string(), ms(t)));

    println!("\n| benchmark | ours (median) | goal | within goal |\n| --- | --- | --- | --- |");
    for (name, ours) in results {
        println!("| {name} | {ours:.1} ms | ≤ 1000 ms | {} |", if ours <= 1000.0 { "yes" } else { "no" });
    }
}
