//! Applying the content rules to untrusted updates: who wrote each change (the sender, or the member who claims the Yjs client that created the record), a semantic before/after of `notes`, `roster` and the language versions, each change checked with [`super::rights::permits`].
//!
//! Sans IO. `notes` and `roster` updates are applied to a scratch copy of the document (as
//! [`crate::policy::claims`] always did for `notes`; `roster` is small and rarely written), never to
//! the live one, and the records they touch are compared before and after. `draft` updates are
//! checked for foreign clients here (cheap: the update's own client ids against the claims) and
//! for their content on the live draft's shadow ([`super::shadow`]), never on a copy.

use std::collections::{BTreeMap, HashMap};

use yrs::branch::Branch;
use yrs::updates::decoder::Decode;
use yrs::{Any, Array, BranchID, Map, Out, ReadTxn, Transact, Update};

use crate::model::notes::{CommentType, Notes, OutcomeKind, ProposalKind};
use crate::model::roster::{Member, Role, Stage};
use crate::model::schema::*;
use crate::model::types::{BracketStatus, LogAction};
use crate::model::{new_doc, DocName};
use crate::policy::claims::{self, Claimant, ClaimError};

use super::rights::{check_body, permits, Action, RightsError};
use super::subject::Subject;

/// Why an untrusted update is refused before anything of it is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// An attribution claim the sender may not make (`claims.*`).
    Claim(ClaimError),
    /// A content rule (`rights.*`, `draft.*`).
    Rights(RightsError),
    /// The update cannot be checked (malformed or inconsistent).
    Undecodable(String),
}

impl crate::coded::Coded for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::Claim(e) => e.code(),
            Refusal::Rights(e) => e.code(),
            Refusal::Undecodable(_) => "sync.malformed_update",
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Claim(e) => e.fmt(f),
            Refusal::Rights(e) => e.fmt(f),
            Refusal::Undecodable(e) => write!(f, "the update cannot be checked: {e}"),
        }
    }
}

/// The member a change is checked as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Writer {
    /// `stage`: the stage its own changes are judged in ([`super::stage::permits_in`]); `None`:
    /// changes relayed for it by another (a chair's bundle, a relay), judged where they entered.
    Member { id: String, role: Role, delegation: String, stage: Option<Stage> },
    /// Not attributable to a member, carried by a trusted peer (this device's relay): only the
    /// rules that bind everyone apply.
    Trusted,
}

impl Writer {
    /// Whether this writer may do `action`: the rule table, narrowed by the stage its own changes
    /// are judged in; a trusted peer's unattributed changes meet only the rules that bind everyone.
    pub fn permits(&self, action: Action) -> Result<(), RightsError> {
        match self {
            Writer::Member { role, stage: Some(stage), .. } => super::stage::permits_in(*stage, *role, action),
            Writer::Member { role, stage: None, .. } => permits(*role, action),
            Writer::Trusted => Ok(()),
        }
    }
}

/// Who is behind the changes of one update: its sender, the claims (client id → member) as they
/// will be once it is applied, the roster, and the workshop's stage.
pub struct Writers {
    claimant: Claimant,
    claims: BTreeMap<String, Option<String>>,
    members: HashMap<String, Member>,
    stage: Stage,
    stages: Vec<crate::model::roster::StageRecord>,
}

impl Writers {
    pub fn new(claimant: Claimant, claims: BTreeMap<String, Option<String>>, members: Vec<Member>) -> Writers {
        Writers { claimant, claims, members: members.into_iter().map(|m| (m.id.clone(), m)).collect(), stage: Stage::Drafting, stages: Vec::new() }
    }

    /// Judges a delegate's or observer's own changes in `stage` (issue #11 §1). The chair's and
    /// the Secretariat's connections and bundles carry others' older changes, and they set the
    /// stage: the stage binds them on their own devices ([`crate::Workshop`]'s operations).
    pub fn in_stage(mut self, stage: Stage) -> Writers {
        self.stage = stage;
        self
    }

    /// The stage changes so far, oldest first (the last is in force): a dated record (a thread, a
    /// reply, a support) is also judged in the stage in force at its own date ([`Writers::dated`]).
    pub fn with_history(mut self, stages: Vec<crate::model::roster::StageRecord>) -> Writers {
        self.stage = stages.last().map_or(Stage::Drafting, |r| r.stage);
        self.stages = stages;
        self
    }

    /// `writer`, judged for a record dated `created` (RFC 3339) in the more permissive of the
    /// stage in force at its date and the stage in force now (stages are ordered from the most
    /// permissive, drafting, to the least, closed: [`super::stage::permits_in`] never allows in a
    /// later stage what it refuses in an earlier one). A comment written offline in the comment
    /// round and arriving once the round is over is the round's (issue #11 §1: kept, shown late,
    /// never dropped); a record refused now is taken once the stage allows it, so a refusal is
    /// never permanent and peers converge when the stage opens again. Its date is its writer's word.
    fn dated(&self, writer: Writer, created: &str) -> Writer {
        match writer {
            Writer::Member { id, role, delegation, stage: Some(now) } => {
                let then = super::stage::stage_at(&self.stages, created);
                Writer::Member { id, role, delegation, stage: Some(then.min(now)) }
            }
            other => other,
        }
    }

    fn member(&self, id: &str, fallback: Role) -> Writer {
        match self.members.get(id) {
            Some(m) => Writer::Member { id: id.to_string(), role: m.role, delegation: m.speaks_for().to_string(), stage: None },
            None => Writer::Member { id: id.to_string(), role: fallback, delegation: String::new(), stage: None },
        }
    }

    /// The sender itself, speaking for its member only: judged in the workshop's stage.
    fn own(&self, id: &str) -> Writer {
        match self.member(id, Role::Observer) {
            Writer::Member { id, role, delegation, .. } => Writer::Member { id, role, delegation, stage: Some(self.stage) },
            trusted => trusted,
        }
    }

    /// The delegation a listed member speaks for.
    fn delegation_of(&self, member: &str) -> Option<&str> {
        self.members.get(member).map(Member::speaks_for)
    }

    fn claimed(&self, client: u64) -> Option<&str> {
        self.claims.get(&client.to_string()).and_then(|m| m.as_deref())
    }

