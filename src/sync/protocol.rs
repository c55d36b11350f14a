//! y-protocols frames as bytes: decoding untrusted frames (size-capped, bounded counts, no panics) and encoding sync/awareness messages.
//!
//! A frame is one or more messages back to back (y-websocket sends one per frame; yrs peers may
//! pack several). Message = `varUint type` then its body:
//! - `0` sync: `varUint subtype` (0 step 1, 1 step 2, 2 update) and a `varUint8Array` payload
//!   (a state vector, or a v1 update);
//! - `1` awareness: a `varUint8Array` holding `count` × (`client`, `clock`, JSON `state`);
//! - `2` auth: `0` denied + reason, or `1` granted;
//! - `3` query awareness.
//!
//! Sync payloads are kept as bytes here: updates are screened by [`crate::update::guard`] and decoded by
//! the [`Workshop`](crate::Workshop); state vectors are checked here before yrs sees them.

use std::collections::HashMap;
use std::sync::Arc;

use yrs::sync::awareness::{AwarenessUpdate, AwarenessUpdateEntry};
use yrs::sync::{Message as YMessage, SyncMessage};
use yrs::updates::encoder::Encode;
use yrs::{ClientID, StateVector};

use super::SyncError;
use crate::update::bytes::{ReadError, Reader};

/// Largest message (a WebSocket message holding a whole y-protocols frame: one or more sync
/// messages) accepted by default: a workshop's whole state in one sync step 2 (a draft imported
/// from a 15 MB text, 20,000 paragraphs, is ~18 MB) fits many times. The same bound as a bundle
/// ([`crate::bundle::MAX_BUNDLE`]). A relay may lower it (`caucus serve --max-message-mib`) and
/// says its own in the upgrade's answer ([`crate::sync::ws::MAX_MESSAGE_HEADER`]). A device sends
/// a large message in pieces ([`crate::sync::ws::send_binary`]), the relay in one frame
/// ([`crate::sync::ws::send_binary_whole`]).
pub const MAX_MESSAGE: usize = 256 << 20;

/// Most clients a state vector may name. Real documents have hundreds; the bound keeps a small
/// frame from asking for a large allocation.
pub const MAX_STATE_VECTOR_CLIENTS: usize = 1 << 16;

/// Largest JSON state of one awareness client (a cursor and a user's name and colour need < 1 KiB).
pub const MAX_AWARENESS_STATE: usize = 64 << 10;

/// Yjs client ids have 53 bits.
const MAX_CLIENT: u64 = (1 << 53) - 1;

/// The kinds of message a permission is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageKind {
    SyncStep1,
    SyncStep2,
    Update,
    Awareness,
    QueryAwareness,
    Auth,
}

impl MessageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::SyncStep1 => "sync_step1",
            MessageKind::SyncStep2 => "sync_step2",
            MessageKind::Update => "update",
            MessageKind::Awareness => "awareness",
            MessageKind::QueryAwareness => "query_awareness",
            MessageKind::Auth => "auth",
        }
    }

    /// Whether a message of this kind may change the document.
    pub fn writes(self) -> bool {
        matches!(self, MessageKind::SyncStep2 | MessageKind::Update)
    }
}

/// One awareness client's state: `json` is `"null"` when the client left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwarenessEntry {
    pub client: u64,
    pub clock: u32,
    pub json: Arc<str>,
}

impl AwarenessEntry {
    /// Whether this entry says the client is gone (y-protocols encodes a removed state as `null`).
    pub fn is_removal(&self) -> bool {
        &*self.json == "null"
    }
}

/// A decoded message. Update payloads are still untrusted bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    SyncStep1(StateVector),
    SyncStep2(Vec<u8>),
    Update(Vec<u8>),
    Awareness(Vec<AwarenessEntry>),
    QueryAwareness,
    /// `Some(reason)` when the peer denies access.
    Auth(Option<String>),
}

