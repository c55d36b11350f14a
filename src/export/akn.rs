//! Akoma Ntoso 3.0 export of the intermediate representation: a `<statement>` (`resolutionDraft` or `decisionsDraft`) with FRBR identification, references to CITES and the delegations, preface, preamble of recitals and the enacting formula, and a main body of numbered paragraphs, lists and points, with brackets as `<inline name="bracket">` and revisions as `<ins>`/`<del>`.
//!
//! Layout of the draft (DESIGN §5) in AKN terms:
//!
//! ```text
//! preface    header lines (language, <docNumber>, <docAuthority>, <session>), text before the
//!            first structural paragraph, <longTitle><p><docTitle>
//! preamble   <recitals><recital eId="recs_1__rec_1"><p>RECALLING …;</p></recital>…</recitals>
//!            <formula name="enactingFormula"><p>THE CONFERENCE OF THE PARTIES TO THE CONVENTION</p>
//! mainBody   <paragraph eId="para_1"><num>1.</num><content><p>…</p></content></paragraph>, or with
//!            items <intro><p>…</p></intro><list eId="para_1__list_1"><point eId="…__point_a">…;
//!            a heading opens <hcontainer name="directedTo"><heading>Directed to Parties</heading>
//!            holding the decisions (<paragraph eId="hcontainer_1__para_17.A"><num>17.A</num>)
//! ```
//!
//! eIds follow the AKN naming convention (`parent__type_num`) and derive from numbers where a
//! paragraph has one, else from position; the rare clash (a deleted paragraph keeping its old
//! number next to the new one) gets a `-2` suffix. Comment threads, when the document has any,
//! become `<notes>` in the meta with a `<noteRef>` where their anchor ends.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::export::ir::{Block, Change, ChangeKind, Comment, Document, Run};
use super::escape::xml as escape;
use crate::model::types::{BracketStatus, DraftKind, ParaKind};

/// The Akoma Ntoso 3.0 namespace.
pub const NAMESPACE: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// Renders the document as an Akoma Ntoso 3.0 XML file (UTF-8, well-formed, every text escaped).
pub fn render(doc: &Document) -> String {
    let refs = References::of(doc);
    let mut w = Writer::default();
    w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    w.open("akomaNtoso", &[("xmlns", NAMESPACE)]);
    w.open("statement", &[("name", doc_name(doc))]);
    meta(&mut w, doc, &refs);

    let zones = Zones::of(doc);
    let inline = Inline { doc, refs: &refs };
    preface(&mut w, doc, &zones, &inline);
    preamble(&mut w, doc, &zones, &inline);
    main_body(&mut w, doc, &zones, &inline);

    w.close("statement");
    w.close("akomaNtoso");
    w.out.push('\n');
    w.out
}

/// `statement/@name`.
fn doc_name(doc: &Document) -> &'static str {
    match doc.meta.kind {
        DraftKind::Resolution => "resolutionDraft",
        DraftKind::Decisions => "decisionsDraft",
    }
}

// ---------------------------------------------------------------------------------------------
// Meta: identification and references.

/// The organisations and concepts the text refers to, with their eIds.
struct References {
    /// Delegation name → eId (authors of changes and holders of brackets).
    delegations: BTreeMap<String, String>,
    /// Bracket id → eId of its TLCConcept.
    brackets: BTreeMap<String, String>,
    /// Comment id → (eId of its note, marker number).
    notes: BTreeMap<String, (String, usize)>,
}

