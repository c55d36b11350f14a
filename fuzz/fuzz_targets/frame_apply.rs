//! Fuzz target `frame_apply`: `frame` plus what `Workshop::apply_remote` does next — an update out of order skipped (as a session skips it, the connection going on), yrs integrating each other screened update into a document, with yrs panics contained as `apply_remote` contains them.
#![no_main]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use caucus::update::guard;
use caucus::sync::protocol::{self, Message};
use libfuzzer_sys::fuzz_target;
use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, Transact, Update};

static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys aborts on any panic; `apply_remote` catches yrs's, so this target does too
    // (an uncaught panic still reaches libfuzzer-sys and counts as a crash).
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Ok(messages) = protocol::decode_frame(data) else { return };
    let doc = Doc::with_client_id(1);
    for message in messages {
        if let Message::SyncStep2(update) | Message::Update(update) = message {
            let Ok(references) = guard::references_v1(&update) else { return };
            let Ok(decoded) = Update::decode_v1(&update) else { return };
            if caucus::update::check_in_order(&doc.transact().state_vector(), &decoded, &references).is_err() {
                continue; // skipped; the session asks the peer again and goes on
            }
            let contained = catch_unwind(AssertUnwindSafe(|| {
                let _ = doc.transact_mut().apply_update(decoded);
            }));
            if contained.is_err() {
                return; // the document is poisoned and reloaded in `apply_remote`
            }
        }
    }
});
