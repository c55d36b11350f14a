//! The device: a [`Caucus`] (its store, data directory, clock and the workshops open on it), creating, listing, resolving and opening workshops, and loading their documents from the store.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::sync::atomic::AtomicU64;

use ed25519_dalek::SigningKey;
use yrs::{ReadTxn, StateVector, Transact, Update};
use yrs::updates::decoder::Decode;

use super::live::{Live, LiveDoc};
use super::Workshop;
use crate::error::{Error, Result};
use crate::model::version::Version;
use crate::host::{hex, Host};
use crate::identity;
use crate::model::draft::Draft;
use crate::model::notes::Notes;
use crate::model::roster::{Group, Member, Roster, Role};
use crate::model::{new_doc, DocName};
use crate::store::{IdentityRecord, Store, StoreError, WorkshopRecord};
use crate::model::types::*;

/// Environment variable naming the data directory (after `--data-dir`, before the platform's).
pub const DATA_DIR_ENV: &str = "CAUCUS_DATA_DIR";

/// Workshop ids a relay may adopt (`open_or_adopt`): 1 to 64 of `a-z A-Z 0-9 - _ .`, not starting with a dot.
pub fn is_valid_workshop_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && !id.starts_with('.')
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

/// A device's Caucus: its store and the workshops open on it. Cheap to clone.
#[derive(Clone)]
pub struct Caucus {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) store: Store,
    pub(super) data_dir: PathBuf,
    pub(super) host: Host,
    pub(super) open: Mutex<HashMap<String, Weak<Live>>>,
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
        // The roster first: the draft is written as its chair, whom the rules then know.
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
        tracing::info!(workshop = %id, "workshop created");
        Ok(workshop)
    }

    /// `caucus check`: SQLite's page check, every stored row's and milestone's checksum, and
    /// every workshop's documents decoded. Returns the number of workshops and of rows
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

    pub(crate) fn workshop(&self, id: &str) -> Result<Workshop> {
        let mut open = self.inner.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(live) = open.get(id).and_then(Weak::upgrade) {
            if !live.is_poisoned() {
                return Ok(Workshop { caucus: self.clone(), id: id.to_string(), live });
            }
        }
        let draft = self.load_doc(id, DocName::Draft)?;
        let notes = self.load_doc(id, DocName::Notes)?;
        let roster = self.load_doc(id, DocName::Roster)?;
        let version_fr = self.load_doc(id, DocName::VersionFr)?;
        let version_es = self.load_doc(id, DocName::VersionEs)?;
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
            fr: Version::new(&version_fr.doc),
            es: Version::new(&version_es.doc),
            draft: Mutex::new(draft),
            notes: Mutex::new(notes),
            roster: Mutex::new(roster),
            version_fr: Mutex::new(version_fr),
            version_es: Mutex::new(version_es),
            poisoned: std::sync::atomic::AtomicBool::new(false),
            full_disk: std::sync::atomic::AtomicBool::new(false),
            listeners: Mutex::new(Vec::new()),
            next_listener: AtomicU64::new(1),
            frozen: Mutex::new(HashMap::new()),
            seen_base: Mutex::new(None),
        });
        open.insert(id.to_string(), Arc::downgrade(&live));
        drop(open);
        let workshop = Workshop { caucus: self.clone(), id: id.to_string(), live };
        // Milestones an older build kept on this device only become every member's (issue #14
        // §2); a failure leaves them on this device, listed and usable as before.
        if let Err(e) = workshop.share_device_milestones() {
            tracing::warn!(workshop = %id, code = crate::coded::Coded::code(&e), "device milestones not shared");
        }
        Ok(workshop)
    }

    /// Rebuilds a document from its stored rows: the snapshot, then the updates after it, each
    /// in its own transaction (one huge transaction is superlinear in yrs).
    fn load_doc(&self, workshop: &str, name: DocName) -> Result<LiveDoc> {
        let rows = self.inner.store.load(workshop, name)?;
        let mut client_id = self.inner.host.u32() as u64;
        let mut doc = new_doc(name, client_id);
        let damaged = |seq, reason: String| Error::DamagedDocument { workshop: workshop.to_string(), doc: name.to_string(), seq, reason };
        for row in &rows {
            let update = Update::decode_v1(&row.data).map_err(|e| damaged(row.seq, e.to_string()))?;
            doc.transact_mut().apply_update(update).map_err(|e| damaged(row.seq, e.to_string()))?;
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
            let update = Update::decode_v1(&update).map_err(|e| damaged(0, e.to_string()))?;
            doc.transact_mut().apply_update(update).map_err(|e| damaged(0, e.to_string()))?;
        }
        Ok(LiveDoc { doc, name, rows: rows.len(), client_recorded: false, full_state: None })
    }
}

impl Workshop {
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
