// Generated from src-tauri/src/dto.rs by ts-rs: do not edit. Regenerate with
// `cd src-tauri && CAUCUS_WRITE_IPC_TYPES=1 cargo test -p caucus-app --locked ipc_types`.

/**
 * A paragraph's kind.
 */
export type ParaKind = "title" | "heading" | "text" | "preamble" | "operative" | "item" | "decision";

/**
 * A resolution, or a set of decisions.
 */
export type DraftKind = "resolution" | "decisions";

/**
 * Status of a square-bracketed passage.
 */
export type BracketStatus = "open" | "agreed-ad-ref" | "agreed" | "withdrawn";

/**
 * Inline marks; a flag is sent only when set, a bracket only when there is one.
 */
export type Marks = { em?: boolean, strong?: boolean, underline?: boolean, 
/**
 * Id of the bracket in `DraftView.brackets`.
 */
bracket?: string, };

/**
 * A run of text with one set of marks (`marks` omitted when plain).
 */
export type Span = { text: string, marks?: Marks, };

/**
 * A paragraph of the draft with its computed number.
 */
export type NumberedParagraph = { spans: Array<Span>, 
/**
 * Computed number: `1.`, `a)`, `ii)`, `17.A`; null for unnumbered kinds (for a deleted
 * paragraph, the one it had).
 */
number: string | null, id: string, 
/**
 * Kind and level (0..=2) set the paragraph's numbering; `label` is a decision's (`17.A`).
 */
kind: ParaKind, level: number, label: string | null, };

/**
 * The draft's metadata.
 */
export type DraftMeta = { title: string, symbol: string, meeting: string, kind: DraftKind, language: string, };

/**
 * One bracket: its status and the delegations holding it.
 */
export type BracketInfo = { status: BracketStatus, holders: Array<string>, 
/**
 * The package it belongs to (issue #14 §3).
 */
package?: string, 
/**
 * The bracket it is an alternative of (issue #14 §3).
 */
alternative_of?: string, };

/**
 * The draft as a reader sees it, with computed numbering.
 */
export type DraftView = { paragraphs: Array<NumberedParagraph>, meta: DraftMeta, 
/**
 * Bracket id → its status and holders.
 */
brackets: Record<string, BracketInfo>, };

/**
 * An error as it crosses from the shell: the UI switches on `code`, never on `message`.
 */
export type IpcErrorBody = { code: string, message: string, };

/**
 * A milestone as the panel lists it.
 */
export type Milestone = { name: string, 
/**
 * RFC 3339, UTC.
 */
created: string, 
/**
 * Member id of whoever froze it (empty when unknown).
 */
created_by: string, 
/**
 * `Name (Delegation)` of that member, when the roster knows them.
 */
created_by_name: string | null, };

/**
 * The milestones panel: every milestone (oldest first) and whether this device may freeze one.
 */
export type MilestoneList = { 
/**
 * Oldest first.
 */
milestones: Array<Milestone>, 
/**
 * This device's role may freeze a milestone (`caucus::policy`: the chair or the Secretariat).
 */
can_create: boolean, };

/**
 * A paragraph's standing, computed from its brackets and threads: `open` while a bracket in it
 * is open or a thread on it awaits an outcome, else `agreed-ad-ref` while a bracket is agreed ad
 * referendum, else `agreed`.
 */
export type ParaStatus = "agreed" | "agreed-ad-ref" | "open";

/**
 * How many paragraphs under negotiation stand where.
 */
export type StatusCounts = { agreed: number, agreed_ad_ref: number, open: number, total: number, };

/**
 * One paragraph under negotiation and what keeps it open.
 */
export type ParagraphStatus = { 
/**
 * Position in the draft (0-based).
 */
position: number, id: string, 
/**
 * How a reader cites it (`PP2`, `1 b)`, `17.C`).
 */
citation: string, kind: ParaKind, status: ParaStatus, open_brackets: number, ad_ref_brackets: number, 
/**
 * Threads on it that await an outcome.
 */
open_threads: number, };

/**
 * A bracket not yet agreed (open or agreed ad ref.), where it stands and who holds it.
 */
export type OpenBracket = { id: string, 
/**
 * Position of its paragraph in the draft (0-based).
 */
position: number, citation: string, 
/**
 * The bracketed words.
 */
text: string, status: BracketStatus, holders: Array<string>, 
/**
 * The package it belongs to.
 */
package?: string, 
/**
 * Agreed, but its package is not yet all agreed: it counts as open until it is.
 */
pending: boolean, 
/**
 * The bracket it is an alternative of.
 */
alternative_of?: string, };

