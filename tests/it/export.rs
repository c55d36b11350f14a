//! Markdown and HTML export: snapshots of the fixture and the sample, round trips through import, escaping, stable ids.

use std::collections::BTreeMap;

use caucus::export::{html, md};
use caucus::cites::visible_text;
use caucus::import::import_text;
use caucus::model::numbering::number;
use caucus::{
    BracketInfo, BracketStatus, DraftKind, DraftMeta, DraftView, ImportedDraft, Marks, NumberedParagraph, ParaKind,
    Paragraph, Span,
};

use crate::import::{FIXTURE, SAMPLE};
use crate::support::view_of;

fn import(text: &str) -> ImportedDraft {
    match import_text(text.as_bytes()) {
        Ok(draft) => draft,
        Err(e) => panic!("import failed: {e}\n---\n{text}"),
    }
}


/// Text as a reader sees it, with `[` `]` around each run of one bracket id.
fn bracketed(spans: &[Span]) -> String {
    visible_text(spans)
}

/// Each non-space character with its marks and the ordinal of its bracket: what must survive
/// a round trip (bracket ids are renumbered by import, spaces may change mark).
fn marked_chars(spans: &[Span]) -> Vec<(char, bool, bool, bool, Option<usize>)> {
    let mut ordinal: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for span in spans {
        let bracket = span.marks.bracket.as_deref().map(|id| match ordinal.iter().position(|o| *o == id) {
            Some(i) => i,
            None => {
                ordinal.push(id);
                ordinal.len() - 1
            }
        });
        for c in span.text.chars().filter(|c| !c.is_whitespace()) {
            out.push((c, span.marks.em, span.marks.strong, span.marks.underline, bracket));
        }
    }
    out
}

type Shape = (ParaKind, u8, Option<String>, String);

fn shape(paragraphs: impl IntoIterator<Item = (ParaKind, u8, Option<String>, Vec<Span>)>) -> Vec<Shape> {
    paragraphs
        .into_iter()
        .map(|(kind, level, label, spans)| (kind, level, label, bracketed(&spans).trim().to_string()))
        .collect()
}

fn view_shape(view: &DraftView) -> Vec<Shape> {
    shape(view.paragraphs.iter().map(|p| (p.para.kind, p.para.level, p.para.label.clone(), p.para.spans.clone())))
}

fn draft_shape(draft: &ImportedDraft) -> Vec<Shape> {
    shape(draft.paragraphs.iter().map(|p| (p.kind, p.level, p.label.clone(), p.spans.clone())))
}

/// Markdown export read back by import gives the same paragraphs and header fields.
fn assert_round_trip(view: &DraftView) {
    let markdown = md::render(view);
    let back = import(&markdown);
    assert_eq!(draft_shape(&back), view_shape(view), "markdown was:\n{markdown}");
    for (before, after) in view.paragraphs.iter().zip(&back.paragraphs) {
        assert_eq!(
            marked_chars(&after.spans),
            marked_chars(&before.para.spans),
            "marks differ; markdown was:\n{markdown}"
        );
    }
    let meta = &view.meta;
    let has_title_paragraph = view.paragraphs.iter().any(|p| p.para.kind == ParaKind::Title);
    if has_title_paragraph {
        let first_title =
            view.paragraphs.iter().find(|p| p.para.kind == ParaKind::Title).map(|p| bracketed(&p.para.spans));
        assert_eq!(back.title, first_title);
    }
    assert_eq!(back.symbol.unwrap_or_default(), meta.symbol);
    assert_eq!(back.meeting.unwrap_or_default(), meta.meeting);
    let has_decisions = view.paragraphs.iter().any(|p| p.para.kind == ParaKind::Decision);
    assert_eq!(back.kind, if has_decisions { DraftKind::Decisions } else { DraftKind::Resolution });
}

fn fixture_view() -> DraftView {
    view_of(&import(FIXTURE), &[])
}

fn sample_view() -> DraftView {
    view_of(&import(SAMPLE), &["Borealia"])
}

#[test]
fn fixture_markdown_snapshot() {
    insta::assert_snapshot!("fixture_md", md::render(&fixture_view()));
}

