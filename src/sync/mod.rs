//! Sync: the Yjs sync protocol v1 and awareness over any transport — sans-IO sessions and rooms, plus the WebSocket relay and client.
//!
//! Layers, from bytes up (DESIGN §1, §4; issue #3):
//! - [`protocol`] decodes and encodes y-protocols frames (size-capped, no panics);
//! - [`session`] is one connection's side of a room: sync step 1/2, updates committed through the
//!   [`Workshop`](crate::Workshop) before they are forwarded or acknowledged, per-document
//!   [`Permissions`], and the acknowledgement of what it sent;
//! - [`room`] is a hub of sessions on one document: forwarding and awareness;
//! - [`relay`] (`caucus serve`) and [`client`] (`caucus sync`, the app's long-running link) are
//!   the only users of tokio and sockets;
//! - [`lan`] advertises and finds relays on the LAN by mDNS (hashed workshop ids only);
//! - [`tls`] is wss://: the relay's certificate (self-signed and kept, or given) and the
//!   client's pinned fingerprint or CA file;
//! - [`token`] signs and verifies invitation tokens (a token's role gets [`Permissions::for_role`], from the policy's table).

pub mod admin;
pub mod bridge;
pub mod client;
pub mod invitation;
pub mod limits;
pub mod metrics;
pub mod protocol;
pub mod relay;
pub mod room;
pub mod session;
pub mod lan;
pub mod presence;
pub mod tls;
pub mod token;
pub mod ws;

use thiserror::Error;

use crate::coded::Coded;
use crate::model::DocName;

pub use protocol::{MessageKind, MAX_MESSAGE};
pub use crate::policy::access::{Access, Permissions};
pub use session::Session;
pub use token::AuthError;

/// WebSocket close codes this crate sends. 4400–4499 mean "do not retry" to y-websocket 3
/// clients, so only refusals that a reconnect cannot fix use them.
pub mod close {
    pub const NORMAL: u16 = 1000;
    pub const GOING_AWAY: u16 = 1001;
    pub const UNSUPPORTED: u16 = 1003;
    pub const POLICY: u16 = 1008;
    pub const TOO_BIG: u16 = 1009;
    pub const INTERNAL: u16 = 1011;
    pub const TRY_AGAIN: u16 = 1013;
    /// The relay's disk is full: the write was not saved (nor forwarded); reconnect later, when
    /// the relay's operator has freed space. Outside 4400–4499, so y-websocket clients retry.
    pub const DISK_FULL: u16 = 4507;
    pub const BAD_REQUEST: u16 = 4400;
    /// No, unreadable, forged or expired token.
    pub const UNAUTHORIZED: u16 = 4401;
    pub const FORBIDDEN: u16 = 4403;
    pub const NOT_FOUND: u16 = 4404;
}

#[derive(Debug, Error)]
pub enum SyncError {
    /// A message over the receiver's limit ([`MAX_MESSAGE`], or a relay's `--max-message-mib`).
    #[error("a message of {} is over the limit of {}", size(*len), size(*max))]
    FrameTooLarge { len: usize, max: usize },
    /// The peer closed the connection because a message we sent was over its limit.
    #[error("the relay refused a message as too large ({reason}): nothing of it was saved there. Its operator can raise the limit (`caucus serve --max-message-mib`); then sync again")]
    TooLargeForPeer { reason: String },
    #[error("malformed frame: {0}")]
    Malformed(String),
    #[error("refused update for {doc}: {source}")]
    Refused { doc: DocName, source: Box<crate::Error> },
    #[error("this connection may not {what} document {doc}")]
    Forbidden { doc: DocName, what: &'static str },
    /// A content rule (issue #17) refuses the write: closed with 4403 and the rule's code.
    #[error("refused in {doc}: {source}")]
    Rights { doc: DocName, source: crate::policy::RightsError },
    #[error("no such room: {0}")]
    NoSuchRoom(String),
    #[error("bad room path `{0}`: expected /<workshop-id>/<draft|notes|roster>")]
    BadRoom(String),
    #[error("cannot save a synced update: {0}")]
    Store(Box<crate::Error>),
    #[error("the peer closed the connection ({code}: {reason})")]
    ClosedByPeer { code: u16, reason: String },
    #[error("connection failed: {0} (what the peer did not acknowledge is still here, unsent: sync again once it is reachable)")]
    Transport(String),
    #[error("{0} is not a loopback address: plain ws:// is for loopback only; use wss:// (TLS)")]
    NotLoopback(String),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("the relay at {host} presented a certificate with fingerprint {presented}, not the pinned {expected}: refusing to connect")]
    CertificateMismatch { host: String, presented: String, expected: String },
    #[error("wss://{0} needs the relay's certificate fingerprint (from the invitation or --cert-fingerprint) or a CA file (--ca)")]
    NoTrust(String),
    #[error("the peer sent nothing for {0} s (is it running and reachable? a slow link may need a longer --timeout); nothing sent but not acknowledged counts as saved there")]
    Timeout(u64),
    /// A join fetched a workshop the relay does not hold whole: its chair's device never synced
    /// some of it there.
    #[error("the relay holds no {missing} of workshop {workshop} yet: the chair's device has not synced it there whole. This device has joined and fetches the rest once the chair's device has synced (`caucus sync {workshop} --to <relay>` on each; the app's link does it by itself)")]
    Incomplete { workshop: String, missing: &'static str },
    #[error("not admitted: {0}")]
    Auth(AuthError),
    /// The core failed under a step of taking part (opening the workshop, the device's identity,
    /// a setting): its own error, shown and coded as it is.
    #[error(transparent)]
    Core(Box<crate::Error>),
}

impl From<crate::Error> for SyncError {
    fn from(e: crate::Error) -> Self {
        SyncError::Core(Box::new(e))
    }
}

impl From<crate::store::StoreError> for SyncError {
    fn from(e: crate::store::StoreError) -> Self {
        SyncError::Core(Box::new(e.into()))
    }
}

/// `n` bytes as people read sizes: `812 bytes`, `64.0 KiB`, `18.3 MiB`.
pub(crate) fn size(n: usize) -> String {
    match n {
        0..1024 => format!("{n} bytes"),
        1024..1048576 => format!("{:.1} KiB", n as f64 / 1024.0),
        _ => format!("{:.1} MiB", n as f64 / 1048576.0),
    }
}

impl SyncError {
    /// The WebSocket close code that ends a connection for this error.
    pub fn close_code(&self) -> u16 {
        match self {
            SyncError::FrameTooLarge { .. } => close::TOO_BIG,
            SyncError::TooLargeForPeer { .. } | SyncError::Incomplete { .. } => close::GOING_AWAY,
            SyncError::Malformed(_) | SyncError::Refused { .. } | SyncError::BadRoom(_) => close::BAD_REQUEST,
            SyncError::Forbidden { .. } | SyncError::Rights { .. } => close::FORBIDDEN,
            SyncError::NoSuchRoom(_) => close::NOT_FOUND,
            SyncError::Store(e) | SyncError::Core(e) if e.is_disk_full() => close::DISK_FULL,
            SyncError::Store(_) | SyncError::Core(_) => close::TRY_AGAIN,
            SyncError::ClosedByPeer { .. }
            | SyncError::Transport(_)
            | SyncError::Timeout(_)
            | SyncError::Tls(_)
            | SyncError::CertificateMismatch { .. }
            | SyncError::NoTrust(_) => close::GOING_AWAY,
            SyncError::NotLoopback(_) => close::POLICY,
            SyncError::Auth(e) => e.close_code(),
        }
    }

