//! The `roster` document: members with role and group, removals, the chair's public key, the workshop's stage changes and its milestones.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use yrs::{Any, Doc, In, Map, MapPrelim, MapRef, Out, ReadTxn, TransactionMut};

use super::draft::out_string;
use super::error::{ModelError, Result};
use super::schema::*;

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> std::result::Result<Self, String> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    let all: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    format!("unknown {} `{s}` (expected one of {})", stringify!($name).to_lowercase(), all.join(", "))
                })
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// What a member may do (DESIGN §4): observers annotate, delegates also edit the draft,
    /// chair and secretariat also manage the roster; translators write the draft's French and
    /// Spanish versions only (and comment, as observers do; issue #15 §2).
    Role { Chair = "chair", Secretariat = "secretariat", Delegate = "delegate", Observer = "observer", Translator = "translator" }
}

string_enum! {
    /// The constituency a member speaks for, as Decision 17.C names them.
    Group {
        ProducerCountry = "producer-country",
        ConsumerCountry = "consumer-country",
        InternetCompanyCountry = "internet-company-country",
        Ngo = "ngo",
        Lawyer = "lawyer",
        Expert = "expert",
        Secretariat = "secretariat",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub name: String,
    /// Delegation (a Party) or organisation.
    pub delegation: String,
    pub role: Role,
    pub group: Group,
    pub added: String,
    /// When the member was removed; removed members stay listed so history keeps its names.
    pub removed: Option<String>,
}

impl Member {
    /// `Name (Delegation)`, or the name alone for a member with no delegation.
    pub fn full_name(&self) -> String {
        if self.delegation.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.delegation)
        }
    }

    /// Whom changes are attributed to: the delegation, or the member's name if it has none.
    pub fn speaks_for(&self) -> &str {
        if self.delegation.is_empty() {
            &self.name
        } else {
            &self.delegation
        }
    }
}

string_enum! {
    /// Where the workshop's text stands (issue #11 §1): `drafting` (delegates edit the draft),
    /// `comment-round` (everyone comments and proposes; only the chair and the Secretariat write
    /// the draft), `revision` (the chair and the Secretariat revise; others read and reply),
    /// `closed` (nobody writes the draft or comments). What each allows is `policy::stage`'s.
    Stage { Drafting = "drafting", CommentRound = "comment-round", Revision = "revision", Closed = "closed" }
}

impl Default for Stage {
    fn default() -> Self {
        Stage::Drafting
    }
}

/// A stage change as the roster records it ([`STAGES`]); a workshop without one is `drafting`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRecord {
    pub id: String,
    pub stage: Stage,
    /// `YYYY-MM-DD`, for a comment round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// The member who set it (the chair, or the Secretariat for the chair).
    pub by: String,
    pub created: String,
}

/// A milestone as the roster records it ([`MILESTONES`]): a name and the draft's Yjs snapshot
/// when the chair (or the Secretariat) froze it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneEntry {
    pub id: String,
    pub name: String,
    /// The draft's snapshot, v1-encoded (`yrs::Snapshot::encode_v1`).
    pub snapshot: Vec<u8>,
    /// The member who froze it.
    pub by: String,
    pub created: String,
}

#[derive(Clone)]
pub struct Roster {
    pub members: MapRef,
    pub revocations: MapRef,
    pub workshop: MapRef,
    pub stages: MapRef,
    pub milestones: MapRef,
}

impl Roster {
    pub fn new(doc: &Doc) -> Self {
        Roster {
            members: doc.get_or_insert_map(MEMBERS),
            revocations: doc.get_or_insert_map(REVOCATIONS),
            workshop: doc.get_or_insert_map(WORKSHOP),
            stages: doc.get_or_insert_map(STAGES),
            milestones: doc.get_or_insert_map(MILESTONES),
        }
    }

