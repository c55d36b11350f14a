//! Deterministic mutation sweep of the frame decoder (issue #3 item 7): real y-protocols frames, every truncation and seeded flips/insertions, through decode + guard into a scratch workshop — no panic, every error has a code.

use std::time::Instant;

use caucus::Coded;
use caucus::sync::protocol::{self, AwarenessEntry, Message};
use caucus::{DocName, NewParagraph, ParaKind, Workshop};
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, Transact};

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
    // A well-formed GC struct past what the document has of its client, then one over it: yrs
    // kept the first pending and panicked integrating the second. Both start past the document's
    // state of client 253 now, so both are refused before yrs sees them, and nothing is stored.
    let clean = scratch_device.open_or_adopt("clean-room").expect("a clean scratch workshop");
    let gc_over_skip = include_bytes!("../../fuzz/regressions/frame-gc-skip-underflow");
    let mut codes = Vec::new();
    for message in protocol::decode_frame(gc_over_skip).expect("a well-formed frame") {
        if let Message::SyncStep2(update) | Message::Update(update) = message {
            codes.push(clean.apply_remote(DocName::Notes, &update, 7).map(|_| "applied").unwrap_or_else(|e| e.code()));
        }
    }
    assert_eq!(codes, ["applied", "sync.malformed_update", "sync.out_of_order", "sync.out_of_order"]);
    let before = clean.state_vector(DocName::Notes);
    drop(clean);
    let reopened = scratch_device.open_exact("clean-room").expect("reopen from disk");
    let known = |sv: &yrs::StateVector| {
        let mut v: Vec<(u64, u32)> = sv.iter().filter(|(_, clock)| **clock > 0).map(|(c, k)| (c.get(), *k)).collect();
        v.sort_unstable();
        v
    };
    assert_eq!(known(&reopened.state_vector(DocName::Notes)), known(&before), "the refused updates left nothing on disk");
    assert!(!known(&before).iter().any(|(client, _)| *client == 253), "nothing of client 253");
    let _ = reopened.encode_state(DocName::Notes);
    // The much-mutated scratch document still reads.
    let _ = scratch.paragraphs();
}

/// yrs 0.28.1 reads freed memory (AddressSanitizer: heap-use-after-free in
/// `TransactionMut::integrate_item`) when an update covers changes it holds pending — two 10-byte
/// updates, well formed, found by `fuzz/` (see `fuzz/UPSTREAM-yrs.md`). Every path to yrs refuses
/// an update that starts past what the document has of a client, so the first is refused, nothing
/// is held pending, and the second is refused too. In every document, on a relay and in a bundle.
#[test]
fn an_update_out_of_order_is_refused_so_yrs_never_holds_it_pending() {
    let dir = tempdir();
    let device = device(dir.path(), 17);
    let w = device.open_or_adopt("pendingoverlap").expect("a scratch workshop");
    let hex = |h: &str| (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).expect("hex")).collect::<Vec<u8>>();
    // Client 255: a deleted item at clock 36 (with nothing before it), then one over clocks 1..48.
    let pair: Vec<Vec<u8>> = protocol::decode_frame(include_bytes!("../../fuzz/regressions/frame-pending-overlap-uaf"))
        .expect("a well-formed frame")
        .into_iter()
        .filter_map(|m| match m {
            Message::Update(u) => Some(u),
            _ => None,
        })
        .collect();
    let [late, over] = [&pair[0], &pair[1]];
    assert_eq!((late.as_slice(), over.as_slice()), (hex("0101ff01240101000100").as_slice(), hex("0101ff01010101002f00").as_slice()));
    for doc in DocName::ALL {
        let before = w.encode_state(doc);
        for update in [late, over] {
            let err = w.apply_remote(doc, update, 7 << 32).expect_err("out of order");
            assert_eq!(err.code(), "sync.out_of_order", "{doc}: {err}");
            assert!(err.to_string().contains("client 255"), "{err}");
        }
        assert!(w.encode_state(doc) == before, "{doc}: nothing held pending or stored");
    }
    // The frame the fuzzer first found it in: refused with a code, never applied past the gap.
    let frame = include_bytes!("../../fuzz/regressions/frame_apply-yrs-use-after-free");
    let code = feed(&w, frame).expect_err("refused");
    assert!(code == "sync.out_of_order" || code == "sync.malformed_update", "{code}");
    // Two updates whose items build on a missing origin of another client (the same
    // use-after-free, found again by the fuzzer): the second is refused, not held pending.
    let frame = include_bytes!("../../fuzz/regressions/frame_apply-missing-origin-uaf");
    let updates: Vec<Vec<u8>> = protocol::decode_frame(frame)
        .expect("a well-formed frame")
        .into_iter()
        .filter_map(|m| match m {
            Message::SyncStep2(u) | Message::Update(u) => Some(u),
            _ => None,
        })
        .collect();
    let fresh = device.open_or_adopt("missingorigin").expect("another scratch workshop");
    let codes: Vec<&str> = updates
        .iter()
        .map(|u| fresh.apply_remote(DocName::Draft, u, 7 << 32).map(|_| "applied").unwrap_or_else(|e| e.code()))
        .collect();
    assert!(codes.contains(&"sync.out_of_order"), "{codes:?}");
    let state = fresh.encode_state(DocName::Draft);
    let decoded = yrs::Update::decode_v1(&state).expect("decodes");
    let scratch = yrs::Doc::new();
    scratch.transact_mut().apply_update(decoded).expect("applies");
    assert!(scratch.transact().store().pending_update().is_none(), "nothing was held pending");

    // In order, the same client's changes are taken: from clock 0, then what follows.
    let first = hex("0101ff01000101002400"); // clocks 0..36
    assert!(w.apply_remote(DocName::Notes, &first, 7 << 32).expect("in order").is_some());
    assert!(w.apply_remote(DocName::Notes, late, 7 << 32).expect("now in order").is_some());
}
