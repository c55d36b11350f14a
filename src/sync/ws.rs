//! WebSocket plumbing shared by the relay and the client: frame and message limits, sending a large message (in pieces from a device, in one frame from the relay, each write bounded), when a peer's bytes last arrived, close frames, room paths, relay URLs and the loopback rule for plain ws://.

use std::net::IpAddr;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::Message;

use crate::model::DocName;
use crate::workshop::is_valid_workshop_id;

use super::{SyncError, MAX_MESSAGE};

/// The byte stream under a WebSocket: a TCP stream, or TLS over one.
pub trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// A boxed [`Io`], so that plain and TLS connections share one socket type.
pub type BoxedIo = Box<dyn Io>;

/// The header of a relay's upgrade answer saying the largest message it takes, in bytes, so that
/// a client refuses a larger one itself, with a reason, before sending any of it.
pub const MAX_MESSAGE_HEADER: &str = "x-caucus-max-message";

/// Read buffer of each WebSocket.
const READ_BUFFER: usize = 8 * 1024;

/// Messages larger than this are sent in pieces: frames of this size, joined again by the
/// receiver (RFC 6455 §5.4; every WebSocket client does it, y-websocket's included), so that a
/// large workshop's state moves a piece at a time, and tungstenite's write buffer (which keeps the
/// capacity of the largest frame it ever sent) holds no more than a piece for the connection's life.
pub const FRAGMENT: usize = 16 * 1024;

/// An authenticated connection: messages, whole or joined from their frames, up to
/// [`MAX_MESSAGE`]; a larger one fails in tungstenite before more of it is buffered.
pub fn config() -> WebSocketConfig {
    config_with_max_message(MAX_MESSAGE)
}

/// [`config`] with messages capped at `max_message` bytes (a relay's `--max-message-mib`).
pub fn config_with_max_message(max_message: usize) -> WebSocketConfig {
    // tungstenite's default 128 KiB read buffer per socket, zero-filled, dominated a room's
    // memory (benches/sync); 8 KiB still reads a large frame in a few reads.
    WebSocketConfig::default()
        .max_message_size(Some(max_message))
        .max_frame_size(Some(max_message))
        .read_buffer_size(READ_BUFFER)
}

/// A device's send: one binary message, in frames of at most [`FRAGMENT`] bytes when larger (one
/// frame per send, so the write buffer never holds more than one piece), given up with
/// [`stalled`] when the peer takes none of a piece for `stall`. A large message thus reaches a
/// slow but reading relay however long it takes in all.
pub async fn send_binary<S>(sink: &mut S, message: tokio_tungstenite::tungstenite::Bytes, stall: Duration) -> Result<(), tokio_tungstenite::tungstenite::Error>
where
    S: futures_util::Sink<Message, Error = tokio_tungstenite::tungstenite::Error> + Unpin,
{
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
    use tokio_tungstenite::tungstenite::protocol::frame::Frame;
    if message.len() <= FRAGMENT {
        return send_within(sink, stall, Message::Binary(message)).await;
    }
    let mut at = 0;
    while at < message.len() {
        let end = (at + FRAGMENT).min(message.len());
        let opcode = OpCode::Data(if at == 0 { Data::Binary } else { Data::Continue });
        let piece = Message::Frame(Frame::message(message.slice(at..end), opcode, end == message.len()));
        send_within(sink, stall, piece).await?;
        at = end;
    }
    Ok(())
}

/// The byte stream under a WebSocket, noting when a byte last arrived ([`Arrivals`]): a large
/// message coming in slowly is a peer being heard, not a silent one, though no whole message has
/// arrived for a while.
pub struct Heard<S> {
    inner: S,
    arrivals: Arrivals,
}

/// When a [`Heard`] stream last read a byte; shared with whoever times the peer's silence.
#[derive(Clone)]
pub struct Arrivals(std::sync::Arc<ArrivalClock>);

struct ArrivalClock {
    since: tokio::time::Instant,
    /// Microseconds after `since` of the last read that returned bytes.
    last_micros: std::sync::atomic::AtomicU64,
}

impl<S> Heard<S> {
    pub fn new(inner: S) -> (Heard<S>, Arrivals) {
        let arrivals = Arrivals(std::sync::Arc::new(ArrivalClock { since: tokio::time::Instant::now(), last_micros: 0.into() }));
        (Heard { inner, arrivals: arrivals.clone() }, arrivals)
    }
}