    /// Records a milestone under its id (made later than any record of the same second, as
    /// stage changes are, so two frozen in one second list in the order they were frozen);
    /// returns the id used.
    pub fn add_milestone(&self, txn: &mut TransactionMut, entry: &MilestoneEntry) -> String {
        let record: MapPrelim = [
            (MILESTONE_NAME, In::Any(Any::from(entry.name.as_str()))),
            (MILESTONE_SNAPSHOT, In::Any(Any::Buffer(entry.snapshot.as_slice().into()))),
            (MILESTONE_BY, In::Any(Any::from(entry.by.as_str()))),
            (MILESTONE_CREATED, In::Any(Any::from(entry.created.as_str()))),
        ]
        .into_iter()
        .collect();
        let id = super::notes::after_same_second(txn, &self.milestones, MILESTONE_CREATED, &entry.created, &entry.id);
        self.milestones.insert(txn, id.as_str(), record);
        id
    }

    /// Every milestone, oldest first (by `created`, then record id); a record without a name or
    /// a snapshot buffer is skipped (every endpoint refuses one).
    pub fn milestones<T: ReadTxn>(&self, txn: &T) -> Vec<MilestoneEntry> {
        let mut records: Vec<MilestoneEntry> = self
            .milestones
            .iter(txn)
            .filter_map(|(id, value)| {
                let Out::YMap(m) = value else { return None };
                let s = |k: &str| m.get(txn, k).map(|v| out_string(&v)).unwrap_or_default();
                let Some(Out::Any(Any::Buffer(snapshot))) = m.get(txn, MILESTONE_SNAPSHOT) else { return None };
                let name = s(MILESTONE_NAME);
                (!name.trim().is_empty()).then(|| MilestoneEntry {
                    id: id.to_string(),
                    name,
                    snapshot: snapshot.to_vec(),
                    by: s(MILESTONE_BY),
                    created: s(MILESTONE_CREATED),
                })
            })
            .collect();
        records.sort_by(|a, b| (&a.created, &a.id).cmp(&(&b.created, &b.id)));
        records
    }

    /// Records a stage change under `record_id` (made the latest even against a record of the
    /// same second, as notes' records are).
    pub fn set_stage(&self, txn: &mut TransactionMut, record_id: &str, record: &StageRecord) -> Result<()> {
        if let Some(deadline) = &record.deadline {
            if chrono::NaiveDate::parse_from_str(deadline, "%Y-%m-%d").is_err() {
                return Err(ModelError::BadDate(deadline.clone()));
            }
        }
        let mut fields = vec![
            (STAGE_VALUE, In::Any(Any::from(record.stage.as_str()))),
            (STAGE_BY, In::Any(Any::from(record.by.as_str()))),
            (STAGE_CREATED, In::Any(Any::from(record.created.as_str()))),
        ];
        if let Some(deadline) = &record.deadline {
            fields.push((STAGE_DEADLINE, In::Any(Any::from(deadline.as_str()))));
        }
        let entry: MapPrelim = fields.into_iter().collect();
        let record_id = super::notes::after_same_second(txn, &self.stages, STAGE_CREATED, &record.created, record_id);
        self.stages.insert(txn, record_id, entry);
        Ok(())
    }

    /// Every stage change, oldest first (by `created`, then record id); records whose stage this
    /// build does not know (a newer peer's) are skipped.
    pub fn stage_history<T: ReadTxn>(&self, txn: &T) -> Vec<StageRecord> {
        let mut records: Vec<StageRecord> = self
            .stages
            .iter(txn)
            .filter_map(|(id, value)| {
                let Out::YMap(m) = value else { return None };
                let s = |k: &str| m.get(txn, k).map(|v| out_string(&v));
                Some(StageRecord {
                    id: id.to_string(),
                    stage: s(STAGE_VALUE)?.parse().ok()?,
                    deadline: s(STAGE_DEADLINE).filter(|d| !d.is_empty()),
                    by: s(STAGE_BY).unwrap_or_default(),
                    created: s(STAGE_CREATED).unwrap_or_default(),
                })
            })
            .collect();
        records.sort_by(|a, b| (&a.created, &a.id).cmp(&(&b.created, &b.id)));
        records
    }

    /// The stage in force: the latest record's (`None`: never set, so `drafting`).
    pub fn stage<T: ReadTxn>(&self, txn: &T) -> Option<StageRecord> {
        self.stage_history(txn).pop()
    }

