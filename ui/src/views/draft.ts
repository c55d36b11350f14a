// Renders a DraftView as a CITES document (DESIGN §5): header block, title, preamble, the
// Conference line, numbered operative paragraphs, items and decisions, square brackets.
// All draft text goes in through textContent / text nodes, never as markup.

import type { BracketInfo, DraftView, NumberedParagraph, Span } from "../ipc";
import { el, type Attrs } from "./dom";

/** CITES places this line between the preamble and the operative part of a resolution. */
const CONFERENCE_LINE = "THE CONFERENCE OF THE PARTIES TO THE CONVENTION";
const CONVENTION_LINE = "CONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES OF WILD FAUNA AND FLORA";

export function renderDraft(view: DraftView): HTMLElement {
  const page = el("article", "page", undefined, { "aria-label": "Draft" });
  page.append(renderHeader(view), renderBody(view));
  return page;
}

function renderHeader({ meta }: DraftView): HTMLElement {
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
function renderBody(view: DraftView): HTMLElement {
  const body = el("section", "doc-body");
  if (!view.paragraphs.some((p) => p.kind === "title") && view.meta.title.trim()) {
    body.append(el("h1", "doc-title", view.meta.title.trim()));
  }
  let front = true;
  let conferenceShown = false;
  for (const para of view.paragraphs) {
    front &&= para.kind === "text";
    if (para.kind === "operative" && view.meta.kind === "resolution" && !conferenceShown) {
      body.append(el("p", "doc-conference", CONFERENCE_LINE));
      conferenceShown = true;
    }
    body.append(renderParagraph(para, view.brackets, front));
  }
  return body;
}

function renderParagraph(para: NumberedParagraph, brackets: DraftView["brackets"], front: boolean): HTMLElement {
  const tag = para.kind === "title" ? "h1" : para.kind === "heading" ? "h2" : "p";
  const attrs: Attrs = { id: `p-${para.id}`, "data-kind": para.kind, "data-level": String(para.level) };
  if (para.number !== null) attrs["data-number"] = para.number;
  if (para.label !== null) attrs["data-label"] = para.label;
  const classes = ["para", `para-${para.kind}`];
  if (para.kind === "title") classes.push("doc-title");
  if (front) classes.push("front");
  const node = el(tag, classes.join(" "), undefined, attrs);
  if (para.number !== null) node.append(el("span", "num", para.number));
  const text = el("span", "text");
  text.append(...renderSpans(para.spans, brackets));
  node.append(text);
  return node;
}

/** Consecutive spans inside the same bracket share one pair of square brackets. */
function renderSpans(spans: Span[], brackets: DraftView["brackets"]): Node[] {
  const out: Node[] = [];
  let open: { id: string; node: HTMLElement } | null = null;
  for (const span of spans) {
    const id = span.marks?.bracket;
    if (open && open.id !== id) {
      open.node.append(el("span", "bracket-mark", "]"));
      open = null;
    }
    if (id !== undefined && open === null) {
      open = { id, node: openBracket(id, brackets[id]) };
      out.push(open.node);
    }
    if (open) open.node.append(renderSpan(span));
    else out.push(renderSpan(span));
  }
  if (open) open.node.append(el("span", "bracket-mark", "]"));
  return out;
}

function openBracket(id: string, info: BracketInfo | undefined): HTMLElement {
  // Metadata that has not arrived yet counts as open, as in the export.
  const status = info?.status ?? "open";
  const node = el("span", `bracket bracket-${status}`, undefined, { "data-bracket": id, "data-status": status });
  const holders = info?.holders ?? [];
  node.title = holders.length ? `${status} — held by ${holders.join(", ")}` : status;
  node.append(el("span", "bracket-mark", "["));
  return node;
}

function renderSpan(span: Span): Node {
  let node: Node = document.createTextNode(span.text);
  const marks = span.marks ?? {};
  const wrap = (tag: "em" | "strong" | "u") => {
    const outer = document.createElement(tag);
    outer.append(node);
    node = outer;
  };
  if (marks.underline) wrap("u");
  if (marks.em) wrap("em");
  if (marks.strong) wrap("strong");
  return node;
}
