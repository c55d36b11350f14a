//! The workshop's stages (issue #11 §1): set by the chair or the Secretariat and kept in the roster; enforced on a member's own changes by a real relay (raw frames and unmodified npm Yjs clients), by bundles, by the app's pipe, by the core's operations and the command line; peers partitioned across a stage change reach the same verdicts, and nothing a delegate wrote offline is lost.

use std::sync::Arc;

use caucus::bundle;
use caucus::model::roster::{Role, Stage};
use caucus::model::DocName;
use caucus::policy::claims::Claimant;
use caucus::policy::Permissions;
use caucus::sync::bridge::{pack, Bridge};
use caucus::sync::presence::Presence;
use caucus::sync::relay::{Relay, RelayOptions};
use caucus::sync::{close, protocol};
use caucus::{Coded, Workshop};
use yrs::Map;

use crate::rights::{
    draft_fixture, fixture, forge, forge_draft, good_attrs, kenyas_device, loopback, member_device, node_clients, para, refused, send,
    signed_bundle, thread, Fixture,
};

/// Everything the chair's device holds, taken by `to` (a chair's bundle: how an offline device
/// catches up).
fn catch_up(f: &Fixture, to: &caucus::Caucus) {
    bundle::import(to, &bundle::export(&f.w, None).expect("export").bytes).expect("the chair's bundle");
}

/// Kenya's draft change made on a copy of the workshop: a new operative paragraph `id`.
fn kenyas_paragraph(w: &Workshop, client: u64, id: &str) -> Vec<u8> {
    forge_draft(w, client, |txn, d| para(txn, d, "para", &good_attrs(id), "NOTING the proposal of Kenya;", None))
}

fn has_paragraph(w: &Workshop, id: &str) -> bool {
    w.paragraphs().iter().any(|p| p.para.id == id)
}

