// The "Status" view (issue #14 §1): where the negotiation stands, as the core computes it
// (`negotiation_status`, the same as `caucus status`) — the paragraphs by status with a progress
// bar, the open brackets grouped by the delegations holding them, the comments awaiting an outcome
// by delegation and type, the changes since the last milestone, and the open paragraphs. Each
// bracket and paragraph is a button that shows it in the draft. Read again when the view is shown
// and, while it is shown, when the draft or the notes change (the app says when); never polled.

import type { LogLine, NegotiationStatus, OpenBracket, ParagraphStatus, WorkshopInfo } from "../ipc";
import { errorText, formatNumber, intlLocale, t } from "../i18n";
import { el } from "./dom";
import { toErrorBody } from "./error";
import { formatDateTime } from "./format";
import { logSentence } from "./logline";

/** A place in the draft: a paragraph (by id, else by position) and, for a bracket, its id. */
export interface DraftPlace {
  paragraph: string;
  position: number;
  bracket: string | null;
}

export interface NegotiationActions {
  load(): Promise<NegotiationStatus>;
  /** The workshop's log, oldest first (`caucus log`). */
  loadLog(): Promise<LogLine[]>;
  /** Shows the place in the draft view (scrolled into view, selected). */
  reveal(place: DraftPlace): void;
}

/** `1 open bracket, 2 comments awaiting an outcome`: what keeps a paragraph open (the locale's list of one phrase each). */
function keepsOpen(p: ParagraphStatus): string {
  const parts: string[] = [];
  if (p.open_brackets) parts.push(t("status-keeps-open-brackets", { count: p.open_brackets }));
  if (p.open_threads) parts.push(t("status-keeps-open-threads", { count: p.open_threads }));
  if (p.ad_ref_brackets) parts.push(t("status-keeps-open-ad-ref", { count: p.ad_ref_brackets }));
  return new Intl.ListFormat(intlLocale(), { style: "short", type: "unit" }).format(parts);
}

/** How a paragraph is cited in a sentence: `paragraph 1 a)`, `PP2`. */
function paragraphName(citation: string): string {
  if (!citation) return t("status-paragraph-unnumbered");
  return /^PP\d/.test(citation) ? citation : t("status-paragraph-named", { citation });
}

export class NegotiationView {
  readonly element: HTMLElement;
  readonly #actions: NegotiationActions;
  readonly #workshop: HTMLElement;
  readonly #intro: HTMLElement;
  readonly #body: HTMLElement;
  #info: WorkshopInfo | null = null;
  #status: NegotiationStatus | null = null;
  /** What the body shows now, as read (JSON of the status and the log): a read that finds the
   *  same leaves the body alone, so that the focus, a screen reader's place and a test's
   *  elements stay where they are. */
  #shown: string | null = null;
  #generation = 0;
  /** A read in flight, and whether another was asked for meanwhile (read again once it ends). */
  #loading: Promise<void> | null = null;
  #again = false;

