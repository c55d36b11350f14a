//! The relay's limits against abuse (issue #13 §1): connections per IP address, the bytes a connection may send before its token is verified, and the token bucket of data messages per connection; their refusals as coded errors.
//!
//! Invariants: a connection counts against its address exactly while its [`IpSlot`] lives (it
//! drops on every exit path of the connection's task); a connection never reads a data message
//! beyond its bucket: it waits for a token instead (backpressure, see [`UpdateBucket`]).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use thiserror::Error;
use tokio::time::Instant;

/// Why the relay turned a connection away or closed it for its own behaviour.
#[derive(Debug, Error)]
pub enum LimitError {
    #[error("too many connections from {ip} (at most {max} at once)")]
    TooManyConnections { ip: IpAddr, max: usize },
    #[error("the WebSocket handshake did not finish within {0} s")]
    HandshakeTimeout(u64),
    #[error("no frame or pong for {0} s")]
    Idle(u64),
    #[error("more than {0} bytes before the invitation token was verified")]
    PreAuthTooLarge(usize),
}

impl crate::coded::Coded for LimitError {
    fn code(&self) -> &'static str {
        match self {
            LimitError::TooManyConnections { .. } => "relay.too_many_connections",
            LimitError::HandshakeTimeout(_) => "relay.handshake_timeout",
            LimitError::Idle(_) => "relay.idle_timeout",
            LimitError::PreAuthTooLarge(_) => "relay.pre_auth_too_large",
        }
    }
}

/// Open connections per client address, shared by the accept loop and the connection tasks.
#[derive(Default)]
pub(crate) struct PerIp {
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// The address a connection counts against: an IPv4 address (also when it arrives IPv4-mapped
/// on an IPv6 socket), or an IPv6 address's /64 (one host commonly holds a whole /64, so
/// counting single IPv6 addresses would not limit it).
pub(crate) fn counted_as(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        },
    }
}

impl PerIp {
    /// Counts a new connection from `ip` (as [`counted_as`]), or refuses it when `max` are open
    /// from there already.
    pub(crate) fn admit(self: &Arc<Self>, ip: IpAddr, max: usize) -> Result<IpSlot, LimitError> {
        let ip = counted_as(ip);
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.entry(ip).or_insert(0);
        if *n >= max {
            return Err(LimitError::TooManyConnections { ip, max });
        }
        *n += 1;
        Ok(IpSlot { table: Arc::clone(self), ip })
    }

    #[cfg(test)]
    fn count(&self, ip: IpAddr) -> usize {
        self.open.lock().unwrap_or_else(|p| p.into_inner()).get(&counted_as(ip)).copied().unwrap_or(0)
    }
}

/// One open connection of an address; released when dropped.
pub(crate) struct IpSlot {
    table: Arc<PerIp>,
    ip: IpAddr,
}

