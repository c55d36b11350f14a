// Find (and replace) in the draft and the comments panel (issue #14 §5): the pure matching (foldCase, findInText,
// draftMatches, replaceSegments), the ProseMirror plugin that holds the query and paints the matches as decorations
// (the current one distinct), and the find bar (mountFindBar: Ctrl+F / Cmd+F, Enter / Shift+Enter / F3, a live
// "3 of 12", Match case, Draft / Comments, Replace and Replace all for those who may edit the draft).
//
// Invariants: a match never crosses a paragraph, nor enters an opaque block (an atom: its text is not the
// document's); Replace all is one undo step (y-prosemirror's UndoManager, capture stopped before and after) and one
// ProseMirror (so one Yjs) transaction, except where opaque blocks lie between matches: then one transaction per
// stretch between them (the opaque guard refuses a change whose changed top-level range holds one), dispatched
// together so that they still make one undo step. The comments are searched in the panel's own text (thread text
// and replies) and marked there (`mark.find-hit` around the matched text, which stays as it was), the
// marks taken out when the bar closes or the query changes.

import { t } from "../i18n";
import type { Node as PMNode } from "prosemirror-model";
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from "prosemirror-state";
import { Decoration, DecorationSet, type EditorView } from "prosemirror-view";
import { yUndoPluginKey } from "y-prosemirror";
import { OPAQUE } from "./schema";

// ---- pure matching -------------------------------------------------------------------------------

/** `s` with each UTF-16 unit lower-cased where that keeps its length (so indexes stay those of `s`). */
export function foldCase(s: string): string {
  let out = "";
  for (const ch of s) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

/** Start indexes of the non-overlapping occurrences of `query` in `text`, left to right. */
export function findInText(text: string, query: string, matchCase: boolean): number[] {
  if (!query) return [];
  const hay = matchCase ? text : foldCase(text);
  const needle = matchCase ? query : foldCase(query);
  const out: number[] = [];
  let at = hay.indexOf(needle);
  while (at !== -1) {
    out.push(at);
    at = hay.indexOf(needle, at + needle.length);
  }
  return out;
}

/** A match in the draft: document positions, and the index of its top-level block. */
export interface Match {
  from: number;
  to: number;
  block: number;
}

/**
 * The matches of `query` in the document's paragraphs, in document order. A paragraph's text is its text
 * nodes joined (marks do not split a match); other inline leaves count as one object character.
 */
export function draftMatches(doc: PMNode, query: string, matchCase: boolean): Match[] {
  const out: Match[] = [];
  if (!query) return out;
  doc.forEach((block, offset, index) => {
    if (!block.isTextblock) return;
    let text = "";
    const pos: number[] = [];
    block.forEach((child, childOffset) => {
      const start = offset + 1 + childOffset;
      if (child.isText) {
        const t = child.text ?? "";
        for (let i = 0; i < t.length; i++) pos.push(start + i);
        text += t;
      } else {
        pos.push(start);
        text += "\ufffc";
      }
    });
    const end = offset + block.nodeSize - 1;
    for (const at of findInText(text, query, matchCase)) {
      const from = pos[at];
      const last = at + query.length;
      const to = last < pos.length ? pos[last] : end;
      if (from !== undefined && to !== undefined) out.push({ from, to, block: index });
    }
  });
  return out;
}

/**
 * The matches split into stretches that hold no opaque block between their first and last match's
 * top-level blocks (each stretch is one transaction the opaque guard lets through).
 */
export function replaceSegments(doc: PMNode, matches: readonly Match[]): Match[][] {
  const opaque: number[] = [];
  doc.forEach((node, _offset, index) => {
    if (node.type.name === OPAQUE) opaque.push(index);
  });
  const out: Match[][] = [];
  let current: Match[] = [];
  for (const m of matches) {
    const first = current[0];
    if (first && opaque.some((o) => o > first.block && o < m.block)) {
      out.push(current);
      current = [];
    }
    current.push(m);
  }
  if (current.length) out.push(current);
  return out;
}

/** Replaces `matches` (in document order, in `tr`'s starting document) by `text`, last first; keeps each match's marks. */
export function replaceIn(tr: Transaction, matches: readonly Match[], text: string): Transaction {
  for (let i = matches.length - 1; i >= 0; i--) {
    const m = matches[i]!;
    if (text) tr.insertText(text, m.from, m.to);
    else tr.delete(m.from, m.to);
  }
  return tr;
}

// ---- the plugin ----------------------------------------------------------------------------------

export interface FindState {
  query: string;
  matchCase: boolean;
  matches: Match[];
  /** Index of the current match in `matches` (0 when there is none). */
  current: number;
  decorations: DecorationSet;
}

/** What a transaction may set (meta of `findKey`); `near`: the current match is the first at or after it. */
export interface FindMeta {
  query?: string;
  matchCase?: boolean;
  current?: number;
  near?: number;
}

export const findKey = new PluginKey<FindState>("caucus-find");

function decorate(doc: PMNode, matches: readonly Match[], current: number): DecorationSet {
  if (matches.length === 0) return DecorationSet.empty;
  return DecorationSet.create(
    doc,
    matches.map((m, i) =>
      Decoration.inline(m.from, m.to, i === current ? { class: "find-match find-current", "data-find": "current" } : { class: "find-match" }),
    ),
  );
}

function firstAtOrAfter(matches: readonly Match[], pos: number): number {
  const i = matches.findIndex((m) => m.from >= pos);
  return i === -1 ? 0 : i;
}

/** Holds the query and the draft's matches; recomputes them when the query or the document changes. */
export function findPlugin(): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findKey,
    state: {
      init: () => ({ query: "", matchCase: false, matches: [], current: 0, decorations: DecorationSet.empty }),
      apply(tr, prev): FindState {
        const meta = tr.getMeta(findKey) as FindMeta | undefined;
        if (!meta && (!tr.docChanged || !prev.query)) return prev;
        const query = meta?.query ?? prev.query;
        const matchCase = meta?.matchCase ?? prev.matchCase;
        const again = tr.docChanged || query !== prev.query || matchCase !== prev.matchCase;
        const matches = again ? draftMatches(tr.doc, query, matchCase) : prev.matches;
        let current: number;
        if (meta?.current !== undefined) current = matches.length ? ((meta.current % matches.length) + matches.length) % matches.length : 0;
        else if (meta?.near !== undefined) current = firstAtOrAfter(matches, meta.near);
        else if (tr.docChanged) {
          const was = prev.matches[prev.current];
          current = was ? firstAtOrAfter(matches, tr.mapping.map(was.from, -1)) : 0;
        } else current = Math.min(prev.current, Math.max(0, matches.length - 1));
        return { query, matchCase, matches, current, decorations: decorate(tr.doc, matches, current) };
      },
    },
    props: {
      decorations: (state) => findKey.getState(state)?.decorations ?? DecorationSet.empty,
    },
  });
}

