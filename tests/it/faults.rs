//! Injected disk faults (issue #16): failed fsync, EIO on write and read, a full device mid-commit and power loss, each through a fault-injecting SQLite VFS and the real `Caucus` API; a damaged database found by `caucus check`; a damaged device's workshop restored from a peer through a relay.
//!
//! Every test keeps a ledger of the answers the store gave and reopens the database the way a
//! new process would: every save answered Ok must be there exactly once, and a save answered
//! with an error must be absent, unless the error said it may have been saved.

use std::path::Path;

use caucus::Coded;
use caucus::store::DATABASE_FILE;
use caucus::{Caucus, Error, NewParagraph, ParaKind, Workshop};

use crate::faultfs::{self, Cut, Plan, WriteError};
use crate::support::{device, new_workshop, tempdir};

/// The code of a save that failed at commit and left nothing on disk (an I/O error other than a full disk).
const COMMIT_FAILED: &str = "store.commit_failed";
/// The code issue #16 asks for when the device is full.
const DISK_FULL: &str = "store.disk_full";
/// The code of a read that failed with an I/O error.
const READ_FAILED: &str = "store.sqlite";

/// The store's answer where it truly cannot know whether a failed save reached the disk
/// (issue #16: "may have been saved"). One place, so the wording can follow the store.
fn says_it_may_have_been_saved(e: &Error) -> bool {
    e.to_string().contains("may have been saved")
}

/// Every answer the store gave, in order.
#[derive(Default)]
struct Ledger {
    saved: Vec<String>,
    failed: Vec<(String, Error)>,
}

impl Ledger {
    /// Adds a paragraph and records the answer.
    fn add(&mut self, w: &Workshop, text: &str) -> Result<(), &Error> {
        match w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, text)) {
            Ok(_) => {
                self.saved.push(text.to_string());
                Ok(())
            }
            Err(e) => {
                self.failed.push((text.to_string(), e));
                Err(&self.failed.last().expect("just pushed").1)
            }
        }
    }

    /// Saves `text`, which must succeed.
    fn saves(&mut self, w: &Workshop, text: &str) {
        if let Err(e) = self.add(w, text) {
            panic!("saving {text:?} failed: {} ({e})", e.code());
        }
    }

    /// Saves `text`, which must fail; returns the error.
    fn fails(&mut self, w: &Workshop, text: &str) -> &Error {
        let before = self.saved.len();
        let _ = self.add(w, text);
        assert_eq!(self.saved.len(), before, "{text:?} was reported saved although the fault fired");
        &self.failed.last().expect("recorded").1
    }

    /// The paragraphs found match every answer: each save answered Ok is there once, each
    /// answered with an error is absent unless the error said it may have been saved.
    fn matches(&self, found: &[String]) {
        self.matches_after("reopening", found);
    }

    /// [`Ledger::matches`], naming what happened before the paragraphs were read back.
    fn matches_after(&self, what: &str, found: &[String]) {
        for text in &self.saved {
            let n = found.iter().filter(|t| *t == text).count();
            assert_eq!(n, 1, "{text:?} was reported saved and is there {n} times after {what}");
        }
        for (text, e) in &self.failed {
            if found.contains(text) {
                assert!(
                    says_it_may_have_been_saved(e),
                    "{text:?} was reported not saved ({}: {e}) but is there after {what}",
                    e.code()
                );
            }
        }
    }
}

fn texts(w: &Workshop) -> Vec<String> {
    w.paragraphs().iter().map(|p| p.para.text()).collect()
}

/// The paragraphs of workshop `id` as a new process finds them, after a clean integrity check.
fn on_disk(dir: &Path, id: &str) -> Vec<String> {
    let caucus = device(dir, 90);
    caucus.store().integrity_check().expect("quick_check is clean after the fault");
    let w = caucus.open_workshop(id).expect("the workshop loads after the fault");
    texts(&w)
}

/// A device in an armed directory with a workshop holding `n` saved paragraphs.
fn workshop_with(dir: &Path, seed: u64, n: usize, ledger: &mut Ledger) -> (Caucus, Workshop) {
    let caucus = device(dir, seed);
    let w = new_workshop(&caucus, "Faults");
    for i in 0..n {
        ledger.saves(&w, &format!("saved before the fault {i}"));
    }
    (caucus, w)
}

