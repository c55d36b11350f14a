-- Workshops known on this device (a listing cache; the documents are the truth).
CREATE TABLE workshops (
    id      TEXT PRIMARY KEY,
    title   TEXT NOT NULL,
    created TEXT NOT NULL
);

-- This device's identity in a workshop: the chair holds the workshop's signing key.
CREATE TABLE identities (
    workshop_id TEXT PRIMARY KEY REFERENCES workshops(id),
    member_id   TEXT NOT NULL,
    public_key  BLOB NOT NULL,
    secret_key  BLOB
);

-- Every Yjs update, local or remote, appended; `snapshot` rows replace older ones on compaction.
CREATE TABLE updates (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    workshop_id TEXT NOT NULL,
    doc         TEXT NOT NULL,
    snapshot    INTEGER NOT NULL DEFAULT 0,
    data        BLOB NOT NULL,
    checksum    INTEGER NOT NULL
);
CREATE INDEX updates_by_room ON updates (workshop_id, doc, snapshot DESC, seq);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
