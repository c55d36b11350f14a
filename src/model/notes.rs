//! The `notes` document: comment threads anchored into the draft by sticky indices (with their type, proposal and delegation), replies, resolution, supports and outcomes as records, attribution.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{
    Any, Array, ArrayPrelim, Assoc, Doc, In, IndexedSequence, Map, MapPrelim, MapRef, Out, ReadTxn,
    StickyIndex, TransactionMut, XmlTextRef,
};

use super::draft::{out_string, plain_text, Draft};
use super::error::{ModelError, Result};
use super::roster::string_enum;
use super::schema::*;

string_enum! {
    /// A comment's type (issue #11 §2); a thread that does not say is `general`.
    CommentType { General = "general", Technical = "technical", Editorial = "editorial" }
}

// `string_enum!` derives no `Default`; a thread that does not say is `general`.
#[allow(clippy::derivable_impls)]
impl Default for CommentType {
    fn default() -> Self {
        CommentType::General
    }
}

string_enum! {
    /// What a proposal's text stands for: the anchored words, the whole paragraph, or a new
    /// paragraph inserted after it.
    ProposalKind { Replace = "replace", Paragraph = "paragraph", InsertAfter = "insert-after" }
}

string_enum! {
    /// The chair's or Secretariat's disposition of a thread.
    OutcomeKind { Accepted = "accepted", AcceptedModified = "accepted-modified", Rejected = "rejected", Noted = "noted" }
}

/// Wording proposed by a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub kind: ProposalKind,
    pub text: String,
}

/// A thread's outcome: its latest outcome record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The record's id in Map `outcomes`.
    pub id: String,
    pub outcome: OutcomeKind,
    pub observation: String,
    /// The chair or Secretariat member who recorded it.
    pub by: String,
    pub created: String,
}

/// Handles to the notes' root types.
#[derive(Clone)]
pub struct Notes {
    pub threads: MapRef,
    pub clients: MapRef,
    /// Body edits and deletions, each a record of its own ([`EDITS`]).
    pub edits: MapRef,
    /// Supports and their withdrawals, each a record of its own ([`SUPPORTS`]).
    pub supports: MapRef,
    /// Outcomes, each a record of its own ([`OUTCOMES`]).
    pub outcomes: MapRef,
    /// Proposals applied to the draft, each a record of its own ([`APPLICATIONS`]).
    pub applications: MapRef,
    /// Who deleted draft text, a record per write ([`DELETIONS`]).
    pub deletions: MapRef,
}

/// A deletion record: `member`'s device deleted the draft items of `ranges` (a v1 delete set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub id: String,
    pub member: String,
    pub ranges: Vec<u8>,
    pub created: String,
}

/// When and by whom a thread's proposal was applied to the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    pub by: String,
    pub created: String,
}

/// Where a comment's quoted words are now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum Anchor {
    /// The words are still there: paragraph position (0-based), byte range in its text.
    Attached { position: usize, para_id: String, start: usize, end: usize, text: String },
    /// Every quoted word was deleted, or its paragraph was: shown with the quote, never dropped.
    Orphaned,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub id: String,
    pub author: String,
    pub body: String,
    pub created: String,
    /// The chair or Secretariat member who recorded it on `author`'s behalf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<String>,
    /// Its writer edited the body after writing it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    pub id: String,
    /// The member (of a delegation) the comment speaks for.
    pub author: String,
    /// The chair or Secretariat member who recorded it on `author`'s behalf (a comment table
    /// received by e-mail): shown as "Kenya, recorded by the Secretariat", never as the author's
    /// own writing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<String>,
    /// Its writer edited the body after writing it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
    pub body: String,
    pub created: String,
    pub resolved: bool,
    /// The words quoted when the comment was made.
    pub quote: String,
    /// The paragraph they were in.
    pub para_id: String,
    pub anchor: Anchor,
    pub replies: Vec<Reply>,
    /// `general`, `technical` or `editorial` (`general` when the thread does not say).
    #[serde(rename = "type", default)]
    pub kind: CommentType,
    /// The wording it proposes, if any.
    #[serde(default)]
    pub proposal: Option<Proposal>,
    /// The delegation it speaks for (its author's when the thread does not say; filled from the
    /// roster by [`crate::Workshop::threads`]).
    #[serde(default)]
    pub delegation: String,
    /// Delegations co-sponsoring it (never its own), in the order they last started supporting.
    #[serde(default)]
    pub supporters: Vec<String>,
    /// Its latest outcome, if the chair or the Secretariat recorded one.
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// Dated after the deadline of the comment round it was written in (issue #11 §1): kept and
    /// shown as late, never dropped (filled from the roster's stages by [`crate::Workshop::threads`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub late: bool,
    /// Its proposal was applied to the draft (the first application; applying again changes nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied: Option<Applied>,
}