/// The chair sets each stage in turn (the Secretariat may too; a delegate may not), and on
/// Kenya's device each stage allows what the stage table says.
#[test]
fn each_stage_allows_on_a_members_device_what_the_stage_table_says() {
    let f = fixture(401);
    let (_kdir, kb, wk) = kenyas_device(&f, 402);
    let (_sdir, sb, ws) = member_device(&f, &f.sec, 403);
    assert_eq!((f.w.stage(), f.w.stage_record()), (Stage::Drafting, None), "a new workshop is in drafting");
    assert_eq!(wk.set_stage(Stage::CommentRound, None).expect_err("a delegate").code(), "rights.not_permitted");
    assert_eq!(f.w.set_stage(Stage::Revision, Some("2026-12-15")).expect_err("a deadline").code(), "input.invalid");
    assert_eq!(f.w.set_stage(Stage::CommentRound, Some("15/12/2026")).expect_err("not a date").code(), "input.bad_date");
    let round = f.w.set_stage(Stage::CommentRound, Some("2026-12-15")).expect("the chair opens the round");
    assert_eq!((round.stage, round.deadline.as_deref(), round.by.as_str()), (Stage::CommentRound, Some("2026-12-15"), f.chair.as_str()));
    assert_eq!(f.w.set_stage(Stage::CommentRound, Some("2026-12-15")).expect("again").id, round.id, "setting it again writes nothing");

    // The comment round: Kenya proposes; only the chair and the Secretariat write the draft.
    catch_up(&f, &kb);
    assert_eq!(wk.stage(), Stage::CommentRound);
    let e = wk.set_text(0, "URGES Parties to act;").expect_err("a delegate's edit");
    assert_eq!(e.code(), "rights.stage");
    assert!(e.to_string().contains("comment round"), "{e}");
    let last = wk.paragraphs().len() - 1;
    assert_eq!(wk.bracket(last, 0, 5, vec!["Kenya".into()]).expect_err("a bracket").code(), "rights.stage");
    let proposal = caucus::model::notes::Proposal { kind: caucus::model::notes::ProposalKind::Replace, text: "immediately".into() };
    let options = caucus::workshop::CommentOptions { proposal: Some(proposal), ..Default::default() };
    let kenyas = wk.add_comment_with("without delay", "Stronger.", None, None, &options).expect("Kenya proposes").id;
    f.w.set_text(last, "URGES Parties to act without any delay;").expect("the chair revises in the round");
    bundle::import(&f.caucus, &bundle::export(&wk, None).expect("export").bytes).expect("Kenya's bundle");
    catch_up(&f, &sb);
    ws.set_stage(Stage::Revision, None).expect("the Secretariat, for the chair");

    // Revision: Kenya reads and replies; the chair records outcomes.
    bundle::import(&f.caucus, &bundle::export(&ws, None).expect("export").bytes).expect("the Secretariat's bundle");
    catch_up(&f, &kb);
    assert_eq!(wk.stage(), Stage::Revision);
    assert_eq!(wk.add_comment("Parties", "One more.", None, None).expect_err("a new thread").code(), "rights.stage");
    assert_eq!(wk.support(&f.chairs_thread, None, false).expect_err("a support").code(), "rights.stage");
    wk.reply(&kenyas, "We can accept the chair's wording.", None).expect("Kenya replies");
    f.w.record_outcome(&kenyas, caucus::model::notes::OutcomeKind::AcceptedModified, "Merged.").expect("an outcome");

    // Closed: nobody writes the draft or comments, the chair included; milestones still work.
    f.w.set_stage(Stage::Closed, None).expect("closed");
    assert_eq!(f.w.set_text(0, "Changed.").expect_err("the chair's edit").code(), "rights.stage");
    assert_eq!(f.w.reply(&kenyas, "Late.", None).expect_err("the chair's reply").code(), "rights.stage");
    assert_eq!(f.w.record_outcome(&kenyas, caucus::model::notes::OutcomeKind::Noted, "").expect_err("an outcome").code(), "rights.stage");
    f.w.create_milestone("Report to SC70").expect("a milestone");
    catch_up(&f, &kb);
    assert_eq!(wk.reply(&kenyas, "Too late.", None).expect_err("Kenya's reply").code(), "rights.stage");

    // Drafting again: Kenya edits.
    f.w.set_stage(Stage::Drafting, None).expect("drafting");
    catch_up(&f, &kb);
    wk.set_text(0, "URGES Parties to act;").expect("Kenya edits in drafting");
    let history: Vec<Stage> = f.w.stage_history().iter().map(|r| r.stage).collect();
    assert_eq!(history, [Stage::CommentRound, Stage::Revision, Stage::Closed, Stage::Drafting], "every change, in order");
}

