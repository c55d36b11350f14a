//! The window's session with the core: the open workshop (switchable), the webview's sync bridge, every command's permission check (by `caucus::policy`), and the recovery after a failed save (reload from disk, resync the window, retry). The network lives beside it: the relay link in `link.rs`, LAN hosting and discovery in `lan.rs`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use caucus::export::docx::RevisionMarks;
use caucus::export::ir::Document;
use caucus::export::comment_table::{self, TableFormat};
use caucus::export::{ExportOptions, Format};
use caucus::model::notes::{CommentType, OutcomeKind, Proposal, ProposalKind};
use caucus::model::roster::{Role, Stage};
use caucus::policy::Action;
use caucus::model::DocName;
use caucus::sync::bridge::{Bridge, Sink};
use caucus::sync::invitation;
use caucus::sync::presence::Presence;
use caucus::policy::Permissions;
use caucus::sync::token;
use caucus::workshop::{Caucus, CommentOptions, NewMember, NewWorkshop, Subscription, TableFilter, Workshop};
use caucus::{Coded, DraftView};

use crate::dto::{
    codes, CommentTableRequestDto, ErrorDto, ExportRequestDto, ExportedDto, InvitationDto, MemberDto, MembersDto, MilestoneDto, MilestonesDto, NewCommentDto,
    NewMemberDto, ProposalTargetDto, RoleDto, StageDto, StageRecordDto, TableExportedDto, TableImportReportDto, WordImportReportDto, WorkshopInfoDto,
    WorkshopSummaryDto,
};
use crate::export_file;
use crate::files::{self, FileError, SaveTarget};
use crate::lan::{Hosting, LAN_HOST};
use crate::link::{offline_key, synced_key, StatusListener, SyncState};

/// Largest comment table the window imports (a 300-row table in Word is about 100 KiB).
pub const MAX_TABLE_BYTES: usize = 20 << 20;

/// Setting: the folder this device saved an export into last (the Save dialog opens there).
const LAST_SAVE_FOLDER: &str = "app.last_save_folder";
/// Setting: the workshop the window opened last.
const LAST_WORKSHOP: &str = "app.last_workshop";
/// How long after a failed save the workshop is reloaded from disk and the window asked to send
/// again what is not saved (and again after every failed attempt, until a save succeeds).
pub const SAVE_RETRY: Duration = Duration::from_secs(2);

/// The core as the window uses it. Cheap to clone; commands run it off the async runtime.
#[derive(Clone)]
pub struct Session {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// The core, or the error that kept it from opening. A failed start still opens the window,
    /// so that the person sees the error (and its code) instead of a silent exit.
    pub(crate) core: Result<Caucus, ErrorDto>,
    /// Where exports are saved.
    pub(crate) export_dir: PathBuf,
    /// Networking (links, LAN discovery).
    pub(crate) runtime: tokio::runtime::Runtime,
    pub(crate) current: Mutex<Option<Arc<Opened>>>,
    /// Held for a whole switch of workshop. Between closing the old one and opening the new one
    /// `current` is empty: a command arriving then must wait for the switch, not open a workshop
    /// of its own (it reopened the one being left while the window polled during a join).
    pub(crate) switching: Mutex<()>,
    pub(crate) listeners: Mutex<Vec<StatusListener>>,
    /// The window's stage listener and the stage it was sent last.
    pub(crate) stage_listener: Mutex<Option<(StageListener, Option<StageDto>)>>,
    /// The window's listener for changes of the French and Spanish versions.
    pub(crate) versions_listener: Mutex<Option<VersionsListener>>,
    /// This device's relay for peers on the local network, while hosting.
    pub(crate) hosting: Mutex<Option<Hosting>>,
    /// A recovery after a failed save is scheduled ([`Session::schedule_recovery`]).
    pub(crate) recovering: AtomicBool,
    /// The documents whose window holds edits a failed save left unsaved: from a batch refused for
    /// want of a save until the window's answer to a step 1 (which carries everything) commits.
    pub(crate) unsaved: Mutex<Vec<DocName>>,
    /// The window holds text typed and not saved yet (a translation, a comment being written…), as
    /// it last said ([`Session::set_typed`]): closing it now would lose that text (`close_guard`).
    pub(crate) typed: AtomicBool,
}


/// One open workshop and its connections.
pub(crate) struct Opened {
    pub(crate) caucus: Caucus,
    pub(crate) workshop: Workshop,
    pub(crate) role: Option<Role>,
    pub(crate) bridge: Bridge,
    pub(crate) sync: Mutex<SyncState>,
    /// Local changes committed while no link was synced (shown as unsynced).
    pub(crate) offline_changes: Arc<AtomicU64>,
    pub(crate) counting: Mutex<Vec<Subscription>>,
    /// The roster watch that tells the window of stage changes ([`Session::watch_stage`]).
    stage_watch: Mutex<Vec<Subscription>>,
    /// The versions' watch that tells the window of a translation saved anywhere
    /// ([`Session::watch_versions`]).
    versions_watch: Mutex<Vec<Subscription>>,
    /// The webview's pipes, kept so that a workshop reloaded after a failed save reopens them:
    /// the reopened pipe's sync step 1 makes the window send everything the disk lacks.
    webview: Mutex<Vec<WebviewPipe>>,
}

/// One document the webview opened: its Yjs client and where its frames go.
struct WebviewPipe {
    doc: DocName,
    client_id: u64,
    sink: Sink,
    /// Open on the current bridge (a reopen can fail, e.g. while the disk is still full).
    open: bool,
}


fn forbidden(message: impl Into<String>) -> ErrorDto {
    ErrorDto::new(codes::ROLE_FORBIDDEN, message)
}

impl Session {
    /// A session whose data directory is unknown: every command answers with `err`.
    pub fn without_data_dir(err: caucus::Error) -> Self {
        let export_dir = export_file::export_dir_from_env(Path::new("."));
        Self::from_core(Err(err), export_dir)
    }

    /// Opens the core in `data_dir` and the workshop opened last there; on a first start, the
    /// built-in sample workshop.
    #[cfg(test)]
    pub fn open(data_dir: &Path) -> Self {
        tracing::info!(data_dir = %data_dir.display(), "opening core");
        Self::with_core(data_dir, Caucus::open(data_dir))
    }

    /// [`Session::open`] with the core already opened (or not) in `data_dir` by the caller.
    pub fn with_core(data_dir: &Path, core: Result<Caucus, caucus::Error>) -> Self {
        let export_dir = export_file::export_dir_from_env(data_dir);
        let session = Self::from_core(core, export_dir);
        if let Ok(caucus) = &session.inner.core {
            match start_workshop(caucus) {
                Ok(workshop) => {
                    if let Err(err) = session.switch_to(workshop) {
                        tracing::error!(code = err.code, "could not open the workshop");
                    }
                }
                Err(err) => tracing::error!(code = err.code(), "could not open a workshop"),
            }
            if matches!(caucus.store().setting(LAN_HOST), Ok(Some(v)) if v == "1") {
                if let Err(err) = session.lan_host(true) {
                    tracing::warn!(code = err.code, "not hosting on the local network");
                }
            }
        }
        session
    }

    /// The same session saving its exports in `dir`.
    #[cfg(test)]
    pub fn with_export_dir(self, dir: &Path) -> Self {
        let inner = Arc::into_inner(self.inner).expect("not shared yet");
        let Inner { core, runtime, current, switching, listeners, stage_listener, versions_listener, hosting, recovering, unsaved, typed, .. } = inner;
        Session {
            inner: Arc::new(Inner {
                core,
                export_dir: dir.to_path_buf(),
                runtime,
                current,
                switching,
                listeners,
                stage_listener,
                versions_listener,
                hosting,
                recovering,
                unsaved,
                typed,
            }),
        }
    }

