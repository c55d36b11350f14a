//! The relay (`caucus serve`): rooms of many workshops over WebSocket (tokio), plain on loopback or TLS anywhere, loaded on first use and unloaded when idle, y-websocket conventions.
//!
//! With [`RelayOptions::tls`] every connection is TLS (rustls, see [`super::tls`]) before the
//! WebSocket upgrade; without it the relay listens on loopback addresses only.
//!
//! One task per connection (socket I/O) and one actor task per room owning its sans-IO
//! [`Room`]. A frame of one small update (a keystroke) is applied on the room's task and its save
//! awaited there without holding a thread; other frames that touch the store (sync steps, a large
//! backlog, loading a workshop) run on `spawn_blocking` (at most [`STORE_LANES`] at once) with the
//! room moved in and out:
//! no lock, transaction or SQLite connection is ever held across an `.await`. A bad frame closes
//! only its connection, with a close code and reason; a failed save closes the whole room, which
//! reloads from disk on the next join.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::{Bytes, Message};

use crate::coded::Coded;
use crate::model::DocName;
use crate::workshop::{Caucus, Workshop};

use crate::policy::claims::Claimant;
use super::protocol::{self, Message as SyncMessage};
use super::room::{ConnId, Outgoing, Room};
use crate::policy::access::Permissions;
use super::tls::ServerTls;
use super::limits::{IpSlot, LimitError, PerIp, PreAuth, UpdateBucket};
use super::metrics::{self, RelayMetrics};
use super::ws::{send_within, BoxedIo};
use super::{close, token, ws, SyncError};

/// Frames queued for one connection before it counts as too slow and is dropped.
const OUT_QUEUE: usize = 1024;
/// Frames from connections queued for a room (senders wait beyond it: TCP backpressure).
const IN_QUEUE: usize = 64;
/// Blocking store work (loading workshops, sync steps, large frames) running at once. tokio starts
/// a blocking thread whenever none is idle: 100 rooms joining at once made ~150 threads, a stack,
/// TLS and malloc arena each (~20 KiB per room, benches/sync). Keystroke-sized updates do not take
/// a lane ([`INLINE_UPDATE`]): their commits group in the store's writer across all rooms.
const STORE_LANES: usize = 4;
/// Read buffer of an authenticated connection. tungstenite zero-fills and keeps it for the
/// connection's life; y-protocols frames are mostly small (keystrokes, awareness). A larger frame
/// is not refused: tungstenite reserves its whole length once its header is read, and reads it in
/// pieces of this size (1 KiB instead of 4: 3 KiB less per connection, benches/sync).
const READ_BUFFER: usize = 1024;
/// An update frame up to this size is applied on the room's task (yrs takes microseconds for a
/// keystroke) and its save awaited there, without a blocking thread; larger ones (a peer's
/// backlog) are applied on a blocking thread.
const INLINE_UPDATE: usize = 16 * 1024;
/// How long [`Relay::stop`] waits for its tasks to let go of the workshops.
const STOP_GRACE: Duration = Duration::from_secs(30);

/// [`RelayOptions::small_draft`]'s default: building the shadow of a draft this size takes about
/// half a millisecond (0.03 ms at 2 KB, 2 ms at 256 KB; BENCHMARKS.md, "Rooms that keep less").
pub const SMALL_DRAFT: usize = 64 * 1024;

#[derive(Debug, Clone)]
pub struct RelayOptions {
    /// Accept rooms of workshops this device does not have, recording empty ones (for plain
    /// y-websocket clients); otherwise they are refused with close code 4404.
    pub create_rooms: bool,
    /// Admit connections without a token (full access, for plain y-websocket clients that
    /// carry none). Otherwise every connection must present a valid invitation token
    /// (`?token=…`), verified before any document byte is sent, and gets its role's permissions.
    /// A token that is presented is verified in either case.
    pub open: bool,
    /// A room with no connection is unloaded after this.
    pub idle_unload: Duration,
    /// A draft room from which no frame arrived for this long lets go of the draft's shadow (the
    /// second copy of the draft that untrusted updates are checked on, as large as the draft);
    /// the next check rebuilds it. Most rooms of a relay are open and quiet.
    pub shadow_idle: Duration,
    /// A draft whose shadow was built from fewer encoded bytes than this is small: its room lets
    /// go of the shadow after [`RelayOptions::small_shadow_idle`] already, since rebuilding it
    /// costs little (a pause in typing rebuilds it once, never a keystroke).
    pub small_draft: usize,
    /// How long a small draft's room keeps the shadow after the room's last frame.
    pub small_shadow_idle: Duration,
    /// Ping interval (at most half of [`RelayOptions::idle_timeout`]).
    pub ping_every: Duration,
    /// Serve `wss://` with this certificate; required to listen on a non-loopback address.
    pub tls: Option<ServerTls>,
    /// Largest message accepted from an authenticated connection, joined from its frames
    /// ([`protocol::MAX_MESSAGE`] unless lowered): the relay holds one such message per
    /// connection while it checks and saves it.
    pub max_message: usize,
    // --- limits against abuse (issue #13 §1), see [`super::limits`] ---
    /// Connections open at once from one IP address (handshaking ones included); the next is
    /// closed at once, unread.
    pub max_connections_per_ip: usize,
    /// The TLS and WebSocket handshakes must finish within this: a client that opens TCP and
    /// sends nothing is dropped after it.
    pub handshake_timeout: Duration,
    /// An authenticated connection from which nothing arrives (no frame, no pong to the relay's
    /// pings) for this long is closed (1001).
    pub idle_timeout: Duration,
    /// Bytes a connection may send before its token is verified (its TLS handshake aside: the
    /// HTTP upgrade request, whose URL carries the token), and the frame cap meanwhile (no frame
    /// is read before the token is verified).
    pub max_pre_auth_frame: usize,
    /// Data messages (updates, sync steps, awareness) read per second from one connection (0:
    /// no limit), with up to [`RelayOptions::update_burst`] at once; beyond it the relay reads
    /// that connection more slowly ([`super::limits::UpdateBucket`]).
    pub max_updates_per_second: u32,
    pub update_burst: u32,
    // --- end limits ---
}

