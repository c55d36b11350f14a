// mountComments: the comments panel, live from the notes doc — threads with quote, type, delegation, proposal as a redline, supporters, outcome, applied, late, replies, resolve/reopen, orphans; filters; Support, Record outcome and Apply — the new-comment form (type, proposal) on the editor's selection, and "Import comment table…" (the system's Open dialog, or a file dropped on the window) with the import's report.

import { TextSelection, type EditorState } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { APPLICATIONS, ATTR_ID, EDITS, OUTCOMES, SUPPORTS, THREADS } from "../collab/schema";
import { IpcError } from "../ipc";
import type { NewComment, PendingFile, Stage, TableImportReport, WordImportReport } from "../ipc/types";
import { errorText, t } from "../i18n";
import { formatDateTime } from "../views/format";
import { anchorDecorationsOf, encodeRelative, relativeAt, resolveAnchor, type AnchorRange } from "./anchors";
import { contextOf } from "./context";
import type { EditorOptions } from "./editor";
import type { Typed } from "../views/typed";
import { redline } from "./redline";
import {
  COMMENT_KINDS,
  OUTCOME_KINDS,
  outcomeLabel,
  readThreads,
  type CommentKind,
  type OutcomeKind,
  type ProposalKind,
  type ThreadData,
} from "./threads";

export type CommentsOptions = EditorOptions & {
  editor: { view: EditorView };
  /** Member id → display name; without it the panel shows member ids. */
  names?: (memberId: string) => string;
  /** Member id → the delegation they speak for (a thread naming none speaks for its author's). */
  speaksFor?: (memberId: string) => string | undefined;
  /** The delegation this device's member speaks for ("" or absent: none). */
  myDelegation?: string;
  /** The stage and what this device may do in it (null: not known yet: the role decides). */
  stage?: Stage | null;
  /** Imports a delegation's comment table, picked or dropped (by its number); absent: the panel offers no import. */
  importTable?: (id: number, asMember: string | null) => Promise<TableImportReport>;
  /** Asks for the comment table in the system's Open dialog (rejects with `file.cancelled` when the person cancels). */
  pickTable?: () => Promise<PendingFile>;
  /**
   * The members this device may record a comment table for ("on behalf of": the chair and the
   * Secretariat), as id and label; absent or empty: rows are imported as this device's member's.
   */
  recordFor?: () => { id: string; label: string }[];
  /** `word`: imports a delegation's returned Word draft (by its number): its tracked changes become proposals; absent: not offered. */
  importWord?: (id: number, asMember: string | null) => Promise<WordImportReport>;
  /** `word`: asks for the returned Word draft in the system's Open dialog. */
  pickWord?: () => Promise<PendingFile>;
  /** The member opened a thread (its words shown, or expanded): it counts as seen (issue #14 §5). */
  opened?: (threadId: string) => void;
  /** Told whether a comment or a reply is being written (asked about before it would be lost). */
  typed?: Typed;
  /** What the panel mounted before this one held typed (`CommentsPanel.held`): shown again. */
  resume?: HeldTyping;
};

/**
 * What a comments panel holds typed and not sent: the new-comment form (its words, its quote, its
 * type and proposal) and the reply boxes' words by thread. A stage that opens or closes the draft
 * to this member mounts the editor and the panel anew; the new panel takes this over, so that
 * nothing being written is lost.
 */
export interface HeldTyping {
  form: {
    pending: Omit<NewComment, "body"> & { paragraph: string };
    kind: string;
    body: string;
    proposalKind: string;
    proposal: string;
    proposalTyped: boolean;
    /** The field that had the focus, and its caret. */
    focus: { field: "body" | "proposal"; start: number; end: number } | null;
  } | null;
  replies: [string, string][];
}

export interface CommentsPanel {
  /** The stage changed (by this window or by sync): the panel's buttons and "late" follow it. */
  setStage(stage: Stage | null): void;
  /** A file dropped on the window while the panel is shown: imported as a comment table if this member may. */
  importDropped(file: PendingFile): void;
  /** Marks what is new since the member last looked: threads others started, replies others wrote. */
  setSeen(newThreads: ReadonlySet<string>, newReplies: ReadonlySet<string>): void;
  /** What is typed here and not sent, for the panel mounted after this one (`resume`). */
  held(): HeldTyping;
  destroy(): void;
}

/** What this device may do with comments now: its role, narrowed by the stage. */
interface Rights {
  comment: boolean;
  reply: boolean;
  support: boolean;
  outcome: boolean;
  apply: boolean;
}

/** A comment type's name in the window's language (the stored value stays). */
const kindLabel = (kind: CommentKind): string => t(`thread-type-${kind}`);

/** The proposal choices of the new-comment form ("" proposes no wording). */
const proposalChoices = (): { value: ProposalKind | ""; label: string }[] =>
  (["", "replace", "paragraph", "insert-after"] as const).map((value) => ({ value, label: t(value ? `proposal-choice-${value}` : "proposal-choice-none") }));

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

/** Whether a Yjs value holds bytes (an encoded anchor). */
function hasBytes(v: unknown): boolean {
  return v instanceof Uint8Array && v.length > 0;
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
  const who = recordedBy && recordedBy !== author ? t("thread-recorded-by", { author: name(author), recorder: name(recordedBy) }) : name(author);
  return edited ? t("thread-edited", { who }) : who;
}

/** The redline of a proposal: deleted words struck (`del`), inserted words underlined (`ins`). */
export function renderRedline(before: string, after: string): HTMLElement {
  const line = el("span", "redline");
  for (const piece of redline(before, after)) {
    if (piece.kind === "same") line.append(document.createTextNode(piece.text));
    else line.append(el(piece.kind, `redline-${piece.kind}`, piece.text));
  }
  return line;
}

/** What a proposal is read against: the quoted words, the whole paragraph as it is now, or nothing (a new paragraph). */
function proposalTarget(kind: ProposalKind, quote: string, paragraph: string | null): string {
  if (kind === "insert-after") return "";
  if (kind === "paragraph") return paragraph ?? quote;
  return quote;
}

/** A labelled select of `choices`. */
function select(label: string, choices: { value: string; label: string }[], testid: string, className = ""): { wrap: HTMLLabelElement; input: HTMLSelectElement } {
  const wrap = el("label", `field-inline ${className}`.trim());
  wrap.append(el("span", "field-inline-label", label));
  const input = el("select", "select-input select-small");
  input.setAttribute("data-testid", testid);
  for (const c of choices) {
    const option = el("option", "", c.label);
    option.value = c.value;
    input.append(option);
  }
  wrap.append(input);
  return { wrap, input };
}

