//! Applying a comment's proposal to the draft (issue #11 §2): the draft then reads as proposed, the change is attributed to the proposing delegation (written under a fresh Yjs client its member is recorded for), and the thread records the application and its outcome. Applying twice changes nothing.

use serde::Serialize;

use super::Workshop;
use crate::error::Result;
use crate::model::notes::{Anchor, NewOutcome, OutcomeKind, ProposalKind, Thread};
use crate::model::types::NewParagraph;
use crate::model::ModelError;

/// What applying a thread's proposal would do, against the draft as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalTarget {
    pub thread: String,
    pub kind: ProposalKind,
    /// The paragraph (0-based) it rewrites, or after which it inserts a new one.
    pub position: usize,
    /// The anchored words (`replace`) or the whole paragraph (`paragraph`) as they are now;
    /// empty for `insert-after`.
    pub current: String,
    /// The words it was made against (the thread's quote).
    pub original: String,
    pub proposed: String,
    /// The words it was made against have changed since: applying it needs the chair's
    /// confirmation and is recorded as accepted with modifications.
    pub stale: bool,
    /// Its text is in the draft already (applied, or written so by hand).
    pub done: bool,
    /// An application is recorded on the thread.
    pub applied: bool,
}

/// The change a proposal makes: the paragraph at `position` gets `text`, or a new paragraph
/// follows it.
enum Change {
    SetText { position: usize, text: String },
    InsertAfter { position: usize, para: NewParagraph },
}

impl Workshop {
    /// The proposal of thread `thread_id` against the draft as it is now (what the chair reviews
    /// before applying it).
    pub fn proposal_target(&self, thread_id: &str) -> Result<ProposalTarget> {
        let thread = self.thread(thread_id)?;
        Ok(self.plan(&thread)?.0)
    }

    fn plan(&self, thread: &Thread) -> Result<(ProposalTarget, Change)> {
        let proposal = thread.proposal.clone().ok_or_else(|| ModelError::NoProposal(thread.id.clone()))?;
        let paragraphs = self.paragraphs();
        let attached = match &thread.anchor {
            Anchor::Attached { position, start, end, text, .. } => Some((*position, *start, *end, text.clone())),
            Anchor::Orphaned => None,
        };
        let position = match &attached {
            Some((position, ..)) => Some(*position),
            None => paragraphs.iter().position(|p| p.para.id == thread.para_id),
        };
        let orphaned = || ModelError::ProposalOrphaned(thread.id.clone());
        let position = position.ok_or_else(orphaned)?;
        let para = &paragraphs.get(position).ok_or_else(orphaned)?.para;
        let whole = para.text();
        let words_changed = attached.as_ref().is_none_or(|(.., text)| *text != thread.quote);
        let (current, stale, done, change) = match proposal.kind {
            ProposalKind::Replace => {
                let (_, start, end, text) = attached.ok_or_else(orphaned)?;
                let (Some(before), Some(after)) = (whole.get(..start), whole.get(end..)) else { return Err(orphaned().into()) };
                let done = text == proposal.text;
                let change = Change::SetText { position, text: format!("{before}{}{after}", proposal.text) };
                (text, words_changed && !done, done, change)
            }
            ProposalKind::Paragraph => {
                let done = whole == proposal.text;
                (whole.clone(), words_changed && !done, done, Change::SetText { position, text: proposal.text.clone() })
            }
            ProposalKind::InsertAfter => {
                let done = paragraphs.get(position + 1).is_some_and(|next| next.para.text() == proposal.text);
                let mut new = NewParagraph::new(para.kind, proposal.text.clone());
                new.level = para.level;
                (String::new(), false, done, Change::InsertAfter { position, para: new })
            }
        };
        let target = ProposalTarget {
            thread: thread.id.clone(),
            kind: proposal.kind,
            position,
            current,
            original: thread.quote.clone(),
            proposed: proposal.text,
            stale,
            done,
            applied: thread.applied.is_some(),
        };
        Ok((target, change))
    }

    /// Applies thread `thread_id`'s proposal to the draft, as this device's member (the chair or
    /// the Secretariat, in a stage that lets them write the draft): the draft reads as proposed,
    /// the change is attributed to the thread's author (so to the proposing delegation), and the
    /// thread records the application and the outcome `accepted` — `accepted-modified` when the
    /// words it was made against had changed, which needs `confirm` (`notes.proposal_stale`
    /// otherwise). A proposal already applied, or whose text the draft already reads, changes
    /// nothing in the draft.
    pub fn apply_proposal(&self, thread_id: &str, confirm: bool) -> Result<Thread> {
        self.permits(crate::policy::Action::ApplyProposal)?;
        self.permits(crate::policy::Action::RecordOutcome)?;
        let thread = self.thread(thread_id)?;
        if thread.applied.is_some() {
            return Ok(thread);
        }
        let (target, change) = self.plan(&thread)?;
        if target.stale && !confirm {
            return Err(ModelError::ProposalStale(thread.id.clone()).into());
        }
        if !target.done {
            let fresh = self.host().id("p");
            self.write_as(&thread.author, |txn, draft| {
                match &change {
                    Change::SetText { position, text } => draft.set_text(txn, *position, text)?,
                    Change::InsertAfter { position, para } => draft.insert(txn, position + 1, &fresh, para)?,
                }
                Ok(())
            })?;
        }
        let by = self.me()?;
        let created = self.host().timestamp();
        let outcome = if target.stale { OutcomeKind::AcceptedModified } else { OutcomeKind::Accepted };
        let observation = thread.outcome.as_ref().map(|o| o.observation.clone()).unwrap_or_default();
        let record_outcome = thread.outcome.as_ref().is_none_or(|o| o.outcome != outcome);
        let (outcome_id, application_id) = (self.host().id("o"), self.host().id("a"));
        self.write_notes(|txn| {
            if record_outcome {
                let record = NewOutcome { thread: thread_id, outcome, observation: &observation, by: &by, created: &created };
                self.live.n.record_outcome(txn, &outcome_id, &record)?;
            }
            self.live.n.record_application(txn, &application_id, thread_id, &by, &created)?;
            Ok(())
        })?;
        tracing::info!(workshop = %self.id, thread = %thread_id, stale = target.stale, "proposal applied");
        self.thread(thread_id)
    }
}
