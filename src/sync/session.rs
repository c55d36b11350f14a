//! One connection's side of a sync room, sans IO: answers sync step 1, commits step 2 and updates through the workshop before anything is forwarded, checks per-document permissions, tracks what the peer acknowledged.
//!
//! Bytes in, bytes out: [`Session::receive`] takes a frame and returns the frames to send back
//! and the committed updates to forward. It blocks while the store commits (run it off async
//! threads) and holds no lock between calls.
//!
//! Acknowledgement: a peer answers each sync step 1 with exactly one sync step 2, in order, after
//! handling everything it received before it (a Caucus peer also commits it first). So when the
//! step 2 answering one of our step 1s arrives, everything we sent before that step 1 is
//! acknowledged. (A peer's state vector alone cannot say so: a deletion adds no clock.)

use std::collections::VecDeque;

use crate::coded::Coded;
use crate::model::DocName;
use crate::workshop::{Origin, Queued, Workshop};

use crate::policy::access::{Access, Permissions};
use crate::policy::claims::Claimant;
use super::protocol::{self, AwarenessEntry, Message};
use super::SyncError;

/// What handling one frame produced.
#[derive(Debug, Default)]
pub struct Output {
    /// Frames for this peer, in order.
    pub reply: Vec<Vec<u8>>,
    /// Committed v1 updates that were new here: for the room's other peers.
    pub forward: Vec<Vec<u8>>,
    /// Awareness entries the peer sent (the room decides which to keep and relay).
    pub awareness: Vec<AwarenessEntry>,
    /// The peer asked for every awareness state.
    pub query_awareness: bool,
}

/// [`Session::answer_newcomer`]: the whole document's v1 encoding (shared) and the frames after it.
pub type NewcomerAnswer = (std::sync::Arc<[u8]>, Vec<Vec<u8>>);

/// Sync of one document with one peer.
pub struct Session {
    workshop: Workshop,
    doc: DocName,
    permissions: Permissions,
    /// Who the peer's `notes` updates may attribute client ids to ([`crate::policy::claims`]).
    claimant: Claimant,
    origin: Origin,
    /// Ask the peer to confirm what we sent when we answered its first step 1.
    confirm: bool,
    /// That confirmation waits for the answer to our outstanding step 1: asked at once, with the
    /// state we had before that answer, it would make the peer send its whole state twice.
    confirm_after_answer: bool,
    /// We answered a step 1 of the peer (so it has everything we had then).
    answered: bool,
    /// The step 2 answering our first step 1 arrived: we have everything the peer had then.
    synced: bool,
    /// The peer confirmed holding what we had when we first answered it.
    delivered: bool,
    /// Our step 1s still unanswered, oldest first.
    outstanding: VecDeque<Barrier>,
    /// Local changes (numbered by the driver from 1) ≤ `covered` were all sent to this peer.
    covered: u64,
    /// The newest local change this session was told about.
    changes: u64,
    /// Local changes ≤ `acked` are acknowledged by the peer.
    acked: u64,
}

#[derive(Debug, Clone, Copy)]
struct Barrier {
    covered: u64,
    confirms_answer: bool,
}

impl Session {
    /// A session of document `doc`; `origin` tags the updates it commits (see
    /// [`Workshop::subscribe`]) and must not be [`crate::workshop::LOCAL`].
    pub fn new(workshop: Workshop, doc: DocName, permissions: Permissions, origin: Origin) -> Session {
        Session {
            workshop,
            doc,
            permissions,
            claimant: Claimant::Anyone,
            origin,
            confirm: false,
            confirm_after_answer: false,
            answered: false,
            synced: false,
            delivered: false,
            outstanding: VecDeque::new(),
            covered: 0,
            changes: 0,
            acked: 0,
        }
    }

    /// The peer is `claimant` for attribution: its `notes` updates may only add claims
    /// ([`crate::policy::claims`]) for that member. The default, [`Claimant::Anyone`], still refuses a claim
    /// that re-attributes or removes an existing one.
    pub fn claiming(mut self, claimant: Claimant) -> Session {
        self.claimant = claimant;
        self
    }

