//! Refuses Yjs updates that would hurt the process before yrs decodes them: nested values deeper than a bound, truncation, absurd counts.
//!
//! yrs decodes lib0 `Any` values recursively without a depth limit, so ~10,000 nested arrays in a
//! ~20 KB message overflow a thread's stack and abort the whole process. This walks the v1 update
//! format (structs, their contents, the delete set) with an explicit stack and no allocation
//! proportional to attacker-chosen counts, and says whether yrs may safely decode it.

use thiserror::Error;

use super::bytes::{ReadError, Reader};

/// Deepest nesting of arrays and objects accepted in an update's values. Real documents stay in
/// single digits; yrs's recursion needs roughly 1 KiB of stack per level.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum GuardError {
    #[error("the update ends in the middle of a value (at byte {0})")]
    Truncated(usize),
    #[error("a value in the update nests deeper than {MAX_DEPTH} levels (at byte {0})")]
    TooDeep(usize),
    #[error("the update has an unknown {what} tag {tag} at byte {at}")]
    UnknownTag { what: &'static str, tag: u64, at: usize },
    #[error("the update has {0} bytes after its end")]
    TrailingBytes(usize),
    #[error("a number in the update is too large (at byte {0})")]
    Overflow(usize),
    /// Yjs client ids have 53 bits; yrs asserts it (a panic in debug builds, a silently
    /// different id in release builds).
    #[error("a client id in the update is larger than 53 bits (at byte {0})")]
    ClientIdTooLarge(usize),
    /// A snapshot no document could have made ([`snapshot_v1`]).
    #[error("the snapshot {0}")]
    BadSnapshot(&'static str),
}

impl crate::coded::Coded for GuardError {
    fn code(&self) -> &'static str {
        match self {
            GuardError::TooDeep(_) => "sync.too_deep",
            _ => "sync.malformed_update",
        }
    }
}

impl From<ReadError> for GuardError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Truncated { at, .. } => GuardError::Truncated(at),
            ReadError::Overflow { at } => GuardError::Overflow(at),
        }
    }
}

/// The v1 update format's fields, on the one bounded reader.
trait Walk {
    fn client(&mut self) -> Result<u64, GuardError>;
    fn u32(&mut self) -> Result<u64, GuardError>;
    fn id(&mut self) -> Result<(u64, u32), GuardError>;
    fn var_int(&mut self) -> Result<(), GuardError>;
    fn skip_buf(&mut self) -> Result<(), GuardError>;
    fn buf_range(&mut self) -> Result<std::ops::Range<usize>, GuardError>;
    fn count(&mut self) -> Result<u64, GuardError>;
    fn any(&mut self) -> Result<(), GuardError>;
}

impl Walk for Reader<'_> {
    /// A Yjs client id: below 2^53.
    fn client(&mut self) -> Result<u64, GuardError> {
        let at = self.at();
        let client = self.var_uint()?;
        if client >= 1 << 53 {
            return Err(GuardError::ClientIdTooLarge(at));
        }
        Ok(client)
    }

    /// A clock or length that yrs reads as a `u32`.
    fn u32(&mut self) -> Result<u64, GuardError> {
        let at = self.at();
        let n = self.var_uint()?;
        if n > u64::from(u32::MAX) {
            return Err(GuardError::Overflow(at));
        }
        Ok(n)
    }

    /// An item id: client and clock.
    fn id(&mut self) -> Result<(u64, u32), GuardError> {
        let client = self.client()?;
        let clock = self.u32()?;
        // `u32` checked the range.
        Ok((client, clock as u32))
    }

    fn var_int(&mut self) -> Result<(), GuardError> {
        // Same length rules as an unsigned varint; only the first byte's layout differs.
        let start = self.at();
        let mut b = self.u8()?;
        let mut n = 0;
        while b & 0x80 != 0 {
            n += 1;
            if n > 10 {
                return Err(GuardError::Overflow(start));
            }
            b = self.u8()?;
        }
        Ok(())
    }

    /// A varUint8Array or varString: a length and that many bytes.
    fn skip_buf(&mut self) -> Result<(), GuardError> {
        self.buf()?;
        Ok(())
    }

    /// A varUint8Array or varString, returning where its bytes are.
    fn buf_range(&mut self) -> Result<std::ops::Range<usize>, GuardError> {
        let len = self.var_uint()?;
        let start = self.at();
        self.skip(len)?;
        Ok(start..self.at())
    }

    /// A count of items that each take at least one byte: refuse counts the rest cannot hold,
    /// so a tiny message cannot make a loop spin 2^64 times.
    fn count(&mut self) -> Result<u64, GuardError> {
        let at = self.at();
        let n = self.var_uint()?;
        if n > self.left() as u64 {
            return Err(GuardError::Truncated(at));
        }
        Ok(n)
    }

    /// A lib0 `Any`, walked with an explicit stack of remaining child counts.
    fn any(&mut self) -> Result<(), GuardError> {
        // Each entry: (children left, whether children are object entries with a key first).
        let mut stack: Vec<(u64, bool)> = Vec::new();
        loop {
            let tag_at = self.at();
            let tag = self.u8()?;
            match tag {
                127 | 126 | 121 | 120 => {}
                125 => self.var_int()?,
                124 => self.skip(4)?,
                123 | 122 => self.skip(8)?,
                119 | 116 => self.skip_buf()?,
                118 | 117 => {
                    let object = tag == 118;
                    let n = self.count()?;
                    if stack.len() >= MAX_DEPTH {
                        return Err(GuardError::TooDeep(tag_at));
                    }
                    stack.push((n, object));
                }
                _ => return Err(GuardError::UnknownTag { what: "value", tag: tag.into(), at: tag_at }),
            }
            // Finish containers whose children are all read; start the next child's key.
            loop {
                match stack.last_mut() {
                    None => return Ok(()),
                    Some((0, _)) => {
                        stack.pop();
                    }
                    Some((left, object)) => {
                        *left -= 1;
                        if *object {
                            self.skip_buf()?;
                        }
                        break;
                    }
                }
            }
        }
    }
}

