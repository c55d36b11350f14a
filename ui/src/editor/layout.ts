// The CITES layout of the editable page: computed numbers on paragraphs (data-number), the Conference line of a resolution, the front matter.

import type { Node as PMNode } from "prosemirror-model";
import { Plugin, PluginKey, type EditorState } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import { ySyncPluginKey } from "y-prosemirror";
import { CONFERENCE_LINE } from "../cites";
import { ATTR_KIND, ATTR_LABEL, ATTR_LEVEL } from "../collab/schema";
import { number } from "./numbering";
import { toLevel } from "./schema";


interface LayoutState {
  /** `resolution` or `decisions`, from the draft's `meta`. */
  draftKind: string;
  decorations: DecorationSet;
}

export const layoutKey = new PluginKey<LayoutState>("caucus-layout");

/** Meta of a transaction that tells the plugin the draft's kind changed. */
interface LayoutMeta {
  draftKind: string;
}

/** The number each paragraph shows, in document order (null when unnumbered). */
export function paragraphNumbers(doc: PMNode): (string | null)[] {
  const input: { kind: string; level: number; label: string | null }[] = [];
  doc.forEach((node) => {
    const label = node.attrs[ATTR_LABEL];
    input.push({
      kind: String(node.attrs[ATTR_KIND] ?? "text"),
      level: toLevel(node.attrs[ATTR_LEVEL]),
      label: typeof label === "string" && label !== "" ? label : null,
    });
  });
  return number(input);
}

function conferenceWidget(): HTMLElement {
  const line = document.createElement("p");
  line.className = "doc-conference";
  line.setAttribute("data-testid", "conference-line");
  line.textContent = CONFERENCE_LINE;
  return line;
}

function decorate(doc: PMNode, draftKind: string): DecorationSet {
  const numbers = paragraphNumbers(doc);
  const decorations: Decoration[] = [];
  let front = true;
  let conferenceShown = false;
  let index = 0;
  doc.forEach((node, offset) => {
    const kind = String(node.attrs[ATTR_KIND] ?? "text");
    const num = numbers[index++] ?? null;
    // Text before the first other paragraph completes the header (place and dates, committee).
    front &&= kind === "text";
    if (kind === "operative" && draftKind === "resolution" && !conferenceShown) {
      decorations.push(Decoration.widget(offset, conferenceWidget, { side: -1, key: "conference", ignoreSelection: true }));
      conferenceShown = true;
    }
    const attrs: Record<string, string> = {};
    if (num !== null) attrs["data-number"] = num;
    if (front) attrs.class = "front";
    if (num !== null || front) decorations.push(Decoration.node(offset, offset + node.nodeSize, attrs));
  });
  return DecorationSet.create(doc, decorations);
}

/** Same paragraphs in the same order with the same attributes (kind, level, label decide the layout). */
function sameParagraphAttrs(a: PMNode, b: PMNode): boolean {
  if (a.childCount !== b.childCount) return false;
  for (let i = 0; i < a.childCount; i++) {
    const x = a.child(i).attrs;
    const y = b.child(i).attrs;
    if (x !== y && (x[ATTR_KIND] !== y[ATTR_KIND] || x[ATTR_LEVEL] !== y[ATTR_LEVEL] || x[ATTR_LABEL] !== y[ATTR_LABEL])) return false;
  }
  return true;
}

/** Numbers every paragraph and places the Conference line; `draftKind` is the initial `meta.kind`. */
export function layoutPlugin(draftKind: string): Plugin<LayoutState> {
  return new Plugin<LayoutState>({
    key: layoutKey,
    state: {
      init: (_config, state: EditorState) => ({ draftKind, decorations: decorate(state.doc, draftKind) }),
      apply(tr, value, old, state) {
        const meta = tr.getMeta(layoutKey) as LayoutMeta | undefined;
        const kind = meta?.draftKind ?? value.draftKind;
        if (!tr.docChanged && kind === value.draftKind) return value;
        // Typing changes no paragraph's attributes: the numbers only move with the text. (Not
        // after a change from Yjs: y-prosemirror replaces the whole document, nothing maps.)
        const fromYjs = tr.getMeta(ySyncPluginKey) !== undefined;
        if (!fromYjs && kind === value.draftKind && sameParagraphAttrs(old.doc, state.doc)) {
          return { draftKind: kind, decorations: value.decorations.map(tr.mapping, tr.doc) };
        }
        return { draftKind: kind, decorations: decorate(state.doc, kind) };
      },
    },
    props: {
      decorations: (state) => layoutKey.getState(state)?.decorations ?? null,
    },
  });
}

/** Tells the layout plugin of a view that the draft's kind is now `draftKind`. */
export function setDraftKind(state: EditorState, draftKind: string) {
  return state.tr.setMeta(layoutKey, { draftKind } satisfies LayoutMeta);
}
