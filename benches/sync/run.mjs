// Relay benchmarks for issue 3: `caucus serve` against the reference `@y/websocket-server`, both
// started here as child processes on loopback, measured in the same run with the same clients
// (unmodified yjs 13.6 + y-websocket 3 over `ws`, all in this one Node process: one clock).
//
//   cargo build --release --bin caucus && cd benches/sync && npm ci && node run.mjs [--quick] [--caucus BIN] [--out FILE]
//
// Metrics (see issue 3):
//   1. initial sync: a writer uploads an automerge-paper-sized draft (the whole editing trace applied
//      to a Y.XmlText in a `para` Y.XmlElement of the XmlFragment `body`, sent as one update) and
//      leaves; then the time from a NEW client's connect to it holding the full text (104,852
//      chars), median of 5;
//   2. fan-out: 1 writer + 10 readers, then 1 writer + 100 readers, in one room; the writer sets
//      `meta.ping = {i, t}` (t = performance.now()) every 20 ms, 200 times; each reader records
//      arrival − t; p50/p99 over all (reader, edit) pairs;
//   3. memory per open room: a fresh server process, its VmRSS with no rooms, then 100 rooms (one
//      client each holding a small draft) open, (VmRSS − baseline) / 100; and what the next 100
//      rooms add, / 100 (without what the first rooms pay once: code paged in, pools warmed).
// The goals printed are issue #13 §2's: the server part of initial sync ≤ 0.4×, fan-out to the last
// of 100 readers on the wire (--wire) p99 ≤ 0.75×, memory per open room ≤ 0.5×.
// Prints a table and writes RESULTS.md next to this file.

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { roomDraft } from './room-draft.mjs'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { spawn } from 'node:child_process'
import { gunzipSync } from 'node:zlib'
import { readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir, cpus, totalmem, release } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execSync } from 'node:child_process'

const HERE = dirname(fileURLToPath(import.meta.url))
const REPO = join(HERE, '..', '..')
const TRACE = join(REPO, 'tests', 'data', 'editing-traces', 'automerge-paper.json.gz')
const argAfter = (flag) => { const i = process.argv.indexOf(flag); return i >= 0 ? process.argv[i + 1] : undefined }
// --caucus PATH: another build of the relay (e.g. an experiment); default the release build.
const CAUCUS = argAfter('--caucus') ?? join(REPO, 'target', 'release', 'caucus')
// --out FILE: where the Markdown table goes (default RESULTS.md here).
const OUT = argAfter('--out') ?? join(HERE, 'RESULTS.md')
const REF_SERVER = join(HERE, 'node_modules', '@y', 'websocket-server', 'src', 'server.js')

// --data-dir DIR: where caucus serve keeps its SQLite file (default a fresh dir in the system temp
// dir, a real disk here). A tmpfs dir (/dev/shm) makes fsync free: a diagnostic of what the
// durable commit costs, never the reported result.
const DATA_PARENT = argAfter('--data-dir') ?? tmpdir()
const QUICK = process.argv.includes('--quick')
// --only sync|fanout|memory: one section, printed, no table (a diagnostic while changing code).
const ONLY = argAfter('--only')
// --only-server caucus|reference: measure one server only (with --only).
const ONLY_SERVER = argAfter('--only-server')
// --wire: also time fan-out on the wire (tcpdump on loopback, needs root): from the writer's frame
// reaching the server to the frame leaving for the last reader; and a newcomer's step 1 reaching
// the server to the first and last byte of the answer leaving it. No client cost is in them.
const WIRE = process.argv.includes('--wire')
const SYNC_RUNS = 5
const FANOUT_EDITS = QUICK ? 50 : 200
const FANOUT_EVERY_MS = 20
const MEM_ROOMS = 100
const TIMEOUT_MS = 60000

process.setMaxListeners(0) // y-websocket adds a process 'exit' listener per provider

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const log = (msg) => process.stderr.write(`bench: ${msg}\n`)

