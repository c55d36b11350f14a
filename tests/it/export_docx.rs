//! Word (.docx) export: package structure and well-formed parts, snapshots of the body and comments, determinism, escaping, Word's line numbering, and checks by a real reader (LibreOffice through UNO: text, PDF, accept/reject all tracked changes, comments, line numbers).

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use caucus::Coded;
use caucus::export::docx::{self, DocxError, DocxOptions, RevisionMarks};
use caucus::export::ir::{Block, Change, ChangeKind, Comment, Document, Reply, RevisionBase, Run};
use caucus::{BracketInfo, BracketStatus, DraftKind, DraftMeta, Marks, ParaKind};

const FIXTURE: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cop17-com2-draft-decisions-wildlife-cybercrime.txt"));
const LO_PACKAGES: &str = "libreoffice-writer-nogui python3-uno poppler-utils";
const CONVENTION: &str = "CONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES\nOF WILD FAUNA AND FLORA";
const CONFERENCE: &str = "THE CONFERENCE OF THE PARTIES TO THE CONVENTION";

// ---------------------------------------------------------------------------------------------
// Documents

/// The document the app would export right after importing `text`.
fn imported(text: &str) -> Document {
    Document::from_view(&crate::support::imported_view(text))
}

fn fixture() -> Document {
    imported(FIXTURE)
}

fn sample() -> Document {
    imported(caucus::sample::DRAFT)
}

fn change(kind: ChangeKind, author: &str, date: &str) -> Option<Change> {
    Some(Change { kind, author: Some(author.to_string()), date: date.to_string(), moved: false })
}

fn run(text: &str) -> Run {
    Run::plain(text)
}

fn ins(text: &str, author: &str) -> Run {
    Run { change: change(ChangeKind::Inserted, author, date_of(author)), ..Run::plain(text) }
}

fn del(text: &str, author: &str) -> Run {
    Run { change: change(ChangeKind::Deleted, author, date_of(author)), ..Run::plain(text) }
}

const ARCADIA_DATE: &str = "2026-11-27T12:00:00Z";
const BOREALIA_DATE: &str = "2026-11-28T10:30:00+01:00";

/// Each delegation made its changes on its own day (one with a time-zone offset).
fn date_of(author: &str) -> &'static str {
    if author == "Borealia" {
        BOREALIA_DATE
    } else {
        ARCADIA_DATE
    }
}

fn commented(mut run: Run, ids: &[&str]) -> Run {
    run.comments = ids.iter().map(|s| s.to_string()).collect();
    run
}

fn block(id: &str, kind: ParaKind, level: u8, number: Option<&str>, runs: Vec<Run>) -> Block {
    Block { id: id.into(), kind, level, label: None, number: number.map(str::to_string), change: None, runs }
}

/// A draft resolution with the changes since a milestone, made by hand: insertions and
/// deletions in several paragraphs, an inserted paragraph, a deleted paragraph, a moved one,
/// two delegations, a bracket, XML-special characters, two comments (one with a reply) and an
/// orphaned one.
fn revisions() -> Document {
    let moved = |kind, author: &str| {
        let mut c = change(kind, author, date_of(author));
        if let Some(c) = &mut c {
            c.moved = true;
        }
        c
    };
    let bracket = Marks { bracket: Some("b1".into()), ..Marks::default() };
    let blocks = vec![
        block("p1", ParaKind::Title, 0, None, vec![run("Draft resolution on combating wildlife cybercrime")]),
        block(
            "p2",
            ParaKind::Preamble,
            0,
            None,
            vec![
                run("RECALLING Decisions 17.C and 17.D"),
                ins(" (Rev. CoP17)", "Arcadia"),
                run(", adopted at the 17th meeting of the Conference of the Parties"),
                del(" (Johannesburg, 2016)", "Borealia"),
                run(";"),
            ],
        ),
        Block {
            change: change(ChangeKind::Deleted, "Borealia", BOREALIA_DATE),
            ..block("p3", ParaKind::Preamble, 0, None, vec![run("CONCERNED that illegal trade conducted online is difficult to detect;")])
        },
        Block {
            change: moved(ChangeKind::Deleted, "Arcadia"),
            ..block("p4", ParaKind::Preamble, 0, None, vec![run("NOTING the work of ICCWC & INTERPOL on crime linked to the <Internet>;")])
        },
        block(
            "p5",
            ParaKind::Preamble,
            0,
            None,
            vec![
                run("AWARE that "),
                commented(run("online marketplaces"), &["c1"]),
                commented(del(" and \"social\" media", "Borealia"), &["c1"]),
                run(" have become a channel for illegal trade;"),
            ],
        ),
        Block {
            change: moved(ChangeKind::Inserted, "Arcadia"),
            ..block("p4", ParaKind::Preamble, 0, None, vec![run("NOTING the work of ICCWC & INTERPOL on crime linked to the <Internet>;")])
        },
        block("p6", ParaKind::Operative, 0, Some("1."), vec![run("URGES Parties to:")]),
        block(
            "p7",
            ParaKind::Item,
            1,
            Some("a)"),
            vec![
                run("adopt "),
                del("or strengthen ", "Borealia"),
                commented(run("legislation that addresses the sale online of specimens"), &["c2"]),
                ins(", in cooperation with online technology companies", "Arcadia"),
                run(" "),
                Run { marks: bracket.clone(), ..run("including through ") },
                Run { marks: bracket.clone(), ..ins("voluntary", "Arcadia") },
                Run { marks: bracket, ..del("mandatory", "Borealia") },
                run(" reporting; and"),
            ],
        ),
        Block {
            change: change(ChangeKind::Inserted, "Arcadia", ARCADIA_DATE),
            ..block("p8", ParaKind::Item, 2, Some("i)"), vec![run("the monitoring of online marketplaces; and")])
        },
        block("p9", ParaKind::Item, 1, Some("b)"), vec![run("designate a focal point for wildlife cybercrime;")]),
        block(
            "p10",
            ParaKind::Operative,
            0,
            Some("2."),
            vec![
                run("DIRECTS the Secretariat"),
                del(", subject to external funding,", "Borealia"),
                run(" to report at "),
                Run { marks: Marks { em: true, ..Marks::default() }, ..run("each") },
                run(" regular meeting of the "),
                Run { marks: Marks { strong: true, ..Marks::default() }, ..ins("Standing Committee", "Arcadia") },
                Run { marks: Marks { underline: true, ..Marks::default() }, ..del("Conference", "Borealia") },
                run("."),
            ],
        ),
    ];
    Document {
        meta: DraftMeta {
            title: "Draft resolution on combating wildlife cybercrime".into(),
            symbol: "CoP18 Doc. 79.1 Annex".into(),
            meeting: "Eighteenth meeting of the Conference of the Parties".into(),
            kind: DraftKind::Resolution,
            language: "English".into(),
        },
        lang: caucus::cites::Lang::En,
        blocks,
        brackets: BTreeMap::from([("b1".to_string(), BracketInfo { status: BracketStatus::Open, holders: vec!["Borealia".into()], ..Default::default() })]),
        comments: vec![
            Comment {
                id: "c1".into(),
                author: "Wildlife trade analyst (Wildlife Trade Monitoring Network)".into(),
                initials: "WTA".into(),
                date: "2026-11-27T12:05:00Z".into(),
                body: "Messaging services should be named too.".into(),
                quote: "online marketplaces and \"social\" media".into(),
                replies: vec![Reply {
                    author: "Delegate of Borealia (Borealia)".into(),
                    initials: "DOB".into(),
                    date: "2026-11-28T09:00:00Z".into(),
                    body: "Agreed; we will propose wording.".into(),
                }],
                orphaned: false,
            },
            Comment {
                id: "c2".into(),
                author: "Environmental law adviser (Centre for Environmental Law)".into(),
                initials: "".into(),
                date: "2026-11-27T13:00:00Z".into(),
                body: "Refer to existing national legislation frameworks & <model laws>.".into(),
                quote: "legislation that addresses the sale online of specimens".into(),
                replies: vec![],
                orphaned: false,
            },
            Comment {
                id: "c3".into(),
                author: "Digital forensics expert (Institute for Digital Forensics)".into(),
                initials: "DFE".into(),
                date: "2026-11-27T14:00:00Z".into(),
                body: "Digital evidence needs its own paragraph.".into(),
                quote: "preservation of digital evidence".into(),
                replies: vec![],
                orphaned: true,
            },
        ],
        revisions: Some(RevisionBase {
            since: "Report to SC70".into(),
            since_date: "2026-11-01T00:00:00Z".into(),
            date: "2026-11-28T12:00:00Z".into(),
        }),
    }
}