/// What a new comment needs besides where it points.
pub struct NewComment<'a> {
    pub id: &'a str,
    pub author: &'a str,
    /// Set when a chair or Secretariat member records the comment on `author`'s behalf.
    pub recorded_by: Option<&'a str>,
    pub body: &'a str,
    pub created: &'a str,
    pub kind: CommentType,
    pub proposal: Option<&'a Proposal>,
    /// The delegation it speaks for (`None`: not written, read as its author's).
    pub delegation: Option<&'a str>,
}

/// A support record, or its withdrawal ([`SUPPORTS`]).
pub struct NewSupport<'a> {
    pub thread: &'a str,
    pub delegation: &'a str,
    pub member: &'a str,
    /// Set when a chair or Secretariat member records it on `member`'s behalf.
    pub recorded_by: Option<&'a str>,
    pub withdraw: bool,
    pub created: &'a str,
}

/// An outcome record ([`OUTCOMES`]).
pub struct NewOutcome<'a> {
    pub thread: &'a str,
    pub outcome: OutcomeKind,
    pub observation: &'a str,
    /// The chair or Secretariat member recording it.
    pub by: &'a str,
    pub created: &'a str,
}

impl Notes {
    pub fn new(doc: &Doc) -> Self {
        Notes {
            threads: doc.get_or_insert_map(THREADS),
            clients: doc.get_or_insert_map(CLIENTS),
            edits: doc.get_or_insert_map(EDITS),
            supports: doc.get_or_insert_map(SUPPORTS),
            outcomes: doc.get_or_insert_map(OUTCOMES),
            applications: doc.get_or_insert_map(APPLICATIONS),
            deletions: doc.get_or_insert_map(DELETIONS),
        }
    }

    /// Anchors a comment on the only occurrence of `quote` in the draft (or the only one in the
    /// paragraph `in_para`, 0-based, when given).
    pub fn add<T: ReadTxn>(
        &self,
        txn: &mut TransactionMut,
        draft: &Draft,
        draft_txn: &T,
        quote: &str,
        in_para: Option<usize>,
        comment: NewComment<'_>,
    ) -> Result<()> {
        if quote.is_empty() {
            return Err(ModelError::Empty("quote"));
        }
        if comment.body.trim().is_empty() {
            return Err(ModelError::Empty("comment"));
        }
        let elements = draft.elements(draft_txn);
        if let Some(p) = in_para {
            if p >= elements.len() {
                return Err(ModelError::NoSuchParagraph { position: p + 1, len: elements.len() });
            }
        }
        let mut hits: Vec<(usize, XmlTextRef, usize)> = Vec::new();
        for (position, el) in elements.iter().enumerate() {
            if in_para.is_some_and(|p| p != position) {
                continue;
            }
            if let Some(text) = Draft::text_of(draft_txn, el) {
                let s = plain_text(draft_txn, &text);
                for (at, _) in s.match_indices(quote) {
                    hits.push((position, text.clone(), at));
                }
            }
        }
        let (position, text, at) = match hits.len() {
            0 => return Err(ModelError::QuoteNotFound(quote.to_string())),
            1 => hits.remove(0),
            n => return Err(ModelError::QuoteAmbiguous(n)),
        };
        let start = text
            .sticky_index(draft_txn, at as u32, Assoc::After)
            .ok_or_else(|| ModelError::QuoteNotFound(quote.to_string()))?;
        let end = text
            .sticky_index(draft_txn, (at + quote.len()) as u32, Assoc::Before)
            .ok_or_else(|| ModelError::QuoteNotFound(quote.to_string()))?;
        let para_id = draft.paragraphs(draft_txn).get(position).map(|p| p.id.clone()).unwrap_or_default();
        self.insert_thread(txn, start.encode_v1(), end.encode_v1(), quote, &para_id, &comment);
        Ok(())
    }

