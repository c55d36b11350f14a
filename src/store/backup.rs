//! Backup and restore of a data directory's database (`caucus backup`, `caucus restore-backup`): SQLite's online backup API, one consistent snapshot while another process owns and writes the directory.
//!
//! Invariants: a backup is one read transaction of the source (every update acknowledged before
//! it began is in it), written to `FILE.partial`, verified, synced and only then renamed to
//! `FILE`. A restore verifies the file (`PRAGMA integrity_check`, a schema version this build
//! reads, every row's checksum) before it writes anything, holds the target directory's lock
//! (`store.in_use` otherwise) and replaces the database by a rename: a failed restore leaves the
//! directory as it was.

use std::path::{Path, PathBuf};

use rusqlite::backup::Backup;
use rusqlite::{params, Connection, OpenFlags};
use thiserror::Error;

use super::{lock, migrations, StoreError, DATABASE_FILE};

#[derive(Debug, Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the data directory {} holds no database to back up", .0.display())]
    NothingToBackUp(PathBuf),
    #[error("this device has no workshop {0} (give its full id, or `all`)")]
    NoSuchWorkshop(String),
    #[error("cannot write the backup {}: {reason}", path.display())]
    Write { path: PathBuf, reason: String },
    #[error("{} is not a usable Caucus backup: {reason}. Nothing was written.", path.display())]
    Unusable { path: PathBuf, reason: String },
    #[error("the data directory {} already holds a database; pass --force to replace it (its current content is lost)", .0.display())]
    NotEmpty(PathBuf),
    #[error("{} is the data directory's own database (or beside it): back up to, or restore from, a file elsewhere", .0.display())]
    SameFile(PathBuf),
}

impl crate::coded::Coded for BackupError {
    fn code(&self) -> &'static str {
        match self {
            BackupError::Store(e) => e.code(),
            BackupError::NothingToBackUp(_) => "backup.nothing",
            BackupError::NoSuchWorkshop(_) => "backup.no_such_workshop",
            BackupError::Write { .. } => "backup.write",
            BackupError::Unusable { .. } => "backup.unusable",
            BackupError::NotEmpty(_) => "backup.not_empty",
            BackupError::SameFile(_) => "backup.same_file",
        }
    }
}

/// What a backup or a restore wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BackupReport {
    pub file: PathBuf,
    pub workshops: usize,
    pub rows: usize,
    pub bytes: u64,
}

/// Which workshops a backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Workshop(String),
}

