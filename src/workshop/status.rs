//! Where the negotiation stands (issue #14 §1): each paragraph's status, computed from its brackets and threads and never typed, and the workshop's summary — counts, which delegations hold which open brackets, the comments awaiting an outcome by delegation and type, the changes since the last milestone.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Workshop;
use crate::error::Result;
use crate::export::ir::ChangeKind;
use crate::model::notes::{Anchor, CommentType, Thread};
use crate::model::roster::Stage;
use crate::model::types::{AgreedMark, BracketStatus, DraftView, ParaKind};

/// A paragraph's standing: `open` while a bracket in it is open or a thread on it awaits an
/// outcome; else `agreed-ad-ref` while a bracket in it is agreed ad referendum; else `agreed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParaStatus {
    Agreed,
    AgreedAdRef,
    Open,
}

impl ParaStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ParaStatus::Agreed => "agreed",
            ParaStatus::AgreedAdRef => "agreed ad ref.",
            ParaStatus::Open => "open",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphStatus {
    /// Position in the draft (0-based).
    pub position: usize,
    pub id: String,
    /// How a reader cites it (`PP2`, `1 b)`, `17.C`).
    pub citation: String,
    pub kind: ParaKind,
    pub status: ParaStatus,
    pub open_brackets: usize,
    pub ad_ref_brackets: usize,
    /// Threads on it that are neither resolved nor disposed of by an outcome.
    pub open_threads: usize,
    /// The chair's (or the Secretariat's) mark that it is agreed, if set. A marked paragraph
    /// with no open bracket is agreed whatever threads remain on it; an open bracket keeps it open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marked: Option<AgreedMark>,
}

/// A bracket not yet agreed, where it stands and who holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenBracket {
    pub id: String,
    pub position: usize,
    pub citation: String,
    /// The bracketed words.
    pub text: String,
    pub status: BracketStatus,
    pub holders: Vec<String>,
    /// The package it belongs to (issue #14 §3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// Agreed, but its package is not yet all agreed: it counts as open until it is.
    pub pending: bool,
    /// The bracket it is an alternative of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative_of: Option<String>,
}

/// A package of brackets ("nothing is agreed until everything is agreed", issue #14 §3): the
/// brackets of the draft's text in it (withdrawn ones left out) and how many are agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageStatus {
    pub name: String,
    pub brackets: usize,
    pub agreed: usize,
    /// Every bracket of it agreed: only then do they count as agreed.
    pub complete: bool,
}

/// The comments of one delegation that await an outcome, by type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Undisposed {
    pub delegation: String,
    pub general: usize,
    pub technical: usize,
    pub editorial: usize,
    pub total: usize,
}

/// What changed since the last milestone, by paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SinceMilestone {
    pub milestone: String,
    pub inserted: usize,
    pub deleted: usize,
    pub moved: usize,
    /// Paragraphs kept whose words changed.
    pub edited: usize,
    /// The delegations that made the changes, where known.
    pub by: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub agreed: usize,
    pub agreed_ad_ref: usize,
    pub open: usize,
    pub total: usize,
}

/// Where the negotiation stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub title: String,
    pub stage: Stage,
    pub counts: StatusCounts,
    /// The paragraphs under negotiation (preambular, operative, items, decisions, and any other
    /// that holds a bracket or a thread), in draft order.
    pub paragraphs: Vec<ParagraphStatus>,
    /// Every bracket not yet agreed (an agreed one in an incomplete package included, pending),
    /// in draft order.
    pub open_brackets: Vec<OpenBracket>,
    /// The packages of brackets, by name.
    pub packages: Vec<PackageStatus>,
    /// Delegation → ids of the open brackets it holds ("which delegations hold what"), by name.
    pub holders: BTreeMap<String, Vec<String>>,
    /// Comments awaiting an outcome, by delegation (most first).
    pub undisposed: Vec<Undisposed>,
    /// `None` when the workshop has no milestone (or this device lacks the text to compare).
    pub since: Option<SinceMilestone>,
}

/// A thread that still asks for something: not resolved and no outcome recorded.
fn awaits_outcome(t: &Thread) -> bool {
    !t.resolved && t.outcome.is_none()
}