/// The process ends without closing anything (a crash, or the power going), and the disk keeps
/// what `cut` says.
fn die(fs: &faultfs::Armed, cut: Cut, caucus: Caucus, w: Workshop) {
    fs.cut_power();
    drop(w);
    drop(caucus);
    fs.restore(cut);
}

// --- fsync ----------------------------------------------------------------------------------------

#[test]
fn a_failed_fsync_is_an_error_and_the_workshop_saves_again_once_fsync_works() {
    let dir = tempdir();
    let fs = faultfs::arm(dir.path());
    let mut ledger = Ledger::default();
    let (caucus, w) = workshop_with(dir.path(), 101, 5, &mut ledger);
    let id = w.id().to_string();

    fs.set(Plan::SyncFails { nth: 1, sticky: false });
    let err = ledger.fails(&w, "written but not synced");
    assert_eq!(err.code(), COMMIT_FAILED, "{err}");
    assert!(fs.injected() > 0, "the fsync failed");
    // Memory does not claim what the disk may lack: the next edit asks for a reopen.
    let err = ledger.fails(&w, "typed after the failure");
    assert_eq!(err.code(), "store.reload_required", "{err}");

    // Reopened, the workshop shows what the store has and saves again. (The poisoned handle is
    // closed first: it holds the device, which has one owner.)
    drop(w);
    let w = caucus.open_workshop(&id).expect("reopen after the failed fsync");
    ledger.matches(&texts(&w));
    ledger.saves(&w, "saved after fsync works again");
    drop(w);
    drop(caucus);
    ledger.matches(&on_disk(dir.path(), &id));
}

/// After a failed fsync the frames of the failed commit are in the WAL, with valid checksums:
/// whether they survive depends on what the OS does with them. The process then dies (fsync
/// still failing, so nothing checkpoints). Whatever the disk keeps, the answer must be true.
#[test]
fn after_a_failed_fsync_and_a_crash_the_answer_matches_the_disk() {
    for cut in [Cut::Crash, Cut::LoseUnsynced, Cut::Torn { keep: 1 }] {
        let dir = tempdir();
        let fs = faultfs::arm(dir.path());
        let mut ledger = Ledger::default();
        let (caucus, w) = workshop_with(dir.path(), 102, 5, &mut ledger);
        let id = w.id().to_string();
        fs.set(Plan::SyncFails { nth: 1, sticky: true });
        let err = ledger.fails(&w, "written but not synced");
        assert!(err.code().starts_with("store."), "{}: {err}", err.code());
        die(&fs, cut, caucus, w);
        ledger.matches_after(&format!("{cut:?} and reopening"), &on_disk(dir.path(), &id));
    }
}

// --- EIO on write -----------------------------------------------------------------------------------

/// How many writes and bytes one paragraph's save takes, measured so the sweeps below hit every
/// one. The first save of a session (after opening the workshop) also records the session's
/// client id; later ones do not.
fn cost_of_a_save(fs: &faultfs::Armed, caucus: &Caucus, id: &str, first_of_session: bool, ledger: &mut Ledger) -> (usize, u64) {
    let w = reopen(caucus, id, first_of_session, ledger);
    fs.set(Plan::Pass);
    ledger.saves(&w, "measured");
    let (_, writes, _, bytes) = fs.counts();
    assert!(writes > 0 && bytes > 0, "a save writes");
    (writes, bytes)
}

/// The workshop reopened from disk (a new session), after one save unless `first_of_session`.
fn reopen(caucus: &Caucus, id: &str, first_of_session: bool, ledger: &mut Ledger) -> Workshop {
    let w = caucus.open_workshop(id).expect("reopen");
    if !first_of_session {
        let n = ledger.saved.len();
        ledger.saves(&w, &format!("opening the session {n}"));
    }
    w
}

