//! Store benchmarks (issue #2): cold open, durable save throughput and acknowledgement latency, size after compaction — each printed as ours / peer / ratio, the peer measured in the same run.
//!
//! Run with `cargo bench --bench store`. Environment:
//! - `CAUCUS_BENCH_DIR`: where the databases go (default: the system temp dir). It must be a real
//!   disk for the durability numbers to mean anything (not tmpfs).
//! - `CAUCUS_BENCH_QUICK=1`: a smoke run (a prefix of the trace, fewer edits and repetitions).
//! - `CAUCUS_BENCH_TRACE`: another editing trace in the same format.
//! - `CAUCUS_BENCH_LOCALITY=1`: instead, only the experiment on why yrs runs slower in-process.
//!
//! See BENCHMARKS.md for what each number means and the results.

use std::collections::VecDeque;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use caucus::host::{Host, SeededEntropy, SystemClock};
use caucus::model::draft::Draft;
use caucus::model::{new_doc, DocName};
use caucus::store::{Pending, Store};
use caucus::workshop::NewWorkshop;
use caucus::{Caucus, NewParagraph, ParaKind, Workshop};
use rusqlite::{params, Connection};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use yrs::updates::decoder::Decode;
use yrs::{GetString, ReadTxn, StateVector, Text, Transact, Update};

const TRACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/editing-traces/automerge-paper.json.gz");

/// Pipelined writes kept in flight before the producer waits for the oldest (bounds memory). Each
/// in-flight write holds an ack channel (~0.5 KB); many thousands of them interleave with yrs items
/// in the heap and slow yrs's position search (see BENCHMARKS.md), so keep this about one commit.
const WINDOW: usize = 1_024;

// ------------------------------------------------------------------------------------------
// Settings

struct Settings {
    quick: bool,
    trace_path: PathBuf,
    /// Patches of the trace to apply (all of them unless quick).
    trace_limit: usize,
    open_reps: usize,
    throughput_edits: usize,
    naive_max_edits: usize,
    naive_max_time: Duration,
    rate_per_s: u64,
    rate_duration: Duration,
    closed_threads: usize,
    closed_edits_per_thread: usize,
}

impl Settings {
    fn from_env() -> Settings {
        let quick = std::env::var("CAUCUS_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
        let trace_path = std::env::var_os("CAUCUS_BENCH_TRACE").map(PathBuf::from).unwrap_or_else(|| TRACE.into());
        if quick {
            Settings {
                quick,
                trace_path,
                trace_limit: 20_000,
                open_reps: 3,
                throughput_edits: 20_000,
                naive_max_edits: 300,
                naive_max_time: Duration::from_secs(1),
                rate_per_s: 1000,
                rate_duration: Duration::from_secs(1),
                closed_threads: 4,
                closed_edits_per_thread: 200,
            }
        } else {
            Settings {
                quick,
                trace_path,
                trace_limit: usize::MAX,
                open_reps: 21,
                throughput_edits: 100_000,
                naive_max_edits: 3_000,
                naive_max_time: Duration::from_secs(4),
                rate_per_s: 1000,
                rate_duration: Duration::from_secs(4),
                closed_threads: 4,
                closed_edits_per_thread: 1_000,
            }
        }
    }
}

// ------------------------------------------------------------------------------------------
// The trace

#[derive(Deserialize)]
struct RawTrace {
    #[serde(rename = "startContent")]
    start: String,
    #[serde(rename = "endContent")]
    end: String,
    txns: Vec<RawTxn>,
}

#[derive(Deserialize)]
struct RawTxn {
    patches: Vec<(usize, usize, String)>,
}

/// One edit in UTF-8 bytes, as the draft's XmlText (OffsetKind::Bytes) takes it.
struct ByteEdit {
    at: u32,
    delete: u32,
    insert: String,
}

struct Trace {
    edits: Vec<ByteEdit>,
    /// The text after `edits`, from a plain `String` mirror (equals endContent for a full run).
    expected: String,
    full: bool,
}

/// Loads a trace and converts each patch's code-point positions to byte offsets with a `String`
/// mirror (outside any timing), checking the mirror ends at `endContent`.
fn load_trace(path: &Path, limit: usize) -> Trace {
    let file = File::open(path).unwrap_or_else(|e| panic!("cannot open the trace {}: {e}", path.display()));
    let raw: RawTrace = serde_json::from_reader(BufReader::new(flate2::read::GzDecoder::new(file)))
        .expect("the trace is not gzip JSON {startContent, endContent, txns:[{patches}]}");
    let mut text = raw.start.clone();
    assert!(text.is_empty(), "the bench expects a trace that starts empty");
    let mut ascii = true;
    // Code point -> byte offset. The automerge-paper trace is ASCII, so the fast path is taken.
    let byte_at = |s: &str, ascii: bool, cp: usize| -> usize {
        if ascii {
            cp
        } else {
            s.char_indices().nth(cp).map(|(b, _)| b).unwrap_or(s.len())
        }
    };
    let patches: Vec<(usize, usize, String)> = raw.txns.into_iter().flat_map(|t| t.patches).collect();
    let full = limit >= patches.len();
    let mut edits = Vec::with_capacity(patches.len().min(limit));
    for (pos, del, ins) in patches.into_iter().take(limit) {
        let start = byte_at(&text, ascii, pos);
        let end = if del > 0 { byte_at(&text, ascii, pos + del) } else { start };
        text.replace_range(start..end, &ins);
        ascii &= ins.is_ascii();
        edits.push(ByteEdit { at: start as u32, delete: (end - start) as u32, insert: ins });
    }
    if full {
        assert_eq!(text, raw.end, "the String mirror does not end at endContent");
    }
    Trace { edits, expected: text, full }
}

/// Applies one edit to a paragraph's XmlText.
fn apply_edit(txn: &mut yrs::TransactionMut, text: &yrs::XmlTextRef, e: &ByteEdit) {
    if e.delete > 0 {
        text.remove_range(txn, e.at, e.delete);
    }
    if !e.insert.is_empty() {
        text.insert(txn, e.at, &e.insert);
    }
}

// ------------------------------------------------------------------------------------------
// Helpers

fn host(seed: u64) -> Host {
    Host { clock: Box::new(SystemClock), entropy: Box::new(SeededEntropy::new(seed)) }
}

/// A fresh workshop with one empty text paragraph; returns it and the paragraph's 0-based index.
fn workshop_with_paragraph(caucus: &Caucus, title: &str) -> (Workshop, usize) {
    let ws = caucus.create(&NewWorkshop::titled(title)).expect("cannot create the workshop");
    let para = ws.add_paragraph(None, NewParagraph::new(ParaKind::Text, "")).expect("cannot add a paragraph");
    let index =
        ws.paragraphs().iter().position(|p| p.para.id == para.id).expect("the added paragraph is not in the draft");
    (ws, index)
}

/// Edits between two progress marks of [`pipeline`] and [`yrs_alone`].
const SEGMENT: usize = 50_000;

/// CPU time and run-queue wait of a thread, from `/proc/<tid>/schedstat` (Linux; zeros elsewhere).
#[derive(Clone, Copy, Default)]
struct Sched {
    cpu: Duration,
    wait: Duration,
}

impl std::ops::Sub for Sched {
    type Output = Sched;
    fn sub(self, o: Sched) -> Sched {
        Sched { cpu: self.cpu.saturating_sub(o.cpu), wait: self.wait.saturating_sub(o.wait) }
    }
}

fn schedstat(path: &Path) -> Sched {
    let s = std::fs::read_to_string(path).unwrap_or_default();
    let mut f = s.split_whitespace().map(|x| x.parse::<u64>().unwrap_or(0));
    Sched { cpu: Duration::from_nanos(f.next().unwrap_or(0)), wait: Duration::from_nanos(f.next().unwrap_or(0)) }
}

/// (this thread, the store's writer thread(s) of this process).
fn sched_now() -> (Sched, Sched) {
    let me = schedstat(Path::new("/proc/thread-self/schedstat"));
    let mut writer = Sched::default();
    if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
        for task in tasks.flatten() {
            let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            if comm.starts_with("caucus-store") {
                let s = schedstat(&task.path().join("schedstat"));
                writer.cpu += s.cpu;
                writer.wait += s.wait;
            }
        }
    }
    (me, writer)
}