    fn from_core(core: Result<Caucus, caucus::Error>, export_dir: PathBuf) -> Self {
        let core = core.map_err(|err| {
            let dto = ErrorDto::from(err);
            tracing::error!(code = dto.code, "could not open the core");
            dto
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("caucus-net")
            .enable_all()
            .build()
            .expect("a tokio runtime for the network (threads and timers only)");
        Session {
            inner: Arc::new(Inner {
                core,
                export_dir,
                runtime,
                current: Mutex::new(None),
                switching: Mutex::new(()),
                listeners: Mutex::new(Vec::new()),
                stage_listener: Mutex::new(None),
                versions_listener: Mutex::new(None),
                hosting: Mutex::new(None),
                recovering: AtomicBool::new(false),
                unsaved: Mutex::new(Vec::new()),
                typed: AtomicBool::new(false),
            }),
        }
    }

    pub(crate) fn caucus(&self) -> Result<&Caucus, ErrorDto> {
        self.inner.core.as_ref().map_err(Clone::clone)
    }

    pub(crate) fn current_slot(&self) -> MutexGuard<'_, Option<Arc<Opened>>> {
        self.inner.current.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn opened(&self) -> Result<Arc<Opened>, ErrorDto> {
        self.caucus()?;
        if let Some(o) = self.current_slot().clone() {
            // A save failed (the webview's, a command's, a peer's through the link): the
            // workshop refuses writes until it is reloaded from disk, which the recovery does.
            if o.workshop.needs_reload() {
                self.schedule_recovery();
            }
            return Ok(o);
        }
        // Empty during a switch: wait for it.
        let switch = lock(&self.inner.switching);
        self.opened_locked(&switch)
    }

    /// The open workshop with `switching` held by the caller: no switch and no recovery replaces
    /// it (or its bridge) until the guard drops. None open yet: the start's, opened now.
    fn opened_locked(&self, _switch: &MutexGuard<'_, ()>) -> Result<Arc<Opened>, ErrorDto> {
        let caucus = self.caucus()?;
        if let Some(o) = self.current_slot().clone() {
            if o.workshop.needs_reload() {
                self.schedule_recovery();
            }
            return Ok(o);
        }
        // The start could not open a workshop: try again, so the error reaches the window.
        let workshop = start_workshop(caucus)?;
        self.switch_locked(workshop)?;
        self.current_slot().clone().ok_or_else(|| ErrorDto::new(codes::NO_WORKSHOP, "No workshop is open."))
    }

    pub(crate) fn workshop(&self) -> Result<Workshop, ErrorDto> {
        Ok(self.opened()?.workshop.clone())
    }

    /// Makes `workshop` the window's: closes the earlier one's pipes and link, opens its bridge
    /// and, unless offline was chosen, its link to the relay it syncs with.
    fn switch_to(&self, workshop: Workshop) -> Result<Arc<Opened>, ErrorDto> {
        let _switch = lock(&self.inner.switching);
        self.switch_locked(workshop)
    }

    /// [`Session::switch_to`] with `switching` held by the caller.
    fn switch_locked(&self, workshop: Workshop) -> Result<Arc<Opened>, ErrorDto> {
        let caucus = self.caucus()?.clone();
        let previous = self.current_slot().take();
        if let Some(previous) = previous {
            previous.bridge.close();
            self.stop_link(&previous);
        }
        // The window's documents of the workshop left are gone (it leaves only once they are saved).
        lock(&self.inner.unsaved).clear();
        let relay = invitation::relay_of(&caucus, &workshop)?.map(|(r, _)| r);
        let offline_chosen = caucus.store().setting(&offline_key(workshop.id()))?.as_deref() == Some("1");
        let last_synced = caucus.store().setting(&synced_key(workshop.id()))?;
        caucus.store().put_setting(LAST_WORKSHOP, workshop.id()).wait()?;
        let sync = SyncState { relay, offline_chosen, last_synced, ..SyncState::default() };
        let opened = self.install(caucus, workshop, sync, Vec::new(), 0);
        tracing::info!(workshop = %opened.workshop.id(), role = opened.role.map(|r| r.as_str()).unwrap_or("none"), "workshop open");
        Ok(opened)
    }

    /// Makes `workshop` the current one with a new bridge (reopening the webview's `pipes` on it
    /// before any command can reach it), its change count and, unless offline was chosen, its
    /// link. Writes nothing to disk: it also runs while the disk is full.
    fn install(
        &self,
        caucus: Caucus,
        workshop: Workshop,
        sync: SyncState,
        pipes: Vec<WebviewPipe>,
        offline_changes: u64,
    ) -> Arc<Opened> {
        let role = device_role(&caucus, &workshop);
        let permissions = role.map(Permissions::for_role).unwrap_or(Permissions::READ_ONLY);
        let presence = Presence::new();
        if let Ok(me) = workshop.me() {
            // The webview's caret is shown under this device's member as the roster names them.
            let name = workshop.members().into_iter().find(|m| m.id == me).map(|m| m.full_name()).unwrap_or_else(|| me.clone());
            presence.speaking_as(Some(caucus::sync::presence::Speaker { member: me, name }));
        }
        let mut bridge = Bridge::new(workshop.clone(), permissions, presence);
        if let (Some(role), Ok(me)) = (role, workshop.me()) {
            // The webview writes as this device's member: the content rules see it as such.
            bridge = bridge.speaking_for(caucus::policy::claims::Claimant::member(me, role));
        }
        let offline_chosen = sync.offline_chosen;
        let opened = Arc::new(Opened {
            caucus,
            workshop,
            role,
            bridge,
            sync: Mutex::new(sync),
            offline_changes: Arc::new(AtomicU64::new(offline_changes)),
            counting: Mutex::new(Vec::new()),
            stage_watch: Mutex::new(Vec::new()),
            versions_watch: Mutex::new(Vec::new()),
            webview: Mutex::new(pipes),
        });
        *lock(&opened.counting) = self.count_local_changes(&opened);
        *lock(&opened.stage_watch) = self.watch_roster(&opened);
        *lock(&opened.versions_watch) = self.watch_version_docs(&opened);
        reopen_pipes(&opened);
        *self.current_slot() = Some(Arc::clone(&opened));
        if !offline_chosen {
            self.start_link(&opened);
        }
        self.notify(&opened);
        self.notify_stage(&opened);
        opened
    }

    // --- recovery after a failed save --------------------------------------------------------

    /// Reloads the workshop from disk and resyncs the window with it, [`SAVE_RETRY`] from now and
    /// again after every attempt that leaves something to do. Idempotent: one recovery at a time.
    pub(crate) fn schedule_recovery(&self) {
        if self.inner.recovering.swap(true, Ordering::SeqCst) {
            return;
        }
        let weak = Arc::downgrade(&self.inner);
        let spawned = std::thread::Builder::new().name("caucus-recovery".into()).spawn(move || loop {
            std::thread::sleep(SAVE_RETRY);
            // The window closed (or a test dropped its session): nothing left to recover.
            let Some(inner) = weak.upgrade() else { return };
            let session = Session { inner };
            match session.recover() {
                Ok(true) => {
                    session.inner.recovering.store(false, Ordering::SeqCst);
                    // A save that failed between the last check and the flag's reset would have
                    // found the flag set: look once more.
                    if !session.needs_recovery() || session.inner.recovering.swap(true, Ordering::SeqCst) {
                        return;
                    }
                }
                Ok(false) => {}
                Err(err) => tracing::warn!(code = err.code, "recovery after a failed save: trying again"),
            }
        });
        if let Err(e) = spawned {
            self.inner.recovering.store(false, Ordering::SeqCst);
            tracing::error!(error = %e, "cannot start the recovery after a failed save");
        }
    }

    fn needs_recovery(&self) -> bool {
        self.current_slot()
            .as_ref()
            .is_some_and(|o| o.workshop.needs_reload() || lock(&o.webview).iter().any(|p| !p.open))
    }

    /// One recovery step: a workshop whose save failed is reloaded from what is on disk (its link
    /// restarted, its webview pipes reopened: their sync step 1 makes the window send again what
    /// the disk lacks, in its answer); pipes that could not be reopened are tried again. Returns
    /// whether nothing is left to do — the window's answer is saved, or fails and schedules
    /// another recovery, when it arrives.
    fn recover(&self) -> Result<bool, ErrorDto> {
        let _switch = lock(&self.inner.switching);
        let Some(current) = self.current_slot().clone() else { return Ok(true) };
        if current.workshop.needs_reload() {
            let caucus = self.caucus()?.clone();
            // The poisoned documents are dropped from the open set: this loads what is on disk.
            let fresh = caucus.open_exact(current.workshop.id())?;
            current.bridge.close();
            self.stop_link(&current);
            let sync = {
                let s = lock(&current.sync);
                SyncState {
                    relay: s.relay.clone(),
                    offline_chosen: s.offline_chosen,
                    last_synced: s.last_synced.clone(),
                    ..SyncState::default()
                }
            };
            let pipes = std::mem::take(&mut *lock(&current.webview))
                .into_iter()
                .map(|p| WebviewPipe { open: false, ..p })
                .collect();
            let changes = current.offline_changes.load(Ordering::Relaxed);
            let opened = self.install(caucus, fresh, sync, pipes, changes);
            tracing::info!(workshop = %opened.workshop.id(), "workshop reloaded from disk after a failed save");
            let all_open = lock(&opened.webview).iter().all(|p| p.open);
            return Ok(all_open && !opened.workshop.needs_reload());
        }
        reopen_pipes(&current);
        let all_open = lock(&current.webview).iter().all(|p| p.open);
        Ok(all_open)
    }


    // --- workshops -------------------------------------------------------------------------

    pub fn workshops(&self) -> Result<Vec<WorkshopSummaryDto>, ErrorDto> {
        let caucus = self.caucus()?;
        let open = self.current_slot().as_ref().map(|o| o.workshop.id().to_string());
        let mut out = Vec::new();
        for summary in caucus.list()? {
            let (symbol, meeting, role) = match caucus.open_exact(&summary.id) {
                Ok(w) => {
                    let meta = w.meta();
                    (meta.symbol, meta.meeting, device_role(caucus, &w))
                }
                Err(_) => (String::new(), String::new(), None),
            };
            out.push(WorkshopSummaryDto {
                open: open.as_deref() == Some(summary.id.as_str()),
                id: summary.id,
                title: summary.title,
                symbol,
                meeting,
                role: role.map(RoleDto::from),
            });
        }
        Ok(out)
    }

    pub fn current(&self) -> Result<WorkshopInfoDto, ErrorDto> {
        let opened = self.opened()?;
        Ok(info(&opened))
    }

    pub fn open_workshop(&self, id: &str) -> Result<WorkshopInfoDto, ErrorDto> {
        let workshop = self.caucus()?.open_exact(id)?;
        let opened = self.switch_to(workshop)?;
        Ok(info(&opened))
    }

    pub fn create_workshop(&self, title: &str, symbol: &str, meeting: &str) -> Result<WorkshopInfoDto, ErrorDto> {
        let title = title.trim();
        if title.is_empty() {
            return Err(caucus::Error::Invalid("a workshop needs a title".into()).into());
        }
        let mut new = NewWorkshop::titled(title);
        new.symbol = symbol.trim().to_string();
        new.meeting = meeting.trim().to_string();
        let workshop = self.caucus()?.create(&new)?;
        let opened = self.switch_to(workshop)?;
        Ok(info(&opened))
    }

    /// Creates a workshop from a text or Markdown file's contents and opens it.
    pub fn import_workshop(&self, file_name: &str, bytes: &[u8]) -> Result<WorkshopInfoDto, ErrorDto> {
        let stem = Path::new(file_name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let title = if stem.trim().is_empty() { "Imported draft".to_string() } else { stem };
        let workshop = self.caucus()?.create(&NewWorkshop::titled(title))?;
        workshop.import(bytes)?;
        tracing::info!(workshop = %workshop.id(), bytes = bytes.len(), "file imported");
        let opened = self.switch_to(workshop)?;
        Ok(info(&opened))
    }

    /// [`Session::import_workshop`] from the file at `path` (picked in the Open dialog or dropped
    /// on the window): a regular file of at most [`files::MAX_DRAFT_BYTES`].
    pub fn import_workshop_file(&self, path: &Path) -> Result<WorkshopInfoDto, ErrorDto> {
        let bytes = files::read_for_import(path, files::MAX_DRAFT_BYTES)?;
        self.import_workshop(&files::display_name(path), &bytes)
    }

    /// Joins with an invitation, fetches the workshop from its relay (if it names one and it
    /// answers within a few seconds; otherwise the link keeps trying) and opens it. A relay that
    /// answers without the whole workshop is `sync.incomplete`, never a join shown as done.
    pub fn join(&self, token_text: &str) -> Result<WorkshopInfoDto, ErrorDto> {
        let caucus = self.caucus()?.clone();
        let (workshop, claims) = invitation::join(&caucus, token_text)?;
        if let Some((relay, trust)) = invitation::relay_of(&caucus, &workshop)? {
            let options = invitation::sync_options(&caucus, &workshop, trust, 8)?;
            let fetched = self.inner.runtime.block_on(caucus::sync::client::sync_once(&workshop, &relay, &options));
            match fetched {
                Ok(_) => {
                    let _ = workshop.refresh_listing();
                    // The relay answered but does not hold the workshop whole (its chair's device
                    // never synced some of it there): never shown as joined.
                    invitation::check_received(&workshop, &claims.member)?;
                }
                Err(err) => tracing::warn!(code = err.code(), "joined, but the relay did not answer yet; the link keeps trying"),
            }
        }
        tracing::info!(workshop = %claims.workshop, role = claims.role.as_str(), "joined");
        let opened = self.switch_to(workshop)?;
        Ok(info(&opened))
    }

    // --- the draft, milestones, compare, export --------------------------------------------

    /// The draft as a reader sees it, with computed numbering.
    pub fn draft_view(&self) -> Result<DraftView, ErrorDto> {
        self.workshop()?.view().map_err(ErrorDto::from)
    }

    /// Where the negotiation stands (`caucus::workshop::status`): the counts, the paragraphs, the
    /// open brackets and their holders, the comments awaiting an outcome, the changes since the
    /// last milestone. Every member may read it, as they read the draft and the notes.
    pub fn negotiation_status(&self) -> Result<caucus::workshop::status::Status, ErrorDto> {
        self.workshop()?.status().map_err(ErrorDto::from)
    }

    /// What others changed since this device's member last looked (issue #14 §5).
    pub fn since_seen(&self) -> Result<caucus::workshop::SinceSeen, ErrorDto> {
        self.workshop()?.since_seen().map_err(ErrorDto::from)
    }

    /// Records `part` as seen now (a thread: `thread_id`, which it then needs); returns what is still new.
    pub fn mark_seen(&self, part: crate::dto::SeenPartDto, thread_id: Option<String>) -> Result<caucus::workshop::SinceSeen, ErrorDto> {
        use caucus::workshop::SeenPart;
        let part = match (part, thread_id) {
            (crate::dto::SeenPartDto::All, _) => SeenPart::All,
            (crate::dto::SeenPartDto::Draft, _) => SeenPart::Draft,
            (crate::dto::SeenPartDto::Notes, _) => SeenPart::Notes,
            (crate::dto::SeenPartDto::Thread, Some(id)) => SeenPart::Thread(id),
            (crate::dto::SeenPartDto::Thread, None) => return Err(invalid("which thread was seen is missing".into())),
        };
        self.workshop()?.mark_seen(part).map_err(ErrorDto::from)
    }

    /// Every milestone, oldest first, with who froze it; and whether this device may freeze one.
    pub fn milestones(&self) -> Result<MilestonesDto, ErrorDto> {
        let opened = self.opened()?;
        let members = opened.workshop.members();
        let name_of = |id: &str| members.iter().find(|m| m.id == id).map(|m| m.full_name());
        let milestones = opened
            .workshop
            .milestones()?
            .into_iter()
            .map(|m| MilestoneDto { created_by_name: name_of(&m.created_by), name: m.name, created: m.created, created_by: m.created_by })
            .collect();
        Ok(MilestonesDto { milestones, can_create: permits(opened.role, Action::FreezeMilestone) })
    }

    /// Freezes the draft as it is now under `name` (the chair, or the Secretariat for the chair:
    /// the core asks `policy`, as for every other endpoint).
    pub fn create_milestone(&self, name: &str) -> Result<MilestonesDto, ErrorDto> {
        // This device's role (from its invitation until the roster arrives), by the core's table.
        let role = self.opened()?.role.ok_or_else(|| forbidden("This device has no role in the workshop."))?;
        caucus::policy::permits(role, Action::FreezeMilestone)
            .map_err(|_| ErrorDto::from(caucus::Error::Forbidden { action: "freeze a milestone", role: role.as_str() }))?;
        self.workshop()?.create_milestone(name)?;
        tracing::info!("milestone created");
        self.milestones()
    }

    /// The draft with the changes since milestone `from` (up to milestone `to`, or now).
    /// The changes since `from`; with `author`, only that delegation's (`revision::only_by`).
    pub fn compare(&self, from: &str, to: Option<&str>, author: Option<&str>) -> Result<Document, ErrorDto> {
        let to = to.map(str::trim).filter(|t| !t.is_empty());
        let doc = self.workshop()?.compare(from, to).map_err(ErrorDto::from)?;
        Ok(match author.map(str::trim).filter(|a| !a.is_empty()) {
            Some(author) => caucus::revision::only_by(doc, author),
            None => doc,
        })
    }

    /// The workshop's log, oldest first (`caucus log`).
    pub fn log(&self, since: Option<&str>) -> Result<Vec<caucus::workshop::log::LogLine>, ErrorDto> {
        let since = since.map(str::trim).filter(|s| !s.is_empty());
        self.workshop()?.log(since).map_err(ErrorDto::from)
    }

    /// Picks alternative `id` of its bracket's group (the chair or the Secretariat).
    pub fn choose_alternative(&self, id: &str) -> Result<(), ErrorDto> {
        self.workshop()?.choose_alternative(id).map_err(ErrorDto::from)
    }

    /// Numbers the inserted paragraphs (2 bis, 2 ter) in sequence (the chair or the Secretariat).
    pub fn renumber(&self) -> Result<usize, ErrorDto> {
        self.workshop()?.renumber().map_err(ErrorDto::from)
    }

    /// Undoes `delegation`'s changes since milestone `name`, keeping everyone else's.
    pub fn revert(&self, name: &str, delegation: &str) -> Result<caucus::workshop::RevertReport, ErrorDto> {
        self.workshop()?.revert(name, delegation).map_err(ErrorDto::from)
    }

    /// Brings back the draft, or paragraph `para` (its id), as it was at milestone `name`.
    pub fn restore(&self, name: &str, para: Option<&str>) -> Result<caucus::workshop::RestoreReport, ErrorDto> {
        self.workshop()?.restore(name, para).map_err(ErrorDto::from)
    }

    /// Renders the draft as asked and saves it in the export folder under a new name.
    pub fn export(&self, request: &ExportRequestDto) -> Result<ExportedDto, ErrorDto> {
        let export_dir = self.inner.export_dir.clone();
        self.export_to(request, move |_, _| Ok(SaveTarget::NewIn(export_dir)))
    }

    /// Renders the draft as asked and saves it where `ask` says, given the folder saved into
    /// last on this device (else the export folder) and the export's usual file name: the Save
    /// dialog's answer. The folder is remembered for the next time.
    pub fn export_to(&self, request: &ExportRequestDto, ask: impl FnOnce(&Path, &str) -> Result<SaveTarget, FileError>) -> Result<ExportedDto, ErrorDto> {
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
        let stem = export_file::file_stem(&opened.workshop.meta().symbol, &opened.caucus.host().timestamp());
        let target = ask(&self.save_folder(), &format!("{stem}.{}", format.extension()))?;
        let bytes = opened.workshop.export(&options)?;
        let path = self.save(&target, &stem, format.extension(), &bytes, "the export")?;
        tracing::info!(format = format.as_str(), bytes = bytes.len(), path = %path.display(), "draft exported");
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(ExportedDto { path: path.to_string_lossy().into_owned(), file_name, bytes: bytes.len(), format: format.into() })
    }

    /// Where a Save dialog opens: the folder saved into last on this device, else the export folder.
    pub fn save_folder(&self) -> PathBuf {
        let remembered = self.caucus().ok().and_then(|c| c.store().setting(LAST_SAVE_FOLDER).ok().flatten()).map(PathBuf::from);
        remembered.filter(|d| d.is_dir()).unwrap_or_else(|| self.inner.export_dir.clone())
    }

    /// Writes `bytes` at `target` atomically (`export_file`), remembers its folder for the next
    /// Save dialog (not the WebDriver switch's), and returns the path written.
    fn save(&self, target: &SaveTarget, stem: &str, ext: &str, bytes: &[u8], what: &str) -> Result<PathBuf, ErrorDto> {
        let written = match target {
            SaveTarget::NewIn(dir) => export_file::write_new(dir, stem, ext, bytes),
            SaveTarget::Chosen(path) => export_file::write_replacing(path, bytes),
        };
        let place = match target {
            SaveTarget::NewIn(dir) => dir.clone(),
            SaveTarget::Chosen(path) => path.clone(),
        };
        let path = written.map_err(|err| ErrorDto::new(codes::EXPORT_WRITE, format!("Could not save {what} in {}: {err}", place.display())))?;
        if let (SaveTarget::Chosen(_), Some(folder), Ok(caucus)) = (target, path.parent(), self.caucus()) {
            if let Err(err) = caucus.store().put_setting(LAST_SAVE_FOLDER, &folder.to_string_lossy()).wait() {
                tracing::warn!(code = err.code(), "the folder saved into is not remembered");
            }
        }
        Ok(path)
    }

    // --- members ---------------------------------------------------------------------------

    pub fn members(&self) -> Result<MembersDto, ErrorDto> {
        let opened = self.opened()?;
        Ok(members_dto(&opened))
    }

    fn require_manager(opened: &Opened) -> Result<(), ErrorDto> {
        if permits(opened.role, Action::ManageMembers) {
            Ok(())
        } else {
            Err(forbidden("Only the chair and the Secretariat manage the members of the workshop."))
        }
    }

    pub fn add_member(&self, new: NewMemberDto) -> Result<MembersDto, ErrorDto> {
        let opened = self.opened()?;
        Self::require_manager(&opened)?;
        let name = new.name.trim().to_string();
        if name.is_empty() {
            return Err(caucus::Error::Invalid("a member needs a name".into()).into());
        }
        opened.workshop.add_member(NewMember { name, delegation: new.delegation.trim().to_string(), role: new.role.into(), group: new.group.into() })?;
        tracing::info!("member added");
        Ok(members_dto(&opened))
    }

    pub fn remove_member(&self, id: &str) -> Result<MembersDto, ErrorDto> {
        let opened = self.opened()?;
        Self::require_manager(&opened)?;
        let me = opened.workshop.me().ok();
        if me.as_deref() == Some(id) {
            return Err(forbidden("You cannot remove yourself from the workshop."));
        }
        opened.workshop.remove_member(id)?;
        tracing::info!("member removed");
        Ok(members_dto(&opened))
    }

    pub fn invite(&self, member: &str, days: u32, relay: Option<&str>) -> Result<InvitationDto, ErrorDto> {
        let opened = self.opened()?;
        if !permits(opened.role, Action::SignInvitation) {
            return Err(forbidden("Only the chair signs invitations."));
        }
        let relay = relay.map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
        let known = invitation::relay_of(&opened.caucus, &opened.workshop)?.map(|(r, _)| r);
        // Without a relay of its own, the workshop is reached through this device's LAN relay.
        let relay = relay.or(known).or_else(|| self.lan_url());
        let issued = invitation::invite(&opened.caucus, &opened.workshop, member, days.clamp(1, 365), relay.as_deref(), None)?;
        tracing::info!(role = issued.role.as_str(), "invitation issued");
        Ok(InvitationDto { token: issued.token, link: issued.link, member: issued.member, role: issued.role.into(), expires: issued.expires, relay: issued.relay })
    }

    // --- comments --------------------------------------------------------------------------

    /// Commenting (the core's operations then check the finer rules: resolving, recording for others).
    fn require_notes(opened: &Opened) -> Result<(), ErrorDto> {
        if permits(opened.role, Action::Comment) {
            Ok(())
        } else {
            Err(forbidden("This device has no role in the workshop that may comment."))
        }
    }

    /// Starts a thread on the webview's selection. A plain comment is anchored on the selection
    /// itself; one with a type or a proposal on the selected words in their paragraph (the core
    /// takes options only with a quote: `Workshop::add_comment_with`), so those words must occur
    /// once in it (`notes.ambiguous` otherwise).
    pub fn add_comment(&self, comment: NewCommentDto) -> Result<String, ErrorDto> {
        let opened = self.opened()?;
        Self::require_notes(&opened)?;
        let kind = match comment.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            Some(k) => k.parse::<CommentType>().map_err(|_| invalid(format!("unknown comment type `{k}` (expected general, technical or editorial)")))?,
            None => CommentType::default(),
        };
        let proposal = match &comment.proposal {
            Some(p) => {
                let kind = p.kind.parse::<ProposalKind>()
                    .map_err(|_| invalid(format!("unknown proposal kind `{}` (expected replace, paragraph or insert-after)", p.kind)))?;
                Some(Proposal { kind, text: p.text.clone() })
            }
            None => None,
        };
        let thread = if kind == CommentType::default() && proposal.is_none() {
            opened.workshop.add_comment_at(&comment.anchor_start, &comment.anchor_end, &comment.body)?
        } else {
            let position = opened
                .workshop
                .view()?
                .paragraphs
                .iter()
                .position(|p| p.para.id == comment.para)
                .ok_or_else(|| invalid("the selected paragraph is no longer in the draft".to_string()))?;
            let options = CommentOptions { kind, proposal };
            opened.workshop.add_comment_with(&comment.quote, &comment.body, None, Some(position), &options)?
        };
        tracing::info!(kind = %kind, proposal = thread.proposal.is_some(), "comment added");
        Ok(thread.id)
    }

    /// Supports another delegation's thread for this device's member's delegation, or withdraws it.
    pub fn support(&self, thread: &str, withdraw: bool) -> Result<(), ErrorDto> {
        let opened = self.opened()?;
        Self::require_notes(&opened)?;
        opened.workshop.support(thread, None, withdraw)?;
        tracing::info!(withdraw, "support recorded");
        Ok(())
    }

    /// Records a thread's outcome (the chair and the Secretariat; the core checks it).
    pub fn record_outcome(&self, thread: &str, outcome: &str, observation: &str) -> Result<(), ErrorDto> {
        let opened = self.opened()?;
        let outcome = outcome
            .parse::<OutcomeKind>()
            .map_err(|_| invalid(format!("unknown outcome `{outcome}` (expected accepted, accepted-modified, rejected or noted)")))?;
        opened.workshop.record_outcome(thread, outcome, observation.trim())?;
        tracing::info!(outcome = %outcome, "outcome recorded");
        Ok(())
    }

    /// What applying thread `thread`'s proposal would do, against the draft as it is now.
    pub fn proposal_target(&self, thread: &str) -> Result<ProposalTargetDto, ErrorDto> {
        let t = self.workshop()?.proposal_target(thread)?;
        Ok(ProposalTargetDto {
            thread: t.thread,
            kind: t.kind.to_string(),
            current: t.current,
            original: t.original,
            proposed: t.proposed,
            stale: t.stale,
            done: t.done,
            applied: t.applied,
        })
    }

    /// Applies thread `thread`'s proposal to the draft (the chair and the Secretariat; the core
    /// checks it), attributed to the proposing delegation; `confirm` is needed when the words it
    /// was made against changed since (`notes.proposal_stale` otherwise).
    pub fn apply_proposal(&self, thread: &str, confirm: bool) -> Result<(), ErrorDto> {
        let opened = self.opened()?;
        let applied = opened.workshop.apply_proposal(thread, confirm)?;
        tracing::info!(confirm, applied = applied.applied.is_some(), "proposal applied");
        Ok(())
    }

    // --- the stage -------------------------------------------------------------------------

    /// The stage in force and what this device may do in it.
    pub fn stage(&self) -> Result<StageDto, ErrorDto> {
        Ok(stage_of(&*self.opened()?))
    }

    /// Sets the stage (the chair or the Secretariat: the core asks `policy`), with a deadline
    /// (`YYYY-MM-DD`) for a comment round.
    pub fn set_stage(&self, stage: &str, deadline: Option<&str>) -> Result<StageDto, ErrorDto> {
        let opened = self.opened()?;
        let stage = stage.parse::<Stage>().map_err(|_| invalid(format!("unknown stage `{stage}` (expected drafting, comment-round, revision or closed)")))?;
        let deadline = deadline.map(str::trim).filter(|d| !d.is_empty());
        if let Some(d) = deadline {
            let today = opened.caucus.host().clock.now().date_naive();
            if caucus::policy::stage::days_left(d, today).is_none() {
                return Err(invalid(format!("the deadline `{d}` is not a date (YYYY-MM-DD)")));
            }
        }
        opened.workshop.set_stage(stage, deadline)?;
        Ok(stage_of(&opened))
    }

    /// Calls `listener` with the stage now and whenever it (or what this device may do in it)
    /// changes, in this workshop or the next one opened; replaces the earlier listener.
    pub fn watch_stage(&self, listener: StageListener) -> Result<(), ErrorDto> {
        let opened = self.opened()?;
        let now = stage_of(&opened);
        listener(&now);
        *lock(&self.inner.stage_listener) = Some((listener, Some(now)));
        Ok(())
    }

    /// Sends the stage to the window's listener if it differs from what it was sent last.
    pub(crate) fn notify_stage(&self, opened: &Opened) {
        let is_current = self.current_slot().as_ref().is_some_and(|o| o.workshop.id() == opened.workshop.id());
        if !is_current {
            return;
        }
        let stage = stage_of(opened);
        let mut slot = lock(&self.inner.stage_listener);
        let Some((listener, last)) = slot.as_mut() else { return };
        if last.as_ref() == Some(&stage) {
            return;
        }
        *last = Some(stage.clone());
        let listener = Arc::clone(listener);
        drop(slot);
        listener(&stage);
    }

    /// Watches the roster of `opened` for stage changes (and role changes) arriving from
    /// anywhere, and tells the window the stage ([`Session::wake_on_change`]).
    fn watch_roster(&self, opened: &Arc<Opened>) -> Vec<Subscription> {
        self.wake_on_change(opened, &[DocName::Roster], "caucus-stage", |session, opened| session.notify_stage(&opened))
    }

    /// Calls `listener` whenever the French or Spanish version of the open workshop (or of the
    /// next one opened) changes, wherever the change comes from: a translator's device through the
    /// link, a bundle, this window. Replaces the earlier listener.
    pub fn watch_versions(&self, listener: VersionsListener) {
        *lock(&self.inner.versions_listener) = Some(listener);
    }

    /// Watches the versions of `opened` and tells the window's listener while `opened` is the
    /// open workshop ([`Session::wake_on_change`]).
    fn watch_version_docs(&self, opened: &Arc<Opened>) -> Vec<Subscription> {
        self.wake_on_change(opened, &[DocName::VersionFr, DocName::VersionEs], "caucus-versions", |session, opened| {
            let current = lock(&session.inner.current).as_ref().is_some_and(|c| Arc::ptr_eq(c, &opened));
            let listener = lock(&session.inner.versions_listener).clone();
            if let (true, Some(listener)) = (current, listener) {
                listener();
            }
        })
    }

    /// Subscribes to `docs` of `opened`, changed from anywhere (the link, a bundle, this window):
    /// a subscription only wakes a thread of its own named `name` (a listener must not call back
    /// into the workshop), which calls `on_wake` once for a burst of changes, while `opened` and
    /// the session live. The thread ends when the subscriptions (kept by `opened`) are dropped.
    fn wake_on_change(
        &self,
        opened: &Arc<Opened>,
        docs: &[DocName],
        name: &str,
        on_wake: impl Fn(Session, Arc<Opened>) + Send + 'static,
    ) -> Vec<Subscription> {
        let (wake, woken) = std::sync::mpsc::channel::<()>();
        let subscriptions: Vec<Subscription> = docs
            .iter()
            .map(|&doc| {
                let wake = wake.clone();
                opened.workshop.subscribe(doc, move |_, _| {
                    let _ = wake.send(());
                })
            })
            .collect();
        drop(wake);
        let weak_opened = Arc::downgrade(opened);
        let weak_inner = Arc::downgrade(&self.inner);
        let spawned = std::thread::Builder::new().name(name.into()).spawn(move || {
            // Ends when the subscriptions (and with them the senders) are dropped.
            while woken.recv().is_ok() {
                while woken.try_recv().is_ok() {}
                let (Some(opened), Some(inner)) = (weak_opened.upgrade(), weak_inner.upgrade()) else { return };
                on_wake(Session { inner }, opened);
            }
        });
        match spawned {
            Ok(_) => subscriptions,
            Err(e) => {
                tracing::error!(error = %e, thread = name, "cannot watch the workshop's changes");
                Vec::new()
            }
        }
    }

    pub fn reply(&self, thread: &str, body: &str) -> Result<(), ErrorDto> {
        let opened = self.opened()?;
        Self::require_notes(&opened)?;
        opened.workshop.reply(thread, body, None)?;
        Ok(())
    }

    pub fn resolve(&self, thread: &str, resolved: bool) -> Result<(), ErrorDto> {
        let opened = self.opened()?;
        Self::require_notes(&opened)?;
        opened.workshop.set_resolved(thread, resolved)?;
        Ok(())
    }

    // --- the comment table (issue #11 §3) ---------------------------------------------------

    /// Renders the comment table (filtered as asked) and saves it in the export folder under a
    /// new name (`export_file::table_stem`). Anyone who reads the comments may export it.
    pub fn export_comment_table(&self, request: &CommentTableRequestDto) -> Result<TableExportedDto, ErrorDto> {
        let export_dir = self.inner.export_dir.clone();
        self.export_comment_table_to(request, move |_, _| Ok(SaveTarget::NewIn(export_dir)))
    }

    /// [`Session::export_comment_table`] saved where `ask` says (see [`Session::export_to`]).
    pub fn export_comment_table_to(&self, request: &CommentTableRequestDto, ask: impl FnOnce(&Path, &str) -> Result<SaveTarget, FileError>) -> Result<TableExportedDto, ErrorDto> {
        let opened = self.opened()?;
        let format: TableFormat = request.format.trim().parse().map_err(|_| invalid(format!("unknown table format `{}` (expected docx, xlsx or csv)", request.format)))?;
        let kind = match request.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            Some(k) => Some(k.parse::<CommentType>().map_err(|_| invalid(format!("unknown comment type `{k}` (expected general, technical or editorial)")))?),
            None => None,
        };
        let delegation = request.delegation.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_string);
        let filter = TableFilter { open_only: request.open_only, delegation, kind };
        let stem = export_file::table_stem(&opened.workshop.meta().symbol, &opened.caucus.host().timestamp());
        let target = ask(&self.save_folder(), &format!("{stem}.{}", format.as_str()))?;
        let table = opened.workshop.comment_table(&filter);
        let bytes = comment_table::render(&table, format).map_err(caucus::Error::from)?;
        let path = self.save(&target, &stem, format.as_str(), &bytes, "the comment table")?;
        tracing::info!(format = format.as_str(), rows = table.rows.len(), bytes = bytes.len(), path = %path.display(), "comment table exported");
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(TableExportedDto { path: path.to_string_lossy().into_owned(), file_name, bytes: bytes.len(), format: format.into(), rows: table.rows.len() })
    }