fn render(doc: &Document, marks: RevisionMarks, comments: bool) -> Vec<u8> {
    docx::render(doc, &DocxOptions { marks, comments, line_numbers: false }).unwrap_or_else(|e| panic!("render failed ({}): {e}", e.code()))
}

fn tracked(doc: &Document) -> Vec<u8> {
    render(doc, RevisionMarks::Tracked, true)
}

// ---------------------------------------------------------------------------------------------
// Reading the package back (independently of the writer)

/// The entries of a ZIP archive in order, each inflated and checked against its CRC and size.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
    assert!(bytes.len() >= 22 && bytes.starts_with(b"PK\x03\x04"), "not a ZIP archive");
    let end = bytes.len() - 22;
    assert_eq!(u32_at(end), 0x0605_4b50, "no end of central directory record");
    let count = u16_at(end + 10);
    let mut at = u32_at(end + 16);
    assert_eq!(at + u32_at(end + 12), end, "central directory size");
    let mut entries = Vec::new();
    for _ in 0..count {
        assert_eq!(u32_at(at), 0x0201_4b50, "central directory record");
        let method = u16_at(at + 10);
        let (time, date) = (u16_at(at + 12), u16_at(at + 14));
        let (crc, compressed, size) = (u32_at(at + 16), u32_at(at + 20), u32_at(at + 24));
        let (name_len, extra, comment) = (u16_at(at + 28), u16_at(at + 30), u16_at(at + 32));
        let local = u32_at(at + 42);
        let name = String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).expect("UTF-8 name");
        assert_eq!((method, time, date), (8, 0, 0x21), "{name}: deflated, dated 1980-01-01");
        assert_eq!(u32_at(local), 0x0403_4b50, "{name}: local header");
        let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let mut content = Vec::new();
        flate2::read::DeflateDecoder::new(&bytes[data..data + compressed]).read_to_end(&mut content).expect("inflate");
        assert_eq!(content.len(), size, "{name}: size");
        let mut sum = flate2::Crc::new();
        sum.update(&content);
        assert_eq!(sum.sum() as usize, crc, "{name}: CRC-32");
        entries.push((name, content));
        at += 46 + name_len + extra + comment;
    }
    entries
}

pub(crate) fn part(bytes: &[u8], name: &str) -> String {
    unzip(bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, c)| String::from_utf8(c).expect("UTF-8 part"))
        .unwrap_or_else(|| panic!("no part {name}"))
}

/// One element per line, indented, with namespace prefixes `w:`/`r:`; text inline. The ids of
/// revision marks (`w:ins`, `w:del`) and every date are masked.
fn pretty(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed: {e}"));
    let mut out = String::new();
    pretty_node(doc.root_element(), 0, &mut out);
    out
}

fn qualified(ns: Option<&str>, name: &str) -> String {
    match ns {
        Some("http://schemas.openxmlformats.org/wordprocessingml/2006/main") => format!("w:{name}"),
        Some("http://schemas.openxmlformats.org/officeDocument/2006/relationships") => format!("r:{name}"),
        Some("http://www.w3.org/XML/1998/namespace") => format!("xml:{name}"),
        _ => name.to_string(),
    }
}

