// "Since you last looked" in the draft (issue #14 §5): the paragraphs others changed since this
// member last looked carry a bar in the margin, a tooltip and an accessible sentence ("Changed by
// Kenya, Peru since you last looked"), as ProseMirror node decorations. What is changed comes from
// the core (`since_seen`); this plugin only draws it, by paragraph id, and follows the paragraphs
// as the document changes until the core says again.

import { intlLocale, t } from "../i18n";
import type { Node as PMNode } from "prosemirror-model";
import { Plugin, PluginKey, type EditorState } from "prosemirror-state";
import { Decoration, DecorationSet, type EditorView } from "prosemirror-view";
import { ATTR_ID, PARA } from "../collab/schema";

/** A paragraph others changed, by id, with the delegations that changed it. */
export interface SeenChange {
  paraId: string;
  delegations: string[];
}

interface SeenState {
  changed: Map<string, string[]>;
  decorations: DecorationSet;
}

export const seenKey = new PluginKey<SeenState>("seen");

/** "Kenya", "Kenya and Peru", "Kenya, Peru and Chile"; "another member" when nobody is named. */
export function delegationList(names: string[]): string {
  if (names.length === 0) return t("seen-another-member");
  return new Intl.ListFormat(intlLocale(), { style: "long", type: "conjunction" }).format(names);
}

/** The sentence a changed paragraph carries (tooltip and accessible label). */
export function changedSentence(delegations: string[]): string {
  return t("seen-changed-by", { who: delegationList(delegations) });
}

function flag(sentence: string): HTMLElement {
  const span = document.createElement("span");
  span.className = "seen-flag";
  span.contentEditable = "false";
  span.setAttribute("role", "note");
  span.setAttribute("aria-label", sentence);
  span.setAttribute("data-testid", "seen-flag");
  span.title = sentence;
  // Read out in reading order by screen readers; drawn as the margin bar's tag.
  const text = document.createElement("span");
  text.className = "seen-flag-text";
  text.textContent = t("seen-changed");
  span.append(text);
  return span;
}

function build(doc: PMNode, changed: Map<string, string[]>): DecorationSet {
  if (changed.size === 0) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  doc.forEach((node, offset) => {
    if (node.type.name !== PARA) return;
    const by = changed.get(String(node.attrs[ATTR_ID] ?? ""));
    if (!by) return;
    const sentence = changedSentence(by);
    decorations.push(
      Decoration.node(offset, offset + node.nodeSize, { class: "seen-changed", title: sentence, "data-seen-by": by.join(", ") }),
      Decoration.widget(offset + 1, () => flag(sentence), { side: -1, key: `seen:${by.join("|")}`, ignoreSelection: true }),
    );
  });
  return DecorationSet.create(doc, decorations);
}

/** The plugin that draws the changed paragraphs; empty until `showSeen` is called. */
export function seenPlugin(): Plugin<SeenState> {
  return new Plugin<SeenState>({
    key: seenKey,
    state: {
      init: () => ({ changed: new Map(), decorations: DecorationSet.empty }),
      apply(tr, old, _before, after: EditorState) {
        const next = tr.getMeta(seenKey) as Map<string, string[]> | undefined;
        if (next) return { changed: next, decorations: build(after.doc, next) };
        if (!tr.docChanged || old.changed.size === 0) return old;
        return { changed: old.changed, decorations: build(after.doc, old.changed) };
      },
    },
    props: {
      decorations: (state) => seenKey.getState(state)?.decorations ?? DecorationSet.empty,
    },
  });
}

/** Marks `changes` (and only them) in `view`'s draft. */
export function showSeen(view: EditorView, changes: SeenChange[]): void {
  if (!seenKey.getState(view.state)) return;
  const map = new Map(changes.map((c) => [c.paraId, c.delegations]));
  view.dispatch(view.state.tr.setMeta(seenKey, map).setMeta("addToHistory", false));
}
