// What the comments panel needs of a mounted editor (its Yjs types, a signal on every update), found by its EditorView.

import type { EditorView } from "prosemirror-view";
import type * as Y from "yjs";

export interface EditorContext {
  draft: Y.Doc;
  body: Y.XmlFragment;
  threads: Y.Map<unknown>;
  /** Called after every editor update and every re-resolution of the comment anchors. */
  listeners: Set<() => void>;
}

const contexts = new WeakMap<EditorView, EditorContext>();

export function registerContext(view: EditorView, context: EditorContext): void {
  contexts.set(view, context);
}

export function contextOf(view: EditorView): EditorContext | undefined {
  return contexts.get(view);
}

export function notify(context: EditorContext): void {
  for (const listener of [...context.listeners]) listener();
}
