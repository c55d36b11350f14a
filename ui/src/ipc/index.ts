// The webview's only door to the Tauri shell: typed command wrappers and error normalisation.
// No other module imports @tauri-apps/api, so the rest of the UI stays testable in a plain browser.

import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  About,
  CollabDoc,
  CommentTableRequest,
  CompareDocument,
  DraftView,
  Exported,
  ExportRequest,
  Invitation,
  IpcErrorBody,
  JoinLink,
  Locale,
  LanHost,
  LogLine,
  Members,
  MilestoneList,
  NegotiationStatus,
  SeenPart,
  SinceSeen,
  NewComment,
  NewMember,
  Peer,
  PendingFile,
  ProposalTarget,
  RestoreReport,
  RevertReport,
  Stage,
  StageName,
  SyncStatus,
  TableExported,
  TableImportReport,
  WordImportReport,
  WorkshopInfo,
  WorkshopSummary,
  VersionLang,
  VersionParagraph,
  Versions,
  VersionView,
} from "./types";

export type * from "./types";

/** Error codes the UI itself produces (the shell's own codes come from src-tauri/src/dto.rs). */
export const UI_ERROR = {
  /** The page runs outside the desktop shell (e.g. `vite dev` in a browser). */
  noShell: "ipc_unavailable",
  /** The shell rejected with something that is not a `{code, message}` body. */
  unexpected: "ipc_unexpected",
} as const;

export class IpcError extends Error implements IpcErrorBody {
  readonly code: string;

  constructor(body: IpcErrorBody) {
    super(body.message);
    this.name = "IpcError";
    this.code = body.code;
  }
}

function isErrorBody(value: unknown): value is IpcErrorBody {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string";
}

function inShell(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!inShell()) {
    throw new IpcError({ code: UI_ERROR.noShell, message: "Caucus must run inside its desktop shell." });
  }
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    if (isErrorBody(err)) throw new IpcError(err);
    throw new IpcError({ code: UI_ERROR.unexpected, message: String(err) });
  }
}

/** The About dialog's facts: the app's version, its licence, this run's data directory. */
export function appAbout(): Promise<About> {
  return call<About>("app_about");
}

/** The window's language: the one this device remembers, else the system's. */
export function appLocale(): Promise<Locale> {
  return call<Locale>("app_locale");
}

/** Remembers the window's language on this device ("en", "fr" or "es"). */
export function appLocaleSet(locale: string): Promise<Locale> {
  return call<Locale>("app_locale_set", { locale });
}

/** Tells the core whether the window holds text typed and not saved: closing it then asks first. */
export function windowTyped(holds: boolean): Promise<void> {
  return call<void>("window_typed", { holds });
}

/** The open workshop's draft as a reader sees it, with computed numbering. */
export function draftView(): Promise<DraftView> {
  return call<DraftView>("draft_view");
}

/** Every milestone of the workshop, oldest first, and whether this device may freeze one. */
export function milestonesList(): Promise<MilestoneList> {
  return call<MilestoneList>("milestones_list");
}

/** Freezes the draft as it is now under `name` (chair only); resolves to the new list. */
export function milestoneCreate(name: string): Promise<MilestoneList> {
  return call<MilestoneList>("milestone_create", { name });
}

/** The draft with the changes since milestone `from`, up to milestone `to` or now. */
export function compare(from: string, to: string | null = null, author: string | null = null): Promise<CompareDocument> {
  return call<CompareDocument>("compare", { from, to, author });
}

/**
 * Brings back the draft, or one paragraph (by id), as it was at milestone `name` (the chair or the
 * Secretariat): a new change every member syncs, recorded in the log.
 */
export function milestoneRestore(name: string, para: string | null): Promise<RestoreReport> {
  return call<RestoreReport>("milestone_restore", { name, para });
}

/** Picks alternative `id` of its bracket's group (chair, Secretariat): agreed, the others' words deleted, withdrawn; logged. */
export function bracketChoose(id: string): Promise<void> {
  return call<void>("bracket_choose", { id });
}