#[test]
fn fixture_html_snapshot() {
    insta::assert_snapshot!("fixture_html", html::render(&fixture_view()));
}

#[test]
fn sample_markdown_snapshot() {
    insta::assert_snapshot!("sample_md", md::render(&sample_view()));
}

#[test]
fn sample_html_snapshot() {
    insta::assert_snapshot!("sample_html", html::render(&sample_view()));
}

#[test]
fn sample_file_is_exactly_what_markdown_export_writes() {
    assert_eq!(md::render(&sample_view()), SAMPLE);
}

#[test]
fn fixture_round_trips_through_markdown() {
    assert_round_trip(&fixture_view());
}

#[test]
fn sample_round_trips_through_markdown() {
    assert_round_trip(&sample_view());
}

fn span(text: &str) -> Span {
    Span::plain(text)
}

fn marked(text: &str, em: bool, strong: bool, underline: bool) -> Span {
    Span { text: text.to_string(), marks: Marks { em, strong, underline, bracket: None } }
}

fn in_bracket(text: &str, id: &str) -> Span {
    Span { text: text.to_string(), marks: Marks { bracket: Some(id.to_string()), ..Marks::default() } }
}

fn para(kind: ParaKind, level: u8, label: Option<&str>, spans: Vec<Span>) -> (ParaKind, u8, Option<String>, Vec<Span>) {
    (kind, level, label.map(str::to_string), spans)
}

/// Text that looks like Markdown or like the CITES markers, in every position.
fn tricky_view() -> DraftView {
    use ParaKind::*;
    let mut paragraphs = vec![
        para(Text, 0, None, vec![span("Original language: French")]),
        para(Text, 0, None, vec![span("SC70 Doc. 30")]),
        para(Text, 0, None, vec![span("COMMITTEE II")]),
        para(Title, 0, None, vec![span("DRAFT RESOLUTION ON "), marked("TRICKY", true, false, false), span(" TEXT #")]),
        para(Text, 0, None, vec![span("1. Not an operative paragraph")]),
        para(Text, 0, None, vec![span("a) not an item, and 17.A is no decision")]),
        para(Text, 0, None, vec![span("17.A Not a decision either")]),
        para(Text, 0, None, vec![span("# not a title, - not a list, * not em *, _ nor _this_")]),
        para(Text, 0, None, vec![span("- a dash, then\\ a backslash and `code` and <u>not underlined</u>")]),
        para(Text, 0, None, vec![span("RECALLING is here ordinary text")]),
        para(Preamble, 0, None, vec![span("noting in lower case is still a preamble here")]),
        para(Text, 0, None, vec![span("An unfinished text paragraph")]),
        para(Text, 0, None, vec![span("that is followed by another one")]),
        para(Text, 0, None, vec![]),
        para(Text, 0, None, vec![span("Directed to nobody, as text")]),
        para(Heading, 0, None, vec![span("Directed to Parties")]),
        para(Text, 0, None, vec![span("THE CONFERENCE OF THE PARTIES TO THE CONVENTION")]),
        para(Text, 0, None, vec![span("<!-- caucus:title --> is text")]),
        para(Text, 0, None, vec![span("CoP18 Doc. 1 – p. 3")]),
        para(
            Preamble,
            0,
            None,
            vec![
                span("AWARE "),
                marked("that", true, false, false),
                marked("both", true, true, false),
                marked("marks", false, true, false),
                span(" "),
                marked("under", false, false, true),
                marked("lined", true, false, true),
                span(" and "),
                in_bracket("bracketed ", "x1"),
                in_bracket("text", "x1"),
                in_bracket("next", "x2"),
                span("(not a link) "),
                marked(" spaced ", true, false, false),
                span(" a*b [c] d_e_f;"),
            ],
        ),
        para(Operative, 0, None, vec![span("URGES Parties to:")]),
    ];
    for letter in 1..=9 {
        paragraphs.push(para(Item, 1, None, vec![span(&format!("item {letter};"))]));
    }
    paragraphs.extend([
        para(Item, 2, None, vec![span("i) looks like a numeral;")]),
        para(Item, 2, None, vec![span("ii;")]),
        para(Item, 2, None, vec![span("iii;")]),
        para(Item, 2, None, vec![span("iv;")]),
        para(Item, 1, None, vec![span("the tenth, j)")]),
        para(Item, 1, None, vec![]),
        para(Operative, 0, None, vec![]),
        para(Text, 0, None, vec![span("RECALLING after the operative part is text;")]),
        para(Preamble, 0, None, vec![span("RECALLING after the operative part, as a preamble;")]),
        para(Decision, 0, Some("17.A"), vec![span("All Parties should:")]),
        para(Decision, 0, None, vec![span("a decision without a label")]),
        para(Decision, 0, Some("Annex 2*"), vec![span("an odd label")]),
        para(Decision, 0, Some("18.123"), vec![]),
        para(Text, 0, None, vec![span("<script>alert('x')</script> & \"quotes\"")]),
        para(Text, 0, None, vec![marked("17.B", false, true, false), span(" in bold opens a text paragraph")]),
        para(Text, 0, None, vec![span("* a star, "), marked("+ a plus", true, false, false), span(" and 2) a number")]),
        para(Item, 1, None, vec![span("*emphatic?* no: literal stars, and [an item bracket]")]),
    ]);
    let paragraphs: Vec<Paragraph> = paragraphs
        .into_iter()
        .enumerate()
        .map(|(i, (kind, level, label, spans))| Paragraph { id: format!("t{}", i + 1), kind, level, label, spans })
        .collect();
    let mut brackets = BTreeMap::new();
    brackets.insert(
        "x1".to_string(),
        BracketInfo { status: BracketStatus::AgreedAdRef, holders: vec!["Arcadia".into(), "Borealia".into()], ..Default::default() },
    );
    brackets.insert("x2".to_string(), BracketInfo { status: BracketStatus::Withdrawn, holders: vec![], ..Default::default() });
    DraftView {
        meta: DraftMeta {
            title: "DRAFT RESOLUTION ON TRICKY TEXT #".into(),
            symbol: "Draft 3 <b>".into(),
            meeting: "Workshop on wildlife cybercrime".into(),
            kind: DraftKind::Resolution,
            language: "French".into(),
        },
        paragraphs: number(paragraphs),
        brackets,
    }
}

