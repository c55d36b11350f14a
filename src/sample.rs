//! The built-in sample workshop: a draft resolution on combating wildlife cybercrime, members by role, comments, a French version; opened (created on first use) by `Caucus::open_sample`.

use crate::error::Result;
use crate::model::roster::{Group, Role};
use crate::model::types::{BracketStatus, DraftKind, ParaKind};
use crate::workshop::{Caucus, NewMember, NewWorkshop, Workshop};

const SAMPLE_SETTING: &str = "sample_workshop";

impl Caucus {
    /// The built-in sample workshop, created on first use (`caucus demo`, the app's first start).
    pub fn open_sample(&self) -> Result<Workshop> {
        if let Some(id) = self.store().setting(SAMPLE_SETTING)? {
            if let Ok(w) = self.workshop(&id) {
                if self.store().identity(&id)?.is_some() {
                    return Ok(w);
                }
            }
        }
        let workshop = create(self)?;
        self.store().put_setting(SAMPLE_SETTING, workshop.id()).wait()?;
        Ok(workshop)
    }
}

/// The sample draft, in the Markdown that `caucus export --format md` writes and `import` reads.
pub const DRAFT: &str = include_str!("../assets/sample/draft-resolution.md");

/// The sample's French version (issue #15 §2), in the aligned form `caucus lang import` reads:
/// item 1 b) ii) is left untranslated, and paragraph 2 goes out of date when the comment round
/// applies Arcadia's proposal to it.
pub const DRAFT_FR: &str = include_str!("../assets/sample/draft-resolution.fr.md");

/// Fictional delegations, so the sample puts no words in a real Party's mouth.
const MEMBERS: &[(&str, &str, Role, Group)] = &[
    ("Secretariat officer", "CITES Secretariat", Role::Secretariat, Group::Secretariat),
    ("Delegate of Arcadia", "Arcadia", Role::Delegate, Group::ProducerCountry),
    ("Delegate of Borealia", "Borealia", Role::Delegate, Group::ConsumerCountry),
    ("Delegate of Cascadia", "Cascadia", Role::Delegate, Group::InternetCompanyCountry),
    ("Wildlife trade analyst", "Wildlife Trade Monitoring Network", Role::Observer, Group::Ngo),
    ("Environmental law adviser", "Centre for Environmental Law", Role::Observer, Group::Lawyer),
    ("Digital forensics expert", "Institute for Digital Forensics", Role::Observer, Group::Expert),
];

pub fn create(caucus: &Caucus) -> Result<Workshop> {
    let workshop = caucus.create(&NewWorkshop {
        title: "Draft resolution on combating wildlife cybercrime".into(),
        symbol: "CoP18 Doc. 79.1 Annex".into(),
        meeting: "Eighteenth meeting of the Conference of the Parties".into(),
        kind: DraftKind::Resolution,
        language: "English".into(),
        chair_name: "Chair of the workshop".into(),
        chair_delegation: "Dunmere".into(),
        chair_group: Group::ProducerCountry,
    })?;
    workshop.import(DRAFT.as_bytes())?;
    let mut ids = Vec::new();
    for (name, delegation, role, group) in MEMBERS {
        let member = workshop.add_member(NewMember {
            name: (*name).into(),
            delegation: (*delegation).into(),
            role: *role,
            group: *group,
        })?;
        ids.push(member.id);
    }
    let view = workshop.view()?;
    // The consumer country holds the bracket: it is not yet agreed.
    for (bracket, info) in &view.brackets {
        let mut info = info.clone();
        info.status = BracketStatus::Open;
        info.holders = vec!["Borealia".into()];
        workshop.set_bracket(bracket, &info)?;
    }
    let bracketed: Option<(usize, String)> = view.paragraphs.iter().enumerate().find_map(|(i, p)| {
        p.para.spans.iter().find(|s| s.marks.bracket.is_some()).map(|s| (i, s.text.clone()))
    });
    let opening = |kind: ParaKind, words: usize| {
        view.paragraphs.iter().position(|p| p.para.kind == kind).map(|i| {
            let text = view.paragraphs[i].para.text();
            let quote: Vec<&str> = text.split_whitespace().take(words).collect();
            (i, quote.join(" "))
        })
    };
    let ngo = ids.get(4).map(String::as_str);
    let lawyer = ids.get(5).map(String::as_str);
    let expert = ids.get(6).map(String::as_str);
    if let Some((i, quote)) = bracketed {
        let thread = workshop.add_comment(
            &quote,
            "Reporting obligations would give platforms a clear legal basis to act; we support removing the brackets.",
            ngo,
            Some(i),
        )?;
        workshop.reply(&thread.id, "Mandatory obligations go beyond what several Parties can commit to before CoP18.", ids.get(2).map(String::as_str))?;
    }
    if let Some((i, quote)) = opening(ParaKind::Operative, 6) {
        workshop.add_comment(&quote, "Consider referring to existing national legislation frameworks here.", lawyer, Some(i))?;
    }
    if let Some((i, quote)) = opening(ParaKind::Preamble, 4) {
        let thread = workshop.add_comment(&quote, "The workshop's mandate is cited correctly.", expert, Some(i))?;
        workshop.set_resolved(&thread.id, true)?;
    }
    workshop.add_language(crate::cites::Lang::Fr)?;
    workshop.import_version(crate::cites::Lang::Fr, DRAFT_FR)?;
    workshop.set_version_header(crate::cites::Lang::Fr, Some("Dix-huitième session de la Conférence des Parties"), Some("CoP18 Doc. 79.1 Annexe"))?;
    comment_round(caucus, &workshop, &view, &ids)?;
    Ok(workshop)
}

