//! Entry point of the Caucus desktop app: logging, one app per data directory (a second start focuses the first), the core session, and the Tauri window.

// No console window beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod close_guard;
mod commands;
mod dto;
mod export_file;
mod files;
mod instance;
mod invite_link;
mod lan;
mod link;
mod locale;
mod rendering;
mod session;
mod versions;
/// The core's fault-injecting SQLite VFS (a full disk under the window's recovery).
#[cfg(test)]
#[path = "../../tests/it/faultfs/mod.rs"]
#[allow(dead_code)]
mod faultfs;

use std::time::{Duration, Instant};

use anyhow::Context as _;
use caucus::store::StoreError;
use caucus::workshop::Caucus;
use caucus::Coded;
use tauri::Manager as _;
use tauri_plugin_deep_link::DeepLinkExt as _;
use tracing_subscriber::EnvFilter;

/// How the core's lock names this program (`caucus::store::lock::this_program`).
const APP_HOLDER: &str = "the Caucus app";
/// How long the first app waits for its window to get the focus it asked for.
const FOCUS_WAIT: Duration = Duration::from_secs(3);

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
    let (data_dir, core) = match Caucus::data_dir_from_env() {
        Ok(dir) => {
            let core = Caucus::open(&dir);
            (Some(dir), core)
        }
        Err(err) => (None, Err(err)),
    };
    // A second start on a data directory the app holds: the first shows its window; this exits.
    if let (Some(dir), Err(err)) = (&data_dir, &core) {
        if held_by_the_app(err) {
            match instance::hand_over(dir, std::env::args().skip(1).collect(), instance::CONNECT_WAIT) {
                Ok(reply) => {
                    tracing::info!(pid = reply.pid, focused = reply.focused, "the app already runs on this data directory");
                    println!(
                        "Caucus already runs on {} (process {}); its window is brought to the front.",
                        dir.display(),
                        reply.pid
                    );
                    return Ok(());
                }
                // The window opens with the data directory's error (store.in_use, naming the app).
                Err(e) => tracing::error!(code = e.code(), error = %e, "the app holding the data directory did not answer"),
            }
        }
    }
    let listener = match (&data_dir, &core) {
        (Some(dir), Ok(_)) => match instance::Listener::bind(dir) {
            Ok(l) => Some(l),
            Err(e) => {
                tracing::warn!(code = e.code(), error = %e, "a second start will not find this window");
                None
            }
        },
        _ => None,
    };
    let socket_file = listener.as_ref().map(|l| l.file().to_path_buf());
    let shown_dir = data_dir.as_ref().map(|d| d.display().to_string()).unwrap_or_default();
    let session = match (&data_dir, core) {
        (Some(dir), core) => {
            tracing::info!(data_dir = %dir.display(), "opening core");
            session::Session::with_core(dir, core)
        }
        // Without a data directory there is no core: its error is what the window shows.
        (None, core) => session::Session::without_data_dir(core.err().unwrap_or(caucus::Error::NoDataDir)),
    };
    let context = tauri::generate_context!();
    // The version Tauri knows (tauri.conf.json has none: the crate's, i.e. the workspace's).
    let about = dto::AboutDto {
        version: context.package_info().version.to_string(),
        licence: env!("CARGO_PKG_LICENSE").to_string(),
        data_dir: data_dir.as_ref().map(|d| d.display().to_string()),
    };
    // An invitation link this start was given (`caucus-app caucus://join?token=…`, as the system
    // runs the installed app for a clicked link): for the window once it listens.
    let links = invite_link::InviteLinks::default();
    for link in invite_link::links_in(&std::env::args().skip(1).collect::<Vec<_>>()) {
        links.arrived(link);
    }
    let app = tauri::Builder::default()
        .manage(session)
        .manage(about)
        .manage(links)
        // The `caucus:` scheme (tauri.conf.json plugins.deep-link): the installers register it;
        // on macOS the system hands a clicked link over as an event, forwarded below.
        .plugin(tauri_plugin_deep_link::init())
        .manage(files::Drops::default())
        .manage(files::Exported::default())
        // The Save and Open dialogs, shown from the app's commands only: the window's capability
        // grants none of the plugin's own commands.
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(|window, event| match event {
            // A file dropped on the window waits in the shell; the window is told its name.
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                window.state::<files::Drops>().dropped(paths);
            }
            // Edits the core could not save are lost with the window: it asks first.
            tauri::WindowEvent::CloseRequested { api, .. } => close_guard::close_requested(window, api),
            _ => {}
        })
        .setup(move |app| {
            let handle = app.handle().clone();
            app.deep_link().on_open_url(move |event| {
                let urls: Vec<String> = event.urls().iter().map(|u| u.to_string()).collect();
                for link in invite_link::links_in(&urls) {
                    handle.state::<invite_link::InviteLinks>().arrived(link);
                }
            });
            // `cargo run` builds are not installed: CAUCUS_REGISTER_LINKS=1 registers this binary
            // as the `caucus:` handler of this desktop session (Linux, Windows).
            #[cfg(any(target_os = "linux", windows))]
            if std::env::var_os("CAUCUS_REGISTER_LINKS").is_some_and(|v| v == "1") {
                if let Err(e) = app.deep_link().register_all() {
                    tracing::warn!(error = %e, "could not register the caucus: link handler");
                }
            }
            if let Some(listener) = listener {
                let handle = app.handle().clone();
                listener.serve(move |args| focus_main_window(&handle, args));
            }
            // The config's window exists by now (Tauri builds it before this hook): what
            // `scripts/run-app.sh` tells a newcomer to look for, and its test waits for.
            tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %shown_dir, "ready");
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::draft_view,
            commands::milestones_list,
            commands::milestone_create,
            commands::compare,
            commands::milestone_restore,
            commands::milestone_revert,
            commands::draft_renumber,
            commands::bracket_choose,
            commands::workshop_log,
            commands::negotiation_status,
            commands::since_seen,
            commands::mark_seen,
            commands::export_draft,
            commands::export_draft_save,
            commands::export_open,
            commands::export_reveal,
            commands::workshops_list,
            commands::workshop_current,
            commands::workshop_open,
            commands::workshop_create,
            commands::workshop_join,
            commands::workshop_import,
            commands::file_pick,
            commands::drop_watch,
            commands::file_import_draft,
            commands::file_import_table,
            commands::word_proposals_import,
            commands::members_list,
            commands::member_add,
            commands::member_remove,
            commands::invite_create,
            commands::comment_add,
            commands::comment_reply,
            commands::comment_resolve,
            commands::comment_support,
            commands::comment_outcome,
            commands::comment_proposal_target,
            commands::comment_apply,
            commands::comment_table_export,
            commands::comment_table_import,
            commands::comment_table_save,
            commands::stage_show,
            commands::stage_set,
            commands::stage_watch,
            commands::versions_watch,
            commands::sync_status_watch,
            commands::sync_go_online,
            commands::sync_go_offline,
            commands::lan_peers,
            commands::lan_host,
            commands::lan_host_status,
            commands::collab_open,
            commands::collab_send,
            commands::app_about,
            commands::app_locale,
            commands::app_locale_set,
            commands::window_typed,
            commands::join_link_watch,
            versions::versions_list,
            versions::version_add,
            versions::version_view,
            versions::version_translate,
        ])
        .build(context)
        .context("building the Caucus window")?;
    app.run(move |_, event| {
        if let tauri::RunEvent::Exit = event {
            if let Some(file) = &socket_file {
                instance::remove(file);
            }
        }
    });
    Ok(())
}

