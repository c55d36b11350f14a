//! Milestones (frozen versions of the draft), comparing versions with revision marks, and export.

use std::collections::HashMap;

use yrs::{ReadTxn, StateVector, Transact, Update};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;

use super::Workshop;
use crate::error::{Error, Result};
use crate::export::ir::Document;
use crate::export::ExportOptions;
use crate::model::draft::Draft;
use crate::model::notes::Thread;
use crate::model::roster::Member;
use crate::model::{new_doc, DocName};
use crate::model::ModelError;
use crate::store::MilestoneRecord;
use crate::model::types::*;

/// A named, frozen version of the draft.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Milestone {
    pub name: String,
    pub created: String,
    /// Member id of whoever made it.
    pub created_by: String,
}

impl Workshop {
    /// Freezes the draft as it is now under `name` (e.g. "Report to SC70").
    pub fn create_milestone(&self, name: &str) -> Result<Milestone> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ModelError::Empty("milestone name").into());
        }
        // Chairs freeze milestones (the Secretariat acts for them); others may only read them.
        let me = self.me()?;
        let role = self.member(&me)?.role;
        crate::policy::permits(role, crate::policy::Action::FreezeMilestone)
            .map_err(|_| Error::Forbidden { action: "freeze a milestone", role: role.as_str() })?;
        let store = &self.caucus.inner.store;
        if store.milestones(&self.id)?.iter().any(|m| m.name == name) {
            return Err(Error::MilestoneExists(name.to_string()));
        }
        let (snapshot, state) = self.read(DocName::Draft, |txn, _| {
            (txn.snapshot().encode_v1(), txn.encode_state_as_update_v1(&StateVector::default()))
        });
        let record = MilestoneRecord {
            workshop: self.id.clone(),
            name: name.to_string(),
            created: self.host().timestamp(),
            created_by: me,
            snapshot,
            state,
        };
        let milestone = Milestone { name: record.name.clone(), created: record.created.clone(), created_by: record.created_by.clone() };
        store.put_milestone(record).wait()?;
        Ok(milestone)
    }

    pub fn milestones(&self) -> Result<Vec<Milestone>> {
        Ok(self
            .milestone_records()?
            .into_iter()
            .map(|m| Milestone { name: m.name, created: m.created, created_by: m.created_by })
            .collect())
    }

    fn milestone_record(&self, name: &str) -> Result<MilestoneRecord> {
        self.milestone_records()?
            .into_iter()
            .find(|m| m.name == name.trim())
            .ok_or_else(|| Error::NoSuchMilestone(name.to_string()))
    }

    fn milestone_records(&self) -> Result<Vec<MilestoneRecord>> {
        Ok(self.caucus.inner.store.milestones(&self.id)?)
    }

    /// The draft as it was at a milestone.
    pub fn milestone_view(&self, name: &str) -> Result<DraftView> {
        let record = self.milestone_record(name)?;
        let doc = new_doc(DocName::Draft, 1);
        let draft = Draft::new(&doc);
        let update = Update::decode_v1(&record.state).map_err(|e| self.damaged_milestone(name, e.to_string()))?;
        doc.transact_mut().apply_update(update).map_err(|e| self.damaged_milestone(name, e.to_string()))?;
        let txn = doc.transact();
        Ok(draft.view(&txn))
    }

    fn damaged_milestone(&self, name: &str, reason: String) -> Error {
        Error::DamagedDocument { workshop: self.id.clone(), doc: format!("milestone {name}"), seq: 0, reason }
    }

    /// The draft with revision marks: changes since milestone `from`, up to milestone `to` or now.
    pub fn compare(&self, from: &str, to: Option<&str>) -> Result<crate::export::ir::Document> {
        let base = self.milestone_record(from)?;
        let (to_state, to_date) = match to {
            Some(name) => {
                let m = self.milestone_record(name)?;
                (m.state, m.created)
            }
            None => (self.encode_state(DocName::Draft), self.host().timestamp()),
        };
        let authors = self.delegations_by_client();
        let who = |client: u64| authors.get(&client).cloned();
        let deleters = self.deleters();
        crate::revision::compare(
            crate::revision::Version { state: &base.state, snapshot: Some(&base.snapshot) },
            crate::revision::Version { state: &to_state, snapshot: None },
            &who,
            &deleters,
            crate::export::ir::RevisionBase { since: base.name.clone(), since_date: base.created.clone(), date: to_date },
        )
        .map_err(|e| self.damaged_milestone(from, e.to_string()))
    }

    /// The document an export renders: clean, or with the changes since a milestone; with the
    /// open comment threads when asked.
    pub fn export_document(&self, options: &ExportOptions) -> Result<Document> {
        let mut doc = match &options.since {
            Some(name) => self.compare(name, None)?,
            None => Document::from_view(&self.view()?),
        };
        if options.comments {
            let members: HashMap<String, Member> = self.members().into_iter().map(|m| (m.id.clone(), m)).collect();
            let name_of = |id: &str| members.get(id).map_or_else(|| id.to_string(), Member::full_name);
            let open: Vec<Thread> = self.threads().into_iter().filter(|t| !t.resolved).collect();
            doc.attach_comments(&open, &name_of);
        }
        Ok(doc)
    }

    /// Renders the draft in the chosen format.
    pub fn export(&self, options: &ExportOptions) -> Result<Vec<u8>> {
        let doc = self.export_document(options)?;
        Ok(crate::export::render(&doc, options)?)
    }
}