/// Checks a v1-encoded update. `Ok` means yrs can decode it without unbounded recursion.
pub fn check_update_v1(update: &[u8]) -> Result<(), GuardError> {
    walk_update_v1(update, &mut Seen::default())
}

/// What a walk of an update saw: the ids it builds on ([`references_v1`]), which content kinds
/// its structs carry, and its formatting attributes.
#[derive(Debug, Default)]
pub struct Seen {
    /// Origins, right origins and parent items.
    pub ids: Vec<(u64, u32)>,
    /// Bit `n` set: a struct with content number `n` (1 deleted, 2 JSON, 3 binary, 4 string,
    /// 5 embed, 6 format, 7 type, 8 any, 9 doc).
    pub contents: u16,
    /// Each format struct's key and JSON-encoded value, as byte ranges of the update.
    pub formats: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>,
    /// The delete set: `(client, clock, len)` ranges of items it deletes.
    pub deleted: Vec<(u64, u32, u32)>,
    /// For each client's run of structs, `(client, clock)` just past its last struct that is not
    /// a skip, or before it: the update inserts that client's structs at least up to there (the
    /// clock exactly, unless a string holds characters outside the Basic Multilingual Plane,
    /// which count two in the clock and one here).
    pub inserted: Vec<(u64, u32)>,
    /// Whether the walk lists `ids` (a walk that only checks, or only asks how far an update
    /// inserts, does not: millions of them in a large workshop's state).
    keep_ids: bool,
}

impl Seen {
    /// Whether every struct is a string, a format, a deleted range, GC or skip: an update that
    /// types or formats text (or deletes), and adds no element, map entry value or embed.
    pub fn text_only(&self) -> bool {
        self.contents & !((1 << 1) | (1 << 4) | (1 << 6)) == 0
    }
}

/// [`check_update_v1`], also returning what the walk saw ([`Seen`]): one pass for the draft's
/// checks ([`crate::policy::shadow`]).
pub fn walk_v1(update: &[u8]) -> Result<Seen, GuardError> {
    let mut seen = Seen { keep_ids: true, ..Seen::default() };
    walk_update_v1(update, &mut seen)?;
    Ok(seen)
}

/// [`check_update_v1`], also returning how far the update inserts for each client ([`Seen::inserted`]).
pub fn inserted_v1(update: &[u8]) -> Result<Vec<(u64, u32)>, GuardError> {
    let mut seen = Seen::default();
    walk_update_v1(update, &mut seen)?;
    Ok(seen.inserted)
}

/// The item ids a v1 update's structs build on — origins, right origins and parent items — as
/// `(client, clock)`, after the same checks as [`check_update_v1`]. What an update needs present
/// before yrs can integrate it without holding anything pending ([`crate::update::check_in_order`]).
pub fn references_v1(update: &[u8]) -> Result<Vec<(u64, u32)>, GuardError> {
    Ok(walk_v1(update)?.ids)
}

