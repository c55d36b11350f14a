//! The workshop this window shows, opened once at start and held as Tauri managed state: the draft, its milestones, compare and export.

use std::path::{Path, PathBuf};

use caucus::export::docx::RevisionMarks;
use caucus::export::ir::Document;
use caucus::export::{ExportOptions, Format};
use caucus::model::roster::Role;
use caucus::workshop::{Caucus, Workshop};
use caucus::DraftView;

use crate::dto::{codes, ErrorDto, ExportedDto, MilestoneDto, MilestonesDto};
use crate::export_file;

/// The open sample workshop, or the error that kept it from opening. A failed start still opens
/// the window, so that the person sees the error (and its code) instead of a silent exit.
/// Cheap to clone (the core's handles are shared), so commands can run it off the async runtime.
#[derive(Clone)]
pub struct Session {
    opened: Result<Opened, ErrorDto>,
    /// Where exports are saved.
    export_dir: PathBuf,
}

#[derive(Clone)]
struct Opened {
    caucus: Caucus,
    workshop: Workshop,
}

/// What the export dialog asks for, as the UI sends it (validated here, not by serde, so that a
/// bad value comes back as `{code, message}`).
#[derive(Debug, Clone, Default)]
pub struct ExportRequest {
    /// `md`, `html`, `docx`, `pdf` or `akn`.
    pub format: String,
    /// Milestone whose changes to show; none (or empty) for a clean text.
    pub since: Option<String>,
    /// `tracked` or `visual` (DOCX only).
    pub marks: String,
    /// Include the open comment threads.
    pub comments: bool,
}

impl Session {
    /// Opens the session in the data directory from `CAUCUS_DATA_DIR`, else the platform's;
    /// exports go to `CAUCUS_EXPORT_DIR`, else Documents/Caucus, else the data dir's `exports/`.
    pub fn start() -> Self {
        match Caucus::data_dir_from_env() {
            Ok(dir) => Self::open(&dir),
            Err(err) => {
                let export_dir = export_file::export_dir_from_env(Path::new("."));
                Self::from_result(Err(err), export_dir)
            }
        }
    }

    /// Opens the core in `data_dir` and the built-in sample workshop, creating it on first start.
    pub fn open(data_dir: &Path) -> Self {
        let export_dir = export_file::export_dir_from_env(data_dir);
        Self::from_result(open_sample(data_dir), export_dir)
    }

    /// The same session saving its exports in `dir`.
    #[cfg(test)]
    pub fn with_export_dir(mut self, dir: &Path) -> Self {
        self.export_dir = dir.to_path_buf();
        self
    }

    fn from_result(opened: Result<Opened, caucus::Error>, export_dir: PathBuf) -> Self {
        let opened = opened.map_err(|err| {
            let dto = ErrorDto::from(err);
            tracing::error!(code = dto.code, "could not open the sample workshop");
            dto
        });
        Session { opened, export_dir }
    }

    fn opened(&self) -> Result<&Opened, ErrorDto> {
        self.opened.as_ref().map_err(Clone::clone)
    }

    fn workshop(&self) -> Result<&Workshop, ErrorDto> {
        Ok(&self.opened()?.workshop)
    }

    /// The draft as a reader sees it, with computed numbering.
    pub fn draft_view(&self) -> Result<DraftView, ErrorDto> {
        self.workshop()?.view().map_err(ErrorDto::from)
    }

    /// Every milestone, oldest first, with who froze it; and whether this device may freeze one.
    pub fn milestones(&self) -> Result<MilestonesDto, ErrorDto> {
        let workshop = self.workshop()?;
        let members = workshop.members();
        let name_of = |id: &str| members.iter().find(|m| m.id == id).map(|m| m.full_name());
        let milestones = workshop
            .milestones()?
            .into_iter()
            .map(|m| MilestoneDto { created_by_name: name_of(&m.created_by), name: m.name, created: m.created, created_by: m.created_by })
            .collect();
        Ok(MilestonesDto { milestones, can_create: self.is_chair()? })
    }

