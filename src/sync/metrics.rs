//! The relay's metrics (issue #13 §1): counters and gauges the relay updates as it serves, exposed in the Prometheus text format by [`super::admin`].
//!
//! Invariant: a gauge that counts live things (rooms, connections) is raised and lowered by a
//! guard that lives exactly as long as the thing ([`Held`]), so no exit path leaves it wrong.
//! Nothing here holds a lock across an `.await`; updating a metric is a few atomic operations.

use prometheus_client::encoding::prometheus_text;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::{Registry, Unit};

use crate::workshop::Caucus;

/// One label: its name and value (both fixed strings: no allocation per update).
type Label = [(&'static str, &'static str); 1];

/// Role label of a connection admitted without a token (`caucus serve --open`).
pub const OPEN_ROLE: &str = "open";

/// Everything `/metrics` shows. Cheap to clone (every metric is shared).
#[derive(Clone)]
pub struct RelayMetrics {
    registry: std::sync::Arc<Registry>,
    rooms: Gauge,
    connections: Family<Label, Gauge>,
    /// The series of the frames and bytes families, resolved once: a frame costs two atomic adds.
    frames_in: Counter,
    frames_out: Counter,
    bytes_in: Counter,
    bytes_out: Counter,
    refusals: Family<Label, Counter>,
    store_bytes: Gauge,
}

impl RelayMetrics {
    /// The relay's metrics, with the commit latency histogram of `caucus`'s store.
    pub fn new(caucus: &Caucus) -> RelayMetrics {
        let mut registry = Registry::with_prefix("caucus_relay");
        let rooms = Gauge::default();
        registry.register("rooms_open", "Rooms (workshop documents) loaded in memory", rooms.clone());
        let connections = Family::<Label, Gauge>::default();
        registry.register(
            "connections",
            "Authenticated WebSocket connections, by the role of their token (open: admitted without one, --open)",
            connections.clone(),
        );
        let frames = Family::<Label, Counter>::default();
        registry.register("frames", "WebSocket data messages of authenticated connections, by direction", frames.clone());
        let bytes = Family::<Label, Counter>::default();
        registry.register_with_unit("payload", "Payload bytes of those messages, by direction", Unit::Bytes, bytes.clone());
        let refusals = Family::<Label, Counter>::default();
        registry.register("refusals", "Connections refused or closed for a fault of theirs, by the stable error code", refusals.clone());
        registry.register_with_unit(
            "store_commit_latency",
            "Time from a write's queueing to the group commit holding it",
            Unit::Seconds,
            caucus.store().commit_latency(),
        );
        let store_bytes = Gauge::default();
        registry.register_with_unit("store_size", "Size of the database and its WAL on disk", Unit::Bytes, store_bytes.clone());
        let series = |family: &Family<Label, Counter>, direction| family.get_or_create_owned(&[("direction", direction)]);
        RelayMetrics {
            registry: std::sync::Arc::new(registry),
            rooms,
            connections,
            frames_in: series(&frames, "in"),
            frames_out: series(&frames, "out"),
            bytes_in: series(&bytes, "in"),
            bytes_out: series(&bytes, "out"),
            refusals,
            store_bytes,
        }
    }

    /// A loaded room, counted until the guard drops.
    pub(crate) fn room(&self) -> Held {
        Held::new(self.rooms.clone())
    }

    /// An authenticated connection of `role` (a roster role, or [`OPEN_ROLE`]), counted until the guard drops.
    pub(crate) fn connection(&self, role: &'static str) -> Held {
        Held::new(self.connections.get_or_create_owned(&[("role", role)]))
    }

    pub(crate) fn frame_in(&self, len: usize) {
        self.frames_in.inc();
        self.bytes_in.inc_by(len as u64);
    }

    pub(crate) fn frame_out(&self, len: usize) {
        self.frames_out.inc();
        self.bytes_out.inc_by(len as u64);
    }

    /// A refusal, by its stable error code (`sync.forbidden`, `relay.too_many_connections`, …).
    pub(crate) fn refused(&self, code: &'static str) {
        self.refusals.get_or_create(&[("code", code)]).inc();
    }

    /// The Prometheus text exposition (format 0.0.4), with the store's size read now.
    pub fn encode(&self, store_size: u64) -> String {
        self.store_bytes.set(i64::try_from(store_size).unwrap_or(i64::MAX));
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_text::encode(&mut text, &self.registry);
        text
    }
}

/// The `Content-Type` of [`RelayMetrics::encode`].
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// A gauge raised while this lives.
pub(crate) struct Held(Gauge);

impl Held {
    fn new(gauge: Gauge) -> Held {
        gauge.inc();
        Held(gauge)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.0.dec();
    }
}
