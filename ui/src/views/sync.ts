// The sync status of the top bar (always visible) and its popover: the relay and its state,
// work offline / connect, another relay's address, relays found on this network, peers with the
// time they last had everything.

import type { IpcErrorBody, LanHost, Peer, SyncStatus } from "../ipc";
import { errorText, t } from "../i18n";
import { el } from "./dom";
import { toErrorBody } from "./error";
import { formatDateTime, formatRelative } from "./format";
import { setStatus, type StatusKind } from "./status";

export interface SyncActions {
  /** Connects to `relay`, or to the workshop's known relay when null. */
  goOnline(relay: string | null): Promise<SyncStatus>;
  goOffline(): Promise<SyncStatus>;
  /** Relays on the local network hosting this workshop, found within about `seconds`. */
  lanPeers(seconds: number): Promise<Peer[]>;
  /** Starts or stops hosting this device's workshops for peers on the local network. */
  lanHost(enable: boolean): Promise<LanHost>;
  lanHostStatus(): Promise<LanHost>;
}

/** The state's short name (`sync-state-*` in the catalogue). */
const stateLabel = (state: SyncStatus["state"]): string => t(`sync-state-${state}`);

/** How long "Find on this network" listens for mDNS answers. */
const LAN_SECONDS = 3;

export class SyncPanel {
  readonly element: HTMLElement;
  readonly #actions: SyncActions;
  readonly #button: HTMLButtonElement;
  readonly #label: HTMLElement;
  readonly #unacked: HTMLElement;
  readonly #popover: HTMLElement;
  readonly #summary: HTMLElement;
  readonly #lastError: HTMLElement;
  readonly #toggle: HTMLButtonElement;
  readonly #toggleNote: HTMLElement;
  readonly #relayInput: HTMLInputElement;
  readonly #relaySubmit: HTMLButtonElement;
  readonly #actionStatus: HTMLElement;
  readonly #peers: HTMLElement;
  readonly #lanButton: HTMLButtonElement;
  readonly #lanList: HTMLElement;
  readonly #hostToggle: HTMLInputElement;
  readonly #hostNote: HTMLElement;
  #status: SyncStatus | null = null;
  #busy = false;
  #ticker: number | null = null;
  #lanGeneration = 0;

