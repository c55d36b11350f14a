// Editing commands on paragraphs: kind, level (Tab / Shift-Tab), Enter that starts a paragraph of the right kind with a fresh id.

import { splitBlockAs } from "prosemirror-commands";
import type { Node as PMNode } from "prosemirror-model";
import type { Command, EditorState } from "prosemirror-state";
import type { ParaKind } from "../ipc/types";
import { ATTR_ID, ATTR_KIND, ATTR_LABEL, ATTR_LEVEL } from "../collab/schema";
import { newParagraphId } from "./ids";
import { insertedLabel, insertedSuffix, type NumberInput } from "./numbering";
import { MAX_LEVEL, paraType, toLevel } from "./schema";

/** The paragraphs the selection touches, with their positions. */
export function selectedParagraphs(state: EditorState): { node: PMNode; pos: number }[] {
  const { from, to } = state.selection;
  const out: { node: PMNode; pos: number }[] = [];
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (node.type === paraType) out.push({ node, pos });
    return false;
  });
  return out;
}

/** One transaction setting `attr` on the paragraphs at the given positions; false when there are none. */
function setAttribute(attr: string, changes: { pos: number; value: unknown }[]): Command {
  return (state, dispatch) => {
    if (changes.length === 0) return false;
    if (dispatch) {
      const tr = state.tr;
      for (const { pos, value } of changes) tr.setNodeAttribute(pos, attr, value);
      dispatch(tr);
    }
    return true;
  };
}

/** Sets the kind of every selected paragraph; a kind without levels goes back to level 0. */
export function setKind(kind: ParaKind): Command {
  return (state, dispatch) => {
    const paras = selectedParagraphs(state);
    if (paras.length === 0) return false;
    if (dispatch) {
      const tr = state.tr;
      for (const { node, pos } of paras) {
        if (node.attrs[ATTR_KIND] !== kind) tr.setNodeAttribute(pos, ATTR_KIND, kind);
        if ((kind === "title" || kind === "heading" || kind === "operative" || kind === "decision") && toLevel(node.attrs[ATTR_LEVEL]) !== 0) {
          tr.setNodeAttribute(pos, ATTR_LEVEL, 0);
        }
        if (kind === "item" && toLevel(node.attrs[ATTR_LEVEL]) === 0) tr.setNodeAttribute(pos, ATTR_LEVEL, 1);
        if (kind !== "decision" && node.attrs[ATTR_LABEL] !== null) tr.setNodeAttribute(pos, ATTR_LABEL, null);
      }
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** Sets (or, with null, removes) the fixed label of every selected decision, e.g. `17.A`. */
export function setLabel(label: string | null): Command {
  return (state, dispatch) => {
    const value = label?.trim() ? label.trim() : null;
    const paras = selectedParagraphs(state).filter(
      ({ node }) => node.attrs[ATTR_KIND] === "decision" && node.attrs[ATTR_LABEL] !== value,
    );
    return setAttribute(ATTR_LABEL, paras.map(({ pos }) => ({ pos, value })))(state, dispatch);
  };
}

/**
 * Numbers the paragraph at the cursor as inserted (`2 bis`: the paragraphs after it keep their
 * numbers, issue #14 §3), or, when it already is, takes the suffix off. One transaction.
 */
export const toggleInserted: Command = (state, dispatch) => {
  const [first] = selectedParagraphs(state);
  if (!first) return false;
  const paras: NumberInput[] = [];
  let index = -1;
  state.doc.forEach((node, offset) => {
    if (offset === first.pos) index = paras.length;
    paras.push({ kind: String(node.attrs[ATTR_KIND] ?? "text"), level: toLevel(node.attrs[ATTR_LEVEL]), label: (node.attrs[ATTR_LABEL] as string | null) ?? null });
  });
  const current = paras[index];
  if (!current) return false;
  const value = insertedSuffix(current) ? null : insertedLabel(paras, index);
  if (value === null && !insertedSuffix(current)) return false;
  return setAttribute(ATTR_LABEL, [{ pos: first.pos, value }])(state, dispatch);
};

/** Sets the level (0..2) of every selected paragraph. */
export function setLevel(level: number): Command {
  return (state, dispatch) => {
    const target = Math.min(MAX_LEVEL, Math.max(0, level));
    const paras = selectedParagraphs(state).filter(({ node }) => toLevel(node.attrs[ATTR_LEVEL]) !== target);
    return setAttribute(ATTR_LEVEL, paras.map(({ pos }) => ({ pos, value: target })))(state, dispatch);
  };
}

/** Moves every selected paragraph one level in (+1) or out (-1), within 0..2. */
export function shiftLevel(delta: 1 | -1): Command {
  return (state, dispatch) => {
    const paras = selectedParagraphs(state);
    const changes = paras
      .map(({ node, pos }) => ({ pos, from: toLevel(node.attrs[ATTR_LEVEL]) }))
      .map(({ pos, from }) => ({ pos, from, to: Math.min(MAX_LEVEL, Math.max(0, from + delta)) }))
      .filter((c) => c.to !== c.from);
    // Tab is taken even at the limit, so that focus stays in the text.
    if (changes.length === 0) return paras.length > 0;
    return setAttribute(ATTR_LEVEL, changes.map((c) => ({ pos: c.pos, value: c.to })))(state, dispatch);
  };
}

/**
 * Enter: splits the paragraph; the new one continues the same kind and level (after a title or
 * a heading, plain text), never copies a decision's label, and gets a fresh id.
 */
export const splitParagraph: Command = splitBlockAs((node, atEnd) => {
  if (node.type !== paraType) return null;
  const kind = String(node.attrs[ATTR_KIND] ?? "text");
  const nextKind = atEnd && (kind === "title" || kind === "heading") ? "text" : kind;
  return {
    type: paraType,
    attrs: {
      [ATTR_ID]: newParagraphId(),
      [ATTR_KIND]: nextKind,
      [ATTR_LEVEL]: nextKind === kind ? toLevel(node.attrs[ATTR_LEVEL]) : 0,
      [ATTR_LABEL]: null,
    },
  };
});
