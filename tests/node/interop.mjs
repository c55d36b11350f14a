// Unmodified npm Yjs clients (yjs 13.6 + y-websocket 3 over `ws`) against a real `caucus serve`.
//
// Driven by tests/it/sync.rs:  node interop.mjs --url ws://127.0.0.1:PORT --workshop ID
// Prints one JSON object per line on stdout. When it prints {"event":"restart"} the driver kills
// the relay, starts it again on the same data directory and port, and writes "restarted" on
// stdin. The last line is {"event":"done", ...} with the converged draft for the driver to
// compare with `caucus show`. Any failure: a message on stderr and exit code 1.
//
// Scenario: three clients edit the draft (Y.XmlFragment `body` of `para` elements, Y.Map `meta`)
// and the notes (Y.Map `clients`) concurrently; one drops its connection abruptly (its awareness
// must be removed by the relay) and edits offline, then reconnects; all disconnect, the relay is
// restarted, a fourth client joins first and must get everything from the relay's disk; then
// everyone reconnects (one with an edit made while the relay was down) and all end identical.

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { createInterface } from 'node:readline'

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), [])
)
const URL = args.url
const WS = args.workshop
if (!URL || !WS) {
  console.error('usage: node interop.mjs --url ws://HOST:PORT --workshop ID')
  process.exit(2)
}
const TIMEOUT_MS = Number(args.timeout ?? 15000)

const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const log = (msg) => process.stderr.write(`interop: ${msg}\n`)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until `pred()` holds, polling; throws with `what` and a diagnostic after the timeout. */
async function until (what, pred, diag = () => '') {
  const start = Date.now()
  while (!pred()) {
    if (Date.now() - start > TIMEOUT_MS) throw new Error(`timed out waiting for ${what} ${diag()}`)
    await sleep(15)
  }
}

const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()

// --- a client: the draft and the notes of the workshop, each a room ------------------------------

function client (name) {
  const draft = new Y.Doc({ gc: false }) // the draft keeps its history (DESIGN §2)
  const notes = new Y.Doc()
  const opts = { WebSocketPolyfill: WebSocket, disableBc: true, maxBackoffTime: 400 }
  const c = {
    name,
    draft,
    notes,
    pd: new WebsocketProvider(URL, `${WS}/draft`, draft, opts),
    pn: new WebsocketProvider(URL, `${WS}/notes`, notes, opts),
    closes: []
  }
  for (const p of [c.pd, c.pn]) p.on('connection-close', (e) => e && c.closes.push(e.code))
  c.pd.awareness.setLocalState({ user: { name } })
  return c
}

const synced = (c) => c.pd.synced && c.pn.synced
const body = (c) => c.draft.getXmlFragment('body')
const meta = (c) => c.draft.getMap('meta')
const sv = (doc) => Buffer.from(Y.encodeStateVector(doc)).toString('base64')

/** The draft as plain values: meta and each paragraph's attributes and text. */
function view (c) {
  const paragraphs = body(c).toArray()
    .filter((n) => n instanceof Y.XmlElement)
    .map((el) => {
      const text = el.toArray().filter((n) => n instanceof Y.XmlText)
        .map((t) => t.toDelta().map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('')).join('')
      return { id: el.getAttribute('id'), kind: el.getAttribute('kind'), text }
    })
  return { meta: meta(c).toJSON(), paragraphs, clients: c.notes.getMap('clients').toJSON() }
}

/** Everything that must be identical across clients. */
const fingerprint = (c) => JSON.stringify([sv(c.draft), sv(c.notes), view(c), body(c).toJSON()])

async function converged (what, clients) {
  await until(what, () => clients.every(synced) && new Set(clients.map(fingerprint)).size === 1,
    () => JSON.stringify(clients.map((c) => ({ name: c.name, synced: synced(c), view: view(c) }))))
}

function addPara (c, id, kind, text) {
  const el = new Y.XmlElement('para')
  el.setAttribute('id', id)
  el.setAttribute('kind', kind)
  el.setAttribute('level', 0)
  const t = new Y.XmlText()
  t.insert(0, text)
  el.insert(0, [t])
  body(c).insert(body(c).length, [el])
}

function paraText (c, id) {
  const el = body(c).toArray().find((n) => n instanceof Y.XmlElement && n.getAttribute('id') === id)
  if (!el) throw new Error(`${c.name} has no paragraph ${id}`)
  return el.toArray().find((n) => n instanceof Y.XmlText)
}

/** Drops the connections abruptly (no goodbye), as a lost network does. */
function cut (c) {
  for (const p of [c.pd, c.pn]) {
    p.shouldConnect = false
    if (p.ws) p.ws.terminate()
  }
}

const reconnect = (c) => { c.pd.connect(); c.pn.connect() }
const disconnect = (c) => { c.pd.disconnect(); c.pn.disconnect() }
const destroy = (c) => { c.pd.destroy(); c.pn.destroy() }

