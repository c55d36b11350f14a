//! The workshop model through the façade: numbering, paragraph edits, comments and their anchors, the roster, identity.

use caucus::Coded;
use caucus::cites::{letters_value, roman_value};
use caucus::model::notes::Anchor;
use caucus::model::numbering::{letters, number, roman};
use caucus::model::roster::{Group, Role};
use caucus::workshop::NewMember;
use caucus::{DocName, Error, ModelError, NewParagraph, ParaKind, Paragraph};

use crate::support::{device, new_workshop, outline, tempdir};

fn para(kind: ParaKind, level: u8, text: &str) -> NewParagraph {
    let mut p = NewParagraph::new(kind, text);
    p.level = level;
    p
}

#[test]
fn numbering_is_computed_operative_items_and_roman_sub_items_restart_where_cites_restarts_them() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 1), "Numbering");
    for (kind, level, text) in [
        (ParaKind::Preamble, 0, "RECALLING Decision 17.D;"),
        (ParaKind::Operative, 0, "URGES Parties to:"),
        (ParaKind::Item, 1, "act;"),
        (ParaKind::Item, 2, "now;"),
        (ParaKind::Item, 2, "later; and"),
        (ParaKind::Item, 1, "report;"),
        (ParaKind::Item, 2, "yearly;"),
        (ParaKind::Operative, 0, "DIRECTS the Secretariat to:"),
        (ParaKind::Item, 1, "assist;"),
    ] {
        w.add_paragraph(None, para(kind, level, text)).expect("add");
    }
    assert_eq!(
        outline(&w),
        [
            "NUMBERING",
            "RECALLING Decision 17.D;",
            "1. URGES Parties to:",
            "a) act;",
            "i) now;",
            "ii) later; and",
            "b) report;",
            "i) yearly;",
            "2. DIRECTS the Secretariat to:",
            "a) assist;",
        ]
    );
}

/// The case table the UI's numbering (`ui/src/editor/numbering.ts`) is tested against too.
const NUMBERING_CASES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/numbering-cases.json"));

#[derive(serde::Deserialize)]
struct NumberingCases {
    letters: Vec<(u32, String)>,
    roman: Vec<(u32, String)>,
    sequences: Vec<NumberingSequence>,
}

#[derive(serde::Deserialize)]
struct NumberingSequence {
    name: String,
    paragraphs: Vec<(String, u8, Option<String>)>,
    numbers: Vec<Option<String>>,
}

#[test]
fn numbering_follows_the_case_table_the_ui_is_tested_against_too() {
    let cases: NumberingCases = serde_json::from_str(NUMBERING_CASES).expect("tests/data/numbering-cases.json");
    assert!(!cases.letters.is_empty() && !cases.roman.is_empty() && !cases.sequences.is_empty());
    for (n, expected) in &cases.letters {
        assert_eq!(&letters(*n), expected, "letters({n})");
        assert_eq!(letters_value(expected), Some((*n).max(1)), "letters_value({expected})");
    }
    for (n, expected) in &cases.roman {
        assert_eq!(&roman(*n), expected, "roman({n})");
        assert_eq!(roman_value(expected), Some(*n), "roman_value({expected})");
    }
    for case in cases.sequences {
        let paragraphs = case
            .paragraphs
            .into_iter()
            .enumerate()
            // As the draft reads a kind it does not know: as text.
            .map(|(i, (kind, level, label))| Paragraph {
                id: format!("p{i}"),
                kind: kind.parse().unwrap_or(ParaKind::Text),
                level,
                label,
                spans: Vec::new(),
            })
            .collect();
        let numbers: Vec<Option<String>> = number(paragraphs).into_iter().map(|p| p.number).collect();
        assert_eq!(numbers, case.numbers, "{}", case.name);
    }
}

#[test]
fn decisions_keep_their_labels_and_items_restart_under_each() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 2), "Decisions");
    w.add_paragraph(None, para(ParaKind::Heading, 0, "Directed to Parties")).expect("add");
    let mut d = para(ParaKind::Decision, 0, "All Parties should:");
    d.label = Some("17.A".into());
    w.add_paragraph(None, d).expect("add");
    w.add_paragraph(None, para(ParaKind::Item, 1, "provide;")).expect("add");
    let mut d = para(ParaKind::Decision, 0, "The Secretariat shall:");
    d.label = Some("17.B".into());
    w.add_paragraph(None, d).expect("add");
    w.add_paragraph(None, para(ParaKind::Item, 1, "engage;")).expect("add");
    assert_eq!(
        outline(&w)[1..],
        ["Directed to Parties", "17.A All Parties should:", "a) provide;", "17.B The Secretariat shall:", "a) engage;"]
    );
}