impl References {
    fn of(doc: &Document) -> References {
        let mut names: BTreeSet<String> = BTreeSet::new();
        let changes =
            doc.blocks.iter().flat_map(|b| b.change.iter().chain(b.runs.iter().filter_map(|r| r.change.as_ref())));
        for change in changes {
            if let Some(author) = change.author.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
                names.insert(author.to_string());
            }
        }
        for info in doc.brackets.values() {
            names.extend(info.holders.iter().map(|h| h.trim().to_string()).filter(|h| !h.is_empty()));
        }
        let mut taken: BTreeSet<String> = ["cites", "caucus"].into_iter().map(String::from).collect();
        let delegations = names
            .into_iter()
            .map(|name| {
                let eid = unique(&mut taken, format!("org-{}", slug_or(&name, "delegation")));
                (name, eid)
            })
            .collect();
        let brackets = doc
            .blocks
            .iter()
            .flat_map(|b| &b.runs)
            .filter_map(|r| r.marks.bracket.clone())
            .chain(doc.brackets.keys().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|id| {
                let eid = unique(&mut taken, format!("bracket-{}", slug_or(&id, "b")));
                (id, eid)
            })
            .collect();
        let notes = doc
            .comments
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), (unique(&mut taken, format!("note_{}", slug_or(&c.id, "c"))), i + 1)))
            .collect();
        References { delegations, brackets, notes }
    }

    fn delegation(&self, name: &str) -> Option<&str> {
        self.delegations.get(name.trim()).map(String::as_str)
    }
}

fn meta(w: &mut Writer, doc: &Document, refs: &References) {
    let name = doc_name(doc);
    let symbol = one_line(&doc.meta.symbol);
    let title = title_text(doc);
    let number = match (slug(&symbol), slug(&title)) {
        (s, _) if !s.is_empty() => s,
        (_, t) if !t.is_empty() => t,
        _ => "draft".to_string(),
    };
    let work = format!("/akn/un/statement/{name}/cites/{number}");
    // The expression's language: the version's (issue #15 §3), else the original's.
    let lang = if doc.lang == crate::cites::Lang::En {
        language_code(&doc.meta.language)
    } else {
        doc.lang.code3()
    };
    let (date, date_name) = frbr_date(doc);
    let version = if date_name == "undated" { String::new() } else { date.clone() };
    let expression = format!("{work}/{lang}@{version}");

    w.open("meta", &[]);
    w.open("identification", &[("source", "#caucus")]);
    w.open("FRBRWork", &[]);
    w.empty("FRBRthis", &[("value", &format!("{work}/!main"))]);
    w.empty("FRBRuri", &[("value", &work)]);
    w.empty("FRBRdate", &[("date", &date), ("name", date_name)]);
    w.empty("FRBRauthor", &[("href", "#cites")]);
    w.empty("FRBRcountry", &[("value", "un")]);
    w.empty("FRBRsubtype", &[("value", name)]);
    if !symbol.is_empty() {
        w.empty("FRBRnumber", &[("value", &symbol)]);
    }
    if !title.is_empty() {
        w.empty("FRBRname", &[("value", &title)]);
    }
    w.close("FRBRWork");
    w.open("FRBRExpression", &[]);
    w.empty("FRBRthis", &[("value", &format!("{expression}/!main"))]);
    w.empty("FRBRuri", &[("value", &expression)]);
    w.empty("FRBRdate", &[("date", &date), ("name", date_name)]);
    w.empty("FRBRauthor", &[("href", "#cites")]);
    w.empty("FRBRlanguage", &[("language", lang)]);
    w.close("FRBRExpression");
    w.open("FRBRManifestation", &[]);
    w.empty("FRBRthis", &[("value", &format!("{expression}/!main.xml"))]);
    w.empty("FRBRuri", &[("value", &format!("{expression}.akn"))]);
    w.empty("FRBRdate", &[("date", &date), ("name", date_name)]);
    w.empty("FRBRauthor", &[("href", "#caucus")]);
    w.empty("FRBRformat", &[("value", "application/akn+xml")]);
    w.close("FRBRManifestation");
    w.close("identification");

    w.open("references", &[("source", "#caucus")]);
    w.empty(
        "TLCOrganization",
        &[
            ("eId", "cites"),
            ("href", "/ontology/organization/un/cites"),
            ("showAs", "Convention on International Trade in Endangered Species of Wild Fauna and Flora"),
            ("shortForm", "CITES"),
        ],
    );
    w.empty("TLCOrganization", &[("eId", "caucus"), ("href", "/ontology/organization/caucus"), ("showAs", "Caucus")]);
    for (name, eid) in &refs.delegations {
        let href = format!("/ontology/organization/caucus/{}", eid.trim_start_matches("org-"));
        w.empty("TLCOrganization", &[("eId", eid), ("href", &href), ("showAs", name)]);
    }
    for (id, eid) in &refs.brackets {
        let info = doc.brackets.get(id).cloned().unwrap_or_default();
        let mut show = format!("Square brackets {id}: {}", status_words(info.status));
        if !info.holders.is_empty() {
            let _ = write!(show, ", held by {}", info.holders.join(", "));
        }
        if let Some(package) = &info.package {
            let _ = write!(show, ", in {}", crate::cites::package_label(package));
        }
        let href = format!("/ontology/concept/caucus/bracket/{}", eid.trim_start_matches("bracket-"));
        w.empty("TLCConcept", &[("eId", eid), ("href", &href), ("showAs", &show)]);
    }
    w.close("references");

    if !doc.comments.is_empty() {
        w.open("notes", &[("source", "#caucus")]);
        for comment in &doc.comments {
            note(w, comment, refs);
        }
        w.close("notes");
    }
    w.close("meta");
}

