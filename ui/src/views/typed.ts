// What this window holds typed and not saved yet — a translation in the Versions view, a comment or
// a reply being written — and the question asked before something would lose it: opening another
// workshop or switching the language (a reload) asks here; closing the window is asked by the
// core, which this window keeps told (`window_typed`).

import { intlLocale, t } from "../i18n";
import { el } from "./dom";

/** What kind of text is held: it names it in the question. */
export type TypedKind = "translation" | "comment" | "reply" | "observation";

/** The code a switch is refused with when the person keeps what they typed. */
export const TYPED_KEPT = "app.typed_kept";

/** Text typed and not saved, by the place that holds it (a form, a view). */
export class Typed {
  readonly #held = new Map<string, TypedKind>();
  readonly #listeners = new Set<(holds: boolean) => void>();

  /** `place` holds typed text of `kind` (or no longer does). */
  set(place: string, kind: TypedKind, holds: boolean): void {
    const before = this.holds;
    if (holds) this.#held.set(place, kind);
    else this.#held.delete(place);
    if (this.holds !== before) for (const f of this.#listeners) f(this.holds);
  }

  /** The places named `prefix` or starting with it hold nothing any more (their form is gone). */
  release(prefix: string): void {
    const before = this.holds;
    for (const place of [...this.#held.keys()]) if (place.startsWith(prefix)) this.#held.delete(place);
    if (this.holds !== before) for (const f of this.#listeners) f(false);
  }

  /** Nothing typed is held any more (it was discarded, or the workshop was left). */
  clear(): void {
    if (!this.holds) return;
    this.#held.clear();
    for (const f of this.#listeners) f(false);
  }

  get holds(): boolean {
    return this.#held.size > 0;
  }

  /** The kinds held, each once, in a fixed order. */
  get kinds(): TypedKind[] {
    const held = new Set(this.#held.values());
    return (["translation", "comment", "reply", "observation"] as const).filter((k) => held.has(k));
  }

  /** Calls `f` whenever the window comes to hold typed text or stops holding any. */
  onChange(f: (holds: boolean) => void): () => void {
    this.#listeners.add(f);
    return () => this.#listeners.delete(f);
  }
}

/**
 * The question before typed text is lost: "Discard it and go on" or "Keep editing" (the default,
 * and what Escape does). One modal dialog, asked again for each attempt.
 */
export class DiscardQuestion {
  readonly element: HTMLDialogElement;
  readonly #message: HTMLElement;
  readonly #keep: HTMLButtonElement;
  #answer: ((discard: boolean) => void) | null = null;

  constructor() {
    this.element = el("dialog", "dialog discard-dialog", undefined, {
      "aria-labelledby": "discard-title",
      "aria-describedby": "discard-message",
      "data-testid": "discard-dialog",
    });
    const form = el("form", "dialog-form", undefined, { method: "dialog" });
    this.#message = el("p", "dialog-intro", undefined, { id: "discard-message", "data-testid": "discard-message" });
    const discard = el("button", "button", t("typed-discard"), { type: "submit", value: "discard", "data-testid": "discard-confirm" });
    this.#keep = el("button", "button button-primary", t("typed-keep"), { type: "submit", value: "keep", "data-testid": "discard-keep" });
    const actions = el("div", "dialog-actions");
    actions.append(discard, this.#keep);
    form.append(el("h2", "dialog-title", t("typed-title"), { id: "discard-title" }), this.#message, actions);
    this.element.append(form);
    // Escape closes the dialog with no return value: the text is kept.
    this.element.addEventListener("close", () => {
      const answer = this.#answer;
      this.#answer = null;
      answer?.(this.element.returnValue === "discard");
    });
  }

  /** Asks whether to discard text of `kinds`; resolves true only if the person chooses to. */
  ask(kinds: TypedKind[]): Promise<boolean> {
    // One question at a time (it is modal): another asked meanwhile counts as kept.
    if (this.element.open) return Promise.resolve(false);
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const what = new Intl.ListFormat(intlLocale(), { type: "conjunction" }).format(kinds.map((k) => t(`typed-kind-${k}`)));
    this.#message.textContent = t("typed-message", { what });
    this.element.returnValue = "";
    this.element.showModal();
    this.#keep.focus();
    return new Promise((resolve) => {
      this.#answer = (discard) => {
        if (!discard) opener?.focus();
        resolve(discard);
      };
    });
  }
}