/// EIO at each write of a save in turn: the save fails, the workshop reopens with what was
/// saved and saves again; after a crash or a power cut the disk matches every answer.
fn fail_every_write_of_a_save(first_of_session: bool) {
    for cut in [Cut::Crash, Cut::LoseUnsynced] {
        let dir = tempdir();
        let fs = faultfs::arm(dir.path());
        let mut ledger = Ledger::default();
        let (caucus, w) = workshop_with(dir.path(), 103, 3, &mut ledger);
        let id = w.id().to_string();
        drop(w);
        let (writes, _) = cost_of_a_save(&fs, &caucus, &id, first_of_session, &mut ledger);
        for nth in 1..=writes {
            let w = reopen(&caucus, &id, first_of_session, &mut ledger);
            fs.set(Plan::WriteFails { nth, error: WriteError::Eio, sticky: false });
            let err = ledger.fails(&w, &format!("eio at write {nth}"));
            assert_eq!(err.code(), COMMIT_FAILED, "write {nth}: {err}");
            fs.set(Plan::Pass);
            let w = caucus.open_workshop(&id).expect("reopen after the failure");
            ledger.matches(&texts(&w));
            ledger.saves(&w, &format!("saved after eio at write {nth}"));
        }
        assert_eq!(ledger.failed.len(), writes, "every write of a save was failed once");
        let w = caucus.open_workshop(&id).expect("open");
        die(&fs, cut, caucus, w);
        ledger.matches(&on_disk(dir.path(), &id));
    }
}

#[test]
fn eio_on_any_write_of_a_save_fails_it_and_nothing_saved_is_lost() {
    fail_every_write_of_a_save(false);
}

#[test]
fn eio_on_any_write_of_the_first_save_of_a_session_gives_a_true_answer() {
    fail_every_write_of_a_save(true);
}

// --- a full device ----------------------------------------------------------------------------------

/// A device that fills up at every point of a save: the save fails, the workshop still opens
/// and shows what was saved, and once space is freed it saves again, nothing lost or doubled.
fn fill_the_device_at_every_point_of_a_save(first_of_session: bool, check_code: bool) {
    let dir = tempdir();
    let fs = faultfs::arm(dir.path());
    let mut ledger = Ledger::default();
    let (caucus, w) = workshop_with(dir.path(), 104, 3, &mut ledger);
    let id = w.id().to_string();
    drop(w);
    let (_, bytes) = cost_of_a_save(&fs, &caucus, &id, first_of_session, &mut ledger);
    // Every 512-byte step of the save's writes, and the last byte.
    let rooms: Vec<u64> = (0..bytes).step_by(512).chain([bytes - 1]).collect();
    for room in rooms {
        let w = reopen(&caucus, &id, first_of_session, &mut ledger);
        fs.set(Plan::WriteFailsAfter { bytes: room, error: WriteError::Full });
        let err = ledger.fails(&w, &format!("disk full after {room} bytes"));
        if check_code {
            assert_eq!(err.code(), DISK_FULL, "full after {room} bytes: {err}");
        } else {
            assert!(err.code().starts_with("store."), "full after {room} bytes: {}: {err}", err.code());
        }
        // Still full: the workshop opens, shows what was saved and exports.
        let w = caucus.open_workshop(&id).expect("a full device still opens its workshops");
        ledger.matches(&texts(&w));
        let md = w.export(&caucus::export::ExportOptions::new(caucus::export::Format::Md)).expect("and exports");
        assert!(!md.is_empty());
        // Space freed: it saves again.
        fs.set(Plan::Pass);
        ledger.saves(&w, &format!("saved after freeing space at {room}"));
    }
    let w = caucus.open_workshop(&id).expect("open");
    die(&fs, Cut::Crash, caucus, w);
    ledger.matches(&on_disk(dir.path(), &id));
}

#[test]
fn a_device_full_at_any_point_of_a_save_fails_it_and_saves_again_once_space_is_freed() {
    fill_the_device_at_every_point_of_a_save(false, false);
}

#[test]
fn a_device_full_during_the_first_save_of_a_session_gives_a_true_answer() {
    fill_the_device_at_every_point_of_a_save(true, false);
}

#[test]
fn a_full_device_is_answered_store_disk_full() {
    fill_the_device_at_every_point_of_a_save(false, true);
}