    /// The writer of a record whose creating item is `creator`'s (`None`: a field overwritten in
    /// place, not attributable to an item). A delegate's or observer's connection speaks for its
    /// member only; a chair's or Secretariat's carries others' records, each checked as the member
    /// who claims its client (else as the sender); a trusted peer's unattributed changes are
    /// checked as [`Writer::Trusted`].
    pub fn of(&self, creator: Option<u64>) -> Writer {
        match &self.claimant {
            Claimant::Member { id, relays_others: false } => self.own(id),
            Claimant::Member { id, relays_others: true } => match creator.and_then(|c| self.claimed(c)) {
                Some(m) if self.members.contains_key(m) => self.member(m, Role::Observer),
                // A member this roster does not list yet (a device adopting the workshop from the
                // chair's bundle): the chair and the Secretariat are trusted with what they relay.
                Some(m) if m != id => Writer::Trusted,
                // A chair-key-signed bundle's sender may not be listed yet either.
                _ => self.member(id, Role::Chair),
            },
            Claimant::Anyone => match creator.and_then(|c| self.claimed(c)) {
                Some(m) if self.members.contains_key(m) => self.member(m, Role::Observer),
                _ => Writer::Trusted,
            },
        }
    }
}

/// Checks untrusted v1 `updates` of `doc` (applied in this order) from `claimant` against the
/// attribution claims and the content rules, applying nothing to the workshop. `claims_after`:
/// for a bundle, the claims its `notes` will add (checked first), so its roster and draft records
/// are attributed as they will be.
pub fn check(workshop: &impl Subject, doc: DocName, updates: &[&[u8]], claimant: &Claimant) -> Result<(), Refusal> {
    check_with(workshop, doc, updates, claimant, None).map(|_| ())
}

/// [`check`], also returning the claims once the updates are applied (for `notes`), and taking
/// the claims to attribute by (`None`: the workshop's).
pub fn check_with(
    workshop: &impl Subject,
    doc: DocName,
    updates: &[&[u8]],
    claimant: &Claimant,
    claims_after: Option<&BTreeMap<String, Option<String>>>,
) -> Result<BTreeMap<String, Option<String>>, Refusal> {
    let undecodable = |e: String| Refusal::Undecodable(e);
    let live_claims = || claims_after.cloned().unwrap_or_else(|| workshop.claims());
    if doc == DocName::Draft {
        // The keystroke path: a delegate's or observer's update's own client ids are looked up
        // against the claims (one lookup each); then every update is applied to the draft's
        // shadow and only what it changed is judged ([`check_draft`]).
        if let Claimant::Member { id, relays_others: false } = claimant {
            check_draft_clients(workshop, updates, id, claims_after)?;
        }
        check_draft(workshop, updates, claimant)?;
        return Ok(BTreeMap::new());
    }

    let mut decoded = Vec::with_capacity(updates.len());
    let mut news = false;
    for update in updates {
        let references = crate::update::guard::references_v1(update).map_err(|e| undecodable(e.to_string()))?;
        news |= workshop.holds_news(doc, update).map_err(undecodable)?;
        decoded.push((Update::decode_v1(update).map_err(|e| undecodable(e.to_string()))?, references));
    }
    if !news {
        return Ok(live_claims());
    }
    let members = workshop.roster_members();
    let state = Update::decode_v1(&workshop.encode_doc(doc)).map_err(|e| undecodable(e.to_string()))?;
    let scratch = new_doc(doc, 1);
    let roots = Roots::new(&scratch, doc);
    let workshop_id = workshop.workshop_id().to_string();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        scratch.transact_mut().apply_update(state).map_err(|e| e.to_string())?;
        let before = roots.view(&scratch.transact());
        let sv = scratch.transact().state_vector();
        let mut kept = Vec::new();
        for (update, references) in decoded {
            // An update out of order is skipped, as the session will skip it.
            if crate::update::check_in_order(&scratch.transact().state_vector(), &update, &references).is_err() {
                continue;
            }
            kept.push(update.insertions(true));
            scratch.transact_mut().apply_update(update).map_err(|e| e.to_string())?;
        }
        let after = roots.view(&scratch.transact());
        Ok::<_, String>((before, after, sv, kept))
    }));
    let (before, after, sv, inserted) = match outcome {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return Err(undecodable(e)),
        Err(_) => return Err(undecodable("the update is inconsistent with the document".into())),
    };
    let claims = match (&before, &after) {
        (View::Notes(b), View::Notes(a)) => {
            claims::compare(&b.claims, &a.claims, claimant).map_err(Refusal::Claim)?;
            a.claims.clone()
        }
        _ => live_claims(),
    };
    let writers = Writers::new(claimant.clone(), claims, members).with_history(workshop.stage_history());
    if let Claimant::Member { id, relays_others: false } = claimant {
        for set in &inserted {
            for (client, ranges) in set.iter() {
                if ranges.iter().any(|r| r.end > sv.get(client)) {
                    if let Some(claimed) = writers.claimed(client.get()) {
                        if claimed != id {
                            return Err(Refusal::Rights(RightsError::ForeignClient {
                                client: client.get(),
                                claimed: claimed.to_string(),
                                sender: id.clone(),
                            }));
                        }
                    }
                }
            }
        }
    }
    let checked = match (&before, &after) {
        (View::Notes(b), View::Notes(a)) => check_notes(b, a, &writers),
        (View::Roster(b), View::Roster(a)) => check_roster(b, a, &writers, &workshop_id),
        (View::Version(b), View::Version(a)) => check_version(doc, b, a, &writers),
        _ => Ok(()),
    };
    checked.map_err(Refusal::Rights)?;
    Ok(writers.claims)
}

/// A delegate's or observer's draft update adds nothing under a Yjs client another member claims.
pub fn check_draft_clients(
    workshop: &impl Subject,
    updates: &[&[u8]],
    id: &str,
    claims_after: Option<&BTreeMap<String, Option<String>>>,
) -> Result<(), Refusal> {
    let undecodable = |e: String| Refusal::Undecodable(e);
    let sv = workshop.state_of(DocName::Draft);
    for update in updates {
        crate::update::guard::check_update_v1(update).map_err(|e| undecodable(e.to_string()))?;
        let decoded = Update::decode_v1(update).map_err(|e| undecodable(e.to_string()))?;
        for (client, ranges) in decoded.insertions(true).iter() {
            if !ranges.iter().any(|r| r.end > sv.get(client)) {
                continue;
            }
            let claimed = match claims_after {
                Some(c) => c.get(&client.get().to_string()).cloned().flatten(),
                None => workshop.claimant_of(client.get()),
            };
            if let Some(claimed) = claimed.filter(|c| c != id) {
                return Err(Refusal::Rights(RightsError::ForeignClient { client: client.get(), claimed, sender: id.to_string() }));
            }
        }
    }
    Ok(())
}

