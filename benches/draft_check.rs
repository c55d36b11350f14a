//! The draft rules' cost per keystroke (issues #16, #17): a delegate's one-character update to a 100,000-character draft with history, checked on the draft's shadow and applied, against the same keystrokes applied without the check (the path before the shadow existed).
//!
//! Run with `cargo bench --bench draft_check` (or `--profile dev` for a quick number: yrs is
//! built at opt-level 2 in that profile too). `CAUCUS_BENCH_KEYS`: keystrokes per phase
//! (default 2,000). Results: BENCHMARKS.md, "Draft rules per keystroke".

use std::time::{Duration, Instant};

use caucus::host::{Host, SeededEntropy, SystemClock};
use caucus::model::roster::{Group, Role};
use caucus::model::DocName;
use caucus::policy::claims::Claimant;
use caucus::workshop::{NewMember, NewWorkshop};
use caucus::{Caucus, NewParagraph, ParaKind, Workshop};
use yrs::updates::decoder::Decode;
use yrs::{GetString, Text, Transact, Update, XmlFragment};

/// The origin the keystrokes are committed under (a peer's session).
const PEER: caucus::workshop::Origin = 42;

fn host(seed: u64) -> Host {
    Host { clock: Box::new(SystemClock), entropy: Box::new(SeededEntropy::new(seed)) }
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// A workshop whose last paragraph grew to `chars` characters through 10-character inserts at
/// random places and a deletion every fifth edit (history kept: the draft never garbage-collects).
fn big_draft(caucus: &Caucus, chars: usize) -> (Workshop, usize) {
    let ws = caucus.create(&NewWorkshop::titled("Keystroke bench")).expect("create");
    ws.add_paragraph(None, NewParagraph::new(ParaKind::Text, "")).expect("paragraph");
    let index = ws.paragraphs().len() - 1;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut len = 0usize;
    let mut pending = Vec::new();
    let mut i = 0;
    while len < chars {
        let p = ws
            .transact_pipelined(DocName::Draft, |txn, draft| {
                let Some(yrs::XmlOut::Element(el)) = draft.body.get(txn, index as u32) else { return };
                let Some(yrs::XmlOut::Text(text)) = XmlFragment::get(&el, txn, 0) else { return };
                let at = if len == 0 { 0 } else { (rng.next() as usize) % len };
                if i % 5 == 4 && len > 20 {
                    text.remove_range(txn, at.min(len - 5) as u32, 5);
                    len -= 5;
                } else {
                    text.insert(txn, at as u32, "abcdefghij");
                    len += 10;
                }
            })
            .expect("write");
        pending.extend(p);
        i += 1;
    }
    for p in pending {
        p.wait().expect("save");
    }
    (ws, index)
}

/// A peer's copy of the draft (Yjs client `client`) that types one character at a time.
struct Peer {
    doc: yrs::Doc,
    body: yrs::XmlFragmentRef,
    index: u32,
    rng: Rng,
}

impl Peer {
    fn new(ws: &Workshop, client: u64, index: usize) -> Peer {
        let doc = yrs::Doc::with_client_id(client);
        let body = doc.get_or_insert_xml_fragment("body");
        doc.transact_mut().apply_update(Update::decode_v1(&ws.encode_state(DocName::Draft)).expect("decode")).expect("apply");
        Peer { doc, body, index: index as u32, rng: Rng(client) }
    }

    fn keystroke(&mut self) -> Vec<u8> {
        let mut txn = self.doc.transact_mut();
        let Some(yrs::XmlOut::Element(el)) = self.body.get(&txn, self.index) else { panic!("the paragraph") };
        let Some(yrs::XmlOut::Text(text)) = XmlFragment::get(&el, &txn, 0) else { panic!("its text") };
        let len = text.get_string(&txn).len() as u64;
        let at = (self.rng.next() % len.max(1)) as u32;
        text.insert(&mut txn, at, "k");
        txn.encode_update_v1()
    }
}

fn percentile(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).map(|d| d.as_secs_f64() * 1e6).unwrap_or(f64::NAN)
}

fn report(name: &str, v: &mut [Duration]) {
    println!("  {name:<44} p50 {:>8.1} µs   p95 {:>8.1} µs", percentile(v, 0.5), percentile(v, 0.95));
}