fn pretty_node(node: roxmltree::Node, depth: usize, out: &mut String) {
    let name = qualified(node.tag_name().namespace(), node.tag_name().name());
    let mut line = format!("{}<{name}", "  ".repeat(depth));
    for attr in node.attributes() {
        let attr_name = qualified(attr.namespace(), attr.name());
        let value = match attr_name.as_str() {
            "w:date" => "{date}",
            "w:id" if matches!(name.as_str(), "w:ins" | "w:del") => "{id}",
            _ => attr.value(),
        };
        line.push_str(&format!(" {attr_name}=\"{value}\""));
    }
    let children: Vec<_> = node.children().filter(|c| c.is_element() || c.is_text()).collect();
    if children.is_empty() {
        out.push_str(&format!("{line}/>\n"));
    } else if children.iter().all(|c| c.is_text()) {
        let text: String = children.iter().filter_map(|c| c.text()).collect();
        out.push_str(&format!("{line}>{text:?}</{name}>\n"));
    } else {
        out.push_str(&format!("{line}>\n"));
        for child in children.iter().filter(|c| c.is_element()) {
            pretty_node(*child, depth + 1, out);
        }
        out.push_str(&format!("{}</{name}>\n", "  ".repeat(depth)));
    }
}

/// The text of `w:t` and `w:delText` elements of a part, paragraph by paragraph.
fn paragraph_texts(xml: &str, tag: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            p.descendants()
                .filter_map(|n| {
                    if n.has_tag_name((W, tag)) {
                        n.text().map(str::to_string)
                    } else if n.has_tag_name((W, "tab")) && n.parent().is_some_and(|r| r.has_tag_name((W, "r"))) {
                        Some("\t".into())
                    } else {
                        None
                    }
                })
                .collect()
        })
        .collect()
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

// ---------------------------------------------------------------------------------------------
// Expected texts

/// A block's text in one version (`drop` = what that version leaves out: deleted text for the
/// current one, inserted text for the base), with `[` `]` around each run of one bracket id
/// that keeps some text, and its number before a tab. `None` when the block is not in it.
fn version_text(block: &Block, drop: Option<ChangeKind>) -> Option<String> {
    let kind_of = |c: &Option<Change>| c.as_ref().map(|c| c.kind);
    if drop.is_some() && kind_of(&block.change) == drop {
        return None;
    }
    let mut out = String::new();
    if let Some(n) = &block.number {
        out.push_str(n);
        out.push('\t');
    }
    let mut rest = block.runs.as_slice();
    while let Some(first) = rest.first() {
        let len = rest.iter().take_while(|r| r.marks.bracket == first.marks.bracket).count();
        let (group, tail) = rest.split_at(len);
        let kept: String = group
            .iter()
            .filter(|r| drop.is_none() || kind_of(&r.change).or(kind_of(&block.change)) != drop)
            .map(|r| r.text.as_str())
            .collect();
        let all_dropped = drop.is_some() && group.iter().all(|r| kind_of(&r.change).or(kind_of(&block.change)) == drop);
        if first.marks.bracket.is_some() && !all_dropped {
            out.push_str(&format!("[{kept}]"));
        } else {
            out.push_str(&kept);
        }
        rest = tail;
    }
    Some(out)
}