    pub fn reply(&self, txn: &mut TransactionMut, thread_id: &str, reply: &Reply) -> Result<()> {
        if reply.body.trim().is_empty() {
            return Err(ModelError::Empty("reply"));
        }
        let thread = self.thread_map(txn, thread_id)?;
        let replies = match thread.get(txn, THREAD_REPLIES) {
            Some(Out::YArray(a)) => a,
            _ => thread.insert(txn, THREAD_REPLIES, ArrayPrelim::default()),
        };
        let mut fields = vec![
            ("id", In::Any(Any::from(reply.id.as_str()))),
            ("author", In::Any(Any::from(reply.author.as_str()))),
            ("body", In::Any(Any::from(reply.body.as_str()))),
            ("created", In::Any(Any::from(reply.created.as_str()))),
        ];
        if let Some(by) = &reply.recorded_by {
            fields.push((THREAD_RECORDED_BY, In::Any(Any::from(by.as_str()))));
        }
        let entry: MapPrelim = fields.into_iter().collect();
        replies.push_back(txn, entry);
        Ok(())
    }

    /// Records a body edit (`body: Some`) or a deletion (`None`) of a thread, or of one of its
    /// replies, as a record of its own under `record_id` (see [`EDITS`]).
    pub fn record_edit(
        &self,
        txn: &mut TransactionMut,
        record_id: &str,
        thread_id: &str,
        reply_id: Option<&str>,
        body: Option<&str>,
        created: &str,
    ) -> Result<()> {
        self.thread_map(txn, thread_id)?;
        let mut fields = vec![
            (EDIT_THREAD, In::Any(Any::from(thread_id))),
            (EDIT_KIND, In::Any(Any::from(if body.is_some() { EDIT_KIND_EDIT } else { EDIT_KIND_DELETE }))),
            (EDIT_CREATED, In::Any(Any::from(created))),
        ];
        if let Some(reply) = reply_id {
            fields.push((EDIT_REPLY, In::Any(Any::from(reply))));
        }
        if let Some(body) = body {
            if body.trim().is_empty() {
                return Err(ModelError::Empty("comment"));
            }
            fields.push((EDIT_BODY, In::Any(Any::from(body))));
        }
        let entry: MapPrelim = fields.into_iter().collect();
        self.edits.insert(txn, record_id, entry);
        Ok(())
    }

    /// Records a delegation's support of a thread, or its withdrawal, under `record_id`.
    pub fn record_support(&self, txn: &mut TransactionMut, record_id: &str, support: &NewSupport<'_>) -> Result<()> {
        self.thread_map(txn, support.thread)?;
        if support.delegation.is_empty() {
            return Err(ModelError::Empty("delegation"));
        }
        let kind = if support.withdraw { SUPPORT_KIND_WITHDRAW } else { SUPPORT_KIND_SUPPORT };
        let mut fields = vec![
            (SUPPORT_THREAD, In::Any(Any::from(support.thread))),
            (SUPPORT_DELEGATION, In::Any(Any::from(support.delegation))),
            (SUPPORT_MEMBER, In::Any(Any::from(support.member))),
            (SUPPORT_KIND, In::Any(Any::from(kind))),
            (SUPPORT_CREATED, In::Any(Any::from(support.created))),
        ];
        if let Some(by) = support.recorded_by {
            fields.push((THREAD_RECORDED_BY, In::Any(Any::from(by))));
        }
        let entry: MapPrelim = fields.into_iter().collect();
        let record_id = after_same_second(txn, &self.supports, SUPPORT_CREATED, support.created, record_id);
        self.supports.insert(txn, record_id, entry);
        Ok(())
    }