    pub fn claimant(&self) -> &Claimant {
        &self.claimant
    }

    /// Asks the peer to confirm what we send in answer to its first step 1 (a client that must
    /// know when the peer has everything: `caucus sync`, the app's link).
    pub fn confirming(mut self) -> Session {
        self.confirm = true;
        self
    }

    /// Continues the count of local changes of an earlier session with the same peer: changes
    /// up to `acked` were acknowledged, `changes` is the newest.
    pub fn resuming(mut self, changes: u64, acked: u64) -> Session {
        self.changes = changes;
        self.acked = acked.min(changes);
        self.covered = self.acked;
        self
    }

    pub fn doc(&self) -> DocName {
        self.doc
    }

    pub fn origin(&self) -> Origin {
        self.origin
    }

    pub fn permissions(&self) -> Permissions {
        self.permissions
    }

    /// The first frame to send on a new connection: our sync step 1.
    pub fn start(&mut self) -> Vec<u8> {
        self.step1(false)
    }

    fn step1(&mut self, confirms_answer: bool) -> Vec<u8> {
        self.outstanding.push_back(Barrier { covered: self.covered, confirms_answer });
        protocol::encode_step1(&self.workshop.state_vector(self.doc))
    }

    /// Handles one frame from the peer. Blocks while updates are committed. On error the
    /// connection must be closed with the error's close code; nothing of a refused update was
    /// stored or forwarded.
    pub fn receive(&mut self, frame: &[u8]) -> Result<Output, SyncError> {
        let messages = protocol::decode_frame(frame)?;
        self.receive_messages(messages)
    }

    /// [`Session::receive`] for a frame already decoded with [`protocol::decode_frame`].
    pub fn receive_messages(&mut self, messages: Vec<Message>) -> Result<Output, SyncError> {
        // Check the whole frame before acting on any of it.
        for m in &messages {
            self.check(m)?;
        }
        let stale = messages.iter().map(|m| self.changes_nothing(m)).collect::<Result<Vec<bool>, _>>()?;
        self.check_rights(messages.iter().zip(&stale).filter(|(_, stale)| !**stale).map(|(m, _)| m))?;
        let mut out = Output::default();
        for (m, stale) in messages.into_iter().zip(stale) {
            match m {
                Message::SyncStep2(_) if stale => self.step2_arrived(&mut out),
                Message::SyncStep1(sv) => {
                    out.reply.push(protocol::encode_step2(self.workshop.encode_diff(self.doc, &sv)));
                    out.reply.extend(self.answered_step1());
                }
                Message::SyncStep2(update) => {
                    self.apply(&update, &mut out)?;
                    self.step2_arrived(&mut out);
                }
                Message::Update(update) => self.apply(&update, &mut out)?,
                Message::Awareness(entries) => out.awareness.extend(entries),
                Message::QueryAwareness => out.query_awareness = true,
                Message::Auth(Some(reason)) => {
                    return Err(SyncError::ClosedByPeer { code: super::close::FORBIDDEN, reason });
                }
                Message::Auth(None) => {}
            }
        }
        Ok(out)
    }

    /// A step 2 (the answer to our oldest outstanding step 1) was handled: what it acknowledges,
    /// and the confirmation that waited for it.
    fn step2_arrived(&mut self, out: &mut Output) {
        if let Some(barrier) = self.outstanding.pop_front() {
            self.synced = true;
            self.acked = self.acked.max(barrier.covered);
            self.delivered |= barrier.confirms_answer;
        }
        if self.confirm_after_answer && !self.awaits_answer() {
            self.confirm_after_answer = false;
            out.reply.push(self.step1(true));
        }
    }

    /// Whether `m` is a writer's step 2 holding nothing this document lacks: what every member who
    /// already has the document answers our step 1 with when it connects. It changes nothing, so
    /// it is neither checked against the content rules (on the draft, that builds a shadow) nor
    /// applied, and newcomers keep sharing the document's kept encoding
    /// ([`Workshop::cached_full_state`]). A reader's is checked by [`Session::check`] and never applied.
    fn changes_nothing(&self, m: &Message) -> Result<bool, SyncError> {
        match m {
            Message::SyncStep2(update) if self.permissions.access(self.doc) >= Access::Write => {
                Ok(!self.workshop.is_news(self.doc, update).map_err(|e| SyncError::from_apply(self.doc, e))?)
            }
            _ => Ok(false),
        }
    }

