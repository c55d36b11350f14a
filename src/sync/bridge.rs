//! The webview as one more peer of the local core (DESIGN §1): a sync session per document over the app's IPC pipe, committed updates pushed back to it, its awareness exchanged through [`Presence`].
//!
//! The pipe carries y-protocols frames as raw bytes, never the document as JSON. Frames from the
//! webview are handled in order by [`Bridge::receive`], which returns once every update in them
//! is committed (that is when the webview may call an edit saved). Everything committed to the
//! document by anyone else — the link's peers, this device's own commands — is pushed to the
//! webview's sink as an update frame after its commit. A write the device's role may not make is
//! refused whole, exactly as a relay refuses it; so is any write to a draft declaring a newer
//! schema than this build knows (`draft.newer_schema`).
//!
//! Batches: both directions pack frames as `u32 little-endian length ‖ frame`, repeated
//! ([`pack`], [`unpack`]), so one IPC call can carry a burst of keystrokes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::model::schema::SCHEMA_VERSION;
use crate::model::DocName;
use crate::workshop::{Origin, Subscription, Workshop};

use crate::policy::claims::Claimant;
use super::presence::Presence;
use super::protocol;
use super::room::new_origin_base;
use super::session::Session;
use crate::policy::access::{Access, Permissions};
use super::SyncError;

/// Where frames for the webview go (e.g. a Tauri channel). Called from the thread that committed
/// an update: it must hand the bytes on and return.
pub type Sink = Arc<dyn Fn(Vec<u8>) + Send + Sync>;

/// Most frames one batch may hold.
pub const MAX_BATCH_FRAMES: usize = 4096;

/// The webview's deletions are recorded (who deleted what, issue #11 §2) together, at most this
/// often while it types, and whenever its pipes close or the bridge is dropped: one `notes`
/// record per stretch of editing rather than per keystroke, since every endpoint's notes check
/// grows with the records. A crash loses at most this much attribution, never a deletion.
pub const RECORD_DELETIONS_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// Deletions the webview made that are not recorded yet.
#[derive(Default)]
struct Unrecorded {
    ranges: Vec<(u64, u32, u32)>,
    since: Option<std::time::Instant>,
}

/// The webview's sessions with the open workshop.
pub struct Bridge {
    workshop: Workshop,
    permissions: Permissions,
    /// Whom the webview speaks for: this device's member ([`Bridge::speaking_for`]).
    claimant: Claimant,
    presence: Arc<Presence>,
    pipes: Mutex<HashMap<DocName, Pipe>>,
    origins: Origins,
    unrecorded: Mutex<Unrecorded>,
}

/// The origins under which the webview's pipes commit (every one ever opened by a bridge).
#[derive(Clone, Default)]
pub struct Origins(Arc<std::sync::RwLock<std::collections::HashSet<Origin>>>);

impl Origins {
    /// Whether an update committed under `origin` came from the webview.
    pub fn contains(&self, origin: Origin) -> bool {
        self.0.read().unwrap_or_else(|p| p.into_inner()).contains(&origin)
    }

    fn add(&self, origin: Origin) {
        self.0.write().unwrap_or_else(|p| p.into_inner()).insert(origin);
    }
}

#[derive(Clone)]
struct Pipe {
    session: Arc<Mutex<Session>>,
    sink: Sink,
    _subscription: Arc<Subscription>,
}

impl Bridge {
    /// A bridge for `workshop` with this device's `permissions` (from its role).
    pub fn new(workshop: Workshop, permissions: Permissions, presence: Arc<Presence>) -> Bridge {
        Bridge {
            workshop,
            permissions,
            claimant: Claimant::Anyone,
            presence,
            pipes: Mutex::new(HashMap::new()),
            origins: Origins::default(),
            unrecorded: Mutex::new(Unrecorded::default()),
        }
    }

    /// The webview writes as `claimant` (this device's member and role): its updates meet the
    /// content rules as that member's, exactly as a relay checks that member's connection.
    pub fn speaking_for(mut self, claimant: Claimant) -> Bridge {
        self.claimant = claimant;
        self
    }

