//! This device on the local network: hosting its workshops for peers (a TLS relay on every interface with the device's self-signed certificate, announced by mDNS; remembered across starts, on the same port) and finding the relays that host the open workshop.

use std::time::Duration;

use caucus::sync::lan::Advertiser;
use caucus::sync::relay::{Relay, RelayOptions};
use caucus::Coded;

use crate::dto::{codes, ErrorDto, LanHostDto, PeerDto};
use crate::session::{lock, Session};

/// Settings: host on the local network ("1"), and on which port (kept, so invitations stay valid).
pub(crate) const LAN_HOST: &str = "app.lan_host";
pub(crate) const LAN_PORT: &str = "app.lan_port";

/// Serving this device's workshops to peers on the local network (wss://, self-signed
/// certificate pinned by the invitations this device issues; announced by mDNS).
pub(crate) struct Hosting {
    relay: Relay,
    advertiser: Option<Advertiser>,
    /// `wss://<LAN address>:<port>`.
    url: String,
    fingerprint: String,
}

impl Session {
    /// Relays on the local network that host this workshop (mDNS).
    pub fn lan_peers(&self, seconds: u64) -> Result<Vec<PeerDto>, ErrorDto> {
        let opened = self.opened()?;
        let found = caucus::sync::lan::browse(opened.workshop.id(), Duration::from_secs(seconds.clamp(1, 10)))
            .map_err(|e| ErrorDto::from(e))?;
        let current = lock(&opened.sync).relay.clone();
        let mut peers = Vec::new();
        for peer in found {
            for addr in &peer.addresses {
                let host = if addr.is_ipv6() { format!("[{addr}]") } else { addr.to_string() };
                let address = format!("{}://{host}:{}", peer.scheme, peer.port);
                peers.push(PeerDto { connected: current.as_deref() == Some(address.as_str()), address, kind: "lan", last_synced: None });
            }
        }
        Ok(peers)
    }

    /// Starts (or stops) serving this device's workshops to peers on the local network: a relay
    /// on every interface over TLS with this device's self-signed certificate, announced by mDNS
    /// (a hash of each workshop id, never the id). Peers must present a valid invitation.
    pub fn lan_host(&self, enable: bool) -> Result<LanHostDto, ErrorDto> {
        let caucus = self.caucus()?.clone();
        let previous = lock(&self.inner.hosting).take();
        if let Some(h) = previous {
            if let Some(a) = h.advertiser {
                a.stop();
            }
            self.inner.runtime.block_on(h.relay.stop());
        }
        caucus.store().put_setting(LAN_HOST, if enable { "1" } else { "0" }).wait()?;
        if !enable {
            tracing::info!("no longer hosting on the local network");
            return Ok(LanHostDto { hosting: false, url: None, fingerprint: None });
        }
        let lan_ip = lan_address().ok_or_else(|| {
            ErrorDto::new(codes::NO_NETWORK, "This computer has no local network address to host on.")
        })?;
        let port: u16 = caucus.store().setting(LAN_PORT)?.and_then(|p| p.parse().ok()).unwrap_or(0);
        let tls = caucus::sync::tls::ServerTls::self_signed(caucus.data_dir()).map_err(|e| ErrorDto::from(e))?;
        let options = RelayOptions { tls: Some(tls), ..RelayOptions::default() };
        let bind = |port: u16| {
            let addr = std::net::SocketAddr::from(([0, 0, 0, 0], port));
            self.inner.runtime.block_on(Relay::bind(caucus.clone(), addr, options.clone()))
        };
        // The kept port may be taken now: then any free one (invitations name the new one).
        let relay = match bind(port) {
            Ok(r) => r,
            Err(_) if port != 0 => bind(0).map_err(|e| ErrorDto::from(e))?,
            Err(e) => return Err(ErrorDto::from(e)),
        };
        let port = relay.local_addr().port();
        caucus.store().put_setting(LAN_PORT, &port.to_string()).wait()?;
        let fingerprint = relay.fingerprint().unwrap_or_default().to_string();
        let ids: Vec<String> = caucus.list()?.into_iter().map(|w| w.id).collect();
        let advertiser = match Advertiser::start(&ids, relay.local_addr(), true) {
            Ok(a) => Some(a),
            Err(e) => {
                tracing::warn!(code = e.code(), "hosting, but not announced on the local network");
                None
            }
        };
        let host = if lan_ip.is_ipv6() { format!("[{lan_ip}]") } else { lan_ip.to_string() };
        let url = format!("wss://{host}:{port}");
        tracing::info!(port, "hosting on the local network");
        let dto = LanHostDto { hosting: true, url: Some(url.clone()), fingerprint: Some(fingerprint.clone()) };
        *lock(&self.inner.hosting) = Some(Hosting { relay, advertiser, url, fingerprint });
        Ok(dto)
    }

    /// The LAN relay's address while hosting: invitations name it when the workshop has no relay of its own.
    pub(crate) fn lan_url(&self) -> Option<String> {
        lock(&self.inner.hosting).as_ref().map(|h| h.url.clone())
    }

    pub fn lan_host_status(&self) -> LanHostDto {
        match lock(&self.inner.hosting).as_ref() {
            Some(h) => LanHostDto { hosting: true, url: Some(h.url.clone()), fingerprint: Some(h.fingerprint.clone()) },
            None => LanHostDto { hosting: false, url: None, fingerprint: None },
        }
    }

}

/// This computer's address on the local network: the source address of a route to a
/// documentation-only address (no packet is sent).
fn lan_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}
