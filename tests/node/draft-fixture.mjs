// An unmodified npm Yjs client (yjs + y-websocket over `ws`) that writes into, or reads, a workshop's
// draft through a real `caucus serve --open` relay: used by the end-to-end tests (tests/e2e/) to
// prepare a data directory the way a peer would have written it, and to read back what the store
// holds after the app ran on it. Imported as a module (its packages resolve in tests/node/).

import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as Y from 'yjs'

export { Y }

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until `pred()` holds (polling), failing with `what` after `timeoutMs`. */
async function until (what, pred, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`draft-fixture: ${what} not within ${timeoutMs} ms`)
    await sleep(20)
  }
}

/**
 * Closes a provider and its awareness: y-websocket's `destroy` leaves the awareness's timer (a
 * 3 s interval of y-protocols) running, which would keep this process alive after its test.
 */
function close (provider) {
  provider.destroy()
  provider.awareness.destroy()
}

/** A draft client of room `<workshop>/draft`, synced with the relay. */
async function connect (url, workshop) {
  const doc = new Y.Doc({ gc: false }) // the draft keeps its history (DESIGN §2)
  const provider = new WebsocketProvider(url, `${workshop}/draft`, doc, { WebSocketPolyfill: WebSocket, disableBc: true })
  const closes = []
  provider.on('connection-close', (e) => e && closes.push(e.code))
  try {
    await until(`sync with ${url}/${workshop}/draft (closes: ${closes.join(', ')})`, () => provider.synced)
  } catch (err) {
    close(provider)
    throw err
  }
  return { doc, provider }
}

/** Whether document `b` has everything `a` has: every client's changes and every deletion. */
function covers (b, a) {
  const [sa, sb] = [Y.snapshot(a), Y.snapshot(b)]
  for (const [client, clock] of sa.sv) if ((sb.sv.get(client) ?? 0) < clock) return false
  for (const [client, deletions] of sa.ds.clients) {
    for (const { clock, len } of deletions) {
      for (let c = clock; c < clock + len; c++) if (!Y.isDeleted(sb.ds, Y.createID(client, c))) return false
    }
  }
  return true
}

/**
 * Connects to the draft, runs `edit(Y, doc)` on it, and returns once the relay holds the edit: a
 * second, fresh client that connects afterwards receives all of it from the relay (which answers a
 * newcomer from what it committed).
 */
export async function editDraft (url, workshop, edit) {
  const writer = await connect(url, workshop)
  try {
    edit(Y, writer.doc)
    for (let attempt = 0; ; attempt++) {
      const reader = await connect(url, workshop)
      const done = covers(reader.doc, writer.doc)
      close(reader.provider)
      if (done) return
      if (attempt >= 200) throw new Error('draft-fixture: the relay never had the edit')
      await sleep(50)
    }
  } finally {
    close(writer.provider)
  }
}

/** The draft as the relay serves it: { doc (a Y.Doc), snapshot (Y.Snapshot) }. */
export async function readDraft (url, workshop) {
  const { doc, provider } = await connect(url, workshop)
  close(provider)
  return { doc, snapshot: Y.snapshot(doc) }
}

/**
 * The update that `edit(Y, doc)` makes to the draft as the relay serves it (v1): for content that
 * no endpoint of this version accepts from a peer, written into a stopped device's store by
 * tests/tools/store_append.py.
 */
export async function draftEdit (url, workshop, edit) {
  const { doc } = await readDraft(url, workshop)
  const before = Y.encodeStateVector(doc)
  edit(Y, doc)
  return Y.encodeStateAsUpdate(doc, before)
}
