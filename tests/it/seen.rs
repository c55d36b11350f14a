//! "Since I last looked" (issue #14 §5): each device remembers what its member last saw; after a sync the member sees exactly what others changed — paragraphs by delegation, new threads and replies — never their own changes, until they mark it seen; remembered across reopening the store, and a stored value that cannot be read is a fresh first look, never a panic.

use caucus::bundle;
use caucus::workshop::{SeenPart, SinceSeen};
use caucus::{Caucus, Workshop};

use crate::rights::{fixture, kenyas_device, member_device, Fixture};
use crate::support::device;

/// Everything `from`'s device holds, taken by `to`'s (a bundle: how an offline device catches up).
fn exchange(from: &Workshop, to: &Caucus) {
    bundle::import(to, &bundle::export(from, None).expect("export").bytes).expect("bundle");
}

fn para_id(w: &Workshop, at: usize) -> String {
    w.paragraphs().get(at).expect("a paragraph").para.id.clone()
}

/// (paragraph id, delegations) of each paragraph listed as changed.
fn changed(s: &SinceSeen) -> Vec<(String, Vec<String>)> {
    s.paragraphs.iter().map(|p| (p.para_id.clone(), p.delegations.clone())).collect()
}

struct Scene {
    f: Fixture,
    kenya: (tempfile::TempDir, Caucus, Workshop),
    _peru: (tempfile::TempDir, Caucus, Workshop),
    /// The paragraphs Kenya, Peru and the chair each edited.
    by_kenya: String,
    by_peru: String,
    by_chair: String,
    /// The thread Kenya started after the chair last looked.
    kenyas_new_thread: String,
    kenyas_reply: String,
}

/// The chair's device (A) looks once; then Kenya edits a paragraph, starts a thread and replies
/// to the chair's, Peru edits another, the chair edits a third; the chair's device takes
/// Kenya's and Peru's bundles.
fn scene(seed: u64) -> Scene {
    let f = fixture(seed);
    for text in ["NOTES the report of the Secretariat;", "ENCOURAGES Parties to share data;", "INVITES donors to fund training;"] {
        f.w.add_paragraph(None, caucus::NewParagraph::new(caucus::ParaKind::Operative, text)).expect("a paragraph");
    }
    let first = f.w.since_seen().expect("the chair's first look");
    assert!(first.first_look && first.count() == 0, "a first look lists nothing: {first:?}");
    let kenya = kenyas_device(&f, seed + 1);
    let peru = member_device(&f, &f.peru, seed + 2);
    let n = f.w.paragraphs().len();
    let (k, p, c) = (n - 3, n - 2, n - 1);
    kenya.2.set_text(k, "NOTES with appreciation the report of the Secretariat;").expect("Kenya edits");
    let kenyas_new_thread = kenya.2.add_comment("share data", "Which data?", None, None).expect("Kenya comments").id;
    let kenyas_reply = kenya.2.reply(&f.chairs_thread, "Kenya agrees.", None).expect("Kenya replies").replies.last().expect("a reply").id.clone();
    peru.2.set_text(p, "ENCOURAGES Parties to share data and samples;").expect("Peru edits");
    f.w.set_text(c, "INVITES donors to fund training and equipment;").expect("the chair edits");
    exchange(&kenya.2, &f.caucus);
    exchange(&peru.2, &f.caucus);
    let (by_kenya, by_peru, by_chair) = (para_id(&f.w, k), para_id(&f.w, p), para_id(&f.w, c));
    Scene { f, kenya, _peru: peru, by_kenya, by_peru, by_chair, kenyas_new_thread, kenyas_reply }
}

#[test]
fn a_member_sees_exactly_what_others_changed_by_delegation_and_their_new_comments() {
    let s = scene(901);
    let seen = s.f.w.since_seen().expect("since seen");
    assert!(!seen.first_look);
    assert_eq!(changed(&seen), vec![(s.by_kenya.clone(), vec!["Kenya".to_string()]), (s.by_peru.clone(), vec!["Peru".to_string()])]);
    assert!(!seen.paragraphs.iter().any(|p| p.para_id == s.by_chair), "the chair's own edit is not listed");
    let new_thread = seen.threads.iter().find(|t| t.thread_id == s.kenyas_new_thread).expect("Kenya's new thread");
    assert!(new_thread.new_thread && new_thread.replies.is_empty() && new_thread.delegations == ["Kenya"], "{new_thread:?}");
    let replied = seen.threads.iter().find(|t| t.thread_id == s.f.chairs_thread).expect("the chair's thread, replied to");
    assert!(!replied.new_thread && replied.replies == [s.kenyas_reply.clone()] && replied.delegations == ["Kenya"], "{replied:?}");
    assert_eq!(seen.threads.len(), 2, "the threads seen before are not new: {seen:?}");
    assert_eq!(seen.count(), 4);

    // Kenya's device: the first look there lists nothing, whatever it holds.
    let on_kenyas = s.kenya.2.since_seen().expect("Kenya's first look");
    assert!(on_kenyas.first_look && on_kenyas.count() == 0, "{on_kenyas:?}");
}