  constructor(actions: SyncActions) {
    this.#actions = actions;
    this.element = el("div", "sync");
    this.#button = el("button", "sync-status", undefined, {
      type: "button",
      "data-testid": "sync-status",
      "aria-haspopup": "dialog",
      "aria-expanded": "false",
      "aria-controls": "sync-popover",
    });
    this.#label = el("span", "sync-label", t("sync-label"));
    this.#unacked = el("span", "sync-unacked");
    this.#unacked.hidden = true;
    this.#button.append(el("span", "sync-dot", undefined, { "aria-hidden": "true" }), this.#label, this.#unacked);
    this.#button.addEventListener("click", () => (this.isOpen ? this.close(true) : this.open()));

    this.#popover = el("section", "sync-popover", undefined, {
      id: "sync-popover",
      role: "dialog",
      "aria-labelledby": "sync-popover-title",
      "data-testid": "sync-popover",
    });
    this.#popover.hidden = true;

    this.#summary = el("p", "sync-summary", undefined, { "data-testid": "sync-summary" });
    this.#lastError = el("p", "sync-last-error");
    this.#lastError.hidden = true;
    this.#toggle = el("button", "button button-primary", t("sync-work-offline"), { type: "button", "data-testid": "sync-toggle" });
    this.#toggle.addEventListener("click", () => void this.#onToggle());
    this.#toggleNote = el("p", "field-note");

    const relayForm = el("form", "sync-relay-form", undefined, { novalidate: "" });
    this.#relayInput = el("input", "text-input", undefined, {
      id: "sync-relay-url",
      name: "relay",
      type: "url",
      autocomplete: "off",
      spellcheck: "false",
      placeholder: "wss://relay.example.org:4433",
      "data-testid": "sync-relay-url",
    });
    this.#relaySubmit = el("button", "button", t("sync-connect"), { type: "submit", "data-testid": "sync-relay-connect" });
    const relayRow = el("div", "inline-row");
    relayRow.append(this.#relayInput, this.#relaySubmit);
    relayForm.append(el("label", "field-label", t("sync-other-relay"), { for: "sync-relay-url" }), relayRow);
    relayForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const url = this.#relayInput.value.trim();
      if (!url) {
        this.#setActionStatus("error", t("sync-needs-relay"));
        this.#relayInput.focus();
        return;
      }
      void this.#run(t("sync-connecting-to", { relay: url }), () => this.#actions.goOnline(url)).then((ok) => {
        if (ok) this.#relayInput.value = "";
      });
    });

    this.#actionStatus = el("p", "form-status", undefined, { role: "status", "aria-live": "polite" });

    this.#peers = el("div", "sync-peers");
    this.#lanButton = el("button", "button button-small", t("sync-lan-find"), {
      type: "button",
      "data-testid": "lan-find",
    });
    this.#lanButton.addEventListener("click", () => void this.#findLan());
    this.#lanList = el("div", "sync-lan", undefined, { "aria-live": "polite" });

    const head = el("div", "sync-head");
    head.append(el("h2", "popover-title", t("sync-title"), { id: "sync-popover-title" }));
    const close = el("button", "icon-button", "×", { type: "button", "aria-label": t("sync-close") });
    close.addEventListener("click", () => this.close(true));
    head.append(close);

    const lanHead = el("div", "sync-section-head");
    lanHead.append(el("h3", "sync-section-title", t("sync-lan-title")), this.#lanButton);

    this.#hostToggle = el("input", undefined, undefined, { type: "checkbox", id: "sync-host", "data-testid": "lan-host" });
    this.#hostToggle.addEventListener("change", () => void this.#setHosting(this.#hostToggle.checked));
    const hostLabel = el("label", "sync-host", undefined, { for: "sync-host" });
    hostLabel.append(this.#hostToggle, el("span", undefined, ` ${t("sync-host")}`));
    this.#hostNote = el("p", "field-note", undefined, { "aria-live": "polite", "data-testid": "lan-host-note" });

    this.#popover.append(
      head,
      this.#summary,
      this.#lastError,
      this.#toggle,
      this.#toggleNote,
      relayForm,
      this.#actionStatus,
      el("h3", "sync-section-title", t("sync-peers")),
      this.#peers,
      lanHead,
      this.#lanList,
      hostLabel,
      this.#hostNote,
    );
    this.element.append(this.#button, this.#popover);

    this.#popover.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        this.close(true);
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.isOpen) this.close(true);
    });
    document.addEventListener("pointerdown", (event) => {
      if (this.isOpen && event.target instanceof Node && !this.element.contains(event.target)) this.close(false);
    });
    this.#renderPeers();
  }

  get isOpen(): boolean {
    return !this.#popover.hidden;
  }

  open(): void {
    this.#popover.hidden = false;
    void this.#actions.lanHostStatus().then(
      (h) => this.#showHosting(h),
      () => undefined,
    );
    this.#button.setAttribute("aria-expanded", "true");
    this.#renderPeers();
    // Relative times ("2 min ago") move on while the popover is open.
    this.#ticker ??= window.setInterval(() => this.#renderPeers(), 30_000);
    this.#toggle.focus();
  }

  close(returnFocus: boolean): void {
    if (!this.isOpen) return;
    this.#popover.hidden = true;
    this.#button.setAttribute("aria-expanded", "false");
    if (this.#ticker !== null) {
      window.clearInterval(this.#ticker);
      this.#ticker = null;
    }
    if (returnFocus) this.#button.focus();
  }

  /** A new workshop: forget the last one's status, peers and search. */
  reset(): void {
    this.#status = null;
    this.#lanGeneration += 1;
    this.#lanList.replaceChildren();
    this.#lanButton.disabled = false;
    this.#relayInput.value = "";
    this.#setActionStatus("ok", "");
    delete this.#button.dataset.state;
    delete this.#button.dataset.unacked;
    delete this.#button.dataset.code;
    this.#label.textContent = t("sync-label");
    this.#button.title = "";
    this.#unacked.hidden = true;
    this.#renderDetails();
  }

  /** The status could not be watched: say so in the bar, with the code. */
  showWatchError(error: IpcErrorBody): void {
    this.#status = null;
    delete this.#button.dataset.state;
    this.#button.dataset.code = error.code;
    this.#label.textContent = t("sync-unavailable");
    this.#button.title = t("error-with-code", { message: errorText(error), code: error.code });
    this.#unacked.hidden = true;
    this.#summary.textContent = t("sync-watch-failed", { message: errorText(error), code: error.code });
  }

  update(status: SyncStatus): void {
    // A command's answer may arrive after a newer status was pushed: keep the newer one.
    if (this.#status !== null && status.seq < this.#status.seq) return;
    this.#status = status;
    this.#button.dataset.state = status.state;
    this.#button.dataset.unacked = String(status.unacknowledged);
    delete this.#button.dataset.code;
    this.#label.textContent = stateLabel(status.state);
    this.#unacked.hidden = status.unacknowledged === 0;
    this.#unacked.textContent = t("sync-unacked", { count: status.unacknowledged });
    this.#button.title = this.#describe(status);
    this.#button.setAttribute(
      "aria-label",
      status.unacknowledged
        ? t("sync-button-label-unacked", { state: stateLabel(status.state), count: status.unacknowledged })
        : t("sync-button-label", { state: stateLabel(status.state) }),
    );
    this.#renderDetails();
  }

  #describe(status: SyncStatus): string {
    const relay = status.relay ?? "";
    switch (status.state) {
      case "local":
        return t("sync-describe-local");
      case "offline":
        if (!relay) return t(status.offline_chosen ? "sync-describe-offline-chosen-any" : "sync-describe-offline-any");
        return t(status.offline_chosen ? "sync-describe-offline-chosen" : "sync-describe-offline", { relay });
      case "connecting":
        return relay ? t("sync-connecting-to", { relay }) : t("sync-connecting-any");
      case "synced":
        return status.unacknowledged ? t("sync-describe-sending", { relay, count: status.unacknowledged }) : t("sync-describe-synced", { relay });
    }
  }

  #renderDetails(): void {
    const status = this.#status;
    if (!status) {
      this.#summary.textContent = t("sync-reading");
      this.#lastError.hidden = true;
      this.#toggle.disabled = true;
      this.#toggleNote.textContent = "";
      this.#renderPeers();
      return;
    }
    this.#summary.replaceChildren(
      el("span", "sync-summary-state", stateLabel(status.state), { "data-state": status.state }),
      document.createTextNode(` — ${this.#describe(status)}`),
    );
    if (status.last_error && status.state !== "synced") {
      this.#lastError.hidden = false;
      this.#lastError.replaceChildren(
        document.createTextNode(`${t("sync-last-error")} `),
        el("code", "error-code", status.last_error),
      );
    } else {
      this.#lastError.hidden = true;
    }
    const connects = status.offline_chosen || status.state === "offline" || status.state === "local";
    this.#toggle.textContent = t(connects ? "sync-connect" : "sync-work-offline");
    this.#toggle.dataset.action = connects ? "connect" : "offline";
    this.#toggle.disabled = this.#busy || (connects && status.relay === null);
    this.#toggleNote.textContent =
      connects && status.relay === null
        ? t("sync-note-no-relay")
        : connects
          ? t("sync-note-connects", { relay: status.relay ?? "" })
          : t("sync-note-offline");
    this.#renderPeers();
  }

  #renderPeers(): void {
    const peers = this.#status?.peers ?? [];
    if (peers.length === 0) {
      this.#peers.replaceChildren(el("p", "panel-empty", t("sync-no-peer")));
      return;
    }
    const list = el("ul", "peer-list");
    const now = Date.now();
    for (const peer of peers) {
      const item = el("li", "peer", undefined, {
        "data-testid": "sync-peer",
        "data-kind": peer.kind,
        "data-connected": String(peer.connected),
      });
      const name = el("span", "peer-address", peer.address);
      const meta = el("span", "peer-meta");
      meta.append(
        el("span", "peer-state", t("sync-peer-state", { kind: peer.kind === "lan" ? "lan" : "relay", connected: peer.connected ? "yes" : "no" })),
      );
      if (peer.last_synced) {
        const when = el("time", "peer-synced", t("sync-peer-last-synced", { when: formatRelative(peer.last_synced, now) }), {
          datetime: peer.last_synced,
        });
        when.title = formatDateTime(peer.last_synced);
        meta.append(document.createTextNode(" · "), when);
      } else {
        meta.append(document.createTextNode(` · ${t("sync-peer-never")}`));
      }
      item.append(el("span", "sync-dot", undefined, { "aria-hidden": "true" }), name, meta);
      list.append(item);
    }
    this.#peers.replaceChildren(list);
  }

  async #onToggle(): Promise<void> {
    const status = this.#status;
    if (!status) return;
    if (this.#toggle.dataset.action === "connect") {
      await this.#run(t("sync-connecting-any"), () => this.#actions.goOnline(null));
    } else {
      await this.#run(t("sync-going-offline"), () => this.#actions.goOffline());
    }
  }

  /** Runs one connect / offline action; resolves to whether it succeeded. */
  async #run(pending: string, action: () => Promise<SyncStatus>): Promise<boolean> {
    if (this.#busy) return false;
    this.#busy = true;
    this.#toggle.disabled = true;
    this.#relaySubmit.disabled = true;
    this.#setActionStatus("pending", pending);
    try {
      const status = await action();
      this.#setActionStatus("ok", "");
      this.#busy = false;
      this.update(status);
      return true;
    } catch (err) {
      const body = toErrorBody(err);
      this.#setActionStatus("error", errorText(body), body.code);
      return false;
    } finally {
      this.#busy = false;
      this.#relaySubmit.disabled = false;
      this.#renderDetails();
    }
  }

  async #findLan(): Promise<void> {
    const generation = ++this.#lanGeneration;
    this.#lanButton.disabled = true;
    this.#lanList.replaceChildren(el("p", "panel-empty", t("sync-lan-listening")));
    try {
      const peers = await this.#actions.lanPeers(LAN_SECONDS);
      if (generation !== this.#lanGeneration) return;
      if (peers.length === 0) {
        this.#lanList.replaceChildren(
          el("p", "panel-empty", t("sync-lan-none")),
        );
        return;
      }
      const list = el("ul", "peer-list");
      for (const peer of peers) {
        const item = el("li", "peer peer-lan", undefined, { "data-testid": "lan-peer", "data-address": peer.address });
        const connect = el("button", "button button-small", t(peer.connected ? "sync-connected" : "sync-connect"), {
          type: "button",
          "aria-label": t("sync-connect-to", { relay: peer.address }),
        });
        connect.disabled = peer.connected;
        connect.addEventListener("click", () => void this.#run(t("sync-connecting-to", { relay: peer.address }), () => this.#actions.goOnline(peer.address)));
        item.append(el("span", "peer-address", peer.address), connect);
        list.append(item);
      }
      this.#lanList.replaceChildren(list);
    } catch (err) {
      if (generation !== this.#lanGeneration) return;
      const body = toErrorBody(err);
      const box = el("p", "panel-error", t("sync-lan-failed", { message: errorText(body) }), { role: "alert", "data-code": body.code });
      box.append(el("span", "error-code", ` ${t("error-code-short", { code: body.code })}`));
      this.#lanList.replaceChildren(box);
    } finally {
      if (generation === this.#lanGeneration) this.#lanButton.disabled = false;
    }
  }

  async #setHosting(enable: boolean): Promise<void> {
    this.#hostToggle.disabled = true;
    this.#hostNote.textContent = t(enable ? "sync-host-starting" : "sync-host-stopping");
    try {
      this.#showHosting(await this.#actions.lanHost(enable));
    } catch (err) {
      const body = toErrorBody(err);
      this.#hostToggle.checked = false;
      this.#hostNote.textContent = t("error-with-code", { message: errorText(body), code: body.code });
    } finally {
      this.#hostToggle.disabled = false;
    }
  }

  #showHosting(h: LanHost): void {
    this.#hostToggle.checked = h.hosting;
    this.#hostNote.textContent = h.hosting && h.url
      ? t("sync-host-on", { url: h.url, fingerprint: (h.fingerprint ?? "").slice(0, 16) })
      : t("sync-host-off");
  }

  #setActionStatus(kind: StatusKind, message: string, code?: string): void {
    setStatus(this.#actionStatus, kind, message, code);
  }
}