interface ThreadEnv {
  opts: CommentsOptions;
  name: (id: string) => string;
  select: (id: string) => void;
  rights: () => Rights;
  /** A paragraph's text in the draft as it is now, by id (null: not in the draft). */
  paragraph: (id: string) => string | null;
  /** The member opened the thread (it counts as seen). */
  opened: (id: string) => void;
}

class ThreadView {
  readonly element: HTMLLIElement;
  readonly #quote = el("blockquote", "thread-quote");
  readonly #state = el("p", "thread-state");
  readonly #tags = el("p", "thread-tags");
  readonly #author = el("span", "thread-author");
  readonly #created = el("time", "thread-created");
  readonly #body = el("p", "thread-body");
  readonly #proposal = el("div", "thread-proposal");
  readonly #supporters = el("p", "thread-supporters");
  readonly #outcome = el("div", "thread-outcome");
  readonly #applied = el("p", "thread-applied");
  readonly #apply = button(t("thread-apply"), "thread-apply", "thread-apply");
  /** Shown when the words a proposal was made against changed since: the chair confirms. */
  readonly #confirm = el("div", "apply-confirm");
  readonly #replies = el("ol", "thread-replies");
  readonly #toggle = button(t("thread-resolve"), "thread-resolve", "thread-resolve");
  readonly #expand = button(t("thread-show"), "thread-expand", "thread-expand");
  readonly #support = button(t("thread-support"), "thread-support", "thread-support");
  readonly #record = button(t("thread-record"), "thread-record", "thread-record-outcome");
  readonly #outcomeForm = el("form", "outcome-form");
  readonly #outcomeChoice: HTMLSelectElement;
  readonly #observation = el("textarea", "text-input outcome-observation");
  readonly #replyForm = el("form", "reply-form");
  readonly #replyBox = el("textarea", "text-input reply-body");
  #data: ThreadData | null = null;
  #expanded = false;
  /** "New": another member started it since this member last looked. */
  readonly #newBadge = el("span", "seen-new", t("seen-new"));
  /** The replies others wrote since this member last looked. */
  #newReplies: ReadonlySet<string> = new Set();

