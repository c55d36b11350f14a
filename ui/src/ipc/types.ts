// Transport types of the draft as the shell sends it: mirrors caucus::DraftView (src/model/types.rs).

export type ParaKind = "title" | "heading" | "text" | "preamble" | "operative" | "item" | "decision";
export type DraftKind = "resolution" | "decisions";
export type BracketStatus = "open" | "agreed-ad-ref" | "agreed" | "withdrawn";

/** Inline marks; the core omits false flags and an absent bracket, and omits `marks` when plain. */
export interface Marks {
  em?: boolean;
  strong?: boolean;
  underline?: boolean;
  /** Id of the bracket in `DraftView.brackets`. */
  bracket?: string;
}

export interface Span {
  text: string;
  marks?: Marks;
}

export interface NumberedParagraph {
  /** Computed number: `1.`, `a)`, `ii)`, `17.A`; null for unnumbered kinds. */
  number: string | null;
  id: string;
  kind: ParaKind;
  level: number;
  label: string | null;
  spans: Span[];
}

export interface DraftMeta {
  title: string;
  symbol: string;
  meeting: string;
  kind: DraftKind;
  language: string;
}

export interface BracketInfo {
  status: BracketStatus;
  holders: string[];
}

export interface DraftView {
  meta: DraftMeta;
  paragraphs: NumberedParagraph[];
  brackets: Record<string, BracketInfo>;
}

/** An error as it crosses from the shell: the UI switches on `code`, never on `message`. */
export interface IpcErrorBody {
  code: string;
  message: string;
}

// ---- milestones (src-tauri/src/dto.rs) --------------------------------------------------------

export interface Milestone {
  name: string;
  /** RFC 3339, UTC. */
  created: string;
  /** Member id of whoever froze it (empty when unknown). */
  created_by: string;
  /** `Name (Delegation)` of that member, when the roster knows them. */
  created_by_name: string | null;
}

export interface MilestoneList {
  /** Oldest first. */
  milestones: Milestone[];
  /** This device's member is the chair, who freezes milestones. */
  can_create: boolean;
}

// ---- the draft with revision marks: mirrors caucus::export::ir (src/export/ir.rs) ----------------

export type ChangeKind = "inserted" | "deleted";

/** A revision mark: who (the delegation, where known) changed what, and when. */
export interface Change {
  kind: ChangeKind;
  author: string | null;
  /** RFC 3339. */
  date: string;
  /** Part of a paragraph move: deleted at the old place, inserted at the new. */
  moved: boolean;
}

export interface Run {
  text: string;
  marks: Marks;
  change: Change | null;
  /** Ids of comments in `CompareDocument.comments` anchored on this run. */
  comments: string[];
}

export interface Block {
  id: string;
  kind: ParaKind;
  level: number;
  label: string | null;
  /** Computed number; for a deleted paragraph, the one it had. */
  number: string | null;
  /** Set when the whole paragraph was inserted or deleted (or moved). */
  change: Change | null;
  runs: Run[];
}

export interface RevisionBase {
  /** Milestone name. */
  since: string;
  since_date: string;
  /** Date the marks carry (the later milestone's, or now). */
  date: string;
}

export interface CompareDocument {
  meta: DraftMeta;
  blocks: Block[];
  brackets: Record<string, BracketInfo>;
  comments: unknown[];
  revisions: RevisionBase | null;
}

// ---- export (src-tauri/src/session.rs, caucus::export) ------------------------------------------

export type ExportFormat = "md" | "html" | "docx" | "pdf" | "akn";
export type RevisionMarks = "tracked" | "visual";

export interface ExportRequest {
  format: ExportFormat;
  /** Milestone whose changes to show; null for a clean text. */
  since: string | null;
  /** DOCX only: real tracked changes, or underline and strike-through. */
  marks: RevisionMarks;
  /** Include the open comment threads. */
  comments: boolean;
}

export interface Exported {
  path: string;
  file_name: string;
  bytes: number;
  format: ExportFormat;
}
