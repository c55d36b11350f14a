//! Entry point of the Caucus desktop app: logging, the core session, and the Tauri window.

// No console window beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dto;
mod export_file;
mod session;

use anyhow::Context as _;
use tracing_subscriber::EnvFilter;

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();

    let session = session::Session::start();
    tauri::Builder::default()
        .manage(session)
        .invoke_handler(tauri::generate_handler![
            commands::draft_view,
            commands::milestones_list,
            commands::milestone_create,
            commands::compare,
            commands::export_draft,
        ])
        .run(tauri::generate_context!())
        .context("running the Caucus window")
}
