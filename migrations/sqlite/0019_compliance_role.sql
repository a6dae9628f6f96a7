-- A compliance role (issue 21): reads the audit trail and the adverse-impact
-- report and handles access and erasure requests and legal holds, but no
-- candidate's answers or reports. SQLite.
--
-- SQLite cannot change a CHECK constraint, so the users table is rebuilt.
-- sqlx runs a migration inside a transaction, where foreign keys cannot be
-- switched off; they are deferred instead: dropping the table counts the
-- staff sessions, assignments and scorecards that point at it (no ON DELETE
-- action, so nothing cascades), and putting every row back under its id
-- brings the count to zero before the commit checks it.
-- Released migrations are never edited: add a new file.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE users_copy AS SELECT id, organisation_id, email, name, password_hash, role, unit_id, created_at FROM users;
DROP TABLE users;
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    email           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'hr', 'department-head', 'interviewer', 'compliance')),
    -- The part of the org tree the user works in; NULL means the whole organisation.
    unit_id         INTEGER REFERENCES org_units (id),
    created_at      INTEGER NOT NULL
);
INSERT INTO users (id, organisation_id, email, name, password_hash, role, unit_id, created_at)
    SELECT id, organisation_id, email, name, password_hash, role, unit_id, created_at FROM users_copy;
DROP TABLE users_copy;
