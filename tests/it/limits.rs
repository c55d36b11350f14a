//! The relay's limits against abuse (issue #13 §1), each against a real `caucus serve` process with small flag values: connections per IP address, the handshake timeout, what a client may send before its token is verified, the idle timeout and updates per second hold while an honest client keeps syncing.

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use caucus::sync::protocol;
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::MaybeTlsStream;
use yrs::StateVector;

use crate::admin::{admitted, AdminRelay};
use crate::support::{news, tempdir};
use crate::sync::{caucus_ok, Ws};

/// An honest device with a workshop of its own: its directory and the workshop's id.
fn honest_device(dir: &Path) -> String {
    let id = caucus_ok(dir, &["new", "--title", "Wildlife cybercrime"]).trim().to_string();
    caucus_ok(dir, &["para", "add", &id, "--kind", "operative", "--text", "URGES Parties to act;"]);
    id
}

/// The honest device adds a paragraph and syncs it: `caucus sync` exits 0 only once both sides have everything.
fn honest_sync(dir: &Path, id: &str, url: &str, n: usize) {
    caucus_ok(dir, &["para", "add", id, "--kind", "operative", "--text", &format!("INVITES Parties to report ({n});")]);
    let out = caucus_ok(dir, &["sync", id, "--to", url]);
    assert!(!out.trim().is_empty(), "sync says what it did");
}

fn relay_addr(url: &str) -> SocketAddr {
    url.strip_prefix("ws://").expect("ws://").parse().expect("an address")
}

/// A TCP connection to the relay from the loopback address `from` (all of 127/8 is this machine).
async fn tcp_from(from: &str, relay: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(format!("{from}:0").parse().expect("an address"))?;
    socket.connect(relay).await
}

/// A WebSocket to `url` from the loopback address `from`.
async fn ws_from(from: &str, url: &str) -> Result<Ws, String> {
    let addr = relay_addr(url.split('/').take(3).collect::<Vec<_>>().join("/").as_str());
    let stream = tcp_from(from, addr).await.map_err(|e| e.to_string())?;
    tokio_tungstenite::client_async(url, MaybeTlsStream::Plain(stream)).await.map(|(ws, _)| ws).map_err(|e| e.to_string())
}

/// A WebSocket upgrade written by hand on a plain TCP stream, read byte by byte up to the end of
/// the relay's answer: nothing of what follows is consumed, so the relay's frames can be read raw.
async fn upgraded_by_hand(relay: SocketAddr, path: &str) -> TcpStream {
    let mut s = TcpStream::connect(relay).await.expect("connect");
    ask_to_upgrade(&mut s, relay, path).await;
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        head.push(s.read_u8().await.expect("the relay's answer"));
    }
    let head = String::from_utf8_lossy(&head);
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    s
}

/// Writes a WebSocket upgrade request for `path` on `s` (the answer is the caller's to read, or not).
async fn ask_to_upgrade(s: &mut TcpStream, relay: SocketAddr, path: &str) {
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {relay}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    s.write_all(request.as_bytes()).await.expect("send the upgrade");
}

/// Reads the relay's frames raw, never answering (no pong), until its close frame: the close
/// code and reason, and how many pings came before it.
async fn close_without_answering(s: &mut TcpStream) -> (u16, String, usize) {
    let mut pings = 0;
    loop {
        let b0 = s.read_u8().await.expect("a frame before the close");
        let b1 = s.read_u8().await.expect("a frame header");
        assert_eq!(b1 & 0x80, 0, "server frames are not masked");
        let len = match b1 & 0x7f {
            126 => u64::from(s.read_u16().await.expect("length")),
            127 => s.read_u64().await.expect("length"),
            n => u64::from(n),
        };
        let mut payload = vec![0u8; usize::try_from(len).expect("a small frame")];
        s.read_exact(&mut payload).await.expect("the payload");
        match b0 & 0x0f {
            0x9 => pings += 1,
            0x8 => {
                let code = u16::from_be_bytes([payload[0], payload[1]]);
                return (code, String::from_utf8_lossy(&payload[2..]).into_owned(), pings);
            }
            _ => {}
        }
    }
}