    /// A close frame's reason: the message, cut to the 123 bytes a close frame can carry.
    pub fn close_reason(&self) -> String {
        let code = self.code();
        let mut reason = format!("{code}: {self}");
        if reason.len() > 123 {
            let mut cut = 120;
            while !reason.is_char_boundary(cut) {
                cut -= 1;
            }
            reason.truncate(cut);
            reason.push('…');
        }
        reason
    }

    /// Whether the room's documents can no longer be trusted in memory (a failed save): the
    /// room closes every connection and reloads from disk on the next join.
    pub fn is_fatal_for_room(&self) -> bool {
        match self {
            SyncError::Store(_) => true,
            // A save that failed under another step (the store's answer through the façade).
            SyncError::Core(e) => matches!(**e, crate::Error::Store(_) | crate::Error::ReloadRequired(_)),
            _ => false,
        }
    }

    /// Wraps an error of [`Workshop::apply_remote`](crate::Workshop::apply_remote): the update's
    /// fault (malformed, too deep) or the store's.
    pub(crate) fn from_apply(doc: DocName, e: crate::Error) -> SyncError {
        match e {
            crate::Error::Guard(_) | crate::Error::UndecodableUpdate(_) | crate::Error::UpdateOutOfOrder { .. } => {
                SyncError::Refused { doc, source: Box::new(e) }
            }
            other => SyncError::Store(Box::new(other)),
        }
    }
}

impl crate::coded::Coded for SyncError {
    fn code(&self) -> &'static str {
        match self {
            SyncError::FrameTooLarge { .. } => "sync.frame_too_large",
            SyncError::TooLargeForPeer { .. } => "sync.too_large_for_relay",
            SyncError::Incomplete { .. } => "sync.incomplete",
            SyncError::Malformed(_) => "sync.malformed_frame",
            SyncError::Refused { source, .. } => source.code(),
            SyncError::Forbidden { .. } => "sync.forbidden",
            SyncError::Rights { source, .. } => source.code(),
            SyncError::NoSuchRoom(_) => "sync.no_such_room",
            SyncError::BadRoom(_) => "sync.bad_room",
            SyncError::Store(e) => e.code(),
            SyncError::ClosedByPeer { .. } => "sync.closed_by_peer",
            SyncError::Transport(_) => "sync.transport",
            SyncError::NotLoopback(_) => "sync.not_loopback",
            SyncError::Tls(_) => "sync.tls",
            SyncError::CertificateMismatch { .. } => "sync.cert_mismatch",
            SyncError::NoTrust(_) => "sync.no_trust",
            SyncError::Timeout(_) => "sync.timeout",
            SyncError::Auth(e) => e.code(),
            SyncError::Core(e) => e.code(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreError;

    /// A full disk closes with 4507 whether the store's answer came straight from the store or
    /// through the façade (a peer's update applied by the workshop), so a client can tell "free
    /// space on the relay" from "reconnect".
    #[test]
    fn a_full_disk_closes_with_4507_however_it_is_wrapped() {
        let full = || StoreError::DiskFull("database or disk is full".into());
        assert_eq!(SyncError::Store(Box::new(full().into())).close_code(), close::DISK_FULL);
        let through_the_facade = SyncError::from(full());
        assert_eq!(through_the_facade.close_code(), close::DISK_FULL);
        assert!(through_the_facade.close_reason().starts_with("store.disk_full"), "{}", through_the_facade.close_reason());
        assert_eq!(SyncError::from(StoreError::WriterGone).close_code(), close::TRY_AGAIN);
        assert!(through_the_facade.is_fatal_for_room() && SyncError::from(StoreError::WriterGone).is_fatal_for_room());
        assert!(!SyncError::from(crate::Error::NoSuchWorkshop("x".into())).is_fatal_for_room());
    }
}