    pub fn set_chair_key(&self, txn: &mut TransactionMut, workshop_id: &str, public_key_hex: &str) {
        self.workshop.insert(txn, "id", workshop_id);
        self.workshop.insert(txn, "chairKey", public_key_hex);
    }

    pub fn chair_key<T: ReadTxn>(&self, txn: &T) -> Option<String> {
        self.workshop.get(txn, "chairKey").map(|v| out_string(&v))
    }

    pub fn add(&self, txn: &mut TransactionMut, member: &Member) -> Result<()> {
        if member.name.trim().is_empty() {
            return Err(ModelError::Empty("name"));
        }
        let entry: MapPrelim = [
            (MEMBER_NAME, In::Any(Any::from(member.name.as_str()))),
            (MEMBER_DELEGATION, In::Any(Any::from(member.delegation.as_str()))),
            (MEMBER_ROLE, In::Any(Any::from(member.role.as_str()))),
            (MEMBER_GROUP, In::Any(Any::from(member.group.as_str()))),
            (MEMBER_ADDED, In::Any(Any::from(member.added.as_str()))),
        ]
        .into_iter()
        .collect();
        self.members.insert(txn, member.id.as_str(), entry);
        Ok(())
    }

    /// Records the removal in the member's entry and in `revocations` (which endpoints check).
    pub fn remove(&self, txn: &mut TransactionMut, member_id: &str, by: &str, at: &str) -> Result<()> {
        let member = self.get(txn, member_id).ok_or_else(|| ModelError::NoSuchMember(member_id.to_string()))?;
        if member.removed.is_some() {
            return Err(ModelError::MemberRemoved(member_id.to_string()));
        }
        if let Some(Out::YMap(m)) = self.members.get(txn, member_id) {
            m.insert(txn, MEMBER_REMOVED, at);
        }
        let record: MapPrelim =
            [("at", In::Any(Any::from(at))), ("by", In::Any(Any::from(by)))].into_iter().collect();
        self.revocations.insert(txn, member_id, record);
        Ok(())
    }

    pub fn get<T: ReadTxn>(&self, txn: &T, member_id: &str) -> Option<Member> {
        match self.members.get(txn, member_id) {
            Some(Out::YMap(m)) => read_member(txn, member_id, &m),
            _ => None,
        }
    }

    pub fn is_revoked<T: ReadTxn>(&self, txn: &T, member_id: &str) -> bool {
        self.revocations.get(txn, member_id).is_some()
    }

    /// Members ordered by role, then group, then delegation and name.
    pub fn list<T: ReadTxn>(&self, txn: &T) -> Vec<Member> {
        let mut members: Vec<Member> = self
            .members
            .iter(txn)
            .filter_map(|(id, value)| match value {
                Out::YMap(m) => read_member(txn, id, &m),
                _ => None,
            })
            .map(|mut m| {
                if m.removed.is_none() && self.is_revoked(txn, &m.id) {
                    m.removed = Some(String::from("revoked"));
                }
                m
            })
            .collect();
        members.sort_by(|a, b| {
            (a.role, a.group, &a.delegation, &a.name, &a.id).cmp(&(b.role, b.group, &b.delegation, &b.name, &b.id))
        });
        members
    }
}

fn read_member<T: ReadTxn>(txn: &T, id: &str, m: &MapRef) -> Option<Member> {
    let s = |k: &str| m.get(txn, k).map(|v| out_string(&v));
    Some(Member {
        id: id.to_string(),
        name: s(MEMBER_NAME)?,
        delegation: s(MEMBER_DELEGATION).unwrap_or_default(),
        // An entry from a newer peer with a role we do not know gets the least power.
        role: s(MEMBER_ROLE).and_then(|r| r.parse().ok()).unwrap_or(Role::Observer),
        group: s(MEMBER_GROUP).and_then(|g| g.parse().ok()).unwrap_or(Group::Expert),
        added: s(MEMBER_ADDED).unwrap_or_default(),
        removed: s(MEMBER_REMOVED).filter(|r| !r.is_empty()),
    })
}
