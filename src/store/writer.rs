//! The store's single writer thread: takes operations from a channel and group-commits them.

use std::collections::HashMap;
use std::time::Instant;

use crossbeam_channel::Receiver;
use prometheus_client::metrics::histogram::Histogram;
use rusqlite::{params, Connection, Transaction};

use super::{checksum, Result, StoreError};
use crate::coded::Coded;

/// One write. Each carries where to send its outcome once the transaction holding it committed.
pub(crate) enum Op {
    Append { workshop: String, doc: &'static str, data: Vec<u8> },
    /// Replaces every row of the room written so far with one snapshot. Channel order makes this
    /// safe: every update sent before it is already contained in the snapshot.
    Compact { workshop: String, doc: &'static str, snapshot: Vec<u8> },
    PutWorkshop { id: String, title: String, created: String },
    PutIdentity { workshop: String, member: String, public_key: Vec<u8>, secret_key: Option<Vec<u8>> },
    PutSetting { key: String, value: String },
    /// Fails (unique key) if the workshop already has a milestone of that name.
    PutMilestone { milestone: super::MilestoneRecord },
}

pub(crate) struct Request {
    pub op: Op,
    pub ack: super::Ack,
    /// When it was queued: its commit latency is measured from here.
    pub queued: Instant,
}

/// Largest batch in one transaction: bounds the latency one commit adds to the first op in it.
const MAX_BATCH: usize = 8192;

/// Room ids known to be committed, so an append does not look its room up every time.
type Rooms = HashMap<(String, &'static str), i64>;

pub(crate) fn run(mut conn: Connection, rx: Receiver<Request>, latency: Histogram) {
    let mut rooms = Rooms::new();
    // A compaction taken off the channel while a batch of other writes was being gathered: it
    // goes in the next transaction, alone.
    let mut held: Option<Request> = None;
    loop {
        let first = match held.take() {
            Some(r) => r,
            None => match rx.recv() {
                Ok(r) => r,
                Err(_) => break,
            },
        };
        let mut batch = vec![first];
        // A compaction is a large write (a snapshot of the whole document): it never shares a
        // transaction with edits, so that when it cannot be written (a full disk) no edit fails
        // with it.
        if !is_compaction(&batch[0].op) {
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(r) if is_compaction(&r.op) => {
                        held = Some(r);
                        break;
                    }
                    Ok(r) => batch.push(r),
                    Err(_) => break,
                }
            }
        }
        match commit_batch(&mut conn, &batch, &mut rooms) {
            Ok(results) => {
                for (req, result) in batch.into_iter().zip(results) {
                    latency.observe(req.queued.elapsed().as_secs_f64());
                    req.ack.send(result);
                }
            }
            Err(failure) => {
                let error = settle(&conn, failure);
                tracing::error!(code = error.code(), error = %error, ops = batch.len(), "store commit failed");
                for req in batch {
                    req.ack.send(Err(error.duplicate()));
                }
            }
        }
    }
    tracing::debug!("store writer stopped");
}

fn is_compaction(op: &Op) -> bool {
    matches!(op, Op::Compact { .. })
}

/// Why a batch's transaction did not commit, before [`settle`] says what that means on disk.
enum Failure {
    /// A statement failed and SQLite rolled the transaction back: nothing of it is on disk.
    RolledBack(rusqlite::Error),
    /// `COMMIT` itself failed.
    Commit(rusqlite::Error),
}

/// The exact answer for a batch that failed. A failure before `COMMIT`, or a full disk (the WAL
/// frames are written first and the commit frame last, so a write refused for space leaves no
/// complete commit frame), means nothing was saved. Any other failure of `COMMIT` (a failed
/// `fsync`, an I/O error on the WAL index) can leave a complete commit frame in the WAL beyond
/// what this process's connections see, which a later open would recover: the batch would
/// appear after having been reported failed. So the WAL is checkpointed and truncated to erase
/// such frames; only when that fails too is the answer "may have been saved".
fn settle(conn: &Connection, failure: Failure) -> StoreError {
    match failure {
        Failure::RolledBack(e) => StoreError::from_failed_write(e),
        Failure::Commit(e) if super::is_disk_full(&e) => StoreError::from_failed_write(e),
        Failure::Commit(e) => {
            let erased = conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0))
                .map(|busy| busy == 0)
                .unwrap_or(false);
            if erased {
                StoreError::from_failed_write(e)
            } else {
                StoreError::MaybeSaved(e.to_string())
            }
        }
    }
}