/// What a pipelined run spent: first submit to last ack, progress marks, and the CPU time and
/// run-queue wait of the producer (this thread) and of the store's writer thread.
struct PipeStats {
    total: Duration,
    /// Elapsed time when each [`SEGMENT`] of edits had been submitted.
    marks: Vec<Duration>,
    producer: Sched,
    writer: Sched,
}

impl PipeStats {
    fn threads(&self, n: usize) -> String {
        format!(
            "producer thread {:.2} s CPU + {:.2} s waiting for a CPU; writer thread {:.2} s CPU ({:.1} us/edit) + {:.2} s waiting",
            self.producer.cpu.as_secs_f64(),
            self.producer.wait.as_secs_f64(),
            self.writer.cpu.as_secs_f64(),
            self.writer.cpu.as_secs_f64() * 1e6 / n as f64,
            self.writer.wait.as_secs_f64()
        )
    }
}

/// Runs `edit(i, txn, draft)` for `i in 0..n`, each in its own `transact_pipelined` (one store
/// update each), at most [`WINDOW`] unacknowledged; returns once every one is acknowledged.
fn pipeline(ws: &Workshop, n: usize, edit: impl Fn(usize, &mut yrs::TransactionMut, &Draft)) -> PipeStats {
    let (p0, w0) = sched_now();
    let mut marks = Vec::new();
    let start = Instant::now();
    let mut inflight: VecDeque<Pending> = VecDeque::with_capacity(WINDOW + 1);
    for i in 0..n {
        if let Some(p) = ws.transact_pipelined(DocName::Draft, |txn, draft| edit(i, txn, draft)).expect("a write was refused") {
            inflight.push_back(p);
        }
        while inflight.len() > WINDOW {
            inflight.pop_front().expect("non-empty").wait().expect("a pipelined save failed");
        }
        if (i + 1) % SEGMENT == 0 {
            marks.push(start.elapsed());
        }
    }
    for p in inflight {
        p.wait().expect("a pipelined save failed");
    }
    let total = start.elapsed();
    let (p1, w1) = sched_now();
    PipeStats { total, marks, producer: p1 - p0, writer: w1 - w0 }
}

/// The trace's edits applied to paragraph `index`.
fn pipeline_trace(ws: &Workshop, index: usize, edits: &[ByteEdit]) -> PipeStats {
    pipeline(ws, edits.len(), |i, txn, draft| {
        let el = &draft.elements(txn)[index];
        let text = Draft::text_of(txn, el).expect("the paragraph has no text");
        apply_edit(txn, &text, &edits[i]);
    })
}

/// The same edits on a plain yrs doc with the same options and schema, one transaction and one
/// encoded update each, plus a full-state encode every 500 edits (the store's compaction
/// snapshot), no store: what yrs alone costs. Returns (total, of which snapshots, marks).
fn yrs_alone(edits: &[ByteEdit]) -> (Duration, Duration, Vec<Duration>) {
    let doc = new_doc(DocName::Draft, 5);
    let draft = Draft::new(&doc);
    draft
        .insert(&mut doc.transact_mut(), 0, "p-alone", &NewParagraph::new(ParaKind::Text, ""))
        .expect("cannot insert a paragraph");
    let mut marks = Vec::new();
    let mut bytes = 0usize;
    let mut snapshots = Duration::ZERO;
    let start = Instant::now();
    for (i, e) in edits.iter().enumerate() {
        let mut txn = doc.transact_mut();
        let el = &draft.elements(&txn)[0];
        let text = Draft::text_of(&txn, el).expect("no text");
        apply_edit(&mut txn, &text, e);
        bytes += txn.encode_update_v1().len();
        drop(txn);
        if i % 500 == 499 {
            let t = Instant::now();
            bytes += doc.transact().encode_state_as_update_v1(&StateVector::default()).len();
            snapshots += t.elapsed();
        }
        if (i + 1) % SEGMENT == 0 {
            marks.push(start.elapsed());
        }
    }
    let took = start.elapsed();
    assert!(bytes > 0);
    (took, snapshots, marks)
}

/// "0-50k 12.3k/s, ..." from progress marks.
fn segment_rates(marks: &[Duration]) -> String {
    let mut prev = Duration::ZERO;
    marks
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let rate = SEGMENT as f64 / (*m - prev).as_secs_f64();
            prev = *m;
            format!("{}-{}k {:.1}k/s", i * SEGMENT / 1000, (i + 1) * SEGMENT / 1000, rate / 1000.0)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn paragraph_text(ws: &Workshop, index: usize) -> String {
    ws.paragraphs().get(index).expect("the paragraph is missing").para.text()
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn checksum(data: &[u8]) -> i64 {
    let digest = Sha256::digest(data);
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_le_bytes(first)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

// ------------------------------------------------------------------------------------------
// The machine

fn describe_machine(dir: &Path) {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(str::trim)
        .unwrap_or("?");
    let mhz = cpuinfo
        .lines()
        .find(|l| l.starts_with("cpu MHz"))
        .and_then(|l| l.split(':').nth(1))
        .map(str::trim)
        .unwrap_or("?");
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let ram_kb: u64 = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    // The mount holding the bench directory: the longest mount point that prefixes it.
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    let mount = mounts
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() >= 4 && canonical.starts_with(f[1]))
                .then(|| (f[1].len(), format!("{} on {} type {} ({})", f[0], f[1], f[2], f[3])))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, m)| m)
        .unwrap_or_else(|| "?".into());
    println!("machine");
    println!("  cpu      {model} ({mhz} MHz), {cores} cores available");
    println!("  ram      {:.1} GiB", ram_kb as f64 / 1024.0 / 1024.0);
    println!("  kernel   {}", kernel.trim());
    println!("  bench dir {} — {mount}", canonical.display());
    println!("  sqlite   {} (bundled), yrs 0.28, journal_mode=WAL, synchronous=FULL", rusqlite::version());
    println!("  load     {} (1/5/15 min) at start", loadavg());
    println!();
}

