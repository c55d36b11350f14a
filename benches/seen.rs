//! "Since I last looked" (issue #14 §5) on the automerge-paper draft with 300 threads: `Workshop::since_seen` on the chair's device after Kenya's device changed words of the paper, started 30 threads and replied to 30 (taken by bundle); the first read after opening (which rebuilds the draft as last seen) and the next ones, median of 15.
//!
//! Run with `cargo bench --bench seen`. The window reads it after the draft's or the notes'
//! changes, so it should stay well under a frame budget of interaction (≤ 100 ms). Results go in
//! BENCHMARKS.md.

use std::time::Instant;

use caucus::bundle::{self, ImportOptions};
use caucus::host::{Host, SeededEntropy, SystemClock};
use caucus::model::roster::{Group, Role};
use caucus::store::IdentityRecord;
use caucus::workshop::{NewMember, NewWorkshop};
use caucus::Caucus;

#[path = "shared/paper.rs"]
mod paper;

#[path = "shared/timing.rs"]
mod timing;
use timing::median;

fn device(dir: &std::path::Path, seed: u64) -> Caucus {
    Caucus::open_with(dir, Host { clock: Box::new(SystemClock), entropy: Box::new(SeededEntropy::new(seed)) }).expect("open")
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let caucus = device(dir.path(), 15);
    let w = caucus.create(&NewWorkshop::titled("Automerge paper")).expect("create");
    let kenya = w
        .add_member(NewMember { name: "Delegate of Kenya".into(), delegation: "Kenya".into(), role: Role::Delegate, group: Group::ProducerCountry })
        .expect("member")
        .id;
    let (text, position) = paper::into_workshop(&w);
    // Threads quote words of 6+ letters that occur once in the paper (a quote must be unambiguous).
    let words: Vec<&str> = text.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() >= 6).collect();
    let unique: Vec<&str> = words.iter().copied().filter(|w| text.matches(w).count() == 1).collect();
    let step = (unique.len() / 330).max(1);
    let quotes: Vec<&str> = unique.iter().step_by(step).take(330).copied().collect();
    let mut threads = Vec::new();
    for word in quotes.iter().take(300) {
        threads.push(w.add_comment(word, "A view on these words.", None, Some(position)).expect("thread").id);
    }
    // The chair's first look, then Kenya's device takes everything and works offline.
    assert!(w.since_seen().expect("first look").first_look);
    let kdir = tempfile::tempdir().expect("temp dir");
    let kb = device(kdir.path(), 16);
    bundle::import_with(&kb, &bundle::export(&w, None).expect("export").bytes, ImportOptions { adopt: true }).expect("adopt");
    kb.store().put_identity(&IdentityRecord { workshop: w.id().into(), member: kenya, public_key: Vec::new(), secret_key: None }).wait().expect("identity");
    let wk = kb.open_exact(w.id()).expect("open");
    let edited = format!("{} Kenya adds a closing sentence.", wk.paragraphs()[position].para.text());
    wk.set_text(position, &edited).expect("Kenya edits the paper");
    for word in quotes.iter().skip(300).take(30) {
        wk.add_comment(word, "Kenya's view.", None, Some(position)).expect("Kenya's thread");
    }
    for id in threads.iter().take(30) {
        wk.reply(id, "Kenya agrees.", None).expect("Kenya's reply");
    }
    bundle::import(&caucus, &bundle::export(&wk, None).expect("export").bytes).expect("Kenya's bundle");
    drop(w);
    let id = caucus.list().expect("list")[0].id.clone();
    let w = caucus.open_exact(&id).expect("reopen");

    let start = Instant::now();
    let seen = w.since_seen().expect("since seen");
    let first = start.elapsed().as_secs_f64() * 1e3;
    println!(
        "automerge-paper draft: {} chars, {} threads; new: {} paragraph(s), {} thread(s) with {} new",
        text.chars().count(),
        w.threads().len(),
        seen.paragraphs.len(),
        seen.threads.len(),
        seen.count() - seen.paragraphs.len()
    );
    let (next, worst) = median(|| {
        w.since_seen().expect("since seen");
    });
    let (marked, _) = median(|| {
        w.mark_seen(caucus::workshop::SeenPart::Thread(threads[0].clone())).expect("mark one thread");
    });
    println!("\n| benchmark | ours (median) | worst | goal | within goal |\n| --- | --- | --- | --- | --- |");
    println!("| since_seen, first after opening (rebuilds the draft as last seen) | {first:.1} ms | – | ≤ 100 ms | {} |", if first <= 100.0 { "yes" } else { "no" });
    println!("| since_seen, next reads | {next:.1} ms | {worst:.1} ms | ≤ 100 ms | {} |", if next <= 100.0 { "yes" } else { "no" });
    println!("| mark_seen (one thread), with what is still new | {marked:.1} ms | – | ≤ 100 ms | {} |", if marked <= 100.0 { "yes" } else { "no" });
}
