//! Milestones and revisions: the draft as it was, and changes since then attributed to delegations.

use caucus::Coded;
use caucus::export::ir::ChangeKind;
use caucus::export::{ExportOptions, Format};
use caucus::model::draft::Draft;
use caucus::model::notes::Notes;
use caucus::model::roster::{Group, Role};
use caucus::workshop::NewMember;
use caucus::{DocName, Error, Marks, NewParagraph, ParaKind, Span, Workshop};
use yrs::updates::decoder::Decode;
use yrs::{GetString, Text, Transact, Update};

use crate::support::{device, new_workshop, outline, tempdir};

fn para(kind: ParaKind, text: &str) -> NewParagraph {
    NewParagraph::new(kind, text)
}

/// Edits the draft as another member's device would: its own Yjs client, recorded in `notes`.
fn edit_as(w: &Workshop, member: &str, client: u64, position: usize, at: u32, insert: &str) {
    replace_as(w, member, client, position, at, "", insert);
}

/// Replaces `old` at byte `at` of paragraph `position` by `insert`, as another member's device
/// would (deletes, then types at the same place).
fn replace_as(w: &Workshop, member: &str, client: u64, position: usize, at: u32, old: &str, insert: &str) {
    let draft = caucus::model::new_doc(DocName::Draft, client);
    let handles = Draft::new(&draft);
    let state = Update::decode_v1(&w.encode_state(DocName::Draft)).expect("state");
    draft.transact_mut().apply_update(state).expect("apply");
    let update = {
        let mut txn = draft.transact_mut();
        let el = handles.elements(&txn)[position].clone();
        let text = Draft::text_of(&txn, &el).expect("text");
        if !old.is_empty() {
            assert_eq!(text.get_string(&txn).get(at as usize..at as usize + old.len()), Some(old));
            text.remove_range(&mut txn, at, old.len() as u32);
        }
        text.insert(&mut txn, at, insert);
        txn.encode_update_v1()
    };
    w.apply_remote(DocName::Draft, &update, client).expect("the peer's edit is saved");
    let notes = caucus::model::new_doc(DocName::Notes, client);
    let handles = Notes::new(&notes);
    let record = {
        let mut txn = notes.transact_mut();
        handles.record_client(&mut txn, client, member);
        txn.encode_update_v1()
    };
    w.apply_remote(DocName::Notes, &record, client).expect("attribution saved");
}

#[test]
fn a_milestone_shows_the_draft_as_it_was() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 50), "Milestones");
    w.add_paragraph(None, para(ParaKind::Operative, "URGES Parties to act;")).expect("add");
    let m = w.create_milestone("Report to SC69").expect("milestone");
    assert_eq!(m.name, "Report to SC69");
    w.set_text(1, "URGES Parties to act now;").expect("edit");
    w.add_paragraph(None, para(ParaKind::Operative, "DIRECTS the Secretariat;")).expect("add");
    let then = w.milestone_view("Report to SC69").expect("view");
    let texts: Vec<String> = then.paragraphs.iter().map(|p| p.para.text()).collect();
    assert_eq!(texts, ["MILESTONES", "URGES Parties to act;"]);
    assert_eq!(w.milestones().expect("list").len(), 1);
    assert!(matches!(w.create_milestone("Report to SC69"), Err(Error::MilestoneExists(_))));
    assert!(matches!(w.milestone_view("SC99"), Err(Error::NoSuchMilestone(_))));
    assert!(w.create_milestone("  ").is_err());
}

#[test]
fn milestones_survive_reopening_and_compaction() {
    let dir = tempdir();
    let id = {
        let w = new_workshop(&device(dir.path(), 51), "Durable milestones");
        w.add_paragraph(None, para(ParaKind::Operative, "URGES 0")).expect("add");
        w.create_milestone("before").expect("milestone");
        for i in 1..=(caucus::workshop::COMPACT_AFTER_ROWS + 20) {
            w.set_text(1, &format!("URGES {i}")).expect("edit");
        }
        w.id().to_string()
    };
    let w = device(dir.path(), 52).open_workshop(&id).expect("reopen");
    assert_eq!(w.milestone_view("before").expect("view").paragraphs[1].para.text(), "URGES 0");
    let doc = w.compare("before", None).expect("compare after compaction");
    let block = &doc.blocks[1];
    assert_eq!(block.base_text(), "URGES 0");
    assert_eq!(block.current_text(), format!("URGES {}", caucus::workshop::COMPACT_AFTER_ROWS + 20));
}

