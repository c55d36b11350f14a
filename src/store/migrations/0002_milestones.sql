-- Named milestones of a workshop's draft: the yrs snapshot and the encoded state at that time.
CREATE TABLE milestones (
    workshop_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    created     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    snapshot    BLOB NOT NULL,
    state       BLOB NOT NULL,
    checksum    INTEGER NOT NULL,
    PRIMARY KEY (workshop_id, name)
);
