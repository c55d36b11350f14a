//! Applying a proposal (issue #11 §2): the chair applies a delegation's proposed wording in one action; the draft reads as proposed, the change is attributed to the proposing delegation in `compare` and in the DOCX's tracked changes, the thread records that it was applied, applying twice changes nothing, a proposal made against words changed since needs confirmation (accepted-modified); only the chair or the Secretariat applies, and the records are checked at every endpoint.

use caucus::bundle;
use caucus::export::ir::{ChangeKind, Document};
use caucus::export::{ExportOptions, Format};
use caucus::model::notes::{OutcomeKind, Proposal, ProposalKind};
use caucus::model::roster::Stage;
use caucus::model::DocName;
use caucus::policy::claims::Claimant;
use caucus::policy::Permissions;
use caucus::sync::bridge::{pack, Bridge};
use caucus::sync::presence::Presence;
use caucus::sync::protocol;
use caucus::workshop::CommentOptions;
use caucus::{Coded, Workshop};
use yrs::{Any, In, Map, MapPrelim, WriteTxn};

use crate::rights::{fixture, forge, kenyas_device, signed_bundle, Fixture};

fn proposing(kind: ProposalKind, text: &str) -> CommentOptions {
    CommentOptions { proposal: Some(Proposal { kind, text: text.into() }), ..Default::default() }
}

/// Kenya proposes `text` for the words `quote` from its own device; the chair's device takes
/// Kenya's bundle. Returns the thread id.
fn kenya_proposes(f: &Fixture, kenya: &(tempfile::TempDir, caucus::Caucus, Workshop), quote: &str, kind: ProposalKind, text: &str) -> String {
    let (_, _, wk) = kenya;
    bundle::import(&kenya.1, &bundle::export(&f.w, None).expect("export").bytes).expect("Kenya catches up");
    let id = wk.add_comment_with(quote, "Stronger wording.", None, None, &proposing(kind, text)).expect("Kenya proposes").id;
    bundle::import(&f.caucus, &bundle::export(wk, None).expect("export").bytes).expect("Kenya's bundle");
    id
}

/// Every inserted or deleted run since the milestone: (kind, author, text).
fn changes(doc: &Document) -> Vec<(ChangeKind, Option<String>, String)> {
    doc.blocks
        .iter()
        .flat_map(|b| b.runs.iter())
        .filter_map(|r| r.change.as_ref().map(|c| (c.kind, c.author.clone(), r.text.clone())))
        .collect()
}

#[test]
fn the_chair_applies_kenyas_wording_and_the_change_is_kenyas() {
    let f = fixture(501);
    let kenya = kenyas_device(&f, 502);
    f.w.create_milestone("Before the round").expect("milestone");
    let thread = kenya_proposes(&f, &kenya, "without delay", ProposalKind::Replace, "within one day");
    let target = f.w.proposal_target(&thread).expect("target");
    assert_eq!((target.current.as_str(), target.proposed.as_str(), target.stale, target.done), ("without delay", "within one day", false, false));

    let applied = f.w.apply_proposal(&thread, false).expect("applied");
    assert_eq!(f.w.paragraphs().last().expect("para").para.text(), "URGES Parties to act within one day;");
    assert_eq!(applied.applied.as_ref().map(|a| a.by.as_str()), Some(f.chair.as_str()), "the thread records who applied it");
    assert_eq!(applied.outcome.as_ref().map(|o| o.outcome), Some(OutcomeKind::Accepted));

    // Applying twice changes nothing.
    let state = (f.w.state_vector(DocName::Draft), f.w.state_vector(DocName::Notes));
    f.w.apply_proposal(&thread, false).expect("again");
    assert_eq!((f.w.state_vector(DocName::Draft), f.w.state_vector(DocName::Notes)), state);

    // The inserted words are Kenya's, in compare and in the DOCX's tracked changes.
    let compared = f.w.compare("Before the round", None).expect("compare");
    let inserted: Vec<_> = changes(&compared).into_iter().filter(|(k, ..)| *k == ChangeKind::Inserted).collect();
    assert!(!inserted.is_empty() && inserted.iter().all(|(_, author, _)| author.as_deref() == Some("Kenya")), "{inserted:?}");
    assert_eq!(inserted.iter().map(|(.., t)| t.as_str()).collect::<String>().trim(), "within one day");
    let docx = f.w.export(&ExportOptions { since: Some("Before the round".into()), ..ExportOptions::new(Format::Docx) }).expect("docx");
    let xml = crate::export_docx::part(&docx, "word/document.xml");
    assert!(xml.contains("<w:ins w:id=") && xml.contains("w:author=\"Kenya\""), "a w:ins authored by Kenya");

    // Kenya's device sees the same, once it syncs.
    bundle::import(&kenya.1, &bundle::export(&f.w, None).expect("export").bytes).expect("sync");
    assert!(kenya.2.thread(&thread).expect("thread").applied.is_some());
}

