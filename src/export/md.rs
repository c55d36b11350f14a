//! Markdown export of a draft view, in the CITES-flavoured grammar that `import::import_text` reads back.
//!
//! ```text
//! document   = header { blank block } "\n"
//! header     = ["Original language: " language] blank symbol-line blank
//!              "CONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES" "\n" "OF WILD FAUNA AND FLORA"
//!              blank meeting-line                  (each part only when the meta field is set)
//! block      = [hint "\n"] paragraph               (one line per paragraph; blocks separated by a blank line)
//! paragraph  = "# " inline                          title
//!            | "## " inline                         heading
//!            | "**" number "** " inline             decision (number = label, or "#n" without one)
//!            | number " " inline                    operative ("1.")
//!            | "   " number " " inline              item, level 1 ("a)")
//!            | "      " number " " inline           item, level 2 ("i)")
//!            | "THE CONFERENCE OF THE PARTIES TO THE CONVENTION"   before the first operative
//!                                                   paragraph of a resolution (not a paragraph)
//!            | inline                               preamble or text, told apart as import does
//! hint       = "<!-- caucus:" (kind | "symbol" | "meeting") " -->"
//! inline     = text with "*em*", "**strong**", "<u>underline</u>", "[bracketed]" and
//!              backslash escapes of \ * _ [ ] < ` (and of a line start that reads as a marker)
//! ```
//!
//! A hint is written only where import would otherwise misread an unmarked line (a text
//! paragraph opening with a capitalised word, one that follows an unfinished paragraph, a symbol
//! that does not look like one …); Markdown viewers do not show it.

use crate::import::{
    classify_unmarked, is_footer, parse_hint, parse_marker, visible_of_raw, Context, Hint, Marker, Unmarked,
};
use crate::cites::{Lang, Lines};
use crate::export::ir::{ChangeKind, Document};
use crate::model::types::{DraftKind, DraftView, Marks, NumberedParagraph, ParaKind, Paragraph, Span};

/// Renders the draft as Markdown; `import::import_text` of the result gives back the same
/// paragraphs (kind, level, label, text and brackets) and header fields.
/// Renders a document with revision marks the CITES way (new text underlined, deleted text
/// struck through with `~~`) and its comments listed after the text, numbered where they are
/// anchored. A document without marks or comments renders exactly as [`render`] does.
pub fn render_document(doc: &Document) -> String {
    let struck = |text: &str| -> String {
        // `~~` around each line's words; whitespace stays outside so Markdown sees the marks.
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return text.to_string();
        }
        let start = text.len() - text.trim_start().len();
        let end = start + trimmed.len();
        format!("{}~~{}~~{}", &text[..start], trimmed, &text[end..])
    };
    let numbers: std::collections::BTreeMap<&str, usize> =
        doc.comments.iter().enumerate().map(|(i, c)| (c.id.as_str(), i + 1)).collect();
    let paragraphs = doc
        .blocks
        .iter()
        .map(|b| {
            let block_change = b.change.as_ref().map(|c| c.kind);
            let mut spans: Vec<Span> = Vec::new();
            for (k, run) in b.runs.iter().enumerate() {
                let mut marks = run.marks.clone();
                let change = run.change.as_ref().map(|c| c.kind).or(block_change);
                let text = match change {
                    Some(ChangeKind::Inserted) => {
                        marks.underline = true;
                        run.text.clone()
                    }
                    Some(ChangeKind::Deleted) => struck(&run.text),
                    None => run.text.clone(),
                };
                spans.push(Span { text, marks });
                let ending: Vec<String> = run
                    .comments
                    .iter()
                    .filter(|c| b.runs.get(k + 1).is_none_or(|next| !next.comments.contains(c)))
                    .filter_map(|c| numbers.get(c.as_str()).map(|n| format!("({n})")))
                    .collect();
                if !ending.is_empty() {
                    spans.push(Span::plain(format!(" {}", ending.join(" "))));
                }
            }
            NumberedParagraph {
                number: b.number.clone(),
                para: Paragraph { id: b.id.clone(), kind: b.kind, level: b.level, label: b.label.clone(), spans },
            }
        })
        .collect();
    let view = DraftView { meta: doc.meta.clone(), paragraphs, brackets: doc.brackets.clone() };
    let mut out = render_in(&view, crate::cites::lines(doc.lang));
    if let Some(base) = &doc.revisions {
        out = format!(
            "Changes since \u{201c}{}\u{201d} ({}): new text underlined, deleted text struck through.\n\n{out}",
            one_line(&base.since),
            base.since_date.get(..10).unwrap_or(&base.since_date)
        );
    }
    if !doc.comments.is_empty() {
        out.push_str("\n---\n\nComments\n\n");
        for (i, c) in doc.comments.iter().enumerate() {
            let place = if c.orphaned { format!(" on \u{201c}{}\u{201d} (text deleted)", one_line(&c.quote)) } else { String::new() };
            out.push_str(&format!(
                "{}. {} ({}){place}: {}\n",
                i + 1,
                one_line(&c.author),
                c.date.get(..10).unwrap_or(&c.date),
                one_line(&c.body)
            ));
            for r in &c.replies {
                out.push_str(&format!("   - {}: {}\n", one_line(&r.author), one_line(&r.body)));
            }
        }
    }
    out
}