    /// The webview's origins, e.g. to tell its edits from peers' in [`Workshop::subscribe`].
    pub fn origins(&self) -> Origins {
        self.origins.clone()
    }

    pub fn workshop(&self) -> &Workshop {
        &self.workshop
    }

    pub fn permissions(&self) -> Permissions {
        self.permissions
    }

    pub fn presence(&self) -> &Arc<Presence> {
        &self.presence
    }

    fn pipes(&self) -> std::sync::MutexGuard<'_, HashMap<DocName, Pipe>> {
        self.pipes.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Opens (or reopens) the pipe of `doc` for the webview's Yjs client `client_id`: sends our
    /// sync step 1 (and, for the draft, the peers' awareness) to `sink`, and from now on every
    /// update committed by anyone but this pipe. For a draft the device may write, `client_id`
    /// is recorded as this device's member (attribution, DESIGN §4).
    pub fn open(&self, doc: DocName, client_id: u64, sink: Sink) -> Result<(), SyncError> {
        if self.permissions.access(doc) == Access::None {
            return Err(SyncError::Forbidden { doc, what: "read" });
        }
        if doc == DocName::Draft && self.permissions.draft == Access::Write {
            self.workshop.claim_client(client_id).map_err(|e| SyncError::from_apply(doc, e))?;
        }
        let origin = new_origin_base();
        self.origins.add(origin);
        let mut session = Session::new(self.workshop.clone(), doc, self.permissions, origin).claiming(self.claimant.clone());
        let first = session.start();
        let forward = Arc::clone(&sink);
        let subscription = self.workshop.subscribe(doc, move |o, update| {
            if o != origin {
                tracing::trace!(doc = %doc, bytes = update.len(), "update pushed to the webview");
                forward(protocol::encode_update(update.to_vec()));
            }
        });
        // In place before the step 1 leaves: the webview's answer may arrive at once.
        let pipe = Pipe { session: Arc::new(Mutex::new(session)), sink: Arc::clone(&sink), _subscription: Arc::new(subscription) };
        self.pipes().insert(doc, pipe);
        sink(first);
        if doc == DocName::Draft {
            self.presence.set_ui(Some(Arc::clone(&sink)));
            sink(self.presence.remote_frame());
        }
        tracing::debug!(workshop = %self.workshop.id(), doc = %doc, "webview pipe open");
        Ok(())
    }

    /// Handles a batch of frames from the webview for `doc`, in order; returns once every update
    /// in it is committed. On error nothing of the refused frame was stored, and the webview must
    /// reopen the pipe (its document may hold what the core refused).
    pub fn receive(&self, doc: DocName, batch: &[u8]) -> Result<(), SyncError> {
        let frames = unpack(batch)?;
        let pipe = self.pipes().get(&doc).cloned().ok_or(SyncError::Malformed("the document's pipe is not open".into()))?;
        let mut session = pipe.session.lock().unwrap_or_else(|p| p.into_inner());
        // The webview is this build: it never rewrites a draft declaring a newer schema (issue
        // #16). Its sync step 2 holding nothing new passes.
        let newer = (doc == DocName::Draft).then(|| self.workshop.schema_version()).filter(|v| *v > SCHEMA_VERSION);
        for frame in frames {
            if let Some(found) = newer {
                for m in protocol::decode_frame(frame)? {
                    if let protocol::Message::SyncStep2(u) | protocol::Message::Update(u) = &m {
                        if self.workshop.is_news(doc, u).map_err(|e| SyncError::from_apply(doc, e))? {
                            let source = crate::policy::RightsError::NewerSchema { found, known: SCHEMA_VERSION };
                            return Err(SyncError::Rights { doc, source });
                        }
                    }
                }
            }
            // Who deleted draft text Yjs does not record: each update the webview writes (not
            // its sync step 2, which holds the document's whole delete set) is this member's.
            let deleted = match (doc, &self.claimant) {
                (DocName::Draft, Claimant::Member { .. }) => deleted_by_updates(frame),
                _ => Vec::new(),
            };
            let out = session.receive(frame)?;
            if !deleted.is_empty() {
                let due = {
                    let mut unrecorded = self.unrecorded.lock().unwrap_or_else(|p| p.into_inner());
                    unrecorded.ranges.extend(deleted);
                    let since = *unrecorded.since.get_or_insert_with(std::time::Instant::now);
                    since.elapsed() >= RECORD_DELETIONS_EVERY || unrecorded.ranges.len() >= MAX_BATCH_FRAMES
                };
                if due {
                    self.record_deletions()?;
                }
            }
            for reply in out.reply {
                (pipe.sink)(reply);
            }
            if doc == DocName::Draft {
                if !out.awareness.is_empty() {
                    self.presence.from_ui(out.awareness);
                }
                if out.query_awareness {
                    (pipe.sink)(self.presence.remote_frame());
                }
            }
        }
        Ok(())
    }