#[test]
fn changes_since_a_milestone_are_paragraph_aware_and_name_the_delegation() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 53), "Revisions");
    for text in ["URGES Parties to act;", "DIRECTS the Secretariat to report;", "INVITES companies to help;"] {
        w.add_paragraph(None, para(ParaKind::Operative, text)).expect("add");
    }
    w.add_paragraph(None, para(ParaKind::Operative, "DECIDES to review;")).expect("add");
    let borealia = w
        .add_member(NewMember {
            name: "Delegate".into(),
            delegation: "Borealia".into(),
            role: Role::Delegate,
            group: Group::ConsumerCountry,
        })
        .expect("member");
    w.create_milestone("SC70").expect("milestone");

    edit_as(&w, &borealia.id, 777_001, 1, "URGES Parties to ".len() as u32, "swiftly ");
    w.delete_paragraph(2).expect("delete");
    w.add_paragraph(Some(2), para(ParaKind::Operative, "ENCOURAGES Parties to share data;")).expect("add");
    w.move_paragraph(4, 1).expect("move");

    let doc = w.compare("SC70", None).expect("compare");
    let changes: Vec<(String, Option<ChangeKind>, bool)> = doc
        .blocks
        .iter()
        .map(|b| (b.text(), b.change.as_ref().map(|c| c.kind), b.change.as_ref().is_some_and(|c| c.moved)))
        .collect();
    assert_eq!(
        changes,
        [
            ("REVISIONS".to_string(), None, false),
            ("DECIDES to review;".to_string(), Some(ChangeKind::Inserted), true),
            ("URGES Parties to swiftly act;".to_string(), None, false),
            ("DIRECTS the Secretariat to report;".to_string(), Some(ChangeKind::Deleted), false),
            ("ENCOURAGES Parties to share data;".to_string(), Some(ChangeKind::Inserted), false),
            ("INVITES companies to help;".to_string(), None, false),
            ("DECIDES to review;".to_string(), Some(ChangeKind::Deleted), true),
        ]
    );
    let urges = &doc.blocks[2];
    let inserted: Vec<_> = urges.runs.iter().filter(|r| r.change.is_some()).collect();
    assert_eq!(inserted.len(), 1);
    assert_eq!(inserted[0].text, "swiftly ");
    assert_eq!(inserted[0].change.as_ref().and_then(|c| c.author.clone()).as_deref(), Some("Borealia"));
    let encourages = &doc.blocks[4];
    assert_eq!(encourages.change.as_ref().and_then(|c| c.author.clone()).as_deref(), Some("Chair"), "the chair has no delegation: named by name");
    assert_eq!(outline(&w)[1..3], ["1. DECIDES to review;", "2. URGES Parties to swiftly act;"]);
}

/// A paragraph as a reader sees its redline: `{-deleted-}`, `{+inserted+}`, each change followed by
/// `|author` when it has one.
fn redline(block: &caucus::export::ir::Block) -> String {
    let mut out = String::new();
    for r in &block.runs {
        let Some(c) = &r.change else {
            out.push_str(&r.text);
            continue;
        };
        let sign = if c.kind == ChangeKind::Inserted { '+' } else { '-' };
        out.push_str(&format!("{{{sign}{}{sign}}}", r.text));
        if let Some(author) = &c.author {
            out.push_str(&format!("|{author}"));
        }
    }
    out
}

const SEIZURES: &str = "REQUESTS Parties to report seizures made in violation of the Convention to the Secretariat;";
const SEIZURES_NOW: &str = "REQUESTS Parties to report seizures made illegally within one day to the Secretariat;";

/// An operative paragraph `before`, a milestone, then the chair sets its text to `after`
/// (`Workshop::set_text`): the paragraph as compared with the milestone.
fn edited_since_a_milestone(seed: u64, before: &str, after: &str) -> caucus::export::ir::Block {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), seed), "Redline");
    w.add_paragraph(None, para(ParaKind::Operative, before)).expect("add");
    w.create_milestone("SC70").expect("milestone");
    w.set_text(1, after).expect("edit");
    let mut doc = w.compare("SC70", None).expect("compare");
    doc.blocks.swap_remove(1)
}

#[test]
fn a_replaced_phrase_reads_as_one_deletion_then_one_insertion() {
    let block = edited_since_a_milestone(58, SEIZURES, SEIZURES_NOW);
    assert_eq!(
        redline(&block),
        "REQUESTS Parties to report seizures made {-in violation of the Convention-}|Chair{+illegally within one day+}|Chair to the Secretariat;"
    );
    assert_eq!(block.runs.iter().filter(|r| r.change.is_some()).count(), 2, "one deleted run, one inserted run");
    assert_eq!(block.base_text(), SEIZURES);
    assert_eq!(block.current_text(), SEIZURES_NOW);
}