#[test]
fn tricky_text_round_trips_through_markdown() {
    assert_round_trip(&tricky_view());
}

#[test]
fn markdown_export_is_stable_after_a_round_trip() {
    for view in [fixture_view(), sample_view(), tricky_view()] {
        let once = md::render(&view);
        let mut again = view_of(&import(&once), &[]);
        again.meta.language = view.meta.language.clone();
        again.meta.kind = view.meta.kind;
        assert_eq!(md::render(&again), once);
    }
}

#[test]
fn numbers_come_from_the_view_and_are_not_recomputed() {
    let mut view = sample_view();
    for p in &mut view.paragraphs {
        if let Some(number) = &p.number {
            p.number = Some(match (p.para.kind, p.para.level) {
                (ParaKind::Operative, _) => format!("{}0.", number.trim_end_matches('.')),
                (ParaKind::Item, 2) => "ix)".to_string(),
                (ParaKind::Item, _) => "z)".to_string(),
                _ => number.clone(),
            });
        }
    }
    let markdown = md::render(&view);
    assert!(markdown.contains("\n10. URGES Parties to:\n"), "{markdown}");
    assert!(markdown.contains("\n   z) adopt"), "{markdown}");
    assert!(markdown.contains("\n      ix) the collection"), "{markdown}");
    let page = html::render(&view);
    assert!(page.contains("<span class=\"num\">10.</span> URGES"));
    assert!(page.contains("<span class=\"num\">ix)</span> the collection"));
}

/// Markdown falls back to a marker import can read; HTML shows whatever the view says.
#[test]
fn numbers_markdown_cannot_read_back_fall_back_to_a_marker() {
    let mut view = sample_view();
    for p in &mut view.paragraphs {
        if p.para.kind == ParaKind::Item {
            p.number = Some("(?)".to_string());
        }
    }
    let markdown = md::render(&view);
    assert!(markdown.contains("\n   a) designate"), "{markdown}");
    assert!(markdown.contains("\n      i) the collection"), "{markdown}");
    assert!(html::render(&view).contains("<span class=\"num\">(?)</span> designate"));
}

