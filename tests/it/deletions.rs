//! Who deleted draft text (issue #11 §2): Yjs records who inserted, not who deleted, so each Caucus device records its member's deletions in `notes`; a tracked deletion then names its delegation in `compare` and the DOCX, on every device the records travel to, after compaction too; a deletion record names only its own writer.

use std::sync::Arc;

use caucus::bundle;
use caucus::export::ir::{ChangeKind, Document};
use caucus::export::{ExportOptions, Format};
use caucus::model::roster::Role;
use caucus::model::DocName;
use caucus::policy::claims::Claimant;
use caucus::policy::Permissions;
use caucus::sync::bridge::{pack, Bridge};
use caucus::sync::presence::Presence;
use caucus::sync::protocol;
use caucus::{Coded, Workshop};
use yrs::{Any, In, Map, MapPrelim, Text, WriteTxn};

use crate::rights::{fixture, forge, forge_draft, kenyas_device, member_device, Fixture};

fn catch_up(f: &Fixture, to: &caucus::Caucus) {
    bundle::import(to, &bundle::export(&f.w, None).expect("export").bytes).expect("the chair's bundle");
}

/// Deleted runs and whole deleted paragraphs since the milestone: (author, text).
fn deletions(doc: &Document) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        match &b.change {
            Some(c) if c.kind == ChangeKind::Deleted => out.push((c.author.clone(), b.runs.iter().map(|r| r.text.as_str()).collect())),
            _ => out.extend(b.runs.iter().filter_map(|r| match &r.change {
                Some(c) if c.kind == ChangeKind::Deleted => Some((c.author.clone(), r.text.clone())),
                _ => None,
            })),
        }
    }
    out
}

fn last(w: &Workshop) -> usize {
    w.paragraphs().len() - 1
}

#[test]
fn a_delegates_deletions_are_attributed_to_its_delegation_everywhere_they_travel() {
    let f = fixture(601);
    f.w.add_paragraph(None, caucus::NewParagraph::new(caucus::ParaKind::Operative, "NOTES the report of the Secretariat;")).expect("para");
    f.w.create_milestone("Report to SC70").expect("milestone");
    let (_kdir, kb, wk) = kenyas_device(&f, 602);
    let (_pdir, pb, wp) = member_device(&f, &f.peru, 603);
    catch_up(&f, &kb);
    // Kenya deletes words of one paragraph and the whole of another.
    let urges = last(&wk) - 1;
    wk.set_text(urges, "URGES Parties to act;").expect("Kenya deletes words");
    wk.delete_paragraph(last(&wk)).expect("Kenya deletes a paragraph");
    bundle::import(&f.caucus, &bundle::export(&wk, None).expect("export").bytes).expect("Kenya's bundle");
    // The chair deletes a word too.
    f.w.set_text(urges, "Parties to act;").expect("the chair deletes a word");

    let compared = f.w.compare("Report to SC70", None).expect("compare");
    let found = deletions(&compared);
    assert!(found.contains(&(Some("Kenya".into()), " without delay".into())) || found.iter().any(|(a, t)| a.as_deref() == Some("Kenya") && t.contains("without delay")), "{found:?}");
    assert!(found.iter().any(|(a, t)| a.as_deref() == Some("Kenya") && t.contains("NOTES the report")), "the whole paragraph: {found:?}");
    let chair = f.w.member(&f.chair).expect("chair").speaks_for().to_string();
    assert!(found.iter().any(|(a, t)| a.as_deref() == Some(chair.as_str()) && t.contains("URGES")), "{found:?}");
    assert!(found.iter().all(|(a, _)| a.is_some()), "no deletion is unknown: {found:?}");

    let docx = f.w.export(&ExportOptions { since: Some("Report to SC70".into()), ..ExportOptions::new(Format::Docx) }).expect("docx");
    let xml = crate::export_docx::part(&docx, "word/document.xml");
    assert!(xml.contains("<w:del ") && xml.contains("w:author=\"Kenya\""), "a w:del authored by Kenya");
    assert!(!xml.contains("w:author=\"Unknown\""), "no deletion is authored Unknown");

    // Peru's device, which never met Kenya's, knows the same deleters from the chair's bundle.
    catch_up(&f, &pb);
    assert_eq!(wp.deleters(), f.w.deleters());
    assert_ne!(wp.deleters(), caucus::revision::Deleters::default());
}

