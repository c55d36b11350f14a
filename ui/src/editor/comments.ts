// mountComments: the comments panel, live from the notes doc — threads with quote, author, replies, resolve/reopen, orphans — and the new-comment form on the editor's selection.

import { TextSelection, type EditorState } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import * as Y from "yjs";
import {
  ATTR_ID,
  EDIT_BODY,
  EDIT_CREATED,
  EDIT_KIND,
  EDIT_KIND_EDIT,
  EDIT_REPLY,
  EDIT_THREAD,
  EDITS,
  REPLY_AUTHOR,
  REPLY_BODY,
  REPLY_CREATED,
  REPLY_ID,
  THREAD_ANCHOR_END,
  THREAD_ANCHOR_START,
  THREAD_AUTHOR,
  THREAD_BODY,
  THREAD_CREATED,
  THREAD_QUOTE,
  THREAD_RECORDED_BY,
  THREAD_REPLIES,
  THREAD_RESOLVED,
  THREADS,
} from "../collab/schema";
import type { NewComment } from "../ipc/types";
import { formatDateTime } from "../views/format";
import { anchorDecorationsOf, encodeRelative, relativeAt, resolveAnchor, type AnchorRange } from "./anchors";
import { contextOf } from "./context";
import type { EditorOptions } from "./editor";

export type CommentsOptions = EditorOptions & {
  editor: { view: EditorView };
  /** Member id → display name; without it the panel shows member ids. */
  names?: (memberId: string) => string;
};

interface ReplyData {
  id: string;
  author: string;
  /** The chair or Secretariat member who recorded it on `author`'s behalf ("" when none). */
  recordedBy: string;
  body: string;
  created: string;
  edited: boolean;
  /** Deleted by its writer: shown as deleted, without its words. */
  deleted: boolean;
}

interface ThreadData {
  id: string;
  quote: string;
  author: string;
  recordedBy: string;
  edited: boolean;
  body: string;
  created: string;
  resolved: boolean;
  replies: ReplyData[];
  start: unknown;
  end: unknown;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

function field(value: unknown, key: string): unknown {
  if (value instanceof Y.Map) return value.get(key);
  if (value && typeof value === "object") return (value as Record<string, unknown>)[key];
  return undefined;
}

/**
 * The edit records folded as the core folds them (`Notes::edit_log`): oldest first by their
 * writer's time, then id; "thread\u0000reply" (reply "" for the thread itself) → the latest body,
 * or null once deleted (a deletion is final). Every record here was checked by the core as its
 * writer's own before it reached this document.
 */
function readEdits(edits: Y.Map<unknown>): Map<string, string | null> {
  const records: { created: string; id: string; key: string; body: string | null }[] = [];
  edits.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const body = str(value.get(EDIT_KIND)) === EDIT_KIND_EDIT ? str(value.get(EDIT_BODY)) : null;
    records.push({ created: str(value.get(EDIT_CREATED)), id, key: `${str(value.get(EDIT_THREAD))}\u0000${str(value.get(EDIT_REPLY))}`, body });
  });
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  records.sort((a, b) => order(a.created, b.created) || order(a.id, b.id));
  const folded = new Map<string, string | null>();
  for (const r of records) {
    if (folded.get(r.key) === null) continue;
    folded.set(r.key, r.body);
  }
  return folded;
}

