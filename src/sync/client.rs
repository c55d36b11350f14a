//! The client side over WebSocket (tokio): a one-shot two-way sync of a workshop's documents (`caucus sync`), and the app's long-running link (reconnect with backoff, status, unacknowledged changes).
//!
//! Each document is its own connection to `<relay>/<workshop-id>/<doc>`, driven by a confirming
//! [`Session`]: it sends step 1, answers the relay's step 1 with step 2 followed by its own
//! step 1, and knows the relay has everything once that step 1 is answered (the relay commits
//! what it receives before it answers). Received frames are handled on `spawn_blocking`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use serde::Serialize;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::WebSocketStream;

use crate::coded::Coded;
use crate::model::DocName;
use crate::workshop::{Origin, Workshop};

use super::presence::Presence;
use super::room::new_origin_base;
use super::session::Session;
use crate::policy::access::Permissions;
use super::tls::{ClientTls, Trust};
use super::ws::{BoxedIo, RelayUrl};
use super::{close, ws, SyncError};

type Socket = WebSocketStream<BoxedIo>;

/// Where to connect and what to trust there.
#[derive(Debug, Clone)]
struct Endpoint {
    relay: RelayUrl,
    trust: Option<Trust>,
}

impl Endpoint {
    /// `wss://` needs a trust (a pinned fingerprint or a CA file); `ws://` is loopback only.
    fn new(relay: &str, trust: Option<&Trust>) -> Result<Endpoint, SyncError> {
        let relay = ws::parse_relay_url(relay)?;
        if relay.secure && trust.is_none() {
            return Err(SyncError::NoTrust(relay.authority()));
        }
        Ok(Endpoint { relay, trust: trust.cloned() })
    }
}

/// What one document's sync exchanged.
#[derive(Debug, Clone, Serialize)]
pub struct DocReport {
    pub doc: String,
    pub frames_sent: usize,
    pub bytes_sent: usize,
    pub frames_received: usize,
    pub bytes_received: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    pub workshop: String,
    pub relay: String,
    pub docs: Vec<DocReport>,
}

#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// The sync fails with [`SyncError::Timeout`] when the relay stays silent this long (it is
    /// pinged after half of it): a large workshop may take longer in all, as long as it moves.
    pub timeout: Duration,
    /// What the relay may do with our documents (it is a peer like any other).
    pub permissions: Permissions,
    /// This device's invitation token, sent as `?token=…` (see `token::device_token`); a relay
    /// not started with `--open` refuses a connection without one.
    pub token: Option<String>,
    /// What to trust for `wss://` (required there: see [`super::tls`]).
    pub trust: Option<Trust>,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions { timeout: Duration::from_secs(60), permissions: Permissions::FULL, token: None, trust: None }
    }
}

/// Two-way sync of the workshop's documents ([`DocName::ALL`]: the draft, the notes, the roster
/// and the French and Spanish versions) with the relay at `relay` (`ws://HOST:PORT`
/// on loopback, or `wss://HOST:PORT` with [`SyncOptions::trust`]),
/// returning once both sides have everything: what the relay had is committed here, and the
/// relay acknowledged what we had.
pub async fn sync_once(workshop: &Workshop, relay: &str, options: &SyncOptions) -> Result<SyncReport, SyncError> {
    let endpoint = Endpoint::new(relay, options.trust.as_ref())?;
    let base = endpoint.relay.base.clone();
    let token = options.token.as_deref();
    let runs = DocName::ALL.map(|doc| {
        let url = ws::room_url_with_token(&base, workshop.id(), doc, token);
        sync_doc(workshop.clone(), &endpoint, url, doc, options.permissions, options.timeout)
    });
    // Every document runs to its end even when another fails (one too large for the relay must
    // not cut the roster's and the notes' syncs short); the first failure is the answer.
    let docs = futures_util::future::join_all(runs).await.into_iter().collect::<Result<Vec<_>, _>>()?;
    let w = workshop.clone();
    tokio::task::spawn_blocking(move || w.refresh_listing())
        .await
        .map_err(|e| SyncError::Transport(e.to_string()))?
        .map_err(|e| SyncError::Store(Box::new(e)))?;
    tracing::info!(workshop = %workshop.id(), relay = %base, "synced");
    Ok(SyncReport { workshop: workshop.id().to_string(), relay: base, docs })
}

