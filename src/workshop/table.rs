//! The comment table (issue #11 §3) against the workshop: the compiled threads as table rows (in paragraph order, filtered), and a delegation's table imported as threads on the paragraphs it cites, all rows in one notes transaction or none.

use serde::Serialize;
use yrs::Transact;

use super::live::lock;
use super::Workshop;
use crate::error::{Error, Result};
use crate::export::comment_table::{line_cell, CommentTable, Row};
use crate::export::ir::Document;
use crate::export::pdf::LineMap;
use crate::export::{ExportOptions, Format};
use crate::import::table::{self as parse, ParsedTable, SourceFormat, TableRow};
use crate::model::notes::{Anchor, CommentType, NewComment, NewOutcome, NewSupport, OutcomeKind, Proposal, ProposalKind, Thread};
use crate::model::types::{NumberedParagraph, ParaKind};

/// Which threads the table lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableFilter {
    /// Only threads with no outcome yet and not resolved.
    pub open_only: bool,
    /// Only threads of this delegation (compared without case or accents).
    pub delegation: Option<String>,
    pub kind: Option<CommentType>,
}

/// What an import did: every data row became a thread, anchored or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub format: SourceFormat,
    /// Whether the headings were read from the DOCX page header (the ISO template).
    pub headings_in_page_header: bool,
    /// The headings matched, as written.
    pub columns: Vec<String>,
    /// Rows imported (one thread each).
    pub rows: usize,
    pub anchored: usize,
    /// Rows on no paragraph, each with why.
    pub unanchored: Vec<UnanchoredRow>,
    /// Outcomes recorded from the outcome column (by the chair or the Secretariat only).
    pub outcomes: usize,
    /// Supports recorded from the party column's "(supported by …)" (by the chair or the
    /// Secretariat only, for delegations of the roster).
    pub supports: usize,
    /// Rows with no text in any cell, not imported.
    pub blank_rows: usize,
    /// Tables or sheets of the file with text but no comment table's headings, not read.
    pub tables_without_headings: usize,
    /// The new threads' ids, in the table's order.
    pub threads: Vec<String>,
    /// Who the rows are recorded as (`author`) and by (`recorded_by`, when on their behalf).
    pub author: String,
    pub recorded_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnanchoredRow {
    /// The row in the file (1-based, the heading row counted).
    pub source_row: usize,
    /// The paragraph cell as written.
    pub paragraph: String,
    pub why: String,
    pub thread: String,
}

/// A row ready to write: everything checked before the transaction opens, so that the
/// transaction cannot fail half-way.
struct Prepared {
    position: Option<usize>,
    why: Option<String>,
    source_row: usize,
    paragraph: String,
    delegation: String,
    body: String,
    kind: CommentType,
    proposal: Option<Proposal>,
    outcome: Option<(OutcomeKind, String)>,
    /// Supporting delegations recorded as supports: (delegation, the member recorded for).
    supports: Vec<(String, String)>,
}

fn type_word(kind: CommentType) -> &'static str {
    match kind {
        CommentType::General => "General",
        CommentType::Technical => "Technical",
        CommentType::Editorial => "Editorial",
    }
}

fn outcome_words(kind: OutcomeKind) -> &'static str {
    match kind {
        OutcomeKind::Accepted => "Accepted",
        OutcomeKind::AcceptedModified => "Accepted with modifications",
        OutcomeKind::Rejected => "Rejected",
        OutcomeKind::Noted => "Noted",
    }
}

/// Where a paragraph without a number is cited from: its kind.
fn unnumbered(kind: ParaKind) -> &'static str {
    match kind {
        ParaKind::Title => "Title",
        ParaKind::Heading => "Heading",
        _ => "Text",
    }
}

/// Who an import's threads are for and by ([`Workshop::importer`]).
pub(super) struct Importer {
    /// This device's member (none on a device without an identity).
    pub me: Option<String>,
    /// The member the threads are recorded as.
    pub author: crate::model::roster::Member,
    /// This device's member when recording on `author`'s behalf.
    pub recorded_by: Option<String>,
}

