// The webview's collaboration session with the core for the open workshop: the draft and notes Yjs
// documents (the core is the hub that saves them and syncs them with peers) and the draft's awareness.

import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";

import type { WorkshopInfo } from "../ipc";
import { CoreProvider, type SaveState } from "./provider";

export interface CollabSession {
  /** The draft (no garbage collection: its history rebuilds milestones, DESIGN §2). */
  draft: Y.Doc;
  notes: Y.Doc;
  /** Presence on the draft: carets, selections and names of everyone connected. */
  awareness: Awareness;
  /** Both documents received the core's state. */
  readonly synced: Promise<void>;
  /** Both documents' save states, summed (the first error). */
  onSaveState(cb: (s: SaveState) => void): () => void;
  /** The window's first user input happened: local changes from now on are edits (provider.ts). */
  arm(): void;
  destroy(): void;
}

export async function openCollab(info: WorkshopInfo): Promise<CollabSession> {
  const draft = new Y.Doc({ gc: false });
  const notes = new Y.Doc();
  const awareness = new Awareness(draft);
  const providers = [new CoreProvider(info.id, draft, "draft", awareness), new CoreProvider(info.id, notes, "notes", null)];
  await Promise.all(providers.map((p) => p.connect()));
  const synced = Promise.all(providers.map((p) => p.synced)).then(() => undefined);
  return {
    draft,
    notes,
    awareness,
    synced,
    onSaveState(cb) {
      const states = providers.map((p) => p.saveState());
      const emit = (): void =>
        cb({
          pending: states.reduce((n, s) => n + s.pending, 0),
          error: states.find((s) => s.error)?.error ?? null,
          sent: states.reduce((n, s) => n + s.sent, 0),
          held: states.reduce((n, s) => n + s.held, 0),
        });
      const offs = providers.map((p, i) =>
        p.onSaveState((s) => {
          states[i] = s;
          emit();
        }),
      );
      return () => offs.forEach((off) => off());
    },
    arm() {
      for (const p of providers) p.arm();
    },
    destroy() {
      awareness.setLocalState(null);
      for (const p of providers) p.destroy();
      awareness.destroy();
      draft.destroy();
      notes.destroy();
    },
  };
}
