//! The live document engine: each document of an open workshop in memory under its lock, the one transaction per operation saved before it returns (claim before edit, poisoned after a failed save), compaction, and the listeners of committed updates.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, StateVector, Transact, TransactionMut};

use super::Workshop;
use crate::error::{Error, Result};
use crate::model::draft::Draft;
use crate::model::notes::Notes;
use crate::model::roster::Roster;
use crate::model::version::Version;
use crate::model::schema::SCHEMA_VERSION;
use crate::model::DocName;
use crate::store::Pending;

/// After this many rows a document's log is replaced by one snapshot of the live doc (DESIGN §3).
pub const COMPACT_AFTER_ROWS: usize = 500;

/// Who caused a committed update, as passed to [`Workshop::subscribe`]'s listeners: [`LOCAL`] for
/// this device's own operations, otherwise the tag a sync connection gave [`Workshop::apply_remote`]
/// (so it does not send a peer back what that peer sent).
pub type Origin = u64;

/// The origin of this device's own edits.
pub const LOCAL: Origin = 0;

/// A listener of committed updates: `(origin, v1 update)`.
type Listener = Arc<dyn Fn(Origin, &[u8]) + Send + Sync>;

/// Keeps a [`Workshop::subscribe`] listener registered; dropping it unregisters the listener.
#[must_use = "the listener is removed when the subscription is dropped"]
pub struct Subscription {
    live: Weak<Live>,
    id: u64,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(live) = self.live.upgrade() {
            live.listeners.lock().unwrap_or_else(|p| p.into_inner()).retain(|(id, _, _)| *id != self.id);
        }
    }
}

/// A document loaded in memory.
pub(super) struct LiveDoc {
    pub(super) doc: Doc,
    pub(super) name: DocName,
    /// Rows in the store's log for this document, snapshot included.
    pub(super) rows: usize,
    /// Whether this session's client id was recorded in `notes` (attribution).
    pub(super) client_recorded: bool,
    /// The whole document v1-encoded, kept from one answer to a peer with an empty state vector
    /// (a new device, a y-websocket client) until the next write: a relay answers a room of
    /// newcomers to a large draft without re-encoding it for each. Cleared, under this document's
    /// lock, before every local write transaction and after every remote update unless that
    /// changed nothing, so it can never be older than the document.
    pub(super) full_state: Option<Arc<[u8]>>,
}

pub(super) struct Live {
    /// The draft's shadow: untrusted draft updates are checked on it first ([`crate::policy::shadow`]).
    pub(super) shadow: crate::policy::shadow::Shadow,
    /// Root handles, made once at load: yrs takes a write lock to make one, so making them
    /// inside a transaction would deadlock.
    pub(super) d: Draft,
    pub(super) n: Notes,
    pub(super) r: Roster,
    /// The French and Spanish versions' roots (issue #15 §2).
    pub(super) fr: Version,
    pub(super) es: Version,
    pub(super) draft: Mutex<LiveDoc>,
    pub(super) notes: Mutex<LiveDoc>,
    pub(super) roster: Mutex<LiveDoc>,
    pub(super) version_fr: Mutex<LiveDoc>,
    pub(super) version_es: Mutex<LiveDoc>,
    /// Set when a save failed: memory may hold what the disk does not, so the next open reloads.
    pub(super) poisoned: std::sync::atomic::AtomicBool,
    /// Set with `poisoned` when that save failed for a full disk: later writes are refused as a
    /// full disk too ([`Live::refusal`]), the cause the user (or a relay's clients) must act on.
    pub(super) full_disk: std::sync::atomic::AtomicBool,
    /// [`Workshop::subscribe`]rs: (subscription id, document, listener).
    pub(super) listeners: Mutex<Vec<(u64, DocName, Listener)>>,
    pub(super) next_listener: AtomicU64,
    /// The draft's state at each roster milestone rebuilt so far, by snapshot: a milestone's
    /// text depends only on its snapshot and on draft items that never change once held, so it
    /// is rebuilt once per process ([`Workshop::milestones`]).
    pub(super) frozen: Mutex<std::collections::HashMap<Vec<u8>, Arc<[u8]>>>,
    /// The snapshot of the draft as this device's member last saw it whose state `frozen` holds
    /// (`workshop::seen`): replaced, and its state dropped, when they mark the draft seen again.
    pub(super) seen_base: Mutex<Option<Vec<u8>>>,
}

