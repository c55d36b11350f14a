// Names of every Yjs shared type, attribute and mark the webview touches (mirror of src/model/schema.rs).

/** The Yjs documents of a workshop held by the webview (each a sync room `<workshop-id>/<doc>`). */
export const DOC_DRAFT = "draft";
export const DOC_NOTES = "notes";

// --- draft -------------------------------------------------------------------------------
/** XmlFragment holding the flat list of `para` elements. */
export const BODY = "body";
/** Map: title, symbol, meeting, kind, language. */
export const META = "meta";
/** Map: bracket id → Y.Map { status, holders }. */
export const BRACKETS = "brackets";
/** Map: paragraph id → { status, proposers }. */
export const PARAGRAPHS = "paragraphs";

/** The only node type of the body; its text is one XmlText child. */
export const PARA = "para";
export const ATTR_ID = "id";
export const ATTR_KIND = "kind";
export const ATTR_LEVEL = "level";
export const ATTR_LABEL = "label";

export const MARK_EM = "em";
export const MARK_STRONG = "strong";
export const MARK_UNDERLINE = "underline";
export const MARK_BRACKET = "bracket";
/** Attribute of the `bracket` mark that names its entry in `brackets`. */
export const MARK_BRACKET_ID = "id";

export const META_TITLE = "title";
export const META_SYMBOL = "symbol";
export const META_MEETING = "meeting";
export const META_KIND = "kind";
export const META_LANGUAGE = "language";
/** Integer in `meta`: the draft layout version its content needs (1 when absent). */
export const META_SCHEMA_VERSION = "schemaVersion";
/** The draft layout this version of Caucus reads and writes (SCHEMA_VERSION in schema.rs). */
export const SCHEMA_VERSION = 1;

export const BRACKET_STATUS = "status";
export const BRACKET_HOLDERS = "holders";
/** String, optional: the package the bracket belongs to (issue #14 §3). */
export const BRACKET_PACKAGE = "package";
/** String, optional: the id of the bracket this one is an alternative of (`[establish][consider establishing]`). */
export const BRACKET_ALTERNATIVE_OF = "alternativeOf";

/** Map: record id → plain object { kind, by, at, … }: the draft's append-only log (issue #14 §4); a bracket's status is set together with its entry. */
export const LOG = "log";
export const LOG_KIND = "kind";
export const LOG_BY = "by";
export const LOG_AT = "at";
export const LOG_BRACKET = "bracket";
export const LOG_STATUS = "status";
export const LOG_PACKAGE = "package";
export const LOG_KIND_BRACKET_STATUS = "bracket-status";
export const LOG_KIND_BRACKET_PACKAGE = "bracket-package";

// --- notes -------------------------------------------------------------------------------
/** Map: thread id → Y.Map { anchorStart, anchorEnd, quote, para, author, body, created, resolved, replies, type?, proposal?, delegation? }. */
export const THREADS = "threads";
/** Map: Yjs client id (decimal) → member id (attribution, DESIGN §4). */
export const CLIENTS = "clients";

export const THREAD_ANCHOR_START = "anchorStart";
export const THREAD_ANCHOR_END = "anchorEnd";
export const THREAD_QUOTE = "quote";
export const THREAD_PARA = "para";
export const THREAD_AUTHOR = "author";
export const THREAD_BODY = "body";
export const THREAD_CREATED = "created";
export const THREAD_RESOLVED = "resolved";
/** Array of { id, author, body, created }. */
export const THREAD_REPLIES = "replies";
/** The chair or Secretariat member who recorded a thread or reply on its author's behalf. */
export const THREAD_RECORDED_BY = "recordedBy";
/** Map: record id → Y.Map { thread, reply?, kind: edit|delete, body?, created }: a comment's edits and deletions. */
export const EDITS = "edits";
export const EDIT_THREAD = "thread";
export const EDIT_REPLY = "reply";
export const EDIT_KIND = "kind";
export const EDIT_KIND_EDIT = "edit";
export const EDIT_BODY = "body";
export const EDIT_CREATED = "created";

export const REPLY_ID = "id";
export const REPLY_AUTHOR = "author";
export const REPLY_BODY = "body";
export const REPLY_CREATED = "created";

/** The comment's type: `general` (also when absent), `technical` or `editorial` (issue #11 §2). */
export const THREAD_TYPE = "type";
/** Map { kind: replace | paragraph | insert-after, text }: the wording proposed. Absent: no proposal. */
export const THREAD_PROPOSAL = "proposal";
export const PROPOSAL_KIND = "kind";
export const PROPOSAL_TEXT = "text";
/** The delegation the thread speaks for (absent: its author's, read from the roster). */
export const THREAD_DELEGATION = "delegation";

/**
 * Map: record id → Y.Map { thread, delegation, member, kind: support | withdraw, created, recordedBy? }:
 * the latest record per (thread, delegation) — by `created`, then record id — stands.
 */
export const SUPPORTS = "supports";
export const SUPPORT_THREAD = "thread";
export const SUPPORT_DELEGATION = "delegation";
export const SUPPORT_MEMBER = "member";
export const SUPPORT_KIND = "kind";
export const SUPPORT_KIND_SUPPORT = "support";
export const SUPPORT_KIND_WITHDRAW = "withdraw";
export const SUPPORT_CREATED = "created";

/**
 * Map: record id → Y.Map { thread, outcome, observation, by, created }: written by the chair or the
 * Secretariat only; a thread's outcome is its latest record (by `created`, then record id).
 */
export const OUTCOMES = "outcomes";
export const OUTCOME_THREAD = "thread";
export const OUTCOME_VALUE = "outcome";
export const OUTCOME_OBSERVATION = "observation";
export const OUTCOME_BY = "by";
export const OUTCOME_CREATED = "created";

/** Map: record id → Y.Map { thread, by, created }: a proposal applied to the draft; a thread's first record (by `created`, then record id) says when and by whom. */
export const APPLICATIONS = "applications";
export const APPLIED_THREAD = "thread";
export const APPLIED_BY = "by";
export const APPLIED_CREATED = "created";