fn walk_update_v1(update: &[u8], seen: &mut Seen) -> Result<(), GuardError> {
    let mut r = Reader::new(update);
    let clients = r.count()?;
    for _ in 0..clients {
        let structs = r.count()?;
        let client = r.client()?;
        // yrs adds each struct's length to a u32 clock (an overflow panics in debug builds and
        // wraps to wrong ids otherwise): the clocks must stay within u32.
        let mut clock = r.u32()?;
        // Where the structs end at least (`Seen::inserted`), as `clock` is where they end at most.
        let mut least = clock;
        let mut inserted_to = None;
        for _ in 0..structs {
            let at = r.at();
            let skip = update.get(at) == Some(&10);
            let (len, len_at_least) = struct_v1(&mut r, seen)?;
            clock = clock.checked_add(len).filter(|&c| c <= u64::from(u32::MAX)).ok_or(GuardError::Overflow(at))?;
            least += len_at_least;
            if !skip {
                inserted_to = Some(least as u32);
            }
        }
        seen.inserted.extend(inserted_to.map(|end| (client, end)));
    }
    delete_set(&mut r, &mut seen.deleted)?;
    if r.left() != 0 {
        return Err(GuardError::TrailingBytes(r.left()));
    }
    Ok(())
}

/// A v1 delete set: client count, then per client its id, range count and `(clock, len)` ranges.
fn delete_set(r: &mut Reader<'_>, out: &mut Vec<(u64, u32, u32)>) -> Result<(), GuardError> {
    let clients = r.count()?;
    for _ in 0..clients {
        let client = r.client()?;
        let ranges = r.count()?;
        for _ in 0..ranges {
            let at = r.at();
            let start = r.u32()?;
            let len = r.u32()?;
            if start + len > u64::from(u32::MAX) {
                return Err(GuardError::Overflow(at));
            }
            if len > 0 {
                out.push((client, start as u32, len as u32));
            }
        }
    }
    Ok(())
}

/// A standalone v1 delete set (the bytes a deletion record keeps), read as bounded as an update:
/// its `(client, clock, len)` ranges.
pub fn delete_set_v1(bytes: &[u8]) -> Result<Vec<(u64, u32, u32)>, GuardError> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::new();
    delete_set(&mut r, &mut out)?;
    if r.left() != 0 {
        return Err(GuardError::TrailingBytes(r.left()));
    }
    Ok(out)
}

/// A v1 Yjs snapshot, read as bounded as an update: what it says was deleted and how far it
/// reached in each client's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotParts {
    /// `(client, clock, len)` ranges deleted at the snapshot.
    pub deleted: Vec<(u64, u32, u32)>,
    /// Client → clock: the snapshot holds each client's items below its clock (never 0).
    pub state: std::collections::BTreeMap<u64, u32>,
}

/// Reads a v1 snapshot (a delete set, then a state vector) without yrs's decoder. Refuses a
/// clock of 0 (yrs's encoder underflows on it), a client listed twice, and a deleted range
/// beyond the state it belongs to (a snapshot of a real document never has one).
pub fn snapshot_v1(bytes: &[u8]) -> Result<SnapshotParts, GuardError> {
    let mut r = Reader::new(bytes);
    let mut deleted = Vec::new();
    delete_set(&mut r, &mut deleted)?;
    let clients = r.count()?;
    let mut state = std::collections::BTreeMap::new();
    for _ in 0..clients {
        let client = r.client()?;
        let clock = r.u32()? as u32;
        if clock == 0 {
            return Err(GuardError::BadSnapshot("lists a client with no items"));
        }
        if state.insert(client, clock).is_some() {
            return Err(GuardError::BadSnapshot("lists a client twice"));
        }
    }
    if r.left() != 0 {
        return Err(GuardError::TrailingBytes(r.left()));
    }
    let beyond = |&&(client, clock, len): &&(u64, u32, u32)| u64::from(clock) + u64::from(len) > u64::from(state.get(&client).copied().unwrap_or(0));
    if deleted.iter().any(|d| beyond(&d)) {
        return Err(GuardError::BadSnapshot("deletes items beyond its state"));
    }
    Ok(SnapshotParts { deleted, state })
}