/// The status of the draft `view` with `threads` on it (pure: what `Workshop::status` computes
/// from the live documents, without the milestone comparison).
pub fn compute(view: &DraftView, threads: &[Thread], stage: Stage, marks: &BTreeMap<String, AgreedMark>) -> Status {
    let citations = crate::model::numbering::citations(&view.paragraphs);
    let mut open_threads = vec![0usize; view.paragraphs.len()];
    for t in threads.iter().filter(|t| awaits_outcome(t)) {
        if let Anchor::Attached { position, .. } = t.anchor {
            if let Some(n) = open_threads.get_mut(position) {
                *n += 1;
            }
        }
    }
    let packages = packages(view);
    // The brackets not yet agreed (an agreed one of a package still open included, pending), and
    // how many of them are open or agreed ad ref. in each paragraph.
    let mut open_at = vec![0usize; view.paragraphs.len()];
    let mut ad_ref_at = vec![0usize; view.paragraphs.len()];
    let mut open_brackets = Vec::new();
    for b in brackets_with(view, &packages, &citations) {
        let counter = match b.status {
            BracketStatus::Agreed if b.pending => &mut open_at,
            BracketStatus::Agreed | BracketStatus::Withdrawn => continue,
            BracketStatus::AgreedAdRef => &mut ad_ref_at,
            BracketStatus::Open => &mut open_at,
        };
        if let Some(n) = counter.get_mut(b.position) {
            *n += 1;
        }
        open_brackets.push(b);
    }
    let mut paragraphs = Vec::new();
    let mut counts = StatusCounts::default();
    for (position, p) in view.paragraphs.iter().enumerate() {
        let open = open_at.get(position).copied().unwrap_or(0);
        let ad_ref = ad_ref_at.get(position).copied().unwrap_or(0);
        let threads_here = open_threads.get(position).copied().unwrap_or(0);
        let marked = marks.get(&p.para.id).cloned();
        let negotiated = matches!(p.para.kind, ParaKind::Preamble | ParaKind::Operative | ParaKind::Item | ParaKind::Decision);
        if !negotiated && open + ad_ref + threads_here == 0 && marked.is_none() {
            continue;
        }
        let status = if open > 0 || (threads_here > 0 && marked.is_none()) {
            ParaStatus::Open
        } else if ad_ref > 0 {
            ParaStatus::AgreedAdRef
        } else {
            ParaStatus::Agreed
        };
        match status {
            ParaStatus::Agreed => counts.agreed += 1,
            ParaStatus::AgreedAdRef => counts.agreed_ad_ref += 1,
            ParaStatus::Open => counts.open += 1,
        }
        counts.total += 1;
        paragraphs.push(ParagraphStatus {
            position,
            id: p.para.id.clone(),
            citation: citations.get(position).cloned().unwrap_or_default(),
            kind: p.para.kind,
            status,
            open_brackets: open,
            ad_ref_brackets: ad_ref,
            open_threads: threads_here,
            marked,
        });
    }
    let mut holders: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for b in open_brackets.iter().filter(|b| b.status == BracketStatus::Open) {
        for h in &b.holders {
            holders.entry(h.clone()).or_default().push(b.id.clone());
        }
    }
    let mut by_delegation: BTreeMap<&str, Undisposed> = BTreeMap::new();
    for t in threads.iter().filter(|t| awaits_outcome(t)) {
        let u = by_delegation.entry(t.delegation.as_str()).or_insert_with(|| Undisposed { delegation: t.delegation.clone(), ..Undisposed::default() });
        match t.kind {
            CommentType::General => u.general += 1,
            CommentType::Technical => u.technical += 1,
            CommentType::Editorial => u.editorial += 1,
        }
        u.total += 1;
    }
    let mut undisposed: Vec<Undisposed> = by_delegation.into_values().collect();
    undisposed.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.delegation.cmp(&b.delegation)));
    Status { title: view.meta.title.clone(), stage, counts, paragraphs, open_brackets, packages, holders, undisposed, since: None }
}

/// Every bracket of the draft's text, in draft order (`caucus bracket list`), with where it stands:
/// its paragraph, its words, status, holders, package, and whether it is agreed but pending.
pub fn brackets(view: &DraftView) -> Vec<OpenBracket> {
    brackets_with(view, &packages(view), &crate::model::numbering::citations(&view.paragraphs))
}

