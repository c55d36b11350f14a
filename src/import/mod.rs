//! Import of CITES-style plain text or Markdown into an [`ImportedDraft`]: document header, headings, decisions, preambular and operative paragraphs, items, inline marks and square brackets.
//!
//! The reader is line based and never panics: every user-supplied string is sliced only at
//! positions of ASCII characters it has just matched. The few rules that decide what an
//! *unmarked* paragraph is (header line, title, preamble, continuation, text) live in
//! [`classify_unmarked`] and [`Context`], which the Markdown exporter calls too, so that what it
//! writes is read back as the same structure.
//!
//! A Word document (a ZIP package) is read by [`docx`] into that same text first.
//!
//! [`table`] reads a delegation's comment table (DOCX, XLSX, CSV) into plain rows (issue #11 §3).

pub mod docx;
pub mod revisions;
mod iso3166;
pub mod table;

use crate::cites::{
    is_conference_line, is_convention_line, letters_value, roman_value, visible_text, LANGUAGE_PREFIX,
};
use crate::model::types::{default_level, DraftKind, ImportedDraft, Marks, NewParagraph, ParaKind, Span};

/// Why a file could not be imported. [`ImportError::code`] gives a stable code for the UI and CLI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty: there is no text to import")]
    Empty,
    #[error(
        "the file is not text (binary content at byte {offset}); import a plain-text (.txt), Markdown (.md) or Word (.docx) file"
    )]
    Binary { offset: usize },
    #[error(
        "the file is not UTF-8 text (invalid byte sequence at byte {offset}); save it as UTF-8 and import it again"
    )]
    NotUtf8 { offset: usize },
    #[error("no paragraphs found: the file holds only a document header or boilerplate")]
    NoParagraphs,
    #[error("the file is a ZIP package but not a Word document (it has no word/document.xml)")]
    NotWord,
    #[error("the Word document is damaged: {0}")]
    DamagedDocx(String),
    /// A returned Word draft (issue #14 §6) whose tracked changes change no paragraph's text.
    #[error("the Word document holds no tracked changes to the text: there is nothing to propose (was it saved with Track Changes on, and not accepted?)")]
    NoTrackedChanges,
}

impl crate::coded::Coded for ImportError {
    fn code(&self) -> &'static str {
        match self {
            ImportError::Empty => "import.empty",
            ImportError::Binary { .. } => "import.binary",
            ImportError::NotUtf8 { .. } => "import.not-utf8",
            ImportError::NoParagraphs => "import.no-paragraphs",
            ImportError::NotWord => "import.not-word",
            ImportError::DamagedDocx(_) => "import.damaged-docx",
            ImportError::NoTrackedChanges => "import.no-tracked-changes",
        }
    }
}

/// Reads a CITES-style plain text (e.g. copied from a PDF) or Markdown (including what
/// `export::md` writes) into header fields and paragraphs. Square brackets become spans with
/// local bracket ids `b1`, `b2` … in order of appearance.
pub fn import_text(input: &[u8]) -> Result<ImportedDraft, ImportError> {
    if docx::is_package(input) {
        let (text, report) = docx::to_text(input)?;
        let mut imported = import_text(text.as_bytes())?;
        imported.word = Some(report);
        return Ok(imported);
    }
    let text = decode(input)?;
    let mut reader = Reader::default();
    for line in text.split('\n') {
        reader.line(line);
    }
    reader.finish()
}

fn decode(input: &[u8]) -> Result<String, ImportError> {
    if input.is_empty() {
        return Err(ImportError::Empty);
    }
    // UTF-16 text is full of NUL bytes; name the real problem rather than calling it binary.
    if input.starts_with(&[0xFF, 0xFE]) || input.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::NotUtf8 { offset: 0 });
    }
    if let Some(offset) = input.iter().position(|&b| b == 0) {
        return Err(ImportError::Binary { offset });
    }
    let is_stray_control = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F;
    let controls = input.iter().filter(|&&b| is_stray_control(b)).count();
    // A stray escape character in a pasted text is tolerated (and dropped); many of them mean
    // the file is not text at all.
    if controls * 32 > input.len() {
        let offset = input.iter().position(|&b| is_stray_control(b)).unwrap_or(0);
        return Err(ImportError::Binary { offset });
    }
    let text = std::str::from_utf8(input).map_err(|e| ImportError::NotUtf8 { offset: e.valid_up_to() })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    // A form feed is a PDF page break: it separates like a blank line, and the continuation
    // rule then rejoins a paragraph that the page break cut.
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n").replace('\x0C', "\n\n");
    Ok(normalised.chars().filter(|&c| c == '\n' || c == '\t' || !c.is_control()).collect())
}

// ---------------------------------------------------------------------------------------------
// Shared with the Markdown exporter: markers, hints, and how unmarked paragraphs are read.

/// An explicit kind for the next paragraph, written as `<!-- caucus:KIND -->` on its own line.
/// Markdown viewers hide it; export writes one only where the text alone would be misread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hint {
    Kind(ParaKind),
    Symbol,
    Meeting,
}

