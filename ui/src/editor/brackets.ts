// Square brackets around negotiated text: the `bracket` mark's view (status from the draft's `brackets` map, live), adding a bracket, setting its status.

import type { Mark } from "prosemirror-model";
import type { EditorState } from "prosemirror-state";
import type { EditorView, MarkViewConstructor, ViewMutationRecord } from "prosemirror-view";
import * as Y from "yjs";
import type { BracketStatus } from "../ipc/types";
import {
  BRACKET_ALTERNATIVE_OF,
  BRACKET_HOLDERS,
  BRACKET_PACKAGE,
  BRACKET_STATUS,
  LOG,
  LOG_AT,
  LOG_BRACKET,
  LOG_BY,
  LOG_KIND,
  LOG_KIND_BRACKET_PACKAGE,
  LOG_KIND_BRACKET_STATUS,
  LOG_PACKAGE,
  LOG_STATUS,
  MARK_BRACKET_ID,
} from "../collab/schema";
import { t } from "../i18n";
import { newBracketId, newLogId } from "./ids";
import { bracketMark } from "./schema";

/** The statuses in the order the toolbar lists them; their names are `bracket-status-*` in the catalogue. */
export const BRACKET_STATUSES: readonly { value: BracketStatus }[] = [{ value: "open" }, { value: "agreed-ad-ref" }, { value: "agreed" }, { value: "withdrawn" }];

/** A status's short name in the window's language: `Agreed ad ref.` (the stored value stays). */
export function bracketStatusShort(status: BracketStatus): string {
  return t(status === "agreed-ad-ref" ? "bracket-status-agreed-ad-ref-short" : `bracket-status-${status}`);
}

function isStatus(value: unknown): value is BracketStatus {
  return BRACKET_STATUSES.some((s) => s.value === value);
}

export interface BracketInfo {
  status: BracketStatus;
  holders: string[];
  /** The package it belongs to (issue #14 §3): agreed only when all of the package is. */
  package?: string;
}

/** A bracket's metadata as the core reads it: a Y.Map or a plain object; missing counts as open. */
export function bracketInfo(brackets: Y.Map<unknown>, id: string): BracketInfo {
  const entry = brackets.get(id);
  let status: unknown;
  let holders: unknown;
  let pkg: unknown;
  if (entry instanceof Y.Map) {
    status = entry.get(BRACKET_STATUS);
    holders = entry.get(BRACKET_HOLDERS);
    pkg = entry.get(BRACKET_PACKAGE);
  } else if (entry && typeof entry === "object") {
    status = (entry as Record<string, unknown>)[BRACKET_STATUS];
    holders = (entry as Record<string, unknown>)[BRACKET_HOLDERS];
    pkg = (entry as Record<string, unknown>)[BRACKET_PACKAGE];
  }
  const list = holders instanceof Y.Array ? holders.toArray() : Array.isArray(holders) ? holders : [];
  return {
    status: isStatus(status) ? status : "open",
    holders: list.filter((h): h is string => typeof h === "string"),
    ...(typeof pkg === "string" && pkg.trim() !== "" ? { package: pkg } : {}),
  };
}

function describe(info: BracketInfo): string {
  const status = bracketStatusShort(info.status);
  const holders = info.holders.join(", ");
  if (info.package) return info.holders.length ? t("bracket-title-held-package", { status, holders, package: info.package }) : t("bracket-title-package", { status, package: info.package });
  return info.holders.length ? t("bracket-title-held", { status, holders }) : status;
}

function paint(dom: HTMLElement, info: BracketInfo): void {
  for (const s of BRACKET_STATUSES) dom.classList.toggle(`bracket-${s.value}`, s.value === info.status);
  dom.setAttribute("data-status", info.status);
  if (info.package) dom.setAttribute("data-package", info.package);
  else dom.removeAttribute("data-package");
  dom.title = describe(info);
}

/**
 * The mark view of `bracket`: a `span.bracket` with `data-bracket` (id) and `data-status`, drawn
 * with `[` and `]` by CSS; repainted in place when its entry in `brackets` changes.
 */
