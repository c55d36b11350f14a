//! Transport types that cross the IPC edge to the webview: every type a command takes or returns,
//! converted from the core's types by `From` impls here (no core type crosses the edge); core
//! errors become `{code, message}`. `ui/src/ipc/types.ts` is generated from these by `ts-rs`
//! ([`typescript`]; the test `ipc_types_are_generated_from_the_dtos` keeps the two in step).

use std::collections::BTreeMap;

use caucus::export::ir;
use caucus::workshop::status;
use caucus::model::roster::{Group, Member, Role};
use caucus::policy::{Access, Permissions};
use caucus::Coded;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Error codes the shell itself produces (the core's come from [`caucus::Coded`]).
pub mod codes {
    /// The export folder could not be made or the file could not be written.
    pub const EXPORT_WRITE: &str = "export.write_failed";
    /// A blocking task of a command did not finish (it panicked or was cancelled).
    pub const TASK_FAILED: &str = "app.task_failed";
    /// This device's role may not do that (the same code as the core's milestone check).
    pub const ROLE_FORBIDDEN: &str = "role.forbidden";
    /// No workshop could be opened.
    pub const NO_WORKSHOP: &str = "app.no_workshop";
    /// Going online needs a relay address and none is known.
    pub const NO_RELAY: &str = "sync.no_relay";
    /// Hosting on the local network needs a network address.
    pub const NO_NETWORK: &str = "sync.no_network";
    /// A raw IPC call came without its body or header.
    pub const BAD_REQUEST: &str = "app.bad_request";
    /// The window's documents name a workshop that is not the open one (it was left meanwhile).
    pub const NOT_OPEN: &str = "app.workshop_not_open";
    /// A comment table to import is larger than the window takes (`session::MAX_TABLE_BYTES`).
    pub const TABLE_TOO_LARGE: &str = "table.too_large";
    /// The window was asked to speak a language it has no messages for.
    pub const BAD_LOCALE: &str = "app.bad_locale";
}

/// An error as it crosses from the shell: the UI switches on `code`, never on `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "IpcErrorBody")]
pub struct ErrorDto {
    pub code: &'static str,
    pub message: String,
}

impl ErrorDto {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        ErrorDto { code, message: message.into() }
    }
}

impl From<caucus::store::StoreError> for ErrorDto {
    fn from(err: caucus::store::StoreError) -> Self {
        ErrorDto::from(caucus::Error::from(err))
    }
}

impl ErrorDto {
    /// Any coded error of the core (the façade's, sync's, a bundle's): its code and message.
    fn coded(err: &(impl Coded + std::fmt::Display)) -> Self {
        ErrorDto { code: err.code(), message: err.to_string() }
    }
}

impl From<caucus::Error> for ErrorDto {
    fn from(err: caucus::Error) -> Self {
        ErrorDto::coded(&err)
    }
}

impl From<caucus::sync::SyncError> for ErrorDto {
    fn from(err: caucus::sync::SyncError) -> Self {
        ErrorDto::coded(&err)
    }
}

// ---- the draft (caucus::DraftView) --------------------------------------------------------------

/// A paragraph's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "ParaKind")]
pub enum ParaKindDto { Title, Heading, Text, Preamble, Operative, Item, Decision }

impl From<caucus::ParaKind> for ParaKindDto {
    fn from(k: caucus::ParaKind) -> Self {
        use caucus::ParaKind as K;
        match k {
            K::Title => ParaKindDto::Title,
            K::Heading => ParaKindDto::Heading,
            K::Text => ParaKindDto::Text,
            K::Preamble => ParaKindDto::Preamble,
            K::Operative => ParaKindDto::Operative,
            K::Item => ParaKindDto::Item,
            K::Decision => ParaKindDto::Decision,
        }
    }
}

/// A resolution, or a set of decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "DraftKind")]
pub enum DraftKindDto {
    Resolution,
    Decisions,
}

impl From<caucus::model::types::DraftKind> for DraftKindDto {
    fn from(k: caucus::model::types::DraftKind) -> Self {
        match k {
            caucus::model::types::DraftKind::Resolution => DraftKindDto::Resolution,
            caucus::model::types::DraftKind::Decisions => DraftKindDto::Decisions,
        }
    }
}

/// Status of a square-bracketed passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(rename = "BracketStatus")]
pub enum BracketStatusDto {
    Open,
    AgreedAdRef,
    Agreed,
    Withdrawn,
}

impl From<caucus::model::types::BracketStatus> for BracketStatusDto {
    fn from(s: caucus::model::types::BracketStatus) -> Self {
        use caucus::model::types::BracketStatus as S;
        match s {
            S::Open => BracketStatusDto::Open,
            S::AgreedAdRef => BracketStatusDto::AgreedAdRef,
            S::Agreed => BracketStatusDto::Agreed,
            S::Withdrawn => BracketStatusDto::Withdrawn,
        }
    }
}

/// Inline marks; a flag is sent only when set, a bracket only when there is one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Marks")]
pub struct MarksDto {
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub em: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub strong: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub underline: Option<bool>,
    /// Id of the bracket in `DraftView.brackets`.
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub bracket: Option<String>,
}

impl MarksDto {
    fn is_plain(&self) -> bool {
        *self == MarksDto::default()
    }
}

impl From<caucus::Marks> for MarksDto {
    fn from(m: caucus::Marks) -> Self {
        let set = |flag: bool| flag.then_some(true);
        MarksDto { em: set(m.em), strong: set(m.strong), underline: set(m.underline), bracket: m.bracket }
    }
}

/// A run of text with one set of marks (`marks` omitted when plain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Span")]
pub struct SpanDto {
    pub text: String,
    #[serde(default, skip_serializing_if = "MarksDto::is_plain")]
    pub marks: MarksDto,
}

impl From<caucus::Span> for SpanDto {
    fn from(s: caucus::Span) -> Self {
        SpanDto { text: s.text, marks: s.marks.into() }
    }
}

/// What a numbered paragraph and a compared block both carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ParagraphHead")]
pub struct ParagraphHeadDto {
    /// Computed number: `1.`, `a)`, `ii)`, `17.A`; null for unnumbered kinds (for a deleted
    /// paragraph, the one it had).
    pub number: Option<String>,
    pub id: String,
    /// Kind and level (0..=2) set the paragraph's numbering; `label` is a decision's (`17.A`).
    pub kind: ParaKindDto, pub level: u8, pub label: Option<String>,
}

/// A paragraph of the draft with its computed number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "NumberedParagraph")]
pub struct NumberedParagraphDto {
    #[serde(flatten)]
    pub head: ParagraphHeadDto,
    pub spans: Vec<SpanDto>,
}