#[test]
fn marking_seen_clears_what_it_covers_and_is_remembered_after_reopening_the_store() {
    let s = scene(910);
    let w = &s.f.w;
    let left = w.mark_seen(SeenPart::Thread(s.kenyas_new_thread.clone())).expect("Kenya's thread opened");
    assert!(!left.threads.iter().any(|t| t.thread_id == s.kenyas_new_thread) && left.count() == 3, "{left:?}");
    let left = w.mark_seen(SeenPart::Draft).expect("the draft seen");
    assert!(left.paragraphs.is_empty() && left.count() == 1, "{left:?}");
    let left = w.mark_seen(SeenPart::Notes).expect("the notes seen");
    assert_eq!(left.count(), 0, "{left:?}");

    // Kenya edits again and replies; the chair's device reopens its store before it syncs.
    s.kenya.2.set_text(s.kenya.2.paragraphs().len() - 1, "INVITES donors to fund training now;").expect("Kenya edits");
    s.kenya.2.reply(&s.kenyas_new_thread, "And samples.", None).expect("Kenya replies");
    let Fixture { _dir: dir, caucus, w, .. } = s.f;
    let id = w.id().to_string();
    drop(w);
    drop(caucus);
    let again = device(dir.path(), 911);
    let w = again.open_exact(&id).expect("reopen");
    let after = w.since_seen().expect("since seen after reopening");
    assert!(!after.first_look && after.count() == 0, "{after:?}");
    exchange(&s.kenya.2, &again);
    let after = w.since_seen().expect("since seen after the sync");
    assert_eq!(changed(&after), vec![(s.by_chair.clone(), vec!["Kenya".to_string()])], "Kenya's edit of the chair's paragraph");
    assert_eq!(after.threads.len(), 1);
    assert_eq!(w.mark_seen(SeenPart::All).expect("mark all").count(), 0);
    assert_eq!(w.since_seen().expect("since seen").count(), 0);
}

#[test]
fn a_stored_value_that_cannot_be_read_is_a_fresh_first_look() {
    let s = scene(920);
    let (w, store) = (&s.f.w, s.f.caucus.store());
    let key = format!("seen:{}:{}", w.id(), s.f.chair);
    assert!(store.setting(&key).expect("setting").is_some(), "kept under {key}");
    let not_a_snapshot = r#"{"v":1,"draft":"ffff","draft_at":"2026-11-27T12:00:00Z","notes":[]}"#;
    let not_hex = r#"{"v":1,"draft":"zz","draft_at":"2026-11-27T12:00:00Z","notes":[]}"#;
    let newer = r#"{"v":2,"draft":"","draft_at":"","notes":[]}"#;
    for bad in ["", "not json", "{}", "[1,2]", not_a_snapshot, not_hex, newer] {
        store.put_setting(&key, bad).wait().expect("a damaged value");
        let seen = w.since_seen().expect("read anyway");
        assert!(seen.first_look && seen.count() == 0, "{bad:?}: {seen:?}");
        assert_eq!(w.since_seen().expect("again").count(), 0, "{bad:?}: recorded afresh");
    }
    store.put_setting(&key, not_a_snapshot).wait().expect("a damaged value");
    assert_eq!(w.mark_seen(SeenPart::Thread(s.kenyas_new_thread.clone())).expect("mark one thread").count(), 0);
    s.kenya.2.set_text(0, "WILDLIFE CYBERCRIME AND TRADE").expect("Kenya edits the title");
    exchange(&s.kenya.2, &s.f.caucus);
    assert_eq!(changed(&w.since_seen().expect("since seen")), vec![(para_id(w, 0), vec!["Kenya".to_string()])]);
}

/// `caucus seen` lists what is new and `--mark` clears it, from the device's store.
#[test]
fn the_command_line_lists_what_is_new_and_marks_it_seen() {
    let s = scene(930);
    let Scene { f, by_kenya, .. } = s;
    let Fixture { _dir: dir, caucus, w, .. } = f;
    let id = w.id().to_string();
    drop(w);
    drop(caucus);
    let listed: serde_json::Value = serde_json::from_str(&crate::cli::ok(dir.path(), &["seen", &id, "--json"])).expect("json");
    assert_eq!(listed["count"], 4, "{listed}");
    assert_eq!(listed["paragraphs"][0]["para_id"], by_kenya.as_str());
    assert_eq!(listed["paragraphs"][0]["delegations"][0], "Kenya");
    let text = crate::cli::ok(dir.path(), &["seen", &id]);
    assert!(text.starts_with("4 new since you last looked") && text.contains("changed by Kenya") && text.contains("changed by Peru"), "{text}");
    crate::cli::ok(dir.path(), &["seen", &id, "--mark"]);
    assert!(crate::cli::ok(dir.path(), &["seen", &id]).starts_with("nothing new"));
}

/// A member who looked before their device held any of the draft (Kenya, just joined, not yet
/// synced) is not flooded with the whole draft once it arrives: that look is taken again.
#[test]
fn a_look_taken_before_the_device_held_the_draft_is_taken_again() {
    let s = scene(940);
    let (w, store) = (&s.kenya.2, s.kenya.1.store());
    w.mark_seen(SeenPart::All).expect("a first look");
    let key = format!("seen:{}:{}", w.id(), s.f.kenya);
    let mut value: serde_json::Value = serde_json::from_str(&store.setting(&key).expect("setting").expect("kept")).expect("json");
    // A v1 snapshot of an empty document (no deletions, no clients), and no comment seen.
    value["draft"] = "0000".into();
    value["notes"] = serde_json::json!([]);
    store.put_setting(&key, &value.to_string()).wait().expect("as a newcomer's");
    let seen = w.since_seen().expect("since seen");
    assert!(seen.paragraphs.is_empty() && seen.count() == 0, "{seen:?}");
}
