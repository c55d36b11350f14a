//! A delegation's returned Word draft (issue #14 §6): Caucus's own DOCX export edited as Word would with tracked changes (w:ins / w:del with their authors), imported as one proposal per changed paragraph, attributed as recorded; applying them makes the draft read as the Word file did; refused whole when it may not be written.

use std::io::{Read as _, Write as _};

use caucus::model::notes::{CommentType, ProposalKind};
use caucus::model::roster::{Group, Role, Stage};
use caucus::workshop::NewMember;
use caucus::{Coded, NewParagraph, ParaKind, Workshop};

use crate::support::{device, new_workshop, tempdir};

struct Fixture {
    _dir: tempfile::TempDir,
    w: Workshop,
    kenya: String,
    peru: String,
    /// The draft's position of `PARAGRAPHS[0]` (the title comes first).
    at: usize,
}

const PARAGRAPHS: [&str; 6] = [
    "RECALLING Decisions 17.C and 17.D;",
    "NOTING the work of ICCWC on wildlife crime;",
    "URGES Parties to:",
    "adopt legislation on the sale online of specimens;",
    "designate a focal point;",
    "ENCOURAGES Parties to raise public awareness of the illegal wildlife trade;",
];

/// A resolution of six paragraphs (the fourth and fifth items), a roster with Kenya and Peru,
/// this device the chair's, in a comment round.
fn fixture(seed: u64) -> Fixture {
    let dir = tempdir();
    let caucus = device(dir.path(), seed);
    let w = new_workshop(&caucus, "Wildlife cybercrime");
    let at = w.paragraphs().len();
    let kinds = [ParaKind::Preamble, ParaKind::Preamble, ParaKind::Operative, ParaKind::Item, ParaKind::Item, ParaKind::Operative];
    for (kind, text) in kinds.into_iter().zip(PARAGRAPHS) {
        w.add_paragraph(None, NewParagraph::new(kind, text)).expect("paragraph");
    }
    let add = |name: &str, delegation: &str| {
        w.add_member(NewMember { name: name.into(), delegation: delegation.into(), role: Role::Delegate, group: Group::Expert }).expect("member").id
    };
    let kenya = add("Delegate of Kenya", "Kenya");
    let peru = add("Delegate of Peru", "Peru");
    w.set_stage(Stage::CommentRound, Some("2026-12-31")).expect("comment round");
    Fixture { _dir: dir, w, kenya, peru, at }
}

/// The parts of a ZIP package, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            (f.name().map(|n| n.to_string()).unwrap_or_default(), data)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).expect("entry");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// One tracked change: in the run holding `words`, `old` deleted and `new` inserted by `author`.
struct Change<'a> {
    words: &'a str,
    old: &'a str,
    new: &'a str,
    author: &'a str,
    date: &'a str,
}