function readThreads(threads: Y.Map<unknown>, edits: Y.Map<unknown>): ThreadData[] {
  const out: ThreadData[] = [];
  const folded = readEdits(edits);
  threads.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const edit = folded.get(`${id}\u0000`);
    // A thread its writer deleted is gone, as in the core and the CLI.
    if (edit === null) return;
    const replies = value.get(THREAD_REPLIES);
    const list: unknown[] = replies instanceof Y.Array ? replies.toArray() : Array.isArray(replies) ? replies : [];
    out.push({
      id,
      quote: str(value.get(THREAD_QUOTE)),
      author: str(value.get(THREAD_AUTHOR)),
      recordedBy: str(value.get(THREAD_RECORDED_BY)),
      edited: edit !== undefined,
      body: edit ?? str(value.get(THREAD_BODY)),
      created: str(value.get(THREAD_CREATED)),
      resolved: value.get(THREAD_RESOLVED) === true,
      start: value.get(THREAD_ANCHOR_START),
      end: value.get(THREAD_ANCHOR_END),
      replies: list
        .filter((r) => r instanceof Y.Map || (r !== null && typeof r === "object"))
        .map((r) => {
          const replyId = str(field(r, REPLY_ID));
          const replyEdit = folded.get(`${id}\u0000${replyId}`);
          return {
            id: replyId,
            author: str(field(r, REPLY_AUTHOR)),
            recordedBy: str(field(r, THREAD_RECORDED_BY)),
            body: replyEdit === null ? "" : (replyEdit ?? str(field(r, REPLY_BODY))),
            created: str(field(r, REPLY_CREATED)),
            edited: typeof replyEdit === "string",
            deleted: replyEdit === null,
          };
        }),
    });
  });
  return out;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(text: string, className: string, testid: string): HTMLButtonElement {
  const b = el("button", `button button-small ${className}`.trim(), text);
  b.type = "button";
  b.setAttribute("data-testid", testid);
  return b;
}

/** The selection to comment on, kept to one paragraph (an anchor lives in one paragraph's text). */
export function commentRange(view: EditorView): AnchorRange | null {
  let { from, to } = view.state.selection;
  if (from === to) {
    // A read-only view may not have copied the DOM selection into its state yet.
    const dom = view.dom.ownerDocument.getSelection();
    if (dom && !dom.isCollapsed && dom.anchorNode && dom.focusNode && view.dom.contains(dom.anchorNode)) {
      try {
        const a = view.posAtDOM(dom.anchorNode, dom.anchorOffset);
        const b = view.posAtDOM(dom.focusNode, dom.focusOffset);
        from = Math.min(a, b);
        to = Math.max(a, b);
      } catch {
        return null;
      }
    }
  }
  if (from === to) return null;
  const doc = view.state.doc;
  const $from = doc.resolve(from);
  if ($from.depth < 1) return null;
  to = Math.min(to, $from.end(1));
  // Leave out white space at either end of the selection.
  const text = doc.textBetween(from, to);
  const lead = text.length - text.trimStart().length;
  const trail = text.length - text.trimEnd().length;
  if (lead === text.length) return null;
  return { from: from + lead, to: to - trail };
}

/** What comment_add needs for the range, computed now so that later edits by others do not move it. */
export function newCommentAt(state: EditorState, range: AnchorRange, body: string): NewComment | null {
  const start = relativeAt(state, range.from, "start");
  const end = relativeAt(state, range.to, "end");
  if (!start || !end) return null;
  return {
    anchor_start: encodeRelative(start),
    anchor_end: encodeRelative(end),
    quote: state.doc.textBetween(range.from, range.to),
    para: String(state.doc.resolve(range.from).node(1).attrs[ATTR_ID] ?? ""),
    body,
  };
}

/** Who wrote a comment, as its checked record says: "Kenya, recorded by the Secretariat", "(edited)". */
export function writtenBy(name: (id: string) => string, author: string, recordedBy: string, edited: boolean): string {
  const who = recordedBy && recordedBy !== author ? `${name(author)}, recorded by ${name(recordedBy)}` : name(author);
  return edited ? `${who} (edited)` : who;
}

class ThreadView {
  readonly element: HTMLLIElement;
  readonly #quote = el("blockquote", "thread-quote");
  readonly #state = el("p", "thread-state");
  readonly #author = el("span", "thread-author");
  readonly #created = el("time", "thread-created");
  readonly #body = el("p", "thread-body");
  readonly #replies = el("ol", "thread-replies");
  readonly #toggle = button("Resolve", "thread-resolve", "thread-resolve");
  readonly #expand = button("Show", "thread-expand", "thread-expand");
  readonly #replyForm = el("form", "reply-form");
  readonly #replyBox = el("textarea", "text-input reply-body");
  #data: ThreadData | null = null;
  #expanded = false;

