//! The chair's record (issue #14 §3–§4): bracket packages ("nothing is agreed until everything is agreed"), the draft's append-only log of status and package sets, agreed marks and restores, merged with outcomes, stages and milestones into `Workshop::log`; restoring the draft or one paragraph as it was at a milestone after a member deleted everything offline; the redline narrowed to one delegation.

use caucus::bundle;
use caucus::model::roster::Stage;
use caucus::model::DocName;
use caucus::sync::relay::{Relay, RelayOptions};
use caucus::{BracketInfo, BracketStatus, Coded, LogAction, LogEntry, NewParagraph, ParaKind, Workshop};
use serde_json::json;
use yrs::Map;

use crate::rights::{bracket_entry, draft_fixture, fixture, forge_draft, kenyas_device, loopback, member_device, refused, send, Fixture};

const SC70: &str = "Report to SC70";

/// Everything `from`'s device holds, taken by `to`'s (a bundle: how an offline device catches up).
fn exchange(from: &Workshop, to: &caucus::Caucus) {
    bundle::import(to, &bundle::export(from, None).expect("export").bytes).expect("bundle");
}

fn texts(w: &Workshop) -> Vec<String> {
    w.paragraphs().into_iter().map(|p| p.para.text()).collect()
}

/// The chair's draft: a preambular and two operative paragraphs, the second with two brackets.
fn negotiated(f: &Fixture) -> (String, String) {
    f.w.add_paragraph(Some(0), NewParagraph::new(ParaKind::Preamble, "RECOGNIZING that wildlife crime is serious;")).expect("pp");
    let p = f.w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "ENCOURAGES Parties to establish national units;")).expect("op");
    let at = f.w.paragraphs().iter().position(|n| n.para.id == p.id).expect("there");
    let a = f.w.bracket(at, 11, 7, vec!["Kenya".into()]).expect("[Parties]");
    let b = f.w.bracket(at, 22, 9, vec!["Peru".into()]).expect("[establish]");
    (a, b)
}

/// Agreeing one bracket of a package shows it pending and its paragraph open until the whole
/// package is agreed; the status, the bracket list and the log say so; only the chair or the
/// Secretariat package brackets.
#[test]
fn a_package_is_agreed_only_when_all_of_it_is() {
    let f = fixture(701);
    let (a, b) = negotiated(&f);
    f.w.package_brackets(&[a.clone(), b.clone()], Some("Units")).expect("the chair packages them");
    let agreed = |w: &Workshop, id: &str| {
        let info = w.view().expect("view").brackets[id].clone();
        w.set_bracket(id, &BracketInfo { status: BracketStatus::Agreed, ..info }).expect("agreed");
    };
    agreed(&f.w, &a);
    let status = f.w.status().expect("status");
    let package = status.packages.iter().find(|p| p.name == "Units").expect("the package");
    assert_eq!((package.brackets, package.agreed, package.complete), (2, 1, false));
    let pending = status.open_brackets.iter().find(|o| o.id == a).expect("the agreed bracket is still listed");
    assert!(pending.pending && pending.status == BracketStatus::Agreed, "{pending:?}");
    let para = status.paragraphs.iter().find(|p| p.position == pending.position).expect("its paragraph");
    assert_eq!((para.status, para.open_brackets), (caucus::workshop::status::ParaStatus::Open, 2));

    agreed(&f.w, &b);
    let status = f.w.status().expect("status");
    assert!(status.packages[0].complete);
    assert!(status.open_brackets.iter().all(|o| o.id != a && o.id != b), "{:?}", status.open_brackets);
    let list = caucus::workshop::status::brackets(&f.w.view().expect("view"));
    assert!(list.iter().filter(|l| l.package.as_deref() == Some("Units")).all(|l| !l.pending && l.status == BracketStatus::Agreed));

    let log = f.w.draft_log();
    let kinds: Vec<&LogAction> = log.iter().map(|e| &e.action).collect();
    assert_eq!(kinds.iter().filter(|k| matches!(k, LogAction::BracketPackage { package: Some(p), .. } if p == "Units")).count(), 2, "{log:?}");
    assert_eq!(kinds.iter().filter(|k| matches!(k, LogAction::BracketStatus { status: BracketStatus::Agreed, .. })).count(), 2);
    assert!(log.iter().all(|e| e.by == f.chair));

    // The exports show the package after each of its brackets.
    let export = |format| f.w.export(&caucus::export::ExportOptions::new(format)).expect("export");
    let html = String::from_utf8(export(caucus::export::Format::Html)).expect("utf-8");
    assert_eq!(html.matches("<sup class=\"package\">package “Units”</sup>").count(), 2, "{html}");
    let docx = export(caucus::export::Format::Docx);
    let body = crate::export_docx::part(&docx, "word/document.xml");
    assert_eq!(body.matches("<w:vertAlign w:val=\"superscript\"/></w:rPr><w:t xml:space=\"preserve\"> package “Units”</w:t>").count(), 2);

    let (_dir, _kb, wk) = kenyas_device(&f, 702);
    assert_eq!(wk.package_brackets(&[a.clone()], None).expect_err("a delegate").code(), "rights.not_permitted");
    assert_eq!(f.w.package_brackets(&["b-nosuchbracket".to_string()], Some("X")).expect_err("unknown").code(), "bracket.not_found");
}