/// A real relay, frame by frame: during the comment round a delegate's draft write is refused
/// whole with 4403 `rights.stage` (an observer's with 4403 `sync.forbidden`, as at any time),
/// nothing of it stored or forwarded; the delegate's proposal and the Secretariat's draft write
/// go through; a stage change is only the chair's or the Secretariat's, as its writer; back in
/// drafting, the same delegate's change is taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_refuses_a_delegates_draft_write_during_the_comment_round_and_takes_it_in_drafting() {
    let (f, bracket) = draft_fixture(410);
    let relay = Relay::bind(f.caucus.clone(), loopback(), RelayOptions::default()).await.expect("bind");
    f.w.set_stage(Stage::CommentRound, Some("2026-12-15")).expect("the round");
    let paragraph = kenyas_paragraph(&f.w, 9101, "p-kenya");
    refused(send(&relay, &f, DocName::Draft, &f.kenya, paragraph.clone()).await, "rights.stage", "Kenya's paragraph");
    let holder = forge_draft(&f.w, 9102, |txn, d| {
        crate::rights::bracket_entry(txn, d, &bracket).insert(txn, "holders", crate::rights::holders(&["Peru", "Kenya"]));
    });
    refused(send(&relay, &f, DocName::Draft, &f.kenya, holder).await, "rights.stage", "Kenya as a holder");
    let observers = forge_draft(&f.w, 9103, |txn, d| para(txn, d, "para", &good_attrs("p-ngo"), "NOTING.", None));
    refused(send(&relay, &f, DocName::Draft, &f.ngo, observers).await, "sync.forbidden", "an observer's paragraph");
    assert!(!has_paragraph(&f.w, "p-kenya") && !has_paragraph(&f.w, "p-ngo"));

    let proposal = forge(&f.w, DocName::Notes, 9104, |txn, r| {
        r.threads.insert(txn, "c-kenya", thread(&f.kenya, "Name messaging services too.", None));
    });
    send(&relay, &f, DocName::Notes, &f.kenya, proposal).await.expect("Kenya's comment in the round");
    let secretariat = forge_draft(&f.w, 9105, |txn, d| para(txn, d, "para", &good_attrs("p-sec"), "NOTING the Secretariat's text;", None));
    send(&relay, &f, DocName::Draft, &f.sec, secretariat).await.expect("the Secretariat writes the draft in the round");

    // Stage changes on the wire: the Secretariat's own, yes; one it claims the chair made, no.
    let stage_record = |id: &str, stage: Stage, by: &str| {
        let record = caucus::model::roster::StageRecord { id: id.into(), stage, deadline: None, by: by.into(), created: "2026-11-27T12:00:01Z".into() };
        forge(&f.w, DocName::Roster, 9106, |txn, r| r.roster.set_stage(txn, id, &record).expect("stage"))
    };
    refused(send(&relay, &f, DocName::Roster, &f.sec, stage_record("st-forged", Stage::Closed, &f.chair)).await, "rights.not_author", "a stage change as the chair");
    assert_eq!(f.w.stage(), Stage::CommentRound);
    send(&relay, &f, DocName::Roster, &f.sec, stage_record("st-sec", Stage::Drafting, &f.sec)).await.expect("the Secretariat ends the round");
    assert_eq!(f.w.stage(), Stage::Drafting);

    send(&relay, &f, DocName::Draft, &f.kenya, paragraph).await.expect("Kenya's paragraph in drafting");
    assert!(has_paragraph(&f.w, "p-kenya") && has_paragraph(&f.w, "p-sec"));
    relay.stop().await;
}

/// Unmodified npm yjs + y-websocket clients with Kenya's invitation (`tests/node/stage.mjs`):
/// during the comment round its paragraph closes the connection with 4403 `rights.stage` and its
/// proposal is forwarded; in drafting its paragraph is forwarded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_yjs_clients_propose_during_the_comment_round_and_edit_in_drafting() {
    crate::sync::ensure_node_modules();
    let f = fixture(420);
    let relay = Relay::bind(f.caucus.clone(), loopback(), RelayOptions::default()).await.expect("bind");
    let config = |tag: &str| {
        serde_json::json!({
            "url": relay.url(),
            "workshop": f.w.id(),
            "tokens": { "chair": f.token(&f.chair), "kenya": f.token(&f.kenya) },
            "ids": { "kenya": f.kenya },
            "tag": tag,
        })
    };
    f.w.set_stage(Stage::CommentRound, None).expect("the round");
    let lines = node_clients("stage.mjs", &config("round")).await;
    let outcome = |lines: &[serde_json::Value], case: &str| lines.iter().find(|l| l["case"] == case).cloned().unwrap_or_else(|| panic!("{case}: {lines:?}"));
    let refused = outcome(&lines, "a paragraph");
    assert_eq!((refused["outcome"].as_str(), refused["code"].as_u64()), (Some("closed"), Some(u64::from(close::FORBIDDEN))), "{refused}");
    assert!(refused["reason"].as_str().unwrap_or_default().starts_with("rights.stage"), "{refused}");
    assert_eq!(outcome(&lines, "a proposal")["outcome"], "forwarded");
    f.w.set_stage(Stage::Drafting, None).expect("drafting");
    let lines = node_clients("stage.mjs", &config("drafting")).await;
    assert_eq!(outcome(&lines, "a paragraph")["outcome"], "forwarded");
    assert!(!has_paragraph(&f.w, "p-kenya-round") && has_paragraph(&f.w, "p-kenya-drafting"));
    let thread = f.w.thread("c-kenya-round").expect("the proposal is stored");
    assert_eq!(thread.proposal.map(|p| p.text), Some("URGES Parties and messaging services to act without delay;".to_string()));
    relay.stop().await;
}