/// The paragraphs a reader should find: the header block, then every block of the version.
fn expected_paragraphs(doc: &Document, drop: Option<ChangeKind>) -> Vec<String> {
    let meta = &doc.meta;
    let mut out = vec![match meta.symbol.as_str() {
        "" => format!("Original language: {}", meta.language),
        symbol => format!("Original language: {}\t{symbol}", meta.language),
    }];
    out.push(CONVENTION.to_string());
    if !meta.meeting.is_empty() {
        out.push(meta.meeting.clone());
    }
    if !doc.blocks.iter().any(|b| b.kind == ParaKind::Title) && !meta.title.is_empty() {
        out.push(meta.title.clone());
    }
    let conference = doc.conference_line_before();
    for (i, block) in doc.blocks.iter().enumerate() {
        if conference == Some(i) {
            out.push(CONFERENCE.to_string());
        }
        out.extend(version_text(block, drop));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Package and XML

#[test]
fn the_package_has_every_part_in_a_fixed_order() {
    let names = |bytes: &[u8]| unzip(bytes).into_iter().map(|(n, _)| n).collect::<Vec<_>>();
    let base = [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "word/_rels/document.xml.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/footer1.xml",
    ];
    assert_eq!(names(&tracked(&fixture())), base);
    let mut with_comments = base.to_vec();
    with_comments.push("word/comments.xml");
    assert_eq!(names(&tracked(&revisions())), with_comments);
    assert_eq!(names(&render(&revisions(), RevisionMarks::Tracked, false)), base);
}

#[test]
fn every_part_is_well_formed_xml_and_every_relationship_resolves() {
    let docs = [
        ("fixture", tracked(&fixture())),
        ("sample", tracked(&sample())),
        ("revisions", tracked(&revisions())),
        ("revisions-visual", render(&revisions(), RevisionMarks::Visual, true)),
        ("revisions-no-comments", render(&revisions(), RevisionMarks::Tracked, false)),
    ];
    for (label, bytes) in &docs {
        let parts = unzip(bytes);
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        for (name, content) in &parts {
            let text = std::str::from_utf8(content).unwrap_or_else(|_| panic!("{label}: {name} is not UTF-8"));
            if let Err(e) = roxmltree::Document::parse(text) {
                panic!("{label}: {name} is not well-formed: {e}");
            }
        }
        let types = part(bytes, "[Content_Types].xml");
        let types = roxmltree::Document::parse(&types).expect("well-formed");
        for o in types.descendants().filter(|n| n.has_tag_name("Override")) {
            let name = o.attribute("PartName").unwrap_or_default().trim_start_matches('/');
            assert!(names.contains(&name), "{label}: content type for missing part {name}");
        }
        for (rels, dir) in [("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word/")] {
            let rels = part(bytes, rels);
            let rels = roxmltree::Document::parse(&rels).expect("well-formed");
            for r in rels.descendants().filter(|n| n.has_tag_name("Relationship")) {
                let target = format!("{dir}{}", r.attribute("Target").unwrap_or_default());
                assert!(names.contains(&target.as_str()), "{label}: relationship to missing part {target}");
            }
        }
        let document = part(bytes, "word/document.xml");
        let body = roxmltree::Document::parse(&document).expect("well-formed");
        let ids: Vec<&str> = body
            .descendants()
            .filter(|n| n.has_tag_name((W, "ins")) || n.has_tag_name((W, "del")))
            .filter_map(|n| n.attribute((W, "id")))
            .collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{label}: revision ids are unique");
    }
}

#[test]
fn rendering_is_deterministic() {
    assert_eq!(tracked(&revisions()), tracked(&revisions()));
    assert_eq!(tracked(&fixture()), tracked(&fixture()));
}

#[test]
fn text_is_escaped_and_characters_xml_forbids_are_dropped() {
    let nasty = "A & B <c> \"d\" 'e' ]]> \u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{fffe}\u{ffff} é – 😀";
    let clean = "A & B <c> \"d\" 'e' ]]>  é – 😀";
    let mut doc = revisions();
    doc.meta.symbol = nasty.into();
    doc.meta.meeting = nasty.into();
    doc.blocks[1].runs[0].text = nasty.into();
    doc.blocks[1].runs[1].text = nasty.into();
    doc.blocks[1].runs[3].text = nasty.into();
    doc.comments[0].author = nasty.into();
    doc.comments[0].body = nasty.into();
    doc.comments[0].replies[0].body = nasty.into();
    doc.brackets.insert(nasty.into(), BracketInfo::default());
    for marks in [RevisionMarks::Tracked, RevisionMarks::Visual] {
        let bytes = render(&doc, marks, true);
        for (name, content) in unzip(&bytes) {
            let text = String::from_utf8(content).expect("UTF-8");
            if let Err(e) = roxmltree::Document::parse(&text) {
                panic!("{name} is not well-formed: {e}");
            }
        }
        let document = part(&bytes, "word/document.xml");
        let texts = paragraph_texts(&document, "t");
        assert!(texts.iter().any(|t| t.contains(clean)), "{marks:?}: {texts:?}");
        let comments = part(&bytes, "word/comments.xml");
        assert!(comments.contains("w:author=\"A &amp; B &lt;c&gt; &quot;d&quot;"), "{comments}");
        assert!(paragraph_texts(&comments, "t").iter().any(|t| t.contains(clean)));
        let footer = part(&bytes, "word/footer1.xml");
        assert!(paragraph_texts(&footer, "t").concat().starts_with(&format!("{clean} – p. ")));
    }
    if let Some(pos) = doc.blocks[1].runs.iter().position(|r| r.change.as_ref().is_some_and(|c| c.kind == ChangeKind::Deleted)) {
        let document = part(&render(&doc, RevisionMarks::Tracked, true), "word/document.xml");
        assert!(paragraph_texts(&document, "delText").iter().any(|t| t.contains(clean)), "deleted run {pos}");
    }
}

#[test]
fn a_tab_or_line_break_in_a_run_becomes_a_word_tab_or_break() {
    let mut doc = revisions();
    doc.blocks[9].runs[0].text = "one\ttwo\nthree".into();
    let document = part(&tracked(&doc), "word/document.xml");
    assert!(document.contains("one</w:t><w:tab/><w:t xml:space=\"preserve\">two</w:t><w:br/>"), "{document}");
}

#[test]
fn the_body_is_laid_out_as_a_cites_document() {
    let doc = sample();
    let bytes = tracked(&doc);
    let document = part(&bytes, "word/document.xml");
    let texts = paragraph_texts(&document, "t");
    assert_eq!(texts, expected_paragraphs(&doc, None).iter().map(|t| t.replace('\n', "")).collect::<Vec<_>>());
    let styles = part(&bytes, "word/styles.xml");
    assert!(styles.contains("w:ascii=\"Arial\"") && styles.contains("<w:sz w:val=\"20\"/>"), "Arial 10pt");
    assert!(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4");
    assert!(document.contains("<w:pStyle w:val=\"CitesOperative\"/>") && document.contains("<w:pStyle w:val=\"CitesItem2\"/>"));
    assert!(document.contains("<w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>"));
    let footer = part(&bytes, "word/footer1.xml");
    assert!(footer.contains("CoP18 Doc. 79.1 Annex – p. </w:t>") && footer.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"));
    // Decision labels are bold, and a fixture without a symbol has a footer of page numbers.
    let fixture_doc = tracked(&fixture());
    let fixture_body = part(&fixture_doc, "word/document.xml");
    assert!(fixture_body.contains("<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">17.A</w:t><w:tab/></w:r>"));
    assert!(part(&fixture_doc, "word/footer1.xml").contains("<w:t xml:space=\"preserve\">p. </w:t>"));
}

/// Each body paragraph's style and whether it carries `w:suppressLineNumbers`, and the section's
/// `w:lnNumType` attributes (None when there is none).
fn line_numbering(document: &str) -> (Vec<(String, bool, String)>, Option<Vec<(String, String)>>) {
    let doc = roxmltree::Document::parse(document).expect("well-formed");
    let paragraphs = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let ppr = p.children().find(|n| n.has_tag_name((W, "pPr")));
            let style = ppr
                .and_then(|ppr| ppr.children().find(|n| n.has_tag_name((W, "pStyle"))))
                .and_then(|s| s.attribute((W, "val")))
                .unwrap_or_default()
                .to_string();
            let suppressed = ppr.is_some_and(|ppr| ppr.children().any(|n| n.has_tag_name((W, "suppressLineNumbers"))));
            let text: String = p.descendants().filter(|n| n.has_tag_name((W, "t")) || n.has_tag_name((W, "delText"))).filter_map(|n| n.text()).collect();
            (style, suppressed, text)
        })
        .collect();
    let ln = doc.descendants().find(|n| n.has_tag_name((W, "lnNumType"))).map(|n| {
        assert!(n.parent().is_some_and(|p| p.has_tag_name((W, "sectPr"))), "w:lnNumType in the section properties");
        n.attributes().map(|a| (a.name().to_string(), a.value().to_string())).collect()
    });
    (paragraphs, ln)
}

#[test]
fn line_numbers_are_words_own_numbering_per_page_with_the_header_block_left_out() {
    let header_styles = ["CitesTopLine", "CitesConvention", "CitesMeeting", "CitesFront"];
    // The sample through `caucus export --line-numbers`, and the fixture (with front matter and
    // tracked changes: revisions) through the library.
    let sample = crate::export_pdf::cli_export_of_the_sample("docx", &["--line-numbers"]);
    let lines = |doc: &Document| {
        docx::render(doc, &DocxOptions { marks: RevisionMarks::Tracked, comments: true, line_numbers: true })
            .unwrap_or_else(|e| panic!("render failed ({}): {e}", e.code()))
    };
    for (name, bytes) in [("sample", sample), ("fixture", lines(&fixture())), ("revisions", lines(&revisions()))] {
        let (paragraphs, ln) = line_numbering(&part(&bytes, "word/document.xml"));
        let expected = [("countBy", "1"), ("distance", "283"), ("restart", "newPage")].map(|(k, v)| (k.to_string(), v.to_string()));
        assert_eq!(ln.as_deref(), Some(&expected[..]), "{name}: every line, 0.5 cm from the text, restarting on each page");
        for (style, suppressed, text) in &paragraphs {
            let counted = !header_styles.contains(&style.as_str()) && !text.trim().is_empty();
            assert_eq!(!suppressed, counted, "{name}: a {style:?} paragraph {text:?}");
        }
        assert!(paragraphs.iter().filter(|(_, suppressed, _)| *suppressed).count() >= 3, "{name}: the header block");
        assert!(part(&bytes, "word/styles.xml").contains("w:styleId=\"LineNumber\""), "{name}: 8 pt numbers");
    }
    let (fixture_paragraphs, _) = line_numbering(&part(&lines(&fixture()), "word/document.xml"));
    assert!(fixture_paragraphs.iter().any(|(style, ..)| style == "CitesFront"), "the fixture has front matter");

    // Without the flag: no line numbering at all (the snapshots hold the rest of the bytes).
    for (name, bytes) in [("sample", crate::export_pdf::cli_export_of_the_sample("docx", &[])), ("fixture", tracked(&fixture()))] {
        let (paragraphs, ln) = line_numbering(&part(&bytes, "word/document.xml"));
        assert_eq!(ln, None, "{name}");
        assert!(paragraphs.iter().all(|(_, suppressed, _)| !suppressed), "{name}");
        assert!(!part(&bytes, "word/styles.xml").contains("LineNumber"), "{name}");
    }
}

#[test]
fn the_revisions_document_body_matches_its_snapshot() {
    let bytes = tracked(&revisions());
    insta::assert_snapshot!("revisions_document_xml", pretty(&part(&bytes, "word/document.xml")));
}

#[test]
fn the_revisions_comments_match_their_snapshot() {
    let bytes = tracked(&revisions());
    insta::assert_snapshot!("revisions_comments_xml", pretty(&part(&bytes, "word/comments.xml")));
}

#[test]
fn tracked_changes_carry_the_delegation_and_date_and_mark_whole_paragraphs() {
    let document = part(&tracked(&revisions()), "word/document.xml");
    let xml = roxmltree::Document::parse(&document).expect("well-formed");
    let marks: Vec<(String, &str, &str)> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "ins")) || n.has_tag_name((W, "del")))
        .map(|n| {
            (n.tag_name().name().to_string(), n.attribute((W, "author")).unwrap_or(""), n.attribute((W, "date")).unwrap_or(""))
        })
        .collect();
    assert!(marks.contains(&("ins".into(), "Arcadia", "2026-11-27T12:00:00Z")));
    assert!(marks.contains(&("del".into(), "Borealia", "2026-11-28T09:30:00Z")), "dates in UTC: {marks:?}");
    // Paragraph marks of whole inserted/deleted paragraphs: in w:pPr/w:rPr.
    let mark_kinds: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "rPr")) && n.parent().is_some_and(|p| p.has_tag_name((W, "pPr"))))
        .flat_map(|n| n.children().filter(|c| c.is_element()).map(|c| c.tag_name().name()))
        .collect();
    assert_eq!(mark_kinds, ["del", "del", "ins", "ins"]);
    // An author-less change is by "Unknown".
    let mut doc = revisions();
    if let Some(c) = doc.blocks[1].runs[1].change.as_mut() {
        c.author = None;
    }
    assert!(part(&tracked(&doc), "word/document.xml").contains("w:author=\"Unknown\""));
}