/// [`brackets`] with the draft's packages and citations already known. A bracket is listed once
/// per paragraph its words are in, in the order of its first words there (its words may span
/// several runs).
fn brackets_with(view: &DraftView, packages: &[PackageStatus], citations: &[String]) -> Vec<OpenBracket> {
    let mut out: Vec<OpenBracket> = Vec::new();
    for (position, p) in view.paragraphs.iter().enumerate() {
        let here = out.len();
        for span in &p.para.spans {
            let Some(id) = &span.marks.bracket else { continue };
            if let Some(b) = out.get_mut(here..).and_then(|ours| ours.iter_mut().find(|b| &b.id == id)) {
                b.text.push_str(&span.text);
                continue;
            }
            let info = view.brackets.get(id).cloned().unwrap_or_default();
            let complete = info.package.as_ref().is_none_or(|name| packages.iter().any(|k| &k.name == name && k.complete));
            out.push(OpenBracket {
                id: id.clone(),
                position,
                citation: citations.get(position).cloned().unwrap_or_default(),
                text: span.text.clone(),
                status: info.status,
                holders: info.holders,
                pending: info.status == BracketStatus::Agreed && !complete,
                package: info.package,
                alternative_of: info.alternative_of,
            });
        }
    }
    out
}

/// The draft's packages: each bracket of the text in one (withdrawn ones left out), by name.
fn packages(view: &DraftView) -> Vec<PackageStatus> {
    let mut in_text: Vec<&str> = Vec::new();
    for p in &view.paragraphs {
        for id in p.para.spans.iter().filter_map(|s| s.marks.bracket.as_deref()) {
            if !in_text.contains(&id) {
                in_text.push(id);
            }
        }
    }
    let mut by_name: BTreeMap<&str, PackageStatus> = BTreeMap::new();
    for id in in_text {
        let Some(info) = view.brackets.get(id) else { continue };
        let (Some(name), false) = (info.package.as_deref(), info.status == BracketStatus::Withdrawn) else { continue };
        let p = by_name.entry(name).or_insert_with(|| PackageStatus { name: name.to_string(), brackets: 0, agreed: 0, complete: false });
        p.brackets += 1;
        if info.status == BracketStatus::Agreed {
            p.agreed += 1;
        }
    }
    by_name
        .into_values()
        .map(|mut p| {
            p.complete = p.agreed == p.brackets;
            p
        })
        .collect()
}

impl Workshop {
    /// Where the negotiation stands now, with the changes since the last milestone.
    pub fn status(&self) -> Result<Status> {
        let view = self.view()?;
        let threads = self.threads();
        let mut status = compute(&view, &threads, self.stage(), &self.agreed_marks());
        if let Some(last) = self.milestones()?.pop() {
            match self.compare(&last.name, None) {
                Ok(doc) => status.since = Some(since(&last.name, &doc)),
                Err(e) => tracing::warn!(workshop = %self.id, code = crate::coded::Coded::code(&e), "status without the changes since the last milestone"),
            }
        }
        Ok(status)
    }
}

fn since(milestone: &str, doc: &crate::export::ir::Document) -> SinceMilestone {
    let mut s = SinceMilestone { milestone: milestone.to_string(), inserted: 0, deleted: 0, moved: 0, edited: 0, by: Vec::new() };
    let mut by = std::collections::BTreeSet::new();
    for block in &doc.blocks {
        if let Some(change) = &block.change {
            match (change.moved, change.kind) {
                (true, ChangeKind::Inserted) => s.moved += 1,
                (true, _) => {}
                (false, ChangeKind::Inserted) => s.inserted += 1,
                (false, _) => s.deleted += 1,
            }
            by.extend(change.author.clone());
            continue;
        }
        let changed: Vec<_> = block.runs.iter().filter_map(|r| r.change.as_ref()).collect();
        if !changed.is_empty() {
            s.edited += 1;
            by.extend(changed.into_iter().filter_map(|c| c.author.clone()));
        }
    }
    s.by = by.into_iter().collect();
    s
}