/// A save that failed for a full device leaves the workshop refusing writes until it is reopened,
/// as any failed save does; what every later write is told is the full disk, whichever document
/// it goes to and however it came (a relay's rooms tell their clients 4507 from this answer).
#[test]
fn after_a_full_device_failed_a_save_every_later_write_is_told_the_disk_is_full() {
    let dir = tempdir();
    let fs = faultfs::arm(dir.path());
    let mut ledger = Ledger::default();
    let (caucus, w) = workshop_with(dir.path(), 105, 3, &mut ledger);
    let id = w.id().to_string();

    fs.set(Plan::WriteFailsAfter { bytes: 0, error: WriteError::Full });
    let err = ledger.fails(&w, "the disk filled up");
    assert_eq!(err.code(), DISK_FULL, "{err}");
    fs.set(Plan::Pass);
    // Memory may hold what the disk lacks: this handle writes nothing more, and says why.
    let err = ledger.fails(&w, "typed after the failure");
    assert_eq!(err.code(), DISK_FULL, "{err}");
    let notes = w.encode_state(caucus::model::DocName::Notes);
    let err = w.apply_remote(caucus::model::DocName::Notes, &notes, 7 << 32).expect_err("a synced update to the notes is refused too");
    assert_eq!(err.code(), DISK_FULL, "{err}");

    // Reopened, the workshop shows what the store has and saves again.
    drop(w);
    let w = caucus.open_workshop(&id).expect("reopen after the full disk");
    ledger.matches(&texts(&w));
    ledger.saves(&w, "saved once there is space");
}

// --- EIO on read ------------------------------------------------------------------------------------

#[test]
fn eio_on_read_is_a_clear_error_and_nothing_is_lost_once_reads_work() {
    let dir = tempdir();
    let mut ledger = Ledger::default();
    let id = {
        let (_caucus, w) = workshop_with(dir.path(), 105, 5, &mut ledger);
        w.id().to_string()
    };
    let fs = faultfs::arm(dir.path());

    // Opening the device reads its database: the first read fails.
    fs.set(Plan::ReadFails { nth: 1, sticky: true });
    let err = Caucus::open(dir.path()).err().expect("a device whose reads fail does not open");
    assert_eq!(err.code(), READ_FAILED, "{err}");
    assert!(err.to_string().contains("I/O"), "{err}");
    assert!(fs.injected() > 0);

    // Open, then reads fail: loading the workshop is refused, not half-loaded.
    fs.set(Plan::Pass);
    let caucus = device(dir.path(), 106);
    fs.set(Plan::ReadFails { nth: 1, sticky: true });
    let err = caucus.open_workshop(&id).err().expect("a workshop whose reads fail does not load");
    assert_eq!(err.code(), READ_FAILED, "{err}");

    // Reads work again: everything is there, in the same process, and it saves again.
    fs.set(Plan::Pass);
    let w = caucus.open_workshop(&id).expect("loads once reads work");
    assert_eq!(ledger.saved.len(), 5);
    ledger.matches(&texts(&w));
    ledger.saves(&w, "saved after reads work again");
    drop(w);
    drop(caucus);
    ledger.matches(&on_disk(dir.path(), &id));
}

// --- power loss -------------------------------------------------------------------------------------

/// A device that saves paragraphs and checkpoints its WAL every few saves, until the power goes.
fn save_until_the_power_goes(dir: &Path, fs: &faultfs::Armed, ledger: &mut Ledger) -> Option<String> {
    let caucus = match Caucus::open_with(dir, crate::support::host(107)) {
        Ok(c) => c,
        Err(_) => return None,
    };
    let w = match caucus.create(&caucus::workshop::NewWorkshop::titled("Power")) {
        Ok(w) => w,
        Err(_) => {
            drop(caucus);
            return None;
        }
    };
    let id = w.id().to_string();
    for i in 0..12 {
        if ledger.add(&w, &format!("para {i}")).is_err() {
            break;
        }
        if i % 4 == 3 && caucus.store().checkpoint().is_err() {
            break;
        }
    }
    if !fs.is_cut() {
        fs.cut_power();
    }
    drop(w);
    drop(caucus);
    Some(id)
}