/// A delegate's bundle and the app's pipe on a delegate's device refuse the delegate's draft
/// write during the comment round with `rights.stage`, and take it in drafting.
#[test]
fn bundles_and_the_apps_pipe_refuse_a_delegates_draft_write_during_the_comment_round() {
    let f = fixture(430);
    let (_kdir, kb, wk) = kenyas_device(&f, 431);
    f.w.set_stage(Stage::CommentRound, None).expect("the round");
    let state = f.w.encode_state(DocName::Draft);
    let in_bundle = signed_bundle(&kb, &wk, DocName::Draft, kenyas_paragraph(&f.w, 9201, "p-bundle"));
    assert_eq!(bundle::import(&f.caucus, &in_bundle).expect_err("refused").code(), "rights.stage");
    let bridge = Bridge::new(f.w.clone(), Permissions::for_role(Role::Delegate), Presence::new())
        .speaking_for(Claimant::member(f.kenya.clone(), Role::Delegate));
    bridge.open(DocName::Draft, 9290, Arc::new(|_frame| {})).expect("open");
    bridge.open(DocName::Notes, 9291, Arc::new(|_frame| {})).expect("open");
    let piped = kenyas_paragraph(&f.w, 9202, "p-pipe");
    let e = bridge.receive(DocName::Draft, &pack([protocol::encode_update(piped.clone()).as_slice()])).expect_err("refused");
    assert_eq!((e.code(), e.close_code()), ("rights.stage", close::FORBIDDEN));
    assert_eq!(f.w.encode_state(DocName::Draft), state, "nothing applied");
    let comment = forge(&f.w, DocName::Notes, 9203, |txn, r| {
        r.threads.insert(txn, "c-pipe", thread(&f.kenya, "Kenya's proposal.", None));
    });
    bridge.receive(DocName::Notes, &pack([protocol::encode_update(comment).as_slice()])).expect("a comment in the round");
    f.w.set_stage(Stage::Drafting, None).expect("drafting");
    bundle::import(&f.caucus, &in_bundle).expect("the bundle in drafting");
    bridge.receive(DocName::Draft, &pack([protocol::encode_update(piped).as_slice()])).expect("the pipe in drafting");
    assert!(has_paragraph(&f.w, "p-bundle") && has_paragraph(&f.w, "p-pipe"));
}