impl Hint {
    pub(crate) fn line(self) -> String {
        let name = match self {
            Hint::Kind(kind) => kind.as_str(),
            Hint::Symbol => "symbol",
            Hint::Meeting => "meeting",
        };
        format!("<!-- caucus:{name} -->")
    }
}

pub(crate) fn parse_hint(line: &str) -> Option<Hint> {
    let inner = line.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let name = inner.strip_prefix("caucus:")?.trim();
    match name {
        "symbol" => Some(Hint::Symbol),
        "meeting" => Some(Hint::Meeting),
        _ => name.parse::<ParaKind>().ok().map(Hint::Kind),
    }
}

/// What opens a line and so starts a paragraph of a known kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Marker {
    /// `# …`
    Title,
    /// `## …` (or deeper)
    Heading,
    /// `**17.A** …`, `17.A …` or `**#3** …` (a decision without a fixed label).
    Decision(Option<String>),
    /// `1. …`, or `2 bis. …` (an inserted paragraph: its suffix, issue #14 §3).
    Operative(Option<String>),
    /// `a) …`, `iv) …`, `b) bis …`: the letters before `)`, and an inserted item's suffix.
    Item(String, Option<String>),
    /// `- …`, `* …`, `+ …` with nothing more specific after it.
    Bullet,
}

/// Recognises a marker at the start of `line` (already trimmed at the start) and returns it
/// with the rest of the line.
pub(crate) fn parse_marker(line: &str) -> Option<(Marker, &str)> {
    if line.starts_with('#') {
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        let rest = line.get(hashes..)?;
        if hashes <= 6 && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
            let marker = if hashes == 1 { Marker::Title } else { Marker::Heading };
            return Some((marker, rest.trim()));
        }
        return None;
    }
    let (bullet, body) = match strip_list_marker(line) {
        Some(body) => (true, body),
        None => (false, line),
    };
    if let Some((label, rest)) = md_decision(body) {
        return Some((Marker::Decision(label), rest));
    }
    if let Some((label, rest)) = plain_decision(body) {
        return Some((Marker::Decision(Some(label.to_string())), rest));
    }
    if let Some((suffix, rest)) = operative_marker(body) {
        return Some((Marker::Operative(suffix.map(str::to_string)), rest));
    }
    if let Some((letters, rest)) = item_marker(body) {
        let (suffix, rest) = inserted_suffix(rest);
        return Some((Marker::Item(letters.to_string(), suffix.map(str::to_string)), rest));
    }
    if bullet {
        return Some((Marker::Bullet, body));
    }
    None
}

fn strip_list_marker(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(['-', '*', '+'])?;
    if rest.starts_with([' ', '\t']) {
        Some(rest.trim_start())
    } else {
        None
    }
}

/// `**LABEL**` followed by a space or the end of the line, where LABEL looks like a decision
/// label or is `#n` (a decision without a fixed label).
fn md_decision(body: &str) -> Option<(Option<String>, &str)> {
    let inner = body.strip_prefix("**")?;
    let end = inner.find("**")?;
    let label = inner.get(..end)?;
    let rest = inner.get(end + 2..)?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    if is_running_decision_number(label) {
        Some((None, rest.trim_start()))
    } else if is_decision_label(label) {
        Some((Some(label.to_string()), rest.trim_start()))
    } else {
        None
    }
}

/// With a `decision` hint, whatever stands between the leading `**` pair is the label.
fn forced_decision_label(line: &str) -> (Option<String>, &str) {
    let Some(inner) = line.strip_prefix("**") else {
        return (None, line);
    };
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
            continue;
        }
        if c == '*' && inner.get(i..).is_some_and(|r| r.starts_with("**")) {
            let raw_label = inner.get(..i).unwrap_or_default();
            let rest = inner.get(i + 2..).unwrap_or_default().trim_start();
            let label = visible_of_raw(raw_label);
            let label = if is_running_decision_number(&label) { None } else { Some(label) };
            return (label, rest);
        }
    }
    (None, line)
}

/// A label such as `17.A`, `17.BB` or `18.123`.
pub(crate) fn is_decision_label(s: &str) -> bool {
    let Some((meeting, rest)) = s.split_once('.') else {
        return false;
    };
    let digits_ok = (1..=3).contains(&meeting.len()) && meeting.bytes().all(|b| b.is_ascii_digit());
    let letters_ok = (1..=2).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_uppercase());
    let number_ok = (1..=4).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit());
    digits_ok && (letters_ok || number_ok)
}

