//! Tauri commands: thin adapters from IPC calls to the session; no logic of their own.
//!
//! Each command runs the core on a blocking thread (saves wait for the disk, a PDF takes a
//! moment), so the async runtime stays free, and logs a failure by command and code only.

use std::sync::Arc;

use caucus::sync::bridge::Sink;
use tauri::ipc::{Channel, InvokeBody, InvokeResponseBody, Request};
use tauri::State;

use crate::dto::{
    codes, AboutDto, LocaleDto, JoinLinkDto, CollabDocDto, CommentTableRequestDto, CompareDocumentDto, DraftViewDto, ErrorDto, ExportRequestDto, ExportedDto, InvitationDto, LanHostDto, LogLineDto, MembersDto,
    MilestonesDto, NewCommentDto, NewMemberDto, PeerDto, PendingFileDto, ProposalTargetDto, RestoreReportDto, RevertReportDto, StageDto, StatusDto, SyncStatusDto, TableExportedDto,
    TableImportReportDto,
    WorkshopInfoDto, WorkshopSummaryDto,
};
use crate::files::{self, Drops, Exported, Filter};
use crate::invite_link::InviteLinks;
use crate::dto::{SeenPartDto, SinceSeenDto};
use crate::session::Session;

/// Runs `f` on a blocking thread; a failure is logged by command and code only.
pub(crate) async fn run<T, F>(command: &'static str, session: State<'_, Session>, f: F) -> Result<T, ErrorDto>
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