/// The draft's rules on untrusted `updates` (issues #16, #17), judged on the draft's shadow
/// ([`super::shadow`]): the structure (unless the draft then declares a schema newer than this
/// build knows: a relay of an older version stores and forwards a newer client's content it
/// cannot judge), then as the sender ([`Writers::of`] with no record: a chair's or Secretariat's
/// connection is checked as that member, a trusted peer's by the structure only) the metadata
/// and every bracket entry changed ([`super::rights::check_bracket_change`]).
pub fn check_draft(workshop: &impl Subject, updates: &[&[u8]], claimant: &Claimant) -> Result<(), Refusal> {
    // An update the guard refuses never reaches yrs: every path to the live draft screens it
    // again and refuses it with the guard's own code (`sync.too_deep`, …).
    if updates.iter().any(|u| crate::update::guard::check_update_v1(u).is_err()) {
        return Ok(());
    }
    let judge = |found: &super::shadow::Found| -> Result<(), Refusal> {
        if found.schema_version <= SCHEMA_VERSION {
            if let Some(why) = &found.structure {
                return Err(Refusal::Rights(RightsError::Structure(why.clone())));
            }
        }
        // The log (issue #14 §4) is append-only, whoever relays the change.
        let what = "a log entry";
        for entry in &found.log {
            match entry {
                Err(()) => return Err(Refusal::Rights(RightsError::LogChanged)),
                Ok(None) => {
                    return Err(Refusal::Rights(RightsError::Malformed { what, why: "it is not a plain object with a known kind, `by`, `at` and the kind's fields" }))
                }
                Ok(Some(entry)) if chrono::DateTime::parse_from_rfc3339(&entry.at).is_err() => {
                    return Err(Refusal::Rights(RightsError::Malformed { what, why: "its date is not a date" }))
                }
                Ok(Some(_)) => {}
            }
        }
        if !found.meta && found.brackets.is_empty() && found.agreed.is_empty() && found.log.is_empty() {
            return Ok(());
        }
        // As the sender (a chair's bundle adopting the workshop: its sender is not listed yet).
        let writer = Writers::new(claimant.clone(), BTreeMap::new(), workshop.roster_members()).of(None);
        let Writer::Member { role, delegation, .. } = &writer else { return Ok(()) };
        if found.meta {
            writer.permits(Action::Metadata).map_err(Refusal::Rights)?;
        }
        // Agreed marks (issue #14 §1): the chair's or the Secretariat's, as themselves.
        for (_, after) in &found.agreed {
            let what = "an agreed mark";
            if let Some(Err(())) = after {
                return Err(Refusal::Rights(RightsError::Malformed { what, why: "it is not a Y.Map of `by` and `at` strings" }));
            }
            if let Some(Ok(mark)) = after {
                if chrono::DateTime::parse_from_rfc3339(&mark.at).is_err() {
                    return Err(Refusal::Rights(RightsError::Malformed { what, why: "its date is not a date" }));
                }
                if let Writer::Member { id, .. } = &writer {
                    if &mark.by != id {
                        return Err(Refusal::Rights(RightsError::NotAuthor { what, claimed: mark.by.clone(), writer: id.clone() }));
                    }
                }
            }
            writer.permits(Action::Metadata).map_err(Refusal::Rights)?;
        }
        let logged: Vec<&crate::model::types::LogEntry> = found.log.iter().filter_map(|e| e.as_ref().ok().and_then(Option::as_ref)).collect();
        for entry in &logged {
            if let Writer::Member { id, .. } = &writer {
                if &entry.by != id {
                    return Err(Refusal::Rights(RightsError::NotAuthor { what, claimed: entry.by.clone(), writer: id.clone() }));
                }
            }
            let action = match entry.action {
                LogAction::BracketStatus { .. } | LogAction::BracketPackage { .. } | LogAction::BracketChoose { .. } => Action::BracketStatus,
                LogAction::ParagraphAgreed { .. } | LogAction::Restore { .. } | LogAction::Revert { .. } | LogAction::Renumber { .. } => Action::Metadata,
            };
            writer.permits(action).map_err(Refusal::Rights)?;
        }
        let has = |wanted: &dyn Fn(&LogAction) -> bool| logged.iter().any(|e| wanted(&e.action));
        for (id, after) in &found.agreed {
            let agreed = after.is_some();
            if !has(&|a| matches!(a, LogAction::ParagraphAgreed { para, agreed: a } if para == id && *a == agreed)) {
                return Err(Refusal::Rights(RightsError::Unlogged { what: "an agreed mark" }));
            }
        }
        for (id, before, after) in &found.brackets {
            let checked = match before {
                super::shadow::Before::New => super::rights::check_bracket_change(*role, delegation, None, after.as_ref()),
                super::shadow::Before::Was(was) => super::rights::check_bracket_change(*role, delegation, Some(was), after.as_ref()),
                super::shadow::Before::Unknown => permits(*role, Action::BracketStatus),
            };
            checked.map_err(Refusal::Rights)?;
            // A status or package set is written with its log entry (a new open bracket in no
            // package, a holder added or removed, and a removed entry are not logged).
            let (Some(id), Some(now)) = (id, after) else { continue };
            let (status_changed, package_changed) = match before {
                super::shadow::Before::New => (now.status != BracketStatus::Open, now.package.is_some()),
                super::shadow::Before::Was(was) => (was.status != now.status, was.package != now.package),
                super::shadow::Before::Unknown => (true, now.package.is_some()),
            };
            if status_changed && !has(&|a| matches!(a, LogAction::BracketStatus { bracket, status } if bracket == id && *status == now.status)) {
                return Err(Refusal::Rights(RightsError::Unlogged { what: "a bracket's status" }));
            }
            if package_changed && !has(&|a| matches!(a, LogAction::BracketPackage { bracket, package } if bracket == id && *package == now.package)) {
                return Err(Refusal::Rights(RightsError::Unlogged { what: "a bracket's package" }));
            }
        }
        Ok(())
    };
    check_draft_stage(workshop, updates, claimant)?;
    workshop.judge_on_shadow(updates, judge, Refusal::Undecodable)
}