#[test]
fn the_apps_pipe_records_the_webviews_deletions_as_the_devices_member() {
    let f = fixture(610);
    f.w.create_milestone("base").expect("milestone");
    let bridge = Bridge::new(f.w.clone(), Permissions::for_role(Role::Delegate), Presence::new())
        .speaking_for(Claimant::member(f.kenya.clone(), Role::Delegate));
    bridge.open(DocName::Draft, 9701, Arc::new(|_frame| {})).expect("open");
    let typed = forge_draft(&f.w, 9701, |txn, d| {
        let el = d.elements(txn).last().cloned().expect("a paragraph");
        let text = caucus::model::draft::Draft::text_of(txn, &el).expect("its text");
        // "URGES Parties to act without delay;" → delete " without delay".
        text.remove_range(txn, 20, 14);
    });
    bridge.receive(DocName::Draft, &pack([protocol::encode_update(typed).as_slice()])).expect("a deletion typed in the window");
    // Recorded together with the next ones, at the latest when the window's pipes close.
    bridge.close();
    let found = deletions(&f.w.compare("base", None).expect("compare"));
    assert_eq!(found, vec![(Some("Kenya".to_string()), " without delay".to_string())]);
}

#[test]
fn attribution_survives_compaction_and_reopening() {
    let f = fixture(620);
    f.w.create_milestone("base").expect("milestone");
    let (_kdir, kb, wk) = kenyas_device(&f, 621);
    catch_up(&f, &kb);
    wk.set_text(last(&wk), "URGES Parties to act;").expect("Kenya deletes");
    bundle::import(&f.caucus, &bundle::export(&wk, None).expect("export").bytes).expect("Kenya's bundle");
    // Enough writes of both documents to compact each log into a snapshot.
    for n in 0..=caucus::workshop::COMPACT_AFTER_ROWS {
        f.w.set_text(0, &format!("WILDLIFE CYBERCRIME {n}")).expect("a title edit");
    }
    for n in 0..caucus::workshop::COMPACT_AFTER_ROWS / 2 {
        f.w.reply(&f.chairs_thread, &format!("reply {n}"), None).expect("a reply");
    }
    let (rows_draft, rows_notes) =
        (f.caucus.store().room_stats(f.w.id(), DocName::Draft).expect("stats").0, f.caucus.store().room_stats(f.w.id(), DocName::Notes).expect("stats").0);
    assert!(rows_draft <= caucus::workshop::COMPACT_AFTER_ROWS && rows_notes <= caucus::workshop::COMPACT_AFTER_ROWS, "compacted");
    let id = f.w.id().to_string();
    let caucus = f.caucus.clone();
    drop(f.w);
    let reopened = caucus.open_exact(&id).expect("reopen");
    let found = deletions(&reopened.compare("base", None).expect("compare"));
    assert!(found.iter().any(|(a, t)| a.as_deref() == Some("Kenya") && t.contains("without delay")), "{found:?}");
}

/// A deletion record naming another member, or with ranges that are not a delete set, is
/// refused at the app's pipe; the member's own is taken.
#[test]
fn a_deletion_record_names_only_its_writer() {
    let f = fixture(630);
    let bridge = Bridge::new(f.w.clone(), Permissions::for_role(Role::Delegate), Presence::new())
        .speaking_for(Claimant::member(f.kenya.clone(), Role::Delegate));
    bridge.open(DocName::Notes, 9801, Arc::new(|_frame| {})).expect("open");
    let record = |member: &str, ranges: Vec<u8>| -> MapPrelim {
        [
            ("member".to_string(), In::Any(Any::from(member))),
            ("ranges".to_string(), In::Any(Any::Buffer(ranges.into()))),
            ("created".to_string(), In::Any(Any::from("2026-11-27T12:00:00Z"))),
        ]
        .into_iter()
        .collect()
    };
    let ds = caucus::update::guard::encode_delete_set_v1(&[(42, 0, 3)]);
    for (client, member, ranges, code) in [
        (9802, f.peru.clone(), ds.clone(), "rights.not_author"),
        (9803, f.kenya.clone(), vec![1, 200], "rights.malformed"),
    ] {
        let forged = forge(&f.w, DocName::Notes, client, |txn, _| {
            txn.get_or_insert_map("deletions").insert(txn, "d-forged", record(&member, ranges.clone()));
        });
        let e = bridge.receive(DocName::Notes, &pack([protocol::encode_update(forged).as_slice()])).expect_err("refused");
        assert_eq!(e.code(), code);
    }
    let own = forge(&f.w, DocName::Notes, 9804, |txn, _| {
        txn.get_or_insert_map("deletions").insert(txn, "d-own", record(&f.kenya, ds.clone()));
    });
    bridge.receive(DocName::Notes, &pack([protocol::encode_update(own).as_slice()])).expect("Kenya's own record");
}