    /// Records an outcome of a thread under `record_id`.
    pub fn record_outcome(&self, txn: &mut TransactionMut, record_id: &str, outcome: &NewOutcome<'_>) -> Result<()> {
        self.thread_map(txn, outcome.thread)?;
        let fields = vec![
            (OUTCOME_THREAD, In::Any(Any::from(outcome.thread))),
            (OUTCOME_VALUE, In::Any(Any::from(outcome.outcome.as_str()))),
            (OUTCOME_OBSERVATION, In::Any(Any::from(outcome.observation))),
            (OUTCOME_BY, In::Any(Any::from(outcome.by))),
            (OUTCOME_CREATED, In::Any(Any::from(outcome.created))),
        ];
        let entry: MapPrelim = fields.into_iter().collect();
        let record_id = after_same_second(txn, &self.outcomes, OUTCOME_CREATED, outcome.created, record_id);
        self.outcomes.insert(txn, record_id, entry);
        Ok(())
    }

    pub fn set_resolved(&self, txn: &mut TransactionMut, thread_id: &str, resolved: bool) -> Result<()> {
        let thread = self.thread_map(txn, thread_id)?;
        thread.insert(txn, THREAD_RESOLVED, resolved);
        Ok(())
    }

    /// Starts a thread on a selection made elsewhere (the webview): `start` and `end` are v1
    /// encoded relative positions (StickyIndex) that must resolve, in this draft, to a non-empty
    /// range of one paragraph. `quote` and `para_id` are kept as fallbacks (DESIGN §2).
    pub fn add_anchored<T: ReadTxn>(
        &self,
        txn: &mut TransactionMut,
        draft: &Draft,
        draft_txn: &T,
        start: &[u8],
        end: &[u8],
        comment: NewComment<'_>,
    ) -> Result<String> {
        if comment.body.trim().is_empty() {
            return Err(ModelError::Empty("comment"));
        }
        let texts: Vec<Option<XmlTextRef>> = draft.elements(draft_txn).iter().map(|el| Draft::text_of(draft_txn, el)).collect();
        let paragraphs = draft.paragraphs(draft_txn);
        let Anchor::Attached { para_id, text, .. } = resolve_anchor(draft_txn, Some(start), Some(end), &texts, &paragraphs, &mut Default::default())
        else {
            return Err(ModelError::BadAnchor);
        };
        self.insert_thread(txn, start.to_vec(), end.to_vec(), &text, &para_id, &comment);
        Ok(text)
    }

    /// Starts a thread on the whole paragraph at `position` (0-based; a comment table's row,
    /// issue #11 §3): anchored from its first to its last character, quoting its text. With
    /// `None`, or on a paragraph without text, the thread is on no words (empty anchors: it
    /// reads as orphaned) and quotes `unanchored_quote`. Returns whether it is anchored.
    pub fn add_on_paragraph<T: ReadTxn>(
        &self,
        txn: &mut TransactionMut,
        draft: &Draft,
        draft_txn: &T,
        position: Option<usize>,
        unanchored_quote: &str,
        comment: NewComment<'_>,
    ) -> bool {
        let anchored = position.and_then(|p| {
            let text = draft.elements(draft_txn).get(p).and_then(|el| Draft::text_of(draft_txn, el))?;
            let quote = plain_text(draft_txn, &text);
            let len = quote.len();
            let start = text.sticky_index(draft_txn, 0, Assoc::After)?;
            let end = text.sticky_index(draft_txn, u32::try_from(len).ok()?, Assoc::Before)?;
            let para_id = draft.paragraphs(draft_txn).get(p).map(|para| para.id.clone()).unwrap_or_default();
            (len > 0).then(|| (start.encode_v1(), end.encode_v1(), quote, para_id))
        });
        match anchored {
            Some((start, end, quote, para_id)) => {
                self.insert_thread(txn, start, end, &quote, &para_id, &comment);
                true
            }
            None => {
                self.insert_thread(txn, Vec::new(), Vec::new(), unanchored_quote, "", &comment);
                false
            }
        }
    }