    /// Imports a delegation's comment table (DOCX, XLSX or CSV, told apart by `file_name` and
    /// the bytes): one thread per row, all or none (`Workshop::import_comment_table`). The rows
    /// are this device's member's, or `as_member`'s when the chair or the Secretariat records
    /// them on that member's behalf (the core checks it). A file over [`MAX_TABLE_BYTES`] is
    /// refused with `table.too_large` before it is read.
    pub fn import_comment_table(&self, file_name: &str, bytes: &[u8], as_member: Option<&str>) -> Result<TableImportReportDto, ErrorDto> {
        if bytes.len() > MAX_TABLE_BYTES {
            return Err(ErrorDto::new(
                codes::TABLE_TOO_LARGE,
                format!("The file is {} MiB; a comment table of up to {} MiB can be imported.", bytes.len().div_ceil(1 << 20), MAX_TABLE_BYTES >> 20),
            ));
        }
        let opened = self.opened()?;
        Self::require_notes(&opened)?;
        let as_member = as_member.map(str::trim).filter(|m| !m.is_empty());
        let report = opened.workshop.import_comment_table(file_name, bytes, as_member)?;
        tracing::info!(rows = report.rows, anchored = report.anchored, unanchored = report.unanchored.len(), on_behalf = report.recorded_by.is_some(), "comment table imported");
        Ok(TableImportReportDto::new(file_name, report))
    }