impl Message {
    pub fn kind(&self) -> MessageKind {
        match self {
            Message::SyncStep1(_) => MessageKind::SyncStep1,
            Message::SyncStep2(_) => MessageKind::SyncStep2,
            Message::Update(_) => MessageKind::Update,
            Message::Awareness(_) => MessageKind::Awareness,
            Message::QueryAwareness => MessageKind::QueryAwareness,
            Message::Auth(_) => MessageKind::Auth,
        }
    }
}

/// Decodes an untrusted frame (a whole WebSocket message) into its messages. Never panics;
/// refuses frames over [`MAX_MESSAGE`], empty frames, unknown message types, truncation and
/// trailing bytes.
pub fn decode_frame(frame: &[u8]) -> Result<Vec<Message>, SyncError> {
    if frame.len() > MAX_MESSAGE {
        return Err(SyncError::FrameTooLarge { len: frame.len(), max: MAX_MESSAGE });
    }
    if frame.is_empty() {
        return Err(SyncError::Malformed("empty frame".into()));
    }
    let mut r = Reader::new(frame);
    let mut messages = Vec::new();
    while r.left() != 0 {
        messages.push(read_message(&mut r)?);
    }
    Ok(messages)
}

/// Whether handling the frame may wait on the store (sync messages) rather than only touch
/// memory (awareness): drivers run the former off their async threads.
pub fn needs_store(messages: &[Message]) -> bool {
    messages.iter().any(|m| matches!(m, Message::SyncStep1(_) | Message::SyncStep2(_) | Message::Update(_)))
}

fn read_message(r: &mut Reader<'_>) -> Result<Message, SyncError> {
    let at = r.at();
    match r.var_uint()? {
        0 => {
            let sub_at = r.at();
            let sub = r.var_uint()?;
            let payload = r.buf()?;
            match sub {
                0 => Ok(Message::SyncStep1(decode_state_vector(payload)?)),
                1 => Ok(Message::SyncStep2(payload.to_vec())),
                2 => Ok(Message::Update(payload.to_vec())),
                other => Err(SyncError::Malformed(format!("unknown sync message type {other} at byte {sub_at}"))),
            }
        }
        1 => Ok(Message::Awareness(decode_awareness(r.buf()?)?)),
        2 => match r.var_uint()? {
            0 => Ok(Message::Auth(Some(r.string()?.to_string()))),
            1 => Ok(Message::Auth(None)),
            other => Err(SyncError::Malformed(format!("unknown auth message type {other}"))),
        },
        3 => Ok(Message::QueryAwareness),
        other => Err(SyncError::Malformed(format!("unknown message type {other} at byte {at}"))),
    }
}

/// A v1 state vector: `count` × (`client`, `clock`), exactly filling the payload.
pub fn decode_state_vector(payload: &[u8]) -> Result<StateVector, SyncError> {
    let mut r = Reader::new(payload);
    // Each entry takes at least two bytes.
    let count = r.count(2)?;
    if count > MAX_STATE_VECTOR_CLIENTS as u64 {
        return Err(SyncError::Malformed(format!("state vector names {count} clients")));
    }
    let mut sv = StateVector::default();
    for _ in 0..count {
        let client = r.client()?;
        let clock = r.var_uint()?;
        let clock = u32::try_from(clock).map_err(|_| SyncError::Malformed("state vector clock out of range".into()))?;
        sv.set_max(ClientID::new(client), clock);
    }
    r.end("state vector")?;
    Ok(sv)
}

