//! No size cliff (issue #13 §3): drafts imported from texts of 2,500 to 50,000 paragraphs (20,000 of them: the 11 MB text), each pushed whole to a relay on loopback and fetched whole by a new device; prints the state's size and the time of each step.
//!
//! Run with `cargo bench --bench large_sync` (`-- --max 5000` to stop at that many paragraphs).
//! No peer syncs a negotiated draft's three documents with their rules, so the numbers are
//! absolute: how large a workshop syncs, and how long it takes. Results go in BENCHMARKS.md.

use std::time::{Duration, Instant};

use caucus::sync::client::{sync_once, SyncOptions};
use caucus::sync::relay::{Relay, RelayOptions};
use caucus::workshop::NewWorkshop;
use caucus::{Caucus, DocName};

/// A resolution of `paragraphs` operative paragraphs of about 80 words (~550 bytes) each.
fn resolution_text(paragraphs: usize) -> String {
    const WORDS: [&str; 14] = [
        "wildlife", "trade", "online", "platforms", "enforcement", "Parties", "specimens", "illegal", "cybercrime", "Secretariat",
        "cooperation", "internet", "legislation", "capacity",
    ];
    let mut text = String::from("DRAFT RESOLUTION ON WILDLIFE CYBERCRIME\n\n");
    for p in 0..paragraphs {
        text.push_str("URGES Parties to");
        for w in 0..(70 + p % 21) {
            text.push(' ');
            text.push_str(WORDS[(p * 7 + w * 5 + w / 3) % WORDS.len()]);
        }
        text.push_str(";\n\n");
    }
    text
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let max = args.iter().position(|a| a == "--max").and_then(|i| args.get(i + 1)).and_then(|n| n.parse().ok()).unwrap_or(50_000usize);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    println!("| paragraphs | text | draft state | import | push to the relay | join: fetch whole |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for paragraphs in [2_500, 5_000, 10_000, 20_000, 50_000].into_iter().filter(|&n| n <= max) {
        let dirs = [tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir")];
        let chair = Caucus::open(dirs[0].path()).expect("chair's device");
        let w = chair.create(&NewWorkshop::titled("Wildlife cybercrime")).expect("create");
        let text = resolution_text(paragraphs);
        let start = Instant::now();
        w.import(text.as_bytes()).expect("import");
        let import = start.elapsed();
        let state = w.encode_diff(DocName::Draft, &Default::default()).len();

        let relay_device = Caucus::open(dirs[1].path()).expect("relay's device");
        let member = Caucus::open(dirs[2].path()).expect("member's device");
        let joined = member.open_or_adopt(w.id()).expect("adopt");
        let options = SyncOptions { timeout: Duration::from_secs(120), ..SyncOptions::default() };
        let (push, fetch) = runtime.block_on(async {
            let relay = Relay::bind(relay_device, "127.0.0.1:0".parse().expect("addr"), RelayOptions { create_rooms: true, open: true, ..RelayOptions::default() })
                .await
                .expect("relay");
            let url = relay.url();
            let start = Instant::now();
            sync_once(&w, &url, &options).await.expect("push");
            let push = start.elapsed();
            let start = Instant::now();
            sync_once(&joined, &url, &options).await.expect("fetch");
            let fetch = start.elapsed();
            relay.stop().await;
            (push, fetch)
        });
        assert_eq!(joined.paragraphs().len(), w.paragraphs().len(), "the whole draft arrived");
        println!(
            "| {paragraphs} | {:.1} MB | {:.1} MiB | {} | {} | {} |",
            text.len() as f64 / 1e6,
            state as f64 / 1048576.0,
            secs(import),
            secs(push),
            secs(fetch)
        );
    }
}