/// The log merges the draft's entries with the outcomes, stage changes and milestones, oldest
/// first, each naming who; `since` keeps what came at or after a milestone.
#[test]
fn the_log_says_who_did_what_and_when() {
    let f = fixture(703);
    let (a, _) = negotiated(&f);
    f.w.set_stage(Stage::CommentRound, Some("2026-12-31")).expect("a round");
    f.w.create_milestone(SC70).expect("milestone");
    f.w.set_stage(Stage::Revision, None).expect("revision");
    f.w.record_outcome(&f.kenyas_thread, "accepted".parse().expect("kind"), "Taken into 2.").expect("outcome");
    let info = f.w.view().expect("view").brackets[&a].clone();
    f.w.set_bracket(&a, &BracketInfo { status: BracketStatus::AgreedAdRef, ..info }).expect("ad ref");
    f.w.agree_paragraph(0, true).expect("agreed mark");

    let log = f.w.log(None).expect("log");
    let kinds: Vec<&str> = log.iter().map(|l| l.kind).collect();
    for kind in ["stage", "milestone", "outcome", "bracket-status", "paragraph-agreed"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    assert!(log.windows(2).all(|w| w[0].at <= w[1].at), "oldest first");
    assert!(log.iter().all(|l| l.by == f.chair && l.by_name == "Chair"), "{log:?}");
    let status = log.iter().find(|l| l.kind == "bracket-status").expect("status");
    assert!(status.what.contains("[Parties]") && status.what.ends_with("agreed-ad-ref"), "{}", status.what);
    let since = f.w.log(Some(SC70)).expect("since");
    assert!(since.iter().all(|l| l.at >= log.iter().find(|l| l.kind == "milestone").expect("m").at));
    assert!(since.iter().any(|l| l.kind == "outcome"), "the outcome came after the milestone");
    assert_eq!(f.w.log(Some("No such")).expect_err("unknown milestone").code(), "milestone.not_found");
}

/// Through a real relay: the Secretariat packages a bracket only with its log entry; a package
/// set without one is refused (`rights.unlogged`), and a delegate's log entry too, and a delegate
/// making an existing bracket another's alternative.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_takes_a_package_only_with_its_log_entry() {
    let (f, bracket) = draft_fixture(704);
    let relay = Relay::bind(f.caucus.clone(), loopback(), RelayOptions::default()).await.expect("bind");
    let entry = |id: &str, by: &str| LogEntry {
        id: id.into(),
        by: by.into(),
        at: "2026-12-03T10:00:00Z".into(),
        action: LogAction::BracketPackage { bracket: bracket.clone(), package: Some("A".into()) },
    };
    let bare = forge_draft(&f.w, 9700, |txn, d| {
        bracket_entry(txn, d, &bracket).insert(txn, "package", "A");
    });
    refused(send(&relay, &f, DocName::Draft, &f.sec, bare).await, "rights.unlogged", "a package without its entry");
    let kenyas = forge_draft(&f.w, 9701, |txn, d| {
        bracket_entry(txn, d, &bracket).insert(txn, "package", "A");
        d.append_log(txn, &entry("l-kenyapack", &f.kenya));
    });
    refused(send(&relay, &f, DocName::Draft, &f.kenya, kenyas).await, "rights.not_permitted", "a delegate's package");
    let honest = forge_draft(&f.w, 9702, |txn, d| {
        bracket_entry(txn, d, &bracket).insert(txn, "package", "A");
        d.append_log(txn, &entry("l-secpack01", &f.sec));
    });
    send(&relay, &f, DocName::Draft, &f.sec, honest).await.expect("the Secretariat's package, logged");
    // Making an existing bracket another's alternative is the chair's or the Secretariat's too.
    let regroup = forge_draft(&f.w, 9703, |txn, d| {
        bracket_entry(txn, d, &bracket).insert(txn, "alternativeOf", "b-someother1");
    });
    refused(send(&relay, &f, DocName::Draft, &f.kenya, regroup).await, "rights.not_permitted", "a delegate regrouping a bracket");
    assert_eq!(f.w.view().expect("view").brackets[&bracket].package.as_deref(), Some("A"));
    assert_eq!(f.w.draft_log().iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), vec!["l-secpack01"]);
    relay.stop().await;
}

