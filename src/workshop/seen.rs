//! "Since I last looked" (issue #14 §5): what this device's member last saw of a workshop (device-local, in the store's settings, never synced), and what others changed since — paragraphs by delegation, new threads and replies.
//!
//! The store's setting `seen:<workshop-id>:<member-id>` holds a JSON value: the draft's Yjs v1
//! snapshot when the member last looked at the draft (rebuilt from the draft's history, as a
//! milestone is), the ids of the threads and replies they have seen, and when. What is new is
//! what others wrote since: the draft's changes between that snapshot and now (through
//! `revision::compare`) whose author is another member, and the threads and replies whose writer
//! is another member and whose id is not in the set. A change nobody is known to have made (a
//! deletion whose record has not arrived yet, an unmodified Yjs client's) is not listed: the
//! member's own device records its deletions late (the window's every 10 s), so an unattributed
//! change may be the member's own.
//!
//! Invariant: the first look at a workshop on a device lists nothing and records everything as
//! seen (a newcomer is not flooded); so does a stored value this build cannot read (a warning is
//! logged, never a panic), and a draft snapshot taken before this device held any of the draft.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use yrs::updates::encoder::Encode;
use yrs::{Map, ReadTxn};

use super::Workshop;
use crate::error::Result;
use crate::export::ir::RevisionBase;
use crate::model::roster::Member;
use crate::model::DocName;

/// The stored value's format version.
const VERSION: u32 = 1;

/// What [`Workshop::mark_seen`] records as seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeenPart {
    /// The draft and every thread and reply.
    All,
    /// The draft only.
    Draft,
    /// Every thread and reply only.
    Notes,
    /// One thread and its replies (the member opened it).
    Thread(String),
}

/// What others changed since this device's member last looked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SinceSeen {
    /// Nothing was recorded yet (or what was could not be read): the workshop as it is now is
    /// recorded as seen, and nothing is new.
    pub first_look: bool,
    /// When the member last marked the draft as seen (RFC 3339).
    pub draft_seen: String,
    /// Paragraphs others changed since, in the draft's order (deleted ones where they were).
    pub paragraphs: Vec<ChangedParagraph>,
    /// Threads others started, or replied to, since, in the draft's order of their paragraphs.
    pub threads: Vec<NewComments>,
}

impl SinceSeen {
    /// How many things are new: each changed paragraph, new thread and new reply.
    pub fn count(&self) -> usize {
        self.paragraphs.len() + self.threads.iter().map(|t| usize::from(t.new_thread) + t.replies.len()).sum::<usize>()
    }
}

/// A paragraph others changed since the member last looked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedParagraph {
    pub para_id: String,
    /// Its number (`1.`, `a)`), if it has one.
    pub number: Option<String>,
    /// How a reader cites it (`PP2`, `1 b) ii)`; empty for the title and for a paragraph deleted).
    pub citation: String,
    /// Deleted since (it is no longer in the draft).
    pub deleted: bool,
    /// The delegations that changed it, in the order their changes appear.
    pub delegations: Vec<String>,
}

/// A thread with what is new in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewComments {
    pub thread_id: String,
    /// The paragraph it is on, and how a reader cites it (empty: none, or one not cited by number).
    pub para_id: String,
    pub citation: String,
    /// Another member started it since.
    pub new_thread: bool,
    /// Ids of the replies others wrote since.
    pub replies: Vec<String>,
    /// The delegations that wrote what is new in it.
    pub delegations: Vec<String>,
}

/// The stored value.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Seen {
    v: u32,
    /// The draft's v1 snapshot, hex.
    draft: String,
    /// When the draft was last marked seen.
    draft_at: String,
    /// Ids of the threads and replies seen.
    notes: BTreeSet<String>,
}