fn main() {
    let keys: usize = std::env::var("CAUCUS_BENCH_KEYS").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let caucus = Caucus::open_with(dir.path(), host(7)).expect("open");
    let started = Instant::now();
    let (ws, index) = big_draft(&caucus, 100_000);
    let kenya = ws
        .add_member(NewMember { name: "Delegate of Kenya".into(), delegation: "Kenya".into(), role: Role::Delegate, group: Group::Expert })
        .expect("member")
        .id;
    let state = ws.encode_state(DocName::Draft);
    println!("draft: 100,000 characters with history, {} bytes encoded (built in {:.1} s)", state.len(), started.elapsed().as_secs_f64());
    let claimant = Claimant::member(kenya, Role::Delegate);

    // Before: the keystroke applied without the draft's shadow (never built, so nothing follows).
    let mut peer = Peer::new(&ws, 7001, index);
    let mut apply_before = Vec::with_capacity(keys);
    let mut check_before = Vec::with_capacity(keys);
    let kenya_id = match &claimant {
        Claimant::Member { id, .. } => id.clone(),
        Claimant::Anyone => String::new(),
    };
    for _ in 0..keys {
        let update = peer.keystroke();
        // The check before the shadow: the update's own client ids against the claims.
        let t = Instant::now();
        caucus::policy::inspect::check_draft_clients(&ws, &[&update], &kenya_id, None).expect("accepted");
        check_before.push(t.elapsed());
        let t = Instant::now();
        let queued = ws.apply_remote_queued(DocName::Draft, &update, PEER).expect("apply");
        apply_before.push(t.elapsed());
        queued.wait().expect("save");
    }

    // After: checked on the shadow (built by the first check), then applied (the shadow follows).
    let mut peer = Peer::new(&ws, 7002, index);
    let first = peer.keystroke();
    let t = Instant::now();
    caucus::policy::check(&ws, DocName::Draft, &[&first], &claimant).expect("the first keystroke is accepted");
    let build = t.elapsed();
    ws.apply_remote(DocName::Draft, &first, PEER).expect("apply");
    let (mut check, mut shadow, mut apply_after) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..keys {
        let update = peer.keystroke();
        let t = Instant::now();
        caucus::policy::check(&ws, DocName::Draft, &[&update], &claimant).expect("accepted");
        check.push(t.elapsed());
        let queued = ws.apply_remote_queued(DocName::Draft, &update, PEER).expect("apply");
        apply_after.push(t.elapsed() - check.last().copied().unwrap_or_default());
        queued.wait().expect("save");
        // The shadow part alone, on an update the shadow already holds (what a duplicate costs).
        let t = Instant::now();
        caucus::policy::inspect::check_draft(&ws, &[&update], &claimant).expect("accepted");
        shadow.push(t.elapsed());
    }
    // A refusal drops the shadow; the next check rebuilds it.
    let bad = {
        let meta = peer.doc.get_or_insert_map("meta");
        let mut txn = peer.doc.transact_mut();
        yrs::Map::insert(&meta, &mut txn, "title", "Kenya's resolution");
        txn.encode_update_v1()
    };
    let t = Instant::now();
    let refused = caucus::policy::check(&ws, DocName::Draft, &[&bad], &claimant).is_err();
    let refusal = t.elapsed();
    let mut fresh = Peer::new(&ws, 7003, index);
    let next = fresh.keystroke();
    let t = Instant::now();
    caucus::policy::check(&ws, DocName::Draft, &[&next], &claimant).expect("accepted");
    let rebuild = t.elapsed();

    println!("{keys} keystrokes per phase, a delegate's one-character updates at random places:");
    report("before: check (claims)", &mut check_before);
    report("before: apply (in memory, save queued)", &mut apply_before);
    report("after: check (claims + shadow)", &mut check);
    report("after: apply (in memory; the shadow follows)", &mut apply_after);
    report("  of the check: the shadow part (duplicate)", &mut shadow);
    println!("  first check (builds the shadow)              {:>8.1} ms", build.as_secs_f64() * 1e3);
    println!("  a refused update (refused: {refused})            {:>8.1} ms", refusal.as_secs_f64() * 1e3);
    println!("  the next check (rebuilds the shadow)          {:>8.1} ms", rebuild.as_secs_f64() * 1e3);
}
