//! A full disk and a second process (issue #16): every answer matches what is on disk, reads go on, writes resume once space is freed; one owner per data directory.
//!
//! The disk tests mount a size-limited tmpfs, so they need root: they are ignored in a plain
//! `cargo test` and `scripts/test.sh` runs them as root (`cargo test --test it -- --ignored diskfull::`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::auth::{free_port, json_error_code, serve_with, Serve};

/// The `--json` error's code: the last line of stderr (a log line may come before it).
fn error_code(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.lines().last().unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(last).unwrap_or_default();
    v["error"]["code"].as_str().unwrap_or_default().to_string()
}
use crate::support::tempdir;
use crate::sync::{caucus_cmd, caucus_ok};

/// A tmpfs of a given size mounted on a fresh temporary directory, unmounted when dropped.
pub(crate) struct SmallDisk {
    _dir: tempfile::TempDir,
    pub(crate) mount: PathBuf,
}

impl SmallDisk {
    pub(crate) fn mount(kib: u32) -> SmallDisk {
        assert!(is_root(), "this test mounts a tmpfs: run it as root (scripts/test.sh does)");
        let dir = tempdir();
        let mount = dir.path().join("disk");
        std::fs::create_dir(&mount).expect("mount point");
        run("mount", &["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs", path_str(&mount)]);
        SmallDisk { _dir: dir, mount }
    }

    /// The data directory on it.
    pub(crate) fn data_dir(&self) -> PathBuf {
        self.mount.join("caucus")
    }

