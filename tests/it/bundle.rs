//! Offline bundles (issue #3 item 6): two devices exchange edits by signed files both ways; replays, truncations, flipped bytes, foreign and forbidden bundles change nothing.

use std::path::Path;
use std::process::{Command, Output};

use caucus::Coded;
use caucus::bundle::{self, Bundle, BundleError, ImportOptions, SinceState};
use caucus::model::roster::{Group, Role};
use caucus::store::IdentityRecord;
use caucus::workshop::NewMember;
use caucus::{Caucus, DocName, NewParagraph, ParaKind, Workshop};

use crate::support::{device, new_workshop, outline, tempdir};

const ADOPT: ImportOptions = ImportOptions { adopt: true };

fn states(w: &Workshop) -> Vec<Vec<u8>> {
    DocName::ALL.iter().map(|d| w.encode_state(*d)).collect()
}

fn para(text: &str) -> NewParagraph {
    NewParagraph::new(ParaKind::Operative, text)
}

/// The chair's device with a delegate and an observer, and a second device set up from a full
/// bundle of the first, acting as the delegate.
struct Pair {
    _dirs: (tempfile::TempDir, tempfile::TempDir),
    a: Caucus,
    wa: Workshop,
    b: Caucus,
    wb: Workshop,
    delegate: String,
    observer: String,
}

fn pair() -> Pair {
    let (da, db) = (tempdir(), tempdir());
    let a = device(da.path(), 11);
    let wa = new_workshop(&a, "Bundles");
    wa.add_paragraph(None, para("URGES Parties to act;")).expect("edit");
    let member = |name: &str, role| NewMember { name: name.into(), delegation: name.into(), role, group: Group::ProducerCountry };
    let delegate = wa.add_member(member("Kenya", Role::Delegate)).expect("delegate").id;
    let observer = wa.add_member(member("TRAFFIC", Role::Observer)).expect("observer").id;
    let full = bundle::export(&wa, None).expect("export");

    let b = device(db.path(), 22);
    assert_eq!(bundle::import(&b, &full.bytes).expect_err("no adopt").code(), "bundle.foreign_workshop");
    let report = bundle::import_with(&b, &full.bytes, ADOPT).expect("adopt from the chair's bundle");
    assert!(report.adopted);
    b.store()
        .put_identity(&IdentityRecord {
            workshop: wa.id().to_string(),
            member: delegate.clone(),
            public_key: Vec::new(),
            secret_key: None,
        })
        .wait()
        .expect("identity");
    let wb = b.open_exact(wa.id()).expect("open");
    assert_eq!(outline(&wb), outline(&wa));
    assert_eq!(b.list().expect("list")[0].title, "Bundles");
    Pair { _dirs: (da, db), a, wa, b, wb, delegate, observer }
}

#[test]
fn two_devices_exchange_edits_both_ways_incrementally_and_replays_change_nothing() {
    let p = pair();
    let first = bundle::export(&p.wa, None).expect("export");

    // The delegate edits offline and sends its changes to the chair.
    p.wb.add_paragraph(None, para("INVITES Parties to report;")).expect("edit b");
    p.wb.add_comment("report", "Which deadline?", None, None).expect("comment b");
    let from_b = bundle::export(&p.wb, None).expect("export b");
    let key = p.b.store().identity(p.wb.id()).expect("read").expect("identity");
    assert_eq!(key.member, p.delegate);
    assert!(key.secret_key.is_some(), "a device key was generated at first export");
    let report = bundle::import(&p.a, &from_b.bytes).expect("import b into a");
    assert_eq!(report.changed, ["draft", "notes"]);
    assert_eq!(outline(&p.wa), outline(&p.wb));
    assert_eq!(p.wa.threads().len(), 1);

    // Replaying it changes nothing, byte for byte.
    let before = states(&p.wa);
    assert!(bundle::import(&p.a, &from_b.bytes).expect("again").changed.is_empty());
    assert_eq!(states(&p.wa), before);

    // The chair edits and sends only what is new since its first bundle.
    p.wa.set_text(1, "URGES all Parties to act;").expect("edit a");
    let since = SinceState::parse(&first.state.encode()).expect("state file");
    let incremental = bundle::export(&p.wa, Some(&since)).expect("incremental");
    let full = bundle::export(&p.wa, None).expect("full");
    assert!(incremental.bytes.len() < full.bytes.len(), "{} < {}", incremental.bytes.len(), full.bytes.len());
    let report = bundle::import(&p.b, &incremental.bytes).expect("import incremental into b");
    assert!(report.changed.contains(&"draft".to_string()));
    assert_eq!(outline(&p.wb), outline(&p.wa));
    for doc in DocName::ALL {
        assert_eq!(p.wa.state_vector(doc), p.wb.state_vector(doc), "{doc}");
    }
    let before = states(&p.wb);
    assert!(bundle::import(&p.b, &incremental.bytes).expect("again").changed.is_empty());
    assert!(bundle::import(&p.b, &full.bytes).expect("full again").changed.is_empty());
    assert_eq!(states(&p.wb), before);

    // A state file of another workshop is refused.
    let other = SinceState { workshop: "other".into(), vectors: Default::default() };
    assert_eq!(bundle::export(&p.wa, Some(&other)).err().map(|e| e.code()), Some("bundle.state_mismatch"));
}