/// The draft exported as DOCX by Caucus, then edited as Word edits with Track Changes on: each
/// change splits the run holding its words into the kept text, a `w:del` and a `w:ins`.
fn returned_word_draft(w: &Workshop, changes: &[Change<'_>]) -> Vec<u8> {
    let exported = w.export(&caucus::export::ExportOptions::new(caucus::export::Format::Docx)).expect("docx");
    with_tracked_changes(&exported, changes)
}

fn with_tracked_changes(exported: &[u8], changes: &[Change<'_>]) -> Vec<u8> {
    let mut parts = unzip(exported);
    let (_, document) = parts.iter_mut().find(|(n, _)| n == "word/document.xml").expect("document.xml");
    let mut xml = String::from_utf8(document.clone()).expect("utf-8");
    for (id, c) in changes.iter().enumerate() {
        let run = format!(">{}</w:t></w:r>", c.words);
        assert!(xml.contains(&run), "the export writes {:?} in one run", c.words);
        let (before, after) = c.words.split_once(c.old).expect("old words in the run");
        let del = if c.old.is_empty() {
            String::new()
        } else {
            format!("<w:del w:id=\"{}\" w:author=\"{}\" w:date=\"{}\"><w:r><w:delText xml:space=\"preserve\">{}</w:delText></w:r></w:del>", 900 + 2 * id, c.author, c.date, c.old)
        };
        let ins = format!("<w:ins w:id=\"{}\" w:author=\"{}\" w:date=\"{}\"><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:ins>", 901 + 2 * id, c.author, c.date, c.new);
        let edited = format!(">{before}</w:t></w:r>{del}{ins}<w:r><w:t xml:space=\"preserve\">{after}</w:t></w:r>");
        xml = xml.replacen(&run, &edited, 1);
    }
    *document = xml.into_bytes();
    rezip(&parts)
}

fn texts(w: &Workshop) -> Vec<String> {
    w.paragraphs().iter().map(|p| p.para.text()).collect()
}

const JANE: &str = "2026-11-20T10:00:00Z";
const JOHN: &str = "2026-11-21T09:30:00Z";

fn kenyas_changes() -> Vec<Change<'static>> {
    vec![
        Change { words: "NOTING the work of ICCWC on wildlife crime;", old: "", new: " and INTERPOL", author: "Jane Doe", date: JANE },
        Change { words: "adopt legislation on the sale online of specimens;", old: "legislation", new: "laws", author: "Jane Doe", date: JANE },
        Change { words: "designate a focal point;", old: "a focal point", new: "a specialized unit", author: "John Roe", date: JOHN },
    ]
}

#[test]
fn tracked_changes_become_one_proposal_per_changed_paragraph_recorded_for_the_delegation() {
    let f = fixture(8101);
    // Inserting after "ICCWC": the run is split before the insertion's text.
    let mut changes = kenyas_changes();
    changes[0] = Change { words: "NOTING the work of ICCWC on wildlife crime;", old: " on", new: " and INTERPOL on", author: "Jane Doe", date: JANE };
    let docx = returned_word_draft(&f.w, &changes);
    let report = f.w.import_word_proposals(&docx, Some(&f.kenya)).expect("import");
    let me = f.w.me().expect("me");
    assert_eq!((report.changed_paragraphs, report.proposals.len(), report.unmatched.len()), (3, 3, 0), "{report:?}");
    assert_eq!(report.word_authors, ["Jane Doe", "John Roe"]);
    assert_eq!((report.author.as_str(), report.recorded_by.as_deref()), (f.kenya.as_str(), Some(me.as_str())));
    let positions: Vec<(usize, &str)> = report.proposals.iter().map(|p| (p.position, p.matched_by)).collect();
    assert_eq!(positions, [(f.at + 1, "text"), (f.at + 3, "text"), (f.at + 4, "text")]);

    let expected = [
        (1, "NOTING the work of ICCWC and INTERPOL on wildlife crime;", "Tracked changes by Jane Doe (2026-11-20) in the returned Word draft."),
        (3, "adopt laws on the sale online of specimens;", "Tracked changes by Jane Doe (2026-11-20) in the returned Word draft."),
        (4, "designate a specialized unit;", "Tracked changes by John Roe (2026-11-21) in the returned Word draft."),
    ];
    for (p, (position, proposed, body)) in report.proposals.iter().zip(expected) {
        let t = f.w.thread(&p.thread).expect("thread");
        assert_eq!((t.author.as_str(), t.recorded_by.as_deref(), t.delegation.as_str()), (f.kenya.as_str(), Some(me.as_str()), "Kenya"));
        assert_eq!((t.kind, t.body.as_str()), (CommentType::General, body));
        let proposal = t.proposal.clone().expect("a proposal");
        assert_eq!((proposal.kind, proposal.text.as_str()), (ProposalKind::Replace, proposed));
        // On the whole paragraph it was.
        assert_eq!(t.quote, PARAGRAPHS[position]);
        assert_eq!(f.w.proposal_target(&t.id).expect("target").position, f.at + position);
    }

    // Applied, the draft reads as the delegation's Word file with its changes accepted.
    for p in &report.proposals {
        f.w.apply_proposal(&p.thread, false).expect("apply");
    }
    let word_text = caucus::import::import_text(&docx).expect("the Word file, changes accepted");
    let word_paragraphs: Vec<String> = word_text.paragraphs.iter().map(|p| p.text()).collect();
    assert_eq!(texts(&f.w), word_paragraphs);
    assert_eq!(texts(&f.w)[f.at + 1], "NOTING the work of ICCWC and INTERPOL on wildlife crime;");
}

#[test]
fn a_delegate_records_only_their_own_proposals() {
    let f = fixture(8102);
    let docx = returned_word_draft(&f.w, &kenyas_changes());
    // Kenya's own device.
    let dir = tempdir();
    let b = device(dir.path(), 8103);
    let full = caucus::bundle::export(&f.w, None).expect("bundle");
    caucus::bundle::import_with(&b, &full.bytes, caucus::bundle::ImportOptions { adopt: true }).expect("adopt");
    b.store()
        .put_identity(&caucus::store::IdentityRecord { workshop: f.w.id().into(), member: f.kenya.clone(), public_key: Vec::new(), secret_key: None })
        .wait()
        .expect("identity");
    let wk = b.open_exact(f.w.id()).expect("open");
    let refused = wk.import_word_proposals(&docx, Some(&f.peru)).expect_err("Kenya may not record for Peru");
    assert_eq!(refused.code(), "rights.not_permitted");
    assert!(wk.threads().is_empty(), "nothing written");
    let report = wk.import_word_proposals(&docx, None).expect("Kenya's own");
    assert_eq!((report.proposals.len(), report.author.as_str(), report.recorded_by.as_deref()), (3, f.kenya.as_str(), None));
    let t = wk.thread(&report.proposals[0].thread).expect("thread");
    assert_eq!((t.author.as_str(), t.recorded_by.as_deref(), t.delegation.as_str()), (f.kenya.as_str(), None, "Kenya"));
}

#[test]
fn a_paragraph_changed_in_the_draft_since_is_matched_by_its_place_and_one_rewritten_is_reported_not_guessed() {
    let f = fixture(8104);
    let docx = returned_word_draft(
        &f.w,
        &[
            Change { words: "designate a focal point;", old: "a focal point", new: "a specialized unit", author: "John Roe", date: JOHN },
            Change { words: PARAGRAPHS[5], old: "raise", new: "build", author: "Jane Doe", date: JANE },
        ],
    );
    // Since the draft went out: paragraph 5 lightly edited, paragraph 6 rewritten.
    f.w.set_text(f.at + 4, "designate a national focal point;").expect("edit");
    f.w.set_text(f.at + 5, "DIRECTS the Secretariat to report at the next meeting.").expect("edit");
    let report = f.w.import_word_proposals(&docx, Some(&f.kenya)).expect("import");
    assert_eq!((report.changed_paragraphs, report.proposals.len()), (2, 1), "{report:?}");
    assert_eq!((report.proposals[0].position, report.proposals[0].matched_by), (f.at + 4, "position"));
    let t = f.w.thread(&report.proposals[0].thread).expect("thread");
    assert!(t.body.contains("before the changes, the paragraph read: designate a focal point;"), "{}", t.body);
    assert_eq!(report.unmatched.len(), 1);
    assert!(report.unmatched[0].why.contains("matches no paragraph of the draft"), "{:?}", report.unmatched[0]);
    assert_eq!(f.w.threads().len(), 1, "no thread for the paragraph that matched nothing");
}

#[test]
fn a_damaged_file_or_one_without_tracked_changes_is_refused_and_nothing_is_written() {
    let f = fixture(8105);
    let docx = returned_word_draft(&f.w, &kenyas_changes());
    let refused = |bytes: &[u8]| f.w.import_word_proposals(bytes, Some(&f.kenya)).expect_err("refused").code();
    assert_eq!(refused(&docx[..docx.len() / 2]), "import.damaged-docx");
    assert_eq!(refused(b"URGES Parties to act;"), "import.damaged-docx");
    let plain = f.w.export(&caucus::export::ExportOptions::new(caucus::export::Format::Docx)).expect("docx");
    assert_eq!(refused(&plain), "import.no-tracked-changes");
    // A closed workshop takes no proposals.
    f.w.set_stage(Stage::Closed, None).expect("close");
    assert_eq!(refused(&docx), "rights.stage");
    assert!(f.w.threads().is_empty());
}

#[test]
fn the_command_line_imports_a_returned_word_draft_and_prints_its_report() {
    use crate::cli::{fails, ok};
    let dir = tempdir();
    let d = dir.path();
    let ws = ok(d, &["new", "--title", "Word"]).trim().to_string();
    ok(d, &["para", "add", &ws, "--kind", "operative", "--text", "URGES Parties to adopt legislation;"]);
    let exported = d.join("sent.docx");
    ok(d, &["export", &ws, "--format", "docx", "-o", exported.to_str().expect("path")]);
    let change = Change { words: "URGES Parties to adopt legislation;", old: "legislation", new: "strict laws", author: "Jane Doe", date: JANE };
    let returned = d.join("returned.docx");
    std::fs::write(&returned, with_tracked_changes(&std::fs::read(&exported).expect("read"), &[change])).expect("write");
    let text = ok(d, &["comment", "import-word", &ws, returned.to_str().expect("path")]);
    assert!(text.starts_with("1 paragraphs with tracked changes: 1 proposals, 0 matched no paragraph of the draft"), "{text}");
    assert!(text.contains("Word authors: Jane Doe"), "{text}");
    let comments: serde_json::Value = serde_json::from_str(&ok(d, &["--json", "comment", "list", &ws])).expect("json");
    assert_eq!(comments[0]["proposal"]["text"], "URGES Parties to adopt strict laws;");
    assert!(fails(d, &["comment", "import-word", &ws, exported.to_str().expect("path")]).contains("no tracked changes"));
}

#[test]
fn a_bracketed_packaged_paragraph_is_matched_by_its_text_and_keeps_its_bracket_once_applied() {
    let f = fixture(8106);
    let position = f.at + 3;
    let bracket = f.w.bracket(position, "adopt ".len(), "legislation".len(), vec!["Kenya".into()]).expect("bracket");
    f.w.package_brackets(std::slice::from_ref(&bracket), Some("A")).expect("package");
    let change = Change { words: " on the sale online of specimens;", old: "sale online", new: "online sale", author: "Jane Doe", date: JANE };
    let docx = returned_word_draft(&f.w, &[change]);
    let report = f.w.import_word_proposals(&docx, Some(&f.kenya)).expect("import");
    assert_eq!(report.proposals.iter().map(|p| (p.position, p.matched_by)).collect::<Vec<_>>(), [(position, "text")], "{report:?}");
    let t = f.w.thread(&report.proposals[0].thread).expect("thread");
    // The Word text without its square brackets (marks in the draft) or the package's superscript label.
    assert_eq!(t.proposal.expect("proposal").text, "adopt legislation on the online sale of specimens;");
    f.w.apply_proposal(&t.id, false).expect("apply");
    let para = f.w.paragraphs().into_iter().nth(position).expect("paragraph").para;
    assert_eq!(para.text(), "adopt legislation on the online sale of specimens;");
    let bracketed: String = para.spans.iter().filter(|s| s.marks.bracket.as_deref() == Some(bracket.as_str())).map(|s| s.text.as_str()).collect();
    assert_eq!(bracketed, "legislation", "the bracket stays on its words");
}