export function bracketViews(brackets: Y.Map<unknown>): { markView: MarkViewConstructor; destroy(): void } {
  const live = new Map<string, Set<HTMLElement>>();
  const repaint = (ids: Iterable<string>) => {
    for (const id of ids) {
      const info = bracketInfo(brackets, id);
      for (const dom of live.get(id) ?? []) paint(dom, info);
    }
  };
  const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    const changed = new Set<string>();
    for (const event of events) {
      if (event.target === brackets) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) changed.add(key);
      } else {
        // A change inside one bracket's map: its key is the first step of the path.
        const key = event.path[0];
        if (typeof key === "string") changed.add(key);
      }
    }
    repaint(changed);
  };
  brackets.observeDeep(observer);

  const markView: MarkViewConstructor = (mark: Mark) => {
    const id = String(mark.attrs[MARK_BRACKET_ID] ?? "");
    const dom = document.createElement("span");
    dom.className = "bracket";
    dom.setAttribute("data-bracket", id);
    paint(dom, bracketInfo(brackets, id));
    let set = live.get(id);
    if (!set) live.set(id, (set = new Set()));
    set.add(dom);
    return {
      dom,
      // Our own repainting touches only attributes of the span, never its content.
      ignoreMutation: (m: ViewMutationRecord) => m.type === "attributes" && m.target === dom,
      destroy: () => {
        const s = live.get(id);
        s?.delete(dom);
        if (s && s.size === 0) live.delete(id);
      },
    };
  };
  return { markView, destroy: () => brackets.unobserveDeep(observer) };
}

/** The id of the bracket the selection is in (the cursor, or the start of a selection). */
export function bracketAt(state: EditorState): string | null {
  const { $from, empty, from, to } = state.selection;
  const marks = empty ? [...$from.marks(), ...($from.nodeAfter?.marks ?? []), ...($from.nodeBefore?.marks ?? [])] : [];
  if (!empty) {
    state.doc.nodesBetween(from, to, (node) => {
      if (node.isText) marks.push(...node.marks);
    });
  }
  const mark = marks.find((m) => m.type === bracketMark);
  return mark ? String(mark.attrs[MARK_BRACKET_ID] ?? "") || null : null;
}

/** The bracket `id`'s group of alternatives: the first bracket's id (its own when it has none). */
export function alternativeRoot(brackets: Y.Map<unknown>, id: string): string {
  const entry = brackets.get(id);
  const of = entry instanceof Y.Map ? entry.get(BRACKET_ALTERNATIVE_OF) : entry && typeof entry === "object" ? (entry as Record<string, unknown>)[BRACKET_ALTERNATIVE_OF] : null;
  return typeof of === "string" && of.trim() !== "" ? of : id;
}

/** The ids of the brackets of `id`'s group of alternatives whose words are in the text, in text order. */
export function alternativesInText(state: EditorState, brackets: Y.Map<unknown>, id: string): string[] {
  const root = alternativeRoot(brackets, id);
  const out: string[] = [];
  state.doc.descendants((node) => {
    for (const m of node.marks) {
      const b = m.type === bracketMark ? String(m.attrs[MARK_BRACKET_ID] ?? "") : "";
      if (b && !out.includes(b) && alternativeRoot(brackets, b) === root) out.push(b);
    }
    return true;
  });
  return out;
}

/**
 * Adds `words` as an alternative of bracket `id` (issue #14 §3): a new open bracket naming the
 * group's first in `alternativeOf`, its words right after the group's last words in the text.
 * Returns the new bracket's id, or null when the group is not in the text.
 */
export function addAlternative(view: EditorView, draft: Y.Doc, brackets: Y.Map<unknown>, id: string, words: string): string | null {
  const text = words.trim().replace(/\s+/g, " ");
  if (!text) return null;
  const root = alternativeRoot(brackets, id);
  let end = -1;
  view.state.doc.descendants((node, pos) => {
    if (node.isText && node.marks.some((m) => m.type === bracketMark && alternativeRoot(brackets, String(m.attrs[MARK_BRACKET_ID] ?? "")) === root)) {
      end = pos + node.nodeSize;
    }
    return true;
  });
  if (end < 0) return null;
  const fresh = newBracketId();
  draft.transact(() => {
    const entry = new Y.Map<unknown>();
    brackets.set(fresh, entry);
    entry.set(BRACKET_STATUS, "open");
    entry.set(BRACKET_HOLDERS, []);
    entry.set(BRACKET_ALTERNATIVE_OF, root);
  });
  view.dispatch(view.state.tr.insert(end, view.state.schema.text(text, [bracketMark.create({ [MARK_BRACKET_ID]: fresh })])));
  return fresh;
}

/** A bracket can be added around a non-empty selection that has no bracket in it yet. */
export function canAddBracket(state: EditorState): boolean {
  const { from, to, empty } = state.selection;
  return !empty && !state.doc.rangeHasMark(from, to, bracketMark) && state.doc.textBetween(from, to).trim() !== "";
}

/**
 * Puts the selection in square brackets: a new entry `{status: "open", holders: []}` in
 * `brackets` (one Yjs transaction), then the `bracket` mark with its id.
 */
export function addBracket(view: EditorView, draft: Y.Doc, brackets: Y.Map<unknown>): string | null {
  if (!canAddBracket(view.state)) return null;
  const id = newBracketId();
  draft.transact(() => {
    const entry = new Y.Map<unknown>();
    brackets.set(id, entry);
    entry.set(BRACKET_STATUS, "open");
    entry.set(BRACKET_HOLDERS, []);
  });
  const { from, to } = view.state.selection;
  view.dispatch(view.state.tr.addMark(from, to, bracketMark.create({ [MARK_BRACKET_ID]: id })));
  return id;
}

