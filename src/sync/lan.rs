//! LAN discovery over mDNS (issue #3 item 4): a relay advertises `_caucus._tcp.local.` with, for each workshop it hosts, a hash of the workshop id — never the id — plus its scheme; `caucus peers` browses for the hash of one workshop.
//!
//! TXT record: `v=1`, `scheme=ws|wss`, and `w0`, `w1`, … each holding one [`workshop_tag`]: the
//! first 16 hex digits of SHA-256(`caucus-lan` ‖ id). Someone on the LAN who knows a workshop id
//! can tell which relays host it; someone who does not learns nothing about it from the record.
//! At most [`MAX_TAGS`] workshops are advertised (a TXT record must fit one packet).
//!
//! Only relays listening beyond loopback advertise (a LAN peer cannot reach a loopback one), and
//! those serve TLS: the record carries no fingerprint, so a peer still needs the invitation's pin.

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use mdns_sd::{IfKind, ServiceDaemon, ServiceEvent, ServiceInfo};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::SyncError;

pub const SERVICE_TYPE: &str = "_caucus._tcp.local.";
/// Domain separation of the advertised hash.
pub const TAG_CONTEXT: &[u8] = b"caucus-lan";
/// Workshops advertised by one relay, at most.
pub const MAX_TAGS: usize = 40;

/// What a LAN peer sees of a workshop id: 16 hex digits of SHA-256(`caucus-lan` ‖ id).
pub fn workshop_tag(id: &str) -> String {
    let digest = Sha256::new().chain_update(TAG_CONTEXT).chain_update(id.as_bytes()).finalize();
    let mut hex = crate::host::hex(&digest);
    hex.truncate(16);
    hex
}

/// The TXT properties of a relay hosting `workshops` (ids, hashed here).
pub fn txt_properties(workshops: &[String], secure: bool) -> Vec<(String, String)> {
    let tags: BTreeSet<String> = workshops.iter().map(|id| workshop_tag(id)).collect();
    let mut props = vec![("v".to_string(), "1".to_string()), ("scheme".to_string(), scheme(secure).to_string())];
    props.extend(tags.into_iter().take(MAX_TAGS).enumerate().map(|(i, tag)| (format!("w{i}"), tag)));
    props
}

fn scheme(secure: bool) -> &'static str {
    if secure {
        "wss"
    } else {
        "ws"
    }
}

/// Whether a record (read through `get`) advertises workshop `id`, and if so its scheme.
pub fn match_record<'a>(get: impl Fn(&str) -> Option<&'a str>, id: &str) -> Option<&'a str> {
    if get("v") != Some("1") {
        return None;
    }
    let scheme = get("scheme").filter(|s| *s == "ws" || *s == "wss")?;
    let tag = workshop_tag(id);
    (0..MAX_TAGS).map_while(|i| get(&format!("w{i}"))).any(|t| t == tag).then_some(scheme)
}

/// A relay on the LAN that hosts the workshop browsed for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Peer {
    pub addresses: Vec<IpAddr>,
    pub port: u16,
    pub scheme: String,
    /// The mDNS instance name.
    pub instance: String,
}

fn mdns_error(e: mdns_sd::Error) -> SyncError {
    SyncError::Transport(format!("mDNS: {e}"))
}

/// A running advertisement; [`Advertiser::stop`] withdraws it.
pub struct Advertiser {
    daemon: ServiceDaemon,
    fullname: String,
}