    /// Frees space: the file system grows to `kib`.
    fn grow(&self, kib: u32) {
        run("mount", &["-o", &format!("remount,size={kib}k"), path_str(&self.mount)]);
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.mount).output();
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

fn run(program: &str, args: &[&str]) {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn caucus_json(dir: &Path, args: &[&str]) -> Output {
    caucus_cmd(dir).arg("--json").args(args).output().expect("run caucus")
}

/// A paragraph's text: a marker and enough words to fill a small disk in a few hundred saves.
fn paragraph(n: usize) -> String {
    format!("URGES Parties (marker {n:04}) to {};", "act against wildlife cybercrime ".repeat(40).trim_end())
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
#[ignore = "needs root: mounts a size-limited tmpfs; scripts/test.sh runs it as root"]
fn the_command_line_answers_exactly_on_a_full_disk_and_writes_again_once_space_is_freed() {
    let disk = SmallDisk::mount(320);
    let dir = disk.data_dir();
    let id = caucus_ok(&dir, &["new", "--title", "Wildlife cybercrime"]).trim().to_string();
    let (mut saved, mut refused) = (Vec::new(), Vec::new());
    for n in 1..=2000 {
        let out = caucus_json(&dir, &["para", "add", &id, "--kind", "operative", "--text", &paragraph(n)]);
        if out.status.success() {
            saved.push(n);
        } else {
            assert_eq!(error_code(&out), "store.disk_full", "save {n}: {}", String::from_utf8_lossy(&out.stderr));
            refused.push(n);
            if refused.len() == 6 {
                break;
            }
        }
    }
    assert_eq!(refused.len(), 6, "the disk never filled ({} saves)", saved.len());
    assert!(saved.len() > 20, "only {} saves before the disk was full", saved.len());

    // A full disk still opens, shows and exports the workshop; every answer was exact.
    let shown = caucus_ok(&dir, &["show", &id]);
    for n in &saved {
        assert_eq!(count(&shown, &format!("marker {n:04}")), 1, "saved paragraph {n} is there once");
    }
    for n in &refused {
        assert_eq!(count(&shown, &format!("marker {n:04}")), 0, "paragraph {n} was reported not saved: it is not there");
    }
    let elsewhere = tempdir();
    let html = elsewhere.path().join("draft.html");
    caucus_ok(&dir, &["export", &id, "--format", "html", "-o", path_str(&html)]);
    assert!(std::fs::read_to_string(&html).expect("the export").contains(&format!("marker {:04}", saved[0])));

    // Space freed: writes succeed again, nothing lost or doubled, no other step needed.
    disk.grow(4096);
    let next = 9000;
    caucus_ok(&dir, &["para", "add", &id, "--kind", "operative", "--text", &paragraph(next)]);
    let shown = caucus_ok(&dir, &["show", &id]);
    assert_eq!(count(&shown, &format!("marker {next:04}")), 1);
    assert_eq!(count(&shown, "(marker "), saved.len() + 1, "every saved paragraph once, and the new one");
    caucus_ok(&dir, &["check"]);
}

#[test]
#[ignore = "needs root: mounts a size-limited tmpfs; scripts/test.sh runs it as root"]
fn a_relay_on_a_full_disk_refuses_writes_with_4507_serves_reads_and_takes_writes_once_space_is_freed() {
    let disk = SmallDisk::mount(384);
    let relay_dir = disk.data_dir();
    let (chair_dir, reader_dir) = (tempdir(), tempdir());
    let (chair, reader) = (chair_dir.path(), reader_dir.path());
    let id = caucus_ok(chair, &["new", "--title", "Wildlife cybercrime"]).trim().to_string();
    let delegate = caucus_ok(chair, &["member", "add", &id, "--name", "Ana", "--delegation", "Kenya", "--role", "delegate", "--group", "producer-country"])
        .trim()
        .to_string();
    let port = free_port();
    let url = format!("ws://127.0.0.1:{port}");
    let _relay: Serve = serve_with(&relay_dir, port, &["--create-rooms"]);
    caucus_ok(chair, &["sync", &id, "--to", &url]);
    // A member who joined before the disk filled up (joining writes: the device's claim).
    let token = caucus_ok(chair, &["invite", &id, "--member", &delegate, "--relay", &url]).trim().to_string();
    caucus_ok(reader, &["join", &token]);

    // The chair writes through the relay until its disk is full.
    let (mut synced, mut refusal) = (Vec::new(), None);
    for n in 1..=2000 {
        caucus_ok(chair, &["para", "add", &id, "--kind", "operative", "--text", &paragraph(n)]);
        let out = caucus_json(chair, &["sync", &id, "--to", &url, "--timeout", "30"]);
        if out.status.success() {
            synced.push(n);
        } else {
            refusal = Some((n, String::from_utf8_lossy(&out.stderr).to_string()));
            break;
        }
    }
    let (refused, message) = refusal.expect("the relay's disk filled up");
    assert!(synced.len() > 5, "only {} syncs before the relay's disk was full", synced.len());
    assert!(message.contains("4507") && message.contains("store.disk_full"), "{message}");

    // Reads go on: the member syncs and gets everything the relay committed, nothing else.
    caucus_ok(reader, &["sync", &id, "--to", &url, "--timeout", "30"]);
    let shown = caucus_ok(reader, &["show", &id]);
    for n in &synced {
        assert_eq!(count(&shown, &format!("marker {n:04}")), 1, "committed paragraph {n} reached the reader");
    }
    // What the reader got, the relay had committed (a sync is three documents: the draft's part of
    // the refused sync may have been saved before the notes' part hit the full disk).
    let on_relay_disk = caucus_ok(&relay_dir, &["show", &id]);
    for line in shown.lines().filter(|l| l.contains("(marker ")) {
        assert!(on_relay_disk.contains(line.trim()), "forwarded but not on the relay's disk: {line}");
    }

    // Space freed: the same sync goes through, and the reader gets it.
    disk.grow(8192);
    caucus_ok(chair, &["sync", &id, "--to", &url, "--timeout", "30"]);
    caucus_ok(reader, &["sync", &id, "--to", &url, "--timeout", "30"]);
    let shown = caucus_ok(reader, &["show", &id]);
    assert_eq!(count(&shown, &format!("marker {refused:04}")), 1);
    assert_eq!(count(&shown, "(marker "), synced.len() + 1);
}

#[test]
fn a_second_process_on_a_data_directory_is_refused_by_name_reads_beside_it_and_loses_nothing() {
    let (relay_dir, chair_dir) = (tempdir(), tempdir());
    let (relay, chair) = (relay_dir.path(), chair_dir.path());
    let id = caucus_ok(chair, &["new", "--title", "Wildlife cybercrime"]).trim().to_string();
    caucus_ok(chair, &["para", "add", &id, "--kind", "operative", "--text", "URGES Parties to act;"]);
    let port = free_port();
    let url = format!("ws://127.0.0.1:{port}");
    let mut serving = serve_with(relay, port, &["--create-rooms"]);
    caucus_ok(chair, &["sync", &id, "--to", &url]);

    // The relay owns its data directory: a command that writes there is refused, naming it.
    let out = caucus_json(relay, &["para", "add", &id, "--kind", "operative", "--text", "INVITES Parties to report;"]);
    assert!(!out.status.success());
    assert_eq!(json_error_code(&out), "store.in_use");
    let message = String::from_utf8_lossy(&out.stderr);
    let pid = serving.0.id().to_string();
    assert!(message.contains("caucus serve") && message.contains(&pid), "names the relay and its process: {message}");

    // Reading beside it works and sees what the relay committed.
    assert!(caucus_ok(relay, &["show", &id]).contains("URGES Parties to act;"));
    assert!(caucus_ok(relay, &["list"]).contains(&id));

    // The relay goes on committing (another edit synced in); once it stops, everything is there.
    caucus_ok(chair, &["para", "add", &id, "--kind", "operative", "--text", "DIRECTS the Secretariat to report;"]);
    caucus_ok(chair, &["sync", &id, "--to", &url]);
    let _ = serving.0.kill();
    let _ = serving.0.wait();
    let shown = caucus_ok(relay, &["show", &id]);
    assert!(shown.contains("URGES Parties to act;") && shown.contains("DIRECTS the Secretariat to report;"), "{shown}");
    // Free again: a write succeeds.
    caucus_ok(relay, &["para", "add", &id, "--kind", "operative", "--text", "INVITES Parties to report;"]);
}
