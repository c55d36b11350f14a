// The one-line status under a form or action: pending, done, or failed with the error's code.

import { el } from "./dom";

export type StatusKind = "ok" | "error" | "pending";

/** An empty message clears the line (and its kind, so that no empty "ok" status lingers). */
export function setStatus(node: HTMLElement, kind: StatusKind, message: string, code?: string): void {
  node.className = message || code ? `form-status form-status-${kind}` : "form-status";
  node.replaceChildren(document.createTextNode(message));
  if (code) {
    node.dataset.code = code;
    node.append(el("span", "error-code", ` (${code})`));
  } else {
    delete node.dataset.code;
  }
}
