//! Operations on the roster and on who is who: members, this device's member and what it may do, and the attribution of Yjs client ids to members.

use std::collections::HashMap;

use yrs::Map as _;

use super::Workshop;
use crate::error::{Error, Result};
use crate::model::roster::{Group, Member, Role};
use crate::model::DocName;
use crate::model::ModelError;

/// A new member, before it has an id.
#[derive(Debug, Clone)]
pub struct NewMember {
    pub name: String,
    pub delegation: String,
    pub role: Role,
    pub group: Group,
}

impl Workshop {
    /// The chair's public key as the roster records it (hex), for token verification
    /// (`sync::token`); `None` in a roster not yet synced.
    pub fn chair_key(&self) -> Option<String> {
        self.read(DocName::Roster, |txn, l| l.r.chair_key(txn))
    }

    /// Whether the roster revokes `member_id` (`Roster::is_revoked`), for token verification.
    pub fn is_revoked(&self, member_id: &str) -> bool {
        self.read(DocName::Roster, |txn, l| l.r.is_revoked(txn, member_id))
    }

    /// The member this device acts as in the workshop, with its role and whom it speaks for:
    /// `None` on a device without an identity in it (a relay), whose own writes are not checked.
    /// A member the roster does not list (yet) acts with the least power, an observer's.
    pub fn acting(&self) -> Result<Option<crate::policy::inspect::Writer>> {
        let Some(identity) = self.caucus.inner.store.identity(&self.id)? else { return Ok(None) };
        let member = self.members().into_iter().find(|m| m.id == identity.member);
        let stage = Some(self.stage());
        Ok(Some(match member {
            Some(m) => crate::policy::Writer::Member { id: m.id.clone(), role: m.role, delegation: m.speaks_for().to_string(), stage },
            None => crate::policy::Writer::Member { id: identity.member, role: Role::Observer, delegation: String::new(), stage },
        }))
    }

    /// Asks the rule table, in the workshop's stage, whether this device's member may do
    /// `action` (nothing to ask on a device without an identity). Every member is bound by the
    /// stage on their own device, the chair and the Secretariat included.
    pub(super) fn permits(&self, action: crate::policy::Action) -> Result<()> {
        if let Some(writer) = self.acting()? {
            writer.permits(action)?;
        }
        Ok(())
    }

    /// The member who claims Yjs client `client_id` in the notes' Map `clients`.
    pub fn client_member(&self, client_id: u64) -> Option<String> {
        self.read(DocName::Notes, |txn, l| l.n.client_member(txn, client_id))
    }

    /// Every attribution claim of the notes' Map `clients`: client id → member id.
    pub fn client_claims(&self) -> std::collections::BTreeMap<String, Option<String>> {
        self.read(DocName::Notes, |txn, l| l.n.claims(txn))
    }

    /// Records that Yjs client `client_id` (e.g. the webview's copy of the draft) writes for this
    /// device's member, for attribution (DESIGN §4). Does nothing on a device without an identity
    /// in the workshop or when the entry is already there.
    pub fn claim_client(&self, client_id: u64) -> Result<()> {
        let Some(identity) = self.caucus.inner.store.identity(&self.id)? else { return Ok(()) };
        let known = self.read(DocName::Notes, |txn, l| l.n.client_member(txn, client_id));
        match known {
            Some(member) if member == identity.member => return Ok(()),
            Some(_) => {
                return Err(Error::Invalid(format!("Yjs client id {client_id} already writes for another member; use a new one")))
            }
            None => {}
        }
        self.transact(DocName::Notes, |txn| {
            self.live.n.record_client(txn, client_id, &identity.member);
            Ok(())
        })
    }

    pub fn members(&self) -> Vec<Member> {
        self.read(DocName::Roster, |txn, l| l.r.list(txn))
    }

    /// A member by id (or unambiguous id prefix).
    pub fn member(&self, id_or_prefix: &str) -> Result<Member> {
        let members = self.members();
        if let Some(m) = members.iter().find(|m| m.id == id_or_prefix) {
            return Ok(m.clone());
        }
        let mut matches = members.into_iter().filter(|m| m.id.starts_with(id_or_prefix));
        match (matches.next(), matches.next()) {
            (Some(m), None) if !id_or_prefix.is_empty() => Ok(m),
            _ => Err(ModelError::NoSuchMember(id_or_prefix.to_string()).into()),
        }
    }

    /// Adds a member: a chair or Secretariat member by the chair only, a delegate or observer by
    /// the chair or the Secretariat.
    pub fn add_member(&self, new: NewMember) -> Result<Member> {
        self.permits(crate::policy::Action::AddMember(new.role))?;
        let member = Member {
            id: self.host().id("m"),
            name: new.name,
            delegation: new.delegation,
            role: new.role,
            group: new.group,
            added: self.host().timestamp(),
            removed: None,
        };
        self.write_roster(|txn, roster| Ok(roster.add(txn, &member)?))?;
        Ok(member)
    }

    pub fn remove_member(&self, id_or_prefix: &str) -> Result<Member> {
        let member = self.member(id_or_prefix)?;
        self.permits(crate::policy::Action::RemoveMember(member.role))?;
        let by = self.me()?;
        let at = self.host().timestamp();
        self.write_roster(|txn, roster| Ok(roster.remove(txn, &member.id, &by, &at)?))?;
        self.member(&member.id)
    }

    /// This device's member id in the workshop.
    pub fn me(&self) -> Result<String> {
        Ok(self.caucus.inner.store.identity(&self.id)?.ok_or_else(|| Error::NoIdentity(self.id.clone()))?.member)
    }

    /// Who deleted which draft items, as delegations, from the notes' deletion records (a record
    /// whose ranges cannot be read is skipped: the policy refuses such a record at every endpoint).
    pub fn deleters(&self) -> crate::revision::Deleters {
        let members: HashMap<String, Member> = self.members().into_iter().map(|m| (m.id.clone(), m)).collect();
        let records = self.read(DocName::Notes, |txn, l| l.n.deletions(txn));
        let mut deleters = crate::revision::Deleters::default();
        for record in records {
            let (Some(m), Ok(ranges)) = (members.get(&record.member), crate::update::guard::delete_set_v1(&record.ranges)) else { continue };
            deleters.add(&ranges, m.speaks_for());
        }
        deleters
    }

    /// Records that `member`'s device deleted the draft items of `ranges` (`(client, clock,
    /// len)`), so that revisions name who deleted them (issue #11 §2).
    pub fn record_deletions(&self, member: &str, ranges: &[(u64, u32, u32)]) -> Result<()> {
        if ranges.is_empty() {
            return Ok(());
        }
        let bytes = crate::update::guard::encode_delete_set_v1(ranges);
        let (id, created) = (self.host().id("d"), self.host().timestamp());
        self.write_notes(|txn| {
            self.live.n.record_deletion(txn, &id, member, &bytes, &created);
            Ok(())
        })
    }

    /// Yjs client id → the delegation (or name) of the member who used it.
    pub fn delegations_by_client(&self) -> HashMap<u64, String> {
        let members: HashMap<String, Member> = self.members().into_iter().map(|m| (m.id.clone(), m)).collect();
        let clients: Vec<(u64, String)> = self.read(DocName::Notes, |txn, l| {
            l.n.clients
                .iter(txn)
                .filter_map(|(client, member)| Some((client.parse().ok()?, crate::model::draft::out_string(&member))))
                .collect()
        });
        clients
            .into_iter()
            .filter_map(|(client, member)| {
                let m = members.get(&member)?;
                Some((client, m.speaks_for().to_string()))
            })
            .collect()
    }
}
