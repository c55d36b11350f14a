// Entry point of the webview: asks the shell for the draft and mounts the read-only document view.

import "./styles.css";
import { draftView, IpcError, UI_ERROR, type IpcErrorBody } from "./ipc";
import { el } from "./views/dom";
import { renderDraft } from "./views/draft";
import { renderError } from "./views/error";
import { renderTopBar } from "./views/topbar";

function toErrorBody(err: unknown): IpcErrorBody {
  if (err instanceof IpcError) return { code: err.code, message: err.message };
  return { code: UI_ERROR.unexpected, message: String(err) };
}

async function start(root: HTMLElement): Promise<void> {
  const desk = el("main", "desk", undefined, { "aria-busy": "true" });
  desk.append(el("p", "loading", "Opening the workshop…"));
  root.replaceChildren(renderTopBar(null), desk);

  try {
    const view = await draftView();
    document.title = view.meta.symbol ? `${view.meta.symbol} — Caucus` : "Caucus";
    desk.replaceChildren(renderDraft(view));
    root.replaceChildren(renderTopBar(view.meta), desk);
  } catch (err) {
    desk.replaceChildren(renderError(toErrorBody(err)));
  } finally {
    desk.setAttribute("aria-busy", "false");
  }
}

const root = document.getElementById("app");
if (root) void start(root);