impl Workshop {
    /// The compiled comments as table rows: threads in paragraph order (then by their place in
    /// it, then oldest first), threads on no paragraph last; deleted threads are not listed. A
    /// late comment says so at its end; an applied proposal's outcome says it was applied.
    /// Line is where the thread's words stand in the PDF `caucus export --format pdf
    /// --line-numbers` writes of the draft as it is now (laid out once for the whole table):
    /// empty for a thread on no paragraph, or on a paragraph the PDF does not number.
    pub fn comment_table(&self, filter: &TableFilter) -> CommentTable {
        let meta = self.meta();
        let paragraphs = self.paragraphs();
        let lines = self.pdf_lines();
        let citations = crate::model::numbering::citations(&paragraphs);
        let members = self.members();
        let delegation = filter.delegation.as_deref().map(parse::normalise);
        let mut threads: Vec<Thread> = self
            .threads()
            .into_iter()
            .filter(|t| !filter.open_only || (t.outcome.is_none() && !t.resolved))
            .filter(|t| delegation.as_ref().is_none_or(|d| parse::normalise(&t.delegation) == *d))
            .filter(|t| filter.kind.is_none_or(|k| t.kind == k))
            .collect();
        let place = |t: &Thread| match t.anchor {
            Anchor::Attached { position, start, .. } => (0, position, start),
            Anchor::Orphaned => (1, 0, 0),
        };
        threads.sort_by(|a, b| (place(a), &a.created, &a.id).cmp(&(place(b), &b.created, &b.id)));
        let rows = threads
            .iter()
            .map(|t| {
                let paragraph = match t.anchor {
                    Anchor::Attached { position, .. } => match citations.get(position).filter(|c| !c.is_empty()) {
                        Some(c) => c.clone(),
                        None => paragraphs.get(position).map(|p: &NumberedParagraph| unnumbered(p.para.kind).to_string()).unwrap_or_default(),
                    },
                    Anchor::Orphaned => String::new(),
                };
                let mut comment = t.body.clone();
                for r in &t.replies {
                    let who = members.iter().find(|m| m.id == r.author).map_or(r.author.as_str(), |m| m.speaks_for());
                    comment.push_str(&format!("\n\n{who}: {}", r.body));
                }
                let proposed = match &t.proposal {
                    None => String::new(),
                    Some(p) => match p.kind {
                        ProposalKind::Replace => p.text.clone(),
                        ProposalKind::Paragraph => format!("The paragraph to read: {}", p.text),
                        ProposalKind::InsertAfter => format!("A new paragraph after it: {}", p.text),
                    },
                };
                let mut outcome = match (&t.outcome, t.resolved) {
                    (Some(o), _) if o.observation.trim().is_empty() => outcome_words(o.outcome).to_string(),
                    (Some(o), _) => format!("{} — {}", outcome_words(o.outcome), o.observation),
                    (None, true) => "Resolved".to_string(),
                    (None, false) => String::new(),
                };
                if t.applied.is_some() {
                    outcome = if outcome.is_empty() { "Applied to the draft".to_string() } else { format!("{outcome}\nApplied to the draft") };
                }
                if t.late {
                    comment.push_str("\n\n(Received after the comment round's deadline.)");
                }
                let delegation = if t.supporters.is_empty() {
                    t.delegation.clone()
                } else {
                    format!("{} (supported by {})", t.delegation, t.supporters.join(", "))
                };
                let line = match (&t.anchor, &lines) {
                    // The draft is read twice (the rows, the layout): a paragraph moved in between
                    // is not cited by another's lines.
                    (Anchor::Attached { position, para_id, start, end, .. }, Some((ids, map))) if ids.get(*position) == Some(para_id) => {
                        map.lines(*position, *start, *end).map(|(first, last)| line_cell(first, last)).unwrap_or_default()
                    }
                    _ => String::new(),
                };
                Row { delegation, paragraph, line, kind: type_word(t.kind).to_string(), comment, proposed, outcome }
            })
            .collect();
        CommentTable { symbol: meta.symbol, title: meta.title, rows }
    }

