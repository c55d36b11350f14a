//! The workshop's link to its relay and the sync status the window shows: starting and stopping the `Link`, working offline (remembered per workshop), counting this device's changes while no link is synced, and pushing every status to the window's listener.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use caucus::model::DocName;
use caucus::sync::client::{Link, LinkState, LinkStatus};
use caucus::sync::invitation;
use caucus::workshop::Subscription;
use caucus::Coded;

use crate::dto::{codes, ErrorDto, PeerDto, SyncStatusDto};
use crate::session::{lock, Opened, Session};

pub(crate) fn offline_key(workshop: &str) -> String {
    format!("app.offline:{workshop}")
}

pub(crate) fn synced_key(workshop: &str) -> String {
    format!("app.synced:{workshop}")
}

/// Listens to the sync status.
pub type StatusListener = Arc<dyn Fn(&SyncStatusDto) + Send + Sync>;

/// The link of the open workshop and what the window is told about it.
#[derive(Default)]
pub(crate) struct SyncState {
    pub(crate) relay: Option<String>,
    pub(crate) offline_chosen: bool,
    pub(crate) link: Option<Link>,
    pub(crate) status: Option<LinkStatus>,
    pub(crate) last_synced: Option<String>,
    /// Bumped at every link start, so an old link's watcher stops reporting.
    pub(crate) generation: u64,
}

impl Session {
    /// Counts this device's own changes — its commands (LOCAL) and the webview's edits, not what
    /// peers sent — and tells the window while no link is synced (the link reports its own count).
    pub(crate) fn count_local_changes(&self, opened: &Arc<Opened>) -> Vec<Subscription> {
        DocName::ALL
            .into_iter()
            .map(|doc| {
                let webview = opened.bridge.origins();
                let weak_opened = Arc::downgrade(opened);
                let weak_inner = Arc::downgrade(&self.inner);
                opened.workshop.subscribe(doc, move |origin, _| {
                    if origin != caucus::workshop::LOCAL && !webview.contains(origin) {
                        return;
                    }
                    let (Some(opened), Some(inner)) = (weak_opened.upgrade(), weak_inner.upgrade()) else { return };
                    opened.offline_changes.fetch_add(1, Ordering::Relaxed);
                    // Shown only while a relay is known and not synced: a local-only workshop
                    // shows no count, and a synced link reports its own.
                    let pending_shown = {
                        let sync = lock(&opened.sync);
                        sync.relay.is_some() && !sync.status.as_ref().is_some_and(|s| s.state == LinkState::Synced)
                    };
                    if pending_shown {
                        Session { inner }.notify(&opened);
                    }
                })
            })
            .collect()
    }

    /// Calls `listener` with the status now and at every change, instead of the earlier listener.
    pub fn watch_status(&self, listener: StatusListener) -> Result<(), ErrorDto> {
        let opened = self.opened()?;
        listener(&status_of(&opened));
        // One window, one status line: a new watch (the webview reloaded, or reopened its
        // views) replaces the earlier one.
        *self.inner.listeners.lock().unwrap_or_else(|p| p.into_inner()) = vec![listener];
        Ok(())
    }

    #[cfg(test)]
    pub fn status(&self) -> Result<SyncStatusDto, ErrorDto> {
        let opened = self.opened()?;
        Ok(status_of(&opened))
    }

    /// Connects to `relay` (remembered as the workshop's) or to the one it syncs with.
    pub fn go_online(&self, relay: Option<&str>) -> Result<SyncStatusDto, ErrorDto> {
        let opened = self.opened()?;
        let relay = relay.map(str::trim).filter(|r| !r.is_empty());
        if let Some(relay) = relay {
            invitation::remember_relay(&opened.caucus, opened.workshop.id(), relay)?;
        }
        let known = invitation::relay_of(&opened.caucus, &opened.workshop)?.map(|(r, _)| r);
        if known.is_none() {
            return Err(ErrorDto::new(codes::NO_RELAY, "This workshop has no relay yet: enter its address (ws:// on this computer, wss:// elsewhere)."));
        }
        opened.caucus.store().put_setting(&offline_key(opened.workshop.id()), "0").wait()?;
        self.stop_link(&opened);
        {
            let mut sync = lock(&opened.sync);
            sync.relay = known;
            sync.offline_chosen = false;
        }
        self.start_link(&opened);
        self.notify(&opened);
        Ok(status_of(&opened))
    }

    /// Work offline: closes the link; edits keep being saved here.
    pub fn go_offline(&self) -> Result<SyncStatusDto, ErrorDto> {
        let opened = self.opened()?;
        opened.caucus.store().put_setting(&offline_key(opened.workshop.id()), "1").wait()?;
        lock(&opened.sync).offline_chosen = true;
        self.stop_link(&opened);
        self.notify(&opened);
        tracing::info!("working offline");
        Ok(status_of(&opened))
    }

