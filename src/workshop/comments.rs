//! Operations on the notes: comment threads (with type, proposal and delegation), replies, resolving, edits and deletions, supports and outcomes, each checked against the rules.

use yrs::{Transact, TransactionMut};

use super::live::lock;
use super::Workshop;
use crate::error::{Error, Result};
use crate::model::draft::Draft;
use crate::model::notes::{CommentType, NewComment, NewOutcome, NewSupport, Notes, OutcomeKind, Proposal, ProposalKind, Reply, Thread};
use crate::model::DocName;
use crate::model::ModelError;

/// What a new thread says besides its body (issue #11 §2): its type and the wording it proposes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentOptions {
    pub kind: CommentType,
    pub proposal: Option<Proposal>,
}

impl Workshop {
    /// Comments on the only occurrence of `quote` (in paragraph `in_para`, 0-based, if given).
    /// `author` defaults to this device's member.
    /// With another member as `author`, the comment is recorded on their behalf (the chair and
    /// the Secretariat only) and shown as such.
    pub fn add_comment(&self, quote: &str, body: &str, author: Option<&str>, in_para: Option<usize>) -> Result<Thread> {
        self.add_comment_with(quote, body, author, in_para, &CommentOptions::default())
    }

    /// [`Workshop::add_comment`] with a type and a proposal. The thread speaks for its author's
    /// delegation (the member's it is recorded for, when recorded on their behalf).
    pub fn add_comment_with(
        &self,
        quote: &str,
        body: &str,
        author: Option<&str>,
        in_para: Option<usize>,
        options: &CommentOptions,
    ) -> Result<Thread> {
        let (author, recorded_by) = self.comment_writer(author, crate::policy::Action::RecordForOther)?;
        self.start_thread(&author, recorded_by.as_deref(), body, options, |notes, txn, draft, draft_txn, comment| {
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
        options: &CommentOptions,
        place: impl FnOnce(&Notes, &mut TransactionMut, &Draft, &yrs::Transaction, NewComment<'_>) -> std::result::Result<(), ModelError>,
    ) -> Result<Thread> {
        self.permits(crate::policy::Action::Comment)?;
        crate::policy::rights::check_body("a comment", body)?;
        if let Some(p) = &options.proposal {
            crate::policy::rights::check_body("a proposal", &p.text)?;
            if p.kind != ProposalKind::Replace && p.text.trim().is_empty() {
                return Err(ModelError::Empty("proposal").into());
            }
        }
        let delegation = self.member(author).ok().map(|m| m.speaks_for().to_string());
        let id = self.host().id("c");
        let created = self.host().timestamp();
        {
            let draft = lock(&self.live.draft);
            let draft_txn = draft.doc.transact();
            self.write_notes(|txn| {
                let comment = NewComment {
                    id: &id,
                    author,
                    recorded_by,
                    body,
                    created: &created,
                    kind: options.kind,
                    proposal: options.proposal.as_ref(),
                    delegation: delegation.as_deref(),
                };
                Ok(place(&self.live.n, txn, &self.live.d, &draft_txn, comment)?)
            })?;
        }
        self.thread(&id)
    }

    /// Who a new comment, reply or support is by: `author` (default: this device's member) and,
    /// when that is another member, this device's member as its recorder — if the rules allow it
    /// `for_other` (the chair and the Secretariat only).
    fn comment_writer(&self, author: Option<&str>, for_other: crate::policy::Action) -> Result<(String, Option<String>)> {
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
        self.permits(for_other)?;
        Ok((author, Some(me)))
    }

    /// Comments on a selection made in the webview, as this device's member: `start` and `end`
    /// are Yjs relative positions (v1) into the draft's body, which must resolve here to some
    /// words of one paragraph (`notes.bad_anchor` otherwise). The quote is taken from the draft.
    pub fn add_comment_at(&self, start: &[u8], end: &[u8], body: &str) -> Result<Thread> {
        let author = self.me()?;
        self.start_thread(&author, None, body, &CommentOptions::default(), |notes, txn, draft, draft_txn, comment| {
            notes.add_anchored(txn, draft, draft_txn, start, end, comment).map(|_| ())
        })
    }

    /// Appends a reply as this device's member (or recorded on `author`'s behalf, as
    /// [`Workshop::add_comment`]).
    pub fn reply(&self, thread_id: &str, body: &str, author: Option<&str>) -> Result<Thread> {
        let (author, recorded_by) = self.comment_writer(author, crate::policy::Action::RecordForOther)?;
        self.permits(crate::policy::Action::Reply)?;
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
        if let Some(writer) = self.acting()? {
            if let crate::policy::Writer::Member { id, .. } = &writer {
                let thread = self.thread(thread_id)?;
                let own = thread.author == *id || thread.recorded_by.as_deref() == Some(id.as_str());
                writer.permits(crate::policy::Action::Resolve { own })?;
            }
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

    /// Adds (or, `withdraw`, withdraws) the support of `member`'s delegation (default: this
    /// device's member's) for a thread of another delegation: a member for their own delegation,
    /// the chair or the Secretariat for any member. Supporting twice, or withdrawing a support
    /// not given, writes nothing.
    pub fn support(&self, thread_id: &str, member: Option<&str>, withdraw: bool) -> Result<Thread> {
        let thread = self.thread(thread_id)?;
        let (member, recorded_by) = self.comment_writer(member, crate::policy::Action::Support { own: false })?;
        self.permits(crate::policy::Action::Support { own: recorded_by.is_none() })?;
        let delegation = self.member(&member)?.speaks_for().to_string();
        if delegation == thread.delegation {
            return Err(ModelError::OwnDelegation(delegation).into());
        }
        if thread.supporters.contains(&delegation) != withdraw {
            return Ok(thread);
        }
        let record = self.host().id("s");
        let created = self.host().timestamp();
        let support = NewSupport {
            thread: thread_id,
            delegation: &delegation,
            member: &member,
            recorded_by: recorded_by.as_deref(),
            withdraw,
            created: &created,
        };
        self.write_notes(|txn| Ok(self.live.n.record_support(txn, &record, &support)?))?;
        self.thread(thread_id)
    }

    /// Records a thread's outcome with an observation, as this device's member: the chair or
    /// the Secretariat only. A later record replaces it (the latest stands).
    pub fn record_outcome(&self, thread_id: &str, outcome: OutcomeKind, observation: &str) -> Result<Thread> {
        self.permits(crate::policy::Action::RecordOutcome)?;
        crate::policy::rights::check_body("an observation", observation)?;
        self.thread(thread_id)?;
        let by = self.me()?;
        let record = self.host().id("o");
        let created = self.host().timestamp();
        let outcome = NewOutcome { thread: thread_id, outcome, observation, by: &by, created: &created };
        self.write_notes(|txn| Ok(self.live.n.record_outcome(txn, &record, &outcome)?))?;
        self.thread(thread_id)
    }

    /// Every comment thread, with anchors resolved against the draft as it is now; a thread
    /// that names no delegation speaks for its author's, and never lists it among its supporters.
    pub fn threads(&self) -> Vec<Thread> {
        self.threads_matching(None)
    }

    fn threads_matching(&self, only: Option<&str>) -> Vec<Thread> {
        let members = self.members();
        let mut threads = {
            let draft = lock(&self.live.draft);
            let draft_txn = draft.doc.transact();
            self.read(DocName::Notes, |txn, l| l.n.threads_matching(txn, &l.d, &draft_txn, only))
        };
        let stages = self.stage_history();
        for t in &mut threads {
            t.late = crate::policy::stage::is_late(&stages, &t.created);
            if t.delegation.is_empty() {
                if let Some(m) = members.iter().find(|m| m.id == t.author) {
                    t.delegation = m.speaks_for().to_string();
                }
            }
            let own = t.delegation.clone();
            t.supporters.retain(|d| *d != own);
        }
        threads
    }

    pub fn thread(&self, thread_id: &str) -> Result<Thread> {
        self.threads_matching(Some(thread_id))
            .into_iter()
            .next()
            .ok_or_else(|| ModelError::NoSuchThread(thread_id.to_string()).into())
    }
}