  constructor(actions: NegotiationActions) {
    this.#actions = actions;
    this.element = el("section", "sheet negotiation-view", undefined, {
      "aria-labelledby": "status-title",
      "data-testid": "status-view",
    });
    this.#workshop = el("p", "status-workshop", undefined, { "data-testid": "status-workshop" });
    this.#intro = el("p", "sheet-intro");
    this.#body = el("div", "negotiation-body", undefined, { "aria-busy": "true" });
    const head = el("div", "sheet-head");
    head.append(el("h1", "sheet-title", t("status-title"), { id: "status-title", tabindex: "-1" }));
    this.element.append(head, this.#workshop, this.#intro, this.#body);
  }

  /** The workshop now open: its status is read on the next `load`. */
  setWorkshop(info: WorkshopInfo | null): void {
    this.#info = info;
    this.#status = null;
    this.#shown = null;
    this.#generation += 1;
    this.#again = false;
    this.#intro.textContent = "";
    this.#workshop.textContent = info ? [info.symbol, info.title].filter(Boolean).join(": ") : "";
    this.element.dataset.loaded = "false";
    this.#body.replaceChildren(el("p", "panel-empty", t(info ? "status-loading" : "members-no-workshop")));
  }

  focus(): void {
    this.element.querySelector<HTMLElement>("#status-title")?.focus({ preventScroll: true });
  }

  /**
   * Reads the status again; a call while a read is in flight asks for one more read after it
   * (so a burst of changes costs at most two reads, and the last change is always shown).
   */
  load(): Promise<void> {
    if (!this.#info) return Promise.resolve();
    if (this.#loading) {
      this.#again = true;
      return this.#loading;
    }
    const run = async (): Promise<void> => {
      do {
        this.#again = false;
        await this.#read();
      } while (this.#again && this.#info);
    };
    this.#loading = run().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  async #read(): Promise<void> {
    const generation = this.#generation;
    this.#body.setAttribute("aria-busy", "true");
    try {
      const [status, log] = await Promise.all([this.#actions.load(), this.#actions.loadLog()]);
      if (generation !== this.#generation) return;
      this.#show(status, log);
    } catch (err) {
      if (generation !== this.#generation) return;
      const body = toErrorBody(err);
      this.#shown = null;
      const box = el("p", "panel-error", t("status-load-failed", { message: errorText(body) }), { role: "alert", "data-code": body.code });
      box.append(el("span", "error-code", ` ${t("error-code-short", { code: body.code })}`));
      this.#body.replaceChildren(box);
    } finally {
      if (generation === this.#generation) this.#body.setAttribute("aria-busy", "false");
    }
  }

  #show(status: NegotiationStatus, log: LogLine[]): void {
    this.#status = status;
    const shown = JSON.stringify([status, log]);
    if (shown === this.#shown && this.element.dataset.loaded === "true") return;
    this.#shown = shown;
    const { counts } = status;
    const settled = counts.agreed + counts.agreed_ad_ref;
    this.#intro.textContent =
      counts.total === 0
        ? t("status-intro-none")
        : t("status-intro", { settled, total: counts.total });
    // Keep the place of the keyboard focus across a refresh (a change arriving by sync).
    const focused = document.activeElement instanceof HTMLElement && this.#body.contains(document.activeElement) ? document.activeElement.dataset.key : undefined;
    this.#body.replaceChildren(
      this.#renderProgress(status),
      this.#renderHolders(status),
      ...(status.packages.length ? [this.#renderPackages(status)] : []),
      this.#renderUndisposed(status),
      this.#renderSince(status),
      this.#renderOpenParagraphs(status),
      this.#renderLog(log),
    );
    this.element.dataset.loaded = "true";
    if (focused) this.#body.querySelector<HTMLElement>(`[data-key="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
  }

  #section(key: string, title: string): HTMLElement {
    const section = el("section", "status-section", undefined, { "aria-labelledby": `status-${key}-title`, "data-section": key });
    section.append(el("h2", "status-section-title", title, { id: `status-${key}-title` }));
    return section;
  }

  #renderProgress(status: NegotiationStatus): HTMLElement {
    const { counts } = status;
    const section = this.#section("progress", t("status-progress-title"));
    const total = counts.total;
    const parts = [
      { key: "agreed", label: t("bracket-status-agreed"), n: counts.agreed },
      { key: "agreed-ad-ref", label: t("bracket-status-agreed-ad-ref-short"), n: counts.agreed_ad_ref },
      { key: "open", label: t("bracket-status-open"), n: counts.open },
    ] as const;
    // Rounded down: one open paragraph in 300 is not "100% settled".
    const percent = total ? Math.floor(((counts.agreed + counts.agreed_ad_ref) * 100) / total) : 0;
    const summary = t("status-progress-summary", { percent, agreed: counts.agreed, adRef: counts.agreed_ad_ref, open: counts.open, total });
    // One image for assistive technology (its label says it all); the legend below repeats it as text.
    const bar = el("div", "progress-bar", undefined, { role: "img", "aria-label": summary, "data-testid": "status-progress" });
    for (const part of parts) {
      if (!part.n) continue;
      const segment = el("span", `progress-part progress-${part.key}`, undefined, { "data-part": part.key, "aria-hidden": "true" });
      // The CSP refuses style attributes: widths go through the CSSOM.
      segment.style.width = `${(part.n * 100) / total}%`;
      bar.append(segment);
    }
    const legend = el("ul", "progress-legend", undefined, { "aria-label": t("status-progress-title") });
    for (const part of parts) {
      const item = el("li", "legend-item", undefined, { "data-count": part.key });
      item.append(
        el("span", `legend-swatch progress-${part.key}`, undefined, { "aria-hidden": "true" }),
        el("span", "legend-label", t("status-legend-label", { label: part.label })),
        el("strong", "legend-count", formatNumber(part.n)),
      );
      legend.append(item);
    }
    const totalItem = el("li", "legend-item legend-total", undefined, { "data-count": "total" });
    totalItem.append(el("span", "legend-label", t("status-legend-label", { label: t("status-total") })), el("strong", "legend-count", formatNumber(total)));
    legend.append(totalItem);
    const figure = el("div", "progress");
    figure.append(el("p", "progress-percent", t("status-percent-settled", { percent }), { "aria-hidden": "true" }), bar);
    section.append(figure, legend);
    return section;
  }

  #bracketButton(b: OpenBracket, key: string): HTMLElement {
    const button = el("button", "status-entry", undefined, {
      type: "button",
      "data-bracket": b.id,
      "data-key": key,
      "aria-label": t(b.status === "agreed-ad-ref" ? "status-bracket-label-ad-ref" : "status-bracket-label", { paragraph: paragraphName(b.citation), words: b.text }),
    });
    button.append(el("span", "entry-citation", b.citation || "—"), el("span", "entry-words", `[${b.text}]`));
    button.addEventListener("click", () => this.#actions.reveal({ paragraph: this.#paragraphId(b.position), position: b.position, bracket: b.id }));
    return button;
  }

  #paragraphId(position: number): string {
    return this.#status?.paragraphs.find((p) => p.position === position)?.id ?? "";
  }

  #renderHolders(status: NegotiationStatus): HTMLElement {
    const section = this.#section("holders", t("status-holders-title"));
    section.dataset.testid = "status-holders";
    const open = status.open_brackets.filter((b) => b.status === "open");
    const adRef = status.open_brackets.filter((b) => b.status === "agreed-ad-ref");
    if (open.length === 0 && adRef.length === 0) {
      section.append(el("p", "panel-empty", t("status-no-bracket")));
      return section;
    }
    const byId = new Map(status.open_brackets.map((b) => [b.id, b]));
    const groups: { key: string; title: string; brackets: OpenBracket[] }[] = status.holders.map((h) => ({
      key: h.delegation,
      title: h.delegation,
      brackets: h.brackets.map((id) => byId.get(id)).filter((b): b is OpenBracket => b !== undefined),
    }));
    const unheld = open.filter((b) => b.holders.length === 0);
    if (unheld.length) groups.push({ key: "", title: t("status-held-by-none"), brackets: unheld });
    const list = el("ul", "holder-list");
    for (const group of groups) {
      const item = el("li", "holder", undefined, { "data-delegation": group.key });
      const headId = `holder-${list.childElementCount}`;
      const head = el("h3", "holder-name", undefined, { id: headId });
      head.append(document.createTextNode(group.title), el("span", "member-count", ` · ${t("status-brackets-count", { count: group.brackets.length })}`));
      const entries = el("ul", "entry-list", undefined, { "aria-labelledby": headId });
      for (const b of group.brackets) {
        const li = el("li");
        li.append(this.#bracketButton(b, `holder:${group.key}:${b.id}`));
        entries.append(li);
      }
      item.append(head, entries);
      list.append(item);
    }
    section.append(list);
    if (adRef.length) {
      const head = el("h3", "holder-name", t("status-ad-ref-title"), { id: "holder-ad-ref" });
      const entries = el("ul", "entry-list", undefined, { "aria-labelledby": "holder-ad-ref", "data-delegation-group": "agreed-ad-ref" });
      for (const b of adRef) {
        const li = el("li");
        li.append(this.#bracketButton(b, `ad-ref:${b.id}`));
        if (b.holders.length) li.append(el("span", "entry-note", t("status-held-by", { holders: b.holders.join(", ") })));
        entries.append(li);
      }
      const group = el("div", "holder holder-ad-ref");
      group.append(head, entries);
      section.append(group);
    }
    return section;
  }

  /** Packages of brackets: nothing in one is agreed until all of it is. */
  #renderPackages(status: NegotiationStatus): HTMLElement {
    const section = this.#section("packages", t("status-packages-title"));
    section.dataset.testid = "status-packages";
    section.append(el("p", "section-note", t("status-packages-note")));
    const list = el("ul", "holder-list package-list");
    for (const p of status.packages) {
      const item = el("li", "holder", undefined, { "data-package": p.name, "data-complete": String(p.complete) });
      const headId = `package-${list.childElementCount}`;
      const standing = p.complete ? t("status-package-agreed") : t("status-package-pending", { agreed: p.agreed, count: p.brackets });
      const head = el("h3", "holder-name", undefined, { id: headId });
      head.append(document.createTextNode(t("status-package-name", { name: p.name })), el("span", "member-count", ` · ${standing}`));
      item.append(head);
      const members = status.open_brackets.filter((b) => b.package === p.name);
      if (members.length) {
        const entries = el("ul", "entry-list", undefined, { "aria-labelledby": headId });
        for (const b of members) {
          const li = el("li");
          li.append(this.#bracketButton(b, `package:${p.name}:${b.id}`));
          li.append(el("span", "entry-note", t(b.pending ? "status-entry-pending" : b.status === "agreed-ad-ref" ? "status-entry-ad-ref" : "status-entry-open")));
          entries.append(li);
        }
        item.append(entries);
      }
      list.append(item);
    }
    section.append(list);
    return section;
  }

  /** The log, newest first: who changed a bracket's status or package, marked a paragraph agreed, restored text, recorded an outcome, set the stage or froze a milestone. */
  #renderLog(log: LogLine[]): HTMLElement {
    const section = this.#section("log", t("status-log-title"));
    section.dataset.testid = "status-log";
    if (log.length === 0) {
      section.append(el("p", "panel-empty", t("status-log-empty")));
      return section;
    }
    section.append(el("p", "section-note", t("status-log-note")));
    const SHOWN = 20;
    const newest = [...log].reverse();
    const list = el("ol", "log-list", undefined, { "aria-labelledby": "status-log-title", reversed: "" });
    const fill = (all: boolean) => {
      list.replaceChildren(
        ...(all ? newest : newest.slice(0, SHOWN)).map((line) => {
          const li = el("li", "log-line", undefined, { "data-kind": line.kind });
          li.append(el("time", "log-when", formatDateTime(line.at), { datetime: line.at }), el("span", "log-who", ` ${t("status-log-who", { who: line.by_name })} `), el("span", "log-what", logSentence(line)));
          return li;
        }),
      );
    };
    fill(false);
    section.append(list);
    if (newest.length > SHOWN) {
      const more = el("button", "button button-small", t("status-log-more", { count: log.length }), { type: "button", "data-key": "log-more" });
      more.addEventListener("click", () => {
        fill(true);
        more.remove();
      });
      section.append(more);
    }
    return section;
  }

  #renderUndisposed(status: NegotiationStatus): HTMLElement {
    const section = this.#section("undisposed", t("status-undisposed-title"));
    if (status.undisposed.length === 0) {
      section.append(el("p", "panel-empty", t("status-undisposed-none")));
      return section;
    }
    const table = el("table", "status-table", undefined, { "aria-labelledby": "status-undisposed-title" });
    const head = el("tr");
    for (const [label, numeric] of [[t("status-col-delegation"), false], [t("thread-type-general"), true], [t("thread-type-technical"), true], [t("thread-type-editorial"), true], [t("status-total"), true]] as const) {
      head.append(el("th", numeric ? "num" : undefined, label, { scope: "col" }));
    }
    const thead = el("thead");
    thead.append(head);
    const tbody = el("tbody");
    const sum = { general: 0, technical: 0, editorial: 0, total: 0 };
    for (const u of status.undisposed) {
      const row = el("tr", undefined, undefined, { "data-delegation": u.delegation });
      row.append(el("th", undefined, u.delegation || "—", { scope: "row" }));
      for (const n of [u.general, u.technical, u.editorial]) row.append(el("td", n ? "num" : "num zero", formatNumber(n)));
      row.append(el("td", "num total", formatNumber(u.total)));
      tbody.append(row);
      sum.general += u.general;
      sum.technical += u.technical;
      sum.editorial += u.editorial;
      sum.total += u.total;
    }
    const tfoot = el("tfoot");
    const foot = el("tr");
    foot.append(el("th", undefined, t("status-all-delegations"), { scope: "row" }));
    for (const n of [sum.general, sum.technical, sum.editorial]) foot.append(el("td", "num", formatNumber(n)));
    foot.append(el("td", "num total", formatNumber(sum.total)));
    tfoot.append(foot);
    table.append(thead, tbody, tfoot);
    section.append(table);
    return section;
  }

  #renderSince(status: NegotiationStatus): HTMLElement {
    const section = this.#section("since", t("status-since-title"));
    const since = status.since;
    if (!since) {
      section.append(
        el("p", "panel-empty", t("status-since-none"), {
          "data-testid": "status-no-milestone",
        }),
      );
      return section;
    }
    const changed = since.inserted + since.deleted + since.moved + since.edited;
    const lead = el("p", "since-lead", undefined, { "data-milestone": since.milestone });
    lead.append(document.createTextNode(t(changed ? "status-since-lead" : "status-since-lead-none", { milestone: since.milestone })));
    section.append(lead);
    if (changed) {
      const list = el("ul", "since-list");
      for (const [key, n] of [
        ["inserted", since.inserted],
        ["deleted", since.deleted],
        ["moved", since.moved],
        ["edited", since.edited],
      ] as const) {
        if (!n) continue;
        list.append(el("li", undefined, t(`status-since-${key}`, { count: n }), { "data-change": key }));
      }
      section.append(list);
      if (since.by.length) section.append(el("p", "since-by", t("status-since-by", { who: since.by.join(", ") })));
    }
    return section;
  }

  #renderOpenParagraphs(status: NegotiationStatus): HTMLElement {
    const section = this.#section("open", t("status-open-title"));
    const open = status.paragraphs.filter((p) => p.status === "open");
    if (open.length === 0) {
      section.append(el("p", "panel-empty", t("status-open-none")));
      return section;
    }
    const list = el("ul", "entry-list", undefined, { "aria-labelledby": "status-open-title" });
    for (const p of open) {
      const li = el("li");
      const detail = keepsOpen(p);
      const button = el("button", "status-entry", undefined, {
        type: "button",
        "data-para": p.id,
        "data-key": `para:${p.id}`,
        "aria-label": t("status-paragraph-label", { paragraph: paragraphName(p.citation), detail }),
      });
      button.append(el("span", "entry-citation", p.citation || "—"), el("span", "entry-words", detail));
      button.addEventListener("click", () => this.#actions.reveal({ paragraph: p.id, position: p.position, bracket: null }));
      li.append(button);
      list.append(li);
    }
    section.append(list);
    return section;
  }
}