#[test]
fn a_proposal_against_words_changed_since_needs_confirmation_and_is_accepted_modified() {
    let f = fixture(510);
    let kenya = kenyas_device(&f, 511);
    let thread = kenya_proposes(&f, &kenya, "without delay", ProposalKind::Replace, "within one day");
    let last = f.w.paragraphs().len() - 1;
    f.w.set_text(last, "URGES Parties to act without undue delay;").expect("the chair edits the words");
    let target = f.w.proposal_target(&thread).expect("target");
    assert!(target.stale, "{target:?}");
    let e = f.w.apply_proposal(&thread, false).expect_err("needs confirmation");
    assert_eq!(e.code(), "notes.proposal_stale");
    assert_eq!(f.w.paragraphs()[last].para.text(), "URGES Parties to act without undue delay;", "nothing applied");
    let t = f.w.apply_proposal(&thread, true).expect("confirmed");
    assert_eq!(t.outcome.map(|o| o.outcome), Some(OutcomeKind::AcceptedModified));
    assert!(f.w.paragraphs()[last].para.text().contains("within one day"));
}

#[test]
fn whole_paragraph_and_new_paragraph_proposals_apply() {
    let f = fixture(520);
    let kenya = kenyas_device(&f, 521);
    let whole = kenya_proposes(&f, &kenya, "act", ProposalKind::Paragraph, "URGES Parties and online platforms to act;");
    let after = kenya_proposes(&f, &kenya, "Parties", ProposalKind::InsertAfter, "INVITES online platforms to report;");
    let count = f.w.paragraphs().len();
    f.w.apply_proposal(&whole, false).expect("whole paragraph");
    f.w.apply_proposal(&after, false).expect("new paragraph");
    let paragraphs = f.w.paragraphs();
    assert_eq!(paragraphs.len(), count + 1);
    assert_eq!(paragraphs[count - 1].para.text(), "URGES Parties and online platforms to act;");
    assert_eq!((paragraphs[count].para.text().as_str(), paragraphs[count].para.kind), ("INVITES online platforms to report;", paragraphs[count - 1].para.kind));
    f.w.apply_proposal(&after, false).expect("again");
    assert_eq!(f.w.paragraphs().len(), count + 1, "applying twice inserts nothing");
}

#[test]
fn only_the_chair_or_the_secretariat_applies_and_not_once_closed() {
    let f = fixture(530);
    let kenya = kenyas_device(&f, 531);
    let thread = kenya_proposes(&f, &kenya, "without delay", ProposalKind::Replace, "within one day");
    bundle::import(&kenya.1, &bundle::export(&f.w, None).expect("export").bytes).expect("sync");
    assert_eq!(kenya.2.apply_proposal(&thread, false).expect_err("a delegate").code(), "rights.not_permitted");
    assert_eq!(f.w.apply_proposal(&f.chairs_thread, false).expect_err("no proposal").code(), "notes.no_proposal");
    f.w.set_stage(Stage::Closed, None).expect("closed");
    assert_eq!(f.w.apply_proposal(&thread, false).expect_err("closed").code(), "rights.stage");
    f.w.set_stage(Stage::Revision, None).expect("revision");
    f.w.apply_proposal(&thread, false).expect("in revision");
}

