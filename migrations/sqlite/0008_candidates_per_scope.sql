-- A candidate's external reference no longer has to be unique in the
-- organisation: HR of one department who imports someone another department
-- already has gets a record of their own (matching stays within what the
-- importer may see, so it neither reveals nor hands over the other
-- department's candidate). SQLite cannot drop a table constraint, so the
-- table is rebuilt. The migration runs in a transaction, where foreign keys
-- cannot be switched off; they are deferred instead: dropping the old table
-- leaves every application without its candidate until the rows are put
-- back under the same ids in the new one, and the commit checks they were.
-- Released migrations are never edited: add a new file.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE candidates_copy AS SELECT * FROM candidates;
CREATE TABLE candidates_rebuilt (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    name            TEXT NOT NULL,
    email           TEXT NOT NULL,
    phone           TEXT NOT NULL DEFAULT '',
    resume_text     TEXT NOT NULL DEFAULT '',
    -- Parsed resume (JSON): education, experience, skills.
    resume          TEXT NOT NULL DEFAULT '{}',
    -- Where the candidate came from (import idempotency, within what the
    -- importer may see).
    external_ref    TEXT,
    created_at      INTEGER NOT NULL
);
DROP TABLE candidates;
ALTER TABLE candidates_rebuilt RENAME TO candidates;
INSERT INTO candidates (id, organisation_id, name, email, phone, resume_text, resume, external_ref, created_at)
    SELECT id, organisation_id, name, email, phone, resume_text, resume, external_ref, created_at FROM candidates_copy;
DROP TABLE candidates_copy;
CREATE INDEX candidates_email ON candidates (organisation_id, email);
CREATE INDEX candidates_external_ref ON candidates (organisation_id, external_ref);
