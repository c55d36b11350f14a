// The editing toolbar: paragraph kind and level, emphasis marks, square brackets with their status and holders, undo/redo (writers only).

import { toggleMark } from "prosemirror-commands";
import type { MarkType } from "prosemirror-model";
import type { Command, EditorState } from "prosemirror-state";
import type { EditorView } from "prosemirror-view";
import { redoCommand, undoCommand } from "y-prosemirror";
import type * as Y from "yjs";
import type { BracketStatus, ParaKind } from "../ipc/types";
import { ATTR_KIND, ATTR_LABEL, ATTR_LEVEL } from "../collab/schema";
import {
  addBracket,
  bracketAt,
  bracketInfo,
  BRACKET_STATUSES,
  canAddBracket,
  parseHolders,
  removeBracket,
  setBracketHolders,
  addAlternative,
  alternativesInText,
  setBracketPackage,
  setBracketStatus,
} from "./brackets";
import { t } from "../i18n";
import { bracketStatusShort } from "./brackets";
import { selectedParagraphs, setKind, setLabel, setLevel, toggleInserted } from "./commands";
import { insertedSuffix } from "./numbering";
import { emMark, MAX_LEVEL, strongMark, toLevel, underlineMark } from "./schema";

/** The paragraph kinds the toolbar offers, named from the catalogue (`para-kind-*`). */
const KINDS: readonly ParaKind[] = ["title", "heading", "text", "preamble", "operative", "item", "decision"];

/** The levels' names (the numbering `a)`, `i)` is the draft's, not translated). */
const LEVEL_LABELS = ["tool-level-0", "tool-level-1", "tool-level-2"] as const;

export interface ToolbarOptions {
  draft: Y.Doc;
  brackets: Y.Map<unknown>;
  /** The member this window writes as: who the draft's log names for a status change. */
  memberId: string;
  /** Picks alternative `id` of its group (the core deletes the others' words, logged). */
  chooseAlternative(id: string): Promise<void>;
  onError(err: unknown): void;
}

export interface Toolbar {
  element: HTMLElement;
  update(state: EditorState): void;
  destroy(): void;
}

function button(text: string, title: string, testid: string, extra = ""): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = `button button-small tool ${extra}`.trim();
  b.textContent = text;
  b.title = title;
  b.setAttribute("aria-label", title);
  b.setAttribute("data-testid", testid);
  // Keep the editor's selection and focus when a tool is clicked.
  b.addEventListener("mousedown", (e) => e.preventDefault());
  return b;
}

function group(label: string, ...children: HTMLElement[]): HTMLElement {
  const g = document.createElement("div");
  g.className = "tool-group";
  g.setAttribute("role", "group");
  g.setAttribute("aria-label", label);
  g.append(...children);
  return g;
}

function select(label: string, testid: string, options: readonly { value: string; label: string }[]): HTMLSelectElement {
  const s = document.createElement("select");
  s.className = "select-input tool-select";
  s.title = label;
  s.setAttribute("aria-label", label);
  s.setAttribute("data-testid", testid);
  for (const o of options) {
    const option = document.createElement("option");
    option.value = o.value;
    option.textContent = o.label;
    s.append(option);
  }
  return s;
}

/** A one-line text tool, applied when it changes and on Enter (then `afterEnter`). */
function textTool(
  className: string,
  placeholder: string,
  label: string,
  title: string,
  testid: string,
  size: number,
  apply: () => void,
  afterEnter?: () => void,
): HTMLInputElement {
  const input = document.createElement("input");
  input.type = "text";
  input.className = `text-input ${className}`;
  input.placeholder = placeholder;
  input.title = title;
  input.setAttribute("aria-label", label);
  input.setAttribute("data-testid", testid);
  input.size = size;
  input.addEventListener("change", apply);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      apply();
      afterEnter?.();
    }
  });
  return input;
}