/// An application record forged by a delegate (as themselves, or as the chair) is refused at the
/// app's pipe and in a bundle; the chair's, carried in the chair's bundle, is taken.
#[test]
fn a_forged_application_is_refused_and_the_chairs_is_taken() {
    let f = fixture(540);
    let kenya = kenyas_device(&f, 541);
    let thread = kenya_proposes(&f, &kenya, "without delay", ProposalKind::Replace, "within one day");
    let application = |by: &str| -> MapPrelim {
        [("thread", thread.as_str()), ("by", by), ("created", "2026-11-27T12:00:00Z")].iter().map(|(k, v)| (k.to_string(), In::Any(Any::from(*v)))).collect()
    };
    let bridge = Bridge::new(f.w.clone(), Permissions::for_role(caucus::model::roster::Role::Delegate), Presence::new())
        .speaking_for(Claimant::member(f.kenya.clone(), caucus::model::roster::Role::Delegate));
    bridge.open(DocName::Notes, 9601, std::sync::Arc::new(|_frame| {})).expect("open");
    for (by, code) in [(f.kenya.clone(), "rights.not_permitted"), (f.chair.clone(), "rights.not_author")] {
        let forged = forge(&f.w, DocName::Notes, 9602, |txn, _| {
            let applications = txn.get_or_insert_map("applications");
            applications.insert(txn, "a-forged", application(&by));
        });
        let e = bridge.receive(DocName::Notes, &pack([protocol::encode_update(forged.clone()).as_slice()])).expect_err("pipe");
        assert_eq!(e.code(), code);
        let e = bundle::import(&f.caucus, &signed_bundle(&kenya.1, &kenya.2, DocName::Notes, forged)).expect_err("bundle");
        assert_eq!(e.code(), code);
    }
    assert!(f.w.thread(&thread).expect("thread").applied.is_none());
    // The chair applies on a replica (Kenya's device adopts the chair's bundle of it).
    f.w.apply_proposal(&thread, false).expect("applied");
    bundle::import(&kenya.1, &bundle::export(&f.w, None).expect("export").bytes).expect("the chair's bundle");
    let on_kenyas = kenya.2.thread(&thread).expect("thread");
    assert!(on_kenyas.applied.is_some() && on_kenyas.outcome.is_some());
    assert_eq!(kenya.2.view().expect("view").paragraphs.last().map(|p| p.para.text()), Some("URGES Parties to act within one day;".to_string()));
}

/// The command line: `comment apply`, and `--force` for a proposal whose words changed.
#[test]
fn the_command_line_applies_a_proposal() {
    use crate::cli::{fails, ok};
    let dir = crate::support::tempdir();
    let d = dir.path();
    let id = ok(d, &["new", "--title", "Wildlife cybercrime"]).trim().to_string();
    let ws = &id[..6];
    ok(d, &["para", "add", ws, "--kind", "operative", "--text", "URGES Parties to act without delay;"]);
    let thread = ok(d, &["comment", "add", ws, "--quote", "without delay", "--body", "Faster.", "--propose", "within one day"]).trim().to_string();
    let thread = thread.split_whitespace().next().expect("id").to_string();
    ok(d, &["para", "set", ws, "2", "--text", "URGES Parties to act without any delay;"]);
    let e = fails(d, &["comment", "apply", ws, &thread]);
    assert!(e.starts_with("error[notes.proposal_stale]"), "{e}");
    let applied = ok(d, &["comment", "apply", ws, &thread, "--force"]);
    assert!(applied.contains("outcome accepted-modified") && applied.contains("applied to the draft"), "{applied}");
    assert!(ok(d, &["show", ws]).contains("URGES Parties to act within one day;"));
}
