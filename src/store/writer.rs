//! The store's single writer thread: takes operations from a channel and group-commits them.

use std::collections::HashMap;

use crossbeam_channel::Receiver;
use rusqlite::{params, Connection, Transaction};

use super::{checksum, Result, StoreError};

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
}

/// Largest batch in one transaction: bounds the latency one commit adds to the first op in it.
const MAX_BATCH: usize = 8192;

/// Room ids known to be committed, so an append does not look its room up every time.
type Rooms = HashMap<(String, &'static str), i64>;

pub(crate) fn run(mut conn: Connection, rx: Receiver<Request>) {
    let mut rooms = Rooms::new();
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(r) => batch.push(r),
                Err(_) => break,
            }
        }
        let outcomes = commit_batch(&mut conn, &batch, &mut rooms);
        match outcomes {
            Ok(results) => {
                for (req, result) in batch.into_iter().zip(results) {
                    req.ack.send(result);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, ops = batch.len(), "store commit failed");
                let message = e.to_string();
                for req in batch {
                    req.ack.send(Err(StoreError::CommitFailed(message.clone())));
                }
            }
        }
    }
    tracing::debug!("store writer stopped");
}

fn commit_batch(conn: &mut Connection, batch: &[Request], rooms: &mut Rooms) -> Result<Vec<Result<i64>>> {
    let known = rooms.len();
    let tx = conn.transaction()?;
    let results = batch.iter().map(|req| execute(&tx, &req.op, rooms)).collect();
    if batch.iter().any(|req| matches!(req.op, Op::Compact { .. })) {
        // Give the pages the compacted rows held back to the file system (auto_vacuum is
        // INCREMENTAL on databases this version created), in the same commit: one fsync.
        if let Err(e) = incremental_vacuum(&tx) {
            tracing::warn!(error = %e, "incremental vacuum failed");
        }
    }
    if let Err(e) = tx.commit() {
        // Rooms first seen in this batch were rolled back with it.
        if rooms.len() != known {
            rooms.clear();
        }
        return Err(e.into());
    }
    Ok(results)
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
