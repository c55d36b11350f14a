//! Milestones belong to the workshop (issue #14 §2): frozen in the roster by the chair or the Secretariat, so every member lists them and compares since them, offline too; refused at every endpoint when anyone else writes one, or writes one as another, or one no draft could have made; the milestones an older build kept on one device are shared when it opens the workshop.

use caucus::bundle;
use caucus::export::{ExportOptions, Format};
use caucus::model::roster::MilestoneEntry;
use caucus::model::DocName;
use caucus::store::MilestoneRecord;
use caucus::sync::relay::{Relay, RelayOptions};
use caucus::{Coded, Workshop};
use yrs::updates::encoder::Encode;
use yrs::{Map, ReadTxn, Transact};

use crate::rights::{fixture, forge, kenyas_device, loopback, member_device, refused, send, signed_bundle, Fixture};

const SC70: &str = "Report to SC70";

/// Everything `from`'s device holds, taken by `to`'s (a bundle: how an offline device catches up).
fn exchange(from: &Workshop, to: &caucus::Caucus) {
    bundle::import(to, &bundle::export(from, None).expect("export").bytes).expect("bundle");
}

fn last_text(w: &Workshop) -> String {
    last_of(&w.paragraphs())
}

fn last_of(paragraphs: &[caucus::model::types::NumberedParagraph]) -> String {
    paragraphs.last().expect("a paragraph").para.text()
}

/// The chair's edit after the milestone: the operative paragraph's last words replaced.
fn revise(f: &Fixture) {
    let last = f.w.paragraphs().len() - 1;
    f.w.set_text(last, "URGES Parties to act at once;").expect("the chair revises");
}

/// The changes since `name`, as Markdown (`~~deleted~~<u>inserted</u>`).
fn changes_since(w: &Workshop, name: &str) -> String {
    let options = ExportOptions { since: Some(name.to_string()), ..ExportOptions::new(Format::Md) };
    String::from_utf8(w.export(&options).expect("export since the milestone")).expect("utf-8")
}

/// A milestone record as an unmodified Yjs peer would write it into the roster.
fn milestone(id: &str, name: &str, snapshot: Vec<u8>, by: &str) -> MilestoneEntry {
    MilestoneEntry { id: id.into(), name: name.into(), snapshot, by: by.into(), created: "2026-11-27T12:00:00Z".into() }
}

fn draft_snapshot(w: &Workshop) -> Vec<u8> {
    let doc = yrs::Doc::new();
    let update = yrs::updates::decoder::Decode::decode_v1(&w.encode_state(DocName::Draft)).expect("decode");
    doc.transact_mut().apply_update(update).expect("apply");
    let snapshot = doc.transact().snapshot().encode_v1();
    snapshot
}

/// The chair freezes "Report to SC70", revises, and Kenya's device, which was never online with
/// the chair's, lists the same milestone (name, date, who) and sees the same changes since it.
#[test]
fn a_milestone_the_chair_freezes_is_every_members_after_they_sync() {
    let f = fixture(501);
    let frozen_text = last_text(&f.w);
    let made = f.w.create_milestone(SC70).expect("the chair freezes");
    assert!(made.shared && made.created_by == f.chair, "{made:?}");
    revise(&f);

    let (_dir, _kb, wk) = kenyas_device(&f, 502);
    assert_eq!(wk.milestones().expect("Kenya's list"), f.w.milestones().expect("the chair's list"));
    assert_eq!(wk.milestones().expect("list").len(), 1);
    assert_eq!(last_of(&wk.milestone_view(SC70).expect("the draft as frozen").paragraphs), frozen_text);
    let since = changes_since(&wk, SC70);
    assert_eq!(since, changes_since(&f.w, SC70), "the same changes on both devices");
    assert!(since.contains("<u>at once</u>"), "{since}");
    assert_eq!(wk.create_milestone("Kenya's own").expect_err("a delegate").code(), "rights.not_permitted");
    assert_eq!(f.w.create_milestone(&format!("  {SC70} ")).expect_err("twice").code(), "milestone.exists");
}

