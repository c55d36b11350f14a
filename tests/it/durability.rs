//! Nothing lost: a child process saves edits in a loop and is killed with SIGKILL at random moments; every acknowledged edit survives.
//!
//! The number of kills is `CAUCUS_SOAK_KILLS` (default 60, which CI runs). The long soak was run
//! once with 1,000 kills (see BENCHMARKS.md, "SIGKILL soak"):
//!
//! ```sh
//! CAUCUS_SOAK_KILLS=1000 cargo test --test it durability:: -- --nocapture
//! ```

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use caucus::host::{Entropy, SeededEntropy};
use caucus::{Caucus, NewParagraph, ParaKind};

use crate::support::{device, new_workshop, tempdir};

const DIR_ENV: &str = "CAUCUS_TEST_KILL_DIR";
const WORKSHOP_ENV: &str = "CAUCUS_TEST_KILL_WORKSHOP";
/// How many times the child is killed: CI's short run by default, the long soak on request.
const KILLS_ENV: &str = "CAUCUS_SOAK_KILLS";
const DEFAULT_KILLS: usize = 60;
/// The test path of the child, as the test harness names it.
const CHILD: &str = "durability::child_saves_edits_until_killed";

fn kills() -> usize {
    match std::env::var(KILLS_ENV) {
        Ok(v) => v.parse().unwrap_or_else(|_| panic!("{KILLS_ENV} must be a number of kills, not {v:?}")),
        Err(_) => DEFAULT_KILLS,
    }
}

/// The child: saves numbered edits forever, printing `ack N` only after edit N was committed.
/// It is the other half of the test below, which starts it as a process (`--ignored --exact`)
/// and kills it; run on its own it has no store to write to and fails.
#[test]
#[ignore = "child process of every_acknowledged_edit_survives_sigkill_at_random_moments, which starts and kills it"]
fn child_saves_edits_until_killed() {
    let dir = std::env::var_os(DIR_ENV).unwrap_or_else(|| panic!("{DIR_ENV} is not set: this test is run by its parent"));
    let ws = std::env::var(WORKSHOP_ENV).unwrap_or_else(|_| panic!("{WORKSHOP_ENV} is not set: this test is run by its parent"));
    let caucus = Caucus::open(std::path::Path::new(&dir)).expect("child opens the store");
    let w = caucus.open_workshop(&ws).expect("child opens the workshop");
    // Numbers continue after the highest one saved so far, so no number is ever reused.
    let start = w
        .paragraphs()
        .iter()
        .filter_map(|p| p.para.text().strip_prefix("edit ")?.split(' ').next()?.parse::<usize>().ok())
        .max()
        .map_or(0, |n| n + 1);
    let mut stdout = std::io::stdout();
    let mut last_added: Option<usize> = None;
    for n in start.. {
        // Every third edit rewrites the paragraph this run added just before (a delete and an
        // insert in flight when the kill lands); the rewrite names the edit it replaced.
        match last_added {
            Some(prev) if n % 3 == 2 && prev == n - 1 => {
                let at = w.paragraphs().len() - 1;
                w.set_text(at, &format!("edit {n} (rewritten {prev})")).expect("save");
                last_added = None;
            }
            _ => {
                w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, format!("edit {n}"))).expect("save");
                last_added = Some(n);
            }
        }
        use std::io::Write;
        writeln!(stdout, "ack {n}").expect("report");
        stdout.flush().expect("report");
    }
}

#[test]
fn every_acknowledged_edit_survives_sigkill_at_random_moments() {
    let dir = tempdir();
    let ws = {
        let caucus = device(dir.path(), 40);
        new_workshop(&caucus, "Kill").id().to_string()
    };
    let rng = SeededEntropy::new(0x5eed);
    let acked: Arc<Mutex<BTreeSet<usize>>> = Arc::default();
    let rounds = kills();
    let mut total_rounds_with_acks = 0;
    for round in 0..rounds {
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args([CHILD, "--exact", "--ignored", "--nocapture", "--test-threads=1"])
            .env(DIR_ENV, dir.path())
            .env(WORKSHOP_ENV, &ws)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the child");
        let stdout = child.stdout.take().expect("piped stdout");
        let sink = Arc::clone(&acked);
        let reader = std::thread::spawn(move || {
            let mut count = 0;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("ack ").and_then(|n| n.parse().ok()) {
                    sink.lock().expect("acks").insert(n);
                    count += 1;
                }
            }
            count
        });
        let mut b = [0u8; 2];
        rng.fill(&mut b);
        // Between 5 and ~300 ms: some kills land while opening, most in the middle of saving.
        let delay = 5 + u16::from_le_bytes(b) as u64 % 300;
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().expect("SIGKILL the child");
        child.wait().expect("reap the child");
        let count = reader.join().expect("reader");
        if count > 0 {
            total_rounds_with_acks += 1;
        }
        if round % 20 == 19 {
            check(dir.path(), &ws, &acked.lock().expect("acks"));
        }
    }
    assert!(total_rounds_with_acks >= rounds / 2, "only {total_rounds_with_acks} rounds saved anything");
    let acked = acked.lock().expect("acks");
    eprintln!("{rounds} kills; {total_rounds_with_acks} rounds saved edits; {} acknowledged edits all found", acked.len());
    assert!(acked.len() > 100, "only {} edits were acknowledged", acked.len());
    check(dir.path(), &ws, &acked);
}

/// Reopens the store and finds every acknowledged edit, with a clean integrity check.
fn check(dir: &std::path::Path, ws: &str, acked: &BTreeSet<usize>) {
    let caucus = Caucus::open(dir).expect("reopen after the kill");
    caucus.store().integrity_check().expect("quick_check is clean");
    let w = caucus.open_workshop(ws).expect("the workshop loads");
    let texts: String = w.paragraphs().iter().map(|p| p.para.text() + "\n").collect();
    let missing: Vec<&usize> = acked
        .iter()
        .filter(|n| {
            // An acknowledged edit is either still there, or was itself rewritten by a later
            // acknowledged edit that names it.
            !texts.contains(&format!("edit {n}\n"))
                && !texts.contains(&format!("edit {n} ("))
                && !texts.contains(&format!("(rewritten {n})"))
        })
        .collect();
    assert!(missing.is_empty(), "acknowledged edits lost: {missing:?}");
}
