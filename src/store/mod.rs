//! The only SQLite user: one database per device, an append-only update log per document, compaction, identities.
//!
//! Durability contract (DESIGN §3): WAL with `synchronous=FULL`; every write goes through one
//! writer thread that group-commits whatever is queued; a write's [`Pending`] resolves only after
//! its transaction committed, and only then may the edit be reported saved.

mod lock;
mod migrations;
mod writer;

pub use lock::{Holder, LOCK_FILE};

// --- backup and restore (issue #13 §1) ---
pub mod backup;
pub use backup::{BackupError, BackupReport, Scope as BackupScope};
// --- end backup and restore ---

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::thread::JoinHandle;

use crossbeam_channel::{unbounded, Sender};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::model::DocName;
use prometheus_client::metrics::histogram::Histogram;
use writer::{Op, Request};

/// Buckets of [`Store::commit_latency`]: 0.5 ms to ~4 s, doubling (a group commit is one fsync).
fn commit_latency_histogram() -> Histogram {
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(0.0005, 2.0, 14))
}

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot create data directory {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error("the database {} is damaged: {what}\nNothing was changed. To restore:\n  - from a backup: stop the app and `caucus serve`, then copy your backup of {DATABASE_FILE} and {DATABASE_FILE}-wal into {}\n  - from a peer: keep the damaged directory aside (mv {} {}.damaged), then `caucus join <TOKEN>` with your invitation (or `caucus --data-dir NEW_DIR join <TOKEN>`): it syncs the workshop from the relay\nEdits never synced from this device are only in the damaged copy.", path.display(), dir_of(path).display(), dir_of(path).display(), dir_of(path).display())]
    Integrity { path: PathBuf, what: String },
    #[error("the database was written by a newer Caucus (schema {found}; this version knows up to {known})")]
    TooNew { found: u32, known: u32 },
    #[error("stored row {seq} of workshop {workshop}, document {doc} is damaged ({reason})")]
    DamagedRow { workshop: String, doc: String, seq: i64, reason: String },
    #[error("saving failed, nothing of this change was saved: {0}")]
    CommitFailed(String),
    #[error("the disk is full: nothing of this change was saved (free some space, then try again; nothing needs restarting) ({0})")]
    DiskFull(String),
    #[error("the disk reported an error while saving ({0}): this change may have been saved, or not; reopen the workshop to see what is on disk")]
    MaybeSaved(String),
    #[error("the store's writer has stopped")]
    WriterGone,
    #[error("the data directory {} is in use by {holder}. One program at a time owns a data directory, so that no saved change can be lost. {}", dir.display(), holder.advice())]
    InUse { dir: PathBuf, holder: Holder },
}

impl crate::coded::Coded for StoreError {
    fn code(&self) -> &'static str {
        match self {
            StoreError::Sqlite(_) => "store.sqlite",
            StoreError::DataDir { .. } => "store.data_dir",
            StoreError::Integrity { .. } => "store.integrity",
            StoreError::TooNew { .. } => "store.too_new",
            StoreError::DamagedRow { .. } => "store.damaged_row",
            StoreError::CommitFailed(_) => "store.commit_failed",
            StoreError::DiskFull(_) => "store.disk_full",
            StoreError::MaybeSaved(_) => "store.maybe_saved",
            StoreError::WriterGone => "store.writer_gone",
            StoreError::InUse { .. } => "store.in_use",
        }
    }
}

impl StoreError {
    /// A write that failed and left nothing on disk: [`StoreError::DiskFull`] when SQLite ran
    /// out of space, else [`StoreError::CommitFailed`].
    pub(crate) fn from_failed_write(e: rusqlite::Error) -> StoreError {
        if is_disk_full(&e) {
            StoreError::DiskFull(e.to_string())
        } else {
            StoreError::CommitFailed(e.to_string())
        }
    }

    /// The same answer for each write of a failed batch (`rusqlite::Error` is not `Clone`).
    pub(crate) fn duplicate(&self) -> StoreError {
        match self {
            StoreError::DiskFull(m) => StoreError::DiskFull(m.clone()),
            StoreError::MaybeSaved(m) => StoreError::MaybeSaved(m.clone()),
            StoreError::CommitFailed(m) => StoreError::CommitFailed(m.clone()),
            StoreError::WriterGone => StoreError::WriterGone,
            other => StoreError::CommitFailed(other.to_string()),
        }
    }

