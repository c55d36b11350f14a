//! A sync room, sans IO: the sessions of every connection to one document, forwarding of committed updates, and awareness (relayed, and removed when a connection closes).
//!
//! The y-websocket server conventions: a new connection gets our sync step 1 and the awareness
//! states we know; an update committed from one connection goes to every other; an awareness
//! change goes to every connection, the sender included (y-websocket clients count their own
//! echo as a sign of life); when a connection closes, the clients it announced are removed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::model::DocName;
use crate::workshop::{Origin, Queued, Workshop};

use crate::policy::claims::Claimant;
use super::protocol::{self, AwarenessEntry, Message};
use super::session::Session;
use crate::policy::access::{Access, Permissions};
use super::SyncError;

/// A connection of a room.
pub type ConnId = u32;

/// Most awareness clients one connection may announce (a y-websocket client announces one).
pub const MAX_CLIENTS_PER_CONNECTION: usize = 16;

/// Forgotten awareness clients (left, clock kept) beyond which their clocks are dropped.
const MAX_FORGOTTEN: usize = 4096;

static NEXT_ROOM: AtomicU64 = AtomicU64::new(1);

/// A fresh base of 2^32 origins (see [`Workshop::subscribe`]), never [`crate::workshop::LOCAL`]:
/// each room and each client link takes one, so an origin says which one committed an update.
pub fn new_origin_base() -> Origin {
    NEXT_ROOM.fetch_add(1, Ordering::Relaxed) << 32
}

/// Where a frame goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    One(ConnId),
    All,
    AllBut(ConnId),
}

#[derive(Debug, Clone)]
pub struct Outgoing {
    pub to: Target,
    pub frame: Arc<[u8]>,
}

impl Outgoing {
    fn new(to: Target, frame: Vec<u8>) -> Outgoing {
        Outgoing { to, frame: frame.into() }
    }
}

struct Presence {
    clock: u32,
    /// `None` once the client left (its clock is kept so an old state cannot come back).
    json: Option<Arc<str>>,
    conn: Option<ConnId>,
}

struct Conn {
    session: Session,
    clients: BTreeSet<u64>,
    /// The authenticated member its awareness states are shown as (`None`: a trusted or open
    /// connection, forwarded as written).
    speaker: Option<super::presence::Speaker>,
}

/// The whole document's encoding and the step 2 frame made of it.
type NewcomerFrame = (Arc<[u8]>, Arc<[u8]>);

/// One document's room.
pub struct Room {
    workshop: Workshop,
    doc: DocName,
    id: u64,
    next_conn: ConnId,
    /// Boxed: a B-tree leaf allocates room for 11 entries, and most rooms have one or two
    /// connections (benches/sync: 2 KiB a room unboxed).
    conns: BTreeMap<ConnId, Box<Conn>>,
    awareness: HashMap<u64, Presence>,
    /// The whole document's step 2 frame for newcomers, and the cached encoding it frames
    /// ([`Workshop::cached_full_state`]; the same allocation while no write came since).
    newcomer_frame: Option<NewcomerFrame>,
}

impl Room {
    pub fn new(workshop: Workshop, doc: DocName) -> Room {
        Room {
            workshop,
            doc,
            id: new_origin_base() >> 32,
            next_conn: 0,
            conns: BTreeMap::new(),
            awareness: HashMap::new(),
            newcomer_frame: None,
        }
    }

    pub fn workshop(&self) -> &Workshop {
        &self.workshop
    }

    pub fn doc(&self) -> DocName {
        self.doc
    }

    pub fn len(&self) -> usize {
        self.conns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.conns.is_empty()
    }

    pub fn contains(&self, conn: ConnId) -> bool {
        self.conns.contains_key(&conn)
    }

    /// The origin under which a connection's updates are committed.
    pub fn origin_of(&self, conn: ConnId) -> Origin {
        (self.id << 32) | u64::from(conn)
    }

    /// Whether an update committed under `origin` came through this room (and was forwarded already).
    pub fn owns(&self, origin: Origin) -> bool {
        origin >> 32 == self.id
    }

    /// Adds a connection: returns its id and the first frames for it (our step 1, the awareness
    /// states we know). Refused if it may not even read the document.
    pub fn join(&mut self, permissions: Permissions) -> Result<(ConnId, Vec<Outgoing>), SyncError> {
        self.join_as(permissions, Claimant::Anyone)
    }