/// The open workshop's draft, with computed numbering.
#[tauri::command]
pub async fn draft_view(session: State<'_, Session>) -> Result<DraftViewDto, ErrorDto> {
    run("draft_view", session, |s| s.draft_view().map(DraftViewDto::from)).await
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
/// export IR (`caucus::export::ir::Document`) shows it.
#[tauri::command]
pub async fn compare(session: State<'_, Session>, from: String, to: Option<String>, author: Option<String>) -> Result<CompareDocumentDto, ErrorDto> {
    run("compare", session, move |s| s.compare(&from, to.as_deref(), author.as_deref()).map(CompareDocumentDto::from)).await
}

/// Brings back the draft, or one paragraph (by id), as it was at milestone `name` (the chair or
/// the Secretariat): a new change every member syncs, recorded in the log.
#[tauri::command]
pub async fn milestone_restore(session: State<'_, Session>, name: String, para: Option<String>) -> Result<RestoreReportDto, ErrorDto> {
    run("milestone_restore", session, move |s| s.restore(&name, para.as_deref()).map(RestoreReportDto::from)).await
}

/// Picks alternative `id` of its bracket's group (the chair or the Secretariat): it is agreed, the
/// others' words are deleted and they are withdrawn, every status set and the choice logged.
#[tauri::command]
pub async fn bracket_choose(session: State<'_, Session>, id: String) -> Result<(), ErrorDto> {
    run("bracket_choose", session, move |s| s.choose_alternative(&id)).await
}

/// Numbers the inserted paragraphs (2 bis, 2 ter) in sequence, as the milestone form offers before
/// freezing (the chair or the Secretariat; logged); returns how many.
#[tauri::command]
pub async fn draft_renumber(session: State<'_, Session>) -> Result<usize, ErrorDto> {
    run("draft_renumber", session, Session::renumber).await
}

/// Undoes `delegation`'s changes since milestone `name`, keeping everyone else's (the chair or the
/// Secretariat): a new change every member syncs, recorded in the log.
#[tauri::command]
pub async fn milestone_revert(session: State<'_, Session>, name: String, delegation: String) -> Result<RevertReportDto, ErrorDto> {
    run("milestone_revert", session, move |s| s.revert(&name, &delegation).map(RevertReportDto::from)).await
}

/// The workshop's log, oldest first: bracket statuses and packages, agreed marks, restores,
/// outcomes, stage changes and milestones (since milestone `since`, when given).
#[tauri::command]
pub async fn workshop_log(session: State<'_, Session>, since: Option<String>) -> Result<Vec<LogLineDto>, ErrorDto> {
    run("workshop_log", session, move |s| s.log(since.as_deref()).map(|l| l.into_iter().map(LogLineDto::from).collect())).await
}

/// Where the negotiation stands: counts by status, open brackets and their holders, comments
/// awaiting an outcome, the changes since the last milestone (the Status view).
#[tauri::command]
pub async fn negotiation_status(session: State<'_, Session>) -> Result<StatusDto, ErrorDto> {
    run("negotiation_status", session, |s| s.negotiation_status().map(StatusDto::from)).await
}

/// What others changed since this device's member last looked (issue #14 §5); the first time,
/// nothing (the workshop as it is now is recorded as seen).
#[tauri::command]
pub async fn since_seen(session: State<'_, Session>) -> Result<SinceSeenDto, ErrorDto> {
    run("since_seen", session, |s| s.since_seen().map(SinceSeenDto::from)).await
}

/// Records `part` (everything, the draft, the notes, or the thread `thread`) as seen now;
/// returns what is still new.
#[tauri::command]
pub async fn mark_seen(session: State<'_, Session>, part: SeenPartDto, thread: Option<String>) -> Result<SinceSeenDto, ErrorDto> {
    run("mark_seen", session, move |s| s.mark_seen(part, thread).map(SinceSeenDto::from)).await
}

/// Exports the draft into the export folder; returns the file's path and size.
#[tauri::command]
pub async fn export_draft(session: State<'_, Session>, request: ExportRequestDto) -> Result<ExportedDto, ErrorDto> {
    run("export_draft", session, move |s| s.export(&request)).await
}

/// Exports the draft where the person says in the system's Save dialog (opened in the folder
/// saved into last); `file.cancelled` when they cancel. Returns the file's path and size.
#[tauri::command]
pub async fn export_draft_save(
    window: tauri::WebviewWindow,
    session: State<'_, Session>,
    exported: State<'_, Exported>,
    request: ExportRequestDto,
) -> Result<ExportedDto, ErrorDto> {
    let saved = run("export_draft_save", session, move |s| {
        s.export_to(&request, |folder, name| {
            let extension = name.rsplit('.').next().unwrap_or_default();
            files::ask_save(&window, "Export the draft", folder, name, &Filter { label: "Export", extensions: &[extension] })
        })
    })
    .await?;
    exported.remember(std::path::Path::new(&saved.path));
    Ok(saved)
}

/// Opens a file this run exported with the system's application for it.
#[tauri::command]
pub async fn export_open(exported: State<'_, Exported>, path: String) -> Result<(), ErrorDto> {
    let path = exported.check(&path)?;
    blocking("export_open", move || files::open_exported(&path).map_err(ErrorDto::from)).await
}

/// Shows a file this run exported in the system's file manager.
#[tauri::command]
pub async fn export_reveal(exported: State<'_, Exported>, path: String) -> Result<(), ErrorDto> {
    let path = exported.check(&path)?;
    blocking("export_reveal", move || files::reveal_exported(&path).map_err(ErrorDto::from)).await
}

/// Runs `f` on a blocking thread (no session needed), logging a failure by code.
async fn blocking<T: Send + 'static>(command: &'static str, f: impl FnOnce() -> Result<T, ErrorDto> + Send + 'static) -> Result<T, ErrorDto> {
    let result = match tauri::async_runtime::spawn_blocking(f).await {
        Ok(result) => result,
        Err(err) => Err(ErrorDto::new(codes::TASK_FAILED, format!("The {command} command did not finish: {err}"))),
    };
    if let Err(err) = &result {
        tracing::warn!(command, code = err.code, "command failed");
    }
    result
}

// --- workshops ---------------------------------------------------------------------------------

/// Every workshop on this device.
#[tauri::command]
pub async fn workshops_list(session: State<'_, Session>) -> Result<Vec<WorkshopSummaryDto>, ErrorDto> {
    run("workshops_list", session, Session::workshops).await
}

/// The workshop open in the window (the last one opened, else the sample).
#[tauri::command]
pub async fn workshop_current(session: State<'_, Session>) -> Result<WorkshopInfoDto, ErrorDto> {
    run("workshop_current", session, Session::current).await
}

#[tauri::command]
pub async fn workshop_open(session: State<'_, Session>, id: String) -> Result<WorkshopInfoDto, ErrorDto> {
    run("workshop_open", session, move |s| s.open_workshop(&id)).await
}

#[tauri::command]
pub async fn workshop_create(
    session: State<'_, Session>,
    title: String,
    symbol: String,
    meeting: String,
) -> Result<WorkshopInfoDto, ErrorDto> {
    run("workshop_create", session, move |s| s.create_workshop(&title, &symbol, &meeting)).await
}

