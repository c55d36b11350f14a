// The side panel "Milestones": the frozen versions of the draft, newest first, each with a
// Compare action; for the chair and the Secretariat, a form that freezes the draft as a new milestone.

import type { IpcErrorBody, Milestone, MilestoneList } from "../ipc";
import { errorText, has, t } from "../i18n";
import { el } from "./dom";
import { toErrorBody } from "./error";
import { formatDateTime } from "./format";
import { setStatus } from "./status";

/** What the person reads for the errors they can fix (`milestone-error-*`); other codes as `errorText` says them. */
function createError(body: IpcErrorBody): string {
  const id = `milestone-error-${body.code.replace(/\./g, "-")}`;
  return has(id) ? t(id) : errorText(body);
}

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
    this.#list.append(el("p", "panel-empty", t("milestones-loading")));
    this.element.append(
      el("h2", "panel-title", t("nav-milestones"), { id: "milestones-title" }),
      el("p", "panel-intro", t("milestones-intro")),
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
      this.#formSlot.replaceChildren(el("p", "panel-note", t("milestones-chair-only")));
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
    const box = el("p", "panel-error", t("milestones-load-failed", { message: errorText(error) }), {
      role: "alert",
      "data-code": error.code,
    });
    box.append(el("span", "error-code", ` ${t("error-code-short", { code: error.code })}`));
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
      this.#list.replaceChildren(el("p", "panel-empty", t("milestones-empty")));
      return;
    }
    const list = el("ol", "milestone-list", undefined, { "aria-label": t("milestones-list-label") });
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
    if (milestone.created_by_name) meta.append(el("span", "milestone-by", t("milestone-by", { who: milestone.created_by_name })));
    const button = el("button", "button button-small", t("milestone-compare"), {
      type: "button",
      "aria-label": t("milestone-compare-label", { name: milestone.name }),
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
      placeholder: t("milestone-name-placeholder"),
      "aria-describedby": "milestone-form-status",
    });
    const renumber = el("input", undefined, undefined, { id: "milestone-renumber", type: "checkbox", "data-testid": "milestone-renumber" }) as HTMLInputElement;
    const renumberLabel = el("label", "check-label", undefined, { for: "milestone-renumber" });
    renumberLabel.append(renumber, document.createTextNode(` ${t("milestone-renumber")}`));
    const submit = el("button", "button button-primary", t("milestone-freeze"), { type: "submit" });
    const status = el("p", "form-status", undefined, { id: "milestone-form-status", role: "status", "aria-live": "polite" });
    form.append(
      el("h3", "form-title", t("milestone-form-title"), { id: "milestone-form-title" }),
      el("label", "field-label", t("milestone-name"), { for: "milestone-name" }),
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
        setStatus(status, "error", t("milestone-error-input-empty"), "input.empty");
        input.focus();
        return;
      }
      submit.disabled = true;
      form.setAttribute("aria-busy", "true");
      setStatus(status, "pending", t("milestone-freezing"));
      this.#actions
        .create(name, renumber.checked)
        .then((list) => {
          input.value = "";
          renumber.checked = false;
          this.update(list);
          setStatus(status, "ok", t("milestone-frozen", { name }));
        })
        .catch((err: unknown) => {
          const body = toErrorBody(err);
          setStatus(status, "error", createError(body), body.code);
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