    /// [`Room::join`] for a connection whose `notes` updates may only claim client ids for
    /// `claimant` (see [`crate::policy::claims`]).
    pub fn join_as(&mut self, permissions: Permissions, claimant: Claimant) -> Result<(ConnId, Vec<Outgoing>), SyncError> {
        if permissions.access(self.doc) == Access::None {
            return Err(SyncError::Forbidden { doc: self.doc, what: "read" });
        }
        let conn = self.next_conn;
        self.next_conn = self.next_conn.wrapping_add(1);
        let speaker = match &claimant {
            Claimant::Member { id, .. } => Some(super::presence::Speaker {
                member: id.clone(),
                name: self.workshop.members().into_iter().find(|m| &m.id == id).map(|m| m.full_name()).unwrap_or_else(|| id.clone()),
            }),
            Claimant::Anyone => None,
        };
        let mut session = Session::new(self.workshop.clone(), self.doc, permissions, self.origin_of(conn)).claiming(claimant);
        let mut out = vec![Outgoing::new(Target::One(conn), session.start())];
        if let Some(states) = self.awareness_states() {
            out.push(Outgoing::new(Target::One(conn), states));
        }
        self.conns.insert(conn, Box::new(Conn { session, clients: BTreeSet::new(), speaker }));
        Ok((conn, out))
    }

    /// Handles a frame from a connection (blocks while updates are committed). On error the
    /// caller closes that connection with the error's close code and calls [`Room::leave`].
    pub fn receive(&mut self, conn: ConnId, frame: &[u8]) -> Result<Vec<Outgoing>, SyncError> {
        let messages = protocol::decode_frame(frame)?;
        self.receive_messages(conn, messages)
    }

    /// [`Room::receive`] for a frame already decoded.
    pub fn receive_messages(&mut self, conn: ConnId, messages: Vec<Message>) -> Result<Vec<Outgoing>, SyncError> {
        let Some(c) = self.conns.get_mut(&conn) else { return Ok(Vec::new()) };
        let result = c.session.receive_messages(messages)?;
        if !result.forward.is_empty() {
            self.newcomer_frame = None;
        }
        let mut out: Vec<Outgoing> = result.reply.into_iter().map(|f| Outgoing::new(Target::One(conn), f)).collect();
        for update in result.forward {
            out.push(Outgoing::new(Target::AllBut(conn), protocol::encode_update(update)));
        }
        if !result.awareness.is_empty() {
            let accepted = self.apply_awareness(conn, result.awareness);
            if !accepted.is_empty() {
                out.push(Outgoing::new(Target::All, protocol::encode_awareness(&accepted)));
            }
        }
        if result.query_awareness {
            let states = self.awareness_states().unwrap_or_else(|| protocol::encode_awareness(&[]));
            out.push(Outgoing::new(Target::One(conn), states));
        }
        Ok(out)
    }

    /// The fast path of [`Room::receive_messages`] for a frame that is only a newcomer's sync
    /// step 1 (an empty state vector) while the whole document's encoding is cached: answered
    /// without the store, with one step 2 frame shared by every newcomer until the next write.
    /// `None`: take [`Room::receive_messages`].
    pub fn answer_newcomer(&mut self, conn: ConnId, messages: &[Message]) -> Option<Vec<Outgoing>> {
        let c = self.conns.get_mut(&conn)?;
        let (whole, after) = c.session.answer_newcomer(messages)?;
        let frame = match &self.newcomer_frame {
            Some((framed, frame)) if Arc::ptr_eq(framed, &whole) => Arc::clone(frame),
            _ => {
                let frame: Arc<[u8]> = protocol::encode_step2_of(&whole).into();
                self.newcomer_frame = Some((whole, Arc::clone(&frame)));
                frame
            }
        };
        let mut out = vec![Outgoing { to: Target::One(conn), frame }];
        out.extend(after.into_iter().map(|f| Outgoing::new(Target::One(conn), f)));
        Some(out)
    }

    /// The fast path of [`Room::receive_messages`] for a frame that is one update only (see
    /// [`Session::queue_update`]): applied in memory, its save queued. Once the caller finished
    /// the [`Queued`], [`Room::forward`] gives what to send to the others.
    /// The frames for `conn` are a step 1 asking for what an update out of order lacks.
    pub fn queue_update(&mut self, conn: ConnId, message: &Message) -> Result<(Option<Queued>, Vec<Outgoing>), SyncError> {
        let Some(c) = self.conns.get_mut(&conn) else { return Ok((None, Vec::new())) };
        let (queued, reply) = c.session.queue_update(message)?;
        if queued.is_some() {
            // The document changes: the newcomers' frame is stale (and would keep its memory).
            self.newcomer_frame = None;
        }
        Ok((queued, reply.into_iter().map(|f| Outgoing::new(Target::One(conn), f)).collect()))
    }

