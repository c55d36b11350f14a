// "Since you last looked" in the top bar (issue #14 §5): a count ("5 new") of the paragraphs others
// changed and the threads and replies others wrote since this member last looked on this device,
// which opens a short list (each entry shows its place) with "Mark all as seen". Hidden when
// nothing is new. What is new is the core's answer (`since_seen`); this view reads it when asked
// (the app asks when the draft or the notes change), one read in flight and at most one more
// queued, never polled, and tells its listeners (the draft's marks, the comments panel).

import type { SinceSeen } from "../ipc";
import { errorText, intlLocale, t } from "../i18n";
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

/** `Kenya`, `Kenya and Peru`, `Kenya, Peru and Chile` as the window's language lists them; `another member` for none. */
function by(delegations: string[]): string {
  if (delegations.length === 0) return t("seen-another-member");
  return new Intl.ListFormat(intlLocale(), { style: "long", type: "conjunction" }).format(delegations);
}

/** A paragraph by its citation, else its number: `1 b)`, `PP2`, or "" when it has neither. */
function cited(citation: string, number: string | null): string {
  return citation || (number ?? "").replace(/\.$/, "");
}

/** `PP2` stays as it is (a preambular paragraph's citation); anything else is "paragraph N". */
const isPreambular = (citation: string): string => (/^PP\d/.test(citation) ? "yes" : "no");

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
    head.append(el("h2", "popover-title", t("seen-title"), { id: "seen-popover-title" }));
    const close = el("button", "icon-button", "×", { type: "button", "aria-label": t("dialog-close") });
    close.addEventListener("click", () => this.close(true));
    head.append(close);
    this.#note = el("p", "seen-note");
    this.#list = el("ul", "seen-list", undefined, { "data-testid": "seen-list" });
    this.#markAll = el("button", "button button-primary button-small", t("seen-mark-all"), { type: "button", "data-testid": "seen-mark-all" });
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
      this.#note.textContent = t("seen-mark-failed", { message: errorText(toErrorBody(err)) });
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
    this.#button.textContent = t("seen-count", { count });
    this.#button.setAttribute("aria-label", t("seen-count-label", { count }));
    this.#button.title = t("seen-count-title");
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
      const citation = cited(p.citation, p.number);
      const args = { citation, pp: isPreambular(citation), who: by(p.delegations), what: p.deleted ? "deleted" : "changed" };
      const text = citation ? t("seen-paragraph", args) : t("seen-paragraph-unnumbered", args);
      out.push(p.deleted ? entry(text, "paragraph", null) : entry(text, "paragraph", () => this.#actions.showParagraph(p.para_id)));
    }
    for (const thread of seen.threads) {
      const kind = thread.new_thread ? (thread.replies.length ? "both" : "new") : "replies";
      const args = { kind, count: thread.replies.length, who: by(thread.delegations), citation: thread.citation, pp: isPreambular(thread.citation) };
      const text = thread.citation ? t("seen-thread-on", args) : t("seen-thread", args);
      out.push(entry(text, "thread", () => this.#actions.showThread(thread.thread_id)));
    }
    return out;
  }
}
