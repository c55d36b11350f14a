//! Names of every Yjs shared type, attribute and mark, in one place (mirrored by `ui/src/collab/schema.ts`).

/// The documents of a workshop (DESIGN §2): the three permission domains, and the draft's French
/// and Spanish versions (issue #15 §2: a translator's rights reach those only); each is a sync
/// room `<workshop-id>/<doc>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocName {
    Draft,
    Notes,
    Roster,
    /// The draft's French version, paragraph by paragraph (`model::version`).
    VersionFr,
    /// The draft's Spanish version.
    VersionEs,
}

impl DocName {
    pub const ALL: [DocName; 5] = [DocName::Draft, DocName::Notes, DocName::Roster, DocName::VersionFr, DocName::VersionEs];

    pub fn as_str(self) -> &'static str {
        match self {
            DocName::Draft => "draft",
            DocName::Notes => "notes",
            DocName::Roster => "roster",
            DocName::VersionFr => "version-fr",
            DocName::VersionEs => "version-es",
        }
    }

    /// The document holding the draft's version in `lang` (`None` for English, the original).
    pub fn version(lang: crate::cites::Lang) -> Option<DocName> {
        match lang {
            crate::cites::Lang::En => None,
            crate::cites::Lang::Fr => Some(DocName::VersionFr),
            crate::cites::Lang::Es => Some(DocName::VersionEs),
        }
    }

    /// The language of a version document.
    pub fn version_lang(self) -> Option<crate::cites::Lang> {
        match self {
            DocName::VersionFr => Some(crate::cites::Lang::Fr),
            DocName::VersionEs => Some(crate::cites::Lang::Es),
            _ => None,
        }
    }

    pub fn parse(s: &str) -> Option<DocName> {
        DocName::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

impl std::fmt::Display for DocName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

// --- a language version (issue #15 §2) ---------------------------------------------------------
/// Map of a version document: `lang` (its code), `addedBy`, `addedAt` — written once, by
/// `caucus lang add`.
pub const VERSION_META: &str = "meta";
pub const VERSION_LANG: &str = "lang";
pub const VERSION_ADDED_BY: &str = "addedBy";
pub const VERSION_ADDED_AT: &str = "addedAt";
/// The version's own header lines, which a translator may set and change: the meeting line and
/// the document symbol as the version prints them (absent: the original's).
pub const VERSION_MEETING: &str = "meeting";
pub const VERSION_SYMBOL: &str = "symbol";
/// Map of a version document: original paragraph id → Y.Map { text, source, sourceBrackets, by,
/// at } — the paragraph's translation, and the state of the original it translates.
pub const VERSION_PARAGRAPHS: &str = "paragraphs";
/// The translation, with `[` `]` around each bracketed passage, tied in order to the original
/// paragraph's brackets.
pub const VERSION_TEXT: &str = "text";
/// The original paragraph's text (with `[` `]`) when it was translated.
pub const VERSION_SOURCE: &str = "source";
/// The original paragraph's bracket statuses, in order, when it was translated (`agreed,open`).
pub const VERSION_SOURCE_BRACKETS: &str = "sourceBrackets";
pub const VERSION_BY: &str = "by";
pub const VERSION_AT: &str = "at";

// --- draft -------------------------------------------------------------------------------
/// XmlFragment holding the flat list of `para` elements.
pub const BODY: &str = "body";
/// Map: title, symbol, meeting, kind, language.
pub const META: &str = "meta";
/// Map: bracket id → { status, holders }.
pub const BRACKETS: &str = "brackets";
/// Map: paragraph id → { status, proposers }.
pub const PARAGRAPHS: &str = "paragraphs";
/// Map: paragraph id → Map { by, at } — the chair's (or the Secretariat's) mark that a paragraph
/// is agreed (issue #14 §1), written by the member named `by`; removed when withdrawn.
pub const AGREED: &str = "agreed";
pub const AGREED_BY: &str = "by";
pub const AGREED_AT: &str = "at";

/// The only node type of the body; its text is one XmlText child.
pub const PARA: &str = "para";
pub const ATTR_ID: &str = "id";
pub const ATTR_KIND: &str = "kind";
pub const ATTR_LEVEL: &str = "level";
pub const ATTR_LABEL: &str = "label";

pub const MARK_EM: &str = "em";
pub const MARK_STRONG: &str = "strong";
pub const MARK_UNDERLINE: &str = "underline";
pub const MARK_BRACKET: &str = "bracket";
/// Attribute of the `bracket` mark that names its entry in `brackets`.
pub const MARK_BRACKET_ID: &str = "id";

pub const META_TITLE: &str = "title";
pub const META_SYMBOL: &str = "symbol";
pub const META_MEETING: &str = "meeting";
pub const META_KIND: &str = "kind";
pub const META_LANGUAGE: &str = "language";
/// Integer: the version of this draft layout its content needs (1 when absent). A newer Caucus that
/// extends the layout (a node type, a mark, an attribute) raises it; an older one opens the draft
/// read-only rather than editing what it cannot read.
pub const META_SCHEMA_VERSION: &str = "schemaVersion";
/// The draft layout this version of Caucus reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

pub const BRACKET_STATUS: &str = "status";
pub const BRACKET_HOLDERS: &str = "holders";
/// String, optional: the package the bracket belongs to (issue #14 §3: nothing in a package is
/// agreed until all of it is).
pub const BRACKET_PACKAGE: &str = "package";
/// String, optional: the id of the bracket this one is an alternative of (issue #14 §3:
/// `[establish][consider establishing]`); the alternatives of a bracket are the brackets naming it.
pub const BRACKET_ALTERNATIVE_OF: &str = "alternativeOf";

/// Map: record id → plain object `{kind, by, at, …}`, the draft's append-only log (issue #14 §4):
/// every bracket status or package change and every agreed mark, written in the same transaction
/// as the change by the member named `by`, and restores of the text. Entries are never changed or
/// removed (every endpoint refuses it).
pub const LOG: &str = "log";
pub const LOG_KIND: &str = "kind";
pub const LOG_BY: &str = "by";
pub const LOG_AT: &str = "at";
pub const LOG_BRACKET: &str = "bracket";
pub const LOG_STATUS: &str = "status";
pub const LOG_PACKAGE: &str = "package";
pub const LOG_PARA: &str = "para";
pub const LOG_AGREED: &str = "agreed";
pub const LOG_MILESTONE: &str = "milestone";
pub const LOG_DELEGATION: &str = "delegation";
/// The log's kinds: a bracket's status, a bracket's package, a paragraph's agreed mark, a restore,
/// a delegation's changes reverted.
pub const LOG_KIND_BRACKET_STATUS: &str = "bracket-status";
pub const LOG_KIND_BRACKET_PACKAGE: &str = "bracket-package";
pub const LOG_KIND_PARAGRAPH_AGREED: &str = "paragraph-agreed";
pub const LOG_KIND_RESTORE: &str = "restore";
pub const LOG_KIND_REVERT: &str = "revert";
pub const LOG_KIND_BRACKET_CHOOSE: &str = "bracket-choose";
pub const LOG_KIND_RENUMBER: &str = "renumber";
pub const LOG_COUNT: &str = "count";

// --- notes -------------------------------------------------------------------------------
/// Map: thread id → Map { anchor_start, anchor_end, quote, para, author, body, created, resolved,
/// replies, type?, proposal?, delegation? }.
pub const THREADS: &str = "threads";
/// Map: Yjs client id (decimal) → member id (attribution, DESIGN §4).
pub const CLIENTS: &str = "clients";
/// Map: record id → Map { thread, reply?, kind: edit | delete, body?, created }: a body edited or
/// a thread or reply deleted by its writer, as a record of its own (attributable to the client
/// that created it) rather than an overwrite or a Yjs deletion.
pub const EDITS: &str = "edits";
pub const EDIT_THREAD: &str = "thread";
pub const EDIT_REPLY: &str = "reply";
pub const EDIT_KIND: &str = "kind";
pub const EDIT_KIND_EDIT: &str = "edit";
pub const EDIT_KIND_DELETE: &str = "delete";
pub const EDIT_BODY: &str = "body";
pub const EDIT_CREATED: &str = "created";

pub const THREAD_ANCHOR_START: &str = "anchorStart";
pub const THREAD_ANCHOR_END: &str = "anchorEnd";
pub const THREAD_QUOTE: &str = "quote";
pub const THREAD_PARA: &str = "para";
pub const THREAD_AUTHOR: &str = "author";
pub const THREAD_BODY: &str = "body";
pub const THREAD_CREATED: &str = "created";
pub const THREAD_RESOLVED: &str = "resolved";
/// On a thread or reply recorded on another member's behalf (a comment table received by e-mail):
/// the chair's or Secretariat member's id; `author` is the member it is recorded for.
pub const THREAD_RECORDED_BY: &str = "recordedBy";
/// Array of { id, author, body, created }.
pub const THREAD_REPLIES: &str = "replies";
/// The comment's type: `general` (also when absent), `technical` or `editorial` (issue #11 §2).
pub const THREAD_TYPE: &str = "type";
/// Map { kind: replace | paragraph | insert-after, text }: the wording proposed for the anchored
/// words, for the whole paragraph, or as a new paragraph after it. Absent: no proposal.
pub const THREAD_PROPOSAL: &str = "proposal";
pub const PROPOSAL_KIND: &str = "kind";
pub const PROPOSAL_TEXT: &str = "text";
/// The delegation the thread speaks for (absent: its author's, read from the roster).
pub const THREAD_DELEGATION: &str = "delegation";
/// Map: record id → Map { thread, delegation, member, kind: support | withdraw, created,
/// recordedBy? }: a delegation co-sponsoring a thread, or withdrawing its support; the latest
/// record per (thread, delegation) — by `created`, then record id — stands.
pub const SUPPORTS: &str = "supports";
pub const SUPPORT_THREAD: &str = "thread";
pub const SUPPORT_DELEGATION: &str = "delegation";
pub const SUPPORT_MEMBER: &str = "member";
pub const SUPPORT_KIND: &str = "kind";
pub const SUPPORT_KIND_SUPPORT: &str = "support";
pub const SUPPORT_KIND_WITHDRAW: &str = "withdraw";
pub const SUPPORT_CREATED: &str = "created";
/// Map: record id → Map { thread, outcome: accepted | accepted-modified | rejected | noted,
/// observation, by, created }: written by the chair or the Secretariat only; a thread's outcome is
/// its latest record (by `created`, then record id).
pub const OUTCOMES: &str = "outcomes";
pub const OUTCOME_THREAD: &str = "thread";
pub const OUTCOME_VALUE: &str = "outcome";
pub const OUTCOME_OBSERVATION: &str = "observation";
pub const OUTCOME_BY: &str = "by";
pub const OUTCOME_CREATED: &str = "created";
/// Map: record id → Map { thread, by, created } — a proposal applied to the draft by the chair or
/// the Secretariat (issue #11 §2); the thread's first record says when and by whom.
pub const APPLICATIONS: &str = "applications";
pub const APPLIED_THREAD: &str = "thread";
pub const APPLIED_BY: &str = "by";
pub const APPLIED_CREATED: &str = "created";
/// Map: record id → Map { member, ranges, created } — who deleted draft text (issue #11 §2: Yjs
/// does not record it): `ranges` is a v1 delete set (a Buffer) of the draft items `member`'s
/// device deleted in one write.
pub const DELETIONS: &str = "deletions";
pub const DELETION_MEMBER: &str = "member";
pub const DELETION_RANGES: &str = "ranges";
pub const DELETION_CREATED: &str = "created";

// --- roster ------------------------------------------------------------------------------
/// Map: member id → Map { name, delegation, role, group, added, removed? }.
pub const MEMBERS: &str = "members";
/// Map: member id → { at, by } — removals, checked by every endpoint.
pub const REVOCATIONS: &str = "revocations";
/// Map: `chairKey` (hex ed25519 public key of the chair), `id` (the workshop's id).
pub const WORKSHOP: &str = "workshop";
pub const ROSTER_WORKSHOP_ID: &str = "id";
pub const ROSTER_CHAIR_KEY: &str = "chairKey";
/// Map: record id → Map { stage, deadline?, by, created } — the workshop's stage changes (issue
/// #11 §1), each a record written once; the latest (by `created`, then record id) is in force.
pub const STAGES: &str = "stages";
pub const STAGE_VALUE: &str = "stage";
/// `YYYY-MM-DD`: the comment round's deadline (a comment dated after it is late).
pub const STAGE_DEADLINE: &str = "deadline";
pub const STAGE_BY: &str = "by";
pub const STAGE_CREATED: &str = "created";
/// Map: record id → Map { name, snapshot, by, created } — the workshop's milestones (issue #14
/// §2), each a record written once by the chair or the Secretariat. `snapshot` is a Buffer: the
/// draft's Yjs snapshot (v1: delete set, then state vector) when it was frozen; the draft keeps
/// its history, so every member rebuilds the milestone's text from it.
pub const MILESTONES: &str = "milestones";
pub const MILESTONE_NAME: &str = "name";
pub const MILESTONE_SNAPSHOT: &str = "snapshot";
pub const MILESTONE_BY: &str = "by";
pub const MILESTONE_CREATED: &str = "created";

pub const MEMBER_NAME: &str = "name";
pub const MEMBER_DELEGATION: &str = "delegation";
pub const MEMBER_ROLE: &str = "role";
pub const MEMBER_GROUP: &str = "group";
pub const MEMBER_ADDED: &str = "added";
pub const MEMBER_REMOVED: &str = "removed";