/// Kenya deletes every paragraph while offline and syncs; the chair brings the draft back as it
/// was at the milestone — ids, kinds, words, brackets with their statuses — as a new change that
/// Kenya's device takes like any other, and the log records it.
#[test]
fn the_chair_restores_the_draft_after_a_peer_deleted_everything_offline() {
    let f = fixture(705);
    let (a, _) = negotiated(&f);
    let info = f.w.view().expect("view").brackets[&a].clone();
    f.w.set_bracket(&a, &BracketInfo { status: BracketStatus::AgreedAdRef, ..info }).expect("ad ref");
    f.w.create_milestone(SC70).expect("milestone");
    let frozen = f.w.view().expect("view");

    let (_dir, kb, wk) = kenyas_device(&f, 706);
    while !wk.paragraphs().is_empty() {
        wk.delete_paragraph(0).expect("Kenya deletes");
    }
    exchange(&wk, &f.caucus);
    assert!(f.w.paragraphs().is_empty(), "the deletion reached the chair");
    assert_eq!(wk.restore(SC70, None).expect_err("a delegate").code(), "rights.not_permitted");

    let report = f.w.restore(SC70, None).expect("the chair restores");
    assert_eq!((report.brought_back, report.removed), (frozen.paragraphs.len(), 0), "{report:?}");
    let now = f.w.view().expect("view");
    assert_eq!(now.paragraphs, frozen.paragraphs, "ids, kinds, numbers and marked words as frozen");
    assert_eq!(now.brackets[&a].status, BracketStatus::AgreedAdRef);
    exchange(&f.w, &kb);
    assert_eq!(wk.view().expect("Kenya's view").paragraphs, frozen.paragraphs, "Kenya's device takes the restore");
    let restore = f.w.log(None).expect("log").into_iter().find(|l| l.kind == "restore").expect("logged");
    assert_eq!((restore.by.as_str(), restore.what.as_str()), (f.chair.as_str(), "restored the draft as it was at “Report to SC70”"));
}