impl Live {
    pub(super) fn is_poisoned(&self) -> bool {
        self.poisoned.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// A save failed for `cause`: nothing more is written until the workshop is reloaded.
    pub(super) fn poison(&self, cause: &crate::store::StoreError) {
        if cause.is_disk_full() {
            self.full_disk.store(true, Ordering::SeqCst);
        }
        self.poisoned.store(true, Ordering::SeqCst);
    }

    /// What a write to a poisoned workshop is refused with: the full disk that poisoned it (every
    /// writer is told to free space, however its write reached the workshop), or else that it
    /// must be reloaded.
    pub(super) fn refusal(&self, workshop: &str) -> Error {
        if self.full_disk.load(Ordering::SeqCst) {
            Error::Store(crate::store::StoreError::DiskFull("an earlier save of this workshop ran out of space".into()))
        } else {
            Error::ReloadRequired(workshop.to_string())
        }
    }
}

/// The draft items a transaction deleted, as `(client, clock, len)` ranges.
fn deleted_in(txn: &TransactionMut) -> Vec<(u64, u32, u32)> {
    txn.delete_set().iter().flat_map(|(client, ranges)| ranges.iter().map(move |r| (client.get(), r.start, r.end - r.start))).collect()
}

pub(super) fn lock(m: &Mutex<LiveDoc>) -> MutexGuard<'_, LiveDoc> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Workshop {
    pub(super) fn live(&self, name: DocName) -> &Mutex<LiveDoc> {
        match name {
            DocName::Draft => &self.live.draft,
            DocName::Notes => &self.live.notes,
            DocName::Roster => &self.live.roster,
            DocName::VersionFr => &self.live.version_fr,
            DocName::VersionEs => &self.live.version_es,
        }
    }

    /// Queues a transaction's update (under the doc's lock) and compacts when the log is long.
    pub(super) fn persist(&self, live: &mut LiveDoc, update: Vec<u8>) -> Option<Pending> {
        let store = &self.caucus.inner.store;
        let pending = store.append(&self.id, live.name, update);
        live.rows += 1;
        if live.rows > COMPACT_AFTER_ROWS {
            let snapshot = live.doc.transact().encode_state_as_update_v1(&StateVector::default());
            // Not awaited: if compaction fails the rows stay, and nothing is lost.
            drop(store.compact(&self.id, live.name, snapshot));
            live.rows = 1;
        }
        Some(pending)
    }

    fn finish(&self, pending: Option<Pending>) -> Result<()> {
        if let Some(p) = pending {
            if let Err(e) = p.wait() {
                self.live.poison(&e);
                return Err(e.into());
            }
        }
        Ok(())
    }

    /// Runs `f` in one transaction of document `name` and returns once its update is saved.
    /// Whatever `f` changed is saved even when it fails half-way, so memory and disk agree.
    pub(super) fn transact<R>(&self, name: DocName, f: impl FnOnce(&mut TransactionMut) -> Result<R>) -> Result<R> {
        let (result, pending, published) = self.transact_queued(name, true, f)?;
        self.finish(pending)?;
        if let Some(update) = published {
            self.publish(name, LOCAL, &update);
        }
        result
    }

    /// The one write path of the live documents: runs `f` in one transaction of document `name`
    /// under its lock and queues the update it made to the store before the lock is released (so
    /// the log's order is the document's). Returns `f`'s result, the pending save (`None` when
    /// nothing changed) and, when `publish` and the document has listeners, a copy of the update
    /// to publish once the save is waited on. The caller waits; the lock is released on return.
    fn transact_queued<R>(
        &self,
        name: DocName,
        publish: bool,
        f: impl FnOnce(&mut TransactionMut) -> R,
    ) -> Result<(R, Option<Pending>, Option<Vec<u8>>)> {
        let mut live = lock(self.live(name));
        // After a failed save, memory holds an update the disk lacks; later updates built on it
        // would be unreadable on reload. Refuse until the workshop is reopened from disk.
        if self.live.is_poisoned() {
            return Err(self.live.refusal(&self.id));
        }
        live.full_state = None;
        let doc = live.doc.clone();
        let (result, update) = {
            let mut txn = doc.transact_mut();
            let result = f(&mut txn);
            let update = txn.has_changes().then(|| txn.encode_update_v1());
            (result, update)
        };
        let published = update.as_ref().filter(|_| publish && self.has_listeners(name)).cloned();
        let pending = update.and_then(|u| self.persist(&mut live, u));
        Ok((result, pending, published))
    }