// ------------------------------------------------------------------------------------------
// 1 + 3: the trace, cold open, size

struct TraceRun {
    id: String,
    index: usize,
    state: Vec<u8>,
    apply: PipeStats,
}

fn run_trace(dir: &Path, trace: &Trace) -> (TraceRun, SizeReport) {
    let caucus = Caucus::open_with(dir, host(1)).expect("cannot open the store");
    let (ws, index) = workshop_with_paragraph(&caucus, "Automerge paper");
    let apply = pipeline_trace(&ws, index, &trace.edits);
    let text = paragraph_text(&ws, index);
    assert_eq!(text.len(), trace.expected.len(), "the draft's text has the wrong length after the trace");
    assert!(text == trace.expected, "the draft's text differs from the trace's end content");
    let state = ws.encode_state(DocName::Draft);
    let size = measure_size(caucus.store(), ws.id(), state.len());
    let id = ws.id().to_string();
    drop(ws);
    drop(caucus);
    (TraceRun { id, index, state, apply }, size)
}

struct SizeReport {
    rows: usize,
    row_bytes: usize,
    file: u64,
    encoded: usize,
}

fn measure_size(store: &Store, id: &str, encoded: usize) -> SizeReport {
    store.checkpoint().expect("checkpoint failed");
    let (rows, row_bytes) = store.room_stats(id, DocName::Draft).expect("room_stats failed");
    SizeReport { rows, row_bytes, file: store.disk_size(), encoded }
}

/// Page accounting of the database file (why the file is bigger than its rows): page size,
/// page count, free-list pages, and per table or index: pages, payload bytes, unused bytes.
struct Pages {
    size: i64,
    count: i64,
    free: i64,
    objects: Vec<(String, i64, i64, i64)>,
}

fn page_stats(dir: &Path) -> Pages {
    let conn =
        Connection::open_with_flags(dir.join(caucus::store::DATABASE_FILE), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("cannot open the database read-only");
    let q = |p: &str| conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, i64>(0)).expect("pragma failed");
    let mut stmt = conn
        .prepare("SELECT name, count(*), sum(payload), sum(unused) FROM dbstat GROUP BY name ORDER BY count(*) DESC")
        .expect("dbstat is not available");
    let objects = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("dbstat query failed")
        .collect::<Result<Vec<_>, _>>()
        .expect("dbstat row");
    Pages { size: q("page_size"), count: q("page_count"), free: q("freelist_count"), objects }
}

fn print_pages(p: &Pages) {
    println!("   pages: {} x {} B; free list {} ({} B)", p.count, p.size, p.free, p.free * p.size);
    let list = p
        .objects
        .iter()
        .map(|(name, pages, payload, unused)| format!("{name} {pages}p/{payload}B payload/{unused}B unused"))
        .collect::<Vec<_>>()
        .join("; ");
    println!("     {list}");
}

/// Ours: `Caucus::open` + `open_workshop` + reading the paragraph's text.
/// Also returns the parts: (`Caucus::open`, `open_workshop`, read).
fn cold_open_ours(dir: &Path, id: &str, index: usize) -> (Duration, String, [Duration; 3]) {
    let start = Instant::now();
    let caucus = Caucus::open(dir).expect("cannot open the store");
    let opened = start.elapsed();
    let ws = caucus.open_workshop(id).expect("cannot open the workshop");
    let loaded = start.elapsed();
    let text = paragraph_text(&ws, index);
    let took = start.elapsed();
    drop(ws);
    drop(caucus);
    (took, text, [opened, loaded - opened, took - loaded])
}

/// Peer: the same final state decoded and applied directly with yrs, read the same way.
fn cold_open_peer(state: &[u8], index: usize) -> (Duration, String) {
    let start = Instant::now();
    let update = Update::decode_v1(state).expect("cannot decode the saved state");
    let doc = new_doc(DocName::Draft, 1);
    let draft = Draft::new(&doc);
    doc.transact_mut().apply_update(update).expect("cannot apply the saved state");
    let text = {
        let txn = doc.transact();
        draft.paragraphs(&txn).get(index).expect("the paragraph is missing").text()
    };
    (start.elapsed(), text)
}

/// Where ours spends its time: the steps of `open_workshop`, replayed with the public API.
struct OpenSplit {
    quick_check: Duration,
    /// A raw connection set up like the store's, without and with `PRAGMA auto_vacuum`.
    connect_plain: Duration,
    connect_auto_vacuum: Duration,
    store_open: Duration,
    sqlite_read: Duration,
    rows: usize,
    decode: Duration,
    apply_snapshot: Duration,
    apply_rows: Duration,
    other_docs: Duration,
    read_diff: Duration,
    read_string: Duration,
    close: Duration,
}

