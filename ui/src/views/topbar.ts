// The bar above every view: the workshop's symbol and title, the navigation between the views,
// this device's role, whether the last edit is saved, the sync status (with its popover), Export…;
// and under it, while the core cannot save (a full disk), the banner that says so.

import type { IpcErrorBody, Stage, Versions, WorkshopInfo } from "../ipc";
import { errorText, formatNumber, intlLocale, t } from "../i18n";
import { el } from "./dom";
import { describeRole } from "./roles";
import { stageSentence, stageSummary } from "./stage";
import type { SyncPanel } from "./sync";

export type ViewName = "draft" | "status" | "versions" | "members" | "milestones" | "workshops";

const NAV: ViewName[] = ["draft", "status", "versions", "members", "milestones", "workshops"];

export interface TopBarActions {
  /** Shows one of the views. */
  navigate(view: ViewName): void;
  /** Opens the export dialog; `opener` gets the focus back when it closes. */
  export(opener: HTMLElement): void;
  /** Opens the stage dialog (the chair, the Secretariat); `opener` gets the focus back. */
  setStage(opener: HTMLElement): void;
  /** Opens the About dialog (version, licence, data directory); `opener` gets the focus back. */
  about(opener: HTMLElement): void;
}

/** What the collab session reports: edits waiting for the core's commit, or the save that failed. */
export interface SaveState {
  pending: number;
  /** Set while the window holds changes the core could not save; cleared once they are saved. */
  error: IpcErrorBody | null;
  /** Local updates sent since the workshop was opened (shown as data-sent, for tests and support). */
  sent?: number | undefined;
  /** Local updates made before any user input and held back (data-held; 0 unless a defect). */
  held?: number | undefined;
}

/** The banner's text for a failed save, by the error's code. */
function bannerText(error: IpcErrorBody): { title: string; body: string } {
  if (error.code === "store.disk_full") return { title: t("save-banner-disk-full-title"), body: t("save-banner-disk-full-body") };
  return { title: t("save-banner-failed-title"), body: t("save-banner-failed-body") };
}

export class TopBar {
  readonly element: HTMLElement;
  readonly #symbol: HTMLElement;
  readonly #title: HTMLElement;
  readonly #role: HTMLElement;
  readonly #save: HTMLElement;
  readonly #export: HTMLButtonElement;
  /** The stage: a button for those who set it, read-only text for the others. */
  readonly #stage: HTMLButtonElement;
  readonly #nav = new Map<ViewName, HTMLButtonElement>();
  /** The bar's right-hand group (stage, role, save state, sync, Export…). */
  readonly #end: HTMLElement;
  /** Shown under the bar while changes are not saved because the store failed (mounted by the app). */
  readonly banner: HTMLElement;

