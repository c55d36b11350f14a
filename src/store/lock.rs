//! One owner per data directory: an exclusive lock on `caucus.lock`, held while a store is open, naming the process that holds it.
//!
//! Two processes writing one database each keep their own live documents, blind to the other's
//! rows, and compaction replaces a room's rows with a snapshot of one process's document only:
//! an acknowledged edit of the other process would be deleted. So a data directory has one
//! owner at a time (the app, a relay, or one CLI command), and a second is refused with an error
//! that names the holder. The lock is an advisory `flock` on the file, released by the kernel
//! when its holder exits, however it exits (a crash or SIGKILL leaves no stale lock); the file's
//! text (pid, program, since when) only describes the holder for that error.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::StoreError;

pub const LOCK_FILE: &str = "caucus.lock";

/// Held for as long as the store is open; dropping it releases the directory.
#[derive(Debug)]
pub struct DirLock {
    _file: File,
}

/// Who holds a data directory, as its lock file describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: Option<u32>,
    /// e.g. `caucus serve`, `caucus para add`, `the Caucus app`.
    pub program: String,
    pub since: String,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.pid {
            Some(pid) => write!(f, "{} (process {pid}, since {})", self.program, self.since),
            None => write!(f, "{}", self.program),
        }
    }
}

impl Holder {
    /// What the refused user can do, by who holds the directory.
    pub fn advice(&self) -> &'static str {
        if self.program.starts_with("caucus serve") {
            "Stop the relay first, or let this device reach the workshop through the relay: use another data directory \
             (--data-dir) and `caucus join` / `caucus sync --to ws://…`."
        } else if self.program.contains("app") {
            "Make the change in the app's window, or quit the app first; or pass another --data-dir."
        } else {
            "Wait for it to finish or stop it, or pass another --data-dir."
        }
    }
}

/// How long an open waits for a lock that this same process holds: a store being closed (its
/// last `Workshop` dropped by a task that is finishing) releases it soon. Another process's
/// lock is reported at once.
const SAME_PROCESS_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Takes the directory's lock, or says who holds it.
pub fn acquire(dir: &Path, program: &str, since: &str) -> Result<DirLock, StoreError> {
    let path = dir.join(LOCK_FILE);
    let io = |source: std::io::Error| StoreError::DataDir {
        path: path.clone(),
        source,
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    let deadline = std::time::Instant::now() + SAME_PROCESS_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {
                let holder = describe(&mut file);
                if holder.pid != Some(std::process::id()) || std::time::Instant::now() >= deadline {
                    return Err(StoreError::InUse {
                        dir: dir.to_path_buf(),
                        holder,
                    });
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
    }
    let text = format!(
        "pid={}\nprogram={}\nsince={}\n",
        std::process::id(),
        one_line(program),
        one_line(since)
    );
    // Best effort: the lock is what counts; the text only names the holder for others. On a
    // full disk the description may not fit, and the directory is still ours.
    let described = file
        .set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| file.write_all(text.as_bytes()));
    if let Err(e) = described {
        tracing::warn!(error = %e, "cannot describe the data directory's lock holder");
    }
    Ok(DirLock { _file: file })
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect()
}

fn describe(file: &mut File) -> Holder {
    let mut text = String::new();
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.take(4096).read_to_string(&mut text);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
            .map(str::to_string)
    };
    Holder {
        pid: field("pid").and_then(|p| p.parse().ok()),
        program: field("program").unwrap_or_else(|| "another Caucus process".into()),
        since: field("since").unwrap_or_default(),
    }
}

/// How this process names itself in the lock file: `caucus <subcommand>` for the command line
/// (from its arguments, without values that could be a token), else the program's file name.
pub fn this_program() -> String {
    let mut args = std::env::args();
    let exe = args.next().map(PathBuf::from);
    let name = exe
        .as_ref()
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name == "caucus" {
        let mut words = Vec::new();
        while let Some(arg) = args.next() {
            if arg == "--data-dir" {
                args.next();
            } else if !arg.starts_with('-') {
                if words.len() == 2
                    || arg.len() > 20
                    || !arg.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                {
                    break;
                }
                words.push(arg);
            }
        }
        let mut program = String::from("caucus");
        for w in words {
            program.push(' ');
            program.push_str(&w);
        }
        program
    } else if name.contains("caucus-app") || name == "Caucus" || name == "caucus-desktop" {
        "the Caucus app".into()
    } else {
        name
    }
}
