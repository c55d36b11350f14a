//! Milestones (frozen versions of the draft, kept in the roster so every member has them, and the ones an older build kept on this device only), comparing versions with revision marks, and export.

use std::collections::HashMap;
use std::sync::Arc;

use yrs::updates::decoder::Decode;
use yrs::updates::encoder::{Encode, Encoder, EncoderV1};
use yrs::{ReadTxn, Snapshot, Text, Transact, Update};

use super::Workshop;
use crate::error::{Error, Result};
use crate::export::ir::Document;
use crate::export::ExportOptions;
use crate::model::draft::Draft;
use crate::model::notes::Thread;
use crate::model::roster::{Member, MilestoneEntry};
use crate::model::types::*;
use crate::model::ModelError;
use crate::model::{new_doc, DocName};
use crate::policy::Action;

/// Longest milestone name (every endpoint refuses a longer one).
const NAME_MAX: usize = 200;

/// A root text of the scratch copy a milestone is rebuilt in, whose `diff_range` splits items.
const SPLIT_ROOT: &str = "caucus-milestone-split";

/// A named, frozen version of the draft.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Milestone {
    pub name: String,
    pub created: String,
    /// Member id of whoever made it.
    pub created_by: String,
    /// Whether every member has it (kept in the roster); `false`: an older build froze it on
    /// this device only, and this device's member may not share it.
    pub shared: bool,
}

/// A milestone with what rebuilds its text.
enum Frozen {
    /// In the roster: the draft's snapshot, rebuilt from the draft's history.
    Shared(MilestoneEntry),
    /// In this device's store only: the draft's state and snapshot.
    Device(crate::store::MilestoneRecord),
}

impl Frozen {
    fn milestone(&self, name: String) -> Milestone {
        match self {
            Frozen::Shared(e) => Milestone { name, created: e.created.clone(), created_by: e.by.clone(), shared: true },
            Frozen::Device(r) => Milestone { name, created: r.created.clone(), created_by: r.created_by.clone(), shared: false },
        }
    }
}

