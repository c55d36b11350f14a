// Pasted and dropped content: copies of paragraphs and brackets already in the draft get new ids, so that ids stay unique and the originals keep theirs.

import { Fragment, Slice, type Mark, type Node as PMNode } from "prosemirror-model";
import { Plugin, PluginKey } from "prosemirror-state";
import * as Y from "yjs";
import { ATTR_ID, BRACKET_HOLDERS, BRACKET_STATUS, MARK_BRACKET_ID } from "../collab/schema";
import { bracketInfo } from "./brackets";
import { newBracketId } from "./ids";
import { bracketMark, paraType } from "./schema";

function idsInDoc(doc: PMNode): { paras: Set<string>; brackets: Set<string> } {
  const paras = new Set<string>();
  const brackets = new Set<string>();
  doc.descendants((node) => {
    if (node.type === paraType) paras.add(String(node.attrs[ATTR_ID] ?? ""));
    for (const mark of node.marks) if (mark.type === bracketMark) brackets.add(String(mark.attrs[MARK_BRACKET_ID] ?? ""));
    return true;
  });
  return { paras, brackets };
}

function mapFragment(fragment: Fragment, f: (node: PMNode) => PMNode): Fragment {
  const out: PMNode[] = [];
  fragment.forEach((child) => out.push(f(child)));
  return Fragment.fromArray(out);
}

/**
 * A pasted slice with new ids where the draft already has them: a paragraph whose id is in `doc`
 * loses it (the unique-ids plugin then gives it a fresh one); a bracket whose id is in `doc` gets
 * a new id (`renamed`: old → new). Cut-and-paste keeps ids: the originals are gone by then.
 */
export function rewritePasted(slice: Slice, doc: PMNode): { slice: Slice; renamed: Map<string, string> } {
  const existing = idsInDoc(doc);
  const renamed = new Map<string, string>();
  const rewriteMark = (mark: Mark): Mark => {
    if (mark.type !== bracketMark) return mark;
    const id = String(mark.attrs[MARK_BRACKET_ID] ?? "");
    if (!existing.brackets.has(id)) return mark;
    let fresh = renamed.get(id);
    if (!fresh) {
      fresh = newBracketId();
      renamed.set(id, fresh);
    }
    return bracketMark.create({ [MARK_BRACKET_ID]: fresh });
  };
  const rewrite = (node: PMNode): PMNode => {
    if (node.isText) return node.mark(node.marks.map(rewriteMark));
    let attrs = node.attrs;
    if (node.type === paraType && existing.paras.has(String(node.attrs[ATTR_ID] ?? ""))) {
      attrs = { ...node.attrs, [ATTR_ID]: "" };
    }
    return node.type.create(attrs, mapFragment(node.content, rewrite), node.marks.map(rewriteMark));
  };
  return { slice: new Slice(mapFragment(slice.content, rewrite), slice.openStart, slice.openEnd), renamed };
}

/** Pasted copies of brackets get their own entry in `brackets`, with the original's status and holders. */
export function pastePlugin(draft: Y.Doc, brackets: Y.Map<unknown>): Plugin {
  return new Plugin({
    key: new PluginKey("caucus-paste"),
    props: {
      transformPasted(slice, view) {
        // A read-only view refuses the paste anyway, and must not write brackets.
        if (!view.editable) return slice;
        const { slice: rewritten, renamed } = rewritePasted(slice, view.state.doc);
        if (renamed.size > 0) {
          draft.transact(() => {
            for (const [from, to] of renamed) {
              const info = bracketInfo(brackets, from);
              const entry = new Y.Map<unknown>();
              brackets.set(to, entry);
              entry.set(BRACKET_STATUS, info.status);
              entry.set(BRACKET_HOLDERS, info.holders);
            }
          });
        }
        return rewritten;
      },
    },
  });
}
