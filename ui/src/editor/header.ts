// The CITES header above the editable text (DESIGN §5): language, symbol, Convention line, meeting, title — live from the draft's `meta` map.

import type * as Y from "yjs";
import { CONVENTION_LINE } from "../cites";
import { META_LANGUAGE, META_MEETING, META_SYMBOL, META_TITLE } from "../collab/schema";

function text(meta: Y.Map<unknown>, key: string): string {
  const value = meta.get(key);
  return typeof value === "string" ? value.trim() : "";
}

function line(tag: "p" | "h1", className: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}

export interface DocHeader {
  element: HTMLElement;
  /** The body has a `title` paragraph: it is the title, so `meta.title` is not shown twice. */
  setTitleInBody(inBody: boolean): void;
  destroy(): void;
}

export function mountHeader(meta: Y.Map<unknown>): DocHeader {
  const element = document.createElement("header");
  element.className = "doc-header";
  const cornerBox = document.createElement("div");
  cornerBox.className = "doc-corner";
  const language = line("p", "doc-language");
  const symbol = line("p", "doc-symbol");
  symbol.setAttribute("data-testid", "doc-symbol");
  cornerBox.append(language, symbol);
  const convention = line("p", "doc-convention");
  convention.textContent = CONVENTION_LINE;
  const meeting = line("p", "doc-meeting");
  meeting.setAttribute("data-testid", "doc-meeting");
  const title = line("h1", "doc-title");
  title.setAttribute("data-testid", "doc-title");
  element.append(cornerBox, convention, meeting, title);

  let titleInBody = false;
  const render = () => {
    const lang = text(meta, META_LANGUAGE);
    language.textContent = lang ? `Original language: ${lang}` : "";
    language.hidden = !lang;
    symbol.textContent = text(meta, META_SYMBOL);
    symbol.hidden = !symbol.textContent;
    meeting.textContent = text(meta, META_MEETING);
    meeting.hidden = !meeting.textContent;
    title.textContent = text(meta, META_TITLE);
    title.hidden = titleInBody || !title.textContent;
  };
  render();
  const observer = () => render();
  meta.observe(observer);
  return {
    element,
    setTitleInBody(inBody) {
      if (inBody === titleInBody) return;
      titleInBody = inBody;
      render();
    },
    destroy: () => meta.unobserve(observer),
  };
}
