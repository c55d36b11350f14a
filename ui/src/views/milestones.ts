// The side panel "Milestones": the frozen versions of the draft, newest first, each with a
// Compare action; for the chair and the Secretariat, a form that freezes the draft as a new milestone.

import type { IpcErrorBody, Milestone, MilestoneList } from "../ipc";
import { el } from "./dom";
import { toErrorBody } from "./error";
import { formatDateTime } from "./format";
import { setStatus } from "./status";

/** What the person reads for the errors they can fix; other codes show the core's message. */
const CREATE_ERRORS: Record<string, string> = {
  "milestone.exists": "A milestone of that name exists already: choose another name.",
  "role.forbidden": "Only the chair of the workshop, or the Secretariat for the chair, freezes milestones.",
  "input.empty": "Give the milestone a name.",
};

export interface MilestonesPanelActions {
  /** Shows the draft with the changes since milestone `name`. */
  compare(name: string): void;
  /** Freezes the draft as `name`; resolves to the new list, rejects with an IPC error. */
  create(name: string, renumber: boolean): Promise<MilestoneList>;
}

export class MilestonesPanel {
  readonly element: HTMLElement;
  readonly #actions: MilestonesPanelActions;
  readonly #list: HTMLElement;
  readonly #formSlot: HTMLElement;
  #form: HTMLFormElement | null = null;
  #milestones: Milestone[] = [];
  #comparing: string | null = null;

  constructor(actions: MilestonesPanelActions) {
    this.#actions = actions;
    this.element = el("aside", "side-panel", undefined, { "aria-labelledby": "milestones-title" });
    this.#list = el("div", "milestone-list-slot", undefined, { "aria-live": "polite" });
    this.#formSlot = el("div", "milestone-form-slot");
    this.#list.append(el("p", "panel-empty", "Loading milestones…"));
    this.element.append(
      el("h2", "panel-title", "Milestones", { id: "milestones-title" }),
      el("p", "panel-intro", "Frozen versions of the draft. Compare one to see what has changed since."),
      this.#list,
      this.#formSlot,
    );
  }

  /** Shows `list`; `comparing` names the milestone the page now compares against, if any. */
  update(list: MilestoneList): void {
    this.#milestones = list.milestones;
    this.#renderList();
    if (list.can_create && !this.#form) {
      this.#form = this.#renderForm();
      this.#formSlot.replaceChildren(this.#form);
    } else if (!list.can_create) {
      this.#form = null;
      this.#formSlot.replaceChildren(el("p", "panel-note", "Only the chair of the workshop freezes milestones."));
    }
  }

  setComparing(name: string | null): void {
    this.#comparing = name;
    for (const item of this.#list.querySelectorAll<HTMLElement>(".milestone")) {
      const active = item.dataset.name === name;
      item.classList.toggle("active", active);
      if (active) item.setAttribute("aria-current", "true");
      else item.removeAttribute("aria-current");
      item.querySelector("button")?.setAttribute("aria-pressed", String(active));
    }
  }

  showLoadError(error: IpcErrorBody): void {
    const box = el("p", "panel-error", `The milestones could not be read: ${error.message}`, {
      role: "alert",
      "data-code": error.code,
    });
    box.append(el("span", "error-code", ` (${error.code})`));
    this.#list.replaceChildren(box);
  }

  /** The Compare button of milestone `name`, to give focus back to. */
  compareButton(name: string): HTMLButtonElement | null {
    for (const item of this.#list.querySelectorAll<HTMLElement>(".milestone")) {
      if (item.dataset.name === name) return item.querySelector("button");
    }
    return null;
  }

  #renderList(): void {
    if (this.#milestones.length === 0) {
      this.#list.replaceChildren(el("p", "panel-empty", "No milestone yet."));
      return;
    }
    const list = el("ol", "milestone-list", undefined, { "aria-label": "Milestones, newest first" });
    // The core lists them oldest first, two of one second in the order they were frozen.
    const newestFirst = [...this.#milestones].reverse();
    for (const milestone of newestFirst) list.append(this.#renderItem(milestone));
    this.#list.replaceChildren(list);
    this.setComparing(this.#comparing);
  }

  #renderItem(milestone: Milestone): HTMLElement {
    const item = el("li", "milestone", undefined, { "data-name": milestone.name });
    const meta = el("span", "milestone-meta");
    meta.append(el("time", "milestone-date", formatDateTime(milestone.created), { datetime: milestone.created }));
    if (milestone.created_by_name) meta.append(el("span", "milestone-by", `by ${milestone.created_by_name}`));
    const button = el("button", "button button-small", "Compare", {
      type: "button",
      "aria-label": `Compare the draft with the milestone ${milestone.name}`,
      "aria-pressed": "false",
    });
    button.addEventListener("click", () => this.#actions.compare(milestone.name));
    item.append(el("span", "milestone-name", milestone.name), button, meta);
    return item;
  }

  #renderForm(): HTMLFormElement {
    const form = el("form", "milestone-form", undefined, { "aria-labelledby": "milestone-form-title", novalidate: "" });
    const input = el("input", "text-input", undefined, {
      id: "milestone-name",
      name: "name",
      type: "text",
      autocomplete: "off",
      maxlength: "120",
      placeholder: "e.g. Report to SC71",
      "aria-describedby": "milestone-form-status",
    });
    const renumber = el("input", undefined, undefined, { id: "milestone-renumber", type: "checkbox", "data-testid": "milestone-renumber" }) as HTMLInputElement;
    const renumberLabel = el("label", "check-label", undefined, { for: "milestone-renumber" });
    renumberLabel.append(renumber, document.createTextNode(" First number inserted paragraphs (2 bis, 2 ter) in sequence"));
    const submit = el("button", "button button-primary", "Freeze milestone", { type: "submit" });
    const status = el("p", "form-status", undefined, { id: "milestone-form-status", role: "status", "aria-live": "polite" });
    form.append(
      el("h3", "form-title", "Freeze the draft", { id: "milestone-form-title" }),
      el("label", "field-label", "Milestone name", { for: "milestone-name" }),
      input,
      renumberLabel,
      submit,
      status,
    );
    // A stale error goes as soon as the name is edited.
    input.addEventListener("input", () => {
      if (status.classList.contains("form-status-error")) setStatus(status, "ok", "");
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const name = input.value.trim();
      if (!name) {
        setStatus(status, "error", CREATE_ERRORS["input.empty"] ?? "", "input.empty");
        input.focus();
        return;
      }
      submit.disabled = true;
      form.setAttribute("aria-busy", "true");
      setStatus(status, "pending", "Freezing the draft…");
      this.#actions
        .create(name, renumber.checked)
        .then((list) => {
          input.value = "";
          renumber.checked = false;
          this.update(list);
          setStatus(status, "ok", `Frozen as “${name}”.`);
        })
        .catch((err: unknown) => {
          const body = toErrorBody(err);
          setStatus(status, "error", CREATE_ERRORS[body.code] ?? body.message, body.code);
          input.focus();
        })
        .finally(() => {
          submit.disabled = false;
          form.setAttribute("aria-busy", "false");
        });
    });
    return form;
  }
}
