// Unmodified npm Yjs clients (yjs 13.6 + y-websocket 3 over `ws`), each with a valid invitation,
// trying every forgery of issues #16 and #17 against a real Caucus relay, then the honest versions.
//
// Driven by tests/it/rights.rs: one JSON line on stdin:
//   {url, workshop, tokens: {chair, sec, kenya, ngo}, ids: {chair, sec, kenya, chairsThread, kenyasThread, bracket}}
// Prints one JSON line per case: {case, outcome: "closed", code, reason} when the relay closed the
// writer's connection, or {case, outcome: "forwarded"} once a watcher (the chair's connection to
// the same room) received the change; then {"event":"awareness", ...} and {"event":"done"}.
// Any failure: a message on stderr and exit code 1.

import * as Y from 'yjs'
import { createInterface } from 'node:readline'
import { clients } from './attempt.mjs'

const line = await createInterface({ input: process.stdin })[Symbol.asyncIterator]().next()
const cfg = JSON.parse(line.value)
const { ids } = cfg
const { emit, until, connect, attempt, map, thread, body, para } = clients(cfg)
const bracket = (doc) => map(doc, 'brackets').get(ids.bracket)
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
const logged = (by, status) => ({ kind: 'bracket-status', by, at: now(), bracket: ids.bracket, status })

// --- forgeries ---
await attempt('thread as the chair', 'ngo', 'notes', (d) => thread(d, 'c-forged', { author: ids.chair, body: 'As chair I accept deleting paragraph 1 entirely.' }))
await attempt("editing the chair's body", 'ngo', 'notes', (d) => map(d, 'threads').get(ids.chairsThread).set('body', 'EDITED BY SOMEONE ELSE'))
await attempt("deleting the chair's thread", 'kenya', 'notes', (d) => map(d, 'threads').delete(ids.chairsThread))
await attempt("a delegate resolving the chair's thread", 'kenya', 'notes', (d) => map(d, 'threads').get(ids.chairsThread).set('resolved', true))
await attempt('a delegate marking a bracket agreed', 'kenya', 'draft', (d) => bracket(d).set('status', 'agreed'))
await attempt('a delegate adding another delegation as holder', 'kenya', 'draft', (d) => bracket(d).set('holders', ['Peru', 'Chile']))
await attempt('the Secretariat setting a status without its log entry', 'sec', 'draft', (d) => bracket(d).set('status', 'agreed'))
await attempt('the Secretariat logging a status as the chair', 'sec', 'draft', (d) => {
  bracket(d).set('status', 'agreed')
  map(d, 'log').set('l-forgedchair', logged(ids.chair, 'agreed'))
})
await attempt('a delegate logging a status change', 'kenya', 'draft', (d) => map(d, 'log').set('l-kenyalog1', logged(ids.kenya, 'agreed')))
await attempt("the Secretariat replacing the chair's key", 'sec', 'roster', (d) => map(d, 'workshop').set('chairKey', 'ab'.repeat(32)))
await attempt('the Secretariat promoting itself to chair', 'sec', 'roster', (d) => map(d, 'members').get(ids.sec).set('role', 'chair'))
await attempt('a script element', 'kenya', 'draft', (d) => para(d, 'script', {}, 'alert(1)'))
await attempt('a para of kind evil', 'kenya', 'draft', (d) => para(d, 'para', { id: 'p-evil', kind: 'evil', level: 0 }, 'Evil.'))
await attempt('a para at level 99', 'kenya', 'draft', (d) => para(d, 'para', { id: 'p-99', kind: 'text', level: 99 }, 'Deep.'))
await attempt('an unknown mark', 'kenya', 'draft', (d) => para(d, 'para', { id: 'p-blink', kind: 'text', level: 0 }, 'Blink.', { blink: {} }))
await attempt('a para in a para', 'kenya', 'draft', (d) => body(d).get(0).insert(1, [new Y.XmlElement('para')]))

// --- the honest versions ---
await attempt("an observer's own thread", 'ngo', 'notes', (d) => thread(d, 'c-own', { author: ids.ngo, body: 'Messaging services should be named too.' }))
await attempt('Kenya resolving its own thread', 'kenya', 'notes', (d) => map(d, 'threads').get(ids.kenyasThread).set('resolved', true))
await attempt('Kenya adding itself as holder', 'kenya', 'draft', (d) => bracket(d).set('holders', ['Peru', 'Kenya']))
await attempt('Kenya adding a paragraph', 'kenya', 'draft', (d) => para(d, 'para', { id: 'p-kenya', kind: 'operative', level: 0 }, 'NOTING the proposal.', { em: {} }))
await attempt('the Secretariat marking a bracket agreed', 'sec', 'draft', (d) => {
  bracket(d).set('status', 'agreed')
  map(d, 'log').set('l-secagreed1', logged(ids.sec, 'agreed'))
})
await attempt('the Secretariat adding a delegate', 'sec', 'roster', (d) => {
  const m = new Y.Map()
  map(d, 'members').set('m-chile', m)
  for (const [k, v] of Object.entries({ name: 'Delegate of Chile', delegation: 'Chile', role: 'delegate', group: 'producer-country' })) m.set(k, v)
})

// --- the log is append-only, even for the chair ---
await attempt('the chair rewriting a log entry', 'chair', 'draft', (d) => map(d, 'log').set('l-secagreed1', logged(ids.sec, 'withdrawn')))
await attempt('the Secretariat deleting its log entry', 'sec', 'draft', (d) => map(d, 'log').delete('l-secagreed1'))

// --- carets and names: Kenya's client claims the chair's name ---
{
  const watcher = await connect('chair', 'draft')
  const liar = await connect('kenya', 'draft')
  liar.provider.awareness.setLocalState({ user: { name: 'Chair (CITES)', color: '#ff0000' }, cursor: null })
  const id = liar.ydoc.clientID
  await until('the liar\'s awareness at the watcher', () => watcher.provider.awareness.getStates().get(id)?.user !== undefined)
  emit({ event: 'awareness', user: watcher.provider.awareness.getStates().get(id).user })
  liar.provider.destroy()
  watcher.provider.destroy()
}
emit({ event: 'done' })
process.exit(0)
