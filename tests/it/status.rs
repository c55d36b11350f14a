//! Where the negotiation stands (issue #14 §1): each paragraph's status computed from its brackets and threads — agreed, agreed ad ref., open with its counts — the delegations holding the open brackets, the comments awaiting an outcome by delegation and type, and the changes since the last milestone; the same through `caucus status [--json]`.

use caucus::model::notes::OutcomeKind;
use caucus::model::types::{BracketInfo, BracketStatus};
use caucus::workshop::status::ParaStatus;
use caucus::{Coded, NewParagraph, ParaKind, Workshop};

use crate::rights::{fixture, Fixture};

fn position(w: &Workshop, start: &str) -> usize {
    w.paragraphs().iter().position(|p| p.para.text().starts_with(start)).unwrap_or_else(|| panic!("no paragraph {start}"))
}

/// The fixture's draft ("URGES Parties to act without delay;" with the chair's and Kenya's open
/// threads) and: an agreed preambular paragraph, one with a bracket held by Kenya and Peru, and
/// one whose bracket is agreed ad referendum.
fn negotiation(seed: u64) -> (Fixture, String, String) {
    let f = fixture(seed);
    let w = &f.w;
    w.add_paragraph(Some(0), NewParagraph::new(ParaKind::Preamble, "RECALLING Decision 17.92;")).expect("preamble");
    w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "ENCOURAGES Parties to establish national focal points;")).expect("op 2");
    w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "INVITES platforms to report annually;")).expect("op 3");
    let held = w.bracket(position(w, "ENCOURAGES"), "ENCOURAGES Parties to ".len(), "establish".len(), vec!["Kenya".into(), "Peru".into()]).expect("bracket");
    let ad_ref = w.bracket(position(w, "INVITES"), "INVITES platforms to ".len(), "report annually".len(), vec!["Peru".into()]).expect("bracket");
    w.set_bracket(&ad_ref, &BracketInfo { status: BracketStatus::AgreedAdRef, holders: vec!["Peru".into()], ..Default::default() }).expect("ad ref");
    (f, held, ad_ref)
}

#[test]
fn each_paragraph_is_agreed_agreed_ad_ref_or_open_from_its_brackets_and_threads() {
    let (f, held, _) = negotiation(601);
    let status = f.w.status().expect("status");
    let rows: Vec<(&str, ParaStatus, usize, usize, usize)> =
        status.paragraphs.iter().map(|p| (p.citation.as_str(), p.status, p.open_brackets, p.ad_ref_brackets, p.open_threads)).collect();
    assert_eq!(
        rows,
        [
            ("PP1", ParaStatus::Agreed, 0, 0, 0),
            ("1", ParaStatus::Open, 0, 0, 2),
            ("2", ParaStatus::Open, 1, 0, 0),
            ("3", ParaStatus::AgreedAdRef, 0, 1, 0),
        ]
    );
    assert_eq!((status.counts.agreed, status.counts.agreed_ad_ref, status.counts.open, status.counts.total), (1, 1, 2, 4));
    let open: Vec<(&str, &str, &[String])> = status.open_brackets.iter().map(|b| (b.citation.as_str(), b.text.as_str(), b.holders.as_slice())).collect();
    assert_eq!(open, [("2", "establish", &["Kenya".to_string(), "Peru".to_string()][..]), ("3", "report annually", &["Peru".to_string()][..])]);
    assert_eq!(status.holders.get("Kenya"), Some(&vec![held.clone()]));
    assert_eq!(status.holders.get("Peru"), Some(&vec![held.clone()]), "an agreed-ad-ref bracket is held by no one");
    let kenya = status.undisposed.iter().find(|u| u.delegation == "Kenya").expect("Kenya's comment");
    assert_eq!((kenya.general, kenya.total), (1, 1));
    assert_eq!(status.since, None, "no milestone yet");

    // The chair disposes of both threads and agrees the bracket: every paragraph is settled.
    f.w.record_outcome(&f.kenyas_thread, OutcomeKind::Noted, "").expect("outcome");
    f.w.set_resolved(&f.chairs_thread, true).expect("resolve");
    f.w.set_bracket(&held, &BracketInfo { status: BracketStatus::Agreed, holders: vec!["Kenya".into(), "Peru".into()], ..Default::default() }).expect("agreed");
    let settled = f.w.status().expect("status");
    assert_eq!((settled.counts.agreed, settled.counts.agreed_ad_ref, settled.counts.open), (3, 1, 0));
    assert!(settled.holders.is_empty() && settled.undisposed.is_empty(), "{settled:?}");
}