    /// Whether the error says the disk (or the database's size limit) is full.
    pub fn is_disk_full(&self) -> bool {
        match self {
            StoreError::DiskFull(_) => true,
            StoreError::Sqlite(e) => is_disk_full(e),
            _ => false,
        }
    }
}

fn dir_of(path: &Path) -> &Path {
    path.parent().unwrap_or(path)
}

/// SQLite's word that the file is not a sound database (`SQLITE_CORRUPT`, `SQLITE_NOTADB`).
fn is_corrupt(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Sqlite(s) if matches!(s.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase))
    )
}

/// SQLite's "database or disk is full" (`SQLITE_FULL`), from a statement or from `COMMIT`.
pub(crate) fn is_disk_full(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull)
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A write that was queued; [`Pending::wait`] (blocking) or `.await` (async, no thread held)
/// returns once it is committed (or failed), with the row's sequence number.
#[must_use = "a write is saved only once `wait` returned Ok"]
pub struct Pending(Arc<AckSlot>);

/// Where the writer puts a write's outcome: a one-shot slot that a blocked thread (condition
/// variable) or a task (waker) waits on.
#[derive(Default)]
struct AckSlot {
    state: Mutex<AckState>,
    ready: Condvar,
}

#[derive(Default)]
struct AckState {
    outcome: Option<Result<i64>>,
    waker: Option<Waker>,
}