/** Takes the square brackets off every stretch of text marked with bracket `id` (the text stays; its entry in `brackets` too, for history). */
export function removeBracket(view: EditorView, id: string): boolean {
  const ranges: { from: number; to: number }[] = [];
  view.state.doc.descendants((node, pos) => {
    if (node.isText && node.marks.some((m) => m.type === bracketMark && m.attrs[MARK_BRACKET_ID] === id)) {
      ranges.push({ from: pos, to: pos + node.nodeSize });
    }
    return true;
  });
  if (ranges.length === 0) return false;
  const tr = view.state.tr;
  for (const r of ranges) tr.removeMark(r.from, r.to, bracketMark);
  view.dispatch(tr);
  return true;
}

/** Most holders of one bracket, and the longest name kept. */
export const MAX_HOLDERS = 50;
export const MAX_HOLDER_LENGTH = 100;

/**
 * Holders as typed in one line — `Kenya, European Union; Japan` — as a list: split at commas and
 * semicolons, trimmed, empty and repeated names dropped (the first spelling kept), order kept.
 */
export function parseHolders(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(/[,;]/)) {
    const name = part.trim().replace(/\s+/g, " ").slice(0, MAX_HOLDER_LENGTH);
    const key = name.toLocaleLowerCase();
    if (name === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
    if (out.length === MAX_HOLDERS) break;
  }
  return out;
}

/** Sets who holds a bracket (delegations), keeping its status; one Yjs transaction. */
export function setBracketHolders(draft: Y.Doc, brackets: Y.Map<unknown>, id: string, holders: string[]): void {
  draft.transact(() => {
    const entry = brackets.get(id);
    if (entry instanceof Y.Map) {
      entry.set(BRACKET_HOLDERS, [...holders]);
      return;
    }
    const info = bracketInfo(brackets, id);
    const fresh = new Y.Map<unknown>();
    brackets.set(id, fresh);
    fresh.set(BRACKET_STATUS, info.status);
    fresh.set(BRACKET_HOLDERS, [...holders]);
  });
}

/**
 * Sets a bracket's status, keeping its holders (an entry written as a plain object becomes a map),
 * and writes the change in the draft's append-only log as member `by` in the same Yjs transaction
 * (issue #14 §4: every endpoint refuses a status change without its entry).
 */
export function setBracketStatus(draft: Y.Doc, brackets: Y.Map<unknown>, id: string, status: BracketStatus, by: string): void {
  draft.transact(() => {
    const entry = brackets.get(id);
    if (entry instanceof Y.Map) {
      entry.set(BRACKET_STATUS, status);
    } else {
      const info = bracketInfo(brackets, id);
      const fresh = new Y.Map<unknown>();
      brackets.set(id, fresh);
      fresh.set(BRACKET_STATUS, status);
      fresh.set(BRACKET_HOLDERS, info.holders);
    }
    draft.getMap(LOG).set(newLogId(), {
      [LOG_KIND]: LOG_KIND_BRACKET_STATUS,
      [LOG_BY]: by,
      [LOG_AT]: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      [LOG_BRACKET]: id,
      [LOG_STATUS]: status,
    });
  });
}

/** The longest package name kept (the core's `PACKAGE_NAME_MAX`). */
export const MAX_PACKAGE_LENGTH = 80;

/**
 * Puts a bracket in package `name` (an empty name takes it out of its package), keeping its status
 * and holders, with the change's entry in the draft's log as member `by`: one Yjs transaction.
 */
export function setBracketPackage(draft: Y.Doc, brackets: Y.Map<unknown>, id: string, name: string, by: string): void {
  const pkg = name.trim().replace(/\s+/g, " ").slice(0, MAX_PACKAGE_LENGTH);
  if ((bracketInfo(brackets, id).package ?? "") === pkg) return;
  draft.transact(() => {
    let entry = brackets.get(id);
    if (!(entry instanceof Y.Map)) {
      const info = bracketInfo(brackets, id);
      const fresh = new Y.Map<unknown>();
      brackets.set(id, fresh);
      fresh.set(BRACKET_STATUS, info.status);
      fresh.set(BRACKET_HOLDERS, info.holders);
      entry = fresh;
    }
    const map = entry as Y.Map<unknown>;
    if (pkg) map.set(BRACKET_PACKAGE, pkg);
    else map.delete(BRACKET_PACKAGE);
    draft.getMap(LOG).set(newLogId(), {
      [LOG_KIND]: LOG_KIND_BRACKET_PACKAGE,
      [LOG_BY]: by,
      [LOG_AT]: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      [LOG_BRACKET]: id,
      [LOG_PACKAGE]: pkg || null,
    });
  });
}