/** Numbers the inserted paragraphs (2 bis, 2 ter) in sequence (chair, Secretariat); resolves to how many. */
export function draftRenumber(): Promise<number> {
  return call<number>("draft_renumber");
}

/** Undoes `delegation`'s changes since milestone `name`, keeping everyone else's (chair, Secretariat). */
export function milestoneRevert(name: string, delegation: string): Promise<RevertReport> {
  return call<RevertReport>("milestone_revert", { name, delegation });
}

/** The workshop's log, oldest first (`caucus log`), since milestone `since` when given. */
export function workshopLog(since: string | null = null): Promise<LogLine[]> {
  return call<LogLine[]>("workshop_log", { since });
}

/**
 * Where the negotiation stands: counts by status, the open brackets and who holds them, the
 * comments awaiting an outcome, the changes since the last milestone (`caucus status --json`).
 */
export function negotiationStatus(): Promise<NegotiationStatus> {
  return call<NegotiationStatus>("negotiation_status");
}

/** What others changed since this member last looked on this device (the first time: nothing). */
export function sinceSeen(): Promise<SinceSeen> {
  return call<SinceSeen>("since_seen");
}

/** Records everything, the draft, the notes, or one thread as seen now; resolves to what is still new. */
export function markSeen(part: SeenPart, thread: string | null = null): Promise<SinceSeen> {
  return call<SinceSeen>("mark_seen", { part, thread });
}

/** Exports the draft into the export folder (never overwriting); resolves to where it went. */
export function exportDraft(request: ExportRequest): Promise<Exported> {
  return call<Exported>("export_draft", { request });
}

/**
 * Exports the draft where the person says in the system's Save dialog (shown by the shell, in the
 * folder saved into last); rejects with {@link FILE_CANCELLED} when they cancel.
 */
export function exportDraftSave(request: ExportRequest): Promise<Exported> {
  return call<Exported>("export_draft_save", { request });
}

/** The shell's code for a Save or Open dialog the person cancelled (nothing happened). */
export const FILE_CANCELLED = "file.cancelled";

/** Opens a file this run exported with the system's application for it. */
export function exportOpen(path: string): Promise<void> {
  return call<void>("export_open", { path });
}

/** Shows a file this run exported in the system's file manager. */
export function exportReveal(path: string): Promise<void> {
  return call<void>("export_reveal", { path });
}

// ---- files picked in the Open dialog or dropped on the window -------------------------------------

/**
 * Asks which file to import in the system's Open dialog (shown by the shell; `purpose` sets its
 * filter). The file waits in the shell under a number; rejects with {@link FILE_CANCELLED} when the
 * person cancels.
 */
export function filePick(purpose: "draft" | "table" | "word"): Promise<PendingFile> {
  return call<PendingFile>("file_pick", { purpose });
}

/** Calls `listener` with each file dropped on the window (its number and name; the path stays in the shell). */
export async function dropWatch(listener: (file: PendingFile) => void): Promise<() => void> {
  const channel = new Channel<PendingFile>();
  let live = true;
  channel.onmessage = (file) => {
    if (live) listener(file);
  };
  await call<void>("drop_watch", { channel });
  return () => {
    live = false;
  };
}

/** Imports waiting file `id` (picked or dropped) as a new workshop's draft, and switches to it. */
export function fileImportDraft(id: number): Promise<WorkshopInfo> {
  return call<WorkshopInfo>("file_import_draft", { id });
}

/** Imports waiting file `id` (picked or dropped) as a comment table (`asMember`: on whose behalf, for the chair and the Secretariat). */
export function fileImportTable(id: number, asMember: string | null): Promise<TableImportReport> {
  return call<TableImportReport>("file_import_table", { id, asMember });
}

/** `word`: imports waiting file `id` (picked or dropped) as a delegation's returned Word draft: its tracked changes become proposals (`asMember`: on whose behalf). */
export function wordProposalsImport(id: number, asMember: string | null): Promise<WordImportReport> {
  return call<WordImportReport>("word_proposals_import", { id, asMember });
}