export function findState(state: EditorState): FindState | undefined {
  return findKey.getState(state);
}

/** Ends the undo manager's current capture, so that what follows is an undo step of its own. */
function stopCapturing(state: EditorState): void {
  const undo = yUndoPluginKey.getState(state) as { undoManager?: { stopCapturing(): void } } | undefined;
  undo?.undoManager?.stopCapturing();
}

/** Replaces the current match by `text`; the next match becomes the current one. Returns whether it replaced. */
export function replaceCurrent(view: EditorView, text: string): boolean {
  const find = findState(view.state);
  const m = find?.matches[find.current];
  if (!find || !m) return false;
  stopCapturing(view.state);
  const before = view.state.doc;
  view.dispatch(replaceIn(view.state.tr, [m], text).setMeta(findKey, { near: m.from + text.length } satisfies FindMeta));
  stopCapturing(view.state);
  return view.state.doc !== before;
}

/** Replaces every match by `text` as one undo step (see the module's invariants); returns how many it replaced. */
export function replaceAll(view: EditorView, text: string): number {
  const find = findState(view.state);
  if (!find || find.matches.length === 0) return 0;
  const segments = replaceSegments(view.state.doc, find.matches);
  stopCapturing(view.state);
  let replaced = 0;
  for (const [i, segment] of segments.entries()) {
    // Later segments: their blocks are untouched so far (segments never share a block) and replacing
    // never adds or removes a top-level block, so the plugin's matches in them are the same matches.
    const blocks = new Set(segment.map((m) => m.block));
    const matches = i === 0 ? segment : (findState(view.state)?.matches ?? []).filter((m) => blocks.has(m.block));
    const before = view.state.doc;
    view.dispatch(replaceIn(view.state.tr, matches, text));
    if (view.state.doc !== before) replaced += matches.length;
  }
  stopCapturing(view.state);
  return replaced;
}

// ---- the comments panel's text -------------------------------------------------------------------

/** What the find bar searches in the comments panel: each thread's text and its replies. */
export const COMMENT_TEXT = ".thread-body, .reply-body-text";

