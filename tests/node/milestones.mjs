// An unmodified npm Yjs client with the Secretariat's valid invitation, against a real Caucus
// relay (issue #14 §2): it takes a snapshot of the draft as Yjs makes one and writes a milestone
// into the roster, once as the chair (a forgery) and once as itself.
//
// Driven by tests/it/milestones.rs: one JSON line on stdin:
//   {url, workshop, tokens: {chair, sec}, ids: {chair, sec}}
// Prints one JSON line per case ({case, outcome: "closed", code, reason} or {case, outcome:
// "forwarded"}), then {"event":"done"}. Any failure: a message on stderr and exit code 1.

import * as Y from 'yjs'
import { createInterface } from 'node:readline'
import { clients } from './attempt.mjs'

const line = await createInterface({ input: process.stdin })[Symbol.asyncIterator]().next()
const cfg = JSON.parse(line.value)
const { emit, attempt, connect } = clients(cfg)

const draft = await connect('sec', 'draft')
const snapshot = Y.encodeSnapshot(Y.snapshot(draft.ydoc))
draft.provider.destroy()

function milestone (id, name, by) {
  return (d) => {
    const m = new Y.Map()
    d.getMap('milestones').set(id, m)
    m.set('name', name)
    m.set('snapshot', snapshot)
    m.set('by', by)
    m.set('created', '2026-11-27T12:00:00Z')
  }
}

await attempt('as the chair', 'sec', 'roster', milestone('ms-forged', 'Report to SC70', cfg.ids.chair))
await attempt('as itself', 'sec', 'roster', milestone('ms-sec', 'Report to SC70', cfg.ids.sec))
emit({ event: 'done' })
process.exit(0)