#[test]
fn the_status_counts_what_changed_since_the_last_milestone_and_by_whom() {
    let (f, ..) = negotiation(610);
    f.w.create_milestone("Report to SC70").expect("freeze");
    let last = position(&f.w, "INVITES");
    f.w.set_text(last, "INVITES platforms to report every year;").expect("edit");
    f.w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, "DIRECTS the Secretariat to report at CoP18;")).expect("insert");
    let since = f.w.status().expect("status").since.expect("a milestone");
    assert_eq!((since.milestone.as_str(), since.inserted, since.deleted, since.edited), ("Report to SC70", 1, 0, 1));
    assert_eq!(since.by.len(), 1, "the chair's delegation: {since:?}");
}

#[test]
fn caucus_status_prints_the_standing_and_its_json() {
    let (f, ..) = negotiation(620);
    let urges = (position(&f.w, "URGES") + 1).to_string();
    let dir = f.caucus.data_dir().to_path_buf();
    let id = f.w.id().to_string();
    drop(f.w);
    drop(f.caucus);
    let text = crate::cli::ok(&dir, &["status", &id]);
    assert!(text.contains("1 agreed, 1 agreed ad ref., 2 open (of 4)"), "{text}");
    assert!(text.contains("Kenya: 2 “establish”"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&crate::cli::ok(&dir, &["--json", "status", &id])).expect("json");
    assert_eq!(json["counts"]["open"], 2, "{json}");
    assert_eq!(json["paragraphs"][2]["status"], "open");
    assert_eq!(json["paragraphs"][3]["status"], "agreed-ad-ref");
    assert_eq!(json["undisposed"].as_array().map(Vec::len), Some(2), "the chair's and Kenya's comments: {json}");
    assert!(crate::cli::ok(&dir, &["para", "agree", &id, &urges]).contains("marked agreed"));
    let text = crate::cli::ok(&dir, &["status", &id]);
    assert!(text.contains("2 agreed, 1 agreed ad ref., 1 open (of 4)"), "{text}");
    crate::cli::ok(&dir, &["para", "agree", &id, &urges, "--withdraw"]);
    assert!(crate::cli::ok(&dir, &["status", &id]).contains("1 agreed, 1 agreed ad ref., 2 open"));
}

/// `caucus export --format status-docx|status-html`: the one-page report says what `caucus
/// status` says; LibreOffice reads the Word file back as the same text.
#[test]
fn the_status_report_is_a_word_document_and_a_web_page_that_say_the_same() {
    let (f, ..) = negotiation(630);
    f.w.create_milestone("Report to SC70").expect("freeze");
    let last = position(&f.w, "INVITES");
    f.w.set_text(last, "INVITES platforms to report every year;").expect("edit");
    let dir = f.caucus.data_dir().to_path_buf();
    let id = f.w.id().to_string();
    drop(f.w);
    drop(f.caucus);
    let out = crate::support::tempdir();
    let html_path = out.path().join("status.html");
    let docx_path = out.path().join("status.docx");
    crate::cli::ok(&dir, &["export", &id, "--format", "status-html", "-o", html_path.to_str().expect("utf-8")]);
    crate::cli::ok(&dir, &["export", &id, "--format", "status-docx", "-o", docx_path.to_str().expect("utf-8")]);
    let refused = crate::cli::fails(&dir, &["export", &id, "--format", "status-html", "--since", "Report to SC70"]);
    assert!(refused.contains("status report"), "{refused}");
    let html = std::fs::read_to_string(&html_path).expect("html");
    for expected in ["Paragraphs by status", "<td>Agreed ad referendum</td><td>1</td>", "<td>Kenya</td><td>2</td><td>[establish]</td>", "Changes since “Report to SC70”", "Paragraphs edited: 1, inserted: 0, deleted: 0, moved: 0, by Chair."] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    let Some(txt) = crate::table::soffice(&docx_path, "txt:Text (encoded):UTF8", None, out.path()) else { return };
    let text = std::fs::read_to_string(txt).expect("text");
    for expected in ["WHERE THE NEGOTIATION STANDS", "Paragraphs by status", "Agreed ad referendum", "Kenya", "[establish]", "Changes since “Report to SC70”"] {
        assert!(text.to_uppercase().contains(&expected.to_uppercase()), "{expected} in {text}");
    }
}

/// The chair marks a paragraph agreed: with threads still on it, it counts as agreed (the mark
/// says who and when); an open bracket keeps a marked paragraph open; withdrawing the mark
/// brings back the computed status; a delegate may not mark one.
#[test]
fn the_chairs_agreed_mark_settles_a_paragraph_without_an_open_bracket() {
    let (f, held, _) = negotiation(640);
    let urges = position(&f.w, "URGES");
    let mark = f.w.agree_paragraph(urges, true).expect("the chair marks it").expect("a mark");
    assert_eq!(mark.by, f.chair);
    let status = f.w.status().expect("status");
    let row = status.paragraphs.iter().find(|p| p.position == urges).expect("URGES");
    assert_eq!((row.status, row.open_threads, row.marked.as_ref()), (ParaStatus::Agreed, 2, Some(&mark)));
    let encourages = position(&f.w, "ENCOURAGES");
    f.w.agree_paragraph(encourages, true).expect("marked");
    let row = f.w.status().expect("status").paragraphs.into_iter().find(|p| p.position == encourages).expect("row");
    assert_eq!((row.status, row.open_brackets), (ParaStatus::Open, 1), "the open bracket [{held}] keeps it open");
    assert_eq!(f.w.agree_paragraph(urges, false).expect("withdrawn"), None);
    assert!(f.w.agreed_marks().get(&f.w.paragraphs()[urges].para.id).is_none());
    assert_eq!(f.w.status().expect("status").paragraphs.iter().find(|p| p.position == urges).map(|p| p.status), Some(ParaStatus::Open));
    let (_dir, _kb, wk) = crate::rights::kenyas_device(&f, 641);
    assert_eq!(wk.agree_paragraph(urges, true).expect_err("a delegate").code(), "rights.not_permitted");
}

/// Through a real relay: a mark written as the chair by the Secretariat, a delegate's mark, and a
/// mark that is no `{by, at}` map are refused whole; the Secretariat's own mark is taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_takes_an_agreed_mark_only_from_the_chair_or_the_secretariat_as_themselves() {
    use caucus::model::types::AgreedMark;
    use caucus::model::DocName;
    use crate::rights::{forge_draft, loopback, refused, send};
    let (f, ..) = negotiation(650);
    let relay = caucus::sync::relay::Relay::bind(f.caucus.clone(), loopback(), caucus::sync::relay::RelayOptions::default()).await.expect("bind");
    let id = f.w.paragraphs()[position(&f.w, "URGES")].para.id.clone();
    let at = "2026-11-27T12:00:00Z".to_string();
    // A mark is written with its entry in the draft's log (issue #14 §4), as its writer.
    let mark = |client, by: &str| {
        let m = AgreedMark { by: by.to_string(), at: at.clone() };
        let entry = caucus::LogEntry {
            id: format!("l-agreed{client}"),
            by: by.to_string(),
            at: at.clone(),
            action: caucus::LogAction::ParagraphAgreed { para: id.clone(), agreed: true },
        };
        forge_draft(&f.w, client, |txn, d| {
            d.set_agreed(txn, &id, Some(&m));
            d.append_log(txn, &entry);
        })
    };
    let unlogged = forge_draft(&f.w, 9405, |txn, d| d.set_agreed(txn, &id, Some(&AgreedMark { by: f.sec.clone(), at: at.clone() })));
    refused(send(&relay, &f, DocName::Draft, &f.sec, unlogged).await, "rights.unlogged", "a mark without its log entry");
    refused(send(&relay, &f, DocName::Draft, &f.sec, mark(9401, &f.chair)).await, "rights.not_author", "the Secretariat as the chair");
    refused(send(&relay, &f, DocName::Draft, &f.kenya, mark(9402, &f.kenya)).await, "rights.not_permitted", "a delegate's mark");
    let malformed = forge_draft(&f.w, 9403, |txn, d| {
        yrs::Map::insert(&d.agreed, txn, id.as_str(), "agreed");
    });
    refused(send(&relay, &f, DocName::Draft, &f.sec, malformed).await, "rights.malformed", "a mark that is no map");
    assert!(f.w.agreed_marks().is_empty(), "nothing refused was taken");
    send(&relay, &f, DocName::Draft, &f.sec, mark(9404, &f.sec)).await.expect("the Secretariat's own mark");
    assert_eq!(f.w.agreed_marks().get(&id).map(|m| m.by.as_str()), Some(f.sec.as_str()));
    relay.stop().await;
}
