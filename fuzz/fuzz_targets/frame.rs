//! Fuzz target `frame`: the decoding path the relay runs on every WebSocket message — `sync::protocol::decode_frame`, then `update::guard` on every update, then yrs's decoder (which the guard must keep safe).
#![no_main]

use caucus::sync::protocol::{self, Message};
use caucus::update::guard;
use libfuzzer_sys::fuzz_target;
use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, Transact, Update};

fuzz_target!(|data: &[u8]| {
    let Ok(messages) = protocol::decode_frame(data) else { return };
    for message in messages {
        match message {
            Message::SyncStep2(update) | Message::Update(update) => {
                if guard::check_update_v1(&update).is_ok() {
                    let _ = Update::decode_v1(&update);
                }
            }
            Message::SyncStep1(sv) => {
                // What a session answers a step 1 with: a diff against the peer's state vector.
                let _ = Doc::with_client_id(1).transact().encode_state_as_update_v1(&sv);
            }
            Message::Awareness(entries) => {
                let _ = protocol::encode_awareness(&entries);
            }
            Message::QueryAwareness | Message::Auth(_) => {}
        }
    }
});
