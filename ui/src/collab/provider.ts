// One Yjs document of the webview kept in sync with the core over the IPC byte pipe: the y-protocols
// sync messages (step 1, step 2, update) and, for the draft, awareness — as raw bytes, never JSON.
//
// Outgoing frames are queued and sent one batch at a time, in order; a batch's promise resolves
// once the core has committed every update in it, which is when an edit counts as saved.
//
// A batch the core could not save (a full disk: `store.disk_full`) leaves this document holding
// changes the core does not have. From then on the provider reports them unsaved (with the
// error) and stops sending updates: they stay in the document. The core reloads the workshop
// from disk and reopens the pipe; its sync step 1 is answered with everything it lacks (our
// step 2), and only once that answer is committed are the changes saved again. The core retries
// until a save succeeds, so nothing is lost, and Yjs ignores what it already has, so nothing is
// doubled.
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
  /**
   * Set while the document holds changes the core could not save (the first error of that
   * episode, or `store.disk_full` if any was); cleared only once they are committed.
   */
  error: IpcErrorBody | null;
  /** Local updates sent to the core since the document was opened. */
  sent: number;
  /** Local updates made before any user input, held back (never sent): always 0 unless a defect. */
  held: number;
}

/** The code of the error a change made before any user input is reported with. */
export const WRITE_ON_LOAD = "collab.write_on_load";

/** Leaving the workshop is refused: its window holds edits the core has not saved. */
export const UNSAVED = "collab.unsaved";

/**
 * Whether the core keeps trying to save what failed with `error` (a full disk, a workshop it
 * reloads from disk): the document's changes are saved once that succeeds, so nothing may drop
 * them meanwhile. Any other refusal is final: what it refused is never saved.
 */
export function savedLater(error: IpcErrorBody): boolean {
  return error.code.startsWith("store.");
}

interface Queued {
  frame: Uint8Array;
  /** A local update: counted as pending until its batch is committed. */
  update: boolean;
  /** Our answer to the core's step 1 while changes were unsaved: its commit saves them all. */
  resync: boolean;
  /** A sync frame (step 1/2, update): never sent after a held change. */
  sync: boolean;
}

/** Whether `frame` is a sync step 2 (our answer to a step 1). */
function isStep2(frame: Uint8Array): boolean {
  const decoder = decoding.createDecoder(frame);
  return decoding.readVarUint(decoder) === MESSAGE_SYNC && decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep2;
}

function errorBody(err: unknown): IpcErrorBody {
  if (err instanceof IpcError) return { code: err.code, message: err.message };
  return { code: "ipc_unexpected", message: String(err) };
}

export class CoreProvider {
  /** The workshop whose document this is: every call names it, so none lands in another. */
  readonly workshop: string;
  readonly doc: Y.Doc;
  readonly name: CollabDoc;
  readonly awareness: awarenessProtocol.Awareness | null;
  /** Resolves when the core's answer to our sync step 1 arrived. */
  readonly synced: Promise<void>;
  #resolveSynced: () => void = () => {};
  #queue: Queued[] = [];
  #sending = false;
  /** Updates in the batch being sent. */
  #inFlight = 0;
  #error: IpcErrorBody | null = null;
  /** The document holds changes the core has not committed (a save failed). */
  #unsaved = false;
  /** Unsaved, and no answer to the core's step 1 queued since: local updates are not sent. */
  #holding = false;
  #sent = 0;
  #held = 0;
  #armed = false;
  #destroyed = false;
  #listeners = new Set<(s: SaveState) => void>();