pub fn render(view: &DraftView) -> String {
    render_in(view, crate::cites::lines(Lang::En))
}

/// [`render`] with CITES's fixed lines in `lines`' language (a language version, issue #15 §3).
pub fn render_in(view: &DraftView, lines: &Lines) -> String {
    let mut w = Writer::default();
    let meta = &view.meta;

    let language = one_line(&meta.language);
    if !language.is_empty() {
        w.blocks.push(escape_text(&lines.original_language_line(&language)));
        w.ctx.note_dropped();
    }
    let symbol = one_line(&meta.symbol);
    if !symbol.is_empty() {
        w.unmarked(escape_line_start(escape_text(&symbol)), Unmarked::Symbol, Hint::Symbol);
        w.ctx.note_symbol();
    }
    w.blocks.push(lines.convention.join("\n"));
    w.ctx.note_dropped();
    let meeting = one_line(&meta.meeting);
    if !meeting.is_empty() {
        w.unmarked(escape_line_start(escape_text(&meeting)), Unmarked::Meeting, Hint::Meeting);
        w.ctx.note_meeting();
    }
    if !view.paragraphs.iter().any(|p| p.para.kind == ParaKind::Title) {
        let title = one_line(&meta.title);
        if !title.is_empty() {
            let body = escape_heading_end(escape_text(&title));
            w.ctx.note_paragraph(ParaKind::Title, &visible_of_raw(&body));
            w.blocks.push(format!("# {body}"));
        }
    }

    let mut conference_written = false;
    for numbered in &view.paragraphs {
        let para = &numbered.para;
        let number = numbered.number.as_deref();
        if para.kind == ParaKind::Operative && meta.kind == DraftKind::Resolution && !conference_written {
            w.blocks.push(lines.conference.to_string());
            w.ctx.note_conference();
            conference_written = true;
        }
        let body = inline(&para.spans);
        match para.kind {
            ParaKind::Title => w.marked(ParaKind::Title, "#", escape_heading_end(body), None),
            ParaKind::Heading => w.marked(ParaKind::Heading, "##", escape_heading_end(body), None),
            ParaKind::Decision => {
                let label = number.or(para.label.as_deref()).unwrap_or("#1");
                let prefix = format!("**{}**", escape_text(label));
                // A label that does not look like one (`17.A`, `#3`) is still read as the
                // label when the paragraph carries a decision hint.
                let hint = match parse_marker(&prefix) {
                    Some((Marker::Decision(_), "")) => None,
                    _ => Some(Hint::Kind(ParaKind::Decision)),
                };
                w.marked(ParaKind::Decision, &prefix, body, hint);
            }
            ParaKind::Operative => {
                let number =
                    number.filter(|n| matches!(parse_marker(n), Some((Marker::Operative(_), "")))).unwrap_or("1.");
                w.marked(ParaKind::Operative, number, body, None);
            }
            ParaKind::Item => {
                let fallback = if para.level >= 2 { "i)" } else { "a)" };
                let number =
                    number.filter(|n| matches!(parse_marker(n), Some((Marker::Item(..), "")))).unwrap_or(fallback);
                let indent = if para.level >= 2 { "      " } else { "   " };
                w.marked(ParaKind::Item, &format!("{indent}{number}"), body, None);
            }
            ParaKind::Preamble => {
                let line = escape_line_start(body);
                w.unmarked_paragraph(line, Unmarked::Preamble, ParaKind::Preamble);
            }
            ParaKind::Text => {
                let line = escape_line_start(body);
                w.unmarked_paragraph(line, Unmarked::Text, ParaKind::Text);
            }
        }
    }
    let mut out = w.blocks.join("\n\n");
    out.push('\n');
    out
}