/// Through a real relay: the Secretariat freezes a milestone as itself; writing one as the chair,
/// a delegate's, one whose snapshot no draft could have made, renaming or deleting one — each is
/// refused whole with its code, nothing stored or forwarded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_takes_only_the_chairs_and_the_secretariats_milestones_as_their_own() {
    let f = fixture(510);
    let relay = Relay::bind(f.caucus.clone(), loopback(), RelayOptions::default()).await.expect("bind");
    let snapshot = draft_snapshot(&f.w);
    let write = |client, entry: MilestoneEntry| forge(&f.w, DocName::Roster, client, |txn, r| {
        r.roster.add_milestone(txn, &entry);
    });

    let as_chair = write(9201, milestone("ms-forged", SC70, snapshot.clone(), &f.chair));
    refused(send(&relay, &f, DocName::Roster, &f.sec, as_chair).await, "rights.not_author", "the Secretariat writing as the chair");
    let kenyas = write(9202, milestone("ms-kenya", SC70, snapshot.clone(), &f.kenya));
    refused(send(&relay, &f, DocName::Roster, &f.kenya, kenyas).await, "sync.forbidden", "a delegate's milestone");
    for (client, bytes, case) in [
        (9203, vec![1, 2, 3], "bytes that are no snapshot"),
        (9204, vec![0, 1, 42, 0], "a client with no items"),
        (9205, vec![1, 42, 1, 0, 9, 1, 42, 3], "a deletion beyond its state"),
    ] {
        let bad = write(client, milestone("ms-bad", SC70, bytes, &f.sec));
        refused(send(&relay, &f, DocName::Roster, &f.sec, bad).await, "rights.malformed", case);
    }
    let unnamed = write(9206, milestone("ms-unnamed", " ", snapshot.clone(), &f.sec));
    refused(send(&relay, &f, DocName::Roster, &f.sec, unnamed).await, "rights.malformed", "a milestone with no name");
    assert!(f.w.milestones().expect("list").is_empty(), "nothing refused was taken");

    let honest = write(9207, milestone("ms-sec", SC70, snapshot, &f.sec));
    send(&relay, &f, DocName::Roster, &f.sec, honest).await.expect("the Secretariat's milestone");
    let listed = f.w.milestones().expect("list");
    assert_eq!((listed.len(), listed[0].created_by.as_str()), (1, f.sec.as_str()));
    assert!(changes_since(&f.w, SC70).contains("URGES"), "the relay's device compares since it");

    let renamed = forge(&f.w, DocName::Roster, 9208, |txn, r| {
        let Some(yrs::Out::YMap(m)) = r.roster.milestones.get(txn, "ms-sec") else { panic!("the milestone") };
        m.insert(txn, "name", "Report to SC69");
    });
    refused(send(&relay, &f, DocName::Roster, &f.sec, renamed).await, "rights.record_changed", "renaming a milestone");
    let deleted = forge(&f.w, DocName::Roster, 9209, |txn, r| {
        r.roster.milestones.remove(txn, "ms-sec");
    });
    refused(send(&relay, &f, DocName::Roster, &f.chair, deleted).await, "rights.record_deleted", "deleting a milestone");
    assert_eq!(f.w.milestones().expect("list").len(), 1);
}

/// A bundle from the Secretariat's device carrying a milestone written as the chair is refused
/// whole; the same milestone as the Secretariat's is taken.
#[test]
fn a_bundle_carries_a_milestone_only_as_its_writers() {
    let f = fixture(520);
    let (_dir, sb, ws) = member_device(&f, &f.sec, 521);
    let snapshot = draft_snapshot(&f.w);
    let forged = forge(&ws, DocName::Roster, 9301, |txn, r| {
        r.roster.add_milestone(txn, &milestone("ms-forged", SC70, snapshot.clone(), &f.chair));
    });
    let e = bundle::import(&f.caucus, &signed_bundle(&sb, &ws, DocName::Roster, forged)).expect_err("as the chair");
    assert_eq!(e.code(), "rights.not_author", "{e}");
    assert!(f.w.milestones().expect("list").is_empty());
    ws.create_milestone(SC70).expect("the Secretariat freezes");
    exchange(&ws, &f.caucus);
    assert_eq!(f.w.milestones().expect("list")[0].created_by, f.sec);
}

