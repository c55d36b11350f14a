// readThreads: the comment threads as the core reads them (`Notes::threads`, `Workshop::threads`),
// live from the webview's `notes` Y.Doc — bodies with their writers' edits folded in, type, proposal,
// delegation (the author's when the thread names none), supporters, outcome and application folded
// from their records, and "late" from the roster's stage changes (which reach the window through IPC).

import { t } from "../i18n";
import * as Y from "yjs";
import {
  APPLICATIONS,
  APPLIED_BY,
  APPLIED_CREATED,
  APPLIED_THREAD,
  EDIT_BODY,
  EDIT_CREATED,
  EDIT_KIND,
  EDIT_KIND_EDIT,
  EDIT_REPLY,
  EDIT_THREAD,
  EDITS,
  OUTCOME_BY,
  OUTCOME_CREATED,
  OUTCOME_OBSERVATION,
  OUTCOME_THREAD,
  OUTCOME_VALUE,
  OUTCOMES,
  PROPOSAL_KIND,
  PROPOSAL_TEXT,
  REPLY_AUTHOR,
  REPLY_BODY,
  REPLY_CREATED,
  REPLY_ID,
  SUPPORT_CREATED,
  SUPPORT_DELEGATION,
  SUPPORT_KIND,
  SUPPORT_KIND_SUPPORT,
  SUPPORT_KIND_WITHDRAW,
  SUPPORT_THREAD,
  SUPPORTS,
  THREAD_ANCHOR_END,
  THREAD_ANCHOR_START,
  THREAD_AUTHOR,
  THREAD_BODY,
  THREAD_CREATED,
  THREAD_DELEGATION,
  THREAD_PARA,
  THREAD_PROPOSAL,
  THREAD_QUOTE,
  THREAD_RECORDED_BY,
  THREAD_REPLIES,
  THREAD_RESOLVED,
  THREAD_TYPE,
  THREADS,
} from "../collab/schema";
import type { StageRecord } from "../ipc/types";

export type CommentKind = "general" | "technical" | "editorial";
export type ProposalKind = "replace" | "paragraph" | "insert-after";
export type OutcomeKind = "accepted" | "accepted-modified" | "rejected" | "noted";

export const COMMENT_KINDS: readonly CommentKind[] = ["general", "technical", "editorial"];
export const PROPOSAL_KINDS: readonly ProposalKind[] = ["replace", "paragraph", "insert-after"];
export const OUTCOME_KINDS: readonly OutcomeKind[] = ["accepted", "accepted-modified", "rejected", "noted"];

/** An outcome's name in the window's language (`outcome-*` in the catalogue; the stored value stays). */
export function outcomeLabel(outcome: OutcomeKind): string {
  return t(`outcome-${outcome}`);
}

export interface ReplyData {
  id: string;
  author: string;
  /** The chair or Secretariat member who recorded it on `author`'s behalf ("" when none). */
  recordedBy: string;
  body: string;
  created: string;
  edited: boolean;
  /** Deleted by its writer: shown as deleted, without its words. */
  deleted: boolean;
}

export interface OutcomeData {
  outcome: OutcomeKind;
  observation: string;
  by: string;
  created: string;
}

export interface ThreadData {
  id: string;
  quote: string;
  para: string;
  author: string;
  recordedBy: string;
  edited: boolean;
  body: string;
  created: string;
  resolved: boolean;
  replies: ReplyData[];
  start: unknown;
  end: unknown;
  kind: CommentKind;
  proposal: { kind: ProposalKind; text: string } | null;
  /** The delegation it speaks for ("" when neither the thread nor the roster says). */
  delegation: string;
  /** Other delegations co-sponsoring it, in the order they last started supporting. */
  supporters: string[];
  outcome: OutcomeData | null;
  /** Dated after the deadline of the comment round it was written in. */
  late: boolean;
  /** When and by whom its proposal was applied to the draft (the first application). */
  applied: { by: string; created: string } | null;
}

