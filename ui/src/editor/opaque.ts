// Content the editor cannot show is kept: the guard that refuses local changes touching an `opaque` block, and
// the draft's schema version (a draft declaring a newer one than SCHEMA_VERSION is opened read-only).
//
// The patched y-prosemirror (ui/patches/) renders a Yjs element that does not fit the schema as one
// `opaque` node and never writes it back. Its diff from ProseMirror to Yjs compares the top-level
// nodes from both ends and rewrites the middle; the guard keeps every opaque node out of that middle:
// a local transaction whose changed top-level range (nodes compared by identity from both ends, in
// the old and the new document) holds an opaque node is refused whole. Changes that arrive through
// Yjs (y-prosemirror's own transactions) are never refused.

import type { Node as PMNode } from "prosemirror-model";
import { Plugin, PluginKey, type Transaction } from "prosemirror-state";
import { ySyncPluginKey } from "y-prosemirror";
import type * as Y from "yjs";
import { META_SCHEMA_VERSION, SCHEMA_VERSION } from "../collab/schema";
import { OPAQUE } from "./schema";

export const opaqueGuardKey = new PluginKey("caucus-opaque-guard");

/**
 * The top-level children that differ between two documents: [from, oldTo) in `a`, [from, newTo) in
 * `b`, comparing nodes by identity from the start and from the end (as y-prosemirror's diff does).
 */
export function changedTopLevel(a: PMNode, b: PMNode): { from: number; oldTo: number; newTo: number } {
  const [n, m] = [a.childCount, b.childCount];
  let from = 0;
  while (from < n && from < m && a.child(from) === b.child(from)) from++;
  let end = 0;
  while (end < n - from && end < m - from && a.child(n - 1 - end) === b.child(m - 1 - end)) end++;
  return { from, oldTo: n - end, newTo: m - end };
}

function holdsOpaque(doc: PMNode, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (doc.child(i).type.name === OPAQUE) return true;
  return false;
}

/** Whether the local transaction `tr` would add, remove, move or replace an opaque node. */
export function touchesOpaque(tr: Transaction): boolean {
  if (!tr.docChanged) return false;
  const { from, oldTo, newTo } = changedTopLevel(tr.before, tr.doc);
  return holdsOpaque(tr.before, from, oldTo) || holdsOpaque(tr.doc, from, newTo);
}

/** Number of opaque blocks in a document. */
export function countOpaque(doc: PMNode): number {
  let n = 0;
  doc.forEach((node) => {
    if (node.type.name === OPAQUE) n++;
  });
  return n;
}

/**
 * Refuses local transactions that touch an opaque block (`onRefused` is told, after the refusal);
 * what comes through Yjs passes.
 */
export function opaqueGuardPlugin(onRefused: () => void): Plugin {
  return new Plugin({
    key: opaqueGuardKey,
    filterTransaction(tr) {
      if (tr.getMeta(ySyncPluginKey) !== undefined || !touchesOpaque(tr)) return true;
      queueMicrotask(onRefused);
      return false;
    },
  });
}

/**
 * The layout version a draft declares in `meta` (as `Draft::schema_version` reads it): 1 when
 * absent or not an integer (nor its decimal string), at least 1.
 */
export function declaredSchemaVersion(meta: Y.Map<unknown>): number {
  const value = meta.get(META_SCHEMA_VERSION);
  const n = typeof value === "number" ? value : typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  return Number.isSafeInteger(n) ? Math.max(1, n) : 1;
}

/** Whether a draft needs a newer Caucus than this one to be edited. */
export function isNewerDraft(meta: Y.Map<unknown>): boolean {
  return declaredSchemaVersion(meta) > SCHEMA_VERSION;
}