/// Encodes `(client, clock, len)` ranges as a v1 delete set ([`delete_set_v1`] reads it back).
pub fn encode_delete_set_v1(ranges: &[(u64, u32, u32)]) -> Vec<u8> {
    fn var(out: &mut Vec<u8>, mut n: u64) {
        while n >= 0x80 {
            out.push((n as u8 & 0x7f) | 0x80);
            n >>= 7;
        }
        out.push(n as u8);
    }
    let mut by_client: std::collections::BTreeMap<u64, Vec<(u32, u32)>> = std::collections::BTreeMap::new();
    for &(client, clock, len) in ranges {
        by_client.entry(client).or_default().push((clock, len));
    }
    let mut out = Vec::new();
    var(&mut out, by_client.len() as u64);
    for (client, ranges) in by_client {
        var(&mut out, client);
        var(&mut out, ranges.len() as u64);
        for (clock, len) in ranges {
            var(&mut out, u64::from(clock));
            var(&mut out, u64::from(len));
        }
    }
    out
}

/// Screens one struct and returns bounds of its length in clock units: at most (exact for GC,
/// Skip and Deleted; for other contents each unit takes at least one byte, so the bytes read bound
/// it) and at least (exact but for a string's characters outside the Basic Multilingual Plane,
/// counted one each instead of two).
fn struct_v1(r: &mut Reader<'_>, seen: &mut Seen) -> Result<(u64, u64), GuardError> {
    let info_at = r.at();
    let info = r.u8()?;
    // yrs takes GC (0) and Skip (10) only on the exact byte and other items' content from the
    // low four bits: follow it exactly, refusing what it would read differently (bit 4 set, or an
    // item whose content number is GC's or Skip's).
    match info {
        0 | 10 => return r.u32().map(|len| (len, len)), // GC or Skip: a length
        _ if info & 0x10 != 0 || matches!(info & 0b1111, 0 | 10) => {
            return Err(GuardError::UnknownTag { what: "struct", tag: info.into(), at: info_at });
        }
        _ => {}
    }
    let id = |r: &mut Reader<'_>, seen: &mut Seen| -> Result<(), GuardError> {
        let id = r.id()?;
        if seen.keep_ids {
            seen.ids.push(id);
        }
        Ok(())
    };
    if info & 0x80 != 0 {
        id(r, seen)?; // origin
    }
    if info & 0x40 != 0 {
        id(r, seen)?; // right origin
    }
    if info & 0xc0 == 0 {
        // yrs reads this as a u32 (wrapping longer varints): read it the same way.
        if r.u32()? == 1 {
            r.skip_buf()?; // a root type's name
        } else {
            id(r, seen)?; // the parent item
        }
        if info & 0x20 != 0 {
            r.skip_buf()?; // parent's map key
        }
    }
    seen.contents |= 1 << (info & 0b1111);
    let at_least = match info & 0b1111 {
        1 => return r.u32().map(|len| (len, len)), // Deleted: a length
        2 => {
            // yrs 0.28 reads one string more than the count it is given (`while remaining >= 0`).
            let n = r.count()?;
            for _ in 0..=n {
                r.skip_buf()?;
            }
            n
        }
        // A string's clock length is its UTF-16 length: one for each UTF-8 sequence at least.
        4 => r.buf()?.iter().filter(|&&b| b & 0xc0 != 0x80).count() as u64,
        3 | 5 => {
            r.skip_buf()?;
            1
        }
        6 => {
            let key = r.buf_range()?;
            let value = r.buf_range()?;
            seen.formats.push((key, value));
            1
        }
        7 => {
            let at = r.at();
            // yrs reads the type ref as one byte, and its XmlHook (5) carries no name where Yjs's
            // does: a walk that disagreed with yrs would screen bytes yrs then reads differently.
            // Caucus never makes hooks, so they are refused.
            match r.u8()? {
                3 => r.skip_buf()?, // XmlElement: its name
                0 | 1 | 2 | 4 | 6 => {}
                tag => return Err(GuardError::UnknownTag { what: "type", tag: tag.into(), at }),
            }
            1
        }
        8 => {
            let n = r.count()?;
            for _ in 0..n {
                r.any()?;
            }
            n
        }
        9 => {
            r.skip_buf()?;
            r.any()?;
            1
        }
        tag => return Err(GuardError::UnknownTag { what: "content", tag: tag.into(), at: info_at }),
    };
    Ok(((r.at() - info_at) as u64, at_least))
}

