//! The façade: a device's [`Caucus`] (store + live documents) and a [`Workshop`]'s operations, each saved before it returns.
//!
//! Every edit runs in one yrs transaction on the live doc, its update is queued to the store while
//! the doc's lock is held (so the log's order matches the doc's), and the call returns only once
//! the store committed it. Lock order, where several are taken: draft, then notes, then roster.
//!
//! Sync (issue #3) adds: [`Workshop::apply_remote`] (an update from a peer, screened, applied and
//! committed, returning what is new so it can be forwarded), [`Workshop::subscribe`] (a listener
//! called with every committed update and its [`Origin`], after the commit, outside the
//! document's lock), and the state vector / diff a sync step needs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use ed25519_dalek::SigningKey;
use yrs::{Doc, ReadTxn, StateVector, Transact, TransactionMut, Update};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::Map as _;

use crate::error::{Error, Result};
use crate::host::{hex, Host};
use crate::export::ir::Document;
use crate::export::ExportOptions;
use crate::identity;
use crate::import;
use crate::model::draft::Draft;
use crate::model::notes::{NewComment, Notes, Reply, Thread};
use crate::model::roster::{Group, Member, Roster, Role};
use crate::model::schema::SCHEMA_VERSION;
use crate::model::{new_doc, DocName};
use crate::update::check_in_order;
use crate::store::{IdentityRecord, MilestoneRecord, Pending, Store, StoreError, WorkshopRecord};
use crate::model::types::*;

/// A whole-document encoding at least this large is kept for the next peer with an empty state
/// vector (see `LiveDoc::full_state`); smaller ones are cheaper to encode again than to keep.
const FULL_STATE_KEPT_FROM: usize = 16 * 1024;

/// After this many rows a document's log is replaced by one snapshot of the live doc (DESIGN §3).
pub const COMPACT_AFTER_ROWS: usize = 500;

/// Environment variable naming the data directory (after `--data-dir`, before the platform's).
pub const DATA_DIR_ENV: &str = "CAUCUS_DATA_DIR";

const SAMPLE_SETTING: &str = "sample_workshop";

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

/// Workshop ids a relay may adopt (`open_or_adopt`): 1 to 64 of `a-z A-Z 0-9 - _ .`, not starting with a dot.
pub fn is_valid_workshop_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && !id.starts_with('.')
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

/// A device's Caucus: its store and the workshops open on it. Cheap to clone.
#[derive(Clone)]
pub struct Caucus {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    data_dir: PathBuf,
    host: Host,
    open: Mutex<HashMap<String, Weak<Live>>>,
}

/// What `Caucus::create` needs.
#[derive(Debug, Clone)]
pub struct NewWorkshop {
    pub title: String,
    pub symbol: String,
    pub meeting: String,
    pub kind: DraftKind,
    pub language: String,
    pub chair_name: String,
    pub chair_delegation: String,
    pub chair_group: Group,
}

impl NewWorkshop {
    pub fn titled(title: impl Into<String>) -> Self {
        NewWorkshop {
            title: title.into(),
            symbol: String::new(),
            meeting: String::new(),
            kind: DraftKind::Resolution,
            language: "English".into(),
            chair_name: "Chair".into(),
            chair_delegation: String::new(),
            chair_group: Group::Expert,
        }
    }
}

/// A workshop as listed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WorkshopSummary {
    pub id: String,
    pub title: String,
    pub created: String,
}

/// A named, frozen version of the draft.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Milestone {
    pub name: String,
    pub created: String,
    /// Member id of whoever made it.
    pub created_by: String,
}

/// A new member, before it has an id.
#[derive(Debug, Clone)]
pub struct NewMember {
    pub name: String,
    pub delegation: String,
    pub role: Role,
    pub group: Group,
}

impl Caucus {
    /// Opens the device store in `data_dir` with the system clock and randomness.
    pub fn open(data_dir: &Path) -> Result<Caucus> {
        Caucus::open_with(data_dir, Host::default())
    }

    pub fn open_with(data_dir: &Path, host: Host) -> Result<Caucus> {
        Ok(Caucus::with_store(Store::open(data_dir)?, data_dir, host))
    }

    /// Opens the device store to read it, even while another process (the app, a relay) owns
    /// the data directory: then every write is refused with `store.in_use`, naming the owner
    /// ([`Store::open_for_reading`]). For commands that only read (`caucus show`, `list`, `export`…).
    pub fn open_for_reading(data_dir: &Path) -> Result<Caucus> {
        Ok(Caucus::with_store(Store::open_for_reading(data_dir)?, data_dir, Host::default()))
    }

    fn with_store(store: Store, data_dir: &Path, host: Host) -> Caucus {
        Caucus {
            inner: Arc::new(Inner { store, data_dir: data_dir.to_path_buf(), host, open: Mutex::new(HashMap::new()) }),
        }
    }

    /// `CAUCUS_DATA_DIR`, else the platform data directory (e.g. `~/.local/share/caucus`).
    pub fn data_dir_from_env() -> Result<PathBuf> {
        if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
            return Ok(PathBuf::from(dir));
        }
        directories::ProjectDirs::from("org", "Caucus", "caucus")
            .map(|d| d.data_dir().to_path_buf())
            .ok_or(Error::NoDataDir)
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn host(&self) -> &Host {
        &self.inner.host
    }

    /// Creates a workshop: the chair's key (kept in this device's store), the workshop id derived
    /// from it, and the three documents with the meta, a title paragraph and the chair as member.
    pub fn create(&self, new: &NewWorkshop) -> Result<Workshop> {
        if new.title.trim().is_empty() {
            return Err(Error::Invalid("a workshop needs a title".into()));
        }
        let host = &self.inner.host;
        let key: SigningKey = identity::generate(host.entropy.as_ref());
        let public = key.verifying_key();
        let id = identity::workshop_id(&public);
        let now = host.timestamp();
        let chair_id = host.id("m");
        let store = &self.inner.store;
        store.put_workshop(&WorkshopRecord { id: id.clone(), title: new.title.clone(), created: now.clone() }).wait()?;
        store
            .put_identity(&IdentityRecord {
                workshop: id.clone(),
                member: chair_id.clone(),
                public_key: public.as_bytes().to_vec(),
                secret_key: Some(key.to_bytes().to_vec()),
            })
            .wait()?;
        let workshop = self.workshop(&id)?;
        let title = NewParagraph::new(ParaKind::Title, new.title.to_uppercase());
        let title_id = host.id("p");
        workshop.write(DocName::Draft, |txn, draft: &Draft| {
            draft.set_meta(
                txn,
                &DraftMeta {
                    title: new.title.clone(),
                    symbol: new.symbol.clone(),
                    meeting: new.meeting.clone(),
                    kind: new.kind,
                    language: new.language.clone(),
                },
            );
            draft.insert(txn, 0, &title_id, &title)?;
            Ok(())
        })?;
        workshop.write_roster(|txn, roster| {
            roster.set_chair_key(txn, &id, &hex(public.as_bytes()));
            roster.add(
                txn,
                &Member {
                    id: chair_id.clone(),
                    name: new.chair_name.clone(),
                    delegation: new.chair_delegation.clone(),
                    role: Role::Chair,
                    group: new.chair_group,
                    added: now.clone(),
                    removed: None,
                },
            )?;
            Ok(())
        })?;
        tracing::info!(workshop = %id, "workshop created");
        Ok(workshop)
    }

