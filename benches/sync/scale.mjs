// How many workshops one relay holds (issue #13 §2): `caucus serve` and the reference
// `@y/websocket-server`, one after the other in the same run, each with R rooms of 3 light clients
// (raw y-protocols frames over `ws`, no Yjs decoding), one writer per room typing 5 keys a second,
// the clients spread over several worker processes. Fan-out is timed on the wire (tcpdump on
// loopback: the writer's frame reaching the server → the server's frame to the room's last reader
// leaving it) and, as a cross-check, by the clients (send → receive, same process and clock).
//
//   cargo build --release --bin caucus && cd benches/sync && npm ci && node scale.mjs [--rooms 500,1000,2000,5000] [--seconds 15] [--workers 4] [--no-wire] [--only caucus|reference] [--data-dir DIR]
//
// Needs root and tcpdump for the wire timing (`apt-get install tcpdump`); without them, --no-wire.
// Prints a Markdown table; results go in BENCHMARKS.md. Not part of the test command.

import * as Y from 'yjs'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import { spawn, fork, execFileSync } from 'node:child_process'
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir, cpus, totalmem } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const REPO = join(HERE, '..', '..')
const argAfter = (flag) => { const i = process.argv.indexOf(flag); return i >= 0 ? process.argv[i + 1] : undefined }
const CAUCUS = argAfter('--caucus') ?? join(REPO, 'target', 'release', 'caucus')
const REF_SERVER = join(HERE, 'node_modules', '@y', 'websocket-server', 'src', 'server.js')
const ROOMS = (argAfter('--rooms') ?? '500,1000,2000,5000').split(',').map(Number)
const SECONDS = Number(argAfter('--seconds') ?? 15)
const WORKERS = Number(argAfter('--workers') ?? 4)
const WIRE = !process.argv.includes('--no-wire')
const ONLY = argAfter('--only')
// --data-dir DIR: where caucus serve keeps its SQLite file (default the system temp dir, a real
// disk here); /dev/shm makes fsync free: a diagnostic of what the durable commit costs.
const DATA_PARENT = argAfter('--data-dir') ?? tmpdir()
const CLIENTS = 3
const KEYS_PER_SECOND = 5
const GOAL_P99_MS = 50
const GOAL_RSS_MIB = 400
// Latency histogram: 0.1 ms buckets up to 20 s.
const BUCKET_MS = 0.1
const BUCKETS = 200000

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const log = (msg) => process.stderr.write(`scale: ${msg}\n`)

const B32 = 'abcdefghijklmnopqrstuvwxyz234567'
const workshopId = () => Array.from({ length: 24 }, () => B32[Math.floor(Math.random() * 32)]).join('')

/** The writer's keystrokes as y-protocols update frames: the same for every room (each room is its
 *  own document, so one client id serves all), `meta.key = k` like the fan-out bench's ping. */
function keystrokes (n) {
  const doc = new Y.Doc({ gc: false })
  doc.clientID = 4242
  const updates = []
  doc.on('update', (u) => updates.push(u))
  const meta = doc.getMap('meta')
  for (let k = 0; k < n; k++) meta.set('key', k)
  return updates.map((u) => {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0) // sync
    encoding.writeVarUint(e, 2) // update
    encoding.writeVarUint8Array(e, u)
    return Buffer.from(encoding.toUint8Array(e))
  })
}

// --- worker: the light clients of some rooms ---------------------------------------------------

const STEP1_EMPTY = Buffer.from([0, 0, 1, 0]) // sync step 1 with an empty state vector
const STEP2_EMPTY = Buffer.from([0, 1, 2, 0, 0]) // sync step 2 with an empty update