/// A delegate's or observer's own draft update during a stage that closes the draft to them
/// (issue #11 §1) is refused whole if it holds anything the draft lacks (`rights.stage`), exactly
/// as an observer's is at any time. Nothing is read unless the stage forbids: the keystroke path
/// in `drafting` costs one roster lookup.
fn check_draft_stage(workshop: &impl Subject, updates: &[&[u8]], claimant: &Claimant) -> Result<(), Refusal> {
    let Claimant::Member { relays_others: false, .. } = claimant else { return Ok(()) };
    let stage = workshop.stage();
    if stage == Stage::Drafting {
        return Ok(());
    }
    let writer = Writers::new(claimant.clone(), BTreeMap::new(), workshop.roster_members()).in_stage(stage).of(None);
    let Err(refusal) = writer.permits(Action::Write(DocName::Draft)) else { return Ok(()) };
    for update in updates {
        if workshop.holds_news(DocName::Draft, update).map_err(Refusal::Undecodable)? {
            return Err(Refusal::Rights(refusal));
        }
    }
    Ok(())
}

// --- semantic views ------------------------------------------------------------------------------

/// A record as stored: a Y.Map (attributable to the client that created it) or a plain value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    pub is_map: bool,
    /// The client that created the record's Y.Map.
    pub creator: Option<u64>,
    /// The record's id in the document (its Y.Map's item id), or a plain value's rendering.
    pub key: String,
    /// Every field, rendered; nested types as their item id.
    pub fields: BTreeMap<String, String>,
    /// The fields of each nested Y.Map field (a thread's `proposal`), rendered, so that a change
    /// inside one is seen.
    pub nested: BTreeMap<String, BTreeMap<String, String>>,
    /// For a thread: its replies.
    pub replies: Vec<Record>,
}

impl Record {
    /// A string field's value (empty when absent or not a string).
    pub fn string(&self, field: &str) -> String {
        self.fields.get(field).and_then(|v| serde_json::from_str::<String>(v).ok()).unwrap_or_default()
    }

    /// Who wrote it: its recorder, else its author.
    fn writer(&self) -> String {
        let recorder = self.string(THREAD_RECORDED_BY);
        if recorder.is_empty() {
            self.string(THREAD_AUTHOR)
        } else {
            recorder
        }
    }
}

fn branch_id(branch: &Branch) -> (Option<u64>, String) {
    match branch.id() {
        BranchID::Nested(id) => (Some(id.client.get()), format!("{}:{}", id.client.get(), id.clock)),
        BranchID::Root(name) => (None, format!("root:{name}")),
    }
}

fn render<T: ReadTxn>(_txn: &T, value: &Out) -> String {
    match value {
        Out::Any(Any::String(s)) => serde_json::to_string(s.as_ref()).unwrap_or_default(),
        Out::Any(Any::Buffer(b)) => format!("buffer:{}", crate::host::hex(b)),
        Out::Any(a) => format!("{a:?}"),
        Out::YMap(m) => format!("map:{}", branch_id(m.as_ref()).1),
        Out::YArray(a) => format!("array:{}", branch_id(a.as_ref()).1),
        Out::YText(t) => format!("text:{}", branch_id(t.as_ref()).1),
        Out::YXmlElement(t) => format!("xml:{}", branch_id(t.as_ref()).1),
        Out::YXmlText(t) => format!("xmltext:{}", branch_id(t.as_ref()).1),
        Out::YXmlFragment(t) => format!("fragment:{}", branch_id(t.as_ref()).1),
        _ => "other".to_string(),
    }
}

fn record<T: ReadTxn>(txn: &T, value: &Out) -> Record {
    match value {
        Out::YMap(m) => {
            let (creator, key) = branch_id(m.as_ref());
            let mut replies = Vec::new();
            let mut nested = BTreeMap::new();
            let fields = m
                .iter(txn)
                .map(|(k, v)| {
                    if k == THREAD_REPLIES {
                        if let Out::YArray(a) = &v {
                            replies = a.iter(txn).map(|r| record(txn, &r)).collect();
                        }
                    }
                    if let Out::YMap(inner) = &v {
                        nested.insert(k.to_string(), inner.iter(txn).map(|(k, v)| (k.to_string(), render(txn, &v))).collect());
                    }
                    (k.to_string(), render(txn, &v))
                })
                .collect();
            Record { is_map: true, creator, key, fields, nested, replies }
        }
        Out::Any(Any::Map(m)) => {
            let fields: BTreeMap<String, String> =
                m.iter().map(|(k, v)| (k.clone(), render(txn, &Out::Any(v.clone())))).collect();
            Record { is_map: false, key: format!("plain:{fields:?}"), fields, ..Record::default() }
        }
        other => Record { key: render(txn, other), ..Record::default() },
    }
}

fn records<T: ReadTxn>(txn: &T, map: &yrs::MapRef) -> BTreeMap<String, Record> {
    map.iter(txn).map(|(k, v)| (k.to_string(), record(txn, &v))).collect()
}

#[derive(Debug, Clone, Default)]
pub struct NotesView {
    pub threads: BTreeMap<String, Record>,
    pub edits: BTreeMap<String, Record>,
    pub supports: BTreeMap<String, Record>,
    pub outcomes: BTreeMap<String, Record>,
    pub applications: BTreeMap<String, Record>,
    pub deletions: BTreeMap<String, Record>,
    pub claims: BTreeMap<String, Option<String>>,
}

/// A language version (issue #15 §2): its translations by original paragraph id, and its meta.
#[derive(Debug, Clone, Default)]
pub struct VersionView {
    pub paragraphs: BTreeMap<String, Record>,
    pub meta: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default)]
pub struct RosterView {
    pub members: BTreeMap<String, Record>,
    pub revocations: BTreeMap<String, Record>,
    pub stages: BTreeMap<String, Record>,
    pub milestones: BTreeMap<String, Record>,
    pub workshop: BTreeMap<String, String>,
}