    /// What answering a step 1 of the peer changes (it now has everything we had), and the step 1
    /// that asks it to confirm so, when this is the first answer and it is due now.
    fn answered_step1(&mut self) -> Option<Vec<u8>> {
        let first = !self.answered;
        self.answered = true;
        self.covered = self.covered.max(self.changes);
        if first && self.confirm {
            if self.awaits_answer() {
                self.confirm_after_answer = true;
            } else {
                return Some(self.step1(true));
            }
        }
        None
    }

    /// Answers a frame that is only the peer's sync step 1 with an empty state vector (a newcomer)
    /// when the whole document's encoding is at hand ([`Workshop::cached_full_state`]): nothing to
    /// read from the store, so no blocking thread. Returns that encoding (the caller frames it as
    /// the step 2, once for every newcomer) and the frames to send after it; `None` when the
    /// frame is anything else or nothing is cached (the caller takes [`Session::receive_messages`]).
    pub fn answer_newcomer(&mut self, messages: &[Message]) -> Option<NewcomerAnswer> {
        let [m @ Message::SyncStep1(sv)] = messages else { return None };
        if !sv.is_empty() || self.check(m).is_err() {
            return None;
        }
        let whole = self.workshop.cached_full_state(self.doc)?;
        Some((whole, self.answered_step1().into_iter().collect()))
    }

    /// Refuses a message the peer may not send; a reader's step 2 or update passes only if it
    /// holds nothing this document lacks.
    fn check(&self, m: &Message) -> Result<(), SyncError> {
        let kind = m.kind();
        if self.permissions.allows(self.doc, kind.writes()) {
            return Ok(());
        }
        if let (Message::SyncStep2(update) | Message::Update(update), Access::Read) = (m, self.permissions.access(self.doc)) {
            let news = self.workshop.is_news(self.doc, update).map_err(|e| SyncError::from_apply(self.doc, e))?;
            if !news {
                return Ok(());
            }
        }
        let what = if kind.writes() { "write" } else { "read" };
        Err(SyncError::Forbidden { doc: self.doc, what })
    }