    fn has_listeners(&self, name: DocName) -> bool {
        self.live.listeners.lock().unwrap_or_else(|p| p.into_inner()).iter().any(|(_, doc, _)| *doc == name)
    }

    /// Calls the document's listeners with a committed update, after the commit and without the
    /// document's lock (another document's may be held: `add_comment` reads the draft while it
    /// writes the notes), so listeners only hand the bytes on.
    pub(super) fn publish(&self, name: DocName, origin: Origin, update: &[u8]) {
        let listeners: Vec<Listener> = self
            .live
            .listeners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter(|(_, doc, _)| *doc == name)
            .map(|(_, _, l)| Arc::clone(l))
            .collect();
        for listener in listeners {
            listener(origin, update);
        }
    }

    pub(super) fn write<R>(&self, name: DocName, f: impl FnOnce(&mut TransactionMut, &Draft) -> Result<R>) -> Result<R> {
        debug_assert_eq!(name, DocName::Draft);
        self.check_draft_writable()?;
        // The claim first: were it written after the edit and failed, the edit would be on disk
        // yet the operation reported failed. A claim without an edit is harmless.
        self.record_client()?;
        let mut deleted = Vec::new();
        let result = self.transact(DocName::Draft, |txn| {
            let result = f(txn, &self.live.d)?;
            deleted = deleted_in(txn);
            Ok(result)
        })?;
        if let Some(identity) = self.caucus.inner.store.identity(&self.id)? {
            self.record_deletions(&identity.member, &deleted)?;
        }
        Ok(result)
    }

    /// Whether this device's member may write the draft now: never a draft a newer Caucus wrote
    /// (issue #16), and as the role and the workshop's stage allow (issue #11 §1).
    fn check_draft_writable(&self) -> Result<()> {
        let found = self.read(DocName::Draft, |txn, l| l.d.schema_version(txn));
        if found > SCHEMA_VERSION {
            return Err(crate::policy::RightsError::NewerSchema { found, known: SCHEMA_VERSION }.into());
        }
        self.permits(crate::policy::Action::Write(DocName::Draft))
    }

    /// Writes the draft as `member` rather than this device's member (a proposal applied by the
    /// chair: the change is the proposer's wording): `f` runs on a copy of the draft under a fresh
    /// Yjs client id, claimed for `member` first, and the change it made is applied to the live
    /// draft and saved. Checked as a write of this device's member.
    pub(super) fn write_as<R>(&self, member: &str, f: impl FnOnce(&mut TransactionMut, &Draft) -> Result<R>) -> Result<R> {
        self.check_draft_writable()?;
        let known = self.state_vector(DocName::Draft);
        let client = loop {
            let c = u64::from(self.host().u32());
            if c != 0 && !known.contains_client(&yrs::ClientID::new(c)) && self.client_member(c).is_none() {
                break c;
            }
        };
        self.write_notes(|txn| {
            self.live.n.record_client(txn, client, member);
            Ok(())
        })?;
        let copy = crate::model::new_doc(DocName::Draft, client);
        let state = yrs::Update::decode_v1(&self.encode_state(DocName::Draft)).map_err(|e| Error::Invalid(e.to_string()))?;
        copy.transact_mut().apply_update(state).map_err(|e| Error::Invalid(e.to_string()))?;
        let draft = Draft::new(&copy);
        let (result, update, deleted) = {
            let mut txn = copy.transact_mut();
            let result = f(&mut txn, &draft)?;
            (result, txn.encode_update_v1(), deleted_in(&txn))
        };
        let update = yrs::Update::decode_v1(&update).map_err(|e| Error::Invalid(e.to_string()))?;
        self.transact(DocName::Draft, |txn| txn.apply_update(update).map_err(|e| Error::Invalid(e.to_string())))?;
        self.record_deletions(member, &deleted)?;
        Ok(result)
    }

