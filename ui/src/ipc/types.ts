// Transport types of the draft as the shell sends it: mirrors caucus::DraftView (src/model/types.rs).

export type ParaKind = "title" | "heading" | "text" | "preamble" | "operative" | "item" | "decision";
export type DraftKind = "resolution" | "decisions";
export type BracketStatus = "open" | "agreed-ad-ref" | "agreed" | "withdrawn";

/** Inline marks; the core omits false flags and an absent bracket, and omits `marks` when plain. */
export interface Marks {
  em?: boolean;
  strong?: boolean;
  underline?: boolean;
  /** Id of the bracket in `DraftView.brackets`. */
  bracket?: string;
}

export interface Span {
  text: string;
  marks?: Marks;
}

export interface NumberedParagraph {
  /** Computed number: `1.`, `a)`, `ii)`, `17.A`; null for unnumbered kinds. */
  number: string | null;
  id: string;
  kind: ParaKind;
  level: number;
  label: string | null;
  spans: Span[];
}

export interface DraftMeta {
  title: string;
  symbol: string;
  meeting: string;
  kind: DraftKind;
  language: string;
}

export interface BracketInfo {
  status: BracketStatus;
  holders: string[];
}

export interface DraftView {
  meta: DraftMeta;
  paragraphs: NumberedParagraph[];
  brackets: Record<string, BracketInfo>;
}

/** An error as it crosses from the shell: the UI switches on `code`, never on `message`. */
export interface IpcErrorBody {
  code: string;
  message: string;
}