    /// Whether this device's member is the workshop's chair.
    fn is_chair(&self) -> Result<bool, ErrorDto> {
        let workshop = self.workshop()?;
        let me = match workshop.me() {
            Ok(me) => me,
            Err(caucus::Error::NoIdentity(_)) => return Ok(false),
            Err(err) => return Err(err.into()),
        };
        Ok(workshop.members().iter().any(|m| m.id == me && m.role == Role::Chair && m.removed.is_none()))
    }

    /// Freezes the draft as it is now under `name`; only the chair may.
    pub fn create_milestone(&self, name: &str) -> Result<MilestonesDto, ErrorDto> {
        if !self.is_chair()? {
            return Err(ErrorDto::new(codes::CHAIR_ONLY, "Only the chair of the workshop freezes milestones."));
        }
        self.workshop()?.create_milestone(name)?;
        tracing::info!("milestone created");
        self.milestones()
    }

    /// The draft with the changes since milestone `from` (up to milestone `to`, or now).
    pub fn compare(&self, from: &str, to: Option<&str>) -> Result<Document, ErrorDto> {
        let to = to.map(str::trim).filter(|t| !t.is_empty());
        self.workshop()?.compare(from, to).map_err(ErrorDto::from)
    }

    /// Renders the draft as asked and saves it in the export folder under a new name.
    pub fn export(&self, request: &ExportRequest) -> Result<ExportedDto, ErrorDto> {
        let opened = self.opened()?;
        let format: Format = request.format.parse().map_err(|msg: String| ErrorDto::from(caucus::Error::Invalid(msg)))?;
        let mut options = ExportOptions::new(format);
        options.since = request.since.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        options.comments = request.comments;
        options.marks = match request.marks.as_str() {
            "tracked" | "" => RevisionMarks::Tracked,
            "visual" => RevisionMarks::Visual,
            other => {
                let msg = format!("unknown revision marks `{other}` (expected tracked or visual)");
                return Err(caucus::Error::Invalid(msg).into());
            }
        };
        let bytes = opened.workshop.export(&options)?;
        let stem = export_file::file_stem(&opened.workshop.meta().symbol, &opened.caucus.host().timestamp());
        let path = export_file::write_new(&self.export_dir, &stem, format.extension(), &bytes).map_err(|err| {
            ErrorDto::new(codes::EXPORT_WRITE, format!("Could not save the export in {}: {err}", self.export_dir.display()))
        })?;
        tracing::info!(format = format.as_str(), bytes = bytes.len(), path = %path.display(), "draft exported");
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(ExportedDto { path: path.to_string_lossy().into_owned(), file_name, bytes: bytes.len(), format: format.as_str() })
    }
}

