//! Shared test set-up: a device with a fixed clock and seeded randomness in a temporary directory.

use std::path::Path;

use caucus::host::{FixedClock, Host, SeededEntropy};
use caucus::workshop::NewWorkshop;
use caucus::model::numbering::number;
use caucus::{BracketInfo, BracketStatus, Caucus, DraftMeta, DraftView, ImportedDraft, Paragraph, Workshop};
use chrono::TimeZone;

pub const FIXTURE_PATH: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cop17-com2-draft-decisions-wildlife-cybercrime.txt");

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

/// The view the app would show right after importing: ids `p1`, `p2` …, computed numbers, and
/// every local bracket id in the brackets map.
pub fn view_of(draft: &ImportedDraft, holders: &[&str]) -> DraftView {
    let paragraphs: Vec<Paragraph> = draft
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| Paragraph {
            id: format!("p{}", i + 1),
            kind: p.kind,
            level: p.level,
            label: p.label.clone(),
            spans: p.spans.clone(),
        })
        .collect();
    let brackets = paragraphs
        .iter()
        .flat_map(|p| &p.spans)
        .filter_map(|s| s.marks.bracket.clone())
        .map(|id| {
            (id, BracketInfo { status: BracketStatus::Open, holders: holders.iter().map(|h| h.to_string()).collect(), ..Default::default() })
        })
        .collect();
    DraftView {
        meta: DraftMeta {
            title: draft.title.clone().unwrap_or_default(),
            symbol: draft.symbol.clone().unwrap_or_default(),
            meeting: draft.meeting.clone().unwrap_or_default(),
            kind: draft.kind,
            language: "English".to_string(),
        },
        paragraphs: number(paragraphs),
        brackets,
    }
}

/// The view right after importing `text`, every bracket open and held by Borealia.
pub fn imported_view(text: &str) -> DraftView {
    let draft = caucus::import::import_text(text.as_bytes()).unwrap_or_else(|e| panic!("import failed: {e}"));
    view_of(&draft, &["Borealia"])
}

/// Writes to a document of `w` directly, past the operations' rule checks (as a hostile or
/// buggy peer would), saved before it returns: for tests of what endpoints accept from peers.
pub fn raw_write(w: &caucus::Workshop, doc: caucus::DocName, f: impl FnOnce(&mut yrs::TransactionMut)) {
    let pending = w.transact_pipelined(doc, |txn, _| f(txn)).expect("raw write");
    if let Some(p) = pending {
        p.wait().expect("raw write saved");
    }
}

/// The roster's root handles inside a transaction (they exist in every loaded roster).
pub fn roster_in(txn: &yrs::TransactionMut) -> caucus::model::roster::Roster {
    use yrs::ReadTxn as _;
    caucus::model::roster::Roster {
        members: txn.get_map("members").expect("members"),
        revocations: txn.get_map("revocations").expect("revocations"),
        workshop: txn.get_map("workshop").expect("workshop"),
        stages: txn.get_map("stages").expect("stages"),
        milestones: txn.get_map("milestones").expect("milestones"),
    }
}

/// A v1 update with something new for any document: one key in a root map of a fresh client.
pub fn news(client: u64) -> Vec<u8> {
    use yrs::{Map, ReadTxn, Transact};
    let doc = yrs::Doc::with_client_id(client);
    let map = doc.get_or_insert_map("probe");
    let mut txn = doc.transact_mut();
    map.insert(&mut txn, format!("k{client}"), "v");
    drop(txn);
    let update = doc.transact().encode_state_as_update_v1(&yrs::StateVector::default());
    update
}

/// On `chair`'s device, through the command line: adds Ana, the delegate of Kenya, to workshop
/// `id` and returns her member id.
pub fn cli_add_delegate(chair: &Path, id: &str) -> String {
    crate::sync::caucus_ok(chair, &["member", "add", id, "--name", "Ana", "--delegation", "Kenya", "--role", "delegate", "--group", "producer-country"])
        .trim()
        .to_string()
}

/// On `chair`'s device, through the command line: a workshop with one operative paragraph
/// ("URGES Parties to act;") and Ana, the delegate of Kenya: (workshop id, her member id).
pub fn cli_workshop_with_delegate(chair: &Path) -> (String, String) {
    let id = crate::sync::caucus_ok(chair, &["new", "--title", "Wildlife cybercrime"]).trim().to_string();
    crate::sync::caucus_ok(chair, &["para", "add", &id, "--kind", "operative", "--text", "URGES Parties to act;"]);
    let delegate = cli_add_delegate(chair, &id);
    (id, delegate)
}