#[test]
fn html_escapes_every_text() {
    let page = html::render(&tricky_view());
    assert!(!page.contains("<script>"));
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    assert!(page.contains("Draft 3 &lt;b&gt;"));
    assert!(!page.contains("<b>"));
    assert!(page.contains("&lt;u&gt;not underlined&lt;/u&gt;"));
}

#[test]
fn html_has_stable_ids_numbers_brackets_and_language() {
    let view = tricky_view();
    let page = html::render(&view);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    for p in &view.paragraphs {
        let opening = format!("id=\"p-{}\"", p.para.id);
        assert_eq!(page.matches(&opening).count(), 1, "{opening}");
    }
    assert!(page.contains(
        "<h1 id=\"p-t4\" class=\"para title doc-title\" data-kind=\"title\" data-level=\"0\">DRAFT RESOLUTION ON <em>TRICKY</em> TEXT #</h1>"
    ));
    assert!(page.contains("<p id=\"p-t21\" class=\"para operative numbered\" data-kind=\"operative\" data-level=\"0\"><span class=\"num\">1.</span> URGES"));
    assert!(page.contains("data-kind=\"item\" data-level=\"2\"><span class=\"num\">iv)</span> iv;"));
    assert!(page.contains("<span class=\"num\">i)</span> item 9;"));
    assert!(page.contains(
        "<span class=\"bracket agreed-ad-ref\" data-bracket=\"x1\" data-status=\"agreed-ad-ref\" title=\"Agreed ad referendum – held by Arcadia, Borealia\">[bracketed text]</span>"
    ));
    assert!(page.contains("<span class=\"bracket withdrawn\" data-bracket=\"x2\" data-status=\"withdrawn\" title=\"Withdrawn\">[next]</span>"));
    assert!(page.contains("<em><strong>both</strong></em>") || page.contains("<strong><em>both</em></strong>"));
    assert!(page.contains("<span class=\"num\">17.A</span> All Parties"));
    assert!(page.contains("<span class=\"num\">#2</span> a decision without a label"));
    // The conference line opens the operative part of a resolution, once.
    assert_eq!(page.matches("<p class=\"conference\">THE CONFERENCE OF THE PARTIES TO THE CONVENTION</p>").count(), 1);
}

#[test]
fn html_is_standalone_and_prints_on_a4() {
    let page = html::render(&sample_view());
    for external in ["http:", "https:", "src=", "href=", "@import", "url("] {
        assert!(!page.contains(external), "{external}");
    }
    assert!(page.contains("@page { size: A4;"));
    assert!(page.contains("@media print"));
    assert!(page.contains("<p class=\"doc-language\">Original language: English</p>"));
    assert!(page.contains("<p class=\"doc-symbol\">CoP18 Doc. 79.1 Annex</p>"));
    assert!(page.contains("CONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES OF WILD FAUNA AND FLORA"));
    assert!(page.contains("class=\"para title doc-title\""));
    assert!(page.contains("<span class=\"lead\">RECALLING</span>"));
}

#[test]
fn numbered_paragraphs_without_a_number_still_export() {
    let view = DraftView {
        meta: DraftMeta { title: "A TITLE ONLY IN META".into(), ..DraftMeta::default() },
        paragraphs: vec![
            NumberedParagraph {
                number: None,
                para: Paragraph {
                    id: "a".into(),
                    kind: ParaKind::Operative,
                    level: 0,
                    label: None,
                    spans: vec![span("URGES;")],
                },
            },
            NumberedParagraph {
                number: None,
                para: Paragraph {
                    id: "b".into(),
                    kind: ParaKind::Item,
                    level: 2,
                    label: None,
                    spans: vec![span("sub;")],
                },
            },
        ],
        brackets: BTreeMap::new(),
    };
    let markdown = md::render(&view);
    assert!(
        markdown.contains(
            "# A TITLE ONLY IN META\n\nTHE CONFERENCE OF THE PARTIES TO THE CONVENTION\n\n1. URGES;\n\n      i) sub;\n"
        ),
        "{markdown}"
    );
    let page = html::render(&view);
    assert!(page.contains("<h1 class=\"doc-title\">A TITLE ONLY IN META</h1>"));
}
