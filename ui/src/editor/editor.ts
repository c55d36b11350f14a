// mountDraftEditor: the CITES page with the live ProseMirror editor bound to the draft's Yjs body (sync, remote carets, undo, layout, brackets, comment anchors, find).

import { t } from "../i18n";
import { baseKeymap, toggleMark } from "prosemirror-commands";
import { keymap } from "prosemirror-keymap";
import { EditorState, Plugin, type Transaction } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { redoCommand, undoCommand, yCursorPlugin, ySyncPlugin, ySyncPluginKey, yUndoPlugin } from "y-prosemirror";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { IpcError } from "../ipc";
import type { NewComment, ProposalTarget } from "../ipc/types";
import { ATTR_KIND, BODY, BRACKETS, MARK_BRACKET, META, META_KIND, PARA, THREADS } from "../collab/schema";
import { anchorsPlugin } from "./anchors";
import { bracketViews } from "./brackets";
import { caretColor } from "./colors";
import { shiftLevel, splitParagraph } from "./commands";
import { notify, registerContext, type EditorContext } from "./context";
import { findPlugin, mountFindBar, type FindBar } from "./find";
import { mountHeader } from "./header";
import { uniqueIdsPlugin } from "./ids";
import { pastePlugin } from "./paste";
import { layoutPlugin, setDraftKind } from "./layout";
import { opaqueGuardPlugin } from "./opaque";
import { seenPlugin } from "./seen";
import { emMark, schema, strongMark, underlineMark } from "./schema";
import { mountToolbar, type Toolbar } from "./toolbar";
import "./editor.css";

export interface EditorOptions {
  draft: Y.Doc;
  notes: Y.Doc;
  awareness: Awareness;
  /** info.permissions.draft !== "write" (observers), or a draft that needs a newer Caucus. */
  readOnly: boolean;
  /** info.permissions.notes === "write". */
  canComment: boolean;
  user: { name: string; color: string };
  /** The member this window writes as (the draft's log names them). */
  memberId: string;
  /** Picks one of a bracket's alternatives (the core checks who may). */
  chooseAlternative(id: string): Promise<void>;
  /** The comments panel, for the find bar's "Comments" scope (absent: it finds in the draft only). */
  commentsRoot?: HTMLElement;
  comments: {
    add(c: NewComment): Promise<string>;
    reply(thread: string, body: string): Promise<void>;
    resolve(thread: string, resolved: boolean): Promise<void>;
    support(thread: string, withdraw: boolean): Promise<void>;
    outcome(thread: string, outcome: string, observation: string): Promise<void>;
    proposalTarget(thread: string): Promise<ProposalTarget>;
    apply(thread: string, confirm: boolean): Promise<void>;
  };
  onError(err: unknown): void;
}

export interface DraftEditor {
  view: EditorView;
  focus(): void;
  destroy(): void;
}

interface AwarenessUser {
  name?: unknown;
  color?: unknown;
}

/** A remote caret with its owner's name; styled through the CSSOM (the CSP refuses style attributes). */
function cursorBuilder(user: AwarenessUser): HTMLElement {
  const color = caretColor(user.color);
  const caret = document.createElement("span");
  caret.className = "ProseMirror-yjs-cursor";
  caret.style.borderColor = color;
  const label = document.createElement("div");
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === "string" && user.name ? user.name : t("editor-someone");
  caret.append(document.createTextNode("\u2060"), label, document.createTextNode("\u2060"));
  return caret;
}

function selectionBuilder(user: AwarenessUser) {
  return { class: "ProseMirror-yjs-selection", style: `background-color: ${caretColor(user.color)}40` };
}

/** The code of the notice shown when a change would touch an opaque block. */
export const OPAQUE_KEPT = "draft.opaque_kept";

function draftKindOf(meta: Y.Map<unknown>): string {
  const kind = meta.get(META_KIND);
  return typeof kind === "string" ? kind : "resolution";
}

