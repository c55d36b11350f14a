-- Rooms get an integer id, so each update row and its index entry stop repeating the workshop
-- id and document name (about 30 bytes a row; it decided the file's size against the state).
CREATE TABLE rooms (
    id          INTEGER PRIMARY KEY,
    workshop_id TEXT NOT NULL,
    doc         TEXT NOT NULL,
    UNIQUE (workshop_id, doc)
);
INSERT INTO rooms (workshop_id, doc) SELECT DISTINCT workshop_id, doc FROM updates ORDER BY workshop_id, doc;

CREATE TABLE updates_by_id (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    room     INTEGER NOT NULL,
    snapshot INTEGER NOT NULL DEFAULT 0,
    data     BLOB NOT NULL,
    checksum INTEGER NOT NULL
);
INSERT INTO updates_by_id (seq, room, snapshot, data, checksum)
    SELECT u.seq, r.id, u.snapshot, u.data, u.checksum
    FROM updates u JOIN rooms r ON r.workshop_id = u.workshop_id AND r.doc = u.doc
    ORDER BY u.seq;
DROP TABLE updates;
ALTER TABLE updates_by_id RENAME TO updates;
CREATE INDEX updates_by_room ON updates (room, snapshot DESC, seq);