#[cfg(test)]
mod tests {
    /// A real document's snapshot reads as yrs wrote it; one no document could make is refused.
    #[test]
    fn a_snapshot_reads_as_yrs_wrote_it_and_an_impossible_one_is_refused() {
        use yrs::updates::encoder::Encode;
        use yrs::{GetString, ReadTxn, Text, Transact};
        let doc = yrs::Doc::with_client_id(42);
        let text = doc.get_or_insert_text("t");
        text.insert(&mut doc.transact_mut(), 0, "hello world");
        text.remove_range(&mut doc.transact_mut(), 0, 6);
        assert_eq!(text.get_string(&doc.transact()), "world");
        let snapshot = doc.transact().snapshot().encode_v1();
        let parts = super::snapshot_v1(&snapshot).expect("a real snapshot");
        assert_eq!(parts.deleted, vec![(42, 0, 6)]);
        assert_eq!(parts.state.into_iter().collect::<Vec<_>>(), vec![(42, 11)]);
        let bad = |bytes: &[u8]| super::snapshot_v1(bytes).expect_err("refused").to_string();
        assert!(bad(&[0, 1, 42, 0]).contains("no items"));
        assert!(bad(&[0, 2, 42, 1, 42, 2]).contains("twice"));
        assert!(bad(&[1, 42, 1, 0, 9, 1, 42, 3]).contains("beyond"));
        assert!(bad(&[0, 1, 42, 3, 7]).contains("after its end"));
        assert!(bad(&[0, 5]).contains("middle"));
    }

    /// A delete set encoded here is the one yrs encodes, and reads back; trailing or short bytes
    /// are refused.
    #[test]
    fn a_delete_set_round_trips_with_yrs() {
        use yrs::updates::decoder::Decode;
        use yrs::updates::encoder::Encode;
        let ranges = vec![(7, 0, 3), (7, 10, 2), (1 << 40, 5, 1)];
        let ours = super::encode_delete_set_v1(&ranges);
        let theirs = yrs::IdSet::decode_v1(&ours).expect("yrs reads it");
        assert_eq!(theirs.encode_v1(), ours, "yrs writes the same bytes");
        let mut read = super::delete_set_v1(&ours).expect("read");
        read.sort();
        let mut expected = ranges.clone();
        expected.sort();
        assert_eq!(read, expected);
        assert!(super::delete_set_v1(&[ours.as_slice(), &[0]].concat()).is_err());
        assert!(super::delete_set_v1(&ours[..ours.len() - 1]).is_err());
    }

    use super::*;
    use yrs::{Array, Doc, Map, ReadTxn, StateVector, Text, Transact, XmlElementPrelim, XmlFragment};

    fn real_update() -> Vec<u8> {
        let doc = Doc::new();
        let text = doc.get_or_insert_text("t");
        let map = doc.get_or_insert_map("m");
        let array = doc.get_or_insert_array("a");
        let xml = doc.get_or_insert_xml_fragment("x");
        let mut txn = doc.transact_mut();
        text.insert(&mut txn, 0, "hello world");
        text.remove_range(&mut txn, 2, 3);
        map.insert(&mut txn, "k", yrs::Any::from(vec![yrs::Any::from(1.5), yrs::Any::from("s"), yrs::Any::Null]));
        array.push_back(&mut txn, true);
        xml.insert(&mut txn, 0, XmlElementPrelim::empty("para"));
        drop(txn);
        let update = doc.transact().encode_state_as_update_v1(&StateVector::default());
        update
    }

    #[test]
    fn what_yrs_would_read_differently_or_overflow_is_refused() {
        // One client (1) at clock 0 with one struct: info 0x4a is an item with a right origin to
        // yrs, but looks like a Skip under a 5-bit mask.
        assert!(check_update_v1(&[1, 1, 1, 0, 0x4a, 1, 0, 0]).is_err());
        // A GC of u32::MAX units at clock 1: the clock would overflow in yrs.
        assert_eq!(check_update_v1(&[1, 1, 1, 1, 0, 0xff, 0xff, 0xff, 0xff, 0x0f, 0]), Err(GuardError::Overflow(4)));
        // A delete-set range past u32.
        assert_eq!(check_update_v1(&[0, 1, 1, 1, 2, 0xff, 0xff, 0xff, 0xff, 0x0f]), Err(GuardError::Overflow(4)));
    }

