// The workshop's stage (issue #11 §1) as the window shows it: its label with the comment round's
// deadline and the days left (the top bar's chip), the banner over a draft the stage closes to this
// member, and the dialog in which the chair or the Secretariat sets it. The stage and what this
// device may do in it come from the core (`stage_show`, `stage_watch`); nothing is judged here.

import type { Stage, StageName, WorkshopInfo } from "../ipc";
import { el } from "./dom";
import { toErrorBody } from "./error";

export const STAGES: { value: StageName; label: string; hint: string }[] = [
  { value: "drafting", label: "Drafting", hint: "Delegations edit the draft directly." },
  { value: "comment-round", label: "Comment round", hint: "Delegations and observers comment and propose wording; only the chair and the Secretariat edit the draft." },
  { value: "revision", label: "Revision", hint: "The chair and the Secretariat edit, apply proposals and record outcomes; others read and reply." },
  { value: "closed", label: "Closed", hint: "Nobody edits the draft or comments; milestones and exports still work." },
];

export function stageLabel(stage: StageName): string {
  return STAGES.find((s) => s.value === stage)?.label ?? stage;
}

const LONG_DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** `15 December 2026` for `2026-12-15`; the input itself when it is not a date. */
export function formatDeadline(deadline: string): string {
  const date = new Date(`${deadline}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? deadline : LONG_DATE.format(date);
}

const SHORT_DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** `15 Dec 2026` for `2026-12-15` (the top bar's chip); the input itself when it is not a date. */
export function formatDeadlineShort(deadline: string): string {
  const date = new Date(`${deadline}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? deadline : SHORT_DATE.format(date);
}

/** `12 days left`, `last day`, `closed 3 days ago`. */
export function daysLeftText(days: number): string {
  if (days > 1) return `${days} days left`;
  if (days === 1) return "1 day left";
  if (days === 0) return "last day";
  return days === -1 ? "deadline passed yesterday" : `deadline passed ${-days} days ago`;
}

/** The chip's text, short enough for the top bar: `Comment round · until 15 Dec · 12 days left`. */
export function stageSummary(stage: Stage, now: Date = new Date()): string {
  const parts = [stageLabel(stage.stage)];
  if (stage.stage === "comment-round" && stage.deadline) {
    const days = stage.days_left;
    const date = formatDeadlineShort(stage.deadline);
    // The year only when it is not this one.
    const shown = stage.deadline.startsWith(String(now.getUTCFullYear())) ? date.replace(/ \d{4}$/, "") : date;
    if (days !== null && days < 0) parts.push(`deadline ${shown} passed`);
    else {
      parts.push(`until ${shown}`);
      if (days !== null) parts.push(daysLeftText(days));
    }
  }
  return parts.join(" · ");
}

/** The stage in full words, for the chip's tooltip and accessible name. */
export function stageSentence(stage: Stage): string {
  if (stage.stage !== "comment-round" || !stage.deadline) return stageLabel(stage.stage);
  const days = stage.days_left === null ? "" : ` (${daysLeftText(stage.days_left)})`;
  return `Comment round until ${formatDeadline(stage.deadline)}${days}`;
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
    lead = stage.deadline ? `Comment round until ${formatDeadline(stage.deadline)}: ` : "Comment round: ";
    rest = stage.can_comment
      ? "the chair and the Secretariat edit the draft; propose a change on any words instead (select them, then press Propose change)."
      : "the chair and the Secretariat edit the draft.";
  } else if (stage.stage === "revision") {
    lead = "Revision: ";
    rest = "the chair and the Secretariat edit the draft, apply proposals and record outcomes; you can read and reply to comments.";
  } else if (stage.stage === "closed") {
    lead = "The workshop is closed: ";
    rest = "nobody edits the draft or comments any more; milestones and exports still work.";
  } else {
    lead = `${stageLabel(stage.stage)}: `;
    rest = "the draft is read-only for you in this stage.";
  }
  banner.append(el("strong", "role-banner-lead", lead), document.createTextNode(rest));
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
    for (const s of STAGES) this.#stage.append(el("option", undefined, s.label, { value: s.value }));
    this.#hint = el("p", "field-note", undefined, { id: "stage-hint" });
    this.#stage.setAttribute("aria-describedby", "stage-hint");
    const stageGroup = el("div", "field-group");
    stageGroup.append(el("label", "field-label", "Stage", { for: "stage-select" }), this.#stage, this.#hint);
    this.#deadline = el("input", "text-input", undefined, { type: "date", id: "stage-deadline", name: "deadline", "data-testid": "stage-deadline" });
    this.#deadlineGroup = el("div", "field-group");
    this.#deadlineGroup.append(
      el("label", "field-label", "Deadline for comments (optional)", { for: "stage-deadline" }),
      this.#deadline,
      el("p", "field-note", "A comment dated after it is kept and shown as late."),
    );
    this.#result = el("p", "dialog-result", undefined, { role: "status", "aria-live": "polite" });
    const cancel = el("button", "button", "Cancel", { type: "button", "data-action": "close" });
    cancel.addEventListener("click", () => this.close());
    this.#submit = el("button", "button button-primary", "Set stage", { type: "submit", "data-testid": "stage-submit" });
    const actions = el("div", "dialog-actions");
    actions.append(cancel, this.#submit);
    form.append(
      el("h2", "dialog-title", "Stage of the workshop", { id: "stage-title" }),
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
    this.#hint.textContent = STAGES.find((s) => s.value === stage)?.hint ?? "";
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
      this.#result.textContent = `${body.message} (${body.code})`;
    } finally {
      this.#submit.disabled = false;
    }
  }
}
