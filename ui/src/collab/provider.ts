// One Yjs document of the webview kept in sync with the core over the IPC byte pipe: the y-protocols
// sync messages (step 1, step 2, update) and, for the draft, awareness — as raw bytes, never JSON.
//
// Outgoing frames are queued and sent one batch at a time, in order; a batch's promise resolves
// once the core has committed every update in it, which is when an edit counts as saved.
//
// Opening a workshop never edits it: until `arm()` (the window's first user input), a change of the
// local document is not sent but held and counted (`held`), and the provider sends no sync frame
// after it (they would carry it, and later updates depend on it): a defect made visible as the
// error `collab.write_on_load` instead of an edit nobody typed reaching the core and every peer.

import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import type * as Y from "yjs";

import { collabOpen, collabSend, IpcError, type CollabDoc, type IpcErrorBody } from "../ipc";
import { pack, unpack } from "./wire";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;
/** Shortest time between two announcements of this window's caret and selection. */
const AWARENESS_INTERVAL_MS = 200;

export interface SaveState {
  /** Local updates sent or queued whose commit the core has not confirmed yet. */
  pending: number;
  error: IpcErrorBody | null;
  /** Local updates sent to the core since the document was opened. */
  sent: number;
  /** Local updates made before any user input, held back (never sent): always 0 unless a defect. */
  held: number;
}

/** The code of the error a change made before any user input is reported with. */
export const WRITE_ON_LOAD = "collab.write_on_load";

function errorBody(err: unknown): IpcErrorBody {
  if (err instanceof IpcError) return { code: err.code, message: err.message };
  return { code: "ipc_unexpected", message: String(err) };
}

export class CoreProvider {
  readonly doc: Y.Doc;
  readonly name: CollabDoc;
  readonly awareness: awarenessProtocol.Awareness | null;
  /** Resolves when the core's answer to our sync step 1 arrived. */
  readonly synced: Promise<void>;
  #resolveSynced: () => void = () => {};
  /** Frames to send; `sync` frames (step 1/2, updates) are never sent after a held change. */
  #queue: { frame: Uint8Array; update: boolean; sync: boolean }[] = [];
  #sending = false;
  #pending = 0;
  #sent = 0;
  #held = 0;
  #armed = false;
  #error: IpcErrorBody | null = null;
  #destroyed = false;
  #listeners = new Set<(s: SaveState) => void>();