    /// `caucus check`: SQLite's page check, every stored row's and milestone's checksum, and
    /// every workshop's three documents decoded. Returns the number of workshops and of rows
    /// read; anything damaged is `store.integrity`, saying what and how to restore.
    pub fn check(&self) -> Result<(usize, usize)> {
        let store = &self.inner.store;
        store.integrity_check()?;
        let rows = store.verify_rows()?;
        let workshops = store.workshops()?;
        for w in &workshops {
            for doc in DocName::ALL {
                match self.load_doc(&w.id, doc) {
                    Ok(_) => {}
                    Err(e @ Error::Store(StoreError::Integrity { .. })) => return Err(e),
                    Err(other) => {
                        let what = format!("workshop {}, document {doc} cannot be read: {other}", w.id);
                        return Err(StoreError::Integrity { path: store.path().to_path_buf(), what }.into());
                    }
                }
            }
        }
        Ok((workshops.len(), rows))
    }

    pub fn list(&self) -> Result<Vec<WorkshopSummary>> {
        Ok(self
            .inner
            .store
            .workshops()?
            .into_iter()
            .map(|w| WorkshopSummary { id: w.id, title: w.title, created: w.created })
            .collect())
    }

    /// The full id of the one workshop whose id starts with `prefix`.
    pub fn resolve(&self, prefix: &str) -> Result<String> {
        let prefix = prefix.trim();
        if prefix.is_empty() {
            return Err(Error::NoSuchWorkshop(String::new()));
        }
        let matches: Vec<String> =
            self.inner.store.workshops()?.into_iter().map(|w| w.id).filter(|id| id.starts_with(prefix)).collect();
        match matches.len() {
            0 => Err(Error::NoSuchWorkshop(prefix.to_string())),
            1 => Ok(matches.into_iter().next().unwrap_or_default()),
            count => {
                if let Some(exact) = matches.iter().find(|m| *m == prefix) {
                    return Ok(exact.clone());
                }
                Err(Error::AmbiguousWorkshop { prefix: prefix.to_string(), count })
            }
        }
    }

    /// Opens a workshop by id or unambiguous prefix, loading its documents from the store once
    /// per process (later opens share the live documents).
    pub fn open_workshop(&self, id_or_prefix: &str) -> Result<Workshop> {
        let id = self.resolve(id_or_prefix)?;
        self.workshop(&id)
    }

    /// Opens the workshop whose id is exactly `id` (never a prefix: a network peer names rooms
    /// by full id).
    pub fn open_exact(&self, id: &str) -> Result<Workshop> {
        if self.inner.store.workshop(id)?.is_none() {
            return Err(Error::NoSuchWorkshop(id.to_string()));
        }
        self.workshop(id)
    }

    /// Opens the workshop `id`, first recording an empty one (no title, no identity on this
    /// device) when the store has none: for a relay that hosts rooms it was not told about
    /// (`caucus serve --create-rooms`) and for a device about to receive a workshop from a peer.
    pub fn open_or_adopt(&self, id: &str) -> Result<Workshop> {
        if !is_valid_workshop_id(id) {
            return Err(Error::Invalid(format!("`{}` is not a workshop id", id.escape_debug())));
        }
        if self.inner.store.workshop(id)?.is_none() {
            let record = WorkshopRecord { id: id.to_string(), title: String::new(), created: self.inner.host.timestamp() };
            self.inner.store.put_workshop(&record).wait()?;
            tracing::info!(workshop = %id, "workshop adopted");
        }
        self.workshop(id)
    }

    /// The workshop `id` if it is open in memory already (a relay's loaded room, the app's open
    /// workshop): no disk access, so it may be called on an async thread.
    pub fn loaded(&self, id: &str) -> Option<Workshop> {
        let open = self.inner.open.lock().unwrap_or_else(|p| p.into_inner());
        let live = open.get(id).and_then(Weak::upgrade).filter(|l| !l.is_poisoned())?;
        Some(Workshop { caucus: self.clone(), id: id.to_string(), live })
    }

    fn workshop(&self, id: &str) -> Result<Workshop> {
        let mut open = self.inner.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(live) = open.get(id).and_then(Weak::upgrade) {
            if !live.is_poisoned() {
                return Ok(Workshop { caucus: self.clone(), id: id.to_string(), live });
            }
        }
        let draft = self.load_doc(id, DocName::Draft)?;
        let notes = self.load_doc(id, DocName::Notes)?;
        let roster = self.load_doc(id, DocName::Roster)?;
        // The draft's shadow follows every committed live update (policy::shadow).
        let shadow = crate::policy::shadow::Shadow::default();
        let follower = shadow.clone();
        draft
            .doc
            .observe_update_v1("policy-shadow", move |_, e| follower.follow(&e.update))
            .map_err(|e| Error::DamagedDocument { workshop: id.to_string(), doc: DocName::Draft.to_string(), seq: 0, reason: e.to_string() })?;
        let live = Arc::new(Live {
            shadow,
            d: Draft::new(&draft.doc),
            n: Notes::new(&notes.doc),
            r: Roster::new(&roster.doc),
            draft: Mutex::new(draft),
            notes: Mutex::new(notes),
            roster: Mutex::new(roster),
            poisoned: std::sync::atomic::AtomicBool::new(false),
            listeners: Mutex::new(Vec::new()),
            next_listener: AtomicU64::new(1),
        });
        open.insert(id.to_string(), Arc::downgrade(&live));
        Ok(Workshop { caucus: self.clone(), id: id.to_string(), live })
    }

    /// Rebuilds a document from its stored rows: the snapshot, then the updates after it, each
    /// in its own transaction (one huge transaction is superlinear in yrs).
    fn load_doc(&self, workshop: &str, name: DocName) -> Result<LiveDoc> {
        let rows = self.inner.store.load(workshop, name)?;
        let mut client_id = self.inner.host.u32() as u64;
        let mut doc = new_doc(name, client_id);
        for row in &rows {
            let damaged = |reason: String| Error::DamagedDocument {
                workshop: workshop.to_string(),
                doc: name.to_string(),
                seq: row.seq,
                reason,
            };
            let update = Update::decode_v1(&row.data).map_err(|e| damaged(e.to_string()))?;
            doc.transact_mut().apply_update(update).map_err(|e| damaged(e.to_string()))?;
        }
        // A client id already present in the history would corrupt it: pick another.
        let known = doc.transact().state_vector();
        if known.contains_client(&yrs::ClientID::new(client_id)) {
            let update = doc.transact().encode_state_as_update_v1(&StateVector::default());
            loop {
                client_id = self.inner.host.u32() as u64;
                if !known.contains_client(&yrs::ClientID::new(client_id)) {
                    break;
                }
            }
            doc = new_doc(name, client_id);
            let update = Update::decode_v1(&update).map_err(|e| Error::DamagedDocument {
                workshop: workshop.to_string(),
                doc: name.to_string(),
                seq: 0,
                reason: e.to_string(),
            })?;
            doc.transact_mut().apply_update(update).map_err(|e| Error::DamagedDocument {
                workshop: workshop.to_string(),
                doc: name.to_string(),
                seq: 0,
                reason: e.to_string(),
            })?;
        }
        Ok(LiveDoc { doc, name, rows: rows.len(), client_recorded: false, full_state: None })
    }