    /// Refuses the frame if its updates, together, would write a claim the peer may not make
    /// ([`crate::policy::claims`]) or break a content rule ([`crate::policy`]) as the member(s) who wrote them.
    /// Readers are covered by [`Session::check`] (nothing new at all).
    fn check_rights<'m>(&self, messages: impl IntoIterator<Item = &'m Message>) -> Result<(), SyncError> {
        if self.permissions.access(self.doc) < Access::Write {
            return Ok(());
        }
        let updates: Vec<&[u8]> = messages
            .into_iter()
            .filter_map(|m| match m {
                Message::SyncStep2(u) | Message::Update(u) => Some(u.as_slice()),
                _ => None,
            })
            .collect();
        if updates.is_empty() {
            return Ok(());
        }
        crate::policy::check(&self.workshop, self.doc, &updates, &self.claimant).map_err(|e| {
            tracing::info!(workshop = %self.workshop.id(), doc = %self.doc, code = e.code(), error = %e, "write refused");
            match e {
                crate::policy::Refusal::Undecodable(reason) => SyncError::Malformed(reason),
                crate::policy::Refusal::Claim(c) => SyncError::Forbidden { doc: self.doc, what: c.what() },
                crate::policy::Refusal::Rights(source) => SyncError::Rights { doc: self.doc, source },
            }
        })
    }

    /// A frame holding one update only (a keystroke: the common case on a relay), checked like
    /// any and applied in memory with its save queued, without waiting: `None` when there is
    /// nothing to store (a reader's update holding nothing new, or one out of order, skipped with
    /// the returned frame for the peer: see [`Session::receive_messages`]). The caller must
    /// finish the [`Queued`] before it replies to this peer or forwards the update to anyone.
    pub fn queue_update(&mut self, message: &Message) -> Result<(Option<Queued>, Option<Vec<u8>>), SyncError> {
        let Message::Update(update) = message else {
            return Err(SyncError::Malformed("expected an update".into()));
        };
        self.check(message)?;
        self.check_rights(std::slice::from_ref(message))?;
        if self.permissions.access(self.doc) < Access::Write {
            return Ok((None, None));
        }
        match self.workshop.apply_remote_queued(self.doc, update, self.origin) {
            Ok(queued) => Ok((Some(queued), None)),
            Err(e @ crate::Error::UpdateOutOfOrder { .. }) => Ok((None, self.skip_out_of_order(&e))),
            Err(e) => Err(SyncError::from_apply(self.doc, e)),
        }
    }

    fn apply(&mut self, update: &[u8], out: &mut Output) -> Result<(), SyncError> {
        if self.permissions.access(self.doc) < Access::Write {
            // Checked to hold nothing new: there is nothing to store.
            return Ok(());
        }
        match self.workshop.apply_remote(self.doc, update, self.origin) {
            Ok(new) => out.forward.extend(new),
            Err(e @ crate::Error::UpdateOutOfOrder { .. }) => out.reply.extend(self.skip_out_of_order(&e)),
            Err(e) => return Err(SyncError::from_apply(self.doc, e)),
        }
        Ok(())
    }

    /// An update that builds on changes not here yet (e.g. one forwarded to a newcomer before the
    /// answer to its step 1) is skipped, never held pending (see
    /// [`crate::Error::UpdateOutOfOrder`]); a step 1 asks the peer for everything missing, unless
    /// one of ours is unanswered already (its answer will carry it).
    fn skip_out_of_order(&mut self, error: &crate::Error) -> Option<Vec<u8>> {
        tracing::debug!(workshop = %self.workshop.id(), doc = %self.doc, error = %error, "update out of order skipped; asking the peer again");
        (!self.awaits_answer()).then(|| self.step1(false))
    }

    /// The frame carrying local change number `change` (numbered from 1 by the driver, in the
    /// order they were committed) to this peer.
    pub fn send_update(&mut self, update: Vec<u8>, change: u64) -> Vec<u8> {
        self.changes = self.changes.max(change);
        // Before we answered the peer's step 1, earlier changes may not have been sent yet; that
        // answer will carry them (and advance `covered`).
        if self.answered {
            self.covered = self.covered.max(change);
        }
        protocol::encode_update(update)
    }

    /// Counts a local change that is not sent on this session (e.g. made before it connected):
    /// it stays unacknowledged until an answer to the peer's step 1 carried it.
    pub fn note_change(&mut self, change: u64) {
        self.changes = self.changes.max(change);
    }

    /// A sync step 1 asking the peer to confirm the changes sent so far, when some are
    /// unacknowledged and no step 1 already asks for them.
    pub fn request_ack(&mut self) -> Option<Vec<u8>> {
        let asked = self.outstanding.back().map_or(self.acked, |b| b.covered);
        (self.answered && self.covered > asked).then(|| self.step1(false))
    }

    /// A step 1 of ours is still unanswered (the peer owes a step 2).
    pub fn awaits_answer(&self) -> bool {
        !self.outstanding.is_empty()
    }

    /// The peer's answer to our first step 1 arrived: this side has what the peer had then.
    pub fn is_synced(&self) -> bool {
        self.synced
    }

    /// Local changes the peer has not acknowledged yet.
    pub fn unacknowledged(&self) -> u64 {
        self.changes - self.acked
    }

    /// `(newest local change, newest acknowledged)`, for [`Session::resuming`].
    pub fn progress(&self) -> (u64, u64) {
        (self.changes, self.acked)
    }

    /// Both sides have everything: we received the peer's state, answered its step 1, it
    /// confirmed our answer (for a confirming session) and every local change is acknowledged.
    pub fn is_complete(&self) -> bool {
        self.synced && self.answered && (self.delivered || !self.confirm) && self.unacknowledged() == 0
    }
}