  constructor(workshop: string, doc: Y.Doc, name: CollabDoc, awareness: awarenessProtocol.Awareness | null) {
    this.workshop = workshop;
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
      await collabOpen(this.workshop, this.name, this.doc.clientID, (batch) => this.#onBatch(batch));
    } catch (err) {
      // The core refuses a client id that already writes for another member: take a new one.
      if (err instanceof IpcError && err.code === "input.invalid" && this.doc.store.clients.size === 0) {
        this.doc.clientID = Math.floor(Math.random() * 0xffffffff);
        await collabOpen(this.workshop, this.name, this.doc.clientID, (batch) => this.#onBatch(batch));
      } else {
        throw err;
      }
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.#enqueue(encoding.toUint8Array(encoder), false, { sync: true });
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
    const queued = this.#queue.reduce((n, q) => n + (q.update ? 1 : 0), 0);
    const error = this.#unsaved || this.#held > 0 ? this.#error : null;
    return { pending: this.#inFlight + queued, error, sent: this.#sent, held: this.#held };
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
      this.#error = {
        code: WRITE_ON_LOAD,
        message:
          "This window changed the draft while opening it, without any typing. The change was not sent and nothing of it was saved; reopen the workshop.",
      };
      this.#emit();
      return;
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.#enqueue(encoding.toUint8Array(encoder), true, { sync: true });
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
        if (encoding.length(encoder) > 1) {
          // The core reopened the pipe after a failed save: this answer carries every change it
          // lacks, and local updates from now on are queued behind it.
          const resync = type === syncProtocol.messageYjsSyncStep1 && this.#unsaved;
          if (resync) this.#holding = false;
          this.#enqueue(encoding.toUint8Array(encoder), false, { resync, sync: true });
          if (resync) {
            // And what the reloaded core has that we lack (peers' changes saved meanwhile).
            const ask = encoding.createEncoder();
            encoding.writeVarUint(ask, MESSAGE_SYNC);
            syncProtocol.writeSyncStep1(ask, this.doc);
            this.#enqueue(encoding.toUint8Array(ask), false, { sync: true });
          }
        }
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

  #enqueue(frame: Uint8Array, update: boolean, { resync = false, sync = false } = {}): void {
    if (this.#destroyed || (sync && this.#held > 0)) return;
    if (update && this.#holding) {
      // Kept in the document: the answer to the core's next step 1 carries it.
      this.#emit();
      return;
    }
    this.#queue.push({ frame, update, resync, sync });
    if (update) this.#emit();
    if (!this.#sending) queueMicrotask(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    try {
      while (this.#queue.length > 0 && !this.#destroyed) {
        const batch = this.#queue.splice(0);
        this.#inFlight = batch.filter((b) => b.update).length;
        try {
          await collabSend(this.workshop, this.name, pack(batch.map((b) => b.frame)));
          this.#sent += this.#inFlight;
          // Committed. After a failed save, only the answer to the core's step 1 brings the
          // core everything: updates alone may sit on changes it never got.
          if (batch.some((b) => b.resync)) this.#unsaved = false;
          if (!this.#unsaved && this.#held === 0) this.#error = null;
        } catch (err) {
          // The core refused the batch: nothing of the refused frame was saved.
          this.#unsaved = true;
          this.#fail(errorBody(err));
        }
        this.#inFlight = 0;
        this.#emit();
      }
    } finally {
      this.#sending = false;
    }
  }

  /** A batch failed: the document keeps its changes, reported unsaved until a resync commits. */
  #fail(error: IpcErrorBody): void {
    // The first error of an episode says what happened; later ones (`store.reload_required`
    // while the core reloads) only repeat it. A full disk is always worth saying.
    if (!this.#error || error.code === "store.disk_full") this.#error = error;
    this.#unsaved = true;
    const answer = this.#queue.find((q) => q.resync || (!q.update && isStep2(q.frame)));
    if (answer) {
      // An answer to the reopened pipe's step 1, computed after the refused updates were made:
      // it carries them, and is what saves them.
      answer.resync = true;
      this.#holding = false;
    } else {
      this.#holding = true;
    }
    if (this.#holding) this.#queue = this.#queue.filter((q) => !q.update);
    this.#emit();
  }

  #emit(): void {
    const state = this.saveState();
    for (const l of this.#listeners) l(state);
  }
}