/// A comment Kenya wrote offline during the comment round reaches the workshop only once the
/// chair has moved on to revision: it is judged by the round it was written in, and kept; one
/// dated in revision is refused.
#[test]
fn a_comment_written_in_the_round_is_kept_when_it_arrives_in_revision() {
    let f = fixture(460);
    let (_kdir, kb, wk) = kenyas_device(&f, 461);
    f.w.set_stage(Stage::CommentRound, None).expect("the round");
    catch_up(&f, &kb);
    let offline = wk.add_comment("Parties", "Written in the round, offline.", None, None).expect("Kenya's comment").id;
    // The chair moves on (a second later: the fixture's clock is fixed, so the record is dated
    // by hand, as a later device would date it).
    let record = caucus::model::roster::StageRecord {
        id: "st-revision".into(),
        stage: Stage::Revision,
        deadline: None,
        by: f.chair.clone(),
        created: "2026-11-27T12:00:01Z".into(),
    };
    crate::support::raw_write(&f.w, DocName::Roster, |txn| crate::support::roster_in(txn).set_stage(txn, "st-revision", &record).expect("stage"));
    assert_eq!(f.w.stage(), Stage::Revision);
    bundle::import(&f.caucus, &bundle::export(&wk, None).expect("export").bytes).expect("Kenya's bundle, in revision");
    assert!(f.w.thread(&offline).is_ok(), "kept");
    let dated_later = forge(&f.w, DocName::Notes, 9301, |txn, r| {
        let mut t = thread(&f.kenya, "Written in revision.", None);
        t.insert("created".into(), yrs::In::Any(yrs::Any::from("2026-11-27T12:00:02Z")));
        r.threads.insert(txn, "c-revision", t);
    });
    let e = bundle::import(&f.caucus, &signed_bundle(&kb, &wk, DocName::Notes, dated_later)).expect_err("refused");
    assert_eq!(e.code(), "rights.stage");
}

/// Partition: Kenya's device is offline when the chair opens the comment round, and edits the
/// draft believing it is still drafting. Its change reaches the chair's relay and a replica (by
/// Kenya's signed bundle) after the change: both refuse it with `rights.stage`. Once Kenya's
/// device learns the stage it refuses its own next edit, and keeps the one it made (nothing is
/// lost); when the chair returns to drafting, the relay and the replica take it, and all three
/// hold the same draft.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peers_partitioned_across_a_stage_change_reach_the_same_verdicts() {
    let f = fixture(440);
    let (_rdir, replica, wr) = member_device(&f, &f.peru, 441);
    let (_kdir, kb, wk) = kenyas_device(&f, 442);
    let relay = Relay::bind(f.caucus.clone(), loopback(), RelayOptions::default()).await.expect("bind");
    f.w.set_stage(Stage::CommentRound, Some("2026-12-15")).expect("the round");
    catch_up(&f, &replica);
    assert_eq!(wr.stage(), Stage::CommentRound);

    // Offline, Kenya's device is still drafting.
    assert_eq!(wk.stage(), Stage::Drafting);
    let last = wk.paragraphs().len() - 1;
    wk.set_text(last, "URGES Parties to act within one day;").expect("Kenya's offline edit");
    let offline = wk.encode_diff(DocName::Draft, &f.w.state_vector(DocName::Draft));
    refused(send(&relay, &f, DocName::Draft, &f.kenya, offline.clone()).await, "rights.stage", "at the relay");
    let kenyas_bundle = bundle::export(&wk, None).expect("Kenya's bundle").bytes;
    assert_eq!(bundle::import(&replica, &kenyas_bundle).expect_err("at the replica").code(), "rights.stage");
    let text = |w: &Workshop| w.paragraphs()[last].para.text();
    assert_eq!(text(&f.w), "URGES Parties to act without delay;");
    assert_eq!(text(&wr), text(&f.w), "the same verdict at the relay and the replica");

    // Kenya's device learns the stage: its next edit is refused there; the one it made is kept.
    catch_up(&f, &kb);
    assert_eq!(wk.stage(), Stage::CommentRound);
    assert_eq!(wk.set_text(0, "Changed.").expect_err("in the round").code(), "rights.stage");
    assert_eq!(text(&wk), "URGES Parties to act within one day;", "nothing Kenya saved is lost");

    // Drafting again: the same change is taken by both, and the three devices converge.
    f.w.set_stage(Stage::Drafting, None).expect("drafting");
    catch_up(&f, &replica);
    send(&relay, &f, DocName::Draft, &f.kenya, offline).await.expect("at the relay, in drafting");
    bundle::import(&replica, &bundle::export(&wk, None).expect("Kenya's bundle").bytes).expect("at the replica, in drafting");
    catch_up(&f, &kb);
    relay.stop().await;
    for w in [&wr, &wk] {
        assert_eq!(w.state_vector(DocName::Draft), f.w.state_vector(DocName::Draft));
        assert_eq!(format!("{:?}", w.view().expect("view")), format!("{:?}", f.w.view().expect("view")));
    }
    assert_eq!(text(&f.w), "URGES Parties to act within one day;");
}