/** What the notes do not hold: the roster's answers, through IPC. */
export interface ThreadContext {
  /** The delegation a member speaks for (its delegation, else its name), if known. */
  speaksFor(member: string): string | undefined;
  /** The roster's stage changes, oldest first. */
  stages: readonly StageRecord[];
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

function field(value: unknown, key: string): unknown {
  if (value instanceof Y.Map) return value.get(key);
  if (value && typeof value === "object") return (value as Record<string, unknown>)[key];
  return undefined;
}

const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The edit records folded as the core folds them (`Notes::edit_log`): oldest first by their
 * writer's time, then id; "thread\u0000reply" (reply "" for the thread itself) → the latest body,
 * or null once deleted (a deletion is final). Every record here was checked by the core as its
 * writer's own before it reached this document.
 */
function readEdits(edits: Y.Map<unknown>): Map<string, string | null> {
  const records: { created: string; id: string; key: string; body: string | null }[] = [];
  edits.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const body = str(value.get(EDIT_KIND)) === EDIT_KIND_EDIT ? str(value.get(EDIT_BODY)) : null;
    records.push({ created: str(value.get(EDIT_CREATED)), id, key: `${str(value.get(EDIT_THREAD))}\u0000${str(value.get(EDIT_REPLY))}`, body });
  });
  records.sort((a, b) => order(a.created, b.created) || order(a.id, b.id));
  const folded = new Map<string, string | null>();
  for (const r of records) {
    if (folded.get(r.key) === null) continue;
    folded.set(r.key, r.body);
  }
  return folded;
}

/** Thread → the delegations whose latest record supports it (`Notes::support_log`). */
export function readSupports(supports: Y.Map<unknown>): Map<string, string[]> {
  const records: { created: string; id: string; thread: string; delegation: string; support: boolean }[] = [];
  supports.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const kind = str(value.get(SUPPORT_KIND));
    if (kind !== SUPPORT_KIND_SUPPORT && kind !== SUPPORT_KIND_WITHDRAW) return;
    records.push({
      created: str(value.get(SUPPORT_CREATED)),
      id,
      thread: str(value.get(SUPPORT_THREAD)),
      delegation: str(value.get(SUPPORT_DELEGATION)),
      support: kind === SUPPORT_KIND_SUPPORT,
    });
  });
  records.sort((a, b) => order(a.created, b.created) || order(a.id, b.id));
  const folded = new Map<string, string[]>();
  for (const r of records) {
    const list = (folded.get(r.thread) ?? []).filter((d) => d !== r.delegation);
    if (r.support) list.push(r.delegation);
    folded.set(r.thread, list);
  }
  return folded;
}

/** Each thread's latest outcome record, by `created` then record id (`Notes::outcome_log`). */
export function readOutcomes(outcomes: Y.Map<unknown>): Map<string, OutcomeData> {
  const latest = new Map<string, OutcomeData & { id: string }>();
  outcomes.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const outcome = str(value.get(OUTCOME_VALUE)) as OutcomeKind;
    if (!OUTCOME_KINDS.includes(outcome)) return;
    const record = {
      id,
      outcome,
      observation: str(value.get(OUTCOME_OBSERVATION)),
      by: str(value.get(OUTCOME_BY)),
      created: str(value.get(OUTCOME_CREATED)),
    };
    const thread = str(value.get(OUTCOME_THREAD));
    const old = latest.get(thread);
    if (!old || (order(old.created, record.created) || order(old.id, record.id)) < 0) latest.set(thread, record);
  });
  return new Map([...latest].map(([thread, { id: _id, ...o }]) => [thread, o]));
}

