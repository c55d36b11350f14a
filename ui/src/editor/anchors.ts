// Comment anchors: Yjs relative positions into the draft's body ↔ ProseMirror positions, and the plugin that highlights open threads' anchors.

import type { Node as PMNode } from "prosemirror-model";
import { Plugin, PluginKey, type EditorState } from "prosemirror-state";
import { Decoration, DecorationSet, type EditorView } from "prosemirror-view";
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from "y-prosemirror";
import * as Y from "yjs";
import { THREAD_ANCHOR_END, THREAD_ANCHOR_START, THREAD_RESOLVED } from "../collab/schema";

type Mapping = Map<Y.AbstractType<unknown>, PMNode | PMNode[]>;

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Mapping; isDestroyed?: boolean } | null;
}

function syncState(state: EditorState): SyncState | null {
  const s = ySyncPluginKey.getState(state) as SyncState | undefined;
  return s && s.binding ? s : null;
}

/** The body's XmlText that holds the text of the paragraph `para` (the core writes exactly one). */
function textOf(mapping: Mapping, para: PMNode): Y.XmlText | null {
  for (const [type, node] of mapping) {
    if (node === para && type instanceof Y.XmlElement) {
      const texts = type.toArray().filter((c): c is Y.XmlText => c instanceof Y.XmlText);
      return texts.length === 1 ? texts[0]! : null;
    }
  }
  return null;
}

/**
 * The Yjs relative position of ProseMirror position `pos`, in the paragraph's XmlText as the core
 * makes them: the start sticks to the character after it, the end to the character before it
 * (so text typed just outside a quote never joins it). Falls back to y-prosemirror's mapping.
 */
export function relativeAt(state: EditorState, pos: number, side: "start" | "end"): Y.RelativePosition | null {
  const sync = syncState(state);
  if (!sync?.binding) return null;
  const $pos = state.doc.resolve(pos);
  if ($pos.depth >= 1) {
    const text = textOf(sync.binding.mapping, $pos.node(1));
    if (text) return Y.createRelativePositionFromTypeIndex(text, $pos.parentOffset, side === "start" ? 0 : -1);
  }
  return absolutePositionToRelativePosition(pos, sync.type, sync.binding.mapping) as Y.RelativePosition;
}

export function encodeRelative(rel: Y.RelativePosition): number[] {
  return Array.from(Y.encodeRelativePosition(rel));
}

/** Bytes of an anchor as stored in the notes doc (Uint8Array; tolerate a plain number array). */
function toBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value) && value.every((n) => typeof n === "number")) return Uint8Array.from(value);
  return null;
}

export type AnchorRange = { from: number; to: number };

/**
 * Where an anchor's words are now: a non-empty range inside one paragraph, or null when it is
 * orphaned (its words or paragraph were deleted, or the bytes do not resolve). `undefined` while
 * the editor has not rendered the draft yet (nothing can be said).
 */
export function resolveAnchor(state: EditorState, start: unknown, end: unknown): AnchorRange | null | undefined {
  const sync = syncState(state);
  if (!sync?.binding || sync.binding.mapping.size === 0) return undefined;
  const a = toBytes(start);
  const b = toBytes(end);
  if (!a || !b) return null;
  try {
    const from = relativePositionToAbsolutePosition(sync.doc, sync.type, Y.decodeRelativePosition(a), sync.binding.mapping);
    const to = relativePositionToAbsolutePosition(sync.doc, sync.type, Y.decodeRelativePosition(b), sync.binding.mapping);
    if (from === null || to === null || from >= to || to > state.doc.content.size) return null;
    const $from = state.doc.resolve(from);
    const $to = state.doc.resolve(to);
    if ($from.depth < 1 || !$from.sameParent($to)) return null;
    if (state.doc.textBetween(from, to) === "") return null;
    return { from, to };
  } catch {
    // Bytes that are not a relative position, or one into a part of the doc we do not show.
    return null;
  }
}

/** What the anchor plugin needs of a thread. */
export interface AnchoredThread {
  id: string;
  start: unknown;
  end: unknown;
  resolved: boolean;
}