impl Workshop {
    /// What others changed since this device's member last looked; the first time (on this
    /// device), nothing, and the workshop as it is now is recorded as seen.
    pub fn since_seen(&self) -> Result<SinceSeen> {
        let me = self.me()?;
        let Some(seen) = self.stored_seen(&me)? else {
            let seen = self.seen_now(None)?;
            self.store_seen(&me, &seen)?;
            return Ok(SinceSeen { first_look: true, draft_seen: seen.draft_at, ..SinceSeen::default() });
        };
        let members: HashMap<String, Member> = self.members().into_iter().map(|m| (m.id.clone(), m)).collect();
        let delegation = |id: &str| members.get(id).map_or_else(|| id.to_string(), |m| m.speaks_for().to_string());
        let paragraphs = match self.changed_since(&me, &seen, &delegation) {
            Ok(p) => p,
            Err(reason) => {
                tracing::warn!(workshop = %self.id, %reason, "the draft as last seen cannot be rebuilt: recorded afresh");
                let fresh = self.seen_now(None)?;
                self.store_seen(&me, &fresh)?;
                return Ok(SinceSeen { first_look: true, draft_seen: fresh.draft_at, ..SinceSeen::default() });
            }
        };
        let mut threads = Vec::new();
        for t in self.threads() {
            let writer = |author: &str, recorded: &Option<String>| recorded.clone().unwrap_or_else(|| author.to_string());
            let mut delegations: Vec<String> = Vec::new();
            let new_thread = !seen.notes.contains(&t.id) && writer(&t.author, &t.recorded_by) != me;
            if new_thread {
                delegations.push(t.delegation.clone());
            }
            let mut replies = Vec::new();
            for r in &t.replies {
                if !seen.notes.contains(&r.id) && writer(&r.author, &r.recorded_by) != me {
                    replies.push(r.id.clone());
                    let d = delegation(&r.author);
                    if !delegations.contains(&d) {
                        delegations.push(d);
                    }
                }
            }
            if new_thread || !replies.is_empty() {
                threads.push(NewComments { thread_id: t.id.clone(), para_id: t.para_id.clone(), citation: String::new(), new_thread, replies, delegations });
            }
        }
        // In the draft's order of their paragraphs; threads on no paragraph last.
        let numbered = self.paragraphs();
        let citations = crate::model::numbering::citations(&numbered);
        let order: HashMap<String, (usize, String)> =
            numbered.into_iter().zip(citations).enumerate().map(|(i, (p, c))| (p.para.id, (i, c))).collect();
        let cite = |id: &str| order.get(id).map(|(_, c)| c.clone()).unwrap_or_default();
        threads.sort_by_key(|t: &NewComments| order.get(&t.para_id).map_or(usize::MAX, |(i, _)| *i));
        let mut paragraphs = paragraphs;
        for p in paragraphs.iter_mut().filter(|p| !p.deleted) {
            p.citation = cite(&p.para_id);
        }
        for t in &mut threads {
            t.citation = cite(&t.para_id);
        }
        Ok(SinceSeen { first_look: false, draft_seen: seen.draft_at, paragraphs, threads })
    }

    /// Records `part` of the workshop, as it is now, as seen by this device's member; returns
    /// what is still new.
    pub fn mark_seen(&self, part: SeenPart) -> Result<SinceSeen> {
        let me = self.me()?;
        let stored = self.stored_seen(&me)?;
        let first = stored.is_none();
        let now = self.seen_now(None)?;
        let seen = match (part, stored) {
            (SeenPart::All, _) | (_, None) => now,
            (SeenPart::Draft, Some(old)) => Seen { notes: old.notes, ..now },
            (SeenPart::Notes, Some(old)) => Seen { notes: now.notes, ..old },
            (SeenPart::Thread(id), Some(mut old)) => {
                let thread = self.thread(&id)?;
                old.notes.insert(thread.id);
                old.notes.extend(thread.replies.into_iter().map(|r| r.id));
                old
            }
        };
        self.store_seen(&me, &seen)?;
        let mut left = self.since_seen()?;
        left.first_look = first;
        Ok(left)
    }

    fn seen_key(&self, me: &str) -> String {
        format!("seen:{}:{me}", self.id)
    }

    /// The stored value; `None` when there is none or it cannot be read (logged).
    fn stored_seen(&self, me: &str) -> Result<Option<Seen>> {
        let Some(text) = self.caucus.inner.store.setting(&self.seen_key(me))? else { return Ok(None) };
        match serde_json::from_str::<Seen>(&text) {
            Ok(seen) if seen.v == VERSION => {
                // A snapshot that names no client was taken before this device held any of the
                // draft (a member who had just joined, before the first sync): the workshop as it
                // is now, its comments too, is their first look.
                let empty = crate::host::hex_decode(&seen.draft)
                    .and_then(|bytes| crate::update::guard::snapshot_v1(&bytes).ok())
                    .is_some_and(|parts| parts.state.is_empty());
                if empty {
                    let fresh = self.seen_now(None)?;
                    self.store_seen(me, &fresh)?;
                    return Ok(Some(fresh));
                }
                Ok(Some(seen))
            }
            Ok(_) | Err(_) => {
                tracing::warn!(workshop = %self.id, "what this member last saw cannot be read: recorded afresh");
                Ok(None)
            }
        }
    }