/// One paragraph brought back: Kenya rewrote it and Peru added one; only the named paragraph
/// goes back, Peru's stays; a paragraph deleted since comes back in its place.
#[test]
fn the_chair_restores_one_paragraph_and_leaves_the_rest() {
    let f = fixture(707);
    negotiated(&f);
    f.w.create_milestone(SC70).expect("milestone");
    let frozen = texts(&f.w);
    let (_dk, _kb, wk) = kenyas_device(&f, 708);
    wk.set_text(0, "RECOGNIZING that wildlife crime is a minor matter;").expect("Kenya rewrites");
    wk.delete_paragraph(1).expect("Kenya deletes the second");
    let (_dp, _pb, wp) = member_device(&f, &f.peru, 709);
    wp.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "REQUESTS the Secretariat to report;")).expect("Peru adds");
    exchange(&wk, &f.caucus);
    exchange(&wp, &f.caucus);
    assert_eq!(texts(&f.w).len(), frozen.len(), "one deleted, one added");

    let ids: Vec<String> = f.w.milestone_view(SC70).expect("frozen").paragraphs.into_iter().map(|p| p.para.id).collect();
    f.w.restore(SC70, Some(&ids[0])).expect("paragraph 1");
    assert_eq!(texts(&f.w)[0], frozen[0]);
    f.w.restore(SC70, Some(&ids[1])).expect("paragraph 2, deleted since");
    let now = texts(&f.w);
    assert_eq!(&now[..frozen.len()], &frozen[..], "{now:?}");
    assert_eq!(now.last().map(String::as_str), Some("REQUESTS the Secretariat to report;"), "Peru's paragraph stays");
    assert_eq!(f.w.restore(SC70, Some("p-nosuchpara")).expect_err("no such").code(), "milestone.no_such_paragraph");
    assert_eq!(f.w.restore("Nope", None).expect_err("no milestone").code(), "milestone.not_found");
}

/// Kenya deleted every paragraph offline and rewrote words; Peru added a paragraph and words of
/// its own. Undoing Kenya's changes since the milestone brings back every paragraph and word Kenya
/// deleted and takes out Kenya's words, and keeps all of Peru's; the log says so.
#[test]
fn the_chair_undoes_one_delegations_changes_and_keeps_the_others() {
    let f = fixture(713);
    negotiated(&f);
    f.w.create_milestone(SC70).expect("milestone");
    let frozen = texts(&f.w);
    let (_dp, _pb, wp) = member_device(&f, &f.peru, 714);
    wp.set_text(0, "RECOGNIZING that wildlife crime is serious and organized;").expect("Peru's words");
    wp.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "REQUESTS the Secretariat to report;")).expect("Peru adds");
    exchange(&wp, &f.caucus);
    let (_dk, kb, wk) = kenyas_device(&f, 715);
    wk.set_text(0, "RECOGNIZING that wildlife crime is very serious and organized;").expect("Kenya's words");
    let last = wk.paragraphs().len() - 1;
    wk.delete_paragraph(last - 1).expect("Kenya deletes one");
    exchange(&wk, &f.caucus);
    assert_ne!(texts(&f.w)[0], frozen[0]);

    // The Secretariat's device, adopted from the chair's (which holds both delegations' changes).
    let (_ds, _sb, ws) = member_device(&f, &f.sec, 716);
    let report = ws.revert(SC70, "Kenya").expect("the Secretariat undoes Kenya's changes");
    assert_eq!((report.brought_back, report.changed, report.removed), (1, 1, 0), "{report:?}");
    let now = texts(&ws);
    assert_eq!(now[0], "RECOGNIZING that wildlife crime is serious and organized;", "Kenya's word gone, Peru's kept");
    assert_eq!(&now[1..frozen.len()], &frozen[1..], "Kenya's deletion undone");
    assert_eq!(now.last().map(String::as_str), Some("REQUESTS the Secretariat to report;"), "Peru's paragraph stays");
    assert_eq!(wk.revert(SC70, "Peru").expect_err("a delegate").code(), "rights.not_permitted");
    let revert = ws.log(None).expect("log").into_iter().find(|l| l.kind == "revert").expect("logged");
    assert_eq!((revert.by.as_str(), revert.what.as_str()), (f.sec.as_str(), "undid Kenya’s changes since “Report to SC70”"));
    exchange(&ws, &kb);
    assert_eq!(texts(&wk), now, "Kenya's device takes the Secretariat's change");
}

