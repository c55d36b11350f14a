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
    switch (para.kind) {
      case "operative":
        operative += 1;
        item1 = 0;
        item2 = 0;
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
          item2 += 1;
          return `${roman(item2)})`;
        }
        item1 += 1;
        item2 = 0;
        return `${letters(item1)})`;
      default:
        // text, preamble, and kinds this version does not know (the core reads those as text)
        return null;
    }
  });
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
