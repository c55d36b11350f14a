// The "Workshops" view: every workshop on this device, to open one; and the three ways to get a
// new one: create it (this device chairs it), join with an invitation, import a .txt, .md or Word file
// (picked in the system's Open dialog, which the shell shows, or dropped on the window).

import { FILE_CANCELLED, type JoinLink, type PendingFile, type WorkshopInfo, type WorkshopSummary } from "../ipc";
import { errorText, t } from "../i18n";
import { el } from "./dom";
import { toErrorBody } from "./error";
import { languageSelect, type SetLanguage } from "./language";
import { roleName } from "./roles";
import { setStatus } from "./status";

export interface WorkshopsActions {
  list(): Promise<WorkshopSummary[]>;
  open(id: string): Promise<WorkshopInfo>;
  create(title: string, symbol: string, meeting: string): Promise<WorkshopInfo>;
  join(token: string): Promise<WorkshopInfo>;
  /** Asks for a file in the system's Open dialog (rejects with `file.cancelled` when the person cancels). */
  pick(): Promise<PendingFile>;
  /** Imports a picked or dropped file, by its number, as a new workshop's draft. */
  importFile(id: number): Promise<WorkshopInfo>;
  /** The window now shows `info` (the caller re-mounts the draft). */
  opened(info: WorkshopInfo): Promise<void>;
  /** The workshop already open was chosen: show its draft. */
  showOpen(): void;
  /** Remembers the window's language on this device and draws the window again in it. */
  setLanguage: SetLanguage;
}

export class WorkshopsView {
  readonly element: HTMLElement;
  readonly #actions: WorkshopsActions;
  readonly #list: HTMLElement;
  readonly #status: HTMLElement;
  #importStatus: HTMLElement | null = null;
  /** The Join form's parts, filled in by an invitation link (`offerJoin`). */
  #join: { token: HTMLTextAreaElement; submit: HTMLButtonElement; status: HTMLElement } | null = null;
  #busy = false;
  #generation = 0;