// ---- workshops --------------------------------------------------------------------------------

/** Every workshop on this device. */
export function workshopsList(): Promise<WorkshopSummary[]> {
  return call<WorkshopSummary[]>("workshops_list");
}

/** The workshop the window opened at start (the last one opened, else the sample). */
export function workshopCurrent(): Promise<WorkshopInfo> {
  return call<WorkshopInfo>("workshop_current");
}

/** Switches the window to workshop `id`; the webview must then reconnect its documents. */
export function workshopOpen(id: string): Promise<WorkshopInfo> {
  return call<WorkshopInfo>("workshop_open", { id });
}

/** Creates a workshop chaired by this device and opens it. */
export function workshopCreate(title: string, symbol: string, meeting: string): Promise<WorkshopInfo> {
  return call<WorkshopInfo>("workshop_create", { title, symbol, meeting });
}

/** Joins a workshop with an invitation token (sets it up, syncs from its relay) and opens it. */
export function workshopJoin(token: string): Promise<WorkshopInfo> {
  return call<WorkshopInfo>("workshop_join", { token });
}

/** Creates a workshop from a .txt or .md file's text (CITES-style or Markdown) and opens it. */
/** Creates a workshop from a .txt, .md or Word file: its bytes go as the raw request body. */
export function workshopImport(fileName: string, bytes: Uint8Array): Promise<WorkshopInfo> {
  if (!inShell()) {
    return Promise.reject(new IpcError({ code: UI_ERROR.noShell, message: "Caucus must run inside its desktop shell." }));
  }
  return invoke<WorkshopInfo>("workshop_import", bytes, { headers: { "caucus-file-name": encodeURIComponent(fileName) } }).catch((err: unknown) => {
    if (isErrorBody(err)) throw new IpcError(err);
    throw new IpcError({ code: UI_ERROR.unexpected, message: String(err) });
  });
}

// ---- members ----------------------------------------------------------------------------------

export function membersList(): Promise<Members> {
  return call<Members>("members_list");
}

/** Chair and secretariat only (`role.forbidden` otherwise). */
export function memberAdd(member: NewMember): Promise<Members> {
  return call<Members>("member_add", { member });
}

/** Chair and secretariat only; the member stays listed as removed and their tokens are revoked. */
export function memberRemove(id: string): Promise<Members> {
  return call<Members>("member_remove", { id });
}

/** Chair only: an invitation token for `member`, naming `relay` (else the workshop's relay). */
export function inviteCreate(member: string, expiresDays: number, relay: string | null): Promise<Invitation> {
  return call<Invitation>("invite_create", { member, expiresDays, relay });
}

// ---- comments (read live from the `notes` Y.Doc; written here so the core checks the role) -----

/** Starts a thread; resolves to its id. */
export function commentAdd(comment: NewComment): Promise<string> {
  return call<string>("comment_add", { comment });
}

export function commentReply(thread: string, body: string): Promise<void> {
  return call<void>("comment_reply", { thread, body });
}

export function commentResolve(thread: string, resolved: boolean): Promise<void> {
  return call<void>("comment_resolve", { thread, resolved });
}

/** Supports another delegation's thread for this member's delegation (`withdraw`: takes it back). */
export function commentSupport(thread: string, withdraw: boolean): Promise<void> {
  return call<void>("comment_support", { thread, withdraw });
}

/** Records a thread's outcome with an observation (the chair and the Secretariat). */
export function commentOutcome(thread: string, outcome: string, observation: string): Promise<void> {
  return call<void>("comment_outcome", { thread, outcome, observation });
}

/** What applying a thread's proposal would do, against the draft as it is now. */
export function commentProposalTarget(thread: string): Promise<ProposalTarget> {
  return call<ProposalTarget>("comment_proposal_target", { thread });
}