  constructor(actions: TopBarActions, sync: SyncPanel) {
    this.element = el("header", "topbar", undefined, { role: "banner" });
    const ident = el("div", "topbar-ident");
    this.#symbol = el("span", "workshop-symbol", undefined, { "data-testid": "workshop-symbol" });
    this.#title = el("span", "workshop-title", undefined, { "data-testid": "workshop-title" });
    ident.append(el("span", "brand", "Caucus"), this.#symbol, this.#title);

    const nav = el("nav", "topnav", undefined, { "aria-label": t("nav-views") });
    for (const view of NAV) {
      const button = el("button", "nav-button", t(`nav-${view}`), {
        type: "button",
        "data-testid": `nav-${view}`,
        "data-view": view,
      });
      button.addEventListener("click", () => actions.navigate(view));
      this.#nav.set(view, button);
      nav.append(button);
    }

    this.#role = el("span", "badge role-badge", undefined, { "data-testid": "role" });
    this.#role.hidden = true;
    this.#save = el("span", "save-state", undefined, {
      "data-testid": "save-state",
      role: "status",
      "aria-live": "polite",
    });
    this.#save.hidden = true;
    this.#export = el("button", "button button-bar", t("topbar-export"), {
      type: "button",
      "data-action": "export",
      "aria-haspopup": "dialog",
    });
    this.#export.addEventListener("click", () => actions.export(this.#export));
    this.#export.disabled = true;

    this.#stage = el("button", "stage-chip", undefined, { type: "button", "data-testid": "stage", "aria-haspopup": "dialog" });
    this.#stage.hidden = true;
    this.#stage.addEventListener("click", () => {
      if (this.#stage.dataset.canSet === "true") actions.setStage(this.#stage);
    });

    // Always enabled: the version and the data directory help most when nothing opens.
    const about = el("button", "button button-bar", t("topbar-about"), {
      type: "button",
      "data-action": "about",
      "data-testid": "about",
      "aria-haspopup": "dialog",
      title: t("topbar-about-title"),
    });
    about.addEventListener("click", () => actions.about(about));

    const end = el("div", "topbar-end");
    end.append(this.#stage, this.#role, this.#save, sync.element, this.#export, about);
    this.#end = end;
    this.element.append(ident, nav, end);

    this.banner = el("div", "save-banner", undefined, { role: "alert", "data-testid": "save-banner" });
    this.banner.hidden = true;
  }

  /** Puts the "since you last looked" count first in the bar's right-hand group. */
  mountSeen(node: HTMLElement): void {
    this.#end.prepend(node);
  }

  /** The workshop now open, or null while none is (start, errors). */
  setWorkshop(info: WorkshopInfo | null): void {
    this.#symbol.textContent = info?.symbol ?? "";
    this.#title.textContent = info?.title ?? "";
    this.#title.title = info ? [info.title, info.meeting].filter(Boolean).join(" — ") : "";
    this.#export.disabled = info === null;
    this.#role.hidden = info === null;
    if (info) {
      const role = describeRole(info);
      this.#role.dataset.role = role.key;
      this.#role.replaceChildren(el("span", "role-name", role.name), el("span", "role-can", t("role-badge-can", { can: role.can })));
      this.#role.title = t("role-badge-title", { role: role.name, can: role.can });
    }
    if (!info) {
      this.setSaveState(null);
      this.setStage(null);
    }
  }

  /** The stage in force (null: not known yet, or no workshop); a button only for those who set it. */
  setStage(stage: Stage | null): void {
    this.#stage.hidden = stage === null;
    if (!stage) return;
    const summary = stageSummary(stage);
    this.#stage.textContent = summary;
    this.#stage.dataset.stage = stage.stage;
    this.#stage.dataset.canSet = String(stage.can_set);
    this.#stage.dataset.daysLeft = stage.days_left === null ? "" : String(stage.days_left);
    this.#stage.classList.toggle("stage-chip-readonly", !stage.can_set);
    // Read-only for those who may not set it, but still reached by the keyboard and read out.
    if (stage.can_set) this.#stage.removeAttribute("aria-disabled");
    else this.#stage.setAttribute("aria-disabled", "true");
    if (stage.can_set) this.#stage.setAttribute("aria-haspopup", "dialog");
    else this.#stage.removeAttribute("aria-haspopup");
    const sentence = stageSentence(stage);
    this.#stage.setAttribute("aria-label", t(stage.can_set ? "stage-chip-label-change" : "stage-chip-label", { stage: sentence }));
    const by = stage.set_by ? t("stage-chip-set-by", { who: stage.set_by }) : "";
    this.#stage.title = t(stage.can_set ? "stage-chip-title-change" : "stage-chip-title", { stage: sentence, by });
  }

  /**
   * The language versions' counts on the Versions tab (issue #15 §2), for those who write them
   * (a translator, the Secretariat, the chair): outdated · missing, each language named in the
   * tab's accessible name and title. Hidden when there is nothing to translate or no versions.
   */
  setVersions(versions: Versions | null): void {
    const button = this.#nav.get("versions");
    if (!button) return;
    button.querySelector(".nav-count")?.remove();
    button.removeAttribute("aria-label");
    button.removeAttribute("title");
    if (!versions?.can_write) return;
    const open = versions.versions.filter((v) => v.outdated + v.missing > 0);
    if (!open.length) return;
    const outdated = open.reduce((n, v) => n + v.outdated, 0);
    const missing = open.reduce((n, v) => n + v.missing, 0);
    const said = new Intl.ListFormat(intlLocale(), { type: "unit", style: "long" }).format(
      open.map((v) => t("topbar-versions-count", { lang: t(`versions-lang-${v.lang}`), outdated: v.outdated, missing: v.missing })),
    );
    button.append(el("span", "nav-count", `${formatNumber(outdated)}·${formatNumber(missing)}`, { "data-testid": "versions-count", "aria-hidden": "true" }));
    button.setAttribute("aria-label", t("topbar-versions-label", { counts: said }));
    button.title = t("topbar-versions-label", { counts: said });
  }

  /** Marks the view shown, for the eye (underline) and for assistive technology (aria-current). */
  setView(view: ViewName): void {
    for (const [name, button] of this.#nav) {
      if (name === view) button.setAttribute("aria-current", "page");
      else button.removeAttribute("aria-current");
    }
  }

  /** saved / saving… / not saved (with the error's code); hidden when no document is open. */
  setSaveState(state: SaveState | null): void {
    this.#setBanner(state?.error ?? null);
    if (state === null) {
      this.#save.hidden = true;
      delete this.#save.dataset.state;
      return;
    }
    this.#save.hidden = false;
    this.#save.dataset.sent = String(state.sent ?? 0);
    this.#save.dataset.held = String(state.held ?? 0);
    if (state.error) {
      this.#save.dataset.state = "error";
      this.#save.dataset.code = state.error.code;
      this.#save.textContent = t("save-not-saved");
      this.#save.title = t("save-not-saved-title", { message: errorText(state.error), code: state.error.code });
    } else if (state.pending > 0) {
      this.#save.dataset.state = "saving";
      delete this.#save.dataset.code;
      this.#save.textContent = t("save-saving");
      this.#save.title = t("save-saving-title", { count: state.pending });
    } else {
      this.#save.dataset.state = "saved";
      delete this.#save.dataset.code;
      this.#save.textContent = t("save-saved");
      this.#save.title = t("save-saved-title");
    }
  }

  /** The banner for a failed save of the store (`store.*`); other refusals show in the bar only. */
  #setBanner(error: IpcErrorBody | null): void {
    if (!error || !error.code.startsWith("store.")) {
      this.banner.hidden = true;
      this.banner.replaceChildren();
      delete this.banner.dataset.code;
      return;
    }
    if (!this.banner.hidden && this.banner.dataset.code === error.code) return;
    const { title, body } = bannerText(error);
    this.banner.dataset.code = error.code;
    this.banner.replaceChildren(
      el("strong", undefined, title),
      document.createTextNode(` ${body}`),
      el("span", "error-code", ` ${t("error-code-short", { code: error.code })}`),
    );
    this.banner.hidden = false;
  }
}