impl From<caucus::NumberedParagraph> for NumberedParagraphDto {
    fn from(p: caucus::NumberedParagraph) -> Self {
        let para = p.para;
        let head = ParagraphHeadDto { number: p.number, id: para.id, kind: para.kind.into(), level: para.level, label: para.label };
        NumberedParagraphDto { head, spans: para.spans.into_iter().map(SpanDto::from).collect() }
    }
}

/// The draft's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "DraftMeta")]
pub struct DraftMetaDto {
    pub title: String,
    pub symbol: String,
    pub meeting: String,
    pub kind: DraftKindDto,
    pub language: String,
}

impl From<caucus::DraftMeta> for DraftMetaDto {
    fn from(m: caucus::DraftMeta) -> Self {
        DraftMetaDto { title: m.title, symbol: m.symbol, meeting: m.meeting, kind: m.kind.into(), language: m.language }
    }
}

/// One bracket: its status and the delegations holding it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "BracketInfo")]
pub struct BracketInfoDto {
    pub status: BracketStatusDto,
    pub holders: Vec<String>,
    /// The package it belongs to (issue #14 §3).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub package: Option<String>,
    /// The bracket it is an alternative of (issue #14 §3).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub alternative_of: Option<String>,
}

impl From<caucus::model::types::BracketInfo> for BracketInfoDto {
    fn from(b: caucus::model::types::BracketInfo) -> Self {
        BracketInfoDto { status: b.status.into(), holders: b.holders, package: b.package, alternative_of: b.alternative_of }
    }
}

/// What the draft view and the compared draft both carry: the metadata and every bracket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "DraftFrame")]
pub struct DraftFrameDto {
    pub meta: DraftMetaDto,
    /// Bracket id → its status and holders.
    #[ts(type = "Record<string, BracketInfo>")]
    pub brackets: BTreeMap<String, BracketInfoDto>,
}

impl DraftFrameDto {
    fn new(meta: caucus::DraftMeta, brackets: BTreeMap<String, caucus::model::types::BracketInfo>) -> Self {
        DraftFrameDto { meta: meta.into(), brackets: brackets.into_iter().map(|(id, b)| (id, b.into())).collect() }
    }
}

/// The draft as a reader sees it, with computed numbering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "DraftView")]
pub struct DraftViewDto {
    pub paragraphs: Vec<NumberedParagraphDto>,
    #[serde(flatten)]
    pub frame: DraftFrameDto,
}

impl From<caucus::DraftView> for DraftViewDto {
    fn from(v: caucus::DraftView) -> Self {
        let paragraphs = v.paragraphs.into_iter().map(NumberedParagraphDto::from).collect();
        DraftViewDto { paragraphs, frame: DraftFrameDto::new(v.meta, v.brackets) }
    }
}

// ---- the draft with revision marks (caucus::export::ir) -------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "ChangeKind")]
pub enum ChangeKindDto {
    Inserted,
    Deleted,
}

/// A revision mark: who (the delegation, where known) changed what, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Change")]
pub struct ChangeDto {
    pub kind: ChangeKindDto,
    pub author: Option<String>,
    /// RFC 3339.
    pub date: String,
    /// Part of a paragraph move: deleted at the old place, inserted at the new.
    pub moved: bool,
}