fn open_split(dir: &Path, id: &str, index: usize) -> OpenSplit {
    let quick_check = {
        let conn = Connection::open_with_flags(
            dir.join(caucus::store::DATABASE_FILE),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("cannot open the database read-only");
        let t = Instant::now();
        let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).expect("quick_check failed");
        assert_eq!(ok, "ok");
        t.elapsed()
    };
    let connect = |auto_vacuum: bool| {
        let t = Instant::now();
        let conn = Connection::open(dir.join(caucus::store::DATABASE_FILE)).expect("cannot open the database");
        conn.busy_timeout(Duration::from_secs(10)).expect("busy_timeout");
        if auto_vacuum {
            conn.pragma_update(None, "auto_vacuum", "INCREMENTAL").expect("auto_vacuum");
        }
        conn.pragma_update(None, "journal_mode", "WAL").expect("WAL");
        conn.pragma_update(None, "synchronous", "FULL").expect("synchronous");
        conn.pragma_update(None, "foreign_keys", "ON").expect("foreign_keys");
        let took = t.elapsed();
        drop(conn);
        took
    };
    let connect_plain = connect(false);
    let connect_auto_vacuum = connect(true);
    let t = Instant::now();
    let store = Store::open(dir).expect("cannot open the store");
    let store_open = t.elapsed();

    let t = Instant::now();
    let rows = store.load(id, DocName::Draft).expect("cannot load the draft");
    let sqlite_read = t.elapsed();

    let t = Instant::now();
    let updates: Vec<(bool, Update)> =
        rows.iter().map(|r| (r.snapshot, Update::decode_v1(&r.data).expect("a stored row does not decode"))).collect();
    let decode = t.elapsed();

    let doc = new_doc(DocName::Draft, 2);
    let draft = Draft::new(&doc);
    let mut apply_snapshot = Duration::ZERO;
    let mut apply_rows = Duration::ZERO;
    for (snapshot, u) in updates {
        let t = Instant::now();
        doc.transact_mut().apply_update(u).expect("a stored row does not apply");
        if snapshot {
            apply_snapshot += t.elapsed();
        } else {
            apply_rows += t.elapsed();
        }
    }

    let t = Instant::now();
    for name in [DocName::Notes, DocName::Roster] {
        let other = new_doc(name, 3);
        for r in store.load(id, name).expect("cannot load a document") {
            let u = Update::decode_v1(&r.data).expect("a stored row does not decode");
            other.transact_mut().apply_update(u).expect("a stored row does not apply");
        }
    }
    let _ = store.workshops().expect("cannot list workshops");
    let other_docs = t.elapsed();

    let t = Instant::now();
    let text = {
        let txn = doc.transact();
        draft.paragraphs(&txn).get(index).expect("the paragraph is missing").text()
    };
    let read_diff = t.elapsed();
    let t = Instant::now();
    let plain = {
        let txn = doc.transact();
        let el = &draft.elements(&txn)[index];
        Draft::text_of(&txn, el).expect("no text").get_string(&txn)
    };
    let read_string = t.elapsed();
    assert_eq!(text, plain);
    // Also confirm the state vector agrees with a fresh encode (sanity, untimed).
    let _ = doc.transact().encode_state_as_update_v1(&StateVector::default());

    let t = Instant::now();
    drop(store);
    let close = t.elapsed();
    OpenSplit {
        quick_check,
        connect_plain,
        connect_auto_vacuum,
        store_open,
        sqlite_read,
        rows: rows.len(),
        decode,
        apply_snapshot,
        apply_rows,
        other_docs,
        read_diff,
        read_string,
        close,
    }
}

struct OpenResult {
    /// Medians of `Caucus::open`, `open_workshop`, read.
    ours_parts: [Duration; 3],
    ours: Duration,
    peer: Duration,
    ours_min: Duration,
    peer_min: Duration,
    ours_all: Vec<Duration>,
    peer_all: Vec<Duration>,
}

fn cold_opens(dir: &Path, run: &TraceRun, expected: &str, reps: usize) -> OpenResult {
    // One untimed warm-up of each so both start with the file in the page cache.
    let _ = cold_open_ours(dir, &run.id, run.index);
    let _ = cold_open_peer(&run.state, run.index);
    let mut ours = Vec::new();
    let mut peer = Vec::new();
    let mut parts: [Vec<Duration>; 3] = Default::default();
    for _ in 0..reps {
        let (d, text, p) = cold_open_ours(dir, &run.id, run.index);
        assert!(text == expected, "cold open read a different text");
        ours.push(d);
        for (v, x) in parts.iter_mut().zip(p) {
            v.push(x);
        }
        let (d, text) = cold_open_peer(&run.state, run.index);
        assert!(text == expected, "the peer read a different text");
        peer.push(d);
    }
    let ours_all = ours.clone();
    let peer_all = peer.clone();
    let ours_min = ours.iter().min().copied().unwrap_or_default();
    let peer_min = peer.iter().min().copied().unwrap_or_default();
    let ours_parts = [median(&mut parts[0]), median(&mut parts[1]), median(&mut parts[2])];
    OpenResult { ours_parts, ours: median(&mut ours), peer: median(&mut peer), ours_min, peer_min, ours_all, peer_all }
}

// ------------------------------------------------------------------------------------------
// 2: durable saves

/// One acknowledged write: when it was submitted and how long its ack took.
type Sample = (Instant, Duration);

struct Latency {
    count: usize,
    /// Time spent producing these samples (for a rate).
    elapsed: Duration,
    p50: Duration,
    p99: Duration,
    max: Duration,
    /// Samples over [`STALL`], the bursts they form (gaps under 100 ms), and the longest burst.
    stalls: usize,
    bursts: usize,
    longest_burst: Duration,
}

/// A write slower than this counts as stalled (the p99 goal).
const STALL: Duration = Duration::from_millis(10);

impl Latency {
    fn from(mut samples: Vec<Sample>, elapsed: Duration) -> Latency {
        samples.sort_by_key(|s| s.0);
        let mut stalls = 0;
        let mut bursts = 0;
        let mut longest_burst = Duration::ZERO;
        let mut burst: Option<(Instant, Instant)> = None;
        for &(at, took) in samples.iter().filter(|s| s.1 > STALL) {
            stalls += 1;
            let end = at + took;
            burst = match burst {
                Some((start, last_end)) if at <= last_end + Duration::from_millis(100) => {
                    Some((start, last_end.max(end)))
                }
                previous => {
                    if let Some((s0, e0)) = previous {
                        longest_burst = longest_burst.max(e0 - s0);
                    }
                    bursts += 1;
                    Some((at, end))
                }
            };
        }
        if let Some((s0, e0)) = burst {
            longest_burst = longest_burst.max(e0 - s0);
        }
        let mut took: Vec<Duration> = samples.iter().map(|s| s.1).collect();
        took.sort();
        Latency {
            count: took.len(),
            elapsed,
            p50: percentile(&took, 50.0),
            p99: percentile(&took, 99.0),
            max: took.last().copied().unwrap_or_default(),
            stalls,
            bursts,
            longest_burst,
        }
    }

    fn rate(&self) -> f64 {
        self.count as f64 / self.elapsed.as_secs_f64()
    }

    fn describe(&self) -> String {
        format!(
            "{} edits at {:.0}/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {} over {} ms in {} burst(s), longest {:.0} ms",
            self.count,
            self.rate(),
            ms(self.p50),
            ms(self.p99),
            ms(self.max),
            self.stalls,
            STALL.as_millis(),
            self.bursts,
            ms(self.longest_burst)
        )
    }
}

/// One producer submitting edits at a fixed rate for `duration`; a waiter thread records
/// submit→ack per edit. Trace edits past the paragraph's end are clamped.
fn fixed_rate(ws: &Workshop, index: usize, edits: &[ByteEdit], rate: u64, duration: Duration) -> Vec<Sample> {
    let total = (rate as f64 * duration.as_secs_f64()) as usize;
    let interval = Duration::from_nanos(1_000_000_000 / rate);
    let (tx, rx) = crossbeam_channel::unbounded::<(Instant, Pending)>();
    let waiter = std::thread::spawn(move || {
        let mut samples = Vec::new();
        for (submitted, pending) in rx {
            pending.wait().expect("a save failed");
            samples.push((submitted, submitted.elapsed()));
        }
        samples
    });
    let start = Instant::now();
    for (i, e) in edits.iter().cycle().take(total).enumerate() {
        let due = start + interval * i as u32;
        let now = Instant::now();
        if due > now {
            std::thread::sleep(due - now);
        }
        let submitted = Instant::now();
        let pending = ws.transact_pipelined(DocName::Draft, |txn, draft| {
            let el = &draft.elements(txn)[index];
            let text = Draft::text_of(txn, el).expect("the paragraph has no text");
            let len = text.len(txn);
            let at = e.at.min(len);
            let clamped = ByteEdit { at, delete: e.delete.min(len - at), insert: e.insert.clone() };
            apply_edit(txn, &text, &clamped);
        });
        if let Some(p) = pending.expect("a write was refused") {
            tx.send((submitted, p)).expect("the waiter stopped");
        }
    }
    drop(tx);
    waiter.join().expect("the waiter panicked")
}