/// `[establish][consider establishing]`: Kenya adds an alternative to Peru's bracket; the chair
/// picks it: Peru's words go (withdrawn, logged), Kenya's stay agreed; the redline since the
/// milestone shows the deletion and the insertion; a delegate may not choose.
#[test]
fn the_chair_chooses_one_alternative_and_the_others_go() {
    let f = fixture(717);
    let (_, establish) = negotiated(&f);
    f.w.create_milestone(SC70).expect("milestone");
    let (_dk, kb, wk) = kenyas_device(&f, 718);
    let consider = wk.add_alternative(&establish, "consider establishing", vec!["Kenya".into()]).expect("Kenya's alternative");
    assert_eq!(wk.alternatives(&establish).expect("group"), vec![establish.clone(), consider.clone()]);
    assert_eq!(wk.alternatives(&consider).expect("group"), vec![establish.clone(), consider.clone()]);
    let last = wk.paragraphs().len() - 1;
    assert_eq!(wk.paragraphs()[last].para.text(), "ENCOURAGES Parties to establishconsider establishing national units;");
    let visible = caucus::cites::visible_text(&wk.paragraphs()[last].para.spans);
    assert_eq!(visible, "ENCOURAGES [Parties] to [establish][consider establishing] national units;");
    assert_eq!(wk.choose_alternative(&consider).expect_err("a delegate").code(), "rights.not_permitted");
    exchange(&wk, &f.caucus);

    f.w.choose_alternative(&consider).expect("the chair chooses");
    let view = f.w.view().expect("view");
    assert_eq!(view.paragraphs.last().expect("p").para.text(), "ENCOURAGES Parties to consider establishing national units;");
    assert_eq!((view.brackets[&consider].status, view.brackets[&establish].status), (BracketStatus::Agreed, BracketStatus::Withdrawn));
    let log = f.w.log(None).expect("log");
    assert!(log.iter().any(|l| l.kind == "bracket-choose" && l.what.contains("[consider establishing]")), "{log:?}");
    assert_eq!(log.iter().filter(|l| l.kind == "bracket-status").count(), 2);
    let md = String::from_utf8(f.w.export(&caucus::export::ExportOptions { since: Some(SC70.into()), ..caucus::export::ExportOptions::new(caucus::export::Format::Md) }).expect("md")).expect("utf-8");
    assert!(md.contains("~~establish~~") && md.contains("consider establishing"), "{md}");
    exchange(&f.w, &kb);
    assert_eq!(wk.paragraphs().last().expect("p").para.text(), "ENCOURAGES Parties to consider establishing national units;");
    assert_eq!(f.w.choose_alternative(&establish).expect_err("its words are gone, but it is still in the group").code(), "input.invalid");
}

/// Paragraphs inserted between two others are numbered `1 bis`, `1 ter` (the ones after keep their
/// numbers), read back from Markdown as such, cited as such in the comment table, and numbered in
/// sequence on request before a milestone, logged; a delegate may not renumber.
#[test]
fn inserted_paragraphs_are_numbered_bis_then_renumbered() {
    let f = fixture(719);
    negotiated(&f);
    let numbers = |w: &Workshop| w.paragraphs().into_iter().filter_map(|p| p.number).collect::<Vec<_>>();
    assert_eq!(numbers(&f.w), vec!["1.", "2."]);
    let urges = f.w.paragraphs().iter().position(|p| p.number.as_deref() == Some("1.")).expect("1.");
    let add = |at: usize, text: &str| {
        f.w.add_paragraph(Some(at), NewParagraph::new(ParaKind::Operative, text)).expect("added");
    };
    add(urges + 1, "CALLS UPON Parties to share information;");
    assert_eq!(f.w.number_as_inserted(urges + 1, true).expect("bis"), "1 bis.");
    add(urges + 2, "INVITES donors to support capacity building;");
    assert_eq!(f.w.number_as_inserted(urges + 2, true).expect("ter"), "1 ter.");
    f.w.add_paragraph(Some(urges + 3), NewParagraph::new(ParaKind::Item, "exchange data;")).expect("an item");
    assert_eq!(numbers(&f.w), vec!["1.", "1 bis.", "1 ter.", "a)", "2."], "the paragraphs after keep their numbers");
    let citations = caucus::model::numbering::citations(&f.w.paragraphs());
    assert!(citations.contains(&"1 ter a)".to_string()), "{citations:?}");
    assert_eq!(f.w.number_as_inserted(0, true).expect_err("a preambular paragraph").code(), "input.invalid");

    // Markdown keeps the numbering: exported and read back, the same numbers.
    let md = f.w.export(&caucus::export::ExportOptions::new(caucus::export::Format::Md)).expect("md");
    let text = String::from_utf8(md.clone()).expect("utf-8");
    assert!(text.contains("1 bis. CALLS UPON") && text.contains("1 ter. INVITES"), "{text}");
    let back = caucus::import::import_text(&md).expect("import");
    let reread: Vec<String> = caucus::model::numbering::number(back.paragraphs.into_iter().map(|p| caucus::model::types::Paragraph { id: String::new(), kind: p.kind, level: p.level, label: p.label, spans: p.spans }).collect())
        .into_iter()
        .filter_map(|p| p.number)
        .collect();
    assert_eq!(reread, numbers(&f.w));

    let (_dk, _kb, wk) = kenyas_device(&f, 720);
    assert_eq!(wk.renumber().expect_err("a delegate").code(), "rights.not_permitted");
    assert_eq!(f.w.renumber().expect("the chair renumbers"), 2);
    assert_eq!(numbers(&f.w), vec!["1.", "2.", "3.", "a)", "4."]);
    assert_eq!(f.w.renumber().expect("nothing to do"), 0);
    let log = f.w.log(None).expect("log");
    assert!(log.iter().any(|l| l.kind == "renumber" && l.what.contains("2 inserted")), "{log:?}");
}

