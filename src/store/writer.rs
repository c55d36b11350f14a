//! The store's single writer thread: takes operations from a channel and group-commits them.

use crossbeam_channel::{Receiver, Sender};
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
    pub ack: Sender<Result<i64>>,
}

/// Largest batch in one transaction: bounds the latency one commit adds to the first op in it.
const MAX_BATCH: usize = 8192;

pub(crate) fn run(mut conn: Connection, rx: Receiver<Request>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(r) => batch.push(r),
                Err(_) => break,
            }
        }
        let outcomes = commit_batch(&mut conn, &batch);
        match outcomes {
            Ok(results) => {
                for (req, result) in batch.into_iter().zip(results) {
                    let _ = req.ack.send(result);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, ops = batch.len(), "store commit failed");
                let message = e.to_string();
                for req in batch {
                    let _ = req.ack.send(Err(StoreError::CommitFailed(message.clone())));
                }
            }
        }
    }
    tracing::debug!("store writer stopped");
}

fn commit_batch(conn: &mut Connection, batch: &[Request]) -> Result<Vec<Result<i64>>> {
    let tx = conn.transaction()?;
    let results = batch.iter().map(|req| execute(&tx, &req.op)).collect();
    if batch.iter().any(|req| matches!(req.op, Op::Compact { .. })) {
        // Give the pages the compacted rows held back to the file system (auto_vacuum is
        // INCREMENTAL on databases this version created), in the same commit: one fsync.
        if let Err(e) = incremental_vacuum(&tx) {
            tracing::warn!(error = %e, "incremental vacuum failed");
        }
    }
    tx.commit()?;
    Ok(results)
}

/// Frees every page on the freelist (the pragma works one step per page, so step it through).
fn incremental_vacuum(conn: &Connection) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare("PRAGMA incremental_vacuum")?;
    let mut rows = stmt.query([])?;
    while rows.next()?.is_some() {}
    Ok(())
}

fn execute(tx: &Transaction<'_>, op: &Op) -> Result<i64> {
    match op {
        Op::Append { workshop, doc, data } => {
            tx.prepare_cached(
                "INSERT INTO updates (workshop_id, doc, snapshot, data, checksum) VALUES (?1, ?2, 0, ?3, ?4)",
            )?
            .execute(params![workshop, doc, data, checksum(data)])?;
            Ok(tx.last_insert_rowid())
        }
        Op::Compact { workshop, doc, snapshot } => {
            tx.prepare_cached("DELETE FROM updates WHERE workshop_id = ?1 AND doc = ?2")?
                .execute(params![workshop, doc])?;
            tx.prepare_cached(
                "INSERT INTO updates (workshop_id, doc, snapshot, data, checksum) VALUES (?1, ?2, 1, ?3, ?4)",
            )?
            .execute(params![workshop, doc, snapshot, checksum(snapshot)])?;
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
