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

/// The member an awareness state is shown under, from the roster (never from the state itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub member: String,
    /// The member's name as the roster shows it ([`crate::model::roster::Member::full_name`]).
    pub name: String,
}

/// Largest caret colour kept from a state (a CSS colour).
const MAX_COLOR: usize = 32;

/// An awareness state with its `user` field rewritten from `speaker` (issue #17, carets and
/// names): `{name, member}` from the roster and the sender's `color` when it is a short string;
/// any other `user` the sender wrote is dropped. A state that is not a JSON object is left as it
/// is (it names no one). Removals (`null`) pass unchanged.
pub fn stamp(json: &str, speaker: &Speaker) -> Arc<str> {
    let Ok(serde_json::Value::Object(mut state)) = serde_json::from_str::<serde_json::Value>(json) else {
        return Arc::from(json);
    };
    let color = state
        .get("user")
        .and_then(|u| u.get("color"))
        .and_then(|c| c.as_str())
        .filter(|c| c.len() <= MAX_COLOR)
        .map(str::to_string);
    let mut user = serde_json::Map::new();
    user.insert("name".into(), speaker.name.clone().into());
    user.insert("member".into(), speaker.member.clone().into());
    if let Some(c) = color {
        user.insert("color".into(), c.into());
    }
    state.insert("user".into(), serde_json::Value::Object(user));
    Arc::from(serde_json::Value::Object(state).to_string())
}

#[derive(Default)]
struct State {
    /// The webview's clients: client id → (clock, state JSON).
    local: HashMap<u64, (u32, Arc<str>)>,
    /// Peers' live clients.
    remote: HashMap<u64, (u32, Arc<str>)>,
    ui: Option<UiSink>,
    /// Whom the webview's states are shown as ([`Presence::speaking_as`]).
    speaker: Option<Speaker>,
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

    /// The webview's states are shown as `speaker` (this device's member, from the roster):
    /// their `user` field is stamped ([`stamp`]) before they are kept or sent.
    pub fn speaking_as(&self, speaker: Option<Speaker>) {
        self.state().speaker = speaker;
    }

    /// Awareness the webview announced: kept, and sent to the network. Entries beyond
    /// [`MAX_LOCAL_CLIENTS`] clients are ignored.
    pub fn from_ui(&self, entries: Vec<AwarenessEntry>) {
        let mut accepted = Vec::new();
        {
            let mut state = self.state();
            for mut e in entries {
                if let (false, Some(speaker)) = (e.is_removal(), &state.speaker) {
                    e.json = stamp(&e.json, speaker);
                }
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

    /// Carets and names (issue #17): the webview's state goes out under the device's member as
    /// the roster names them, whatever name it claims; its colour and cursor are kept.
    #[test]
    fn the_webview_state_is_shown_under_the_devices_member() {
        let presence = Presence::new();
        presence.speaking_as(Some(Speaker { member: "m-kenya".into(), name: "Delegate of Kenya (Kenya)".into() }));
        let mut rx = presence.subscribe_network();
        presence.from_ui(vec![entry(7, 1, r##"{"user":{"name":"Chair","color":"#f00"},"cursor":{"anchor":1}}"##)]);
        let sent = decode(&rx.try_recv().expect("sent"));
        let state: serde_json::Value = serde_json::from_str(&sent[0].json).expect("json");
        assert_eq!(state["user"], serde_json::json!({"name": "Delegate of Kenya (Kenya)", "member": "m-kenya", "color": "#f00"}));
        assert_eq!(state["cursor"]["anchor"], 1);
        presence.from_ui(vec![entry(7, 2, "null")]);
        assert!(decode(&rx.try_recv().expect("removal sent"))[0].is_removal());
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
