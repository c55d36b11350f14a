//! Attribution claims (DESIGN §4): what an untrusted `notes` update would write to Map `clients` (Yjs client id → member id), checked against who sent it before anything of it is applied.
//!
//! Every device records its draft's Yjs client id → its member in `notes`' Map `clients`, and
//! exports name the member's delegation from it. A peer could otherwise claim another member's
//! name for its own edits, or take over someone else's client id. So every endpoint that applies
//! a peer's `notes` update (relay sessions, a device's sessions, bundle import) first asks
//! [`check`] what the update would change in `clients`:
//!
//! - a new claim must name the authenticated member ([`Claimant::Member`]), unless the sender is
//!   a chair or secretariat member, who manage the roster anyway and whose syncs and bundles
//!   legitimately carry every member's claims;
//! - a claimed client id is never re-attributed, and no claim is removed (except by its member);
//! - a claim is a decimal client id (53 bits) → a member id string.
//!
//! How: yrs resolves where an item goes (a map entry's parent and key may only be implied by its
//! neighbour), and its blocks are not public, so the update is applied to a scratch copy of the
//! document — never to the live one — and the `clients` entries are compared before and after.
//! Sans IO; the cost is one decode of the `notes` state per update that holds anything new (an
//! update holding nothing new is answered without the copy), and memory is freed on return:
//! 2.7 ms for a 186 KB `notes` of 300 threads with replies (release build, this VM). Draft and
//! roster updates are never copied.
//! A panic of yrs on an inconsistent update is caught (the live apply refuses it too).

use std::collections::BTreeMap;

use thiserror::Error;
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, Transact, Update};

use crate::model::notes::Notes;
use crate::model::roster::Role;
use crate::model::{new_doc, DocName};
use super::subject::Subject;

/// Who an update comes from, as far as attribution goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claimant {
    /// A peer that speaks for no single member (a relay forwarding everyone's updates to a
    /// device's link, a token-less connection of an `--open` relay, the device's own webview):
    /// new claims for anyone, but no existing claim may change or go.
    Anyone,
    /// An authenticated member (a token's member, a bundle's signer).
    Member {
        id: String,
        /// May carry other members' new claims (chair and secretariat).
        relays_others: bool,
    },
}

impl Claimant {
    /// The claimant for a member of `role`.
    pub fn member(id: impl Into<String>, role: Role) -> Claimant {
        Claimant::Member { id: id.into(), relays_others: matches!(role, Role::Chair | Role::Secretariat) }
    }
}

/// Why an update's claims are refused. Member and client ids are not draft text: they may be logged.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum ClaimError {
    #[error("client {client} is claimed for member {claimed}, but the sender is member {sender}")]
    OtherMember { client: String, claimed: String, sender: String },
    #[error("client {client} is already claimed by member {was}; it may not be re-attributed to {now}")]
    Reattributed { client: String, was: String, now: String },
    #[error("the claim of client {client} by member {was} may not be removed")]
    Removed { client: String, was: String },
    #[error("the claim `{client}` is malformed (expected a decimal client id → a member id string)")]
    Malformed { client: String },
    #[error("the update cannot be checked: {0}")]
    Undecodable(String),
}

impl ClaimError {
    /// What the connection may not do, for [`crate::sync::SyncError::Forbidden`]'s message
    /// ("this connection may not {what} document notes").
    pub fn what(&self) -> &'static str {
        match self {
            ClaimError::OtherMember { .. } => "attribute a client to another member in",
            ClaimError::Reattributed { .. } => "re-attribute a claimed client in",
            ClaimError::Removed { .. } => "remove a member's client claim from",
            ClaimError::Malformed { .. } => "write a malformed client claim to",
            ClaimError::Undecodable(_) => "write an undecodable update to",
        }
    }
}

impl crate::coded::Coded for ClaimError {
    fn code(&self) -> &'static str {
        match self {
            ClaimError::OtherMember { .. } => "claims.other_member",
            ClaimError::Reattributed { .. } => "claims.reattributed",
            ClaimError::Removed { .. } => "claims.removed",
            ClaimError::Malformed { .. } => "claims.malformed",
            ClaimError::Undecodable(_) => "claims.undecodable",
        }
    }
}

/// Largest Yjs client id (53 bits).
const MAX_CLIENT: u64 = (1 << 53) - 1;