/// Reads until the TCP connection ends (EOF or reset), at most 60 s.
async fn until_dropped(mut s: TcpStream) {
    let mut buf = [0u8; 256];
    let read = async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(60), read).await.expect("the relay drops the connection");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_limit_of_one_address_are_refused_while_another_address_syncs() {
    let (relay_dir, honest) = (tempdir(), tempdir());
    let id = honest_device(honest.path());
    let relay = AdminRelay::start(relay_dir.path(), 0, &["--open", "--create-rooms", "--max-connections-per-ip", "5"]);
    // (An honest sync opens one connection for each of the workshop's five documents.)
    honest_sync(honest.path(), &id, &relay.url, 1);

    // One address (127.0.0.2) takes its five connections and holds them.
    let room = format!("{}/{id}/notes", relay.url);
    let mut held = Vec::new();
    for _ in 0..5 {
        let mut ws = ws_from("127.0.0.2", &room).await.expect("within the limit");
        loop {
            if let Some(Ok(Message::Binary(_))) = ws.next().await {
                break;
            }
        }
        held.push(ws);
    }
    // Its sixth is closed at once, before the WebSocket handshake, and counted.
    let refused = ws_from("127.0.0.2", &room).await;
    assert!(refused.is_err(), "the sixth connection of one address is refused");
    relay.wait_for("the refusal counted", |m| m.get("caucus_relay_refusals_total{code=\"relay.too_many_connections\"}") == 1.0);

    // Meanwhile the honest device (127.0.0.1) syncs, and the relay has its edit.
    honest_sync(honest.path(), &id, &relay.url, 2);
    let shown = caucus_ok(relay_dir.path(), &["show", &id]);
    assert!(shown.contains("INVITES Parties to report (2);"), "{shown}");

    // A connection that ends gives its slot back.
    drop(held.pop());
    let deadline = Instant::now() + Duration::from_secs(60);
    let again = loop {
        if let Ok(ws) = ws_from("127.0.0.2", &room).await {
            break ws;
        }
        assert!(Instant::now() < deadline, "the slot never came back");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    drop((again, held));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_opens_tcp_and_sends_nothing_is_dropped_after_the_handshake_timeout() {
    let (relay_dir, honest) = (tempdir(), tempdir());
    let id = honest_device(honest.path());
    let relay = AdminRelay::start(relay_dir.path(), 0, &["--open", "--create-rooms", "--handshake-timeout", "1"]);
    let addr = relay_addr(&relay.url);

    let started = Instant::now();
    let silent = TcpStream::connect(addr).await.expect("connect");
    // Half a request, then nothing (slowloris).
    let mut slow = TcpStream::connect(addr).await.expect("connect");
    slow.write_all(format!("GET /{id}/draft HTTP/1.1\r\nHost: {addr}\r\n").as_bytes()).await.expect("send");
    let dropped = tokio::spawn(async move {
        until_dropped(silent).await;
        until_dropped(slow).await;
    });
    // The honest device is served meanwhile.
    honest_sync(honest.path(), &id, &relay.url, 1);
    dropped.await.expect("both dropped");
    assert!(started.elapsed() >= Duration::from_secs(1), "not before the timeout");
    relay.wait_for("both counted", |m| m.get("caucus_relay_refusals_total{code=\"relay.handshake_timeout\"}") == 2.0);
    honest_sync(honest.path(), &id, &relay.url, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upgrade_request_over_the_pre_auth_limit_is_dropped_unanswered_while_the_honest_client_syncs() {
    let (relay_dir, honest) = (tempdir(), tempdir());
    let id = honest_device(honest.path());
    let relay = AdminRelay::start(relay_dir.path(), 0, &["--open", "--create-rooms", "--max-pre-auth-frame", "2048"]);
    let addr = relay_addr(&relay.url);

    // 4 KiB of request head before any token is verified (tungstenite itself takes up to 64 KiB).
    let mut big = TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "GET /{id}/draft HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(4096)
    );
    // The relay may drop it (a reset) before all of it is written.
    let _ = big.write_all(request.as_bytes()).await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(60), big.read_to_end(&mut answer)).await.expect("the relay drops the connection");
    assert!(answer.is_empty(), "dropped unanswered ({read:?}): {}", String::from_utf8_lossy(&answer));
    relay.wait_for("the drop counted", |m| m.get("caucus_relay_refusals_total{code=\"relay.pre_auth_too_large\"}") == 1.0);

    // A request within the limit is upgraded, and the honest device syncs.
    drop(upgraded_by_hand(addr, &format!("/{id}/draft")).await);
    honest_sync(honest.path(), &id, &relay.url, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_answers_no_ping_is_closed_after_the_idle_timeout_and_one_that_answers_stays() {
    let (relay_dir, honest) = (tempdir(), tempdir());
    let id = honest_device(honest.path());
    // 3 s: the relay pings every 1.5 s, so a live client on a loaded machine has time to answer.
    let relay = AdminRelay::start(relay_dir.path(), 0, &["--open", "--create-rooms", "--idle-timeout", "3"]);
    honest_sync(honest.path(), &id, &relay.url, 1);
    let room = format!("{}/{id}/draft", relay.url);

    // A live client: it sends nothing, but reads (tungstenite answers every ping with a pong).
    let live = admitted(&room).await;
    let (mut live_tx, mut live_rx) = live.split();
    let (answers_tx, mut answers) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(async move {
        while let Some(m) = live_rx.next().await {
            match m {
                Ok(Message::Binary(b)) => {
                    let _ = answers_tx.send(protocol::decode_frame(&b).expect("decodes"));
                }
                Ok(Message::Close(f)) => return format!("closed: {f:?}"),
                Err(e) => return format!("error: {e}"),
                Ok(_) => {}
            }
        }
        "ended".to_string()
    });

    // A silent client: joined after the live one, it never answers a ping.
    let mut silent = upgraded_by_hand(relay_addr(&relay.url), &format!("/{id}/draft")).await;
    let (code, reason, pings) =
        tokio::time::timeout(Duration::from_secs(60), close_without_answering(&mut silent)).await.expect("closed by the relay");
    assert_eq!(code, 1001, "{reason}");
    assert!(reason.starts_with("relay.idle_timeout"), "{reason}");
    assert!(pings >= 1, "it was pinged first");
    relay.wait_for("the idle close counted", |m| m.get("caucus_relay_refusals_total{code=\"relay.idle_timeout\"}") >= 1.0);

    // The live client, connected longer than the timeout, is still served: its update is
    // answered (a step 2 for its step 1).
    assert!(!reader.is_finished(), "the live connection stays: {:?}", reader.await);
    live_tx.send(Message::Binary(protocol::encode_update(news(88_001)).into())).await.expect("send");
    live_tx.send(Message::Binary(protocol::encode_step1(&StateVector::default()).into())).await.expect("send");
    let answered = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(messages) = answers.recv().await {
            if messages.iter().any(|m| matches!(m, protocol::Message::SyncStep2(_))) {
                return true;
            }
        }
        false
    })
    .await
    .expect("answered in time");
    assert!(answered, "the live connection was closed: {:?}", reader.await);
    honest_sync(honest.path(), &id, &relay.url, 2);
}

/// `count` updates of a map value of `size` bytes each, from one client: frames to send.
fn large_updates(count: usize, size: usize) -> Vec<Vec<u8>> {
    use yrs::{Map, ReadTxn, Transact};
    let doc = yrs::Doc::with_client_id(88_500);
    let map = doc.get_or_insert_map("probe");
    (0..count)
        .map(|i| {
            let before = doc.transact().state_vector();
            map.insert(&mut doc.transact_mut(), format!("large{i}"), "x".repeat(size));
            protocol::encode_update(doc.transact().encode_state_as_update_v1(&before))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_is_dropped_after_the_idle_timeout_while_the_honest_client_syncs() {
    let (relay_dir, honest) = (tempdir(), tempdir());
    let id = honest_device(honest.path());
    let relay = AdminRelay::start(relay_dir.path(), 0, &["--open", "--create-rooms", "--idle-timeout", "3"]);
    honest_sync(honest.path(), &id, &relay.url, 1);
    let room = format!("{}/{id}/draft", relay.url);

    // A client with a small receive window that joins and then reads nothing, ever.
    let socket = TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("a small receive buffer");
    let mut stuck = socket.connect(relay_addr(&relay.url)).await.expect("connect");
    ask_to_upgrade(&mut stuck, relay_addr(&relay.url), &format!("/{id}/draft")).await;
    let writer = admitted(&room).await;
    relay.wait_for("both joined", |m| m.get("caucus_relay_connections{role=\"open\"}") == 2.0);

    // Another member's updates, more than the relay's socket buffers hold: the relay's sends to
    // the client that reads nothing stop half way.
    let (mut writer_tx, mut writer_rx) = writer.split();
    let draining = tokio::spawn(async move { while writer_rx.next().await.is_some() {} });
    for frame in large_updates(16, 512 * 1024) {
        writer_tx.send(Message::Binary(frame.into())).await.expect("send");
    }

    // Within the idle timeout of its last progress, the relay gives up on it, counted as idle.
    let after = relay.wait_for("the client that stopped reading dropped", |m| m.get("caucus_relay_connections{role=\"open\"}") == 1.0);
    assert!(after.get("caucus_relay_refusals_total{code=\"relay.idle_timeout\"}") >= 1.0, "{after:?}");
    until_dropped(stuck).await;
    // The writer is still served, and so is the honest device.
    writer_tx.send(Message::Binary(protocol::encode_step1(&StateVector::default()).into())).await.expect("the writer's connection stays");
    honest_sync(honest.path(), &id, &relay.url, 2);
    assert!(!draining.is_finished(), "the writer's connection stays open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_messages_is_read_at_the_limit_while_the_honest_client_syncs() {
    let (relay_dir, honest) = (tempdir(), tempdir());
    let id = honest_device(honest.path());
    let (rate, burst) = (50.0, 10.0);
    let relay = AdminRelay::start(relay_dir.path(), 0, &["--open", "--create-rooms", "--max-updates-per-second", "50", "--update-burst", "10"]);
    honest_sync(honest.path(), &id, &relay.url, 1);
    let mut flood = admitted(&format!("{}/{id}/notes", relay.url)).await;
    let before = relay.metrics().get("caucus_relay_frames_total{direction=\"in\"}");

    // 3,000 cheap messages (awareness queries) as fast as the socket takes them.
    let started = Instant::now();
    for _ in 0..3000 {
        flood.send(Message::Binary(protocol::encode_query_awareness().into())).await.expect("send");
    }
    // The honest device (its own connections, its own buckets) syncs meanwhile.
    honest_sync(honest.path(), &id, &relay.url, 2);
    // Once the relay read more than the burst, it has read no more than the rate allows since
    // the flood began (an upper bound: a slow machine reads less, never more). The honest
    // sync's own messages (a few dozen) are allowed for.
    let honest_allowance = 100.0;
    let m = relay.wait_for("the flood read past its burst", |m| m.get("caucus_relay_frames_total{direction=\"in\"}") - before > burst + honest_allowance);
    let read = m.get("caucus_relay_frames_total{direction=\"in\"}") - before;
    let allowed = burst + rate * started.elapsed().as_secs_f64() + honest_allowance;
    assert!(read <= allowed, "read {read} messages, allowed {allowed:.0}");
    assert!(read < 3000.0);

    // Slowed, not closed: once the honest device's connections ended, the flood's is still there.
    relay.wait_for("only the flood connected", |m| m.get("caucus_relay_connections{role=\"open\"}") == 1.0);
    let shown = caucus_ok(relay_dir.path(), &["show", &id]);
    assert!(shown.contains("INVITES Parties to report (2);"), "{shown}");
    drop(flood);
}