/// `#3`: how numbering shows a decision that has no fixed label.
pub(crate) fn is_running_decision_number(s: &str) -> bool {
    s.strip_prefix('#').is_some_and(|n| !n.is_empty() && n.len() <= 6 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `17.A The Secretariat shall:` — a label then a capitalised word, so that `17.5 million`
/// at the start of a wrapped line is not taken for a decision.
fn plain_decision(body: &str) -> Option<(&str, &str)> {
    let end = body.find(char::is_whitespace).unwrap_or(body.len());
    let label = body.get(..end)?;
    if !is_decision_label(label) {
        return None;
    }
    let rest = body.get(end..)?.trim_start();
    match rest.chars().next() {
        None => Some((label, rest)),
        Some(c) if c.is_uppercase() => Some((label, rest)),
        Some(_) => None,
    }
}

/// `1.` or `2 bis.`: the suffix of an inserted paragraph, if any, and the text after the marker.
fn operative_marker(body: &str) -> Option<(Option<&'static str>, &str)> {
    let digits = body.bytes().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let after = body.get(digits..)?;
    let (suffix, after) = match after.strip_prefix(' ') {
        Some(word) => {
            let n = word.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
            let suffix = crate::model::numbering::INSERTED_SUFFIXES.iter().copied().find(|s| word.get(..n).is_some_and(|w| w.eq_ignore_ascii_case(s)))?;
            (Some(suffix), word.get(n..)?)
        }
        None => (None, after),
    };
    let rest = after.strip_prefix('.')?;
    if rest.is_empty() || rest.starts_with([' ', '\t']) {
        Some((suffix, rest.trim_start()))
    } else {
        None
    }
}

/// After an item's `b)`: ` bis` (or `ter`, …) as a word of its own marks an inserted item.
fn inserted_suffix(rest: &str) -> (Option<&'static str>, &str) {
    let n = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    let found = crate::model::numbering::INSERTED_SUFFIXES.iter().copied().find(|s| rest.get(..n).is_some_and(|w| w == *s));
    match (found, rest.get(n..)) {
        (Some(suffix), Some(after)) if after.is_empty() || after.starts_with([' ', '\t']) => (Some(suffix), after.trim_start()),
        _ => (None, rest),
    }
}

fn item_marker(body: &str) -> Option<(&str, &str)> {
    let n = body.bytes().take_while(|b| b.is_ascii_lowercase()).count();
    if !(1..=6).contains(&n) {
        return None;
    }
    let marker = body.get(..n)?;
    let rest = body.get(n..)?.strip_prefix(')')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    if letters_value(marker).is_none() && roman_value(marker).is_none() {
        return None;
    }
    Some((marker, rest.trim_start()))
}

/// A page footer of a PDF copy: `<symbol> – p. 3`.
pub(crate) fn is_footer(visible: &str) -> bool {
    let t = visible.trim();
    let digits = t.bytes().rev().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let Some(head) = t.get(..t.len() - digits) else {
        return false;
    };
    let Some(head) = head.trim_end().strip_suffix("p.") else {
        return false;
    };
    let head = head.trim_end();
    let Some(head) = head.strip_suffix(['–', '-', '—']) else {
        return false;
    };
    looks_like_symbol(head.trim_end())
}

/// A document symbol: `SC70 Doc. 30`, `CoP18 Doc. 79.1 Annex`, `CoP17 Com. II. 30`.
pub(crate) fn looks_like_symbol(t: &str) -> bool {
    if t.len() > 80 || t.ends_with([';', ':', ',']) {
        return false;
    }
    let mut words = t.split_whitespace();
    let (Some(meeting), Some(series)) = (words.next(), words.next()) else {
        return false;
    };
    let number = ["CoP", "SC", "AC", "PC"].iter().find_map(|p| meeting.strip_prefix(p));
    let meeting_ok = number.is_some_and(|n| (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
    let series_ok = ["Doc.", "Com.", "Inf.", "Sum.", "Plen.", "Rec."].contains(&series);
    meeting_ok && series_ok && words.count() <= 8
}

/// A meeting line: `Seventeenth meeting of the Conference of the Parties`.
pub(crate) fn looks_like_meeting(t: &str) -> bool {
    t.len() <= 120
        && t.chars().next().is_some_and(char::is_uppercase)
        && t.to_lowercase().contains(" meeting of the ")
        && !t.ends_with([';', '.', ':'])
}

/// No lower-case letter and at least two upper-case ones.
fn is_caps_line(t: &str) -> bool {
    !t.chars().any(char::is_lowercase) && t.chars().filter(|c| c.is_uppercase()).count() >= 2
}

fn is_title(t: &str) -> bool {
    is_caps_line(t) && t.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count() >= 2
}

fn is_heading(t: &str) -> bool {
    t.starts_with("Directed to") && t.len() <= 120 && !t.ends_with([';', '.'])
}

/// Preambular paragraphs open with a capitalised participle or adjective (`RECALLING`,
/// `AWARE`, `CONCERNED`). An acronym (`CITES`, `INTERPOL`) opening an ordinary sentence must
/// not count, hence the suffix/word list, or the preambular `;`/`,` at the end.
fn is_preamble_opening(t: &str) -> bool {
    const ADJECTIVES: [&str; 12] = [
        "AWARE",
        "CONSCIOUS",
        "MINDFUL",
        "DESIROUS",
        "COGNIZANT",
        "COGNISANT",
        "ALSO",
        "FURTHER",
        "DEEPLY",
        "GRAVELY",
        "FULLY",
        "APPRECIATIVE",
    ];
    let Some(first) = t.split_whitespace().next() else {
        return false;
    };
    let word = first.trim_end_matches([',', ';', ':']);
    let letter_count = word.chars().filter(char::is_ascii_alphabetic).count();
    if letter_count < 3 || !word.chars().all(|c| c.is_ascii_uppercase() || c == '-') {
        return false;
    }
    word.ends_with("ING") || word.ends_with("ED") || ADJECTIVES.contains(&word) || t.trim_end().ends_with([';', ','])
}

/// Whether a paragraph's text ends a sentence or clause, so that the next one is not its
/// continuation. Closing brackets, parentheses and quotes after the mark do not count.
pub(crate) fn ends_clause(visible: &str) -> bool {
    visible.trim_end().trim_end_matches([']', ')', '"', '\'', '”', '’', '*', '_']).ends_with([';', '.', ':', '?', '!'])
}

/// How an unmarked paragraph (no `#`, label, number or item letter) is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unmarked {
    /// Header boilerplate (the CONVENTION lines, `Original language: …`), not stored.
    Dropped,
    Symbol,
    Meeting,
    Title,
    /// `THE CONFERENCE OF THE PARTIES TO THE CONVENTION`
    Conference,
    Heading,
    /// The rest of the previous paragraph, cut by a blank line or page break.
    Continuation,
    Preamble,
    Text,
}

/// What the reader has seen so far, as far as it decides how an unmarked paragraph is read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    /// Past the document header: a title or any body paragraph has been read.
    body: bool,
    symbol_seen: bool,
    meeting_seen: bool,
    /// The operative part has begun: no more preambular paragraphs.
    operative_part: bool,
    /// The previous paragraph is body text that did not end its clause.
    prev_open: bool,
}

impl Context {
    pub(crate) fn in_header(&self) -> bool {
        !self.body
    }

    pub(crate) fn note_paragraph(&mut self, kind: ParaKind, visible: &str) {
        let open = !ends_clause(visible);
        match kind {
            ParaKind::Title | ParaKind::Heading => {
                self.body = true;
                self.prev_open = false;
            }
            ParaKind::Decision | ParaKind::Operative => {
                self.body = true;
                self.operative_part = true;
                self.prev_open = open;
            }
            ParaKind::Item | ParaKind::Preamble => {
                self.body = true;
                self.prev_open = open;
            }
            ParaKind::Text => self.prev_open = self.body && open,
        }
    }

    pub(crate) fn note_symbol(&mut self) {
        self.symbol_seen = true;
        self.prev_open = false;
    }

    pub(crate) fn note_meeting(&mut self) {
        self.meeting_seen = true;
        self.prev_open = false;
    }

    pub(crate) fn note_conference(&mut self) {
        self.body = true;
        self.operative_part = true;
        self.prev_open = false;
    }

    pub(crate) fn note_dropped(&mut self) {
        self.prev_open = false;
    }
}

/// Header lines that stand alone on their line, whatever precedes or follows them.
fn header_line(t: &str, ctx: &Context) -> Option<Unmarked> {
    if is_convention_line(t) || t.starts_with(LANGUAGE_PREFIX) {
        Some(Unmarked::Dropped)
    } else if !ctx.symbol_seen && looks_like_symbol(t) {
        Some(Unmarked::Symbol)
    } else if !ctx.meeting_seen && looks_like_meeting(t) {
        Some(Unmarked::Meeting)
    } else {
        None
    }
}

/// How an unmarked paragraph whose visible text is `visible` is read after `ctx`.
pub(crate) fn classify_unmarked(visible: &str, ctx: &Context) -> Unmarked {
    let t = visible.trim();
    if is_conference_line(t) {
        return Unmarked::Conference;
    }
    if ctx.in_header() {
        if let Some(kind) = header_line(t, ctx) {
            return kind;
        }
        if is_title(t) {
            return Unmarked::Title;
        }
    }
    if is_heading(t) {
        Unmarked::Heading
    } else if ctx.prev_open {
        Unmarked::Continuation
    } else if !ctx.operative_part && is_preamble_opening(t) {
        Unmarked::Preamble
    } else {
        Unmarked::Text
    }
}

// ---------------------------------------------------------------------------------------------
// Inline Markdown: `*em*`, `_em_`, `**strong**`, `__strong__`, `<u>underline</u>`, `[brackets]`,
// backslash escapes.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delim {
    EmStar,
    StrongStar,
    EmUnder,
    StrongUnder,
    Underline,
    Bracket,
}

impl Delim {
    fn slot(self) -> usize {
        match self {
            Delim::EmStar => 0,
            Delim::StrongStar => 1,
            Delim::EmUnder => 2,
            Delim::StrongUnder => 3,
            Delim::Underline => 4,
            Delim::Bracket => 5,
        }
    }
}

#[derive(Debug)]
enum Tok {
    Text(String),
    Delim { kind: Delim, opener: bool, literal: &'static str, partner: Option<usize> },
}

/// Openers waiting for their closer, one stack per delimiter kind; a closer that matches an
/// opener below openers of other kinds leaves those unmatched (they read as literal text).
/// Every opener is popped at most once, so parsing stays linear on hostile input.
#[derive(Default)]
struct Openers {
    stacks: [Vec<usize>; 6],
}

impl Openers {
    fn top(&self, kind: Delim) -> Option<usize> {
        self.stacks[kind.slot()].last().copied()
    }

    fn push(&mut self, kind: Delim, index: usize) {
        self.stacks[kind.slot()].push(index);
    }

    /// Pops the innermost opener of `kind` and forgets every opener opened after it.
    fn close(&mut self, kind: Delim) -> Option<usize> {
        let opener = self.stacks[kind.slot()].pop()?;
        for stack in &mut self.stacks {
            while stack.last().is_some_and(|&i| i > opener) {
                stack.pop();
            }
        }
        Some(opener)
    }
}

fn tokenize(raw: &str) -> Vec<Tok> {
    let chars: Vec<char> = raw.chars().collect();
    let mut toks: Vec<Tok> = Vec::new();
    let mut openers = Openers::default();
    let mut text = String::new();
    let flush = |text: &mut String, toks: &mut Vec<Tok>| {
        if !text.is_empty() {
            toks.push(Tok::Text(std::mem::take(text)));
        }
    };
    let pair = |toks: &mut Vec<Tok>, opener: usize, kind: Delim, literal: &'static str| {
        let closer = toks.len();
        if let Some(Tok::Delim { partner, .. }) = toks.get_mut(opener) {
            *partner = Some(closer);
        }
        toks.push(Tok::Delim { kind, opener: false, literal, partner: Some(opener) });
    };
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let rest_starts =
            |s: &str| s.chars().enumerate().all(|(k, e)| chars.get(i + k).is_some_and(|c| c.eq_ignore_ascii_case(&e)));
        match c {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                if let Some(&next) = chars.get(i + 1) {
                    text.push(next);
                }
                i += 2;
            }
            '*' | '_' => {
                let run = chars.get(i..).unwrap_or_default().iter().take_while(|&&d| d == c).count();
                let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
                let next = chars.get(i + run).copied();
                let non_ws = |x: Option<char>| x.is_some_and(|x| !x.is_whitespace());
                let (can_open, can_close) = if c == '*' {
                    (non_ws(next), non_ws(prev))
                } else {
                    // Intraword underscores (snake_case, URLs) are not emphasis.
                    (
                        non_ws(next) && !prev.is_some_and(char::is_alphanumeric),
                        non_ws(prev) && !next.is_some_and(char::is_alphanumeric),
                    )
                };
                let (em, strong, em_lit, strong_lit) = if c == '*' {
                    (Delim::EmStar, Delim::StrongStar, "*", "**")
                } else {
                    (Delim::EmUnder, Delim::StrongUnder, "_", "__")
                };
                flush(&mut text, &mut toks);
                let mut left = run;
                while can_close && left > 0 {
                    let em_top = openers.top(em);
                    let strong_top = if left >= 2 { openers.top(strong) } else { None };
                    let (kind, literal, width) = match (em_top, strong_top) {
                        (Some(e), Some(s)) if s > e => (strong, strong_lit, 2),
                        (Some(_), _) => (em, em_lit, 1),
                        (None, Some(_)) => (strong, strong_lit, 2),
                        (None, None) => break,
                    };
                    if let Some(opener) = openers.close(kind) {
                        pair(&mut toks, opener, kind, literal);
                    }
                    left -= width;
                }
                if can_open {
                    while left > 0 {
                        let (kind, literal, width) = if left >= 2 { (strong, strong_lit, 2) } else { (em, em_lit, 1) };
                        openers.push(kind, toks.len());
                        toks.push(Tok::Delim { kind, opener: true, literal, partner: None });
                        left -= width;
                    }
                }
                text.extend(std::iter::repeat(c).take(left));
                i += run;
            }
            '<' if rest_starts("<u>") => {
                flush(&mut text, &mut toks);
                openers.push(Delim::Underline, toks.len());
                toks.push(Tok::Delim { kind: Delim::Underline, opener: true, literal: "<u>", partner: None });
                i += 3;
            }
            '<' if rest_starts("</u>") => {
                flush(&mut text, &mut toks);
                match openers.close(Delim::Underline) {
                    Some(opener) => pair(&mut toks, opener, Delim::Underline, "</u>"),
                    None => toks.push(Tok::Text("</u>".to_string())),
                }
                i += 4;
            }
            '[' => {
                flush(&mut text, &mut toks);
                openers.push(Delim::Bracket, toks.len());
                toks.push(Tok::Delim { kind: Delim::Bracket, opener: true, literal: "[", partner: None });
                i += 1;
            }
            ']' => {
                flush(&mut text, &mut toks);
                match openers.close(Delim::Bracket) {
                    Some(opener) => pair(&mut toks, opener, Delim::Bracket, "]"),
                    None => toks.push(Tok::Text("]".to_string())),
                }
                i += 1;
            }
            _ => {
                text.push(c);
                i += 1;
            }
        }
    }
    flush(&mut text, &mut toks);
    toks
}

