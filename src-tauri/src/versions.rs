//! The draft's French and Spanish versions in the window (issue #15 §2): the side-by-side view's commands and their types — thin adapters over `caucus::Workshop`'s version operations.

use caucus::cites::Lang;
use caucus::model::version::{Aligned, Alignment};
use caucus::policy::Action;
use caucus::DocName;
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use crate::commands::run;
use crate::dto::ErrorDto;
use crate::session::Session;

/// A language version's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "VersionLang")]
pub enum LangDto {
    Fr,
    Es,
}

impl From<LangDto> for Lang {
    fn from(l: LangDto) -> Lang {
        match l {
            LangDto::Fr => Lang::Fr,
            LangDto::Es => Lang::Es,
        }
    }
}

/// Where a paragraph's translation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "Alignment")]
pub enum AlignmentDto {
    Current,
    Outdated,
    Missing,
}

/// One run of a word diff of the original since it was translated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "WordChange")]
pub struct WordChangeDto {
    /// `equal`, `inserted` or `deleted`.
    pub kind: String,
    pub text: String,
}

/// One original paragraph beside its translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "VersionParagraph")]
pub struct VersionParagraphDto {
    pub paragraph: String,
    pub number: Option<String>,
    pub kind: String,
    /// The original's visible text now, `[` `]` around its brackets.
    pub original: String,
    pub status: AlignmentDto,
    /// The translation, `[` `]` around its brackets.
    pub text: Option<String>,
    pub by: Option<String>,
    pub at: Option<String>,
    /// For an outdated paragraph: what changed in the original, word by word.
    pub changes: Vec<WordChangeDto>,
    pub brackets_changed: bool,
}

impl From<Aligned> for VersionParagraphDto {
    fn from(a: Aligned) -> Self {
        VersionParagraphDto {
            paragraph: a.paragraph,
            number: a.number,
            kind: a.kind.to_string(),
            original: a.original,
            status: match a.status {
                Alignment::Current => AlignmentDto::Current,
                Alignment::Outdated => AlignmentDto::Outdated,
                Alignment::Missing => AlignmentDto::Missing,
            },
            text: a.translation.as_ref().map(|t| t.text.clone()),
            by: a.translation.as_ref().map(|t| t.by.clone()),
            at: a.translation.as_ref().map(|t| t.at.clone()),
            changes: a.changes.into_iter().map(|c| WordChangeDto { kind: c.kind.to_string(), text: c.text }).collect(),
            brackets_changed: a.brackets_changed,
        }
    }
}

/// One language version's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "VersionSummary")]
pub struct VersionSummaryDto {
    pub lang: LangDto,
    pub current: u32,
    pub outdated: u32,
    pub missing: u32,
    /// Translations of paragraphs since deleted from the original (kept, never exported).
    pub orphans: u32,
}

/// The versions the workshop holds, and what this device may do with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Versions")]
pub struct VersionsDto {
    pub versions: Vec<VersionSummaryDto>,
    /// This device's role writes the versions (a translator, the Secretariat, the chair).
    pub can_write: bool,
}

/// One version, paragraph by paragraph beside the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "VersionView")]
pub struct VersionViewDto {
    pub summary: VersionSummaryDto,
    pub paragraphs: Vec<VersionParagraphDto>,
    pub can_write: bool,
}

fn lang_dto(lang: Lang) -> Option<LangDto> {
    match lang {
        Lang::Fr => Some(LangDto::Fr),
        Lang::Es => Some(LangDto::Es),
        Lang::En => None,
    }
}

fn summary(s: &caucus::VersionStatus) -> Option<VersionSummaryDto> {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Some(VersionSummaryDto {
        lang: lang_dto(s.lang)?,
        current: count(s.current),
        outdated: count(s.outdated),
        missing: count(s.missing),
        orphans: count(s.orphans.len()),
    })
}

impl Session {
    fn can_write_versions(&self) -> Result<bool, ErrorDto> {
        let opened = self.opened()?;
        Ok(opened.role.is_some_and(|role| caucus::policy::permits(role, Action::Write(DocName::VersionFr)).is_ok()))
    }

    pub(crate) fn versions(&self) -> Result<VersionsDto, ErrorDto> {
        let workshop = self.workshop()?;
        let mut versions = Vec::new();
        for (lang, _) in workshop.languages() {
            versions.extend(summary(&workshop.version_status(lang)?));
        }
        Ok(VersionsDto { versions, can_write: self.can_write_versions()? })
    }