fn decode_awareness(payload: &[u8]) -> Result<Vec<AwarenessEntry>, SyncError> {
    let mut r = Reader::new(payload);
    // Each entry takes at least three bytes (client, clock, empty string).
    let count = r.count(3)?;
    let mut entries = Vec::new();
    for _ in 0..count {
        let client = r.client()?;
        let clock = u32::try_from(r.var_uint()?).map_err(|_| SyncError::Malformed("awareness clock out of range".into()))?;
        let json = r.string()?;
        if json.len() > MAX_AWARENESS_STATE {
            return Err(SyncError::Malformed(format!("awareness state of {} bytes", json.len())));
        }
        // Peers parse these with JSON.parse: relaying invalid JSON would throw in every one of them.
        serde_json::from_str::<serde::de::IgnoredAny>(json)
            .map_err(|_| SyncError::Malformed("awareness state is not JSON".into()))?;
        entries.push(AwarenessEntry { client, clock, json: Arc::from(json) });
    }
    r.end("awareness update")?;
    Ok(entries)
}

impl From<ReadError> for SyncError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Truncated { at, .. } => SyncError::Malformed(format!("truncated at byte {at}")),
            ReadError::Overflow { at } => SyncError::Malformed(format!("number too large at byte {at}")),
        }
    }
}

/// The y-protocols fields, on the one bounded reader.
trait Frame<'a> {
    fn client(&mut self) -> Result<u64, SyncError>;
    fn count(&mut self, min_size: u64) -> Result<u64, SyncError>;
    fn string(&mut self) -> Result<&'a str, SyncError>;
    fn end(&self, what: &str) -> Result<(), SyncError>;
}

impl<'a> Frame<'a> for Reader<'a> {
    fn client(&mut self) -> Result<u64, SyncError> {
        let at = self.at();
        let client = self.var_uint()?;
        if client > MAX_CLIENT {
            return Err(SyncError::Malformed(format!("client id larger than 53 bits at byte {at}")));
        }
        Ok(client)
    }

    /// A count of entries that each take at least `min_size` bytes: refuse what the rest cannot hold.
    fn count(&mut self, min_size: u64) -> Result<u64, SyncError> {
        let n = self.var_uint()?;
        if n.saturating_mul(min_size) > self.left() as u64 {
            return Err(SyncError::Malformed(format!("truncated at byte {}", self.at())));
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<&'a str, SyncError> {
        let at = self.at();
        std::str::from_utf8(self.buf()?).map_err(|_| SyncError::Malformed(format!("invalid UTF-8 at byte {at}")))
    }

    fn end(&self, what: &str) -> Result<(), SyncError> {
        if self.left() != 0 {
            return Err(SyncError::Malformed(format!("{} bytes after the {what}", self.left())));
        }
        Ok(())
    }
}

// --- encoding ----------------------------------------------------------------------------------

pub fn encode_step1(sv: &StateVector) -> Vec<u8> {
    YMessage::Sync(SyncMessage::SyncStep1(sv.clone())).encode_v1()
}

pub fn encode_step2(update: Vec<u8>) -> Vec<u8> {
    YMessage::Sync(SyncMessage::SyncStep2(update)).encode_v1()
}

/// [`encode_step2`] of a borrowed update, copied once into the frame (a large document's whole
/// encoding, framed once for every newcomer).
pub fn encode_step2_of(update: &[u8]) -> Vec<u8> {
    let mut frame = Vec::with_capacity(update.len() + 12);
    frame.extend_from_slice(&[0, 1]); // sync, step 2
    let mut len = update.len();
    while len >= 0x80 {
        frame.push((len as u8 & 0x7f) | 0x80);
        len >>= 7;
    }
    frame.push(len as u8);
    frame.extend_from_slice(update);
    frame
}

pub fn encode_update(update: Vec<u8>) -> Vec<u8> {
    YMessage::Sync(SyncMessage::Update(update)).encode_v1()
}

pub fn encode_awareness(entries: &[AwarenessEntry]) -> Vec<u8> {
    let clients: HashMap<ClientID, AwarenessUpdateEntry> = entries
        .iter()
        .map(|e| (ClientID::new(e.client & MAX_CLIENT), AwarenessUpdateEntry { clock: e.clock, json: Arc::clone(&e.json) }))
        .collect();
    YMessage::Awareness(AwarenessUpdate { clients }).encode_v1()
}

pub fn encode_query_awareness() -> Vec<u8> {
    YMessage::AwarenessQuery.encode_v1()
}

