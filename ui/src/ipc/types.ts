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

// ---- workshops, members, comments, sync (src-tauri/src/dto.rs) ---------------------------------

export type Role = "chair" | "secretariat" | "delegate" | "observer";
export type Group =
  | "producer-country"
  | "consumer-country"
  | "internet-company-country"
  | "ngo"
  | "lawyer"
  | "expert"
  | "secretariat";
/** What this device may do with one of the workshop's documents (enforced in Rust). */
export type Access = "none" | "read" | "write";
/** The Yjs documents the webview holds (the roster is read through commands). */
export type CollabDoc = "draft" | "notes";

/** One line of the workshops list. */
export interface WorkshopSummary {
  id: string;
  title: string;
  symbol: string;
  meeting: string;
  /** This device's role in it, if it has an identity there. */
  role: Role | null;
  /** The one open in this window. */
  open: boolean;
}

export interface Member {
  id: string;
  name: string;
  delegation: string;
  role: Role;
  group: Group;
  /** RFC 3339. */
  added: string;
  /** RFC 3339; removed members stay listed so that history keeps their names. */
  removed: string | null;
  /** `Name (Delegation)`. */
  full_name: string;
}

/** The workshop open in the window and what this device may do in it. */
export interface WorkshopInfo {
  id: string;
  title: string;
  symbol: string;
  meeting: string;
  /** This device's member, if it has an identity in the workshop. */
  me: Member | null;
  permissions: { draft: Access; notes: Access; roster: Access };
  can_manage_members: boolean;
  can_freeze: boolean;
  /** The relay this workshop syncs with, if one is known. */
  relay: string | null;
}

export interface Members {
  members: Member[];
  can_manage: boolean;
  /** This device's member id. */
  me: string | null;
}

export interface NewMember {
  name: string;
  delegation: string;
  role: Role;
  group: Group;
}

export interface Invitation {
  token: string;
  member: string;
  role: Role;
  /** Unix seconds. */
  expires: number;
  relay: string | null;
}

/** `local`: no relay configured; `offline`: one is, but not connected (or work offline chosen). */
export type SyncState = "local" | "offline" | "connecting" | "synced";

export interface Peer {
  /** Relay URL, or a LAN peer's address. */
  address: string;
  kind: "relay" | "lan";
  connected: boolean;
  /** RFC 3339 of the last moment both sides had everything. */
  last_synced: string | null;
}

export interface SyncStatus {
  /** Increases with every status the shell computes: a lower one than already shown is older. */
  seq: number;
  state: SyncState;
  relay: string | null;
  /** Local changes no peer has acknowledged yet. */
  unacknowledged: number;
  /** Error code of the last failed connection. */
  last_error: string | null;
  /** The person chose to work offline (no connection attempts). */
  offline_chosen: boolean;
  peers: Peer[];
}

export interface NewComment {
  /** `Y.encodeRelativePosition` of the selection's start and end, into `draft`'s body. */
  anchor_start: number[];
  anchor_end: number[];
  quote: string;
  /** Id of the paragraph the selection starts in. */
  para: string;
  body: string;
}

/** This device's relay for peers on the local network. */
export interface LanHost {
  hosting: boolean;
  /** `wss://<LAN address>:<port>` while hosting. */
  url: string | null;
  /** SHA-256 of its certificate (invitations pin it). */
  fingerprint: string | null;
}