enum View {
    Notes(NotesView),
    Roster(RosterView),
    Version(VersionView),
    /// The draft is judged on its shadow, never through a view ([`check_draft`]).
    Draft,
}

enum Roots {
    Notes(Notes),
    Roster(crate::model::roster::Roster),
    Version(crate::model::version::Version),
    Draft,
}

impl Roots {
    fn new(doc: &yrs::Doc, name: DocName) -> Roots {
        match name {
            DocName::Notes => Roots::Notes(Notes::new(doc)),
            DocName::Roster => Roots::Roster(crate::model::roster::Roster::new(doc)),
            DocName::VersionFr | DocName::VersionEs => Roots::Version(crate::model::version::Version::new(doc)),
            DocName::Draft => Roots::Draft,
        }
    }

    fn view<T: ReadTxn>(&self, txn: &T) -> View {
        match self {
            Roots::Notes(notes) => View::Notes(NotesView {
                threads: records(txn, &notes.threads),
                edits: records(txn, &notes.edits),
                supports: records(txn, &notes.supports),
                outcomes: records(txn, &notes.outcomes),
                applications: records(txn, &notes.applications),
                deletions: records(txn, &notes.deletions),
                claims: notes.claims(txn),
            }),
            Roots::Roster(roster) => View::Roster(RosterView {
                members: records(txn, &roster.members),
                revocations: records(txn, &roster.revocations),
                stages: records(txn, &roster.stages),
                milestones: records(txn, &roster.milestones),
                workshop: roster.workshop.iter(txn).map(|(k, v)| (k.to_string(), render(txn, &v))).collect(),
            }),
            Roots::Version(version) => View::Version(VersionView {
                paragraphs: records(txn, &version.paragraphs),
                meta: version.meta.iter(txn).map(|(k, v)| (k.to_string(), render(txn, &v))).collect(),
            }),
            Roots::Draft => View::Draft,
        }
    }
}

// --- language versions (issue #15 §2) ------------------------------------------------------------

/// A language version's rules: only a member whose role writes versions (a translator, the
/// Secretariat, the chair) changes one, in a stage that allows it; its meta names this document's
/// language, and who added it names its writer (two members who add the same version offline both
/// write it: each is accepted everywhere, and Yjs keeps one, so peers never disagree over the
/// order they saw them in); a translation is a
/// Y.Map record of string fields, written as its writer, never changed in place (a new
/// translation is a new record), within the length limit.
pub fn check_version(doc: DocName, before: &VersionView, after: &VersionView, writers: &Writers) -> Result<(), RightsError> {
    let string = |rendered: Option<&String>| rendered.and_then(|v| serde_json::from_str::<String>(v).ok());
    if before.meta != after.meta {
        let writer = writers.of(None);
        writer.permits(Action::Write(doc))?;
        let record = [VERSION_LANG, VERSION_ADDED_BY, VERSION_ADDED_AT];
        let header = [VERSION_MEETING, VERSION_SYMBOL];
        if after.meta.iter().any(|(k, v)| !(record.contains(&k.as_str()) || header.contains(&k.as_str())) || string(Some(v)).is_none()) {
            return Err(RightsError::Malformed { what: "a language version's record", why: "a field it does not have, or not a string" });
        }
        let record_of = |meta: &BTreeMap<String, String>| record.map(|k| meta.get(k).cloned());
        if record_of(&before.meta) != record_of(&after.meta) {
            let lang = doc.version_lang().map(crate::cites::Lang::code);
            if string(after.meta.get(VERSION_LANG)).as_deref() != lang {
                return Err(RightsError::Malformed { what: "a language version's record", why: "its language is not this document's" });
            }
            let by = string(after.meta.get(VERSION_ADDED_BY)).unwrap_or_default();
            if let Writer::Member { id, .. } = &writer {
                if &by != id {
                    return Err(RightsError::NotAuthor { what: "a language version's record", claimed: by, writer: id.clone() });
                }
            }
        }
    }
    const WHAT: &str = "a translation";
    for (paragraph, now) in &after.paragraphs {
        let was = before.paragraphs.get(paragraph);
        if was == Some(now) {
            continue;
        }
        if was.is_some_and(|was| was.key == now.key) {
            return Err(RightsError::RecordChanged { what: WHAT });
        }
        let writer = writers.dated(writers.of(now.creator), &now.string(VERSION_AT));
        writer.permits(Action::Write(doc))?;
        if !now.is_map || !now.nested.is_empty() {
            return Err(RightsError::Malformed { what: WHAT, why: "not a Y.Map record of plain fields" });
        }
        let known = [VERSION_TEXT, VERSION_SOURCE, VERSION_SOURCE_BRACKETS, VERSION_BY, VERSION_AT];
        if now.fields.iter().any(|(k, v)| !known.contains(&k.as_str()) || string(Some(v)).is_none()) {
            return Err(RightsError::Malformed { what: WHAT, why: "a field it does not have, or not a string" });
        }
        let len = now.string(VERSION_TEXT).chars().count();
        let max = crate::model::version::MAX_TRANSLATION_CHARS;
        if len > max {
            return Err(RightsError::TooLong { what: WHAT, len, max });
        }
        if let Writer::Member { id, .. } = &writer {
            let by = now.string(VERSION_BY);
            if &by != id {
                return Err(RightsError::NotAuthor { what: WHAT, claimed: by, writer: id.clone() });
            }
        }
    }
    for paragraph in before.paragraphs.keys() {
        if !after.paragraphs.contains_key(paragraph) {
            writers.of(None).permits(Action::Write(doc))?;
        }
    }
    Ok(())
}

// --- notes ---------------------------------------------------------------------------------------