    /// Records the webview's deletions not recorded yet, as this device's member.
    pub fn record_deletions(&self) -> Result<(), SyncError> {
        let ranges = std::mem::take(&mut *self.unrecorded.lock().unwrap_or_else(|p| p.into_inner())).ranges;
        match &self.claimant {
            Claimant::Member { id, .. } if !ranges.is_empty() => self.workshop.record_deletions(id, &ranges).map_err(SyncError::from),
            _ => Ok(()),
        }
    }

    /// Closes every pipe (the webview reloads, or the window switches workshop), recording its
    /// deletions first.
    pub fn close(&self) {
        if let Err(e) = self.record_deletions() {
            tracing::warn!(code = %crate::coded::Coded::code(&e), "the webview's deletions could not be recorded");
        }
        self.pipes().clear();
        self.presence.set_ui(None);
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        if let Err(e) = self.record_deletions() {
            tracing::warn!(code = %crate::coded::Coded::code(&e), "the webview's deletions could not be recorded");
        }
    }
}

/// The draft items the updates of a frame delete (an unreadable frame: none; the session refuses it).
fn deleted_by_updates(frame: &[u8]) -> Vec<(u64, u32, u32)> {
    let Ok(messages) = protocol::decode_frame(frame) else { return Vec::new() };
    messages
        .iter()
        .filter_map(|m| match m {
            protocol::Message::Update(u) => crate::update::guard::walk_v1(u).ok(),
            _ => None,
        })
        .flat_map(|seen| seen.deleted)
        .collect()
}

/// Packs frames into one batch: `u32 LE length ‖ frame`, repeated.
pub fn pack<'a>(frames: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    for f in frames {
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(f);
    }
    out
}

/// Splits a batch into its frames; a truncated or oversized batch is refused whole.
pub fn unpack(batch: &[u8]) -> Result<Vec<&[u8]>, SyncError> {
    let mut frames = Vec::new();
    let mut rest = batch;
    while !rest.is_empty() {
        if frames.len() >= MAX_BATCH_FRAMES {
            return Err(SyncError::Malformed(format!("a batch holds more than {MAX_BATCH_FRAMES} frames")));
        }
        let Some((len, tail)) = rest.split_first_chunk::<4>() else {
            return Err(SyncError::Malformed("a batch ends inside a frame length".into()));
        };
        let len = u32::from_le_bytes(*len) as usize;
        if len > protocol::MAX_MESSAGE {
            return Err(SyncError::FrameTooLarge { len, max: protocol::MAX_MESSAGE });
        }
        if tail.len() < len {
            return Err(SyncError::Malformed("a batch ends inside a frame".into()));
        }
        let (frame, tail) = tail.split_at(len);
        frames.push(frame);
        rest = tail;
    }
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_round_trip_and_truncation_is_refused() {
        let frames: Vec<&[u8]> = vec![b"\x00\x00\x01\x00", b"", b"abc"];
        let batch = pack(frames.iter().copied());
        assert_eq!(unpack(&batch).expect("unpack"), frames);
        for cut in 1..batch.len() {
            let head = &batch[..cut];
            // Only cuts on a frame boundary are complete batches.
            if let Ok(f) = unpack(head) {
                assert!(f.len() < frames.len() || cut == batch.len());
            }
        }
        assert!(unpack(&batch[..batch.len() - 1]).is_err());
        assert!(unpack(&[1, 0]).is_err());
    }
}