    /// The built-in sample workshop, created on first use (`caucus demo`, the app's first start).
    pub fn open_sample(&self) -> Result<Workshop> {
        if let Some(id) = self.inner.store.setting(SAMPLE_SETTING)? {
            if let Ok(w) = self.workshop(&id) {
                if self.inner.store.identity(&id)?.is_some() {
                    return Ok(w);
                }
            }
        }
        let workshop = crate::sample::create(self)?;
        self.inner.store.put_setting(SAMPLE_SETTING, workshop.id()).wait()?;
        Ok(workshop)
    }
}

/// A document loaded in memory.
struct LiveDoc {
    doc: Doc,
    name: DocName,
    /// Rows in the store's log for this document, snapshot included.
    rows: usize,
    /// Whether this session's client id was recorded in `notes` (attribution).
    client_recorded: bool,
    /// The whole document v1-encoded, kept from one answer to a peer with an empty state vector
    /// (a new device, a y-websocket client) until the next write: a relay answers a room of
    /// newcomers to a large draft without re-encoding it for each. Cleared before every write
    /// transaction, under this document's lock, so it can never be older than the document.
    full_state: Option<Arc<[u8]>>,
}

struct Live {
    /// The draft's shadow: untrusted draft updates are checked on it first ([`crate::policy::shadow`]).
    shadow: crate::policy::shadow::Shadow,
    /// Root handles, made once at load: yrs takes a write lock to make one, so making them
    /// inside a transaction would deadlock.
    d: Draft,
    n: Notes,
    r: Roster,
    draft: Mutex<LiveDoc>,
    notes: Mutex<LiveDoc>,
    roster: Mutex<LiveDoc>,
    /// Set when a save failed: memory may hold what the disk does not, so the next open reloads.
    poisoned: std::sync::atomic::AtomicBool,
    /// [`Workshop::subscribe`]rs: (subscription id, document, listener).
    listeners: Mutex<Vec<(u64, DocName, Listener)>>,
    next_listener: AtomicU64,
}

impl Live {
    fn is_poisoned(&self) -> bool {
        self.poisoned.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Workshop {
    /// Whether a failed save left memory ahead of the disk: every write is refused
    /// (`store.reload_required`) until the workshop is opened again ([`Caucus::open_exact`]
    /// loads a fresh copy from disk).
    pub fn is_poisoned(&self) -> bool {
        self.live.is_poisoned()
    }
}

fn lock(m: &Mutex<LiveDoc>) -> MutexGuard<'_, LiveDoc> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// An open workshop. Cheap to clone; clones share the live documents.
#[derive(Clone)]
pub struct Workshop {
    caucus: Caucus,
    id: String,
    live: Arc<Live>,
}

impl Workshop {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether a save of this workshop failed: every later write is refused
    /// (`store.reload_required`) until it is opened again from disk ([`Caucus::open_exact`] then
    /// loads it afresh). The app reloads it and resyncs its window with it.
    pub fn needs_reload(&self) -> bool {
        self.live.is_poisoned()
    }

    fn host(&self) -> &Host {
        &self.caucus.inner.host
    }

    /// The device this workshop lives on (its store, clock, identities).
    pub fn caucus(&self) -> &Caucus {
        &self.caucus
    }

    /// The chair's public key as the roster records it (hex), for token verification
    /// (`sync::token`); `None` in a roster not yet synced.
    pub fn chair_key(&self) -> Option<String> {
        self.read(DocName::Roster, |txn, l| l.r.chair_key(txn))
    }

    /// Whether the roster revokes `member_id` (`Roster::is_revoked`), for token verification.
    pub fn is_revoked(&self, member_id: &str) -> bool {
        self.read(DocName::Roster, |txn, l| l.r.is_revoked(txn, member_id))
    }

    fn live(&self, name: DocName) -> &Mutex<LiveDoc> {
        match name {
            DocName::Draft => &self.live.draft,
            DocName::Notes => &self.live.notes,
            DocName::Roster => &self.live.roster,
        }
    }

    /// Queues a transaction's update (under the doc's lock) and compacts when the log is long.
    fn persist(&self, live: &mut LiveDoc, update: Vec<u8>) -> Option<Pending> {
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
                self.live.poisoned.store(true, std::sync::atomic::Ordering::SeqCst);
                return Err(e.into());
            }
        }
        Ok(())
    }

    /// Runs `f` in one transaction of document `name` and returns once its update is saved.
    /// Whatever `f` changed is saved even when it fails half-way, so memory and disk agree.
    fn transact<R>(&self, name: DocName, f: impl FnOnce(&mut TransactionMut) -> Result<R>) -> Result<R> {
        let mut live = lock(self.live(name));
        // After a failed save, memory holds an update the disk lacks; later updates built on it
        // would be unreadable on reload. Refuse until the workshop is reopened from disk.
        if self.live.is_poisoned() {
            return Err(Error::ReloadRequired(self.id.clone()));
        }
        live.full_state = None;
        let doc = live.doc.clone();
        let (result, update) = {
            let mut txn = doc.transact_mut();
            let result = f(&mut txn);
            let update = txn.has_changes().then(|| txn.encode_update_v1());
            (result, update)
        };
        let published = update.as_ref().filter(|_| self.has_listeners(name)).cloned();
        let pending = update.and_then(|u| self.persist(&mut live, u));
        drop(live);
        self.finish(pending)?;
        if let Some(update) = published {
            self.publish(name, LOCAL, &update);
        }
        result
    }

    fn has_listeners(&self, name: DocName) -> bool {
        self.live.listeners.lock().unwrap_or_else(|p| p.into_inner()).iter().any(|(_, doc, _)| *doc == name)
    }

