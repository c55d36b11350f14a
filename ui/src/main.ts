// Entry point of the webview: opens the current workshop's documents (collab session), mounts the
// editor and the comments panel in the Draft view, and switches between the views (Draft, Status,
// Members, Milestones with the compare view, Workshops); keeps the Status view current while it is
// shown (on the documents' changes) and shows its entries' places in the draft; re-mounts everything when another workshop opens;
// owns the export dialog, the sync status watch and the window's notices.

import type { Node as PMNode } from "prosemirror-model";
import { TextSelection } from "prosemirror-state";

import "./styles.css";
import { savedLater, UNSAVED, WRITE_ON_LOAD } from "./collab/provider";
import { ATTR_ID, MARK_BRACKET_ID, META, SCHEMA_VERSION } from "./collab/schema";
import { openCollab, type CollabSession } from "./collab/session";
import { mountComments, type CommentsPanel, type HeldTyping } from "./editor/comments";
import { mountDraftEditor, type DraftEditor, type EditorOptions } from "./editor/editor";
import { declaredSchemaVersion, isNewerDraft } from "./editor/opaque";
import { bracketMark } from "./editor/schema";
import { readThreads } from "./editor/threads";
import {
  appAbout,
  bracketChoose,
  commentAdd,
  commentApply,
  commentOutcome,
  commentProposalTarget,
  commentReply,
  commentResolve,
  commentSupport,
  commentTableSave,
  compare,
  draftRenumber,
  dropWatch,
  exportDraftSave,
  exportOpen,
  exportReveal,
  fileImportDraft,
  fileImportTable,
  filePick,
  wordProposalsImport,
  inviteCreate,
  joinLinkWatch,
  lanHost,
  lanHostStatus,
  lanPeers,
  memberAdd,
  memberRemove,
  membersList,
  milestoneCreate,
  milestoneRestore,
  milestoneRevert,
  milestonesList,
  negotiationStatus,
  stageSet,
  stageWatch,
  syncGoOffline,
  syncGoOnline,
  syncStatusWatch,
  workshopCreate,
  workshopCurrent,
  workshopJoin,
  workshopLog,
  workshopOpen,
  workshopsList,
  type CompareDocument,
  type IpcErrorBody,
  type JoinLink,
  type Members,
  type PendingFile,
  type MilestoneList,
  type Stage,
  type Versions,
  type WorkshopInfo,
} from "./ipc";
import { renderCompareBar } from "./views/compare";
import { el } from "./views/dom";
import { errorText, intlLocale, setLocale, t, toLocale, type Locale } from "./i18n";
import { appLocale, appLocaleSet, IpcError, versionAdd, versionsList, versionsWatch, versionTranslate, versionView, windowTyped } from "./ipc";
import { renderCompared } from "./views/draft";
import { renderError, toErrorBody } from "./views/error";
import { AboutDialog } from "./views/about";
import { ExportDialog } from "./views/export";
import { MembersView } from "./views/members";
import { MilestonesPanel } from "./views/milestones";
import { NegotiationView, type DraftPlace } from "./views/negotiation";
import { memberColor, renderReadOnlyBanner } from "./views/roles";
import { renderStageBanner, StageDialog } from "./views/stage";
import { SyncPanel } from "./views/sync";
import { TopBar, type ViewName } from "./views/topbar";
import { DiscardQuestion, Typed, TYPED_KEPT } from "./views/typed";
import { VersionsView } from "./views/versions";
import { WorkshopsView } from "./views/workshops";
// Since you last looked (issue #14 §5).
import { showSeen } from "./editor/seen";
import { markSeen, sinceSeen, type SinceSeen } from "./ipc";
import { SeenIndicator } from "./views/seen";

/** What one open workshop holds; `close` undoes it all, newest first. */
interface Mounted {
  info: WorkshopInfo;
  collab: CollabSession | null;
  cleanups: (() => void)[];
  /** The stage in force, as the core last said (null: not known: the role alone decides). */
  stage: Stage | null;
  /** Told of every stage the core sends once the draft is mounted. */
  onStage: ((stage: Stage) => void) | null;
  /** The editor mounted now (null before the documents are loaded, and once closed). */
  editor: DraftEditor | null;
}