    pub(crate) fn start_link(&self, opened: &Arc<Opened>) {
        let relay = match invitation::relay_of(&opened.caucus, &opened.workshop) {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(err) => {
                tracing::warn!(code = err.code(), "no relay settings");
                return;
            }
        };
        let (url, trust) = relay;
        let mut options = match invitation::link_options(&opened.caucus, &opened.workshop, trust) {
            Ok(o) => o,
            Err(err) => {
                tracing::warn!(code = err.code(), "cannot link");
                return;
            }
        };
        // What the relay sends is not this device's to filter: the relay admits only what the
        // sender's role may write. (The device's own role limits what its webview may write.)
        options.presence = Some(Arc::clone(opened.bridge.presence()));
        let _guard = self.inner.runtime.enter();
        let link = match Link::start(opened.workshop.clone(), &url, options) {
            Ok(link) => link,
            Err(err) => {
                tracing::warn!(code = err.code(), "cannot link");
                let mut sync = lock(&opened.sync);
                sync.status = Some(LinkStatus { state: LinkState::Offline, unacknowledged: 0, last_error: Some(err.code().into()) });
                return;
            }
        };
        let mut rx = link.watch();
        let generation = {
            let mut sync = lock(&opened.sync);
            sync.generation += 1;
            sync.relay = Some(url);
            sync.status = Some(link.status());
            sync.link = Some(link);
            sync.generation
        };
        let session = self.clone();
        let watched = Arc::clone(opened);
        self.inner.runtime.spawn(async move {
            loop {
                if rx.changed().await.is_err() {
                    return;
                }
                let status = rx.borrow().clone();
                {
                    let mut sync = lock(&watched.sync);
                    if sync.generation != generation || sync.link.is_none() {
                        return;
                    }
                    if status.state == LinkState::Synced && status.unacknowledged == 0 {
                        watched.offline_changes.store(0, Ordering::Relaxed);
                        let now = watched.caucus.host().timestamp();
                        // Queued, not waited for: a lost "last synced" time costs nothing.
                        drop(watched.caucus.store().put_setting(&synced_key(watched.workshop.id()), &now));
                        sync.last_synced = Some(now);
                    }
                    sync.status = Some(status);
                }
                session.notify(&watched);
            }
        });
    }

    pub(crate) fn stop_link(&self, opened: &Opened) {
        let link = {
            let mut sync = lock(&opened.sync);
            sync.generation += 1;
            sync.status = None;
            sync.link.take()
        };
        if let Some(link) = link {
            self.inner.runtime.block_on(link.stop());
        }
    }

    pub(crate) fn notify(&self, opened: &Opened) {
        let is_current = self.current_slot().as_ref().is_some_and(|o| o.workshop.id() == opened.workshop.id());
        if !is_current {
            return;
        }
        let status = status_of(opened);
        let listeners: Vec<StatusListener> = self.inner.listeners.lock().unwrap_or_else(|p| p.into_inner()).clone();
        for listener in listeners {
            listener(&status);
        }
    }

}

/// Numbers every status computed (see [`SyncStatusDto::seq`]).
static STATUS_SEQ: AtomicU64 = AtomicU64::new(0);

pub(crate) fn status_of(opened: &Opened) -> SyncStatusDto {
    let sync = lock(&opened.sync);
    let offline_changes = opened.offline_changes.load(Ordering::Relaxed);
    let (state, unacknowledged, last_error) = match (&sync.relay, &sync.status) {
        // With no relay there is no one to sync with yet: nothing is "unsynced".
        (None, _) => ("local", 0, None),
        (Some(_), None) => ("offline", offline_changes, None),
        (Some(_), Some(s)) => {
            let state = match s.state {
                LinkState::Offline => "offline",
                LinkState::Connecting => "connecting",
                LinkState::Synced => "synced",
            };
            let pending = if s.state == LinkState::Synced { s.unacknowledged } else { s.unacknowledged.max(offline_changes) };
            (state, pending, s.last_error.clone())
        }
    };
    let peers = sync
        .relay
        .iter()
        .map(|r| PeerDto {
            address: r.clone(),
            kind: "relay",
            connected: state == "synced",
            last_synced: sync.last_synced.clone(),
        })
        .collect();
    SyncStatusDto {
        seq: STATUS_SEQ.fetch_add(1, Ordering::SeqCst) + 1,
        state,
        relay: sync.relay.clone(),
        unacknowledged,
        last_error,
        offline_chosen: sync.offline_chosen,
        peers,
    }
}