fn note(w: &mut Writer, comment: &Comment, refs: &References) {
    let Some((eid, marker)) = refs.notes.get(&comment.id) else { return };
    let class = if comment.orphaned { "comment orphaned" } else { "comment" };
    w.open("note", &[("eId", eid), ("class", class), ("marker", &marker.to_string())]);
    if !comment.quote.trim().is_empty() {
        w.element("p", &[("class", "quote")], &escape(&format!("“{}”", comment.quote.trim())));
    }
    let said = |author: &str, date: &str, body: &str| escape(&format!("{author} ({date}): {body}"));
    w.element("p", &[("class", "body")], &said(&comment.author, &comment.date, &comment.body));
    for reply in &comment.replies {
        w.element("p", &[("class", "reply")], &said(&reply.author, &reply.date, &reply.body));
    }
    w.close("note");
}

fn status_words(status: BracketStatus) -> &'static str {
    match status {
        BracketStatus::Open => "open",
        BracketStatus::AgreedAdRef => "agreed ad referendum",
        BracketStatus::Agreed => "agreed",
        BracketStatus::Withdrawn => "withdrawn",
    }
}

/// The FRBR date and its name: the revision date when the document shows changes, else the
/// latest change or comment, else `0001-01-01` named `undated` (the IR carries no export date).
fn frbr_date(doc: &Document) -> (String, &'static str) {
    if let Some(date) = doc.revisions.as_ref().and_then(|r| date_part(&r.date)) {
        return (date, "revision");
    }
    let changes = doc
        .blocks
        .iter()
        .flat_map(|b| b.change.iter().chain(b.runs.iter().filter_map(|r| r.change.as_ref())))
        .filter_map(|c: &Change| date_part(&c.date));
    let comments = doc.comments.iter().filter_map(|c| date_part(&c.date));
    match changes.chain(comments).max() {
        Some(date) => (date, "lastChange"),
        None => ("0001-01-01".to_string(), "undated"),
    }
}

/// `YYYY-MM-DD` from an RFC 3339 date or date-time.
fn date_part(text: &str) -> Option<String> {
    let date = text.trim().get(..10)?;
    let ok = date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    ok.then(|| date.to_string())
}

/// ISO 639-2 code for the URI and `FRBRlanguage`.
fn language_code(language: &str) -> &'static str {
    match language.trim().to_lowercase().as_str() {
        "" | "english" | "en" | "eng" => "eng",
        "french" | "français" | "francais" | "fr" | "fra" => "fra",
        "spanish" | "español" | "espanol" | "es" | "spa" => "spa",
        _ => "und",
    }
}

fn title_text(doc: &Document) -> String {
    doc.blocks
        .iter()
        .find(|b| b.kind == ParaKind::Title)
        .map(|b| one_line(&b.current_text()))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| one_line(&doc.meta.title))
}

// ---------------------------------------------------------------------------------------------
// Preface, preamble, main body.

/// Where the blocks go: `[0, preamble)` preface, `[preamble, body)` preamble, `[body, ..)` main
/// body.
struct Zones {
    preamble: usize,
    body: usize,
}

