// redline: a proposal read as a person writes it — a word diff of the target words and the proposed
// words in which adjacent changes are grouped into one deleted phrase and one inserted phrase (as the
// core's `revision::group_changes` groups tracked changes), so "~~in violation of the Convention~~
// illegally within one day", never alternated word by word.

export type PieceKind = "same" | "del" | "ins";

export interface Piece {
  kind: PieceKind;
  text: string;
}

/** Words and the white space between them, as separate tokens (joined they give `text` back). */
function tokens(text: string): string[] {
  return text.split(/(\s+)/).filter((t) => t !== "");
}

const isSpace = (t: string): boolean => /^\s+$/.test(t);

/** Longest common subsequence table larger than this (tokens × tokens): one deletion and one insertion. */
const MAX_CELLS = 4_000_000;

/** Token-level diff (longest common subsequence), in order: kept, deleted and inserted tokens. */
function diffTokens(a: string[], b: string[]): Piece[] {
  // Common head and tail first: a proposal usually changes a few words in the middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const out: Piece[] = a.slice(0, head).map((text) => ({ kind: "same" as const, text }));
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    out.push(...midA.map((text) => ({ kind: "del" as const, text })), ...midB.map((text) => ({ kind: "ins" as const, text })));
  } else {
    // lcs[i][j]: length of the LCS of midA[i..] and midB[j..].
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      const row = lcs[i] as Uint32Array;
      const below = lcs[i + 1] as Uint32Array;
      for (let j = m - 1; j >= 0; j--) {
        row[j] = midA[i] === midB[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        out.push({ kind: "same", text: midA[i] as string });
        i++;
        j++;
      } else if (j < m && (i === n || ((lcs[i] as Uint32Array)[j + 1] as number) >= ((lcs[i + 1] as Uint32Array)[j] as number))) {
        out.push({ kind: "ins", text: midB[j] as string });
        j++;
      } else {
        out.push({ kind: "del", text: midA[i] as string });
        i++;
      }
    }
  }
  out.push(...a.slice(a.length - tail).map((text) => ({ kind: "same" as const, text })));
  return out;
}

/**
 * The redline from `before` to `after`: kept text, then for each stretch of changes (changed words
 * with only white space between them) one deleted phrase followed by one inserted phrase, each with
 * the spaces between its words. Adjacent pieces of one kind are merged. Joining the `same` and `del`
 * pieces gives `before` back; joining the `same` and `ins` pieces gives `after`.
 */
export function redline(before: string, after: string): Piece[] {
  const raw = diffTokens(tokens(before), tokens(after));
  const out: Piece[] = [];
  const push = (kind: PieceKind, text: string): void => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  };
  let k = 0;
  while (k < raw.length) {
    const piece = raw[k] as Piece;
    if (piece.kind === "same") {
      push("same", piece.text);
      k++;
      continue;
    }
    // A stretch: changes, and kept white space followed by more changes.
    let end = k;
    let next = k;
    while (next < raw.length) {
      const p = raw[next] as Piece;
      if (p.kind !== "same") end = next + 1;
      else if (!isSpace(p.text)) break;
      next++;
    }
    const stretch = raw.slice(k, end);
    const kinds = new Set(stretch.filter((p) => p.kind !== "same").map((p) => p.kind));
    if (kinds.size === 1) {
      // Of one kind only: the kept spaces stay where they are (they are in both texts).
      for (const p of stretch) push(p.kind, p.text);
    } else {
      push("del", stretch.filter((p) => p.kind !== "ins").map((p) => p.text).join(""));
      push("ins", stretch.filter((p) => p.kind !== "del").map((p) => p.text).join(""));
    }
    k = end;
  }
  return out;
}