    pub(super) fn write_roster<R>(&self, f: impl FnOnce(&mut TransactionMut, &Roster) -> Result<R>) -> Result<R> {
        // The claim first, as for the draft (see `write`).
        self.record_client_of(DocName::Roster)?;
        self.transact(DocName::Roster, |txn| f(txn, &self.live.r))
    }

    /// Runs a write of the notes and records the notes' client id for this device's member in the
    /// same transaction (attribution of its records, [`crate::policy`]).
    pub(super) fn write_notes<R>(&self, f: impl FnOnce(&mut TransactionMut) -> Result<R>) -> Result<R> {
        let claim = {
            let mut notes = lock(&self.live.notes);
            let first = !notes.client_recorded;
            notes.client_recorded = true;
            first.then(|| notes.doc.client_id().get())
        };
        let member = match claim {
            Some(client) => self
                .caucus
                .inner
                .store
                .identity(&self.id)?
                .map(|i| i.member)
                .filter(|m| self.read(DocName::Notes, |txn, l| l.n.client_member(txn, client)).as_ref() != Some(m))
                .map(|m| (client, m)),
            None => None,
        };
        self.transact(DocName::Notes, |txn| {
            let result = f(txn)?;
            if let Some((client, member)) = &member {
                self.live.n.record_client(txn, *client, member);
            }
            Ok(result)
        })
    }

    /// Records this session's draft client id → this device's member, once, for attribution.
    fn record_client(&self) -> Result<()> {
        self.record_client_of(DocName::Draft)
    }

    /// Records this session's client id of document `name` → this device's member, once, in the
    /// notes' Map `clients` (attribution, DESIGN §4; records of every document are attributed by
    /// the client that created them, [`crate::policy::inspect`]).
    pub(super) fn record_client_of(&self, name: DocName) -> Result<()> {
        let client_id = {
            let live = lock(self.live(name));
            if live.client_recorded {
                return Ok(());
            }
            live.doc.client_id().get()
        };
        let Some(identity) = self.caucus.inner.store.identity(&self.id)? else { return Ok(()) };
        if self.read(DocName::Notes, |txn, l| l.n.client_member(txn, client_id)).as_deref() == Some(identity.member.as_str()) {
            return Ok(());
        }
        self.transact(DocName::Notes, |txn| {
            self.live.n.record_client(txn, client_id, &identity.member);
            Ok(())
        })?;
        lock(self.live(name)).client_recorded = true;
        Ok(())
    }

    pub(super) fn read<R>(&self, name: DocName, f: impl FnOnce(&yrs::Transaction, &Live) -> R) -> R {
        let live = lock(self.live(name));
        let txn = live.doc.transact();
        f(&txn, &self.live)
    }

    /// Runs `f` on a document's live transaction (given the draft's root handles) and queues its update without waiting for the
    /// commit; returns the pending save (`None` when `f` changed nothing). For bulk producers
    /// (benchmarks) that pipeline. Refused after a failed save, like every write. Its updates
    /// are not published to [`Workshop::subscribe`]rs (they are not saved yet): peers get them at
    /// their next sync step.
    pub fn transact_pipelined(
        &self,
        name: DocName,
        f: impl FnOnce(&mut TransactionMut, &Draft),
    ) -> Result<Option<Pending>> {
        let ((), pending, _) = self.transact_queued(name, false, |txn| f(txn, &self.live.d))?;
        Ok(pending)
    }

    /// Calls `listener(origin, update)` with every update of document `doc` once it is committed
    /// to the store — this device's edits ([`LOCAL`]) and peers' ([`Workshop::apply_remote`]) —
    /// after the commit returned, on the thread that saved it. A listener must hand the bytes on
    /// (e.g. into a channel) and return: it must not block or call back into the workshop (a
    /// lock of another of its documents may be held). Updates of
    /// [`Workshop::transact_pipelined`] are not published. Listening stops when the returned
    /// [`Subscription`] is dropped.
    pub fn subscribe(&self, doc: DocName, listener: impl Fn(Origin, &[u8]) + Send + Sync + 'static) -> Subscription {
        let id = self.live.next_listener.fetch_add(1, Ordering::Relaxed);
        self.live.listeners.lock().unwrap_or_else(|p| p.into_inner()).push((id, doc, Arc::new(listener)));
        Subscription { live: Arc::downgrade(&self.live), id }
    }
}
