// The "Versions" view (issue #15 §2): the draft's French and Spanish versions side by side with
// the original, paragraph by paragraph — each current, outdated (with what changed in the original,
// word by word) or missing — filtered to the outdated or the missing ones; a translator, the
// Secretariat and the chair translate a paragraph in place. Structure (numbers, kinds) is the
// original's; the core keeps the versions (`version_view`, the same as `caucus lang status`).

import type { Alignment, IpcErrorBody, VersionLang, VersionParagraph, Versions, VersionView } from "../ipc";
import { errorText, t } from "../i18n";
import { el } from "./dom";
import { toErrorBody } from "./error";
import type { Typed } from "./typed";

export interface VersionsActions {
  list(): Promise<Versions>;
  add(lang: VersionLang): Promise<Versions>;
  view(lang: VersionLang): Promise<VersionView>;
  /** Saves a translation over `replaces` (the text the person saw, "" for none); refused with
   *  `lang.changed_since` if the paragraph's translation is no longer that. */
  translate(lang: VersionLang, paragraph: string, text: string, replaces: string): Promise<VersionParagraph>;
  /** A member's name (and delegation), for who changed a translation meanwhile. */
  name(member: string): string;
  /** Told whether translations are typed and not saved (asked about before they are lost). */
  typed: Typed;
}

type Filter = "all" | "outdated" | "missing";

const LANGS: readonly VersionLang[] = ["fr", "es"];

function langName(lang: VersionLang): string {
  return t(`versions-lang-${lang}`);
}

function statusName(status: Alignment): string {
  return t(`versions-status-${status}`);
}

/** How a paragraph is named in a label: `paragraph 2`, `paragraph a)`, or its position. */
function paragraphLabel(p: VersionParagraph, position: number): string {
  return p.number ? t("versions-paragraph-numbered", { number: p.number }) : t("versions-paragraph-position", { position });
}

export class VersionsView {
  readonly element: HTMLElement;
  readonly #actions: VersionsActions;
  readonly #controls: HTMLElement;
  readonly #body: HTMLElement;
  readonly #live: HTMLElement;
  #versions: Versions | null = null;
  #view: VersionView | null = null;
  #lang: VersionLang | null = null;
  #filter: Filter = "all";
  #generation = 0;
  /** What is typed in a translation field and not saved, by `lang:paragraph`, with the stored
   *  translation it began from (`base`): kept whenever the view renders anew (a filter, another
   *  paragraph saved, the original or a version changing), so that nothing typed is lost; gone once
   *  that paragraph is saved or the workshop is left. A stored translation that is no longer its
   *  base was changed meanwhile (another translator): the row says so and offers theirs. */
  readonly #unsaved = new Map<string, { text: string; base: string }>();