impl Zones {
    fn of(doc: &Document) -> Zones {
        let len = doc.blocks.len();
        let preamble =
            doc.blocks.iter().position(|b| !matches!(b.kind, ParaKind::Text | ParaKind::Title)).unwrap_or(len);
        let body = doc.conference_line_before().filter(|&i| i >= preamble).unwrap_or_else(|| {
            doc.blocks
                .iter()
                .enumerate()
                .skip(preamble)
                .find(|(_, b)| {
                    matches!(b.kind, ParaKind::Operative | ParaKind::Decision | ParaKind::Item | ParaKind::Heading)
                })
                .map_or(len, |(i, _)| i)
        });
        Zones { preamble, body }
    }
}

fn preface(w: &mut Writer, doc: &Document, zones: &Zones, inline: &Inline<'_>) {
    let meta = &doc.meta;
    w.open("preface", &[]);
    let lines = crate::cites::lines(doc.lang);
    let language = one_line(&meta.language);
    if !language.is_empty() {
        let body =
            format!("{} <inline name=\"originalLanguage\">{}</inline>", escape(lines.language_prefix), escape(&lines.language_name_of(&language)));
        w.element("p", &[("class", "language")], &body);
    }
    let symbol = one_line(&meta.symbol);
    if !symbol.is_empty() {
        w.element("p", &[("class", "symbol")], &format!("<docNumber>{}</docNumber>", escape(&symbol)));
    }
    let convention =
        format!("<docAuthority refersTo=\"#cites\">{}</docAuthority>", escape(&lines.convention.join(" ")));
    w.element("p", &[("class", "convention")], &convention);
    let meeting = one_line(&meta.meeting);
    if !meeting.is_empty() {
        w.element("p", &[("class", "meeting")], &format!("<session>{}</session>", escape(&meeting)));
    }
    let blocks = doc.blocks.get(..zones.preamble).unwrap_or_default();
    let has_title = blocks.iter().any(|b| b.kind == ParaKind::Title);
    let title = one_line(&meta.title);
    let mut before_title = true;
    for block in blocks {
        if block.kind == ParaKind::Title {
            before_title = false;
            w.open("longTitle", &[]);
            w.element("p", &[], &format!("<docTitle>{}</docTitle>", inline.block(block)));
            w.close("longTitle");
        } else {
            let class = if before_title && has_title { "front" } else { "text" };
            w.element("p", &[("class", class)], &inline.block(block));
        }
    }
    if !has_title && !title.is_empty() {
        w.open("longTitle", &[]);
        w.element("p", &[], &format!("<docTitle>{}</docTitle>", escape(&title)));
        w.close("longTitle");
    }
    w.close("preface");
}

fn preamble(w: &mut Writer, doc: &Document, zones: &Zones, inline: &Inline<'_>) {
    let blocks = doc.blocks.get(zones.preamble..zones.body).unwrap_or_default();
    let formula = doc.is_resolution() && doc.conference_line_before().is_some();
    if blocks.is_empty() && !formula {
        return;
    }
    w.open("preamble", &[]);
    let mut ids = Ids::default();
    let mut rest = blocks;
    while let Some(first) = rest.first() {
        if first.kind == ParaKind::Preamble {
            let len = rest.iter().take_while(|b| b.kind == ParaKind::Preamble).count();
            let (recitals, tail) = rest.split_at(len);
            let recs = ids.positional("", "recs");
            w.open("recitals", &[("eId", &recs)]);
            let mut inner = Ids::default();
            for block in recitals {
                let eid = inner.positional(&recs, "rec");
                w.open("recital", &[("eId", &eid)]);
                w.element("p", &[], &inline.block(block));
                w.close("recital");
            }
            w.close("recitals");
            rest = tail;
        } else {
            let eid = ids.positional("", "container");
            w.open("container", &[("eId", &eid), ("name", first.kind.as_str())]);
            let text = match first.number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                Some(_) => format!("{} {}", inline.number(first), inline.block(first)),
                None => inline.block(first),
            };
            w.element("p", &[], &text);
            w.close("container");
            rest = rest.get(1..).unwrap_or_default();
        }
    }
    if formula {
        let eid = ids.positional("", "formula");
        w.open("formula", &[("eId", &eid), ("name", "enactingFormula")]);
        w.element("p", &[], &escape(crate::cites::lines(doc.lang).conference));
        w.close("formula");
    }
    w.close("preamble");
}