  constructor(
    id: string,
    private readonly opts: CommentsOptions,
    private readonly name: (id: string) => string,
    private readonly select: (id: string) => void,
  ) {
    this.element = el("li", "thread");
    this.element.setAttribute("data-testid", "thread");
    this.element.setAttribute("data-thread-id", id);
    this.element.tabIndex = -1;
    const meta = el("p", "thread-meta");
    meta.append(this.#author, document.createTextNode(" · "), this.#created);
    const head = el("div", "thread-head");
    head.append(this.#quote, this.#state);
    head.title = "Show these words in the draft";
    head.addEventListener("click", () => this.select(id));
    const actions = el("div", "thread-actions");
    actions.append(this.#expand, this.#toggle);
    this.#expand.addEventListener("click", () => {
      this.#expanded = !this.#expanded;
      this.#render();
    });
    this.#toggle.addEventListener("click", () => void this.#setResolved());
    this.#replyBox.rows = 1;
    this.#replyBox.placeholder = "Reply…";
    this.#replyBox.setAttribute("aria-label", "Reply");
    this.#replyBox.setAttribute("data-testid", "reply-body");
    const send = el("button", "button button-small button-primary", "Reply");
    send.type = "submit";
    send.setAttribute("data-testid", "reply-submit");
    this.#replyForm.append(this.#replyBox, send);
    this.#replyBox.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.#replyForm.requestSubmit();
      }
    });
    this.#replyForm.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.#reply(send);
    });
    // The form shrinks when it loses the focus. If a press of the pointer took the focus away
    // (e.g. on this thread's Resolve), keep its size until that click has landed, so that the
    // button under the pointer does not move away before the click (WebKit does not focus
    // buttons on click, so the focus change alone cannot tell).
    this.#replyForm.addEventListener("focusout", () => {
      if (!pointerPressed) return;
      const form = this.#replyForm;
      form.classList.add("holding");
      const release = (): void => {
        document.removeEventListener("click", release, true);
        document.removeEventListener("pointercancel", release, true);
        window.setTimeout(() => form.classList.remove("holding"), 0);
      };
      document.addEventListener("click", release, true);
      document.addEventListener("pointercancel", release, true);
    });
    this.#toggle.hidden = !opts.canComment;
    this.#replyForm.hidden = !opts.canComment;
    this.element.append(head, meta, this.#body, this.#replies, this.#replyForm, actions);
  }

  update(data: ThreadData, orphaned: boolean): void {
    this.#data = data;
    this.element.setAttribute("data-orphaned", String(orphaned));
    this.element.setAttribute("data-resolved", String(data.resolved));
    this.#quote.textContent = data.quote;
    this.#state.textContent = orphaned ? "The quoted words were deleted from the draft." : "";
    this.#state.hidden = !orphaned;
    this.#author.textContent = writtenBy(this.name, data.author, data.recordedBy, data.edited);
    this.#created.textContent = formatDateTime(data.created);
    this.#created.dateTime = data.created;
    this.#body.textContent = data.body;
    this.#replies.replaceChildren(
      ...data.replies.map((r) => {
        const li = el("li", "reply");
        li.setAttribute("data-reply-id", r.id);
        const meta = el("p", "thread-meta");
        const time = el("time", "thread-created", formatDateTime(r.created));
        time.dateTime = r.created;
        meta.append(el("span", "thread-author", writtenBy(this.name, r.author, r.recordedBy, r.edited)), document.createTextNode(" · "), time);
        if (r.deleted) {
          li.setAttribute("data-deleted", "true");
          li.append(meta, el("p", "reply-body-text reply-deleted", "Deleted by its writer."));
        } else {
          li.append(meta, el("p", "reply-body-text", r.body));
        }
        return li;
      }),
    );
    this.#render();
  }

  #render(): void {
    const data = this.#data;
    if (!data) return;
    // A resolved thread shows only its quote until it is opened.
    const collapsed = data.resolved && !this.#expanded;
    this.element.classList.toggle("thread-resolved", data.resolved);
    this.element.classList.toggle("thread-collapsed", collapsed);
    this.#body.hidden = collapsed;
    this.#replies.hidden = collapsed || data.replies.length === 0;
    this.#replyForm.hidden = collapsed || data.resolved || !this.opts.canComment;
    this.#expand.hidden = !data.resolved;
    this.#expand.textContent = this.#expanded ? "Hide" : "Show";
    this.#expand.setAttribute("aria-expanded", String(this.#expanded));
    this.#toggle.textContent = data.resolved ? "Reopen" : "Resolve";
  }

  async #setResolved(): Promise<void> {
    const data = this.#data;
    if (!data) return;
    this.#toggle.disabled = true;
    try {
      await this.opts.comments.resolve(data.id, !data.resolved);
      this.#expanded = false;
    } catch (err) {
      this.opts.onError(err);
    } finally {
      this.#toggle.disabled = false;
    }
  }

  async #reply(send: HTMLButtonElement): Promise<void> {
    const data = this.#data;
    const body = this.#replyBox.value.trim();
    if (!data || !body) return;
    send.disabled = true;
    try {
      await this.opts.comments.reply(data.id, body);
      this.#replyBox.value = "";
    } catch (err) {
      this.opts.onError(err);
    } finally {
      send.disabled = false;
    }
  }

  setActive(active: boolean): void {
    this.element.classList.toggle("thread-active", active);
  }
}