    /// Writes a new thread: its anchors (v1 sticky indices), the quote and paragraph id kept as
    /// fallbacks, and the comment, unresolved, without replies.
    fn insert_thread(
        &self,
        txn: &mut TransactionMut,
        start: Vec<u8>,
        end: Vec<u8>,
        quote: &str,
        para_id: &str,
        comment: &NewComment<'_>,
    ) {
        let mut fields = vec![
            (THREAD_ANCHOR_START, In::Any(Any::from(start))),
            (THREAD_ANCHOR_END, In::Any(Any::from(end))),
            (THREAD_QUOTE, In::Any(Any::from(quote))),
            (THREAD_PARA, In::Any(Any::from(para_id))),
            (THREAD_AUTHOR, In::Any(Any::from(comment.author))),
            (THREAD_BODY, In::Any(Any::from(comment.body))),
            (THREAD_CREATED, In::Any(Any::from(comment.created))),
            (THREAD_RESOLVED, In::Any(Any::from(false))),
            (THREAD_REPLIES, In::Array(ArrayPrelim::default())),
        ];
        if let Some(by) = comment.recorded_by {
            fields.push((THREAD_RECORDED_BY, In::Any(Any::from(by))));
        }
        fields.push((THREAD_TYPE, In::Any(Any::from(comment.kind.as_str()))));
        if let Some(delegation) = comment.delegation {
            fields.push((THREAD_DELEGATION, In::Any(Any::from(delegation))));
        }
        if let Some(p) = comment.proposal {
            let proposal: MapPrelim = [
                (PROPOSAL_KIND, In::Any(Any::from(p.kind.as_str()))),
                (PROPOSAL_TEXT, In::Any(Any::from(p.text.as_str()))),
            ]
            .into_iter()
            .collect();
            fields.push((THREAD_PROPOSAL, In::Map(proposal)));
        }
        let entry: MapPrelim = fields.into_iter().collect();
        self.threads.insert(txn, comment.id, entry);
    }

    fn thread_map<T: ReadTxn>(&self, txn: &T, thread_id: &str) -> Result<MapRef> {
        match self.threads.get(txn, thread_id) {
            Some(Out::YMap(m)) => Ok(m),
            _ => Err(ModelError::NoSuchThread(thread_id.to_string())),
        }
    }

    /// Every thread, oldest first, with its anchor resolved against the draft as it is now.
    pub fn threads<T: ReadTxn, D: ReadTxn>(&self, txn: &T, draft: &Draft, draft_txn: &D) -> Vec<Thread> {
        self.threads_matching(txn, draft, draft_txn, None)
    }