async function worker () {
  const { url, rooms, keys } = await new Promise((resolve) => process.once('message', resolve))
  const frames = keystrokes(keys)
  const hist = new Uint32Array(BUCKETS)
  let samples = 0
  let lost = 0
  const ports = []
  const conns = []
  let synced = 0
  const open = (room, role) => new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/${room.id}/draft`, { perMessageDeflate: false })
    const c = { ws, role, room, received: 0, synced: false }
    ws.binaryType = 'nodebuffer'
    ws.on('open', () => { ws.send(STEP1_EMPTY); resolve(c) })
    ws.on('error', reject)
    ws.on('close', (code) => reject(new Error(`${room.id}: closed before it opened (${code})`)))
    ws.on('message', (data) => {
      // Only the first bytes are read: message type, sync subtype.
      if (data[0] !== 0) return
      if (data[1] === 0) ws.send(STEP2_EMPTY)
      else if (data[1] === 1 && !c.synced) { c.synced = true; synced++ }
      else if (data[1] === 2 && role !== 'writer') {
        const k = c.received++
        const sent = room.sent[k]
        if (sent === undefined) { lost++; return }
        const ms = performance.now() - sent
        hist[Math.min(BUCKETS - 1, Math.floor(ms / BUCKET_MS))]++
        samples++
      }
    })
  })
  // Connect in batches (a burst of 15,000 SYNs overflows the listen backlog).
  const batch = 100
  const all = rooms.flatMap((id) => { const room = { id, sent: [] }; return ['writer', 'reader', 'reader'].map((role) => ({ room, role })) })
  for (let i = 0; i < all.length; i += batch) {
    const got = await Promise.all(all.slice(i, i + batch).map(({ room, role }) => open(room, role)))
    conns.push(...got)
  }
  const t0 = performance.now()
  while (synced < conns.length) {
    if (performance.now() - t0 > 120000) throw new Error(`only ${synced} of ${conns.length} synced`)
    await sleep(20)
  }
  for (const c of conns) ports.push([c.room.id, c.role, c.ws._socket.localPort])
  process.send({ ready: true, ports })
  await new Promise((resolve) => process.once('message', resolve)) // go
  const every = 1000 / KEYS_PER_SECOND
  const writers = conns.filter((c) => c.role === 'writer')
  await Promise.all(writers.map(async (c) => {
    await sleep(Math.random() * every)
    const start = performance.now()
    for (let k = 0; k < frames.length; k++) {
      const due = start + k * every
      const wait = due - performance.now()
      if (wait > 0) await sleep(wait)
      c.room.sent[k] = performance.now()
      c.ws.send(frames[k])
    }
  }))
  await sleep(3000) // the last keystrokes' fan-out
  const expected = writers.length * frames.length * (CLIENTS - 1)
  for (const c of conns) c.ws.terminate()
  // Exits once the message is out (exiting at once could lose it); the main process also kills it.
  process.send({ done: true, hist: Array.from(hist), samples, expected, lost }, () => process.exit(0))
}

// --- main ------------------------------------------------------------------------------------------

function freePort () {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
  })
}

function canConnect (port) {
  return new Promise((resolve) => {
    const c = connect({ host: '127.0.0.1', port }, () => { c.destroy(); resolve(true) })
    c.on('error', () => resolve(false))
  })
}

const started = new Set()
process.on('exit', () => { for (const c of started) { try { process.kill(c.pid, 'SIGKILL') } catch {} } })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130))

async function startServer (kind) {
  const port = await freePort()
  let child
  let dataDir = null
  if (kind === 'caucus') {
    dataDir = mkdtempSync(join(DATA_PARENT, 'caucus-scale-'))
    // Every client comes from 127.0.0.1: lift the relay's per-address limit (issue #13 §1).
    const limit = execFileSync(CAUCUS, ['serve', '--help']).toString().includes('--max-connections-per-ip') ? ['--max-connections-per-ip', '100000'] : []
    child = spawn(CAUCUS, ['--data-dir', dataDir, 'serve', '--listen', `127.0.0.1:${port}`, '--create-rooms', '--open', ...limit], { stdio: ['ignore', 'ignore', 'inherit'] })
  } else {
    child = spawn(process.execPath, [REF_SERVER], { env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), GC: 'false' }, stdio: ['ignore', 'ignore', 'inherit'] })
  }
  started.add(child)
  let exited = null
  child.on('exit', (code, signal) => { exited = { code, signal }; started.delete(child) })
  while (!(await canConnect(port))) {
    if (exited) throw new Error(`${kind} exited early: ${JSON.stringify(exited)}`)
    await sleep(20)
  }
  const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8')
  const cpuTicks = () => { const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(f[11]) + Number(f[12]) }
  return {
    kind,
    port,
    url: `ws://127.0.0.1:${port}`,
    rssMiB: () => Number(/VmRSS:\s+(\d+)/.exec(status())[1]) / 1024,
    /** RSS split: anonymous (heap, stacks) and file-backed (code), MiB; and threads. */
    detail: () => {
      const st = status()
      const f = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(st)?.[1] ?? NaN)
      return { anonMiB: f('RssAnon') / 1024, fileMiB: f('RssFile') / 1024, threads: f('Threads') }
    },
    cpuTicks,
    async stop () {
      if (!exited) {
        process.kill(child.pid, 'SIGTERM')
        const t = performance.now()
        while (!exited && performance.now() - t < 10000) await sleep(20)
        if (!exited) process.kill(child.pid, 'SIGKILL')
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

async function startCapture (port) {
  const file = join(mkdtempSync(join(tmpdir(), 'scale-pcap-')), 'lo.pcap')
  // Data segments only (PSH), 96 bytes of each: headers and the frame's first bytes.
  const child = spawn('tcpdump', ['-i', 'lo', '-U', '-n', '-s', '96', '-B', '262144', '-w', file, `tcp port ${port} and (tcp[tcpflags] & tcp-push != 0)`], { stdio: ['ignore', 'ignore', 'pipe'] })
  started.add(child)
  let exited = false
  let stderr = ''
  child.on('exit', () => { exited = true; started.delete(child) })
  child.stderr.on('data', (d) => { stderr += String(d) })
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => { if (/listening on/.test(String(d))) resolve() })
    child.on('exit', (code) => reject(new Error(`tcpdump exited (${code}); the wire timing needs root and tcpdump (or --no-wire)`)))
  })
  return {
    async stop () {
      await sleep(200)
      process.kill(child.pid, 'SIGINT')
      while (!exited) await sleep(20)
      const bytes = readFileSync(file)
      rmSync(dirname(file), { recursive: true, force: true })
      const dropped = Number(/(\d+) packets dropped by kernel/.exec(stderr)?.[1] ?? 0)
      return { bytes, dropped }
    }
  }
}