/// Several writer threads, each typing at the end of its own paragraph: edit → wait → edit.
fn closed_loop(ws: &Workshop, threads: usize, per_thread: usize) -> Latency {
    let first = ws.paragraphs().len();
    for _ in 0..threads {
        ws.add_paragraph(None, NewParagraph::new(ParaKind::Text, "")).expect("cannot add a paragraph");
    }
    let start = Instant::now();
    let samples: Vec<Sample> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let ws = ws.clone();
                s.spawn(move || {
                    let mut samples = Vec::with_capacity(per_thread);
                    for _ in 0..per_thread {
                        let submitted = Instant::now();
                        let pending = ws.transact_pipelined(DocName::Draft, |txn, draft| {
                            let el = &draft.elements(txn)[first + t];
                            let text = Draft::text_of(txn, el).expect("the paragraph has no text");
                            let len = text.len(txn);
                            text.insert(txn, len, "x");
                        });
                        pending.expect("a write was refused").expect("an edit produced no update").wait().expect("a save failed");
                        samples.push((submitted, submitted.elapsed()));
                    }
                    samples
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a writer panicked")).collect()
    });
    Latency::from(samples, start.elapsed())
}

/// The naive peer: one transaction (and so one fsync) per update, WAL, synchronous=FULL, same
/// table and index, same kind of update bytes (made by the same edits on a plain yrs doc).
struct Naive {
    conn: Connection,
    updates: Vec<Vec<u8>>,
    next: usize,
    samples: Vec<Sample>,
    busy: Duration,
}

impl Naive {
    fn new(dir: &Path, edits: &[ByteEdit], count: usize) -> Naive {
        // The update bytes, made before timing.
        let doc = new_doc(DocName::Draft, 9);
        let draft = Draft::new(&doc);
        draft
            .insert(&mut doc.transact_mut(), 0, "p-naive", &NewParagraph::new(ParaKind::Text, ""))
            .expect("cannot insert a paragraph");
        let updates: Vec<Vec<u8>> = edits
            .iter()
            .take(count)
            .map(|e| {
                let mut txn = doc.transact_mut();
                let el = &draft.elements(&txn)[0];
                let text = Draft::text_of(&txn, el).expect("no text");
                apply_edit(&mut txn, &text, e);
                txn.encode_update_v1()
            })
            .collect();
        std::fs::create_dir_all(dir).expect("cannot create the naive store's directory");
        let conn = Connection::open(dir.join("naive.sqlite3")).expect("cannot open the naive store");
        conn.pragma_update(None, "journal_mode", "WAL").expect("WAL");
        conn.pragma_update(None, "synchronous", "FULL").expect("synchronous");
        conn.execute_batch(
            "CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, workshop_id TEXT NOT NULL, doc TEXT NOT NULL,
                                   snapshot INTEGER NOT NULL DEFAULT 0, data BLOB NOT NULL, checksum INTEGER NOT NULL);
             CREATE INDEX updates_by_room ON updates (workshop_id, doc, snapshot DESC, seq);",
        )
        .expect("cannot create the naive table");
        Naive { conn, updates, next: 0, samples: Vec::new(), busy: Duration::ZERO }
    }

    /// Inserts updates (cycling through them), one committed transaction each, for `duration`.
    fn run_for(&mut self, duration: Duration) {
        let start = Instant::now();
        while start.elapsed() < duration {
            let data = &self.updates[self.next % self.updates.len()];
            self.next += 1;
            let t = Instant::now();
            let tx = self.conn.transaction().expect("begin");
            tx.prepare_cached(
                "INSERT INTO updates (workshop_id, doc, snapshot, data, checksum) VALUES (?1, ?2, 0, ?3, ?4)",
            )
            .expect("prepare")
            .execute(params!["naive-workshop", "draft", data, checksum(data)])
            .expect("insert");
            tx.commit().expect("commit");
            self.samples.push((t, t.elapsed()));
        }
        self.busy += start.elapsed();
    }

    fn latency(self) -> Latency {
        Latency::from(self.samples, self.busy)
    }
}

// ------------------------------------------------------------------------------------------

fn ratio(ours: f64, peer: f64) -> f64 {
    ours / peer
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "MISSED"
    }
}

// ------------------------------------------------------------------------------------------
// Optional: why yrs runs slower inside the app than alone (CAUCUS_BENCH_LOCALITY=1)

/// The first `n` trace edits on a plain yrs doc, one encoded update each, with `side(update)`
/// called per edit (what the store's producer side does with it). Returns the elapsed time.
fn yrs_loop(edits: &[ByteEdit], mut side: impl FnMut(Vec<u8>)) -> Duration {
    let doc = new_doc(DocName::Draft, 5);
    let draft = Draft::new(&doc);
    draft
        .insert(&mut doc.transact_mut(), 0, "p-loop", &NewParagraph::new(ParaKind::Text, ""))
        .expect("cannot insert a paragraph");
    let start = Instant::now();
    for e in edits {
        let update = {
            let mut txn = doc.transact_mut();
            let el = &draft.elements(&txn)[0];
            let text = Draft::text_of(&txn, el).expect("no text");
            apply_edit(&mut txn, &text, e);
            txn.encode_update_v1()
        };
        side(update);
    }
    start.elapsed()
}

/// Sends each update, with a per-write `bounded(1)` ack channel like `Store::submit` when
/// `with_ack`, to a thread that drops it and acks; at most `window` acks outstanding.
fn yrs_loop_sending(edits: &[ByteEdit], with_ack: bool, window: usize) -> Duration {
    type Ack = crossbeam_channel::Sender<i64>;
    let (tx, rx) = crossbeam_channel::unbounded::<(Vec<u8>, Option<Ack>)>();
    let sink = std::thread::spawn(move || {
        for (update, ack) in rx {
            drop(update);
            if let Some(a) = ack {
                let _ = a.send(1);
            }
        }
    });
    let mut acks = VecDeque::new();
    let took = yrs_loop(edits, |update| {
        if with_ack {
            let (ack, wait) = crossbeam_channel::bounded(1);
            tx.send((update, Some(ack))).expect("the sink stopped");
            acks.push_back(wait);
        } else {
            tx.send((update, None)).expect("the sink stopped");
        }
        while acks.len() > window {
            let _ = acks.pop_front().expect("non-empty").recv();
        }
    });
    for a in acks {
        let _ = a.recv();
    }
    drop(tx);
    sink.join().expect("the sink panicked");
    took
}