/// Checks what `updates` (untrusted v1 updates of `workshop`'s `notes`, applied in this order)
/// would change in Map `clients` when sent by `claimant`. Applies nothing to the workshop.
pub fn check(workshop: &impl Subject, updates: &[&[u8]], claimant: &Claimant) -> Result<(), ClaimError> {
    let mut decoded = Vec::with_capacity(updates.len());
    let mut news = false;
    for update in updates {
        let references = crate::update::guard::references_v1(update).map_err(|e| ClaimError::Undecodable(e.to_string()))?;
        news |= workshop.holds_news(DocName::Notes, update).map_err(ClaimError::Undecodable)?;
        decoded.push((Update::decode_v1(update).map_err(|e| ClaimError::Undecodable(e.to_string()))?, references));
    }
    if !news {
        // Nothing this document lacks: nothing it could change.
        return Ok(());
    }
    let state = Update::decode_v1(&workshop.encode_doc(DocName::Notes)).map_err(|e| ClaimError::Undecodable(e.to_string()))?;
    let scratch = new_doc(DocName::Notes, 1);
    let notes = Notes::new(&scratch);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        scratch.transact_mut().apply_update(state).map_err(|e| e.to_string())?;
        let before = notes.claims(&scratch.transact());
        for (update, references) in decoded {
            // An update out of order is skipped, as the session will skip it (and nothing out of
            // order reaches yrs, here either): what follows is checked on top of the rest.
            if crate::update::check_in_order(&scratch.transact().state_vector(), &update, &references).is_err() {
                continue;
            }
            scratch.transact_mut().apply_update(update).map_err(|e| e.to_string())?;
        }
        let after = notes.claims(&scratch.transact());
        Ok::<_, String>((before, after))
    }));
    let (before, after) = match outcome {
        Ok(Ok(claims)) => claims,
        Ok(Err(e)) => return Err(ClaimError::Undecodable(e)),
        Err(_) => return Err(ClaimError::Undecodable("the update is inconsistent with the document".into())),
    };
    compare(&before, &after, claimant)
}

/// The rules, on the `clients` entries before and after (see the module's documentation).
pub fn compare(
    before: &BTreeMap<String, Option<String>>,
    after: &BTreeMap<String, Option<String>>,
    claimant: &Claimant,
) -> Result<(), ClaimError> {
    for (client, now) in after {
        let was = before.get(client);
        if was == Some(now) {
            continue;
        }
        let well_formed = !client.is_empty()
            && client.len() <= 16
            && client.bytes().all(|b| b.is_ascii_digit())
            && client.parse::<u64>().is_ok_and(|c| c <= MAX_CLIENT);
        let Some(now) = now.as_ref().filter(|m| well_formed && !m.is_empty()) else {
            return Err(ClaimError::Malformed { client: shorten(client) });
        };
        if let Some(was) = was {
            let was = was.clone().unwrap_or_else(|| "(malformed)".into());
            return Err(ClaimError::Reattributed { client: client.clone(), was, now: now.clone() });
        }
        if let Claimant::Member { id, relays_others: false } = claimant {
            if now != id {
                return Err(ClaimError::OtherMember { client: client.clone(), claimed: now.clone(), sender: id.clone() });
            }
        }
    }
    for (client, was) in before {
        if after.contains_key(client) {
            continue;
        }
        let own = matches!((claimant, was), (Claimant::Member { id, .. }, Some(w)) if w == id);
        if !own {
            return Err(ClaimError::Removed { client: shorten(client), was: was.clone().unwrap_or_else(|| "(malformed)".into()) });
        }
    }
    Ok(())
}

fn shorten(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coded::Coded;

    fn map(entries: &[(&str, Option<&str>)]) -> BTreeMap<String, Option<String>> {
        entries.iter().map(|(k, v)| (k.to_string(), v.map(str::to_string))).collect()
    }

    #[test]
    fn the_rules() {
        let del = Claimant::member("m-del", Role::Delegate);
        let chair = Claimant::member("m-chair", Role::Chair);
        let before = map(&[("1", Some("m-chair"))]);
        let own = map(&[("1", Some("m-chair")), ("2", Some("m-del"))]);
        let other = map(&[("1", Some("m-chair")), ("2", Some("m-chair"))]);
        assert_eq!(compare(&before, &own, &del), Ok(()));
        assert_eq!(compare(&before, &other, &del).unwrap_err().code(), "claims.other_member");
        assert_eq!(compare(&before, &other, &chair), Ok(()), "the chair relays others' claims");
        assert_eq!(compare(&before, &other, &Claimant::Anyone), Ok(()));
        let stolen = map(&[("1", Some("m-del"))]);
        for c in [&del, &chair, &Claimant::Anyone] {
            assert_eq!(compare(&before, &stolen, c).unwrap_err().code(), "claims.reattributed");
            assert_eq!(compare(&before, &before, c), Ok(()));
        }
        assert_eq!(compare(&before, &map(&[]), &del).unwrap_err().code(), "claims.removed");
        assert_eq!(compare(&before, &map(&[]), &chair), Ok(()), "its own claim");
        for bad in [map(&[("x", Some("m-del"))]), map(&[("2", None)]), map(&[("9007199254740992", Some("m-del"))]), map(&[("2", Some(""))])] {
            assert_eq!(compare(&map(&[]), &bad, &del).unwrap_err().code(), "claims.malformed");
        }
    }
}