#[test]
fn marks_stay_on_the_words_of_a_grouped_change() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 59), "Marked redline");
    let spans = vec![
        Span::plain("URGES Parties to act "),
        Span { text: "without delay".into(), marks: Marks { em: true, ..Marks::default() } },
        Span::plain(";"),
    ];
    w.add_paragraph(None, NewParagraph { spans, ..para(ParaKind::Operative, "") }).expect("add");
    w.create_milestone("SC70").expect("milestone");
    w.set_text(1, "URGES Parties to act within one year;").expect("edit");

    let doc = w.compare("SC70", None).expect("compare");
    let runs: Vec<(&str, Option<ChangeKind>, bool)> =
        doc.blocks[1].runs.iter().map(|r| (r.text.as_str(), r.change.as_ref().map(|c| c.kind), r.marks.em)).collect();
    assert_eq!(
        runs,
        [
            ("URGES Parties to act ", None, false),
            ("without delay", Some(ChangeKind::Deleted), true),
            ("within one", Some(ChangeKind::Inserted), false),
            (" year", Some(ChangeKind::Inserted), true),
            (";", None, false),
        ],
        "one deletion then one insertion, each word with the marks it has in its version"
    );
    let now: Vec<(String, bool)> = w.paragraphs()[1].para.spans.iter().map(|s| (s.text.clone(), s.marks.em)).collect();
    assert_eq!(now, [("URGES Parties to act within one".to_string(), false), (" year".to_string(), true), (";".to_string(), false)]);
}

#[test]
fn two_delegations_adjacent_changes_stay_two_groups_each_with_its_author() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 60), "Two redlines");
    w.add_paragraph(None, para(ParaKind::Operative, "URGES Parties to act against illegal trade;")).expect("add");
    let member = |name: &str, delegation: &str| {
        w.add_member(NewMember { name: name.into(), delegation: delegation.into(), role: Role::Delegate, group: Group::ProducerCountry })
            .expect("member")
    };
    let (kenya, borealia) = (member("Delegate K", "Kenya"), member("Delegate B", "Borealia"));
    w.create_milestone("SC70").expect("milestone");
    // Kenya replaces two words one by one, Borealia the next word.
    let at = "URGES Parties to ".len() as u32;
    replace_as(&w, &kenya.id, 778_001, 1, at, "act", "move");
    replace_as(&w, &kenya.id, 778_001, 1, at + "move ".len() as u32, "against", "firmly on");
    replace_as(&w, &borealia.id, 778_002, 1, at + "move firmly on ".len() as u32, "illegal", "unlawful");

    let doc = w.compare("SC70", None).expect("compare");
    assert_eq!(
        redline(&doc.blocks[1]),
        "URGES Parties to {-act against-}{+move firmly on+}|Kenya {-illegal-}{+unlawful+}|Borealia trade;"
    );
    assert_eq!(doc.blocks[1].current_text(), "URGES Parties to move firmly on unlawful trade;");
}

#[test]
fn a_real_word_between_two_changes_keeps_them_apart() {
    let block = edited_since_a_milestone(
        61,
        "URGES Parties to act now against illegal wildlife trade;",
        "URGES Parties to move swiftly against unlawful online trade;",
    );
    assert_eq!(
        redline(&block),
        "URGES Parties to {-act now-}|Chair{+move swiftly+}|Chair against {-illegal wildlife-}|Chair{+unlawful online+}|Chair trade;"
    );
}

#[test]
fn caucus_diff_shows_a_replaced_phrase_as_one_deletion_and_one_insertion() {
    let dir = tempdir();
    let d = dir.path();
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_caucus")).args(args).env("CAUCUS_DATA_DIR", d).output().expect("run caucus");
        assert!(out.status.success(), "caucus {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8 output")
    };
    let id = cli(&["new", "--title", "Redline"]).trim().to_string();
    cli(&["para", "add", &id, "--kind", "operative", "--text", SEIZURES]);
    cli(&["milestone", "create", &id, "SC70"]);
    cli(&["para", "set", &id, "2", "--text", SEIZURES_NOW]);
    assert_eq!(
        cli(&["diff", &id, "--from", "SC70"]).trim_end(),
        "~ operative 1. REQUESTS Parties to report seizures made {-in violation of the Convention-}{+illegally within one day+} to the Secretariat;  — Chair"
    );
}

#[test]
fn comparing_two_milestones_ignores_what_came_after() {
    let dir = tempdir();
    let w = new_workshop(&device(dir.path(), 54), "Two milestones");
    w.add_paragraph(None, para(ParaKind::Operative, "URGES Parties to act;")).expect("add");
    w.create_milestone("A").expect("A");
    w.set_text(1, "URGES all Parties to act;").expect("edit");
    w.create_milestone("B").expect("B");
    w.set_text(1, "URGES all Parties to act today;").expect("edit");
    let doc = w.compare("A", Some("B")).expect("compare");
    assert_eq!(doc.blocks[1].base_text(), "URGES Parties to act;");
    assert_eq!(doc.blocks[1].current_text(), "URGES all Parties to act;");
}