/**
 * A package of brackets: agreed only when every bracket of it is.
 */
export type BracketPackage = { name: string, brackets: number, agreed: number, complete: boolean, };

/**
 * One delegation and the open brackets it holds ("which delegations hold what").
 */
export type BracketHolder = { delegation: string, 
/**
 * Ids of the open brackets it holds, in draft order (see `NegotiationStatus.open_brackets`).
 */
brackets: Array<string>, };

/**
 * The comments of one delegation that await an outcome, by type.
 */
export type Undisposed = { delegation: string, general: number, technical: number, editorial: number, total: number, };

/**
 * What changed since the last milestone, by paragraph.
 */
export type SinceMilestone = { milestone: string, inserted: number, deleted: number, moved: number, 
/**
 * Paragraphs kept whose words changed.
 */
edited: number, 
/**
 * The delegations that made the changes, where known.
 */
by: Array<string>, };

/**
 * Where the negotiation stands (`caucus::workshop::status::Status`; `caucus status --json`).
 */
export type NegotiationStatus = { title: string, stage: StageName, counts: StatusCounts, 
/**
 * The paragraphs under negotiation, in draft order.
 */
paragraphs: Array<ParagraphStatus>, 
/**
 * Every bracket not yet agreed (an agreed one of an incomplete package: pending), in draft order.
 */
open_brackets: Array<OpenBracket>, 
/**
 * The packages of brackets, by name.
 */
packages: Array<BracketPackage>, 
/**
 * The delegations holding open brackets, by name.
 */
holders: Array<BracketHolder>, 
/**
 * Comments awaiting an outcome, by delegation (most first).
 */
undisposed: Array<Undisposed>, 
/**
 * Null when the workshop has no milestone (or this device lacks the text to compare).
 */
since: SinceMilestone | null, };

/**
 * One line of the workshop's log (`caucus log`): who, when, what (`kind` and its parts in
 * `args`, which the window writes as a sentence in its own language; `what` is the English one).
 */
export type LogLine = { id: string, 
/**
 * RFC 3339.
 */
at: string, by: string, by_name: string, 
/**
 * `bracket-status`, `bracket-package`, `bracket-choose`, `paragraph-agreed`, `restore`, `revert`, `renumber`, `outcome`, `stage`, `milestone`.
 */
kind: string, args: LogArgs, what: string, };

/**
 * A log line's parts as plain values (`caucus::workshop::log::LogArgs`): names, citations, a
 * count, and codes the window translates (a bracket status, an outcome, a stage); no English.
 */
export type LogArgs = { 
/**
 * `paragraph` (cited as `paragraph`), `draft` (in an unnumbered paragraph), `gone`.
 */
place?: string, paragraph?: string, bracket?: string, words?: string, 
/**
 * `open`, `agreed-ad-ref`, `agreed`, `withdrawn`.
 */
status?: string, package?: string, agreed?: boolean, milestone?: string, delegation?: string, count?: number, thread?: string, 
/**
 * `accepted`, `accepted-modified`, `rejected`, `noted`.
 */
outcome?: string, 
/**
 * `drafting`, `comment-round`, `revision`, `closed`.
 */
stage?: string, 
/**
 * A date (`2026-12-31`).
 */
deadline?: string, };

/**
 * What a restore from a milestone changed.
 */
export type RestoreReport = { milestone: string, brought_back: number, removed: number, changed: number, };

/**
 * What undoing one delegation's changes since a milestone did.
 */
export type RevertReport = { milestone: string, delegation: string, removed: number, brought_back: number, changed: number, };

/**
 * A paragraph others changed since the member last looked.
 */
export type SeenParagraph = { para_id: string, number: string | null, 
/**
 * How a reader cites it (`PP2`, `1 b) ii)`; empty for the title and a deleted paragraph).
 */
citation: string, 
/**
 * No longer in the draft.
 */
deleted: boolean, 
/**
 * The delegations that changed it.
 */
delegations: Array<string>, };

/**
 * A thread with what is new in it.
 */
export type SeenThread = { thread_id: string, para_id: string, 
/**
 * How a reader cites its paragraph (empty: none).
 */
citation: string, 
/**
 * Another member started it since.
 */
new_thread: boolean, 
/**
 * The replies others wrote since.
 */
replies: Array<string>, delegations: Array<string>, };