/// The power goes at every fsync (and at many writes) of a device's life: creating the
/// database, the workshop, saves, checkpoints. Unsynced writes are lost, or kept in part with
/// the next one torn. Whatever the disk keeps, the database opens clean, every save answered
/// Ok is there once, and a save answered with an error is not.
#[test]
fn power_loss_at_any_moment_loses_nothing_acknowledged() {
    // How many syncs and writes a whole run makes without a cut.
    let (syncs, writes) = {
        let dir = tempdir();
        let fs = faultfs::arm(dir.path());
        let mut ledger = Ledger::default();
        save_until_the_power_goes(dir.path(), &fs, &mut ledger).expect("a run without faults");
        let (_, writes, syncs, _) = fs.counts();
        assert_eq!(ledger.saved.len(), 12);
        (syncs, writes)
    };
    assert!(syncs > 10 && writes > syncs, "{syncs} syncs, {writes} writes");
    let mut cuts = Vec::new();
    for nth in 1..=syncs {
        cuts.push((Plan::PowerCutAtSync { nth }, Cut::LoseUnsynced));
        cuts.push((Plan::PowerCutAtSync { nth }, Cut::Torn { keep: nth % 3 }));
    }
    for nth in (1..=writes).step_by((writes / 40).max(1)) {
        cuts.push((Plan::PowerCutAtWrite { nth }, Cut::Torn { keep: nth % 5 }));
    }
    let mut acknowledged = 0;
    let runs = cuts.len();
    for (plan, cut) in cuts {
        let dir = tempdir();
        let fs = faultfs::arm(dir.path());
        fs.set(plan);
        let mut ledger = Ledger::default();
        let id = save_until_the_power_goes(dir.path(), &fs, &mut ledger);
        assert!(fs.injected() > 0, "{plan:?}: the power went");
        fs.restore(cut);
        let caucus = Caucus::open(dir.path()).unwrap_or_else(|e| panic!("{plan:?} {cut:?}: the device opens: {e}"));
        caucus.store().integrity_check().unwrap_or_else(|e| panic!("{plan:?} {cut:?}: {e}"));
        let listed = caucus.list().expect("list");
        drop(caucus);
        match id {
            // The workshop was created: if its creation was answered Ok, it is there.
            Some(id) if listed.iter().any(|s| s.id == id) => {
                let found = on_disk(dir.path(), &id);
                ledger.matches_after(&format!("{plan:?}, {cut:?}"), &found);
                for (text, e) in &ledger.failed {
                    assert!(!found.contains(text), "{plan:?} {cut:?}: {text:?} failed ({e}) and is there");
                }
                acknowledged += ledger.saved.len();
            }
            Some(id) => panic!("{plan:?} {cut:?}: workshop {id} was created and is gone"),
            None => {}
        }
    }
    eprintln!("{runs} power cuts ({syncs} syncs, {writes} writes in a whole run); {acknowledged} acknowledged saves all found");
    assert!(acknowledged > 100, "only {acknowledged} saves were acknowledged across the cuts");
}

// --- a damaged database and `caucus check` --------------------------------------------------------

fn caucus_cli(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_caucus"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("CAUCUS_DATA_DIR")
        .env("CAUCUS_LOG", "off")
        .output()
        .expect("run caucus")
}

fn json_error(out: &std::process::Output) -> (String, String) {
    let err = String::from_utf8_lossy(&out.stderr);
    let v: serde_json::Value = serde_json::from_str(err.trim()).unwrap_or_default();
    (
        v["error"]["code"].as_str().unwrap_or_default().to_string(),
        v["error"]["message"].as_str().unwrap_or_default().to_string(),
    )
}

/// A device with one workshop of 40 paragraphs, closed cleanly (the WAL folded in).
fn closed_device(dir: &Path) -> String {
    let caucus = device(dir, 110);
    let w = new_workshop(&caucus, "Damage");
    for i in 0..40 {
        w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, format!("URGES Parties to act on item {i};")))
            .expect("save");
    }
    w.id().to_string()
}

