//! The `notes` document: comment threads anchored into the draft by sticky indices, replies, resolution, attribution.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{
    Any, Array, ArrayPrelim, Assoc, Doc, In, IndexedSequence, Map, MapPrelim, MapRef, Out, ReadTxn,
    StickyIndex, TransactionMut, XmlTextRef,
};

use super::draft::{out_string, plain_text, Draft};
use super::error::{ModelError, Result};
use super::schema::*;

/// Handles to the notes' root types.
#[derive(Clone)]
pub struct Notes {
    pub threads: MapRef,
    pub clients: MapRef,
    /// Body edits and deletions, each a record of its own ([`EDITS`]).
    pub edits: MapRef,
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
}

/// What a new comment needs besides where it points.
pub struct NewComment<'a> {
    pub id: &'a str,
    pub author: &'a str,
    /// Set when a chair or Secretariat member records the comment on `author`'s behalf.
    pub recorded_by: Option<&'a str>,
    pub body: &'a str,
    pub created: &'a str,
}

impl Notes {
    pub fn new(doc: &Doc) -> Self {
        Notes {
            threads: doc.get_or_insert_map(THREADS),
            clients: doc.get_or_insert_map(CLIENTS),
            edits: doc.get_or_insert_map(EDITS),
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
        let Anchor::Attached { para_id, text, .. } = resolve_anchor(draft_txn, Some(start), Some(end), &texts, &paragraphs)
        else {
            return Err(ModelError::BadAnchor);
        };
        self.insert_thread(txn, start.to_vec(), end.to_vec(), &text, &para_id, &comment);
        Ok(text)
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
        let elements = draft.elements(draft_txn);
        let texts: Vec<Option<XmlTextRef>> = elements.iter().map(|el| Draft::text_of(draft_txn, el)).collect();
        let paragraphs = draft.paragraphs(draft_txn);
        let edits = self.edit_log(txn);
        let mut threads: Vec<Thread> = self
            .threads
            .iter(txn)
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

fn resolve_anchor<D: ReadTxn>(
    draft_txn: &D,
    start: Option<&[u8]>,
    end: Option<&[u8]>,
    texts: &[Option<XmlTextRef>],
    paragraphs: &[super::types::Paragraph],
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
    let whole = plain_text(draft_txn, &branch);
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