impl Advertiser {
    /// Advertises a relay listening on `listen` hosting `workshops`: on the interface of its
    /// address, or on every (non-loopback) interface when it listens on all of them.
    pub fn start(workshops: &[String], listen: SocketAddr, secure: bool) -> Result<Advertiser, SyncError> {
        let daemon = ServiceDaemon::new().map_err(mdns_error)?;
        if !listen.ip().is_unspecified() {
            daemon.disable_interface(IfKind::All).map_err(mdns_error)?;
            daemon.enable_interface(IfKind::Addr(listen.ip())).map_err(mdns_error)?;
        }
        let mut nonce = [0u8; 4];
        getrandom::getrandom(&mut nonce).map_err(|e| SyncError::Transport(format!("no randomness: {e}")))?;
        let short = crate::host::hex(&nonce);
        let instance = format!("caucus-{short}");
        let host = format!("caucus-{short}.local.");
        let props = txt_properties(workshops, secure);
        let info = if listen.ip().is_unspecified() {
            ServiceInfo::new(SERVICE_TYPE, &instance, &host, "", listen.port(), &props[..]).map(ServiceInfo::enable_addr_auto)
        } else {
            ServiceInfo::new(SERVICE_TYPE, &instance, &host, listen.ip(), listen.port(), &props[..])
        }
        .map_err(mdns_error)?;
        let fullname = info.get_fullname().to_string();
        daemon.register(info).map_err(mdns_error)?;
        tracing::info!(instance = %instance, workshops = workshops.len().min(MAX_TAGS), "advertising on the LAN (hashed workshop ids)");
        Ok(Advertiser { daemon, fullname })
    }

    pub fn stop(self) {
        let _ = self.daemon.unregister(&self.fullname);
        let _ = self.daemon.shutdown();
    }
}

/// Browses the LAN for `timeout` and returns the relays advertising workshop `id`.
pub fn browse(id: &str, timeout: Duration) -> Result<Vec<Peer>, SyncError> {
    let daemon = ServiceDaemon::new().map_err(mdns_error)?;
    let events = daemon.browse(SERVICE_TYPE).map_err(mdns_error)?;
    let deadline = Instant::now() + timeout;
    let mut peers: Vec<Peer> = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(event) = events.recv_timeout(left) else { break };
        if let ServiceEvent::ServiceResolved(info) = event {
            let Some(scheme) = match_record(|k| info.get_property_val_str(k), id) else { continue };
            let mut addresses: Vec<IpAddr> = info.get_addresses().iter().copied().collect();
            addresses.sort();
            let peer = Peer { addresses, port: info.get_port(), scheme: scheme.to_string(), instance: info.get_fullname().to_string() };
            peers.retain(|p| p.instance != peer.instance);
            peers.push(peer);
        }
    }
    let _ = daemon.stop_browse(SERVICE_TYPE);
    let _ = daemon.shutdown();
    peers.sort_by(|a, b| a.instance.cmp(&b.instance));
    Ok(peers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn the_record_carries_hashes_never_ids_and_matches_its_workshops() {
        let ids = vec!["pxr27i72vbug72jdxnuftzpg".to_string(), "abcdefabcdefabcdefabcdef".to_string()];
        let tag = workshop_tag(&ids[0]);
        assert_eq!(tag.len(), 16);
        assert!(tag.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(tag, workshop_tag(&ids[1]));
        let props: HashMap<String, String> = txt_properties(&ids, true).into_iter().collect();
        for value in props.values().chain(props.keys()) {
            assert!(!ids.iter().any(|id| value.contains(id.as_str())), "the id itself is never advertised");
        }
        let get = |k: &str| props.get(k).map(String::as_str);
        assert_eq!(match_record(get, &ids[0]), Some("wss"));
        assert_eq!(match_record(get, &ids[1]), Some("wss"));
        assert_eq!(match_record(get, "someotherworkshopid00000"), None);
        let plain: HashMap<String, String> = txt_properties(&ids[..1], false).into_iter().collect();
        assert_eq!(match_record(|k| plain.get(k).map(String::as_str), &ids[0]), Some("ws"));
        // Another version or scheme is not ours.
        let mut odd = props.clone();
        odd.insert("v".into(), "2".into());
        assert_eq!(match_record(|k| odd.get(k).map(String::as_str), &ids[0]), None);
    }

    #[test]
    fn the_record_is_capped() {
        let ids: Vec<String> = (0..100).map(|i| format!("workshop{i:016}")).collect();
        let props = txt_properties(&ids, true);
        assert_eq!(props.len(), 2 + MAX_TAGS);
        let size: usize = props.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
        assert!(size < 1200, "{size} bytes fit one packet");
    }
}