fn push_text(spans: &mut Vec<Span>, text: &str, marks: &Marks) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.marks == *marks => last.text.push_str(text),
        _ => spans.push(Span { text: text.to_string(), marks: marks.clone() }),
    }
}

/// Parses one paragraph's raw text into spans. Bracket ids are `b<n>` from `next_bracket`.
pub(crate) fn parse_inline(raw: &str, next_bracket: &mut u32) -> Vec<Span> {
    let toks = tokenize(raw);
    let mut spans = Vec::new();
    let mut depth = [0u32; 6];
    // Brackets inside brackets stay literal characters of the outer bracket's text: one
    // bracket mark per run of text is all the schema holds, and the text must not change.
    let mut literal = vec![false; toks.len()];
    let mut bracket: Option<String> = None;
    for (index, tok) in toks.iter().enumerate() {
        let marks = Marks {
            em: depth[Delim::EmStar.slot()] + depth[Delim::EmUnder.slot()] > 0,
            strong: depth[Delim::StrongStar.slot()] + depth[Delim::StrongUnder.slot()] > 0,
            underline: depth[Delim::Underline.slot()] > 0,
            bracket: bracket.clone(),
        };
        match tok {
            Tok::Text(text) => push_text(&mut spans, text, &marks),
            Tok::Delim { literal: lit, partner: None, .. } => push_text(&mut spans, lit, &marks),
            Tok::Delim { kind: Delim::Bracket, opener: true, literal: lit, partner: Some(closer) } => {
                let empty = *closer == index + 1;
                if bracket.is_some() || empty {
                    if let Some(flag) = literal.get_mut(*closer) {
                        *flag = true;
                    }
                    push_text(&mut spans, lit, &marks);
                } else {
                    *next_bracket += 1;
                    bracket = Some(format!("b{next_bracket}"));
                }
            }
            Tok::Delim { kind: Delim::Bracket, opener: false, literal: lit, .. } => {
                if literal.get(index).copied().unwrap_or(false) {
                    push_text(&mut spans, lit, &marks);
                } else {
                    bracket = None;
                }
            }
            Tok::Delim { kind, opener, .. } => {
                let d = &mut depth[kind.slot()];
                *d = if *opener { d.saturating_add(1) } else { d.saturating_sub(1) };
            }
        }
    }
    spans
}

