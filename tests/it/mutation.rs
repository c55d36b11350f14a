//! Deterministic mutation sweep of the frame decoder (issue #3 item 7): real y-protocols frames, every truncation and seeded flips/insertions, through decode + guard into a scratch workshop — no panic, every error has a code.

use std::time::Instant;

use caucus::sync::protocol::{self, AwarenessEntry, Message};
use caucus::{DocName, NewParagraph, ParaKind, Workshop};

use crate::support::{device, new_workshop, tempdir};

/// A small deterministic generator (xorshift64*), so every run tries the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Real frames of each kind, taken from a workshop with a draft.
fn real_frames(w: &Workshop) -> Vec<(&'static str, Vec<u8>)> {
    let before = w.state_vector(DocName::Draft);
    w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "URGES Parties to report on wildlife cybercrime;"))
        .expect("edit");
    let update = w.encode_diff(DocName::Draft, &before);
    let awareness = [AwarenessEntry { client: 4242, clock: 3, json: r##"{"user":{"name":"Kenya","color":"#c33"}}"##.into() }];
    vec![
        ("step1", protocol::encode_step1(&w.state_vector(DocName::Draft))),
        ("step2", protocol::encode_step2(w.encode_state(DocName::Draft))),
        ("update", protocol::encode_update(update)),
        ("awareness", protocol::encode_awareness(&awareness)),
        ("query", protocol::encode_query_awareness()),
    ]
}

/// What the relay does with a frame: decode (size cap, bounded counts), then for each sync
/// message the guard + apply of `Workshop::apply_remote`, or the diff a step 1 asks for.
fn feed(scratch: &Workshop, frame: &[u8]) -> Result<usize, String> {
    let messages = protocol::decode_frame(frame).map_err(|e| e.code().to_string())?;
    let mut applied = 0;
    for message in messages {
        match message {
            Message::SyncStep2(update) | Message::Update(update) => {
                if scratch.apply_remote(DocName::Draft, &update, 7).map_err(|e| e.code().to_string())?.is_some() {
                    applied += 1;
                }
            }
            Message::SyncStep1(sv) => {
                let _ = scratch.encode_diff(DocName::Draft, &sv);
            }
            Message::Awareness(entries) => {
                let _ = protocol::encode_awareness(&entries);
            }
            Message::QueryAwareness | Message::Auth(_) => {}
        }
    }
    Ok(applied)
}

#[test]
fn mutated_frames_never_panic_and_every_refusal_has_a_code() {
    let (dir, scratch_dir) = (tempdir(), tempdir());
    let source = new_workshop(&device(dir.path(), 5), "Mutation sweep");
    let frames = real_frames(&source);
    let scratch_device = device(scratch_dir.path(), 6);
    let scratch = scratch_device.open_or_adopt("scratch-room").expect("scratch workshop");

    // The originals are accepted.
    for (name, frame) in &frames {
        feed(&scratch, frame).unwrap_or_else(|code| panic!("real {name} frame refused: {code}"));
    }

    let started = Instant::now();
    let mut rng = Rng(0x5eed_cafe_f00d_0001);
    let (mut cases, mut refused, mut applied) = (0usize, 0usize, 0usize);
    let mut check = |frame: &[u8], what: &str| {
        cases += 1;
        match feed(&scratch, frame) {
            Ok(n) => applied += n,
            Err(code) => {
                refused += 1;
                assert!(
                    code.contains('.') && !code.is_empty(),
                    "{what}: an error without a stable code: {code:?}"
                );
            }
        }
    };
    for (name, frame) in &frames {
        for len in 0..frame.len() {
            check(&frame[..len], &format!("{name} cut to {len}"));
        }
        for i in 0..800 {
            let mut m = frame.clone();
            match i % 4 {
                0 | 1 => {
                    let at = rng.below(m.len());
                    m[at] ^= 1 << rng.below(8);
                }
                2 => {
                    let at = rng.below(m.len());
                    m[at] = rng.next() as u8;
                }
                _ => {
                    let at = rng.below(m.len() + 1);
                    m.insert(at, rng.next() as u8);
                }
            }
            check(&m, &format!("{name} mutation {i}"));
        }
    }
    // Frames of one kind stacked and cut mid-way.
    let both: Vec<u8> = frames.iter().flat_map(|(_, f)| f.iter().copied()).collect();
    for len in (0..both.len()).step_by(3) {
        check(&both[..len], &format!("stacked cut to {len}"));
    }
    let elapsed = started.elapsed();
    assert!(cases > 4000, "{cases} cases");
    assert!(refused > cases / 4, "most mutations are refused ({refused} of {cases})");
    eprintln!("mutation sweep: {cases} frames, {refused} refused, {applied} applied, {elapsed:?}");
    // Inputs the fuzzer found (fuzz/regressions/): refused with a code, never a panic.
    let clock_overflow = include_bytes!("../../fuzz/regressions/frame-clock-overflow");
    let code = feed(&scratch, clock_overflow).expect_err("a struct clock past u32 is refused");
    assert_eq!(code, "sync.malformed_update");
    // A well-formed update that makes yrs panic while integrating: refused, the live document is
    // dropped (nothing of it was saved) and the workshop reopens from disk.
    let clean = scratch_device.open_or_adopt("clean-room").expect("a clean scratch workshop");
    let gc_over_skip = include_bytes!("../../fuzz/regressions/frame-gc-skip-underflow");
    // (The notes document, like the fuzz target's, garbage-collects: the draft keeps its history.)
    let mut before = clean.state_vector(DocName::Notes);
    let mut refused = Vec::new();
    for message in protocol::decode_frame(gc_over_skip).expect("a well-formed frame") {
        if let Message::SyncStep2(update) | Message::Update(update) = message {
            match clean.apply_remote(DocName::Notes, &update, 7) {
                Ok(_) => before = clean.state_vector(DocName::Notes),
                Err(e) => {
                    assert_eq!(e.code(), "sync.malformed_update", "{e}");
                    let contained = e.to_string().contains("inconsistent");
                    refused.push(contained);
                    if contained {
                        break;
                    }
                }
            }
        }
    }
    assert_eq!(refused.last(), Some(&true), "yrs's panic is contained and refused: {refused:?}");
    drop(clean);
    let reopened = scratch_device.open_exact("clean-room").expect("reopen from disk");
    let known = |sv: &yrs::StateVector| {
        let mut v: Vec<(u64, u32)> = sv.iter().filter(|(_, clock)| **clock > 0).map(|(c, k)| (c.get(), *k)).collect();
        v.sort_unstable();
        v
    };
    assert_eq!(known(&reopened.state_vector(DocName::Notes)), known(&before), "the refused update left nothing on disk");
    let _ = reopened.encode_state(DocName::Notes);
    // The much-mutated scratch document still reads.
    let _ = scratch.paragraphs();
}