async function until (what, pred, timeout = TIMEOUT_MS) {
  const start = performance.now()
  while (!pred()) {
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`)
    await sleep(2)
  }
}

// --- ids, ports, processes ---------------------------------------------------------------------

const B32 = 'abcdefghijklmnopqrstuvwxyz234567'
/** A workshop id as Caucus makes them: 24 lowercase base32 chars. */
const workshopId = () => Array.from({ length: 24 }, () => B32[Math.floor(Math.random() * 32)]).join('')

function freePort () {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

function canConnect (port) {
  return new Promise((resolve) => {
    const c = connect({ host: '127.0.0.1', port }, () => { c.destroy(); resolve(true) })
    c.on('error', () => resolve(false))
  })
}

const started = new Set()

async function startServer (kind) {
  const port = await freePort()
  let child
  let dataDir = null
  if (kind === 'caucus') {
    dataDir = mkdtempSync(join(DATA_PARENT, 'caucus-bench-'))
    child = spawn(CAUCUS, ['--data-dir', dataDir, 'serve', '--listen', `127.0.0.1:${port}`, '--create-rooms', '--open'],
      { stdio: ['ignore', 'ignore', 'inherit'] })
  } else {
    // In memory (no YPERSISTENCE); GC off like the clients' drafts (and Caucus: the draft keeps its
    // history), so both servers hold the same document.
    child = spawn(process.execPath, [REF_SERVER], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), GC: 'false' },
      stdio: ['ignore', 'ignore', 'inherit']
    })
  }
  started.add(child)
  let exited = null
  child.on('exit', (code, signal) => { exited = { code, signal }; started.delete(child) })
  const t0 = performance.now()
  while (!(await canConnect(port))) {
    if (exited) throw new Error(`${kind} server exited early: ${JSON.stringify(exited)}`)
    if (performance.now() - t0 > 15000) throw new Error(`${kind} server did not listen on ${port}`)
    await sleep(20)
  }
  return {
    kind,
    pid: child.pid,
    port,
    url: `ws://127.0.0.1:${port}`,
    rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]),
    /** Threads, and RSS split into heap-like anonymous memory and thread stacks (smaps). */
    detail: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN)
      let stacks = 0
      try {
        // Thread stacks are the anonymous mappings of 8 MiB or 2 MiB (+ guard) tokio/glibc make.
        const smaps = readFileSync(`/proc/${child.pid}/smaps`, 'utf8').split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/)
        for (const m of smaps) {
          const [range] = m.split(' ')
          const [a, b] = range.split('-').map((h) => parseInt(h, 16))
          const size = (b - a) / 1024
          const rss = Number(/\nRss:\s+(\d+)/.exec(m)?.[1] ?? 0)
          if (!/\//.test(m.split('\n')[0]) && (size === 8192 || size === 2048)) stacks += rss
        }
      } catch {}
      return { threads: field('Threads'), anonKiB: field('RssAnon'), fileKiB: field('RssFile'), stackKiB: stacks }
    },
    async stop () {
      if (!exited) {
        process.kill(child.pid, 'SIGTERM')
        const t = performance.now()
        while (!exited && performance.now() - t < 5000) await sleep(20)
        if (!exited) process.kill(child.pid, 'SIGKILL')
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

process.on('exit', () => { for (const c of started) { try { process.kill(c.pid, 'SIGKILL') } catch {} } })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130))

// --- clients -------------------------------------------------------------------------------------

function provider (server, room, doc) {
  return new WebsocketProvider(server.url, room, doc, { WebSocketPolyfill: WebSocket, disableBc: true, maxBackoffTime: 400 })
}

const draftText = (doc) => {
  const para = doc.getXmlFragment('body').get(0)
  const text = para instanceof Y.XmlElement ? para.get(0) : null
  return text instanceof Y.XmlText ? text : null
}

/** Applies the automerge-paper trace locally; returns the draft as one update. */
function buildPaperUpdate () {
  const trace = JSON.parse(gunzipSync(readFileSync(TRACE)))
  const doc = new Y.Doc({ gc: false })
  const body = doc.getXmlFragment('body')
  const para = new Y.XmlElement('para')
  doc.transact(() => {
    para.setAttribute('id', 'p1')
    para.setAttribute('kind', 'operative')
    body.insert(0, [para])
    para.insert(0, [new Y.XmlText()])
  })
  const text = para.get(0)
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del > 0) text.delete(pos, del)
        if (ins) text.insert(pos, ins)
      }
    })
  }
  const got = text.toString()
  if (got !== trace.endContent) throw new Error('the trace did not reproduce its endContent')
  return { update: Y.encodeStateAsUpdate(doc), length: got.length }
}

