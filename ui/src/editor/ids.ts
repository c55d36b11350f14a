// Stable random ids for paragraphs and brackets (`p-…`, `b-…`, like the core's Host::id) and the plugin that keeps paragraph ids unique.

import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { ySyncPluginKey } from "y-prosemirror";
import { ATTR_ID, PARA } from "../collab/schema";
import { changedTopLevel } from "./opaque";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** `prefix-` then 10 random base32 characters (50 bits), as `caucus::host::Host::id` makes them. */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(10);
  globalThis.crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += ALPHABET[b & 31];
  return `${prefix}-${s}`;
}

export const newParagraphId = (): string => newId("p");
export const newBracketId = (): string => newId("b");
export const newLogId = (): string => newId("l");

export const uniqueIdsKey = new PluginKey("caucus-unique-ids");

/**
 * The transaction that gives every paragraph with a missing or repeated id a fresh one (the
 * first paragraph in document order keeps a repeated id), or null when all ids are unique. With
 * `only` (top-level child indexes [from, to)), only paragraphs there are given new ids, and a
 * paragraph outside keeps its id against them.
 */
export function fixParagraphIds(state: EditorState, only?: { from: number; to: number }): Transaction | null {
  const seen = new Set<string>();
  const inRange = (i: number) => !only || (i >= only.from && i < only.to);
  if (only) {
    state.doc.forEach((node, _offset, i) => {
      const id = node.attrs[ATTR_ID];
      if (!inRange(i) && node.type.name === PARA && typeof id === "string" && id !== "") seen.add(id);
    });
  }
  let tr: Transaction | null = null;
  state.doc.forEach((node, offset, i) => {
    if (node.type.name !== PARA || !inRange(i)) return;
    const id = node.attrs[ATTR_ID];
    if (typeof id === "string" && id !== "" && !seen.has(id)) {
      seen.add(id);
      return;
    }
    let fresh = newParagraphId();
    while (seen.has(fresh)) fresh = newParagraphId();
    seen.add(fresh);
    tr ??= state.tr;
    tr.setNodeAttribute(offset, ATTR_ID, fresh);
  });
  return tr;
}

/**
 * New paragraphs (Enter, paste, split) get a fresh id: only those this window's own transactions
 * changed, and only in a view that may write. What arrives through Yjs is never rewritten (the
 * window would otherwise write on load, and rewrite peers' paragraphs), and a read-only view must
 * never produce a Yjs update (the core would refuse it).
 */
export function uniqueIdsPlugin(editable: () => boolean): Plugin {
  return new Plugin({
    key: uniqueIdsKey,
    appendTransaction(transactions, old, state) {
      if (!editable() || !transactions.some((tr) => tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined)) return null;
      const { from, newTo } = changedTopLevel(old.doc, state.doc);
      return from < newTo ? fixParagraphIds(state, { from, to: newTo }) : null;
    },
  });
}
