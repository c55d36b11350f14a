//! Presence (y-protocols awareness: carets, selections, names) on this device: what the webview announces goes to the network link, what peers announce comes back to the webview.
//!
//! Awareness is never stored. The webview's states are kept so that a link that (re)connects
//! announces them at once; peers' states are kept so that a webview that (re)opens sees them,
//! and are withdrawn from the webview when the link is lost (y-protocols: a `null` state with a
//! newer clock removes a client).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

use super::protocol::{self, AwarenessEntry};

/// Most awareness clients the webview may announce (it announces one per document it binds).
pub const MAX_LOCAL_CLIENTS: usize = 4;
/// Most peers' awareness clients kept.
pub const MAX_REMOTE_CLIENTS: usize = 1024;

type UiSink = Arc<dyn Fn(Vec<u8>) + Send + Sync>;

#[derive(Default)]
struct State {
    /// The webview's clients: client id → (clock, state JSON).
    local: HashMap<u64, (u32, Arc<str>)>,
    /// Peers' live clients.
    remote: HashMap<u64, (u32, Arc<str>)>,
    ui: Option<UiSink>,
}

/// The awareness exchange between the webview and the network of one open workshop's draft.
pub struct Presence {
    state: Mutex<State>,
    to_network: broadcast::Sender<Vec<u8>>,
}

impl std::fmt::Debug for Presence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.state();
        f.debug_struct("Presence").field("local", &state.local.len()).field("remote", &state.remote.len()).finish()
    }
}

impl Default for Presence {
    fn default() -> Self {
        Presence { state: Mutex::new(State::default()), to_network: broadcast::channel(64).0 }
    }
}