/** Uploads `update` to `room` and checks that a second client gets all of it back. */
async function seed (server, room, update, length) {
  const doc = new Y.Doc({ gc: false })
  Y.applyUpdate(doc, update)
  const p = provider(server, room, doc)
  await until('writer synced', () => p.synced)
  const probeDoc = new Y.Doc({ gc: false })
  const probe = provider(server, room, probeDoc)
  await until('probe has the draft', () => draftText(probeDoc)?.length === length)
  probe.destroy(); p.destroy()
  probeDoc.destroy(); doc.destroy()
  await sleep(200)
}

// --- 1. initial sync -----------------------------------------------------------------------------

async function benchInitialSync (server, paper) {
  const room = `${workshopId()}/draft`
  await seed(server, room, paper.update, paper.length)
  const times = []
  for (let i = 0; i < SYNC_RUNS; i++) {
    const doc = new Y.Doc({ gc: false })
    let done = 0
    doc.on('update', () => { if (!done && draftText(doc)?.length === paper.length) done = performance.now() })
    const t0 = performance.now()
    const p = provider(server, room, doc)
    await until('new client has the draft', () => done)
    times.push(done - t0)
    p.destroy(); doc.destroy()
    await sleep(200)
  }
  // Half the update's size: both servers re-encode the same document, not byte-identically.
  const raw = await rawInitialSync(server, room, paper.update.length / 2)
  // Diagnostic: what a connection that received the whole draft keeps (20 clients stay open).
  await sleep(500)
  const before = server.rssKiB()
  const held = []
  for (let i = 0; i < 20; i++) {
    const doc = new Y.Doc({ gc: false })
    held.push({ doc, p: provider(server, room, doc) })
  }
  await until('held clients synced', () => held.every((c) => draftText(c.doc)?.length === paper.length))
  await sleep(1000)
  const perHeldKiB = (server.rssKiB() - before) / held.length
  for (const c of held) { c.p.destroy(); c.doc.destroy() }
  await sleep(200)
  return { median: median(times), all: times, raw, perHeldKiB }
}

/** The server's part of initial sync: a raw WebSocket client (no Yjs) sends sync step 1 with an
 *  empty state vector and times until the whole step 2 frame arrived; nothing is decoded. */
async function rawInitialSync (server, room, minBytes) {
  const times = []
  const opens = []
  const ports = []
  let bytes = 0
  const capture = WIRE ? await startCapture(server.port) : null
  if (capture) await sleep(500) // as for fan-out: the capture is live a moment after tcpdump says so
  for (let i = 0; i < SYNC_RUNS; i++) {
    const t0 = performance.now()
    const ws = new WebSocket(`${server.url}/${room}`)
    ws.binaryType = 'arraybuffer'
    ws.on('open', () => ports.push(ws._socket.localPort))
    const t = await new Promise((resolve, reject) => {
      ws.on('error', reject)
      ws.on('open', () => {
        opens.push(performance.now() - t0)
        const enc = encoding.createEncoder()
        encoding.writeVarUint(enc, 0) // sync
        encoding.writeVarUint(enc, 0) // step 1
        encoding.writeVarUint8Array(enc, new Uint8Array([0])) // empty state vector
        ws.send(encoding.toUint8Array(enc))
      })
      ws.on('message', (data) => {
        const dec = decoding.createDecoder(new Uint8Array(data))
        if (decoding.readVarUint(dec) !== 0 || decoding.readVarUint(dec) !== 1) return
        const update = decoding.readVarUint8Array(dec)
        if (update.length >= minBytes) { bytes = update.length; resolve(performance.now() - t0) }
      })
    })
    times.push(t)
    ws.close()
    await sleep(100)
  }
  const wire = capture ? wireSync(await capture.stop(), server.port, ports, bytes) : null
  return { median: median(times), all: times, bytes, open: median(opens), wire }
}