pub fn encode_auth_denied(reason: &str) -> Vec<u8> {
    YMessage::Auth(Some(reason.to_string())).encode_v1()
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::{Doc, ReadTxn, Text, Transact};

    #[test]
    fn a_borrowed_step2_is_framed_as_yrs_frames_it() {
        for len in [0, 1, 127, 128, 300, 16_383, 16_384, 400_000] {
            let update: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            assert_eq!(encode_step2_of(&update), encode_step2(update.clone()), "length {len}");
        }
    }

    fn sample_update() -> Vec<u8> {
        let doc = Doc::with_client_id(7);
        let text = doc.get_or_insert_text("t");
        text.insert(&mut doc.transact_mut(), 0, "hello");
        let update = doc.transact().encode_state_as_update_v1(&StateVector::default());
        update
    }

    #[test]
    fn frames_round_trip() {
        let mut sv = StateVector::default();
        sv.set_max(ClientID::new(7), 5);
        sv.set_max(ClientID::new((1 << 53) - 1), 1);
        let awareness = vec![AwarenessEntry { client: 3, clock: 2, json: Arc::from(r#"{"user":{"name":"Kenya"}}"#) }];
        let cases = vec![
            (encode_step1(&sv), Message::SyncStep1(sv.clone())),
            (encode_step2(sample_update()), Message::SyncStep2(sample_update())),
            (encode_update(sample_update()), Message::Update(sample_update())),
            (encode_awareness(&awareness), Message::Awareness(awareness.clone())),
            (encode_query_awareness(), Message::QueryAwareness),
            (encode_auth_denied("no"), Message::Auth(Some("no".into()))),
        ];
        for (bytes, message) in cases {
            assert_eq!(decode_frame(&bytes).expect("decodes"), vec![message]);
        }
        // Several messages in one frame (as yrs peers send them).
        let both = [encode_step1(&sv), encode_query_awareness()].concat();
        assert_eq!(decode_frame(&both).expect("decodes").len(), 2);
    }

    #[test]
    fn hostile_frames_are_refused_without_panicking() {
        assert!(matches!(decode_frame(&[]), Err(SyncError::Malformed(_))));
        assert!(matches!(decode_frame(&vec![0u8; MAX_MESSAGE + 1]), Err(SyncError::FrameTooLarge { .. })));
        assert!(matches!(decode_frame(&[9]), Err(SyncError::Malformed(_))));
        assert!(matches!(decode_frame(&[0, 7, 0]), Err(SyncError::Malformed(_))));
        // A state vector claiming a huge number of clients in a few bytes.
        assert!(matches!(decode_frame(&[0, 0, 5, 0xff, 0xff, 0xff, 0xff, 0x0f]), Err(SyncError::Malformed(_))));
        // A 10-byte varint that overflows u64.
        assert!(decode_frame(&[0xff; 11]).is_err());
        // Awareness state that is not JSON.
        let mut bad = vec![1, 5, 1, 1, 1, 2];
        bad.extend(b"{x");
        bad[1] = (bad.len() - 2) as u8;
        assert!(matches!(decode_frame(&bad), Err(SyncError::Malformed(_))));
        // Every truncation of every valid frame, and pseudo-random bytes.
        let frames = [
            encode_step1(&StateVector::default()),
            encode_update(sample_update()),
            encode_awareness(&[AwarenessEntry { client: 1, clock: 1, json: Arc::from("{}") }]),
        ];
        for frame in &frames {
            for cut in 0..frame.len() {
                assert!(decode_frame(&frame[..cut]).is_err() || cut == 0 && frame.is_empty());
            }
        }
        let mut seed = 7u64;
        for _ in 0..5000 {
            let bytes: Vec<u8> = (0..(seed % 40) as usize)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (seed >> 56) as u8
                })
                .collect();
            let _ = decode_frame(&bytes);
            seed = seed.wrapping_add(1);
        }
    }
}
