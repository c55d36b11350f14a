// Unmodified npm Yjs clients (yjs 13.6 + y-websocket 3 over `ws`) connecting to a real Caucus
// relay with invitation tokens, and one attempted change at a time: shared by forgery.mjs and
// stage.mjs.

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const TIMEOUT_MS = 15000

/** Clients for `cfg` ({url, workshop, tokens: {who: token}}). */
export function clients (cfg) {
  const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

  async function until (what, pred) {
    const start = Date.now()
    while (!pred()) {
      if (Date.now() - start > TIMEOUT_MS) throw new Error(`timed out waiting for ${what}`)
      await sleep(10)
    }
  }

  /** A connection of `who` to `doc`'s room, synced. */
  async function connect (who, doc) {
    const ydoc = new Y.Doc({ gc: doc !== 'draft' })
    const closes = []
    const provider = new WebsocketProvider(cfg.url, `${cfg.workshop}/${doc}`, ydoc, {
      WebSocketPolyfill: WebSocket,
      disableBc: true,
      params: { token: cfg.tokens[who] },
      maxBackoffTime: 60000
    })
    provider.on('connection-close', (e) => e && closes.push({ code: e.code, reason: String(e.reason) }))
    await until(`${who} synced to ${doc}`, () => provider.synced || closes.length > 0)
    if (closes.length) throw new Error(`${who} refused on ${doc}: ${JSON.stringify(closes)}`)
    return { ydoc, provider, closes }
  }

  const has = (doc, client, clock) => (Y.decodeStateVector(Y.encodeStateVector(doc)).get(client) ?? 0) >= clock

  /** `who` makes `change` on `doc`; reports whether the relay closed the connection or forwarded it. */
  async function attempt (name, who, doc, change) {
    const watcher = await connect('chair', doc)
    const writer = await connect(who, doc)
    writer.ydoc.transact(() => change(writer.ydoc))
    const client = writer.ydoc.clientID
    const clock = Y.decodeStateVector(Y.encodeStateVector(writer.ydoc)).get(client) ?? 0
    await until(`${name}: a verdict`, () => writer.closes.length > 0 || (clock > 0 && has(watcher.ydoc, client, clock)))
    if (writer.closes.length) {
      emit({ case: name, outcome: 'closed', ...writer.closes[0] })
    } else {
      emit({ case: name, outcome: 'forwarded' })
    }
    writer.provider.destroy()
    watcher.provider.destroy()
  }

  const map = (doc, name) => doc.getMap(name)
  function thread (doc, id, fields) {
    const m = new Y.Map()
    map(doc, 'threads').set(id, m)
    for (const [k, v] of Object.entries({ created: '2026-11-27T12:00:00Z', quote: 'act', para: '', resolved: false, ...fields })) m.set(k, v)
    m.set('replies', new Y.Array())
  }
  const body = (doc) => doc.getXmlFragment('body')
  function para (doc, tag, attrs, text, marks) {
    const el = new Y.XmlElement(tag)
    body(doc).insert(body(doc).length, [el])
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v)
    const t = new Y.XmlText()
    el.insert(0, [t])
    t.insert(0, text, marks)
  }
  return { emit, until, connect, attempt, map, thread, body, para }
}