impl Default for RelayOptions {
    fn default() -> Self {
        RelayOptions {
            create_rooms: false,
            open: false,
            idle_unload: Duration::from_secs(60),
            shadow_idle: Duration::from_secs(30),
            small_draft: SMALL_DRAFT,
            small_shadow_idle: Duration::from_secs(1),
            ping_every: Duration::from_secs(30),
            tls: None,
            max_message: protocol::MAX_MESSAGE,
            // A venue's Wi-Fi puts every delegate behind one address, each device with 3 rooms.
            max_connections_per_ip: 512,
            handshake_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(90),
            max_pre_auth_frame: ws::PRE_AUTH_FRAME,
            max_updates_per_second: 60,
            update_burst: 300,
        }
    }
}

/// A running relay. Dropping it does not stop it; call [`Relay::stop`].
pub struct Relay {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

struct Shared {
    caucus: Caucus,
    options: RelayOptions,
    rooms: Mutex<HashMap<(String, DocName), RoomHandle>>,
    next_generation: std::sync::atomic::AtomicU64,
    stopping: watch::Receiver<bool>,
    /// Permits for store work on blocking threads ([`STORE_LANES`]).
    lanes: tokio::sync::Semaphore,
    metrics: RelayMetrics,
    per_ip: Arc<PerIp>,
}

impl Shared {
    /// Runs blocking store work on tokio's blocking pool, at most [`STORE_LANES`] at once.
    async fn blocking<R: Send + 'static>(&self, f: impl FnOnce() -> R + Send + 'static) -> Result<R, tokio::task::JoinError> {
        // The semaphore is never closed.
        let _permit = self.lanes.acquire().await;
        tokio::task::spawn_blocking(f).await
    }
}

#[derive(Clone)]
struct RoomHandle {
    generation: u64,
    /// The room's workshop: a room whose workshop a failed save poisoned is replaced by a fresh
    /// one (loaded from disk) at the next join, and retired.
    workshop: Workshop,
    /// Joins and the room's other events (unbounded: sent under the registry's lock, and by
    /// the workshop's listeners on the committing thread).
    ctl: mpsc::UnboundedSender<Ctl>,
    /// A connection's frames and then its leaving, in order on one channel, so that nothing it
    /// sent before closing is skipped.
    inbound: mpsc::Sender<(ConnId, Inbound)>,
}

/// What a room's actor is told besides its connections' frames: one channel for all of it, since
/// tokio allocates a channel's slots up front (32 per block) for every room. Each variant is at
/// most a pointer.
enum Ctl {
    Join(Box<Join>),
    /// A fresh room replaced this one (its workshop was poisoned by a failed save): close every
    /// connection (they reconnect to the fresh room) and stop.
    Retire,
    /// An update committed to the room's document by anyone but this room's connections
    /// (another link, the app's own edits): `(origin, v1 update)`.
    Committed(Box<(u64, Vec<u8>)>),
    /// The roster changed, whoever changed it: tokens are checked again.
    RosterChanged,
}

struct Join {
    permissions: Permissions,
    /// The verified token's claims (`None`: a token-less connection of an `--open` relay).
    claims: Option<token::Claims>,
    out: mpsc::Sender<Out>,
    reply: oneshot::Sender<Result<ConnId, SyncError>>,
}

/// Boxed frame: the room's queue allocates its slots up front (a `Bytes` is four words).
enum Inbound {
    Frame(Box<Bytes>),
    Leave,
}

/// What a room sends a connection task (each variant a pointer: a connection's queue allocates
/// its slots up front).
enum Out {
    Frame(Arc<[u8]>),
    Close(Box<(u16, String)>),
}