    /// The draft laid out as its PDF with line numbers (the export's own options and layout
    /// pass), with the paragraph ids in block order; `None`, logged, when it cannot be.
    fn pdf_lines(&self) -> Option<(Vec<String>, LineMap)> {
        let options = ExportOptions { line_numbers: true, ..ExportOptions::new(Format::Pdf) };
        let doc = match self.view() {
            Ok(view) => Document::from_view(&view),
            Err(e) => {
                tracing::warn!(workshop = %self.id, code = crate::coded::Coded::code(&e), "comment table: no line numbers, the draft could not be read");
                return None;
            }
        };
        match crate::export::pdf::line_map(&doc, &crate::export::pdf_options(&options)) {
            Ok(map) => Some((doc.blocks.into_iter().map(|b| b.id).collect(), map)),
            Err(e) => {
                tracing::warn!(workshop = %self.id, code = crate::coded::Coded::code(&e), "comment table: no line numbers, the PDF layout failed");
                None
            }
        }
    }

    /// Imports a delegation's comment table (DOCX, XLSX or CSV, `file_name` telling CSV apart):
    /// each row a thread on the paragraph it cites (the whole paragraph), with its type and
    /// proposed change; a row citing no paragraph of the draft is imported unanchored and
    /// reported with why. The rows are `as_member`'s (default: this device's member); recorded
    /// by this device's member on their behalf when that is someone else (the chair and the
    /// Secretariat only). A row's party cell names the delegation it speaks for (an ISO 3166
    /// code is read as the roster's delegation for that country); another delegation than the
    /// author's only when the chair or the Secretariat imports. Outcomes in the table are
    /// recorded when the chair or the Secretariat imports, else kept in the comment. The stage
    /// must allow starting threads (not in `closed`; only the chair and the Secretariat in
    /// `revision`). Nothing is written unless every row can be (one notes transaction).
    /// Who an imported file's threads are recorded for (`as_member`, else this device's member)
    /// and by (this device's member, when on someone else's behalf: the chair and the Secretariat
    /// only), with the stage's leave to start threads — the one rule of every import of comments
    /// (a comment table, a returned Word draft).
    pub(super) fn importer(&self, as_member: Option<&str>) -> Result<Importer> {
        let me = match self.acting()? {
            Some(crate::policy::Writer::Member { id, .. }) => Some(id),
            _ => None,
        };
        let author = match (as_member, &me) {
            (Some(a), _) => self.member(a)?,
            (None, Some(me)) => self.member(me)?,
            (None, None) => return Err(Error::NoIdentity(self.id.clone())),
        };
        // Starting threads is what the stage must allow (`policy::stage`), as for one comment.
        self.permits(crate::policy::Action::Comment)?;
        let recorded_by = me.clone().filter(|m| *m != author.id);
        if recorded_by.is_some() {
            self.permits(crate::policy::Action::RecordForOther)?;
        }
        Ok(Importer { me, author, recorded_by })
    }