/** Takes the find marks out of `root`, leaving its text as it was. */
export function clearCommentMarks(root: HTMLElement): void {
  for (const mark of root.querySelectorAll("mark.find-hit")) {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    parent?.normalize();
  }
}

/**
 * Marks the matches of `query` in the shown comment texts under `root` (each wrapped in a
 * `mark.find-hit`, the text unchanged) and returns the marks in document order.
 */
export function markComments(root: HTMLElement, query: string, matchCase: boolean): HTMLElement[] {
  clearCommentMarks(root);
  const out: HTMLElement[] = [];
  if (!query) return out;
  for (const el of root.querySelectorAll<HTMLElement>(COMMENT_TEXT)) {
    if (el.getClientRects().length === 0) continue;
    const nodes: Text[] = [];
    const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    const text = nodes.map((n) => n.data).join("");
    const starts: number[] = [];
    let sum = 0;
    for (const n of nodes) {
      starts.push(sum);
      sum += n.data.length;
    }
    /** The text node and offset of index `at` (`end`: the end of a match, so the earlier node at a boundary). */
    const locate = (at: number, end: boolean): [Text, number] | null => {
      for (let i = nodes.length - 1; i >= 0; i--) {
        const s = starts[i]!;
        if (at > s || (at === s && !end)) return [nodes[i]!, at - s];
      }
      return null;
    };
    const marks: HTMLElement[] = [];
    // Last first: wrapping a later match leaves the earlier ones' nodes and offsets as they are.
    for (const at of findInText(text, query, matchCase).reverse()) {
      const a = locate(at, false);
      const b = locate(at + query.length, true);
      if (!a || !b) continue;
      const range = el.ownerDocument.createRange();
      range.setStart(a[0], a[1]);
      range.setEnd(b[0], b[1]);
      const mark = el.ownerDocument.createElement("mark");
      mark.className = "find-hit";
      mark.append(range.extractContents());
      range.insertNode(mark);
      marks.unshift(mark);
    }
    out.push(...marks);
  }
  return out;
}

// ---- the find bar --------------------------------------------------------------------------------

export type FindScope = "draft" | "comments";

/** What of the comments panel is watched for a re-render. */
const OBSERVED: MutationObserverInit = { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["hidden"] };

export interface FindBarOptions {
  /** Whether this member may edit the draft (the toolbar's rule): Replace and Replace all are offered only then. */
  canReplace: boolean;
  /** The comments panel, searched when the scope is "Comments" (absent: the bar searches the draft only). */
  comments: HTMLElement | null;
  onError(err: unknown): void;
}

export interface FindBar {
  element: HTMLElement;
  /** Opens the bar (or focuses it) with the query selected. */
  open(scope?: FindScope): void;
  close(): void;
  /** The editor's state changed: recount. */
  refresh(): void;
  destroy(): void;
}

function barButton(text: string, label: string, testid: string, extra = ""): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = `button button-small find-button ${extra}`.trim();
  b.textContent = text;
  b.title = label;
  b.setAttribute("aria-label", label);
  b.setAttribute("data-testid", testid);
  return b;
}

function textInput(label: string, placeholder: string, testid: string): HTMLInputElement {
  const input = document.createElement("input");
  input.type = "search";
  input.className = "text-input find-input";
  input.placeholder = placeholder;
  input.setAttribute("aria-label", label);
  input.setAttribute("data-testid", testid);
  input.spellcheck = false;
  input.maxLength = 1000;
  return input;
}

/** "3 of 12", "No matches", or nothing for an empty query. */
export function countText(query: string, total: number, current: number): string {
  if (!query) return "";
  return total === 0 ? t("find-none") : t("find-count", { current: current + 1, total });
}