/// Fields of a thread that never change once written (`resolved` changes by resolution; `replies`
/// only grows).
fn fixed_fields(r: &Record) -> BTreeMap<&str, &str> {
    r.fields
        .iter()
        .filter(|(k, _)| k.as_str() != THREAD_RESOLVED && k.as_str() != THREAD_REPLIES)
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// A new thread or reply: written as its writer, or recorded by a chair or Secretariat member on
/// another's behalf; its body within the limit.
fn check_new_comment(what: &'static str, r: &Record, writer: &Writer) -> Result<(), RightsError> {
    let action = if what == "a reply" { Action::Reply } else { Action::Comment };
    if !r.is_map {
        return Err(RightsError::Malformed { what, why: "not a Y.Map record" });
    }
    check_body(what, &r.string(THREAD_BODY))?;
    let Writer::Member { id, .. } = writer else { return Ok(()) };
    let author = r.string(THREAD_AUTHOR);
    let recorder = r.string(THREAD_RECORDED_BY);
    if recorder.is_empty() {
        if &author != id {
            return Err(RightsError::NotAuthor { what, claimed: author, writer: id.clone() });
        }
        return writer.permits(action);
    }
    if &recorder != id {
        return Err(RightsError::NotRecorder { what, claimed: recorder, writer: id.clone() });
    }
    if author == *id {
        return writer.permits(action);
    }
    writer.permits(Action::RecordForOther)
}

pub fn check_notes(before: &NotesView, after: &NotesView, writers: &Writers) -> Result<(), RightsError> {
    for (id, t) in &after.threads {
        let Some(b) = before.threads.get(id) else {
            let writer = writers.dated(writers.of(t.creator), &t.string(THREAD_CREATED));
            check_new_comment("a thread", t, &writer)?;
            check_thread_fields(t, &writer, writers)?;
            for r in &t.replies {
                check_new_comment("a reply", r, &writers.dated(writers.of(r.creator), &r.string(THREAD_CREATED)))?;
            }
            continue;
        };
        if b.key != t.key || fixed_fields(b) != fixed_fields(t) || b.nested != t.nested {
            return Err(RightsError::RecordChanged { what: "a thread" });
        }
        let was = b.fields.get(THREAD_RESOLVED);
        if was != t.fields.get(THREAD_RESOLVED) && !(was.is_none() && t.fields.get(THREAD_RESOLVED).map(String::as_str) == Some("Bool(false)")) {
            let writer = writers.of(None);
            if let Writer::Member { id, .. } = &writer {
                let own = b.string(THREAD_AUTHOR) == *id || b.string(THREAD_RECORDED_BY) == *id;
                writer.permits(Action::Resolve { own })?;
            }
        }
        let old_array = b.fields.get(THREAD_REPLIES);
        if old_array.is_some() && old_array != t.fields.get(THREAD_REPLIES) {
            return Err(RightsError::RecordChanged { what: "a thread's replies" });
        }
        let now: BTreeMap<&str, &Record> = t.replies.iter().map(|r| (r.key.as_str(), r)).collect();
        let was: BTreeMap<&str, &Record> = b.replies.iter().map(|r| (r.key.as_str(), r)).collect();
        for (key, r) in &was {
            match now.get(key) {
                None => return Err(RightsError::RecordDeleted { what: "a reply" }),
                Some(n) if n.fields != r.fields => return Err(RightsError::RecordChanged { what: "a reply" }),
                Some(_) => {}
            }
        }
        for (key, r) in &now {
            if !was.contains_key(key) {
                check_new_comment("a reply", r, &writers.dated(writers.of(r.creator), &r.string(THREAD_CREATED)))?;
            }
        }
    }
    if before.threads.keys().any(|id| !after.threads.contains_key(id)) {
        return Err(RightsError::RecordDeleted { what: "a thread" });
    }
    for (id, e) in &after.edits {
        if let Some(b) = before.edits.get(id) {
            if b != e {
                return Err(RightsError::RecordChanged { what: "an edit record" });
            }
            continue;
        }
        if !e.is_map {
            return Err(RightsError::Malformed { what: "an edit record", why: "not a Y.Map record" });
        }
        let kind = e.string(EDIT_KIND);
        if kind != EDIT_KIND_EDIT && kind != EDIT_KIND_DELETE {
            return Err(RightsError::Malformed { what: "an edit record", why: "its kind is neither edit nor delete" });
        }
        check_body("an edited comment", &e.string(THREAD_BODY))?;
        let thread = after
            .threads
            .get(&e.string(EDIT_THREAD))
            .ok_or(RightsError::Malformed { what: "an edit record", why: "its thread is not in the document" })?;
        let reply = e.string(EDIT_REPLY);
        let target = if reply.is_empty() {
            thread
        } else {
            thread
                .replies
                .iter()
                .find(|r| r.string("id") == reply)
                .ok_or(RightsError::Malformed { what: "an edit record", why: "its reply is not in the thread" })?
        };
        let writer = writers.of(e.creator);
        if let Writer::Member { id, .. } = &writer {
            writer.permits(Action::EditComment { own: target.writer() == *id })?;
        }
    }
    if before.edits.keys().any(|id| !after.edits.contains_key(id)) {
        return Err(RightsError::RecordDeleted { what: "an edit record" });
    }
    check_supports(before, after, writers)?;
    check_outcomes(before, after, writers)?;
    check_applications(before, after, writers)?;
    check_deletions(before, after, writers)
}

/// Deletion records: a readable delete set, written as the member they name (or for them by the
/// chair or the Secretariat, applying their proposal), who may write the draft (the rule table;
/// the deletions themselves were judged in the stage when they came).
fn check_deletions(before: &NotesView, after: &NotesView, writers: &Writers) -> Result<(), RightsError> {
    let what = "a deletion record";
    check_records(what, &before.deletions, &after.deletions, |r| {
        let ranges = r
            .fields
            .get(DELETION_RANGES)
            .and_then(|v| v.strip_prefix("buffer:"))
            .and_then(crate::host::hex_decode)
            .ok_or(RightsError::Malformed { what, why: "its ranges are not a buffer" })?;
        if crate::update::guard::delete_set_v1(&ranges).is_err() {
            return Err(RightsError::Malformed { what, why: "its ranges are not a delete set" });
        }
        let writer = writers.of(r.creator);
        let Writer::Member { id, role, .. } = &writer else { return Ok(()) };
        // The chair or the Secretariat records for the proposer whose wording it applied.
        let member = r.string(DELETION_MEMBER);
        if &member != id && permits(*role, Action::RecordForOther).is_err() {
            return Err(RightsError::NotAuthor { what, claimed: member, writer: id.clone() });
        }
        permits(*role, Action::Write(DocName::Draft))
    })
}

/// Applications of a proposal: of a thread in the document, by their writer, who must be the
/// chair or the Secretariat.
fn check_applications(before: &NotesView, after: &NotesView, writers: &Writers) -> Result<(), RightsError> {
    let what = "an application record";
    check_records(what, &before.applications, &after.applications, |r| {
        if !after.threads.contains_key(&r.string(APPLIED_THREAD)) {
            return Err(RightsError::Malformed { what, why: "its thread is not in the document" });
        }
        let writer = writers.of(r.creator);
        let Writer::Member { id, .. } = &writer else { return Ok(()) };
        let by = r.string(APPLIED_BY);
        if &by != id {
            return Err(RightsError::NotAuthor { what, claimed: by, writer: id.clone() });
        }
        writer.permits(Action::ApplyProposal)
    })
}

/// A new thread's issue #11 fields: its type and proposal well-formed, and the delegation it
/// speaks for its author's (another only when the chair or the Secretariat writes it). Fields
/// this build does not know are kept as written.
fn check_thread_fields(t: &Record, writer: &Writer, writers: &Writers) -> Result<(), RightsError> {
    let what = "a thread";
    if let Some(kind) = t.fields.get(THREAD_TYPE) {
        let kind = serde_json::from_str::<String>(kind).unwrap_or_default();
        if kind.parse::<CommentType>().is_err() {
            return Err(RightsError::Malformed { what, why: "its type is not general, technical or editorial" });
        }
    }
    if t.fields.contains_key(THREAD_PROPOSAL) {
        let Some(proposal) = t.nested.get(THREAD_PROPOSAL) else {
            return Err(RightsError::Malformed { what, why: "its proposal is not a Y.Map" });
        };
        let field = |k: &str| proposal.get(k).and_then(|v| serde_json::from_str::<String>(v).ok());
        if field(PROPOSAL_KIND).and_then(|k| k.parse::<ProposalKind>().ok()).is_none() {
            return Err(RightsError::Malformed { what, why: "its proposal's kind is not replace, paragraph or insert-after" });
        }
        let Some(text) = field(PROPOSAL_TEXT) else {
            return Err(RightsError::Malformed { what, why: "its proposal has no text" });
        };
        check_body("a proposal", &text)?;
    }
    if t.fields.contains_key(THREAD_DELEGATION) {
        let delegation = t.string(THREAD_DELEGATION);
        check_body("a delegation", &delegation)?;
        if let Writer::Member { .. } = writer {
            let own = !delegation.is_empty() && writers.delegation_of(&t.string(THREAD_AUTHOR)) == Some(delegation.as_str());
            writer.permits(Action::SpeakFor { own })?;
        }
    }
    Ok(())
}

/// Records of Map `what` are written once: none changes, none is deleted; each new one is
/// checked by `check`.
fn check_records(
    what: &'static str,
    before: &BTreeMap<String, Record>,
    after: &BTreeMap<String, Record>,
    mut check: impl FnMut(&Record) -> Result<(), RightsError>,
) -> Result<(), RightsError> {
    for (id, r) in after {
        match before.get(id) {
            Some(b) if b != r => return Err(RightsError::RecordChanged { what }),
            Some(_) => {}
            None if !r.is_map => return Err(RightsError::Malformed { what, why: "not a Y.Map record" }),
            None => check(r)?,
        }
    }
    if before.keys().any(|id| !after.contains_key(id)) {
        return Err(RightsError::RecordDeleted { what });
    }
    Ok(())
}

/// Supports (and withdrawals): of a thread in the document, written as the member they name (or
/// recorded by their writer); a member other than the chair and the Secretariat supports only
/// for their own delegation.
fn check_supports(before: &NotesView, after: &NotesView, writers: &Writers) -> Result<(), RightsError> {
    let what = "a support record";
    check_records(what, &before.supports, &after.supports, |r| {
        let kind = r.string(SUPPORT_KIND);
        if kind != SUPPORT_KIND_SUPPORT && kind != SUPPORT_KIND_WITHDRAW {
            return Err(RightsError::Malformed { what, why: "its kind is neither support nor withdraw" });
        }
        if !after.threads.contains_key(&r.string(SUPPORT_THREAD)) {
            return Err(RightsError::Malformed { what, why: "its thread is not in the document" });
        }
        let delegation = r.string(SUPPORT_DELEGATION);
        if delegation.is_empty() {
            return Err(RightsError::Malformed { what, why: "it names no delegation" });
        }
        check_body("a delegation", &delegation)?;
        let writer = writers.dated(writers.of(r.creator), &r.string(SUPPORT_CREATED));
        let Writer::Member { id, delegation: own_delegation, .. } = &writer else { return Ok(()) };
        let (member, recorder) = (r.string(SUPPORT_MEMBER), r.string(THREAD_RECORDED_BY));
        if recorder.is_empty() && &member != id {
            return Err(RightsError::NotAuthor { what, claimed: member, writer: id.clone() });
        }
        if !recorder.is_empty() && &recorder != id {
            return Err(RightsError::NotRecorder { what, claimed: recorder, writer: id.clone() });
        }
        let own = recorder.is_empty() && !own_delegation.is_empty() && delegation == *own_delegation;
        writer.permits(Action::Support { own })
    })
}

/// Outcomes: of a thread in the document, one of the four, by their writer, who must be the
/// chair or the Secretariat.
fn check_outcomes(before: &NotesView, after: &NotesView, writers: &Writers) -> Result<(), RightsError> {
    let what = "an outcome record";
    check_records(what, &before.outcomes, &after.outcomes, |r| {
        if r.string(OUTCOME_VALUE).parse::<OutcomeKind>().is_err() {
            return Err(RightsError::Malformed { what, why: "its outcome is not accepted, accepted-modified, rejected or noted" });
        }
        if !after.threads.contains_key(&r.string(OUTCOME_THREAD)) {
            return Err(RightsError::Malformed { what, why: "its thread is not in the document" });
        }
        check_body("an observation", &r.string(OUTCOME_OBSERVATION))?;
        let writer = writers.of(r.creator);
        let Writer::Member { id, .. } = &writer else { return Ok(()) };
        let by = r.string(OUTCOME_BY);
        if &by != id {
            return Err(RightsError::NotAuthor { what, claimed: by, writer: id.clone() });
        }
        writer.permits(Action::RecordOutcome)
    })
}

// --- roster --------------------------------------------------------------------------------------

fn role_of(r: &Record) -> Role {
    r.string(MEMBER_ROLE).parse().unwrap_or(Role::Observer)
}

pub fn check_roster(before: &RosterView, after: &RosterView, writers: &Writers, workshop_id: &str) -> Result<(), RightsError> {
    for (key, what) in [(ROSTER_WORKSHOP_ID, "identity"), (ROSTER_CHAIR_KEY, "chair key")] {
        match (before.workshop.get(key), after.workshop.get(key)) {
            (Some(b), a) if Some(b) != a => return Err(RightsError::Immutable { what }),
            (None, Some(a)) => {
                let value = serde_json::from_str::<String>(a).unwrap_or_default();
                let ok = if key == ROSTER_WORKSHOP_ID {
                    value == workshop_id
                } else {
                    crate::host::hex_decode(&value)
                        .and_then(|k| <[u8; 32]>::try_from(k).ok())
                        .and_then(|k| ed25519_dalek::VerifyingKey::from_bytes(&k).ok())
                        .is_some_and(|k| crate::identity::workshop_id(&k) == workshop_id)
                };
                if !ok {
                    return Err(RightsError::BadChairKey { workshop: workshop_id.to_string() });
                }
            }
            _ => {}
        }
    }
    // The roster's creation (the chair's key and first members, before any member is known) is
    // admitted by the token and bundle checks: only the chair holds the key the id comes from.
    if before.members.is_empty() {
        return Ok(());
    }
    for (id, m) in &after.members {
        let Some(b) = before.members.get(id) else {
            if !m.is_map {
                return Err(RightsError::Malformed { what: "a member", why: "not a Y.Map record" });
            }
            writers.of(m.creator).permits(Action::AddMember(role_of(m)))?;
            continue;
        };
        if b.key != m.key {
            return Err(RightsError::RecordChanged { what: "a member's record" });
        }
        let writer = writers.of(None);
        let (from, to) = (role_of(b), role_of(m));
        if from != to {
            writer.permits(Action::ChangeRole { from, to })?;
        }
        if b.fields.get(MEMBER_REMOVED) != m.fields.get(MEMBER_REMOVED) {
            writer.permits(Action::RemoveMember(from))?;
        }
        let others = |r: &Record| {
            r.fields.iter().filter(|(k, _)| k.as_str() != MEMBER_ROLE && k.as_str() != MEMBER_REMOVED).map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>()
        };
        if others(b) != others(m) {
            writer.permits(Action::EditMember(from))?;
        }
    }
    if before.members.keys().any(|id| !after.members.contains_key(id)) {
        return Err(RightsError::RecordDeleted { what: "a member" });
    }
    for (id, r) in &after.revocations {
        match before.revocations.get(id) {
            Some(b) if b == r => {}
            // A new revocation, or one made concurrently by another allowed member that wins
            // Yjs's conflict over the same key: checked as that member's.
            _ => {
                let target = before.members.get(id).or_else(|| after.members.get(id)).map(role_of).unwrap_or(Role::Observer);
                writers.of(r.creator).permits(Action::RemoveMember(target))?;
            }
        }
    }
    if before.revocations.keys().any(|id| !after.revocations.contains_key(id)) {
        return Err(RightsError::RecordDeleted { what: "a revocation" });
    }
    check_stages(before, after, writers)?;
    check_milestones(before, after, writers)
}

/// Longest milestone name: a meeting's name, not a paragraph.
const MILESTONE_NAME_MAX: usize = 200;

/// Milestones (issue #14 §2): records written once, each with a name and a snapshot of the draft
/// a document could have made, by their writer, who must be the chair or the Secretariat.
fn check_milestones(before: &RosterView, after: &RosterView, writers: &Writers) -> Result<(), RightsError> {
    let what = "a milestone";
    check_records(what, &before.milestones, &after.milestones, |r| {
        let name = r.string(MILESTONE_NAME);
        if name.trim().is_empty() {
            return Err(RightsError::Malformed { what, why: "it has no name" });
        }
        if name.chars().count() > MILESTONE_NAME_MAX {
            return Err(RightsError::Malformed { what, why: "its name is longer than 200 characters" });
        }
        let snapshot = r
            .fields
            .get(MILESTONE_SNAPSHOT)
            .and_then(|v| v.strip_prefix("buffer:"))
            .and_then(crate::host::hex_decode)
            .ok_or(RightsError::Malformed { what, why: "its snapshot is not a buffer" })?;
        if crate::update::guard::snapshot_v1(&snapshot).is_err() {
            return Err(RightsError::Malformed { what, why: "its snapshot is not a snapshot of the draft" });
        }
        if chrono::DateTime::parse_from_rfc3339(&r.string(MILESTONE_CREATED)).is_err() {
            return Err(RightsError::Malformed { what, why: "its date is not a date" });
        }
        let writer = writers.of(r.creator);
        let Writer::Member { id, .. } = &writer else { return Ok(()) };
        let by = r.string(MILESTONE_BY);
        if &by != id {
            return Err(RightsError::NotAuthor { what, claimed: by, writer: id.clone() });
        }
        writer.permits(Action::FreezeMilestone)
    })
}

/// Stage changes (issue #11 §1): records written once, each naming a stage and a date this build
/// reads (a newer peer's unknown stage is kept and read as not set), by their writer, who must be
/// the chair or the Secretariat.
fn check_stages(before: &RosterView, after: &RosterView, writers: &Writers) -> Result<(), RightsError> {
    let what = "a stage change";
    check_records(what, &before.stages, &after.stages, |r| {
        let deadline = r.string(STAGE_DEADLINE);
        if !deadline.is_empty() && chrono::NaiveDate::parse_from_str(&deadline, "%Y-%m-%d").is_err() {
            return Err(RightsError::Malformed { what, why: "its deadline is not a date (YYYY-MM-DD)" });
        }
        if r.string(STAGE_VALUE).is_empty() {
            return Err(RightsError::Malformed { what, why: "it names no stage" });
        }
        let writer = writers.of(r.creator);
        let Writer::Member { id, .. } = &writer else { return Ok(()) };
        let by = r.string(STAGE_BY);
        if &by != id {
            return Err(RightsError::NotAuthor { what, claimed: by, writer: id.clone() });
        }
        writer.permits(Action::SetStage)
    })
}