    /// [`Session::import_comment_table`] from the file at `path` (picked in the Open dialog or
    /// dropped on the window): a regular file of at most [`MAX_TABLE_BYTES`].
    pub fn import_comment_table_file(&self, path: &Path, as_member: Option<&str>) -> Result<TableImportReportDto, ErrorDto> {
        let bytes = files::read_for_import(path, MAX_TABLE_BYTES as u64).map_err(|err| match err {
            FileError::TooLarge { .. } => ErrorDto::new(codes::TABLE_TOO_LARGE, format!("{err}; a comment table of up to {} MiB can be imported.", MAX_TABLE_BYTES >> 20)),
            other => ErrorDto::from(other),
        })?;
        self.import_comment_table(&files::display_name(path), &bytes, as_member)
    }

    /// Imports a delegation's returned Word draft from the file at `path` (picked or dropped):
    /// one proposal per paragraph its tracked changes change, all or none
    /// (`Workshop::import_word_proposals`), this device's member's or `as_member`'s when the
    /// chair or the Secretariat records them on that member's behalf (the core checks it). A
    /// file over [`MAX_TABLE_BYTES`] is refused with `table.too_large` before it is read.
    pub fn import_word_proposals_file(&self, path: &Path, as_member: Option<&str>) -> Result<WordImportReportDto, ErrorDto> {
        let bytes = files::read_for_import(path, MAX_TABLE_BYTES as u64).map_err(|err| match err {
            FileError::TooLarge { .. } => ErrorDto::new(codes::TABLE_TOO_LARGE, format!("{err}; a Word draft of up to {} MiB can be imported.", MAX_TABLE_BYTES >> 20)),
            other => ErrorDto::from(other),
        })?;
        let opened = self.opened()?;
        Self::require_notes(&opened)?;
        let as_member = as_member.map(str::trim).filter(|m| !m.is_empty());
        let report = opened.workshop.import_word_proposals(&bytes, as_member)?;
        tracing::info!(proposals = report.proposals.len(), unmatched = report.unmatched.len(), on_behalf = report.recorded_by.is_some(), "returned Word draft imported");
        Ok(WordImportReportDto::new(&files::display_name(path), report))
    }

    // --- the webview's documents -----------------------------------------------------------

    /// Opens the webview's pipe of `doc`; it is remembered, and reopened with the same client and
    /// sink on a workshop reloaded after a failed save.
    ///
    /// Like [`Session::collab_send`] it holds `switching` throughout, so that a recovery never
    /// takes the pipes it reopens before this one is among them.
    pub fn collab_open(&self, workshop: &str, doc: &str, client_id: u64, sink: Sink) -> Result<(), ErrorDto> {
        let doc = collab_doc(doc)?;
        let switch = lock(&self.inner.switching);
        let opened = self.opened_locked(&switch)?;
        require_open(&opened, workshop)?;
        let result = opened.bridge.open(doc, client_id, Arc::clone(&sink));
        let mut pipes = lock(&opened.webview);
        pipes.retain(|p| p.doc != doc);
        match result {
            Ok(()) => {
                pipes.push(WebviewPipe { doc, client_id, sink, open: true });
                Ok(())
            }
            Err(e) => {
                let err = ErrorDto::from(e);
                // Opening the draft records the window's client id; on a full disk that fails
                // and the pipe is opened again by the recovery.
                if err.code.starts_with("store.") {
                    pipes.push(WebviewPipe { doc, client_id, sink, open: false });
                    drop(pipes);
                    self.schedule_recovery();
                }
                Err(err)
            }
        }
    }