    /// Calls the document's listeners with a committed update, after the commit and without the
    /// document's lock (another document's may be held: `add_comment` reads the draft while it
    /// writes the notes), so listeners only hand the bytes on.
    fn publish(&self, name: DocName, origin: Origin, update: &[u8]) {
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

    fn write<R>(&self, name: DocName, f: impl FnOnce(&mut TransactionMut, &Draft) -> Result<R>) -> Result<R> {
        debug_assert_eq!(name, DocName::Draft);
        // A draft written by a newer Caucus (issue #16) is never rewritten by this build.
        let found = self.read(DocName::Draft, |txn, l| l.d.schema_version(txn));
        if found > SCHEMA_VERSION {
            return Err(crate::policy::RightsError::NewerSchema { found, known: SCHEMA_VERSION }.into());
        }
        // The claim first: were it written after the edit and failed, the edit would be on disk
        // yet the operation reported failed. A claim without an edit is harmless.
        self.record_client()?;
        self.transact(DocName::Draft, |txn| f(txn, &self.live.d))
    }

    fn write_roster<R>(&self, f: impl FnOnce(&mut TransactionMut, &Roster) -> Result<R>) -> Result<R> {
        // The claim first, as for the draft (see `write`).
        self.record_client_of(DocName::Roster)?;
        self.transact(DocName::Roster, |txn| f(txn, &self.live.r))
    }

    /// Runs a write of the notes and records the notes' client id for this device's member in the
    /// same transaction (attribution of its records, [`crate::policy`]).
    fn write_notes<R>(&self, f: impl FnOnce(&mut TransactionMut) -> Result<R>) -> Result<R> {
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
    fn record_client_of(&self, name: DocName) -> Result<()> {
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

    /// The member this device acts as in the workshop, with its role and whom it speaks for:
    /// `None` on a device without an identity in it (a relay), whose own writes are not checked.
    /// A member the roster does not list (yet) acts with the least power, an observer's.
    pub fn acting(&self) -> Result<Option<crate::policy::inspect::Writer>> {
        let Some(identity) = self.caucus.inner.store.identity(&self.id)? else { return Ok(None) };
        let member = self.members().into_iter().find(|m| m.id == identity.member);
        Ok(Some(match member {
            Some(m) => crate::policy::Writer::Member { id: m.id.clone(), role: m.role, delegation: m.speaks_for().to_string() },
            None => crate::policy::Writer::Member { id: identity.member, role: Role::Observer, delegation: String::new() },
        }))
    }

    /// Asks the rule table whether this device's member may do `action` (nothing to ask on a
    /// device without an identity).
    fn permits(&self, action: crate::policy::Action) -> Result<()> {
        if let Some(crate::policy::Writer::Member { role, .. }) = self.acting()? {
            crate::policy::permits(role, action)?;
        }
        Ok(())
    }

    /// The member who claims Yjs client `client_id` in the notes' Map `clients`.
    pub fn client_member(&self, client_id: u64) -> Option<String> {
        self.read(DocName::Notes, |txn, l| l.n.client_member(txn, client_id))
    }

    /// Every attribution claim of the notes' Map `clients`: client id → member id.
    pub fn client_claims(&self) -> std::collections::BTreeMap<String, Option<String>> {
        self.read(DocName::Notes, |txn, l| l.n.claims(txn))
    }

    fn read<R>(&self, name: DocName, f: impl FnOnce(&yrs::Transaction, &Live) -> R) -> R {
        let live = lock(self.live(name));
        let txn = live.doc.transact();
        f(&txn, &self.live)
    }

    // --- the draft -------------------------------------------------------------------------

    pub fn view(&self) -> Result<DraftView> {
        Ok(self.read(DocName::Draft, |txn, l| l.d.view(txn)))
    }

    pub fn meta(&self) -> DraftMeta {
        self.read(DocName::Draft, |txn, l| l.d.meta(txn))
    }

    /// The schema version the draft declares (`meta.schemaVersion`, issue #16).
    pub fn schema_version(&self) -> u32 {
        self.read(DocName::Draft, |txn, l| l.d.schema_version(txn))
    }

    pub fn paragraphs(&self) -> Vec<NumberedParagraph> {
        self.read(DocName::Draft, |txn, l| crate::model::numbering::number(l.d.paragraphs(txn)))
    }

    /// Inserts a paragraph at 0-based `at` (the end when `None`). Bracket ids in its spans are
    /// replaced by fresh ones, each with an `open` entry.
    pub fn add_paragraph(&self, at: Option<usize>, para: NewParagraph) -> Result<Paragraph> {
        let id = self.host().id("p");
        let para = self.fresh_brackets(vec![para]).pop().ok_or(ModelError::Empty("paragraph"))?;
        let position = self.write(DocName::Draft, |txn, draft| {
            let len = draft.len(txn);
            let position = at.unwrap_or(len).min(len);
            draft.insert(txn, position, &id, &para)?;
            Ok(position)
        })?;
        self.paragraph_at(position)
    }

    fn paragraph_at(&self, position: usize) -> Result<Paragraph> {
        self.read(DocName::Draft, |txn, l| {
            let paragraphs = l.d.paragraphs(txn);
            let len = paragraphs.len();
            paragraphs.into_iter().nth(position).ok_or(ModelError::NoSuchParagraph { position: position + 1, len })
        })
        .map_err(Error::from)
    }

    pub fn set_text(&self, position: usize, text: &str) -> Result<Paragraph> {
        self.write(DocName::Draft, |txn, draft| Ok(draft.set_text(txn, position, text)?))?;
        self.paragraph_at(position)
    }

    pub fn set_kind(&self, position: usize, kind: ParaKind) -> Result<Paragraph> {
        self.write(DocName::Draft, |txn, draft| Ok(draft.set_kind(txn, position, kind)?))?;
        self.paragraph_at(position)
    }

    pub fn set_level(&self, position: usize, level: u8) -> Result<Paragraph> {
        self.write(DocName::Draft, |txn, draft| Ok(draft.set_level(txn, position, level)?))?;
        self.paragraph_at(position)
    }

    pub fn set_label(&self, position: usize, label: Option<&str>) -> Result<Paragraph> {
        self.write(DocName::Draft, |txn, draft| Ok(draft.set_label(txn, position, label)?))?;
        self.paragraph_at(position)
    }

    pub fn move_paragraph(&self, from: usize, to: usize) -> Result<Paragraph> {
        self.write(DocName::Draft, |txn, draft| Ok(draft.move_to(txn, from, to)?))?;
        self.paragraph_at(to)
    }

    pub fn delete_paragraph(&self, position: usize) -> Result<Paragraph> {
        self.write(DocName::Draft, |txn, draft| Ok(draft.delete(txn, position)?))
    }

    /// Brackets `len` bytes of paragraph `position`'s text from byte `start`.
    pub fn bracket(&self, position: usize, start: usize, len: usize, holders: Vec<String>) -> Result<String> {
        let id = self.host().id("b");
        let info = BracketInfo { status: BracketStatus::Open, holders };
        self.check_bracket(None, Some(&info))?;
        self.write(DocName::Draft, |txn, draft| Ok(draft.bracket_range(txn, position, start, len, &id, &info)?))?;
        Ok(id)
    }

    /// Sets a bracket's status and holders: a status only as the chair or the Secretariat, a
    /// delegate's own delegation only among the holders ([`crate::policy::rights::check_bracket_change`]).
    pub fn set_bracket(&self, bracket_id: &str, info: &BracketInfo) -> Result<()> {
        let current = self.read(DocName::Draft, |txn, l| l.d.brackets(txn).remove(bracket_id));
        self.check_bracket(current.as_ref(), Some(info))?;
        self.write(DocName::Draft, |txn, draft| {
            draft.set_bracket(txn, bracket_id, info);
            Ok(())
        })
    }

    fn check_bracket(&self, before: Option<&BracketInfo>, after: Option<&BracketInfo>) -> Result<()> {
        if let Some(crate::policy::Writer::Member { role, delegation, .. }) = self.acting()? {
            crate::policy::rights::check_bracket_change(role, &delegation, before, after)?;
        }
        Ok(())
    }

    /// Replaces the draft body with an imported CITES text, in one transaction. Header fields the
    /// text carries (title, symbol, meeting, kind) replace the meta's.
    pub fn import(&self, input: &[u8]) -> Result<ImportedDraft> {
        let imported = import::import_text(input)?;
        let meta = self.meta();
        let changes_meta = imported.title.as_ref().is_some_and(|t| *t != meta.title)
            || imported.symbol.as_ref().is_some_and(|s| *s != meta.symbol)
            || imported.meeting.as_ref().is_some_and(|m| *m != meta.meeting)
            || imported.kind != meta.kind;
        if changes_meta {
            self.permits(crate::policy::Action::Metadata)?;
        }
        let paragraphs = self.fresh_brackets(imported.paragraphs.clone());
        let ids: Vec<String> = paragraphs.iter().map(|_| self.host().id("p")).collect();
        let title = self.write(DocName::Draft, |txn, draft| {
            let mut meta = draft.meta(txn);
            if let Some(t) = &imported.title {
                meta.title = t.clone();
            }
            if let Some(s) = &imported.symbol {
                meta.symbol = s.clone();
            }
            if let Some(m) = &imported.meeting {
                meta.meeting = m.clone();
            }
            meta.kind = imported.kind;
            draft.set_meta(txn, &meta);
            draft.clear(txn);
            for (i, (para, id)) in paragraphs.iter().zip(&ids).enumerate() {
                draft.insert(txn, i, id, para)?;
            }
            Ok(meta.title)
        })?;
        let created = self
            .caucus
            .list()?
            .into_iter()
            .find(|w| w.id == self.id)
            .map(|w| w.created)
            .unwrap_or_else(|| self.host().timestamp());
        self.caucus.inner.store.put_workshop(&WorkshopRecord { id: self.id.clone(), title, created }).wait()?;
        Ok(imported)
    }

    /// Gives each bracket id found in the spans a fresh id, keeping spans of one bracket together.
    fn fresh_brackets(&self, paragraphs: Vec<NewParagraph>) -> Vec<NewParagraph> {
        let mut renamed: HashMap<String, String> = HashMap::new();
        paragraphs
            .into_iter()
            .map(|mut p| {
                for span in &mut p.spans {
                    if let Some(local) = span.marks.bracket.take() {
                        let id = renamed.entry(local).or_insert_with(|| self.host().id("b")).clone();
                        span.marks.bracket = Some(id);
                    }
                }
                p
            })
            .collect()
    }

    // --- notes -----------------------------------------------------------------------------

    /// Comments on the only occurrence of `quote` (in paragraph `in_para`, 0-based, if given).
    /// `author` defaults to this device's member.
    /// With another member as `author`, the comment is recorded on their behalf (the chair and
    /// the Secretariat only) and shown as such.
    pub fn add_comment(&self, quote: &str, body: &str, author: Option<&str>, in_para: Option<usize>) -> Result<Thread> {
        let (author, recorded_by) = self.comment_writer(author)?;
        self.start_thread(&author, recorded_by.as_deref(), body, |notes, txn, draft, draft_txn, comment| {
            notes.add(txn, draft, draft_txn, quote, in_para, comment)
        })
    }

    /// Writes a new thread by `author` (recorded by `recorded_by`): its body checked, its id and
    /// time from the host, placed in the draft by `place` (on a quote, or on a selection), in one
    /// notes transaction read against the draft as it is; returns the thread as read back.
    fn start_thread(
        &self,
        author: &str,
        recorded_by: Option<&str>,
        body: &str,
        place: impl FnOnce(&Notes, &mut TransactionMut, &Draft, &yrs::Transaction, NewComment<'_>) -> std::result::Result<(), ModelError>,
    ) -> Result<Thread> {
        crate::policy::rights::check_body("a comment", body)?;
        let id = self.host().id("c");
        let created = self.host().timestamp();
        {
            let draft = lock(&self.live.draft);
            let draft_txn = draft.doc.transact();
            self.write_notes(|txn| {
                let comment = NewComment { id: &id, author, recorded_by, body, created: &created };
                Ok(place(&self.live.n, txn, &self.live.d, &draft_txn, comment)?)
            })?;
        }
        self.thread(&id)
    }

    /// Who a new comment or reply is by: `author` (default: this device's member) and, when that
    /// is another member, this device's member as its recorder — which the rules allow the chair
    /// and the Secretariat only.
    fn comment_writer(&self, author: Option<&str>) -> Result<(String, Option<String>)> {
        let Some(crate::policy::Writer::Member { id: me, .. }) = self.acting()? else {
            // A device without an identity in the workshop writes as it is told.
            return match author {
                Some(a) => Ok((self.member(a)?.id, None)),
                None => Err(Error::NoIdentity(self.id.clone())),
            };
        };
        let author = match author {
            Some(a) => self.member(a)?.id,
            None => return Ok((me, None)),
        };
        if author == me {
            return Ok((author, None));
        }
        self.permits(crate::policy::Action::RecordForOther)?;
        Ok((author, Some(me)))
    }

    /// Comments on a selection made in the webview, as this device's member: `start` and `end`
    /// are Yjs relative positions (v1) into the draft's body, which must resolve here to some
    /// words of one paragraph (`notes.bad_anchor` otherwise). The quote is taken from the draft.
    pub fn add_comment_at(&self, start: &[u8], end: &[u8], body: &str) -> Result<Thread> {
        let author = self.me()?;
        self.start_thread(&author, None, body, |notes, txn, draft, draft_txn, comment| {
            notes.add_anchored(txn, draft, draft_txn, start, end, comment).map(|_| ())
        })
    }

    /// Records that Yjs client `client_id` (e.g. the webview's copy of the draft) writes for this
    /// device's member, for attribution (DESIGN §4). Does nothing on a device without an identity
    /// in the workshop or when the entry is already there.
    pub fn claim_client(&self, client_id: u64) -> Result<()> {
        let Some(identity) = self.caucus.inner.store.identity(&self.id)? else { return Ok(()) };
        let known = self.read(DocName::Notes, |txn, l| l.n.client_member(txn, client_id));
        match known {
            Some(member) if member == identity.member => return Ok(()),
            Some(_) => {
                return Err(Error::Invalid(format!("Yjs client id {client_id} already writes for another member; use a new one")))
            }
            None => {}
        }
        self.transact(DocName::Notes, |txn| {
            self.live.n.record_client(txn, client_id, &identity.member);
            Ok(())
        })
    }

    /// Appends a reply as this device's member (or recorded on `author`'s behalf, as
    /// [`Workshop::add_comment`]).
    pub fn reply(&self, thread_id: &str, body: &str, author: Option<&str>) -> Result<Thread> {
        let (author, recorded_by) = self.comment_writer(author)?;
        crate::policy::rights::check_body("a reply", body)?;
        let reply = Reply {
            id: self.host().id("r"),
            author,
            body: body.to_string(),
            created: self.host().timestamp(),
            recorded_by,
            edited: false,
        };
        self.write_notes(|txn| Ok(self.live.n.reply(txn, thread_id, &reply)?))?;
        self.thread(thread_id)
    }

    /// Resolves or reopens a thread: its author (or recorder), the chair or the Secretariat.
    pub fn set_resolved(&self, thread_id: &str, resolved: bool) -> Result<Thread> {
        if let Some(crate::policy::Writer::Member { id, role, .. }) = self.acting()? {
            let thread = self.thread(thread_id)?;
            let own = thread.author == id || thread.recorded_by.as_deref() == Some(id.as_str());
            crate::policy::permits(role, crate::policy::Action::Resolve { own })?;
        }
        self.write_notes(|txn| Ok(self.live.n.set_resolved(txn, thread_id, resolved)?))?;
        self.thread(thread_id)
    }

    /// Edits the body of a thread (`reply: None`) or of one of its replies, as its writer only
    /// (its recorder, else its author): a record of its own, never an overwrite.
    pub fn edit_comment(&self, thread_id: &str, reply: Option<&str>, body: &str) -> Result<Thread> {
        crate::policy::rights::check_body("an edited comment", body)?;
        self.record_edit(thread_id, reply, Some(body))
    }

    /// Deletes a thread (`reply: None`) or one of its replies, as its writer only: a record of
    /// its own (nothing is Yjs-deleted, so every peer can tell who deleted it).
    pub fn delete_comment(&self, thread_id: &str, reply: Option<&str>) -> Result<()> {
        self.record_edit(thread_id, reply, None).map(|_| ())
    }

    fn record_edit(&self, thread_id: &str, reply: Option<&str>, body: Option<&str>) -> Result<Thread> {
        let thread = self.thread(thread_id)?;
        let writer = match reply {
            None => thread.recorded_by.clone().unwrap_or_else(|| thread.author.clone()),
            Some(r) => {
                let reply = thread
                    .replies
                    .iter()
                    .find(|x| x.id == r)
                    .ok_or_else(|| ModelError::NoSuchThread(format!("{thread_id}/{r}")))?;
                reply.recorded_by.clone().unwrap_or_else(|| reply.author.clone())
            }
        };
        let me = self.me()?;
        self.permits(crate::policy::Action::EditComment { own: writer == me })?;
        let record = self.host().id("e");
        let created = self.host().timestamp();
        self.write_notes(|txn| Ok(self.live.n.record_edit(txn, &record, thread_id, reply, body, &created)?))?;
        Ok(thread)
    }

    /// Every comment thread, with anchors resolved against the draft as it is now.
    pub fn threads(&self) -> Vec<Thread> {
        let draft = lock(&self.live.draft);
        let draft_txn = draft.doc.transact();
        self.read(DocName::Notes, |txn, l| l.n.threads(txn, &l.d, &draft_txn))
    }

    pub fn thread(&self, thread_id: &str) -> Result<Thread> {
        self.threads()
            .into_iter()
            .find(|t| t.id == thread_id)
            .ok_or_else(|| ModelError::NoSuchThread(thread_id.to_string()).into())
    }

    // --- roster ----------------------------------------------------------------------------

    pub fn members(&self) -> Vec<Member> {
        self.read(DocName::Roster, |txn, l| l.r.list(txn))
    }

    /// A member by id (or unambiguous id prefix).
    pub fn member(&self, id_or_prefix: &str) -> Result<Member> {
        let members = self.members();
        if let Some(m) = members.iter().find(|m| m.id == id_or_prefix) {
            return Ok(m.clone());
        }
        let mut matches = members.into_iter().filter(|m| m.id.starts_with(id_or_prefix));
        match (matches.next(), matches.next()) {
            (Some(m), None) if !id_or_prefix.is_empty() => Ok(m),
            _ => Err(ModelError::NoSuchMember(id_or_prefix.to_string()).into()),
        }
    }

    /// Adds a member: a chair or Secretariat member by the chair only, a delegate or observer by
    /// the chair or the Secretariat.
    pub fn add_member(&self, new: NewMember) -> Result<Member> {
        self.permits(crate::policy::Action::AddMember(new.role))?;
        let member = Member {
            id: self.host().id("m"),
            name: new.name,
            delegation: new.delegation,
            role: new.role,
            group: new.group,
            added: self.host().timestamp(),
            removed: None,
        };
        self.write_roster(|txn, roster| Ok(roster.add(txn, &member)?))?;
        Ok(member)
    }

    pub fn remove_member(&self, id_or_prefix: &str) -> Result<Member> {
        let member = self.member(id_or_prefix)?;
        self.permits(crate::policy::Action::RemoveMember(member.role))?;
        let by = self.me()?;
        let at = self.host().timestamp();
        self.write_roster(|txn, roster| Ok(roster.remove(txn, &member.id, &by, &at)?))?;
        self.member(&member.id)
    }

    /// This device's member id in the workshop.
    pub fn me(&self) -> Result<String> {
        Ok(self.caucus.inner.store.identity(&self.id)?.ok_or_else(|| Error::NoIdentity(self.id.clone()))?.member)
    }

    // --- milestones and revisions ------------------------------------------------------------

    /// Freezes the draft as it is now under `name` (e.g. "Report to SC70").
    pub fn create_milestone(&self, name: &str) -> Result<Milestone> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ModelError::Empty("milestone name").into());
        }
        // Chairs freeze milestones (the Secretariat acts for them); others may only read them.
        let me = self.me()?;
        let role = self.member(&me)?.role;
        crate::policy::permits(role, crate::policy::Action::FreezeMilestone)
            .map_err(|_| Error::Forbidden { action: "freeze a milestone", role: role.as_str() })?;
        let store = &self.caucus.inner.store;
        if store.milestones(&self.id)?.iter().any(|m| m.name == name) {
            return Err(Error::MilestoneExists(name.to_string()));
        }
        let (snapshot, state) = self.read(DocName::Draft, |txn, _| {
            (txn.snapshot().encode_v1(), txn.encode_state_as_update_v1(&StateVector::default()))
        });
        let record = MilestoneRecord {
            workshop: self.id.clone(),
            name: name.to_string(),
            created: self.host().timestamp(),
            created_by: me,
            snapshot,
            state,
        };
        let milestone = Milestone { name: record.name.clone(), created: record.created.clone(), created_by: record.created_by.clone() };
        store.put_milestone(record).wait()?;
        Ok(milestone)
    }

    pub fn milestones(&self) -> Result<Vec<Milestone>> {
        Ok(self
            .caucus
            .inner
            .store
            .milestones(&self.id)?
            .into_iter()
            .map(|m| Milestone { name: m.name, created: m.created, created_by: m.created_by })
            .collect())
    }

    fn milestone_record(&self, name: &str) -> Result<MilestoneRecord> {
        self.caucus
            .inner
            .store
            .milestones(&self.id)?
            .into_iter()
            .find(|m| m.name == name.trim())
            .ok_or_else(|| Error::NoSuchMilestone(name.to_string()))
    }

    /// The draft as it was at a milestone.
    pub fn milestone_view(&self, name: &str) -> Result<DraftView> {
        let record = self.milestone_record(name)?;
        let doc = new_doc(DocName::Draft, 1);
        let draft = Draft::new(&doc);
        let update = Update::decode_v1(&record.state).map_err(|e| self.damaged_milestone(name, e.to_string()))?;
        doc.transact_mut().apply_update(update).map_err(|e| self.damaged_milestone(name, e.to_string()))?;
        let txn = doc.transact();
        Ok(draft.view(&txn))
    }

    fn damaged_milestone(&self, name: &str, reason: String) -> Error {
        Error::DamagedDocument { workshop: self.id.clone(), doc: format!("milestone {name}"), seq: 0, reason }
    }

    /// The draft with revision marks: changes since milestone `from`, up to milestone `to` or now.
    pub fn compare(&self, from: &str, to: Option<&str>) -> Result<crate::export::ir::Document> {
        let base = self.milestone_record(from)?;
        let (to_state, to_date) = match to {
            Some(name) => {
                let m = self.milestone_record(name)?;
                (m.state, m.created)
            }
            None => (self.encode_state(DocName::Draft), self.host().timestamp()),
        };
        let authors = self.delegations_by_client();
        let who = |client: u64| authors.get(&client).cloned();
        crate::revision::compare(
            crate::revision::Version { state: &base.state, snapshot: Some(&base.snapshot) },
            crate::revision::Version { state: &to_state, snapshot: None },
            &who,
            crate::export::ir::RevisionBase { since: base.name.clone(), since_date: base.created.clone(), date: to_date },
        )
        .map_err(|e| self.damaged_milestone(from, e.to_string()))
    }

    /// The document an export renders: clean, or with the changes since a milestone; with the
    /// open comment threads when asked.
    pub fn export_document(&self, options: &ExportOptions) -> Result<Document> {
        let mut doc = match &options.since {
            Some(name) => self.compare(name, None)?,
            None => Document::from_view(&self.view()?),
        };
        if options.comments {
            let members: HashMap<String, Member> = self.members().into_iter().map(|m| (m.id.clone(), m)).collect();
            let name_of = |id: &str| members.get(id).map_or_else(|| id.to_string(), Member::full_name);
            let open: Vec<Thread> = self.threads().into_iter().filter(|t| !t.resolved).collect();
            doc.attach_comments(&open, &name_of);
        }
        Ok(doc)
    }

    /// Renders the draft in the chosen format.
    pub fn export(&self, options: &ExportOptions) -> Result<Vec<u8>> {
        let doc = self.export_document(options)?;
        Ok(crate::export::render(&doc, options)?)
    }

    /// Yjs client id → the delegation (or name) of the member who used it.
    pub fn delegations_by_client(&self) -> HashMap<u64, String> {
        let members: HashMap<String, Member> = self.members().into_iter().map(|m| (m.id.clone(), m)).collect();
        let clients: Vec<(u64, String)> = self.read(DocName::Notes, |txn, l| {
            l.n.clients
                .iter(txn)
                .filter_map(|(client, member)| Some((client.parse().ok()?, crate::model::draft::out_string(&member))))
                .collect()
        });
        clients
            .into_iter()
            .filter_map(|(client, member)| {
                let m = members.get(&member)?;
                Some((client, m.speaks_for().to_string()))
            })
            .collect()
    }

    // --- state -----------------------------------------------------------------------------

    /// The encoded v1 state of a document (as a new peer would receive it).
    pub fn encode_state(&self, name: DocName) -> Vec<u8> {
        self.read(name, |txn, _| txn.encode_state_as_update_v1(&StateVector::default()))
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
        let mut live = lock(self.live(name));
        if self.live.is_poisoned() {
            return Err(Error::ReloadRequired(self.id.clone()));
        }
        live.full_state = None;
        let doc = live.doc.clone();
        let update = {
            let mut txn = doc.transact_mut();
            f(&mut txn, &self.live.d);
            txn.has_changes().then(|| txn.encode_update_v1())
        };
        Ok(update.and_then(|u| self.persist(&mut live, u)))
    }
}

impl Workshop {
    // --- sync (issue #3) ---------------------------------------------------------------------

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