/// The chair and the Secretariat, apart, each freeze "Report to SC70": after they sync, both
/// devices list the two alike, the later one as "Report to SC70 (2)", and compare since each.
#[test]
fn two_milestones_frozen_under_one_name_apart_are_listed_alike_on_every_device() {
    let f = fixture(530);
    let (_dir, sb, ws) = member_device(&f, &f.sec, 531);
    f.w.create_milestone(SC70).expect("the chair's");
    revise(&f);
    ws.create_milestone(SC70).expect("the Secretariat's");
    exchange(&ws, &f.caucus);
    exchange(&f.w, &sb);
    let chairs = f.w.milestones().expect("list");
    assert_eq!(chairs, ws.milestones().expect("list"));
    let names: Vec<&str> = chairs.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, [SC70, "Report to SC70 (2)"]);
    for m in &chairs {
        assert_eq!(changes_since(&f.w, &m.name), changes_since(&ws, &m.name), "{}", m.name);
    }
}

/// Kenya's device gets the roster before the draft: it lists the milestone, says it lacks the
/// text to show it (`milestone.incomplete`), and shows it once the draft arrives.
#[test]
fn a_device_that_lacks_the_text_a_milestone_froze_says_so_until_it_has_it() {
    let f = fixture(540);
    let (_dir, kb, wk) = kenyas_device(&f, 541);
    revise(&f);
    f.w.create_milestone(SC70).expect("freeze");
    let roster_only = signed_bundle(&f.caucus, &f.w, DocName::Roster, f.w.encode_state(DocName::Roster));
    bundle::import(&kb, &roster_only).expect("the roster");
    assert_eq!(wk.milestones().expect("list").len(), 1);
    let e = wk.milestone_view(SC70).expect_err("the draft is behind");
    assert_eq!(e.code(), "milestone.incomplete", "{e}");
    assert!(e.to_string().contains("sync"), "{e}");
    exchange(&f.w, &kb);
    assert_eq!(last_of(&wk.milestone_view(SC70).expect("now").paragraphs), "URGES Parties to act at once;");
}