#[test]
fn moving_a_paragraph_keeps_its_id_and_renumbers_the_rest() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 3), "Move");
    let first = w.add_paragraph(None, para(ParaKind::Operative, 0, "URGES;")).expect("add");
    w.add_paragraph(None, para(ParaKind::Operative, 0, "DIRECTS;")).expect("add");
    w.add_paragraph(None, para(ParaKind::Operative, 0, "DECIDES;")).expect("add");
    let moved = w.move_paragraph(1, 3).expect("move");
    assert_eq!(moved.id, first.id);
    assert_eq!(outline(&w)[1..], ["1. DIRECTS;", "2. DECIDES;", "3. URGES;"]);
}

#[test]
fn kind_level_and_label_change_the_computed_number() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 4), "Kinds");
    w.add_paragraph(None, para(ParaKind::Operative, 0, "URGES Parties to:")).expect("add");
    w.add_paragraph(None, para(ParaKind::Text, 0, "act;")).expect("add");
    w.set_kind(2, ParaKind::Item).expect("kind");
    w.set_level(2, 1).expect("level");
    assert_eq!(outline(&w)[2], "a) act;");
    w.set_level(2, 2).expect("level");
    assert_eq!(outline(&w)[2], "i) act;");
    assert!(matches!(w.set_level(2, 3), Err(Error::Model(ModelError::BadLevel(3)))));
    assert!(matches!(w.set_kind(9, ParaKind::Text), Err(Error::Model(ModelError::NoSuchParagraph { .. }))));
}

#[test]
fn setting_text_keeps_unchanged_words_so_a_comment_on_them_stays_anchored() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 5), "Anchors");
    w.add_paragraph(None, para(ParaKind::Operative, 0, "URGES Parties to adopt legislation;")).expect("add");
    let thread = w.add_comment("adopt legislation", "Which legislation?", None, None).expect("comment");
    w.set_text(1, "STRONGLY URGES all Parties to adopt legislation without delay;").expect("edit");
    let thread = w.thread(&thread.id).expect("thread");
    match thread.anchor {
        Anchor::Attached { position, text, .. } => {
            assert_eq!(position, 1);
            assert_eq!(text, "adopt legislation");
        }
        Anchor::Orphaned => panic!("the comment lost its anchor"),
    }
}

#[test]
fn a_comment_whose_words_were_deleted_is_orphaned_with_its_quote_never_dropped() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 6), "Orphans");
    w.add_paragraph(None, para(ParaKind::Operative, 0, "URGES Parties to act swiftly;")).expect("add");
    w.add_paragraph(None, para(ParaKind::Operative, 0, "DIRECTS the Secretariat to report;")).expect("add");
    let on_words = w.add_comment("swiftly", "Too vague", None, None).expect("comment");
    let on_para = w.add_comment("report", "To whom?", None, None).expect("comment");
    w.set_text(1, "URGES Parties to act;").expect("edit");
    w.delete_paragraph(2).expect("delete");
    let threads = w.threads();
    assert_eq!(threads.len(), 2);
    for (id, quote) in [(&on_words.id, "swiftly"), (&on_para.id, "report")] {
        let t = threads.iter().find(|t| &t.id == id).expect("thread kept");
        assert_eq!(t.anchor, Anchor::Orphaned, "{quote}");
        assert_eq!(t.quote, quote);
    }
}

#[test]
fn a_quote_must_be_found_once() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 7), "Quotes");
    w.add_paragraph(None, para(ParaKind::Preamble, 0, "NOTING Parties;")).expect("add");
    w.add_paragraph(None, para(ParaKind::Operative, 0, "URGES Parties;")).expect("add");
    assert!(matches!(w.add_comment("Parties", "x", None, None), Err(Error::Model(ModelError::QuoteAmbiguous(2)))));
    assert!(matches!(w.add_comment("absent words", "x", None, None), Err(Error::Model(ModelError::QuoteNotFound(_)))));
    let t = w.add_comment("Parties", "in the operative part", None, Some(2)).expect("narrowed to a paragraph");
    assert!(matches!(t.anchor, Anchor::Attached { position: 2, .. }));
}

#[test]
fn threads_take_replies_and_are_resolved_and_reopened() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 8), "Threads");
    w.add_paragraph(None, para(ParaKind::Operative, 0, "URGES Parties to act;")).expect("add");
    let observer = w
        .add_member(NewMember { name: "Analyst".into(), delegation: "An NGO".into(), role: Role::Observer, group: Group::Ngo })
        .expect("member");
    let t = w.add_comment("act", "Act how?", Some(&observer.id), None).expect("comment");
    assert_eq!(t.author, observer.id);
    let t = w.reply(&t.id, "Through legislation.", None).expect("reply");
    assert_eq!(t.replies.len(), 1);
    assert_eq!(t.replies[0].author, w.me().expect("me"));
    assert!(w.set_resolved(&t.id, true).expect("resolve").resolved);
    assert!(!w.set_resolved(&t.id, false).expect("reopen").resolved);
    assert!(matches!(w.set_resolved("c-none", true), Err(Error::Model(ModelError::NoSuchThread(_)))));
    assert!(w.add_comment("act", "x", Some("m-nobody"), None).is_err());
}

