// The "Export…" dialog. What to export first: the draft (format, changes since a milestone or a
// clean text, how Word shows the revision marks, comments) or the comment table (Word table,
// Excel or CSV; open comments only, one delegation, one type). The shell asks where to save it
// with the system's Save dialog (opened in the folder saved into last on this device); the dialog
// then shows where the file went and its size, with "Open" and "Show in folder", or the error code.

import type { CommentTableRequest, Exported, ExportFormat, ExportRequest, RevisionMarks, TableExported, TableFormat } from "../ipc";
import { FILE_CANCELLED } from "../ipc";
import { errorText, t } from "../i18n";
import { el } from "./dom";
import { toErrorBody } from "./error";
import { formatBytes } from "./format";

/** The draft's formats; each one's name and hint are `export-format-<value>` and `-hint` in the catalogue. */
const FORMATS: readonly ExportFormat[] = ["docx", "pdf", "html", "md", "akn"];

const MARKS: readonly RevisionMarks[] = ["tracked", "visual"];

const TABLE_FORMATS: readonly TableFormat[] = ["docx", "xlsx", "csv"];

/** The comment types to filter by ("" is every type). */
const KINDS: readonly ("" | "general" | "technical" | "editorial")[] = ["", "general", "technical", "editorial"];

type What = "draft" | "table";

export type ExportAction = (request: ExportRequest) => Promise<Exported>;
export type TableExportAction = (request: CommentTableRequest) => Promise<TableExported>;
/** What the dialog offers for a saved file: open it, or show it in its folder. */
export interface SavedFileActions {
  open(path: string): Promise<void>;
  reveal(path: string): Promise<void>;
}

export class ExportDialog {
  readonly element: HTMLDialogElement;
  readonly #run: ExportAction;
  readonly #runTable: TableExportAction;
  readonly #files: SavedFileActions;
  readonly #title: HTMLElement;
  readonly #draftOptions: HTMLElement;
  readonly #tableOptions: HTMLElement;
  readonly #openOnly: HTMLInputElement;
  readonly #delegation: HTMLSelectElement;
  readonly #kind: HTMLSelectElement;
  readonly #since: HTMLSelectElement;
  readonly #marks: HTMLFieldSetElement;
  readonly #marksNote: HTMLElement;
  readonly #comments: HTMLInputElement;
  readonly #commentsNote: HTMLElement;
  readonly #submit: HTMLButtonElement;
  readonly #result: HTMLElement;
  readonly #form: HTMLFormElement;
  #opener: HTMLElement | null = null;