  constructor(actions: VersionsActions) {
    this.#actions = actions;
    this.element = el("section", "sheet versions-view", undefined, { "aria-labelledby": "versions-title", "data-testid": "versions-view" });
    const head = el("div", "sheet-head");
    head.append(el("h1", "sheet-title", t("versions-title"), { id: "versions-title", tabindex: "-1" }));
    this.#controls = el("div", "versions-controls");
    this.#live = el("p", "versions-said", undefined, { role: "status", "aria-live": "polite", "data-testid": "versions-said" });
    this.#body = el("div", "versions-body", undefined, { "aria-busy": "true" });
    this.element.append(head, el("p", "sheet-intro", t("versions-intro")), this.#controls, this.#live, this.#body);
  }

  /** A new workshop is open: read again on the next `load`. */
  reset(): void {
    this.#generation += 1;
    this.#versions = null;
    this.#view = null;
    this.#lang = null;
    this.#filter = "all";
    this.#unsaved.clear();
    this.#actions.typed.set("versions", "translation", false);
    this.#controls.replaceChildren();
    this.#body.replaceChildren();
  }

  focus(): void {
    this.element.querySelector<HTMLElement>("#versions-title")?.focus();
  }

  /** Reads the versions and the one shown (the first the workshop holds, until another is chosen). */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.#body.setAttribute("aria-busy", "true");
    try {
      const versions = await this.#actions.list();
      if (generation !== this.#generation) return;
      this.#versions = versions;
      const held = versions.versions.map((v) => v.lang);
      if (!this.#lang || !held.includes(this.#lang)) this.#lang = held[0] ?? null;
      this.#view = this.#lang ? await this.#actions.view(this.#lang) : null;
      if (generation !== this.#generation) return;
      this.#render();
    } catch (err) {
      if (generation !== this.#generation) return;
      this.#body.replaceChildren(el("p", "panel-error", t("versions-load-failed", { message: errorText(toErrorBody(err)), code: toErrorBody(err).code }), { role: "alert" }));
    } finally {
      if (generation === this.#generation) this.#body.setAttribute("aria-busy", "false");
    }
  }

  #render(): void {
    const versions = this.#versions;
    if (!versions) return;
    // The field being typed in keeps the focus and the caret across the new rendering.
    const active = document.activeElement;
    const typing = active instanceof HTMLTextAreaElement && this.#body.contains(active)
      ? { id: active.id, start: active.selectionStart, end: active.selectionEnd }
      : null;
    this.#controls.replaceChildren(this.#languagePicker(versions), this.#filters());
    const view = this.#view;
    if (!view) {
      this.#body.replaceChildren(el("p", "panel-empty", t("versions-none"), { "data-testid": "versions-none" }));
      return;
    }
    const list = el("ol", "versions-list", undefined, { "aria-label": t(`versions-list-label-${view.summary.lang}`) });
    view.paragraphs.forEach((p, i) => {
      if (this.#filter !== "all" && p.status !== this.#filter) return;
      list.append(this.#row(view, p, i + 1));
    });
    const parts: HTMLElement[] = [];
    if (!list.childElementCount) parts.push(el("p", "panel-empty", t(`versions-empty-${this.#filter}`), { "data-testid": "versions-empty" }));
    else parts.push(list);
    if (view.summary.orphans) parts.push(el("p", "panel-note", t("versions-orphans", { count: view.summary.orphans })));
    if (!view.can_write) parts.push(el("p", "panel-note", t("versions-read-only")));
    this.#body.replaceChildren(...parts);
    const again = typing ? this.#body.querySelector<HTMLTextAreaElement>(`[id="${typing.id}"]`) : null;
    if (again && typing) {
      again.focus();
      again.setSelectionRange(typing.start, typing.end);
    }
  }

  #languagePicker(versions: Versions): HTMLElement {
    const group = el("div", "versions-langs", undefined, { role: "group", "aria-label": t("versions-language") });
    for (const v of versions.versions) {
      const pressed = v.lang === this.#lang;
      const button = el("button", "button button-small", langName(v.lang), { type: "button", "aria-pressed": String(pressed), "data-lang": v.lang, "data-testid": `versions-lang-${v.lang}` });
      button.addEventListener("click", () => {
        if (this.#lang === v.lang) return;
        this.#lang = v.lang;
        this.#filter = "all";
        void this.load();
      });
      group.append(button);
    }
    if (versions.can_write) {
      for (const lang of LANGS) {
        if (versions.versions.some((v) => v.lang === lang)) continue;
        const add = el("button", "button button-small", t(`versions-add-${lang}`), { type: "button", "data-testid": `versions-add-${lang}` });
        add.addEventListener("click", () => void this.#add(lang, add));
        group.append(add);
      }
    }
    return group;
  }

  async #add(lang: VersionLang, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      this.#versions = await this.#actions.add(lang);
      this.#lang = lang;
      this.#live.textContent = t(`versions-added-${lang}`);
      await this.load();
    } catch (err) {
      button.disabled = false;
      this.#live.textContent = t("versions-add-failed", { message: errorText(toErrorBody(err)), code: toErrorBody(err).code });
    }
  }

  #filters(): HTMLElement {
    const group = el("div", "versions-filters", undefined, { role: "group", "aria-label": t("versions-filter") });
    const summary = this.#view?.summary;
    if (!summary) return group;
    const counts: Record<Filter, number> = {
      all: summary.current + summary.outdated + summary.missing,
      outdated: summary.outdated,
      missing: summary.missing,
    };
    for (const filter of ["all", "outdated", "missing"] as const) {
      const button = el("button", "button button-small", t(`versions-filter-${filter}`, { count: counts[filter] }), {
        type: "button",
        "aria-pressed": String(this.#filter === filter),
        "data-filter": filter,
        "data-testid": `versions-filter-${filter}`,
      });
      button.addEventListener("click", () => {
        this.#filter = filter;
        this.#render();
      });
      group.append(button);
    }
    return group;
  }

  #row(view: VersionView, p: VersionParagraph, position: number): HTMLElement {
    const label = paragraphLabel(p, position);
    const row = el("li", "versions-row", undefined, { "data-status": p.status, "data-paragraph": p.paragraph, "data-testid": "versions-row" });
    const original = el("div", "versions-original");
    const text = el("p", "versions-text");
    if (p.number) text.append(el("span", "versions-number", p.number), " ");
    text.append(p.original);
    original.append(text);
    if (p.status === "outdated") original.append(this.#changes(p));
    const side = el("div", "versions-translation", undefined, { lang: view.summary.lang });
    const status = el("p", `versions-status versions-status-${p.status}`, statusName(p.status), { "data-testid": "versions-status" });
    side.append(status);
    if (view.can_write) {
      const id = `versions-edit-${p.paragraph}`;
      const field = el("textarea", "versions-edit", undefined, { id, rows: "3", "data-testid": "versions-edit" });
      const key = `${view.summary.lang}:${p.paragraph}`;
      const stored = p.text ?? "";
      const held = this.#unsaved.get(key);
      field.value = held?.text ?? stored;
      field.addEventListener("input", () => {
        if (field.value === stored) this.#unsaved.delete(key);
        else this.#unsaved.set(key, { text: field.value, base: this.#unsaved.get(key)?.base ?? stored });
        this.#tellTyped();
      });
      // Changed meanwhile (another translator saved, or removed it): theirs is shown, and saving
      // puts this one in its place only as the person chooses.
      const changed = held !== undefined && held.base !== stored;
      const save = el("button", "button button-small", t(changed ? "versions-save-mine" : "versions-save"), { type: "button", "data-testid": "versions-save" });
      const said = el("span", "versions-row-said", undefined, { role: "status" });
      save.addEventListener("click", () => void this.#save(view.summary.lang, p, field, save, said));
      side.append(el("label", "versions-edit-label", t("versions-edit-label", { lang: langName(view.summary.lang), paragraph: label }), { for: id }), field);
      if (changed) side.append(this.#changedMeanwhile(p, key));
      side.append(el("p", "versions-hint", t("versions-brackets-hint")), save, said);
    } else {
      side.append(el("p", "versions-text", p.text ?? t("versions-missing-text")));
    }
    row.append(el("h2", "visually-hidden", t("versions-row-heading", { paragraph: label, status: statusName(p.status) })), original, side);
    return row;
  }

  /** The note of a translation changed since the person began revising it, with theirs to take. */
  #changedMeanwhile(p: VersionParagraph, key: string): HTMLElement {
    const box = el("div", "versions-conflict", undefined, { "data-testid": "versions-changed-since" });
    box.append(
      el("p", "versions-changes-lead", p.text === null ? t("versions-removed-since") : t("versions-changed-since", { who: p.by ? this.#actions.name(p.by) : "?" })),
    );
    if (p.text !== null) box.append(el("p", "versions-text", p.text));
    const take = el("button", "button button-small", t("versions-take-theirs"), { type: "button", "data-testid": "versions-take-theirs" });
    take.addEventListener("click", () => {
      this.#unsaved.delete(key);
      this.#tellTyped();
      this.#render();
    });
    box.append(take);
    return box;
  }

  /** Whether anything typed here waits to be saved, for the question before it would be lost. */
  #tellTyped(): void {
    this.#actions.typed.set("versions", "translation", this.#unsaved.size > 0);
  }

  /** What changed in the original since it was translated: inserted words underlined, deleted struck through. */
  #changes(p: VersionParagraph): HTMLElement {
    const box = el("div", "versions-changes", undefined, { "data-testid": "versions-changes" });
    box.append(el("p", "versions-changes-lead", p.changes.length ? t("versions-changed") : t("versions-brackets-changed")));
    if (p.changes.length) {
      const diff = el("p", "versions-diff");
      for (const c of p.changes) {
        if (c.kind === "inserted") diff.append(el("ins", undefined, c.text, { "aria-label": t("versions-diff-inserted", { text: c.text.trim() }) }));
        else if (c.kind === "deleted") diff.append(el("del", undefined, c.text, { "aria-label": t("versions-diff-deleted", { text: c.text.trim() }) }));
        else diff.append(document.createTextNode(c.text));
      }
      box.append(diff);
      if (p.brackets_changed) box.append(el("p", "versions-changes-lead", t("versions-brackets-changed")));
    }
    return box;
  }

  async #save(lang: VersionLang, p: VersionParagraph, field: HTMLTextAreaElement, save: HTMLButtonElement, said: HTMLElement): Promise<void> {
    save.disabled = true;
    said.textContent = t("versions-saving");
    try {
      const text = field.value;
      // Over the translation this row shows: one saved since is not overwritten unseen.
      await this.#actions.translate(lang, p.paragraph, text, p.text ?? "");
      // Saved, unless more was typed meanwhile (that stays, unsaved).
      if (this.#unsaved.get(`${lang}:${p.paragraph}`)?.text === text) this.#unsaved.delete(`${lang}:${p.paragraph}`);
      this.#tellTyped();
      said.textContent = t("versions-saved");
      this.#live.textContent = t("versions-saved");
      await this.load();
    } catch (err) {
      const body: IpcErrorBody = toErrorBody(err);
      said.textContent = t("versions-save-failed", { message: errorText(body), code: body.code });
      save.disabled = false;
      if (body.code === "lang.changed_since") {
        // Read again: the row shows theirs beside what was typed, which stays.
        this.#live.textContent = t("versions-save-failed", { message: errorText(body), code: body.code });
        await this.load();
      }
    }
  }
}