/// Writes a backup of the database in `dir` to `to`, whether or not another process owns `dir`.
pub fn backup(dir: &Path, scope: &Scope, to: &Path) -> Result<BackupReport, BackupError> {
    let path = dir.join(DATABASE_FILE);
    if !path.is_file() {
        return Err(BackupError::NothingToBackUp(dir.to_path_buf()));
    }
    if is_database_of(to, dir) {
        return Err(BackupError::SameFile(to.to_path_buf()));
    }
    // Nobody owns the directory: hold it (a WAL left by a crash is recovered by a writable
    // connection). Someone does: read beside it, as `Store::open_for_reading` does.
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (_lock, flags) = match lock::acquire(dir, &lock::this_program(), &since) {
        Ok(l) => (Some(l), OpenFlags::SQLITE_OPEN_READ_WRITE),
        Err(StoreError::InUse { .. }) => (None, OpenFlags::SQLITE_OPEN_READ_ONLY),
        Err(e) => return Err(e.into()),
    };
    let src = Connection::open_with_flags(&path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(StoreError::from)?;
    src.busy_timeout(std::time::Duration::from_secs(10)).map_err(StoreError::from)?;
    if let Scope::Workshop(id) = scope {
        let known: bool = src
            .query_row("SELECT count(*) > 0 FROM workshops WHERE id = ?1", params![id], |r| r.get(0))
            .map_err(StoreError::from)?;
        if !known {
            return Err(BackupError::NoSuchWorkshop(id.clone()));
        }
    }
    let partial = partial_of(to);
    let write = |reason: String| BackupError::Write { path: to.to_path_buf(), reason };
    let _ = std::fs::remove_file(&partial);
    let result = (|| {
        let mut dst = Connection::open(&partial).map_err(|e| write(e.to_string()))?;
        {
            let backup = Backup::new(&src, &mut dst).map_err(|e| write(e.to_string()))?;
            // One step of every page: one read transaction of the source, so a writer in another
            // process neither waits for the backup nor makes it start over (a step-by-step copy
            // restarts each time another connection writes, and under load may never finish).
            backup.step(-1).map_err(|e| write(e.to_string()))?;
        }
        if let Scope::Workshop(id) = scope {
            keep_only(&dst, id).map_err(|e| write(e.to_string()))?;
        }
        // A single file: no WAL beside it.
        dst.pragma_update(None, "journal_mode", "DELETE").map_err(|e| write(e.to_string()))?;
        let (workshops, rows) = verify(&dst).map_err(|reason| write(format!("the copy does not verify: {reason}")))?;
        dst.close().map_err(|(_, e)| write(e.to_string()))?;
        std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(|e| write(e.to_string()))?;
        std::fs::rename(&partial, to).map_err(|e| write(e.to_string()))?;
        sync_dir(to);
        let bytes = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
        Ok(BackupReport { file: to.to_path_buf(), workshops, rows, bytes })
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Restores `from` (a backup) into `dir`, which no process may own; replaces a database there
/// only with `force`.
pub fn restore(from: &Path, dir: &Path, force: bool) -> Result<BackupReport, BackupError> {
    let unusable = |reason: String| BackupError::Unusable { path: from.to_path_buf(), reason };
    if !from.is_file() {
        return Err(unusable("no such file".into()));
    }
    if is_database_of(from, dir) {
        return Err(BackupError::SameFile(from.to_path_buf()));
    }
    // Read-only and immutable: nothing is created beside the file, however it turns out.
    let uri = format!("file:{}?mode=ro&immutable=1", uri_path(from));
    let src = Connection::open_with_flags(&uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| unusable(e.to_string()))?;
    let (workshops, rows) = verify(&src).map_err(unusable)?;
    std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir { path: dir.to_path_buf(), source })?;
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let _lock = lock::acquire(dir, &lock::this_program(), &since)?;
    let target = dir.join(DATABASE_FILE);
    if target.exists() && !force {
        return Err(BackupError::NotEmpty(dir.to_path_buf()));
    }
    let partial = partial_of(&target);
    let write = |reason: String| BackupError::Write { path: target.clone(), reason };
    let _ = std::fs::remove_file(&partial);
    let result = (|| {
        let mut dst = Connection::open(&partial).map_err(|e| write(e.to_string()))?;
        Backup::new(&src, &mut dst).and_then(|b| b.step(-1)).map_err(|e| write(e.to_string()))?;
        dst.pragma_update(None, "journal_mode", "DELETE").map_err(|e| write(e.to_string()))?;
        dst.close().map_err(|(_, e)| write(e.to_string()))?;
        std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(|e| write(e.to_string()))?;
        // The old database's WAL must not be replayed onto the restored file.
        for suffix in ["-wal", "-shm"] {
            let side = dir.join(format!("{DATABASE_FILE}{suffix}"));
            match std::fs::remove_file(&side) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(write(format!("cannot remove {}: {e}", side.display()))),
            }
        }
        std::fs::rename(&partial, &target).map_err(|e| write(e.to_string()))?;
        sync_dir(&target);
        let bytes = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
        Ok(BackupReport { file: target.clone(), workshops, rows, bytes })
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// `PRAGMA integrity_check`, a schema this build reads, every row's and milestone's checksum:
/// the number of workshops and of rows, or what is wrong.
fn verify(conn: &Connection) -> Result<(usize, usize), String> {
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if check != "ok" {
        return Err(format!("integrity check: {check}"));
    }
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if version == 0 || version > migrations::latest() {
        return Err(format!("schema version {version}; this Caucus reads 1 to {}", migrations::latest()));
    }
    let rows = super::verify_rows_in(conn).map_err(|e| e.to_string())?;
    let workshops: i64 = conn.query_row("SELECT count(*) FROM workshops", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    Ok((workshops as usize, rows))
}

/// Deletes every workshop but `id` from a backup copy, then rewrites the file so that no freed
/// page still holds another workshop's rows.
fn keep_only(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    let others: Vec<String> = {
        let mut stmt = conn.prepare("SELECT id FROM workshops WHERE id <> ?1")?;
        let ids = stmt.query_map(params![id], |r| r.get(0))?;
        ids.collect::<rusqlite::Result<_>>()?
    };
    conn.execute_batch("BEGIN")?;
    conn.execute("DELETE FROM updates WHERE room IN (SELECT id FROM rooms WHERE workshop_id <> ?1)", params![id])?;
    conn.execute("DELETE FROM rooms WHERE workshop_id <> ?1", params![id])?;
    conn.execute("DELETE FROM milestones WHERE workshop_id <> ?1", params![id])?;
    conn.execute("DELETE FROM identities WHERE workshop_id <> ?1", params![id])?;
    conn.execute("DELETE FROM workshops WHERE id <> ?1", params![id])?;
    // Settings keyed by another workshop (its token, its relay, what its member last saw).
    for other in &others {
        conn.execute("DELETE FROM settings WHERE instr(key, ?1) > 0", params![other])?;
    }
    conn.execute_batch("COMMIT")?;
    conn.execute_batch("VACUUM")
}

/// Whether `file` is (or would be) the database of `dir`, or a file SQLite keeps beside it.
fn is_database_of(file: &Path, dir: &Path) -> bool {
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let parent = file.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p });
    let same_dir = matches!((parent.and_then(canonical), canonical(dir)), (Some(a), Some(b)) if a == b);
    same_dir && file.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(DATABASE_FILE))
}

fn partial_of(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    path.with_file_name(name)
}

/// A path as an SQLite URI's path (`?`, `#` and `%` escaped).
fn uri_path(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for c in abs.to_string_lossy().chars() {
        match c {
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            c => out.push(c),
        }
    }
    out
}

/// Makes a rename durable (best effort: not every platform can sync a directory).
fn sync_dir(file: &Path) {
    if let Some(parent) = file.parent() {
        let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
        if let Ok(d) = std::fs::File::open(parent) {
            let _ = d.sync_all();
        }
    }
}