fn open_sample(data_dir: &Path) -> Result<Opened, caucus::Error> {
    tracing::info!(data_dir = %data_dir.display(), "opening core");
    let caucus = Caucus::open(data_dir)?;
    let workshop = caucus.open_sample()?;
    Ok(Opened { caucus, workshop })
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

    fn workshop(session: &Session) -> &Workshop {
        session.workshop().expect("the sample is open")
    }

    /// Paragraph 8 of the sample is operative "1. URGES Parties to:" (as in tests/e2e).
    const URGES_AT: usize = 7;

    #[test]
    fn the_chair_freezes_a_milestone_and_the_panel_lists_it_with_who_froze_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());

        let empty = session.milestones().expect("milestones");
        assert!(empty.can_create, "the sample's device is the chair");
        let before = empty.milestones.len();

        let after = session.create_milestone("  Report to SC70 ").expect("create");
        assert_eq!(after.milestones.len(), before + 1);
        let made = after.milestones.last().expect("the new milestone");
        assert_eq!(made.name, "Report to SC70");
        assert!(made.created.ends_with('Z'), "RFC 3339 in UTC: {}", made.created);
        assert!(made.created_by_name.as_deref().is_some_and(|n| n.contains("Dunmere")), "{made:?}");

        let again = session.create_milestone("Report to SC70").expect_err("names are unique");
        assert_eq!(again.code, "milestone.exists");
        assert_eq!(session.create_milestone("   ").expect_err("a name is needed").code.split('.').next(), Some("input"));

        // Another start on the same data dir sees it.
        let reopened = Session::open(dir.path()).milestones().expect("milestones");
        assert!(reopened.milestones.iter().any(|m| m.name == "Report to SC70"));
    }

    #[test]
    fn compare_marks_the_words_inserted_since_a_milestone_with_their_delegation() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        session.create_milestone("Report to SC70").expect("create");
        assert_eq!(workshop(&session).view().expect("view").paragraphs[URGES_AT].para.text(), "URGES Parties to:");
        workshop(&session).set_text(URGES_AT, "URGES all Parties to:").expect("edit");

        let doc = session.compare("Report to SC70", None).expect("compare");
        let json = serde_json::to_value(&doc).expect("serialise");
        let block = json["blocks"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|b| b["kind"] == "operative" && b["number"] == "1.")
            .expect("operative paragraph 1");
        let inserted: Vec<&serde_json::Value> =
            block["runs"].as_array().into_iter().flatten().filter(|r| r["change"]["kind"] == "inserted").collect();
        assert_eq!(inserted.len(), 1, "{block}");
        assert_eq!(inserted[0]["text"].as_str().map(str::trim), Some("all"));
        assert_eq!(inserted[0]["change"]["author"], "Dunmere");
        assert_eq!(json["revisions"]["since"], "Report to SC70");

        assert_eq!(session.compare("SC69", None).expect_err("no such milestone").code, "milestone.not_found");
    }

    #[test]
    fn export_writes_a_new_file_named_after_the_symbol_and_the_date() {
        let dir = tempfile::tempdir().expect("temp dir");
        let exports = dir.path().join("out");
        let session = Session::open(&dir.path().join("data")).with_export_dir(&exports);
        session.create_milestone("Report to SC70").expect("create");
        workshop(&session).set_text(URGES_AT, "URGES all Parties to:").expect("edit");

        let request = ExportRequest {
            format: "docx".into(),
            since: Some("Report to SC70".into()),
            marks: "tracked".into(),
            comments: true,
        };
        let first = session.export(&request).expect("export");
        let path = PathBuf::from(&first.path);
        assert_eq!(path.parent(), Some(exports.as_path()));
        let name = first.file_name.as_str();
        assert!(name.starts_with("CoP18-Doc-79.1-Annex-20") && name.ends_with(".docx"), "{name}");
        let bytes = std::fs::read(&path).expect("the file exists");
        assert_eq!(bytes.len(), first.bytes);
        assert_eq!(&bytes[..2], b"PK");

        let second = session.export(&request).expect("export again");
        assert_ne!(second.path, first.path, "never overwrites");
        assert!(second.file_name.ends_with("-2.docx"), "{}", second.file_name);

        let akn = session
            .export(&ExportRequest { format: "akn".into(), marks: "visual".into(), ..ExportRequest::default() })
            .expect("akn");
        assert!(akn.file_name.ends_with(".xml"), "{}", akn.file_name);

        let bad = ExportRequest { format: "rtf".into(), ..request.clone() };
        assert_eq!(session.export(&bad).expect_err("unknown format").code, "input.invalid");
        let bad = ExportRequest { marks: "red".into(), ..request.clone() };
        assert_eq!(session.export(&bad).expect_err("unknown marks").code, "input.invalid");
        let bad = ExportRequest { since: Some("SC69".into()), ..request };
        assert_eq!(session.export(&bad).expect_err("unknown milestone").code, "milestone.not_found");
    }

    #[test]
    fn an_export_folder_that_cannot_be_made_gives_a_code() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a-file");
        std::fs::write(&file, b"not a folder").expect("write");
        let session = Session::open(&dir.path().join("data")).with_export_dir(&file.join("sub"));
        let request = ExportRequest { format: "md".into(), ..ExportRequest::default() };
        assert_eq!(session.export(&request).expect_err("no folder").code, codes::EXPORT_WRITE);
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
        assert_eq!(session.milestones().expect_err("milestones"), err);
        assert_eq!(session.create_milestone("x").expect_err("create"), err);
        assert_eq!(session.compare("x", None).expect_err("compare"), err);
        let request = ExportRequest { format: "md".into(), ..ExportRequest::default() };
        assert_eq!(session.export(&request).expect_err("export"), err);
    }
}
