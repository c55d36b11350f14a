// The About dialog: the app's name, its version (the workspace's Cargo version, through the shell),
// its licence and the data directory this run uses. Opened from the top bar's "About" button
// (reached with Tab like every other button) or with F1; Escape or Close shuts it and the focus
// goes back to where it was.

import type { About } from "../ipc";
import { toErrorBody } from "./error";
import { el } from "./dom";

export type LoadAbout = () => Promise<About>;

export class AboutDialog {
  readonly element: HTMLDialogElement;
  readonly #facts: HTMLElement;
  readonly #close: HTMLButtonElement;
  #opener: HTMLElement | null = null;

  constructor(private readonly load: LoadAbout) {
    this.element = el("dialog", "dialog about-dialog", undefined, { "aria-labelledby": "about-title", "data-testid": "about-dialog" });
    const form = el("form", "dialog-form", undefined, { method: "dialog" });
    this.#facts = el("dl", "about-facts", undefined, { "aria-busy": "true" });
    this.#close = el("button", "button button-primary", "Close", { type: "submit", "data-action": "close" });
    const actions = el("div", "dialog-actions");
    actions.append(this.#close);
    form.append(
      el("h2", "dialog-title", "About Caucus", { id: "about-title" }),
      el("p", "dialog-intro", "Co-draft a resolution, online or offline."),
      this.#facts,
      actions,
    );
    this.element.append(form);
    this.element.addEventListener("close", () => {
      this.#opener?.focus();
      this.#opener = null;
    });
  }

  /** Shows the dialog, its facts asked of the shell each time (they do not change while it runs). */
  async open(opener: HTMLElement | null): Promise<void> {
    this.#opener = opener;
    this.#facts.replaceChildren();
    this.#facts.setAttribute("aria-busy", "true");
    if (!this.element.open) this.element.showModal();
    this.#close.focus();
    try {
      const about = await this.load();
      this.#facts.replaceChildren(
        ...fact("Version", about.version, "about-version"),
        ...fact("Licence", about.licence, "about-licence"),
        ...fact("Data directory", about.data_dir ?? "none (see the window's error)", "about-data-dir"),
      );
    } catch (err) {
      const body = toErrorBody(err);
      this.#facts.replaceChildren(el("dd", "dialog-result", `${body.message} (${body.code})`, { "data-code": body.code }));
    } finally {
      this.#facts.setAttribute("aria-busy", "false");
    }
  }
}

function fact(name: string, value: string, testid: string): HTMLElement[] {
  return [el("dt", "about-name", name), el("dd", "about-value", value, { "data-testid": testid })];
}