#[test]
fn every_format_exports_with_revisions_and_comments() {
    let dir = tempdir();
    let caucus = device(dir.path(), 55);
    let w = caucus.open_sample().expect("sample");
    w.create_milestone("SC70").expect("milestone");
    w.set_text(7, "URGES all Parties to:").expect("edit");
    for format in Format::ALL {
        let mut options = ExportOptions::new(format);
        options.since = Some("SC70".into());
        options.comments = true;
        let bytes = w.export(&options).expect("export");
        assert!(bytes.len() > 500, "{format}: {} bytes", bytes.len());
    }
    let mut options = ExportOptions::new(Format::Html);
    options.since = Some("SC70".into());
    options.comments = true;
    let html = String::from_utf8(w.export(&options).expect("html")).expect("utf-8");
    assert!(html.contains("<ins title=\"Inserted by Dunmere\">all </ins>"), "{html}");
    assert!(html.contains("class=\"comments\""));
    assert!(html.contains("including through mandatory reporting obligations"));
}

/// Ids and dates vary per run: mask them so snapshots show only what readers read.
fn masked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| c == 'p' || c == 'b' || c == 'c' || c == 'm' || c == '2') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let id_like = rest.len() > 12
            && rest.as_bytes()[1] == b'-'
            && rest.as_bytes()[2..12].iter().all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(b))
            && !rest.as_bytes().get(12).is_some_and(|b| b.is_ascii_alphanumeric());
        let date_like = rest.len() >= 20 && rest.as_bytes()[..20].iter().copied().enumerate().all(|(k, b)| match k {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 | 16 => b == b':',
            19 => b == b'Z',
            _ => b.is_ascii_digit(),
        });
        if id_like {
            out.push_str(&rest[..2]);
            out.push_str("ID");
            rest = &rest[12..];
        } else if date_like {
            out.push_str("DATE");
            rest = &rest[20..];
        } else {
            let c = rest.chars().next().map_or(1, char::len_utf8);
            out.push_str(&rest[..c]);
            rest = &rest[c..];
        }
    }
    out.push_str(rest);
    out
}

fn reviewed_sample() -> (tempfile::TempDir, Workshop) {
    let dir = tempdir();
    let caucus = device(dir.path(), 56);
    let w = caucus.open_sample().expect("sample");
    w.create_milestone("Report to SC70").expect("milestone");
    w.set_text(7, "URGES all Parties to:").expect("edit");
    w.delete_paragraph(14).expect("delete");
    w.add_paragraph(Some(15), para(ParaKind::Operative, "CALLS UPON Parties to share information on cases;")).expect("add");
    (dir, w)
}

#[test]
fn html_with_revisions_and_margin_comments_snapshot() {
    let (_dir, w) = reviewed_sample();
    let mut options = ExportOptions::new(Format::Html);
    options.since = Some("Report to SC70".into());
    options.comments = true;
    let html = String::from_utf8(w.export(&options).expect("html")).expect("utf-8");
    let body = &html[html.find("<body>").unwrap_or(0)..];
    insta::assert_snapshot!("sample_html_revisions", masked(body));
}

#[test]
fn markdown_with_revisions_and_comments_snapshot() {
    let (_dir, w) = reviewed_sample();
    let mut options = ExportOptions::new(Format::Md);
    options.since = Some("Report to SC70".into());
    options.comments = true;
    let md = String::from_utf8(w.export(&options).expect("md")).expect("utf-8");
    insta::assert_snapshot!("sample_md_revisions", masked(&md));
}

#[test]
fn only_the_chair_or_the_secretariat_freezes_a_milestone() {
    let dir = tempdir();
    let caucus = device(dir.path(), 57);
    let w = new_workshop(&caucus, "Roles");
    let delegate = w
        .add_member(NewMember { name: "Delegate".into(), delegation: "Arcadia".into(), role: Role::Delegate, group: Group::ProducerCountry })
        .expect("member");
    // This device now acts for the delegate.
    caucus
        .store()
        .put_identity(&caucus::store::IdentityRecord {
            workshop: w.id().to_string(),
            member: delegate.id.clone(),
            public_key: Vec::new(),
            secret_key: None,
        })
        .wait()
        .expect("identity");
    let err = w.create_milestone("Not mine to freeze").expect_err("refused");
    assert_eq!(err.code(), "rights.not_permitted");
    assert!(w.milestones().expect("list").is_empty());
}