    /// The document's state vector (what a peer sends in sync step 1).
    pub fn state_vector(&self, doc: DocName) -> StateVector {
        self.read(doc, |txn, _| txn.state_vector())
    }

    /// Everything of the document a peer with state vector `sv` lacks, v1-encoded (sync step 2):
    /// the missing structs, the whole delete set and any updates still pending here.
    pub fn encode_diff(&self, doc: DocName, sv: &StateVector) -> Vec<u8> {
        if !sv.is_empty() {
            return self.read(doc, |txn, _| txn.encode_state_as_update_v1(sv));
        }
        let mut live = lock(self.live(doc));
        if let Some(full) = &live.full_state {
            return full.to_vec();
        }
        let full = live.doc.transact().encode_state_as_update_v1(sv);
        if full.len() >= FULL_STATE_KEPT_FROM {
            live.full_state = Some(Arc::from(full.as_slice()));
        }
        full
    }

    /// Applies an untrusted v1 update from a peer and returns once it is committed: screened by
    /// [`crate::update::guard`] first (nothing reaches yrs's recursive decoder unchecked), applied
    /// in one transaction, saved, then published to listeners under `origin`. Returns the part
    /// that was new here — what to forward to other peers — or `None` when it changed nothing.
    ///
    /// An update this document could not take whole (changes past what it has of a client, or
    /// built on an item not here) is refused ([`Error::UpdateOutOfOrder`], see [`crate::update::check_in_order`])
    /// before yrs sees it. Should yrs still report parts missing, the update is saved as received,
    /// so a restart loses nothing a peer may consider delivered.
    pub fn apply_remote(&self, doc: DocName, update: &[u8], origin: Origin) -> Result<Option<Vec<u8>>> {
        self.apply_remote_queued(doc, update, origin)?.wait()
    }

