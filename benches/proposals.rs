//! Applying a proposal (issue #11 §2) on the automerge-paper draft: the chair applies a delegation's wording to a 100,000-character paragraph with 260,000 edits of history; goal ≤ 20 ms, median of 15 applications.
//!
//! Run with `cargo bench --bench proposals`. No peer applies proposals, so the goal is absolute.
//! Results go in BENCHMARKS.md.

use std::time::{Duration, Instant};

use caucus::host::{Host, SeededEntropy, SystemClock};
use caucus::model::notes::{Proposal, ProposalKind};
use caucus::model::roster::{Group, Role};
use caucus::model::DocName;
use caucus::workshop::{CommentOptions, NewMember, NewWorkshop};
use caucus::Caucus;
use yrs::updates::decoder::Decode;
use yrs::Transact;

#[path = "shared/paper.rs"]
mod paper;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let caucus = Caucus::open_with(dir.path(), Host { clock: Box::new(SystemClock), entropy: Box::new(SeededEntropy::new(11)) }).expect("open");
    let w = caucus.create(&NewWorkshop::titled("Automerge paper")).expect("create");
    let kenya = w
        .add_member(NewMember { name: "Delegate of Kenya".into(), delegation: "Kenya".into(), role: Role::Delegate, group: Group::ProducerCountry })
        .expect("member")
        .id;
    let (text, position) = paper::into_workshop(&w);
    // 15 proposals, each on a distinct word of the paper, recorded for Kenya.
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 12)
        .fold(Vec::<String>::new(), |mut seen, w| {
            if !seen.iter().any(|s| s == w) && text.matches(w).count() == 1 {
                seen.push(w.to_string());
            }
            seen
        });
    let threads: Vec<String> = words
        .iter()
        .take(15)
        .map(|word| {
            let options = CommentOptions { proposal: Some(Proposal { kind: ProposalKind::Replace, text: word.to_uppercase() }), ..Default::default() };
            w.add_comment_with(word, "Emphasis.", Some(&kenya), Some(position), &options).expect("proposal").id
        })
        .collect();
    println!("automerge-paper draft: {} chars; {} proposals on it", text.chars().count(), threads.len());
    if std::env::var_os("CAUCUS_BENCH_PARTS").is_some() {
        let t = Instant::now();
        let _ = w.proposal_target(&threads[0]).expect("target");
        println!("proposal_target: {:?}", t.elapsed());
        let t = Instant::now();
        let s = w.encode_state(DocName::Draft);
        println!("encode_state: {:?} ({} bytes)", t.elapsed(), s.len());
        let t = Instant::now();
        let copy = caucus::model::new_doc(DocName::Draft, 77);
        copy.transact_mut().apply_update(yrs::Update::decode_v1(&s).expect("decode")).expect("apply");
        println!("scratch copy: {:?}", t.elapsed());
        let t = Instant::now();
        let _ = w.thread(&threads[0]).expect("thread");
        println!("thread: {:?}", t.elapsed());
    }
    let mut times: Vec<Duration> = threads
        .iter()
        .map(|t| {
            let start = Instant::now();
            w.apply_proposal(t, false).expect("apply");
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2].as_secs_f64() * 1e3;
    let max = times[times.len() - 1].as_secs_f64() * 1e3;
    println!("\n| benchmark | ours (median) | worst | goal | within goal |\n| --- | --- | --- | --- | --- |");
    println!("| Apply a proposal, automerge-paper draft | {median:.1} ms | {max:.1} ms | ≤ 20 ms | {} |", if median <= 20.0 { "yes" } else { "no" });
}
