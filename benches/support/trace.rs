//! The automerge-paper editing trace (`tests/data/editing-traces`), shared by the benches that replay it (`#[path]`-included).

use std::io::Read;

use serde::Deserialize;

pub const TRACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/editing-traces/automerge-paper.json.gz");

#[derive(Deserialize)]
struct TraceFile {
    txns: Vec<Txn>,
}

#[derive(Deserialize)]
struct Txn {
    patches: Vec<(usize, usize, String)>,
}

/// Every patch of the trace, in order: (position in code points, code points deleted, text inserted).
pub fn patches() -> Vec<(usize, usize, String)> {
    let mut json = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(TRACE).expect("the automerge-paper trace (tests/data/editing-traces)"))
        .read_to_string(&mut json)
        .expect("gunzip");
    let trace: TraceFile = serde_json::from_str(&json).expect("trace json");
    trace.txns.into_iter().flat_map(|t| t.patches).collect()
}
