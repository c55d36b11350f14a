// The panel shown instead of the draft when the shell reports an error; it switches on the code.

import { IpcError, UI_ERROR, type IpcErrorBody } from "../ipc";
import { errorText, t } from "../i18n";
import { el } from "./dom";

/** What to do about an error, by code (`error-hint-*` in the catalogue). */
const HINTS: Record<string, string> = {
  [UI_ERROR.noShell]: "error-hint-ipc_unavailable",
};

export function renderError(error: IpcErrorBody, title = t("error-title-draft")): HTMLElement {
  const panel = el("section", "error-panel", undefined, { role: "alert", "data-code": error.code });
  panel.append(
    el("h1", undefined, title),
    el("p", undefined, errorText(error)),
    el("p", "error-code", t("error-code-line", { code: error.code })),
  );
  const hint = HINTS[error.code];
  if (hint) panel.append(el("p", "error-hint", t(hint)));
  return panel;
}

/** Any rejection as `{code, message}`: IPC errors keep their code, anything else is unexpected. */
export function toErrorBody(err: unknown): IpcErrorBody {
  if (err instanceof IpcError) return { code: err.code, message: err.message };
  return { code: UI_ERROR.unexpected, message: String(err) };
}
