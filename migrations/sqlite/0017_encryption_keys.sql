-- Encryption at rest (issue 21, item 1; docs/compliance.md).
-- Released migrations are never edited: add a new file.

-- One row: a constant sealed by the master key, so a start with another
-- key fails clearly instead of reading garbage. key_id names the master
-- key (not secret).
CREATE TABLE key_check (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    key_id          TEXT NOT NULL,
    check_value     TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);

-- Each organisation's data key, wrapped by the master key.
CREATE TABLE organisation_keys (
    organisation_id INTEGER PRIMARY KEY REFERENCES organisations (id),
    key_id          TEXT NOT NULL,
    wrapped         TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);

-- Each candidate's data key, wrapped by their organisation's key. Erasure
-- deletes it: whatever of the candidate's was missed no longer opens.
CREATE TABLE candidate_keys (
    candidate_id    INTEGER PRIMARY KEY REFERENCES candidates (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    wrapped         TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);

-- The candidates' name, email, phone, resume_text and resume become sealed
-- values (`enc1:…`), written by the host on the first start after this
-- migration; matching by email uses a keyed hash of the address instead.
ALTER TABLE candidates ADD COLUMN email_hash TEXT;
DROP INDEX IF EXISTS candidates_email;
CREATE INDEX candidates_email_hash ON candidates (organisation_id, email_hash);