impl Relay {
    /// Listens on `addr` and serves the rooms of `caucus`'s workshops: over TLS when
    /// [`RelayOptions::tls`] is set, else on a loopback address only (plain ws:// must not leave
    /// the machine). Must be called within a tokio runtime.
    pub async fn bind(caucus: Caucus, addr: SocketAddr, options: RelayOptions) -> Result<Relay, SyncError> {
        if !addr.ip().is_loopback() && options.tls.is_none() {
            return Err(SyncError::NotLoopback(addr.ip().to_string()));
        }
        let listener = TcpListener::bind(addr).await.map_err(|e| SyncError::Transport(format!("cannot listen on {addr}: {e}")))?;
        let addr = listener.local_addr().map_err(|e| SyncError::Transport(e.to_string()))?;
        let (stop, stopping) = watch::channel(false);
        let metrics = RelayMetrics::new(&caucus);
        let shared = Arc::new(Shared {
            caucus,
            options,
            rooms: Mutex::new(HashMap::new()),
            next_generation: std::sync::atomic::AtomicU64::new(1),
            stopping,
            lanes: tokio::sync::Semaphore::new(STORE_LANES),
            metrics,
            per_ip: Arc::new(PerIp::default()),
        });
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&shared)));
        tracing::info!(%addr, tls = shared.options.tls.is_some(), "relay listening");
        Ok(Relay { addr, shared, stop, task })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `ws://ADDR` (or `wss://ADDR` with TLS), the base URL clients connect to.
    pub fn url(&self) -> String {
        let scheme = if self.shared.options.tls.is_some() { "wss" } else { "ws" };
        format!("{scheme}://{}", self.addr)
    }

    /// The SHA-256 fingerprint of the relay's TLS certificate, if it serves TLS.
    pub fn fingerprint(&self) -> Option<&str> {
        self.shared.options.tls.as_ref().map(|t| t.fingerprint.as_str())
    }

    /// The relay's metrics (served by `--admin`, [`super::admin`]).
    pub fn metrics(&self) -> RelayMetrics {
        self.shared.metrics.clone()
    }

    /// The device (store) the relay serves.
    pub fn caucus(&self) -> &Caucus {
        &self.shared.caucus
    }

    /// Rooms currently loaded.
    pub fn rooms(&self) -> usize {
        self.shared.rooms.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Serves until the process ends or [`Relay::stop`] is called elsewhere.
    pub async fn run(self) {
        let _ = self.task.await;
    }

    /// Stops accepting, closes every connection (1001), lets every room finish what it was
    /// saving, and returns once no task of the relay holds its workshops any more: the data
    /// directory is then free for another owner (a restarted relay, the app). Bounded: a task
    /// still running after [`STOP_GRACE`] is left to finish on its own.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
        let deadline = Instant::now() + STOP_GRACE;
        while Arc::strong_count(&self.shared) > 1 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        if Arc::strong_count(&self.shared) > 1 {
            tracing::warn!("relay tasks still running after the stop grace period");
        }
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut stopping = shared.stopping.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    // Counted from the first byte: handshaking connections hold a slot too.
                    let slot = match shared.per_ip.admit(peer.ip(), shared.options.max_connections_per_ip) {
                        Ok(slot) => slot,
                        Err(e) => {
                            // Closed at once, unread: a flood from one address costs no task (and,
                            // logged at debug, no log line: the refusals are counted in the metrics).
                            tracing::debug!(%peer, code = e.code(), "connection refused");
                            shared.metrics.refused(e.code());
                            drop(stream);
                            continue;
                        }
                    };
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(connection(Arc::clone(&shared), stream, peer, slot));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            _ = stopping.changed() => break,
        }
    }
    tracing::info!("relay stopped accepting");
}

