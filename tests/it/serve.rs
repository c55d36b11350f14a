//! The relay as a service (issue #13 §1): a real `caucus serve` process stops gracefully on SIGTERM, and refuses `--open` beyond loopback without the flag that accepts it.

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::time::Duration;

use caucus::sync::client::{sync_once, SyncOptions};
use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::Message;

use crate::backup::{draft_connection, edit_and_wait_for_ack};
use crate::support::{device, new_workshop, tempdir};
use crate::sync::{caucus_cmd, caucus_ok, RelayProcess};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_closes_connections_with_going_away_keeps_everything_acknowledged_and_exits_0() {
    let tmp = tempdir();
    let relay_dir = tmp.path().join("relay");
    let a = device(&tmp.path().join("delegate"), 141);
    let wa = new_workshop(&a, "Wildlife cybercrime");
    let mut relay = RelayProcess::start(&relay_dir, 0);
    sync_once(&wa, &relay.url, &SyncOptions::default()).await.expect("the workshop reaches the relay");
    let mut ws = draft_connection(&relay.url, wa.id()).await;
    for n in 1..=25 {
        edit_and_wait_for_ack(&mut ws, &wa, n).await;
    }

    // SIGTERM to the one process this test started, by its pid.
    let pid = relay.child.id().to_string();
    let sent = std::process::Command::new("kill").args(["-TERM", &pid]).status().expect("run kill");
    assert!(sent.success());
    let close = tokio::time::timeout(Duration::from_secs(20), async {
        while let Some(m) = ws.next().await {
            match m {
                Ok(Message::Close(Some(f))) => return Some(u16::from(f.code)),
                Ok(Message::Close(None)) | Err(_) => return None,
                Ok(_) => {}
            }
        }
        None
    })
    .await
    .expect("the relay closes the connection");
    assert_eq!(close, Some(1001), "closed with going away");
    let status = tokio::task::spawn_blocking(move || {
        let status = relay.child.wait().expect("the relay exits");
        (status, relay)
    })
    .await
    .expect("waited")
    .0;
    assert!(status.success(), "exit status {status:?}");

    let view: caucus::DraftView = serde_json::from_str(&caucus_ok(&relay_dir, &["--json", "show", wa.id()])).expect("show --json");
    let got: Vec<String> = view.paragraphs.iter().map(|p| p.para.text()).collect();
    let missing: Vec<usize> = (1..=25).filter(|n| !got.contains(&format!("edit {n}"))).collect();
    assert!(missing.is_empty(), "acknowledged, missing after SIGTERM: {missing:?}");
    assert!(caucus_ok(&relay_dir, &["check"]).starts_with("ok: 1 workshops"));
}

/// RFC 6455 §5.5.1: the relay answers a client's close with a close of its own before it drops
/// the connection, so the client (a browser's WebSocket, y-websocket) sees a clean close, not an
/// abnormal one (1006).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_closes_is_answered_with_a_close() {
    use futures_util::SinkExt;
    let tmp = tempdir();
    let a = device(&tmp.path().join("delegate"), 142);
    let wa = new_workshop(&a, "Wildlife cybercrime");
    let relay = RelayProcess::start(&tmp.path().join("relay"), 0);
    sync_once(&wa, &relay.url, &SyncOptions::default()).await.expect("the workshop reaches the relay");
    let mut ws = draft_connection(&relay.url, wa.id()).await;
    ws.send(Message::Close(None)).await.expect("close");
    let answer = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Close(frame))) => return Ok(frame),
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.to_string()),
                None => return Err("ended without a close".to_string()),
            }
        }
    })
    .await
    .expect("the relay answers in time");
    assert!(answer.is_ok(), "the relay dropped the connection without answering the close: {answer:?}");
}

#[test]
fn open_beyond_loopback_is_refused_unless_the_alarming_flag_is_given_and_then_says_what_it_exposes() {
    let tmp = tempdir();
    let dir = tmp.path().join("relay");
    // Refused: it exits before listening (a relay that listened is killed, and the test fails).
    let (first, stderr) = first_line(caucus_cmd(&dir).args(["--json", "serve", "--open", "--listen", "0.0.0.0:0", "--tls-self-signed", "--no-mdns"]));
    assert!(first.is_empty(), "never listened: {first}");
    assert!(stderr.contains("\"serve.open_refused\""), "{stderr}");

    // With the flag it serves, and says on stderr what anyone can do.
    let (line, stderr) =
        first_line(caucus_cmd(&dir).args(["serve", "--open", "--open-i-understand-anyone-can-write", "--listen", "0.0.0.0:0", "--tls-self-signed", "--no-mdns"]));
    assert!(line.starts_with("listening on wss://0.0.0.0:"), "{line}");
    assert!(stderr.contains("anyone who can reach this address"), "{stderr}");
    assert!(stderr.contains("change or delete any of it"), "{stderr}");
}

/// Starts `command`, reads the first line it prints (empty if it exits first), kills it (by its
/// pid) and returns that line and everything it wrote on stderr.
fn first_line(command: &mut std::process::Command) -> (String, String) {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn caucus serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read");
    let _ = child.kill();
    let _ = child.wait();
    let mut stderr = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("read");
    (line, stderr)
}