export function mountFindBar(view: EditorView, opts: FindBarOptions): FindBar {
  const element = document.createElement("section");
  element.className = "find-bar";
  element.hidden = true;
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", t("find-label"));
  element.setAttribute("data-testid", "find-bar");

  const query = textInput(t("find-label"), t("find-label"), "find-input");
  const count = document.createElement("span");
  count.className = "find-count";
  count.setAttribute("role", "status");
  count.setAttribute("aria-live", "polite");
  count.setAttribute("data-testid", "find-count");
  const prev = barButton("↑", t("find-prev"), "find-prev");
  const next = barButton("↓", t("find-next"), "find-next");
  const caseLabel = document.createElement("label");
  caseLabel.className = "find-case";
  const matchCase = document.createElement("input");
  matchCase.type = "checkbox";
  matchCase.setAttribute("data-testid", "find-case");
  caseLabel.append(matchCase, document.createTextNode(` ${t("find-case")}`));
  const scopes = document.createElement("div");
  scopes.className = "find-scopes";
  scopes.setAttribute("role", "group");
  scopes.setAttribute("aria-label", t("find-scope"));
  const inDraft = barButton(t("nav-draft"), t("find-scope-draft"), "find-scope-draft", "find-scope");
  const inComments = barButton(t("comments-panel-label"), t("find-scope-comments"), "find-scope-comments", "find-scope");
  scopes.append(inDraft, inComments);
  scopes.hidden = opts.comments === null;
  const close = barButton("×", t("find-close"), "find-close", "find-close");
  const findRow = document.createElement("div");
  findRow.className = "find-row";
  findRow.append(query, count, prev, next, caseLabel, scopes, close);

  const replacement = textInput(t("find-replace-with"), t("find-replace-with"), "find-replace-input");
  const replaceOne = barButton(t("find-replace"), t("find-replace-title"), "find-replace");
  const replaceEvery = barButton(t("find-replace-all"), t("find-replace-all-title"), "find-replace-all");
  const replaceRow = document.createElement("div");
  replaceRow.className = "find-row find-replace-row";
  replaceRow.append(replacement, replaceOne, replaceEvery);
  element.append(findRow, replaceRow);

  let scope: FindScope = "draft";
  let returnFocus: HTMLElement | null = null;
  let notice = "";
  let commentMarks: HTMLElement[] = [];
  let commentCurrent = 0;

  const isOpen = () => !element.hidden;
  const setDraftQuery = (meta: FindMeta) => {
    view.dispatch(view.state.tr.setMeta(findKey, meta));
  };
  /** Marks the comments' matches (or takes the marks out), unseen by the panel's observer. */
  const markAll = (q: string) => {
    if (!opts.comments) return;
    observer?.disconnect();
    if (q) commentMarks = markComments(opts.comments, q, matchCase.checked);
    else {
      clearCommentMarks(opts.comments);
      commentMarks = [];
    }
    observer?.takeRecords();
    observer?.observe(opts.comments, OBSERVED);
  };
  const paintCurrent = () => {
    commentMarks.forEach((m, i) => m.classList.toggle("find-current", i === commentCurrent));
  };
  const recountComments = () => {
    markAll(scope === "comments" && isOpen() ? query.value : "");
    commentCurrent = Math.min(commentCurrent, Math.max(0, commentMarks.length - 1));
    paintCurrent();
  };

  const show = () => {
    inDraft.setAttribute("aria-pressed", String(scope === "draft"));
    inComments.setAttribute("aria-pressed", String(scope === "comments"));
    replaceRow.hidden = !opts.canReplace || scope !== "draft";
    let total: number;
    let current: number;
    if (scope === "draft") {
      const find = findState(view.state);
      total = find?.matches.length ?? 0;
      current = find?.current ?? 0;
    } else {
      total = commentMarks.length;
      current = commentCurrent;
    }
    const counted = countText(query.value, total, current);
    const text = notice ? `${notice}${counted ? ` ${counted}.` : ""}` : counted;
    if (count.textContent !== text) count.textContent = text;
    element.setAttribute("data-total", String(total));
    prev.disabled = total === 0;
    next.disabled = total === 0;
    replaceOne.disabled = total === 0 || scope !== "draft";
    replaceEvery.disabled = total === 0 || scope !== "draft";
  };

  const reveal = () => {
    if (scope === "draft") {
      view.dom.querySelector<HTMLElement>(".find-current")?.scrollIntoView({ block: "center" });
    } else {
      commentMarks[commentCurrent]?.scrollIntoView({ block: "nearest" });
    }
  };

  /** The query or its options changed: search again from the cursor (the draft) or from the top (the comments). */
  const search = () => {
    notice = "";
    if (scope === "draft") {
      setDraftQuery({ query: isOpen() ? query.value : "", matchCase: matchCase.checked, near: view.state.selection.from });
      markAll("");
    } else {
      if (findState(view.state)?.query) setDraftQuery({ query: "" });
      commentCurrent = 0;
      recountComments();
    }
    show();
    reveal();
  };

  const step = (delta: number) => {
    notice = "";
    if (scope === "draft") {
      const find = findState(view.state);
      if (!find || find.matches.length === 0) return;
      setDraftQuery({ current: find.current + delta });
    } else {
      if (commentMarks.length === 0) return;
      commentCurrent = (commentCurrent + delta + commentMarks.length) % commentMarks.length;
      paintCurrent();
    }
    show();
    reveal();
  };

  const open = (want?: FindScope) => {
    const active = document.activeElement;
    if (!isOpen()) {
      returnFocus = active instanceof HTMLElement && active !== document.body ? active : null;
      element.hidden = false;
    }
    const nextScope = opts.comments === null ? "draft" : (want ?? scope);
    const changed = nextScope !== scope;
    scope = nextScope;
    search();
    if (changed) show();
    query.focus();
    query.select();
  };

  const closeBar = () => {
    if (!isOpen()) return;
    const find = findState(view.state);
    const at = scope === "draft" ? find?.matches[find.current] : undefined;
    element.hidden = true;
    notice = "";
    setDraftQuery({ query: "" });
    markAll("");
    const back = returnFocus && returnFocus.isConnected ? returnFocus : view.dom;
    returnFocus = null;
    if (back === view.dom || view.dom.contains(back)) {
      // Back in the draft at the match it was on.
      if (at) {
        try {
          view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, at.from, at.to)).scrollIntoView());
        } catch (err) {
          opts.onError(err);
        }
      }
      view.focus();
    } else {
      back.focus();
    }
  };

  query.addEventListener("input", search);
  matchCase.addEventListener("change", search);
  inDraft.addEventListener("click", () => {
    scope = "draft";
    search();
  });
  inComments.addEventListener("click", () => {
    scope = "comments";
    search();
  });
  prev.addEventListener("click", () => step(-1));
  next.addEventListener("click", () => step(1));
  close.addEventListener("click", closeBar);
  const doReplace = () => {
    if (scope !== "draft" || !opts.canReplace) return;
    try {
      replaceCurrent(view, replacement.value);
      notice = "";
      show();
      reveal();
    } catch (err) {
      opts.onError(err);
    }
  };
  const doReplaceAll = () => {
    if (scope !== "draft" || !opts.canReplace) return;
    try {
      const n = replaceAll(view, replacement.value);
      notice = t("find-replaced", { count: n });
      show();
      // The buttons are disabled now that nothing matches: keep the focus in the bar.
      if (replaceEvery.disabled) replacement.focus();
    } catch (err) {
      opts.onError(err);
    }
  };
  replaceOne.addEventListener("click", doReplace);
  replaceEvery.addEventListener("click", doReplaceAll);
  query.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      step(e.shiftKey ? -1 : 1);
    }
  });
  replacement.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) doReplaceAll();
      else doReplace();
    }
  });
  element.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      closeBar();
    }
  });

  // Ctrl+F / Cmd+F anywhere in the Draft view opens the bar (on the comments when pressed there); F3 steps.
  const onKey = (e: KeyboardEvent) => {
    // Only while the draft is shown (another view hides it).
    if (!view.dom.isConnected || view.dom.getClientRects().length === 0) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey && e.key.toLowerCase() === "f") {
      e.preventDefault();
      const target = e.target instanceof Node ? e.target : null;
      const inComments = !!(target && opts.comments?.contains(target));
      open(target && element.contains(target) ? undefined : inComments ? "comments" : "draft");
    } else if (isOpen() && e.key === "Escape" && (document.activeElement === document.body || document.activeElement === null)) {
      // The focus was lost (a button that got disabled): Escape still closes the bar.
      e.preventDefault();
      closeBar();
    } else if (isOpen() && (e.key === "F3" || (mod && !e.altKey && e.key.toLowerCase() === "g"))) {
      e.preventDefault();
      step(e.shiftKey ? -1 : 1);
    }
  };
  document.addEventListener("keydown", onKey);

  // The comments panel re-renders on every change of the notes (a thread's text set anew loses
  // its marks): mark and count again. The bar's own marking is not observed.
  let scheduled: ReturnType<typeof setTimeout> | null = null;
  const observer: MutationObserver | null =
    opts.comments && typeof MutationObserver !== "undefined"
      ? new MutationObserver(() => {
          if (!isOpen() || scope !== "comments") return;
          scheduled ??= setTimeout(() => {
            scheduled = null;
            recountComments();
            show();
          }, 50);
        })
      : null;
  if (opts.comments) observer?.observe(opts.comments, OBSERVED);

  return {
    element,
    open,
    close: closeBar,
    refresh() {
      if (isOpen()) show();
    },
    destroy() {
      document.removeEventListener("keydown", onKey);
      if (scheduled) clearTimeout(scheduled);
      markAll("");
      observer?.disconnect();
      element.remove();
    },
  };
}