  constructor(actions: WorkshopsActions) {
    this.#actions = actions;
    this.element = el("section", "sheet workshops-view", undefined, {
      "aria-labelledby": "workshops-title",
      "data-testid": "workshops-view",
    });
    this.#list = el("div", "workshop-list-slot", undefined, { "aria-live": "polite" });
    this.#status = el("p", "form-status", undefined, { role: "status", "aria-live": "polite", "data-testid": "workshops-status" });
    const forms = el("div", "workshop-forms");
    forms.append(this.#createForm(), this.#joinForm(), this.#importForm());
    const head = el("div", "sheet-head");
    head.append(el("h1", "sheet-title", t("workshops-title"), { id: "workshops-title", tabindex: "-1" }), languageSelect(actions.setLanguage, "language-workshops"));
    this.element.append(
      head,
      el("p", "sheet-intro", t("workshops-intro")),
      this.#list,
      this.#status,
      forms,
    );
  }

  /**
   * An invitation link opened the app: its token goes into Join, which asks before joining — the
   * member presses Join (focused) or leaves it. A link that is no invitation says why, with its code.
   */
  offerJoin(link: JoinLink): void {
    const join = this.#join;
    if (!join) return;
    join.token.closest("form")?.scrollIntoView({ block: "nearest" });
    if (link.token) {
      join.token.value = link.token;
      join.token.dataset.fromLink = "true";
      setStatus(join.status, "pending", t("join-from-link"));
      join.submit.focus();
    } else {
      const error = link.error ?? { code: "auth.malformed", message: t("error-auth-malformed") };
      setStatus(join.status, "error", t("join-link-not-invitation", { message: errorText(error) }), error.code);
      join.token.focus();
    }
  }

  focus(): void {
    this.element.querySelector<HTMLElement>("#workshops-title")?.focus({ preventScroll: true });
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    if (!this.#list.firstChild) this.#list.append(el("p", "panel-empty", t("workshops-loading")));
    try {
      const list = await this.#actions.list();
      if (generation !== this.#generation) return;
      this.#renderList(list);
    } catch (err) {
      if (generation !== this.#generation) return;
      const body = toErrorBody(err);
      const box = el("p", "panel-error", t("workshops-list-failed", { message: errorText(body) }), { role: "alert", "data-code": body.code });
      box.append(el("span", "error-code", ` ${t("error-code-short", { code: body.code })}`));
      this.#list.replaceChildren(box);
    }
  }

  #renderList(workshops: WorkshopSummary[]): void {
    if (workshops.length === 0) {
      this.#list.replaceChildren(el("p", "panel-empty", t("workshops-empty")));
      return;
    }
    const list = el("ul", "workshop-list", undefined, { "aria-label": t("workshops-list-label") });
    for (const w of workshops) {
      const item = el("li", w.open ? "workshop-item workshop-open" : "workshop-item", undefined, {
        "data-testid": "workshop-item",
        "data-id": w.id,
      });
      if (w.open) item.dataset.open = "true";
      const button = el("button", "workshop-button", undefined, {
        type: "button",
        "aria-label": t(w.open ? "workshop-show-label" : "workshop-open-label", { name: w.title || w.symbol || w.id }),
      });
      if (w.open) button.setAttribute("aria-current", "true");
      const main = el("span", "workshop-main");
      main.append(el("span", "workshop-name", w.title || t("workshop-untitled")));
      const sub = [w.symbol, w.meeting].filter(Boolean).join(" · ");
      if (sub) main.append(el("span", "workshop-sub", sub));
      const side = el("span", "workshop-side");
      side.append(el("span", `chip chip-role chip-${w.role ?? "none"}`, w.role ? roleName(w.role) : t("workshop-no-identity")));
      if (w.open) side.append(el("span", "chip chip-open", t("workshop-open-chip")));
      button.append(main, side);
      button.addEventListener("click", () => {
        if (w.open) this.#actions.showOpen();
        else void this.#switch(t("workshop-opening-named", { name: w.title || w.id }), () => this.#actions.open(w.id));
      });
      item.append(button);
      list.append(item);
    }
    this.#list.replaceChildren(list);
  }

  /** Runs one of the ways to open a workshop, then hands the result to the window. */
  /** A file picked in the Open dialog, or dropped on the window while this view is shown: imported as a new workshop's draft. */
  importFile(file: PendingFile): void {
    const pending = t(file.more ? "import-pending-first" : "import-pending", { file: file.file_name });
    void this.#switch(pending, () => this.#actions.importFile(file.id), this.#importStatus ?? this.#status);
  }

  async #switch(pending: string, action: () => Promise<WorkshopInfo>, status: HTMLElement = this.#status): Promise<boolean> {
    if (this.#busy) return false;
    this.#busy = true;
    this.element.setAttribute("aria-busy", "true");
    setStatus(status, "pending", pending);
    try {
      const info = await action();
      setStatus(status, "ok", "");
      await this.#actions.opened(info);
      return true;
    } catch (err) {
      const body = toErrorBody(err);
      setStatus(status, "error", errorText(body), body.code);
      return false;
    } finally {
      this.#busy = false;
      this.element.setAttribute("aria-busy", "false");
    }
  }

  #createForm(): HTMLElement {
    const { form, status, fill } = formCard("create", t("create-title"), t("create-intro"));
    const title = field("create-title-input", t("create-field-title"), "text", t("create-field-title-placeholder"));
    const symbol = field("create-symbol", t("create-field-symbol"), "text", t("create-field-symbol-placeholder"));
    const meeting = field("create-meeting", t("create-field-meeting"), "text", t("create-field-meeting-placeholder"));
    const submit = el("button", "button button-primary", t("create-submit"), { type: "submit", "data-testid": "create-submit" });
    fill(title.field, symbol.field, meeting.field, submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const values = [title.input.value.trim(), symbol.input.value.trim(), meeting.input.value.trim()] as const;
      if (!values[0]) {
        setStatus(status, "error", t("create-needs-title"), "input.empty");
        title.input.focus();
        return;
      }
      submit.disabled = true;
      void this.#switch(t("create-pending"), () => this.#actions.create(...values), status).then((ok) => {
        submit.disabled = false;
        if (ok) form.reset();
      });
    });
    return form;
  }

  #joinForm(): HTMLElement {
    const { form, status, fill } = formCard("join", t("join-title"), t("join-intro"));
    const id = "join-token-input";
    const token = el("textarea", "token-area", undefined, { id, name: "token", rows: "4", spellcheck: "false", autocomplete: "off", placeholder: t("join-token-placeholder"), "data-testid": "join-token" });
    const submit = el("button", "button button-primary", t("join-submit"), { type: "submit", "data-testid": "join-submit" });
    fill(el("label", "field-label", t("join-token-label"), { for: id }), token, submit);
    this.#join = { token, submit, status };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      // Mail programs wrap long tokens: whitespace is never part of one.
      const value = token.value.replace(/\s+/g, "");
      if (!value) {
        setStatus(status, "error", t("join-needs-token"), "input.empty");
        token.focus();
        return;
      }
      submit.disabled = true;
      void this.#switch(t("join-pending"), () => this.#actions.join(value), status).then((ok) => {
        submit.disabled = false;
        if (ok) {
          token.value = "";
          delete token.dataset.fromLink;
        }
      });
    });
    return form;
  }

  #importForm(): HTMLElement {
    const { form, status, fill } = formCard(
      "import",
      t("import-title"),
      t("import-intro"),
    );
    const choose = el("button", "button button-primary", t("import-choose"), { type: "button", "data-testid": "import-choose" });
    const hint = el("p", "form-hint", t("import-drop-hint"));
    fill(choose, hint);
    choose.addEventListener("click", () => {
      if (this.#busy) return;
      void (async () => {
        let file: PendingFile;
        try {
          file = await this.#actions.pick();
        } catch (err) {
          const body = toErrorBody(err);
          // A cancelled Open dialog: nothing happened, nothing to say.
          setStatus(status, body.code === FILE_CANCELLED ? "ok" : "error", body.code === FILE_CANCELLED ? "" : errorText(body), body.code === FILE_CANCELLED ? undefined : body.code);
          return;
        }
        this.importFile(file);
      })();
    });
    this.#importStatus = status;
    return form;
  }
}

/**
 * One of the page's forms: a card titled `title` (its accessible name) with an introduction, and a
 * status line last. `fill` puts the form's own fields between them. Test ids: `<name>-form`,
 * `<name>-status`.
 */
function formCard(name: string, title: string, intro: string): { form: HTMLFormElement; status: HTMLElement; fill: (...nodes: HTMLElement[]) => void } {
  const titleId = `${name}-title`;
  const form = el("form", "card workshop-form", undefined, { "aria-labelledby": titleId, novalidate: "", "data-testid": `${name}-form` });
  const status = el("p", "form-status", undefined, { role: "status", "aria-live": "polite", "data-testid": `${name}-status` });
  const fill = (...nodes: HTMLElement[]): void => {
    form.append(el("h2", "form-title", title, { id: titleId }), el("p", "form-intro", intro), ...nodes, status);
  };
  return { form, status, fill };
}

function field(id: string, label: string, type: string, placeholder: string): { field: HTMLElement; input: HTMLInputElement } {
  const wrap = el("div", "form-field");
  const input = el("input", "text-input", undefined, { id, name: id, type, autocomplete: "off", maxlength: "200", placeholder });
  wrap.append(el("label", "field-label", label, { for: id }), input);
  return { field: wrap, input };
}
