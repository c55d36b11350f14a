//! The relay's operations endpoints (`caucus serve --admin ADDR`, issue #13 §1): a small, bounded HTTP/1.1 listener serving `GET /healthz` and `GET /metrics`.
//!
//! Invariants: it listens on a loopback address unless the operator says otherwise
//! ([`AdminError::NotLoopback`]); it reads at most [`MAX_HEAD`] bytes of a request within
//! [`READ_TIMEOUT`], answers once and closes (`Connection: close`); at most [`CONCURRENT`]
//! requests are served at once. `/healthz` is 200 only when a write through the store's writer
//! just committed and the data directory's disk has room; its 503 names the reason. Nothing here
//! reads or logs a workshop's content.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::metrics::{self, RelayMetrics};
use crate::coded::Coded;
use crate::workshop::Caucus;

/// The request line and headers must fit in this.
pub const MAX_HEAD: usize = 8 * 1024;
/// A request must arrive, and its answer be written, within this.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Requests served at once; more are closed unanswered.
const CONCURRENT: usize = 16;
/// `/healthz` is 503 when the data directory's file system has less free than this.
pub const MIN_FREE_BYTES: u64 = 1 << 20;
/// The setting `/healthz` writes (the time of the probe) to check that the store commits.
const PROBE_SETTING: &str = "relay.healthz";

#[derive(Debug, Error)]
pub enum AdminError {
    #[error("--admin {0} is not a loopback address: the metrics and health of the relay would be open to anyone who reaches it; give --admin-beyond-loopback to mean it")]
    NotLoopback(SocketAddr),
    #[error("cannot listen on {addr} for --admin: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

impl Coded for AdminError {
    fn code(&self) -> &'static str {
        match self {
            AdminError::NotLoopback(_) => "admin.not_loopback",
            AdminError::Bind { .. } => "admin.bind",
        }
    }
}

/// Why `/healthz` is not ready.
#[derive(Debug, Error)]
pub enum Unhealthy {
    #[error("the store is open to read only (another program owns the data directory)")]
    ReadOnly,
    #[error("the disk of the data directory has {free} bytes free (less than {MIN_FREE_BYTES})")]
    DiskFull { free: u64 },
    #[error("a write through the store did not commit: {0}")]
    Write(String),
    #[error("a write through the store did not commit within {} s", READ_TIMEOUT.as_secs())]
    Stalled,
}

impl Coded for Unhealthy {
    fn code(&self) -> &'static str {
        match self {
            Unhealthy::ReadOnly => "health.read_only",
            Unhealthy::DiskFull { .. } => "health.disk_full",
            Unhealthy::Write(_) => "health.write_failed",
            Unhealthy::Stalled => "health.write_stalled",
        }
    }
}

