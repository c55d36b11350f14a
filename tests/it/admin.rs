//! The relay's operations endpoints (issue #13 §1): a real `caucus serve --admin` process answers `/healthz` and `/metrics` (Prometheus text) over plain HTTP, its metrics follow real syncs and refusals, and its health turns 503 when the store cannot be written.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use caucus::sync::protocol;
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;
use crate::auth::free_port;
use crate::support::{news, tempdir};
use crate::sync::{caucus_cmd, caucus_ok, raw, Ws};

/// A `caucus serve --admin 127.0.0.1:0` process (plus `extra` flags), killed by its pid when dropped.
pub(crate) struct AdminRelay {
    child: Child,
    /// `ws://127.0.0.1:PORT`.
    pub(crate) url: String,
    pub(crate) admin: SocketAddr,
}

impl AdminRelay {
    pub(crate) fn start(dir: &Path, listen_port: u16, extra: &[&str]) -> AdminRelay {
        let mut child = caucus_cmd(dir)
            .args(["serve", "--listen", &format!("127.0.0.1:{listen_port}"), "--admin", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn caucus serve");
        let mut first = String::new();
        let _ = BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first);
        let Some(url) = first.trim().strip_prefix("listening on ").map(str::to_string) else {
            let _ = child.kill();
            let out = child.wait_with_output().expect("wait");
            panic!("caucus serve did not start: {first} {}", String::from_utf8_lossy(&out.stderr));
        };
        // The admin address is on stderr; the rest of stderr is drained so the relay never blocks on it.
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("admin endpoints on http://").and_then(|r| r.split('/').next()) {
                    let _ = tx.send(addr.to_string());
                }
            }
        });
        let admin = rx.recv_timeout(Duration::from_secs(30)).expect("the admin address on stderr").parse().expect("an address");
        AdminRelay { child, url, admin }
    }

    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        http_get(self.admin, path)
    }

    pub(crate) fn metrics(&self) -> Metrics {
        let (status, body) = self.get("/metrics");
        assert_eq!(status, 200, "{body}");
        Metrics::parse(&body)
    }

    /// Polls `/metrics` until `ok` holds (a state the test needs), at most 60 s on a loaded machine.
    pub(crate) fn wait_for(&self, what: &str, ok: impl Fn(&Metrics) -> bool) -> Metrics {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let m = self.metrics();
            if ok(&m) {
                return m;
            }
            assert!(Instant::now() < deadline, "never reached: {what}\n{m:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for AdminRelay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 GET over a fresh TCP connection: the status and the body.
pub(crate) fn http_get(addr: SocketAddr, path: &str) -> (u16, String) {
    http_request(addr, &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: */*\r\n\r\n"))
}

fn http_request(addr: SocketAddr, request: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect to the admin listener");
    s.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
    s.write_all(request.as_bytes()).expect("send the request");
    let mut response = String::new();
    s.read_to_string(&mut response).expect("read the answer (the relay closes the connection)");
    let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).expect("a status code");
    assert!(head.to_ascii_lowercase().contains("connection: close"), "{head}");
    let length: usize = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().expect("a length")))
        .expect("Content-Length");
    assert_eq!(body.len(), length, "the whole body");
    (status, body.to_string())
}

/// A Prometheus text exposition, parsed: every sample by its series (`name{labels}`), each
/// checked to belong to a metric with a `# TYPE` line.
#[derive(Debug)]
pub(crate) struct Metrics(HashMap<String, f64>);

impl Metrics {
    pub(crate) fn parse(text: &str) -> Metrics {
        let mut types = HashMap::new();
        let mut samples = HashMap::new();
        for line in text.lines().filter(|l| !l.is_empty()) {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').expect("# TYPE name kind");
                assert!(["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind), "{line}");
                types.insert(name.to_string(), kind.to_string());
                continue;
            }
            if line.starts_with("# HELP ") {
                continue;
            }
            assert!(!line.starts_with('#'), "an unknown comment: {line}");
            let (series, value) = line.rsplit_once(' ').expect("a series and its value");
            let value: f64 = value.parse().unwrap_or_else(|_| panic!("not a number: {line}"));
            let name = series.split('{').next().expect("a name");
            assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'), "{line}");
            let family = ["_bucket", "_sum", "_count"].iter().find_map(|s| name.strip_suffix(s).filter(|f| types.get(*f).is_some_and(|k| k == "histogram")));
            assert!(types.contains_key(name) || family.is_some(), "a sample without # TYPE: {line}");
            if let Some(labels) = series.strip_prefix(name) {
                assert!(labels.is_empty() || (labels.starts_with('{') && labels.ends_with('}')), "{line}");
            }
            samples.insert(series.to_string(), value);
        }
        Metrics(samples)
    }

    /// A sample's value; 0 when absent (a labelled counter appears at its first increment).
    pub(crate) fn get(&self, series: &str) -> f64 {
        self.0.get(series).copied().unwrap_or(0.0)
    }
}


/// Reads until the relay closes the connection: its close code and reason.
pub(crate) async fn closed(ws: &mut Ws) -> (u16, String) {
    let read = async {
        while let Some(m) = ws.next().await {
            match m {
                Ok(Message::Close(Some(f))) => return (u16::from(f.code), f.reason.to_string()),
                Ok(Message::Close(None)) | Err(_) => return (0, String::new()),
                Ok(_) => {}
            }
        }
        (0, String::new())
    };
    tokio::time::timeout(Duration::from_secs(60), read).await.expect("the relay closes the connection")
}

/// Reads until the relay's opening sync step 1 (the connection was admitted).
pub(crate) async fn admitted(url: &str) -> Ws {
    let mut ws = raw(url).await;
    let read = async {
        while let Some(m) = ws.next().await {
            if let Ok(Message::Binary(b)) = m {
                if matches!(protocol::decode_frame(&b).expect("decodes").as_slice(), [protocol::Message::SyncStep1(_)]) {
                    return;
                }
            } else if let Ok(Message::Close(f)) = m {
                panic!("refused: {f:?}");
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(60), read).await.expect("admitted in time");
    ws
}

/// A members-only relay's workshop: the chair's directory, the workshop, and tokens for a
/// delegate and an observer on `ws://127.0.0.1:port`.
pub(crate) struct Members {
    pub(crate) id: String,
    pub(crate) delegate: String,
    pub(crate) observer: String,
}

pub(crate) fn members(chair_dir: &Path, port: u16) -> Members {
    let id = caucus_ok(chair_dir, &["new", "--title", "Wildlife cybercrime"]).trim().to_string();
    caucus_ok(chair_dir, &["para", "add", &id, "--kind", "operative", "--text", "URGES Parties to act;"]);
    let relay = format!("ws://127.0.0.1:{port}");
    let add = |name: &str, role: &str, group: &str| {
        let member = caucus_ok(chair_dir, &["member", "add", &id, "--name", name, "--delegation", "X", "--role", role, "--group", group]).trim().to_string();
        caucus_ok(chair_dir, &["invite", &id, "--member", &member, "--relay", &relay]).trim().to_string()
    };
    let delegate = add("Ana", "delegate", "producer-country");
    let observer = add("Analyst", "observer", "ngo");
    Members { id, delegate, observer }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_and_metrics_follow_a_real_sync_a_forged_write_and_the_roles_of_open_connections() {
    let (chair, member) = (tempdir(), tempdir());
    let port = free_port();
    let m = members(chair.path(), port);
    let relay = AdminRelay::start(chair.path(), port, &[]);

    assert_eq!(relay.get("/healthz"), (200, "ok\n".to_string()));
    assert_eq!(relay.get("/nowhere").0, 404);
    assert_eq!(http_request(relay.admin, "POST /metrics HTTP/1.1\r\nHost: x\r\n\r\n").0, 405);
    assert_eq!(http_request(relay.admin, &format!("GET /healthz HTTP/1.1\r\nX-Pad: {}\r\n\r\n", "a".repeat(9000))).0, 431);
    let before = relay.metrics();
    assert_eq!(before.get("caucus_relay_frames_total{direction=\"in\"}"), 0.0);
    assert_eq!(before.get("caucus_relay_rooms_open"), 0.0);

    // A delegate joins (a real client: the three documents synced) and syncs an edit back.
    let d = member.path();
    caucus_ok(d, &["join", &m.delegate]);
    caucus_ok(d, &["para", "add", &m.id, "--kind", "operative", "--text", "INVITES Parties to report;"]);
    caucus_ok(d, &["sync", &m.id, "--to", &relay.url]);

    // An observer forges a write to the draft: closed with sync.forbidden, and counted.
    let room = |doc: &str, token: &str| format!("{}/{}/{doc}?token={token}", relay.url, m.id);
    let mut forger = admitted(&room("draft", &m.observer)).await;
    forger.send(Message::Binary(protocol::encode_update(news(77_001)).into())).await.expect("send");
    let (code, reason) = closed(&mut forger).await;
    assert_eq!(code, 4403, "{reason}");
    // A token that is no token: refused before joining, and counted by its code.
    let mut garbage = raw(&room("notes", "caucus1.nope")).await;
    assert_eq!(closed(&mut garbage).await.0, 4401);

    // An observer reading the notes is counted under its role while it is connected.
    let reader = admitted(&room("notes", &m.observer)).await;
    let after = relay.wait_for("one observer connected", |x| x.get("caucus_relay_connections{role=\"observer\"}") == 1.0);
    assert!(after.get("caucus_relay_frames_total{direction=\"in\"}") > 0.0, "{after:?}");
    assert!(after.get("caucus_relay_frames_total{direction=\"out\"}") > 0.0, "{after:?}");
    assert!(after.get("caucus_relay_payload_bytes_total{direction=\"in\"}") > after.get("caucus_relay_frames_total{direction=\"in\"}"));
    assert!(after.get("caucus_relay_payload_bytes_total{direction=\"out\"}") > 0.0);
    assert_eq!(after.get("caucus_relay_refusals_total{code=\"sync.forbidden\"}"), 1.0, "{after:?}");
    assert_eq!(after.get("caucus_relay_refusals_total{code=\"auth.malformed\"}"), 1.0, "{after:?}");
    assert!(after.get("caucus_relay_rooms_open") >= 2.0, "notes (open) and the draft at least: {after:?}");
    assert_eq!(after.get("caucus_relay_connections{role=\"delegate\"}"), 0.0, "the delegate's sync ended");
    // The delegate's edit was committed by the relay's store: its latency observed.
    assert!(after.get("caucus_relay_store_commit_latency_seconds_count") >= 1.0, "{after:?}");
    assert_eq!(
        after.get("caucus_relay_store_commit_latency_seconds_bucket{le=\"+Inf\"}"),
        after.get("caucus_relay_store_commit_latency_seconds_count")
    );
    assert!(after.get("caucus_relay_store_size_bytes") > 4096.0, "{after:?}");
    drop(reader);
    relay.wait_for("the observer left", |x| x.get("caucus_relay_connections{role=\"observer\"}") == 0.0);
    assert_eq!(relay.get("/healthz").0, 200);
}

#[test]
fn admin_beyond_loopback_is_refused_without_its_flag() {
    let dir = tempdir();
    let out = caucus_cmd(dir.path())
        .args(["--json", "serve", "--listen", "127.0.0.1:0", "--admin", "0.0.0.0:0", "--no-mdns"])
        .stdin(Stdio::null())
        .output()
        .expect("run caucus serve");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("\"admin.not_loopback\""), "{stderr}");
}

/// The disk of the data directory filled up: `/healthz` turns 503 and names it, and turns 200
/// again once space is freed. Needs root (a size-limited tmpfs), like diskfull::.
#[test]
#[ignore = "needs root: mounts a size-limited tmpfs; scripts/test.sh runs it as root"]
fn healthz_is_503_while_the_store_cannot_write_and_200_once_it_can() {
    let disk = crate::diskfull::SmallDisk::mount(16 * 1024);
    let dir = disk.data_dir();
    caucus_ok(&dir, &["new", "--title", "Wildlife cybercrime"]);
    let relay = AdminRelay::start(&dir, 0, &["--open"]);
    assert_eq!(relay.get("/healthz"), (200, "ok\n".to_string()));

    // Fill the file system to the last byte.
    let filler = disk.mount.join("filler");
    let mut f = std::fs::File::create(&filler).expect("create the filler");
    let block = vec![0x5au8; 64 * 1024];
    loop {
        match f.write(&block) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                assert_eq!(e.raw_os_error(), Some(28), "ENOSPC, not {e}");
                break;
            }
        }
    }
    drop(f);
    let (status, body) = relay.get("/healthz");
    assert_eq!(status, 503, "{body}");
    // Either the free-space check or the probe's write itself (both are checked) says so.
    assert!(body.starts_with("health.disk_full:") || (body.starts_with("health.write_failed:") && body.contains("store.disk_full")), "{body}");

    // Freed (the space comes back once no process holds the file: a test running alongside may
    // have forked while it was open, so wait for it).
    std::fs::remove_file(&filler).expect("free the space");
    let deadline = Instant::now() + Duration::from_secs(60);
    while relay.get("/healthz").0 != 200 {
        assert!(Instant::now() < deadline, "healthy again once space was freed: {:?}", relay.get("/healthz"));
        std::thread::sleep(Duration::from_millis(20));
    }
}
