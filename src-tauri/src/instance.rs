//! One app per data directory: the first start listens on a Unix socket in the data directory; a second start hands its arguments to it (the first shows and focuses its window) and exits.
//!
//! The data directory's lock (`caucus.lock`, held by the core's store) decides who is first; the
//! socket only carries the request. No D-Bus: `caucus-app.sock` (mode 0600) beside the database,
//! one JSON line each way — `{"v":1,"args":[…]}` in (the second start's arguments, room for a
//! later `caucus:` link), `{"v":1,"pid":…,"focused":…}` back. The first removes a stale socket
//! file before binding (it holds the lock, so no other app listens there) and its own at exit.
//!
//! Unix only (Linux, macOS). Elsewhere (Windows) `bind` and `hand_over` answer
//! `app.instance_unsupported`: a second start shows the data directory's `store.in_use` error in
//! its own window, as before this module, and a link it was given does not reach the first.

#[cfg(unix)]
use std::io::{BufRead, BufReader, Read, Write};
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
#[cfg(unix)]
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::Duration;
#[cfg(unix)]
use std::time::Instant;

use caucus::Coded;
use serde::{Deserialize, Serialize};

/// The socket's file name in the data directory.
pub const SOCKET: &str = "caucus-app.sock";
#[cfg(unix)]
/// The protocol's version, in both messages.
const VERSION: u32 = 1;
#[cfg(unix)]
/// Longest request or reply line read.
const MAX_LINE: u64 = 64 * 1024;
#[cfg(unix)]
/// How long one side waits for the other's line.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a second start waits for the first to listen (it may be starting itself).
pub const CONNECT_WAIT: Duration = Duration::from_secs(15);
#[cfg(unix)]
/// `sun_path` holds 108 bytes; a longer socket path is reached through the directory's fd.
const SUN_PATH_MAX: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    #[error("cannot listen on {path}: {source}")]
    Listen { path: PathBuf, source: std::io::Error },
    #[error("the Caucus app holding {dir} did not answer on {SOCKET}: {source}")]
    Unreachable { dir: PathBuf, source: std::io::Error },
    #[error("the Caucus app holding {dir} answered something else than a focus reply: {detail}")]
    BadReply { dir: PathBuf, detail: String },
    #[error("one app per data directory is handed over on Unix only; {dir} is held by another Caucus app")]
    #[cfg_attr(unix, allow(dead_code))]
    Unsupported { dir: PathBuf },
}

impl Coded for InstanceError {
    fn code(&self) -> &'static str {
        match self {
            InstanceError::Listen { .. } => "app.instance_listen",
            InstanceError::Unreachable { .. } => "app.instance_unreachable",
            InstanceError::BadReply { .. } => "app.instance_bad_reply",
            InstanceError::Unsupported { .. } => "app.instance_unsupported",
        }
    }
}

/// What a second start asks of the first.
#[cfg_attr(not(unix), allow(dead_code))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub v: u32,
    /// The second start's arguments, without the program (for a later `caucus:` deep link).
    pub args: Vec<String>,
}

/// What the first answers once it has shown and focused its window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub v: u32,
    /// The first app's process id.
    pub pid: u32,
    /// Whether its window has the focus now.
    pub focused: bool,
}

#[cfg(unix)]
/// A socket path `connect`/`bind` accept: the path itself, or, when it is too long for
/// `sun_path`, the same file through `/proc/self/fd/<dir fd>/` (the directory kept open in `_dir`).
struct SocketPath {
    path: PathBuf,
    _dir: Option<std::fs::File>,
}

#[cfg(unix)]
fn socket_path(dir: &Path) -> std::io::Result<SocketPath> {
    let path = dir.join(SOCKET);
    if path.as_os_str().len() <= SUN_PATH_MAX {
        return Ok(SocketPath { path, _dir: None });
    }
    let handle = std::fs::File::open(dir)?;
    use std::os::fd::AsRawFd;
    let short = PathBuf::from(format!("/proc/self/fd/{}/{SOCKET}", handle.as_raw_fd()));
    Ok(SocketPath { path: short, _dir: Some(handle) })
}

#[cfg(unix)]
/// The first app's end: bound, not yet serving.
pub struct Listener {
    listener: UnixListener,
    file: PathBuf,
}

#[cfg(unix)]
impl Listener {
    /// Binds `caucus-app.sock` in `dir` (mode 0600), replacing a stale one. Call only while holding
    /// the data directory's lock.
    pub fn bind(dir: &Path) -> Result<Listener, InstanceError> {
        let file = dir.join(SOCKET);
        let err = |source| InstanceError::Listen { path: file.clone(), source };
        let addr = socket_path(dir).map_err(err)?;
        match std::fs::remove_file(&file) {
            Ok(()) => tracing::debug!("stale app socket removed"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(err(e)),
        }
        let listener = UnixListener::bind(&addr.path).map_err(err)?;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).map_err(err)?;
        Ok(Listener { listener, file })
    }

