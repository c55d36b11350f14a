//! Tauri commands: thin adapters from IPC calls to the session; no logic of their own.

use caucus::DraftView;
use tauri::State;

use crate::dto::ErrorDto;
use crate::session::Session;

/// The sample workshop's draft, serialised as `caucus::DraftView`.
#[tauri::command]
pub async fn draft_view(session: State<'_, Session>) -> Result<DraftView, ErrorDto> {
    let result = session.draft_view();
    if let Err(err) = &result {
        tracing::warn!(command = "draft_view", code = err.code, "command failed");
    }
    result
}