class App {
  readonly #root: HTMLElement;
  readonly #topbar: TopBar;
  readonly #sync: SyncPanel;
  readonly #notices: HTMLElement;
  readonly #views: Record<ViewName, HTMLElement>;
  /** The Draft view: the page in the middle, the comments at the right. */
  readonly #draftDesk: HTMLElement;
  readonly #commentsPanel: HTMLElement;
  /** The Milestones view: the compared draft beside the milestones panel. */
  readonly #compareDesk: HTMLElement;
  readonly #milestonesSlot: HTMLElement;
  readonly #members: MembersView;
  readonly #status: NegotiationView;
  /** The draft's French and Spanish versions beside the original (issue #15 §2). */
  readonly #versions: VersionsView;
  readonly #workshops: WorkshopsView;
  readonly #dialog: ExportDialog;
  readonly #stageDialog: StageDialog;
  readonly #about: AboutDialog;
  /** "5 new" since this member last looked (issue #14 §5). */
  readonly #seen: SeenIndicator;
  /** Text typed and not saved (a translation, a comment, a reply or an observation being written), and the
   *  question asked before leaving the workshop or reloading would lose it. */
  readonly #typed = new Typed();
  readonly #discard = new DiscardQuestion();
  #panel: MilestonesPanel;
  #view: ViewName = "draft";
  #mounted: Mounted | null = null;
  #milestones: MilestoneList = { milestones: [], can_create: false };
  #comparing: string | null = null;
  /** Bumped by every switch of the compared page, so a late answer does not replace a newer page. */
  #compareGeneration = 0;
  /** The delegations whose changes the redline being shown holds, for its author filter. */
  #compareAuthors: string[] = [];
  /** Bumped by every workshop (re-)mount, so a slow open does not mount over a newer one. */
  #openGeneration = 0;
  /** Member id → `Name (Delegation)`, for the comments panel. */
  #names = new Map<string, string>();
  /** The roster as last listed (removed members too). */
  #roster: Members["members"] = [];
  /** Member id → the delegation they speak for (their delegation, else their name). */
  #speaksFor = new Map<string, string>();
  /** The comments panel mounted now (null while no draft is shown). */
  #comments: CommentsPanel | null = null;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#sync = new SyncPanel({
      goOnline: (relay) => syncGoOnline(relay),
      goOffline: () => syncGoOffline(),
      lanPeers: (seconds) => lanPeers(seconds),
      lanHost: (enable) => lanHost(enable),
      lanHostStatus: () => lanHostStatus(),
    });
    this.#topbar = new TopBar(
      {
        navigate: (view) => this.navigate(view),
        export: (opener) => this.openExport(opener),
        setStage: (opener) => {
          if (this.#mounted?.stage) this.#stageDialog.open(this.#mounted.stage, opener);
        },
        about: (opener) => void this.#about.open(opener),
      },
      this.#sync,
    );
    this.#notices = el("div", "notices", undefined, { "aria-live": "assertive" });
    this.#seen = new SeenIndicator({
      load: () => sinceSeen(),
      markAll: () => markSeen("all"),
      showParagraph: (paraId) => this.reveal({ paragraph: paraId, position: -1, bracket: null }),
      showThread: (threadId) => this.#showThread(threadId),
    });
    this.#topbar.mountSeen(this.#seen.element);

    this.#draftDesk = el("main", "desk", undefined, { "aria-busy": "true", "data-mode": "draft", "aria-label": t("nav-draft") });
    this.#commentsPanel = el("aside", "comments-panel", undefined, { "aria-label": t("comments-panel-label"), "data-testid": "comments-panel" });
    this.#compareDesk = el("div", "desk", undefined, { "data-mode": "compare-idle" });
    this.#milestonesSlot = el("div", "side-slot");
    this.#panel = this.#newMilestonesPanel();
    this.#members = new MembersView({
      list: () => membersList().then((m) => this.#rememberNames(m)),
      add: (member) => memberAdd(member).then((m) => this.#rememberNames(m)),
      remove: (id) => memberRemove(id).then((m) => this.#rememberNames(m)),
      invite: (id) => inviteCreate(id, 30, null),
    });
    this.#status = new NegotiationView({
      load: () => negotiationStatus(),
      loadLog: () => workshopLog(),
      reveal: (place) => this.reveal(place),
    });
    this.#versions = new VersionsView({
      list: () => versionsList().then((v) => this.#showVersionCounts(v)),
      add: (lang) => versionAdd(lang).then((v) => this.#showVersionCounts(v)),
      view: (lang) => versionView(lang),
      translate: (lang, paragraph, text, replaces) => versionTranslate(lang, paragraph, text, replaces),
      name: (id) => this.#names.get(id) ?? id,
      typed: this.#typed,
    });
    this.#workshops = new WorkshopsView({
      list: () => workshopsList(),
      open: (id) => this.#switching(() => workshopOpen(id)),
      create: (title, symbol, meeting) => this.#switching(() => workshopCreate(title, symbol, meeting)),
      join: (token) => this.#switching(() => workshopJoin(token)),
      pick: () => filePick("draft"),
      importFile: (id) => this.#switching(() => fileImportDraft(id)),
      opened: async (info) => {
        this.navigate("draft");
        await this.open(info);
      },
      showOpen: () => this.navigate("draft"),
      setLanguage: (chosen) => this.setLanguage(chosen),
    });
    this.#dialog = new ExportDialog(
      (request) => exportDraftSave(request),
      (request) => commentTableSave(request),
      { open: (path) => exportOpen(path), reveal: (path) => exportReveal(path) },
    );
    this.#stageDialog = new StageDialog(async (stage, deadline) => {
      const mounted = this.#mounted;
      const next = await stageSet(stage, deadline);
      if (mounted && this.#mounted === mounted) this.#applyStage(mounted, next);
      return next;
    });

    this.#about = new AboutDialog(() => appAbout(), (chosen) => this.setLanguage(chosen));
    // F1 opens About from anywhere in the window (the top bar's button is the other way).
    document.addEventListener("keydown", (e) => {
      if (e.key !== "F1" || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      e.preventDefault();
      const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      void this.#about.open(active);
    });

    const draft = el("div", "workspace view", undefined, { "data-view": "draft" });
    draft.append(this.#draftDesk, this.#commentsPanel);
    const milestones = el("div", "workspace view", undefined, { "data-view": "milestones" });
    milestones.append(this.#compareDesk, this.#milestonesSlot);
    const status = el("div", "sheet-desk view", undefined, { "data-view": "status" });
    status.append(this.#status.element);
    const versions = el("div", "sheet-desk view", undefined, { "data-view": "versions" });
    versions.append(this.#versions.element);
    const members = el("div", "sheet-desk view", undefined, { "data-view": "members" });
    members.append(this.#members.element);
    const workshops = el("div", "sheet-desk view", undefined, { "data-view": "workshops" });
    workshops.append(this.#workshops.element);
    this.#views = { draft, status, versions, milestones, members, workshops };
    this.#root.replaceChildren(this.#topbar.element, this.#topbar.banner, this.#notices, draft, status, versions, milestones, members, workshops, this.#dialog.element, this.#stageDialog.element, this.#about.element, this.#discard.element);
    // The core asks before the window closes while it holds typed text: it is kept told (and
    // told "none" at start, in case an earlier page of this window said otherwise).
    this.#typed.onChange((holds) => void windowTyped(holds).catch(() => {}));
    void windowTyped(false).catch(() => {});
    this.navigate("draft");
  }

  /**
   * A file dropped on the window: a draft to import in the Workshops view, a comment table in the
   * Draft view (its comments panel); elsewhere the window says where to drop it.
   */
  dropped(file: PendingFile): void {
    if (this.#view === "workshops") {
      this.#workshops.importFile(file);
    } else if (this.#view === "draft" && this.#comments) {
      this.#comments.importDropped(file);
    } else {
      this.notify(
        { code: "file.drop_here", message: t("error-file-drop_here") },
        t("notice-not-imported", { file: file.file_name }),
      );
    }
  }

  // ---- views -----------------------------------------------------------------------------------

  navigate(view: ViewName): void {
    const changed = view !== this.#view;
    this.#view = view;
    for (const [name, node] of Object.entries(this.#views)) node.hidden = name !== view;
    this.#topbar.setView(view);
    this.#sync.close(false);
    if (view === "members") {
      void this.#members.load();
      if (changed) this.#members.focus();
    } else if (view === "status") {
      void this.#status.load();
      if (changed) this.#status.focus();
    } else if (view === "versions") {
      void this.#versions.load();
      if (changed) this.#versions.focus();
    } else if (view === "workshops") {
      void this.#workshops.load();
      if (changed) this.#workshops.focus();
    } else if (view === "milestones") {
      void this.#loadMilestones();
    }
    if (changed) window.scrollTo(0, 0);
  }

  // ---- the open workshop -------------------------------------------------------------------------

  /**
   * Shows workshop `info`: closes what the previous one held (editor, comments, collab session,
   * sync watch), then opens its documents and mounts the editor once they hold the core's state.
   */
  async open(info: WorkshopInfo): Promise<void> {
    const generation = ++this.#openGeneration;
    this.#close();
    const mounted: Mounted = { info, collab: null, cleanups: [], stage: null, onStage: null, editor: null };
    this.#mounted = mounted;
    this.#root.dataset.ready = "false";
    document.title = info.symbol ? `${info.symbol} — Caucus` : info.title ? `${info.title} — Caucus` : "Caucus";
    this.#topbar.setWorkshop(info);
    this.#topbar.setSaveState(null);
    this.#members.setWorkshop(info);
    this.#status.setWorkshop(info);
    this.#versions.reset();
    this.#topbar.setVersions(null);
    void versionsList().then((v) => {
      if (this.#mounted === mounted) this.#topbar.setVersions(v);
    }, () => undefined);
    this.#seen.reset();
    this.#sync.reset();
    this.#resetMilestones();
    this.#notices.replaceChildren();
    this.#draftDesk.setAttribute("aria-busy", "true");
    this.#draftDesk.replaceChildren(el("p", "loading", t("workshop-opening")));
    this.#commentsPanel.replaceChildren();
    void this.#watchSync(mounted);
    this.#topbar.setStage(null);
    const stage = this.#watchStage(mounted);
    this.#names = new Map();
    this.#speaksFor = new Map();
    // Names for the comments panel; without them it shows member ids, so a failure is not fatal.
    const names = membersList()
      .then((m) => void this.#rememberNames(m))
      .catch((err: unknown) => console.warn("members for comment names", toErrorBody(err).code));

    const current = () => generation === this.#openGeneration;
    try {
      const collab = await openCollab(info);
      if (!current()) {
        collab.destroy();
        return;
      }
      mounted.collab = collab;
      mounted.cleanups.push(() => collab.destroy());
      let reported = false;
      let toldWriteOnLoad = false;
      mounted.cleanups.push(
        collab.onSaveState((state) => {
          reported = true;
          this.#topbar.setSaveState(state);
          if (state.error?.code === WRITE_ON_LOAD && !toldWriteOnLoad && current()) {
            toldWriteOnLoad = true;
            this.notify(state.error, t("notice-nothing-saved"));
          }
        }),
      );
      mounted.cleanups.push(armOnFirstInput(collab));
      mounted.cleanups.push(this.#watchForStatus(mounted, collab));
      mounted.cleanups.push(this.#watchForSeen(mounted, collab));
      // The editor is mounted on the core's state: an editor bound to an empty document would
      // write its own empty paragraph into the draft.
      await Promise.all([collab.synced, names, stage]);
      if (!current()) return;
      // Synced means the window holds what the core committed: nothing of ours is waiting.
      if (!reported) this.#topbar.setSaveState({ pending: 0, error: null, sent: 0, held: 0 });
      this.#mountDraft(mounted, collab);
      void this.#seen.refresh();
      this.#draftDesk.setAttribute("aria-busy", "false");
      this.#root.dataset.ready = "true";
    } catch (err) {
      if (!current()) return;
      this.#showOpenError(toErrorBody(err));
    }
  }

  /**
   * Runs `action`, which switches the shell to another workshop. The open workshop's documents are
   * closed first, so that nothing of theirs is sent once the shell holds the other workshop, and
   * only once nothing typed in them waits to be saved (edits the core could not save refuse the
   * switch: `collab.unsaved`); if the switch fails, the workshop that was open is opened again and
   * the error goes to the caller.
   */
  async #switching(action: () => Promise<WorkshopInfo>): Promise<WorkshopInfo> {
    // Closing drops the window's documents: edits on their way are saved first, and edits the
    // core could not save (a full disk) keep the window on their workshop.
    if (!(await this.#whenSaved())) throw new IpcError({ code: UNSAVED, message: t("error-collab-unsaved") });
    // Text typed and not saved goes with the workshop: only if the person says so.
    if (!(await this.#mayDropTyped())) throw new IpcError({ code: TYPED_KEPT, message: t("error-app-typed_kept") });
    await this.#dropTyped();
    const previous = this.#mounted?.info ?? null;
    ++this.#openGeneration;
    this.#close();
    this.#root.dataset.ready = "false";
    this.#topbar.setSaveState(null);
    this.#draftDesk.setAttribute("aria-busy", "true");
    this.#draftDesk.replaceChildren(el("p", "loading", t("workshop-opening")));
    try {
      return await action();
    } catch (err) {
      if (previous) void this.open(previous);
      else this.#draftDesk.replaceChildren(renderError(toErrorBody(err), t("error-title-no-workshop")));
      throw err;
    }
  }

  /**
   * Mounts the editor and the comments on the draft; again whenever the draft's layout version
   * crosses this version's (a draft needing a newer Caucus is shown read-only, with a notice).
   */
  #mountDraft(mounted: Mounted, collab: CollabSession): void {
    const meta = collab.draft.getMap<unknown>(META);
    let newer = isNewerDraft(meta);
    const readOnly = (): boolean => mounted.info.permissions.draft !== "write" || newer || mounted.stage?.can_write_draft === false;
    let shownReadOnly = readOnly();
    let current = this.#mountEditor(mounted, collab, newer, shownReadOnly);
    const remount = (): void => {
      // What is being written in the comments panel goes to the panel mounted next.
      const held = current.held();
      current.unmount();
      shownReadOnly = readOnly();
      current = this.#mountEditor(mounted, collab, newer, shownReadOnly, held);
    };
    const observer = (): void => {
      if (isNewerDraft(meta) === newer || this.#mounted !== mounted) return;
      newer = !newer;
      remount();
    };
    meta.observe(observer);
    // A stage that opens or closes the draft to this member re-mounts the editor (read-only or
    // not); any other change of the stage updates the banner and the comments in place.
    mounted.onStage = (stage) => {
      if (this.#mounted !== mounted) return;
      if (readOnly() !== shownReadOnly) remount();
      else current.setStage(stage);
    };
    mounted.cleanups.push(() => {
      mounted.onStage = null;
      meta.unobserve(observer);
      current.unmount();
    });
  }

  /** Mounts the editor and the comments panel; returns what unmounts them and what updates them for a new stage. */
  #mountEditor(
    mounted: Mounted,
    collab: CollabSession,
    newer: boolean,
    readOnly: boolean,
    resume?: HeldTyping,
  ): { unmount(): void; setStage(stage: Stage): void; held(): HeldTyping } {
    const { info } = mounted;
    const stageSlot = el("div", "stage-banner-slot");
    const showStageBanner = (stage: Stage | null): void => {
      const banner = renderStageBanner(stage, info);
      stageSlot.replaceChildren(...(banner ? [banner] : []));
    };
    showStageBanner(mounted.stage);
    const banners = [renderVersionBanner(collab, newer), renderReadOnlyBanner(info)].filter((b): b is HTMLElement => b !== null);
    const host = el("div", "editor-host");
    this.#draftDesk.replaceChildren(...banners, stageSlot, host);
    const options: EditorOptions = {
      draft: collab.draft,
      notes: collab.notes,
      awareness: collab.awareness,
      readOnly,
      canComment: info.permissions.notes === "write",
      user: { name: info.me?.full_name ?? t("role-reader"), color: memberColor(info.me?.id ?? info.id) },
      memberId: info.me?.id ?? "",
      chooseAlternative: (id) => bracketChoose(id),
      commentsRoot: this.#commentsPanel,
      comments: {
        add: (comment) => commentAdd(comment),
        reply: (thread, body) => commentReply(thread, body),
        resolve: (thread, resolved) => commentResolve(thread, resolved),
        support: (thread, withdraw) => commentSupport(thread, withdraw),
        outcome: (thread, outcome, observation) => commentOutcome(thread, outcome, observation),
        proposalTarget: (thread) => commentProposalTarget(thread),
        apply: (thread, confirm) => commentApply(thread, confirm),
      },
      onError: (err) => this.notify(toErrorBody(err), t("notice-change-refused")),
    };
    const editor = mountDraftEditor(host, options);
    mounted.editor = editor;
    const comments = mountComments(this.#commentsPanel, {
      ...options,
      editor,
      names: (id) => this.#names.get(id) ?? id,
      speaksFor: (id) => this.#speaksFor.get(id),
      myDelegation: info.me ? info.me.delegation || info.me.name : "",
      stage: mounted.stage,
      importTable: (id, asMember) => fileImportTable(id, asMember),
      pickTable: () => filePick("table"),
      // `word`: a returned Word draft's tracked changes as proposals.
      importWord: (id, asMember) => wordProposalsImport(id, asMember),
      pickWord: () => filePick("word"),
      // The chair and the Secretariat (who manage the members) record tables received by e-mail
      // on a member's behalf; the core checks it again.
      recordFor: () =>
        info.can_manage_members
          ? this.#roster.filter((m) => m.removed === null && m.id !== info.me?.id).map((m) => ({ id: m.id, label: m.full_name }))
          : [],
      opened: (threadId) => this.#threadSeen(mounted, threadId),
      typed: this.#typed,
      ...(resume ? { resume } : {}),
    });
    this.#comments = comments;
    const offSeen = this.#showSeenIn(editor, comments);
    return {
      unmount: () => {
        offSeen();
        if (mounted.editor === editor) mounted.editor = null;
        if (this.#comments === comments) this.#comments = null;
        comments.destroy();
        editor.destroy();
      },
      setStage: (stage) => {
        showStageBanner(stage);
        comments.setStage(stage);
      },
      held: () => comments.held(),
    };
  }

  /**
   * Keeps the Status view current while it is shown: reads it again when the draft or the notes
   * change. A peer's change reaches this window after the core holds it; this window's own is read
   * again once the core has committed it (nothing pending). Returns what stops watching.
   */
  #watchForStatus(mounted: Mounted, collab: CollabSession): () => void {
    let scheduled = false;
    const refresh = (): void => {
      if (scheduled || this.#view !== "status" || this.#mounted !== mounted) return;
      scheduled = true;
      // One read for a burst of updates (a sync delivers many in one task).
      queueMicrotask(() => {
        scheduled = false;
        if (this.#view === "status" && this.#mounted === mounted) void this.#status.load();
      });
    };
    collab.draft.on("update", refresh);
    collab.notes.on("update", refresh);
    const offSave = collab.onSaveState((state) => {
      if (state.pending === 0 && !state.error) refresh();
    });
    // The versions' counts (the top bar's) and the Versions view follow the original and the
    // versions: read again a moment after they stop changing (one read for a burst of typing,
    // never per key).
    let versionsTimer: ReturnType<typeof setTimeout> | null = null;
    const refreshVersions = (): void => {
      if (versionsTimer !== null) clearTimeout(versionsTimer);
      versionsTimer = setTimeout(() => {
        versionsTimer = null;
        if (this.#mounted !== mounted) return;
        if (this.#view === "versions") void this.#versions.load();
        else void versionsList().then((v) => this.#showVersionCounts(v), () => undefined);
      }, 1500);
    };
    collab.draft.on("update", refreshVersions);
    // And when a version changes: a translation saved on another device, arriving by sync.
    let stopped = false;
    let unwatchVersions: (() => void) | null = null;
    versionsWatch(refreshVersions).then(
      (unwatch) => {
        if (stopped) unwatch();
        else unwatchVersions = unwatch;
      },
      () => undefined,
    );
    return () => {
      stopped = true;
      unwatchVersions?.();
      collab.draft.off("update", refresh);
      collab.notes.off("update", refresh);
      collab.draft.off("update", refreshVersions);
      if (versionsTimer !== null) clearTimeout(versionsTimer);
      offSave();
    };
  }

  /** Shows the versions' counts in the top bar; returns them (the Versions view reads them too). */
  #showVersionCounts(versions: Versions): Versions {
    this.#topbar.setVersions(versions);
    return versions;
  }

  // ---- since you last looked (issue #14 §5) ------------------------------------------------------

  /**
   * Reads what is new again when the draft or the notes change (a peer's change reaches this
   * window after the core holds it), a quarter second after the last change of a burst, one read
   * in flight at a time (`SeenIndicator.refresh`): no polling. Returns what stops watching.
   */
  #watchForSeen(mounted: Mounted, collab: CollabSession): () => void {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = (): void => {
      if (this.#mounted !== mounted) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        if (this.#mounted === mounted) void this.#seen.refresh();
      }, 250);
    };
    collab.draft.on("update", refresh);
    collab.notes.on("update", refresh);
    return () => {
      if (timer) clearTimeout(timer);
      collab.draft.off("update", refresh);
      collab.notes.off("update", refresh);
      this.#seen.reset();
    };
  }

  /** Draws what is new in the draft (margin bars) and the comments panel ("New"), now and on every answer. */
  #showSeenIn(editor: DraftEditor, comments: { setSeen(threads: ReadonlySet<string>, replies: ReadonlySet<string>): void }): () => void {
    const apply = (seen: SinceSeen | null): void => {
      const paragraphs = (seen?.paragraphs ?? []).filter((p) => !p.deleted).map((p) => ({ paraId: p.para_id, delegations: p.delegations }));
      showSeen(editor.view, paragraphs);
      const threads = new Set((seen?.threads ?? []).filter((t) => t.new_thread).map((t) => t.thread_id));
      const replies = new Set((seen?.threads ?? []).flatMap((t) => t.replies));
      comments.setSeen(threads, replies);
    };
    apply(this.#seen.seen);
    return this.#seen.onChange(apply);
  }

  /** An invitation link opened the app: Workshops, with Join filled in and asking. */
  joinLink(link: JoinLink): void {
    this.navigate("workshops");
    this.#workshops.offerJoin(link);
  }

  /** The member opened a thread marked new: it is seen (the core records it). */
  #threadSeen(mounted: Mounted, threadId: string): void {
    markSeen("thread", threadId).then(
      (seen) => {
        if (this.#mounted === mounted) this.#seen.take(seen);
      },
      (err: unknown) => console.warn("mark a thread seen", toErrorBody(err).code),
    );
  }

  /** Shows a thread in the comments panel, opened (its words selected in the draft). */
  #showThread(threadId: string): void {
    this.navigate("draft");
    const thread = [...this.#commentsPanel.querySelectorAll<HTMLElement>(".thread[data-thread-id]")].find((t) => t.dataset.threadId === threadId);
    if (!thread) return;
    thread.hidden = false;
    thread.querySelector<HTMLElement>(".thread-head")?.click();
    thread.scrollIntoView({ block: "nearest" });
    thread.focus({ preventScroll: true });
  }

  /**
   * Shows `place` in the draft: switches to the Draft view, selects the bracket's words (else the
   * paragraph's text), scrolls it to the middle of the window and gives the editor the focus.
   */
  reveal(place: DraftPlace): void {
    this.navigate("draft");
    const editor = this.#mounted?.editor;
    if (!editor) return;
    const { view } = editor;
    const at = findParagraph(view.state.doc, place);
    if (!at) return;
    const { node, offset } = at;
    let from = offset + 1;
    let to = offset + 1 + node.content.size;
    if (place.bracket) {
      let start = -1;
      let end = -1;
      node.forEach((child, childOffset) => {
        if (!child.marks.some((m) => m.type === bracketMark && m.attrs[MARK_BRACKET_ID] === place.bracket)) return;
        if (start < 0) start = offset + 1 + childOffset;
        end = offset + 1 + childOffset + child.nodeSize;
      });
      if (start >= 0) [from, to] = [start, end];
    }
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, to)).scrollIntoView());
    view.focus();
    // Below the sticky bars, in the middle rather than at the edge.
    const dom = view.nodeDOM(offset);
    if (dom instanceof HTMLElement) dom.scrollIntoView({ block: "center" });
  }

  #rememberNames(members: Members): Members {
    this.#roster = members.members;
    this.#names = new Map(members.members.map((m) => [m.id, m.full_name]));
    this.#speaksFor = new Map(members.members.map((m) => [m.id, m.delegation || m.name]));
    return members;
  }

  /**
   * Watches the stage of the open workshop (set here or arriving by sync); resolves once the first
   * stage is known, or the watch failed (then the role alone decides, and the window says so).
   */
  async #watchStage(mounted: Mounted): Promise<void> {
    let first: () => void = () => {};
    const known = new Promise<void>((resolve) => (first = resolve));
    try {
      const unwatch = await stageWatch((stage) => {
        if (this.#mounted !== mounted) return;
        this.#applyStage(mounted, stage);
        first();
      });
      if (this.#mounted === mounted) mounted.cleanups.push(unwatch);
      else unwatch();
    } catch (err) {
      if (this.#mounted === mounted) this.notify(toErrorBody(err), t("notice-stage-unknown"));
      return;
    }
    await known;
  }

  #applyStage(mounted: Mounted, stage: Stage): void {
    const same = JSON.stringify(mounted.stage) === JSON.stringify(stage);
    mounted.stage = stage;
    this.#topbar.setStage(stage);
    if (!same) mounted.onStage?.(stage);
  }

  #showOpenError(error: IpcErrorBody): void {
    const panel = renderError(error, t("error-title-open"));
    const other = el("button", "button button-primary", t("workshop-open-another"), { type: "button", "data-action": "workshops" });
    other.addEventListener("click", () => this.navigate("workshops"));
    panel.append(other);
    this.#draftDesk.replaceChildren(panel);
    this.#draftDesk.setAttribute("aria-busy", "false");
    this.#topbar.setSaveState(null);
  }

  /** Undoes everything the open workshop holds, newest first; each step runs even if one fails. */
  #close(): void {
    const mounted = this.#mounted;
    this.#mounted = null;
    if (!mounted) return;
    for (const cleanup of mounted.cleanups.reverse()) {
      try {
        cleanup();
      } catch (err) {
        console.error("closing the workshop", err);
      }
    }
    mounted.cleanups = [];
    this.#draftDesk.replaceChildren();
    this.#commentsPanel.replaceChildren();
  }

  async #watchSync(mounted: Mounted): Promise<void> {
    try {
      const unwatch = await syncStatusWatch((status) => {
        if (this.#mounted === mounted) this.#sync.update(status);
      });
      if (this.#mounted === mounted) mounted.cleanups.push(unwatch);
      else unwatch();
    } catch (err) {
      if (this.#mounted === mounted) this.#sync.showWatchError(toErrorBody(err));
    }
  }

  /** An error that does not replace the page (a refused edit, a failed comment): shown until dismissed. */
  notify(error: IpcErrorBody, title: string): void {
    const notice = el("div", "notice", undefined, { role: "alert", "data-code": error.code, "data-testid": "notice" });
    const text = el("p", "notice-text");
    text.append(el("strong", undefined, t("notice-title", { title })), document.createTextNode(` ${errorText(error)}`), el("span", "error-code", ` ${t("error-code-short", { code: error.code })}`));
    const dismiss = el("button", "icon-button", "×", { type: "button", "aria-label": t("notice-dismiss") });
    dismiss.addEventListener("click", () => notice.remove());
    notice.append(text, dismiss);
    // The same error repeated (e.g. every keystroke refused) shows once.
    for (const old of this.#notices.querySelectorAll<HTMLElement>(".notice")) {
      if (old.dataset.code === error.code) old.remove();
    }
    this.#notices.append(notice);
    while (this.#notices.childElementCount > 3) this.#notices.firstElementChild?.remove();
  }

  /**
   * Remembers `chosen` as this device's language and draws the window again in it: once every edit
   * of this window is the core's (nothing pending), the page is reloaded, which opens the current
   * workshop again as a start does, every view built anew in the new language. While the core
   * cannot save (a full disk), the window keeps its edits and stays as it is: a reload would lose
   * them.
   */
  async setLanguage(chosen: Locale): Promise<void> {
    if (!(await this.#whenSaved())) {
      this.notify({ code: "app.language_later", message: t("language-later") }, t("language-not-switched"));
      return;
    }
    if (!(await this.#mayDropTyped())) {
      this.notify({ code: "app.language_typed_kept", message: t("language-typed-kept") }, t("language-not-switched"));
      return;
    }
    try {
      await appLocaleSet(chosen);
    } catch (err) {
      // Not remembered (no store: the core did not open): the reload would come back in the old one.
      // What was typed stays, and is still asked about.
      this.notify(toErrorBody(err), t("language-not-switched"));
      return;
    }
    await this.#dropTyped();
    window.location.reload();
  }

  /**
   * Resolves true when nothing typed and not saved would be lost, or once the person chose to
   * discard it (`#dropTyped` then lets go of it, once what would lose it goes ahead).
   */
  async #mayDropTyped(): Promise<boolean> {
    return !this.#typed.holds || (await this.#discard.ask(this.#typed.kinds));
  }

  /** Lets go of what was typed, the core told before this resolves (a reload cannot find it asking still). */
  async #dropTyped(): Promise<void> {
    if (!this.#typed.holds) return;
    this.#typed.clear();
    await windowTyped(false).catch(() => {});
  }

  /**
   * Resolves true once nothing of this window's edits is pending, false at once while it holds
   * edits the core could not save yet and keeps trying to (`savedLater`: a full disk).
   */
  #whenSaved(): Promise<boolean> {
    const collab = this.#mounted?.collab;
    if (!collab) return Promise.resolve(true);
    return new Promise((resolve) => {
      let answer: boolean | null = null;
      let off: (() => void) | null = null;
      off = collab.onSaveState((state) => {
        if (answer !== null) return;
        // Only what the core will still save holds the window; a refused edit (or a change held
        // back on opening) is never saved, and a reload is its cure.
        if (state.error && savedLater(state.error)) answer = false;
        else if (state.pending === 0) answer = true;
        else return;
        resolve(answer);
        off?.();
      });
      // The first state is told at once: it may have answered before `off` existed.
      if (answer !== null) off();
    });
  }

  /** Start-up failed before any workshop: the Workshops view still works. */
  showStartError(error: IpcErrorBody): void {
    this.#root.dataset.ready = "false";
    this.#topbar.setWorkshop(null);
    this.#members.setWorkshop(null);
    this.#status.setWorkshop(null);
    this.#showOpenError(error);
  }

  // ---- milestones, compare, export -----------------------------------------------------------------

  #newMilestonesPanel(): MilestonesPanel {
    const panel = new MilestonesPanel({
      compare: (name) => void this.showCompare(name),
      create: async (name, renumber) => {
        if (renumber) await draftRenumber();
        const list = await milestoneCreate(name);
        this.#milestones = list;
        return list;
      },
    });
    this.#milestonesSlot.replaceChildren(panel.element);
    return panel;
  }

  #resetMilestones(): void {
    ++this.#compareGeneration;
    this.#milestones = { milestones: [], can_create: false };
    this.#comparing = null;
    this.#panel = this.#newMilestonesPanel();
    this.#showCompareIdle();
    void this.#loadMilestones();
  }

  #showCompareIdle(): void {
    const card = el("section", "idle-card", undefined, { "aria-labelledby": "compare-idle-title" });
    card.append(
      el("h1", "idle-title", t("compare-idle-title"), { id: "compare-idle-title" }),
      el("p", undefined, t("compare-idle-body")),
    );
    this.#compareDesk.replaceChildren(card);
    this.#compareDesk.dataset.mode = "compare-idle";
  }

  async #loadMilestones(): Promise<void> {
    const panel = this.#panel;
    try {
      const list = await milestonesList();
      if (panel !== this.#panel) return;
      this.#milestones = list;
      panel.update(list);
    } catch (err) {
      if (panel === this.#panel) panel.showLoadError(toErrorBody(err));
    }
  }

  openExport(opener: HTMLElement | null): void {
    // Newest first: the core lists them oldest first, in the order they were frozen.
    const names = [...this.#milestones.milestones].reverse().map((m) => m.name);
    this.#dialog.open(names, this.#view === "milestones" ? this.#comparing : null, opener, this.#delegationsWithComments());
  }

  /** The delegations the open workshop's comments speak for, for the comment table's filter. */
  #delegationsWithComments(): string[] {
    const notes = this.#mounted?.collab?.notes;
    if (!notes) return [];
    const threads = readThreads(notes, { speaksFor: (m) => this.#speaksFor.get(m), stages: this.#mounted?.stage?.history ?? [] });
    return [...new Set(threads.map((t) => t.delegation).filter(Boolean))].sort((a, b) => a.localeCompare(b));
  }

    async showCompare(name: string, author: string | null = null): Promise<void> {
    const generation = ++this.#compareGeneration;
    const desk = this.#compareDesk;
    desk.setAttribute("aria-busy", "true");
    try {
      const doc = await compare(name, null, author);
      if (generation !== this.#compareGeneration) return;
      // The delegations that changed something since: from the whole redline, kept while one is chosen.
      if (author === null || this.#comparing !== name) this.#compareAuthors = authorsOf(doc);
      const canRestore = this.#milestones.can_create;
      const bar = renderCompareBar(doc, {
        back: () => this.showDraft(),
        exportChanges: () => this.openExport(bar.querySelector<HTMLElement>('[data-action="export"]')),
        authors: this.#compareAuthors,
        author,
        filter: (next) => void this.showCompare(name, next),
        restoreDraft: canRestore ? () => this.#restore(name, null, author) : null,
        revertAuthor: canRestore ? (who) => this.#revert(name, who) : null,
      });
      const page = renderCompared(doc);
      if (canRestore) addParagraphRestores(page, doc, name, (para) => this.#restore(name, para, author));
      desk.replaceChildren(bar, page);
      this.#comparing = name;
      desk.dataset.mode = "compare";
    } catch (err) {
      if (generation !== this.#compareGeneration) return;
      const panel = renderError(toErrorBody(err), t("error-title-compare", { milestone: name }));
      const back = el("button", "button button-primary", t("compare-back"), { type: "button", "data-action": "back" });
      back.addEventListener("click", () => this.showDraft());
      panel.append(back);
      desk.replaceChildren(panel);
      this.#comparing = null;
      desk.dataset.mode = "error";
    } finally {
      if (generation === this.#compareGeneration) desk.setAttribute("aria-busy", "false");
    }
    this.#panel.setComparing(this.#comparing);
    window.scrollTo(0, 0);
    desk.querySelector<HTMLElement>("#compare-title, .error-panel button")?.focus({ preventScroll: true });
    // The first change is what the person came for: bring it into view below the sticky bars.
    desk.querySelector(".page .para-changed")?.scrollIntoView({ block: "center" });
  }

  /** Undoes delegation `who`'s changes since milestone `name`, then shows the comparison again. */
  async #revert(name: string, who: string): Promise<void> {
    try {
      const report = await milestoneRevert(name, who);
      await this.showCompare(name, who);
      const parts = [
        report.changed ? t("paragraphs-changed-back", { count: report.changed }) : "",
        report.brought_back ? t("paragraphs-brought-back", { count: report.brought_back }) : "",
        report.removed ? t("paragraphs-removed", { count: report.removed }) : "",
      ].filter(Boolean);
      const said = parts.length ? t("revert-done", { who, milestone: name, parts: listOf(parts) }) : t("revert-done-none", { who, milestone: name });
      this.#compareDesk.querySelector(".compare-status")?.replaceChildren(said);
    } catch (err) {
      const body = toErrorBody(err);
      this.#compareDesk.querySelector(".compare-status")?.replaceChildren(t("revert-failed", { message: errorText(body), code: body.code }));
    }
  }

  /**
   * Brings back the draft (`para` null) or one paragraph as milestone `name` holds it, then shows
   * the comparison again; the outcome is announced in the compare bar's status line.
   */
  async #restore(name: string, para: string | null, author: string | null): Promise<void> {
    try {
      const report = await milestoneRestore(name, para);
      await this.showCompare(name, author);
      const parts = [
        report.brought_back ? t("paragraphs-brought-back", { count: report.brought_back }) : "",
        report.removed ? t("paragraphs-added-removed", { count: report.removed }) : "",
        report.changed ? t("paragraphs-changed-back", { count: report.changed }) : "",
      ].filter(Boolean);
      const what = para ? "paragraph" : "draft";
      const said = parts.length ? t("restore-done", { what, milestone: name, parts: listOf(parts) }) : t("restore-done-none", { what, milestone: name });
      this.#compareDesk.querySelector(".compare-status")?.replaceChildren(said);
    } catch (err) {
      const body = toErrorBody(err);
      this.#compareDesk.querySelector(".compare-status")?.replaceChildren(t("restore-failed", { message: errorText(body), code: body.code }));
    }
  }

  /** Leaves the compare view for the live draft. */
  showDraft(): void {
    ++this.#compareGeneration;
    this.#comparing = null;
    this.#panel.setComparing(null);
    this.#showCompareIdle();
    this.navigate("draft");
  }
}

/** The delegations named as authors of a redline's changes, sorted. */
function authorsOf(doc: CompareDocument): string[] {
  const authors = new Set<string>();
  for (const block of doc.blocks) {
    if (block.change?.author) authors.add(block.change.author);
    for (const run of block.runs) if (run.change?.author) authors.add(run.change.author);
  }
  return [...authors].sort((a, b) => a.localeCompare(b));
}

/**
 * A "Restore" button on each changed paragraph of the compared page that the milestone holds (one
 * added since has nothing to go back to), for the chair and the Secretariat.
 */
function addParagraphRestores(page: HTMLElement, doc: CompareDocument, milestone: string, restore: (para: string) => Promise<void>): void {
  for (const block of doc.blocks) {
    const changed = block.change !== null || block.runs.some((r) => r.change);
    const addedSince = block.change?.kind === "inserted" && !block.change.moved;
    const movedTo = block.change?.moved && block.change.kind === "inserted";
    if (!changed || addedSince || movedTo) continue;
    const node = page.querySelector<HTMLElement>(`#${CSS.escape(`p-${block.id}${block.change?.moved ? "-moved-from" : ""}`)}`);
    if (!node) continue;
    const button = el("button", "button button-small para-restore", t("restore-paragraph"), {
      type: "button",
      "data-action": "restore-paragraph",
      "data-para": block.id,
      "aria-label": block.number ? t("restore-paragraph-label", { number: block.number, milestone }) : t("restore-this-paragraph-label", { milestone }),
      title: block.number ? t("restore-paragraph-title", { number: block.number, milestone }) : t("restore-this-paragraph-title", { milestone }),
    });
    button.addEventListener("click", () => {
      button.disabled = true;
      void restore(block.id);
    });
    node.append(button);
  }
}

/** Paragraph `place.paragraph` of the editor's document (by id, else by position), with its offset. */
function findParagraph(doc: PMNode, place: DraftPlace): { node: PMNode; offset: number } | null {
  let offset = 0;
  for (let i = 0; i < doc.childCount; i++) {
    const node = doc.child(i);
    if (place.paragraph && node.attrs[ATTR_ID] === place.paragraph) return { node, offset };
    offset += node.nodeSize;
  }
  if (place.position < 0 || place.position >= doc.childCount) return null;
  offset = 0;
  for (let i = 0; i < place.position; i++) offset += doc.child(i).nodeSize;
  return { node: doc.child(place.position), offset };
}

/** The notice above a draft that needs a newer Caucus than this one, or null. */
function renderVersionBanner(collab: CollabSession, newer: boolean): HTMLElement | null {
  if (!newer) return null;
  const declared = declaredSchemaVersion(collab.draft.getMap<unknown>(META));
  const banner = el("div", "role-banner version-banner", undefined, { role: "note", "data-testid": "version-banner", "data-version": String(declared) });
  banner.append(
    el("strong", "role-banner-lead", t("version-banner-lead")),
    document.createTextNode(` ${t("version-banner-body", { declared: String(declared), known: String(SCHEMA_VERSION) })}`),
  );
  return banner;
}

/**
 * Arms the collab session (its documents' changes count as edits) at the window's first user input;
 * returns what removes the listeners.
 */
function armOnFirstInput(collab: CollabSession): () => void {
  const events = ["keydown", "pointerdown", "mousedown", "beforeinput", "paste", "drop", "cut", "compositionstart"] as const;
  const arm = (): void => {
    collab.arm();
    off();
  };
  const off = (): void => {
    for (const type of events) document.removeEventListener(type, arm, true);
  };
  for (const type of events) document.addEventListener(type, arm, true);
  return off;
}

/** A list of translated phrases as the window's language writes lists (`a, b, c`). */
function listOf(parts: string[]): string {
  return new Intl.ListFormat(intlLocale(), { style: "short", type: "unit" }).format(parts);
}

/**
 * The window's language before anything is drawn: the one this device remembers, else the
 * system's (the shell reads LC_ALL, LC_MESSAGES, LANG); outside the shell, the browser's.
 */
async function chooseLocale(): Promise<void> {
  let chosen: Locale;
  try {
    chosen = toLocale((await appLocale()).locale);
  } catch {
    chosen = toLocale(typeof navigator === "undefined" ? "en" : navigator.language);
  }
  setLocale(chosen);
}

async function start(root: HTMLElement): Promise<void> {
  await chooseLocale();
  const app = new App(root);
  // Files dropped on the window reach the shell (Tauri's drag-drop event); it tells their names.
  dropWatch((file) => app.dropped(file)).catch((err: unknown) => app.notify(toErrorBody(err), t("notice-drops-off")));
  let info: WorkshopInfo;
  try {
    info = await workshopCurrent();
  } catch (err) {
    app.showStartError(toErrorBody(err));
    return;
  }
  await app.open(info);
  // Invitation links the app is handed (the one it started with, later ones from a second start):
  // after the first workshop is shown, so that Join is where the window stays.
  joinLinkWatch((link) => app.joinLink(link)).catch((err: unknown) => app.notify(toErrorBody(err), t("notice-links-off")));
}

const root = document.getElementById("app");
if (root) void start(root);