impl Arrivals {
    /// When the last byte arrived (the stream's creation before any did).
    pub fn last(&self) -> tokio::time::Instant {
        self.0.since + Duration::from_micros(self.0.last_micros.load(std::sync::atomic::Ordering::Relaxed))
    }

    fn note(&self) {
        let micros = u64::try_from(self.0.since.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.0.last_micros.store(micros, std::sync::atomic::Ordering::Relaxed);
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Heard<S> {
    fn poll_read(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>, buf: &mut tokio::io::ReadBuf<'_>) -> std::task::Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = std::pin::Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.arrivals.note();
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Heard<S> {
    fn poll_write(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>, buf: &[u8]) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>, bufs: &[std::io::IoSlice<'_>]) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The relay's send: one binary message as one frame, given up with [`stalled`] when the peer
/// takes nothing of it for `stall` (a client that stopped reading would otherwise hold the
/// connection, and the message, forever). A message larger than [`FRAGMENT`] is written straight
/// to the socket after what tungstenite holds is flushed: a frame from a server is not masked
/// (RFC 6455 §5.1), so its header and the message's own bytes are the frame, with no copy into
/// tungstenite's write buffer (which would keep the capacity of the largest frame for the
/// connection's life) and no pieces for the receiver to join. A newcomer's whole state thus leaves
/// in a few large writes, not one small write per piece; `stall` bounds each write, not the whole,
/// so a large state still reaches a slow but reading client.
pub async fn send_binary_whole<S>(socket: &mut tokio_tungstenite::WebSocketStream<S>, message: tokio_tungstenite::tungstenite::Bytes, stall: Duration) -> Result<(), tokio_tungstenite::tungstenite::Error>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    use futures_util::SinkExt;
    use tokio::io::AsyncWriteExt;
    use tokio::time::timeout;
    if message.len() <= FRAGMENT {
        return send_within(socket, stall, Message::Binary(message)).await;
    }
    timeout(stall, socket.flush()).await.map_err(|_| stalled())??;
    let (header, used) = whole_frame_header(message.len());
    let mut rest = bytes::Buf::chain(&header[..used], message);
    let io = socket.get_mut();
    while bytes::Buf::has_remaining(&rest) {
        if timeout(stall, io.write_buf(&mut rest)).await.map_err(|_| stalled())?? == 0 {
            return Err(std::io::Error::from(std::io::ErrorKind::WriteZero).into());
        }
    }
    timeout(stall, io.flush()).await.map_err(|_| stalled())??;
    Ok(())
}

/// Sends one message, given up with [`stalled`] when the peer takes nothing of it for `stall`:
/// the bound on every send of a relay's connection and of a device's pings and closes.
pub async fn send_within<S>(sink: &mut S, stall: Duration, message: Message) -> Result<(), tokio_tungstenite::tungstenite::Error>
where
    S: futures_util::Sink<Message, Error = tokio_tungstenite::tungstenite::Error> + Unpin,
{
    use futures_util::SinkExt;
    tokio::time::timeout(stall, sink.send(message)).await.map_err(|_| stalled())?
}

/// The error of a send the peer took nothing of in time.
pub fn stalled() -> tokio_tungstenite::tungstenite::Error {
    std::io::Error::new(std::io::ErrorKind::TimedOut, "the peer read nothing of what was sent").into()
}

/// The header of an unmasked, final binary frame of `len` bytes (RFC 6455 §5.2: FIN and opcode 2,
/// then the length in the fewest bytes that hold it), and how many of its bytes are used.
fn whole_frame_header(len: usize) -> ([u8; 10], usize) {
    let mut header = [0x82, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    if len < 126 {
        header[1] = len as u8;
        (header, 2)
    } else if let Ok(short) = u16::try_from(len) {
        header[1] = 126;
        header[2..4].copy_from_slice(&short.to_be_bytes());
        (header, 4)
    } else {
        header[1] = 127;
        header[2..].copy_from_slice(&(len as u64).to_be_bytes());
        (header, 10)
    }
}

/// What a connection whose token is not verified yet may send (issue #3 item 7, issue #13 §1:
/// small before authentication): its HTTP upgrade request, token included, in at most this many
/// bytes, and no frame larger (the relay reads no frame before it verified the token).
pub const PRE_AUTH_FRAME: usize = 16 * 1024;

/// [`config`] before authentication: frames and messages capped at [`PRE_AUTH_FRAME`].
pub fn pre_auth_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .max_message_size(Some(PRE_AUTH_FRAME))
        .max_frame_size(Some(PRE_AUTH_FRAME))
        .read_buffer_size(READ_BUFFER)
}

pub fn close_message(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame { code: CloseCode::from(code), reason: reason.into() }))
}

/// The close message that ends a connection for `error`.
pub fn close_for(error: &SyncError) -> Message {
    close_message(error.close_code(), &error.close_reason())
}

/// `/<workshop-id>/<doc>` → the room. The query (`?token=…`) is not part of the path.
pub fn parse_room_path(path: &str) -> Result<(String, DocName), SyncError> {
    let bad = || SyncError::BadRoom(path.chars().take(100).collect());
    let mut parts = path.strip_prefix('/').ok_or_else(bad)?.split('/');
    let (Some(id), Some(doc), None) = (parts.next(), parts.next(), parts.next()) else { return Err(bad()) };
    if !is_valid_workshop_id(id) {
        return Err(bad());
    }
    let doc = DocName::parse(doc).ok_or_else(|| SyncError::NoSuchRoom(format!("{id}/{doc}")))?;
    Ok((id.to_string(), doc))
}

/// Whether a URL host (`localhost`, `127.0.0.1`, `[::1]`) is on this machine.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A relay URL, checked: `ws://` to a loopback host, or `wss://` to any host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayUrl {
    /// The URL without a trailing slash.
    pub base: String,
    pub secure: bool,
    /// As written in the URL (IPv6 addresses keep their brackets).
    pub host: String,
    pub port: u16,
}

impl RelayUrl {
    /// `HOST:PORT`, to connect a TCP stream to.
    pub fn authority(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The host as a TLS server name (IPv6 without brackets).
    pub fn server_name(&self) -> &str {
        self.host.trim_start_matches('[').trim_end_matches(']')
    }
}

/// Parses and checks a relay URL for `caucus sync --to`, invitations and the app's link: `ws://`
/// is allowed to a loopback host only; `wss://` anywhere.
pub fn parse_relay_url(url: &str) -> Result<RelayUrl, SyncError> {
    let parsed = url::Url::parse(url).map_err(|e| SyncError::Transport(format!("`{url}` is not a relay URL: {e}")))?;
    let secure = match parsed.scheme() {
        "wss" => true,
        "ws" => false,
        _ => return Err(SyncError::Transport(format!("`{url}` is not a ws:// or wss:// URL"))),
    };
    let host = parsed.host_str().filter(|h| !h.is_empty()).ok_or_else(|| SyncError::Transport(format!("`{url}` names no host")))?;
    let port = parsed.port_or_known_default().ok_or_else(|| SyncError::Transport(format!("`{url}`: bad port")))?;
    if !secure && !is_loopback_host(host) {
        return Err(SyncError::NotLoopback(host.to_string()));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(SyncError::Transport(format!("`{url}`: give the relay's base URL, without query or fragment")));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(SyncError::Transport(format!("`{url}`: give the relay's base URL, without a user name or password")));
    }
    Ok(RelayUrl { base: url.trim_end_matches('/').to_string(), secure, host: host.to_string(), port })
}

/// [`parse_relay_url`], returning the base URL without a trailing slash.
pub fn check_relay_url(url: &str) -> Result<String, SyncError> {
    parse_relay_url(url).map(|u| u.base)
}

/// The URL of a workshop document's room on a relay.
pub fn room_url(base: &str, workshop: &str, doc: DocName) -> String {
    format!("{base}/{workshop}/{doc}")
}

/// [`room_url`] with the device's token as the `token` query parameter (its characters are all
/// URL-safe). The result is a credential: never log it.
pub fn room_url_with_token(base: &str, workshop: &str, doc: DocName, token: Option<&str>) -> String {
    match token {
        Some(t) => format!("{base}/{workshop}/{doc}?token={t}"),
        None => room_url(base, workshop, doc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_frame_says_its_length_in_the_fewest_bytes() {
        let (header, used) = whole_frame_header(125);
        assert_eq!(&header[..used], [0x82, 125]);
        let (header, used) = whole_frame_header(126);
        assert_eq!(&header[..used], [0x82, 126, 0, 126]);
        let (header, used) = whole_frame_header(65_535);
        assert_eq!(&header[..used], [0x82, 126, 0xff, 0xff]);
        let (header, used) = whole_frame_header(65_536);
        assert_eq!(&header[..used], [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
    }

    /// The relay's sends, small and large in turn, reach a client whole and in order: a large one
    /// goes out as one frame after what tungstenite buffered for the small one before it.
    #[tokio::test(flavor = "current_thread")]
    async fn the_relay_sends_a_large_message_as_one_frame_after_the_small_ones_before_it() {
        use futures_util::StreamExt;
        use tokio::io::AsyncReadExt;
        use tokio_tungstenite::tungstenite::protocol::Role;
        use tokio_tungstenite::WebSocketStream;
        let large: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let sent = [b"small".to_vec(), large.clone(), vec![7; FRAGMENT + 1], b"last".to_vec()];

        // What a client reads: each message whole, in the order sent.
        let (relay_end, client_end) = tokio::io::duplex(64 * 1024);
        let mut relay = WebSocketStream::from_raw_socket(relay_end, Role::Server, Some(config())).await;
        let mut client = WebSocketStream::from_raw_socket(client_end, Role::Client, Some(config())).await;
        let to_send = sent.clone();
        let sending = tokio::spawn(async move {
            for message in to_send {
                send_binary_whole(&mut relay, message.into(), Duration::from_secs(60)).await.expect("sent");
            }
            relay
        });
        for want in &sent {
            match client.next().await {
                Some(Ok(Message::Binary(got))) => assert!(got[..] == want[..], "a message of {} bytes arrived changed", want.len()),
                other => panic!("expected a binary message of {} bytes, got {other:?}", want.len()),
            }
        }
        drop(sending.await.expect("the sender ran"));

        // On the wire: the large message is one final binary frame, not pieces.
        let (relay_end, mut raw) = tokio::io::duplex(1 << 20);
        let mut relay = WebSocketStream::from_raw_socket(relay_end, Role::Server, Some(config())).await;
        send_binary_whole(&mut relay, large.clone().into(), Duration::from_secs(60)).await.expect("sent");
        drop(relay);
        let mut wire = Vec::new();
        raw.read_to_end(&mut wire).await.expect("read");
        assert_eq!(wire.len(), 10 + large.len(), "one header and the message");
        assert_eq!(wire[..10], whole_frame_header(large.len()).0);
        assert!(wire[10..] == large[..]);
    }

    #[test]
    fn room_paths_and_relay_urls() {
        assert_eq!(parse_room_path("/abc/draft").expect("valid"), ("abc".to_string(), DocName::Draft));
        assert!(matches!(parse_room_path("/abc/minutes"), Err(SyncError::NoSuchRoom(_))));
        for bad in ["", "/", "/abc", "/abc/draft/x", "abc/draft", "/../draft", "/a%20b/draft"] {
            assert!(matches!(parse_room_path(bad), Err(SyncError::BadRoom(_))), "{bad}");
        }
        assert_eq!(check_relay_url("ws://127.0.0.1:4000/").expect("loopback"), "ws://127.0.0.1:4000");
        assert!(check_relay_url("ws://localhost:4000/base").is_ok());
        assert!(check_relay_url("ws://[::1]:4000").is_ok());
        assert!(matches!(check_relay_url("ws://10.0.0.1:4000"), Err(SyncError::NotLoopback(_))));
        let secure = parse_relay_url("wss://10.0.0.1:4000/").expect("wss anywhere");
        assert!(secure.secure && secure.host == "10.0.0.1" && secure.port == 4000 && secure.base == "wss://10.0.0.1:4000");
        assert_eq!(parse_relay_url("wss://relay.example").expect("default port").port, 443);
        assert_eq!(parse_relay_url("wss://[::1]:9").expect("v6").server_name(), "::1");
        assert!(check_relay_url("http://127.0.0.1:4000").is_err());
        assert!(check_relay_url("ws://:4000").is_err());
        assert!(check_relay_url("ws://127.0.0.1:4000/?token=x").is_err());
        assert!(check_relay_url("ws://127.0.0.1:99999").is_err(), "port out of range");
        assert!(matches!(check_relay_url("ws://127.0.0.1@10.0.0.1:4000"), Err(SyncError::NotLoopback(_))), "the host is after the @");
        assert!(check_relay_url("wss://user:secret@relay.example").is_err());
    }
}