/// The DOCX body of the first operative paragraph, written as `spans`, after a milestone and
/// the chair's `set_text(after)`: its elements after the properties, `|` between them, a plain
/// run as its text, a tracked change as `<ins author>text</ins>` (`<ins author, N runs>` when it
/// holds more than one `w:r`).
fn tracked_since_a_milestone(seed: u64, spans: Vec<caucus::Span>, after: &str) -> String {
    let dir = crate::support::tempdir();
    let w = crate::support::new_workshop(&crate::support::device(dir.path(), seed), "Redline");
    w.add_paragraph(None, caucus::NewParagraph { spans, ..caucus::NewParagraph::new(ParaKind::Operative, "") }).expect("add");
    w.create_milestone("SC70").expect("milestone");
    w.set_text(1, after).expect("edit");
    let mut options = caucus::export::ExportOptions::new(caucus::export::Format::Docx);
    options.since = Some("SC70".into());
    let document = part(&w.export(&options).expect("docx"), "word/document.xml");
    let xml = roxmltree::Document::parse(&document).expect("well-formed");
    let para = xml
        .descendants()
        .find(|n| n.has_tag_name((W, "pStyle")) && n.attribute((W, "val")) == Some("CitesOperative"))
        .and_then(|style| style.parent()?.parent())
        .expect("the operative paragraph");
    para.children()
        .filter(|n| n.is_element() && !n.has_tag_name((W, "pPr")))
        .map(|n| {
            let text: String =
                n.descendants().filter(|t| t.has_tag_name((W, "t")) || t.has_tag_name((W, "delText"))).filter_map(|t| t.text()).collect();
            let runs = n.descendants().filter(|r| r.has_tag_name((W, "r"))).count();
            match (n.tag_name().name(), n.attribute((W, "author"))) {
                ("r", _) => text,
                (tag, author) => {
                    let count = if runs > 1 { format!(", {runs} runs") } else { String::new() };
                    format!("<{tag} {}{count}>{text}</{tag}>", author.unwrap_or(""))
                }
            }
        })
        .collect::<Vec<_>>()
        .join("|")
}

