//! A delegation's returned Word draft (issue #14 §6): each paragraph its tracked changes change becomes one proposal thread on the draft's paragraph it was (matched by text, else by its place with a similarity check, never guessed), attributed to the member it is recorded for, naming the Word authors; all threads in one notes transaction or none.

use serde::Serialize;
use yrs::Transact;

use super::live::lock;
use super::Workshop;
use crate::error::Result;
use crate::import::revisions::{self, WordParagraph};
use crate::model::notes::{CommentType, NewComment, Proposal, ProposalKind};

/// How much of a changed paragraph's words the draft's paragraph at its place must share
/// (Dice coefficient over words) to be taken as that paragraph.
const SIMILAR: f64 = 0.6;

/// What an import of a returned Word draft did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordImportReport {
    /// Paragraphs of the Word file whose tracked changes change their text.
    pub changed_paragraphs: usize,
    /// The proposals created, one per changed paragraph matched, in the file's order.
    pub proposals: Vec<WordProposal>,
    /// Changed paragraphs that matched no paragraph of the draft, each with why: not imported.
    pub unmatched: Vec<UnmatchedParagraph>,
    /// The Word authors of the tracked changes, in the order first seen.
    pub word_authors: Vec<String>,
    /// Who the proposals are recorded as (`author`) and by (`recorded_by`, when on their behalf).
    pub author: String,
    pub recorded_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordProposal {
    pub thread: String,
    /// The paragraph of the Word file (1-based, in the body's order).
    pub word_paragraph: usize,
    /// The draft's paragraph (0-based) it proposes to rewrite.
    pub position: usize,
    /// How it was matched: `text` (its text before the changes is the paragraph's) or
    /// `position` (its place in the file, its words close enough to the paragraph's).
    pub matched_by: &'static str,
    pub word_authors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmatchedParagraph {
    pub word_paragraph: usize,
    pub why: String,
}

/// Text compared for a match: brackets (marks in the draft, characters in Word) left out,
/// whitespace runs as one space.
fn key(text: &str) -> String {
    text.replace(['[', ']'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Dice coefficient of two texts' words (lower case, as multisets).
fn similarity(a: &str, b: &str) -> f64 {
    let words = |t: &str| -> Vec<String> { t.split_whitespace().map(str::to_lowercase).collect() };
    let (a, mut b) = (words(a), words(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let total = (a.len() + b.len()) as f64;
    let mut common = 0usize;
    for w in &a {
        if let Some(i) = b.iter().position(|x| x == w) {
            b.swap_remove(i);
            common += 1;
        }
    }
    2.0 * common as f64 / total
}

/// The draft's paragraph each of the Word file's paragraphs is, or why none: first every
/// paragraph whose text is exactly one paragraph's (these anchor the order), then a changed
/// paragraph matching several by the one nearest its place, then one matching none by its place
/// next to an anchored neighbour, if its words are close enough.
fn match_paragraphs(word: &[WordParagraph], draft: &[String]) -> Vec<std::result::Result<(usize, &'static str), String>> {
    let draft_keys: Vec<String> = draft.iter().map(|t| key(t)).collect();
    let hits: Vec<Vec<usize>> = word
        .iter()
        .map(|p| {
            let k = key(&p.was);
            if k.is_empty() {
                return Vec::new();
            }
            draft_keys.iter().enumerate().filter(|(_, d)| **d == k).map(|(i, _)| i).collect()
        })
        .collect();
    let mut taken = vec![false; draft.len()];
    let mut matched: Vec<Option<usize>> = hits.iter().map(|h| if let [one] = h.as_slice() { Some(*one) } else { None }).collect();
    for m in matched.iter().flatten() {
        if let Some(t) = taken.get_mut(*m) {
            *t = true;
        }
    }
    // Where paragraph `j` of the file would be in the draft, from its nearest matched neighbour.
    let expected = |matched: &[Option<usize>], j: usize| -> Option<usize> {
        let before = (0..j).rev().find_map(|k| matched.get(k).copied().flatten().map(|m| m + (j - k)));
        before.or_else(|| (j + 1..matched.len()).find_map(|k| matched.get(k).copied().flatten().and_then(|m| m.checked_sub(k - j))))
    };
    let mut out = Vec::with_capacity(word.len());
    for (j, p) in word.iter().enumerate() {
        if let Some(Some(m)) = matched.get(j) {
            out.push(Ok((*m, "text")));
            continue;
        }
        let hit = hits.get(j).map(Vec::as_slice).unwrap_or_default();
        let place = expected(&matched, j);
        let result = if key(&p.was).is_empty() {
            Err("a paragraph added in the Word file: it is not in the draft to propose a change to (propose it as a new paragraph in Caucus)".to_string())
        } else if hit.len() > 1 {
            let free: Vec<usize> = hit.iter().copied().filter(|i| !taken.get(*i).copied().unwrap_or(true)).collect();
            match place.filter(|e| free.contains(e)) {
                Some(e) => Ok((e, "position")),
                None => Err(format!("its text is that of {} paragraphs of the draft, and its place in the file does not tell which", hit.len())),
            }
        } else {
            match place {
                Some(e) if taken.get(e).copied().unwrap_or(true) => Err("its text matches no paragraph of the draft, and the paragraph at its place is matched by another".to_string()),
                Some(e) => match draft_keys.get(e) {
                    Some(d) if similarity(d, &key(&p.was)) >= SIMILAR => Ok((e, "position")),
                    Some(_) => Err("its text matches no paragraph of the draft, nor is it close to the paragraph at its place".to_string()),
                    None => Err("its text matches no paragraph of the draft, and its place is past the draft's end".to_string()),
                },
                None => Err("its text matches no paragraph of the draft, and no paragraph around it does to tell its place".to_string()),
            }
        };
        if let Ok((e, _)) = result {
            if let Some(t) = taken.get_mut(e) {
                *t = true;
            }
            if let Some(m) = matched.get_mut(j) {
                *m = Some(e);
            }
        }
        out.push(result);
    }
    out
}

/// The thread's body: who made the changes in Word, and when.
fn body(p: &WordParagraph, matched_by: &str) -> String {
    let who: Vec<String> = p
        .authors
        .iter()
        .map(|(a, dates)| if dates.is_empty() { a.clone() } else { format!("{a} ({})", dates.join(", ")) })
        .collect();
    let who = match who.as_slice() {
        [] => "Tracked changes".to_string(),
        [one] => format!("Tracked changes by {one}"),
        [rest @ .., last] => format!("Tracked changes by {} and {last}", rest.join(", ")),
    };
    let mut body = format!("{who} in the returned Word draft.");
    if matched_by == "position" {
        body.push_str(&format!("\n\nIn the Word draft, before the changes, the paragraph read: {}", p.was));
    }
    body
}

struct Prepared<'a> {
    paragraph: &'a WordParagraph,
    position: usize,
    matched_by: &'static str,
    body: String,
}

impl Workshop {
    /// Imports a delegation's returned Word draft: each paragraph whose tracked changes change
    /// its text becomes one thread (type general) on the draft's paragraph it was, proposing that
    /// paragraph read as the Word file with its changes accepted; a changed paragraph that
    /// matches none is reported with why, not guessed. The threads are `as_member`'s (default:
    /// this device's member), recorded by this device's member on their behalf when that is
    /// someone else (the chair and the Secretariat only), as a comment table's rows are; the
    /// stage must allow starting threads. Nothing is written unless every thread can be.
    pub fn import_word_proposals(&self, bytes: &[u8], as_member: Option<&str>) -> Result<WordImportReport> {
        let word = revisions::read(bytes)?;
        let super::table::Importer { author, recorded_by, .. } = self.importer(as_member)?;
        self.permits(crate::policy::Action::SpeakFor { own: true })?;

        let paragraphs = self.paragraphs();
        let texts: Vec<String> = paragraphs.iter().map(|p| p.para.text()).collect();
        let matches = match_paragraphs(&word, &texts);
        let mut prepared = Vec::new();
        let mut unmatched = Vec::new();
        let mut word_authors: Vec<String> = Vec::new();
        for (p, m) in word.iter().zip(matches) {
            if !p.changed() {
                continue;
            }
            for (a, _) in &p.authors {
                if !word_authors.contains(a) {
                    word_authors.push(a.clone());
                }
            }
            match m {
                Ok((position, matched_by)) => {
                    let body = body(p, matched_by);
                    crate::policy::rights::check_body("a comment", &body)?;
                    crate::policy::rights::check_body("a proposal", &p.proposed)?;
                    prepared.push(Prepared { paragraph: p, position, matched_by, body });
                }
                Err(why) => unmatched.push(UnmatchedParagraph { word_paragraph: p.number, why }),
            }
        }

        let mut ids: Vec<String> = prepared.iter().map(|_| self.host().id("c")).collect();
        ids.sort();
        let created = self.host().timestamp();
        let delegation = author.speaks_for().to_string();
        let proposals: Vec<Proposal> = prepared
            .iter()
            .map(|r| Proposal { kind: ProposalKind::Replace, text: r.paragraph.proposed.replace(['[', ']'], "").split_whitespace().collect::<Vec<_>>().join(" ") })
            .collect();
        if !prepared.is_empty() {
            let draft = lock(&self.live.draft);
            let draft_txn = draft.doc.transact();
            self.write_notes(|txn| {
                for ((row, id), proposal) in prepared.iter().zip(&ids).zip(&proposals) {
                    let comment = NewComment {
                        id,
                        author: &author.id,
                        recorded_by: recorded_by.as_deref(),
                        body: &row.body,
                        created: &created,
                        kind: CommentType::General,
                        proposal: Some(proposal),
                        delegation: Some(&delegation),
                    };
                    self.live.n.add_on_paragraph(txn, &self.live.d, &draft_txn, Some(row.position), &row.paragraph.was, comment);
                }
                Ok(())
            })?;
        }
        tracing::info!(workshop = %self.id, changed = prepared.len() + unmatched.len(), proposals = prepared.len(), unmatched = unmatched.len(), "returned Word draft imported");
        Ok(WordImportReport {
            changed_paragraphs: prepared.len() + unmatched.len(),
            proposals: prepared
                .iter()
                .zip(&ids)
                .map(|(r, id)| WordProposal {
                    thread: id.clone(),
                    word_paragraph: r.paragraph.number,
                    position: r.position,
                    matched_by: r.matched_by,
                    word_authors: r.paragraph.authors.iter().map(|(a, _)| a.clone()).collect(),
                })
                .collect(),
            unmatched,
            word_authors,
            author: author.id.clone(),
            recorded_by,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(number: usize, was: &str, proposed: &str) -> WordParagraph {
        WordParagraph { number, was: was.into(), proposed: proposed.into(), authors: Vec::new() }
    }

    #[test]
    fn paragraphs_match_by_text_then_by_place_when_close_and_never_by_guess() {
        let draft: Vec<String> = ["RECALLING Decision 17.C;", "URGES Parties to adopt laws;", "ENCOURAGES Parties to act;", "NOTES the report;"].map(String::from).to_vec();
        let word = vec![
            para(1, "CoP20 Doc. 1", "CoP20 Doc. 1"),
            para(2, "RECALLING Decision 17.C;", "RECALLING Decision 17.C;"),
            para(3, "URGES [Parties] to adopt laws;", "URGES Parties to adopt strict laws;"),
            para(4, "ENCOURAGES all Parties to act;", "ENCOURAGES all Parties to act now;"),
            para(5, "Something else entirely here.", "Something else."),
            para(6, "", "A new paragraph."),
        ];
        let got = match_paragraphs(&word, &draft);
        assert_eq!(got[2], Ok((1, "text")));
        assert_eq!(got[3], Ok((2, "position")));
        assert!(got[4].as_ref().is_err_and(|why| why.contains("nor is it close")), "{:?}", got[4]);
        assert!(got[5].as_ref().is_err_and(|why| why.contains("added in the Word file")), "{:?}", got[5]);
    }

    #[test]
    fn the_body_names_the_word_authors_and_dates() {
        let mut p = para(1, "a", "b");
        p.authors = vec![("Jane Doe".into(), vec!["2026-11-20".into()]), ("John Roe".into(), vec![])];
        assert_eq!(body(&p, "text"), "Tracked changes by Jane Doe (2026-11-20) and John Roe in the returned Word draft.");
    }
}