    /// A committed update that came from `conn`: for every other connection.
    pub fn forward(&self, conn: ConnId, update: Vec<u8>) -> Vec<Outgoing> {
        vec![Outgoing::new(Target::AllBut(conn), protocol::encode_update(update))]
    }

    /// Removes a connection; returns the removal of the awareness clients it announced, for
    /// everyone left.
    pub fn leave(&mut self, conn: ConnId) -> Vec<Outgoing> {
        let Some(c) = self.conns.remove(&conn) else { return Vec::new() };
        let mut removed = Vec::new();
        for client in c.clients {
            if let Some(p) = self.awareness.get_mut(&client) {
                if p.conn == Some(conn) && p.json.is_some() {
                    p.clock = p.clock.wrapping_add(1);
                    p.json = None;
                    p.conn = None;
                    removed.push(AwarenessEntry { client, clock: p.clock, json: Arc::from("null") });
                }
            }
        }
        self.forget_old_clients();
        if removed.is_empty() || self.conns.is_empty() {
            return Vec::new();
        }
        vec![Outgoing::new(Target::All, protocol::encode_awareness(&removed))]
    }

    /// An update committed to this document by someone else than this room's connections
    /// (this device's own edits, another link): for every connection.
    pub fn committed(&mut self, origin: Origin, update: &[u8]) -> Vec<Outgoing> {
        if self.owns(origin) || self.conns.is_empty() {
            return Vec::new();
        }
        self.newcomer_frame = None;
        vec![Outgoing::new(Target::All, protocol::encode_update(update.to_vec()))]
    }

    /// Connections a target reaches.
    pub fn targets(&self, to: Target) -> Vec<ConnId> {
        match to {
            Target::One(c) => self.conns.contains_key(&c).then_some(c).into_iter().collect(),
            Target::All => self.conns.keys().copied().collect(),
            Target::AllBut(but) => self.conns.keys().copied().filter(|&c| c != but).collect(),
        }
    }

    /// Applies awareness entries from `conn` with y-protocols' rules (a newer clock wins; a
    /// removal at the same clock wins); returns those accepted.
    fn apply_awareness(&mut self, conn: ConnId, entries: Vec<AwarenessEntry>) -> Vec<AwarenessEntry> {
        let mut accepted = Vec::new();
        for mut e in entries {
            let removal = e.is_removal();
            let newer = match self.awareness.get(&e.client) {
                None => true,
                Some(p) => p.clock < e.clock || (p.clock == e.clock && removal && p.json.is_some()),
            };
            if !newer {
                continue;
            }
            let previous_owner = self.awareness.get(&e.client).and_then(|p| p.conn);
            if removal {
                self.awareness.insert(e.client, Presence { clock: e.clock, json: None, conn: None });
                if let Some(c) = previous_owner.and_then(|o| self.conns.get_mut(&o)) {
                    c.clients.remove(&e.client);
                }
            } else {
                let Some(c) = self.conns.get_mut(&conn) else { continue };
                // The name shown is the authenticated member's, never the sender's claim.
                if let Some(speaker) = &c.speaker {
                    e.json = super::presence::stamp(&e.json, speaker);
                }
                if !c.clients.contains(&e.client) && c.clients.len() >= MAX_CLIENTS_PER_CONNECTION {
                    tracing::debug!(doc = %self.doc, conn, "awareness client ignored: too many on one connection");
                    continue;
                }
                c.clients.insert(e.client);
                if let Some(o) = previous_owner.filter(|&o| o != conn).and_then(|o| self.conns.get_mut(&o)) {
                    o.clients.remove(&e.client);
                }
                self.awareness.insert(e.client, Presence { clock: e.clock, json: Some(Arc::clone(&e.json)), conn: Some(conn) });
            }
            accepted.push(e);
        }
        self.forget_old_clients();
        accepted
    }

    fn forget_old_clients(&mut self) {
        if self.awareness.len() > MAX_FORGOTTEN {
            self.awareness.retain(|_, p| p.json.is_some());
        }
    }

    /// Every live awareness state, encoded; `None` when there is none.
    fn awareness_states(&self) -> Option<Vec<u8>> {
        let live: Vec<AwarenessEntry> = self
            .awareness
            .iter()
            .filter_map(|(&client, p)| p.json.as_ref().map(|j| AwarenessEntry { client, clock: p.clock, json: Arc::clone(j) }))
            .collect();
        (!live.is_empty()).then(|| protocol::encode_awareness(&live))
    }
}