    pub fn import_comment_table(&self, file_name: &str, bytes: &[u8], as_member: Option<&str>) -> Result<ImportReport> {
        let table = parse::parse(file_name, bytes)?;
        let Importer { me, author, recorded_by } = self.importer(as_member)?;
        let may = May {
            record_outcomes: me.is_some() && self.permits(crate::policy::Action::RecordOutcome).is_ok(),
            support_for_others: me.is_some() && self.permits(crate::policy::Action::Support { own: false }).is_ok(),
        };
        let paragraphs = self.paragraphs();
        let prepared = self.prepare_rows(&table, &paragraphs, author.speaks_for(), may)?;

        let mut ids: Vec<String> = prepared.iter().map(|_| self.host().id("c")).collect();
        ids.sort();
        let created = self.host().timestamp();
        let outcome_ids: Vec<String> = prepared.iter().map(|_| self.host().id("o")).collect();
        let support_ids: Vec<Vec<String>> = prepared.iter().map(|r| r.supports.iter().map(|_| self.host().id("s")).collect()).collect();
        let mut anchored_flags = Vec::with_capacity(prepared.len());
        if !prepared.is_empty() {
            let draft = lock(&self.live.draft);
            let draft_txn = draft.doc.transact();
            self.write_notes(|txn| {
                for (((row, id), outcome_id), support_ids) in prepared.iter().zip(&ids).zip(&outcome_ids).zip(&support_ids) {
                    let comment = NewComment {
                        id,
                        author: &author.id,
                        recorded_by: recorded_by.as_deref(),
                        body: &row.body,
                        created: &created,
                        kind: row.kind,
                        proposal: row.proposal.as_ref(),
                        delegation: Some(&row.delegation),
                    };
                    anchored_flags.push(self.live.n.add_on_paragraph(txn, &self.live.d, &draft_txn, row.position, &row.paragraph, comment));
                    if let (Some((outcome, observation)), Some(by)) = (&row.outcome, &me) {
                        let record = NewOutcome { thread: id, outcome: *outcome, observation, by, created: &created };
                        self.live.n.record_outcome(txn, outcome_id, &record)?;
                    }
                    for ((delegation, member), support_id) in row.supports.iter().zip(support_ids) {
                        let support = NewSupport {
                            thread: id,
                            delegation,
                            member,
                            recorded_by: me.as_deref().filter(|m| m != member),
                            withdraw: false,
                            created: &created,
                        };
                        self.live.n.record_support(txn, support_id, &support)?;
                    }
                }
                Ok(())
            })?;
        }
        let mut unanchored = Vec::new();
        for ((row, id), anchored) in prepared.iter().zip(&ids).zip(&anchored_flags) {
            if !anchored {
                let why = row.why.clone().unwrap_or_else(|| "the paragraph has no text to anchor on".to_string());
                unanchored.push(UnanchoredRow { source_row: row.source_row, paragraph: row.paragraph.clone(), why, thread: id.clone() });
            }
        }
        tracing::info!(workshop = %self.id, rows = prepared.len(), unanchored = unanchored.len(), format = ?table.format, "comment table imported");
        Ok(ImportReport {
            format: table.format,
            headings_in_page_header: table.headings_in_page_header,
            columns: table.columns.iter().map(|(_, h)| h.clone()).collect(),
            rows: prepared.len(),
            anchored: anchored_flags.iter().filter(|a| **a).count(),
            unanchored,
            outcomes: prepared.iter().filter(|r| r.outcome.is_some()).count(),
            supports: prepared.iter().map(|r| r.supports.len()).sum(),
            blank_rows: table.blank_rows,
            tables_without_headings: table.tables_without_headings,
            threads: ids,
            author: author.id.clone(),
            recorded_by,
        })
    }

    /// Checks and words every row before anything is written: its paragraph, delegation (and
    /// the right to speak for it), type, proposal, outcome, supporters and the cells kept in its
    /// comment.
    fn prepare_rows(&self, table: &ParsedTable, paragraphs: &[NumberedParagraph], own: &str, may: May) -> Result<Vec<Prepared>> {
        let citations = crate::model::numbering::citations(paragraphs);
        let keys: Vec<(String, String)> = citations.iter().map(|c| if c.is_empty() { (String::new(), String::new()) } else { parse::citation_keys(c) }).collect();
        let members = self.members();
        let mut delegations: Vec<String> = members.iter().map(|m| m.speaks_for().to_string()).collect();
        delegations.sort();
        delegations.dedup();
        let mut out = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            let cells = &row.cells;
            let (position, why) = locate(&cells.paragraph, &keys);
            let (party, supporters) = parse::split_supporters(&cells.delegation);
            let delegation = resolve_party(&party, &delegations).unwrap_or_else(|| own.to_string());
            self.permits(crate::policy::Action::SpeakFor { own: delegation == own })?;
            let kind = parse::comment_type(&cells.kind);
            let outcome = if may.record_outcomes { parse::outcome(&cells.outcome) } else { None };
            // A supporter of the roster is recorded for a member of its delegation; the others
            // (or all, when this member may not record for others) stay in the comment.
            let mut supports: Vec<(String, String)> = Vec::new();
            let mut kept_supporters = Vec::new();
            for s in supporters {
                let named = resolve_party(&s, &delegations).filter(|d| delegations.contains(d) && *d != delegation);
                let member = named.as_ref().and_then(|d| members.iter().find(|m| m.removed.is_none() && m.speaks_for() == d.as_str()));
                match (named, member) {
                    (Some(d), Some(m)) if may.support_for_others => {
                        if !supports.iter().any(|(x, _)| *x == d) {
                            supports.push((d, m.id.clone()));
                        }
                    }
                    _ => kept_supporters.push(s),
                }
            }
            let body = row_body(row, position.is_none(), kind.is_none(), &kept_supporters, outcome.is_none());
            crate::policy::rights::check_body("a comment", &body)?;
            crate::policy::rights::check_body("a proposal", &cells.proposed)?;
            if let Some((_, observation)) = &outcome {
                crate::policy::rights::check_body("an observation", observation)?;
            }
            let proposal = (!cells.proposed.trim().is_empty()).then(|| Proposal { kind: ProposalKind::Replace, text: cells.proposed.clone() });
            out.push(Prepared {
                position,
                why,
                source_row: row.source_row,
                paragraph: cells.paragraph.clone(),
                delegation,
                body,
                kind: kind.unwrap_or_default(),
                proposal,
                outcome,
                supports,
            });
        }
        Ok(out)
    }
}