fn page_size(db: &Path) -> u64 {
    let header = std::fs::read(db).expect("read the database");
    let raw = u16::from_be_bytes([header[16], header[17]]);
    if raw == 1 {
        65536
    } else {
        u64::from(raw)
    }
}

/// The page number of a table's b-tree root.
fn root_page(dir: &Path, table: &str) -> u64 {
    let db = rusqlite::Connection::open(dir.join(DATABASE_FILE)).expect("open");
    db.query_row("SELECT rootpage FROM sqlite_schema WHERE name = ?1", [table], |r| r.get(0)).expect("root page")
}

/// The damages `caucus check` must find.
const DAMAGES: [&str; 4] = [
    "a page's header overwritten",
    "the file truncated",
    "the WAL deleted after a crash mid-checkpoint",
    "bytes of a stored update flipped",
];

/// A device in `dir` damaged the way `kind` says.
fn damaged_device(kind: &str, dir: &Path) {
    if kind == "the WAL deleted after a crash mid-checkpoint" {
        // The whole database is in the WAL (nothing checkpointed yet); the process dies after
        // the checkpoint copied the first pages into the database file, and the WAL is lost.
        let fs = faultfs::arm(dir);
        let caucus = device(dir, 111);
        let w = new_workshop(&caucus, "Damage");
        for i in 0..40 {
            w.add_paragraph(None, NewParagraph::new(ParaKind::Operative, format!("URGES Parties to act on item {i};")))
                .expect("save");
        }
        fs.set(Plan::PowerCutAtWrite { nth: 3 });
        assert!(caucus.store().checkpoint().is_err(), "the checkpoint is cut short");
        drop(w);
        drop(caucus);
        fs.restore(Cut::Crash);
        let db = dir.join(DATABASE_FILE);
        std::fs::remove_file(db.with_extension("sqlite3-wal")).expect("delete the WAL");
        let _ = std::fs::remove_file(db.with_extension("sqlite3-shm"));
        return;
    }
    closed_device(dir);
    let before = caucus_cli(dir, &["check"]);
    assert!(before.status.success(), "a healthy device passes: {}", String::from_utf8_lossy(&before.stderr));
    damage(kind, dir);
}

/// Damages a cleanly closed device.
fn damage(kind: &str, dir: &Path) {
    let db = dir.join(DATABASE_FILE);
    let page = page_size(&db);
    match kind {
        "a page's header overwritten" => {
            let root = root_page(dir, "updates");
            let file = std::fs::OpenOptions::new().write(true).open(&db).expect("open");
            std::os::unix::fs::FileExt::write_all_at(&file, &[0x5a; 16], (root - 1) * page).expect("flip");
        }
        "bytes of a stored update flipped" => {
            // The payload of the last update row, inside a leaf page: quick_check cannot see it.
            let bytes = std::fs::read(&db).expect("read");
            let needle = b"URGES Parties to act on item 39;";
            let at = bytes.windows(needle.len()).rposition(|w| w == needle).expect("the text is stored as is");
            let file = std::fs::OpenOptions::new().write(true).open(&db).expect("open");
            std::os::unix::fs::FileExt::write_all_at(&file, b"X", at as u64 + 6).expect("flip");
        }
        "the file truncated" => {
            let len = std::fs::metadata(&db).expect("stat").len();
            let file = std::fs::OpenOptions::new().write(true).open(&db).expect("open");
            file.set_len(len / page / 2 * page).expect("truncate");
        }
        other => panic!("unknown damage {other}"),
    }
}

/// `caucus check` finds the damage: it exits non-zero with the code of a damaged store.
fn check_finds(kind: &str) -> (String, String) {
    let dir = tempdir();
    damaged_device(kind, dir.path());
    let out = caucus_cli(dir.path(), &["--json", "check"]);
    assert!(!out.status.success(), "{kind}: caucus check says ok: {}", String::from_utf8_lossy(&out.stdout));
    let (code, message) = json_error(&out);
    eprintln!("{kind}: {code}: {message}");
    assert!(
        ["store.integrity", "store.damaged_row", "store.damaged_document", "store.sqlite"].contains(&code.as_str()),
        "{kind}: {code}: {message}"
    );
    (code, message)
}

