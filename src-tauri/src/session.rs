//! The workshop this window shows, opened once at start and held as Tauri managed state.

use std::path::Path;

use caucus::workshop::{Caucus, Workshop};
use caucus::DraftView;

use crate::dto::ErrorDto;

/// The open sample workshop, or the error that kept it from opening. A failed start still opens
/// the window, so that the person sees the error (and its code) instead of a silent exit.
pub struct Session {
    workshop: Result<Workshop, ErrorDto>,
}

impl Session {
    /// Opens the session in the data directory from `CAUCUS_DATA_DIR`, else the platform's.
    pub fn start() -> Self {
        match Caucus::data_dir_from_env() {
            Ok(dir) => Self::open(&dir),
            Err(err) => Self::from_result(Err(err)),
        }
    }

    /// Opens the core in `data_dir` and the built-in sample workshop, creating it on first start.
    pub fn open(data_dir: &Path) -> Self {
        Self::from_result(open_sample(data_dir))
    }

    fn from_result(opened: Result<Workshop, caucus::Error>) -> Self {
        let workshop = opened.map_err(|err| {
            let dto = ErrorDto::from(err);
            tracing::error!(code = dto.code, "could not open the sample workshop");
            dto
        });
        Session { workshop }
    }

    /// The draft as a reader sees it, with computed numbering.
    pub fn draft_view(&self) -> Result<DraftView, ErrorDto> {
        let workshop = self.workshop.as_ref().map_err(Clone::clone)?;
        workshop.view().map_err(ErrorDto::from)
    }
}

fn open_sample(data_dir: &Path) -> Result<Workshop, caucus::Error> {
    tracing::info!(data_dir = %data_dir.display(), "opening core");
    Caucus::open(data_dir)?.open_sample()
}

#[cfg(test)]
mod tests {
    use super::*;
    use caucus::ParaKind;

    #[test]
    fn draft_view_shows_the_sample_resolution_without_a_window() {
        let dir = tempfile::tempdir().expect("temp dir");
        let view = Session::open(dir.path()).draft_view().expect("sample draft");

        let title = view.paragraphs.iter().find(|p| p.para.kind == ParaKind::Title).expect("a title paragraph");
        assert_eq!(title.para.text(), "DRAFT RESOLUTION ON COMBATING WILDLIFE CYBERCRIME");
        let first = view.paragraphs.iter().find(|p| p.para.kind == ParaKind::Operative).expect("operative part");
        assert_eq!(first.number.as_deref(), Some("1."));
    }

    /// The webview reads this JSON through ui/src/ipc/types.ts: keep the two in step.
    #[test]
    fn draft_view_json_has_the_shape_the_ui_reads() {
        let dir = tempfile::tempdir().expect("temp dir");
        let view = Session::open(dir.path()).draft_view().expect("sample draft");
        let json = serde_json::to_value(&view).expect("serialise");

        for key in ["title", "symbol", "meeting", "kind", "language"] {
            assert!(json["meta"][key].is_string(), "meta.{key}");
        }
        let para = &json["paragraphs"][0];
        for key in ["number", "id", "kind", "level", "label", "spans"] {
            assert!(para.get(key).is_some(), "paragraph key {key}");
        }
        assert!(para["spans"][0]["text"].is_string());
        assert!(json["brackets"].is_object());
        let bracketed = json["paragraphs"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|p| p["spans"].as_array().into_iter().flatten())
            .find_map(|s| s["marks"]["bracket"].as_str())
            .expect("the sample has bracketed text");
        assert!(json["brackets"][bracketed]["status"].is_string());
        assert!(json["brackets"][bracketed]["holders"].is_array());
    }

    #[test]
    fn a_second_start_reopens_the_same_sample() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = Session::open(dir.path()).draft_view().expect("first start");
        let again = Session::open(dir.path()).draft_view().expect("second start");
        assert_eq!(first, again);
    }

    #[test]
    fn a_core_that_cannot_open_gives_its_error_code_to_every_command() {
        let dir = tempfile::tempdir().expect("temp dir");
        let not_a_dir = dir.path().join("file");
        std::fs::write(&not_a_dir, b"not a data directory").expect("write file");

        let session = Session::open(&not_a_dir);
        let err = session.draft_view().expect_err("no workshop in a file");
        assert!(!err.code.is_empty());
        assert_eq!(session.draft_view().expect_err("same error again"), err);
    }
}