#[derive(Default)]
struct Writer {
    blocks: Vec<String>,
    /// Mirrors what import will have seen when it reaches the next block.
    ctx: Context,
}

impl Writer {
    fn marked(&mut self, kind: ParaKind, prefix: &str, body: String, hint: Option<Hint>) {
        let body = body.trim().to_string();
        self.ctx.note_paragraph(kind, &visible_of_raw(&body));
        let line = if body.is_empty() { prefix.to_string() } else { format!("{prefix} {body}") };
        self.push(hint, line);
    }

    /// A preamble or text paragraph: plain text, with a hint where import would read it as
    /// something else.
    fn unmarked_paragraph(&mut self, line: String, expected: Unmarked, kind: ParaKind) {
        let visible = visible_of_raw(&line);
        let hint = needs_hint(&line, &visible, expected, &self.ctx).then_some(Hint::Kind(kind));
        self.ctx.note_paragraph(kind, &visible);
        self.push(hint, line);
    }

    /// A header line (symbol, meeting).
    fn unmarked(&mut self, line: String, expected: Unmarked, hint: Hint) {
        let visible = visible_of_raw(&line);
        let hint = needs_hint(&line, &visible, expected, &self.ctx).then_some(hint);
        self.push(hint, line);
    }

    fn push(&mut self, hint: Option<Hint>, line: String) {
        match hint {
            Some(hint) if line.is_empty() => self.blocks.push(hint.line()),
            Some(hint) => self.blocks.push(format!("{}\n{line}", hint.line())),
            None => self.blocks.push(line),
        }
    }
}

fn needs_hint(line: &str, visible: &str, expected: Unmarked, ctx: &Context) -> bool {
    line.is_empty()
        || parse_hint(line).is_some()
        || is_footer(visible)
        || parse_marker(line).is_some()
        || classify_unmarked(visible, ctx) != expected
}

