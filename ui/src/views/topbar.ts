// The slim bar above the page: app name, the workshop's document symbol, and its access mode.

import type { DraftMeta } from "../ipc";
import { el } from "./dom";

export function renderTopBar(meta: DraftMeta | null): HTMLElement {
  const bar = el("header", "topbar", undefined, { role: "banner" });
  bar.append(el("span", "brand", "Caucus"));
  if (meta) {
    bar.append(el("span", "workshop-symbol", meta.symbol), el("span", "workshop-meeting", meta.meeting));
  }
  bar.append(
    el("span", "badge badge-readonly", "Read-only", {
      title: "This view shows the draft; editing arrives with the collaborative editor.",
    }),
  );
  return bar;
}
