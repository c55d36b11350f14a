// An unmodified npm Yjs client with Kenya's (a delegate's) valid invitation, against a real Caucus
// relay, in whatever stage the workshop is (issue #11 §1): it adds a paragraph to the draft, and
// starts a thread with a proposal in the notes.
//
// Driven by tests/it/stage.rs: one JSON line on stdin:
//   {url, workshop, tokens: {chair, kenya}, ids: {kenya}, tag}
// Prints one JSON line per case ({case, outcome: "closed", code, reason} or {case, outcome:
// "forwarded"}), then {"event":"done"}. Any failure: a message on stderr and exit code 1.

import * as Y from 'yjs'
import { createInterface } from 'node:readline'
import { clients } from './attempt.mjs'

const line = await createInterface({ input: process.stdin })[Symbol.asyncIterator]().next()
const cfg = JSON.parse(line.value)
const { emit, attempt, thread, para } = clients(cfg)
const tag = cfg.tag

await attempt('a paragraph', 'kenya', 'draft', (d) => para(d, 'para', { id: `p-kenya-${tag}`, kind: 'operative', level: 0 }, 'NOTING the proposal.'))
await attempt('a proposal', 'kenya', 'notes', (d) => {
  thread(d, `c-kenya-${tag}`, { author: cfg.ids.kenya, body: 'Name messaging services too.', type: 'technical' })
  const proposal = new Y.Map()
  d.getMap('threads').get(`c-kenya-${tag}`).set('proposal', proposal)
  proposal.set('kind', 'paragraph')
  proposal.set('text', 'URGES Parties and messaging services to act without delay;')
})
emit({ event: 'done' })
process.exit(0)
