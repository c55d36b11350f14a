// The one-line status under a form or action: pending, done, or failed with the error's code.

import { el } from "./dom";

export type StatusKind = "ok" | "error" | "pending";

export function setStatus(node: HTMLElement, kind: StatusKind, message: string, code?: string): void {
  node.className = `form-status form-status-${kind}`;
  node.replaceChildren(document.createTextNode(message));
  if (code) {
    node.dataset.code = code;
    node.append(el("span", "error-code", ` (${code})`));
  } else {
    delete node.dataset.code;
  }
}