/// A connection to a relay's room, and the largest message the relay takes (it says so in the
/// upgrade's answer, [`ws::MAX_MESSAGE_HEADER`]; a relay that does not is taken at the default).
struct Connected {
    socket: Socket,
    max_message: usize,
    /// When a byte from the relay last arrived: a large message arriving slowly is the relay
    /// being heard, not a silent one.
    arrivals: ws::Arrivals,
}

/// Refuses, before any of it is sent, a frame the relay would refuse as too large: it would
/// close the connection in the middle of the message, which reads here as a reset, not a reason.
fn check_size(frame: &[u8], max_message: usize) -> Result<(), SyncError> {
    if frame.len() > max_message {
        return Err(SyncError::TooLargeForPeer {
            reason: format!("{}; its limit is {}", super::size(frame.len()), super::size(max_message)),
        });
    }
    Ok(())
}

/// [`check_size`]; a frame too large for the relay closes the connection, saying why, and is
/// never sent.
async fn refuse_too_large(socket: &mut Socket, frame: &[u8], max_message: usize) -> Result<(), SyncError> {
    let checked = check_size(frame, max_message);
    if checked.is_err() {
        close_within(socket, ws::close_message(close::NORMAL, "too large for the relay")).await;
    }
    checked
}

/// How long a close frame may wait for the relay to take it before the connection is dropped
/// anyway (a relay that stopped reading must not hold a device that is leaving).
const CLOSE_WITHIN: Duration = Duration::from_secs(2);

/// Sends a close frame, given up after [`CLOSE_WITHIN`].
async fn close_within(socket: &mut Socket, close: Message) {
    let _ = ws::send_within(socket, CLOSE_WITHIN, close).await;
}

/// A failed send as a [`SyncError`]: one the relay took nothing of for `stall` is a timeout.
fn send_error(e: WsError, stall: Duration) -> SyncError {
    match e {
        WsError::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => SyncError::Timeout(stall.as_secs()),
        e => transport_error(e),
    }
}

