//! Fuzz target `bundle`: the offline bundle parser (`bundle::parse`: lengths, checksum, signature), the state-file parser, and the guard over each carried update.
#![no_main]

use caucus::bundle::{self, Bundle, SinceState};
use caucus::update::guard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = SinceState::parse(data);
    if let Ok(bundle) = bundle::parse(data) {
        let _ = bundle::check_updates(&bundle);
    }
    // Signatures almost never verify on fuzzed input: also screen the updates of a structurally
    // valid bundle whose checksum or signature failed, as `check_updates` would after verifying.
    if let Some(parts) = bundle::parse_unverified(data) {
        let parts: Bundle = parts;
        for update in &parts.updates {
            let _ = guard::check_update_v1(update);
        }
    }
});
