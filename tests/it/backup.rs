//! Backup and restore (issue #13 §1): `caucus backup` of a real `caucus serve` process's data directory under write load, `caucus restore-backup` into a fresh one, nothing acknowledged missing; damaged backups refused with nothing written.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use caucus::model::DocName;
use caucus::sync::client::{sync_once, SyncOptions};
use caucus::sync::protocol;
use caucus::{NewParagraph, ParaKind, Workshop};
use futures_util::SinkExt;
use tokio_tungstenite::tungstenite::Message;
use yrs::StateVector;

use crate::support::{device, new_workshop, tempdir};
use crate::sync::{caucus_cmd, caucus_ok, next_messages, raw, RelayProcess};

/// Runs `caucus ARGS` and returns its exit success and the error code it printed (`--json`).
fn caucus_code(dir: &Path, args: &[&str]) -> Option<String> {
    let out = caucus_cmd(dir).arg("--json").args(args).output().expect("run caucus");
    if out.status.success() {
        return None;
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().last().unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|_| panic!("not a JSON error: {stderr}"));
    Some(v["error"]["code"].as_str().expect("a code").to_string())
}

/// The draft's paragraph texts in the data directory `dir`, read with the CLI.
fn texts(dir: &Path, id: &str) -> Vec<String> {
    let view: caucus::DraftView = serde_json::from_str(&caucus_ok(dir, &["--json", "show", id])).expect("show --json");
    view.paragraphs.iter().map(|p| p.para.text()).collect()
}

/// Adds paragraph `edit N` to the draft, sends it to the relay on `ws` and waits for the relay's
/// acknowledgement: the answer to a step 1 sent after it, which the relay gives only once every
/// frame before it is committed.
pub(crate) async fn edit_and_wait_for_ack(ws: &mut crate::sync::Ws, w: &Workshop, n: usize) {
    let sv = w.state_vector(DocName::Draft);
    w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, format!("edit {n}"))).expect("edit");
    let update = protocol::encode_update(w.encode_diff(DocName::Draft, &sv));
    ws.send(Message::Binary(update.into())).await.expect("send the update");
    ws.send(Message::Binary(protocol::encode_step1(&StateVector::default()).into())).await.expect("ask for an answer");
    loop {
        if next_messages(ws).await.iter().any(|m| matches!(m, protocol::Message::SyncStep2(_))) {
            return;
        }
    }
}

/// Opens a raw connection to the draft room and answers the relay's step 1.
pub(crate) async fn draft_connection(url: &str, id: &str) -> crate::sync::Ws {
    let mut ws = raw(&format!("{url}/{id}/draft")).await;
    loop {
        if next_messages(&mut ws).await.iter().any(|m| matches!(m, protocol::Message::SyncStep1(_))) {
            break;
        }
    }
    ws.send(Message::Binary(protocol::encode_step2(Vec::from([0u8, 0])).into())).await.expect("answer the relay's step 1");
    ws
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_the_relay_serves_under_load_restores_everything_acknowledged_before_it() {
    let tmp = tempdir();
    let (relay_dir, restored, file) = (tmp.path().join("relay"), tmp.path().join("restored"), tmp.path().join("relay.backup"));
    let delegate_dir = tmp.path().join("delegate");
    let a = device(&delegate_dir, 131);
    let wa = new_workshop(&a, "Wildlife cybercrime");
    let id = wa.id().to_string();
    let relay = RelayProcess::start(&relay_dir, 0);
    let url = relay.url.clone();
    sync_once(&wa, &url, &SyncOptions::default()).await.expect("the workshop reaches the relay");

    // A client writes without pause; `acked` is the highest edit the relay acknowledged.
    let acked = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicUsize::new(usize::MAX));
    let writer = {
        let (acked, stop, wa, url, id) = (Arc::clone(&acked), Arc::clone(&stop), wa.clone(), url.clone(), id.clone());
        tokio::spawn(async move {
            let mut ws = draft_connection(&url, &id).await;
            let mut n = 1;
            while n <= stop.load(Ordering::SeqCst) {
                edit_and_wait_for_ack(&mut ws, &wa, n).await;
                acked.store(n, Ordering::SeqCst);
                n += 1;
            }
        })
    };
    while acked.load(Ordering::SeqCst) < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let before = acked.load(Ordering::SeqCst);
    let backup = {
        let (relay_dir, file) = (relay_dir.clone(), file.clone());
        tokio::task::spawn_blocking(move || caucus_ok(&relay_dir, &["backup", "all", "--to", file.to_str().expect("utf-8")]))
    };
    let said = backup.await.expect("backup ran");
    assert!(said.contains("backed up 1 workshop"), "{said}");
    let during = acked.load(Ordering::SeqCst);
    // The writer goes on a little after the backup, then stops.
    stop.store(during + 5, Ordering::SeqCst);
    writer.await.expect("the writer");
    eprintln!("edits acknowledged before the backup: {before}; when it returned: {during}");

    // A relay still running owns its directory: restoring into it is refused.
    assert_eq!(caucus_code(&relay_dir, &["restore-backup", file.to_str().expect("utf-8"), "--force"]).as_deref(), Some("store.in_use"));
    drop(relay);

    assert_eq!(caucus_code(&restored, &["restore-backup", file.to_str().expect("utf-8")]), None);
    assert!(caucus_ok(&restored, &["check"]).starts_with("ok: 1 workshops"));
    let got = texts(&restored, &id);
    let missing: Vec<usize> = (1..=before).filter(|n| !got.contains(&format!("edit {n}"))).collect();
    assert!(missing.is_empty(), "acknowledged before the backup began, missing from it: {missing:?}");
    // A second restore into the now non-empty directory needs --force.
    assert_eq!(caucus_code(&restored, &["restore-backup", file.to_str().expect("utf-8")]).as_deref(), Some("backup.not_empty"));
    assert_eq!(caucus_code(&restored, &["restore-backup", file.to_str().expect("utf-8"), "--force"]), None);

    // The same for the delegate's device database, backed up while this process owns it.
    let own = tmp.path().join("delegate.backup");
    let other = tmp.path().join("delegate-restored");
    caucus_ok(&delegate_dir, &["backup", &id, "--to", own.to_str().expect("utf-8")]);
    caucus_ok(&other, &["restore-backup", own.to_str().expect("utf-8")]);
    assert!(caucus_ok(&other, &["check"]).starts_with("ok: 1 workshops"));
    let mine: Vec<String> = wa.paragraphs().iter().map(|p| p.para.text()).collect();
    assert_eq!(texts(&other, &id), mine);
}