    /// A batch of the webview's frames; returns once every update in it is committed. When a
    /// save fails the window keeps its edits and shows that they are not saved; the workshop is
    /// reloaded from disk after [`SAVE_RETRY`] and the window resynced with it (see `recover`).
    ///
    /// The window sends what a failed save left unsaved only in answer to a sync step 1, so
    /// every batch refused for want of a save must be followed by one. A failed save poisons the
    /// workshop, and the recovery reinstalls it with every pipe reopened; and the batch is
    /// handled with `switching` held, wholly before a recovery (or a switch) or wholly after it,
    /// never against the bridge the recovery closes: that refused the window's answer to the
    /// reopened pipe's step 1 with "pipe is not open" and left nothing to ask for it again.
    ///
    /// A batch names its workshop: one meant for a workshop the window has left meanwhile is
    /// refused (`app.workshop_not_open`), never applied to the open one's document of that name.
    pub fn collab_send(&self, workshop: &str, doc: &str, batch: &[u8]) -> Result<(), ErrorDto> {
        let doc = collab_doc(doc)?;
        let switch = lock(&self.inner.switching);
        let opened = self.opened_locked(&switch)?;
        require_open(&opened, workshop)?;
        let result = opened.bridge.receive(doc, batch).map_err(|e| ErrorDto::from(e));
        match &result {
            Err(err) if opened.workshop.needs_reload() || err.code.starts_with("store.") => {
                tracing::warn!(doc = %doc, code = err.code, "the window's changes are not saved; reloading from disk and retrying");
                let mut unsaved = lock(&self.inner.unsaved);
                if !unsaved.contains(&doc) {
                    unsaved.push(doc);
                }
                drop(unsaved);
                drop(switch);
                self.schedule_recovery();
            }
            Ok(()) => {
                let mut unsaved = lock(&self.inner.unsaved);
                if unsaved.contains(&doc) && answers_a_step_1(batch) {
                    unsaved.retain(|d| *d != doc);
                    tracing::info!(doc = %doc, "the window's changes are saved again");
                }
            }
            Err(_) => {}
        }
        result
    }

    /// Whether the window holds edits the core has not saved: a save failed and the window's
    /// answer since (which carries them) has not committed, or the workshop waits for its reload.
    /// Closing the window now would lose them (`close_guard`).
    pub fn holds_unsaved(&self) -> bool {
        !lock(&self.inner.unsaved).is_empty() || self.needs_recovery()
    }

    /// What the window said it holds: text typed and not saved yet (a translation in the Versions
    /// view, a comment, a reply or an outcome's observation being written), which only the window
    /// knows of.
    pub fn set_typed(&self, holds: bool) {
        self.inner.typed.store(holds, Ordering::SeqCst);
    }

    /// Whether the window last said it holds text typed and not saved ([`Session::set_typed`]).
    pub fn holds_typed(&self) -> bool {
        self.inner.typed.load(Ordering::SeqCst)
    }



}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Opens on `opened`'s bridge every webview pipe that is not open: each gets the core's sync
/// step 1, which the window answers with everything the core lacks.
fn reopen_pipes(opened: &Opened) {
    for pipe in lock(&opened.webview).iter_mut().filter(|p| !p.open) {
        match opened.bridge.open(pipe.doc, pipe.client_id, Arc::clone(&pipe.sink)) {
            Ok(()) => pipe.open = true,
            Err(e) => tracing::warn!(doc = %pipe.doc, code = e.code(), "the window's pipe is not reopened yet"),
        }
    }
}

/// Whether a batch of the window's frames holds a sync step 2: its answer to the core's step 1,
/// which carries every change of the window's the core lacked.
fn answers_a_step_1(batch: &[u8]) -> bool {
    use caucus::sync::protocol::{decode_frame, Message};
    caucus::sync::bridge::unpack(batch)
        .unwrap_or_default()
        .into_iter()
        .any(|frame| decode_frame(frame).is_ok_and(|messages| messages.iter().any(|m| matches!(m, Message::SyncStep2(_)))))
}

/// The window's documents are `workshop`'s: it must be the open one.
fn require_open(opened: &Opened, workshop: &str) -> Result<(), ErrorDto> {
    if opened.workshop.id() == workshop {
        Ok(())
    } else {
        Err(ErrorDto::new(codes::NOT_OPEN, "The window's changes were meant for a workshop that is no longer open; nothing of them was saved in the open one."))
    }
}

fn collab_doc(doc: &str) -> Result<DocName, ErrorDto> {
    match DocName::parse(doc) {
        Some(d @ (DocName::Draft | DocName::Notes)) => Ok(d),
        _ => Err(caucus::Error::Invalid(format!("the webview holds draft and notes, not `{doc}`")).into()),
    }
}


/// Whether this device's role may do `action` (`caucus::policy`: the one rule table of the core,
/// the relay, bundles and the pipe); no role, nothing.
fn permits(role: Option<Role>, action: Action) -> bool {
    role.is_some_and(|r| caucus::policy::permits(r, action).is_ok())
}

/// This device's role in `workshop`: its member's in the roster, else the one its invitation
/// names (before the roster arrived), else chair if it holds the chair's key.
fn device_role(caucus: &Caucus, workshop: &Workshop) -> Option<Role> {
    if let Ok(me) = workshop.me() {
        if let Some(m) = workshop.members().into_iter().find(|m| m.id == me) {
            return (m.removed.is_none() && !workshop.is_revoked(&m.id)).then_some(m.role);
        }
    }
    let now = caucus.host().clock.now().timestamp();
    if let Ok(Some(text)) = caucus.store().setting(&token::setting_key(workshop.id())) {
        if let Ok(claims) = token::decode(&text, now) {
            return Some(claims.role);
        }
    }
    match token::chair_signing_key(caucus, workshop) {
        Ok(Some(_)) => Some(Role::Chair),
        _ => None,
    }
}

/// The workshop the window opens at start: the one opened last, else one this device takes part
/// in, else the sample (created on the first start).
fn start_workshop(caucus: &Caucus) -> Result<Workshop, caucus::Error> {
    if let Some(id) = caucus.store().setting(LAST_WORKSHOP)? {
        if let Ok(w) = caucus.open_exact(&id) {
            return Ok(w);
        }
    }
    for summary in caucus.list()? {
        if caucus.store().identity(&summary.id)?.is_some() {
            if let Ok(w) = caucus.open_exact(&summary.id) {
                return Ok(w);
            }
        }
    }
    caucus.open_sample()
}

fn info(opened: &Opened) -> WorkshopInfoDto {
    let meta = opened.workshop.meta();
    let me_id = opened.workshop.me().ok();
    let me = me_id.and_then(|id| opened.workshop.members().into_iter().find(|m| m.id == id)).map(MemberDto::from);
    WorkshopInfoDto {
        id: opened.workshop.id().to_string(),
        title: meta.title,
        symbol: meta.symbol,
        meeting: meta.meeting,
        me,
        permissions: opened.bridge.permissions().into(),
        can_manage_members: permits(opened.role, Action::ManageMembers),
        can_freeze: permits(opened.role, Action::FreezeMilestone),
        relay: lock(&opened.sync).relay.clone(),
    }
}

/// The window's stage listener.
pub type StageListener = Arc<dyn Fn(&StageDto) + Send + Sync>;

/// The window's listener for changes of the versions.
pub type VersionsListener = Arc<dyn Fn() + Send + Sync>;

fn invalid(message: String) -> ErrorDto {
    caucus::Error::Invalid(message).into()
}

/// The stage in force in `opened`'s workshop and what this device's role may do in it, asked of
/// `caucus::policy::stage::permits_in` (the table every endpoint asks).
fn stage_of(opened: &Opened) -> StageDto {
    let workshop = &opened.workshop;
    let record = workshop.stage_record();
    let stage = record.as_ref().map(|r| r.stage).unwrap_or_default();
    let may = |action: Action| opened.role.is_some_and(|role| caucus::policy::stage::permits_in(stage, role, action).is_ok());
    let deadline = record.as_ref().and_then(|r| r.deadline.clone());
    let today = opened.caucus.host().clock.now().date_naive();
    let members = workshop.members();
    let set_by = record
        .as_ref()
        .filter(|r| !r.by.is_empty())
        .map(|r| members.iter().find(|m| m.id == r.by).map(|m| m.full_name()).unwrap_or_else(|| r.by.clone()));
    StageDto {
        stage: stage.to_string(),
        days_left: deadline.as_deref().and_then(|d| caucus::policy::stage::days_left(d, today)),
        deadline,
        set_by,
        set_at: record.as_ref().map(|r| r.created.clone()).filter(|c| !c.is_empty()),
        history: workshop
            .stage_history()
            .into_iter()
            .map(|r| StageRecordDto { stage: r.stage.to_string(), deadline: r.deadline, created: r.created })
            .collect(),
        can_set: may(Action::SetStage),
        can_write_draft: may(Action::Write(DocName::Draft)),
        can_comment: may(Action::Comment),
        can_reply: may(Action::Reply),
        can_support: may(Action::Support { own: true }),
        can_record_outcome: may(Action::RecordOutcome),
        can_apply: may(Action::ApplyProposal),
    }
}