  constructor(run: ExportAction, runTable: TableExportAction, files: SavedFileActions) {
    this.#run = run;
    this.#runTable = runTable;
    this.#files = files;
    this.element = el("dialog", "dialog export-dialog", undefined, {
      "aria-labelledby": "export-title",
      "aria-describedby": "export-intro",
    });
    this.#form = el("form", "dialog-form", undefined, { novalidate: "" });

    const formats = el("fieldset", "field-group field-formats");
    formats.append(el("legend", "field-legend", t("export-format")));
    for (const [i, f] of FORMATS.entries()) {
      formats.append(radio("export-format", f, t(`export-format-${f}`), t(`export-format-${f}-hint`), i === 0));
    }

    this.#since = el("select", "select-input", undefined, { id: "export-since", name: "since" });
    const since = el("div", "field-group");
    since.append(el("label", "field-label", t("export-since"), { for: "export-since" }), this.#since);

    this.#marks = el("fieldset", "field-group field-marks");
    this.#marks.append(el("legend", "field-legend", t("export-marks")));
    for (const [i, m] of MARKS.entries()) this.#marks.append(radio("export-marks", m, t(`export-marks-${m}`), t(`export-marks-${m}-hint`), i === 0));
    this.#marksNote = el("p", "field-note", undefined, { id: "export-marks-note" });
    this.#marks.append(this.#marksNote);

    this.#comments = el("input", undefined, undefined, { type: "checkbox", id: "export-comments", name: "comments" });
    const comments = el("div", "field-group field-check");
    const commentsLabel = el("label", "check-label", undefined, { for: "export-comments" });
    commentsLabel.append(this.#comments, document.createTextNode(` ${t("export-comments")}`));
    this.#commentsNote = el("p", "field-note", undefined, { id: "export-comments-note" });
    comments.append(commentsLabel, this.#commentsNote);

    // What to export: the draft, or the comment table (whose options swap in).
    const what = el("fieldset", "field-group field-what");
    what.append(el("legend", "field-legend", t("export-what")));
    const whatChoices = el("div", "what-choices");
    whatChoices.append(
      segment("export-what", "draft", t("export-what-draft"), true),
      segment("export-what", "table", t("export-what-table"), false),
    );
    what.append(whatChoices);

    this.#draftOptions = el("div", "export-options", undefined, { "data-options": "draft" });
    this.#draftOptions.append(formats, since, this.#marks, comments);

    const tableFormats = el("fieldset", "field-group field-formats");
    tableFormats.append(el("legend", "field-legend", t("export-format")));
    for (const [i, f] of TABLE_FORMATS.entries()) tableFormats.append(radio("export-table-format", f, t(`export-table-format-${f}`), t(`export-table-format-${f}-hint`), i === 0));
    const filters = el("fieldset", "field-group field-filters");
    filters.append(el("legend", "field-legend", t("export-which")));
    this.#openOnly = el("input", undefined, undefined, { type: "checkbox", id: "export-table-open", name: "open-only" });
    const openLabel = el("label", "check-label", undefined, { for: "export-table-open" });
    openLabel.append(this.#openOnly, document.createTextNode(` ${t("export-open-only")}`));
    this.#delegation = el("select", "select-input", undefined, { id: "export-table-delegation", name: "delegation" });
    this.#kind = el("select", "select-input", undefined, { id: "export-table-type", name: "type" });
    this.#kind.append(...KINDS.map((k) => el("option", undefined, k ? t(`thread-type-${k}`) : t("export-all-types"), { value: k })));
    const selects = el("div", "filter-row");
    const delegationField = el("div", "filter-field");
    delegationField.append(el("label", "field-label", t("status-col-delegation"), { for: "export-table-delegation" }), this.#delegation);
    const kindField = el("div", "filter-field");
    kindField.append(el("label", "field-label", t("export-type"), { for: "export-table-type" }), this.#kind);
    selects.append(delegationField, kindField);
    filters.append(openLabel, selects);
    this.#tableOptions = el("div", "export-options", undefined, { "data-options": "table" });
    this.#tableOptions.append(
      tableFormats,
      filters,
      el("p", "field-note", t("export-table-columns")),
    );

    this.#result = el("div", "export-result", undefined, { role: "status", "aria-live": "polite" });

    const close = el("button", "button", t("dialog-close"), { type: "button", "data-action": "close" });
    close.addEventListener("click", () => this.close());
    this.#submit = el("button", "button button-primary", t("topbar-export"), { type: "submit", title: t("export-submit-title") });
    const actions = el("div", "dialog-actions");
    actions.append(close, this.#submit);

    this.#title = el("h2", "dialog-title", t("export-title-draft"), { id: "export-title" });
    this.#form.append(
      this.#title,
      el("p", "dialog-intro", t("export-intro"), {
        id: "export-intro",
      }),
      what,
      this.#draftOptions,
      this.#tableOptions,
      this.#result,
      actions,
    );
    this.element.append(this.#form);

    this.#form.addEventListener("change", (event) => {
      // A new choice clears the result of the last export, which was of something else.
      if ((event.target as HTMLElement | null)?.getAttribute("name") === "export-what") this.#clearResult();
      this.#sync();
    });
    this.#form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.#export();
    });
    this.element.addEventListener("close", () => {
      this.#opener?.focus();
      this.#opener = null;
    });
  }

  /**
   * Opens the dialog with `milestones` to choose from and `since` preselected (or none), and the
   * `delegations` that have comments for the comment table's filter.
   */
  open(milestones: string[], since: string | null, opener: HTMLElement | null, delegations: string[] = []): void {
    this.#opener = opener;
    const none = el("option", undefined, t("export-since-none"), { value: "" });
    this.#since.replaceChildren(none, ...milestones.map((name) => el("option", undefined, name, { value: name })));
    this.#since.value = since && milestones.includes(since) ? since : "";
    const chosen = this.#delegation.value;
    const all = el("option", undefined, t("status-all-delegations"), { value: "" });
    this.#delegation.replaceChildren(all, ...delegations.map((d) => el("option", undefined, d, { value: d })));
    this.#delegation.value = delegations.includes(chosen) ? chosen : "";
    // Changes since a milestone are a draft's: coming from Compare, the draft is what is wanted.
    if (since) this.#setWhat("draft");
    this.#clearResult();
    this.#sync();
    if (!this.element.open) this.element.showModal();
    const group = this.#what() === "table" ? "export-table-format" : "export-format";
    this.#form.querySelector<HTMLInputElement>(`input[name="${group}"]:checked`)?.focus();
  }

  close(): void {
    if (this.element.open) this.element.close();
  }

  #what(): What {
    return this.#form.querySelector<HTMLInputElement>('input[name="export-what"]:checked')?.value === "table" ? "table" : "draft";
  }

  #setWhat(what: What): void {
    const input = this.#form.querySelector<HTMLInputElement>(`input[name="export-what"][value="${what}"]`);
    if (input) input.checked = true;
  }

