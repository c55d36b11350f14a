//! Standalone HTML export of a draft view laid out as a CITES document (DESIGN §5): one page, inline CSS, A4 print stylesheet, stable ids and data attributes for the app.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::escape::html as escape;
use crate::cites::visible_text;
use crate::export::ir::{Block, ChangeKind, Comment, Document, Run};
use crate::model::types::{BracketInfo, BracketStatus, DraftKind, DraftView, Marks, ParaKind};

/// Renders the draft as one self-contained HTML page (no external resources). Every paragraph
/// is an element with `id="p-<paragraph id>"`, `data-kind` and `data-level`; computed numbers
/// are in `<span class="num">`; the title has class `doc-title`.
pub fn render(view: &DraftView) -> String {
    render_document(&Document::from_view(view))
}

/// Renders a document with its revision marks (`<ins>`/`<del>`, with the delegation in `title`)
/// and its comments as margin notes beside the text they are anchored to.
pub fn render_document(doc: &Document) -> String {
    let meta = &doc.meta;
    let title_text = doc
        .blocks
        .iter()
        .find(|b| b.kind == ParaKind::Title)
        .map(|b| visible_text(&b.runs))
        .unwrap_or_else(|| meta.title.clone());
    let page_title = match (meta.symbol.trim(), title_text.trim()) {
        ("", "") => "Draft".to_string(),
        ("", title) => title.to_string(),
        (symbol, "") => symbol.to_string(),
        (symbol, title) => format!("{symbol} – {title}"),
    };

    let mut out = String::with_capacity(8 * 1024);
    out.push_str("<!DOCTYPE html>\n");
    let lines = crate::cites::lines(doc.lang);
    // A version's language (issue #15 §3); the original's as its meta names it.
    let code = if doc.lang == crate::cites::Lang::En {
        lang_code(&meta.language)
    } else {
        doc.lang.code().to_string()
    };
    let _ = writeln!(out, "<html lang=\"{}\">", escape(&code));
    out.push_str("<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"Caucus\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&page_title));
    out.push_str("<style>\n");
    out.push_str(STYLE);
    if doc.revisions.is_some() || !doc.comments.is_empty() {
        out.push_str(REVIEW_STYLE);
    }
    let footer = match meta.symbol.trim() {
        "" => "\"p. \" counter(page)".to_string(),
        symbol => format!("\"{}\" counter(page)", css_string(&format!("{symbol} – p. "))),
    };
    let _ = writeln!(
        out,
        "@page {{ size: A4; margin: 20mm 20mm 25mm 20mm; @bottom-center {{ content: {footer}; font: 9pt Arial, Helvetica, sans-serif; }} }}"
    );
    out.push_str("</style>\n</head>\n<body>\n");
    if !doc.comments.is_empty() {
        out.push_str("<div class=\"review\">\n");
    }
    let _ = writeln!(out, "<article class=\"page\" data-draft-kind=\"{}\">", meta.kind.as_str());
    if let Some(base) = &doc.revisions {
        let _ = writeln!(
            out,
            "<p class=\"revision-note\">Changes since “{}” ({}): new text underlined, deleted text struck through.</p>",
            escape(&base.since),
            escape(base.since_date.get(..10).unwrap_or(&base.since_date)),
        );
    }

    out.push_str("<header class=\"doc-header\">\n<div class=\"doc-top\">\n");
    if meta.language.trim().is_empty() {
        out.push_str("<p class=\"doc-language\"></p>\n");
    } else {
        let _ = writeln!(out, "<p class=\"doc-language\">{}</p>", escape(&lines.original_language_line(&meta.language)));
    }
    let _ = writeln!(out, "<p class=\"doc-symbol\">{}</p>", escape(meta.symbol.trim()));
    out.push_str("</div>\n");
    let _ = writeln!(out, "<p class=\"doc-convention\">{}</p>", escape(&lines.convention.join(" ")));
    if !meta.meeting.trim().is_empty() {
        let _ = writeln!(out, "<p class=\"doc-meeting\">{}</p>", escape(meta.meeting.trim()));
    }
    out.push_str("</header>\n<main class=\"doc-body\">\n");

    let has_title_paragraph = doc.blocks.iter().any(|b| b.kind == ParaKind::Title);
    if !has_title_paragraph && !meta.title.trim().is_empty() {
        let _ = writeln!(out, "<h1 class=\"doc-title\">{}</h1>", escape(meta.title.trim()));
    }

    // Text before the title or the first body paragraph is the rest of the header (place and
    // dates, committee, agenda item): centred like the meeting line.
    let mut front = true;
    let mut conference_written = false;
    let comment_numbers: BTreeMap<&str, usize> =
        doc.comments.iter().enumerate().map(|(i, c)| (c.id.as_str(), i + 1)).collect();
    for para in &doc.blocks {
        if para.kind != ParaKind::Text {
            front = false;
        }
        if para.kind == ParaKind::Operative && meta.kind == DraftKind::Resolution && !conference_written {
            let _ = writeln!(out, "<p class=\"conference\">{}</p>", escape(lines.conference));
            conference_written = true;
        }
        let level = para.level;
        let mut classes = vec!["para", para.kind.as_str()];
        match para.change.as_ref().map(|c| c.kind) {
            Some(ChangeKind::Inserted) => classes.push("inserted"),
            Some(ChangeKind::Deleted) => classes.push("deleted"),
            None => {}
        }
        let tag = match para.kind {
            ParaKind::Title => {
                classes.push("doc-title");
                "h1"
            }
            ParaKind::Heading => "h2",
            ParaKind::Operative | ParaKind::Decision => {
                classes.push("numbered");
                "p"
            }
            ParaKind::Item => {
                classes.push("numbered");
                classes.push(if level >= 2 { "level-2" } else { "level-1" });
                "p"
            }
            ParaKind::Text if front => {
                classes.push("front");
                "p"
            }
            ParaKind::Text | ParaKind::Preamble => "p",
        };
        let _ = write!(
            out,
            "<{tag} id=\"p-{}\" class=\"{}\" data-kind=\"{}\" data-level=\"{level}\"",
            escape(&para.id),
            classes.join(" "),
            para.kind.as_str()
        );
        if let Some(label) = &para.label {
            let _ = write!(out, " data-label=\"{}\"", escape(label));
        }
        if let Some(change) = &para.change {
            let _ = write!(out, " title=\"{}\"", escape(&change_title(change)));
        }
        out.push('>');
        if let Some(number) = &para.number {
            let _ = write!(out, "<span class=\"num\">{}</span> ", escape(number));
        }
        out.push_str(&runs_html(para, &doc.brackets, &comment_numbers));
        let _ = writeln!(out, "</{tag}>");
    }
    out.push_str("</main>\n</article>\n");
    if !doc.comments.is_empty() {
        out.push_str(&comments_html(&doc.comments));
        out.push_str("</div>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn change_title(change: &crate::export::ir::Change) -> String {
    let what = match (change.kind, change.moved) {
        (ChangeKind::Inserted, false) => "Inserted",
        (ChangeKind::Deleted, false) => "Deleted",
        (ChangeKind::Inserted, true) => "Moved here",
        (ChangeKind::Deleted, true) => "Moved away",
    };
    match &change.author {
        Some(author) => format!("{what} by {author}"),
        None => what.to_string(),
    }
}

/// The margin column: each comment thread with its number, author, date, text and replies.
fn comments_html(comments: &[Comment]) -> String {
    let mut out = String::from("<aside class=\"comments\" aria-label=\"Comments\">\n");
    for (i, c) in comments.iter().enumerate() {
        let _ = write!(
            out,
            "<div class=\"comment{}\" id=\"comment-{}\"><p class=\"comment-head\"><span class=\"comment-num\">{}</span> {} <time>{}</time></p>",
            if c.orphaned { " orphaned" } else { "" },
            escape(&c.id),
            i + 1,
            escape(&c.author),
            escape(c.date.get(..10).unwrap_or(&c.date)),
        );
        if c.orphaned {
            let _ = write!(out, "<p class=\"comment-quote\">“{}” (text deleted)</p>", escape(&c.quote));
        }
        let _ = write!(out, "<p class=\"comment-body\">{}</p>", escape(&c.body));
        for r in &c.replies {
            let _ = write!(
                out,
                "<p class=\"comment-reply\"><span class=\"comment-author\">{}</span>: {}</p>",
                escape(&r.author),
                escape(&r.body)
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</aside>\n");
    out
}

/// Added only when there are revision marks or comments, so clean exports stay as they were.
const REVIEW_STYLE: &str = r#"ins { text-decoration: underline; color: #0b5394; }
del { text-decoration: line-through; color: #990000; }
.para.inserted { text-decoration: underline; color: #0b5394; }
.para.deleted { text-decoration: line-through; color: #990000; }
.revision-note { font-style: italic; color: #555; margin: 0 0 1.5em 0; }
.review { display: flex; justify-content: center; align-items: flex-start; gap: 12px; }
.review .page { margin: 16px 0; flex: none; }
.comments { width: 62mm; margin-top: 16px; font-size: 8.5pt; }
.comment { background: #fff; border-left: 3px solid #e0a800; padding: 6px 8px; margin-bottom: 8px; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.2); }
.comment.orphaned { border-left-color: #999; }
.comment p { margin: 0 0 3px 0; }
.comment-head time { color: #666; }
.comment-num { font-weight: bold; }
.comment-quote { font-style: italic; color: #666; }
.comment-reply { padding-left: 8px; }
mark.comment-anchor { background: #fff3c4; }
.comment-ref { font-size: 7pt; }
@media print {
  .review { display: block; }
  .comments { width: auto; page-break-before: always; }
  .comment { box-shadow: none; }
}
"#;

const STYLE: &str = r#"*, *::before, *::after { box-sizing: border-box; }
html { background: #e9e9e6; }
body { margin: 0; color: #000; font-family: Arial, Helvetica, sans-serif; font-size: 10pt; line-height: 1.4; }
.page { background: #fff; width: 210mm; min-height: 297mm; margin: 16px auto; padding: 20mm 20mm 25mm 20mm; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); }
.doc-top { display: flex; justify-content: space-between; align-items: baseline; gap: 2em; margin-bottom: 2.5em; }
.doc-top p { margin: 0; }
.doc-symbol { font-weight: bold; text-align: right; }
.doc-convention { text-align: center; font-weight: bold; margin: 0 0 1.5em 0; }
.doc-meeting { text-align: center; margin: 0 0 0.4em 0; }
.doc-title { text-align: center; font-weight: bold; font-size: 10pt; text-transform: uppercase; margin: 2em 0 1.5em 0; }
.para { margin: 0 0 0.8em 0; text-align: justify; }
.para.front { text-align: center; margin: 0 0 0.4em 0; }
h2.heading { font-size: 10pt; font-weight: bold; font-style: italic; text-align: left; margin: 1.6em 0 0.8em 0; }
.preamble .lead { text-transform: uppercase; }
.conference { margin: 1.4em 0 1em 0; }
.numbered { position: relative; padding-left: 2.5em; }
.numbered > .num { position: absolute; left: 0; }
.decision { padding-left: 3.5em; }
.decision > .num { font-weight: bold; }
.item.level-1 { margin-left: 2.5em; }
.item.level-2 { margin-left: 5em; }
.bracket { border-radius: 2px; }
.bracket.open { background: #fff1b8; }
.bracket.agreed-ad-ref { background: #dceafd; }
.bracket.withdrawn { color: #6b6b6b; text-decoration: line-through; }
@media print {
  html { background: none; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  .bracket { background: none; }
  .para { orphans: 2; widows: 2; }
  h2.heading, .doc-title, .conference { break-after: avoid; }
}
"#;

/// A block's runs as HTML. Runs of one bracket id become one `<span class="bracket STATUS">[…]</span>`;
/// the opening word of a preamble (`RECALLING`) gets its own span; revision marks become
/// `<ins>`/`<del>`; text under comments is marked and followed by the comments' numbers.
fn runs_html(block: &Block, brackets: &BTreeMap<String, BracketInfo>, comments: &BTreeMap<&str, usize>) -> String {
    let lead = block.kind == ParaKind::Preamble;
    let mut out = String::new();
    let mut rest: &[Run] = &block.runs;
    let mut first_group = true;
    while let Some(first) = rest.first() {
        let id = &first.marks.bracket;
        let len = rest.iter().take_while(|r| &r.marks.bracket == id).count();
        let (group, tail) = rest.split_at(len);
        let mut inner = String::new();
        for (k, run) in group.iter().enumerate() {
            let mut html = String::new();
            if lead && first_group && k == 0 && id.is_none() {
                let (word, after) = split_first_word(&run.text);
                if !word.is_empty() {
                    html.push_str("<span class=\"lead\">");
                    html.push_str(&marked_html(word, &run.marks));
                    html.push_str("</span>");
                }
                html.push_str(&marked_html(after, &run.marks));
            } else {
                html.push_str(&marked_html(&run.text, &run.marks));
            }
            if let Some(change) = &run.change {
                let tag = if change.kind == ChangeKind::Inserted { "ins" } else { "del" };
                html = format!("<{tag} title=\"{}\">{html}</{tag}>", escape(&change_title(change)));
            }
            let numbers: Vec<String> =
                run.comments.iter().filter_map(|c| comments.get(c.as_str())).map(|n| n.to_string()).collect();
            if !numbers.is_empty() {
                html = format!(
                    "<mark class=\"comment-anchor\" data-comments=\"{}\">{html}</mark>",
                    escape(&run.comments.join(" "))
                );
                let ends_here = |c: &String| {
                    group.get(k + 1).or_else(|| tail.first()).is_none_or(|next| !next.comments.contains(c))
                };
                let ending: Vec<String> = run
                    .comments
                    .iter()
                    .filter(|c| ends_here(c))
                    .filter_map(|c| comments.get(c.as_str()).map(|n| format!("<a href=\"#comment-{}\">{n}</a>", escape(c))))
                    .collect();
                if !ending.is_empty() {
                    let _ = write!(html, "<sup class=\"comment-ref\">{}</sup>", ending.join(","));
                }
            }
            inner.push_str(&html);
        }
        match id {
            Some(id) => {
                let info = brackets.get(id).cloned().unwrap_or_default();
                let _ = write!(
                    out,
                    "<span class=\"bracket {status}\" data-bracket=\"{id}\" data-status=\"{status}\" title=\"{title}\">[{inner}]</span>",
                    status = info.status.as_str(),
                    id = escape(id),
                    title = escape(&bracket_title(&info)),
                );
                if let Some(package) = &info.package {
                    let _ = write!(out, "<sup class=\"package\">{}</sup>", escape(&crate::cites::package_label(package)));
                }
            }
            None => out.push_str(&inner),
        }
        first_group = false;
        rest = tail;
    }
    out
}

fn split_first_word(text: &str) -> (&str, &str) {
    let start = text.len() - text.trim_start().len();
    let end = text.get(start..).and_then(|t| t.find(char::is_whitespace)).map_or(text.len(), |i| start + i);
    (text.get(..end).unwrap_or_default(), text.get(end..).unwrap_or_default())
}

fn marked_html(text: &str, marks: &Marks) -> String {
    if text.is_empty() {
        return String::new();
    }
    let tags: Vec<&str> = [(marks.strong, "strong"), (marks.em, "em"), (marks.underline, "u")]
        .into_iter()
        .filter_map(|(on, tag)| on.then_some(tag))
        .collect();
    let mut out = String::new();
    for tag in &tags {
        let _ = write!(out, "<{tag}>");
    }
    out.push_str(&escape(text));
    for tag in tags.iter().rev() {
        let _ = write!(out, "</{tag}>");
    }
    out
}

fn bracket_title(info: &BracketInfo) -> String {
    let status = match info.status {
        BracketStatus::Open => "Open",
        BracketStatus::AgreedAdRef => "Agreed ad referendum",
        BracketStatus::Agreed => "Agreed",
        BracketStatus::Withdrawn => "Withdrawn",
    };
    let package = info.package.as_ref().map(|p| format!(", in {}", crate::cites::package_label(p))).unwrap_or_default();
    if info.holders.is_empty() {
        format!("{status}{package}")
    } else {
        format!("{status} – held by {}{package}", info.holders.join(", "))
    }
}

/// The `lang` attribute for the meta's original language.
fn lang_code(language: &str) -> String {
    let lower = language.trim().to_lowercase();
    match lower.as_str() {
        "" | "english" | "en" => "en".to_string(),
        "french" | "français" | "francais" | "fr" => "fr".to_string(),
        "spanish" | "español" | "espanol" | "es" => "es".to_string(),
        code if (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase()) => code.to_string(),
        _ => "und".to_string(),
    }
}

/// A CSS string body: anything but plain letters, digits, spaces and dots as a hex escape, so
/// that no symbol can close the string or the `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' || c == '.' {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:x} ", u32::from(c));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_names_map_to_lang_codes() {
        assert_eq!(lang_code("English"), "en");
        assert_eq!(lang_code("French"), "fr");
        assert_eq!(lang_code("Spanish"), "es");
        assert_eq!(lang_code(""), "en");
        assert_eq!(lang_code("Klingon"), "und");
    }

    #[test]
    fn css_strings_cannot_break_out() {
        let s = css_string("a\"</style>");
        assert!(!s.contains('"') && !s.contains('<'));
    }
}
