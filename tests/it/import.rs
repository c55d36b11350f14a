//! Import of CITES-style plain text and Markdown: the real CoP17 fixture, the sample resolution, markers, marks, brackets and refused input.

use caucus::Coded;
use caucus::import::{import_text, ImportError};
use caucus::{DraftKind, ImportedDraft, NewParagraph, ParaKind};

pub const FIXTURE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/cop17-com2-draft-decisions-wildlife-cybercrime.txt"
));
pub const SAMPLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample/draft-resolution.md"));

fn import(text: &str) -> ImportedDraft {
    match import_text(text.as_bytes()) {
        Ok(draft) => draft,
        Err(e) => panic!("import failed: {e}"),
    }
}

fn of_kind(draft: &ImportedDraft, kind: ParaKind) -> Vec<&NewParagraph> {
    draft.paragraphs.iter().filter(|p| p.kind == kind).collect()
}

/// `(kind, level, label, first words)` of each paragraph, for compact assertions.
fn outline(draft: &ImportedDraft) -> Vec<(ParaKind, u8, Option<String>, String)> {
    draft
        .paragraphs
        .iter()
        .map(|p| {
            let words: Vec<String> = p.text().split_whitespace().take(3).map(str::to_string).collect();
            (p.kind, p.level, p.label.clone(), words.join(" "))
        })
        .collect()
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

#[test]
fn fixture_imports_as_draft_decisions_with_headings_labels_and_items() {
    let draft = import(FIXTURE);
    assert_eq!(draft.kind, DraftKind::Decisions);
    assert_eq!(draft.title.as_deref(), Some("DRAFT DECISIONS ON COMBATING WILDLIFE CYBERCRIME"));
    assert_eq!(draft.meeting.as_deref(), Some("Seventeenth meeting of the Conference of the Parties"));
    assert_eq!(draft.symbol, None);

    let headings: Vec<String> = of_kind(&draft, ParaKind::Heading).iter().map(|p| p.text()).collect();
    assert_eq!(headings, ["Directed to Parties", "Directed to the Secretariat", "Directed to the Standing Committee"]);
    let labels: Vec<Option<String>> = of_kind(&draft, ParaKind::Decision).iter().map(|p| p.label.clone()).collect();
    let expected: Vec<Option<String>> =
        ["17.A", "17.B", "17.C", "17.D", "17.E"].iter().map(|l| Some(l.to_string())).collect();
    assert_eq!(labels, expected);

    let s = |t: &str| t.to_string();
    let item = |w: &str| (ParaKind::Item, 1, None, s(w));
    let expected_outline = vec![
        (ParaKind::Text, 0, None, s("Johannesburg (South Africa),")),
        (ParaKind::Text, 0, None, s("Committee II")),
        (ParaKind::Text, 0, None, s("Combating wildlife cybercrime")),
        (ParaKind::Title, 0, None, s("DRAFT DECISIONS ON")),
        (ParaKind::Text, 0, None, s("This document has")),
        (ParaKind::Heading, 0, None, s("Directed to Parties")),
        (ParaKind::Decision, 0, Some(s("17.A")), s("All Parties should:")),
        item("provide the Secretariat"),
        item("provide the Secretariat"),
        item("seek input from"),
        (ParaKind::Heading, 0, None, s("Directed to the")),
        (ParaKind::Decision, 0, Some(s("17.B")), s("The Secretariat shall:")),
        item("subject to available"),
        item("in its enforcement-support"),
        item("share on its"),
        item("engage with INTERPOL"),
        item("liaise with ICCWC"),
        item("report on its"),
        (ParaKind::Heading, 0, None, s("Directed to the")),
        (ParaKind::Decision, 0, Some(s("17.C")), s("The Standing Committee,")),
        (ParaKind::Decision, 0, Some(s("17.D")), s("The workshop shall")),
        (ParaKind::Decision, 0, Some(s("17.E")), s("The Standing Committee")),
    ];
    assert_eq!(outline(&draft), expected_outline);
}

#[test]
fn fixture_item_cut_by_a_page_break_is_joined_to_its_continuation() {
    let draft = import(FIXTURE);
    let d = draft.paragraphs.iter().find(|p| p.text().starts_with("engage with INTERPOL")).map(|p| p.text());
    assert_eq!(
        d.as_deref(),
        Some(
            "engage with INTERPOL on efforts to combat wildlife crime linked to the Internet, and invite INTERPOL to \
             consider establishing capacity, at the INTERPOL Global Complex for Innovation in Singapore, to support the \
             efforts of Parties to combat such crimes, and to develop guidelines for Parties on how to combat wildlife \
             crime linked to the Internet more effectively;"
        )
    );
    assert!(!draft.paragraphs.iter().any(|p| p.text().starts_with("Singapore")));
}

/// Every word of the source body is kept: the source's words, minus the boilerplate import
/// drops (the two CONVENTION lines, `-` list markers, item letters, decision labels), equal
/// the words of the imported paragraphs plus the header fields.
#[test]
fn fixture_keeps_every_word_of_its_body() {
    let mut source = 0;
    for line in FIXTURE.lines() {
        let t = line.trim();
        if t == "CONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES" || t == "OF WILD FAUNA AND FLORA" {
            continue;
        }
        let mut tokens: Vec<&str> = t.split_whitespace().collect();
        if tokens.first() == Some(&"-") {
            tokens.remove(0);
        }
        let is_marker = |w: &str| {
            let item = w.strip_suffix(')').is_some_and(|m| !m.is_empty() && m.chars().all(|c| c.is_ascii_lowercase()));
            let label =
                w.len() == 4 && w.starts_with("17.") && w.chars().last().is_some_and(|c| c.is_ascii_uppercase());
            item || label
        };
        if tokens.first().is_some_and(|w| is_marker(w)) {
            tokens.remove(0);
        }
        source += tokens.len();
    }
    let draft = import(FIXTURE);
    let imported: usize = draft.paragraphs.iter().map(|p| words(&p.text())).sum::<usize>()
        + draft.meeting.as_deref().map_or(0, words)
        + draft.symbol.as_deref().map_or(0, words);
    assert_eq!(imported, source);
    assert!(source > 400, "the count must measure the fixture's body, got {source}");
}

#[test]
fn sample_imports_as_a_resolution_with_its_preamble_operative_part_and_items() {
    let draft = import(SAMPLE);
    assert_eq!(draft.kind, DraftKind::Resolution);
    assert_eq!(draft.title.as_deref(), Some("DRAFT RESOLUTION ON COMBATING WILDLIFE CYBERCRIME"));
    assert_eq!(draft.symbol.as_deref(), Some("CoP18 Doc. 79.1 Annex"));
    assert_eq!(draft.meeting.as_deref(), Some("Eighteenth meeting of the Conference of the Parties"));
    assert_eq!(of_kind(&draft, ParaKind::Title).len(), 1);

    let openings = |kind: ParaKind| -> Vec<String> {
        of_kind(&draft, kind).iter().filter_map(|p| p.text().split_whitespace().next().map(str::to_string)).collect()
    };
    assert_eq!(
        openings(ParaKind::Preamble),
        ["RECALLING", "AWARE", "CONCERNED", "RECOGNIZING", "NOTING", "ACKNOWLEDGING"]
    );
    assert_eq!(openings(ParaKind::Operative), ["URGES", "ENCOURAGES", "INVITES", "DIRECTS", "RECOMMENDS", "REQUESTS"]);
    let items: Vec<u8> = of_kind(&draft, ParaKind::Item).iter().map(|p| p.level).collect();
    assert_eq!(items, [1, 1, 2, 2, 1, 1]);
    assert!(!draft.paragraphs.iter().any(|p| p.text().contains("THE CONFERENCE OF THE PARTIES")));

    let bracketed: Vec<(&str, Option<&str>)> = draft
        .paragraphs
        .iter()
        .flat_map(|p| &p.spans)
        .filter(|s| s.marks.bracket.is_some())
        .map(|s| (s.text.as_str(), s.marks.bracket.as_deref()))
        .collect();
    assert_eq!(bracketed, [("including through mandatory reporting obligations", Some("b1"))]);

    // Items end with `;`, the last but one of each list with `; and`.
    let item_texts: Vec<String> = of_kind(&draft, ParaKind::Item).iter().map(|p| p.text()).collect();
    let ends: Vec<bool> = item_texts.iter().map(|t| t.ends_with("; and")).collect();
    assert_eq!(ends, [false, false, true, false, true, false]);
}

#[test]
fn roman_numerals_and_letters_are_told_apart_by_their_sequence() {
    let text = "1. URGES Parties to:\n\
                a) one;\nb) two;\nc) three:\ni) sub one;\nii) sub two;\nd) four;\ne) five;\nf) six;\ng) seven;\nh) eight;\n\
                i) nine, a letter;\nj) ten:\ni) a numeral again;\nv) not after iv, so a letter? no: numeral;\n";
    let draft = import(text);
    let items: Vec<(String, u8)> = of_kind(&draft, ParaKind::Item)
        .iter()
        .map(|p| (p.text().split_whitespace().take(2).collect::<Vec<_>>().join(" "), p.level))
        .collect();
    let expected: Vec<(String, u8)> = [
        ("one;", 1),
        ("two;", 1),
        ("three:", 1),
        ("sub one;", 2),
        ("sub two;", 2),
        ("four;", 1),
        ("five;", 1),
        ("six;", 1),
        ("seven;", 1),
        ("eight;", 1),
        ("nine, a", 1),
        ("ten:", 1),
        ("a numeral", 2),
        ("not after", 2),
    ]
    .iter()
    .map(|(t, l)| (t.to_string(), *l))
    .collect();
    assert_eq!(items, expected);
}

#[test]
fn indentation_decides_item_levels_when_present() {
    let draft = import("1. URGES:\n\n   h) eight;\n\n      i) a numeral under h;\n\n   i) the letter i;\n");
    let levels: Vec<u8> = of_kind(&draft, ParaKind::Item).iter().map(|p| p.level).collect();
    assert_eq!(levels, [1, 2, 1]);
}

#[test]
fn resolution_structure_preamble_conference_line_and_operative_part() {
    let text = "DRAFT RESOLUTION ON TESTING\n\n\
                RECALLING Resolution Conf. 11.3 (Rev. CoP18)\non compliance and enforcement;\n\n\
                AWARE that testing matters;\n\n\
                THE CONFERENCE OF THE PARTIES TO THE CONVENTION\n\n\
                1. URGES Parties to test;\n\n\
                NOTING after the operative part is ordinary text.\n";
    let draft = import(text);
    assert_eq!(draft.kind, DraftKind::Resolution);
    let kinds: Vec<ParaKind> = draft.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ParaKind::Title, ParaKind::Preamble, ParaKind::Preamble, ParaKind::Operative, ParaKind::Text]);
    assert_eq!(
        draft.paragraphs[1].text(),
        "RECALLING Resolution Conf. 11.3 (Rev. CoP18) on compliance and enforcement;"
    );
}