  #clearResult(): void {
    this.#result.replaceChildren();
    this.#result.className = "export-result";
    delete this.#result.dataset.path;
    delete this.#result.dataset.code;
    delete this.#result.dataset.what;
  }

  #tableRequest(): CommentTableRequest {
    const format = (this.#form.querySelector<HTMLInputElement>('input[name="export-table-format"]:checked')?.value ?? "docx") as TableFormat;
    const kind = (this.#kind.value || null) as CommentTableRequest["kind"];
    return { format, open_only: this.#openOnly.checked, delegation: this.#delegation.value || null, kind };
  }

  #request(): ExportRequest {
    const format = (this.#form.querySelector<HTMLInputElement>('input[name="export-format"]:checked')?.value ?? "docx") as ExportFormat;
    const marks = (this.#form.querySelector<HTMLInputElement>('input[name="export-marks"]:checked')?.value ?? "tracked") as RevisionMarks;
    return { format, since: this.#since.value || null, marks, comments: this.#comments.checked && format !== "pdf" };
  }

  /** Enables what applies to the chosen format: marks for Word with changes, comments but in PDF. */
  #sync(): void {
    const table = this.#what() === "table";
    this.#draftOptions.hidden = table;
    this.#tableOptions.hidden = !table;
    this.#title.textContent = t(table ? "export-title-table" : "export-title-draft");
    const { format, since } = this.#request();
    const marksApply = format === "docx" && since !== null;
    this.#marks.disabled = !marksApply;
    this.#marksNote.textContent = marksApply
      ? ""
      : format !== "docx"
        ? t("export-marks-word-only")
        : t("export-marks-need-milestone");
    const commentsApply = format !== "pdf";
    this.#comments.disabled = !commentsApply;
    this.#commentsNote.textContent = commentsApply
      ? t(format === "docx" ? "export-comments-word" : "export-comments-listed")
      : t("export-comments-pdf");
  }

  async #export(): Promise<void> {
    const table = this.#what() === "table";
    this.#submit.disabled = true;
    this.#form.setAttribute("aria-busy", "true");
    this.#result.className = "export-result export-pending";
    this.#result.replaceChildren(document.createTextNode(t("export-pending")));
    try {
      let line: string;
      let path: string;
      if (table) {
        const saved = await this.#runTable(this.#tableRequest());
        line = t("export-saved-table", { count: saved.rows, size: formatBytes(saved.bytes) });
        path = saved.path;
      } else {
        const saved = await this.#run(this.#request());
        line = t("export-saved", { size: formatBytes(saved.bytes) });
        path = saved.path;
      }
      this.#result.className = "export-result export-ok";
      this.#result.dataset.path = path;
      this.#result.dataset.what = table ? "table" : "draft";
      delete this.#result.dataset.code;
      this.#result.replaceChildren(el("p", "result-line", line), el("p", "result-path", path), this.#fileActions(path));
    } catch (err) {
      const body = toErrorBody(err);
      if (body.code === FILE_CANCELLED) {
        // The person closed the Save dialog: nothing was saved, nothing to report.
        this.#clearResult();
        return;
      }
      this.#result.className = "export-result export-error";
      this.#result.dataset.code = body.code;
      this.#result.dataset.what = table ? "table" : "draft";
      delete this.#result.dataset.path;
      this.#result.replaceChildren(
        el("p", "result-line", t("export-failed", { message: errorText(body) })),
        el("p", "error-code", t("error-code-line", { code: body.code })),
      );
    } finally {
      this.#submit.disabled = false;
      this.#form.setAttribute("aria-busy", "false");
    }
  }

  /** "Open" and "Show in folder" for the file just saved; a failure is said under them. */
  #fileActions(path: string): HTMLElement {
    const row = el("div", "result-actions");
    const note = el("p", "result-action-error", undefined, { "data-testid": "export-file-error" });
    note.hidden = true;
    const action = (label: string, name: string, run: (p: string) => Promise<void>) => {
      const b = el("button", "button button-small", label, { type: "button", "data-action": name });
      b.addEventListener("click", () => {
        note.hidden = true;
        run(path).catch((err: unknown) => {
          const body = toErrorBody(err);
          note.textContent = t("export-action-failed", { action: label, message: errorText(body), code: body.code });
          note.hidden = false;
        });
      });
      return b;
    };
    row.append(action(t("export-open"), "open-file", (p) => this.#files.open(p)), action(t("export-reveal"), "show-in-folder", (p) => this.#files.reveal(p)), note);
    return row;
  }
}

/** One choice of a radio group drawn as a row of buttons. */
function segment(name: string, value: string, label: string, checked: boolean): HTMLElement {
  const id = `${name}-${value}`;
  const input = el("input", "what-input", undefined, { type: "radio", name, value, id });
  input.checked = checked;
  const wrap = el("span", "what-choice");
  wrap.append(input, el("label", "what-label", label, { for: id }));
  return wrap;
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