  constructor(
    id: string,
    private readonly env: ThreadEnv,
  ) {
    this.element = el("li", "thread");
    this.element.setAttribute("data-testid", "thread");
    this.element.setAttribute("data-thread-id", id);
    this.element.tabIndex = -1;
    const meta = el("p", "thread-meta");
    this.#newBadge.hidden = true;
    this.#newBadge.setAttribute("data-testid", "seen-new");
    this.#newBadge.title = t("seen-new-thread-title");
    meta.append(this.#newBadge, this.#author, document.createTextNode(" · "), this.#created);
    const head = el("div", "thread-head");
    head.append(this.#quote, this.#state);
    head.title = t("thread-show-words");
    head.addEventListener("click", () => this.env.select(id));
    const actions = el("div", "thread-actions");
    actions.append(this.#expand, this.#support, this.#record, this.#apply, this.#toggle);
    this.#apply.title = t("thread-apply-title");
    this.#apply.addEventListener("click", () => void this.#startApply());
    this.#confirm.hidden = true;
    this.#confirm.setAttribute("role", "group");
    this.#confirm.setAttribute("aria-label", t("thread-apply-confirm-label"));
    this.#confirm.setAttribute("data-testid", "apply-confirm");
    this.#expand.addEventListener("click", () => {
      this.#expanded = !this.#expanded;
      this.#render();
      if (this.#expanded) this.env.opened(id);
    });
    this.#toggle.addEventListener("click", () => void this.#setResolved());
    this.#support.addEventListener("click", () => void this.#setSupport());

    // Record outcome: the outcome and an observation, in place.
    const outcome = select(t("thread-outcome"), OUTCOME_KINDS.map((k) => ({ value: k, label: outcomeLabel(k) })), "outcome-select");
    this.#outcomeChoice = outcome.input;
    this.#observation.rows = 2;
    this.#observation.placeholder = t("thread-observation");
    this.#observation.setAttribute("aria-label", t("thread-observation"));
    this.#observation.setAttribute("data-testid", "outcome-observation");
    const save = el("button", "button button-small button-primary", t("thread-save-outcome"));
    save.type = "submit";
    save.setAttribute("data-testid", "outcome-submit");
    const cancel = button(t("dialog-cancel"), "", "outcome-cancel");
    const outcomeActions = el("div", "form-actions");
    outcomeActions.append(cancel, save);
    this.#outcomeForm.append(outcome.wrap, this.#observation, outcomeActions);
    this.#outcomeForm.hidden = true;
    this.#outcomeForm.setAttribute("aria-label", t("thread-record"));
    this.#record.setAttribute("aria-expanded", "false");
    this.#record.addEventListener("click", () => this.#openOutcome());
    cancel.addEventListener("click", () => this.#closeOutcome(true));
    this.#outcomeForm.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        this.#closeOutcome(true);
      }
    });
    this.#outcomeForm.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.#saveOutcome(save);
    });

    this.#replyBox.rows = 1;
    this.#replyBox.placeholder = t("thread-reply-placeholder");
    this.#replyBox.setAttribute("aria-label", t("thread-reply"));
    this.#replyBox.setAttribute("data-testid", "reply-body");
    const send = el("button", "button button-small button-primary", t("thread-reply"));
    send.type = "submit";
    send.setAttribute("data-testid", "reply-submit");
    this.#replyForm.append(this.#replyBox, send);
    this.#replyBox.addEventListener("input", () => this.#tellTyped());
    this.#observation.addEventListener("input", () => this.#tellObserving());
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
    this.element.append(head, this.#tags, meta, this.#body, this.#proposal, this.#supporters, this.#outcome, this.#applied, this.#replies, this.#replyForm, this.#outcomeForm, this.#confirm, actions);
  }

  update(data: ThreadData, orphaned: boolean): void {
    this.#data = data;
    const name = this.env.name;
    this.element.setAttribute("data-orphaned", String(orphaned));
    this.element.setAttribute("data-resolved", String(data.resolved));
    this.element.setAttribute("data-kind", data.kind);
    this.element.setAttribute("data-delegation", data.delegation);
    this.element.setAttribute("data-outcome", data.outcome?.outcome ?? "");
    this.element.setAttribute("data-late", String(data.late));
    this.element.setAttribute("data-applied", String(data.applied !== null));
    this.#quote.textContent = data.quote;
    // A thread that never had an anchor (an imported row citing no paragraph of the draft) is
    // not one whose words were deleted.
    const nowhere = orphaned && !hasBytes(data.start) && !hasBytes(data.end);
    this.element.setAttribute("data-unanchored", String(nowhere));
    this.#state.textContent = nowhere
      ? t(data.quote ? "thread-nowhere-cited" : "thread-nowhere")
      : orphaned
        ? t("thread-orphaned")
        : "";
    this.#state.hidden = !orphaned;

    const tags: HTMLElement[] = [el("span", `tag tag-kind tag-kind-${data.kind}`, kindLabel(data.kind))];
    if (data.delegation) {
      const delegation = el("span", "tag tag-delegation", data.delegation);
      delegation.title = t("thread-delegation-title");
      delegation.setAttribute("data-testid", "thread-delegation");
      tags.push(delegation);
    }
    if (data.late) {
      const late = el("span", "tag tag-late", t("thread-late"));
      late.title = t("thread-late-title");
      late.setAttribute("data-testid", "thread-late");
      tags.push(late);
    }
    this.#tags.replaceChildren(...tags);

    this.#author.textContent = writtenBy(name, data.author, data.recordedBy, data.edited);
    this.#created.textContent = formatDateTime(data.created);
    this.#created.dateTime = data.created;
    this.#body.textContent = data.body;

    this.#proposal.hidden = data.proposal === null;
    if (data.proposal) {
      const { kind, text } = data.proposal;
      const target = proposalTarget(kind, data.quote, data.para ? this.env.paragraph(data.para) : null);
      const line = renderRedline(target, text);
      line.setAttribute("data-testid", "thread-redline");
      this.#proposal.setAttribute("data-proposal-kind", kind);
      this.#proposal.replaceChildren(el("p", "thread-proposal-lead", t(`proposal-lead-${kind}`)), line);
    } else {
      this.#proposal.replaceChildren();
    }

    this.#supporters.hidden = data.supporters.length === 0;
    this.#supporters.textContent = data.supporters.length ? t("thread-supported-by", { who: data.supporters.join(", ") }) : "";
    this.#supporters.setAttribute("data-testid", "thread-supporters");

    this.#outcome.hidden = data.outcome === null;
    if (data.outcome) {
      const o = data.outcome;
      this.#outcome.setAttribute("data-outcome", o.outcome);
      this.#outcome.setAttribute("data-testid", "thread-outcome");
      const lead = el("p", "thread-outcome-lead");
      lead.append(el("strong", "", outcomeLabel(o.outcome)), document.createTextNode(` · ${t("thread-outcome-by", { who: name(o.by), when: formatDateTime(o.created) })}`));
      this.#outcome.replaceChildren(lead);
      if (o.observation) this.#outcome.append(el("p", "thread-outcome-observation", o.observation));
    } else {
      this.#outcome.replaceChildren();
    }

    this.#applied.hidden = data.applied === null;
    this.#applied.setAttribute("data-testid", "thread-applied");
    this.#applied.textContent = data.applied ? t("thread-applied", { who: name(data.applied.by), when: formatDateTime(data.applied.created) }) : "";

    this.#replies.replaceChildren(
      ...data.replies.map((r) => {
        const li = el("li", "reply");
        li.setAttribute("data-reply-id", r.id);
        const meta = el("p", "thread-meta");
        const time = el("time", "thread-created", formatDateTime(r.created));
        time.dateTime = r.created;
        meta.append(el("span", "thread-author", writtenBy(name, r.author, r.recordedBy, r.edited)), document.createTextNode(" · "), time);
        if (r.deleted) {
          li.setAttribute("data-deleted", "true");
          li.append(meta, el("p", "reply-body-text reply-deleted", t("thread-reply-deleted")));
        } else {
          li.append(meta, el("p", "reply-body-text", r.body));
        }
        return li;
      }),
    );
    this.#markReplies();
    this.#render();
  }

  /** Whether the thread, and which of its replies, are new since the member last looked. */
  setNew(thread: boolean, replies: ReadonlySet<string>): void {
    this.#newBadge.hidden = !thread;
    this.#newReplies = replies;
    this.#markReplies();
    const any = thread || [...this.#replies.children].some((li) => li.getAttribute("data-new") === "true");
    this.element.classList.toggle("thread-new", any);
    this.element.setAttribute("data-new", String(any));
  }

  /** Whether anything in the thread is marked new. */
  get isNew(): boolean {
    return this.element.getAttribute("data-new") === "true";
  }

  #markReplies(): void {
    for (const li of this.#replies.children) {
      const isNew = this.#newReplies.has(li.getAttribute("data-reply-id") ?? "");
      li.setAttribute("data-new", String(isNew));
      const badge = li.querySelector(":scope > .thread-meta > .seen-new");
      if (isNew && !badge) {
        const mark = el("span", "seen-new", t("seen-new"));
        mark.setAttribute("data-testid", "seen-new-reply");
        mark.title = t("seen-new-reply-title");
        li.querySelector(":scope > .thread-meta")?.prepend(mark);
      } else if (!isNew && badge) {
        badge.remove();
      }
    }
  }

  /** Shows what the thread's state and this device's rights allow (also after a stage change). */
  #render(): void {
    const data = this.#data;
    if (!data) return;
    const rights = this.env.rights();
    const mine = this.env.opts.myDelegation ?? "";
    // A resolved thread shows only its quote until it is opened.
    const collapsed = data.resolved && !this.#expanded;
    this.element.classList.toggle("thread-resolved", data.resolved);
    this.element.classList.toggle("thread-collapsed", collapsed);
    this.#body.hidden = collapsed;
    this.#proposal.hidden = collapsed || data.proposal === null;
    this.#supporters.hidden = collapsed || data.supporters.length === 0;
    this.#replies.hidden = collapsed || data.replies.length === 0;
    this.#replyForm.hidden = collapsed || data.resolved || !rights.reply;
    this.#toggle.hidden = !rights.reply;
    this.#expand.hidden = !data.resolved;
    this.#expand.textContent = t(this.#expanded ? "thread-hide" : "thread-show");
    this.#expand.setAttribute("aria-expanded", String(this.#expanded));
    this.#toggle.textContent = t(data.resolved ? "thread-reopen" : "thread-resolve");
    // Support: for another delegation's thread, by a member who speaks for a delegation.
    const supported = data.supporters.includes(mine);
    this.#support.hidden = !rights.support || !mine || mine === data.delegation || (data.resolved && !supported);
    this.#support.textContent = t(supported ? "thread-withdraw-support" : "thread-support");
    this.#support.setAttribute("aria-pressed", String(supported));
    this.#support.title = t(supported ? "thread-withdraw-support-title" : "thread-support-title", { delegation: mine });
    this.#apply.hidden = !rights.apply || data.proposal === null || data.applied !== null;
    if (this.#apply.hidden) this.#closeConfirm(false);
    this.#record.hidden = !rights.outcome;
    this.#record.textContent = t(data.outcome ? "thread-change-outcome" : "thread-record");
    if (!rights.outcome) this.#closeOutcome(false);
  }

  #openOutcome(): void {
    const data = this.#data;
    if (!data) return;
    this.#outcomeChoice.value = data.outcome?.outcome ?? "accepted";
    this.#observation.value = data.outcome?.observation ?? "";
    this.#outcomeForm.hidden = false;
    this.#record.setAttribute("aria-expanded", "true");
    this.#outcomeChoice.focus();
  }

  #closeOutcome(focus: boolean): void {
    if (this.#outcomeForm.hidden) return;
    this.#outcomeForm.hidden = true;
    this.#record.setAttribute("aria-expanded", "false");
    this.#tellObserving();
    if (focus) this.#record.focus();
  }

  /** Whether an outcome's observation is being written here (changed from the one recorded). */
  #tellObserving(): void {
    const recorded = this.#data?.outcome?.observation ?? "";
    const holds = !this.#outcomeForm.hidden && this.#observation.value.trim() !== recorded.trim();
    this.env.opts.typed?.set(`observation:${this.element.dataset.threadId ?? ""}`, "observation", holds);
  }

  async #saveOutcome(save: HTMLButtonElement): Promise<void> {
    const data = this.#data;
    if (!data) return;
    save.disabled = true;
    try {
      await this.env.opts.comments.outcome(data.id, this.#outcomeChoice.value as OutcomeKind, this.#observation.value.trim());
      this.#closeOutcome(true);
    } catch (err) {
      this.env.opts.onError(err);
    } finally {
      save.disabled = false;
    }
  }

  /** Apply: at once, unless the words changed since the proposal (then the chair confirms it against the text as it is now). */
  async #startApply(): Promise<void> {
    const data = this.#data;
    if (!data) return;
    this.#apply.disabled = true;
    try {
      const target = await this.env.opts.comments.proposalTarget(data.id);
      if (!target.stale) {
        await this.env.opts.comments.apply(data.id, false);
        return;
      }
      const lead = el("p", "apply-confirm-lead");
      lead.append(
        el("strong", "", t("apply-stale-lead")),
        document.createTextNode(` ${t("apply-stale-reads")}`),
      );
      const line = renderRedline(target.current, target.proposed);
      line.setAttribute("data-testid", "apply-redline");
      const proposal = el("p", "apply-confirm-redline");
      proposal.append(line);
      const note = el("p", "apply-confirm-note", t("apply-stale-note"));
      const yes = button(t("apply-stale-yes"), "button-primary", "apply-confirm-yes");
      const no = button(t("dialog-cancel"), "", "apply-confirm-no");
      yes.addEventListener("click", () => void this.#apply_(yes));
      no.addEventListener("click", () => this.#closeConfirm(true));
      const actions = el("div", "form-actions");
      actions.append(no, yes);
      this.#confirm.replaceChildren(lead, proposal, note, actions);
      this.#confirm.hidden = false;
      yes.focus();
    } catch (err) {
      this.env.opts.onError(err);
    } finally {
      this.#apply.disabled = false;
    }
  }

  async #apply_(yes: HTMLButtonElement): Promise<void> {
    const data = this.#data;
    if (!data) return;
    yes.disabled = true;
    try {
      await this.env.opts.comments.apply(data.id, true);
      this.#closeConfirm(false);
    } catch (err) {
      this.env.opts.onError(err);
    } finally {
      yes.disabled = false;
    }
  }

  #closeConfirm(focus: boolean): void {
    if (this.#confirm.hidden) return;
    this.#confirm.hidden = true;
    this.#confirm.replaceChildren();
    if (focus && !this.#apply.hidden) this.#apply.focus();
  }

  async #setSupport(): Promise<void> {
    const data = this.#data;
    if (!data) return;
    const withdraw = data.supporters.includes(this.env.opts.myDelegation ?? "");
    this.#support.disabled = true;
    try {
      await this.env.opts.comments.support(data.id, withdraw);
    } catch (err) {
      this.env.opts.onError(err);
    } finally {
      this.#support.disabled = false;
    }
  }

  async #setResolved(): Promise<void> {
    const data = this.#data;
    if (!data) return;
    this.#toggle.disabled = true;
    try {
      await this.env.opts.comments.resolve(data.id, !data.resolved);
      this.#expanded = false;
    } catch (err) {
      this.env.opts.onError(err);
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
      await this.env.opts.comments.reply(data.id, body);
      this.#replyBox.value = "";
      this.#tellTyped();
    } catch (err) {
      this.env.opts.onError(err);
    } finally {
      send.disabled = false;
    }
  }

  /** The words typed in the reply box and not sent. */
  get replyText(): string {
    return this.#replyBox.value;
  }

  /** Puts back words typed in the reply box of the panel mounted before this one. */
  resumeReply(text: string): void {
    this.#replyBox.value = text;
    this.#tellTyped();
  }

  /** Whether a reply is being written here, for the question before it would be lost. */
  #tellTyped(): void {
    this.env.opts.typed?.set(`reply:${this.element.dataset.threadId ?? ""}`, "reply", this.#replyBox.value.trim() !== "");
  }

  /** The rights changed (a new stage): re-shows the buttons and forms. */
  refresh(): void {
    this.#render();
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

/** The panel's filters: by type, delegation, outcome and open/closed ("" = all). */
interface Filters {
  kind: string;
  delegation: string;
  outcome: string;
  state: string;
}

/** Open: neither resolved nor given an outcome. */
function isOpen(t: ThreadData): boolean {
  return !t.resolved && t.outcome === null;
}

function matches(t: ThreadData, f: Filters): boolean {
  if (f.kind && t.kind !== f.kind) return false;
  if (f.delegation && t.delegation !== f.delegation) return false;
  if (f.outcome === "none" && t.outcome !== null) return false;
  if (f.outcome && f.outcome !== "none" && t.outcome?.outcome !== f.outcome) return false;
  if (f.state === "open" && !isOpen(t)) return false;
  if (f.state === "closed" && isOpen(t)) return false;
  return true;
}


/**
 * The report of a comment table's import, as the panel shows it: rows imported, anchored and
 * on no paragraph (each with why), what was recorded and what was skipped.
 */
export function renderImportReport(report: TableImportReport, name: (id: string) => string): HTMLElement[] {
  const out: HTMLElement[] = [];
  out.push(el("p", "import-report-title", t("import-report-title", { file: report.file_name })));
  const summary = el("p", "import-report-summary");
  summary.setAttribute("data-testid", "import-summary");
  summary.textContent = t("import-report-summary", { count: report.rows, anchored: report.anchored, unanchored: report.unanchored.length });
  out.push(summary);
  if (report.recorded_by) out.push(el("p", "import-report-line", t("import-report-on-behalf", { who: name(report.author) })));
  if (report.unanchored.length > 0) {
    out.push(el("p", "import-report-line", t("import-report-unanchored")));
    const list = el("ul", "import-unanchored");
    for (const row of report.unanchored) {
      const item = el("li", "import-unanchored-row");
      item.setAttribute("data-testid", "import-unanchored");
      item.setAttribute("data-row", String(row.source_row));
      const cited = row.paragraph.trim();
      item.append(el("span", "import-row", cited ? t("import-report-row-cited", { row: row.source_row, cited }) : t("import-report-row", { row: row.source_row })), document.createTextNode(" "), el("span", "import-why", row.why));
      list.append(item);
    }
    out.push(list);
  }
  const notes: [string, string | null][] = [];
  if (report.outcomes > 0) notes.push([t("import-report-outcomes", { count: report.outcomes }), null]);
  if (report.supports > 0) notes.push([t("import-report-supports", { count: report.supports }), null]);
  if (report.tables_without_headings > 0) notes.push([t("import-report-skipped-tables", { count: report.tables_without_headings }), "import-skipped-tables"]);
  if (report.blank_rows > 0) notes.push([t("import-report-blank-rows", { count: report.blank_rows }), null]);
  if (report.columns.length > 0) {
    notes.push([t(report.headings_in_page_header ? "import-report-columns-header" : "import-report-columns", { columns: report.columns.join(", ") }), null]);
  }
  for (const [n, testid] of notes) {
    const line = el("p", "import-report-line import-report-note", n);
    if (testid) line.setAttribute("data-testid", testid);
    out.push(line);
  }
  return out;
}

/**
 * `word`: the report of a returned Word draft's import: paragraphs with tracked changes, the
 * proposals made (one each), the paragraphs that matched no paragraph of the draft (with why),
 * and the Word authors seen.
 */
export function renderWordReport(report: WordImportReport, name: (id: string) => string): HTMLElement[] {
  const out: HTMLElement[] = [];
  out.push(el("p", "import-report-title", t("import-report-title", { file: report.file_name })));
  const summary = el("p", "import-report-summary");
  summary.setAttribute("data-testid", "word-import-summary");
  summary.textContent = t("word-report-summary", { count: report.changed_paragraphs, proposals: report.proposals.length, unmatched: report.unmatched.length });
  out.push(summary);
  if (report.recorded_by) out.push(el("p", "import-report-line", t("import-report-on-behalf", { who: name(report.author) })));
  if (report.unmatched.length > 0) {
    out.push(el("p", "import-report-line", t("word-report-not-imported")));
    const list = el("ul", "import-unanchored");
    for (const u of report.unmatched) {
      const item = el("li", "import-unanchored-row");
      item.setAttribute("data-testid", "word-import-unmatched");
      item.append(el("span", "import-row", t("word-report-paragraph", { number: u.word_paragraph })), document.createTextNode(" "), el("span", "import-why", u.why));
      list.append(item);
    }
    out.push(list);
  }
  if (report.word_authors.length > 0) {
    out.push(el("p", "import-report-line import-report-note", t("word-report-authors", { who: report.word_authors.join(", ") })));
  }
  return out;
}

export function mountComments(container: HTMLElement, opts: CommentsOptions): CommentsPanel {
  const view = opts.editor.view;
  const threads = opts.notes.getMap<unknown>(THREADS);
  const edits = opts.notes.getMap<unknown>(EDITS);
  const supports = opts.notes.getMap<unknown>(SUPPORTS);
  const outcomes = opts.notes.getMap<unknown>(OUTCOMES);
  const applications = opts.notes.getMap<unknown>(APPLICATIONS);
  const name = (id: string) => (id ? (opts.names?.(id) ?? id) : t("thread-unknown"));
  let stage: Stage | null = opts.stage ?? null;
  const rights = (): Rights => ({
    comment: opts.canComment && (stage?.can_comment ?? true),
    reply: opts.canComment && (stage?.can_reply ?? true),
    support: opts.canComment && (stage?.can_support ?? false),
    outcome: stage?.can_record_outcome ?? false,
    apply: stage?.can_apply ?? false,
  });
  const read = () => readThreads(opts.notes, { speaksFor: (m) => opts.speaksFor?.(m), stages: stage?.history ?? [] });
  const paragraphText = (id: string): string | null => {
    let text: string | null = null;
    view.state.doc.forEach((node) => {
      if (text === null && node.attrs[ATTR_ID] === id) text = node.textContent;
    });
    return text;
  };

  // The host (an aside) carries the panel's test id and landmark; this is its content.
  const panel = el("section", "comments");
  const title = el("h2", "panel-title", t("comments-panel-label"));
  panel.append(title);

  // --- new comment, and a proposal ------------------------------------------------------------
  const commentButton = button(t("comment-on-selection"), "comment-button button-primary", "comment-button");
  commentButton.title = t("comment-on-selection-title");
  const proposeButton = button(t("propose-change"), "comment-button propose-button", "propose-button");
  proposeButton.title = t("propose-change-title");
  // Keep the editor's selection when a button is pressed.
  commentButton.addEventListener("mousedown", (e) => e.preventDefault());
  proposeButton.addEventListener("mousedown", (e) => e.preventDefault());
  const starters = el("div", "comment-starters");
  starters.append(commentButton, proposeButton);
  const form = el("form", "comment-form");
  form.hidden = true;
  form.setAttribute("aria-label", t("comment-new"));
  const preview = el("blockquote", "thread-quote comment-quote-preview");
  const kindChoice = select(t("export-type"), COMMENT_KINDS.map((k) => ({ value: k, label: kindLabel(k) })), "comment-type");
  const bodyBox = el("textarea", "text-input comment-body");
  bodyBox.rows = 3;
  bodyBox.placeholder = t("comment-body-placeholder");
  bodyBox.setAttribute("aria-label", t("comment-body"));
  bodyBox.setAttribute("data-testid", "comment-body");
  const proposalChoice = select(t("comment-proposal"), proposalChoices(), "proposal-kind", "proposal-kind");
  const proposalBox = el("textarea", "text-input proposal-text");
  proposalBox.rows = 3;
  proposalBox.placeholder = t("comment-proposal-placeholder");
  proposalBox.setAttribute("aria-label", t("proposal-lead-replace-label"));
  proposalBox.setAttribute("data-testid", "proposal-text");
  const proposalPreview = el("p", "proposal-preview");
  proposalPreview.setAttribute("aria-live", "polite");
  proposalPreview.setAttribute("data-testid", "proposal-preview");
  const proposalFields = el("div", "proposal-fields");
  proposalFields.append(proposalBox, proposalPreview);
  const submit = el("button", "button button-small button-primary", t("comment-submit"));
  submit.type = "submit";
  submit.setAttribute("data-testid", "comment-submit");
  const cancel = button(t("dialog-cancel"), "", "comment-cancel");
  const formActions = el("div", "form-actions");
  formActions.append(cancel, submit);
  form.append(preview, kindChoice.wrap, bodyBox, proposalChoice.wrap, proposalFields, formActions);
  const hint = el("p", "panel-note comment-hint");
  const cannot = el("p", "panel-note comment-cannot");
  let pending: (Omit<NewComment, "body"> & { paragraph: string }) | null = null;
  panel.append(starters, hint, form, cannot);

  // --- import a delegation's comment table -------------------------------------------------------
  const importBox = el("div", "table-import");
  const importButton = button(t("table-import"), "table-import-button", "table-import-button");
  importButton.title = t("table-import-title");
  importButton.setAttribute("aria-expanded", "false");
  const importForm = el("div", "table-import-form");
  importForm.hidden = true;
  importForm.setAttribute("role", "group");
  importForm.setAttribute("aria-label", t("table-import-label"));
  importForm.setAttribute("data-testid", "table-import-form");
  const asChoice = select(t("table-import-as"), [], "table-import-as", "table-import-as");
  const choose = button(t("import-choose"), "button-primary table-import-choose", "table-import-choose");
  choose.title = t("table-import-choose-title");
  const dropHint = el("p", "panel-note table-import-hint", t("table-import-drop"));
  const importCancel = button(t("dialog-cancel"), "", "table-import-cancel");
  const importActions = el("div", "form-actions");
  importActions.append(importCancel);
  importActions.prepend(choose);
  // `word`: a returned Word draft's tracked changes as proposals, from the same form.
  const chooseWord = button(t("word-import"), "word-import-choose", "word-import-choose");
  chooseWord.setAttribute("aria-label", t("word-import-label"));
  chooseWord.title = t("word-import-title");
  chooseWord.hidden = !opts.importWord || !opts.pickWord;
  importActions.insertBefore(chooseWord, importCancel);
  importForm.append(asChoice.wrap, dropHint, importActions);
  const report = el("div", "table-import-report");
  report.setAttribute("role", "status");
  report.setAttribute("aria-live", "polite");
  report.setAttribute("data-testid", "table-import-report");
  report.hidden = true;
  importBox.append(importButton, importForm, report);
  importBox.hidden = !opts.importTable;
  panel.append(importBox);

  const openImport = () => {
    const others = opts.recordFor?.() ?? [];
    const mine = el("option", "", t("table-import-myself"));
    mine.value = "";
    asChoice.input.replaceChildren(
      mine,
      ...others.map((m) => {
        const o = el("option", "", m.label);
        o.value = m.id;
        return o;
      }),
    );
    asChoice.wrap.hidden = others.length === 0;
    importForm.hidden = false;
    importButton.setAttribute("aria-expanded", "true");
    (others.length > 0 ? asChoice.input : choose).focus();
  };
  const closeImport = () => {
    importForm.hidden = true;
    importButton.setAttribute("aria-expanded", "false");
  };
  importButton.addEventListener("click", () => (importForm.hidden ? openImport() : closeImport()));
  importCancel.addEventListener("click", closeImport);
  const dismiss = button(t("dialog-close"), "table-import-dismiss", "table-import-dismiss");
  // A report goes when it is dismissed, and when another file is chosen (it would tell of the
  // previous file until the new one's import begins).
  const clearReport = () => {
    report.hidden = true;
    report.removeAttribute("data-state");
    report.removeAttribute("data-code");
    report.replaceChildren();
  };
  dismiss.addEventListener("click", () => {
    clearReport();
    importButton.focus();
  });
  const showReport = (state: "pending" | "ok" | "error", content: HTMLElement[], code?: string) => {
    report.hidden = false;
    report.className = `table-import-report import-${state}`;
    report.setAttribute("data-state", state);
    if (code) report.setAttribute("data-code", code);
    else report.removeAttribute("data-code");
    report.replaceChildren(...content, ...(state === "pending" ? [] : [dismiss]));
  };
  const showFailure = (fileName: string | null, code: string, message: string) => {
    showReport(
      "error",
      [
        el("p", "import-report-title", fileName === null ? t("import-failed-title-any") : t("notice-not-imported", { file: fileName })),
        el("p", "import-report-line", t("import-failed-line", { message: `${message.charAt(0).toUpperCase()}${message.slice(1)}` })),
        el("p", "error-code", t("error-code-line", { code })),
      ],
      code,
    );
  };
  const runImport = (file: PendingFile, asMember: string | null, word = false) => {
    const run = opts.importTable;
    if (!run) return;
    const runWord = opts.importWord;
    if (word && !runWord) return;
    void (async () => {
      closeImport();
      showReport("pending", [el("p", "import-report-line", t(file.more ? "import-pending-first" : "import-pending", { file: file.file_name }))]);
      importButton.disabled = true;
      try {
        if (word && runWord) showReport("ok", renderWordReport(await runWord(file.id, asMember), name));
        else showReport("ok", renderImportReport(await run(file.id, asMember), name));
      } catch (err) {
        const body = err as { code?: unknown; message?: unknown };
        const code = typeof body?.code === "string" ? body.code : "import.unreadable";
        const message = typeof body?.message === "string" ? body.message : String(err);
        showFailure(file.file_name, code, /[.!?]$/.test(message) ? message : `${message}.`);
      } finally {
        importButton.disabled = false;
      }
    })();
  };
  const pickAndImport = (trigger: HTMLButtonElement, pick: (() => Promise<PendingFile>) | undefined, word: boolean) => {
    if (!pick) return;
    const asMember = asChoice.wrap.hidden ? null : asChoice.input.value || null;
    trigger.disabled = true;
    clearReport();
    pick()
      .then((file) => runImport(file, asMember, word))
      .catch((err: unknown) => {
        const body = err as { code?: unknown; message?: unknown };
        // A cancelled Open dialog: nothing happened; the form stays open.
        if (body?.code === "file.cancelled") return;
        closeImport();
        const code = typeof body?.code === "string" ? body.code : "import.unreadable";
        showFailure(null, code, errorText({ code, message: typeof body?.message === "string" ? body.message : String(err) }));
      })
      .finally(() => {
        trigger.disabled = false;
      });
  };
  choose.addEventListener("click", () => pickAndImport(choose, opts.pickTable, false));
  chooseWord.addEventListener("click", () => pickAndImport(chooseWord, opts.pickWord, true));

  const showProposal = () => {
    const kind = proposalChoice.input.value as ProposalKind | "";
    proposalFields.hidden = kind === "";
    submit.textContent = t(kind === "" ? "comment-submit" : "comment-propose");
    if (kind === "" || !pending) {
      proposalPreview.replaceChildren();
      return;
    }
    const target = proposalTarget(kind, pending.quote, pending.paragraph);
    proposalPreview.replaceChildren(el("span", "proposal-preview-lead", `${t("comment-as-redline")} `), renderRedline(target, proposalBox.value));
  };
  proposalChoice.input.addEventListener("change", () => {
    const kind = proposalChoice.input.value as ProposalKind | "";
    // Start from the words it replaces, so that only the change needs typing.
    if (pending && kind === "paragraph" && (proposalBox.value === "" || proposalBox.value === pending.quote)) proposalBox.value = pending.paragraph;
    if (pending && kind === "replace" && (proposalBox.value === "" || proposalBox.value === pending.paragraph)) proposalBox.value = pending.quote;
    if (pending && kind === "insert-after" && (proposalBox.value === pending.quote || proposalBox.value === pending.paragraph)) proposalBox.value = "";
    showProposal();
  });
  proposalBox.addEventListener("input", showProposal);
  // A comment is being written once its words are typed, or its proposal's (a proposal filled in
  // from the selection is not the person's typing until they change it).
  let proposalTyped = false;
  const tellTyped = () => opts.typed?.set("comment", "comment", !form.hidden && (bodyBox.value.trim() !== "" || proposalTyped));
  bodyBox.addEventListener("input", tellTyped);
  proposalBox.addEventListener("input", () => {
    proposalTyped = true;
    tellTyped();
  });

  const openForm = (propose: boolean) => {
    const range = commentRange(view);
    if (!range) {
      hint.textContent = t(propose ? "comment-select-first-propose" : "comment-select-first");
      return;
    }
    const comment = newCommentAt(view.state, range, "");
    if (!comment) {
      hint.textContent = t("comment-not-loaded");
      return;
    }
    hint.textContent = "";
    const { body: _body, ...anchor } = comment;
    pending = { ...anchor, paragraph: view.state.doc.resolve(range.from).node(1).textContent };
    preview.textContent = anchor.quote;
    kindChoice.input.value = "general";
    proposalChoice.input.value = propose ? "replace" : "";
    proposalBox.value = propose ? anchor.quote : "";
    proposalTyped = false;
    bodyBox.placeholder = t(propose ? "comment-why-placeholder" : "comment-body-placeholder");
    showProposal();
    form.hidden = false;
    tellTyped();
    if (propose) {
      proposalBox.focus();
      proposalBox.select();
    } else {
      bodyBox.focus();
    }
  };
  commentButton.addEventListener("click", () => openForm(false));
  proposeButton.addEventListener("click", () => openForm(true));
  const closeForm = () => {
    pending = null;
    form.hidden = true;
    bodyBox.value = "";
    proposalBox.value = "";
    proposalTyped = false;
    tellTyped();
  };
  cancel.addEventListener("click", closeForm);
  const heldForm = (): HeldTyping["form"] => {
    if (form.hidden || !pending) return null;
    const active = document.activeElement;
    const field = active === bodyBox ? bodyBox : active === proposalBox ? proposalBox : null;
    return {
      pending,
      kind: kindChoice.input.value,
      body: bodyBox.value,
      proposalKind: proposalChoice.input.value,
      proposal: proposalBox.value,
      proposalTyped,
      focus: field ? { field: field === bodyBox ? "body" : "proposal", start: field.selectionStart, end: field.selectionEnd } : null,
    };
  };
  if (opts.resume?.form) {
    const held = opts.resume.form;
    pending = held.pending;
    preview.textContent = held.pending.quote;
    kindChoice.input.value = held.kind;
    proposalChoice.input.value = held.proposalKind;
    bodyBox.value = held.body;
    proposalBox.value = held.proposal;
    proposalTyped = held.proposalTyped;
    bodyBox.placeholder = t(held.proposalKind ? "comment-why-placeholder" : "comment-body-placeholder");
    showProposal();
    form.hidden = false;
    tellTyped();
  }
  form.addEventListener("keydown", (e) => {
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
      const kind = kindChoice.input.value as CommentKind;
      const proposalKind = proposalChoice.input.value as ProposalKind | "";
      const { paragraph: _paragraph, ...anchor } = pending;
      const comment: NewComment = { ...anchor, body };
      if (kind !== "general") comment.kind = kind;
      if (proposalKind) comment.proposal = { kind: proposalKind, text: proposalBox.value.trim() };
      submit.disabled = true;
      try {
        await opts.comments.add(comment);
        closeForm();
      } catch (err) {
        opts.onError(err);
      } finally {
        submit.disabled = false;
      }
    })();
  });

  // --- filters ---------------------------------------------------------------------------------
  const filters: Filters = { kind: "", delegation: "", outcome: "", state: "" };
  const filterBar = el("div", "comment-filters");
  filterBar.setAttribute("role", "group");
  filterBar.setAttribute("aria-label", t("filter-label"));
  const all = { value: "", label: t("filter-all") };
  const kindFilter = select(t("export-type"), [all, ...COMMENT_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))], "filter-type");
  const delegationFilter = select(t("status-col-delegation"), [all], "filter-delegation");
  const outcomeFilter = select(
    t("thread-outcome"),
    [all, { value: "none", label: t("filter-outcome-none") }, ...OUTCOME_KINDS.map((k) => ({ value: k, label: outcomeLabel(k) }))],
    "filter-outcome",
  );
  const stateFilter = select(t("filter-show"), [all, { value: "open", label: t("filter-open") }, { value: "closed", label: t("filter-closed") }], "filter-state");
  filterBar.append(kindFilter.wrap, delegationFilter.wrap, outcomeFilter.wrap, stateFilter.wrap);
  for (const [key, f] of [["kind", kindFilter], ["delegation", delegationFilter], ["outcome", outcomeFilter], ["state", stateFilter]] as const) {
    f.input.addEventListener("change", () => {
      filters[key] = f.input.value;
      render();
    });
  }
  let delegations = "";
  const setDelegations = (all: string[]) => {
    const key = all.join("\u0000");
    if (key === delegations) return;
    delegations = key;
    const current = delegationFilter.input.value;
    const options = [{ value: "", label: t("filter-all") }, ...all.map((d) => ({ value: d, label: d }))].map((c) => {
      const o = el("option", "", c.label);
      o.value = c.value;
      return o;
    });
    delegationFilter.input.replaceChildren(...options);
    delegationFilter.input.value = all.includes(current) ? current : "";
    filters.delegation = delegationFilter.input.value;
  };

  const showRights = () => {
    const r = rights();
    starters.hidden = !r.comment;
    importBox.hidden = !r.comment || !opts.importTable;
    if (importBox.hidden) closeImport();
    if (!r.comment) {
      closeForm();
      hint.textContent = "";
    }
    cannot.hidden = r.comment;
    cannot.textContent = !opts.canComment
      ? t("comments-cannot-role")
      : stage?.stage === "closed"
        ? t("comments-cannot-closed")
        : t("comments-cannot-stage");
  };

  // --- threads ----------------------------------------------------------------------------
  const list = el("ol", "thread-list");
  const empty = el("p", "panel-empty", t("comments-empty"));
  panel.append(filterBar, empty, list);
  container.append(panel);
  // The field that was being typed in keeps the focus and its caret.
  const focus = opts.resume?.form?.focus;
  if (focus && !form.hidden) {
    const field = focus.field === "body" ? bodyBox : proposalBox;
    field.focus();
    field.setSelectionRange(focus.start, focus.end);
  }

  const views = new Map<string, ThreadView>();
  /** Replies typed in the panel mounted before this one, put back as their threads are drawn. */
  const resumeReplies = new Map(opts.resume?.replies ?? []);
  let active: string | null = null;
  let lastSelection: [number, number] = [-1, -1];
  let lastDecorations: unknown = null;

  let newThreads: ReadonlySet<string> = new Set();
  let newReplies: ReadonlySet<string> = new Set();
  const opened = (id: string) => {
    if (views.get(id)?.isNew) opts.opened?.(id);
  };
  const selectThread = (id: string) => {
    opened(id);
    const data = read().find((t) => t.id === id);
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
  const env: ThreadEnv = { opts, name, select: selectThread, rights, paragraph: paragraphText, opened };

  const setActive = (id: string | null) => {
    if (id === active) return;
    if (active) views.get(active)?.setActive(false);
    active = id;
    if (id) views.get(id)?.setActive(true);
  };

  const render = () => {
    const data = read();
    setDelegations([...new Set(data.map((t) => t.delegation).filter(Boolean))].sort((a, b) => a.localeCompare(b)));
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
    let shown = 0;
    for (const p of placed) {
      let tv = views.get(p.t.id);
      if (!tv) {
        tv = new ThreadView(p.t.id, env);
        views.set(p.t.id, tv);
        const reply = resumeReplies.get(p.t.id);
        if (reply !== undefined) {
          resumeReplies.delete(p.t.id);
          tv.resumeReply(reply);
        }
      }
      tv.update(p.t, p.orphaned);
      tv.setNew(newThreads.has(p.t.id), newReplies);
      const visible = matches(p.t, filters);
      tv.element.hidden = !visible;
      if (visible) shown++;
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
    empty.hidden = shown > 0;
    empty.textContent = t(order.length === 0 ? "comments-empty" : "comments-none-match");
    filterBar.hidden = order.length === 0;
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
  supports.observeDeep(observer);
  outcomes.observeDeep(observer);
  applications.observeDeep(observer);
  const context = contextOf(view);
  context?.listeners.add(schedule);
  showRights();
  render();

  return {
    importDropped(file: PendingFile) {
      if (importBox.hidden || !opts.importTable) {
        opts.onError(new IpcError({ code: "table.import_not_allowed", message: t("table-import-not-allowed", { file: file.file_name }) }));
        return;
      }
      // The open import form's "On behalf of" applies; else the rows are this member's.
      const asMember = !importForm.hidden && !asChoice.wrap.hidden ? asChoice.input.value || null : null;
      runImport(file, asMember);
    },
    setStage(next: Stage | null) {
      stage = next;
      showRights();
      for (const tv of views.values()) tv.refresh();
      schedule();
    },
    setSeen(threads: ReadonlySet<string>, replies: ReadonlySet<string>) {
      newThreads = threads;
      newReplies = replies;
      for (const [id, tv] of views) tv.setNew(threads.has(id), replies);
    },
    held() {
      const replies: [string, string][] = [...views].map(([id, tv]): [string, string] => [id, tv.replyText]).filter(([, text]) => text.trim() !== "");
      // A reply whose thread was not drawn yet here is still held.
      for (const [id, text] of resumeReplies) if (!views.has(id)) replies.push([id, text]);
      return { form: heldForm(), replies };
    },
    destroy() {
      if (scheduled) clearTimeout(scheduled);
      // What was being written goes with the panel (the window asked first, if it was leaving).
      opts.typed?.release("comment");
      opts.typed?.release("reply:");
      opts.typed?.release("observation:");
      threads.unobserveDeep(observer);
      edits.unobserveDeep(observer);
      supports.unobserveDeep(observer);
      outcomes.unobserveDeep(observer);
      applications.unobserveDeep(observer);
      context?.listeners.delete(schedule);
      panel.remove();
    },
  };
}
