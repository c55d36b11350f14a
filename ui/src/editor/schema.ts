// ProseMirror schema of the draft: a flat list of `para` blocks and four marks, named exactly as the core's Yjs layout,
// and `opaque`: what the draft holds that this schema cannot show (kept, shown read-only; see opaque.ts).

import { Schema, type DOMOutputSpec, type Mark, type Node as PMNode } from "prosemirror-model";
import { t } from "../i18n";
import type { ParaKind } from "../ipc/types";
import {
  ATTR_ID,
  ATTR_KIND,
  ATTR_LABEL,
  ATTR_LEVEL,
  MARK_BRACKET,
  MARK_BRACKET_ID,
  MARK_EM,
  MARK_STRONG,
  MARK_UNDERLINE,
  PARA,
} from "../collab/schema";

/** The node type the patched y-prosemirror renders content this schema cannot show as. */
export const OPAQUE = "opaque";

export const PARA_KINDS: readonly ParaKind[] = ["title", "heading", "text", "preamble", "operative", "item", "decision"];
export const MAX_LEVEL = 2;

export function isParaKind(value: unknown): value is ParaKind {
  return typeof value === "string" && (PARA_KINDS as readonly string[]).includes(value);
}

/** A level as the core reads it: a number (or numeric string) clamped to 0..2. */
export function toLevel(value: unknown): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number.parseInt(value, 10) : 0;
  return Number.isFinite(n) ? Math.min(MAX_LEVEL, Math.max(0, Math.trunc(n))) : 0;
}

function paraAttrsFromDOM(dom: HTMLElement, fallbackKind: ParaKind): Record<string, unknown> {
  const kind = dom.getAttribute("data-kind");
  const label = dom.getAttribute("data-label");
  return {
    // Pasted paragraphs keep their id only until the id plugin sees a duplicate.
    [ATTR_ID]: dom.getAttribute("data-id") ?? "",
    [ATTR_KIND]: isParaKind(kind) ? kind : fallbackKind,
    [ATTR_LEVEL]: toLevel(dom.getAttribute("data-level")),
    [ATTR_LABEL]: label ? label : null,
  };
}

/** Longest preview of opaque content's text, in characters. */
export const OPAQUE_PREVIEW = 600;

/** What an opaque block says about itself. */
export function opaqueLabel(name: string): string {
  return t("opaque-label", { name });
}

export const schema = new Schema({
  nodes: {
    doc: { content: "block+" },
    [PARA]: {
      content: "inline*",
      group: "block",
      attrs: {
        [ATTR_ID]: { default: "" },
        [ATTR_KIND]: { default: "text" },
        [ATTR_LEVEL]: { default: 0 },
        [ATTR_LABEL]: { default: null },
      },
      toDOM(node: PMNode): DOMOutputSpec {
        const kind = isParaKind(node.attrs[ATTR_KIND]) ? node.attrs[ATTR_KIND] : "text";
        const attrs: Record<string, string> = {
          class: `para para-${kind}`,
          "data-id": String(node.attrs[ATTR_ID] ?? ""),
          "data-kind": kind,
          "data-level": String(toLevel(node.attrs[ATTR_LEVEL])),
        };
        if (node.attrs[ATTR_LABEL]) attrs["data-label"] = String(node.attrs[ATTR_LABEL]);
        return ["div", attrs, 0];
      },
      parseDOM: [
        { tag: "div.para", getAttrs: (dom) => paraAttrsFromDOM(dom, "text") },
        { tag: "p", getAttrs: (dom) => paraAttrsFromDOM(dom, "text") },
        { tag: "h1", getAttrs: (dom) => paraAttrsFromDOM(dom, "title") },
        { tag: "h2", getAttrs: (dom) => paraAttrsFromDOM(dom, "heading") },
        { tag: "h3", getAttrs: (dom) => paraAttrsFromDOM(dom, "heading") },
        { tag: "li", getAttrs: (dom) => ({ ...paraAttrsFromDOM(dom, "item"), [ATTR_LEVEL]: 1 }) },
      ],
    },
    text: { group: "inline" },
    // Never written by this editor: the patched y-prosemirror renders a Yjs element it cannot map
    // (an unknown name, unknown marks, content its type does not allow) as this node and leaves
    // the element as it is; the opaque guard refuses local changes that would touch it.
    [OPAQUE]: {
      group: "block",
      atom: true,
      selectable: false,
      draggable: false,
      attrs: { name: { default: "" }, text: { default: "" } },
      toDOM(node: PMNode): DOMOutputSpec {
        const name = String(node.attrs.name ?? "");
        const text = String(node.attrs.text ?? "");
        const preview = text.length > OPAQUE_PREVIEW ? `${text.slice(0, OPAQUE_PREVIEW)}…` : text;
        return [
          "div",
          { class: "opaque", contenteditable: "false", "data-testid": "opaque", "data-name": name },
          ["div", { class: "opaque-label" }, opaqueLabel(name)],
          ["div", { class: "opaque-text" }, preview],
        ];
      },
      // A copy pasted back is not the content it stands for: it is dropped, never recreated.
      parseDOM: [{ tag: "div.opaque", ignore: true }],
    },
  },
  // Order matters: earlier marks wrap later ones, so a bracket is one span around its formatting.
  marks: {
    [MARK_BRACKET]: {
      attrs: { [MARK_BRACKET_ID]: { default: "" } },
      inclusive: false,
      toDOM(mark: Mark): DOMOutputSpec {
        return ["span", { class: "bracket", "data-bracket": String(mark.attrs[MARK_BRACKET_ID] ?? "") }, 0];
      },
      parseDOM: [
        {
          tag: "span[data-bracket]",
          getAttrs: (dom) => ({ [MARK_BRACKET_ID]: dom.getAttribute("data-bracket") ?? "" }),
        },
      ],
    },
    [MARK_STRONG]: {
      toDOM: (): DOMOutputSpec => ["strong", 0],
      parseDOM: [
        { tag: "strong" },
        // Google Docs wraps everything in <b style="font-weight:normal">.
        { tag: "b", getAttrs: (dom) => dom.style.fontWeight !== "normal" && null },
        { style: "font-weight", getAttrs: (value) => /^(bold(er)?|[6-9]\d\d)$/.test(value) && null },
      ],
    },
    [MARK_EM]: {
      toDOM: (): DOMOutputSpec => ["em", 0],
      parseDOM: [{ tag: "em" }, { tag: "i" }, { style: "font-style=italic" }],
    },
    [MARK_UNDERLINE]: {
      toDOM: (): DOMOutputSpec => ["u", 0],
      parseDOM: [{ tag: "u" }, { style: "text-decoration=underline" }],
    },
  },
});

export const paraType = schema.nodes[PARA]!;
export const opaqueType = schema.nodes[OPAQUE]!;
export const bracketMark = schema.marks[MARK_BRACKET]!;
export const emMark = schema.marks[MARK_EM]!;
export const strongMark = schema.marks[MARK_STRONG]!;
export const underlineMark = schema.marks[MARK_UNDERLINE]!;