/**
 * What others changed since this device's member last looked (`caucus::workshop::SinceSeen`).
 */
export type SinceSeen = { 
/**
 * Nothing was remembered on this device: the workshop as it is now is recorded as seen.
 */
first_look: boolean, 
/**
 * When the member last marked the draft as seen (RFC 3339).
 */
draft_seen: string, 
/**
 * Changed paragraphs, new threads and new replies.
 */
count: number, 
/**
 * Paragraphs others changed since, in draft order.
 */
paragraphs: Array<SeenParagraph>, 
/**
 * Threads others started, or replied to, since.
 */
threads: Array<SeenThread>, };

/**
 * What `mark_seen` records as seen: everything, the draft, the notes, or one thread (`thread`).
 */
export type SeenPart = "all" | "draft" | "notes" | "thread";

export type ChangeKind = "inserted" | "deleted";

/**
 * A revision mark: who (the delegation, where known) changed what, and when.
 */
export type Change = { kind: ChangeKind, author: string | null, 
/**
 * RFC 3339.
 */
date: string, 
/**
 * Part of a paragraph move: deleted at the old place, inserted at the new.
 */
moved: boolean, };

export type Run = { text: string, marks: Marks, change: Change | null, 
/**
 * Ids of comments in `CompareDocument.comments` anchored on this run.
 */
comments: Array<string>, };

/**
 * A paragraph of the compared draft.
 */
export type Block = { 
/**
 * Set when the whole paragraph was inserted or deleted (or moved).
 */
change: Change | null, runs: Array<Run>, 
/**
 * Computed number: `1.`, `a)`, `ii)`, `17.A`; null for unnumbered kinds (for a deleted
 * paragraph, the one it had).
 */
number: string | null, id: string, 
/**
 * Kind and level (0..=2) set the paragraph's numbering; `label` is a decision's (`17.A`).
 */
kind: ParaKind, level: number, label: string | null, };

export type RevisionBase = { 
/**
 * Milestone name.
 */
since: string, since_date: string, 
/**
 * Date the marks carry (the later milestone's, or now).
 */
date: string, };

export type CommentReply = { author: string, initials: string, date: string, body: string, };

/**
 * A comment thread shown with the draft.
 */
export type CompareComment = { id: string, 
/**
 * `Name (Delegation)`, its initials (for Word) and when it was written (RFC 3339).
 */
author: string, initials: string, date: string, body: string, 
/**
 * The words it is anchored on.
 */
quote: string, replies: Array<CommentReply>, 
/**
 * Its words were deleted: shown with the quote, not anchored.
 */
orphaned: boolean, };

/**
 * The draft with the changes since a milestone.
 */
export type CompareDocument = { blocks: Array<Block>, 
/**
 * The open threads, when asked for (`Run::comments` names them).
 */
comments: Array<CompareComment>, revisions: RevisionBase | null, meta: DraftMeta, 
/**
 * Bracket id → its status and holders.
 */
brackets: Record<string, BracketInfo>, };

/**
 * An export format.
 */
export type ExportFormat = "md" | "html" | "docx" | "pdf" | "akn";

/**
 * How DOCX shows revisions.
 */
export type RevisionMarks = "tracked" | "visual";

/**
 * What the export dialog asks for. Format and marks arrive as text and are validated by the
 * session, so that a bad value comes back as `{code, message}`.
 */
export type ExportRequest = { 
/**
 * `md`, `html`, `docx`, `pdf` or `akn`.
 */
format: ExportFormat, 
/**
 * Milestone whose changes to show; null (or empty) for a clean text.
 */
since: string | null, 
/**
 * DOCX only: real tracked changes, or underline and strike-through (`tracked` or `visual`).
 */
marks: RevisionMarks, 
/**
 * Include the open comment threads.
 */
comments: boolean, };

/**
 * A written export.
 */
export type Exported = { 
/**
 * Full path of the file (lossy UTF-8).
 */
path: string, file_name: string, 
/**
 * Size of the file in bytes.
 */
bytes: number, format: ExportFormat, };

/**
 * A format of the comment table (`caucus::export::comment_table::TableFormat`).
 */
export type TableFormat = "docx" | "xlsx" | "csv";

/**
 * What the export dialog asks for when it exports the comment table. Values arrive as text
 * and are validated by the session, so that a bad one comes back as `{code, message}`.
 */
