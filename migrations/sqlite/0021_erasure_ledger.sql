-- The erasure ledger (issue 21): which candidate was erased, when and why;
-- ids only, nothing that identifies anyone. Restoring a backup made before
-- an erasure erases the candidate again from what it restores (`panel
-- backup restore` reads the ledger of the database it replaces), so an
-- erasure is never undone by a restore.
-- Released migrations are never edited: add a new file.
CREATE TABLE erasure_ledger (
    candidate_id    BIGINT PRIMARY KEY,
    organisation_id BIGINT NOT NULL,
    erased_at       BIGINT NOT NULL,
    reason          TEXT NOT NULL
);
