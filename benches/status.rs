//! Where the negotiation stands (issue #14 §1) on the automerge-paper draft with 200 brackets and 300 threads: `Workshop::status` (each paragraph's status, holders, comments awaiting an outcome, the changes since the last milestone) and the same without a milestone; goal ≤ 50 ms, median of 15.
//!
//! Run with `cargo bench --bench status`. No peer computes a negotiation's status, so the goal is
//! absolute. Results go in BENCHMARKS.md.


use caucus::host::{Host, SeededEntropy, SystemClock};
use caucus::model::roster::{Group, Role};
use caucus::workshop::{NewMember, NewWorkshop};
use caucus::Caucus;

#[path = "shared/paper.rs"]
mod paper;

#[path = "shared/timing.rs"]
mod timing;
use timing::median;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let caucus = Caucus::open_with(dir.path(), Host { clock: Box::new(SystemClock), entropy: Box::new(SeededEntropy::new(14)) }).expect("open");
    let w = caucus.create(&NewWorkshop::titled("Automerge paper")).expect("create");
    let delegations = ["Kenya", "Peru", "Arcadia", "Borealia", "Cascadia"];
    let members: Vec<String> = delegations
        .iter()
        .map(|d| {
            w.add_member(NewMember { name: format!("Delegate of {d}"), delegation: (*d).into(), role: Role::Delegate, group: Group::ProducerCountry })
                .expect("member")
                .id
        })
        .collect();
    let (text, position) = paper::into_workshop(&w);
    // Word starts (byte offsets) of words of 6+ letters, spread over the paper.
    let words: Vec<(usize, &str)> = text
        .char_indices()
        .filter(|&(i, c)| c.is_alphabetic() && (i == 0 || !text[..i].ends_with(char::is_alphabetic)))
        .map(|(i, _)| (i, text[i..].split(|c: char| !c.is_alphabetic()).next().unwrap_or_default()))
        .filter(|(_, word)| word.len() >= 6)
        .collect();
    let step = (words.len() / 200).max(1);
    for (n, (start, word)) in words.iter().step_by(step).take(200).enumerate() {
        let holders = vec![delegations[n % delegations.len()].to_string()];
        w.bracket(position, *start, word.len(), holders).expect("bracket");
    }
    // Threads quote words that occur once in the paper (a quote must be unambiguous).
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (_, word) in &words {
        *counts.entry(word).or_default() += 1;
    }
    let unique: Vec<&str> = words.iter().map(|(_, w)| *w).filter(|w| counts[w] == 1 && text.matches(w).count() == 1).collect();
    let step = (unique.len() / 300).max(1);
    for (n, word) in unique.iter().step_by(step).take(300).enumerate() {
        w.add_comment(word, "A view on these words.", Some(&members[n % members.len()]), Some(position)).expect("thread");
    }
    let status = w.status().expect("status");
    println!(
        "automerge-paper draft: {} chars; {} open brackets, {} comments awaiting an outcome",
        text.chars().count(),
        status.open_brackets.len(),
        status.undisposed.iter().map(|u| u.total).sum::<usize>()
    );
    let (bare, bare_worst) = median(|| {
        w.status().expect("status");
    });
    w.create_milestone("Report to SC70").expect("milestone");
    w.add_paragraph(None, caucus::NewParagraph::new(caucus::ParaKind::Operative, "DIRECTS the Secretariat to report at CoP18;")).expect("edit");
    let (since, since_worst) = median(|| {
        assert!(w.status().expect("status").since.is_some());
    });
    let (view, _) = median(|| {
        w.view().expect("view");
    });
    let (threads, _) = median(|| {
        w.threads();
    });
    let (rebuilt, _) = median(|| {
        w.milestone_view("Report to SC70").expect("milestone");
    });
    let (compared, _) = median(|| {
        w.compare("Report to SC70", None).expect("compare");
    });
    println!("parts: view {view:.1} ms, threads {threads:.1} ms, the milestone's text {rebuilt:.1} ms, compare since it {compared:.1} ms");
    let verdict = |ms: f64| if ms <= 50.0 { "yes" } else { "no" };
    println!("\n| benchmark | ours (median) | worst | goal | within goal |\n| --- | --- | --- | --- | --- |");
    println!("| Status, automerge-paper draft, 200 brackets, 300 threads | {bare:.1} ms | {bare_worst:.1} ms | ≤ 50 ms | {} |", verdict(bare));
    println!("| … with the changes since the last milestone | {since:.1} ms | {since_worst:.1} ms | ≤ 50 ms | {} |", verdict(since));
}