async fn connection(shared: Arc<Shared>, stream: TcpStream, peer: SocketAddr, _slot: IpSlot) {
    let mut path = String::new();
    let mut presented: Option<String> = None;
    // tungstenite's callback signature: its error type is large, and rare (we never fail here).
    #[allow(clippy::result_large_err)]
    let max_message = shared.options.max_message;
    let callback = |req: &Request, mut resp: Response| {
        path = req.uri().path().to_string();
        presented = token::from_query(req.uri().query());
        resp.headers_mut().insert(ws::MAX_MESSAGE_HEADER, max_message.into());
        Ok(resp)
    };
    // TLS first (when served), then the WebSocket upgrade, both within the handshake timeout.
    // Small frames only until the token is verified; the socket is re-framed with the large cap after.
    let tls = shared.options.tls.as_ref().map(|t| tokio_rustls::TlsAcceptor::from(Arc::clone(&t.config)));
    let cap = Some(shared.options.max_pre_auth_frame);
    let config = ws::pre_auth_config().max_message_size(cap).max_frame_size(cap);
    // What the client sends before its token is verified (its upgrade request) is capped too.
    let max_pre_auth = shared.options.max_pre_auth_frame;
    let tripped = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let pre_auth_tripped = Arc::clone(&tripped);
    let handshake = async move {
        let io: BoxedIo = match tls {
            Some(acceptor) => match acceptor.accept(stream).await {
                Ok(s) => Box::new(s),
                Err(e) => return Err(format!("TLS handshake failed: {e}")),
            },
            None => Box::new(stream),
        };
        let io = PreAuth::new(io, max_pre_auth, pre_auth_tripped);
        tokio_tungstenite::accept_hdr_async_with_config(io, callback, Some(config)).await.map_err(|e| e.to_string())
    };
    let handshake_timeout = shared.options.handshake_timeout.min(Duration::from_secs(86_400));
    // Boxed, as is the join below: a connection's task keeps room for its largest state for its
    // whole life, and these two are only for its first milliseconds.
    let mut socket = match tokio::time::timeout(handshake_timeout, Box::pin(handshake)).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            if tripped.load(std::sync::atomic::Ordering::Relaxed) {
                let e = LimitError::PreAuthTooLarge(max_pre_auth);
                tracing::debug!(%peer, code = e.code(), "connection dropped");
                shared.metrics.refused(e.code());
            } else {
                tracing::debug!(%peer, error = %e, "websocket handshake failed");
            }
            return;
        }
        Err(_) => {
            let e = LimitError::HandshakeTimeout(handshake_timeout.as_secs());
            tracing::debug!(%peer, code = e.code(), "connection dropped");
            shared.metrics.refused(e.code());
            return;
        }
    };
    let joined = match ws::parse_room_path(&path) {
        Ok((id, doc)) => Box::pin(join(&shared, id, doc, presented.take())).await,
        Err(e) => Err(e),
    };
    let (key, handle, conn, mut out_rx, member, role) = match joined {
        Ok(j) => j,
        Err(e) => {
            tracing::info!(%peer, code = e.code(), close = e.close_code(), "connection refused");
            shared.metrics.refused(e.code());
            let _ = socket.send(ws::close_for(&e)).await;
            return;
        }
    };
    // Authenticated: the large frame cap from now on. Nothing was read since the handshake (a
    // client sends its first frame only after the upgrade's response), so nothing is lost. Not
    // split into a sink and a stream: the loop below reads and writes in turn, and a split socket
    // takes a lock around each.
    // Bytes arriving count as the client being heard, so a large message sent slowly is not idle.
    let (io, arrivals) = ws::Heard::new(socket.into_inner().into_inner());
    let mut socket = tokio_tungstenite::WebSocketStream::from_raw_socket(
        Box::new(io) as BoxedIo,
        tokio_tungstenite::tungstenite::protocol::Role::Server,
        Some(ws::config_with_max_message(shared.options.max_message).read_buffer_size(READ_BUFFER)),
    )
    .await;
    tracing::info!(%peer, workshop = %key.0, doc = %key.1, conn, member = member.as_deref().unwrap_or("(anonymous)"), "connection joined");
    let _counted = shared.metrics.connection(role);
    let mut stopping = shared.stopping.clone();
    // Bounded, so that `last_heard + idle_timeout` cannot overflow whatever the options say.
    let idle_timeout = shared.options.idle_timeout.clamp(Duration::from_millis(20), Duration::from_secs(30 * 86_400));
    // Pings often enough that a live client's pongs keep it within the idle timeout.
    let ping_every = shared.options.ping_every.min(idle_timeout / 2).max(Duration::from_millis(10));
    // A client that takes nothing of what the relay sends for as long is gone as well.
    let stall = idle_timeout;
    let mut ping = tokio::time::interval_at(Instant::now() + ping_every, ping_every);
    let mut last_heard = Instant::now();
    let mut bucket = UpdateBucket::new(shared.options.max_updates_per_second, shared.options.update_burst);
    let reason: &str = loop {
        // Beyond its bucket the connection is not read until a token is due (backpressure).
        let now = Instant::now();
        let readable_at = bucket.as_mut().map_or(now, |b| b.ready_at(now));
        tokio::select! {
            incoming = socket.next(), if readable_at <= now => {
                last_heard = Instant::now();
                match incoming {
                    Some(Ok(Message::Binary(frame))) => {
                        if let Some(b) = bucket.as_mut() {
                            b.take(last_heard);
                        }
                        shared.metrics.frame_in(frame.len());
                        if handle.inbound.send((conn, Inbound::Frame(Box::new(frame)))).await.is_err() {
                            // The room has ended. One that ended for a reason (a failed save, a
                            // full disk) queued a close saying so before it let go of its inbox:
                            // that close, not this frame's, is the answer.
                            let queued = std::iter::from_fn(|| out_rx.try_recv().ok()).find_map(|out| match out {
                                Out::Close(close) => Some(*close),
                                Out::Frame(_) => None,
                            });
                            let (code, why) = match queued {
                                Some(close) => close,
                                None if *stopping.borrow() => (close::GOING_AWAY, "relay stopping".to_string()),
                                None => (close::TRY_AGAIN, "room closed".to_string()),
                            };
                            let _ = send_within(&mut socket, stall, ws::close_message(code, &why)).await;
                            break "room closed";
                        }
                    }
                    Some(Ok(Message::Text(_))) => {
                        let e = SyncError::Malformed("text frames are not part of the protocol".into());
                        let _ = send_within(&mut socket, stall, ws::close_message(close::UNSUPPORTED, &e.close_reason())).await;
                        break "text frame";
                    }
                    Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
                    Some(Ok(Message::Close(_))) => {
                        // tungstenite queued the close's answer (RFC 6455 §5.5.1): it goes out
                        // before the socket is dropped, so the client sees a clean close.
                        let _ = tokio::time::timeout(stall, socket.flush()).await;
                        break "closed by peer";
                    }
                    None => break "closed by peer",
                    Some(Err(tokio_tungstenite::tungstenite::Error::Capacity(e))) => {
                        use tokio_tungstenite::tungstenite::error::CapacityError;
                        let err = match e {
                            CapacityError::MessageTooLong { size, max_size } => SyncError::FrameTooLarge { len: size, max: max_size },
                            CapacityError::TooManyHeaders => SyncError::FrameTooLarge { len: 0, max: shared.options.max_message },
                        };
                        shared.metrics.refused(err.code());
                        tracing::info!(%peer, conn, error = %e, "frame too large");
                        let _ = send_within(&mut socket, stall, ws::close_message(close::TOO_BIG, &err.close_reason())).await;
                        break "frame too large";
                    }
                    Some(Err(e)) => {
                        tracing::debug!(%peer, conn, error = %e, "websocket error");
                        break "websocket error";
                    }
                }
            }
            out = out_rx.recv() => match out {
                Some(Out::Frame(frame)) => {
                    shared.metrics.frame_out(frame.len());
                    let began = Instant::now();
                    if let Err(e) = ws::send_binary_whole(&mut socket, Bytes::from_owner(frame), stall).await {
                        break send_failed(&shared, &e, idle_timeout);
                    }
                    // Nothing is read while sending: the client's silence does not count the time
                    // a large message took to reach it (its pings wait, unread, meanwhile).
                    last_heard += began.elapsed();
                }
                Some(Out::Close(close)) => {
                    let (code, reason) = *close;
                    let _ = send_within(&mut socket, stall, ws::close_message(code, &reason)).await;
                    break "closed by room";
                }
                // The room stopped because the relay is stopping (it may see the stop first).
                None if *stopping.borrow() => {
                    let _ = send_within(&mut socket, stall, ws::close_message(close::GOING_AWAY, "relay stopping")).await;
                    break "relay stopping";
                }
                None => {
                    let _ = send_within(&mut socket, stall, ws::close_message(close::TRY_AGAIN, "dropped by the room (too slow?)")).await;
                    break "dropped by room";
                }
            },
            () = tokio::time::sleep_until(readable_at), if readable_at > now => {}
            () = tokio::time::sleep_until(last_heard + idle_timeout) => {
                // Part of a message arrived meanwhile: the client is sending, however slowly.
                if arrivals.last() > last_heard {
                    last_heard = arrivals.last();
                    continue;
                }
                let e = LimitError::Idle(idle_timeout.as_secs());
                shared.metrics.refused(e.code());
                let _ = send_within(&mut socket, stall, ws::close_message(close::GOING_AWAY, &format!("{}: {e}", e.code()))).await;
                break "silent";
            }
            _ = ping.tick() => {
                if let Err(e) = send_within(&mut socket, stall, Message::Ping(Bytes::new())).await {
                    break send_failed(&shared, &e, idle_timeout);
                }
            }
            _ = stopping.changed() => {
                let _ = send_within(&mut socket, stall, ws::close_message(close::GOING_AWAY, "relay stopping")).await;
                break "relay stopping";
            }
        }
    };
    let _ = handle.inbound.send((conn, Inbound::Leave)).await;
    tracing::info!(%peer, workshop = %key.0, doc = %key.1, conn, reason, "connection closed");
}