/// A running admin listener; it stops when dropped or [`Admin::stop`]ped.
pub struct Admin {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Admin {
    /// Listens on `addr` (loopback only unless `beyond_loopback`) and serves the health of
    /// `caucus`'s store and `metrics`. Must be called within a tokio runtime.
    pub async fn bind(addr: SocketAddr, beyond_loopback: bool, caucus: Caucus, metrics: RelayMetrics) -> Result<Admin, AdminError> {
        if !addr.ip().is_loopback() && !beyond_loopback {
            return Err(AdminError::NotLoopback(addr));
        }
        let listener = TcpListener::bind(addr).await.map_err(|source| AdminError::Bind { addr, source })?;
        let addr = listener.local_addr().map_err(|source| AdminError::Bind { addr, source })?;
        let state = Arc::new(State { caucus, metrics, permits: Arc::new(tokio::sync::Semaphore::new(CONCURRENT)) });
        tracing::info!(%addr, "admin endpoints listening");
        Ok(Admin { addr, task: tokio::spawn(accept_loop(listener, state)) })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops listening; requests being answered are cut.
    pub fn stop(self) {
        self.task.abort();
    }
}

impl Drop for Admin {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct State {
    caucus: Caucus,
    metrics: RelayMetrics,
    permits: Arc<tokio::sync::Semaphore>,
}

async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => {
                let Ok(permit) = Arc::clone(&state.permits).try_acquire_owned() else {
                    tracing::info!(%peer, "admin request refused: too many at once");
                    continue;
                };
                let state = Arc::clone(&state);
                tokio::spawn(async move {
                    let _permit = permit;
                    serve(stream, &state).await;
                });
            }
            Err(e) => {
                tracing::warn!(error = %e, "admin accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// An HTTP answer: status line, content type, body.
struct Answer {
    status: &'static str,
    content_type: &'static str,
    body: String,
}

impl Answer {
    fn text(status: &'static str, body: impl Into<String>) -> Answer {
        Answer { status, content_type: "text/plain; charset=utf-8", body: body.into() }
    }
}

async fn serve(mut stream: TcpStream, state: &State) {
    let answer = match tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await {
        Err(_) => return,
        Ok(Err(Head::Io)) => return,
        Ok(Err(Head::TooLarge)) => Answer::text("431 Request Header Fields Too Large", "request head over 8 KiB\n"),
        Ok(Ok(head)) => route(&head, state).await,
    };
    let response = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{}",
        answer.status,
        answer.content_type,
        answer.body.len(),
        answer.body
    );
    let write = async {
        stream.write_all(response.as_bytes()).await?;
        stream.shutdown().await
    };
    let _ = tokio::time::timeout(READ_TIMEOUT, write).await;
}

enum Head {
    TooLarge,
    Io,
}

/// Reads up to the blank line that ends the head, at most [`MAX_HEAD`] bytes.
async fn read_head(stream: &mut TcpStream) -> Result<String, Head> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = stream.read(&mut chunk).await.map_err(|_| Head::Io)?;
        if n == 0 {
            return Err(Head::Io);
        }
        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            if end + 4 > MAX_HEAD {
                return Err(Head::TooLarge);
            }
            buf.truncate(end);
            return Ok(String::from_utf8_lossy(&buf).into_owned());
        }
        if buf.len() >= MAX_HEAD {
            return Err(Head::TooLarge);
        }
    }
}

async fn route(head: &str, state: &State) -> Answer {
    let mut words = head.lines().next().unwrap_or_default().split_whitespace();
    let (Some(method), Some(target), Some(version), None) = (words.next(), words.next(), words.next(), words.next()) else {
        return Answer::text("400 Bad Request", "bad request line\n");
    };
    if !version.starts_with("HTTP/1.") {
        return Answer::text("505 HTTP Version Not Supported", "HTTP/1.x only\n");
    }
    if method != "GET" {
        return Answer::text("405 Method Not Allowed", "GET only\n");
    }
    let path = target.split('?').next().unwrap_or_default();
    match path {
        "/healthz" => match health(state).await {
            Ok(()) => Answer::text("200 OK", "ok\n"),
            Err(e) => {
                tracing::warn!(code = e.code(), error = %e, "not healthy");
                Answer::text("503 Service Unavailable", format!("{}: {e}\n", e.code()))
            }
        },
        "/metrics" => {
            let caucus = state.caucus.clone();
            let size = tokio::task::spawn_blocking(move || caucus.store().disk_size()).await.unwrap_or(0);
            Answer { status: "200 OK", content_type: metrics::CONTENT_TYPE, body: state.metrics.encode(size) }
        }
        _ => Answer::text("404 Not Found", "not found: /healthz, /metrics\n"),
    }
}

/// Ready when the store is the directory's owner, its disk has room, and a tiny write through
/// its writer commits (the same group commit every edit goes through).
async fn health(state: &State) -> Result<(), Unhealthy> {
    let caucus = state.caucus.clone();
    let probe = tokio::task::spawn_blocking(move || {
        let store = caucus.store();
        if store.is_read_only() {
            return Err(Unhealthy::ReadOnly);
        }
        if let Some(free) = free_bytes(caucus.data_dir()) {
            if free < MIN_FREE_BYTES {
                return Err(Unhealthy::DiskFull { free });
            }
        }
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        store.put_setting(PROBE_SETTING, &now).wait().map(|_| ()).map_err(|e| Unhealthy::Write(format!("{}: {e}", e.code())))
    });
    match tokio::time::timeout(READ_TIMEOUT, probe).await {
        Ok(Ok(result)) => result,
        Ok(Err(e)) => Err(Unhealthy::Write(e.to_string())),
        Err(_) => Err(Unhealthy::Stalled),
    }
}

/// Bytes an unprivileged process may still write on the file system holding `dir`.
#[cfg(unix)]
fn free_bytes(dir: &std::path::Path) -> Option<u64> {
    rustix::fs::statvfs(dir).ok().map(|s| s.f_bavail.saturating_mul(s.f_frsize))
}

#[cfg(not(unix))]
fn free_bytes(_dir: &std::path::Path) -> Option<u64> {
    None
}