#[test]
fn an_acronym_opening_an_ordinary_sentence_is_not_a_preamble() {
    let draft = import("# TITLE OF IT\n\nCITES Parties met in 2016.\n\nRECALLING earlier work;\n");
    let kinds: Vec<ParaKind> = draft.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ParaKind::Title, ParaKind::Text, ParaKind::Preamble]);
}

#[test]
fn header_lines_symbol_on_the_language_line_and_page_footers() {
    let text = "Original language: English                 CoP17 Com. II. 30\n\n\
                CONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES\nOF WILD FAUNA AND FLORA\n\n\
                Seventeenth meeting of the Conference of the Parties\nJohannesburg (South Africa), 24 September – 5 October 2016\n\n\
                DRAFT DECISIONS ON\nCOMBATING WILDLIFE CYBERCRIME\n\n\
                17.A All Parties should provide the Secretariat with\n\n\
                CoP17 Com. II. 30 – p. 1\n\n\
                any changes to domestic legislation.\n";
    let draft = import(text);
    assert_eq!(draft.symbol.as_deref(), Some("CoP17 Com. II. 30"));
    assert_eq!(draft.meeting.as_deref(), Some("Seventeenth meeting of the Conference of the Parties"));
    assert_eq!(draft.title.as_deref(), Some("DRAFT DECISIONS ON COMBATING WILDLIFE CYBERCRIME"));
    let texts: Vec<(ParaKind, String)> = draft.paragraphs.iter().map(|p| (p.kind, p.text())).collect();
    assert_eq!(
        texts,
        [
            (ParaKind::Text, "Johannesburg (South Africa), 24 September – 5 October 2016".to_string()),
            (ParaKind::Title, "DRAFT DECISIONS ON COMBATING WILDLIFE CYBERCRIME".to_string()),
            (
                ParaKind::Decision,
                "All Parties should provide the Secretariat with any changes to domestic legislation.".to_string()
            ),
        ]
    );
}