/** The server's answer to a newcomer on the wire, per connection: from the client's step 1
 *  reaching the server (its first packet after the server's upgrade answer) to the server's
 *  first packet after it, and to the packet that completes `bytes` of payload after it (the
 *  step 2). Medians over the connections, in ms. */
function wireSync (pcap, port, clientPorts, bytes) {
  const packets = pcapPackets(pcap)
  const first = []
  const last = []
  for (const client of clientPorts) {
    const mine = packets.filter((p) => (p.from === client && p.to === port) || (p.from === port && p.to === client))
    const answer = mine.findIndex((p) => p.from === port)
    const step1 = mine.findIndex((p, i) => i > answer && p.from === client)
    if (answer < 0 || step1 < 0) continue
    let sent = 0
    let firstOut = null
    for (const p of mine.slice(step1 + 1)) {
      if (p.from !== port) continue
      if (firstOut === null) firstOut = p.t
      sent += p.len
      if (sent >= bytes) { first.push((firstOut - mine[step1].t) / 1000); last.push((p.t - mine[step1].t) / 1000); break }
    }
  }
  return { connections: last.length, firstP50: median(first), lastP50: median(last) }
}

// --- 2. fan-out ----------------------------------------------------------------------------------

async function benchFanout (server, readers) {
  const room = `${workshopId()}/draft`
  const wdoc = new Y.Doc({ gc: false })
  const wp = provider(server, room, wdoc)
  await until('writer synced', () => wp.synced)
  const lat = []
  const clients = []
  for (let r = 0; r < readers; r++) {
    const doc = new Y.Doc({ gc: false })
    const meta = doc.getMap('meta')
    const c = { doc, got: 0, p: null }
    meta.observe(() => {
      const now = performance.now()
      const v = meta.get('ping')
      if (v && v.i >= 0) lat.push(now - v.t)
      if (v) c.got = Math.max(c.got, v.i + 1)
    })
    c.p = provider(server, room, doc)
    clients.push(c)
  }
  await until('readers synced', () => clients.every((c) => c.p.synced))
  const capture = WIRE ? await startCapture(server.port) : null
  await sleep(500)
  const wmeta = wdoc.getMap('meta')
  // Warm-up edits (negative i: not recorded).
  for (let i = -10; i < 0; i++) { wmeta.set('ping', { i, t: performance.now() }); await sleep(FANOUT_EVERY_MS) }
  await sleep(200)
  const start = performance.now()
  for (let i = 0; i < FANOUT_EDITS; i++) {
    // A steady rate: wait for the slot of edit i, not a fixed sleep after each.
    const slot = start + i * FANOUT_EVERY_MS
    while (performance.now() < slot) await sleep(Math.max(0, Math.min(5, slot - performance.now())))
    wmeta.set('ping', { i, t: performance.now() })
  }
  await until('every reader has the last edit', () => clients.every((c) => c.got >= FANOUT_EDITS))
  const wire = capture ? wireFanout(await capture.stop(), server.port, readers) : null
  for (const c of clients) { c.p.destroy(); c.doc.destroy() }
  wp.destroy(); wdoc.destroy()
  await sleep(500)
  // A reader skipping a superseded value (two edits merged in one frame) records only the newest:
  // count what was recorded.
  return { p50: pct(lat, 50), p99: pct(lat, 99), samples: lat.length, expected: readers * FANOUT_EDITS, wire }
}

/** tcpdump on loopback for the server's port (headers and the first bytes of each packet). */
async function startCapture (port) {
  const file = join(mkdtempSync(join(tmpdir(), 'fanout-pcap-')), 'lo.pcap')
  const child = spawn('tcpdump', ['-i', 'lo', '-U', '-s', '128', '-B', '16384', '-w', file, 'tcp', 'port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] })
  started.add(child)
  let exited = false
  child.on('exit', () => { exited = true; started.delete(child) })
  // tcpdump says "listening on lo" once it captures.
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => { if (/listening on/.test(String(d))) resolve() })
    child.on('exit', (code) => reject(new Error(`tcpdump exited (${code}); --wire needs root and tcpdump`)))
  })
  return {
    async stop () {
      await sleep(100)
      process.kill(child.pid, 'SIGINT')
      while (!exited) await sleep(20)
      const bytes = readFileSync(file)
      rmSync(dirname(file), { recursive: true, force: true })
      return bytes
    }
  }
}