#[test]
fn an_incremental_bundle_before_the_one_it_builds_on_is_refused_whole_then_taken_in_order() {
    let p = pair();
    let base = bundle::export(&p.wa, None).expect("base");
    p.wa.add_paragraph(None, para("INVITES Parties to report;")).expect("edit 1");
    let first = bundle::export(&p.wa, Some(&SinceState::parse(&base.state.encode()).expect("state"))).expect("first");
    // The second bundle: a roster change (in order: the delegate's device has the whole roster)
    // and a draft edit that builds on the first bundle's.
    p.wa.add_member(NewMember { name: "Japan".into(), delegation: "Japan".into(), role: Role::Delegate, group: Group::ConsumerCountry })
        .expect("a roster change");
    p.wa.add_paragraph(None, para("DIRECTS the Secretariat to act;")).expect("edit 2");
    let second = bundle::export(&p.wa, Some(&SinceState::parse(&first.state.encode()).expect("state"))).expect("second");

    // Its draft starts where the first bundle's ends: out of order, so the bundle is refused whole
    // (its roster part, in order, is not applied either) and nothing is held back.
    let before = states(&p.wb);
    let err = bundle::import(&p.b, &second.bytes).expect_err("out of order");
    assert_eq!(err.code(), "sync.out_of_order", "{err}");
    assert!(err.to_string().contains("must arrive first"), "{err}");
    assert_eq!(states(&p.wb), before);
    // In order, both are taken.
    bundle::import(&p.b, &first.bytes).expect("first");
    bundle::import(&p.b, &second.bytes).expect("second");
    assert_eq!(outline(&p.wb), outline(&p.wa));
}

#[test]
fn every_truncation_and_every_flipped_byte_is_refused_and_changes_nothing() {
    let p = pair();
    p.wb.add_paragraph(None, para("NOTES the report;")).expect("edit");
    let bytes = bundle::export(&p.wb, None).expect("export").bytes;
    let before = states(&p.wa);
    for len in 0..bytes.len() {
        let e = bundle::import(&p.a, &bytes[..len]).expect_err("truncated bundle");
        assert!(matches!(e.code(), "bundle.truncated" | "bundle.bad_magic"), "{len}: {} {e}", e.code());
    }
    let mut flipped = bytes.clone();
    for i in 0..bytes.len() {
        for mask in [0x01u8, 0xff] {
            flipped[i] ^= mask;
            let e = bundle::import(&p.a, &flipped).expect_err("altered bundle");
            assert!(e.code().starts_with("bundle."), "byte {i}: {} {e}", e.code());
            flipped[i] ^= mask;
        }
    }
    assert_eq!(states(&p.wa), before, "nothing refused was applied");
    assert_eq!(bundle::import(&p.a, b"").expect_err("empty").code(), "bundle.bad_magic");
    let mut v3 = bytes.clone();
    v3[8] = 3;
    assert_eq!(bundle::parse(&v3).expect_err("version").code(), "bundle.unsupported_version");
    // The real one still imports.
    assert_eq!(bundle::import(&p.a, &bytes).expect("intact").changed, ["draft", "notes"]);
}