#[test]
fn removing_a_member_is_recorded_and_they_stay_listed() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 9), "Roster");
    let d = w
        .add_member(NewMember {
            name: "Delegate".into(),
            delegation: "Borealia".into(),
            role: Role::Delegate,
            group: Group::ConsumerCountry,
        })
        .expect("member");
    let removed = w.remove_member(&d.id).expect("remove");
    assert_eq!(removed.removed.as_deref(), Some("2026-11-27T12:00:00Z"));
    let members = w.members();
    assert_eq!(members.len(), 2, "the chair and the removed delegate");
    assert!(members.iter().any(|m| m.id == d.id && m.removed.is_some()));
    assert!(matches!(w.remove_member(&d.id), Err(Error::Model(ModelError::MemberRemoved(_)))));
}

#[test]
fn the_workshop_id_is_derived_from_the_chairs_key_kept_in_the_local_store() {
    let dir = tempdir();
    let caucus = device(dir.path(), 10);
    let w = new_workshop(&caucus, "Identity");
    let identity = caucus.store().identity(w.id()).expect("read").expect("stored");
    assert!(identity.secret_key.is_some());
    let key = ed25519_dalek::VerifyingKey::from_bytes(
        identity.public_key.as_slice().try_into().expect("32 bytes"),
    )
    .expect("a valid key");
    assert_eq!(caucus::identity::workshop_id(&key), w.id());
    let chair = w.member(&identity.member).expect("the chair is a member");
    assert_eq!(chair.role, Role::Chair);
}

#[test]
fn import_replaces_the_draft_in_one_saved_transaction() {
    let dir = tempdir();
    let caucus = device(dir.path(), 11);
    let w = new_workshop(&caucus, "Import");
    let (rows_before, _) = caucus.store().room_stats(w.id(), DocName::Draft).expect("stats");
    let bytes = std::fs::read(crate::support::FIXTURE_PATH).expect("fixture");
    w.import(&bytes).expect("import");
    let (rows_after, _) = caucus.store().room_stats(w.id(), DocName::Draft).expect("stats");
    assert_eq!(rows_after, rows_before + 1);
    let view = w.view().expect("view");
    assert_eq!(view.meta.kind, caucus::DraftKind::Decisions);
    let labels: Vec<_> = view.paragraphs.iter().filter_map(|p| p.para.label.clone()).collect();
    assert_eq!(labels, ["17.A", "17.B", "17.C", "17.D", "17.E"]);
}

#[test]
fn bad_input_to_import_changes_nothing() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 12), "Refused");
    w.add_paragraph(None, para(ParaKind::Operative, 0, "URGES;")).expect("add");
    let before = w.encode_state(DocName::Draft);
    for input in [&b""[..], b"   \n\n", b"\x00\x01\x02binary", b"caf\xe9 not utf-8"] {
        let err = w.import(input).expect_err("refused");
        assert!(err.code().starts_with("import."), "{}", err.code());
    }
    assert_eq!(w.encode_state(DocName::Draft), before);
}

#[test]
fn the_sample_workshop_has_a_resolution_members_by_role_a_bracket_and_comments() {
    let dir = tempdir();
    let caucus = device(dir.path(), 13);
    let w = caucus.open_sample().expect("sample");
    assert_eq!(caucus.open_sample().expect("again").id(), w.id(), "created once");
    let view = w.view().expect("view");
    assert_eq!(view.meta.kind, caucus::DraftKind::Resolution);
    assert!(view.paragraphs.iter().any(|p| p.number.as_deref() == Some("1.")));
    assert_eq!(view.brackets.len(), 1);
    let roles: std::collections::BTreeSet<_> = w.members().iter().map(|m| m.role).collect();
    assert_eq!(roles.len(), 4);
    let threads = w.threads();
    assert!(threads.len() >= 3);
    assert!(threads.iter().all(|t| matches!(t.anchor, Anchor::Attached { .. })));
    // Half-way through a negotiation: frozen when it went out for comments, one proposal
    // applied since (Arcadia's), a bracket and comments still open.
    let milestones = w.milestones().expect("milestones");
    assert_eq!(milestones.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), [caucus::sample::SENT_FOR_COMMENTS]);
    let status = w.status().expect("status");
    let since = status.since.expect("changes since the milestone");
    assert_eq!((since.edited, since.by.as_slice()), (1, &["Arcadia".to_string()][..]), "{since:?}");
    assert!(status.counts.open > 0 && status.counts.agreed > 0, "{:?}", status.counts);
}