/** Packets with a TCP payload from a pcap of loopback: {t (µs), from, to, len}. */
function pcapPackets (buf) {
  const magic = buf.readUInt32LE(0)
  if (magic !== 0xa1b2c3d4) throw new Error('not a little-endian microsecond pcap')
  const link = buf.readUInt32LE(20)
  const linkLen = link === 1 ? 14 : link === 113 ? 16 : link === 276 ? 20 : -1
  if (linkLen < 0) throw new Error(`pcap link type ${link}`)
  const out = []
  for (let at = 24; at + 16 <= buf.length;) {
    const t = buf.readUInt32LE(at) * 1e6 + buf.readUInt32LE(at + 4)
    const incl = buf.readUInt32LE(at + 8)
    const ip = at + 16 + linkLen
    at += 16 + incl
    if ((buf[ip] >> 4) !== 4) continue
    const ihl = (buf[ip] & 15) * 4
    const total = buf.readUInt16BE(ip + 2)
    const tcp = ip + ihl
    const len = total - ihl - (buf[tcp + 12] >> 4) * 4
    if (len > 0) out.push({ t, from: buf.readUInt16BE(tcp), to: buf.readUInt16BE(tcp + 2), len })
  }
  return out
}

/** Fan-out on the wire: for each frame of the writer (the client sending the most data packets),
 *  the time until the server's packet to the last reader left (and to the first, p50 only). */