#[test]
fn crlf_line_ends_and_a_byte_order_mark_are_accepted() {
    let draft =
        import("\u{feff}# TITLE LINE\r\n\r\nDirected to Parties\r\n\r\n17.A All Parties should:\r\n- a) act;\r\n");
    let kinds: Vec<ParaKind> = draft.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ParaKind::Title, ParaKind::Heading, ParaKind::Decision, ParaKind::Item]);
}

#[test]
fn markdown_marks_and_escapes_become_spans() {
    let draft =
        import("Text with *em*, _also em_, **strong**, <u>underlined</u> and \\*literal\\* stars, snake_case_name.\n");
    let p = &draft.paragraphs[0];
    assert_eq!(p.text(), "Text with em, also em, strong, underlined and *literal* stars, snake_case_name.");
    let marked: Vec<(&str, bool, bool, bool)> = p
        .spans
        .iter()
        .filter(|s| !s.marks.is_plain())
        .map(|s| (s.text.as_str(), s.marks.em, s.marks.strong, s.marks.underline))
        .collect();
    assert_eq!(
        marked,
        [
            ("em", true, false, false),
            ("also em", true, false, false),
            ("strong", false, true, false),
            ("underlined", false, false, true)
        ]
    );
}

#[test]
fn square_brackets_become_bracket_spans_with_local_ids_in_order() {
    let draft = import("1. URGES Parties to [act] and [report;]\n\n2. DIRECTS [the Secretariat [or the Committee]] and \\[not\\] this;\n\nAn [unclosed bracket stays text.\n");
    let brackets: Vec<(String, String)> = draft
        .paragraphs
        .iter()
        .flat_map(|p| &p.spans)
        .filter_map(|s| s.marks.bracket.clone().map(|id| (id, s.text.clone())))
        .collect();
    let expected: Vec<(String, String)> =
        [("b1", "act"), ("b2", "report;"), ("b3", "the Secretariat [or the Committee]")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
    assert_eq!(brackets, expected);
    assert_eq!(draft.paragraphs[1].text(), "DIRECTS the Secretariat [or the Committee] and [not] this;");
    assert_eq!(draft.paragraphs[2].text(), "An [unclosed bracket stays text.");
    // `report;]` ends its clause: the next paragraph is not its continuation.
    assert_eq!(of_kind(&draft, ParaKind::Operative).len(), 2);
}

#[test]
fn refused_input_gives_clear_errors_with_stable_codes() {
    let cases: Vec<(&[u8], ImportError, &str)> = vec![
        (b"", ImportError::Empty, "import.empty"),
        (b"  \n\t\n  ", ImportError::Empty, "import.empty"),
        (b"PK\x03\x04\x00\x00binary", ImportError::DamagedDocx("invalid Zip archive: Could not find EOCD".into()), "import.damaged-docx"),
        (b"\x01\x02\x03\x04\x05 text", ImportError::Binary { offset: 0 }, "import.binary"),
        (b"Caf\xe9 au lait", ImportError::NotUtf8 { offset: 3 }, "import.not-utf8"),
        (b"\xff\xfeT\x00i\x00", ImportError::NotUtf8 { offset: 0 }, "import.not-utf8"),
        (
            b"Original language: English\n\nCONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES\nOF WILD FAUNA AND FLORA\n",
            ImportError::NoParagraphs,
            "import.no-paragraphs",
        ),
    ];
    for (input, error, code) in cases {
        let got = import_text(input).err();
        assert_eq!(got.as_ref(), Some(&error), "input {:?}", String::from_utf8_lossy(input));
        assert_eq!(error.code(), code);
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn a_stray_control_character_is_dropped_not_refused() {
    let original = "A long enough paragraph of ordinary text that has one stray escape character.";
    let mut bytes = original.as_bytes().to_vec();
    bytes.insert(10, 0x1b);
    let text = import_text(&bytes).ok().map(|d| d.paragraphs[0].text());
    assert_eq!(text.as_deref(), Some(original));
}

#[test]
fn large_inputs_import_in_linear_time() {
    // Thousands of unfinished paragraphs, each the continuation of the previous one.
    let body = "Directed to Parties\n\n17.A Some words without a full stop\n\n".to_string()
        + &"and more words here\n\n".repeat(20_000);
    let started = std::time::Instant::now();
    let draft = import(&body);
    let kinds: Vec<ParaKind> = draft.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ParaKind::Heading, ParaKind::Decision]);
    assert_eq!(words(&draft.paragraphs[1].text()), 6 + 4 * 20_000);
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
}

/// Deterministic pseudo-random inputs built from the characters the reader cares about: it
/// must never panic, whatever it is given.
#[test]
fn never_panics_on_arbitrary_input() {
    const PIECES: [&str; 32] = [
        "[",
        "]",
        "*",
        "**",
        "_",
        "__",
        "<u>",
        "</u>",
        "\\",
        "\n",
        "\n\n",
        " ",
        "   ",
        "      ",
        "a)",
        "i)",
        "1.",
        "17.A ",
        "- ",
        "# ",
        "## ",
        "<!-- caucus:text -->",
        "<!-- caucus:decision -->\n**",
        "THE CONFERENCE OF THE PARTIES TO THE CONVENTION",
        "RECALLING",
        "Directed to",
        "Original language: ",
        "CoP17 Doc. 3",
        " – p. 2",
        "é",
        "\u{feff}",
        "text;",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let mut input = String::new();
        for _ in 0..len {
            input.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
        }
        let _ = import_text(input.as_bytes());
        let mut bytes = input.into_bytes();
        if !bytes.is_empty() {
            let at = (next() % bytes.len() as u64) as usize;
            bytes[at] = (next() % 256) as u8;
        }
        let _ = import_text(&bytes);
    }
}

// --- Word (issue #14 §6) ------------------------------------------------------------------------

const W_NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

/// A Word body of `paragraphs` (already WordprocessingML), with a page header of `header` lines.
fn word(header: &[&str], paragraphs: &str) -> Vec<u8> {
    let head: String = header.iter().map(|l| format!("<w:p><w:r><w:t>{l}</w:t></w:r></w:p>")).collect();
    crate::table::docx_of(vec![
        ("word/header1.xml", format!("<?xml version=\"1.0\"?><w:hdr {W_NS}>{head}</w:hdr>")),
        ("word/document.xml", format!("<?xml version=\"1.0\"?><w:document {W_NS}><w:body>{paragraphs}<w:sectPr/></w:body></w:document>")),
    ])
}

fn listed(num: u32, level: u32, runs: &str) -> String {
    format!("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr>{runs}</w:p>")
}

fn run(text: &str, props: &str) -> String {
    format!("<w:r><w:rPr>{props}</w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

/// Word's own list numbering gives the CITES numbers and levels; the title style, italic and
/// bold words, square brackets and the page header's symbol come through; tracked changes are
/// accepted and counted.
#[test]
fn a_word_document_with_real_list_numbering_and_tracked_changes_is_imported() {
    // The page header as CITES writes it: the original language, a tab, the symbol.
    let body = [
        format!("<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>{}</w:p>", run("DRAFT RESOLUTION ON WILDLIFE CYBERCRIME", "")),
        format!("<w:p>{}{}</w:p>", run("RECALLING", "<w:i/>"), run(" Decision 17.92 on wildlife cybercrime;", "")),
        listed(1, 0, &format!("{}{}", run("URGES", "<w:b/>"), run(" Parties to:", ""))),
        listed(1, 1, &run("adopt legislation [including through mandatory reporting];", "")),
        listed(1, 1, &format!(
            "{}<w:del w:id=\"1\" w:author=\"Kenya\"><w:r><w:delText>promptly </w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"Kenya\">{}</w:ins>{}",
            run("share information ", ""),
            run("without delay ", ""),
            run("with the Secretariat;", "<w:u w:val=\"single\"/>")
        )),
        listed(1, 0, &run("ENCOURAGES Parties to cooperate;", "")),
    ]
    .concat();
    let bytes = word(&["Original language: English</w:t></w:r><w:r><w:tab/><w:t>CoP18 Doc. 79.1"], &body);
    let draft = import_text(&bytes).expect("a Word document");
    assert_eq!(draft.symbol.as_deref(), Some("CoP18 Doc. 79.1"), "{draft:?}");
    let shape: Vec<(ParaKind, u8)> = draft.paragraphs.iter().map(|p| (p.kind, p.level)).collect();
    assert_eq!(
        shape,
        [(ParaKind::Title, 0), (ParaKind::Preamble, 0), (ParaKind::Operative, 0), (ParaKind::Item, 1), (ParaKind::Item, 1), (ParaKind::Operative, 0)],
        "{:?}",
        outline(&draft)
    );
    let texts: Vec<String> = draft.paragraphs.iter().map(NewParagraph::text).collect();
    assert_eq!(texts[4], "share information without delay with the Secretariat;", "deleted text left out, inserted kept");
    let spans = &draft.paragraphs[1].spans;
    assert!(spans.iter().any(|s| s.text == "RECALLING" && s.marks.em), "{spans:?}");
    assert!(draft.paragraphs[2].spans.iter().any(|s| s.text == "URGES" && s.marks.strong));
    assert!(draft.paragraphs[4].spans.iter().any(|s| s.text.contains("Secretariat") && s.marks.underline));
    assert!(draft.paragraphs[3].spans.iter().any(|s| s.marks.bracket.is_some() && s.text.contains("mandatory")), "a square bracket");
    let report = draft.word.expect("a Word report");
    assert_eq!((report.list_paragraphs, report.insertions_accepted, report.deletions_accepted), (4, 1, 1));
}

/// A document LibreOffice wrote (not Caucus), with its own list numbering, imports with the same
/// structure; and Caucus's own DOCX export of the sample round-trips paragraph for paragraph.
#[test]
fn a_libreoffice_document_and_caucuss_own_docx_export_are_imported_with_their_structure() {
    let dir = crate::support::tempdir();
    let html = "<html><body><p>RECALLING Decision 17.92;</p><ol><li>URGES Parties to:<ol type=\"a\"><li>adopt legislation;</li>\
                <li>share information;</li></ol></li><li>ENCOURAGES Parties to [establish] focal points;</li></ol></body></html>";
    let source = dir.path().join("handwritten.html");
    std::fs::write(&source, html).expect("write");
    let Some(made) = crate::table::soffice(&source, "docx:MS Word 2007 XML", Some("HTML (StarWriter)"), dir.path()) else { return };
    let bytes = std::fs::read(&made).expect("read");
    let draft = import_text(&bytes).expect("LibreOffice's document");
    let shape: Vec<(ParaKind, u8, String)> = draft.paragraphs.iter().map(|p| (p.kind, p.level, p.text())).collect();
    assert_eq!(
        shape,
        [
            (ParaKind::Preamble, 0, "RECALLING Decision 17.92;".to_string()),
            (ParaKind::Operative, 0, "URGES Parties to:".to_string()),
            (ParaKind::Item, 1, "adopt legislation;".to_string()),
            (ParaKind::Item, 1, "share information;".to_string()),
            (ParaKind::Operative, 0, "ENCOURAGES Parties to establish focal points;".to_string()),
        ]
    );
    assert!(draft.word.expect("report").list_paragraphs >= 4, "LibreOffice wrote real list numbering");

    let caucus = crate::support::device(dir.path(), 71);
    let sample = caucus.open_sample().expect("sample");
    let exported = sample.export(&caucus::export::ExportOptions::new(caucus::export::Format::Docx)).expect("docx");
    let back = import_text(&exported).expect("Caucus's own DOCX");
    let ours: Vec<(ParaKind, u8, String)> = sample.paragraphs().iter().map(|p| (p.para.kind, p.para.level, p.para.text())).collect();
    let theirs: Vec<(ParaKind, u8, String)> = back.paragraphs.iter().map(|p| (p.kind, p.level, p.text())).collect();
    assert_eq!(theirs, ours);
    assert_eq!(back.symbol.as_deref(), Some(sample.view().expect("view").meta.symbol.as_str()));
}

#[test]
fn a_package_that_is_no_word_document_is_refused_with_its_code() {
    let not_word = crate::table::docx_of(vec![("xl/workbook.xml", "<workbook/>".into())]);
    assert_eq!(import_text(&not_word).expect_err("a spreadsheet").code(), "import.not-word");
    let mut damaged = word(&[], "<w:p><w:r><w:t>URGES Parties;</w:t></w:r></w:p>");
    damaged.truncate(damaged.len() / 2);
    assert_eq!(import_text(&damaged).expect_err("cut in half").code(), "import.damaged-docx");
    let broken = crate::table::docx_of(vec![("word/document.xml", "<w:document><w:body><w:p></w:body>".into())]);
    assert_eq!(import_text(&broken).expect_err("bad XML").code(), "import.damaged-docx");
}