/// Paragraphs are one line: a line break inside a field would split it on import.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '[' | ']' | '<' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes what would make the start of an unmarked line read as a marker (`1.`, `a)`,
/// `17.A`, `- `, `#`), here and in Markdown viewers.
fn escape_line_start(line: String) -> String {
    let line = line.trim().to_string();
    let mut chars = line.chars();
    let first = chars.next();
    let second = chars.next();
    let prefix_with_backslash = match first {
        Some('#' | '>') => true,
        Some('-' | '+') => second.map_or(true, |c| c.is_whitespace() || Some(c) == first),
        Some('~') => line.starts_with("~~~"),
        _ => false,
    };
    if prefix_with_backslash {
        return format!("\\{line}");
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let lowers = line.bytes().take_while(u8::is_ascii_lowercase).count();
    let cut = if digits > 0 && line.get(digits..).is_some_and(|r| r.starts_with(['.', ')'])) {
        Some(digits)
    } else if (1..=6).contains(&lowers) && line.get(lowers..).is_some_and(|r| r.starts_with(')')) {
        Some(lowers)
    } else {
        None
    };
    match cut.and_then(|at| Some((line.get(..at)?, line.get(at..)?))) {
        Some((head, tail)) => format!("{head}\\{tail}"),
        None => line,
    }
}

/// A trailing `#` would be taken by Markdown viewers for a closing heading sequence.
fn escape_heading_end(body: String) -> String {
    let body = body.trim_end().to_string();
    match body.strip_suffix('#') {
        Some(head) => format!("{head}\\#"),
        None => body,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Strong,
    Em,
    Underline,
}

impl Mark {
    fn open(self) -> &'static str {
        match self {
            Mark::Strong => "**",
            Mark::Em => "*",
            Mark::Underline => "<u>",
        }
    }

    fn close(self) -> &'static str {
        match self {
            Mark::Strong => "**",
            Mark::Em => "*",
            Mark::Underline => "</u>",
        }
    }

    fn is_star(self) -> bool {
        self != Mark::Underline
    }
}

fn wanted(marks: &Marks) -> Vec<Mark> {
    [(marks.strong, Mark::Strong), (marks.em, Mark::Em), (marks.underline, Mark::Underline)]
        .into_iter()
        .filter_map(|(on, mark)| on.then_some(mark))
        .collect()
}

/// Spans as inline Markdown. Runs of one bracket id become `[…]`.
fn inline(spans: &[Span]) -> String {
    let mut out = String::new();
    let mut after_bracket = false;
    let mut rest = spans;
    while let Some(first) = rest.first() {
        let id = &first.marks.bracket;
        let len = rest.iter().take_while(|s| &s.marks.bracket == id).count();
        let (group, tail) = rest.split_at(len);
        let mut part = String::new();
        write_marked(group, &mut part);
        // `[text](` would make a link of the bracket in Markdown viewers.
        if after_bracket && part.starts_with('(') {
            out.push('\\');
        }
        if id.is_some() {
            out.push('[');
            out.push_str(&part);
            out.push(']');
        } else {
            out.push_str(&part);
        }
        after_bracket = id.is_some();
        rest = tail;
    }
    out
}

/// Writes em/strong/underline as properly nested delimiters. Delimiters hug the text (spaces
/// go outside), and a star mark is never opened while another star mark stays open across the
/// change (all are closed and reopened instead), so that a run like `***` has one reading.
fn write_marked(spans: &[Span], out: &mut String) {
    let mut stack: Vec<Mark> = Vec::new();
    let mut pending = String::new();
    for span in spans {
        let text = escape_text(&span.text);
        let core = text.trim();
        if core.is_empty() {
            pending.push_str(&text);
            continue;
        }
        let lead = text.get(..text.len() - text.trim_start().len()).unwrap_or_default();
        let trail = text.get(text.trim_end().len()..).unwrap_or_default();
        let want = wanted(&span.marks);
        let mut keep = stack.iter().take_while(|m| want.contains(m)).count();
        let kept = stack.get(..keep).unwrap_or_default();
        let mut to_open: Vec<Mark> = want.iter().filter(|m| !kept.contains(m)).copied().collect();
        if to_open.iter().any(|m| m.is_star()) && kept.iter().any(|m| m.is_star()) {
            keep = 0;
            to_open = want.clone();
        }
        while stack.len() > keep {
            if let Some(mark) = stack.pop() {
                out.push_str(mark.close());
            }
        }
        out.push_str(&pending);
        pending.clear();
        out.push_str(lead);
        for mark in to_open {
            out.push_str(mark.open());
            stack.push(mark);
        }
        out.push_str(core);
        pending.push_str(trail);
    }
    while let Some(mark) = stack.pop() {
        out.push_str(mark.close());
    }
    out.push_str(&pending);
}