function wireFanout (pcap, port, readers) {
  const packets = pcapPackets(pcap)
  const sent = new Map()
  for (const p of packets) if (p.to === port) sent.set(p.from, (sent.get(p.from) ?? 0) + 1)
  const writer = [...sent.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
  const last = []
  const first = []
  for (let i = 0; i < packets.length; i++) {
    const w = packets[i]
    if (w.from !== writer || w.to !== port) continue
    const seen = new Set()
    let done = null
    for (let j = i + 1; j < packets.length && packets[j].t - w.t < 15000; j++) {
      const p = packets[j]
      if (p.from === writer && p.to === port) break
      if (p.from !== port || p.to === writer || seen.has(p.to)) continue
      if (seen.size === 0) first.push((p.t - w.t) / 1000)
      seen.add(p.to)
      if (seen.size === readers) { done = p.t; break }
    }
    if (done !== null) last.push((done - w.t) / 1000)
  }
  return { frames: last.length, lastP50: pct(last, 50), lastP99: pct(last, 99), firstP50: pct(first, 50) }
}

/** The harness's own share of a fan-out: the same edits applied in this process to `readers`
 *  docs one after another (as this one Node thread handles their messages), no server, no
 *  sockets, no framing: a lower bound of what any server's latency can be measured as here. */
function fanoutFloor (readers) {
  const w = new Y.Doc({ gc: false })
  const wmeta = w.getMap('meta')
  const lat = []
  const docs = Array.from({ length: readers }, () => {
    const d = new Y.Doc({ gc: false })
    const meta = d.getMap('meta')
    meta.observe(() => { const v = meta.get('ping'); if (v && v.i >= 0) lat.push(performance.now() - v.t) })
    return d
  })
  let update = null
  w.on('update', (u) => { update = u })
  for (let i = -10; i < FANOUT_EDITS; i++) {
    wmeta.set('ping', { i, t: performance.now() })
    for (const d of docs) Y.applyUpdate(d, update)
  }
  return { p50: pct(lat, 50), p99: pct(lat, 99) }
}

// --- 3. memory per room --------------------------------------------------------------------------

async function benchMemory (server) {
  await sleep(1000)
  const base = server.rssKiB()
  const baseDetail = server.detail()
  const clients = []
  const openRooms = async (count) => {
  for (let r = 0; r < count; r++) {
    const doc = roomDraft(r)
    const p = provider(server, `${workshopId()}/draft`, doc)
    clients.push({ doc, p })
  }
  await until('all rooms synced', () => clients.every((c) => c.p.synced))
  await sleep(2000)
  }
  await openRooms(MEM_ROOMS)
  const rss = server.rssKiB()
  const openDetail = server.detail()
  // The next 100 rooms: what a room costs once the first ones paid for what every server pays
  // once (code paged in, pools and caches warmed), which the measure above counts as per room.
  await openRooms(MEM_ROOMS)
  const rssNext = server.rssKiB()
  // Diagnostic: the cost of a connection alone, 100 more clients joining one of those rooms.
  const room = clients[0].p.roomname
  const extra = []
  for (let r = 0; r < MEM_ROOMS; r++) {
    const doc = new Y.Doc({ gc: false })
    extra.push({ doc, p: provider(server, room, doc) })
  }
  await until('extra connections synced', () => extra.every((c) => c.p.synced))
  await sleep(2000)
  const rss2 = server.rssKiB()
  for (const c of [...clients, ...extra]) { c.p.destroy(); c.doc.destroy() }
  return { baseKiB: base, openKiB: rss, perRoomKiB: (rss - base) / MEM_ROOMS, nextRoomKiB: (rssNext - rss) / MEM_ROOMS, perConnKiB: (rss2 - rssNext) / MEM_ROOMS, baseDetail, openDetail }
}

// --- stats, table --------------------------------------------------------------------------------

function pct (xs, p) {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}
const median = (xs) => pct(xs, 50)

function machine () {
  const cpu = cpus()[0]?.model ?? 'unknown'
  let kernel = release()
  try { kernel = execSync('uname -sr').toString().trim() } catch {}
  let rev = 'unknown'
  try { rev = execSync('git rev-parse --short HEAD', { cwd: REPO }).toString().trim() + (execSync('git status --porcelain -- src Cargo.toml Cargo.lock', { cwd: REPO }).toString().trim() ? ' + uncommitted src changes' : '') } catch {}
  let load = ''
  try { load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') } catch {}
  return { rev, load, cpu, cores: cpus().length, ramGiB: (totalmem() / 2 ** 30).toFixed(1), kernel, node: process.version }
}

async function measure (kind, paper) {
  const out = {}
  const wants = (section) => !ONLY || ONLY === section
  let s = await startServer(kind)
  try {
    if (wants('sync')) {
    log(`${kind}: initial sync`)
    out.sync = await benchInitialSync(s, paper)
    log(`${kind}: initial sync ${out.sync.all.map((t) => t.toFixed(1)).join(', ')} ms; server part ${out.sync.raw.all.map((t) => t.toFixed(1)).join(', ')} ms`)
    }
    for (const n of wants('fanout') ? [10, 100] : []) {
      log(`${kind}: fan-out to ${n}`)
      out[`fan${n}`] = await benchFanout(s, n)
      log(`${kind}: fan-out to ${n}: ${JSON.stringify(out[`fan${n}`])}`)
    }
  } finally { await s.stop() }
  if (!wants('memory')) return out
  s = await startServer(kind)
  try {
    log(`${kind}: memory`)
    out.mem = await benchMemory(s)
    log(`${kind}: memory ${JSON.stringify(out.mem)}`)
  } finally { await s.stop() }
  return out
}

async function main () {
  for (const f of [CAUCUS, REF_SERVER, TRACE]) if (!existsSync(f)) throw new Error(`missing ${f} (cargo build --release --bin caucus; npm ci)`)
  log('building the automerge-paper draft')
  const t = performance.now()
  const paper = buildPaperUpdate()
  log(`draft: ${paper.length} chars, update ${paper.update.length} bytes, built in ${((performance.now() - t) / 1000).toFixed(1)} s`)

  const floor = []
  for (let i = 0; i < SYNC_RUNS; i++) {
    const t1 = performance.now()
    const d = new Y.Doc({ gc: false })
    Y.applyUpdate(d, paper.update)
    if (draftText(d)?.length !== paper.length) throw new Error('local apply')
    floor.push(performance.now() - t1)
    d.destroy()
  }
  log(`client floor (local applyUpdate of the draft): ${floor.map((t) => t.toFixed(1)).join(', ')} ms`)

  const floors = { 10: fanoutFloor(10), 100: fanoutFloor(100) }
  log(`fan-out floor of the harness: ${JSON.stringify(floors)}`)
  if (ONLY) {
    for (const kind of ONLY_SERVER ? [ONLY_SERVER] : ['caucus', 'reference']) console.log(kind, JSON.stringify(await measure(kind, paper)))
    return
  }
  const ours = await measure('caucus', paper)
  const ref = await measure('reference', paper)

  const rows = [
    // The goals of issue #13 §2 (measured without the clients' own work); the rows through the
    // clients are for the record.
    ['initial sync, automerge-paper draft, through the clients (median of 5)', ours.sync.median, ref.sync.median, 'ms', null],
    ['server part of initial sync (raw client, median of 5)', ours.sync.raw.median, ref.sync.raw.median, 'ms', 0.4],
    ['fan-out 1→10, p99, through the clients', ours.fan10.p99, ref.fan10.p99, 'ms', null],
    ['fan-out 1→100, p99, through the clients', ours.fan100.p99, ref.fan100.p99, 'ms', null],
    ...(WIRE ? [['fan-out 1→100 on the wire, to the last reader, p99', ours.fan100.wire.lastP99, ref.fan100.wire.lastP99, 'ms', 0.75]] : []),
    ['memory per open room (100 rooms)', ours.mem.perRoomKiB, ref.mem.perRoomKiB, 'KiB', 0.5],
    ['memory per open room, the next 100 (rooms 101–200)', ours.mem.nextRoomKiB, ref.mem.nextRoomKiB, 'KiB', null]
  ]
  const fmt = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : String(v))
  const table = rows.map(([metric, o, r, unit, goal]) => {
    const ratio = o / r
    return {
      metric,
      ours: `${fmt(o)} ${unit}`,
      reference: `${fmt(r)} ${unit}`,
      ratio: `${ratio.toFixed(2)}×`,
      goal: goal === null ? '—' : `≤ ${goal}×`,
      met: goal === null ? '—' : ratio <= goal ? 'yes' : 'NO'
    }
  })
  console.table(table)

  const m = machine()
  const cols = ['metric', 'ours', 'reference', 'ratio', 'goal', 'met']
  const md = [
    '# Sync relay benchmarks (issue 3)',
    '',
    `Date: ${new Date().toISOString()}  `,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.kernel}, Node ${m.node}; load average at the end ${m.load}  `,
    `Relay binary: \`${CAUCUS}\` (repository at ${m.rev})  `,
    'Servers: `target/release/caucus serve --create-rooms --open` (SQLite data dir in tmp) vs `@y/websocket-server` 0.1.1 ' +
      '(in memory; started with `GC=false`, which its `server.js` overrides: it garbage-collects), each a child process on 127.0.0.1, measured in the same run by `node run.mjs`' +
      (QUICK ? ' (--quick)' : '') + '.  ',
    'Clients: yjs 13.6.33 + y-websocket 3.1.0 + ws 8.23.0, all in the harness process.',
    '',
    `| ${cols.join(' | ')} |`,
    `| ${cols.map(() => '---').join(' | ')} |`,
    ...table.map((r) => `| ${cols.map((c) => r[c]).join(' | ')} |`),
    '',
    'Details:',
    '',
    `- initial sync runs (ms): ours ${ours.sync.all.map(fmt).join(', ')}; reference ${ref.sync.all.map(fmt).join(', ')}`,
    `- server part of initial sync (a raw WebSocket client sends step 1 and waits for the whole step 2 frame, no Yjs decoding; median of ${SYNC_RUNS}): ours ${fmt(ours.sync.raw.median)} ms, reference ${fmt(ref.sync.raw.median)} ms (${(ours.sync.raw.median / ref.sync.raw.median).toFixed(2)}×), step 2 of ${ours.sync.raw.bytes} and ${ref.sync.raw.bytes} bytes (the upload was ${paper.update.length}); runs ours ${ours.sync.raw.all.map(fmt).join(', ')}; reference ${ref.sync.raw.all.map(fmt).join(', ')}`,
    `- diagnostic, RSS per connection that received the whole draft (20 clients joining the initial-sync room and staying): ours ${fmt(ours.sync.perHeldKiB)} KiB, reference ${fmt(ref.sync.perHeldKiB)} KiB`,
    `- of which the client's connection (TCP, HTTP upgrade, up to the \`open\` event; median of ${SYNC_RUNS}): ours ${fmt(ours.sync.raw.open)} ms, reference ${fmt(ref.sync.raw.open)} ms`,
    ...(WIRE ? [`- the server's answer on the wire (tcpdump on loopback: the client's step 1 reaching the server → the first byte of the answer leaving it, → the last byte of the step 2; median of ${ours.sync.raw.wire.connections} and ${ref.sync.raw.wire.connections} connections): ours ${fmt(ours.sync.raw.wire.firstP50)} → ${fmt(ours.sync.raw.wire.lastP50)} ms, reference ${fmt(ref.sync.raw.wire.firstP50)} → ${fmt(ref.sync.raw.wire.lastP50)} ms`] : []),
    `- client-side floor for initial sync (the same update applied locally, no network, median of ${SYNC_RUNS}): ${fmt(median(floor))} ms — both servers' times include it`,
    `- fan-out: ${FANOUT_EDITS} edits every ${FANOUT_EVERY_MS} ms (after 10 warm-up edits); samples ours ${ours.fan10.samples}/${ours.fan10.expected} and ${ours.fan100.samples}/${ours.fan100.expected}, ` +
      `reference ${ref.fan10.samples}/${ref.fan10.expected} and ${ref.fan100.samples}/${ref.fan100.expected} (a reader receiving two edits in one frame records only the newer)`,
    ...(WIRE
      ? [`- fan-out on the wire (tcpdump on loopback: the writer's frame reaching the server → the server's frame to the first / last reader leaving it; no client work in it; ${ours.fan10.wire.frames} and ${ref.fan10.wire.frames} frames): ` +
        `1→10 first p50 ours ${fmt(ours.fan10.wire.firstP50)} / reference ${fmt(ref.fan10.wire.firstP50)} ms, last p50 ${fmt(ours.fan10.wire.lastP50)} / ${fmt(ref.fan10.wire.lastP50)} ms, last p99 ${fmt(ours.fan10.wire.lastP99)} / ${fmt(ref.fan10.wire.lastP99)} ms (${(ours.fan10.wire.lastP99 / ref.fan10.wire.lastP99).toFixed(2)}×); ` +
        `1→100 first p50 ${fmt(ours.fan100.wire.firstP50)} / ${fmt(ref.fan100.wire.firstP50)} ms, last p50 ${fmt(ours.fan100.wire.lastP50)} / ${fmt(ref.fan100.wire.lastP50)} ms, last p99 ${fmt(ours.fan100.wire.lastP99)} / ${fmt(ref.fan100.wire.lastP99)} ms (${(ours.fan100.wire.lastP99 / ref.fan100.wire.lastP99).toFixed(2)}×)`]
      : []),
    `- harness floor of fan-out (the same edits applied in-process to 10 / 100 docs in turn, no server or sockets): p50 ${fmt(floors[10].p50)} / ${fmt(floors[100].p50)} ms, p99 ${fmt(floors[10].p99)} / ${fmt(floors[100].p99)} ms`,
    `- memory: RSS ours ${ours.mem.baseKiB} → ${ours.mem.openKiB} KiB; reference ${ref.mem.baseKiB} → ${ref.mem.openKiB} KiB (fresh process each, no rooms → ${MEM_ROOMS} rooms open)`,
    `- memory detail (no rooms → ${MEM_ROOMS} rooms): ours ${JSON.stringify(ours.mem.baseDetail)} → ${JSON.stringify(ours.mem.openDetail)}; reference ${JSON.stringify(ref.mem.baseDetail)} → ${JSON.stringify(ref.mem.openDetail)}`,
    `- caucus data dir under ${DATA_PARENT}`,
    `- diagnostic, RSS per extra connection (${MEM_ROOMS} more clients joining one of those rooms): ours ${fmt(ours.mem.perConnKiB)} KiB, reference ${fmt(ref.mem.perConnKiB)} KiB`,
    ''
  ].join('\n')
  writeFileSync(OUT, md)
  log(`wrote ${OUT}`)
  return { ours, ref }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1) })
