// What a server's memory does as rooms open one after another (issue #13 §2: memory per open room).
// Starts `caucus serve --create-rooms --open` or the reference `@y/websocket-server` (in memory,
// GC=false as in run.mjs) on 127.0.0.1, then opens rooms of one y-websocket client each (the same
// small draft as run.mjs's memory section) up to 1, 2, 5, 10, 20, 50, 100 and 200 rooms, and prints
// after each step the growth of the server's resident memory since it started with no room, split
// as /proc/PID/status does: anonymous (heap, stacks) and file-backed (the binary's code and the
// libraries paged in). It shows which part is paid once, by the first room, and which per room.
//
// Usage: node rooms.mjs [caucus|reference] [--caucus BIN]. Not part of the test command.

import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { roomDraft } from './room-draft.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const kind = process.argv[2] === 'reference' ? 'reference' : 'caucus'
const at = process.argv.indexOf('--caucus')
const CAUCUS = at > 0 ? process.argv[at + 1] : join(HERE, '..', '..', 'target', 'release', 'caucus')
const STEPS = [1, 2, 5, 10, 20, 50, 100, 200]
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

const port = await new Promise((resolve) => {
  const s = createServer()
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) })
})
const dataDir = kind === 'caucus' ? mkdtempSync(join(tmpdir(), 'caucus-rooms-')) : null
const child = kind === 'caucus'
  ? spawn(CAUCUS, ['--data-dir', dataDir, 'serve', '--listen', `127.0.0.1:${port}`, '--create-rooms', '--open'], { stdio: ['ignore', 'ignore', 'ignore'] })
  : spawn(process.execPath, [join(HERE, 'node_modules', '@y', 'websocket-server', 'src', 'server.js')], { env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), GC: 'false' }, stdio: 'ignore' })
process.on('exit', () => { child.kill('SIGKILL'); if (dataDir) rmSync(dataDir, { recursive: true, force: true }) })
for (let tries = 0; ; tries++) {
  const up = await new Promise((resolve) => { const c = connect({ host: '127.0.0.1', port }, () => { c.destroy(); resolve(true) }); c.on('error', () => resolve(false)) })
  if (up) break
  if (tries > 500) throw new Error(`${kind} did not listen on ${port}`)
  await sleep(20)
}
await sleep(1000)

const status = () => {
  const s = readFileSync(`/proc/${child.pid}/status`, 'utf8')
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(s)[1])
  return { anon: field('RssAnon'), file: field('RssFile'), threads: field('Threads') }
}
const base = status()
console.log(`${kind}: no room: anonymous ${base.anon} KiB, file-backed ${base.file} KiB, ${base.threads} threads`)
const clients = []
for (const step of STEPS) {
  while (clients.length < step) {
    const r = clients.length
    const doc = roomDraft(r)
    clients.push(new WebsocketProvider(`ws://127.0.0.1:${port}`, `rooms${Date.now()}x${r}/draft`, doc, { WebSocketPolyfill: WebSocket, disableBc: true }))
  }
  while (!clients.every((c) => c.synced)) await sleep(20)
  await sleep(2000)
  const s = status()
  const perRoom = (kib) => (kib / step).toFixed(1)
  console.log(`${kind}: ${step} room(s): +${s.anon - base.anon} KiB anonymous (${perRoom(s.anon - base.anon)} a room), +${s.file - base.file} KiB file-backed (${perRoom(s.file - base.file)} a room), ${s.threads} threads`)
}
for (const c of clients) c.destroy()
process.exit(0)