/** Each thread's first application record, by `created` then record id (`Notes::application_log`). */
export function readApplications(applications: Y.Map<unknown>): Map<string, { by: string; created: string }> {
  const first = new Map<string, { id: string; by: string; created: string }>();
  applications.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const record = { id, by: str(value.get(APPLIED_BY)), created: str(value.get(APPLIED_CREATED)) };
    const thread = str(value.get(APPLIED_THREAD));
    const old = first.get(thread);
    if (!old || (order(record.created, old.created) || order(record.id, old.id)) < 0) first.set(thread, record);
  });
  return new Map([...first].map(([thread, { by, created }]) => [thread, { by, created }]));
}

/**
 * Whether a comment written at `created` is late: dated after the deadline of the comment round in
 * force when it was written (`policy::stage::is_late`; the deadline day ends at midnight UTC).
 */
export function isLate(stages: readonly StageRecord[], created: string): boolean {
  const inForce = [...stages].reverse().find((r) => r.created <= created);
  if (!inForce || inForce.stage !== "comment-round" || !inForce.deadline) return false;
  return created.length >= 10 && created.slice(0, 10) > inForce.deadline;
}

function readProposal(value: unknown): ThreadData["proposal"] {
  const kind = str(field(value, PROPOSAL_KIND)) as ProposalKind;
  if (!PROPOSAL_KINDS.includes(kind)) return null;
  return { kind, text: str(field(value, PROPOSAL_TEXT)) };
}

/** Every thread of `notes` that its writer did not delete. */
export function readThreads(notes: Y.Doc, context: ThreadContext): ThreadData[] {
  const threads = notes.getMap<unknown>(THREADS);
  const folded = readEdits(notes.getMap<unknown>(EDITS));
  const supports = readSupports(notes.getMap<unknown>(SUPPORTS));
  const outcomes = readOutcomes(notes.getMap<unknown>(OUTCOMES));
  const applications = readApplications(notes.getMap<unknown>(APPLICATIONS));
  const out: ThreadData[] = [];
  threads.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const edit = folded.get(`${id}\u0000`);
    // A thread its writer deleted is gone, as in the core and the CLI.
    if (edit === null) return;
    const replies = value.get(THREAD_REPLIES);
    const list: unknown[] = replies instanceof Y.Array ? replies.toArray() : Array.isArray(replies) ? replies : [];
    const author = str(value.get(THREAD_AUTHOR));
    const created = str(value.get(THREAD_CREATED));
    const kind = str(value.get(THREAD_TYPE)) as CommentKind;
    const delegation = str(value.get(THREAD_DELEGATION)) || (context.speaksFor(author) ?? "");
    out.push({
      id,
      quote: str(value.get(THREAD_QUOTE)),
      para: str(value.get(THREAD_PARA)),
      author,
      recordedBy: str(value.get(THREAD_RECORDED_BY)),
      edited: edit !== undefined,
      body: edit ?? str(value.get(THREAD_BODY)),
      created,
      resolved: value.get(THREAD_RESOLVED) === true,
      start: value.get(THREAD_ANCHOR_START),
      end: value.get(THREAD_ANCHOR_END),
      kind: COMMENT_KINDS.includes(kind) ? kind : "general",
      proposal: readProposal(value.get(THREAD_PROPOSAL)),
      delegation,
      supporters: (supports.get(id) ?? []).filter((d) => d !== delegation),
      outcome: outcomes.get(id) ?? null,
      late: isLate(context.stages, created),
      applied: applications.get(id) ?? null,
      replies: list
        .filter((r) => r instanceof Y.Map || (r !== null && typeof r === "object"))
        .map((r) => {
          const replyId = str(field(r, REPLY_ID));
          const replyEdit = folded.get(`${id}\u0000${replyId}`);
          return {
            id: replyId,
            author: str(field(r, REPLY_AUTHOR)),
            recordedBy: str(field(r, THREAD_RECORDED_BY)),
            body: replyEdit === null ? "" : (replyEdit ?? str(field(r, REPLY_BODY))),
            created: str(field(r, REPLY_CREATED)),
            edited: typeof replyEdit === "string",
            deleted: replyEdit === null,
          };
        }),
    });
  });
  return out;
}