    /// How far an update inserts for each client, read by the walk alone, is what yrs reads
    /// (skips, which stand for a gap in a merged update, insert nothing).
    #[test]
    fn the_walk_reads_how_far_an_update_inserts_as_yrs_does() {
        use yrs::updates::decoder::Decode;
        let doc = Doc::with_client_id(7);
        let text = doc.get_or_insert_text("t");
        let mut parts = Vec::new();
        for word in ["abc", "def", "ghi"] {
            let sv = doc.transact().state_vector();
            text.insert(&mut doc.transact_mut(), 0, word);
            parts.push(doc.transact().encode_state_as_update_v1(&sv));
        }
        let with_a_gap = yrs::merge_updates_v1([parts[0].as_slice(), parts[2].as_slice()]).expect("merged");
        let yrs_reads = |update: &[u8]| {
            let decoded = yrs::Update::decode_v1(update).expect("decoded");
            let mut ends: Vec<(u64, u32)> = decoded.insertions(true).iter().map(|(c, ranges)| (c.get(), ranges.iter().map(|r| r.end).max().unwrap_or(0))).collect();
            ends.sort();
            ends
        };
        for update in [real_update(), with_a_gap.clone(), parts[1].clone(), vec![0, 0]] {
            let mut walked = inserted_v1(&update).expect("walked");
            walked.sort();
            assert_eq!(walk_v1(&update).expect("walked").inserted.len(), walked.len());
            assert_eq!(walked, yrs_reads(&update));
        }
        assert!(with_a_gap.contains(&10), "the merged update holds a skip");
        assert_eq!(inserted_v1(&with_a_gap).expect("walked"), vec![(7, 9)]);
        // A character outside the BMP is two in the clock, one in the walk: never more than yrs.
        text.insert(&mut doc.transact_mut(), 0, "a\u{1F418}b");
        let update = doc.transact().encode_state_as_update_v1(&StateVector::default());
        assert_eq!(yrs_reads(&update), vec![(7, 13)]);
        assert_eq!(inserted_v1(&update).expect("walked"), vec![(7, 12)]);
    }

    #[test]
    fn real_updates_pass() {
        assert_eq!(check_update_v1(&real_update()), Ok(()));
        assert_eq!(check_update_v1(&[0, 0]), Ok(()));
    }

    /// An update whose one item is an Any of `depth` nested arrays (what an attacker sends).
    fn nested(depth: usize) -> Vec<u8> {
        // 1 client, 1 struct, client 1, clock 0; item info 8 (ContentAny) with a root parent "m".
        let mut u = vec![1, 1, 1, 0, 8, 1, 1, b'm', 1];
        u.extend(std::iter::repeat([117u8, 1]).take(depth).flatten());
        u.push(126);
        u.extend([0]);
        u
    }

    #[test]
    fn deep_nesting_is_refused_before_yrs_sees_it() {
        assert_eq!(check_update_v1(&nested(10)), Ok(()));
        // The hand-made message is a real update: yrs reads it (at a depth that is safe).
        let update = <yrs::Update as yrs::updates::decoder::Decode>::decode_v1(&nested(10)).expect("yrs decodes it");
        Doc::new().transact_mut().apply_update(update).expect("and applies it");
        assert!(matches!(check_update_v1(&nested(10_000)), Err(GuardError::TooDeep(_))));
    }

    #[test]
    fn truncated_and_garbage_updates_are_refused_without_panicking() {
        let update = real_update();
        for cut in 0..update.len() {
            let _ = check_update_v1(&update[..cut]);
        }
        assert!(check_update_v1(&update[..update.len() - 1]).is_err());
        let mut seed = 1u64;
        for _ in 0..2000 {
            let bytes: Vec<u8> = (0..64)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (seed >> 56) as u8
                })
                .collect();
            let _ = check_update_v1(&bytes);
        }
        assert!(matches!(check_update_v1(&[0xff; 12]), Err(_)));
    }

    #[test]
    fn client_ids_beyond_53_bits_are_refused() {
        // One client whose id is 2^53 (yrs would assert on it), one struct: a GC of length 1.
        let mut u = vec![1, 1];
        u.extend([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]); // 2^53 as a varuint
        u.extend([0, 0, 1, 0]);
        assert!(matches!(check_update_v1(&u), Err(GuardError::ClientIdTooLarge(2))));
        // The same with the largest valid id passes.
        let mut ok = vec![1, 1];
        ok.extend([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]);
        ok.extend([0, 0, 1, 0]);
        assert_eq!(check_update_v1(&ok), Ok(()));
        // In a delete set too.
        let mut ds = vec![0, 1];
        ds.extend([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]);
        ds.extend([1, 0, 1]);
        assert!(matches!(check_update_v1(&ds), Err(GuardError::ClientIdTooLarge(2))));
    }
}
