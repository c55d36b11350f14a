//! Entry point of the Caucus desktop app: logging, the core session, and the Tauri window.

// No console window beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dto;
mod export_file;
mod rendering;
mod session;

use anyhow::Context as _;
use tracing_subscriber::EnvFilter;

fn main() -> anyhow::Result<()> {
    // Before any thread starts: the environment is read by WebKit when the window opens.
    let software = rendering::prefer_software_path();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();

    if software {
        tracing::info!("no GPU render node: WebKit's non-composited path");
    }
    let session = session::Session::start();
    tauri::Builder::default()
        .manage(session)
        .invoke_handler(tauri::generate_handler![
            commands::draft_view,
            commands::milestones_list,
            commands::milestone_create,
            commands::compare,
            commands::export_draft,
            commands::workshops_list,
            commands::workshop_current,
            commands::workshop_open,
            commands::workshop_create,
            commands::workshop_join,
            commands::workshop_import,
            commands::members_list,
            commands::member_add,
            commands::member_remove,
            commands::invite_create,
            commands::comment_add,
            commands::comment_reply,
            commands::comment_resolve,
            commands::sync_status_watch,
            commands::sync_go_online,
            commands::sync_go_offline,
            commands::lan_peers,
            commands::lan_host,
            commands::lan_host_status,
            commands::collab_open,
            commands::collab_send,
        ])
        .run(tauri::generate_context!())
        .context("running the Caucus window")
}
