// The "Export…" dialog: format, changes since a milestone (or a clean text), how Word shows the
// revision marks, comments; shows where the file was saved, or the error code.

import type { Exported, ExportFormat, ExportRequest, RevisionMarks } from "../ipc";
import { el } from "./dom";
import { toErrorBody } from "./error";
import { formatBytes } from "./format";

const FORMATS: { value: ExportFormat; label: string; hint: string }[] = [
  { value: "docx", label: "Word", hint: ".docx — CITES layout, tracked changes, comments" },
  { value: "pdf", label: "PDF", hint: ".pdf — A4, page numbers" },
  { value: "html", label: "Web page", hint: ".html — standalone, prints cleanly" },
  { value: "md", label: "Markdown", hint: ".md — plain text" },
  { value: "akn", label: "Akoma Ntoso", hint: ".xml — legal XML 3.0" },
];

const MARKS: { value: RevisionMarks; label: string; hint: string }[] = [
  { value: "tracked", label: "Tracked changes", hint: "delegations accept or reject them in Word or LibreOffice" },
  { value: "visual", label: "Underline and strike-through", hint: "the CITES style for amendments, no tracked changes" },
];

export type ExportAction = (request: ExportRequest) => Promise<Exported>;

export class ExportDialog {
  readonly element: HTMLDialogElement;
  readonly #run: ExportAction;
  readonly #since: HTMLSelectElement;
  readonly #marks: HTMLFieldSetElement;
  readonly #marksNote: HTMLElement;
  readonly #comments: HTMLInputElement;
  readonly #commentsNote: HTMLElement;
  readonly #submit: HTMLButtonElement;
  readonly #result: HTMLElement;
  readonly #form: HTMLFormElement;
  #opener: HTMLElement | null = null;