export type CommentTableRequest = { 
/**
 * `docx`, `xlsx` or `csv`.
 */
format: TableFormat, 
/**
 * Only threads with no outcome yet and not resolved.
 */
open_only: boolean, 
/**
 * Only this delegation's threads (null or empty: every delegation).
 */
delegation: string | null, 
/**
 * Only threads of this type (null or empty: every type).
 */
kind: "general" | "technical" | "editorial" | null, };

/**
 * A written comment table.
 */
export type TableExported = { 
/**
 * Full path of the file (lossy UTF-8).
 */
path: string, file_name: string, 
/**
 * Size of the file in bytes.
 */
bytes: number, format: TableFormat, 
/**
 * Threads listed (one row each).
 */
rows: number, };

/**
 * A row of an imported table that cites no paragraph of the draft: imported as a thread on no
 * paragraph.
 */
export type UnanchoredRow = { 
/**
 * The row in the file (1-based, the heading row counted).
 */
source_row: number, 
/**
 * The paragraph cell as written.
 */
paragraph: string, why: string, 
/**
 * The thread it became.
 */
thread: string, };

/**
 * What importing a comment table did (`caucus::workshop::ImportReport`).
 */
export type TableImportReport = { 
/**
 * The file's name as the person chose it.
 */
file_name: string, format: TableFormat, 
/**
 * The headings were read from the DOCX page header (the ISO template).
 */
headings_in_page_header: boolean, 
/**
 * The headings matched, as written.
 */
columns: Array<string>, 
/**
 * Rows imported (one thread each).
 */
rows: number, 
/**
 * Rows on a paragraph of the draft.
 */
anchored: number, 
/**
 * Rows on no paragraph, each with why.
 */
unanchored: Array<UnanchoredRow>, 
/**
 * Outcomes recorded from the outcome column (the chair and the Secretariat only).
 */
outcomes: number, 
/**
 * Supports recorded from the party column (the chair and the Secretariat only).
 */
supports: number, 
/**
 * Rows with no text in any cell, not imported.
 */
blank_rows: number, 
/**
 * Tables or sheets with text but no comment table's headings, not read.
 */
tables_without_headings: number, 
/**
 * The new threads' ids, in the table's order.
 */
threads: Array<string>, 
/**
 * The member the rows are recorded as.
 */
author: string, 
/**
 * The member who recorded them on the author's behalf, if someone else.
 */
recorded_by: string | null, };

/**
 * A changed paragraph of the Word file that became a proposal (`caucus::workshop::WordProposal`).
 */
export type WordProposal = { thread: string, 
/**
 * The paragraph of the Word file (1-based).
 */
word_paragraph: number, 
/**
 * The draft's paragraph (0-based) it proposes to rewrite.
 */
position: number, 
/**
 * `text` (its text before the changes is the paragraph's) or `position` (its place).
 */
matched_by: string, word_authors: Array<string>, };

/**
 * A changed paragraph of the Word file that matched no paragraph of the draft: not imported.
 */
export type UnmatchedParagraph = { word_paragraph: number, why: string, };

/**
 * What importing a returned Word draft did (`caucus::workshop::WordImportReport`).
 */
export type WordImportReport = { 
/**
 * The file's name as the person chose it.
 */
file_name: string, 
/**
 * Paragraphs whose tracked changes change their text.
 */
changed_paragraphs: number, proposals: Array<WordProposal>, unmatched: Array<UnmatchedParagraph>, 
/**
 * The Word authors of the tracked changes.
 */
word_authors: Array<string>, 
/**
 * The member the proposals are recorded as.
 */
author: string, 
/**
 * The member who recorded them on the author's behalf, if someone else.
 */
recorded_by: string | null, };

/**
 * A file dropped on the window or picked in the Open dialog (`files::Drops`): the window imports
 * it by `id` (as a draft, or as a comment table); its path stays in the shell.
 */
export type PendingFile = { id: number, file_name: string, 
/**
 * More than one file was dropped: only this first one is imported.
 */
more: boolean, };

/**
 * What a member may do (DESIGN §4).
 */
export type Role = "chair" | "secretariat" | "delegate" | "observer" | "translator";

/**
 * The constituency a member speaks for (Decision 17.C).
 */
export type Group = "producer-country" | "consumer-country" | "internet-company-country" | "ngo" | "lawyer" | "expert" | "secretariat";

/**
 * What this device may do with one of the workshop's documents (enforced in Rust).
 */