/// A block with the blocks that hang from it (items under a paragraph, paragraphs under a
/// heading).
struct Node<'a> {
    block: &'a Block,
    children: Vec<Node<'a>>,
}

/// How deep a block sits: headings hold paragraphs, paragraphs hold level-1 items, which hold
/// level-2 items.
fn depth(block: &Block) -> u8 {
    match block.kind {
        ParaKind::Heading => 0,
        ParaKind::Item => 1 + block.level.max(1),
        _ => 1,
    }
}

fn tree(blocks: &[Block]) -> Vec<Node<'_>> {
    fn attach<'a>(nodes: &mut Vec<Node<'a>>, block: &'a Block) {
        match nodes.last_mut() {
            Some(last) if depth(last.block) < depth(block) => attach(&mut last.children, block),
            _ => nodes.push(Node { block, children: Vec::new() }),
        }
    }
    let mut roots = Vec::new();
    for block in blocks {
        attach(&mut roots, block);
    }
    roots
}

fn main_body(w: &mut Writer, doc: &Document, zones: &Zones, inline: &Inline<'_>) {
    let blocks = doc.blocks.get(zones.body..).unwrap_or_default();
    w.open("mainBody", &[]);
    if blocks.is_empty() {
        w.empty("p", &[]);
    }
    let roots = tree(blocks);
    let mut ids = Ids::default();
    nodes(w, &roots, "", &mut ids, inline);
    w.close("mainBody");
}

/// Writes sibling nodes; consecutive items become one `<list>`.
fn nodes(w: &mut Writer, siblings: &[Node<'_>], parent: &str, ids: &mut Ids, inline: &Inline<'_>) {
    let mut rest = siblings;
    while let Some(first) = rest.first() {
        if first.block.kind == ParaKind::Item {
            let len = rest.iter().take_while(|n| n.block.kind == ParaKind::Item).count();
            let (items, tail) = rest.split_at(len);
            let list = ids.positional(parent, "list");
            w.open("list", &[("eId", &list)]);
            let mut inner = Ids::default();
            for item in items {
                let eid = inner.numbered(&list, "point", item.block.number.as_deref());
                hier(w, "point", &eid, None, item, inline);
            }
            w.close("list");
            rest = tail;
            continue;
        }
        let block = first.block;
        match block.kind {
            ParaKind::Operative | ParaKind::Decision => {
                let eid = ids.numbered(parent, "para", block.number.as_deref().or(block.label.as_deref()));
                hier(w, "paragraph", &eid, None, first, inline);
            }
            ParaKind::Heading => {
                let eid = ids.positional(parent, "hcontainer");
                let name =
                    if block.current_text().trim_start().starts_with("Directed to") { "directedTo" } else { "heading" };
                w.open("hcontainer", &[("eId", &eid), ("name", name)]);
                w.element("heading", &[], &inline.block(block));
                let mut inner = Ids::default();
                nodes(w, &first.children, &eid, &mut inner, inline);
                w.close("hcontainer");
            }
            kind => {
                let eid = ids.positional(parent, "hcontainer");
                hier(w, "hcontainer", &eid, Some(kind.as_str()), first, inline);
            }
        }
        rest = rest.get(1..).unwrap_or_default();
    }
}

/// A hierarchical element (`paragraph`, `point`, `hcontainer`): num, then the text as
/// `content` or, when items follow, as `intro` before their list.
fn hier(w: &mut Writer, tag: &str, eid: &str, name: Option<&str>, node: &Node<'_>, inline: &Inline<'_>) {
    let mut attrs = vec![("eId", eid)];
    if let Some(name) = name {
        attrs.push(("name", name));
    }
    w.open(tag, &attrs);
    if node.block.number.as_deref().is_some_and(|n| !n.trim().is_empty()) {
        w.element("num", &[], &inline.number(node.block));
    }
    let text = inline.block(node.block);
    if node.children.is_empty() {
        w.open("content", &[]);
        w.element("p", &[], &text);
        w.close("content");
    } else {
        w.open("intro", &[]);
        w.element("p", &[], &text);
        w.close("intro");
        let mut inner = Ids::default();
        nodes(w, &node.children, eid, &mut inner, inline);
    }
    w.close(tag);
}

// ---------------------------------------------------------------------------------------------
// Inline content.

struct Inline<'a> {
    doc: &'a Document,
    refs: &'a References,
}