#[tauri::command]
pub async fn workshop_join(session: State<'_, Session>, token: String) -> Result<WorkshopInfoDto, ErrorDto> {
    run("workshop_join", session, move |s| s.join(&token)).await
}

/// Creates a workshop from a .txt, .md or Word file (read by the webview, no file-system access
/// here), its bytes the raw request body and its name the `caucus-file-name` header.
#[tauri::command]
pub async fn workshop_import(session: State<'_, Session>, request: Request<'_>) -> Result<WorkshopInfoDto, ErrorDto> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(ErrorDto::new(codes::BAD_REQUEST, "workshop_import takes the file as a raw body"));
    };
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ErrorDto::from(caucus::Error::Invalid(format!("the file is larger than {} MiB", MAX_IMPORT_BYTES >> 20))));
    }
    let file_name = request.headers().get("caucus-file-name").and_then(|v| v.to_str().ok()).map(percent_decode).unwrap_or_default();
    let bytes = bytes.clone();
    run("workshop_import", session, move |s| s.import_workshop(&file_name, &bytes)).await
}

/// Largest draft file the window imports.
const MAX_IMPORT_BYTES: usize = files::MAX_DRAFT_BYTES as usize;

/// Asks which file to import in the system's Open dialog (`purpose`: `draft` for a new
/// workshop's draft, `table` for a comment table, `word` for a returned Word draft; the dialog's filter follows it); the file then
/// waits, like a dropped one, for `file_import_draft` or `file_import_table`. `file.cancelled`
/// when the person cancels.
#[tauri::command]
pub async fn file_pick(window: tauri::WebviewWindow, session: State<'_, Session>, drops: State<'_, Drops>, purpose: String) -> Result<PendingFileDto, ErrorDto> {
    let (title, filter) = match purpose.as_str() {
        "draft" => ("Import a draft", Filter { label: "Drafts (Word, Markdown, text)", extensions: &["docx", "md", "markdown", "txt"] }),
        "table" => ("Import a comment table", Filter { label: "Comment tables (Word, Excel, CSV)", extensions: &["docx", "xlsx", "csv"] }),
        "word" => ("Import a returned Word draft", Filter { label: "Word drafts with tracked changes", extensions: &["docx"] }),
        other => return Err(ErrorDto::new(codes::BAD_REQUEST, format!("unknown purpose `{other}` (expected draft, table or word)"))),
    };
    let path = run("file_pick", session, move |s| files::ask_open(&window, title, &s.save_folder(), &filter).map_err(ErrorDto::from)).await?;
    Ok(drops.picked(&path)?)
}

/// Sends each file dropped on the window to `channel` (its number and name, never its path).
#[tauri::command]
pub fn drop_watch(drops: State<'_, Drops>, channel: Channel<PendingFileDto>) {
    drops.watch(channel);
}

/// Imports the waiting file `id` (dropped or picked) as a new workshop's draft.
#[tauri::command]
pub async fn file_import_draft(session: State<'_, Session>, drops: State<'_, Drops>, id: u32) -> Result<WorkshopInfoDto, ErrorDto> {
    let path = drops.take(id)?;
    run("file_import_draft", session, move |s| s.import_workshop_file(&path)).await
}

/// Imports the waiting file `id` (dropped or picked) as a comment table (rows from `as_member`
/// when the chair or the Secretariat records them on that member's behalf).
#[tauri::command]
pub async fn file_import_table(session: State<'_, Session>, drops: State<'_, Drops>, id: u32, as_member: Option<String>) -> Result<TableImportReportDto, ErrorDto> {
    let path = drops.take(id)?;
    run("file_import_table", session, move |s| s.import_comment_table_file(&path, as_member.as_deref())).await
}

/// `word`: imports the waiting file `id` (dropped or picked) as a delegation's returned Word
/// draft: its tracked changes become proposals (recorded for `as_member` when the chair or the
/// Secretariat records them on that member's behalf).
#[tauri::command]
pub async fn word_proposals_import(session: State<'_, Session>, drops: State<'_, Drops>, id: u32, as_member: Option<String>) -> Result<crate::dto::WordImportReportDto, ErrorDto> {
    let path = drops.take(id)?;
    run("word_proposals_import", session, move |s| s.import_word_proposals_file(&path, as_member.as_deref())).await
}

// --- members -----------------------------------------------------------------------------------