/// The redline since a milestone narrowed to one delegation: its changes stay marked, the
/// others' read as accepted.
#[test]
fn the_redline_can_show_one_delegations_changes() {
    let f = fixture(710);
    negotiated(&f);
    f.w.create_milestone(SC70).expect("milestone");
    let (_dk, _kb, wk) = kenyas_device(&f, 711);
    wk.set_text(0, "RECOGNIZING that wildlife crime is very serious;").expect("Kenya");
    let (_dp, _pb, wp) = member_device(&f, &f.peru, 712);
    let last = wp.paragraphs().len() - 1;
    wp.set_text(last, "ENCOURAGES Parties to establish national units without delay;").expect("Peru");
    exchange(&wk, &f.caucus);
    exchange(&wp, &f.caucus);
    let all = f.w.compare(SC70, None).expect("compare");
    let authors = |doc: &caucus::export::ir::Document| {
        let mut a: Vec<String> = doc.blocks.iter().flat_map(|b| b.runs.iter()).filter_map(|r| r.change.as_ref()?.author.clone()).collect();
        a.dedup();
        a
    };
    assert_eq!(authors(&all), vec!["Kenya".to_string(), "Peru".to_string()]);
    let kenya = caucus::revision::only_by(all.clone(), "kenya");
    assert_eq!(authors(&kenya), vec!["Kenya".to_string()]);
    let text: String = kenya.blocks.iter().flat_map(|b| b.runs.iter()).map(|r| r.text.as_str()).collect();
    assert!(text.contains("without delay"), "Peru's words read as accepted: {text}");
}

