// "Since you last looked" in the top bar (issue #14 §5): a count ("5 new") of the paragraphs others
// changed and the threads and replies others wrote since this member last looked on this device,
// which opens a short list (each entry shows its place) with "Mark all as seen". Hidden when
// nothing is new. What is new is the core's answer (`since_seen`); this view reads it when asked
// (the app asks when the draft or the notes change), one read in flight and at most one more
// queued, never polled, and tells its listeners (the draft's marks, the comments panel).

import type { SinceSeen } from "../ipc";
import { el } from "./dom";
import { toErrorBody } from "./error";

export interface SeenActions {
  load(): Promise<SinceSeen>;
  markAll(): Promise<SinceSeen>;
  /** Shows a paragraph in the draft. */
  showParagraph(paraId: string): void;
  /** Shows a thread in the comments panel (and its words in the draft). */
  showThread(threadId: string): void;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function by(delegations: string[]): string {
  if (delegations.length === 0) return "another member";
  if (delegations.length === 1) return delegations[0] ?? "";
  return `${delegations.slice(0, -1).join(", ")} and ${delegations[delegations.length - 1] ?? ""}`;
}

/** How a paragraph is named in the list: `Paragraph 1 b)`, `PP2`, `The title` (by its citation, else its number). */
function paragraphName(citation: string, number: string | null): string {
  const cited = citation || (number ?? "").replace(/\.$/, "");
  if (!cited) return "A paragraph";
  return /^PP\d/.test(cited) ? cited : `Paragraph ${cited}`;
}

/** Where a thread is, in a sentence: ` on paragraph 3`, ` on PP2`, or nothing. */
function onParagraph(citation: string): string {
  if (!citation) return "";
  return /^PP\d/.test(citation) ? ` on ${citation}` : ` on paragraph ${citation}`;
}

export class SeenIndicator {
  readonly element: HTMLElement;
  readonly #actions: SeenActions;
  readonly #button: HTMLButtonElement;
  readonly #popover: HTMLElement;
  readonly #list: HTMLElement;
  readonly #note: HTMLElement;
  readonly #markAll: HTMLButtonElement;
  readonly #listeners = new Set<(seen: SinceSeen | null) => void>();
  #seen: SinceSeen | null = null;
  #generation = 0;
  #loading: Promise<void> | null = null;
  #again = false;