  constructor(run: ExportAction) {
    this.#run = run;
    this.element = el("dialog", "dialog export-dialog", undefined, {
      "aria-labelledby": "export-title",
      "aria-describedby": "export-intro",
    });
    this.#form = el("form", "dialog-form", undefined, { novalidate: "" });

    const formats = el("fieldset", "field-group field-formats");
    formats.append(el("legend", "field-legend", "Format"));
    for (const [i, f] of FORMATS.entries()) {
      formats.append(radio("export-format", f.value, f.label, f.hint, i === 0));
    }

    this.#since = el("select", "select-input", undefined, { id: "export-since", name: "since" });
    const since = el("div", "field-group");
    since.append(el("label", "field-label", "Show the changes since", { for: "export-since" }), this.#since);

    this.#marks = el("fieldset", "field-group field-marks");
    this.#marks.append(el("legend", "field-legend", "Revision marks in Word"));
    for (const [i, m] of MARKS.entries()) this.#marks.append(radio("export-marks", m.value, m.label, m.hint, i === 0));
    this.#marksNote = el("p", "field-note", undefined, { id: "export-marks-note" });
    this.#marks.append(this.#marksNote);

    this.#comments = el("input", undefined, undefined, { type: "checkbox", id: "export-comments", name: "comments" });
    const comments = el("div", "field-group field-check");
    const commentsLabel = el("label", "check-label", undefined, { for: "export-comments" });
    commentsLabel.append(this.#comments, document.createTextNode(" Include the open comments"));
    this.#commentsNote = el("p", "field-note", undefined, { id: "export-comments-note" });
    comments.append(commentsLabel, this.#commentsNote);

    this.#result = el("div", "export-result", undefined, { role: "status", "aria-live": "polite" });

    const close = el("button", "button", "Close", { type: "button", "data-action": "close" });
    close.addEventListener("click", () => this.close());
    this.#submit = el("button", "button button-primary", "Export", { type: "submit" });
    const actions = el("div", "dialog-actions");
    actions.append(close, this.#submit);

    this.#form.append(
      el("h2", "dialog-title", "Export the draft", { id: "export-title" }),
      el("p", "dialog-intro", "The file is saved in the export folder; an earlier export is never overwritten.", {
        id: "export-intro",
      }),
      formats,
      since,
      this.#marks,
      comments,
      this.#result,
      actions,
    );
    this.element.append(this.#form);

    this.#form.addEventListener("change", () => this.#sync());
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.#export();
    });
    this.element.addEventListener("close", () => {
      this.#opener?.focus();
      this.#opener = null;
    });
  }

  /** Opens the dialog with `milestones` to choose from and `since` preselected (or none). */
  open(milestones: string[], since: string | null, opener: HTMLElement | null): void {
    this.#opener = opener;
    const none = el("option", undefined, "No changes — the clean text", { value: "" });
    this.#since.replaceChildren(none, ...milestones.map((name) => el("option", undefined, name, { value: name })));
    this.#since.value = since && milestones.includes(since) ? since : "";
    this.#result.replaceChildren();
    this.#result.className = "export-result";
    this.#sync();
    if (!this.element.open) this.element.showModal();
    this.#form.querySelector<HTMLInputElement>('input[name="export-format"]:checked')?.focus();
  }

  close(): void {
    if (this.element.open) this.element.close();
  }

  #request(): ExportRequest {
    const format = (this.#form.querySelector<HTMLInputElement>('input[name="export-format"]:checked')?.value ?? "docx") as ExportFormat;
    const marks = (this.#form.querySelector<HTMLInputElement>('input[name="export-marks"]:checked')?.value ?? "tracked") as RevisionMarks;
    return { format, since: this.#since.value || null, marks, comments: this.#comments.checked && format !== "pdf" };
  }

  /** Enables what applies to the chosen format: marks for Word with changes, comments but in PDF. */
  #sync(): void {
    const { format, since } = this.#request();
    const marksApply = format === "docx" && since !== null;
    this.#marks.disabled = !marksApply;
    this.#marksNote.textContent = marksApply
      ? ""
      : format !== "docx"
        ? "Only Word files carry a choice of marks; other formats underline and strike through."
        : "Choose a milestone above to show changes.";
    const commentsApply = format !== "pdf";
    this.#comments.disabled = !commentsApply;
    this.#commentsNote.textContent = commentsApply
      ? format === "docx" ? "As Word comments anchored at their text." : "Listed with the text they are about."
      : "PDF exports do not carry comments.";
  }

  async #export(): Promise<void> {
    const request = this.#request();
    this.#submit.disabled = true;
    this.#form.setAttribute("aria-busy", "true");
    this.#result.className = "export-result export-pending";
    this.#result.replaceChildren(document.createTextNode("Exporting…"));
    try {
      const saved = await this.#run(request);
      this.#result.className = "export-result export-ok";
      this.#result.dataset.path = saved.path;
      delete this.#result.dataset.code;
      this.#result.replaceChildren(
        el("p", "result-line", `Saved (${formatBytes(saved.bytes)}) as`),
        el("p", "result-path", saved.path),
      );
    } catch (err) {
      const body = toErrorBody(err);
      this.#result.className = "export-result export-error";
      this.#result.dataset.code = body.code;
      delete this.#result.dataset.path;
      this.#result.replaceChildren(
        el("p", "result-line", `The export failed: ${body.message}`),
        el("p", "error-code", `Error code: ${body.code}`),
      );
    } finally {
      this.#submit.disabled = false;
      this.#form.setAttribute("aria-busy", "false");
    }
  }
}

function radio(name: string, value: string, label: string, hint: string, checked: boolean): HTMLElement {
  const id = `${name}-${value}`;
  const input = el("input", undefined, undefined, { type: "radio", name, value, id });
  input.checked = checked;
  const wrap = el("div", "choice");
  const text = el("label", "choice-label", undefined, { for: id });
  text.append(el("span", "choice-name", label), el("span", "choice-hint", hint));
  wrap.append(input, text);
  return wrap;
}