#[tauri::command]
pub async fn members_list(session: State<'_, Session>) -> Result<MembersDto, ErrorDto> {
    run("members_list", session, Session::members).await
}

#[tauri::command]
pub async fn member_add(session: State<'_, Session>, member: NewMemberDto) -> Result<MembersDto, ErrorDto> {
    run("member_add", session, move |s| s.add_member(member)).await
}

#[tauri::command]
pub async fn member_remove(session: State<'_, Session>, id: String) -> Result<MembersDto, ErrorDto> {
    run("member_remove", session, move |s| s.remove_member(&id)).await
}

#[tauri::command]
pub async fn invite_create(
    session: State<'_, Session>,
    member: String,
    expires_days: u32,
    relay: Option<String>,
) -> Result<InvitationDto, ErrorDto> {
    run("invite_create", session, move |s| s.invite(&member, expires_days, relay.as_deref())).await
}

// --- comments ----------------------------------------------------------------------------------

#[tauri::command]
pub async fn comment_add(session: State<'_, Session>, comment: NewCommentDto) -> Result<String, ErrorDto> {
    run("comment_add", session, move |s| s.add_comment(comment)).await
}

#[tauri::command]
pub async fn comment_reply(session: State<'_, Session>, thread: String, body: String) -> Result<(), ErrorDto> {
    run("comment_reply", session, move |s| s.reply(&thread, &body)).await
}

#[tauri::command]
pub async fn comment_resolve(session: State<'_, Session>, thread: String, resolved: bool) -> Result<(), ErrorDto> {
    run("comment_resolve", session, move |s| s.resolve(&thread, resolved)).await
}

/// Supports another delegation's thread (or, `withdraw`, withdraws this delegation's support).
#[tauri::command]
pub async fn comment_support(session: State<'_, Session>, thread: String, withdraw: bool) -> Result<(), ErrorDto> {
    run("comment_support", session, move |s| s.support(&thread, withdraw)).await
}

/// Records a thread's outcome with an observation (the chair and the Secretariat).
#[tauri::command]
pub async fn comment_outcome(session: State<'_, Session>, thread: String, outcome: String, observation: String) -> Result<(), ErrorDto> {
    run("comment_outcome", session, move |s| s.record_outcome(&thread, &outcome, &observation)).await
}

/// What applying a thread's proposal would do, against the draft as it is now.
#[tauri::command]
pub async fn comment_proposal_target(session: State<'_, Session>, thread: String) -> Result<ProposalTargetDto, ErrorDto> {
    run("comment_proposal_target", session, move |s| s.proposal_target(&thread)).await
}

/// Applies a thread's proposal to the draft (the chair and the Secretariat); `confirm` when the
/// words it was made against changed since.
#[tauri::command]
pub async fn comment_apply(session: State<'_, Session>, thread: String, confirm: bool) -> Result<(), ErrorDto> {
    run("comment_apply", session, move |s| s.apply_proposal(&thread, confirm)).await
}

// --- the comment table -------------------------------------------------------------------------

/// Exports the comment table (DOCX, XLSX or CSV, filtered) into the export folder; returns the
/// file's path, size and rows.
#[tauri::command]
pub async fn comment_table_export(session: State<'_, Session>, request: CommentTableRequestDto) -> Result<TableExportedDto, ErrorDto> {
    run("comment_table_export", session, move |s| s.export_comment_table(&request)).await
}

/// Exports the comment table where the person says in the system's Save dialog (see
/// [`export_draft_save`]).
#[tauri::command]
pub async fn comment_table_save(
    window: tauri::WebviewWindow,
    session: State<'_, Session>,
    exported: State<'_, Exported>,
    request: CommentTableRequestDto,
) -> Result<TableExportedDto, ErrorDto> {
    let saved = run("comment_table_save", session, move |s| {
        s.export_comment_table_to(&request, |folder, name| {
            let extension = name.rsplit('.').next().unwrap_or_default();
            files::ask_save(&window, "Export the comment table", folder, name, &Filter { label: "Comment table", extensions: &[extension] })
        })
    })
    .await?;
    exported.remember(std::path::Path::new(&saved.path));
    Ok(saved)
}