fn commit_batch(conn: &mut Connection, batch: &[Request], rooms: &mut Rooms) -> Result<Vec<Result<i64>>, Failure> {
    let known = rooms.len();
    // Rooms first seen in this batch are rolled back with it.
    let forget_new_rooms = |rooms: &mut Rooms| {
        if rooms.len() != known {
            rooms.clear();
        }
    };
    let tx = conn.transaction().map_err(Failure::RolledBack)?;
    let mut results = Vec::with_capacity(batch.len());
    for req in batch {
        let result = execute(&tx, &req.op, rooms);
        if let Err(StoreError::Sqlite(e)) = &result {
            // SQLite rolls the whole transaction back on some errors (a full disk, I/O errors).
            // Had the batch gone on, each later statement would have committed on its own, and
            // the batch been reported failed with part of it on disk.
            if tx.is_autocommit() || super::is_disk_full(e) {
                let e = clone_sqlite_error(e);
                drop(tx);
                forget_new_rooms(rooms);
                return Err(Failure::RolledBack(e));
            }
        }
        results.push(result);
    }
    if batch.iter().any(|req| is_compaction(&req.op)) {
        // Give the pages the compacted rows held back to the file system (auto_vacuum is
        // INCREMENTAL on databases this version created), in the same commit: one fsync.
        if let Err(e) = incremental_vacuum(&tx) {
            tracing::warn!(error = %e, "incremental vacuum failed");
        }
    }
    if let Err(e) = tx.commit() {
        forget_new_rooms(rooms);
        return Err(Failure::Commit(e));
    }
    Ok(results)
}

/// `rusqlite::Error` is not `Clone`; the parts the store reads (its code and message) are kept.
fn clone_sqlite_error(e: &rusqlite::Error) -> rusqlite::Error {
    match e {
        rusqlite::Error::SqliteFailure(code, message) => rusqlite::Error::SqliteFailure(*code, message.clone()),
        other => rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR), Some(other.to_string())),
    }
}

/// Frees every page on the freelist (the pragma works one step per page, so step it through).
fn incremental_vacuum(conn: &Connection) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare("PRAGMA incremental_vacuum")?;
    let mut rows = stmt.query([])?;
    while rows.next()?.is_some() {}
    Ok(())
}

/// The room's id, creating the room on first use.
fn room(tx: &Transaction<'_>, rooms: &mut Rooms, workshop: &str, doc: &'static str) -> Result<i64> {
    if let Some(id) = rooms.get(&(workshop.to_string(), doc)) {
        return Ok(*id);
    }
    tx.prepare_cached("INSERT INTO rooms (workshop_id, doc) VALUES (?1, ?2) ON CONFLICT (workshop_id, doc) DO NOTHING")?
        .execute(params![workshop, doc])?;
    let id: i64 = tx
        .prepare_cached("SELECT id FROM rooms WHERE workshop_id = ?1 AND doc = ?2")?
        .query_row(params![workshop, doc], |r| r.get(0))?;
    rooms.insert((workshop.to_string(), doc), id);
    Ok(id)
}

fn execute(tx: &Transaction<'_>, op: &Op, rooms: &mut Rooms) -> Result<i64> {
    match op {
        Op::Append { workshop, doc, data } => {
            let room = room(tx, rooms, workshop, doc)?;
            tx.prepare_cached("INSERT INTO updates (room, snapshot, data, checksum) VALUES (?1, 0, ?2, ?3)")?
                .execute(params![room, data, checksum(data)])?;
            Ok(tx.last_insert_rowid())
        }
        Op::Compact { workshop, doc, snapshot } => {
            let room = room(tx, rooms, workshop, doc)?;
            tx.prepare_cached("DELETE FROM updates WHERE room = ?1")?.execute(params![room])?;
            tx.prepare_cached("INSERT INTO updates (room, snapshot, data, checksum) VALUES (?1, 1, ?2, ?3)")?
                .execute(params![room, snapshot, checksum(snapshot)])?;
            Ok(tx.last_insert_rowid())
        }
        Op::PutWorkshop { id, title, created } => {
            tx.prepare_cached(
                "INSERT INTO workshops (id, title, created) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET title = excluded.title",
            )?
            .execute(params![id, title, created])?;
            Ok(0)
        }
        Op::PutIdentity { workshop, member, public_key, secret_key } => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO identities (workshop_id, member_id, public_key, secret_key) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![workshop, member, public_key, secret_key])?;
            Ok(0)
        }
        Op::PutMilestone { milestone: m } => {
            let sum = checksum(&[m.snapshot.as_slice(), m.state.as_slice()].concat());
            tx.prepare_cached(
                "INSERT INTO milestones (workshop_id, name, created, created_by, snapshot, state, checksum)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![m.workshop, m.name, m.created, m.created_by, m.snapshot, m.state, sum])?;
            Ok(tx.last_insert_rowid())
        }
        Op::PutSetting { key, value } => {
            tx.prepare_cached("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)")?
                .execute(params![key, value])?;
            Ok(0)
        }
    }
}