export type Access = "none" | "read" | "write";

/**
 * The Yjs documents the webview holds (the roster is read through commands).
 */
export type CollabDoc = "draft" | "notes";

/**
 * This device's access to each document.
 */
export type Permissions = { draft: Access, notes: Access, roster: Access, 
/**
 * The draft's French and Spanish versions (issue #15 §2).
 */
versions: Access, };

/**
 * One line of the workshops list.
 */
export type WorkshopSummary = { id: string, title: string, symbol: string, meeting: string, 
/**
 * This device's role in it, if it has an identity there.
 */
role: Role | null, 
/**
 * The one open in this window.
 */
open: boolean, };

/**
 * A member of the workshop.
 */
export type Member = { id: string, name: string, delegation: string, role: Role, group: Group, 
/**
 * RFC 3339.
 */
added: string, 
/**
 * RFC 3339; removed members stay listed so that history keeps their names.
 */
removed: string | null, 
/**
 * `Name (Delegation)`.
 */
full_name: string, };

/**
 * The workshop open in the window and what this device may do in it.
 */
export type WorkshopInfo = { id: string, title: string, symbol: string, meeting: string, 
/**
 * This device's member, if it has an identity in the workshop.
 */
me: Member | null, permissions: Permissions, can_manage_members: boolean, can_freeze: boolean, 
/**
 * The relay this workshop syncs with, if one is known.
 */
relay: string | null, };

/**
 * The members panel.
 */
export type Members = { members: Array<Member>, can_manage: boolean, 
/**
 * This device's member id.
 */
me: string | null, };

/**
 * A member to add.
 */
export type NewMember = { name: string, delegation: string, role: Role, group: Group, };

/**
 * A signed invitation.
 */
export type Invitation = { token: string, 
/**
 * The same invitation as a link (`caucus://join?token=…`), which opens the app at Join.
 */
link: string, member: string, role: Role, 
/**
 * Unix seconds.
 */
expires: number, relay: string | null, };

/**
 * What the About dialog shows: the app's version (Tauri's package version, which is the
 * workspace's Cargo version: tauri.conf.json sets none), its licence and this run's data directory.
 */
export type About = { version: string, licence: string, 
/**
 * None when no data directory could be found (the window shows that error).
 */
data_dir: string | null, };

/**
 * The window's language: "en", "fr" or "es"; the system's (from LC_ALL, LC_MESSAGES or LANG); and
 * whether the user picked it on this device (else it follows the system's).
 */
export type Locale = { locale: string, system: string, chosen: boolean, };

/**
 * An invitation link the app was handed (`caucus://join?token=…`): its token, to fill in Join,
 * or why it is not an invitation.
 */
export type JoinLink = { token: string | null, error: IpcErrorBody | null, };

/**
 * A relay this workshop syncs with, or one found on the local network.
 */
export type Peer = { 
/**
 * Relay URL, or a LAN peer's address.
 */
address: string, kind: "relay" | "lan", connected: boolean, 
/**
 * RFC 3339 of the last moment both sides had everything.
 */
last_synced: string | null, };

/**
 * The sync status the window always shows.
 */
export type SyncStatus = { 
/**
 * Increases with every status computed: a status with a lower number than one already
 * shown is older (a command's answer can arrive after a newer pushed status).
 */
seq: number, 
/**
 * `local`: no relay configured; `offline`: one is, but not connected (or work offline chosen).
 */
state: "local" | "offline" | "connecting" | "synced", relay: string | null, 
/**
 * Local changes no peer has acknowledged yet.
 */
unacknowledged: number, 
/**
 * Error code of the last failed connection.
 */
last_error: string | null, 
/**
 * The person chose to work offline (no connection attempts).
 */
offline_chosen: boolean, peers: Array<Peer>, };

/**
 * The wording a comment proposes: for the anchored words (`replace`), for their whole paragraph
 * (`paragraph`) or as a new paragraph after it (`insert-after`).
 */
export type NewProposal = { kind: "replace" | "paragraph" | "insert-after", text: string, };

/**
 * A comment on a selection: Yjs relative positions (v1 bytes) into the draft's body.
 */
export type NewComment = { 
/**
 * `Y.encodeRelativePosition` of the selection's start and end, into `draft`'s body.
 */
anchor_start: Array<number>, anchor_end: Array<number>, 
/**
 * What the webview saw selected (the core takes the quote from its own draft).
 */
quote: string, 
/**
 * Id of the paragraph the selection starts in.
 */
para: string, body: string, 
/**
 * `general` (also when absent), `technical` or `editorial`.
 */
kind?: "general" | "technical" | "editorial", 
/**
 * The wording proposed, if any.
 */
proposal?: NewProposal, };

