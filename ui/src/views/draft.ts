// Renders the draft with the changes since a milestone (a CompareDocument) as a CITES document
// (DESIGN §5): header block, title, preamble, the Conference line, numbered operative paragraphs,
// items and decisions, square brackets; inserted text underlined in <ins>, deleted text struck
// through in <del>, whole paragraphs marked. (The live draft is the editor's, src/editor.)
// All draft text goes in through textContent / text nodes, never as markup.

import type { BracketInfo, Change, CompareDocument, DraftMeta, Marks, ParaKind } from "../ipc";
import { CONFERENCE_LINE, CONVENTION_LINE } from "../cites";
import { t } from "../i18n";
import { bracketStatusName } from "./roles";
import { el, type Attrs } from "./dom";
import { formatDateTime } from "./format";


/** One paragraph as the compare view renders it (the shape of the export IR's `Block`). */
interface DocBlock {
  id: string;
  kind: ParaKind;
  level: number;
  label: string | null;
  number: string | null;
  change: Change | null;
  runs: DocRun[];
}

interface DocRun {
  text: string;
  marks?: Marks;
  change?: Change | null;
}

interface DocModel {
  meta: DraftMeta;
  blocks: DocBlock[];
  brackets: Record<string, BracketInfo>;
}

/** The draft with the changes since a milestone. */
export function renderCompared(doc: CompareDocument): HTMLElement {
  const since = doc.revisions?.since;
  const page = renderDocument(doc, since ? t("draft-compared-label", { milestone: since }) : t("draft-compared-label-any"));
  page.classList.add("page-compare");
  return page;
}

function renderDocument(doc: DocModel, label: string): HTMLElement {
  const page = el("article", "page", undefined, { "aria-label": label });
  page.append(renderHeader(doc.meta), renderBody(doc));
  return page;
}

function renderHeader(meta: DraftMeta): HTMLElement {
  const header = el("header", "doc-header");
  const corner = el("div", "doc-corner");
  if (meta.language) corner.append(el("p", "doc-language", `Original language: ${meta.language}`));
  if (meta.symbol) corner.append(el("p", "doc-symbol", meta.symbol));
  header.append(corner, el("p", "doc-convention", CONVENTION_LINE));
  if (meta.meeting) header.append(el("p", "doc-meeting", meta.meeting));
  return header;
}

/**
 * The body in the order of the export (src/export/html.rs): a `title` paragraph is the document
 * title, else `meta.title` is; text before the first other paragraph is the rest of the header.
 */
function renderBody(doc: DocModel): HTMLElement {
  const body = el("section", "doc-body");
  if (!doc.blocks.some((p) => p.kind === "title") && doc.meta.title.trim()) {
    body.append(el("h1", "doc-title", doc.meta.title.trim()));
  }
  let front = true;
  let conferenceShown = false;
  for (const block of doc.blocks) {
    front &&= block.kind === "text";
    if (block.kind === "operative" && doc.meta.kind === "resolution" && !conferenceShown) {
      body.append(el("p", "doc-conference", CONFERENCE_LINE));
      conferenceShown = true;
    }
    body.append(renderParagraph(block, doc.brackets, front));
  }
  return body;
}

function renderParagraph(block: DocBlock, brackets: DocModel["brackets"], front: boolean): HTMLElement {
  const tag = block.kind === "title" ? "h1" : block.kind === "heading" ? "h2" : "p";
  // A moved paragraph shows twice (struck at its old place, underlined at the new): ids stay unique.
  const movedFrom = block.change?.moved && block.change.kind === "deleted";
  const attrs: Attrs = {
    id: movedFrom ? `p-${block.id}-moved-from` : `p-${block.id}`,
    "data-kind": block.kind,
    "data-level": String(block.level),
  };
  if (block.number !== null) attrs["data-number"] = block.number;
  if (block.label !== null) attrs["data-label"] = block.label;
  const classes = ["para", `para-${block.kind}`];
  if (block.kind === "title") classes.push("doc-title");
  if (front) classes.push("front");
  if (block.change) {
    attrs["data-change"] = block.change.moved ? `moved-${block.change.kind}` : block.change.kind;
    classes.push("para-changed", `para-${block.change.kind}`);
    if (block.change.moved) classes.push("para-moved");
  } else if (block.runs.some((r) => r.change)) {
    classes.push("para-changed", "para-edited");
  }
  const node = el(tag, classes.join(" "), undefined, attrs);
  if (block.change) node.title = describeParagraphChange(block.change);
  if (block.number !== null) node.append(el("span", "num", block.number));
  const text = el("span", "text");
  text.append(...renderRuns(block.runs, block.change, brackets));
  node.append(text);
  return node;
}

/** Consecutive runs inside the same bracket share one pair of square brackets. */
function renderRuns(runs: DocRun[], blockChange: Change | null, brackets: DocModel["brackets"]): Node[] {
  const out: Node[] = [];
  let open: { id: string; node: HTMLElement } | null = null;
  for (const run of runs) {
    const id = run.marks?.bracket;
    if (open && open.id !== id) {
      open.node.append(el("span", "bracket-mark", "]"));
      open = null;
    }
    if (id !== undefined && open === null) {
      open = { id, node: openBracket(id, brackets[id]) };
      out.push(open.node);
    }
    const node = renderRun(run, run.change ?? blockChange);
    if (open) open.node.append(node);
    else out.push(node);
  }
  if (open) open.node.append(el("span", "bracket-mark", "]"));
  return out;
}

function openBracket(id: string, info: BracketInfo | undefined): HTMLElement {
  // Metadata that has not arrived yet counts as open, as in the export.
  const status = info?.status ?? "open";
  const node = el("span", `bracket bracket-${status}`, undefined, { "data-bracket": id, "data-status": status });
  const holders = info?.holders ?? [];
  node.title = holders.length ? t("bracket-title-held", { status: bracketStatusName(status), holders: holders.join(", ") }) : bracketStatusName(status);
  node.append(el("span", "bracket-mark", "["));
  return node;
}

function renderRun(run: DocRun, change: Change | null): Node {
  let node: Node = document.createTextNode(run.text);
  const marks = run.marks ?? {};
  const wrap = (tag: "em" | "strong" | "u") => {
    const outer = document.createElement(tag);
    outer.append(node);
    node = outer;
  };
  if (marks.underline) wrap("u");
  if (marks.em) wrap("em");
  if (marks.strong) wrap("strong");
  if (!change) return node;
  const tag = change.kind === "inserted" ? "ins" : "del";
  const attrs: Attrs = { "data-author": change.author ?? "" };
  if (change.date) attrs.datetime = change.date;
  const mark = el(tag, change.moved ? "rev rev-moved" : "rev", undefined, attrs);
  mark.title = describeChange(change);
  mark.append(node);
  return mark;
}

/** Tooltip of a word change: `Inserted by Borealia · 27 Nov 2026, 10:04`. */
function describeChange(change: Change): string {
  return describe("word", change);
}

/** Tooltip of a whole-paragraph change: `Paragraph deleted by Arcadia · …`. */
function describeParagraphChange(change: Change): string {
  return describe("paragraph", change);
}

/** One message per sentence: what changed (`what`, `kind`: inserted/deleted/moved-here/moved-from), by whom, when. */
function describe(what: "word" | "paragraph", change: Change): string {
  const kind = change.moved ? (change.kind === "inserted" ? "moved-here" : "moved-from") : change.kind;
  const who = change.author
    ? t("change-by", { what, kind, who: change.author })
    : t("change-by-unknown", { what, kind });
  const when = formatDateTime(change.date);
  return when ? t("change-when", { who, when }) : who;
}
