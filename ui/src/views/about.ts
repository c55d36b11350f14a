// The About dialog: the app's name, its version (the workspace's Cargo version, through the shell),
// its licence and the data directory this run uses. Opened from the top bar's "About" button
// (reached with Tab like every other button) or with F1; Escape or Close shuts it and the focus
// goes back to where it was.

import type { About } from "../ipc";
import { toErrorBody } from "./error";
import { errorText, t } from "../i18n";
import { el } from "./dom";
import { languageSelect, type SetLanguage } from "./language";

export type LoadAbout = () => Promise<About>;

export class AboutDialog {
  readonly element: HTMLDialogElement;
  readonly #facts: HTMLElement;
  readonly #close: HTMLButtonElement;
  #opener: HTMLElement | null = null;

  constructor(
    private readonly load: LoadAbout,
    setLanguage: SetLanguage,
  ) {
    this.element = el("dialog", "dialog about-dialog", undefined, { "aria-labelledby": "about-title", "data-testid": "about-dialog" });
    const form = el("form", "dialog-form", undefined, { method: "dialog" });
    this.#facts = el("dl", "about-facts", undefined, { "aria-busy": "true" });
    this.#close = el("button", "button button-primary", t("dialog-close"), { type: "submit", "data-action": "close" });
    const actions = el("div", "dialog-actions");
    actions.append(this.#close);
    form.append(
      el("h2", "dialog-title", t("about-title"), { id: "about-title" }),
      el("p", "dialog-intro", t("about-intro")),
      this.#facts,
      languageSelect(setLanguage, "language-about"),
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
        ...fact(t("about-version"), about.version, "about-version"),
        ...fact(t("about-licence"), about.licence, "about-licence"),
        ...fact(t("about-data-dir"), about.data_dir ?? t("about-data-dir-none"), "about-data-dir"),
      );
    } catch (err) {
      const body = toErrorBody(err);
      this.#facts.replaceChildren(el("dd", "dialog-result", t("error-with-code", { message: errorText(body), code: body.code }), { "data-code": body.code }));
    } finally {
      this.#facts.setAttribute("aria-busy", "false");
    }
  }
}

function fact(name: string, value: string, testid: string): HTMLElement[] {
  return [el("dt", "about-name", name), el("dd", "about-value", value, { "data-testid": testid })];
}
