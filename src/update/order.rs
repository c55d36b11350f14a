//! The ordering check: an update whose changes yrs could not integrate whole at once is refused, so yrs never holds changes pending.

use thiserror::Error;
use yrs::{StateVector, Update};

/// An update that builds on changes this copy does not have yet (a client's changes starting
/// past what it has of them, or an item built on one not here). Refused, never held back:
/// yrs 0.28.1 keeps such changes pending and reads freed memory when a later update covers
/// them (`fuzz/UPSTREAM-yrs.md`). The missing changes come first on the next sync.
#[derive(Debug, Error, Clone, Copy, PartialEq, Eq)]
#[error("update out of order: it builds on changes of client {client} that this copy does not have yet (it needs clock {needs}; this copy has that client's clocks below {have}); the earlier changes must arrive first")]
pub struct OutOfOrder {
    pub client: u64,
    pub have: u32,
    pub needs: u32,
}

/// Refuses an update that yrs could not integrate whole at once ([`OutOfOrder`], the façade's `Error::UpdateOutOfOrder`):
/// - changes of a client that start past what `sv` has of it, or leave a hole (a Skip);
/// - an item built on one that is neither in the document (below `sv`) nor in the update itself
///   (its origin, right origin or parent).
///
/// yrs would keep such changes pending, and yrs 0.28.1 reads freed memory when a later update
/// covers changes it holds pending (`fuzz/UPSTREAM-yrs.md`). Every path that hands yrs a peer's
/// update checks this first, against the document it goes to (public for the fuzz targets,
/// which mirror that path). `references` are the ids the update builds on, from the guard's walk
/// of it ([`super::guard::references_v1`]).
pub fn check_in_order(sv: &StateVector, decoded: &Update, references: &[(u64, u32)]) -> Result<(), OutOfOrder> {
    let out_of_order = |client: u64, needs: u32| {
        let have = sv.get(&yrs::block::ClientID::new(client));
        Err(OutOfOrder { client, have, needs })
    };
    let inserted = decoded.insertions(true);
    for (client, ranges) in inserted.iter() {
        let mut next = sv.get(client);
        let mut ranges: Vec<std::ops::Range<u32>> = ranges.iter().cloned().collect();
        ranges.sort_by_key(|r| r.start);
        for range in ranges {
            if range.start > next {
                // The clock just before the range is missing (and maybe more before it).
                return out_of_order(client.get(), range.start - 1);
            }
            next = next.max(range.end);
        }
    }
    for &(client, clock) in references {
        let id = yrs::block::ClientID::new(client);
        let present = clock < sv.get(&id) || inserted.contains(&yrs::ID::new(id, clock));
        if !present {
            return out_of_order(client, clock);
        }
    }
    Ok(())
}