export function mountDraftEditor(container: HTMLElement, opts: EditorOptions): DraftEditor {
  const body = opts.draft.getXmlFragment(BODY);
  const meta = opts.draft.getMap<unknown>(META);
  const brackets = opts.draft.getMap<unknown>(BRACKETS);
  const threads = opts.notes.getMap<unknown>(THREADS);
  const editable = () => !opts.readOnly;

  opts.awareness.setLocalStateField("user", { name: opts.user.name, color: caretColor(opts.user.color) });

  const shell = document.createElement("div");
  shell.className = "editor-shell";
  shell.classList.toggle("editor-readonly", opts.readOnly);
  const page = document.createElement("article");
  page.className = "page editor-page";
  page.setAttribute("data-testid", "editor");
  page.setAttribute("aria-label", t("nav-draft"));
  const header = mountHeader(meta);
  const bodyBox = document.createElement("section");
  bodyBox.className = "doc-body";
  page.append(header.element, bodyBox);
  shell.append(page);
  container.append(shell);

  const bracketsView = bracketViews(brackets);
  const context: EditorContext = { draft: opts.draft, body, threads, listeners: new Set() };
  let toolbar: Toolbar | null = null;
  let find: FindBar | null = null;

  const editingKeys = editable()
    ? [
        keymap({
          "Mod-z": undoCommand,
          "Mod-y": redoCommand,
          "Mod-Shift-z": redoCommand,
          "Mod-b": toggleMark(strongMark),
          "Mod-i": toggleMark(emMark),
          "Mod-u": toggleMark(underlineMark),
          Tab: shiftLevel(1),
          "Shift-Tab": shiftLevel(-1),
          Enter: splitParagraph,
        }),
        keymap(baseKeymap),
      ]
    : [];

  const state = EditorState.create({
    schema,
    plugins: [
      // First: a refused transaction never reaches the other plugins' state.
      opaqueGuardPlugin(() =>
        opts.onError(
          new IpcError({
            code: OPAQUE_KEPT,
            message: "it would change content this version of Caucus cannot show, which is kept as written",
          }),
        ),
      ),
      ySyncPlugin(body),
      yCursorPlugin(opts.awareness, { cursorBuilder, selectionBuilder }),
      yUndoPlugin({ protectedNodes: new Set([PARA]) }),
      ...editingKeys,
      pastePlugin(opts.draft, brackets),
      uniqueIdsPlugin(editable),
      layoutPlugin(draftKindOf(meta)),
      anchorsPlugin(threads, () => notify(context)),
      findPlugin(),
      seenPlugin(),
      new Plugin({
        // A read-only view never changes the text itself: only what arrives through Yjs applies.
        filterTransaction: (tr: Transaction) => editable() || !tr.docChanged || tr.getMeta(ySyncPluginKey) !== undefined,
        view: (initial) => {
          const update = (v: EditorView): void => {
            let titleInBody = false;
            v.state.doc.forEach((n) => {
              titleInBody ||= n.attrs[ATTR_KIND] === "title";
            });
            header.setTitleInBody(titleInBody);
            toolbar?.update(v.state);
            find?.refresh();
            notify(context);
          };
          // ProseMirror calls `update` only from the next transaction on: run it for the first state too.
          queueMicrotask(() => update(initial));
          return { update };
        },
      }),
    ],
  });

  const view = new EditorView(bodyBox, {
    state,
    editable,
    markViews: { [MARK_BRACKET]: bracketsView.markView },
    attributes: {
      class: "draft-text",
      // A multi-line text box (aria-multiline is only allowed on one: axe-core, WCAG 4.1.2).
      role: "textbox",
      "aria-label": t("editor-text-label"),
      "aria-multiline": "true",
      ...(opts.readOnly ? { "aria-readonly": "true" } : {}),
    },
    // `this`, not `view`: y-prosemirror dispatches its first render while the view is constructed.
    dispatchTransaction(this: EditorView, tr: Transaction) {
      try {
        this.updateState(this.state.apply(tr));
      } catch (err) {
        opts.onError(err);
      }
    },
  });
  registerContext(view, context);

  // The toolbar (writers) and the find bar share one sticky strip above the page.
  const bars = document.createElement("div");
  bars.className = "editor-bars";
  if (!opts.readOnly) {
    toolbar = mountToolbar(view, { draft: opts.draft, brackets, memberId: opts.memberId, chooseAlternative: opts.chooseAlternative, onError: opts.onError });
    bars.append(toolbar.element);
  }
  // Replace follows the toolbar's rule: offered to whoever may edit the draft here.
  find = mountFindBar(view, { canReplace: !opts.readOnly, comments: opts.commentsRoot ?? null, onError: opts.onError });
  bars.append(find.element);
  shell.prepend(bars);

  const metaObserver = (event: Y.YMapEvent<unknown>) => {
    if (event.keysChanged.has(META_KIND)) view.dispatch(setDraftKind(view.state, draftKindOf(meta)));
  };
  meta.observe(metaObserver);

  return {
    view,
    focus: () => view.focus(),
    destroy() {
      meta.unobserve(metaObserver);
      toolbar?.destroy();
      find?.destroy();
      header.destroy();
      bracketsView.destroy();
      context.listeners.clear();
      view.destroy();
      opts.awareness.setLocalStateField("cursor", null);
      shell.remove();
    },
  };
}