/** Whether a pointer button is down anywhere in the window (see the reply form's focusout). */
let pointerPressed = false;
document.addEventListener("pointerdown", () => (pointerPressed = true), true);
document.addEventListener("pointerup", () => (pointerPressed = false), true);
document.addEventListener("pointercancel", () => (pointerPressed = false), true);

export function mountComments(container: HTMLElement, opts: CommentsOptions): { destroy(): void } {
  const view = opts.editor.view;
  const threads = opts.notes.getMap<unknown>(THREADS);
  const edits = opts.notes.getMap<unknown>(EDITS);
  const name = (id: string) => (id ? (opts.names?.(id) ?? id) : "Unknown");

  // The host (an aside) carries the panel's test id and landmark; this is its content.
  const panel = el("section", "comments");
  const title = el("h2", "panel-title", "Comments");
  panel.append(title);

  // --- new comment ------------------------------------------------------------------------
  const commentButton = button("Comment on selection", "comment-button button-primary", "comment-button");
  commentButton.title = "Select words in the draft, then comment on them";
  // Keep the editor's selection when the button is pressed.
  commentButton.addEventListener("mousedown", (e) => e.preventDefault());
  const form = el("form", "comment-form");
  form.hidden = true;
  const preview = el("blockquote", "thread-quote comment-quote-preview");
  const bodyBox = el("textarea", "text-input comment-body");
  bodyBox.rows = 3;
  bodyBox.placeholder = "Your comment";
  bodyBox.setAttribute("aria-label", "Comment");
  bodyBox.setAttribute("data-testid", "comment-body");
  const submit = el("button", "button button-small button-primary", "Comment");
  submit.type = "submit";
  submit.setAttribute("data-testid", "comment-submit");
  const cancel = button("Cancel", "", "comment-cancel");
  const formActions = el("div", "form-actions");
  formActions.append(cancel, submit);
  form.append(preview, bodyBox, formActions);
  const hint = el("p", "panel-note comment-hint");
  let pending: Omit<NewComment, "body"> | null = null;

  if (opts.canComment) {
    panel.append(commentButton, hint, form);
  } else {
    panel.append(el("p", "panel-note", "You can read the comments; your role cannot add any."));
  }

  commentButton.addEventListener("click", () => {
    const range = commentRange(view);
    if (!range) {
      hint.textContent = "Select the words you want to comment on first.";
      return;
    }
    const comment = newCommentAt(view.state, range, "");
    if (!comment) {
      hint.textContent = "The draft is not loaded yet.";
      return;
    }
    hint.textContent = "";
    const { body: _body, ...anchor } = comment;
    pending = anchor;
    preview.textContent = anchor.quote;
    form.hidden = false;
    bodyBox.focus();
  });
  const closeForm = () => {
    pending = null;
    form.hidden = true;
    bodyBox.value = "";
  };
  cancel.addEventListener("click", closeForm);
  bodyBox.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      closeForm();
      view.focus();
    } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void (async () => {
      const body = bodyBox.value.trim();
      if (!pending || !body) {
        bodyBox.focus();
        return;
      }
      submit.disabled = true;
      try {
        await opts.comments.add({ ...pending, body });
        pending = null;
        bodyBox.value = "";
        form.hidden = true;
      } catch (err) {
        opts.onError(err);
      } finally {
        submit.disabled = false;
      }
    })();
  });

  // --- threads ----------------------------------------------------------------------------
  const list = el("ol", "thread-list");
  const empty = el("p", "panel-empty", "No comments yet.");
  panel.append(empty, list);
  container.append(panel);

  const views = new Map<string, ThreadView>();
  let active: string | null = null;
  let lastSelection: [number, number] = [-1, -1];
  let lastDecorations: unknown = null;

  const selectThread = (id: string) => {
    const data = readThreads(threads, edits).find((t) => t.id === id);
    const range = data ? resolveAnchor(view.state, data.start, data.end) : null;
    if (range) {
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from, range.to)).scrollIntoView());
      // The clicked thread stays the active one, also where threads overlap.
      lastSelection = [range.from, range.to];
      lastDecorations = anchorDecorationsOf(view.state);
      view.focus();
    }
    setActive(id);
  };

  const setActive = (id: string | null) => {
    if (id === active) return;
    if (active) views.get(active)?.setActive(false);
    active = id;
    if (id) views.get(id)?.setActive(true);
  };

  const render = () => {
    const data = readThreads(threads, edits);
    const placed = data.map((t) => {
      const range = resolveAnchor(view.state, t.start, t.end);
      return { t, range, orphaned: range === null };
    });
    // Open threads in the order of their words in the draft, then orphaned ones, then resolved.
    const rank = (p: (typeof placed)[number]) => (p.t.resolved ? 2 : p.orphaned ? 1 : 0);
    placed.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (a.range?.from ?? 0) - (b.range?.from ?? 0) ||
        a.t.created.localeCompare(b.t.created) ||
        a.t.id.localeCompare(b.t.id),
    );
    const seen = new Set<string>();
    const order: HTMLElement[] = [];
    for (const p of placed) {
      let tv = views.get(p.t.id);
      if (!tv) {
        tv = new ThreadView(p.t.id, opts, name, selectThread);
        views.set(p.t.id, tv);
      }
      tv.update(p.t, p.orphaned);
      seen.add(p.t.id);
      order.push(tv.element);
    }
    for (const [id, tv] of views) {
      if (!seen.has(id)) {
        tv.element.remove();
        views.delete(id);
      }
    }
    // Move elements only when the order changed, so that a reply being typed keeps its focus.
    const current = [...list.children];
    if (current.length !== order.length || current.some((c, i) => c !== order[i])) list.replaceChildren(...order);
    empty.hidden = order.length > 0;
    // The thread whose words hold the cursor is the active one.
    const { from, to } = view.state.selection;
    const decos = anchorDecorationsOf(view.state);
    if (from !== lastSelection[0] || to !== lastSelection[1] || decos !== lastDecorations) {
      lastSelection = [from, to];
      lastDecorations = decos;
      const here = decos?.find(from, from)[0];
      const ids = (here?.spec as { threads?: string[] } | undefined)?.threads;
      setActive(ids?.[0] ?? null);
    }
  };

  let scheduled: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    scheduled ??= setTimeout(() => {
      scheduled = null;
      try {
        render();
      } catch (err) {
        opts.onError(err);
      }
    }, 30);
  };
  const observer = () => schedule();
  threads.observeDeep(observer);
  edits.observeDeep(observer);
  const context = contextOf(view);
  context?.listeners.add(schedule);
  render();

  return {
    destroy() {
      if (scheduled) clearTimeout(scheduled);
      threads.unobserveDeep(observer);
      edits.unobserveDeep(observer);
      context?.listeners.delete(schedule);
      panel.remove();
    },
  };
}
