// The "Workshops" view: every workshop on this device, to open one; and the three ways to get a
// new one: create it (this device chairs it), join with an invitation, import a .txt, .md or Word file
// (picked in the system's Open dialog, which the shell shows, or dropped on the window).

import { FILE_CANCELLED, type JoinLink, type PendingFile, type WorkshopInfo, type WorkshopSummary } from "../ipc";
import { el } from "./dom";
import { toErrorBody } from "./error";
import { ROLE_NAME } from "./roles";
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
}

const ERRORS: Record<string, string> = {
  "input.empty": "Fill in the fields marked as needed.",
};

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
    this.element.append(
      el("h1", "sheet-title", "Workshops", { id: "workshops-title", tabindex: "-1" }),
      el("p", "sheet-intro", "Every workshop on this device. Each keeps its own draft, comments and members."),
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
      setStatus(join.status, "pending", "An invitation link opened Caucus with this token. Join the workshop on this device? Press Join to set it up, or close this view to leave it.");
      join.submit.focus();
    } else {
      const error = link.error ?? { code: "auth.malformed", message: "not an invitation link" };
      setStatus(join.status, "error", `The link that opened Caucus is not an invitation: ${error.message}`, error.code);
      join.token.focus();
    }
  }

  focus(): void {
    this.element.querySelector<HTMLElement>("#workshops-title")?.focus({ preventScroll: true });
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    if (!this.#list.firstChild) this.#list.append(el("p", "panel-empty", "Loading the workshops…"));
    try {
      const list = await this.#actions.list();
      if (generation !== this.#generation) return;
      this.#renderList(list);
    } catch (err) {
      if (generation !== this.#generation) return;
      const body = toErrorBody(err);
      const box = el("p", "panel-error", `The workshops could not be listed: ${body.message}`, { role: "alert", "data-code": body.code });
      box.append(el("span", "error-code", ` (${body.code})`));
      this.#list.replaceChildren(box);
    }
  }

  #renderList(workshops: WorkshopSummary[]): void {
    if (workshops.length === 0) {
      this.#list.replaceChildren(el("p", "panel-empty", "No workshop on this device yet: create, join or import one below."));
      return;
    }
    const list = el("ul", "workshop-list", undefined, { "aria-label": "Workshops on this device" });
    for (const w of workshops) {
      const item = el("li", w.open ? "workshop-item workshop-open" : "workshop-item", undefined, {
        "data-testid": "workshop-item",
        "data-id": w.id,
      });
      if (w.open) item.dataset.open = "true";
      const button = el("button", "workshop-button", undefined, {
        type: "button",
        "aria-label": `${w.open ? "Show" : "Open"} ${w.title || w.symbol || w.id}`,
      });
      if (w.open) button.setAttribute("aria-current", "true");
      const main = el("span", "workshop-main");
      main.append(el("span", "workshop-name", w.title || "Untitled workshop"));
      const sub = [w.symbol, w.meeting].filter(Boolean).join(" · ");
      if (sub) main.append(el("span", "workshop-sub", sub));
      const side = el("span", "workshop-side");
      side.append(el("span", `chip chip-role chip-${w.role ?? "none"}`, w.role ? ROLE_NAME[w.role] : "No identity"));
      if (w.open) side.append(el("span", "chip chip-open", "open"));
      button.append(main, side);
      button.addEventListener("click", () => {
        if (w.open) this.#actions.showOpen();
        else void this.#switch(`Opening ${w.title || w.id}…`, () => this.#actions.open(w.id));
      });
      item.append(button);
      list.append(item);
    }
    this.#list.replaceChildren(list);
  }

  /** Runs one of the ways to open a workshop, then hands the result to the window. */
  /** A file picked in the Open dialog, or dropped on the window while this view is shown: imported as a new workshop's draft. */
  importFile(file: PendingFile): void {
    const more = file.more ? " (only the first of the dropped files)" : "";
    void this.#switch(`Importing ${file.file_name}${more}…`, () => this.#actions.importFile(file.id), this.#importStatus ?? this.#status);
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
      setStatus(status, "error", ERRORS[body.code] ?? body.message, body.code);
      return false;
    } finally {
      this.#busy = false;
      this.element.setAttribute("aria-busy", "false");
    }
  }

  #createForm(): HTMLElement {
    const { form, status, fill } = formCard("create", "New workshop", "You chair it: you invite the members and freeze milestones.");
    const title = field("create-title-input", "Title", "text", "e.g. Wildlife cybercrime");
    const symbol = field("create-symbol", "Document symbol", "text", "e.g. SC70 Doc. 30");
    const meeting = field("create-meeting", "Meeting", "text", "e.g. Seventieth meeting of the Standing Committee");
    const submit = el("button", "button button-primary", "Create workshop", { type: "submit", "data-testid": "create-submit" });
    fill(title.field, symbol.field, meeting.field, submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const values = [title.input.value.trim(), symbol.input.value.trim(), meeting.input.value.trim()] as const;
      if (!values[0]) {
        setStatus(status, "error", "Give the workshop a title.", "input.empty");
        title.input.focus();
        return;
      }
      submit.disabled = true;
      void this.#switch("Creating the workshop…", () => this.#actions.create(...values), status).then((ok) => {
        submit.disabled = false;
        if (ok) form.reset();
      });
    });
    return form;
  }

  #joinForm(): HTMLElement {
    const { form, status, fill } = formCard("join", "Join with an invitation", "Open the invitation link the chair sent you, or paste it or its token here. Caucus fetches the workshop from its relay.");
    const id = "join-token-input";
    const token = el("textarea", "token-area", undefined, { id, name: "token", rows: "4", spellcheck: "false", autocomplete: "off", placeholder: "caucus://join?token=… or caucus1.…", "data-testid": "join-token" });
    const submit = el("button", "button button-primary", "Join", { type: "submit", "data-testid": "join-submit" });
    fill(el("label", "field-label", "Invitation token or link", { for: id }), token, submit);
    this.#join = { token, submit, status };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      // Mail programs wrap long tokens: whitespace is never part of one.
      const value = token.value.replace(/\s+/g, "");
      if (!value) {
        setStatus(status, "error", "Paste the invitation token first.", "input.empty");
        token.focus();
        return;
      }
      submit.disabled = true;
      void this.#switch("Joining: fetching the workshop from its relay…", () => this.#actions.join(value), status).then((ok) => {
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
      "Import a draft: .docx, .txt or .md",
      "A CITES document from Word (its tracked changes accepted), as plain text or as Markdown becomes the draft of a new workshop that you chair.",
    );
    const choose = el("button", "button button-primary", "Choose a file…", { type: "button", "data-testid": "import-choose" });
    const hint = el("p", "form-hint", "Or drop the file on this window while this page is shown.");
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
          setStatus(status, body.code === FILE_CANCELLED ? "ok" : "error", body.code === FILE_CANCELLED ? "" : body.message, body.code === FILE_CANCELLED ? undefined : body.code);
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