/// A comment dated after the round's deadline is kept, and shown as late.
#[test]
fn a_comment_after_the_deadline_is_kept_and_shown_as_late() {
    // The fixture's clock reads 2026-11-27T12:00:00Z.
    let f = fixture(450);
    f.w.set_stage(Stage::CommentRound, Some("2026-11-27")).expect("the round, ending today");
    let on_time = f.w.add_comment("Parties", "On the last day.", None, None).expect("on time");
    assert!(!on_time.late);
    f.w.set_stage(Stage::CommentRound, Some("2026-11-26")).expect("the deadline was yesterday");
    let late = f.w.add_comment("Parties", "After the deadline.", Some(&f.kenya), None).expect("kept");
    assert!(late.late, "{late:?}");
    assert!(f.w.threads().iter().any(|t| t.id == late.id && t.late), "listed, and shown as late");
}

/// The command line: `stage set` and `stage show` (and `--json`), and a refusal in one line with
/// its code.
#[test]
fn the_command_line_sets_and_shows_the_stage() {
    use crate::cli::{fails, ok};
    let dir = crate::support::tempdir();
    let d = dir.path();
    let id = ok(d, &["new", "--title", "Wildlife cybercrime"]).trim().to_string();
    let ws = &id[..6];
    ok(d, &["para", "add", ws, "--kind", "operative", "--text", "URGES Parties to act;"]);
    assert!(ok(d, &["stage", "show", ws]).starts_with("drafting"));
    let set = ok(d, &["stage", "set", ws, "comment-round", "--deadline", "2999-01-31"]);
    assert!(set.starts_with("stage set: comment-round — deadline 2999-01-31 (") && set.contains("days left"), "{set}");
    let shown: serde_json::Value = serde_json::from_str(&ok(d, &["stage", "show", ws, "--json"])).expect("json");
    assert_eq!((shown["stage"].as_str(), shown["deadline"].as_str()), (Some("comment-round"), Some("2999-01-31")));
    assert!(shown["days_left"].as_i64().is_some_and(|d| d > 0) && shown["history"].as_array().map(Vec::len) == Some(1), "{shown}");
    ok(d, &["stage", "set", ws, "closed"]);
    let e = fails(d, &["para", "set", ws, "1", "--text", "Changed."]);
    assert!(e.starts_with("error[rights.stage]: the workshop is closed"), "{e}");
    let unknown = crate::cli::caucus(d, &["stage", "set", ws, "voting"]);
    assert!(!unknown.status.success() && String::from_utf8_lossy(&unknown.stderr).contains("drafting, comment-round, revision, closed"));
    ok(d, &["stage", "set", ws, "drafting"]);
    ok(d, &["para", "set", ws, "1", "--text", "URGES Parties to act now;"]);
}

/// The stage is stored with the workshop: it is there after the device reopens its store.
#[test]
fn the_stage_survives_reopening_the_store() {
    let dir = crate::support::tempdir();
    let id = {
        let caucus = crate::support::device(dir.path(), 470);
        let w = crate::support::new_workshop(&caucus, "Wildlife cybercrime");
        w.set_stage(Stage::CommentRound, Some("2026-12-15")).expect("the round");
        w.id().to_string()
    };
    let caucus = crate::support::device(dir.path(), 471);
    let w = caucus.open_exact(&id).expect("reopen");
    let record = w.stage_record().expect("a stage record");
    assert_eq!((record.stage, record.deadline.as_deref()), (Stage::CommentRound, Some("2026-12-15")));
    w.set_text(0, "Changed.").expect("the chair still writes in the round");
}
