// The bar above the page in compare mode: what the marks are relative to, a summary of the
// changes and who made them, the author filter (issue #14 §4: the redline narrowed to one
// delegation, by the core), the chair's restore, the legend, and the way back to the draft.

import type { CompareDocument } from "../ipc";
import { intlLocale, t } from "../i18n";
import { el } from "./dom";
import { formatDateTime } from "./format";

export interface CompareBarActions {
  back(): void;
  exportChanges(): void;
  /** Every delegation whose changes the whole redline holds. */
  authors: string[];
  /** The delegation shown alone, or null for all. */
  author: string | null;
  filter(author: string | null): void;
  /** Restores the whole draft as the milestone holds it; null when this member may not. */
  restoreDraft: (() => Promise<void>) | null;
  /** Undoes the chosen delegation's changes since the milestone; null when this member may not. */
  revertAuthor: ((author: string) => Promise<void>) | null;
}

export function renderCompareBar(doc: CompareDocument, actions: CompareBarActions): HTMLElement {
  const since = doc.revisions?.since ?? "";
  const bar = el("section", "compare-bar", undefined, { "aria-labelledby": "compare-title" });

  const heading = el("div", "compare-heading");
  heading.append(
    el("h2", "compare-title", t("compare-title", { milestone: since }), { id: "compare-title", tabindex: "-1" }),
    el("p", "compare-sub", subtitle(doc)),
    el("p", "compare-summary", summaryLine(doc, actions.author)),
  );

  const back = el("button", "button button-primary", t("compare-back"), { type: "button", "data-action": "back" });
  back.addEventListener("click", actions.back);
  const exportButton = el("button", "button", t("compare-export"), { type: "button", "data-action": "export" });
  exportButton.addEventListener("click", actions.exportChanges);
  const buttons = el("div", "compare-actions");
  buttons.append(exportButton, back);

  const tools = el("div", "compare-tools");
  if (actions.authors.length) {
    const label = el("label", "compare-filter", `${t("compare-filter")} `);
    const select = el("select", "select", undefined, { "data-testid": "compare-author", "aria-label": t("compare-filter-label") }) as HTMLSelectElement;
    select.append(el("option", undefined, t("compare-filter-all"), { value: "" }));
    for (const a of actions.authors) select.append(el("option", undefined, a, { value: a }));
    select.value = actions.author ?? "";
    select.addEventListener("change", () => actions.filter(select.value || null));
    label.append(select);
    tools.append(label);
  }
  if (actions.restoreDraft) {
    const restore = actions.restoreDraft;
    tools.append(
      ...askTwice({
        action: "restore-draft",
        ask: t("compare-restore-ask"),
        confirm: t("compare-restore-confirm"),
        explain: t("compare-restore-explain", { milestone: since }),
        run: () => void restore(),
      }),
    );
  }
  if (actions.revertAuthor && actions.author) {
    const revert = actions.revertAuthor;
    const who = actions.author;
    tools.append(
      ...askTwice({
        action: "revert-author",
        ask: t("compare-revert-ask", { who }),
        confirm: t("compare-revert-confirm", { who }),
        explain: t("compare-revert-explain", { who, milestone: since }),
        run: () => void revert(who),
      }),
    );
  }
  const status = el("p", "compare-status", undefined, { role: "status", "aria-live": "polite", "data-testid": "compare-status" });

  const top = el("div", "compare-top");
  top.append(heading, buttons);
  bar.append(top, tools, status, renderLegend());
  bar.addEventListener("keydown", (event) => {
    if (event.key === "Escape") actions.back();
  });
  return bar;
}

/**
 * A button that asks before it acts: pressed, it shows what will happen with the confirming
 * button (`[data-action=<action>-confirm]`, focused) and Cancel.
 */
function askTwice(o: { action: string; ask: string; confirm: string; explain: string; run: () => void }): HTMLElement[] {
  const ask = el("button", "button", o.ask, { type: "button", "data-action": o.action });
  const group = el("div", "compare-confirm", undefined, { role: "group", "aria-label": o.confirm, hidden: "" });
  const yes = el("button", "button button-danger", o.confirm, { type: "button", "data-action": `${o.action}-confirm` });
  const no = el("button", "button", t("dialog-cancel"), { type: "button" });
  group.append(el("span", "compare-confirm-text", o.explain), yes, no);
  ask.addEventListener("click", () => {
    group.hidden = false;
    ask.hidden = true;
    yes.focus();
  });
  no.addEventListener("click", () => {
    group.hidden = true;
    ask.hidden = false;
    ask.focus();
  });
  yes.addEventListener("click", () => {
    yes.disabled = true;
    o.run();
  });
  return [ask, group];
}

function subtitle(doc: CompareDocument): string {
  return doc.revisions?.since_date ? t("compare-sub-frozen", { date: formatDateTime(doc.revisions.since_date) }) : t("compare-sub");
}

function summaryLine(doc: CompareDocument, author: string | null): string {
  const summary = summarise(doc);
  if (!summary.counts.length) return author ? t("compare-none-by", { author }) : t("compare-none");
  const counts = new Intl.ListFormat(intlLocale(), { style: "short", type: "unit" }).format(summary.counts);
  return summary.authors.length ? t("compare-summary-by", { counts, authors: summary.authors.join(", ") }) : counts;
}

/** Counts of word and paragraph changes, and the delegations that made them. */
function summarise(doc: CompareDocument): { counts: string[]; authors: string[] } {
  let inserted = 0;
  let deleted = 0;
  let parasAdded = 0;
  let parasRemoved = 0;
  let parasMoved = 0;
  const authors = new Set<string>();
  for (const block of doc.blocks) {
    if (block.change) {
      if (block.change.author) authors.add(block.change.author);
      if (block.change.moved) {
        if (block.change.kind === "inserted") parasMoved += 1;
      } else if (block.change.kind === "inserted") parasAdded += 1;
      else parasRemoved += 1;
      continue;
    }
    for (const run of block.runs) {
      if (!run.change) continue;
      if (run.change.author) authors.add(run.change.author);
      if (run.change.kind === "inserted") inserted += 1;
      else deleted += 1;
    }
  }
  const counts: string[] = [];
  if (inserted) counts.push(t("compare-count-insertions", { count: inserted }));
  if (deleted) counts.push(t("compare-count-deletions", { count: deleted }));
  if (parasAdded) counts.push(t("compare-count-added", { count: parasAdded }));
  if (parasRemoved) counts.push(t("compare-count-removed", { count: parasRemoved }));
  if (parasMoved) counts.push(t("compare-count-moved", { count: parasMoved }));
  return { counts, authors: [...authors].sort() };
}

function renderLegend(): HTMLElement {
  const legend = el("ul", "legend", undefined, { "aria-label": t("compare-legend") });
  const item = (...nodes: Node[]) => {
    const li = el("li", "legend-item");
    li.append(...nodes);
    legend.append(li);
  };
  item(el("ins", "rev", t("compare-legend-inserted")));
  item(el("del", "rev", t("compare-legend-deleted")));
  item(el("span", "legend-bar legend-bar-edited", undefined, { "aria-hidden": "true" }), document.createTextNode(t("compare-legend-changed")));
  item(el("span", "legend-bar legend-bar-moved", undefined, { "aria-hidden": "true" }), document.createTextNode(t("compare-legend-moved")));
  item(el("span", "legend-hint", t("compare-legend-hint")));
  return legend;
}