impl Workshop {
    /// Freezes the draft as it is now under `name` (e.g. "Report to SC70"), in the roster, so
    /// every member has it once they sync.
    pub fn create_milestone(&self, name: &str) -> Result<Milestone> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ModelError::Empty("milestone name").into());
        }
        if name.chars().count() > NAME_MAX {
            return Err(Error::Invalid(format!("a milestone's name has at most {NAME_MAX} characters")));
        }
        // Chairs freeze milestones (the Secretariat acts for them); others may only read them.
        self.permits(Action::FreezeMilestone)?;
        if self.frozen()?.iter().any(|(n, _)| n == name) {
            return Err(Error::MilestoneExists(name.to_string()));
        }
        let snapshot = self.read(DocName::Draft, |txn, _| txn.snapshot().encode_v1());
        let entry = MilestoneEntry { id: self.host().id("ms"), name: name.to_string(), snapshot, by: self.me()?, created: self.host().timestamp() };
        self.write_roster(|txn, roster| {
            roster.add_milestone(txn, &entry);
            Ok(())
        })?;
        tracing::info!(workshop = %self.id, "milestone frozen");
        Ok(Frozen::Shared(entry).milestone(name.to_string()))
    }

    /// Every milestone, oldest first: the roster's, then those an older build kept on this
    /// device only. Two frozen under one name on devices apart: the later reads "NAME (2)".
    pub fn milestones(&self) -> Result<Vec<Milestone>> {
        Ok(self.frozen()?.into_iter().map(|(name, f)| f.milestone(name)).collect())
    }

    /// The milestones by the name each is listed under.
    fn frozen(&self) -> Result<Vec<(String, Frozen)>> {
        let shared = self.read(DocName::Roster, |txn, l| l.r.milestones(txn));
        let mut out: Vec<(String, Frozen)> = Vec::new();
        for entry in shared {
            let base = entry.name.trim().to_string();
            let mut name = base.clone();
            let mut n = 1;
            while out.iter().any(|(taken, _)| *taken == name) {
                n += 1;
                name = format!("{base} ({n})");
            }
            out.push((name, Frozen::Shared(entry)));
        }
        for record in self.caucus.inner.store.milestones(&self.id)? {
            if !out.iter().any(|(taken, _)| *taken == record.name) {
                out.push((record.name.clone(), Frozen::Device(record)));
            }
        }
        Ok(out)
    }

    /// Shares the milestones an older build froze on this device only (in its store), when this
    /// device's member froze them and may freeze milestones; returns how many it shared. Each
    /// keeps its name, date and author; its snapshot is the one frozen then.
    pub fn share_device_milestones(&self) -> Result<usize> {
        // A command that only reads holds the store read-only: it lists them as this device's.
        if self.caucus.inner.store.is_read_only() {
            return Ok(0);
        }
        // Every open of a workshop asks (a relay's rooms too): the store first, which is empty
        // on every device but an older build's chair's.
        let stored = self.caucus.inner.store.milestones(&self.id)?;
        if stored.is_empty() {
            return Ok(0);
        }
        let shared: Vec<String> = self.read(DocName::Roster, |txn, l| l.r.milestones(txn)).into_iter().map(|e| e.name.trim().to_string()).collect();
        let device: Vec<crate::store::MilestoneRecord> = stored.into_iter().filter(|r| !shared.contains(&r.name)).collect();
        if device.is_empty() || self.permits(Action::FreezeMilestone).is_err() {
            return Ok(0);
        }
        let me = self.me()?;
        let mut shared = 0;
        for record in device.into_iter().filter(|r| r.created_by == me) {
            if crate::update::guard::snapshot_v1(&record.snapshot).is_err() || chrono::DateTime::parse_from_rfc3339(&record.created).is_err() {
                tracing::warn!(workshop = %self.id, "a device milestone cannot be shared: kept on this device");
                continue;
            }
            let entry = MilestoneEntry { id: self.host().id("ms"), name: record.name, snapshot: record.snapshot, by: me.clone(), created: record.created };
            self.write_roster(|txn, roster| {
                roster.add_milestone(txn, &entry);
                Ok(())
            })?;
            shared += 1;
        }
        if shared > 0 {
            tracing::info!(workshop = %self.id, shared, "device milestones shared");
        }
        Ok(shared)
    }

    /// The milestone listed under `name`: its draft state (v1 update), snapshot, name and date.
    fn milestone_state(&self, name: &str) -> Result<(Vec<u8>, Vec<u8>, String)> {
        let name = name.trim();
        let (listed, frozen) = self.frozen()?.into_iter().find(|(n, _)| n == name).ok_or_else(|| Error::NoSuchMilestone(name.to_string()))?;
        match frozen {
            Frozen::Device(r) => Ok((r.state, r.snapshot, r.created)),
            Frozen::Shared(entry) => {
                let cached = self.live.frozen.lock().unwrap_or_else(|p| p.into_inner()).get(&entry.snapshot).cloned();
                let state = match cached {
                    Some(state) => state.to_vec(),
                    None => {
                        let state = self.rebuild(&listed, &entry.snapshot)?;
                        self.live.frozen.lock().unwrap_or_else(|p| p.into_inner()).insert(entry.snapshot.clone(), Arc::from(state.as_slice()));
                        state
                    }
                };
                Ok((state, entry.snapshot, entry.created))
            }
        }
    }

    /// The draft as it was at `snapshot`, from the draft's history (the draft never forgets
    /// deleted text). A device that has not yet received everything the snapshot holds says so.
    ///
    /// yrs 0.28's `encode_state_from_snapshot` writes the whole of a text item when the snapshot
    /// ends one character into it (`ItemContent::encode_slice` reads an end of 0 as "no end"), so
    /// the items are first split at the snapshot's edges — what `Text::diff_range` does, on a
    /// scratch copy, inside the transaction that encodes (its commit would merge them again).
    pub(super) fn rebuild(&self, name: &str, snapshot: &[u8]) -> Result<Vec<u8>> {
        let parts = crate::update::guard::snapshot_v1(snapshot).map_err(|e| self.damaged_milestone(name, e.to_string()))?;
        let snapshot = Snapshot::decode_v1(snapshot).map_err(|e| self.damaged_milestone(name, e.to_string()))?;
        let copy = new_doc(DocName::Draft, 1);
        let split = copy.get_or_insert_text(SPLIT_ROOT);
        let state = self.encode_state(DocName::Draft);
        let update = Update::decode_v1(&state).map_err(|e| self.damaged_milestone(name, e.to_string()))?;
        let mut txn = copy.transact_mut();
        txn.apply_update(update).map_err(|e| self.damaged_milestone(name, e.to_string()))?;
        let here = txn.state_vector();
        if parts.state.iter().any(|(&client, &clock)| here.get(&yrs::ClientID::new(client)) < clock) {
            return Err(Error::MilestoneIncomplete(name.to_string()));
        }
        let _ = split.diff_range(&mut txn, Some(&snapshot), None, |change| change);
        let mut encoder = EncoderV1::new();
        txn.encode_state_from_snapshot(&snapshot, &mut encoder).map_err(|e| self.damaged_milestone(name, e.to_string()))?;
        Ok(encoder.to_vec())
    }

    /// The draft as it was at a milestone.
    pub fn milestone_view(&self, name: &str) -> Result<DraftView> {
        let (state, ..) = self.milestone_state(name)?;
        let doc = new_doc(DocName::Draft, 1);
        let draft = Draft::new(&doc);
        let update = Update::decode_v1(&state).map_err(|e| self.damaged_milestone(name, e.to_string()))?;
        doc.transact_mut().apply_update(update).map_err(|e| self.damaged_milestone(name, e.to_string()))?;
        let txn = doc.transact();
        Ok(draft.view(&txn))
    }

    fn damaged_milestone(&self, name: &str, reason: String) -> Error {
        Error::DamagedDocument { workshop: self.id.clone(), doc: format!("milestone {name}"), seq: 0, reason }
    }

    /// The draft with revision marks: changes since milestone `from`, up to milestone `to` or now.
    pub fn compare(&self, from: &str, to: Option<&str>) -> Result<crate::export::ir::Document> {
        let (base_state, base_snapshot, base_created) = self.milestone_state(from)?;
        let (to_state, to_date) = match to {
            Some(name) => {
                let (state, _, created) = self.milestone_state(name)?;
                (state, created)
            }
            None => (self.encode_state(DocName::Draft), self.host().timestamp()),
        };
        let authors = self.delegations_by_client();
        let who = |client: u64| authors.get(&client).cloned();
        let deleters = self.deleters();
        crate::revision::compare(
            crate::revision::Version { state: &base_state, snapshot: Some(&base_snapshot) },
            crate::revision::Version { state: &to_state, snapshot: None },
            &who,
            &deleters,
            crate::export::ir::RevisionBase { since: from.trim().to_string(), since_date: base_created, date: to_date },
        )
        .map_err(|e| self.damaged_milestone(from, e.to_string()))
    }

    /// The document an export renders: clean, or with the changes since a milestone; with the
    /// open comment threads when asked.
    pub fn export_document(&self, options: &ExportOptions) -> Result<Document> {
        let original = crate::cites::Lang::parse(&self.meta().language).unwrap_or_default();
        if let Some(lang) = options.lang.filter(|l| *l != original) {
            // A language version: its translations in the original's structure (issue #15 §3).
            // Revision marks and comments are anchored in the original's words, not a version's.
            if options.since.is_some() || options.comments {
                return Err(Error::Invalid(format!(
                    "the {lang} version is exported without revision marks and comments: leave out --since and --comments"
                )));
            }
            let mut doc = Document::from_view(&self.version_view(lang)?);
            doc.lang = lang;
            return Ok(doc);
        }
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
}
