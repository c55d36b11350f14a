//! wss:// (DESIGN §4, issue #3 item 2): a `caucus serve --tls-self-signed` relay on 127.0.0.1, pinned by the fingerprint in the invitation; wrong pins, plain ws:// to a TLS port, restarts; the long-running link over TLS.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use caucus::sync::client::{sync_once, Link, LinkOptions, LinkState, SyncOptions};
use caucus::sync::relay::{Relay, RelayOptions};
use caucus::sync::tls::{self, ServerTls, Trust};
use caucus::sync::{token, SyncError};

use crate::support::{device, new_workshop, tempdir};

fn cmd(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_caucus"));
    c.arg("--data-dir").arg(dir).env_remove("CAUCUS_LOG");
    c
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = cmd(dir).args(args).output().expect("run caucus");
    assert!(out.status.success(), "caucus {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Runs `caucus --json ARGS`, expecting a failure; returns its error code and its stderr.
fn fails(dir: &Path, args: &[&str]) -> (String, String) {
    let out = cmd(dir).arg("--json").args(args).output().expect("run caucus");
    assert!(!out.status.success(), "caucus {args:?} should have failed");
    let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
    let v: serde_json::Value = serde_json::from_str(&err).unwrap_or_default();
    (v["error"]["code"].as_str().unwrap_or_default().to_string(), err)
}

/// A `caucus serve` process, killed (by its pid) when dropped.
struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// `caucus serve --tls-self-signed` on a free loopback port: the process, its URL and the
/// fingerprint it printed.
fn serve_tls(dir: &Path) -> (Serve, String, String) {
    for _ in 0..40 {
        let port = free_port();
        let mut child = cmd(dir)
            .args(["serve", "--tls-self-signed", "--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn caucus serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout);
        let (mut first, mut second) = (String::new(), String::new());
        let _ = lines.read_line(&mut first);
        let _ = lines.read_line(&mut second);
        let url = first.trim().strip_prefix("listening on ");
        let fp = second.trim().strip_prefix("certificate fingerprint (SHA-256): ");
        if let (Some(url), Some(fp)) = (url, fp) {
            assert_eq!(url, format!("wss://127.0.0.1:{port}"));
            return (Serve(child), url.to_string(), fp.to_string());
        }
        let _ = child.kill();
        let _ = child.wait();
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("caucus serve --tls-self-signed did not start");
}

#[test]
fn a_tls_relay_syncs_with_the_pinned_fingerprint_refuses_others_and_keeps_its_certificate() {
    let (chair_dir, member_dir, third_dir) = (tempdir(), tempdir(), tempdir());
    let (c, m, t) = (chair_dir.path(), member_dir.path(), third_dir.path());
    let id = ok(c, &["new", "--title", "Wildlife cybercrime"]).trim().to_string();
    ok(c, &["para", "add", &id, "--kind", "operative", "--text", "URGES Parties to act;"]);
    let delegate = ok(c, &["member", "add", &id, "--name", "Ana", "--delegation", "Kenya", "--role", "delegate", "--group", "producer-country"])
        .trim()
        .to_string();

    let (relay, url, fp) = serve_tls(c);
    assert_eq!(fp.len(), 64, "{fp}");
    assert_eq!(tls::self_signed_fingerprint(c).as_deref(), Some(fp.as_str()), "the certificate is kept in the data dir");

    // The invitation to this device's wss:// relay carries its fingerprint without being told.
    let invitation = ok(c, &["invite", &id, "--member", &delegate, "--relay", &url]).trim().to_string();
    let claims = token::decode(&invitation, 0).expect("a valid token");
    assert_eq!(claims.fingerprint.as_deref(), Some(fp.as_str()));
    assert_eq!(claims.relay.as_deref(), Some(url.as_str()));

    // The member joins over wss://, pinned by the token.
    let joined = ok(m, &["join", &invitation]);
    assert!(joined.contains(&id) && joined.contains(&url), "{joined}");
    assert!(ok(m, &["show", &id]).contains("URGES Parties to act;"));

    // A wrong pin: refused in one clear line, nothing exchanged.
    ok(m, &["para", "add", &id, "--kind", "operative", "--text", "INVITES Parties to report;"]);
    let wrong = "00".repeat(32);
    let (code, err) = fails(m, &["sync", &id, "--to", &url, "--cert-fingerprint", &wrong]);
    assert_eq!(code, "sync.cert_mismatch", "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&fp) && err.contains(&wrong), "{err}");
    // Plain ws:// to the TLS port fails too; so does wss:// with nothing to trust.
    let (code, err) = fails(m, &["sync", &id, "--to", &url.replace("wss://", "ws://"), "--timeout", "10"]);
    assert_eq!(code, "sync.transport", "{err}");
    // (A device whose invitation names no relay, so it holds no pin: the chair's own data
    // directory is the relay's while it serves.)
    let unpinned_dir = tempdir();
    let unpinned = unpinned_dir.path();
    ok(unpinned, &["join", ok(c, &["invite", &id, "--member", &delegate]).trim()]);
    let (code, err) = fails(unpinned, &["sync", &id, "--to", &url]);
    assert_eq!(code, "sync.no_trust", "{err}");
    // A malformed pin is refused before any connection.
    let (code, err) = fails(m, &["sync", &id, "--to", &url, "--cert-fingerprint", "abcd"]);
    assert_eq!(code, "sync.tls", "{err}");

    let second = ok(c, &["invite", &id, "--member", &delegate, "--relay", &url]).trim().to_string();
    ok(t, &["join", &second]);
    assert!(!ok(t, &["show", &id]).contains("INVITES Parties to report;"), "nothing went through a refused connection");

    // With the token's pin (no flag) the member's paragraph goes through.
    ok(m, &["sync", &id, "--to", &url]);

    // Restarted, the relay presents the same certificate: the pins still hold.
    drop(relay);
    let (_relay, url2, fp2) = serve_tls(c);
    assert_eq!(fp2, fp, "the fingerprint is stable across restarts");
    ok(t, &["sync", &id, "--to", &url2]);
    assert!(ok(t, &["show", &id]).contains("INVITES Parties to report;"));
}

#[test]
fn a_relay_listens_beyond_loopback_only_with_tls() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let dir = tempdir();
        let r = device(dir.path(), 1);
        let any: std::net::SocketAddr = "0.0.0.0:0".parse().expect("addr");
        let plain = Relay::bind(r.clone(), any, RelayOptions::default()).await;
        assert!(matches!(plain, Err(SyncError::NotLoopback(_))));
        let tls = ServerTls::self_signed(dir.path()).expect("certificate");
        let relay = Relay::bind(r, any, RelayOptions { tls: Some(tls.clone()), ..RelayOptions::default() }).await.expect("bind with TLS");
        assert!(relay.url().starts_with("wss://"));
        assert_eq!(relay.fingerprint(), Some(tls.fingerprint.as_str()));
        relay.stop().await;
    });
}

#[test]
fn the_link_and_sync_once_run_over_tls_with_a_pin() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let (relay_dir, a_dir) = (tempdir(), tempdir());
        let r = device(relay_dir.path(), 1);
        let a = device(a_dir.path(), 2);
        let w = new_workshop(&a, "Over TLS");
        let tls = ServerTls::self_signed(relay_dir.path()).expect("certificate");
        let options = RelayOptions {
            create_rooms: true,
            open: true,
            idle_unload: Duration::from_millis(200),
            tls: Some(tls.clone()),
            ..RelayOptions::default()
        };
        let relay = Relay::bind(r.clone(), "127.0.0.1:0".parse().expect("addr"), options).await.expect("relay");
        let url = relay.url();

        // Without a trust, wss:// is refused up front.
        let none = sync_once(&w, &url, &SyncOptions::default()).await;
        assert!(matches!(none, Err(SyncError::NoTrust(_))), "{none:?}");
        let pin = Trust::pin(&tls.fingerprint.to_uppercase()).expect("a pin");
        let opts = SyncOptions { timeout: Duration::from_secs(10), trust: Some(pin.clone()), ..SyncOptions::default() };
        let report = sync_once(&w, &url, &opts).await.expect("sync over TLS");
        assert_eq!(report.docs.len(), caucus::DocName::ALL.len());

        // A CA file that does not issue the relay's certificate: the handshake fails.
        let ca = relay_dir.path().join("other-ca.pem");
        let other = tempdir();
        ServerTls::self_signed(other.path()).expect("another certificate");
        std::fs::copy(other.path().join(tls::SELF_SIGNED_CERT), &ca).expect("copy");
        let wrong_ca = SyncOptions { timeout: Duration::from_secs(10), trust: Some(Trust::ca_file(&ca).expect("ca")), ..SyncOptions::default() };
        let refused = sync_once(&w, &url, &wrong_ca).await;
        assert!(matches!(refused, Err(SyncError::Transport(_))), "{refused:?}");

        let link = Link::start(w.clone(), &url, LinkOptions { trust: Some(pin), ..LinkOptions::default() }).expect("link");
        link.wait_until(Duration::from_secs(10), |s| s.state == LinkState::Synced).await.expect("synced over TLS");
        link.stop().await;
        relay.stop().await;
    });
}