    pub(crate) fn version_view(&self, lang: LangDto) -> Result<VersionViewDto, ErrorDto> {
        let status = self.workshop()?.version_status(lang.into())?;
        let summary = summary(&status).ok_or_else(|| ErrorDto::from(caucus::Error::Invalid("the original has no version view".into())))?;
        Ok(VersionViewDto { summary, paragraphs: status.paragraphs.into_iter().map(VersionParagraphDto::from).collect(), can_write: self.can_write_versions()? })
    }
}

/// The versions the workshop holds, with their counts (the top bar's and the view's).
#[tauri::command]
pub async fn versions_list(session: State<'_, Session>) -> Result<VersionsDto, ErrorDto> {
    run("versions_list", session, Session::versions).await
}

/// Adds the French or Spanish version (a translator, the Secretariat or the chair).
#[tauri::command]
pub async fn version_add(session: State<'_, Session>, lang: LangDto) -> Result<VersionsDto, ErrorDto> {
    run("version_add", session, move |s| {
        s.workshop()?.add_language(lang.into())?;
        s.versions()
    })
    .await
}

/// One version beside the original, paragraph by paragraph.
#[tauri::command]
pub async fn version_view(session: State<'_, Session>, lang: LangDto) -> Result<VersionViewDto, ErrorDto> {
    run("version_view", session, move |s| s.version_view(lang)).await
}

/// Translates one paragraph (by id); `[` `]` around each of the original paragraph's brackets.
/// With `replaces` (the translation the person began revising, "" for none), only while the
/// paragraph's translation is still that one (`lang.changed_since` otherwise, nothing written).
#[tauri::command]
pub async fn version_translate(session: State<'_, Session>, lang: LangDto, paragraph: String, text: String, replaces: Option<String>) -> Result<VersionParagraphDto, ErrorDto> {
    run("version_translate", session, move |s| {
        let w = s.workshop()?;
        let aligned = match replaces {
            Some(base) => w.revise_paragraph(lang.into(), &paragraph, &text, &base)?,
            None => w.translate_paragraph(lang.into(), &paragraph, &text)?,
        };
        Ok(VersionParagraphDto::from(aligned))
    })
    .await
}

#[cfg(test)]
pub(crate) fn typescript_decls(cfg: &ts_rs::Config) -> Vec<String> {
    let decl = |docs: Option<String>, d: String| format!("{}export {d}\n", docs.unwrap_or_default());
    vec![
        decl(LangDto::docs(), LangDto::decl(cfg)),
        decl(AlignmentDto::docs(), AlignmentDto::decl(cfg)),
        decl(WordChangeDto::docs(), WordChangeDto::decl(cfg)),
        decl(VersionParagraphDto::docs(), VersionParagraphDto::decl(cfg)),
        decl(VersionSummaryDto::docs(), VersionSummaryDto::decl(cfg)),
        decl(VersionsDto::docs(), VersionsDto::decl(cfg)),
        decl(VersionViewDto::docs(), VersionViewDto::decl(cfg)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_shows_its_french_version_side_by_side_and_the_chair_translates_the_missing_paragraph() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        let versions = session.versions().expect("versions");
        assert!(versions.can_write, "the sample's device is the chair");
        assert_eq!(versions.versions.len(), 1);
        let fr = &versions.versions[0];
        assert_eq!((fr.lang, fr.outdated, fr.missing), (LangDto::Fr, 1, 1));

        let view = session.version_view(LangDto::Fr).expect("view");
        let outdated = view.paragraphs.iter().find(|p| p.status == AlignmentDto::Outdated).expect("outdated");
        assert!(outdated.changes.iter().any(|c| c.kind == "inserted" && c.text.contains("campaigns")), "{:?}", outdated.changes);
        let missing = view.paragraphs.iter().find(|p| p.status == AlignmentDto::Missing).expect("missing").paragraph.clone();
        let translated = session
            .workshop()
            .expect("open")
            .translate_paragraph(Lang::Fr, &missing, "la collecte, la conservation et l'analyse des preuves numériques;")
            .expect("translate");
        assert_eq!(translated.status, Alignment::Current);
        assert_eq!(session.versions().expect("versions").versions[0].missing, 0);
        assert_eq!(session.version_view(LangDto::Es).expect_err("no Spanish version").code, "lang.not_added");
    }
}