    /// [`Workshop::apply_remote`] up to the save: screened, applied in memory and queued to the
    /// store, without waiting. The caller must finish it with [`Queued::wait`] or
    /// [`Queued::committed`] (async: no thread is held while the disk flushes) before it tells
    /// anyone about the update; only those report it saved, publish it and return what to forward.
    pub fn apply_remote_queued(&self, doc: DocName, update: &[u8], origin: Origin) -> Result<Queued> {
        // The guard's walk, which also lists the ids the update builds on.
        let references = crate::update::guard::references_v1(update)?;
        let decoded = Update::decode_v1(update).map_err(|e| Error::UndecodableUpdate(e.to_string()))?;
        let mut live = lock(self.live(doc));
        if self.live.is_poisoned() {
            return Err(Error::ReloadRequired(self.id.clone()));
        }
        check_in_order(&live.doc.transact().state_vector(), &decoded, &references)?;
        live.full_state = None;
        let ydoc = live.doc.clone();
        // yrs panics on some well-formed but inconsistent updates (found by `fuzz/`: a GC struct
        // over a skipped range underflows a clock). Such a panic must not take the process down:
        // the half-applied document is poisoned (nothing of it was saved) and reloads from disk.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut txn = ydoc.transact_mut();
            let applied = txn.apply_update(decoded);
            let effective = txn.has_changes().then(|| txn.encode_update_v1());
            (applied, effective, txn.has_missing_updates())
        }));
        let Ok((applied, effective, incomplete)) = outcome else {
            self.live.poisoned.store(true, Ordering::SeqCst);
            drop(live);
            tracing::warn!(workshop = %self.id, doc = %doc, "a remote update broke the document; it reloads from disk");
            return Err(Error::UndecodableUpdate("the update is inconsistent with the document (refused; the document reloads from disk)".into()));
        };
        // Save what changed even if applying failed half-way, so memory and disk agree.
        let stored = if incomplete && applied.is_ok() { Some(update.to_vec()) } else { effective.clone() };
        let pending = stored.and_then(|u| self.persist(&mut live, u));
        drop(live);
        Ok(Queued {
            workshop: self.clone(),
            doc,
            origin,
            pending,
            effective,
            applied: applied.map_err(|e| e.to_string()),
        })
    }

    /// Applies untrusted draft `updates` to the draft's shadow and hands what they changed to
    /// `judge` ([`crate::policy::shadow::Shadow::check`]); nothing reaches the live draft. The
    /// shadow is built from the live draft first if needed (once after a load or a refusal).
    pub(crate) fn check_on_shadow<E>(
        &self,
        updates: &[&[u8]],
        judge: impl FnOnce(&crate::policy::shadow::Found) -> std::result::Result<(), E>,
        undecodable: impl Fn(String) -> E,
    ) -> std::result::Result<(), E> {
        let shadow = &self.live.shadow;
        let mut judge = Some(judge);
        // A follow that fails between the build and the check drops the shadow again: retried.
        for _ in 0..3 {
            if !shadow.is_built() {
                // Under the live draft's lock, so no live update slips between its state and
                // the shadow's first follow.
                let live = lock(&self.live.draft);
                let state = live.doc.transact().encode_state_as_update_v1(&StateVector::default());
                shadow.build(&state).map_err(&undecodable)?;
                drop(live);
            }
            if let Some(verdict) = shadow.check(updates, &mut judge, &undecodable) {
                return verdict;
            }
        }
        Err(undecodable("the draft's shadow could not be built".into()))
    }

    /// Drops the draft's shadow (rebuilt from the live draft at the next check): for a caller
    /// whose checked draft update will not reach the live draft after all.
    pub(crate) fn discard_draft_shadow(&self) {
        self.live.shadow.discard();
    }

    /// Refuses an update that this document could not take whole ([`crate::update::check_in_order`]), as
    /// [`Workshop::apply_remote`] would: for a caller that must check several documents before
    /// it applies any (an offline bundle, refused whole).
    pub fn check_order(&self, doc: DocName, update: &[u8]) -> Result<()> {
        let references = crate::update::guard::references_v1(update)?;
        let decoded = Update::decode_v1(update).map_err(|e| Error::UndecodableUpdate(e.to_string()))?;
        self.read(doc, |txn, _| check_in_order(&txn.state_vector(), &decoded, &references)).map_err(Error::from)
    }

    /// Whether an untrusted v1 update holds anything this document lacks (structs beyond its
    /// state vector or deletions it has not applied). A peer that may only read still sends
    /// sync step 2 (the whole delete set, often nothing else): such an update is no write.
    pub fn is_news(&self, doc: DocName, update: &[u8]) -> Result<bool> {
        crate::update::guard::check_update_v1(update)?;
        let decoded = Update::decode_v1(update).map_err(|e| Error::UndecodableUpdate(e.to_string()))?;
        Ok(self.read(doc, |txn, _| {
            let sv = txn.state_vector();
            let inserts_news = decoded
                .insertions(true)
                .iter()
                .any(|(client, ranges)| ranges.iter().any(|r| r.end > sv.get(client)));
            inserts_news || {
                let deletes = decoded.delete_set();
                !deletes.is_empty() && !deletes.diff(&txn.snapshot().delete_set).is_empty()
            }
        }))
    }

    /// Updates this device's listing of the workshop (`caucus list`) from the draft's title, e.g.
    /// after an adopted workshop received its documents from a peer.
    pub fn refresh_listing(&self) -> Result<()> {
        let title = self.meta().title;
        let store = &self.caucus.inner.store;
        match store.workshop(&self.id)? {
            Some(record) if record.title != title && !title.is_empty() => {
                store.put_workshop(&WorkshopRecord { title, ..record }).wait()?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// A remote update applied in memory whose save is queued ([`Workshop::apply_remote_queued`]).
#[must_use = "a remote update is saved, published and forwarded only once finished"]
pub struct Queued {
    workshop: Workshop,
    doc: DocName,
    origin: Origin,
    pending: Option<Pending>,
    effective: Option<Vec<u8>>,
    applied: std::result::Result<(), String>,
}

impl Queued {
    /// Blocks until the update is saved; then as [`Workshop::apply_remote`].
    pub fn wait(mut self) -> Result<Option<Vec<u8>>> {
        let saved = self.pending.take().map(Pending::wait);
        self.finish(saved)
    }

    /// Waits for the save without holding a thread; then as [`Workshop::apply_remote`].
    pub async fn committed(mut self) -> Result<Option<Vec<u8>>> {
        let saved = match self.pending.take() {
            Some(p) => Some(p.await),
            None => None,
        };
        self.finish(saved)
    }

    fn finish(self, saved: Option<std::result::Result<i64, crate::store::StoreError>>) -> Result<Option<Vec<u8>>> {
        if let Some(Err(e)) = saved {
            self.workshop.live.poisoned.store(true, Ordering::SeqCst);
            return Err(e.into());
        }
        if let Some(effective) = &self.effective {
            self.workshop.publish(self.doc, self.origin, effective);
        }
        self.applied.map_err(Error::UndecodableUpdate)?;
        Ok(self.effective)
    }
}

use crate::model::ModelError;

#[allow(dead_code)]
fn assert_send_sync() {
    fn check<T: Send + Sync>() {}
    check::<Caucus>();
    check::<Workshop>();
}
