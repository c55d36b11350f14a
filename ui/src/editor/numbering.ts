// Computed paragraph numbering, the CITES way: a port of src/model/numbering.rs and the numerals of src/cites.rs;
// both are tested against one case table, tests/data/numbering-cases.json (ui/test/layout.test.mjs, tests/it/model.rs).

import type { ParaKind } from "../ipc/types";

/** What numbering needs to know of a paragraph. */
export interface NumberInput {
  kind: ParaKind | string;
  level: number;
  label: string | null;
}

/**
 * Numbers paragraphs the CITES way. Operative paragraphs count through the whole draft; items
 * restart under each operative paragraph, decision or heading; level-2 items restart under each
 * level-1 item. Decisions show their fixed label (`17.A`), or a running `#n` when they have none.
 * Returns one entry per paragraph: its number, or null for unnumbered kinds.
 */
export function number(paragraphs: readonly NumberInput[]): (string | null)[] {
  let operative = 0;
  let decision = 0;
  let item1 = 0;
  let item2 = 0;
  return paragraphs.map((para) => {
    const suffix = insertedSuffix(para);
    switch (para.kind) {
      case "operative":
        item1 = 0;
        item2 = 0;
        if (suffix && operative > 0) return `${operative} ${suffix}.`;
        operative += 1;
        return `${operative}.`;
      case "decision":
        decision += 1;
        item1 = 0;
        item2 = 0;
        return para.label ? para.label : `#${decision}`;
      case "heading":
      case "title":
        item1 = 0;
        item2 = 0;
        return null;
      case "item":
        if (para.level >= 2) {
          if (suffix && item2 > 0) return `${roman(item2)}) ${suffix}`;
          item2 += 1;
          return `${roman(item2)})`;
        }
        item2 = 0;
        if (suffix && item1 > 0) return `${letters(item1)}) ${suffix}`;
        item1 += 1;
        return `${letters(item1)})`;
      default:
        // text, preamble, and kinds this version does not know (the core reads those as text)
        return null;
    }
  });
}

/** The Latin suffixes of a paragraph inserted between two others (src/model/numbering.rs INSERTED_SUFFIXES). */
export const INSERTED_SUFFIXES = ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"] as const;

/** The suffix (`bis`, `ter`, …) an operative paragraph's or an item's label gives it, if any. */
export function insertedSuffix(para: NumberInput): string | null {
  if (para.kind !== "operative" && para.kind !== "item") return null;
  const label = (para.label ?? "").trim().toLowerCase();
  return INSERTED_SUFFIXES.find((s) => s === label) ?? null;
}

/**
 * The label that numbers paragraph `index` as inserted (`bis` after an unsuffixed paragraph of its
 * kind, `ter` after a `bis` …), as `Workshop::number_as_inserted` computes it; null when it cannot
 * be (not an operative paragraph or an item, nothing of its kind before it, past `decies`).
 */
export function insertedLabel(paras: readonly NumberInput[], index: number): string | null {
  const para = paras[index];
  if (!para || (para.kind !== "operative" && para.kind !== "item")) return null;
  const level = Math.max(para.level, 1);
  let before: NumberInput | null = null;
  for (let i = index - 1; i >= 0 && before === null; i--) {
    const p = paras[i]!;
    if (para.kind === "operative") {
      if (p.kind === "operative") before = p;
      continue;
    }
    if (p.kind === "item" && Math.max(p.level, 1) === level) before = p;
    else if (p.kind === "item" && Math.max(p.level, 1) > level) continue;
    else break;
  }
  if (!before) return null;
  const suffix = insertedSuffix(before);
  if (!suffix) return INSERTED_SUFFIXES[0];
  return INSERTED_SUFFIXES[INSERTED_SUFFIXES.indexOf(suffix as (typeof INSERTED_SUFFIXES)[number]) + 1] ?? null;
}

/** 1 → a, 26 → z, 27 → aa (the CITES convention continues with doubled letters). */
export function letters(n: number): string {
  const m = Math.max(n, 1) - 1;
  const letter = String.fromCharCode("a".charCodeAt(0) + (m % 26));
  return letter.repeat(Math.floor(m / 26) + 1);
}

const ROMAN: readonly [number, string][] = [
  [1000, "m"],
  [900, "cm"],
  [500, "d"],
  [400, "cd"],
  [100, "c"],
  [90, "xc"],
  [50, "l"],
  [40, "xl"],
  [10, "x"],
  [9, "ix"],
  [5, "v"],
  [4, "iv"],
  [1, "i"],
];

/** Lower-case Roman numerals: 1 → i, 4 → iv, 14 → xiv. */
export function roman(n: number): string {
  let out = "";
  let rest = n;
  for (const [value, digits] of ROMAN) {
    while (rest >= value) {
      out += digits;
      rest -= value;
    }
  }
  return out;
}