    /// The workshop as it is now, as seen; the draft only when `notes_of` gives the notes.
    fn seen_now(&self, notes_of: Option<Seen>) -> Result<Seen> {
        let snapshot = self.read(DocName::Draft, |txn, _| txn.snapshot().encode_v1());
        let notes = match notes_of {
            Some(old) => old.notes,
            None => self.threads().into_iter().flat_map(|t| std::iter::once(t.id).chain(t.replies.into_iter().map(|r| r.id))).collect(),
        };
        Ok(Seen { v: VERSION, draft: crate::host::hex(&snapshot), draft_at: self.host().timestamp(), notes })
    }

    fn store_seen(&self, me: &str, seen: &Seen) -> Result<()> {
        // A command that only reads holds the store read-only: it remembers nothing.
        if self.caucus.inner.store.is_read_only() {
            return Ok(());
        }
        let text = serde_json::to_string(seen).map_err(|e| crate::error::Error::Invalid(e.to_string()))?;
        self.caucus.inner.store.put_setting(&self.seen_key(me), &text).wait()?;
        Ok(())
    }

    /// The paragraphs others changed since `seen`'s snapshot, with the delegations that did.
    /// `Err` (a reason) when the draft as seen cannot be rebuilt.
    fn changed_since(&self, me: &str, seen: &Seen, delegation: &dyn Fn(&str) -> String) -> std::result::Result<Vec<ChangedParagraph>, String> {
        let snapshot = crate::host::hex_decode(&seen.draft).ok_or("not hex")?;
        let cached = self.live.frozen.lock().unwrap_or_else(|p| p.into_inner()).get(&snapshot).cloned();
        let base = match cached {
            Some(state) => state.to_vec(),
            None => {
                let state = self.rebuild("as last seen", &snapshot).map_err(|e| e.to_string())?;
                let mut frozen = self.live.frozen.lock().unwrap_or_else(|p| p.into_inner());
                // One draft as last seen per member is kept; the one before it is no longer asked for.
                if let Some(old) = self.live.seen_base.lock().unwrap_or_else(|p| p.into_inner()).replace(snapshot.clone()) {
                    frozen.remove(&old);
                }
                frozen.insert(snapshot.clone(), std::sync::Arc::from(state.as_slice()));
                state
            }
        };
        // Authors as member ids (not delegations), so that the member's own changes are told
        // apart from their delegation's other members'.
        let clients: HashMap<u64, String> = self.read(DocName::Notes, |txn, l| {
            l.n.clients.iter(txn).filter_map(|(client, member)| Some((client.parse().ok()?, crate::model::draft::out_string(&member)))).collect()
        });
        let who = |client: u64| clients.get(&client).cloned();
        let mut deleters = crate::revision::Deleters::default();
        for record in self.read(DocName::Notes, |txn, l| l.n.deletions(txn)) {
            if let Ok(ranges) = crate::update::guard::delete_set_v1(&record.ranges) {
                deleters.add(&ranges, &record.member);
            }
        }
        let now = self.encode_state(DocName::Draft);
        let date = self.host().timestamp();
        let base_info = RevisionBase { since: "seen".into(), since_date: seen.draft_at.clone(), date };
        let doc = crate::revision::compare(
            crate::revision::Version { state: &base, snapshot: Some(&snapshot) },
            crate::revision::Version { state: &now, snapshot: None },
            &who,
            &deleters,
            base_info,
        )
        .map_err(|e| e.to_string())?;
        let mut out: Vec<ChangedParagraph> = Vec::new();
        for block in &doc.blocks {
            let deleted = block.change.as_ref().is_some_and(|c| c.kind == crate::export::ir::ChangeKind::Deleted);
            let authors = block.change.iter().chain(block.runs.iter().filter_map(|r| r.change.as_ref())).filter_map(|c| c.author.as_deref());
            let mut delegations: Vec<String> = Vec::new();
            for author in authors.filter(|a| *a != me) {
                let d = delegation(author);
                if !delegations.contains(&d) {
                    delegations.push(d);
                }
            }
            if delegations.is_empty() {
                continue;
            }
            // A paragraph moved is deleted at its old place and inserted at its new: listed once,
            // where it is now.
            match out.iter_mut().find(|p| p.para_id == block.id) {
                Some(p) => {
                    for d in delegations {
                        if !p.delegations.contains(&d) {
                            p.delegations.push(d);
                        }
                    }
                    if !deleted {
                        p.deleted = false;
                        p.number = block.number.clone();
                    }
                }
                None => out.push(ChangedParagraph { para_id: block.id.clone(), number: block.number.clone(), citation: String::new(), deleted, delegations }),
            }
        }
        Ok(out)
    }
}