/** Applies a thread's proposal (the chair, the Secretariat); `confirm` when its words changed since. */
export function commentApply(thread: string, confirm: boolean): Promise<void> {
  return call<void>("comment_apply", { thread, confirm });
}

// ---- the comment table ------------------------------------------------------------------------

/**
 * Largest comment table the window imports, in bytes: `MAX_TABLE_BYTES` in
 * src-tauri/src/session.rs, which refuses a larger one with the same code.
 */
export const MAX_TABLE_BYTES = 20 * 1024 * 1024;

/** The shell's code for a comment table over {@link MAX_TABLE_BYTES}. */
export const TABLE_TOO_LARGE = "table.too_large";

/** Exports the comment table (DOCX, XLSX or CSV, filtered) into the export folder; resolves to where it went. */
export function commentTableExport(request: CommentTableRequest): Promise<TableExported> {
  return call<TableExported>("comment_table_export", { request });
}

/** Exports the comment table where the person says in the system's Save dialog; {@link FILE_CANCELLED} when they cancel. */
export function commentTableSave(request: CommentTableRequest): Promise<TableExported> {
  return call<TableExported>("comment_table_save", { request });
}

/**
 * Imports a delegation's comment table (DOCX, XLSX or CSV): the file's bytes travel as the raw
 * request body, its name percent-encoded in a header (headers carry ASCII only). `asMember`:
 * the member the rows are from, when the chair or the Secretariat records them on their behalf.
 */
export function commentTableImport(fileName: string, bytes: Uint8Array, asMember: string | null): Promise<TableImportReport> {
  if (!inShell()) {
    return Promise.reject(new IpcError({ code: UI_ERROR.noShell, message: "Caucus must run inside its desktop shell." }));
  }
  if (bytes.byteLength > MAX_TABLE_BYTES) {
    return Promise.reject(new IpcError({ code: TABLE_TOO_LARGE, message: `A comment table of up to ${MAX_TABLE_BYTES >> 20} MiB can be imported.` }));
  }
  const headers: Record<string, string> = { "caucus-file-name": encodeURIComponent(fileName) };
  if (asMember) headers["caucus-as-member"] = encodeURIComponent(asMember);
  return invoke<TableImportReport>("comment_table_import", bytes, { headers }).catch((err: unknown) => {
    if (isErrorBody(err)) throw new IpcError(err);
    throw new IpcError({ code: UI_ERROR.unexpected, message: String(err) });
  });
}

// ---- the stage (kept in the roster, which the webview does not hold) ---------------------------

/** The workshop's stage and what this device may do in it. */
export function stageShow(): Promise<Stage> {
  return call<Stage>("stage_show");
}

/** Sets the stage (the chair, the Secretariat), with a deadline `YYYY-MM-DD` for a comment round. */
export function stageSet(stage: StageName, deadline: string | null): Promise<Stage> {
  return call<Stage>("stage_set", { stage, deadline });
}

/** Calls `listener` with the stage now and at every change (also by sync) until the returned function is called. */
/**
 * Calls `listener` with each invitation link the app is handed (its start's argument, a second
 * start's, the system's), and at once with one that arrived before; returns a function to stop.
 */
export async function joinLinkWatch(listener: (link: JoinLink) => void): Promise<() => void> {
  const channel = new Channel<JoinLink>();
  let live = true;
  channel.onmessage = (link) => {
    if (live) listener(link);
  };
  await call<void>("join_link_watch", { channel });
  return () => {
    live = false;
  };
}

export async function stageWatch(listener: (stage: Stage) => void): Promise<() => void> {
  const channel = new Channel<Stage>();
  let live = true;
  channel.onmessage = (stage) => {
    if (live) listener(stage);
  };
  await call<void>("stage_watch", { channel });
  return () => {
    live = false;
  };
}

/** Calls `listener` whenever the French or Spanish version changes (a translation saved on another
 *  device and arriving by sync, a bundle, this window) until the returned function is called. */