impl Presence {
    pub fn new() -> Arc<Presence> {
        Arc::new(Presence::default())
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Where peers' awareness frames for the webview go (replaces the earlier one).
    pub fn set_ui(&self, sink: Option<UiSink>) {
        self.state().ui = sink;
    }

    /// Awareness the webview announced: kept, and sent to the network. Entries beyond
    /// [`MAX_LOCAL_CLIENTS`] clients are ignored.
    pub fn from_ui(&self, entries: Vec<AwarenessEntry>) {
        let mut accepted = Vec::new();
        {
            let mut state = self.state();
            for e in entries {
                let known = state.local.contains_key(&e.client);
                if !known && state.local.len() >= MAX_LOCAL_CLIENTS {
                    continue;
                }
                if e.is_removal() {
                    state.local.remove(&e.client);
                } else {
                    state.local.insert(e.client, (e.clock, Arc::clone(&e.json)));
                }
                accepted.push(e);
            }
        }
        if !accepted.is_empty() {
            // No receiver (no link) is fine: a link announces the kept states when it connects.
            let _ = self.to_network.send(protocol::encode_awareness(&accepted));
        }
    }

    /// Awareness a peer announced (through the link): a newer clock wins; passed to the webview.
    pub fn from_network(&self, entries: Vec<AwarenessEntry>) {
        let (accepted, ui) = {
            let mut state = self.state();
            let mut accepted = Vec::new();
            for e in entries {
                if state.local.contains_key(&e.client) {
                    continue; // our own state, echoed
                }
                let newer = state.remote.get(&e.client).map_or(true, |(clock, _)| e.clock > *clock);
                if !newer && !e.is_removal() {
                    continue;
                }
                if e.is_removal() {
                    state.remote.remove(&e.client);
                } else if state.remote.len() < MAX_REMOTE_CLIENTS || state.remote.contains_key(&e.client) {
                    state.remote.insert(e.client, (e.clock, Arc::clone(&e.json)));
                } else {
                    continue;
                }
                accepted.push(e);
            }
            (accepted, state.ui.clone())
        };
        if let (false, Some(ui)) = (accepted.is_empty(), ui) {
            ui(protocol::encode_awareness(&accepted));
        }
    }

    /// The link is gone: peers' states are withdrawn from the webview.
    pub fn network_lost(&self) {
        let (removed, ui) = {
            let mut state = self.state();
            let removed: Vec<AwarenessEntry> = state
                .remote
                .drain()
                .map(|(client, (clock, _))| AwarenessEntry { client, clock: clock.saturating_add(1), json: Arc::from("null") })
                .collect();
            (removed, state.ui.clone())
        };
        if let (false, Some(ui)) = (removed.is_empty(), ui) {
            ui(protocol::encode_awareness(&removed));
        }
    }

    /// The webview's live states as one frame, for a link that (re)connects.
    pub fn local_frame(&self) -> Option<Vec<u8>> {
        let state = self.state();
        let entries: Vec<AwarenessEntry> = state
            .local
            .iter()
            .map(|(client, (clock, json))| AwarenessEntry { client: *client, clock: *clock, json: Arc::clone(json) })
            .collect();
        (!entries.is_empty()).then(|| protocol::encode_awareness(&entries))
    }

    /// Peers' live states as one frame (possibly empty), for a webview that opens or asks.
    pub fn remote_frame(&self) -> Vec<u8> {
        let state = self.state();
        let entries: Vec<AwarenessEntry> = state
            .remote
            .iter()
            .map(|(client, (clock, json))| AwarenessEntry { client: *client, clock: *clock, json: Arc::clone(json) })
            .collect();
        protocol::encode_awareness(&entries)
    }

    /// Frames the webview announces, for a link to send.
    pub fn subscribe_network(&self) -> broadcast::Receiver<Vec<u8>> {
        self.to_network.subscribe()
    }

    /// Peers' clients currently known.
    pub fn remote_clients(&self) -> Vec<u64> {
        self.state().remote.keys().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex as StdMutex;

    fn entry(client: u64, clock: u32, json: &str) -> AwarenessEntry {
        AwarenessEntry { client, clock, json: Arc::from(json) }
    }

    fn decode(frame: &[u8]) -> Vec<AwarenessEntry> {
        match protocol::decode_frame(frame).expect("frame").pop() {
            Some(protocol::Message::Awareness(e)) => e,
            other => panic!("not awareness: {other:?}"),
        }
    }

    #[test]
    fn the_webview_state_goes_to_the_network_and_is_announced_again_on_reconnect() {
        let presence = Presence::new();
        let mut rx = presence.subscribe_network();
        presence.from_ui(vec![entry(7, 1, r#"{"user":{"name":"A"}}"#)]);
        assert_eq!(decode(&rx.try_recv().expect("sent"))[0].client, 7);
        let again = decode(&presence.local_frame().expect("kept"));
        assert_eq!((again[0].client, again[0].clock), (7, 1));
    }

    #[test]
    fn peers_reach_the_webview_newest_first_and_are_withdrawn_when_the_link_is_lost() {
        let presence = Presence::new();
        let seen: Arc<StdMutex<Vec<Vec<AwarenessEntry>>>> = Arc::default();
        let log = Arc::clone(&seen);
        presence.set_ui(Some(Arc::new(move |f: Vec<u8>| log.lock().expect("log").push(decode(&f)))));
        presence.from_network(vec![entry(9, 3, r#"{"user":{"name":"B"}}"#)]);
        presence.from_network(vec![entry(9, 2, r#"{"user":{"name":"old"}}"#)]); // older: dropped
        assert_eq!(presence.remote_clients(), vec![9]);
        presence.network_lost();
        let seen = seen.lock().expect("log");
        assert_eq!(seen.len(), 2);
        assert!(seen[1][0].is_removal() && seen[1][0].clock == 4, "{:?}", seen[1]);
        assert!(presence.remote_clients().is_empty());
    }

    #[test]
    fn the_webview_cannot_announce_more_than_a_few_clients() {
        let presence = Presence::new();
        let many: Vec<AwarenessEntry> = (0..100).map(|c| entry(c, 1, "{}")).collect();
        presence.from_ui(many);
        assert_eq!(decode(&presence.local_frame().expect("kept")).len(), MAX_LOCAL_CLIENTS);
    }
}