/// What the importing member may record besides threads.
#[derive(Clone, Copy)]
struct May {
    record_outcomes: bool,
    support_for_others: bool,
}

/// The paragraph a citation names: its position, or why none.
fn locate(cell: &str, keys: &[(String, String)]) -> (Option<usize>, Option<String>) {
    if cell.trim().is_empty() {
        return (None, Some("no paragraph given".to_string()));
    }
    let (dotted, plain) = parse::citation_keys(cell);
    let find = |pick: fn(&(String, String)) -> &String, key: &str| -> Vec<usize> {
        keys.iter().enumerate().filter(|(_, k)| !key.is_empty() && pick(k) == key).map(|(i, _)| i).collect()
    };
    let mut hits = find(|k| &k.0, &dotted);
    if hits.is_empty() {
        hits = find(|k| &k.1, &plain);
    }
    match hits.as_slice() {
        [one] => (Some(*one), None),
        [] => (None, Some(format!("`{}` matches no paragraph of the draft", cell.trim()))),
        many => (None, Some(format!("`{}` matches {} paragraphs of the draft", cell.trim(), many.len()))),
    }
}

/// The roster delegation a party cell names (as the roster spells it), an ISO 3166 code's
/// country when a roster delegation is that country, else the cell as written; `None` when empty.
fn resolve_party(party: &str, delegations: &[String]) -> Option<String> {
    let party = party.trim();
    if party.is_empty() {
        return None;
    }
    let wanted = parse::normalise(party);
    if let Some(d) = delegations.iter().find(|d| parse::normalise(d) == wanted) {
        return Some(d.clone());
    }
    if let Some(names) = parse::country_names(party) {
        if let Some(d) = delegations.iter().find(|d| parse::names_country(d, &names)) {
            return Some(d.clone());
        }
    }
    Some(party.to_string())
}

/// The thread's body: the comment cell, then the cells no field holds, each on a line of its
/// own under its heading, so that nothing the table said is lost.
fn row_body(table_row: &TableRow, unanchored: bool, unknown_type: bool, supporters: &[String], outcome_unrecorded: bool) -> String {
    let row = &table_row.cells;
    let mut kept: Vec<String> = Vec::new();
    if unanchored && !row.paragraph.trim().is_empty() {
        kept.push(format!("Paragraph: {}", row.paragraph));
    }
    if !row.line.trim().is_empty() {
        kept.push(format!("Line: {}", row.line));
    }
    if unknown_type && !row.kind.trim().is_empty() {
        kept.push(format!("Type: {}", row.kind));
    }
    if !supporters.is_empty() {
        kept.push(format!("Supported by: {}", supporters.join(", ")));
    }
    if outcome_unrecorded && !row.outcome.trim().is_empty() {
        kept.push(format!("Outcome and observation: {}", row.outcome));
    }
    for (heading, value) in &table_row.extra {
        kept.push(format!("{heading}: {value}"));
    }
    let comment = row.comment.trim();
    let mut body = match (comment.is_empty(), row.proposed.trim().is_empty()) {
        (false, _) => comment.to_string(),
        (true, false) => "(No comment: see the proposed change.)".to_string(),
        (true, true) => "(No comment.)".to_string(),
    };
    if !kept.is_empty() {
        body.push_str("\n\n");
        body.push_str(&kept.join("\n"));
    }
    body
}