pub(crate) fn visible_of_raw(raw: &str) -> String {
    visible_text(&parse_inline(raw, &mut 0))
}

// ---------------------------------------------------------------------------------------------
// The reader.

#[derive(Debug)]
struct Block {
    hint: Option<Hint>,
    marker: Option<Marker>,
    indent: usize,
    raw: String,
    /// An all-capitals header block (a title wrapped over several lines).
    caps: bool,
}

impl Block {
    fn new(hint: Option<Hint>, marker: Option<Marker>, indent: usize, raw: &str) -> Self {
        Block { hint, marker, indent, raw: raw.trim().to_string(), caps: false }
    }

    fn append(&mut self, line: &str) {
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        if !self.raw.is_empty() {
            self.raw.push(' ');
        }
        self.raw.push_str(line);
    }

    fn plain(&self) -> bool {
        self.hint.is_none() && self.marker.is_none()
    }
}

#[derive(Debug)]
struct Out {
    kind: ParaKind,
    level: u8,
    label: Option<String>,
    raw: String,
}

/// Where the item letters stand, to tell the letter `i)` (after `h)`) from the numeral `i)`.
#[derive(Debug, Default)]
struct Items {
    letter: u32,
    numeral: u32,
    prev_level: Option<u8>,
}

impl Items {
    fn reset(&mut self) {
        *self = Items::default();
    }