/// The status as a one-page report (`caucus export --format status-docx|status-html`): the
/// counts, who holds which open brackets, the comments awaiting an outcome, the changes since the
/// last milestone and the open paragraphs. `date` is the report's date (`YYYY-MM-DD`).
pub fn report(status: &Status, symbol: &str, date: &str) -> crate::export::report::Report {
    use crate::export::report::{Report, Section};
    let c = &status.counts;
    let share = |n: usize| if c.total == 0 { "—".to_string() } else { format!("{}%", n * 100 / c.total) };
    let mut sections = vec![Section {
        heading: "Paragraphs by status".into(),
        text: Some(format!(
            "{} of {} paragraphs are settled (agreed, or agreed ad referendum).",
            c.agreed + c.agreed_ad_ref,
            c.total
        )),
        columns: vec!["Status".into(), "Paragraphs".into(), "Share".into()],
        rows: vec![
            vec!["Agreed".into(), c.agreed.to_string(), share(c.agreed)],
            vec!["Agreed ad referendum".into(), c.agreed_ad_ref.to_string(), share(c.agreed_ad_ref)],
            vec!["Open".into(), c.open.to_string(), share(c.open)],
            vec!["Total".into(), c.total.to_string(), share(c.total)],
        ],
    }];
    let cite = |citation: &str| if citation.is_empty() { "—".to_string() } else { citation.to_string() };
    let mut held = Vec::new();
    for (delegation, ids) in &status.holders {
        for b in ids.iter().filter_map(|id| status.open_brackets.iter().find(|b| &b.id == id)) {
            held.push(vec![delegation.clone(), cite(&b.citation), format!("[{}]", b.text)]);
        }
    }
    for b in status.open_brackets.iter().filter(|b| b.status == BracketStatus::Open && b.holders.is_empty()) {
        held.push(vec!["(none named)".into(), cite(&b.citation), format!("[{}]", b.text)]);
    }
    sections.push(Section {
        heading: "Open brackets, by the delegations holding them".into(),
        text: held.is_empty().then(|| "No bracket is open.".to_string()),
        columns: if held.is_empty() { Vec::new() } else { vec!["Delegation".into(), "Paragraph".into(), "Bracketed text".into()] },
        rows: held,
    });
    if !status.packages.is_empty() {
        sections.push(Section {
            heading: "Bracket packages (nothing is agreed until everything is agreed)".into(),
            text: None,
            columns: vec!["Package".into(), "Brackets".into(), "Agreed".into(), "Standing".into()],
            rows: status
                .packages
                .iter()
                .map(|p| {
                    let standing = if p.complete { "agreed" } else { "pending" };
                    vec![p.name.clone(), p.brackets.to_string(), p.agreed.to_string(), standing.into()]
                })
                .collect(),
        });
    }
    sections.push(Section {
        heading: "Comments awaiting an outcome".into(),
        text: status.undisposed.is_empty().then(|| "Every comment has an outcome or is resolved.".to_string()),
        columns: if status.undisposed.is_empty() {
            Vec::new()
        } else {
            vec!["Delegation".into(), "General".into(), "Technical".into(), "Editorial".into(), "Total".into()]
        },
        rows: status
            .undisposed
            .iter()
            .map(|u| {
                let name = if u.delegation.is_empty() { "(no delegation)".to_string() } else { u.delegation.clone() };
                vec![name, u.general.to_string(), u.technical.to_string(), u.editorial.to_string(), u.total.to_string()]
            })
            .collect(),
    });
    sections.push(match &status.since {
        Some(s) => Section {
            heading: format!("Changes since “{}”", s.milestone),
            text: Some(format!(
                "Paragraphs edited: {}, inserted: {}, deleted: {}, moved: {}{}.",
                s.edited,
                s.inserted,
                s.deleted,
                s.moved,
                if s.by.is_empty() { String::new() } else { format!(", by {}", s.by.join(", ")) }
            )),
            columns: Vec::new(),
            rows: Vec::new(),
        },
        None => Section { heading: "Changes since the last milestone".into(), text: Some("No milestone has been frozen yet.".into()), columns: Vec::new(), rows: Vec::new() },
    });
    let open: Vec<Vec<String>> = status
        .paragraphs
        .iter()
        .filter(|p| p.status == ParaStatus::Open)
        .map(|p| vec![cite(&p.citation), p.open_brackets.to_string(), p.open_threads.to_string()])
        .collect();
    sections.push(Section {
        heading: "Open paragraphs".into(),
        text: open.is_empty().then(|| "No paragraph is open.".to_string()),
        columns: if open.is_empty() { Vec::new() } else { vec!["Paragraph".into(), "Open brackets".into(), "Comments awaiting an outcome".into()] },
        rows: open,
    });
    let stage = match status.stage {
        Stage::Drafting => "Drafting",
        Stage::CommentRound => "Comment round",
        Stage::Revision => "Revision",
        Stage::Closed => "Closed",
    };
    Report {
        symbol: symbol.to_string(),
        title: if status.title.is_empty() { "Where the negotiation stands".to_string() } else { format!("Where the negotiation stands: {}", status.title) },
        subtitle: format!("{stage} · {date}"),
        sections,
    }
}

impl Workshop {
    /// The status report in `format` (`docx` or `html`).
    pub fn status_report(&self, docx: bool) -> Result<Vec<u8>> {
        let status = self.status()?;
        let symbol = self.view()?.meta.symbol;
        let date = self.host().timestamp();
        let report = report(&status, &symbol, date.get(..10).unwrap_or_default());
        Ok(if docx { crate::export::report::docx(&report).map_err(crate::export::ExportError::from)? } else { crate::export::report::html(&report).into_bytes() })
    }
}