/// Why a connection ends after a send failed: a client that took nothing of it for the idle
/// timeout is counted as idle (`relay.idle_timeout`); any other failure is the socket's.
fn send_failed(shared: &Shared, error: &tokio_tungstenite::tungstenite::Error, idle_timeout: Duration) -> &'static str {
    match error {
        tokio_tungstenite::tungstenite::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            shared.metrics.refused(LimitError::Idle(idle_timeout.as_secs()).code());
            "stopped reading"
        }
        _ => "send failed",
    }
}

/// The room, its handle, the connection, its outbox, the authenticated member (if any) and
/// the connection's role (its metrics label: a roster role, or `open`).
type Joined = ((String, DocName), RoomHandle, ConnId, mpsc::Receiver<Out>, Option<String>, &'static str);

/// Authenticates the connection's token (see [`RelayOptions::open`]), loads the workshop if
/// needed (on a blocking thread), checks the token against its roster, finds or starts its room
/// and joins it with the role's permissions. Nothing is sent to the connection before this returns.
async fn join(shared: &Arc<Shared>, id: String, doc: DocName, presented: Option<String>) -> Result<Joined, SyncError> {
    let now = shared.caucus.host().clock.now().timestamp();
    // What needs no roster first: a forged or foreign token adopts no workshop.
    let claims = match presented {
        Some(text) => {
            let claims = token::decode(&text, now).map_err(SyncError::Auth)?;
            if claims.workshop != id {
                return Err(SyncError::Auth(token::AuthError::WrongWorkshop { token: claims.workshop, expected: id }));
            }
            Some(claims)
        }
        None if shared.options.open => None,
        None => return Err(SyncError::Auth(token::AuthError::Missing)),
    };
    let workshop = match shared.caucus.loaded(&id) {
        // Open already (a room of it is loaded): no store work, no blocking thread.
        Some(workshop) => {
            if let Some(claims) = &claims {
                token::check_roster(claims, &workshop).map_err(SyncError::Auth)?;
            }
            workshop
        }
        None => load_workshop(shared, &id, doc, claims.clone()).await?,
    };
    let permissions = claims.as_ref().map_or(Permissions::FULL, |c| Permissions::for_role(c.role));
    let member = claims.as_ref().map(|c| c.member.clone());
    let role = claims.as_ref().map_or(metrics::OPEN_ROLE, |c| c.role.as_str());
    let key = (id, doc);
    let (out_tx, out_rx) = mpsc::channel(OUT_QUEUE);
    let (reply_tx, reply_rx) = oneshot::channel();
    let handle = {
        let mut rooms = shared.rooms.lock().unwrap_or_else(|p| p.into_inner());
        let handle = match rooms.get(&key) {
            Some(h) if !h.ctl.is_closed() && !h.workshop.is_poisoned() => h.clone(),
            stale => {
                if let Some(old) = stale {
                    let _ = old.ctl.send(Ctl::Retire);
                }
                let h = start_room(shared, key.clone(), workshop);
                rooms.insert(key.clone(), h.clone());
                h
            }
        };
        // Sent under the registry's lock: a room only unloads when its queue is empty under it.
        handle
            .ctl
            .send(Ctl::Join(Box::new(Join { permissions, claims, out: out_tx, reply: reply_tx })))
            .map_err(|_| SyncError::Transport("the room stopped".into()))?;
        handle
    };
    let conn = reply_rx.await.map_err(|_| SyncError::Transport("the room stopped".into()))??;
    Ok((key, handle, conn, out_rx, member, role))
}

/// Opens (or, with [`RelayOptions::create_rooms`], adopts) a workshop from the store on a
/// blocking thread and checks the token's claims against its roster.
async fn load_workshop(shared: &Arc<Shared>, id: &str, doc: DocName, claims: Option<token::Claims>) -> Result<Workshop, SyncError> {
    let caucus = shared.caucus.clone();
    let create = shared.options.create_rooms;
    let wanted = id.to_string();
    let room = format!("{id}/{doc}");
    shared
        .blocking(move || {
            let opened = if create { caucus.open_or_adopt(&wanted) } else { caucus.open_exact(&wanted) };
            let workshop = opened.map_err(|e| match e {
                crate::Error::NoSuchWorkshop(_) => SyncError::NoSuchRoom(room),
                other => SyncError::Store(Box::new(other)),
            })?;
            if let Some(claims) = &claims {
                token::check_roster(claims, &workshop).map_err(SyncError::Auth)?;
            }
            Ok::<_, SyncError>(workshop)
        })
        .await
        .map_err(|e| SyncError::Transport(format!("loading the workshop failed: {e}")))?
}

fn start_room(shared: &Arc<Shared>, key: (String, DocName), workshop: Workshop) -> RoomHandle {
    let (ctl, ctl_rx) = mpsc::unbounded_channel();
    let (inbound, inbound_rx) = mpsc::channel(IN_QUEUE);
    let generation = shared.next_generation.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    tracing::info!(workshop = %key.0, doc = %key.1, "room loaded");
    tokio::spawn(room_actor(Arc::clone(shared), key.clone(), generation, workshop.clone(), (ctl.clone(), ctl_rx), inbound_rx));
    RoomHandle { generation, workshop, ctl, inbound }
}

struct Actor {
    room: Option<Room>,
    /// Where each connection's frames go. A connection stays in the room until its `Leave`
    /// (which follows its last frame on `inbound`), even after its sender is dropped here.
    outs: HashMap<ConnId, mpsc::Sender<Out>>,
    /// The verified token of each authenticated connection, checked again against the roster
    /// whenever the roster changes.
    tokens: HashMap<ConnId, token::Claims>,
    /// The save that failed, once one did: the room closes with it.
    fatal: Option<SyncError>,
    metrics: RelayMetrics,
}

impl Actor {
    fn dispatch(&mut self, outgoing: Vec<Outgoing>) {
        let Some(room) = &self.room else { return };
        let mut dropped = Vec::new();
        for o in outgoing {
            for conn in room.targets(o.to) {
                if let Some(tx) = self.outs.get(&conn) {
                    match tx.try_send(Out::Frame(Arc::clone(&o.frame))) {
                        Ok(()) => {}
                        Err(mpsc::error::TrySendError::Full(_)) => {
                            tracing::info!(conn, "connection too slow, dropping it");
                            dropped.push(conn);
                        }
                        // Its task ended; its `Leave` is on the way, after its last frames.
                        Err(mpsc::error::TrySendError::Closed(_)) => dropped.push(conn),
                    }
                }
            }
        }
        // Dropping a sender ends the connection task, which then sends its `Leave`: frames it
        // sent before are still handled.
        for conn in dropped {
            self.outs.remove(&conn);
        }
    }

    /// After a roster change: closes every connection whose token the roster no longer admits
    /// (its member removed or revoked, or given another role), with the refusal's close code.
    fn recheck_tokens(&mut self, key: &(String, DocName)) {
        let Some(workshop) = self.room.as_ref().map(|r| r.workshop().clone()) else { return };
        let refused: Vec<(ConnId, SyncError)> = self
            .tokens
            .iter()
            .filter_map(|(&conn, claims)| token::check_roster(claims, &workshop).err().map(|e| (conn, SyncError::Auth(e))))
            .collect();
        for (conn, e) in refused {
            tracing::info!(workshop = %key.0, doc = %key.1, conn, code = e.code(), close = e.close_code(), "token no longer admitted by the roster, closing its connection");
            self.close(conn, &e);
        }
    }

    /// Sends what handling a frame of `conn` produced, or closes that connection for its error.
    /// Returns false when the room cannot go on (a failed save).
    fn handle_result(&mut self, key: &(String, DocName), conn: ConnId, result: Result<Vec<Outgoing>, SyncError>) -> bool {
        match result {
            Ok(out) => self.dispatch(out),
            Err(e) if e.is_fatal_for_room() => {
                tracing::error!(workshop = %key.0, doc = %key.1, code = e.code(), error = %e, "saving failed; closing the room");
                self.fatal = Some(e);
                return false;
            }
            Err(e) => {
                tracing::info!(workshop = %key.0, doc = %key.1, conn, code = e.code(), close = e.close_code(), "frame refused, closing its connection");
                self.close(conn, &e);
            }
        }
        true
    }

    /// Closes one connection for an error of its own and tells the others it left.
    fn close(&mut self, conn: ConnId, error: &SyncError) {
        self.metrics.refused(error.code());
        self.tokens.remove(&conn);
        if let Some(tx) = self.outs.remove(&conn) {
            let _ = tx.try_send(Out::Close(Box::new((error.close_code(), error.close_reason()))));
        }
        let removal = self.room.as_mut().map(|r| r.leave(conn)).unwrap_or_default();
        self.dispatch(removal);
    }
}

async fn room_actor(
    shared: Arc<Shared>,
    key: (String, DocName),
    generation: u64,
    workshop: Workshop,
    (ctl_tx, mut ctl_rx): (mpsc::UnboundedSender<Ctl>, mpsc::UnboundedReceiver<Ctl>),
    mut inbound: mpsc::Receiver<(ConnId, Inbound)>,
) {
    let doc = key.1;
    let room = Room::new(workshop.clone(), doc);
    // Updates committed by anyone else on this device (another link, the app's own edits); the
    // room's own were forwarded already.
    let own = room.origin_of(0) >> 32;
    let tx = ctl_tx.clone();
    let _subscription = workshop.subscribe(doc, move |origin, update| {
        if origin >> 32 != own {
            let _ = tx.send(Ctl::Committed(Box::new((origin, update.to_vec()))));
        }
    });
    // Roster changes, whoever committed them: revocations close connections at once.
    let _roster_subscription = workshop.subscribe(DocName::Roster, move |_, _| {
        let _ = ctl_tx.send(Ctl::RosterChanged);
    });
    let _counted = shared.metrics.room();
    let mut actor = Actor { room: Some(room), outs: HashMap::new(), tokens: HashMap::new(), fatal: None, metrics: shared.metrics.clone() };
    let idle_unload = shared.options.idle_unload;
    let mut idle_deadline = Some(Instant::now() + idle_unload);
    let shadow_idle = shared.options.shadow_idle.min(Duration::from_secs(86_400));
    let small_shadow_idle = shared.options.small_shadow_idle.min(shadow_idle);
    // When the draft room's last frame arrived, and when to look at its shadow next (set by
    // every frame a draft room handles): a small draft's is let go then, a large one's once
    // `shadow_idle` passed since that frame.
    let mut last_draft_frame = Instant::now();
    let mut release_shadow_at: Option<Instant> = None;
    let mut stopping = shared.stopping.clone();
    loop {
        let idle = async {
            match idle_deadline {
                Some(d) => tokio::time::sleep_until(d).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            // The relay stops: connections are closed by their own tasks; the room lets go of
            // its workshop (a save in progress finished inside the arm that started it).
            _ = stopping.changed() => return,
            Some(ctl) = ctl_rx.recv() => match ctl {
                Ctl::Retire => break,
                Ctl::RosterChanged => actor.recheck_tokens(&key),
                Ctl::Committed(committed) => {
                    let (origin, update) = *committed;
                    let out = actor.room.as_mut().map(|r| r.committed(origin, &update)).unwrap_or_default();
                    actor.dispatch(out);
                }
                Ctl::Join(join) => {
                    let Join { permissions, claims, out, reply } = *join;
                    let Some(room) = actor.room.as_mut() else { break };
                    let claimant = claims.as_ref().map_or(Claimant::Anyone, |c| Claimant::member(c.member.clone(), c.role));
                    // The roster may have changed since the token was checked (it is on our queue).
                    let still = claims.as_ref().map_or(Ok(()), |c| token::check_roster(c, room.workshop()));
                    let joined = match still {
                        Ok(()) => room.join_as(permissions, claimant),
                        Err(e) => Err(SyncError::Auth(e)),
                    };
                    match joined {
                        Ok((conn, first)) => {
                            actor.outs.insert(conn, out);
                            if let Some(c) = claims {
                                actor.tokens.insert(conn, c);
                            }
                            actor.dispatch(first);
                            let _ = reply.send(Ok(conn));
                            idle_deadline = None;
                        }
                        Err(e) => {
                            let _ = reply.send(Err(e));
                            if actor.room.as_ref().is_some_and(Room::is_empty) {
                                idle_deadline = Some(Instant::now() + idle_unload);
                            }
                        }
                    }
                }
            },
            Some((conn, inbound_msg)) = inbound.recv() => match inbound_msg {
                Inbound::Leave => {
                    actor.outs.remove(&conn);
                    actor.tokens.remove(&conn);
                    let removal = actor.room.as_mut().map(|r| r.leave(conn)).unwrap_or_default();
                    actor.dispatch(removal);
                    if actor.room.as_ref().is_some_and(Room::is_empty) {
                        idle_deadline = Some(Instant::now() + idle_unload);
                    }
                }
                Inbound::Frame(frame) => {
                    let frame = *frame;
                    if doc == DocName::Draft {
                        last_draft_frame = Instant::now();
                        release_shadow_at = Some(last_draft_frame + small_shadow_idle);
                    }
                    // A connection closed for an error of its own has left the room: skip the rest.
                    if !actor.room.as_ref().is_some_and(|r| r.contains(conn)) {
                        continue;
                    }
                    let messages = match protocol::decode_frame(&frame) {
                        Ok(m) => m,
                        Err(e) => {
                            tracing::info!(workshop = %key.0, %doc, conn, code = e.code(), bytes = frame.len(), "bad frame, closing its connection");
                            actor.close(conn, &e);
                            continue;
                        }
                    };
                    // One small update (a keystroke): applied here, its save awaited without a
                    // thread, forwarded once committed.
                    if let [message @ SyncMessage::Update(update)] = messages.as_slice() {
                        if update.len() <= INLINE_UPDATE {
                            let Some(room) = actor.room.as_mut() else { break };
                            let result = match room.queue_update(conn, message) {
                                Ok((Some(q), _)) => Box::pin(q.committed()).await.map_err(|e| SyncError::from_apply(doc, e)).map(|effective| {
                                    match (effective, actor.room.as_ref()) {
                                        (Some(u), Some(room)) => room.forward(conn, u),
                                        _ => Vec::new(),
                                    }
                                }),
                                Ok((None, reply)) => Ok(reply),
                                Err(e) => Err(e),
                            };
                            if !actor.handle_result(&key, conn, result) {
                                break;
                            }
                            continue;
                        }
                    }
                    // A newcomer's step 1 while the whole document's encoding is at hand: answered
                    // here, with a frame shared by every newcomer, no blocking thread.
                    if let Some(out) = actor.room.as_mut().and_then(|r| r.answer_newcomer(conn, &messages)) {
                        actor.dispatch(out);
                        continue;
                    }
                    let result = if protocol::needs_store(&messages) {
                        let Some(mut room) = actor.room.take() else { break };
                        // Boxed, like the save awaited above: the actor's task keeps room for its
                        // largest await for its whole life.
                        match Box::pin(shared.blocking(move || {
                            let result = room.receive_messages(conn, messages);
                            (room, result)
                        }))
                        .await
                        {
                            Ok((room, result)) => {
                                actor.room = Some(room);
                                result
                            }
                            Err(e) => {
                                tracing::error!(workshop = %key.0, %doc, error = %e, "room task failed");
                                break;
                            }
                        }
                    } else {
                        match actor.room.as_mut() {
                            Some(room) => room.receive_messages(conn, messages),
                            None => break,
                        }
                    };
                    if !actor.handle_result(&key, conn, result) {
                        break;
                    }
                }
            },
            () = async {
                match release_shadow_at {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            } => {
                release_shadow_at = None;
                if let Some(room) = &actor.room {
                    let quiet_for_long = Instant::now() >= last_draft_frame + shadow_idle;
                    match room.workshop().draft_shadow_built_from() {
                        Some(bytes) if bytes < shared.options.small_draft || quiet_for_long => {
                            tracing::debug!(workshop = %key.0, bytes, "quiet draft room: the draft's shadow is let go");
                            room.workshop().discard_draft_shadow();
                        }
                        // Large, or not built yet (a frame still being handled may build it).
                        _ if !quiet_for_long => release_shadow_at = Some(last_draft_frame + shadow_idle),
                        _ => {}
                    }
                }
            }
            _ = idle => {
                let unload = {
                    let mut rooms = shared.rooms.lock().unwrap_or_else(|p| p.into_inner());
                    let unload = actor.room.as_ref().map_or(true, Room::is_empty) && ctl_rx.is_empty();
                    if unload && rooms.get(&key).is_some_and(|h| h.generation == generation) {
                        rooms.remove(&key);
                    }
                    unload
                };
                if unload {
                    tracing::info!(workshop = %key.0, %doc, "idle room unloaded");
                    if let (DocName::Draft, Some(room)) = (doc, actor.room.take()) {
                        // `caucus list` on the relay shows the title the draft got from its peers.
                        let workshop = room.workshop().clone();
                        let _ = Box::pin(shared.blocking(move || workshop.refresh_listing())).await;
                    }
                    return;
                }
                idle_deadline = None;
            }
        }
    }
    // The room cannot go on (a failed save): close everyone; the next join reloads from disk.
    {
        let mut rooms = shared.rooms.lock().unwrap_or_else(|p| p.into_inner());
        if rooms.get(&key).is_some_and(|h| h.generation == generation) {
            rooms.remove(&key);
        }
    }
    // On a full disk, say so (4507): clients retry, and are served again (reads at once, writes
    // once there is space) by a room that reloads from what is on disk.
    let (code, reason) = match &actor.fatal {
        Some(e) if e.close_code() == close::DISK_FULL => (close::DISK_FULL, e.close_reason()),
        _ => (close::TRY_AGAIN, "the relay could not save; reconnect".to_string()),
    };
    for (_, tx) in actor.outs.drain() {
        let _ = tx.try_send(Out::Close(Box::new((code, reason.clone()))));
    }
}