export function threadsOf(threads: Y.Map<unknown>): AnchoredThread[] {
  const out: AnchoredThread[] = [];
  threads.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    out.push({
      id,
      start: value.get(THREAD_ANCHOR_START),
      end: value.get(THREAD_ANCHOR_END),
      resolved: value.get(THREAD_RESOLVED) === true,
    });
  });
  return out;
}

/** Inline decorations `span.comment-anchor[data-thread-ids]`, one per stretch covered by the same threads. */
export function anchorDecorations(state: EditorState, threads: AnchoredThread[]): DecorationSet {
  const ranges: { id: string; from: number; to: number }[] = [];
  for (const t of threads) {
    if (t.resolved) continue;
    const r = resolveAnchor(state, t.start, t.end);
    if (r) ranges.push({ id: t.id, ...r });
  }
  if (ranges.length === 0) return DecorationSet.empty;
  const cuts = [...new Set(ranges.flatMap((r) => [r.from, r.to]))].sort((x, y) => x - y);
  const decorations: Decoration[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    const ids = ranges.filter((r) => r.from <= from && r.to >= to).map((r) => r.id).sort();
    if (ids.length === 0) continue;
    decorations.push(
      Decoration.inline(from, to, { class: "comment-anchor", "data-thread-ids": ids.join(" ") }, { threads: ids }),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

function sameDecorations(a: DecorationSet, b: DecorationSet): boolean {
  const x = a.find();
  const y = b.find();
  return (
    x.length === y.length &&
    x.every((d, i) => {
      const e = y[i]!;
      return d.from === e.from && d.to === e.to && (d.spec as { threads?: string[] }).threads?.join(" ") === (e.spec as { threads?: string[] }).threads?.join(" ");
    })
  );
}

interface AnchorsState {
  decorations: DecorationSet;
  /** Mapped through a local edit: to be resolved again once y-prosemirror's mapping follows. */
  stale: boolean;
}

export const anchorsKey = new PluginKey<AnchorsState>("caucus-comment-anchors");

/** The anchor decorations of a state (for the comments panel: which threads hold the cursor). */
export function anchorDecorationsOf(state: EditorState): DecorationSet | null {
  return anchorsKey.getState(state)?.decorations ?? null;
}

/**
 * Highlights the anchors of the open threads in `threads` (the notes doc's map). A change that
 * comes from Yjs is resolved at once (y-prosemirror's mapping is current when it dispatches); a
 * local edit moves the highlights with it, and they are resolved again right after the edit has
 * reached Yjs; a change of the notes resolves them again too.
 */
export function anchorsPlugin(threads: Y.Map<unknown>, onChange: () => void): Plugin<AnchorsState> {
  return new Plugin<AnchorsState>({
    key: anchorsKey,
    state: {
      init: () => ({ decorations: DecorationSet.empty, stale: true }),
      apply(tr, value, _old, state) {
        const next = tr.getMeta(anchorsKey) as DecorationSet | undefined;
        if (next) return { decorations: next, stale: false };
        if (!tr.docChanged) return value;
        const fromYjs = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
        if (fromYjs) return { decorations: anchorDecorations(state, threadsOf(threads)), stale: false };
        return { decorations: value.decorations.map(tr.mapping, tr.doc), stale: true };
      },
    },
    props: {
      decorations: (state) => anchorsKey.getState(state)?.decorations ?? null,
    },
    view(view: EditorView) {
      let scheduled = false;
      let destroyed = false;
      const refresh = () => {
        if (scheduled) return;
        scheduled = true;
        queueMicrotask(() => {
          scheduled = false;
          if (destroyed) return;
          const current = anchorsKey.getState(view.state)?.decorations ?? DecorationSet.empty;
          const next = anchorDecorations(view.state, threadsOf(threads));
          // Typing rarely moves an anchor other than by mapping: then there is nothing to redraw.
          if (sameDecorations(current, next)) return;
          view.dispatch(view.state.tr.setMeta(anchorsKey, next));
          onChange();
        });
      };
      const observer = () => refresh();
      threads.observeDeep(observer);
      refresh();
      return {
        update(v, prev) {
          if (v.state.doc !== prev.doc && anchorsKey.getState(v.state)?.stale) refresh();
        },
        destroy() {
          destroyed = true;
          threads.unobserveDeep(observer);
        },
      };
    },
  });
}
