//! Shared test set-up: a device with a fixed clock and seeded randomness in a temporary directory.

use std::path::Path;

use caucus::host::{FixedClock, Host, SeededEntropy};
use caucus::workshop::NewWorkshop;
use caucus::{Caucus, Workshop};
use chrono::TimeZone;

pub const FIXTURE_PATH: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/cop17-com2-draft-decisions-wildlife-cybercrime.txt");

/// A fixed, deterministic host: 2026-11-27T12:00:00Z and randomness from `seed`.
pub fn host(seed: u64) -> Host {
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).single().expect("a valid date");
    Host { clock: Box::new(FixedClock(now)), entropy: Box::new(SeededEntropy::new(seed)) }
}

pub fn device(dir: &Path, seed: u64) -> Caucus {
    Caucus::open_with(dir, host(seed)).expect("open the device store")
}

pub fn new_workshop(caucus: &Caucus, title: &str) -> Workshop {
    caucus.create(&NewWorkshop::titled(title)).expect("create a workshop")
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// `number text` of each paragraph, the way a reader sees the outline.
pub fn outline(w: &Workshop) -> Vec<String> {
    w.paragraphs()
        .into_iter()
        .map(|p| match p.number {
            Some(n) => format!("{n} {}", p.para.text()),
            None => p.para.text(),
        })
        .collect()
}
