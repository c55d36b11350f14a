// Stable random ids for paragraphs and brackets (`p-…`, `b-…`, like the core's Host::id) and the plugin that keeps paragraph ids unique.

import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { ATTR_ID, PARA } from "../collab/schema";

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

export const uniqueIdsKey = new PluginKey("caucus-unique-ids");

/**
 * The transaction that gives every paragraph with a missing or repeated id a fresh one (the
 * first paragraph in document order keeps a repeated id), or null when all ids are unique.
 */
export function fixParagraphIds(state: EditorState): Transaction | null {
  const seen = new Set<string>();
  let tr: Transaction | null = null;
  state.doc.forEach((node, offset) => {
    if (node.type.name !== PARA) return;
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
 * New paragraphs (Enter, paste, split) get a fresh id. Only in a view that may write: a read-only
 * view must never produce a Yjs update (the core would refuse it).
 */
export function uniqueIdsPlugin(editable: () => boolean): Plugin {
  return new Plugin({
    key: uniqueIdsKey,
    appendTransaction(transactions, _old, state) {
      if (!editable() || !transactions.some((tr) => tr.docChanged)) return null;
      return fixParagraphIds(state);
    },
  });
}