/** Update frames in a pcap of loopback: per TCP source → destination port, their times (µs). A
 *  client's frames are masked (RFC 6455): the y-protocols bytes are unmasked to tell an update
 *  (sync, subtype 2) from anything else. */
function wireUpdates (buf, serverPort) {
  if (buf.readUInt32LE(0) !== 0xa1b2c3d4) throw new Error('not a little-endian microsecond pcap')
  const link = buf.readUInt32LE(20)
  const linkLen = link === 1 ? 14 : link === 113 ? 16 : link === 276 ? 20 : -1
  if (linkLen < 0) throw new Error(`pcap link type ${link}`)
  const toServer = new Map()
  const fromServer = new Map()
  for (let at = 24; at + 16 <= buf.length;) {
    const t = buf.readUInt32LE(at) * 1e6 + buf.readUInt32LE(at + 4)
    const incl = buf.readUInt32LE(at + 8)
    const ip = at + 16 + linkLen
    const end = at + 16 + incl
    at = end
    if ((buf[ip] >> 4) !== 4) continue
    const tcp = ip + (buf[ip] & 15) * 4
    const data = tcp + (buf[tcp + 12] >> 4) * 4
    if (data + 4 > end) continue
    const from = buf.readUInt16BE(tcp)
    const to = buf.readUInt16BE(tcp + 2)
    if (buf[data] !== 0x82) continue // a whole binary frame
    const masked = (buf[data + 1] & 0x80) !== 0
    let len = buf[data + 1] & 0x7f
    let head = data + 2
    if (len === 126) head += 2
    else if (len === 127) head += 8
    let b0, b1
    if (masked) {
      if (head + 6 > end) continue
      b0 = buf[head + 4] ^ buf[head]
      b1 = buf[head + 5] ^ buf[head + 1]
    } else {
      if (head + 2 > end) continue
      b0 = buf[head]
      b1 = buf[head + 1]
    }
    if (b0 !== 0 || b1 !== 2) continue
    const map = to === serverPort ? toServer : from === serverPort ? fromServer : null
    if (!map) continue
    const key = to === serverPort ? from : to
    let list = map.get(key)
    if (!list) map.set(key, (list = []))
    list.push(t)
  }
  return { toServer, fromServer }
}

function pctHist (hist, total, p) {
  if (total === 0) return NaN
  const want = Math.ceil((p / 100) * total)
  let seen = 0
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i]
    if (seen >= want) return (i + 1) * BUCKET_MS
  }
  return NaN
}

function pct (xs, p) {
  if (xs.length === 0) return NaN
  const s = Float64Array.from(xs).sort()
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}