#[test]
fn a_damaged_or_truncated_backup_is_refused_and_nothing_is_written() {
    let tmp = tempdir();
    let (dir, file) = (tmp.path().join("device"), tmp.path().join("good.backup"));
    let id = {
        let c = device(&dir, 132);
        let w = new_workshop(&c, "Wildlife cybercrime");
        for n in 0..30 {
            w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, format!("edit {n}"))).expect("edit");
        }
        w.id().to_string()
    };
    caucus_ok(&dir, &["backup", "all", "--to", file.to_str().expect("utf-8")]);
    let original = texts(&dir, &id);
    let good = std::fs::read(&file).expect("read the backup");

    let truncated = tmp.path().join("truncated.backup");
    std::fs::write(&truncated, &good[..good.len() / 2]).expect("write");
    // A row whose bytes no longer match its checksum: SQLite's own check passes, ours does not.
    let damaged = tmp.path().join("damaged.backup");
    std::fs::write(&damaged, &good).expect("write");
    {
        let conn = rusqlite::Connection::open(&damaged).expect("open the copy");
        conn.execute("UPDATE updates SET data = x'00' WHERE seq = (SELECT max(seq) FROM updates)", []).expect("damage a row");
    }
    let not_sqlite = tmp.path().join("notes.txt");
    std::fs::write(&not_sqlite, "not a database").expect("write");

    for bad in [&truncated, &damaged, &not_sqlite] {
        let target = tmp.path().join(format!("restored-{}", bad.file_name().and_then(|n| n.to_str()).expect("name")));
        assert_eq!(caucus_code(&target, &["restore-backup", bad.to_str().expect("utf-8")]).as_deref(), Some("backup.unusable"), "{}", bad.display());
        assert!(!target.exists(), "nothing written for {}", bad.display());
    }
    // A damaged file does not replace a good database either, even with --force.
    let target = tmp.path().join("restored");
    caucus_ok(&target, &["restore-backup", file.to_str().expect("utf-8")]);
    assert_eq!(caucus_code(&target, &["restore-backup", damaged.to_str().expect("utf-8"), "--force"]).as_deref(), Some("backup.unusable"));
    assert_eq!(texts(&target, &id), original);
    assert_eq!(caucus_code(&dir, &["backup", "nosuchworkshop", "--to", "x"]).as_deref(), Some("backup.no_such_workshop"));
    // Never over, or from, a directory's own database.
    let own = dir.join("caucus.sqlite3");
    assert_eq!(caucus_code(&dir, &["backup", "all", "--to", own.to_str().expect("utf-8")]).as_deref(), Some("backup.same_file"));
    assert_eq!(caucus_code(&dir, &["restore-backup", own.to_str().expect("utf-8"), "--force"]).as_deref(), Some("backup.same_file"));
    assert!(caucus_ok(&dir, &["check"]).starts_with("ok: 1 workshops"));
}