#[test]
fn a_phrase_replaced_since_a_milestone_is_one_tracked_deletion_then_one_tracked_insertion() {
    let base = "REQUESTS Parties to report seizures made in violation of the Convention to the Secretariat;";
    let now = "REQUESTS Parties to report seizures made illegally within one day to the Secretariat;";
    assert_eq!(
        tracked_since_a_milestone(62, vec![caucus::Span::plain(base)], now),
        "1.|REQUESTS Parties to report seizures made |<del Chair>in violation of the Convention</del>\
         |<ins Chair>illegally within one day</ins>| to the Secretariat;"
    );
}

#[test]
fn a_replaced_phrase_whose_words_have_different_marks_is_still_one_tracked_change_each_way() {
    let spans = vec![
        caucus::Span::plain("URGES Parties to act "),
        caucus::Span { text: "without delay".into(), marks: Marks { em: true, ..Marks::default() } },
        caucus::Span::plain(";"),
    ];
    // Typed text takes the marks at its left: "within one" plain, " year" emphasised.
    assert_eq!(
        tracked_since_a_milestone(63, spans, "URGES Parties to act within one year;"),
        "1.|URGES Parties to act |<del Chair>without delay</del>|<ins Chair, 2 runs>within one year</ins>|;"
    );
}

#[test]
fn visual_marks_underline_insertions_and_strike_deletions_without_tracked_changes() {
    let document = part(&render(&revisions(), RevisionMarks::Visual, true), "word/document.xml");
    assert!(!document.contains("<w:ins") && !document.contains("<w:del") && !document.contains("delText"));
    assert!(document.contains("<w:r><w:rPr><w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\"> (Rev. CoP17)</w:t></w:r>"));
    assert!(document.contains("<w:r><w:rPr><w:strike/></w:rPr><w:t xml:space=\"preserve\"> (Johannesburg, 2016)</w:t></w:r>"));
    assert!(document.contains("<w:rPr><w:b/><w:bCs/><w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">Standing Committee"));
    assert!(document.contains("<w:rPr><w:strike/><w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">Conference"));
    // Every version's text is there, numbers included.
    let texts = paragraph_texts(&document, "t");
    assert!(texts.contains(&"i)\tthe monitoring of online marketplaces; and".to_string()));
    assert!(texts.contains(&"CONCERNED that illegal trade conducted online is difficult to detect;".to_string()));
}

#[test]
fn comments_can_be_left_out() {
    let document = part(&render(&revisions(), RevisionMarks::Tracked, false), "word/document.xml");
    assert!(!document.contains("comment"));
    let clean = part(&tracked(&fixture()), "word/document.xml");
    assert!(!clean.contains("comment"), "a draft without comments has no anchors");
}

#[test]
fn orphaned_comments_are_anchored_at_the_start_and_quote_their_words() {
    let bytes = tracked(&revisions());
    let document = part(&bytes, "word/document.xml");
    let first = document.find("<w:p>").expect("a paragraph");
    assert!(document[first..].starts_with(
        "<w:p><w:pPr><w:pStyle w:val=\"CitesTopLine\"/></w:pPr><w:commentRangeStart w:id=\"2\"/><w:commentRangeEnd w:id=\"2\"/>"
    ));
    let comments = part(&bytes, "word/comments.xml");
    assert!(comments.contains("(orphaned: “preservation of digital evidence”) "), "{comments}");
    // A comment no run refers to is an orphan too.
    let mut doc = revisions();
    for block in &mut doc.blocks {
        for run in &mut block.runs {
            run.comments.retain(|c| c != "c2");
        }
    }
    let document = part(&tracked(&doc), "word/document.xml");
    let (one, two) = ("<w:commentRangeStart w:id=\"1\"/><w:commentRangeEnd w:id=\"1\"/>", "<w:commentRangeStart w:id=\"2\"/><w:commentRangeEnd w:id=\"2\"/>");
    assert!(document.find(one).is_some_and(|at| at < document.find(two).unwrap_or(0)), "{document}");
}

#[test]
fn errors_have_stable_codes() {
    let e = DocxError::TooLarge { part: "word/document.xml".into() };
    assert_eq!(e.code(), "docx.too-large");
    assert!(e.to_string().contains("word/document.xml"));
}

// ---------------------------------------------------------------------------------------------
// A real reader: LibreOffice

/// What LibreOffice read of one file (see `tests/tools/docx/lo_check.py`).
#[derive(Debug)]
struct Read {
    paragraphs: Vec<String>,
    accepted: Vec<String>,
    rejected: Vec<String>,
    redlines: Vec<(String, String)>,
    redlines_after_accept: u64,
    /// (author, initials, content, anchor)
    comments: Vec<(String, String, String, String)>,
    text: String,
    pdf_pages: Vec<String>,
}

struct Checked {
    dir: PathBuf,
    reads: BTreeMap<String, Read>,
}

static LIBREOFFICE: OnceLock<Result<Checked, String>> = OnceLock::new();

/// Renders the test documents and has LibreOffice read them all in one run (one office start
/// per test binary). Fails, naming the Debian packages to install, when LibreOffice is missing.
fn libreoffice() -> &'static Checked {
    match LIBREOFFICE.get_or_init(check_with_libreoffice) {
        Ok(checked) => checked,
        Err(e) => panic!("{e}"),
    }
}

/// Documents LibreOffice opens through UNO (text, PDF, accept/reject all), and documents with
/// comments, which go through its `--convert-to` path instead (see `lo_check.py`: LibreOffice 7.4
/// aborts when a document with comments is loaded over a remote UNO connection).
type Named = Vec<(&'static str, Vec<u8>)>;

fn lo_docs() -> (Named, Named) {
    let uno = vec![
        ("fixture", tracked(&fixture())),
        ("sample", tracked(&sample())),
        ("revisions", render(&revisions(), RevisionMarks::Tracked, false)),
        ("revisions-visual", render(&revisions(), RevisionMarks::Visual, false)),
        ("sample-lines", crate::export_pdf::cli_export_of_the_sample("docx", &["--line-numbers"])),
        ("sample-cli", crate::export_pdf::cli_export_of_the_sample("docx", &[])),
        ("sample-fr", crate::export_pdf::cli_export_of_the_sample("docx", &["--lang", "fr"])),
    ];
    let converted = vec![("revisions-comments", tracked(&revisions()))];
    (uno, converted)
}

fn check_with_libreoffice() -> Result<Checked, String> {
    let missing = |what: &str| {
        format!(
            "{what}: the docx export is checked by a real reader. Install the Debian packages {LO_PACKAGES} \
             (apt-get install -y --no-install-recommends {LO_PACKAGES}) and run the tests again"
        )
    };
    let python = Path::new("/usr/bin/python3");
    let has = |program: &str, flag: &str| Command::new(program).arg(flag).output().is_ok_and(|o| o.status.success());
    if !python.exists() || !Command::new(python).args(["-c", "import uno"]).output().is_ok_and(|o| o.status.success()) {
        return Err(missing("/usr/bin/python3 cannot import uno (python3-uno)"));
    }
    if !has("soffice", "--version") {
        return Err(missing("soffice is not installed (libreoffice-writer-nogui)"));
    }
    if !has("pdftotext", "-v") {
        return Err(missing("pdftotext is not installed (poppler-utils)"));
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export_docx");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let (uno, converted) = lo_docs();
    let mut args = Vec::new();
    let mut names = Vec::new();
    for (flag, docs) in [("--convert", converted), ("--uno", uno)] {
        args.push(PathBuf::from(flag));
        for (name, bytes) in docs {
            let path = dir.join(format!("{name}.docx"));
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            args.push(path);
            names.push(name);
        }
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/docx/lo_check.py");
    let started = Instant::now();
    let output = Command::new(python)
        .arg(&script)
        .arg(&dir)
        .args(&args)
        .env_remove("PYTHONHOME")
        .env_remove("PYTHONPATH")
        .output()
        .map_err(|e| format!("could not run {}: {e}", script.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("LibreOffice could not read the documents ({}):\n{stdout}\n{stderr}", output.status));
    }
    eprintln!("LibreOffice read {} documents in {:.1} s", names.len(), started.elapsed().as_secs_f64());
    let mut reads = BTreeMap::new();
    for name in names {
        let json = std::fs::read_to_string(dir.join(format!("{name}.json"))).map_err(|e| format!("{name}.json: {e}"))?;
        let v: serde_json::Value = serde_json::from_str(&json).map_err(|e| format!("{name}.json: {e}"))?;
        let strings = |key: &str| -> Vec<String> {
            v[key].as_array().into_iter().flatten().map(|s| s.as_str().unwrap_or_default().to_string()).collect()
        };
        let field = |o: &serde_json::Value, key: &str| o[key].as_str().unwrap_or_default().to_string();
        let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap_or_default();
        let pdf = dir.join(format!("{name}.pdf"));
        let pdf_text = Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .map_err(|e| format!("pdftotext {}: {e}", pdf.display()))?;
        if !pdf_text.status.success() {
            return Err(format!("pdftotext could not read {}: {}", pdf.display(), String::from_utf8_lossy(&pdf_text.stderr)));
        }
        let pdf_pages = String::from_utf8_lossy(&pdf_text.stdout)
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .map(str::to_string)
            .collect();
        reads.insert(
            name.to_string(),
            Read {
                paragraphs: strings("paragraphs"),
                accepted: strings("accepted"),
                rejected: strings("rejected"),
                redlines: v["redlines"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|r| (field(r, "type"), field(r, "author")))
                    .collect(),
                redlines_after_accept: v["redlines_after_accept"].as_u64().unwrap_or(u64::MAX),
                comments: v["comments"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| (field(c, "author"), field(c, "initials"), field(c, "content"), field(c, "anchor")))
                    .collect(),
                text,
                pdf_pages,
            },
        );
    }
    Ok(Checked { dir, reads })
}

fn read(name: &str) -> &'static Read {
    let checked = libreoffice();
    checked.reads.get(name).unwrap_or_else(|| panic!("no LibreOffice read of {name} in {}", checked.dir.display()))
}

/// Paragraphs as LibreOffice returns them, without the trailing empty paragraph the export adds
/// after a last paragraph with a revision mark.
fn non_empty(paragraphs: &[String]) -> Vec<String> {
    paragraphs.iter().filter(|p| !p.is_empty()).cloned().collect()
}

#[test]
fn libreoffice_reads_the_fixture_and_the_sample_block_by_block() {
    for (name, doc) in [("fixture", fixture()), ("sample", sample())] {
        let read = read(name);
        assert_eq!(read.paragraphs, expected_paragraphs(&doc, None), "{name}: paragraphs as LibreOffice reads them");
        // The text export has every block's text, in order.
        let mut at = 0;
        for block in &doc.blocks {
            let text = version_text(block, None).unwrap_or_default();
            let found = read.text[at..].find(&text).unwrap_or_else(|| panic!("{name}: {text:?} not in order in the text export"));
            at += found + text.len();
        }
        assert!(read.redlines.is_empty() && read.comments.is_empty(), "{name}: a clean draft");
    }
}

#[test]
fn libreoffice_accepting_all_changes_gives_the_current_text() {
    let doc = revisions();
    let read = read("revisions");
    assert_eq!(non_empty(&read.accepted), expected_paragraphs(&doc, Some(ChangeKind::Deleted)));
    assert_eq!(read.redlines_after_accept, 0);
    // The same as the blocks' own current text.
    let current: Vec<String> = doc.blocks.iter().map(Block::current_text).filter(|t| !t.is_empty()).collect();
    let strip = |t: &str| t.split_once('\t').map_or(t, |(_, rest)| rest).replace(['[', ']'], "");
    let accepted: Vec<String> = non_empty(&read.accepted).iter().skip(3).filter(|t| *t != CONFERENCE).map(|t| strip(t)).collect();
    assert_eq!(accepted, current);
}

#[test]
fn libreoffice_rejecting_all_changes_gives_the_base_text() {
    let doc = revisions();
    let read = read("revisions");
    assert_eq!(non_empty(&read.rejected), expected_paragraphs(&doc, Some(ChangeKind::Inserted)));
    let base: Vec<String> = doc.blocks.iter().map(Block::base_text).filter(|t| !t.is_empty()).collect();
    let strip = |t: &str| t.split_once('\t').map_or(t, |(_, rest)| rest).replace(['[', ']'], "");
    let rejected: Vec<String> = non_empty(&read.rejected).iter().skip(3).filter(|t| *t != CONFERENCE).map(|t| strip(t)).collect();
    assert_eq!(rejected, base);
}

#[test]
fn libreoffice_shows_tracked_changes_by_delegation() {
    let read = read("revisions");
    let count = |kind: &str, author: &str| read.redlines.iter().filter(|(k, a)| k == kind && a == author).count();
    assert!(count("Insert", "Arcadia") >= 4, "{:?}", read.redlines);
    assert!(count("Delete", "Borealia") >= 4, "{:?}", read.redlines);
    assert!(count("Delete", "Arcadia") >= 1, "the moved paragraph's old place: {:?}", read.redlines);
    // As loaded, both versions' text is in the document.
    let all = read.paragraphs.join("\n");
    for text in ["(Rev. CoP17)", "(Johannesburg, 2016)", "CONCERNED that", "the monitoring of online marketplaces"] {
        assert!(all.contains(text), "{text:?} in {all}");
    }
    assert!(read.redlines_after_accept == 0);
}

#[test]
fn libreoffice_reads_the_comments_with_authors_replies_and_anchors() {
    let read = read("revisions-comments");
    assert_eq!(read.comments.len(), 3, "{:?}", read.comments);
    let find = |author: &str| {
        read.comments
            .iter()
            .find(|(a, ..)| a.starts_with(author))
            .unwrap_or_else(|| panic!("no comment by {author}: {:?}", read.comments))
    };
    let (_, initials, content, anchor) = find("Wildlife trade analyst (Wildlife Trade Monitoring Network)");
    assert_eq!(initials, "WTA");
    assert_eq!(content, "Messaging services should be named too.\nDelegate of Borealia (Borealia): Agreed; we will propose wording.");
    // ODF keeps deleted text apart, so the anchor read back holds the words that remain.
    assert_eq!(anchor, "online marketplaces");
    let (_, initials, content, anchor) = find("Environmental law adviser");
    assert_eq!(initials, "ELA", "initials from the name when the thread has none");
    assert_eq!(content, "Refer to existing national legislation frameworks & <model laws>.");
    assert_eq!(anchor, "legislation that addresses the sale online of specimens");
    let (_, _, content, anchor) = find("Digital forensics expert");
    assert_eq!(content, "(orphaned: “preservation of digital evidence”) Digital evidence needs its own paragraph.");
    assert_eq!(anchor, "", "an orphan is a point comment at the start");
}

#[test]
fn libreoffice_shows_visual_marks_as_plain_text_without_tracked_changes() {
    let read = read("revisions-visual");
    assert!(read.redlines.is_empty(), "{:?}", read.redlines);
    assert_eq!(read.accepted, read.paragraphs);
    // Both versions are on the page: nothing to accept or reject.
    assert_eq!(non_empty(&read.paragraphs), expected_paragraphs(&revisions(), None));
}

#[test]
fn libreoffice_pdf_has_the_cites_header_and_a_page_numbered_footer() {
    for name in ["sample", "revisions", "revisions-comments", "fixture"] {
        let read = read(name);
        let first = read.pdf_pages.first().unwrap_or_else(|| panic!("{name}: an empty PDF"));
        assert!(first.contains("Original language: English"), "{name}: {first}");
        assert!(first.contains("CONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES"), "{name}");
        let footer = if name == "fixture" { String::new() } else { "CoP18 Doc. 79.1 Annex – ".to_string() };
        for (i, page) in read.pdf_pages.iter().enumerate() {
            let expected = format!("{footer}p. {}", i + 1);
            assert!(page.contains(&expected), "{name}: page {} has no footer {expected:?}:\n{page}", i + 1);
        }
    }
    assert!(read("sample").pdf_pages.len() >= 2, "the sample runs over a page");
    let title = &read("sample").pdf_pages[0];
    assert!(title.contains("DRAFT RESOLUTION ON COMBATING WILDLIFE CYBERCRIME"));
    let revisions = &read("revisions").pdf_pages[0];
    assert!(revisions.contains("DRAFT RESOLUTION ON COMBATING WILDLIFE CYBERCRIME"), "the title in capitals:\n{revisions}");
}

/// Issue #15 §3: the French version's DOCX, as LibreOffice reads it and lays it out.
#[test]
fn libreoffice_reads_the_french_version_with_its_fixed_lines_numbering_and_marks() {
    let fr = read("sample-fr");
    let text = fr.paragraphs.join("\n");
    for line in [
        "Langue originale : anglais",
        "LA CONFÉRENCE DES PARTIES À LA CONVENTION",
        "PRIE INSTAMMENT les Parties :",
        "(traduction manquante)",
        "(traduction à mettre à jour)",
        "[y compris au moyen d'obligations de signalement obligatoires]",
    ] {
        assert!(text.contains(line), "LibreOffice does not read {line:?}:\n{text}");
    }
    assert!(text.contains("CONVENTION SUR LE COMMERCE INTERNATIONAL DES ESPÈCES"), "{text}");
    assert!(!text.contains("URGES Parties") && !text.contains("ENCOURAGES"), "no English in place of a translation:\n{text}");
    assert_eq!(fr.paragraphs.len(), read("sample-cli").paragraphs.len(), "the original's structure, paragraph for paragraph");
    let pages = fr.pdf_pages.join("\n");
    assert!(pages.contains("SAUVAGES MENACÉES D'EXTINCTION"), "the laid-out pages carry every character:\n{pages}");
}

#[test]
fn libreoffice_numbers_the_lines_of_a_line_numbered_docx_per_page() {
    let numbered = read("sample-lines");
    assert_eq!(numbered.paragraphs, read("sample-cli").paragraphs, "the same text");
    let pages: Vec<&str> = numbered.pdf_pages.iter().map(String::as_str).collect();
    // Header: the language and symbol line, the two convention lines, the meeting line.
    crate::export_pdf::assert_numbered_per_page(&pages, 4, "DRAFT RESOLUTION ON COMBATING WILDLIFE CYBERCRIME");
    for page in &read("sample-cli").pdf_pages {
        assert!(crate::export_pdf::line_numbers_of(page).0.is_empty(), "no line numbers without the flag:\n{page}");
    }
}