async function level (kind, rooms) {
  const server = await startServer(kind)
  const keys = SECONDS * KEYS_PER_SECOND
  const ids = Array.from({ length: rooms }, workshopId)
  const workers = Array.from({ length: WORKERS }, (_, i) => {
    const w = fork(fileURLToPath(import.meta.url), ['--worker'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    started.add(w)
    w.on('exit', () => started.delete(w))
    w.send({ url: server.url, rooms: ids.filter((_, j) => j % WORKERS === i), keys })
    return w
  })
  const next = (w, key) => new Promise((resolve, reject) => {
    const on = (m) => { if (m[key]) { w.off('message', on); resolve(m) } }
    w.on('message', on)
    // 'close', not 'exit': a worker sends its results and exits at once, and its 'exit' can be seen
    // before the last message is read from the channel; 'close' comes after the channel is drained.
    w.once('close', (code) => reject(new Error(`a worker exited (${code}) before it said ${key}`)))
  })
  const t0 = performance.now()
  const ready = await Promise.all(workers.map((w) => next(w, 'ready')))
  const connectS = (performance.now() - t0) / 1000
  const rssIdle = server.rssMiB()
  const idleDetail = server.detail()
  const capture = WIRE ? await startCapture(server.port) : null
  const cpu0 = server.cpuTicks()
  const tRun = performance.now()
  const dones = workers.map((w) => next(w, 'done'))
  for (const w of workers) w.send({ go: true })
  // The relay's RSS at its peak while typing (sampled).
  let rssPeak = rssIdle
  let running = true
  const sampler = (async () => { while (running) { rssPeak = Math.max(rssPeak, server.rssMiB()); await sleep(500) } })()
  const results = await Promise.all(dones)
  running = false
  await sampler
  const cpuS = (server.cpuTicks() - cpu0) / 100
  const runS = (performance.now() - tRun) / 1000
  const hist = new Uint32Array(BUCKETS)
  let samples = 0
  let expected = 0
  let lost = 0
  for (const r of results) { r.hist.forEach((n, i) => { hist[i] += n }); samples += r.samples; expected += r.expected; lost += r.lost }
  let wire = null
  if (capture) {
    const { bytes, dropped } = await capture.stop()
    const { toServer, fromServer } = wireUpdates(bytes, server.port)
    const byRoom = new Map()
    for (const { ports } of ready) for (const [id, role, port] of ports) {
      let r = byRoom.get(id)
      if (!r) byRoom.set(id, (r = { readers: [] }))
      if (role === 'writer') r.writer = port
      else r.readers.push(port)
    }
    const last = []
    let roomsMatched = 0
    for (const r of byRoom.values()) {
      const sent = toServer.get(r.writer) ?? []
      const got = r.readers.map((p) => fromServer.get(p) ?? [])
      // A room whose capture lost a packet cannot be matched frame by frame: left out, counted.
      if (sent.length === 0 || got.some((g) => g.length !== sent.length)) continue
      roomsMatched++
      for (let k = 0; k < sent.length; k++) last.push((Math.max(...got.map((g) => g[k])) - sent[k]) / 1000)
    }
    wire = { p50: pct(last, 50), p99: pct(last, 99), frames: last.length, roomsMatched, dropped }
  }
  for (const w of workers) { try { w.kill() } catch {} }
  await server.stop()
  return {
    kind, rooms, connections: rooms * CLIENTS, connectS, rssIdle, idleDetail, rssPeak, cpuShare: cpuS / runS,
    client: { p50: pctHist(hist, samples, 50), p99: pctHist(hist, samples, 99), samples, expected, lost },
    wire
  }
}

async function main () {
  for (const f of [CAUCUS, REF_SERVER]) if (!existsSync(f)) throw new Error(`missing ${f} (cargo build --release --bin caucus; npm ci)`)
  let load = ''
  try { load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') } catch {}
  log(`machine: ${cpus()[0]?.model} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load ${load}; ${WORKERS} client processes; ${SECONDS} s of typing per level`)
  const rows = []
  for (const rooms of ROOMS) {
    for (const kind of ['caucus', 'reference'].filter((k) => !ONLY || k === ONLY)) {
      log(`${kind}: ${rooms} rooms × ${CLIENTS} clients`)
      const r = await level(kind, rooms)
      log(JSON.stringify(r))
      rows.push(r)
    }
  }
  const f = (x) => Number.isFinite(x) ? x.toFixed(1) : '–'
  console.log(`| server | rooms | connections | fan-out p50 / p99 on the wire (ms) | clients' p50 / p99 (ms) | relay RSS idle / peak (MiB) | relay CPU (share of one core) | holds the goal (p99 ≤ ${GOAL_P99_MS} ms, RSS ≤ ${GOAL_RSS_MIB} MiB) |`)
  console.log('|---|---:|---:|---:|---:|---:|---:|---|')
  for (const r of rows) {
    const p99 = r.wire ? r.wire.p99 : r.client.p99
    const holds = p99 <= GOAL_P99_MS && r.rssPeak <= GOAL_RSS_MIB && r.client.samples >= r.client.expected * 0.99
    const wire = r.wire ? `${f(r.wire.p50)} / ${f(r.wire.p99)} (${r.wire.roomsMatched} rooms matched${r.wire.dropped ? `, ${r.wire.dropped} packets dropped` : ''})` : '–'
    console.log(`| ${r.kind} | ${r.rooms} | ${r.connections} | ${wire} | ${f(r.client.p50)} / ${f(r.client.p99)} (${r.client.samples} of ${r.client.expected}) | ${f(r.rssIdle)} / ${f(r.rssPeak)} | ${(r.cpuShare * 100).toFixed(0)}% | ${holds ? 'yes' : 'no'} |`)
  }
}

if (process.argv.includes('--worker')) worker().catch((e) => { process.stderr.write(`worker: ${e.stack}\n`); process.exit(1) })
else main().catch((e) => { process.stderr.write(`scale: ${e.stack}\n`); process.exit(1) })