impl Inline<'_> {
    /// The number of a block, inside `<ins>`/`<del>` when the whole block changed.
    fn number(&self, block: &Block) -> String {
        let number = escape(block.number.as_deref().map(str::trim).unwrap_or_default());
        self.wrap_change(block.change.as_ref(), number)
    }

    /// A block's runs as mixed content: marks as `<b>`/`<i>`/`<u>`, revisions as `<ins>`/`<del>`,
    /// each stretch of one bracket id as one `<inline name="bracket">[…]</inline>`, and a
    /// `<noteRef>` after the last run a comment covers.
    fn block(&self, block: &Block) -> String {
        let mut last_run_of: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, run) in block.runs.iter().enumerate() {
            for id in &run.comments {
                last_run_of.insert(id.as_str(), i);
            }
        }
        let mut out = String::new();
        let mut i = 0;
        while let Some(first) = block.runs.get(i) {
            let bracket = first.marks.bracket.as_deref();
            let len = block.runs.iter().skip(i).take_while(|r| r.marks.bracket.as_deref() == bracket).count();
            let mut inner = String::new();
            for (k, run) in block.runs.iter().enumerate().skip(i).take(len) {
                inner.push_str(&self.run(run));
                for (id, _) in last_run_of.iter().filter(|(_, last)| **last == k) {
                    if let Some((eid, marker)) = self.refs.notes.get(*id) {
                        let _ = write!(inner, "<noteRef href=\"#{}\" marker=\"{marker}\"/>", escape(eid));
                    }
                }
            }
            match bracket {
                Some(id) => {
                    let status = self.doc.brackets.get(id).map(|b| b.status).unwrap_or_default();
                    let mut refers: Vec<String> =
                        self.refs.brackets.get(id).map(|eid| format!("#{eid}")).into_iter().collect();
                    if let Some(info) = self.doc.brackets.get(id) {
                        refers.extend(
                            info.holders.iter().filter_map(|h| self.refs.delegation(h)).map(|eid| format!("#{eid}")),
                        );
                    }
                    let _ = write!(
                        out,
                        "<inline name=\"bracket\" refersTo=\"{}\" class=\"{}\">[{inner}]</inline>",
                        escape(&refers.join(" ")),
                        status.as_str()
                    );
                }
                None => out.push_str(&inner),
            }
            i += len.max(1);
        }
        self.wrap_change(block.change.as_ref(), out)
    }

    fn run(&self, run: &Run) -> String {
        let mut text = escape(&run.text);
        for (on, tag) in [(run.marks.underline, "u"), (run.marks.em, "i"), (run.marks.strong, "b")] {
            if on && !text.is_empty() {
                text = format!("<{tag}>{text}</{tag}>");
            }
        }
        self.wrap_change(run.change.as_ref(), text)
    }

    fn wrap_change(&self, change: Option<&Change>, inner: String) -> String {
        let Some(change) = change else { return inner };
        let tag = match change.kind {
            ChangeKind::Inserted => "ins",
            ChangeKind::Deleted => "del",
        };
        let mut attrs = String::new();
        let author = change.author.as_deref().map(str::trim).filter(|a| !a.is_empty());
        if let Some(eid) = author.and_then(|a| self.refs.delegation(a)) {
            let _ = write!(attrs, " refersTo=\"#{}\"", escape(eid));
        }
        if change.moved {
            attrs.push_str(" class=\"moved\"");
        }
        let verb = match change.kind {
            ChangeKind::Inserted => "Inserted",
            ChangeKind::Deleted => "Deleted",
        };
        let mut title = verb.to_string();
        if let Some(author) = author {
            let _ = write!(title, " by {author}");
        }
        if !change.date.trim().is_empty() {
            let _ = write!(title, " on {}", change.date.trim());
        }
        format!("<{tag}{attrs} title=\"{}\">{inner}</{tag}>", escape(&title))
    }
}

// ---------------------------------------------------------------------------------------------
// eIds and XML writing.

