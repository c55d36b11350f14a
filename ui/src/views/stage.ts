// The workshop's stage (issue #11 §1) as the window shows it: its label with the comment round's
// deadline and the days left (the top bar's chip), the banner over a draft the stage closes to this
// member, and the dialog in which the chair or the Secretariat sets it. The stage and what this
// device may do in it come from the core (`stage_show`, `stage_watch`); nothing is judged here.

import type { Stage, StageName, WorkshopInfo } from "../ipc";
import { has, intlLocale, t, errorText } from "../i18n";
import { el } from "./dom";
import { toErrorBody } from "./error";

/** The stages in the order the dialog lists them; their names and hints are `stage-*` in the catalogue. */
export const STAGES: readonly StageName[] = ["drafting", "comment-round", "revision", "closed"];

export function stageLabel(stage: StageName): string {
  const id = `stage-${stage}`;
  return has(id) ? t(id) : stage;
}

function stageHint(stage: StageName): string {
  const id = `stage-hint-${stage}`;
  return has(id) ? t(id) : "";
}

/** `2026-12-15` as a date at midnight UTC, or null. */
function deadlineDate(deadline: string): Date | null {
  const date = new Date(`${deadline}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `15 December 2026` / `15 décembre 2026` for `2026-12-15`; the input itself when it is not a date. */
export function formatDeadline(deadline: string): string {
  const date = deadlineDate(deadline);
  return date ? new Intl.DateTimeFormat(intlLocale(), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date) : deadline;
}

/** `15 Dec 2026` for `2026-12-15` (the top bar's chip), without the year when `withYear` is false. */
export function formatDeadlineShort(deadline: string, withYear = true): string {
  const date = deadlineDate(deadline);
  const options: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", timeZone: "UTC" };
  if (withYear) options.year = "numeric";
  return date ? new Intl.DateTimeFormat(intlLocale(), options).format(date) : deadline;
}

/** `12 days left`, `last day`, `deadline passed 3 days ago`. */
export function daysLeftText(days: number): string {
  return days >= 0 ? t("stage-days-left", { days }) : t("stage-deadline-passed-ago", { days: -days });
}

/** The chip's text, short enough for the top bar: `Comment round · until 15 Dec · 12 days left`. */
export function stageSummary(stage: Stage, now: Date = new Date()): string {
  const name = stageLabel(stage.stage);
  if (stage.stage !== "comment-round" || !stage.deadline) return name;
  const days = stage.days_left;
  // The year only when it is not this one.
  const date = formatDeadlineShort(stage.deadline, !stage.deadline.startsWith(String(now.getUTCFullYear())));
  if (days !== null && days < 0) return t("stage-summary-passed", { stage: name, date });
  if (days === null) return t("stage-summary-until", { stage: name, date });
  return t("stage-summary-until-left", { stage: name, date, left: daysLeftText(days) });
}

/** The stage in full words, for the chip's tooltip and accessible name. */
export function stageSentence(stage: Stage): string {
  if (stage.stage !== "comment-round" || !stage.deadline) return stageLabel(stage.stage);
  const date = formatDeadline(stage.deadline);
  if (stage.days_left === null) return t("stage-sentence-until", { date });
  return t("stage-sentence-until-left", { date, left: daysLeftText(stage.days_left) });
}

/**
 * The banner over a draft that the stage (not the role) closes to this member, saying why and what
 * to do instead; null when the draft is open to them, or when the role alone closes it (the role's
 * banner says so).
 */
export function renderStageBanner(stage: Stage | null, info: WorkshopInfo): HTMLElement | null {
  if (!stage || stage.can_write_draft || info.permissions.draft !== "write") return null;
  const banner = el("div", "role-banner stage-banner", undefined, { role: "note", "data-testid": "stage-banner", "data-stage": stage.stage });
  let lead: string;
  let rest: string;
  if (stage.stage === "comment-round") {
    lead = stage.deadline ? t("stage-banner-round-until", { date: formatDeadline(stage.deadline) }) : t("stage-banner-round");
    rest = t(stage.can_comment ? "stage-banner-round-propose" : "stage-banner-round-read");
  } else if (stage.stage === "revision") {
    lead = t("stage-banner-revision");
    rest = t("stage-banner-revision-rest");
  } else if (stage.stage === "closed") {
    lead = t("stage-banner-closed");
    rest = t("stage-banner-closed-rest");
  } else {
    lead = t("stage-banner-other", { stage: stageLabel(stage.stage) });
    rest = t("stage-banner-other-rest");
  }
  banner.append(el("strong", "role-banner-lead", lead), document.createTextNode(` ${rest}`));
  return banner;
}

export type SetStage = (stage: StageName, deadline: string | null) => Promise<Stage>;

/** The dialog in which the chair or the Secretariat sets the stage (and a comment round's deadline). */
export class StageDialog {
  readonly element: HTMLDialogElement;
  readonly #stage: HTMLSelectElement;
  readonly #deadline: HTMLInputElement;
  readonly #deadlineGroup: HTMLElement;
  readonly #hint: HTMLElement;
  readonly #result: HTMLElement;
  readonly #submit: HTMLButtonElement;
  #opener: HTMLElement | null = null;

  constructor(private readonly set: SetStage) {
    this.element = el("dialog", "dialog stage-dialog", undefined, { "aria-labelledby": "stage-title", "data-testid": "stage-dialog" });
    const form = el("form", "dialog-form", undefined, { novalidate: "" });
    this.#stage = el("select", "select-input", undefined, { id: "stage-select", name: "stage", "data-testid": "stage-select" });
    for (const s of STAGES) this.#stage.append(el("option", undefined, stageLabel(s), { value: s }));
    this.#hint = el("p", "field-note", undefined, { id: "stage-hint" });
    this.#stage.setAttribute("aria-describedby", "stage-hint");
    const stageGroup = el("div", "field-group");
    stageGroup.append(el("label", "field-label", t("stage-dialog-stage"), { for: "stage-select" }), this.#stage, this.#hint);
    this.#deadline = el("input", "text-input", undefined, { type: "date", id: "stage-deadline", name: "deadline", "data-testid": "stage-deadline" });
    this.#deadlineGroup = el("div", "field-group");
    this.#deadlineGroup.append(
      el("label", "field-label", t("stage-dialog-deadline"), { for: "stage-deadline" }),
      this.#deadline,
      el("p", "field-note", t("stage-dialog-deadline-note")),
    );
    this.#result = el("p", "dialog-result", undefined, { role: "status", "aria-live": "polite" });
    const cancel = el("button", "button", t("dialog-cancel"), { type: "button", "data-action": "close" });
    cancel.addEventListener("click", () => this.close());
    this.#submit = el("button", "button button-primary", t("stage-dialog-submit"), { type: "submit", "data-testid": "stage-submit" });
    const actions = el("div", "dialog-actions");
    actions.append(cancel, this.#submit);
    form.append(
      el("h2", "dialog-title", t("stage-dialog-title"), { id: "stage-title" }),
      stageGroup,
      this.#deadlineGroup,
      this.#result,
      actions,
    );
    this.element.append(form);
    this.#stage.addEventListener("change", () => this.#sync());
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.#save();
    });
    this.element.addEventListener("close", () => {
      this.#opener?.focus();
      this.#opener = null;
    });
  }

  open(current: Stage, opener: HTMLElement | null): void {
    this.#opener = opener;
    this.#stage.value = current.stage;
    this.#deadline.value = current.deadline ?? "";
    this.#result.textContent = "";
    delete this.#result.dataset.code;
    this.#sync();
    this.element.showModal();
    this.#stage.focus();
  }

  close(): void {
    if (this.element.open) this.element.close();
  }

  #sync(): void {
    const stage = this.#stage.value as StageName;
    this.#hint.textContent = stageHint(stage);
    this.#deadlineGroup.hidden = stage !== "comment-round";
  }

  async #save(): Promise<void> {
    const stage = this.#stage.value as StageName;
    const deadline = stage === "comment-round" && this.#deadline.value ? this.#deadline.value : null;
    this.#submit.disabled = true;
    try {
      await this.set(stage, deadline);
      this.close();
    } catch (err) {
      const body = toErrorBody(err);
      this.#result.dataset.code = body.code;
      this.#result.textContent = t("error-with-code", { message: errorText(body), code: body.code });
    } finally {
      this.#submit.disabled = false;
    }
  }
}
