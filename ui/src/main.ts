// Entry point of the webview: asks the shell for the draft, mounts the document view beside the
// milestones panel, and switches between the draft and the compare view; owns the export dialog.

import "./styles.css";
import {
  compare,
  draftView,
  exportDraft,
  milestoneCreate,
  milestonesList,
  type DraftView,
  type MilestoneList,
} from "./ipc";
import { renderCompareBar } from "./views/compare";
import { el } from "./views/dom";
import { renderCompared, renderDraft } from "./views/draft";
import { renderError, toErrorBody } from "./views/error";
import { ExportDialog } from "./views/export";
import { MilestonesPanel } from "./views/milestones";
import { renderTopBar } from "./views/topbar";

class App {
  readonly #root: HTMLElement;
  readonly #desk: HTMLElement;
  readonly #draftPage: HTMLElement;
  readonly #panel: MilestonesPanel;
  readonly #dialog: ExportDialog;
  readonly #view: DraftView;
  #milestones: MilestoneList = { milestones: [], can_create: false };
  #comparing: string | null = null;
  /** Bumped by every switch of the page, so a late compare answer does not replace a newer page. */
  #generation = 0;

  constructor(root: HTMLElement, desk: HTMLElement, view: DraftView) {
    this.#root = root;
    this.#desk = desk;
    this.#view = view;
    this.#draftPage = renderDraft(view);
    this.#panel = new MilestonesPanel({
      compare: (name) => void this.showCompare(name),
      create: async (name) => {
        const list = await milestoneCreate(name);
        this.#milestones = list;
        return list;
      },
    });
    this.#dialog = new ExportDialog((request) => exportDraft(request));
  }

  mount(): void {
    document.title = this.#view.meta.symbol ? `${this.#view.meta.symbol} — Caucus` : "Caucus";
    const workspace = el("div", "workspace");
    workspace.append(this.#desk, this.#panel.element);
    const topbar = renderTopBar(this.#view.meta, { export: (opener) => this.openExport(opener) });
    this.#desk.replaceChildren(this.#draftPage);
    this.#root.replaceChildren(topbar, workspace, this.#dialog.element);
    void this.#loadMilestones();
  }

  async #loadMilestones(): Promise<void> {
    try {
      this.#milestones = await milestonesList();
      this.#panel.update(this.#milestones);
    } catch (err) {
      this.#panel.showLoadError(toErrorBody(err));
    }
  }

  openExport(opener: HTMLElement | null): void {
    const names = [...this.#milestones.milestones]
      .sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0))
      .map((m) => m.name);
    this.#dialog.open(names, this.#comparing, opener);
  }

  async showCompare(name: string): Promise<void> {
    const generation = ++this.#generation;
    this.#desk.setAttribute("aria-busy", "true");
    try {
      const doc = await compare(name);
      if (generation !== this.#generation) return;
      const bar = renderCompareBar(doc, {
        back: () => this.showDraft(),
        exportChanges: () => this.openExport(bar.querySelector<HTMLElement>('[data-action="export"]')),
      });
      this.#desk.replaceChildren(bar, renderCompared(doc));
      this.#comparing = name;
      this.#desk.dataset.mode = "compare";
    } catch (err) {
      if (generation !== this.#generation) return;
      const panel = renderError(toErrorBody(err), `The changes since “${name}” could not be shown`);
      const back = el("button", "button button-primary", "Back to draft", { type: "button", "data-action": "back" });
      back.addEventListener("click", () => this.showDraft());
      panel.append(back);
      this.#desk.replaceChildren(panel);
      this.#comparing = null;
      this.#desk.dataset.mode = "error";
    } finally {
      if (generation === this.#generation) this.#desk.setAttribute("aria-busy", "false");
    }
    this.#panel.setComparing(this.#comparing);
    window.scrollTo(0, 0);
    this.#desk.querySelector<HTMLElement>("#compare-title, .error-panel button")?.focus({ preventScroll: true });
    // The first change is what the person came for: bring it into view below the sticky bars.
    this.#desk.querySelector(".page .para-changed")?.scrollIntoView({ block: "center" });
  }

  showDraft(): void {
    ++this.#generation;
    const was = this.#comparing;
    this.#desk.replaceChildren(this.#draftPage);
    this.#desk.dataset.mode = "draft";
    this.#desk.setAttribute("aria-busy", "false");
    this.#comparing = null;
    this.#panel.setComparing(null);
    window.scrollTo(0, 0);
    if (was) this.#panel.compareButton(was)?.focus();
  }
}

async function start(root: HTMLElement): Promise<void> {
  const desk = el("main", "desk", undefined, { "aria-busy": "true", "data-mode": "draft" });
  desk.append(el("p", "loading", "Opening the workshop…"));
  root.replaceChildren(renderTopBar(null), desk);

  let view: DraftView;
  try {
    view = await draftView();
  } catch (err) {
    desk.replaceChildren(renderError(toErrorBody(err)));
    desk.setAttribute("aria-busy", "false");
    return;
  }
  desk.setAttribute("aria-busy", "false");
  new App(root, desk, view).mount();
}

const root = document.getElementById("app");
if (root) void start(root);