/** A workshop's stage (issue #11 §1). */
export type StageName = "drafting" | "comment-round" | "revision" | "closed";

/**
 * One change of the workshop's stage (the roster's records, oldest first).
 */
export type StageRecord = { stage: StageName, 
/**
 * `YYYY-MM-DD`, for a comment round.
 */
deadline: string | null, 
/**
 * RFC 3339.
 */
created: string, };

/**
 * The workshop's stage and what this device's member may do in it (`caucus::policy::stage`).
 */
export type Stage = { stage: StageName, 
/**
 * `YYYY-MM-DD`: the comment round's deadline.
 */
deadline: string | null, 
/**
 * Whole days from today to the deadline (0 on the day, negative once passed).
 */
days_left: number | null, 
/**
 * Who set it (`Name (Delegation)`, else the member id) and when; none while never set.
 */
set_by: string | null, set_at: string | null, 
/**
 * Every stage change, oldest first (a comment dated after its round's deadline is late).
 */
history: Array<StageRecord>, 
/**
 * This device may set the stage (the chair, the Secretariat).
 */
can_set: boolean, 
/**
 * This device may write the draft in this stage.
 */
can_write_draft: boolean, 
/**
 * This device may start a thread (and propose wording) in this stage.
 */
can_comment: boolean, 
/**
 * This device may reply in this stage.
 */
can_reply: boolean, 
/**
 * This device may support another delegation's thread in this stage.
 */
can_support: boolean, 
/**
 * This device may record outcomes in this stage.
 */
can_record_outcome: boolean, 
/**
 * This device may apply proposals to the draft in this stage.
 */
can_apply: boolean, };

/**
 * What applying a thread's proposal would do, against the draft as it is now
 * (`caucus::workshop::ProposalTarget`).
 */
export type ProposalTarget = { thread: string, kind: "replace" | "paragraph" | "insert-after", 
/**
 * The anchored words (`replace`) or the whole paragraph (`paragraph`) as they are now; empty
 * for `insert-after`.
 */
current: string, 
/**
 * The words it was made against (the thread's quote).
 */
original: string, proposed: string, 
/**
 * The words it was made against have changed since: applying needs the chair's confirmation.
 */
stale: boolean, 
/**
 * The draft reads as proposed already.
 */
done: boolean, 
/**
 * An application is recorded on the thread.
 */
applied: boolean, };

/**
 * This device's relay for peers on the local network.
 */
export type LanHost = { hosting: boolean, 
/**
 * `wss://<LAN address>:<port>` while hosting.
 */
url: string | null, 
/**
 * SHA-256 of its certificate (invitations pin it).
 */
fingerprint: string | null, };

/**
 * A language version's language.
 */
export type VersionLang = "fr" | "es";

/**
 * Where a paragraph's translation stands.
 */
export type Alignment = "current" | "outdated" | "missing";

/**
 * One run of a word diff of the original since it was translated.
 */
export type WordChange = { 
/**
 * `equal`, `inserted` or `deleted`.
 */
kind: string, text: string, };

/**
 * One original paragraph beside its translation.
 */
export type VersionParagraph = { paragraph: string, number: string | null, kind: string, 
/**
 * The original's visible text now, `[` `]` around its brackets.
 */
original: string, status: Alignment, 
/**
 * The translation, `[` `]` around its brackets.
 */
text: string | null, by: string | null, at: string | null, 
/**
 * For an outdated paragraph: what changed in the original, word by word.
 */
changes: Array<WordChange>, brackets_changed: boolean, };

/**
 * One language version's counts.
 */
export type VersionSummary = { lang: VersionLang, current: number, outdated: number, missing: number, 
/**
 * Translations of paragraphs since deleted from the original (kept, never exported).
 */
orphans: number, };

/**
 * The versions the workshop holds, and what this device may do with them.
 */
export type Versions = { versions: Array<VersionSummary>, 
/**
 * This device's role writes the versions (a translator, the Secretariat, the chair).
 */
can_write: boolean, };

/**
 * One version, paragraph by paragraph beside the original.
 */
export type VersionView = { summary: VersionSummary, paragraphs: Array<VersionParagraph>, can_write: boolean, };
