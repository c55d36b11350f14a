// The panel shown instead of the draft when the shell reports an error; it switches on the code.

import { IpcError, UI_ERROR, type IpcErrorBody } from "../ipc";
import { el } from "./dom";

const HINTS: Record<string, string> = {
  [UI_ERROR.noShell]: "Start Caucus with scripts/run-app.sh; the page cannot open a workshop on its own.",
};

export function renderError(error: IpcErrorBody, title = "The draft could not be opened"): HTMLElement {
  const panel = el("section", "error-panel", undefined, { role: "alert", "data-code": error.code });
  panel.append(
    el("h1", undefined, title),
    el("p", undefined, error.message),
    el("p", "error-code", `Error code: ${error.code}`),
  );
  const hint = HINTS[error.code];
  if (hint) panel.append(el("p", "error-hint", hint));
  return panel;
}

/** Any rejection as `{code, message}`: IPC errors keep their code, anything else is unexpected. */
export function toErrorBody(err: unknown): IpcErrorBody {
  if (err instanceof IpcError) return { code: err.code, message: err.message };
  return { code: UI_ERROR.unexpected, message: String(err) };
}