impl Drop for IpSlot {
    fn drop(&mut self) {
        let mut open = self.table.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// A token bucket of data messages for one connection: `rate` tokens a second, at most `burst`
/// saved up.
///
/// Beyond it the connection is slowed, not closed: its task stops reading until a token is due,
/// so the sender's TCP window fills and its own writes wait (backpressure). Closing would punish
/// honest bursts (a paste, a reconnect's backlog, a cursor dragged across the page) with a
/// reconnect that costs both sides more than the burst, and y-websocket clients reconnect at once
/// anyway; slowing costs the relay nothing (unread bytes stay in the kernel's socket buffer, and
/// the idle timeout still closes a peer that stops answering).
pub(crate) struct UpdateBucket {
    tokens: f64,
    burst: f64,
    /// Seconds per token.
    interval: f64,
    refilled: Instant,
}

impl UpdateBucket {
    /// `rate` per second (0: no limit), `burst` at most (at least 1).
    pub(crate) fn new(rate: u32, burst: u32) -> Option<UpdateBucket> {
        if rate == 0 {
            return None;
        }
        let burst = f64::from(burst.max(1));
        Some(UpdateBucket { tokens: burst, burst, interval: 1.0 / f64::from(rate), refilled: Instant::now() })
    }

    fn refill(&mut self, now: Instant) {
        let earned = now.saturating_duration_since(self.refilled).as_secs_f64() / self.interval;
        self.tokens = (self.tokens + earned).min(self.burst);
        self.refilled = now;
    }

    /// When the next message may be read: now if a token is saved up.
    pub(crate) fn ready_at(&mut self, now: Instant) -> Instant {
        self.refill(now);
        if self.tokens >= 1.0 {
            now
        } else {
            now + Duration::from_secs_f64((1.0 - self.tokens) * self.interval)
        }
    }

    /// Spends a token on a message that was read.
    pub(crate) fn take(&mut self, now: Instant) {
        self.refill(now);
        self.tokens -= 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_maximum_and_a_slot_comes_back_when_its_connection_ends() {
        let table = Arc::new(PerIp::default());
        let ip: IpAddr = "127.0.0.2".parse().expect("ip");
        let other: IpAddr = "127.0.0.3".parse().expect("ip");
        let a = table.admit(ip, 2).expect("first");
        let _b = table.admit(ip, 2).expect("second");
        assert!(matches!(table.admit(ip, 2), Err(LimitError::TooManyConnections { max: 2, .. })));
        let _c = table.admit(other, 2).expect("another address is not affected");
        drop(a);
        assert_eq!(table.count(ip), 1);
        let _d = table.admit(ip, 2).expect("a slot came back");
    }

    #[test]
    fn an_ipv6_host_counts_by_its_64_and_an_ipv4_mapped_address_as_ipv4() {
        let table = Arc::new(PerIp::default());
        let a: IpAddr = "2001:db8:1:2::1".parse().expect("ip");
        let same_64: IpAddr = "2001:db8:1:2:ffff::9".parse().expect("ip");
        let other_64: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        let _a = table.admit(a, 1).expect("first");
        assert!(table.admit(same_64, 1).is_err(), "the same /64 is one host");
        let _o = table.admit(other_64, 1).expect("another /64");
        let v4: IpAddr = "192.0.2.7".parse().expect("ip");
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().expect("ip");
        let _v4 = table.admit(v4, 1).expect("v4");
        assert!(table.admit(mapped, 1).is_err(), "IPv4-mapped is the same address");
    }

    #[test]
    fn the_bucket_lets_a_burst_through_then_one_message_per_interval() {
        let mut bucket = UpdateBucket::new(10, 3).expect("limited");
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(bucket.ready_at(t0), t0);
            bucket.take(t0);
        }
        let next = bucket.ready_at(t0);
        assert!(next > t0 && next <= t0 + Duration::from_millis(100), "{:?}", next - t0);
        assert_eq!(bucket.ready_at(t0 + Duration::from_millis(100)), t0 + Duration::from_millis(100));
        assert!(UpdateBucket::new(0, 3).is_none(), "0 means no limit");
    }
}

/// The stream under a connection until its token is verified: reads fail once more than `max`
/// bytes came (what a client sends then is its TLS handshake and its HTTP upgrade request; the
/// token is in the request's URL, and no WebSocket frame is read before it is verified).
/// [`PreAuth::into_inner`] gives the stream back, uncapped, once the connection is authenticated.
pub(crate) struct PreAuth<S> {
    inner: S,
    read: usize,
    max: usize,
    tripped: Arc<std::sync::atomic::AtomicBool>,
}

impl<S> PreAuth<S> {
    /// `tripped` is set once the cap is hit (the handshake then fails with an I/O error).
    pub(crate) fn new(inner: S, max: usize, tripped: Arc<std::sync::atomic::AtomicBool>) -> PreAuth<S> {
        PreAuth { inner, read: 0, max, tripped }
    }

    pub(crate) fn into_inner(self) -> S {
        self.inner
    }
}

impl<S: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for PreAuth<S> {
    fn poll_read(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>, buf: &mut tokio::io::ReadBuf<'_>) -> std::task::Poll<std::io::Result<()>> {
        let this = &mut *self;
        let room = this.max.saturating_sub(this.read);
        if room == 0 {
            this.tripped.store(true, std::sync::atomic::Ordering::Relaxed);
            return std::task::Poll::Ready(Err(std::io::Error::new(std::io::ErrorKind::InvalidData, LimitError::PreAuthTooLarge(this.max).to_string())));
        }
        let before = buf.filled().len();
        let polled = if buf.remaining() <= room {
            std::pin::Pin::new(&mut this.inner).poll_read(cx, buf)
        } else {
            // Never more than the cap allows: read into a smaller buffer and copy (only the
            // handshake's few hundred bytes take this path).
            let mut small = [0u8; 1024];
            let k = room.min(small.len());
            let mut limited = tokio::io::ReadBuf::new(&mut small[..k]);
            let polled = std::pin::Pin::new(&mut this.inner).poll_read(cx, &mut limited);
            buf.put_slice(limited.filled());
            polled
        };
        this.read += buf.filled().len() - before;
        polled
    }
}

impl<S: tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite for PreAuth<S> {
    fn poll_write(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>, data: &[u8]) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.inner).poll_write(cx, data)
    }

    fn poll_flush(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