  constructor(actions: SeenActions) {
    this.#actions = actions;
    this.element = el("div", "seen");
    this.#button = el("button", "seen-count", undefined, {
      type: "button",
      "data-testid": "seen-count",
      "aria-haspopup": "dialog",
      "aria-expanded": "false",
      "aria-controls": "seen-popover",
    });
    this.#button.hidden = true;
    this.#button.addEventListener("click", () => (this.isOpen ? this.close(true) : this.open()));
    this.#popover = el("section", "seen-popover", undefined, {
      id: "seen-popover",
      role: "dialog",
      "aria-labelledby": "seen-popover-title",
      "data-testid": "seen-popover",
    });
    this.#popover.hidden = true;
    const head = el("div", "sync-head");
    head.append(el("h2", "popover-title", "New since you last looked", { id: "seen-popover-title" }));
    const close = el("button", "icon-button", "×", { type: "button", "aria-label": "Close" });
    close.addEventListener("click", () => this.close(true));
    head.append(close);
    this.#note = el("p", "seen-note");
    this.#list = el("ul", "seen-list", undefined, { "data-testid": "seen-list" });
    this.#markAll = el("button", "button button-primary button-small", "Mark all as seen", { type: "button", "data-testid": "seen-mark-all" });
    this.#markAll.addEventListener("click", () => void this.#markAllSeen());
    this.#popover.append(head, this.#note, this.#list, this.#markAll);
    this.element.append(this.#button, this.#popover);

    this.#popover.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        this.close(true);
      }
    });
    document.addEventListener("pointerdown", (event) => {
      if (this.isOpen && event.target instanceof Node && !this.element.contains(event.target)) this.close(false);
    });
  }

  get isOpen(): boolean {
    return !this.#popover.hidden;
  }

  /** What the core said last (null: nothing read yet for this workshop). */
  get seen(): SinceSeen | null {
    return this.#seen;
  }

  /** Told of every answer (null when the workshop closes). Returns what stops telling. */
  onChange(listener: (seen: SinceSeen | null) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Another workshop (or none) is open: forgets the last answer. */
  reset(): void {
    this.#generation += 1;
    this.#again = false;
    this.close(false);
    this.#show(null);
  }

  /** Reads what is new again: one read in flight, at most one more queued behind it. */
  refresh(): Promise<void> {
    if (this.#loading) {
      this.#again = true;
      return this.#loading;
    }
    const generation = this.#generation;
    this.#loading = (async () => {
      try {
        do {
          this.#again = false;
          const seen = await this.#actions.load();
          if (generation !== this.#generation) return;
          this.#show(seen);
        } while (this.#again && generation === this.#generation);
      } catch (err) {
        // Not knowing what is new is quiet: the count stays as it was.
        console.warn("since seen", toErrorBody(err).code);
      } finally {
        this.#loading = null;
      }
    })();
    return this.#loading;
  }

  /** Takes an answer the app got otherwise (marking a thread seen returns what is still new). */
  take(seen: SinceSeen): void {
    this.#show(seen);
  }

  open(): void {
    this.#popover.hidden = false;
    this.#button.setAttribute("aria-expanded", "true");
    const first = this.#list.querySelector("button");
    (first ?? this.#markAll).focus();
  }

  close(returnFocus: boolean): void {
    if (!this.isOpen) return;
    this.#popover.hidden = true;
    this.#button.setAttribute("aria-expanded", "false");
    if (returnFocus && !this.#button.hidden) this.#button.focus();
  }

  async #markAllSeen(): Promise<void> {
    this.#markAll.disabled = true;
    const generation = this.#generation;
    try {
      const seen = await this.#actions.markAll();
      if (generation !== this.#generation) return;
      this.close(false);
      this.#show(seen);
    } catch (err) {
      this.#note.textContent = `Could not mark them as seen: ${toErrorBody(err).message}`;
    } finally {
      this.#markAll.disabled = false;
    }
  }

  #show(seen: SinceSeen | null): void {
    this.#seen = seen;
    const count = seen?.count ?? 0;
    this.element.dataset.count = String(count);
    this.element.dataset.loaded = String(seen !== null);
    this.#button.hidden = count === 0;
    this.#button.textContent = `${count} new`;
    this.#button.setAttribute("aria-label", `${plural(count, "change")} since you last looked: show ${count === 1 ? "it" : "them"}`);
    this.#button.title = "Changed paragraphs and comments since you last looked";
    if (count === 0) this.close(false);
    this.#note.textContent = "";
    this.#list.replaceChildren(...(seen ? this.#entries(seen) : []));
    for (const listener of this.#listeners) listener(seen);
  }

  #entries(seen: SinceSeen): HTMLElement[] {
    const entry = (text: string, kind: string, act: (() => void) | null): HTMLElement => {
      const li = el("li", "seen-entry", undefined, { "data-kind": kind });
      if (!act) {
        li.textContent = text;
        return li;
      }
      const b = el("button", "link-button seen-jump", text, { type: "button" });
      b.addEventListener("click", () => {
        this.close(false);
        act();
      });
      li.append(b);
      return li;
    };
    const out: HTMLElement[] = [];
    for (const p of seen.paragraphs) {
      const name = paragraphName(p.citation, p.number);
      out.push(
        p.deleted
          ? entry(`${name} deleted by ${by(p.delegations)}`, "paragraph", null)
          : entry(`${name} changed by ${by(p.delegations)}`, "paragraph", () => this.#actions.showParagraph(p.para_id)),
      );
    }
    for (const t of seen.threads) {
      const parts: string[] = [];
      if (t.new_thread) parts.push("New comment");
      if (t.replies.length) parts.push(t.new_thread ? plural(t.replies.length, "reply", "replies") : plural(t.replies.length, "new reply", "new replies"));
      out.push(entry(`${parts.join(" and ")} by ${by(t.delegations)}${onParagraph(t.citation)}`, "thread", () => this.#actions.showThread(t.thread_id)));
    }
    return out;
  }
}