/// Connects a TCP stream to the relay, wraps it in TLS for `wss://` (verifying the relay's
/// certificate against the endpoint's trust), then upgrades it to a WebSocket on `url`.
async fn connect(endpoint: &Endpoint, url: &str) -> Result<Connected, SyncError> {
    // The URL carries the token: errors name only the room.
    let room = url.split('?').next().unwrap_or_default();
    let authority = endpoint.relay.authority();
    let tcp = TcpStream::connect(&authority).await.map_err(|e| SyncError::Transport(format!("cannot connect to {room}: {e}")))?;
    let _ = tcp.set_nodelay(true);
    let io: BoxedIo = match (&endpoint.relay.secure, &endpoint.trust) {
        (false, _) => Box::new(tcp),
        (true, None) => return Err(SyncError::NoTrust(authority)),
        (true, Some(trust)) => {
            let tls = ClientTls::new(trust)?;
            let name = rustls::pki_types::ServerName::try_from(endpoint.relay.server_name().to_string())
                .map_err(|_| SyncError::Transport(format!("`{}` is not a valid host name", endpoint.relay.host)))?;
            let stream = tokio_rustls::TlsConnector::from(Arc::clone(&tls.config))
                .connect(name, tcp)
                .await
                .map_err(|e| tls.handshake_error(&authority, &e))?;
            Box::new(stream)
        }
    };
    let (io, arrivals) = ws::Heard::new(io);
    let (socket, response) = tokio_tungstenite::client_async_with_config(url, Box::new(io) as BoxedIo, Some(ws::config())).await.map_err(|e| {
        use tokio_tungstenite::tungstenite::Error as WsError;
        let hint = match e {
            WsError::Protocol(_) | WsError::HttpFormat(_) if !endpoint.relay.secure => " (does the relay serve wss://?)",
            _ => "",
        };
        SyncError::Transport(format!("cannot connect to {room}: {e}{hint}"))
    })?;
    let max_message = response
        .headers()
        .get(ws::MAX_MESSAGE_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(super::MAX_MESSAGE);
    Ok(Connected { socket, max_message, arrivals })
}

async fn sync_doc(
    workshop: Workshop,
    endpoint: &Endpoint,
    url: String,
    doc: DocName,
    permissions: Permissions,
    idle: Duration,
) -> Result<DocReport, SyncError> {
    let connected = tokio::time::timeout(idle, connect(endpoint, &url)).await.map_err(|_| SyncError::Timeout(idle.as_secs()))??;
    let Connected { mut socket, max_message, arrivals } = connected;
    let mut report =
        DocReport { doc: doc.to_string(), frames_sent: 0, bytes_sent: 0, frames_received: 0, bytes_received: 0 };
    let mut session = Session::new(workshop, doc, permissions, new_origin_base()).confirming();
    let first = session.start();
    send(&mut socket, first, &mut report, idle).await?;
    while !session.is_complete() {
        let frame = match next_message(&mut socket, idle, &arrivals).await? {
            Some(Ok(Message::Binary(frame))) => frame,
            Some(Ok(Message::Close(frame))) => return Err(closed_by_peer(frame)),
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err(transport_error(e)),
            None => return Err(SyncError::Transport("the relay closed the connection".into())),
        };
        report.frames_received += 1;
        report.bytes_received += frame.len();
        let (back, result) = receive_blocking(session, frame).await?;
        session = back;
        match result {
            Ok(out) => {
                for reply in out.reply {
                    refuse_too_large(&mut socket, &reply, max_message).await?;
                    send(&mut socket, reply, &mut report, idle).await?;
                }
            }
            Err(e) => {
                close_within(&mut socket, ws::close_for(&e)).await;
                return Err(e);
            }
        }
    }
    close_within(&mut socket, ws::close_message(close::NORMAL, "synced")).await;
    let _ = tokio::time::timeout(Duration::from_secs(1), drain(&mut socket)).await;
    Ok(report)
}

async fn drain(socket: &mut Socket) {
    while let Some(Ok(_)) = socket.next().await {}
}

/// Sends one frame (in pieces when large: [`ws::send_binary`]); fails with
/// [`SyncError::Timeout`] when the relay takes none of a piece for `idle`.
async fn send(socket: &mut Socket, frame: Vec<u8>, report: &mut DocReport, idle: Duration) -> Result<(), SyncError> {
    report.frames_sent += 1;
    report.bytes_sent += frame.len();
    ws::send_binary(socket, frame.into(), idle).await.map_err(|e| send_error(e, idle))
}

/// The relay's next message, or [`SyncError::Timeout`] once it has been silent for `idle`.
/// Silence counts from the last byte that arrived, not the last whole message: a large message
/// coming in slowly is the relay being heard. The relay is pinged every half of `idle` while no
/// message is complete: one busy checking and saving a large message still answers (its
/// connection's task does), one that is gone or cut off does not, and one sending a large message
/// hears this device (its own pings wait behind the message).
async fn next_message(socket: &mut Socket, idle: Duration, arrivals: &ws::Arrivals) -> Result<Option<Result<Message, WsError>>, SyncError> {
    let half = idle / 2;
    let asked = Instant::now();
    let mut ping_at = asked + half;
    loop {
        let give_up_at = arrivals.last().max(asked) + idle;
        if let Ok(m) = tokio::time::timeout_at(ping_at.min(give_up_at), socket.next()).await {
            return Ok(m);
        }
        let now = Instant::now();
        if arrivals.last().max(asked) + idle <= now {
            return Err(SyncError::Timeout(idle.as_secs()));
        }
        if now >= ping_at {
            ping_at = now + half;
            ws::send_within(socket, idle, Message::Ping(Default::default())).await.map_err(|e| send_error(e, idle))?;
        }
    }
}

/// A WebSocket failure as a [`SyncError`]: a message over our limit says which limit.
fn transport_error(e: WsError) -> SyncError {
    match e {
        WsError::Capacity(tokio_tungstenite::tungstenite::error::CapacityError::MessageTooLong { size, max_size }) => {
            SyncError::FrameTooLarge { len: size, max: max_size }
        }
        e => SyncError::Transport(e.to_string()),
    }
}

fn closed_by_peer(frame: Option<tokio_tungstenite::tungstenite::protocol::CloseFrame>) -> SyncError {
    match frame {
        Some(f) if u16::from(f.code) == close::TOO_BIG => SyncError::TooLargeForPeer { reason: f.reason.to_string() },
        Some(f) => SyncError::ClosedByPeer { code: f.code.into(), reason: f.reason.to_string() },
        None => SyncError::ClosedByPeer { code: close::NORMAL, reason: String::new() },
    }
}

/// Runs [`Session::receive`] on a blocking thread (it waits for the store's commit).
async fn receive_blocking(
    mut session: Session,
    frame: tokio_tungstenite::tungstenite::Bytes,
) -> Result<(Session, Result<super::session::Output, SyncError>), SyncError> {
    tokio::task::spawn_blocking(move || {
        let result = session.receive(&frame);
        (session, result)
    })
    .await
    .map_err(|e| SyncError::Transport(format!("sync task failed: {e}")))
}

// --- the long-running link ----------------------------------------------------------------------

/// The link's state, as the app shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkState {
    /// Not connected; waiting before the next attempt.
    Offline,
    /// Connecting, or connected and not yet synced.
    Connecting,
    /// Every document is connected and synced.
    Synced,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkStatus {
    pub state: LinkState,
    /// Local changes the relay has not acknowledged yet (all documents).
    pub unacknowledged: u64,
    /// Why the last connection ended, if it failed (an error code).
    pub last_error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// First wait after a failed or lost connection; doubled each time up to `max_backoff`.
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// How long after a local change the link asks the relay to acknowledge (one request
    /// acknowledges every change sent before it).
    pub ack_delay: Duration,
    pub connect_timeout: Duration,
    /// How long the peer may stay silent while it owes us an answer (a sync step 2) before the
    /// connection counts as stalled and is made again.
    pub answer_timeout: Duration,
    pub permissions: Permissions,
    /// This device's invitation token, sent on every (re)connection.
    pub token: Option<String>,
    /// What to trust for `wss://` (required there: see [`super::tls`]).
    pub trust: Option<Trust>,
    /// Awareness exchanged with the webview (carets, names): carried on the draft's connection.
    pub presence: Option<Arc<Presence>>,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            min_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(30),
            ack_delay: Duration::from_millis(200),
            connect_timeout: Duration::from_secs(10),
            answer_timeout: Duration::from_secs(10),
            permissions: Permissions::FULL,
            token: None,
            trust: None,
            presence: None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct DocStatus {
    state: LinkState,
    unacknowledged: u64,
}

/// Each document's link, in the order of [`DocName::ALL`] (one task each).
struct Board {
    docs: Mutex<[DocStatus; DocName::ALL.len()]>,
    last_error: Mutex<Option<String>>,
    status: watch::Sender<LinkStatus>,
}

impl Board {
    fn set(&self, i: usize, state: LinkState, unacknowledged: u64) {
        let docs = {
            let mut docs = self.docs.lock().unwrap_or_else(|p| p.into_inner());
            docs[i] = DocStatus { state, unacknowledged };
            *docs
        };
        let state = if docs.iter().all(|d| d.state == LinkState::Synced) {
            LinkState::Synced
        } else if docs.iter().any(|d| d.state == LinkState::Offline) {
            LinkState::Offline
        } else {
            LinkState::Connecting
        };
        let status = LinkStatus {
            state,
            unacknowledged: docs.iter().map(|d| d.unacknowledged).sum(),
            last_error: self.last_error.lock().unwrap_or_else(|p| p.into_inner()).clone(),
        };
        self.status.send_if_modified(|s| {
            let changed = *s != status;
            *s = status;
            changed
        });
    }

    fn failed(&self, e: &SyncError) {
        *self.last_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.code().to_string());
    }
}

/// A long-running link of a workshop to a relay: keeps its documents ([`DocName::ALL`]) in sync, reconnects
/// with exponential backoff, and reports [`LinkStatus`]. Stop it with [`Link::stop`].
pub struct Link {
    status: watch::Receiver<LinkStatus>,
    stop: watch::Sender<bool>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Link {
    /// Starts the link (on the current tokio runtime).
    pub fn start(workshop: Workshop, relay: &str, options: LinkOptions) -> Result<Link, SyncError> {
        let endpoint = Arc::new(Endpoint::new(relay, options.trust.as_ref())?);
        let base = endpoint.relay.base.clone();
        let initial = LinkStatus { state: LinkState::Connecting, unacknowledged: 0, last_error: None };
        let (status_tx, status) = watch::channel(initial);
        let board = Arc::new(Board {
            docs: Mutex::new([DocStatus { state: LinkState::Connecting, unacknowledged: 0 }; DocName::ALL.len()]),
            last_error: Mutex::new(None),
            status: status_tx,
        });
        let (stop, stopping) = watch::channel(false);
        let tasks = DocName::ALL
            .into_iter()
            .enumerate()
            .map(|(i, doc)| {
                let link = DocLink {
                    workshop: workshop.clone(),
                    doc,
                    index: i,
                    url: ws::room_url_with_token(&base, workshop.id(), doc, options.token.as_deref()),
                    endpoint: Arc::clone(&endpoint),
                    options: options.clone(),
                    board: Arc::clone(&board),
                    stopping: stopping.clone(),
                };
                tokio::spawn(link.run())
            })
            .collect();
        Ok(Link { status, stop, tasks })
    }

    pub fn status(&self) -> LinkStatus {
        self.status.borrow().clone()
    }

    /// A receiver that sees every change of status.
    pub fn watch(&self) -> watch::Receiver<LinkStatus> {
        self.status.clone()
    }

    /// Waits until `pred` holds for the status, or fails with [`SyncError::Timeout`].
    pub async fn wait_until(&self, timeout: Duration, pred: impl Fn(&LinkStatus) -> bool) -> Result<LinkStatus, SyncError> {
        let mut rx = self.status.clone();
        let found = tokio::time::timeout(timeout, rx.wait_for(|s| pred(s))).await;
        match found {
            Ok(Ok(s)) => Ok(s.clone()),
            Ok(Err(_)) => Err(SyncError::Transport("the link stopped".into())),
            Err(_) => Err(SyncError::Timeout(timeout.as_secs())),
        }
    }

    /// Closes the connections and waits for the link's tasks to end.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

struct DocLink {
    workshop: Workshop,
    doc: DocName,
    index: usize,
    url: String,
    endpoint: Arc<Endpoint>,
    options: LinkOptions,
    board: Arc<Board>,
    stopping: watch::Receiver<bool>,
}

/// How a connection ended.
enum Ended {
    Stopped,
    /// Lost after being synced (the backoff restarts from its minimum).
    LostAfterSync(SyncError),
    Failed(SyncError),
}

impl DocLink {
    async fn run(mut self) {
        let origin = new_origin_base();
        let (local_tx, mut local) = mpsc::unbounded_channel::<Vec<u8>>();
        // Every update committed here except those this link received from the relay.
        let _subscription = self.workshop.subscribe(self.doc, move |o, update| {
            if o != origin {
                let _ = local_tx.send(update.to_vec());
            }
        });
        let mut progress = (0u64, 0u64);
        let mut backoff = self.options.min_backoff;
        loop {
            self.board.set(self.index, LinkState::Connecting, progress.0 - progress.1);
            let ended = self.connection(origin, &mut local, &mut progress).await;
            let error = match ended {
                Ended::Stopped => return,
                Ended::LostAfterSync(e) => {
                    backoff = self.options.min_backoff;
                    e
                }
                Ended::Failed(e) => e,
            };
            tracing::info!(workshop = %self.workshop.id(), doc = %self.doc, code = error.code(), retry_ms = backoff.as_millis() as u64, "link offline");
            self.board.failed(&error);
            self.board.set(self.index, LinkState::Offline, progress.0 - progress.1);
            // Wait, counting local changes made meanwhile (the next step 2 carries them).
            let deadline = Instant::now() + backoff;
            loop {
                tokio::select! {
                    _ = tokio::time::sleep_until(deadline) => break,
                    Some(_) = local.recv() => {
                        progress.0 += 1;
                        self.board.set(self.index, LinkState::Offline, progress.0 - progress.1);
                    }
                    _ = self.stopping.changed() => return,
                }
            }
            backoff = (backoff * 2).min(self.options.max_backoff);
        }
    }

    async fn connection(&mut self, origin: Origin, local: &mut mpsc::UnboundedReceiver<Vec<u8>>, progress: &mut (u64, u64)) -> Ended {
        let connecting = tokio::time::timeout(self.options.connect_timeout, connect(&self.endpoint, &self.url));
        let connected = tokio::select! {
            c = connecting => match c {
                Ok(Ok(c)) => c,
                Ok(Err(e)) => return Ended::Failed(e),
                Err(_) => return Ended::Failed(SyncError::Timeout(self.options.connect_timeout.as_secs())),
            },
            _ = self.stopping.changed() => return Ended::Stopped,
        };
        let Connected { mut socket, max_message, arrivals } = connected;
        // The relay takes nothing of a piece of what is sent for as long as it may owe an answer
        // and stay silent: it is gone as well.
        let stall = self.options.answer_timeout * 2;
        let mut session = Session::new(self.workshop.clone(), self.doc, self.options.permissions, origin)
            .confirming()
            .resuming(progress.0, progress.1);
        let mut ack_at: Option<Instant> = None;
        let first = session.start();
        if let Err(e) = ws::send_binary(&mut socket, first.into(), stall).await {
            return Ended::Failed(send_error(e, stall));
        }
        // Presence rides on the draft's connection: announce the webview's states, then relay
        // every change both ways; peers' states are withdrawn when the connection ends.
        let presence = self.options.presence.clone().filter(|_| self.doc == DocName::Draft);
        let mut presence_rx = presence.as_ref().map(|p| p.subscribe_network());
        if let Some(frame) = presence.as_ref().and_then(|p| p.local_frame()) {
            if let Err(e) = ws::send_binary(&mut socket, frame.into(), stall).await {
                return Ended::Failed(send_error(e, stall));
            }
        }
        let _withdraw = presence.as_ref().map(|p| WithdrawOnDrop(Arc::clone(p)));
        // When the peer last sent anything: a peer that owes an answer and stays silent longer
        // than `answer_timeout` is pinged, and stalled (a stuck relay, a half-open connection)
        // if it stays silent as long again. A relay busy with a large message answers the ping.
        let mut heard = Instant::now();
        let mut pinged = false;
        let ended: SyncError = 'conn: loop {
            let stall_at = session.awaits_answer().then(|| heard + self.options.answer_timeout);
            let stall_timer = async {
                match stall_at {
                    Some(t) => tokio::time::sleep_until(t).await,
                    None => std::future::pending().await,
                }
            };
            let ack_timer = async {
                match ack_at {
                    Some(t) => tokio::time::sleep_until(t).await,
                    None => std::future::pending().await,
                }
            };
            let mut outgoing: Vec<Vec<u8>> = Vec::new();
            let announced = async {
                match presence_rx.as_mut() {
                    Some(rx) => rx.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                incoming = socket.next() => {
                    let frame = match incoming {
                        Some(Ok(Message::Binary(frame))) => {
                            heard = Instant::now();
                            pinged = false;
                            frame
                        }
                        Some(Ok(Message::Close(frame))) => break 'conn closed_by_peer(frame),
                        Some(Ok(_)) => {
                            heard = Instant::now();
                            pinged = false;
                            continue;
                        }
                        Some(Err(e)) => break 'conn transport_error(e),
                        None => break 'conn SyncError::Transport("the relay closed the connection".into()),
                    };
                    let received = Instant::now();
                    let (back, result) = match receive_blocking(session, frame).await {
                        Ok(r) => r,
                        Err(e) => return Ended::Failed(e),
                    };
                    session = back;
                    match result {
                        Ok(out) => {
                            tracing::trace!(doc = %self.doc, handled_us = received.elapsed().as_micros() as u64, "link handled a frame");
                            if let (Some(p), false) = (&presence, out.awareness.is_empty()) {
                                p.from_network(out.awareness);
                            }
                            outgoing = out.reply;
                        }
                        Err(e) => {
                            close_within(&mut socket, ws::close_for(&e)).await;
                            break 'conn e;
                        }
                    }
                }
                Some(update) = local.recv() => {
                    progress.0 += 1;
                    tracing::trace!(doc = %self.doc, bytes = update.len(), "link sends a local update");
                    outgoing.push(session.send_update(update, progress.0));
                }
                frame = announced => match frame {
                    Ok(frame) => outgoing.push(frame),
                    // Missed some: announce every current state instead.
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                        outgoing.extend(presence.as_ref().and_then(|p| p.local_frame()));
                    }
                    // Cannot happen while we hold the presence (it owns the sender).
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => {}
                },
                _ = stall_timer => {
                    // Part of a message arrived meanwhile: the relay is sending, however slowly.
                    // It is pinged all the same, so that it hears this device (its own pings
                    // wait behind the message).
                    let arriving = arrivals.last() > heard;
                    if arriving || !pinged {
                        pinged = !arriving;
                        heard = if arriving { arrivals.last() } else { Instant::now() };
                        if let Err(e) = ws::send_within(&mut socket, stall, Message::Ping(Default::default())).await {
                            break 'conn send_error(e, stall);
                        }
                        continue;
                    }
                    tracing::info!(doc = %self.doc, "the peer owes an answer and is silent: reconnecting");
                    close_within(&mut socket, ws::close_message(close::GOING_AWAY, "no answer")).await;
                    break 'conn SyncError::Timeout(self.options.answer_timeout.as_secs());
                }
                _ = ack_timer => {
                    ack_at = None;
                    outgoing.extend(session.request_ack());
                }
                _ = self.stopping.changed() => {
                    close_within(&mut socket, ws::close_message(close::NORMAL, "link stopped")).await;
                    return Ended::Stopped;
                }
            }
            for frame in outgoing {
                if let Err(e) = refuse_too_large(&mut socket, &frame, max_message).await {
                    break 'conn e;
                }
                if let Err(e) = ws::send_binary(&mut socket, frame.into(), stall).await {
                    break 'conn send_error(e, stall);
                }
            }
            *progress = session.progress();
            if session.unacknowledged() > 0 && ack_at.is_none() {
                ack_at = Some(Instant::now() + self.options.ack_delay);
            }
            let state = if session.is_synced() { LinkState::Synced } else { LinkState::Connecting };
            self.board.set(self.index, state, session.unacknowledged());
        };
        *progress = session.progress();
        if session.is_synced() {
            Ended::LostAfterSync(ended)
        } else {
            Ended::Failed(ended)
        }
    }
}

/// Withdraws peers' presence from the webview when a connection ends, however it ends.
struct WithdrawOnDrop(Arc<Presence>);

impl Drop for WithdrawOnDrop {
    fn drop(&mut self) {
        self.0.network_lost();
    }
}
