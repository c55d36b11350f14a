// The webview's only door to the Tauri shell: typed command wrappers and error normalisation.
// No other module imports @tauri-apps/api, so the rest of the UI stays testable in a plain browser.

import { invoke } from "@tauri-apps/api/core";
import type { CompareDocument, DraftView, Exported, ExportRequest, IpcErrorBody, MilestoneList } from "./types";

export type * from "./types";

/** Error codes the UI itself produces (the shell's own codes come from src-tauri/src/dto.rs). */
export const UI_ERROR = {
  /** The page runs outside the desktop shell (e.g. `vite dev` in a browser). */
  noShell: "ipc_unavailable",
  /** The shell rejected with something that is not a `{code, message}` body. */
  unexpected: "ipc_unexpected",
} as const;

export class IpcError extends Error implements IpcErrorBody {
  readonly code: string;

  constructor(body: IpcErrorBody) {
    super(body.message);
    this.name = "IpcError";
    this.code = body.code;
  }
}

function isErrorBody(value: unknown): value is IpcErrorBody {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string";
}

function inShell(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!inShell()) {
    throw new IpcError({ code: UI_ERROR.noShell, message: "Caucus must run inside its desktop shell." });
  }
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    if (isErrorBody(err)) throw new IpcError(err);
    throw new IpcError({ code: UI_ERROR.unexpected, message: String(err) });
  }
}

/** The open workshop's draft as a reader sees it, with computed numbering. */
export function draftView(): Promise<DraftView> {
  return call<DraftView>("draft_view");
}

/** Every milestone of the workshop, oldest first, and whether this device may freeze one. */
export function milestonesList(): Promise<MilestoneList> {
  return call<MilestoneList>("milestones_list");
}

/** Freezes the draft as it is now under `name` (chair only); resolves to the new list. */
export function milestoneCreate(name: string): Promise<MilestoneList> {
  return call<MilestoneList>("milestone_create", { name });
}

/** The draft with the changes since milestone `from`, up to milestone `to` or now. */
export function compare(from: string, to: string | null = null): Promise<CompareDocument> {
  return call<CompareDocument>("compare", { from, to });
}

/** Exports the draft into the export folder (never overwriting); resolves to where it went. */
export function exportDraft(request: ExportRequest): Promise<Exported> {
  return call<Exported>("export_draft", { ...request });
}