impl From<ir::Change> for ChangeDto {
    fn from(c: ir::Change) -> Self {
        let kind = match c.kind {
            ir::ChangeKind::Inserted => ChangeKindDto::Inserted,
            ir::ChangeKind::Deleted => ChangeKindDto::Deleted,
        };
        ChangeDto { kind, author: c.author, date: c.date, moved: c.moved }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Run")]
pub struct RunDto {
    pub text: String,
    pub marks: MarksDto,
    pub change: Option<ChangeDto>,
    /// Ids of comments in `CompareDocument.comments` anchored on this run.
    pub comments: Vec<String>,
}

impl From<ir::Run> for RunDto {
    fn from(r: ir::Run) -> Self {
        RunDto { text: r.text, marks: r.marks.into(), change: r.change.map(ChangeDto::from), comments: r.comments }
    }
}

/// A paragraph of the compared draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Block")]
pub struct BlockDto {
    #[serde(flatten)]
    pub head: ParagraphHeadDto,
    /// Set when the whole paragraph was inserted or deleted (or moved).
    pub change: Option<ChangeDto>,
    pub runs: Vec<RunDto>,
}

impl From<ir::Block> for BlockDto {
    fn from(b: ir::Block) -> Self {
        let head = ParagraphHeadDto { number: b.number, id: b.id, kind: b.kind.into(), level: b.level, label: b.label };
        BlockDto { head, change: b.change.map(ChangeDto::from), runs: b.runs.into_iter().map(RunDto::from).collect() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "CommentReply")]
pub struct ReplyDto {
    pub author: String,
    pub initials: String,
    pub date: String,
    pub body: String,
}

/// A comment thread shown with the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "CompareComment")]
pub struct CommentDto {
    pub id: String,
    /// `Name (Delegation)`, its initials (for Word) and when it was written (RFC 3339).
    pub author: String, pub initials: String, pub date: String,
    pub body: String,
    /// The words it is anchored on.
    pub quote: String,
    pub replies: Vec<ReplyDto>,
    /// Its words were deleted: shown with the quote, not anchored.
    pub orphaned: bool,
}

impl From<ir::Comment> for CommentDto {
    fn from(c: ir::Comment) -> Self {
        let replies = c
            .replies
            .into_iter()
            .map(|r| ReplyDto { author: r.author, initials: r.initials, date: r.date, body: r.body })
            .collect();
        CommentDto {
            id: c.id,
            author: c.author,
            initials: c.initials,
            date: c.date,
            body: c.body,
            quote: c.quote,
            replies,
            orphaned: c.orphaned,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "RevisionBase")]
pub struct RevisionBaseDto {
    /// Milestone name.
    pub since: String,
    pub since_date: String,
    /// Date the marks carry (the later milestone's, or now).
    pub date: String,
}

/// The draft with the changes since a milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "CompareDocument")]
pub struct CompareDocumentDto {
    pub blocks: Vec<BlockDto>,
    /// The open threads, when asked for (`Run::comments` names them).
    pub comments: Vec<CommentDto>,
    pub revisions: Option<RevisionBaseDto>,
    #[serde(flatten)]
    pub frame: DraftFrameDto,
}

impl From<ir::Document> for CompareDocumentDto {
    fn from(d: ir::Document) -> Self {
        let revisions = d.revisions.map(|r| RevisionBaseDto { since: r.since, since_date: r.since_date, date: r.date });
        CompareDocumentDto {
            blocks: d.blocks.into_iter().map(BlockDto::from).collect(),
            comments: d.comments.into_iter().map(CommentDto::from).collect(),
            revisions,
            frame: DraftFrameDto::new(d.meta, d.brackets),
        }
    }
}

// ---- milestones, export ---------------------------------------------------------------------------

/// A milestone as the panel lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Milestone")]
pub struct MilestoneDto {
    pub name: String,
    /// RFC 3339, UTC.
    pub created: String,
    /// Member id of whoever froze it (empty when unknown).
    pub created_by: String,
    /// `Name (Delegation)` of that member, when the roster knows them.
    pub created_by_name: Option<String>,
}

/// The milestones panel: every milestone (oldest first) and whether this device may freeze one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "MilestoneList")]
pub struct MilestonesDto {
    /// Oldest first.
    pub milestones: Vec<MilestoneDto>,
    /// This device's role may freeze a milestone (`caucus::policy`: the chair or the Secretariat).
    pub can_create: bool,
}

// ---- where the negotiation stands (caucus::workshop::status) ---------------------------------------

/// A paragraph's standing, computed from its brackets and threads: `open` while a bracket in it
/// is open or a thread on it awaits an outcome, else `agreed-ad-ref` while a bracket is agreed ad
/// referendum, else `agreed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(rename = "ParaStatus")]
pub enum ParaStatusDto {
    Agreed,
    AgreedAdRef,
    Open,
}

impl From<status::ParaStatus> for ParaStatusDto {
    fn from(s: status::ParaStatus) -> Self {
        match s {
            status::ParaStatus::Agreed => ParaStatusDto::Agreed,
            status::ParaStatus::AgreedAdRef => ParaStatusDto::AgreedAdRef,
            status::ParaStatus::Open => ParaStatusDto::Open,
        }
    }
}

/// How many paragraphs under negotiation stand where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "StatusCounts")]
pub struct StatusCountsDto {
    pub agreed: usize,
    pub agreed_ad_ref: usize,
    pub open: usize,
    pub total: usize,
}

/// One paragraph under negotiation and what keeps it open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ParagraphStatus")]
pub struct ParagraphStatusDto {
    /// Position in the draft (0-based).
    pub position: usize,
    pub id: String,
    /// How a reader cites it (`PP2`, `1 b)`, `17.C`).
    pub citation: String,
    pub kind: ParaKindDto,
    pub status: ParaStatusDto,
    pub open_brackets: usize,
    pub ad_ref_brackets: usize,
    /// Threads on it that await an outcome.
    pub open_threads: usize,
}

/// A bracket not yet agreed (open or agreed ad ref.), where it stands and who holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "OpenBracket")]
pub struct OpenBracketDto {
    pub id: String,
    /// Position of its paragraph in the draft (0-based).
    pub position: usize,
    pub citation: String,
    /// The bracketed words.
    pub text: String,
    pub status: BracketStatusDto,
    pub holders: Vec<String>,
    /// The package it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub package: Option<String>,
    /// Agreed, but its package is not yet all agreed: it counts as open until it is.
    pub pending: bool,
    /// The bracket it is an alternative of.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub alternative_of: Option<String>,
}

/// A package of brackets: agreed only when every bracket of it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "BracketPackage")]
pub struct PackageStatusDto {
    pub name: String,
    pub brackets: usize,
    pub agreed: usize,
    pub complete: bool,
}

/// One delegation and the open brackets it holds ("which delegations hold what").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "BracketHolder")]
pub struct BracketHolderDto {
    pub delegation: String,
    /// Ids of the open brackets it holds, in draft order (see `NegotiationStatus.open_brackets`).
    pub brackets: Vec<String>,
}

/// The comments of one delegation that await an outcome, by type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Undisposed")]
pub struct UndisposedDto {
    pub delegation: String,
    pub general: usize,
    pub technical: usize,
    pub editorial: usize,
    pub total: usize,
}

/// What changed since the last milestone, by paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SinceMilestone")]
pub struct SinceMilestoneDto {
    pub milestone: String,
    pub inserted: usize,
    pub deleted: usize,
    pub moved: usize,
    /// Paragraphs kept whose words changed.
    pub edited: usize,
    /// The delegations that made the changes, where known.
    pub by: Vec<String>,
}

/// Where the negotiation stands (`caucus::workshop::status::Status`; `caucus status --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "NegotiationStatus")]
pub struct StatusDto {
    pub title: String,
    #[ts(type = "StageName")]
    pub stage: String,
    pub counts: StatusCountsDto,
    /// The paragraphs under negotiation, in draft order.
    pub paragraphs: Vec<ParagraphStatusDto>,
    /// Every bracket not yet agreed (an agreed one of an incomplete package: pending), in draft order.
    pub open_brackets: Vec<OpenBracketDto>,
    /// The packages of brackets, by name.
    pub packages: Vec<PackageStatusDto>,
    /// The delegations holding open brackets, by name.
    pub holders: Vec<BracketHolderDto>,
    /// Comments awaiting an outcome, by delegation (most first).
    pub undisposed: Vec<UndisposedDto>,
    /// Null when the workshop has no milestone (or this device lacks the text to compare).
    pub since: Option<SinceMilestoneDto>,
}

impl From<status::Status> for StatusDto {
    fn from(s: status::Status) -> Self {
        let c = s.counts;
        StatusDto {
            title: s.title,
            stage: s.stage.to_string(),
            counts: StatusCountsDto { agreed: c.agreed, agreed_ad_ref: c.agreed_ad_ref, open: c.open, total: c.total },
            paragraphs: s
                .paragraphs
                .into_iter()
                .map(|p| ParagraphStatusDto {
                    position: p.position,
                    id: p.id,
                    citation: p.citation,
                    kind: p.kind.into(),
                    status: p.status.into(),
                    open_brackets: p.open_brackets,
                    ad_ref_brackets: p.ad_ref_brackets,
                    open_threads: p.open_threads,
                })
                .collect(),
            open_brackets: s
                .open_brackets
                .into_iter()
                .map(|b| OpenBracketDto {
                    id: b.id,
                    position: b.position,
                    citation: b.citation,
                    text: b.text,
                    status: b.status.into(),
                    holders: b.holders,
                    package: b.package,
                    pending: b.pending,
                    alternative_of: b.alternative_of,
                })
                .collect(),
            packages: s
                .packages
                .into_iter()
                .map(|p| PackageStatusDto { name: p.name, brackets: p.brackets, agreed: p.agreed, complete: p.complete })
                .collect(),
            holders: s.holders.into_iter().map(|(delegation, brackets)| BracketHolderDto { delegation, brackets }).collect(),
            undisposed: s
                .undisposed
                .into_iter()
                .map(|u| UndisposedDto { delegation: u.delegation, general: u.general, technical: u.technical, editorial: u.editorial, total: u.total })
                .collect(),
            since: s.since.map(|m| SinceMilestoneDto { milestone: m.milestone, inserted: m.inserted, deleted: m.deleted, moved: m.moved, edited: m.edited, by: m.by }),
        }
    }
}

/// One line of the workshop's log (`caucus log`): who, when, what (`kind` and its parts in
/// `args`, which the window writes as a sentence in its own language; `what` is the English one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "LogLine")]
pub struct LogLineDto {
    pub id: String,
    /// RFC 3339.
    pub at: String,
    pub by: String,
    pub by_name: String,
    /// `bracket-status`, `bracket-package`, `bracket-choose`, `paragraph-agreed`, `restore`, `revert`, `renumber`, `outcome`, `stage`, `milestone`.
    pub kind: String,
    pub args: LogArgsDto,
    pub what: String,
}

/// A log line's parts as plain values (`caucus::workshop::log::LogArgs`): names, citations, a
/// count, and codes the window translates (a bracket status, an outcome, a stage); no English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "LogArgs")]
pub struct LogArgsDto {
    /// `paragraph` (cited as `paragraph`), `draft` (in an unnumbered paragraph), `gone`.
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub paragraph: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub bracket: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub words: Option<String>,
    /// `open`, `agreed-ad-ref`, `agreed`, `withdrawn`.
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub package: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub agreed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub milestone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub delegation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub thread: Option<String>,
    /// `accepted`, `accepted-modified`, `rejected`, `noted`.
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub outcome: Option<String>,
    /// `drafting`, `comment-round`, `revision`, `closed`.
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub stage: Option<String>,
    /// A date (`2026-12-31`).
    #[serde(skip_serializing_if = "Option::is_none")] #[ts(optional)] pub deadline: Option<String>,
}

impl From<caucus::workshop::log::LogArgs> for LogArgsDto {
    fn from(a: caucus::workshop::log::LogArgs) -> Self {
        let code = |c: Option<&'static str>| c.map(str::to_string);
        LogArgsDto {
            place: code(a.place),
            paragraph: a.paragraph,
            bracket: a.bracket,
            words: a.words,
            status: code(a.status),
            package: a.package,
            agreed: a.agreed,
            milestone: a.milestone,
            delegation: a.delegation,
            count: a.count,
            thread: a.thread,
            outcome: code(a.outcome),
            stage: code(a.stage),
            deadline: a.deadline,
        }
    }
}

impl From<caucus::workshop::log::LogLine> for LogLineDto {
    fn from(l: caucus::workshop::log::LogLine) -> Self {
        LogLineDto { id: l.id, at: l.at, by: l.by, by_name: l.by_name, kind: l.kind.to_string(), args: l.args.into(), what: l.what }
    }
}

/// What a restore from a milestone changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "RestoreReport")]
pub struct RestoreReportDto {
    pub milestone: String,
    pub brought_back: usize,
    pub removed: usize,
    pub changed: usize,
}

impl From<caucus::workshop::RestoreReport> for RestoreReportDto {
    fn from(r: caucus::workshop::RestoreReport) -> Self {
        RestoreReportDto { milestone: r.milestone, brought_back: r.brought_back, removed: r.removed, changed: r.changed }
    }
}

/// What undoing one delegation's changes since a milestone did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "RevertReport")]
pub struct RevertReportDto {
    pub milestone: String,
    pub delegation: String,
    pub removed: usize,
    pub brought_back: usize,
    pub changed: usize,
}

impl From<caucus::workshop::RevertReport> for RevertReportDto {
    fn from(r: caucus::workshop::RevertReport) -> Self {
        RevertReportDto { milestone: r.milestone, delegation: r.delegation, removed: r.removed, brought_back: r.brought_back, changed: r.changed }
    }
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "ExportFormat")]
pub enum ExportFormatDto {
    Md,
    Html,
    Docx,
    Pdf,
    Akn,
}

impl From<caucus::export::Format> for ExportFormatDto {
    fn from(f: caucus::export::Format) -> Self {
        use caucus::export::Format as F;
        match f {
            F::Md => ExportFormatDto::Md,
            F::Html => ExportFormatDto::Html,
            F::Docx => ExportFormatDto::Docx,
            F::Pdf => ExportFormatDto::Pdf,
            F::Akn => ExportFormatDto::Akn,
        }
    }
}

/// How DOCX shows revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "RevisionMarks")]
pub enum RevisionMarksDto {
    Tracked,
    Visual,
}

/// What the export dialog asks for. Format and marks arrive as text and are validated by the
/// session, so that a bad value comes back as `{code, message}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[ts(rename = "ExportRequest")]
pub struct ExportRequestDto {
    /// `md`, `html`, `docx`, `pdf` or `akn`.
    #[ts(as = "ExportFormatDto")]
    pub format: String,
    /// Milestone whose changes to show; null (or empty) for a clean text.
    pub since: Option<String>,
    /// DOCX only: real tracked changes, or underline and strike-through (`tracked` or `visual`).
    #[ts(as = "RevisionMarksDto")]
    pub marks: String,
    /// Include the open comment threads.
    pub comments: bool,
}

/// A written export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Exported")]
pub struct ExportedDto {
    /// Full path of the file (lossy UTF-8).
    pub path: String,
    pub file_name: String,
    /// Size of the file in bytes.
    pub bytes: usize,
    pub format: ExportFormatDto,
}

// ---- since I last looked (issue #14 §5) ---------------------------------------------------------

/// What others changed since this device's member last looked (`caucus::workshop::SinceSeen`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SinceSeen")]
pub struct SinceSeenDto {
    /// Nothing was remembered on this device: the workshop as it is now is recorded as seen.
    pub first_look: bool,
    /// When the member last marked the draft as seen (RFC 3339).
    pub draft_seen: String,
    /// Changed paragraphs, new threads and new replies.
    pub count: usize,
    /// Paragraphs others changed since, in draft order.
    pub paragraphs: Vec<SeenParagraphDto>,
    /// Threads others started, or replied to, since.
    pub threads: Vec<SeenThreadDto>,
}

/// A paragraph others changed since the member last looked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SeenParagraph")]
pub struct SeenParagraphDto {
    pub para_id: String,
    pub number: Option<String>,
    /// How a reader cites it (`PP2`, `1 b) ii)`; empty for the title and a deleted paragraph).
    pub citation: String,
    /// No longer in the draft.
    pub deleted: bool,
    /// The delegations that changed it.
    pub delegations: Vec<String>,
}

/// A thread with what is new in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SeenThread")]
pub struct SeenThreadDto {
    pub thread_id: String,
    pub para_id: String,
    /// How a reader cites its paragraph (empty: none).
    pub citation: String,
    /// Another member started it since.
    pub new_thread: bool,
    /// The replies others wrote since.
    pub replies: Vec<String>,
    pub delegations: Vec<String>,
}

impl From<caucus::workshop::SinceSeen> for SinceSeenDto {
    fn from(s: caucus::workshop::SinceSeen) -> Self {
        SinceSeenDto {
            count: s.count(),
            first_look: s.first_look,
            draft_seen: s.draft_seen,
            paragraphs: s
                .paragraphs
                .into_iter()
                .map(|p| SeenParagraphDto { para_id: p.para_id, number: p.number, citation: p.citation, deleted: p.deleted, delegations: p.delegations })
                .collect(),
            threads: s
                .threads
                .into_iter()
                .map(|t| SeenThreadDto {
                    thread_id: t.thread_id,
                    para_id: t.para_id,
                    citation: t.citation,
                    new_thread: t.new_thread,
                    replies: t.replies,
                    delegations: t.delegations,
                })
                .collect(),
        }
    }
}

/// What `mark_seen` records as seen: everything, the draft, the notes, or one thread (`thread`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "SeenPart")]
pub enum SeenPartDto {
    All,
    Draft,
    Notes,
    Thread,
}

// ---- the comment table (issue #11 §3) ---------------------------------------------------------------

/// A format of the comment table (`caucus::export::comment_table::TableFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "TableFormat")]
pub enum TableFormatDto {
    Docx,
    Xlsx,
    Csv,
}

impl From<caucus::export::comment_table::TableFormat> for TableFormatDto {
    fn from(f: caucus::export::comment_table::TableFormat) -> Self {
        use caucus::export::comment_table::TableFormat as F;
        match f {
            F::Docx => TableFormatDto::Docx,
            F::Xlsx => TableFormatDto::Xlsx,
            F::Csv => TableFormatDto::Csv,
        }
    }
}

impl From<caucus::import::table::SourceFormat> for TableFormatDto {
    fn from(f: caucus::import::table::SourceFormat) -> Self {
        use caucus::import::table::SourceFormat as F;
        match f {
            F::Docx => TableFormatDto::Docx,
            F::Xlsx => TableFormatDto::Xlsx,
            F::Csv => TableFormatDto::Csv,
        }
    }
}

/// What the export dialog asks for when it exports the comment table. Values arrive as text
/// and are validated by the session, so that a bad one comes back as `{code, message}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[ts(rename = "CommentTableRequest")]
pub struct CommentTableRequestDto {
    /// `docx`, `xlsx` or `csv`.
    #[ts(as = "TableFormatDto")]
    pub format: String,
    /// Only threads with no outcome yet and not resolved.
    pub open_only: bool,
    /// Only this delegation's threads (null or empty: every delegation).
    pub delegation: Option<String>,
    /// Only threads of this type (null or empty: every type).
    #[ts(type = "\"general\" | \"technical\" | \"editorial\" | null")]
    pub kind: Option<String>,
}

/// A written comment table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "TableExported")]
pub struct TableExportedDto {
    /// Full path of the file (lossy UTF-8).
    pub path: String,
    pub file_name: String,
    /// Size of the file in bytes.
    pub bytes: usize,
    pub format: TableFormatDto,
    /// Threads listed (one row each).
    pub rows: usize,
}

/// A row of an imported table that cites no paragraph of the draft: imported as a thread on no
/// paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "UnanchoredRow")]
pub struct UnanchoredRowDto {
    /// The row in the file (1-based, the heading row counted).
    pub source_row: usize,
    /// The paragraph cell as written.
    pub paragraph: String,
    pub why: String,
    /// The thread it became.
    pub thread: String,
}

/// A file dropped on the window or picked in the Open dialog (`files::Drops`): the window imports
/// it by `id` (as a draft, or as a comment table); its path stays in the shell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "PendingFile")]
pub struct PendingFileDto {
    pub id: u32,
    pub file_name: String,
    /// More than one file was dropped: only this first one is imported.
    pub more: bool,
}

/// What importing a comment table did (`caucus::workshop::ImportReport`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "TableImportReport")]
pub struct TableImportReportDto {
    /// The file's name as the person chose it.
    pub file_name: String,
    pub format: TableFormatDto,
    /// The headings were read from the DOCX page header (the ISO template).
    pub headings_in_page_header: bool,
    /// The headings matched, as written.
    pub columns: Vec<String>,
    /// Rows imported (one thread each).
    pub rows: usize,
    /// Rows on a paragraph of the draft.
    pub anchored: usize,
    /// Rows on no paragraph, each with why.
    pub unanchored: Vec<UnanchoredRowDto>,
    /// Outcomes recorded from the outcome column (the chair and the Secretariat only).
    pub outcomes: usize,
    /// Supports recorded from the party column (the chair and the Secretariat only).
    pub supports: usize,
    /// Rows with no text in any cell, not imported.
    pub blank_rows: usize,
    /// Tables or sheets with text but no comment table's headings, not read.
    pub tables_without_headings: usize,
    /// The new threads' ids, in the table's order.
    pub threads: Vec<String>,
    /// The member the rows are recorded as.
    pub author: String,
    /// The member who recorded them on the author's behalf, if someone else.
    pub recorded_by: Option<String>,
}

impl TableImportReportDto {
    pub fn new(file_name: &str, report: caucus::workshop::ImportReport) -> Self {
        TableImportReportDto {
            file_name: file_name.to_string(),
            format: report.format.into(),
            headings_in_page_header: report.headings_in_page_header,
            columns: report.columns,
            rows: report.rows,
            anchored: report.anchored,
            unanchored: report
                .unanchored
                .into_iter()
                .map(|u| UnanchoredRowDto { source_row: u.source_row, paragraph: u.paragraph, why: u.why, thread: u.thread })
                .collect(),
            outcomes: report.outcomes,
            supports: report.supports,
            blank_rows: report.blank_rows,
            tables_without_headings: report.tables_without_headings,
            threads: report.threads,
            author: report.author,
            recorded_by: report.recorded_by,
        }
    }
}

// `word`: a returned Word draft's tracked changes imported as proposals (issue #14 §6).

/// A changed paragraph of the Word file that became a proposal (`caucus::workshop::WordProposal`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "WordProposal")]
pub struct WordProposalDto {
    pub thread: String,
    /// The paragraph of the Word file (1-based).
    pub word_paragraph: usize,
    /// The draft's paragraph (0-based) it proposes to rewrite.
    pub position: usize,
    /// `text` (its text before the changes is the paragraph's) or `position` (its place).
    pub matched_by: String,
    pub word_authors: Vec<String>,
}

/// A changed paragraph of the Word file that matched no paragraph of the draft: not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "UnmatchedParagraph")]
pub struct UnmatchedParagraphDto {
    pub word_paragraph: usize,
    pub why: String,
}

/// What importing a returned Word draft did (`caucus::workshop::WordImportReport`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "WordImportReport")]
pub struct WordImportReportDto {
    /// The file's name as the person chose it.
    pub file_name: String,
    /// Paragraphs whose tracked changes change their text.
    pub changed_paragraphs: usize,
    pub proposals: Vec<WordProposalDto>,
    pub unmatched: Vec<UnmatchedParagraphDto>,
    /// The Word authors of the tracked changes.
    pub word_authors: Vec<String>,
    /// The member the proposals are recorded as.
    pub author: String,
    /// The member who recorded them on the author's behalf, if someone else.
    pub recorded_by: Option<String>,
}

impl WordImportReportDto {
    pub fn new(file_name: &str, report: caucus::workshop::WordImportReport) -> Self {
        WordImportReportDto {
            file_name: file_name.to_string(),
            changed_paragraphs: report.changed_paragraphs,
            proposals: report
                .proposals
                .into_iter()
                .map(|p| WordProposalDto { thread: p.thread, word_paragraph: p.word_paragraph, position: p.position, matched_by: p.matched_by.to_string(), word_authors: p.word_authors })
                .collect(),
            unmatched: report.unmatched.into_iter().map(|u| UnmatchedParagraphDto { word_paragraph: u.word_paragraph, why: u.why }).collect(),
            word_authors: report.word_authors,
            author: report.author,
            recorded_by: report.recorded_by,
        }
    }
}

// ---- workshops, members, comments ------------------------------------------------------------------

/// What a member may do (DESIGN §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "Role")]
pub enum RoleDto {
    Chair,
    Secretariat,
    Delegate,
    Observer,
    /// Writes the draft's French and Spanish versions only (issue #15 §2).
    Translator,
}

impl From<Role> for RoleDto {
    fn from(r: Role) -> Self {
        match r {
            Role::Chair => RoleDto::Chair,
            Role::Secretariat => RoleDto::Secretariat,
            Role::Delegate => RoleDto::Delegate,
            Role::Observer => RoleDto::Observer,
            Role::Translator => RoleDto::Translator,
        }
    }
}

impl From<RoleDto> for Role {
    fn from(r: RoleDto) -> Self {
        match r {
            RoleDto::Chair => Role::Chair,
            RoleDto::Secretariat => Role::Secretariat,
            RoleDto::Delegate => Role::Delegate,
            RoleDto::Observer => Role::Observer,
            RoleDto::Translator => Role::Translator,
        }
    }
}

/// The constituency a member speaks for (Decision 17.C).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(rename = "Group")]
pub enum GroupDto {
    ProducerCountry,
    ConsumerCountry,
    InternetCompanyCountry,
    Ngo,
    Lawyer,
    Expert,
    Secretariat,
}

impl From<Group> for GroupDto {
    fn from(g: Group) -> Self {
        match g {
            Group::ProducerCountry => GroupDto::ProducerCountry,
            Group::ConsumerCountry => GroupDto::ConsumerCountry,
            Group::InternetCompanyCountry => GroupDto::InternetCompanyCountry,
            Group::Ngo => GroupDto::Ngo,
            Group::Lawyer => GroupDto::Lawyer,
            Group::Expert => GroupDto::Expert,
            Group::Secretariat => GroupDto::Secretariat,
        }
    }
}

impl From<GroupDto> for Group {
    fn from(g: GroupDto) -> Self {
        match g {
            GroupDto::ProducerCountry => Group::ProducerCountry,
            GroupDto::ConsumerCountry => Group::ConsumerCountry,
            GroupDto::InternetCompanyCountry => Group::InternetCompanyCountry,
            GroupDto::Ngo => Group::Ngo,
            GroupDto::Lawyer => Group::Lawyer,
            GroupDto::Expert => Group::Expert,
            GroupDto::Secretariat => Group::Secretariat,
        }
    }
}

/// What this device may do with one of the workshop's documents (enforced in Rust).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "Access")]
pub enum AccessDto {
    None,
    Read,
    Write,
}

impl From<Access> for AccessDto {
    fn from(a: Access) -> Self {
        match a {
            Access::None => AccessDto::None,
            Access::Read => AccessDto::Read,
            Access::Write => AccessDto::Write,
        }
    }
}

/// This device's access to each document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Permissions")]
pub struct PermissionsDto {
    pub draft: AccessDto,
    pub notes: AccessDto,
    pub roster: AccessDto,
    /// The draft's French and Spanish versions (issue #15 §2).
    pub versions: AccessDto,
}

impl From<Permissions> for PermissionsDto {
    fn from(p: Permissions) -> Self {
        PermissionsDto { draft: p.draft.into(), notes: p.notes.into(), roster: p.roster.into(), versions: p.versions.into() }
    }
}

/// One line of the workshops list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "WorkshopSummary")]
pub struct WorkshopSummaryDto {
    pub id: String,
    pub title: String,
    pub symbol: String,
    pub meeting: String,
    /// This device's role in it, if it has an identity there.
    pub role: Option<RoleDto>,
    /// The one open in this window.
    pub open: bool,
}

/// A member of the workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Member")]
pub struct MemberDto {
    pub id: String,
    pub name: String,
    pub delegation: String,
    pub role: RoleDto,
    pub group: GroupDto,
    /// RFC 3339.
    pub added: String,
    /// RFC 3339; removed members stay listed so that history keeps their names.
    pub removed: Option<String>,
    /// `Name (Delegation)`.
    pub full_name: String,
}

impl From<Member> for MemberDto {
    fn from(m: Member) -> Self {
        MemberDto {
            full_name: m.full_name(),
            id: m.id,
            name: m.name,
            delegation: m.delegation,
            role: m.role.into(),
            group: m.group.into(),
            added: m.added,
            removed: m.removed,
        }
    }
}

/// The workshop open in the window and what this device may do in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "WorkshopInfo")]
pub struct WorkshopInfoDto {
    pub id: String,
    pub title: String,
    pub symbol: String,
    pub meeting: String,
    /// This device's member, if it has an identity in the workshop.
    pub me: Option<MemberDto>,
    pub permissions: PermissionsDto,
    pub can_manage_members: bool,
    pub can_freeze: bool,
    /// The relay this workshop syncs with, if one is known.
    pub relay: Option<String>,
}

/// The members panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Members")]
pub struct MembersDto {
    pub members: Vec<MemberDto>,
    pub can_manage: bool,
    /// This device's member id.
    pub me: Option<String>,
}

/// A member to add.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(rename = "NewMember")]
pub struct NewMemberDto {
    pub name: String,
    #[serde(default)]
    pub delegation: String,
    pub role: RoleDto,
    pub group: GroupDto,
}

/// What the About dialog shows: the app's version (Tauri's package version, which is the
/// workspace's Cargo version: tauri.conf.json sets none), its licence and this run's data directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "About")]
pub struct AboutDto {
    pub version: String,
    pub licence: String,
    /// None when no data directory could be found (the window shows that error).
    pub data_dir: Option<String>,
}

/// The window's language: "en", "fr" or "es"; the system's (from LC_ALL, LC_MESSAGES or LANG); and
/// whether the user picked it on this device (else it follows the system's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Locale")]
pub struct LocaleDto {
    pub locale: String,
    pub system: String,
    pub chosen: bool,
}

/// An invitation link the app was handed (`caucus://join?token=…`): its token, to fill in Join,
/// or why it is not an invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "JoinLink")]
pub struct JoinLinkDto {
    pub token: Option<String>,
    pub error: Option<ErrorDto>,
}

/// A signed invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Invitation")]
pub struct InvitationDto {
    pub token: String,
    /// The same invitation as a link (`caucus://join?token=…`), which opens the app at Join.
    pub link: String,
    pub member: String,
    pub role: RoleDto,
    /// Unix seconds.
    pub expires: i64,
    pub relay: Option<String>,
}

/// A comment on a selection: Yjs relative positions (v1 bytes) into the draft's body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(rename = "NewComment")]
pub struct NewCommentDto {
    /// `Y.encodeRelativePosition` of the selection's start and end, into `draft`'s body.
    pub anchor_start: Vec<u8>,
    pub anchor_end: Vec<u8>,
    /// What the webview saw selected (the core takes the quote from its own draft).
    #[serde(default)]
    pub quote: String,
    /// Id of the paragraph the selection starts in.
    #[serde(default)]
    pub para: String,
    pub body: String,
    /// `general` (also when absent), `technical` or `editorial`.
    #[serde(default)]
    #[ts(optional, type = "\"general\" | \"technical\" | \"editorial\"")]
    pub kind: Option<String>,
    /// The wording proposed, if any.
    #[serde(default)]
    #[ts(optional)]
    pub proposal: Option<ProposalDto>,
}

/// The wording a comment proposes: for the anchored words (`replace`), for their whole paragraph
/// (`paragraph`) or as a new paragraph after it (`insert-after`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(rename = "NewProposal")]
pub struct ProposalDto {
    #[ts(type = "\"replace\" | \"paragraph\" | \"insert-after\"")]
    pub kind: String,
    pub text: String,
}

// ---- stages ----------------------------------------------------------------------------------------

/// One change of the workshop's stage (the roster's records, oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "StageRecord")]
pub struct StageRecordDto {
    #[ts(type = "StageName")]
    pub stage: String,
    /// `YYYY-MM-DD`, for a comment round.
    pub deadline: Option<String>,
    /// RFC 3339.
    pub created: String,
}

/// The workshop's stage and what this device's member may do in it (`caucus::policy::stage`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Stage")]
pub struct StageDto {
    #[ts(type = "StageName")]
    pub stage: String,
    /// `YYYY-MM-DD`: the comment round's deadline.
    pub deadline: Option<String>,
    /// Whole days from today to the deadline (0 on the day, negative once passed).
    pub days_left: Option<i64>,
    /// Who set it (`Name (Delegation)`, else the member id) and when; none while never set.
    pub set_by: Option<String>,
    pub set_at: Option<String>,
    /// Every stage change, oldest first (a comment dated after its round's deadline is late).
    pub history: Vec<StageRecordDto>,
    /// This device may set the stage (the chair, the Secretariat).
    pub can_set: bool,
    /// This device may write the draft in this stage.
    pub can_write_draft: bool,
    /// This device may start a thread (and propose wording) in this stage.
    pub can_comment: bool,
    /// This device may reply in this stage.
    pub can_reply: bool,
    /// This device may support another delegation's thread in this stage.
    pub can_support: bool,
    /// This device may record outcomes in this stage.
    pub can_record_outcome: bool,
    /// This device may apply proposals to the draft in this stage.
    pub can_apply: bool,
}

/// What applying a thread's proposal would do, against the draft as it is now
/// (`caucus::workshop::ProposalTarget`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ProposalTarget")]
pub struct ProposalTargetDto {
    pub thread: String,
    #[ts(type = "\"replace\" | \"paragraph\" | \"insert-after\"")]
    pub kind: String,
    /// The anchored words (`replace`) or the whole paragraph (`paragraph`) as they are now; empty
    /// for `insert-after`.
    pub current: String,
    /// The words it was made against (the thread's quote).
    pub original: String,
    pub proposed: String,
    /// The words it was made against have changed since: applying needs the chair's confirmation.
    pub stale: bool,
    /// The draft reads as proposed already.
    pub done: bool,
    /// An application is recorded on the thread.
    pub applied: bool,
}

// ---- sync ------------------------------------------------------------------------------------------

/// The Yjs documents the webview holds (the roster is read through commands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "CollabDoc")]
pub enum CollabDocDto {
    Draft,
    Notes,
}

impl CollabDocDto {
    pub fn as_str(self) -> &'static str {
        match self {
            CollabDocDto::Draft => "draft",
            CollabDocDto::Notes => "notes",
        }
    }
}

/// A relay this workshop syncs with, or one found on the local network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Peer")]
pub struct PeerDto {
    /// Relay URL, or a LAN peer's address.
    pub address: String,
    #[ts(type = "\"relay\" | \"lan\"")]
    pub kind: &'static str,
    pub connected: bool,
    /// RFC 3339 of the last moment both sides had everything.
    pub last_synced: Option<String>,
}

/// The sync status the window always shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SyncStatus")]
pub struct SyncStatusDto {
    /// Increases with every status computed: a status with a lower number than one already
    /// shown is older (a command's answer can arrive after a newer pushed status).
    pub seq: u64,
    /// `local`: no relay configured; `offline`: one is, but not connected (or work offline chosen).
    #[ts(type = "\"local\" | \"offline\" | \"connecting\" | \"synced\"")]
    pub state: &'static str,
    pub relay: Option<String>,
    /// Local changes no peer has acknowledged yet.
    pub unacknowledged: u64,
    /// Error code of the last failed connection.
    pub last_error: Option<String>,
    /// The person chose to work offline (no connection attempts).
    pub offline_chosen: bool,
    pub peers: Vec<PeerDto>,
}

/// This device's relay for peers on the local network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "LanHost")]
pub struct LanHostDto {
    pub hosting: bool,
    /// `wss://<LAN address>:<port>` while hosting.
    pub url: Option<String>,
    /// SHA-256 of its certificate (invitations pin it).
    pub fingerprint: Option<String>,
}

// ---- ui/src/ipc/types.ts ----------------------------------------------------------------------------

/// The command that rewrites `ui/src/ipc/types.ts` from these types.
#[cfg(test)]
pub const REGENERATE: &str = "CAUCUS_WRITE_IPC_TYPES=1 cargo test -p caucus-app --locked ipc_types";

/// `ui/src/ipc/types.ts`: every type above, as `ts-rs` declares it.
#[cfg(test)]
pub fn typescript() -> String {
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        decl::<ParaKindDto>(&cfg),
        decl::<DraftKindDto>(&cfg),
        decl::<BracketStatusDto>(&cfg),
        decl::<MarksDto>(&cfg),
        decl::<SpanDto>(&cfg),
        decl::<NumberedParagraphDto>(&cfg),
        decl::<DraftMetaDto>(&cfg),
        decl::<BracketInfoDto>(&cfg),
        decl::<DraftViewDto>(&cfg),
        decl::<ErrorDto>(&cfg),
        decl::<MilestoneDto>(&cfg),
        decl::<MilestonesDto>(&cfg),
        decl::<ParaStatusDto>(&cfg),
        decl::<StatusCountsDto>(&cfg),
        decl::<ParagraphStatusDto>(&cfg),
        decl::<OpenBracketDto>(&cfg),
        decl::<PackageStatusDto>(&cfg),
        decl::<BracketHolderDto>(&cfg),
        decl::<UndisposedDto>(&cfg),
        decl::<SinceMilestoneDto>(&cfg),
        decl::<StatusDto>(&cfg),
        decl::<LogLineDto>(&cfg),
        decl::<LogArgsDto>(&cfg),
        decl::<RestoreReportDto>(&cfg),
        decl::<RevertReportDto>(&cfg),
        decl::<SeenParagraphDto>(&cfg),
        decl::<SeenThreadDto>(&cfg),
        decl::<SinceSeenDto>(&cfg),
        decl::<SeenPartDto>(&cfg),
        decl::<ChangeKindDto>(&cfg),
        decl::<ChangeDto>(&cfg),
        decl::<RunDto>(&cfg),
        decl::<BlockDto>(&cfg),
        decl::<RevisionBaseDto>(&cfg),
        decl::<ReplyDto>(&cfg),
        decl::<CommentDto>(&cfg),
        decl::<CompareDocumentDto>(&cfg),
        decl::<ExportFormatDto>(&cfg),
        decl::<RevisionMarksDto>(&cfg),
        decl::<ExportRequestDto>(&cfg),
        decl::<ExportedDto>(&cfg),
        decl::<TableFormatDto>(&cfg),
        decl::<CommentTableRequestDto>(&cfg),
        decl::<TableExportedDto>(&cfg),
        decl::<UnanchoredRowDto>(&cfg),
        decl::<TableImportReportDto>(&cfg),
        // `word`
        decl::<WordProposalDto>(&cfg),
        decl::<UnmatchedParagraphDto>(&cfg),
        decl::<WordImportReportDto>(&cfg),
        decl::<PendingFileDto>(&cfg),
        decl::<RoleDto>(&cfg),
        decl::<GroupDto>(&cfg),
        decl::<AccessDto>(&cfg),
        decl::<CollabDocDto>(&cfg),
        decl::<PermissionsDto>(&cfg),
        decl::<WorkshopSummaryDto>(&cfg),
        decl::<MemberDto>(&cfg),
        decl::<WorkshopInfoDto>(&cfg),
        decl::<MembersDto>(&cfg),
        decl::<NewMemberDto>(&cfg),
        decl::<InvitationDto>(&cfg),
        decl::<AboutDto>(&cfg),
        decl::<LocaleDto>(&cfg),
        decl::<JoinLinkDto>(&cfg),
        decl::<PeerDto>(&cfg),
        decl::<SyncStatusDto>(&cfg),
        decl::<ProposalDto>(&cfg),
        decl::<NewCommentDto>(&cfg),
        stage_name(),
        decl::<StageRecordDto>(&cfg),
        decl::<StageDto>(&cfg),
        decl::<ProposalTargetDto>(&cfg),
        decl::<LanHostDto>(&cfg),
    ];
    let decls = decls.into_iter().chain(crate::versions::typescript_decls(&cfg));
    let mut out = format!(
        "// Generated from src-tauri/src/dto.rs by ts-rs: do not edit. Regenerate with\n// `cd src-tauri && {REGENERATE}`.\n"
    );
    for d in decls {
        out.push('\n');
        out.push_str(&d);
    }
    out
}

/// The stages' names (`caucus::model::roster::Stage`).
#[cfg(test)]
fn stage_name() -> String {
    "/** A workshop's stage (issue #11 §1). */\nexport type StageName = \"drafting\" | \"comment-round\" | \"revision\" | \"closed\";\n".to_string()
}

#[cfg(test)]
fn decl<T: TS>(cfg: &ts_rs::Config) -> String {
    let docs = T::docs().unwrap_or_default();
    format!("{docs}export {}\n", T::decl(cfg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_crosses_to_the_ui_as_code_and_message() {
        let dto = ErrorDto { code: "workshop.not_found", message: "no workshop `x`".into() };
        assert_eq!(
            serde_json::to_value(&dto).expect("serialise"),
            serde_json::json!({ "code": "workshop.not_found", "message": "no workshop `x`" })
        );
    }

    /// ui/src/ipc/types.ts is generated from these (see `ipc_types_are_generated_from_the_dtos`).
    #[test]
    fn milestones_and_exports_have_the_shape_the_ui_reads() {
        let list = MilestonesDto {
            milestones: vec![MilestoneDto {
                name: "Report to SC70".into(),
                created: "2026-11-27T10:00:00Z".into(),
                created_by: "m-1".into(),
                created_by_name: Some("Chair (Dunmere)".into()),
            }],
            can_create: true,
        };
        assert_eq!(
            serde_json::to_value(&list).expect("serialise"),
            serde_json::json!({
                "milestones": [{ "name": "Report to SC70", "created": "2026-11-27T10:00:00Z",
                                 "created_by": "m-1", "created_by_name": "Chair (Dunmere)" }],
                "can_create": true
            })
        );
        let exported = ExportedDto { path: "/x/a.docx".into(), file_name: "a.docx".into(), bytes: 3, format: ExportFormatDto::Docx };
        assert_eq!(
            serde_json::to_value(&exported).expect("serialise"),
            serde_json::json!({ "path": "/x/a.docx", "file_name": "a.docx", "bytes": 3, "format": "docx" })
        );
    }

    /// The committed `ui/src/ipc/types.ts` is what `typescript()` generates now: a DTO changed
    /// without regenerating it fails here. With `CAUCUS_WRITE_IPC_TYPES=1` it is rewritten.
    #[test]
    fn ipc_types_are_generated_from_the_dtos() {
        let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/ipc/types.ts");
        let generated = typescript();
        if std::env::var_os("CAUCUS_WRITE_IPC_TYPES").is_some() {
            std::fs::write(&committed, &generated).expect("write ui/src/ipc/types.ts");
        }
        let scratch = tempfile::tempdir().expect("temp dir");
        let fresh = scratch.path().join("types.ts");
        std::fs::write(&fresh, &generated).expect("write the bindings to a temporary file");
        let fresh = std::fs::read_to_string(&fresh).expect("read them back");
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            current == fresh,
            "ui/src/ipc/types.ts is not what the DTOs of src-tauri/src/dto.rs generate; regenerate it with `cd src-tauri && {REGENERATE}` and commit it"
        );
    }
}