    /// Indentation decides when there is some (export writes 3 spaces for a), 6 for i));
    /// otherwise the sequence does: a numeral continuing the previous level-2 item, else a
    /// letter continuing the previous level-1 item, else any numeral is level 2.
    fn level(&mut self, marker: &str, indent: usize) -> u8 {
        let as_numeral = roman_value(marker);
        let as_letter = letters_value(marker);
        let level = if indent >= 6 {
            2
        } else if indent >= 3 {
            1
        } else if self.prev_level == Some(2) && as_numeral == Some(self.numeral + 1) {
            2
        } else if as_letter == Some(self.letter + 1) {
            1
        } else if as_numeral.is_some() {
            2
        } else {
            1
        };
        if level == 2 {
            self.numeral = as_numeral.unwrap_or(self.numeral + 1);
        } else {
            self.letter = as_letter.unwrap_or(self.letter + 1);
            self.numeral = 0;
        }
        self.prev_level = Some(level);
        level
    }
}

#[derive(Debug, Default)]
struct Reader {
    ctx: Context,
    items: Items,
    out: Vec<Out>,
    open: Option<Block>,
    pending_hint: Option<Hint>,
    title: Option<String>,
    symbol: Option<String>,
    meeting: Option<String>,
    decisions: bool,
}

fn indent_width(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

impl Reader {
    fn line(&mut self, line: &str) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            self.close();
            self.flush_empty_hint();
            return;
        }
        if let Some(hint) = parse_hint(trimmed) {
            self.close();
            self.flush_empty_hint();
            self.pending_hint = Some(hint);
            return;
        }
        if let Some(hint) = self.pending_hint.take() {
            self.close();
            let (marker, rest) = if hint == Hint::Kind(ParaKind::Decision) {
                let (label, rest) = forced_decision_label(trimmed);
                (Some(Marker::Decision(label)), rest)
            } else {
                (None, trimmed)
            };
            self.open = Some(Block::new(Some(hint), marker, 0, rest));
            return;
        }
        let visible = visible_of_raw(trimmed);
        if is_footer(&visible) {
            return;
        }
        if let Some((marker, rest)) = parse_marker(trimmed) {
            self.close();
            let single_line = matches!(marker, Marker::Title | Marker::Heading);
            self.open = Some(Block::new(None, Some(marker), indent_width(line), rest));
            if single_line {
                self.close();
            }
            return;
        }
        if is_conference_line(&visible) {
            self.close();
            self.conference();
            return;
        }
        let header_mode = self.ctx.in_header() && self.open.as_ref().map_or(true, Block::plain);
        if header_mode {
            if let Some(kind) = header_line(visible.trim(), &self.ctx) {
                self.close();
                self.header(kind, trimmed);
                return;
            }
            let caps = is_caps_line(&visible);
            match self.open.as_mut() {
                Some(block) if block.caps == caps => block.append(trimmed),
                _ => {
                    self.close();
                    let mut block = Block::new(None, None, 0, trimmed);
                    block.caps = caps;
                    self.open = Some(block);
                }
            }
            return;
        }
        match self.open.as_mut() {
            Some(block) => block.append(trimmed),
            None => self.open = Some(Block::new(None, None, 0, trimmed)),
        }
    }

    /// A hint followed by a blank line stands for an empty paragraph of that kind.
    fn flush_empty_hint(&mut self) {
        if let Some(Hint::Kind(kind)) = self.pending_hint.take() {
            self.push(kind, default_level(kind), None, String::new());
        }
    }

    fn header(&mut self, kind: Unmarked, raw: &str) {
        match kind {
            Unmarked::Symbol => {
                self.symbol = Some(visible_of_raw(raw).trim().to_string());
                self.ctx.note_symbol();
            }
            Unmarked::Meeting => {
                self.meeting = Some(visible_of_raw(raw).trim().to_string());
                self.ctx.note_meeting();
            }
            _ => {
                self.ctx.note_dropped();
                // PDF copies put the symbol on the language line, far to the right.
                if let Some(rest) = raw.trim().strip_prefix(LANGUAGE_PREFIX) {
                    let rest = rest.trim_start();
                    let language_end = rest.find("  ").or_else(|| rest.find('\t'));
                    if let Some(tail) = language_end.and_then(|end| rest.get(end..)) {
                        let tail = tail.trim();
                        if !self.ctx.symbol_seen && looks_like_symbol(&visible_of_raw(tail)) {
                            self.header(Unmarked::Symbol, tail);
                        } else if !tail.is_empty() {
                            self.push(ParaKind::Text, 0, None, tail.to_string());
                        }
                    }
                }
            }
        }
    }

    /// The conference line is not stored: export writes it before the first operative paragraph.
    fn conference(&mut self) {
        self.ctx.note_conference();
    }

    fn close(&mut self) {
        let Some(block) = self.open.take() else {
            return;
        };
        let Block { hint, marker, indent, raw, .. } = block;
        match (hint, marker) {
            (Some(Hint::Symbol), _) => self.header(Unmarked::Symbol, &raw),
            (Some(Hint::Meeting), _) => self.header(Unmarked::Meeting, &raw),
            (Some(Hint::Kind(ParaKind::Decision)), Some(Marker::Decision(label)))
            | (None, Some(Marker::Decision(label))) => self.push(ParaKind::Decision, 0, label, raw),
            (Some(Hint::Kind(kind)), _) => self.push(kind, default_level(kind), None, raw),
            (None, Some(Marker::Title)) => self.push(ParaKind::Title, 0, None, raw),
            (None, Some(Marker::Heading)) => self.push(ParaKind::Heading, 0, None, raw),
            (None, Some(Marker::Operative(suffix))) => self.push(ParaKind::Operative, 0, suffix, raw),
            (None, Some(Marker::Item(letters, suffix))) => {
                let level = self.items.level(&letters, indent);
                self.push(ParaKind::Item, level, suffix, raw);
            }
            (None, Some(Marker::Bullet)) => self.push(ParaKind::Text, 0, None, raw),
            (None, None) => self.unmarked(raw),
        }
    }

    fn unmarked(&mut self, raw: String) {
        let visible = visible_of_raw(&raw);
        match classify_unmarked(&visible, &self.ctx) {
            Unmarked::Dropped => self.ctx.note_dropped(),
            kind @ (Unmarked::Symbol | Unmarked::Meeting) => self.header(kind, &raw),
            Unmarked::Conference => self.conference(),
            Unmarked::Title => self.push(ParaKind::Title, 0, None, raw),
            Unmarked::Heading => self.push(ParaKind::Heading, 0, None, raw),
            Unmarked::Preamble => self.push(ParaKind::Preamble, 0, None, raw),
            Unmarked::Text => self.push(ParaKind::Text, 0, None, raw),
            Unmarked::Continuation => match self.out.last_mut() {
                Some(last) => {
                    if !last.raw.is_empty() {
                        last.raw.push(' ');
                    }
                    last.raw.push_str(&raw);
                    // Whether the joined paragraph ends its clause depends on its tail only;
                    // re-reading the whole paragraph at each join would be quadratic.
                    let kind = last.kind;
                    self.ctx.note_paragraph(kind, &visible);
                }
                None => self.push(ParaKind::Text, 0, None, raw),
            },
        }
    }

    fn push(&mut self, kind: ParaKind, level: u8, label: Option<String>, raw: String) {
        let visible = visible_of_raw(&raw);
        match kind {
            ParaKind::Title => {
                if self.title.is_none() {
                    self.title = Some(visible.trim().to_string());
                }
                self.items.reset();
            }
            ParaKind::Heading | ParaKind::Operative => self.items.reset(),
            ParaKind::Decision => {
                self.decisions = true;
                self.items.reset();
            }
            ParaKind::Item | ParaKind::Text | ParaKind::Preamble => {}
        }
        self.ctx.note_paragraph(kind, &visible);
        self.out.push(Out { kind, level, label, raw });
    }

    fn finish(mut self) -> Result<ImportedDraft, ImportError> {
        self.close();
        self.flush_empty_hint();
        if self.out.is_empty() {
            return Err(ImportError::NoParagraphs);
        }
        let mut next_bracket = 0u32;
        let paragraphs = self
            .out
            .into_iter()
            .map(|o| NewParagraph {
                kind: o.kind,
                level: o.level,
                label: o.label,
                spans: parse_inline(&o.raw, &mut next_bracket),
            })
            .collect();
        let kind = if self.decisions { DraftKind::Decisions } else { DraftKind::Resolution };
        Ok(ImportedDraft { title: self.title, symbol: self.symbol, meeting: self.meeting, kind, paragraphs, word: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_recognised_at_line_start() {
        assert_eq!(parse_marker("17.A All Parties"), Some((Marker::Decision(Some("17.A".into())), "All Parties")));
        assert_eq!(parse_marker("- 17.C The"), Some((Marker::Decision(Some("17.C".into())), "The")));
        assert_eq!(parse_marker("**18.123** text"), Some((Marker::Decision(Some("18.123".into())), "text")));
        assert_eq!(parse_marker("**#2** text"), Some((Marker::Decision(None), "text")));
        assert_eq!(parse_marker("17.5 million"), None);
        assert_eq!(parse_marker("1. URGES"), Some((Marker::Operative(None), "URGES")));
        assert_eq!(parse_marker("2 bis. URGES"), Some((Marker::Operative(Some("bis".into())), "URGES")));
        assert_eq!(parse_marker("2 bisque. URGES"), None);
        assert_eq!(parse_marker("b) ter also"), Some((Marker::Item("b".into(), Some("ter".into())), "also")));
        assert_eq!(parse_marker("b) terms"), Some((Marker::Item("b".into(), None), "terms")));
        assert_eq!(parse_marker("- b) x"), Some((Marker::Item("b".into(), None), "x")));
        assert_eq!(parse_marker("iv)"), Some((Marker::Item("iv".into(), None), "")));
        assert_eq!(parse_marker("etc) x"), None);
        assert_eq!(parse_marker("1\\. x"), None);
        assert_eq!(parse_marker("## Directed to Parties"), Some((Marker::Heading, "Directed to Parties")));
        assert_eq!(parse_marker("#hashtag"), None);
    }

    #[test]
    fn symbols_meetings_and_footers() {
        assert!(looks_like_symbol("CoP17 Com. II. 30"));
        assert!(looks_like_symbol("SC70 Doc. 30"));
        assert!(looks_like_symbol("CoP18 Doc. 79.1 Annex"));
        assert!(!looks_like_symbol("Committee II"));
        assert!(is_footer("CoP17 Com. II. 30 – p. 2"));
        assert!(!is_footer("see page 2"));
        assert!(looks_like_meeting("Seventeenth meeting of the Conference of the Parties"));
    }

    #[test]
    fn hostile_delimiters_parse_in_linear_time_without_panics() {
        let raw = "[*_<u>".repeat(20_000) + &"]*_</u>".repeat(20_000);
        let spans = parse_inline(&raw, &mut 0);
        assert!(!visible_text(&spans).is_empty());
    }
}