    /// Serves requests on a thread of its own for as long as the process lives: `focus` is
    /// called with each request's arguments and answers whether the window has the focus.
    pub fn serve(self, focus: impl Fn(Vec<String>) -> bool + Send + 'static) {
        let spawned = std::thread::Builder::new().name("caucus-instance".into()).spawn(move || {
            for stream in self.listener.incoming() {
                match stream {
                    Ok(stream) => {
                        if let Err(e) = answer(stream, &focus) {
                            tracing::warn!(error = %e, "a second start's request was not answered");
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "app socket accept failed"),
                }
            }
        });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot serve the app socket: a second start will not find this window");
        }
    }

    /// The socket's file, removed by [`remove`] at exit.
    pub fn file(&self) -> &Path {
        &self.file
    }
}

#[cfg(unix)]
/// Removes the socket file (at exit; a crash leaves it, and the next first start replaces it).
pub fn remove(file: &Path) {
    let _ = std::fs::remove_file(file);
}

#[cfg(unix)]
fn answer(stream: UnixStream, focus: &impl Fn(Vec<String>) -> bool) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let mut line = String::new();
    BufReader::new((&stream).take(MAX_LINE)).read_line(&mut line)?;
    let request: Request =
        serde_json::from_str(line.trim_end()).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    tracing::info!(args = request.args.len(), "a second start asks for this window");
    let focused = focus(request.args);
    let reply = Reply { v: VERSION, pid: std::process::id(), focused };
    let mut out = serde_json::to_vec(&reply).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    out.push(b'\n');
    (&stream).write_all(&out)
}

#[cfg(unix)]
/// The second start's end: hands `args` to the app listening in `dir` and returns its reply,
/// waiting up to `wait` for it to listen (it may hold the lock and still be starting).
pub fn hand_over(dir: &Path, args: Vec<String>, wait: Duration) -> Result<Reply, InstanceError> {
    let unreachable = |source| InstanceError::Unreachable { dir: dir.to_path_buf(), source };
    let addr = socket_path(dir).map_err(unreachable)?;
    let deadline = Instant::now() + wait;
    let stream = loop {
        match UnixStream::connect(&addr.path) {
            Ok(s) => break s,
            Err(e) if Instant::now() < deadline && matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused) => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => return Err(unreachable(e)),
        }
    };
    stream.set_read_timeout(Some(IO_TIMEOUT)).map_err(unreachable)?;
    stream.set_write_timeout(Some(IO_TIMEOUT)).map_err(unreachable)?;
    let mut out = serde_json::to_vec(&Request { v: VERSION, args })
        .map_err(|e| unreachable(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
    out.push(b'\n');
    (&stream).write_all(&out).map_err(unreachable)?;
    let mut line = String::new();
    BufReader::new((&stream).take(MAX_LINE)).read_line(&mut line).map_err(unreachable)?;
    let reply: Reply = serde_json::from_str(line.trim_end())
        .map_err(|e| InstanceError::BadReply { dir: dir.to_path_buf(), detail: e.to_string() })?;
    if reply.v != VERSION {
        return Err(InstanceError::BadReply { dir: dir.to_path_buf(), detail: format!("protocol version {}", reply.v) });
    }
    Ok(reply)
}

/// Not Unix: no socket, so no second start finds this window (see the module's note).
#[cfg(not(unix))]
pub struct Listener {
    file: PathBuf,
}

#[cfg(not(unix))]
impl Listener {
    pub fn bind(dir: &Path) -> Result<Listener, InstanceError> {
        Err(InstanceError::Unsupported { dir: dir.to_path_buf() })
    }

    pub fn serve(self, _focus: impl Fn(Vec<String>) -> bool + Send + 'static) {}

    pub fn file(&self) -> &Path {
        &self.file
    }
}

#[cfg(not(unix))]
pub fn remove(_file: &Path) {}

#[cfg(not(unix))]
pub fn hand_over(dir: &Path, _args: Vec<String>, _wait: Duration) -> Result<Reply, InstanceError> {
    Err(InstanceError::Unsupported { dir: dir.to_path_buf() })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// The two ends over a real socket: the arguments arrive, the reply comes back, the file is
    /// private to the user; a long data directory path works through the directory's fd.
    #[test]
    fn a_second_start_hands_its_arguments_to_the_first_and_gets_its_reply() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let long = tmp.path().join("a-data-directory-with-a-rather-long-name-".repeat(3));
        std::fs::create_dir_all(&long).expect("dir");
        for dir in [tmp.path(), long.as_path()] {
            // A stale file from a crashed app is replaced.
            std::fs::write(dir.join(SOCKET), b"stale").expect("stale");
            let listener = Listener::bind(dir).expect("bind");
            let mode = std::fs::metadata(listener.file()).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            let (tx, rx) = std::sync::mpsc::channel();
            listener.serve(move |args| {
                let _ = tx.send(args);
                true
            });
            let reply = hand_over(dir, vec!["caucus:join?x".into()], Duration::from_secs(5)).expect("reply");
            assert_eq!(reply, Reply { v: VERSION, pid: std::process::id(), focused: true });
            assert_eq!(rx.recv_timeout(Duration::from_secs(5)).expect("args"), vec!["caucus:join?x".to_string()]);
            remove(&dir.join(SOCKET));
        }
    }

    #[test]
    fn nobody_listening_is_reported_with_a_code() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let err = hand_over(tmp.path(), Vec::new(), Duration::from_millis(200)).expect_err("nobody listens");
        assert_eq!(err.code(), "app.instance_unreachable");
    }
}