/// The sample's milestone: the draft as the chair sent it out for the comment round.
pub const SENT_FOR_COMMENTS: &str = "Draft sent for comments";

/// A comment round in progress (issue #11): the chair opened it with a deadline a month ahead;
/// delegations sent proposals (recorded by the chair from their comment tables), one supported
/// by another delegation; the chair noted one and applied another.
fn comment_round(caucus: &Caucus, workshop: &Workshop, view: &crate::model::types::DraftView, ids: &[String]) -> Result<()> {
    use crate::model::notes::{CommentType, OutcomeKind, Proposal, ProposalKind};
    use crate::workshop::CommentOptions;
    let today = caucus.host().timestamp();
    let deadline = chrono::NaiveDate::parse_from_str(today.get(..10).unwrap_or_default(), "%Y-%m-%d")
        .map(|d| (d + chrono::Days::new(30)).format("%Y-%m-%d").to_string())
        .ok();
    // The text as it went out for comments: the milestone every member compares the revision with.
    workshop.create_milestone(SENT_FOR_COMMENTS)?;
    workshop.set_stage(crate::model::roster::Stage::CommentRound, deadline.as_deref())?;
    let position = |start: &str| view.paragraphs.iter().position(|p| p.para.text().starts_with(start));
    let member = |i: usize| ids.get(i).map(String::as_str);
    let propose = |start: &str, quote: &str, body: &str, by: Option<&str>, kind: CommentType, proposal: Proposal| -> Result<Option<String>> {
        let Some(i) = position(start) else { return Ok(None) };
        let options = CommentOptions { kind, proposal: Some(proposal), ..Default::default() };
        Ok(Some(workshop.add_comment_with(quote, body, by, Some(i), &options)?.id))
    };
    let arcadia = propose(
        "ENCOURAGES Parties",
        "raise public awareness of",
        "Awareness alone does not change buying habits; campaigns should target demand.",
        member(1),
        CommentType::Technical,
        Proposal { kind: ProposalKind::Replace, text: "carry out campaigns to reduce demand for, and raise public awareness of".into() },
    )?;
    let cascadia = propose(
        "INVITES online technology companies",
        "industry initiatives",
        "Name the coalition most platforms already belong to.",
        member(3),
        CommentType::Editorial,
        Proposal {
            kind: ProposalKind::InsertAfter,
            text: "WELCOMES the Coalition to End Wildlife Trafficking Online and encourages further companies to join it;".into(),
        },
    )?;
    let borealia = propose(
        "DIRECTS the Secretariat",
        "subject to the availability of external funding",
        "The guidance is needed whether or not external funding is found.",
        member(2),
        CommentType::General,
        Proposal { kind: ProposalKind::Replace, text: "within available resources".into() },
    )?;
    if let (Some(thread), Some(cascadia)) = (&borealia, member(3)) {
        workshop.support(thread, Some(cascadia), false)?;
    }
    if let Some(thread) = &cascadia {
        workshop.record_outcome(thread, OutcomeKind::Noted, "To be taken up when the annex on industry initiatives is drafted.")?;
    }
    if let Some(thread) = &arcadia {
        workshop.apply_proposal(thread, false)?;
    }
    Ok(())
}