function markActive(state: EditorState, type: MarkType): boolean {
  const { from, to, empty, $from } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks ?? $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

export function mountToolbar(view: EditorView, opts: ToolbarOptions): Toolbar {
  const element = document.createElement("div");
  element.className = "editor-toolbar";
  element.setAttribute("role", "toolbar");
  element.setAttribute("aria-label", t("tool-formatting"));
  element.setAttribute("data-testid", "editor-toolbar");

  const run = (command: Command) => {
    try {
      command(view.state, view.dispatch);
      view.focus();
    } catch (err) {
      opts.onError(err);
    }
  };

  const kind = select(t("tool-kind"), "kind-select", KINDS.map((k) => ({ value: k, label: t(`para-kind-${k}`) })));
  const mixed = document.createElement("option");
  mixed.value = "";
  mixed.textContent = t("tool-kind-mixed");
  mixed.disabled = true;
  kind.prepend(mixed);
  kind.addEventListener("change", () => {
    if (kind.value) run(setKind(kind.value as ParaKind));
  });

  // A decision's fixed label (17.A); without one it is numbered #1, #2 …
  const label: HTMLInputElement = textTool("tool-label", t("tool-label-placeholder"), t("tool-label"), t("tool-label-title"), "label-input", 6, () =>
    run(setLabel(label.value)),
  );

  // An operative paragraph or an item inserted between two others: `2 bis`, `2 ter` (issue #14 §3).
  const inserted = button("bis", t("tool-inserted-title"), "numbering-inserted", "tool-inserted");
  inserted.addEventListener("click", () => run(toggleInserted));

  const levels = LEVEL_LABELS.map((id, level) => {
    const b = button(String(level), t("tool-level-title", { level: t(id) }), `level-${level}`, "tool-level");
    b.addEventListener("click", () => run(setLevel(level)));
    return b;
  });

  const marks: { type: MarkType; button: HTMLButtonElement }[] = [
    { type: strongMark, button: button(t("tool-strong-glyph"), t("tool-strong"), "mark-strong", "tool-strong") },
    { type: emMark, button: button(t("tool-em-glyph"), t("tool-em"), "mark-em", "tool-em") },
    { type: underlineMark, button: button(t("tool-underline-glyph"), t("tool-underline"), "mark-underline", "tool-underline") },
  ];
  for (const m of marks) m.button.addEventListener("click", () => run(toggleMark(m.type)));

  const bracket = button(t("tool-bracket"), t("tool-bracket-title"), "bracket-add");
  bracket.addEventListener("click", () => {
    try {
      addBracket(view, opts.draft, opts.brackets);
      view.focus();
    } catch (err) {
      opts.onError(err);
    }
  });
  const status = select(t("tool-bracket-status"), "bracket-status", BRACKET_STATUSES.map((s) => ({ value: s.value, label: bracketStatusShort(s.value) })));
  let statusFor: string | null = null;
  status.addEventListener("change", () => {
    if (!statusFor) return;
    try {
      setBracketStatus(opts.draft, opts.brackets, statusFor, status.value as BracketStatus, opts.memberId);
      view.focus();
    } catch (err) {
      opts.onError(err);
    }
  });
  // Who holds the bracket at the cursor: delegations, typed as one line.
  // The bracket being edited, fixed when the field takes the focus (the caret may move before it loses it).
  let holdersFor: string | null = null;
  const applyHolders = () => {
    const id = holdersFor ?? statusFor;
    if (!id) return;
    const list = parseHolders(holders.value);
    holders.value = list.join(", ");
    if (list.join("\n") === bracketInfo(opts.brackets, id).holders.join("\n")) return;
    try {
      setBracketHolders(opts.draft, opts.brackets, id, list);
    } catch (err) {
      opts.onError(err);
    }
  };
  const holders = textTool(
    "tool-holders",
    t("tool-holders"),
    t("tool-holders"),
    t("tool-holders-title"),
    "bracket-holders",
    16,
    applyHolders,
    () => view.focus(),
  );
  holders.maxLength = 1000;
  holders.addEventListener("focus", () => {
    holdersFor = statusFor;
  });
  holders.addEventListener("blur", () => {
    holdersFor = null;
  });
  // The package the bracket at the cursor belongs to (the chair's and the Secretariat's: the core
  // refuses anyone else's, as it does a status).
  let packageFor: string | null = null;
  const applyPackage = () => {
    const id = packageFor ?? statusFor;
    if (!id) return;
    try {
      setBracketPackage(opts.draft, opts.brackets, id, pkg.value, opts.memberId);
    } catch (err) {
      opts.onError(err);
    }
  };
  const pkg = textTool(
    "tool-package",
    t("tool-package"),
    t("tool-package"),
    t("tool-package-title"),
    "bracket-package",
    8,
    applyPackage,
    () => view.focus(),
  );
  pkg.maxLength = 80;
  pkg.addEventListener("focus", () => {
    packageFor = statusFor;
  });
  pkg.addEventListener("blur", () => {
    packageFor = null;
  });
  // Alternatives within one bracket: [establish][consider establishing].
  let alternativeFor: string | null = null;
  const alternative = textTool(
    "tool-alternative",
    t("tool-alternative-placeholder"),
    t("tool-alternative"),
    t("tool-alternative-title"),
    "bracket-alternative",
    12,
    () => {
      const id = alternativeFor ?? statusFor;
      if (!id || !alternative.value.trim()) return;
      try {
        if (addAlternative(view, opts.draft, opts.brackets, id, alternative.value)) alternative.value = "";
      } catch (err) {
        opts.onError(err);
      }
    },
    () => view.focus(),
  );
  alternative.maxLength = 2000;
  alternative.addEventListener("focus", () => {
    alternativeFor = statusFor;
  });
  alternative.addEventListener("blur", () => {
    alternativeFor = null;
  });
  const choose = button(t("tool-choose"), t("tool-choose-title"), "bracket-choose");
  choose.addEventListener("click", () => {
    if (!statusFor) return;
    choose.disabled = true;
    opts.chooseAlternative(statusFor).catch((err: unknown) => opts.onError(err));
  });
  const unbracket = button(t("tool-unbracket"), t("tool-unbracket-title"), "bracket-remove");
  unbracket.addEventListener("click", () => {
    if (!statusFor) return;
    try {
      removeBracket(view, statusFor);
      view.focus();
    } catch (err) {
      opts.onError(err);
    }
  });

  const undo = button("↶", t("tool-undo"), "undo");
  undo.addEventListener("click", () => run(undoCommand));
  const redo = button("↷", t("tool-redo"), "redo");
  redo.addEventListener("click", () => run(redoCommand));

  element.append(
    group(t("tool-group-paragraph"), kind, label, inserted),
    group(t("tool-group-level"), ...levels),
    group(t("tool-group-emphasis"), ...marks.map((m) => m.button)),
    group(t("tool-group-brackets"), bracket, status, holders, pkg, alternative, choose, unbracket),
    group(t("tool-group-history"), undo, redo),
  );

  const update = (state: EditorState) => {
    const paras = selectedParagraphs(state);
    const kinds = new Set(paras.map((p) => String(p.node.attrs[ATTR_KIND] ?? "text")));
    kind.value = kinds.size === 1 ? [...kinds][0]! : "";
    const decisions = paras.filter((p) => p.node.attrs[ATTR_KIND] === "decision");
    label.hidden = decisions.length === 0 || decisions.length !== paras.length;
    if (document.activeElement !== label) {
      const labels = new Set(decisions.map((p) => String(p.node.attrs[ATTR_LABEL] ?? "")));
      label.value = labels.size === 1 ? [...labels][0]! : "";
    }
    const lvls = new Set(paras.map((p) => toLevel(p.node.attrs[ATTR_LEVEL])));
    levels.forEach((b, level) => {
      b.setAttribute("aria-pressed", String(lvls.size === 1 && lvls.has(level)));
      b.disabled = level > MAX_LEVEL || paras.length === 0;
    });
    for (const m of marks) m.button.setAttribute("aria-pressed", String(markActive(state, m.type)));
    const [here] = paras;
    const suffixed = here ? insertedSuffix({ kind: String(here.node.attrs[ATTR_KIND] ?? "text"), level: toLevel(here.node.attrs[ATTR_LEVEL]), label: (here.node.attrs[ATTR_LABEL] as string | null) ?? null }) : null;
    inserted.setAttribute("aria-pressed", String(suffixed !== null));
    inserted.textContent = suffixed ?? "bis";
    inserted.disabled = !toggleInserted(state);
    bracket.disabled = !canAddBracket(state);
    statusFor = bracketAt(state);
    status.disabled = statusFor === null;
    unbracket.disabled = statusFor === null;
    const info = statusFor ? bracketInfo(opts.brackets, statusFor) : null;
    status.value = info?.status ?? "open";
    holders.disabled = statusFor === null;
    if (document.activeElement !== holders) holders.value = info ? info.holders.join(", ") : "";
    pkg.disabled = statusFor === null;
    alternative.disabled = statusFor === null;
    choose.disabled = statusFor === null || alternativesInText(state, opts.brackets, statusFor).length < 2;
    if (document.activeElement !== pkg) pkg.value = info?.package ?? "";
    undo.disabled = !undoCommand(state);
    redo.disabled = !redoCommand(state);
  };
  // A status set by someone else shows at once.
  const observer = () => update(view.state);
  opts.brackets.observeDeep(observer);
  update(view.state);
  return { element, update, destroy: () => opts.brackets.unobserveDeep(observer) };
}