/// Whether the core could not open because another Caucus app holds the data directory.
fn held_by_the_app(err: &caucus::Error) -> bool {
    matches!(err, caucus::Error::Store(StoreError::InUse { holder, .. }) if holder.program == APP_HOLDER)
}

/// A second start asked for this app: shows, unminimizes and focuses the main window, and says
/// whether it has the focus (the window system gives it asynchronously: waited for, briefly).
/// `args` are the second start's arguments: an invitation link among them goes to the window.
fn focus_main_window(app: &tauri::AppHandle, args: Vec<String>) -> bool {
    tracing::debug!(args = args.len(), "second start");
    for link in invite_link::links_in(&args) {
        app.state::<invite_link::InviteLinks>().arrived(link);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = app.clone();
    let asked = app.run_on_main_thread(move || {
        let shown = match handle.get_webview_window("main") {
            Some(window) => {
                let unminimized = window.unminimize();
                let shown = window.show();
                let focused = window.set_focus();
                if let Some(e) = [unminimized, shown, focused].into_iter().find_map(Result::err) {
                    tracing::warn!(error = %e, "bringing the window to the front");
                }
                true
            }
            None => false,
        };
        let _ = tx.send(shown);
    });
    if asked.is_err() || !rx.recv_timeout(FOCUS_WAIT).unwrap_or(false) {
        return false;
    }
    let deadline = Instant::now() + FOCUS_WAIT;
    loop {
        let focused = app.get_webview_window("main").and_then(|w| w.is_focused().ok()).unwrap_or(false);
        if focused || Instant::now() >= deadline {
            return focused;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