/// Imports a delegation's comment table: the file's bytes as the raw body (a binary file, so
/// not as JSON), its name percent-encoded in the `caucus-file-name` header, and the member the
/// rows are from, if not this device's, in `caucus-as-member`. Returns the import's report.
#[tauri::command]
pub async fn comment_table_import(session: State<'_, Session>, request: Request<'_>) -> Result<TableImportReportDto, ErrorDto> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(ErrorDto::new(codes::BAD_REQUEST, "comment_table_import takes the file as a raw body"));
    };
    if bytes.len() > crate::session::MAX_TABLE_BYTES {
        // Refused before the bytes are copied again; the session says so in the same words.
        return Err(ErrorDto::new(codes::TABLE_TOO_LARGE, format!("a comment table of up to {} MiB can be imported", crate::session::MAX_TABLE_BYTES >> 20)));
    }
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).map(percent_decode);
    let Some(file_name) = header("caucus-file-name").filter(|n| !n.is_empty()) else {
        return Err(ErrorDto::new(codes::BAD_REQUEST, "comment_table_import needs the caucus-file-name header"));
    };
    let as_member = header("caucus-as-member").filter(|m| !m.is_empty());
    let bytes = bytes.clone();
    run("comment_table_import", session, move |s| s.import_comment_table(&file_name, &bytes, as_member.as_deref())).await
}

