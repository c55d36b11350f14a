//! The automerge-paper editing trace (tests/data/editing-traces) replayed into a one-paragraph draft: the big real-world draft the benchmarks share.

use std::io::Read;

use caucus::model::draft::Draft;
use caucus::model::{new_doc, DocName};
use serde::Deserialize;
use yrs::{Text, Transact, XmlFragment, XmlTextPrelim};

pub const TRACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/editing-traces/automerge-paper.json.gz");

#[derive(Deserialize)]
struct TraceFile {
    txns: Vec<Txn>,
}

#[derive(Deserialize)]
struct Txn {
    patches: Vec<(usize, usize, String)>,
}

/// Every patch of the trace: (position in code points, deleted, inserted).
pub fn patches() -> Vec<(usize, usize, String)> {
    let mut json = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(TRACE).expect("the automerge-paper trace (tests/data/editing-traces)"))
        .read_to_string(&mut json)
        .expect("gunzip");
    let trace: TraceFile = serde_json::from_str(&json).expect("trace json");
    trace.txns.into_iter().flat_map(|t| t.patches).collect()
}

/// Replays `patches` into paragraph `p-paper` of a new draft by Yjs client `client`, one
/// transaction a patch; `at(n, doc)` is called before patch `n`. Returns the draft and its text.
pub fn replay(client: u64, patches: &[(usize, usize, String)], mut at: impl FnMut(usize, &yrs::Doc)) -> (yrs::Doc, String) {
    let doc = new_doc(DocName::Draft, client);
    let draft = Draft::new(&doc);
    let text = {
        let mut txn = doc.transact_mut();
        let el = draft.body.insert(&mut txn, 0, yrs::XmlElementPrelim::empty("para"));
        yrs::Xml::insert_attribute(&el, &mut txn, "id", "p-paper");
        yrs::Xml::insert_attribute(&el, &mut txn, "kind", "text");
        XmlFragment::insert(&el, &mut txn, 0, XmlTextPrelim::new(""))
    };
    // Mirror in chars to turn code-point positions into byte offsets.
    let mut mirror: Vec<char> = Vec::new();
    let byte_at = |m: &[char], i: usize| m[..i].iter().map(|c| c.len_utf8()).sum::<usize>() as u32;
    for (n, (pos, del, ins)) in patches.iter().enumerate() {
        at(n, &doc);
        let mut txn = doc.transact_mut();
        if *del > 0 {
            let start = byte_at(&mirror, *pos);
            let len: usize = mirror[*pos..pos + del].iter().map(|c| c.len_utf8()).sum();
            text.remove_range(&mut txn, start, len as u32);
            mirror.drain(*pos..pos + del);
        }
        if !ins.is_empty() {
            text.insert(&mut txn, byte_at(&mirror, *pos), ins);
            for (k, c) in ins.chars().enumerate() {
                mirror.insert(pos + k, c);
            }
        }
    }
    (doc, mirror.into_iter().collect())
}

/// The paper's draft in workshop `w`: its whole state written as one saved update (as a peer's
/// would arrive); returns the paper's text and its paragraph's position. Not every bench that
/// shares this file loads a workshop.
#[allow(dead_code)]
pub fn into_workshop(w: &caucus::Workshop) -> (String, usize) {
    use yrs::updates::decoder::Decode;
    use yrs::ReadTxn;
    let (paper, text) = replay(4242, &patches(), |_, _| {});
    let state = paper.transact().encode_state_as_update_v1(&yrs::StateVector::default());
    let pending = w
        .transact_pipelined(DocName::Draft, |txn, _| txn.apply_update(yrs::Update::decode_v1(&state).expect("decode")).expect("apply"))
        .expect("write");
    if let Some(p) = pending {
        p.wait().expect("saved");
    }
    let position = w.paragraphs().iter().position(|p| p.para.id == "p-paper").expect("the paper's paragraph");
    (text, position)
}