/// eIds handed out under one parent, kept unique across the document by [`unique`] on the
/// path. Positional ones count per element type.
#[derive(Default)]
struct Ids {
    counts: BTreeMap<&'static str, usize>,
    taken: BTreeSet<String>,
}

impl Ids {
    fn path(parent: &str, own: &str) -> String {
        if parent.is_empty() {
            own.to_string()
        } else {
            format!("{parent}__{own}")
        }
    }

    /// `type_N`, N counting this type under the parent.
    fn positional(&mut self, parent: &str, kind: &'static str) -> String {
        let n = self.counts.entry(kind).or_insert(0);
        *n += 1;
        let id = Self::path(parent, &format!("{kind}_{n}"));
        unique(&mut self.taken, id)
    }

    /// `type_NUM` from a number such as `1.`, `a)` or `17.A`; positional without one.
    fn numbered(&mut self, parent: &str, kind: &'static str, number: Option<&str>) -> String {
        let num = number.map(num_slug).unwrap_or_default();
        if num.is_empty() {
            return self.positional(parent, kind);
        }
        let id = Self::path(parent, &format!("{kind}_{num}"));
        unique(&mut self.taken, id)
    }
}

/// `1.` → `1`, `a)` → `a`, `17.A` → `17.A`, `(iv)` → `iv`.
fn num_slug(number: &str) -> String {
    let cleaned: String =
        number.trim().chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
    cleaned.trim_matches(|c| c == '-' || c == '.').to_string()
}

/// Lower-case ASCII letters and digits, other runs as one `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn slug_or(text: &str, fallback: &str) -> String {
    match slug(text) {
        s if s.is_empty() => fallback.to_string(),
        s => s,
    }
}

/// `id`, or `id-2`, `id-3` … when taken; records the result.
fn unique(taken: &mut BTreeSet<String>, id: String) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes text for XML content and attributes; drops characters XML 1.0 cannot carry.
/// An indenting writer of elements; attribute values and text are escaped by the callers'
/// helpers ([`Writer::element`] takes ready-made inner XML).
#[derive(Default)]
struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    fn newline(&mut self) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn raw(&mut self, text: &str) {
        self.newline();
        self.out.push_str(text);
    }

    fn start_tag(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.newline();
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            let _ = write!(self.out, " {name}=\"{}\"", escape(value));
        }
    }

    fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start_tag(tag, attrs);
        self.out.push('>');
        self.depth += 1;
    }

    fn close(&mut self, tag: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.newline();
        let _ = write!(self.out, "</{tag}>");
    }

    fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start_tag(tag, attrs);
        self.out.push_str("/>");
    }

    /// `<tag …>inner</tag>` on one line; `inner` is XML already.
    fn element(&mut self, tag: &str, attrs: &[(&str, &str)], inner: &str) {
        self.start_tag(tag, attrs);
        let _ = write!(self.out, ">{inner}</{tag}>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_names_become_eid_parts() {
        assert_eq!(num_slug("1."), "1");
        assert_eq!(num_slug("a)"), "a");
        assert_eq!(num_slug("17.A"), "17.A");
        assert_eq!(num_slug("(iv)"), "iv");
        assert_eq!(slug("CoP18 Doc. 79.1 Annex"), "cop18-doc-79-1-annex");
        assert_eq!(slug("Côte d'Ivoire"), "c-te-d-ivoire");
    }

    #[test]
    fn clashing_eids_get_a_suffix() {
        let mut ids = Ids::default();
        assert_eq!(ids.numbered("", "para", Some("2.")), "para_2");
        assert_eq!(ids.numbered("", "para", Some("2.")), "para_2-2");
        assert_eq!(ids.numbered("", "para", None), "para_1");
    }

    #[test]
    fn escaping_covers_markup_quotes_and_forbidden_characters() {
        assert_eq!(escape("<a href='x'>&\"\u{1}"), "&lt;a href=&apos;x&apos;&gt;&amp;&quot;");
    }

    #[test]
    fn dates_come_from_rfc3339() {
        assert_eq!(date_part("2026-11-27T12:00:00Z").as_deref(), Some("2026-11-27"));
        assert_eq!(date_part("soon"), None);
    }
}