fn members_dto(opened: &Opened) -> MembersDto {
    MembersDto {
        members: opened.workshop.members().into_iter().map(MemberDto::from).collect(),
        can_manage: permits(opened.role, Action::ManageMembers),
        me: opened.workshop.me().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faultfs;
    use crate::dto::{AccessDto, BracketStatusDto, CommentTableRequestDto as CommentTableRequest, ExportRequestDto as ExportRequest, GroupDto, ParaStatusDto, StatusDto, SyncStatusDto, TableFormatDto};
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

    fn workshop(session: &Session) -> Workshop {
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

        // A later start on the same data dir sees it (one app at a time owns a data directory).
        drop(session);
        let reopened = Session::open(dir.path()).milestones().expect("milestones");
        assert!(reopened.milestones.iter().any(|m| m.name == "Report to SC70"));
    }

    #[test]
    fn the_chair_restores_a_paragraph_from_a_milestone_and_the_log_says_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        session.create_milestone("Report to SC70").expect("create");
        let id = workshop(&session).view().expect("view").paragraphs[URGES_AT].para.id.clone();
        workshop(&session).set_text(URGES_AT, "URGES all Parties to:").expect("edit");
        let mine = session.compare("Report to SC70", None, Some("Dunmere")).expect("compare by author");
        assert!(mine.blocks.iter().flat_map(|b| &b.runs).any(|r| r.change.is_some()), "the chair's change shows");
        let others = session.compare("Report to SC70", None, Some("Kenya")).expect("compare by another");
        assert!(others.blocks.iter().flat_map(|b| &b.runs).all(|r| r.change.is_none()), "nobody else changed anything");

        let report = session.restore("Report to SC70", Some(&id)).expect("restore");
        assert_eq!((report.changed, report.brought_back, report.removed), (1, 0, 0));
        assert_eq!(workshop(&session).view().expect("view").paragraphs[URGES_AT].para.text(), "URGES Parties to:");
        let log = session.log(None).expect("log");
        let last = log.iter().rev().find(|l| l.kind == "restore").expect("the restore is logged");
        assert!(last.what.contains("Report to SC70") && last.by_name.contains("Dunmere"), "{last:?}");
        assert_eq!(session.restore("Report to SC70", Some("p-none")).expect_err("no such paragraph").code, "milestone.no_such_paragraph");
    }

    #[test]
    fn compare_marks_the_words_inserted_since_a_milestone_with_their_delegation() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        session.create_milestone("Report to SC70").expect("create");
        assert_eq!(workshop(&session).view().expect("view").paragraphs[URGES_AT].para.text(), "URGES Parties to:");
        workshop(&session).set_text(URGES_AT, "URGES all Parties to:").expect("edit");

        let doc = session.compare("Report to SC70", None, None).expect("compare");
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

        assert_eq!(session.compare("SC69", None, None).expect_err("no such milestone").code, "milestone.not_found");
    }

    /// The Status view's data: what the core computes, in the shape the UI reads, and kept current
    /// as brackets, comments and milestones change.
    #[test]
    fn negotiation_status_names_who_holds_what_and_what_changed_since_the_last_milestone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        let w = workshop(&session);
        let before = StatusDto::from(session.negotiation_status().expect("status"));
        assert_eq!(before.title, w.view().expect("view").meta.title);
        assert_eq!(before.since.as_ref().map(|s| (s.milestone.as_str(), s.by.as_slice())), Some((caucus::sample::SENT_FOR_COMMENTS, &["Arcadia".to_string()][..])), "the sample's milestone, and Arcadia's applied proposal since");
        assert!(before.counts.total > 0 && before.counts.total == before.counts.agreed + before.counts.agreed_ad_ref + before.counts.open, "{:?}", before.counts);

        session.create_milestone("Report to SC70").expect("create");
        let bracket = w.bracket(URGES_AT, "URGES ".len(), "Parties".len(), vec!["Kenya".into()]).expect("bracket");
        w.add_comment("URGES", "Too strong.", None, Some(URGES_AT)).expect("comment");
        w.set_text(URGES_AT + 1, "to act without delay;").expect("edit");

        let status = StatusDto::from(session.negotiation_status().expect("status"));
        let urges = status.paragraphs.iter().find(|p| p.position == URGES_AT).expect("URGES is under negotiation");
        let threads_before = before.paragraphs.iter().find(|p| p.position == URGES_AT).map_or(0, |p| p.open_threads);
        assert_eq!((urges.status, urges.open_brackets, urges.open_threads), (ParaStatusDto::Open, 1, threads_before + 1));
        assert_eq!(urges.citation, "1");
        let held = status.holders.iter().find(|h| h.delegation == "Kenya").expect("Kenya holds a bracket");
        assert_eq!(held.brackets, [bracket.clone()]);
        let open = status.open_brackets.iter().find(|b| b.id == bracket).expect("the bracket is listed");
        assert_eq!((open.position, open.text.as_str(), open.status), (URGES_AT, "Parties", BracketStatusDto::Open));
        let dunmere = status.undisposed.iter().find(|u| u.delegation == "Dunmere").expect("the chair's comment awaits an outcome");
        assert!(dunmere.total >= 1 && dunmere.total == dunmere.general + dunmere.technical + dunmere.editorial);
        let since = status.since.as_ref().expect("changes since the milestone");
        assert_eq!(since.milestone, "Report to SC70");
        assert!(since.edited >= 1, "{since:?}");

        // The JSON the window reads: the core's fields, holders as a list in name order.
        let json = serde_json::to_value(&status).expect("serialise");
        assert_eq!(json["paragraphs"][0]["status"].as_str().map(|s| ["agreed", "agreed-ad-ref", "open"].contains(&s)), Some(true), "{json}");
        assert_eq!(json["holders"].as_array().and_then(|h| h.iter().find(|h| h["delegation"] == "Kenya")).map(|h| h["brackets"].clone()), Some(serde_json::json!([bracket])));
        assert_eq!(json["since"]["milestone"], "Report to SC70");
        assert_eq!(json["counts"]["total"], status.counts.total);
    }

    /// The first look lists nothing; marking a thread seen needs the thread; the answer crosses
    /// as the window reads it.
    #[test]
    fn since_seen_starts_with_nothing_new_and_marking_a_thread_needs_its_id() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        let first = crate::dto::SinceSeenDto::from(session.since_seen().expect("since seen"));
        assert!(first.first_look && first.count == 0, "{first:?}");
        let again = session.since_seen().expect("since seen");
        assert!(!again.first_look && again.count() == 0, "{again:?}");
        let err = session.mark_seen(crate::dto::SeenPartDto::Thread, None).expect_err("which thread?");
        assert_eq!(err.code, "input.invalid");
        let json = serde_json::to_value(crate::dto::SinceSeenDto::from(session.mark_seen(crate::dto::SeenPartDto::All, None).expect("mark"))).expect("serialise");
        assert_eq!(json["count"], 0);
        assert!(json["paragraphs"].is_array() && json["threads"].is_array() && json["draft_seen"].is_string(), "{json}");
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

    /// The commands send DTOs, not the core's types: their JSON is the core's, key for key, so
    /// the webview reads what it read before (a bracket's status in kebab-case, plain marks omitted).
    #[test]
    fn the_draft_and_compare_dtos_carry_the_core_types_json_unchanged() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        session.create_milestone("Report to SC70").expect("create");
        workshop(&session).set_text(URGES_AT, "URGES all Parties to:").expect("edit");

        let view = session.draft_view().expect("view");
        let core = serde_json::to_value(&view).expect("serialise");
        assert_eq!(serde_json::to_value(crate::dto::DraftViewDto::from(view)).expect("serialise"), core);
        let doc = session.compare("Report to SC70", None, None).expect("compare");
        let core = serde_json::to_value(&doc).expect("serialise");
        assert_eq!(serde_json::to_value(crate::dto::CompareDocumentDto::from(doc)).expect("serialise"), core);
        let members = workshop(&session).members();
        let core = serde_json::to_value(&members).expect("serialise");
        let dtos: Vec<serde_json::Value> = members
            .into_iter()
            .map(|m| serde_json::to_value(MemberDto::from(m)).expect("serialise"))
            .collect();
        for (dto, member) in dtos.iter().zip(core.as_array().into_iter().flatten()) {
            for key in ["id", "name", "delegation", "role", "group", "added", "removed"] {
                assert_eq!(dto[key], member[key], "{key}");
            }
        }
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
        assert_eq!(session.compare("x", None, None).expect_err("compare"), err);
        assert_eq!(session.negotiation_status().expect_err("status"), err);
        let request = ExportRequest { format: "md".into(), ..ExportRequest::default() };
        assert_eq!(session.export(&request).expect_err("export"), err);
    }

    fn member_id(session: &Session, name_part: &str) -> String {
        session.members().expect("members").members.into_iter().find(|m| m.full_name.contains(name_part)).expect("member").id
    }

    /// While the window switches workshop, its other commands (polls of the current workshop, the
    /// status watch) keep coming; one of them must never open a workshop of its own and undo the
    /// switch.
    #[test]
    fn commands_during_a_switch_wait_for_it_and_never_undo_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        let sample = session.current().expect("the sample").id;
        let other = session.create_workshop("Wildlife cybercrime", "SC70 Doc. 1", "SC70").expect("create").id;
        let stop = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let _ = session.current();
                    }
                });
            }
            for round in 0..500 {
                let target = if round % 2 == 0 { &sample } else { &other };
                assert_eq!(&session.open_workshop(target).expect("switch").id, target);
                assert_eq!(&session.current().expect("current").id, target, "round {round}: the switch holds");
            }
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        });
    }

    #[test]
    fn later_starts_open_the_workshop_opened_last() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        let sample = session.current().expect("the sample");
        assert!(sample.can_manage_members && sample.can_freeze, "the sample's device chairs it");
        let made = session.create_workshop("Wildlife cybercrime", "SC70 Doc. 1", "SC70").expect("create");
        assert_ne!(made.id, sample.id);
        assert_eq!(made.symbol, "SC70 Doc. 1");
        drop(session);

        let again = Session::open(dir.path());
        assert_eq!(again.current().expect("current").id, made.id);
        let list = again.workshops().expect("list");
        assert_eq!(list.len(), 2);
        assert!(list.iter().any(|w| w.id == made.id && w.open && w.role == Some(RoleDto::Chair)));
        assert_eq!(again.open_workshop(&sample.id).expect("open").id, sample.id);
        assert_eq!(again.open_workshop("nope").expect_err("unknown").code, "workshop.not_found");
    }

    #[test]
    fn a_text_file_becomes_a_new_workshop() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        let text = std::fs::read_to_string("../tests/fixtures/cop17-com2-draft-decisions-wildlife-cybercrime.txt")
            .expect("the CoP17 fixture (tests/fixtures)");
        let info = session.import_workshop("cop17-com2.txt", text.as_bytes()).expect("import");
        assert!(info.can_manage_members);
        let view = session.draft_view().expect("view");
        assert!(view.paragraphs.iter().any(|p| p.number.as_deref() == Some("17.C")), "decisions labelled");
    }

    #[test]
    fn a_file_dropped_on_the_window_becomes_a_new_workshop_and_a_folder_or_a_large_table_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(&dir.path().join("data"));
        let drops = files::Drops::default();
        let file = dir.path().join("Wildlife cybercrime.txt");
        std::fs::copy("../tests/fixtures/cop17-com2-draft-decisions-wildlife-cybercrime.txt", &file).expect("the CoP17 fixture (tests/fixtures)");
        // The window is told a number and a name; the path stays here.
        let told = drops.dropped(&[file.clone()]).expect("told");
        assert_eq!((told.file_name.as_str(), told.more), ("Wildlife cybercrime.txt", false));
        let info = session.import_workshop_file(&drops.take(told.id).expect("waiting")).expect("import");
        assert_eq!(info.title, "DRAFT DECISIONS ON COMBATING WILDLIFE CYBERCRIME", "the draft of the dropped file");
        assert!(session.draft_view().expect("view").paragraphs.iter().any(|p| p.number.as_deref() == Some("17.C")), "decisions labelled");

        let folder = drops.dropped(&[dir.path().to_path_buf()]).expect("told");
        let before = session.workshops().expect("list").len();
        assert_eq!(session.import_workshop_file(&drops.take(folder.id).expect("waiting")).expect_err("a folder").code, "file.not_regular");
        assert_eq!(session.workshops().expect("list").len(), before, "nothing was created");
        let big = dir.path().join("big.csv");
        std::fs::write(&big, vec![b'a'; MAX_TABLE_BYTES + 1]).expect("write");
        assert_eq!(session.import_comment_table_file(&big, None).expect_err("too large").code, codes::TABLE_TOO_LARGE);
        let draft = dir.path().join("big.txt");
        std::fs::write(&draft, vec![b'a'; files::MAX_DRAFT_BYTES as usize + 1]).expect("write");
        assert_eq!(session.import_workshop_file(&draft).expect_err("too large").code, "file.too_large");
    }

    #[test]
    fn the_save_dialog_opens_in_the_folder_saved_into_last_and_the_chosen_file_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let exports = dir.path().join("out");
        let session = Session::open(&dir.path().join("data")).with_export_dir(&exports);
        let request = ExportRequest { format: "md".into(), since: None, marks: "tracked".into(), comments: false };
        let chosen = dir.path().join("elsewhere").join("For the Standing Committee.md");
        std::fs::create_dir_all(chosen.parent().expect("parent")).expect("folder");
        std::fs::write(&chosen, "an older file the person agreed to replace").expect("old");
        let mut asked = None;
        let saved = session
            .export_to(&request, |folder, name| {
                asked = Some((folder.to_path_buf(), name.to_string()));
                Ok(SaveTarget::Chosen(chosen.clone()))
            })
            .expect("saved");
        let (folder, name) = asked.expect("the dialog was asked");
        assert_eq!(folder, exports, "first time: the export folder");
        assert!(name.starts_with("CoP18-Doc-79.1-Annex-20") && name.ends_with(".md"), "the usual name is suggested: {name}");
        assert_eq!(PathBuf::from(&saved.path), chosen);
        let text = std::fs::read_to_string(&chosen).expect("read");
        assert!(text.contains("URGES") && !text.contains("older file"), "the export replaced the file whole");
        assert_eq!(session.save_folder(), dir.path().join("elsewhere"), "the folder is remembered");
        // Cancelled: nothing is written, and the code says so.
        let err = session.export_comment_table_to(&CommentTableRequest { format: "csv".into(), open_only: false, delegation: None, kind: None }, |folder, _| {
            assert_eq!(folder, dir.path().join("elsewhere"), "the next dialog opens where the last file went");
            Err(FileError::Cancelled)
        });
        assert_eq!(err.expect_err("cancelled").code, "file.cancelled");
        assert_eq!(std::fs::read_dir(dir.path().join("elsewhere")).expect("list").count(), 1);
    }

    /// A second device joins the sample with an invitation for `member` (no relay named, so
    /// nothing is fetched: the role comes from the invitation).
    fn joined(chair: &Session, member: &str, dir: &Path) -> Session {
        let id = member_id(chair, member);
        let invitation = chair.invite(&id, 7, None).expect("invite");
        let device = Session::open(dir);
        device.join(&invitation.token).expect("join");
        device
    }

    #[test]
    fn roles_decide_what_the_window_may_do() {
        let (a, b, c) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"));
        let chair = Session::open(a.path());

        let delegate = joined(&chair, "Borealia", b.path());
        let info = delegate.current().expect("current");
        assert_eq!((info.permissions.draft, info.permissions.notes, info.permissions.roster), (AccessDto::Write, AccessDto::Write, AccessDto::Read));
        assert!(!info.can_manage_members && !info.can_freeze);
        let new = NewMemberDto { name: "X".into(), delegation: "Y".into(), role: RoleDto::Delegate, group: GroupDto::Expert };
        assert_eq!(delegate.add_member(new.clone()).expect_err("a delegate").code, "role.forbidden");
        assert_eq!(delegate.remove_member("m").expect_err("a delegate").code, "role.forbidden");
        assert_eq!(delegate.invite("m", 7, None).expect_err("a delegate").code, "role.forbidden");
        assert_eq!(delegate.create_milestone("SC70").expect_err("a delegate").code, "role.forbidden", "the core's rule and code");

        let observer = joined(&chair, "Environmental law", c.path());
        let info = observer.current().expect("current");
        assert_eq!((info.permissions.draft, info.permissions.notes), (AccessDto::Read, AccessDto::Write));

        // The chair manages members; removing oneself is refused.
        let before = chair.members().expect("members").members.len();
        let after = chair.add_member(new).expect("add");
        assert_eq!(after.members.len(), before + 1);
        let me = chair.members().expect("members").me.expect("me");
        assert_eq!(chair.remove_member(&me).expect_err("oneself").code, "role.forbidden");
        let removed = chair.remove_member(&member_id(&chair, "X (Y)")).expect("remove");
        assert!(removed.members.iter().any(|m| m.name == "X" && m.removed.is_some()), "removed members stay listed");
    }

    /// A translation saved on another device (a translator's, arriving here as a bundle would, or
    /// the link) reaches the window's versions watch, which then reads the versions again.
    #[test]
    fn a_translation_saved_on_another_device_reaches_the_windows_versions_watch() {
        use caucus::cites::Lang;
        use caucus::model::roster::{Group, Role};
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let tx = Mutex::new(tx);
        session.watch_versions(Arc::new(move || {
            let _ = lock(&tx).send(());
        }));
        let here = session.workshop().expect("the sample is open");
        assert!(rx.recv_timeout(Duration::from_millis(500)).is_err(), "nothing changed yet");

        // The translator's device: the chair's workshop, adopted, as the translator.
        let translator = here
            .add_member(NewMember { name: "Tra".into(), delegation: "CITES Secretariat".into(), role: Role::Translator, group: Group::Secretariat })
            .expect("a translator")
            .id;
        let theirs_dir = tempfile::tempdir().expect("temp dir");
        let theirs = Caucus::open(theirs_dir.path()).expect("the translator's device");
        let bundle = caucus::bundle::export(&here, None).expect("the chair's bundle");
        caucus::bundle::import_with(&theirs, &bundle.bytes, caucus::bundle::ImportOptions { adopt: true }).expect("adopted");
        theirs
            .store()
            .put_identity(&caucus::store::IdentityRecord { workshop: here.id().to_string(), member: translator, public_key: Vec::new(), secret_key: None })
            .wait()
            .expect("identity");
        let there = theirs.open_exact(here.id()).expect("open");
        let missing = there.version_view(Lang::Fr).expect("the French version");
        let first = missing.paragraphs.first().expect("a paragraph").para.id.clone();
        there.translate_paragraph(Lang::Fr, &first, "Traduit ailleurs.").expect("translated there");
        while rx.try_recv().is_ok() {}

        // It arrives here: the window is told.
        let core = session.inner.core.as_ref().expect("the core");
        caucus::bundle::import(core, &caucus::bundle::export(&there, None).expect("their bundle").bytes).expect("their translation arrives");
        rx.recv_timeout(Duration::from_secs(60)).expect("the window's watch heard the French version change");
        let french = session.workshop().expect("workshop").version_view(Lang::Fr).expect("the French version");
        assert!(french.paragraphs.iter().any(|p| p.para.text() == "Traduit ailleurs."), "the window reads the translation");
    }

    /// The chair sets a comment round from the window: the stage, its deadline and what the
    /// device may do in it reach the window's watch; a proposal made through the window carries
    /// its type and wording; the chair records its outcome.
    #[test]
    fn the_stage_reaches_the_window_and_a_proposal_gets_an_outcome() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        let (tx, rx) = std::sync::mpsc::channel::<StageDto>();
        let tx = Mutex::new(tx);
        session.watch_stage(Arc::new(move |s: &StageDto| drop(lock(&tx).send(s.clone())))).expect("watch");
        let wait = |what: &str| rx.recv_timeout(Duration::from_secs(120)).unwrap_or_else(|_| panic!("the watch never said {what}"));
        let first = wait("the stage at first");
        assert_eq!(first, session.stage().expect("stage"), "the watch starts with the stage in force");
        assert!(first.can_set && first.can_write_draft, "the chair sets the stage and writes the draft in any stage but closed");

        // A deadline other than the sample's, so that this is a change.
        let deadline = if first.deadline.as_deref() == Some("2026-12-15") { "2026-12-16" } else { "2026-12-15" };
        let set = session.set_stage("comment-round", Some(deadline)).expect("set");
        assert_eq!((set.stage.as_str(), set.deadline.as_deref()), ("comment-round", Some(deadline)));
        assert!(set.days_left.is_some() && set.set_by.is_some() && set.history.len() == first.history.len() + 1);
        assert!(set.can_write_draft && set.can_record_outcome, "the chair still edits in a comment round");
        let pushed = wait("the comment round");
        assert_eq!(pushed, set, "the roster's change reaches the watch as the command returns it");
        assert_eq!(session.set_stage("comment-round", Some("15/12/2026")).expect_err("not a date").code, "input.invalid");
        assert_eq!(session.set_stage("voting", None).expect_err("no such stage").code, "input.invalid");

        let view = session.draft_view().expect("view");
        let para = view.paragraphs.iter().find(|p| p.para.text().matches("Parties").count() == 1).expect("a paragraph naming the Parties once");
        let comment = NewCommentDto {
            anchor_start: Vec::new(),
            anchor_end: Vec::new(),
            quote: "Parties".into(),
            para: para.para.id.clone(),
            body: "Say who.".into(),
            kind: Some("editorial".into()),
            proposal: Some(crate::dto::ProposalDto { kind: "replace".into(), text: "all Parties".into() }),
        };
        let id = session.add_comment(comment).expect("propose");
        let thread = session.workshop().expect("workshop").thread(&id).expect("thread");
        assert_eq!(thread.kind, CommentType::Editorial);
        assert_eq!(thread.proposal.as_ref().map(|p| (p.kind, p.text.as_str())), Some((ProposalKind::Replace, "all Parties")));
        assert_eq!(session.support(&id, false).expect_err("own delegation").code, "notes.own_delegation");
        session.record_outcome(&id, "accepted-modified", " Merged with Kenya's. ").expect("outcome");
        let outcome = session.workshop().expect("workshop").thread(&id).expect("thread").outcome.expect("an outcome");
        assert_eq!((outcome.outcome, outcome.observation.as_str()), (OutcomeKind::AcceptedModified, "Merged with Kenya's."));
        assert_eq!(session.record_outcome(&id, "maybe", "").expect_err("no such outcome").code, "input.invalid");

        // Applied from the window: the draft reads as proposed, once.
        let target = session.proposal_target(&id).expect("target");
        assert_eq!((target.kind.as_str(), target.current.as_str(), target.proposed.as_str()), ("replace", "Parties", "all Parties"));
        assert!(!target.stale && !target.done && !target.applied);
        assert!(session.stage().expect("stage").can_apply, "the chair applies proposals in a comment round");
        session.apply_proposal(&id, false).expect("apply");
        let text = |s: &Session| s.draft_view().expect("view").paragraphs.into_iter().find(|p| p.para.id == para.para.id).expect("paragraph").para.text();
        assert!(text(&session).contains("all Parties"));
        assert!(session.proposal_target(&id).expect("target").applied);
        let applied = text(&session);
        session.apply_proposal(&id, false).expect("again");
        assert_eq!(text(&session), applied, "applying twice changes nothing");

        session.set_stage("drafting", None).expect("back to drafting");
        assert_eq!(wait("drafting again").stage, "drafting");
    }

    #[test]
    fn the_status_says_local_until_a_relay_is_known_and_offline_is_remembered() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        assert_eq!(session.status().expect("status").state, "local");
        assert_eq!(session.go_online(None).expect_err("no relay").code, codes::NO_RELAY);
        assert_eq!(session.go_online(Some("ws://example.org:1")).expect_err("plain ws beyond loopback").code, "sync.not_loopback");

        let seen: Arc<Mutex<Vec<SyncStatusDto>>> = Arc::default();
        let log = Arc::clone(&seen);
        session.watch_status(Arc::new(move |s: &SyncStatusDto| log.lock().expect("log").push(s.clone()))).expect("watch");
        // Nothing listens on port 9: the link keeps trying.
        let online = session.go_online(Some("ws://127.0.0.1:9")).expect("online");
        assert_eq!(online.relay.as_deref(), Some("ws://127.0.0.1:9"));
        assert!(matches!(online.state, "connecting" | "offline"), "{online:?}");
        let offline = session.go_offline().expect("offline");
        assert_eq!((offline.state, offline.offline_chosen), ("offline", true));
        // Statuses are numbered, so the window can drop an answer that arrives after a newer push.
        assert!(offline.seq > online.seq);
        let pushed = seen.lock().expect("log").iter().map(|s| s.seq).collect::<Vec<_>>();
        assert!(pushed.windows(2).all(|w| w[0] < w[1]), "{pushed:?}");

        // Edits made offline are counted and reported as they happen.
        session.workshop().expect("workshop").set_text(URGES_AT, "URGES all Parties to:").expect("edit");
        let last = seen.lock().expect("log").last().cloned().expect("a status");
        assert!(last.unacknowledged >= 1, "{last:?}");
        drop(session);

        let again = Session::open(dir.path());
        let status = again.status().expect("status");
        assert_eq!((status.state, status.offline_chosen), ("offline", true), "the choice is remembered");
        assert_eq!(status.peers.len(), 1);
        assert_eq!(status.peers[0].address, "ws://127.0.0.1:9");
    }

    #[test]
    fn a_device_joins_directly_from_the_chairs_app_hosting_on_the_local_network() {
        let (a, b) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"));
        let chair = Session::open(a.path());
        let hosting = match chair.lan_host(true) {
            Ok(h) => h,
            // A machine without any network interface cannot host; say so rather than pass.
            Err(err) if err.code == codes::NO_NETWORK => panic!("this test needs a non-loopback interface: {err:?}"),
            Err(err) => panic!("hosting failed: {err:?}"),
        };
        let url = hosting.url.clone().expect("url");
        assert!(url.starts_with("wss://") && hosting.fingerprint.as_deref().is_some_and(|f| f.len() == 64), "{hosting:?}");

        // The invitation names the LAN relay and pins its certificate.
        let id = member_id(&chair, "Borealia");
        let invitation = chair.invite(&id, 7, None).expect("invite");
        assert_eq!(invitation.relay.as_deref(), Some(url.as_str()));

        let device = Session::open(b.path());
        let joined = device.join(&invitation.token).expect("join over the LAN");
        assert_eq!(joined.title, chair.current().expect("chair").title, "the workshop was fetched from the chair's app");
        assert_eq!(joined.me.as_ref().map(|m| m.role), Some(RoleDto::Delegate), "the roster arrived");
        assert_eq!(device.draft_view().expect("view"), chair.draft_view().expect("view"));

        // Hosting is remembered across starts, on the same port.
        drop(device);
        drop(chair);
        let again = Session::open(a.path());
        assert_eq!(again.lan_host_status().url.as_deref(), Some(url.as_str()));
        assert!(!again.lan_host(false).expect("stop").hosting);
    }

    /// The comment table of the sample, exported from the window in each format: a new file in
    /// the export folder named after the symbol with `comments`, its rows filtered as asked.
    #[test]
    fn the_comment_table_is_exported_into_the_export_folder_filtered() {
        let dir = tempfile::tempdir().expect("temp dir");
        let exports = dir.path().join("out");
        let session = Session::open(&dir.path().join("data")).with_export_dir(&exports);
        let all = session.workshop().expect("workshop").comment_table(&TableFilter::default()).rows.len();
        assert!(all >= 4, "the sample has a comment round in progress: {all} rows");
        let request = |format: &str| CommentTableRequestDto { format: format.into(), ..CommentTableRequestDto::default() };

        for (format, magic) in [("docx", &b"PK"[..]), ("xlsx", &b"PK"[..]), ("csv", "\u{feff}Delegation,".as_bytes())] {
            let saved = session.export_comment_table(&request(format)).expect("export");
            let path = PathBuf::from(&saved.path);
            assert_eq!(path.parent(), Some(exports.as_path()));
            assert!(saved.file_name.starts_with("CoP18-Doc-79.1-Annex-comments-20") && saved.file_name.ends_with(&format!(".{format}")), "{}", saved.file_name);
            let bytes = std::fs::read(&path).expect("the file exists");
            assert_eq!((bytes.len(), saved.rows), (saved.bytes, all));
            assert!(bytes.starts_with(magic), "{format} starts with {:?}", bytes.get(..8));
        }
        let again = session.export_comment_table(&request("csv")).expect("again");
        assert!(again.file_name.ends_with("-2.csv"), "never overwrites: {}", again.file_name);
        let csv = std::fs::read_to_string(&again.path).expect("read");
        assert!(csv.contains("Arcadia,2,\"p. 1, l. "), "Arcadia's row, with its line in the PDF: {csv}");

        let filtered = |r: CommentTableRequestDto| session.export_comment_table(&r).expect("filtered").rows;
        let open = filtered(CommentTableRequestDto { open_only: true, ..request("csv") });
        assert!(open > 0 && open < all, "open only: {open} of {all}");
        assert_eq!(filtered(CommentTableRequestDto { delegation: Some(" arcadia ".into()), ..request("csv") }), 1);
        assert_eq!(filtered(CommentTableRequestDto { kind: Some("editorial".into()), ..request("csv") }), 1);
        assert_eq!(filtered(CommentTableRequestDto { delegation: Some(String::new()), kind: Some(String::new()), ..request("csv") }), all);

        let bad = |r: CommentTableRequestDto| session.export_comment_table(&r).expect_err("refused").code;
        assert_eq!(bad(request("pdf")), "input.invalid");
        assert_eq!(bad(CommentTableRequestDto { kind: Some("urgent".into()), ..request("csv") }), "input.invalid");
    }

    /// A delegate imports their table from the window: one thread per row, a row citing no
    /// paragraph unanchored with why; a damaged or too large file changes nothing and says why
    /// by code; only the chair records a table on another member's behalf.
    #[test]
    fn a_delegate_imports_a_comment_table_and_gets_its_report() {
        let (a, b) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"));
        let chair = Session::open(a.path());
        let delegate = joined(&chair, "Borealia", b.path());
        // No relay between the two in this test: the delegate's device takes the chair's
        // documents as a peer would send them, and opens the workshop again with its roster.
        let (from, to) = (chair.workshop().expect("chair"), delegate.workshop().expect("delegate"));
        for doc in [DocName::Roster, DocName::Draft, DocName::Notes] {
            to.apply_remote(doc, &from.encode_state(doc), 1).expect("the chair's state");
        }
        delegate.open_workshop(to.id()).expect("reopen");
        let me = delegate.members().expect("members").me.expect("me");
        let threads = |s: &Session| s.workshop().expect("workshop").threads();
        let before = threads(&delegate).len();
        let csv = "Delegation,Paragraph,Type,Comment,Proposed change\r\n\
                   Borealia,2,Technical,Campaigns need a budget line.,raise public awareness within available resources\r\n\
                   Borealia,paragraph 99,General,There is no paragraph 99.,\r\n";

        let report = delegate.import_comment_table("Observations de la Borealia.csv", csv.as_bytes(), None).expect("import");
        assert_eq!((report.rows, report.anchored, report.unanchored.len()), (2, 1, 1), "{report:?}");
        assert_eq!((report.format, report.file_name.as_str()), (TableFormatDto::Csv, "Observations de la Borealia.csv"));
        assert_eq!((report.author.as_str(), report.recorded_by.as_deref()), (me.as_str(), None));
        let row = &report.unanchored[0];
        assert_eq!((row.source_row, row.paragraph.as_str()), (3, "paragraph 99"));
        assert!(row.why.contains("matches no paragraph"), "{row:?}");
        let now = threads(&delegate);
        assert_eq!(now.len(), before + 2);
        for id in &report.threads {
            let t = now.iter().find(|t| t.id == *id).expect("the thread is in the notes");
            assert_eq!((t.author.as_str(), t.delegation.as_str()), (me.as_str(), "Borealia"));
        }

        let damaged = delegate.import_comment_table("table.docx", b"PK\x03\x04 not a zip at all", None).expect_err("damaged");
        assert_eq!(damaged.code, "table.damaged");
        let big = vec![b'a'; MAX_TABLE_BYTES + 1];
        assert_eq!(delegate.import_comment_table("big.csv", &big, None).expect_err("too large").code, "table.too_large");
        let chair_id = member_id(&delegate, "Chair");
        let forged = delegate.import_comment_table("table.csv", csv.as_bytes(), Some(&chair_id)).expect_err("for the chair");
        assert!(forged.code.starts_with("rights.") || forged.code == "role.forbidden", "{forged:?}");
        assert_eq!(threads(&delegate).len(), before + 2, "a refused import adds no thread");

        // The chair records a table received by e-mail on the delegate's behalf.
        let on_behalf = chair.import_comment_table("borealia.csv", csv.as_bytes(), Some(&me)).expect("on behalf");
        assert_eq!((on_behalf.author.as_str(), on_behalf.recorded_by.as_deref()), (me.as_str(), chair.members().expect("members").me.as_deref()));
    }

    /// The window's copy of one document as its provider keeps it (ui/src/collab/provider.ts):
    /// it answers each sync step 1 from the core with everything the core lacks, from a thread
    /// of its own, and sends nothing else unasked once a save failed.
    struct Window {
        doc: Arc<Mutex<yrs::Doc>>,
        /// What each batch it sent was answered with.
        answers: Arc<Mutex<Vec<Result<(), String>>>>,
        /// While set, the core's step 1 waits (a second at most) for the window's answer to be
        /// handled: as a window that answers at once, before the core's call returns.
        eager: Arc<AtomicBool>,
    }

    impl Window {
        fn open(session: &Session, doc: &'static str, client_id: u64) -> Window {
            use caucus::sync::protocol::{self, Message};
            use yrs::updates::decoder::Decode;
            use yrs::{ReadTxn, Transact};
            let workshop = workshop(session).id().to_string();
            let options = yrs::Options { client_id: yrs::ClientID::new(client_id), skip_gc: true, ..yrs::Options::default() };
            let window = Window { doc: Arc::new(Mutex::new(yrs::Doc::with_options(options))), answers: Arc::default(), eager: Arc::default() };
            let (frames, inbox) = std::sync::mpsc::channel::<(Vec<u8>, std::sync::mpsc::Sender<()>)>();
            let eager = Arc::clone(&window.eager);
            let sink: Sink = Arc::new(move |frame: Vec<u8>| {
                let (handled, done) = std::sync::mpsc::channel();
                let step1 = matches!(protocol::decode_frame(&frame).as_deref(), Ok([Message::SyncStep1(_), ..]));
                if frames.send((frame, handled)).is_ok() && step1 && eager.load(Ordering::SeqCst) {
                    let _ = done.recv_timeout(Duration::from_secs(1));
                }
            });
            // The window does not keep the core open: it goes when the test drops its session.
            let (ydoc, answers, core, id) = (Arc::clone(&window.doc), Arc::clone(&window.answers), Arc::downgrade(&session.inner), workshop.clone());
            std::thread::spawn(move || {
                for (frame, handled) in inbox {
                    for message in protocol::decode_frame(&frame).expect("a well-formed frame from the core") {
                        match message {
                            Message::SyncStep1(sv) => {
                                let Some(inner) = core.upgrade() else { return };
                                let answer = protocol::encode_step2(lock(&ydoc).transact().encode_state_as_update_v1(&sv));
                                let sent = Session { inner }.collab_send(&id, doc, &caucus::sync::bridge::pack([answer.as_slice()]));
                                lock(&answers).push(sent.map_err(|e| e.code.to_string()));
                            }
                            Message::SyncStep2(u) | Message::Update(u) => {
                                let update = yrs::Update::decode_v1(&u).expect("an update from the core");
                                lock(&ydoc).transact_mut().apply_update(update).expect("applied");
                            }
                            _ => {}
                        }
                    }
                    let _ = handled.send(());
                }
            });
            session.collab_open(&workshop, doc, client_id, sink).expect("the pipe opens");
            let step1 = protocol::encode_step1(&lock(&window.doc).transact().state_vector());
            session.collab_send(&workshop, doc, &caucus::sync::bridge::pack([step1.as_slice()])).expect("the window's step 1");
            window
        }

        /// Types into paragraph `at` of the window's draft; returns the update as a frame.
        fn retype(&self, at: usize, text: &str) -> Vec<u8> {
            use yrs::{ReadTxn, Transact};
            let doc = lock(&self.doc);
            let before = doc.transact().state_vector();
            caucus::model::draft::Draft::new(&doc).set_text(&mut doc.transact_mut(), at, text).expect("an edit");
            let update = doc.transact().encode_state_as_update_v1(&before);
            caucus::sync::protocol::encode_update(update)
        }

        fn paragraphs(&self) -> usize {
            let doc = lock(&self.doc);
            let count = caucus::model::draft::Draft::new(&doc).paragraphs(&yrs::Transact::transact(&*doc)).len();
            count
        }
    }

    fn wait_for(what: &str, within: Duration, cond: impl Fn() -> bool) {
        let deadline = std::time::Instant::now() + within;
        while !cond() {
            assert!(std::time::Instant::now() < deadline, "{what}: not within {within:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn a_window_that_answers_the_reloaded_workshop_at_once_is_heard_and_its_unsaved_edit_saved_once_there_is_space() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fs = faultfs::arm(dir.path());
        let session = Session::open(dir.path());
        let window = Window::open(&session, "draft", 4242);
        wait_for("the window holds the draft", Duration::from_secs(10), || window.paragraphs() > URGES_AT && lock(&window.answers).len() == 1);

        // The disk fills: the edit is refused, and the window keeps it.
        fs.set(faultfs::Plan::WriteFailsAfter { bytes: 0, error: faultfs::WriteError::Full });
        let typed = window.retype(URGES_AT, "URGES all Parties, without delay, to:");
        assert!(!session.holds_unsaved());
        let id = workshop(&session).id().to_string();
        let err = session.collab_send(&id, "draft", &caucus::sync::bridge::pack([typed.as_slice()])).expect_err("nothing is saved");
        assert_eq!(err.code, "store.disk_full");
        assert!(session.holds_unsaved(), "closing the window now would lose the edit");

        // From now on the window answers the reloaded workshop's step 1 while the recovery is
        // still installing it: twice while the disk is still full.
        window.eager.store(true, Ordering::SeqCst);
        wait_for("two answers while the disk is full", Duration::from_secs(30), || lock(&window.answers).len() >= 3);
        assert!(lock(&window.answers)[1..].iter().all(|a| a.as_ref().err().map(String::as_str) == Some("store.disk_full")), "{:?}", lock(&window.answers));

        // Space again: the next answer is saved, and "saved" means on disk.
        fs.set(faultfs::Plan::Pass);
        wait_for("the window's edit saved", Duration::from_secs(30), || lock(&window.answers).last().is_some_and(Result::is_ok));
        assert_eq!(workshop(&session).paragraphs()[URGES_AT].para.text(), "URGES all Parties, without delay, to:");
        assert!(!session.holds_unsaved(), "the window may close");
        drop(session);
        wait_for("the window's handle on the core is let go", Duration::from_secs(10), || Arc::strong_count(&window.doc) == 1);
        let reopened = Caucus::open(dir.path()).expect("reopen").open_exact(&id).expect("the workshop");
        assert_eq!(reopened.paragraphs()[URGES_AT].para.text(), "URGES all Parties, without delay, to:");
    }

    #[test]
    fn a_batch_for_a_workshop_the_window_has_left_is_refused_and_never_lands_in_the_open_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        let sample = workshop(&session).id().to_string();
        let window = Window::open(&session, "draft", 4343);
        wait_for("the window holds the draft", Duration::from_secs(10), || window.paragraphs() > URGES_AT && lock(&window.answers).len() == 1);
        let typed = window.retype(0, "Typed in the sample just before leaving it");

        // The window moves to a new workshop and opens its draft; a batch of the sample's arrives late.
        let other = session.create_workshop("Somewhere else", "", "").expect("a new workshop");
        let _there = Window::open(&session, "draft", 4444);
        let before = workshop(&session).state_vector(DocName::Draft);
        let err = session.collab_send(&sample, "draft", &caucus::sync::bridge::pack([typed.as_slice()])).expect_err("not the open workshop");
        assert_eq!(err.code, codes::NOT_OPEN);
        assert_eq!(workshop(&session).id(), other.id);
        assert_eq!(workshop(&session).state_vector(DocName::Draft), before, "nothing of it reached the open workshop");
        let err = session.collab_open(&sample, "draft", 4343, Arc::new(|_| {})).expect_err("nor is a pipe opened for it");
        assert_eq!(err.code, codes::NOT_OPEN);
    }
}