  constructor(doc: Y.Doc, name: CollabDoc, awareness: awarenessProtocol.Awareness | null) {
    this.doc = doc;
    this.name = name;
    this.awareness = awareness;
    this.synced = new Promise((resolve) => {
      this.#resolveSynced = resolve;
    });
    doc.on("update", this.#onUpdate);
    awareness?.on("update", this.#onAwareness);
  }

  /** Opens the pipe and starts the sync handshake. */
  async connect(): Promise<void> {
    try {
      await collabOpen(this.name, this.doc.clientID, (batch) => this.#onBatch(batch));
    } catch (err) {
      // The core refuses a client id that already writes for another member: take a new one.
      if (err instanceof IpcError && err.code === "input.invalid" && this.doc.store.clients.size === 0) {
        this.doc.clientID = Math.floor(Math.random() * 0xffffffff);
        await collabOpen(this.name, this.doc.clientID, (batch) => this.#onBatch(batch));
      } else {
        throw err;
      }
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.#enqueue(encoding.toUint8Array(encoder), false, true);
    if (this.awareness) {
      this.#enqueue(this.#awarenessFrame([this.doc.clientID]), false);
    }
  }

  onSaveState(listener: (s: SaveState) => void): () => void {
    this.#listeners.add(listener);
    listener(this.saveState());
    return () => this.#listeners.delete(listener);
  }

  saveState(): SaveState {
    return { pending: this.#pending, error: this.#error, sent: this.#sent, held: this.#held };
  }

  /** From now on, local changes are someone's edits and are sent (unless one was held before). */
  arm(): void {
    this.#armed = true;
  }

  destroy(): void {
    this.#destroyed = true;
    this.doc.off("update", this.#onUpdate);
    this.awareness?.off("update", this.#onAwareness);
    this.#listeners.clear();
  }

  #onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || this.#destroyed) return;
    if (!this.#armed || this.#held > 0) {
      this.#held += 1;
      this.#queue = this.#queue.filter((q) => !q.sync);
      console.warn("collab: a local change before any user input was held back", { doc: this.name, held: this.#held });
      this.#fail({
        code: WRITE_ON_LOAD,
        message:
          "This window changed the draft while opening it, without any typing. The change was not sent and nothing of it was saved; reopen the workshop.",
      });
      return;
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.#enqueue(encoding.toUint8Array(encoder), true, true);
  };

  #onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === this || this.#destroyed) return;
    const mine = [...added, ...updated, ...removed].some((c) => c === this.doc.clientID);
    if (!mine) return;
    // A caret moves with every keystroke, and every peer redraws it: announce at most one state
    // per AWARENESS_INTERVAL_MS (the first at once, the newest at the end of the interval).
    if (this.#awarenessTimer !== null) {
      this.#awarenessDue = true;
      return;
    }
    this.#enqueue(this.#awarenessFrame([this.doc.clientID]), false);
    const tick = (): void => {
      if (this.#awarenessDue && !this.#destroyed) {
        this.#awarenessDue = false;
        this.#enqueue(this.#awarenessFrame([this.doc.clientID]), false);
        this.#awarenessTimer = window.setTimeout(tick, AWARENESS_INTERVAL_MS);
      } else {
        this.#awarenessTimer = null;
      }
    };
    this.#awarenessTimer = window.setTimeout(tick, AWARENESS_INTERVAL_MS);
  };
  #awarenessTimer: number | null = null;
  #awarenessDue = false;

  #awarenessFrame(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness!, clients));
    return encoding.toUint8Array(encoder);
  }

  #onBatch(batch: Uint8Array): void {
    if (this.#destroyed) return;
    let frames: Uint8Array[];
    try {
      frames = unpack(batch);
    } catch (err) {
      this.#fail({ code: "sync.malformed", message: String(err) });
      return;
    }
    for (const frame of frames) this.#onFrame(frame);
  }

  #onFrame(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const kind = decoding.readVarUint(decoder);
    switch (kind) {
      case MESSAGE_SYNC: {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        const type = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
        if (encoding.length(encoder) > 1) this.#enqueue(encoding.toUint8Array(encoder), false, true);
        if (type === syncProtocol.messageYjsSyncStep2) this.#resolveSynced();
        break;
      }
      case MESSAGE_AWARENESS:
        if (this.awareness) {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
        }
        break;
      case MESSAGE_QUERY_AWARENESS:
        if (this.awareness) {
          const clients = Array.from(this.awareness.getStates().keys());
          this.#enqueue(this.#awarenessFrame(clients), false);
        }
        break;
      case MESSAGE_AUTH:
        this.#fail({ code: "sync.forbidden", message: decoding.readVarString(decoder) });
        break;
      default:
        break;
    }
  }

  #enqueue(frame: Uint8Array, update: boolean, sync = false): void {
    if (this.#destroyed || (sync && this.#held > 0)) return;
    this.#queue.push({ frame, update, sync });
    if (update) {
      this.#pending += 1;
      this.#emit();
    }
    if (!this.#sending) queueMicrotask(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    try {
      while (this.#queue.length > 0 && !this.#destroyed) {
        const batch = this.#queue.splice(0);
        const updates = batch.filter((b) => b.update).length;
        try {
          await collabSend(this.name, pack(batch.map((b) => b.frame)));
          this.#sent += updates;
          if (this.#held === 0) this.#error = null;
        } catch (err) {
          // The core refused the batch (nothing of the refused frame was saved).
          this.#fail(errorBody(err));
        }
        this.#pending = Math.max(0, this.#pending - updates);
        this.#emit();
      }
    } finally {
      this.#sending = false;
    }
  }

  #fail(error: IpcErrorBody): void {
    this.#error = error;
    this.#emit();
  }

  #emit(): void {
    const state = this.saveState();
    for (const l of this.#listeners) l(state);
  }
}