/// Each line of the log carries its parts as plain values — the bracket's words and the citation
/// of its paragraph, the status, package, milestone, delegation, count, outcome, stage and
/// deadline as codes and names, never an English word — from which the window writes the sentence
/// in its own language; a bracket or paragraph deleted since reads as gone.
#[test]
fn every_log_line_carries_its_parts_as_plain_values() {
    let f = fixture(721);
    let (parties, establish) = negotiated(&f);
    let position = |w: &Workshop, start: &str| w.paragraphs().iter().position(|p| p.para.text().starts_with(start)).expect(start);
    let citation = |w: &Workshop, start: &str| caucus::model::numbering::citations(&w.paragraphs())[position(w, start)].clone();
    assert_eq!((citation(&f.w, "RECOGNIZING"), citation(&f.w, "URGES"), citation(&f.w, "ENCOURAGES")), ("PP1".to_string(), "1".to_string(), "2".to_string()));
    let set = |id: &str, status| {
        let info = f.w.view().expect("view").brackets[id].clone();
        f.w.set_bracket(id, &BracketInfo { status, ..info }).expect("status");
    };
    f.w.package_brackets(std::slice::from_ref(&parties), Some("Units")).expect("package");
    set(&parties, BracketStatus::AgreedAdRef);
    f.w.package_brackets(std::slice::from_ref(&parties), None).expect("out of the package");
    f.w.agree_paragraph(position(&f.w, "RECOGNIZING"), true).expect("agreed");
    f.w.agree_paragraph(position(&f.w, "RECOGNIZING"), false).expect("withdrawn");
    f.w.set_stage(Stage::CommentRound, Some("2026-12-31")).expect("a round");
    f.w.create_milestone(SC70).expect("milestone");
    f.w.record_outcome(&f.kenyas_thread, "accepted-modified".parse().expect("kind"), "Taken in part.").expect("outcome");
    let args = |w: &Workshop, kind: &str| w.log(None).expect("log").into_iter().filter(|l| l.kind == kind).map(|l| serde_json::to_value(&l.args).expect("json")).collect::<Vec<_>>();
    assert_eq!(
        args(&f.w, "bracket-package"),
        vec![
            json!({ "place": "paragraph", "paragraph": "2", "bracket": parties, "words": "Parties", "package": "Units" }),
            json!({ "place": "paragraph", "paragraph": "2", "bracket": parties, "words": "Parties" }),
        ]
    );
    assert_eq!(args(&f.w, "bracket-status"), vec![json!({ "place": "paragraph", "paragraph": "2", "bracket": parties, "words": "Parties", "status": "agreed-ad-ref" })]);
    assert_eq!(
        args(&f.w, "paragraph-agreed"),
        vec![json!({ "place": "paragraph", "paragraph": "PP1", "agreed": true }), json!({ "place": "paragraph", "paragraph": "PP1", "agreed": false })]
    );
    assert_eq!(args(&f.w, "stage"), vec![json!({ "stage": "comment-round", "deadline": "2026-12-31" })]);
    assert_eq!(args(&f.w, "milestone"), vec![json!({ "milestone": SC70 })]);
    assert_eq!(
        args(&f.w, "outcome"),
        vec![json!({ "place": "paragraph", "paragraph": "1", "delegation": "Kenya", "thread": f.kenyas_thread, "outcome": "accepted-modified" })]
    );

    // The paragraph holding the brackets deleted: its lines read as gone (no words, no citation).
    let encourages = f.w.paragraphs()[position(&f.w, "ENCOURAGES")].para.id.clone();
    f.w.delete_paragraph(position(&f.w, "ENCOURAGES")).expect("deleted");
    assert_eq!(args(&f.w, "bracket-status"), vec![json!({ "place": "gone", "bracket": parties, "status": "agreed-ad-ref" })]);
    f.w.restore(SC70, Some(&encourages)).expect("brought back");
    f.w.restore(SC70, None).expect("the whole draft");
    assert_eq!(args(&f.w, "restore"), vec![json!({ "place": "paragraph", "paragraph": "2", "milestone": SC70 }), json!({ "milestone": SC70 })]);

    let consider = f.w.add_alternative(&establish, "consider establishing", vec!["Kenya".into()]).expect("alternative");
    f.w.choose_alternative(&consider).expect("chosen");
    assert_eq!(args(&f.w, "bracket-choose"), vec![json!({ "place": "paragraph", "paragraph": "2", "bracket": consider, "words": "consider establishing" })]);
    f.w.revert(SC70, "Kenya").expect("reverted");
    assert_eq!(args(&f.w, "revert"), vec![json!({ "milestone": SC70, "delegation": "Kenya" })]);
    let at = position(&f.w, "URGES") + 1;
    f.w.add_paragraph(Some(at), NewParagraph::new(ParaKind::Operative, "CALLS UPON Parties to share information;")).expect("added");
    f.w.number_as_inserted(at, true).expect("bis");
    assert_eq!(f.w.renumber().expect("renumbered"), 1);
    assert_eq!(args(&f.w, "renumber"), vec![json!({ "count": 1 })]);

    // The command line keeps its English sentence, built from the same parts.
    let log = f.w.log(None).expect("log");
    let what = |kind: &str| log.iter().filter(|l| l.kind == kind).map(|l| l.what.clone()).collect::<Vec<_>>();
    assert_eq!(what("stage"), vec!["set the stage to comment round (comments due 2026-12-31)"]);
    assert_eq!(what("outcome"), vec!["recorded the outcome “accepted-modified” of Kenya’s comment on paragraph 1"]);
    assert_eq!(what("renumber"), vec!["numbered the 1 inserted paragraph(s) (bis, ter …) in sequence"]);
}