    /// [`Notes::threads`], or only thread `only` (none when there is no such thread).
    pub fn threads_matching<T: ReadTxn, D: ReadTxn>(&self, txn: &T, draft: &Draft, draft_txn: &D, only: Option<&str>) -> Vec<Thread> {
        let elements = draft.elements(draft_txn);
        let texts: Vec<Option<XmlTextRef>> = elements.iter().map(|el| Draft::text_of(draft_txn, el)).collect();
        let paragraphs = draft.paragraphs(draft_txn);
        let edits = self.edit_log(txn);
        let mut supporters = self.support_log(txn);
        let mut outcomes = self.outcome_log(txn);
        let mut applications = self.application_log(txn);
        let mut wholes = std::collections::HashMap::new();
        let mut threads: Vec<Thread> = self
            .threads
            .iter(txn)
            .filter(|(id, _)| only.is_none_or(|o| o == *id))
            .filter_map(|(id, value)| {
                let Out::YMap(m) = value else { return None };
                let s = |k: &str| m.get(txn, k).map(|v| out_string(&v)).unwrap_or_default();
                let bytes = |k: &str| match m.get(txn, k) {
                    Some(Out::Any(Any::Buffer(b))) => Some(b.to_vec()),
                    _ => None,
                };
                let anchor = resolve_anchor(
                    draft_txn,
                    bytes(THREAD_ANCHOR_START).as_deref(),
                    bytes(THREAD_ANCHOR_END).as_deref(),
                    &texts,
                    &paragraphs,
                    &mut wholes,
                );
                let edit = edits.get(&(id.to_string(), String::new()));
                if matches!(edit, Some(None)) {
                    return None;
                }
                let replies = match m.get(txn, THREAD_REPLIES) {
                    Some(Out::YArray(a)) => a
                        .iter(txn)
                        .filter_map(|r| read_reply(txn, &r))
                        .filter_map(|mut r| match edits.get(&(id.to_string(), r.id.clone())) {
                            Some(None) => None,
                            Some(Some(body)) => {
                                r.body = body.clone();
                                r.edited = true;
                                Some(r)
                            }
                            None => Some(r),
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let recorded_by = Some(s(THREAD_RECORDED_BY)).filter(|r| !r.is_empty());
                let proposal = match m.get(txn, THREAD_PROPOSAL) {
                    Some(Out::YMap(p)) => {
                        let field = |k: &str| p.get(txn, k).map(|v| out_string(&v)).unwrap_or_default();
                        field(PROPOSAL_KIND).parse().ok().map(|kind| Proposal { kind, text: field(PROPOSAL_TEXT) })
                    }
                    _ => None,
                };
                Some(Thread {
                    id: id.to_string(),
                    author: s(THREAD_AUTHOR),
                    recorded_by,
                    edited: edit.is_some(),
                    body: match edit {
                        Some(Some(body)) => body.clone(),
                        _ => s(THREAD_BODY),
                    },
                    created: s(THREAD_CREATED),
                    resolved: matches!(m.get(txn, THREAD_RESOLVED), Some(Out::Any(Any::Bool(true)))),
                    quote: s(THREAD_QUOTE),
                    para_id: s(THREAD_PARA),
                    anchor,
                    replies,
                    kind: s(THREAD_TYPE).parse().unwrap_or_default(),
                    proposal,
                    delegation: s(THREAD_DELEGATION),
                    supporters: supporters.remove(id).unwrap_or_default(),
                    outcome: outcomes.remove(id),
                    late: false,
                    applied: applications.remove(id),
                })
            })
            .collect();
        threads.sort_by(|a, b| (&a.created, &a.id).cmp(&(&b.created, &b.id)));
        threads
    }

    /// The edit records folded, oldest first (by their writer's time, then id): (thread, reply
    /// or "") → the latest body, or `None` once deleted. Only their writers' records get here:
    /// every endpoint checks them ([`crate::policy`]).
    fn edit_log<T: ReadTxn>(&self, txn: &T) -> BTreeMap<(String, String), Option<String>> {
        let mut records: Vec<(String, String, String, String, Option<String>)> = self
            .edits
            .iter(txn)
            .filter_map(|(id, value)| {
                let Out::YMap(m) = value else { return None };
                let s = |k: &str| m.get(txn, k).map(|v| out_string(&v)).unwrap_or_default();
                let body = (s(EDIT_KIND) == EDIT_KIND_EDIT).then(|| s(EDIT_BODY));
                Some((s(EDIT_CREATED), id.to_string(), s(EDIT_THREAD), s(EDIT_REPLY), body))
            })
            .collect();
        records.sort();
        let mut folded: BTreeMap<(String, String), Option<String>> = BTreeMap::new();
        for (_, _, thread, reply, body) in records {
            let entry = folded.entry((thread, reply)).or_insert(Some(String::new()));
            if entry.is_some() {
                *entry = body;
            }
        }
        folded
    }

    /// The support records folded, oldest first (by `created`, then record id): thread → the
    /// delegations whose latest record supports it, in the order they started supporting.
    fn support_log<T: ReadTxn>(&self, txn: &T) -> BTreeMap<String, Vec<String>> {
        let mut records: Vec<(String, String, String, String, bool)> = self
            .supports
            .iter(txn)
            .filter_map(|(id, value)| {
                let Out::YMap(m) = value else { return None };
                let s = |k: &str| m.get(txn, k).map(|v| out_string(&v)).unwrap_or_default();
                let support = match s(SUPPORT_KIND).as_str() {
                    SUPPORT_KIND_SUPPORT => true,
                    SUPPORT_KIND_WITHDRAW => false,
                    _ => return None,
                };
                Some((s(SUPPORT_CREATED), id.to_string(), s(SUPPORT_THREAD), s(SUPPORT_DELEGATION), support))
            })
            .collect();
        records.sort();
        let mut folded: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (_, _, thread, delegation, support) in records {
            let list = folded.entry(thread).or_default();
            list.retain(|d| *d != delegation);
            if support {
                list.push(delegation);
            }
        }
        folded
    }

    /// Each thread's first application record (by `created`, then record id).
    fn application_log<T: ReadTxn>(&self, txn: &T) -> BTreeMap<String, Applied> {
        let mut first: BTreeMap<String, (String, Applied)> = BTreeMap::new();
        for (id, value) in self.applications.iter(txn) {
            let Out::YMap(m) = value else { continue };
            let s = |k: &str| m.get(txn, k).map(|v| out_string(&v)).unwrap_or_default();
            let record = Applied { by: s(APPLIED_BY), created: s(APPLIED_CREATED) };
            let thread = s(APPLIED_THREAD);
            let earlier = first.get(&thread).is_none_or(|(fid, f)| (&record.created, id) < (&f.created, fid.as_str()));
            if earlier {
                first.insert(thread, (id.to_string(), record));
            }
        }
        first.into_iter().map(|(thread, (_, record))| (thread, record)).collect()
    }

    /// Records that `member`'s device deleted the draft items of `ranges` (a v1 delete set).
    pub fn record_deletion(&self, txn: &mut TransactionMut, record_id: &str, member: &str, ranges: &[u8], created: &str) {
        let entry: MapPrelim = [
            (DELETION_MEMBER, In::Any(Any::from(member))),
            (DELETION_RANGES, In::Any(Any::Buffer(ranges.into()))),
            (DELETION_CREATED, In::Any(Any::from(created))),
        ]
        .into_iter()
        .collect();
        self.deletions.insert(txn, record_id, entry);
    }

    /// Every deletion record, oldest first (by `created`, then record id).
    pub fn deletions<T: ReadTxn>(&self, txn: &T) -> Vec<Deletion> {
        let mut records: Vec<Deletion> = self
            .deletions
            .iter(txn)
            .filter_map(|(id, value)| {
                let Out::YMap(m) = value else { return None };
                let s = |k: &str| m.get(txn, k).map(|v| out_string(&v)).unwrap_or_default();
                let Some(Out::Any(Any::Buffer(ranges))) = m.get(txn, DELETION_RANGES) else { return None };
                Some(Deletion { id: id.to_string(), member: s(DELETION_MEMBER), ranges: ranges.to_vec(), created: s(DELETION_CREATED) })
            })
            .collect();
        records.sort_by(|a, b| (&a.created, &a.id).cmp(&(&b.created, &b.id)));
        records
    }

    /// Records that a thread's proposal was applied to the draft, under `record_id`.
    pub fn record_application(&self, txn: &mut TransactionMut, record_id: &str, thread: &str, by: &str, created: &str) -> Result<()> {
        self.thread_map(txn, thread)?;
        let entry: MapPrelim = [
            (APPLIED_THREAD, In::Any(Any::from(thread))),
            (APPLIED_BY, In::Any(Any::from(by))),
            (APPLIED_CREATED, In::Any(Any::from(created))),
        ]
        .into_iter()
        .collect();
        self.applications.insert(txn, record_id, entry);
        Ok(())
    }

    /// Every outcome record this build reads, with its thread's id, oldest first (by `created`,
    /// then record id): records are never changed, so this is the outcomes' log.
    pub fn outcome_records<T: ReadTxn>(&self, txn: &T) -> Vec<(String, Outcome)> {
        let mut records = Vec::new();
        for (id, value) in self.outcomes.iter(txn) {
            let Out::YMap(m) = value else { continue };
            let s = |k: &str| m.get(txn, k).map(|v| out_string(&v)).unwrap_or_default();
            let Ok(outcome) = s(OUTCOME_VALUE).parse() else { continue };
            let record = Outcome { id: id.to_string(), outcome, observation: s(OUTCOME_OBSERVATION), by: s(OUTCOME_BY), created: s(OUTCOME_CREATED) };
            records.push((s(OUTCOME_THREAD), record));
        }
        records.sort_by(|(_, a), (_, b)| (&a.created, &a.id).cmp(&(&b.created, &b.id)));
        records
    }

    /// Each thread's latest outcome record (by `created`, then record id).
    fn outcome_log<T: ReadTxn>(&self, txn: &T) -> BTreeMap<String, Outcome> {
        let mut latest: BTreeMap<String, Outcome> = BTreeMap::new();
        for (thread, record) in self.outcome_records(txn) {
            let newer = latest.get(&thread).is_none_or(|o| (&o.created, &o.id) < (&record.created, &record.id));
            if newer {
                latest.insert(thread, record);
            }
        }
        latest
    }

    /// Records which member a Yjs client id belongs to (attribution of changes).
    pub fn record_client(&self, txn: &mut TransactionMut, client_id: u64, member_id: &str) {
        self.clients.insert(txn, client_id.to_string(), member_id);
    }

    pub fn client_member<T: ReadTxn>(&self, txn: &T, client_id: u64) -> Option<String> {
        self.clients.get(txn, &client_id.to_string()).map(|v| out_string(&v))
    }

    /// Every entry of Map `clients` as written: key → the member id, or `None` when the value is
    /// not a string (Caucus never writes one; [`crate::policy::claims`] refuses it from peers).
    pub fn claims<T: ReadTxn>(&self, txn: &T) -> BTreeMap<String, Option<String>> {
        self.clients
            .iter(txn)
            .map(|(key, value)| {
                let member = match value {
                    Out::Any(Any::String(s)) => Some(s.to_string()),
                    _ => None,
                };
                (key.to_string(), member)
            })
            .collect()
    }
}

/// The id for a new record of `map` written at `created` (second resolution; the records' field
/// `created_key`): `fresh`, unless a record of the same second sorts after it — then that record's id extended by `fresh`'s
/// random part, so the new record is the latest (by `created`, then id) on every peer.
pub(super) fn after_same_second<T: ReadTxn>(txn: &T, map: &MapRef, created_key: &str, created: &str, fresh: &str) -> String {
    let top = map
        .iter(txn)
        .filter(|(_, v)| matches!(v, Out::YMap(m) if m.get(txn, created_key).map(|c| out_string(&c)).as_deref() == Some(created)))
        .map(|(id, _)| id.to_string())
        .max();
    match top {
        Some(top) if top.as_str() >= fresh => format!("{top}{}", fresh.split_once('-').map_or(fresh, |(_, random)| random)),
        _ => fresh.to_string(),
    }
}

fn resolve_anchor<D: ReadTxn>(
    draft_txn: &D,
    start: Option<&[u8]>,
    end: Option<&[u8]>,
    texts: &[Option<XmlTextRef>],
    paragraphs: &[super::types::Paragraph],
    wholes: &mut std::collections::HashMap<usize, String>,
) -> Anchor {
    let decode = |b: Option<&[u8]>| b.and_then(|b| StickyIndex::decode_v1(b).ok());
    let (Some(start), Some(end)) = (decode(start), decode(end)) else { return Anchor::Orphaned };
    let (Some(s), Some(e)) = (start.get_offset(draft_txn), end.get_offset(draft_txn)) else {
        return Anchor::Orphaned;
    };
    if s.branch != e.branch || e.index <= s.index {
        return Anchor::Orphaned;
    }
    let branch = XmlTextRef::from(s.branch);
    let Some(position) = texts.iter().position(|t| t.as_ref() == Some(&branch)) else {
        return Anchor::Orphaned;
    };
    // A paragraph's text is read once however many threads point into it.
    let whole = wholes.entry(position).or_insert_with(|| plain_text(draft_txn, &branch));
    let (start, end) = (s.index as usize, e.index as usize);
    let Some(text) = whole.get(start..end) else { return Anchor::Orphaned };
    Anchor::Attached {
        position,
        para_id: paragraphs.get(position).map(|p| p.id.clone()).unwrap_or_default(),
        start,
        end,
        text: text.to_string(),
    }
}

fn read_reply<T: ReadTxn>(txn: &T, value: &Out) -> Option<Reply> {
    let field = |k: &str| match value {
        Out::YMap(m) => m.get(txn, k).map(|v| out_string(&v)).unwrap_or_default(),
        Out::Any(Any::Map(m)) => match m.get(k) {
            Some(Any::String(s)) => s.to_string(),
            _ => String::new(),
        },
        _ => String::new(),
    };
    if !matches!(value, Out::YMap(_) | Out::Any(Any::Map(_))) {
        return None;
    }
    let recorded_by = Some(field(THREAD_RECORDED_BY)).filter(|r| !r.is_empty());
    Some(Reply { id: field("id"), author: field("author"), body: field("body"), created: field("created"), recorded_by, edited: false })
}