fn locality(trace: &Trace) {
    let edits = &trace.edits[..100_000.min(trace.edits.len())];
    println!("locality: the first {} trace edits on a plain yrs doc, one update each (best of 3)", edits.len());
    let best = |f: &dyn Fn() -> Duration| (0..3).map(|_| f()).min().unwrap_or_default();
    println!(
        "   alone                                             {:>6.2} s",
        best(&|| yrs_loop(edits, drop)).as_secs_f64()
    );
    let spinning = best(&|| {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let spinner = std::thread::spawn(move || {
            let mut x = 0u64;
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        });
        let took = yrs_loop(edits, drop);
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        spinner.join().expect("the spinner panicked");
        took
    });
    println!("   alone, another thread spinning                    {:>6.2} s", spinning.as_secs_f64());
    println!(
        "   updates sent to a thread, no ack channel          {:>6.2} s",
        best(&|| yrs_loop_sending(edits, false, 0)).as_secs_f64()
    );
    for window in [256, 1024, 16_384] {
        println!(
            "   + a bounded(1) ack channel per update, {:>5} open {:>6.2} s",
            window,
            best(&|| yrs_loop_sending(edits, true, window)).as_secs_f64()
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a name filter is accepted and ignored.
    let settings = Settings::from_env();
    let base = std::env::var_os("CAUCUS_BENCH_DIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&base).expect("cannot create the bench directory");
    let root = tempfile::Builder::new().prefix("caucus-bench-").tempdir_in(&base).expect("cannot create a temp dir");
    let bench_start = Instant::now();
    println!(
        "caucus store benchmarks (issue #2){}",
        if settings.quick { " — QUICK smoke run, numbers not comparable" } else { "" }
    );
    println!();
    describe_machine(root.path());

    // --- 1. the trace through the store -------------------------------------------------------
    let t = Instant::now();
    let trace = load_trace(&settings.trace_path, settings.trace_limit);
    println!(
        "trace    {} — {} edits ({}), {} bytes at the end; loaded and converted to byte offsets in {:.2} s",
        settings.trace_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        trace.edits.len(),
        if trace.full { "all" } else { "a prefix" },
        trace.expected.len(),
        t.elapsed().as_secs_f64()
    );
    if std::env::var_os("CAUCUS_BENCH_LOCALITY").is_some_and(|v| !v.is_empty() && v != "0") {
        locality(&trace);
        return;
    }
    let trace_dir = root.path().join("trace");
    let (run, size_natural) = run_trace(&trace_dir, &trace);
    let (alone, alone_snapshots, alone_marks) = yrs_alone(&trace.edits);
    let apply = &run.apply;
    println!(
        "1+3 the trace through the store, each edit one pipelined update ({} in flight at most): {:.2} s = {:.0} edits/s; text verified",
        WINDOW,
        apply.total.as_secs_f64(),
        trace.edits.len() as f64 / apply.total.as_secs_f64()
    );
    println!("      by 50k segments: {}", segment_rates(&apply.marks));
    println!("      {}", apply.threads(trace.edits.len()));
    println!(
        "    yrs alone, same edits on a plain doc + a state encode every 500 edits, no store: {:.2} s = {:.0} edits/s (state encodes {:.2} s)",
        alone.as_secs_f64(),
        trace.edits.len() as f64 / alone.as_secs_f64(),
        alone_snapshots.as_secs_f64()
    );
    println!("      by 50k segments: {}", segment_rates(&alone_marks));
    println!("    encoded v1 state of the draft at the end: {} bytes", run.state.len());
    println!();

    // --- 1. cold open ---------------------------------------------------------------------
    let open = cold_opens(&trace_dir, &run, &trace.expected, settings.open_reps);
    let fmt_all = |v: &[Duration]| v.iter().map(|d| format!("{:.1}", ms(*d))).collect::<Vec<_>>().join(" ");
    println!(
        "1. cold open (median of {}, ours and peer alternating; page cache warm, process cold)",
        settings.open_reps
    );
    println!(
        "   ours  Caucus::open + open_workshop + read text: median {:.1} ms, min {:.1} ms   [{}]",
        ms(open.ours),
        ms(open.ours_min),
        fmt_all(&open.ours_all)
    );
    println!(
        "         parts (medians): Caucus::open {:.1} ms, open_workshop {:.1} ms, read {:.1} ms",
        ms(open.ours_parts[0]),
        ms(open.ours_parts[1]),
        ms(open.ours_parts[2])
    );
    println!(
        "   peer  decode_v1 + apply_update (skip_gc) + read text: median {:.1} ms, min {:.1} ms   [{}]",
        ms(open.peer),
        ms(open.peer_min),
        fmt_all(&open.peer_all)
    );
    println!(
        "   ratio {:.2}x of medians, {:.2}x of minimums (goal <= 1.5x: {})",
        ratio(ms(open.ours), ms(open.peer)),
        ratio(ms(open.ours_min), ms(open.peer_min)),
        verdict(ms(open.ours) <= 1.5 * ms(open.peer))
    );
    // The split, repeated; each step's median.
    let splits: Vec<OpenSplit> = (0..5).map(|_| open_split(&trace_dir, &run.id, run.index)).collect();
    let step = |f: &dyn Fn(&OpenSplit) -> Duration| {
        let mut v: Vec<Duration> = splits.iter().map(f).collect();
        median(&mut v)
    };
    let split = OpenSplit {
        quick_check: step(&|s| s.quick_check),
        connect_plain: step(&|s| s.connect_plain),
        connect_auto_vacuum: step(&|s| s.connect_auto_vacuum),
        store_open: step(&|s| s.store_open),
        sqlite_read: step(&|s| s.sqlite_read),
        rows: splits[0].rows,
        decode: step(&|s| s.decode),
        apply_snapshot: step(&|s| s.apply_snapshot),
        apply_rows: step(&|s| s.apply_rows),
        other_docs: step(&|s| s.other_docs),
        read_diff: step(&|s| s.read_diff),
        read_string: step(&|s| s.read_string),
        close: step(&|s| s.close),
    };
    println!("   where ours spends it (open_workshop's steps replayed with the public API; median of 5):");
    println!(
        "     Store::open (connect, migrate, quick_check, writer thread) {:>7.1} ms   (quick_check alone: {:.1} ms)",
        ms(split.store_open),
        ms(split.quick_check)
    );
    println!(
        "       one connection set up like store::connect: {:.2} ms; with `PRAGMA auto_vacuum = INCREMENTAL` first: {:.2} ms",
        ms(split.connect_plain),
        ms(split.connect_auto_vacuum)
    );
    println!(
        "     SQLite read of the draft's {} rows + checksums            {:>7.1} ms",
        split.rows,
        ms(split.sqlite_read)
    );
    println!("     decode_v1 of those rows                                    {:>7.1} ms", ms(split.decode));
    println!("     apply the snapshot                                         {:>7.1} ms", ms(split.apply_snapshot));
    println!(
        "     apply the {:>3} rows after it, one transaction each         {:>7.1} ms",
        split.rows.saturating_sub(1),
        ms(split.apply_rows)
    );
    println!("     notes + roster + workshop list                             {:>7.1} ms", ms(split.other_docs));
    println!(
        "     read the paragraph (paragraphs(): diff)                    {:>7.1} ms   (get_string: {:.1} ms)",
        ms(split.read_diff),
        ms(split.read_string)
    );
    println!("     close (join the writer thread)                             {:>7.1} ms", ms(split.close));
    println!();

    // --- 3. size ------------------------------------------------------------------------------
    println!("3. size after the trace (checkpointed)");
    let print_size = |label: &str, s: &SizeReport| {
        println!(
            "   {label}: file {} B, draft rows {} = {} B, encoded state {} B -> file {:.2}x, rows {:.2}x",
            s.file,
            s.rows,
            s.row_bytes,
            s.encoded,
            s.file as f64 / s.encoded as f64,
            s.row_bytes as f64 / s.encoded as f64
        );
    };
    print_size("as left by the store (snapshot + tail)", &size_natural);
    print_pages(&page_stats(&trace_dir));
    // Force one more compaction so that only the snapshot is left.
    let size_compacted = {
        let caucus = Caucus::open(&trace_dir).expect("cannot open the store");
        let ws = caucus.open_workshop(&run.id).expect("cannot open the workshop");
        let state = ws.encode_state(DocName::Draft);
        caucus.store().compact(ws.id(), DocName::Draft, state.clone()).wait().expect("compaction failed");
        measure_size(caucus.store(), ws.id(), state.len())
    };
    print_size("after one more forced compaction         ", &size_compacted);
    print_pages(&page_stats(&trace_dir));
    let vacuumed = {
        let conn = Connection::open_with_flags(
            trace_dir.join(caucus::store::DATABASE_FILE),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("cannot open the database read-only");
        let into = root.path().join("vacuumed.sqlite3");
        conn.execute("VACUUM INTO ?1", params![into.to_string_lossy()]).expect("VACUUM INTO failed");
        std::fs::metadata(&into).map(|m| m.len()).unwrap_or(0)
    };
    println!(
        "   what-if: the same database without its free list (VACUUM INTO): {} B = {:.2}x the v1 state",
        vacuumed,
        vacuumed as f64 / size_compacted.encoded as f64
    );
    let v2 = {
        let doc = new_doc(DocName::Draft, 4);
        doc.transact_mut().apply_update(Update::decode_v1(&run.state).expect("decode")).expect("apply");
        let v2 = doc.transact().encode_state_as_update_v2(&StateVector::default());
        v2
    };
    // v2 against v1, alternating: decode + apply into a fresh doc + read the paragraph.
    let mut v1_open = Vec::new();
    let mut v2_open = Vec::new();
    for _ in 0..settings.open_reps.min(11) {
        let (d, _) = cold_open_peer(&run.state, run.index);
        v1_open.push(d);
        let t = Instant::now();
        let doc = new_doc(DocName::Draft, 6);
        let draft = Draft::new(&doc);
        doc.transact_mut().apply_update(Update::decode_v2(&v2).expect("decode v2")).expect("apply v2");
        let text = draft.paragraphs(&doc.transact()).get(run.index).expect("the paragraph is missing").text();
        v2_open.push(t.elapsed());
        assert!(text == trace.expected, "the v2 state reads a different text");
    }
    println!(
        "   the same state encoded v2 (encode_state_as_update_v2): {} B = {:.2}x the v1 state; decode + apply + read: v2 {:.1} ms, v1 {:.1} ms (medians, alternating)",
        v2.len(),
        v2.len() as f64 / run.state.len() as f64,
        ms(median(&mut v2_open)),
        ms(median(&mut v1_open))
    );
    let open_compacted = cold_opens(&trace_dir, &run, &trace.expected, settings.open_reps.min(3));
    println!(
        "   cold open after the forced compaction: ours {:.1} ms, peer {:.1} ms, {:.2}x",
        ms(open_compacted.ours),
        ms(open_compacted.peer),
        ratio(ms(open_compacted.ours), ms(open_compacted.peer))
    );
    println!();

    // --- 2. durable saves -------------------------------------------------------------------
    let saves_dir = root.path().join("saves");
    let n = settings.throughput_edits.min(trace.edits.len());
    let caucus = Caucus::open_with(&saves_dir, host(2)).expect("cannot open the store");
    let (ws, index) = workshop_with_paragraph(&caucus, "Throughput");
    let stats = pipeline_trace(&ws, index, &trace.edits[..n]);
    let took = stats.total;
    let text = paragraph_text(&ws, index);
    assert!(!text.is_empty());
    let throughput = n as f64 / took.as_secs_f64();
    drop(ws);
    // The same number of edits typed at the end of 100 paragraphs, one after the other (n/100
    // characters each): consecutive typing squashes into few yrs items, so yrs's position search
    // is cheap and the store's own cost shows. (Round-robin over the paragraphs instead is the
    // worst case for yrs: no item squashes, and each paragraph's items are scattered in memory.)
    let (ws, first) = workshop_with_paragraph(&caucus, "Throughput, many paragraphs");
    for _ in 1..100 {
        ws.add_paragraph(None, NewParagraph::new(ParaKind::Text, "")).expect("cannot add a paragraph");
    }
    let per_paragraph = n.div_ceil(100);
    let spread = pipeline(&ws, n, |i, txn, draft| {
        let el = &draft.elements(txn)[first + i / per_paragraph];
        let text = Draft::text_of(txn, el).expect("the paragraph has no text");
        let len = text.len(txn);
        text.insert(txn, len, "x");
    });
    let spread_rate = n as f64 / spread.total.as_secs_f64();
    drop(ws);
    let alone_n = (n % SEGMENT == 0 && n >= SEGMENT).then(|| alone_marks.get(n / SEGMENT - 1).copied()).flatten();

    // Latency. Ours at a fixed rate and the naive peer alternate in slices, so both see the same
    // disk and CPU conditions (fsync latency on a shared disk varies a lot over seconds).
    let (ws, index) = workshop_with_paragraph(&caucus, "Latency");
    let mut naive = Naive::new(&root.path().join("naive"), &trace.edits, settings.naive_max_edits);
    let slices = 4;
    let mut fixed_samples = Vec::new();
    let slice_start = Instant::now();
    let mut fixed_time = Duration::ZERO;
    for _ in 0..slices {
        let t = Instant::now();
        fixed_samples.extend(fixed_rate(
            &ws,
            index,
            &trace.edits,
            settings.rate_per_s,
            settings.rate_duration / slices,
        ));
        fixed_time += t.elapsed();
        naive.run_for(settings.naive_max_time / slices);
    }
    let fixed = Latency::from(fixed_samples, fixed_time);
    let closed = closed_loop(&ws, settings.closed_threads, settings.closed_edits_per_thread);
    naive.run_for(settings.naive_max_time / slices);
    let naive = naive.latency();
    let latency_span = slice_start.elapsed();
    drop(ws);
    drop(caucus);

    println!("2a. durable save throughput ({n} single-character edits, pipelined, {WINDOW} in flight at most, all acknowledged)");
    println!(
        "   ours  the first {n} edits of the trace, one paragraph: {:.0} edits/s ({:.2} s)",
        throughput,
        took.as_secs_f64()
    );
    println!("         {}", stats.threads(n));
    if let Some(a) = alone_n {
        println!(
            "         yrs alone on the same {n} edits (incl. state encodes): {:.2} s ({:.0} edits/s)",
            a.as_secs_f64(),
            n as f64 / a.as_secs_f64()
        );
    }
    println!(
        "   ours  {n} edits typed at the ends of 100 paragraphs in turn ({per_paragraph} each): {:.0} edits/s ({:.2} s)",
        spread_rate,
        spread.total.as_secs_f64()
    );
    println!("         {}", spread.threads(n));
    println!(
        "   peer  naive one-transaction-per-edit rusqlite loop (in the 2b slices): {:.0} edits/s ({} edits in {:.2} s)",
        naive.rate(),
        naive.count,
        naive.elapsed.as_secs_f64()
    );
    println!(
        "   ratio {:.1}x (goal >= 20,000 edits/s: {})",
        throughput / naive.rate(),
        verdict(throughput >= 20_000.0)
    );
    println!();

    println!(
        "2b. acknowledgement latency, submit -> ack ({} slices of ours then the peer, alternating, {:.1} s in all)",
        slices,
        latency_span.as_secs_f64()
    );
    println!("   ours  fixed rate {}/s, one producer + a waiter: {}", settings.rate_per_s, fixed.describe());
    println!("   ours  {} writer threads, edit -> wait: {}", settings.closed_threads, closed.describe());
    println!("   peer  naive loop, per edit: {}", naive.describe());
    println!(
        "   ratio p99 fixed-rate {:.2}x, p99 threads {:.2}x (goal p99 <= 10 ms: {})",
        ms(fixed.p99) / ms(naive.p99),
        ms(closed.p99) / ms(naive.p99),
        verdict(ms(fixed.p99) <= 10.0 && ms(closed.p99) <= 10.0)
    );
    println!();

    // --- the table --------------------------------------------------------------------------
    println!("summary                                   ours          peer         ratio    goal           ");
    println!("----------------------------------------  ------------  -----------  -------  ----------------------");
    let row = |name: &str, ours: String, peer: String, r: f64, goal: &str, ok: bool| {
        let v = if goal.starts_with('(') { "" } else { verdict(ok) };
        println!("{name:<40}  {ours:>12}  {peer:>11}  {r:>6.2}x  {goal} {v}");
    };
    row(
        "1. cold open, median",
        format!("{:.1} ms", ms(open.ours)),
        format!("{:.1} ms", ms(open.peer)),
        ratio(ms(open.ours), ms(open.peer)),
        "<= 1.5x    ",
        ms(open.ours) <= 1.5 * ms(open.peer),
    );
    row(
        "1. cold open, minimum",
        format!("{:.1} ms", ms(open.ours_min)),
        format!("{:.1} ms", ms(open.peer_min)),
        ratio(ms(open.ours_min), ms(open.peer_min)),
        "(info)",
        true,
    );
    row(
        "2a. durable saves, trace, 1 paragraph",
        format!("{throughput:.0}/s"),
        format!("{:.0}/s", naive.rate()),
        throughput / naive.rate(),
        ">= 20000/s ",
        throughput >= 20_000.0,
    );
    row(
        "2a. durable saves, 100 paragraphs",
        format!("{spread_rate:.0}/s"),
        format!("{:.0}/s", naive.rate()),
        spread_rate / naive.rate(),
        ">= 20000/s ",
        spread_rate >= 20_000.0,
    );
    let whole = trace.edits.len() as f64 / run.apply.total.as_secs_f64();
    row(
        &format!("1+3. whole trace ({}k edits) via store", trace.edits.len() / 1000),
        format!("{whole:.0}/s"),
        format!("{:.0}/s", trace.edits.len() as f64 / alone.as_secs_f64()),
        whole / (trace.edits.len() as f64 / alone.as_secs_f64()),
        "(info; peer = yrs alone)",
        true,
    );
    row(
        &format!("2b. ack p50, {}/s fixed rate", settings.rate_per_s),
        format!("{:.2} ms", ms(fixed.p50)),
        format!("{:.2} ms", ms(naive.p50)),
        ms(fixed.p50) / ms(naive.p50),
        "(no goal)",
        true,
    );
    row(
        &format!("2b. ack p99, {}/s fixed rate", settings.rate_per_s),
        format!("{:.2} ms", ms(fixed.p99)),
        format!("{:.2} ms", ms(naive.p99)),
        ms(fixed.p99) / ms(naive.p99),
        "<= 10 ms   ",
        ms(fixed.p99) <= 10.0,
    );
    row(
        &format!("2b. ack p99, {} writer threads", settings.closed_threads),
        format!("{:.2} ms", ms(closed.p99)),
        format!("{:.2} ms", ms(naive.p99)),
        ms(closed.p99) / ms(naive.p99),
        "<= 10 ms   ",
        ms(closed.p99) <= 10.0,
    );
    row(
        "3. file size vs encoded state",
        format!("{} B", size_natural.file),
        format!("{} B", size_natural.encoded),
        size_natural.file as f64 / size_natural.encoded as f64,
        "<= 1.2x    ",
        size_natural.file as f64 <= 1.2 * size_natural.encoded as f64,
    );
    row(
        "3. draft row bytes vs encoded state",
        format!("{} B", size_natural.row_bytes),
        format!("{} B", size_natural.encoded),
        size_natural.row_bytes as f64 / size_natural.encoded as f64,
        "<= 1.2x    ",
        size_natural.row_bytes as f64 <= 1.2 * size_natural.encoded as f64,
    );
    row(
        "3. file, after a forced compaction",
        format!("{} B", size_compacted.file),
        format!("{} B", size_compacted.encoded),
        size_compacted.file as f64 / size_compacted.encoded as f64,
        "<= 1.2x    ",
        size_compacted.file as f64 <= 1.2 * size_compacted.encoded as f64,
    );
    row(
        "3. file without free list (VACUUM INTO)",
        format!("{vacuumed} B"),
        format!("{} B", size_compacted.encoded),
        vacuumed as f64 / size_compacted.encoded as f64,
        "(what-if)",
        true,
    );
    println!();
    println!("load {} at the end; total {:.1} s", loadavg(), bench_start.elapsed().as_secs_f64());
}