#[test]
fn foreign_forbidden_unknown_and_revoked_senders_are_refused_whole() {
    let p = pair();
    let before = states(&p.wa);

    // A bundle of a workshop the chair's device does not have.
    let dc = tempdir();
    let c = device(dc.path(), 33);
    let other = new_workshop(&c, "Elsewhere");
    let foreign = bundle::export(&other, None).expect("export").bytes;
    let e = bundle::import(&p.a, &foreign).expect_err("foreign");
    assert_eq!(e.code(), "bundle.foreign_workshop", "{e}");
    assert!(e.to_string().contains(other.id()));

    // A delegate's bundle carrying a roster write (crafted: export leaves it out) is refused whole,
    // its draft edit included.
    p.wb.add_paragraph(None, para("DECIDES quietly;")).expect("draft edit");
    // (Written past the core's own rule checks, which refuse it: `add_member` as a delegate.)
    let mallory = caucus::model::roster::Member {
        id: "m-mallory".into(),
        name: "Mallory".into(),
        delegation: "X".into(),
        role: Role::Chair,
        group: Group::Ngo,
        added: "2026-11-27T12:00:00Z".into(),
        removed: None,
    };
    crate::support::raw_write(&p.wb, DocName::Roster, |txn| {
        crate::support::roster_in(txn).add(txn, &mallory).expect("local roster edit");
    });
    let (sender, key) = bundle::device_key(&p.b, p.wb.id()).expect("device key");
    let crafted = |three: [Vec<u8>; 3], sender: &str| {
        let [draft, notes, roster] = three;
        let updates = [draft, notes, roster, Vec::from([0u8, 0]), Vec::from([0u8, 0])];
        let b = Bundle {
            version: bundle::VERSION,
            workshop: p.wb.id().to_string(),
            sender: sender.to_string(),
            sender_key: key.verifying_key().to_bytes(),
            created: "2026-11-27T12:00:00Z".into(),
            updates,
        };
        bundle::encode(&b, &key)
    };
    let diff = |doc| p.wb.encode_diff(doc, &p.wa.state_vector(doc));
    let forbidden = crafted([diff(DocName::Draft), diff(DocName::Notes), diff(DocName::Roster)], &sender);
    let e = bundle::import(&p.a, &forbidden).expect_err("delegate roster write");
    assert_eq!(e.code(), "bundle.forbidden", "{e}");
    assert!(matches!(e, BundleError::Forbidden { doc: DocName::Roster, role: Role::Delegate }));

    // The same draft edit signed as the observer: observers may write notes only.
    let as_observer = crafted([diff(DocName::Draft), Vec::from([0u8, 0]), Vec::from([0u8, 0])], &p.observer);
    assert_eq!(bundle::import(&p.a, &as_observer).expect_err("observer draft").code(), "bundle.forbidden");
    // Claiming to be the chair without the chair's key.
    let chair = p.wa.me().expect("chair id");
    let as_chair = crafted([diff(DocName::Draft), diff(DocName::Notes), diff(DocName::Roster)], &chair);
    assert_eq!(bundle::import(&p.a, &as_chair).expect_err("fake chair").code(), "bundle.untrusted_key");
    let unknown = crafted([diff(DocName::Draft), Vec::from([0u8, 0]), Vec::from([0u8, 0])], "m-nobody");
    assert_eq!(bundle::import(&p.a, &unknown).expect_err("unknown").code(), "bundle.unknown_sender");
    assert_eq!(states(&p.wa), before, "nothing refused was applied");

    // The delegate's ordinary bundle (no roster) goes through; once removed, its bundles do not.
    let ordinary = bundle::export(&p.wb, None).expect("export").bytes;
    assert_eq!(bundle::import(&p.a, &ordinary).expect("ordinary").changed, ["draft", "notes"]);
    p.wa.remove_member(&p.delegate).expect("remove");
    p.wb.add_paragraph(None, para("ALSO;")).expect("edit");
    let late = bundle::export(&p.wb, None).expect("export").bytes;
    let before = states(&p.wa);
    assert_eq!(bundle::import(&p.a, &late).expect_err("revoked").code(), "bundle.revoked_sender");
    assert_eq!(states(&p.wa), before);
}

fn caucus(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caucus"))
        .args(args)
        .env("CAUCUS_DATA_DIR", dir)
        .output()
        .expect("run caucus")
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = caucus(dir, args);
    assert!(out.status.success(), "caucus {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

#[test]
fn bundles_travel_between_devices_from_the_command_line() {
    let (da, db, files) = (tempdir(), tempdir(), tempdir());
    let (a, b) = (da.path(), db.path());
    let id = ok(a, &["new", "--title", "Carried by USB"]).trim().to_string();
    ok(a, &["para", "add", &id, "--kind", "operative", "--text", "URGES Parties to act;"]);
    let full = files.path().join("full.caucus");
    let full_s = full.to_str().expect("utf-8 path");
    ok(a, &["bundle", "export", &id, "-o", full_s]);
    let state = files.path().join("full.caucus.state");
    assert!(state.exists());

    let out = caucus(b, &["--json", "bundle", "import", full_s]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bundle.foreign_workshop"));
    ok(b, &["bundle", "import", "--adopt", full_s]);
    assert_eq!(ok(b, &["show", &id]), ok(a, &["show", &id]));

    ok(a, &["para", "add", &id, "--kind", "operative", "--text", "INVITES Parties to report;"]);
    let inc = files.path().join("inc.caucus");
    let inc_s = inc.to_str().expect("utf-8 path");
    ok(a, &["bundle", "export", &id, "--since", state.to_str().expect("utf-8 path"), "-o", inc_s]);
    assert!(std::fs::metadata(&inc).expect("inc").len() < std::fs::metadata(&full).expect("full").len());
    assert!(ok(b, &["bundle", "import", inc_s]).contains("updated"));
    assert!(ok(b, &["bundle", "import", inc_s]).contains("nothing new"));
    assert_eq!(ok(b, &["show", &id]), ok(a, &["show", &id]));

    let mut bytes = std::fs::read(&inc).expect("read");
    let last = bytes.len() - 1;
    bytes[last] ^= 0x40;
    let bad = files.path().join("bad.caucus");
    std::fs::write(&bad, &bytes).expect("write");
    let out = caucus(b, &["--json", "bundle", "import", bad.to_str().expect("utf-8 path")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\"bundle.signature\""), "{err}");
    assert!(!err.contains("panicked"));
}