/// A chair's device kept "Report to SC69" in its store only (an older build): opening the
/// workshop shares it (same name, date and author), and a member's device then lists it and
/// compares since it. A device milestone someone else froze stays listed on that device only.
#[test]
fn milestones_an_older_build_kept_on_one_device_are_shared_when_it_opens_the_workshop() {
    let dir = crate::support::tempdir();
    let id;
    let frozen_text;
    {
        let caucus = crate::support::device(dir.path(), 550);
        let w = crate::support::new_workshop(&caucus, "Wildlife cybercrime");
        w.add_paragraph(None, caucus::NewParagraph::new(caucus::ParaKind::Operative, "URGES Parties to act without delay;")).expect("edit");
        id = w.id().to_string();
        frozen_text = last_text(&w);
        let (snapshot, state) = {
            let doc = yrs::Doc::with_options(yrs::Options { skip_gc: true, ..yrs::Options::default() });
            let update = yrs::updates::decoder::Decode::decode_v1(&w.encode_state(DocName::Draft)).expect("decode");
            doc.transact_mut().apply_update(update).expect("apply");
            let txn = doc.transact();
            (txn.snapshot().encode_v1(), txn.encode_state_as_update_v1(&yrs::StateVector::default()))
        };
        let legacy = |name: &str, by: &str| MilestoneRecord {
            workshop: id.clone(),
            name: name.into(),
            created: "2026-10-01T09:00:00Z".into(),
            created_by: by.into(),
            snapshot: snapshot.clone(),
            state: state.clone(),
        };
        caucus.store().put_milestone(legacy("Report to SC69", &w.me().expect("me"))).wait().expect("legacy");
        caucus.store().put_milestone(legacy("Bureau draft", "m-former-chair")).wait().expect("legacy");
        let last = w.paragraphs().len() - 1;
        w.set_text(last, "URGES Parties to act at once;").expect("revise");
        assert!(w.milestones().expect("list").iter().all(|m| !m.shared), "not shared while open");
    }
    let caucus = crate::support::device(dir.path(), 551);
    let w = caucus.open_workshop(&id).expect("reopen");
    let listed = w.milestones().expect("list");
    let shared: Vec<(&str, bool, &str)> = listed.iter().map(|m| (m.name.as_str(), m.shared, m.created.as_str())).collect();
    assert_eq!(shared, [("Report to SC69", true, "2026-10-01T09:00:00Z"), ("Bureau draft", false, "2026-10-01T09:00:00Z")]);
    assert!(changes_since(&w, "Bureau draft").contains("<u>at once</u>"), "a device milestone still compares");

    let other = crate::support::tempdir();
    let member = crate::support::device(other.path(), 552);
    bundle::import_with(&member, &bundle::export(&w, None).expect("export").bytes, bundle::ImportOptions { adopt: true }).expect("adopt");
    let wm = member.open_exact(&id).expect("open");
    let theirs: Vec<String> = wm.milestones().expect("list").into_iter().map(|m| m.name).collect();
    assert_eq!(theirs, ["Report to SC69"]);
    assert_eq!(last_of(&wm.milestone_view("Report to SC69").expect("as frozen").paragraphs), frozen_text);
    assert_eq!(changes_since(&wm, "Report to SC69"), changes_since(&w, "Report to SC69"));
    drop((w, caucus));
    let again = crate::support::device(dir.path(), 553).open_workshop(&id).expect("reopen again").milestones().expect("list");
    assert_eq!(again.len(), 2, "sharing is done once: {again:?}");
}

/// Unmodified npm yjs + y-websocket clients with the Secretariat's invitation
/// (`tests/node/milestones.mjs`) snapshot the draft as Yjs does and write a milestone: as the
/// chair it closes the connection with 4403 `rights.not_author`; as the Secretariat it is
/// forwarded, and every device rebuilds the draft from the Yjs snapshot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_yjs_clients_freeze_a_milestone_only_as_themselves() {
    crate::sync::ensure_node_modules();
    let f = fixture(560);
    let frozen_text = last_text(&f.w);
    let relay = Relay::bind(f.caucus.clone(), loopback(), RelayOptions::default()).await.expect("bind");
    let config = serde_json::json!({
        "url": relay.url(),
        "workshop": f.w.id(),
        "tokens": { "chair": f.token(&f.chair), "sec": f.token(&f.sec) },
        "ids": { "chair": f.chair, "sec": f.sec },
    });
    let lines = crate::rights::node_clients("milestones.mjs", &config).await;
    let outcome = |case: &str| lines.iter().find(|l| l["case"] == case).cloned().unwrap_or_else(|| panic!("{case}: {lines:?}"));
    let forged = outcome("as the chair");
    assert_eq!((forged["outcome"].as_str(), forged["code"].as_u64()), (Some("closed"), Some(u64::from(caucus::sync::close::FORBIDDEN))), "{forged}");
    assert!(forged["reason"].as_str().unwrap_or_default().starts_with("rights.not_author"), "{forged}");
    assert_eq!(outcome("as itself")["outcome"], "forwarded");
    let listed = f.w.milestones().expect("list");
    assert_eq!(listed.iter().map(|m| m.created_by.as_str()).collect::<Vec<_>>(), [f.sec.as_str()]);
    revise(&f);
    assert_eq!(last_of(&f.w.milestone_view(SC70).expect("rebuilt from the Yjs snapshot").paragraphs), frozen_text);
    assert!(changes_since(&f.w, SC70).contains("<u>at once</u>"));
    relay.stop().await;
}
