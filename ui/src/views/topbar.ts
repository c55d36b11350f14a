// The slim bar above the page: app name, the workshop's document symbol, its access mode, and
// the Export… action.

import type { DraftMeta } from "../ipc";
import { el } from "./dom";

export interface TopBarActions {
  /** Opens the export dialog; `opener` gets the focus back when it closes. */
  export(opener: HTMLElement): void;
}

export function renderTopBar(meta: DraftMeta | null, actions?: TopBarActions): HTMLElement {
  const bar = el("header", "topbar", undefined, { role: "banner" });
  bar.append(el("span", "brand", "Caucus"));
  if (meta) {
    bar.append(el("span", "workshop-symbol", meta.symbol), el("span", "workshop-meeting", meta.meeting));
  }
  const end = el("div", "topbar-end");
  end.append(
    el("span", "badge badge-readonly", "Read-only", {
      title: "This view shows the draft; editing arrives with the collaborative editor.",
    }),
  );
  if (actions) {
    const exportButton = el("button", "button button-bar", "Export…", {
      type: "button",
      "data-action": "export",
      "aria-haspopup": "dialog",
    });
    exportButton.addEventListener("click", () => actions.export(exportButton));
    end.append(exportButton);
  }
  bar.append(end);
  return bar;
}
