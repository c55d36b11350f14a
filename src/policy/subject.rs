//! `Subject`: what the policy reads of the live workshop it judges an update for — its members, stage, attribution claims, state and the draft's shadow — so that `policy` depends on no module above it (the façade implements it).

use std::collections::BTreeMap;

use yrs::StateVector;

use crate::model::roster::Member;
use crate::model::DocName;

use super::shadow::Found;

/// The live workshop an untrusted update is checked against. Implemented by
/// [`crate::Workshop`]; every method reads, none writes.
pub trait Subject {
    /// The workshop's id (the roster's chair key must hash to it).
    fn workshop_id(&self) -> &str;
    /// The roster's members, removed ones included.
    fn roster_members(&self) -> Vec<Member>;
    /// `notes`' Map `clients`: Yjs client id (decimal) → the member who claims it.
    fn claims(&self) -> BTreeMap<String, Option<String>>;
    /// The stage in force (the roster's latest stage change; `drafting` when none).
    fn stage(&self) -> crate::model::roster::Stage;
    /// Every stage change, oldest first.
    fn stage_history(&self) -> Vec<crate::model::roster::StageRecord>;
    /// The member who claims Yjs client `client`.
    fn claimant_of(&self, client: u64) -> Option<String>;
    /// The state vector of document `doc`.
    fn state_of(&self, doc: DocName) -> StateVector;
    /// The whole of document `doc` as one v1 update.
    fn encode_doc(&self, doc: DocName) -> Vec<u8>;
    /// Whether an untrusted v1 update holds anything `doc` lacks (`Err`: it cannot be read).
    fn holds_news(&self, doc: DocName, update: &[u8]) -> Result<bool, String>;
    /// Applies untrusted draft `updates` to the draft's shadow ([`super::shadow`]) and hands what
    /// they changed to `judge`; nothing reaches the live draft.
    fn judge_on_shadow<E>(
        &self,
        updates: &[&[u8]],
        judge: impl FnOnce(&Found) -> Result<(), E>,
        undecodable: impl Fn(String) -> E,
    ) -> Result<(), E>;
}
