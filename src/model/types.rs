//! Plain values of the draft (paragraphs, spans, meta, brackets): what import produces and export reads.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Kind of a `para` block (DESIGN §2). Numbering is computed from kind and level, never typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParaKind {
    Title,
    Heading,
    Text,
    Preamble,
    Operative,
    Item,
    Decision,
}

impl ParaKind {
    pub const ALL: [ParaKind; 7] = [
        ParaKind::Title,
        ParaKind::Heading,
        ParaKind::Text,
        ParaKind::Preamble,
        ParaKind::Operative,
        ParaKind::Item,
        ParaKind::Decision,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ParaKind::Title => "title",
            ParaKind::Heading => "heading",
            ParaKind::Text => "text",
            ParaKind::Preamble => "preamble",
            ParaKind::Operative => "operative",
            ParaKind::Item => "item",
            ParaKind::Decision => "decision",
        }
    }
}

impl fmt::Display for ParaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ParaKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ParaKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown paragraph kind `{s}` (expected one of title, heading, text, preamble, operative, item, decision)"))
    }
}

/// What the draft is: a draft resolution or a set of draft decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DraftKind {
    #[default]
    Resolution,
    Decisions,
}

impl DraftKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DraftKind::Resolution => "resolution",
            DraftKind::Decisions => "decisions",
        }
    }
}

impl fmt::Display for DraftKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DraftKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "resolution" => Ok(DraftKind::Resolution),
            "decisions" => Ok(DraftKind::Decisions),
            _ => Err(format!("unknown draft kind `{s}` (expected resolution or decisions)")),
        }
    }
}

/// Inline marks of a run of text (DESIGN §2). `bracket` holds the bracket id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Marks {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub em: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strong: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub underline: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bracket: Option<String>,
}

impl Marks {
    pub fn is_plain(&self) -> bool {
        *self == Marks::default()
    }
}

/// A run of text with one set of marks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    #[serde(default, skip_serializing_if = "Marks::is_plain")]
    pub marks: Marks,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Span { text: text.into(), marks: Marks::default() }
    }
}

/// A paragraph before it has an id: what import yields and what `para add` takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewParagraph {
    pub kind: ParaKind,
    /// 0, 1 or 2. Items: 1 gives a), b) …; 2 gives i), ii) …
    pub level: u8,
    /// A fixed label such as `17.A` for a draft decision.
    pub label: Option<String>,
    pub spans: Vec<Span>,
}

impl NewParagraph {
    pub fn new(kind: ParaKind, text: impl Into<String>) -> Self {
        NewParagraph { kind, level: default_level(kind), label: None, spans: vec![Span::plain(text)] }
    }

    /// The paragraph's text without marks.
    pub fn text(&self) -> String {
        spans_text(&self.spans)
    }
}

/// The level a paragraph of this kind gets when none is given.
pub fn default_level(kind: ParaKind) -> u8 {
    if kind == ParaKind::Item {
        1
    } else {
        0
    }
}

pub fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// A paragraph of the draft as stored, with its stable id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub id: String,
    pub kind: ParaKind,
    pub level: u8,
    pub label: Option<String>,
    pub spans: Vec<Span>,
}

impl Paragraph {
    pub fn text(&self) -> String {
        spans_text(&self.spans)
    }
}

/// A paragraph with its computed number (`1.`, `a)`, `ii)`, `17.A`), if its kind is numbered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberedParagraph {
    pub number: Option<String>,
    #[serde(flatten)]
    pub para: Paragraph,
}

/// The draft's Map `meta`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DraftMeta {
    pub title: String,
    /// Document symbol, e.g. `SC70 Doc. 30`.
    pub symbol: String,
    /// Meeting line, e.g. `Eighteenth meeting of the Conference of the Parties`.
    pub meeting: String,
    pub kind: DraftKind,
    /// Original language, e.g. `English`.
    pub language: String,
}

/// Status of a square-bracketed passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum BracketStatus {
    #[default]
    Open,
    AgreedAdRef,
    Agreed,
    Withdrawn,
}

impl BracketStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BracketStatus::Open => "open",
            BracketStatus::AgreedAdRef => "agreed-ad-ref",
            BracketStatus::Agreed => "agreed",
            BracketStatus::Withdrawn => "withdrawn",
        }
    }
}

impl FromStr for BracketStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "open" => Ok(BracketStatus::Open),
            "agreed-ad-ref" => Ok(BracketStatus::AgreedAdRef),
            "agreed" => Ok(BracketStatus::Agreed),
            "withdrawn" => Ok(BracketStatus::Withdrawn),
            _ => Err(format!("unknown bracket status `{s}`")),
        }
    }
}

/// The chair's (or the Secretariat's) mark that a paragraph is agreed, from the draft's Map
/// `agreed`: who set it and when (RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedMark {
    pub by: String,
    pub at: String,
}

/// Metadata of one bracket, from the draft's Map `brackets`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BracketInfo {
    pub status: BracketStatus,
    /// Delegations holding the bracket.
    pub holders: Vec<String>,
    /// The package it belongs to (issue #14 §3): agreed only when every bracket of the package is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// The bracket this one is an alternative of (issue #14 §3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_of: Option<String>,
}

impl BracketInfo {
    /// An open bracket held by `holders`, in no package, no one's alternative.
    pub fn open(holders: Vec<String>) -> BracketInfo {
        BracketInfo { status: BracketStatus::Open, holders, package: None, alternative_of: None }
    }
}

/// One entry of the draft's append-only log (issue #14 §4): who, when (RFC 3339), what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub id: String,
    /// The member who made the change.
    pub by: String,
    pub at: String,
    #[serde(flatten)]
    pub action: LogAction,
}

/// What a log entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LogAction {
    /// A bracket's status set.
    BracketStatus { bracket: String, status: BracketStatus },
    /// A bracket put in a package (`None`: taken out of one).
    BracketPackage { bracket: String, package: Option<String> },
    /// A paragraph marked agreed, or the mark withdrawn.
    ParagraphAgreed { para: String, agreed: bool },
    /// The draft (`para: None`) or one paragraph brought back as it was at a milestone.
    Restore { milestone: String, para: Option<String> },
    /// One delegation's changes since a milestone undone.
    Revert { milestone: String, delegation: String },
    /// One of a bracket's alternatives chosen: the others' words deleted and withdrawn.
    BracketChoose { bracket: String },
    /// The inserted paragraphs (`2 bis`, `2 ter`) numbered in sequence: `count` labels cleared.
    Renumber { count: u32 },
}

/// Everything a reader sees of the draft: what export renders and the app shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DraftView {
    pub meta: DraftMeta,
    pub paragraphs: Vec<NumberedParagraph>,
    pub brackets: BTreeMap<String, BracketInfo>,
}

/// What an import of a CITES-style text yields: header fields it recognised and the body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImportedDraft {
    pub title: Option<String>,
    pub symbol: Option<String>,
    pub meeting: Option<String>,
    pub kind: DraftKind,
    pub paragraphs: Vec<NewParagraph>,
    /// Set when the draft came from a Word document: what was found besides the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word: Option<WordReport>,
}

/// What a Word import found besides the text ([`crate::import::docx`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordReport {
    /// Paragraphs Word numbered as a list.
    pub list_paragraphs: usize,
    /// Tracked insertions (and moves to) accepted.
    pub insertions_accepted: usize,
    /// Tracked deletions (and moves from) accepted: their text left out.
    pub deletions_accepted: usize,
}