/// Decodes `encodeURIComponent`'s `%XX` escapes (a header carries ASCII only); a malformed
/// escape is kept as written, and bytes that are not UTF-8 become U+FFFD.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let hex = |j: usize| b.get(j).and_then(|c| (*c as char).to_digit(16));
    while let Some(&c) = b.get(i) {
        match (c, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

// --- the stage ---------------------------------------------------------------------------------

/// The workshop's stage and what this device may do in it.
#[tauri::command]
pub async fn stage_show(session: State<'_, Session>) -> Result<StageDto, ErrorDto> {
    run("stage_show", session, Session::stage).await
}

/// Sets the stage (the chair, the Secretariat), with a deadline for a comment round.
#[tauri::command]
pub async fn stage_set(session: State<'_, Session>, stage: String, deadline: Option<String>) -> Result<StageDto, ErrorDto> {
    run("stage_set", session, move |s| s.set_stage(&stage, deadline.as_deref())).await
}

/// Sends the stage on `channel` now and whenever it changes (set here or arriving by sync).
#[tauri::command]
pub async fn stage_watch(session: State<'_, Session>, channel: Channel<StageDto>) -> Result<(), ErrorDto> {
    run("stage_watch", session, move |s| {
        s.watch_stage(Arc::new(move |stage: &StageDto| {
            let _ = channel.send(stage.clone());
        }))
    })
    .await
}

/// Sends on `channel` whenever the French or Spanish version changes (a translation saved on
/// another device and arriving by sync, a bundle, this window), so that the window reads them again.
#[tauri::command]
pub async fn versions_watch(session: State<'_, Session>, channel: Channel<()>) -> Result<(), ErrorDto> {
    run("versions_watch", session, move |s| {
        s.watch_versions(Arc::new(move || {
            let _ = channel.send(());
        }));
        Ok(())
    })
    .await
}

// --- sync --------------------------------------------------------------------------------------

/// Sends the sync status on `channel` now and at every change.
#[tauri::command]
pub async fn sync_status_watch(session: State<'_, Session>, channel: Channel<SyncStatusDto>) -> Result<(), ErrorDto> {
    run("sync_status_watch", session, move |s| {
        s.watch_status(Arc::new(move |status: &SyncStatusDto| {
            let _ = channel.send(status.clone());
        }))
    })
    .await
}

#[tauri::command]
pub async fn sync_go_online(session: State<'_, Session>, relay: Option<String>) -> Result<SyncStatusDto, ErrorDto> {
    run("sync_go_online", session, move |s| s.go_online(relay.as_deref())).await
}

#[tauri::command]
pub async fn sync_go_offline(session: State<'_, Session>) -> Result<SyncStatusDto, ErrorDto> {
    run("sync_go_offline", session, Session::go_offline).await
}

#[tauri::command]
pub async fn lan_peers(session: State<'_, Session>, seconds: u64) -> Result<Vec<PeerDto>, ErrorDto> {
    run("lan_peers", session, move |s| s.lan_peers(seconds)).await
}

/// Starts or stops hosting this device's workshops for peers on the local network.
#[tauri::command]
pub async fn lan_host(session: State<'_, Session>, enable: bool) -> Result<LanHostDto, ErrorDto> {
    run("lan_host", session, move |s| s.lan_host(enable)).await
}

/// Whether this device hosts on the local network, and where.
#[tauri::command]
pub async fn lan_host_status(session: State<'_, Session>) -> Result<LanHostDto, ErrorDto> {
    run("lan_host_status", session, |s| Ok(s.lan_host_status())).await
}

// --- the webview's Yjs documents: y-protocols frames as raw bytes -------------------------------

/// Opens the byte pipe of `doc` (`draft` or `notes`) of `workshop` (the open one) for the
/// webview's Yjs client `client_id`: batches of frames for it arrive on `channel` as raw bytes
/// (`caucus::sync::bridge::pack`).
#[tauri::command]
pub async fn collab_open(
    session: State<'_, Session>,
    workshop: String,
    doc: CollabDocDto,
    client_id: u64,
    channel: Channel<InvokeResponseBody>,
) -> Result<(), ErrorDto> {
    run("collab_open", session, move |s| {
        let sink: Sink = Arc::new(move |frame: Vec<u8>| {
            let _ = channel.send(InvokeResponseBody::Raw(caucus::sync::bridge::pack([frame.as_slice()])));
        });
        s.collab_open(&workshop, doc.as_str(), client_id, sink)
    })
    .await
}

/// A batch of frames from the webview (raw body; the workshop and the document it is for in the
/// `caucus-workshop` and `caucus-doc` headers).
/// Resolves once every update in it is committed: then the webview's edits are saved.
#[tauri::command]
pub async fn collab_send(session: State<'_, Session>, request: Request<'_>) -> Result<(), ErrorDto> {
    let InvokeBody::Raw(batch) = request.body() else {
        return Err(ErrorDto::new(codes::BAD_REQUEST, "collab_send takes the frames as a raw body"));
    };
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (Some(workshop), Some(doc)) = (header("caucus-workshop"), header("caucus-doc")) else {
        return Err(ErrorDto::new(codes::BAD_REQUEST, "collab_send needs the caucus-workshop and caucus-doc headers"));
    };
    let batch = batch.clone();
    let started = std::time::Instant::now();
    let result = run("collab_send", session, move |s| {
        let handling = std::time::Instant::now();
        let r = s.collab_send(&workshop, &doc, &batch);
        tracing::debug!(doc, bytes = batch.len(), handled_us = handling.elapsed().as_micros() as u64, "webview batch");
        r
    })
    .await;
    tracing::debug!(total_us = started.elapsed().as_micros() as u64, "webview batch answered");
    result
}

/// Sends the window each invitation link the app is handed (a start's argument, a second start's,
/// the system's), and at once the one that arrived before it listened.
#[tauri::command]
pub fn join_link_watch(links: State<'_, InviteLinks>, channel: Channel<JoinLinkDto>) {
    links.watch(Arc::new(move |link: &JoinLinkDto| channel.send(link.clone()).is_ok()));
}

/// The About dialog's facts; known from the start, with or without a workshop or a core.
#[tauri::command]
pub fn app_about(about: State<'_, AboutDto>) -> AboutDto {
    about.inner().clone()
}

/// The window's language: picked on this device, else the system's.
#[tauri::command]
pub async fn app_locale(session: State<'_, Session>) -> Result<LocaleDto, ErrorDto> {
    run("app_locale", session, |s| Ok(s.locale())).await
}

/// The window holds text typed and not saved yet (a translation, a comment, a reply or an
/// outcome's observation being written), or no longer does: while it does, closing the window asks
/// first (`close_guard`).
#[tauri::command]
pub fn window_typed(session: State<'_, Session>, holds: bool) {
    session.set_typed(holds);
}

/// Remembers the window's language on this device ("en", "fr" or "es").
#[tauri::command]
pub async fn app_locale_set(session: State<'_, Session>, locale: String) -> Result<LocaleDto, ErrorDto> {
    run("app_locale_set", session, move |s| s.set_locale(&locale)).await
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn a_file_name_crosses_the_header_percent_encoded() {
        assert_eq!(percent_decode("Observations%20de%20la%20Su%C3%A8de.docx"), "Observations de la Suède.docx");
        assert_eq!(percent_decode("plain.csv"), "plain.csv");
        assert_eq!(percent_decode("100%.csv"), "100%.csv");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF.csv"), "\u{FFFD}.csv");
    }
}