export async function versionsWatch(listener: () => void): Promise<() => void> {
  const channel = new Channel<null>();
  let live = true;
  channel.onmessage = () => {
    if (live) listener();
  };
  await call<void>("versions_watch", { channel });
  return () => {
    live = false;
  };
}

// ---- sync -------------------------------------------------------------------------------------

/** Calls `listener` with the sync status now and at every change until the returned function is called. */
export async function syncStatusWatch(listener: (status: SyncStatus) => void): Promise<() => void> {
  const channel = new Channel<SyncStatus>();
  let live = true;
  channel.onmessage = (status) => {
    if (live) listener(status);
  };
  await call<void>("sync_status_watch", { channel });
  return () => {
    live = false;
  };
}

/** Connects to `relay` (or the workshop's known relay) and keeps connecting until offline is chosen. */
export function syncGoOnline(relay: string | null): Promise<SyncStatus> {
  return call<SyncStatus>("sync_go_online", { relay });
}

/** Work offline: closes the connections; edits keep being saved locally. */
export function syncGoOffline(): Promise<SyncStatus> {
  return call<SyncStatus>("sync_go_offline");
}

/** Relays on the local network hosting this workshop (mDNS, for about `seconds`). */
export function lanPeers(seconds: number): Promise<Peer[]> {
  return call<Peer[]>("lan_peers", { seconds });
}

/** Starts or stops hosting this device's workshops for peers on the local network (wss://, mDNS). */
export function lanHost(enable: boolean): Promise<LanHost> {
  return call<LanHost>("lan_host", { enable });
}

/** Whether this device hosts on the local network, and where. */
export function lanHostStatus(): Promise<LanHost> {
  return call<LanHost>("lan_host_status");
}

// ---- the Yjs documents' byte pipe (used by src/collab only) ------------------------------------

/**
 * Opens the pipe of document `doc` for the Yjs client `clientId`: `onFrames` receives raw batches
 * (see src/collab/wire.ts). Opening again replaces the earlier pipe.
 */
export async function collabOpen(workshop: string, doc: CollabDoc, clientId: number, onFrames: (batch: Uint8Array) => void): Promise<void> {
  const channel = new Channel<ArrayBuffer>();
  channel.onmessage = (data) => onFrames(new Uint8Array(data));
  await call<void>("collab_open", { workshop, doc, clientId, channel });
}

/**
 * Sends a batch of frames (src/collab/wire.ts) of `workshop`'s `doc` to the core; resolves once
 * they are handled. A batch for a workshop that is no longer open is refused (`app.workshop_not_open`).
 */
export function collabSend(workshop: string, doc: CollabDoc, batch: Uint8Array): Promise<void> {
  if (!inShell()) {
    return Promise.reject(new IpcError({ code: UI_ERROR.noShell, message: "Caucus must run inside its desktop shell." }));
  }
  return invoke<void>("collab_send", batch, { headers: { "caucus-workshop": workshop, "caucus-doc": doc } }).catch((err: unknown) => {
    if (isErrorBody(err)) throw new IpcError(err);
    throw new IpcError({ code: UI_ERROR.unexpected, message: String(err) });
  });
}

// ---- the draft's French and Spanish versions (issue #15 §2) -----------------------------------------

/** The versions the workshop holds, with their counts, and whether this device writes them. */
export function versionsList(): Promise<Versions> {
  return call<Versions>("versions_list");
}

/** Adds the French or Spanish version (a translator, the Secretariat or the chair). */
export function versionAdd(lang: VersionLang): Promise<Versions> {
  return call<Versions>("version_add", { lang });
}

/** One version beside the original, paragraph by paragraph. */
export function versionView(lang: VersionLang): Promise<VersionView> {
  return call<VersionView>("version_view", { lang });
}

/** Translates one paragraph (by id): `[` `]` around each of the original paragraph's brackets. */
export function versionTranslate(lang: VersionLang, paragraph: string, text: string, replaces: string | null = null): Promise<VersionParagraph> {
  return call<VersionParagraph>("version_translate", { lang, paragraph, text, replaces });
}
