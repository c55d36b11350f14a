//! Export and revision benchmarks (issue #5): DOCX and PDF of a 200-paragraph draft with 50 tracked changes, and the diff of two milestones of an automerge-paper-sized draft.
//!
//! Run with `cargo bench --bench export`. These have absolute goals (no peer is named for them):
//! DOCX ≤ 100 ms, PDF ≤ 1 s, diff ≤ 200 ms. Results go in BENCHMARKS.md.

use std::time::{Duration, Instant};

use caucus::export::ir::RevisionBase;
use caucus::export::{ExportOptions, Format};
use caucus::host::{Host, SeededEntropy, SystemClock};
use caucus::revision::{compare, Version};
use caucus::workshop::NewWorkshop;
use caucus::{Caucus, NewParagraph, ParaKind};
use yrs::updates::encoder::Encode;
use yrs::{ReadTxn, StateVector, Transact};

#[path = "shared/paper.rs"]
mod paper;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(reps);
    let mut last = None;
    for _ in 0..reps {
        let start = Instant::now();
        last = Some(f());
        times.push(start.elapsed());
    }
    (median(times), last.expect("at least one repetition"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn export_bench() -> Vec<(String, f64, f64)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let caucus = Caucus::open_with(
        dir.path(),
        Host { clock: Box::new(SystemClock), entropy: Box::new(SeededEntropy::new(5)) },
    )
    .expect("open");
    let w = caucus.create(&NewWorkshop::titled("Draft resolution on combating wildlife cybercrime")).expect("create");
    let kinds = [ParaKind::Preamble, ParaKind::Operative, ParaKind::Item, ParaKind::Item, ParaKind::Operative];
    for i in 0..199 {
        let kind = kinds[i % kinds.len()];
        let text = format!(
            "{} Parties to adopt legislation that addresses the advertisement, offer for sale and sale online of specimens of CITES-listed species, paragraph {i};",
            if kind == ParaKind::Preamble { "RECALLING that" } else { "URGES" }
        );
        w.add_paragraph(None, NewParagraph::new(kind, text)).expect("add");
    }
    w.create_milestone("base").expect("milestone");
    // 50 changes: 40 word edits, 5 inserted paragraphs, 5 deleted paragraphs.
    for k in 0..40 {
        let at = 2 + k * 4;
        let text = w.paragraphs()[at].para.text().replace("adopt", "adopt and enforce");
        w.set_text(at, &text).expect("edit");
    }
    for k in 0..5 {
        w.add_paragraph(Some(10 + k * 30), NewParagraph::new(ParaKind::Operative, "ENCOURAGES Parties to share information;"))
            .expect("insert");
        w.delete_paragraph(20 + k * 30).expect("delete");
    }
    let mut options = ExportOptions::new(Format::Docx);
    options.since = Some("base".into());
    let doc = w.export_document(&options).expect("document");
    let changes = doc.blocks.iter().filter(|b| b.change.is_some() || b.runs.iter().any(|r| r.change.is_some())).count();
    println!("draft: {} blocks, {changes} changed", doc.blocks.len());
    let (docx, bytes) = time(15, || caucus::export::render(&doc, &options).expect("docx"));
    println!("docx render: {:.1} ms ({} bytes)", ms(docx), bytes.len());
    let (docx_all, _) = time(9, || w.export(&options).expect("docx"));
    println!("docx incl. compare: {:.1} ms", ms(docx_all));
    options.format = Format::Pdf;
    let (pdf, bytes) = time(9, || caucus::export::render(&doc, &options).expect("pdf"));
    println!("pdf render: {:.1} ms ({} bytes)", ms(pdf), bytes.len());
    let (pdf_all, _) = time(5, || w.export(&options).expect("pdf"));
    println!("pdf incl. compare: {:.1} ms", ms(pdf_all));
    vec![
        ("DOCX export, 200 paragraphs, 50 changes (incl. compare)".into(), ms(docx_all), 100.0),
        ("PDF export, 200 paragraphs, 50 changes (incl. compare)".into(), ms(pdf_all), 1000.0),
    ]
}

fn diff_bench() -> (String, f64, f64) {
    let patches = paper::patches();
    let half = patches.len() * 9 / 10;
    let mut milestone = None;
    let (doc, text) = paper::replay(42, &patches, |n, doc| {
        if n == half {
            let txn = doc.transact();
            milestone = Some((txn.encode_state_as_update_v1(&StateVector::default()), txn.snapshot().encode_v1()));
        }
    });
    let (base_state, base_snapshot) = milestone.expect("a milestone at 90%");
    let now = doc.transact().encode_state_as_update_v1(&StateVector::default());
    println!("automerge-paper: {} edits, {} chars; milestone at {half}", patches.len(), text.chars().count());
    let no_one = |_: u64| None;
    let (t, result) = time(7, || {
        compare(
            Version { state: &base_state, snapshot: Some(&base_snapshot) },
            Version { state: &now, snapshot: None },
            &no_one,
            &caucus::revision::Deleters::default(),
            RevisionBase { since: "90%".into(), since_date: String::new(), date: String::new() },
        )
        .expect("compare")
    });
    let changed = result.blocks[0].runs.iter().filter(|r| r.change.is_some()).count();
    println!("diff of two milestones: {:.1} ms ({changed} changed runs)", ms(t));
    ("Diff of two milestones, automerge-paper-sized draft".into(), ms(t), 200.0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let mut rows = export_bench();
    rows.push(diff_bench());
    println!("\n| benchmark | ours (median) | goal | within goal |\n| --- | --- | --- | --- |");
    for (name, ours, goal) in rows {
        println!("| {name} | {ours:.1} ms | ≤ {goal:.0} ms | {} |", if ours <= goal { "yes" } else { "no" });
    }
}