async function main () {
  // A room that does not exist is refused for good (4404: y-websocket does not reconnect).
  const stray = new WebsocketProvider(URL, `${WS}/minutes`, new Y.Doc(),
    { WebSocketPolyfill: WebSocket, disableBc: true })
  const strayClosed = new Promise((resolve) => stray.on('closed', (e) => resolve(e.code)))

  const [a, b, c] = ['A', 'B', 'C'].map(client)
  await until('three clients synced', () => [a, b, c].every(synced))
  const initial = view(a)
  if (initial.paragraphs.length === 0) throw new Error('the relay sent no draft: ' + JSON.stringify(initial))
  emit({ event: 'synced', paragraphs: initial.paragraphs.length })

  const strayCode = await Promise.race([strayClosed, sleep(TIMEOUT_MS).then(() => 'timeout')])
  if (strayCode !== 4404) throw new Error(`unknown room closed with ${strayCode}, want 4404`)
  stray.destroy()

  // Awareness: every client sees the other two.
  await until('awareness of all three', () => [a, b, c].every((x) => x.pd.awareness.getStates().size === 3))

  // Concurrent edits from three clients, no waiting in between.
  a.draft.transact(() => addPara(a, 'p-node-a1', 'preamble', 'RECALLING Decision 17.D on wildlife cybercrime;'))
  b.draft.transact(() => addPara(b, 'p-node-b1', 'operative', 'URGES Parties to strengthen legislation;'))
  c.draft.transact(() => {
    meta(c).set('title', 'Combating wildlife cybercrime')
    addPara(c, 'p-node-c1', 'operative', 'DIRECTS the Secretariat to report at SC70;')
  })
  for (const x of [a, b, c]) x.notes.getMap('clients').set(String(x.draft.clientID), `m-node-${x.name.toLowerCase()}`)
  await converged('concurrent edits', [a, b, c])
  emit({ event: 'concurrent', paragraphs: view(a).paragraphs.length })

  // C's network drops: the relay must tell the others that C left.
  const cClient = c.draft.clientID
  cut(c)
  await until("C's awareness removed by the relay", () => !a.pd.awareness.getStates().has(cClient) && !b.pd.awareness.getStates().has(cClient))

  // Edits while C is offline, on both sides, some in the same paragraph.
  c.draft.transact(() => paraText(c, 'p-node-b1').insert('URGES Parties to strengthen'.length, ' and enforce'))
  c.draft.transact(() => meta(c).set('meeting', 'Seventieth meeting of the Standing Committee'))
  a.draft.transact(() => {
    const t = paraText(a, 'p-node-b1')
    t.insert(0, '[')
    t.insert(t.length, ']')
  })
  b.draft.transact(() => paraText(b, 'p-node-a1').insert(0, 'Côte d’Ivoire: '))
  await sleep(100)
  reconnect(c)
  await converged('offline edits after reconnect', [a, b, c])
  const expectB1 = '[URGES Parties to strengthen and enforce legislation;]'
  if (view(a).paragraphs.find((p) => p.id === 'p-node-b1').text !== expectB1) {
    throw new Error('merged text: ' + JSON.stringify(view(a).paragraphs))
  }
  emit({ event: 'offline-merged' })

  // Everyone leaves; the relay restarts; A edits while the relay is down.
  for (const x of [a, b, c]) disconnect(x)
  const beforeRestart = fingerprint(a)
  emit({ event: 'restart' })
  const answer = await stdinLines.next()
  if (answer.done || answer.value.trim() !== 'restarted') throw new Error(`driver answered ${JSON.stringify(answer.value)}`)
  a.draft.transact(() => addPara(a, 'p-node-a2', 'operative', 'ENCOURAGES Parties to share information;'))

  // A new client joins first: everything it gets comes from the relay's disk.
  const d = client('D')
  await until('D synced after the restart', () => synced(d))
  await until('D has what was there before the restart', () => {
    const v = JSON.parse(beforeRestart)
    return JSON.stringify([sv(d.draft), sv(d.notes), view(d), body(d).toJSON()]) === JSON.stringify(v)
  }, () => JSON.stringify(view(d)))
  emit({ event: 'restored-from-disk' })

  for (const x of [a, b, c]) reconnect(x)
  await converged('all four after the restart', [a, b, c, d])
  if (!view(d).paragraphs.some((p) => p.id === 'p-node-a2')) throw new Error('D lacks the edit made while the relay was down')

  const final = view(d)
  const hex = (doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex')
  emit({ event: 'done', draftStateVector: hex(d.draft), notesStateVector: hex(d.notes), meta: final.meta, paragraphs: final.paragraphs, clients: final.clients })
  for (const x of [a, b, c, d]) destroy(x)
}

main().then(
  () => process.exit(0),
  (e) => {
    log(e && e.stack ? e.stack : String(e))
    process.exit(1)
  }
)