impl AckSlot {
    fn state(&self) -> MutexGuard<'_, AckState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The writer's end of a [`Pending`]: dropped without an outcome, it reports the writer gone.
pub(crate) struct Ack(Option<Arc<AckSlot>>);

impl Ack {
    pub(crate) fn send(mut self, outcome: Result<i64>) {
        if let Some(slot) = self.0.take() {
            fill(&slot, outcome);
        }
    }
}

impl Drop for Ack {
    fn drop(&mut self) {
        if let Some(slot) = self.0.take() {
            fill(&slot, Err(StoreError::WriterGone));
        }
    }
}

fn fill(slot: &AckSlot, outcome: Result<i64>) {
    let waker = {
        let mut state = slot.state();
        state.outcome = Some(outcome);
        state.waker.take()
    };
    slot.ready.notify_all();
    if let Some(w) = waker {
        w.wake();
    }
}

fn ack_pair() -> (Ack, Pending) {
    let slot = Arc::new(AckSlot::default());
    (Ack(Some(Arc::clone(&slot))), Pending(slot))
}

impl Pending {
    /// Blocks until the write's transaction committed. Returns the row's sequence number.
    pub fn wait(self) -> Result<i64> {
        let mut state = self.0.state();
        loop {
            if let Some(outcome) = state.outcome.take() {
                return outcome;
            }
            state = self.0.ready.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }
}

impl Future for Pending {
    type Output = Result<i64>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<i64>> {
        let mut state = self.0.state();
        match state.outcome.take() {
            Some(outcome) => Poll::Ready(outcome),
            None => {
                state.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// One stored row of a document's log, checksum verified.
#[derive(Debug, Clone)]
pub struct Row {
    pub seq: i64,
    pub snapshot: bool,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkshopRecord {
    pub id: String,
    pub title: String,
    pub created: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityRecord {
    pub workshop: String,
    pub member: String,
    pub public_key: Vec<u8>,
    pub secret_key: Option<Vec<u8>>,
}

/// A named milestone: the draft's yrs snapshot and its encoded state at that moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneRecord {
    pub workshop: String,
    pub name: String,
    pub created: String,
    pub created_by: String,
    pub snapshot: Vec<u8>,
    pub state: Vec<u8>,
}

pub struct Store {
    path: PathBuf,
    tx: Option<Sender<Request>>,
    /// Seconds from a write's queueing to its group commit, per committed write (the relay's
    /// `/metrics`, issue #13 §1).
    commit_latency: Histogram,
    reader: Mutex<Connection>,
    writer: Option<JoinHandle<()>>,
    /// Released last, once the writer finished and both connections closed (fields drop in order).
    /// `None` for a store opened to read only, while another process owns the directory.
    _lock: Option<lock::DirLock>,
    /// Who owns the directory, for a store opened to read only: every write is refused naming it.
    owner: Option<Holder>,
}

pub const DATABASE_FILE: &str = "caucus.sqlite3";

impl Store {
    /// Opens (creating if needed) the device database in `dir`, migrates it and checks it.
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_locked(dir).map_err(|e| {
            if is_corrupt(&e) {
                StoreError::Integrity { path: dir.join(DATABASE_FILE), what: e.to_string() }
            } else {
                e
            }
        })
    }

    fn open_locked(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir { path: dir.to_path_buf(), source })?;
        let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let dir_lock = lock::acquire(dir, &lock::this_program(), &since)?;
        let path = dir.join(DATABASE_FILE);
        let mut conn = connect(&path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)?;
        migrations::migrate(&mut conn)?;
        check(&conn, &path)?;
        let reader = connect(&path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        let (tx, rx) = unbounded();
        let commit_latency = commit_latency_histogram();
        let latency = commit_latency.clone();
        let writer = std::thread::Builder::new()
            .name("caucus-store-writer".into())
            .spawn(move || writer::run(conn, rx, latency))
            .map_err(|e| StoreError::CommitFailed(format!("cannot start the writer thread: {e}")))?;
        Ok(Store { path, tx: Some(tx), commit_latency, reader: Mutex::new(reader), writer: Some(writer), _lock: Some(dir_lock), owner: None })
    }

    /// Opens the device database in `dir` to read it while another process owns the directory
    /// (e.g. `caucus show` while the app runs): no lock, no writer, every write refused with
    /// [`StoreError::InUse`]. SQLite's WAL lets a reader see every committed write of the owner;
    /// each read is one read transaction, so it never sees half of a compaction. Opened normally
    /// when nobody owns the directory.
    pub fn open_for_reading(dir: &Path) -> Result<Store> {
        let holder = match Store::open(dir) {
            Err(StoreError::InUse { holder, .. }) => holder,
            other => return other,
        };
        let path = dir.join(DATABASE_FILE);
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > migrations::latest() {
            return Err(StoreError::TooNew { found: version, known: migrations::latest() });
        }
        Ok(Store { path, tx: None, commit_latency: commit_latency_histogram(), reader: Mutex::new(conn), writer: None, _lock: None, owner: Some(holder) })
    }

    /// Whether this store was opened to read only ([`Store::open_for_reading`]).
    pub fn is_read_only(&self) -> bool {
        self.owner.is_some()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The histogram of commit latency (seconds from a write's queueing to the commit of the
    /// transaction holding it), shared with the writer: register it to export it.
    pub fn commit_latency(&self) -> Histogram {
        self.commit_latency.clone()
    }

    fn submit(&self, op: Op) -> Pending {
        let (ack, pending) = ack_pair();
        if let Some(holder) = &self.owner {
            let dir = self.path.parent().map(Path::to_path_buf).unwrap_or_default();
            ack.send(Err(StoreError::InUse { dir, holder: holder.clone() }));
            return pending;
        }
        if let Some(tx) = &self.tx {
            // If the writer is gone the request (and its ack) is dropped: `wait` reports WriterGone.
            let _ = tx.send(Request { op, ack, queued: std::time::Instant::now() });
        }
        pending
    }

    /// Appends one update to a document's log.
    pub fn append(&self, workshop: &str, doc: DocName, data: Vec<u8>) -> Pending {
        self.submit(Op::Append { workshop: workshop.to_string(), doc: doc.as_str(), data })
    }

    /// Replaces every row of the document written before this call with `snapshot`, which must
    /// contain all of them (encode it from the live doc after their updates were applied).
    pub fn compact(&self, workshop: &str, doc: DocName, snapshot: Vec<u8>) -> Pending {
        self.submit(Op::Compact { workshop: workshop.to_string(), doc: doc.as_str(), snapshot })
    }

    pub fn put_workshop(&self, record: &WorkshopRecord) -> Pending {
        self.submit(Op::PutWorkshop {
            id: record.id.clone(),
            title: record.title.clone(),
            created: record.created.clone(),
        })
    }

    pub fn put_identity(&self, record: &IdentityRecord) -> Pending {
        self.submit(Op::PutIdentity {
            workshop: record.workshop.clone(),
            member: record.member.clone(),
            public_key: record.public_key.clone(),
            secret_key: record.secret_key.clone(),
        })
    }

    pub fn put_milestone(&self, milestone: MilestoneRecord) -> Pending {
        self.submit(Op::PutMilestone { milestone })
    }

    /// The workshop's milestones, oldest first, checksums verified.
    pub fn milestones(&self, workshop: &str) -> Result<Vec<MilestoneRecord>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT name, created, created_by, snapshot, state, checksum FROM milestones
                 WHERE workshop_id = ?1 ORDER BY created, rowid",
            )?;
            let rows = stmt.query_map(params![workshop], |r| {
                Ok((
                    MilestoneRecord {
                        workshop: workshop.to_string(),
                        name: r.get(0)?,
                        created: r.get(1)?,
                        created_by: r.get(2)?,
                        snapshot: r.get(3)?,
                        state: r.get(4)?,
                    },
                    r.get::<_, i64>(5)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (m, sum) = row?;
                if checksum(&[m.snapshot.as_slice(), m.state.as_slice()].concat()) != sum {
                    return Err(StoreError::DamagedRow {
                        workshop: workshop.to_string(),
                        doc: format!("milestone {}", m.name),
                        seq: 0,
                        reason: "checksum mismatch".into(),
                    });
                }
                out.push(m);
            }
            Ok(out)
        })
    }

    pub fn put_setting(&self, key: &str, value: &str) -> Pending {
        self.submit(Op::PutSetting { key: key.to_string(), value: value.to_string() })
    }

    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.reader.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&conn)
    }

    /// A document's rows, snapshot first, each checksum verified. A damaged row is an error
    /// naming its workshop and document: nothing is silently skipped.
    pub fn load(&self, workshop: &str, doc: DocName) -> Result<Vec<Row>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT u.seq, u.snapshot, u.data, u.checksum FROM updates u JOIN rooms r ON r.id = u.room
                 WHERE r.workshop_id = ?1 AND r.doc = ?2 ORDER BY u.snapshot DESC, u.seq",
            )?;
            let rows = stmt.query_map(params![workshop, doc.as_str()], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?, r.get::<_, Vec<u8>>(2)?, r.get::<_, i64>(3)?))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (seq, snapshot, data, sum) = row?;
                if checksum(&data) != sum {
                    return Err(StoreError::DamagedRow {
                        workshop: workshop.to_string(),
                        doc: doc.as_str().to_string(),
                        seq,
                        reason: "checksum mismatch".into(),
                    });
                }
                out.push(Row { seq, snapshot, data });
            }
            Ok(out)
        })
    }

    /// Number of rows and their total size for a document (for compaction and diagnostics).
    pub fn room_stats(&self, workshop: &str, doc: DocName) -> Result<(usize, usize)> {
        self.read(|conn| {
            Ok(conn.query_row(
                "SELECT count(*), coalesce(sum(length(u.data)), 0) FROM updates u JOIN rooms r ON r.id = u.room
                 WHERE r.workshop_id = ?1 AND r.doc = ?2",
                params![workshop, doc.as_str()],
                |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)),
            )?)
        })
    }

    pub fn workshops(&self) -> Result<Vec<WorkshopRecord>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached("SELECT id, title, created FROM workshops ORDER BY created, id")?;
            let rows = stmt.query_map([], |r| Ok(WorkshopRecord { id: r.get(0)?, title: r.get(1)?, created: r.get(2)? }))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// The workshop whose id is exactly `id`, if this device has it.
    pub fn workshop(&self, id: &str) -> Result<Option<WorkshopRecord>> {
        self.read(|conn| {
            Ok(conn
                .query_row("SELECT id, title, created FROM workshops WHERE id = ?1", params![id], |r| {
                    Ok(WorkshopRecord { id: r.get(0)?, title: r.get(1)?, created: r.get(2)? })
                })
                .optional()?)
        })
    }

    pub fn identity(&self, workshop: &str) -> Result<Option<IdentityRecord>> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT workshop_id, member_id, public_key, secret_key FROM identities WHERE workshop_id = ?1",
                    params![workshop],
                    |r| {
                        Ok(IdentityRecord {
                            workshop: r.get(0)?,
                            member: r.get(1)?,
                            public_key: r.get(2)?,
                            secret_key: r.get(3)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.read(|conn| {
            Ok(conn
                .query_row("SELECT value FROM settings WHERE key = ?1", params![key], |r| r.get(0))
                .optional()?)
        })
    }

    /// `PRAGMA quick_check`; also run at open.
    pub fn integrity_check(&self) -> Result<()> {
        self.read(|conn| check(conn, &self.path))
    }

    /// Reads every stored row and milestone and verifies its checksum (what `quick_check` does
    /// not: it checks SQLite's pages, not what they hold). Returns the number of rows read; a
    /// damaged one is [`StoreError::Integrity`] naming its workshop, document and row.
    pub fn verify_rows(&self) -> Result<usize> {
        let damaged = |what: String| StoreError::Integrity { path: self.path.clone(), what };
        self.read(verify_rows_in).map_err(|e| match e {
            StoreError::DamagedRow { workshop, doc, seq, reason } if seq > 0 => {
                damaged(format!("stored row {seq} of workshop {workshop}, document {doc}: {reason}"))
            }
            StoreError::DamagedRow { workshop, doc, reason, .. } => damaged(format!("{doc} of workshop {workshop}: {reason}")),
            e if is_corrupt(&e) => damaged(e.to_string()),
            e => e,
        })
    }

    /// Size of the database file and its WAL, in bytes.
    pub fn disk_size(&self) -> u64 {
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        size(&self.path) + size(&self.path.with_extension("sqlite3-wal"))
    }

    /// Folds the WAL into the database file (used before measuring size).
    pub fn checkpoint(&self) -> Result<()> {
        self.read(|conn| {
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        })
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Closing the channel lets the writer finish what is queued and stop.
        self.tx.take();
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

/// Every stored row's and milestone's checksum on `conn` (the store's reader, or a backup file):
/// the number read, or the first damaged one ([`StoreError::DamagedRow`]; a milestone's `seq` is 0).
pub(crate) fn verify_rows_in(conn: &Connection) -> Result<usize> {
    let mut stmt = conn.prepare(
        "SELECT r.workshop_id, r.doc, u.seq, u.data, u.checksum FROM updates u JOIN rooms r ON r.id = u.room ORDER BY u.seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        let (workshop, doc, seq): (String, String, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let data: Vec<u8> = row.get(3)?;
        if checksum(&data) != row.get::<_, i64>(4)? {
            return Err(StoreError::DamagedRow { workshop, doc, seq, reason: "checksum mismatch".into() });
        }
        count += 1;
    }
    let mut stmt = conn.prepare("SELECT workshop_id, name, snapshot, state, checksum FROM milestones")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (workshop, name): (String, String) = (row.get(0)?, row.get(1)?);
        let (snapshot, state): (Vec<u8>, Vec<u8>) = (row.get(2)?, row.get(3)?);
        if checksum(&[snapshot.as_slice(), state.as_slice()].concat()) != row.get::<_, i64>(4)? {
            return Err(StoreError::DamagedRow { workshop, doc: format!("milestone {name:?}"), seq: 0, reason: "checksum mismatch".into() });
        }
        count += 1;
    }
    Ok(count)
}

fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // On a new, empty database only (setting it on an existing one rewrites page 1 with fsyncs
    // at every open), and before anything writes the header: lets compaction return the pages
    // it frees instead of keeping the file at its high-water mark.
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    if pages == 0 {
        conn.pragma_update(None, "auto_vacuum", "INCREMENTAL")?;
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

fn check(conn: &Connection, path: &Path) -> Result<()> {
    let result: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if result == "ok" {
        Ok(())
    } else {
        Err(StoreError::Integrity { path: path.to_path_buf(), what: result })
    }
}

/// First 8 bytes of SHA-256, as stored in `updates.checksum`.
pub(crate) fn checksum(data: &[u8]) -> i64 {
    let digest = Sha256::digest(data);
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_le_bytes(first)
}
