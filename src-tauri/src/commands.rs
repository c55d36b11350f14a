//! Tauri commands: thin adapters from IPC calls to the session; no logic of their own.
//!
//! Each command runs the core on a blocking thread (saves wait for the disk, a PDF takes a
//! moment), so the async runtime stays free, and logs a failure by command and code only.

use caucus::export::ir::Document;
use caucus::DraftView;
use tauri::State;

use crate::dto::{codes, ErrorDto, ExportedDto, MilestonesDto};
use crate::session::{ExportRequest, Session};

async fn run<T, F>(command: &'static str, session: State<'_, Session>, f: F) -> Result<T, ErrorDto>
where
    T: Send + 'static,
    F: FnOnce(&Session) -> Result<T, ErrorDto> + Send + 'static,
{
    let session = session.inner().clone();
    let result = match tauri::async_runtime::spawn_blocking(move || f(&session)).await {
        Ok(result) => result,
        Err(err) => Err(ErrorDto::new(codes::TASK_FAILED, format!("The {command} command did not finish: {err}"))),
    };
    if let Err(err) = &result {
        tracing::warn!(command, code = err.code, "command failed");
    }
    result
}

/// The sample workshop's draft, serialised as `caucus::DraftView`.
#[tauri::command]
pub async fn draft_view(session: State<'_, Session>) -> Result<DraftView, ErrorDto> {
    run("draft_view", session, Session::draft_view).await
}

/// The milestones panel: every milestone and whether this device may freeze one.
#[tauri::command]
pub async fn milestones_list(session: State<'_, Session>) -> Result<MilestonesDto, ErrorDto> {
    run("milestones_list", session, Session::milestones).await
}

/// Freezes the draft as a milestone named `name`; returns the panel's new list.
#[tauri::command]
pub async fn milestone_create(session: State<'_, Session>, name: String) -> Result<MilestonesDto, ErrorDto> {
    run("milestone_create", session, move |s| s.create_milestone(&name)).await
}

/// The draft with the changes since milestone `from` (to milestone `to`, or now), as the
/// export IR (`caucus::export::ir::Document`).
#[tauri::command]
pub async fn compare(session: State<'_, Session>, from: String, to: Option<String>) -> Result<Document, ErrorDto> {
    run("compare", session, move |s| s.compare(&from, to.as_deref())).await
}

/// Exports the draft into the export folder; returns the file's path and size.
#[tauri::command]
pub async fn export_draft(
    session: State<'_, Session>,
    format: String,
    since: Option<String>,
    marks: String,
    comments: bool,
) -> Result<ExportedDto, ErrorDto> {
    let request = ExportRequest { format, since, marks, comments };
    run("export_draft", session, move |s| s.export(&request)).await
}
