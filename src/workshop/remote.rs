//! The remote-update path: a peer's untrusted update screened, checked for order, applied and committed before it is published or forwarded ([`Queued`]), and the state vector and diffs a sync step needs.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use yrs::{ReadTxn, StateVector, Transact, Update};
use yrs::updates::decoder::Decode;

use super::live::{lock, Origin};
use super::Workshop;
use crate::error::{Error, Result};
use crate::model::DocName;
use crate::store::Pending;
use crate::update::check_in_order;

/// A whole-document encoding at least this large is kept for the next peer with an empty state
/// vector (see `LiveDoc::full_state`); smaller ones are cheaper to encode again than to keep.
const FULL_STATE_KEPT_FROM: usize = 16 * 1024;

impl Workshop {
    /// The encoded v1 state of a document (as a new peer would receive it).
    pub fn encode_state(&self, name: DocName) -> Vec<u8> {
        self.read(name, |txn, _| txn.encode_state_as_update_v1(&StateVector::default()))
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

    /// The whole document's v1 encoding if [`Workshop::encode_diff`] kept it for newcomers and no
    /// write came since (shared, never copied): what a peer with an empty state vector gets.
    pub fn cached_full_state(&self, doc: DocName) -> Option<Arc<[u8]>> {
        lock(self.live(doc)).full_state.clone()
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
            return Err(self.live.refusal(&self.id));
        }
        check_in_order(&live.doc.transact().state_vector(), &decoded, &references)?;
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
        // The encoding kept for newcomers stays while nothing changed (a peer's step 2 that
        // holds only what is here).
        if !matches!(&outcome, Ok((Ok(()), None, false))) {
            live.full_state = None;
        }
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

    /// Whether the draft's shadow is built (held in memory).
    pub fn draft_shadow_held(&self) -> bool {
        self.live.shadow.is_built()
    }

    /// The length of the encoded draft the held shadow was built from (`None`: not held).
    pub fn draft_shadow_built_from(&self) -> Option<usize> {
        self.live.shadow.built_from()
    }

    /// Drops the draft's shadow (rebuilt from the live draft at the next check): for a caller
    /// whose checked draft update will not reach the live draft after all, and to free its memory
    /// (a relay's quiet draft room).
    pub fn discard_draft_shadow(&self) {
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
    ///
    /// Structs beyond the state vector are found by the guard's walk alone: a large update that
    /// holds them (a device back with its offline edits) is not decoded twice on its way to
    /// [`Workshop::apply_remote`]. One that holds none is decoded here, so that an update yrs
    /// could not read is refused as it would be there.
    pub fn is_news(&self, doc: DocName, update: &[u8]) -> Result<bool> {
        let inserted = crate::update::guard::inserted_v1(update)?;
        let sv = self.state_vector(doc);
        if inserted.iter().any(|&(client, end)| end > sv.get(&yrs::ClientID::new(client))) {
            return Ok(true);
        }
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
            self.workshop.live.poison(&e);
            return Err(e.into());
        }
        if let Some(effective) = &self.effective {
            self.workshop.publish(self.doc, self.origin, effective);
        }
        self.applied.map_err(Error::UndecodableUpdate)?;
        Ok(self.effective)
    }
}

/// What the policy reads of this workshop when it judges an untrusted update for it.
impl crate::policy::Subject for Workshop {
    fn workshop_id(&self) -> &str {
        self.id()
    }

    fn roster_members(&self) -> Vec<crate::model::roster::Member> {
        self.members()
    }

    fn claims(&self) -> std::collections::BTreeMap<String, Option<String>> {
        self.client_claims()
    }

    fn stage(&self) -> crate::model::roster::Stage {
        Workshop::stage(self)
    }

    fn stage_history(&self) -> Vec<crate::model::roster::StageRecord> {
        Workshop::stage_history(self)
    }

    fn claimant_of(&self, client: u64) -> Option<String> {
        self.client_member(client)
    }

    fn state_of(&self, doc: DocName) -> StateVector {
        self.state_vector(doc)
    }

    fn encode_doc(&self, doc: DocName) -> Vec<u8> {
        self.encode_state(doc)
    }

    fn holds_news(&self, doc: DocName, update: &[u8]) -> std::result::Result<bool, String> {
        self.is_news(doc, update).map_err(|e| e.to_string())
    }

    fn judge_on_shadow<E>(
        &self,
        updates: &[&[u8]],
        judge: impl FnOnce(&crate::policy::shadow::Found) -> std::result::Result<(), E>,
        undecodable: impl Fn(String) -> E,
    ) -> std::result::Result<(), E> {
        self.check_on_shadow(updates, judge, undecodable)
    }
}