#[test]
fn caucus_check_finds_a_damaged_page_a_truncated_file_and_a_wal_lost_mid_checkpoint() {
    for kind in &DAMAGES[..3] {
        check_finds(kind);
    }
}

#[test]
fn caucus_check_finds_a_flipped_byte_in_a_stored_update() {
    check_finds(DAMAGES[3]);
}

/// The message wanted (issue #16), for example:
///
/// ```text
/// error: the database /home/ana/.local/share/caucus/caucus.sqlite3 is damaged: page 9 of table updates cannot be read
/// Nothing was changed. To restore:
///   - from a backup: stop the app and `caucus serve`, then copy your backup of caucus.sqlite3 and caucus.sqlite3-wal into /home/ana/.local/share/caucus
///   - from a peer: keep the damaged directory aside (mv /home/ana/.local/share/caucus /home/ana/.local/share/caucus.damaged),
///     then `caucus join <TOKEN>` with your invitation (or `caucus --data-dir NEW_DIR join <TOKEN>`): it syncs the workshop from the relay
/// Edits never synced from this device are only in the damaged copy.
/// ```
#[test]
fn caucus_check_says_what_is_wrong_and_how_to_restore() {
    for kind in DAMAGES {
        let (code, message) = check_finds(kind);
        assert_eq!(code, "store.integrity", "{kind}: {message}");
        for words in ["damaged", DATABASE_FILE, "backup", "caucus join", "--data-dir"] {
            assert!(message.contains(words), "{kind}: the message lacks {words:?}: {message}");
        }
    }
}

// --- restoring a workshop from a peer ---------------------------------------------------------------


fn ok(dir: &Path, args: &[&str]) -> String {
    let out = caucus_cli(dir, args);
    assert!(out.status.success(), "caucus {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// README, "If the disk fails or the database is damaged": a peer's copy is a backup. A
/// delegate's database is damaged; joining again with the invitation into a fresh data
/// directory brings the workshop back from the relay, with every edit the delegate had synced.
#[test]
fn a_damaged_devices_workshop_is_restored_by_joining_again_from_a_relay() {
    let (chair, member) = (tempdir(), tempdir());
    let (c, m) = (chair.path(), member.path());
    let id = ok(c, &["new", "--title", "Wildlife cybercrime"]).trim().to_string();
    ok(c, &["para", "add", &id, "--kind", "operative", "--text", "URGES Parties to act;"]);
    let delegate = ok(c, &["member", "add", &id, "--name", "Ana", "--delegation", "Kenya", "--role", "delegate", "--group", "producer-country"])
        .trim()
        .to_string();
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a port");
    let url = format!("ws://127.0.0.1:{port}");
    let token = ok(c, &["invite", &id, "--member", &delegate, "--relay", &url]).trim().to_string();
    let _relay = crate::auth::serve_with(c, port, &[]);

    // The delegate joins (which syncs), edits and syncs.
    ok(m, &["join", &token]);
    ok(m, &["para", "add", &id, "--kind", "operative", "--text", "INVITES Parties to report;"]);
    ok(m, &["sync", &id, "--to", &url]);

    // The delegate's disk damages the database: the device refuses it and says so.
    damage("a page's header overwritten", m);
    let out = caucus_cli(m, &["--json", "show", &id]);
    assert!(!out.status.success(), "a damaged database is refused at open");
    let out = caucus_cli(m, &["--json", "check"]);
    assert!(!out.status.success());
    assert_eq!(json_error(&out).0, "store.integrity");

    // Restored: a fresh data directory and the same invitation.
    let restored = tempdir();
    let r = restored.path();
    ok(r, &["join", &token]);
    let shown = ok(r, &["show", &id]);
    assert!(shown.contains("URGES Parties to act;") && shown.contains("INVITES Parties to report;"), "{shown}");
    // And the delegate works on from there.
    ok(r, &["para", "add", &id, "--kind", "operative", "--text", "REQUESTS the Secretariat to report;"]);
    ok(r, &["sync", &id, "--to", &url]);
    ok(r, &["check"]);
}
